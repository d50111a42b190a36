/*
 * The string input visitor: one scalar given as text (a QOM property set
 * from the command line or HMP), parsed on demand as the visited type:
 *   int / int8..int64: decimal, 0x hex or 0 octal ("Parameter 'x' expects
 *     int64"); uint*: the same ("... expects uint64");
 *   size: with suffixes, 1G / 512K ("... expects size");
 *   bool: on/off/yes/no/true/false/y/n ("... expects 'on' or 'off'");
 *   number: finite decimal ("... expects number");
 *   str and enums: the text itself; null: the empty string.
 * A list of integers is written "1-3,5" (ranges inclusive, at most 65536
 * elements each); an empty string is an empty list. Structs, alternates,
 * 'any' and lists of other types cannot be given as a string.
 */
#ifndef QAPI_STRING_INPUT_VISITOR_H
#define QAPI_STRING_INPUT_VISITOR_H

#include "qapi/visitor.h"

typedef struct StringInputVisitor StringInputVisitor;

/* @str is copied. */
Visitor *string_input_visitor_new(const char *str);

#endif

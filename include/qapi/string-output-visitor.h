/*
 * The string output visitor: a scalar, or a list of integers, as text
 * (how QOM properties are shown by qom-get in HMP and `info qtree`).
 *
 * Plain (@human false): integers in decimal, sizes in bytes, booleans
 * true/false, numbers with %.17g, strings as they are, null as "".
 * Human: integers also in hex "42 (0x2a)", sizes also in units
 * "1048576 (1 MiB)", strings and enums in double quotes, null "<null>".
 * Integer lists are compacted into ranges: "1-3,5" (human: "1-3,5
 * (0x1-0x3,0x5)"); lists of other scalars are joined with ",".
 * Structs, alternates and 'any' cannot be written as a string.
 */
#ifndef QAPI_STRING_OUTPUT_VISITOR_H
#define QAPI_STRING_OUTPUT_VISITOR_H

#include "qapi/visitor.h"

typedef struct StringOutputVisitor StringOutputVisitor;

/* visit_complete(v, result) stores a new string in *@result (g_free it). */
Visitor *string_output_visitor_new(bool human, char **result);

#endif

/*
 * JSON text <-> QObject.
 *
 * Dialect accepted by the parser (RFC 8259 plus QEMU's extensions):
 * - strings in double or single quotes; the escape \' is accepted in both
 *   (a ' inside single quotes must be written \', a " inside double
 *   quotes \");
 * - strings must be valid UTF-8 (no overlong forms, surrogates or code
 *   points above U+10FFFF) without raw control characters; \uXXXX escapes
 *   may form surrogate pairs, a lone surrogate is an error, and \u0000 is
 *   rejected (strings are NUL-terminated);
 * - numbers: integers that fit int64_t become QNUM_I64, larger positive
 *   ones up to UINT64_MAX QNUM_U64, everything else a double; a number
 *   beyond the range of double (1e999) is an error;
 * - duplicate keys in an object are an error;
 * - nesting deeper than JSON_MAX_NESTING arrays/objects is an error.
 * Errors read "JSON parse error, <what>" (see docs/devel/qobject.md).
 */
#ifndef QOBJECT_QJSON_H
#define QOBJECT_QJSON_H

#include "qobject/qobject.h"
#include "qemu/error.h"

/* Maximum nesting depth of arrays and objects (as QEMU). */
#define JSON_MAX_NESTING 1024

/*
 * Parses @string, which must hold exactly one JSON value (surrounded by
 * optional whitespace). Returns a new reference, or NULL with an error
 * saying what is wrong and where.
 */
QObject *qobject_from_json(const char *string, Error **errp);

/*
 * As qobject_from_json(), for @len bytes that need not be NUL-terminated
 * (a NUL byte inside is an error).
 */
QObject *qobject_from_json_len(const char *buf, size_t len, Error **errp);

/*
 * Writes @obj as compact JSON in QEMU's wire format:
 *   {"a": 1, "b": [1, 2], "c": "x"}
 * Strings are escaped (\" \\ \b \f \n \r \t, \u00XX for other control
 * characters and DEL; characters above U+007F are written as \uXXXX, with
 * surrogate pairs above U+FFFF; invalid UTF-8 becomes \uFFFD).
 * Dict keys in insertion order. Never NULL.
 */
GString *qobject_to_json(const QObject *obj);

/*
 * As qobject_to_json() when !@pretty; with @pretty, QEMU's pretty layout:
 * one member/element per line, 4 spaces of indent per level, "key": value,
 * and (as QEMU) an empty container is written with a line break inside:
 * "{\n}" at the top level.
 *
 * Doubles are written with "%.17g" in the C locale (so they read back
 * exactly); infinities and NaN, which JSON cannot express, as null.
 */
GString *qobject_to_json_pretty(const QObject *obj, bool pretty);

#endif

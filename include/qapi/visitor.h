/*
 * The QAPI Visitor: one walk over a QAPI type, four directions.
 *
 * Generated code (visit_type_Foo) walks a C value of a QAPI type and calls
 * visit_* for each member; the visitor decides what that walk means:
 *
 * - INPUT visitors (qobject-input, string-input) build a new C value from
 *   their source: on success *obj is a freshly allocated value owned by the
 *   caller. On failure the error says which member is wrong, pointer-typed
 *   *obj are NULL (everything built so far has been freed) and scalar *obj
 *   are unchanged.
 * - OUTPUT visitors (qobject-output, string-output) read the C value and
 *   produce something else; visit_complete() hands the result out. They
 *   only fail on programming errors (e.g. a struct to a string visitor).
 * - The CLONE visitor deep-copies a value in place (see clone-visitor.h).
 * - The DEALLOC visitor frees a value, including a partly built one (see
 *   dealloc-visitor.h); it never fails.
 *
 * Walking a struct:
 *     if (!visit_start_struct(v, name, (void **)obj, sizeof(**obj), errp)) {
 *         return false;
 *     }
 *     ok = members... && visit_check_struct(v, errp);
 *     visit_end_struct(v, (void **)obj);   (always, with the same obj)
 *     if (!ok && visit_is_input(v)) { free *obj; *obj = NULL; }
 *
 * Walking a list (GenericList layout: next pointer first):
 *     if (!visit_start_list(v, name, (GenericList **)obj, size, errp)) ...
 *     for (tail = *obj; tail; tail = visit_next_list(v, tail, size)) {
 *         visit the element tail->value (name NULL)
 *     }
 *     ok = visit_check_list(v, errp);
 *     visit_end_list(v, (void **)obj);
 *
 * Walking an alternate: visit_start_alternate() sets (*obj)->type for an
 * input visitor (the QType of the input); the caller visits the branch of
 * that type with the same name, then visit_end_alternate().
 *
 * @name is the member name inside a struct and NULL for list elements and
 * at the top level. Errors are "Parameter '<name>' ..." as in QEMU; input
 * visitors that know the path of the value (qobject-input) report nested
 * members as "a.b[2].c" (JSON) or "a.b.2.c" (keyval).
 *
 * Every call that takes errp returns false exactly when it set an error.
 */
#ifndef QAPI_VISITOR_H
#define QAPI_VISITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qemu/error.h"
#include "qobject/qobject.h"
#include "qapi/util.h"

typedef struct Visitor Visitor;

/* Visitor kinds; the values are bits as in QEMU. */
typedef enum VisitorType {
    VISITOR_INPUT = 1,
    VISITOR_OUTPUT = 2,
    VISITOR_CLONE = 4,
    VISITOR_DEALLOC = 8,
} VisitorType;

/* The common head of every generated FooList. */
typedef struct GenericList {
    struct GenericList *next;
    char padding[];
} GenericList;

/* The common head of every generated alternate. */
typedef struct GenericAlternate {
    QType type;
    char padding[];
} GenericAlternate;

/* Hand out the result of an output visitor (see its constructor). */
void visit_complete(Visitor *v, void *opaque);

/* Free the visitor (not the value visited). NULL is fine. */
void visit_free(Visitor *v);

/*
 * Start a struct. Input visitors allocate *obj (g_malloc0(@size)) when
 * @obj is non-NULL; a NULL @obj walks the input without building anything.
 * Output, clone and dealloc visitors read *obj (dealloc accepts NULL).
 * On failure nothing was pushed: do not call visit_end_struct().
 */
bool visit_start_struct(Visitor *v, const char *name, void **obj,
                        size_t size, Error **errp);

/* Input visitors: fail if the input has members nobody visited. */
bool visit_check_struct(Visitor *v, Error **errp);

/* End the struct started with the same @obj; never fails. */
void visit_end_struct(Visitor *v, void **obj);

/*
 * Start a list. Input visitors set *list to a new zeroed first element of
 * @size bytes, or NULL for an empty list. The caller then visits each
 * element and moves on with visit_next_list().
 */
bool visit_start_list(Visitor *v, const char *name, GenericList **list,
                      size_t size, Error **errp);

/*
 * The element after @tail, or NULL at the end. Input visitors allocate it
 * and link it as tail->next; the dealloc visitor frees @tail.
 */
GenericList *visit_next_list(Visitor *v, GenericList *tail, size_t size);

/* Input visitors: fail if the input has elements nobody visited. */
bool visit_check_list(Visitor *v, Error **errp);

/* End the list started with the same @list; never fails. */
void visit_end_list(Visitor *v, void **list);

/*
 * Start an alternate. Input visitors allocate *obj and set (*obj)->type
 * from the input (keyval input: scalars are QTYPE_QSTRING); the caller
 * then visits the matching branch under the same @name.
 */
bool visit_start_alternate(Visitor *v, const char *name,
                           GenericAlternate **obj, size_t size,
                           Error **errp);

/* End the alternate started with the same @obj; never fails. */
void visit_end_alternate(Visitor *v, void **obj);

/*
 * Is the optional member @name present? Input visitors set *present from
 * the input; other visitors keep it. Returns *present.
 */
bool visit_optional(Visitor *v, const char *name, bool *present);

/*
 * Policy checks for members with special features (QEMU 7.2 API): true
 * from visit_policy_reject() means the member is refused (error set);
 * true from visit_policy_skip() means the member is not visited. No
 * policy is configured here: nothing is rejected or skipped.
 */
bool visit_policy_reject(Visitor *v, const char *name,
                         unsigned special_features, Error **errp);
bool visit_policy_skip(Visitor *v, const char *name,
                       unsigned special_features);

/*
 * The older (QEMU 6.0) spelling of the same checks: true means accept /
 * visit the deprecated member.
 */
bool visit_deprecated_accept(Visitor *v, const char *name, Error **errp);
bool visit_deprecated(Visitor *v, const char *name);

bool visit_is_input(Visitor *v);
bool visit_is_dealloc(Visitor *v);

/* Integers. Narrow types fail on input out of range: "Parameter 'x'
 * expects uint8_t" (QEMU's text). */
bool visit_type_int(Visitor *v, const char *name, int64_t *obj, Error **errp);
bool visit_type_int8(Visitor *v, const char *name, int8_t *obj, Error **errp);
bool visit_type_int16(Visitor *v, const char *name, int16_t *obj,
                      Error **errp);
bool visit_type_int32(Visitor *v, const char *name, int32_t *obj,
                      Error **errp);
bool visit_type_int64(Visitor *v, const char *name, int64_t *obj,
                      Error **errp);
bool visit_type_uint8(Visitor *v, const char *name, uint8_t *obj,
                      Error **errp);
bool visit_type_uint16(Visitor *v, const char *name, uint16_t *obj,
                       Error **errp);
bool visit_type_uint32(Visitor *v, const char *name, uint32_t *obj,
                       Error **errp);
bool visit_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                       Error **errp);
/* A byte count: like uint64, but text input accepts suffixes (1G). */
bool visit_type_size(Visitor *v, const char *name, uint64_t *obj,
                     Error **errp);

bool visit_type_bool(Visitor *v, const char *name, bool *obj, Error **errp);

/*
 * A string. Input: *obj becomes a new string (g_free it). Output: a NULL
 * *obj is written as "". Dealloc: g_free(*obj).
 */
bool visit_type_str(Visitor *v, const char *name, char **obj, Error **errp);

bool visit_type_number(Visitor *v, const char *name, double *obj,
                       Error **errp);

/*
 * Any QObject. Input: *obj is a new reference to the input value.
 * Output: takes its own reference. Dealloc: drops the reference.
 */
bool visit_type_any(Visitor *v, const char *name, QObject **obj,
                    Error **errp);

/* The JSON null. Input: *obj = qnull(). */
bool visit_type_null(Visitor *v, const char *name, QNull **obj,
                     Error **errp);

/*
 * An enum, carried as its name: input fails on an unknown name with
 * "Parameter 'x' does not accept value 'y'" (QEMU's text).
 */
bool visit_type_enum(Visitor *v, const char *name, int *obj,
                     const QEnumLookup *lookup, Error **errp);

#endif

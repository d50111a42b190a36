/*
 * QAPI helpers shared by generated and hand-written code: enum lookup
 * tables, boolean words and list-building macros.
 */
#ifndef QAPI_UTIL_H
#define QAPI_UTIL_H

#include <stdbool.h>
#include "qemu/error.h"

/* Bits of QEnumLookup.special_features and of policy checks. */
typedef enum {
    QAPI_DEPRECATED,
    QAPI_UNSTABLE,
} QapiSpecialFeature;

/*
 * The string names of a QAPI enum: @array[i] is the name of value i, for
 * 0 <= i < @size. @special_features (may be NULL) holds for each value a
 * bit set of QapiSpecialFeature.
 */
typedef struct QEnumLookup {
    const char *const *array;
    const unsigned char *special_features;
    int size;
} QEnumLookup;

/*
 * The name of enum value @val. An out-of-range @val is a programming
 * error; it gives "<invalid>" rather than crashing.
 */
const char *qapi_enum_lookup(const QEnumLookup *lookup, int val);

/*
 * The value named @buf. A NULL @buf gives @def without an error; an
 * unknown name gives @def and the error "invalid parameter value: <buf>"
 * (QEMU's text). Callers test the result against @def (pass -1 when every
 * value is acceptable).
 */
int qapi_enum_parse(const QEnumLookup *lookup, const char *buf,
                    int def, Error **errp);

/*
 * on/yes/true/y and off/no/false/n; anything else fails with
 * "Parameter '<name>' expects 'on' or 'off'". (Implemented in
 * util/cutils.c, declared in qemu/cutils.h too.)
 */
bool qapi_bool_parse(const char *name, const char *value, bool *obj,
                     Error **errp);

/*
 * For any generated FooList (a struct with "next" and "value"):
 *
 * QAPI_LIST_PREPEND(list, element): put @element in front of @list (a
 * FooList * lvalue).
 *
 * QAPI_LIST_APPEND(tail, element): append through @tail, a FooList **
 * that starts as &head and follows the list's end:
 *     FooList *head = NULL, **tail = &head;
 *     QAPI_LIST_APPEND(tail, x);
 *     QAPI_LIST_APPEND(tail, y);
 */
#define QAPI_LIST_PREPEND(list, element) do {       \
    typeof(list) qlp_new_ = g_malloc0(sizeof(*qlp_new_)); \
    qlp_new_->value = (element);                    \
    qlp_new_->next = (list);                        \
    (list) = qlp_new_;                              \
} while (0)

#define QAPI_LIST_APPEND(tail, element) do {        \
    *(tail) = g_malloc0(sizeof(**(tail)));          \
    (*(tail))->value = (element);                   \
    (tail) = &(*(tail))->next;                      \
} while (0)

/* The number of elements of any generated FooList. */
#define QAPI_LIST_LENGTH(list) ({                   \
    size_t qll_len_ = 0;                            \
    typeof(list) qll_elem_;                         \
    for (qll_elem_ = (list); qll_elem_; qll_elem_ = qll_elem_->next) { \
        qll_len_++;                                 \
    }                                               \
    qll_len_;                                       \
})

#endif

/*
 * Deep copies of QAPI values:
 *     Foo *copy = QAPI_CLONE(Foo, orig);        (NULL for a NULL orig)
 *     QAPI_CLONE_MEMBERS(Foo, &dst, &src);      (members of an embedded
 *                                                struct, into @dst)
 * The copy shares nothing with the original except 'any' QObjects, which
 * are reference counted (a new reference is taken). Free it with
 * qapi_free_Foo() as usual.
 */
#ifndef QAPI_CLONE_VISITOR_H
#define QAPI_CLONE_VISITOR_H

#include "qapi/visitor.h"

typedef struct QapiCloneVisitor QapiCloneVisitor;

void *qapi_clone(const void *src,
                 bool (*visit_type)(Visitor *, const char *, void **,
                                    Error **));
void qapi_clone_members(void *dst, const void *src, size_t sz,
                        bool (*visit_type_members)(Visitor *, void *,
                                                   Error **));

#define QAPI_CLONE(type, src)                                           \
    ((type *)qapi_clone(src,                                            \
                        (bool (*)(Visitor *, const char *, void **,     \
                                  Error **))visit_type_ ## type))

#define QAPI_CLONE_MEMBERS(type, dst, src)                              \
    qapi_clone_members(dst, src, sizeof(type),                          \
                       (bool (*)(Visitor *, void *,                     \
                                 Error **))visit_type_ ## type ## _members)

#endif

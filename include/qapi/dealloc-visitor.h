/*
 * The dealloc visitor: frees a QAPI C value, including one an input
 * visitor left half built. Generated qapi_free_Foo() functions are
 *     Visitor *v = qapi_dealloc_visitor_new();
 *     visit_type_Foo(v, NULL, &obj, NULL);
 *     visit_free(v);
 * It never fails; NULL pointers anywhere in the value are fine.
 */
#ifndef QAPI_DEALLOC_VISITOR_H
#define QAPI_DEALLOC_VISITOR_H

#include "qapi/visitor.h"

typedef struct QapiDeallocVisitor QapiDeallocVisitor;

Visitor *qapi_dealloc_visitor_new(void);

#endif

/*
 * The QObject output visitor: QAPI C value -> QObject tree (what QMP
 * replies and events are made of).
 *
 *     QObject *obj;
 *     Visitor *v = qobject_output_visitor_new(&obj);
 *     if (visit_type_Foo(v, NULL, &foo, errp)) {
 *         visit_complete(v, &obj);      (obj: a new reference)
 *     }
 *     visit_free(v);
 *
 * Integers become QNum (uint64 and size as unsigned), strings QString (a
 * NULL char * as ""), structs QDict with members in visit order, lists
 * QList, 'any' values a new reference to the same QObject.
 */
#ifndef QAPI_QOBJECT_OUTPUT_VISITOR_H
#define QAPI_QOBJECT_OUTPUT_VISITOR_H

#include "qapi/visitor.h"

/*
 * @result must be the pointer later passed to visit_complete(), which
 * stores the tree there (the caller owns that reference). Without
 * visit_complete() the partial tree is freed with the visitor.
 */
Visitor *qobject_output_visitor_new(QObject **result);

#endif

/*
 * The QObject output visitor: QAPI C value -> QObject tree.
 *
 * Each value is added to the innermost open container (under its name in
 * a dict, appended in a list) or becomes the root. Containers are added
 * to their parent when opened and filled afterwards.
 */
#include "qemu/osdep.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/visitor-impl.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

typedef struct OutputFrame {
    QObject *container;         /* borrowed: owned by its parent or root */
    void *qapi;                 /* the C pointer passed to start_*, for end_* */
} OutputFrame;

typedef struct QObjectOutputVisitor {
    Visitor visitor;
    GArray *stack;              /* of OutputFrame, outermost first */
    QObject *root;              /* owned until visit_complete() */
    QObject **result;
} QObjectOutputVisitor;

static QObjectOutputVisitor *to_qov(Visitor *v)
{
    return container_of(v, QObjectOutputVisitor, visitor);
}

/* Add @value (taking over the reference) where the walk currently is. */
static void output_add(QObjectOutputVisitor *qov, const char *name,
                       QObject *value)
{
    OutputFrame *top;

    if (!qov->stack->len) {
        /* A second top-level value replaces the first. */
        qobject_unref(qov->root);
        qov->root = value;
        return;
    }
    top = &g_array_index(qov->stack, OutputFrame, qov->stack->len - 1);
    if (qobject_type(top->container) == QTYPE_QDICT) {
        qdict_put_obj(qobject_to(QDict, top->container),
                      name ? name : "", value);
    } else {
        qlist_append_obj(qobject_to(QList, top->container), value);
    }
}

static void output_push(QObjectOutputVisitor *qov, QObject *container,
                        void *qapi)
{
    OutputFrame frame = { .container = container, .qapi = qapi };

    g_array_append_val(qov->stack, frame);
}

static void output_pop(QObjectOutputVisitor *qov, void *qapi)
{
    OutputFrame *top;

    g_return_if_fail(qov->stack->len);
    top = &g_array_index(qov->stack, OutputFrame, qov->stack->len - 1);
    g_return_if_fail(top->qapi == qapi);
    g_array_set_size(qov->stack, qov->stack->len - 1);
}

static bool qobject_output_start_struct(Visitor *v, const char *name,
                                        void **obj, size_t size, Error **errp)
{
    QObjectOutputVisitor *qov = to_qov(v);
    QDict *dict = qdict_new();

    output_add(qov, name, QOBJECT(dict));
    output_push(qov, QOBJECT(dict), obj);
    return true;
}

static void qobject_output_end_struct(Visitor *v, void **obj)
{
    output_pop(to_qov(v), obj);
}

static bool qobject_output_start_list(Visitor *v, const char *name,
                                      GenericList **list, size_t size,
                                      Error **errp)
{
    QObjectOutputVisitor *qov = to_qov(v);
    QList *qlist = qlist_new();

    output_add(qov, name, QOBJECT(qlist));
    output_push(qov, QOBJECT(qlist), list);
    return true;
}

static GenericList *qobject_output_next_list(Visitor *v, GenericList *tail,
                                             size_t size)
{
    return tail->next;
}

static void qobject_output_end_list(Visitor *v, void **obj)
{
    output_pop(to_qov(v), obj);
}

static bool qobject_output_type_int64(Visitor *v, const char *name,
                                      int64_t *obj, Error **errp)
{
    output_add(to_qov(v), name, QOBJECT(qnum_from_int(*obj)));
    return true;
}

static bool qobject_output_type_uint64(Visitor *v, const char *name,
                                       uint64_t *obj, Error **errp)
{
    output_add(to_qov(v), name, QOBJECT(qnum_from_uint(*obj)));
    return true;
}

static bool qobject_output_type_bool(Visitor *v, const char *name, bool *obj,
                                     Error **errp)
{
    output_add(to_qov(v), name, QOBJECT(qbool_from_bool(*obj)));
    return true;
}

static bool qobject_output_type_str(Visitor *v, const char *name, char **obj,
                                    Error **errp)
{
    output_add(to_qov(v), name,
               QOBJECT(qstring_from_str(*obj ? *obj : "")));
    return true;
}

static bool qobject_output_type_number(Visitor *v, const char *name,
                                       double *obj, Error **errp)
{
    output_add(to_qov(v), name, QOBJECT(qnum_from_double(*obj)));
    return true;
}

static bool qobject_output_type_any(Visitor *v, const char *name,
                                    QObject **obj, Error **errp)
{
    if (!*obj) {
        error_setg(errp, "Parameter '%s' has no value to output",
                   name ? name : "<anonymous>");
        return false;
    }
    output_add(to_qov(v), name, qobject_ref(*obj));
    return true;
}

static bool qobject_output_type_null(Visitor *v, const char *name,
                                     QNull **obj, Error **errp)
{
    output_add(to_qov(v), name, QOBJECT(qnull()));
    return true;
}

static void qobject_output_complete(Visitor *v, void *opaque)
{
    QObjectOutputVisitor *qov = to_qov(v);

    g_return_if_fail(opaque == qov->result);
    *qov->result = g_steal_pointer(&qov->root);
}

static void qobject_output_free(Visitor *v)
{
    QObjectOutputVisitor *qov = to_qov(v);

    g_array_free(qov->stack, true);
    qobject_unref(qov->root);
    g_free(qov);
}

Visitor *qobject_output_visitor_new(QObject **result)
{
    QObjectOutputVisitor *qov = g_new0(QObjectOutputVisitor, 1);

    qov->visitor.type = VISITOR_OUTPUT;
    qov->visitor.start_struct = qobject_output_start_struct;
    qov->visitor.end_struct = qobject_output_end_struct;
    qov->visitor.start_list = qobject_output_start_list;
    qov->visitor.next_list = qobject_output_next_list;
    qov->visitor.end_list = qobject_output_end_list;
    qov->visitor.type_int64 = qobject_output_type_int64;
    qov->visitor.type_uint64 = qobject_output_type_uint64;
    qov->visitor.type_bool = qobject_output_type_bool;
    qov->visitor.type_str = qobject_output_type_str;
    qov->visitor.type_number = qobject_output_type_number;
    qov->visitor.type_any = qobject_output_type_any;
    qov->visitor.type_null = qobject_output_type_null;
    qov->visitor.complete = qobject_output_complete;
    qov->visitor.free = qobject_output_free;

    qov->stack = g_array_new(false, true, sizeof(OutputFrame));
    qov->result = result;
    *result = NULL;
    return &qov->visitor;
}

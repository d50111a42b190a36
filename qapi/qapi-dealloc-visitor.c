/*
 * The dealloc visitor: frees what the walk hands it. Containers are freed
 * on the way out (end_struct, next_list), so their members are still
 * reachable while they are visited.
 */
#include "qemu/osdep.h"
#include "qapi/dealloc-visitor.h"
#include "qapi/visitor-impl.h"
#include "qobject/qnull.h"

struct QapiDeallocVisitor {
    Visitor visitor;
};

static bool dealloc_start_struct(Visitor *v, const char *name, void **obj,
                                 size_t size, Error **errp)
{
    return true;
}

static void dealloc_end_struct(Visitor *v, void **obj)
{
    if (obj) {
        g_free(*obj);
    }
}

static void dealloc_end_alternate(Visitor *v, void **obj)
{
    if (obj) {
        g_free(*obj);
    }
}

static bool dealloc_start_list(Visitor *v, const char *name,
                               GenericList **list, size_t size, Error **errp)
{
    return true;
}

static GenericList *dealloc_next_list(Visitor *v, GenericList *tail,
                                      size_t size)
{
    GenericList *next = tail->next;

    g_free(tail);
    return next;
}

static void dealloc_end_list(Visitor *v, void **obj)
{
    /* Every element was freed by next_list. */
}

static bool dealloc_type_int64(Visitor *v, const char *name, int64_t *obj,
                               Error **errp)
{
    return true;
}

static bool dealloc_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                                Error **errp)
{
    return true;
}

static bool dealloc_type_bool(Visitor *v, const char *name, bool *obj,
                              Error **errp)
{
    return true;
}

static bool dealloc_type_str(Visitor *v, const char *name, char **obj,
                             Error **errp)
{
    /*
     * Wiped before it is freed: QAPI strings carry key material (the
     * data= of a secret in ObjectOptions), and which member does is not
     * this visitor's to know.
     */
    if (obj && *obj) {
        explicit_bzero(*obj, strlen(*obj));
        g_free(*obj);
    }
    return true;
}

static bool dealloc_type_number(Visitor *v, const char *name, double *obj,
                                Error **errp)
{
    return true;
}

static bool dealloc_type_any(Visitor *v, const char *name, QObject **obj,
                             Error **errp)
{
    if (obj) {
        qobject_unref(*obj);
    }
    return true;
}

static bool dealloc_type_null(Visitor *v, const char *name, QNull **obj,
                              Error **errp)
{
    if (obj) {
        qobject_unref(*obj);
    }
    return true;
}

static void dealloc_free(Visitor *v)
{
    g_free(container_of(v, QapiDeallocVisitor, visitor));
}

Visitor *qapi_dealloc_visitor_new(void)
{
    QapiDeallocVisitor *dv = g_new0(QapiDeallocVisitor, 1);

    dv->visitor.type = VISITOR_DEALLOC;
    dv->visitor.start_struct = dealloc_start_struct;
    dv->visitor.end_struct = dealloc_end_struct;
    dv->visitor.end_alternate = dealloc_end_alternate;
    dv->visitor.start_list = dealloc_start_list;
    dv->visitor.next_list = dealloc_next_list;
    dv->visitor.end_list = dealloc_end_list;
    dv->visitor.type_int64 = dealloc_type_int64;
    dv->visitor.type_uint64 = dealloc_type_uint64;
    dv->visitor.type_bool = dealloc_type_bool;
    dv->visitor.type_str = dealloc_type_str;
    dv->visitor.type_number = dealloc_type_number;
    dv->visitor.type_any = dealloc_type_any;
    dv->visitor.type_null = dealloc_type_null;
    dv->visitor.free = dealloc_free;
    return &dv->visitor;
}

/*
 * The clone visitor: deep-copies a QAPI value in place.
 *
 * The walk runs over the copy being made: each struct, alternate and list
 * node is first duplicated byte for byte (so scalars are already right),
 * then every pointer member met on the walk is replaced by a copy of what
 * it points to.
 */
#include "qemu/osdep.h"
#include "qapi/clone-visitor.h"
#include "qapi/visitor-impl.h"
#include "qobject/qnull.h"

struct QapiCloneVisitor {
    Visitor visitor;
};

/* clone_bytes() needs GLib 2.68; this tree supports 2.66. */
static void *clone_bytes(const void *src, size_t size)
{
    void *copy = g_malloc(size);

    memcpy(copy, src, size);
    return copy;
}

static bool clone_start_struct(Visitor *v, const char *name, void **obj,
                               size_t size, Error **errp)
{
    /* NULL @obj: an alternate's object branch, copied with the alternate. */
    if (obj && *obj) {
        *obj = clone_bytes(*obj, size);
    }
    return true;
}

static bool clone_start_alternate(Visitor *v, const char *name,
                                  GenericAlternate **obj, size_t size,
                                  Error **errp)
{
    return clone_start_struct(v, name, (void **)obj, size, errp);
}

static bool clone_start_list(Visitor *v, const char *name,
                             GenericList **list, size_t size, Error **errp)
{
    return clone_start_struct(v, name, (void **)list, size, errp);
}

static GenericList *clone_next_list(Visitor *v, GenericList *tail,
                                    size_t size)
{
    if (tail->next) {
        tail->next = clone_bytes(tail->next, size);
    }
    return tail->next;
}

static bool clone_type_int64(Visitor *v, const char *name, int64_t *obj,
                             Error **errp)
{
    return true;
}

static bool clone_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                              Error **errp)
{
    return true;
}

static bool clone_type_bool(Visitor *v, const char *name, bool *obj,
                            Error **errp)
{
    return true;
}

static bool clone_type_number(Visitor *v, const char *name, double *obj,
                              Error **errp)
{
    return true;
}

static bool clone_type_str(Visitor *v, const char *name, char **obj,
                           Error **errp)
{
    /*
     * As the output visitor writes NULL as "", so does the clone: an input
     * visitor never produces a NULL string either.
     */
    *obj = g_strdup(*obj ? *obj : "");
    return true;
}

static bool clone_type_any(Visitor *v, const char *name, QObject **obj,
                           Error **errp)
{
    /* QObjects are reference counted: share the value. */
    *obj = qobject_ref(*obj);
    return true;
}

static bool clone_type_null(Visitor *v, const char *name, QNull **obj,
                            Error **errp)
{
    *obj = qnull();
    return true;
}

static void clone_free(Visitor *v)
{
    g_free(container_of(v, QapiCloneVisitor, visitor));
}

static Visitor *qapi_clone_visitor_new(void)
{
    QapiCloneVisitor *cv = g_new0(QapiCloneVisitor, 1);

    cv->visitor.type = VISITOR_CLONE;
    cv->visitor.start_struct = clone_start_struct;
    cv->visitor.start_alternate = clone_start_alternate;
    cv->visitor.start_list = clone_start_list;
    cv->visitor.next_list = clone_next_list;
    cv->visitor.type_int64 = clone_type_int64;
    cv->visitor.type_uint64 = clone_type_uint64;
    cv->visitor.type_bool = clone_type_bool;
    cv->visitor.type_str = clone_type_str;
    cv->visitor.type_number = clone_type_number;
    cv->visitor.type_any = clone_type_any;
    cv->visitor.type_null = clone_type_null;
    cv->visitor.free = clone_free;
    return &cv->visitor;
}

void *qapi_clone(const void *src,
                 bool (*visit_type)(Visitor *, const char *, void **,
                                    Error **))
{
    Visitor *v;
    void *dst = (void *)src;    /* the walk replaces it with the copy */

    if (!src) {
        return NULL;
    }
    v = qapi_clone_visitor_new();
    /* Cloning cannot fail: every hook returns true. */
    visit_type(v, NULL, &dst, NULL);
    visit_free(v);
    return dst;
}

void qapi_clone_members(void *dst, const void *src, size_t sz,
                        bool (*visit_type_members)(Visitor *, void *,
                                                   Error **))
{
    Visitor *v = qapi_clone_visitor_new();

    memcpy(dst, src, sz);
    visit_type_members(v, dst, NULL);
    visit_free(v);
}

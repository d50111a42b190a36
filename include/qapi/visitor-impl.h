/*
 * For implementers of a Visitor. Users only need qapi/visitor.h.
 *
 * A visitor embeds struct Visitor as its first member (so container_of
 * recovers it) and fills in the hooks it supports. The visit_* functions
 * of qapi-visit-core.c check the arguments, dispatch, and handle what is
 * common: narrowing integers with range checks, enums as strings, and a
 * clear error (never a crash) when a visitor does not support a call.
 */
#ifndef QAPI_VISITOR_IMPL_H
#define QAPI_VISITOR_IMPL_H

#include "qapi/visitor.h"

struct Visitor {
    /* Mandatory for every visitor that walks structs. */
    bool (*start_struct)(Visitor *v, const char *name, void **obj,
                         size_t size, Error **errp);
    /* Optional: input visitors check for leftover members. */
    bool (*check_struct)(Visitor *v, Error **errp);
    void (*end_struct)(Visitor *v, void **obj);

    bool (*start_list)(Visitor *v, const char *name, GenericList **list,
                       size_t size, Error **errp);
    GenericList *(*next_list)(Visitor *v, GenericList *tail, size_t size);
    /* Optional: input visitors check for leftover elements. */
    bool (*check_list)(Visitor *v, Error **errp);
    void (*end_list)(Visitor *v, void **list);

    /* Optional for output visitors (the branch is visited directly). */
    bool (*start_alternate)(Visitor *v, const char *name,
                            GenericAlternate **obj, size_t size,
                            Error **errp);
    void (*end_alternate)(Visitor *v, void **obj);

    /* Scalars; type_size is optional (falls back to type_uint64). */
    bool (*type_int64)(Visitor *v, const char *name, int64_t *obj,
                       Error **errp);
    bool (*type_uint64)(Visitor *v, const char *name, uint64_t *obj,
                        Error **errp);
    bool (*type_size)(Visitor *v, const char *name, uint64_t *obj,
                      Error **errp);
    bool (*type_bool)(Visitor *v, const char *name, bool *obj, Error **errp);
    bool (*type_str)(Visitor *v, const char *name, char **obj, Error **errp);
    bool (*type_number)(Visitor *v, const char *name, double *obj,
                        Error **errp);
    bool (*type_any)(Visitor *v, const char *name, QObject **obj,
                     Error **errp);
    bool (*type_null)(Visitor *v, const char *name, QNull **obj,
                      Error **errp);

    /* Optional (input visitors): set *present from the input. */
    void (*optional)(Visitor *v, const char *name, bool *present);

    /* Optional: policy on members with special features. */
    bool (*policy_reject)(Visitor *v, const char *name,
                          unsigned special_features, Error **errp);
    bool (*policy_skip)(Visitor *v, const char *name,
                        unsigned special_features);

    /*
     * Optional: how to name the value @name (NULL for a list element) in
     * an error message of the core (range and enum checks). Input
     * visitors that track their position return the full path.
     */
    const char *(*describe)(Visitor *v, const char *name);

    VisitorType type;

    /* Mandatory for output visitors: hand the result to @opaque. */
    void (*complete)(Visitor *v, void *opaque);

    /* Mandatory: free the visitor. */
    void (*free)(Visitor *v);
};

#endif

/*
 * The visit_* entry points: argument checks, dispatch to the visitor's
 * hooks, and the parts common to every visitor (narrow integers, enums).
 */
#include "qemu/osdep.h"
#include "qapi/visitor-impl.h"
#include "qobject/qnull.h"

/*
 * How to name the value @name in a message. Named members keep their own
 * name (as QEMU prints them); a list element has no name, so ask the
 * visitor for its position rather than printing QEMU's "null".
 */
static const char *value_name(Visitor *v, const char *name)
{
    if (name) {
        return name;
    }
    if (v->describe) {
        return v->describe(v, NULL);
    }
    return "null";
}

/* A visitor was asked for something it cannot do (a caller's mistake). */
static bool unsupported(Visitor *v, const char *name, const char *what,
                        Error **errp)
{
    error_setg(errp, "Parameter '%s' cannot be visited as %s by this visitor",
               value_name(v, name), what);
    return false;
}

void visit_complete(Visitor *v, void *opaque)
{
    if (v->complete) {
        v->complete(v, opaque);
    }
}

void visit_free(Visitor *v)
{
    if (v) {
        v->free(v);
    }
}

bool visit_is_input(Visitor *v)
{
    return v->type == VISITOR_INPUT;
}

bool visit_is_dealloc(Visitor *v)
{
    return v->type == VISITOR_DEALLOC;
}

bool visit_start_struct(Visitor *v, const char *name, void **obj,
                        size_t size, Error **errp)
{
    if (!v->start_struct) {
        if (obj && v->type == VISITOR_INPUT) {
            *obj = NULL;
        }
        return unsupported(v, name, "an object", errp);
    }
    if (obj && (v->type & VISITOR_OUTPUT) && !*obj) {
        error_setg(errp, "Parameter '%s' has no value to output",
                   value_name(v, name));
        return false;
    }
    return v->start_struct(v, name, obj, size, errp);
}

bool visit_check_struct(Visitor *v, Error **errp)
{
    return v->check_struct ? v->check_struct(v, errp) : true;
}

void visit_end_struct(Visitor *v, void **obj)
{
    if (v->end_struct) {
        v->end_struct(v, obj);
    }
}

bool visit_start_list(Visitor *v, const char *name, GenericList **list,
                      size_t size, Error **errp)
{
    if (!v->start_list) {
        if (list && v->type == VISITOR_INPUT) {
            *list = NULL;
        }
        return unsupported(v, name, "an array", errp);
    }
    return v->start_list(v, name, list, size, errp);
}

GenericList *visit_next_list(Visitor *v, GenericList *tail, size_t size)
{
    if (!tail || !v->next_list) {
        return NULL;
    }
    return v->next_list(v, tail, size);
}

bool visit_check_list(Visitor *v, Error **errp)
{
    return v->check_list ? v->check_list(v, errp) : true;
}

void visit_end_list(Visitor *v, void **list)
{
    if (v->end_list) {
        v->end_list(v, list);
    }
}

bool visit_start_alternate(Visitor *v, const char *name,
                           GenericAlternate **obj, size_t size,
                           Error **errp)
{
    if ((v->type & VISITOR_OUTPUT) && !*obj) {
        error_setg(errp, "Parameter '%s' has no value to output",
                   value_name(v, name));
        return false;
    }
    if (!v->start_alternate) {
        if (v->type == VISITOR_INPUT) {
            *obj = NULL;
            return unsupported(v, name, "an alternate", errp);
        }
        /* Output and dealloc visitors just visit the branch that is set. */
        return true;
    }
    return v->start_alternate(v, name, obj, size, errp);
}

void visit_end_alternate(Visitor *v, void **obj)
{
    if (v->end_alternate) {
        v->end_alternate(v, obj);
    }
}

bool visit_optional(Visitor *v, const char *name, bool *present)
{
    if (v->optional) {
        v->optional(v, name, present);
    }
    return *present;
}

bool visit_policy_reject(Visitor *v, const char *name,
                         unsigned special_features, Error **errp)
{
    if (v->policy_reject) {
        return v->policy_reject(v, name, special_features, errp);
    }
    return false;
}

bool visit_policy_skip(Visitor *v, const char *name,
                       unsigned special_features)
{
    if (v->policy_skip) {
        return v->policy_skip(v, name, special_features);
    }
    return false;
}

bool visit_deprecated_accept(Visitor *v, const char *name, Error **errp)
{
    return !visit_policy_reject(v, name, 1u << QAPI_DEPRECATED, errp);
}

bool visit_deprecated(Visitor *v, const char *name)
{
    return !visit_policy_skip(v, name, 1u << QAPI_DEPRECATED);
}

/* Integers ---------------------------------------------------------------- */

bool visit_type_int(Visitor *v, const char *name, int64_t *obj, Error **errp)
{
    return visit_type_int64(v, name, obj, errp);
}

bool visit_type_int64(Visitor *v, const char *name, int64_t *obj,
                      Error **errp)
{
    if (!v->type_int64) {
        return unsupported(v, name, "an integer", errp);
    }
    return v->type_int64(v, name, obj, errp);
}

bool visit_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                       Error **errp)
{
    if (!v->type_uint64) {
        return unsupported(v, name, "an integer", errp);
    }
    return v->type_uint64(v, name, obj, errp);
}

bool visit_type_size(Visitor *v, const char *name, uint64_t *obj,
                     Error **errp)
{
    if (v->type_size) {
        return v->type_size(v, name, obj, errp);
    }
    return visit_type_uint64(v, name, obj, errp);
}

/*
 * Visit a signed value of a narrower type through the 64-bit hook. Only
 * input can produce an out-of-range value; @obj is written on success only.
 */
static bool visit_type_intN(Visitor *v, const char *name, int64_t *obj,
                            int64_t min, int64_t max, const char *type,
                            Error **errp)
{
    int64_t value = *obj;

    if (!visit_type_int64(v, name, &value, errp)) {
        return false;
    }
    if (value < min || value > max) {
        error_setg(errp, "Parameter '%s' expects %s",
                   value_name(v, name), type);
        return false;
    }
    *obj = value;
    return true;
}

static bool visit_type_uintN(Visitor *v, const char *name, uint64_t *obj,
                             uint64_t max, const char *type, Error **errp)
{
    uint64_t value = *obj;

    if (!visit_type_uint64(v, name, &value, errp)) {
        return false;
    }
    if (value > max) {
        error_setg(errp, "Parameter '%s' expects %s",
                   value_name(v, name), type);
        return false;
    }
    *obj = value;
    return true;
}

bool visit_type_int8(Visitor *v, const char *name, int8_t *obj, Error **errp)
{
    int64_t value = *obj;

    if (!visit_type_intN(v, name, &value, INT8_MIN, INT8_MAX, "int8_t",
                         errp)) {
        return false;
    }
    *obj = value;
    return true;
}

bool visit_type_int16(Visitor *v, const char *name, int16_t *obj,
                      Error **errp)
{
    int64_t value = *obj;

    if (!visit_type_intN(v, name, &value, INT16_MIN, INT16_MAX, "int16_t",
                         errp)) {
        return false;
    }
    *obj = value;
    return true;
}

bool visit_type_int32(Visitor *v, const char *name, int32_t *obj,
                      Error **errp)
{
    int64_t value = *obj;

    if (!visit_type_intN(v, name, &value, INT32_MIN, INT32_MAX, "int32_t",
                         errp)) {
        return false;
    }
    *obj = value;
    return true;
}

bool visit_type_uint8(Visitor *v, const char *name, uint8_t *obj,
                      Error **errp)
{
    uint64_t value = *obj;

    if (!visit_type_uintN(v, name, &value, UINT8_MAX, "uint8_t", errp)) {
        return false;
    }
    *obj = value;
    return true;
}

bool visit_type_uint16(Visitor *v, const char *name, uint16_t *obj,
                       Error **errp)
{
    uint64_t value = *obj;

    if (!visit_type_uintN(v, name, &value, UINT16_MAX, "uint16_t", errp)) {
        return false;
    }
    *obj = value;
    return true;
}

bool visit_type_uint32(Visitor *v, const char *name, uint32_t *obj,
                       Error **errp)
{
    uint64_t value = *obj;

    if (!visit_type_uintN(v, name, &value, UINT32_MAX, "uint32_t", errp)) {
        return false;
    }
    *obj = value;
    return true;
}

/* Other scalars ----------------------------------------------------------- */

bool visit_type_bool(Visitor *v, const char *name, bool *obj, Error **errp)
{
    if (!v->type_bool) {
        return unsupported(v, name, "a boolean", errp);
    }
    return v->type_bool(v, name, obj, errp);
}

bool visit_type_str(Visitor *v, const char *name, char **obj, Error **errp)
{
    if (!v->type_str) {
        if (v->type == VISITOR_INPUT) {
            *obj = NULL;
        }
        return unsupported(v, name, "a string", errp);
    }
    return v->type_str(v, name, obj, errp);
}

bool visit_type_number(Visitor *v, const char *name, double *obj,
                       Error **errp)
{
    if (!v->type_number) {
        return unsupported(v, name, "a number", errp);
    }
    return v->type_number(v, name, obj, errp);
}

bool visit_type_any(Visitor *v, const char *name, QObject **obj,
                    Error **errp)
{
    if (!v->type_any) {
        if (v->type == VISITOR_INPUT) {
            *obj = NULL;
        }
        return unsupported(v, name, "any value", errp);
    }
    return v->type_any(v, name, obj, errp);
}

bool visit_type_null(Visitor *v, const char *name, QNull **obj,
                     Error **errp)
{
    if (!v->type_null) {
        if (v->type == VISITOR_INPUT) {
            *obj = NULL;
        }
        return unsupported(v, name, "null", errp);
    }
    return v->type_null(v, name, obj, errp);
}

/* Enums -------------------------------------------------------------------- */

static bool output_type_enum(Visitor *v, const char *name, int *obj,
                             const QEnumLookup *lookup, Error **errp)
{
    char *enum_str;

    if (*obj < 0 || *obj >= lookup->size) {
        error_setg(errp, "Parameter '%s' holds invalid enum value %d",
                   value_name(v, name), *obj);
        return false;
    }
    /* Output visitors only read the string. */
    enum_str = (char *)lookup->array[*obj];
    return visit_type_str(v, name, &enum_str, errp);
}

static bool input_type_enum(Visitor *v, const char *name, int *obj,
                            const QEnumLookup *lookup, Error **errp)
{
    g_autofree char *enum_str = NULL;
    int value;

    if (!visit_type_str(v, name, &enum_str, errp)) {
        return false;
    }
    value = qapi_enum_parse(lookup, enum_str, -1, NULL);
    if (value < 0) {
        error_setg(errp, "Parameter '%s' does not accept value '%s'",
                   value_name(v, name), enum_str);
        return false;
    }
    *obj = value;
    return true;
}

bool visit_type_enum(Visitor *v, const char *name, int *obj,
                     const QEnumLookup *lookup, Error **errp)
{
    switch (v->type) {
    case VISITOR_INPUT:
        return input_type_enum(v, name, obj, lookup, errp);
    case VISITOR_OUTPUT:
        return output_type_enum(v, name, obj, lookup, errp);
    case VISITOR_CLONE:
    case VISITOR_DEALLOC:
        /* The scalar was copied with its struct; nothing to free. */
        return true;
    }
    return true;
}

/*
 * The string input visitor: a scalar, or a list of integer ranges, as text.
 *
 * A list is parsed lazily: each integer visit takes the next value of the
 * current range "a-b", or parses the next "a" / "a-b" entry of the text.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qapi/string-input-visitor.h"
#include "qapi/visitor-impl.h"
#include "qobject/qnull.h"

/* Longest range accepted in a list, so "0-9999999999" cannot eat memory. */
#define RANGE_MAX_ELEMENTS 65536

typedef enum ListMode {
    LM_NONE,            /* not in a list: the whole text is one value */
    LM_UNPARSED,        /* in a list, next entry still to be parsed */
    LM_INT64_RANGE,     /* in a list, inside a signed range */
    LM_UINT64_RANGE,    /* in a list, inside an unsigned range */
    LM_END,             /* in a list, nothing left */
} ListMode;

struct StringInputVisitor {
    Visitor visitor;
    char *string;
    ListMode lm;
    const char *list_name;      /* for element errors */
    void *list;                 /* the C pointer passed to start_list */
    const char *unparsed;       /* rest of the text in LM_UNPARSED */
    union {
        int64_t i64;
        uint64_t u64;
    } next, last;               /* current range: next value, last value */
};

static StringInputVisitor *to_siv(Visitor *v)
{
    return container_of(v, StringInputVisitor, visitor);
}

/* How to name the value in an error: elements are named after the list. */
static const char *siv_name(StringInputVisitor *siv, const char *name)
{
    if (name) {
        return name;
    }
    return siv->list_name ? siv->list_name : "null";
}

static const char *string_input_describe(Visitor *v, const char *name)
{
    return siv_name(to_siv(v), name);
}

static bool expects(StringInputVisitor *siv, const char *name,
                    const char *what, Error **errp)
{
    error_setg(errp, "Parameter '%s' expects %s", siv_name(siv, name), what);
    return false;
}

static bool start_list(Visitor *v, const char *name, GenericList **list,
                       size_t size, Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    if (list) {
        *list = NULL;
    }
    if (siv->lm != LM_NONE) {
        return expects(siv, name, "an integer, not a nested list", errp);
    }
    siv->list = list;
    siv->list_name = name;
    if (siv->string[0]) {
        siv->lm = LM_UNPARSED;
        siv->unparsed = siv->string;
        if (list) {
            *list = g_malloc0(size);
        }
    } else {
        siv->lm = LM_END;
    }
    return true;
}

static GenericList *next_list(Visitor *v, GenericList *tail, size_t size)
{
    StringInputVisitor *siv = to_siv(v);

    if (siv->lm == LM_NONE || siv->lm == LM_END) {
        return NULL;
    }
    tail->next = g_malloc0(size);
    return tail->next;
}

static bool check_list(Visitor *v, Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    if (siv->lm == LM_NONE || siv->lm == LM_END) {
        return true;
    }
    error_setg(errp, "Fewer list elements expected");
    return false;
}

static void end_list(Visitor *v, void **obj)
{
    StringInputVisitor *siv = to_siv(v);

    g_return_if_fail(siv->list == obj);
    siv->lm = LM_NONE;
    siv->list = NULL;
    siv->list_name = NULL;
}

/* After the last value of a range: more entries, or the end of the list. */
static void range_done(StringInputVisitor *siv)
{
    siv->lm = siv->unparsed[0] ? LM_UNPARSED : LM_END;
}

/* Consume the separator after an entry: ',' followed by more, or the end. */
static bool skip_separator(StringInputVisitor *siv, const char *end)
{
    if (*end == '\0') {
        siv->unparsed = end;
        return true;
    }
    if (*end == ',' && end[1]) {
        siv->unparsed = end + 1;
        return true;
    }
    return false;
}

/* Parse the next "a" or "a-b" of a signed list into the range fields. */
static bool parse_int64_entry(StringInputVisitor *siv)
{
    const char *end;
    int64_t start, last;

    if (qemu_strtoi64(siv->unparsed, &end, 0, &start)) {
        return false;
    }
    last = start;
    if (*end == '-') {
        if (qemu_strtoi64(end + 1, &end, 0, &last) || last < start ||
            (uint64_t)last - (uint64_t)start >= RANGE_MAX_ELEMENTS) {
            return false;
        }
    }
    if (!skip_separator(siv, end)) {
        return false;
    }
    siv->next.i64 = start;
    siv->last.i64 = last;
    siv->lm = LM_INT64_RANGE;
    return true;
}

static bool parse_uint64_entry(StringInputVisitor *siv)
{
    const char *end;
    uint64_t start, last;

    if (qemu_strtou64(siv->unparsed, &end, 0, &start)) {
        return false;
    }
    last = start;
    if (*end == '-') {
        if (qemu_strtou64(end + 1, &end, 0, &last) || last < start ||
            last - start >= RANGE_MAX_ELEMENTS) {
            return false;
        }
    }
    if (!skip_separator(siv, end)) {
        return false;
    }
    siv->next.u64 = start;
    siv->last.u64 = last;
    siv->lm = LM_UINT64_RANGE;
    return true;
}

static bool parse_type_int64(Visitor *v, const char *name, int64_t *obj,
                             Error **errp)
{
    StringInputVisitor *siv = to_siv(v);
    int64_t val;

    switch (siv->lm) {
    case LM_NONE:
        if (qemu_strtoi64(siv->string, NULL, 0, &val)) {
            return expects(siv, name, "int64", errp);
        }
        *obj = val;
        return true;
    case LM_UNPARSED:
        if (!parse_int64_entry(siv)) {
            return expects(siv, name, "list of int64 values or ranges", errp);
        }
        break;
    case LM_INT64_RANGE:
        break;
    case LM_UINT64_RANGE:
        return expects(siv, name, "list of int64 values or ranges", errp);
    case LM_END:
        error_setg(errp, "Fewer list elements expected");
        return false;
    }
    *obj = siv->next.i64;
    if (siv->next.i64 == siv->last.i64) {
        range_done(siv);
    } else {
        siv->next.i64++;
    }
    return true;
}

static bool parse_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                              Error **errp)
{
    StringInputVisitor *siv = to_siv(v);
    uint64_t val;

    switch (siv->lm) {
    case LM_NONE:
        if (qemu_strtou64(siv->string, NULL, 0, &val)) {
            return expects(siv, name, "uint64", errp);
        }
        *obj = val;
        return true;
    case LM_UNPARSED:
        if (!parse_uint64_entry(siv)) {
            return expects(siv, name, "list of uint64 values or ranges", errp);
        }
        break;
    case LM_UINT64_RANGE:
        break;
    case LM_INT64_RANGE:
        return expects(siv, name, "list of uint64 values or ranges", errp);
    case LM_END:
        error_setg(errp, "Fewer list elements expected");
        return false;
    }
    *obj = siv->next.u64;
    if (siv->next.u64 == siv->last.u64) {
        range_done(siv);
    } else {
        siv->next.u64++;
    }
    return true;
}

/* Only integers can be list elements; other scalars need the whole text. */
static bool check_scalar(StringInputVisitor *siv, const char *name,
                         Error **errp)
{
    if (siv->lm != LM_NONE) {
        return expects(siv, name, "list of integers", errp);
    }
    return true;
}

static bool parse_type_size(Visitor *v, const char *name, uint64_t *obj,
                            Error **errp)
{
    StringInputVisitor *siv = to_siv(v);
    uint64_t val;

    if (!check_scalar(siv, name, errp)) {
        return false;
    }
    if (qemu_strtosz(siv->string, NULL, &val)) {
        return expects(siv, name, "size", errp);
    }
    *obj = val;
    return true;
}

static bool parse_type_bool(Visitor *v, const char *name, bool *obj,
                            Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    if (!check_scalar(siv, name, errp)) {
        return false;
    }
    return qapi_bool_parse(siv_name(siv, name), siv->string, obj, errp);
}

static bool parse_type_str(Visitor *v, const char *name, char **obj,
                           Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    *obj = NULL;
    if (!check_scalar(siv, name, errp)) {
        return false;
    }
    *obj = g_strdup(siv->string);
    return true;
}

static bool parse_type_number(Visitor *v, const char *name, double *obj,
                              Error **errp)
{
    StringInputVisitor *siv = to_siv(v);
    double val;

    if (!check_scalar(siv, name, errp)) {
        return false;
    }
    if (qemu_strtod_finite(siv->string, NULL, &val)) {
        return expects(siv, name, "number", errp);
    }
    *obj = val;
    return true;
}

static bool parse_type_null(Visitor *v, const char *name, QNull **obj,
                            Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    *obj = NULL;
    if (!check_scalar(siv, name, errp)) {
        return false;
    }
    if (siv->string[0]) {
        return expects(siv, name, "null", errp);
    }
    *obj = qnull();
    return true;
}

static void string_input_free(Visitor *v)
{
    StringInputVisitor *siv = to_siv(v);

    g_free(siv->string);
    g_free(siv);
}

Visitor *string_input_visitor_new(const char *str)
{
    StringInputVisitor *siv = g_new0(StringInputVisitor, 1);

    siv->visitor.type = VISITOR_INPUT;
    siv->visitor.type_int64 = parse_type_int64;
    siv->visitor.type_uint64 = parse_type_uint64;
    siv->visitor.type_size = parse_type_size;
    siv->visitor.type_bool = parse_type_bool;
    siv->visitor.type_str = parse_type_str;
    siv->visitor.type_number = parse_type_number;
    siv->visitor.type_null = parse_type_null;
    siv->visitor.start_list = start_list;
    siv->visitor.next_list = next_list;
    siv->visitor.check_list = check_list;
    siv->visitor.end_list = end_list;
    siv->visitor.describe = string_input_describe;
    siv->visitor.free = string_input_free;

    siv->string = g_strdup(str ? str : "");
    return &siv->visitor;
}

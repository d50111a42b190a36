/*
 * The string output visitor: a scalar, or a list of integers, as text.
 *
 * Integers of a list are gathered into runs of consecutive values, each
 * written as "a" or "a-b" when the run ends; in human mode the same runs
 * are written in hex too and appended in parentheses at the end.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qapi/string-output-visitor.h"
#include "qapi/visitor-impl.h"

struct StringOutputVisitor {
    Visitor visitor;
    bool human;
    GString *string;
    GString *hex;               /* human mode: hex form of an integer list */
    char **result;
    bool in_list;
    void *list;                 /* the C pointer passed to start_list */
    bool have_run;              /* a run of integers is pending */
    bool run_signed;
    uint64_t run_start, run_end;    /* as raw 64-bit patterns */
};

static StringOutputVisitor *to_sov(Visitor *v)
{
    return container_of(v, StringOutputVisitor, visitor);
}

static void append_sep(GString *s)
{
    if (s->len) {
        g_string_append_c(s, ',');
    }
}

static void append_dec(GString *s, bool is_signed, uint64_t val)
{
    if (is_signed) {
        g_string_append_printf(s, "%" PRId64, (int64_t)val);
    } else {
        g_string_append_printf(s, "%" PRIu64, val);
    }
}

static void flush_run(StringOutputVisitor *sov)
{
    if (!sov->have_run) {
        return;
    }
    append_sep(sov->string);
    append_dec(sov->string, sov->run_signed, sov->run_start);
    if (sov->run_end != sov->run_start) {
        g_string_append_c(sov->string, '-');
        append_dec(sov->string, sov->run_signed, sov->run_end);
    }
    if (sov->human) {
        append_sep(sov->hex);
        g_string_append_printf(sov->hex, "0x%" PRIx64, sov->run_start);
        if (sov->run_end != sov->run_start) {
            g_string_append_printf(sov->hex, "-0x%" PRIx64, sov->run_end);
        }
    }
    sov->have_run = false;
}

/* Add one integer: to the pending run of a list, or as the whole value. */
static void add_integer(StringOutputVisitor *sov, bool is_signed,
                        uint64_t val)
{
    if (!sov->in_list) {
        append_dec(sov->string, is_signed, val);
        if (sov->human) {
            g_string_append_printf(sov->string, " (0x%" PRIx64 ")", val);
        }
        return;
    }
    if (sov->have_run && sov->run_signed == is_signed &&
        val == sov->run_end + 1 &&
        (is_signed ? (int64_t)sov->run_end != INT64_MAX
                   : sov->run_end != UINT64_MAX)) {
        sov->run_end = val;
        return;
    }
    flush_run(sov);
    sov->have_run = true;
    sov->run_signed = is_signed;
    sov->run_start = sov->run_end = val;
}

/* Add a non-integer value (taking over @text). */
static void add_text(StringOutputVisitor *sov, char *text)
{
    flush_run(sov);
    if (sov->in_list) {
        append_sep(sov->string);
    }
    g_string_append(sov->string, text);
    g_free(text);
}

static bool print_type_int64(Visitor *v, const char *name, int64_t *obj,
                             Error **errp)
{
    add_integer(to_sov(v), true, (uint64_t)*obj);
    return true;
}

static bool print_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                              Error **errp)
{
    add_integer(to_sov(v), false, *obj);
    return true;
}

static bool print_type_size(Visitor *v, const char *name, uint64_t *obj,
                            Error **errp)
{
    StringOutputVisitor *sov = to_sov(v);
    g_autofree char *psize = NULL;

    if (!sov->human || sov->in_list) {
        add_integer(sov, false, *obj);
        return true;
    }
    psize = size_to_str(*obj);
    add_text(sov, g_strdup_printf("%" PRIu64 " (%s)", *obj, psize));
    return true;
}

static bool print_type_bool(Visitor *v, const char *name, bool *obj,
                            Error **errp)
{
    add_text(to_sov(v), g_strdup(*obj ? "true" : "false"));
    return true;
}

static bool print_type_str(Visitor *v, const char *name, char **obj,
                           Error **errp)
{
    StringOutputVisitor *sov = to_sov(v);
    const char *str = *obj ? *obj : "";

    if (sov->human) {
        add_text(sov, g_strdup_printf("\"%s\"", str));
    } else {
        add_text(sov, g_strdup(str));
    }
    return true;
}

static bool print_type_number(Visitor *v, const char *name, double *obj,
                              Error **errp)
{
    add_text(to_sov(v), g_strdup_printf("%.17g", *obj));
    return true;
}

static bool print_type_null(Visitor *v, const char *name, QNull **obj,
                            Error **errp)
{
    StringOutputVisitor *sov = to_sov(v);

    add_text(sov, g_strdup(sov->human ? "<null>" : ""));
    return true;
}

static bool start_list(Visitor *v, const char *name, GenericList **list,
                       size_t size, Error **errp)
{
    StringOutputVisitor *sov = to_sov(v);

    if (sov->in_list) {
        error_setg(errp, "Parameter '%s' cannot be written as a nested list",
                   name ? name : "null");
        return false;
    }
    sov->in_list = true;
    sov->list = list;
    return true;
}

static GenericList *next_list(Visitor *v, GenericList *tail, size_t size)
{
    return tail->next;
}

static void end_list(Visitor *v, void **obj)
{
    StringOutputVisitor *sov = to_sov(v);

    g_return_if_fail(sov->in_list && sov->list == obj);
    flush_run(sov);
    if (sov->human && sov->hex->len) {
        g_string_append_printf(sov->string, " (%s)", sov->hex->str);
        g_string_truncate(sov->hex, 0);
    }
    sov->in_list = false;
    sov->list = NULL;
}

static void string_output_complete(Visitor *v, void *opaque)
{
    StringOutputVisitor *sov = to_sov(v);

    g_return_if_fail(opaque == sov->result && sov->string);
    *sov->result = g_string_free(sov->string, false);
    sov->string = NULL;
}

static void string_output_free(Visitor *v)
{
    StringOutputVisitor *sov = to_sov(v);

    if (sov->string) {
        g_string_free(sov->string, true);
    }
    g_string_free(sov->hex, true);
    g_free(sov);
}

Visitor *string_output_visitor_new(bool human, char **result)
{
    StringOutputVisitor *sov = g_new0(StringOutputVisitor, 1);

    sov->visitor.type = VISITOR_OUTPUT;
    sov->visitor.type_int64 = print_type_int64;
    sov->visitor.type_uint64 = print_type_uint64;
    sov->visitor.type_size = print_type_size;
    sov->visitor.type_bool = print_type_bool;
    sov->visitor.type_str = print_type_str;
    sov->visitor.type_number = print_type_number;
    sov->visitor.type_null = print_type_null;
    sov->visitor.start_list = start_list;
    sov->visitor.next_list = next_list;
    sov->visitor.end_list = end_list;
    sov->visitor.complete = string_output_complete;
    sov->visitor.free = string_output_free;

    sov->human = human;
    sov->string = g_string_new(NULL);
    sov->hex = g_string_new(NULL);
    sov->result = result;
    *result = NULL;
    return &sov->visitor;
}

/*
 * User-facing messages on stderr with the program name as prefix.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"

static char *progname;
static char *loc_text;
static ErrorPrintFunc *print_redirect;
static void *print_redirect_opaque;

void error_set_progname(const char *argv0)
{
    g_free(progname);
    progname = g_path_get_basename(argv0);
    g_set_prgname(progname);
}

const char *error_get_progname(void)
{
    if (progname) {
        return progname;
    }
    return g_get_prgname() ? g_get_prgname() : "qemu";
}

/* What a redacted value is shown as. */
#define REDACTED "***"

/* Is the key of the key-val @kv..@eq (or its last dotted fragment) "data"? */
static bool key_is_secret(const char *kv, const char *eq)
{
    const char *frag = g_strrstr_len(kv, eq - kv, ".");

    frag = frag ? frag + 1 : kv;
    return eq - frag == 4 && !strncmp(frag, "data", 4);
}

/* Keyval syntax: the value of every "data=" up to the next lone ','. */
static void redact_keyval(GString *out, const char *arg)
{
    const char *p = arg;

    while (*p) {
        const char *kv = p, *eq = NULL;
        bool secret;

        /* find the end of this key-val; ",," is an escaped comma */
        while (*p && !(*p == ',' && p[1] != ',')) {
            if (*p == '=' && !eq) {
                eq = p;
            }
            p += *p == ',' ? 2 : 1;
        }
        secret = eq && key_is_secret(kv, eq);
        g_string_append_len(out, kv, secret ? eq + 1 - kv : p - kv);
        if (secret) {
            g_string_append(out, REDACTED);
        }
        if (*p == ',') {
            g_string_append_c(out, *p++);
        }
    }
}

/* JSON syntax: the string value of every "data" member. */
static void redact_json(GString *out, const char *arg)
{
    const char *p = arg, *key;

    while ((key = strstr(p, "\"data\"")) != NULL) {
        const char *v = key + 6;

        v += strspn(v, " \t\r\n");
        if (*v != ':') {
            g_string_append_len(out, p, v - p);
            p = v;
            continue;
        }
        v++;
        v += strspn(v, " \t\r\n");
        if (*v != '"') {
            g_string_append_len(out, p, v - p);
            p = v;
            continue;
        }
        g_string_append_len(out, p, v + 1 - p);
        g_string_append(out, REDACTED);
        for (v++; *v && *v != '"'; v++) {
            if (*v == '\\' && v[1]) {
                v++;
            }
        }
        p = v;
    }
    g_string_append(out, p);
}

/*
 * The location is printed before every error about an option, so the
 * secret material of "-object secret,id=s0,data=..." (or its JSON form)
 * must not be part of it: secrets never appear in error messages.
 */
static char *redact_secrets(const char *arg)
{
    GString *out = g_string_new(NULL);

    if (arg[strspn(arg, " \t\r\n")] == '{') {
        redact_json(out, arg);
    } else {
        redact_keyval(out, arg);
    }
    return g_string_free(out, false);
}

void loc_set_cmdline(const char *option, const char *arg)
{
    g_autofree char *shown = arg ? redact_secrets(arg) : NULL;

    g_free(loc_text);
    loc_text = arg ? g_strdup_printf("%s %s", option, shown) : g_strdup(option);
}

void loc_clear(void)
{
    g_free(loc_text);
    loc_text = NULL;
}

void error_printf_redirect(ErrorPrintFunc *fn, void *opaque)
{
    print_redirect = fn;
    print_redirect_opaque = opaque;
}

void error_vprintf(const char *fmt, va_list ap)
{
    if (print_redirect) {
        g_autofree char *text = g_strdup_vprintf(fmt, ap);
        print_redirect(print_redirect_opaque, text);
        return;
    }
    vfprintf(stderr, fmt, ap);
}

void error_printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_vprintf(fmt, ap);
    va_end(ap);
}

static void vreport(const char *kind, const char *fmt, va_list ap)
{
    /* A monitor redirect shows the bare message, as QEMU's monitors do. */
    if (!print_redirect) {
        error_printf("%s: ", error_get_progname());
        if (loc_text) {
            error_printf("%s: ", loc_text);
        }
    }
    if (kind) {
        error_printf("%s", kind);
    }
    error_vprintf(fmt, ap);
    error_printf("\n");
}

void error_vreport(const char *fmt, va_list ap)
{
    vreport(NULL, fmt, ap);
}

void warn_vreport(const char *fmt, va_list ap)
{
    vreport("warning: ", fmt, ap);
}

void error_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(NULL, fmt, ap);
    va_end(ap);
}

void warn_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("warning: ", fmt, ap);
    va_end(ap);
}

void info_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("info: ", fmt, ap);
    va_end(ap);
}

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

void loc_set_cmdline(const char *option, const char *arg)
{
    g_free(loc_text);
    loc_text = arg ? g_strdup_printf("%s %s", option, arg) : g_strdup(option);
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

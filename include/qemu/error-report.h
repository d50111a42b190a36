/*
 * Messages to the user on stderr, prefixed with the program name
 * ("qemu-img: ...") as real QEMU prints them.
 */
#ifndef QEMU_ERROR_REPORT_H
#define QEMU_ERROR_REPORT_H

#include <stdarg.h>

/* Set the prefix printed before every report; defaults to g_get_prgname(). */
void error_set_progname(const char *argv0);
const char *error_get_progname(void);

/* A location (e.g. "-object secret,id=s0") printed before the message. */
void loc_set_cmdline(const char *option, const char *arg);
void loc_clear(void);

void error_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void info_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void error_vreport(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
void warn_vreport(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Plain printf to stderr (or to the current monitor, once monitors exist). */
void error_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void error_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/*
 * Redirect error_printf() output, e.g. to an HMP monitor while it runs a
 * command. @fn gets already formatted text. Pass NULL to restore stderr.
 */
typedef void ErrorPrintFunc(void *opaque, const char *text);
void error_printf_redirect(ErrorPrintFunc *fn, void *opaque);

#endif

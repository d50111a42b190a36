/*
 * The Error API: how every fallible function reports failure.
 *
 * Contract:
 * - A fallible function takes "Error **errp" as its last parameter and
 *   returns a value that says whether it failed (false, NULL or negative).
 *   Callers test the return value, not *errp.
 * - On failure it sets exactly one error with error_setg() (or passes one
 *   on with error_propagate()); on success it leaves *errp alone.
 * - errp may be NULL (caller does not care), &error_fatal (print and exit 1)
 *   or &error_abort (a programming error: print and abort).
 * - An error is either reported (error_report_err) or returned, never both.
 * - Messages are one phrase a user can act on: what was being done, to which
 *   object, and why. No trailing newline or period. Never put secret bytes
 *   in a message.
 */
#ifndef QEMU_ERROR_H
#define QEMU_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <glib.h>

typedef struct Error Error;

/* QMP error classes (the wire names are those of real QEMU). */
typedef enum ErrorClass {
    ERROR_CLASS_GENERIC_ERROR,
    ERROR_CLASS_COMMAND_NOT_FOUND,
    ERROR_CLASS_DEVICE_NOT_ACTIVE,
    ERROR_CLASS_DEVICE_NOT_FOUND,
    ERROR_CLASS_KVM_MISSING,
    ERROR_CLASS__MAX,
} ErrorClass;

extern Error *error_fatal;
extern Error *error_abort;

/* The QMP wire name of @cls, e.g. "GenericError". */
const char *error_class_name(ErrorClass cls);

#define error_setg(errp, ...) \
    error_setg_internal((errp), __FILE__, __LINE__, __func__, __VA_ARGS__)
#define error_setg_errno(errp, os_errno, ...) \
    error_setg_errno_internal((errp), __FILE__, __LINE__, __func__, \
                              (os_errno), __VA_ARGS__)
#define error_set(errp, cls, ...) \
    error_set_internal((errp), __FILE__, __LINE__, __func__, (cls), __VA_ARGS__)

void error_setg_internal(Error **errp, const char *src, int line,
                         const char *func, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void error_setg_errno_internal(Error **errp, const char *src, int line,
                               const char *func, int os_errno,
                               const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void error_set_internal(Error **errp, const char *src, int line,
                        const char *func, ErrorClass cls,
                        const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/*
 * Move @local_err into @dst_errp. If @dst_errp is NULL the error is freed;
 * &error_fatal / &error_abort report it and end the program. If *dst_errp
 * is already set, @local_err is freed (the first error wins).
 */
void error_propagate(Error **dst_errp, Error *local_err);

/* Prefix the message of *errp (if any) with the formatted text. */
void error_prepend(Error **errp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Add a hint line, printed after the message by error_report_err(). */
void error_append_hint(Error **errp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

const char *error_get_pretty(const Error *err);
ErrorClass error_get_class(const Error *err);
Error *error_copy(const Error *err);
void error_free(Error *err);
void error_free_or_abort(Error **errp);

/* Print "progname: message" (and hints) to stderr, then free @err. */
void error_report_err(Error *err);
/* As error_report_err() but as a warning. */
void warn_report_err(Error *err);

/* g_autoptr(Error) support. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Error, error_free)

/*
 * ERRP_GUARD(): lets a function dereference errp safely (to test *errp after
 * a void call) even when the caller passed NULL or &error_fatal.
 */
typedef struct ErrorPropagator {
    Error *local_err;
    Error **errp;
} ErrorPropagator;

static inline void error_propagator_cleanup(ErrorPropagator *prop)
{
    error_propagate(prop->errp, prop->local_err);
}

#define ERRP_GUARD() \
    g_auto(ErrorPropagator) _auto_errp_prop = { .errp = errp }; \
    do { \
        if (!errp || errp == &error_fatal) { \
            errp = &_auto_errp_prop.local_err; \
        } \
    } while (0)

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ErrorPropagator, error_propagator_cleanup)

#endif

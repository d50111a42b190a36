/*
 * The Error API (see include/qemu/error.h for the contract).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/error-report.h"

struct Error {
    char *msg;
    ErrorClass err_class;
    const char *src, *func;
    int line;
    GString *hint;
};

Error *error_abort;
Error *error_fatal;

static const char *const error_class_names[ERROR_CLASS__MAX] = {
    [ERROR_CLASS_GENERIC_ERROR] = "GenericError",
    [ERROR_CLASS_COMMAND_NOT_FOUND] = "CommandNotFound",
    [ERROR_CLASS_DEVICE_NOT_ACTIVE] = "DeviceNotActive",
    [ERROR_CLASS_DEVICE_NOT_FOUND] = "DeviceNotFound",
    [ERROR_CLASS_KVM_MISSING] = "KVMMissing",
};

const char *error_class_name(ErrorClass cls)
{
    assert(cls >= 0 && cls < ERROR_CLASS__MAX);
    return error_class_names[cls];
}

static void error_handle_special(Error **errp, Error *err)
{
    if (errp == &error_abort) {
        fprintf(stderr, "Unexpected error in %s() at %s:%d:\n",
                err->func, err->src, err->line);
        error_report("%s", error_get_pretty(err));
        if (err->hint) {
            error_printf("%s", err->hint->str);
        }
        abort();
    }
    if (errp == &error_fatal) {
        error_report_err(err);
        exit(1);
    }
}

static void error_setv(Error **errp, const char *src, int line,
                       const char *func, ErrorClass cls, const char *fmt,
                       va_list ap, const char *suffix)
{
    Error *err;
    int saved_errno = errno;

    if (errp == NULL) {
        errno = saved_errno;
        return;
    }
    assert(*errp == NULL);

    err = g_new0(Error, 1);
    err->msg = g_strdup_vprintf(fmt, ap);
    if (suffix) {
        char *msg = err->msg;
        err->msg = g_strdup_printf("%s: %s", msg, suffix);
        g_free(msg);
    }
    err->err_class = cls;
    err->src = src;
    err->line = line;
    err->func = func;

    error_handle_special(errp, err);
    *errp = err;
    errno = saved_errno;
}

void error_setg_internal(Error **errp, const char *src, int line,
                         const char *func, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(errp, src, line, func, ERROR_CLASS_GENERIC_ERROR, fmt, ap, NULL);
    va_end(ap);
}

void error_set_internal(Error **errp, const char *src, int line,
                        const char *func, ErrorClass cls,
                        const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(errp, src, line, func, cls, fmt, ap, NULL);
    va_end(ap);
}

void error_setg_errno_internal(Error **errp, const char *src, int line,
                               const char *func, int os_errno,
                               const char *fmt, ...)
{
    va_list ap;
    int saved_errno = errno;

    va_start(ap, fmt);
    error_setv(errp, src, line, func, ERROR_CLASS_GENERIC_ERROR, fmt, ap,
               os_errno != 0 ? g_strerror(os_errno) : NULL);
    va_end(ap);
    errno = saved_errno;
}

void error_prepend(Error **errp, const char *fmt, ...)
{
    va_list ap;
    char *prefix;
    char *msg;

    if (!errp || !*errp || errp == &error_fatal || errp == &error_abort) {
        return;
    }
    va_start(ap, fmt);
    prefix = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    msg = (*errp)->msg;
    (*errp)->msg = g_strconcat(prefix, msg, NULL);
    g_free(prefix);
    g_free(msg);
}

void error_append_hint(Error **errp, const char *fmt, ...)
{
    va_list ap;
    int saved_errno = errno;

    if (!errp || !*errp || errp == &error_fatal || errp == &error_abort) {
        return;
    }
    if (!(*errp)->hint) {
        (*errp)->hint = g_string_new(NULL);
    }
    va_start(ap, fmt);
    g_string_append_vprintf((*errp)->hint, fmt, ap);
    va_end(ap);
    errno = saved_errno;
}

const char *error_get_pretty(const Error *err)
{
    return err->msg;
}

ErrorClass error_get_class(const Error *err)
{
    return err->err_class;
}

Error *error_copy(const Error *err)
{
    Error *copy = g_new0(Error, 1);

    copy->msg = g_strdup(err->msg);
    copy->err_class = err->err_class;
    copy->src = err->src;
    copy->line = err->line;
    copy->func = err->func;
    if (err->hint) {
        copy->hint = g_string_new(err->hint->str);
    }
    return copy;
}

void error_free(Error *err)
{
    if (err) {
        g_free(err->msg);
        if (err->hint) {
            g_string_free(err->hint, true);
        }
        g_free(err);
    }
}

void error_free_or_abort(Error **errp)
{
    assert(errp && *errp);
    error_free(*errp);
    *errp = NULL;
}

void error_propagate(Error **dst_errp, Error *local_err)
{
    if (!local_err) {
        return;
    }
    error_handle_special(dst_errp, local_err);
    if (dst_errp && !*dst_errp) {
        *dst_errp = local_err;
    } else {
        error_free(local_err);
    }
}

void error_report_err(Error *err)
{
    error_report("%s", error_get_pretty(err));
    if (err->hint) {
        error_printf("%s", err->hint->str);
    }
    error_free(err);
}

void warn_report_err(Error *err)
{
    warn_report("%s", error_get_pretty(err));
    if (err->hint) {
        error_printf("%s", err->hint->str);
    }
    error_free(err);
}

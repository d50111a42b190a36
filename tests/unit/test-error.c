/*
 * Unit tests for the Error API.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/error-report.h"

static bool fail_with(int n, Error **errp)
{
    if (n < 0) {
        error_setg(errp, "value %d is negative", n);
        return false;
    }
    return true;
}

static void test_setg_and_free(void)
{
    Error *err = NULL;

    g_assert_true(fail_with(1, &err));
    g_assert_null(err);
    g_assert_false(fail_with(-3, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, "value -3 is negative");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_GENERIC_ERROR);
    g_assert_cmpstr(error_class_name(error_get_class(err)), ==, "GenericError");
    error_free(err);
}

static void test_null_errp(void)
{
    g_assert_false(fail_with(-1, NULL));
}

static void test_errno(void)
{
    Error *err = NULL;

    error_setg_errno(&err, ENOENT, "Could not open '%s'", "x.img");
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Could not open 'x.img': No such file or directory");
    error_free(err);
}

static void test_prepend_propagate(void)
{
    Error *local = NULL;
    Error *dst = NULL;

    fail_with(-2, &local);
    error_prepend(&local, "node '%s': ", "disk0");
    error_propagate(&dst, local);
    g_assert_cmpstr(error_get_pretty(dst), ==, "node 'disk0': value -2 is negative");

    /* the first error wins; the second is freed */
    local = NULL;
    fail_with(-5, &local);
    error_propagate(&dst, local);
    g_assert_cmpstr(error_get_pretty(dst), ==, "node 'disk0': value -2 is negative");
    error_free(dst);

    error_propagate(NULL, NULL);
    local = NULL;
    fail_with(-5, &local);
    error_propagate(NULL, local);
}

static void test_class(void)
{
    Error *err = NULL;

    error_set(&err, ERROR_CLASS_COMMAND_NOT_FOUND, "The command %s has not been found", "foo");
    g_assert_cmpstr(error_class_name(error_get_class(err)), ==, "CommandNotFound");
    Error *copy = error_copy(err);
    error_free(err);
    g_assert_cmpstr(error_get_pretty(copy), ==, "The command foo has not been found");
    error_free(copy);
}

static void void_fail(Error **errp)
{
    error_setg(errp, "inner failure");
}

static bool guarded(Error **errp)
{
    ERRP_GUARD();

    void_fail(errp);
    if (*errp) {
        error_prepend(errp, "outer: ");
        return false;
    }
    return true;
}

static void test_errp_guard(void)
{
    Error *err = NULL;

    g_assert_false(guarded(NULL));
    g_assert_false(guarded(&err));
    g_assert_cmpstr(error_get_pretty(err), ==, "outer: inner failure");
    error_free(err);
}

static void test_fatal_exits(void)
{
    if (g_test_subprocess()) {
        error_set_progname("test-prog");
        fail_with(-7, &error_fatal);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("test-prog: value -7 is negative\n");
}

static void test_hint(void)
{
    if (g_test_subprocess()) {
        Error *err = NULL;
        error_set_progname("/usr/bin/qemu-img");
        error_setg(&err, "bad size");
        error_append_hint(&err, "Try 1G\n");
        error_report_err(err);
        warn_report("careful %d", 1);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr("qemu-img: bad size\nTry 1G\nqemu-img: warning: careful 1\n");
}

/* The -object location printed before an error never shows secret data. */
static void test_loc_redacts_secrets(void)
{
    if (g_test_subprocess()) {
        error_set_progname("qemu-system-x86_64");
        loc_set_cmdline("-object", "secret,id=s0,data=hunter2,bogus=1");
        error_report("Parameter 'bogus' is unexpected");
        loc_set_cmdline("-object", "secret,id=s1,data=a,,b=c,,,format=raw");
        error_report("one");
        loc_set_cmdline("-blockdev", "driver=x,file.data=p,metadata=ok");
        error_report("two");
        loc_set_cmdline("-object", "{ \"qom-type\": \"secret\", "
                        "\"data\" : \"pa\\\"ss\", \"id\": \"data\" }");
        error_report("three");
        loc_set_cmdline("-m", "1G");
        error_report("four");
        loc_clear();
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr(
        "qemu-system-x86_64: -object secret,id=s0,data=***,bogus=1: "
        "Parameter 'bogus' is unexpected\n"
        "qemu-system-x86_64: -object secret,id=s1,data=***,format=raw: one\n"
        "qemu-system-x86_64: -blockdev driver=x,file.data=***,metadata=ok: "
        "two\n"
        "qemu-system-x86_64: -object { \"qom-type\": \"secret\", "
        "\"data\" : \"***\", \"id\": \"data\" }: three\n"
        "qemu-system-x86_64: -m 1G: four\n");
    g_test_trap_assert_stderr_unmatched("*hunter2*");
    g_test_trap_assert_stderr_unmatched("*ss*");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/error/setg", test_setg_and_free);
    g_test_add_func("/error/null-errp", test_null_errp);
    g_test_add_func("/error/errno", test_errno);
    g_test_add_func("/error/prepend-propagate", test_prepend_propagate);
    g_test_add_func("/error/class", test_class);
    g_test_add_func("/error/errp-guard", test_errp_guard);
    g_test_add_func("/error/fatal", test_fatal_exits);
    g_test_add_func("/error/hint", test_hint);
    g_test_add_func("/error/loc-redacts-secrets", test_loc_redacts_secrets);
    return g_test_run();
}

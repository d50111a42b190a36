/*
 * libFuzzer target for the keyval parser (util/keyval.c).
 *
 * The first input byte picks the variant (implied key or not, help allowed
 * or not); the rest, up to the first NUL, is the option string.  Checks:
 * - never a crash, leak or sanitizer report;
 * - failure always comes with one of the parser's own messages;
 * - success gives a well-formed tree (tests/unit/keyval-check.h): valid
 *   keys, only QString leaves, non-empty lists, and printing it back in
 *   keyval syntax parses to an equal QDict;
 * - parsing is deterministic, and merging a result into an equal one works.
 */
#include "qemu/osdep.h"
#include "qemu/keyval.h"
#include "../unit/keyval-check.h"

static bool known_error(const char *msg)
{
    static const char *const prefixes[] = {
        "Invalid parameter '", "Expected '=' after parameter '",
        "Parameters '", "Parameter '", "Parameter fragment '",
        "Help is not available for this option",
    };

    for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
        if (g_str_has_prefix(msg, prefixes[i])) {
            return true;
        }
    }
    return false;
}

static void fail(const char *params, const char *what)
{
    fprintf(stderr, "keyval invariant broken for \"%s\": %s\n", params, what);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *params = NULL;
    const char *implied;
    bool help = false;
    bool *p_help;
    Error *err = NULL, *err2 = NULL;
    QDict *d, *d2;
    g_autofree char *problem = NULL;

    if (size < 1) {
        return 0;
    }
    implied = data[0] & 1 ? "qom-type" : NULL;
    p_help = data[0] & 2 ? &help : NULL;
    params = g_strndup((const char *)data + 1, size - 1);

    d = keyval_parse(params, implied, p_help, &err);
    d2 = keyval_parse(params, implied, p_help, &err2);
    if (!d) {
        if (!err || !known_error(error_get_pretty(err))) {
            fail(params, err ? error_get_pretty(err) : "NULL without error");
        }
        if (d2 || !err2 ||
            strcmp(error_get_pretty(err), error_get_pretty(err2))) {
            fail(params, "second parse differs");
        }
        error_free(err);
        error_free(err2);
        return 0;
    }
    if (err || !d2 || err2) {
        fail(params, "success with an error set, or second parse failed");
    }
    if (!qobject_is_equal(QOBJECT(d), QOBJECT(d2))) {
        fail(params, "second parse differs");
    }
    problem = keyval_check_result(d);
    if (problem) {
        fail(params, problem);
    }
    /* Same shapes on both sides: the merge must succeed. */
    if (!keyval_merge(d2, d, &err)) {
        fail(params, error_get_pretty(err));
    }
    qobject_unref(d);
    qobject_unref(d2);
    return 0;
}

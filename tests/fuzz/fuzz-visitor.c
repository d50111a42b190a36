/*
 * libFuzzer target for the input visitors: arbitrary bytes as a JSON
 * document, a keyval option string or a string-visitor scalar, visited as
 * the test types of tests/unit/visitor-test-types.h.
 *
 * Invariants checked on every input:
 * - a visit succeeds exactly when it sets no error and returns a value;
 * - a failed visit frees everything it built (ASan/LSan catch leaks);
 * - a value that was read back survives output -> input -> output
 *   unchanged, and its clone outputs the same tree.
 */
#include "qemu/osdep.h"
#include "qemu/keyval.h"
#include "qapi/clone-visitor.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/string-input-visitor.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "../unit/visitor-test-types.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static QObject *outer_to_qobject(TestOuter *o)
{
    QObject *obj;
    Visitor *v = qobject_output_visitor_new(&obj);

    if (!visit_type_TestOuter(v, NULL, &o, NULL)) {
        abort();
    }
    visit_complete(v, &obj);
    visit_free(v);
    return obj;
}

static void check_round_trip(TestOuter *o)
{
    g_autoptr(QObject) first = outer_to_qobject(o);
    g_autoptr(QObject) second = NULL;
    g_autoptr(QObject) cloned = NULL;
    TestOuter *back = NULL, *copy;
    Visitor *v = qobject_input_visitor_new(first);

    if (!visit_type_TestOuter(v, NULL, &back, NULL)) {
        abort();        /* our own output must read back */
    }
    visit_free(v);
    second = outer_to_qobject(back);
    copy = QAPI_CLONE(TestOuter, back);
    cloned = outer_to_qobject(copy);
    if (!qobject_is_equal(first, second) || !qobject_is_equal(first, cloned)) {
        abort();
    }
    qapi_free_TestOuter(back);
    qapi_free_TestOuter(copy);
}

static void visit_checked(Visitor *v)
{
    TestOuter *o = NULL;
    Error *err = NULL;
    bool ok = visit_type_TestOuter(v, NULL, &o, &err);

    if (ok != (o != NULL) || ok != (err == NULL)) {
        abort();
    }
    if (ok) {
        check_round_trip(o);
    }
    error_free(err);
    qapi_free_TestOuter(o);
}

static void fuzz_string_visitor(const char *text)
{
    Visitor *v = string_input_visitor_new(text);
    intList *list = NULL;
    Error *err = NULL;
    bool ok = visit_type_intList(v, "l", &list, &err);

    if (ok != (err == NULL) || (!ok && list)) {
        abort();
    }
    error_free(err);
    qapi_free_intList(list);
    visit_free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = NULL;
    Visitor *v;

    if (size < 1 || memchr(data + 1, 0, size - 1)) {
        return 0;
    }
    text = g_strndup((const char *)data + 1, size - 1);

    switch (data[0] % 3) {
    case 0: {
        g_autoptr(QObject) obj = qobject_from_json(text, NULL);

        if (obj) {
            v = qobject_input_visitor_new(obj);
            visit_checked(v);
            visit_free(v);
        }
        break;
    }
    case 1: {
        g_autoptr(QDict) args = keyval_parse(text, "name", NULL, NULL);

        if (args) {
            v = qobject_input_visitor_new_keyval(QOBJECT(args));
            visit_checked(v);
            visit_free(v);
        }
        break;
    }
    default:
        fuzz_string_visitor(text);
    }
    return 0;
}

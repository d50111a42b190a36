/*
 * Unit tests for notifier lists.
 */
#include "qemu/osdep.h"
#include "qemu/notify.h"

typedef struct {
    Notifier n;
    GString *trace;
    const char *tag;
    bool remove_self;
} Hook;

static void hook_cb(Notifier *n, void *data)
{
    Hook *h = container_of(n, Hook, n);

    g_string_append_printf(h->trace, "%s:%s ", h->tag, (const char *)data);
    if (h->remove_self) {
        notifier_remove(n);
    }
}

static void test_notify_order_and_remove(void)
{
    NotifierList list = NOTIFIER_LIST_INITIALIZER(list);
    GString *trace = g_string_new("");
    Hook a = { { hook_cb }, trace, "a" };
    Hook b = { { hook_cb }, trace, "b", true };
    Hook c = { { hook_cb }, trace, "c" };

    g_assert_true(notifier_list_empty(&list));
    notifier_list_add(&list, &a.n);
    notifier_list_add(&list, &b.n);
    notifier_list_add(&list, &c.n);
    g_assert_false(notifier_list_empty(&list));
    notifier_list_notify(&list, "1");
    /* Newest first; b removed itself during the walk. */
    g_assert_cmpstr(trace->str, ==, "c:1 b:1 a:1 ");
    notifier_list_notify(&list, "2");
    g_assert_cmpstr(trace->str, ==, "c:1 b:1 a:1 c:2 a:2 ");
    notifier_remove(&b.n);          /* already out: no-op */
    notifier_remove(&c.n);
    notifier_remove(&a.n);
    g_assert_true(notifier_list_empty(&list));
    g_string_free(trace, true);
}

typedef struct {
    NotifierWithReturn n;
    int ret;
    int calls;
} Veto;

static int veto_cb(NotifierWithReturn *n, void *data)
{
    Veto *v = container_of(n, Veto, n);

    v->calls++;
    return v->ret;
}

static void test_notify_with_return(void)
{
    NotifierWithReturnList list;
    Veto first = { { veto_cb }, 0 }, second = { { veto_cb }, -5 },
         third = { { veto_cb }, 7 };

    notifier_with_return_list_init(&list);
    g_assert_cmpint(notifier_with_return_list_notify(&list, NULL), ==, 0);
    notifier_with_return_list_add(&list, &first.n);
    notifier_with_return_list_add(&list, &second.n);
    notifier_with_return_list_add(&list, &third.n);
    /* third runs first and vetoes with 7: nobody else runs. */
    g_assert_cmpint(notifier_with_return_list_notify(&list, NULL), ==, 7);
    g_assert_cmpint(third.calls + second.calls + first.calls, ==, 1);
    notifier_with_return_remove(&third.n);
    g_assert_cmpint(notifier_with_return_list_notify(&list, NULL), ==, -5);
    notifier_with_return_remove(&second.n);
    g_assert_cmpint(notifier_with_return_list_notify(&list, NULL), ==, 0);
    g_assert_cmpint(first.calls, ==, 1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/notify/order-remove", test_notify_order_and_remove);
    g_test_add_func("/notify/with-return", test_notify_with_return);
    return g_test_run();
}

/*
 * Unit tests for util/log.c (-d / -D).
 */
#include "qemu/osdep.h"
#include "qemu/log.h"

static char *tmpdir;

static char *read_file(const char *path)
{
    char *buf = NULL;
    GError *gerr = NULL;

    g_assert_true(g_file_get_contents(path, &buf, NULL, &gerr));
    g_assert_no_error(gerr);
    return buf;
}

static void test_mask_parse(void)
{
    static const struct {
        const char *str;
        int mask;
        const char *err;
    } cases[] = {
        { "in_asm", CPU_LOG_TB_IN_ASM, NULL },
        { "in_asm,op,exec", CPU_LOG_TB_IN_ASM | CPU_LOG_TB_OP | CPU_LOG_EXEC,
          NULL },
        { "out_asm,op_opt,int,cpu,cpu_reset",
          CPU_LOG_TB_OUT_ASM | CPU_LOG_TB_OP_OPT | CPU_LOG_INT |
          CPU_LOG_TB_CPU | CPU_LOG_RESET, NULL },
        { "unimp,guest_errors", LOG_UNIMP | LOG_GUEST_ERROR, NULL },
        { "mmu,page,pcall,strace", CPU_LOG_MMU | CPU_LOG_PAGE |
          CPU_LOG_PCALL | LOG_STRACE, NULL },
        { "trace:qcow2_*", LOG_TRACE, NULL },
        { "int,trace:x", CPU_LOG_INT | LOG_TRACE, NULL },
        { "foo", 0, "Unknown log item 'foo' (use '-d help' for a list)" },
        { "in_asm,foo,op", 0,
          "Unknown log item 'foo' (use '-d help' for a list)" },
        { "in_asm,,op", 0, "Unknown log item '' (use '-d help' for a list)" },
        { "in_asm,", 0, "Unknown log item '' (use '-d help' for a list)" },
        { "IN_ASM", 0, "Unknown log item 'IN_ASM' (use '-d help' for a list)" },
        { "trace:", 0, "Unknown log item 'trace:' (use '-d help' for a list)" },
        { "", 0, "No log items given (use '-d help' for a list)" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        Error *err = NULL;
        int mask = -1;
        bool ok = qemu_parse_log_mask(cases[i].str, &mask, &err);

        g_test_message("-d %s", cases[i].str);
        g_assert_cmpint(mask, ==, cases[i].mask);
        g_assert_cmpint(qemu_str_to_log_mask(cases[i].str), ==, cases[i].mask);
        if (cases[i].err) {
            g_assert_false(ok);
            g_assert_cmpstr(error_get_pretty(err), ==, cases[i].err);
            error_free(err);
        } else {
            g_assert_true(ok);
            g_assert_null(err);
        }
    }
}

static void test_mask_all(void)
{
    int all = qemu_str_to_log_mask("all");
    int expect = 0;

    for (const QEMULogItem *item = qemu_log_items; item->mask; item++) {
        expect |= item->mask;
        /* every item name parses to its own bit */
        g_assert_cmpint(qemu_str_to_log_mask(item->name), ==, item->mask);
    }
    g_assert_cmpint(all, ==, expect);
    g_assert_true(all & CPU_LOG_TB_IN_ASM);
    g_assert_true(all & LOG_STRACE);
    g_assert_false(all & LOG_TRACE);
}

static void test_usage(void)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    g_autofree char *text = NULL;

    qemu_print_log_usage(f);
    fclose(f);
    text = buf;
    g_assert_true(g_str_has_prefix(text, "Log items (comma separated):\n"));
    for (const QEMULogItem *item = qemu_log_items; item->mask; item++) {
        g_autofree char *line = g_strdup_printf("\n%-15s %s\n", item->name,
                                                item->help);
        g_assert_nonnull(strstr(text, line));
    }
    g_assert_nonnull(strstr(text, "\nin_asm          "));
    g_assert_nonnull(strstr(text, "\nguest_errors    "));
    g_assert_nonnull(strstr(text, "\ntrace:PATTERN   enable trace events\n"));
}

static void test_log_to_file(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "plain.log", NULL);
    g_autofree char *content = NULL;
    FILE *f;

    qemu_log_close();
    g_assert_false(qemu_log_enabled());
    g_assert_null(qemu_log_trylock());
    qemu_log("dropped %d\n", 1);

    g_assert_true(qemu_set_log_filename(path, &error_abort));
    /* No mask yet: no file opened. */
    g_assert_false(qemu_log_enabled());
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));

    g_assert_true(qemu_set_log(CPU_LOG_INT | LOG_UNIMP, &error_abort));
    g_assert_true(qemu_log_enabled());
    g_assert_true(qemu_log_separate());
    g_assert_cmpstr(qemu_log_get_filename(), ==, path);
    g_assert_true(qemu_loglevel_mask(CPU_LOG_INT));
    g_assert_true(qemu_loglevel_mask(CPU_LOG_INT | CPU_LOG_EXEC));
    g_assert_false(qemu_loglevel_mask(CPU_LOG_EXEC));

    qemu_log("hello %s\n", "world");
    qemu_log_mask(CPU_LOG_INT, "int %d\n", 3);
    qemu_log_mask(CPU_LOG_EXEC, "exec %d\n", 4);
    f = qemu_log_trylock();
    g_assert_nonnull(f);
    fprintf(f, "block line 1\n");
    qemu_log("nested\n");   /* the lock is recursive */
    fprintf(f, "block line 2\n");
    qemu_log_unlock(f);
    qemu_log_unlock(NULL);

    /* Changing the mask must not truncate the file. */
    g_assert_true(qemu_set_log(CPU_LOG_EXEC, &error_abort));
    qemu_log_mask(CPU_LOG_EXEC, "exec %d\n", 5);
    /* Off and on again: appended, not truncated. */
    g_assert_true(qemu_set_log(0, &error_abort));
    g_assert_false(qemu_log_enabled());
    qemu_log("dropped\n");
    g_assert_true(qemu_set_log(LOG_UNIMP, &error_abort));
    qemu_log("again\n");

    content = read_file(path);
    g_assert_cmpstr(content, ==,
                    "hello world\nint 3\nblock line 1\nnested\nblock line 2\n"
                    "exec 5\nagain\n");
    qemu_log_close();
    g_assert_cmpint(qemu_loglevel, ==, 0);
    unlink(path);
}

static void test_filename_pid(void)
{
    g_autofree char *tmpl = g_build_filename(tmpdir, "qemu-%d.log", NULL);
    g_autofree char *name = g_strdup_printf("qemu-%d.log", (int)getpid());
    g_autofree char *expect = g_build_filename(tmpdir, name, NULL);
    g_autofree char *content = NULL;

    g_assert_true(qemu_set_log_filename_flags(tmpl, LOG_GUEST_ERROR,
                                              &error_abort));
    g_assert_cmpstr(qemu_log_get_filename(), ==, expect);
    qemu_log_mask(LOG_GUEST_ERROR, "guest did %s\n", "wrong");
    qemu_log_close();
    content = read_file(expect);
    g_assert_cmpstr(content, ==, "guest did wrong\n");
    unlink(expect);
}

static void test_filename_errors(void)
{
    static const char *const bad[] = {
        "/tmp/log-%s", "/tmp/log-%d-%d", "/tmp/log-%", "/tmp/%%",
        "/tmp/%x%d",
    };
    g_autofree char *good = g_build_filename(tmpdir, "keep.log", NULL);
    Error *err = NULL;

    qemu_log_close();
    g_assert_true(qemu_set_log_filename(good, &error_abort));
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        g_autofree char *msg = g_strdup_printf("Bad logfile template: %s",
                                               bad[i]);

        g_assert_false(qemu_set_log_filename(bad[i], &err));
        g_assert_cmpstr(error_get_pretty(err), ==, msg);
        error_free(err);
        err = NULL;
        /* A rejected name leaves the previous one in place. */
        g_assert_cmpstr(qemu_log_get_filename(), ==, good);
    }

    g_assert_false(qemu_set_log_filename_flags("/nonexistent/dir/q.log",
                                               CPU_LOG_INT, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Error opening logfile /nonexistent/dir/q.log: "
                    "No such file or directory");
    error_free(err);
    err = NULL;
    g_assert_false(qemu_log_enabled());
    g_assert_cmpint(qemu_loglevel, ==, 0);

    /* NULL goes back to stderr. */
    g_assert_true(qemu_set_log_filename_flags(NULL, CPU_LOG_INT,
                                              &error_abort));
    g_assert_true(qemu_log_enabled());
    g_assert_false(qemu_log_separate());
    g_assert_null(qemu_log_get_filename());
    {
        FILE *f = qemu_log_trylock();

        g_assert_true(f == stderr);
        qemu_log_unlock(f);
    }
    qemu_log_close();
}

#define THREADS 4
#define BLOCKS 300
#define LINES 5

static gpointer log_thread(gpointer opaque)
{
    int id = GPOINTER_TO_INT(opaque);

    for (int b = 0; b < BLOCKS; b++) {
        FILE *f = qemu_log_trylock();

        g_assert_nonnull(f);
        for (int l = 0; l < LINES; l++) {
            fprintf(f, "t%d b%d l%d\n", id, b, l);
            if (l == 2) {
                g_thread_yield();
            }
        }
        qemu_log_unlock(f);
        /* Flip the mask from another thread's point of view meanwhile. */
        if (id == 0 && b % 50 == 0) {
            g_assert_true(qemu_set_log(CPU_LOG_INT | CPU_LOG_EXEC,
                                       &error_abort));
        }
    }
    return NULL;
}

/* Blocks written under qemu_log_trylock() never interleave. */
static void test_threads(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "threads.log", NULL);
    g_autofree char *content = NULL;
    g_auto(GStrv) lines = NULL;
    GThread *th[THREADS];
    int next_block[THREADS] = { 0 };
    size_t n;

    g_assert_true(qemu_set_log_filename_flags(path, CPU_LOG_INT,
                                              &error_abort));
    for (int i = 0; i < THREADS; i++) {
        th[i] = g_thread_new("log", log_thread, GINT_TO_POINTER(i));
    }
    for (int i = 0; i < THREADS; i++) {
        g_thread_join(th[i]);
    }
    qemu_log_close();

    content = read_file(path);
    lines = g_strsplit(content, "\n", -1);
    n = g_strv_length(lines);
    g_assert_cmpuint(n, ==, THREADS * BLOCKS * LINES + 1);
    for (size_t i = 0; i + 1 < n; i += LINES) {
        int t, b, l;

        g_assert_cmpint(sscanf(lines[i], "t%d b%d l%d", &t, &b, &l), ==, 3);
        g_assert_cmpint(l, ==, 0);
        g_assert_cmpint(b, ==, next_block[t]);
        next_block[t]++;
        for (int j = 1; j < LINES; j++) {
            g_autofree char *want = g_strdup_printf("t%d b%d l%d", t, b, j);

            g_assert_cmpstr(lines[i + j], ==, want);
        }
    }
    unlink(path);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("test-log-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);
    g_test_add_func("/log/mask/parse", test_mask_parse);
    g_test_add_func("/log/mask/all", test_mask_all);
    g_test_add_func("/log/usage", test_usage);
    g_test_add_func("/log/file", test_log_to_file);
    g_test_add_func("/log/filename-pid", test_filename_pid);
    g_test_add_func("/log/filename-errors", test_filename_errors);
    g_test_add_func("/log/threads", test_threads);
    ret = g_test_run();
    rmdir(tmpdir);
    g_free(tmpdir);
    return ret;
}

/*
 * Chardevs: -chardev and legacy option parsing (exact errors, garbage),
 * the file, pipe, null and socket backends through the front-end API,
 * the mux (focus, escapes, buffering) and the registry rules.
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "chardev/char-fe.h"
#include "qemu/main-loop.h"
#include "sysemu/runstate.h"

/* The mux's C-a x asks for a shutdown: record it. */
static int shutdown_requests;
void qemu_system_shutdown_request(ShutdownCause reason)
{
    shutdown_requests++;
}

static char *tmpdir;

/* A front end that records what it gets. */
typedef struct FE {
    CharBackend be;
    GString *got;
    int can_read;           /* what can_read answers */
    int opened, closed, mux_in, mux_out;
} FE;

static int fe_can_read(void *opaque)
{
    return ((FE *)opaque)->can_read;
}

static void fe_read(void *opaque, const uint8_t *buf, int size)
{
    g_string_append_len(((FE *)opaque)->got, (const char *)buf, size);
}

static void fe_event(void *opaque, QEMUChrEvent event)
{
    FE *fe = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        fe->opened++;
        break;
    case CHR_EVENT_CLOSED:
        fe->closed++;
        break;
    case CHR_EVENT_MUX_IN:
        fe->mux_in++;
        break;
    case CHR_EVENT_MUX_OUT:
        fe->mux_out++;
        break;
    default:
        break;
    }
}

static void fe_attach(FE *fe, Chardev *chr)
{
    memset(fe, 0, sizeof(*fe));
    fe->got = g_string_new(NULL);
    fe->can_read = 4096;
    g_assert_true(qemu_chr_fe_init(&fe->be, chr, &error_abort));
    qemu_chr_fe_set_handlers(&fe->be, fe_can_read, fe_read, fe_event, fe,
                             true);
}

static void fe_detach(FE *fe)
{
    qemu_chr_fe_deinit(&fe->be, false);
    g_string_free(fe->got, true);
}

/* Run the main loop until @cond or 2 s. */
#define RUN_UNTIL(cond) do { \
        gint64 end_ = g_get_monotonic_time() + 2 * G_USEC_PER_SEC; \
        while (!(cond) && g_get_monotonic_time() < end_) { \
            main_loop_wait(true); \
            g_usleep(1000); \
        } \
    } while (0)

static void check_opts_error(const char *opts, const char *want)
{
    Error *err = NULL;
    Chardev *chr = qemu_chr_new_from_opts(opts, &err);

    g_assert_null(chr);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, want);
    error_free(err);
}

static void test_opts_errors(void)
{
    check_opts_error("null", "chardev: no id specified");
    check_opts_error("null,id=x,foo=bar", "Invalid parameter 'foo'");
    check_opts_error("bogus,id=x", "'bogus' is not a valid char driver name");
    check_opts_error("fd,id=x", "'fd' is not a valid char driver name");
    check_opts_error("file,id=x", "chardev: file: no filename given");
    check_opts_error("pipe,id=x", "chardev: pipe: no filename given");
    check_opts_error("socket,id=x", "chardev: socket: no host given");
    check_opts_error("socket,id=x,host=h", "chardev: socket: no port given");
    check_opts_error("socket,id=x,path=/p,server=maybe",
                     "Parameter 'server' expects 'on' or 'off'");
    check_opts_error("socket,id=x,host=h,port=1,ipv4=maybe",
                     "Parameter 'ipv4' expects 'on' or 'off'");
    check_opts_error("socket,id=x,host=localhost,port=http,numeric=on",
                     "address resolution failed for localhost:http: Name or "
                     "service not known");
    check_opts_error("socket,id=x,path=/p,reconnect=soon",
                     "Parameter 'reconnect' expects a number");
    check_opts_error("socket,id=x,path=/p,wait=off",
                     "'wait' option is incompatible with socket in client "
                     "connect mode");
    check_opts_error("socket,id=x,path=/p,server=on,reconnect=1",
                     "'reconnect' option is incompatible with socket in "
                     "server listen mode");
    check_opts_error("socket,id=x,path=/p,server=on,telnet=on",
                     "telnet is not supported by this chardev");
    check_opts_error("null,id=1x", "Parameter 'id' expects an identifier");
    check_opts_error("null,id=x,id.a=1",
                     "Parameters 'id.*' used inconsistently");
    check_opts_error("file,id=x,path=/nonexistent/dir/f",
                     "Could not open '/nonexistent/dir/f': No such file or "
                     "directory");
    check_opts_error("mux,id=x,chardev=nope", "mux: base chardev nope not "
                     "found");
    check_opts_error("mux,id=x", "chardev: mux: no chardev given");
    check_opts_error("", "chardev: no id specified");
    check_opts_error(",,,", "Invalid parameter ''");
    g_assert_null(qemu_chr_find("x"));
}

static void test_garbage(void)
{
    static const char *const garbage[] = {
        "=", ",", "id", "null,=x", "null,id", "\xff\xfe", "null,id=x,,",
        "socket,id=x,path=", "a.b=c", "null,id=x,logfile=/nonexistent/l",
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(garbage); i++) {
        Error *err = NULL;
        g_assert_null(qemu_chr_new_from_opts(garbage[i], &err));
        g_assert_nonnull(err);
        error_free(err);
    }
    g_assert_null(qemu_chr_find("x"));
}

static void test_compat(void)
{
    static const struct {
        const char *spec;
        const char *filename;  /* NULL: an error */
        bool mux;
    } cases[] = {
        { "null", "null", false },
        { "mon:null", "mux:c-base", true },
        { "file:/dev/null", "file:/dev/null", false },
        { "tcp:127.0.0.1:1", NULL, false },     /* connection refused */
        { "tcp:nohostport", NULL, false },
        { "vc", NULL, false },
        { "unix:", NULL, false },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        Error *err = NULL;
        bool mux = false;
        Chardev *chr = qemu_chr_new_compat("c", cases[i].spec, &mux, &err);

        if (!cases[i].filename) {
            g_assert_null(chr);
            error_free(err);
            continue;
        }
        g_assert_nonnull(chr);
        g_assert_cmpstr(chr->filename, ==, cases[i].filename);
        g_assert_cmpint(mux, ==, cases[i].mux);
        g_assert_true(qemu_chr_delete("c", &error_abort));
        if (mux) {
            g_assert_true(qemu_chr_delete("c-base", &error_abort));
        }
    }
    g_assert_null(qemu_chr_find("c"));
}

static void test_registry(void)
{
    Error *err = NULL;
    Chardev *chr = qemu_chr_new_from_opts("null,id=n0", &error_abort);
    FE fe, fe2;

    g_assert_true(qemu_chr_find("n0") == chr);
    g_assert_null(qemu_chr_new_from_opts("null,id=n0", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Chardev 'n0' already exists");
    g_clear_pointer(&err, error_free);

    fe_attach(&fe, chr);
    g_assert_cmpint(fe.opened, ==, 0);  /* null never connects */
    g_assert_false(qemu_chr_fe_init(&fe2.be, chr, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Device 'n0' is in use");
    g_clear_pointer(&err, error_free);
    g_assert_false(qemu_chr_delete("n0", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Chardev 'n0' is busy");
    g_clear_pointer(&err, error_free);
    g_assert_cmpint(qemu_chr_fe_write_all(&fe.be, (const uint8_t *)"x", 1),
                    ==, 1);
    fe_detach(&fe);
    g_assert_true(qemu_chr_delete("n0", &error_abort));
    g_assert_false(qemu_chr_delete("n0", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Chardev 'n0' not found");
    error_free(err);
}

static char *read_file(const char *path)
{
    char *contents = NULL;

    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    return contents;
}

static void test_file(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "out.txt", NULL);
    g_autofree char *log = g_build_filename(tmpdir, "log.txt", NULL);
    g_autofree char *opts = g_strdup_printf("file,id=f0,path=%s,logfile=%s",
                                            path, log);
    g_autofree char *opts2 = g_strdup_printf("file,id=f0,path=%s,append=on",
                                             path);
    g_autofree char *c1 = NULL, *c2 = NULL, *c3 = NULL;
    Chardev *chr = qemu_chr_new_from_opts(opts, &error_abort);
    FE fe;

    fe_attach(&fe, chr);
    g_assert_cmpint(fe.opened, ==, 1);
    g_assert_cmpint(qemu_chr_fe_write_all(&fe.be, (const uint8_t *)"hello",
                                          5), ==, 5);
    fe_detach(&fe);
    g_assert_true(qemu_chr_delete("f0", &error_abort));
    c1 = read_file(path);
    g_assert_cmpstr(c1, ==, "hello");
    c3 = read_file(log);
    g_assert_cmpstr(c3, ==, "hello");

    /* append=on keeps the old contents. */
    chr = qemu_chr_new_from_opts(opts2, &error_abort);
    g_assert_true(qemu_chr_write_all(chr, (const uint8_t *)" again", 6) == 6);
    g_assert_true(qemu_chr_delete("f0", &error_abort));
    c2 = read_file(path);
    g_assert_cmpstr(c2, ==, "hello again");
}

static void test_pipe(void)
{
    g_autofree char *base = g_build_filename(tmpdir, "pipe", NULL);
    g_autofree char *in = g_strdup_printf("%s.in", base);
    g_autofree char *out = g_strdup_printf("%s.out", base);
    g_autofree char *opts = g_strdup_printf("pipe,id=p0,path=%s", base);
    char buf[16] = { 0 };
    int wfd, rfd;
    Chardev *chr;
    FE fe;

    g_assert_cmpint(mkfifo(in, 0600), ==, 0);
    g_assert_cmpint(mkfifo(out, 0600), ==, 0);
    chr = qemu_chr_new_from_opts(opts, &error_abort);
    fe_attach(&fe, chr);
    wfd = open(in, O_WRONLY);
    rfd = open(out, O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(write(wfd, "ping", 4), ==, 4);
    RUN_UNTIL(fe.got->len == 4);
    g_assert_cmpstr(fe.got->str, ==, "ping");
    qemu_chr_fe_write_all(&fe.be, (const uint8_t *)"pong", 4);
    g_assert_cmpint(read(rfd, buf, sizeof(buf)), ==, 4);
    g_assert_cmpstr(buf, ==, "pong");

    /* A front end that cannot read gets nothing until it can. */
    fe.can_read = 0;
    qemu_chr_fe_accept_input(&fe.be);
    g_assert_cmpint(write(wfd, "more", 4), ==, 4);
    main_loop_wait(true);
    main_loop_wait(true);
    g_assert_cmpstr(fe.got->str, ==, "ping");
    fe.can_read = 2;
    qemu_chr_fe_accept_input(&fe.be);
    RUN_UNTIL(fe.got->len == 8);
    g_assert_cmpstr(fe.got->str, ==, "pingmore");

    close(wfd);
    close(rfd);
    fe_detach(&fe);
    g_assert_true(qemu_chr_delete("p0", &error_abort));
}

static void test_socket(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "s.sock", NULL);
    g_autofree char *srv = g_strdup_printf(
        "socket,id=srv,path=%s,server=on,wait=off", path);
    g_autofree char *cli = g_strdup_printf("socket,id=cli,path=%s", path);
    Chardev *s, *c;
    FE fs, fc;

    s = qemu_chr_new_from_opts(srv, &error_abort);
    fe_attach(&fs, s);
    g_assert_cmpint(fs.opened, ==, 0);
    /* Output with nobody connected is dropped, not an error. */
    g_assert_cmpint(qemu_chr_fe_write_all(&fs.be, (const uint8_t *)"lost",
                                          4), ==, 4);

    c = qemu_chr_new_from_opts(cli, &error_abort);
    fe_attach(&fc, c);
    g_assert_cmpint(fc.opened, ==, 1);
    RUN_UNTIL(fs.opened == 1);
    g_assert_cmpint(fs.opened, ==, 1);

    qemu_chr_fe_write_all(&fc.be, (const uint8_t *)"to server", 9);
    RUN_UNTIL(fs.got->len == 9);
    g_assert_cmpstr(fs.got->str, ==, "to server");
    qemu_chr_fe_write_all(&fs.be, (const uint8_t *)"to client", 9);
    RUN_UNTIL(fc.got->len == 9);
    g_assert_cmpstr(fc.got->str, ==, "to client");

    /* The client leaves: the server sees CLOSED and listens again. */
    fe_detach(&fc);
    g_assert_true(qemu_chr_delete("cli", &error_abort));
    RUN_UNTIL(fs.closed == 1);
    g_assert_cmpint(fs.closed, ==, 1);

    c = qemu_chr_new_from_opts(cli, &error_abort);
    RUN_UNTIL(fs.opened == 2);
    g_assert_cmpint(fs.opened, ==, 2);
    g_assert_true(qemu_chr_delete("cli", &error_abort));
    RUN_UNTIL(fs.closed == 2);

    fe_detach(&fs);
    g_assert_true(qemu_chr_delete("srv", &error_abort));
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

static void test_mux(void)
{
    g_autofree char *base = g_build_filename(tmpdir, "mux", NULL);
    g_autofree char *in = g_strdup_printf("%s.in", base);
    g_autofree char *out = g_strdup_printf("%s.out", base);
    g_autofree char *opts = g_strdup_printf("pipe,id=m,path=%s,mux=on",
                                            base);
    Chardev *chr;
    FE a, b, c, d, e;
    Error *err = NULL;
    int wfd, rfd;
    char buf[512];
    ssize_t n;

    g_assert_cmpint(mkfifo(in, 0600), ==, 0);
    g_assert_cmpint(mkfifo(out, 0600), ==, 0);
    chr = qemu_chr_new_from_opts(opts, &error_abort);
    g_assert_nonnull(qemu_chr_find("m-base"));
    wfd = open(in, O_WRONLY);
    rfd = open(out, O_RDONLY | O_NONBLOCK);

    fe_attach(&a, chr);
    fe_attach(&b, chr);
    g_assert_cmpint(a.opened, ==, 1);
    g_assert_cmpint(b.opened, ==, 1);
    g_assert_cmpint(a.mux_in, ==, 1);    /* the first one has the focus */

    g_assert_cmpint(write(wfd, "x", 1), ==, 1);
    RUN_UNTIL(a.got->len == 1);
    g_assert_cmpstr(a.got->str, ==, "x");
    g_assert_cmpstr(b.got->str, ==, "");

    /* C-a c: the focus moves to b. */
    g_assert_cmpint(write(wfd, "\x01" "cy", 3), ==, 3);
    RUN_UNTIL(b.got->len == 1);
    g_assert_cmpstr(b.got->str, ==, "y");
    g_assert_cmpint(a.mux_out, ==, 1);
    g_assert_cmpint(b.mux_in, ==, 1);

    /* C-a C-a sends C-a; C-a h prints the help; C-a x asks to quit. */
    g_assert_cmpint(write(wfd, "\x01\x01", 2), ==, 2);
    RUN_UNTIL(b.got->len == 2);
    g_assert_cmpstr(b.got->str, ==, "y\x01");
    g_assert_cmpint(write(wfd, "\x01h\x01x", 4), ==, 4);
    RUN_UNTIL(shutdown_requests == 1);
    g_assert_cmpint(shutdown_requests, ==, 1);
    n = read(rfd, buf, sizeof(buf) - 1);
    g_assert_cmpint(n, >, 0);
    buf[n] = '\0';
    g_assert_nonnull(strstr(buf, "C-a c    switch between console and "
                            "monitor\r\n"));
    g_assert_nonnull(strstr(buf, "QEMU: Terminated\r\n"));

    /* Output of any front end goes out. */
    qemu_chr_fe_write_all(&a.be, (const uint8_t *)"A", 1);
    qemu_chr_fe_write_all(&b.be, (const uint8_t *)"B", 1);
    g_assert_cmpint(read(rfd, buf, sizeof(buf)), ==, 2);
    g_assert_cmpint(memcmp(buf, "AB", 2), ==, 0);

    /* Input for a front end that is full waits in the mux. */
    b.can_read = 0;
    g_assert_cmpint(write(wfd, "zz", 2), ==, 2);
    main_loop_wait(true);
    main_loop_wait(true);
    g_assert_cmpstr(b.got->str, ==, "y\x01");
    b.can_read = 4096;
    qemu_chr_fe_accept_input(&b.be);
    RUN_UNTIL(b.got->len == 4);
    g_assert_cmpstr(b.got->str, ==, "y\x01zz");

    /* Four front ends at most. */
    fe_attach(&c, chr);
    fe_attach(&d, chr);
    g_assert_false(qemu_chr_fe_init(&e.be, chr, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Too many uses of chardevs multiplexer 'm'");
    error_free(err);

    close(wfd);
    close(rfd);
    fe_detach(&a);
    fe_detach(&b);
    fe_detach(&c);
    fe_detach(&d);
    g_assert_true(qemu_chr_delete("m", &error_abort));
    g_assert_true(qemu_chr_delete("m-base", &error_abort));
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    qemu_init_main_loop(&error_abort);
    tmpdir = g_dir_make_tmp("test-char-XXXXXX", NULL);
    g_test_add_func("/char/opts/errors", test_opts_errors);
    g_test_add_func("/char/opts/garbage", test_garbage);
    g_test_add_func("/char/compat", test_compat);
    g_test_add_func("/char/registry", test_registry);
    g_test_add_func("/char/file", test_file);
    g_test_add_func("/char/pipe", test_pipe);
    g_test_add_func("/char/socket", test_socket);
    g_test_add_func("/char/mux", test_mux);
    ret = g_test_run();
    qemu_chr_cleanup();
    {
        g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
        if (system(cmd) != 0) {
            ret = 1;
        }
    }
    g_free(tmpdir);
    return ret;
}

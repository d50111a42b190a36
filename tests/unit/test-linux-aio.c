/*
 * Unit tests for Linux native AIO: real O_DIRECT writes and reads of a
 * temporary file, batching, short reads, errors.
 *
 * O_DIRECT is not supported everywhere (tmpfs): the temporary directory
 * is made in $TMPDIR, or else in the current directory; if neither file
 * system takes O_DIRECT, the tests are skipped.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/coroutine.h"
#include "qemu/iov.h"
#include "qemu/main-loop.h"
#include "block/aio.h"
#include "block/aio-wait.h"
#include "block/raw-aio.h"

#include <fcntl.h>
#include <sys/stat.h>

#define ALIGN 4096

static AioContext *ctx;
static LinuxAioState *laio;
static char *tmp_dir;
static const char *skip_reason;

typedef struct {
    char *path;
    int dfd;        /* O_DIRECT */
    int fd;         /* buffered, to check results independently */
} TestFile;

static bool file_open(TestFile *f)
{
    if (skip_reason) {
        g_test_skip(skip_reason);
        return false;
    }
    f->path = g_build_filename(tmp_dir, "disk.img", NULL);
    f->fd = open(f->path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    g_assert_cmpint(f->fd, >=, 0);
    f->dfd = open(f->path, O_RDWR | O_DIRECT);
    g_assert_cmpint(f->dfd, >=, 0);
    return true;
}

static void file_close(TestFile *f)
{
    close(f->dfd);
    close(f->fd);
    unlink(f->path);
    g_free(f->path);
}

static void *aligned_buf(size_t len, int fill)
{
    void *p = NULL;

    g_assert_cmpint(posix_memalign(&p, ALIGN, len), ==, 0);
    memset(p, fill, len);
    return p;
}

static void fill_pattern(unsigned char *buf, size_t len, unsigned seed)
{
    size_t i;

    for (i = 0; i < len; i++) {
        buf[i] = (unsigned char)(i * 31 + seed * 7 + (i >> 9));
    }
}

/* Run one request from a coroutine and wait for it. */
typedef struct {
    int fd;
    uint64_t offset;
    QEMUIOVector *qiov;
    int type;
    bool short_form;
    int ret;
    bool done;
} Req;

static void coroutine_fn req_entry(void *opaque)
{
    Req *r = opaque;

    if (r->short_form) {
        r->ret = laio_co_submit(r->fd, r->offset, r->qiov, r->type);
    } else {
        r->ret = laio_co_submit(NULL, laio, r->fd, r->offset, r->qiov,
                                r->type, 0);
    }
    r->done = true;
    aio_wait_kick();
}

static int run_req(int fd, uint64_t offset, QEMUIOVector *qiov, int type,
                   bool short_form)
{
    Req r = { fd, offset, qiov, type, short_form, -EINPROGRESS, false };

    qemu_coroutine_enter(qemu_coroutine_create(req_entry, &r));
    AIO_WAIT_WHILE(ctx, !r.done);
    return r.ret;
}

static void test_write_read(void)
{
    TestFile f;
    const size_t len = 64 * 1024;
    unsigned char *wbuf, *rbuf1, *rbuf2;
    g_autofree unsigned char *check = g_malloc(len);
    QEMUIOVector wq, rq;

    if (!file_open(&f)) {
        return;
    }
    wbuf = aligned_buf(len, 0);
    rbuf1 = aligned_buf(len / 4, 0xaa);
    rbuf2 = aligned_buf(len - len / 4, 0xbb);
    fill_pattern(wbuf, len, 1);

    qemu_iovec_init_buf(&wq, wbuf, len);
    g_assert_cmpint(run_req(f.dfd, ALIGN, &wq, QEMU_AIO_WRITE, false), ==, 0);

    /* Independent check through the page cache. */
    g_assert_cmpint(pread(f.fd, check, len, ALIGN), ==, (ssize_t)len);
    g_assert_cmpmem(check, len, wbuf, len);

    /* Read back into two pieces. */
    qemu_iovec_init(&rq, 2);
    qemu_iovec_add(&rq, rbuf1, len / 4);
    qemu_iovec_add(&rq, rbuf2, len - len / 4);
    g_assert_cmpint(run_req(f.dfd, ALIGN, &rq, QEMU_AIO_READ, true), ==, 0);
    g_assert_cmpmem(rbuf1, len / 4, wbuf, len / 4);
    g_assert_cmpmem(rbuf2, len - len / 4, wbuf + len / 4, len - len / 4);

    /* Flush (fdatasync through AIO) works on this file. */
    g_assert_cmpint(run_req(f.dfd, 0, NULL, QEMU_AIO_FLUSH, false), ==, 0);

    qemu_iovec_destroy(&rq);
    free(wbuf);
    free(rbuf1);
    free(rbuf2);
    file_close(&f);
}

typedef struct {
    int fd;
    int index;
    unsigned char *buf;
    int *remaining;
    int ret;
} BatchReq;

static void coroutine_fn batch_write(void *opaque)
{
    BatchReq *b = opaque;
    QEMUIOVector qiov;

    qemu_iovec_init_buf(&qiov, b->buf, ALIGN);
    b->ret = laio_co_submit(NULL, laio, b->fd, (uint64_t)b->index * ALIGN,
                            &qiov, QEMU_AIO_WRITE, 0);
    (*b->remaining)--;
    aio_wait_kick();
}

static void test_batch(void)
{
    enum { N = 48 };
    TestFile f;
    BatchReq reqs[N];
    int remaining = N;
    unsigned char *expect;
    g_autofree unsigned char *check = g_malloc(N * ALIGN);
    int i;

    if (!file_open(&f)) {
        return;
    }
    expect = aligned_buf(N * ALIGN, 0);
    laio_io_plug(NULL, laio);
    for (i = 0; i < N; i++) {
        reqs[i] = (BatchReq) { f.dfd, i, aligned_buf(ALIGN, 0), &remaining,
                               -EINPROGRESS };
        fill_pattern(reqs[i].buf, ALIGN, i + 2);
        memcpy(expect + i * ALIGN, reqs[i].buf, ALIGN);
        qemu_coroutine_enter(qemu_coroutine_create(batch_write, &reqs[i]));
    }
    /* Plugged: at most the batches that filled up went out. */
    g_assert_cmpint(remaining, ==, N);
    laio_io_unplug(NULL, laio, 0);
    AIO_WAIT_WHILE(ctx, remaining > 0);
    for (i = 0; i < N; i++) {
        g_assert_cmpint(reqs[i].ret, ==, 0);
        free(reqs[i].buf);
    }
    g_assert_cmpint(pread(f.fd, check, N * ALIGN, 0), ==, N * ALIGN);
    g_assert_cmpmem(check, N * ALIGN, expect, N * ALIGN);
    free(expect);
    file_close(&f);
}

static void test_short_read(void)
{
    TestFile f;
    unsigned char *data = aligned_buf(2 * ALIGN, 0);
    unsigned char *rbuf = aligned_buf(4 * ALIGN, 0x55);
    g_autofree unsigned char *zeros = g_malloc0(3 * ALIGN);
    QEMUIOVector rq;

    if (!file_open(&f)) {
        free(data);
        free(rbuf);
        return;
    }
    fill_pattern(data, 2 * ALIGN, 9);
    g_assert_cmpint(pwrite(f.fd, data, 2 * ALIGN, 0), ==, 2 * ALIGN);
    fsync(f.fd);

    /* 4 blocks from block 1 of a 2-block file: 1 block of data, then 0s. */
    qemu_iovec_init_buf(&rq, rbuf, 4 * ALIGN);
    g_assert_cmpint(run_req(f.dfd, ALIGN, &rq, QEMU_AIO_READ, false), ==, 0);
    g_assert_cmpmem(rbuf, ALIGN, data + ALIGN, ALIGN);
    g_assert_cmpmem(rbuf + ALIGN, 3 * ALIGN, zeros, 3 * ALIGN);
    free(data);
    free(rbuf);
    file_close(&f);
}

static void test_errors(void)
{
    TestFile f;
    unsigned char *buf = aligned_buf(2 * ALIGN, 0);
    QEMUIOVector qiov;
    int sync_ret;

    if (!file_open(&f)) {
        free(buf);
        return;
    }
    qemu_iovec_init_buf(&qiov, buf, ALIGN);
    g_assert_cmpint(run_req(-1, 0, &qiov, QEMU_AIO_READ, false), ==, -EBADF);
    /*
     * A misaligned O_DIRECT buffer: most file systems refuse it (EINVAL),
     * some (tmpfs) take it. Linux AIO must say what pwrite says.
     */
    qemu_iovec_init_buf(&qiov, buf + 1, ALIGN);
    sync_ret = pwrite(f.dfd, buf + 1, ALIGN, 0) < 0 ? -errno : 0;
    g_assert_cmpint(run_req(f.dfd, 0, &qiov, QEMU_AIO_WRITE, false), ==,
                    sync_ret);
    /* Only read, write and flush are Linux AIO requests. */
    qemu_iovec_init_buf(&qiov, buf, ALIGN);
    g_assert_cmpint(run_req(f.dfd, 0, &qiov, QEMU_AIO_DISCARD, false), ==,
                    -EIO);
    /* After errors the engine still works. */
    g_assert_cmpint(run_req(f.dfd, 0, &qiov, QEMU_AIO_WRITE, false), ==, 0);
    free(buf);
    file_close(&f);
}

/* Find a directory whose file system takes O_DIRECT. */
static char *make_direct_dir(void)
{
    const char *bases[] = { g_get_tmp_dir(), "." };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(bases); i++) {
        g_autofree char *tmpl = g_build_filename(bases[i],
                                                 "test-linux-aio-XXXXXX", NULL);
        g_autofree char *probe = NULL;
        char *dir = g_mkdtemp(g_strdup(tmpl));
        int fd;

        if (!dir) {
            continue;
        }
        probe = g_build_filename(dir, "probe", NULL);
        fd = open(probe, O_RDWR | O_CREAT | O_DIRECT, 0600);
        if (fd >= 0) {
            close(fd);
            unlink(probe);
            return dir;
        }
        rmdir(dir);
        g_free(dir);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    Error *err = NULL;
    int ret;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    ctx = qemu_get_aio_context();

    tmp_dir = make_direct_dir();
    if (!tmp_dir) {
        skip_reason = "no directory on a file system supporting O_DIRECT";
    } else {
        laio = aio_setup_linux_aio(ctx, &err);
        if (!laio) {
            skip_reason = "Linux AIO is not available here";
            error_free(err);
        }
    }

    g_test_add_func("/linux-aio/write-read", test_write_read);
    g_test_add_func("/linux-aio/batch", test_batch);
    g_test_add_func("/linux-aio/short-read", test_short_read);
    g_test_add_func("/linux-aio/errors", test_errors);
    ret = g_test_run();
    if (tmp_dir) {
        rmdir(tmp_dir);
        g_free(tmp_dir);
    }
    return ret;
}

/*
 * Unit tests for iovec helpers and QEMUIOVector.
 */
#include "qemu/osdep.h"
#include "qemu/iov.h"

#include <sys/socket.h>

/* Three pieces of 3, 0 and 5 bytes over one 8-byte buffer "abcdefgh". */
typedef struct {
    char buf[8];
    struct iovec iov[3];
} Vec;

static void vec_init(Vec *v)
{
    memcpy(v->buf, "abcdefgh", 8);
    v->iov[0] = (struct iovec) { v->buf, 3 };
    v->iov[1] = (struct iovec) { v->buf + 3, 0 };
    v->iov[2] = (struct iovec) { v->buf + 3, 5 };
}

static void test_iov_size_to_from(void)
{
    Vec v;
    char out[16];

    vec_init(&v);
    g_assert_cmpuint(iov_size(v.iov, 3), ==, 8);
    g_assert_cmpuint(iov_size(v.iov, 0), ==, 0);

    memset(out, 0, sizeof(out));
    g_assert_cmpuint(iov_to_buf(v.iov, 3, 0, out, 8), ==, 8);
    g_assert_cmpstr(out, ==, "abcdefgh");

    /* Across piece boundaries, from an offset. */
    memset(out, 0, sizeof(out));
    g_assert_cmpuint(iov_to_buf(v.iov, 3, 2, out, 4), ==, 4);
    g_assert_cmpstr(out, ==, "cdef");

    /* Past the end: clipped. */
    memset(out, 0, sizeof(out));
    g_assert_cmpuint(iov_to_buf(v.iov, 3, 6, out, 10), ==, 2);
    g_assert_cmpstr(out, ==, "gh");
    g_assert_cmpuint(iov_to_buf(v.iov, 3, 100, out, 1), ==, 0);

    g_assert_cmpuint(iov_from_buf(v.iov, 3, 1, "XYZW", 4), ==, 4);
    g_assert_cmpmem(v.buf, 8, "aXYZWfgh", 8);
    g_assert_cmpuint(iov_from_buf(v.iov, 3, 7, "12", 2), ==, 1);
    g_assert_cmpmem(v.buf, 8, "aXYZWfg1", 8);

    g_assert_cmpuint(iov_memset(v.iov, 3, 2, '.', 3), ==, 3);
    g_assert_cmpmem(v.buf, 8, "aX...fg1", 8);
    g_assert_cmpuint(iov_memset(v.iov, 3, 6, '-', 99), ==, 2);
    g_assert_cmpmem(v.buf, 8, "aX...f--", 8);
}

static void test_iov_copy_discard(void)
{
    Vec v;
    struct iovec dst[4];
    struct iovec *iov;
    unsigned int cnt;

    vec_init(&v);
    cnt = iov_copy(dst, 4, v.iov, 3, 1, 5);
    g_assert_cmpuint(cnt, ==, 2);          /* the empty piece is skipped */
    g_assert_true(dst[0].iov_base == v.buf + 1);
    g_assert_cmpuint(dst[0].iov_len, ==, 2);
    g_assert_true(dst[1].iov_base == v.buf + 3);
    g_assert_cmpuint(dst[1].iov_len, ==, 3);
    g_assert_cmpuint(iov_copy(dst, 1, v.iov, 3, 0, 8), ==, 1);

    iov = v.iov;
    cnt = 3;
    g_assert_cmpuint(iov_discard_front(&iov, &cnt, 4), ==, 4);
    g_assert_cmpuint(cnt, ==, 1);
    g_assert_true(iov->iov_base == v.buf + 4);
    g_assert_cmpuint(iov->iov_len, ==, 4);
    g_assert_cmpuint(iov_discard_front(&iov, &cnt, 100), ==, 4);
    g_assert_cmpuint(cnt, ==, 0);

    vec_init(&v);
    cnt = 3;
    g_assert_cmpuint(iov_discard_back(v.iov, &cnt, 6), ==, 6);
    g_assert_cmpuint(cnt, ==, 1);
    g_assert_cmpuint(v.iov[0].iov_len, ==, 2);
}

static void test_iov_send_recv(void)
{
    int sv[2];
    Vec v;
    char in[8];
    struct iovec rin[2] = { { in, 5 }, { in + 5, 3 } };

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    vec_init(&v);
    g_assert_cmpint(iov_send(sv[0], v.iov, 3, 1, 6), ==, 6);
    g_assert_cmpint(iov_recv(sv[1], rin, 2, 2, 6), ==, 6);
    g_assert_cmpmem(in + 2, 6, "bcdefg", 6);
    close(sv[0]);
    close(sv[1]);
}

static void test_qiov_add_reset_destroy(void)
{
    QEMUIOVector qiov;
    char a[4] = "1234", b[6] = "567890";
    char out[10];
    int i;

    qemu_iovec_init(&qiov, 1);
    g_assert_cmpint(qiov.niov, ==, 0);
    g_assert_cmpuint(qiov.size, ==, 0);
    qemu_iovec_add(&qiov, a, 4);
    qemu_iovec_add(&qiov, b, 6);         /* grows */
    for (i = 0; i < 5; i++) {
        qemu_iovec_add(&qiov, b, 0);
    }
    g_assert_cmpint(qiov.niov, ==, 7);
    g_assert_cmpuint(qiov.size, ==, 10);
    g_assert_cmpuint(qemu_iovec_to_buf(&qiov, 0, out, sizeof(out)), ==, 10);
    g_assert_cmpmem(out, 10, "1234567890", 10);

    qemu_iovec_reset(&qiov);
    g_assert_cmpint(qiov.niov, ==, 0);
    g_assert_cmpuint(qiov.size, ==, 0);
    qemu_iovec_add(&qiov, b, 2);
    g_assert_cmpuint(qiov.size, ==, 2);
    qemu_iovec_destroy(&qiov);
    g_assert_null(qiov.iov);
    g_assert_cmpuint(qiov.size, ==, 0);
}

static void test_qiov_buf_and_external(void)
{
    char buf[16] = "0123456789abcdef";
    QEMUIOVector qiov = QEMU_IOVEC_INIT_BUF(qiov, buf, 16);
    QEMUIOVector q2;
    struct iovec ext[2] = { { buf, 4 }, { buf + 8, 4 } };
    char out[8];

    g_assert_cmpint(qiov.niov, ==, 1);
    g_assert_cmpuint(qiov.size, ==, 16);
    g_assert_true(qemu_iovec_buf(&qiov) == buf);
    g_assert_true(qiov.iov == &qiov.local_iov);

    qemu_iovec_init_buf(&q2, buf + 4, 4);
    g_assert_true(q2.iov == &q2.local_iov);
    g_assert_cmpuint(qemu_iovec_to_buf(&q2, 0, out, 4), ==, 4);
    g_assert_cmpmem(out, 4, "4567", 4);
    qemu_iovec_discard_back(&q2, 1);
    g_assert_cmpuint(q2.size, ==, 3);
    qemu_iovec_destroy(&q2);            /* nothing to free */

    qemu_iovec_init_external(&q2, ext, 2);
    g_assert_cmpuint(q2.size, ==, 8);
    g_assert_cmpuint(qemu_iovec_to_buf(&q2, 0, out, 8), ==, 8);
    g_assert_cmpmem(out, 8, "012389ab", 8);
}

static void test_qiov_from_buf_memset(void)
{
    char a[3], b[5];
    QEMUIOVector qiov;
    char out[8];

    qemu_iovec_init(&qiov, 2);
    qemu_iovec_add(&qiov, a, 3);
    qemu_iovec_add(&qiov, b, 5);
    g_assert_cmpuint(qemu_iovec_from_buf(&qiov, 0, "ABCDEFGH", 8), ==, 8);
    g_assert_cmpmem(a, 3, "ABC", 3);
    g_assert_cmpmem(b, 5, "DEFGH", 5);
    g_assert_cmpuint(qemu_iovec_memset(&qiov, 2, 0, 3), ==, 3);
    qemu_iovec_to_buf(&qiov, 0, out, 8);
    g_assert_cmpmem(out, 8, "AB\0\0\0FGH", 8);
    g_assert_true(qemu_iovec_is_zero(&qiov, 2, 3));
    g_assert_false(qemu_iovec_is_zero(&qiov, 1, 3));
    g_assert_false(qemu_iovec_is_zero(&qiov, 2, 4));
    qemu_iovec_destroy(&qiov);
}

static void test_qiov_concat_slice_extended(void)
{
    char data[10] = "abcdefghij";
    char head[2] = "HH", tail[3] = "TTT";
    QEMUIOVector src, dst, slice, ext;
    char out[16];

    qemu_iovec_init(&src, 3);
    qemu_iovec_add(&src, data, 4);
    qemu_iovec_add(&src, data + 4, 3);
    qemu_iovec_add(&src, data + 7, 3);

    qemu_iovec_init(&dst, 1);
    qemu_iovec_concat(&dst, &src, 3, 5);
    g_assert_cmpuint(dst.size, ==, 5);
    g_assert_cmpint(dst.niov, ==, 3);
    qemu_iovec_to_buf(&dst, 0, out, 5);
    g_assert_cmpmem(out, 5, "defgh", 5);

    g_assert_cmpint(qemu_iovec_subvec_niov(&src, 3, 5), ==, 3);
    g_assert_cmpint(qemu_iovec_subvec_niov(&src, 4, 3), ==, 1);
    qemu_iovec_init_slice(&slice, &src, 4, 3);
    g_assert_cmpint(slice.niov, ==, 1);
    qemu_iovec_to_buf(&slice, 0, out, 3);
    g_assert_cmpmem(out, 3, "efg", 3);

    g_assert_cmpint(qemu_iovec_init_extended(&ext, head, 2, &src, 8, 2,
                                             tail, 3), ==, 0);
    g_assert_cmpuint(ext.size, ==, 7);
    qemu_iovec_to_buf(&ext, 0, out, 7);
    g_assert_cmpmem(out, 7, "HHijTTT", 7);

    qemu_iovec_destroy(&ext);
    qemu_iovec_destroy(&slice);
    qemu_iovec_destroy(&dst);
    qemu_iovec_destroy(&src);
}

static void test_qiov_compare_clone(void)
{
    char x[8] = "abcdefgh", y[8] = "abcdXfgh", c[8];
    QEMUIOVector a, b, clone;

    qemu_iovec_init(&a, 2);
    qemu_iovec_add(&a, x, 3);
    qemu_iovec_add(&a, x + 3, 5);
    qemu_iovec_init(&b, 1);
    qemu_iovec_add(&b, y, 8);
    g_assert_cmpint(qemu_iovec_compare(&a, &b), ==, 4);
    y[4] = 'e';
    g_assert_cmpint(qemu_iovec_compare(&a, &b), ==, -1);

    qemu_iovec_init(&clone, 2);
    qemu_iovec_clone(&clone, &a, c);
    g_assert_cmpint(clone.niov, ==, 2);
    g_assert_cmpuint(clone.iov[0].iov_len, ==, 3);
    g_assert_true(clone.iov[1].iov_base == c + 3);
    qemu_iovec_from_buf(&clone, 0, x, 8);
    g_assert_cmpint(qemu_iovec_compare(&a, &clone), ==, -1);

    qemu_iovec_destroy(&clone);
    qemu_iovec_destroy(&a);
    qemu_iovec_destroy(&b);
}

static void test_qiov_add_to_external_aborts(void)
{
    if (g_test_subprocess()) {
        char buf[4];
        QEMUIOVector q = QEMU_IOVEC_INIT_BUF(q, buf, 4);

        qemu_iovec_add(&q, buf, 1);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*qemu_iovec_add on a QEMUIOVector that does "
                              "not own its array*");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/iov/size-to-from", test_iov_size_to_from);
    g_test_add_func("/iov/copy-discard", test_iov_copy_discard);
    g_test_add_func("/iov/send-recv", test_iov_send_recv);
    g_test_add_func("/iov/qiov/add-reset-destroy", test_qiov_add_reset_destroy);
    g_test_add_func("/iov/qiov/buf-external", test_qiov_buf_and_external);
    g_test_add_func("/iov/qiov/from-buf-memset", test_qiov_from_buf_memset);
    g_test_add_func("/iov/qiov/concat-slice-extended",
                    test_qiov_concat_slice_extended);
    g_test_add_func("/iov/qiov/compare-clone", test_qiov_compare_clone);
    g_test_add_func("/iov/qiov/add-to-external", test_qiov_add_to_external_aborts);
    return g_test_run();
}

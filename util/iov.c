/*
 * Scatter/gather vector helpers and QEMUIOVector.
 */
#include "qemu/osdep.h"
#include "qemu/iov.h"

#include <sys/socket.h>

size_t iov_size(const struct iovec *iov, const unsigned int iov_cnt)
{
    size_t len = 0;
    unsigned int i;

    for (i = 0; i < iov_cnt; i++) {
        len += iov[i].iov_len;
    }
    return len;
}

/*
 * Walk @bytes of the vector from @offset, calling @fn on each contiguous
 * piece with the running position in the flat buffer. Returns the number
 * of bytes visited.
 */
typedef void IovPieceFn(void *piece, size_t len, size_t done, void *opaque);

static size_t iov_walk(const struct iovec *iov, unsigned int iov_cnt,
                       size_t offset, size_t bytes, IovPieceFn *fn,
                       void *opaque)
{
    size_t done = 0;
    unsigned int i;

    for (i = 0; i < iov_cnt && done < bytes; i++) {
        size_t len;

        if (offset >= iov[i].iov_len) {
            offset -= iov[i].iov_len;
            continue;
        }
        len = MIN(iov[i].iov_len - offset, bytes - done);
        fn((char *)iov[i].iov_base + offset, len, done, opaque);
        done += len;
        offset = 0;
    }
    return done;
}

static void piece_from_buf(void *piece, size_t len, size_t done, void *opaque)
{
    memcpy(piece, (const char *)opaque + done, len);
}

static void piece_to_buf(void *piece, size_t len, size_t done, void *opaque)
{
    memcpy((char *)opaque + done, piece, len);
}

static void piece_memset(void *piece, size_t len, size_t done, void *opaque)
{
    memset(piece, *(int *)opaque, len);
}

size_t iov_from_buf_full(const struct iovec *iov, unsigned int iov_cnt,
                         size_t offset, const void *buf, size_t bytes)
{
    return iov_walk(iov, iov_cnt, offset, bytes, piece_from_buf, (void *)buf);
}

size_t iov_to_buf_full(const struct iovec *iov, const unsigned int iov_cnt,
                       size_t offset, void *buf, size_t bytes)
{
    return iov_walk(iov, iov_cnt, offset, bytes, piece_to_buf, buf);
}

size_t iov_memset(const struct iovec *iov, const unsigned int iov_cnt,
                  size_t offset, int fillc, size_t bytes)
{
    return iov_walk(iov, iov_cnt, offset, bytes, piece_memset, &fillc);
}

unsigned iov_copy(struct iovec *dst_iov, unsigned int dst_iov_cnt,
                  const struct iovec *iov, unsigned int iov_cnt,
                  size_t offset, size_t bytes)
{
    unsigned int i, j = 0;

    for (i = 0; i < iov_cnt && j < dst_iov_cnt && bytes > 0; i++) {
        size_t len;

        if (offset >= iov[i].iov_len) {
            offset -= iov[i].iov_len;
            continue;
        }
        len = MIN(iov[i].iov_len - offset, bytes);
        dst_iov[j].iov_base = (char *)iov[i].iov_base + offset;
        dst_iov[j].iov_len = len;
        j++;
        bytes -= len;
        offset = 0;
    }
    return j;
}

size_t iov_discard_front(struct iovec **iov, unsigned int *iov_cnt,
                         size_t bytes)
{
    size_t total = 0;

    while (*iov_cnt > 0 && bytes > 0) {
        struct iovec *cur = *iov;

        if (cur->iov_len > bytes) {
            cur->iov_base = (char *)cur->iov_base + bytes;
            cur->iov_len -= bytes;
            total += bytes;
            break;
        }
        bytes -= cur->iov_len;
        total += cur->iov_len;
        (*iov)++;
        (*iov_cnt)--;
    }
    return total;
}

size_t iov_discard_back(struct iovec *iov, unsigned int *iov_cnt,
                        size_t bytes)
{
    size_t total = 0;

    while (*iov_cnt > 0 && bytes > 0) {
        struct iovec *cur = &iov[*iov_cnt - 1];

        if (cur->iov_len > bytes) {
            cur->iov_len -= bytes;
            total += bytes;
            break;
        }
        bytes -= cur->iov_len;
        total += cur->iov_len;
        (*iov_cnt)--;
    }
    return total;
}

ssize_t iov_send_recv(int sockfd, const struct iovec *iov, unsigned iov_cnt,
                      size_t offset, size_t bytes, bool do_send)
{
    g_autofree struct iovec *local = g_new(struct iovec, MAX(iov_cnt, 1));
    struct msghdr msg = { 0 };
    unsigned cnt;
    ssize_t ret;

    if (bytes == 0) {
        return 0;
    }
    cnt = iov_copy(local, iov_cnt, iov, iov_cnt, offset, bytes);
    msg.msg_iov = local;
    msg.msg_iovlen = cnt;
    do {
        ret = do_send ? sendmsg(sockfd, &msg, 0) : recvmsg(sockfd, &msg, 0);
    } while (ret < 0 && errno == EINTR);
    if (ret < 0 && errno == ENOTSOCK) {
        /* Plain file descriptors (pipes, files) have no sendmsg. */
        do {
            ret = do_send ? writev(sockfd, local, cnt) : readv(sockfd, local, cnt);
        } while (ret < 0 && errno == EINTR);
    }
    return ret;
}

/* --- QEMUIOVector ------------------------------------------------------- */

static bool qiov_is_growable(const QEMUIOVector *qiov)
{
    return qiov->nalloc >= 0;
}

static void qiov_die(const char *what)
{
    fprintf(stderr, "qemu: %s on a QEMUIOVector that does not own its "
            "array\n", what);
    abort();
}

void qemu_iovec_init(QEMUIOVector *qiov, int alloc_hint)
{
    alloc_hint = MAX(alloc_hint, 1);
    qiov->iov = g_new(struct iovec, alloc_hint);
    qiov->niov = 0;
    qiov->nalloc = alloc_hint;
    qiov->size = 0;
    qiov->local_iov = (struct iovec) { 0 };
}

void qemu_iovec_init_external(QEMUIOVector *qiov, struct iovec *iov, int niov)
{
    qiov->iov = iov;
    qiov->niov = niov;
    qiov->nalloc = -1;
    qiov->size = iov_size(iov, niov);
    qiov->local_iov = (struct iovec) { 0 };
}

void qemu_iovec_add(QEMUIOVector *qiov, void *base, size_t len)
{
    if (!qiov_is_growable(qiov)) {
        qiov_die("qemu_iovec_add");
    }
    if (qiov->niov == qiov->nalloc) {
        qiov->nalloc = 2 * qiov->nalloc + 1;
        qiov->iov = g_renew(struct iovec, qiov->iov, qiov->nalloc);
    }
    qiov->iov[qiov->niov].iov_base = base;
    qiov->iov[qiov->niov].iov_len = len;
    qiov->size += len;
    qiov->niov++;
}

size_t qemu_iovec_concat_iov(QEMUIOVector *dst,
                             struct iovec *src_iov, unsigned int src_cnt,
                             size_t soffset, size_t sbytes)
{
    size_t done = 0;
    unsigned int i;

    for (i = 0; i < src_cnt && done < sbytes; i++) {
        size_t len;

        if (soffset >= src_iov[i].iov_len) {
            soffset -= src_iov[i].iov_len;
            continue;
        }
        len = MIN(src_iov[i].iov_len - soffset, sbytes - done);
        qemu_iovec_add(dst, (char *)src_iov[i].iov_base + soffset, len);
        done += len;
        soffset = 0;
    }
    return done;
}

void qemu_iovec_concat(QEMUIOVector *dst, QEMUIOVector *src,
                       size_t soffset, size_t sbytes)
{
    qemu_iovec_concat_iov(dst, src->iov, src->niov, soffset, sbytes);
}

int qemu_iovec_subvec_niov(QEMUIOVector *qiov, size_t offset, size_t len)
{
    int i, n = 0;

    for (i = 0; i < qiov->niov && len > 0; i++) {
        size_t piece;

        if (offset >= qiov->iov[i].iov_len) {
            offset -= qiov->iov[i].iov_len;
            continue;
        }
        piece = MIN(qiov->iov[i].iov_len - offset, len);
        len -= piece;
        offset = 0;
        n++;
    }
    return n;
}

int qemu_iovec_init_extended(QEMUIOVector *qiov,
                             void *head_buf, size_t head_len,
                             QEMUIOVector *mid_qiov, size_t mid_offset,
                             size_t mid_len,
                             void *tail_buf, size_t tail_len)
{
    int mid_niov = 0;

    if (mid_len) {
        mid_niov = qemu_iovec_subvec_niov(mid_qiov, mid_offset, mid_len);
    }
    if ((size_t)mid_niov + 2 > IOV_MAX) {
        return -EINVAL;
    }
    qemu_iovec_init(qiov, mid_niov + !!head_len + !!tail_len);
    if (head_len) {
        qemu_iovec_add(qiov, head_buf, head_len);
    }
    if (mid_len) {
        qemu_iovec_concat(qiov, mid_qiov, mid_offset, mid_len);
    }
    if (tail_len) {
        qemu_iovec_add(qiov, tail_buf, tail_len);
    }
    return 0;
}

void qemu_iovec_init_slice(QEMUIOVector *qiov, QEMUIOVector *source,
                           size_t offset, size_t len)
{
    qemu_iovec_init_extended(qiov, NULL, 0, source, offset, len, NULL, 0);
}

static void piece_is_zero(void *piece, size_t len, size_t done, void *opaque)
{
    bool *zero = opaque;
    const unsigned char *p = piece;
    size_t i;

    for (i = 0; i < len && *zero; i++) {
        if (p[i]) {
            *zero = false;
        }
    }
}

bool qemu_iovec_is_zero(QEMUIOVector *qiov, size_t offset, size_t bytes)
{
    bool zero = true;

    iov_walk(qiov->iov, qiov->niov, offset, bytes, piece_is_zero, &zero);
    return zero;
}

void qemu_iovec_destroy(QEMUIOVector *qiov)
{
    if (qiov_is_growable(qiov)) {
        g_free(qiov->iov);
    }
    memset(qiov, 0, sizeof(*qiov));
    qiov->nalloc = -1;
}

void qemu_iovec_reset(QEMUIOVector *qiov)
{
    if (!qiov_is_growable(qiov)) {
        qiov_die("qemu_iovec_reset");
    }
    qiov->niov = 0;
    qiov->size = 0;
}

size_t qemu_iovec_to_buf(QEMUIOVector *qiov, size_t offset,
                         void *buf, size_t bytes)
{
    return iov_to_buf(qiov->iov, qiov->niov, offset, buf, bytes);
}

size_t qemu_iovec_from_buf(QEMUIOVector *qiov, size_t offset,
                           const void *buf, size_t bytes)
{
    return iov_from_buf(qiov->iov, qiov->niov, offset, buf, bytes);
}

size_t qemu_iovec_memset(QEMUIOVector *qiov, size_t offset,
                         int fillc, size_t bytes)
{
    return iov_memset(qiov->iov, qiov->niov, offset, fillc, bytes);
}

ssize_t qemu_iovec_compare(QEMUIOVector *a, QEMUIOVector *b)
{
    size_t size = MIN(a->size, b->size);
    size_t pos = 0;
    unsigned char abuf[512], bbuf[512];

    while (pos < size) {
        size_t chunk = MIN(sizeof(abuf), size - pos);
        size_t i;

        qemu_iovec_to_buf(a, pos, abuf, chunk);
        qemu_iovec_to_buf(b, pos, bbuf, chunk);
        for (i = 0; i < chunk; i++) {
            if (abuf[i] != bbuf[i]) {
                return pos + i;
            }
        }
        pos += chunk;
    }
    if (a->size != b->size) {
        return size;
    }
    return -1;
}

void qemu_iovec_clone(QEMUIOVector *dest, const QEMUIOVector *src, void *buf)
{
    char *p = buf;
    int i;

    for (i = 0; i < src->niov; i++) {
        qemu_iovec_add(dest, p, src->iov[i].iov_len);
        p += src->iov[i].iov_len;
    }
}

void qemu_iovec_discard_back(QEMUIOVector *qiov, size_t bytes)
{
    unsigned int niov = qiov->niov;
    size_t total;

    if (qiov->iov == &qiov->local_iov) {
        bytes = MIN(bytes, qiov->local_iov.iov_len);
        qiov->local_iov.iov_len -= bytes;
        qiov->size -= bytes;
        return;
    }
    total = iov_discard_back(qiov->iov, &niov, bytes);
    qiov->niov = niov;
    qiov->size -= total;
}

/*
 * Scatter/gather I/O vectors: helpers over struct iovec arrays, and
 * QEMUIOVector, the growable vector with a cached total size that the
 * block layer passes around (QEMU 7.2 API).
 *
 * Offsets and byte counts that run past the end of a vector are clipped:
 * the functions return how many bytes they really handled.
 */
#ifndef QEMU_IOV_H
#define QEMU_IOV_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>

/* Total number of bytes described by @iov. */
size_t iov_size(const struct iovec *iov, const unsigned int iov_cnt);

/* Copy @bytes from @buf into the vector starting at byte @offset. */
size_t iov_from_buf_full(const struct iovec *iov, unsigned int iov_cnt,
                         size_t offset, const void *buf, size_t bytes);
/* Copy @bytes from the vector starting at byte @offset into @buf. */
size_t iov_to_buf_full(const struct iovec *iov, const unsigned int iov_cnt,
                       size_t offset, void *buf, size_t bytes);

static inline size_t iov_from_buf(const struct iovec *iov, unsigned int iov_cnt,
                                  size_t offset, const void *buf, size_t bytes)
{
    if (iov_cnt > 0 && offset <= iov[0].iov_len &&
        bytes <= iov[0].iov_len - offset) {
        memcpy((char *)iov[0].iov_base + offset, buf, bytes);
        return bytes;
    }
    return iov_from_buf_full(iov, iov_cnt, offset, buf, bytes);
}

static inline size_t iov_to_buf(const struct iovec *iov, const unsigned int iov_cnt,
                                size_t offset, void *buf, size_t bytes)
{
    if (iov_cnt > 0 && offset <= iov[0].iov_len &&
        bytes <= iov[0].iov_len - offset) {
        memcpy(buf, (char *)iov[0].iov_base + offset, bytes);
        return bytes;
    }
    return iov_to_buf_full(iov, iov_cnt, offset, buf, bytes);
}

/* Fill @bytes of the vector from byte @offset with @fillc. */
size_t iov_memset(const struct iovec *iov, const unsigned int iov_cnt,
                  size_t offset, int fillc, size_t bytes);

/*
 * Make @dst_iov describe @bytes of @iov starting at @offset (no data is
 * copied). Returns the number of entries used, at most @dst_iov_cnt.
 */
unsigned iov_copy(struct iovec *dst_iov, unsigned int dst_iov_cnt,
                  const struct iovec *iov, unsigned int iov_cnt,
                  size_t offset, size_t bytes);

/*
 * Drop @bytes from the front (advancing *@iov and shrinking *@iov_cnt;
 * the first remaining entry is modified in place) or back of a vector.
 * Return the number of bytes dropped.
 */
size_t iov_discard_front(struct iovec **iov, unsigned int *iov_cnt,
                         size_t bytes);
size_t iov_discard_back(struct iovec *iov, unsigned int *iov_cnt,
                        size_t bytes);

/*
 * Send (do_send) or receive @bytes of the vector from @offset through
 * socket/fd @sockfd. Returns bytes transferred, or -1 with errno set.
 * Partial transfers are returned as is (non-blocking sockets).
 */
ssize_t iov_send_recv(int sockfd, const struct iovec *iov, unsigned iov_cnt,
                      size_t offset, size_t bytes, bool do_send);
#define iov_recv(sockfd, iov, iov_cnt, offset, bytes) \
    iov_send_recv(sockfd, iov, iov_cnt, offset, bytes, false)
#define iov_send(sockfd, iov, iov_cnt, offset, bytes) \
    iov_send_recv(sockfd, iov, iov_cnt, offset, bytes, true)

/*
 * QEMUIOVector. Three kinds:
 * - allocated (qemu_iovec_init): owns its iovec array (nalloc > 0),
 *   grows with qemu_iovec_add, freed by qemu_iovec_destroy;
 * - external (qemu_iovec_init_external): borrows the caller's array;
 * - embedded (qemu_iovec_init_buf, QEMU_IOVEC_INIT_BUF): one entry kept
 *   inside the struct itself, no allocation at all.
 * External and embedded vectors have nalloc == -1 and cannot grow.
 */
typedef struct QEMUIOVector {
    struct iovec *iov;
    int niov;
    int nalloc;
    size_t size;
    struct iovec local_iov;
} QEMUIOVector;

#define QEMU_IOVEC_INIT_BUF(self, buf, len)             \
{                                                       \
    .iov = &(self).local_iov,                           \
    .niov = 1,                                          \
    .nalloc = -1,                                       \
    .size = (len),                                      \
    .local_iov = { .iov_base = (void *)(buf), .iov_len = (len) }, \
}

static inline void qemu_iovec_init_buf(QEMUIOVector *qiov, void *buf,
                                       size_t len)
{
    *qiov = (QEMUIOVector) QEMU_IOVEC_INIT_BUF(*qiov, buf, len);
}

/* The buffer of an embedded vector. */
static inline void *qemu_iovec_buf(QEMUIOVector *qiov)
{
    return qiov->local_iov.iov_base;
}

void qemu_iovec_init(QEMUIOVector *qiov, int alloc_hint);
void qemu_iovec_init_external(QEMUIOVector *qiov, struct iovec *iov, int niov);
/*
 * Build an allocated vector: @head_len bytes of @head_buf, then
 * @mid_len bytes of @mid_qiov from @mid_offset, then @tail_len bytes of
 * @tail_buf. Any part may be empty. Destroy with qemu_iovec_destroy.
 */
int qemu_iovec_init_extended(QEMUIOVector *qiov,
                             void *head_buf, size_t head_len,
                             QEMUIOVector *mid_qiov, size_t mid_offset,
                             size_t mid_len,
                             void *tail_buf, size_t tail_len);
/* @len bytes of @source from @offset, as a new allocated vector. */
void qemu_iovec_init_slice(QEMUIOVector *qiov, QEMUIOVector *source,
                           size_t offset, size_t len);
/* How many entries @bytes from @offset span in @qiov. */
int qemu_iovec_subvec_niov(QEMUIOVector *qiov, size_t offset, size_t len);
void qemu_iovec_add(QEMUIOVector *qiov, void *base, size_t len);
/* Append @sbytes of @src from @soffset to @dst (no data is copied). */
void qemu_iovec_concat(QEMUIOVector *dst, QEMUIOVector *src,
                       size_t soffset, size_t sbytes);
size_t qemu_iovec_concat_iov(QEMUIOVector *dst,
                             struct iovec *src_iov, unsigned int src_cnt,
                             size_t soffset, size_t sbytes);
/* True if @bytes from @offset are all zero. */
bool qemu_iovec_is_zero(QEMUIOVector *qiov, size_t offset, size_t bytes);
void qemu_iovec_destroy(QEMUIOVector *qiov);
/* Make the vector empty (keeps the allocation). */
void qemu_iovec_reset(QEMUIOVector *qiov);
size_t qemu_iovec_to_buf(QEMUIOVector *qiov, size_t offset,
                         void *buf, size_t bytes);
size_t qemu_iovec_from_buf(QEMUIOVector *qiov, size_t offset,
                           const void *buf, size_t bytes);
size_t qemu_iovec_memset(QEMUIOVector *qiov, size_t offset,
                         int fillc, size_t bytes);
/* Byte offset of the first difference between @a and @b, or -1. */
ssize_t qemu_iovec_compare(QEMUIOVector *a, QEMUIOVector *b);
/* Make @dest describe the same layout as @src, backed by @buf. */
void qemu_iovec_clone(QEMUIOVector *dest, const QEMUIOVector *src, void *buf);
/* Drop @bytes from the end of an allocated or external vector. */
void qemu_iovec_discard_back(QEMUIOVector *qiov, size_t bytes);

#endif

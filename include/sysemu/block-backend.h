/*
 * BlockBackend: how devices and tools use a node graph (QEMU 7.2 names).
 *
 * A BlockBackend holds its root node and the permissions its user needs
 * (and refuses to share); attaching a node applies them down the graph,
 * which takes the image locks of the file nodes. Requests are checked
 * against the size of the device (-EIO beyond the end), and writes are
 * flushed right away when the write cache is off (cache=writethrough,
 * directsync).
 */
#ifndef SYSEMU_BLOCK_BACKEND_H
#define SYSEMU_BLOCK_BACKEND_H

#include "block/block.h"

typedef struct BlockBackend BlockBackend;

/* An empty backend whose user needs @perm and shares @shared_perm. */
BlockBackend *blk_new(uint64_t perm, uint64_t shared_perm);
/*
 * Open @filename/@options (as bdrv_open) and attach it. Permissions:
 * consistent read (none with BDRV_O_NO_IO), plus write with BDRV_O_RDWR,
 * plus resize with BDRV_O_RESIZE; with BDRV_O_NO_SHARE only consistent
 * read and write unchanged are shared, else everything (as QEMU's tools:
 * what excludes others is then the format nodes' own needs, e.g. LUKS
 * never shares write or resize of the file holding its header).
 */
BlockBackend *blk_new_open(const char *filename, const char *reference,
                           QDict *options, int flags, Error **errp);
/* Attach @bs (taking a reference): fails if the locks cannot be taken. */
int blk_insert_bs(BlockBackend *blk, BlockDriverState *bs, Error **errp);
/* Change what the user needs; fails (keeping the old ones) on conflict. */
int blk_set_perm(BlockBackend *blk, uint64_t perm, uint64_t shared,
                 Error **errp);
void blk_unref(BlockBackend *blk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BlockBackend, blk_unref)

BlockDriverState *blk_bs(BlockBackend *blk);
int64_t blk_getlength(BlockBackend *blk);
bool blk_is_read_only(BlockBackend *blk);
void blk_set_enable_write_cache(BlockBackend *blk, bool wce);
bool blk_enable_write_cache(BlockBackend *blk);
/* Let requests reach beyond the end of the device (qemu-img convert). */
void blk_set_allow_write_beyond_eof(BlockBackend *blk, bool allow);

int coroutine_fn blk_co_preadv(BlockBackend *blk, int64_t offset,
                               int64_t bytes, QEMUIOVector *qiov,
                               BdrvRequestFlags flags);
int coroutine_fn blk_co_pwritev(BlockBackend *blk, int64_t offset,
                                int64_t bytes, QEMUIOVector *qiov,
                                BdrvRequestFlags flags);
int coroutine_fn blk_co_pwrite_zeroes(BlockBackend *blk, int64_t offset,
                                      int64_t bytes, BdrvRequestFlags flags);
int coroutine_fn blk_co_pdiscard(BlockBackend *blk, int64_t offset,
                                 int64_t bytes);
int coroutine_fn blk_co_flush(BlockBackend *blk);

/* Synchronous forms: 0 or -errno. */
int blk_pread(BlockBackend *blk, int64_t offset, int64_t bytes, void *buf,
              BdrvRequestFlags flags);
int blk_pwrite(BlockBackend *blk, int64_t offset, int64_t bytes,
               const void *buf, BdrvRequestFlags flags);
int blk_pwrite_zeroes(BlockBackend *blk, int64_t offset, int64_t bytes,
                      BdrvRequestFlags flags);
int blk_pdiscard(BlockBackend *blk, int64_t offset, int64_t bytes);
int blk_flush(BlockBackend *blk);
int blk_truncate(BlockBackend *blk, int64_t offset, bool exact,
                 PreallocMode prealloc, BdrvRequestFlags flags, Error **errp);

#endif

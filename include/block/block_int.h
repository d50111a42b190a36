/*
 * The block layer: what drivers implement and see (QEMU 7.2 names).
 *
 * A driver is a BlockDriver vtable registered in block/block.c's driver
 * table. Its opaque state (instance_size bytes) hangs off bs->opaque.
 * I/O callbacks are coroutines and see requests that the generic layer
 * (block/io.c) already checked and aligned to bs->bl.request_alignment;
 * a format driver reaches its child with bdrv_co_preadv(bs->file, ...).
 */
#ifndef BLOCK_BLOCK_INT_H
#define BLOCK_BLOCK_INT_H

#include "block/block.h"
#include "block/aio.h"
#include "qemu/coroutine.h"
#include "crypto/block.h"

typedef struct BlockLimits {
    /* Every request offset and length must be a multiple of this. */
    uint32_t request_alignment;
    /* Largest single request the driver takes (0: no limit). */
    uint64_t max_transfer;
    /* Buffer address alignment needed (O_DIRECT), power of two. */
    size_t min_mem_alignment;
    /* Preferred request size (0: none). */
    uint32_t opt_transfer;
} BlockLimits;

struct BdrvChild {
    BlockDriverState *bs;   /* the child node (one reference held) */
    char *name;             /* "file", "backing" */
    BlockDriverState *parent;
    uint64_t perm;          /* what the parent needs of the child */
    uint64_t shared_perm;   /* what the parent lets others do */
};

struct BlockDriver {
    const char *format_name;
    int instance_size;
    /* A format interprets its child's bytes; a protocol talks to storage. */
    bool is_format;
    /* Protocol drivers that take a "filename" option. */
    bool has_filename;

    /*
     * Score how much the first @buf_size bytes of a file look like this
     * format (0: not at all, 100: certainly). Formats only.
     */
    int (*bdrv_probe)(const uint8_t *buf, int buf_size, const char *filename);

    /*
     * Open @bs with the typed options. Format drivers find their opened
     * "file" child in bs->file already. Return 0 or -errno with @errp set.
     */
    int (*bdrv_open)(BlockDriverState *bs, BlockdevOptions *options,
                     int flags, Error **errp);
    void (*bdrv_close)(BlockDriverState *bs);
    /* Fill bs->bl (defaults: 1-byte alignment, no limits). */
    void (*bdrv_refresh_limits)(BlockDriverState *bs);

    /*
     * Apply the cumulative permissions others need of this node (protocol
     * drivers: take or release image locks). Return 0 or -errno.
     */
    int (*bdrv_set_perm)(BlockDriverState *bs, uint64_t perm, uint64_t shared,
                         Error **errp);
    /*
     * What the node needs of @child given what its parents need of it
     * (default: formats pass the parents' needs through, plus
     * consistent read; writable formats also take write and resize for
     * their metadata and never share write and resize).
     */
    void (*bdrv_child_perm)(BlockDriverState *bs, BdrvChild *child,
                            uint64_t perm, uint64_t shared,
                            uint64_t *nperm, uint64_t *nshared);

    int coroutine_fn (*bdrv_co_preadv)(BlockDriverState *bs, int64_t offset,
                                       int64_t bytes, QEMUIOVector *qiov,
                                       BdrvRequestFlags flags);
    int coroutine_fn (*bdrv_co_pwritev)(BlockDriverState *bs, int64_t offset,
                                        int64_t bytes, QEMUIOVector *qiov,
                                        BdrvRequestFlags flags);
    /* Optional: efficient zero writes; -ENOTSUP to fall back to writes. */
    int coroutine_fn (*bdrv_co_pwrite_zeroes)(BlockDriverState *bs,
                                              int64_t offset, int64_t bytes,
                                              BdrvRequestFlags flags);
    int coroutine_fn (*bdrv_co_pdiscard)(BlockDriverState *bs, int64_t offset,
                                         int64_t bytes);
    /* Make written data stable on disk (protocols). */
    int coroutine_fn (*bdrv_co_flush_to_disk)(BlockDriverState *bs);
    /* Write cached metadata down to the child (formats). */
    int coroutine_fn (*bdrv_co_flush_to_os)(BlockDriverState *bs);
    int coroutine_fn (*bdrv_co_truncate)(BlockDriverState *bs, int64_t offset,
                                         bool exact, PreallocMode prealloc,
                                         BdrvRequestFlags flags,
                                         Error **errp);
    int64_t (*bdrv_getlength)(BlockDriverState *bs);
    int64_t (*bdrv_get_allocated_file_size)(BlockDriverState *bs);
    /*
     * BDRV_BLOCK_* for [offset, offset+bytes); @pnum the bytes it holds
     * for; @map/@file where the data lives when OFFSET_VALID. Default:
     * formats "DATA|OFFSET_VALID|RECURSE" at the same offset of bs->file,
     * protocols "DATA|OFFSET_VALID".
     */
    int coroutine_fn (*bdrv_co_block_status)(BlockDriverState *bs,
                                             bool want_zero, int64_t offset,
                                             int64_t bytes, int64_t *pnum,
                                             int64_t *map,
                                             BlockDriverState **file);

    /* Image creation: @opts the -o keyval QDict (strings). */
    int (*bdrv_create)(BlockDriver *drv, const char *filename, QDict *opts,
                       Error **errp);
    const BlockCreateOpt *create_opts;
    /* Whether a format's create leaves the host file for the protocol. */
    bool supports_backing;

    int (*bdrv_amend)(BlockDriverState *bs, QDict *opts, bool force,
                      Error **errp);
    const BlockCreateOpt *amend_opts;
    int coroutine_fn (*bdrv_co_check)(BlockDriverState *bs,
                                      BdrvCheckResult *res, int fix);
    QDict *(*bdrv_get_specific_info)(BlockDriverState *bs, Error **errp);
    /* Optional: fill the zeroed *@bdi (see bdrv_get_info). */
    int (*bdrv_get_info)(BlockDriverState *bs, BlockDriverInfo *bdi);
    /* Whether BDRV_REQ_WRITE_COMPRESSED writes work (qemu-img convert -c). */
    bool supports_compressed_writes;

    /*
     * Internal snapshots, all optional (see bdrv_snapshot_*): by id or
     * name; errors set @errp.
     */
    int (*bdrv_snapshot_create)(BlockDriverState *bs, const char *name,
                                Error **errp);
    int (*bdrv_snapshot_goto)(BlockDriverState *bs, const char *name,
                              Error **errp);
    int (*bdrv_snapshot_delete)(BlockDriverState *bs, const char *name,
                                Error **errp);
    int (*bdrv_snapshot_list)(BlockDriverState *bs, QEMUSnapshotInfo **psn);

    /* Formats with backing files (supports_backing): see block.h. */
    int (*bdrv_change_backing_file)(BlockDriverState *bs, const char *file,
                                    const char *fmt, Error **errp);
    int (*bdrv_make_empty)(BlockDriverState *bs, Error **errp);
    bool (*bdrv_measure)(QDict *opts, BlockDriverState *in_bs,
                         BlockMeasureInfo *info, Error **errp);
};

struct BlockDriverState {
    BlockDriver *drv;
    void *opaque;
    char node_name[32];
    /* The protocol file name (for messages), "" for null-co. */
    char filename[4096];
    int open_flags;
    bool read_only;
    bool force_share;
    bool encrypted;
    bool node_name_generated;
    /* The format was guessed from the contents (no "driver" given). */
    bool probed;
    BlockdevDetectZeroesOptions detect_zeroes;
    BlockLimits bl;
    /* The format's data source, or NULL for protocol nodes. */
    BdrvChild *file;
    /* qcow2: the backing node, or NULL. */
    BdrvChild *backing;

    int refcnt;
    /* Cumulative permissions applied by bdrv_set_perm. */
    uint64_t perm;
    uint64_t shared_perm;
    /* Serialises read-modify-write of unaligned writes. */
    CoMutex rmw_lock;
    AioContext *aio_context;
    /* In the global list of nodes (creation order). */
    BlockDriverState *next_node;
};

/*
 * Memory for I/O buffers aligned for O_DIRECT (free with bdrv_memfree);
 * NULL when out of memory.
 */
static inline void *bdrv_memalign(size_t align, size_t size)
{
    void *p;

    align = MAX(align, sizeof(void *));
    if (posix_memalign(&p, align, size ? size : 1)) {
        return NULL;
    }
    return p;
}

static inline void bdrv_memfree(void *p)
{
    free(p);
}

/* A node's driver state. */
static inline void *bdrv_opaque(BlockDriverState *bs)
{
    return bs->opaque;
}

/*
 * Run @entry(@opaque) in a coroutine and poll the main loop until it has
 * finished (directly when already in a coroutine).
 */
void bdrv_run_co(CoroutineEntry *entry, void *opaque, bool *done);

/*
 * Apply @perm/@shared to @bs and down its children (through
 * bdrv_child_perm). Failure leaves the previous permissions in place.
 */
int bdrv_set_perm(BlockDriverState *bs, uint64_t perm, uint64_t shared,
                  Error **errp);

/*
 * What the parents need passes through unchanged (raw, and luks, whose
 * header QEMU 7.2 does not protect either: same lock bytes as real QEMU).
 */
void bdrv_passthrough_child_perm(BlockDriverState *bs, BdrvChild *child,
                                 uint64_t perm, uint64_t shared,
                                 uint64_t *nperm, uint64_t *nshared);

/* The default child permission rule for format drivers. */
void bdrv_default_format_child_perm(BlockDriverState *bs, BdrvChild *child,
                                    uint64_t perm, uint64_t shared,
                                    uint64_t *nperm, uint64_t *nshared);

/*
 * Create the protocol file of an image: the "file" driver with @opts
 * ("size", "preallocation", "nocow" taken from it, if there).
 */
int bdrv_create_file(const char *filename, QDict *opts, Error **errp);

/* Parse the "size" of creation options (bytes) or fail naming it. */
bool bdrv_create_opts_get_size(QDict *opts, bool required, uint64_t *size,
                               Error **errp);
/* "preallocation": off by default; an unknown mode names it. */
bool bdrv_create_opts_get_prealloc(QDict *opts, PreallocMode *mode,
                                   Error **errp);

/* The drivers (block/<name>.c). */
extern BlockDriver bdrv_file;
extern BlockDriver bdrv_null_co;
extern BlockDriver bdrv_raw;
extern BlockDriver bdrv_crypto_luks;
extern BlockDriver bdrv_qcow2;

/*
 * The LUKS options of -o under @prefix ("" for the luks driver, "encrypt."
 * for qcow2), visited into the structs generated from qapi/crypto.json
 * (format luks). Shared so both drivers accept and reject the same values
 * with real QEMU's messages. Free with qapi_free_*() (g_autoptr).
 */
/* the key slots of a LUKS header as qemu-img info prints them */
QList *block_crypto_luks_slots_qlist(const QCryptoBlockInfoLUKS *l);
QCryptoBlockCreateOptions *block_crypto_create_opts_init(QDict *opts,
                                                         const char *prefix,
                                                         Error **errp);
QCryptoBlockAmendOptions *block_crypto_amend_opts_init(QDict *opts,
                                                       const char *prefix,
                                                       Error **errp);

/*
 * qemu-img amend of the LUKS key slots of @block: the options under
 * @prefix in @opts (block_crypto_amend_opts_init), their new-secret and
 * old-secret looked up, then qcrypto_block_amend_options(). The caller
 * flushes. Returns 0 or -EINVAL.
 */
int block_crypto_amend(QCryptoBlock *block, QCryptoBlockReadFunc readfunc,
                       QCryptoBlockWriteFunc writefunc, void *opaque,
                       QDict *opts, const char *prefix, bool force,
                       Error **errp);

#endif

/*
 * The block layer: public API of the node graph (QEMU 7.2 names).
 *
 * A BlockDriverState ("node") is one driver instance: a protocol node
 * (file, null-co) talks to storage, a format node (raw, luks, later qcow2)
 * interprets the bytes of its child node "file" (and qcow2's "backing").
 * Every node has a unique node name; an absent one is generated as
 * "#blockNNN". Devices and tools reach the graph through a BlockBackend
 * (sysemu/block-backend.h), which also holds the permissions (and so the
 * image locks) that the users of an image need.
 *
 * Options travel one way: a flat QDict ("file.filename": "a.img") from
 * keyval, a json:{...} filename or code, visited into the QAPI type
 * BlockdevOptions (qapi/block-core.json), which the drivers consume.
 *
 * I/O is done by coroutines (bdrv_co_*); the plain functions (bdrv_pread,
 * ...) are synchronous wrappers that run the coroutine and poll the main
 * AioContext until it is done. Sizes and offsets are bytes. Every function
 * returns a negative errno on failure, and those taking an errp set an
 * error naming the node or file.
 */
#ifndef BLOCK_BLOCK_H
#define BLOCK_BLOCK_H

#include "qemu/error.h"
#include "qemu/coroutine.h"
#include "qemu/iov.h"
#include "qobject/qdict.h"
#include "qapi/qapi-types-block-core.h"

typedef struct BlockDriver BlockDriver;
typedef struct BlockDriverState BlockDriverState;
typedef struct BdrvChild BdrvChild;

/* Open flags (bdrv_open, blk_new_open). */
#define BDRV_O_NO_SHARE    0x0001  /* don't share permissions */
#define BDRV_O_RDWR        0x0002
#define BDRV_O_RESIZE      0x0004  /* request the resize permission */
#define BDRV_O_SNAPSHOT    0x0008
#define BDRV_O_TEMPORARY   0x0010
#define BDRV_O_NOCACHE     0x0020  /* cache.direct=on: O_DIRECT */
#define BDRV_O_NATIVE_AIO  0x0080  /* aio=native */
#define BDRV_O_NO_BACKING  0x0100  /* don't open the backing file */
#define BDRV_O_NO_FLUSH    0x0200  /* cache.no-flush=on */
#define BDRV_O_CHECK       0x1000  /* qemu-img check: open even if corrupt */
#define BDRV_O_UNMAP       0x4000  /* discard=unmap */
#define BDRV_O_PROTOCOL    0x8000  /* the filename names a protocol node */
#define BDRV_O_NO_IO       0x10000 /* metadata only (qemu-img info): no key */
#define BDRV_O_AUTO_RDONLY 0x20000
#define BDRV_O_IO_URING    0x40000
#define BDRV_O_CACHE_MASK  (BDRV_O_NOCACHE | BDRV_O_NO_FLUSH)

#define BDRV_SECTOR_BITS   9
#define BDRV_SECTOR_SIZE   (1ULL << BDRV_SECTOR_BITS)

/* Largest request the layer accepts at once (as QEMU: 2 GiB - 512). */
#define BDRV_REQUEST_MAX_BYTES  (INT32_MAX & ~(BDRV_SECTOR_SIZE - 1))
/* Largest image size (as QEMU: INT64_MAX rounded down to 512 bytes). */
#define BDRV_MAX_LENGTH (INT64_MAX & ~(BDRV_SECTOR_SIZE - 1))

typedef enum {
    BDRV_REQ_COPY_ON_READ = 0x1,
    BDRV_REQ_ZERO_WRITE   = 0x2,
    BDRV_REQ_MAY_UNMAP    = 0x4,  /* a zero write may discard */
    BDRV_REQ_FUA          = 0x10, /* write through this request */
    /* Store compressed (whole clusters; formats that can: qcow2). */
    BDRV_REQ_WRITE_COMPRESSED = 0x20,
    BDRV_REQ_NO_FALLBACK  = 0x100,/* fail a zero write that would write */
    BDRV_REQ_MASK         = 0x1ff,
} BdrvRequestFlags;

/* Permissions (and their lock bytes, see block/file-posix.c). */
enum {
    BLK_PERM_CONSISTENT_READ = 0x01,
    BLK_PERM_WRITE           = 0x02,
    BLK_PERM_WRITE_UNCHANGED = 0x04,
    BLK_PERM_RESIZE          = 0x08,
    BLK_PERM_ALL             = 0x0f,
};
#define BLK_PERM_MAX 4
/* "consistent read", "write", "write unchanged", "resize" */
const char *bdrv_perm_name(int perm_bit);

/* block_status result bits (QEMU's). */
#define BDRV_BLOCK_DATA          0x01
#define BDRV_BLOCK_ZERO          0x02
#define BDRV_BLOCK_OFFSET_VALID  0x04
#define BDRV_BLOCK_RAW           0x08
#define BDRV_BLOCK_ALLOCATED     0x10
#define BDRV_BLOCK_EOF           0x20
#define BDRV_BLOCK_RECURSE       0x40

/* --- setup ------------------------------------------------------------- */

/* Register the built-in drivers (idempotent; bdrv_open does it too). */
void bdrv_init(void);
/* The driver registered as @format_name, or NULL. */
BlockDriver *bdrv_find_format(const char *format_name);
/* Whether the driver is a format (not a protocol) driver. */
bool bdrv_driver_is_format(const BlockDriver *drv);
const char *bdrv_driver_name(const BlockDriver *drv);
/* Calls @fn for each registered driver name (sorted). */
void bdrv_iterate_format(void (*fn)(void *opaque, const char *name),
                         void *opaque);

/*
 * Map a cache mode (writeback, none, writethrough, directsync, unsafe;
 * "off" = writethrough as in QEMU) to BDRV_O_NOCACHE/BDRV_O_NO_FLUSH in
 * *@flags (other bits kept) and *@writethrough. -1 for an unknown mode.
 */
int bdrv_parse_cache_mode(const char *mode, int *flags, bool *writethrough);
/* "native" / "threads" / "io_uring" -> BDRV_O_NATIVE_AIO; -1 unknown. */
int bdrv_parse_aio(const char *mode, int *flags);

/* --- opening ----------------------------------------------------------- */

/*
 * Open a node graph. @filename may be NULL (everything in @options), a
 * "json:{...}" pseudo-filename, or a path. @options is a flat QDict of
 * block options ("driver", "file.filename", ...; the reference is taken
 * over, NULL allowed). Without "driver", the format is probed from the
 * first bytes of the file (raw vs luks; as QEMU, raw is chosen with a
 * warning only by the tools' callers). @flags: BDRV_O_*.
 * Returns a new reference, or NULL with an error naming the file.
 */
BlockDriverState *bdrv_open(const char *filename, QDict *options, int flags,
                            Error **errp);
/* Open the graph a typed BlockdevOptions describes (blockdev-add). */
BlockDriverState *bdrv_open_blockdev(BlockdevOptions *options, int flags,
                                     Error **errp);
void bdrv_ref(BlockDriverState *bs);
/* Drop a reference; the last one closes the node (and its children). */
void bdrv_unref(BlockDriverState *bs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BlockDriverState, bdrv_unref)

/* The node called @node_name, or NULL. */
BlockDriverState *bdrv_find_node(const char *node_name);
/* Every node, in creation order (bdrv_next_node(NULL) is the first). */
BlockDriverState *bdrv_next_node(BlockDriverState *bs);

/*
 * The probed format of @filename (first bytes), as QEMU: "raw" when
 * nothing else matches. NULL with an error if the file cannot be read.
 */
const char *bdrv_probe_format(const uint8_t *buf, int buf_size,
                              const char *filename);

/* --- what a node is ---------------------------------------------------- */

const char *bdrv_get_node_name(const BlockDriverState *bs);
const char *bdrv_get_format_name(const BlockDriverState *bs);
/* The file name the node was opened with (of its protocol leaf). */
const char *bdrv_get_filename(const BlockDriverState *bs);
bool bdrv_is_read_only(const BlockDriverState *bs);
bool bdrv_is_encrypted(const BlockDriverState *bs);
/* The node's "file" child node, or NULL. */
BlockDriverState *bdrv_file_bs(const BlockDriverState *bs);
/* The node's backing node (copy-on-write source), or NULL. */
BlockDriverState *bdrv_cow_bs(const BlockDriverState *bs);
/*
 * Where the backing file named @backing in image @image is: relative to
 * the image's directory, as QEMU's path_combine ("b.qcow2" next to
 * "a.qcow2" stays "b.qcow2", next to "d/a.qcow2" becomes "d/b.qcow2").
 */
char *bdrv_backing_path(const char *image, const char *backing);
/* The protocol node at the bottom of the "file" chain. */
BlockDriverState *bdrv_protocol_bs(BlockDriverState *bs);

int64_t bdrv_getlength(BlockDriverState *bs);
/* Bytes allocated on the host for the image (qemu-img "disk size"). */
int64_t bdrv_get_allocated_file_size(BlockDriverState *bs);

/* --- I/O on a child (what format drivers call) ---------------------------- */

int coroutine_fn bdrv_co_preadv(BdrvChild *child, int64_t offset,
                                int64_t bytes, QEMUIOVector *qiov,
                                BdrvRequestFlags flags);
int coroutine_fn bdrv_co_pwritev(BdrvChild *child, int64_t offset,
                                 int64_t bytes, QEMUIOVector *qiov,
                                 BdrvRequestFlags flags);
int coroutine_fn bdrv_co_pwrite_zeroes(BdrvChild *child, int64_t offset,
                                       int64_t bytes, BdrvRequestFlags flags);
int coroutine_fn bdrv_co_pdiscard(BdrvChild *child, int64_t offset,
                                  int64_t bytes);
int coroutine_fn bdrv_co_flush(BlockDriverState *bs);
int coroutine_fn bdrv_co_truncate(BdrvChild *child, int64_t offset,
                                  bool exact, PreallocMode prealloc,
                                  BdrvRequestFlags flags, Error **errp);
/*
 * Status of [@offset, @offset+@bytes) of @bs: BDRV_BLOCK_* bits for the
 * first *@pnum bytes; *@map the host offset in *@file when
 * BDRV_BLOCK_OFFSET_VALID. With @want_zero, the driver looks harder for
 * zeroes. @map and @file may be NULL.
 */
int coroutine_fn bdrv_co_block_status(BlockDriverState *bs, bool want_zero,
                                      int64_t offset, int64_t bytes,
                                      int64_t *pnum, int64_t *map,
                                      BlockDriverState **file);
/*
 * As above, and where @bs does not allocate the range, down its backing
 * chain (QEMU's bdrv_co_block_status_above with no base): the status of
 * the first node that allocates it (*@file and *@map name where its data
 * lives), or unallocated zeroes when none does. An unallocated node with
 * no backing node reads as zeroes (BDRV_BLOCK_ZERO without ALLOCATED).
 */
int coroutine_fn bdrv_co_block_status_above(BlockDriverState *bs,
                                            bool want_zero, int64_t offset,
                                            int64_t bytes, int64_t *pnum,
                                            int64_t *map,
                                            BlockDriverState **file);

/* Synchronous forms (poll until done; return 0 or -errno). */
int bdrv_pread(BdrvChild *child, int64_t offset, int64_t bytes, void *buf,
               BdrvRequestFlags flags);
int bdrv_pwrite(BdrvChild *child, int64_t offset, int64_t bytes,
                const void *buf, BdrvRequestFlags flags);
int bdrv_pwrite_sync(BdrvChild *child, int64_t offset, int64_t bytes,
                     const void *buf, BdrvRequestFlags flags);
int bdrv_pwrite_zeroes(BdrvChild *child, int64_t offset, int64_t bytes,
                       BdrvRequestFlags flags);
int bdrv_flush(BlockDriverState *bs);
int bdrv_truncate(BdrvChild *child, int64_t offset, bool exact,
                  PreallocMode prealloc, BdrvRequestFlags flags,
                  Error **errp);
int bdrv_block_status_above(BlockDriverState *bs, int64_t offset,
                            int64_t bytes, int64_t *pnum, int64_t *map,
                            BlockDriverState **file);
/* The status of @bs alone (want_zero): what qemu-img map asks each layer. */
int bdrv_block_status(BlockDriverState *bs, int64_t offset, int64_t bytes,
                      int64_t *pnum, int64_t *map, BlockDriverState **file);

/* --- images ------------------------------------------------------------ */

/*
 * Create an image of format @drv: @opts is the keyval QDict of -o
 * options (size included, "key-secret", ...), as strings. The protocol
 * file is created too. Errors name the file.
 */
int bdrv_create(BlockDriver *drv, const char *filename, QDict *opts,
                Error **errp);

/* One option a driver accepts at creation (for -o help and checking). */
typedef enum BlockCreateOptType {
    BLOCK_OPT_TYPE_STRING,
    BLOCK_OPT_TYPE_BOOL,
    BLOCK_OPT_TYPE_NUMBER,
    BLOCK_OPT_TYPE_SIZE,
} BlockCreateOptType;

typedef struct BlockCreateOpt {
    const char *name;
    BlockCreateOptType type;
    const char *help;
    /* What the driver assumes when it is not given (NULL: nothing). */
    const char *def_value;
} BlockCreateOpt;

/*
 * Check the names and typed values (numbers, sizes, booleans) of create
 * options @opts for @drv (formats also take the file protocol's options):
 * "Invalid parameter 'x'", "Parameter 'x' expects a number", ...
 */
bool bdrv_create_opts_validate(const BlockDriver *drv, QDict *opts,
                               Error **errp);

/* The options @drv accepts for create (NULL-terminated), or NULL. */
const BlockCreateOpt *bdrv_create_opts(const BlockDriver *drv);
/* ...and for amend. */
const BlockCreateOpt *bdrv_amend_opts(const BlockDriver *drv);

/* --- snapshots, backing files, driver information ------------------------ */

/* One internal snapshot, as QEMU's QEMUSnapshotInfo (block/snapshot.h). */
typedef struct QEMUSnapshotInfo {
    char id_str[128];
    char name[256];
    uint64_t vm_state_size;
    uint32_t date_sec;
    uint32_t date_nsec;
    uint64_t vm_clock_nsec;
    uint64_t icount;        /* UINT64_MAX: unknown */
} QEMUSnapshotInfo;

/*
 * Internal snapshots (qemu-img snapshot), by id or name. A format driver
 * without them: bdrv_snapshot_list finds none (0), the others fail with
 * -ENOTSUP and "Block driver does not support snapshots".
 */
/* The snapshots into a new array (*@psn, g_free it): their count or -errno. */
int bdrv_snapshot_list(BlockDriverState *bs, QEMUSnapshotInfo **psn);
int bdrv_snapshot_create(BlockDriverState *bs, const char *name,
                         Error **errp);
int bdrv_snapshot_goto(BlockDriverState *bs, const char *name, Error **errp);
int bdrv_snapshot_delete(BlockDriverState *bs, const char *name,
                         Error **errp);

/* What a format tells about an open image (QEMU's BlockDriverInfo). */
typedef struct BlockDriverInfo {
    int cluster_size;           /* 0: the format has no clusters */
    bool is_dirty;              /* opened without a clean shutdown */
    /*
     * The backing file named in the image and its format (NULL: none);
     * valid while the node is open and its backing file is not changed.
     */
    const char *backing_file;
    const char *backing_format;
} BlockDriverInfo;

/* Fill *@bdi (zeroed first); -ENOTSUP when the format tells nothing. */
int bdrv_get_info(BlockDriverState *bs, BlockDriverInfo *bdi);
/* Whether the format can have a backing file (qcow2). */
bool bdrv_supports_backing(const BlockDriverState *bs);
/*
 * Rewrite the backing file name and format stored in the image (NULL or
 * "" @file: none) without touching data (qemu-img rebase -u, commit).
 * -ENOTSUP (with "Operation not supported") for formats without backing.
 */
int bdrv_change_backing_file(BlockDriverState *bs, const char *file,
                             const char *fmt, Error **errp);
/* Drop all data of the image itself (qemu-img commit without -d). */
int bdrv_make_empty(BlockDriverState *bs, Error **errp);
/*
 * Whether @bs itself (not its backing chain) allocates the start of
 * [@offset, @offset+@bytes): 1 or 0 for *@pnum bytes, or -errno.
 */
int bdrv_is_allocated(BlockDriverState *bs, int64_t offset, int64_t bytes,
                      int64_t *pnum);

/* Result of a consistency check (qemu-img check). */
typedef struct BdrvCheckResult {
    int corruptions;
    int leaks;
    int check_errors;
    int corruptions_fixed;
    int leaks_fixed;
    int64_t image_end_offset;
    int64_t allocated_clusters;
    int64_t total_clusters;
    int64_t fragmented_clusters;
    int64_t compressed_clusters;
} BdrvCheckResult;

#define BDRV_FIX_LEAKS  1
#define BDRV_FIX_ERRORS 2

/* -ENOTSUP when the format has no checks. */
int bdrv_check(BlockDriverState *bs, BdrvCheckResult *res, int fix);

/* Change format options in place (-o of qemu-img amend). */
int bdrv_amend_options(BlockDriverState *bs, QDict *opts, bool force,
                       Error **errp);

/*
 * Format specific information (qemu-img info): a QDict
 * {"type": <format>, "data": {...}} in QEMU's member order, or NULL when
 * the format has none.
 */
QDict *bdrv_get_specific_info(BlockDriverState *bs, Error **errp);

/* Size estimate (qemu-img measure): bytes. */
typedef struct BlockMeasureInfo {
    uint64_t required;
    uint64_t fully_allocated;
} BlockMeasureInfo;

/*
 * What an image of @drv with @opts would need on the host, holding the
 * data of @in_bs (or, if NULL, of an empty disk of opts' size).
 */
bool bdrv_measure(BlockDriver *drv, QDict *opts, BlockDriverState *in_bs,
                  BlockMeasureInfo *info, Error **errp);

#endif

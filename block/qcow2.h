/*
 * qcow2: the on-disk format (transcribed once from the published qcow2
 * specification, docs/interop/qcow2.txt of QEMU) and the driver's state.
 *
 * Everything on disk is big-endian. The header is converted in exactly one
 * pair of functions (qcow2_header_load / qcow2_header_store); table entries
 * (L1, L2, refcount table) are 64-bit big-endian words converted where they
 * are loaded and stored (qcow2_be64_load / qcow2_be64_store).
 *
 * Files of the driver:
 *   qcow2.c          open/close, header and extensions, the request path
 *   qcow2-cache.c    the L2 table and refcount block caches
 *   qcow2-cluster.c  guest -> host mapping: L1/L2 lookup and allocation
 *   qcow2-refcount.c refcounts: allocation, freeing, table growth
 *   qcow2-check.c    qemu-img check: rebuild refcounts, compare, repair
 *   qcow2-create.c   image creation, measure, amend
 *   qcow2-snapshot.c internal snapshots
 */
#ifndef BLOCK_QCOW2_H
#define BLOCK_QCOW2_H

#include "block/block_int.h"
#include "crypto/block.h"

/* --- spec "Header" --------------------------------------------------------- */

#define QCOW_MAGIC              0x514649fbU   /* 'Q' 'F' 'I' 0xfb */
#define QCOW2_V2_HEADER_SIZE    72            /* bytes 0..71 */
#define QCOW2_V3_HEADER_SIZE    104           /* bytes 0..103 */
/* v3 with the compression_type byte, padded to a multiple of 8. */
#define QCOW2_V3_HEADER_SIZE_CT 112

/* crypt_method: spec "Header", bytes 32-35 */
#define QCOW_CRYPT_NONE 0
#define QCOW_CRYPT_AES  1
#define QCOW_CRYPT_LUKS 2

/* cluster_bits: spec "Header", bytes 20-23 (QEMU's limits: 512 B .. 2 MiB) */
#define QCOW2_MIN_CLUSTER_BITS 9
#define QCOW2_MAX_CLUSTER_BITS 21
#define QCOW2_DEFAULT_CLUSTER_BITS 16

/* Incompatible feature bits: spec "Header", bytes 72-79 */
#define QCOW2_INCOMPAT_DIRTY          (1ULL << 0)
#define QCOW2_INCOMPAT_CORRUPT        (1ULL << 1)
#define QCOW2_INCOMPAT_DATA_FILE      (1ULL << 2)
#define QCOW2_INCOMPAT_COMPRESSION    (1ULL << 3)
#define QCOW2_INCOMPAT_EXTL2          (1ULL << 4)
/* The ones this driver implements. */
#define QCOW2_INCOMPAT_SUPPORTED \
    (QCOW2_INCOMPAT_DIRTY | QCOW2_INCOMPAT_CORRUPT)

/* Compatible feature bits: bytes 80-87 */
#define QCOW2_COMPAT_LAZY_REFCOUNTS   (1ULL << 0)

/* Autoclear feature bits: bytes 88-95 */
#define QCOW2_AUTOCLEAR_BITMAPS       (1ULL << 0)
#define QCOW2_AUTOCLEAR_DATA_FILE_RAW (1ULL << 1)

/* refcount_order: bytes 96-99; refcount_bits = 1 << refcount_order <= 64 */
#define QCOW2_MAX_REFCOUNT_ORDER 6
#define QCOW2_DEFAULT_REFCOUNT_ORDER 4

/* QEMU's sanity limits on table sizes (not in the spec, but what it takes). */
#define QCOW_MAX_REFTABLE_SIZE  (8 * 1024 * 1024)   /* bytes */
#define QCOW_MAX_L1_SIZE        (32 * 1024 * 1024)  /* bytes */
#define QCOW_MAX_SNAPSHOTS      65536
#define QCOW_MAX_CRYPT_CLUSTERS 32

/* The header as it is on disk (v3 with the compression type byte). */
typedef struct QEMU_PACKED QCowHeader {
    uint32_t magic;                   /* QCOW_MAGIC */
    uint32_t version;                 /* 2 or 3 */
    uint64_t backing_file_offset;     /* 0: no backing file */
    uint32_t backing_file_size;       /* < 1024, no NUL */
    uint32_t cluster_bits;            /* log2 of the cluster size */
    uint64_t size;                    /* virtual disk size in bytes */
    uint32_t crypt_method;            /* QCOW_CRYPT_* */
    uint32_t l1_size;                 /* entries in the active L1 table */
    uint64_t l1_table_offset;         /* cluster aligned */
    uint64_t refcount_table_offset;   /* cluster aligned */
    uint32_t refcount_table_clusters;
    uint32_t nb_snapshots;
    uint64_t snapshots_offset;        /* cluster aligned */
    /* v3 only (v2 implies the defaults below) */
    uint64_t incompatible_features;
    uint64_t compatible_features;
    uint64_t autoclear_features;
    uint32_t refcount_order;          /* v2: 4 */
    uint32_t header_length;           /* v2: 72 */
    uint8_t compression_type;         /* 0: zlib (only if header_length > 104) */
    uint8_t padding[7];
} QCowHeader;
QEMU_BUILD_BUG_ON(sizeof(QCowHeader) != QCOW2_V3_HEADER_SIZE_CT);
QEMU_BUILD_BUG_ON(offsetof(QCowHeader, incompatible_features) !=
                  QCOW2_V2_HEADER_SIZE);
QEMU_BUILD_BUG_ON(offsetof(QCowHeader, compression_type) !=
                  QCOW2_V3_HEADER_SIZE);

/* Byte offsets of fields rewritten on their own. */
#define QCOW2_HDR_OFF_SIZE         24
#define QCOW2_HDR_OFF_L1           36   /* l1_size + l1_table_offset */
#define QCOW2_HDR_OFF_REFTABLE     48   /* offset + clusters */
#define QCOW2_HDR_OFF_SNAPSHOTS    60   /* nb_snapshots + offset */
#define QCOW2_HDR_OFF_INCOMPAT     72

/* --- spec "Header extensions" ---------------------------------------------- */

typedef struct QEMU_PACKED QCowExtensionHeader {
    uint32_t magic;
    uint32_t len;                     /* data bytes, padded to 8 on disk */
} QCowExtensionHeader;
QEMU_BUILD_BUG_ON(sizeof(QCowExtensionHeader) != 8);

#define QCOW2_EXT_MAGIC_END             0x00000000U
#define QCOW2_EXT_MAGIC_BACKING_FORMAT  0xe2792acaU
#define QCOW2_EXT_MAGIC_FEATURE_TABLE   0x6803f857U
#define QCOW2_EXT_MAGIC_CRYPTO_HEADER   0x0537be77U
#define QCOW2_EXT_MAGIC_BITMAPS         0x23852875U
#define QCOW2_EXT_MAGIC_DATA_FILE       0x44415441U

/* Spec "Feature name table": one entry. */
typedef struct QEMU_PACKED Qcow2Feature {
    uint8_t type;                     /* QCOW2_FEAT_TYPE_* */
    uint8_t bit;                      /* 0..63 */
    char name[46];                    /* NUL padded, not terminated if 46 */
} Qcow2Feature;
QEMU_BUILD_BUG_ON(sizeof(Qcow2Feature) != 48);

#define QCOW2_FEAT_TYPE_INCOMPATIBLE 0
#define QCOW2_FEAT_TYPE_COMPATIBLE   1
#define QCOW2_FEAT_TYPE_AUTOCLEAR    2

/* Spec "Full disk encryption header pointer". */
typedef struct QEMU_PACKED Qcow2CryptoHeaderExtension {
    uint64_t offset;                  /* cluster aligned */
    uint64_t length;
} Qcow2CryptoHeaderExtension;
QEMU_BUILD_BUG_ON(sizeof(Qcow2CryptoHeaderExtension) != 16);

/* --- spec "Cluster mapping" -------------------------------------------------- */

#define L1E_OFFSET_MASK        0x00fffffffffffe00ULL  /* bits 9-55 */
#define L2E_OFFSET_MASK        0x00fffffffffffe00ULL  /* bits 9-55 */
#define QCOW_OFLAG_COPIED      (1ULL << 63)  /* refcount is exactly one */
#define QCOW_OFLAG_COMPRESSED  (1ULL << 62)
#define QCOW_OFLAG_ZERO        (1ULL << 0)   /* v3: reads as zeroes */
/* Reserved bits of a standard entry that must be zero. */
#define L1E_RESERVED_MASK      0x7f000000000001ffULL
#define L2E_STD_RESERVED_MASK  0x3f000000000001feULL

/*
 * Compressed cluster descriptor (spec "Compressed Clusters Descriptor"):
 * x = 62 - (cluster_bits - 8); bits 0..x-1 host offset (any byte), bits
 * x..61 the number of additional 512-byte sectors after the first.
 */
#define QCOW2_COMPRESSED_SECTOR_SIZE 512

/* --- spec "Refcount tables" -------------------------------------------------- */

#define REFT_OFFSET_MASK       0xfffffffffffffe00ULL
#define REFT_RESERVED_MASK     0x1ffULL

/* --- spec "Snapshots" --------------------------------------------------------- */

typedef struct QEMU_PACKED QCowSnapshotHeader {
    uint64_t l1_table_offset;
    uint32_t l1_size;
    uint16_t id_str_size;
    uint16_t name_size;
    uint32_t date_sec;
    uint32_t date_nsec;
    uint64_t vm_clock_nsec;
    uint32_t vm_state_size;
    uint32_t extra_data_size;         /* v3: at least 16 */
    /* extra data, id string, name, padding to 8 */
} QCowSnapshotHeader;
QEMU_BUILD_BUG_ON(sizeof(QCowSnapshotHeader) != 40);

typedef struct QEMU_PACKED QCowSnapshotExtraData {
    uint64_t vm_state_size_large;
    uint64_t disk_size;
    uint64_t icount;                  /* -1: unknown */
} QCowSnapshotExtraData;
QEMU_BUILD_BUG_ON(sizeof(QCowSnapshotExtraData) != 24);

#define QCOW_MAX_SNAPSHOT_EXTRA 1024

/* ------------------------------------------------------------------------- */
/* Endianness: the only place the header changes byte order. */
void qcow2_header_load(QCowHeader *h, const uint8_t *buf);
void qcow2_header_store(uint8_t *buf, const QCowHeader *h);

static inline uint64_t qcow2_be64_load(const void *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return GUINT64_FROM_BE(v);
}

static inline void qcow2_be64_store(void *p, uint64_t v)
{
    v = GUINT64_TO_BE(v);
    memcpy(p, &v, 8);
}

static inline uint32_t qcow2_be32_load(const void *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return GUINT32_FROM_BE(v);
}

static inline void qcow2_be32_store(void *p, uint32_t v)
{
    v = GUINT32_TO_BE(v);
    memcpy(p, &v, 4);
}

static inline uint16_t qcow2_be16_load(const void *p)
{
    uint16_t v;

    memcpy(&v, p, 2);
    return GUINT16_FROM_BE(v);
}

static inline void qcow2_be16_store(void *p, uint16_t v)
{
    v = GUINT16_TO_BE(v);
    memcpy(p, &v, 2);
}

/* ------------------------------------------------------------------------- */
/* Driver state */

/* A cache of cluster-sized tables (L2 tables or refcount blocks). */
typedef struct Qcow2CacheEntry {
    uint64_t offset;      /* host offset of the table, 0: unused */
    uint8_t *table;
    bool dirty;
    int ref;              /* users holding it (not evictable) */
    uint64_t lru;
} Qcow2CacheEntry;

typedef struct Qcow2Cache {
    Qcow2CacheEntry *entries;
    int size;
    uint64_t lru_counter;
} Qcow2Cache;

typedef struct QCowSnapshot {
    uint64_t l1_table_offset;
    uint32_t l1_size;
    char *id_str;
    char *name;
    uint64_t disk_size;
    uint64_t vm_state_size;
    uint32_t date_sec;
    uint32_t date_nsec;
    uint64_t vm_clock_nsec;
    uint64_t icount;
    uint32_t extra_data_size;
    uint8_t *unknown_extra;   /* extra data beyond what we know, kept */
} QCowSnapshot;

/* A header extension we do not interpret, written back as it was. */
typedef struct Qcow2UnknownExt {
    uint32_t magic;
    uint32_t len;
    uint8_t *data;
} Qcow2UnknownExt;

/*
 * An allocating write whose data is on its way to new clusters while
 * s->lock is not held: requests touching the guest range wait for it.
 */
typedef struct Qcow2InflightAlloc {
    uint64_t start;               /* guest range, cluster aligned */
    uint64_t end;
    CoQueue waiters;
    struct Qcow2InflightAlloc *next;
} Qcow2InflightAlloc;

typedef struct BDRVQcow2State {
    int cluster_bits;
    int cluster_size;
    int l2_bits;              /* log2 of entries per L2 table */
    int l2_size;              /* entries per L2 table */
    int csize_shift;          /* compressed descriptor: x of the spec */
    uint64_t csize_mask;
    uint64_t cluster_offset_mask;

    uint32_t version;
    uint64_t size;            /* virtual size */
    uint64_t incompatible_features;
    uint64_t compatible_features;
    uint64_t autoclear_features;
    uint32_t header_length;

    uint64_t l1_table_offset;
    uint32_t l1_size;
    uint64_t *l1_table;       /* host endian, l1_size entries */

    int refcount_order;
    int refcount_bits;
    uint64_t refcount_max;
    int refcount_block_bits;  /* log2 of entries per refcount block */
    uint64_t refcount_table_offset;
    uint32_t refcount_table_clusters;
    uint64_t refcount_table_size;   /* entries */
    uint64_t *refcount_table;       /* host endian */
    /* Entries past this one are all zero (bounds the overlap check scan). */
    uint64_t refcount_table_used;
    uint64_t free_cluster_index;
    uint64_t free_byte_offset;     /* where the next compressed data goes */

    Qcow2Cache l2_cache;
    Qcow2Cache refcount_cache;
    /* The L1 table has entries not yet on disk. */
    bool l1_dirty;
    /* Clusters to free once the metadata that dropped them is on disk. */
    GArray *pending_frees;    /* of Qcow2PendingFree */

    /* Backing file as named in the header, and its format. */
    char *backing_file;
    char *backing_format;

    uint32_t crypt_method_header;
    QCryptoBlock *crypto;
    uint64_t crypto_header_offset;  /* LUKS header extension */
    uint64_t crypto_header_length;
    bool crypt_physical_offset;     /* IVs from host offsets (LUKS) */

    uint32_t nb_snapshots;
    uint64_t snapshots_offset;
    uint64_t snapshots_size;
    QCowSnapshot *snapshots;

    GPtrArray *unknown_exts;  /* of Qcow2UnknownExt: written back as they were */
    bool has_bitmaps_ext;

    bool lazy_refcounts;      /* compat bit set: dirty bit protects refcounts */
    bool dirty_marked;        /* we set the dirty bit on disk */
    bool discard_passthrough; /* pass-discard-request */
    bool corrupt;             /* marked corrupt: read-only */

    CoMutex lock;
    Qcow2InflightAlloc *inflight_allocs;   /* under lock */
} BDRVQcow2State;

typedef struct Qcow2PendingFree {
    uint64_t offset;
    uint64_t bytes;
} Qcow2PendingFree;

/* Cluster types of an L2 entry (spec "Cluster mapping"). */
typedef enum QCow2ClusterType {
    QCOW2_CLUSTER_UNALLOCATED,
    QCOW2_CLUSTER_ZERO_PLAIN,   /* zero flag, no host cluster */
    QCOW2_CLUSTER_ZERO_ALLOC,   /* zero flag, host cluster kept */
    QCOW2_CLUSTER_NORMAL,
    QCOW2_CLUSTER_COMPRESSED,
} QCow2ClusterType;

static inline int64_t qcow2_start_of_cluster(BDRVQcow2State *s, int64_t off)
{
    return off & ~((int64_t)s->cluster_size - 1);
}

static inline int64_t qcow2_offset_into_cluster(BDRVQcow2State *s,
                                                int64_t off)
{
    return off & (s->cluster_size - 1);
}

static inline uint64_t qcow2_size_to_clusters(BDRVQcow2State *s,
                                              uint64_t size)
{
    return (size + s->cluster_size - 1) >> s->cluster_bits;
}

static inline QCow2ClusterType qcow2_get_cluster_type(BDRVQcow2State *s,
                                                      uint64_t l2e)
{
    if (l2e & QCOW_OFLAG_COMPRESSED) {
        return QCOW2_CLUSTER_COMPRESSED;
    }
    if ((l2e & QCOW_OFLAG_ZERO) && s->version >= 3) {
        return (l2e & L2E_OFFSET_MASK) ? QCOW2_CLUSTER_ZERO_ALLOC
                                       : QCOW2_CLUSTER_ZERO_PLAIN;
    }
    return (l2e & L2E_OFFSET_MASK) ? QCOW2_CLUSTER_NORMAL
                                   : QCOW2_CLUSTER_UNALLOCATED;
}

/* Host offset and size of the compressed data of an L2 entry. */
static inline void qcow2_parse_compressed(BDRVQcow2State *s, uint64_t l2e,
                                          uint64_t *coffset, uint64_t *csize)
{
    uint64_t nb = ((l2e >> s->csize_shift) & s->csize_mask) + 1;

    *coffset = l2e & s->cluster_offset_mask;
    *csize = nb * QCOW2_COMPRESSED_SECTOR_SIZE -
             (*coffset & (QCOW2_COMPRESSED_SECTOR_SIZE - 1));
}

/* qcow2.c */
/* The driver state of @bs if it is a qcow2 node, else NULL. */
BDRVQcow2State *qcow2_state(BlockDriverState *bs);
int qcow2_update_header(BlockDriverState *bs);
int qcow2_mark_dirty(BlockDriverState *bs);
int qcow2_mark_clean(BlockDriverState *bs);
int qcow2_mark_corrupt(BlockDriverState *bs);
/* Report metadata corruption, mark the image corrupt, make it read-only. */
void qcow2_signal_corruption(BlockDriverState *bs, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
int qcow2_flush_metadata(BlockDriverState *bs);
int qcow2_file_read(BlockDriverState *bs, uint64_t off, void *buf, size_t len);
int qcow2_file_write(BlockDriverState *bs, uint64_t off, const void *buf,
                     size_t len);
int qcow2_file_flush(BlockDriverState *bs);
int qcow2_write_l1_entry(BlockDriverState *bs, int index);

/* qcow2-cache.c */
void qcow2_cache_init(Qcow2Cache *c, int size, int cluster_size);
void qcow2_cache_destroy(Qcow2Cache *c);
int qcow2_cache_get(BlockDriverState *bs, Qcow2Cache *c, uint64_t offset,
                    void **table, bool read);
void qcow2_cache_put(Qcow2Cache *c, void **table);
void qcow2_cache_mark_dirty(Qcow2Cache *c, void *table);
int qcow2_cache_write(BlockDriverState *bs, Qcow2Cache *c);
bool qcow2_cache_is_dirty(Qcow2Cache *c);
/* Whether the table at @offset is in the cache (no I/O, no reference). */
bool qcow2_cache_contains(Qcow2Cache *c, uint64_t offset);
void qcow2_cache_discard(Qcow2Cache *c, uint64_t offset);
void qcow2_cache_empty(Qcow2Cache *c);

/* qcow2-refcount.c */
int qcow2_refcount_init(BlockDriverState *bs);
void qcow2_refcount_close(BlockDriverState *bs);
uint64_t qcow2_get_refcount_ro(const void *block, int order, uint64_t i);
void qcow2_set_refcount_ro(void *block, int order, uint64_t i, uint64_t v);
int qcow2_get_refcount(BlockDriverState *bs, uint64_t cluster_index,
                       uint64_t *refcount);
int qcow2_update_refcount(BlockDriverState *bs, uint64_t offset,
                          uint64_t length, int64_t addend);
int64_t qcow2_alloc_clusters(BlockDriverState *bs, uint64_t size);
/*
 * What metadata lives in the cluster at @off (NULL: none): every table
 * (qcow2_metadata_at) or only the header, L1 and refcount table.
 */
const char *qcow2_metadata_at(BlockDriverState *bs, uint64_t off);
const char *qcow2_fixed_metadata_at(BlockDriverState *bs, uint64_t off);
int64_t qcow2_alloc_bytes(BlockDriverState *bs, int size);
/* Drop a reference once the metadata that used it is on disk. */
void qcow2_free_clusters_deferred(BlockDriverState *bs, uint64_t offset,
                                  uint64_t size);
int qcow2_apply_pending_frees(BlockDriverState *bs);
int qcow2_write_refcount_table(BlockDriverState *bs);
/* Recompute refcount_table_used after the table was replaced. */
void qcow2_refcount_table_rescan(BDRVQcow2State *s);
int qcow2_update_snapshot_refcount(BlockDriverState *bs,
                                   uint64_t l1_table_offset, int l1_size,
                                   int addend);

/* qcow2-cluster.c */
int qcow2_get_host_offset(BlockDriverState *bs, uint64_t offset,
                          uint64_t *bytes, uint64_t *l2e,
                          QCow2ClusterType *type);
int qcow2_alloc_host_cluster(BlockDriverState *bs, uint64_t guest_offset,
                             uint64_t *host_offset, bool *fresh);
int qcow2_set_l2_entry(BlockDriverState *bs, uint64_t guest_offset,
                       uint64_t l2e, bool free_old);
int qcow2_grow_l1_table(BlockDriverState *bs, uint64_t min_size, bool exact);
int qcow2_get_l2_entry(BlockDriverState *bs, uint64_t guest_offset,
                       uint64_t *l2e);
int qcow2_discard_clusters(BlockDriverState *bs, uint64_t offset,
                           uint64_t bytes, bool make_zero, bool full_discard);
int qcow2_decompress_cluster(BlockDriverState *bs, uint64_t l2e,
                             uint8_t *out);

/* qcow2-check.c */
int coroutine_fn qcow2_co_check(BlockDriverState *bs, BdrvCheckResult *res,
                                int fix);
int qcow2_check_fix_all(BlockDriverState *bs, BdrvCheckResult *res);

/* qcow2-snapshot.c */
int qcow2_read_snapshots(BlockDriverState *bs, Error **errp);
void qcow2_free_snapshots(BlockDriverState *bs);
int qcow2_write_snapshots(BlockDriverState *bs);
/* Set QCOW_OFLAG_COPIED on the active L1/L2 entries exactly where refcount is 1. */
int qcow2_update_copied_flags(BlockDriverState *bs);
/* The BlockDriver snapshot callbacks (see bdrv_snapshot_* in block.h). */
int qcow2_snapshot_list(BlockDriverState *bs, QEMUSnapshotInfo **psn);
int qcow2_snapshot_create(BlockDriverState *bs, const char *name,
                          Error **errp);
int qcow2_snapshot_goto(BlockDriverState *bs, const char *name,
                        Error **errp);
int qcow2_snapshot_delete(BlockDriverState *bs, const char *name,
                          Error **errp);

/* qcow2-create.c */
int qcow2_create(BlockDriver *drv, const char *filename, QDict *opts,
                 Error **errp);
bool qcow2_measure(QDict *opts, BlockDriverState *in_bs,
                   BlockMeasureInfo *info, Error **errp);
int qcow2_amend(BlockDriverState *bs, QDict *opts, bool force, Error **errp);
extern const BlockCreateOpt qcow2_create_opts[];
extern const BlockCreateOpt qcow2_amend_opts[];

/* qcow2.c: the BlockDriver backing file callbacks (see block.h). */
int qcow2_change_backing_file(BlockDriverState *bs, const char *file,
                              const char *fmt, Error **errp);
int qcow2_make_empty(BlockDriverState *bs, Error **errp);

/* Secrets (shared between open, create and amend). */
int qcow2_crypto_hdr_read(void *opaque, uint64_t offset, uint8_t *buf,
                          size_t len, Error **errp);

#endif

/*
 * qcow2 refcounts: reading and updating the refcount of host clusters
 * (refcount_bits from 1 to 64), allocating clusters and compressed byte
 * ranges, creating refcount blocks and growing the refcount table.
 *
 * Crash safety: a refcount is raised (and may reach the disk) before any
 * entry that points to the cluster, so a crash can only leak clusters. A
 * refcount is lowered only after the metadata that dropped the cluster is
 * on disk (qcow2_free_clusters_deferred + qcow2_apply_pending_frees).
 */
#include "qemu/osdep.h"
#include "qcow2.h"

/* Entries are packed in order; sub-byte ones from the low bits up. */
uint64_t qcow2_get_refcount_ro(const void *block, int order, uint64_t i)
{
    const uint8_t *b = block;

    switch (order) {
    case 0:
        return (b[i / 8] >> (i % 8)) & 1;
    case 1:
        return (b[i / 4] >> (2 * (i % 4))) & 3;
    case 2:
        return (b[i / 2] >> (4 * (i % 2))) & 15;
    case 3:
        return b[i];
    case 4:
        return qcow2_be16_load(b + 2 * i);
    case 5:
        return qcow2_be32_load(b + 4 * i);
    default:
        return qcow2_be64_load(b + 8 * i);
    }
}

void qcow2_set_refcount_ro(void *block, int order, uint64_t i, uint64_t v)
{
    uint8_t *b = block;
    int shift;

    switch (order) {
    case 0:
    case 1:
    case 2:
        shift = (i % (8 >> order)) << order;
        b[i >> (3 - order)] &= ~(((1 << (1 << order)) - 1) << shift);
        b[i >> (3 - order)] |= v << shift;
        break;
    case 3:
        b[i] = v;
        break;
    case 4:
        qcow2_be16_store(b + 2 * i, v);
        break;
    case 5:
        qcow2_be32_store(b + 4 * i, v);
        break;
    default:
        qcow2_be64_store(b + 8 * i, v);
        break;
    }
}

int qcow2_refcount_init(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    size_t bytes = s->refcount_table_size * 8;
    g_autofree uint8_t *buf = g_try_malloc(bytes ? bytes : 1);
    int ret;

    if (!buf) {
        return -ENOMEM;
    }
    ret = qcow2_file_read(bs, s->refcount_table_offset, buf, bytes);
    if (ret < 0) {
        return ret;
    }
    s->refcount_table = g_new(uint64_t, MAX(s->refcount_table_size, 1));
    for (uint64_t i = 0; i < s->refcount_table_size; i++) {
        s->refcount_table[i] = qcow2_be64_load(buf + 8 * i);
    }
    qcow2_refcount_table_rescan(s);
    return 0;
}

void qcow2_refcount_table_rescan(BDRVQcow2State *s)
{
    uint64_t n = s->refcount_table_size;

    while (n > 0 && !s->refcount_table[n - 1]) {
        n--;
    }
    s->refcount_table_used = n;
}

void qcow2_refcount_close(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    g_free(s->refcount_table);
    s->refcount_table = NULL;
}

static uint64_t rb_entries(BDRVQcow2State *s)
{
    return 1ULL << s->refcount_block_bits;
}

int qcow2_get_refcount(BlockDriverState *bs, uint64_t cluster_index,
                       uint64_t *refcount)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t ti = cluster_index >> s->refcount_block_bits;
    uint64_t off;
    void *block;
    int ret;

    *refcount = 0;
    if (ti >= s->refcount_table_size) {
        return 0;
    }
    off = s->refcount_table[ti] & REFT_OFFSET_MASK;
    if (!off) {
        return 0;
    }
    if (qcow2_offset_into_cluster(s, off) ||
        qcow2_fixed_metadata_at(bs, off)) {
        qcow2_signal_corruption(bs, "Refblock offset %#" PRIx64 " unaligned "
                                "or on other metadata (reftable index: %#"
                                PRIx64 ")", off, ti);
        return -EIO;
    }
    ret = qcow2_cache_get(bs, &s->refcount_cache, off, &block, true);
    if (ret < 0) {
        return ret;
    }
    *refcount = qcow2_get_refcount_ro(block, s->refcount_order,
                                      cluster_index & (rb_entries(s) - 1));
    qcow2_cache_put(&s->refcount_cache, &block);
    return 0;
}

/* Write one refcount table entry from memory to disk. */
static int write_reftable_entry(BlockDriverState *bs, uint64_t ti)
{
    BDRVQcow2State *s = bs->opaque;
    uint8_t be[8];

    qcow2_be64_store(be, s->refcount_table[ti]);
    return qcow2_file_write(bs, s->refcount_table_offset + ti * 8, be, 8);
}

int qcow2_write_refcount_table(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    size_t bytes = (size_t)s->refcount_table_clusters << s->cluster_bits;
    g_autofree uint8_t *buf = g_malloc0(bytes);

    for (uint64_t i = 0; i < s->refcount_table_size; i++) {
        qcow2_be64_store(buf + 8 * i, s->refcount_table[i]);
    }
    return qcow2_file_write(bs, s->refcount_table_offset, buf, bytes);
}

static int64_t file_clusters(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    int64_t len = bdrv_getlength(bs->file->bs);

    if (len < 0) {
        return len;
    }
    return qcow2_size_to_clusters(s, len);
}

/*
 * Grow the refcount table to at least @min_entries. The new table and the
 * refcount blocks describing it go past everything the old table covers,
 * so they are described only by themselves; the header switches to the new
 * table after both are on disk, and the old table is freed after that.
 */
static int grow_refcount_table(BlockDriverState *bs, uint64_t min_entries)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t per_cluster = s->cluster_size / 8;
    uint64_t old_cover = s->refcount_table_size << s->refcount_block_bits;
    int64_t fc = file_clusters(bs);
    uint64_t start, tc, nb, new_entries, first_ti;
    uint64_t old_off = s->refcount_table_offset;
    uint32_t old_clusters = s->refcount_table_clusters;
    uint64_t *new_table;
    g_autofree uint8_t *buf = NULL;
    uint8_t hdr[12];
    int ret;

    if (fc < 0) {
        return fc;
    }
    start = MAX(old_cover, (uint64_t)fc);
    new_entries = MAX(min_entries, s->refcount_table_size * 3 / 2 + 1);
    first_ti = start >> s->refcount_block_bits;
    for (;;) {
        uint64_t end_ti;

        tc = DIV_ROUND_UP(new_entries, per_cluster);
        nb = 0;
        for (;;) {
            uint64_t need = ((start + tc + nb - 1) >> s->refcount_block_bits)
                            - first_ti + 1;
            if (need == nb) {
                break;
            }
            nb = need;
        }
        end_ti = first_ti + nb;
        if (end_ti <= tc * per_cluster) {
            new_entries = tc * per_cluster;
            break;
        }
        new_entries = end_ti;
    }
    if (new_entries * 8 > QCOW_MAX_REFTABLE_SIZE) {
        return -EFBIG;
    }

    buf = g_malloc0(s->cluster_size);
    for (uint64_t k = 0; k < nb; k++) {
        uint64_t ti = first_ti + k;
        uint64_t lo = ti << s->refcount_block_bits;

        memset(buf, 0, s->cluster_size);
        for (uint64_t c = start; c < start + tc + nb; c++) {
            if ((c >> s->refcount_block_bits) == ti) {
                qcow2_set_refcount_ro(buf, s->refcount_order, c - lo, 1);
            }
        }
        ret = qcow2_file_write(bs, (start + tc + k) << s->cluster_bits, buf,
                               s->cluster_size);
        if (ret < 0) {
            return ret;
        }
    }

    new_table = g_new0(uint64_t, new_entries);
    memcpy(new_table, s->refcount_table, s->refcount_table_size * 8);
    for (uint64_t k = 0; k < nb; k++) {
        new_table[first_ti + k] = (start + tc + k) << s->cluster_bits;
    }
    g_free(s->refcount_table);
    s->refcount_table = new_table;
    s->refcount_table_size = new_entries;
    s->refcount_table_offset = start << s->cluster_bits;
    s->refcount_table_clusters = tc;
    qcow2_refcount_table_rescan(s);
    ret = qcow2_write_refcount_table(bs);
    if (ret == 0) {
        ret = qcow2_file_flush(bs);
    }
    if (ret < 0) {
        return ret;
    }
    qcow2_be64_store(hdr, s->refcount_table_offset);
    qcow2_be32_store(hdr + 8, s->refcount_table_clusters);
    ret = qcow2_file_write(bs, QCOW2_HDR_OFF_REFTABLE, hdr, sizeof(hdr));
    if (ret == 0) {
        ret = qcow2_file_flush(bs);
    }
    if (ret < 0) {
        return ret;
    }
    return qcow2_update_refcount(bs, old_off,
                                 (uint64_t)old_clusters << s->cluster_bits,
                                 -1);
}

static bool in_range(uint64_t off, uint64_t start, uint64_t len)
{
    return len && off >= start && off - start < len;
}

/*
 * Whether the cluster at @off holds metadata we know of. A cluster with
 * refcount 0 that does means the refcounts are wrong: handing it out would
 * overwrite the header or a table (QEMU's overlap check).
 */
const char *qcow2_metadata_at(BlockDriverState *bs, uint64_t off)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t cs = s->cluster_size;
    const char *fixed = qcow2_fixed_metadata_at(bs, off);

    if (fixed) {
        return fixed;
    }
    if (in_range(off, s->snapshots_offset,
                 QEMU_ALIGN_UP(s->snapshots_size, cs))) {
        return "snapshot table";
    }
    if (in_range(off, s->crypto_header_offset,
                 QEMU_ALIGN_UP(s->crypto_header_length, cs))) {
        return "encryption header";
    }
    for (uint64_t i = 0; i < s->refcount_table_used; i++) {
        if ((s->refcount_table[i] & REFT_OFFSET_MASK) == off) {
            return "refcount block";
        }
    }
    for (uint32_t i = 0; i < s->l1_size; i++) {
        if ((s->l1_table[i] & L1E_OFFSET_MASK) == off) {
            return "active L2 table";
        }
    }
    return NULL;
}

const char *qcow2_fixed_metadata_at(BlockDriverState *bs, uint64_t off)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t cs = s->cluster_size;

    off = qcow2_start_of_cluster(s, off);
    if (off < cs) {
        return "qcow2_header";
    }
    if (in_range(off, qcow2_start_of_cluster(s, s->l1_table_offset),
                 QEMU_ALIGN_UP((uint64_t)s->l1_size * 8, cs))) {
        return "active L1 table";
    }
    if (in_range(off, s->refcount_table_offset,
                 (uint64_t)s->refcount_table_clusters * cs)) {
        return "refcount table";
    }
    return NULL;
}

/* A cluster that has no references (may be past the table's coverage). */
static int find_free_cluster(BlockDriverState *bs, uint64_t *index)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t i = s->free_cluster_index;

    for (;; i++) {
        uint64_t rc;
        const char *what;
        int ret = qcow2_get_refcount(bs, i, &rc);

        if (ret < 0) {
            return ret;
        }
        if (rc) {
            continue;
        }
        what = qcow2_metadata_at(bs, i << s->cluster_bits);
        if (what) {
            qcow2_signal_corruption(bs, "Preventing invalid allocation of "
                                    "the %s at %#" PRIx64 " (its refcount "
                                    "is 0)", what, i << s->cluster_bits);
            return -EIO;
        }
        *index = i;
        return 0;
    }
}

/* Make sure the refcount block for table index @ti exists. */
static int ensure_refcount_block(BlockDriverState *bs, uint64_t ti,
                                 bool *allocated)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    for (int tries = 0;; tries++) {
        uint64_t b, tb;
        g_autofree uint8_t *zero = NULL;

        if (tries > 64) {
            qcow2_signal_corruption(bs, "Cannot find room for refcount "
                                    "block %" PRIu64, ti);
            return -EIO;
        }

        if (ti >= s->refcount_table_size) {
            ret = grow_refcount_table(bs, ti + 1);
            if (ret < 0) {
                return ret;
            }
            *allocated = true;
        }
        if (s->refcount_table[ti] & REFT_OFFSET_MASK) {
            return 0;
        }
        ret = find_free_cluster(bs, &b);
        if (ret < 0) {
            return ret;
        }
        tb = b >> s->refcount_block_bits;
        zero = g_malloc0(s->cluster_size);
        if (tb == ti) {
            /* The new block describes itself. */
            qcow2_set_refcount_ro(zero, s->refcount_order,
                                  b & (rb_entries(s) - 1), 1);
        } else {
            bool dummy = false;

            ret = ensure_refcount_block(bs, tb, &dummy);
            if (ret < 0) {
                return ret;
            }
            if (dummy) {
                continue;   /* b may have been taken meanwhile */
            }
            ret = qcow2_update_refcount(bs, b << s->cluster_bits,
                                        s->cluster_size, 1);
            if (ret < 0) {
                return ret;
            }
        }
        qcow2_cache_discard(&s->refcount_cache, b << s->cluster_bits);
        qcow2_cache_discard(&s->l2_cache, b << s->cluster_bits);
        ret = qcow2_file_write(bs, b << s->cluster_bits, zero,
                               s->cluster_size);
        if (ret == 0) {
            ret = qcow2_file_flush(bs);
        }
        if (ret < 0) {
            return ret;
        }
        s->refcount_table[ti] = b << s->cluster_bits;
        s->refcount_table_used = MAX(s->refcount_table_used, ti + 1);
        ret = write_reftable_entry(bs, ti);
        if (ret < 0) {
            return ret;
        }
        *allocated = true;
        return 0;
    }
}

int qcow2_update_refcount(BlockDriverState *bs, uint64_t offset,
                          uint64_t length, int64_t addend)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t first, last;

    if (length == 0) {
        return 0;
    }
    first = offset >> s->cluster_bits;
    last = (offset + length - 1) >> s->cluster_bits;
    for (uint64_t c = first; c <= last; c++) {
        uint64_t ti = c >> s->refcount_block_bits;
        bool allocated = false;
        void *block;
        uint64_t rc;
        int ret;

        ret = ensure_refcount_block(bs, ti, &allocated);
        if (ret < 0) {
            return ret;
        }
        ret = qcow2_cache_get(bs, &s->refcount_cache,
                              s->refcount_table[ti] & REFT_OFFSET_MASK,
                              &block, true);
        if (ret < 0) {
            return ret;
        }
        rc = qcow2_get_refcount_ro(block, s->refcount_order,
                                   c & (rb_entries(s) - 1));
        if ((addend < 0 && rc < (uint64_t)-addend) ||
            (addend > 0 && rc > s->refcount_max - addend)) {
            qcow2_cache_put(&s->refcount_cache, &block);
            qcow2_signal_corruption(bs, "Refcount of cluster %#" PRIx64
                                    " would %s", c << s->cluster_bits,
                                    addend < 0 ? "become negative"
                                               : "overflow");
            return addend < 0 ? -EINVAL : -ERANGE;
        }
        rc += addend;
        qcow2_set_refcount_ro(block, s->refcount_order,
                              c & (rb_entries(s) - 1), rc);
        qcow2_cache_mark_dirty(&s->refcount_cache, block);
        qcow2_cache_put(&s->refcount_cache, &block);
        if (rc == 0) {
            qcow2_cache_discard(&s->l2_cache, c << s->cluster_bits);
            qcow2_cache_discard(&s->refcount_cache, c << s->cluster_bits);
            if (c < s->free_cluster_index) {
                s->free_cluster_index = c;
            }
        }
    }
    return 0;
}

int64_t qcow2_alloc_clusters(BlockDriverState *bs, uint64_t size)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t n = qcow2_size_to_clusters(s, size);
    int ret;

    if (n == 0) {
        return -EINVAL;
    }
    for (;;) {
        uint64_t start = s->free_cluster_index, i = 0;
        bool allocated = false;
        uint64_t flen = MAX(bdrv_getlength(bs->file->bs), 0);

        /* The first run of @n clusters without references. */
        while (i < n) {
            uint64_t rc;

            ret = qcow2_get_refcount(bs, start + i, &rc);
            if (ret < 0) {
                return ret;
            }
            if (rc) {
                start += i + 1;
                i = 0;
                continue;
            }
            /* Nothing past the end of the file holds metadata yet. */
            if (((start + i) << s->cluster_bits) < flen) {
                const char *what = qcow2_metadata_at(bs, (start + i) <<
                                                     s->cluster_bits);

                if (what) {
                    qcow2_signal_corruption(bs, "Preventing invalid "
                                            "allocation of the %s at %#"
                                            PRIx64 " (its refcount is 0)",
                                            what, (start + i) <<
                                            s->cluster_bits);
                    return -EIO;
                }
            }
            i++;
        }
        if (start + n > ((1ULL << 56) >> s->cluster_bits)) {
            return -EFBIG;
        }
        /* Create the refcount blocks first: they may land in our range. */
        for (uint64_t ti = start >> s->refcount_block_bits;
             ti <= (start + n - 1) >> s->refcount_block_bits; ti++) {
            ret = ensure_refcount_block(bs, ti, &allocated);
            if (ret < 0) {
                return ret;
            }
        }
        if (allocated) {
            continue;
        }
        ret = qcow2_update_refcount(bs, start << s->cluster_bits,
                                    n << s->cluster_bits, 1);
        if (ret < 0) {
            return ret;
        }
        if (start == s->free_cluster_index) {
            s->free_cluster_index = start + n;
        }
        return start << s->cluster_bits;
    }
}

/*
 * Allocate @size bytes for compressed data, packed after the previous
 * compressed cluster when they fit in its host cluster.
 */
int64_t qcow2_alloc_bytes(BlockDriverState *bs, int size)
{
    BDRVQcow2State *s = bs->opaque;
    int64_t off;
    int ret;

    if (s->free_byte_offset &&
        qcow2_offset_into_cluster(s, s->free_byte_offset) + size <=
        s->cluster_size) {
        uint64_t rc;

        ret = qcow2_get_refcount(bs, s->free_byte_offset >> s->cluster_bits,
                                 &rc);
        if (ret < 0) {
            return ret;
        }
        if (rc > 0 && rc < s->refcount_max) {
            off = s->free_byte_offset;
            ret = qcow2_update_refcount(bs, qcow2_start_of_cluster(s, off),
                                        1, 1);
            if (ret < 0) {
                return ret;
            }
            s->free_byte_offset += size;
            if (!qcow2_offset_into_cluster(s, s->free_byte_offset)) {
                s->free_byte_offset = 0;
            }
            return off;
        }
    }
    off = qcow2_alloc_clusters(bs, size);
    if (off < 0) {
        return off;
    }
    s->free_byte_offset = off + size;
    if (!qcow2_offset_into_cluster(s, s->free_byte_offset)) {
        s->free_byte_offset = 0;
    }
    return off;
}

void qcow2_free_clusters_deferred(BlockDriverState *bs, uint64_t offset,
                                  uint64_t size)
{
    BDRVQcow2State *s = bs->opaque;
    Qcow2PendingFree f = { .offset = offset, .bytes = size };

    g_array_append_val(s->pending_frees, f);
}

int qcow2_apply_pending_frees(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    int ret = 0;

    while (s->pending_frees->len) {
        Qcow2PendingFree f = g_array_index(s->pending_frees,
                                           Qcow2PendingFree, 0);

        g_array_remove_index(s->pending_frees, 0);
        ret = qcow2_update_refcount(bs, f.offset, f.bytes, -1);
        if (ret < 0) {
            return ret;
        }
        if (s->free_byte_offset &&
            qcow2_start_of_cluster(s, s->free_byte_offset) ==
            qcow2_start_of_cluster(s, f.offset)) {
            uint64_t rc;

            if (qcow2_get_refcount(bs, f.offset >> s->cluster_bits,
                                   &rc) == 0 && rc == 0) {
                s->free_byte_offset = 0;
            }
        }
    }
    return ret;
}

/*
 * Add @addend to the refcount of every cluster an L1 table refers to
 * (snapshot create/delete), the L2 tables included.
 */
int qcow2_update_snapshot_refcount(BlockDriverState *bs,
                                   uint64_t l1_table_offset, int l1_size,
                                   int addend)
{
    BDRVQcow2State *s = bs->opaque;
    g_autofree uint8_t *l1 = g_malloc0(MAX(l1_size, 1) * 8);
    int ret = qcow2_file_read(bs, l1_table_offset, l1, l1_size * 8);

    if (ret < 0) {
        return ret;
    }
    for (int i = 0; i < l1_size; i++) {
        uint64_t l2_off = qcow2_be64_load(l1 + 8 * i) & L1E_OFFSET_MASK;
        void *l2;

        if (!l2_off) {
            continue;
        }
        ret = qcow2_cache_get(bs, &s->l2_cache, l2_off, &l2, true);
        if (ret < 0) {
            return ret;
        }
        for (int j = 0; j < s->l2_size; j++) {
            uint64_t e = qcow2_be64_load((uint8_t *)l2 + 8 * j);
            uint64_t coff, csize;

            switch (qcow2_get_cluster_type(s, e)) {
            case QCOW2_CLUSTER_COMPRESSED:
                qcow2_parse_compressed(s, e, &coff, &csize);
                ret = qcow2_update_refcount(bs, coff & ~511ULL,
                                            (coff & 511) + csize, addend);
                break;
            case QCOW2_CLUSTER_NORMAL:
            case QCOW2_CLUSTER_ZERO_ALLOC:
                ret = qcow2_update_refcount(bs, e & L2E_OFFSET_MASK,
                                            s->cluster_size, addend);
                break;
            default:
                ret = 0;
                break;
            }
            if (ret < 0) {
                qcow2_cache_put(&s->l2_cache, &l2);
                return ret;
            }
        }
        qcow2_cache_put(&s->l2_cache, &l2);
        ret = qcow2_update_refcount(bs, l2_off, s->cluster_size, addend);
        if (ret < 0) {
            return ret;
        }
    }
    return 0;
}

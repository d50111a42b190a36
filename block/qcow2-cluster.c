/*
 * qcow2 cluster mapping: guest offset -> L1 entry -> L2 entry -> host
 * cluster. Lookups, L2 table allocation (copying a table shared with a
 * snapshot), L1 growth, discard and zero clusters, and decompression.
 *
 * Write order for a new L2 table: its refcount, then the table itself,
 * a flush, then the L1 entry pointing to it. L2 entries of data clusters
 * live in the L2 cache and reach the disk in qcow2_flush_metadata(), after
 * the data and refcounts they depend on.
 */
#include "qemu/osdep.h"
#include "qcow2.h"
#include <zlib.h>

int qcow2_write_l1_entry(BlockDriverState *bs, int index)
{
    BDRVQcow2State *s = bs->opaque;
    uint8_t be[8];

    qcow2_be64_store(be, s->l1_table[index]);
    return qcow2_file_write(bs, s->l1_table_offset + 8 * (uint64_t)index,
                            be, 8);
}

int qcow2_grow_l1_table(BlockDriverState *bs, uint64_t min_size, bool exact)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t new_size = min_size;
    g_autofree uint8_t *buf = NULL;
    uint64_t *new_l1;
    int64_t new_off;
    uint64_t old_off = s->l1_table_offset;
    uint64_t old_bytes = (uint64_t)s->l1_size * 8;
    uint8_t hdr[12];
    int ret;

    if (min_size <= s->l1_size) {
        return 0;
    }
    if (!exact) {
        /* Grow by half again, as QEMU does, to avoid growing each time. */
        new_size = MAX(min_size, (uint64_t)s->l1_size * 3 / 2 + 1);
    }
    if (new_size * 8 > QCOW_MAX_L1_SIZE) {
        return -EFBIG;
    }
    new_off = qcow2_alloc_clusters(bs, new_size * 8);
    if (new_off < 0) {
        return new_off;
    }
    /* The refcounts of the new table go down before the header moves. */
    ret = qcow2_cache_write(bs, &s->refcount_cache);
    if (ret < 0) {
        return ret;
    }
    buf = g_malloc0(QEMU_ALIGN_UP(new_size * 8, s->cluster_size));
    new_l1 = g_new0(uint64_t, new_size);
    memcpy(new_l1, s->l1_table, old_bytes);
    for (uint64_t i = 0; i < new_size; i++) {
        qcow2_be64_store(buf + 8 * i, new_l1[i]);
    }
    ret = qcow2_file_write(bs, new_off, buf, QEMU_ALIGN_UP(new_size * 8,
                                                      s->cluster_size));
    if (ret == 0) {
        ret = qcow2_file_flush(bs);
    }
    if (ret < 0) {
        g_free(new_l1);
        return ret;
    }
    qcow2_be32_store(hdr, new_size);
    qcow2_be64_store(hdr + 4, new_off);
    ret = qcow2_file_write(bs, QCOW2_HDR_OFF_L1, hdr, sizeof(hdr));
    if (ret == 0) {
        ret = qcow2_file_flush(bs);
    }
    if (ret < 0) {
        g_free(new_l1);
        return ret;
    }
    g_free(s->l1_table);
    s->l1_table = new_l1;
    s->l1_size = new_size;
    s->l1_table_offset = new_off;
    if (old_off && old_bytes) {
        return qcow2_update_refcount(bs, old_off, old_bytes, -1);
    }
    return 0;
}

static int l2_table_offset(BlockDriverState *bs, uint64_t l1_index,
                           uint64_t *l2_off)
{
    BDRVQcow2State *s = bs->opaque;

    *l2_off = 0;
    if (l1_index >= s->l1_size) {
        return 0;
    }
    *l2_off = s->l1_table[l1_index] & L1E_OFFSET_MASK;
    /*
     * A cached table was checked when it was loaded: only a miss pays for
     * the file length (an fstat), not every request.
     */
    if (*l2_off && (qcow2_offset_into_cluster(s, *l2_off) ||
                    qcow2_fixed_metadata_at(bs, *l2_off) ||
                    (!qcow2_cache_contains(&s->l2_cache, *l2_off) &&
                     (int64_t)(*l2_off + s->cluster_size) >
                     bdrv_getlength(bs->file->bs)))) {
        qcow2_signal_corruption(bs, "L2 table offset %#" PRIx64 " unaligned, on "
                                "other metadata or past the end of the image "
                                "(L1 index: %#" PRIx64 ")", *l2_off, l1_index);
        return -EIO;
    }
    return 0;
}

int qcow2_get_l2_entry(BlockDriverState *bs, uint64_t guest_offset,
                       uint64_t *l2e)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t l1_index = guest_offset >> (s->l2_bits + s->cluster_bits);
    uint64_t l2_index = (guest_offset >> s->cluster_bits) & (s->l2_size - 1);
    uint64_t l2_off;
    void *l2;
    int ret;

    *l2e = 0;
    ret = l2_table_offset(bs, l1_index, &l2_off);
    if (ret < 0 || !l2_off) {
        return ret;
    }
    ret = qcow2_cache_get(bs, &s->l2_cache, l2_off, &l2, true);
    if (ret < 0) {
        return ret;
    }
    *l2e = qcow2_be64_load((uint8_t *)l2 + 8 * l2_index);
    qcow2_cache_put(&s->l2_cache, &l2);
    return 0;
}

/*
 * Where guest @offset lives: its L2 entry and type, and in *@bytes (in:
 * wanted, out: covered) how far the same kind of mapping goes on
 * (contiguous host clusters for NORMAL), within one L2 table.
 */
int qcow2_get_host_offset(BlockDriverState *bs, uint64_t offset,
                          uint64_t *bytes, uint64_t *l2e,
                          QCow2ClusterType *type)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t l1_index = offset >> (s->l2_bits + s->cluster_bits);
    uint64_t l2_index = (offset >> s->cluster_bits) & (s->l2_size - 1);
    uint64_t in_cluster = qcow2_offset_into_cluster(s, offset);
    uint64_t max = MIN(*bytes, ((uint64_t)(s->l2_size - l2_index)
                                << s->cluster_bits) - in_cluster);
    uint64_t l2_off, covered;
    void *l2;
    int ret;

    *l2e = 0;
    ret = l2_table_offset(bs, l1_index, &l2_off);
    if (ret < 0) {
        return ret;
    }
    if (!l2_off) {
        *type = QCOW2_CLUSTER_UNALLOCATED;
        *bytes = max;
        return 0;
    }
    ret = qcow2_cache_get(bs, &s->l2_cache, l2_off, &l2, true);
    if (ret < 0) {
        return ret;
    }
    *l2e = qcow2_be64_load((uint8_t *)l2 + 8 * l2_index);
    *type = qcow2_get_cluster_type(s, *l2e);
    covered = s->cluster_size - in_cluster;
    if (*type == QCOW2_CLUSTER_NORMAL || *type == QCOW2_CLUSTER_ZERO_ALLOC) {
        uint64_t host = *l2e & L2E_OFFSET_MASK;

        if (qcow2_offset_into_cluster(s, host)) {
            qcow2_cache_put(&s->l2_cache, &l2);
            qcow2_signal_corruption(bs, "Cluster allocation offset %#" PRIx64
                                    " unaligned (L2 offset: %#" PRIx64
                                    ", L2 index: %#" PRIx64 ")", host, l2_off,
                                    l2_index);
            return -EIO;
        }
    }
    if (*type == QCOW2_CLUSTER_NORMAL && (*l2e & L2E_STD_RESERVED_MASK)) {
        /* Reserved bits set: refuse to guess what the writer meant. */
        qcow2_cache_put(&s->l2_cache, &l2);
        qcow2_signal_corruption(bs, "L2 entry %#" PRIx64 " has reserved bits "
                                "set", *l2e);
        return -EIO;
    }
    if (*type != QCOW2_CLUSTER_COMPRESSED) {
        uint64_t i = l2_index + 1;
        uint64_t expect = (*l2e & L2E_OFFSET_MASK) + s->cluster_size;

        while (covered < max && i < (uint64_t)s->l2_size) {
            uint64_t e = qcow2_be64_load((uint8_t *)l2 + 8 * i);
            QCow2ClusterType t = qcow2_get_cluster_type(s, e);

            if (t != *type) {
                break;
            }
            if (t == QCOW2_CLUSTER_NORMAL) {
                if ((e & L2E_OFFSET_MASK) != expect ||
                    (e & QCOW_OFLAG_COPIED) != (*l2e & QCOW_OFLAG_COPIED)) {
                    break;
                }
                expect += s->cluster_size;
            }
            covered += s->cluster_size;
            i++;
        }
    }
    qcow2_cache_put(&s->l2_cache, &l2);
    *bytes = MIN(covered, max);
    return 0;
}

/*
 * Make the L2 table of @l1_index writable (owned by the active L1 only),
 * allocating or copying it. Returns it from the cache (put it after use).
 */
static int get_writable_l2(BlockDriverState *bs, uint64_t l1_index, void **l2)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t old_off;
    int64_t new_off;
    void *old = NULL;
    int ret;

    if (l1_index >= s->l1_size) {
        ret = qcow2_grow_l1_table(bs, l1_index + 1, false);
        if (ret < 0) {
            return ret;
        }
    }
    ret = l2_table_offset(bs, l1_index, &old_off);
    if (ret < 0) {
        return ret;
    }
    if (old_off && (s->l1_table[l1_index] & QCOW_OFLAG_COPIED)) {
        return qcow2_cache_get(bs, &s->l2_cache, old_off, l2, true);
    }
    new_off = qcow2_alloc_clusters(bs, s->cluster_size);
    if (new_off < 0) {
        return new_off;
    }
    ret = qcow2_cache_get(bs, &s->l2_cache, new_off, l2, false);
    if (ret < 0) {
        return ret;
    }
    if (old_off) {
        /* Shared with a snapshot: the copy is ours, the old one stays. */
        ret = qcow2_cache_get(bs, &s->l2_cache, old_off, &old, true);
        if (ret < 0) {
            qcow2_cache_put(&s->l2_cache, l2);
            return ret;
        }
        memcpy(*l2, old, s->cluster_size);
        qcow2_cache_put(&s->l2_cache, &old);
    }
    ret = qcow2_cache_write(bs, &s->refcount_cache);
    if (ret == 0) {
        ret = qcow2_file_write(bs, new_off, *l2, s->cluster_size);
    }
    if (ret == 0) {
        ret = qcow2_file_flush(bs);
    }
    if (ret < 0) {
        qcow2_cache_put(&s->l2_cache, l2);
        return ret;
    }
    s->l1_table[l1_index] = new_off | QCOW_OFLAG_COPIED;
    ret = qcow2_write_l1_entry(bs, l1_index);
    if (ret < 0) {
        qcow2_cache_put(&s->l2_cache, l2);
        return ret;
    }
    if (old_off) {
        qcow2_free_clusters_deferred(bs, old_off, s->cluster_size);
    }
    return 0;
}

/* Release what an L2 entry being replaced held (after the L2 is down). */
static void free_l2_entry_target(BlockDriverState *bs, uint64_t old)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t coff, csize;

    switch (qcow2_get_cluster_type(s, old)) {
    case QCOW2_CLUSTER_NORMAL:
    case QCOW2_CLUSTER_ZERO_ALLOC:
        qcow2_free_clusters_deferred(bs, old & L2E_OFFSET_MASK,
                                     s->cluster_size);
        break;
    case QCOW2_CLUSTER_COMPRESSED:
        qcow2_parse_compressed(s, old, &coff, &csize);
        qcow2_free_clusters_deferred(bs, coff & ~511ULL, (coff & 511) + csize);
        break;
    default:
        break;
    }
}

int qcow2_set_l2_entry(BlockDriverState *bs, uint64_t guest_offset,
                       uint64_t l2e, bool free_old)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t l1_index = guest_offset >> (s->l2_bits + s->cluster_bits);
    uint64_t l2_index = (guest_offset >> s->cluster_bits) & (s->l2_size - 1);
    uint64_t old;
    void *l2;
    int ret = get_writable_l2(bs, l1_index, &l2);

    if (ret < 0) {
        return ret;
    }
    old = qcow2_be64_load((uint8_t *)l2 + 8 * l2_index);
    qcow2_be64_store((uint8_t *)l2 + 8 * l2_index, l2e);
    qcow2_cache_mark_dirty(&s->l2_cache, l2);
    qcow2_cache_put(&s->l2_cache, &l2);
    if (free_old && (old & ~QCOW_OFLAG_COPIED) !=
        (l2e & ~QCOW_OFLAG_COPIED)) {
        free_l2_entry_target(bs, old);
    }
    return 0;
}

/*
 * A fresh host cluster for guest @guest_offset (refcount 1). The caller
 * writes its data, then points the L2 entry at it.
 */
int qcow2_alloc_host_cluster(BlockDriverState *bs, uint64_t guest_offset,
                             uint64_t *host_offset, bool *fresh)
{
    int64_t off = qcow2_alloc_clusters(bs, ((BDRVQcow2State *)bs->opaque)
                                           ->cluster_size);

    if (off < 0) {
        return off;
    }
    *host_offset = off;
    *fresh = true;
    return 0;
}

/*
 * Whole clusters [@offset, @offset+@bytes): unmap them (full_discard or
 * no backing on v3... see below) or make them read as zeroes.
 */
int qcow2_discard_clusters(BlockDriverState *bs, uint64_t offset,
                           uint64_t bytes, bool make_zero, bool full_discard)
{
    BDRVQcow2State *s = bs->opaque;

    for (uint64_t o = offset; o < offset + bytes; o += s->cluster_size) {
        uint64_t old, nl2e;
        int ret = qcow2_get_l2_entry(bs, o, &old);

        if (ret < 0) {
            return ret;
        }
        if (make_zero) {
            nl2e = QCOW_OFLAG_ZERO;
        } else if (!full_discard && s->version >= 3 && bs->backing) {
            /* A discarded cluster must not show the backing file's data. */
            nl2e = QCOW_OFLAG_ZERO;
        } else {
            nl2e = 0;
        }
        if (old == nl2e) {
            continue;
        }
        if (old == 0 && !make_zero && nl2e == 0) {
            continue;
        }
        ret = qcow2_set_l2_entry(bs, o, nl2e, true);
        if (ret < 0) {
            return ret;
        }
    }
    return 0;
}

int qcow2_decompress_cluster(BlockDriverState *bs, uint64_t l2e,
                             uint8_t *out)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t coff, csize;
    int64_t flen = bdrv_getlength(bs->file->bs);
    g_autofree uint8_t *in = NULL;
    z_stream z;
    int ret;

    qcow2_parse_compressed(s, l2e, &coff, &csize);
    if (flen < 0) {
        return flen;
    }
    if (coff >= (uint64_t)flen) {
        qcow2_signal_corruption(bs, "Compressed cluster at %#" PRIx64
                                " lies beyond the end of the image", coff);
        return -EIO;
    }
    /* The sector count may run past the end of the file: read what is. */
    csize = MIN(csize, (uint64_t)flen - coff);
    in = g_malloc(csize);
    ret = qcow2_file_read(bs, coff, in, csize);
    if (ret < 0) {
        return ret;
    }
    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, -15) != Z_OK) {
        return -ENOMEM;
    }
    z.next_in = in;
    z.avail_in = csize;
    z.next_out = out;
    z.avail_out = s->cluster_size;
    ret = inflate(&z, Z_FINISH);
    inflateEnd(&z);
    /* The data need not end the stream exactly at the cluster's end. */
    if ((ret != Z_STREAM_END && ret != Z_BUF_ERROR) || z.avail_out != 0) {
        qcow2_signal_corruption(bs, "Compressed cluster at %#" PRIx64
                                " does not decompress to a full cluster",
                                coff);
        return -EIO;
    }
    return 0;
}

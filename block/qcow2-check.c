/*
 * qcow2 consistency check (qemu-img check): count the references every
 * piece of metadata makes to each host cluster, compare them with the
 * stored refcounts, and repair: leaks by lowering refcounts in place,
 * everything else by dropping entries that point outside the image and
 * writing a whole new refcount structure from the counted references.
 */
#include "qemu/osdep.h"
#include "qcow2.h"

typedef struct CheckState {
    uint64_t *refs;       /* counted references per host cluster */
    uint64_t nb_clusters; /* clusters in the file */
    BdrvCheckResult *res;
    int fix;
    bool rebuild;         /* the refcount structure itself is broken */
    bool fix_entries;     /* drop bad entries while walking */
    uint64_t next_contiguous;   /* fragmentation of the active L1 */
    /* Clusters up to the last one counted or with a refcount (leaks too). */
    uint64_t used_end;
} CheckState;

static void inc_refs(BlockDriverState *bs, CheckState *cs, uint64_t offset,
                     uint64_t size, const char *what)
{
    BDRVQcow2State *s = bs->opaque;

    if (!size) {
        return;
    }
    for (uint64_t c = offset >> s->cluster_bits;
         c <= (offset + size - 1) >> s->cluster_bits; c++) {
        if (c >= cs->nb_clusters) {
            fprintf(stderr, "ERROR %s: cluster offset=%#" PRIx64 " is past "
                    "the end of the image file\n", what, c << s->cluster_bits);
            cs->res->corruptions++;
            return;
        }
        cs->refs[c]++;
    }
}

static bool entry_in_file(BDRVQcow2State *s, CheckState *cs, uint64_t off,
                          uint64_t size)
{
    return size && off + size > off &&
           ((off + size - 1) >> s->cluster_bits) < cs->nb_clusters;
}

/* Count what one L2 table references; @active: check COPIED flags. */
static int check_l2(BlockDriverState *bs, CheckState *cs, uint64_t l2_off,
                    bool active)
{
    BDRVQcow2State *s = bs->opaque;
    g_autofree uint8_t *l2 = g_malloc(s->cluster_size);
    bool changed = false;
    int ret = qcow2_file_read(bs, l2_off, l2, s->cluster_size);

    cs->next_contiguous = 0;   /* QEMU counts fragments per L2 table */

    if (ret < 0) {
        cs->res->check_errors++;
        return ret;
    }
    for (int i = 0; i < s->l2_size; i++) {
        uint64_t e = qcow2_be64_load(l2 + 8 * i);
        uint64_t coff, csize, host;

        switch (qcow2_get_cluster_type(s, e)) {
        case QCOW2_CLUSTER_COMPRESSED:
            qcow2_parse_compressed(s, e, &coff, &csize);
            if (e & QCOW_OFLAG_COPIED) {
                fprintf(stderr, "ERROR: coffset=%#" PRIx64 ": copied flag "
                        "must never be set for compressed clusters\n", coff);
                cs->res->corruptions++;
            }
            if (!entry_in_file(s, cs, coff & ~511ULL, (coff & 511) + csize)) {
                fprintf(stderr, "ERROR compressed cluster %d: data at %#"
                        PRIx64 " is past the end of the image file\n", i,
                        coff);
                cs->res->corruptions++;
                if (cs->fix_entries) {
                    qcow2_be64_store(l2 + 8 * i, 0);
                    changed = true;
                }
                break;
            }
            inc_refs(bs, cs, coff & ~511ULL, (coff & 511) + csize,
                     "compressed data");
            if (active) {
                /* As QEMU: compressed clusters count as fragmented. */
                cs->res->compressed_clusters++;
                cs->res->allocated_clusters++;
                cs->res->fragmented_clusters++;
            }
            break;
        case QCOW2_CLUSTER_NORMAL:
        case QCOW2_CLUSTER_ZERO_ALLOC:
            host = e & L2E_OFFSET_MASK;
            if (qcow2_offset_into_cluster(s, host) ||
                !entry_in_file(s, cs, host, s->cluster_size)) {
                fprintf(stderr, "ERROR offset=%#" PRIx64 ": data cluster is "
                        "not properly aligned or lies past the end of the "
                        "image file; L2 entry corrupted.\n", host);
                cs->res->corruptions++;
                if (cs->fix_entries) {
                    qcow2_be64_store(l2 + 8 * i,
                                     s->version >= 3 ? QCOW_OFLAG_ZERO : 0);
                    changed = true;
                }
                break;
            }
            inc_refs(bs, cs, host, s->cluster_size, "data");
            if (active) {
                cs->res->allocated_clusters++;
                if (cs->next_contiguous && host != cs->next_contiguous) {
                    cs->res->fragmented_clusters++;
                }
                cs->next_contiguous = host + s->cluster_size;
            }
            break;
        default:
            break;
        }
    }
    if (changed) {
        qcow2_cache_discard(&s->l2_cache, l2_off);
        ret = qcow2_file_write(bs, l2_off, l2, s->cluster_size);
        if (ret < 0) {
            cs->res->check_errors++;
            return ret;
        }
    }
    return 0;
}

static int check_l1(BlockDriverState *bs, CheckState *cs, uint64_t l1_off,
                    uint32_t l1_size, bool active)
{
    BDRVQcow2State *s = bs->opaque;
    g_autofree uint8_t *l1 = g_malloc0(MAX(l1_size, 1) * 8);
    int ret;

    if (!l1_size) {
        return 0;
    }
    if (!entry_in_file(s, cs, l1_off, (uint64_t)l1_size * 8)) {
        fprintf(stderr, "ERROR: L1 table at %#" PRIx64 " is past the end of "
                "the image file\n", l1_off);
        cs->res->corruptions++;
        return 0;
    }
    inc_refs(bs, cs, l1_off, (uint64_t)l1_size * 8, "L1 table");
    ret = qcow2_file_read(bs, l1_off, l1, (uint64_t)l1_size * 8);
    if (ret < 0) {
        cs->res->check_errors++;
        return ret;
    }
    for (uint32_t i = 0; i < l1_size; i++) {
        uint64_t e = qcow2_be64_load(l1 + 8 * i);
        uint64_t l2_off = e & L1E_OFFSET_MASK;

        if (!l2_off) {
            continue;
        }
        if (qcow2_offset_into_cluster(s, l2_off) ||
            !entry_in_file(s, cs, l2_off, s->cluster_size)) {
            fprintf(stderr, "ERROR l2_offset=%#" PRIx64 ": Table is not "
                    "cluster aligned or lies past the end of the image "
                    "file; L1 entry corrupted\n", l2_off);
            cs->res->corruptions++;
            if (cs->fix_entries && active) {
                s->l1_table[i] = 0;
                ret = qcow2_write_l1_entry(bs, i);
                if (ret < 0) {
                    return ret;
                }
            }
            continue;
        }
        inc_refs(bs, cs, l2_off, s->cluster_size, "L2 table");
        ret = check_l2(bs, cs, l2_off, active);
        if (ret < 0) {
            return ret;
        }
    }
    return 0;
}

/* Count every reference; returns <0 only when reading failed. */
static int count_refs(BlockDriverState *bs, CheckState *cs)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    inc_refs(bs, cs, 0, s->cluster_size, "header");
    ret = check_l1(bs, cs, s->l1_table_offset, s->l1_size, true);
    if (ret < 0) {
        return ret;
    }
    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        ret = check_l1(bs, cs, s->snapshots[i].l1_table_offset,
                       s->snapshots[i].l1_size, false);
        if (ret < 0) {
            return ret;
        }
    }
    inc_refs(bs, cs, s->snapshots_offset, s->snapshots_size,
             "snapshot table");
    if (s->crypto_header_offset) {
        inc_refs(bs, cs, s->crypto_header_offset, s->crypto_header_length,
                 "encryption header");
    }
    inc_refs(bs, cs, s->refcount_table_offset,
             (uint64_t)s->refcount_table_clusters << s->cluster_bits,
             "refcount table");
    for (uint64_t i = 0; i < s->refcount_table_size; i++) {
        uint64_t off = s->refcount_table[i] & REFT_OFFSET_MASK;

        if (!off) {
            continue;
        }
        if (qcow2_offset_into_cluster(s, off) ||
            !entry_in_file(s, cs, off, s->cluster_size)) {
            fprintf(stderr, "ERROR refcount block %" PRIu64 " is not cluster "
                    "aligned or lies past the end of the image file; "
                    "refcount table entry corrupted\n", i);
            cs->res->corruptions++;
            cs->rebuild = true;
            continue;
        }
        inc_refs(bs, cs, off, s->cluster_size, "refcount block");
    }
    return 0;
}

/* The stored refcount of cluster @c, or an error (unreadable structure). */
static int stored_refcount(BlockDriverState *bs, CheckState *cs, uint64_t c,
                           uint64_t *rc)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t ti = c >> s->refcount_block_bits;
    uint64_t off;

    *rc = 0;
    if (ti >= s->refcount_table_size) {
        return 0;
    }
    off = s->refcount_table[ti] & REFT_OFFSET_MASK;
    if (!off || qcow2_offset_into_cluster(s, off) ||
        !entry_in_file(s, cs, off, s->cluster_size)) {
        return 0;
    }
    return qcow2_get_refcount(bs, c, rc);
}

/*
 * Write a new refcount table and blocks after the end of the file,
 * holding cs->refs (and themselves), and switch the header to them.
 */
static int rebuild_refcounts(BlockDriverState *bs, CheckState *cs)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t per_cluster = s->cluster_size / 8;
    uint64_t start = cs->nb_clusters, tc = 1, nb, entries;
    uint64_t rbe = 1ULL << s->refcount_block_bits;
    g_autofree uint8_t *buf = g_malloc0(s->cluster_size);
    g_autofree uint64_t *table = NULL;
    g_autofree bool *need = NULL;
    uint8_t hdr[12];
    int ret;

    /* The old structure is garbage from now on: it no longer counts. */
    for (uint64_t c = s->refcount_table_offset >> s->cluster_bits;
         c < (s->refcount_table_offset >> s->cluster_bits) +
             s->refcount_table_clusters && c < cs->nb_clusters; c++) {
        if (cs->refs[c]) {
            cs->refs[c]--;
        }
    }
    for (uint64_t i = 0; i < s->refcount_table_size; i++) {
        uint64_t off = s->refcount_table[i] & REFT_OFFSET_MASK;

        if (off && !qcow2_offset_into_cluster(s, off) &&
            entry_in_file(s, cs, off, s->cluster_size) &&
            cs->refs[off >> s->cluster_bits]) {
            cs->refs[off >> s->cluster_bits]--;
        }
    }
    /* Table and blocks go at [start, start + tc + nb). */
    for (;;) {
        uint64_t end, nti;

        nb = 0;
        for (;;) {
            uint64_t count = 0;

            end = start + tc + nb;
            nti = DIV_ROUND_UP(end, rbe);
            g_free(need);
            need = g_new0(bool, nti);
            for (uint64_t c = 0; c < cs->nb_clusters; c++) {
                if (cs->refs[c]) {
                    need[c / rbe] = true;
                }
            }
            for (uint64_t c = start; c < end; c++) {
                need[c / rbe] = true;
            }
            for (uint64_t t = 0; t < nti; t++) {
                count += need[t];
            }
            if (count == nb) {
                break;
            }
            nb = count;
        }
        if (nti <= tc * per_cluster) {
            entries = tc * per_cluster;
            break;
        }
        tc = DIV_ROUND_UP(nti, per_cluster);
    }
    if (entries * 8 > QCOW_MAX_REFTABLE_SIZE) {
        return -EFBIG;
    }
    table = g_new0(uint64_t, entries);
    {
        uint64_t k = 0;
        uint64_t nti = DIV_ROUND_UP(start + tc + nb, rbe);

        for (uint64_t t = 0; t < nti; t++) {
            if (need[t]) {
                table[t] = (start + tc + k) << s->cluster_bits;
                k++;
            }
        }
        for (uint64_t t = 0; t < nti; t++) {
            if (!table[t]) {
                continue;
            }
            memset(buf, 0, s->cluster_size);
            for (uint64_t i = 0; i < rbe; i++) {
                uint64_t c = t * rbe + i;
                uint64_t v = 0;

                if (c < cs->nb_clusters) {
                    v = MIN(cs->refs[c], s->refcount_max);
                } else if (c >= start && c < start + tc + nb) {
                    v = 1;
                }
                if (v) {
                    qcow2_set_refcount_ro(buf, s->refcount_order, i, v);
                }
            }
            ret = qcow2_file_write(bs, table[t], buf, s->cluster_size);
            if (ret < 0) {
                return ret;
            }
        }
    }
    qcow2_cache_empty(&s->refcount_cache);
    g_free(s->refcount_table);
    s->refcount_table = g_steal_pointer(&table);
    s->refcount_table_size = entries;
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
    s->free_cluster_index = 0;
    return ret;
}

/* Compare counted and stored refcounts; fix what @fix allows. */
static int compare_refcounts(BlockDriverState *bs, CheckState *cs,
                             int *leaks_found, int *corrupt_found)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t limit = MAX(cs->nb_clusters,
                         s->refcount_table_size << s->refcount_block_bits);

    *leaks_found = *corrupt_found = 0;
    for (uint64_t c = 0; c < limit; c++) {
        uint64_t rc, ref = c < cs->nb_clusters ? cs->refs[c] : 0;
        int ret;

        if (c >= cs->nb_clusters) {
            /* Past the end of the file only leaks can hide; skip fast. */
            uint64_t ti = c >> s->refcount_block_bits;

            if (ti < s->refcount_table_size &&
                !(s->refcount_table[ti] & REFT_OFFSET_MASK)) {
                c = ((ti + 1) << s->refcount_block_bits) - 1;
                continue;
            }
        }
        ret = stored_refcount(bs, cs, c, &rc);
        if (ret < 0) {
            cs->res->check_errors++;
            return ret;
        }
        if (rc || ref) {
            cs->used_end = c + 1;
        }
        if (rc == ref) {
            continue;
        }
        if (rc > ref) {
            fprintf(stderr, "%s cluster %" PRIu64 " refcount=%" PRIu64
                    " reference=%" PRIu64 "\n",
                    (cs->fix & BDRV_FIX_LEAKS) ? "Repairing" : "Leaked",
                    c, rc, ref);
            (*leaks_found)++;
        } else {
            fprintf(stderr, "%s cluster %" PRIu64 " refcount=%" PRIu64
                    " reference=%" PRIu64 "\n",
                    (cs->fix & BDRV_FIX_ERRORS) ? "Repairing" : "ERROR",
                    c, rc, ref);
            (*corrupt_found)++;
        }
        if ((rc > ref && (cs->fix & BDRV_FIX_LEAKS) && !cs->rebuild &&
             !(*corrupt_found && (cs->fix & BDRV_FIX_ERRORS)))) {
            ret = qcow2_update_refcount(bs, c << s->cluster_bits, 1,
                                        -(int64_t)(rc - ref));
            if (ret < 0) {
                return ret;
            }
        }
    }
    return 0;
}

/* COPIED flags of the active tables: refcount == 1 <=> flag set. */
static int check_copied(BlockDriverState *bs, CheckState *cs)
{
    BDRVQcow2State *s = bs->opaque;
    int errors = 0;

    for (uint32_t i = 0; i < s->l1_size; i++) {
        uint64_t l2_off = s->l1_table[i] & L1E_OFFSET_MASK;
        g_autofree uint8_t *l2 = NULL;
        uint64_t rc;
        int ret;

        if (!l2_off || qcow2_offset_into_cluster(s, l2_off) ||
            !entry_in_file(s, cs, l2_off, s->cluster_size)) {
            continue;
        }
        if (stored_refcount(bs, cs, l2_off >> s->cluster_bits, &rc) < 0) {
            return -EIO;
        }
        if ((rc == 1) != !!(s->l1_table[i] & QCOW_OFLAG_COPIED)) {
            fprintf(stderr, "ERROR OFLAG_COPIED L2 cluster: l1_index=%" PRIu32
                    " l1_entry=%" PRIx64 " refcount=%" PRIu64 "\n", i,
                    s->l1_table[i], rc);
            errors++;
        }
        l2 = g_malloc(s->cluster_size);
        ret = qcow2_file_read(bs, l2_off, l2, s->cluster_size);
        if (ret < 0) {
            return ret;
        }
        for (int j = 0; j < s->l2_size; j++) {
            uint64_t e = qcow2_be64_load(l2 + 8 * j);
            QCow2ClusterType t = qcow2_get_cluster_type(s, e);
            uint64_t host = e & L2E_OFFSET_MASK;

            if ((t != QCOW2_CLUSTER_NORMAL && t != QCOW2_CLUSTER_ZERO_ALLOC) ||
                qcow2_offset_into_cluster(s, host) ||
                !entry_in_file(s, cs, host, s->cluster_size)) {
                continue;
            }
            if (stored_refcount(bs, cs, host >> s->cluster_bits, &rc) < 0) {
                return -EIO;
            }
            if ((rc == 1) != !!(e & QCOW_OFLAG_COPIED)) {
                fprintf(stderr, "ERROR OFLAG_COPIED data cluster: l2_entry=%"
                        PRIx64 " refcount=%" PRIu64 "\n", e, rc);
                errors++;
            }
        }
    }
    return errors;
}

static int do_check(BlockDriverState *bs, BdrvCheckResult *res, int fix)
{
    BDRVQcow2State *s = bs->opaque;
    int64_t flen = bdrv_getlength(bs->file->bs);
    CheckState cs = { .res = res, .fix = fix };
    int leaks, corrupt, copied;
    int ret;

    if (flen < 0) {
        res->check_errors++;
        return flen;
    }
    ret = qcow2_flush_metadata(bs);
    if (ret < 0 && !bs->read_only) {
        res->check_errors++;
        return ret;
    }
    cs.nb_clusters = qcow2_size_to_clusters(s, flen);
    if (cs.nb_clusters > (1ULL << 27)) {
        /* One counter per cluster: more would not fit in memory. */
        fprintf(stderr, "ERROR: the image file has %" PRIu64 " clusters, too "
                "many to check\n", cs.nb_clusters);
        res->check_errors++;
        return -EFBIG;
    }
    cs.refs = g_try_new0(uint64_t, MAX(cs.nb_clusters, 1));
    if (!cs.refs) {
        res->check_errors++;
        return -ENOMEM;
    }
    cs.fix_entries = !!(fix & BDRV_FIX_ERRORS);
    ret = count_refs(bs, &cs);
    if (ret < 0) {
        goto out;
    }
    /*
     * As QEMU, a repairing check first names what is wrong (as a plain
     * check would), then repairs in a second pass that says so.
     */
    cs.fix = 0;
    ret = compare_refcounts(bs, &cs, &leaks, &corrupt);
    cs.fix = fix;
    if (ret == 0 && fix && (leaks || corrupt)) {
        ret = compare_refcounts(bs, &cs, &leaks, &corrupt);
    }
    if (ret < 0) {
        goto out;
    }
    res->leaks = leaks;
    res->corruptions += corrupt;
    if ((fix & BDRV_FIX_ERRORS) && (corrupt || cs.rebuild)) {
        ret = rebuild_refcounts(bs, &cs);
        if (ret < 0) {
            res->check_errors++;
            goto out;
        }
        res->corruptions_fixed += res->corruptions;
        res->corruptions = 0;
        res->leaks_fixed += leaks;
        res->leaks = 0;
    } else if ((fix & BDRV_FIX_LEAKS) && leaks) {
        ret = qcow2_flush_metadata(bs);
        if (ret < 0) {
            res->check_errors++;
            goto out;
        }
        res->leaks_fixed = leaks;
        res->leaks = 0;
    }
    copied = check_copied(bs, &cs);
    if (copied < 0) {
        ret = copied;
        res->check_errors++;
        goto out;
    }
    if (copied) {
        if (fix & BDRV_FIX_ERRORS) {
            ret = qcow2_update_copied_flags(bs);
            for (uint32_t i = 0; ret == 0 && i < s->l1_size; i++) {
                ret = qcow2_write_l1_entry(bs, i);
            }
            if (ret == 0) {
                ret = qcow2_flush_metadata(bs);
            }
            if (ret < 0) {
                res->check_errors++;
                goto out;
            }
            res->corruptions_fixed += copied;
        } else {
            res->corruptions += copied;
        }
    }
    /* As QEMU: the end of the last cluster in use, leaked ones included. */
    res->image_end_offset = cs.used_end << s->cluster_bits;
    res->total_clusters = DIV_ROUND_UP(s->size, s->cluster_size);
    ret = 0;
out:
    g_free(cs.refs);
    return ret;
}

int qcow2_check_fix_all(BlockDriverState *bs, BdrvCheckResult *res)
{
    return do_check(bs, res, BDRV_FIX_LEAKS | BDRV_FIX_ERRORS);
}

int coroutine_fn qcow2_co_check(BlockDriverState *bs, BdrvCheckResult *res,
                                int fix)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    if (bs->read_only) {
        fix = 0;
    }
    qemu_co_mutex_lock(&s->lock);
    ret = do_check(bs, res, fix);
    if (ret == 0 && (res->corruptions_fixed || res->leaks_fixed)) {
        /* As QEMU: report what a fresh check of the repaired image finds. */
        int cf = res->corruptions_fixed, lf = res->leaks_fixed;

        memset(res, 0, sizeof(*res));
        ret = do_check(bs, res, 0);
        res->corruptions_fixed = cf;
        res->leaks_fixed = lf;
    }
    if (ret == 0 && fix && !res->corruptions && !res->leaks &&
        (s->incompatible_features &
         (QCOW2_INCOMPAT_CORRUPT | QCOW2_INCOMPAT_DIRTY))) {
        s->incompatible_features &= ~(QCOW2_INCOMPAT_CORRUPT |
                                      QCOW2_INCOMPAT_DIRTY);
        s->corrupt = false;
        s->dirty_marked = false;
        ret = qcow2_update_header(bs);
        if (ret == 0) {
            ret = qcow2_file_flush(bs);
        }
    }
    qemu_co_mutex_unlock(&s->lock);
    return ret;
}

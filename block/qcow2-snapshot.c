/*
 * qcow2 internal snapshots (spec "Snapshots"): the snapshot table, and
 * create / apply / delete / list on top of the refcount code.
 */
#include "qemu/osdep.h"
#include "qcow2.h"
#include "qemu/cutils.h"

/* QEMU's limit on the whole table (not in the spec). */
#define QCOW_MAX_SNAPSHOTS_SIZE (64 * 1024 * 1024)

void qcow2_free_snapshots(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    for (uint32_t i = 0; s->snapshots && i < s->nb_snapshots; i++) {
        g_free(s->snapshots[i].id_str);
        g_free(s->snapshots[i].name);
        g_free(s->snapshots[i].unknown_extra);
    }
    g_free(s->snapshots);
    s->snapshots = NULL;
}

int qcow2_read_snapshots(BlockDriverState *bs, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    int64_t flen = bdrv_getlength(bs->file->bs);
    uint64_t off = s->snapshots_offset;
    uint32_t n = s->nb_snapshots;

    s->snapshots = g_new0(QCowSnapshot, MAX(n, 1));
    s->nb_snapshots = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t hb[sizeof(QCowSnapshotHeader)];
        QCowSnapshot *sn = &s->snapshots[i];
        uint16_t id_len, name_len;
        uint32_t extra;
        g_autofree uint8_t *ex = NULL;
        int ret;

        if (off - s->snapshots_offset > QCOW_MAX_SNAPSHOTS_SIZE ||
            off + sizeof(hb) > (uint64_t)flen) {
            error_setg(errp, "Snapshot table is too large or lies beyond the "
                       "end of the image");
            return -EFBIG;
        }
        ret = qcow2_file_read(bs, off, hb, sizeof(hb));
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Failed to read snapshot table");
            return ret;
        }
        s->nb_snapshots = i + 1;
        off += sizeof(hb);
        sn->l1_table_offset = qcow2_be64_load(hb);
        sn->l1_size = qcow2_be32_load(hb + 8);
        id_len = qcow2_be16_load(hb + 12);
        name_len = qcow2_be16_load(hb + 14);
        sn->date_sec = qcow2_be32_load(hb + 16);
        sn->date_nsec = qcow2_be32_load(hb + 20);
        sn->vm_clock_nsec = qcow2_be64_load(hb + 24);
        sn->vm_state_size = qcow2_be32_load(hb + 32);
        extra = qcow2_be32_load(hb + 36);
        if (extra > QCOW_MAX_SNAPSHOT_EXTRA) {
            error_setg(errp, "Too much extra metadata in snapshot table "
                       "entry %u", i);
            return -EFBIG;
        }
        if (s->version >= 3 && extra < 16) {
            error_setg(errp, "Snapshot table entry %u has too little extra "
                       "data for a v3 image", i);
            return -EINVAL;
        }
        sn->extra_data_size = extra;
        sn->icount = UINT64_MAX;
        ex = g_malloc0(MAX(extra, 1));
        ret = qcow2_file_read(bs, off, ex, extra);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Failed to read snapshot table");
            return ret;
        }
        off += extra;
        if (extra >= 8) {
            sn->vm_state_size = qcow2_be64_load(ex);
        }
        if (extra >= 16) {
            sn->disk_size = qcow2_be64_load(ex + 8);
        } else {
            sn->disk_size = s->size;
        }
        if (extra >= 24) {
            sn->icount = qcow2_be64_load(ex + 16);
        }
        if (extra > 24) {
            sn->unknown_extra = g_memdup2(ex + 24, extra - 24);
        }
        sn->id_str = g_malloc0(id_len + 1);
        sn->name = g_malloc0(name_len + 1);
        ret = qcow2_file_read(bs, off, sn->id_str, id_len);
        if (ret == 0) {
            ret = qcow2_file_read(bs, off + id_len, sn->name, name_len);
        }
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Failed to read snapshot table");
            return ret;
        }
        off += id_len + name_len;
        off = QEMU_ALIGN_UP(off, 8);
        if (sn->l1_size > QCOW_MAX_L1_SIZE / 8) {
            error_setg(errp, "Snapshot L1 table of snapshot %u too large", i);
            return -EFBIG;
        }
        if (qcow2_offset_into_cluster(s, sn->l1_table_offset)) {
            error_setg(errp, "Snapshot L1 table offset of snapshot %u "
                       "invalid", i);
            return -EINVAL;
        }
    }
    s->snapshots_size = off - s->snapshots_offset;
    return 0;
}

/* Size of the serialized table. */
static size_t snapshot_table_size(BDRVQcow2State *s)
{
    size_t sz = 0;

    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        QCowSnapshot *sn = &s->snapshots[i];
        size_t extra = MAX(sn->extra_data_size, s->version >= 3 ? 24 : 16);

        sz += sizeof(QCowSnapshotHeader) + extra + strlen(sn->id_str) +
              strlen(sn->name);
        sz = QEMU_ALIGN_UP(sz, 8);
    }
    return sz;
}

/*
 * Write the table into new clusters, point the header at it, free the old
 * one: a crash leaves either the old or the new table in force.
 */
int qcow2_write_snapshots(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    size_t sz = snapshot_table_size(s);
    g_autofree uint8_t *buf = g_malloc0(MAX(sz, 1));
    uint64_t old_off = s->snapshots_offset, old_size = s->snapshots_size;
    int64_t new_off = 0;
    uint8_t hdr[12];
    size_t pos = 0;
    int ret;

    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        QCowSnapshot *sn = &s->snapshots[i];
        uint32_t extra = MAX(sn->extra_data_size, s->version >= 3 ? 24 : 16);
        size_t id_len = strlen(sn->id_str), name_len = strlen(sn->name);

        qcow2_be64_store(buf + pos, sn->l1_table_offset);
        qcow2_be32_store(buf + pos + 8, sn->l1_size);
        qcow2_be16_store(buf + pos + 12, id_len);
        qcow2_be16_store(buf + pos + 14, name_len);
        qcow2_be32_store(buf + pos + 16, sn->date_sec);
        qcow2_be32_store(buf + pos + 20, sn->date_nsec);
        qcow2_be64_store(buf + pos + 24, sn->vm_clock_nsec);
        qcow2_be32_store(buf + pos + 32, MIN(sn->vm_state_size, UINT32_MAX));
        qcow2_be32_store(buf + pos + 36, extra);
        pos += sizeof(QCowSnapshotHeader);
        qcow2_be64_store(buf + pos, sn->vm_state_size);
        qcow2_be64_store(buf + pos + 8, sn->disk_size);
        if (extra >= 24) {
            qcow2_be64_store(buf + pos + 16, sn->icount);
        }
        if (extra > 24 && sn->unknown_extra) {
            memcpy(buf + pos + 24, sn->unknown_extra, extra - 24);
        }
        pos += extra;
        memcpy(buf + pos, sn->id_str, id_len);
        pos += id_len;
        memcpy(buf + pos, sn->name, name_len);
        pos += name_len;
        pos = QEMU_ALIGN_UP(pos, 8);
    }
    if (sz) {
        new_off = qcow2_alloc_clusters(bs, sz);
        if (new_off < 0) {
            return new_off;
        }
        ret = qcow2_flush_metadata(bs);
        if (ret == 0) {
            ret = qcow2_file_write(bs, new_off, buf, sz);
        }
        if (ret == 0) {
            ret = qcow2_file_flush(bs);
        }
        if (ret < 0) {
            return ret;
        }
    }
    qcow2_be32_store(hdr, s->nb_snapshots);
    qcow2_be64_store(hdr + 4, new_off);
    ret = qcow2_file_write(bs, QCOW2_HDR_OFF_SNAPSHOTS, hdr, sizeof(hdr));
    if (ret == 0) {
        ret = qcow2_file_flush(bs);
    }
    if (ret < 0) {
        return ret;
    }
    s->snapshots_offset = new_off;
    s->snapshots_size = sz;
    if (old_off && old_size) {
        return qcow2_update_refcount(bs, old_off, old_size, -1);
    }
    return 0;
}

static int find_snapshot(BDRVQcow2State *s, const char *name)
{
    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        if (!strcmp(s->snapshots[i].id_str, name)) {
            return i;
        }
    }
    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        if (!strcmp(s->snapshots[i].name, name)) {
            return i;
        }
    }
    return -1;
}

/* Clear or set QCOW_OFLAG_COPIED of every active entry from refcounts. */
int qcow2_update_copied_flags(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    for (uint32_t i = 0; i < s->l1_size; i++) {
        uint64_t l2_off = s->l1_table[i] & L1E_OFFSET_MASK;
        uint64_t rc;
        void *l2;
        bool dirty = false;

        if (!l2_off) {
            continue;
        }
        ret = qcow2_get_refcount(bs, l2_off >> s->cluster_bits, &rc);
        if (ret < 0) {
            return ret;
        }
        if (s->l1_table[i] != (l2_off | (rc == 1 ? QCOW_OFLAG_COPIED : 0))) {
            s->l1_table[i] = l2_off | (rc == 1 ? QCOW_OFLAG_COPIED : 0);
            /* The refcount it follows goes down first. */
            ret = qcow2_cache_write(bs, &s->refcount_cache);
            if (ret == 0) {
                ret = qcow2_write_l1_entry(bs, i);
            }
            if (ret < 0) {
                return ret;
            }
        }
        ret = qcow2_cache_get(bs, &s->l2_cache, l2_off, &l2, true);
        if (ret < 0) {
            return ret;
        }
        for (int j = 0; j < s->l2_size; j++) {
            uint64_t e = qcow2_be64_load((uint8_t *)l2 + 8 * j);
            uint64_t ne = e;
            QCow2ClusterType t = qcow2_get_cluster_type(s, e);

            if (t == QCOW2_CLUSTER_NORMAL || t == QCOW2_CLUSTER_ZERO_ALLOC) {
                ret = qcow2_get_refcount(bs, (e & L2E_OFFSET_MASK) >>
                                         s->cluster_bits, &rc);
                if (ret < 0) {
                    qcow2_cache_put(&s->l2_cache, &l2);
                    return ret;
                }
                ne = rc == 1 ? (e | QCOW_OFLAG_COPIED)
                             : (e & ~QCOW_OFLAG_COPIED);
            }
            if (ne != e) {
                qcow2_be64_store((uint8_t *)l2 + 8 * j, ne);
                dirty = true;
            }
        }
        if (dirty) {
            qcow2_cache_mark_dirty(&s->l2_cache, l2);
        }
        qcow2_cache_put(&s->l2_cache, &l2);
    }
    return 0;
}

static int write_l1(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    g_autofree uint8_t *buf = g_malloc0(MAX(s->l1_size, 1) * 8);

    for (uint32_t i = 0; i < s->l1_size; i++) {
        qcow2_be64_store(buf + 8 * i, s->l1_table[i]);
    }
    return qcow2_file_write(bs, s->l1_table_offset, buf, s->l1_size * 8);
}

int qcow2_snapshot_create(BlockDriverState *bs, const char *name,
                          Error **errp)
{
    BDRVQcow2State *s = qcow2_state(bs);
    QCowSnapshot sn = { 0 };
    g_autofree uint8_t *l1 = NULL;
    int64_t l1_off;
    gint64 now = g_get_real_time();
    uint64_t max_id = 0;
    int ret;

    if (!s) {
        error_setg(errp, "Format driver does not support internal snapshots");
        return -ENOTSUP;
    }
    if (bs->read_only) {
        error_setg(errp, "The image is read-only");
        return -EACCES;
    }
    if (s->nb_snapshots >= QCOW_MAX_SNAPSHOTS) {
        error_setg(errp, "Too many snapshots");
        return -EFBIG;
    }
    ret = qcow2_flush_metadata(bs);
    if (ret < 0) {
        goto fail;
    }
    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        max_id = MAX(max_id, g_ascii_strtoull(s->snapshots[i].id_str, NULL,
                                              10));
    }
    sn.id_str = g_strdup_printf("%" PRIu64, max_id + 1);
    sn.name = g_strdup(name);
    sn.disk_size = s->size;
    sn.date_sec = now / G_USEC_PER_SEC;
    sn.date_nsec = (now % G_USEC_PER_SEC) * 1000;
    sn.icount = 0;   /* what QEMU records without record/replay */
    sn.extra_data_size = s->version >= 3 ? 24 : 16;
    sn.l1_size = s->l1_size;

    /* Everything the active L1 reaches gets one more reference. */
    ret = qcow2_update_snapshot_refcount(bs, s->l1_table_offset, s->l1_size,
                                         1);
    if (ret < 0) {
        goto fail;
    }
    l1_off = qcow2_alloc_clusters(bs, MAX(s->l1_size, 1) * 8);
    if (l1_off < 0) {
        ret = l1_off;
        goto fail;
    }
    sn.l1_table_offset = l1_off;
    l1 = g_malloc0(MAX(s->l1_size, 1) * 8);
    for (uint32_t i = 0; i < s->l1_size; i++) {
        qcow2_be64_store(l1 + 8 * i, s->l1_table[i]);
    }
    ret = qcow2_file_write(bs, l1_off, l1, s->l1_size * 8);
    if (ret < 0) {
        goto fail;
    }
    ret = qcow2_update_copied_flags(bs);
    if (ret == 0) {
        ret = qcow2_flush_metadata(bs);
    }
    if (ret == 0) {
        ret = qcow2_file_flush(bs);
    }
    if (ret == 0) {
        ret = write_l1(bs);
    }
    if (ret < 0) {
        goto fail;
    }
    s->snapshots = g_renew(QCowSnapshot, s->snapshots, s->nb_snapshots + 1);
    s->snapshots[s->nb_snapshots++] = sn;
    ret = qcow2_write_snapshots(bs);
    if (ret == 0) {
        ret = qcow2_flush_metadata(bs);
    }
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not write the snapshot table");
        return ret;
    }
    return 0;

fail:
    g_free(sn.id_str);
    g_free(sn.name);
    error_setg_errno(errp, -ret, "Failed to write the snapshot");
    return ret;
}

int qcow2_snapshot_delete(BlockDriverState *bs, const char *name,
                          Error **errp)
{
    BDRVQcow2State *s = qcow2_state(bs);
    int i;
    QCowSnapshot sn;
    int ret;

    if (!s) {
        error_setg(errp, "Format driver does not support internal snapshots");
        return -ENOTSUP;
    }
    i = find_snapshot(s, name);

    if (i < 0) {
        error_setg(errp, "snapshot not found");
        return -ENOENT;
    }
    ret = qcow2_flush_metadata(bs);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Failed to flush the image");
        return ret;
    }
    sn = s->snapshots[i];
    memmove(&s->snapshots[i], &s->snapshots[i + 1],
            (s->nb_snapshots - i - 1) * sizeof(sn));
    s->nb_snapshots--;
    /* The table without it goes down before its clusters are released. */
    ret = qcow2_write_snapshots(bs);
    if (ret == 0) {
        ret = qcow2_update_snapshot_refcount(bs, sn.l1_table_offset,
                                             sn.l1_size, -1);
    }
    if (ret == 0) {
        ret = qcow2_update_refcount(bs, sn.l1_table_offset,
                                    MAX(sn.l1_size, 1) * 8, -1);
    }
    if (ret == 0) {
        ret = qcow2_update_copied_flags(bs);
    }
    if (ret == 0) {
        ret = qcow2_flush_metadata(bs);
    }
    g_free(sn.id_str);
    g_free(sn.name);
    g_free(sn.unknown_extra);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Failed to remove the snapshot");
    }
    return ret;
}

int qcow2_snapshot_goto(BlockDriverState *bs, const char *name, Error **errp)
{
    BDRVQcow2State *s = qcow2_state(bs);
    int i;
    QCowSnapshot *sn;
    g_autofree uint8_t *buf = NULL;
    uint64_t old_l1_off;
    uint32_t old_l1_size;
    int ret;

    if (!s) {
        error_setg(errp, "Format driver does not support internal snapshots");
        return -ENOTSUP;
    }
    old_l1_off = s->l1_table_offset;
    old_l1_size = s->l1_size;
    i = find_snapshot(s, name);
    if (i < 0) {
        error_setg_errno(errp, ENOENT, "Failed to load snapshot");
        return -ENOENT;
    }
    sn = &s->snapshots[i];
    ret = qcow2_flush_metadata(bs);
    if (ret < 0) {
        goto fail;
    }
    /* The snapshot's mappings get a reference for the new active state. */
    ret = qcow2_update_snapshot_refcount(bs, sn->l1_table_offset,
                                         sn->l1_size, 1);
    if (ret < 0) {
        goto fail;
    }
    if (sn->l1_size > s->l1_size) {
        ret = qcow2_grow_l1_table(bs, sn->l1_size, true);
        if (ret < 0) {
            goto fail;
        }
        old_l1_off = s->l1_table_offset;
        old_l1_size = s->l1_size;
    }
    buf = g_malloc0(MAX(s->l1_size, 1) * 8);
    ret = qcow2_file_read(bs, sn->l1_table_offset, buf, sn->l1_size * 8);
    if (ret < 0) {
        goto fail;
    }
    /* The old active state's references go once the new L1 is down. */
    {
        g_autofree uint64_t *old = g_memdup2(s->l1_table, s->l1_size * 8);
        g_autofree uint8_t *oldbuf = g_malloc0(MAX(old_l1_size, 1) * 8);

        for (uint32_t j = 0; j < s->l1_size; j++) {
            s->l1_table[j] = qcow2_be64_load(buf + 8 * j);
            qcow2_be64_store(oldbuf + 8 * j, old[j]);
        }
        ret = qcow2_flush_metadata(bs);
        if (ret == 0) {
            ret = qcow2_file_flush(bs);
        }
        if (ret == 0) {
            ret = write_l1(bs);
        }
        if (ret == 0) {
            ret = qcow2_file_flush(bs);
        }
        if (ret < 0) {
            goto fail;
        }
        /* Drop the old mappings through a scratch copy of the old L1. */
        {
            int64_t tmp = qcow2_alloc_clusters(bs, MAX(old_l1_size, 1) * 8);

            if (tmp < 0) {
                ret = tmp;
                goto fail;
            }
            ret = qcow2_file_write(bs, tmp, oldbuf, old_l1_size * 8);
            if (ret == 0) {
                ret = qcow2_update_snapshot_refcount(bs, tmp, old_l1_size,
                                                     -1);
            }
            if (ret == 0) {
                ret = qcow2_update_refcount(bs, tmp,
                                            MAX(old_l1_size, 1) * 8, -1);
            }
            if (ret < 0) {
                goto fail;
            }
        }
    }
    (void)old_l1_off;
    qcow2_cache_empty(&s->l2_cache);
    ret = qcow2_update_copied_flags(bs);
    if (ret == 0) {
        ret = qcow2_flush_metadata(bs);
    }
    if (ret == 0) {
        ret = write_l1(bs);
    }
    if (ret < 0) {
        goto fail;
    }
    if (sn->disk_size != s->size) {
        uint8_t be[8];

        s->size = sn->disk_size;
        qcow2_be64_store(be, s->size);
        ret = qcow2_file_write(bs, QCOW2_HDR_OFF_SIZE, be, 8);
        if (ret < 0) {
            goto fail;
        }
    }
    return 0;

fail:
    error_setg_errno(errp, -ret, "Failed to load snapshot");
    return ret;
}

int qcow2_snapshot_list(BlockDriverState *bs, QEMUSnapshotInfo **psn)
{
    BDRVQcow2State *s = qcow2_state(bs);
    QEMUSnapshotInfo *list;

    *psn = NULL;
    if (!s) {
        return -ENOTSUP;
    }
    list = g_new0(QEMUSnapshotInfo, MAX(s->nb_snapshots, 1));

    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        QCowSnapshot *sn = &s->snapshots[i];

        pstrcpy(list[i].id_str, sizeof(list[i].id_str), sn->id_str);
        pstrcpy(list[i].name, sizeof(list[i].name), sn->name);
        list[i].vm_state_size = sn->vm_state_size;
        list[i].date_sec = sn->date_sec;
        list[i].date_nsec = sn->date_nsec;
        list[i].vm_clock_nsec = sn->vm_clock_nsec;
        list[i].icount = sn->icount;
    }
    *psn = list;
    return s->nb_snapshots;
}

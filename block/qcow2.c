/*
 * The qcow2 format driver: header and extensions (load, check, parse),
 * open/close, the request path (read, write with copy-on-write, zero
 * writes, discard), flush ordering, truncate, block status and info.
 *
 * Crash-safe order of a write to a new cluster: refcount raised (cache),
 * data written to the new cluster, L2 entry updated (cache). At flush:
 * refcount blocks written, file flushed (data and refcounts on disk), L2
 * tables written, file flushed, then clusters that the written L2 tables
 * no longer use get their refcounts lowered. A crash at any point leaves
 * at most leaked clusters, and every write acknowledged before a
 * completed flush is reachable.
 */
#include "qemu/osdep.h"
#include "qcow2.h"
#include "crypto/secret.h"
#include "crypto/wipe.h"
#include "qemu/cutils.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "qobject/qbool.h"
#include "qobject/qnum.h"
#include <zlib.h>

#ifndef BDRV_O_CHECK
/* qemu-img check opens with this so that a corrupt image can be repaired. */
#define BDRV_O_CHECK 0x1000
#endif

/* --- endianness: the one pair of header conversions -------------------------- */

void qcow2_header_load(QCowHeader *h, const uint8_t *b)
{
    memset(h, 0, sizeof(*h));
    h->magic = qcow2_be32_load(b + 0);
    h->version = qcow2_be32_load(b + 4);
    h->backing_file_offset = qcow2_be64_load(b + 8);
    h->backing_file_size = qcow2_be32_load(b + 16);
    h->cluster_bits = qcow2_be32_load(b + 20);
    h->size = qcow2_be64_load(b + 24);
    h->crypt_method = qcow2_be32_load(b + 32);
    h->l1_size = qcow2_be32_load(b + 36);
    h->l1_table_offset = qcow2_be64_load(b + 40);
    h->refcount_table_offset = qcow2_be64_load(b + 48);
    h->refcount_table_clusters = qcow2_be32_load(b + 56);
    h->nb_snapshots = qcow2_be32_load(b + 60);
    h->snapshots_offset = qcow2_be64_load(b + 64);
    h->incompatible_features = qcow2_be64_load(b + 72);
    h->compatible_features = qcow2_be64_load(b + 80);
    h->autoclear_features = qcow2_be64_load(b + 88);
    h->refcount_order = qcow2_be32_load(b + 96);
    h->header_length = qcow2_be32_load(b + 100);
    h->compression_type = b[104];
}

void qcow2_header_store(uint8_t *b, const QCowHeader *h)
{
    memset(b, 0, sizeof(QCowHeader));
    qcow2_be32_store(b + 0, h->magic);
    qcow2_be32_store(b + 4, h->version);
    qcow2_be64_store(b + 8, h->backing_file_offset);
    qcow2_be32_store(b + 16, h->backing_file_size);
    qcow2_be32_store(b + 20, h->cluster_bits);
    qcow2_be64_store(b + 24, h->size);
    qcow2_be32_store(b + 32, h->crypt_method);
    qcow2_be32_store(b + 36, h->l1_size);
    qcow2_be64_store(b + 40, h->l1_table_offset);
    qcow2_be64_store(b + 48, h->refcount_table_offset);
    qcow2_be32_store(b + 56, h->refcount_table_clusters);
    qcow2_be32_store(b + 60, h->nb_snapshots);
    qcow2_be64_store(b + 64, h->snapshots_offset);
    qcow2_be64_store(b + 72, h->incompatible_features);
    qcow2_be64_store(b + 80, h->compatible_features);
    qcow2_be64_store(b + 88, h->autoclear_features);
    qcow2_be32_store(b + 96, h->refcount_order);
    qcow2_be32_store(b + 100, h->header_length);
    b[104] = h->compression_type;
}

/* --- file I/O (works in and out of coroutines) ------------------------------ */

int qcow2_file_read(BlockDriverState *bs, uint64_t off, void *buf, size_t len)
{
    if (!len) {
        return 0;
    }
    return bdrv_pread(bs->file, off, len, buf, 0);
}

int qcow2_file_write(BlockDriverState *bs, uint64_t off, const void *buf,
                     size_t len)
{
    if (!len) {
        return 0;
    }
    return bdrv_pwrite(bs->file, off, len, buf, 0);
}

int qcow2_file_flush(BlockDriverState *bs)
{
    return bdrv_flush(bs->file->bs);
}

/* --- probing -------------------------------------------------------------------- */

static int qcow2_probe(const uint8_t *buf, int buf_size, const char *filename)
{
    if (buf_size >= 8 && qcow2_be32_load(buf) == QCOW_MAGIC &&
        qcow2_be32_load(buf + 4) >= 2) {
        return 100;
    }
    return 0;
}

/* --- header writing ------------------------------------------------------------- */

static const Qcow2Feature qcow2_feature_table[] = {
    { QCOW2_FEAT_TYPE_INCOMPATIBLE, 0, "dirty bit" },
    { QCOW2_FEAT_TYPE_INCOMPATIBLE, 1, "corrupt bit" },
    { QCOW2_FEAT_TYPE_INCOMPATIBLE, 2, "external data file" },
    { QCOW2_FEAT_TYPE_INCOMPATIBLE, 3, "compression type" },
    { QCOW2_FEAT_TYPE_INCOMPATIBLE, 4, "extended L2 entries" },
    { QCOW2_FEAT_TYPE_COMPATIBLE, 0, "lazy refcounts" },
    { QCOW2_FEAT_TYPE_AUTOCLEAR, 0, "bitmaps" },
    { QCOW2_FEAT_TYPE_AUTOCLEAR, 1, "raw external data" },
};

static size_t put_ext(uint8_t *buf, size_t pos, size_t cap, uint32_t magic,
                      const void *data, size_t len)
{
    size_t padded = QEMU_ALIGN_UP(len, 8);

    if (pos + 8 + padded > cap) {
        return 0;
    }
    qcow2_be32_store(buf + pos, magic);
    qcow2_be32_store(buf + pos + 4, len);
    memcpy(buf + pos + 8, data, len);
    return 8 + padded;
}

/*
 * Rewrite the whole first cluster: header, extensions (backing format,
 * crypto header pointer, feature table (v3), the ones we keep), then the
 * backing file name.
 */
int qcow2_update_header(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    size_t cap = s->cluster_size;
    g_autofree uint8_t *buf = g_malloc0(cap);
    QCowHeader h = {
        .magic = QCOW_MAGIC,
        .version = s->version,
        .cluster_bits = s->cluster_bits,
        .size = s->size,
        .crypt_method = s->crypt_method_header,
        .l1_size = s->l1_size,
        .l1_table_offset = s->l1_table_offset,
        .refcount_table_offset = s->refcount_table_offset,
        .refcount_table_clusters = s->refcount_table_clusters,
        .nb_snapshots = s->nb_snapshots,
        .snapshots_offset = s->snapshots_offset,
    };
    size_t pos, n;

    if (s->version >= 3) {
        h.incompatible_features = s->incompatible_features;
        h.compatible_features = s->compatible_features;
        h.autoclear_features = s->autoclear_features;
        h.refcount_order = s->refcount_order;
        h.header_length = QCOW2_V3_HEADER_SIZE_CT;
        pos = QCOW2_V3_HEADER_SIZE_CT;
    } else {
        pos = QCOW2_V2_HEADER_SIZE;
    }

    if (s->backing_format && s->backing_file) {
        n = put_ext(buf, pos, cap, QCOW2_EXT_MAGIC_BACKING_FORMAT,
                    s->backing_format, strlen(s->backing_format));
        if (!n) {
            return -ENOSPC;
        }
        pos += n;
    }
    if (s->crypto_header_offset) {
        uint8_t ext[16];

        qcow2_be64_store(ext, s->crypto_header_offset);
        qcow2_be64_store(ext + 8, s->crypto_header_length);
        n = put_ext(buf, pos, cap, QCOW2_EXT_MAGIC_CRYPTO_HEADER, ext, 16);
        if (!n) {
            return -ENOSPC;
        }
        pos += n;
    }
    for (guint i = 0; s->unknown_exts && i < s->unknown_exts->len; i++) {
        Qcow2UnknownExt *e = g_ptr_array_index(s->unknown_exts, i);

        n = put_ext(buf, pos, cap, e->magic, e->data, e->len);
        if (!n) {
            return -ENOSPC;
        }
        pos += n;
    }
    if (s->version >= 3) {
        uint8_t table[sizeof(qcow2_feature_table)];

        for (size_t i = 0; i < G_N_ELEMENTS(qcow2_feature_table); i++) {
            Qcow2Feature *f = (Qcow2Feature *)(table + i * sizeof(*f));

            memset(f, 0, sizeof(*f));
            f->type = qcow2_feature_table[i].type;
            f->bit = qcow2_feature_table[i].bit;
            strncpy(f->name, qcow2_feature_table[i].name, sizeof(f->name));
        }
        n = put_ext(buf, pos, cap, QCOW2_EXT_MAGIC_FEATURE_TABLE, table,
                    sizeof(table));
        if (n) {
            pos += n;   /* optional: left out when the cluster is small */
        }
    }
    if (pos + 8 > cap) {
        return -ENOSPC;
    }
    pos += 8;   /* end of extensions */
    if (s->backing_file) {
        size_t len = strlen(s->backing_file);

        if (pos + len > cap) {
            return -ENOSPC;
        }
        memcpy(buf + pos, s->backing_file, len);
        h.backing_file_offset = pos;
        h.backing_file_size = len;
    }
    {
        /* v2 ends at byte 72: only that much of the struct is copied. */
        uint8_t hb[sizeof(QCowHeader)];

        qcow2_header_store(hb, &h);
        memcpy(buf, hb, s->version >= 3 ? sizeof(hb) : QCOW2_V2_HEADER_SIZE);
    }
    return qcow2_file_write(bs, 0, buf, cap);
}

static int write_incompat(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    uint8_t be[8];
    int ret;

    qcow2_be64_store(be, s->incompatible_features);
    ret = qcow2_file_write(bs, QCOW2_HDR_OFF_INCOMPAT, be, 8);
    if (ret == 0) {
        ret = qcow2_file_flush(bs);
    }
    return ret;
}

int qcow2_mark_dirty(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    if (s->version < 3 || (s->incompatible_features & QCOW2_INCOMPAT_DIRTY)) {
        return 0;
    }
    ret = qcow2_file_flush(bs);
    if (ret < 0) {
        return ret;
    }
    s->incompatible_features |= QCOW2_INCOMPAT_DIRTY;
    s->dirty_marked = true;
    return write_incompat(bs);
}

int qcow2_mark_clean(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    if (!(s->incompatible_features & QCOW2_INCOMPAT_DIRTY)) {
        return 0;
    }
    s->incompatible_features &= ~QCOW2_INCOMPAT_DIRTY;
    s->dirty_marked = false;
    return write_incompat(bs);
}

int qcow2_mark_corrupt(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    s->incompatible_features |= QCOW2_INCOMPAT_CORRUPT;
    if (s->version < 3) {
        return 0;
    }
    return write_incompat(bs);
}

void qcow2_signal_corruption(BlockDriverState *bs, const char *fmt, ...)
{
    BDRVQcow2State *s = bs->opaque;
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (bs->read_only || s->corrupt) {
        fprintf(stderr, "qcow2: Image is corrupt: %s\n", msg);
        return;
    }
    fprintf(stderr, "qcow2: Marking image as corrupt: %s; further "
            "corruption events will be suppressed\n", msg);
    s->corrupt = true;
    qcow2_mark_corrupt(bs);
    bs->read_only = true;
}

/* --- flush ordering ---------------------------------------------------------------- */

int qcow2_flush_metadata(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    if (bs->read_only && !s->pending_frees->len &&
        !qcow2_cache_is_dirty(&s->l2_cache) &&
        !qcow2_cache_is_dirty(&s->refcount_cache)) {
        return 0;
    }
    /* Refcounts (and data written so far) before the L2 tables. */
    ret = qcow2_cache_write(bs, &s->refcount_cache);
    if (ret < 0) {
        return ret;
    }
    if (qcow2_cache_is_dirty(&s->l2_cache) || s->pending_frees->len) {
        ret = qcow2_file_flush(bs);
        if (ret < 0) {
            return ret;
        }
        ret = qcow2_cache_write(bs, &s->l2_cache);
        if (ret < 0) {
            return ret;
        }
    }
    if (s->pending_frees->len) {
        /* Lower refcounts only once nothing on disk uses the clusters. */
        ret = qcow2_file_flush(bs);
        if (ret < 0) {
            return ret;
        }
        ret = qcow2_apply_pending_frees(bs);
        if (ret < 0) {
            return ret;
        }
        ret = qcow2_cache_write(bs, &s->refcount_cache);
        if (ret < 0) {
            return ret;
        }
    }
    return 0;
}

static int coroutine_fn qcow2_co_flush_to_os(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    qemu_co_mutex_lock(&s->lock);
    ret = qcow2_flush_metadata(bs);
    qemu_co_mutex_unlock(&s->lock);
    return ret;
}

/* --- header parsing ------------------------------------------------------------------ */

static void unknown_ext_free(gpointer p)
{
    Qcow2UnknownExt *e = p;

    g_free(e->data);
    g_free(e);
}

/* The feature names the image itself gives, for the unsupported error. */
static char *feature_names(const uint8_t *table, size_t n, uint64_t mask)
{
    GString *str = g_string_new(NULL);

    for (int bit = 0; bit < 64; bit++) {
        const char *name = NULL;
        char tmp[47];

        if (!(mask & (1ULL << bit))) {
            continue;
        }
        for (size_t i = 0; table && i < n; i++) {
            const Qcow2Feature *f = (const Qcow2Feature *)(table + 48 * i);

            if (f->type == QCOW2_FEAT_TYPE_INCOMPATIBLE && f->bit == bit) {
                memcpy(tmp, f->name, 46);
                tmp[46] = 0;
                name = tmp;
                break;
            }
        }
        if (str->len) {
            g_string_append(str, ", ");
        }
        if (name) {
            g_string_append(str, name);
        } else {
            g_string_append_printf(str, "Unknown incompatible feature: %"
                                   PRIx64, (uint64_t)1 << bit);
        }
    }
    return g_string_free(str, false);
}

/*
 * Parse the header extensions in @buf[@start, @end). Each problem has its
 * own message: the input is untrusted.
 */
static int read_extensions(BlockDriverState *bs, const uint8_t *buf,
                           size_t start, size_t end, const QCowHeader *h,
                           Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    const uint8_t *feat_table = NULL;
    size_t feat_n = 0;
    size_t pos = start;

    while (pos + 8 <= end) {
        uint32_t magic = qcow2_be32_load(buf + pos);
        uint32_t len = qcow2_be32_load(buf + pos + 4);
        const uint8_t *data = buf + pos + 8;

        if (magic == QCOW2_EXT_MAGIC_END) {
            break;
        }
        if (len > end - pos - 8) {
            error_setg(errp, "qcow2: header extension %#x of length %u "
                       "does not fit in the header cluster", magic, len);
            return -EINVAL;
        }
        switch (magic) {
        case QCOW2_EXT_MAGIC_BACKING_FORMAT:
            if (len == 0 || len > 15) {
                error_setg(errp, "ERROR: ext_backing_format: len=%u too "
                           "large (>=%zu)", len, (size_t)16);
                return -EINVAL;
            }
            g_free(s->backing_format);
            s->backing_format = g_strndup((const char *)data, len);
            break;
        case QCOW2_EXT_MAGIC_FEATURE_TABLE:
            feat_table = data;
            feat_n = len / sizeof(Qcow2Feature);
            break;
        case QCOW2_EXT_MAGIC_CRYPTO_HEADER:
            if (len != sizeof(Qcow2CryptoHeaderExtension)) {
                error_setg(errp, "qcow2: crypto header extension has length "
                           "%u, expected %zu", len,
                           sizeof(Qcow2CryptoHeaderExtension));
                return -EINVAL;
            }
            if (h->crypt_method != QCOW_CRYPT_LUKS) {
                error_setg(errp, "qcow2: crypto header extension only "
                           "expected with LUKS encryption method");
                return -EINVAL;
            }
            s->crypto_header_offset = qcow2_be64_load(data);
            s->crypto_header_length = qcow2_be64_load(data + 8);
            if (qcow2_offset_into_cluster(s, s->crypto_header_offset)) {
                error_setg(errp, "qcow2: crypto header offset %#" PRIx64
                           " is not aligned to the cluster size",
                           s->crypto_header_offset);
                return -EINVAL;
            }
            if (s->crypto_header_length == 0 ||
                s->crypto_header_length >
                ((uint64_t)QCOW_MAX_CRYPT_CLUSTERS << 21)) {
                error_setg(errp, "qcow2: crypto header length %" PRIu64
                           " is invalid", s->crypto_header_length);
                return -EINVAL;
            }
            break;
        case QCOW2_EXT_MAGIC_DATA_FILE:
            error_setg(errp, "qcow2: external data files are not supported");
            return -ENOTSUP;
        default: {
            /* Kept as they were (the bitmaps extension among them). */
            Qcow2UnknownExt *e = g_new0(Qcow2UnknownExt, 1);

            if (magic == QCOW2_EXT_MAGIC_BITMAPS) {
                s->has_bitmaps_ext = true;
            }
            e->magic = magic;
            e->len = len;
            e->data = g_memdup2(data, len);
            g_ptr_array_add(s->unknown_exts, e);
            break;
        }
        }
        pos += 8 + QEMU_ALIGN_UP((uint64_t)len, 8);
    }

    if (h->incompatible_features & ~QCOW2_INCOMPAT_SUPPORTED) {
        g_autofree char *names =
            feature_names(feat_table, feat_n,
                          h->incompatible_features & ~QCOW2_INCOMPAT_SUPPORTED);
        error_setg(errp, "Unsupported qcow2 feature(s): %s", names);
        return -ENOTSUP;
    }
    return 0;
}

/* The checks of the fixed header fields, one message each. */
static int check_header(BlockDriverState *bs, const QCowHeader *h,
                        int64_t file_len, Error **errp)
{
    uint64_t cs;

    if (h->magic != QCOW_MAGIC) {
        error_setg(errp, "Image is not in qcow2 format");
        return -EINVAL;
    }
    if (h->version < 2 || h->version > 3) {
        error_setg(errp, "Unsupported qcow2 version %" PRIu32, h->version);
        return -ENOTSUP;
    }
    if (h->cluster_bits < QCOW2_MIN_CLUSTER_BITS ||
        h->cluster_bits > QCOW2_MAX_CLUSTER_BITS) {
        error_setg(errp, "Unsupported cluster size: 2^%" PRIu32,
                   h->cluster_bits);
        return -EINVAL;
    }
    cs = 1ULL << h->cluster_bits;
    if (h->version >= 3) {
        if (h->header_length < QCOW2_V3_HEADER_SIZE) {
            error_setg(errp, "qcow2 header too short");
            return -EINVAL;
        }
        if (h->header_length > cs) {
            error_setg(errp, "qcow2 header exceeds cluster size");
            return -EINVAL;
        }
        if (h->header_length > QCOW2_V3_HEADER_SIZE &&
            h->compression_type != 0) {
            error_setg(errp, "qcow2: unknown compression type %u",
                       h->compression_type);
            return -ENOTSUP;
        }
        if (h->refcount_order > QCOW2_MAX_REFCOUNT_ORDER) {
            error_setg(errp, "Reference count entry width too large; may "
                       "not exceed 64 bits");
            return -EINVAL;
        }
    }
    if (h->backing_file_offset) {
        if (h->backing_file_offset > cs ||
            h->backing_file_size > cs - h->backing_file_offset) {
            error_setg(errp, "Invalid backing file offset");
            return -EINVAL;
        }
        if (h->backing_file_size > 1023) {
            error_setg(errp, "Backing file name too long");
            return -EINVAL;
        }
    }
    if (h->crypt_method > QCOW_CRYPT_LUKS) {
        error_setg(errp, "Unsupported encryption method: %" PRIu32,
                   h->crypt_method);
        return -EINVAL;
    }
    if (h->size > BDRV_MAX_LENGTH) {
        error_setg(errp, "Image size %" PRIu64 " is too large", h->size);
        return -EFBIG;
    }
    if (h->l1_size > QCOW_MAX_L1_SIZE / 8) {
        error_setg(errp, "Active L1 table too large");
        return -EFBIG;
    }
    {
        uint64_t l2_bits = h->cluster_bits - 3;
        uint64_t per_l1 = 1ULL << (l2_bits + h->cluster_bits);
        uint64_t need = DIV_ROUND_UP(h->size, per_l1);

        if (h->l1_size < need) {
            error_setg(errp, "L1 table is too small");
            return -EINVAL;
        }
    }
    if (h->l1_size && (h->l1_table_offset & (cs - 1))) {
        error_setg(errp, "Invalid L1 table offset");
        return -EINVAL;
    }
    if (h->l1_size && h->l1_table_offset > (uint64_t)file_len) {
        error_setg(errp, "L1 table offset %#" PRIx64 " lies beyond the end "
                   "of the image", h->l1_table_offset);
        return -EINVAL;
    }
    if ((uint64_t)h->refcount_table_clusters * cs > QCOW_MAX_REFTABLE_SIZE) {
        error_setg(errp, "Reference count table too large");
        return -EINVAL;
    }
    if (h->refcount_table_clusters == 0) {
        error_setg(errp, "Image does not contain a reference count table");
        return -EINVAL;
    }
    if (h->refcount_table_offset & (cs - 1)) {
        error_setg(errp, "Invalid reference count table offset");
        return -EINVAL;
    }
    if (h->refcount_table_offset > (uint64_t)file_len) {
        error_setg(errp, "Reference count table offset %#" PRIx64 " lies "
                   "beyond the end of the image", h->refcount_table_offset);
        return -EINVAL;
    }
    if (h->nb_snapshots > QCOW_MAX_SNAPSHOTS) {
        error_setg(errp, "Too many snapshots");
        return -EINVAL;
    }
    if (h->nb_snapshots && (h->snapshots_offset & (cs - 1))) {
        error_setg(errp, "Invalid snapshot table offset");
        return -EINVAL;
    }
    return 0;
}

/* --- encryption ------------------------------------------------------------------ */

int qcow2_crypto_hdr_read(void *opaque, uint64_t offset, uint8_t *buf,
                           size_t len, Error **errp)
{
    BlockDriverState *bs = opaque;
    BDRVQcow2State *s = bs->opaque;
    int ret;

    if (offset > s->crypto_header_length ||
        len > s->crypto_header_length - offset) {
        error_setg(errp, "Request for data outside of the encryption header "
                   "area");
        return -1;
    }
    ret = qcow2_file_read(bs, s->crypto_header_offset + offset, buf, len);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not read encryption header");
        return -1;
    }
    return 0;
}

static int open_crypto(BlockDriverState *bs, BlockdevOptionsQcow2 *o,
                       int flags, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    const char *secret = o->has_encrypt && o->encrypt->has_key_secret
                         ? o->encrypt->key_secret : NULL;
    QCryptoBlockOpenOptions oo = { };
    QCryptoBlockKey key = { };
    unsigned int cflags = 0;

    if (o->has_encrypt && o->encrypt->has_format) {
        bool luks = o->encrypt->format == BLOCKDEV_QCOW2_ENCRYPTION_FORMAT_LUKS;

        if (luks != (s->crypt_method_header == QCOW_CRYPT_LUKS)) {
            error_setg(errp, "Header reported 'encrypt.format=%s' but "
                       "options specify '%s'",
                       s->crypt_method_header == QCOW_CRYPT_LUKS ? "luks"
                                                                 : "aes",
                       luks ? "luks" : "aes");
            return -EINVAL;
        }
    }
    if (s->crypt_method_header == QCOW_CRYPT_AES) {
        if (!(flags & BDRV_O_NO_IO) && (flags & BDRV_O_RDWR)) {
            error_setg(errp, "Use of AES-CBC encrypted qcow2 images is no "
                       "longer supported for writing; open the image "
                       "read-only and convert it to a new format");
            return -ENOTSUP;
        }
        oo.format = QCRYPTO_BLOCK_FORMAT_QCOW;
        s->crypt_physical_offset = false;
    } else {
        if (!s->crypto_header_offset) {
            error_setg(errp, "qcow2: LUKS encrypted image has no crypto "
                       "header extension");
            return -EINVAL;
        }
        oo.format = QCRYPTO_BLOCK_FORMAT_LUKS;
        s->crypt_physical_offset = true;
    }
    if (flags & BDRV_O_NO_IO) {
        cflags = QCRYPTO_BLOCK_OPEN_NO_IO;
    } else {
        if (!secret) {
            error_setg(errp, "Parameter 'encrypt.key-secret' is required "
                       "for cipher");
            return -EINVAL;
        }
        if (!qcrypto_block_key_lookup(secret, &key, errp)) {
            return -EINVAL;
        }
    }
    if (oo.format == QCRYPTO_BLOCK_FORMAT_LUKS) {
        s->crypto = qcrypto_block_open(&oo, &key, qcow2_crypto_hdr_read, bs,
                                       cflags, 8, errp);
    } else {
        s->crypto = qcrypto_block_open(&oo, &key, NULL, NULL, cflags, 8, errp);
    }
    qcrypto_block_key_clear(&key);
    if (!s->crypto) {
        return -EINVAL;
    }
    bs->encrypted = true;
    return 0;
}

/* --- backing file ----------------------------------------------------------------- */

/* Files being opened as backing files right now (loop detection). */
static GPtrArray *opening_chain;

static char *backing_path(BlockDriverState *bs, const char *name)
{
    return bdrv_backing_path(bs->filename, name);
}

static int open_backing(BlockDriverState *bs, BlockdevOptionsQcow2 *o,
                        int flags, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    QObject *ref = o->has_backing ? o->backing : NULL;
    BlockDriverState *backing = NULL;
    int bflags = (flags & ~(BDRV_O_RDWR | BDRV_O_CHECK | BDRV_O_RESIZE));
    BdrvChild *c;

    if (ref && qobject_type(ref) == QTYPE_QNULL) {
        return 0;
    }
    if (ref && qobject_type(ref) == QTYPE_QSTRING) {
        const char *name = qstring_get_str(qobject_to(QString, ref));

        backing = bdrv_find_node(name);
        if (!backing) {
            error_setg(errp, "Cannot find device='' nor node-name='%s'",
                       name);
            return -ENOENT;
        }
        bdrv_ref(backing);
    } else if (ref && qobject_type(ref) == QTYPE_QDICT) {
        QDict *d = qdict_clone_shallow(qobject_to(QDict, ref));

        qdict_flatten(d);
        backing = bdrv_open(NULL, d, bflags, errp);
        if (!backing) {
            return -EINVAL;
        }
    } else if (ref) {
        error_setg(errp, "Invalid parameter type for 'backing', expected: "
                   "object, string or null");
        return -EINVAL;
    } else {
        g_autofree char *path = NULL;
        g_autofree char *real = NULL;
        QDict *d;
        Error *local_err = NULL;

        if (!s->backing_file || (flags & BDRV_O_NO_BACKING)) {
            return 0;
        }
        path = backing_path(bs, s->backing_file);
        real = realpath(path, NULL);
        if (!opening_chain) {
            opening_chain = g_ptr_array_new();
        }
        if (real) {
            char *self = realpath(bs->filename, NULL);
            bool loop = self && !strcmp(self, real);

            free(self);
            for (guint i = 0; !loop && i < opening_chain->len; i++) {
                loop = !strcmp(g_ptr_array_index(opening_chain, i), real);
            }
            if (loop || opening_chain->len > 64) {
                error_setg(errp, "Backing file '%s' of '%s' makes a loop in "
                           "the backing chain", s->backing_file,
                           bs->filename);
                return -ELOOP;
            }
        }
        d = qdict_new();
        if (s->backing_format) {
            qdict_put_str(d, "driver", s->backing_format);
        }
        g_ptr_array_add(opening_chain, real ? real : path);
        backing = bdrv_open(path, d, bflags, &local_err);
        g_ptr_array_remove_index(opening_chain, opening_chain->len - 1);
        if (!backing) {
            error_prepend(&local_err, "Could not open backing file: ");
            error_propagate(errp, local_err);
            return -EINVAL;
        }
    }
    c = g_new0(BdrvChild, 1);
    c->bs = backing;
    c->name = g_strdup("backing");
    c->parent = bs;
    bs->backing = c;
    return 0;
}

/* --- open/close -------------------------------------------------------------------- */

static void qcow2_free_state(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    qcow2_cache_destroy(&s->l2_cache);
    qcow2_cache_destroy(&s->refcount_cache);
    g_free(s->l1_table);
    s->l1_table = NULL;
    qcow2_refcount_close(bs);
    qcow2_free_snapshots(bs);
    g_free(s->backing_file);
    g_free(s->backing_format);
    s->backing_file = s->backing_format = NULL;
    qcrypto_block_free(s->crypto);
    s->crypto = NULL;
    if (s->unknown_exts) {
        g_ptr_array_free(s->unknown_exts, true);
        s->unknown_exts = NULL;
    }
    if (s->pending_frees) {
        g_array_free(s->pending_frees, true);
        s->pending_frees = NULL;
    }
}

static int load_l1_table(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    g_autofree uint8_t *buf = g_try_malloc(MAX(s->l1_size, 1) * 8);
    int ret;

    if (!buf) {
        return -ENOMEM;
    }
    s->l1_table = g_new0(uint64_t, MAX(s->l1_size, 1));
    ret = qcow2_file_read(bs, s->l1_table_offset, buf, s->l1_size * 8);
    if (ret < 0) {
        return ret;
    }
    for (uint32_t i = 0; i < s->l1_size; i++) {
        s->l1_table[i] = qcow2_be64_load(buf + 8 * i);
    }
    return 0;
}

static int qcow2_do_open(BlockDriverState *bs, BlockdevOptionsQcow2 *o,
                         int flags, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    int64_t file_len = bdrv_getlength(bs->file->bs);
    uint8_t first[QCOW2_V3_HEADER_SIZE_CT];
    g_autofree uint8_t *hbuf = NULL;
    QCowHeader h;
    size_t ext_start, ext_end;
    int cache_entries;
    int ret;

    if (file_len < 0) {
        error_setg_errno(errp, -file_len, "Could not get the size of '%s'",
                         bs->filename);
        return file_len;
    }
    memset(first, 0, sizeof(first));
    if (file_len < QCOW2_V2_HEADER_SIZE) {
        error_setg(errp, "Image is not in qcow2 format");
        return -EINVAL;
    }
    ret = qcow2_file_read(bs, 0, first, MIN((int64_t)sizeof(first), file_len));
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not read qcow2 header");
        return ret;
    }
    qcow2_header_load(&h, first);
    if (h.version == 2) {
        h.incompatible_features = h.compatible_features = 0;
        h.autoclear_features = 0;
        h.refcount_order = QCOW2_DEFAULT_REFCOUNT_ORDER;
        h.header_length = QCOW2_V2_HEADER_SIZE;
        h.compression_type = 0;
    } else if (h.header_length <= QCOW2_V3_HEADER_SIZE) {
        h.compression_type = 0;
    }
    ret = check_header(bs, &h, file_len, errp);
    if (ret < 0) {
        return ret;
    }

    s->version = h.version;
    s->cluster_bits = h.cluster_bits;
    s->cluster_size = 1 << s->cluster_bits;
    s->l2_bits = s->cluster_bits - 3;
    s->l2_size = 1 << s->l2_bits;
    s->csize_shift = 62 - (s->cluster_bits - 8);
    s->csize_mask = (1ULL << (s->cluster_bits - 8)) - 1;
    s->cluster_offset_mask = (1ULL << s->csize_shift) - 1;
    s->size = h.size;
    s->incompatible_features = h.incompatible_features;
    s->compatible_features = h.compatible_features;
    s->autoclear_features = h.autoclear_features;
    s->header_length = h.header_length;
    s->refcount_order = h.refcount_order;
    s->refcount_bits = 1 << s->refcount_order;
    s->refcount_max = s->refcount_bits == 64 ? UINT64_MAX
                      : (1ULL << s->refcount_bits) - 1;
    s->refcount_block_bits = s->cluster_bits - (s->refcount_order - 3);
    s->refcount_table_offset = h.refcount_table_offset;
    s->refcount_table_clusters = h.refcount_table_clusters;
    s->refcount_table_size =
        ((uint64_t)h.refcount_table_clusters << s->cluster_bits) / 8;
    s->l1_size = h.l1_size;
    s->l1_table_offset = h.l1_table_offset;
    s->crypt_method_header = h.crypt_method;
    s->nb_snapshots = h.nb_snapshots;
    s->snapshots_offset = h.snapshots_offset;
    s->unknown_exts = g_ptr_array_new_with_free_func(unknown_ext_free);
    s->pending_frees = g_array_new(false, false, sizeof(Qcow2PendingFree));
    s->lazy_refcounts = !!(h.compatible_features &
                           QCOW2_COMPAT_LAZY_REFCOUNTS);
    if (o->has_lazy_refcounts) {
        if (o->lazy_refcounts && s->version < 3) {
            error_setg(errp, "Lazy refcounts require a qcow2 image with at "
                       "least qemu 1.1 compatibility level");
            return -EINVAL;
        }
        s->lazy_refcounts = o->lazy_refcounts;
    }
    s->discard_passthrough = o->has_pass_discard_request
                             ? o->pass_discard_request
                             : !!(flags & BDRV_O_UNMAP);

    /* The header cluster holds the extensions and the backing file name. */
    hbuf = g_malloc0(s->cluster_size);
    ret = qcow2_file_read(bs, 0, hbuf, MIN((int64_t)s->cluster_size,
                                           file_len));
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not read qcow2 header");
        return ret;
    }
    ext_start = s->version >= 3 ? h.header_length : QCOW2_V2_HEADER_SIZE;
    ext_end = h.backing_file_offset && h.backing_file_offset > ext_start
              ? h.backing_file_offset : (size_t)s->cluster_size;
    ret = read_extensions(bs, hbuf, ext_start, ext_end, &h, errp);
    if (ret < 0) {
        return ret;
    }
    if (h.backing_file_offset) {
        s->backing_file = g_strndup((char *)hbuf + h.backing_file_offset,
                                    h.backing_file_size);
    }

    if ((s->incompatible_features & QCOW2_INCOMPAT_CORRUPT) &&
        (flags & BDRV_O_RDWR) && !(flags & BDRV_O_CHECK)) {
        error_setg(errp, "qcow2: Image is corrupt; cannot be opened "
                   "read/write (open it read-only to copy the data out, or "
                   "repair it with 'qemu-img check -r all')");
        return -EACCES;
    }
    s->corrupt = !!(s->incompatible_features & QCOW2_INCOMPAT_CORRUPT);

    if (s->crypt_method_header) {
        ret = open_crypto(bs, o, flags, errp);
        if (ret < 0) {
            return ret;
        }
    } else if (o->has_encrypt && o->encrypt->has_format) {
        error_setg(errp, "No encryption in image header, but options "
                   "specified format '%s'",
                   BlockdevQcow2EncryptionFormat_str(o->encrypt->format));
        return -EINVAL;
    }

    ret = load_l1_table(bs);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not read L1 table");
        return ret;
    }
    ret = qcow2_refcount_init(bs);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not initialize refcount handling");
        return ret;
    }
    /* 1 MiB of L2 tables (covers 8 GiB at 64k) and a quarter for refcounts. */
    cache_entries = MAX(16, (1 << 20) >> s->cluster_bits);
    if (o->has_l2_cache_size && o->l2_cache_size > 0) {
        cache_entries = MAX(4, MIN(o->l2_cache_size >> s->cluster_bits,
                                   65536));
    }
    qcow2_cache_init(&s->l2_cache, cache_entries, s->cluster_size);
    qcow2_cache_init(&s->refcount_cache, MAX(8, cache_entries / 4),
                     s->cluster_size);
    ret = qcow2_read_snapshots(bs, errp);
    if (ret < 0) {
        return ret;
    }
    qemu_co_mutex_init(&s->lock);

    if (flags & BDRV_O_RDWR) {
        bool changed = false;

        if ((s->incompatible_features & QCOW2_INCOMPAT_DIRTY) &&
            !(flags & BDRV_O_CHECK)) {
            BdrvCheckResult res;

            /* Lazy refcounts were in use: rebuild them before writing. */
            memset(&res, 0, sizeof(res));
            ret = qcow2_check_fix_all(bs, &res);
            if (ret < 0) {
                error_setg_errno(errp, -ret, "Could not repair dirty image");
                return ret;
            }
            s->incompatible_features &= ~QCOW2_INCOMPAT_DIRTY;
            changed = true;
        }
        if (s->autoclear_features) {
            /* We keep none of the autoclear data (bitmaps) up to date. */
            s->autoclear_features = 0;
            changed = true;
        }
        if (changed) {
            ret = qcow2_update_header(bs);
            if (ret == 0) {
                ret = qcow2_file_flush(bs);
            }
            if (ret < 0) {
                error_setg_errno(errp, -ret, "Could not update qcow2 header");
                return ret;
            }
        }
    }

    ret = open_backing(bs, o, flags, errp);
    if (ret < 0) {
        return ret;
    }
    return 0;
}

static int qcow2_open(BlockDriverState *bs, BlockdevOptions *options,
                      int flags, Error **errp)
{
    int ret = qcow2_do_open(bs, &options->u.qcow2, flags, errp);

    if (ret < 0) {
        qcow2_free_state(bs);
    }
    return ret;
}

static void qcow2_close(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    if (!bs->read_only && s->pending_frees) {
        if (qcow2_flush_metadata(bs) == 0 && s->dirty_marked) {
            qcow2_file_flush(bs);
            qcow2_mark_clean(bs);
        }
    }
    qcow2_free_state(bs);
}

static void qcow2_refresh_limits(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    bs->bl.request_alignment = s->crypto ? BDRV_SECTOR_SIZE : 1;
    bs->bl.opt_transfer = s->cluster_size;
}

static int64_t qcow2_getlength(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    return s->size;
}

/* --- reading ----------------------------------------------------------------------- */

static int coroutine_fn read_backing(BlockDriverState *bs, uint64_t offset,
                                     uint64_t bytes, QEMUIOVector *qiov,
                                     size_t qiov_off)
{
    int64_t blen;
    uint64_t n = 0;
    int ret;

    if (bs->backing) {
        blen = bdrv_getlength(bs->backing->bs);
        if (blen < 0) {
            return blen;
        }
        if (offset < (uint64_t)blen) {
            QEMUIOVector part;

            n = MIN(bytes, (uint64_t)blen - offset);
            qemu_iovec_init_slice(&part, qiov, qiov_off, n);
            ret = bdrv_co_preadv(bs->backing, offset, n, &part, 0);
            qemu_iovec_destroy(&part);
            if (ret < 0) {
                return ret;
            }
        }
    }
    qemu_iovec_memset(qiov, qiov_off + n, 0, bytes - n);
    return 0;
}

static int coroutine_fn crypt_buf(BDRVQcow2State *s, uint64_t host,
                                  uint64_t guest, uint8_t *buf, size_t len,
                                  bool encrypt)
{
    uint64_t off = s->crypt_physical_offset ? host : guest;
    int ret = encrypt ? qcrypto_block_encrypt(s->crypto, off, buf, len, NULL)
                      : qcrypto_block_decrypt(s->crypto, off, buf, len, NULL);

    return ret < 0 ? -EIO : 0;
}

static int coroutine_fn read_normal(BlockDriverState *bs, uint64_t host,
                                    uint64_t guest, uint64_t bytes,
                                    QEMUIOVector *qiov, size_t qiov_off)
{
    BDRVQcow2State *s = bs->opaque;
    QEMUIOVector part;
    int ret;

    if (s->crypto) {
        g_autofree uint8_t *buf = g_try_malloc(bytes);

        if (!buf) {
            return -ENOMEM;
        }
        ret = qcow2_file_read(bs, host, buf, bytes);
        if (ret == 0) {
            ret = crypt_buf(s, host, guest, buf, bytes, false);
        }
        if (ret == 0) {
            qemu_iovec_from_buf(qiov, qiov_off, buf, bytes);
        }
        return ret;
    }
    qemu_iovec_init_slice(&part, qiov, qiov_off, bytes);
    ret = bdrv_co_preadv(bs->file, host, bytes, &part, 0);
    qemu_iovec_destroy(&part);
    return ret;
}

static int coroutine_fn qcow2_co_preadv(BlockDriverState *bs, int64_t offset,
                                        int64_t bytes, QEMUIOVector *qiov,
                                        BdrvRequestFlags flags)
{
    BDRVQcow2State *s = bs->opaque;
    size_t done = 0;
    int ret = 0;

    while (done < (size_t)bytes) {
        uint64_t cur = bytes - done;
        uint64_t l2e, in_cluster = qcow2_offset_into_cluster(s, offset + done);
        QCow2ClusterType type;

        qemu_co_mutex_lock(&s->lock);
        ret = qcow2_get_host_offset(bs, offset + done, &cur, &l2e, &type);
        if (ret < 0) {
            qemu_co_mutex_unlock(&s->lock);
            return ret;
        }
        switch (type) {
        case QCOW2_CLUSTER_UNALLOCATED:
            qemu_co_mutex_unlock(&s->lock);
            ret = read_backing(bs, offset + done, cur, qiov, done);
            break;
        case QCOW2_CLUSTER_ZERO_PLAIN:
        case QCOW2_CLUSTER_ZERO_ALLOC:
            qemu_co_mutex_unlock(&s->lock);
            qemu_iovec_memset(qiov, done, 0, cur);
            break;
        case QCOW2_CLUSTER_COMPRESSED: {
            g_autofree uint8_t *buf = g_malloc(s->cluster_size);

            cur = MIN(cur, (uint64_t)s->cluster_size - in_cluster);
            ret = qcow2_decompress_cluster(bs, l2e, buf);
            qemu_co_mutex_unlock(&s->lock);
            if (ret == 0) {
                qemu_iovec_from_buf(qiov, done, buf + in_cluster, cur);
            }
            break;
        }
        case QCOW2_CLUSTER_NORMAL:
        default:
            qemu_co_mutex_unlock(&s->lock);
            ret = read_normal(bs, (l2e & L2E_OFFSET_MASK) + in_cluster,
                              offset + done, cur, qiov, done);
            break;
        }
        if (ret < 0) {
            return ret;
        }
        done += cur;
    }
    return 0;
}

/* --- writing ----------------------------------------------------------------------- */

/* The current guest contents of one whole cluster (for copy-on-write). */
static int coroutine_fn read_cluster_for_cow(BlockDriverState *bs,
                                             uint64_t cluster_start,
                                             uint64_t l2e, uint8_t *buf)
{
    BDRVQcow2State *s = bs->opaque;
    QEMUIOVector qiov;
    uint64_t n = s->cluster_size;
    int ret = 0;

    n = MIN(n, s->size - cluster_start);
    memset(buf, 0, s->cluster_size);
    qemu_iovec_init_buf(&qiov, buf, n);
    switch (qcow2_get_cluster_type(s, l2e)) {
    case QCOW2_CLUSTER_UNALLOCATED:
        ret = read_backing(bs, cluster_start, n, &qiov, 0);
        break;
    case QCOW2_CLUSTER_ZERO_PLAIN:
    case QCOW2_CLUSTER_ZERO_ALLOC:
        break;
    case QCOW2_CLUSTER_COMPRESSED:
        ret = qcow2_decompress_cluster(bs, l2e, buf);
        break;
    case QCOW2_CLUSTER_NORMAL:
        ret = read_normal(bs, l2e & L2E_OFFSET_MASK, cluster_start,
                          QEMU_ALIGN_UP(n, BDRV_SECTOR_SIZE) > s->cluster_size
                          ? s->cluster_size : QEMU_ALIGN_UP(n, s->crypto ?
                                                           BDRV_SECTOR_SIZE
                                                           : 1),
                          &qiov, 0);
        break;
    }
    qemu_iovec_destroy(&qiov);
    return ret;
}

/* --- allocating writes in flight ------------------------------------------------ */

/*
 * An allocating write drops s->lock while its data (and copy-on-write
 * areas) go to the new clusters, and takes it again to point the L2
 * entries at them. Until then the guest range is registered here: a
 * request that touches it waits (it would otherwise allocate the same
 * guest cluster a second time, or copy-on-write stale contents).
 */
static void inflight_add(BDRVQcow2State *s, Qcow2InflightAlloc *a,
                         uint64_t start, uint64_t end)
{
    a->start = start;
    a->end = end;
    qemu_co_queue_init(&a->waiters);
    a->next = s->inflight_allocs;
    s->inflight_allocs = a;
}

static void coroutine_fn inflight_remove(BDRVQcow2State *s,
                                         Qcow2InflightAlloc *a)
{
    Qcow2InflightAlloc **pp = &s->inflight_allocs;

    while (*pp && *pp != a) {
        pp = &(*pp)->next;
    }
    if (*pp) {
        *pp = a->next;
    }
    qemu_co_queue_restart_all(&a->waiters);
}

/*
 * With s->lock held: wait while an allocation in flight covers the
 * cluster of @offset, then return how much of [@offset, @offset+@bytes)
 * lies before the next one (at least the rest of that cluster).
 */
static uint64_t coroutine_fn inflight_wait(BlockDriverState *bs,
                                           uint64_t offset, uint64_t bytes)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t first = qcow2_start_of_cluster(s, offset);
    Qcow2InflightAlloc *a;

restart:
    for (a = s->inflight_allocs; a; a = a->next) {
        if (a->end <= first || a->start >= offset + bytes) {
            continue;
        }
        if (a->start <= first) {
            qemu_co_queue_wait(&a->waiters, &s->lock);
            goto restart;   /* @a is gone; the list may have changed */
        }
        bytes = a->start - offset;
    }
    return bytes;
}

/* With s->lock held: wait until nothing in the range is being allocated. */
static void coroutine_fn inflight_drain(BlockDriverState *bs, uint64_t offset,
                                        uint64_t bytes)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t first = qcow2_start_of_cluster(s, offset);
    Qcow2InflightAlloc *a;

restart:
    for (a = s->inflight_allocs; a; a = a->next) {
        if (a->end > first && a->start < offset + bytes) {
            qemu_co_queue_wait(&a->waiters, &s->lock);
            goto restart;
        }
    }
}

/*
 * The contents of new clusters [start, start+len) at @host: the
 * copy-on-write areas (@head_l2e/@tail_l2e: the old entries of the first
 * and last cluster, used when the request does not cover them) around
 * the caller's data, encrypted if need be. Runs without s->lock.
 */
static int coroutine_fn write_new_data(BlockDriverState *bs, uint64_t host,
                                       uint64_t start, uint64_t len,
                                       uint64_t offset, uint64_t bytes,
                                       QEMUIOVector *qiov, size_t qiov_off,
                                       const uint64_t *head_l2e,
                                       const uint64_t *tail_l2e)
{
    BDRVQcow2State *s = bs->opaque;
    g_autofree uint8_t *buf = NULL;
    QEMUIOVector part;
    int ret;

    if (!head_l2e && !tail_l2e && !s->crypto) {
        /* Whole clusters, nothing to copy: write the caller's buffers. */
        qemu_iovec_init_slice(&part, qiov, qiov_off, bytes);
        ret = bdrv_co_pwritev(bs->file, host, bytes, &part, 0);
        qemu_iovec_destroy(&part);
        return ret;
    }
    buf = g_try_malloc(len);
    if (!buf) {
        return -ENOMEM;
    }
    if (head_l2e) {
        ret = read_cluster_for_cow(bs, start, *head_l2e, buf);
        if (ret < 0) {
            return ret;
        }
    }
    if (tail_l2e) {
        uint64_t last = start + len - s->cluster_size;

        ret = read_cluster_for_cow(bs, last, *tail_l2e, buf + (last - start));
        if (ret < 0) {
            return ret;
        }
    }
    qemu_iovec_to_buf(qiov, qiov_off, buf + (offset - start), bytes);
    if (s->crypto) {
        ret = crypt_buf(s, host, start, buf, len, true);
        if (ret < 0) {
            return ret;
        }
    }
    return qcow2_file_write(bs, host, buf, len);
}

/*
 * Whether a write up to @end grows an O_DIRECT image file. Linux (ext4,
 * xfs) completes such a write synchronously inside io_submit, so several
 * of them in flight at once queue up one device round trip each; issued
 * one at a time under s->lock instead, each one's round trip carries the
 * batch of requests queued behind it.
 */
static bool extends_direct_file(BlockDriverState *bs, uint64_t end)
{
    BlockDriverState *file = bs->file->bs;

    return (file->open_flags & BDRV_O_NOCACHE) &&
           (int64_t)end > bdrv_getlength(file);
}

/*
 * Write [@offset, @offset+@bytes) (within one cluster run of one L2
 * table) into freshly allocated clusters: copy-on-write of the head and
 * tail, data, then the L2 entries. Called with s->lock held; drops it
 * while the data is written (the range is registered as in flight),
 * except for writes that grow an O_DIRECT file (extends_direct_file).
 */
static int coroutine_fn write_new_clusters(BlockDriverState *bs,
                                           uint64_t offset, uint64_t bytes,
                                           QEMUIOVector *qiov,
                                           size_t qiov_off)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t start = qcow2_start_of_cluster(s, offset);
    uint64_t end = QEMU_ALIGN_UP(offset + bytes, (uint64_t)s->cluster_size);
    uint64_t n = (end - start) >> s->cluster_bits;
    uint64_t len = end - start;
    bool cow_head = offset != start;
    bool cow_tail = offset + bytes != end && (n > 1 || !cow_head);
    uint64_t head_l2e = 0, tail_l2e = 0;
    Qcow2InflightAlloc inflight;
    bool unlock;
    int64_t host;
    int ret = 0;

    /* The old entries decide what the copy-on-write areas hold. */
    if (cow_head) {
        ret = qcow2_get_l2_entry(bs, start, &head_l2e);
    }
    if (ret == 0 && cow_tail) {
        ret = qcow2_get_l2_entry(bs, end - s->cluster_size, &tail_l2e);
    }
    if (ret < 0) {
        return ret;
    }
    host = qcow2_alloc_clusters(bs, len);
    if (host < 0) {
        return host;
    }
    unlock = !extends_direct_file(bs, host + len);
    if (unlock) {
        inflight_add(s, &inflight, start, end);
        qemu_co_mutex_unlock(&s->lock);
    }
    ret = write_new_data(bs, host, start, len, offset, bytes, qiov, qiov_off,
                         cow_head ? &head_l2e : NULL,
                         cow_tail ? &tail_l2e : NULL);
    if (unlock) {
        qemu_co_mutex_lock(&s->lock);
    }
    if (ret < 0) {
        /* Nothing points to the clusters: give them back. */
        qcow2_free_clusters_deferred(bs, host, len);
    }
    for (uint64_t i = 0; ret == 0 && i < n; i++) {
        ret = qcow2_set_l2_entry(bs, start + (i << s->cluster_bits),
                                 (host + (i << s->cluster_bits)) |
                                 QCOW_OFLAG_COPIED, true);
    }
    if (unlock) {
        inflight_remove(s, &inflight);
    }
    return ret;
}

/* How many bytes from @offset need new clusters (stop at one L2 table). */
static int needs_alloc_run(BlockDriverState *bs, uint64_t offset,
                           uint64_t bytes, uint64_t *run, bool *alloc,
                           uint64_t *host)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t cur = bytes, l2e;
    QCow2ClusterType type;
    int ret = qcow2_get_host_offset(bs, offset, &cur, &l2e, &type);

    if (ret < 0) {
        return ret;
    }
    if (type == QCOW2_CLUSTER_NORMAL && (l2e & QCOW_OFLAG_COPIED)) {
        uint64_t first = l2e & L2E_OFFSET_MASK;

        /* QEMU's overlap check: guest data never lands on metadata. */
        for (uint64_t c = first; c < first + qcow2_offset_into_cluster(s,
                 offset) + cur; c += s->cluster_size) {
            const char *what = qcow2_metadata_at(bs, c);

            if (what) {
                qcow2_signal_corruption(bs, "Preventing invalid write on "
                                        "metadata (overlaps with %s)", what);
                return -EIO;
            }
        }
        *alloc = false;
        *host = first + qcow2_offset_into_cluster(s, offset);
        *run = cur;
        return 0;
    }
    /* Allocate: extend over following clusters that also need it. */
    *alloc = true;
    *run = MIN(bytes, (uint64_t)s->cluster_size -
                      qcow2_offset_into_cluster(s, offset));
    while (*run < bytes) {
        uint64_t o = offset + *run, c2 = bytes - *run;

        if (((o >> s->cluster_bits) & (s->l2_size - 1)) == 0) {
            break;
        }
        ret = qcow2_get_host_offset(bs, o, &c2, &l2e, &type);
        if (ret < 0) {
            return ret;
        }
        if (type == QCOW2_CLUSTER_NORMAL && (l2e & QCOW_OFLAG_COPIED)) {
            break;
        }
        *run += MIN(c2, (uint64_t)s->cluster_size);
        if (*run >= (16ULL << 20)) {
            break;
        }
    }
    *run = MIN(*run, bytes);
    return 0;
}

/*
 * Deflate one cluster (raw deflate, 4 KiB window as QEMU writes it) into
 * @out; the compressed length, or 0 when it does not get smaller.
 */
static size_t compress_cluster(const uint8_t *in, size_t len, uint8_t *out,
                               size_t out_len)
{
    z_stream z;
    size_t n = 0;

    memset(&z, 0, sizeof(z));
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -12, 9,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        return 0;
    }
    z.next_in = (uint8_t *)in;
    z.avail_in = len;
    z.next_out = out;
    z.avail_out = out_len;
    if (deflate(&z, Z_FINISH) == Z_STREAM_END) {
        n = out_len - z.avail_out;
    }
    deflateEnd(&z);
    return n;
}

/* One whole guest cluster at @offset, stored compressed if it shrinks. */
static int coroutine_fn write_compressed_cluster(BlockDriverState *bs,
                                                 uint64_t offset,
                                                 const uint8_t *data,
                                                 size_t len)
{
    BDRVQcow2State *s = bs->opaque;
    g_autofree uint8_t *in = g_malloc0(s->cluster_size);
    g_autofree uint8_t *out = g_malloc(s->cluster_size);
    size_t clen;
    int64_t coff;
    uint64_t nb, l2e;
    int ret;

    memcpy(in, data, len);
    clen = compress_cluster(in, s->cluster_size, out, s->cluster_size - 1);
    if (!clen) {
        QEMUIOVector q;

        qemu_iovec_init_buf(&q, in, len);
        return write_new_clusters(bs, offset, len, &q, 0);
    }
    coff = qcow2_alloc_bytes(bs, clen);
    if (coff < 0) {
        return coff;
    }
    ret = qcow2_file_write(bs, coff, out, clen);
    if (ret < 0) {
        return ret;
    }
    nb = ((coff + clen - 1) >> 9) - (coff >> 9);
    l2e = (uint64_t)coff | QCOW_OFLAG_COMPRESSED | (nb << s->csize_shift);
    return qcow2_set_l2_entry(bs, offset, l2e, true);
}

static int coroutine_fn qcow2_co_pwritev(BlockDriverState *bs, int64_t offset,
                                         int64_t bytes, QEMUIOVector *qiov,
                                         BdrvRequestFlags flags);

/*
 * Compressed writes: whole clusters (the last one may end at the end of
 * the image); anything else is written plainly.
 */
static int coroutine_fn qcow2_co_pwritev_compressed(BlockDriverState *bs,
                                                    int64_t offset,
                                                    int64_t bytes,
                                                    QEMUIOVector *qiov)
{
    BDRVQcow2State *s = bs->opaque;
    g_autofree uint8_t *buf = g_malloc(s->cluster_size);
    int64_t done = 0;
    int ret = 0;

    if (s->crypto) {
        return -ENOTSUP;
    }
    while (done < bytes) {
        uint64_t o = offset + done;
        uint64_t n = MIN((uint64_t)(bytes - done),
                         s->cluster_size - qcow2_offset_into_cluster(s, o));
        bool whole = !qcow2_offset_into_cluster(s, o) &&
                     (n == (uint64_t)s->cluster_size || o + n == s->size);

        if (!whole) {
            QEMUIOVector part;

            qemu_iovec_init_slice(&part, qiov, done, n);
            ret = qcow2_co_pwritev(bs, o, n, &part, 0);
            qemu_iovec_destroy(&part);
        } else {
            qemu_iovec_to_buf(qiov, done, buf, n);
            qemu_co_mutex_lock(&s->lock);
            inflight_drain(bs, o, n);
            ret = write_compressed_cluster(bs, o, buf, n);
            qemu_co_mutex_unlock(&s->lock);
        }
        if (ret < 0) {
            return ret;
        }
        done += n;
    }
    return 0;
}

static int coroutine_fn qcow2_co_pwritev(BlockDriverState *bs, int64_t offset,
                                         int64_t bytes, QEMUIOVector *qiov,
                                         BdrvRequestFlags flags)
{
    BDRVQcow2State *s = bs->opaque;
    size_t done = 0;
    int ret = 0;

    if (s->crypto && s->crypt_method_header == QCOW_CRYPT_AES) {
        return -EPERM;
    }
    if (s->corrupt) {
        return -EACCES;   /* marked corrupt: no more writes */
    }
    if (flags & BDRV_REQ_WRITE_COMPRESSED) {
        return qcow2_co_pwritev_compressed(bs, offset, bytes, qiov);
    }
    qemu_co_mutex_lock(&s->lock);
    if (s->lazy_refcounts && !s->dirty_marked) {
        ret = qcow2_mark_dirty(bs);
    }
    while (ret == 0 && done < (size_t)bytes) {
        uint64_t run, host, clear;
        bool alloc;

        clear = inflight_wait(bs, offset + done, bytes - done);
        ret = needs_alloc_run(bs, offset + done, clear, &run, &alloc, &host);
        if (ret < 0) {
            break;
        }
        if (alloc) {
            ret = write_new_clusters(bs, offset + done, run, qiov, done);
        } else if (s->crypto) {
            g_autofree uint8_t *buf = g_try_malloc(run);

            if (!buf) {
                ret = -ENOMEM;
                break;
            }
            /* In place, as below: encrypt and write without the lock. */
            qemu_co_mutex_unlock(&s->lock);
            qemu_iovec_to_buf(qiov, done, buf, run);
            ret = crypt_buf(s, host, offset + done, buf, run, true);
            if (ret == 0) {
                ret = qcow2_file_write(bs, host, buf, run);
            }
            qemu_co_mutex_lock(&s->lock);
        } else {
            QEMUIOVector part;

            /* In place: the cluster is ours alone; no lock needed for I/O. */
            qemu_co_mutex_unlock(&s->lock);
            qemu_iovec_init_slice(&part, qiov, done, run);
            ret = bdrv_co_pwritev(bs->file, host, run, &part, 0);
            qemu_iovec_destroy(&part);
            qemu_co_mutex_lock(&s->lock);
        }
        done += run;
    }
    qemu_co_mutex_unlock(&s->lock);
    return ret;
}

static int coroutine_fn qcow2_co_pwrite_zeroes(BlockDriverState *bs,
                                               int64_t offset, int64_t bytes,
                                               BdrvRequestFlags flags)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t head = qcow2_offset_into_cluster(s, offset);
    uint64_t end = offset + bytes;
    uint64_t cstart = QEMU_ALIGN_UP((uint64_t)offset, s->cluster_size);
    uint64_t cend = end == s->size ? QEMU_ALIGN_UP(end, s->cluster_size)
                                   : QEMU_ALIGN_DOWN(end, s->cluster_size);
    int ret = 0;

    if (s->version < 3 || s->crypt_method_header == QCOW_CRYPT_AES) {
        return -ENOTSUP;
    }
    (void)head;
    if (cstart >= cend) {
        return -ENOTSUP;
    }
    /* Partial head and tail: ordinary writes of zeroes. */
    if ((uint64_t)offset < cstart || end > cend) {
        if ((uint64_t)offset < cstart) {
            g_autofree uint8_t *z = g_malloc0(cstart - offset);
            QEMUIOVector q;

            qemu_iovec_init_buf(&q, z, cstart - offset);
            ret = qcow2_co_pwritev(bs, offset, cstart - offset, &q, 0);
            if (ret < 0) {
                return ret;
            }
        }
        if (end > cend) {
            g_autofree uint8_t *z = g_malloc0(end - cend);
            QEMUIOVector q;

            qemu_iovec_init_buf(&q, z, end - cend);
            ret = qcow2_co_pwritev(bs, cend, end - cend, &q, 0);
            if (ret < 0) {
                return ret;
            }
        }
    }
    qemu_co_mutex_lock(&s->lock);
    inflight_drain(bs, cstart, cend - cstart);
    ret = qcow2_discard_clusters(bs, cstart, MIN(cend, QEMU_ALIGN_UP(s->size,
                                 s->cluster_size)) - cstart, true, false);
    qemu_co_mutex_unlock(&s->lock);
    return ret;
}

static int coroutine_fn qcow2_co_pdiscard(BlockDriverState *bs,
                                          int64_t offset, int64_t bytes)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t cstart = QEMU_ALIGN_UP((uint64_t)offset, s->cluster_size);
    uint64_t end = offset + bytes;
    uint64_t cend = end >= s->size ? QEMU_ALIGN_UP(s->size, s->cluster_size)
                                   : QEMU_ALIGN_DOWN(end, s->cluster_size);
    int ret;

    if (cstart >= cend) {
        return 0;   /* only whole clusters can be discarded */
    }
    qemu_co_mutex_lock(&s->lock);
    inflight_drain(bs, cstart, cend - cstart);
    ret = qcow2_discard_clusters(bs, cstart, cend - cstart, false, false);
    qemu_co_mutex_unlock(&s->lock);
    return ret;
}

/*
 * Give every unallocated cluster of [@from, @to) a host cluster (zeroes):
 * metadata only, then the file grows with @mode (off for metadata,
 * falloc, full). Encrypted images get real encrypted zeroes instead.
 */
static int coroutine_fn preallocate(BlockDriverState *bs, uint64_t from,
                                    uint64_t to, PreallocMode mode,
                                    Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    int64_t flen = bdrv_getlength(bs->file->bs);
    uint64_t end = 0;
    int ret = 0;

    if (flen < 0) {
        error_setg_errno(errp, -flen, "Could not get the image file size");
        return flen;
    }
    if (s->crypto) {
        uint64_t chunk = 1 << 20;
        g_autofree uint8_t *z = g_malloc0(chunk);

        for (uint64_t o = from; o < to; o += chunk) {
            QEMUIOVector q;
            uint64_t n = MIN(chunk, to - o);

            qemu_iovec_init_buf(&q, z, n);
            ret = qcow2_co_pwritev(bs, o, n, &q, 0);
            if (ret < 0) {
                error_setg_errno(errp, -ret, "Preallocation failed");
                return ret;
            }
        }
        return 0;
    }
    from = QEMU_ALIGN_DOWN(from, (uint64_t)s->cluster_size);
    to = QEMU_ALIGN_UP(to, (uint64_t)s->cluster_size);
    qemu_co_mutex_lock(&s->lock);
    inflight_drain(bs, from, to - from);
    for (uint64_t o = from; o < to && ret == 0;) {
        uint64_t n = 0, l2e;
        int64_t host;

        /* A run of clusters without data, within one L2 table. */
        while (o + n * s->cluster_size < to) {
            uint64_t g = o + n * s->cluster_size;
            QCow2ClusterType t;

            if (n && !((g >> s->cluster_bits) & (s->l2_size - 1))) {
                break;
            }
            ret = qcow2_get_l2_entry(bs, g, &l2e);
            if (ret < 0) {
                break;
            }
            t = qcow2_get_cluster_type(s, l2e);
            if (t != QCOW2_CLUSTER_UNALLOCATED &&
                t != QCOW2_CLUSTER_ZERO_PLAIN) {
                break;
            }
            n++;
        }
        if (ret < 0) {
            break;
        }
        if (n == 0) {
            o += s->cluster_size;   /* already holds data */
            continue;
        }
        host = qcow2_alloc_clusters(bs, n << s->cluster_bits);
        if (host < 0) {
            ret = host;
            break;
        }
        if (mode == PREALLOC_MODE_FULL) {
            /* Really write the zeroes. */
            g_autofree uint8_t *z = g_malloc0(n << s->cluster_bits);
            QEMUIOVector q;

            qemu_iovec_init_buf(&q, z, n << s->cluster_bits);
            ret = bdrv_co_pwritev(bs->file, host, n << s->cluster_bits, &q, 0);
        } else if (mode == PREALLOC_MODE_FALLOC || host < flen) {
            /*
             * Allocated zeroes (falloc), or just zeroes where reused
             * clusters may hold old data (metadata).
             */
            uint64_t len = mode == PREALLOC_MODE_FALLOC
                           ? n << s->cluster_bits
                           : MIN(n << s->cluster_bits, (uint64_t)flen - host);

            ret = bdrv_co_pwrite_zeroes(bs->file, host, len, 0);
        }
        if (ret < 0) {
            break;
        }
        for (uint64_t i = 0; i < n && ret == 0; i++) {
            ret = qcow2_set_l2_entry(bs, o + (i << s->cluster_bits),
                                     (host + (i << s->cluster_bits)) |
                                     QCOW_OFLAG_COPIED, true);
        }
        end = MAX(end, host + (n << s->cluster_bits));
        o += n << s->cluster_bits;
    }
    qemu_co_mutex_unlock(&s->lock);
    if (ret == 0 && end > (uint64_t)bdrv_getlength(bs->file->bs)) {
        /* The data clusters exist before any L2 entry reaches the disk. */
        ret = bdrv_co_truncate(bs->file, end, true, PREALLOC_MODE_OFF, 0,
                               errp);
        if (ret < 0) {
            return ret;
        }
    }
    if (ret == 0) {
        qemu_co_mutex_lock(&s->lock);
        ret = qcow2_flush_metadata(bs);
        qemu_co_mutex_unlock(&s->lock);
    }
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Preallocation failed");
    }
    return ret;
}

static int coroutine_fn qcow2_co_truncate(BlockDriverState *bs, int64_t offset,
                                          bool exact, PreallocMode prealloc,
                                          BdrvRequestFlags flags,
                                          Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t per_l1 = 1ULL << (s->l2_bits + s->cluster_bits);
    uint8_t be[8];
    int ret;

    if (offset < 0 || (uint64_t)offset > BDRV_MAX_LENGTH) {
        error_setg(errp, "Invalid image size %" PRId64, offset);
        return -EINVAL;
    }
    if (s->nb_snapshots && (uint64_t)offset < s->size) {
        error_setg(errp, "Can't shrink an image with internal snapshots");
        return -ENOTSUP;
    }
    if (prealloc != PREALLOC_MODE_OFF && prealloc != PREALLOC_MODE_METADATA &&
        prealloc != PREALLOC_MODE_FALLOC && prealloc != PREALLOC_MODE_FULL) {
        error_setg(errp, "Unsupported preallocation mode");
        return -ENOTSUP;
    }
    if (s->crypto && (uint64_t)offset % BDRV_SECTOR_SIZE) {
        error_setg(errp, "The new size must be a multiple of %u for an "
                   "encrypted image", (unsigned)BDRV_SECTOR_SIZE);
        return -EINVAL;
    }
    qemu_co_mutex_lock(&s->lock);
    inflight_drain(bs, 0, UINT64_MAX / 2);
    if ((uint64_t)offset < s->size) {
        /* Drop every cluster past the new end (whole clusters). */
        uint64_t from = QEMU_ALIGN_UP((uint64_t)offset, s->cluster_size);
        uint64_t to = QEMU_ALIGN_UP(s->size, s->cluster_size);

        if (from < to) {
            ret = qcow2_discard_clusters(bs, from, to - from, false, true);
            if (ret == 0) {
                ret = qcow2_flush_metadata(bs);
            }
            if (ret < 0) {
                qemu_co_mutex_unlock(&s->lock);
                error_setg_errno(errp, -ret, "Failed to discard cropped "
                                 "clusters");
                return ret;
            }
        }
        if (QEMU_ALIGN_UP((uint64_t)offset, s->cluster_size) != from) {
            /* unreachable: kept for clarity */
        }
    } else {
        ret = qcow2_grow_l1_table(bs, DIV_ROUND_UP((uint64_t)offset, per_l1),
                                  true);
        if (ret < 0) {
            qemu_co_mutex_unlock(&s->lock);
            error_setg_errno(errp, -ret, "Failed to grow the L1 table");
            return ret;
        }
    }
    qcow2_be64_store(be, offset);
    ret = qcow2_flush_metadata(bs);
    if (ret == 0) {
        ret = qcow2_file_flush(bs);
    }
    if (ret == 0) {
        ret = qcow2_file_write(bs, QCOW2_HDR_OFF_SIZE, be, 8);
    }
    if (ret < 0) {
        qemu_co_mutex_unlock(&s->lock);
        error_setg_errno(errp, -ret, "Failed to update the image size");
        return ret;
    }
    {
        uint64_t old = s->size;

        s->size = offset;
        qemu_co_mutex_unlock(&s->lock);
        if (prealloc != PREALLOC_MODE_OFF && (uint64_t)offset > old) {
            ret = preallocate(bs, old, offset, prealloc, errp);
            if (ret < 0) {
                return ret;
            }
        }
    }
    return 0;
}

static int coroutine_fn qcow2_co_block_status(BlockDriverState *bs,
                                              bool want_zero, int64_t offset,
                                              int64_t bytes, int64_t *pnum,
                                              int64_t *map,
                                              BlockDriverState **file)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t cur = bytes, l2e;
    QCow2ClusterType type;
    int ret;

    qemu_co_mutex_lock(&s->lock);
    ret = qcow2_get_host_offset(bs, offset, &cur, &l2e, &type);
    qemu_co_mutex_unlock(&s->lock);
    if (ret < 0) {
        return ret;
    }
    *pnum = cur;
    switch (type) {
    case QCOW2_CLUSTER_UNALLOCATED:
        return 0;
    case QCOW2_CLUSTER_ZERO_PLAIN:
        return BDRV_BLOCK_ZERO | BDRV_BLOCK_ALLOCATED;
    case QCOW2_CLUSTER_ZERO_ALLOC:
        *map = (l2e & L2E_OFFSET_MASK) + qcow2_offset_into_cluster(s, offset);
        *file = bs->file->bs;
        return BDRV_BLOCK_ZERO | BDRV_BLOCK_ALLOCATED |
               BDRV_BLOCK_OFFSET_VALID;
    case QCOW2_CLUSTER_COMPRESSED:
        return BDRV_BLOCK_DATA | BDRV_BLOCK_ALLOCATED;
    default:
        if (s->crypto) {
            return BDRV_BLOCK_DATA | BDRV_BLOCK_ALLOCATED;
        }
        *map = (l2e & L2E_OFFSET_MASK) + qcow2_offset_into_cluster(s, offset);
        *file = bs->file->bs;
        return BDRV_BLOCK_DATA | BDRV_BLOCK_ALLOCATED |
               BDRV_BLOCK_OFFSET_VALID | BDRV_BLOCK_RECURSE;
    }
}

/* --- info ---------------------------------------------------------------------------- */

static QDict *crypto_info(BDRVQcow2State *s, Error **errp)
{
    g_autoptr(QCryptoBlockInfo) info = NULL;
    QCryptoBlockInfoLUKS *l;
    QDict *d = qdict_new();
    QList *slots;

    if (s->crypt_method_header == QCOW_CRYPT_AES) {
        qdict_put_str(d, "format", "aes");
        return d;
    }
    info = qcrypto_block_get_info(s->crypto, errp);
    if (!info) {
        qobject_unref(d);
        return NULL;
    }
    l = &info->u.luks;
    qdict_put_str(d, "ivgen-alg", qcrypto_ivgen_alg_str(l->ivgen_alg));
    if (l->has_ivgen_hash_alg) {
        qdict_put_str(d, "ivgen-hash-alg",
                      qcrypto_hash_alg_str(l->ivgen_hash_alg));
    }
    qdict_put_str(d, "hash-alg", qcrypto_hash_alg_str(l->hash_alg));
    qdict_put_str(d, "cipher-alg", qcrypto_cipher_alg_str(l->cipher_alg));
    qdict_put_str(d, "uuid", l->uuid);
    /* Real QEMU 7.2 prints the format here, between uuid and cipher-mode. */
    qdict_put_str(d, "format", "luks");
    qdict_put_str(d, "cipher-mode", qcrypto_cipher_mode_str(l->cipher_mode));
    slots = block_crypto_luks_slots_qlist(l);
    qdict_put_obj(d, "slots", QOBJECT(slots));
    qdict_put_int(d, "payload-offset", l->payload_offset);
    qdict_put_int(d, "master-key-iters", l->master_key_iters);
    return d;
}

/* As real qemu-img 7.2 prints "Format specific information" for qcow2. */
static QDict *qcow2_get_specific_info(BlockDriverState *bs, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    QDict *data = qdict_new();
    QDict *spec = qdict_new();

    if (s->version == 2) {
        qdict_put_str(data, "compat", "0.10");
        qdict_put_str(data, "compression-type", "zlib");
        qdict_put_int(data, "refcount-bits", s->refcount_bits);
    } else {
        qdict_put_str(data, "compat", "1.1");
        qdict_put_str(data, "compression-type", "zlib");
        qdict_put_bool(data, "lazy-refcounts", s->lazy_refcounts);
        qdict_put_int(data, "refcount-bits", s->refcount_bits);
    }
    /* Member order as real qemu-img 7.2 prints it. */
    if (s->crypto) {
        QDict *enc = crypto_info(s, errp);

        if (!enc) {
            qobject_unref(data);
            qobject_unref(spec);
            return NULL;
        }
        qdict_put_obj(data, "encrypt", QOBJECT(enc));
    }
    if (s->version >= 3) {
        qdict_put_bool(data, "corrupt", s->corrupt);
        qdict_put_bool(data, "extended-l2", false);
    }
    qdict_put_str(spec, "type", "qcow2");
    qdict_put_obj(spec, "data", QOBJECT(data));
    return spec;
}

static int qcow2_get_info(BlockDriverState *bs, BlockDriverInfo *bdi)
{
    BDRVQcow2State *s = bs->opaque;

    bdi->cluster_size = s->cluster_size;
    bdi->is_dirty = s->incompatible_features & QCOW2_INCOMPAT_DIRTY;
    bdi->backing_file = s->backing_file;
    bdi->backing_format = s->backing_format;
    return 0;
}

BlockDriver bdrv_qcow2 = {
    .format_name = "qcow2",
    .instance_size = sizeof(BDRVQcow2State),
    .is_format = true,
    .supports_backing = true,
    .bdrv_probe = qcow2_probe,
    .bdrv_open = qcow2_open,
    .bdrv_close = qcow2_close,
    .bdrv_refresh_limits = qcow2_refresh_limits,
    .bdrv_co_preadv = qcow2_co_preadv,
    .bdrv_co_pwritev = qcow2_co_pwritev,
    .bdrv_co_pwrite_zeroes = qcow2_co_pwrite_zeroes,
    .bdrv_co_pdiscard = qcow2_co_pdiscard,
    .bdrv_co_flush_to_os = qcow2_co_flush_to_os,
    .bdrv_co_truncate = qcow2_co_truncate,
    .bdrv_getlength = qcow2_getlength,
    .bdrv_co_block_status = qcow2_co_block_status,
    .bdrv_create = qcow2_create,
    .create_opts = qcow2_create_opts,
    .bdrv_amend = qcow2_amend,
    .amend_opts = qcow2_amend_opts,
    .bdrv_co_check = qcow2_co_check,
    .bdrv_get_specific_info = qcow2_get_specific_info,
    .bdrv_measure = qcow2_measure,
    .bdrv_get_info = qcow2_get_info,
    .supports_compressed_writes = true,
    .bdrv_snapshot_create = qcow2_snapshot_create,
    .bdrv_snapshot_goto = qcow2_snapshot_goto,
    .bdrv_snapshot_delete = qcow2_snapshot_delete,
    .bdrv_snapshot_list = qcow2_snapshot_list,
    .bdrv_change_backing_file = qcow2_change_backing_file,
    .bdrv_make_empty = qcow2_make_empty,
};

/* --- include/block/qcow2.h ------------------------------------------------------- */

BDRVQcow2State *qcow2_state(BlockDriverState *bs)
{
    return bs && bs->drv == &bdrv_qcow2 ? bs->opaque : NULL;
}

int qcow2_change_backing_file(BlockDriverState *bs, const char *file,
                              const char *fmt, Error **errp)
{
    BDRVQcow2State *s = qcow2_state(bs);
    int ret;

    if (!s) {
        error_setg(errp, "Not a qcow2 image");
        return -ENOTSUP;
    }
    if (file && strlen(file) > 1023) {
        error_setg(errp, "Backing file name too long");
        return -EINVAL;
    }
    g_free(s->backing_file);
    g_free(s->backing_format);
    s->backing_file = file && *file ? g_strdup(file) : NULL;
    s->backing_format = s->backing_file && fmt ? g_strdup(fmt) : NULL;
    ret = qcow2_update_header(bs);
    if (ret == 0) {
        ret = qcow2_file_flush(bs);
    }
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not update the backing file of "
                         "'%s'", bs->filename);
    }
    return ret;
}

int qcow2_make_empty(BlockDriverState *bs, Error **errp)
{
    BDRVQcow2State *s = qcow2_state(bs);
    int ret;

    if (!s) {
        error_setg(errp, "Not a qcow2 image");
        return -ENOTSUP;
    }
    if (s->nb_snapshots) {
        error_setg(errp, "Cannot empty an image with internal snapshots");
        return -ENOTSUP;
    }
    ret = qcow2_discard_clusters(bs, 0, QEMU_ALIGN_UP(s->size,
                                                      s->cluster_size),
                                 false, true);
    if (ret == 0) {
        ret = qcow2_flush_metadata(bs);
    }
    if (ret == 0) {
        ret = qcow2_file_flush(bs);
    }
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not empty '%s'", bs->filename);
    }
    return ret;
}

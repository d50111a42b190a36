/*
 * qcow2 image creation (qemu-img create -f qcow2 -o ...), size
 * measurement (qemu-img measure) and amend (compat level, lazy refcounts,
 * LUKS key slots).
 *
 * Creation writes a minimal image (header, one refcount table cluster,
 * one refcount block, an empty L1 table), then opens it with the driver
 * and lets the driver do the rest (encryption header, size, backing file,
 * preallocation): one code path for every layout decision.
 */
#include "qemu/osdep.h"
#include "qcow2.h"
#include "qemu/cutils.h"
#include "qobject/qstring.h"
#include "qapi/util.h"

/*
 * In QEMU 7.2's order, with its defaults: qemu-img create prints them so
 * in its "Formatting ..." line (-o help sorts them by name).
 */
const BlockCreateOpt qcow2_create_opts[] = {
    { "encryption", BLOCK_OPT_TYPE_BOOL,
      "Encrypt the image with format 'aes'. (Deprecated in favor of "
      "encrypt.format=aes)" },
    { "encrypt.format", BLOCK_OPT_TYPE_STRING,
      "Encrypt the image, format choices: 'aes', 'luks'" },
    { "encrypt.key-secret", BLOCK_OPT_TYPE_STRING,
      "ID of secret providing qcow AES key or LUKS passphrase" },
    { "encrypt.cipher-alg", BLOCK_OPT_TYPE_STRING,
      "Name of encryption cipher algorithm" },
    { "encrypt.cipher-mode", BLOCK_OPT_TYPE_STRING,
      "Name of encryption cipher mode" },
    { "encrypt.ivgen-alg", BLOCK_OPT_TYPE_STRING,
      "Name of IV generator algorithm" },
    { "encrypt.ivgen-hash-alg", BLOCK_OPT_TYPE_STRING,
      "Name of IV generator hash algorithm" },
    { "encrypt.hash-alg", BLOCK_OPT_TYPE_STRING,
      "Name of encryption hash algorithm" },
    { "encrypt.iter-time", BLOCK_OPT_TYPE_NUMBER,
      "Time to spend in PBKDF in milliseconds" },
    { "cluster_size", BLOCK_OPT_TYPE_SIZE, "qcow2 cluster size", "65536" },
    { "extended_l2", BLOCK_OPT_TYPE_BOOL, "Extended L2 tables", "off" },
    { "preallocation", BLOCK_OPT_TYPE_STRING,
      "Preallocation mode (allowed values: off, metadata, falloc, full)" },
    { "compression_type", BLOCK_OPT_TYPE_STRING,
      "Compression method used for image cluster compression", "zlib" },
    { "size", BLOCK_OPT_TYPE_SIZE, "Virtual disk size" },
    { "compat", BLOCK_OPT_TYPE_STRING,
      "Compatibility level (v2 [0.10] or v3 [1.1])" },
    { "backing_file", BLOCK_OPT_TYPE_STRING,
      "File name of a base image" },
    { "backing_fmt", BLOCK_OPT_TYPE_STRING, "Image format of the base image" },
    { "data_file", BLOCK_OPT_TYPE_STRING,
      "File name of an external data file" },
    { "data_file_raw", BLOCK_OPT_TYPE_BOOL,
      "The external data file must stay valid as a raw image" },
    { "lazy_refcounts", BLOCK_OPT_TYPE_BOOL,
      "Postpone refcount updates", "off" },
    { "refcount_bits", BLOCK_OPT_TYPE_NUMBER,
      "Width of a reference count entry in bits", "16" },
    { NULL }
};

const BlockCreateOpt qcow2_amend_opts[] = {
    { "compat", BLOCK_OPT_TYPE_STRING,
      "Compatibility level (v2 [0.10] or v3 [1.1])" },
    { "encrypt.iter-time", BLOCK_OPT_TYPE_NUMBER,
      "Time to spend in PBKDF in milliseconds" },
    { "encrypt.keyslot", BLOCK_OPT_TYPE_NUMBER,
      "Select a single keyslot to modify explicitly" },
    { "encrypt.new-secret", BLOCK_OPT_TYPE_STRING,
      "New secret to set in the matching keyslots. Empty string to erase" },
    { "encrypt.old-secret", BLOCK_OPT_TYPE_STRING,
      "Select all keyslots that match this password" },
    { "encrypt.state", BLOCK_OPT_TYPE_STRING,
      "Select new state of affected keyslots (active/inactive)" },
    { "lazy_refcounts", BLOCK_OPT_TYPE_BOOL,
      "Postpone refcount updates" },
    { "size", BLOCK_OPT_TYPE_SIZE, "Virtual disk size" },
    { NULL }
};

typedef struct Qcow2CreateParams {
    uint64_t size;
    bool has_size;
    int version;
    int cluster_bits;
    int refcount_order;
    bool lazy_refcounts;
    PreallocMode prealloc;
    const char *backing_file;
    const char *backing_fmt;
    bool encrypt_luks;
    QCryptoBlockCreateOptions *luks;    /* encrypt.*, when encrypt_luks */
    const char *key_secret;
} Qcow2CreateParams;

static void qcow2_create_params_clear(Qcow2CreateParams *p)
{
    qapi_free_QCryptoBlockCreateOptions(p->luks);
    p->luks = NULL;
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Qcow2CreateParams, qcow2_create_params_clear)

static bool opt_bool(QDict *opts, const char *key, bool def, bool *out,
                     Error **errp)
{
    const char *v = qdict_get_try_str(opts, key);

    *out = def;
    if (!v) {
        return true;
    }
    if (!strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes")) {
        *out = true;
    } else if (!strcmp(v, "off") || !strcmp(v, "false") ||
               !strcmp(v, "no")) {
        *out = false;
    } else {
        error_setg(errp, "Parameter '%s' expects 'on' or 'off'", key);
        return false;
    }
    return true;
}

static bool opt_int(QDict *opts, const char *key, bool *has, int64_t *val,
                    Error **errp)
{
    const char *v = qdict_get_try_str(opts, key);

    *has = v != NULL;
    if (v && qemu_strtoi64(v, NULL, 10, val) < 0) {
        error_setg(errp, "Parameter '%s' expects a number", key);
        return false;
    }
    return true;
}



static bool parse_params(QDict *opts, Qcow2CreateParams *p, Error **errp)
{
    const char *compat = qdict_get_try_str(opts, "compat");
    const char *fmt = qdict_get_try_str(opts, "encrypt.format");
    const char *ct = qdict_get_try_str(opts, "compression_type");
    uint64_t cs = 1ULL << QCOW2_DEFAULT_CLUSTER_BITS;
    const char *cs_str = qdict_get_try_str(opts, "cluster_size");
    int64_t rb = 16;
    bool has_rb, enc_old, b;

    memset(p, 0, sizeof(*p));
    p->has_size = qdict_haskey(opts, "size");
    if (!bdrv_create_opts_get_size(opts, false, &p->size, errp) ||
        !bdrv_create_opts_get_prealloc(opts, &p->prealloc, errp)) {
        return false;
    }
    if (!compat || !strcmp(compat, "1.1") || !strcmp(compat, "v3")) {
        p->version = 3;
    } else if (!strcmp(compat, "0.10") || !strcmp(compat, "v2")) {
        p->version = 2;
    } else {
        error_setg(errp, "Parameter 'version' does not accept value '%s'",
                   compat);
        return false;
    }
    if (cs_str && qemu_strtosz(cs_str, NULL, &cs) < 0) {
        error_setg(errp, "Parameter 'cluster_size' expects a size");
        return false;
    }
    if (cs < 512 || cs > (2 << 20) || (cs & (cs - 1))) {
        error_setg(errp, "Cluster size must be a power of two between 512 "
                   "and 2048k");
        return false;
    }
    p->cluster_bits = __builtin_ctzll(cs);
    if (!opt_int(opts, "refcount_bits", &has_rb, &rb, errp)) {
        return false;
    }
    if (rb < 1 || rb > 64 || (rb & (rb - 1))) {
        error_setg(errp, "Refcount width must be a power of two and may not "
                   "exceed 64 bits");
        return false;
    }
    if (p->version < 3 && rb != 16) {
        /* Real QEMU 7.2's text (it names the blockdev-create option). */
        error_setg(errp, "Different refcount widths than 16 bits require "
                   "compatibility level 1.1 or above (use version=v3 or "
                   "greater)");
        return false;
    }
    p->refcount_order = __builtin_ctzll(rb);
    if (!opt_bool(opts, "lazy_refcounts", false, &p->lazy_refcounts, errp)) {
        return false;
    }
    if (p->lazy_refcounts && p->version < 3) {
        error_setg(errp, "Lazy refcounts only supported with compatibility "
                   "level 1.1 and above (use compat=1.1 or greater)");
        return false;
    }
    if (!opt_bool(opts, "extended_l2", false, &b, errp)) {
        return false;
    }
    if (b) {
        error_setg(errp, "Extended L2 entries are not supported");
        return false;
    }
    if (qdict_haskey(opts, "data_file")) {
        error_setg(errp, "External data files are not supported");
        return false;
    }
    if (ct && strcmp(ct, "zlib")) {
        error_setg(errp, "Compression type '%s' is not supported", ct);
        return false;
    }
    if (!opt_bool(opts, "encryption", false, &enc_old, errp)) {
        return false;
    }
    if (enc_old || (fmt && !strcmp(fmt, "aes"))) {
        error_setg(errp, "AES-CBC encrypted qcow2 images are not created "
                   "any more: use encrypt.format=luks");
        return false;
    }
    if (fmt && strcmp(fmt, "luks")) {
        error_setg(errp, "Parameter 'encrypt.format' does not accept value "
                   "'%s'", fmt);
        return false;
    }
    p->key_secret = qdict_get_try_str(opts, "encrypt.key-secret");
    if (!fmt && p->key_secret) {
        fmt = "luks";
    }
    if (fmt) {
        p->encrypt_luks = true;
        p->luks = block_crypto_create_opts_init(opts, "encrypt.", errp);
        if (!p->luks) {
            return false;
        }
        if (!p->key_secret) {
            error_setg(errp, "Parameter 'encrypt.key-secret' is required for "
                       "cipher");
            return false;
        }
    }
    p->backing_file = qdict_get_try_str(opts, "backing_file");
    p->backing_fmt = qdict_get_try_str(opts, "backing_fmt");
    if (p->backing_fmt && !p->backing_file) {
        error_setg(errp, "Backing format cannot be used without backing "
                   "file");
        return false;
    }
    if (p->backing_file && p->prealloc != PREALLOC_MODE_OFF) {
        error_setg(errp, "Backing file and preallocation can only be used "
                   "at the same time if extended_l2 is on");
        return false;
    }
    return true;
}

/* Phase 1: header, refcount table, one refcount block; no L1 yet. */
static int write_empty_image(BdrvChild *child, Qcow2CreateParams *p,
                             Error **errp)
{
    uint64_t cs = 1ULL << p->cluster_bits;
    g_autofree uint8_t *buf = g_malloc0(3 * cs);
    QCowHeader h = {
        .magic = QCOW_MAGIC,
        .version = p->version,
        .cluster_bits = p->cluster_bits,
        .refcount_table_offset = cs,
        .refcount_table_clusters = 1,
    };
    int ret;

    if (p->version >= 3) {
        h.refcount_order = p->refcount_order;
        h.header_length = QCOW2_V3_HEADER_SIZE_CT;
        if (p->lazy_refcounts) {
            h.compatible_features = QCOW2_COMPAT_LAZY_REFCOUNTS;
        }
    }
    qcow2_header_store(buf, &h);
    if (p->version < 3) {
        memset(buf + QCOW2_V2_HEADER_SIZE, 0,
               QCOW2_V3_HEADER_SIZE_CT - QCOW2_V2_HEADER_SIZE);
    }
    qcow2_be64_store(buf + cs, 2 * cs);
    for (int i = 0; i < 3; i++) {
        qcow2_set_refcount_ro(buf + 2 * cs, p->refcount_order, i, 1);
    }
    ret = bdrv_pwrite(child, 0, 3 * cs, buf, 0);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not write qcow2 header");
    }
    return ret;
}

static int setup_encryption(BlockDriverState *bs, Qcow2CreateParams *p,
                            Error **errp);

int qcow2_create(BlockDriver *drv, const char *filename, QDict *opts_in,
                 Error **errp)
{
    g_autoptr(QDict) opts = qdict_clone_shallow(opts_in);
    g_auto(Qcow2CreateParams) p = { 0 };
    g_autoptr(QDict) fopts = qdict_new();
    g_autoptr(QDict) oopts = NULL;
    BlockDriverState *file, *bs;
    BdrvChild child = { .name = (char *)"file" };
    BDRVQcow2State *s;
    int ret;

    qdict_flatten(opts);
    if (!parse_params(opts, &p, errp)) {
        return -EINVAL;
    }
    if (!p.has_size && !p.backing_file) {
        error_setg(errp, "Parameter 'size' is missing");
        return -EINVAL;
    }
    /*
     * As QEMU's driver, the backing file is only named, not opened, once
     * the size and its format are known (qemu-img create -u).
     */
    if (p.backing_file && (!p.has_size || !p.backing_fmt)) {
        g_autoptr(QDict) bo = qdict_new();
        g_autofree char *path = NULL;
        BlockDriverState *b;

        if (g_path_is_absolute(p.backing_file)) {
            path = g_strdup(p.backing_file);
        } else {
            g_autofree char *dir = g_path_get_dirname(filename);

            path = g_build_filename(dir, p.backing_file, NULL);
        }
        if (p.backing_fmt) {
            qdict_put_str(bo, "driver", p.backing_fmt);
        }
        b = bdrv_open(path, g_steal_pointer(&bo), BDRV_O_NO_IO, errp);
        if (!b) {
            error_prepend(errp, "Could not open backing file: ");
            return -EINVAL;
        }
        if (!p.backing_fmt) {
            p.backing_fmt = g_intern_string(bdrv_get_format_name(b));
        }
        if (!p.has_size) {
            int64_t len = bdrv_getlength(b);

            if (len < 0) {
                bdrv_unref(b);
                error_setg_errno(errp, -len, "Could not get the size of the "
                                 "backing file");
                return len;
            }
            p.size = len;
        }
        bdrv_unref(b);
    }
    if (p.encrypt_luks && p.size % BDRV_SECTOR_SIZE) {
        p.size = QEMU_ALIGN_UP(p.size, BDRV_SECTOR_SIZE);
    }

    qdict_put_str(fopts, "size", "0");
    ret = bdrv_create_file(filename, fopts, errp);
    if (ret < 0) {
        return ret;
    }
    {
        g_autoptr(QDict) po = qdict_new();

        qdict_put_str(po, "driver", "file");
        file = bdrv_open(filename, g_steal_pointer(&po),
                         BDRV_O_RDWR | BDRV_O_PROTOCOL, errp);
    }
    if (!file) {
        return -EIO;
    }
    ret = bdrv_set_perm(file, BLK_PERM_CONSISTENT_READ | BLK_PERM_WRITE |
                        BLK_PERM_RESIZE, BLK_PERM_CONSISTENT_READ |
                        BLK_PERM_WRITE_UNCHANGED, errp);
    if (ret == 0) {
        child.bs = file;
        ret = write_empty_image(&child, &p, errp);
    }
    if (ret == 0) {
        ret = bdrv_flush(file);
    }
    bdrv_unref(file);
    if (ret < 0) {
        return ret;
    }

    /* Phase 2: the driver finishes the image. */
    oopts = qdict_new();
    qdict_put_str(oopts, "driver", "qcow2");
    qdict_put_null(oopts, "backing");
    bs = bdrv_open(filename, g_steal_pointer(&oopts),
                   BDRV_O_RDWR | BDRV_O_RESIZE | BDRV_O_NO_BACKING, errp);
    if (!bs) {
        return -EIO;
    }
    ret = bdrv_set_perm(bs, BLK_PERM_CONSISTENT_READ | BLK_PERM_WRITE |
                        BLK_PERM_RESIZE, BLK_PERM_CONSISTENT_READ, errp);
    if (ret < 0) {
        bdrv_unref(bs);
        return ret;
    }
    s = bs->opaque;
    if (p.encrypt_luks) {
        ret = setup_encryption(bs, &p, errp);
        if (ret < 0) {
            bdrv_unref(bs);
            return ret;
        }
    }
    if (p.backing_file) {
        ret = qcow2_change_backing_file(bs, p.backing_file, p.backing_fmt,
                                        errp);
        if (ret < 0) {
            bdrv_unref(bs);
            return ret;
        }
    }
    {
        BdrvChild self = { .bs = bs, .name = (char *)"root" };

        ret = bdrv_truncate(&self, p.size, true, p.prealloc, 0, errp);
    }
    if (ret == 0 && (p.prealloc == PREALLOC_MODE_FULL ||
                     p.prealloc == PREALLOC_MODE_FALLOC)) {
        ret = qcow2_flush_metadata(bs);
    }
    (void)s;
    if (ret == 0) {
        ret = bdrv_flush(bs);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Could not flush '%s'", filename);
        }
    }
    bdrv_unref(bs);
    return ret;
}

/* LUKS header in clusters of its own, named by the header extension. */
typedef struct CryptoCreateCtx {
    BlockDriverState *bs;
} CryptoCreateCtx;

static int crypto_init(void *opaque, size_t headerlen, Error **errp)
{
    BlockDriverState *bs = opaque;
    BDRVQcow2State *s = bs->opaque;
    int64_t off = qcow2_alloc_clusters(bs, headerlen);
    g_autofree uint8_t *zero = NULL;
    int ret;

    if (off < 0) {
        error_setg_errno(errp, -off, "Could not allocate cluster for LUKS "
                         "header");
        return off;
    }
    s->crypto_header_offset = off;
    s->crypto_header_length = headerlen;
    /* Zero the whole area so no stale bytes look like key material. */
    zero = g_malloc0(QEMU_ALIGN_UP(headerlen, s->cluster_size));
    ret = qcow2_file_write(bs, off, zero,
                           QEMU_ALIGN_UP(headerlen, s->cluster_size));
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not zero LUKS header area");
    }
    return ret;
}

static int crypto_write(void *opaque, uint64_t offset, const uint8_t *buf,
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
    ret = qcow2_file_write(bs, s->crypto_header_offset + offset, buf, len);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not write encryption header");
        return -1;
    }
    return 0;
}

static int setup_encryption(BlockDriverState *bs, Qcow2CreateParams *p,
                            Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    QCryptoBlockKey key;

    if (!qcrypto_block_key_lookup(p->key_secret, &key, errp)) {
        return -EINVAL;
    }
    s->crypto = qcrypto_block_create(p->luks, &key, crypto_init, crypto_write,
                                     bs, errp);
    qcrypto_block_key_clear(&key);
    if (!s->crypto) {
        return -EINVAL;
    }
    s->crypt_method_header = QCOW_CRYPT_LUKS;
    s->crypt_physical_offset = true;
    bs->encrypted = true;
    ret = qcow2_flush_metadata(bs);
    if (ret == 0) {
        ret = qcow2_file_flush(bs);
    }
    if (ret == 0) {
        ret = qcow2_update_header(bs);
    }
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not write the encryption header");
    }
    return ret;
}

/* --- measure ------------------------------------------------------------------ */

static uint64_t refcount_metadata_size(uint64_t clusters, uint64_t cs,
                                       int order)
{
    uint64_t per_block = cs * 8 / (1ULL << order);
    uint64_t table = 0, blocks = 0, last;

    do {
        last = table;
        blocks = DIV_ROUND_UP(clusters + table + blocks, per_block);
        table = DIV_ROUND_UP(blocks, cs / 8);
    } while (last != table);
    return (blocks + table) * cs;
}

/* Metadata and data of a fully allocated image of @size (QEMU's sum). */
static uint64_t prealloc_size(uint64_t size, uint64_t cs, int order)
{
    uint64_t aligned = QEMU_ALIGN_UP(size, cs);
    uint64_t meta = cs;
    uint64_t nl2e = QEMU_ALIGN_UP(aligned / cs, cs / 8);
    uint64_t nl1e;

    meta += nl2e * 8;
    nl1e = QEMU_ALIGN_UP(nl2e * 8 / cs, cs / 8);
    meta += nl1e * 8;
    meta += refcount_metadata_size(meta / cs + aligned / cs, cs, order);
    return meta + aligned;
}

/* Block status down the backing chain (what a full copy would read). */
static int chain_status(BlockDriverState *bs, int64_t off, int64_t bytes,
                        int64_t *pnum)
{
    int r = bdrv_block_status_above(bs, off, bytes, pnum, NULL, NULL);

    if (r >= 0 && !(r & (BDRV_BLOCK_ALLOCATED | BDRV_BLOCK_DATA |
                         BDRV_BLOCK_ZERO)) && bs->backing) {
        BlockDriverState *b = bs->backing->bs;
        int64_t blen = bdrv_getlength(b), n = *pnum;

        if (blen < 0) {
            return blen;
        }
        if (off >= blen) {
            return BDRV_BLOCK_ZERO;
        }
        r = chain_status(b, off, MIN(n, blen - off), pnum);
    }
    return r;
}

bool qcow2_measure(QDict *opts_in, BlockDriverState *in_bs,
                   BlockMeasureInfo *info, Error **errp)
{
    g_autoptr(QDict) opts = qdict_clone_shallow(opts_in);
    g_auto(Qcow2CreateParams) p = { 0 };
    uint64_t cs, virtual_size, required = 0, luks = 0;
    bool ok;

    qdict_flatten(opts);
    /* The key is not needed to measure. */
    if (qdict_haskey(opts, "encrypt.format") &&
        !qdict_haskey(opts, "encrypt.key-secret")) {
        qdict_put_str(opts, "encrypt.key-secret", "");
    }
    ok = parse_params(opts, &p, errp);
    if (!ok) {
        return false;
    }
    cs = 1ULL << p.cluster_bits;
    if (p.encrypt_luks) {
        if (!qcrypto_block_calculate_payload_offset(p.luks, &luks, errp)) {
            return false;
        }
        luks = QEMU_ALIGN_UP(luks, cs);
    }
    if (in_bs) {
        int64_t len = bdrv_getlength(in_bs);

        if (len < 0) {
            error_setg_errno(errp, -len, "Unable to get image virtual_size");
            return false;
        }
        virtual_size = QEMU_ALIGN_UP((uint64_t)len, cs);
        for (int64_t off = 0; off < len;) {
            int64_t pnum = 0;
            int r = chain_status(in_bs, off, len - off, &pnum);

            if (r < 0) {
                error_setg_errno(errp, -r, "Unable to get block status");
                return false;
            }
            if (pnum <= 0) {
                break;
            }
            if (r & BDRV_BLOCK_ZERO) {
                /* zero clusters need no data */
            } else if (r & BDRV_BLOCK_DATA) {
                required += QEMU_ALIGN_UP(off + pnum, cs) -
                            QEMU_ALIGN_DOWN(off, cs);
            }
            off += pnum;
        }
        required = MIN(required, virtual_size);
    } else {
        virtual_size = QEMU_ALIGN_UP(p.size, cs);
        if (p.prealloc == PREALLOC_MODE_FULL ||
            p.prealloc == PREALLOC_MODE_FALLOC) {
            required = virtual_size;
        }
    }
    info->fully_allocated = luks + prealloc_size(virtual_size, cs,
                                                 p.refcount_order);
    info->required = info->fully_allocated - virtual_size + required;
    return true;
}

/* --- amend --------------------------------------------------------------------- */

static int amend_encryption(BlockDriverState *bs, QDict *opts, bool force,
                            Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    if (!s->crypto || s->crypt_method_header != QCOW_CRYPT_LUKS) {
        error_setg(errp, "Amending encryption options needs a LUKS "
                   "encrypted image");
        return -ENOTSUP;
    }
    ret = block_crypto_amend(s->crypto, qcow2_crypto_hdr_read, crypto_write,
                             bs, opts, "encrypt.", force, errp);
    if (ret >= 0) {
        ret = qcow2_file_flush(bs);
    }
    return ret < 0 ? ret : 0;
}

/*
 * compat=1.1 -> 0.10: v2 has no zero flag, so zero clusters become
 * unallocated (no backing file) or real zero-filled clusters; then the
 * header is rewritten as v2.
 */
static int downgrade_to_v2(BlockDriverState *bs, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    g_autofree uint8_t *zero = g_malloc0(s->cluster_size);
    int ret = 0;

    if (s->refcount_order != QCOW2_DEFAULT_REFCOUNT_ORDER) {
        error_setg(errp, "compat=0.10 requires refcount_bits=16");
        return -ENOTSUP;
    }
    if (s->nb_snapshots) {
        error_setg(errp, "Cannot downgrade an image with internal snapshots");
        return -ENOTSUP;
    }
    if (s->crypt_method_header == QCOW_CRYPT_LUKS) {
        error_setg(errp, "LUKS encryption needs compat=1.1");
        return -ENOTSUP;
    }
    if (s->lazy_refcounts) {
        error_setg(errp, "Lazy refcounts only supported with compatibility "
                   "level 1.1 and above (use compat=1.1 or greater)");
        return -EINVAL;
    }
    for (uint64_t o = 0; o < s->size && ret == 0; o += s->cluster_size) {
        uint64_t l2e;
        int64_t host;

        ret = qcow2_get_l2_entry(bs, o, &l2e);
        if (ret < 0) {
            break;
        }
        switch (qcow2_get_cluster_type(s, l2e)) {
        case QCOW2_CLUSTER_ZERO_PLAIN:
            if (!bs->backing) {
                ret = qcow2_set_l2_entry(bs, o, 0, true);
                break;
            }
            host = qcow2_alloc_clusters(bs, s->cluster_size);
            if (host < 0) {
                ret = host;
                break;
            }
            ret = qcow2_file_write(bs, host, zero, s->cluster_size);
            if (ret == 0) {
                ret = qcow2_set_l2_entry(bs, o, host | QCOW_OFLAG_COPIED,
                                         true);
            }
            break;
        case QCOW2_CLUSTER_ZERO_ALLOC:
            host = l2e & L2E_OFFSET_MASK;
            ret = qcow2_file_write(bs, host, zero, s->cluster_size);
            if (ret == 0) {
                ret = qcow2_set_l2_entry(bs, o, l2e & ~QCOW_OFLAG_ZERO,
                                         false);
            }
            break;
        default:
            break;
        }
    }
    if (ret == 0) {
        ret = qcow2_flush_metadata(bs);
    }
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Failed to turn zero clusters into "
                         "data clusters");
        return ret;
    }
    s->version = 2;
    s->incompatible_features = s->compatible_features = 0;
    s->autoclear_features = 0;
    return 0;
}

int qcow2_amend(BlockDriverState *bs, QDict *opts_in, bool force,
                Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    g_autoptr(QDict) opts = qdict_clone_shallow(opts_in);
    const char *compat;
    bool has_enc = false, lazy;
    int ret;

    qdict_flatten(opts);
    for (const QDictEntry *e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        if (g_str_has_prefix(qdict_entry_key(e), "encrypt.")) {
            has_enc = true;
        }
    }
    if (has_enc) {
        ret = amend_encryption(bs, opts, force, errp);
        if (ret < 0) {
            return ret;
        }
    }
    compat = qdict_get_try_str(opts, "compat");
    if (compat) {
        int v;

        if (!strcmp(compat, "1.1") || !strcmp(compat, "v3")) {
            v = 3;
        } else if (!strcmp(compat, "0.10") || !strcmp(compat, "v2")) {
            v = 2;
        } else {
            error_setg(errp, "Unknown compatibility level %s", compat);
            return -EINVAL;
        }
        if (v < (int)s->version) {
            ret = downgrade_to_v2(bs, errp);
            if (ret < 0) {
                return ret;
            }
        }
        if (v > (int)s->version) {
            s->version = v;
            s->refcount_order = QCOW2_DEFAULT_REFCOUNT_ORDER;
        }
    }
    if (qdict_haskey(opts, "lazy_refcounts")) {
        if (!opt_bool(opts, "lazy_refcounts", false, &lazy, errp)) {
            return -EINVAL;
        }
        if (lazy && s->version < 3) {
            error_setg(errp, "Lazy refcounts only supported with "
                       "compatibility level 1.1 and above (use compat=1.1 "
                       "or greater)");
            return -EINVAL;
        }
        if (lazy) {
            s->compatible_features |= QCOW2_COMPAT_LAZY_REFCOUNTS;
        } else {
            ret = qcow2_flush_metadata(bs);
            if (ret == 0) {
                ret = qcow2_mark_clean(bs);
            }
            if (ret < 0) {
                error_setg_errno(errp, -ret, "Failed to turn off lazy "
                                 "refcounts");
                return ret;
            }
            s->compatible_features &= ~QCOW2_COMPAT_LAZY_REFCOUNTS;
        }
        s->lazy_refcounts = lazy;
    }
    if (qdict_haskey(opts, "size")) {
        uint64_t size;
        BdrvChild self = { .bs = bs, .name = (char *)"root" };

        if (!bdrv_create_opts_get_size(opts, true, &size, errp)) {
            return -EINVAL;
        }
        ret = bdrv_truncate(&self, size, false, PREALLOC_MODE_OFF, 0, errp);
        if (ret < 0) {
            return ret;
        }
    }
    ret = qcow2_update_header(bs);
    if (ret == 0) {
        ret = qcow2_file_flush(bs);
    }
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Failed to update the image header");
    }
    return ret;
}

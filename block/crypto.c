/*
 * The "luks" format driver: a thin adapter over crypto/block-luks.c.
 *
 * The LUKS1 header sits at the start of the file child and the payload
 * follows at the payload offset. The header code reads and writes through
 * the callbacks below; this file supplies the key (a secret looked up by
 * id at open), maps guest offsets past the header, and runs the
 * en/decryption of each request in the thread pool, so several requests in
 * flight keep every core busy while the I/O of others proceeds.
 *
 * Opening needs key-secret (or BDRV_O_NO_IO, which only reads the header
 * for qemu-img info): a node that cannot decrypt never exists.
 */
#include "qemu/osdep.h"
#include "block/block_int.h"
#include "block/thread-pool.h"
#include "crypto/block.h"
#include "crypto/secret.h"
#include "crypto/wipe.h"
#include "qemu/cutils.h"
#include "qemu/thread.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qapi-visit-crypto.h"

/* Largest piece en/decrypted in one go (and so one bounce buffer). */
#define LUKS_CHUNK (1024 * 1024)
/* How many requests may decrypt at once (ciphers in the pool). */
#define LUKS_N_THREADS 8
/*
 * Write bounce buffers kept for reuse. A fresh 1 MiB buffer per request
 * comes from mmap and is unmapped again on free, so every write paid a page
 * fault per 4 KiB of it (raw -> luks convert spent most of its time there).
 */
#define LUKS_BOUNCE_POOL 8

typedef struct BlockCrypto {
    QCryptoBlock *block;
    uint64_t payload_offset;
    uint32_t sector_size;
    char *key_secret;
    QemuMutex bounce_lock;      /* requests may run in several threads */
    uint8_t *bounce_free[LUKS_BOUNCE_POOL];
    int n_bounce_free;
} BlockCrypto;

typedef struct CryptoIOOpaque {
    BlockDriverState *bs;
    BdrvChild *child;
} CryptoIOOpaque;

static int luks_probe(const uint8_t *buf, int buf_size, const char *filename)
{
    return qcrypto_block_has_format(QCRYPTO_BLOCK_FORMAT_LUKS, buf, buf_size)
           ? 100 : 0;
}

static int crypto_read_func(void *opaque, uint64_t offset, uint8_t *buf,
                            size_t len, Error **errp)
{
    BdrvChild *child = opaque;
    int64_t size = bdrv_getlength(child->bs);
    int ret;

    /* A header cut short must not read as zeroes. */
    if (size >= 0 && (offset > (uint64_t)size || len > size - offset)) {
        error_setg(errp, "The LUKS header is truncated: '%s' ends at byte "
                   "%" PRId64 ", the header needs %" PRIu64,
                   child->bs->filename, size, offset + len);
        return -EINVAL;
    }
    ret = bdrv_pread(child, offset, len, buf, 0);

    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not read encryption header");
    }
    return ret;
}

static int crypto_write_func(void *opaque, uint64_t offset,
                             const uint8_t *buf, size_t len, Error **errp)
{
    BdrvChild *child = opaque;
    int ret = bdrv_pwrite(child, offset, len, buf, 0);

    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not write encryption header");
    }
    return ret;
}

static int luks_open(BlockDriverState *bs, BlockdevOptions *options,
                     int flags, Error **errp)
{
    BlockCrypto *s = bs->opaque;
    BlockdevOptionsLUKS *o = &options->u.luks;
    QCryptoBlockOpenOptions oo = {
        .format = QCRYPTO_BLOCK_FORMAT_LUKS,
        .u.luks.has_key_secret = o->has_key_secret,
        .u.luks.key_secret = o->key_secret,
    };
    QCryptoBlockKey key = { };
    unsigned int cflags = (flags & BDRV_O_NO_IO) ? QCRYPTO_BLOCK_OPEN_NO_IO : 0;

    if (!(flags & BDRV_O_NO_IO) &&
        !qcrypto_block_key_lookup(o->has_key_secret ? o->key_secret : NULL,
                                  &key, errp)) {
        return -EINVAL;
    }
    s->block = qcrypto_block_open(&oo, &key, crypto_read_func, bs->file,
                                  cflags, LUKS_N_THREADS, errp);
    qcrypto_block_key_clear(&key);
    if (!s->block) {
        return -EINVAL;
    }
    s->payload_offset = qcrypto_block_get_payload_offset(s->block);
    s->sector_size = qcrypto_block_get_sector_size(s->block);
    s->key_secret = g_strdup(o->has_key_secret ? o->key_secret : NULL);
    qemu_mutex_init(&s->bounce_lock);
    bs->encrypted = true;
    return 0;
}

static void luks_close(BlockDriverState *bs)
{
    BlockCrypto *s = bs->opaque;

    for (int i = 0; i < s->n_bounce_free; i++) {
        bdrv_memfree(s->bounce_free[i]);
    }
    qemu_mutex_destroy(&s->bounce_lock);
    qcrypto_block_free(s->block);
    g_free(s->key_secret);
}

static void luks_refresh_limits(BlockDriverState *bs)
{
    BlockCrypto *s = bs->opaque;

    bs->bl.request_alignment = s->sector_size ? s->sector_size : 512;
    bs->bl.max_transfer = LUKS_CHUNK;
}

static int64_t luks_getlength(BlockDriverState *bs)
{
    BlockCrypto *s = bs->opaque;
    int64_t len = bdrv_getlength(bs->file->bs);

    if (len < 0) {
        return len;
    }
    return len > (int64_t)s->payload_offset ? len - s->payload_offset : 0;
}

/* En/decryption of one buffer in a worker thread. */
typedef struct CryptoWork {
    QCryptoBlock *block;
    uint64_t offset;
    uint8_t *buf;
    size_t len;
    bool encrypt;
} CryptoWork;

static int crypto_worker(void *opaque)
{
    CryptoWork *w = opaque;
    int ret;

    if (w->encrypt) {
        ret = qcrypto_block_encrypt(w->block, w->offset, w->buf, w->len, NULL);
    } else {
        ret = qcrypto_block_decrypt(w->block, w->offset, w->buf, w->len, NULL);
    }
    return ret < 0 ? -EIO : 0;
}

static int coroutine_fn crypto_co_run(BlockCrypto *s, uint64_t offset,
                                      uint8_t *buf, size_t len, bool encrypt)
{
    CryptoWork w = {
        .block = s->block, .offset = offset, .buf = buf, .len = len,
        .encrypt = encrypt,
    };

    /* Small pieces are cheaper to do here than to hand over. */
    if (len <= 4096) {
        return crypto_worker(&w);
    }
    return thread_pool_submit_co(crypto_worker, &w);
}

static int coroutine_fn luks_co_preadv(BlockDriverState *bs, int64_t offset,
                                       int64_t bytes, QEMUIOVector *qiov,
                                       BdrvRequestFlags flags)
{
    BlockCrypto *s = bs->opaque;
    int ret;

    /* One flat buffer (the common case): decrypt in place. */
    if (qiov->niov == 1) {
        ret = bdrv_co_preadv(bs->file, s->payload_offset + offset, bytes,
                             qiov, 0);
        if (ret < 0) {
            return ret;
        }
        return crypto_co_run(s, offset, qiov->iov[0].iov_base, bytes, false);
    }

    uint8_t *bounce = bdrv_memalign(4096, MIN(bytes, LUKS_CHUNK));
    int64_t done = 0;

    if (!bounce) {
        return -ENOMEM;
    }
    ret = 0;
    while (done < bytes && ret >= 0) {
        int64_t n = MIN(bytes - done, LUKS_CHUNK);
        QEMUIOVector bq;

        qemu_iovec_init_buf(&bq, bounce, n);
        ret = bdrv_co_preadv(bs->file, s->payload_offset + offset + done, n,
                             &bq, 0);
        if (ret >= 0) {
            ret = crypto_co_run(s, offset + done, bounce, n, false);
        }
        if (ret >= 0) {
            qemu_iovec_from_buf(qiov, done, bounce, n);
        }
        done += n;
    }
    bdrv_memfree(bounce);
    return ret;
}

/* A LUKS_CHUNK bounce buffer, reused when one is free; NULL: no memory. */
static uint8_t *bounce_get(BlockCrypto *s)
{
    uint8_t *buf = NULL;

    qemu_mutex_lock(&s->bounce_lock);
    if (s->n_bounce_free > 0) {
        buf = s->bounce_free[--s->n_bounce_free];
    }
    qemu_mutex_unlock(&s->bounce_lock);
    return buf ? buf : bdrv_memalign(4096, LUKS_CHUNK);
}

static void bounce_put(BlockCrypto *s, uint8_t *buf)
{
    qemu_mutex_lock(&s->bounce_lock);
    if (s->n_bounce_free < LUKS_BOUNCE_POOL) {
        s->bounce_free[s->n_bounce_free++] = buf;
        buf = NULL;
    }
    qemu_mutex_unlock(&s->bounce_lock);
    bdrv_memfree(buf);
}

static int coroutine_fn luks_co_pwritev(BlockDriverState *bs, int64_t offset,
                                        int64_t bytes, QEMUIOVector *qiov,
                                        BdrvRequestFlags flags)
{
    BlockCrypto *s = bs->opaque;
    /* The caller's data must stay plain: encrypt a copy. */
    uint8_t *bounce = bounce_get(s);
    int64_t done = 0;
    int ret = 0;

    if (!bounce) {
        return -ENOMEM;
    }
    while (done < bytes && ret >= 0) {
        int64_t n = MIN(bytes - done, LUKS_CHUNK);
        QEMUIOVector bq;

        qemu_iovec_to_buf(qiov, done, bounce, n);
        ret = crypto_co_run(s, offset + done, bounce, n, true);
        if (ret >= 0) {
            qemu_iovec_init_buf(&bq, bounce, n);
            ret = bdrv_co_pwritev(bs->file, s->payload_offset + offset + done,
                                  n, &bq, flags & BDRV_REQ_FUA);
        }
        done += n;
    }
    bounce_put(s, bounce);
    return ret;
}

static int coroutine_fn luks_co_truncate(BlockDriverState *bs, int64_t offset,
                                         bool exact, PreallocMode prealloc,
                                         BdrvRequestFlags flags, Error **errp)
{
    BlockCrypto *s = bs->opaque;

    if (offset > BDRV_MAX_LENGTH - (int64_t)s->payload_offset) {
        error_setg(errp, "The new size is too large for the LUKS payload");
        return -EFBIG;
    }
    return bdrv_co_truncate(bs->file, offset + s->payload_offset, exact,
                            prealloc, flags, errp);
}

static int coroutine_fn luks_co_block_status(BlockDriverState *bs,
                                             bool want_zero, int64_t offset,
                                             int64_t bytes, int64_t *pnum,
                                             int64_t *map,
                                             BlockDriverState **file)
{
    /*
     * Encrypted zeroes are not zeroes: everything is data. As in QEMU,
     * no host offset is reported, the bytes there being ciphertext.
     */
    *pnum = bytes;
    *map = 0;
    *file = NULL;
    return BDRV_BLOCK_DATA;
}

/* The key slots of a LUKS header as qemu-img info prints them. */
QList *block_crypto_luks_slots_qlist(const QCryptoBlockInfoLUKS *l)
{
    QList *slots = qlist_new();

    for (QCryptoBlockInfoLUKSSlotList *e = l->slots; e; e = e->next) {
        QDict *slot = qdict_new();

        qdict_put_bool(slot, "active", e->value->active);
        if (e->value->has_iters) {
            qdict_put_int(slot, "iters", e->value->iters);
        }
        qdict_put_int(slot, "key-offset", e->value->key_offset);
        if (e->value->has_stripes) {
            qdict_put_int(slot, "stripes", e->value->stripes);
        }
        qlist_append_obj(slots, QOBJECT(slot));
    }
    return slots;
}

/* --- info ---------------------------------------------------------------- */

static QDict *luks_get_specific_info(BlockDriverState *bs, Error **errp)
{
    BlockCrypto *s = bs->opaque;
    g_autoptr(QCryptoBlockInfo) info = qcrypto_block_get_info(s->block, errp);
    QCryptoBlockInfoLUKS *l;
    QDict *data, *spec;
    QList *slots;

    if (!info) {
        return NULL;
    }
    l = &info->u.luks;
    /* Member order as real QEMU 7.2 prints it. */
    data = qdict_new();
    qdict_put_str(data, "ivgen-alg", qcrypto_ivgen_alg_str(l->ivgen_alg));
    qdict_put_str(data, "hash-alg", qcrypto_hash_alg_str(l->hash_alg));
    qdict_put_str(data, "cipher-alg", qcrypto_cipher_alg_str(l->cipher_alg));
    qdict_put_str(data, "uuid", l->uuid);
    if (l->has_ivgen_hash_alg) {
        qdict_put_str(data, "ivgen-hash-alg",
                      qcrypto_hash_alg_str(l->ivgen_hash_alg));
    }
    qdict_put_str(data, "cipher-mode",
                  qcrypto_cipher_mode_str(l->cipher_mode));
    slots = block_crypto_luks_slots_qlist(l);
    qdict_put_obj(data, "slots", QOBJECT(slots));
    qdict_put_int(data, "payload-offset", l->payload_offset);
    qdict_put_int(data, "master-key-iters", l->master_key_iters);

    spec = qdict_new();
    qdict_put_str(spec, "type", "luks");
    qdict_put_obj(spec, "data", QOBJECT(data));
    return spec;
}

/* --- create, measure, amend ---------------------------------------------- */

/*
 * The -o options of LUKS create and amend reach crypto/ as the structs
 * generated from qapi/crypto.json: the keys below are copied out of the
 * option QDict (without @prefix: "encrypt." inside qcow2) and visited
 * with the keyval input visitor, which converts the strings and words
 * the errors ("Parameter 'cipher-alg' does not accept value 'foo'").
 * Numbers are checked first, by their full name, as real QEMU's QemuOpts
 * layer does before its visitor runs ("Parameter 'encrypt.iter-time'
 * expects a number").
 */
typedef struct LuksOptKey {
    const char *name;
    bool number;
} LuksOptKey;

static const LuksOptKey luks_create_keys[] = {
    { .name = "key-secret" },
    { .name = "cipher-alg" },
    { .name = "cipher-mode" },
    { .name = "ivgen-alg" },
    { .name = "ivgen-hash-alg" },
    { .name = "hash-alg" },
    { .name = "iter-time", .number = true },
    { .name = NULL }
};

static const LuksOptKey luks_amend_keys[] = {
    { .name = "state" },
    { .name = "new-secret" },
    { .name = "old-secret" },
    { .name = "keyslot", .number = true },
    { .name = "iter-time", .number = true },
    { .name = NULL }
};

/* The QDict to visit: format=luks plus the @keys present in @opts. */
static QDict *luks_opts_extract(QDict *opts, const char *prefix,
                                const LuksOptKey *keys, Error **errp)
{
    g_autoptr(QDict) d = qdict_new();

    qdict_put_str(d, "format", "luks");
    for (const LuksOptKey *k = keys; k->name; k++) {
        g_autofree char *full = g_strconcat(prefix, k->name, NULL);
        QObject *value = qdict_get(opts, full);
        const char *str = qdict_get_try_str(opts, full);
        uint64_t n;

        if (!value) {
            continue;
        }
        if (k->number && str && qemu_strtou64(str, NULL, 0, &n) < 0) {
            error_setg(errp, "Parameter '%s' expects a number", full);
            return NULL;
        }
        qdict_put_obj(d, k->name, qobject_ref(value));
    }
    return g_steal_pointer(&d);
}

QCryptoBlockCreateOptions *block_crypto_create_opts_init(QDict *opts,
                                                         const char *prefix,
                                                         Error **errp)
{
    g_autoptr(QDict) d = luks_opts_extract(opts, prefix, luks_create_keys,
                                           errp);
    QCryptoBlockCreateOptions *co = NULL;
    Visitor *v;

    if (!d) {
        return NULL;
    }
    v = qobject_input_visitor_new_keyval(QOBJECT(d));
    visit_type_QCryptoBlockCreateOptions(v, NULL, &co, errp);
    visit_free(v);
    return co;
}

QCryptoBlockAmendOptions *block_crypto_amend_opts_init(QDict *opts,
                                                       const char *prefix,
                                                       Error **errp)
{
    g_autoptr(QDict) d = luks_opts_extract(opts, prefix, luks_amend_keys,
                                           errp);
    QCryptoBlockAmendOptions *ao = NULL;
    Visitor *v;

    if (!d) {
        return NULL;
    }
    v = qobject_input_visitor_new_keyval(QOBJECT(d));
    visit_type_QCryptoBlockAmendOptions(v, NULL, &ao, errp);
    visit_free(v);
    return ao;
}

int block_crypto_amend(QCryptoBlock *block, QCryptoBlockReadFunc readfunc,
                       QCryptoBlockWriteFunc writefunc, void *opaque,
                       QDict *opts, const char *prefix, bool force,
                       Error **errp)
{
    g_autoptr(QCryptoBlockAmendOptions) ao =
        block_crypto_amend_opts_init(opts, prefix, errp);
    QCryptoBlockAmendOptionsLUKS *l;
    QCryptoBlockAmendKeys keys = { };
    int ret = -EINVAL;

    if (!ao) {
        return -EINVAL;
    }
    l = &ao->u.luks;
    if (qcrypto_block_key_lookup(l->has_new_secret ? l->new_secret : NULL,
                                 &keys.new_key, errp) &&
        qcrypto_block_key_lookup(l->has_old_secret ? l->old_secret : NULL,
                                 &keys.old_key, errp)) {
        ret = qcrypto_block_amend_options(block, readfunc, writefunc, opaque,
                                          ao, &keys, force, errp);
    }
    qcrypto_block_key_clear(&keys.new_key);
    qcrypto_block_key_clear(&keys.old_key);
    return ret < 0 ? -EINVAL : 0;
}

typedef struct CreateCtx {
    BdrvChild child;
    uint64_t size;
    PreallocMode prealloc;
} CreateCtx;

static int crypto_init_func(void *opaque, size_t headerlen, Error **errp)
{
    CreateCtx *c = opaque;

    if (c->size > BDRV_MAX_LENGTH - headerlen) {
        error_setg(errp, "The requested file size is too large");
        return -EFBIG;
    }
    return bdrv_truncate(&c->child, headerlen + c->size, true, c->prealloc,
                         0, errp);
}

static int crypto_create_write_func(void *opaque, uint64_t offset,
                                    const uint8_t *buf, size_t len,
                                    Error **errp)
{
    CreateCtx *c = opaque;

    return crypto_write_func(&c->child, offset, buf, len, errp);
}

static int luks_create(BlockDriver *drv, const char *filename, QDict *opts,
                       Error **errp)
{
    g_autoptr(QCryptoBlockCreateOptions) co = NULL;
    QCryptoBlockKey key = { };
    CreateCtx c = { .child.name = (char *)"file" };
    g_autoptr(QDict) fopts = qdict_new();
    g_autoptr(QDict) oopts = qdict_new();
    g_autoptr(QCryptoBlock) block = NULL;
    BlockDriverState *file;
    int ret;

    if (!bdrv_create_opts_get_size(opts, true, &c.size, errp) ||
        !bdrv_create_opts_get_prealloc(opts, &c.prealloc, errp)) {
        return -EINVAL;
    }
    co = block_crypto_create_opts_init(opts, "", errp);
    if (!co) {
        return -EINVAL;
    }
    if (c.prealloc == PREALLOC_MODE_METADATA) {
        error_setg(errp, "Unsupported preallocation mode: metadata");
        return -ENOTSUP;
    }
    if (!co->u.luks.has_key_secret) {
        error_setg(errp, "Parameter 'key-secret' is required for cipher");
        return -EINVAL;
    }
    if (!qcrypto_block_key_lookup(co->u.luks.key_secret, &key, errp)) {
        return -EINVAL;
    }
    /* Make an empty file, then let the header code size it. */
    qdict_put_str(fopts, "size", "0");
    ret = bdrv_create_file(filename, fopts, errp);
    if (ret < 0) {
        qcrypto_block_key_clear(&key);
        return ret;
    }
    qdict_put_str(oopts, "driver", "file");
    file = bdrv_open(filename, g_steal_pointer(&oopts),
                     BDRV_O_RDWR | BDRV_O_PROTOCOL, errp);
    if (!file) {
        qcrypto_block_key_clear(&key);
        return -EIO;
    }
    ret = bdrv_set_perm(file, BLK_PERM_CONSISTENT_READ | BLK_PERM_WRITE |
                        BLK_PERM_RESIZE, BLK_PERM_CONSISTENT_READ |
                        BLK_PERM_WRITE_UNCHANGED, errp);
    if (ret == 0) {
        c.child.bs = file;
        block = qcrypto_block_create(co, &key, crypto_init_func,
                                     crypto_create_write_func, &c, errp);
        ret = block ? bdrv_flush(file) : -EIO;
        if (ret < 0 && block) {
            error_setg_errno(errp, -ret, "Could not flush '%s'", filename);
        }
    }
    qcrypto_block_key_clear(&key);
    bdrv_unref(file);
    return ret;
}

static bool luks_measure(QDict *opts, BlockDriverState *in_bs,
                         BlockMeasureInfo *info, Error **errp)
{
    g_autoptr(QCryptoBlockCreateOptions) co =
        block_crypto_create_opts_init(opts, "", errp);
    uint64_t size, header;

    if (!co) {
        return false;
    }
    if (in_bs) {
        int64_t len = bdrv_getlength(in_bs);

        if (len < 0) {
            error_setg_errno(errp, -len, "Unable to get image virtual_size");
            return false;
        }
        size = len;
    } else if (!bdrv_create_opts_get_size(opts, false, &size, errp)) {
        return false;
    }
    if (!qcrypto_block_calculate_payload_offset(co, &header, errp)) {
        return false;
    }
    size = QEMU_ALIGN_UP(size, BDRV_SECTOR_SIZE);
    /* Every payload byte is ciphertext: nothing stays sparse. */
    info->required = header + size;
    info->fully_allocated = header + size;
    return true;
}

static int luks_amend(BlockDriverState *bs, QDict *opts, bool force,
                      Error **errp)
{
    BlockCrypto *s = bs->opaque;
    int ret = block_crypto_amend(s->block, crypto_read_func,
                                 crypto_write_func, bs->file, opts, "",
                                 force, errp);

    return ret < 0 ? ret : bdrv_flush(bs->file->bs);
}

/* In QEMU's order: the order "Formatting ..." prints them in. */
static const BlockCreateOpt luks_create_opts[] = {
    { "size", BLOCK_OPT_TYPE_SIZE, "Virtual disk size" },
    { "key-secret", BLOCK_OPT_TYPE_STRING,
      "ID of the secret that provides the keyslot passphrase" },
    { "cipher-alg", BLOCK_OPT_TYPE_STRING,
      "Name of encryption cipher algorithm" },
    { "cipher-mode", BLOCK_OPT_TYPE_STRING, "Name of encryption cipher mode" },
    { "ivgen-alg", BLOCK_OPT_TYPE_STRING, "Name of IV generator algorithm" },
    { "ivgen-hash-alg", BLOCK_OPT_TYPE_STRING,
      "Name of IV generator hash algorithm" },
    { "hash-alg", BLOCK_OPT_TYPE_STRING, "Name of encryption hash algorithm" },
    { "iter-time", BLOCK_OPT_TYPE_NUMBER,
      "Time to spend in PBKDF in milliseconds" },
    { NULL }
};

static const BlockCreateOpt luks_amend_opts[] = {
    { "iter-time", BLOCK_OPT_TYPE_NUMBER,
      "Time to spend in PBKDF in milliseconds" },
    { "keyslot", BLOCK_OPT_TYPE_NUMBER,
      "Select a single keyslot to modify explicitly" },
    { "new-secret", BLOCK_OPT_TYPE_STRING,
      "New secret to set in the matching keyslots. Empty string to erase" },
    { "old-secret", BLOCK_OPT_TYPE_STRING,
      "Select all keyslots that match this password" },
    { "state", BLOCK_OPT_TYPE_STRING,
      "Select new state of affected keyslots (active/inactive)" },
    { NULL }
};

BlockDriver bdrv_crypto_luks = {
    .format_name = "luks",
    .instance_size = sizeof(BlockCrypto),
    .is_format = true,
    .bdrv_probe = luks_probe,
    .bdrv_open = luks_open,
    .bdrv_close = luks_close,
    .bdrv_refresh_limits = luks_refresh_limits,
    .bdrv_child_perm = bdrv_passthrough_child_perm,
    .bdrv_co_preadv = luks_co_preadv,
    .bdrv_co_pwritev = luks_co_pwritev,
    .bdrv_co_truncate = luks_co_truncate,
    .bdrv_getlength = luks_getlength,
    .bdrv_co_block_status = luks_co_block_status,
    .bdrv_create = luks_create,
    .create_opts = luks_create_opts,
    .bdrv_amend = luks_amend,
    .amend_opts = luks_amend_opts,
    .bdrv_get_specific_info = luks_get_specific_info,
    .bdrv_measure = luks_measure,
};

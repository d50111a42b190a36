/*
 * The block layer: driver table, node graph, opening (options, json:
 * filenames, probing), permissions, and the per-image operations that
 * dispatch to drivers (create, check, amend, info, measure).
 */
#include "qemu/osdep.h"
#include "block/block_int.h"
#include "qemu/cutils.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qobject/qjson.h"
#include "qobject/qstring.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/visitor.h"
#include "qapi/qapi-visit-block-core.h"
#include "qapi/util.h"

/* Sorted by name: the order of `qemu-img --help`'s format list. */
static BlockDriver *const block_drivers[] = {
    &bdrv_file,
    &bdrv_crypto_luks,
    &bdrv_null_co,
    &bdrv_qcow2,
    &bdrv_raw,
};

static BlockDriverState *all_nodes;
static unsigned int node_counter;

static const char *const perm_names[BLK_PERM_MAX] = {
    "consistent read", "write", "write unchanged", "resize",
};

const char *bdrv_perm_name(int perm_bit)
{
    return perm_bit >= 0 && perm_bit < BLK_PERM_MAX ? perm_names[perm_bit]
                                                    : "unknown";
}

void bdrv_init(void)
{
    static bool done;
    Error *err = NULL;

    if (done) {
        return;
    }
    done = true;
    if (qemu_init_main_loop(&err) < 0) {
        error_report_err(err);
    }
}

BlockDriver *bdrv_find_format(const char *format_name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(block_drivers); i++) {
        if (!strcmp(block_drivers[i]->format_name, format_name)) {
            return block_drivers[i];
        }
    }
    return NULL;
}

bool bdrv_driver_is_format(const BlockDriver *drv)
{
    return drv->is_format;
}

const char *bdrv_driver_name(const BlockDriver *drv)
{
    return drv->format_name;
}

void bdrv_iterate_format(void (*fn)(void *opaque, const char *name),
                         void *opaque)
{
    for (size_t i = 0; i < G_N_ELEMENTS(block_drivers); i++) {
        fn(opaque, block_drivers[i]->format_name);
    }
}

const BlockCreateOpt *bdrv_create_opts(const BlockDriver *drv)
{
    return drv->create_opts;
}

const BlockCreateOpt *bdrv_amend_opts(const BlockDriver *drv)
{
    return drv->amend_opts;
}

int bdrv_parse_cache_mode(const char *mode, int *flags, bool *writethrough)
{
    *flags &= ~BDRV_O_CACHE_MASK;
    if (!strcmp(mode, "off") || !strcmp(mode, "none")) {
        *writethrough = false;
        *flags |= BDRV_O_NOCACHE;
    } else if (!strcmp(mode, "directsync")) {
        *writethrough = true;
        *flags |= BDRV_O_NOCACHE;
    } else if (!strcmp(mode, "writeback")) {
        *writethrough = false;
    } else if (!strcmp(mode, "unsafe")) {
        *writethrough = false;
        *flags |= BDRV_O_NO_FLUSH;
    } else if (!strcmp(mode, "writethrough")) {
        *writethrough = true;
    } else {
        return -1;
    }
    return 0;
}

int bdrv_parse_aio(const char *mode, int *flags)
{
    if (!strcmp(mode, "threads")) {
        *flags &= ~BDRV_O_NATIVE_AIO;
    } else if (!strcmp(mode, "native")) {
        *flags |= BDRV_O_NATIVE_AIO;
    } else {
        return -1;
    }
    return 0;
}

/* --- nodes ------------------------------------------------------------- */

BlockDriverState *bdrv_find_node(const char *node_name)
{
    for (BlockDriverState *bs = all_nodes; bs; bs = bs->next_node) {
        if (!strcmp(bs->node_name, node_name)) {
            return bs;
        }
    }
    return NULL;
}

BlockDriverState *bdrv_next_node(BlockDriverState *bs)
{
    return bs ? bs->next_node : all_nodes;
}

static void bdrv_list_remove(BlockDriverState *bs)
{
    for (BlockDriverState **p = &all_nodes; *p; p = &(*p)->next_node) {
        if (*p == bs) {
            *p = bs->next_node;
            return;
        }
    }
}

static void bdrv_list_append(BlockDriverState *bs)
{
    BlockDriverState **p = &all_nodes;

    while (*p) {
        p = &(*p)->next_node;
    }
    bs->next_node = NULL;
    *p = bs;
}

static bool node_name_valid(const char *name)
{
    if (!*name || strlen(name) >= 32 || !g_ascii_isalpha(name[0])) {
        return false;
    }
    for (const char *p = name; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

static bool bdrv_assign_node_name(BlockDriverState *bs, const char *name,
                                  Error **errp)
{
    if (!name) {
        do {
            snprintf(bs->node_name, sizeof(bs->node_name), "#block%03u",
                     node_counter++);
        } while (bdrv_find_node(bs->node_name));
        bs->node_name_generated = true;
        return true;
    }
    if (!node_name_valid(name)) {
        error_setg(errp, "Invalid node-name: '%s'", name);
        return false;
    }
    if (bdrv_find_node(name)) {
        error_setg(errp, "Duplicate nodes with node-name='%s'", name);
        return false;
    }
    pstrcpy(bs->node_name, sizeof(bs->node_name), name);
    return true;
}

const char *bdrv_get_node_name(const BlockDriverState *bs)
{
    return bs->node_name;
}

const char *bdrv_get_format_name(const BlockDriverState *bs)
{
    return bs->drv ? bs->drv->format_name : NULL;
}

const char *bdrv_get_filename(const BlockDriverState *bs)
{
    return bs->filename;
}

bool bdrv_is_read_only(const BlockDriverState *bs)
{
    return bs->read_only;
}

bool bdrv_is_encrypted(const BlockDriverState *bs)
{
    return bs->encrypted;
}

BlockDriverState *bdrv_file_bs(const BlockDriverState *bs)
{
    return bs->file ? bs->file->bs : NULL;
}

BlockDriverState *bdrv_cow_bs(const BlockDriverState *bs)
{
    return bs->backing ? bs->backing->bs : NULL;
}

char *bdrv_backing_path(const char *image, const char *backing)
{
    const char *slash = strrchr(image, '/');

    if (backing[0] == '/' || !slash || strstr(backing, "://") ||
        g_str_has_prefix(backing, "json:")) {
        return g_strdup(backing);
    }
    return g_strdup_printf("%.*s%s", (int)(slash - image + 1), image,
                           backing);
}

BlockDriverState *bdrv_protocol_bs(BlockDriverState *bs)
{
    while (bs->file) {
        bs = bs->file->bs;
    }
    return bs;
}

void bdrv_ref(BlockDriverState *bs)
{
    bs->refcnt++;
}

static void bdrv_child_free(BdrvChild *child)
{
    if (child) {
        bdrv_unref(child->bs);
        g_free(child->name);
        g_free(child);
    }
}

static void bdrv_close(BlockDriverState *bs)
{
    if (bs->drv && bs->drv->bdrv_close && bs->opaque) {
        bs->drv->bdrv_close(bs);
    }
    bdrv_child_free(bs->backing);
    bdrv_child_free(bs->file);
    bs->backing = NULL;
    bs->file = NULL;
}

void bdrv_unref(BlockDriverState *bs)
{
    if (!bs) {
        return;
    }
    g_assert(bs->refcnt > 0);
    if (--bs->refcnt > 0) {
        return;
    }
    /* Write back what the formats cache before the file goes away. */
    if (!bs->read_only) {
        bdrv_flush(bs);
    }
    bdrv_close(bs);
    bdrv_list_remove(bs);
    g_free(bs->opaque);
    g_free(bs);
}

/* --- permissions -------------------------------------------------------- */

void bdrv_default_format_child_perm(BlockDriverState *bs, BdrvChild *child,
                                    uint64_t perm, uint64_t shared,
                                    uint64_t *nperm, uint64_t *nshared)
{
    /* Metadata may change even when the guest does not write. */
    if (!bs->read_only) {
        perm |= BLK_PERM_WRITE | BLK_PERM_RESIZE;
    }
    if (!(bs->open_flags & BDRV_O_NO_IO)) {
        perm |= BLK_PERM_CONSISTENT_READ;
    }
    /* Nobody else may write or resize what holds our metadata. */
    shared &= ~(BLK_PERM_WRITE | BLK_PERM_RESIZE);
    *nperm = perm & BLK_PERM_ALL;
    *nshared = shared & BLK_PERM_ALL;
}

void bdrv_passthrough_child_perm(BlockDriverState *bs, BdrvChild *child,
                                 uint64_t perm, uint64_t shared,
                                 uint64_t *nperm, uint64_t *nshared)
{
    *nperm = perm & BLK_PERM_ALL;
    *nshared = shared & BLK_PERM_ALL;
}

int bdrv_set_perm(BlockDriverState *bs, uint64_t perm, uint64_t shared,
                  Error **errp)
{
    if (bs->force_share) {
        shared = BLK_PERM_ALL;
    }
    if (bs->file) {
        uint64_t nperm = perm, nshared = shared;

        if (bs->drv->bdrv_child_perm) {
            bs->drv->bdrv_child_perm(bs, bs->file, perm, shared,
                                     &nperm, &nshared);
        } else {
            bdrv_default_format_child_perm(bs, bs->file, perm, shared,
                                           &nperm, &nshared);
        }
        int ret = bdrv_set_perm(bs->file->bs, nperm, nshared, errp);
        if (ret < 0) {
            return ret;
        }
        bs->file->perm = nperm;
        bs->file->shared_perm = nshared;
    }
    if (bs->backing) {
        /* A backing file is read, never written, and may be shared. */
        uint64_t bperm = BLK_PERM_CONSISTENT_READ;
        uint64_t bshared = BLK_PERM_ALL & ~(BLK_PERM_WRITE | BLK_PERM_RESIZE);
        int ret = bdrv_set_perm(bs->backing->bs, perm ? bperm : 0,
                                perm ? bshared : BLK_PERM_ALL, errp);
        if (ret < 0) {
            return ret;
        }
    }
    if (bs->drv->bdrv_set_perm) {
        int ret = bs->drv->bdrv_set_perm(bs, perm, shared, errp);
        if (ret < 0) {
            return ret;
        }
    }
    bs->perm = perm;
    bs->shared_perm = shared;
    return 0;
}

/* --- opening ----------------------------------------------------------- */

static BdrvChild *bdrv_attach_child(BlockDriverState *parent,
                                    BlockDriverState *child_bs,
                                    const char *name)
{
    BdrvChild *c = g_new0(BdrvChild, 1);

    bdrv_ref(child_bs);
    c->bs = child_bs;
    c->name = g_strdup(name);
    c->parent = parent;
    return c;
}

static int flags_from_options(BlockdevOptions *o, int flags)
{
    if (o->has_read_only) {
        flags = o->read_only ? flags & ~BDRV_O_RDWR : flags | BDRV_O_RDWR;
    }
    if (o->has_cache && o->cache->has_direct) {
        flags = o->cache->direct ? flags | BDRV_O_NOCACHE
                                 : flags & ~BDRV_O_NOCACHE;
    }
    if (o->has_cache && o->cache->has_no_flush) {
        flags = o->cache->no_flush ? flags | BDRV_O_NO_FLUSH
                                   : flags & ~BDRV_O_NO_FLUSH;
    }
    if (o->has_discard) {
        flags = o->discard == BLOCKDEV_DISCARD_OPTIONS_UNMAP
                ? flags | BDRV_O_UNMAP : flags & ~BDRV_O_UNMAP;
    }
    if (o->driver == BLOCKDEV_DRIVER_FILE && o->u.file.has_aio) {
        flags = o->u.file.aio == BLOCKDEV_AIO_OPTIONS_NATIVE
                ? flags | BDRV_O_NATIVE_AIO : flags & ~BDRV_O_NATIVE_AIO;
    }
    return flags;
}

/* The QObject a format driver's "file" member holds. */
static QObject *format_file_ref(BlockdevOptions *o)
{
    switch (o->driver) {
    case BLOCKDEV_DRIVER_RAW:
        return o->u.raw.file;
    case BLOCKDEV_DRIVER_LUKS:
        return o->u.luks.file;
    case BLOCKDEV_DRIVER_QCOW2:
        return o->u.qcow2.file;
    default:
        return NULL;
    }
}

static BlockDriverState *bdrv_open_flat(QDict *options, int flags,
                                        Error **errp);

/* Resolve a BlockdevRef (node name or inline definition) to a new ref. */
static BlockDriverState *bdrv_open_ref(QObject *ref, int flags, Error **errp)
{
    if (!ref) {
        error_setg(errp, "Parameter 'file' is missing");
        return NULL;
    }
    if (qobject_type(ref) == QTYPE_QSTRING) {
        const char *name = qstring_get_str(qobject_to(QString, ref));
        BlockDriverState *bs = bdrv_find_node(name);

        if (!bs) {
            error_setg(errp, "Cannot find device='' nor node-name='%s'", name);
            return NULL;
        }
        bdrv_ref(bs);
        return bs;
    }
    if (qobject_type(ref) == QTYPE_QDICT) {
        g_autoptr(QDict) child = qdict_clone_shallow(qobject_to(QDict, ref));

        qdict_flatten(child);
        return bdrv_open_flat(g_steal_pointer(&child), flags, errp);
    }
    error_setg(errp, "Invalid parameter type for 'file', expected: object "
               "or string");
    return NULL;
}

BlockDriverState *bdrv_open_blockdev(BlockdevOptions *o, int flags,
                                     Error **errp)
{
    const char *drvname = BlockdevDriver_str(o->driver);
    BlockDriver *drv = bdrv_find_format(drvname);
    BlockDriverState *bs;
    int ret;

    bdrv_init();
    if (!drv) {
        error_setg(errp, "Unknown driver '%s'", drvname);
        return NULL;
    }
    flags = flags_from_options(o, flags);
    if (o->has_force_share && o->force_share && (flags & BDRV_O_RDWR)) {
        error_setg(errp, "force-share=on can only be used with read-only "
                   "images");
        return NULL;
    }

    bs = g_new0(BlockDriverState, 1);
    bs->refcnt = 1;
    bs->drv = drv;
    bs->open_flags = flags;
    bs->read_only = !(flags & BDRV_O_RDWR);
    bs->force_share = o->has_force_share && o->force_share;
    bs->detect_zeroes = o->has_detect_zeroes ? o->detect_zeroes
                                             : BLOCKDEV_DETECT_ZEROES_OPTIONS_OFF;
    bs->aio_context = qemu_get_aio_context();
    bs->bl.request_alignment = 1;
    qemu_co_mutex_init(&bs->rmw_lock);
    if (!bdrv_assign_node_name(bs, o->has_node_name ? o->node_name : NULL,
                               errp)) {
        g_free(bs);
        return NULL;
    }
    bdrv_list_append(bs);

    if (drv->is_format) {
        BlockDriverState *file = bdrv_open_ref(format_file_ref(o),
                                               flags & ~BDRV_O_NO_IO, errp);
        if (!file) {
            bdrv_unref(bs);
            return NULL;
        }
        bs->file = bdrv_attach_child(bs, file, "file");
        bdrv_unref(file);
        pstrcpy(bs->filename, sizeof(bs->filename), file->filename);
    }

    bs->opaque = g_malloc0(drv->instance_size ? drv->instance_size : 1);
    ret = drv->bdrv_open(bs, o, flags, errp);
    if (ret < 0) {
        g_free(bs->opaque);
        bs->opaque = NULL;
        bs->read_only = true;   /* nothing to flush */
        bdrv_unref(bs);
        return NULL;
    }
    if (drv->bdrv_refresh_limits) {
        drv->bdrv_refresh_limits(bs);
    }
    if (!bs->bl.request_alignment) {
        bs->bl.request_alignment = 1;
    }
    return bs;
}

/* Visit a flat option dict (file.* already opened) and open it. */
static BlockDriverState *bdrv_open_visited(QDict *options, int flags,
                                           Error **errp)
{
    g_autoptr(BlockdevOptions) o = NULL;
    Visitor *v = qobject_input_visitor_new_flat_confused(options, errp);
    bool ok;

    if (!v) {
        return NULL;
    }
    ok = visit_type_BlockdevOptions(v, NULL, &o, errp);
    visit_free(v);
    if (!ok) {
        return NULL;
    }
    return bdrv_open_blockdev(o, flags, errp);
}

static bool driver_is_protocol(const char *name)
{
    BlockDriver *drv = bdrv_find_format(name);

    return drv && !drv->is_format;
}

int bdrv_probe_score_luks(const uint8_t *buf, int buf_size);

const char *bdrv_probe_format(const uint8_t *buf, int buf_size,
                              const char *filename)
{
    const char *best = "raw";
    int best_score = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(block_drivers); i++) {
        BlockDriver *drv = block_drivers[i];
        int score;

        if (!drv->bdrv_probe) {
            continue;
        }
        score = drv->bdrv_probe(buf, buf_size, filename);
        if (score > best_score) {
            best_score = score;
            best = drv->format_name;
        }
    }
    return best;
}

/* Keys that a child inherits from its parent unless it sets them. */
static void inherit_options(QDict *child, QDict *parent)
{
    static const char *const keys[] = {
        "read-only", "auto-read-only", "cache.direct", "cache.no-flush",
        "force-share", "discard",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        qdict_copy_default(child, parent, keys[i]);
    }
}

/*
 * Open the "file" child described by the "file.*" keys of @options and
 * replace them with a reference to its node name. Returns the child (a
 * new reference) or NULL.
 */
static BlockDriverState *open_file_child(QDict *options, int flags,
                                         Error **errp)
{
    QDict *sub = NULL;
    BlockDriverState *file;

    qdict_extract_subqdict(options, &sub, "file.");
    inherit_options(sub, options);
    if (!qdict_haskey(sub, "driver")) {
        qdict_put_str(sub, "driver", "file");
    }
    file = bdrv_open_flat(sub, flags | BDRV_O_PROTOCOL, errp);
    if (file) {
        qdict_put_str(options, "file", file->node_name);
    }
    return file;
}

static BlockDriverState *bdrv_open_flat(QDict *options, int flags,
                                        Error **errp)
{
    g_autoptr(QDict) opts = options;
    g_autoptr(BlockDriverState) file = NULL;
    const char *driver = qdict_get_try_str(opts, "driver");
    bool has_file_dict = false;

    for (const QDictEntry *e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        if (g_str_has_prefix(qdict_entry_key(e), "file.")) {
            has_file_dict = true;
        }
    }

    if (driver && !bdrv_find_format(driver)) {
        error_setg(errp, "Unknown driver '%s'", driver);
        return NULL;
    }
    if (driver && driver_is_protocol(driver)) {
        return bdrv_open_visited(opts, flags, errp);
    }
    if (qdict_haskey(opts, "filename")) {
        if (has_file_dict || qdict_haskey(opts, "file")) {
            error_setg(errp, "Cannot specify both 'filename' and 'file'");
            return NULL;
        }
        qdict_put_str(opts, "file.filename", qdict_get_str(opts, "filename"));
        qdict_del(opts, "filename");
        has_file_dict = true;
    }
    if (has_file_dict) {
        file = open_file_child(opts, flags, errp);
        if (!file) {
            return NULL;
        }
    }
    if (!driver) {
        uint8_t buf[2048];
        BdrvChild tmp = { .bs = file, .name = (char *)"file" };
        int64_t len;

        if (!file) {
            error_setg(errp, "Parameter 'driver' is missing");
            return NULL;
        }
        len = bdrv_getlength(file);
        memset(buf, 0, sizeof(buf));
        if (len > 0) {
            int ret = bdrv_pread(&tmp, 0, MIN(len, (int64_t)sizeof(buf)),
                                 buf, 0);
            if (ret < 0) {
                error_setg_errno(errp, -ret, "Could not read image for "
                                 "determining its format");
                return NULL;
            }
        }
        qdict_put_str(opts, "driver",
                      bdrv_probe_format(buf, MIN(len, (int64_t)sizeof(buf)),
                                        file->filename));
        BlockDriverState *bs = bdrv_open_visited(opts, flags, errp);

        if (bs) {
            /* raw keeps a probed image from turning into another format. */
            bs->probed = true;
            if (!strcmp(bs->drv->format_name, "raw") &&
                (flags & BDRV_O_RDWR)) {
                /* QEMU's text, printed without the program name. */
                error_printf("WARNING: Image format was not specified for "
                             "'%s' and probing guessed raw.\n"
                             "         Automatically detecting the format is "
                             "dangerous for raw images, write operations on "
                             "block 0 will be restricted.\n"
                             "         Specify the 'raw' format explicitly "
                             "to remove the restrictions.\n", bs->filename);
            }
        }
        return bs;
    }
    return bdrv_open_visited(opts, flags, errp);
}

BlockDriverState *bdrv_open(const char *filename, QDict *options, int flags,
                            Error **errp)
{
    g_autoptr(QDict) opts = options ? options : qdict_new();
    const char *json;

    bdrv_init();
    if (filename && strstart(filename, "json:", &json)) {
        Error *local_err = NULL;
        QObject *obj = qobject_from_json(json, &local_err);
        QDict *jdict = qobject_to(QDict, obj);

        if (!jdict) {
            if (local_err) {
                error_prepend(&local_err, "Could not parse the JSON options: ");
                error_propagate(errp, local_err);
            } else {
                error_setg(errp, "Invalid JSON object given");
            }
            qobject_unref(obj);
            return NULL;
        }
        qdict_flatten(jdict);
        qdict_join(opts, jdict, false);
        qobject_unref(jdict);
        filename = NULL;
    }
    if (filename) {
        const char *driver = qdict_get_try_str(opts, "driver");
        const char *key = driver && driver_is_protocol(driver)
                          ? "filename" : "file.filename";

        if (qdict_haskey(opts, key)) {
            error_setg(errp, "Cannot specify both a filename and the '%s' "
                       "option", key);
            return NULL;
        }
        qdict_put_str(opts, key, filename);
    }
    return bdrv_open_flat(g_steal_pointer(&opts), flags, errp);
}

/* --- per-image operations ------------------------------------------------ */

int64_t bdrv_get_allocated_file_size(BlockDriverState *bs)
{
    if (bs->drv->bdrv_get_allocated_file_size) {
        return bs->drv->bdrv_get_allocated_file_size(bs);
    }
    if (bs->file) {
        return bdrv_get_allocated_file_size(bs->file->bs);
    }
    return -ENOTSUP;
}

bool bdrv_create_opts_get_size(QDict *opts, bool required, uint64_t *size,
                               Error **errp)
{
    const char *s = qdict_get_try_str(opts, "size");

    *size = 0;
    if (!s) {
        if (required) {
            error_setg(errp, "Parameter 'size' is missing");
            return false;
        }
        return true;
    }
    if (qemu_strtosz(s, NULL, size) < 0) {
        error_setg(errp, "Parameter 'size' expects a non-negative number "
                   "below 2^64");
        error_append_hint(errp, "Optional suffix k, M, G, T, P or E means "
                          "kilo-, mega-, giga-, tera-, peta-\n"
                          "and exabytes, respectively.\n");
        return false;
    }
    if (*size > BDRV_MAX_LENGTH) {
        error_setg(errp, "Image size must be less than 8 EiB!");
        return false;
    }
    return true;
}

bool bdrv_create_opts_get_prealloc(QDict *opts, PreallocMode *mode,
                                   Error **errp)
{
    const char *s = qdict_get_try_str(opts, "preallocation");
    int m;

    *mode = PREALLOC_MODE_OFF;
    if (!s) {
        return true;
    }
    m = qapi_enum_parse(&PreallocMode_lookup, s, -1, NULL);
    if (m < 0) {
        error_setg(errp, "Parameter 'preallocation' does not accept value "
                   "'%s'", s);
        return false;
    }
    *mode = m;
    return true;
}


static const BlockCreateOpt *create_opt_lookup(const BlockDriver *drv,
                                               const char *key)
{
    const BlockCreateOpt *lists[2] = {
        drv->create_opts, drv->is_format ? bdrv_file.create_opts : NULL,
    };

    for (int i = 0; i < 2; i++) {
        for (const BlockCreateOpt *o = lists[i]; o && o->name; o++) {
            if (!strcmp(o->name, key)) {
                return o;
            }
        }
    }
    return NULL;
}

static bool create_opt_check_value(const BlockCreateOpt *o, const char *v,
                                   Error **errp)
{
    uint64_t u;
    int64_t i;
    bool b;

    switch (o->type) {
    case BLOCK_OPT_TYPE_SIZE:
        if (qemu_strtosz(v, NULL, &u) < 0) {
            error_setg(errp, "Parameter '%s' expects a non-negative number "
                       "below 2^64", o->name);
            error_append_hint(errp, "Optional suffix k, M, G, T, P or E means"
                              " kilo-, mega-, giga-, tera-, peta-\n"
                              "and exabytes, respectively.\n");
            return false;
        }
        return true;
    case BLOCK_OPT_TYPE_NUMBER:
        if (qemu_strtoi64(v, NULL, 0, &i) < 0) {
            error_setg(errp, "Parameter '%s' expects a number", o->name);
            return false;
        }
        return true;
    case BLOCK_OPT_TYPE_BOOL:
        return qapi_bool_parse(o->name, v, &b, errp);
    default:
        return true;
    }
}

bool bdrv_create_opts_validate(const BlockDriver *drv, QDict *opts,
                               Error **errp)
{
    for (const QDictEntry *e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        const BlockCreateOpt *o = create_opt_lookup(drv, key);
        QString *qs = qobject_to(QString, qdict_entry_value(e));

        if (!o) {
            error_setg(errp, "Invalid parameter '%s'", key);
            return false;
        }
        if (!qs) {
            error_setg(errp, "Parameters '%s.*' are unexpected", key);
            return false;
        }
        if (!create_opt_check_value(o, qstring_get_str(qs), errp)) {
            return false;
        }
    }
    return true;
}

int bdrv_create(BlockDriver *drv, const char *filename, QDict *opts,
                Error **errp)
{
    bdrv_init();
    if (!drv->bdrv_create) {
        error_setg(errp, "Driver '%s' does not support image creation",
                   drv->format_name);
        return -ENOTSUP;
    }
    if (!bdrv_create_opts_validate(drv, opts, errp)) {
        return -EINVAL;
    }
    return drv->bdrv_create(drv, filename, opts, errp);
}

int bdrv_create_file(const char *filename, QDict *opts, Error **errp)
{
    g_autoptr(QDict) fopts = qdict_new();
    static const char *const keys[] = { "size", "preallocation", "nocow" };

    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        qdict_copy_default(fopts, opts, keys[i]);
    }
    return bdrv_file.bdrv_create(&bdrv_file, filename, fopts, errp);
}

typedef struct CheckCo {
    BlockDriverState *bs;
    BdrvCheckResult *res;
    int fix;
    int ret;
    bool done;
} CheckCo;

static void coroutine_fn bdrv_check_entry(void *opaque)
{
    CheckCo *c = opaque;

    c->ret = c->bs->drv->bdrv_co_check(c->bs, c->res, c->fix);
    c->done = true;
}

int bdrv_check(BlockDriverState *bs, BdrvCheckResult *res, int fix)
{
    CheckCo c = { .bs = bs, .res = res, .fix = fix };

    memset(res, 0, sizeof(*res));
    if (!bs->drv->bdrv_co_check) {
        return -ENOTSUP;
    }
    bdrv_run_co(bdrv_check_entry, &c, &c.done);
    return c.ret;
}

int bdrv_amend_options(BlockDriverState *bs, QDict *opts, bool force,
                       Error **errp)
{
    if (!bs->drv->bdrv_amend) {
        error_setg(errp, "Format driver '%s' does not support option "
                   "amendment", bs->drv->format_name);
        return -ENOTSUP;
    }
    return bs->drv->bdrv_amend(bs, opts, force, errp);
}

/* --- snapshots and backing files (driver callbacks) ----------------------- */

static int snapshot_unsupported(Error **errp)
{
    error_setg(errp, "Block driver does not support snapshots");
    return -ENOTSUP;
}

int bdrv_snapshot_list(BlockDriverState *bs, QEMUSnapshotInfo **psn)
{
    *psn = NULL;
    if (!bs->drv->bdrv_snapshot_list) {
        return 0;
    }
    return bs->drv->bdrv_snapshot_list(bs, psn);
}

int bdrv_snapshot_create(BlockDriverState *bs, const char *name,
                         Error **errp)
{
    if (!bs->drv->bdrv_snapshot_create) {
        return snapshot_unsupported(errp);
    }
    return bs->drv->bdrv_snapshot_create(bs, name, errp);
}

int bdrv_snapshot_goto(BlockDriverState *bs, const char *name, Error **errp)
{
    if (!bs->drv->bdrv_snapshot_goto) {
        return snapshot_unsupported(errp);
    }
    return bs->drv->bdrv_snapshot_goto(bs, name, errp);
}

int bdrv_snapshot_delete(BlockDriverState *bs, const char *name,
                         Error **errp)
{
    if (!bs->drv->bdrv_snapshot_delete) {
        return snapshot_unsupported(errp);
    }
    return bs->drv->bdrv_snapshot_delete(bs, name, errp);
}

int bdrv_get_info(BlockDriverState *bs, BlockDriverInfo *bdi)
{
    memset(bdi, 0, sizeof(*bdi));
    if (!bs->drv->bdrv_get_info) {
        return -ENOTSUP;
    }
    return bs->drv->bdrv_get_info(bs, bdi);
}

bool bdrv_supports_backing(const BlockDriverState *bs)
{
    return bs->drv->supports_backing;
}

int bdrv_change_backing_file(BlockDriverState *bs, const char *file,
                             const char *fmt, Error **errp)
{
    if (!bs->drv->bdrv_change_backing_file) {
        error_setg(errp, "Operation not supported");
        return -ENOTSUP;
    }
    return bs->drv->bdrv_change_backing_file(bs, file, fmt, errp);
}

int bdrv_make_empty(BlockDriverState *bs, Error **errp)
{
    if (!bs->drv->bdrv_make_empty) {
        error_setg(errp, "Format driver '%s' cannot empty an image",
                   bs->drv->format_name);
        return -ENOTSUP;
    }
    return bs->drv->bdrv_make_empty(bs, errp);
}

QDict *bdrv_get_specific_info(BlockDriverState *bs, Error **errp)
{
    if (!bs->drv->bdrv_get_specific_info) {
        return NULL;
    }
    return bs->drv->bdrv_get_specific_info(bs, errp);
}

bool bdrv_measure(BlockDriver *drv, QDict *opts, BlockDriverState *in_bs,
                  BlockMeasureInfo *info, Error **errp)
{
    if (!drv->bdrv_measure) {
        error_setg(errp, "Format driver '%s' does not support size "
                   "measurement", drv->format_name);
        return false;
    }
    return drv->bdrv_measure(opts, in_bs, info, errp);
}

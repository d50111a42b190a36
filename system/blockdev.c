/*
 * Block nodes of the system emulator: -blockdev and the QMP commands
 * blockdev-add, blockdev-del, query-named-block-nodes, query-block.
 *
 * -blockdev (keyval or JSON) and blockdev-add both end in
 * qmp_blockdev_add() with a typed BlockdevOptions, which the block layer
 * opens as a whole or not at all: an encrypted image with a wrong key
 * fails here and leaves no node behind. The nodes opened this way belong
 * to the monitor until blockdev-del.
 */
#include "qemu/osdep.h"
#include "block/block.h"
#include "block/block_int.h"
#include "qapi/qapi-commands-block.h"
#include "qapi/qapi-visit-block-core.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/util.h"
#include "qapi/visitor.h"
#include "qemu/keyval.h"
#include "qom/object_interfaces.h"
#include "sysemu/block-backend.h"
#include "sysemu/blockdev.h"

/* The root nodes added by -blockdev / blockdev-add (one reference each). */
static GSList *monitor_bdrv_states;

/* -drive if=none: a named BlockBackend over the opened graph. */
typedef struct DriveInfo {
    char *id;
    BlockBackend *blk;
} DriveInfo;

static GSList *drives;

static bool blockdev_add(BlockdevOptions *options, Error **errp)
{
    BlockDriverState *bs;

    if (!options->has_node_name) {
        error_setg(errp, "'node-name' must be specified for the root node");
        return false;
    }
    bs = bdrv_open_blockdev(options,
                            options->has_read_only && options->read_only
                            ? 0 : BDRV_O_RDWR, errp);
    if (!bs) {
        return false;
    }
    monitor_bdrv_states = g_slist_append(monitor_bdrv_states, bs);
    return true;
}

void qmp_blockdev_add(BlockdevOptions *options, Error **errp)
{
    blockdev_add(options, errp);
}

void qmp_blockdev_del(const char *node_name, Error **errp)
{
    BlockDriverState *bs = bdrv_find_node(node_name);

    if (!bs) {
        error_setg(errp, "Failed to find node with node-name='%s'",
                   node_name);
        return;
    }
    if (!g_slist_find(monitor_bdrv_states, bs)) {
        error_setg(errp, "Node %s is not owned by the monitor", node_name);
        return;
    }
    if (bs->refcnt > 1) {
        error_setg(errp, "Block device %s is in use", node_name);
        return;
    }
    monitor_bdrv_states = g_slist_remove(monitor_bdrv_states, bs);
    bdrv_unref(bs);
}

static BlockDeviceInfo *block_device_info(BlockDriverState *bs)
{
    BlockDeviceInfo *info = g_new0(BlockDeviceInfo, 1);
    BlockDriverState *proto = bdrv_protocol_bs(bs);
    const char *file = bdrv_get_filename(proto ? proto : bs);

    info->file = g_strdup(file ? file : "");
    if (bdrv_get_node_name(bs) && bdrv_get_node_name(bs)[0]) {
        info->has_node_name = true;
        info->node_name = g_strdup(bdrv_get_node_name(bs));
    }
    info->ro = bdrv_is_read_only(bs);
    info->drv = g_strdup(bdrv_get_format_name(bs));
    info->encrypted = bdrv_is_encrypted(bs);
    return info;
}

BlockDeviceInfoList *qmp_query_named_block_nodes(bool has_flat, bool flat,
                                                 Error **errp)
{
    BlockDeviceInfoList *list = NULL, **tail = &list;
    BlockDriverState *bs;

    for (bs = bdrv_next_node(NULL); bs; bs = bdrv_next_node(bs)) {
        BlockDeviceInfoList *elem = g_new0(BlockDeviceInfoList, 1);
        elem->value = block_device_info(bs);
        *tail = elem;
        tail = &elem->next;
    }
    return list;
}

BlockInfoList *qmp_query_block(Error **errp)
{
    BlockInfoList *list = NULL, **tail = &list;
    GSList *l;

    /* The -drive backends (no guest devices use them yet). */
    for (l = drives; l; l = l->next) {
        DriveInfo *dinfo = l->data;
        BlockInfoList *elem = g_new0(BlockInfoList, 1);
        BlockInfo *info = g_new0(BlockInfo, 1);

        info->device = g_strdup(dinfo->id);
        if (blk_bs(dinfo->blk)) {
            info->has_inserted = true;
            info->inserted = block_device_info(blk_bs(dinfo->blk));
        }
        elem->value = info;
        *tail = elem;
        tail = &elem->next;
    }
    return list;
}

static DriveInfo *drive_find(const char *id)
{
    GSList *l;

    for (l = drives; l; l = l->next) {
        if (!strcmp(((DriveInfo *)l->data)->id, id)) {
            return l->data;
        }
    }
    return NULL;
}

/* Take string option @key out of @opts (NULL when absent). */
static char *take_opt(QDict *opts, const char *key)
{
    const char *val = qdict_get_try_str(opts, key);
    char *ret = val ? g_strdup(val) : NULL;

    qdict_del(opts, key);
    return ret;
}

/*
 * The -drive options that are not block-layer options: they are
 * translated to BDRV_O_* flags or "driver" and removed; the rest (e.g.
 * key-secret=, encrypt.key-secret=, file.aio=) goes to the block layer as
 * -blockdev's would.
 */
static bool drive_translate(QDict *opts, int *flags, Error **errp)
{
    g_autofree char *format = take_opt(opts, "format");
    g_autofree char *readonly = take_opt(opts, "readonly");
    g_autofree char *cache = take_opt(opts, "cache");
    g_autofree char *aio = take_opt(opts, "aio");
    g_autofree char *discard = take_opt(opts, "discard");
    static const char *const unsupported[] = {
        "bus", "unit", "index", "media", "snapshot", "serial", "werror",
        "rerror", "addr", "cyls", "heads", "secs", "trans", "copy-on-read",
        NULL
    };
    bool ro = false, writethrough;
    int i;

    for (i = 0; unsupported[i]; i++) {
        if (qdict_haskey(opts, unsupported[i])) {
            error_setg(errp, "-drive option '%s' is not supported yet",
                       unsupported[i]);
            return false;
        }
    }
    if (format) {
        qdict_put_str(opts, "driver", format);
    }
    if (readonly && !qapi_bool_parse("readonly", readonly, &ro, errp)) {
        return false;
    }
    *flags = ro ? 0 : BDRV_O_RDWR;
    if (cache && bdrv_parse_cache_mode(cache, flags, &writethrough) < 0) {
        error_setg(errp, "invalid cache option");
        return false;
    }
    if (aio && bdrv_parse_aio(aio, flags) < 0) {
        error_setg(errp, "invalid aio option");
        return false;
    }
    if (discard) {
        if (!strcmp(discard, "unmap") || !strcmp(discard, "on")) {
            *flags |= BDRV_O_UNMAP;
        } else if (strcmp(discard, "ignore") && strcmp(discard, "off")) {
            error_setg(errp, "Invalid discard option");
            return false;
        }
    }
    return true;
}

bool drive_new(const char *optstr, Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(optstr, NULL, NULL, errp);
    g_autofree char *id = NULL;
    g_autofree char *iface = NULL;
    g_autofree char *file = NULL;
    BlockBackend *blk;
    DriveInfo *dinfo;
    int flags;

    if (!opts) {
        return false;
    }
    qdict_flatten(opts);
    id = take_opt(opts, "id");
    iface = take_opt(opts, "if");
    file = take_opt(opts, "file");
    if (!iface || strcmp(iface, "none")) {
        error_setg(errp, "only if=none is supported (the machine has no "
                   "disk controllers yet)");
        return false;
    }
    if (!id) {
        error_setg(errp, "Parameter 'id' is missing");
        return false;
    }
    if (!id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        return false;
    }
    if (drive_find(id)) {
        error_setg(errp, "Duplicate ID '%s' for drive", id);
        return false;
    }
    if (!file) {
        error_setg(errp, "Parameter 'file' is missing");
        return false;
    }
    if (!drive_translate(opts, &flags, errp)) {
        return false;
    }
    blk = blk_new_open(file, NULL, qobject_ref(opts), flags, errp);
    if (!blk) {
        return false;
    }
    dinfo = g_new0(DriveInfo, 1);
    dinfo->id = g_steal_pointer(&id);
    dinfo->blk = blk;
    drives = g_slist_append(drives, dinfo);
    return true;
}

bool blockdev_add_cmdline(const char *optstr, Error **errp)
{
    g_autoptr(BlockdevOptions) options = NULL;
    Visitor *v = qobject_input_visitor_new_str(optstr, "driver", errp);
    bool ok;

    if (!v) {
        return false;
    }
    ok = visit_type_BlockdevOptions(v, NULL, &options, errp);
    visit_free(v);
    return ok && blockdev_add(options, errp);
}

static void drive_free(gpointer data)
{
    DriveInfo *dinfo = data;

    blk_unref(dinfo->blk);
    g_free(dinfo->id);
    g_free(dinfo);
}

void blockdev_close_all(void)
{
    g_slist_free_full(g_steal_pointer(&drives), drive_free);
    g_slist_free_full(g_steal_pointer(&monitor_bdrv_states),
                      (GDestroyNotify)bdrv_unref);
}

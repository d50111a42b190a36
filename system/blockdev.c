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
#include "qapi/visitor.h"
#include "sysemu/blockdev.h"

/* The root nodes added by -blockdev / blockdev-add (one reference each). */
static GSList *monitor_bdrv_states;

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
    /* No guest devices yet: the machine "none" has no drives. */
    return NULL;
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

void blockdev_close_all(void)
{
    g_slist_free_full(g_steal_pointer(&monitor_bdrv_states),
                      (GDestroyNotify)bdrv_unref);
}

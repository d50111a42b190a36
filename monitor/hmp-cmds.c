/*
 * The HMP commands: each parses nothing itself (hmp.c split the line by
 * the table's args_type), calls the QMP handler and formats the result.
 */
#include "qemu/osdep.h"
#include "monitor/hmp.h"
#include "hw/boards.h"
#include "sysemu/blockdev.h"
#include "monitor/monitor-internal.h"
#include "qapi/qapi-commands-block.h"
#include "qapi/qapi-commands-char.h"
#include "qapi/qapi-commands-control.h"
#include "qapi/qapi-commands-misc.h"
#include "qapi/qapi-commands-qom.h"
#include "qapi/qapi-commands-run-state.h"
#include "qemu/keyval.h"
#include "qobject/qjson.h"
#include "qom/object.h"
#include "qom/object_interfaces.h"

void hmp_handle_error(Monitor *mon, Error *err)
{
    if (err) {
        monitor_printf(mon, "Error: %s\n", error_get_pretty(err));
        error_free(err);
    }
}

void hmp_help_table(Monitor *mon, const HMPCommand *table,
                    const char *prefix)
{
    for (; table->name; table++) {
        monitor_printf(mon, "%s%s %s -- %s\n", prefix, table->name,
                       table->params, table->help);
    }
}

static void hmp_help(Monitor *mon, const QDict *qdict)
{
    const char *name = qdict_get_try_str(qdict, "name");
    const HMPCommand *cmd;

    for (cmd = hmp_cmds; cmd->name; cmd++) {
        g_auto(GStrv) names = g_strsplit(cmd->name, "|", -1);
        if (name && !g_strv_contains((const char *const *)names, name)) {
            continue;
        }
        if (name && cmd->sub_table) {
            hmp_help_table(mon, cmd->sub_table, "info ");
            return;
        }
        monitor_printf(mon, "%s %s -- %s\n", cmd->name, cmd->params,
                       cmd->help);
    }
}

/* --- run state ---------------------------------------------------------- */

static void hmp_info_status(Monitor *mon, const QDict *qdict)
{
    g_autoptr(StatusInfo) info = qmp_query_status(NULL);

    monitor_printf(mon, "VM status: %s%s", info->running ? "running" : "paused",
                   info->singlestep ? " (single step mode)" : "");
    if (!info->running && info->status != RUN_STATE_PAUSED) {
        monitor_printf(mon, " (%s)", RunState_str(info->status));
    }
    monitor_printf(mon, "\n");
}

static void hmp_stop(Monitor *mon, const QDict *qdict)
{
    qmp_stop(NULL);
}

static void hmp_cont(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;

    qmp_cont(&err);
    hmp_handle_error(mon, err);
}

static void hmp_system_reset(Monitor *mon, const QDict *qdict)
{
    qmp_system_reset(NULL);
}

static void hmp_system_powerdown(Monitor *mon, const QDict *qdict)
{
    qmp_system_powerdown(NULL);
}

static void hmp_quit(Monitor *mon, const QDict *qdict)
{
    /* No more input nor prompt: the program is about to exit. */
    mon->suspend_cnt++;
    qmp_quit(NULL);
}

/* --- information -------------------------------------------------------- */

static void hmp_info_version(Monitor *mon, const QDict *qdict)
{
    g_autoptr(VersionInfo) info = qmp_query_version(NULL);

    monitor_printf(mon, "%" PRId64 ".%" PRId64 ".%" PRId64 "%s%s\n",
                   info->qemu->major, info->qemu->minor, info->qemu->micro,
                   info->package[0] ? " " : "", info->package);
}

static void hmp_info_name(Monitor *mon, const QDict *qdict)
{
    g_autoptr(NameInfo) info = qmp_query_name(NULL);

    if (info->has_name) {
        monitor_printf(mon, "%s\n", info->name);
    }
}

static void hmp_info_chardev(Monitor *mon, const QDict *qdict)
{
    g_autoptr(ChardevInfoList) list = qmp_query_chardev(NULL);
    ChardevInfoList *l;

    for (l = list; l; l = l->next) {
        monitor_printf(mon, "%s: filename=%s\n", l->value->label,
                       l->value->filename);
    }
}

static void print_block_node(Monitor *mon, const BlockDeviceInfo *n)
{
    monitor_printf(mon, "%s: %s (%s%s%s)\n",
                   n->has_node_name ? n->node_name : "", n->file, n->drv,
                   n->ro ? ", read-only" : "",
                   n->encrypted ? ", encrypted" : "");
}

static void hmp_info_block(Monitor *mon, const QDict *qdict)
{
    bool nodes = qdict_get_try_bool(qdict, "nodes", false);
    Error *err = NULL;

    if (nodes) {
        g_autoptr(BlockDeviceInfoList) list =
            qmp_query_named_block_nodes(false, false, &err);
        BlockDeviceInfoList *l;

        for (l = list; l; l = l->next) {
            if (l->value->has_node_name &&
                l->value->node_name[0] != '#') {
                print_block_node(mon, l->value);
            }
        }
    } else {
        g_autoptr(BlockInfoList) list = qmp_query_block(&err);
        BlockInfoList *l;

        for (l = list; l; l = l->next) {
            monitor_printf(mon, "%s: %s\n", l->value->device,
                           l->value->has_inserted ? l->value->inserted->file
                                                  : "[not inserted]");
        }
    }
    hmp_handle_error(mon, err);
}

static void hmp_info_commands(Monitor *mon, const QDict *qdict)
{
    g_autoptr(CommandInfoList) list = qmp_query_commands(NULL);
    CommandInfoList *l;

    for (l = list; l; l = l->next) {
        monitor_printf(mon, "%s\n", l->value->name);
    }
}

static int qom_tree_cmp(gconstpointer a, gconstpointer b)
{
    g_autofree char *na = object_get_canonical_path_component(*(Object **)a);
    g_autofree char *nb = object_get_canonical_path_component(*(Object **)b);

    return g_strcmp0(na, nb);
}

static int qom_tree_collect(Object *obj, void *opaque)
{
    g_ptr_array_add(opaque, obj);
    return 0;
}

static void print_qom_composition(Monitor *mon, Object *obj, int indent)
{
    g_autofree char *name = NULL;
    g_autoptr(GPtrArray) children = g_ptr_array_new();
    guint i;

    if (obj == object_get_root()) {
        name = g_strdup("");
    } else {
        name = object_get_canonical_path_component(obj);
    }
    monitor_printf(mon, "%*s/%s (%s)\n", indent, "", name,
                   object_get_typename(obj));
    object_child_foreach(obj, qom_tree_collect, children);
    g_ptr_array_sort(children, qom_tree_cmp);
    for (i = 0; i < children->len; i++) {
        print_qom_composition(mon, g_ptr_array_index(children, i),
                              indent + 2);
    }
}

static void hmp_info_qom_tree(Monitor *mon, const QDict *qdict)
{
    const char *path = qdict_get_try_str(qdict, "path");
    Object *obj;
    bool ambiguous = false;

    if (path) {
        obj = object_resolve_path(path, &ambiguous);
        if (!obj) {
            monitor_printf(mon, "Path '%s' could not be resolved.\n", path);
            return;
        }
        if (ambiguous) {
            monitor_printf(mon, "Warning: Path '%s' is ambiguous.\n", path);
            return;
        }
    } else {
        obj = qdev_get_machine();
        if (!obj) {
            obj = object_get_root();
        }
    }
    print_qom_composition(mon, obj, 0);
}

/* --- QOM ---------------------------------------------------------------- */

static void hmp_qom_list(Monitor *mon, const QDict *qdict)
{
    const char *path = qdict_get_try_str(qdict, "path");
    g_autoptr(ObjectPropertyInfoList) list = NULL;
    ObjectPropertyInfoList *l;
    Error *err = NULL;

    if (!path) {
        monitor_printf(mon, "/\n");
        return;
    }
    list = qmp_qom_list(path, &err);
    if (err) {
        hmp_handle_error(mon, err);
        return;
    }
    for (l = list; l; l = l->next) {
        monitor_printf(mon, "%s (%s)\n", l->value->name, l->value->type);
    }
}

static void hmp_qom_get(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;
    g_autoptr(QObject) obj = qmp_qom_get(qdict_get_str(qdict, "path"),
                                         qdict_get_str(qdict, "property"),
                                         &err);
    g_autoptr(GString) str = NULL;

    if (err) {
        hmp_handle_error(mon, err);
        return;
    }
    str = qobject_to_json_pretty(obj, true);
    monitor_printf(mon, "%s\n", str->str);
}

static void hmp_qom_set(Monitor *mon, const QDict *qdict)
{
    const char *path = qdict_get_str(qdict, "path");
    const char *property = qdict_get_str(qdict, "property");
    const char *value = qdict_get_str(qdict, "value");
    Error *err = NULL;

    if (qdict_get_try_bool(qdict, "json", false)) {
        g_autoptr(QObject) obj = qobject_from_json(value, &err);
        if (obj) {
            qmp_qom_set(path, property, obj, &err);
        }
    } else {
        /* Plain text: the property parses it, as -object values are. */
        bool ambiguous = false;
        Object *obj = object_resolve_path(path, &ambiguous);
        if (!obj) {
            error_set(&err, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        } else {
            object_property_parse(obj, property, value, &err);
        }
    }
    hmp_handle_error(mon, err);
}

static void hmp_object_add(Monitor *mon, const QDict *qdict)
{
    const char *options = qdict_get_str(qdict, "object");
    Error *err = NULL;
    g_autoptr(QDict) opts = keyval_parse(options, "qom-type", NULL, &err);

    /* The same path as -object: keyval, then the QOM properties. */
    if (opts) {
        user_creatable_add_dict(opts, true, &err);
    }
    hmp_handle_error(mon, err);
}

static void hmp_object_del(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;

    qmp_object_del(qdict_get_str(qdict, "id"), &err);
    hmp_handle_error(mon, err);
}

static void hmp_drive_add(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;

    /* The address argument is for hot-plugged controllers: none yet. */
    if (drive_new(qdict_get_str(qdict, "opts"), &err)) {
        monitor_printf(mon, "OK\n");
    }
    hmp_handle_error(mon, err);
}

static void hmp_chardev_remove(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;

    qmp_chardev_remove(qdict_get_str(qdict, "id"), &err);
    hmp_handle_error(mon, err);
}

static void hmp_chardev_add(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;
    g_autofree char *id = NULL;
    g_autoptr(ChardevBackend) backend =
        qemu_chr_parse_opts(qdict_get_str(qdict, "args"), &id, &err);

    if (backend) {
        g_autoptr(ChardevReturn) ret = qmp_chardev_add(id, backend, &err);
    }
    hmp_handle_error(mon, err);
}

const HMPCommand hmp_info_cmds[] = {
    { "block", "nodes:-n", "[-n]",
      "show the block devices (-n: the named block nodes)", hmp_info_block },
    { "chardev", "", "", "show the character devices", hmp_info_chardev },
    { "commands", "", "", "list the QMP commands", hmp_info_commands },
    { "name", "", "", "show the current VM name", hmp_info_name },
    { "qom-tree", "path:s?", "[path]",
      "show QOM composition tree", hmp_info_qom_tree },
    { "status", "", "", "show the current VM status (running|paused)",
      hmp_info_status },
    { "version", "", "", "show the version of QEMU", hmp_info_version },
    { NULL },
};

const HMPCommand hmp_cmds[] = {
    { "chardev-add", "args:S", "args", "add chardev", hmp_chardev_add },
    { "chardev-remove", "id:s", "id", "remove chardev", hmp_chardev_remove },
    { "cont|c", "", "", "resume emulation", hmp_cont },
    { "drive_add", "pci_addr:s,opts:S",
      "[[<domain>:]<bus>:]<slot> if=none,id=ID,file=FILE[,...]",
      "add a drive (a block backend; if=none only)", hmp_drive_add },
    { "help|?", "name:S?", "[cmd]", "show the help", hmp_help },
    { "info", "", "[subcommand]", "show various information about the "
      "system state", NULL, hmp_info_cmds },
    { "object_add", "object:S", "[qom-type=]type,id=str[,prop=value][,...]",
      "create QOM object", hmp_object_add },
    { "object_del", "id:s", "id", "destroy QOM object", hmp_object_del },
    { "qom-get", "path:s,property:s", "path property",
      "print QOM property", hmp_qom_get },
    { "qom-list", "path:s?", "path",
      "list QOM properties", hmp_qom_list },
    { "qom-set", "json:-j,path:s,property:s,value:S",
      "[-j] path property value", "set QOM property.\n\t\t\t"
      "-j: the value is specified in json format.", hmp_qom_set },
    { "quit|q", "", "", "quit the emulator", hmp_quit },
    { "stop|s", "", "", "stop emulation", hmp_stop },
    { "system_powerdown", "", "", "send system power down event",
      hmp_system_powerdown },
    { "system_reset", "", "", "reset the system", hmp_system_reset },
    { NULL },
};

/*
 * QMP handlers of the monitor itself: protocol control, introspection,
 * quit, query-name, human-monitor-command; and the command registry.
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"
#include "qapi/qapi-commands-control.h"
#include "qapi/qapi-commands-introspect.h"
#include "qapi/qapi-commands-misc.h"
#include "qapi/qapi-commands-qom.h"
#include "qapi/qapi-init-commands.h"
#include "qapi/qapi-introspect.h"
#include "qapi/qmp/qlit.h"
#include "sysemu/runstate.h"
#include "sysemu/sysemu.h"

QmpCommandList qmp_commands;

VersionInfo *qmp_query_version(Error **errp)
{
    VersionInfo *info = g_new0(VersionInfo, 1);

    info->qemu = g_new0(VersionTriple, 1);
    info->qemu->major = 7;
    info->qemu->minor = 2;
    info->qemu->micro = 0;
    info->package = g_strdup(QEMU_PKGVERSION);
    return info;
}

static void query_commands_cb(const QmpCommand *cmd, void *opaque)
{
    CommandInfoList **list = opaque;
    CommandInfo *info;

    if (!qmp_command_is_enabled(cmd)) {
        return;
    }
    info = g_new0(CommandInfo, 1);
    info->name = g_strdup(qmp_command_name(cmd));
    QAPI_LIST_PREPEND(*list, info);
}

CommandInfoList *qmp_query_commands(Error **errp)
{
    CommandInfoList *list = NULL;
    MonitorQMP *mon = qmp_dispatch_cur_mon();

    qmp_for_each_command(mon ? mon->commands : &qmp_commands,
                         query_commands_cb, &list);
    return list;
}

/* 'gen': false: the answer is the generated introspection data. */
static void qmp_marshal_query_qmp_schema(QDict *args, QObject **ret,
                                         Error **errp)
{
    *ret = qobject_from_qlit(&qmp_schema_qlit);
}

void qmp_quit(Error **errp)
{
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
}

NameInfo *qmp_query_name(Error **errp)
{
    NameInfo *info = g_new0(NameInfo, 1);

    if (qemu_name) {
        info->has_name = true;
        info->name = g_strdup(qemu_name);
    }
    return info;
}

void monitor_init_globals(void)
{
    static bool done;

    if (done) {
        return;
    }
    done = true;
    qmp_init_marshal(&qmp_commands);
    qmp_register_command(&qmp_commands, "query-qmp-schema",
                         qmp_marshal_query_qmp_schema, QCO_ALLOW_PRECONFIG, 0);
    qmp_register_command(&qmp_cap_negotiation_commands, "qmp_capabilities",
                         qmp_marshal_qmp_capabilities, QCO_ALLOW_PRECONFIG,
                         0);
}

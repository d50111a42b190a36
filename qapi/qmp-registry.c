/*
 * The QMP command registry: a list of named marshalers with options.
 */
#include "qemu/osdep.h"
#include "qapi/qmp/dispatch.h"

static QmpCommandAvailableFunc command_available_hook;

void qmp_command_list_init(QmpCommandList *cmds)
{
    cmds->first = NULL;
    cmds->last = NULL;
}

void qmp_command_list_clear(QmpCommandList *cmds)
{
    QmpCommand *cmd = cmds->first;

    while (cmd) {
        QmpCommand *next = cmd->next;

        g_free(cmd);
        cmd = next;
    }
    qmp_command_list_init(cmds);
}

static QmpCommand *find_command(const QmpCommandList *cmds, const char *name)
{
    QmpCommand *cmd;

    for (cmd = cmds->first; cmd; cmd = cmd->next) {
        if (strcmp(cmd->name, name) == 0) {
            return cmd;
        }
    }
    return NULL;
}

void qmp_register_command(QmpCommandList *cmds, const char *name,
                          QmpCommandFunc *fn, QmpCommandOptions options,
                          unsigned special_features)
{
    QmpCommand *cmd;

    /* Two registrations of one name are a bug in the program. */
    if (find_command(cmds, name)) {
        fprintf(stderr, "qmp: command '%s' registered twice\n", name);
        abort();
    }
    cmd = g_new0(QmpCommand, 1);
    cmd->name = name;
    cmd->fn = fn;
    cmd->options = options;
    cmd->special_features = special_features;
    cmd->enabled = true;
    if (cmds->last) {
        cmds->last->next = cmd;
    } else {
        cmds->first = cmd;
    }
    cmds->last = cmd;
}

bool qmp_unregister_command(QmpCommandList *cmds, const char *name)
{
    QmpCommand **link = &cmds->first;
    QmpCommand *prev = NULL;

    while (*link) {
        QmpCommand *cmd = *link;

        if (strcmp(cmd->name, name) == 0) {
            *link = cmd->next;
            if (cmds->last == cmd) {
                cmds->last = prev;
            }
            g_free(cmd);
            return true;
        }
        prev = cmd;
        link = &cmd->next;
    }
    return false;
}

const QmpCommand *qmp_find_command(const QmpCommandList *cmds,
                                   const char *name)
{
    return find_command(cmds, name);
}

static void set_enabled(QmpCommandList *cmds, const char *name, bool enabled,
                        const char *reason)
{
    QmpCommand *cmd = find_command(cmds, name);

    if (cmd) {
        cmd->enabled = enabled;
        cmd->disable_reason = reason;
    }
}

void qmp_disable_command(QmpCommandList *cmds, const char *name,
                         const char *disable_reason)
{
    set_enabled(cmds, name, false, disable_reason);
}

void qmp_enable_command(QmpCommandList *cmds, const char *name)
{
    set_enabled(cmds, name, true, NULL);
}

bool qmp_command_is_enabled(const QmpCommand *cmd)
{
    return cmd->enabled;
}

const char *qmp_command_name(const QmpCommand *cmd)
{
    return cmd->name;
}

bool qmp_has_success_response(const QmpCommand *cmd)
{
    return !(cmd->options & QCO_NO_SUCCESS_RESP);
}

void qmp_for_each_command(const QmpCommandList *cmds, qmp_cmd_callback_fn fn,
                          void *opaque)
{
    const QmpCommand *cmd;

    for (cmd = cmds->first; cmd; cmd = cmd->next) {
        fn(cmd, opaque);
    }
}

void qmp_set_command_available_hook(QmpCommandAvailableFunc fn)
{
    command_available_hook = fn;
}

bool qmp_command_available(const QmpCommand *cmd, Error **errp)
{
    return command_available_hook ? command_available_hook(cmd, errp) : true;
}

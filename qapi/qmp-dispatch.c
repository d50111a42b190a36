/*
 * QMP request dispatch: check the request's shape, find the command, run
 * its marshaler and build the response dict.  The error texts are QEMU's.
 */
#include "qemu/osdep.h"
#include "qapi/qmp/dispatch.h"
#include "qobject/qdict.h"
#include "qobject/qstring.h"

static __thread void *dispatch_cur_mon;

void *qmp_dispatch_cur_mon(void)
{
    return dispatch_cur_mon;
}

QDict *qmp_error_response(Error *err)
{
    QDict *error = qdict_new();
    QDict *rsp = qdict_new();

    qdict_put_str(error, "class", error_class_name(error_get_class(err)));
    qdict_put_str(error, "desc", error_get_pretty(err));
    qdict_put_obj(rsp, "error", QOBJECT(error));
    error_free(err);
    return rsp;
}

bool qmp_is_oob(const QDict *dict)
{
    return qdict_haskey(dict, "exec-oob") && !qdict_haskey(dict, "execute");
}

/*
 * Check the members of a request: "execute" (or "exec-oob" when allowed)
 * naming the command, optional "arguments" (an object) and "id"; nothing
 * else.  Returns the key that names the command.
 */
static const char *check_request(const QDict *dict, bool allow_oob,
                                 Error **errp)
{
    const char *exec_key = NULL;
    const QDictEntry *ent;

    for (ent = qdict_first(dict); ent; ent = qdict_next(dict, ent)) {
        const char *key = qdict_entry_key(ent);
        QObject *value = qdict_entry_value(ent);

        if (strcmp(key, "execute") == 0 ||
            (allow_oob && strcmp(key, "exec-oob") == 0)) {
            if (qobject_type(value) != QTYPE_QSTRING) {
                error_setg(errp, "QMP input member '%s' must be a string",
                           key);
                return NULL;
            }
            if (exec_key) {
                error_setg(errp, "QMP input member '%s' clashes with '%s'",
                           key, exec_key);
                return NULL;
            }
            exec_key = key;
        } else if (strcmp(key, "arguments") == 0) {
            if (qobject_type(value) != QTYPE_QDICT) {
                error_setg(errp,
                           "QMP input member 'arguments' must be an object");
                return NULL;
            }
        } else if (strcmp(key, "id") != 0) {
            error_setg(errp, "QMP input member '%s' is unexpected", key);
            return NULL;
        }
    }
    if (!exec_key) {
        error_setg(errp, "QMP input lacks member 'execute'");
        return NULL;
    }
    return exec_key;
}

/* Find the command of @dict and check that it may run now. */
static const QmpCommand *lookup_command(const QmpCommandList *cmds,
                                        const char *name, bool oob,
                                        Error **errp)
{
    const QmpCommand *cmd = qmp_find_command(cmds, name);

    if (!cmd) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "The command %s has not been found", name);
        return NULL;
    }
    if (!cmd->enabled) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Command %s has been disabled%s%s", name,
                  cmd->disable_reason ? ": " : "",
                  cmd->disable_reason ? cmd->disable_reason : "");
        return NULL;
    }
    if (oob && !(cmd->options & QCO_ALLOW_OOB)) {
        error_setg(errp, "The command %s does not support OOB", name);
        return NULL;
    }
    if (!qmp_command_available(cmd, errp)) {
        return NULL;
    }
    return cmd;
}

static QObject *run_command(const QmpCommand *cmd, const QDict *dict,
                            void *cur_mon, Error **errp)
{
    QDict *args = qdict_get_qdict(dict, "arguments");
    QObject *ret = NULL;
    Error *err = NULL;
    void *saved_mon = dispatch_cur_mon;

    /* A command without "arguments" gets an empty dict. */
    args = args ? qobject_ref(args) : qdict_new();
    dispatch_cur_mon = cur_mon;
    cmd->fn(args, &ret, &err);
    dispatch_cur_mon = saved_mon;
    qobject_unref(args);
    if (err) {
        qobject_unref(ret);
        error_propagate(errp, err);
        return NULL;
    }
    if (!ret) {
        /* a command without 'returns' answers an empty object */
        ret = QOBJECT(qdict_new());
    }
    return ret;
}

QDict *qmp_dispatch(const QmpCommandList *cmds, QObject *request,
                    bool allow_oob, void *cur_mon)
{
    Error *err = NULL;
    QDict *dict = qobject_to(QDict, request);
    QObject *id = dict ? qdict_get(dict, "id") : NULL;
    const char *exec_key;
    const QmpCommand *cmd;
    QObject *ret;
    QDict *rsp;

    if (!dict) {
        error_setg(&err, "QMP input must be a JSON object");
        goto fail;
    }
    exec_key = check_request(dict, allow_oob, &err);
    if (!exec_key) {
        goto fail;
    }
    cmd = lookup_command(cmds, qdict_get_str(dict, exec_key),
                         strcmp(exec_key, "exec-oob") == 0, &err);
    if (!cmd) {
        goto fail;
    }
    ret = run_command(cmd, dict, cur_mon, &err);
    if (!ret) {
        goto fail;
    }
    if (cmd->options & QCO_NO_SUCCESS_RESP) {
        qobject_unref(ret);
        return NULL;
    }
    rsp = qdict_new();
    qdict_put_obj(rsp, "return", ret);
    goto out;

fail:
    rsp = qmp_error_response(err);
out:
    if (id) {
        qdict_put_obj(rsp, "id", qobject_ref(id));
    }
    return rsp;
}

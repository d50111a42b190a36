/*
 * The QMP protocol on a chardev: greeting, capabilities negotiation,
 * requests parsed by the streaming JSON parser and dispatched one at a
 * time, responses and events written as one JSON line each.
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"
#include "qapi/qapi-commands-control.h"
#include "qobject/qjson.h"
#include "qobject/qstring.h"
#include "qobject/qlist.h"

QmpCommandList qmp_cap_negotiation_commands;

static void monitor_qmp_write(MonitorQMP *mon, const QObject *obj)
{
    g_autoptr(GString) json = qobject_to_json_pretty(obj, mon->pretty);

    if (!qemu_chr_fe_backend_open(&mon->common.chr)) {
        return;     /* nobody to read it */
    }
    g_string_append_len(mon->common.outbuf, json->str, json->len);
    g_string_append_c(mon->common.outbuf, '\n');
    monitor_flush(&mon->common);
}

void monitor_qmp_send(MonitorQMP *mon, QDict *rsp)
{
    monitor_qmp_write(mon, QOBJECT(rsp));
}

static bool monitor_qmp_in_command_mode(MonitorQMP *mon)
{
    return mon->commands == &qmp_commands;
}

void qmp_emit_event_all(QDict *qdict)
{
    g_autoptr(QDict) event = qdict_new();
    const QDictEntry *e;
    GList *l;

    /* QEMU's member order: timestamp, event, data. */
    qdict_put_obj(event, "timestamp",
                  qobject_ref(qdict_get(qdict, "timestamp")));
    for (e = qdict_first(qdict); e; e = qdict_next(qdict, e)) {
        if (strcmp(qdict_entry_key(e), "timestamp")) {
            qdict_put_obj(event, qdict_entry_key(e), qobject_ref(e->value));
        }
    }

    for (l = monitor_list(); l; l = l->next) {
        Monitor *mon = l->data;
        if (mon->is_qmp && !mon->dead &&
            monitor_qmp_in_command_mode((MonitorQMP *)mon)) {
            monitor_qmp_send((MonitorQMP *)mon, event);
        }
    }
}

static QDict *qmp_greeting(MonitorQMP *mon)
{
    QDict *greeting = qdict_new();
    QDict *qmp = qdict_new();
    QDict *version = qdict_new();
    QDict *qemu = qdict_new();
    QList *cap_list = qlist_new();
    int i;

    /* The member order of QEMU's greeting, which some clients print. */
    qdict_put_int(qemu, "micro", 0);
    qdict_put_int(qemu, "minor", 2);
    qdict_put_int(qemu, "major", 7);
    qdict_put(version, "qemu", qemu);
    qdict_put_str(version, "package", QEMU_PKGVERSION);
    qdict_put(qmp, "version", version);
    for (i = 0; i < QMP_CAPABILITY__MAX; i++) {
        if (mon->capab_offered[i]) {
            qlist_append_str(cap_list, QMPCapability_str(i));
        }
    }
    qdict_put(qmp, "capabilities", cap_list);
    qdict_put(greeting, "QMP", qmp);
    return greeting;
}

static void monitor_qmp_dispatch(MonitorQMP *mon, QObject *req)
{
    Monitor *old = monitor_set_cur(&mon->common);
    bool oob = monitor_qmp_in_command_mode(mon) &&
               mon->capab[QMP_CAPABILITY_OOB];
    QDict *rsp = qmp_dispatch(mon->commands, req, oob, mon);

    monitor_set_cur(old);
    if (!rsp) {
        return;
    }
    if (mon->commands == &qmp_cap_negotiation_commands) {
        QDict *error = qdict_get_qdict(rsp, "error");
        if (error &&
            !g_strcmp0(qdict_get_try_str(error, "class"),
                       error_class_name(ERROR_CLASS_COMMAND_NOT_FOUND))) {
            /* Say what is expected rather than "not found". */
            qdict_put_str(error, "desc", "Expecting capabilities negotiation"
                          " with 'qmp_capabilities'");
        }
    }
    monitor_qmp_send(mon, rsp);
    qobject_unref(rsp);
}

static void handle_qmp_command(void *opaque, QObject *req, Error *err)
{
    MonitorQMP *mon = opaque;

    if (err) {
        /* Malformed input: one error, and the connection goes on. */
        QDict *rsp = qmp_error_response(err);
        monitor_qmp_send(mon, rsp);
        qobject_unref(rsp);
        return;
    }
    monitor_qmp_dispatch(mon, req);
    qobject_unref(req);
}

static void monitor_qmp_read(void *opaque, const uint8_t *buf, int size)
{
    MonitorQMP *mon = opaque;

    json_message_parser_feed(&mon->parser, (const char *)buf, size);
}

static void monitor_qmp_caps_reset(MonitorQMP *mon)
{
    memset(mon->capab, 0, sizeof(mon->capab));
    memset(mon->capab_offered, 0, sizeof(mon->capab_offered));
    mon->capab_offered[QMP_CAPABILITY_OOB] = true;
    mon->commands = &qmp_cap_negotiation_commands;
}

static void monitor_qmp_event(void *opaque, QEMUChrEvent event)
{
    MonitorQMP *mon = opaque;
    QDict *greeting;

    switch (event) {
    case CHR_EVENT_OPENED:
        monitor_qmp_caps_reset(mon);
        greeting = qmp_greeting(mon);
        monitor_qmp_send(mon, greeting);
        qobject_unref(greeting);
        break;
    case CHR_EVENT_CLOSED:
        monitor_reset_output(&mon->common);
        /* Forget a half-received request of the client that left. */
        json_message_parser_destroy(&mon->parser);
        json_message_parser_init(&mon->parser, handle_qmp_command, mon,
                                 NULL);
        monitor_qmp_caps_reset(mon);
        break;
    default:
        break;
    }
}

bool monitor_init_qmp(Chardev *chr, bool pretty, Error **errp)
{
    MonitorQMP *mon = g_new0(MonitorQMP, 1);

    monitor_data_init(&mon->common, true);
    mon->pretty = pretty;
    monitor_qmp_caps_reset(mon);
    if (!qemu_chr_fe_init(&mon->common.chr, chr, errp)) {
        monitor_data_destroy(&mon->common);
        g_free(mon);
        return false;
    }
    json_message_parser_init(&mon->parser, handle_qmp_command, mon, NULL);
    monitor_list_append(&mon->common);
    qemu_chr_fe_set_handlers(&mon->common.chr, monitor_can_read,
                             monitor_qmp_read, monitor_qmp_event, mon, true);
    return true;
}

void monitor_qmp_destroy(MonitorQMP *mon)
{
    monitor_data_destroy(&mon->common);
    json_message_parser_destroy(&mon->parser);
    g_free(mon);
}

/* --- qmp_capabilities --------------------------------------------------- */

void qmp_qmp_capabilities(bool has_enable, QMPCapabilityList *enable,
                          Error **errp)
{
    MonitorQMP *mon = qmp_dispatch_cur_mon();
    bool capab[QMP_CAPABILITY__MAX] = { false };
    QMPCapabilityList *l;

    if (!mon || monitor_qmp_in_command_mode(mon)) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Capabilities negotiation is already complete, command "
                  "ignored");
        return;
    }
    for (l = has_enable ? enable : NULL; l; l = l->next) {
        if (!mon->capab_offered[l->value]) {
            error_setg(errp, "Capability '%s' not available",
                       QMPCapability_str(l->value));
            return;
        }
        capab[l->value] = true;
    }
    memcpy(mon->capab, capab, sizeof(capab));
    mon->commands = &qmp_commands;
}

/*
 * What QMP and HMP monitors share: the list of monitors, the current
 * monitor, HMP output, event delivery and -mon parsing.
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"
#include "qapi/qapi-emit-events.h"
#include "qapi/util.h"
#include "qemu/keyval.h"
#include "qemu/error-report.h"

static GList *mon_list;
static Monitor *cur_mon;

Monitor *monitor_cur(void)
{
    return cur_mon;
}

Monitor *monitor_set_cur(Monitor *mon)
{
    Monitor *old = cur_mon;

    cur_mon = mon;
    return old;
}

bool monitor_cur_is_qmp(void)
{
    return cur_mon && cur_mon->is_qmp;
}

void monitor_data_init(Monitor *mon, bool is_qmp)
{
    mon->is_qmp = is_qmp;
    mon->outbuf = g_string_new(NULL);
}

void monitor_data_destroy(Monitor *mon)
{
    if (mon->out_watch) {
        g_source_remove(mon->out_watch);
        mon->out_watch = 0;
    }
    qemu_chr_fe_deinit(&mon->chr, false);
    g_string_free(mon->outbuf, true);
}

void monitor_reset_output(Monitor *mon)
{
    if (mon->out_watch) {
        g_source_remove(mon->out_watch);
        mon->out_watch = 0;
    }
    g_string_truncate(mon->outbuf, 0);
}

void monitor_list_append(Monitor *mon)
{
    mon_list = g_list_append(mon_list, mon);
}

/*
 * Output that a client does not read piles up here instead of stopping
 * the main loop; past this much the client is considered gone and the
 * pending output is dropped.
 */
#define MONITOR_OUTBUF_MAX (64 * 1024 * 1024)

static gboolean monitor_unblocked(int fd, GIOCondition cond, void *opaque)
{
    Monitor *mon = opaque;

    mon->out_watch = 0;
    monitor_flush(mon);
    return G_SOURCE_REMOVE;
}

void monitor_flush(Monitor *mon)
{
    int n;

    if (!mon->outbuf->len || !qemu_chr_fe_backend_connected(&mon->chr) ||
        mon->out_watch) {
        return;
    }
    n = qemu_chr_fe_write(&mon->chr, (const uint8_t *)mon->outbuf->str,
                          mon->outbuf->len);
    if (n < 0) {
        /* The client is gone: what it did not read is lost. */
        g_string_truncate(mon->outbuf, 0);
        return;
    }
    g_string_erase(mon->outbuf, 0, n);
    if (!mon->outbuf->len) {
        return;
    }
    if (mon->outbuf->len > MONITOR_OUTBUF_MAX) {
        warn_report("monitor client does not read its output: %zu bytes "
                    "dropped", mon->outbuf->len);
        g_string_truncate(mon->outbuf, 0);
        return;
    }
    mon->out_watch = qemu_chr_fe_add_watch(&mon->chr, G_IO_OUT | G_IO_HUP,
                                           monitor_unblocked, mon);
    if (!mon->out_watch) {
        /* Nothing to wait on (output never blocks there): retry now. */
        qemu_chr_fe_write_all(&mon->chr, (const uint8_t *)mon->outbuf->str,
                              mon->outbuf->len);
        g_string_truncate(mon->outbuf, 0);
    }
}

int monitor_puts(Monitor *mon, const char *str)
{
    const char *p;

    if (!mon) {
        return 0;
    }
    for (p = str; *p; p++) {
        if (*p == '\n') {
            g_string_append_c(mon->outbuf, '\r');
        }
        g_string_append_c(mon->outbuf, *p);
    }
    /* A monitor without a chardev (human-monitor-command) keeps its
     * output for the caller. */
    if (qemu_chr_fe_backend_connected(&mon->chr)) {
        monitor_flush(mon);
    }
    return p - str;
}

int monitor_vprintf(Monitor *mon, const char *fmt, va_list ap)
{
    g_autofree char *buf = NULL;

    if (!mon || mon->is_qmp) {
        return -1;
    }
    buf = g_strdup_vprintf(fmt, ap);
    return monitor_puts(mon, buf);
}

int monitor_printf(Monitor *mon, const char *fmt, ...)
{
    va_list ap;
    int ret;

    va_start(ap, fmt);
    ret = monitor_vprintf(mon, fmt, ap);
    va_end(ap);
    return ret;
}

int monitor_can_read(void *opaque)
{
    Monitor *mon = opaque;

    return mon->suspend_cnt == 0 ? 4096 : 0;
}

/* Events go to every QMP monitor in command mode (qmp.c). */
void qapi_event_emit(QAPIEvent event, QDict *qdict)
{
    qmp_emit_event_all(qdict);
}

/* --- -mon --------------------------------------------------------------- */

bool monitor_init_opts(const char *optstr, Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(optstr, "chardev", NULL, errp);
    const char *chardev, *mode;
    bool pretty = false;
    const QDictEntry *e;
    Chardev *chr;

    if (!opts) {
        return false;
    }
    for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        static const char *const known[] = {
            "chardev", "mode", "pretty", "id", NULL
        };
        if (!g_strv_contains(known, qdict_entry_key(e))) {
            error_setg(errp, "Invalid parameter '%s'", qdict_entry_key(e));
            return false;
        }
    }
    chardev = qdict_get_try_str(opts, "chardev");
    if (!chardev) {
        error_setg(errp, "Parameter 'chardev' is missing");
        return false;
    }
    mode = qdict_get_try_str(opts, "mode");
    if (qdict_haskey(opts, "pretty") &&
        !qapi_bool_parse("pretty", qdict_get_try_str(opts, "pretty"),
                         &pretty, errp)) {
        return false;
    }
    chr = qemu_chr_find(chardev);
    if (!chr) {
        error_setg(errp, "chardev \"%s\" not found", chardev);
        return false;
    }
    if (!mode || !strcmp(mode, "readline")) {
        if (pretty) {
            warn_report("'pretty' is deprecated for HMP monitors, it has no "
                        "effect and will be removed in future versions");
        }
        return monitor_init_hmp(chr, true, errp);
    }
    if (!strcmp(mode, "control")) {
        return monitor_init_qmp(chr, pretty, errp);
    }
    error_setg(errp, "Parameter 'mode' does not accept value '%s'", mode);
    return false;
}

void monitor_cleanup(void)
{
    GList *l;

    for (l = mon_list; l; l = l->next) {
        Monitor *mon = l->data;
        mon->dead = true;
        if (mon->is_qmp) {
            monitor_qmp_destroy((MonitorQMP *)mon);
        } else {
            monitor_hmp_destroy((MonitorHMP *)mon);
        }
    }
    g_list_free(mon_list);
    mon_list = NULL;
}

GList *monitor_list(void)
{
    return mon_list;
}

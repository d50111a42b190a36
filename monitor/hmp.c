/*
 * The human monitor (HMP): a command line on a chardev, with line editing
 * (readline.c) on terminals. Each command's arguments are split by the
 * description in its table entry (hmp-cmds.c) into a QDict, and the
 * command calls the QMP handler and formats the result.
 *
 * Argument descriptions (QEMU's args_type, the subset used here):
 *   "name:s"   one word (or "quoted string")
 *   "name:s?"  an optional word
 *   "name:S"   the rest of the line
 *   "name:-j"  a flag: present when "-j" is given
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"
#include "monitor/hmp.h"
#include "qemu/error-report.h"
#include "qapi/qapi-commands-misc.h"

static void monitor_hmp_read_line(void *opaque, const char *line);

/* --- argument parsing --------------------------------------------------- */

static const char *skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    return p;
}

/* One word or quoted string at *pp; NULL at the end of the line. */
static char *get_word(const char **pp, Error **errp)
{
    const char *p = skip_spaces(*pp);
    GString *word;

    if (!*p) {
        return NULL;
    }
    word = g_string_new(NULL);
    if (*p == '"') {
        p++;
        while (*p && *p != '"') {
            if (*p == '\\' && p[1]) {
                p++;
            }
            g_string_append_c(word, *p++);
        }
        if (*p != '"') {
            error_setg(errp, "unterminated string");
            g_string_free(word, true);
            return NULL;
        }
        p++;
    } else {
        while (*p && *p != ' ' && *p != '\t') {
            g_string_append_c(word, *p++);
        }
    }
    *pp = p;
    return g_string_free(word, false);
}

static void hmp_missing_arg(const HMPCommand *cmd, Error **errp)
{
    g_auto(GStrv) names = g_strsplit(cmd->name, "|", 2);

    error_setg(errp, "%s: string expected\nTry \"help %s\" for more "
               "information", names[0], names[0]);
}

static QDict *hmp_parse_args(const HMPCommand *cmd, const char *args,
                             Error **errp)
{
    g_autoptr(QDict) qdict = qdict_new();
    g_auto(GStrv) specs = g_strsplit(cmd->args_type, ",", -1);
    const char *p = args;
    int i;

    for (i = 0; specs[i] && specs[i][0]; i++) {
        char *colon = strchr(specs[i], ':');
        const char *type = colon ? colon + 1 : "s";
        g_autofree char *key = colon ? g_strndup(specs[i], colon - specs[i])
                                     : g_strdup(specs[i]);
        bool optional = g_str_has_suffix(type, "?");
        Error *local_err = NULL;
        char *word;

        if (type[0] == '-') {
            const char *q = skip_spaces(p);
            if (q[0] == '-' && q[1] == type[1] &&
                (q[2] == '\0' || q[2] == ' ')) {
                qdict_put_bool(qdict, key, true);
                p = q + 2;
            }
            continue;
        }
        if (type[0] == 'S') {
            const char *rest = skip_spaces(p);
            if (!*rest && !optional) {
                hmp_missing_arg(cmd, errp);
                return NULL;
            }
            if (*rest) {
                qdict_put_str(qdict, key, rest);
            }
            p = rest + strlen(rest);
            continue;
        }
        word = get_word(&p, &local_err);
        if (local_err) {
            error_propagate(errp, local_err);
            return NULL;
        }
        if (!word) {
            if (!optional) {
                hmp_missing_arg(cmd, errp);
                return NULL;
            }
            continue;
        }
        qdict_put_str(qdict, key, word);
        g_free(word);
    }
    if (*skip_spaces(p)) {
        error_setg(errp, "%s: extraneous characters at the end of line",
                   cmd->name);
        return NULL;
    }
    return g_steal_pointer(&qdict);
}

/* --- dispatch ----------------------------------------------------------- */

static const HMPCommand *hmp_find(const HMPCommand *table, const char *name)
{
    for (; table->name; table++) {
        g_auto(GStrv) names = g_strsplit(table->name, "|", -1);
        if (g_strv_contains((const char *const *)names, name)) {
            return table;
        }
    }
    return NULL;
}

static void hmp_print_redirect(void *opaque, const char *text)
{
    monitor_puts(opaque, text);
}

void hmp_handle_command(MonitorHMP *mon, const char *cmdline)
{
    const HMPCommand *table = hmp_cmds;
    const HMPCommand *cmd = NULL;
    const char *p = cmdline;
    g_autoptr(QDict) qdict = NULL;
    Error *err = NULL;
    Monitor *old;

    /* "info status": descend into the sub-table of "info". */
    for (;;) {
        g_autofree char *name = get_word(&p, NULL);
        if (!name) {
            if (cmd) {
                break;
            }
            return;     /* an empty line */
        }
        cmd = hmp_find(table, name);
        if (!cmd) {
            monitor_printf(&mon->common, "unknown command: '%s%s'\n",
                           table == hmp_cmds ? "" : "info ", name);
            return;
        }
        if (!cmd->sub_table) {
            break;
        }
        table = cmd->sub_table;
        if (!*skip_spaces(p)) {
            break;      /* "info" alone: its help */
        }
    }
    qdict = hmp_parse_args(cmd, p, &err);
    if (!qdict) {
        monitor_printf(&mon->common, "%s\n", error_get_pretty(err));
        error_free(err);
        return;
    }
    old = monitor_set_cur(&mon->common);
    error_printf_redirect(hmp_print_redirect, &mon->common);
    if (cmd->cmd) {
        cmd->cmd(&mon->common, qdict);
    } else if (cmd->sub_table) {
        hmp_help_table(&mon->common, cmd->sub_table, "info ");
    }
    error_printf_redirect(NULL, NULL);
    monitor_set_cur(old);
}

void hmp_complete(MonitorHMP *mon, const char *cmdline)
{
    const HMPCommand *table = hmp_cmds;
    const char *p = cmdline;
    g_autofree char *first = NULL;
    const char *partial;
    const HMPCommand *cmd;

    if (!mon->rs) {
        return;
    }
    p = skip_spaces(p);
    if (g_str_has_prefix(p, "info ")) {
        table = hmp_info_cmds;
        p = skip_spaces(p + 5);
    }
    if (strchr(p, ' ')) {
        return;     /* only command names are completed */
    }
    partial = p;
    readline_set_completion_index(mon->rs, strlen(partial));
    for (cmd = table; cmd->name; cmd++) {
        g_auto(GStrv) names = g_strsplit(cmd->name, "|", -1);
        if (g_str_has_prefix(names[0], partial)) {
            readline_add_completion(mon->rs, names[0]);
        }
    }
}

/* --- the monitor on a chardev ------------------------------------------- */

static void monitor_hmp_complete(void *opaque, const char *cmdline)
{
    hmp_complete(opaque, cmdline);
}

static void monitor_hmp_read_line(void *opaque, const char *line)
{
    MonitorHMP *mon = opaque;

    hmp_handle_command(mon, line);
    if (mon->rs && !mon->common.dead && !mon->common.suspend_cnt) {
        readline_show_prompt(mon->rs);
    }
}

static void monitor_hmp_read(void *opaque, const uint8_t *buf, int size)
{
    MonitorHMP *mon = opaque;
    int i;

    for (i = 0; i < size; i++) {
        if (mon->rs) {
            readline_handle_byte(mon->rs, buf[i]);
            continue;
        }
        /* Without readline: plain lines, no echo. */
        if (buf[i] == '\n' || buf[i] == '\r') {
            g_autofree char *line = g_strdup(mon->line->str);
            g_string_truncate(mon->line, 0);
            hmp_handle_command(mon, line);
        } else if (mon->line->len < 4096) {
            g_string_append_c(mon->line, buf[i]);
        }
    }
}

static void monitor_hmp_event(void *opaque, QEMUChrEvent event)
{
    MonitorHMP *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        monitor_printf(&mon->common, "QEMU %s monitor - type 'help' for "
                       "more information\n", QEMU_VERSION);
        mon->reset_seen = true;
        if (mon->rs) {
            readline_show_prompt(mon->rs);
        }
        break;
    case CHR_EVENT_CLOSED:
        monitor_reset_output(&mon->common);
        break;
    case CHR_EVENT_MUX_IN:
        /* Back from the serial console: a fresh prompt. */
        if (mon->reset_seen && mon->rs) {
            readline_show_prompt(mon->rs);
        }
        break;
    default:
        break;
    }
}

bool monitor_init_hmp(Chardev *chr, bool use_readline, Error **errp)
{
    MonitorHMP *mon = g_new0(MonitorHMP, 1);

    monitor_data_init(&mon->common, false);
    if (!qemu_chr_fe_init(&mon->common.chr, chr, errp)) {
        monitor_data_destroy(&mon->common);
        g_free(mon);
        return false;
    }
    mon->use_readline = use_readline;
    mon->line = g_string_new(NULL);
    if (use_readline) {
        mon->rs = readline_init(monitor_hmp_read_line, monitor_hmp_complete,
                                &mon->common, mon);
        readline_start(mon->rs, HMP_PROMPT);
    }
    monitor_list_append(&mon->common);
    qemu_chr_fe_set_handlers(&mon->common.chr, monitor_can_read,
                             monitor_hmp_read, monitor_hmp_event, mon, true);
    return true;
}

void monitor_hmp_destroy(MonitorHMP *mon)
{
    monitor_data_destroy(&mon->common);
    readline_free(mon->rs);
    if (mon->line) {
        g_string_free(mon->line, true);
    }
    g_free(mon);
}

/* --- human-monitor-command ---------------------------------------------- */

char *qmp_human_monitor_command(const char *command_line, bool has_cpu_index,
                                int64_t cpu_index, Error **errp)
{
    MonitorHMP hmp = { 0 };
    char *out;

    /* A monitor without a chardev: its output stays in outbuf. */
    monitor_data_init(&hmp.common, false);
    hmp_handle_command(&hmp, command_line);
    out = g_strdup(hmp.common.outbuf->str);
    g_string_free(hmp.common.outbuf, true);
    return out;
}

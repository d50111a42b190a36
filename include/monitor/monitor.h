/*
 * Monitors: QMP (JSON, for programs) and HMP (text, for people), each on
 * a chardev. Several can run at once (-qmp, -monitor, -mon, as many as
 * given). HMP commands are thin formatters over the QMP handlers.
 *
 * QMP events (qapi_event_send_*() from the generated code) reach every
 * QMP monitor that has left capabilities negotiation.
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include "chardev/char.h"
#include "qapi/qmp/dispatch.h"

typedef struct Monitor Monitor;

/* Register the QMP commands; call once before creating monitors. */
void monitor_init_globals(void);

/* The commands of a monitor in command mode (after qmp_capabilities). */
extern QmpCommandList qmp_commands;

/* A QMP monitor on @chr (pretty: indented JSON). */
bool monitor_init_qmp(Chardev *chr, bool pretty, Error **errp);
/* An HMP monitor on @chr (with a prompt and line editing). */
bool monitor_init_hmp(Chardev *chr, bool use_readline, Error **errp);

/*
 * -mon chardev=ID[,mode=readline|control][,pretty=on|off]: errors name
 * the problem ("chardev \"x\" not found", "Parameter 'mode' does not
 * accept value 'x'").
 */
bool monitor_init_opts(const char *optstr, Error **errp);

/* Close every monitor (at exit). */
void monitor_cleanup(void);

/* The monitor whose command is running (NULL when none). */
Monitor *monitor_cur(void);
bool monitor_cur_is_qmp(void);

/* Output to an HMP monitor ("\n" becomes "\r\n" as in QEMU). */
int monitor_printf(Monitor *mon, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int monitor_vprintf(Monitor *mon, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
int monitor_puts(Monitor *mon, const char *str);

#endif

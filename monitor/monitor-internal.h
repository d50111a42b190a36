/*
 * What the monitor's files share: the Monitor structures, the list of
 * monitors, the readline state of HMP.
 */
#ifndef MONITOR_INTERNAL_H
#define MONITOR_INTERNAL_H

#include "monitor/monitor.h"
#include "chardev/char-fe.h"
#include "qobject/json-parser.h"
#include "qapi/qapi-types-control.h"

#define HMP_PROMPT "(qemu) "

typedef struct ReadLineState ReadLineState;
typedef void ReadLineFunc(void *opaque, const char *str);
typedef void ReadLineCompletionFunc(void *opaque, const char *cmdline);

struct Monitor {
    CharBackend chr;
    bool is_qmp;
    bool use_io_thread;     /* never: kept for QEMU's shape */
    bool dead;              /* being freed */
    GString *outbuf;        /* output not yet taken by the chardev */
    guint out_watch;        /* waiting for the chardev to take more */
    int suspend_cnt;        /* HMP: input ignored while > 0 */
};

typedef struct MonitorQMP {
    Monitor common;
    JSONMessageParser parser;
    bool pretty;
    /* &qmp_cap_negotiation_commands until qmp_capabilities succeeds. */
    QmpCommandList *commands;
    bool capab_offered[QMP_CAPABILITY__MAX];
    bool capab[QMP_CAPABILITY__MAX];
} MonitorQMP;

typedef struct MonitorHMP {
    Monitor common;
    bool use_readline;
    ReadLineState *rs;
    GString *line;          /* without readline: the line being read */
    bool reset_seen;        /* the banner was printed */
} MonitorHMP;

extern QmpCommandList qmp_cap_negotiation_commands;

/* monitor.c */
void monitor_list_append(Monitor *mon);
GList *monitor_list(void);
void monitor_data_init(Monitor *mon, bool is_qmp);
void monitor_data_destroy(Monitor *mon);
void monitor_flush(Monitor *mon);
/* The client left: forget its unsent output. */
void monitor_reset_output(Monitor *mon);
Monitor *monitor_set_cur(Monitor *mon);
int monitor_can_read(void *opaque);

/* qmp.c */
void monitor_qmp_send(MonitorQMP *mon, QDict *rsp);
void monitor_qmp_destroy(MonitorQMP *mon);
void qmp_emit_event_all(QDict *event);

/* hmp.c */
void hmp_handle_command(MonitorHMP *mon, const char *cmdline);
void monitor_hmp_destroy(MonitorHMP *mon);
void hmp_complete(MonitorHMP *mon, const char *cmdline);

/* readline.c */
ReadLineState *readline_init(ReadLineFunc *fn, ReadLineCompletionFunc *cfn,
                             Monitor *mon, void *opaque);
void readline_free(ReadLineState *rs);
void readline_start(ReadLineState *rs, const char *prompt);
void readline_show_prompt(ReadLineState *rs);
void readline_handle_byte(ReadLineState *rs, int ch);
void readline_add_completion(ReadLineState *rs, const char *str);
void readline_set_completion_index(ReadLineState *rs, int index);

#endif

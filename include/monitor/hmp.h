/*
 * HMP commands: each is a thin formatter over a QMP handler.
 */
#ifndef MONITOR_HMP_H
#define MONITOR_HMP_H

#include "monitor/monitor.h"
#include "qobject/qdict.h"

typedef struct HMPCommand HMPCommand;

struct HMPCommand {
    const char *name;           /* "quit|q": aliases after '|' */
    const char *args_type;      /* see monitor/hmp.c */
    const char *params;         /* for help */
    const char *help;
    void (*cmd)(Monitor *mon, const QDict *qdict);
    const HMPCommand *sub_table; /* "info" */
};

extern const HMPCommand hmp_cmds[];
extern const HMPCommand hmp_info_cmds[];

/* Print "Error: <message>" for @err (if set) and free it. */
void hmp_handle_error(Monitor *mon, Error *err);
/* The help lines of @table, each name prefixed with @prefix. */
void hmp_help_table(Monitor *mon, const HMPCommand *table,
                    const char *prefix);

#endif

/*
 * QMP command registry and dispatcher.
 *
 * The generated <prefix>qmp_init_marshal() registers one marshaler per
 * schema command into a QmpCommandList; the monitor hands each request (a
 * parsed JSON value) to qmp_dispatch(), which checks its shape, finds the
 * command and returns the response dict: {"return": ...} or
 * {"error": {"class": ..., "desc": ...}}, with the request's "id" echoed.
 * The error texts are QEMU's, since clients match on them.
 */
#ifndef QAPI_QMP_DISPATCH_H
#define QAPI_QMP_DISPATCH_H

#include <stdbool.h>
#include "qemu/error.h"
#include "qobject/qobject.h"

/* A marshaler: visit @args, run the handler, put the result in *ret. */
typedef void (QmpCommandFunc)(QDict *args, QObject **ret, Error **errp);

typedef enum QmpCommandOptions {
    QCO_NO_OPTIONS = 0,
    QCO_NO_SUCCESS_RESP = 1u << 0,  /* 'success-response': false */
    QCO_ALLOW_OOB = 1u << 1,        /* 'allow-oob': true */
    QCO_ALLOW_PRECONFIG = 1u << 2,  /* 'allow-preconfig': true */
    QCO_COROUTINE = 1u << 3,        /* 'coroutine': true */
} QmpCommandOptions;

typedef struct QmpCommand QmpCommand;

struct QmpCommand {
    const char *name;
    QmpCommandFunc *fn;
    QmpCommandOptions options;
    unsigned special_features;  /* bits of QapiSpecialFeature */
    bool enabled;
    const char *disable_reason;
    QmpCommand *next;
};

/* A set of commands in registration order. Zero-initialize it (or use
 * qmp_command_list_init), fill it with qmp_register_command. */
typedef struct QmpCommandList {
    QmpCommand *first;
    QmpCommand *last;
} QmpCommandList;

void qmp_command_list_init(QmpCommandList *cmds);
/* Free every QmpCommand of @cmds (the names are not owned). */
void qmp_command_list_clear(QmpCommandList *cmds);

/*
 * Register @fn as command @name (a string that lives as long as @cmds).
 * Registering a name twice is a programming error (abort).
 */
void qmp_register_command(QmpCommandList *cmds, const char *name,
                          QmpCommandFunc *fn, QmpCommandOptions options,
                          unsigned special_features);
/* Remove @name; returns whether it was registered. */
bool qmp_unregister_command(QmpCommandList *cmds, const char *name);

const QmpCommand *qmp_find_command(const QmpCommandList *cmds,
                                   const char *name);
/* Disabled commands answer CommandNotFound "Command X has been disabled". */
void qmp_disable_command(QmpCommandList *cmds, const char *name,
                         const char *disable_reason);
void qmp_enable_command(QmpCommandList *cmds, const char *name);

bool qmp_command_is_enabled(const QmpCommand *cmd);
const char *qmp_command_name(const QmpCommand *cmd);
bool qmp_has_success_response(const QmpCommand *cmd);

typedef void (*qmp_cmd_callback_fn)(const QmpCommand *cmd, void *opaque);
void qmp_for_each_command(const QmpCommandList *cmds, qmp_cmd_callback_fn fn,
                          void *opaque);

/*
 * Whether @cmd may run now. The system emulator installs a hook that
 * refuses commands without 'allow-preconfig' before the machine exists;
 * without a hook every command is available.
 */
typedef bool (*QmpCommandAvailableFunc)(const QmpCommand *cmd, Error **errp);
void qmp_set_command_available_hook(QmpCommandAvailableFunc fn);
bool qmp_command_available(const QmpCommand *cmd, Error **errp);

/* {"error": {"class": <class of err>, "desc": <message>}}; frees @err. */
QDict *qmp_error_response(Error *err);

/* Whether @dict is a request for out-of-band execution ("exec-oob"). */
bool qmp_is_oob(const QDict *dict);

/*
 * Execute @request and return the response (a new reference), or NULL for
 * a successful command registered with QCO_NO_SUCCESS_RESP. @allow_oob
 * says whether "exec-oob" and "control" are accepted (the monitor
 * negotiated the 'oob' capability). @cur_mon is the monitor the request
 * came from, made available to handlers through qmp_dispatch_cur_mon().
 */
QDict *qmp_dispatch(const QmpCommandList *cmds, QObject *request,
                    bool allow_oob, void *cur_mon);

/* The monitor of the request being dispatched (NULL outside dispatch). */
void *qmp_dispatch_cur_mon(void);

#endif

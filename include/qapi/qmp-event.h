/*
 * Helpers of the generated event senders (qapi_event_send_*).
 */
#ifndef QAPI_QMP_EVENT_H
#define QAPI_QMP_EVENT_H

#include "qobject/qdict.h"

/*
 * A new event message {"event": @event_name, "timestamp": {"seconds": S,
 * "microseconds": U}} (wall-clock time, as QEMU). The sender adds "data".
 */
QDict *qmp_event_build_dict(const char *event_name);

#endif

/*
 * Event messages, and the default event sink of programs without a
 * monitor.
 */
#include "qemu/osdep.h"
#include "qapi/qmp-event.h"
#include "qapi/qapi-emit-events.h"

QDict *qmp_event_build_dict(const char *event_name)
{
    QDict *dict = qdict_new();
    QDict *timestamp = qdict_new();
    gint64 now = g_get_real_time();

    qdict_put_int(timestamp, "seconds", now / G_USEC_PER_SEC);
    qdict_put_int(timestamp, "microseconds", now % G_USEC_PER_SEC);
    qdict_put_str(dict, "event", event_name);
    qdict_put_obj(dict, "timestamp", QOBJECT(timestamp));
    return dict;
}

/*
 * Tools without a monitor (qemu-img, qemu-io) drop events.  The monitor
 * defines the real qapi_event_emit(), which takes precedence over this
 * weak one at link time.
 */
__attribute__((weak)) void qapi_event_emit(QAPIEvent event, QDict *qdict)
{
}

/*
 * qobject_from_json(): one JSON text to one QObject, through the same
 * streaming parser QMP uses.
 */
#include "qemu/osdep.h"
#include "qobject/json-parser.h"
#include "qobject/qjson.h"

typedef struct JSONParsingState {
    QObject *result;
    Error *err;
    bool got_value;     /* a value was emitted (result may be NULL after) */
} JSONParsingState;

static void consume_json(void *opaque, QObject *json, Error *err)
{
    JSONParsingState *s = opaque;

    if (s->err) {
        /* only the first problem is reported */
        qobject_unref(json);
        error_free(err);
        return;
    }
    if (err) {
        s->err = err;
    } else if (s->got_value) {
        qobject_unref(json);
        error_setg(&s->err, "JSON parse error, expecting at most one JSON value");
    } else {
        s->result = json;
        s->got_value = true;
    }
}

QObject *qobject_from_json_len(const char *buf, size_t len, Error **errp)
{
    JSONParsingState state = { 0 };
    JSONMessageParser parser;

    json_message_parser_init(&parser, consume_json, &state, NULL);
    parser.no_resync_bytes = true;
    json_message_parser_feed(&parser, buf, len);
    json_message_parser_flush(&parser);
    json_message_parser_destroy(&parser);

    if (!state.err && !state.got_value) {
        error_setg(&state.err, "JSON parse error, empty input");
    }
    if (state.err) {
        qobject_unref(state.result);
        error_propagate(errp, state.err);
        return NULL;
    }
    return state.result;
}

QObject *qobject_from_json(const char *string, Error **errp)
{
    return qobject_from_json_len(string, strlen(string), errp);
}

/*
 * libFuzzer target for the JSON reader and writer.
 *
 * For each input:
 * 1. qobject_from_json_len() must return a value or an error, never both
 *    or neither; a value must survive writing (compact and pretty) and
 *    re-reading unchanged.
 * 2. The streaming parser, fed the same bytes in chunks whose sizes are
 *    derived from the input, must only emit values or errors, each value
 *    again round-tripping; when step 1 succeeded it must emit exactly that
 *    one value and no error.
 * Any violation aborts, which libFuzzer reports as a crash.
 */
#include "qemu/osdep.h"
#include "qobject/json-parser.h"
#include "qobject/qjson.h"

static void check(bool cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz-json: check failed: %s\n", what);
        abort();
    }
}

static void check_round_trip(const QObject *obj)
{
    g_autoptr(GString) compact = qobject_to_json(obj);
    g_autoptr(GString) pretty = qobject_to_json_pretty(obj, true);
    g_autoptr(QObject) back = qobject_from_json(compact->str, NULL);
    g_autoptr(QObject) back_pretty = qobject_from_json(pretty->str, NULL);
    g_autoptr(GString) again = NULL;
    g_autoptr(GString) again2 = NULL;
    g_autoptr(QObject) back2 = NULL;

    check(back != NULL, "compact output re-parses");
    check(back_pretty != NULL, "pretty output re-parses");
    check(qobject_is_equal(obj, back), "compact round trip keeps the value");
    check(qobject_is_equal(obj, back_pretty),
          "pretty round trip keeps the value");
    /*
     * The text may change once (-0.0 is written "-0", read back as the
     * integer 0), but after that it must be stable.
     */
    again = qobject_to_json(back);
    back2 = qobject_from_json(again->str, NULL);
    check(back2 != NULL, "second output re-parses");
    again2 = qobject_to_json(back2);
    check(!strcmp(again->str, again2->str), "output is stable");
}

typedef struct StreamState {
    int values;
    int errors;
    QObject *first;
} StreamState;

static void stream_emit(void *opaque, QObject *json, Error *err)
{
    StreamState *s = opaque;

    check((json == NULL) != (err == NULL), "emit gets a value or an error");
    if (json) {
        check_round_trip(json);
        if (!s->values) {
            s->first = qobject_ref(json);
        }
        s->values++;
        qobject_unref(json);
    } else {
        check(error_get_pretty(err)[0] != '\0', "error has a message");
        s->errors++;
        error_free(err);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    Error *err = NULL;
    QObject *obj = qobject_from_json_len(buf, size, &err);
    JSONMessageParser parser;
    StreamState s = { 0 };
    uint32_t rng = 2166136261u ^ (uint32_t)size;
    size_t pos = 0;

    check((obj == NULL) != (err == NULL), "value or error, exactly one");
    if (obj) {
        check_round_trip(obj);
    }
    error_free(err);

    json_message_parser_init(&parser, stream_emit, &s, NULL);
    while (pos < size) {
        size_t chunk;

        rng = rng * 1103515245u + 12345u + (unsigned char)buf[pos];
        chunk = MIN(1 + (rng >> 16) % 17, size - pos);
        json_message_parser_feed(&parser, buf + pos, chunk);
        pos += chunk;
    }
    json_message_parser_flush(&parser);
    json_message_parser_destroy(&parser);

    if (obj) {
        check(s.values == 1 && s.errors == 0,
              "stream emits exactly the one value qobject_from_json found");
        check(qobject_is_equal(obj, s.first), "stream value is the same");
    }
    qobject_unref(s.first);
    qobject_unref(obj);
    return 0;
}

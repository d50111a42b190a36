/*
 * Unit tests for the streaming JSON message parser (what QMP reads with):
 * values split across arbitrary chunks, several values per chunk, error
 * reporting and recovery, limits.
 */
#include "qemu/osdep.h"
#include "qobject/json-parser.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"

/* Everything the parser emitted, one line each: JSON text or "error: msg". */
typedef struct Collector {
    GString *log;
    int values;
    int errors;
} Collector;

static void collect(void *opaque, QObject *json, Error *err)
{
    Collector *c = opaque;

    g_assert_true((json == NULL) != (err == NULL));
    if (json) {
        g_autoptr(GString) s = qobject_to_json(json);
        g_string_append_printf(c->log, "%s\n", s->str);
        c->values++;
        qobject_unref(json);
    } else {
        g_string_append_printf(c->log, "error: %s\n", error_get_pretty(err));
        c->errors++;
        error_free(err);
    }
}

typedef struct Fixture {
    JSONMessageParser parser;
    Collector c;
} Fixture;

static void fixture_init(Fixture *f)
{
    f->c.log = g_string_new(NULL);
    f->c.values = f->c.errors = 0;
    json_message_parser_init(&f->parser, collect, &f->c, NULL);
}

static void fixture_destroy(Fixture *f)
{
    json_message_parser_destroy(&f->parser);
    g_string_free(f->c.log, true);
}

static void feed_str(Fixture *f, const char *s)
{
    json_message_parser_feed(&f->parser, s, strlen(s));
}

/* Feeds @in in chunks of @chunk bytes (0: all at once), then flushes. */
static char *run_chunked(const char *in, size_t len, size_t chunk)
{
    Fixture f;
    size_t pos;
    char *log;

    fixture_init(&f);
    if (!chunk) {
        chunk = len ? len : 1;
    }
    for (pos = 0; pos < len; pos += chunk) {
        json_message_parser_feed(&f.parser, in + pos, MIN(chunk, len - pos));
    }
    json_message_parser_flush(&f.parser);
    log = g_strdup(f.c.log->str);
    fixture_destroy(&f);
    return log;
}

static char *run(const char *in)
{
    return run_chunked(in, strlen(in), 0);
}

static const char stream_doc[] =
    "{\"execute\": \"qmp_capabilities\"}\n"
    "{'execute': 'query-block', 'arguments': {'flat': true},"
    " 'id': [1, 2.5, -3, \"\\u00e9\\ud83d\\ude00\", null]}\r\n"
    "  42 \"str\" true [ ] { } 18446744073709551615\n"
    "{\"a\": \"\xc3\xa9 \\\" \\\\ }]\"}";

static const char stream_expected[] =
    "{\"execute\": \"qmp_capabilities\"}\n"
    "{\"execute\": \"query-block\", \"arguments\": {\"flat\": true}, "
    "\"id\": [1, 2.5, -3, \"\\u00E9\\uD83D\\uDE00\", null]}\n"
    "42\n\"str\"\ntrue\n[]\n{}\n18446744073709551615\n"
    "{\"a\": \"\\u00E9 \\\" \\\\ }]\"}\n";

static void test_whole(void)
{
    g_autofree char *log = run(stream_doc);

    g_assert_cmpstr(log, ==, stream_expected);
}

static void test_every_chunk_size(void)
{
    size_t len = strlen(stream_doc);
    size_t chunk;

    for (chunk = 1; chunk <= len; chunk++) {
        g_autofree char *log = run_chunked(stream_doc, len, chunk);

        g_assert_cmpstr(log, ==, stream_expected);
    }
}

static void test_every_split_point(void)
{
    size_t len = strlen(stream_doc);
    size_t split;

    for (split = 0; split <= len; split++) {
        Fixture f;

        fixture_init(&f);
        json_message_parser_feed(&f.parser, stream_doc, split);
        json_message_parser_feed(&f.parser, stream_doc + split, len - split);
        json_message_parser_flush(&f.parser);
        g_assert_cmpstr(f.c.log->str, ==, stream_expected);
        fixture_destroy(&f);
    }
}

static void test_emit_timing(void)
{
    Fixture f;

    fixture_init(&f);
    feed_str(&f, "{\"a\": [1, 2");
    g_assert_cmpint(f.c.values, ==, 0);
    feed_str(&f, "]}");
    /* a container is emitted as soon as it closes */
    g_assert_cmpint(f.c.values, ==, 1);
    feed_str(&f, "12");
    /* a number may continue: it needs a delimiter or a flush */
    g_assert_cmpint(f.c.values, ==, 1);
    feed_str(&f, "3 ");
    g_assert_cmpint(f.c.values, ==, 2);
    feed_str(&f, "tru");
    g_assert_cmpint(f.c.values, ==, 2);
    feed_str(&f, "e");
    g_assert_cmpint(f.c.values, ==, 2);
    json_message_parser_flush(&f.parser);
    g_assert_cmpint(f.c.values, ==, 3);
    g_assert_cmpstr(f.c.log->str, ==, "{\"a\": [1, 2]}\n123\ntrue\n");
    g_assert_cmpint(f.c.errors, ==, 0);
    fixture_destroy(&f);
}

typedef struct {
    const char *in;
    const char *log;
} StreamCase;

static const StreamCase recovery_cases[] = {
    /* one error per bad message; the rest of its line is skipped */
    { "{\"a\" 1}\n{\"b\": 2}\n",
      "error: JSON parse error, missing : in object pair\n{\"b\": 2}\n" },
    { "@@@ {\"x\": 1}\n[2]",
      "error: JSON parse error, stray '@'\n[2]\n" },
    { "[1, 2 3] [4]\r[5]",
      "error: JSON parse error, expected separator in list, found a number\n"
      "[5]\n" },
    { "]\n[]", "error: JSON parse error, expecting value, found ']'\n[]\n" },
    { "[1}\n{}", "error: JSON parse error, mismatched '}' in list\n{}\n" },
    { "\"a\x01\"\n\"b\"",
      "error: JSON parse error, control character 0x01 in string (write it as "
      "an escape)\n\"b\"\n" },
    /* the newline ending a string in error is itself the resync point */
    { "\"abc\n\"def\"",
      "error: JSON parse error, control character 0x0A in string (write it as "
      "an escape)\n\"def\"\n" },
    { "\"\xff\"\n1", "error: JSON parse error, invalid UTF-8 sequence in string\n"
      "1\n" },
    /* a 0xFF byte ends recovery too */
    { "{\"a\" 1} garbage \xff{\"ok\": true}",
      "error: JSON parse error, missing : in object pair\n{\"ok\": true}\n" },
    /* values before the error on the same line are kept */
    { "1 2 @ 3\n4", "1\n2\nerror: JSON parse error, stray '@'\n4\n" },
    /* 0xFE/0xFF outside strings silently drop a partial message */
    { "{\"execute\": \xff{\"b\": 1}", "{\"b\": 1}\n" },
    { "[1, [2, \xfe [3]", "[3]\n" },
    { "\xff\xff\xff", "" },
    /* errors at the end of input */
    { "[1, 2", "error: JSON parse error, premature end of input\n" },
    { "{\"a\": \"xyz", "error: JSON parse error, unterminated string\n" },
    { "tru", "error: JSON parse error, invalid keyword 'tru'\n" },
    { "1.", "error: JSON parse error, invalid number '1.'\n" },
    { "", "" },
    { " \n\t\r ", "" },
    /* an error while recovering is not reported again */
    { "@ # $ % [\n1", "error: JSON parse error, stray '@'\n1\n" },
};

static void test_recovery(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(recovery_cases); i++) {
        const StreamCase *sc = &recovery_cases[i];
        size_t len = strlen(sc->in);
        size_t chunk;

        /* the outcome must not depend on how the input is chunked */
        for (chunk = 0; chunk <= len; chunk++) {
            g_autofree char *log = run_chunked(sc->in, len, chunk);

            if (strcmp(log, sc->log)) {
                g_error("case %zu, chunk %zu: got\n%s\nexpected\n%s", i, chunk,
                        log, sc->log);
            }
        }
    }
}

static void test_reuse_after_flush(void)
{
    Fixture f;

    fixture_init(&f);
    feed_str(&f, "[1, ");
    json_message_parser_flush(&f.parser);
    feed_str(&f, "[2]");
    json_message_parser_flush(&f.parser);
    /* flushing while recovering just ends the recovery */
    feed_str(&f, "@ [3");
    json_message_parser_flush(&f.parser);
    feed_str(&f, "[4]");
    json_message_parser_flush(&f.parser);
    json_message_parser_flush(&f.parser);
    g_assert_cmpstr(f.c.log->str, ==,
                    "error: JSON parse error, premature end of input\n"
                    "[2]\n"
                    "error: JSON parse error, stray '@'\n"
                    "[4]\n");
    fixture_destroy(&f);
}

static void test_nesting_limit(void)
{
    Fixture f;
    GString *s = g_string_new(NULL);
    int i;

    fixture_init(&f);
    for (i = 0; i < JSON_MAX_NESTING; i++) {
        g_string_append_c(s, '[');
    }
    for (i = 0; i < JSON_MAX_NESTING; i++) {
        g_string_append_c(s, ']');
    }
    json_message_parser_feed(&f.parser, s->str, s->len);
    g_assert_cmpint(f.c.values, ==, 1);

    /* one level more: reported at once, the rest of the line skipped */
    g_string_truncate(s, 0);
    for (i = 0; i < JSON_MAX_NESTING + 1; i++) {
        g_string_append_c(s, '[');
    }
    json_message_parser_feed(&f.parser, s->str, s->len);
    g_assert_cmpint(f.c.errors, ==, 1);
    feed_str(&f, "]]]]]]]]]]\n{}");
    g_assert_cmpint(f.c.errors, ==, 1);
    g_assert_cmpint(f.c.values, ==, 2);
    g_assert_true(g_str_has_suffix(f.c.log->str,
                  "error: JSON parse error, nesting too deep (the limit is "
                  "1024)\n{}\n"));
    g_string_free(s, true);
    fixture_destroy(&f);
}

static void test_size_limit(void)
{
    Fixture f;
    g_autofree char *big = g_strnfill(200, 'x');
    g_autofree char *in = g_strdup_printf("{\"k\": \"%s\"}\n{\"small\": 1}\n",
                                          big);

    fixture_init(&f);
    g_assert_cmpuint(f.parser.max_message_size, ==, 64 * 1024 * 1024);
    g_assert_cmpuint(f.parser.max_tokens, ==, 2 * 1024 * 1024);
    f.parser.max_message_size = 100;
    feed_str(&f, in);
    g_assert_cmpstr(f.c.log->str, ==,
                    "error: JSON parse error, message longer than 100 bytes\n"
                    "{\"small\": 1}\n");
    /* whitespace between messages does not count */
    g_string_truncate(f.c.log, 0);
    feed_str(&f, "                                                        "
             "                                                        [1]");
    json_message_parser_flush(&f.parser);
    g_assert_cmpstr(f.c.log->str, ==, "[1]\n");
    fixture_destroy(&f);
}

static void test_token_limit(void)
{
    Fixture f;

    fixture_init(&f);
    f.parser.max_tokens = 10;
    feed_str(&f, "[1, 2, 3, 4]\n");            /* 9 tokens */
    feed_str(&f, "[1, 2, 3, 4, 5]\n");         /* 11 tokens */
    feed_str(&f, "[1, 2, 3, 4]\n");
    g_assert_cmpstr(f.c.log->str, ==,
                    "[1, 2, 3, 4]\n"
                    "error: JSON parse error, message has more than 10 tokens\n"
                    "[1, 2, 3, 4]\n");
    fixture_destroy(&f);
}

static void test_big_message(void)
{
    /* A 1 MiB string, fed in odd-sized chunks, arrives intact. */
    size_t n = 1024 * 1024;
    g_autofree char *body = g_strnfill(n, 'z');
    g_autofree char *in = g_strdup_printf("[\"%s\"]", body);
    Fixture f;
    size_t pos, len = strlen(in);

    fixture_init(&f);
    for (pos = 0; pos < len; pos += 4093) {
        json_message_parser_feed(&f.parser, in + pos, MIN(4093, len - pos));
    }
    g_assert_cmpint(f.c.values, ==, 1);
    g_assert_cmpuint(f.c.log->len, ==, n + 5);     /* ["..."]\n */
    fixture_destroy(&f);
}

static void test_random_chunks_garbage(void)
{
    int iter;

    /* random bytes in random chunks: every emission is a value or an error */
    for (iter = 0; iter < 300; iter++) {
        Fixture f;
        char buf[512];
        size_t pos = 0, j;

        for (j = 0; j < sizeof(buf); j++) {
            static const char a[] = "{}[]:,\"'\\0123eE.-+ntrufalse\n\xff\x80";
            buf[j] = iter % 3 ? a[g_test_rand_int_range(0, sizeof(a) - 1)]
                              : (char)g_test_rand_int_range(0, 256);
        }
        fixture_init(&f);
        while (pos < sizeof(buf)) {
            /* (MIN() evaluates its arguments twice) */
            size_t want = g_test_rand_int_range(1, 40);
            size_t chunk = MIN(want, sizeof(buf) - pos);
            json_message_parser_feed(&f.parser, buf + pos, chunk);
            pos += chunk;
        }
        json_message_parser_flush(&f.parser);
        /* the lexer works byte by byte: chunking must not change a thing */
        {
            g_autofree char *whole = run_chunked(buf, sizeof(buf), 0);

            g_assert_cmpstr(f.c.log->str, ==, whole);
            g_assert_cmpint(f.c.values + f.c.errors, >, 0);
        }
        fixture_destroy(&f);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/json-streamer/whole", test_whole);
    g_test_add_func("/json-streamer/every-chunk-size", test_every_chunk_size);
    g_test_add_func("/json-streamer/every-split-point", test_every_split_point);
    g_test_add_func("/json-streamer/emit-timing", test_emit_timing);
    g_test_add_func("/json-streamer/recovery", test_recovery);
    g_test_add_func("/json-streamer/reuse-after-flush", test_reuse_after_flush);
    g_test_add_func("/json-streamer/nesting-limit", test_nesting_limit);
    g_test_add_func("/json-streamer/size-limit", test_size_limit);
    g_test_add_func("/json-streamer/token-limit", test_token_limit);
    g_test_add_func("/json-streamer/big-message", test_big_message);
    g_test_add_func("/json-streamer/random-garbage", test_random_chunks_garbage);
    return g_test_run();
}

/*
 * JSONMessageParser: splits a byte stream (a QMP connection) into JSON
 * values and parses them as they complete.
 *
 * Feed it bytes in chunks of any size with json_message_parser_feed(); for
 * every complete top-level value it calls emit(opaque, value, NULL), for
 * every malformed one emit(opaque, NULL, error) once. The callback owns
 * what it is given (qobject_unref() the value, error_free() the error).
 *
 * Top-level scalars are values too ("42" emits a QNum once a delimiter
 * follows it or the stream is flushed).
 *
 * Error recovery: after an error the rest of the broken message is
 * discarded by skipping input up to the next line break ('\n' or '\r')
 * or 0xFE/0xFF byte after the one in error; parsing restarts there (a
 * line break that was itself the bad byte, e.g. inside a string, is the
 * restart point).
 * So one bad line of a line-oriented client costs one error reply, and
 * the remainder of that line is ignored. A 0xFE or 0xFF byte (never valid
 * in UTF-8) anywhere outside a string also silently discards a partial
 * message: clients can send one to put the parser into a known state.
 *
 * Limits (each reported as an error, never as memory exhaustion):
 * nesting deeper than JSON_MAX_NESTING (1024), a message longer than
 * JSON_MAX_MESSAGE_SIZE bytes (64 MiB) or of more than JSON_MAX_TOKENS
 * tokens (2 Mi). The size and token limits are fields of the parser that
 * a user (or a test) may lower after init.
 */
#ifndef QOBJECT_JSON_PARSER_H
#define QOBJECT_JSON_PARSER_H

#include <stdarg.h>
#include "qobject/qobject.h"
#include "qemu/error.h"

#define JSON_MAX_MESSAGE_SIZE (64 * 1024 * 1024)
#define JSON_MAX_TOKENS (2 * 1024 * 1024)

typedef struct JSONLexer {
    int state;
    GString *text;          /* number/keyword text or decoded string */
    char quote;             /* ' or " while in a string */
    unsigned hex;           /* \uXXXX value being read */
    int hex_digits;
    unsigned high_surrogate; /* pending \uD8xx waiting for its pair */
    int utf8_need;          /* continuation bytes still expected */
    unsigned char utf8_lo, utf8_hi; /* range of the next continuation byte */
} JSONLexer;

typedef struct JSONParserFrame JSONParserFrame;

typedef struct JSONParser {
    int state;
    JSONParserFrame *stack; /* open containers, innermost last */
    size_t depth;
    size_t stack_alloc;
} JSONParser;

typedef struct JSONMessageParser {
    void (*emit)(void *opaque, QObject *json, Error *err);
    void *opaque;
    JSONLexer lexer;
    JSONParser parser;
    bool recovering;        /* skipping the rest of a broken message */
    size_t msg_bytes;       /* size of the message in progress */
    size_t msg_tokens;
    size_t max_message_size;
    size_t max_tokens;
    bool no_resync_bytes;   /* 0xFE/0xFF are errors, not resync points
                               (set by qobject_from_json) */
} JSONMessageParser;

/*
 * @ap must be NULL: %-interpolation (QEMU's qobject_from_jsonf) is not
 * supported; the parameter is there for QEMU API compatibility.
 */
void json_message_parser_init(JSONMessageParser *parser,
                              void (*emit)(void *opaque, QObject *json,
                                           Error *err),
                              void *opaque, va_list *ap);

void json_message_parser_feed(JSONMessageParser *parser,
                              const char *buffer, size_t size);

/*
 * End of input: completes a pending top-level scalar, reports a message
 * cut short ("premature end of input", "unterminated string") and resets
 * the parser for new input.
 */
void json_message_parser_flush(JSONMessageParser *parser);

void json_message_parser_destroy(JSONMessageParser *parser);

#endif

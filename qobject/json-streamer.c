/*
 * JSONMessageParser: byte stream -> lexer -> push parser -> emit(), with
 * size limits and error recovery (see include/qobject/json-parser.h).
 */
#include "qemu/osdep.h"
#include "qobject/json-parser.h"
#include "qobject/qjson.h"
#include "json-internal.h"

void json_message_parser_init(JSONMessageParser *parser,
                              void (*emit)(void *opaque, QObject *json,
                                           Error *err),
                              void *opaque, va_list *ap)
{
    memset(parser, 0, sizeof(*parser));
    parser->emit = emit;
    parser->opaque = opaque;
    json_lexer_init(&parser->lexer);
    json_parser_init(&parser->parser);
    parser->max_message_size = JSON_MAX_MESSAGE_SIZE;
    parser->max_tokens = JSON_MAX_TOKENS;
}

/* Drops a partial message and returns to a clean state. */
static void reset_message(JSONMessageParser *parser)
{
    json_lexer_reset(&parser->lexer);
    json_parser_reset(&parser->parser);
    parser->msg_bytes = 0;
    parser->msg_tokens = 0;
}

/* Bytes at which recovery after an error ends. */
static bool is_resync_byte(int c)
{
    return c == '\n' || c == '\r' || c == 0xFE || c == 0xFF;
}

/*
 * Reports @err for byte @c and skips to the next resync point. A line
 * break that caused the error (inside a string, or ending a bad token) is
 * that point already; a 0xFE/0xFF that caused one was inside a string, and
 * resyncing right there would make the string's closing quote open a new
 * one.
 */
static void fail(JSONMessageParser *parser, Error *err, int c)
{
    reset_message(parser);
    parser->recovering = c != JSON_LEX_EOF && c != '\n' && c != '\r';
    parser->emit(parser->opaque, NULL, err);
}

/* Returns false (after reporting) on error. */
static bool handle_token(JSONMessageParser *parser, JSONTokenType type, int c)
{
    QObject *value = NULL;
    Error *err = NULL;
    int ret;

    if (++parser->msg_tokens > parser->max_tokens) {
        error_setg(&err, "JSON parse error, message has more than %zu tokens",
                   parser->max_tokens);
        fail(parser, err, c);
        return false;
    }
    ret = json_parser_push(&parser->parser, type, parser->lexer.text,
                           &value, &err);
    if (ret < 0) {
        fail(parser, err, c);
        return false;
    }
    if (ret > 0) {
        parser->msg_bytes = 0;
        parser->msg_tokens = 0;
        parser->emit(parser->opaque, value, NULL);
    }
    return true;
}

static void feed_byte(JSONMessageParser *parser, int c)
{
    if (parser->recovering) {
        if (!is_resync_byte(c)) {
            return;
        }
        parser->recovering = false;
    }
    if ((c == 0xFE || c == 0xFF) && !parser->no_resync_bytes &&
        !json_lexer_in_string(&parser->lexer)) {
        reset_message(parser);
        return;
    }
    if (!json_lexer_idle(&parser->lexer) || !json_parser_idle(&parser->parser)
        || !json_is_space(c)) {
        if (++parser->msg_bytes > parser->max_message_size) {
            Error *err = NULL;

            error_setg(&err, "JSON parse error, message longer than %zu bytes",
                       parser->max_message_size);
            fail(parser, err, c);
            return;
        }
    }
    for (;;) {
        JSONTokenType type;
        Error *err = NULL;

        switch (json_lexer_step(&parser->lexer, c, &type, &err)) {
        case JSON_LEX_MORE:
            return;
        case JSON_LEX_ERROR:
            fail(parser, err, c);
            return;
        case JSON_LEX_TOKEN:
            handle_token(parser, type, c);
            return;
        case JSON_LEX_TOKEN_AGAIN:
            if (!handle_token(parser, type, c)) {
                return;
            }
            break;      /* step again with the same byte */
        }
    }
}

void json_message_parser_feed(JSONMessageParser *parser,
                              const char *buffer, size_t size)
{
    size_t i;

    for (i = 0; i < size; i++) {
        feed_byte(parser, (unsigned char)buffer[i]);
    }
}

void json_message_parser_flush(JSONMessageParser *parser)
{
    JSONTokenType type;
    Error *err = NULL;

    if (parser->recovering) {
        parser->recovering = false;
        reset_message(parser);
        return;
    }
    switch (json_lexer_step(&parser->lexer, JSON_LEX_EOF, &type, &err)) {
    case JSON_LEX_ERROR:
        fail(parser, err, JSON_LEX_EOF);
        return;
    case JSON_LEX_TOKEN:
    case JSON_LEX_TOKEN_AGAIN:
        if (!handle_token(parser, type, JSON_LEX_EOF)) {
            return;
        }
        break;
    case JSON_LEX_MORE:
        break;
    }
    if (!json_parser_idle(&parser->parser)) {
        error_setg(&err, "JSON parse error, premature end of input");
        fail(parser, err, JSON_LEX_EOF);
        return;
    }
    reset_message(parser);
}

void json_message_parser_destroy(JSONMessageParser *parser)
{
    json_lexer_destroy(&parser->lexer);
    json_parser_destroy(&parser->parser);
}

/*
 * Internals of the JSON reader shared by json-lexer.c, json-parser.c and
 * json-streamer.c. Not a public API: use qobject/qjson.h and
 * qobject/json-parser.h.
 */
#ifndef QOBJECT_JSON_INTERNAL_H
#define QOBJECT_JSON_INTERNAL_H

#include "qobject/json-parser.h"

typedef enum JSONTokenType {
    JSON_LCURLY,
    JSON_RCURLY,
    JSON_LSQUARE,
    JSON_RSQUARE,
    JSON_COLON,
    JSON_COMMA,
    JSON_STRING,        /* text: the decoded (valid UTF-8) contents */
    JSON_INTEGER,       /* text: the digits as written, maybe with '-' */
    JSON_FLOAT,         /* text: as written */
    JSON_KEYWORD,       /* text: true, false or null */
} JSONTokenType;

typedef enum JSONLexResult {
    JSON_LEX_MORE,          /* byte consumed, no token complete yet */
    JSON_LEX_TOKEN,         /* byte consumed and completed a token */
    JSON_LEX_TOKEN_AGAIN,   /* the byte ended a token without being part
                               of it: handle the token, then step again
                               with the same byte */
    JSON_LEX_ERROR,         /* *errp is set; the lexer is back at start */
} JSONLexResult;

/* JSON whitespace (RFC 8259 "ws"). */
static inline bool json_is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Passed as the byte to json_lexer_step() at the end of the input. */
#define JSON_LEX_EOF (-1)

void json_lexer_init(JSONLexer *lexer);
void json_lexer_reset(JSONLexer *lexer);
void json_lexer_destroy(JSONLexer *lexer);
/* Between tokens (nothing half-read)? */
bool json_lexer_idle(const JSONLexer *lexer);
/* Inside a string (where 0xFE/0xFF bytes are just invalid UTF-8)? */
bool json_lexer_in_string(const JSONLexer *lexer);
/*
 * Feeds one byte (0..255) or JSON_LEX_EOF. On a token, *type is set and
 * lexer->text holds its text until the next call.
 */
JSONLexResult json_lexer_step(JSONLexer *lexer, int c, JSONTokenType *type,
                              Error **errp);

/* Printable description of token text for error messages (truncated). */
char *json_describe_text(const char *text);

void json_parser_init(JSONParser *parser);
void json_parser_reset(JSONParser *parser);
void json_parser_destroy(JSONParser *parser);
/* Outside any value (nothing half-built)? */
bool json_parser_idle(const JSONParser *parser);
/*
 * Feeds one token. Returns 1 and sets *result when it completed a
 * top-level value, 0 when more tokens are needed, -1 with *errp set on a
 * syntax error (the parser is then reset).
 */
int json_parser_push(JSONParser *parser, JSONTokenType type, GString *text,
                     QObject **result, Error **errp);

#endif

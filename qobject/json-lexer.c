/*
 * JSON lexer: an incremental, byte-at-a-time state machine.
 *
 * It recognizes the tokens of RFC 8259 plus single-quoted strings, decodes
 * string escapes and validates UTF-8 as the bytes arrive, so a string
 * token is delivered as its final UTF-8 contents and every error is found
 * at the byte that causes it.
 */
#include "qemu/osdep.h"
#include "json-internal.h"

enum {
    L_START,
    L_STRING,           /* inside quotes */
    L_ESCAPE,           /* after a backslash */
    L_HEX,              /* reading the 4 digits of \uXXXX */
    L_PAIR_BACKSLASH,   /* after a high surrogate: expecting '\' */
    L_PAIR_U,           /* ... then 'u' */
    L_KEYWORD,
    N_MINUS,            /* "-" */
    N_ZERO,             /* "0" or "-0" */
    N_INT,              /* "12" */
    N_DOT,              /* "1." */
    N_FRAC,             /* "1.5" */
    N_EXP_MARK,         /* "1e" */
    N_EXP_SIGN,         /* "1e+" */
    N_EXP,              /* "1e5" */
};

/* Keywords are short; longer runs of letters are reported early. */
#define MAX_KEYWORD_LEN 32

void json_lexer_init(JSONLexer *lexer)
{
    memset(lexer, 0, sizeof(*lexer));
    lexer->text = g_string_new(NULL);
    json_lexer_reset(lexer);
}

void json_lexer_reset(JSONLexer *lexer)
{
    lexer->state = L_START;
    g_string_truncate(lexer->text, 0);
    lexer->quote = 0;
    lexer->hex = 0;
    lexer->hex_digits = 0;
    lexer->high_surrogate = 0;
    lexer->utf8_need = 0;
}

void json_lexer_destroy(JSONLexer *lexer)
{
    if (lexer->text) {
        g_string_free(lexer->text, true);
        lexer->text = NULL;
    }
}

bool json_lexer_idle(const JSONLexer *lexer)
{
    return lexer->state == L_START;
}

bool json_lexer_in_string(const JSONLexer *lexer)
{
    switch (lexer->state) {
    case L_STRING:
    case L_ESCAPE:
    case L_HEX:
    case L_PAIR_BACKSLASH:
    case L_PAIR_U:
        return true;
    default:
        return false;
    }
}

char *json_describe_text(const char *text)
{
    GString *s = g_string_new(NULL);
    size_t i;

    for (i = 0; text[i] && i < 32; i++) {
        unsigned char c = text[i];

        if (c >= 0x20 && c < 0x7F) {
            g_string_append_c(s, c);
        } else {
            g_string_append_printf(s, "\\x%02X", c);
        }
    }
    if (text[i]) {
        g_string_append(s, "...");
    }
    return g_string_free(s, false);
}

static JSONLexResult lex_error(JSONLexer *lexer, Error **errp,
                               const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static JSONLexResult lex_error(JSONLexer *lexer, Error **errp,
                               const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(errp, "JSON parse error, %s", msg);
    json_lexer_reset(lexer);
    return JSON_LEX_ERROR;
}

static JSONLexResult lex_token(JSONLexer *lexer, JSONTokenType *type,
                               JSONTokenType t)
{
    *type = t;
    lexer->state = L_START;
    return JSON_LEX_TOKEN;
}

static JSONLexResult lex_start(JSONLexer *lexer, int c, JSONTokenType *type,
                               Error **errp)
{
    g_string_truncate(lexer->text, 0);
    switch (c) {
    case JSON_LEX_EOF:
    case ' ':
    case '\t':
    case '\n':
    case '\r':
        return JSON_LEX_MORE;
    case '{':
        return lex_token(lexer, type, JSON_LCURLY);
    case '}':
        return lex_token(lexer, type, JSON_RCURLY);
    case '[':
        return lex_token(lexer, type, JSON_LSQUARE);
    case ']':
        return lex_token(lexer, type, JSON_RSQUARE);
    case ':':
        return lex_token(lexer, type, JSON_COLON);
    case ',':
        return lex_token(lexer, type, JSON_COMMA);
    case '"':
    case '\'':
        lexer->quote = c;
        lexer->state = L_STRING;
        return JSON_LEX_MORE;
    case '-':
        g_string_append_c(lexer->text, c);
        lexer->state = N_MINUS;
        return JSON_LEX_MORE;
    case '0':
        g_string_append_c(lexer->text, c);
        lexer->state = N_ZERO;
        return JSON_LEX_MORE;
    default:
        break;
    }
    if (c >= '1' && c <= '9') {
        g_string_append_c(lexer->text, c);
        lexer->state = N_INT;
        return JSON_LEX_MORE;
    }
    if (g_ascii_isalpha(c)) {
        g_string_append_c(lexer->text, c);
        lexer->state = L_KEYWORD;
        return JSON_LEX_MORE;
    }
    if (c > 0x20 && c < 0x7F) {
        return lex_error(lexer, errp, "stray '%c'", c);
    }
    return lex_error(lexer, errp, "stray byte 0x%02X", c);
}

/* Checks one byte of a UTF-8 sequence inside a string. */
static bool lex_utf8_byte(JSONLexer *lexer, unsigned char c)
{
    if (lexer->utf8_need) {
        if (c < lexer->utf8_lo || c > lexer->utf8_hi) {
            return false;
        }
        lexer->utf8_lo = 0x80;
        lexer->utf8_hi = 0xBF;
        lexer->utf8_need--;
        return true;
    }
    /* Lead byte: set how many continuation bytes follow and the range of
     * the first one (excluding overlong forms, surrogates, > U+10FFFF). */
    lexer->utf8_lo = 0x80;
    lexer->utf8_hi = 0xBF;
    if (c < 0x80) {
        return true;
    } else if (c >= 0xC2 && c <= 0xDF) {
        lexer->utf8_need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        lexer->utf8_need = 2;
        if (c == 0xE0) {
            lexer->utf8_lo = 0xA0;
        } else if (c == 0xED) {
            lexer->utf8_hi = 0x9F;
        }
    } else if (c >= 0xF0 && c <= 0xF4) {
        lexer->utf8_need = 3;
        if (c == 0xF0) {
            lexer->utf8_lo = 0x90;
        } else if (c == 0xF4) {
            lexer->utf8_hi = 0x8F;
        }
    } else {
        return false;
    }
    return true;
}

static JSONLexResult lex_string(JSONLexer *lexer, int c, JSONTokenType *type,
                                Error **errp)
{
    if (c == JSON_LEX_EOF) {
        return lex_error(lexer, errp, "unterminated string");
    }
    if (lexer->utf8_need == 0) {
        if (c == lexer->quote) {
            return lex_token(lexer, type, JSON_STRING);
        }
        if (c == '\\') {
            lexer->state = L_ESCAPE;
            return JSON_LEX_MORE;
        }
        if (c < 0x20) {
            return lex_error(lexer, errp,
                             "control character 0x%02X in string "
                             "(write it as an escape)", c);
        }
    }
    if (!lex_utf8_byte(lexer, c)) {
        return lex_error(lexer, errp, "invalid UTF-8 sequence in string");
    }
    g_string_append_c(lexer->text, c);
    return JSON_LEX_MORE;
}

static JSONLexResult lex_escape(JSONLexer *lexer, int c, Error **errp)
{
    static const char escapes[] = "\"\"''\\\\//b\bf\fn\nr\rt\t";
    size_t i;

    if (c == JSON_LEX_EOF) {
        return lex_error(lexer, errp, "unterminated string");
    }
    if (c == 'u') {
        lexer->state = L_HEX;
        lexer->hex = 0;
        lexer->hex_digits = 0;
        return JSON_LEX_MORE;
    }
    for (i = 0; escapes[i]; i += 2) {
        if (c == escapes[i]) {
            g_string_append_c(lexer->text, escapes[i + 1]);
            lexer->state = L_STRING;
            return JSON_LEX_MORE;
        }
    }
    if (c > 0x20 && c < 0x7F) {
        return lex_error(lexer, errp,
                         "invalid escape sequence '\\%c' in string", c);
    }
    return lex_error(lexer, errp, "invalid escape sequence in string");
}

/* A complete \uXXXX (lexer->hex): handles surrogate pairs. */
static JSONLexResult lex_codepoint(JSONLexer *lexer, Error **errp)
{
    unsigned cp = lexer->hex;

    if (lexer->high_surrogate) {
        unsigned high = lexer->high_surrogate;

        lexer->high_surrogate = 0;
        if (cp < 0xDC00 || cp > 0xDFFF) {
            return lex_error(lexer, errp,
                             "\\u%04X is not a valid Unicode character "
                             "(high surrogate not followed by a low one)",
                             high);
        }
        cp = 0x10000 + ((high - 0xD800) << 10) + (cp - 0xDC00);
    } else if (cp >= 0xD800 && cp <= 0xDBFF) {
        lexer->high_surrogate = cp;
        lexer->state = L_PAIR_BACKSLASH;
        return JSON_LEX_MORE;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return lex_error(lexer, errp,
                         "\\u%04X is not a valid Unicode character "
                         "(low surrogate without a high one)", cp);
    } else if (cp == 0) {
        return lex_error(lexer, errp, "\\u0000 is not allowed in strings");
    }
    g_string_append_unichar(lexer->text, cp);
    lexer->state = L_STRING;
    return JSON_LEX_MORE;
}

static JSONLexResult lex_hex(JSONLexer *lexer, int c, Error **errp)
{
    if (c == JSON_LEX_EOF) {
        return lex_error(lexer, errp, "unterminated string");
    }
    if (!g_ascii_isxdigit(c)) {
        return lex_error(lexer, errp,
                         "\\u must be followed by 4 hex digits in string");
    }
    lexer->hex = (lexer->hex << 4) | g_ascii_xdigit_value(c);
    if (++lexer->hex_digits < 4) {
        return JSON_LEX_MORE;
    }
    return lex_codepoint(lexer, errp);
}

static JSONLexResult lex_pair(JSONLexer *lexer, int c, Error **errp)
{
    int want = lexer->state == L_PAIR_BACKSLASH ? '\\' : 'u';

    if (c != want) {
        return lex_error(lexer, errp,
                         "\\u%04X is not a valid Unicode character "
                         "(high surrogate not followed by a low one)",
                         lexer->high_surrogate);
    }
    if (lexer->state == L_PAIR_BACKSLASH) {
        lexer->state = L_PAIR_U;
    } else {
        lexer->state = L_HEX;
        lexer->hex = 0;
        lexer->hex_digits = 0;
    }
    return JSON_LEX_MORE;
}

static JSONLexResult lex_keyword(JSONLexer *lexer, int c, JSONTokenType *type,
                                 Error **errp)
{
    if (c != JSON_LEX_EOF && (g_ascii_isalnum(c) || c == '_')) {
        g_string_append_c(lexer->text, c);
        if (lexer->text->len > MAX_KEYWORD_LEN) {
            g_autofree char *t = json_describe_text(lexer->text->str);
            return lex_error(lexer, errp, "invalid keyword '%s'", t);
        }
        return JSON_LEX_MORE;
    }
    if (strcmp(lexer->text->str, "true") && strcmp(lexer->text->str, "false") &&
        strcmp(lexer->text->str, "null")) {
        g_autofree char *t = json_describe_text(lexer->text->str);
        return lex_error(lexer, errp, "invalid keyword '%s'", t);
    }
    *type = JSON_KEYWORD;
    lexer->state = L_START;
    return JSON_LEX_TOKEN_AGAIN;
}

/* Number grammar: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static int number_next_state(int state, int c)
{
    bool digit = c >= '0' && c <= '9';

    switch (state) {
    case N_MINUS:
        return c == '0' ? N_ZERO : digit ? N_INT : -1;
    case N_ZERO:
    case N_INT:
        if (c == '.') {
            return N_DOT;
        }
        if (c == 'e' || c == 'E') {
            return N_EXP_MARK;
        }
        return state == N_INT && digit ? N_INT : -1;
    case N_DOT:
    case N_FRAC:
        if (digit) {
            return N_FRAC;
        }
        return state == N_FRAC && (c == 'e' || c == 'E') ? N_EXP_MARK : -1;
    case N_EXP_MARK:
        if (c == '+' || c == '-') {
            return N_EXP_SIGN;
        }
        return digit ? N_EXP : -1;
    case N_EXP_SIGN:
    case N_EXP:
        return digit ? N_EXP : -1;
    }
    return -1;
}

static JSONLexResult lex_number(JSONLexer *lexer, int c, JSONTokenType *type,
                                Error **errp)
{
    int next = c == JSON_LEX_EOF ? -1 : number_next_state(lexer->state, c);
    bool complete;

    if (next >= 0) {
        g_string_append_c(lexer->text, c);
        lexer->state = next;
        return JSON_LEX_MORE;
    }
    complete = lexer->state == N_ZERO || lexer->state == N_INT ||
               lexer->state == N_FRAC || lexer->state == N_EXP;
    /* A number glued to letters, digits or a dot ("01", "1x", "1.2.3") is
     * one malformed token, not two tokens. */
    if (!complete || (c != JSON_LEX_EOF &&
                      (g_ascii_isalnum(c) || c == '.' || c == '+' ||
                       c == '-' || c == '_'))) {
        g_autofree char *t = NULL;

        if (c != JSON_LEX_EOF && c > 0x20 && c < 0x7F) {
            g_string_append_c(lexer->text, c);
        }
        t = json_describe_text(lexer->text->str);
        return lex_error(lexer, errp, "invalid number '%s'", t);
    }
    *type = (lexer->state == N_ZERO || lexer->state == N_INT) ? JSON_INTEGER
                                                              : JSON_FLOAT;
    lexer->state = L_START;
    return JSON_LEX_TOKEN_AGAIN;
}

JSONLexResult json_lexer_step(JSONLexer *lexer, int c, JSONTokenType *type,
                              Error **errp)
{
    switch (lexer->state) {
    case L_START:
        return lex_start(lexer, c, type, errp);
    case L_STRING:
        return lex_string(lexer, c, type, errp);
    case L_ESCAPE:
        return lex_escape(lexer, c, errp);
    case L_HEX:
        return lex_hex(lexer, c, errp);
    case L_PAIR_BACKSLASH:
    case L_PAIR_U:
        if (c == JSON_LEX_EOF) {
            return lex_error(lexer, errp, "unterminated string");
        }
        return lex_pair(lexer, c, errp);
    case L_KEYWORD:
        return lex_keyword(lexer, c, type, errp);
    default:
        return lex_number(lexer, c, type, errp);
    }
}

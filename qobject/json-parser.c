/*
 * JSON parser: a push parser that takes one token at a time and builds
 * the QObject as it goes, with an explicit stack of open containers
 * (so nesting depth costs heap, bounded by JSON_MAX_NESTING, not C stack).
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qobject/qjson.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "json-internal.h"

enum {
    P_VALUE,            /* top level, after ':' or after ',' in a list */
    P_VALUE_OR_CLOSE,   /* after '[' */
    P_KEY_OR_CLOSE,     /* after '{' */
    P_KEY,              /* after ',' in an object */
    P_COLON,            /* after a key */
    P_COMMA_OR_CLOSE,   /* after a value inside a container */
};

struct JSONParserFrame {
    QObject *container;     /* QDict or QList being filled */
    char *key;              /* key waiting for its value (objects) */
};

void json_parser_init(JSONParser *parser)
{
    memset(parser, 0, sizeof(*parser));
    parser->state = P_VALUE;
}

void json_parser_reset(JSONParser *parser)
{
    while (parser->depth) {
        JSONParserFrame *f = &parser->stack[--parser->depth];

        qobject_unref(f->container);
        g_free(f->key);
    }
    parser->state = P_VALUE;
}

void json_parser_destroy(JSONParser *parser)
{
    json_parser_reset(parser);
    g_free(parser->stack);
    parser->stack = NULL;
    parser->stack_alloc = 0;
}

bool json_parser_idle(const JSONParser *parser)
{
    return parser->depth == 0;
}

static int parse_error(JSONParser *parser, Error **errp,
                       const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static int parse_error(JSONParser *parser, Error **errp, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(errp, "JSON parse error, %s", msg);
    json_parser_reset(parser);
    return -1;
}

static const char *token_name(JSONTokenType type)
{
    switch (type) {
    case JSON_LCURLY:
        return "'{'";
    case JSON_RCURLY:
        return "'}'";
    case JSON_LSQUARE:
        return "'['";
    case JSON_RSQUARE:
        return "']'";
    case JSON_COLON:
        return "':'";
    case JSON_COMMA:
        return "','";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_FLOAT:
        return "a number";
    case JSON_KEYWORD:
        return "a keyword";
    }
    return "a token";
}

static bool token_starts_value(JSONTokenType type)
{
    return type == JSON_LCURLY || type == JSON_LSQUARE ||
           type == JSON_STRING || type == JSON_INTEGER ||
           type == JSON_FLOAT || type == JSON_KEYWORD;
}

/*
 * Integers that fit int64_t become QNUM_I64, larger non-negative ones that
 * fit uint64_t QNUM_U64, everything else a double. Returns NULL for a
 * number beyond the range of double.
 */
static QNum *number_from_text(const char *text, bool is_int)
{
    double d;

    if (is_int) {
        char *end;
        long long ll;
        unsigned long long ull;

        errno = 0;
        ll = strtoll(text, &end, 10);
        if (errno == 0 && *end == '\0') {
            return qnum_from_int(ll);
        }
        if (text[0] != '-') {
            errno = 0;
            ull = strtoull(text, &end, 10);
            if (errno == 0 && *end == '\0') {
                return qnum_from_uint(ull);
            }
        }
    }
    d = g_ascii_strtod(text, NULL);
    if (!isfinite(d)) {
        return NULL;
    }
    return qnum_from_double(d);
}

static JSONParserFrame *top_frame(JSONParser *parser)
{
    return parser->depth ? &parser->stack[parser->depth - 1] : NULL;
}

/* A value is complete: hand it to its container or out as the result. */
static int add_value(JSONParser *parser, QObject *value, QObject **result)
{
    JSONParserFrame *f = top_frame(parser);

    if (!f) {
        *result = value;
        parser->state = P_VALUE;
        return 1;
    }
    if (qobject_type(f->container) == QTYPE_QLIST) {
        qlist_append_obj(qobject_to(QList, f->container), value);
    } else {
        qdict_put_obj(qobject_to(QDict, f->container), f->key, value);
        g_free(f->key);
        f->key = NULL;
    }
    parser->state = P_COMMA_OR_CLOSE;
    return 0;
}

static int open_container(JSONParser *parser, JSONTokenType type, Error **errp)
{
    JSONParserFrame *f;

    if (parser->depth >= JSON_MAX_NESTING) {
        return parse_error(parser, errp, "nesting too deep (the limit is %d)",
                           JSON_MAX_NESTING);
    }
    if (parser->depth == parser->stack_alloc) {
        parser->stack_alloc = parser->stack_alloc ? parser->stack_alloc * 2 : 16;
        parser->stack = g_renew(JSONParserFrame, parser->stack,
                                parser->stack_alloc);
    }
    f = &parser->stack[parser->depth++];
    f->key = NULL;
    if (type == JSON_LCURLY) {
        f->container = QOBJECT(qdict_new());
        parser->state = P_KEY_OR_CLOSE;
    } else {
        f->container = QOBJECT(qlist_new());
        parser->state = P_VALUE_OR_CLOSE;
    }
    return 0;
}

static int close_container(JSONParser *parser, QObject **result)
{
    JSONParserFrame *f = top_frame(parser);
    QObject *value = f->container;

    g_free(f->key);
    parser->depth--;
    return add_value(parser, value, result);
}

static int parse_value(JSONParser *parser, JSONTokenType type, GString *text,
                       QObject **result, Error **errp)
{
    QObject *value;

    switch (type) {
    case JSON_LCURLY:
    case JSON_LSQUARE:
        return open_container(parser, type, errp);
    case JSON_STRING:
        value = QOBJECT(qstring_from_substr(text->str, 0, text->len));
        break;
    case JSON_INTEGER:
    case JSON_FLOAT: {
        QNum *num = number_from_text(text->str, type == JSON_INTEGER);

        if (!num) {
            g_autofree char *t = json_describe_text(text->str);
            return parse_error(parser, errp, "number '%s' is out of range", t);
        }
        value = QOBJECT(num);
        break;
    }
    case JSON_KEYWORD:
        if (!strcmp(text->str, "null")) {
            value = QOBJECT(qnull());
        } else {
            value = QOBJECT(qbool_from_bool(!strcmp(text->str, "true")));
        }
        break;
    default:
        return parse_error(parser, errp, "expecting value, found %s",
                           token_name(type));
    }
    return add_value(parser, value, result);
}

static int parse_key(JSONParser *parser, JSONTokenType type, GString *text,
                     Error **errp)
{
    JSONParserFrame *f = top_frame(parser);

    if (type != JSON_STRING) {
        if (token_starts_value(type)) {
            return parse_error(parser, errp, "key is not a string in object");
        }
        return parse_error(parser, errp, "expecting key, found %s",
                           token_name(type));
    }
    if (qdict_haskey(qobject_to(QDict, f->container), text->str)) {
        g_autofree char *t = json_describe_text(text->str);
        return parse_error(parser, errp, "duplicate key '%s' in object", t);
    }
    f->key = g_strdup(text->str);
    parser->state = P_COLON;
    return 0;
}

static int parse_after_value(JSONParser *parser, JSONTokenType type,
                             QObject **result, Error **errp)
{
    bool in_list = qobject_type(top_frame(parser)->container) == QTYPE_QLIST;
    JSONTokenType close = in_list ? JSON_RSQUARE : JSON_RCURLY;

    if (type == close) {
        return close_container(parser, result);
    }
    if (type == JSON_COMMA) {
        parser->state = in_list ? P_VALUE : P_KEY;
        return 0;
    }
    if (type == JSON_RSQUARE || type == JSON_RCURLY) {
        return parse_error(parser, errp, "mismatched %s in %s",
                           token_name(type), in_list ? "list" : "dict");
    }
    return parse_error(parser, errp, "expected separator in %s, found %s",
                       in_list ? "list" : "dict", token_name(type));
}

int json_parser_push(JSONParser *parser, JSONTokenType type, GString *text,
                     QObject **result, Error **errp)
{
    switch (parser->state) {
    case P_VALUE_OR_CLOSE:
        if (type == JSON_RSQUARE) {
            return close_container(parser, result);
        }
        /* fall through */
    case P_VALUE:
        return parse_value(parser, type, text, result, errp);
    case P_KEY_OR_CLOSE:
        if (type == JSON_RCURLY) {
            return close_container(parser, result);
        }
        /* fall through */
    case P_KEY:
        return parse_key(parser, type, text, errp);
    case P_COLON:
        if (type != JSON_COLON) {
            return parse_error(parser, errp, "missing : in object pair");
        }
        parser->state = P_VALUE;
        return 0;
    case P_COMMA_OR_CLOSE:
        return parse_after_value(parser, type, result, errp);
    }
    return parse_error(parser, errp, "internal parser state %d", parser->state);
}

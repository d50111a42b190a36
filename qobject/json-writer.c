/*
 * JSON writer: QObject -> JSON text in QEMU's compact and pretty layouts.
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qobject/qjson.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

/*
 * Decodes one UTF-8 character at @s (NUL-terminated). Returns the code
 * point and sets *len, or returns -1 with *len = 1 for an invalid byte
 * (bad lead byte, truncated or overlong sequence, surrogate, > U+10FFFF).
 */
static int utf8_decode(const unsigned char *s, size_t *len)
{
    unsigned char c = s[0];
    int need, cp, min, i;

    *len = 1;
    if (c < 0x80) {
        return c;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 1, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3, cp = c & 0x07, min = 0x10000;
    } else {
        return -1;
    }
    for (i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return -1;      /* also stops at the terminating NUL */
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return -1;
    }
    *len = need + 1;
    return cp;
}

static void quoted_str(GString *out, const char *str)
{
    const unsigned char *p = (const unsigned char *)str;
    size_t len;

    g_string_append_c(out, '"');
    while (*p) {
        int cp = utf8_decode(p, &len);

        p += len;
        switch (cp) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\b':
            g_string_append(out, "\\b");
            break;
        case '\f':
            g_string_append(out, "\\f");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        default:
            if (cp < 0) {
                cp = 0xFFFD;    /* invalid UTF-8: replacement character */
            }
            if (cp > 0xFFFF) {
                g_string_append_printf(out, "\\u%04X\\u%04X",
                                       0xD800 + ((cp - 0x10000) >> 10),
                                       0xDC00 + ((cp - 0x10000) & 0x3FF));
            } else if (cp < 0x20 || cp >= 0x7F) {
                g_string_append_printf(out, "\\u%04X", cp);
            } else {
                g_string_append_c(out, cp);
            }
        }
    }
    g_string_append_c(out, '"');
}

static void append_number(GString *out, const QNum *qn)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (qn->kind != QNUM_DOUBLE) {
        g_autofree char *s = qnum_to_string(qn);
        g_string_append(out, s);
    } else if (!isfinite(qn->u.dbl)) {
        g_string_append(out, "null");   /* JSON has no Inf/NaN */
    } else {
        /* %.17g, always in the C locale */
        g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.17g",
                                             qn->u.dbl));
    }
}

/* In pretty mode, a line break and the indent of @level. */
static void newline(GString *out, bool pretty, int level)
{
    if (pretty) {
        g_string_append_printf(out, "\n%*s", level * 4, "");
    }
}

static void to_json(GString *out, const QObject *obj, bool pretty, int level);

static void dict_to_json(GString *out, const QDict *d, bool pretty, int level)
{
    const QDictEntry *e;

    g_string_append_c(out, '{');
    for (e = qdict_first(d); e; e = qdict_next(d, e)) {
        if (e != qdict_first(d)) {
            g_string_append(out, pretty ? "," : ", ");
        }
        newline(out, pretty, level + 1);
        quoted_str(out, qdict_entry_key(e));
        g_string_append(out, ": ");
        to_json(out, qdict_entry_value(e), pretty, level + 1);
    }
    newline(out, pretty, level);
    g_string_append_c(out, '}');
}

static void list_to_json(GString *out, const QList *l, bool pretty, int level)
{
    const QListEntry *e;

    g_string_append_c(out, '[');
    for (e = qlist_first(l); e; e = qlist_next(e)) {
        if (e != qlist_first(l)) {
            g_string_append(out, pretty ? "," : ", ");
        }
        newline(out, pretty, level + 1);
        to_json(out, qlist_entry_obj(e), pretty, level + 1);
    }
    newline(out, pretty, level);
    g_string_append_c(out, ']');
}

static void to_json(GString *out, const QObject *obj, bool pretty, int level)
{
    switch (qobject_type(obj)) {
    case QTYPE_QNULL:
    case QTYPE_NONE:        /* a NULL pointer is written as null */
    case QTYPE__MAX:
        g_string_append(out, "null");
        break;
    case QTYPE_QNUM:
        append_number(out, qobject_to(QNum, obj));
        break;
    case QTYPE_QSTRING:
        quoted_str(out, qstring_get_str(qobject_to(QString, obj)));
        break;
    case QTYPE_QBOOL:
        g_string_append(out, qbool_get_bool(qobject_to(QBool, obj))
                             ? "true" : "false");
        break;
    case QTYPE_QDICT:
        dict_to_json(out, qobject_to(QDict, obj), pretty, level);
        break;
    case QTYPE_QLIST:
        list_to_json(out, qobject_to(QList, obj), pretty, level);
        break;
    }
}

GString *qobject_to_json_pretty(const QObject *obj, bool pretty)
{
    GString *out = g_string_new(NULL);

    to_json(out, obj, pretty, 0);
    return out;
}

GString *qobject_to_json(const QObject *obj)
{
    return qobject_to_json_pretty(obj, false);
}

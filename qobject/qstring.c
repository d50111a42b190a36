/*
 * QString: immutable strings.
 */
#include "qemu/osdep.h"
#include "qobject/qstring.h"

/* QOBJECT() casts: base must come first */
QEMU_BUILD_BUG_ON(offsetof(QString, base) != 0);

/* Takes ownership of the heap string @str. */
static QString *qstring_take(char *str)
{
    QString *qs = g_new(QString, 1);

    qs->base.type = QTYPE_QSTRING;
    qs->base.refcnt = 1;
    qs->string = str;
    return qs;
}

QString *qstring_new(void)
{
    return qstring_take(g_strdup(""));
}

QString *qstring_from_str(const char *str)
{
    return qstring_take(g_strdup(str));
}

QString *qstring_from_substr(const char *str, size_t start, size_t end)
{
    assert(start <= end);
    return qstring_take(g_strndup(str + start, end - start));
}

QString *qstring_from_gstring(GString *gstr)
{
    return qstring_take(g_string_free(gstr, false));
}

const char *qstring_get_str(const QString *qstring)
{
    return qstring->string;
}

size_t qstring_get_length(const QString *qstring)
{
    return strlen(qstring->string);
}

const char *qstring_get_try_str(const QString *qstring)
{
    return qstring ? qstring->string : NULL;
}

const char *qobject_get_try_str(const QObject *obj)
{
    QString *qs = qobject_to(QString, obj);

    return qs ? qs->string : NULL;
}

bool qstring_is_equal(const QObject *x, const QObject *y)
{
    return strcmp(qobject_to(QString, x)->string,
                  qobject_to(QString, y)->string) == 0;
}

void qstring_destroy_obj(QObject *obj)
{
    QString *qs = qobject_to(QString, obj);

    /*
     * Option values travel as QStrings (keyval, JSON, the output visitor),
     * secrets' data= among them: wipe every one before it is freed.
     */
    explicit_bzero((char *)qs->string, strlen(qs->string));
    g_free((char *)qs->string);
    g_free(qs);
}

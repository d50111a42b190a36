/*
 * QString: an immutable NUL-terminated string (normally UTF-8; the JSON
 * parser only produces valid UTF-8).
 */
#ifndef QOBJECT_QSTRING_H
#define QOBJECT_QSTRING_H

#include "qobject/qobject.h"

struct QString {
    struct QObjectBase_ base;
    const char *string;
};

/* A new empty string. */
QString *qstring_new(void);
QString *qstring_from_str(const char *str);
/* The bytes str[start, end) (end exclusive, as QEMU 7.2). */
QString *qstring_from_substr(const char *str, size_t start, size_t end);
/* Takes over the contents of @gstr (which is freed). */
QString *qstring_from_gstring(GString *gstr);

const char *qstring_get_str(const QString *qstring);
size_t qstring_get_length(const QString *qstring);

/* qstring_get_str(), or NULL for a NULL @qstring. */
const char *qstring_get_try_str(const QString *qstring);

/* The string of @obj if it is a QString, else NULL. */
const char *qobject_get_try_str(const QObject *obj);

/* Internal, for qobject_is_equal() and qobject_destroy(). */
bool qstring_is_equal(const QObject *x, const QObject *y);
void qstring_destroy_obj(QObject *obj);

static inline void qstring_unref(QString *q)
{
    qobject_unref(q);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QString, qstring_unref)

#endif

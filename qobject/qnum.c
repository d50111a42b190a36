/*
 * QNum: numbers as int64_t, uint64_t or double.
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qobject/qnum.h"

/* QOBJECT() casts: base must come first */
QEMU_BUILD_BUG_ON(offsetof(QNum, base) != 0);

static QNum *qnum_alloc(QNumKind kind)
{
    QNum *qn = g_new(QNum, 1);

    qn->base.type = QTYPE_QNUM;
    qn->base.refcnt = 1;
    qn->kind = kind;
    return qn;
}

QNum *qnum_from_int(int64_t value)
{
    QNum *qn = qnum_alloc(QNUM_I64);

    qn->u.i64 = value;
    return qn;
}

QNum *qnum_from_uint(uint64_t value)
{
    QNum *qn;

    /* Keep one representation per value: small ones are always I64. */
    if (value <= INT64_MAX) {
        return qnum_from_int((int64_t)value);
    }
    qn = qnum_alloc(QNUM_U64);
    qn->u.u64 = value;
    return qn;
}

QNum *qnum_from_double(double value)
{
    QNum *qn = qnum_alloc(QNUM_DOUBLE);

    qn->u.dbl = value;
    return qn;
}

bool qnum_get_try_int(const QNum *qn, int64_t *val)
{
    switch (qn->kind) {
    case QNUM_I64:
        *val = qn->u.i64;
        return true;
    case QNUM_U64:
        if (qn->u.u64 > INT64_MAX) {
            return false;
        }
        *val = (int64_t)qn->u.u64;
        return true;
    case QNUM_DOUBLE:
        return false;
    }
    return false;
}

bool qnum_get_try_uint(const QNum *qn, uint64_t *val)
{
    switch (qn->kind) {
    case QNUM_I64:
        if (qn->u.i64 < 0) {
            return false;
        }
        *val = (uint64_t)qn->u.i64;
        return true;
    case QNUM_U64:
        *val = qn->u.u64;
        return true;
    case QNUM_DOUBLE:
        return false;
    }
    return false;
}

int64_t qnum_get_int(const QNum *qn)
{
    int64_t val = 0;
    bool ok = qnum_get_try_int(qn, &val);

    assert(ok);
    return val;
}

uint64_t qnum_get_uint(const QNum *qn)
{
    uint64_t val = 0;
    bool ok = qnum_get_try_uint(qn, &val);

    assert(ok);
    return val;
}

double qnum_get_double(const QNum *qn)
{
    switch (qn->kind) {
    case QNUM_I64:
        return (double)qn->u.i64;
    case QNUM_U64:
        return (double)qn->u.u64;
    case QNUM_DOUBLE:
        return qn->u.dbl;
    }
    return 0;
}

char *qnum_to_string(const QNum *qn)
{
    switch (qn->kind) {
    case QNUM_I64:
        return g_strdup_printf("%" PRId64, qn->u.i64);
    case QNUM_U64:
        return g_strdup_printf("%" PRIu64, qn->u.u64);
    case QNUM_DOUBLE:
        /* 17 significant digits always read back as the same double. */
        return g_strdup_printf("%.17g", qn->u.dbl);
    }
    return g_strdup("0");
}

/* Is the double @d exactly the integer @i? */
static bool double_equals_int(double d, int64_t i)
{
    /* [-2^63, 2^63) is exactly representable as doubles at its ends. */
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
        return false;
    }
    return d == trunc(d) && (int64_t)d == i;
}

static bool double_equals_uint(double d, uint64_t u)
{
    if (!(d >= 0 && d < 18446744073709551616.0)) {
        return false;
    }
    return d == trunc(d) && (uint64_t)d == u;
}

bool qnum_is_equal(const QObject *x, const QObject *y)
{
    const QNum *a = qobject_to(QNum, x);
    const QNum *b = qobject_to(QNum, y);

    if (a->kind > b->kind) {
        const QNum *t = a;
        a = b;
        b = t;
    }
    /* Now a->kind <= b->kind: I64 < U64 < DOUBLE. */
    switch (a->kind) {
    case QNUM_I64:
        switch (b->kind) {
        case QNUM_I64:
            return a->u.i64 == b->u.i64;
        case QNUM_U64:
            return a->u.i64 >= 0 && (uint64_t)a->u.i64 == b->u.u64;
        case QNUM_DOUBLE:
            return double_equals_int(b->u.dbl, a->u.i64);
        }
        break;
    case QNUM_U64:
        if (b->kind == QNUM_U64) {
            return a->u.u64 == b->u.u64;
        }
        return double_equals_uint(b->u.dbl, a->u.u64);
    case QNUM_DOUBLE:
        return a->u.dbl == b->u.dbl;
    }
    return false;
}

void qnum_destroy_obj(QObject *obj)
{
    g_free(qobject_to(QNum, obj));
}

/*
 * QNum: a JSON number, kept in one of three representations.
 *
 * The JSON parser makes an integer that fits int64_t a QNUM_I64, a larger
 * non-negative integer that fits uint64_t a QNUM_U64, and anything else
 * (fractions, exponents, huge integers) a QNUM_DOUBLE.
 */
#ifndef QOBJECT_QNUM_H
#define QOBJECT_QNUM_H

#include <stdint.h>
#include "qobject/qobject.h"

typedef enum QNumKind {
    QNUM_I64,
    QNUM_U64,
    QNUM_DOUBLE,
} QNumKind;

struct QNum {
    struct QObjectBase_ base;
    QNumKind kind;
    union {
        int64_t i64;
        uint64_t u64;   /* only used for values > INT64_MAX */
        double dbl;
    } u;
};

QNum *qnum_from_int(int64_t value);
QNum *qnum_from_uint(uint64_t value);
QNum *qnum_from_double(double value);

/*
 * The value as int64_t / uint64_t. Returns false (and leaves *val alone)
 * when it does not fit, and for every QNUM_DOUBLE: as in QEMU, a double is
 * never silently taken as an integer, even 1.0.
 */
bool qnum_get_try_int(const QNum *qn, int64_t *val);
bool qnum_get_try_uint(const QNum *qn, uint64_t *val);

/*
 * As the try_ variants, for callers that know the value fits (a programming
 * error otherwise: asserts). Parse user input with the try_ variants.
 */
int64_t qnum_get_int(const QNum *qn);
uint64_t qnum_get_uint(const QNum *qn);

/* The value as a double (integers are converted, possibly rounding). */
double qnum_get_double(const QNum *qn);

/*
 * The value as text, as QEMU prints it: integers in decimal, doubles with
 * "%.17g" (enough digits to read back the same double). Caller frees.
 */
char *qnum_to_string(const QNum *qn);

/* Internal, for qobject_is_equal() and qobject_destroy(). */
bool qnum_is_equal(const QObject *x, const QObject *y);
void qnum_destroy_obj(QObject *obj);

static inline void qnum_unref(QNum *q)
{
    qobject_unref(q);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QNum, qnum_unref)

#endif

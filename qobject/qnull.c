/*
 * QNull: the single null value.
 */
#include "qemu/osdep.h"
#include "qobject/qnull.h"

/* QOBJECT() casts: base must come first */
QEMU_BUILD_BUG_ON(offsetof(QNull, base) != 0);

/* Starts with one reference that is never dropped, so it is never freed. */
QNull qnull_ = {
    .base = {
        .type = QTYPE_QNULL,
        .refcnt = 1,
    },
};

/*
 * QNull: the single null value.
 */
#include "qemu/osdep.h"
#include "qobject/qnull.h"

/* Starts with one reference that is never dropped, so it is never freed. */
QNull qnull_ = {
    .base = {
        .type = QTYPE_QNULL,
        .refcnt = 1,
    },
};

/*
 * The single helper through which key material is wiped.
 */
#include "qemu/osdep.h"
#include "crypto/wipe.h"

void qcrypto_wipe(void *buf, size_t len)
{
    if (buf && len) {
        /* explicit_bzero() is a barrier the optimizer must respect. */
        explicit_bzero(buf, len);
    }
}

void qcrypto_wipe_free(void *buf, size_t len)
{
    qcrypto_wipe(buf, len);
    g_free(buf);
}

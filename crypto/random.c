/*
 * Random bytes from the kernel via getrandom(2).
 */
#include "qemu/osdep.h"
#include <sys/random.h>
#include "crypto/random.h"

int qcrypto_random_bytes(void *buf, size_t buflen, Error **errp)
{
    uint8_t *p = buf;

    while (buflen > 0) {
        /* getrandom() returns at most 32 MiB per call and may be interrupted */
        ssize_t got = getrandom(p, buflen, 0);

        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            error_setg_errno(errp, errno, "Unable to read random bytes");
            return -1;
        }
        p += got;
        buflen -= got;
    }
    return 0;
}

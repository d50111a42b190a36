/*
 * Cryptographically secure random bytes (the kernel CSPRNG, getrandom(2)).
 */
#ifndef CRYPTO_RANDOM_H
#define CRYPTO_RANDOM_H

#include "qemu/error.h"

/* Fill @buf with @buflen random bytes. Returns 0, or -1 with @errp set. */
int qcrypto_random_bytes(void *buf, size_t buflen, Error **errp);

#endif

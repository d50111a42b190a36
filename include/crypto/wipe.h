/*
 * Wiping key material.
 *
 * Every buffer that held key material (master keys, passphrases, derived
 * keys, AF-split material, expanded cipher contexts, stack copies) goes
 * through qcrypto_wipe() before it is freed or goes out of scope. This is
 * the one place that does it, so that it cannot be optimized away.
 */
#ifndef CRYPTO_WIPE_H
#define CRYPTO_WIPE_H

#include <stddef.h>

/* Overwrite @len bytes at @buf with zeros; never elided by the compiler. */
void qcrypto_wipe(void *buf, size_t len);

/* qcrypto_wipe() then g_free(); @buf may be NULL. */
void qcrypto_wipe_free(void *buf, size_t len);

#endif

/*
 * Strict base64 (RFC 4648 standard alphabet, '=' padding).
 */
#ifndef QEMU_BASE64_H
#define QEMU_BASE64_H

#include "qemu/error.h"

/*
 * Decode @in_len bytes of @input, or up to its NUL if @in_len is -1.
 * Accepted: only A-Z a-z 0-9 + /, a length that is a multiple of 4, and
 * at most two '=' at the very end (making the last group complete).  No
 * white space, no embedded NUL.  The empty string decodes to zero bytes.
 * Returns a g_malloc'd buffer (never NULL on success, even when empty)
 * and its size in *@out_len, or NULL with an error and *@out_len 0.
 */
uint8_t *qbase64_decode(const char *input, size_t in_len, size_t *out_len,
                        Error **errp);

/* Encode @len bytes to a NUL-terminated, padded, g_malloc'd string. */
char *qbase64_encode(const uint8_t *data, size_t len);

#endif

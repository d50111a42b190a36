/*
 * Strict base64: what is not canonical-looking base64 is refused with a
 * message, so a typo in a secret never turns into a silently wrong key.
 */
#include "qemu/osdep.h"
#include "qemu/base64.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Value of a base64 character, or -1. */
static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

/* Check characters, length and padding; returns the number of '='. */
static int b64_check(const char *input, size_t len, Error **errp)
{
    size_t pad = 0;

    if (memchr(input, '\0', len)) {
        error_setg(errp, "Base64 data contains embedded NUL characters");
        return -1;
    }
    while (pad < len && pad < 2 && input[len - 1 - pad] == '=') {
        pad++;
    }
    for (size_t i = 0; i < len - pad; i++) {
        if (b64_value(input[i]) < 0 && input[i] != '=') {
            error_setg(errp, "Base64 data contains invalid characters");
            return -1;
        }
    }
    if (len % 4) {
        error_setg(errp, "Base64 data is not valid: length %zu is not a "
                   "multiple of 4", len);
        return -1;
    }
    if (memchr(input, '=', len - pad)) {
        error_setg(errp, "Base64 data is not valid: '=' padding is only "
                   "allowed at the end");
        return -1;
    }
    return pad;
}

uint8_t *qbase64_decode(const char *input, size_t in_len, size_t *out_len,
                        Error **errp)
{
    g_autofree uint8_t *out = NULL;
    size_t len, o = 0;
    int pad;

    *out_len = 0;
    len = in_len == (size_t)-1 ? strlen(input) : in_len;
    pad = b64_check(input, len, errp);
    if (pad < 0) {
        return NULL;
    }

    /* +1 so that empty input still gets a non-NULL buffer. */
    out = g_malloc(len / 4 * 3 + 1);
    for (size_t i = 0; i < len; i += 4) {
        bool last = i + 4 == len;
        int groups = last ? 4 - pad : 4;
        uint32_t v = 0;

        for (int j = 0; j < 4; j++) {
            v <<= 6;
            if (j < groups) {
                v |= b64_value(input[i + j]);
            }
        }
        out[o++] = v >> 16;
        if (groups > 2) {
            out[o++] = v >> 8;
        }
        if (groups > 3) {
            out[o++] = v;
        }
    }
    *out_len = o;
    return g_steal_pointer(&out);
}

char *qbase64_encode(const uint8_t *data, size_t len)
{
    char *out = g_malloc((len + 2) / 3 * 4 + 1);
    char *p = out;

    for (size_t i = 0; i < len; i += 3) {
        size_t n = MIN(len - i, 3);
        uint32_t v = (uint32_t)data[i] << 16;

        if (n > 1) {
            v |= (uint32_t)data[i + 1] << 8;
        }
        if (n > 2) {
            v |= data[i + 2];
        }
        *p++ = alphabet[(v >> 18) & 63];
        *p++ = alphabet[(v >> 12) & 63];
        *p++ = n > 1 ? alphabet[(v >> 6) & 63] : '=';
        *p++ = n > 2 ? alphabet[v & 63] : '=';
    }
    *p = '\0';
    return out;
}

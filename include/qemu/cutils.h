/*
 * Small C helpers: strict number parsing, size strings, bounded string
 * copies, boolean words and whole-file I/O.
 *
 * Number parsing contract (qemu_strto*):
 * - Leading white space is skipped, a sign is accepted (see each function).
 * - @endptr non-NULL: parsing stops at the first unusable character and
 *   *endptr points at it.  @endptr NULL: the whole string must be a number,
 *   trailing characters are -EINVAL.
 * - Returns 0 on success, -EINVAL when there is no number at all (or
 *   trailing garbage with @endptr NULL, or @nptr NULL), -ERANGE when the
 *   number does not fit; on -ERANGE *result holds the clamped value.
 * - On -EINVAL *result is 0 (nothing was parsed).
 */
#ifndef QEMU_CUTILS_H
#define QEMU_CUTILS_H

#include "qemu/error.h"

int qemu_strtoi(const char *nptr, const char **endptr, int base, int *result);
/* Accepts a leading '-': "-1" is UINT_MAX, as strtoul does for its width. */
int qemu_strtoui(const char *nptr, const char **endptr, int base,
                 unsigned int *result);
int qemu_strtol(const char *nptr, const char **endptr, int base, long *result);
int qemu_strtoul(const char *nptr, const char **endptr, int base,
                 unsigned long *result);
int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result);
/* Accepts a leading '-': "-1" is UINT64_MAX. */
int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result);
/* Overflow is -ERANGE with +-HUGE_VAL; underflow -ERANGE with the tiny value. */
int qemu_strtod(const char *nptr, const char **endptr, double *result);
/* As qemu_strtod() but "inf" and "nan" are -EINVAL. */
int qemu_strtod_finite(const char *nptr, const char **endptr, double *result);

/*
 * Parse an unsigned number that may not be negative ("-1" is -ERANGE with
 * *value 0).  parse_uint_full() insists that the whole string is used.
 */
int parse_uint(const char *s, unsigned long long *value, char **endptr,
               int base);
int parse_uint_full(const char *s, unsigned long long *value, int base);

/*
 * Size strings: a decimal number (fraction allowed when a unit other than B
 * applies: "1.5G"), or hex ("0x1000", no fraction), followed by an optional
 * case-insensitive unit B, K, M, G, T, P or E (powers of 1024).  No unit
 * means bytes (qemu_strtosz), MiB (qemu_strtosz_MiB); qemu_strtosz_metric
 * uses powers of 1000.  Negative numbers, exponents and values above
 * UINT64_MAX are refused.  Fractions are rounded to the nearest byte.
 * Same @endptr and return value rules as qemu_strto*; *result is written
 * only on success.
 */
int qemu_strtosz(const char *nptr, const char **end, uint64_t *result);
int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result);
int qemu_strtosz_metric(const char *nptr, const char **end, uint64_t *result);

/* "512 B", "1 KiB", "1.5 MiB", "0.977 KiB": three significant digits. */
char *size_to_str(uint64_t val);

/*
 * The words people type for yes and no: on/yes/true/y and off/no/false/n.
 * Anything else: "Parameter '<name>' expects 'on' or 'off'".
 */
bool qapi_bool_parse(const char *name, const char *value, bool *obj,
                     Error **errp);

/* strnlen() that is also safe on non-terminated buffers of @max_len bytes. */
size_t qemu_strnlen(const char *s, size_t max_len);
/* Copy @str into @buf (@buf_size bytes), truncating; always terminated. */
void pstrcpy(char *buf, int buf_size, const char *str);
/* Append @s to @buf (@buf_size bytes), truncating; always terminated. */
char *pstrcat(char *buf, int buf_size, const char *s);
/* If @str starts with @val, set *@ptr past it and return true. */
bool strstart(const char *str, const char *val, const char **ptr);
/* Same, ignoring ASCII case. */
bool stristart(const char *str, const char *val, const char **ptr);

/* Is @s "help" or "?" */
bool is_help_option(const char *s);

/*
 * Write all of @count bytes, retrying short writes and EINTR.  Returns the
 * number of bytes written; less than @count means an error and errno says
 * which.
 */
ssize_t qemu_write_full(int fd, const void *buf, size_t count)
    QEMU_WARN_UNUSED_RESULT;
/*
 * Read up to @count bytes, retrying short reads and EINTR, stopping early
 * only at end of file.  Returns the bytes read, or -1 with errno set.
 */
ssize_t qemu_read_full(int fd, void *buf, size_t count)
    QEMU_WARN_UNUSED_RESULT;
/*
 * Read the whole file @path into a g_malloc'd buffer (NUL-terminated, the
 * terminator not counted in *@len).  On failure: "Unable to read file
 * '<path>': <strerror>" and false.
 */
bool qemu_file_get_contents(const char *path, char **buf, size_t *len,
                            Error **errp);

#endif

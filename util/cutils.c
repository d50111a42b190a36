/*
 * Small C helpers: strict number parsing, size strings, string copies,
 * boolean words.  See include/qemu/cutils.h for the contracts.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"

#include <math.h>

/*
 * Common tail of every qemu_strto*(): turn the libc outcome into our
 * return value.  @ep is where libc stopped, @libc_errno what it said.
 */
static int check_strtox_error(const char *nptr, const char *ep,
                              const char **endptr, int libc_errno)
{
    if (endptr) {
        *endptr = ep;
    }
    if (ep == nptr) {
        /* No digits at all, or an invalid base. */
        return -EINVAL;
    }
    if (!endptr && *ep) {
        /* The caller wants the whole string to be the number. */
        return -EINVAL;
    }
    return -libc_errno;
}

/* Reject a NULL string up front, the same way for every parser. */
static bool null_input(const char *nptr, const char **endptr)
{
    if (nptr) {
        return false;
    }
    if (endptr) {
        *endptr = NULL;
    }
    return true;
}

/*
 * Reject what libc would refuse anyway, before calling it: libc leaves the
 * end pointer unset for an invalid base.
 */
static bool bad_input(const char *nptr, const char **endptr, int base)
{
    if (null_input(nptr, endptr)) {
        return true;
    }
    if (base != 0 && (base < 2 || base > 36)) {
        if (endptr) {
            *endptr = nptr;
        }
        return true;
    }
    return false;
}

int qemu_strtoi(const char *nptr, const char **endptr, int base, int *result)
{
    char *ep;
    long long v;
    int ret;

    *result = 0;
    if (bad_input(nptr, endptr, base)) {
        return -EINVAL;
    }
    errno = 0;
    v = strtoll(nptr, &ep, base);
    if (v > INT_MAX) {
        v = INT_MAX;
        errno = ERANGE;
    } else if (v < INT_MIN) {
        v = INT_MIN;
        errno = ERANGE;
    }
    ret = check_strtox_error(nptr, ep, endptr, errno);
    if (ret != -EINVAL) {
        *result = v;
    }
    return ret;
}

/*
 * Unsigned parsers accept "-N" and wrap it like strtoul() does for its own
 * width: "-1" is the maximum.  A magnitude that does not fit is -ERANGE
 * with the maximum.
 */
static int strtou_width(const char *nptr, const char **endptr, int base,
                        uint64_t max, uint64_t *result)
{
    const char *p = nptr;
    unsigned long long v;
    bool neg;
    char *ep;
    int ret;

    *result = 0;
    if (bad_input(nptr, endptr, base)) {
        return -EINVAL;
    }
    while (g_ascii_isspace(*p)) {
        p++;
    }
    neg = *p == '-';
    errno = 0;
    v = strtoull(nptr, &ep, base);
    if (errno == ERANGE) {
        v = max;
    } else if (neg) {
        /* strtoull() already negated modulo 2^64: undo to check the width. */
        unsigned long long mag = -v;

        if (mag > max) {
            v = max;
            errno = ERANGE;
        } else {
            v = (max - mag + 1) & max;
        }
    } else if (v > max) {
        v = max;
        errno = ERANGE;
    }
    ret = check_strtox_error(nptr, ep, endptr, errno);
    if (ret != -EINVAL) {
        *result = v;
    }
    return ret;
}

int qemu_strtoui(const char *nptr, const char **endptr, int base,
                 unsigned int *result)
{
    uint64_t v;
    int ret = strtou_width(nptr, endptr, base, UINT_MAX, &v);

    *result = v;
    return ret;
}

int qemu_strtoul(const char *nptr, const char **endptr, int base,
                 unsigned long *result)
{
    uint64_t v;
    int ret = strtou_width(nptr, endptr, base, ULONG_MAX, &v);

    *result = v;
    return ret;
}

int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result)
{
    return strtou_width(nptr, endptr, base, UINT64_MAX, result);
}

int qemu_strtol(const char *nptr, const char **endptr, int base, long *result)
{
    char *ep;
    long v;
    int ret;

    *result = 0;
    if (bad_input(nptr, endptr, base)) {
        return -EINVAL;
    }
    errno = 0;
    v = strtol(nptr, &ep, base);
    ret = check_strtox_error(nptr, ep, endptr, errno);
    if (ret != -EINVAL) {
        *result = v;
    }
    return ret;
}

int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result)
{
    char *ep;
    long long v;
    int ret;

    *result = 0;
    if (bad_input(nptr, endptr, base)) {
        return -EINVAL;
    }
    errno = 0;
    v = strtoll(nptr, &ep, base);
    ret = check_strtox_error(nptr, ep, endptr, errno);
    if (ret != -EINVAL) {
        *result = v;
    }
    return ret;
}

int qemu_strtod(const char *nptr, const char **endptr, double *result)
{
    char *ep;
    double v;
    int ret;

    *result = 0;
    if (null_input(nptr, endptr)) {
        return -EINVAL;
    }
    errno = 0;
    v = strtod(nptr, &ep);
    ret = check_strtox_error(nptr, ep, endptr, errno);
    if (ret != -EINVAL) {
        *result = v;
    }
    return ret;
}

int qemu_strtod_finite(const char *nptr, const char **endptr, double *result)
{
    double v;
    int ret = qemu_strtod(nptr, endptr, &v);

    *result = 0;
    if (ret == -EINVAL) {
        return ret;
    }
    if (!isfinite(v)) {
        /* "inf", "nan" and overflow all count as not a usable number. */
        if (endptr) {
            *endptr = nptr;
        }
        return -EINVAL;
    }
    *result = v;
    return ret;
}

int parse_uint(const char *s, unsigned long long *value, char **endptr,
               int base)
{
    const char *p;
    char *ep;
    unsigned long long v;

    *value = 0;
    *endptr = (char *)s;
    if (!s || base < 0 || base == 1 || base > 36) {
        return -EINVAL;
    }
    errno = 0;
    v = strtoull(s, &ep, base);
    *endptr = ep;
    if (errno) {
        return -errno;
    }
    if (ep == s) {
        return -EINVAL;
    }
    for (p = s; g_ascii_isspace(*p); p++) {
        /* skip to the sign */
    }
    if (*p == '-') {
        return -ERANGE;
    }
    *value = v;
    return 0;
}

int parse_uint_full(const char *s, unsigned long long *value, int base)
{
    char *ep;
    int ret = parse_uint(s, value, &ep, base);

    if (ret < 0) {
        return ret;
    }
    if (*ep) {
        *value = 0;
        return -EINVAL;
    }
    return 0;
}

/* Multiplier of a size unit letter, or 0 if @c is not one. */
static uint64_t size_unit(char c, uint64_t base)
{
    static const char units[] = "BKMGTPE";
    const char *u;
    uint64_t mul = 1;

    if (!c) {
        return 0;
    }
    u = strchr(units, g_ascii_toupper(c));
    if (!u) {
        return 0;
    }
    for (int i = 0; i < u - units; i++) {
        mul *= base;
    }
    return mul;
}

/*
 * The fraction digits at @p (after the '.'), times @mul, rounded half up.
 * Digits past the 19th are too small to matter for any real size and are
 * skipped.  Sets *@nonzero if any digit is not 0, *@end past the digits.
 */
static uint64_t scaled_fraction(const char *p, uint64_t mul, bool *nonzero,
                                const char **end)
{
    uint64_t digits = 0, scale = 1;
    unsigned __int128 prod;
    int n = 0;

    *nonzero = false;
    for (; g_ascii_isdigit(*p); p++) {
        if (*p != '0') {
            *nonzero = true;
        }
        if (n < 19) {
            digits = digits * 10 + (*p - '0');
            scale *= 10;
            n++;
        }
    }
    *end = p;
    prod = (unsigned __int128)digits * mul;
    return (uint64_t)((prod + scale / 2) / scale);
}

static int do_strtosz(const char *nptr, const char **end, char default_unit,
                      uint64_t base, uint64_t *result)
{
    const char *ep;
    uint64_t val, frac_bytes = 0, mul;
    bool has_frac = false, frac_nonzero = false;
    const char *frac_digits = NULL;
    int ret;

    ret = qemu_strtou64(nptr, &ep, 10, &val);
    if (ret) {
        goto out;
    }
    if (memchr(nptr, '-', ep - nptr)) {
        /* qemu_strtou64() wraps negative numbers; sizes are never negative */
        ep = nptr;
        ret = -EINVAL;
        goto out;
    }
    if (val == 0 && (*ep == 'x' || *ep == 'X')) {
        ret = qemu_strtou64(nptr, &ep, 16, &val);
        if (ret) {
            goto out;
        }
        if (*ep == '.') {
            /* No fractions in hex. */
            ep = nptr;
            ret = -EINVAL;
            goto out;
        }
    } else if (*ep == '.') {
        const char *after;

        has_frac = true;
        frac_digits = ep + 1;
        /* Only plain digits; an exponent makes the whole input invalid. */
        scaled_fraction(frac_digits, 1, &frac_nonzero, &after);
        if ((*after == 'e' || *after == 'E') &&
            (g_ascii_isdigit(after[1]) ||
             ((after[1] == '+' || after[1] == '-') &&
              g_ascii_isdigit(after[2])))) {
            ep = nptr;
            ret = -EINVAL;
            goto out;
        }
        ep = after;
    }

    mul = size_unit(*ep, base);
    if (mul) {
        /* QEMU warns that a unit on hex is deprecated; we simply allow it. */
        ep++;
    } else {
        mul = size_unit(default_unit, base);
    }

    if (has_frac) {
        const char *dummy;

        if (mul == 1 && frac_nonzero) {
            /* A fraction of a byte makes no sense. */
            ep = nptr;
            ret = -EINVAL;
            goto out;
        }
        frac_bytes = scaled_fraction(frac_digits, mul, &frac_nonzero, &dummy);
    }

    {
        unsigned __int128 total = (unsigned __int128)val * mul + frac_bytes;

        if (total > UINT64_MAX) {
            ret = -ERANGE;
            goto out;
        }
        val = (uint64_t)total;
    }
    ret = 0;

out:
    if (end) {
        *end = ep;
    } else if (*ep) {
        ret = -EINVAL;
    }
    if (ret == 0) {
        *result = val;
    }
    return ret;
}

int qemu_strtosz(const char *nptr, const char **end, uint64_t *result)
{
    if (null_input(nptr, end)) {
        return -EINVAL;
    }
    return do_strtosz(nptr, end, 'B', 1024, result);
}

int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result)
{
    if (null_input(nptr, end)) {
        return -EINVAL;
    }
    return do_strtosz(nptr, end, 'M', 1024, result);
}

int qemu_strtosz_metric(const char *nptr, const char **end, uint64_t *result)
{
    if (null_input(nptr, end)) {
        return -EINVAL;
    }
    return do_strtosz(nptr, end, 'B', 1000, result);
}

char *size_to_str(uint64_t val)
{
    static const char *const prefixes[] = {
        "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
    };
    int i = 0;

    /*
     * Move to the next unit once the number would need four digits, so
     * 1000 bytes prints as "0.977 KiB" rather than "1e+03 B".
     */
    while (i < 6 && val >= (1000ULL << (10 * i))) {
        i++;
    }
    return g_strdup_printf("%0.3g %sB", (double)val / (double)(1ULL << (10 * i)),
                           prefixes[i]);
}

bool qapi_bool_parse(const char *name, const char *value, bool *obj,
                     Error **errp)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (value && !strcmp(value, yes[i])) {
            *obj = true;
            return true;
        }
        if (value && !strcmp(value, no[i])) {
            *obj = false;
            return true;
        }
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", name);
    return false;
}

size_t qemu_strnlen(const char *s, size_t max_len)
{
    size_t i;

    for (i = 0; i < max_len && s[i]; i++) {
        /* count */
    }
    return i;
}

void pstrcpy(char *buf, int buf_size, const char *str)
{
    size_t n;

    if (buf_size <= 0) {
        return;
    }
    n = qemu_strnlen(str, buf_size - 1);
    memcpy(buf, str, n);
    buf[n] = '\0';
}

char *pstrcat(char *buf, int buf_size, const char *s)
{
    size_t len;

    if (buf_size <= 0) {
        return buf;
    }
    len = qemu_strnlen(buf, buf_size);
    if (len < (size_t)buf_size) {
        pstrcpy(buf + len, buf_size - len, s);
    }
    return buf;
}

bool strstart(const char *str, const char *val, const char **ptr)
{
    size_t n = strlen(val);

    if (strncmp(str, val, n)) {
        return false;
    }
    if (ptr) {
        *ptr = str + n;
    }
    return true;
}

bool stristart(const char *str, const char *val, const char **ptr)
{
    size_t n = strlen(val);

    if (g_ascii_strncasecmp(str, val, n)) {
        return false;
    }
    if (ptr) {
        *ptr = str + n;
    }
    return true;
}

bool is_help_option(const char *s)
{
    return s && (!strcmp(s, "?") || !strcmp(s, "help"));
}

/*
 * Unit tests for util/cutils.c and util/osdep.c.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"

#include <fcntl.h>
#include <math.h>
#include <sys/socket.h>
#include <sys/wait.h>

/* One parse: input, base, expected return, value, characters consumed. */
typedef struct {
    const char *in;
    int base;
    int ret;
    long long val;
    int consumed;       /* -1: whole string */
} IntCase;

static const IntCase strtoi_cases[] = {
    { "0", 10, 0, 0, -1 },
    { "12345", 10, 0, 12345, -1 },
    { "  \t -321", 10, 0, -321, -1 },
    { "+17", 10, 0, 17, -1 },
    { "0x1f", 16, 0, 31, -1 },
    { "0x1f", 0, 0, 31, -1 },
    { "010", 0, 0, 8, -1 },
    { "010", 10, 0, 10, -1 },
    { "2147483647", 10, 0, INT_MAX, -1 },
    { "-2147483648", 10, 0, INT_MIN, -1 },
    { "2147483648", 10, -ERANGE, INT_MAX, -1 },
    { "-2147483649", 10, -ERANGE, INT_MIN, -1 },
    { "99999999999999999999999", 10, -ERANGE, INT_MAX, -1 },
    { "-99999999999999999999999", 10, -ERANGE, INT_MIN, -1 },
    { "123xyz", 10, 0, 123, 3 },
    { "", 10, -EINVAL, 0, 0 },
    { "   ", 10, -EINVAL, 0, 0 },
    { "xyz", 10, -EINVAL, 0, 0 },
    { "-", 10, -EINVAL, 0, 0 },
    { "0x", 16, 0, 0, 1 },
    { "12", 1, -EINVAL, 0, 0 },
};

static void test_strtoi_table(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(strtoi_cases); i++) {
        const IntCase *c = &strtoi_cases[i];
        const char *end = NULL;
        int res = 42;
        int ret;
        size_t want_end = c->consumed < 0 ? strlen(c->in) : (size_t)c->consumed;

        g_test_message("qemu_strtoi(\"%s\", %d)", c->in, c->base);
        ret = qemu_strtoi(c->in, &end, c->base, &res);
        g_assert_cmpint(ret, ==, c->ret);
        g_assert_cmpint(res, ==, c->val);
        g_assert_cmpuint(end - c->in, ==, want_end);

        /* With NULL endptr, anything left over is an error. */
        ret = qemu_strtoi(c->in, NULL, c->base, &res);
        if (c->ret == 0 && want_end != strlen(c->in)) {
            g_assert_cmpint(ret, ==, -EINVAL);
            g_assert_cmpint(res, ==, 0);
        } else {
            g_assert_cmpint(ret, ==, c->ret);
        }
    }
}

static void test_strtoi_null(void)
{
    const char *end = "x";
    int res = 7;

    g_assert_cmpint(qemu_strtoi(NULL, &end, 10, &res), ==, -EINVAL);
    g_assert_null(end);
    g_assert_cmpint(res, ==, 0);
    g_assert_cmpint(qemu_strtoi(NULL, NULL, 10, &res), ==, -EINVAL);
}

static const IntCase strtoui_cases[] = {
    { "4294967295", 10, 0, UINT_MAX, -1 },
    { "0xffffffff", 16, 0, UINT_MAX, -1 },
    { "4294967296", 10, -ERANGE, UINT_MAX, -1 },
    { "-1", 10, 0, UINT_MAX, -1 },
    { "  -321", 10, 0, (unsigned int)-321, -1 },
    { "-4294967295", 10, 0, 1, -1 },
    { "-4294967296", 10, -ERANGE, UINT_MAX, -1 },
    { "-99999999999999999999", 10, -ERANGE, UINT_MAX, -1 },
    { "12 ", 10, 0, 12, 2 },
    { "", 10, -EINVAL, 0, 0 },
    { "z", 10, -EINVAL, 0, 0 },
};

static void test_strtoui_table(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(strtoui_cases); i++) {
        const IntCase *c = &strtoui_cases[i];
        const char *end = NULL;
        unsigned int res = 42;
        size_t want_end = c->consumed < 0 ? strlen(c->in) : (size_t)c->consumed;

        g_test_message("qemu_strtoui(\"%s\")", c->in);
        g_assert_cmpint(qemu_strtoui(c->in, &end, c->base, &res), ==, c->ret);
        g_assert_cmpuint(res, ==, (unsigned int)c->val);
        g_assert_cmpuint(end - c->in, ==, want_end);
    }
}

static void test_strtoi64_u64(void)
{
    int64_t s;
    uint64_t u;
    const char *end;

    g_assert_cmpint(qemu_strtoi64("9223372036854775807", NULL, 10, &s), ==, 0);
    g_assert_cmpint(s, ==, INT64_MAX);
    g_assert_cmpint(qemu_strtoi64("-9223372036854775808", NULL, 10, &s), ==, 0);
    g_assert_cmpint(s, ==, INT64_MIN);
    g_assert_cmpint(qemu_strtoi64("9223372036854775808", NULL, 10, &s), ==,
                    -ERANGE);
    g_assert_cmpint(s, ==, INT64_MAX);
    g_assert_cmpint(qemu_strtoi64("-9223372036854775809", NULL, 10, &s), ==,
                    -ERANGE);
    g_assert_cmpint(s, ==, INT64_MIN);
    g_assert_cmpint(qemu_strtoi64("12 ", NULL, 10, &s), ==, -EINVAL);
    g_assert_cmpint(qemu_strtoi64("12 ", &end, 10, &s), ==, 0);
    g_assert_cmpint(s, ==, 12);
    g_assert_cmpstr(end, ==, " ");

    g_assert_cmpint(qemu_strtou64("18446744073709551615", NULL, 10, &u), ==, 0);
    g_assert_cmpuint(u, ==, UINT64_MAX);
    g_assert_cmpint(qemu_strtou64("18446744073709551616", NULL, 10, &u), ==,
                    -ERANGE);
    g_assert_cmpuint(u, ==, UINT64_MAX);
    g_assert_cmpint(qemu_strtou64("-1", NULL, 10, &u), ==, 0);
    g_assert_cmpuint(u, ==, UINT64_MAX);
    g_assert_cmpint(qemu_strtou64("-18446744073709551615", NULL, 10, &u), ==, 0);
    g_assert_cmpuint(u, ==, 1);
    g_assert_cmpint(qemu_strtou64("0x10", NULL, 0, &u), ==, 0);
    g_assert_cmpuint(u, ==, 16);
    g_assert_cmpint(qemu_strtou64("", NULL, 0, &u), ==, -EINVAL);
    g_assert_cmpint(qemu_strtou64(NULL, NULL, 0, &u), ==, -EINVAL);
}

static void test_strtol_ul(void)
{
    long l;
    unsigned long ul;

    g_assert_cmpint(qemu_strtol("-42", NULL, 10, &l), ==, 0);
    g_assert_cmpint(l, ==, -42);
    g_assert_cmpint(qemu_strtol("99999999999999999999", NULL, 10, &l), ==,
                    -ERANGE);
    g_assert_cmpint(l, ==, LONG_MAX);
    g_assert_cmpint(qemu_strtoul("-1", NULL, 10, &ul), ==, 0);
    g_assert_cmpuint(ul, ==, ULONG_MAX);
    g_assert_cmpint(qemu_strtoul("1x", NULL, 10, &ul), ==, -EINVAL);
}

static void test_strtod(void)
{
    double d;
    const char *end;

    g_assert_cmpint(qemu_strtod("1.5", NULL, &d), ==, 0);
    g_assert_cmpfloat(d, ==, 1.5);
    g_assert_cmpint(qemu_strtod(" -2e3x", &end, &d), ==, 0);
    g_assert_cmpfloat(d, ==, -2000.0);
    g_assert_cmpstr(end, ==, "x");
    g_assert_cmpint(qemu_strtod("1e400", NULL, &d), ==, -ERANGE);
    g_assert_true(isinf(d) && d > 0);
    g_assert_cmpint(qemu_strtod("-1e400", NULL, &d), ==, -ERANGE);
    g_assert_true(isinf(d) && d < 0);
    g_assert_cmpint(qemu_strtod("1e-400", NULL, &d), ==, -ERANGE);
    g_assert_cmpfloat(d, ==, 0.0);
    g_assert_cmpint(qemu_strtod("", &end, &d), ==, -EINVAL);
    g_assert_cmpint(qemu_strtod("abc", NULL, &d), ==, -EINVAL);
    g_assert_cmpint(qemu_strtod("inf", NULL, &d), ==, 0);
    g_assert_true(isinf(d));

    g_assert_cmpint(qemu_strtod_finite("inf", &end, &d), ==, -EINVAL);
    g_assert_cmpstr(end, ==, "inf");
    g_assert_cmpfloat(d, ==, 0.0);
    g_assert_cmpint(qemu_strtod_finite("nan", NULL, &d), ==, -EINVAL);
    g_assert_cmpint(qemu_strtod_finite("1e400", NULL, &d), ==, -EINVAL);
    g_assert_cmpint(qemu_strtod_finite("0.25", NULL, &d), ==, 0);
    g_assert_cmpfloat(d, ==, 0.25);
}

static void test_parse_uint(void)
{
    unsigned long long v;
    char *end;

    g_assert_cmpint(parse_uint_full("123", &v, 0), ==, 0);
    g_assert_cmpuint(v, ==, 123);
    g_assert_cmpint(parse_uint_full("0x10", &v, 0), ==, 0);
    g_assert_cmpuint(v, ==, 16);
    g_assert_cmpint(parse_uint_full(" -1", &v, 0), ==, -ERANGE);
    g_assert_cmpuint(v, ==, 0);
    g_assert_cmpint(parse_uint_full("-0", &v, 0), ==, -ERANGE);
    g_assert_cmpint(parse_uint_full("18446744073709551616", &v, 0), ==,
                    -ERANGE);
    g_assert_cmpint(parse_uint_full("12a", &v, 0), ==, -EINVAL);
    g_assert_cmpuint(v, ==, 0);
    g_assert_cmpint(parse_uint_full("", &v, 0), ==, -EINVAL);
    g_assert_cmpint(parse_uint_full(NULL, &v, 0), ==, -EINVAL);
    g_assert_cmpint(parse_uint("12a", &v, &end, 10), ==, 0);
    g_assert_cmpuint(v, ==, 12);
    g_assert_cmpstr(end, ==, "a");
    g_assert_cmpint(parse_uint("12", &v, &end, 1), ==, -EINVAL);
}

typedef struct {
    const char *in;
    int ret;
    uint64_t val;
    int consumed;       /* with an end pointer; -1: whole string */
} SizeCase;

#define KiB 1024ULL
#define MiB (KiB * KiB)
#define GiB (MiB * KiB)
#define TiB (GiB * KiB)
#define PiB (TiB * KiB)
#define EiB (PiB * KiB)

static const SizeCase strtosz_cases[] = {
    { "0", 0, 0, -1 },
    { "12345", 0, 12345, -1 },
    { "1B", 0, 1, -1 },
    { "1b", 0, 1, -1 },
    { "1K", 0, KiB, -1 },
    { "1k", 0, KiB, -1 },
    { "1M", 0, MiB, -1 },
    { "1G", 0, GiB, -1 },
    { "1g", 0, GiB, -1 },
    { "1T", 0, TiB, -1 },
    { "1P", 0, PiB, -1 },
    { "1E", 0, EiB, -1 },
    { "15E", 0, 15 * EiB, -1 },
    { "16E", -ERANGE, 0, -1 },
    { "1.5G", 0, GiB + GiB / 2, -1 },
    { "1.5k", 0, 1536, -1 },
    { "0.5K", 0, 512, -1 },
    { "1.k", 0, KiB, -1 },
    { "1.0", 0, 1, -1 },
    { "1.0B", 0, 1, -1 },
    { "1.5", -EINVAL, 0, 0 },
    { "1.5B", -EINVAL, 0, 0 },
    { "0.0001K", 0, 0, -1 },
    { "0.0005K", 0, 1, -1 },
    { "0.00048828125K", 0, 1, -1 },   /* exactly half a byte: rounds up */
    { "0.00048828124K", 0, 0, -1 },
    { "0x1000", 0, 4096, -1 },
    { "0X10", 0, 16, -1 },
    { "0x1.8k", -EINVAL, 0, 0 },
    { "1.5e3", -EINVAL, 0, 0 },
    { "1.5E+3k", -EINVAL, 0, 0 },
    { "1.5e", 0, EiB + EiB / 2, -1 },
    { "-1", -EINVAL, 0, 0 },
    { "-0", -EINVAL, 0, 0 },
    { " -1k", -EINVAL, 0, 0 },
    { "", -EINVAL, 0, 0 },
    { "k", -EINVAL, 0, 0 },
    { ".5k", -EINVAL, 0, 0 },
    { "18446744073709551615", 0, UINT64_MAX, -1 },
    { "18446744073709551616", -ERANGE, 0, -1 },
    { "17179869184G", -ERANGE, 0, -1 },
    { "12x", 0, 12, 2 },
    { "12kx", 0, 12 * KiB, 3 },
    { "1 k", 0, 1, 1 },
    { "  1K", 0, KiB, -1 },
};

static void test_strtosz_table(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(strtosz_cases); i++) {
        const SizeCase *c = &strtosz_cases[i];
        const char *end = NULL;
        uint64_t res = 0xdead;
        int ret;
        size_t want_end = c->consumed < 0 ? strlen(c->in) : (size_t)c->consumed;

        g_test_message("qemu_strtosz(\"%s\")", c->in);
        ret = qemu_strtosz(c->in, &end, &res);
        g_assert_cmpint(ret, ==, c->ret);
        if (ret == 0) {
            g_assert_cmpuint(res, ==, c->val);
        } else if (ret) {
            g_assert_cmpuint(res, ==, 0xdead);  /* untouched on failure */
        }
        if (ret != -ERANGE) {
            g_assert_cmpuint(end - c->in, ==, want_end);
        }

        ret = qemu_strtosz(c->in, NULL, &res);
        if (c->ret == 0 && want_end != strlen(c->in)) {
            g_assert_cmpint(ret, ==, -EINVAL);
        } else {
            g_assert_cmpint(ret, ==, c->ret);
        }
    }
}

static void test_strtosz_rounding(void)
{
    uint64_t v;

    /* 16777215.99999999 TiB = 2^64 - 2^40 + 0.99999999 * 2^40, rounded */
    g_assert_cmpint(qemu_strtosz("16777215.99999999T", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, UINT64_MAX - TiB + 1 + 1099511616781ULL);
    g_assert_cmpint(qemu_strtosz("16777215.9999999999999999T", NULL, &v), ==,
                    -ERANGE);
    g_assert_cmpint(qemu_strtosz("0.3333333333333333333333333K", NULL, &v),
                    ==, 0);
    g_assert_cmpuint(v, ==, 341);
}

static void test_strtosz_MiB_metric(void)
{
    uint64_t v;
    const char *end;

    g_assert_cmpint(qemu_strtosz_MiB("12", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 12 * MiB);
    g_assert_cmpint(qemu_strtosz_MiB("1.5", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, MiB + MiB / 2);
    g_assert_cmpint(qemu_strtosz_MiB("12k", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 12 * KiB);
    g_assert_cmpint(qemu_strtosz_MiB("12b", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 12);
    g_assert_cmpint(qemu_strtosz_metric("12k", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 12000);
    g_assert_cmpint(qemu_strtosz_metric("1.5M", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 1500000);
    g_assert_cmpint(qemu_strtosz(NULL, &end, &v), ==, -EINVAL);
    g_assert_null(end);
}

static void test_size_to_str(void)
{
    static const struct {
        uint64_t val;
        const char *str;
    } cases[] = {
        { 0, "0 B" },
        { 512, "512 B" },
        { 999, "999 B" },
        { 1000, "0.977 KiB" },
        { 1023, "0.999 KiB" },
        { KiB, "1 KiB" },
        { MiB + MiB / 2, "1.5 MiB" },
        { GiB, "1 GiB" },
        { 10 * GiB, "10 GiB" },
        { 1000 * GiB, "0.977 TiB" },
        { 10 * EiB, "10 EiB" },
        { UINT64_MAX, "16 EiB" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        g_autofree char *s = size_to_str(cases[i].val);

        g_assert_cmpstr(s, ==, cases[i].str);
    }
}

static void test_bool_parse(void)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };
    static const char *const bad[] = { "", "On", "1", "0", "yess", "o" };
    Error *err = NULL;
    bool b;

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        b = false;
        g_assert_true(qapi_bool_parse("x", yes[i], &b, &error_abort));
        g_assert_true(b);
        g_assert_true(qapi_bool_parse("x", no[i], &b, &error_abort));
        g_assert_false(b);
    }
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        b = true;
        g_assert_false(qapi_bool_parse("read-only", bad[i], &b, &err));
        g_assert_cmpstr(error_get_pretty(err), ==,
                        "Parameter 'read-only' expects 'on' or 'off'");
        g_assert_true(b);
        error_free(err);
        err = NULL;
    }
}

static void test_string_helpers(void)
{
    char buf[8];
    const char *rest;

    g_assert_cmpuint(qemu_strnlen("abc", 10), ==, 3);
    g_assert_cmpuint(qemu_strnlen("abcdef", 4), ==, 4);
    g_assert_cmpuint(qemu_strnlen("abc", 0), ==, 0);

    memset(buf, 'z', sizeof(buf));
    pstrcpy(buf, sizeof(buf), "0123456789");
    g_assert_cmpstr(buf, ==, "0123456");
    pstrcpy(buf, sizeof(buf), "ab");
    g_assert_cmpstr(buf, ==, "ab");
    pstrcat(buf, sizeof(buf), "cdefghij");
    g_assert_cmpstr(buf, ==, "abcdefg");
    pstrcat(buf, sizeof(buf), "x");
    g_assert_cmpstr(buf, ==, "abcdefg");
    buf[0] = 'q';
    pstrcpy(buf, 1, "abc");
    g_assert_cmpstr(buf, ==, "");

    g_assert_true(strstart("file.filename", "file.", &rest));
    g_assert_cmpstr(rest, ==, "filename");
    g_assert_false(strstart("fil", "file", &rest));
    g_assert_true(stristart("FILE:x", "file:", &rest));
    g_assert_cmpstr(rest, ==, "x");
    g_assert_true(is_help_option("help"));
    g_assert_true(is_help_option("?"));
    g_assert_false(is_help_option("help "));
    g_assert_false(is_help_option(NULL));
}

/* Random garbage: parsers must never crash and must honour the contract. */
static void test_garbage(void)
{
    static const char charset[] = "0123456789xXeE.+- kKmMgGtTpPbB\t,a";
    GRand *r = g_rand_new_with_seed(12345);

    for (int i = 0; i < 20000; i++) {
        char s[16];
        int n = g_rand_int_range(r, 0, sizeof(s));
        const char *end;
        uint64_t u, old = 7;
        int ret;
        int iv;

        for (int j = 0; j < n; j++) {
            s[j] = charset[g_rand_int_range(r, 0, sizeof(charset) - 1)];
        }
        s[n] = '\0';
        u = old;
        ret = qemu_strtosz(s, &end, &u);
        g_assert_true(ret == 0 || ret == -EINVAL || ret == -ERANGE);
        g_assert_true(end >= s && end <= s + n);
        if (ret) {
            g_assert_cmpuint(u, ==, old);
        }
        ret = qemu_strtoi(s, &end, 0, &iv);
        g_assert_true(ret == 0 || ret == -EINVAL || ret == -ERANGE);
        g_assert_true(end >= s && end <= s + n);
    }
    g_rand_free(r);
}

static char *write_temp(const void *data, size_t len)
{
    GError *gerr = NULL;
    char *path = NULL;
    int fd = g_file_open_tmp("test-cutils-XXXXXX", &path, &gerr);

    g_assert_no_error(gerr);
    g_assert_cmpint(qemu_write_full(fd, data, len), ==, len);
    close(fd);
    return path;
}

static void test_file_get_contents(void)
{
    static const char data[] = "line1\nsecret\0bytes";
    g_autofree char *path = write_temp(data, sizeof(data) - 1);
    g_autofree char *buf = NULL;
    size_t len = 99;
    Error *err = NULL;

    g_assert_true(qemu_file_get_contents(path, &buf, &len, &error_abort));
    g_assert_cmpuint(len, ==, sizeof(data) - 1);
    g_assert_cmpmem(buf, len, data, sizeof(data) - 1);
    g_assert_cmpint(buf[len], ==, '\0');
    unlink(path);
    g_clear_pointer(&buf, g_free);

    g_assert_false(qemu_file_get_contents("/nonexistent/x.key", &buf, &len,
                                          &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Unable to read file '/nonexistent/x.key': "
                    "No such file or directory");
    g_assert_null(buf);
    g_assert_cmpuint(len, ==, 0);
    error_free(err);
    err = NULL;

    g_assert_false(qemu_file_get_contents("/", &buf, &len, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Unable to read file '/': Is a directory");
    error_free(err);
}

static void test_file_large(void)
{
    size_t size = 3 * 4096 + 17;
    g_autofree char *data = g_malloc(size);
    g_autofree char *path = NULL;
    g_autofree char *buf = NULL;
    size_t len;

    for (size_t i = 0; i < size; i++) {
        data[i] = i * 7;
    }
    path = write_temp(data, size);
    g_assert_true(qemu_file_get_contents(path, &buf, &len, &error_abort));
    g_assert_cmpmem(buf, len, data, size);
    unlink(path);
}

/* Write/read through a socket pair with a tiny buffer: forces short I/O. */
static void test_read_write_full(void)
{
    int sv[2];
    size_t size = 256 * 1024;
    g_autofree char *out = g_malloc(size);
    g_autofree char *in = g_malloc(size + 10);
    pid_t child;
    int status;
    int sndbuf = 4096;

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    g_assert_cmpint(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf,
                               sizeof(sndbuf)), ==, 0);
    for (size_t i = 0; i < size; i++) {
        out[i] = i % 251;
    }
    child = fork();
    g_assert_cmpint(child, >=, 0);
    if (child == 0) {
        close(sv[1]);
        _exit(qemu_write_full(sv[0], out, size) == (ssize_t)size ? 0 : 1);
    }
    close(sv[0]);
    g_assert_cmpint(qemu_read_full(sv[1], in, size + 10), ==, size);
    g_assert_cmpmem(in, size, out, size);
    close(sv[1]);
    g_assert_cmpint(waitpid(child, &status, 0), ==, child);
    g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    g_assert_cmpint(qemu_read_full(-1, in, 1), ==, -1);
    g_assert_cmpint(errno, ==, EBADF);
    g_assert_cmpint(qemu_write_full(-1, out, 5), ==, 0);
    g_assert_cmpint(errno, ==, EBADF);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cutils/strtoi/table", test_strtoi_table);
    g_test_add_func("/cutils/strtoi/null", test_strtoi_null);
    g_test_add_func("/cutils/strtoui/table", test_strtoui_table);
    g_test_add_func("/cutils/strtoi64-u64", test_strtoi64_u64);
    g_test_add_func("/cutils/strtol-ul", test_strtol_ul);
    g_test_add_func("/cutils/strtod", test_strtod);
    g_test_add_func("/cutils/parse_uint", test_parse_uint);
    g_test_add_func("/cutils/strtosz/table", test_strtosz_table);
    g_test_add_func("/cutils/strtosz/rounding", test_strtosz_rounding);
    g_test_add_func("/cutils/strtosz/MiB-metric", test_strtosz_MiB_metric);
    g_test_add_func("/cutils/size_to_str", test_size_to_str);
    g_test_add_func("/cutils/bool_parse", test_bool_parse);
    g_test_add_func("/cutils/string-helpers", test_string_helpers);
    g_test_add_func("/cutils/garbage", test_garbage);
    g_test_add_func("/osdep/file-get-contents", test_file_get_contents);
    g_test_add_func("/osdep/file-large", test_file_large);
    g_test_add_func("/osdep/read-write-full", test_read_write_full);
    return g_test_run();
}

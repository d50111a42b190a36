/*
 * Unit tests for util/base64.c.
 */
#include "qemu/osdep.h"
#include "qemu/base64.h"

typedef struct {
    const char *in;
    size_t in_len;      /* (size_t)-1: NUL-terminated */
    const char *out;    /* NULL: must fail with @err */
    size_t out_len;
    const char *err;
} B64Case;

#define NT ((size_t)-1)

static const B64Case cases[] = {
    { "", NT, "", 0, NULL },
    { "Zg==", NT, "f", 1, NULL },
    { "Zm8=", NT, "fo", 2, NULL },
    { "Zm9v", NT, "foo", 3, NULL },
    { "Zm9vYg==", NT, "foob", 4, NULL },
    { "Zm9vYmE=", NT, "fooba", 5, NULL },
    { "Zm9vYmFy", NT, "foobar", 6, NULL },
    { "+/+/", NT, "\xfb\xff\xbf", 3, NULL },
    { "AAAA", NT, "\0\0\0", 3, NULL },
    { "Zm9vYmFyZm9v", 8, "foobar", 6, NULL },     /* length limits input */
    { "Zm9v\0garbage", 4, "foo", 3, NULL },
    { "Zm9v", 0, "", 0, NULL },
    { "Zm\0v", 4, NULL, 0, "Base64 data contains embedded NUL characters" },
    { "Zm9v Zm9v", NT, NULL, 0, "Base64 data contains invalid characters" },
    { "Zm9v\n", NT, NULL, 0, "Base64 data contains invalid characters" },
    { "Zm9v\nZm9v", NT, NULL, 0, "Base64 data contains invalid characters" },
    { "Zm-v", NT, NULL, 0, "Base64 data contains invalid characters" },
    { "Zm_v", NT, NULL, 0, "Base64 data contains invalid characters" },
    { "Zm9\xc3\xa9", NT, NULL, 0, "Base64 data contains invalid characters" },
    { "Zm9", NT, NULL, 0,
      "Base64 data is not valid: length 3 is not a multiple of 4" },
    { "Zg", NT, NULL, 0,
      "Base64 data is not valid: length 2 is not a multiple of 4" },
    { "Zg=", NT, NULL, 0,
      "Base64 data is not valid: length 3 is not a multiple of 4" },
    { "Zm9vY", NT, NULL, 0,
      "Base64 data is not valid: length 5 is not a multiple of 4" },
    { "Zg===", NT, NULL, 0,
      "Base64 data is not valid: length 5 is not a multiple of 4" },
    { "Z===", NT, NULL, 0,
      "Base64 data is not valid: '=' padding is only allowed at the end" },
    { "====", NT, NULL, 0,
      "Base64 data is not valid: '=' padding is only allowed at the end" },
    { "Zg==Zg==", NT, NULL, 0,
      "Base64 data is not valid: '=' padding is only allowed at the end" },
    { "Z=9v", NT, NULL, 0,
      "Base64 data is not valid: '=' padding is only allowed at the end" },
    { "Zm=v", NT, NULL, 0,
      "Base64 data is not valid: '=' padding is only allowed at the end" },
};

static void test_table(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        const B64Case *c = &cases[i];
        Error *err = NULL;
        size_t len = 12345;
        g_autofree uint8_t *out = NULL;

        g_test_message("case %zu: \"%s\"", i, c->in);
        out = qbase64_decode(c->in, c->in_len, &len, &err);
        if (c->out) {
            g_assert_null(err);
            g_assert_nonnull(out);
            g_assert_cmpmem(out, len, c->out, c->out_len);
        } else {
            g_assert_null(out);
            g_assert_cmpuint(len, ==, 0);
            g_assert_nonnull(err);
            g_assert_cmpstr(error_get_pretty(err), ==, c->err);
            error_free(err);
        }
    }
}

static void test_encode(void)
{
    static const struct {
        const char *in;
        const char *out;
    } enc[] = {
        { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
        { "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
        { "foobar", "Zm9vYmFy" }, { "\xfb\xff\xbf", "+/+/" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(enc); i++) {
        g_autofree char *s = qbase64_encode((const uint8_t *)enc[i].in,
                                            strlen(enc[i].in));
        g_assert_cmpstr(s, ==, enc[i].out);
    }
}

/* Every byte string survives encode + decode, and agrees with GLib. */
static void test_roundtrip_random(void)
{
    GRand *r = g_rand_new_with_seed(4242);

    for (int i = 0; i < 2000; i++) {
        size_t n = g_rand_int_range(r, 0, 70);
        g_autofree uint8_t *data = g_malloc(n + 1);
        g_autofree char *enc = NULL;
        g_autofree char *genc = NULL;
        g_autofree uint8_t *dec = NULL;
        size_t len;

        for (size_t j = 0; j < n; j++) {
            data[j] = g_rand_int(r);
        }
        enc = qbase64_encode(data, n);
        genc = g_base64_encode(data, n);
        g_assert_cmpstr(enc, ==, genc);
        dec = qbase64_decode(enc, -1, &len, &error_abort);
        g_assert_cmpmem(dec, len, data, n);
    }
    g_rand_free(r);
}

/*
 * Random strings over the base64 alphabet plus a few bad characters: the
 * decoder accepts exactly those strings our reference rules accept, and
 * then agrees with GLib's (lenient) decoder.
 */
static bool reference_valid(const char *s, size_t n)
{
    size_t pad = 0;

    if (n % 4) {
        return false;
    }
    while (pad < 2 && pad < n && s[n - 1 - pad] == '=') {
        pad++;
    }
    for (size_t i = 0; i < n - pad; i++) {
        if (!g_ascii_isalnum(s[i]) && s[i] != '+' && s[i] != '/') {
            return false;
        }
    }
    return true;
}

static void test_garbage(void)
{
    static const char charset[] = "AZaz09+/=== \n-_\x80";
    GRand *r = g_rand_new_with_seed(777);

    for (int i = 0; i < 50000; i++) {
        char s[13];
        size_t n = g_rand_int_range(r, 0, sizeof(s));
        g_autofree uint8_t *out = NULL;
        Error *err = NULL;
        size_t len = 99;

        for (size_t j = 0; j < n; j++) {
            s[j] = charset[g_rand_int_range(r, 0, sizeof(charset) - 1)];
        }
        s[n] = '\0';
        out = qbase64_decode(s, n, &len, &err);
        if (reference_valid(s, n)) {
            gsize glen;
            g_autofree guchar *gout = NULL;

            g_assert_null(err);
            g_assert_nonnull(out);
            gout = g_base64_decode(s, &glen);
            g_assert_cmpmem(out, len, gout, glen);
        } else {
            g_assert_null(out);
            g_assert_cmpuint(len, ==, 0);
            g_assert_nonnull(err);
            g_assert_true(g_str_has_prefix(error_get_pretty(err),
                                           "Base64 data "));
            error_free(err);
        }
    }
    g_rand_free(r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/base64/table", test_table);
    g_test_add_func("/base64/encode", test_encode);
    g_test_add_func("/base64/roundtrip-random", test_roundtrip_random);
    g_test_add_func("/base64/garbage", test_garbage);
    return g_test_run();
}

/*
 * Block layer unit tests: the option path (node names, json: file names,
 * probing), the request path (unaligned I/O against a shadow copy, with
 * and without O_DIRECT), zero writes, and image locks between two users
 * in one process (separate open file descriptions conflict like processes).
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include "block/block_int.h"
#include "sysemu/block-backend.h"
#include "qemu/main-loop.h"

static char *test_dir;

static char *tmp_image(const char *name, int64_t size)
{
    char *path = g_build_filename(test_dir, name, NULL);
    QDict *opts = qdict_new();
    Error *err = NULL;
    char sz[32];

    snprintf(sz, sizeof(sz), "%" PRId64, size);
    qdict_put_str(opts, "size", sz);
    g_assert_cmpint(bdrv_create(bdrv_find_format("raw"), path, opts, &err),
                    ==, 0);
    g_assert_null(err);
    qobject_unref(opts);
    return path;
}

static BlockBackend *open_raw(const char *path, const char *extra, int flags,
                              Error **errp)
{
    g_autofree char *json = g_strdup_printf(
        "json:{\"driver\": \"raw\", \"file\": {\"driver\": \"file\", "
        "\"filename\": \"%s\"%s}}", path, extra ? extra : "");

    return blk_new_open(json, NULL, NULL, flags, errp);
}

static void test_node_names(void)
{
    g_autofree char *path = tmp_image("names.img", 65536);
    QDict *opts = qdict_new();
    BlockDriverState *bs, *bs2;
    Error *err = NULL;

    qdict_put_str(opts, "driver", "raw");
    qdict_put_str(opts, "node-name", "disk0");
    bs = bdrv_open(path, opts, 0, &err);
    g_assert_nonnull(bs);
    g_assert_cmpstr(bdrv_get_node_name(bs), ==, "disk0");
    g_assert(bdrv_find_node("disk0") == bs);
    /* The file child got a generated name. */
    g_assert_true(g_str_has_prefix(bdrv_get_node_name(bdrv_file_bs(bs)),
                                   "#block"));

    opts = qdict_new();
    qdict_put_str(opts, "driver", "raw");
    qdict_put_str(opts, "node-name", "disk0");
    bs2 = bdrv_open(path, opts, 0, &err);
    g_assert_null(bs2);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Duplicate nodes with node-name='disk0'");
    error_free(err);
    err = NULL;

    opts = qdict_new();
    qdict_put_str(opts, "driver", "raw");
    qdict_put_str(opts, "node-name", "9x");
    g_assert_null(bdrv_open(path, opts, 0, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid node-name: '9x'");
    error_free(err);
    err = NULL;

    /* A failed open leaves no node behind. */
    g_assert(bdrv_find_node("9x") == NULL);
    bdrv_unref(bs);
    g_assert(bdrv_find_node("disk0") == NULL);
}

static void test_open_errors(void)
{
    static const struct {
        const char *filename;
        const char *error;
    } cases[] = {
        { "json:{", "Could not parse the JSON options: JSON parse error, "
                    "premature end of input" },
        { "json:[]", "Invalid JSON object given" },
        { "json:{\"driver\": \"nosuch\"}", "Unknown driver 'nosuch'" },
        { "json:{\"driver\": \"raw\"}", "Parameter 'file' is missing" },
        { "json:{\"driver\": \"file\"}", "Parameter 'filename' is missing" },
        { "json:{\"driver\": \"null-co\", \"size\": -1}",
          "Parameter 'size' expects size" },
        { "json:{\"driver\": \"file\", \"filename\": \"/nonexistent/x\"}",
          "Could not open '/nonexistent/x': No such file or directory" },
        { "json:{\"driver\": \"raw\", \"file\": \"nosuchnode\"}",
          "Cannot find device='' nor node-name='nosuchnode'" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        Error *err = NULL;
        BlockDriverState *bs = bdrv_open(cases[i].filename, NULL, 0, &err);

        g_assert_null(bs);
        g_assert_nonnull(err);
        g_assert_cmpstr(error_get_pretty(err), ==, cases[i].error);
        error_free(err);
    }
    g_assert_null(bdrv_next_node(NULL));
}

static void test_probe(void)
{
    uint8_t buf[512] = { 0 };

    g_assert_cmpstr(bdrv_probe_format(buf, sizeof(buf), "x"), ==, "raw");
    memcpy(buf, "LUKS\xba\xbe\x00\x01", 8);
    g_assert_cmpstr(bdrv_probe_format(buf, sizeof(buf), "x"), ==, "luks");
    /* LUKS2 is not LUKS1: raw. */
    buf[7] = 2;
    g_assert_cmpstr(bdrv_probe_format(buf, sizeof(buf), "x"), ==, "raw");
    g_assert_cmpstr(bdrv_probe_format(buf, 3, "x"), ==, "raw");
}

/* Random unaligned writes and reads against a shadow copy in memory. */
static void random_io(const char *extra)
{
    const int64_t size = 256 * 1024;
    g_autofree char *path = tmp_image("rmw.img", size);
    g_autofree uint8_t *shadow = g_malloc0(size);
    g_autofree uint8_t *buf = g_malloc(size);
    Error *err = NULL;
    BlockBackend *blk = open_raw(path, extra, BDRV_O_RDWR, &err);
    GRand *rand = g_rand_new_with_seed(42);

    if (!blk && extra) {
        /* O_DIRECT is not supported by every file system (tmpfs). */
        g_test_skip(error_get_pretty(err));
        error_free(err);
        g_rand_free(rand);
        return;
    }
    g_assert_nonnull(blk);
    for (int i = 0; i < 300; i++) {
        int64_t off = g_rand_int_range(rand, 0, size - 1);
        int64_t len = g_rand_int_range(rand, 1, MIN(size - off, 20000) + 1);
        int op = g_rand_int_range(rand, 0, 3);

        if (op == 0) {
            memset(buf, g_rand_int_range(rand, 0, 256), len);
            g_assert_cmpint(blk_pwrite(blk, off, len, buf, 0), ==, 0);
            memcpy(shadow + off, buf, len);
        } else if (op == 1) {
            g_assert_cmpint(blk_pwrite_zeroes(blk, off, len, 0), ==, 0);
            memset(shadow + off, 0, len);
        } else {
            g_assert_cmpint(blk_pread(blk, off, len, buf, 0), ==, 0);
            g_assert_cmpint(memcmp(buf, shadow + off, len), ==, 0);
        }
    }
    g_assert_cmpint(blk_pread(blk, 0, size, buf, 0), ==, 0);
    g_assert_cmpint(memcmp(buf, shadow, size), ==, 0);
    /* Beyond the end: -EIO, nothing changes. */
    g_assert_cmpint(blk_pread(blk, size - 1, 2, buf, 0), ==, -EIO);
    g_assert_cmpint(blk_pwrite(blk, size, 1, buf, 0), ==, -EIO);
    g_assert_cmpint(blk_pread(blk, -1, 1, buf, 0), ==, -EIO);
    g_assert_cmpint(blk_getlength(blk), ==, size);
    blk_unref(blk);
    g_rand_free(rand);
    unlink(path);
}

static void test_random_io_cached(void)
{
    random_io(NULL);
}

static void test_random_io_direct(void)
{
    random_io(", \"aio\": \"threads\"}, \"cache\": {\"direct\": true");
}

static void test_random_io_native(void)
{
    random_io(", \"aio\": \"native\"}, \"cache\": {\"direct\": true");
}

static void test_locks(void)
{
    g_autofree char *path = tmp_image("locks.img", 65536);
    Error *err = NULL;
    BlockBackend *w1, *w2, *r1;

    w1 = open_raw(path, NULL, BDRV_O_RDWR | BDRV_O_NO_SHARE, &err);
    g_assert_nonnull(w1);
    /* A second writer that needs write access. */
    w2 = open_raw(path, NULL, BDRV_O_RDWR, &err);
    g_assert_null(w2);
    g_assert_cmpstr(error_get_pretty(err), ==, "Failed to get \"write\" lock");
    error_free(err);
    err = NULL;
    /* A reader that shares everything is fine. */
    r1 = open_raw(path, NULL, 0, &err);
    g_assert_nonnull(r1);
    blk_unref(r1);
    /* A reader that does not share write conflicts with the writer. */
    r1 = open_raw(path, NULL, BDRV_O_NO_SHARE, &err);
    g_assert_null(r1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Failed to get shared \"write\" lock");
    error_free(err);
    err = NULL;
    /* ...unless locking is off. */
    r1 = open_raw(path, ", \"locking\": \"off\"", BDRV_O_NO_SHARE, &err);
    g_assert_nonnull(r1);
    blk_unref(r1);
    blk_unref(w1);
    /* The writer is gone: its locks went with it. */
    w2 = open_raw(path, NULL, BDRV_O_RDWR | BDRV_O_NO_SHARE, &err);
    g_assert_nonnull(w2);
    blk_unref(w2);
}

static void test_truncate_and_status(void)
{
    g_autofree char *path = tmp_image("trunc.img", 1024 * 1024);
    Error *err = NULL;
    BlockBackend *blk = open_raw(path, NULL, BDRV_O_RDWR | BDRV_O_RESIZE,
                                 &err);
    uint8_t buf[4096];
    int64_t pnum, map;
    int ret;

    g_assert_nonnull(blk);
    memset(buf, 7, sizeof(buf));
    g_assert_cmpint(blk_pwrite(blk, 65536, sizeof(buf), buf, 0), ==, 0);
    ret = bdrv_block_status_above(blk_bs(blk), 65536, 1024 * 1024, &pnum,
                                  &map, NULL);
    g_assert_cmpint(ret & (BDRV_BLOCK_DATA | BDRV_BLOCK_ZERO), ==,
                    BDRV_BLOCK_DATA);
    g_assert_cmpint(pnum, ==, 4096);
    g_assert_cmpint(map, ==, 65536);
    ret = bdrv_block_status_above(blk_bs(blk), 65536 + 4096, 4096, &pnum,
                                  NULL, NULL);
    g_assert_true(ret & BDRV_BLOCK_ZERO);

    g_assert_cmpint(blk_truncate(blk, 2 * 1024 * 1024, false,
                                 PREALLOC_MODE_OFF, 0, &err), ==, 0);
    g_assert_cmpint(blk_getlength(blk), ==, 2 * 1024 * 1024);
    g_assert_cmpint(blk_truncate(blk, -1, false, PREALLOC_MODE_OFF, 0, &err),
                    <, 0);
    g_assert_nonnull(err);
    error_free(err);
    blk_unref(blk);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    bdrv_init();
    test_dir = g_dir_make_tmp("test-block-XXXXXX", NULL);
    g_test_add_func("/block/open/node-names", test_node_names);
    g_test_add_func("/block/open/errors", test_open_errors);
    g_test_add_func("/block/open/probe", test_probe);
    g_test_add_func("/block/io/random-unaligned/cached", test_random_io_cached);
    g_test_add_func("/block/io/random-unaligned/o-direct",
                    test_random_io_direct);
    g_test_add_func("/block/io/random-unaligned/native-aio",
                    test_random_io_native);
    g_test_add_func("/block/io/truncate-and-status", test_truncate_and_status);
    g_test_add_func("/block/locks", test_locks);
    int ret = g_test_run();
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", test_dir);
    if (system(cmd)) {
        /* best effort */
    }
    g_free(test_dir);
    return ret;
}

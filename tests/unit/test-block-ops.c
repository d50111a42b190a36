/*
 * The generic block layer operations that qemu-img uses instead of
 * format-specific calls: snapshots, backing file changes, driver info,
 * allocation and block status down a backing chain. A stand-in driver
 * (raw with snapshot callbacks) shows that any format can implement them.
 */
#include "qemu/osdep.h"
#include "block/block_int.h"
#include "sysemu/block-backend.h"

static char *test_dir;

static char *create_image(const char *fmt, const char *name,
                          const char *opts_str)
{
    char *path = g_build_filename(test_dir, name, NULL);
    g_auto(GStrv) kv = g_strsplit(opts_str, ",", -1);
    g_autoptr(QDict) opts = qdict_new();
    Error *err = NULL;

    for (int i = 0; kv[i]; i++) {
        g_auto(GStrv) p = g_strsplit(kv[i], "=", 2);

        qdict_put_str(opts, p[0], p[1]);
    }
    g_assert_cmpint(bdrv_create(bdrv_find_format(fmt), path, opts, &err),
                    ==, 0);
    g_assert_null(err);
    return path;
}

static BlockBackend *open_image(const char *fmt, const char *path)
{
    g_autofree char *json = g_strdup_printf(
        "json:{\"driver\": \"%s\", \"file\": {\"driver\": \"file\", "
        "\"filename\": \"%s\"}}", fmt, path);
    Error *err = NULL;
    BlockBackend *blk = blk_new_open(json, NULL, NULL, BDRV_O_RDWR, &err);

    g_assert_null(err);
    g_assert_nonnull(blk);
    return blk;
}

/* A format without snapshots or backing files: the generic failures. */
static void test_unsupported(void)
{
    g_autofree char *path = create_image("raw", "plain.raw", "size=65536");
    BlockBackend *blk = open_image("raw", path);
    BlockDriverState *bs = blk_bs(blk);
    QEMUSnapshotInfo *sn = (QEMUSnapshotInfo *)&sn;
    BlockDriverInfo bdi;
    Error *err = NULL;

    g_assert_cmpint(bdrv_snapshot_list(bs, &sn), ==, 0);
    g_assert_null(sn);
    g_assert_cmpint(bdrv_snapshot_create(bs, "a", &err), ==, -ENOTSUP);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Block driver does not support snapshots");
    g_clear_pointer(&err, error_free);
    g_assert_cmpint(bdrv_snapshot_goto(bs, "a", &err), ==, -ENOTSUP);
    g_clear_pointer(&err, error_free);
    g_assert_cmpint(bdrv_snapshot_delete(bs, "a", &err), ==, -ENOTSUP);
    g_clear_pointer(&err, error_free);
    g_assert_cmpint(bdrv_change_backing_file(bs, "b", "raw", &err), ==,
                    -ENOTSUP);
    g_assert_cmpstr(error_get_pretty(err), ==, "Operation not supported");
    g_clear_pointer(&err, error_free);
    g_assert_cmpint(bdrv_make_empty(bs, &err), ==, -ENOTSUP);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Format driver 'raw' cannot empty an image");
    g_clear_pointer(&err, error_free);
    g_assert_cmpint(bdrv_get_info(bs, &bdi), ==, -ENOTSUP);
    g_assert_cmpint(bdi.cluster_size, ==, 0);
    g_assert_null(bdi.backing_file);
    g_assert_false(bdrv_supports_backing(bs));
    blk_unref(blk);
}

/* A stand-in format: raw plus one remembered snapshot name. */
static char fake_snapshot[64];

static int fake_create(BlockDriverState *bs, const char *name, Error **errp)
{
    if (fake_snapshot[0]) {
        error_setg(errp, "only one snapshot");
        return -ENOSPC;
    }
    g_strlcpy(fake_snapshot, name, sizeof(fake_snapshot));
    return 0;
}

static int fake_list(BlockDriverState *bs, QEMUSnapshotInfo **psn)
{
    if (!fake_snapshot[0]) {
        return 0;
    }
    *psn = g_new0(QEMUSnapshotInfo, 1);
    g_strlcpy((*psn)->name, fake_snapshot, sizeof((*psn)->name));
    g_strlcpy((*psn)->id_str, "1", sizeof((*psn)->id_str));
    return 1;
}

static void test_other_driver(void)
{
    g_autofree char *path = create_image("raw", "fake.raw", "size=65536");
    BlockBackend *blk = open_image("raw", path);
    BlockDriverState *bs = blk_bs(blk);
    BlockDriver fake = *bs->drv, *real = bs->drv;
    g_autofree QEMUSnapshotInfo *sn = NULL;
    Error *err = NULL;

    fake.bdrv_snapshot_create = fake_create;
    fake.bdrv_snapshot_list = fake_list;
    bs->drv = &fake;
    g_assert_cmpint(bdrv_snapshot_create(bs, "first", &err), ==, 0);
    g_assert_cmpint(bdrv_snapshot_create(bs, "second", &err), ==, -ENOSPC);
    g_assert_cmpstr(error_get_pretty(err), ==, "only one snapshot");
    g_clear_pointer(&err, error_free);
    g_assert_cmpint(bdrv_snapshot_list(bs, &sn), ==, 1);
    g_assert_cmpstr(sn[0].name, ==, "first");
    /* What the stand-in does not implement still fails cleanly. */
    g_assert_cmpint(bdrv_snapshot_goto(bs, "first", &err), ==, -ENOTSUP);
    g_clear_pointer(&err, error_free);
    bs->drv = real;
    blk_unref(blk);
}

/* qcow2 through the generic calls only. */
static void test_qcow2(void)
{
    g_autofree char *path = create_image("qcow2", "snap.qcow2", "size=1048576");
    BlockBackend *blk = open_image("qcow2", path);
    BlockDriverState *bs = blk_bs(blk);
    g_autofree QEMUSnapshotInfo *sn = NULL;
    uint8_t buf[512];
    BlockDriverInfo bdi;
    Error *err = NULL;
    int64_t pnum;

    g_assert_cmpint(bdrv_get_info(bs, &bdi), ==, 0);
    g_assert_cmpint(bdi.cluster_size, ==, 65536);
    g_assert_false(bdi.is_dirty);
    g_assert_true(bdrv_supports_backing(bs));
    g_assert_cmpint(bdrv_is_allocated(bs, 0, 65536, &pnum), ==, 0);
    memset(buf, 0x5a, sizeof(buf));
    g_assert_cmpint(blk_pwrite(blk, 0, sizeof(buf), buf, 0), ==, 0);
    g_assert_cmpint(bdrv_is_allocated(bs, 0, 1048576, &pnum), ==, 1);
    g_assert_cmpint(pnum, ==, 65536);
    g_assert_cmpint(bdrv_snapshot_create(bs, "one", &err), ==, 0);
    g_assert_null(err);
    g_assert_cmpint(bdrv_snapshot_list(bs, &sn), ==, 1);
    g_assert_cmpstr(sn[0].name, ==, "one");
    g_assert_cmpstr(sn[0].id_str, ==, "1");
    g_assert_cmpint(bdrv_snapshot_goto(bs, "one", &err), ==, 0);
    g_assert_cmpint(bdrv_snapshot_delete(bs, "nope", &err), <, 0);
    g_assert_nonnull(err);
    g_clear_pointer(&err, error_free);
    g_assert_cmpint(bdrv_snapshot_delete(bs, "1", &err), ==, 0);
    g_clear_pointer(&sn, g_free);
    g_assert_cmpint(bdrv_snapshot_list(bs, &sn), ==, 0);
    g_assert_cmpint(bdrv_change_backing_file(bs, "base.raw", "raw", &err),
                    ==, 0);
    g_assert_cmpint(bdrv_get_info(bs, &bdi), ==, 0);
    g_assert_cmpstr(bdi.backing_file, ==, "base.raw");
    g_assert_cmpstr(bdi.backing_format, ==, "raw");
    blk_unref(blk);
}

/* Status of an overlay: its own layer, and down the chain. */
static void test_status_above(void)
{
    g_autofree char *base = create_image("raw", "base.raw", "size=1048576");
    g_autofree char *top = NULL;
    g_autofree char *solo = create_image("qcow2", "solo.qcow2",
                                         "size=1048576");
    BlockBackend *blk = open_image("raw", base);
    BlockDriverState *file = NULL;
    uint8_t buf[65536];
    int64_t pnum, map;
    int ret;

    memset(buf, 0x11, sizeof(buf));
    g_assert_cmpint(blk_pwrite(blk, 65536, sizeof(buf), buf, 0), ==, 0);
    blk_unref(blk);
    top = create_image("qcow2", "top.qcow2",
                       "size=1048576,backing_file=base.raw,backing_fmt=raw");
    blk = open_image("qcow2", top);

    /* The overlay alone allocates nothing and has a backing file. */
    ret = bdrv_block_status(blk_bs(blk), 65536, 65536, &pnum, NULL, NULL);
    g_assert_cmpint(ret & (BDRV_BLOCK_DATA | BDRV_BLOCK_ZERO |
                           BDRV_BLOCK_ALLOCATED), ==, 0);
    /* Down the chain: the base's data, mapped 1:1 into its file. */
    ret = bdrv_block_status_above(blk_bs(blk), 65536, 65536, &pnum, &map,
                                  &file);
    g_assert_cmpint(ret & (BDRV_BLOCK_DATA | BDRV_BLOCK_ALLOCATED |
                           BDRV_BLOCK_OFFSET_VALID), ==,
                    BDRV_BLOCK_DATA | BDRV_BLOCK_ALLOCATED |
                    BDRV_BLOCK_OFFSET_VALID);
    g_assert_cmpint(pnum, ==, 65536);
    g_assert_cmpint(map, ==, 65536);
    g_assert_nonnull(file);
    g_assert_cmpstr(bdrv_get_filename(file), ==, base);
    g_assert_true(bdrv_cow_bs(blk_bs(blk)) != NULL);
    blk_unref(blk);

    /* Without a backing file, unallocated reads as zeroes. */
    blk = open_image("qcow2", solo);
    ret = bdrv_block_status(blk_bs(blk), 0, 65536, &pnum, NULL, NULL);
    g_assert_cmpint(ret & (BDRV_BLOCK_ZERO | BDRV_BLOCK_ALLOCATED), ==,
                    BDRV_BLOCK_ZERO);
    g_assert_null(bdrv_cow_bs(blk_bs(blk)));
    blk_unref(blk);
}

static void test_backing_path(void)
{
    g_autofree char *a = bdrv_backing_path("a.qcow2", "b.qcow2");
    g_autofree char *b = bdrv_backing_path("d/a.qcow2", "b.qcow2");
    g_autofree char *c = bdrv_backing_path("d/a.qcow2", "/abs/b.qcow2");
    g_autofree char *d = bdrv_backing_path("/x/y/a.qcow2", "../b.qcow2");

    g_assert_cmpstr(a, ==, "b.qcow2");
    g_assert_cmpstr(b, ==, "d/b.qcow2");
    g_assert_cmpstr(c, ==, "/abs/b.qcow2");
    g_assert_cmpstr(d, ==, "/x/y/../b.qcow2");
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    bdrv_init();
    test_dir = g_dir_make_tmp("test-block-ops-XXXXXX", NULL);
    g_test_add_func("/block/ops/unsupported", test_unsupported);
    g_test_add_func("/block/ops/other-driver", test_other_driver);
    g_test_add_func("/block/ops/qcow2", test_qcow2);
    g_test_add_func("/block/ops/status-above", test_status_above);
    g_test_add_func("/block/ops/backing-path", test_backing_path);
    ret = g_test_run();
    {
        g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", test_dir);

        if (system(cmd)) {
            /* best effort */
        }
    }
    g_free(test_dir);
    return ret;
}

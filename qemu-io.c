/*
 * qemu-io: read, write and verify bytes of a disk image, command by
 * command (QEMU 7.2 syntax and output). The block tests use it to write
 * patterns at offsets and check them back.
 *
 *   qemu-io [-f fmt] [-r] [-t cache] [-k] [-n] [-U] [--image-opts]
 *           [--object objectdef] [-c command]... [file]
 *
 * Without -c, commands are read from stdin ("qemu-io> " prompt). Exit
 * status 1 if any command failed.
 */
#include "qemu/osdep.h"
#include <getopt.h>
#include <math.h>
#include "block/block_int.h"
#include "block/aio-wait.h"
#include "sysemu/block-backend.h"
#include "qemu/cutils.h"
#include "qemu/error-report.h"
#include "qemu/keyval.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qobject/qbool.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "qom/object_interfaces.h"

static BlockBackend *qemuio_blk;
/* Set when any command (or a completing aio request) failed. */
static bool any_failed;
static bool force_share;
static int aio_in_flight;

typedef struct IoCmd {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *args;
    const char *oneline;
} IoCmd;

/* --- number and report formatting ----------------------------------------- */

static int64_t cvtnum(const char *s)
{
    uint64_t v;
    const char *end;

    if (qemu_strtosz(s, &end, &v) < 0 || *end || v > INT64_MAX) {
        return -EINVAL;
    }
    return v;
}

static void print_cvtnum_err(int64_t rc, const char *arg)
{
    printf("Parsing error: non-numeric argument, or extraneous/unrecognized "
           "suffix -- %s\n", arg);
}

static void cvtstr(double value, char *str, size_t size)
{
    static const char *const units[] = {
        " EiB", " PiB", " TiB", " GiB", " MiB", " KiB",
    };
    const char *suffix = " bytes";
    double div = 1ULL << 60;
    char *trim;

    for (size_t i = 0; i < G_N_ELEMENTS(units); i++, div /= 1024) {
        if (value >= div) {
            value /= div;
            suffix = units[i];
            break;
        }
    }
    snprintf(str, size - 8, "%.3f", value);
    trim = strstr(str, ".000");
    if (trim) {
        *trim = '\0';
    }
    g_strlcat(str, suffix, size);
}

static void timestr(int64_t ns, char *ts, size_t size)
{
    uint64_t cs = ns / 10000000;    /* centiseconds */
    uint64_t secs = cs / 100;

    if (secs >= 3600) {
        snprintf(ts, size, "%u:%02u:%02u.%02u", (unsigned)(secs / 3600),
                 (unsigned)(secs / 60 % 60), (unsigned)(secs % 60),
                 (unsigned)(cs % 100));
    } else if (secs >= 60) {
        snprintf(ts, size, "%02u:%02u.%02u", (unsigned)(secs / 60),
                 (unsigned)(secs % 60), (unsigned)(cs % 100));
    } else {
        snprintf(ts, size, "%02u.%02u", (unsigned)secs, (unsigned)(cs % 100));
    }
}

static void print_report(const char *op, int64_t ns, int64_t offset,
                         int64_t count, int64_t total, int cnt, bool cflag)
{
    char s1[64], s2[64], ts[64];
    double secs = MAX(ns, 1) / 1e9;

    timestr(ns, ts, sizeof(ts));
    if (cflag) {
        printf("%s %" PRId64 "/%" PRId64 " bytes at offset %" PRId64 "\n",
               op, total, count, offset);
        printf("%" PRId64 ",%d,%s,%.3f,%.3f\n", total, cnt, ts,
               total / secs, cnt / secs);
        return;
    }
    printf("%s %" PRId64 "/%" PRId64 " bytes at offset %" PRId64 "\n", op,
           total, count, offset);
    cvtstr(total, s1, sizeof(s1));
    cvtstr(total / secs, s2, sizeof(s2));
    printf("%s, %d ops; %s sec (%s/sec and %.4f ops/sec)\n", s1, cnt, ts, s2,
           cnt / secs);
}

static void dump_buffer(const uint8_t *buf, int64_t offset, int64_t len)
{
    for (int64_t i = 0; i < len; i += 16) {
        int n = MIN(16, len - i);

        printf("%08" PRIx64 ":  ", offset + i);
        for (int j = 0; j < n; j++) {
            printf("%02x ", buf[i + j]);
        }
        printf(" ");
        for (int j = 0; j < n; j++) {
            int c = buf[i + j];

            putchar(c >= 0x20 && c < 0x7f ? c : '.');
        }
        printf("\n");
    }
}

static bool check_open(void)
{
    if (!qemuio_blk) {
        printf("no file open, try 'help open'\n");
        return false;
    }
    return true;
}

/* Commands that modify the image check this first, as QEMU does. */
static bool check_writable(void)
{
    if (!check_open()) {
        return false;
    }
    if (blk_is_read_only(qemuio_blk)) {
        error_report("Block node is read-only");
        return false;
    }
    return true;
}

/* --- read/write ------------------------------------------------------------ */

typedef struct IoOpts {
    bool cflag, qflag, vflag, zflag, uflag, fflag, nflag, pflag;
    int pattern;
    int64_t pattern_off;
    int64_t pattern_len;
    bool has_pattern_off, has_pattern_len;
    int64_t offset;
    int64_t count;
} IoOpts;

/* Parse "[-flags] [-P pattern] off len"; -1 after printing the problem. */
static int parse_io_args(int argc, char **argv, const char *optstr,
                         IoOpts *o)
{
    int c;

    memset(o, 0, sizeof(*o));
    optind = 0;
    opterr = 0;
    while ((c = getopt(argc, argv, optstr)) != -1) {
        switch (c) {
        case 'C':
            o->cflag = true;
            break;
        case 'q':
            o->qflag = true;
            break;
        case 'v':
            o->vflag = true;
            break;
        case 'z':
            o->zflag = true;
            break;
        case 'u':
            o->uflag = true;
            break;
        case 'f':
            o->fflag = true;
            break;
        case 'n':
            o->nflag = true;
            break;
        case 'p':
            break;
        case 'P': {
            int64_t p;

            if (qemu_strtoi64(optarg, NULL, 0, &p) < 0 || p < 0 || p > 0xff) {
                printf("non-numeric pattern -- %s\n", optarg);
                return -1;
            }
            o->pflag = true;
            o->pattern = p;
            break;
        }
        case 's':
            o->pattern_off = cvtnum(optarg);
            if (o->pattern_off < 0) {
                print_cvtnum_err(o->pattern_off, optarg);
                return -1;
            }
            o->has_pattern_off = true;
            break;
        case 'l':
            o->pattern_len = cvtnum(optarg);
            if (o->pattern_len < 0) {
                print_cvtnum_err(o->pattern_len, optarg);
                return -1;
            }
            o->has_pattern_len = true;
            break;
        case 'b':
        case 'c':
            printf("%s: option -%c is not supported\n", argv[0], c);
            return -1;
        default:
            printf("%s: invalid option -- '%c'\n", argv[0], optopt);
            return -1;
        }
    }
    if (optind != argc - 2) {
        printf("%s: wrong number of arguments\n", argv[0]);
        return -1;
    }
    if (o->zflag && o->pflag) {
        printf("-z and -P cannot be specified at the same time\n");
        return -1;
    }
    o->offset = cvtnum(argv[optind]);
    if (o->offset < 0) {
        print_cvtnum_err(o->offset, argv[optind]);
        return -1;
    }
    o->count = cvtnum(argv[optind + 1]);
    if (o->count < 0) {
        print_cvtnum_err(o->count, argv[optind + 1]);
        return -1;
    } else if (o->count > BDRV_REQUEST_MAX_BYTES) {
        printf("length cannot exceed %" PRIu64 ", given %s\n",
               (uint64_t)BDRV_REQUEST_MAX_BYTES, argv[optind + 1]);
        return -1;
    }
    if (!o->has_pattern_len) {
        o->pattern_len = o->count - o->pattern_off;
    }
    if ((o->has_pattern_off || o->has_pattern_len) &&
        (o->pattern_off > o->count ||
         o->pattern_len > o->count - o->pattern_off)) {
        printf("pattern verification range exceeds end of read data\n");
        return -1;
    }
    return 0;
}

static bool verify_pattern(const uint8_t *buf, IoOpts *o)
{
    for (int64_t i = 0; i < o->pattern_len; i++) {
        if (buf[o->pattern_off + i] != o->pattern) {
            printf("Pattern verification failed at offset %" PRId64 ", %"
                   PRId64 " bytes\n", o->offset + o->pattern_off,
                   o->pattern_len);
            return false;
        }
    }
    return true;
}

static int read_f(int argc, char **argv)
{
    IoOpts o;
    g_autofree uint8_t *buf = NULL;
    int64_t t0;
    int ret;

    if (!check_open() || parse_io_args(argc, argv, "bCl:pP:qs:v", &o) < 0) {
        return -EINVAL;
    }
    buf = g_malloc(MAX(o.count, 1));
    t0 = get_clock();
    ret = blk_pread(qemuio_blk, o.offset, o.count, buf, 0);
    t0 = get_clock() - t0;
    if (ret < 0) {
        printf("read failed: %s\n", strerror(-ret));
        return ret;
    }
    if (o.pflag && !verify_pattern(buf, &o)) {
        ret = -EINVAL;
    }
    if (o.qflag) {
        return ret;
    }
    if (o.vflag) {
        dump_buffer(buf, o.offset, o.count);
    }
    print_report("read", t0, o.offset, o.count, o.count, 1, o.cflag);
    return ret;
}

static int write_f(int argc, char **argv)
{
    IoOpts o;
    g_autofree uint8_t *buf = NULL;
    BdrvRequestFlags flags = 0;
    int64_t t0;
    int ret;

    if (!check_writable() ||
        parse_io_args(argc, argv, "bcCfnpP:quz", &o) < 0) {
        return -EINVAL;
    }
    if (o.fflag) {
        flags |= BDRV_REQ_FUA;
    }
    if (o.uflag) {
        if (!o.zflag) {
            printf("-u requires -z to be specified\n");
            return -EINVAL;
        }
        flags |= BDRV_REQ_MAY_UNMAP;
    }
    if (o.nflag) {
        if (!o.zflag) {
            printf("-n requires -z to be specified\n");
            return -EINVAL;
        }
        flags |= BDRV_REQ_NO_FALLBACK;
    }
    t0 = get_clock();
    if (o.zflag) {
        ret = blk_pwrite_zeroes(qemuio_blk, o.offset, o.count, flags);
    } else {
        buf = g_malloc(MAX(o.count, 1));
        memset(buf, o.pflag ? o.pattern : 0xcd, o.count);
        ret = blk_pwrite(qemuio_blk, o.offset, o.count, buf, flags);
    }
    t0 = get_clock() - t0;
    if (ret < 0) {
        printf("write failed: %s\n", strerror(-ret));
        return ret;
    }
    if (!o.qflag) {
        print_report("wrote", t0, o.offset, o.count, o.count, 1, o.cflag);
    }
    return 0;
}

typedef struct AioCtx {
    IoOpts o;
    bool write;
    uint8_t *buf;
    QEMUIOVector qiov;
    int64_t t0;
    int ret;
} AioCtx;

static int command_status;

static void coroutine_fn aio_co(void *opaque)
{
    AioCtx *a = opaque;
    int ret;

    if (a->write && a->o.zflag) {
        ret = blk_co_pwrite_zeroes(qemuio_blk, a->o.offset, a->o.count,
                                   a->o.uflag ? BDRV_REQ_MAY_UNMAP : 0);
    } else if (a->write) {
        ret = blk_co_pwritev(qemuio_blk, a->o.offset, a->o.count, &a->qiov,
                             a->o.fflag ? BDRV_REQ_FUA : 0);
    } else {
        ret = blk_co_preadv(qemuio_blk, a->o.offset, a->o.count, &a->qiov, 0);
    }
    a->t0 = get_clock() - a->t0;
    if (ret < 0) {
        printf("%s failed: %s\n", a->write ? "aio_write" : "aio_read",
               strerror(-ret));
        command_status = ret;
        any_failed = true;
    } else {
        if (!a->write && a->o.pflag && !verify_pattern(a->buf, &a->o)) {
            command_status = -EINVAL;
            any_failed = true;
        }
        if (!a->o.qflag) {
            if (!a->write && a->o.vflag) {
                dump_buffer(a->buf, a->o.offset, a->o.count);
            }
            print_report(a->write ? "wrote" : "read", a->t0, a->o.offset,
                         a->o.count, a->o.count, 1, a->o.cflag);
        }
    }
    g_free(a->buf);
    g_free(a);
    aio_in_flight--;
    aio_wait_kick();
}

static int aio_rw(int argc, char **argv, bool write)
{
    AioCtx *a = g_new0(AioCtx, 1);

    if (!(write ? check_writable() : check_open()) ||
        parse_io_args(argc, argv, write ? "CfiP:quz" : "CiP:qs:l:v",
                      &a->o) < 0) {
        g_free(a);
        return -EINVAL;
    }
    a->write = write;
    a->buf = g_malloc(MAX(a->o.count, 1));
    memset(a->buf, a->o.pflag && write ? a->o.pattern : 0xcd, a->o.count);
    qemu_iovec_init_buf(&a->qiov, a->buf, a->o.count);
    a->t0 = get_clock();
    aio_in_flight++;
    qemu_coroutine_enter(qemu_coroutine_create(aio_co, a));
    return 0;
}

static int aio_read_f(int argc, char **argv)
{
    return aio_rw(argc, argv, false);
}

static int aio_write_f(int argc, char **argv)
{
    return aio_rw(argc, argv, true);
}

static void drain_aio(void)
{
    AIO_WAIT_WHILE(qemu_get_aio_context(), aio_in_flight > 0);
}

static int aio_flush_f(int argc, char **argv)
{
    if (!check_open()) {
        return -EINVAL;
    }
    drain_aio();
    return blk_flush(qemuio_blk);
}

static int flush_f(int argc, char **argv)
{
    if (!check_open()) {
        return -EINVAL;
    }
    return blk_flush(qemuio_blk);
}

static int discard_f(int argc, char **argv)
{
    IoOpts o;
    int64_t t0;
    int ret;

    if (!check_writable() || parse_io_args(argc, argv, "Cq", &o) < 0) {
        return -EINVAL;
    }
    t0 = get_clock();
    ret = blk_pdiscard(qemuio_blk, o.offset, o.count);
    t0 = get_clock() - t0;
    if (ret < 0) {
        printf("discard failed: %s\n", strerror(-ret));
        return ret;
    }
    if (!o.qflag) {
        print_report("discard", t0, o.offset, o.count, o.count, 1, o.cflag);
    }
    return 0;
}

static int truncate_f(int argc, char **argv)
{
    Error *err = NULL;
    int64_t size;
    int ret;

    if (!check_open()) {
        return -EINVAL;
    }
    if (argc != 2) {
        printf("truncate: wrong number of arguments\n");
        return -EINVAL;
    }
    size = cvtnum(argv[1]);
    if (size < 0) {
        print_cvtnum_err(size, argv[1]);
        return size;
    }
    ret = blk_truncate(qemuio_blk, size, false, PREALLOC_MODE_OFF, 0, &err);
    if (ret < 0) {
        error_report_err(err);
        return ret;
    }
    return 0;
}

static int length_f(int argc, char **argv)
{
    int64_t size;
    char s[64];

    if (!check_open()) {
        return -EINVAL;
    }
    size = blk_getlength(qemuio_blk);
    if (size < 0) {
        printf("getlength: %s\n", strerror(-size));
        return size;
    }
    cvtstr(size, s, sizeof(s));
    printf("%s\n", s);
    return 0;
}

static void dump_human(QObject *obj, int indent);

static void dump_dict(QDict *d, int indent)
{
    for (const QDictEntry *e = qdict_first(d); e; e = qdict_next(d, e)) {
        g_autofree char *key = g_strdelimit(g_strdup(qdict_entry_key(e)),
                                            "-", ' ');
        QObject *v = qdict_entry_value(e);
        bool nested = qobject_type(v) == QTYPE_QDICT ||
                      qobject_type(v) == QTYPE_QLIST;

        printf("%*s%s:%s", indent * 4, "", key, nested ? "\n" : " ");
        dump_human(v, nested ? indent + 1 : indent);
    }
}

static void dump_human(QObject *obj, int indent)
{
    switch (qobject_type(obj)) {
    case QTYPE_QNUM: {
        g_autofree char *s = qnum_to_string(qobject_to(QNum, obj));

        printf("%s\n", s);
        break;
    }
    case QTYPE_QSTRING:
        printf("%s\n", qstring_get_str(qobject_to(QString, obj)));
        break;
    case QTYPE_QBOOL:
        printf("%s\n", qbool_get_bool(qobject_to(QBool, obj)) ? "true"
                                                              : "false");
        break;
    case QTYPE_QDICT:
        dump_dict(qobject_to(QDict, obj), indent);
        break;
    case QTYPE_QLIST: {
        int i = 0;

        for (const QListEntry *e = qlist_first(qobject_to(QList, obj)); e;
             e = qlist_next(e), i++) {
            printf("%*s[%d]:\n", indent * 4, "", i);
            dump_human(qlist_entry_obj(e), indent + 1);
        }
        break;
    }
    default:
        printf("null\n");
        break;
    }
}

static int info_f(int argc, char **argv)
{
    BlockDriverState *bs;
    Error *err = NULL;
    QDict *spec;

    if (!check_open()) {
        return -EINVAL;
    }
    bs = blk_bs(qemuio_blk);
    printf("format name: %s\n", bdrv_get_format_name(bs));
    printf("cluster size: 0 bytes\n");
    printf("vm state offset: 0 bytes\n");
    spec = bdrv_get_specific_info(bs, &err);
    if (err) {
        error_report_err(err);
        return -EIO;
    }
    if (spec) {
        printf("Format specific information:\n");
        dump_human(qdict_get(spec, "data"), 1);
        qobject_unref(spec);
    }
    return 0;
}

static int map_f(int argc, char **argv)
{
    int64_t len, off = 0;

    if (!check_open()) {
        return -EINVAL;
    }
    len = blk_getlength(qemuio_blk);
    if (len < 0) {
        printf("getlength: %s\n", strerror(-len));
        return len;
    }
    while (off < len) {
        int64_t pnum, num = 0, start = off;
        int st = bdrv_block_status(blk_bs(qemuio_blk), off, len - off,
                                   &pnum, NULL, NULL);
        bool alloc;
        char s1[64], s2[64];

        if (st < 0) {
            printf("is_allocated failed: %s\n", strerror(-st));
            return st;
        }
        alloc = st & BDRV_BLOCK_ALLOCATED;
        /* Merge following extents of the same allocation state. */
        do {
            num += MAX(pnum, 1);
            off += MAX(pnum, 1);
            if (off >= len) {
                break;
            }
            st = bdrv_block_status(blk_bs(qemuio_blk), off, len - off,
                                   &pnum, NULL, NULL);
        } while (st >= 0 && !!(st & BDRV_BLOCK_ALLOCATED) == alloc);
        if (st < 0) {
            printf("is_allocated failed: %s\n", strerror(-st));
            return st;
        }
        cvtstr(num, s1, sizeof(s1));
        cvtstr(start, s2, sizeof(s2));
        printf("%s (0x%" PRIx64 ") bytes %sallocated at offset %s (0x%" PRIx64
               ")\n", s1, num, alloc ? "    " : "not ", s2, start);
    }
    return 0;
}

static int sleep_f(int argc, char **argv)
{
    int64_t ms;

    if (argc != 2 || qemu_strtoi64(argv[1], NULL, 0, &ms) < 0 || ms < 0) {
        printf("Invalid sleep argument\n");
        return -EINVAL;
    }
    g_usleep(ms * 1000);
    return 0;
}

static void close_image(void)
{
    if (qemuio_blk) {
        drain_aio();
        blk_unref(qemuio_blk);
        qemuio_blk = NULL;
    }
}

static int close_f(int argc, char **argv)
{
    close_image();
    return 0;
}

/*
 * Open @name (NULL: all in @opts) into qemuio_blk. @opts (a flat QDict,
 * taken over) may say driver=... Returns 0 or -1 after reporting.
 */
static int openfile(const char *name, int flags, bool writethrough,
                    bool fshare, QDict *opts)
{
    Error *err = NULL;

    if (qemuio_blk) {
        error_report("file open already, try 'help close'");
        qobject_unref(opts);
        return 1;
    }
    if (fshare) {
        if (!opts) {
            opts = qdict_new();
        }
        qdict_put_str(opts, "force-share", "on");
    }
    /* Writers do not share write access (see qemu-img.c's img_open). */
    if (flags & BDRV_O_RDWR) {
        flags |= BDRV_O_NO_SHARE;
    }
    qemuio_blk = blk_new_open(name, NULL, opts, flags, &err);
    if (!qemuio_blk) {
        if (name) {
            error_prepend(&err, "can't open device %s: ", name);
        } else {
            error_prepend(&err, "can't open: ");
        }
        error_report_err(err);
        return 1;
    }
    blk_set_enable_write_cache(qemuio_blk, !writethrough);
    return 0;
}

static int open_f(int argc, char **argv)
{
    int flags = BDRV_O_UNMAP | BDRV_O_RDWR;
    bool writethrough = true, readonly = false, fshare = false;
    QDict *opts = NULL;
    Error *err = NULL;
    int c;

    optind = 0;
    opterr = 0;
    while ((c = getopt(argc, argv, "snCro:kt:d:U")) != -1) {
        switch (c) {
        case 's':
        case 'C':
            break;
        case 'n':
            flags |= BDRV_O_NOCACHE;
            writethrough = false;
            break;
        case 'r':
            readonly = true;
            break;
        case 'k':
            flags |= BDRV_O_NATIVE_AIO;
            break;
        case 't':
            if (bdrv_parse_cache_mode(optarg, &flags, &writethrough) < 0) {
                error_report("Invalid cache option: %s", optarg);
                qobject_unref(opts);
                return -EINVAL;
            }
            break;
        case 'd':
            if (strcmp(optarg, "unmap") && strcmp(optarg, "ignore") &&
                strcmp(optarg, "on") && strcmp(optarg, "off")) {
                error_report("Invalid discard option: %s", optarg);
                qobject_unref(opts);
                return -EINVAL;
            }
            break;
        case 'U':
            fshare = true;
            break;
        case 'o':
            if (!opts) {
                opts = qdict_new();
            }
            if (!keyval_parse_into(opts, optarg, NULL, NULL, &err)) {
                error_report_err(err);
                qobject_unref(opts);
                return -EINVAL;
            }
            break;
        default:
            printf("open: invalid option -- '%c'\n", optopt);
            printf("open [-rsCnkU] [-t cache] [-d discard] [-o options] "
                   "[path] -- open the file specified by path\n");
            qobject_unref(opts);
            return -EINVAL;
        }
    }
    if (opts) {
        qdict_flatten(opts);
    }
    if (readonly) {
        flags &= ~BDRV_O_RDWR;
    }
    if (optind == argc - 1) {
        return openfile(argv[optind], flags, writethrough, fshare, opts)
               ? -EINVAL : 0;
    }
    if (optind == argc && opts) {
        return openfile(NULL, flags, writethrough, fshare, opts) ? -EINVAL : 0;
    }
    qobject_unref(opts);
    printf("open [-rsCnkU] [-t cache] [-d discard] [-o options] [path] -- "
           "open the file specified by path\n");
    return -EINVAL;
}

static int quit_f(int argc, char **argv);
static int help_f(int argc, char **argv);

static const IoCmd io_cmds[] = {
    { "aio_flush", aio_flush_f, "", "completes all outstanding aio requests" },
    { "aio_read", aio_read_f, "[-Cqv] [-P pattern] off len",
      "asynchronously reads a number of bytes" },
    { "aio_write", aio_write_f, "[-Cfquz] [-P pattern] off len",
      "asynchronously writes a number of bytes" },
    { "close", close_f, "", "close the current open file" },
    { "discard", discard_f, "[-Cq] off len",
      "discards a number of bytes at a specified offset" },
    { "flush", flush_f, "", "flush all in-core file state to disk" },
    { "help", help_f, "[command]",
      "help for one or all commands" },
    { "info", info_f, "", "prints information about the current file" },
    { "length", length_f, "", "gets the length of the current file" },
    { "map", map_f, "", "prints the allocated areas of a file" },
    { "open", open_f, "[-rsCnkU] [-t cache] [-d discard] [-o options] [path]",
      "open the file specified by path" },
    { "quit", quit_f, "", "exit the program" },
    { "read", read_f, "[-abCqv] [-P pattern [-s off] [-l len]] off len",
      "reads a number of bytes at a specified offset" },
    { "sleep", sleep_f, "milliseconds", "waits for the given value in "
      "milliseconds" },
    { "truncate", truncate_f, "off", "truncates the current file at the given "
      "offset" },
    { "write", write_f, "[-bcCfnquz] [-P pattern] off len",
      "writes a number of bytes at a specified offset" },
    { NULL },
};

static bool quit_requested;

static int quit_f(int argc, char **argv)
{
    quit_requested = true;
    return 0;
}

static int help_f(int argc, char **argv)
{
    for (const IoCmd *c = io_cmds; c->name; c++) {
        if (argc > 1 && strcmp(argv[1], c->name)) {
            continue;
        }
        printf("%s %s -- %s\n", c->name, c->args, c->oneline);
        if (argc > 1) {
            return 0;
        }
    }
    if (argc > 1) {
        printf("command %s not found\n", argv[1]);
        return -EINVAL;
    }
    printf("\nUse 'help commandname' for extended help.\n");
    return 0;
}

/* Run one command line; false if it failed. */
static bool run_command(const char *line)
{
    g_auto(GStrv) argv = NULL;
    int argc;
    GError *gerr = NULL;

    if (!g_shell_parse_argv(line, &argc, &argv, &gerr)) {
        bool empty = gerr->code == G_SHELL_ERROR_EMPTY_STRING;

        g_error_free(gerr);
        return empty;
    }
    for (const IoCmd *c = io_cmds; c->name; c++) {
        if (!strcmp(argv[0], c->name)) {
            int ret;

            command_status = 0;
            ret = c->fn(argc, argv);
            fflush(stdout);
            return ret >= 0 && command_status >= 0;
        }
    }
    printf("command \"%s\" not found\n", argv[0]);
    return false;
}

static void QEMU_NORETURN usage_exit(const char *name)
{
    printf("Usage: %s [OPTIONS]... [-c STRING]... [file]\n"
           "QEMU Disk exerciser\n\n"
           "  --object OBJECTDEF   define an object such as 'secret' for\n"
           "                       passwords and/or encryption keys\n"
           "  --image-opts         treat file as option string\n"
           "  -c, --cmd STRING     execute command with its arguments\n"
           "                       from the given string\n"
           "  -f, --format FMT     specifies the block driver to use\n"
           "  -r, --read-only      export read-only\n"
           "  -n, --nocache        disable host cache, cache=none\n"
           "  -k, --native-aio     use kernel AIO implementation\n"
           "  -i, --aio=MODE       use AIO mode (threads, native)\n"
           "  -t, --cache=MODE     use the given cache mode for the image\n"
           "  -d, --discard=MODE   use the given discard mode for the image\n"
           "  -U, --force-share    force shared permissions\n"
           "  -h, --help           display this help and exit\n"
           "  -V, --version        output version information and exit\n\n"
           "See 'help' at the qemu-io> prompt for the list of commands.\n",
           name);
    exit(0);
}

int main(int argc, char **argv)
{
    static const struct option lopt[] = {
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { "cmd", required_argument, NULL, 'c' },
        { "format", required_argument, NULL, 'f' },
        { "read-only", no_argument, NULL, 'r' },
        { "snapshot", no_argument, NULL, 's' },
        { "nocache", no_argument, NULL, 'n' },
        { "copy-on-read", no_argument, NULL, 'C' },
        { "misalign", no_argument, NULL, 'm' },
        { "native-aio", no_argument, NULL, 'k' },
        { "aio", required_argument, NULL, 'i' },
        { "discard", required_argument, NULL, 'd' },
        { "cache", required_argument, NULL, 't' },
        { "trace", required_argument, NULL, 'T' },
        { "object", required_argument, NULL, 256 },
        { "image-opts", no_argument, NULL, 257 },
        { "force-share", no_argument, NULL, 'U' },
        { NULL, 0, NULL, 0 }
    };
    g_autoptr(GPtrArray) cmds = g_ptr_array_new();
    int flags = BDRV_O_UNMAP | BDRV_O_RDWR;
    bool writethrough = true, image_opts = false;
    const char *fmt = NULL;
    Error *err = NULL;
    int c;

    signal(SIGPIPE, SIG_IGN);
    error_set_progname(argv[0]);
    if (qemu_init_main_loop(&err) < 0) {
        error_report_err(err);
        return 1;
    }
    bdrv_init();
    module_call_init(MODULE_INIT_QOM);

    while ((c = getopt_long(argc, argv, "c:d:f:hi:kmnrsCt:T:UV", lopt,
                            NULL)) != -1) {
        switch (c) {
        case 's':
        case 'C':
        case 'm':
        case 'T':
        case 'd':
            break;
        case 'n':
            flags |= BDRV_O_NOCACHE;
            writethrough = false;
            break;
        case 'f':
            fmt = optarg;
            break;
        case 'c':
            g_ptr_array_add(cmds, optarg);
            break;
        case 'r':
            flags &= ~BDRV_O_RDWR;
            break;
        case 'k':
            flags |= BDRV_O_NATIVE_AIO;
            break;
        case 'i':
            if (bdrv_parse_aio(optarg, &flags) < 0) {
                error_report("Invalid aio option: %s", optarg);
                return 1;
            }
            break;
        case 't':
            if (bdrv_parse_cache_mode(optarg, &flags, &writethrough) < 0) {
                error_report("Invalid cache option: %s", optarg);
                return 1;
            }
            break;
        case 'U':
            force_share = true;
            break;
        case 'V':
            printf("%s version " QEMU_VERSION "\n"
                   "Copyright (c) 2003-2022 Fabrice Bellard and the QEMU "
                   "Project developers\n", error_get_progname());
            return 0;
        case 'h':
            usage_exit(argv[0]);
        case 256:
            user_creatable_process_cmdline(optarg);
            break;
        case 257:
            image_opts = true;
            break;
        default:
            error_printf("Try '%s --help' for more information.\n", argv[0]);
            return 1;
        }
    }
    if (optind < argc - 1) {
        error_report("extra arguments after image name");
        error_printf("Try '%s --help' for more information.\n", argv[0]);
        return 1;
    }
    if (optind == argc - 1) {
        const char *name = argv[optind];
        QDict *opts = NULL;

        if (image_opts) {
            if (fmt) {
                error_report("--image-opts and --format are mutually "
                             "exclusive");
                return 1;
            }
            opts = keyval_parse(name, NULL, NULL, &err);
            if (!opts) {
                error_report_err(err);
                return 1;
            }
            qdict_flatten(opts);
            if (openfile(NULL, flags, writethrough, force_share, opts)) {
                return 1;
            }
        } else {
            if (fmt) {
                opts = qdict_new();
                qdict_put_str(opts, "driver", fmt);
            }
            if (openfile(name, flags, writethrough, force_share, opts)) {
                return 1;
            }
        }
    }
    if (cmds->len) {
        for (guint i = 0; i < cmds->len && !quit_requested; i++) {
            if (!run_command(cmds->pdata[i])) {
                any_failed = true;
            }
        }
    } else {
        char line[4096];

        for (;;) {
            if (isatty(STDIN_FILENO)) {
                printf("qemu-io> ");
                fflush(stdout);
            }
            if (!fgets(line, sizeof(line), stdin) || quit_requested) {
                break;
            }
            line[strcspn(line, "\n")] = '\0';
            if (!run_command(line)) {
                any_failed = true;
            }
            if (quit_requested) {
                break;
            }
        }
    }
    close_image();
    user_creatable_cleanup();
    return any_failed ? 1 : 0;
}

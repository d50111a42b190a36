/*
 * qemu-img: create, inspect, convert, check and re-key disk images.
 *
 * Command-line syntax, output and exit codes follow QEMU 7.2's qemu-img
 * so that existing scripts keep working. Every command takes --object
 * (secrets for encrypted images) and --image-opts (the filename is then a
 * keyval option string: driver=luks,file.filename=a.img,key-secret=s0).
 */
#include "qemu/osdep.h"
#include <getopt.h>
#include <sys/mman.h>
#include <time.h>
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
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "qom/object_interfaces.h"

#define BDRV_DEFAULT_CACHE "writeback"
#define IO_BUF_SIZE (2 * 1024 * 1024)
#define MAX_COROUTINES 16

enum {
    OPTION_OUTPUT = 256,
    OPTION_BACKING_CHAIN,
    OPTION_OBJECT,
    OPTION_IMAGE_OPTS,
    OPTION_PATTERN,
    OPTION_FLUSH_INTERVAL,
    OPTION_NO_DRAIN,
    OPTION_TARGET_IMAGE_OPTS,
    OPTION_SIZE,
    OPTION_PREALLOCATION,
    OPTION_SHRINK,
    OPTION_SALVAGE,
    OPTION_TARGET_IS_ZERO,
    OPTION_ADD,
    OPTION_REMOVE,
    OPTION_CLEAR,
    OPTION_ENABLE,
    OPTION_DISABLE,
    OPTION_MERGE,
    OPTION_BITMAPS,
    OPTION_FORCE,
    OPTION_SKIP_BROKEN,
    OPTION_START_OFFSET,
    OPTION_MAX_LENGTH,
};

typedef enum OutputFormat {
    OFORMAT_JSON,
    OFORMAT_HUMAN,
} OutputFormat;

typedef struct ImgCmd {
    const char *name;
    int (*handler)(int argc, char **argv);
    const char *syntax;
    const char *summary;
} ImgCmd;

static const ImgCmd *current_cmd;

/* --- messages ------------------------------------------------------------- */

static void QEMU_NORETURN G_GNUC_PRINTF(1, 2) error_exit(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_vreport(fmt, ap);
    va_end(ap);
    error_printf("Try 'qemu-img --help' for more information\n");
    exit(EXIT_FAILURE);
}

/* Report @err with a printf-style prefix, and free it. */
static void G_GNUC_PRINTF(2, 3) report_err_prefixed(Error *err,
                                                    const char *fmt, ...)
{
    va_list ap;
    g_autofree char *prefix = NULL;

    va_start(ap, fmt);
    prefix = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_prepend(&err, "%s", prefix);
    error_report_err(err);
}

static void missing_argument(const char *option)
{
    error_exit("missing argument for option '%s'", option);
}

static void unrecognized_option(const char *option)
{
    error_exit("unrecognized option '%s'", option);
}

static void bad_getopt(int c, char **argv)
{
    /* As real 7.2: the whole argument getopt stopped at, long or short. */
    if (c == ':') {
        missing_argument(argv[optind - 1]);
    }
    unrecognized_option(argv[optind - 1]);
}

static void print_version(void)
{
    printf("qemu-img version " QEMU_VERSION QEMU_PKGVERSION "\n"
           "Copyright (c) 2003-2022 Fabrice Bellard and the QEMU Project "
           "developers\n");
}

static const ImgCmd img_cmds[];

static void format_name_cb(void *opaque, const char *name)
{
    printf(" %s", name);
}

static void QEMU_NORETURN help(void)
{
    print_version();
    printf("usage: qemu-img [standard options] command [command options]\n"
           "QEMU disk image utility\n\n"
           "    '-h', '--help'       display this help and exit\n"
           "    '-V', '--version'    output version information and exit\n"
           "    '-T', '--trace'      [[enable=]<pattern>][,events=<file>]"
           "[,file=<file>]\n"
           "                         specify tracing options\n\n"
           "Command syntax:\n");
    for (const ImgCmd *c = img_cmds; c->name; c++) {
        printf("  %s\n", c->syntax);
    }
    printf("\nCommand parameters:\n"
           "  'filename' is a disk image filename; with --image-opts an option"
           " string\n    such as 'driver=luks,file.filename=a.img,"
           "key-secret=sec0'\n"
           "  'objectdef' defines a user creatable object, most often a "
           "secret that\n    supplies a passphrase: "
           "'secret,id=sec0,data=...' or 'secret,id=sec0,file=...'\n"
           "  'fmt' is the image format; it is probed when not given\n"
           "  'cache' is the cache mode for the output image: 'none', "
           "'writeback'\n    (default, except convert), 'writethrough', "
           "'directsync', 'unsafe'\n    (default for convert)\n"
           "  'src_cache' is the cache mode for input images (same values)\n"
           "  'size' is in bytes; suffixes k, M, G, T, P, E (powers of 1024) "
           "are accepted\n"
           "  'options' is a comma separated list of name=value format "
           "options;\n    '-o help' lists them\n"
           "  '-p' shows progress, '-q' suppresses all output but errors\n"
           "  '-U' opens images read-only without taking the write lock "
           "(force-share)\n"
           "  '-S' the number of consecutive zero bytes (default 4k) that "
           "convert leaves\n    sparse in the output; 0 fully allocates it\n"
           "  '-m' convert's number of requests in flight (default 8)\n"
           "  '-W' lets convert write out of order\n"
           "  '--output' selects human or json output\n"
           "  '-n' skips creating the target image\n"
           "\n'qemu-img <command> --help' describes one command.\n"
           "\nSupported formats:");
    bdrv_iterate_format(format_name_cb, NULL);
    printf("\n");
    exit(EXIT_SUCCESS);
}

static void QEMU_NORETURN cmd_help(void)
{
    printf("Usage: qemu-img %s\n\n%s\n", current_cmd->syntax,
           current_cmd->summary);
    exit(EXIT_SUCCESS);
}

static void G_GNUC_PRINTF(2, 3) qprintf(bool quiet, const char *fmt, ...)
{
    va_list ap;

    if (quiet) {
        return;
    }
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

/* --- progress -------------------------------------------------------------- */

static struct {
    bool enabled;
    float last;
    float min_skip;
} progress;

static void progress_init(bool enabled, float min_skip)
{
    progress.enabled = enabled;
    progress.last = -100;
    progress.min_skip = min_skip;
}

static void progress_print(float pct)
{
    if (!progress.enabled) {
        return;
    }
    if (pct > 100) {
        pct = 100;
    }
    if (pct - progress.last >= progress.min_skip || pct == 100 ||
        progress.last < 0) {
        progress.last = pct;
        printf("    (%3.2f/100%%)\r", pct);
        fflush(stdout);
    }
}

static void progress_end(void)
{
    if (progress.enabled) {
        progress.last = -100;
        progress_print(100);
        printf("\n");
        fflush(stdout);
    }
}

/* --- opening ------------------------------------------------------------- */

static OutputFormat parse_output_format(const char *arg)
{
    if (!strcmp(arg, "json")) {
        return OFORMAT_JSON;
    }
    if (!strcmp(arg, "human")) {
        return OFORMAT_HUMAN;
    }
    error_exit("--output must be used with human or json as argument.");
}

static QDict *parse_image_opts(const char *optstr)
{
    Error *err = NULL;
    QDict *opts = keyval_parse(optstr, NULL, NULL, &err);

    if (!opts) {
        error_report_err(err);
        return NULL;
    }
    /* Back to the flat form the block layer takes (file.filename=...). */
    qdict_flatten(opts);
    return opts;
}

static BlockBackend *img_open_opts(const char *optstr, QDict *opts, int flags,
                                   bool writethrough, bool quiet,
                                   bool force_share)
{
    Error *err = NULL;
    BlockBackend *blk;

    if (force_share) {
        const char *fs = qdict_get_try_str(opts, "force-share");

        /* -U and force-share=off in the options contradict each other. */
        if (fs && strcmp(fs, "on") && strcmp(fs, "true") &&
            strcmp(fs, "yes") && strcmp(fs, "y")) {
            error_report("--force-share/-U conflicts with image options");
            qobject_unref(opts);
            return NULL;
        }
        qdict_put_str(opts, "force-share", "on");
    }
    blk = blk_new_open(NULL, NULL, opts, flags, &err);
    if (!blk) {
        report_err_prefixed(err, "Could not open '%s': ", optstr);
        return NULL;
    }
    blk_set_enable_write_cache(blk, !writethrough);
    return blk;
}

static BlockBackend *img_open_file(const char *filename, const char *fmt,
                                   int flags, bool writethrough, bool quiet,
                                   bool force_share)
{
    QDict *options = qdict_new();
    Error *err = NULL;
    BlockBackend *blk;

    if (fmt) {
        qdict_put_str(options, "driver", fmt);
    }
    if (force_share) {
        qdict_put_str(options, "force-share", "on");
    }
    blk = blk_new_open(filename, NULL, options, flags, &err);
    if (!blk) {
        report_err_prefixed(err, "Could not open '%s': ", filename);
        return NULL;
    }
    blk_set_enable_write_cache(blk, !writethrough);
    return blk;
}

static BlockBackend *img_open(bool image_opts, const char *filename,
                              const char *fmt, int flags, bool writethrough,
                              bool quiet, bool force_share)
{
    /*
     * A writer never shares write (or resize) access: two writers can
     * never have one image open, whichever tool (ours or QEMU's) the
     * other one is. Readers share everything, as QEMU's do.
     */
    if (flags & BDRV_O_RDWR) {
        flags |= BDRV_O_NO_SHARE;
    }
    if (image_opts) {
        QDict *opts;

        if (fmt) {
            error_report("--image-opts and --format are mutually exclusive");
            return NULL;
        }
        opts = parse_image_opts(filename);
        if (!opts) {
            return NULL;
        }
        return img_open_opts(filename, opts, flags, writethrough, quiet,
                             force_share);
    }
    return img_open_file(filename, fmt, flags, writethrough, quiet,
                         force_share);
}

static int parse_cache(const char *mode, int *flags, bool *writethrough,
                       bool source)
{
    if (bdrv_parse_cache_mode(mode, flags, writethrough) < 0) {
        error_report("Invalid %scache option: %s", source ? "source " : "",
                     mode);
        return -1;
    }
    return 0;
}

static void process_object(const char *optarg)
{
    user_creatable_process_cmdline(optarg);
}

/* Append -o @arg to *@opts ("a=1" + "b=2" -> "a=1,b=2"). */
/* The long options of the subcommands, spelt once. */
#define LONGOPT_HELP        { "help", no_argument, 0, 'h' }
#define LONGOPT_OBJECT      { "object", required_argument, 0, OPTION_OBJECT }
#define LONGOPT_IMAGE_OPTS  { "image-opts", no_argument, 0, OPTION_IMAGE_OPTS }
#define LONGOPT_FORCE_SHARE { "force-share", no_argument, 0, 'U' }
#define LONGOPT_FORMAT      { "format", required_argument, 0, 'f' }
#define LONGOPT_END         { 0, 0, 0, 0 }
/* What every subcommand takes, and what those opening one image take. */
#define IMG_LONGOPTS_COMMON LONGOPT_HELP, LONGOPT_OBJECT
#define IMG_LONGOPTS_IMAGE  IMG_LONGOPTS_COMMON, LONGOPT_IMAGE_OPTS, \
                            LONGOPT_FORCE_SHARE

/*
 * Where the options every subcommand handles alike go (NULL: the command
 * does not take it, so getopt never returns it).
 */
typedef struct ImgCommonOpts {
    bool *image_opts;       /* --image-opts */
    bool *force_share;      /* -U, --force-share */
    bool *quiet;            /* -q */
} ImgCommonOpts;

/*
 * getopt_long for a subcommand: handles the options all commands share
 * (-h, --object, bad or incomplete options, and those of @co) and returns
 * the next one the command handles itself, or -1 at the end.
 */
static int img_getopt(int argc, char **argv, const char *shortopts,
                      const struct option *longopts, const ImgCommonOpts *co)
{
    for (;;) {
        int c = getopt_long(argc, argv, shortopts, longopts, NULL);

        switch (c) {
        case ':':
        case '?':
            bad_getopt(c, argv);
            break;
        case 'h':
            cmd_help();
            break;
        case OPTION_OBJECT:
            process_object(optarg);
            break;
        case OPTION_IMAGE_OPTS:
            if (!co->image_opts) {
                return c;
            }
            *co->image_opts = true;
            break;
        case 'U':
            if (!co->force_share) {
                return c;
            }
            *co->force_share = true;
            break;
        case 'q':
            if (!co->quiet) {
                return c;
            }
            *co->quiet = true;
            break;
        default:
            return c;
        }
    }
}

/*
 * The bucket QEMU 7.2's QDict puts @key in (its tdb_hash modulo 512): the
 * order in which real qemu-img prints the members of a QAPI struct it
 * converted to a QDict (check --output=json).
 */
static unsigned int qemu_qdict_bucket(const char *key)
{
    uint32_t v = 0x238F13AFu * (uint32_t)strlen(key);

    for (size_t i = 0; key[i]; i++) {
        v += (uint32_t)(uint8_t)key[i] << (i * 5 % 24);
    }
    return (1103515243u * v + 12345u) % 512;
}

typedef struct OrderedKey {
    const QDictEntry *e;
    unsigned int bucket;
    int index;
} OrderedKey;

static int ordered_key_cmp(const void *a, const void *b)
{
    const OrderedKey *x = a, *y = b;

    if (x->bucket != y->bucket) {
        return x->bucket < y->bucket ? -1 : 1;
    }
    /* QEMU inserts at the head of a bucket: the later key comes first. */
    return y->index - x->index;
}

/* A copy of @d's top level in QEMU 7.2's iteration order. */
static QDict *qdict_in_qemu_order(QDict *d)
{
    g_autofree OrderedKey *keys = g_new(OrderedKey, qdict_size(d) + 1);
    QDict *out = qdict_new();
    int n = 0;

    for (const QDictEntry *e = qdict_first(d); e; e = qdict_next(d, e)) {
        keys[n] = (OrderedKey) { e, qemu_qdict_bucket(qdict_entry_key(e)),
                                 n };
        n++;
    }
    qsort(keys, n, sizeof(*keys), ordered_key_cmp);
    for (int i = 0; i < n; i++) {
        qdict_put_obj(out, qdict_entry_key(keys[i].e),
                      qobject_ref(qdict_entry_value(keys[i].e)));
    }
    return out;
}

/*
 * What real 7.2 calls an image opened with --image-opts: its file name,
 * unless options that change what the image means (QEMU's strong runtime
 * options: a key secret, a raw offset or size) were given: then a json:
 * pseudo-filename of those options, the driver and the file, in QEMU's
 * member order.
 */
static char *image_opts_display_name(BlockDriverState *bs, const char *optstr)
{
    static const char *const strong[] = {
        "encrypt.key-secret", "key-secret", "offset", "size", NULL
    };
    g_autoptr(QDict) opts = parse_image_opts(optstr);
    g_autoptr(QDict) d = qdict_new();
    g_autoptr(QDict) file = qdict_new();
    g_autoptr(QDict) ordered = NULL;
    g_autoptr(GString) json = NULL;
    bool any = false;

    for (int i = 0; opts && strong[i]; i++) {
        const char *v = qdict_get_try_str(opts, strong[i]);

        if (v) {
            qdict_put_str(d, strong[i], v);
            any = true;
        }
    }
    if (!any || !qdict_get_try_str(opts, "file.filename")) {
        return g_strdup(bdrv_get_filename(bs));
    }
    qdict_put_str(d, "driver", bdrv_get_format_name(bs));
    qdict_put_str(file, "driver", "file");
    qdict_put_str(file, "filename", qdict_get_str(opts, "file.filename"));
    qdict_put_obj(d, "file", QOBJECT(qdict_in_qemu_order(file)));
    ordered = qdict_in_qemu_order(d);
    json = qobject_to_json(QOBJECT(ordered));
    return g_strdup_printf("json:%s", json->str);
}

static void accumulate_options(char **opts, const char *arg)
{
    char *old = *opts;

    *opts = old ? g_strdup_printf("%s,%s", old, arg) : g_strdup(arg);
    g_free(old);
}

static bool has_help_option(const char *opts)
{
    g_auto(GStrv) parts = g_strsplit(opts, ",", -1);

    for (char **p = parts; *p; p++) {
        if (is_help_option(*p)) {
            return true;
        }
    }
    return false;
}

/* Parse a -o string into a flat QDict of strings; help is an error here. */
static QDict *parse_create_options(const char *options, Error **errp)
{
    QDict *opts;

    if (!options) {
        return qdict_new();
    }
    opts = keyval_parse(options, NULL, NULL, errp);
    if (opts) {
        qdict_flatten(opts);
    }
    return opts;
}

static const char *opt_type_str(BlockCreateOptType type)
{
    switch (type) {
    case BLOCK_OPT_TYPE_BOOL:
        return "bool (on/off)";
    case BLOCK_OPT_TYPE_NUMBER:
        return "num";
    case BLOCK_OPT_TYPE_SIZE:
        return "size";
    default:
        return "str";
    }
}

static int opt_cmp(const void *a, const void *b)
{
    const BlockCreateOpt *const *x = a, *const *y = b;

    return strcmp((*x)->name, (*y)->name);
}

/* Print @lists' options sorted by name (duplicates once). */
static void print_opt_list(const BlockCreateOpt *const *lists, int n)
{
    g_autoptr(GPtrArray) all = g_ptr_array_new();

    for (int i = 0; i < n; i++) {
        for (const BlockCreateOpt *o = lists[i]; o && o->name; o++) {
            bool dup = false;

            for (guint j = 0; j < all->len; j++) {
                if (!strcmp(((BlockCreateOpt *)all->pdata[j])->name, o->name)) {
                    dup = true;
                }
            }
            if (!dup) {
                g_ptr_array_add(all, (gpointer)o);
            }
        }
    }
    qsort(all->pdata, all->len, sizeof(gpointer), opt_cmp);
    for (guint j = 0; j < all->len; j++) {
        const BlockCreateOpt *o = all->pdata[j];
        g_autofree char *nt = g_strdup_printf("%s=<%s>", o->name,
                                              opt_type_str(o->type));

        printf("  %-22s - %s\n", nt, o->help);
    }
}

static int print_block_option_help(const char *filename, const char *fmt)
{
    BlockDriver *drv = bdrv_find_format(fmt);
    const BlockCreateOpt *lists[2];

    if (!drv) {
        error_report("Unknown file format '%s'", fmt);
        return 1;
    }
    if (!bdrv_create_opts(drv)) {
        error_report("Format driver '%s' does not support image creation",
                     fmt);
        return 1;
    }
    lists[0] = bdrv_create_opts(drv);
    if (filename && bdrv_driver_is_format(drv)) {
        lists[1] = bdrv_create_opts(bdrv_find_format("file"));
        printf("Supported options:\n");
        print_opt_list(lists, 2);
    } else {
        printf("Supported %s options:\n", fmt);
        print_opt_list(lists, 1);
        if (!filename) {
            printf("\nThe protocol level may support further options.\n"
                   "Specify the target filename to include those options.\n");
        }
    }
    return 0;
}

static bool create_opt_listed(const BlockCreateOpt *o, const char *name)
{
    for (; o && o->name; o++) {
        if (!strcmp(o->name, name)) {
            return true;
        }
    }
    return false;
}

/*
 * One option of the "Formatting" line: as QEMU, what was given (numbers
 * and sizes as plain numbers) or else the driver's default.
 */
static void append_formatting_opt(GString *s, const BlockCreateOpt *o,
                                  QDict *opts)
{
    const char *v = qdict_get_try_str(opts, o->name);
    uint64_t n;

    if (!v) {
        v = o->def_value;
    } else if (o->type == BLOCK_OPT_TYPE_SIZE &&
               qemu_strtosz(v, NULL, &n) == 0) {
        g_string_append_printf(s, " %s=%" PRId64, o->name, (int64_t)n);
        return;
    } else if (o->type == BLOCK_OPT_TYPE_NUMBER &&
               qemu_strtou64(v, NULL, 0, &n) == 0) {
        g_string_append_printf(s, " %s=%" PRId64, o->name, (int64_t)n);
        return;
    }
    if (v) {
        g_string_append_printf(s, " %s=%s", o->name, v);
    }
}

/*
 * "Formatting 'x', fmt=qcow2 cluster_size=65536 ...": the options of the
 * format, then those of the protocol it does not have itself, each in the
 * driver's order.
 */
static void print_formatting(const char *filename, BlockDriver *drv,
                             QDict *opts)
{
    const BlockCreateOpt *lists[2] = { bdrv_create_opts(drv), NULL };
    g_autoptr(GString) s = g_string_new(NULL);

    if (bdrv_driver_is_format(drv)) {
        lists[1] = bdrv_create_opts(bdrv_find_format("file"));
    }
    g_string_append_printf(s, "Formatting '%s', fmt=%s", filename,
                           bdrv_driver_name(drv));
    for (int i = 0; i < 2; i++) {
        for (const BlockCreateOpt *o = lists[i]; o && o->name; o++) {
            if (i == 1 && create_opt_listed(lists[0], o->name)) {
                continue;
            }
            append_formatting_opt(s, o, opts);
        }
    }
    printf("%s\n", s->str);
}

static bool parse_image_size(const char *arg, uint64_t *size)
{
    int64_t sval;
    const char *end;
    uint64_t v;

    if (qemu_strtosz(arg, &end, &v) < 0 || *end || arg[0] == '-') {
        if (qemu_strtoi64(arg, NULL, 10, &sval) == 0 && sval < 0) {
            error_report("Image size must be less than 8 EiB!");
            return false;
        }
        error_report("Invalid image size specified. You may use k, M, G, T, "
                     "P or E suffixes for");
        error_report("kilobytes, megabytes, gigabytes, terabytes, petabytes "
                     "and exabytes.");
        return false;
    }
    if (v > BDRV_MAX_LENGTH) {
        error_report("Image size must be less than 8 EiB!");
        return false;
    }
    *size = v;
    return true;
}

/*
 * As QEMU's bdrv_img_create: a backing file is opened (no I/O, shared)
 * to learn its size when none is given and to insist on its format.
 * Sets "size" in @opts. Errors are reported with the file name.
 */
static bool img_create_check_backing(const char *filename, QDict *opts,
                                     bool no_backing_open)
{
    const char *backing = qdict_get_try_str(opts, "backing_file");
    const char *bfmt = qdict_get_try_str(opts, "backing_fmt");
    g_autoptr(QDict) bopts = NULL;
    g_autofree char *path = NULL;
    BlockDriverState *bs;
    Error *err = NULL;
    int64_t len;

    if (!backing) {
        return true;
    }
    if (!strcmp(filename, backing)) {
        error_report("%s: Error: Trying to create an image with the same "
                     "filename as the backing file", filename);
        return false;
    }
    if (!backing[0]) {
        error_report("%s: Expected backing file name, got empty string",
                     filename);
        return false;
    }
    if (no_backing_open) {
        if (!bfmt) {
            error_report("%s: Backing file specified without backing format",
                         filename);
            return false;
        }
        return true;
    }
    path = bdrv_backing_path(filename, backing);
    bopts = qdict_new();
    if (bfmt) {
        qdict_put_str(bopts, "driver", bfmt);
    }
    bs = bdrv_open(path, g_steal_pointer(&bopts), BDRV_O_NO_IO, &err);
    if (!bs) {
        error_append_hint(&err, "Could not open backing image.\n");
        report_err_prefixed(err, "%s: ", filename);
        return false;
    }
    if (!bfmt) {
        error_setg(&err, "Backing file specified without backing format");
        error_append_hint(&err, "Detected format of %s.",
                          bdrv_get_format_name(bs));
        bdrv_unref(bs);
        report_err_prefixed(err, "%s: ", filename);
        return false;
    }
    len = bdrv_getlength(bs);
    bdrv_unref(bs);
    if (!qdict_haskey(opts, "size")) {
        g_autofree char *sz = NULL;

        if (len < 0) {
            error_report("%s: Could not get size of '%s': %s", filename,
                         backing, strerror(-len));
            return false;
        }
        sz = g_strdup_printf("%" PRId64, len);
        qdict_put_str(opts, "size", sz);
    }
    return true;
}

/*
 * Create @filename as @fmt with the -o string @options and @img_size
 * (-1: take "size" from the options or the backing file). Prints
 * "Formatting ..." unless @quiet. Errors are reported with the file name.
 */
static int img_create_image(const char *filename, const char *fmt,
                            const char *options, int64_t img_size,
                            bool quiet, bool no_backing_open)
{
    BlockDriver *drv = bdrv_find_format(fmt);
    g_autoptr(QDict) opts = NULL;
    Error *err = NULL;
    uint64_t size = 0;

    if (!drv) {
        error_report("%s: Unknown file format '%s'", filename, fmt);
        return -1;
    }
    opts = parse_create_options(options, &err);
    if (!opts) {
        report_err_prefixed(err, "Invalid options for file format '%s': ", fmt);
        return -1;
    }
    if (!bdrv_create_opts_validate(drv, opts, &err)) {
        report_err_prefixed(err, "%s: ", filename);
        return -1;
    }
    if (img_size >= 0) {
        g_autofree char *s = g_strdup_printf("%" PRId64, img_size);

        qdict_put_str(opts, "size", s);
    }
    if (!bdrv_create_opts_get_size(opts, false, &size, &err)) {
        report_err_prefixed(err, "%s: ", filename);
        return -1;
    }
    if (!img_create_check_backing(filename, opts, no_backing_open)) {
        return -1;
    }
    if (!qdict_haskey(opts, "size")) {
        error_report("%s: Image creation needs a size parameter", filename);
        return -1;
    }
    if (!quiet) {
        print_formatting(filename, drv, opts);
        fflush(stdout);
    }
    if (bdrv_create(drv, filename, opts, &err) < 0) {
        report_err_prefixed(err, "%s: ", filename);
        return -1;
    }
    return 0;
}

static int img_create(int argc, char **argv)
{
    static const struct option long_options[] = {
        IMG_LONGOPTS_COMMON,
        LONGOPT_END
    };
    const char *fmt = "raw", *base_filename = NULL, *filename;
    const char *base_fmt = NULL;
    g_autofree char *options = NULL;
    bool quiet = false, no_backing_open = false;
    int64_t img_size = -1;
    int c;

    const ImgCommonOpts co = { .quiet = &quiet };

    while ((c = img_getopt(argc, argv, ":F:b:f:ho:qu", long_options, &co)) != -1) {
        switch (c) {
        case 'F':
            base_fmt = optarg;
            break;
        case 'b':
            base_filename = optarg;
            break;
        case 'f':
            fmt = optarg;
            break;
        case 'o':
            accumulate_options(&options, optarg);
            break;
        case 'u':
            no_backing_open = true;
            break;
        }
    }
    if (options && has_help_option(options)) {
        return print_block_option_help(optind < argc ? argv[optind] : NULL,
                                       fmt);
    }
    if (optind >= argc) {
        error_exit("Expecting image file name");
    }
    filename = argv[optind++];
    if (optind < argc) {
        uint64_t sz;

        if (!parse_image_size(argv[optind++], &sz)) {
            return 1;
        }
        img_size = sz;
    }
    if (optind != argc) {
        error_exit("Unexpected argument: %s", argv[optind]);
    }
    if (base_filename) {
        BlockDriver *drv = bdrv_find_format(fmt);
        g_autofree char *b = NULL;
        g_autofree char *bf = NULL;

        if (!drv || !drv->supports_backing) {
            error_report("%s: Backing file not supported for file format "
                         "'%s'", filename, fmt);
            return 1;
        }
        /* -b/-F are the backing_file/backing_fmt options (commas doubled). */
        {
            g_auto(GStrv) parts = g_strsplit(base_filename, ",", -1);

            b = g_strjoinv(",,", parts);
        }
        bf = g_strdup_printf("backing_file=%s%s%s", b,
                             base_fmt ? ",backing_fmt=" : "",
                             base_fmt ? base_fmt : "");
        accumulate_options(&options, bf);
    }
    return img_create_image(filename, fmt, options, img_size, quiet,
                            no_backing_open) < 0;
}

/* --- info ---------------------------------------------------------------- */

static void dump_qobject_human(QObject *obj, int indent);

static void dump_qdict_human(QDict *d, int indent)
{
    for (const QDictEntry *e = qdict_first(d); e; e = qdict_next(d, e)) {
        g_autofree char *key = g_strdup(qdict_entry_key(e));
        QObject *v = qdict_entry_value(e);
        QType t = qobject_type(v);

        for (char *p = key; *p; p++) {
            if (*p == '-') {
                *p = ' ';
            }
        }
        if (t == QTYPE_QDICT || t == QTYPE_QLIST) {
            printf("%*s%s:\n", indent * 4, "", key);
            dump_qobject_human(v, indent + 1);
        } else {
            printf("%*s%s: ", indent * 4, "", key);
            dump_qobject_human(v, indent);
        }
    }
}

static void dump_qobject_human(QObject *obj, int indent)
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
        dump_qdict_human(qobject_to(QDict, obj), indent);
        break;
    case QTYPE_QLIST: {
        int i = 0;

        for (const QListEntry *e = qlist_first(qobject_to(QList, obj)); e;
             e = qlist_next(e), i++) {
            QObject *v = qlist_entry_obj(e);

            printf("%*s[%d]:\n", indent * 4, "", i);
            if (qobject_type(v) == QTYPE_QDICT) {
                dump_qdict_human(qobject_to(QDict, v), indent + 1);
            } else {
                printf("%*s", (indent + 1) * 4, "");
                dump_qobject_human(v, indent + 1);
            }
        }
        break;
    }
    default:
        printf("null\n");
        break;
    }
}

/* "snapshots" of info (qcow2 internal snapshots), when there are any. */
static void add_snapshot_info(QDict *info, BlockDriverState *bs)
{
    g_autofree QEMUSnapshotInfo *sn = NULL;
    int n = bdrv_snapshot_list(bs, &sn);
    QList *list;

    if (n <= 0) {
        return;
    }
    list = qlist_new();
    for (int i = 0; i < n; i++) {
        QDict *d = qdict_new();

        if (sn[i].icount != UINT64_MAX) {
            qdict_put_int(d, "icount", sn[i].icount);
        }
        qdict_put_int(d, "vm-clock-nsec", sn[i].vm_clock_nsec % 1000000000);
        qdict_put_str(d, "name", sn[i].name);
        qdict_put_int(d, "date-sec", sn[i].date_sec);
        qdict_put_int(d, "date-nsec", sn[i].date_nsec);
        qdict_put_int(d, "vm-clock-sec", sn[i].vm_clock_nsec / 1000000000);
        qdict_put_str(d, "id", sn[i].id_str);
        qdict_put_int(d, "vm-state-size", sn[i].vm_state_size);
        qlist_append_obj(list, QOBJECT(d));
    }
    qdict_put_obj(info, "snapshots", QOBJECT(list));
}

/* One line of QEMU's snapshot table (NULL @sn: the header). */
static void print_snapshot_line(QDict *sn)
{
    char date[32], clock[32], icount[32] = "";

    if (!sn) {
        printf("%-9s %-16s %8s%20s%13s%11s\n", "ID", "TAG", "VM SIZE",
               "DATE", "VM CLOCK", "ICOUNT");
        return;
    }
    {
        time_t t = qdict_get_int(sn, "date-sec");
        struct tm tm;
        int64_t secs = qdict_get_int(sn, "vm-clock-sec");
        int64_t ns = qdict_get_int(sn, "vm-clock-nsec");
        g_autofree char *vs = size_to_str(qdict_get_int(sn, "vm-state-size"));

        localtime_r(&t, &tm);
        strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &tm);
        snprintf(clock, sizeof(clock), "%02d:%02d:%02d.%03d",
                 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60),
                 (int)(ns / 1000000));
        if (qdict_haskey(sn, "icount")) {
            snprintf(icount, sizeof(icount), "%" PRId64,
                     qdict_get_int(sn, "icount"));
        }
        printf("%-9s %-16s %8s%20s%13s%11s\n", qdict_get_str(sn, "id"),
               qdict_get_str(sn, "name"), vs, date, clock, icount);
    }
}

static void print_snapshot_list(QList *list)
{
    print_snapshot_line(NULL);
    for (const QListEntry *e = qlist_first(list); e; e = qlist_next(e)) {
        print_snapshot_line(qobject_to(QDict, qlist_entry_obj(e)));
    }
}

/* What `qemu-img info` shows, in QEMU's member order. */
static QDict *collect_image_info(BlockDriverState *bs, const char *filename,
                                 Error **errp)
{
    QDict *info = qdict_new();
    int64_t size = bdrv_getlength(bs);
    int64_t actual = bdrv_get_allocated_file_size(bs);
    BlockDriverInfo bdi;
    const char *bfile, *bfmt;
    int cluster_size;
    QDict *spec;

    bdrv_get_info(bs, &bdi);
    bfile = bdi.backing_file;
    bfmt = bdi.backing_format;
    cluster_size = bdi.cluster_size;

    if (size < 0) {
        error_setg_errno(errp, -size, "Can't get image size '%s'", filename);
        qobject_unref(info);
        return NULL;
    }
    /* qcow2 details first and between, as QEMU 7.2 orders its members. */
    if (bfile && bfmt) {
        qdict_put_str(info, "backing-filename-format", bfmt);
    }
    add_snapshot_info(info, bs);
    qdict_put_int(info, "virtual-size", size);
    qdict_put_str(info, "filename", filename);
    if (cluster_size > 0) {
        qdict_put_int(info, "cluster-size", cluster_size);
    }
    qdict_put_str(info, "format", bdrv_get_format_name(bs));
    if (actual >= 0) {
        qdict_put_int(info, "actual-size", actual);
    }
    spec = bdrv_get_specific_info(bs, errp);
    if (!spec && errp && *errp) {
        qobject_unref(info);
        return NULL;
    }
    if (spec) {
        qdict_put_obj(info, "format-specific", QOBJECT(spec));
    }
    if (bfile) {
        g_autofree char *full = bdrv_backing_path(filename, bfile);

        qdict_put_str(info, "full-backing-filename", full);
    }
    if (bdrv_is_encrypted(bs)) {
        qdict_put_bool(info, "encrypted", true);
    }
    if (bfile) {
        qdict_put_str(info, "backing-filename", bfile);
    }
    qdict_put_bool(info, "dirty-flag", bdi.is_dirty);
    return info;
}

static void print_image_info_human(QDict *info)
{
    int64_t vsize = qdict_get_int(info, "virtual-size");
    g_autofree char *vs = size_to_str(vsize);
    QDict *spec = qdict_get_qdict(info, "format-specific");

    printf("image: %s\nfile format: %s\nvirtual size: %s (%" PRId64
           " bytes)\n", qdict_get_str(info, "filename"),
           qdict_get_str(info, "format"), vs, vsize);
    if (qdict_haskey(info, "actual-size")) {
        g_autofree char *as = size_to_str(qdict_get_int(info, "actual-size"));

        printf("disk size: %s\n", as);
    } else {
        printf("disk size: unavailable\n");
    }
    if (qdict_get_try_bool(info, "encrypted", false)) {
        printf("encrypted: yes\n");
    }
    if (qdict_haskey(info, "cluster-size")) {
        printf("cluster_size: %" PRId64 "\n",
               qdict_get_int(info, "cluster-size"));
    }
    if (qdict_get_try_bool(info, "dirty-flag", false)) {
        printf("cleanly shut down: no\n");
    }
    if (qdict_haskey(info, "backing-filename")) {
        const char *b = qdict_get_str(info, "backing-filename");
        const char *full = qdict_get_try_str(info, "full-backing-filename");

        printf("backing file: %s", b);
        if (full && strcmp(b, full)) {
            printf(" (actual path: %s)", full);
        }
        printf("\n");
        if (qdict_haskey(info, "backing-filename-format")) {
            printf("backing file format: %s\n",
                   qdict_get_str(info, "backing-filename-format"));
        }
    }
    if (qdict_haskey(info, "snapshots")) {
        printf("Snapshot list:\n");
        print_snapshot_list(qdict_get_qlist(info, "snapshots"));
    }
    if (spec) {
        printf("Format specific information:\n");
        dump_qobject_human(qdict_get(spec, "data"), 1);
    }
}

/* info --backing-chain: each image, then its backing file, and so on. */
static int img_info_chain(bool image_opts, const char *filename,
                          const char *fmt, OutputFormat ofmt,
                          bool force_share)
{
    g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(QList) list = qlist_new();
    g_autofree char *cur = g_strdup(filename);
    g_autofree char *cur_fmt = g_strdup(fmt);
    bool first = true;

    for (;;) {
        g_autoptr(BlockBackend) blk = NULL;
        Error *err = NULL;
        QDict *info;
        const char *bfile, *bfmt;
        BlockDriverInfo bdi;

        for (guint i = 0; i < seen->len; i++) {
            if (!strcmp(g_ptr_array_index(seen, i), cur)) {
                error_report("Backing file '%s' creates an infinite loop.",
                             cur);
                return 1;
            }
        }
        g_ptr_array_add(seen, g_strdup(cur));
        blk = img_open(first && image_opts, cur, cur_fmt,
                       BDRV_O_NO_BACKING | BDRV_O_NO_IO, false, false,
                       force_share);
        if (!blk) {
            return 1;
        }
        {
            g_autofree char *name = first && image_opts
                ? image_opts_display_name(blk_bs(blk), cur) : g_strdup(cur);

            info = collect_image_info(blk_bs(blk), name, &err);
        }
        if (!info) {
            error_report_err(err);
            return 1;
        }
        if (ofmt == OFORMAT_JSON) {
            qlist_append_obj(list, QOBJECT(info));
        } else {
            if (!first) {
                printf("\n");
            }
            print_image_info_human(info);
            qobject_unref(info);
        }
        bdrv_get_info(blk_bs(blk), &bdi);
        bfile = bdi.backing_file;
        bfmt = bdi.backing_format;
        if (!bfile) {
            break;
        }
        {
            char *next = bdrv_backing_path(first && image_opts
                                               ? bdrv_get_filename(blk_bs(blk))
                                               : cur, bfile);

            g_free(cur);
            cur = next;
            g_free(cur_fmt);
            cur_fmt = g_strdup(bfmt);
        }
        first = false;
    }
    if (ofmt == OFORMAT_JSON) {
        g_autoptr(GString) json = qobject_to_json_pretty(QOBJECT(list), true);

        printf("%s\n", json->str);
    }
    return 0;
}

static int img_info(int argc, char **argv)
{
    static const struct option long_options[] = {
        LONGOPT_HELP,
        LONGOPT_FORMAT,
        {"output", required_argument, 0, OPTION_OUTPUT},
        {"backing-chain", no_argument, 0, OPTION_BACKING_CHAIN},
        LONGOPT_OBJECT,
        LONGOPT_IMAGE_OPTS,
        LONGOPT_FORCE_SHARE,
        LONGOPT_END
    };
    OutputFormat ofmt = OFORMAT_HUMAN;
    const char *fmt = NULL, *filename;
    bool image_opts = false, force_share = false, chain = false;
    g_autoptr(BlockBackend) blk = NULL;
    g_autoptr(QDict) info = NULL;
    Error *err = NULL;
    int c;

    const ImgCommonOpts co = {
        .image_opts = &image_opts,
        .force_share = &force_share,
    };

    while ((c = img_getopt(argc, argv, ":f:hU", long_options, &co)) != -1) {
        switch (c) {
        case 'f':
            fmt = optarg;
            break;
        case OPTION_OUTPUT:
            ofmt = parse_output_format(optarg);
            break;
        case OPTION_BACKING_CHAIN:
            chain = true;
            break;
        }
    }
    if (optind != argc - 1) {
        error_exit("Expecting one image file name");
    }
    filename = argv[optind];
    if (chain) {
        return img_info_chain(image_opts, filename, fmt, ofmt, force_share);
    }
    blk = img_open(image_opts, filename, fmt,
                   BDRV_O_NO_BACKING | BDRV_O_NO_IO, false,
                   false, force_share);
    if (!blk) {
        return 1;
    }
    {
        g_autofree char *name = image_opts
            ? image_opts_display_name(blk_bs(blk), filename)
            : g_strdup(filename);

        info = collect_image_info(blk_bs(blk), name, &err);
    }
    if (!info) {
        error_report_err(err);
        return 1;
    }
    if (ofmt == OFORMAT_JSON) {
        g_autoptr(GString) json = qobject_to_json_pretty(QOBJECT(info), true);

        printf("%s\n", json->str);
    } else {
        print_image_info_human(info);
    }
    return 0;
}

/* --- check --------------------------------------------------------------- */

/* ImageCheck's optional members are there when non-zero, as in QEMU. */
static void check_put_nonzero(QDict *d, const char *key, int64_t v)
{
    if (v) {
        qdict_put_int(d, key, v);
    }
}

static int img_check(int argc, char **argv)
{
    static const struct option long_options[] = {
        LONGOPT_HELP,
        LONGOPT_FORMAT,
        {"repair", required_argument, 0, 'r'},
        {"output", required_argument, 0, OPTION_OUTPUT},
        LONGOPT_OBJECT,
        LONGOPT_IMAGE_OPTS,
        LONGOPT_FORCE_SHARE,
        LONGOPT_END
    };
    OutputFormat ofmt = OFORMAT_HUMAN;
    const char *fmt = NULL, *filename, *cache = BDRV_DEFAULT_CACHE;
    bool image_opts = false, force_share = false, quiet = false;
    bool writethrough = false;
    int flags = BDRV_O_CHECK, fix = 0, ret, c;
    g_autoptr(BlockBackend) blk = NULL;
    BdrvCheckResult res;

    const ImgCommonOpts co = {
        .image_opts = &image_opts,
        .force_share = &force_share,
        .quiet = &quiet,
    };

    while ((c = img_getopt(argc, argv, ":hf:r:T:qU", long_options, &co)) != -1) {
        switch (c) {
        case 'f':
            fmt = optarg;
            break;
        case 'r':
            flags |= BDRV_O_RDWR;
            if (!strcmp(optarg, "leaks")) {
                fix = BDRV_FIX_LEAKS;
            } else if (!strcmp(optarg, "all")) {
                fix = BDRV_FIX_LEAKS | BDRV_FIX_ERRORS;
            } else {
                error_exit("Unknown option value for -r "
                           "(expecting 'leaks' or 'all'): %s", optarg);
            }
            break;
        case 'T':
            cache = optarg;
            break;
        case OPTION_OUTPUT:
            ofmt = parse_output_format(optarg);
            break;
        }
    }
    if (optind != argc - 1) {
        error_exit("Expecting one image file name");
    }
    filename = argv[optind];
    if (parse_cache(cache, &flags, &writethrough, true) < 0) {
        return 1;
    }
    blk = img_open(image_opts, filename, fmt, flags, writethrough, quiet,
                   force_share);
    if (!blk) {
        return 1;
    }
    ret = bdrv_check(blk_bs(blk), &res, fix);
    if (ret == -ENOTSUP) {
        error_report("This image format does not support checks");
        return 63;
    }
    if (ret < 0) {
        error_report("Check failed: %s", strerror(-ret));
        return 1;
    }
    if (ofmt == OFORMAT_JSON) {
        g_autoptr(QDict) d = qdict_new();
        g_autoptr(QDict) ordered = NULL;
        g_autoptr(GString) json = NULL;

        /* ImageCheck's members in schema order; absent when zero. */
        qdict_put_str(d, "filename", filename);
        qdict_put_str(d, "format", bdrv_get_format_name(blk_bs(blk)));
        qdict_put_int(d, "check-errors", res.check_errors);
        check_put_nonzero(d, "image-end-offset", res.image_end_offset);
        check_put_nonzero(d, "corruptions", res.corruptions);
        check_put_nonzero(d, "leaks", res.leaks);
        check_put_nonzero(d, "corruptions-fixed", res.corruptions_fixed);
        check_put_nonzero(d, "leaks-fixed", res.leaks_fixed);
        check_put_nonzero(d, "total-clusters", res.total_clusters);
        check_put_nonzero(d, "allocated-clusters", res.allocated_clusters);
        check_put_nonzero(d, "fragmented-clusters", res.fragmented_clusters);
        check_put_nonzero(d, "compressed-clusters", res.compressed_clusters);
        ordered = qdict_in_qemu_order(d);
        json = qobject_to_json_pretty(QOBJECT(ordered), true);
        qprintf(quiet, "%s\n", json->str);
    } else if (!quiet) {
        if (res.corruptions_fixed || res.leaks_fixed) {
            printf("The following inconsistencies were found and repaired:\n"
                   "\n    %d leaked clusters\n    %d corruptions\n\n"
                   "Double checking the fixed image now...\n",
                   res.leaks_fixed, res.corruptions_fixed);
        }
        if (!res.corruptions && !res.leaks && !res.check_errors) {
            printf("No errors were found on the image.\n");
        } else {
            if (res.corruptions) {
                printf("\n%d errors were found on the image.\n"
                       "Data may be corrupted, or further writes to the image "
                       "may corrupt it.\n", res.corruptions);
            }
            if (res.leaks) {
                printf("\n%d leaked clusters were found on the image.\n"
                       "This means waste of disk space, but no harm to data.\n",
                       res.leaks);
            }
            if (res.check_errors) {
                printf("\n%d internal errors have occurred during the check.\n",
                       res.check_errors);
            }
        }
        /* As QEMU: no allocation line for an image without data. */
        if (res.total_clusters && res.allocated_clusters) {
            printf("%" PRId64 "/%" PRId64 " = %0.2f%% allocated, %0.2f%% "
                   "fragmented, %0.2f%% compressed clusters\n",
                   res.allocated_clusters, res.total_clusters,
                   res.allocated_clusters * 100.0 / res.total_clusters,
                   res.fragmented_clusters * 100.0 / MAX(res.allocated_clusters, 1),
                   res.compressed_clusters * 100.0 / MAX(res.allocated_clusters, 1));
        }
        if (res.image_end_offset) {
            printf("Image end offset: %" PRId64 "\n", res.image_end_offset);
        }
    }
    if (res.check_errors) {
        return 1;
    }
    if (res.corruptions) {
        return 2;
    }
    if (res.leaks) {
        return 3;
    }
    return 0;
}

/* --- convert ------------------------------------------------------------- */

typedef struct ImgConvertState {
    BlockBackend **src;
    int64_t *src_size;
    int src_num;
    int64_t total_size;
    BlockBackend *target;
    bool has_zero_init;
    bool wr_in_order;
    int64_t min_sparse;     /* 0: no sparse detection */
    int64_t buf_size;
    int num_coroutines;
    int running;
    int64_t next_offset;
    int64_t wr_offs;
    int64_t done_bytes;
    CoQueue wait_queue;
    int ret;
    bool err_read;
    int64_t err_offset;
    bool compress;          /* -c: whole clusters, BDRV_REQ_WRITE_COMPRESSED */
    /*
     * -B: the target has a backing file with the source's backing data:
     * copy only what the source's top layer allocates.
     */
    bool target_has_backing;
    int64_t target_backing_len;
    CoMutex claim_lock;     /* taking the next chunk (next_offset) */
} ImgConvertState;

static void convert_fail(ImgConvertState *s, int ret, bool read,
                         int64_t offset)
{
    if (!s->ret) {
        s->ret = ret;
        s->err_read = read;
        s->err_offset = offset;
    }
}

static bool is_zero(const uint8_t *buf, size_t len)
{
    /* Zero iff the first byte is and every byte equals the next one. */
    return len == 0 || (buf[0] == 0 && !memcmp(buf, buf + 1, len - 1));
}

/* Write @n bytes of @buf at @off, skipping zero runs of min_sparse. */
static int coroutine_fn convert_write_sparse(ImgConvertState *s, int64_t off,
                                             uint8_t *buf, int64_t n)
{
    int64_t pos = 0;

    while (pos < n) {
        int64_t run = MIN(s->min_sparse - (off + pos) % s->min_sparse,
                          n - pos);
        bool zero = is_zero(buf + pos, run);
        int64_t end = pos + run;
        QEMUIOVector q;
        int ret;

        /* Extend the run over following pieces of the same kind. */
        while (end < n) {
            int64_t r = MIN(s->min_sparse, n - end);

            if (is_zero(buf + end, r) != zero) {
                break;
            }
            end += r;
        }
        if (zero && s->has_zero_init) {
            ret = 0;
        } else if (zero) {
            ret = blk_co_pwrite_zeroes(s->target, off + pos, end - pos,
                                       BDRV_REQ_MAY_UNMAP);
        } else {
            qemu_iovec_init_buf(&q, buf + pos, end - pos);
            ret = blk_co_pwritev(s->target, off + pos, end - pos, &q, 0);
        }
        if (ret < 0) {
            return ret;
        }
        pos = end;
    }
    return 0;
}

#define CONVERT_HUGE_PAGE (2 * 1024 * 1024)

/*
 * The copy buffer of one convert coroutine. A buffer of whole 2 MiB pieces
 * is aligned to 2 MiB and asked for transparent huge pages: the kernel's
 * copies into and out of it then take one page fault (and TLB entry) per
 * 2 MiB instead of 512, which was ~7% of a raw -> qcow2 convert's CPU time.
 */
static uint8_t *convert_buf_alloc(size_t size)
{
    uint8_t *buf;

    if (size % CONVERT_HUGE_PAGE) {
        return bdrv_memalign(4096, size);
    }
    buf = bdrv_memalign(CONVERT_HUGE_PAGE, size);
#ifdef MADV_HUGEPAGE
    if (buf) {
        /* Only a hint: without THP the buffer works as before. */
        madvise(buf, size, MADV_HUGEPAGE);
    }
#endif
    return buf;
}

static void coroutine_fn convert_co_do_copy(void *opaque)
{
    ImgConvertState *s = opaque;
    uint8_t *buf = convert_buf_alloc(s->buf_size);

    if (!buf) {
        convert_fail(s, -ENOMEM, true, s->next_offset);
    }
    while (buf && !s->ret && s->next_offset < s->total_size) {
        int64_t off, base = 0, lo, n, pnum;
        bool zero = false, skip = false;
        int i = 0, ret = 0;

        /*
         * Claiming the next chunk must not interleave with another
         * coroutine's: block status may yield (qcow2 reads metadata).
         */
        qemu_co_mutex_lock(&s->claim_lock);
        off = s->next_offset;
        if (s->ret || off >= s->total_size) {
            qemu_co_mutex_unlock(&s->claim_lock);
            break;
        }
        while (off >= base + s->src_size[i]) {
            base += s->src_size[i++];
        }
        lo = off - base;
        n = MIN(s->buf_size, s->src_size[i] - lo);
        if (s->target_has_backing) {
            /* As QEMU: the top layer alone says what the target needs. */
            ret = bdrv_co_block_status(blk_bs(s->src[i]), true, lo, n, &pnum,
                                       NULL, NULL);
        } else if (s->min_sparse) {
            ret = bdrv_co_block_status_above(blk_bs(s->src[i]), true, lo, n,
                                             &pnum, NULL, NULL);
        }
        if (ret < 0) {
            qemu_co_mutex_unlock(&s->claim_lock);
            convert_fail(s, ret, true, off);
            break;
        }
        if (s->target_has_backing || s->min_sparse) {
            n = MAX(MIN(pnum, n), 1);
            zero = ret & BDRV_BLOCK_ZERO;
        }
        if (s->target_has_backing) {
            /*
             * Left to the target's backing file: what the source's top does
             * not allocate, and zeroes past the end of that backing file.
             */
            skip = zero ? off >= s->target_backing_len
                        : !(ret & BDRV_BLOCK_DATA);
        }
        s->next_offset = off + n;
        qemu_co_mutex_unlock(&s->claim_lock);
        if (!zero && !skip) {
            QEMUIOVector q;

            qemu_iovec_init_buf(&q, buf, n);
            ret = blk_co_preadv(s->src[i], lo, n, &q, 0);
            if (ret < 0) {
                convert_fail(s, ret, true, off);
                break;
            }
        }
        if (s->wr_in_order) {
            while (s->wr_offs != off && !s->ret) {
                qemu_co_queue_wait(&s->wait_queue, NULL);
            }
            if (s->ret) {
                break;
            }
        }
        if (skip) {
            ret = 0;
        } else if (zero) {
            ret = s->has_zero_init ? 0
                  : blk_co_pwrite_zeroes(s->target, off, n,
                                         BDRV_REQ_MAY_UNMAP);
        } else if (s->min_sparse) {
            ret = convert_write_sparse(s, off, buf, n);
        } else if (s->compress) {
            QEMUIOVector q;

            qemu_iovec_init_buf(&q, buf, n);
            ret = (s->has_zero_init && is_zero(buf, n)) ? 0
                  : blk_co_pwritev(s->target, off, n, &q,
                                   BDRV_REQ_WRITE_COMPRESSED);
        } else {
            QEMUIOVector q;

            qemu_iovec_init_buf(&q, buf, n);
            ret = blk_co_pwritev(s->target, off, n, &q, 0);
        }
        if (ret < 0) {
            convert_fail(s, ret, false, off);
            break;
        }
        if (s->wr_in_order) {
            s->wr_offs = off + n;
            qemu_co_queue_restart_all(&s->wait_queue);
        }
        s->done_bytes += n;
        progress_print(s->done_bytes * 100.0 / MAX(s->total_size, 1));
    }
    if (s->ret) {
        qemu_co_queue_restart_all(&s->wait_queue);
    }
    bdrv_memfree(buf);
    s->running--;
    aio_wait_kick();
}

static int convert_do_copy(ImgConvertState *s)
{
    qemu_co_queue_init(&s->wait_queue);
    qemu_co_mutex_init(&s->claim_lock);
    s->running = s->num_coroutines;
    for (int i = 0; i < s->num_coroutines; i++) {
        Coroutine *co = qemu_coroutine_create(convert_co_do_copy, s);

        qemu_coroutine_enter(co);
    }
    AIO_WAIT_WHILE(qemu_get_aio_context(), s->running > 0);
    if (s->ret) {
        error_report("error while %s at byte %" PRId64 ": %s",
                     s->err_read ? "reading" : "writing", s->err_offset,
                     strerror(-s->ret));
        return -1;
    }
    return 0;
}

/* Key secrets of the create options are needed to open the result. */
static void add_key_secrets(QDict *open_opts, QDict *create_opts)
{
    for (const QDictEntry *e = qdict_first(create_opts); e;
         e = qdict_next(create_opts, e)) {
        const char *key = qdict_entry_key(e);

        if (!strcmp(key, "key-secret") ||
            g_str_has_suffix(key, ".key-secret")) {
            qdict_put_obj(open_opts, key,
                          qobject_ref(qdict_entry_value(e)));
        }
    }
}

/*
 * -B/-F (or -o backing_file=...,backing_fmt=...): the target's backing
 * file, whose format must be named (QEMU's messages).
 */
static bool convert_backing_opts(QDict *copts, const char *out_fmt,
                                 const char *base, const char *base_fmt)
{
    if (base) {
        qdict_put_str(copts, "backing_file", base);
    }
    if (base_fmt) {
        qdict_put_str(copts, "backing_fmt", base_fmt);
    }
    if (!qdict_haskey(copts, "backing_file")) {
        return true;
    }
    if (!bdrv_find_format(out_fmt)->supports_backing) {
        error_report("Backing file not supported for file format '%s'",
                     out_fmt);
        return false;
    }
    if (!qdict_haskey(copts, "backing_fmt")) {
        error_report("Use of backing file requires explicit backing format");
        return false;
    }
    return true;
}

static bool file_has_zero_init(BlockDriverState *bs)
{
    /* A freshly created file reads as zeroes; encrypted payload doesn't. */
    return !bdrv_is_encrypted(bs) &&
           !strcmp(bdrv_get_format_name(bdrv_protocol_bs(bs)), "file");
}

/*
 * -c with the target's create options, checked before anything is
 * created, with QEMU's messages: compressed clusters are neither
 * encrypted nor preallocated.
 */
static bool convert_compress_opts_ok(const char *fmt, QDict *copts)
{
    const char *enc = qdict_get_try_str(copts, "encryption");
    const char *prealloc = qdict_get_try_str(copts, "preallocation");

    if (!bdrv_find_format(fmt)->supports_compressed_writes) {
        error_report("Compression not supported for this file format");
        return false;
    }
    if ((enc && strcmp(enc, "off")) || qdict_haskey(copts, "encrypt.format")) {
        error_report("Compression and encryption not supported at the same "
                     "time");
        return false;
    }
    if (prealloc && strcmp(prealloc, "off")) {
        error_report("Compression and preallocation not supported at the "
                     "same time");
        return false;
    }
    return true;
}

static int img_convert(int argc, char **argv)
{
    static const struct option long_options[] = {
        IMG_LONGOPTS_IMAGE,
        {"target-image-opts", no_argument, 0, OPTION_TARGET_IMAGE_OPTS},
        {"salvage", no_argument, 0, OPTION_SALVAGE},
        {"target-is-zero", no_argument, 0, OPTION_TARGET_IS_ZERO},
        {"bitmaps", no_argument, 0, OPTION_BITMAPS},
        {"skip-broken-bitmaps", no_argument, 0, OPTION_SKIP_BROKEN},
        LONGOPT_END
    };
    const char *fmt = NULL, *out_fmt = NULL, *cache = "unsafe";
    const char *out_baseimg = NULL, *out_basefmt = NULL;
    const char *src_cache = BDRV_DEFAULT_CACHE, *out_filename;
    g_autofree char *options = NULL;
    bool image_opts = false, tgt_image_opts = false, force_share = false;
    bool quiet = false, show_progress = false, skip_create = false;
    bool target_is_zero = false, compress = false, writethrough = false;
    bool src_writethrough = false;
    int flags = BDRV_O_RDWR, src_flags = 0, c, ret = 1;
    int64_t sval;
    ImgConvertState s = {
        .min_sparse = 8 * BDRV_SECTOR_SIZE,
        .num_coroutines = 8,
        .wr_in_order = true,
        .buf_size = IO_BUF_SIZE,
    };
    Error *err = NULL;

    const ImgCommonOpts co = {
        .image_opts = &image_opts,
        .force_share = &force_share,
        .quiet = &quiet,
    };

    while ((c = img_getopt(argc, argv, ":hf:O:B:CcF:o:l:S:pt:T:qnm:WUr:", long_options, &co)) != -1) {
        switch (c) {
        case 'f':
            fmt = optarg;
            break;
        case 'O':
            out_fmt = optarg;
            break;
        case 'B':
            out_baseimg = optarg;
            break;
        case 'F':
            out_basefmt = optarg;
            break;
        case 'C':
        case 'r':
        case 'l':
            break;
        case 'c':
            compress = true;
            break;
        case 'o':
            accumulate_options(&options, optarg);
            break;
        case 'S': {
            const char *end;
            uint64_t v;

            if (qemu_strtosz(optarg, &end, &v) < 0 || *end ||
                v % BDRV_SECTOR_SIZE || v > 32768 * BDRV_SECTOR_SIZE) {
                error_report("Invalid buffer size for sparse output "
                             "specified. Valid sizes are multiples of 512 up "
                             "to 16777216. Select 0 to disable sparse "
                             "detection (fully allocates output).");
                return 1;
            }
            s.min_sparse = v;
            break;
        }
        case 'p':
            show_progress = true;
            break;
        case 't':
            cache = optarg;
            break;
        case 'T':
            src_cache = optarg;
            break;
        case 'n':
            skip_create = true;
            break;
        case 'm':
            if (qemu_strtoi64(optarg, NULL, 0, &sval) < 0 || sval < 1 ||
                sval > MAX_COROUTINES) {
                error_report("Invalid number of coroutines. Allowed number "
                             "of coroutines is between 1 and %d",
                             MAX_COROUTINES);
                return 1;
            }
            s.num_coroutines = sval;
            break;
        case 'W':
            s.wr_in_order = false;
            break;
        case OPTION_TARGET_IMAGE_OPTS:
            tgt_image_opts = true;
            break;
        case OPTION_TARGET_IS_ZERO:
            target_is_zero = true;
            break;
        case OPTION_SALVAGE:
        case OPTION_BITMAPS:
        case OPTION_SKIP_BROKEN:
            break;
        }
    }
    if (!out_fmt && !tgt_image_opts) {
        out_fmt = "raw";
    }
    if (options && has_help_option(options)) {
        if (!out_fmt) {
            error_report("Option help requires a format be specified");
            return 1;
        }
        return print_block_option_help(optind < argc ? argv[argc - 1] : NULL,
                                       out_fmt);
    }
    if (quiet) {
        show_progress = false;
    }
    if (tgt_image_opts && !skip_create) {
        error_report("--target-image-opts requires use of -n flag");
        return 1;
    }
    if (tgt_image_opts && out_fmt) {
        error_report("--target-image-opts and -O are mutually exclusive");
        return 1;
    }
    if (target_is_zero && !skip_create) {
        error_report("--target-is-zero requires use of -n flag");
        return 1;
    }
    if (skip_create && options) {
        error_report("-o has no effect when skipping image creation");
        return 1;
    }
    s.src_num = argc - optind - 1;
    if (s.src_num < 1) {
        error_exit("Must specify image file name");
    }
    out_filename = argv[argc - 1];
    if (parse_cache(src_cache, &src_flags, &src_writethrough, true) < 0 ||
        parse_cache(cache, &flags, &writethrough, false) < 0) {
        return 1;
    }

    s.src = g_new0(BlockBackend *, s.src_num);
    s.src_size = g_new0(int64_t, s.src_num);
    for (int i = 0; i < s.src_num; i++) {
        s.src[i] = img_open(image_opts, argv[optind + i], fmt, src_flags,
                            src_writethrough, quiet, force_share);
        if (!s.src[i]) {
            goto out;
        }
        s.src_size[i] = blk_getlength(s.src[i]);
        if (s.src_size[i] < 0) {
            error_report("Could not get size of %s: %s", argv[optind + i],
                         strerror(-s.src_size[i]));
            goto out;
        }
        s.total_size += s.src_size[i];
    }

    if (!skip_create) {
        g_autoptr(QDict) copts = parse_create_options(options, &err);
        QDict *oopts;

        if (!copts) {
            report_err_prefixed(err, "Invalid options for file format '%s': ",
                              out_fmt);
            goto out;
        }
        if (qdict_haskey(copts, "size")) {
            error_report("%s: error while converting %s: Option 'size' is "
                         "not allowed here", out_filename, out_fmt);
            goto out;
        }
        if (!bdrv_find_format(out_fmt)) {
            error_report("Unknown file format '%s'", out_fmt);
            goto out;
        }
        if (compress && !convert_compress_opts_ok(out_fmt, copts)) {
            goto out;
        }
        {
            g_autofree char *sz = g_strdup_printf("%" PRId64, s.total_size);

            qdict_put_str(copts, "size", sz);
        }
        if (!convert_backing_opts(copts, out_fmt, out_baseimg, out_basefmt)) {
            goto out;
        }
        s.target_has_backing = qdict_haskey(copts, "backing_file");
        if (bdrv_create(bdrv_find_format(out_fmt), out_filename, copts,
                        &err) < 0) {
            report_err_prefixed(err, "%s: error while converting %s: ",
                              out_filename, out_fmt);
            goto out;
        }
        oopts = qdict_new();
        qdict_put_str(oopts, "driver", out_fmt);
        add_key_secrets(oopts, copts);
        s.target = blk_new_open(out_filename, NULL, oopts,
                                flags | BDRV_O_NO_SHARE, &err);
        if (!s.target) {
            report_err_prefixed(err, "Could not open '%s': ", out_filename);
            goto out;
        }
        blk_set_enable_write_cache(s.target, !writethrough);
        s.has_zero_init = !s.target_has_backing &&
                          file_has_zero_init(blk_bs(s.target));
        if (s.target_has_backing) {
            BlockDriverState *b = bdrv_cow_bs(blk_bs(s.target));

            s.target_backing_len = b ? bdrv_getlength(b) : 0;
        }
    } else {
        s.target = img_open(tgt_image_opts, out_filename, out_fmt, flags,
                            writethrough, quiet, false);
        if (!s.target) {
            goto out;
        }
        s.has_zero_init = target_is_zero;
        if (blk_getlength(s.target) < s.total_size) {
            error_report("Target image is smaller than the source (%" PRId64
                         " < %" PRId64 " bytes)", blk_getlength(s.target),
                         s.total_size);
            goto out;
        }
    }
    if (compress) {
        /* Whole clusters, in order: qcow2 packs them one after another. */
        BlockDriverInfo bdi;
        int cs;

        bdrv_get_info(blk_bs(s.target), &bdi);
        cs = bdi.cluster_size;
        if (!blk_bs(s.target)->drv->supports_compressed_writes || cs <= 0) {
            error_report("Compression not supported for this file format");
            goto out;
        }
        if (bdrv_is_encrypted(blk_bs(s.target))) {
            /*
             * QEMU 7.2 writes the compressed clusters of an existing (-n)
             * encrypted qcow2 in plaintext; we refuse instead, with its
             * create-time message.
             */
            error_report("Compression and encryption not supported at the "
                         "same time");
            goto out;
        }
        s.compress = true;
        s.buf_size = QEMU_ALIGN_UP(MAX(s.buf_size, cs), cs);
        s.min_sparse = 0;
        s.wr_in_order = true;
    }
    progress_init(show_progress, 1.0);
    progress_print(0);
    ret = convert_do_copy(&s) < 0;
    if (!ret && blk_flush(s.target) < 0) {
        error_report("Could not flush the target image");
        ret = 1;
    }
    if (!ret) {
        progress_end();
    } else if (show_progress) {
        printf("\n");
    }
out:
    blk_unref(s.target);
    for (int i = 0; i < s.src_num; i++) {
        blk_unref(s.src[i]);
    }
    g_free(s.src);
    g_free(s.src_size);
    return ret;
}

/* --- amend --------------------------------------------------------------- */

static int print_amend_option_help(const char *fmt)
{
    BlockDriver *drv = bdrv_find_format(fmt);
    const BlockCreateOpt *lists[1];

    if (!drv) {
        error_report("Unknown file format '%s'", fmt);
        return 1;
    }
    if (!bdrv_amend_opts(drv)) {
        error_report("Format driver '%s' does not support option amendment",
                     fmt);
        return 1;
    }
    lists[0] = bdrv_amend_opts(drv);
    printf("Amend options for '%s':\n", fmt);
    print_opt_list(lists, 1);
    return 0;
}

static int img_amend(int argc, char **argv)
{
    static const struct option long_options[] = {
        IMG_LONGOPTS_COMMON,
        LONGOPT_IMAGE_OPTS,
        {"force", no_argument, 0, OPTION_FORCE},
        LONGOPT_END
    };
    const char *fmt = NULL, *cache = BDRV_DEFAULT_CACHE, *filename;
    g_autofree char *options = NULL;
    bool image_opts = false, quiet = false, force = false;
    bool writethrough = false;
    int flags = BDRV_O_RDWR, c;
    g_autoptr(BlockBackend) blk = NULL;
    g_autoptr(QDict) opts = NULL;
    Error *err = NULL;

    const ImgCommonOpts co = { .image_opts = &image_opts, .quiet = &quiet };

    while ((c = img_getopt(argc, argv, ":ho:f:t:pq", long_options, &co)) != -1) {
        switch (c) {
        case 'o':
            accumulate_options(&options, optarg);
            break;
        case 'f':
            fmt = optarg;
            break;
        case 't':
            cache = optarg;
            break;
        case 'p':
            break;
        case OPTION_FORCE:
            force = true;
            break;
        }
    }
    if (!options) {
        error_exit("Must specify options (-o)");
    }
    if (has_help_option(options)) {
        if (!fmt) {
            error_report("Option help requires a format be specified");
            return 1;
        }
        return print_amend_option_help(fmt);
    }
    if (optind != argc - 1) {
        error_report("Expecting one image file name");
        return 1;
    }
    filename = argv[optind];
    if (parse_cache(cache, &flags, &writethrough, false) < 0) {
        return 1;
    }
    opts = parse_create_options(options, &err);
    if (!opts) {
        error_report_err(err);
        return 1;
    }
    blk = img_open(image_opts, filename, fmt, flags, writethrough, quiet,
                   false);
    if (!blk) {
        return 1;
    }
    {
        BlockDriver *drv = bdrv_find_format(bdrv_get_format_name(blk_bs(blk)));

        if (!bdrv_amend_opts(drv)) {
            error_report("Format driver '%s' does not support option "
                         "amendment", bdrv_driver_name(drv));
            return 1;
        }
        for (const QDictEntry *e = qdict_first(opts); e;
             e = qdict_next(opts, e)) {
            if (!create_opt_listed(bdrv_amend_opts(drv), qdict_entry_key(e))) {
                error_report("Invalid parameter '%s'", qdict_entry_key(e));
                return 1;
            }
        }
    }
    if (bdrv_amend_options(blk_bs(blk), opts, force, &err) < 0) {
        error_report_err(err);
        return 1;
    }
    return 0;
}

/* --- resize -------------------------------------------------------------- */

static int img_resize(int argc, char **argv)
{
    static const struct option long_options[] = {
        IMG_LONGOPTS_COMMON,
        LONGOPT_IMAGE_OPTS,
        {"preallocation", required_argument, 0, OPTION_PREALLOCATION},
        {"shrink", no_argument, 0, OPTION_SHRINK},
        LONGOPT_END
    };
    const char *fmt = NULL, *filename, *size_arg;
    bool image_opts = false, quiet = false, shrink = false;
    PreallocMode prealloc = PREALLOC_MODE_OFF;
    g_autoptr(BlockBackend) blk = NULL;
    int64_t cur, n;
    uint64_t v;
    int relative = 0, c;
    Error *err = NULL;

    /* Keep a leading '-' of the size from looking like an option. */
    if (argc > 1 && argv[argc - 1][0] == '-' &&
        g_ascii_isdigit(argv[argc - 1][1])) {
        argv[argc - 1][0] = '_';
    }
    const ImgCommonOpts co = { .image_opts = &image_opts, .quiet = &quiet };

    while ((c = img_getopt(argc, argv, ":f:hq", long_options, &co)) != -1) {
        switch (c) {
        case 'f':
            fmt = optarg;
            break;
        case OPTION_PREALLOCATION: {
            int m = qapi_enum_parse(&PreallocMode_lookup, optarg, -1, NULL);

            if (m < 0) {
                error_report("Invalid preallocation mode '%s'", optarg);
                return 1;
            }
            prealloc = m;
            break;
        }
        case OPTION_SHRINK:
            shrink = true;
            break;
        }
    }
    if (optind != argc - 2) {
        error_exit("Expecting image file name and size");
    }
    filename = argv[optind++];
    size_arg = argv[optind++];
    if (size_arg[0] == '+') {
        relative = 1;
        size_arg++;
    } else if (size_arg[0] == '_') {
        relative = -1;
        size_arg++;
    }
    if (qemu_strtosz(size_arg, NULL, &v) < 0 || v > BDRV_MAX_LENGTH) {
        error_report("Invalid image size specified. You may use k, M, G, T, "
                     "P or E suffixes for");
        error_report("kilobytes, megabytes, gigabytes, terabytes, petabytes "
                     "and exabytes.");
        return 1;
    }
    blk = img_open(image_opts, filename, fmt, BDRV_O_RDWR | BDRV_O_RESIZE,
                   false, quiet, false);
    if (!blk) {
        return 1;
    }
    cur = blk_getlength(blk);
    if (cur < 0) {
        error_report("Failed to inquire current image length: %s",
                     strerror(-cur));
        return 1;
    }
    if (relative > 0) {
        if ((int64_t)v > BDRV_MAX_LENGTH - cur) {
            error_report("Image size must be less than 8 EiB!");
            return 1;
        }
        n = cur + v;
    } else if (relative < 0) {
        n = cur - (int64_t)v;
    } else {
        n = v;
    }
    if (n < 0) {
        error_report("New image size must be positive");
        return 1;
    }
    if (n < cur && prealloc != PREALLOC_MODE_OFF) {
        error_report("Preallocation can only be used for growing images");
        return 1;
    }
    if (n < cur && !shrink) {
        error_report("Use the --shrink option to perform a shrink operation.");
        warn_report("Shrinking an image will delete all data beyond the "
                    "shrunken image's end. Before performing such an "
                    "operation, make sure there is no important data there.");
        return 1;
    }
    if (blk_truncate(blk, n, false, prealloc, 0, &err) < 0) {
        error_report_err(err);
        return 1;
    }
    qprintf(quiet, "Image resized.\n");
    return 0;
}

/* --- measure ------------------------------------------------------------- */

static int img_measure(int argc, char **argv)
{
    bool bitmaps;
    static const struct option long_options[] = {
        LONGOPT_HELP,
        LONGOPT_IMAGE_OPTS,
        LONGOPT_OBJECT,
        {"output", required_argument, 0, OPTION_OUTPUT},
        {"size", required_argument, 0, OPTION_SIZE},
        LONGOPT_FORCE_SHARE,
        LONGOPT_END
    };
    OutputFormat ofmt = OFORMAT_HUMAN;
    const char *fmt = NULL, *out_fmt = "raw", *filename = NULL;
    g_autofree char *options = NULL;
    bool image_opts = false, force_share = false, has_size = false;
    uint64_t img_size = 0;
    g_autoptr(BlockBackend) blk = NULL;
    g_autoptr(QDict) opts = NULL;
    BlockMeasureInfo info;
    Error *err = NULL;
    BlockDriver *drv;
    int c;

    const ImgCommonOpts co = {
        .image_opts = &image_opts,
        .force_share = &force_share,
    };

    while ((c = img_getopt(argc, argv, ":hf:O:o:l:U", long_options, &co)) != -1) {
        switch (c) {
        case 'f':
            fmt = optarg;
            break;
        case 'O':
            out_fmt = optarg;
            break;
        case 'o':
            accumulate_options(&options, optarg);
            break;
        case 'l':
            break;
        case OPTION_OUTPUT:
            ofmt = parse_output_format(optarg);
            break;
        case OPTION_SIZE:
            if (qemu_strtosz(optarg, NULL, &img_size) < 0 ||
                img_size > BDRV_MAX_LENGTH) {
                error_report("Invalid image size specified. Must be between "
                             "0 and 9223372036854775807.");
                return 1;
            }
            has_size = true;
            break;
        }
    }
    if (optind < argc) {
        filename = argv[optind++];
    }
    if (optind < argc) {
        error_report("Too many arguments");
        return 1;
    }
    if (filename && has_size) {
        error_report("--size N cannot be used together with a filename.");
        return 1;
    }
    if (!filename && !has_size) {
        error_report("Either --size N or one filename must be specified.");
        return 1;
    }
    drv = bdrv_find_format(out_fmt);
    if (!drv) {
        error_report("Unknown file format '%s'", out_fmt);
        return 1;
    }
    if (options && has_help_option(options)) {
        return print_block_option_help(NULL, out_fmt);
    }
    opts = parse_create_options(options, &err);
    if (!opts) {
        error_report_err(err);
        return 1;
    }
    if (filename) {
        blk = img_open(image_opts, filename, fmt, 0, false, false,
                       force_share);
        if (!blk) {
            return 1;
        }
    } else {
        g_autofree char *sz = g_strdup_printf("%" PRIu64, img_size);

        qdict_put_str(opts, "size", sz);
    }
    if (!bdrv_measure(drv, opts, blk ? blk_bs(blk) : NULL, &info, &err)) {
        error_report_err(err);
        return 1;
    }
    /* qcow2 -> qcow2 carries persistent bitmaps: QEMU shows their size. */
    bitmaps = blk && !strcmp(bdrv_get_format_name(blk_bs(blk)), "qcow2") &&
              !strcmp(bdrv_driver_name(drv), "qcow2");
    if (ofmt == OFORMAT_JSON) {
        printf("{\n%s    \"required\": %" PRIu64 ",\n    \"fully-allocated\": %"
               PRIu64 "\n}\n", bitmaps ? "    \"bitmaps\": 0,\n" : "",
               info.required, info.fully_allocated);
    } else {
        printf("required size: %" PRIu64 "\nfully allocated size: %" PRIu64
               "\n%s", info.required, info.fully_allocated,
               bitmaps ? "bitmaps size: 0\n" : "");
    }
    return 0;
}

/* --- compare ------------------------------------------------------------- */

/* Whether [@off, @off+@len) of @blk reads as zeroes; *@where the first
 * non-zero byte. */
/* Read [@off, @off+@len) of image @name for compare: 0, or 4 (printed). */
static int compare_read(BlockBackend *blk, const char *name, int64_t off,
                        int64_t len, uint8_t *buf)
{
    int ret = blk_pread(blk, off, len, buf, 0);

    if (ret < 0) {
        error_report("Error while reading offset %" PRId64 " of %s: %s",
                     off, name, strerror(-ret));
        return 4;
    }
    return 0;
}

/*
 * Whether @buf1 equals @buf2 (NULL: zeroes) over @len bytes read at
 * @off: 0 yes, 1 no, printed with the first differing sector as QEMU.
 */
static int compare_sectors(const uint8_t *buf1, const uint8_t *buf2,
                           int64_t off, int64_t len, bool quiet)
{
    for (int64_t i = 0; i < len; i += BDRV_SECTOR_SIZE) {
        int64_t n = MIN(BDRV_SECTOR_SIZE, len - i);

        if (buf2 ? memcmp(buf1 + i, buf2 + i, n) : !is_zero(buf1 + i, n)) {
            qprintf(quiet, "Content mismatch at offset %" PRId64 "!\n",
                    off + i);
            return 1;
        }
    }
    return 0;
}

/* Whether [@off, @off+@len) of @blk reads as zeroes: 0, 1 or 4. */
static int check_empty_sectors(BlockBackend *blk, int64_t off, int64_t len,
                               const char *name, uint8_t *buf, bool quiet)
{
    return compare_read(blk, name, off, len, buf) ?:
           compare_sectors(buf, NULL, off, len, quiet);
}

/* Compare [@off, @off+@len) of two images byte for byte: 0, 1 or 4. */
static int compare_data(BlockBackend *blk1, BlockBackend *blk2,
                        char **names, int64_t off, int64_t len,
                        uint8_t *buf1, uint8_t *buf2, bool quiet)
{
    return compare_read(blk1, names[0], off, len, buf1) ?:
           compare_read(blk2, names[1], off, len, buf2) ?:
           compare_sectors(buf1, buf2, off, len, quiet);
}

/*
 * Compare the common part of two images extent by extent, as QEMU:
 * where both read as zeroes nothing is read; where one allocates and the
 * other does not, the allocated side must read as zeroes.
 */
static int compare_common(BlockBackend *blk1, BlockBackend *blk2,
                          char **names, int64_t len1, int64_t len2,
                          uint8_t *buf1, uint8_t *buf2, bool strict,
                          bool quiet)
{
    int64_t common = MIN(len1, len2), off = 0;

    while (off < common) {
        int64_t pnum1, pnum2, chunk;
        int st1, st2, ret;

        st1 = bdrv_block_status_above(blk_bs(blk1), off, len1 - off, &pnum1,
                                      NULL, NULL);
        if (st1 < 0) {
            error_report("Sector allocation test failed for %s", names[0]);
            return 3;
        }
        st2 = bdrv_block_status_above(blk_bs(blk2), off, len2 - off, &pnum2,
                                      NULL, NULL);
        if (st2 < 0) {
            error_report("Sector allocation test failed for %s", names[1]);
            return 3;
        }
        chunk = MAX(MIN(pnum1, pnum2), 1);
        if (strict && st1 != st2) {
            qprintf(quiet, "Strict mode: Offset %" PRId64 " block status "
                    "mismatch!\n", off);
            return 1;
        }
        if ((st1 & BDRV_BLOCK_ZERO) && (st2 & BDRV_BLOCK_ZERO)) {
            /* both zeroes: nothing to read */
        } else if (!!(st1 & BDRV_BLOCK_ALLOCATED) ==
                   !!(st2 & BDRV_BLOCK_ALLOCATED)) {
            if (st1 & BDRV_BLOCK_ALLOCATED) {
                chunk = MIN(chunk, IO_BUF_SIZE);
                ret = compare_data(blk1, blk2, names, off, chunk, buf1, buf2,
                                   quiet);
                if (ret) {
                    return ret;
                }
            }
        } else {
            int k = (st1 & BDRV_BLOCK_ALLOCATED) ? 0 : 1;

            chunk = MIN(chunk, IO_BUF_SIZE);
            ret = check_empty_sectors(k ? blk2 : blk1, off, chunk, names[k],
                                      buf1, quiet);
            if (ret) {
                return ret;
            }
        }
        off += chunk;
        progress_print(off * 100.0 / MAX(len1, len2));
    }
    return 0;
}

/* The part of the longer image past the shorter one must read as zeroes. */
static int compare_tail(BlockBackend *blk, const char *name, int64_t from,
                        int64_t len, uint8_t *buf, bool quiet)
{
    for (int64_t off = from; off < len;) {
        int64_t chunk;
        int ret = bdrv_block_status_above(blk_bs(blk), off, len - off, &chunk,
                                          NULL, NULL);

        if (ret < 0) {
            error_report("Sector allocation test failed for %s", name);
            return 3;
        }
        chunk = MAX(chunk, 1);
        if ((ret & BDRV_BLOCK_ALLOCATED) && !(ret & BDRV_BLOCK_ZERO)) {
            chunk = MIN(chunk, IO_BUF_SIZE);
            ret = check_empty_sectors(blk, off, chunk, name, buf, quiet);
            if (ret) {
                return ret;
            }
        }
        off += chunk;
    }
    return 0;
}

static int img_compare(int argc, char **argv)
{
    static const struct option long_options[] = {
        IMG_LONGOPTS_IMAGE,
        LONGOPT_END
    };
    const char *fmt1 = NULL, *fmt2 = NULL, *cache = BDRV_DEFAULT_CACHE;
    bool image_opts = false, force_share = false, quiet = false;
    bool strict = false, show_progress = false, writethrough = false;
    g_autoptr(BlockBackend) blk1 = NULL;
    g_autoptr(BlockBackend) blk2 = NULL;
    g_autofree uint8_t *buf1 = NULL, *buf2 = NULL;
    int64_t len1, len2;
    int flags = 0, c, ret;

    const ImgCommonOpts co = {
        .image_opts = &image_opts,
        .force_share = &force_share,
        .quiet = &quiet,
    };

    while ((c = img_getopt(argc, argv, ":hf:F:T:pqsU", long_options, &co)) != -1) {
        switch (c) {
        case 'f':
            fmt1 = optarg;
            break;
        case 'F':
            fmt2 = optarg;
            break;
        case 'T':
            cache = optarg;
            break;
        case 'p':
            show_progress = true;
            break;
        case 's':
            strict = true;
            break;
        }
    }
    if (quiet) {
        show_progress = false;
    }
    if (optind != argc - 2) {
        error_exit("Expecting two image file names");
    }
    if (parse_cache(cache, &flags, &writethrough, true) < 0) {
        return 2;
    }
    blk1 = img_open(image_opts, argv[optind], fmt1, flags, writethrough,
                    quiet, force_share);
    if (!blk1) {
        return 2;
    }
    blk2 = img_open(image_opts, argv[optind + 1], fmt2, flags, writethrough,
                    quiet, force_share);
    if (!blk2) {
        return 2;
    }
    len1 = blk_getlength(blk1);
    len2 = blk_getlength(blk2);
    if (len1 < 0 || len2 < 0) {
        error_report("Can't get size of %s: %s",
                     len1 < 0 ? argv[optind] : argv[optind + 1],
                     strerror(-(len1 < 0 ? len1 : len2)));
        return 2;
    }
    if (strict && len1 != len2) {
        qprintf(quiet, "Strict mode: Image size mismatch!\n");
        return 1;
    }
    buf1 = g_malloc(IO_BUF_SIZE);
    buf2 = g_malloc(IO_BUF_SIZE);
    progress_init(show_progress, 2.0);
    progress_print(0);
    ret = compare_common(blk1, blk2, &argv[optind], len1, len2, buf1, buf2,
                         strict, quiet);
    if (ret) {
        return ret;
    }
    if (len1 != len2) {
        bool first_longer = len1 > len2;

        qprintf(quiet, "Warning: Image size mismatch!\n");
        ret = compare_tail(first_longer ? blk1 : blk2,
                           argv[optind + (first_longer ? 0 : 1)],
                           MIN(len1, len2), MAX(len1, len2), buf1, quiet);
        if (ret) {
            return ret;
        }
    }
    if (show_progress) {
        progress_end();
    }
    qprintf(quiet, "Images are identical.\n");
    return 0;
}

/* --- map ----------------------------------------------------------------- */

typedef struct MapEntry {
    int64_t start;
    int64_t length;
    bool data;
    bool zero;
    bool present;
    int depth;
    int64_t offset;
    bool has_offset;
    const char *filename;   /* NULL: none */
} MapEntry;

/* As QEMU's entry_mergeable: same kind, and contiguous where mapped. */
static bool map_entry_mergeable(const MapEntry *a, const MapEntry *b)
{
    if (a->length == 0 || a->zero != b->zero || a->data != b->data ||
        a->depth != b->depth || a->present != b->present ||
        g_strcmp0(a->filename, b->filename) ||
        a->has_offset != b->has_offset) {
        return false;
    }
    return !a->has_offset || a->offset + a->length == b->offset;
}

static int dump_map_entry(OutputFormat ofmt, MapEntry *e, bool last)
{
    if (ofmt == OFORMAT_HUMAN) {
        if (e->data && !e->has_offset) {
            error_report("File contains external, encrypted or compressed "
                         "clusters.");
            return -1;
        }
        if (e->data && !e->zero) {
            printf("%#-16" PRIx64 "%#-16" PRIx64 "%#-16" PRIx64 "%s\n",
                   e->start, e->length, e->has_offset ? e->offset : 0,
                   e->filename ? e->filename : "");
        }
        return 0;
    }
    printf("{ \"start\": %" PRId64 ", \"length\": %" PRId64 ", "
           "\"depth\": %d, \"present\": %s, \"zero\": %s, \"data\": %s",
           e->start, e->length, e->depth, e->present ? "true" : "false",
           e->zero ? "true" : "false", e->data ? "true" : "false");
    if (e->has_offset) {
        printf(", \"offset\": %" PRId64, e->offset);
    }
    printf(last ? "}" : "},\n");
    return 0;
}

/*
 * The extent at @offset as qemu-img map shows it: asked layer by layer
 * down the backing chain until one has data or zeroes there (its depth);
 * "present" when a layer allocates it.
 */
static int map_get_entry(BlockDriverState *bs, int64_t offset, int64_t bytes,
                         MapEntry *e)
{
    BlockDriverState *file = NULL;
    int64_t map = 0;
    int depth = 0, ret;

    for (;;) {
        ret = bdrv_block_status(bs, offset, bytes, &bytes, &map, &file);
        if (ret < 0) {
            return ret;
        }
        bytes = MAX(bytes, 1);
        if (ret & (BDRV_BLOCK_ZERO | BDRV_BLOCK_DATA)) {
            break;
        }
        bs = bdrv_cow_bs(bs);
        if (!bs) {
            ret = 0;
            break;
        }
        depth++;
    }
    *e = (MapEntry) {
        .start = offset,
        .length = bytes,
        .data = ret & BDRV_BLOCK_DATA,
        .zero = ret & BDRV_BLOCK_ZERO,
        .present = ret & BDRV_BLOCK_ALLOCATED,
        .depth = depth,
        .offset = map,
        .has_offset = ret & BDRV_BLOCK_OFFSET_VALID,
        .filename = (file && (ret & BDRV_BLOCK_OFFSET_VALID)) ?
                    bdrv_get_filename(file) : NULL,
    };
    return 0;
}

static int img_map(int argc, char **argv)
{
    static const struct option long_options[] = {
        LONGOPT_HELP,
        LONGOPT_FORMAT,
        {"output", required_argument, 0, OPTION_OUTPUT},
        LONGOPT_OBJECT,
        LONGOPT_IMAGE_OPTS,
        LONGOPT_FORCE_SHARE,
        {"start-offset", required_argument, 0, OPTION_START_OFFSET},
        {"max-length", required_argument, 0, OPTION_MAX_LENGTH},
        LONGOPT_END
    };
    OutputFormat ofmt = OFORMAT_HUMAN;
    const char *fmt = NULL;
    bool image_opts = false, force_share = false;
    g_autoptr(BlockBackend) blk = NULL;
    int64_t start = 0, max_len = -1, len;
    MapEntry cur = { 0 };
    uint64_t v;
    int c, ret;

    const ImgCommonOpts co = {
        .image_opts = &image_opts,
        .force_share = &force_share,
    };

    while ((c = img_getopt(argc, argv, ":f:hU", long_options, &co)) != -1) {
        switch (c) {
        case 'f':
            fmt = optarg;
            break;
        case OPTION_OUTPUT:
            ofmt = parse_output_format(optarg);
            break;
        case OPTION_START_OFFSET:
            if (qemu_strtosz(optarg, NULL, &v) < 0 || v > INT64_MAX) {
                error_report("Invalid start offset specified! You may use k, "
                             "M, G, T, P or E suffixes for ");
                error_report("kilobytes, megabytes, gigabytes, terabytes, "
                             "petabytes and exabytes.");
                return 1;
            }
            start = v;
            break;
        case OPTION_MAX_LENGTH:
            if (qemu_strtosz(optarg, NULL, &v) < 0 || v > INT64_MAX) {
                error_report("Invalid max length specified! You may use k, "
                             "M, G, T, P or E suffixes for ");
                error_report("kilobytes, megabytes, gigabytes, terabytes, "
                             "petabytes and exabytes.");
                return 1;
            }
            max_len = v;
            break;
        }
    }
    if (optind != argc - 1) {
        error_exit("Expecting one image file name");
    }
    blk = img_open(image_opts, argv[optind], fmt, 0, false, false,
                   force_share);
    if (!blk) {
        return 1;
    }
    len = blk_getlength(blk);
    if (len < 0) {
        error_report("Failed to get size for '%s'", argv[optind]);
        return 1;
    }
    if (max_len >= 0) {
        len = MIN(len, start + max_len);
    }
    if (ofmt == OFORMAT_HUMAN) {
        printf("%-16s%-16s%-16s%s\n", "Offset", "Length", "Mapped to", "File");
    } else {
        printf("[");
    }
    cur.start = start;
    while (cur.start + cur.length < len) {
        int64_t off = cur.start + cur.length;
        MapEntry next;

        ret = map_get_entry(blk_bs(blk), off,
                            MIN(len - off, (int64_t)1 << 30), &next);
        if (ret < 0) {
            error_report("Could not read file metadata: %s", strerror(-ret));
            return 1;
        }
        if (map_entry_mergeable(&cur, &next)) {
            cur.length += next.length;
            continue;
        }
        if (cur.length > 0 && dump_map_entry(ofmt, &cur, false) < 0) {
            return 1;
        }
        cur = next;
    }
    if (dump_map_entry(ofmt, &cur, true) < 0) {
        return 1;
    }
    if (ofmt == OFORMAT_JSON) {
        printf("]\n");
    }
    return 0;
}

/* --- dd ------------------------------------------------------------------ */

static int img_dd(int argc, char **argv)
{
    static const struct option long_options[] = {
        IMG_LONGOPTS_IMAGE,
        LONGOPT_END
    };
    const char *fmt = NULL, *out_fmt = "raw", *in = NULL, *out = NULL;
    bool image_opts = false, force_share = false;
    int64_t bs = 512, count = -1, skip = 0, size, off, end;
    g_autoptr(BlockBackend) blk1 = NULL;
    g_autoptr(BlockBackend) blk2 = NULL;
    g_autofree uint8_t *buf = NULL;
    int c, ret;

    const ImgCommonOpts co = {
        .image_opts = &image_opts,
        .force_share = &force_share,
    };

    while ((c = img_getopt(argc, argv, ":hf:O:U", long_options, &co)) != -1) {
        switch (c) {
        case 'f':
            fmt = optarg;
            break;
        case 'O':
            out_fmt = optarg;
            break;
        }
    }
    for (int i = optind; i < argc; i++) {
        const char *arg = argv[i], *val = strchr(arg, '=');
        g_autofree char *key = NULL;
        uint64_t v;

        if (!val) {
            error_report("unrecognized operand %s", arg);
            return 1;
        }
        key = g_strndup(arg, val - arg);
        val++;
        if (!strcmp(key, "if")) {
            in = val;
        } else if (!strcmp(key, "of")) {
            out = val;
        } else if (!strcmp(key, "bs") || !strcmp(key, "count") ||
                   !strcmp(key, "skip")) {
            bool is_bs = !strcmp(key, "bs");
            int r = is_bs ? qemu_strtosz(val, NULL, &v)
                          : qemu_strtou64(val, NULL, 10, &v);

            if (r < 0 || v > INT64_MAX || (is_bs && (v == 0 ||
                                                     v > INT_MAX))) {
                error_report("invalid number: '%s'", val);
                return 1;
            }
            if (is_bs) {
                bs = v;
            } else if (!strcmp(key, "count")) {
                count = v;
            } else {
                skip = v;
            }
        } else {
            error_report("unrecognized operand %s", arg);
            return 1;
        }
    }
    if (!in) {
        error_report("Must specify input file name (if=...)");
        return 1;
    }
    if (!out) {
        error_report("Must specify output file name (of=...)");
        return 1;
    }
    blk1 = img_open(image_opts, in, fmt, 0, false, false, force_share);
    if (!blk1) {
        return 1;
    }
    size = blk_getlength(blk1);
    if (size < 0) {
        error_report("Failed to get size for '%s'", in);
        return 1;
    }
    if (skip > 0 && skip > size / bs) {
        error_report("cannot skip to specified offset");
        return 1;
    }
    off = skip * bs;
    end = size;
    if (count >= 0 && count <= (size - off) / bs) {
        end = off + count * bs;
    }
    if (img_create_image(out, out_fmt, NULL, end - off, true, false) < 0) {
        return 1;
    }
    blk2 = img_open(false, out, out_fmt, BDRV_O_RDWR, false, false, false);
    if (!blk2) {
        return 1;
    }
    buf = g_malloc(bs);
    for (int64_t pos = off; pos < end;) {
        int64_t n = MIN(bs, end - pos);

        ret = blk_pread(blk1, pos, n, buf, 0);
        if (ret < 0) {
            error_report("error while reading from input image file: %s",
                         strerror(-ret));
            return 1;
        }
        ret = blk_pwrite(blk2, pos - off, n, buf, 0);
        if (ret < 0) {
            error_report("error while writing to output image file: %s",
                         strerror(-ret));
            return 1;
        }
        pos += n;
    }
    return 0;
}

/* --- bench --------------------------------------------------------------- */

typedef struct BenchState {
    BlockBackend *blk;
    uint8_t *buf;
    int bufsize;
    int step;
    int nrreq;
    int n;
    int flush_interval;
    bool drain_on_flush;
    bool write;
    int in_flight;
    int64_t offset;
    int64_t image_size;
    int ret;
} BenchState;

static void coroutine_fn bench_co(void *opaque)
{
    BenchState *b = opaque;
    int idx = b->in_flight++;

    while (b->n > 0 && !b->ret) {
        int64_t off = b->offset;
        QEMUIOVector q;
        int ret;

        b->n--;
        b->offset += b->step;
        if (b->offset + b->bufsize > b->image_size) {
            b->offset = 0;
        }
        qemu_iovec_init_buf(&q, b->buf + (size_t)idx * b->bufsize,
                            b->bufsize);
        ret = b->write ? blk_co_pwritev(b->blk, off, b->bufsize, &q, 0)
                       : blk_co_preadv(b->blk, off, b->bufsize, &q, 0);
        if (ret < 0) {
            error_report("Failed request: %s", strerror(-ret));
            b->ret = ret;
        }
        if (b->write && b->flush_interval &&
            (b->nrreq - b->n) % b->flush_interval == 0) {
            blk_co_flush(b->blk);
        }
    }
    b->in_flight--;
    aio_wait_kick();
}

static int img_bench(int argc, char **argv)
{
    static const struct option long_options[] = {
        LONGOPT_HELP,
        {"flush-interval", required_argument, 0, OPTION_FLUSH_INTERVAL},
        LONGOPT_IMAGE_OPTS,
        {"pattern", required_argument, 0, OPTION_PATTERN},
        {"no-drain", no_argument, 0, OPTION_NO_DRAIN},
        LONGOPT_FORCE_SHARE,
        LONGOPT_OBJECT,
        LONGOPT_END
    };
    const char *fmt = NULL, *filename;
    bool image_opts = false, quiet = false, force_share = false;
    bool writethrough = false, is_write = false;
    int count = 75000, depth = 64, bufsize = 4096, step = 0, pattern = 0;
    int flush_interval = 0, flags = 0, c;
    int64_t offset = 0, sval;
    g_autoptr(BlockBackend) blk = NULL;
    BenchState b = { 0 };
    int64_t t0, t1;

    const ImgCommonOpts co = {
        .image_opts = &image_opts,
        .force_share = &force_share,
        .quiet = &quiet,
    };

    while ((c = img_getopt(argc, argv, ":hc:d:f:ni:o:qs:S:t:wU", long_options, &co)) != -1) {
        switch (c) {
        case 'c':
            if (qemu_strtoi64(optarg, NULL, 0, &sval) < 0 || sval <= 0 ||
                sval > INT_MAX) {
                error_report("Invalid request count specified");
                return 1;
            }
            count = sval;
            break;
        case 'd':
            if (qemu_strtoi64(optarg, NULL, 0, &sval) < 0 || sval <= 0 ||
                sval > 4096) {
                error_report("Invalid queue depth specified");
                return 1;
            }
            depth = sval;
            break;
        case 'f':
            fmt = optarg;
            break;
        case 'n':
            flags |= BDRV_O_NATIVE_AIO;
            break;
        case 'i':
            if (bdrv_parse_aio(optarg, &flags) < 0) {
                error_report("Invalid aio option: %s", optarg);
                return 1;
            }
            break;
        case 'o': {
            uint64_t v;

            if (qemu_strtosz(optarg, NULL, &v) < 0 || v > INT64_MAX) {
                error_report("Invalid offset specified");
                return 1;
            }
            offset = v;
            break;
        }
        case 's':
        case 'S': {
            uint64_t v;

            /* -S 0 means "the buffer size", as in real qemu-img */
            if (qemu_strtosz(optarg, NULL, &v) < 0 || (c == 's' && v == 0) ||
                v > INT_MAX) {
                error_report("Invalid %s specified",
                             c == 's' ? "buffer size" : "step size");
                return 1;
            }
            if (c == 's') {
                bufsize = v;
            } else {
                step = v;
            }
            break;
        }
        case 't':
            if (parse_cache(optarg, &flags, &writethrough, false) < 0) {
                return 1;
            }
            break;
        case 'w':
            flags |= BDRV_O_RDWR;
            is_write = true;
            break;
        case OPTION_PATTERN:
            if (qemu_strtoi64(optarg, NULL, 0, &sval) < 0 || sval < 0 ||
                sval > 0xff) {
                error_report("Invalid pattern byte specified");
                return 1;
            }
            pattern = sval;
            break;
        case OPTION_FLUSH_INTERVAL:
            if (qemu_strtoi64(optarg, NULL, 0, &sval) < 0 || sval < 0 ||
                sval > INT_MAX) {
                error_report("Invalid flush interval specified");
                return 1;
            }
            flush_interval = sval;
            break;
        case OPTION_NO_DRAIN:
            break;
        }
    }
    if (optind != argc - 1) {
        error_exit("Expecting one image file name");
    }
    if (flush_interval && !is_write) {
        error_report("--flush-interval is only available in write tests");
        return 1;
    }
    filename = argv[optind];
    blk = img_open(image_opts, filename, fmt, flags, writethrough, quiet,
                   force_share);
    if (!blk) {
        return 1;
    }
    b = (BenchState) {
        .blk = blk, .bufsize = bufsize, .step = step ? step : bufsize,
        .nrreq = depth, .n = count, .flush_interval = flush_interval,
        .write = is_write, .offset = offset,
        .image_size = blk_getlength(blk),
    };
    if (b.image_size < offset + bufsize) {
        error_report("Image too small for the requests (size %" PRId64
                     ")", b.image_size);
        return 1;
    }
    if (!quiet) {
        printf("Sending %d %s requests, %d bytes each, %d in parallel "
               "(starting at offset %" PRId64 ", step size %d)\n",
               count, is_write ? "write" : "read", bufsize, depth, offset,
               b.step);
        if (flush_interval) {
            printf("Sending flush every %d requests\n", flush_interval);
        }
    }
    b.buf = bdrv_memalign(4096, (size_t)bufsize * depth);
    if (!b.buf) {
        error_report("Out of memory");
        return 1;
    }
    memset(b.buf, pattern, (size_t)bufsize * depth);
    t0 = get_clock();
    for (int i = 0; i < depth; i++) {
        qemu_coroutine_enter(qemu_coroutine_create(bench_co, &b));
    }
    AIO_WAIT_WHILE(qemu_get_aio_context(), b.in_flight > 0);
    t1 = get_clock();
    bdrv_memfree(b.buf);
    if (b.ret) {
        return 1;
    }
    if (!quiet) {
        printf("Run completed in %3.3f seconds.\n", (t1 - t0) / 1e9);
    }
    return 0;
}

/* --- main ---------------------------------------------------------------- */

/* --- rebase and commit (qcow2 backing files) ------------------------------ */

/*
 * rebase: before pointing the image at a new backing file, copy into it
 * every range it does not hold itself where the old and the new backing
 * files differ (safe mode); -u only rewrites the header.
 */
static int img_rebase(int argc, char **argv)
{
    static const struct option long_options[] = {
        IMG_LONGOPTS_IMAGE,
        LONGOPT_END
    };
    const char *fmt = NULL, *out_base = NULL, *out_fmt = NULL, *filename;
    const char *cache = "writeback", *src_cache = "writeback";
    bool image_opts = false, unsafe = false, quiet = false, progress = false;
    bool force_share = false, writethrough = false, src_wt = false;
    g_autoptr(BlockBackend) blk = NULL;
    g_autoptr(BlockBackend) newb = NULL;
    g_autofree uint8_t *a = NULL, *b = NULL;
    BlockDriverState *bs;
    Error *err = NULL;
    int64_t size, new_size = 0;
    int flags = BDRV_O_RDWR, src_flags = 0, c;
    const int64_t chunk = 1 << 20;

    const ImgCommonOpts co = {
        .image_opts = &image_opts,
        .force_share = &force_share,
        .quiet = &quiet,
    };

    while ((c = img_getopt(argc, argv, ":hf:F:b:upt:T:qU", long_options, &co)) != -1) {
        switch (c) {
        case 'f':
            fmt = optarg;
            break;
        case 'F':
            out_fmt = optarg;
            break;
        case 'b':
            out_base = optarg;
            break;
        case 'u':
            unsafe = true;
            break;
        case 'p':
            progress = true;
            break;
        case 't':
            cache = optarg;
            break;
        case 'T':
            src_cache = optarg;
            break;
        }
    }
    if (quiet) {
        progress = false;
    }
    if (optind != argc - 1) {
        error_exit("Expecting one image file name");
    }
    if (!unsafe && !out_base) {
        error_exit("Must specify backing file (-b) or use unsafe mode (-u)");
    }
    filename = argv[optind];
    if (parse_cache(cache, &flags, &writethrough, false) < 0 ||
        parse_cache(src_cache, &src_flags, &src_wt, true) < 0) {
        return 1;
    }
    blk = img_open(image_opts, filename, fmt,
                   unsafe ? flags | BDRV_O_NO_BACKING : flags,
                   writethrough, quiet, false);
    if (!blk) {
        return 1;
    }
    bs = blk_bs(blk);
    if (!bdrv_supports_backing(bs)) {
        error_report("Could not change the backing file to '%s': "
                     "Operation not supported", out_base ? out_base : "");
        return 1;
    }
    if (out_base && !*out_base) {
        out_base = NULL;
    }
    if (out_base && !out_fmt && !unsafe) {
        out_fmt = NULL;   /* probed when opened below */
    }
    if (!unsafe) {
        size = blk_getlength(blk);
        if (out_base) {
            g_autofree char *path = bdrv_backing_path(
                image_opts ? bdrv_get_filename(bs) : filename, out_base);

            newb = img_open(false, path, out_fmt, src_flags, src_wt, quiet,
                            force_share);
            if (!newb) {
                return 1;
            }
            new_size = blk_getlength(newb);
            if (!out_fmt) {
                out_fmt = bdrv_get_format_name(blk_bs(newb));
            }
        }
        a = g_malloc(chunk);
        b = g_malloc(chunk);
        progress_init(progress, 1.0);
        for (int64_t off = 0; off < size;) {
            int64_t n = MIN(chunk, size - off), pnum;
            int r = bdrv_is_allocated(bs, off, n, &pnum);

            if (r < 0) {
                error_report("error while reading image metadata: %s",
                             strerror(-r));
                return 1;
            }
            n = MIN(n, pnum);
            if (!r) {
                /* Not ours: what the old chain shows must stay visible. */
                memset(b, 0, n);
                if (blk_pread(blk, off, n, a, 0) < 0 ||
                    (newb && off < new_size &&
                     blk_pread(newb, off, MIN(n, new_size - off), b, 0) < 0)) {
                    error_report("error while reading from old or new backing "
                                 "file");
                    return 1;
                }
                if (memcmp(a, b, n) && blk_pwrite(blk, off, n, a, 0) < 0) {
                    error_report("error while writing to COW image");
                    return 1;
                }
            }
            off += n;
            progress_print(off * 100.0 / MAX(size, 1));
        }
        progress_end();
    } else if (out_base && !out_fmt) {
        /* -u without -F: name the format of the new file if it is there. */
        g_autofree char *path = bdrv_backing_path(filename, out_base);
        BlockDriverState *nb = bdrv_open(path, NULL, BDRV_O_NO_IO, NULL);

        if (nb) {
            out_fmt = g_intern_string(bdrv_get_format_name(nb));
            bdrv_unref(nb);
        }
    }
    if (bdrv_change_backing_file(bs, out_base, out_fmt, &err) < 0) {
        error_prepend(&err, "Could not change the backing file to '%s': ",
                      out_base ? out_base : "");
        error_report_err(err);
        return 1;
    }
    return 0;
}

/* commit: copy what the image holds into its backing file. */
static int img_commit(int argc, char **argv)
{
    static const struct option long_options[] = {
        IMG_LONGOPTS_COMMON,
        LONGOPT_IMAGE_OPTS,
        LONGOPT_END
    };
    const char *fmt = NULL, *base = NULL, *filename, *cache = "unsafe";
    bool image_opts = false, quiet = false, progress = false, drop = false;
    bool writethrough = false;
    g_autoptr(BlockBackend) blk = NULL;
    g_autoptr(BlockBackend) bblk = NULL;
    g_autofree char *bpath = NULL;
    g_autofree uint8_t *buf = NULL;
    BlockDriverState *bs;
    BlockDriverInfo bdi;
    Error *err = NULL;
    int64_t size, bsize;
    int flags = BDRV_O_RDWR | BDRV_O_NO_BACKING, c;
    const int64_t chunk = 1 << 20;

    const ImgCommonOpts co = { .image_opts = &image_opts, .quiet = &quiet };

    while ((c = img_getopt(argc, argv, ":f:ht:b:dpqr:", long_options, &co)) != -1) {
        switch (c) {
        case 'f':
            fmt = optarg;
            break;
        case 't':
            cache = optarg;
            break;
        case 'b':
            base = optarg;
            break;
        case 'd':
            drop = true;
            break;
        case 'p':
            progress = true;
            break;
        case 'r':
            break;
        }
    }
    if (quiet) {
        progress = false;
    }
    if (optind != argc - 1) {
        error_exit("Expecting one image file name");
    }
    filename = argv[optind];
    if (parse_cache(cache, &flags, &writethrough, false) < 0) {
        return 1;
    }
    blk = img_open(image_opts, filename, fmt, flags, writethrough, quiet,
                   false);
    if (!blk) {
        return 1;
    }
    bs = blk_bs(blk);
    bdrv_get_info(bs, &bdi);
    if (!bdi.backing_file) {
        error_report("Image does not have a backing file");
        return 1;
    }
    bpath = bdrv_backing_path(image_opts ? bdrv_get_filename(bs) : filename,
                              bdi.backing_file);
    if (base && strcmp(base, bpath) && strcmp(base, bdi.backing_file)) {
        error_report("Committing into an image deeper than the backing file "
                     "'%s' is not supported", bpath);
        return 1;
    }
    bblk = img_open(false, bpath, bdi.backing_format,
                    BDRV_O_RDWR | BDRV_O_RESIZE,
                    false, quiet, false);
    if (!bblk) {
        return 1;
    }
    size = blk_getlength(blk);
    bsize = blk_getlength(bblk);
    if (size > bsize && blk_truncate(bblk, size, false, PREALLOC_MODE_OFF, 0,
                                     &err) < 0) {
        error_report_err(err);
        return 1;
    }
    buf = g_malloc(chunk);
    progress_init(progress, 1.0);
    for (int64_t off = 0; off < size;) {
        int64_t n = MIN(chunk, size - off), pnum;
        int r = bdrv_is_allocated(bs, off, n, &pnum);

        if (r < 0) {
            error_report("Could not read image metadata: %s", strerror(-r));
            return 1;
        }
        n = MIN(n, pnum);
        if (r) {
            if (blk_pread(blk, off, n, buf, 0) < 0 ||
                blk_pwrite(bblk, off, n, buf, 0) < 0) {
                error_report("Block job failed: Input/output error");
                return 1;
            }
        }
        off += n;
        progress_print(off * 100.0 / MAX(size, 1));
    }
    if (blk_flush(bblk) < 0) {
        error_report("Could not flush the backing file");
        return 1;
    }
    if (!drop && bdrv_make_empty(bs, &err) < 0) {
        error_report_err(err);
        return 1;
    }
    progress_end();
    if (!quiet) {
        printf("Image committed.\n");
    }
    return 0;
}

/* --- snapshot (qcow2 internal snapshots) --------------------------------- */

static int img_snapshot(int argc, char **argv)
{
    static const struct option long_options[] = {
        IMG_LONGOPTS_IMAGE,
        LONGOPT_END
    };
    enum { SN_NONE, SN_LIST, SN_APPLY, SN_CREATE, SN_DELETE } action = SN_NONE;
    const char *name = NULL, *filename;
    bool image_opts = false, force_share = false, quiet = false;
    g_autoptr(BlockBackend) blk = NULL;
    BlockDriverState *bs;
    Error *err = NULL;
    int c, ret = 0;

    const ImgCommonOpts co = {
        .image_opts = &image_opts,
        .force_share = &force_share,
        .quiet = &quiet,
    };

    /* As real 7.2: no -f (the format is probed or in --image-opts). */
    while ((c = img_getopt(argc, argv, ":la:c:d:hqU", long_options,
                           &co)) != -1) {
        switch (c) {
        case 'l':
        case 'a':
        case 'c':
        case 'd':
            if (action != SN_NONE) {
                error_exit("Cannot mix '-l', '-a', '-c', '-d'");
            }
            action = c == 'l' ? SN_LIST : c == 'a' ? SN_APPLY
                     : c == 'c' ? SN_CREATE : SN_DELETE;
            name = optarg;
            break;
        }
    }
    if (optind != argc - 1) {
        error_exit("Expecting one image file name");
    }
    filename = argv[optind];
    if (action == SN_NONE) {
        action = SN_LIST;
    }
    blk = img_open(image_opts, filename, NULL,
                   action == SN_LIST ? BDRV_O_NO_BACKING | BDRV_O_NO_IO
                                     : BDRV_O_RDWR | BDRV_O_NO_BACKING,
                   false, quiet, action == SN_LIST && force_share);
    if (!blk) {
        return 1;
    }
    bs = blk_bs(blk);
    switch (action) {
    case SN_LIST: {
        g_autoptr(QDict) info = qdict_new();

        add_snapshot_info(info, bs);
        if (qdict_haskey(info, "snapshots")) {
            printf("Snapshot list:\n");
            print_snapshot_list(qdict_get_qlist(info, "snapshots"));
        }
        break;
    }
    case SN_CREATE:
        ret = bdrv_snapshot_create(bs, name, &err);
        if (ret == -ENOTSUP) {
            /* Real 7.2 words this one by its errno. */
            error_free(err);
            err = NULL;
            error_setg(&err, "%d (%s)", ret, strerror(-ret));
        }
        if (ret < 0) {
            error_prepend(&err, "Could not create snapshot '%s': ", name);
        }
        break;
    case SN_APPLY:
        ret = bdrv_snapshot_goto(bs, name, &err);
        if (ret < 0) {
            error_prepend(&err, "Could not apply snapshot '%s': ", name);
        }
        break;
    default:
        ret = bdrv_snapshot_delete(bs, name, &err);
        if (ret == -ENOTSUP) {
            /* Real 7.2 looks the name up first, in no snapshots at all. */
            error_free(err);
            err = NULL;
            error_setg(&err, "snapshot not found");
        }
        if (ret < 0) {
            error_prepend(&err, "Could not delete snapshot '%s': ", name);
        }
        break;
    }
    if (ret < 0) {
        error_report_err(err);
        return 1;
    }
    return 0;
}

static const ImgCmd img_cmds[] = {
    { "amend", img_amend,
      "amend [--object objectdef] [--image-opts] [-p] [-q] [-f fmt] "
      "[-t cache] [--force] -o options filename",
      "Changes format specific options of an image in place: for LUKS, "
      "adds a key slot\n(state=active,new-secret=ID) or erases one "
      "(state=inactive,keyslot=N or\nold-secret=ID). '-o help' lists the "
      "options; --force allows erasing the last slot." },
    { "bench", img_bench,
      "bench [-c count] [-d depth] [-f fmt] [--flush-interval=flush_interval]"
      " [-i aio] [-n] [--no-drain] [-o offset] [--pattern=pattern] [-q] "
      "[-s buffer_size] [-S step_size] [-t cache] [-w] [-U] filename",
      "Runs count read (or with -w write) requests of buffer_size bytes, "
      "depth at once,\nand prints the time taken." },
    { "check", img_check,
      "check [--object objectdef] [--image-opts] [-q] [-f fmt] "
      "[--output=ofmt] [-r [leaks | all]] [-T src_cache] [-U] filename",
      "Checks the image for consistency (formats with metadata). Exit "
      "status: 0 clean,\n1 check error, 2 corruptions, 3 leaks, 63 not "
      "supported by the format." },
    { "commit", img_commit,
      "commit [--object objectdef] [--image-opts] [-q] [-f fmt] "
      "[-t cache] [-b base] [-r rate_limit] [-d] [-p] filename",
      "Copies what the image holds into its backing file (qcow2)." },
    { "compare", img_compare,
      "compare [--object objectdef] [--image-opts] [-f fmt] [-F fmt] "
      "[-T src_cache] [-p] [-q] [-s] [-U] filename1 filename2",
      "Compares the guest-visible contents of two images. Exit status: 0 "
      "identical,\n1 different, 2 open error, 4 read error. -s: a size "
      "difference is a mismatch." },
    { "convert", img_convert,
      "convert [--object objectdef] [--image-opts] [--target-image-opts] "
      "[--target-is-zero] [--bitmaps] [-U] [-C] [-c] [-p] [-q] [-n] [-f fmt] "
      "[-t cache] [-T src_cache] [-O output_fmt] [-B backing_file "
      "[-F backing_fmt]] [-o options] [-l snapshot_param] [-S sparse_size] "
      "[-r rate_limit] [-m num_coroutines] [-W] [--salvage] filename "
      "[filename2 [...]] output_filename",
      "Copies the guest data of one or more (concatenated) images into a "
      "new image of\nformat output_fmt (default raw), or with -n an existing "
      "one. -m requests in\nflight, -W out-of-order writes, -S sparse "
      "detection size (0: none)." },
    { "create", img_create,
      "create [--object objectdef] [-q] [-f fmt] [-b backing_file "
      "[-F backing_fmt]] [-u] [-o options] filename [size]",
      "Creates an image of format fmt (default raw). '-o help' lists the "
      "options, e.g.\nfor luks: key-secret, cipher-alg, cipher-mode, "
      "ivgen-alg, ivgen-hash-alg,\nhash-alg, iter-time, preallocation." },
    { "dd", img_dd,
      "dd [--image-opts] [-U] [-f fmt] [-O output_fmt] [bs=block_size] "
      "[count=blocks] [skip=blocks] if=input of=output",
      "Copies count blocks of bs bytes (default 512), after skipping skip "
      "blocks, from\nthe input image into a new output image." },
    { "info", img_info,
      "info [--object objectdef] [--image-opts] [-f fmt] [--output=ofmt] "
      "[--backing-chain] [-U] filename",
      "Shows the format, sizes and format specific data (LUKS: cipher, "
      "key slots) of\nan image. No key is needed." },
    { "map", img_map,
      "map [--object objectdef] [--image-opts] [-f fmt] "
      "[--start-offset=offset] [--max-length=len] [--output=ofmt] [-U] "
      "filename",
      "Shows where the guest data lives in the image file." },
    { "measure", img_measure,
      "measure [--output=ofmt] [-O output_fmt] [-o options] [--size N | "
      "[--object objectdef] [--image-opts] [-f fmt] [-l snapshot_param] "
      "filename]",
      "Calculates the host space an image of output_fmt would need." },
    { "rebase", img_rebase,
      "rebase [--object objectdef] [--image-opts] [-U] [-q] [-f fmt] "
      "[-t cache] [-T src_cache] [-p] [-u] -b backing_file "
      "[-F backing_fmt] filename",
      "Changes the backing file of an image (qcow2), copying what differs "
      "unless -u." },
    { "resize", img_resize,
      "resize [--object objectdef] [--image-opts] [-f fmt] "
      "[--preallocation=prealloc] [-q] [--shrink] filename [+ | -]size",
      "Changes the virtual size of an image. Shrinking needs --shrink." },
    { "snapshot", img_snapshot,
      "snapshot [--object objectdef] [--image-opts] [-U] [-q] "
      "[-l | -a snapshot | -c snapshot | -d snapshot] filename",
      "Lists, applies, creates or deletes internal snapshots (qcow2)." },
    { NULL },
};

int main(int argc, char **argv)
{
    const char *cmdname;
    Error *err = NULL;
    int c;
    static const struct option long_options[] = {
        LONGOPT_HELP,
        {"version", no_argument, 0, 'V'},
        {"trace", required_argument, NULL, 'T'},
        LONGOPT_END
    };

    signal(SIGPIPE, SIG_IGN);
    error_set_progname(argv[0]);
    if (qemu_init_main_loop(&err) < 0) {
        report_err_prefixed(err, "qemu_init_main_loop failed: ");
        return 1;
    }
    bdrv_init();
    module_call_init(MODULE_INIT_QOM);
    if (argc < 2) {
        error_exit("Not enough arguments");
    }

    while ((c = getopt_long(argc, argv, "+:hVT:", long_options, NULL)) != -1) {
        switch (c) {
        case ':':
        case '?':
            bad_getopt(c, argv);
            break;
        case 'h':
            help();
            break;
        case 'V':
            print_version();
            return 0;
        case 'T':
            break;
        }
    }
    if (optind >= argc) {
        error_exit("Not enough arguments");
    }
    cmdname = argv[optind];
    argc -= optind;
    argv += optind;
    optind = 0;
    for (const ImgCmd *cmd = img_cmds; cmd->name; cmd++) {
        if (!strcmp(cmdname, cmd->name)) {
            int ret;

            current_cmd = cmd;
            ret = cmd->handler(argc, argv);
            user_creatable_cleanup();
            return ret;
        }
    }
    error_exit("Command not found: %s", cmdname);
}

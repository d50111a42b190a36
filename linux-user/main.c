/*
 * qemu-x86_64: run an x86_64 Linux program on the host through the JIT.
 *
 *   qemu-x86_64 [options] program [arguments...]
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include <sys/syscall.h>
#include "tcg/tcg.h"
#include "exec/perfmap.h"
#include "qemu.h"
#include "exec/cpus-exclusive.h"

UserOptions user_opts;

static const char *cpu_model;
static const char *log_mask;
static const char *log_file;
static bool singlestep;
static bool perfmap;
static char *argv0_override;
static bool have_guest_base;
static GPtrArray *env_set, *env_unset;

static void usage(FILE *f)
{
    fprintf(f,
        "usage: qemu-x86_64 [options] program [arguments...]\n"
        "Linux CPU emulator (compiled for x86_64 emulation)\n"
        "\n"
        "Options and associated environment variables:\n"
        "\n"
        "Argument      Env-variable      Description\n"
        "-h                              print this help\n"
        "-help                           \n"
        "-L path       QEMU_LD_PREFIX    set the elf interpreter prefix to 'path'\n"
        "-s size       QEMU_STACK_SIZE   accepted for compatibility\n"
        "-cpu model    QEMU_CPU          select CPU (-cpu help for list)\n"
        "-E var=value  QEMU_SET_ENV      sets targets environment variable (see below)\n"
        "-U var        QEMU_UNSET_ENV    unsets targets environment variable (see below)\n"
        "-0 argv0      QEMU_ARGV0        forces target process argv[0] to be 'argv0'\n"
        "-B address    QEMU_GUEST_BASE   set guest_base address to 'address'\n"
        "-R size       QEMU_RESERVED_VA  reserve 'size' bytes for guest virtual address space\n"
        "-d item[,...] QEMU_LOG          enable logging of specified items (use '-d help' for a list of items)\n"
        "-D logfile    QEMU_LOG_FILENAME write logs to 'logfile' (default stderr)\n"
        "-perfmap      QEMU_PERFMAP      generate a /tmp/perf-${pid}.map file for perf\n"
        "-singlestep   QEMU_SINGLESTEP   run in singlestep mode\n"
        "-one-insn-per-tb\n"
        "              QEMU_ONE_INSN_PER_TB  same as -singlestep\n"
        "-strace       QEMU_STRACE       log system calls\n"
        "-native-exec  QEMU_NATIVE_EXEC  run programs started by execve on the host\n"
        "                                (default: x86_64 ones stay emulated)\n"
        "-version      QEMU_VERSION      display version information and exit\n"
        "\n"
        "Defaults:\n"
        "QEMU_LD_PREFIX  = /etc/qemu-binfmt/x86_64\n"
        "QEMU_STACK_SIZE = 8388608 byte\n"
        "\n"
        "You can use -E and -U options or the QEMU_SET_ENV and\n"
        "QEMU_UNSET_ENV environment variables to set and unset\n"
        "environment variables for the target process.\n"
        "It is possible to provide several variables by separating them\n"
        "by commas in getsubopt(3) style. Additionally it is possible to\n"
        "provide the -E and -U options multiple times.\n"
        "The following lines are equivalent:\n"
        "    -E var1=val2 -E var2=val2 -U LD_PRELOAD -U LD_DEBUG\n"
        "    -E var1=val2,var2=val2 -U LD_PRELOAD,LD_DEBUG\n"
        "    QEMU_SET_ENV=var1=val2,var2=val2 QEMU_UNSET_ENV=LD_PRELOAD,LD_DEBUG\n"
        "Note that if you provide several changes to a single variable\n"
        "the last change will stay in effect.\n"
        "\n"
        "See <https://qemu.org/contribute/report-a-bug> for how to report bugs.\n"
        "More information on the QEMU project at <https://qemu.org>.\n");
}

static void add_env_list(GPtrArray *arr, const char *list)
{
    g_auto(GStrv) parts = g_strsplit(list, ",", -1);

    for (int i = 0; parts[i]; i++) {
        if (*parts[i]) {
            g_ptr_array_add(arr, g_strdup(parts[i]));
        }
    }
}

QEMU_NORETURN static void exit_with_error(Error *err)
{
    fprintf(stderr, "qemu-x86_64: %s\n", error_get_pretty(err));
    error_free(err);
    exit(EXIT_FAILURE);
}

static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 0);
    if (errno || end == s) {
        return false;
    }
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'M': v <<= 20; end++; break;
    case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end) {
        return false;
    }
    *out = v;
    return true;
}

/* the x86_64 user address space: 47 bits */
#define MAX_RESERVED_VA (1ull << 47)

QEMU_NORETURN static void fail(const char *fmt, ...) QEMU_PRINTF(1, 2);
static void fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fprintf(stderr, "qemu-x86_64: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(EXIT_FAILURE);
}

/*
 * -R size / QEMU_RESERVED_VA: a number (decimal, 0x hex or 0 octal) with
 * an optional k/K, M or G suffix, rounded up to whole pages; 0 (or an
 * empty value) reserves nothing, as in QEMU.
 */
static void parse_reserved_va(const char *s)
{
    unsigned long long v = 0;
    unsigned shift = 0;
    char *end = (char *)s;

    if (*s) {
        errno = 0;
        v = strtoull(s, &end, 0);
        if (end == s || *s == '-') {
            fail("invalid -R size '%s': not a number", s);
        }
        if (errno == ERANGE) {
            fail("Reserved virtual address space too big: '%s' (at most "
                 "0x%llx bytes, 128 TiB)", s, MAX_RESERVED_VA);
        }
    }
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'M': shift = 20; end++; break;
    case 'G': shift = 30; end++; break;
    default: break;
    }
    if (*end) {
        fail("Unrecognised -R size suffix '%s' in '%s' (use k, M or G)",
             end, s);
    }
    if (v > (MAX_RESERVED_VA >> shift)) {
        fail("Reserved virtual address space too big: '%s' (at most "
             "0x%llx bytes, 128 TiB)", s, MAX_RESERVED_VA);
    }
    v <<= shift;
    user_opts.reserved_va = (v + TARGET_PAGE_SIZE - 1) & TARGET_PAGE_MASK;
}

/* options; returns the index of the program name */
static int parse_args(int argc, char **argv)
{
    const char *e;
    int i;

    if ((e = getenv("QEMU_LD_PREFIX"))) {
        user_opts.interp_prefix = e;
    }
    if ((e = getenv("QEMU_CPU"))) {
        cpu_model = e;
    }
    if ((e = getenv("QEMU_LOG"))) {
        log_mask = e;
    }
    if ((e = getenv("QEMU_LOG_FILENAME"))) {
        log_file = e;
    }
    if (getenv("QEMU_STRACE")) {
        user_opts.strace = true;
    }
    if (getenv("QEMU_NATIVE_EXEC")) {
        user_opts.native_exec = true;
    }
    if (getenv("QEMU_PERFMAP")) {
        perfmap = true;
    }
    if (getenv("QEMU_SINGLESTEP") || getenv("QEMU_ONE_INSN_PER_TB")) {
        singlestep = true;
    }
    if ((e = getenv("QEMU_SET_ENV"))) {
        add_env_list(env_set, e);
    }
    if ((e = getenv("QEMU_UNSET_ENV"))) {
        add_env_list(env_unset, e);
    }
    if ((e = getenv("QEMU_ARGV0"))) {
        argv0_override = g_strdup(e);
    }
    if ((e = getenv("QEMU_GUEST_BASE"))) {
        uint64_t v;
        if (!parse_size(e, &v)) {
            fail("invalid guest base address '%s'", e);
        }
        guest_base = v;
        have_guest_base = true;
    }
    if ((e = getenv("QEMU_RESERVED_VA"))) {
        parse_reserved_va(e);
    }

    for (i = 1; i < argc; i++) {
        const char *opt = argv[i];
        const char *arg = i + 1 < argc ? argv[i + 1] : NULL;

        if (opt[0] != '-') {
            break;
        }
        opt++;
        if (opt[0] == '-' && opt[1]) {
            opt++;      /* --option works too */
        }
        if (!strcmp(opt, "-")) {
            i++;
            break;
        }
#define NEED_ARG() do { \
            if (!arg) { \
                fail("option '-%s' needs an argument", opt); \
            } \
            i++; \
        } while (0)
        if (!strcmp(opt, "h") || !strcmp(opt, "help")) {
            usage(stdout);
            exit(EXIT_SUCCESS);
        } else if (!strcmp(opt, "version")) {
            printf("qemu-x86_64 version " QEMU_VERSION "\n"
                   "Copyright (c) 2003-2022 Fabrice Bellard and the QEMU "
                   "Project developers\n");
            exit(EXIT_SUCCESS);
        } else if (!strcmp(opt, "L")) {
            NEED_ARG();
            user_opts.interp_prefix = arg;
        } else if (!strcmp(opt, "E")) {
            NEED_ARG();
            add_env_list(env_set, arg);
        } else if (!strcmp(opt, "U")) {
            NEED_ARG();
            add_env_list(env_unset, arg);
        } else if (!strcmp(opt, "0")) {
            NEED_ARG();
            argv0_override = g_strdup(arg);
        } else if (!strcmp(opt, "cpu")) {
            NEED_ARG();
            cpu_model = arg;
            if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
                x86_cpu_list(stdout);
                exit(EXIT_SUCCESS);
            }
        } else if (!strcmp(opt, "d")) {
            NEED_ARG();
            log_mask = arg;
        } else if (!strcmp(opt, "D")) {
            NEED_ARG();
            log_file = arg;
        } else if (!strcmp(opt, "strace")) {
            user_opts.strace = true;
        } else if (!strcmp(opt, "native-exec")) {
            user_opts.native_exec = true;
        } else if (!strcmp(opt, "perfmap")) {
            perfmap = true;
        } else if (!strcmp(opt, "singlestep") ||
                   !strcmp(opt, "one-insn-per-tb")) {
            singlestep = true;
        } else if (!strcmp(opt, "B")) {
            uint64_t v;
            NEED_ARG();
            if (!parse_size(arg, &v) || (v & (TARGET_PAGE_SIZE - 1))) {
                fail("invalid guest base address '%s' (must be a "
                     "page-aligned number)", arg);
            }
            guest_base = v;
            have_guest_base = true;
        } else if (!strcmp(opt, "R")) {
            NEED_ARG();
            parse_reserved_va(arg);
        } else if (!strcmp(opt, "s")) {
            uint64_t v;
            NEED_ARG();
            if (!parse_size(arg, &v)) {
                fail("invalid stack size '%s'", arg);
            }
        } else if (!strcmp(opt, "p")) {
            NEED_ARG();
            if (strcmp(arg, "4096")) {
                fail("page size must be 4096 for x86_64");
            }
        } else if (!strcmp(opt, "seed")) {
            NEED_ARG();
        } else if (!strcmp(opt, "g")) {
            NEED_ARG();
            fail("the gdb stub (-g) is not supported");
        } else {
            fail("unknown option '-%s' (try -h)", opt);
        }
#undef NEED_ARG
    }
    if (i >= argc) {
        usage(stderr);
        exit(EXIT_FAILURE);
    }
    return i;
}

static char **build_envp(void)
{
    GPtrArray *env = g_ptr_array_new();
    extern char **environ;

    for (char **e = environ; *e; e++) {
        g_ptr_array_add(env, g_strdup(*e));
    }
    /* variables meant for the guest only (see do_execve) win */
    for (char **e = environ; *e; e++) {
        const char *kv = *e + strlen(GUEST_ENV_PREFIX);
        const char *eq = strchr(kv, '=');

        if (strncmp(*e, GUEST_ENV_PREFIX, strlen(GUEST_ENV_PREFIX)) || !eq) {
            continue;
        }
        for (guint j = 0; j < env->len; j++) {
            const char *x = env->pdata[j];
            if (!strcmp(x, *e) ||
                (!strncmp(x, kv, eq - kv + 1))) {
                g_free(g_ptr_array_steal_index(env, j));
                j--;
            }
        }
        g_ptr_array_add(env, g_strdup(kv));
    }
    for (guint i = 0; i < env_set->len; i++) {
        const char *kv = env_set->pdata[i];
        const char *eq = strchr(kv, '=');
        size_t klen = eq ? (size_t)(eq - kv) : strlen(kv);
        for (guint j = 0; j < env->len; j++) {
            const char *x = env->pdata[j];
            if (!strncmp(x, kv, klen) && x[klen] == '=') {
                g_free(g_ptr_array_steal_index(env, j));
                break;
            }
        }
        g_ptr_array_add(env, g_strdup(kv));
    }
    for (guint i = 0; i < env_unset->len; i++) {
        const char *k = env_unset->pdata[i];
        size_t klen = strlen(k);
        for (guint j = 0; j < env->len; j++) {
            const char *x = env->pdata[j];
            if (!strncmp(x, k, klen) && x[klen] == '=') {
                g_free(g_ptr_array_steal_index(env, j));
                break;
            }
        }
    }
    g_ptr_array_add(env, NULL);
    return (char **)g_ptr_array_free(env, false);
}

int main(int argc, char **argv)
{
    g_autoptr(GError) gerr = NULL;
    Error *err = NULL;
    ImageInfo info = { 0 };
    X86CPU *cpu;
    CPUX86State *env;
    char **envp, **gargv;
    int optind, gargc;
    g_autofree char *exec_path = NULL;
    uint32_t a, b, c, d;

    (void)gerr;
    env_set = g_ptr_array_new_with_free_func(g_free);
    env_unset = g_ptr_array_new_with_free_func(g_free);
    optind = parse_args(argc, argv);

    if (log_mask || user_opts.strace) {
        int mask = 0;
        if (log_mask && !strcmp(log_mask, "help")) {
            qemu_print_log_usage(stdout);
            exit(EXIT_SUCCESS);
        }
        if (log_mask && !qemu_parse_log_mask(log_mask, &mask, &err)) {
            exit_with_error(err);
        }
        /* -strace is -d strace: the syscall trace goes to the log */
        if (user_opts.strace) {
            mask |= LOG_STRACE;
        }
        user_opts.strace = mask & LOG_STRACE;
        if (log_file && !qemu_set_log_filename(log_file, &err)) {
            exit_with_error(err);
        }
        if (!qemu_set_log(mask, &err)) {
            exit_with_error(err);
        }
    }

    if (perfmap && !perfmap_enable(&err)) {
        exit_with_error(err);
    }
    user_opts.cpu_model = cpu_model;
    cpu = x86_cpu_new(cpu_model, &err);
    if (!cpu) {
        exit_with_error(err);
    }
    env = &cpu->env;
    cpu->parent.singlestep_enabled = singlestep;

    exec_path = realpath(argv[optind], NULL);
    if (!exec_path) {
        fail("Could not open '%s': %s", argv[optind], strerror(errno));
    }
    user_opts.exec_path = exec_path;
    info.exec_path = exec_path;
    cpu_x86_cpuid(env, 1, 0, &a, &b, &c, &d);
    info.hwcap = d;

    init_paths(user_opts.interp_prefix ? user_opts.interp_prefix
                                       : "/etc/qemu-binfmt/x86_64");
    mmap_init();
    if (user_opts.reserved_va &&
        !mmap_reserve_va(user_opts.reserved_va, have_guest_base, &err)) {
        exit_with_error(err);
    }
    mmap_enable_smc_tracking();
    if (!tcg_exec_init(0, &err)) {
        exit_with_error(err);
    }
    /* every unmap, remap, mprotect or write of code invalidates its TBs */
    tb_chain_across_pages = true;
    /*
     * The code buffer's memfd is mapped twice and not needed any more:
     * closed, so the guest's first open() gets fd 3 as it does natively.
     */
    if (tcg_region.fd >= 0) {
        close(tcg_region.fd);
        tcg_region.fd = -1;
    }
    tcg_exec_set_user_mode(guest_base);
    x86_translate_init();
    cpu_exec_realizefn(&cpu->parent);

    envp = build_envp();
    gargc = argc - optind;
    gargv = g_new0(char *, gargc + 1);
    for (int i = 0; i < gargc; i++) {
        gargv[i] = argv[optind + i];
    }
    if (argv0_override) {
        gargv[0] = argv0_override;
    }
    if (!loader_exec(exec_path, gargv, envp, &info, &err)) {
        g_strfreev(envp);
        g_free(gargv);
        exit_with_error(err);
    }
    target_set_brk(info.start_brk);
    syscall_init(&info);
    signal_init();

    x86_mxcsr_to_host(env);
    env->regs[R_ESP] = info.sp;
    env->eip = info.interp_entry;
    /* the ABI: rdx = 0 (no atexit function from a dynamic loader) */
    env->regs[R_EDX] = 0;
    cpu_exclusive_thread_attach(cpu_exclusive_thread_new(&cpu->parent));
    cpu_loop(env);
    return 0;
}

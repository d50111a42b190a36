/*
 * The -d/-D debug log.  One recursive lock guards the destination, so a
 * thread holding the log (qemu_log_trylock) writes a multi-line dump
 * without other threads' lines in between, and the file cannot be closed
 * or replaced under it.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"

int qemu_loglevel;

static GRecMutex log_lock;
static FILE *log_file;          /* NULL: logging off; may be stderr */
static char *log_filename;      /* expanded -D name; NULL: stderr */
static bool log_opened_before;  /* reopen in append mode, never truncate twice */

const QEMULogItem qemu_log_items[] = {
    { CPU_LOG_TB_OUT_ASM, "out_asm",
      "print the host machine code generated for each translation block" },
    { CPU_LOG_TB_IN_ASM, "in_asm",
      "print the guest instructions of each translated block" },
    { CPU_LOG_TB_OP, "op",
      "print the TCG intermediate ops of each translated block" },
    { CPU_LOG_TB_OP_OPT, "op_opt",
      "print the TCG ops again after the optimizer ran" },
    { CPU_LOG_TB_OP_IND, "op_ind",
      "print the TCG ops before indirect register lowering" },
    { CPU_LOG_INT, "int",
      "print a short line for every interrupt and exception" },
    { CPU_LOG_EXEC, "exec",
      "print a line each time a translated block starts to run (very verbose)" },
    { CPU_LOG_TB_CPU, "cpu",
      "print the CPU registers before each translated block runs "
      "(very verbose)" },
    { CPU_LOG_TB_FPU, "fpu",
      "also print the FPU registers in the 'cpu' output" },
    { CPU_LOG_MMU, "mmu",
      "log what the MMU emulation does (page walks, faults)" },
    { CPU_LOG_PCALL, "pcall",
      "x86 only: log protected mode far calls, returns and exceptions" },
    { CPU_LOG_RESET, "cpu_reset",
      "print the CPU state each time a CPU is reset" },
    { LOG_UNIMP, "unimp",
      "log guest use of features that are not implemented" },
    { LOG_GUEST_ERROR, "guest_errors",
      "log invalid things the guest does (such as touching a register\n"
      "                that does not exist)" },
    { CPU_LOG_PAGE, "page",
      "print the guest memory map when user mode emulation starts" },
    { CPU_LOG_TB_NOCHAIN, "nochain",
      "do not chain translated blocks, so 'exec' and 'cpu' show every\n"
      "                block that runs" },
    { CPU_LOG_PLUGIN, "plugin",
      "output of TCG plugins" },
    { LOG_STRACE, "strace",
      "user mode: log every system call with its arguments and result" },
    { 0, NULL, NULL },
};

/* Mask bit of one item name, or 0 if unknown. */
static int log_item_mask(const char *name, size_t len)
{
    const QEMULogItem *item;

    if (len == 3 && !strncmp(name, "all", 3)) {
        int all = 0;

        for (item = qemu_log_items; item->mask; item++) {
            all |= item->mask;
        }
        return all;
    }
    if (len > 6 && !strncmp(name, "trace:", 6)) {
        /* Trace event patterns are handled by the trace code. */
        return LOG_TRACE;
    }
    for (item = qemu_log_items; item->mask; item++) {
        if (strlen(item->name) == len && !strncmp(item->name, name, len)) {
            return item->mask;
        }
    }
    return 0;
}

bool qemu_parse_log_mask(const char *str, int *mask, Error **errp)
{
    const char *p = str;
    int result = 0;

    *mask = 0;
    if (!str || !*str) {
        error_setg(errp, "No log items given (use '-d help' for a list)");
        return false;
    }
    for (;;) {
        size_t len = strcspn(p, ",");
        int bit = log_item_mask(p, len);

        if (!bit) {
            error_setg(errp, "Unknown log item '%.*s' (use '-d help' for a "
                       "list)", (int)len, p);
            return false;
        }
        result |= bit;
        if (!p[len]) {
            break;
        }
        p += len + 1;
    }
    *mask = result;
    return true;
}

int qemu_str_to_log_mask(const char *str)
{
    int mask;

    return qemu_parse_log_mask(str, &mask, NULL) ? mask : 0;
}

void qemu_print_log_usage(FILE *f)
{
    const QEMULogItem *item;

    fprintf(f, "Log items (comma separated):\n");
    for (item = qemu_log_items; item->mask; item++) {
        fprintf(f, "%-15s %s\n", item->name, item->help);
    }
    fprintf(f, "%-15s %s\n", "trace:PATTERN", "enable trace events");
    fprintf(f, "\nUse \"-d trace:help\" to get a list of trace events.\n\n");
}

/*
 * Validate a -D template and expand its "%d" to our pid.  Only one
 * conversion, and only %d, so the name can never be a format exploit.
 */
static char *expand_log_filename(const char *filename, Error **errp)
{
    const char *pct = strchr(filename, '%');

    if (!pct) {
        return g_strdup(filename);
    }
    if (pct[1] != 'd' || strchr(pct + 2, '%')) {
        error_setg(errp, "Bad logfile template: %s", filename);
        return NULL;
    }
    return g_strdup_printf("%.*s%d%s", (int)(pct - filename), filename,
                           (int)getpid(), pct + 2);
}

/* Close the current destination.  Called with log_lock held. */
static void log_close_locked(void)
{
    FILE *f = log_file;

    /* Readers without the lock (qemu_log_enabled) see NULL or a live file. */
    __atomic_store_n(&log_file, NULL, __ATOMIC_RELEASE);
    if (f && f != stderr) {
        fclose(f);
    }
}

/* Make the destination match @flags.  Called with log_lock held. */
static bool log_apply_locked(int flags, Error **errp)
{
    FILE *f;

    if (!flags) {
        log_close_locked();
        return true;
    }
    if (log_file) {
        return true;
    }
    if (!log_filename) {
        __atomic_store_n(&log_file, stderr, __ATOMIC_RELEASE);
        return true;
    }
    f = fopen(log_filename, log_opened_before ? "a" : "w");
    if (!f) {
        error_setg_errno(errp, errno, "Error opening logfile %s",
                         log_filename);
        return false;
    }
    log_opened_before = true;
    /* Lines should reach the file even if we crash later. */
    setvbuf(f, NULL, _IOLBF, 0);
    __atomic_store_n(&log_file, f, __ATOMIC_RELEASE);
    return true;
}

static bool log_configure(bool set_name, const char *filename, int flags,
                          Error **errp)
{
    bool ok = true;

    g_rec_mutex_lock(&log_lock);
    if (set_name) {
        char *expanded = NULL;

        if (filename) {
            expanded = expand_log_filename(filename, errp);
            if (!expanded) {
                g_rec_mutex_unlock(&log_lock);
                return false;
            }
        }
        if (g_strcmp0(expanded, log_filename)) {
            log_close_locked();
            g_free(log_filename);
            log_filename = expanded;
            log_opened_before = false;
        } else {
            g_free(expanded);
        }
    }
    ok = log_apply_locked(flags, errp);
    if (ok) {
        __atomic_store_n(&qemu_loglevel, flags, __ATOMIC_RELAXED);
    }
    g_rec_mutex_unlock(&log_lock);
    return ok;
}

bool qemu_set_log(int log_flags, Error **errp)
{
    return log_configure(false, NULL, log_flags, errp);
}

bool qemu_set_log_filename(const char *filename, Error **errp)
{
    return log_configure(true, filename,
                         __atomic_load_n(&qemu_loglevel, __ATOMIC_RELAXED),
                         errp);
}

bool qemu_set_log_filename_flags(const char *filename, int log_flags,
                                 Error **errp)
{
    return log_configure(true, filename, log_flags, errp);
}

const char *qemu_log_get_filename(void)
{
    return log_filename;
}

bool qemu_log_enabled(void)
{
    return __atomic_load_n(&log_file, __ATOMIC_RELAXED) != NULL;
}

bool qemu_log_separate(void)
{
    FILE *f = __atomic_load_n(&log_file, __ATOMIC_RELAXED);

    return f && f != stderr;
}

FILE *qemu_log_trylock(void)
{
    g_rec_mutex_lock(&log_lock);
    if (!log_file) {
        g_rec_mutex_unlock(&log_lock);
        return NULL;
    }
    return log_file;
}

void qemu_log_unlock(FILE *f)
{
    if (f) {
        fflush(f);
        g_rec_mutex_unlock(&log_lock);
    }
}

void qemu_log(const char *fmt, ...)
{
    FILE *f = qemu_log_trylock();
    va_list ap;

    if (!f) {
        return;
    }
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    qemu_log_unlock(f);
}

void qemu_log_close(void)
{
    g_rec_mutex_lock(&log_lock);
    log_close_locked();
    __atomic_store_n(&qemu_loglevel, 0, __ATOMIC_RELAXED);
    g_rec_mutex_unlock(&log_lock);
}

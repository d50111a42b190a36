/*
 * The debug log behind -d (what to log) and -D (where to log it).
 *
 * Messages go to the file set with qemu_set_log_filename(), or to stderr
 * when none is set, but only while some mask bit is enabled (as QEMU does:
 * with an empty mask no log file is opened at all).
 *
 * A multi-line dump that must not be interleaved with other threads takes
 * the log:
 *
 *     FILE *f = qemu_log_trylock();
 *     if (f) {
 *         fprintf(f, ...);
 *         qemu_log_unlock(f);
 *     }
 *
 * qemu_log() and qemu_log_mask() may be called while the lock is held (it
 * is recursive).
 */
#ifndef QEMU_LOG_H
#define QEMU_LOG_H

#include "qemu/error.h"

#define CPU_LOG_TB_OUT_ASM  (1 << 0)
#define CPU_LOG_TB_IN_ASM   (1 << 1)
#define CPU_LOG_TB_OP       (1 << 2)
#define CPU_LOG_TB_OP_OPT   (1 << 3)
#define CPU_LOG_INT         (1 << 4)
#define CPU_LOG_EXEC        (1 << 5)
#define CPU_LOG_PCALL       (1 << 6)
#define CPU_LOG_TB_CPU      (1 << 8)
#define CPU_LOG_RESET       (1 << 9)
#define LOG_UNIMP           (1 << 10)
#define LOG_GUEST_ERROR     (1 << 11)
#define CPU_LOG_MMU         (1 << 12)
#define CPU_LOG_TB_NOCHAIN  (1 << 13)
#define CPU_LOG_PAGE        (1 << 14)
#define LOG_TRACE           (1 << 15)
#define CPU_LOG_TB_OP_IND   (1 << 16)
#define CPU_LOG_TB_FPU      (1 << 17)
#define CPU_LOG_PLUGIN      (1 << 18)
#define LOG_STRACE          (1 << 19)

/* One -d item: its mask bit, its name and a one-line description. */
typedef struct QEMULogItem {
    int mask;
    const char *name;
    const char *help;
} QEMULogItem;

/* All -d items, terminated by an entry with mask 0. */
extern const QEMULogItem qemu_log_items[];

/* The enabled mask.  Read it with qemu_loglevel_mask(). */
extern int qemu_loglevel;

/* True if any bit of @mask is enabled. */
static inline bool qemu_loglevel_mask(int mask)
{
    return (__atomic_load_n(&qemu_loglevel, __ATOMIC_RELAXED) & mask) != 0;
}

/*
 * Parse a -d argument (check is_help_option() from qemu/cutils.h first,
 * "-d help" prints qemu_print_log_usage()): comma-separated item names, "all" for every item,
 * "trace:PATTERN" items are accepted (and enable LOG_TRACE).  Returns the
 * mask, or 0 if any item is unknown (the caller then prints the usage).
 */
int qemu_str_to_log_mask(const char *str);
/*
 * As qemu_str_to_log_mask() but with an error naming the bad item:
 * "Unknown log item 'foo' (use '-d help' for a list)".
 */
bool qemu_parse_log_mask(const char *str, int *mask, Error **errp);
/* Print the "-d help" text: every item with its description. */
void qemu_print_log_usage(FILE *f);

/*
 * Enable exactly @log_flags.  Opens the log file (or picks stderr) when the
 * mask becomes non-zero, closes it when it becomes zero.  Fails if the file
 * cannot be opened: "Error opening logfile <name>: <strerror>".
 */
bool qemu_set_log(int log_flags, Error **errp);
/*
 * Set the -D file name; a single "%d" is replaced by the process id.  Any
 * other '%' sequence: "Bad logfile template: <name>".  NULL means stderr.
 * If logging is enabled the new file is opened at once.
 */
bool qemu_set_log_filename(const char *filename, Error **errp);
/* Both at once, as -d and -D together. */
bool qemu_set_log_filename_flags(const char *filename, int log_flags,
                                 Error **errp);
/*
 * The file name in use after %d expansion, or NULL for stderr.  Valid
 * until the next qemu_set_log_filename*() call.
 */
const char *qemu_log_get_filename(void);

/* Is a log destination open (some mask bit enabled)? */
bool qemu_log_enabled(void);
/* Is the log somewhere other than stderr? */
bool qemu_log_separate(void);

/*
 * Take the log for a multi-line message.  Returns the stream to write to,
 * or NULL (without taking anything) when logging is off.
 */
FILE *qemu_log_trylock(void);
/* Flush and release what qemu_log_trylock() returned; NULL is a no-op. */
void qemu_log_unlock(FILE *f);

/* Write to the log, if one is open.  Each call is written atomically. */
void qemu_log(const char *fmt, ...) QEMU_PRINTF(1, 2);

/* qemu_log() if any bit of @mask is enabled. */
#define qemu_log_mask(MASK, FMT, ...)                   \
    do {                                                \
        if (unlikely(qemu_loglevel_mask(MASK))) {       \
            qemu_log(FMT, ## __VA_ARGS__);              \
        }                                               \
    } while (0)

/* Close the log file and disable all logging. */
void qemu_log_close(void);

#endif

/*
 * Exclusive sections: one thread works while every other vCPU thread is
 * stopped at a safe point (QEMU's start_exclusive/end_exclusive).
 *
 * A vCPU thread is "busy" from its registration on: it may then hold host
 * locks (the TB lock, GLib's or libc's, the sanitizer allocator's) because
 * it runs generated code, translates, or works in the syscall layer.  It
 * is "idle" only where it provably holds none:
 *   - between cpu_exec_end() and cpu_exec_start(), used around host
 *     syscalls that may block (safe_syscall) and around waits for other
 *     threads;
 *   - parked in cpu_exclusive_checkpoint() while a section runs.
 * start_exclusive() asks every busy thread to stop (cpu_exit() kicks it
 * out of generated code), waits until each is idle, and returns with all
 * of them kept idle until end_exclusive(): a thread leaving a blocking
 * syscall waits in cpu_exec_start().  This is what a fork() of a
 * multi-threaded process needs: the child inherits no lock held by a
 * thread that does not exist in it.
 *
 * Not async-signal-safe; none of it may be called with a lock held that
 * a busy thread could need to reach its next safe point.
 */
#ifndef EXEC_CPUS_EXCLUSIVE_H
#define EXEC_CPUS_EXCLUSIVE_H

#include "exec/cpu-exec.h"

typedef struct ExclusiveThread ExclusiveThread;

/*
 * A record for a new vCPU thread, registered busy (so a section started
 * before the thread reaches its first safe point waits for it).  Called
 * by the creating thread (or the main thread for itself), which must be
 * registered or the only thread; it waits while a section runs.
 */
ExclusiveThread *cpu_exclusive_thread_new(CPUState *cpu);
/* the new thread, first thing: @t is the calling thread's record */
void cpu_exclusive_thread_attach(ExclusiveThread *t);
/* the creator, when the thread could not be started after all */
void cpu_exclusive_thread_discard(ExclusiveThread *t);
/*
 * The calling thread's vCPU is going away (before it is freed): a
 * section no longer kicks it.
 */
void cpu_exclusive_thread_forget_cpu(void);
/* the calling thread ends: its record goes (last thing it does) */
void cpu_exclusive_thread_remove(void);

/* the calling thread becomes busy (may wait for a running section) */
void cpu_exec_start(void);
/* the calling thread becomes idle (holds no lock from here) */
void cpu_exec_end(void);

/* nonzero while a section is wanted or running */
extern int cpu_exclusive_pending;

/* a busy thread at a safe point: stop here if a section wants it to */
static inline void cpu_exclusive_checkpoint(void)
{
    if (__builtin_expect(__atomic_load_n(&cpu_exclusive_pending,
                                         __ATOMIC_RELAXED), 0)) {
        cpu_exec_end();
        cpu_exec_start();
    }
}

/* stop every other registered thread at a safe point; end_exclusive() */
void start_exclusive(void);
void end_exclusive(void);

/*
 * In the child of a fork made inside a section: the caller is the only
 * thread, busy, and no section runs.
 */
void cpu_exclusive_fork_child(void);

#endif

/*
 * Exclusive sections (see include/exec/cpus-exclusive.h).
 *
 * The handshake between a thread changing its busy flag and
 * start_exclusive() reading it is Dekker's: each side stores its own flag
 * (busy, or cpu_exclusive_pending), then reads the other's, with a full
 * barrier between (sequentially consistent atomics).  So either the
 * section sees the thread busy and counts it, or the thread sees the
 * section and takes the slow path under excl_lock, where counting and
 * waiting are serialized.
 */
#include "qemu/osdep.h"
#include "exec/cpus-exclusive.h"

struct ExclusiveThread {
    CPUState *cpu;
    int busy;                   /* atomic: may hold host locks */
    bool counted;               /* start_exclusive waits for it */
    ExclusiveThread *next;
    /*
     * Each thread writes its busy flag twice per syscall: records are
     * allocated next to each other, and must not share a cache line.
     */
    char pad[128];
};

int cpu_exclusive_pending;

static GMutex excl_lock;
static GCond excl_resume;       /* a section ended */
static GCond excl_stopped;      /* a counted thread became idle */
static ExclusiveThread *threads;        /* under excl_lock */
static int stop_wanted;                 /* counted threads not yet idle */
static ExclusiveThread *owner;          /* the thread in the section */
static __thread ExclusiveThread *self;

/* under excl_lock: @t is idle now; the section stops waiting for it */
static void thread_now_idle(ExclusiveThread *t)
{
    __atomic_store_n(&t->busy, 0, __ATOMIC_SEQ_CST);
    if (t->counted) {
        t->counted = false;
        if (--stop_wanted == 0) {
            g_cond_signal(&excl_stopped);
        }
    }
}

/* under excl_lock: the caller (if registered) waits idle for no section */
static void wait_no_section(void)
{
    while (__atomic_load_n(&cpu_exclusive_pending, __ATOMIC_SEQ_CST)) {
        if (self) {
            thread_now_idle(self);
        }
        g_cond_wait(&excl_resume, &excl_lock);
    }
}

ExclusiveThread *cpu_exclusive_thread_new(CPUState *cpu)
{
    ExclusiveThread *t = g_new0(ExclusiveThread, 1);

    t->cpu = cpu;
    t->busy = 1;
    g_mutex_lock(&excl_lock);
    wait_no_section();
    if (self) {
        __atomic_store_n(&self->busy, 1, __ATOMIC_SEQ_CST);
    }
    t->next = threads;
    threads = t;
    g_mutex_unlock(&excl_lock);
    return t;
}

void cpu_exclusive_thread_attach(ExclusiveThread *t)
{
    self = t;
}

/* unlink @t and drop its count; under excl_lock */
static void thread_unlink(ExclusiveThread *t)
{
    thread_now_idle(t);
    for (ExclusiveThread **p = &threads; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
}

void cpu_exclusive_thread_discard(ExclusiveThread *t)
{
    g_mutex_lock(&excl_lock);
    thread_unlink(t);
    g_mutex_unlock(&excl_lock);
    g_free(t);
}

void cpu_exclusive_thread_forget_cpu(void)
{
    if (self) {
        g_mutex_lock(&excl_lock);
        self->cpu = NULL;
        g_mutex_unlock(&excl_lock);
    }
}

void cpu_exclusive_thread_remove(void)
{
    ExclusiveThread *t = self;

    if (!t) {
        return;
    }
    self = NULL;
    cpu_exclusive_thread_discard(t);
}

void cpu_exec_end(void)
{
    ExclusiveThread *t = self;

    if (!t || t == __atomic_load_n(&owner, __ATOMIC_RELAXED)) {
        return;
    }
    __atomic_store_n(&t->busy, 0, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&cpu_exclusive_pending, __ATOMIC_SEQ_CST)) {
        g_mutex_lock(&excl_lock);
        thread_now_idle(t);
        g_mutex_unlock(&excl_lock);
    }
}

void cpu_exec_start(void)
{
    ExclusiveThread *t = self;

    if (!t || t == __atomic_load_n(&owner, __ATOMIC_RELAXED)) {
        return;
    }
    __atomic_store_n(&t->busy, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&cpu_exclusive_pending, __ATOMIC_SEQ_CST)) {
        g_mutex_lock(&excl_lock);
        wait_no_section();
        __atomic_store_n(&t->busy, 1, __ATOMIC_SEQ_CST);
        g_mutex_unlock(&excl_lock);
    }
}

void start_exclusive(void)
{
    g_mutex_lock(&excl_lock);
    /* another section first; we are idle meanwhile (it may wait for us) */
    wait_no_section();
    if (self) {
        thread_now_idle(self);
    }
    __atomic_store_n(&cpu_exclusive_pending, 1, __ATOMIC_SEQ_CST);
    for (ExclusiveThread *t = threads; t; t = t->next) {
        if (t != self && __atomic_load_n(&t->busy, __ATOMIC_SEQ_CST)) {
            t->counted = true;
            stop_wanted++;
            if (t->cpu) {
                cpu_exit(t->cpu);   /* out of generated code */
            }
        }
    }
    while (stop_wanted > 0) {
        g_cond_wait(&excl_stopped, &excl_lock);
    }
    __atomic_store_n(&owner, self, __ATOMIC_RELAXED);
    g_mutex_unlock(&excl_lock);
}

void end_exclusive(void)
{
    g_mutex_lock(&excl_lock);
    __atomic_store_n(&owner, NULL, __ATOMIC_RELAXED);
    if (self) {
        __atomic_store_n(&self->busy, 1, __ATOMIC_SEQ_CST);
    }
    __atomic_store_n(&cpu_exclusive_pending, 0, __ATOMIC_SEQ_CST);
    g_cond_broadcast(&excl_resume);
    g_mutex_unlock(&excl_lock);
}

void cpu_exclusive_fork_child(void)
{
    ExclusiveThread *t = threads;

    /* the other threads' records: their threads are not in this process */
    while (t) {
        ExclusiveThread *next = t->next;
        if (t != self) {
            g_free(t);
        }
        t = next;
    }
    threads = self;
    if (self) {
        self->next = NULL;
        self->counted = false;
        self->busy = 1;
    }
    stop_wanted = 0;
    __atomic_store_n(&owner, NULL, __ATOMIC_RELAXED);
    /* the lock is free (start_exclusive released it); no one waits */
    g_mutex_init(&excl_lock);
    g_cond_init(&excl_resume);
    g_cond_init(&excl_stopped);
    __atomic_store_n(&cpu_exclusive_pending, 0, __ATOMIC_SEQ_CST);
}

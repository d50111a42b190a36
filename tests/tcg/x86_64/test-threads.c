/*
 * Guest threads: mutexes, condition variables, barriers, atomics
 * (__atomic builtins and LOCK-prefixed instructions), thread-local
 * storage, pthread_join values, clone3 and the raw thread syscalls.
 * Every result is exact, so the output does not depend on scheduling.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <signal.h>
#include <linux/futex.h>

#define MAXT 8

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static long mutex_counter;

static void *mutex_worker(void *arg)
{
    long n = (long)arg;

    for (long i = 0; i < n; i++) {
        pthread_mutex_lock(&mutex);
        mutex_counter++;
        pthread_mutex_unlock(&mutex);
    }
    return (void *)(n * 3);
}

static void test_mutex(int nthreads, long per)
{
    pthread_t t[MAXT];
    long sum = 0;

    mutex_counter = 0;
    for (int i = 0; i < nthreads; i++) {
        pthread_create(&t[i], NULL, mutex_worker, (void *)(per + i));
    }
    for (int i = 0; i < nthreads; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        sum += (long)ret;
    }
    printf("mutex %d threads: counter %ld joined %ld\n", nthreads,
           mutex_counter, sum);
}

/* a bounded queue: producers and consumers on two condition variables */
#define QSIZE 8
static struct {
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    long items[QSIZE];
    int head, count, producers_left;
} q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
        PTHREAD_COND_INITIALIZER };

static void *producer(void *arg)
{
    long base = (long)arg;

    for (long i = 1; i <= 500; i++) {
        pthread_mutex_lock(&q.lock);
        while (q.count == QSIZE) {
            pthread_cond_wait(&q.not_full, &q.lock);
        }
        q.items[(q.head + q.count) % QSIZE] = base + i;
        q.count++;
        pthread_cond_signal(&q.not_empty);
        pthread_mutex_unlock(&q.lock);
    }
    pthread_mutex_lock(&q.lock);
    q.producers_left--;
    pthread_cond_broadcast(&q.not_empty);
    pthread_mutex_unlock(&q.lock);
    return NULL;
}

static void *consumer(void *arg)
{
    long sum = 0, n = 0;

    for (;;) {
        pthread_mutex_lock(&q.lock);
        while (q.count == 0 && q.producers_left > 0) {
            pthread_cond_wait(&q.not_empty, &q.lock);
        }
        if (q.count == 0) {
            pthread_mutex_unlock(&q.lock);
            break;
        }
        sum += q.items[q.head];
        q.head = (q.head + 1) % QSIZE;
        q.count--;
        n++;
        pthread_cond_signal(&q.not_full);
        pthread_mutex_unlock(&q.lock);
    }
    *(long *)arg = sum;
    return (void *)n;
}

static void test_condvar(void)
{
    pthread_t p[3], c[2];
    long sums[2], total = 0, items = 0;

    q.producers_left = 3;
    for (int i = 0; i < 2; i++) {
        pthread_create(&c[i], NULL, consumer, &sums[i]);
    }
    for (int i = 0; i < 3; i++) {
        pthread_create(&p[i], NULL, producer, (void *)(long)(i * 100000));
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(p[i], NULL);
    }
    for (int i = 0; i < 2; i++) {
        void *n;
        pthread_join(c[i], &n);
        items += (long)n;
        total += sums[i];
    }
    printf("condvar: %ld items, sum %ld\n", items, total);
}

/* atomics: the counters must reach the exact total */
static long atomic_counter;
static uint32_t lock_inc32;
static uint64_t lock_xadd64, lock_cas64, lock_add8_wraps;
static uint16_t lock_xadd16;
static uint8_t lock_add8;
static unsigned __int128 cas128 __attribute__((aligned(16)));
static uint64_t lock_or_bits;
static int spin;

static void spin_lock(void)
{
    while (__atomic_exchange_n(&spin, 1, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&spin, __ATOMIC_RELAXED)) {
            __builtin_ia32_pause();
        }
    }
}

static void spin_unlock(void)
{
    __atomic_store_n(&spin, 0, __ATOMIC_RELEASE);
}

static long spin_counter;
static pthread_barrier_t barrier;

static void *atomic_worker(void *arg)
{
    long id = (long)arg;

    pthread_barrier_wait(&barrier);
    for (int i = 0; i < 3000; i++) {
        uint64_t old, one = 1;
        uint16_t two = 2;
        uint8_t b = 1;

        __atomic_fetch_add(&atomic_counter, 1, __ATOMIC_SEQ_CST);
        asm volatile("lock incl %0" : "+m"(lock_inc32));
        asm volatile("lock xaddq %0, %1" : "+r"(one), "+m"(lock_xadd64));
        asm volatile("lock xaddw %0, %1" : "+r"(two), "+m"(lock_xadd16));
        asm volatile("lock addb %1, %0" : "+m"(lock_add8) : "q"(b));
        /* a CMPXCHG loop, as hand-written lock-free code does */
        old = __atomic_load_n(&lock_cas64, __ATOMIC_RELAXED);
        for (;;) {
            uint64_t want = old + 3;
            uint8_t ok;
            asm volatile("lock cmpxchgq %3, %1; sete %0"
                         : "=q"(ok), "+m"(lock_cas64), "+a"(old)
                         : "r"(want) : "cc");
            if (ok) {
                break;
            }
        }
        /* a 128-bit counter through CMPXCHG16B */
        for (;;) {
            unsigned __int128 o = cas128, n = o + ((unsigned __int128)1 << 64)
                                               + 1;
            uint64_t lo = (uint64_t)o, hi = (uint64_t)(o >> 64);
            uint8_t ok;
            asm volatile("lock cmpxchg16b %1; sete %0"
                         : "=q"(ok), "+m"(cas128), "+a"(lo), "+d"(hi)
                         : "b"((uint64_t)n), "c"((uint64_t)(n >> 64))
                         : "cc");
            if (ok) {
                break;
            }
        }
        asm volatile("lock orq %1, %0" : "+m"(lock_or_bits)
                     : "r"(1ull << (id * 8 + i % 8)));
        spin_lock();
        spin_counter++;
        spin_unlock();
    }
    (void)lock_add8_wraps;
    return NULL;
}

static void test_atomics(int nthreads)
{
    pthread_t t[MAXT];

    pthread_barrier_init(&barrier, NULL, nthreads);
    for (int i = 0; i < nthreads; i++) {
        pthread_create(&t[i], NULL, atomic_worker, (void *)(long)i);
    }
    for (int i = 0; i < nthreads; i++) {
        pthread_join(t[i], NULL);
    }
    pthread_barrier_destroy(&barrier);
    printf("atomics %d threads: fetch_add %ld lock_inc %u xadd64 %llu "
           "xadd16 %u add8 %u cmpxchg %llu cmpxchg16b %llu:%llu or %llx "
           "spinlock %ld\n", nthreads, atomic_counter, lock_inc32,
           (unsigned long long)lock_xadd64, lock_xadd16, lock_add8,
           (unsigned long long)lock_cas64,
           (unsigned long long)(cas128 >> 64), (unsigned long long)cas128,
           (unsigned long long)lock_or_bits, spin_counter);
}

/* thread-local storage: initialized copies, each thread its own */
static __thread long tls_value = 42;
static __thread char tls_name[16] = "initial";

static void *tls_worker(void *arg)
{
    long id = (long)arg;
    long start = tls_value;

    snprintf(tls_name, sizeof(tls_name), "thread-%ld", id);
    for (int i = 0; i < 1000; i++) {
        tls_value += id;
        sched_yield();
        if (i % 100 == 0) {
            sched_yield();
        }
    }
    if (strcmp(tls_name, "thread-") < 0) {
        return NULL;
    }
    return (void *)(start * 1000000 + tls_value + 1000 * (tls_name[7] - '0'));
}

static void test_tls(void)
{
    pthread_t t[4];

    tls_value = 7;
    for (long i = 0; i < 4; i++) {
        pthread_create(&t[i], NULL, tls_worker, (void *)(i + 1));
    }
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        printf("tls thread %d: %ld\n", i + 1, (long)r);
    }
    printf("tls main: %ld %s\n", tls_value, tls_name);
}

/* the thread syscalls themselves: tids, set_tid_address, futex wake */
static void *tid_worker(void *arg)
{
    pid_t *out = arg;

    out[0] = syscall(SYS_gettid);
    out[1] = getpid();
    return NULL;
}

static void test_tids(void)
{
    pid_t ids[2];
    pthread_t t;
    int r;

    pthread_create(&t, NULL, tid_worker, ids);
    pthread_join(t, NULL);
    printf("tids: thread tid differs from pid %d, same pid %d, "
           "main tid is pid %d\n", ids[0] != getpid(), ids[1] == getpid(),
           (pid_t)syscall(SYS_gettid) == getpid());
    /* tgkill with signal 0 checks that the thread exists */
    r = syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), 0);
    printf("tgkill self 0: %d\n", r);
}

/*
 * The clone syscall itself (glibc's pthread_create tries clone3 first):
 * a bare thread on its own stack, sharing the parent's TLS, that sets a
 * value and returns; CLONE_CHILD_CLEARTID + futex wake tell the parent.
 */
static volatile int raw_value;
static pid_t raw_tid;

static int raw_child(void *arg)
{
    raw_value = (int)(long)arg * 2;
    return 0;
}

static void test_raw_clone(void)
{
    static char stack[64 * 1024] __attribute__((aligned(16)));
    int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
                CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID |
                CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;
    /* one tid word for both, as glibc: set before clone returns */
    int tid = clone(raw_child, stack + sizeof(stack), flags, (void *)21L,
                    &raw_tid, NULL, &raw_tid);
    int seen, first = raw_tid;

    /* as pthread_join: sleep until the kernel clears the tid */
    while ((seen = __atomic_load_n(&raw_tid, __ATOMIC_ACQUIRE)) != 0) {
        syscall(SYS_futex, &raw_tid, FUTEX_WAIT, seen, NULL, NULL, 0);
    }
    printf("raw clone: tid>0 %d parent_tid==tid %d value %d\n", tid > 0,
           first == tid || first == 0, raw_value);
    /* bad flag combinations are refused, as by the kernel */
    errno = 0;
    tid = syscall(SYS_clone, CLONE_THREAD, NULL, NULL, NULL, 0);
    printf("clone CLONE_THREAD alone: %d %s\n", tid, strerror(errno));
}

/* clone3 as a fork, and the argument checks of the kernel */
static void test_clone3(void)
{
    struct clone_args_v0 {
        uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
                 stack_size, tls;
    } ca;
    static char big[8192];
    pid_t tid_word = 0;
    long r;
    int status;

    memset(&ca, 0, sizeof(ca));
    ca.exit_signal = SIGCHLD;
    ca.flags = CLONE_PARENT_SETTID;
    ca.parent_tid = (uintptr_t)&tid_word;
    fflush(stdout);
    r = syscall(SYS_clone3, &ca, sizeof(ca));
    if (r == 0) {
        _exit(3);
    }
    waitpid(r, &status, 0);
    printf("clone3 fork: parent_tid set %d, child status %d\n",
           tid_word == r, WEXITSTATUS(status));
    errno = 0;
    r = syscall(SYS_clone3, &ca, 8);
    printf("clone3 size 8: %ld %s\n", r, strerror(errno));
    errno = 0;
    r = syscall(SYS_clone3, big, sizeof(big));
    printf("clone3 size 8192: %ld %s\n", r, strerror(errno));
    memcpy(big, &ca, sizeof(ca));
    big[100] = 1;
    errno = 0;
    r = syscall(SYS_clone3, big, 128);
    printf("clone3 nonzero tail: %ld %s\n", r, strerror(errno));
}

static void *clone3_probe(void *arg)
{
    return (void *)(long)(syscall(SYS_gettid) != getpid());
}

static void test_many_threads(void)
{
    /* many short threads: every vCPU and host thread is freed again */
    long sum = 0;

    for (int round = 0; round < 50; round++) {
        pthread_t t[4];
        for (int i = 0; i < 4; i++) {
            pthread_create(&t[i], NULL, clone3_probe, NULL);
        }
        for (int i = 0; i < 4; i++) {
            void *r;
            pthread_join(t[i], &r);
            sum += (long)r;
        }
    }
    printf("200 short threads: %ld distinct tids\n", sum);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_mutex(2, 20000);
    test_mutex(8, 3000);
    test_condvar();
    test_atomics(2);
    test_atomics(8);
    test_tls();
    test_tids();
    test_many_threads();
    test_raw_clone();
    test_clone3();
    return 0;
}

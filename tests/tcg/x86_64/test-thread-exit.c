/*
 * How threads end and what fork does to them: exit vs exit_group from a
 * thread, the first thread leaving early, exit() with atexit handlers
 * from a thread, fork from a multi-threaded process (and from a thread),
 * and guest code rewritten by one thread while another runs it.
 * Each scenario runs in a child process; the parent prints its status.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static void run(const char *name, void (*fn)(void))
{
    pid_t pid;
    int status;

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        fn();
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) {
        printf("%s: exit %d\n", name, WEXITSTATUS(status));
    } else {
        printf("%s: signal %d\n", name, WTERMSIG(status));
    }
}

static pthread_barrier_t bar;

static void *blocker(void *arg)
{
    pthread_barrier_wait(&bar);
    for (;;) {
        pause();
    }
    return NULL;
}

/* exit_group from a thread ends every thread */
static void *group_exiter(void *arg)
{
    pthread_barrier_wait(&bar);
    printf("  thread calls exit_group(7)\n");
    fflush(stdout);
    syscall(SYS_exit_group, 7);
    return NULL;
}

static void scenario_exit_group(void)
{
    pthread_t t[3];

    pthread_barrier_init(&bar, NULL, 4);
    pthread_create(&t[0], NULL, blocker, NULL);
    pthread_create(&t[1], NULL, blocker, NULL);
    pthread_create(&t[2], NULL, group_exiter, NULL);
    pthread_barrier_wait(&bar);
    pthread_join(t[0], NULL);   /* never returns */
}

/* has the first thread ended (a zombie until the process ends)? */
static int first_thread_gone(void)
{
    char path[64], buf[512];
    FILE *f;
    char *p;

    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", getpid());
    f = fopen(path, "r");
    if (!f) {
        return 1;
    }
    p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
    fclose(f);
    return !p || p[2] == 'Z' || p[2] == 'X';
}

/* exit (the syscall) ends only the calling thread; the last one decides */
static void *late_exiter(void *arg)
{
    while (!first_thread_gone()) {
        usleep(1000);
    }
    printf("  worker still runs after the first thread exited\n");
    fflush(stdout);
    syscall(SYS_exit, 9);
    return NULL;
}

static void scenario_first_thread_exits(void)
{
    pthread_t t;

    pthread_create(&t, NULL, late_exiter, NULL);
    syscall(SYS_exit, 3);
}

static void *thread_exit_only(void *arg)
{
    syscall(SYS_exit, 55);
    return NULL;
}

static void scenario_thread_exit_only(void)
{
    pthread_t t;

    pthread_create(&t, NULL, thread_exit_only, NULL);
    pthread_join(t, NULL);
    printf("  main continues after the thread's exit(55)\n");
    exit(4);
}

/* glibc exit() from a thread: atexit handlers, then exit_group */
static void atexit_handler(void)
{
    printf("  atexit handler ran\n");
}

static void *libc_exiter(void *arg)
{
    exit(5);
}

static void scenario_libc_exit_in_thread(void)
{
    pthread_t t;

    atexit(atexit_handler);
    pthread_create(&t, NULL, libc_exiter, NULL);
    for (;;) {
        pause();
    }
}

/* pthread_exit in main: the process lives until the last thread */
static void *finisher(void *arg)
{
    usleep(20000);
    printf("  last thread finishes\n");
    return NULL;
}

static void scenario_main_pthread_exit(void)
{
    pthread_t t;

    pthread_create(&t, NULL, finisher, NULL);
    pthread_exit(NULL);
}

/* fork while other threads run: the child has one thread and works */
static volatile int stop;
static long spins[4];

static void *spinner(void *arg)
{
    long i = (long)arg;

    while (!stop) {
        __atomic_fetch_add(&spins[i], 1, __ATOMIC_RELAXED);
        /* new code now and then, so translation runs during the fork */
        if ((spins[i] & 1023) == 0) {
            sched_yield();
        }
    }
    return NULL;
}

static int count_tasks(void)
{
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    int n = 0;

    if (!d) {
        return -1;
    }
    while ((e = readdir(d))) {
        n += e->d_name[0] != '.';
    }
    closedir(d);
    return n;
}

static void *child_worker(void *arg)
{
    return (void *)((long)arg * 10);
}

static void fork_child_body(void)
{
    pthread_t t[2];
    long sum = 0;

    printf("  child: %d thread(s)\n", count_tasks());
    for (long i = 0; i < 2; i++) {
        pthread_create(&t[i], NULL, child_worker, (void *)(i + 1));
    }
    for (int i = 0; i < 2; i++) {
        void *r;
        pthread_join(t[i], &r);
        sum += (long)r;
    }
    printf("  child: threads joined, sum %ld\n", sum);
}

static void scenario_fork_threaded(void)
{
    pthread_t t[4];
    int ok = 0;

    for (long i = 0; i < 4; i++) {
        pthread_create(&t[i], NULL, spinner, (void *)i);
    }
    for (int round = 0; round < 5; round++) {
        pid_t pid;
        int status;

        fflush(stdout);
        pid = fork();
        if (pid == 0) {
            if (round == 0) {
                fork_child_body();
            }
            fflush(stdout);
            _exit(10 + round);
        }
        waitpid(pid, &status, 0);
        ok += WIFEXITED(status) && WEXITSTATUS(status) == 10 + round;
    }
    stop = 1;
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
    }
    printf("  5 forks from a 5-thread process: %d children ok, "
           "parent threads still counted: %d\n", ok,
           spins[0] > 0 && spins[1] > 0 && spins[2] > 0 && spins[3] > 0);
}

/* fork from a thread that is not the first one */
static void *forking_thread(void *arg)
{
    pid_t pid;
    int status;

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        printf("  child of a thread: %d thread(s)\n", count_tasks());
        fflush(stdout);
        _exit(21);
    }
    waitpid(pid, &status, 0);
    return (void *)(long)WEXITSTATUS(status);
}

static void scenario_fork_from_thread(void)
{
    pthread_t t;
    void *r;

    pthread_create(&t, NULL, forking_thread, NULL);
    pthread_join(t, &r);
    printf("  the thread's child exited with %ld\n", (long)r);
}

/* a robust mutex whose owner dies: the next locker gets EOWNERDEAD */
static pthread_mutex_t robust;

static void *die_holding(void *arg)
{
    pthread_mutex_lock(&robust);
    return NULL;            /* ends without unlocking */
}

static void scenario_robust_mutex(void)
{
    pthread_mutexattr_t attr;
    pthread_t t;
    int r;

    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&robust, &attr);
    pthread_create(&t, NULL, die_holding, NULL);
    pthread_join(t, NULL);
    r = pthread_mutex_lock(&robust);
    printf("  lock after the owner died: %s\n",
           r == EOWNERDEAD ? "EOWNERDEAD" : strerror(r));
    if (r == EOWNERDEAD) {
        pthread_mutex_consistent(&robust);
    }
    pthread_mutex_unlock(&robust);
    printf("  relock: %d\n", pthread_mutex_lock(&robust));
}

/*
 * Cross-modifying code: the main thread rewrites the immediate of
 * "mov $imm, %eax; ret" while a worker keeps calling it; the worker
 * acknowledges each new value once it sees it.
 */
static uint8_t *code;
static volatile int want, seen_ack;

static void *smc_runner(void *arg)
{
    int (*fn)(void) = (int (*)(void))code;

    for (;;) {
        int v = fn();
        if (v == want) {
            seen_ack = v;
            if (v == 50) {
                break;
            }
        }
    }
    return NULL;
}

static void scenario_cross_modifying_code(void)
{
    pthread_t t;

    code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    code[0] = 0xb8;             /* mov $0, %eax */
    memset(code + 1, 0, 4);
    code[5] = 0xc3;             /* ret */
    want = 0;
    pthread_create(&t, NULL, smc_runner, NULL);
    for (int v = 1; v <= 50; v++) {
        while (seen_ack != v - 1) {
            sched_yield();
        }
        __atomic_store_n((uint32_t *)(code + 1), v, __ATOMIC_SEQ_CST);
        want = v;
    }
    pthread_join(t, NULL);
    printf("  worker saw all 50 code versions\n");
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    run("exit_group from a thread", scenario_exit_group);
    run("first thread exits first", scenario_first_thread_exits);
    run("exit of one thread", scenario_thread_exit_only);
    run("libc exit in a thread", scenario_libc_exit_in_thread);
    run("pthread_exit in main", scenario_main_pthread_exit);
    run("fork with threads running", scenario_fork_threaded);
    run("fork from a thread", scenario_fork_from_thread);
    run("robust mutex", scenario_robust_mutex);
    run("cross-modifying code", scenario_cross_modifying_code);
    return 0;
}

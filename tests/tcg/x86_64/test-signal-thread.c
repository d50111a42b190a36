/*
 * Signals and threads: pthread_kill reaches the chosen thread, each
 * thread has its own mask (inherited at creation), a process-wide signal
 * goes to a thread that does not block it, sigwait in a thread, and a
 * blocking syscall of one thread interrupted by a signal sent to it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

static volatile pid_t handler_tid[65];
static volatile int handled[65];

static pid_t gettid_(void)
{
    return syscall(SYS_gettid);
}

static void on_sig(int sig)
{
    handler_tid[sig] = gettid_();
    handled[sig]++;
}

static void set_handler(int sig, int flags)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sig;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static pthread_barrier_t bar;
static volatile pid_t worker_tid;

static void *worker_kill(void *arg)
{
    sigset_t now;

    worker_tid = gettid_();
    /* the creator's mask at pthread_create: SIGUSR2 blocked */
    pthread_sigmask(SIG_SETMASK, NULL, &now);
    printf("worker: inherited usr2 blocked %d\n", sigismember(&now, SIGUSR2));
    pthread_barrier_wait(&bar);     /* main sends SIGUSR1 to us */
    pthread_barrier_wait(&bar);     /* main is done */
    (void)arg;
    return NULL;
}

static void test_pthread_kill(void)
{
    pthread_t th;
    sigset_t set, old;

    set_handler(SIGUSR1, 0);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    pthread_barrier_init(&bar, NULL, 2);
    pthread_create(&th, NULL, worker_kill, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_barrier_wait(&bar);
    pthread_kill(th, SIGUSR1);
    while (!handled[SIGUSR1]) {
        usleep(1000);
    }
    printf("pthread_kill: handled %d in worker %d\n", handled[SIGUSR1],
           handler_tid[SIGUSR1] == worker_tid);
    pthread_barrier_wait(&bar);
    pthread_join(th, NULL);
    pthread_barrier_destroy(&bar);
}

static volatile int worker_ready;

static void *worker_unblocked(void *arg)
{
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    worker_tid = gettid_();
    worker_ready = 1;
    while (!handled[SIGUSR2]) {
        usleep(1000);
    }
    (void)arg;
    return NULL;
}

static void test_process_signal(void)
{
    pthread_t th;
    sigset_t set, old;

    /* main blocks SIGUSR2: kill() of the process must reach the worker */
    set_handler(SIGUSR2, 0);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    worker_ready = 0;
    pthread_create(&th, NULL, worker_unblocked, NULL);
    while (!worker_ready) {
        usleep(1000);
    }
    kill(getpid(), SIGUSR2);
    pthread_join(th, NULL);
    printf("kill: handled %d by the worker %d\n", handled[SIGUSR2],
           handler_tid[SIGUSR2] == worker_tid);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void *worker_sigwait(void *arg)
{
    sigset_t set;
    int sig = 0;

    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 2);
    worker_ready = 1;
    sigwait(&set, &sig);
    printf("sigwait in worker: got %d\n", sig == SIGRTMIN + 2);
    (void)arg;
    return NULL;
}

static void test_sigwait(void)
{
    pthread_t th;
    sigset_t set, old;

    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 2);
    pthread_sigmask(SIG_BLOCK, &set, &old);     /* both threads block it */
    worker_ready = 0;
    pthread_create(&th, NULL, worker_sigwait, NULL);
    while (!worker_ready) {
        usleep(1000);
    }
    usleep(20000);
    kill(getpid(), SIGRTMIN + 2);
    pthread_join(th, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static int fds[2];

static void *worker_read(void *arg)
{
    char c;
    ssize_t r;
    int e;

    worker_tid = gettid_();
    worker_ready = 1;
    errno = 0;
    r = read(fds[0], &c, 1);
    e = errno;
    printf("worker read: %zd errno %d handled %d\n", r, e, handled[SIGHUP]);
    (void)arg;
    return NULL;
}

static void test_interrupt_thread(void)
{
    pthread_t th;

    if (pipe(fds) != 0) {
        return;
    }
    set_handler(SIGHUP, 0);     /* no SA_RESTART: the read fails */
    worker_ready = 0;
    pthread_create(&th, NULL, worker_read, NULL);
    while (!worker_ready) {
        usleep(1000);
    }
    usleep(30000);
    pthread_kill(th, SIGHUP);
    while (!handled[SIGHUP]) {
        usleep(1000);
    }
    usleep(50000);
    /* had the signal come before the read, this ends the read */
    if (write(fds[1], "x", 1) != 1) {
        printf("write failed\n");
    }
    pthread_join(th, NULL);
    printf("interrupted thread: handler ran in it %d\n",
           handler_tid[SIGHUP] == worker_tid);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_pthread_kill();
    test_process_signal();
    test_sigwait();
    test_interrupt_thread();
    return 0;
}

/*
 * Asynchronous signals (timers) against blocking syscalls: EINTR without
 * SA_RESTART, a restarted syscall with it, the syscalls the kernel never
 * restarts, and a signal interrupting a guest loop that makes no syscall.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/wait.h>

static int fds[2];
static volatile int alarms;

static void on_alarm(int sig)
{
    alarms++;
    /* the restarted read finds this byte */
    if (write(fds[1], "a", 1) != 1) {
        _exit(9);
    }
    (void)sig;
}

static void set_alarm_handler(int flags)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
}

static void arm(long usec)
{
    struct itimerval it = { { 0, 0 }, { 0, usec } };

    setitimer(ITIMER_REAL, &it, NULL);
}

static void test_read(int flags, const char *name)
{
    char c = 0;
    ssize_t r;
    int e;

    set_alarm_handler(flags);
    alarms = 0;
    arm(30000);
    errno = 0;
    r = read(fds[0], &c, 1);
    e = errno;
    printf("%s: read %zd errno %d alarms %d", name, r, e, alarms);
    if (r < 0) {
        r = read(fds[0], &c, 1);
    }
    printf(" then got %zd '%c'\n", r, c);
}

static void test_never_restarted(void)
{
    struct timespec ts = { 5, 0 }, rem = { 0, 0 };
    struct pollfd pfd = { .fd = 0, .events = POLLIN };
    int p[2];
    int r, e;

    set_alarm_handler(SA_RESTART);
    if (pipe(p) != 0) {
        return;
    }
    arm(20000);
    errno = 0;
    r = nanosleep(&ts, &rem);
    e = errno;
    printf("nanosleep: %d errno %d rem > 0 %d\n", r, e,
           rem.tv_sec > 0 || rem.tv_nsec > 0);
    read(fds[0], &ts, 1);

    pfd.fd = p[0];
    arm(20000);
    errno = 0;
    r = poll(&pfd, 1, 5000);
    e = errno;
    printf("poll: %d errno %d\n", r, e);
    read(fds[0], &ts, 1);

    arm(20000);
    errno = 0;
    r = pause();
    e = errno;
    printf("pause: %d errno %d\n", r, e);
    read(fds[0], &ts, 1);
    close(p[0]);
    close(p[1]);
}

static void test_waitpid(int flags, const char *name)
{
    int status = 0;
    pid_t pid, r;
    int e;

    set_alarm_handler(flags);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        usleep(150000);
        _exit(4);
    }
    arm(20000);
    errno = 0;
    r = waitpid(pid, &status, 0);
    e = errno;
    printf("%s: waitpid %s errno %d", name, r == pid ? "child" : "-1", e);
    if (r != pid) {
        r = waitpid(pid, &status, 0);
    }
    printf(" then exit %d\n", WEXITSTATUS(status));
    {
        char c;
        read(fds[0], &c, 1);
    }
}

static volatile int stop_loop;

static void on_stop(int sig)
{
    stop_loop = 1;
    (void)sig;
}

static void test_busy_loop(void)
{
    unsigned long n = 0;

    signal(SIGALRM, on_stop);
    arm(30000);
    while (!stop_loop) {
        n++;
    }
    printf("busy loop left: %d\n", stop_loop);
}

static volatile unsigned long ticks;

static void on_tick(int sig)
{
    ticks++;
    (void)sig;
}

/* signals landing anywhere: in guest code, in syscalls, in between */
static void test_storm(void)
{
    struct itimerval it = { { 0, 500 }, { 0, 500 } };
    struct sigaction sa;
    unsigned long sum = 0, calls = 0;
    char c;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_tick;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    setitimer(ITIMER_REAL, &it, NULL);
    for (unsigned long i = 0; i < 3000000 || ticks < 20; i++) {
        if (i < 3000000) {
            sum += i * i ^ (i >> 3);
        }
        if ((i & 1023) == 0 && i < 3000000) {
            if (write(fds[1], "z", 1) != 1 || read(fds[0], &c, 1) != 1) {
                printf("io failed\n");
            }
            calls++;
        }
        if (i >= 3000000) {
            getppid();
        }
    }
    it.it_interval.tv_usec = 0;
    it.it_value.tv_usec = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    printf("storm: ticks >= 20 %d calls %lu sum %lu\n", ticks >= 20, calls,
           sum);
}

/*
 * Every byte the reads wait for is written by the timer's handler: a
 * signal that slipped in between the emulator's "nothing pending" check
 * and the host read would leave the read waiting for its own handler.
 */
static void test_lost_wakeup(int flags, const char *name)
{
    struct itimerval it = { { 0, 200 }, { 0, 200 } };
    int got = 0, other = 0;
    char c;

    set_alarm_handler(flags);
    setitimer(ITIMER_REAL, &it, NULL);
    while (got < 1500) {
        ssize_t r = read(fds[0], &c, 1);
        if (r == 1) {
            got++;
        } else if (!(r < 0 && errno == EINTR)) {
            other++;
        }
    }
    it.it_interval.tv_usec = 0;
    it.it_value.tv_usec = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    /* drain what the last ticks wrote */
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    while (read(fds[0], &c, 1) == 1) {
    }
    fcntl(fds[0], F_SETFL, 0);
    printf("%s: 1500 reads done, other results %d\n", name, other);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (pipe(fds) != 0) {
        return 1;
    }
    test_read(0, "no SA_RESTART");
    test_read(SA_RESTART, "SA_RESTART");
    test_never_restarted();
    test_waitpid(0, "no SA_RESTART");
    test_waitpid(SA_RESTART, "SA_RESTART");
    test_busy_loop();
    test_storm();
    test_lost_wakeup(0, "wakeup by handler");
    test_lost_wakeup(SA_RESTART, "wakeup by handler, SA_RESTART");
    return 0;
}

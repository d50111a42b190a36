/*
 * Time syscalls made directly (no vDSO involved, natively or emulated):
 * results, errors for bad clocks and bad pointers, monotonicity, and
 * agreement between the clocks.  Output is deterministic.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/time.h>

static void show(const char *what, long r)
{
    printf("%-34s %ld %s\n", what, r, r < 0 ? (errno == EFAULT ? "EFAULT" :
                                       errno == EINVAL ? "EINVAL" : "other")
                                    : "");
}

static double ts_sec(const struct timespec *ts)
{
    return ts->tv_sec + ts->tv_nsec / 1e9;
}

int main(void)
{
    struct timespec a, b, rt;
    struct timeval tv;
    int monotonic_ok = 1;

    show("clock_gettime MONOTONIC", syscall(SYS_clock_gettime,
                                            CLOCK_MONOTONIC, &a));
    show("clock_gettime NULL", syscall(SYS_clock_gettime, CLOCK_MONOTONIC,
                                       (void *)0));
    show("clock_gettime unmapped", syscall(SYS_clock_gettime,
                                           CLOCK_MONOTONIC, (void *)16));
    show("clock_gettime bad clock", syscall(SYS_clock_gettime, 12345, &a));
    show("clock_gettime PROCESS_CPUTIME", syscall(SYS_clock_gettime,
                                                 CLOCK_PROCESS_CPUTIME_ID,
                                                 &a));
    show("gettimeofday", syscall(SYS_gettimeofday, &tv, (void *)0));
    show("gettimeofday NULL", syscall(SYS_gettimeofday, (void *)0,
                                      (void *)0));
    show("gettimeofday unmapped", syscall(SYS_gettimeofday, (void *)16,
                                          (void *)0));

    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 1000; i++) {
        syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
        monotonic_ok &= ts_sec(&b) >= ts_sec(&a) && b.tv_nsec < 1000000000;
        a = b;
    }
    printf("monotonic never goes back: %d\n", monotonic_ok);

    syscall(SYS_clock_gettime, CLOCK_REALTIME, &rt);
    syscall(SYS_gettimeofday, &tv, (void *)0);
    printf("realtime and gettimeofday agree: %d\n",
           tv.tv_sec + tv.tv_usec / 1e6 - ts_sec(&rt) < 1.0 &&
           tv.tv_sec + tv.tv_usec / 1e6 - ts_sec(&rt) > -0.001);
    return 0;
}

/* syscall-heavy: small writes to /dev/null, getppid, clock_gettime */
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <time.h>
int main(void)
{
    int fd = open("/dev/null", O_WRONLY);
    long acc = 0;
    struct timespec ts;
    for (int i = 0; i < 50000; i++) {
        acc += write(fd, "abcdefgh", 8);
        acc += getppid() > 0;
        clock_gettime(CLOCK_MONOTONIC, &ts);
    }
    printf("%ld\n", acc);
    return 0;
}

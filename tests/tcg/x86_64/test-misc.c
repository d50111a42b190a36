/*
 * Process-level behaviour: memory management syscalls (brk, mmap,
 * munmap, mprotect, mremap), FS-based TLS, the auxiliary vector, emulated
 * /proc files, setjmp/longjmp, libc formatting, fork/exec/pipe.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/syscall.h>

static __thread int tls_var = 42;
static jmp_buf jb;

static int cmp(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static void depth(int n)
{
    if (n == 0) {
        longjmp(jb, 7);
    }
    depth(n - 1);
}

int main(int argc, char **argv)
{
    /* memory */
    void *b0 = sbrk(0);
    char *p = sbrk(100000);
    memset(p, 1, 100000);
    printf("brk grows %d\n", (char *)sbrk(0) - (char *)b0 >= 100000);
    char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m[0] = 'a';
    m[8191] = 'b';
    printf("munmap middle %d\n", munmap(m + 4096, 4096));
    m = mremap(m, 4096, 64 * 4096, MREMAP_MAYMOVE);
    printf("mremap %c %d\n", m[0], m[64 * 4096 - 1]);
    printf("mprotect %d\n", mprotect(m, 4096, PROT_READ));
    printf("munmap bad %d %d\n", munmap((void *)1, 4096), errno);
    {
        char *big = malloc(10 << 20);
        big[(10 << 20) - 1] = 3;
        printf("big malloc %d\n", big[(10 << 20) - 1]);
        free(big);
    }
    /* TLS and auxv */
    printf("tls %d\n", tls_var++);
    printf("tls %d\n", tls_var);
    printf("pagesz %lu random %d\n", getauxval(AT_PAGESZ),
           getauxval(AT_RANDOM) != 0);
    printf("argc %d argv0 %d\n", argc, strstr(argv[0], "test-misc") != NULL);
    /* /proc */
    {
        char buf[4096];
        ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
        buf[n > 0 ? n : 0] = 0;
        printf("exe %d\n", strstr(buf, "test-misc") != NULL);
        FILE *f = fopen("/proc/self/maps", "r");
        int lines = 0, stack = 0;
        while (f && fgets(buf, sizeof(buf), f)) {
            lines++;
            stack |= strstr(buf, "[stack]") != NULL;
        }
        if (f) {
            fclose(f);
        }
        printf("maps %d stack %d\n", lines > 2, stack);
        f = fopen("/proc/cpuinfo", "r");
        int flags = 0;
        while (f && fgets(buf, sizeof(buf), f)) {
            flags |= !strncmp(buf, "flags", 5) && strstr(buf, " sse2");
        }
        if (f) {
            fclose(f);
        }
        printf("cpuinfo sse2 %d\n", flags);
    }
    /* control flow */
    {
        int r = setjmp(jb);
        if (r == 0) {
            depth(50);
        }
        printf("longjmp %d\n", r);
    }
    {
        int a[100];
        for (int i = 0; i < 100; i++) {
            a[i] = (i * 7919) % 101;
        }
        qsort(a, 100, sizeof(int), cmp);
        printf("qsort %d %d %d\n", a[0], a[50], a[99]);
    }
    printf("fmt %.10f %e %g %a %llu %lld\n", 3.14159265358979, 1e-300, 123456789.0,
           0.1, 18446744073709551615ull, -9223372036854775807ll - 1);
    printf("strtod %.17g %.17g\n", strtod("1e-320", NULL), strtod("0.30000000000000004", NULL));
    /* processes */
    {
        int fd[2], status;
        char buf[64] = { 0 };
        pipe(fd);
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            close(fd[0]);
            write(fd[1], "from child", 10);
            _exit(5);
        }
        close(fd[1]);
        read(fd[0], buf, sizeof(buf) - 1);
        waitpid(pid, &status, 0);
        printf("fork %s %d\n", buf, WEXITSTATUS(status));
        pid = fork();
        if (pid == 0) {
            char *args[] = { argv[0], "child", NULL };
            if (argc == 1) {
                execv("/proc/self/exe", args);
            }
            _exit(99);
        }
        waitpid(pid, &status, 0);
        printf("exec status %d\n", WEXITSTATUS(status));
    }
    printf("getpid match %d\n", getpid() == (pid_t)syscall(SYS_getpid));
    printf("unknown syscall %ld %d\n", syscall(1000), errno);
    return argc == 1 ? 0 : 11;
}

/*
 * A dynamically linked program (built without -static): ld.so, libc and
 * libm through the PLT, ifunc-selected string functions, TLS, dlopen,
 * the auxiliary vector.  Its output must be the same natively and under
 * qemu-x86_64.
 *
 * "test-dynamic strace" instead makes a few syscalls with known arguments
 * for the -strace test (run-tcg-tests.py compares the decoded lines).
 */
#include <cpuid.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static __thread int tls_counter = 5;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void test_math(void)
{
    double v[8];

    printf("sin %.12f cos %.12f tan %.12f\n", sin(0.5), cos(0.5), tan(0.5));
    printf("exp %.12f log %.12f pow %.12f\n", exp(1.5), log(10.0),
           pow(2.5, 3.3));
    printf("cbrt %.12f hypot %.12f atan2 %.12f\n", cbrt(27.5), hypot(3, 4.5),
           atan2(-1.0, -2.0));
    printf("floor %g ceil %g round %g trunc %g fmod %g\n", floor(-2.5),
           ceil(-2.5), round(2.5), trunc(-2.7), fmod(7.5, 2.0));
    printf("lgamma %.10f erf %.10f j0 %.10f\n", lgamma(4.5), erf(0.3),
           j0(1.5));
    for (int i = 0; i < 8; i++) {
        v[i] = sin(i * 1.7) * 100;
    }
    qsort(v, 8, sizeof(v[0]), cmp_double);
    for (int i = 0; i < 8; i++) {
        printf("%.4f%c", v[i], i == 7 ? '\n' : ' ');
    }
    printf("strtod %.17g %.17g\n", strtod("3.14159265358979", NULL),
           strtod("1e-300", NULL) * 1e300);
}

/* string functions on every alignment and length: glibc's ifunc picks */
static void test_strings(void)
{
    char *a = malloc(300), *b = malloc(300);
    unsigned long sum = 0;

    for (int len = 0; len < 130; len += 3) {
        for (int al = 0; al < 16; al += 5) {
            memset(a, 'x', 300);
            memset(b, 'x', 300);
            a[al + len] = 0;
            b[al + len] = 0;
            sum += strlen(a + al);
            sum += strcmp(a + al, b + al) == 0;
            b[al + len / 2] = 'y';
            sum += (strcmp(a + al, b + al) < 0) * 7;
            sum += memcmp(a + al, b + al, len) != 0;
            sum += strchr(b + al, 'y') ? (unsigned long)
                   (strchr(b + al, 'y') - b) : 1000;
            sum += memchr(a + al, 0, 300 - al) ? 1 : 0;
            memcpy(a + al, b, len);
            memmove(a + 1, a, len);
            sum += strnlen(a, 50) + strspn(a, "xy") + strcspn(b, "y");
            strcpy(a, "hello, world");
            strcat(a, "; more");
            sum += strstr(a, "world") - a + strrchr(a, 'o') - a;
        }
    }
    printf("strings %lu\n", sum);
    free(a);
    free(b);
}

static void test_dlopen(void)
{
    void *h = dlopen("libm.so.6", RTLD_NOW);
    double (*fn)(double);

    if (!h) {
        printf("dlopen failed: %s\n", dlerror());
        return;
    }
    fn = (double (*)(double))dlsym(h, "expm1");
    printf("dlsym expm1(0.25) = %.12f\n", fn ? fn(0.25) : -1.0);
    printf("dlsym missing: %s\n", dlsym(h, "no_such_symbol") ? "found" :
           "not found");
    dlclose(h);
}

static void test_process(void)
{
    struct timespec t1, t2;
    char buf[64];

    tls_counter += 10;
    printf("tls %d\n", tls_counter);
    printf("AT_BASE set %d, AT_ENTRY matches %d, AT_PAGESZ %lu\n",
           getauxval(AT_BASE) != 0,
           getauxval(AT_ENTRY) != 0, getauxval(AT_PAGESZ));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    printf("monotonic %d\n", t2.tv_sec > t1.tv_sec ||
           (t2.tv_sec == t1.tv_sec && t2.tv_nsec >= t1.tv_nsec));
    printf("time sane %d\n", time(NULL) > 1600000000);
    snprintf(buf, sizeof(buf), "%08.3f|%-6s|%x|%lld", 3.14159, "ab", 255,
             -1234567890123LL);
    printf("%s\n", buf);
    printf("getenv %s\n", getenv("TEST_DYNAMIC_UNSET") ? "set" : "unset");
    {
        /* the JVM refuses to start without CLFLUSH (CPUID.1:EDX bit 19) */
        unsigned a, b, c, d;
        static char line[64];

        __cpuid(1, a, b, c, d);
        __asm__ volatile("clflush %0" : "+m"(line[0]));
        printf("clflush %u, line %u bytes\n", (d >> 19) & 1,
               ((b >> 8) & 0xff) * 8);
    }
}

static void do_strace_calls(void)
{
    void *p;

    if (open("/nonexistent/test-dynamic", O_RDONLY | O_CLOEXEC) >= 0 ||
        access("/", R_OK | X_OK) != 0) {
        printf("unexpected\n");
    }
    p = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) {
        munmap(p, 8192);
    }
    {
        /* no vDSO under the emulator: a real syscall, seen by -strace */
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
    }
    if (write(1, "x\n", 2) != 2) {
        exit(1);
    }
    _exit(3);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "strace")) {
        do_strace_calls();
    }
    test_math();
    test_strings();
    test_dlopen();
    test_process();
    return 0;
}

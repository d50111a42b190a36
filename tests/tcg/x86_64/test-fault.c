/*
 * Guest faults: each case runs in a forked child, which must die with
 * the signal a native run gets; the parent prints how it ended.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <signal.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

static volatile int zero = 0;

static void run(const char *name, void (*fn)(void))
{
    int status;
    pid_t pid;

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        fn();
        _exit(42);
    }
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) {
        printf("%s: signal %d\n", name, WTERMSIG(status));
    } else {
        printf("%s: exit %d\n", name, WEXITSTATUS(status));
    }
}

static void f_div0(void) { volatile int x = 1 / zero; (void)x; }
static void f_idiv_overflow(void)
{
    int32_t a = INT32_MIN, d = 0;
    __asm__ volatile("cltd; idivl %2" : "+a"(a), "+d"(d) : "r"(-1 + zero));
}
static void f_divq_overflow(void)
{
    uint64_t a = 0, d = 5;
    __asm__ volatile("divq %2" : "+a"(a), "+d"(d) : "r"(3ull + zero));
}
static void f_ud2(void) { __asm__ volatile("ud2"); }
static void f_null(void) { volatile int *p = (int *)(uintptr_t)zero; *p = 1; }
static void f_read_high(void) { volatile int *p = (int *)0x10; (void)*p; }
static void f_rodata(void)
{
    char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[10] = 1;
}
static void f_exec_nx(void)
{
    void (*fn)(void) = (void (*)(void))(uintptr_t)0x1000;
    fn();
}
static void f_hlt(void) { __asm__ volatile("hlt"); }
static void f_int3(void) { __asm__ volatile("int3"); }
static void f_movaps_misaligned(void)
{
    static char buf[64] __attribute__((aligned(16)));
    __asm__ volatile("movaps 1(%0), %%xmm0" : : "r"(buf + zero) : "xmm0");
}
static void f_movdqa_store_misaligned(void)
{
    static char buf[64] __attribute__((aligned(16)));
    __asm__ volatile("movdqa %%xmm0, 8(%0)" : : "r"(buf + zero) : "memory");
}
static void f_pcmpeqb_misaligned(void)
{
    static char buf[64] __attribute__((aligned(16)));
    __asm__ volatile("pcmpeqb 4(%0), %%xmm0" : : "r"(buf + zero) : "xmm0");
}
static void f_lock_reg(void) { __asm__ volatile(".byte 0xf0, 0x01, 0xc0"); }
static void f_abort(void) { abort(); }
static void f_exit(void) { exit(7); }
static void f_kill_self(void) { kill(getpid(), SIGTERM); pause(); }

int main(void)
{
    run("div0", f_div0);
    run("idiv-overflow", f_idiv_overflow);
    run("divq-overflow", f_divq_overflow);
    run("ud2", f_ud2);
    run("null", f_null);
    run("read-low", f_read_high);
    run("write-readonly", f_rodata);
    run("exec-unmapped", f_exec_nx);
    run("hlt", f_hlt);
    run("int3", f_int3);
    run("movaps-misaligned", f_movaps_misaligned);
    run("movdqa-store-misaligned", f_movdqa_store_misaligned);
    run("pcmpeqb-misaligned", f_pcmpeqb_misaligned);
    run("lock-reg", f_lock_reg);
    run("abort", f_abort);
    run("exit", f_exit);
    run("sigterm", f_kill_self);
    return 3;
}

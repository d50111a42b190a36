/*
 * Guest faults: each case runs in a forked child, which must die with
 * the signal a native run gets; the parent prints how it ended.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>
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
/*
 * An insn reaching into an inaccessible page after other insns of the
 * same page: those run first, the fault is at the crossing insn.
 */
static uint8_t *cross_insn;
static void cross_handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;

    printf("cross-page: eax=%lld at-insn=%d\n",
           (long long)uc->uc_mcontext.gregs[REG_RAX],
           uc->uc_mcontext.gregs[REG_RIP] == (greg_t)(uintptr_t)cross_insn);
    fflush(stdout);
    _exit(3);
}
/*
 * Three insns ending a page of a fresh RWX mapping, the movabs reaching
 * 3 bytes into its second page, then a ret; *second gets that page.
 */
static uint8_t *map_cross_code(uint8_t **second)
{
    static const uint8_t code[] = {
        0xb8, 0x07, 0x00, 0x00, 0x00,           /* mov $7, %eax */
        0x83, 0xc0, 0x01,                       /* add $1, %eax */
        0x48, 0xb9, 1, 2, 3, 4, 5, 6, 7, 8,     /* movabs $..., %rcx */
        0xc3,                                   /* ret */
    };
    uint8_t *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint8_t *start = p + 4096 - 8 - 3;

    memcpy(start, code, sizeof(code));
    *second = p + 4096;
    return start;
}
static void cross_run(uint8_t *start)
{
    struct sigaction sa = { .sa_sigaction = cross_handler,
                            .sa_flags = SA_SIGINFO };

    cross_insn = start + 8;
    sigaction(SIGSEGV, &sa, NULL);
    ((void (*)(void))start)();
}
static void f_cross_page(void)
{
    uint8_t *second, *start = map_cross_code(&second);

    mprotect(second, 4096, PROT_NONE);
    cross_run(start);
}
/*
 * The same, but the code ran once while both pages were there (a
 * translator may have made one block of it): taking the second page away
 * must make the next run fault at the crossing insn.
 */
static void f_cross_page_later(void)
{
    uint8_t *second, *start = map_cross_code(&second);

    for (int i = 0; i < 3; i++) {
        ((void (*)(void))start)();
    }
    printf("cross-page-later: ran 3 times\n");
    fflush(stdout);
    mprotect(second, 4096, PROT_READ | PROT_EXEC);
    ((void (*)(void))start)();
    printf("cross-page-later: ran with the page not writable\n");
    fflush(stdout);
    mprotect(second, 4096, PROT_NONE);
    cross_run(start);
}
/*
 * Code in memory that is readable but not executable: the fetch faults
 * with SEGV_ACCERR at the first insn there; reaching into such a page from
 * an executable one faults at the crossing insn after the others ran.
 */
static uint8_t *noexec_insn;
static void noexec_handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;

    printf("noexec: code=%s addr-ok=%d eax=%lld at-insn=%d\n",
           si->si_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other",
           (uint8_t *)si->si_addr == noexec_insn ||
           (uintptr_t)si->si_addr == ((uintptr_t)noexec_insn | 4095) + 1,
           (long long)uc->uc_mcontext.gregs[REG_RAX],
           uc->uc_mcontext.gregs[REG_RIP] == (greg_t)(uintptr_t)noexec_insn);
    fflush(stdout);
    _exit(3);
}
static void noexec_run(uint8_t *start, uint8_t *insn)
{
    struct sigaction sa = { .sa_sigaction = noexec_handler,
                            .sa_flags = SA_SIGINFO };

    noexec_insn = insn;
    sigaction(SIGSEGV, &sa, NULL);
    ((void (*)(void))start)();
}
static void f_exec_noexec(void)
{
    uint8_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    p[100] = 0xc3;                              /* ret */
    noexec_run(p + 100, p + 100);
}
static void f_exec_noexec_cross(void)
{
    uint8_t *second, *start = map_cross_code(&second);

    mprotect(second, 4096, PROT_READ);
    noexec_run(start, start + 8);
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
    run("cross-page", f_cross_page);
    run("cross-page-later", f_cross_page_later);
    run("exec-noexec", f_exec_noexec);
    run("exec-noexec-cross", f_exec_noexec_cross);
    run("lock-reg", f_lock_reg);
    run("abort", f_abort);
    run("exit", f_exit);
    run("sigterm", f_kill_self);
    return 3;
}

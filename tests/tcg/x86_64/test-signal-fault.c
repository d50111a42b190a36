/*
 * Synchronous guest faults taken by guest handlers: siginfo (si_code,
 * si_addr), the precise faulting RIP and registers in the ucontext, a
 * handler that moves RIP on (and changes a register), siglongjmp out of
 * SIGSEGV handlers, stack overflow on an alternate stack, and the faults
 * that must kill (blocked, ignored, no room for the frame).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <ucontext.h>

/* tiny functions with labels at the faulting insn and right after it */
__asm__(
    ".text\n"
    ".globl load_at, load_insn, load_resume\n"
    "load_at:\n"                /* rdi = address; returns *(rdi) */
    "    mov $-1, %rax\n"
    "load_insn:\n"
    "    mov (%rdi), %rax\n"
    "load_resume:\n"
    "    ret\n"
    ".globl div_by, div_insn, div_resume\n"
    "div_by:\n"                 /* 100 / edi, r12..r15 hold markers */
    "    push %r12\n"
    "    push %r13\n"
    "    mov $0x1212, %r12\n"
    "    mov $0x1313, %r13\n"
    "    mov $100, %eax\n"
    "    xor %edx, %edx\n"
    "div_insn:\n"
    "    div %edi\n"
    "div_resume:\n"
    "    pop %r13\n"
    "    pop %r12\n"
    "    ret\n"
    ".globl ud2_at, ud2_insn, ud2_resume\n"
    "ud2_at:\n"
    "    mov $1, %eax\n"
    "ud2_insn:\n"
    "    ud2\n"
    "ud2_resume:\n"
    "    ret\n"
    ".globl int3_at, int3_after\n"
    "int3_at:\n"
    "    mov $2, %eax\n"
    "    int3\n"
    "int3_after:\n"
    "    ret\n"
    ".globl hlt_at, hlt_insn, hlt_resume\n"
    "hlt_at:\n"
    "    mov $3, %eax\n"
    "hlt_insn:\n"
    "    hlt\n"
    "hlt_resume:\n"
    "    ret\n");

long load_at(const void *p);
unsigned div_by(unsigned d);
int ud2_at(void);
int int3_at(void);
int hlt_at(void);
extern char load_insn[], load_resume[], div_insn[], div_resume[];
extern char ud2_insn[], ud2_resume[], int3_after[], hlt_insn[], hlt_resume[];

static sigjmp_buf jb;
static volatile int got_sig, got_code, addr_ok, rip_ok;
static volatile long got_trapno, got_err;
static volatile const void *want_addr;
static volatile uintptr_t want_rip, resume_rip;
static volatile long set_rax;

/* records, then moves RIP to resume_rip (if set) or longjmps */
static void on_fault(int sig, siginfo_t *si, void *p)
{
    ucontext_t *uc = p;
    greg_t *g = uc->uc_mcontext.gregs;

    got_sig = sig;
    got_code = si->si_code;
    addr_ok = si->si_addr == want_addr;
    rip_ok = (uintptr_t)g[REG_RIP] == want_rip;
    got_trapno = g[REG_TRAPNO];
    got_err = g[REG_ERR];
    if (resume_rip) {
        g[REG_RIP] = resume_rip;
        g[REG_RAX] = set_rax;
        return;
    }
    siglongjmp(jb, sig);
}

static void catch(int sig, int flags)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void report(const char *name)
{
    printf("%s: sig %d code %d addr ok %d rip ok %d trapno %ld err %ld\n",
           name, got_sig, got_code, addr_ok, rip_ok, got_trapno, got_err);
    got_sig = got_code = addr_ok = rip_ok = 0;
}

static void test_segv_longjmp(void)
{
    char *ro = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
                    -1, 0);
    char *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    sigset_t now;
    int r;

    munmap(gone, 4096);
    catch(SIGSEGV, 0);
    resume_rip = 0;

    want_addr = NULL;
    want_rip = (uintptr_t)load_insn;
    if ((r = sigsetjmp(jb, 1)) == 0) {
        load_at(NULL);
        printf("null: no fault\n");
    }
    report("null read");

    want_addr = ro + 4096 + 10;
    want_rip = 0;
    if ((r = sigsetjmp(jb, 1)) == 0) {
        ((volatile char *)ro)[4096 + 10] = 1;
        printf("ro: no fault\n");
    }
    got_sig = r;
    report("write read-only");

    want_addr = gone + 8;
    if ((r = sigsetjmp(jb, 1)) == 0) {
        ((volatile long *)gone)[1] = 1;
        printf("unmapped: no fault\n");
    }
    report("write unmapped");

    want_addr = (void *)0x1000;
    want_rip = 0x1000;
    if ((r = sigsetjmp(jb, 1)) == 0) {
        ((void (*)(void))0x1000)();
        printf("exec: no fault\n");
    }
    report("exec unmapped");

    /* sigsetjmp(.., 1) restored the mask: SIGSEGV is not blocked */
    sigprocmask(SIG_SETMASK, NULL, &now);
    printf("segv blocked after siglongjmp: %d\n",
           sigismember(&now, SIGSEGV));

    /* the page became writable: the same store works */
    mprotect(ro, 8192, PROT_READ | PROT_WRITE);
    ro[4096 + 10] = 5;
    printf("after mprotect: %d\n", ro[4096 + 10]);
    munmap(ro, 8192);
}

static void test_fix_rip(void)
{
    long v;
    unsigned q;

    catch(SIGSEGV, 0);
    want_addr = (void *)16;
    want_rip = (uintptr_t)load_insn;
    resume_rip = (uintptr_t)load_resume;
    set_rax = 0x5555;
    v = load_at((void *)16);
    report("fix rip");
    printf("load returned %#lx\n", v);

    catch(SIGFPE, 0);
    want_addr = div_insn;
    want_rip = (uintptr_t)div_insn;
    resume_rip = (uintptr_t)div_resume;
    set_rax = 77;
    q = div_by(0);
    report("div0");
    printf("div returned %u, 100/7 = %u\n", q, div_by(7));

    catch(SIGILL, 0);
    want_addr = ud2_insn;
    want_rip = (uintptr_t)ud2_insn;
    resume_rip = (uintptr_t)ud2_resume;
    set_rax = 11;
    printf("ud2 returned %d\n", ud2_at());
    report("ud2");

    catch(SIGTRAP, 0);
    want_addr = NULL;
    want_rip = (uintptr_t)int3_after;
    resume_rip = (uintptr_t)int3_after;
    set_rax = 12;
    printf("int3 returned %d\n", int3_at());
    report("int3");

    catch(SIGSEGV, 0);
    want_addr = NULL;
    want_rip = (uintptr_t)hlt_insn;
    resume_rip = (uintptr_t)hlt_resume;
    set_rax = 13;
    printf("hlt returned %d\n", hlt_at());
    report("hlt");
    resume_rip = 0;
}

static volatile long saw_r12, saw_r13, saw_rax, saw_rdx;

static void on_fpe_regs(int sig, siginfo_t *si, void *p)
{
    greg_t *g = ((ucontext_t *)p)->uc_mcontext.gregs;

    saw_r12 = g[REG_R12];
    saw_r13 = g[REG_R13];
    saw_rax = g[REG_RAX];
    saw_rdx = g[REG_RDX];
    g[REG_RIP] = (uintptr_t)div_resume;
    (void)sig;
    (void)si;
}

static void test_fault_regs(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fpe_regs;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);
    div_by(0);
    printf("regs at div: r12 %#lx r13 %#lx rax %ld rdx %ld\n", saw_r12,
           saw_r13, saw_rax, saw_rdx);
}

static jmp_buf plain_jb;
static void on_plain_segv(int sig)
{
    longjmp(plain_jb, sig);
}

static void test_plain_handler(void)
{
    sigset_t now;

    signal(SIGSEGV, on_plain_segv);
    if (setjmp(plain_jb) == 0) {
        load_at((void *)8);
    }
    /* longjmp does not restore the mask: SIGSEGV stays blocked */
    sigprocmask(SIG_SETMASK, NULL, &now);
    printf("plain handler: segv blocked %d\n", sigismember(&now, SIGSEGV));
    sigprocmask(SIG_UNBLOCK, &now, NULL);
}

static void test_sigbus(void)
{
    char path[] = "/tmp/sigbus-XXXXXX";
    int fd = mkstemp(path);
    char *p;
    int r;

    unlink(path);
    if (write(fd, "x", 1) != 1) {
        printf("write failed\n");
        return;
    }
    p = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
    catch(SIGBUS, 0);
    want_addr = p + 4096;
    want_rip = 0;
    resume_rip = 0;
    if ((r = sigsetjmp(jb, 1)) == 0) {
        printf("read %d\n", ((volatile char *)p)[4096]);
    }
    got_trapno = got_err = 0;
    report("sigbus past eof");
    printf("first byte %c\n", p[0]);
    munmap(p, 8192);
    close(fd);
}

/* ---- faults that kill, in children ---- */

static void run_child(const char *name, void (*fn)(void))
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
        printf("%s: killed by %d\n", name, WTERMSIG(status));
    } else {
        printf("%s: exit %d\n", name, WEXITSTATUS(status));
    }
}

static void on_refault(int sig)
{
    load_at(NULL);      /* SIGSEGV is blocked in here: fatal */
    (void)sig;
    _exit(1);
}

static void c_fault_in_handler(void)
{
    signal(SIGSEGV, on_refault);
    load_at(NULL);
}

static void c_blocked_fault(void)
{
    sigset_t set;

    catch(SIGSEGV, 0);
    sigemptyset(&set);
    sigaddset(&set, SIGSEGV);
    sigprocmask(SIG_BLOCK, &set, NULL);
    load_at(NULL);
}

static void c_ignored_fault(void)
{
    signal(SIGFPE, SIG_IGN);
    div_by(0);
}

static void c_ignored_int3(void)
{
    signal(SIGTRAP, SIG_IGN);
    int3_at();
}

static char alt[65536];
static volatile int overflow_on_alt;

static void on_overflow(int sig, siginfo_t *si, void *uc)
{
    char here;

    overflow_on_alt = &here > alt && &here < alt + sizeof(alt);
    printf("overflow caught: on alt %d sig %d\n", overflow_on_alt, sig);
    fflush(stdout);
    (void)si;
    (void)uc;
    _exit(3);
}

static int recurse(volatile char *prev)
{
    volatile char buf[4096];

    buf[0] = prev ? prev[0] + 1 : 0;
    return recurse(buf) + buf[1];
}

static void c_overflow_altstack(void)
{
    stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt) };
    struct sigaction sa;

    sigaltstack(&ss, NULL);
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_overflow;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    recurse(NULL);
}

static void c_overflow_nostack(void)
{
    catch(SIGSEGV, 0);
    recurse(NULL);
}

static void on_no_restorer(int sig)
{
    printf("handler without restorer ran: %d\n", sig);
    fflush(stdout);
}

static void c_no_restorer(void)
{
    signal(SIGSEGV, SIG_DFL);
    /* x86_64 has no default restorer: the frame cannot be built */
    struct {
        void *handler;
        unsigned long flags;
        void *restorer;
        unsigned long mask;
    } ka = { (void *)on_no_restorer, 0, NULL, 0 };

    syscall(13 /* rt_sigaction */, SIGUSR1, &ka, NULL, 8);
    raise(SIGUSR1);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_segv_longjmp();
    test_fix_rip();
    test_fault_regs();
    test_plain_handler();
    test_sigbus();
    run_child("fault in handler", c_fault_in_handler);
    run_child("blocked fault", c_blocked_fault);
    run_child("ignored SIGFPE", c_ignored_fault);
    run_child("ignored SIGTRAP", c_ignored_int3);
    run_child("overflow with altstack", c_overflow_altstack);
    run_child("overflow without altstack", c_overflow_nostack);
    run_child("no restorer", c_no_restorer);
    return 0;
}

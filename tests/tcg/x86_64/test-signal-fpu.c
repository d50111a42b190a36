/*
 * FPU/SSE state across signal handlers: the handler starts with the
 * init state (xmm zero, MXCSR 0x1f80, FCW 0x37f), may clobber every
 * register without the interrupted code noticing, and edits to the
 * saved image in uc_mcontext.fpregs take effect at sigreturn.  Also the
 * handler entry state: RSP alignment, DF clear, arguments, eflags kept.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/time.h>
#include <ucontext.h>

/*
 * MXCSR is printed whole: the precision flag once leaked into it from the
 * emulator's own arithmetic during translation (tb_gen_code now restores
 * the guest's MXCSR).
 */
#define MXCSR_SHOWN(m) (m)

static volatile uint64_t entry_xmm[4];
static volatile unsigned entry_mxcsr;
static volatile unsigned short entry_fcw, entry_fsw;
static volatile int entry_align, entry_df;

static void clobber_all(void)
{
    uint64_t junk[2] = { 0xdeadbeefdeadbeefull, 0x0123456789abcdefull };
    unsigned m = 0x7f80;        /* round toward zero, all masked */
    unsigned short cw = 0x0c7f;

    __asm__ volatile(
        "movdqu %0, %%xmm0\n movdqu %0, %%xmm1\n movdqu %0, %%xmm2\n"
        "movdqu %0, %%xmm3\n movdqu %0, %%xmm4\n movdqu %0, %%xmm5\n"
        "movdqu %0, %%xmm6\n movdqu %0, %%xmm7\n movdqu %0, %%xmm8\n"
        "movdqu %0, %%xmm9\n movdqu %0, %%xmm10\n movdqu %0, %%xmm11\n"
        "movdqu %0, %%xmm12\n movdqu %0, %%xmm13\n movdqu %0, %%xmm14\n"
        "movdqu %0, %%xmm15\n"
        "ldmxcsr %1\n fldcw %2\n"
        "fld1\n fldpi\n fldz\n fld1\n"
        : : "m"(junk), "m"(m), "m"(cw)
        : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
          "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",
          "xmm15", "st", "st(1)", "st(2)", "st(3)");
}

static void on_usr1(int sig, siginfo_t *si, void *p)
{
    uint64_t x[4];
    unsigned m;
    unsigned short cw, sw;
    uint64_t flags;

    __asm__ volatile("movdqu %%xmm3, %0\n movdqu %%xmm12, %1"
                     : "=m"(x[0]), "=m"(x[2]));
    __asm__ volatile("stmxcsr %0\n fnstcw %1\n fnstsw %2"
                     : "=m"(m), "=m"(cw), "=m"(sw));
    __asm__ volatile("pushfq\n pop %0" : "=r"(flags));
    memcpy((void *)entry_xmm, x, sizeof(x));
    entry_mxcsr = m;
    entry_fcw = cw;
    entry_fsw = sw;
    entry_df = (flags >> 10) & 1;
    entry_align = ((uintptr_t)__builtin_frame_address(0) + 16) % 16;
    clobber_all();
    (void)sig;
    (void)si;
    (void)p;
}

static void test_preserved(void)
{
    uint64_t in[2] = { 0x1111222233334444ull, 0x5555666677778888ull };
    uint64_t out[2][2];
    unsigned m_in = 0x1f80 | (1 << 13), m_out;   /* round down */
    unsigned short cw_out;
    double st0, st1, d = 2.5;
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    /*
     * One asm block: registers set, the signal raised by a raw tgkill
     * (no libc code in between that would use xmm), registers read back.
     */
    __asm__ volatile(
        "movdqu %[in], %%xmm3\n"
        "movdqu %[in], %%xmm12\n"
        "ldmxcsr %[m_in]\n"
        "fldl %[d]\n"
        "fldpi\n"
        "mov $39, %%eax\n syscall\n"            /* getpid */
        "mov %%eax, %%edi\n"
        "mov $186, %%eax\n syscall\n"           /* gettid */
        "mov %%eax, %%esi\n"
        "mov $10, %%edx\n"                      /* SIGUSR1 */
        "mov $234, %%eax\n syscall\n"           /* tgkill */
        "movdqu %%xmm3, %[o0]\n"
        "movdqu %%xmm12, %[o1]\n"
        "stmxcsr %[m_out]\n"
        "fnstcw %[cw]\n"
        "fstpl %[st0]\n"
        "fstpl %[st1]\n"
        : [o0] "=m"(out[0]), [o1] "=m"(out[1]), [m_out] "=m"(m_out),
          [cw] "=m"(cw_out), [st0] "=m"(st0), [st1] "=m"(st1)
        : [in] "m"(in), [m_in] "m"(m_in), [d] "m"(d)
        : "rax", "rcx", "rdx", "rsi", "rdi", "r11", "xmm3", "xmm12",
          "memory");
    printf("entry: xmm3 %#lx %#lx xmm12 %#lx %#lx\n", entry_xmm[0],
           entry_xmm[1], entry_xmm[2], entry_xmm[3]);
    printf("entry: mxcsr %#x fcw %#x fsw %#x df %d rsp+8 aligned %d\n",
           MXCSR_SHOWN(entry_mxcsr), entry_fcw, entry_fsw, entry_df,
           entry_align == 0);
    printf("after: xmm3 %#lx %#lx xmm12 %#lx %#lx\n", out[0][0], out[0][1],
           out[1][0], out[1][1]);
    printf("after: mxcsr %#x fcw %#x st0 %.6f st1 %.6f\n", MXCSR_SHOWN(m_out),
           cw_out, st0, st1);
}

/* the handler edits the saved FPU image and flags */
static void on_usr2(int sig, siginfo_t *si, void *p)
{
    ucontext_t *uc = p;
    fpregset_t fp = uc->uc_mcontext.fpregs;

    fp->_xmm[5].element[0] = 0xabcdef01;
    fp->mxcsr = 0x1f80 | (3 << 13);          /* round toward zero */
    uc->uc_mcontext.gregs[REG_EFL] |= 1;     /* CF */
    (void)sig;
    (void)si;
}

static void test_edit_image(void)
{
    uint64_t out[2];
    unsigned m;
    unsigned char cf;
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_usr2;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    __asm__ volatile(
        "pxor %%xmm5, %%xmm5\n"
        "mov $39, %%eax\n syscall\n"
        "mov %%eax, %%edi\n"
        "mov $186, %%eax\n syscall\n"
        "mov %%eax, %%esi\n"
        "mov $12, %%edx\n"                      /* SIGUSR2 */
        "clc\n"
        "mov $234, %%eax\n syscall\n"
        "setc %[cf]\n"
        "movdqu %%xmm5, %[o]\n"
        "stmxcsr %[m]\n"
        : [o] "=m"(out), [m] "=m"(m), [cf] "=m"(cf)
        :
        : "rax", "rcx", "rdx", "rsi", "rdi", "r11", "xmm5", "memory");
    printf("edited: xmm5 %#lx %#lx mxcsr %#x cf %d\n", out[0], out[1],
           MXCSR_SHOWN(m), cf);
    m = 0x1f80;
    __asm__ volatile("ldmxcsr %0" : : "m"(m));
}

static volatile unsigned long ticks;

static void on_tick(int sig)
{
    ticks++;
    clobber_all();
    (void)sig;
}

/* float work while a timer's handler keeps clobbering the FPU */
static void test_timer_clobber(void)
{
    struct itimerval it = { { 0, 300 }, { 0, 300 } };
    double acc = 0, x = 1.0;
    long double lacc = 0;
    float f = 0;

    signal(SIGALRM, on_tick);
    setitimer(ITIMER_REAL, &it, NULL);
    for (int i = 1; i <= 2000000 || ticks < 10; i++) {
        if (i <= 2000000) {
            x = x * 1.0000001 + 1e-9;
            acc += x / i;
            lacc += (long double)i * 0.5L;
            f += 0.25f;
        }
    }
    it.it_interval.tv_usec = 0;
    it.it_value.tv_usec = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    printf("timer: ticks >= 10 %d acc %.12f x %.12f lacc %.1Lf f %.2f\n",
           ticks >= 10, acc, x, lacc, f);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_preserved();
    test_edit_image();
    test_timer_clobber();
    return 0;
}

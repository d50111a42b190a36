/*
 * Floating-point exceptions the program unmasks.  SSE (MXCSR): the op
 * faults with SIGFPE, si_code naming the exception, RIP at the op, its
 * destination unchanged; masked, the op completes and only sets the flag.
 * x87 (control word): the exception is pending after the op and the next
 * waiting x87 insn or FWAIT faults (RIP there); FNSTSW/FNCLEX do not wait.
 * Each case runs in a child.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/wait.h>

static volatile double dst, src;
static volatile uint64_t gpr;
extern const char trap_divsd[], trap_sqrtsd[], trap_divpd[], trap_mulsd[],
                  trap_inexact[], trap_cvt[], trap_comisd[], trap_addps[],
                  trap_x87_fstp[], trap_x87_fwait[], trap_x87_none[],
                  trap_x87_mmx[], trap_x87_fistp[], trap_x87_fstps[];
static const char *expect_rip;
static volatile int32_t st_target = 12345;
static int x87_case;

static void on_fpe(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    double x0;

    memcpy(&x0, &uc->uc_mcontext.fpregs->_xmm[0], sizeof(x0));
    printf("  SIGFPE code=%d at-op=%d", si->si_code,
           uc->uc_mcontext.gregs[REG_RIP] == (greg_t)(uintptr_t)expect_rip);
    if (x87_case) {
        printf(" x87-status=%#x top=%d target=%d\n",
               uc->uc_mcontext.fpregs->swd & 0x80bf,
               (uc->uc_mcontext.fpregs->swd >> 11) & 7, st_target);
    } else {
        printf(" xmm0=%g mxcsr-flags=%#x\n", x0,
               uc->uc_mcontext.fpregs->mxcsr & 0x3f);
    }
    fflush(stdout);
    _exit(0);
}

static void set_mxcsr(uint32_t v)
{
    __asm__ volatile("ldmxcsr %0" : : "m"(v));
}

static uint32_t get_mxcsr(void)
{
    uint32_t v;
    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

#define OP2(label, insn, a, b)                                           \
    static void op_##label(void)                                         \
    {                                                                    \
        double x = (a), y = (b);                                         \
        __asm__ volatile("movsd %0, %%xmm0; movsd %1, %%xmm1\n"          \
                         ".globl trap_" #label "\ntrap_" #label ":\n"    \
                         insn "\n"                                       \
                         "movsd %%xmm0, %0"                              \
                         : "+m"(x) : "m"(y) : "xmm0", "xmm1");           \
        dst = x;                                                         \
    }

OP2(divsd, "divsd %%xmm1, %%xmm0", 1.0, 0.0)
OP2(sqrtsd, "sqrtsd %%xmm1, %%xmm0", 7.0, -1.0)
OP2(divpd, "divpd %%xmm1, %%xmm0", 1.0, 0.0)
OP2(mulsd, "mulsd %%xmm1, %%xmm0", 1e300, 1e300)
OP2(inexact, "divsd %%xmm1, %%xmm0", 1.0, 3.0)
OP2(addps, "addps %%xmm1, %%xmm0", 1.0, 0.0)

static void op_cvt(void)
{
    double x = 1e30;
    uint64_t r = 5;
    __asm__ volatile("movsd %1, %%xmm0\n"
                     ".globl trap_cvt\ntrap_cvt:\n"
                     "cvttsd2si %%xmm0, %0" : "+r"(r) : "m"(x) : "xmm0");
    gpr = r;
}

static void op_comisd(void)
{
    double x = 2.0, y = __builtin_nan("");
    __asm__ volatile("movsd %0, %%xmm0; movsd %1, %%xmm1\n"
                     ".globl trap_comisd\ntrap_comisd:\n"
                     "comisd %%xmm1, %%xmm0" : : "m"(x), "m"(y)
                     : "xmm0", "xmm1", "cc");
}

/* x87: fdiv by zero, then the insn at the label */
static uint16_t x87_sw;

#define X87(label, after)                                                \
    static void op_##label(void)                                         \
    {                                                                    \
        long double one = 1.0L, r = 5.0L;                               \
        double z = 0.0;                                                  \
        uint16_t sw = 0;                                                 \
        __asm__ volatile("fldt %2; fdivl %3\n"                           \
                         "fnstsw %1\n"                                   \
                         ".globl trap_" #label "\ntrap_" #label ":\n"    \
                         after "\n"                                      \
                         : "+m"(r), "=m"(sw) : "m"(one), "m"(z)          \
                         : "st", "memory");                              \
        x87_sw = sw;                                                     \
        dst = (double)r;                                                 \
    }

X87(x87_fstp, "fstpt %0")
X87(x87_fwait, "fwait; fstpt %0")
X87(x87_none, "fnclex; fstpt %0")
X87(x87_mmx, "movq %%mm0, %%mm1; emms; fstpt %0")

/* a store whose conversion raises: nothing stored, nothing popped */
#define X87_ST(label, value, store)                                      \
    static void op_##label(void)                                         \
    {                                                                    \
        long double v = (value);                                         \
        __asm__ volatile("fldt %0\n" store "\n"                          \
                         ".globl trap_" #label "\ntrap_" #label ":\n"    \
                         "fwait; fninit\n"                               \
                         : : "m"(v), "m"(st_target) : "st", "memory");   \
        dst = st_target;                                                 \
    }

X87_ST(x87_fistp, 1e30L, "fistpl %1")
X87_ST(x87_fstps, 1e300L, "fstps %1")

static void set_x87_cw(uint16_t cw)
{
    __asm__ volatile("fldcw %0" : : "m"(cw));
}

/*
 * Run @op in a child with the exceptions @unmask unmasked: in MXCSR, or
 * with @x87 in the x87 control word; a trap is reported by on_fpe.
 */
static void run_case(const char *name, void (*op)(void), const char *rip,
                     uint32_t unmask, int x87)
{
    pid_t pid;
    int status;

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        struct sigaction sa = { .sa_sigaction = on_fpe,
                                .sa_flags = SA_SIGINFO };
        sigaction(SIGFPE, &sa, NULL);
        expect_rip = rip;
        x87_case = x87;
        printf("%s, %s unmasked %#x:\n", name, x87 ? "x87" : "sse", unmask);
        if (x87) {
            set_x87_cw(0x37f & ~unmask);
        } else {
            set_mxcsr(0x1f80 & ~(unmask << 7));
        }
        op();
        if (x87) {
            /* with ZE unmasked, fdiv left ST0 (the dividend) as it was */
            printf("  no trap: result %g, status after fdiv %#x\n", dst,
                   x87_sw & 0x80bf);
        } else {
            printf("  no trap: result %g, mxcsr-flags=%#x\n", dst,
                   get_mxcsr() & 0x3f);
        }
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status)) {
        printf("  child status %#x\n", status);
    }
}

static void run(const char *name, void (*op)(void), const char *rip,
                uint32_t unmask)
{
    run_case(name, op, rip, unmask, 0);
}

static void run_x87(const char *name, void (*op)(void), const char *rip,
                    uint16_t unmask)
{
    run_case(name, op, rip, unmask, 1);
}

int main(void)
{
    /* IE 0x01, DE 0x02, ZE 0x04, OE 0x08, UE 0x10, PE 0x20 */
    run("divsd by zero", op_divsd, trap_divsd, 0x04);
    run("divsd by zero, masked", op_divsd, trap_divsd, 0x00);
    run("divsd by zero, only PE unmasked", op_divsd, trap_divsd, 0x20);
    run("sqrtsd of -1", op_sqrtsd, trap_sqrtsd, 0x01);
    run("divpd by zero", op_divpd, trap_divpd, 0x04);
    run("mulsd overflow", op_mulsd, trap_mulsd, 0x08);
    run("mulsd overflow, PE unmasked", op_mulsd, trap_mulsd, 0x20);
    run("1/3 inexact", op_inexact, trap_inexact, 0x20);
    run("1/3 inexact, masked", op_inexact, trap_inexact, 0x00);
    run("addps clean", op_addps, trap_addps, 0x3f);
    run("cvttsd2si out of range", op_cvt, trap_cvt, 0x01);
    run("comisd with NaN", op_comisd, trap_comisd, 0x01);
    run_x87("fdiv by zero, fstp next", op_x87_fstp, trap_x87_fstp, 0x04);
    run_x87("fdiv by zero, fwait next", op_x87_fwait, trap_x87_fwait, 0x04);
    run_x87("fdiv by zero, fnclex first", op_x87_none, trap_x87_none, 0x04);
    run_x87("fdiv by zero, an MMX insn next", op_x87_mmx, trap_x87_mmx, 0x04);
    run_x87("fdiv by zero, masked", op_x87_fstp, trap_x87_fstp, 0x00);
    run_x87("fistp out of range", op_x87_fistp, trap_x87_fistp, 0x01);
    run_x87("fistp out of range, masked", op_x87_fistp, trap_x87_fistp, 0);
    run_x87("fstps overflow", op_x87_fstps, trap_x87_fstps, 0x08);
    run_x87("fstps overflow, only PE unmasked", op_x87_fstps,
            trap_x87_fstps, 0x20);
    run_x87("fdiv by zero, only PE unmasked", op_x87_fstp, trap_x87_fstp,
            0x20);
    return 0;
}

/*
 * The x86_64 Linux signal frame, as the kernel builds it on the user
 * stack (arch/x86/kernel/signal*.c, the uapi sigcontext/ucontext headers):
 *
 *   higher addresses    [ red zone: 128 bytes below the interrupted RSP ]
 *                       [ FXSAVE image, 64-byte aligned (fpstate)       ]
 *                       [ struct rt_sigframe                             ]
 *   handler's RSP ----> pretcode = sa_restorer (its "return address")
 *
 * The frame start is 16n - 8, so at handler entry (RSP + 8) is 16-byte
 * aligned as after a call.  rt_sigreturn reads everything back from the
 * frame: a handler may edit the saved registers (gregs[REG_RIP]), mask
 * and FPU image, and the edits take effect.
 */
#include "qemu/osdep.h"
#include "signal-common.h"

/* struct sigcontext (64-bit): the order of glibc's gregs[] too */
typedef struct TargetSigcontext {
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp;
    uint64_t rip;
    uint64_t eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err;
    uint64_t trapno;
    uint64_t oldmask;
    uint64_t cr2;
    uint64_t fpstate;           /* guest address of the FXSAVE image */
    uint64_t reserved1[8];
} TargetSigcontext;
QEMU_BUILD_BUG_ON(sizeof(TargetSigcontext) != 256);

typedef struct TargetUcontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    TargetStack uc_stack;
    TargetSigcontext uc_mcontext;
    uint64_t uc_sigmask;        /* the kernel's sigset_t: 64 bits */
} TargetUcontext;
QEMU_BUILD_BUG_ON(sizeof(TargetUcontext) != 304);

typedef struct TargetRtSigframe {
    uint64_t pretcode;
    TargetUcontext uc;
    TargetSiginfo info;
} TargetRtSigframe;
QEMU_BUILD_BUG_ON(sizeof(TargetRtSigframe) != 440);

/* uc_flags: the saved SS is meaningful and restored strictly */
#define UC_SIGCONTEXT_SS     0x2
#define UC_STRICT_RESTORE_SS 0x4

#define USER_CS 0x33
#define USER_SS 0x2b

/* the flags sigreturn may change (the kernel's FIX_EFLAGS) */
#define RF_MASK 0x10000
#define FIX_EFLAGS (AC_MASK | CC_O | DF_MASK | TF_MASK | CC_S | CC_Z | \
                    CC_A | CC_P | CC_C | RF_MASK)

/* on_sig_stack(): with SS_AUTODISARM the kernel never considers it used */
static bool on_altstack(const AltStack *ss, uint64_t sp)
{
    return !(ss->flags & TARGET_SS_AUTODISARM) &&
           sp > ss->sp && sp - ss->sp <= ss->size;
}

int altstack_flags(const AltStack *ss, uint64_t sp)
{
    if (!ss->size) {
        return TARGET_SS_DISABLE;
    }
    return on_altstack(ss, sp) ? TARGET_SS_ONSTACK : 0;
}

void fpu_reset_for_handler(CPUX86State *env)
{
    env->fpuc = 0x37f;
    env->fpus = 0;
    env->fpstt = 0;
    env->fpop = 0;
    env->fpip = 0;
    env->fpdp = 0;
    memset(env->fpregs, 0, sizeof(env->fpregs));
    memset(env->fptags, 1, sizeof(env->fptags));
    memset(env->xmm_regs, 0, CPU_NB_REGS * sizeof(env->xmm_regs[0]));
    env->mxcsr = 0x1f80;
    x86_mxcsr_to_host(env);
}

static void save_sigcontext(CPUX86State *env, TargetSigcontext *sc,
                            uint64_t mask, uint64_t fpstate,
                            const FaultState *fault)
{
    sc->r8 = env->regs[8];
    sc->r9 = env->regs[9];
    sc->r10 = env->regs[10];
    sc->r11 = env->regs[11];
    sc->r12 = env->regs[12];
    sc->r13 = env->regs[13];
    sc->r14 = env->regs[14];
    sc->r15 = env->regs[15];
    sc->rdi = env->regs[R_EDI];
    sc->rsi = env->regs[R_ESI];
    sc->rbp = env->regs[R_EBP];
    sc->rbx = env->regs[R_EBX];
    sc->rdx = env->regs[R_EDX];
    sc->rax = env->regs[R_EAX];
    sc->rcx = env->regs[R_ECX];
    sc->rsp = env->regs[R_ESP];
    sc->rip = env->eip;
    sc->eflags = cpu_compute_eflags(env);
    sc->cs = USER_CS;
    sc->ss = USER_SS;
    sc->err = fault->err;
    sc->trapno = fault->trapno;
    sc->oldmask = mask;
    sc->cr2 = fault->cr2;
    sc->fpstate = fpstate;
}

bool signal_frame_setup(CPUX86State *env, int sig, const TargetSigaction *ka,
                        const TargetSiginfo *info, uint64_t saved_mask,
                        const AltStack *ss, const FaultState *fault)
{
    uint64_t rsp = env->regs[R_ESP];
    uint64_t sp = rsp - 128;
    bool onstack = ka->flags & TARGET_SA_ONSTACK;
    bool nested, entering = false;
    uint64_t fx, addr;
    TargetRtSigframe frame;
    uint8_t fxbuf[X86_FXSAVE_SIZE];

    if (!(ka->flags & TARGET_SA_RESTORER)) {
        return false;   /* x86_64 has no default restorer */
    }
    nested = on_altstack(ss, rsp);
    if (onstack && altstack_flags(ss, sp) == 0) {
        sp = ss->sp + ss->size;
        entering = true;
    }
    fx = (sp - X86_FXSAVE_SIZE) & ~(uint64_t)63;
    addr = ((fx - sizeof(frame)) & ~(uint64_t)15) - 8;
    /* it would overflow the alternate stack: die with SIGSEGV instead */
    if ((nested || entering) && !(addr > ss->sp && addr - ss->sp <= ss->size)) {
        return false;
    }

    memset(&frame, 0, sizeof(frame));
    frame.pretcode = ka->restorer;
    frame.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
    frame.uc.uc_stack.ss_sp = ss->sp;
    frame.uc.uc_stack.ss_flags = ss->flags;
    frame.uc.uc_stack.ss_size = ss->size;
    save_sigcontext(env, &frame.uc.uc_mcontext, saved_mask, fx, fault);
    frame.uc.uc_sigmask = saved_mask;
    frame.info = *info;
    x86_fxsave_image(env, fxbuf);
    if (!copy_to_guest(fx, fxbuf, sizeof(fxbuf)) ||
        !copy_to_guest(addr, &frame, sizeof(frame))) {
        return false;
    }
    env->regs[R_EDI] = sig;
    env->regs[R_ESI] = addr + offsetof(TargetRtSigframe, info);
    env->regs[R_EDX] = addr + offsetof(TargetRtSigframe, uc);
    env->regs[R_EAX] = 0;
    env->regs[R_ESP] = addr;
    env->eip = ka->handler;
    cpu_load_eflags(env, 0, DF_MASK | TF_MASK | RF_MASK);
    fpu_reset_for_handler(env);
    return true;
}

bool signal_frame_restore(CPUX86State *env, uint64_t *mask,
                          TargetStack *stack)
{
    /* the handler's ret popped pretcode */
    uint64_t addr = env->regs[R_ESP] - 8;
    TargetRtSigframe frame;
    const TargetSigcontext *sc = &frame.uc.uc_mcontext;
    uint8_t fxbuf[X86_FXSAVE_SIZE];

    if (!copy_from_guest(&frame, addr, sizeof(frame))) {
        return false;
    }
    if (sc->fpstate && !copy_from_guest(fxbuf, sc->fpstate, sizeof(fxbuf))) {
        return false;
    }
    env->regs[8] = sc->r8;
    env->regs[9] = sc->r9;
    env->regs[10] = sc->r10;
    env->regs[11] = sc->r11;
    env->regs[12] = sc->r12;
    env->regs[13] = sc->r13;
    env->regs[14] = sc->r14;
    env->regs[15] = sc->r15;
    env->regs[R_EDI] = sc->rdi;
    env->regs[R_ESI] = sc->rsi;
    env->regs[R_EBP] = sc->rbp;
    env->regs[R_EBX] = sc->rbx;
    env->regs[R_EDX] = sc->rdx;
    env->regs[R_EAX] = sc->rax;
    env->regs[R_ECX] = sc->rcx;
    env->regs[R_ESP] = sc->rsp;
    env->eip = sc->rip;
    cpu_load_eflags(env, sc->eflags, FIX_EFLAGS);
    if (sc->fpstate) {
        x86_fxrstor_image(env, fxbuf);
    } else {
        fpu_reset_for_handler(env);     /* no image: the init state */
    }
    *mask = frame.uc.uc_sigmask;
    *stack = frame.uc.uc_stack;
    return true;
}

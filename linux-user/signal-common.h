/*
 * Private to linux-user/signal*.c: the guest's signal structures (the
 * x86_64 Linux kernel ABI, which is also the host's) and what the frame
 * code (signal-frame.c) and the delivery code (signal.c) share.
 */
#ifndef LINUX_USER_SIGNAL_COMMON_H
#define LINUX_USER_SIGNAL_COMMON_H

#include "qemu.h"

#define TARGET_NSIG 64
#define SIGBIT(sig) (1ull << ((sig) - 1))

/* sa_flags (include/uapi/asm-generic/signal-defs.h, x86 SA_RESTORER) */
#define TARGET_SA_NOCLDSTOP      0x00000001u
#define TARGET_SA_NOCLDWAIT      0x00000002u
#define TARGET_SA_SIGINFO        0x00000004u
#define TARGET_SA_EXPOSE_TAGBITS 0x00000800u
#define TARGET_SA_RESTORER       0x04000000u
#define TARGET_SA_ONSTACK        0x08000000u
#define TARGET_SA_RESTART        0x10000000u
#define TARGET_SA_NODEFER        0x40000000u
#define TARGET_SA_RESETHAND      0x80000000u
/* what the kernel keeps of sa_flags (UAPI_SA_FLAGS) */
#define TARGET_SA_KNOWN (TARGET_SA_NOCLDSTOP | TARGET_SA_NOCLDWAIT | \
                         TARGET_SA_SIGINFO | TARGET_SA_EXPOSE_TAGBITS | \
                         TARGET_SA_RESTORER | TARGET_SA_ONSTACK | \
                         TARGET_SA_RESTART | TARGET_SA_NODEFER | \
                         TARGET_SA_RESETHAND)

#define TARGET_SIG_DFL 0
#define TARGET_SIG_IGN 1

/* sigaltstack ss_flags */
#define TARGET_SS_ONSTACK    1
#define TARGET_SS_DISABLE    2
#define TARGET_SS_AUTODISARM (1u << 31)
#define TARGET_MINSIGSTKSZ   2048

/* struct sigaction as the rt_sigaction syscall passes it */
typedef struct TargetSigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
} TargetSigaction;

/* stack_t */
typedef struct TargetStack {
    uint64_t ss_sp;
    int32_t ss_flags;
    int32_t pad;
    uint64_t ss_size;
} TargetStack;
QEMU_BUILD_BUG_ON(sizeof(TargetStack) != 24);

/*
 * siginfo_t: 128 bytes; the union starts at byte 16.  Only the fields
 * the emulator writes itself are named.
 */
typedef struct TargetSiginfo {
    int32_t si_signo;
    int32_t si_errno;
    int32_t si_code;
    int32_t pad0;
    union {
        uint64_t fault_addr;    /* si_addr: SIGSEGV, SIGBUS, SIGFPE, SIGILL */
        uint8_t raw[112];
    };
} TargetSiginfo;
QEMU_BUILD_BUG_ON(sizeof(TargetSiginfo) != 128);

/* si_code values the emulator generates */
#define TARGET_SI_KERNEL     0x80
#define TARGET_SEGV_MAPERR   1
#define TARGET_SEGV_ACCERR   2
#define TARGET_BUS_ADRALN    1
#define TARGET_ILL_ILLOPN    2
#define TARGET_FPE_INTDIV    1
#define TARGET_FPE_FLTDIV    3
#define TARGET_FPE_FLTOVF    4
#define TARGET_FPE_FLTUND    5
#define TARGET_FPE_FLTRES    6
#define TARGET_FPE_FLTINV    7
#define TARGET_TRAP_TRACE    2

/* the per-thread alternate signal stack (kernel: sas_ss_*) */
typedef struct AltStack {
    uint64_t sp;
    uint64_t size;              /* 0: disabled */
    uint32_t flags;             /* ss_flags as last set (SS_DISABLE, ...) */
} AltStack;

/* the last fault of the thread, as the kernel reports it in sigcontext */
typedef struct FaultState {
    uint64_t trapno;
    uint64_t err;
    uint64_t cr2;
} FaultState;

/* signal.c: guest memory copies that report a fault instead of crashing */
bool copy_to_guest(uint64_t gaddr, const void *src, size_t len);
bool copy_from_guest(void *dst, uint64_t gaddr, size_t len);

/* signal-frame.c */
/* sas_ss_flags(): SS_DISABLE, SS_ONSTACK (@sp is on it) or 0 */
int altstack_flags(const AltStack *ss, uint64_t sp);
/*
 * Build the rt_sigframe of @sig for handler @ka on the guest stack (or
 * @ss) and point the guest at the handler.  @saved_mask goes to the
 * frame as the mask to restore.  False if the frame cannot be written
 * (the caller forces SIGSEGV, as the kernel does).
 */
bool signal_frame_setup(CPUX86State *env, int sig, const TargetSigaction *ka,
                        const TargetSiginfo *info, uint64_t saved_mask,
                        const AltStack *ss, const FaultState *fault);
/*
 * rt_sigreturn: restore registers and FPU from the frame below the guest
 * RSP; *mask and *stack receive the frame's uc_sigmask and uc_stack.
 * False on an unreadable frame.
 */
bool signal_frame_restore(CPUX86State *env, uint64_t *mask,
                          TargetStack *stack);
/* the FPU as the kernel gives it to a signal handler (init state) */
void fpu_reset_for_handler(CPUX86State *env);

#endif

/*
 * Signals, to the extent of this version: guest faults found by the host
 * (SIGSEGV/SIGBUS in generated code or in a helper touching guest memory)
 * become guest exceptions; a guest exception ends the process with the
 * signal a native run gets (default action).  Guest handlers are recorded
 * but not yet delivered.
 */
#include "qemu/osdep.h"
#include <sys/resource.h>
#include "qemu.h"
#include "helper.h"
#include "translate.h"

/* the guest's view of sigaction (kernel layout) */
typedef struct TargetSigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
} TargetSigaction;

static TargetSigaction sigact[65];

/* signals the emulator itself needs */
static bool is_emulator_signal(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL;
}

static void host_fault_handler(int sig, siginfo_t *info, void *puc)
{
    ucontext_t *uc = puc;
    uintptr_t pc = uc->uc_mcontext.gregs[REG_RIP];
    CPUState *cs = current_cpu;
    CPUX86State *env;
    uintptr_t ra = 0;

    if (!cs) {
        goto host_bug;
    }
    env = cs->env_ptr;
    if (sig == SIGSEGV && (uc->uc_mcontext.gregs[REG_ERR] & 2) &&
        page_unprotect((uintptr_t)info->si_addr - guest_base)) {
        /* a write to translated code: drop its TBs, then redo the store */
        uintptr_t wra = tcg_tb_lookup(pc) ? pc + 1 : helper_retaddr;
        uint64_t page = ((uintptr_t)info->si_addr - guest_base) &
                        TARGET_PAGE_MASK;
        /*
         * The whole page: once it has no TB left, the next translation
         * there write-protects it again (tb_code_page_hook).
         */
        tb_check_code_write(cs, page, TARGET_PAGE_SIZE, wra);
        return;
    }
    if (tcg_tb_lookup(pc)) {
        ra = pc + 1;            /* a faulting pc, not a return address */
    } else if (helper_retaddr) {
        ra = helper_retaddr;
        helper_retaddr = 0;
    } else if (x86_translating_pc != (uint64_t)-1) {
        env->eip = x86_translating_pc;
        x86_translating_pc = -1;
    } else {
        goto host_bug;
    }
    if (sig == SIGSEGV || sig == SIGBUS) {
        env->cr2 = (uintptr_t)info->si_addr - guest_base;
        env->error_code = (uc->uc_mcontext.gregs[REG_ERR] & 2) ? 2 : 0;
        cs->exception_index = sig == SIGBUS ? EXCP11_ALGN + 0x1000
                                            : EXCP0E_PAGE;
    } else {
        cs->exception_index = EXCP00_DIVZ;
    }
    if (ra) {
        cpu_restore_state(cs, ra);
    }
    cpu_loop_exit(cs);

host_bug:
    /* a bug of the emulator itself: die with the signal */
    signal(sig, SIG_DFL);
}

void signal_init(void)
{
    struct sigaction sa = { 0 };

    sa.sa_sigaction = host_fault_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

void force_sig_exit(int sig)
{
    struct rlimit nocore = { 0, 0 };
    struct sigaction sa = { 0 };
    sigset_t set;

    fflush(stdout);
    fflush(stderr);
    /* a core file would be the emulator's, not the guest's */
    setrlimit(RLIMIT_CORE, &nocore);
    sa.sa_handler = SIG_DFL;
    sigaction(sig, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
}

void handle_guest_exception(CPUX86State *env, int trapnr)
{
    int sig;

    switch (trapnr) {
    case EXCP00_DIVZ:
    case EXCP10_COPR:
    case EXCP13_XMM:
        sig = SIGFPE;
        break;
    case EXCP06_ILLOP:
    case EXCP07_PREX:
        sig = SIGILL;
        break;
    case EXCP01_DB:
    case EXCP03_INT3:
        sig = SIGTRAP;
        break;
    case EXCP11_ALGN + 0x1000:
        sig = SIGBUS;
        break;
    default:
        sig = SIGSEGV;
        break;
    }
    if (sigact[sig].handler == (uint64_t)(uintptr_t)SIG_IGN &&
        sig != SIGSEGV && sig != SIGFPE && sig != SIGILL && sig != SIGBUS) {
        return;
    }
    fprintf(stderr, "qemu: uncaught target signal %d (%s) - core dumped\n",
            sig, strsignal(sig));
    force_sig_exit(sig);
}

int64_t do_rt_sigaction(int sig, uint64_t act, uint64_t oact, size_t size)
{
    TargetSigaction ta;

    if (sig < 1 || sig > 64 || sig == SIGKILL || sig == SIGSTOP ||
        size != 8) {
        return -EINVAL;
    }
    if (oact) {
        memcpy(g2h_untagged(oact), &sigact[sig], sizeof(ta));
    }
    if (act) {
        memcpy(&ta, g2h_untagged(act), sizeof(ta));
        sigact[sig] = ta;
        /* SIG_DFL and SIG_IGN take effect on the host as they are */
        if (!is_emulator_signal(sig) &&
            (ta.handler == (uint64_t)(uintptr_t)SIG_DFL ||
             ta.handler == (uint64_t)(uintptr_t)SIG_IGN)) {
            struct sigaction sa = { 0 };
            sa.sa_handler = (void (*)(int))(uintptr_t)ta.handler;
            sigaction(sig, &sa, NULL);
        }
    }
    return 0;
}

int64_t do_rt_sigprocmask(int how, uint64_t set, uint64_t oset, size_t size)
{
    sigset_t hs, ho;

    if (size != 8) {
        return -EINVAL;
    }
    sigemptyset(&hs);
    if (set) {
        uint64_t m;
        memcpy(&m, g2h_untagged(set), 8);
        for (int i = 1; i <= 64; i++) {
            if ((m >> (i - 1)) & 1 && !is_emulator_signal(i) && i < SIGRTMIN) {
                sigaddset(&hs, i);
            }
        }
    }
    if (sigprocmask(how, set ? &hs : NULL, &ho) != 0) {
        return -errno;
    }
    if (oset) {
        uint64_t m = 0;
        for (int i = 1; i <= 64 && i < SIGRTMIN; i++) {
            if (sigismember(&ho, i)) {
                m |= 1ull << (i - 1);
            }
        }
        memcpy(g2h_untagged(oset), &m, 8);
    }
    return 0;
}

/*
 * Guest signal handlers: siginfo fields, masks, sigpending, sigsuspend,
 * sigtimedwait, sigaltstack, nested signals, SA_RESETHAND/SA_NODEFER,
 * SIGCHLD, default actions (seen from a parent through waitpid).
 * Output is deterministic: no addresses, no pids.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

static volatile int hits[65];
static volatile int last_code, last_errno, last_value, last_pid_ok;
static volatile int order[16], norder;

static void on_info(int sig, siginfo_t *si, void *uc)
{
    hits[sig]++;
    last_code = si->si_code;
    last_errno = si->si_errno;
    last_pid_ok = si->si_pid == getpid();
    last_value = si->si_value.sival_int;
    if (norder < 16) {
        order[norder++] = sig;
    }
    (void)uc;
}

static void on_plain(int sig)
{
    hits[sig]++;
    if (norder < 16) {
        order[norder++] = sig;
    }
}

static void set_handler(int sig, void (*fn)(int, siginfo_t *, void *),
                        int flags)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL) != 0) {
        perror("sigaction");
        exit(1);
    }
}

static void print_order(const char *what)
{
    printf("%s:", what);
    for (int i = 0; i < norder; i++) {
        printf(" %d", order[i]);
    }
    printf("\n");
    norder = 0;
}

static void test_siginfo(void)
{
    union sigval v = { .sival_int = 1234 };

    set_handler(SIGUSR1, on_info, 0);
    raise(SIGUSR1);
    printf("raise: hits %d code %d pid_ok %d\n", hits[SIGUSR1], last_code,
           last_pid_ok);
    kill(getpid(), SIGUSR1);
    printf("kill: hits %d code %d (SI_USER %d) pid_ok %d\n", hits[SIGUSR1],
           last_code, SI_USER, last_pid_ok);
    sigqueue(getpid(), SIGUSR1, v);
    printf("sigqueue: hits %d code %d (SI_QUEUE %d) value %d\n",
           hits[SIGUSR1], last_code, SI_QUEUE, last_value);
    set_handler(SIGRTMIN + 3, on_info, 0);
    v.sival_int = 77;
    sigqueue(getpid(), SIGRTMIN + 3, v);
    printf("rt signal: hits %d value %d\n", hits[SIGRTMIN + 3], last_value);
}

static void test_mask(void)
{
    sigset_t set, old, pend;
    int r;

    hits[SIGUSR2] = 0;
    set_handler(SIGUSR2, on_info, 0);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR2);
    raise(SIGUSR2);             /* standard signals do not queue */
    sigpending(&pend);
    printf("blocked: hits %d pending %d usr1 pending %d\n", hits[SIGUSR2],
           sigismember(&pend, SIGUSR2), sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: hits %d\n", hits[SIGUSR2]);
    sigpending(&pend);
    printf("pending after: %d\n", sigismember(&pend, SIGUSR2));

    /* SIGKILL and SIGSTOP cannot be blocked */
    sigfillset(&set);
    sigprocmask(SIG_SETMASK, &set, &old);
    sigprocmask(SIG_SETMASK, NULL, &set);
    printf("fill: kill %d stop %d usr1 %d\n", sigismember(&set, SIGKILL),
           sigismember(&set, SIGSTOP), sigismember(&set, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = 0;
    r = sigprocmask(99, &set, NULL);
    printf("bad how: %d errno %d\n", r, errno);

    /* queued real-time signals: all of them, lowest number first */
    set_handler(SIGRTMIN + 1, on_info, 0);
    set_handler(SIGRTMIN + 2, on_info, 0);
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 1);
    sigaddset(&set, SIGRTMIN + 2);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGRTMIN + 2);
    raise(SIGRTMIN + 1);
    raise(SIGRTMIN + 2);
    raise(SIGUSR2);
    norder = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("rt queue: hits %d %d\n", hits[SIGRTMIN + 1], hits[SIGRTMIN + 2]);
    print_order("order");
}

static void test_sigsuspend(void)
{
    sigset_t set, old, wait_mask, now;
    int r;

    hits[SIGUSR1] = 0;
    set_handler(SIGUSR1, on_info, 0);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1);
    sigfillset(&wait_mask);
    sigdelset(&wait_mask, SIGUSR1);
    errno = 0;
    r = sigsuspend(&wait_mask);
    sigprocmask(SIG_SETMASK, NULL, &now);
    printf("sigsuspend: %d errno %d hits %d usr1 still blocked %d, "
           "usr2 blocked %d\n", r, errno, hits[SIGUSR1],
           sigismember(&now, SIGUSR1), sigismember(&now, SIGUSR2));
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static void test_sigtimedwait(void)
{
    sigset_t set, old;
    siginfo_t si;
    struct timespec zero = { 0, 0 };
    union sigval v = { .sival_int = 99 };
    int r;

    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGRTMIN + 4);
    sigprocmask(SIG_BLOCK, &set, &old);
    sigqueue(getpid(), SIGRTMIN + 4, v);
    raise(SIGUSR1);
    hits[SIGUSR1] = 0;
    memset(&si, 0, sizeof(si));
    r = sigtimedwait(&set, &si, &zero);
    printf("sigtimedwait: usr1 %d signo ok %d code %d\n", r == SIGUSR1,
           si.si_signo == SIGUSR1, si.si_code);
    r = sigtimedwait(&set, &si, &zero);
    printf("sigtimedwait: rt %d value %d code %d\n", r == SIGRTMIN + 4,
           si.si_value.sival_int, si.si_code);
    errno = 0;
    r = sigtimedwait(&set, &si, &zero);
    printf("sigtimedwait: empty %d errno %d handler hits %d\n", r, errno,
           hits[SIGUSR1]);
    r = sigwaitinfo(NULL, &si);
    printf("sigwaitinfo(NULL): %d errno %d\n", r, errno);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static char altstack[65536];
static volatile int on_alt, alt_flags, change_errno;

static void on_alt_handler(int sig, siginfo_t *si, void *uc)
{
    char here;
    stack_t cur;

    on_alt = &here > altstack && &here < altstack + sizeof(altstack);
    sigaltstack(NULL, &cur);
    alt_flags = cur.ss_flags;
    /* no change while running on it */
    errno = 0;
    change_errno = sigaltstack(&cur, NULL) == 0 ? 0 : errno;
    hits[sig]++;
    (void)si;
    (void)uc;
}

static void test_sigaltstack(void)
{
    stack_t ss, old;
    int r;

    ss.ss_sp = altstack;
    ss.ss_size = sizeof(altstack);
    ss.ss_flags = 0;
    r = sigaltstack(&ss, &old);
    printf("sigaltstack: %d old flags %d\n", r, old.ss_flags);
    set_handler(SIGUSR1, on_alt_handler, SA_ONSTACK);
    raise(SIGUSR1);
    printf("onstack: on alt %d flags %d (SS_ONSTACK %d) change errno %d\n",
           on_alt, alt_flags, SS_ONSTACK, change_errno);
    set_handler(SIGUSR1, on_alt_handler, 0);
    raise(SIGUSR1);
    printf("without SA_ONSTACK: on alt %d flags %d\n", on_alt, alt_flags);
    sigaltstack(NULL, &old);
    printf("query: flags %d size ok %d\n", old.ss_flags,
           old.ss_size == sizeof(altstack));

    errno = 0;
    ss.ss_size = 100;
    r = sigaltstack(&ss, NULL);
    printf("too small: %d errno %d\n", r, errno);
    errno = 0;
    ss.ss_size = sizeof(altstack);
    ss.ss_flags = 12345;
    r = sigaltstack(&ss, NULL);
    printf("bad flags: %d errno %d\n", r, errno);
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    sigaltstack(NULL, &old);
    printf("disabled: flags %d\n", old.ss_flags);
    set_handler(SIGUSR1, on_alt_handler, SA_ONSTACK);
    raise(SIGUSR1);
    printf("disabled + SA_ONSTACK: on alt %d\n", on_alt);

    /* SS_AUTODISARM: the handler sees it disabled */
    ss.ss_sp = altstack;
    ss.ss_size = sizeof(altstack);
    ss.ss_flags = SS_AUTODISARM;
    r = sigaltstack(&ss, NULL);
    raise(SIGUSR1);
    printf("autodisarm: %d on alt %d flags in handler %d\n", r, on_alt,
           alt_flags);
    sigaltstack(NULL, &old);
    printf("autodisarm after: flags %d\n", old.ss_flags);
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
}

static volatile int depth, max_depth;

static void on_nested(int sig)
{
    depth++;
    if (depth > max_depth) {
        max_depth = depth;
    }
    if (norder < 16) {
        order[norder++] = sig;
    }
    if (sig == SIGUSR1 && hits[SIGUSR1]++ == 0) {
        raise(SIGUSR2);         /* runs inside, before we return */
        raise(SIGUSR1);         /* blocked while we run: after return */
        if (norder < 16) {
            order[norder++] = 100;
        }
    }
    depth--;
}

static void test_nested(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_nested;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    hits[SIGUSR1] = 0;
    norder = 0;
    max_depth = 0;
    raise(SIGUSR1);
    printf("nested: max depth %d\n", max_depth);
    print_order("order");

    /* SA_NODEFER: the same signal nests */
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGUSR1, &sa, NULL);
    hits[SIGUSR1] = 0;
    max_depth = 0;
    raise(SIGUSR1);
    printf("nodefer: max depth %d\n", max_depth);
    print_order("order");

    /* sa_mask blocks SIGUSR2 inside the handler */
    sa.sa_flags = 0;
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, NULL);
    hits[SIGUSR1] = 0;
    max_depth = 0;
    raise(SIGUSR1);
    printf("sa_mask: max depth %d\n", max_depth);
    print_order("order");
}

static void test_resethand(void)
{
    struct sigaction sa, cur;
    int r;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_plain;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR2, &sa, NULL);
    hits[SIGUSR2] = 0;
    raise(SIGUSR2);
    sigaction(SIGUSR2, NULL, &cur);
    printf("resethand: hits %d now default %d\n", hits[SIGUSR2],
           cur.sa_handler == SIG_DFL);

    sa.sa_handler = SIG_IGN;
    sa.sa_flags = 0;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("ignored: survived\n");
    /* a blocked pending signal is dropped when it becomes ignored */
    {
        sigset_t set, pend;
        sa.sa_handler = on_plain;
        sigaction(SIGUSR2, &sa, NULL);
        sigemptyset(&set);
        sigaddset(&set, SIGUSR2);
        sigprocmask(SIG_BLOCK, &set, NULL);
        raise(SIGUSR2);
        sa.sa_handler = SIG_IGN;
        sigaction(SIGUSR2, &sa, NULL);
        sigpending(&pend);
        printf("ignore drops pending: %d\n", !sigismember(&pend, SIGUSR2));
        sigprocmask(SIG_UNBLOCK, &set, NULL);
    }
    errno = 0;
    r = sigaction(SIGKILL, &sa, NULL);
    printf("sigaction(SIGKILL): %d errno %d\n", r, errno);
    errno = 0;
    r = sigaction(65, &sa, NULL);
    printf("sigaction(65): %d errno %d\n", r, errno);
    printf("query SIGKILL: %d\n", sigaction(SIGKILL, NULL, &cur));
    errno = 0;
    r = syscall(SYS_rt_sigaction, SIGUSR1, NULL, &cur, 4);
    printf("bad size: %d errno %d\n", r, errno);
    errno = 0;
    r = syscall(SYS_rt_sigaction, SIGUSR1, (void *)8, NULL, 8);
    printf("bad pointer: %d errno %d\n", r, errno);
}

static volatile int chld_code, chld_status, chld_pid_ok;
static volatile pid_t chld_expected;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
    hits[sig]++;
    chld_code = si->si_code;
    chld_status = si->si_status;
    chld_pid_ok = si->si_pid == chld_expected;
    (void)uc;
}

static void test_sigchld(void)
{
    sigset_t set, old;
    int status;
    pid_t pid;

    set_handler(SIGCHLD, on_chld, SA_RESTART);
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, &old);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        _exit(7);
    }
    chld_expected = pid;
    sigsuspend(&old);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("sigchld: hits %d code %d (CLD_EXITED %d) status %d pid ok %d\n",
           hits[SIGCHLD], chld_code, CLD_EXITED, chld_status, chld_pid_ok);
    waitpid(pid, &status, 0);
    printf("child exit %d\n", WEXITSTATUS(status));
    signal(SIGCHLD, SIG_DFL);
}

/* how a child ends after @fn */
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

static void c_abort(void) { raise(SIGABRT); }
static void c_usr1(void)
{
    signal(SIGUSR1, SIG_DFL);
    raise(SIGUSR1);
}
static void c_term_blocked(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGTERM);
    printf("term blocked: alive\n");
    fflush(stdout);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}
static void c_rt(void) { raise(SIGRTMIN + 5); }
static void c_chld_default(void) { raise(SIGCHLD); raise(SIGURG); }
static void on_abrt(int sig) { printf("abort handler %d\n", sig); }
static void c_abort_handled(void)
{
    signal(SIGABRT, on_abrt);
    abort();                    /* the handler returns: still dies */
}
static void c_quit(void) { kill(getpid(), SIGQUIT); }
static void c_exit_in_handler_h(int sig) { _exit(sig + 100); }
static void c_exit_in_handler(void)
{
    signal(SIGHUP, c_exit_in_handler_h);
    raise(SIGHUP);
}

static void test_default_actions(void)
{
    int status;
    pid_t pid;

    run_child("abort", c_abort);
    run_child("usr1", c_usr1);
    run_child("term-blocked", c_term_blocked);
    run_child("rt", c_rt);
    run_child("chld-urg-default", c_chld_default);
    run_child("abort-handled", c_abort_handled);
    run_child("quit", c_quit);
    run_child("exit-in-handler", c_exit_in_handler);

    /* stop and continue */
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        raise(SIGTSTP);
        _exit(5);
    }
    waitpid(pid, &status, WUNTRACED);
    printf("tstp: stopped %d by %d\n", WIFSTOPPED(status),
           WSTOPSIG(status));
    kill(pid, SIGCONT);
    waitpid(pid, &status, 0);
    printf("after cont: exit %d\n", WEXITSTATUS(status));
}

/* garbage arguments: errors, never a crash of the emulator */
static void test_bad_args(void)
{
    void *bad = (void *)16;
    void *unmapped = (void *)0x7ff0000;
    long r[10];
    int e[10];

#define TRY(i, call) do { errno = 0; r[i] = call; e[i] = errno; } while (0)
    TRY(0, syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad, NULL, 8));
    TRY(1, syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, unmapped, 8));
    TRY(2, syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, NULL, 16));
    TRY(3, syscall(SYS_rt_sigpending, bad, 8));
    TRY(4, syscall(SYS_rt_sigpending, NULL, 9));
    TRY(5, syscall(SYS_rt_sigsuspend, bad, 8));
    TRY(6, syscall(SYS_sigaltstack, bad, NULL));
    TRY(7, syscall(SYS_rt_sigtimedwait, bad, NULL, NULL, 8));
    TRY(8, syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, bad));
    TRY(9, syscall(SYS_rt_sigaction, SIGUSR1, NULL, unmapped, 8));
#undef TRY
    for (int i = 0; i < 10; i++) {
        printf("bad args %d: %ld errno %d\n", i, r[i], e[i]);
    }
}

static void c_bad_sigreturn(void)
{
    /* a frame of garbage below the stack pointer: SIGSEGV */
    __asm__ volatile("mov $16, %%rsp\n mov $15, %%eax\n syscall"
                     : : : "memory");
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_siginfo();
    test_mask();
    test_sigsuspend();
    test_sigtimedwait();
    test_sigaltstack();
    test_nested();
    test_resethand();
    test_sigchld();
    test_default_actions();
    test_bad_args();
    run_child("bad sigreturn", c_bad_sigreturn);
    return 0;
}

/*
 * linux-user: running one x86_64 Linux program on the host kernel.
 */
#ifndef LINUX_USER_QEMU_H
#define LINUX_USER_QEMU_H

#include "cpu.h"

#define TARGET_PAGE_SIZE 4096ul
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))

static inline void *g2h_untagged(uint64_t addr)
{
    return (void *)(uintptr_t)(guest_base + addr);
}

static inline uint64_t h2g(const void *p)
{
    return (uintptr_t)p - guest_base;
}

typedef struct ImageInfo {
    uint64_t load_bias;
    uint64_t entry;
    uint64_t phdr_addr;
    unsigned phnum;
    uint64_t start_brk;     /* end of the loaded image, page-aligned */
    uint64_t stack_top;
    uint64_t stack_limit;
    int stack_prot;         /* PROT_EXEC too if PT_GNU_STACK says so */
    uint64_t sp;            /* initial stack pointer */
    const char *exec_path;  /* absolute path of the program */
    uint32_t hwcap;         /* AT_HWCAP: CPUID.1:EDX of the guest CPU */
    uint64_t interp_base;   /* AT_BASE: where ld.so landed (0: static) */
    uint64_t interp_entry;  /* first guest pc: ld.so's or the program's */
    char *interp_path;      /* PT_INTERP as written in the program */
    uint64_t auxv;          /* guest address of the auxiliary vector */
    uint64_t auxv_len;      /* its size in bytes, AT_NULL included */
    uint64_t arg_start;     /* the argv strings on the guest stack */
    uint64_t arg_end;
} ImageInfo;

/* command-line state shared by the parts */
typedef struct UserOptions {
    const char *interp_prefix;      /* -L */
    bool strace;
    uint64_t reserved_va;           /* -R */
    const char *exec_path;
    const char *cpu_model;          /* -cpu, passed on to exec'd programs */
    bool native_exec;               /* -native-exec: execve on the host */
} UserOptions;
extern UserOptions user_opts;

/*
 * An environment variable NAME=value passed to the emulator as
 * QEMU_GUEST_ENV_NAME=value is NAME=value in the guest's environment
 * only: how an exec'd emulator gets the guest's LD_* variables without
 * its own (host) dynamic loader acting on them.
 */
#define GUEST_ENV_PREFIX "QEMU_GUEST_ENV_"

/*
 * path.c: the -L prefix (guest sysroot).  path() returns @name inside the
 * prefix when that file exists there, else @name itself (as QEMU does);
 * the result is valid until the next call in this thread.
 */
void init_paths(const char *prefix);
const char *path(const char *name);
/* the prefix in effect (absolute), or NULL */
const char *path_prefix(void);

/* elfload.c */
bool loader_exec(const char *filename, char **argv, char **envp,
                 ImageInfo *info, Error **errp);

/* mmap.c: the guest address space bookkeeping */
/*
 * mmap_lock (recursive; it is the TB lock, see exec/cpu-exec.h) guards
 * the range list, brk and the code page protections; the functions below
 * take it themselves.
 */
void mmap_lock(void);
void mmap_unlock(void);
void mmap_init(void);
/*
 * -R: the guest address space is [0, reserved_va) (0: no limit, the
 * host's).  mmap_reserve_va() reserves it on the host at start-up, at
 * guest_base when @have_base (-B), else wherever it fits (guest_base 0
 * when the host's low addresses are free).  Guest mmap/brk/stack/loader
 * placement stays inside; what does not fit gets ENOMEM.
 */
extern uint64_t reserved_va;
bool mmap_reserve_va(uint64_t size, bool have_base, Error **errp);
/*
 * -R: a free, @align-aligned guest range of @len bytes: @hint if it is
 * free, else the highest hole that fits (-1: none).
 */
uint64_t mmap_find_vma(uint64_t hint, uint64_t len, uint64_t align);
void guest_range_add(uint64_t start, uint64_t len, int prot,
                     const char *name);
/* a range mapped from a file (shown with its offset, device and inode) */
void guest_range_add_file(uint64_t start, uint64_t len, int prot,
                          bool shared, const char *name, uint64_t offset,
                          uint64_t dev, uint64_t ino);
void guest_range_remove(uint64_t start, uint64_t len);
void guest_range_protect(uint64_t start, uint64_t len, int prot);
bool guest_range_valid(uint64_t start, uint64_t len);
/* is all of [start, start + len) mapped guest memory the guest may read? */
bool guest_range_readable(uint64_t start, uint64_t len);
int64_t target_mmap(uint64_t addr, uint64_t len, int prot, int flags,
                    int fd, uint64_t off);
int64_t target_munmap(uint64_t addr, uint64_t len);
int64_t target_mprotect(uint64_t addr, uint64_t len, int prot);
int64_t target_mremap(uint64_t old, uint64_t old_len, uint64_t new_len,
                      int flags, uint64_t new_addr);
int64_t target_shmat(int shmid, uint64_t addr, int shmflg);
int64_t target_shmdt(uint64_t addr);
void target_set_brk(uint64_t brk);
int64_t target_brk(uint64_t brk);
/* self-modifying code: write-protect translated pages (see mmap.c) */
void mmap_enable_smc_tracking(void);
/*
 * The guest fetched code at @addr from a page without PROT_EXEC (found
 * while translating): SIGSEGV/SEGV_ACCERR at the insn being translated.
 */
QEMU_NORETURN void raise_code_fetch_fault(CPUState *cs, uint64_t addr);
/* a write fault at @addr hit a page protected for its code: unprotect */
bool page_unprotect(uint64_t addr);
void page_forget_protection(uint64_t start, uint64_t len);
/* write the guest's /proc/self/maps to @fd */
void write_guest_maps(int fd);

/* cpu_loop.c: run a guest thread (never returns) */
QEMU_NORETURN void cpu_loop(CPUX86State *env);

/*
 * strace.c: -strace output (QEMU's format), to the log under LOG_STRACE.
 * print_syscall() before the call (@args: its six argument registers),
 * print_syscall_ret() after it.
 */
void print_syscall(int num, const uint64_t *args);
void print_syscall_ret(int num, int64_t ret);
/*
 * "--- SIGCHLD {si_signo=SIGCHLD, si_code=1, si_pid=...} ---" when signal
 * delivery hands @sig (guest siginfo @info, the host layout) to the guest
 * under -strace.
 */
void print_taken_signal(int sig, const siginfo_t *info);

/* syscall.c */
int64_t do_syscall(CPUX86State *env, int num, uint64_t a1, uint64_t a2,
                   uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);
void syscall_init(const ImageInfo *info);
/* the host fork (own copy of the code buffer); between fork_start/end */
int64_t do_fork(int exit_signal);
/* end the whole process (every thread) with @code */
QEMU_NORETURN void do_exit_group(int code);

/*
 * thread.c: guest threads, one host thread and one vCPU each; guest tids
 * are host tids.  do_clone/do_clone3 also do fork-like clones.
 */
int64_t do_clone(CPUX86State *env, uint64_t flags, uint64_t newsp,
                 uint64_t ptid, uint64_t ctid, uint64_t tls);
int64_t do_clone3(CPUX86State *env, uint64_t uargs, uint64_t size);
/* the exit syscall: ends the calling thread (the process if it is last) */
QEMU_NORETURN void do_exit_thread(CPUX86State *env, int code);
int64_t do_set_tid_address(uint64_t addr);
int64_t do_set_robust_list(uint64_t head, uint64_t len);
int64_t do_get_robust_list(int pid, uint64_t head_ptr, uint64_t len_ptr);
int64_t do_futex(uint64_t uaddr, int op, uint64_t val, uint64_t timeout,
                 uint64_t uaddr2, uint64_t val3);
/*
 * Around a host fork: no other thread holds the thread list, the TB
 * tables or the memory map (mmap_lock) then; the child starts with the
 * forking thread alone.
 */
void fork_start(void);
void fork_end(bool child);

/*
 * signal.c: guest signals (see the top of signal.c and safe-syscall.S).
 *
 * do_syscall results that are not a guest return value: cpu_loop moves
 * the guest back onto its syscall instruction for -QEMU_ERESTARTSYS (a
 * signal came first: the syscall is redone after its handler), and leaves
 * RAX alone for -QEMU_ESIGRETURN (rt_sigreturn restored all registers).
 */
#define QEMU_ERESTARTSYS 512
#define QEMU_ESIGRETURN  513
void signal_init(void);
/*
 * Deliver what is pending for the calling thread: build the handler's
 * frame on the guest stack, or apply the default action.  cpu_loop calls
 * it after every cpu_exec() return and every syscall.
 */
void process_pending_signals(CPUX86State *env);
/* End the process as if killed by @sig (default action of a guest fault). */
QEMU_NORETURN void force_sig_exit(int sig);
/* a guest exception (cpu_exec result) becomes the signal native gets */
void handle_guest_exception(CPUX86State *env, int trapnr);
/*
 * A host syscall that may block: returns -QEMU_ERESTARTSYS instead of
 * entering it when a guest signal is pending, and lets the host kernel
 * interrupt or restart it as the guest's SA_RESTART says.  Raw kernel
 * result (-errno).  Use it for every syscall that can wait (futex too).
 */
int64_t safe_syscall(long num, uint64_t a1, uint64_t a2, uint64_t a3,
                     uint64_t a4, uint64_t a5, uint64_t a6);
int64_t do_rt_sigaction(int sig, uint64_t act, uint64_t oact, size_t size);
int64_t do_rt_sigprocmask(int how, uint64_t set, uint64_t oset, size_t size);
int64_t do_rt_sigpending(uint64_t set, size_t size);
int64_t do_rt_sigsuspend(uint64_t set, size_t size);
int64_t do_rt_sigtimedwait(uint64_t set, uint64_t info, uint64_t timeout,
                           size_t size);
/* rt_sigqueueinfo and rt_tgsigqueueinfo (@num says which) */
int64_t do_rt_sigqueueinfo(int num, uint64_t a1, uint64_t a2, uint64_t a3,
                           uint64_t a4);
int64_t do_sigaltstack(CPUX86State *env, uint64_t ss, uint64_t old_ss);
int64_t do_rt_sigreturn(CPUX86State *env);
/* for thread.c: the calling thread's guest signal mask */
uint64_t signal_current_blocked(void);
/* a new guest thread, on its host thread, before cpu_loop: its mask */
void signal_thread_start(uint64_t blocked);
/*
 * A guest thread ends (on its host thread, last thing before it goes):
 * no more host signals for it; signals recorded for it but not yet
 * delivered go back to the process unless they were sent to the thread.
 */
void signal_thread_exit(void);
/* in the child of a fork, before it runs guest code: nothing pending */
void signal_fork_child(void);

#endif

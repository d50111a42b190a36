/*
 * -strace: every guest syscall printed with its decoded arguments and its
 * result, in the format of QEMU's linux-user strace:
 *
 *   1234 openat(-100,"/etc/passwd",O_RDONLY|O_CLOEXEC) = 3
 *   1234 read(3,0x00000000004a2000,4096) = 1024
 *   1234 access("/nope",F_OK) = -1 errno=2 (No such file or directory)
 *   1234 mmap(NULL,8192,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0)
 *        = 0x00007f0000000000          (on one line)
 *
 * The call is printed before it runs and its result after, so output the
 * syscall itself writes to the same terminal lands in between, as with
 * QEMU.  Lines go to the log (stderr, or the -D file) under LOG_STRACE.
 *
 * A syscall with a format below gets its arguments decoded; one without
 * gets its six registers in decimal; a number the host kernel headers do
 * not name is reported as "Unknown syscall N".
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/stat.h>
#include <termios.h>
#include "qemu.h"

/* every syscall the host headers know, by number */
#define N(name) [__NR_##name] = #name
static const char *const syscall_names[] = {
    N(read), N(write), N(open), N(close), N(stat), N(fstat), N(lstat),
    N(poll), N(lseek), N(mmap), N(mprotect), N(munmap), N(brk),
    N(rt_sigaction), N(rt_sigprocmask), N(rt_sigreturn), N(ioctl),
    N(pread64), N(pwrite64), N(readv), N(writev), N(access), N(pipe),
    N(select), N(sched_yield), N(mremap), N(msync), N(mincore), N(madvise),
    N(shmget), N(shmat), N(shmctl), N(dup), N(dup2), N(pause), N(nanosleep),
    N(getitimer), N(alarm), N(setitimer), N(getpid), N(sendfile), N(socket),
    N(connect), N(accept), N(sendto), N(recvfrom), N(sendmsg), N(recvmsg),
    N(shutdown), N(bind), N(listen), N(getsockname), N(getpeername),
    N(socketpair), N(setsockopt), N(getsockopt), N(clone), N(fork), N(vfork),
    N(execve), N(exit), N(wait4), N(kill), N(uname), N(semget), N(semop),
    N(semctl), N(shmdt), N(msgget), N(msgsnd), N(msgrcv), N(msgctl),
    N(fcntl), N(flock), N(fsync), N(fdatasync), N(truncate), N(ftruncate),
    N(getdents), N(getcwd), N(chdir), N(fchdir), N(rename), N(mkdir),
    N(rmdir), N(creat), N(link), N(unlink), N(symlink), N(readlink),
    N(chmod), N(fchmod), N(chown), N(fchown), N(lchown), N(umask),
    N(gettimeofday), N(getrlimit), N(getrusage), N(sysinfo), N(times),
    N(ptrace), N(getuid), N(syslog), N(getgid), N(setuid), N(setgid),
    N(geteuid), N(getegid), N(setpgid), N(getppid), N(getpgrp), N(setsid),
    N(setreuid), N(setregid), N(getgroups), N(setgroups), N(setresuid),
    N(getresuid), N(setresgid), N(getresgid), N(getpgid), N(setfsuid),
    N(setfsgid), N(getsid), N(capget), N(capset), N(rt_sigpending),
    N(rt_sigtimedwait), N(rt_sigqueueinfo), N(rt_sigsuspend), N(sigaltstack),
    N(utime), N(mknod), N(uselib), N(personality), N(ustat), N(statfs),
    N(fstatfs), N(sysfs), N(getpriority), N(setpriority), N(sched_setparam),
    N(sched_getparam), N(sched_setscheduler), N(sched_getscheduler),
    N(sched_get_priority_max), N(sched_get_priority_min),
    N(sched_rr_get_interval), N(mlock), N(munlock), N(mlockall),
    N(munlockall), N(vhangup), N(modify_ldt), N(pivot_root), N(_sysctl),
    N(prctl), N(arch_prctl), N(adjtimex), N(setrlimit), N(chroot), N(sync),
    N(acct), N(settimeofday), N(mount), N(umount2), N(swapon), N(swapoff),
    N(reboot), N(sethostname), N(setdomainname), N(iopl), N(ioperm),
    N(create_module), N(init_module), N(delete_module), N(get_kernel_syms),
    N(query_module), N(quotactl), N(nfsservctl), N(getpmsg), N(putpmsg),
    N(afs_syscall), N(tuxcall), N(security), N(gettid), N(readahead),
    N(setxattr), N(lsetxattr), N(fsetxattr), N(getxattr), N(lgetxattr),
    N(fgetxattr), N(listxattr), N(llistxattr), N(flistxattr), N(removexattr),
    N(lremovexattr), N(fremovexattr), N(tkill), N(time), N(futex),
    N(sched_setaffinity), N(sched_getaffinity), N(set_thread_area),
    N(io_setup), N(io_destroy), N(io_getevents), N(io_submit), N(io_cancel),
    N(get_thread_area), N(lookup_dcookie), N(epoll_create), N(epoll_ctl_old),
    N(epoll_wait_old), N(remap_file_pages), N(getdents64),
    N(set_tid_address), N(restart_syscall), N(semtimedop), N(fadvise64),
    N(timer_create), N(timer_settime), N(timer_gettime), N(timer_getoverrun),
    N(timer_delete), N(clock_settime), N(clock_gettime), N(clock_getres),
    N(clock_nanosleep), N(exit_group), N(epoll_wait), N(epoll_ctl),
    N(tgkill), N(utimes), N(vserver), N(mbind), N(set_mempolicy),
    N(get_mempolicy), N(mq_open), N(mq_unlink), N(mq_timedsend),
    N(mq_timedreceive), N(mq_notify), N(mq_getsetattr), N(kexec_load),
    N(waitid), N(add_key), N(request_key), N(keyctl), N(ioprio_set),
    N(ioprio_get), N(inotify_init), N(inotify_add_watch),
    N(inotify_rm_watch), N(migrate_pages), N(openat), N(mkdirat), N(mknodat),
    N(fchownat), N(futimesat), N(newfstatat), N(unlinkat), N(renameat),
    N(linkat), N(symlinkat), N(readlinkat), N(fchmodat), N(faccessat),
    N(pselect6), N(ppoll), N(unshare), N(set_robust_list),
    N(get_robust_list), N(splice), N(tee), N(sync_file_range), N(vmsplice),
    N(move_pages), N(utimensat), N(epoll_pwait), N(signalfd),
    N(timerfd_create), N(eventfd), N(fallocate), N(timerfd_settime),
    N(timerfd_gettime), N(accept4), N(signalfd4), N(eventfd2),
    N(epoll_create1), N(dup3), N(pipe2), N(inotify_init1), N(preadv),
    N(pwritev), N(rt_tgsigqueueinfo), N(perf_event_open), N(recvmmsg),
    N(fanotify_init), N(fanotify_mark), N(prlimit64), N(name_to_handle_at),
    N(open_by_handle_at), N(clock_adjtime), N(syncfs), N(sendmmsg), N(setns),
    N(getcpu), N(process_vm_readv), N(process_vm_writev), N(kcmp),
    N(finit_module), N(sched_setattr), N(sched_getattr), N(renameat2),
    N(seccomp), N(getrandom), N(memfd_create), N(kexec_file_load), N(bpf),
    N(execveat), N(userfaultfd), N(membarrier), N(mlock2),
    N(copy_file_range), N(preadv2), N(pwritev2), N(pkey_mprotect),
    N(pkey_alloc), N(pkey_free), N(statx), N(io_pgetevents), N(rseq),
    N(pidfd_send_signal), N(io_uring_setup), N(io_uring_enter),
    N(io_uring_register), N(open_tree), N(move_mount), N(fsopen),
    N(fsconfig), N(fsmount), N(fspick), N(pidfd_open), N(clone3),
    N(close_range), N(openat2), N(pidfd_getfd), N(faccessat2),
    N(process_madvise), N(epoll_pwait2), N(mount_setattr), N(quotactl_fd),
    N(landlock_create_ruleset), N(landlock_add_rule),
    N(landlock_restrict_self), N(memfd_secret), N(process_mrelease),
    N(futex_waitv), N(set_mempolicy_home_node),
};
#undef N

/*
 * Argument formats, one letter per argument:
 *   d int          l long          u unsigned long   x hex
 *   p pointer      s string        v string array (argv)
 *   o open flags   O mode (octal, printed only if the open flags create)
 *   m mode (octal) P mmap prot     M mmap flags      S signal
 *   A access mode  h sigprocmask how                 a AT_* flags
 *   K statx mask   w lseek whence  c clock id        - skipped
 * A format starting with '!' marks a call that does not return (its line
 * ends at once); '@' marks a call returning an address (printed in hex).
 */
#define F(name, fmt) [__NR_##name] = fmt
static const char *const syscall_formats[] = {
    F(read, "dpu"), F(write, "dpu"), F(open, "soO"), F(close, "d"),
    F(stat, "sp"), F(fstat, "dp"), F(lstat, "sp"), F(poll, "pud"),
    F(lseek, "dlw"), F(mmap, "@pdPMdx"), F(mprotect, "pdP"),
    F(munmap, "pd"), F(brk, "@p"), F(rt_sigaction, "Spp"),
    F(rt_sigprocmask, "hpp"), F(pread64, "dpul"), F(pwrite64, "dpul"),
    F(readv, "dpd"), F(writev, "dpd"), F(access, "sA"), F(pipe, "p"),
    F(sched_yield, ""), F(mremap, "@pddxp"), F(madvise, "pdd"),
    F(dup, "d"), F(dup2, "dd"), F(pause, ""), F(nanosleep, "pp"),
    F(alarm, "u"), F(getpid, ""), F(socket, "ddd"), F(connect, "dpd"),
    F(fork, ""), F(vfork, ""), F(execve, "!sv"), F(execveat, "!dsv-x"), F(exit, "!d"),
    F(kill, "dS"), F(uname, "p"), F(flock, "dd"), F(fsync, "d"),
    F(fdatasync, "d"), F(truncate, "sl"), F(ftruncate, "dl"),
    F(getdents, "dpu"), F(getcwd, "pu"), F(chdir, "s"), F(fchdir, "d"),
    F(rename, "ss"), F(mkdir, "sm"), F(rmdir, "s"), F(creat, "sm"),
    F(link, "ss"), F(unlink, "s"), F(symlink, "ss"), F(readlink, "spu"),
    F(chmod, "sm"), F(fchmod, "dm"), F(chown, "sdd"), F(fchown, "ddd"),
    F(lchown, "sdd"), F(umask, "m"), F(gettimeofday, "pp"),
    F(getrlimit, "dp"), F(getrusage, "dp"), F(sysinfo, "p"),
    F(times, "p"), F(getuid, ""), F(getgid, ""), F(setuid, "d"),
    F(setgid, "d"), F(geteuid, ""), F(getegid, ""), F(setpgid, "dd"),
    F(getppid, ""), F(getpgrp, ""), F(setsid, ""), F(getpgid, "d"),
    F(getsid, "d"), F(sigaltstack, "pp"), F(statfs, "sp"),
    F(fstatfs, "dp"), F(chroot, "s"), F(sync, ""), F(gettid, ""),
    F(tkill, "dS"), F(time, "p"), F(getdents64, "dpu"),
    F(set_tid_address, "p"), F(clock_gettime, "cp"),
    F(clock_getres, "cp"), F(clock_nanosleep, "cdpp"),
    F(exit_group, "!d"), F(tgkill, "ddS"), F(openat, "dsoO"),
    F(mkdirat, "dsm"), F(fchownat, "dsdda"), F(newfstatat, "dspx"),
    F(unlinkat, "dsa"), F(renameat, "dsds"), F(linkat, "dsdsa"),
    F(symlinkat, "sds"), F(readlinkat, "dspu"), F(fchmodat, "dsm"),
    F(faccessat, "dsA"), F(faccessat2, "dsAa"), F(utimensat, "dspa"),
    F(dup3, "ddo"), F(pipe2, "po"), F(getrandom, "pux"),
    F(memfd_create, "sx"), F(statx, "dsaKp"), F(chdir, "s"),
    F(getcpu, "ppp"), F(fadvise64, "dllx"), F(fallocate, "ddll"),
    F(prlimit64, "ddpp"), F(sendfile, "ddpu"), F(copy_file_range,
    "dpdpux"), F(close_range, "ddx"),
};
#undef F

static const char *syscall_name(int num)
{
    if (num >= 0 && num < (int)G_N_ELEMENTS(syscall_names)) {
        return syscall_names[num];
    }
    return NULL;
}

static const char *syscall_format(int num)
{
    if (num >= 0 && num < (int)G_N_ELEMENTS(syscall_formats)) {
        return syscall_formats[num];
    }
    return NULL;
}

typedef struct FlagName {
    uint64_t value;
    const char *name;
} FlagName;

/* "A|B|0x..." for the bits of @v that @names know, in table order */
static void print_flags(GString *s, const FlagName *names, size_t n,
                        uint64_t v, const char *zero)
{
    bool first = true;

    if (v == 0 && zero) {
        g_string_append(s, zero);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (names[i].value && (v & names[i].value) == names[i].value) {
            g_string_append_printf(s, "%s%s", first ? "" : "|",
                                   names[i].name);
            v &= ~names[i].value;
            first = false;
        }
    }
    if (v || first) {
        g_string_append_printf(s, "%s%#" PRIx64, first ? "" : "|", v);
    }
}

#define FLAG(x) { x, #x }

static const FlagName open_flags[] = {
    FLAG(O_APPEND), FLAG(O_CREAT), FLAG(O_EXCL), FLAG(O_NOCTTY),
    FLAG(O_NONBLOCK), FLAG(O_TRUNC), { 04000000, "O_SYNC" }, FLAG(O_DSYNC),
    FLAG(O_ASYNC), FLAG(O_DIRECT), { 0x8000, "O_LARGEFILE" },
    FLAG(O_DIRECTORY), FLAG(O_NOFOLLOW), FLAG(O_NOATIME),
    FLAG(O_CLOEXEC), FLAG(O_PATH), { 020000000, "O_TMPFILE" },
};

static void print_open_flags(GString *s, uint64_t v)
{
    static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR",
                                       "O_ACCMODE" };

    g_string_append(s, acc[v & O_ACCMODE]);
    v &= ~(uint64_t)O_ACCMODE;
    if (v) {
        g_string_append_c(s, '|');
        print_flags(s, open_flags, G_N_ELEMENTS(open_flags), v, NULL);
    }
}

static const FlagName prot_flags[] = {
    FLAG(PROT_EXEC), FLAG(PROT_READ), FLAG(PROT_WRITE),
    { 0x8, "PROT_SEM" }, FLAG(PROT_GROWSDOWN), FLAG(PROT_GROWSUP),
};

static const FlagName mmap_flags[] = {
    FLAG(MAP_SHARED_VALIDATE), FLAG(MAP_SHARED), FLAG(MAP_PRIVATE),
    FLAG(MAP_ANONYMOUS), FLAG(MAP_DENYWRITE), FLAG(MAP_FIXED),
    FLAG(MAP_GROWSDOWN), FLAG(MAP_EXECUTABLE), FLAG(MAP_LOCKED),
    FLAG(MAP_NONBLOCK), FLAG(MAP_NORESERVE), FLAG(MAP_POPULATE),
    FLAG(MAP_STACK), FLAG(MAP_SYNC), FLAG(MAP_FIXED_NOREPLACE),
    FLAG(MAP_HUGETLB),
};

static const FlagName access_flags[] = {
    FLAG(R_OK), FLAG(W_OK), FLAG(X_OK),
};

static const FlagName at_flags[] = {
    FLAG(AT_SYMLINK_NOFOLLOW), FLAG(AT_REMOVEDIR), FLAG(AT_SYMLINK_FOLLOW),
    FLAG(AT_NO_AUTOMOUNT), FLAG(AT_EMPTY_PATH), FLAG(AT_STATX_FORCE_SYNC),
    FLAG(AT_STATX_DONT_SYNC), FLAG(AT_EACCESS),
};

static const FlagName statx_mask[] = {
    FLAG(STATX_BASIC_STATS), FLAG(STATX_TYPE), FLAG(STATX_MODE),
    FLAG(STATX_NLINK), FLAG(STATX_UID), FLAG(STATX_GID), FLAG(STATX_ATIME),
    FLAG(STATX_MTIME), FLAG(STATX_CTIME), FLAG(STATX_INO), FLAG(STATX_SIZE),
    FLAG(STATX_BLOCKS), FLAG(STATX_BTIME), FLAG(STATX_MNT_ID),
};

static const FlagName clone_flags[] = {
    FLAG(CLONE_VM), FLAG(CLONE_FS), FLAG(CLONE_FILES), FLAG(CLONE_SIGHAND),
    FLAG(CLONE_PIDFD), FLAG(CLONE_PTRACE), FLAG(CLONE_VFORK),
    FLAG(CLONE_PARENT), FLAG(CLONE_THREAD), FLAG(CLONE_NEWNS),
    FLAG(CLONE_SYSVSEM), FLAG(CLONE_SETTLS), FLAG(CLONE_PARENT_SETTID),
    FLAG(CLONE_CHILD_CLEARTID), FLAG(CLONE_DETACHED), FLAG(CLONE_UNTRACED),
    FLAG(CLONE_CHILD_SETTID), FLAG(CLONE_NEWCGROUP), FLAG(CLONE_NEWUTS),
    FLAG(CLONE_NEWIPC), FLAG(CLONE_NEWUSER), FLAG(CLONE_NEWPID),
    FLAG(CLONE_NEWNET), FLAG(CLONE_IO),
};

static const char *const signal_names[32] = {
    [SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
    [SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
    [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
    [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
    [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
    [SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT",
    [SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN",
    [SIGTTOU] = "SIGTTOU", [SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU",
    [SIGXFSZ] = "SIGXFSZ", [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
    [SIGWINCH] = "SIGWINCH", [SIGIO] = "SIGIO", [SIGPWR] = "SIGPWR",
    [SIGSYS] = "SIGSYS",
};

static void print_signal(GString *s, uint64_t v)
{
    if (v < 32 && signal_names[v]) {
        g_string_append(s, signal_names[v]);
    } else {
        g_string_append_printf(s, "%" PRId64, (int64_t)v);
    }
}

static void print_pointer(GString *s, uint64_t v)
{
    if (v) {
        g_string_append_printf(s, "0x%016" PRIx64, v);
    } else {
        g_string_append(s, "NULL");
    }
}

/*
 * Copy the guest string at @addr into @s, quoted; a pointer that does not
 * lead to readable guest memory is printed as a pointer instead.
 */
static void print_string(GString *s, uint64_t addr)
{
    uint64_t page = 0;
    size_t start = s->len;

    if (!addr) {
        g_string_append(s, "NULL");
        return;
    }
    g_string_append_c(s, '"');
    for (uint64_t p = addr;; p++) {
        char c;

        if ((p & TARGET_PAGE_MASK) != page || p == addr) {
            page = p & TARGET_PAGE_MASK;
            if (!guest_range_readable(page, TARGET_PAGE_SIZE)) {
                g_string_truncate(s, start);
                print_pointer(s, addr);
                return;
            }
        }
        c = *(const char *)g2h_untagged(p);
        if (!c) {
            break;
        }
        g_string_append_c(s, c);
    }
    g_string_append_c(s, '"');
}

static bool read_guest_u64(uint64_t addr, uint64_t *v)
{
    if (!guest_range_readable(addr, 8)) {
        return false;
    }
    memcpy(v, g2h_untagged(addr), 8);
    return true;
}

/* {"a","b",NULL}: at most 64 entries, then "..." */
static void print_string_array(GString *s, uint64_t addr)
{
    if (!addr) {
        g_string_append(s, "NULL");
        return;
    }
    g_string_append_c(s, '{');
    for (int i = 0;; i++) {
        uint64_t p;

        if (!read_guest_u64(addr + i * 8, &p)) {
            g_string_append(s, "...}");
            return;
        }
        if (!p) {
            break;
        }
        if (i == 64) {
            g_string_append(s, "...,");
            break;
        }
        print_string(s, p);
        g_string_append_c(s, ',');
    }
    g_string_append(s, "NULL}");
}

static const char *clock_name(uint64_t id)
{
    static const char *const names[] = {
        "CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID",
        "CLOCK_THREAD_CPUTIME_ID", "CLOCK_MONOTONIC_RAW",
        "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME",
    };

    return id < G_N_ELEMENTS(names) ? names[id] : NULL;
}

/* one argument of format letter @f */
static void print_arg(GString *s, char f, uint64_t v)
{
    switch (f) {
    case 'd':
        g_string_append_printf(s, "%d", (int)v);
        break;
    case 'l':
        g_string_append_printf(s, "%" PRId64, (int64_t)v);
        break;
    case 'u':
        g_string_append_printf(s, "%" PRIu64, v);
        break;
    case 'x':
        g_string_append_printf(s, "%#" PRIx64, v);
        break;
    case 'p':
        print_pointer(s, v);
        break;
    case 's':
        print_string(s, v);
        break;
    case 'v':
        print_string_array(s, v);
        break;
    case 'o':
        print_open_flags(s, v);
        break;
    case 'm':
    case 'O':
        g_string_append_printf(s, "%#o", (unsigned)v);
        break;
    case 'P':
        print_flags(s, prot_flags, G_N_ELEMENTS(prot_flags), v, "PROT_NONE");
        break;
    case 'M':
        print_flags(s, mmap_flags, G_N_ELEMENTS(mmap_flags), v, "0");
        break;
    case 'S':
        print_signal(s, v);
        break;
    case 'A':
        print_flags(s, access_flags, G_N_ELEMENTS(access_flags), v, "F_OK");
        break;
    case 'a':
        print_flags(s, at_flags, G_N_ELEMENTS(at_flags), v, "0");
        break;
    case 'K':
        print_flags(s, statx_mask, G_N_ELEMENTS(statx_mask), v, "0");
        break;
    case 'h': {
        static const char *const how[] = { "SIG_BLOCK", "SIG_UNBLOCK",
                                           "SIG_SETMASK" };
        if (v < 3) {
            g_string_append(s, how[v]);
        } else {
            g_string_append_printf(s, "%d", (int)v);
        }
        break;
    }
    case 'w': {
        static const char *const whence[] = { "SEEK_SET", "SEEK_CUR",
                                              "SEEK_END", "SEEK_DATA",
                                              "SEEK_HOLE" };
        if (v < 5) {
            g_string_append(s, whence[v]);
        } else {
            g_string_append_printf(s, "%d", (int)v);
        }
        break;
    }
    case 'c':
        if (clock_name(v)) {
            g_string_append(s, clock_name(v));
        } else {
            g_string_append_printf(s, "%d", (int)v);
        }
        break;
    default:
        g_string_append_printf(s, "%" PRId64, (int64_t)v);
        break;
    }
}

static const FlagName fcntl_cmds[] = {
    FLAG(F_DUPFD), FLAG(F_GETFD), FLAG(F_SETFD), FLAG(F_GETFL),
    FLAG(F_SETFL), FLAG(F_GETLK), FLAG(F_SETLK), FLAG(F_SETLKW),
    FLAG(F_SETOWN), FLAG(F_GETOWN), FLAG(F_SETSIG), FLAG(F_GETSIG),
    FLAG(F_OFD_GETLK), FLAG(F_OFD_SETLK), FLAG(F_OFD_SETLKW),
    FLAG(F_SETLEASE), FLAG(F_GETLEASE), FLAG(F_NOTIFY),
    FLAG(F_DUPFD_CLOEXEC), FLAG(F_SETPIPE_SZ), FLAG(F_GETPIPE_SZ),
    FLAG(F_ADD_SEALS), FLAG(F_GET_SEALS),
};

static void print_fcntl(GString *s, const uint64_t *a)
{
    const char *name = NULL;
    int cmd = (int)a[1];

    for (size_t i = 0; i < G_N_ELEMENTS(fcntl_cmds); i++) {
        if ((int)fcntl_cmds[i].value == cmd) {
            name = fcntl_cmds[i].name;
        }
    }
    g_string_append_printf(s, "%d,", (int)a[0]);
    if (!name) {
        g_string_append_printf(s, "%d,%#" PRIx64, cmd, a[2]);
        return;
    }
    g_string_append(s, name);
    switch (cmd) {
    case F_GETFD: case F_GETFL: case F_GETOWN: case F_GETSIG:
    case F_GETLEASE: case F_GETPIPE_SZ: case F_GET_SEALS:
        break;
    case F_SETFL:
        g_string_append_c(s, ',');
        print_open_flags(s, a[2]);
        break;
    case F_GETLK: case F_SETLK: case F_SETLKW:
    case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
        g_string_append_c(s, ',');
        print_pointer(s, a[2]);
        break;
    default:
        g_string_append_printf(s, ",%d", (int)a[2]);
        break;
    }
}

static const FlagName ioctl_names[] = {
    FLAG(TCGETS), FLAG(TCSETS), FLAG(TCSETSW), FLAG(TCSETSF),
    FLAG(TCFLSH), FLAG(TIOCGWINSZ), FLAG(TIOCSWINSZ), FLAG(TIOCGPGRP),
    FLAG(TIOCSPGRP), FLAG(TIOCSCTTY), FLAG(TIOCNOTTY), FLAG(FIONREAD),
    FLAG(FIONBIO), FLAG(FIOCLEX), FLAG(FIONCLEX), FLAG(FIOASYNC),
    FLAG(TIOCGPTN), FLAG(TIOCSPTLCK), FLAG(TIOCOUTQ), FLAG(TIOCSTI),
};

static void print_ioctl(GString *s, const uint64_t *a)
{
    g_string_append_printf(s, "%d,", (int)a[0]);
    for (size_t i = 0; i < G_N_ELEMENTS(ioctl_names); i++) {
        if (ioctl_names[i].value == (uint32_t)a[1]) {
            g_string_append_printf(s, "%s,", ioctl_names[i].name);
            print_pointer(s, a[2]);
            return;
        }
    }
    g_string_append_printf(s, "%#x,", (uint32_t)a[1]);
    print_pointer(s, a[2]);
}

static void print_clone(GString *s, const uint64_t *a)
{
    print_flags(s, clone_flags, G_N_ELEMENTS(clone_flags), a[0], "0");
    g_string_append_printf(s, ",child_stack=0x%016" PRIx64
                           ",parent_tidptr=0x%016" PRIx64
                           ",tls=0x%016" PRIx64
                           ",child_tidptr=0x%016" PRIx64,
                           a[1], a[2], a[4], a[3]);
}

/* the arguments of syscall @num by its format; false: no format */
static bool print_args(GString *s, int num, const uint64_t *a)
{
    const char *fmt = syscall_format(num);

    switch (num) {
    case __NR_fcntl:
        print_fcntl(s, a);
        return true;
    case __NR_ioctl:
        print_ioctl(s, a);
        return true;
    case __NR_clone:
        print_clone(s, a);
        return true;
    default:
        break;
    }
    if (!fmt) {
        return false;
    }
    if (*fmt == '!' || *fmt == '@') {
        fmt++;
    }
    for (int i = 0, n = 0; fmt[i] && i < 6; i++) {
        if (fmt[i] == 'O') {
            /* the mode of open/openat: only when the flags create */
            if (!(a[i - 1] & (O_CREAT | 020000000))) {
                break;
            }
        }
        if (fmt[i] == '-') {
            continue;
        }
        if (n++) {
            g_string_append_c(s, ',');
        }
        print_arg(s, fmt[i], a[i]);
    }
    return true;
}

void print_syscall(int num, const uint64_t *args)
{
    g_autoptr(GString) s = g_string_new(NULL);
    const char *name = syscall_name(num);
    const char *fmt = syscall_format(num);

    g_string_printf(s, "%d ", getpid());
    if (!name) {
        g_string_append_printf(s, "Unknown syscall %d\n", num);
        qemu_log("%s", s->str);
        return;
    }
    g_string_append_printf(s, "%s(", name);
    if (!print_args(s, num, args)) {
        for (int i = 0; i < 6; i++) {
            g_string_append_printf(s, "%s%" PRId64, i ? "," : "",
                                   (int64_t)args[i]);
        }
    }
    g_string_append_c(s, ')');
    if (fmt && *fmt == '!' && num != __NR_execve && num != __NR_execveat) {
        /* no result will follow */
        g_string_append_c(s, '\n');
    }
    qemu_log("%s", s->str);
}

/* the emulator's own restart codes read as QEMU prints them */
static const char *strace_errno_text(int64_t ret)
{
    switch (-ret) {
    case QEMU_ERESTARTSYS:
        return "To be restarted";
    case QEMU_ESIGRETURN:
        return "Successful exit from sigreturn";
    default:
        return strerror((int)-ret);
    }
}

void print_syscall_ret(int num, int64_t ret)
{
    const char *fmt = syscall_format(num);

    if (!syscall_name(num)) {
        return;
    }
    if (ret < 0 && ret >= -4095) {
        qemu_log(" = -1 errno=%d (%s)\n", (int)-ret, strace_errno_text(ret));
    } else if (fmt && *fmt == '@') {
        qemu_log(" = 0x%016" PRIx64 "\n", (uint64_t)ret);
    } else {
        qemu_log(" = %" PRId64 "\n", ret);
    }
}

static void print_siginfo(GString *s, const siginfo_t *si)
{
    static const struct { int code; const char *name; } codes[] = {
        { SI_USER, "SI_USER" }, { SI_KERNEL, "SI_KERNEL" },
        { SI_QUEUE, "SI_QUEUE" }, { SI_TIMER, "SI_TIMER" },
        { SI_MESGQ, "SI_MESGQ" }, { SI_ASYNCIO, "SI_ASYNCIO" },
        { SI_SIGIO, "SI_SIGIO" }, { SI_TKILL, "SI_TKILL" },
    };
    const char *code = NULL;
    int sig = si->si_signo;

    g_string_append(s, "{si_signo=");
    print_signal(s, sig);
    for (size_t i = 0; i < G_N_ELEMENTS(codes); i++) {
        if (codes[i].code == si->si_code) {
            code = codes[i].name;
        }
    }
    if (code) {
        g_string_append_printf(s, ", si_code=%s", code);
    } else {
        g_string_append_printf(s, ", si_code=%d", si->si_code);
    }
    if (si->si_code == SI_TIMER) {
        g_string_append_printf(s, ", si_timerid=%d, si_overrun=%d",
                               si->si_timerid, si->si_overrun);
    } else if (si->si_code <= 0) {
        /* sent by a process: kill, tgkill, sigqueue */
        g_string_append_printf(s, ", si_pid=%u, si_uid=%u",
                               (unsigned)si->si_pid, (unsigned)si->si_uid);
        if (si->si_code == SI_QUEUE || si->si_code == SI_MESGQ) {
            g_string_append_printf(s, ", si_sigval=%d",
                                   si->si_value.sival_int);
        }
    } else if (sig == SIGCHLD) {
        g_string_append_printf(s, ", si_pid=%u, si_uid=%u, si_status=%d, "
                               "si_utime=%ld, si_stime=%ld",
                               (unsigned)si->si_pid, (unsigned)si->si_uid,
                               si->si_status, (long)si->si_utime,
                               (long)si->si_stime);
    } else if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
               sig == SIGFPE || sig == SIGTRAP) {
        g_string_append(s, ", si_addr=");
        print_pointer(s, (uintptr_t)si->si_addr);
    } else if (sig == SIGIO) {
        g_string_append_printf(s, ", si_band=%ld, si_fd=%d",
                               (long)si->si_band, si->si_fd);
    }
    g_string_append_c(s, '}');
}

void print_taken_signal(int sig, const siginfo_t *info)
{
    g_autoptr(GString) s = g_string_new("--- ");

    print_signal(s, sig);
    g_string_append_c(s, ' ');
    print_siginfo(s, info);
    g_string_append(s, " ---\n");
    qemu_log("%s", s->str);
}

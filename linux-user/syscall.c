/*
 * The syscall layer.  Guest and host are both x86_64 Linux: numbers,
 * structure layouts and errno values agree, so most syscalls pass
 * straight through (pointer arguments rebased by guest_base).  Emulated:
 * what concerns the guest's view of its own process (memory map, brk,
 * exit, its executable, /proc files, FS/GS bases, signals).
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include <sys/mman.h>
#include <sys/syscall.h>
#include <limits.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <sys/time.h>
#include <fcntl.h>
#include <sched.h>
#include <asm/prctl.h>
#include "qemu.h"
#include "signal-common.h"
#include "helper.h"
#include "tcg/tcg.h"

static const ImageInfo *image;

void syscall_init(const ImageInfo *info)
{
    image = info;
}

/*
 * Pointer arguments of common pass-through syscalls (bit n = argument
 * n + 1 is a guest pointer), for a non-zero guest_base.
 */
static const struct { int nr; unsigned ptrs; } ptr_args[] = {
    { __NR_read, 2 }, { __NR_write, 2 }, { __NR_open, 1 }, { __NR_stat, 3 },
    { __NR_fstat, 2 }, { __NR_lstat, 3 }, { __NR_pread64, 2 },
    { __NR_pwrite64, 2 }, { __NR_access, 1 }, { __NR_pipe, 1 },
    { __NR_nanosleep, 3 }, { __NR_getcwd, 1 }, { __NR_chdir, 1 },
    { __NR_rename, 3 }, { __NR_mkdir, 1 }, { __NR_rmdir, 1 },
    { __NR_unlink, 1 }, { __NR_readlink, 3 }, { __NR_chmod, 1 },
    { __NR_gettimeofday, 3 }, { __NR_getrlimit, 2 }, { __NR_getrusage, 2 },
    { __NR_sysinfo, 1 }, { __NR_times, 1 }, { __NR_uname, 1 },
    { __NR_openat, 2 }, { __NR_newfstatat, 6 }, { __NR_unlinkat, 2 },
    { __NR_getdents64, 2 }, { __NR_clock_gettime, 2 },
    { __NR_clock_getres, 2 }, { __NR_wait4, 10 }, { __NR_pipe2, 1 },
    { __NR_getrandom, 1 }, { __NR_statx, 0x12 }, { __NR_prlimit64, 12 },
    { __NR_readlinkat, 6 }, { __NR_mkdirat, 2 }, { __NR_fchmodat, 2 },
    { __NR_faccessat, 2 }, { __NR_renameat, 10 }, { __NR_utimensat, 6 },
    { __NR_ioctl, 0 }, { __NR_poll, 1 }, { __NR_select, 30 },
    { __NR_set_tid_address, 1 }, { __NR_execve, 7 },
    /* files */
    { __NR_statfs, 3 }, { __NR_fstatfs, 2 }, { __NR_getdents, 2 },
    { __NR_truncate, 1 }, { __NR_creat, 1 }, { __NR_link, 3 },
    { __NR_symlink, 3 }, { __NR_chown, 1 }, { __NR_lchown, 1 },
    { __NR_utime, 3 }, { __NR_utimes, 3 }, { __NR_mknod, 1 },
    { __NR_chroot, 1 }, { __NR_fchownat, 2 }, { __NR_futimesat, 6 },
    { __NR_linkat, 10 }, { __NR_symlinkat, 5 }, { __NR_mknodat, 2 },
    { __NR_renameat2, 10 }, { __NR_faccessat2, 2 },
    { __NR_memfd_create, 1 }, { __NR_inotify_add_watch, 2 },
    { __NR_getxattr, 7 }, { __NR_lgetxattr, 7 }, { __NR_fgetxattr, 6 },
    { __NR_setxattr, 7 }, { __NR_lsetxattr, 7 }, { __NR_fsetxattr, 6 },
    { __NR_listxattr, 3 }, { __NR_llistxattr, 3 }, { __NR_flistxattr, 2 },
    { __NR_removexattr, 3 }, { __NR_lremovexattr, 3 },
    { __NR_fremovexattr, 2 }, { __NR_sendfile, 4 },
    { __NR_copy_file_range, 10 }, { __NR_splice, 10 },
    /* guest addresses: the mapping calls we pass through */
    { __NR_madvise, 1 }, { __NR_msync, 1 }, { __NR_mincore, 5 },
    { __NR_mlock, 1 }, { __NR_munlock, 1 },
    /* sockets */
    { __NR_connect, 2 }, { __NR_bind, 2 }, { __NR_accept, 6 },
    { __NR_accept4, 6 }, { __NR_sendto, 0x12 }, { __NR_recvfrom, 0x32 },
    { __NR_getsockname, 6 }, { __NR_getpeername, 6 },
    { __NR_socketpair, 8 }, { __NR_setsockopt, 8 },
    { __NR_getsockopt, 0x18 },
    /* processes, time, scheduling */
    { __NR_getresuid, 7 }, { __NR_getresgid, 7 }, { __NR_getgroups, 2 },
    { __NR_setgroups, 2 }, { __NR_getitimer, 2 }, { __NR_setitimer, 6 },
    { __NR_clock_nanosleep, 12 }, { __NR_sched_getaffinity, 4 },
    { __NR_sched_setaffinity, 4 }, { __NR_sched_getparam, 2 },
    { __NR_sched_setparam, 2 }, { __NR_sched_setscheduler, 4 },
    { __NR_getcpu, 7 }, { __NR_waitid, 0x14 }, { __NR_capget, 3 },
    { __NR_capset, 3 }, { __NR_epoll_wait, 2 }, { __NR_epoll_ctl, 8 },
    { __NR_epoll_pwait, 0x12 }, { __NR_ppoll, 0xd },
    { __NR_timerfd_settime, 12 }, { __NR_timerfd_gettime, 2 },
    { __NR_time, 1 }, { __NR_settimeofday, 3 },
};

static uint64_t rebase(int nr, int argi, uint64_t v)
{
    if (!guest_base || !v) {
        return v;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(ptr_args); i++) {
        if (ptr_args[i].nr == nr) {
            return (ptr_args[i].ptrs >> argi) & 1 ? v + guest_base : v;
        }
    }
    return v;
}

static int64_t ret_errno(long r)
{
    return r == -1 ? -errno : r;
}

/* a memfd holding @text, for emulated /proc files */
static int fake_file(const char *name, const char *text, size_t len)
{
    int fd = memfd_create(name, MFD_CLOEXEC);

    if (fd < 0) {
        return -errno;
    }
    if (write(fd, text, len) != (ssize_t)len) {
        close(fd);
        return -EIO;
    }
    lseek(fd, 0, SEEK_SET);
    return fd;
}

static bool is_proc_self(const char *path, const char *entry)
{
    g_autofree char *pid = g_strdup_printf("/proc/%d/%s", getpid(), entry);
    g_autofree char *self = g_strdup_printf("/proc/self/%s", entry);

    return !strcmp(path, self) || !strcmp(path, pid);
}

static int64_t fake_cpuinfo(void)
{
    CPUX86State *env = current_cpu->env_ptr;
    uint32_t a, b, c, d;
    GString *s = g_string_new(NULL);
    char brand[49] = { 0 };
    int fd;
    static const struct { int reg; int bit; const char *name; } flags[] = {
        { 3, 0, "fpu" }, { 3, 4, "tsc" }, { 3, 8, "cx8" }, { 3, 15, "cmov" },
        { 3, 19, "clflush" },
        { 3, 23, "mmx" }, { 3, 24, "fxsr" }, { 3, 25, "sse" },
        { 3, 26, "sse2" }, { 2, 0, "pni" }, { 2, 9, "ssse3" },
        { 2, 13, "cx16" }, { 2, 19, "sse4_1" }, { 2, 20, "sse4_2" },
        { 2, 23, "popcnt" },
    };

    for (int i = 0; i < 3; i++) {
        cpu_x86_cpuid(env, 0x80000002 + i, 0, &a, &b, &c, &d);
        memcpy(brand + i * 16, &a, 4);
        memcpy(brand + i * 16 + 4, &b, 4);
        memcpy(brand + i * 16 + 8, &c, 4);
        memcpy(brand + i * 16 + 12, &d, 4);
    }
    cpu_x86_cpuid(env, 1, 0, &a, &b, &c, &d);
    g_string_append_printf(s, "processor\t: 0\nvendor_id\t: GenuineIntel\n"
                           "cpu family\t: 6\nmodel\t\t: %u\n"
                           "model name\t: %s\nstepping\t: %u\n"
                           "cpu MHz\t\t: 2000.000\ncache size\t: 8192 KB\n"
                           "fpu\t\t: yes\nflags\t\t:",
                           (a >> 4 & 15) | (a >> 12 & 0xf0), brand, a & 15);
    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        uint32_t r = flags[i].reg == 3 ? d : c;
        if (r & (1u << flags[i].bit)) {
            g_string_append_printf(s, " %s", flags[i].name);
        }
    }
    g_string_append(s, " syscall nx lm\n\n");
    fd = fake_file("cpuinfo", s->str, s->len);
    g_string_free(s, true);
    return fd;
}

/* the guest's own argv strings or auxiliary vector, as the kernel shows */
static int64_t fake_from_guest(const char *name, uint64_t start,
                               uint64_t end)
{
    if (end < start || !guest_range_readable(start, end - start)) {
        return fake_file(name, "", 0);
    }
    return fake_file(name, g2h_untagged(start), end - start);
}

static int64_t do_openat(int dirfd, uint64_t gpath, int flags, int mode)
{
    const char *name = g2h_untagged(gpath);

    if (is_proc_self(name, "maps")) {
        int fd = memfd_create("maps", MFD_CLOEXEC);
        if (fd < 0) {
            return -errno;
        }
        write_guest_maps(fd);
        lseek(fd, 0, SEEK_SET);
        return fd;
    }
    if (is_proc_self(name, "exe")) {
        return ret_errno(openat(AT_FDCWD, image->exec_path, flags, mode));
    }
    if (is_proc_self(name, "cmdline")) {
        return fake_from_guest("cmdline", image->arg_start, image->arg_end);
    }
    if (is_proc_self(name, "auxv")) {
        return fake_from_guest("auxv", image->auxv,
                               image->auxv + image->auxv_len);
    }
    if (!strcmp(name, "/proc/cpuinfo")) {
        return fake_cpuinfo();
    }
    /* it may block (a FIFO without writer): a signal must interrupt it */
    return safe_syscall(__NR_openat, dirfd, (uintptr_t)path(name), flags,
                        mode, 0, 0);
}

static int64_t do_readlinkat(int dirfd, uint64_t gpath, uint64_t buf,
                             uint64_t size)
{
    const char *name = g2h_untagged(gpath);

    if (is_proc_self(name, "exe")) {
        size_t n = MIN(strlen(image->exec_path), size);
        memcpy(g2h_untagged(buf), image->exec_path, n);
        return n;
    }
    return ret_errno(syscall(__NR_readlinkat, dirfd, path(name),
                             g2h_untagged(buf), size));
}

static int64_t do_arch_prctl(CPUX86State *env, int code, uint64_t addr)
{
    switch (code) {
    case ARCH_SET_FS:
        env->segs[R_FS].base = addr;
        return 0;
    case ARCH_SET_GS:
        env->segs[R_GS].base = addr;
        return 0;
    case ARCH_GET_FS:
        memcpy(g2h_untagged(addr), &env->segs[R_FS].base, 8);
        return 0;
    case ARCH_GET_GS:
        memcpy(g2h_untagged(addr), &env->segs[R_GS].base, 8);
        return 0;
    default:
        return -EINVAL;
    }
}

/*
 * The JIT code buffer is a MAP_SHARED memfd (two views): a forked child
 * would share it with its parent, each overwriting the other's code and
 * jump patches.  The parent snapshots the buffer into a new memfd before
 * the fork (afterwards it could already be patching it), and the child
 * maps the snapshot over both views, at the same addresses.
 */
static int snapshot_code_buffer(void)
{
    int fd = memfd_create("tcg-jit", MFD_CLOEXEC);
    size_t used = tcg_region.used;

    if (fd < 0) {
        return -errno;
    }
    if (ftruncate(fd, tcg_region.size) < 0 ||
        write(fd, tcg_region.rw, used) != (ssize_t)used) {
        int e = errno ? errno : EIO;
        close(fd);
        return -e;
    }
    return fd;
}

static void map_code_snapshot(int fd)
{
    if (mmap(tcg_region.rw, tcg_region.size, PROT_READ | PROT_WRITE,
             MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED ||
        mmap(tcg_region.rx, tcg_region.size, PROT_READ | PROT_EXEC,
             MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED) {
        fprintf(stderr, "qemu-x86_64: cannot map the JIT code buffer in a "
                "forked child: %s\n", strerror(errno));
        _exit(127);
    }
    /* both views stay mapped without it; the guest's fds stay its own */
    close(fd);
    /* the snapshot holds only the used part: populate ahead from there */
    tcg_region.populated = QEMU_ALIGN_UP(tcg_region.used, getpagesize());
}

/*
 * The host side of a fork-like clone (thread.c does the guest side and
 * holds the locks): a private copy of the code buffer for the child.
 * glibc's fork() when the exit signal is SIGCHLD, so the host libc
 * resets its own locks (malloc, stdio) that other threads may hold.
 */
int64_t do_fork(int exit_signal)
{
    int fd = snapshot_code_buffer();
    long r;

    if (fd < 0) {
        return fd == -ENOMEM ? -ENOMEM : -EAGAIN;
    }
    fflush(stdout);
    fflush(stderr);
    if (exit_signal == SIGCHLD) {
        r = fork();
    } else {
        r = syscall(__NR_clone, exit_signal, 0, NULL, NULL, 0);
    }
    if (r == 0) {
        map_code_snapshot(fd);
        return 0;
    }
    close(fd);
    return ret_errno(r);
}

/* Is @path an x86_64 ELF executable (static or dynamic)? */
static bool is_x86_64_elf(const char *path)
{
    unsigned char hdr[20];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0) {
        return false;
    }
    n = pread(fd, hdr, sizeof(hdr), 0);
    close(fd);
    return n == sizeof(hdr) && !memcmp(hdr, "\177ELF", 4) &&
           hdr[4] == 2 && hdr[5] == 1 &&            /* 64-bit, LE */
           (hdr[16] == 2 || hdr[16] == 3) && hdr[17] == 0 &&
           hdr[18] == 62 && hdr[19] == 0;           /* EM_X86_64 */
}

/*
 * The "#!interpreter [arg]" line of script @path, split as the kernel
 * does (one optional argument, the rest of the line).  False if @path is
 * not a script.
 */
static bool read_shebang(const char *path, char **interp, char **arg)
{
    char buf[256];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n;
    char *p, *end;

    if (fd < 0) {
        return false;
    }
    n = pread(fd, buf, sizeof(buf) - 1, 0);
    close(fd);
    if (n < 3 || buf[0] != '#' || buf[1] != '!') {
        return false;
    }
    buf[n] = 0;
    end = strchr(buf, '\n');
    if (!end) {
        return false;       /* longer than the kernel reads: not handled */
    }
    *end = 0;
    for (p = buf + 2; *p == ' ' || *p == '\t'; p++) {
        continue;
    }
    if (!*p) {
        return false;
    }
    *interp = p;
    while (*p && *p != ' ' && *p != '\t') {
        p++;
    }
    *arg = NULL;
    if (*p) {
        *p++ = 0;
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        /* trailing blanks are not part of the argument */
        while (end > p && (end[-1] == ' ' || end[-1] == '\t')) {
            *--end = 0;
        }
        if (*p) {
            *arg = p;
        }
    }
    *interp = g_strdup(*interp);
    *arg = g_strdup(*arg);
    return true;
}

/* a NULL-terminated guest array of guest strings, as host pointers */
static char **guest_strv(uint64_t gaddr)
{
    GPtrArray *v = g_ptr_array_new();

    for (uint64_t a = gaddr; a; a += 8) {
        uint64_t s;

        memcpy(&s, g2h_untagged(a), 8);
        if (!s) {
            break;
        }
        g_ptr_array_add(v, g2h_untagged(s));
    }
    g_ptr_array_add(v, NULL);
    return (char **)g_ptr_array_free(v, false);
}

/* execve by the host kernel: the program runs natively */
static int64_t exec_on_host(const char *file, char **argv, char **envp)
{
    if (user_opts.strace) {
        /* end the execve line: the program will not print a result */
        qemu_log("\n");
    }
    return ret_errno(execve(file, argv, envp));
}

/*
 * The environment for re-executing the emulator: the guest's LD_*
 * variables travel as QEMU_GUEST_ENV_LD_*, so that the host's ld.so,
 * which loads the emulator, does not act on them (LD_PRELOAD,
 * LD_LIBRARY_PATH, LD_TRACE_LOADED_OBJECTS for ldd...).
 */
static GPtrArray *host_envp(char **envp)
{
    GPtrArray *env = g_ptr_array_new_with_free_func(g_free);

    for (int i = 0; envp && envp[i]; i++) {
        if (!strncmp(envp[i], "LD_", 3)) {
            g_ptr_array_add(env, g_strconcat(GUEST_ENV_PREFIX, envp[i],
                                             NULL));
        } else {
            g_ptr_array_add(env, g_strdup(envp[i]));
        }
    }
    g_ptr_array_add(env, NULL);
    return env;
}

/* our own options a re-executed emulator needs to behave the same */
static void add_emulator_options(GPtrArray *args)
{
    if (user_opts.cpu_model) {
        g_ptr_array_add(args, g_strdup("-cpu"));
        g_ptr_array_add(args, g_strdup(user_opts.cpu_model));
    }
    if (path_prefix()) {
        g_ptr_array_add(args, g_strdup("-L"));
        g_ptr_array_add(args, g_strdup(path_prefix()));
    }
    if (guest_base) {
        g_ptr_array_add(args, g_strdup("-B"));
        g_ptr_array_add(args, g_strdup_printf("%#" PRIx64,
                                              (uint64_t)guest_base));
    }
    if (user_opts.reserved_va) {
        g_ptr_array_add(args, g_strdup("-R"));
        g_ptr_array_add(args, g_strdup_printf("%" PRIu64,
                                              user_opts.reserved_va));
    }
    if (user_opts.strace) {
        g_ptr_array_add(args, g_strdup("-strace"));
    }
}

/*
 * execve: an x86_64 program (static or dynamic, or a script whose
 * interpreter is one) keeps running under this emulator, which re-executes
 * itself on it with the same options.  Anything else, and everything with
 * -native-exec (QEMU_NATIVE_EXEC), goes to the host kernel.
 */
static int64_t execve_common(const char *gp, uint64_t gargv,
                             uint64_t genvp)
{
    g_autofree char **argv = gargv ? guest_strv(gargv) : NULL;
    g_autofree char **envp = genvp ? guest_strv(genvp) : NULL;
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *file = NULL, *interp = NULL, *iarg = NULL;
    g_autofree char *self = NULL;
    g_autoptr(GPtrArray) hostenv = NULL;
    const char *prog;

    file = g_strdup(is_proc_self(gp, "exe") ? image->exec_path : path(gp));
    if (access(file, X_OK) != 0) {
        return -errno;
    }
    self = g_file_read_link("/proc/self/exe", NULL);
    prog = file;
    if (!self || user_opts.native_exec) {
        return exec_on_host(file, argv, envp);
    }
    if (read_shebang(file, &interp, &iarg)) {
        prog = path(interp);
    }
    if (!is_x86_64_elf(prog)) {
        return exec_on_host(file, argv, envp);
    }
    g_ptr_array_add(args, g_strdup(self));
    add_emulator_options(args);
    g_ptr_array_add(args, g_strdup("-0"));
    if (interp) {
        /* the kernel's argv for a script: interp [arg] script args... */
        g_ptr_array_add(args, g_strdup(interp));
        g_ptr_array_add(args, g_strdup(prog));
        if (iarg) {
            g_ptr_array_add(args, g_strdup(iarg));
        }
        g_ptr_array_add(args, g_strdup(gp));
    } else {
        g_ptr_array_add(args, g_strdup(argv && argv[0] ? argv[0] : ""));
        g_ptr_array_add(args, g_strdup(file));
    }
    for (int i = 1; argv && argv[0] && argv[i]; i++) {
        g_ptr_array_add(args, g_strdup(argv[i]));
    }
    g_ptr_array_add(args, NULL);
    hostenv = host_envp(envp);
    if (user_opts.strace) {
        /* end the execve line: the next one comes from the new program */
        qemu_log("\n");
    }
    return ret_errno(execve(self, (char **)args->pdata,
                            (char **)hostenv->pdata));
}

static int64_t do_execve(uint64_t gpath, uint64_t gargv, uint64_t genvp)
{
    return execve_common(g2h_untagged(gpath), gargv, genvp);
}

/* execveat (fexecve): the same, on the file the fd and path name */
static int64_t do_execveat(int dirfd, uint64_t gpath, uint64_t gargv,
                           uint64_t genvp, int flags)
{
    const char *name = g2h_untagged(gpath);
    g_autofree char *file = NULL;

    if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) {
        return -EINVAL;
    }
    if (!*name && (flags & AT_EMPTY_PATH)) {
        /*
         * The file's own path: the fd itself may be close-on-exec and
         * gone by the time the re-executed emulator opens it.
         */
        g_autofree char *fdlink = g_strdup_printf("/proc/self/fd/%d", dirfd);
        file = g_file_read_link(fdlink, NULL);
        if (!file || file[0] != '/' || access(file, F_OK) != 0) {
            g_free(file);
            file = g_steal_pointer(&fdlink);
        }
    } else if (name[0] == '/' || dirfd == AT_FDCWD) {
        file = g_strdup(name);
    } else if (*name) {
        file = g_strdup_printf("/proc/self/fd/%d/%s", dirfd, name);
    } else {
        return -ENOENT;
    }
    return execve_common(file, gargv, genvp);
}

/*
 * readv/writev and relatives with a guest_base: the iovec array holds
 * guest addresses, the host kernel needs host ones.
 */
static int64_t do_iovec_syscall(int num, uint64_t fd, uint64_t giov,
                                uint64_t cnt, uint64_t a4, uint64_t a5,
                                uint64_t a6)
{
    g_autofree struct iovec *iov = NULL;

    if (cnt > IOV_MAX) {
        return -EINVAL;
    }
    iov = g_new(struct iovec, cnt ? cnt : 1);
    for (uint64_t i = 0; i < cnt; i++) {
        uint64_t base, len;

        memcpy(&base, g2h_untagged(giov + i * 16), 8);
        memcpy(&len, g2h_untagged(giov + i * 16 + 8), 8);
        iov[i].iov_base = base ? g2h_untagged(base) : NULL;
        iov[i].iov_len = len;
    }
    return safe_syscall(num, fd, (uintptr_t)iov, cnt, a4, a5, a6);
}

/* the ioctls whose third argument is a pointer (for a guest_base) */
static bool ioctl_arg_is_pointer(uint64_t req)
{
    switch ((uint32_t)req) {
    case TCGETS: case TCSETS: case TCSETSW: case TCSETSF:
    case TIOCGWINSZ: case TIOCSWINSZ: case TIOCGPGRP: case TIOCSPGRP:
    case FIONREAD: case FIONBIO: case TIOCGPTN: case TIOCSPTLCK:
    case TIOCOUTQ: case TIOCGSID: case FIOASYNC:
        return true;
    default:
        return false;
    }
}

/*
 * A syscall naming a file in argument @argi (0-based), with -L: an
 * absolute path resolves in the sysroot first (path()).
 */
static int64_t do_path_syscall(int num, int argi, uint64_t *a)
{
    uint64_t h[6];

    for (int i = 0; i < 6; i++) {
        h[i] = rebase(num, i, a[i]);
    }
    if (a[argi]) {
        h[argi] = (uintptr_t)path(g2h_untagged(a[argi]));
    }
    return safe_syscall(num, h[0], h[1], h[2], h[3], h[4], h[5]);
}

void do_exit_group(int code)
{
    fflush(stdout);
    fflush(stderr);
    _exit(code);
}

/*
 * Time queries are answered through libc, which uses the host's vDSO: the
 * guest has no vDSO of its own, so each would otherwise be a kernel entry.
 * The result reaches guest memory by a guarded copy (EFAULT, as the
 * kernel, for a bad pointer).
 */
static int64_t do_clock_gettime(clockid_t clk, uint64_t gts)
{
    struct timespec ts;

    if (clock_gettime(clk, &ts) != 0) {
        return -errno;
    }
    return copy_to_guest(gts, &ts, sizeof(ts)) ? 0 : -EFAULT;
}

static int64_t do_gettimeofday(uint64_t gtv)
{
    struct timeval tv;

    gettimeofday(&tv, NULL);
    return !gtv || copy_to_guest(gtv, &tv, sizeof(tv)) ? 0 : -EFAULT;
}

int64_t do_syscall(CPUX86State *env, int num, uint64_t a1, uint64_t a2,
                   uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
    int64_t ret;

    switch (num) {
    case __NR_exit:
        do_exit_thread(env, (int)a1);
    case __NR_exit_group:
        do_exit_group((int)a1);
    case __NR_brk:
        return target_brk(a1);
    case __NR_mmap:
        return target_mmap(a1, a2, (int)a3, (int)a4, (int)a5, a6);
    case __NR_munmap:
        return target_munmap(a1, a2);
    case __NR_mprotect:
        return target_mprotect(a1, a2, (int)a3);
    case __NR_mremap:
        return target_mremap(a1, a2, a3, (int)a4, a5);
    case __NR_shmat:
        return target_shmat((int)a1, a2, (int)a3);
    case __NR_shmdt:
        return target_shmdt(a1);
    case __NR_arch_prctl:
        return do_arch_prctl(env, (int)a1, a2);
    case __NR_open:
        return do_openat(AT_FDCWD, a1, (int)a2, (int)a3);
    case __NR_openat:
        return do_openat((int)a1, a2, (int)a3, (int)a4);
    case __NR_readlink:
        return do_readlinkat(AT_FDCWD, a1, a2, a3);
    case __NR_readlinkat:
        return do_readlinkat((int)a1, a2, a3, a4);
    case __NR_rt_sigaction:
        return do_rt_sigaction((int)a1, a2, a3, a4);
    case __NR_rt_sigprocmask:
        return do_rt_sigprocmask((int)a1, a2, a3, a4);
    case __NR_rt_sigreturn:
        return do_rt_sigreturn(env);
    case __NR_sigaltstack:
        return do_sigaltstack(env, a1, a2);
    case __NR_rt_sigpending:
        return do_rt_sigpending(a1, a2);
    case __NR_rt_sigsuspend:
        return do_rt_sigsuspend(a1, a2);
    case __NR_rt_sigtimedwait:
        return do_rt_sigtimedwait(a1, a2, a3, a4);
    case __NR_rt_sigqueueinfo:
    case __NR_rt_tgsigqueueinfo:
        return do_rt_sigqueueinfo(num, a1, a2, a3, a4);
    case __NR_rseq:
        /* the kernel would compare rseq critical sections with host pcs */
        return -ENOSYS;
    case __NR_vfork:
        /* the child must not share the emulator's memory (see do_clone) */
        return do_clone(env, CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
    case __NR_fork:
        return do_clone(env, SIGCHLD, 0, 0, 0, 0);
    case __NR_clone:
        /* x86_64 order: flags, stack, parent_tid, child_tid, tls */
        return do_clone(env, a1, a2, a3, a4, a5);
    case __NR_clone3:
        return do_clone3(env, a1, a2);
    case __NR_set_tid_address:
        return do_set_tid_address(a1);
    case __NR_set_robust_list:
        return do_set_robust_list(a1, a2);
    case __NR_get_robust_list:
        return do_get_robust_list((int)a1, a2, a3);
    case __NR_futex:
        return do_futex(a1, (int)a2, a3, a4, a5, a6);
    case __NR_readv: case __NR_writev: case __NR_preadv:
    case __NR_pwritev: case __NR_preadv2: case __NR_pwritev2:
        if (guest_base) {
            return do_iovec_syscall(num, a1, a2, a3, a4, a5, a6);
        }
        goto pass_through;
    case __NR_execveat:
        return do_execveat((int)a1, a2, a3, a4, (int)a5);
    case __NR_ioctl:
        if (guest_base && a3 && ioctl_arg_is_pointer(a2)) {
            a3 += guest_base;
        }
        goto pass_through;
    case __NR_access: case __NR_stat: case __NR_lstat:
    case __NR_faccessat: case __NR_faccessat2: case __NR_newfstatat:
    case __NR_statx:
        if (path_prefix()) {
            uint64_t a[6] = { a1, a2, a3, a4, a5, a6 };
            return do_path_syscall(num, num == __NR_access ||
                                   num == __NR_stat || num == __NR_lstat
                                   ? 0 : 1, a);
        }
        goto pass_through;
    case __NR_execve:
        return do_execve(a1, a2, a3);
    case __NR_clock_gettime:
        return do_clock_gettime((clockid_t)a1, a2);
    case __NR_gettimeofday:
        if (a2) {
            goto pass_through;      /* the obsolete timezone: rare */
        }
        return do_gettimeofday(a1);
    default:
    pass_through:
        /* it may block: a guest signal must be able to interrupt it */
        ret = safe_syscall(num, rebase(num, 0, a1), rebase(num, 1, a2),
                           rebase(num, 2, a3), rebase(num, 3, a4),
                           rebase(num, 4, a5), rebase(num, 5, a6));
        return ret;
    }
}

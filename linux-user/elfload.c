/*
 * The ELF loader: maps a static or static-PIE x86_64 executable and builds
 * the initial stack (argc, argv, envp, auxiliary vector) as Linux does.
 */
#include "qemu/osdep.h"
#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/auxv.h>
#include "qemu.h"

#define STACK_SIZE (8ul << 20)
#define PIE_BASE 0x555555554000ull

static bool read_at(int fd, void *buf, size_t len, off_t off,
                    const char *filename, Error **errp)
{
    ssize_t n = pread(fd, buf, len, off);

    if (n != (ssize_t)len) {
        error_setg(errp, "%s: truncated ELF file", filename);
        return false;
    }
    return true;
}

static int elf_prot(uint32_t pflags)
{
    return (pflags & PF_R ? PROT_READ : 0) | (pflags & PF_W ? PROT_WRITE : 0) |
           (pflags & PF_X ? PROT_EXEC : 0);
}

static bool check_header(const Elf64_Ehdr *eh, const char *filename,
                         Error **errp)
{
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0) {
        error_setg(errp, "%s: not an ELF file", filename);
        return false;
    }
    if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64) {
        error_setg(errp, "%s: not an x86_64 ELF executable", filename);
        return false;
    }
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) {
        error_setg(errp, "%s: ELF type %u is not executable", filename,
                   eh->e_type);
        return false;
    }
    if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
        eh->e_phnum > 256) {
        error_setg(errp, "%s: bad program header table", filename);
        return false;
    }
    return true;
}

static bool load_segments(int fd, const Elf64_Ehdr *eh,
                          const Elf64_Phdr *ph, ImageInfo *info,
                          const char *filename, Error **errp)
{
    uint64_t lo = UINT64_MAX, hi = 0, bias = 0;

    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_INTERP) {
            error_setg(errp, "%s: dynamically linked programs are not "
                       "supported yet (PT_INTERP)", filename);
            return false;
        }
        if (ph[i].p_type != PT_LOAD) {
            continue;
        }
        if (ph[i].p_filesz > ph[i].p_memsz) {
            error_setg(errp, "%s: segment %d file size exceeds memory size",
                       filename, i);
            return false;
        }
        lo = MIN(lo, ph[i].p_vaddr & TARGET_PAGE_MASK);
        hi = MAX(hi, ph[i].p_vaddr + ph[i].p_memsz);
    }
    if (lo == UINT64_MAX) {
        error_setg(errp, "%s: no loadable segment", filename);
        return false;
    }
    hi = (hi + TARGET_PAGE_SIZE - 1) & TARGET_PAGE_MASK;
    if (eh->e_type == ET_DYN) {
        bias = PIE_BASE - lo;
    }
    {
        /* reserve the whole image, then fill in the segments */
        void *want = g2h_untagged(lo + bias);
        void *p = mmap(want, hi - lo, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                       -1, 0);
        if (p == MAP_FAILED || p != want) {
            error_setg(errp, "%s: cannot map the program at 0x%" PRIx64
                       ": %s", filename, lo + bias, strerror(errno));
            return false;
        }
    }
    for (int i = 0; i < eh->e_phnum; i++) {
        uint64_t start, end;
        void *host;

        if (ph[i].p_type != PT_LOAD) {
            continue;
        }
        start = (ph[i].p_vaddr + bias) & TARGET_PAGE_MASK;
        end = (ph[i].p_vaddr + bias + ph[i].p_memsz + TARGET_PAGE_SIZE - 1) &
              TARGET_PAGE_MASK;
        host = g2h_untagged(start);
        if (mprotect(host, end - start, PROT_READ | PROT_WRITE) != 0) {
            error_setg_errno(errp, errno, "%s: cannot map segment %d",
                             filename, i);
            return false;
        }
        if (ph[i].p_filesz &&
            !read_at(fd, g2h_untagged(ph[i].p_vaddr + bias), ph[i].p_filesz,
                     ph[i].p_offset, filename, errp)) {
            return false;
        }
        guest_range_add(start, end - start, elf_prot(ph[i].p_flags),
                        info->exec_path);
    }
    /* final protections, after all segments sharing pages are filled */
    for (int i = 0; i < eh->e_phnum; i++) {
        uint64_t start, end;
        if (ph[i].p_type != PT_LOAD) {
            continue;
        }
        start = (ph[i].p_vaddr + bias) & TARGET_PAGE_MASK;
        end = (ph[i].p_vaddr + bias + ph[i].p_memsz + TARGET_PAGE_SIZE - 1) &
              TARGET_PAGE_MASK;
        mprotect(g2h_untagged(start), end - start,
                 elf_prot(ph[i].p_flags) | PROT_READ);
    }
    info->load_bias = bias;
    info->entry = eh->e_entry + bias;
    info->start_brk = hi + bias;
    info->phnum = eh->e_phnum;
    info->phdr_addr = 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_PHDR) {
            info->phdr_addr = ph[i].p_vaddr + bias;
        }
    }
    if (!info->phdr_addr) {
        /* the headers inside the first segment that covers them */
        for (int i = 0; i < eh->e_phnum; i++) {
            if (ph[i].p_type == PT_LOAD && ph[i].p_offset <= eh->e_phoff &&
                eh->e_phoff < ph[i].p_offset + ph[i].p_filesz) {
                info->phdr_addr = ph[i].p_vaddr + bias +
                                  (eh->e_phoff - ph[i].p_offset);
                break;
            }
        }
    }
    return true;
}

/* copy @s onto the guest stack below *sp; returns its guest address */
static uint64_t push_str(uint64_t *sp, const char *s)
{
    size_t n = strlen(s) + 1;

    *sp -= n;
    memcpy(g2h_untagged(*sp), s, n);
    return *sp;
}

static void put_u64(uint64_t *p, uint64_t v)
{
    memcpy(p, &v, 8);
}

static bool setup_stack(char **argv, char **envp, ImageInfo *info,
                        Error **errp)
{
    int argc = 0, envc = 0, nauxv = 0, nwords;
    uint64_t sp, execfn, platform, random_addr, *out;
    g_autofree uint64_t *argp = NULL, *envpp = NULL;
    uint64_t auxv[64];
    uint8_t rnd[16];
    void *p;

    while (argv[argc]) {
        argc++;
    }
    while (envp[envc]) {
        envc++;
    }
    p = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        error_setg_errno(errp, errno, "cannot allocate the guest stack");
        return false;
    }
    info->stack_limit = h2g(p);
    info->stack_top = info->stack_limit + STACK_SIZE;
    guest_range_add(info->stack_limit, STACK_SIZE, PROT_READ | PROT_WRITE,
                    "[stack]");

    sp = info->stack_top;
    execfn = push_str(&sp, info->exec_path);
    platform = push_str(&sp, "x86_64");
    if (getentropy(rnd, sizeof(rnd)) != 0) {
        memset(rnd, 0x5a, sizeof(rnd));
    }
    sp -= 16;
    random_addr = sp;
    memcpy(g2h_untagged(sp), rnd, 16);
    argp = g_new(uint64_t, argc + 1);
    envpp = g_new(uint64_t, envc + 1);
    for (int i = envc - 1; i >= 0; i--) {
        envpp[i] = push_str(&sp, envp[i]);
    }
    for (int i = argc - 1; i >= 0; i--) {
        argp[i] = push_str(&sp, argv[i]);
    }
    sp &= ~15ull;

#define AUX(t, v) do { auxv[nauxv++] = (t); auxv[nauxv++] = (v); } while (0)
    AUX(AT_PHDR, info->phdr_addr);
    AUX(AT_PHENT, sizeof(Elf64_Phdr));
    AUX(AT_PHNUM, info->phnum);
    AUX(AT_PAGESZ, TARGET_PAGE_SIZE);
    AUX(AT_BASE, 0);
    AUX(AT_FLAGS, 0);
    AUX(AT_ENTRY, info->entry);
    AUX(AT_UID, getuid());
    AUX(AT_EUID, geteuid());
    AUX(AT_GID, getgid());
    AUX(AT_EGID, getegid());
    AUX(AT_SECURE, 0);
    AUX(AT_RANDOM, random_addr);
    AUX(AT_HWCAP, info->hwcap);
    AUX(AT_HWCAP2, 0);
    AUX(AT_CLKTCK, sysconf(_SC_CLK_TCK));
    AUX(AT_PLATFORM, platform);
    AUX(AT_EXECFN, execfn);
    AUX(AT_NULL, 0);
#undef AUX

    nwords = 1 + argc + 1 + envc + 1 + nauxv;
    sp -= nwords * 8;
    sp &= ~15ull;
    out = g2h_untagged(sp);
    put_u64(out++, argc);
    for (int i = 0; i < argc; i++) {
        put_u64(out++, argp[i]);
    }
    put_u64(out++, 0);
    for (int i = 0; i < envc; i++) {
        put_u64(out++, envpp[i]);
    }
    put_u64(out++, 0);
    for (int i = 0; i < nauxv; i++) {
        put_u64(out++, auxv[i]);
    }
    info->sp = sp;
    return true;
}

bool loader_exec(const char *filename, char **argv, char **envp,
                 ImageInfo *info, Error **errp)
{
    Elf64_Ehdr eh;
    g_autofree Elf64_Phdr *ph = NULL;
    int fd = open(filename, O_RDONLY | O_CLOEXEC);
    bool ok;

    if (fd < 0) {
        error_setg_errno(errp, errno, "Error while loading %s", filename);
        return false;
    }
    memset(&eh, 0, sizeof(eh));
    if (pread(fd, &eh, sizeof(eh), 0) < SELFMAG ||
        memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0) {
        error_setg(errp, "%s: not an ELF file", filename);
        close(fd);
        return false;
    }
    ok = read_at(fd, &eh, sizeof(eh), 0, filename, errp) &&
         check_header(&eh, filename, errp);
    if (ok) {
        ph = g_new(Elf64_Phdr, eh.e_phnum);
        ok = read_at(fd, ph, sizeof(*ph) * eh.e_phnum, eh.e_phoff, filename,
                     errp) &&
             load_segments(fd, &eh, ph, info, filename, errp) &&
             setup_stack(argv, envp, info, errp);
    }
    close(fd);
    return ok;
}

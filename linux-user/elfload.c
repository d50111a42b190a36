/*
 * The ELF loader: maps an x86_64 executable (static, static-PIE or
 * dynamically linked) and, for a dynamic one, its program interpreter
 * (ld.so), then builds the initial stack (argc, argv, envp, auxiliary
 * vector) as Linux does.
 *
 * Placement follows the kernel: ET_EXEC at its link address, an ET_DYN
 * program at the PIE base (0x555555554000), the interpreter wherever the
 * host finds room (the kernel's mmap base, below the stack).  Addresses
 * are guest addresses; with -B they are offset by guest_base on the host.
 */
#include "qemu/osdep.h"
#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include "qemu.h"

#define STACK_SIZE (8ul << 20)
#define PIE_BASE 0x555555554000ull
/* the kernel's AT_MINSIGSTKSZ for x86_64 without AVX state */
#define MINSIGSTKSZ_X86_64 2048

/* one opened ELF file: header and program headers, checked */
typedef struct ElfFile {
    const char *filename;
    int fd;
    Elf64_Ehdr eh;
    Elf64_Phdr *ph;
} ElfFile;

/* where an ELF image landed */
typedef struct LoadedImage {
    uint64_t bias;          /* load address - link address */
    uint64_t entry;
    uint64_t phdr_addr;
    unsigned phnum;
    uint64_t end;           /* page-aligned end of the image */
} LoadedImage;

static void elf_file_close(ElfFile *ef)
{
    if (ef->fd >= 0) {
        close(ef->fd);
        ef->fd = -1;
    }
    g_free(ef->ph);
    ef->ph = NULL;
}

static bool read_at(const ElfFile *ef, void *buf, size_t len, off_t off,
                    Error **errp)
{
    ssize_t n = pread(ef->fd, buf, len, off);

    if (n != (ssize_t)len) {
        error_setg(errp, "%s: truncated ELF file", ef->filename);
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

/* open @filename and read its headers; on failure @ef needs no cleanup */
static bool elf_file_open(ElfFile *ef, const char *filename, Error **errp)
{
    ef->filename = filename;
    ef->ph = NULL;
    ef->fd = open(filename, O_RDONLY | O_CLOEXEC);
    if (ef->fd < 0) {
        error_setg_errno(errp, errno, "Error while loading %s", filename);
        return false;
    }
    memset(&ef->eh, 0, sizeof(ef->eh));
    if (pread(ef->fd, &ef->eh, sizeof(ef->eh), 0) < SELFMAG ||
        memcmp(ef->eh.e_ident, ELFMAG, SELFMAG) != 0) {
        error_setg(errp, "%s: not an ELF file", filename);
        elf_file_close(ef);
        return false;
    }
    if (!read_at(ef, &ef->eh, sizeof(ef->eh), 0, errp) ||
        !check_header(&ef->eh, filename, errp)) {
        elf_file_close(ef);
        return false;
    }
    ef->ph = g_new(Elf64_Phdr, ef->eh.e_phnum);
    if (!read_at(ef, ef->ph, sizeof(Elf64_Phdr) * ef->eh.e_phnum,
                 ef->eh.e_phoff, errp)) {
        elf_file_close(ef);
        return false;
    }
    return true;
}

/*
 * The span of the PT_LOAD segments [*lo, *hi) (page-aligned) and their
 * largest alignment.
 */
static bool image_span(const ElfFile *ef, uint64_t *lo, uint64_t *hi,
                       uint64_t *align, Error **errp)
{
    *lo = UINT64_MAX;
    *hi = 0;
    *align = TARGET_PAGE_SIZE;
    for (int i = 0; i < ef->eh.e_phnum; i++) {
        const Elf64_Phdr *p = &ef->ph[i];

        if (p->p_type != PT_LOAD) {
            continue;
        }
        if (p->p_filesz > p->p_memsz) {
            error_setg(errp, "%s: segment %d file size exceeds memory size",
                       ef->filename, i);
            return false;
        }
        if (p->p_vaddr + p->p_memsz < p->p_vaddr ||
            p->p_vaddr + p->p_memsz > (1ull << 47)) {
            error_setg(errp, "%s: segment %d lies outside the address space",
                       ef->filename, i);
            return false;
        }
        *lo = MIN(*lo, p->p_vaddr & TARGET_PAGE_MASK);
        *hi = MAX(*hi, p->p_vaddr + p->p_memsz);
        if (p->p_align > *align && p->p_align <= (1ull << 30) &&
            !(p->p_align & (p->p_align - 1))) {
            *align = p->p_align;
        }
    }
    if (*lo == UINT64_MAX) {
        error_setg(errp, "%s: no loadable segment", ef->filename);
        return false;
    }
    *hi = (*hi + TARGET_PAGE_SIZE - 1) & TARGET_PAGE_MASK;
    return true;
}

/*
 * Reserve @size bytes of guest address space (PROT_NONE) at @want, or,
 * with @want == 0 or when @want is taken and @anywhere, wherever the host
 * has room, aligned to @align.  Returns the guest address or -1.
 */
static uint64_t reserve_guest(uint64_t want, uint64_t size, uint64_t align,
                              bool anywhere)
{
    void *p;

    if (reserved_va) {
        /* -R: the space is reserved already; pick a free part of it */
        uint64_t a = mmap_find_vma(want, size,
                                   anywhere ? align : TARGET_PAGE_SIZE);
        if (want && a != want && !anywhere) {
            return -1;
        }
        return a;
    }
    if (want) {
        void *h = g2h_untagged(want);
        p = mmap(h, size, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (p == h) {
            return want;
        }
        if (p != MAP_FAILED) {
            munmap(p, size);
        }
        if (!anywhere) {
            return -1;
        }
    }
    /* over-allocate, then trim to the alignment */
    p = mmap(NULL, size + align, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        return -1;
    }
    {
        uintptr_t h = (uintptr_t)p;
        uintptr_t a = (h + align - 1) & ~(uintptr_t)(align - 1);

        if (a > h) {
            munmap(p, a - h);
        }
        if (h + size + align > a + size) {
            munmap((void *)(a + size), h + size + align - (a + size));
        }
        if (a < guest_base) {
            /* below guest address 0: unusable with this -B */
            munmap((void *)a, size);
            return -1;
        }
        return a - guest_base;
    }
}

static void segment_range(const Elf64_Phdr *p, uint64_t bias,
                          uint64_t *start, uint64_t *end)
{
    *start = (p->p_vaddr + bias) & TARGET_PAGE_MASK;
    *end = (p->p_vaddr + bias + p->p_memsz + TARGET_PAGE_SIZE - 1) &
           TARGET_PAGE_MASK;
}

/*
 * Can every PT_LOAD segment be mapped from the file on its own pages?
 * Not when two segments share a page (each mapping would replace the
 * other's bytes) or when file offset and address disagree within a page.
 */
static bool segments_own_their_pages(const ElfFile *ef)
{
    const Elf64_Phdr *ph = ef->ph;
    uint64_t prev_end = 0;
    bool first = true;

    for (int i = 0; i < ef->eh.e_phnum; i++) {
        uint64_t start, end;

        if (ph[i].p_type != PT_LOAD) {
            continue;
        }
        segment_range(&ph[i], 0, &start, &end);
        if ((ph[i].p_vaddr ^ ph[i].p_offset) & ~TARGET_PAGE_MASK ||
            (!first && start < prev_end)) {
            return false;
        }
        prev_end = end;
        first = false;
    }
    return true;
}

/*
 * Fill a segment's file part: mapped from the file like the kernel does
 * (no copy, pages shared with the page cache until written), else read.
 * With a bss, the last file page is zeroed past p_filesz.
 */
static bool fill_segment(const ElfFile *ef, const Elf64_Phdr *p,
                         uint64_t bias, bool may_map, Error **errp)
{
    uint64_t vaddr = p->p_vaddr + bias;
    uint64_t map_start = vaddr & TARGET_PAGE_MASK;
    uint64_t file_end = vaddr + p->p_filesz;
    uint64_t map_end = (file_end + TARGET_PAGE_SIZE - 1) & TARGET_PAGE_MASK;
    uint64_t mem_end = vaddr + p->p_memsz;
    struct stat st;

    /* a file too short for its segment gets read_at's error, not SIGBUS */
    if (may_map && fstat(ef->fd, &st) == 0 &&
        p->p_offset + p->p_filesz <= (uint64_t)st.st_size &&
        mmap(g2h_untagged(map_start), map_end - map_start,
             PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, ef->fd,
             p->p_offset & TARGET_PAGE_MASK) != MAP_FAILED) {
        if (mem_end > file_end) {
            /*
             * To the page end as the kernel: ld.so's early allocator
             * takes the rest of the page after _end for zeroed memory.
             */
            memset(g2h_untagged(file_end), 0, map_end - file_end);
        }
        return true;
    }
    return read_at(ef, g2h_untagged(vaddr), p->p_filesz, p->p_offset, errp);
}

/*
 * Map @ef's PT_LOAD segments.  @pie_base: where an ET_DYN image should
 * go (0: anywhere).  @name: the path /proc/self/maps shows.
 */
static bool load_image(const ElfFile *ef, uint64_t pie_base,
                       const char *name, LoadedImage *out, Error **errp)
{
    const Elf64_Ehdr *eh = &ef->eh;
    const Elf64_Phdr *ph = ef->ph;
    uint64_t lo, hi, align, bias = 0, base;
    struct stat st = { 0 };
    bool may_map;

    if (!image_span(ef, &lo, &hi, &align, errp)) {
        return false;
    }
    if (reserved_va && eh->e_type == ET_EXEC && hi > reserved_va) {
        error_setg(errp, "%s: requires more than reserved virtual address "
                   "space (0x%" PRIx64 " > 0x%" PRIx64 ")", ef->filename, hi,
                   reserved_va);
        return false;
    }
    if (eh->e_type == ET_EXEC) {
        base = reserve_guest(lo, hi - lo, align, false);
    } else {
        base = reserve_guest(pie_base, hi - lo, align, true);
    }
    if (base == (uint64_t)-1) {
        error_setg(errp, "%s: cannot map the program at 0x%" PRIx64
                   ": %s", ef->filename, eh->e_type == ET_EXEC ? lo : pie_base,
                   "address range in use or unavailable");
        return false;
    }
    bias = base - lo;
    may_map = segments_own_their_pages(ef);
    for (int i = 0; i < eh->e_phnum; i++) {
        uint64_t start, end;

        if (ph[i].p_type != PT_LOAD) {
            continue;
        }
        segment_range(&ph[i], bias, &start, &end);
        if (mprotect(g2h_untagged(start), end - start,
                     PROT_READ | PROT_WRITE) != 0) {
            error_setg_errno(errp, errno, "%s: cannot map segment %d",
                             ef->filename, i);
            return false;
        }
        if (ph[i].p_filesz && !fill_segment(ef, &ph[i], bias, may_map,
                                            errp)) {
            return false;
        }
    }
    /* final protections, after all segments sharing pages are filled */
    guest_range_add(base, hi - lo, PROT_NONE, NULL);
    fstat(ef->fd, &st);
    for (int i = 0; i < eh->e_phnum; i++) {
        uint64_t start, end;
        int prot = elf_prot(ph[i].p_flags);

        if (ph[i].p_type != PT_LOAD) {
            continue;
        }
        segment_range(&ph[i], bias, &start, &end);
        mprotect(g2h_untagged(start), end - start, prot);
        guest_range_add_file(start, end - start, prot, false, name,
                             ph[i].p_offset & TARGET_PAGE_MASK, st.st_dev,
                             st.st_ino);
    }

    out->bias = bias;
    out->entry = eh->e_entry + bias;
    out->end = hi + bias;
    out->phnum = eh->e_phnum;
    out->phdr_addr = 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_PHDR) {
            out->phdr_addr = ph[i].p_vaddr + bias;
        }
    }
    if (!out->phdr_addr) {
        /* the headers inside the first segment that covers them */
        for (int i = 0; i < eh->e_phnum; i++) {
            if (ph[i].p_type == PT_LOAD && ph[i].p_offset <= eh->e_phoff &&
                eh->e_phoff < ph[i].p_offset + ph[i].p_filesz) {
                out->phdr_addr = ph[i].p_vaddr + bias +
                                 (eh->e_phoff - ph[i].p_offset);
                break;
            }
        }
    }
    return true;
}

/*
 * The stack's protection: executable only when the program asks for it
 * with a PT_GNU_STACK of PF_X, as the x86-64 kernel does (no such header:
 * not executable for a 64-bit program).
 */
static int stack_prot(const ElfFile *ef)
{
    for (int i = 0; i < ef->eh.e_phnum; i++) {
        if (ef->ph[i].p_type == PT_GNU_STACK) {
            return PROT_READ | PROT_WRITE |
                   (ef->ph[i].p_flags & PF_X ? PROT_EXEC : 0);
        }
    }
    return PROT_READ | PROT_WRITE;
}

/* the PT_INTERP path of @ef, or NULL (and no error) if it has none */
static char *interp_name(const ElfFile *ef, Error **errp)
{
    for (int i = 0; i < ef->eh.e_phnum; i++) {
        const Elf64_Phdr *p = &ef->ph[i];
        g_autofree char *s = NULL;

        if (p->p_type != PT_INTERP) {
            continue;
        }
        if (p->p_filesz < 2 || p->p_filesz > PATH_MAX) {
            error_setg(errp, "%s: bad program interpreter name length %"
                       PRIu64, ef->filename, (uint64_t)p->p_filesz);
            return NULL;
        }
        s = g_malloc(p->p_filesz + 1);
        if (!read_at(ef, s, p->p_filesz, p->p_offset, errp)) {
            return NULL;
        }
        s[p->p_filesz] = 0;
        /* as the kernel: terminated; padding after the name is fine */
        if (s[p->p_filesz - 1] != 0 || !*s) {
            error_setg(errp, "%s: program interpreter name is not a "
                       "terminated string", ef->filename);
            return NULL;
        }
        return g_steal_pointer(&s);
    }
    return NULL;
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
    uint64_t sp, execfn, platform, random_addr, stack, *out;
    g_autofree uint64_t *argp = NULL, *envpp = NULL;
    uint64_t auxv[64];
    uint8_t rnd[16];

    while (argv[argc]) {
        argc++;
    }
    while (envp[envc]) {
        envc++;
    }
    stack = reserve_guest(0, STACK_SIZE, TARGET_PAGE_SIZE, true);
    if (stack == (uint64_t)-1 ||
        mprotect(g2h_untagged(stack), STACK_SIZE, info->stack_prot) != 0) {
        error_setg(errp, "cannot allocate the guest stack%s",
                   reserved_va ? " (reserve more with -R)" : "");
        return false;
    }
    info->stack_limit = stack;
    info->stack_top = info->stack_limit + STACK_SIZE;
    guest_range_add(info->stack_limit, STACK_SIZE, info->stack_prot,
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
    /* the argument strings, contiguous, for /proc/self/cmdline */
    info->arg_start = argc ? argp[0] : sp;
    info->arg_end = argc ? argp[argc - 1] + strlen(argv[argc - 1]) + 1 : sp;
    sp &= ~15ull;

    /*
     * No AT_SYSINFO_EHDR: without a vDSO, glibc makes real syscalls for
     * clock_gettime, gettimeofday, time and getcpu, which we pass through.
     */
#define AUX(t, v) do { auxv[nauxv++] = (t); auxv[nauxv++] = (v); } while (0)
    AUX(AT_MINSIGSTKSZ, MINSIGSTKSZ_X86_64);
    AUX(AT_HWCAP, info->hwcap);
    AUX(AT_PAGESZ, TARGET_PAGE_SIZE);
    AUX(AT_CLKTCK, sysconf(_SC_CLK_TCK));
    AUX(AT_PHDR, info->phdr_addr);
    AUX(AT_PHENT, sizeof(Elf64_Phdr));
    AUX(AT_PHNUM, info->phnum);
    AUX(AT_BASE, info->interp_base);
    AUX(AT_FLAGS, 0);
    AUX(AT_ENTRY, info->entry);
    AUX(AT_UID, getuid());
    AUX(AT_EUID, geteuid());
    AUX(AT_GID, getgid());
    AUX(AT_EGID, getegid());
    AUX(AT_SECURE, 0);
    AUX(AT_RANDOM, random_addr);
    AUX(AT_HWCAP2, 0);
    AUX(AT_EXECFN, execfn);
    AUX(AT_PLATFORM, platform);
    AUX(AT_NULL, 0);
#undef AUX
    info->auxv_len = nauxv * 8;

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
    info->auxv = h2g(out);
    for (int i = 0; i < nauxv; i++) {
        put_u64(out++, auxv[i]);
    }
    info->sp = sp;
    return true;
}

/* map the interpreter @name (with the -L prefix) anywhere */
static bool load_interp(const char *name, ImageInfo *info, Error **errp)
{
    ElfFile ef;
    LoadedImage li;
    const char *file = path(name);
    g_autofree char *real = NULL;
    bool ok;

    if (access(file, R_OK) != 0) {
        error_setg(errp, "Could not open '%s': %s", file, strerror(errno));
        return false;
    }
    if (!elf_file_open(&ef, file, errp)) {
        return false;
    }
    if (ef.eh.e_type != ET_DYN) {
        error_setg(errp, "%s: the program interpreter is not a shared "
                   "object", file);
        elf_file_close(&ef);
        return false;
    }
    real = realpath(file, NULL);
    ok = load_image(&ef, 0, real ? real : file, &li, errp);
    elf_file_close(&ef);
    if (ok) {
        info->interp_base = li.bias;
        info->interp_entry = li.entry;
    }
    return ok;
}

bool loader_exec(const char *filename, char **argv, char **envp,
                 ImageInfo *info, Error **errp)
{
    ElfFile ef;
    LoadedImage li;
    g_autofree char *interp = NULL;
    Error *local_err = NULL;
    bool ok;

    if (!elf_file_open(&ef, filename, errp)) {
        return false;
    }
    interp = interp_name(&ef, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        elf_file_close(&ef);
        return false;
    }
    info->stack_prot = stack_prot(&ef);
    ok = load_image(&ef, PIE_BASE, info->exec_path, &li, errp);
    elf_file_close(&ef);
    if (!ok) {
        return false;
    }
    info->load_bias = li.bias;
    info->entry = li.entry;
    info->start_brk = li.end;
    info->phnum = li.phnum;
    info->phdr_addr = li.phdr_addr;
    info->interp_base = 0;
    info->interp_entry = li.entry;
    if (interp) {
        info->interp_path = g_strdup(interp);
        if (!load_interp(interp, info, errp)) {
            return false;
        }
    }
    return setup_stack(argv, envp, info, errp);
}

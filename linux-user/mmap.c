/*
 * The guest address space: which ranges belong to the guest (for
 * /proc/self/maps and validity checks), brk, and the mmap family.
 * Guest address = host address - guest_base.
 *
 * With -R (reserved_va) the guest owns [0, reserved_va) and nothing else:
 * the whole range is reserved on the host at start-up (PROT_NONE), the
 * emulator picks every address itself (top-down, as the kernel's mmap
 * does) from the holes of the range list, maps the guest's memory over
 * the reservation with MAP_FIXED, and puts the reservation back where the
 * guest unmaps.  A request that does not fit fails with ENOMEM; MAP_FIXED
 * outside the range too.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/shm.h>
#include "qemu.h"

typedef struct GuestRange {
    uint64_t start, end;
    int prot;
    bool shared;            /* MAP_SHARED: 's' in /proc/self/maps */
    char *name;
    /* a file mapping: the file offset at start, the file's device/inode */
    uint64_t offset;
    uint64_t dev, ino;
    /*
     * -R: a piece of the reservation the host took back (see
     * reserve_again): never the guest's, never shown, never reused.
     */
    bool lost;
} GuestRange;

/* sorted, non-overlapping */
static GArray *ranges;
static uint64_t brk_start, brk_cur, brk_mapped;

uint64_t reserved_va;
/* below this the kernel maps nothing for a process (vm.mmap_min_addr) */
#define GUEST_MIN_ADDR 0x10000ull

/* mmap_lock is tb_lock: the code page hook runs under it (see qemu.h) */
void mmap_lock(void)
{
    tb_lock();
}

void mmap_unlock(void)
{
    tb_unlock();
}

static void mmap_guard_release(int *unused)
{
    mmap_unlock();
}

/* hold mmap_lock until the end of the enclosing block */
#define MMAP_LOCK_GUARD() \
    int mmap_guard __attribute__((cleanup(mmap_guard_release), unused)) = \
        (mmap_lock(), 0)

static void range_clear(gpointer p)
{
    g_free(((GuestRange *)p)->name);
}

void mmap_init(void)
{
    ranges = g_array_new(false, false, sizeof(GuestRange));
    g_array_set_clear_func(ranges, range_clear);
}

static uint64_t page_up(uint64_t v)
{
    return (v + TARGET_PAGE_SIZE - 1) & TARGET_PAGE_MASK;
}

/* the part [s, e) of @r (within it), as a new range with its own name */
static GuestRange range_slice(const GuestRange *r, uint64_t s, uint64_t e)
{
    GuestRange n = *r;

    n.start = s;
    n.end = e;
    n.name = g_strdup(r->name);
    if (r->dev || r->ino) {
        n.offset = r->offset + (s - r->start);
    }
    return n;
}

/* cut [start, end) out of the list */
void guest_range_remove(uint64_t start, uint64_t len)
{
    MMAP_LOCK_GUARD();
    uint64_t end = start + len;

    for (guint i = 0; i < ranges->len; i++) {
        GuestRange *r = &g_array_index(ranges, GuestRange, i);
        if (r->end <= start || r->start >= end) {
            continue;
        }
        if (r->start < start && r->end > end) {
            GuestRange tail = range_slice(r, end, r->end);
            r->end = start;
            g_array_insert_val(ranges, i + 1, tail);
            return;
        }
        if (r->start < start) {
            r->end = start;
        } else if (r->end > end) {
            if (r->dev || r->ino) {
                r->offset += end - r->start;
            }
            r->start = end;
        } else {
            g_array_remove_index(ranges, i);
            i--;
        }
    }
}

/* put @r in the list (which takes its name), replacing what it overlaps */
static void range_insert(GuestRange *r)
{
    guint i;

    guest_range_remove(r->start, r->end - r->start);
    for (i = 0; i < ranges->len; i++) {
        if (g_array_index(ranges, GuestRange, i).start > r->start) {
            break;
        }
    }
    g_array_insert_val(ranges, i, *r);
}

void guest_range_add(uint64_t start, uint64_t len, int prot,
                     const char *name)
{
    MMAP_LOCK_GUARD();
    GuestRange r = { .start = start, .end = start + len, .prot = prot,
                     .name = g_strdup(name) };

    range_insert(&r);
}

void guest_range_add_file(uint64_t start, uint64_t len, int prot,
                          bool shared, const char *name, uint64_t offset,
                          uint64_t dev, uint64_t ino)
{
    MMAP_LOCK_GUARD();
    GuestRange r = { .start = start, .end = start + len, .prot = prot,
                     .shared = shared, .name = g_strdup(name),
                     .offset = offset, .dev = dev, .ino = ino };

    range_insert(&r);
}

void guest_range_protect(uint64_t start, uint64_t len, int prot)
{
    MMAP_LOCK_GUARD();
    uint64_t end = start + len;

    for (guint i = 0; i < ranges->len; i++) {
        GuestRange *r = &g_array_index(ranges, GuestRange, i);
        GuestRange part;

        if (r->end <= start || r->start >= end || r->prot == prot) {
            continue;
        }
        if (r->start >= start && r->end <= end) {
            r->prot = prot;
            continue;
        }
        /* split off the part inside [start, end), then rescan */
        part = range_slice(r, MAX(r->start, start), MIN(r->end, end));
        part.prot = prot;
        range_insert(&part);
        i = -1;
    }
}

bool guest_range_valid(uint64_t start, uint64_t len)
{
    MMAP_LOCK_GUARD();
    uint64_t pos = start, end = start + len;

    for (guint i = 0; i < ranges->len && pos < end; i++) {
        GuestRange *r = &g_array_index(ranges, GuestRange, i);
        if (r->start <= pos && r->end > pos && !r->lost) {
            pos = r->end;
        }
    }
    return pos >= end;
}

bool guest_range_readable(uint64_t start, uint64_t len)
{
    MMAP_LOCK_GUARD();
    uint64_t pos = start, end = start + len;

    if (end < start) {
        return false;
    }
    for (guint i = 0; i < ranges->len && pos < end; i++) {
        GuestRange *r = &g_array_index(ranges, GuestRange, i);
        if (r->start <= pos && r->end > pos) {
            if (!(r->prot & PROT_READ)) {
                return false;
            }
            pos = r->end;
        }
    }
    return pos >= end;
}

/* ---- -R: the reserved guest address space ---- */

static bool host_reserve_at(void *h, uint64_t len, bool replace)
{
    void *p = mmap(h, len, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
                   (replace ? MAP_FIXED : MAP_FIXED_NOREPLACE), -1, 0);

    if (p != MAP_FAILED && p != h) {
        munmap(p, len);     /* a kernel without MAP_FIXED_NOREPLACE */
        return false;
    }
    return p == h;
}

bool mmap_reserve_va(uint64_t size, bool have_base, Error **errp)
{
    uint64_t lo;
    void *p;

    if (!have_base && host_reserve_at((void *)(uintptr_t)GUEST_MIN_ADDR,
                                      size - GUEST_MIN_ADDR, false)) {
        /* guest addresses are host addresses: nothing to rebase */
        guest_base = 0;
        reserved_va = size;
        return true;
    }
    if (!have_base) {
        p = mmap(NULL, size, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) {
            error_setg(errp, "Unable to reserve 0x%" PRIx64 " bytes of "
                       "virtual address space (%s) for use as guest address "
                       "space (check your virtual memory ulimit setting or "
                       "reserve less using -R option)", size,
                       strerror(errno));
            return false;
        }
        guest_base = (uintptr_t)p;
        reserved_va = size;
        return true;
    }
    /* the host cannot map below its own minimum address either */
    lo = guest_base >= GUEST_MIN_ADDR ? 0 : GUEST_MIN_ADDR - guest_base;
    if (guest_base + size < guest_base ||
        !host_reserve_at(g2h_untagged(lo), size - lo, false)) {
        if (errno == EEXIST) {
            error_setg(errp, "cannot reserve the guest address space at "
                       "0x%" PRIx64 "-0x%" PRIx64 ": it is in use (omit "
                       "the -B option or choose a different value)",
                       (uint64_t)guest_base + lo, (uint64_t)guest_base + size);
        } else {
            error_setg(errp, "Unable to reserve 0x%" PRIx64 " bytes of "
                       "virtual address space at 0x%" PRIx64 " (%s) for use "
                       "as guest address space (check your virtual memory "
                       "ulimit setting, choose a different -B value or "
                       "reserve less using -R option)", size - lo,
                       (uint64_t)guest_base + lo, strerror(errno));
        }
        return false;
    }
    reserved_va = size;
    return true;
}

/* inside the reserved space (and above the host's minimum address)? */
static bool in_reserved(uint64_t start, uint64_t len)
{
    return start >= GUEST_MIN_ADDR && start + len >= start &&
           start + len <= reserved_va;
}

/* no guest (or lost) range overlaps [start, start + len); under lock */
static bool range_free(uint64_t start, uint64_t len)
{
    uint64_t end = start + len;

    for (guint i = 0; i < ranges->len; i++) {
        GuestRange *r = &g_array_index(ranges, GuestRange, i);
        if (r->start >= end) {
            break;
        }
        if (r->end > start) {
            return false;
        }
    }
    return true;
}

/* does a lost range overlap [start, start + len)? under lock */
static bool range_has_lost(uint64_t start, uint64_t len)
{
    uint64_t end = start + len;

    for (guint i = 0; i < ranges->len; i++) {
        GuestRange *r = &g_array_index(ranges, GuestRange, i);
        if (r->lost && r->start < end && r->end > start) {
            return true;
        }
    }
    return false;
}

uint64_t mmap_find_vma(uint64_t hint, uint64_t len, uint64_t align)
{
    MMAP_LOCK_GUARD();
    uint64_t top = reserved_va;

    if (!len || len > reserved_va) {
        return -1;
    }
    hint &= TARGET_PAGE_MASK;
    if (hint && !(hint & (align - 1)) && in_reserved(hint, len) &&
        range_free(hint, len)) {
        return hint;
    }
    /* the highest hole that fits, as the kernel's top-down search */
    for (int i = (int)ranges->len; i >= 0; i--) {
        uint64_t lo = i ? g_array_index(ranges, GuestRange, i - 1).end
                        : GUEST_MIN_ADDR;
        uint64_t hi = i < (int)ranges->len
                      ? g_array_index(ranges, GuestRange, i).start : top;
        uint64_t a;

        lo = MAX(lo, GUEST_MIN_ADDR);
        hi = MIN(hi, top);
        if (hi < lo + len) {
            continue;
        }
        a = (hi - len) & ~(align - 1);
        if (a >= lo) {
            return a;
        }
    }
    return -1;
}

/*
 * Give [start, start + len) back to the reservation.  @mapped: the guest
 * memory is still there (replaced atomically; false if the host refused,
 * e.g. too many mappings); otherwise it was just unmapped or moved away,
 * and if the host took the hole meanwhile it is marked lost rather than
 * mapped over.
 */
static bool reserve_again(uint64_t start, uint64_t len, bool mapped)
{
    GuestRange r = { .start = start, .end = start + len,
                     .prot = PROT_NONE, .lost = true };

    if (host_reserve_at(g2h_untagged(start), len, mapped)) {
        return true;
    }
    if (mapped) {
        return false;       /* the guest's pages are still there */
    }
    range_insert(&r);
    return true;
}

/* the attributes of the range holding @addr (a copy, name shared) */
static GuestRange range_at(uint64_t addr)
{
    for (guint i = 0; i < ranges->len; i++) {
        GuestRange *r = &g_array_index(ranges, GuestRange, i);
        if (r->start <= addr && addr < r->end) {
            return *r;
        }
    }
    return (GuestRange) { .prot = PROT_READ | PROT_WRITE };
}

/* record the guest mapping just made at [addr, addr + len) */
static void note_mapping(uint64_t addr, uint64_t len, int prot, int flags,
                         int fd, uint64_t off)
{
    if (flags & MAP_ANONYMOUS) {
        guest_range_add(addr, len, prot, NULL);
    } else {
        /* shown in /proc/self/maps with its path, as the kernel does */
        g_autofree char *link = g_strdup_printf("/proc/self/fd/%d", fd);
        g_autofree char *name = g_file_read_link(link, NULL);
        struct stat st = { 0 };

        fstat(fd, &st);
        guest_range_add_file(addr, len, prot,
                             (flags & MAP_TYPE) != MAP_PRIVATE,
                             name ? name : "", off, st.st_dev, st.st_ino);
    }
}

static int64_t reserved_mmap(uint64_t addr, uint64_t len, int prot,
                             int flags, int fd, uint64_t off)
{
    uint64_t plen = page_up(len);
    bool was_free;
    void *p;

    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (addr & ~TARGET_PAGE_MASK) {
            return -EINVAL;
        }
        if (!in_reserved(addr, plen) || range_has_lost(addr, plen)) {
            return -ENOMEM;
        }
        if ((flags & MAP_FIXED_NOREPLACE) && !range_free(addr, plen)) {
            return -EEXIST;
        }
    } else {
        /* a hint outside, or taken, is only a hint */
        addr = mmap_find_vma(addr, plen, TARGET_PAGE_SIZE);
        if (addr == (uint64_t)-1) {
            return -ENOMEM;
        }
    }
    was_free = range_free(addr, plen);
    flags = (flags & ~MAP_FIXED_NOREPLACE) | MAP_FIXED;
    p = mmap(g2h_untagged(addr), len, prot, flags, fd, off);
    if (p == MAP_FAILED) {
        int e = errno;
        /* a failed MAP_FIXED may have unmapped the reservation there */
        if (was_free) {
            reserve_again(addr, plen, true);
        }
        return -e;
    }
    page_forget_protection(addr, len);
    tb_invalidate_phys_range(addr, addr + plen);
    note_mapping(addr, plen, prot, flags, fd, off);
    return addr;
}

static int64_t reserved_munmap(uint64_t addr, uint64_t len)
{
    uint64_t plen = page_up(len);

    if (!len || (addr & ~TARGET_PAGE_MASK)) {
        return -EINVAL;
    }
    if (!in_reserved(addr, plen) || range_has_lost(addr, plen)) {
        return -EINVAL;
    }
    page_forget_protection(addr, len);
    /* the pages go back to the reservation in one step */
    if (!reserve_again(addr, plen, true)) {
        return -errno;
    }
    tb_invalidate_phys_range(addr, addr + plen);
    guest_range_remove(addr, plen);
    return 0;
}

/* mremap within the reserved space (lengths page-aligned) */
static int64_t reserved_mremap(uint64_t old, uint64_t old_len,
                               uint64_t new_len, int flags, uint64_t dest)
{
    GuestRange attr;
    void *p;

    if (!new_len || (old & ~TARGET_PAGE_MASK) ||
        (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) ||
        ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))) {
        return -EINVAL;
    }
    if (!old_len || !in_reserved(old, old_len) ||
        !guest_range_valid(old, old_len)) {
        return -EFAULT;
    }
    attr = range_at(old);
    if (flags & MREMAP_FIXED) {
        if ((dest & ~TARGET_PAGE_MASK) ||
            (dest < old + old_len && old < dest + new_len)) {
            return -EINVAL;
        }
        if (!in_reserved(dest, new_len) || range_has_lost(dest, new_len)) {
            return -ENOMEM;
        }
    } else if (new_len <= old_len) {
        if (new_len < old_len) {
            if (!reserve_again(old + new_len, old_len - new_len, true)) {
                return -ENOMEM;
            }
            tb_invalidate_phys_range(old + new_len, old + old_len);
            page_forget_protection(old + new_len, old_len - new_len);
            guest_range_remove(old + new_len, old_len - new_len);
        }
        return old;
    } else if (in_reserved(old, new_len) &&
               range_free(old + old_len, new_len - old_len)) {
        uint64_t ext = old + old_len, ext_len = new_len - old_len;
        bool anon = !attr.shared && !attr.dev && !attr.ino;

        if (anon) {
            /* new anonymous pages: the same as the kernel growing it */
            p = mmap(g2h_untagged(ext), ext_len, attr.prot,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        } else {
            /* a file's next pages: the kernel needs the room free */
            munmap(g2h_untagged(ext), ext_len);
            p = mremap(g2h_untagged(old), old_len, new_len, 0);
        }
        if (p == MAP_FAILED) {
            int e = errno;
            reserve_again(ext, ext_len, false);
            return -e;
        }
        GuestRange r = range_slice(&attr, old, old + new_len);
        range_insert(&r);
        return old;
    } else if (!(flags & MREMAP_MAYMOVE)) {
        return -ENOMEM;
    } else {
        dest = mmap_find_vma(0, new_len, TARGET_PAGE_SIZE);
        if (dest == (uint64_t)-1) {
            return -ENOMEM;
        }
    }
    p = mremap(g2h_untagged(old), old_len, new_len,
               MREMAP_MAYMOVE | MREMAP_FIXED, g2h_untagged(dest));
    if (p == MAP_FAILED) {
        return -errno;
    }
    tb_invalidate_phys_range(old, old + old_len);
    tb_invalidate_phys_range(dest, dest + new_len);
    page_forget_protection(old, old_len);
    page_forget_protection(dest, new_len);
    {
        GuestRange r = range_slice(&attr, dest, dest + new_len);
        if (attr.dev || attr.ino) {
            r.offset = attr.offset + (old - attr.start);
        }
        guest_range_remove(old, old_len);
        range_insert(&r);
    }
    reserve_again(old, old_len, false);
    return dest;
}

int64_t target_mmap(uint64_t addr, uint64_t len, int prot, int flags,
                    int fd, uint64_t off)
{
    MMAP_LOCK_GUARD();
    void *p, *want = NULL;

    if (len == 0) {
        return -EINVAL;
    }
    if (reserved_va) {
        return reserved_mmap(addr, len, prot, flags, fd, off);
    }
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        want = g2h_untagged(addr);
    } else if (addr) {
        want = g2h_untagged(addr);
    }
    p = mmap(want, len, prot, flags, fd, off);
    if (p == MAP_FAILED) {
        return -errno;
    }
    page_forget_protection(h2g(p), len);
    addr = h2g(p);
    tb_invalidate_phys_range(addr, addr + page_up(len));
    note_mapping(addr, page_up(len), prot, flags, fd, off);
    return addr;
}

/*
 * System V shared memory: attached like a mapping (placed inside -R,
 * listed in /proc/self/maps as the kernel shows it).
 */
int64_t target_shmat(int shmid, uint64_t addr, int shmflg)
{
    MMAP_LOCK_GUARD();
    struct shmid_ds ds;
    uint64_t len;
    bool was_free = false;
    void *p;
    int prot;

    if (shmctl(shmid, IPC_STAT, &ds) < 0) {
        return -errno;
    }
    len = page_up(ds.shm_segsz);
    if (addr && (shmflg & SHM_RND)) {
        addr &= ~(uint64_t)(SHMLBA - 1);
    } else if (addr & (SHMLBA - 1)) {
        return -EINVAL;
    }
    if (reserved_va) {
        if (!addr) {
            addr = mmap_find_vma(0, len, SHMLBA);
            if (addr == (uint64_t)-1) {
                return -ENOMEM;
            }
        } else if (!in_reserved(addr, len) || range_has_lost(addr, len) ||
                   (!(shmflg & SHM_REMAP) && !range_free(addr, len))) {
            return -EINVAL;
        }
        was_free = range_free(addr, len);
        /* over the reservation */
        shmflg |= SHM_REMAP;
    }
    p = shmat(shmid, addr ? g2h_untagged(addr) : NULL, shmflg);
    if (p == (void *)-1) {
        int e = errno;
        if (was_free) {
            reserve_again(addr, len, true);
        }
        return -e;
    }
    addr = h2g(p);
    prot = PROT_READ | (shmflg & SHM_RDONLY ? 0 : PROT_WRITE) |
           (shmflg & SHM_EXEC ? PROT_EXEC : 0);
    page_forget_protection(addr, len);
    tb_invalidate_phys_range(addr, addr + len);
    {
        g_autofree char *name = g_strdup_printf("/SYSV%08x (deleted)",
                                                (unsigned)ds.shm_perm.__key);
        /* the kernel shows device 00:01 and the segment id as inode */
        guest_range_add_file(addr, len, prot, true, name, 0,
                             makedev(0, 1), shmid);
    }
    return addr;
}

int64_t target_shmdt(uint64_t addr)
{
    MMAP_LOCK_GUARD();
    GuestRange r;

    if (!guest_range_valid(addr, 1)) {
        return -EINVAL;
    }
    r = range_at(addr);
    if (shmdt(g2h_untagged(addr)) < 0) {
        return -errno;
    }
    if (r.start == addr && r.shared) {
        page_forget_protection(r.start, r.end - r.start);
        tb_invalidate_phys_range(r.start, r.end);
        guest_range_remove(r.start, r.end - r.start);
        if (reserved_va) {
            reserve_again(r.start, r.end - r.start, false);
        }
    }
    return 0;
}

int64_t target_munmap(uint64_t addr, uint64_t len)
{
    MMAP_LOCK_GUARD();
    if (reserved_va) {
        return reserved_munmap(addr, len);
    }
    page_forget_protection(addr, len);
    if (munmap(g2h_untagged(addr), len) != 0) {
        return -errno;
    }
    tb_invalidate_phys_range(addr, addr + page_up(len));
    guest_range_remove(addr, page_up(len));
    return 0;
}

int64_t target_mprotect(uint64_t addr, uint64_t len, int prot)
{
    MMAP_LOCK_GUARD();
    if (reserved_va && len &&
        (!in_reserved(addr, page_up(len)) ||
         range_has_lost(addr, page_up(len)) ||
         !guest_range_valid(addr, page_up(len)))) {
        /* the reservation itself is no guest memory (as unmapped) */
        return (addr & ~TARGET_PAGE_MASK) ? -EINVAL : -ENOMEM;
    }
    page_forget_protection(addr, len);
    if (mprotect(g2h_untagged(addr), len, prot) != 0) {
        return -errno;
    }
    /*
     * Writable: the guest may rewrite code there; not readable or
     * executable any more: running its TBs again must fault.  (A TB
     * reaching into the range from the page before is listed on both.)
     */
    tb_invalidate_phys_range(addr, addr + page_up(len));
    guest_range_protect(addr, page_up(len), prot);
    return 0;
}

int64_t target_mremap(uint64_t old, uint64_t old_len, uint64_t new_len,
                      int flags, uint64_t new_addr)
{
    MMAP_LOCK_GUARD();
    void *p;
    int prot = PROT_READ | PROT_WRITE;

    if (reserved_va) {
        return reserved_mremap(old, page_up(old_len), page_up(new_len),
                               flags, new_addr);
    }
    p = mremap(g2h_untagged(old), old_len, new_len, flags,
               g2h_untagged(new_addr));
    if (p == MAP_FAILED) {
        return -errno;
    }
    for (guint i = 0; i < ranges->len; i++) {
        GuestRange *r = &g_array_index(ranges, GuestRange, i);
        if (r->start <= old && r->end > old) {
            prot = r->prot;
        }
    }
    tb_invalidate_phys_range(old, old + page_up(old_len));
    page_forget_protection(old, old_len);
    page_forget_protection(h2g(p), new_len);
    guest_range_remove(old, page_up(old_len));
    guest_range_add(h2g(p), page_up(new_len), prot, NULL);
    return h2g(p);
}

void target_set_brk(uint64_t brk)
{
    MMAP_LOCK_GUARD();
    brk_start = brk_cur = brk_mapped = page_up(brk);
}

int64_t target_brk(uint64_t brk)
{
    MMAP_LOCK_GUARD();
    uint64_t want;

    if (brk < brk_start) {
        return brk_cur;
    }
    want = page_up(brk);
    if (reserved_va && want > brk_mapped) {
        /* the heap grows over the reservation, into free space only */
        if (!in_reserved(brk_mapped, want - brk_mapped) ||
            !range_free(brk_mapped, want - brk_mapped) ||
            mmap(g2h_untagged(brk_mapped), want - brk_mapped,
                 PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
            MAP_FAILED) {
            return brk_cur;
        }
        brk_mapped = want;
        guest_range_add(brk_start, brk_mapped - brk_start,
                        PROT_READ | PROT_WRITE, "[heap]");
    } else if (reserved_va && want < brk_mapped) {
        if (!reserve_again(want, brk_mapped - want, true)) {
            return brk_cur;
        }
        guest_range_remove(want, brk_mapped - want);
        brk_mapped = want;
    } else if (want > brk_mapped) {
        void *p = mmap(g2h_untagged(brk_mapped), want - brk_mapped,
                       PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                       -1, 0);
        if (p == MAP_FAILED || p != g2h_untagged(brk_mapped)) {
            if (p != MAP_FAILED) {
                munmap(p, want - brk_mapped);
            }
            return brk_cur;
        }
        brk_mapped = want;
        guest_range_add(brk_start, brk_mapped - brk_start,
                        PROT_READ | PROT_WRITE, "[heap]");
    } else if (want < brk_mapped) {
        munmap(g2h_untagged(want), brk_mapped - want);
        guest_range_remove(want, brk_mapped - want);
        brk_mapped = want;
    }
    brk_cur = brk;
    return brk_cur;
}

/* in the kernel's format: the name, if any, starts at column 74 */
void write_guest_maps(int fd)
{
    MMAP_LOCK_GUARD();
    for (guint i = 0; i < ranges->len; i++) {
        GuestRange *r = &g_array_index(ranges, GuestRange, i);
        char line[128];

        if (r->lost) {
            continue;
        }
        int n = snprintf(line, sizeof(line),
                         "%08" PRIx64 "-%08" PRIx64 " %c%c%c%c %08" PRIx64
                         " %02x:%02x %" PRIu64 " ", r->start, r->end,
                         r->prot & PROT_READ ? 'r' : '-',
                         r->prot & PROT_WRITE ? 'w' : '-',
                         r->prot & PROT_EXEC ? 'x' : '-',
                         r->shared ? 's' : 'p', r->offset,
                         major(r->dev), minor(r->dev), r->ino);

        if (r->name && *r->name) {
            dprintf(fd, "%s%*s%s\n", line, MAX(0, 73 - n), "", r->name);
        } else {
            line[n - 1] = 0;    /* no trailing blank */
            dprintf(fd, "%s\n", line);
        }
    }
}

/*
 * Self-modifying code: a guest page that gets translated code is made
 * read-only on the host (if the guest may write it); the first write
 * faults, and page_unprotect() invalidates the page's TBs and restores
 * the guest's permissions.
 */
static GHashTable *protected_pages;     /* page address -> guest prot */

/* ranges are sorted and disjoint: a binary search */
static int guest_prot_of(uint64_t addr)
{
    guint lo = 0, hi = ranges->len;

    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        GuestRange *r = &g_array_index(ranges, GuestRange, mid);

        if (addr < r->start) {
            hi = mid;
        } else if (addr >= r->end) {
            lo = mid + 1;
        } else {
            return r->lost ? -1 : r->prot;
        }
    }
    return -1;
}

/* tb_code_exec_check: the guest's PROT_EXEC decides, as on hardware NX */
static bool code_exec_check(CPUState *cpu, uint64_t addr, bool raise)
{
    int prot;

    {
        MMAP_LOCK_GUARD();
        prot = guest_prot_of(addr & TARGET_PAGE_MASK);
    }
    /* not the guest's (none or the emulator's): the fetch itself faults */
    if (prot < 0 || (prot & PROT_EXEC)) {
        return true;
    }
    if (raise) {
        raise_code_fetch_fault(cpu, addr);
    }
    return false;
}

static void protect_code_page(uint64_t page)
{
    MMAP_LOCK_GUARD();
    int prot;

    if (!protected_pages) {
        protected_pages = g_hash_table_new(g_int64_hash, g_int64_equal);
    }
    if (g_hash_table_contains(protected_pages, &page)) {
        return;     /* called before each translation there, too */
    }
    prot = guest_prot_of(page);
    if (prot < 0 || !(prot & PROT_WRITE)) {
        return;
    }
    if (mprotect(g2h_untagged(page), TARGET_PAGE_SIZE,
                 prot & ~PROT_WRITE) == 0) {
        uint64_t *key = g_new(uint64_t, 1);
        *key = page;
        g_hash_table_insert(protected_pages, key, GINT_TO_POINTER(prot));
    }
}

void mmap_enable_smc_tracking(void)
{
    tb_code_page_hook = protect_code_page;
    tb_code_exec_check = code_exec_check;
}

bool page_unprotect(uint64_t addr)
{
    MMAP_LOCK_GUARD();
    static __thread uint64_t retried = (uint64_t)-1;
    uint64_t page = addr & TARGET_PAGE_MASK;
    gpointer key, val;

    if (!protected_pages ||
        !g_hash_table_lookup_extended(protected_pages, &page, &key, &val)) {
        int prot = guest_prot_of(page);
        /*
         * Another thread may have unprotected the page between our store's
         * fault and now: redo the store, once (a second fault there is
         * the guest's own).
         */
        if (prot >= 0 && (prot & PROT_WRITE) && retried != page) {
            retried = page;
            return true;
        }
        retried = (uint64_t)-1;
        return false;
    }
    retried = (uint64_t)-1;
    mprotect(g2h_untagged(page), TARGET_PAGE_SIZE, GPOINTER_TO_INT(val));
    g_hash_table_remove(protected_pages, &page);
    g_free(key);
    return true;
}

/* the guest changed a range's mapping: forget our protections there */
void page_forget_protection(uint64_t start, uint64_t len)
{
    MMAP_LOCK_GUARD();
    if (!protected_pages) {
        return;
    }
    for (uint64_t p = start & TARGET_PAGE_MASK; p < start + len;
         p += TARGET_PAGE_SIZE) {
        gpointer key, val;
        if (g_hash_table_lookup_extended(protected_pages, &p, &key, &val)) {
            g_hash_table_remove(protected_pages, &p);
            g_free(key);
        }
    }
}

/*
 * The guest address space: which ranges belong to the guest (for
 * /proc/self/maps and validity checks), brk, and the mmap family.
 * Guest address = host address - guest_base.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "qemu.h"

typedef struct GuestRange {
    uint64_t start, end;
    int prot;
    bool shared;            /* MAP_SHARED: 's' in /proc/self/maps */
    char *name;
    /* a file mapping: the file offset at start, the file's device/inode */
    uint64_t offset;
    uint64_t dev, ino;
} GuestRange;

/* sorted, non-overlapping */
static GArray *ranges;
static uint64_t brk_start, brk_cur, brk_mapped;

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
        if (r->start <= pos && r->end > pos) {
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

int64_t target_mmap(uint64_t addr, uint64_t len, int prot, int flags,
                    int fd, uint64_t off)
{
    MMAP_LOCK_GUARD();
    void *p, *want = NULL;

    if (len == 0) {
        return -EINVAL;
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
    if (flags & MAP_ANONYMOUS) {
        guest_range_add(addr, page_up(len), prot, NULL);
    } else {
        /* shown in /proc/self/maps with its path, as the kernel does */
        g_autofree char *link = g_strdup_printf("/proc/self/fd/%d", fd);
        g_autofree char *name = g_file_read_link(link, NULL);
        struct stat st = { 0 };

        fstat(fd, &st);
        guest_range_add_file(addr, page_up(len), prot,
                             (flags & MAP_TYPE) != MAP_PRIVATE,
                             name ? name : "", off, st.st_dev, st.st_ino);
    }
    return addr;
}

int64_t target_munmap(uint64_t addr, uint64_t len)
{
    MMAP_LOCK_GUARD();
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
    void *p = mremap(g2h_untagged(old), old_len, new_len, flags,
                     g2h_untagged(new_addr));
    int prot = PROT_READ | PROT_WRITE;

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
    if (want > brk_mapped) {
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

static int guest_prot_of(uint64_t addr)
{
    for (guint i = 0; i < ranges->len; i++) {
        GuestRange *r = &g_array_index(ranges, GuestRange, i);
        if (r->start <= addr && addr < r->end) {
            return r->prot;
        }
    }
    return -1;
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

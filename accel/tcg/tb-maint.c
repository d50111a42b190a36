/*
 * The TB cache: a global hash table keyed on (pc, cs_base, flags, cflags)
 * plus a per-CPU jump cache, the list of TBs per guest code page (for
 * invalidation when guest code is written), direct chaining of TBs and
 * unchaining on invalidation, and tb_flush.
 *
 * Translation, the tables and chaining are serialized by tb_lock.  The
 * per-CPU jump cache and the hash table are read without it (an
 * invalidated TB is unlinked, cleared from every CPU's cache and also
 * carries an invalid flag).
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "exec/cpu-exec.h"
#include "internal.h"

static GRecMutex tb_mutex;
static __thread int tb_lock_depth;
/*
 * The TB hash table: chains of TBs by lookup key, read without a lock.
 * Writers (insert, unlink) hold tb_lock and publish with release stores;
 * a reader that walks through a TB being unlinked still follows its
 * unchanged next pointer.  TBs are freed only by tb_flush, with every
 * CPU out of cpu_exec's lookup-to-exit section.
 */
#define TB_HASH_BITS 17
static TranslationBlock *tb_hash_heads[1 << TB_HASH_BITS];
/*
 * Guest code page index -> its TB list: the first TB as a tagged
 * (tb | n) word, where n says which of the TB's page_next links continues
 * the list.  Keys are page index + 1 (GLib's direct hash cannot store 0).
 */
static GHashTable *page_tbs;
static GPtrArray *tbs_by_code;      /* every live or invalid TB, by tc_ptr */
static TBStats stats;
unsigned tb_page_bits = 12;
bool tb_chain_across_pages;
unsigned tb_flush_count;
CPUState *cpu_list_head;
void (*tb_code_page_hook)(uint64_t page_addr);
bool (*tb_code_exec_check)(CPUState *cpu, uint64_t addr, bool raise);

void tb_lock(void)
{
    g_rec_mutex_lock(&tb_mutex);
    tb_lock_depth++;
}

void tb_unlock(void)
{
    tb_lock_depth--;
    g_rec_mutex_unlock(&tb_mutex);
}

void tb_lock_reset(void)
{
    while (tb_lock_depth > 0) {
        tb_unlock();
    }
}

void tb_fork_start(void)
{
    tb_lock();
}

void tb_fork_end(CPUState *cpu, bool child)
{
    if (!child) {
        tb_unlock();
        return;
    }
    /*
     * A recursive mutex records its owner's thread id, which changed: it
     * cannot be unlocked here, only made anew.  Holders of the exec lock
     * and a waiting tb_flush were other threads, gone now.
     */
    g_rec_mutex_init(&tb_mutex);
    tb_lock_depth = 0;
    tb_exec_lock_fork_child();
    cpu_list_head = cpu;
    cpu->next = NULL;
}

void tb_set_page_bits(unsigned bits)
{
    tb_page_bits = bits;
}

static unsigned tb_hash(uint64_t pc, uint64_t cs_base, uint32_t flags,
                        uint32_t cflags)
{
    uint64_t h = pc * 0x9e3779b97f4a7c15ull ^ cs_base ^
                 ((uint64_t)flags << 32) ^ cflags;

    h ^= h >> 32;
    return (unsigned)(h ^ (h >> TB_HASH_BITS)) & ((1u << TB_HASH_BITS) - 1);
}

static TranslationBlock **tb_hash_bucket(const TranslationBlock *tb)
{
    return &tb_hash_heads[tb_hash(tb->pc, tb->cs_base, tb->flags,
                                  tb->cflags)];
}

/* under tb_lock: the newest TB for a key comes first */
static void tb_hash_insert(TranslationBlock *tb)
{
    TranslationBlock **head = tb_hash_bucket(tb);

    tb->hash_next = *head;
    __atomic_store_n(head, tb, __ATOMIC_RELEASE);
}

/* under tb_lock */
static void tb_hash_remove(TranslationBlock *tb)
{
    for (TranslationBlock **p = tb_hash_bucket(tb); *p;
         p = &(*p)->hash_next) {
        if (*p == tb) {
            __atomic_store_n(p, tb->hash_next, __ATOMIC_RELEASE);
            return;
        }
    }
}

/* lock-free (see tb_hash_heads) */
static TranslationBlock *tb_hash_find(uint64_t pc, uint64_t cs_base,
                                      uint32_t flags, uint32_t cflags)
{
    TranslationBlock *tb = __atomic_load_n(
        &tb_hash_heads[tb_hash(pc, cs_base, flags, cflags)],
        __ATOMIC_ACQUIRE);

    for (; tb; tb = __atomic_load_n(&tb->hash_next, __ATOMIC_ACQUIRE)) {
        if (tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
            tb->cflags == cflags &&
            !__atomic_load_n(&tb->invalid, __ATOMIC_ACQUIRE)) {
            return tb;
        }
    }
    return NULL;
}

static void tb_tables_init(void)
{
    if (!page_tbs) {
        page_tbs = g_hash_table_new(g_direct_hash, NULL);
        tbs_by_code = g_ptr_array_new();
    }
}

void tb_get_stats(TBStats *st)
{
    tb_lock();
    *st = stats;
    tb_unlock();
}

TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc, uint64_t cs_base,
                            uint32_t flags, uint32_t cflags)
{
    unsigned h = tb_jmp_cache_hash(pc);
    TranslationBlock *tb = __atomic_load_n(&cpu->tb_jmp_cache[h],
                                           __ATOMIC_ACQUIRE);

    /*
     * The fast path compares against the arguments: building a key struct
     * here (zero-filled, then read back) stalled on store forwarding and
     * was the hottest spot of indirect-jump-heavy guests.
     */
    if (tb && !__atomic_load_n(&tb->invalid, __ATOMIC_ACQUIRE) &&
        tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
        tb->cflags == cflags) {
        return tb;
    }

    tb = tb_hash_find(pc, cs_base, flags, cflags);
    if (tb) {
        __atomic_store_n(&cpu->tb_jmp_cache[h], tb, __ATOMIC_RELEASE);
    }
    return tb;
}

#define TAGGED_TB(v)    ((TranslationBlock *)((v) & ~(uintptr_t)3))
#define TAGGED_N(v)     ((int)((v) & 3))

static gpointer page_key(uint64_t page)
{
    return GSIZE_TO_POINTER((gsize)page + 1);
}

static uintptr_t page_first_tb(uint64_t page)
{
    return (uintptr_t)g_hash_table_lookup(page_tbs, page_key(page));
}

static void page_add_tb(uint64_t page, TranslationBlock *tb, int n)
{
    uintptr_t first = page_first_tb(page);

    if (!first && tb_code_page_hook) {
        tb_code_page_hook(page << tb_page_bits);
    }
    tb->page_next[n] = first;
    g_hash_table_insert(page_tbs, page_key(page),
                        (gpointer)((uintptr_t)tb | n));
}

static void page_remove_tb(uint64_t page, TranslationBlock *tb, int n)
{
    uintptr_t first = page_first_tb(page), *link = &first;
    uintptr_t self = (uintptr_t)tb | n;

    while (*link && *link != self) {
        link = &TAGGED_TB(*link)->page_next[TAGGED_N(*link)];
    }
    if (!*link) {
        return;
    }
    *link = tb->page_next[n];
    if (first) {
        g_hash_table_insert(page_tbs, page_key(page), (gpointer)first);
    } else {
        g_hash_table_remove(page_tbs, page_key(page));
    }
}

/* Called by tb_gen_code with tb_lock held once the code is there. */
void tb_register(TranslationBlock *tb);
void tb_register(TranslationBlock *tb)
{
    uint64_t mask = ~(((uint64_t)1 << tb_page_bits) - 1);
    uint64_t last = tb->pc + (tb->size ? tb->size - 1 : 0);

    tb_tables_init();
    tb->page_addr[0] = tb->pc & mask;
    tb->page_addr[1] = (last & mask) != tb->page_addr[0] ? last & mask
                                                         : (uint64_t)-1;
    tb_hash_insert(tb);
    for (int i = 0; i < 2; i++) {
        if (tb->page_addr[i] != (uint64_t)-1) {
            page_add_tb(tb->page_addr[i] >> tb_page_bits, tb, i);
            tlb_protect_code(tb->page_addr[i]);
        }
    }
    g_ptr_array_add(tbs_by_code, tb);
    stats.translated++;
    stats.guest_insns += tb->icount;
    stats.host_bytes += tb->tc_size;
}

TranslationBlock *tcg_tb_lookup(uintptr_t host_pc)
{
    TranslationBlock *found = NULL;
    int lo = 0, hi;

    tb_lock();
    tb_tables_init();
    hi = (int)tbs_by_code->len - 1;
    /* TBs are allocated upwards in the code buffer: binary search */
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        TranslationBlock *tb = g_ptr_array_index(tbs_by_code, mid);
        uintptr_t start = (uintptr_t)tb->tc_ptr;

        if (host_pc < start) {
            hi = mid - 1;
        } else if (host_pc >= start + tb->tc_size) {
            lo = mid + 1;
        } else {
            found = tb;
            break;
        }
    }
    tb_unlock();
    return found;
}

static void tb_reset_jump(TranslationBlock *tb, int n)
{
    uintptr_t jmp = (uintptr_t)tb->tc_ptr + tb->jmp_insn_offset[n];

    tcg_target_set_jmp_target(jmp, (uintptr_t)tb->tc_ptr +
                              tb->jmp_reset_offset[n]);
}

void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *tb_next)
{
    tb_lock();
    if (!tb->invalid && !tb_next->invalid && !tb->jmp_dest[n] &&
        tb->jmp_insn_offset[n] != 0xffff) {
        tcg_target_set_jmp_target((uintptr_t)tb->tc_ptr +
                                  tb->jmp_insn_offset[n],
                                  (uintptr_t)tb_next->tc_ptr);
        tb->jmp_dest[n] = tb_next;
        tb->jmp_list_next[n] = tb_next->jmp_list_head;
        tb_next->jmp_list_head = (uintptr_t)tb | n;
        stats.chained++;
    }
    tb_unlock();
}

/* Take (src, n) out of the incoming list of the TB it jumps to. */
static void tb_unlink_jump(TranslationBlock *src, int n)
{
    TranslationBlock *dest = src->jmp_dest[n];
    uintptr_t *link = &dest->jmp_list_head, self = (uintptr_t)src | n;

    while (*link && *link != self) {
        link = &TAGGED_TB(*link)->jmp_list_next[TAGGED_N(*link)];
    }
    if (*link) {
        *link = src->jmp_list_next[n];
    }
    tb_reset_jump(src, n);
    src->jmp_dest[n] = NULL;
}

void tb_phys_invalidate(TranslationBlock *tb)
{
    tb_lock();
    if (tb->invalid) {
        tb_unlock();
        return;
    }
    __atomic_store_n(&tb->invalid, true, __ATOMIC_RELEASE);
    tb_hash_remove(tb);
    for (int i = 0; i < 2; i++) {
        if (tb->page_addr[i] != (uint64_t)-1) {
            page_remove_tb(tb->page_addr[i] >> tb_page_bits, tb, i);
        }
    }
    for (CPUState *cpu = cpu_list_head; cpu; cpu = cpu->next) {
        unsigned h = tb_jmp_cache_hash(tb->pc);
        TranslationBlock *expected = tb;
        __atomic_compare_exchange_n(&cpu->tb_jmp_cache[h], &expected, NULL,
                                    false, __ATOMIC_RELEASE,
                                    __ATOMIC_RELAXED);
    }
    /* whoever jumps here directly goes back to its exit path */
    for (uintptr_t v = tb->jmp_list_head; v;) {
        TranslationBlock *src = TAGGED_TB(v);
        int n = TAGGED_N(v);

        v = src->jmp_list_next[n];
        tb_reset_jump(src, n);
        src->jmp_dest[n] = NULL;
    }
    tb->jmp_list_head = 0;
    for (int n = 0; n < 2; n++) {
        if (tb->jmp_dest[n]) {
            tb_unlink_jump(tb, n);
        }
    }
    stats.invalidated++;
    tb_unlock();
}

/* invalidate the TBs of @page that overlap [start, end) */
static int invalidate_page_range(uint64_t page, uint64_t start, uint64_t end)
{
    int count = 0;

    /* invalidation unlinks the TB: step past it first */
    for (uintptr_t v = page_first_tb(page); v;) {
        TranslationBlock *tb = TAGGED_TB(v);

        v = tb->page_next[TAGGED_N(v)];
        if (tb->pc < end && start < tb->pc + MAX(tb->size, 1)) {
            tb_phys_invalidate(tb);
            count++;
        }
    }
    return count;
}

int tb_invalidate_phys_range(uint64_t start, uint64_t end)
{
    uint64_t first = start >> tb_page_bits, last = (end - 1) >> tb_page_bits;
    int count = 0;

    if (end <= start) {
        return 0;
    }
    tb_lock();
    tb_tables_init();
    if (last - first >= g_hash_table_size(page_tbs)) {
        /* a big range (an mprotect of a whole reservation): walk the code
         * pages instead of the range */
        g_autofree gpointer *keys =
            g_hash_table_get_keys_as_array(page_tbs, NULL);
        for (gpointer *k = keys; *k; k++) {
            uint64_t page = GPOINTER_TO_SIZE(*k) - 1;
            if (page >= first && page <= last) {
                count += invalidate_page_range(page, start, end);
            }
        }
    } else {
        for (uint64_t page = first; page <= last; page++) {
            count += invalidate_page_range(page, start, end);
        }
    }
    tb_unlock();
    return count;
}

bool tb_page_has_code(uint64_t addr)
{
    bool r;

    tb_lock();
    tb_tables_init();
    r = page_first_tb(addr >> tb_page_bits) != 0;
    tb_unlock();
    return r;
}

/*
 * Throw every TB away and reuse the code buffer.  Other CPUs are asked to
 * leave generated code first; the exec lock waits until they have.
 */
void tb_flush(CPUState *cpu)
{
    int held = tb_exec_lock_depth(), locked = tb_lock_depth;

    /* no lock may be held while waiting for the other CPUs */
    tb_lock_reset();
    tb_exec_lock_reset();
    tb_lock();
    for (CPUState *c = cpu_list_head; c; c = c->next) {
        if (c != cpu) {
            cpu_exit(c);
        }
    }
    tb_unlock();
    tb_exec_lock_exclusive();
    tb_lock();
    tb_tables_init();
    /* the TBs themselves lie in the code buffer, reset below */
    g_ptr_array_set_size(tbs_by_code, 0);
    memset(tb_hash_heads, 0, sizeof(tb_hash_heads));
    g_hash_table_remove_all(page_tbs);
    for (CPUState *c = cpu_list_head; c; c = c->next) {
        memset(c->tb_jmp_cache, 0, sizeof(c->tb_jmp_cache));
    }
    tcg_region_reset();
    stats.flushes++;
    __atomic_add_fetch(&tb_flush_count, 1, __ATOMIC_RELAXED);
    tb_unlock();
    tb_exec_unlock_exclusive();
    while (tb_exec_lock_depth() < held) {
        tb_exec_lock();
    }
    while (tb_lock_depth < locked) {
        tb_lock();
    }
}

bool tb_check_code_write(CPUState *cpu, uint64_t addr, unsigned size,
                         uintptr_t retaddr)
{
    TranslationBlock *cur = retaddr ? tcg_tb_lookup(retaddr) : NULL;

    if (!tb_invalidate_phys_range(addr, addr + size)) {
        return false;
    }
    if (cur && cur->invalid && cur->icount > 1) {
        /*
         * The running TB was just thrown away: stop before the store and
         * redo its insn alone (a one-insn TB), so the following insns
         * are translated from the new bytes.  The frontend keeps the
         * guest state unchanged until the last point where the insn can
         * fault, so redoing it is safe.
         */
        cpu_restore_state(cpu, retaddr);
        cpu->cflags_next_tb = 1 | CF_NO_GOTO_TB;
        cpu_loop_exit_noexc(cpu);
    }
    return true;
}

/*
 * The softmmu TLB and the slow paths of guest memory access.
 *
 * The generated code compares the page of an access with addr_read /
 * addr_write of one TLB entry; any flag bit set in the entry (invalid,
 * MMIO, code-write tracking) makes the compare fail and the access come
 * here.  A miss calls the CPU's tlb_fill hook, which maps the page with
 * tlb_set_page() or raises a guest fault.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "exec/cputlb.h"
#include "qemu/log.h"
#include "internal.h"

static intptr_t tlb_ofs = -1;
static unsigned page_bits = 12;

#define TLB_INVALID  ((uint64_t)1 << (page_bits - 1))
#define TLB_NOTDIRTY ((uint64_t)1 << (page_bits - 2))
#define TLB_MMIO     ((uint64_t)1 << (page_bits - 3))
#define PAGE_MASK_   (~(((uint64_t)1 << page_bits) - 1))

typedef struct CPUTLBTables {
    TCGTLBEntry table[NB_MMU_MODES][CPU_TLB_SIZE];
} CPUTLBTables;

static CPUTLB *cpu_tlb(CPUState *cpu)
{
    return (CPUTLB *)((char *)cpu->env_ptr + tlb_ofs);
}

static CPUState *env_cpu(void *env)
{
    /* only the running CPU calls the slow paths */
    return current_cpu;
}

static void *atomic_host_addr(void *env, uint64_t addr, MemOpIdx oi,
                              uintptr_t retaddr);

void tcg_exec_set_softmmu(intptr_t ofs, unsigned bits)
{
    TCGGuestMem gm = {
        .mode = TCG_GUEST_MEM_SOFTMMU,
        .page_bits = bits,
        .tlb_fast_ofs = ofs,
        .ld_helper = helper_ld_mmu,
        .st_helper = helper_st_mmu,
        .atomic_host_addr = atomic_host_addr,
    };

    g_assert(bits >= 10 && bits < 31);
    tlb_ofs = ofs;
    page_bits = bits;
    tb_set_page_bits(bits);
    tcg_set_guest_mem(&gm);
}

void tlb_flush(CPUState *cpu)
{
    CPUTLBTables *t = cpu->tlb;

    memset(t, 0xff, sizeof(*t));
}

void tlb_init(CPUState *cpu)
{
    CPUTLB *tlb;
    CPUTLBTables *t;

    /* tcg_exec_set_softmmu() says where the CPUTLB is */
    g_assert(tlb_ofs >= 0);
    tlb = cpu_tlb(cpu);
    t = g_new(CPUTLBTables, 1);

    cpu->tlb = t;
    for (int i = 0; i < NB_MMU_MODES; i++) {
        tlb->fast[i].mask = (CPU_TLB_SIZE - 1) * sizeof(TCGTLBEntry);
        tlb->fast[i].table = t->table[i];
    }
    tlb_flush(cpu);
}

void tlb_destroy(CPUState *cpu)
{
    g_free(cpu->tlb);
    cpu->tlb = NULL;
}

static TCGTLBEntry *tlb_entry(CPUState *cpu, int mmu_idx, uint64_t addr)
{
    CPUTLBTables *t = cpu->tlb;

    return &t->table[mmu_idx][(addr >> page_bits) & (CPU_TLB_SIZE - 1)];
}

void tlb_flush_page(CPUState *cpu, uint64_t addr)
{
    for (int i = 0; i < NB_MMU_MODES; i++) {
        TCGTLBEntry *e = tlb_entry(cpu, i, addr);
        if ((e->addr_read & PAGE_MASK_) == (addr & PAGE_MASK_) ||
            (e->addr_write & PAGE_MASK_) == (addr & PAGE_MASK_) ||
            (e->addr_code & PAGE_MASK_) == (addr & PAGE_MASK_)) {
            memset(e, 0xff, sizeof(*e));
        }
    }
}

void tlb_set_page(CPUState *cpu, uint64_t vaddr, void *host, int prot,
                  int mmu_idx)
{
    TCGTLBEntry *e = tlb_entry(cpu, mmu_idx, vaddr);
    uint64_t page = vaddr & PAGE_MASK_;
    uint64_t flags = host ? 0 : TLB_MMIO;

    e->addr_read = (prot & PAGE_READ) ? page | flags : (uint64_t)-1;
    e->addr_code = (prot & PAGE_EXEC) ? page | flags : (uint64_t)-1;
    e->addr_write = (prot & PAGE_WRITE) ? page | flags : (uint64_t)-1;
    if ((prot & PAGE_WRITE) && tb_page_has_code(page)) {
        e->addr_write |= TLB_NOTDIRTY;
    }
    e->addend = host ? (uintptr_t)host - page : 0;
}

void tlb_protect_code(uint64_t page)
{
    if (tlb_ofs < 0) {
        return;
    }
    for (CPUState *cpu = cpu_list_head; cpu; cpu = cpu->next) {
        if (!cpu->tlb) {
            continue;
        }
        for (int i = 0; i < NB_MMU_MODES; i++) {
            TCGTLBEntry *e = tlb_entry(cpu, i, page);
            if ((e->addr_write & (PAGE_MASK_ | TLB_INVALID)) == page) {
                e->addr_write |= TLB_NOTDIRTY;
            }
        }
    }
}

/* The entry for @addr, filled (or a fault raised) if it does not match. */
static TCGTLBEntry *tlb_lookup_fill(CPUState *cpu, uint64_t addr, int size,
                                    int access, int mmu_idx,
                                    uintptr_t retaddr)
{
    for (int tries = 0; tries < 2; tries++) {
        TCGTLBEntry *e = tlb_entry(cpu, mmu_idx, addr);
        uint64_t cmp = access == MMU_DATA_STORE ? e->addr_write :
                       access == MMU_INST_FETCH ? e->addr_code : e->addr_read;

        if ((cmp & (PAGE_MASK_ | TLB_INVALID)) == (addr & PAGE_MASK_)) {
            return e;
        }
        cpu->tcg_ops->tlb_fill(cpu, addr, size, access, mmu_idx, false,
                               retaddr);
    }
    /* tlb_fill said it mapped the page but did not: a frontend bug */
    g_assert_not_reached();
}

static uint64_t bswap_n(uint64_t v, int n)
{
    uint64_t r = 0;

    for (int i = 0; i < n; i++) {
        r = (r << 8) | ((v >> (8 * i)) & 0xff);
    }
    return r;
}

static uint64_t load_bytes(CPUState *cpu, uint64_t addr, int n, int mmu_idx,
                           uintptr_t ra)
{
    TCGTLBEntry *e = tlb_lookup_fill(cpu, addr, n, MMU_DATA_LOAD, mmu_idx, ra);
    uint64_t v = 0;

    if (e->addr_read & TLB_MMIO) {
        return cpu->tcg_ops->io_read ? cpu->tcg_ops->io_read(cpu, addr, n)
                                     : 0;
    }
    memcpy(&v, (void *)(uintptr_t)(addr + e->addend), n);
    return v;
}

static void store_bytes(CPUState *cpu, uint64_t addr, uint64_t v, int n,
                        int mmu_idx, uintptr_t ra)
{
    TCGTLBEntry *e = tlb_lookup_fill(cpu, addr, n, MMU_DATA_STORE, mmu_idx,
                                     ra);

    if (e->addr_write & TLB_MMIO) {
        if (cpu->tcg_ops->io_write) {
            cpu->tcg_ops->io_write(cpu, addr, v, n);
        }
        return;
    }
    if (e->addr_write & TLB_NOTDIRTY) {
        /* a write to guest code: drop the TBs translated from it */
        tb_check_code_write(cpu, addr, n, ra);
        if (!tb_page_has_code(addr)) {
            e->addr_write &= ~TLB_NOTDIRTY;
        }
    }
    memcpy((void *)(uintptr_t)(addr + e->addend), &v, n);
}

static void check_align(CPUState *cpu, uint64_t addr, MemOp mop, int access,
                        int mmu_idx, uintptr_t ra)
{
    unsigned a = memop_alignment_bytes(mop);

    if (a > 1 && (addr & (a - 1)) && cpu->tcg_ops->do_unaligned_access) {
        cpu->tcg_ops->do_unaligned_access(cpu, addr, access, mmu_idx, ra);
    }
}

uint64_t helper_ld_mmu(void *env, uint64_t addr, MemOpIdx oi,
                       uintptr_t retaddr)
{
    CPUState *cpu = env_cpu(env);
    MemOp mop = get_memop(oi);
    int mmu_idx = get_mmuidx(oi);
    int n = memop_size(mop);
    uint64_t v;

    check_align(cpu, addr, mop, MMU_DATA_LOAD, mmu_idx, retaddr);
    if (((addr ^ (addr + n - 1)) & PAGE_MASK_) != 0) {
        /* crosses a page: assemble it byte by byte (little-endian) */
        v = 0;
        for (int i = 0; i < n; i++) {
            v |= load_bytes(cpu, addr + i, 1, mmu_idx, retaddr) << (8 * i);
        }
    } else {
        v = load_bytes(cpu, addr, n, mmu_idx, retaddr);
    }
    if (mop & MO_BSWAP) {
        v = bswap_n(v, n);
    }
    if ((mop & MO_SIGN) && n < 8) {
        v = (uint64_t)((int64_t)(v << (64 - 8 * n)) >> (64 - 8 * n));
    }
    return v;
}

void helper_st_mmu(void *env, uint64_t addr, uint64_t val, MemOpIdx oi,
                   uintptr_t retaddr)
{
    CPUState *cpu = env_cpu(env);
    MemOp mop = get_memop(oi);
    int mmu_idx = get_mmuidx(oi);
    int n = memop_size(mop);

    check_align(cpu, addr, mop, MMU_DATA_STORE, mmu_idx, retaddr);
    if (mop & MO_BSWAP) {
        val = bswap_n(val, n);
    }
    if (((addr ^ (addr + n - 1)) & PAGE_MASK_) != 0) {
        /* both pages must be writable before any byte is written */
        tlb_lookup_fill(cpu, addr, 1, MMU_DATA_STORE, mmu_idx, retaddr);
        tlb_lookup_fill(cpu, addr + n - 1, 1, MMU_DATA_STORE, mmu_idx,
                        retaddr);
        for (int i = 0; i < n; i++) {
            store_bytes(cpu, addr + i, (val >> (8 * i)) & 0xff, 1, mmu_idx,
                        retaddr);
        }
    } else {
        store_bytes(cpu, addr, val, n, mmu_idx, retaddr);
    }
}

void cpu_code_read_mmu(CPUState *cpu, uint64_t addr, void *buf, size_t len,
                       int mmu_idx)
{
    uint8_t *p = buf;

    for (size_t i = 0; i < len; i++) {
        TCGTLBEntry *e = tlb_lookup_fill(cpu, addr + i, 1, MMU_INST_FETCH,
                                         mmu_idx, 0);
        p[i] = *(uint8_t *)(uintptr_t)(addr + i + e->addend);
    }
}

/*
 * The host address for an atomic access: the page must be readable and
 * writable.  An atomic access to MMIO or across pages cannot be done with
 * host atomics: it goes to a per-thread scratch word instead (logged as
 * unimplemented), never to a random host address.
 */
static void *atomic_host_addr(void *env, uint64_t addr, MemOpIdx oi,
                              uintptr_t retaddr)
{
    static __thread uint64_t scratch;
    CPUState *cpu = env_cpu(env);
    MemOp mop = get_memop(oi);
    int mmu_idx = get_mmuidx(oi);
    int n = memop_size(mop);
    TCGTLBEntry *e;

    check_align(cpu, addr, mop, MMU_DATA_STORE, mmu_idx, retaddr);
    if (((addr ^ (addr + n - 1)) & PAGE_MASK_) != 0) {
        qemu_log_mask(LOG_UNIMP, "atomic access across pages at 0x%"
                      PRIx64 " is not atomic\n", addr);
        return &scratch;
    }
    tlb_lookup_fill(cpu, addr, n, MMU_DATA_LOAD, mmu_idx, retaddr);
    e = tlb_lookup_fill(cpu, addr, n, MMU_DATA_STORE, mmu_idx, retaddr);
    if (e->addr_write & TLB_MMIO) {
        qemu_log_mask(LOG_UNIMP, "atomic access to MMIO at 0x%" PRIx64
                      " is ignored\n", addr);
        return &scratch;
    }
    if (e->addr_write & TLB_NOTDIRTY) {
        tb_check_code_write(cpu, addr, n, retaddr);
    }
    return (void *)(uintptr_t)(addr + e->addend);
}

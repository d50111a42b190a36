/*
 * The softmmu TLB (system mode).  The frontend embeds a CPUTLB in its CPU
 * state (the generated code reaches it at a fixed offset from env) and
 * calls tcg_exec_set_softmmu(); tlb_fill (TCGCPUOps) walks the guest page
 * tables and calls tlb_set_page().
 */
#ifndef EXEC_CPUTLB_H
#define EXEC_CPUTLB_H

#include "tcg/tcg.h"
#include "exec/cpu-exec.h"

#define NB_MMU_MODES 8
#define CPU_TLB_BITS 8
#define CPU_TLB_SIZE (1 << CPU_TLB_BITS)

/* protection bits for tlb_set_page */
#define PAGE_READ  1
#define PAGE_WRITE 2
#define PAGE_EXEC  4

/* access types for tlb_fill */
#define MMU_DATA_LOAD  0
#define MMU_DATA_STORE 1
#define MMU_INST_FETCH 2

typedef struct CPUTLB {
    TCGTLBFast fast[NB_MMU_MODES];
} CPUTLB;

/*
 * Select softmmu mode: the CPUTLB is at env + @tlb_ofs, pages are
 * (1 << @page_bits) bytes.  Flag bits in TLB entries (invalid, MMIO,
 * code-write tracking) sit just below the page bits.
 */
void tcg_exec_set_softmmu(intptr_t tlb_ofs, unsigned page_bits);

void tlb_init(CPUState *cpu);
void tlb_destroy(CPUState *cpu);
void tlb_flush(CPUState *cpu);
void tlb_flush_page(CPUState *cpu, uint64_t addr);
/* Map guest page @vaddr to host memory @host (NULL: MMIO). */
void tlb_set_page(CPUState *cpu, uint64_t vaddr, void *host, int prot,
                  int mmu_idx);

/* The slow paths (also callable from helpers). */
uint64_t helper_ld_mmu(void *env, uint64_t addr, MemOpIdx oi,
                       uintptr_t retaddr);
void helper_st_mmu(void *env, uint64_t addr, uint64_t val, MemOpIdx oi,
                   uintptr_t retaddr);
/* Read guest code through the TLB (translator code fetch). */
void cpu_code_read_mmu(CPUState *cpu, uint64_t addr, void *buf, size_t len,
                       int mmu_idx);

#endif

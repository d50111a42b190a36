/*
 * The execution loop and what it needs from a CPU (no QOM: a frontend
 * embeds CPUState in its CPU structure and fills tcg_ops).
 *
 * Guest exceptions: a helper that raises one sets cpu->exception_index and
 * calls cpu_loop_exit_restore(cpu, GETPC()), which maps the host return
 * address back to the guest insn (restore_state_to_opc) and unwinds with
 * siglongjmp to cpu_exec(), which returns the exception number to its
 * caller (the linux-user or system main loop).
 */
#ifndef EXEC_CPU_EXEC_H
#define EXEC_CPU_EXEC_H

#include <setjmp.h>
#include "qemu/error.h"
#include "exec/translation-block.h"

#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1 << TB_JMP_CACHE_BITS)

/* cpu_exec() return values other than guest exception numbers */
#define EXCP_INTERRUPT  0x10000     /* exit request */
#define EXCP_HLT        0x10001
#define EXCP_DEBUG      0x10002
#define EXCP_HALTED     0x10003
#define EXCP_YIELD      0x10004
#define EXCP_ATOMIC     0x10005

typedef struct CPUState CPUState;
struct TranslatorOps;

typedef struct TCGCPUOps {
    /* Translate one TB: calls translator_loop() with the target's ops. */
    void (*translate_code)(CPUState *cpu, TranslationBlock *tb,
                           int *max_insns, uint64_t pc);
    /* The lookup key of the TB to run next. */
    void (*get_tb_cpu_state)(CPUState *cpu, uint64_t *pc, uint64_t *cs_base,
                             uint32_t *flags);
    /* Set the guest pc to the start of @tb (after an exit request). */
    void (*synchronize_from_tb)(CPUState *cpu, const TranslationBlock *tb);
    /* Set the guest state from insn_start data (exception unwinding). */
    void (*restore_state_to_opc)(CPUState *cpu, const TranslationBlock *tb,
                                 const uint64_t *data);
    /* Called between TBs when interrupt_request is set; true = handled. */
    bool (*cpu_exec_interrupt)(CPUState *cpu, int interrupt_request);
    /*
     * Read guest code bytes for translation.  NULL: user mode, read at
     * guest_base + pc.  May raise a guest fault with cpu_loop_exit().
     */
    void (*code_read)(CPUState *cpu, uint64_t pc, void *buf, size_t len);
    /*
     * softmmu: fill the TLB entry for @addr or raise a fault.  Returns
     * false on fault only when @probe (the fault is not raised then).
     */
    bool (*tlb_fill)(CPUState *cpu, uint64_t addr, int size, int access,
                     int mmu_idx, bool probe, uintptr_t retaddr);
    /* MMIO for softmmu pages whose entry has TLB_MMIO */
    uint64_t (*io_read)(CPUState *cpu, uint64_t addr, unsigned size);
    void (*io_write)(CPUState *cpu, uint64_t addr, uint64_t val,
                     unsigned size);
    /* A guest access with MO_ALIGN* was misaligned: raise a fault. */
    void (*do_unaligned_access)(CPUState *cpu, uint64_t addr, int access,
                                int mmu_idx, uintptr_t retaddr);
    const struct TranslatorOps *translator_ops;
} TCGCPUOps;

struct CPUState {
    void *env_ptr;                  /* the target's CPUArchState */
    const TCGCPUOps *tcg_ops;
    int cpu_index;
    sigjmp_buf jmp_env;
    int exception_index;            /* -1: none */
    /* checked at the start of every TB: nonzero makes the TB exit */
    int32_t exit_request;
    int interrupt_request;
    bool singlestep_enabled;
    uint32_t cflags_next_tb;        /* -1: none */
    bool running;
    TranslationBlock *tb_jmp_cache[TB_JMP_CACHE_SIZE];
    uint64_t tb_lookup_pc;          /* where a TB's lookup stub finds the pc */
    void *tlb;                      /* softmmu state (cputlb.c) */
    void *opaque;                   /* the frontend's own pointer */
    CPUState *next;                 /* all CPUs (cpu_list) */
};

/* The CPU this thread is running (set by cpu_exec). */
extern __thread CPUState *current_cpu;

/*
 * Set up the TCG execution engine: the JIT with a code buffer of @size
 * bytes (0 = default) and the TB cache.
 */
bool tcg_exec_init(size_t code_size, Error **errp);
/* Register @cpu (env_ptr, tcg_ops set) before its first cpu_exec. */
void cpu_exec_realizefn(CPUState *cpu);
void cpu_exec_unrealizefn(CPUState *cpu);

/* Run guest code until an exception or exit request; returns EXCP_*. */
int cpu_exec(CPUState *cpu);
/* Make cpu_exec() return EXCP_INTERRUPT soon (any thread). */
void cpu_exit(CPUState *cpu);

QEMU_NORETURN void cpu_loop_exit(CPUState *cpu);
QEMU_NORETURN void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr);
QEMU_NORETURN void cpu_loop_exit_noexc(CPUState *cpu);
/*
 * Restore the guest state of the insn whose host code contains
 * @host_pc - 1 (@host_pc is a return address, as GETPC() gives); false
 * if it is not inside generated code.  From a signal handler, where the
 * host pc is the faulting instruction itself, pass that pc + 1.
 */
bool cpu_restore_state(CPUState *cpu, uintptr_t host_pc);
/* The TB whose code contains @host_pc (NULL if none). */
TranslationBlock *tcg_tb_lookup(uintptr_t host_pc);

/* The return address of the current helper call, for the above. */
#define GETPC() ((uintptr_t)__builtin_return_address(0))

/* ---- the TB cache (tb-maint.c) ---- */
/*
 * The translation lock (recursive): translation, the TB tables, code page
 * tracking and chaining.  linux-user guards its guest memory map with the
 * same lock (its mmap_lock()), so the code page hook, mmap/mprotect and
 * translation never interleave.  Held only for short, non-blocking work.
 */
void tb_lock(void);
void tb_unlock(void);
/*
 * fork() of a multi-threaded user-mode process: tb_fork_start() before
 * (no other thread is then inside the TB tables or the code buffer),
 * tb_fork_end() after, in both processes.  In the child, @cpu is the only
 * CPU left and the locks start afresh (other threads' holds died with them).
 */
void tb_fork_start(void);
void tb_fork_end(CPUState *cpu, bool child);
TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc, uint64_t cs_base,
                            uint32_t flags, uint32_t cflags);
TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags);
void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *tb_next);
void tb_phys_invalidate(TranslationBlock *tb);
/* Invalidate every TB with code in [start, end); returns how many. */
int tb_invalidate_phys_range(uint64_t start, uint64_t end);
/*
 * A guest store of @size bytes at @addr is about to happen (the host
 * return address of the access: @retaddr, 0 if not from generated code):
 * invalidate the TBs translated from those bytes.  If the running TB is
 * among them, this does not return: the store's insn is redone alone
 * after restoring the guest state (the same rule as for a fault).  For
 * linux-user's write-fault handler on write-protected code pages, and the
 * softmmu store path.  Returns whether any TB was invalidated.
 */
bool tb_check_code_write(CPUState *cpu, uint64_t addr, unsigned size,
                         uintptr_t retaddr);
/*
 * Called (under tb_lock) before translation reads code from a guest page
 * and when a page gets its first TB, so user mode can write-protect it
 * (must be idempotent); NULL by default.
 */
extern void (*tb_code_page_hook)(uint64_t page_addr);
/*
 * User mode: may guest code at @addr be fetched (its page executable)?
 * If not and @raise, raises the guest's fault for that fetch instead of
 * returning.  NULL (system mode): the MMU decides in code_read.
 */
extern bool (*tb_code_exec_check)(CPUState *cpu, uint64_t addr, bool raise);
/* Does any TB have code on the page of @addr? */
bool tb_page_has_code(uint64_t addr);
void tb_flush(CPUState *cpu);
/* Page size used for code page tracking (default 4096). */
void tb_set_page_bits(unsigned bits);
/*
 * May a TB jump straight into a TB on another guest page?  Only where
 * every change of a code page's contents or mapping invalidates its TBs
 * (user mode: writes, mmap, munmap, mprotect); a guest-physical mapping
 * may change under a system guest without that.  Default false.
 */
extern bool tb_chain_across_pages;

typedef struct TBStats {
    uint64_t translated;        /* TBs generated */
    uint64_t guest_insns;       /* guest insns translated */
    uint64_t host_bytes;        /* host code bytes */
    uint64_t invalidated;
    uint64_t flushes;
    uint64_t chained;
} TBStats;
void tb_get_stats(TBStats *st);

/* guest_base for user mode (host address = guest_base + guest address) */
extern uintptr_t guest_base;
void tcg_exec_set_user_mode(uintptr_t base);

#endif

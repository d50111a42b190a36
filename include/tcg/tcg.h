/*
 * TCG: the IR, the translation context and the code generator entry points.
 *
 * A frontend builds one translation block (TB) at a time as a list of ops
 * on temporaries through the tcg_gen_* API of "tcg/tcg-op.h"; tcg_gen_code()
 * then optimizes the list, computes liveness, allocates host registers and
 * emits host code through the backend (tcg/x86_64/).
 *
 * Temporaries:
 *  - globals: a field of the CPU state (tcg_global_mem_new_*), shared by
 *    every TB.  Create them once, before tcg_register_thread().
 *  - TB temps (tcg_temp_new_*): keep their value across labels and branches
 *    of the TB.
 *  - EBB temps (tcg_temp_ebb_new_*): die at the end of each extended basic
 *    block (at any label or branch): cheaper, for short-lived values.
 *  - constants (tcg_constant_*): read-only, interned per TB.
 *
 * Each thread that generates code has its own TCGContext (tcg_ctx); the
 * TCGv handles are offsets into it, so the same handle names the same
 * global in every context.
 */
#ifndef TCG_TCG_H
#define TCG_TCG_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <glib.h>
#include "tcg/memop.h"

typedef enum TCGType {
    TCG_TYPE_I32,
    TCG_TYPE_I64,
    TCG_TYPE_COUNT,
    TCG_TYPE_PTR = TCG_TYPE_I64,    /* the host is 64-bit */
    TCG_TYPE_REG = TCG_TYPE_I64,
} TCGType;

typedef enum TCGCond {
    TCG_COND_NEVER = 0,
    TCG_COND_ALWAYS = 1,
    TCG_COND_EQ = 8,
    TCG_COND_NE = 8 | 1,
    TCG_COND_LT = 2,
    TCG_COND_GE = 2 | 1,
    TCG_COND_LE = 8 | 2,
    TCG_COND_GT = 8 | 2 | 1,
    TCG_COND_LTU = 4,
    TCG_COND_GEU = 4 | 1,
    TCG_COND_LEU = 8 | 4,
    TCG_COND_GTU = 8 | 4 | 1,
} TCGCond;

/* The condition that is true exactly when @c is false. */
static inline TCGCond tcg_invert_cond(TCGCond c)
{
    return (TCGCond)(c ^ 1);
}

/* The condition that gives the same result with the operands swapped. */
static inline TCGCond tcg_swap_cond(TCGCond c)
{
    return c & 6 ? (TCGCond)(c ^ 9) : c;
}

static inline bool is_unsigned_cond(TCGCond c)
{
    return (c & 4) != 0;
}

typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg/tcg-opc.h"
#undef DEF
    NB_OPS,
} TCGOpcode;

/* Op flags (TCGOpDef.flags) */
enum {
    TCG_OPF_BB_EXIT = 0x01,      /* leaves the TB */
    TCG_OPF_BB_END = 0x02,       /* ends a basic block */
    TCG_OPF_CALL_CLOBBER = 0x04, /* may clobber call-clobbered registers */
    TCG_OPF_SIDE_EFFECTS = 0x08, /* never removed as dead code */
    TCG_OPF_NOT_PRESENT = 0x10,  /* handled by the allocator itself */
    TCG_OPF_COND_BRANCH = 0x20,  /* conditional branch */
};

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint8_t flags;
} TCGOpDef;

extern const TCGOpDef tcg_op_defs[NB_OPS];

/* Helper call flags (TCGHelperInfo.flags and tcg_gen_callN) */
enum {
    TCG_CALL_NO_READ_GLOBALS = 0x01,  /* the helper reads no global */
    TCG_CALL_NO_WRITE_GLOBALS = 0x02, /* the helper writes no global */
    TCG_CALL_NO_SIDE_EFFECTS = 0x04,  /* pure: removed when unused */
    /* Cannot raise or longjmp: globals need no sync before it. */
    TCG_CALL_NO_RWG = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    TCG_CALL_NO_WG = TCG_CALL_NO_WRITE_GLOBALS,
    TCG_CALL_NO_SE = TCG_CALL_NO_SIDE_EFFECTS,
    TCG_CALL_NO_RWG_SE = TCG_CALL_NO_RWG | TCG_CALL_NO_SE,
    TCG_CALL_NO_WG_SE = TCG_CALL_NO_WG | TCG_CALL_NO_SE,
};

/* bswap flags: the result is zero-extended unless TCG_BSWAP_OS */
enum {
    TCG_BSWAP_IZ = 1,   /* accepted for QEMU compatibility; no effect */
    TCG_BSWAP_OZ = 2,   /* zero-extend the result (the default) */
    TCG_BSWAP_OS = 4,   /* sign-extend the result */
};

/* memory barrier kinds (tcg_gen_mb) */
enum {
    TCG_MO_LD_LD = 1, TCG_MO_ST_LD = 2, TCG_MO_LD_ST = 4, TCG_MO_ST_ST = 8,
    TCG_MO_ALL = 15,
};

#define TCG_MAX_CALL_ARGS 6
#define TCG_MAX_OP_ARGS 16
#define TCG_MAX_TEMPS 4096
#define TCG_MAX_INSNS 512
#define TCG_MAX_INSN_START_WORDS 2

typedef uint64_t TCGArg;

typedef enum TCGTempKind {
    TEMP_EBB,       /* dies at the end of each extended basic block */
    TEMP_TB,        /* lives for the whole TB */
    TEMP_GLOBAL,    /* memory-backed, lives across TBs */
    TEMP_FIXED,     /* lives in a reserved host register (env) */
    TEMP_CONST,     /* a constant */
} TCGTempKind;

typedef enum TCGTempVal {
    TEMP_VAL_DEAD,
    TEMP_VAL_REG,
    TEMP_VAL_MEM,
    TEMP_VAL_CONST,
} TCGTempVal;

typedef struct TCGTemp {
    /* one cache line: the passes walk the temps array often */
    TCGType type : 8;
    TCGTempKind kind : 8;
    TCGTempVal val_type : 8;    /* register allocator state */
    bool allocated;         /* in use (not on the free list) */
    bool mem_coherent;      /* memory holds the current value */
    bool mem_allocated;     /* a stack slot is assigned (non-globals) */
    int8_t reg;             /* host register when val_type == REG */
    int64_t val;            /* constant value (sign-extended for I32) */
    struct TCGTemp *mem_base;
    intptr_t mem_offset;
    const char *name;
    int64_t cval;           /* value when val_type == TEMP_VAL_CONST */

    /* scratch state for liveness and the optimizer */
    uintptr_t state;
    void *state_ptr;
} TCGTemp;

typedef struct TCGRelocation {
    struct TCGRelocation *next;
    uint32_t offset;        /* where the rel32 field sits in the code */
} TCGRelocation;

typedef struct TCGLabel {
    int id;
    bool has_value;         /* code offset known */
    bool present;           /* set_label emitted */
    bool refs;              /* some branch targets it */
    uint32_t value;         /* code offset of the label */
    TCGRelocation *relocs;
} TCGLabel;

typedef struct TCGOp {
    TCGOpcode opc;
    TCGType type;           /* the type the op operates on */
    uint8_t callo, calli;   /* call: number of outputs and inputs */
    /*
     * Liveness result: bit n (n < 16) = argument n dies here; bit 16 + n
     * = output n must be written back to memory here.
     */
    uint32_t life;
    struct TCGOp *prev, *next;
    TCGArg args[TCG_MAX_OP_ARGS];
} TCGOp;

#define DEAD_ARG(n) (1u << (n))
#define SYNC_ARG(n) (1u << (16 + (n)))

typedef struct TCGHelperInfo {
    void *func;
    const char *name;
    unsigned flags;
} TCGHelperInfo;

/* How qemu_ld/qemu_st reach guest memory. */
typedef enum TCGGuestMemMode {
    TCG_GUEST_MEM_USER,     /* host address = guest_base + guest address */
    TCG_GUEST_MEM_SOFTMMU,  /* inline TLB lookup, out-of-line slow path */
} TCGGuestMemMode;

/*
 * The softmmu TLB as the generated code sees it.  For each MMU index
 * there is a TCGTLBFast at env + fast_ofs + idx * sizeof(TCGTLBFast);
 * the table holds (mask / sizeof(TCGTLBEntry)) + 1 entries; the entry for
 * an address is at table + ((addr >> page_bits) * 32 & mask).  A hit
 * needs the page address of the access (with alignment bits) to equal
 * addr_read / addr_write; then host = addr + addend.
 */
typedef struct TCGTLBEntry {
    uint64_t addr_read;
    uint64_t addr_write;
    uint64_t addr_code;
    uintptr_t addend;
} TCGTLBEntry;

typedef struct TCGTLBFast {
    uintptr_t mask;
    TCGTLBEntry *table;
} TCGTLBFast;

/*
 * Slow paths, called by generated code with the host address of the
 * access in the TB (retaddr) so a fault can be mapped back to the guest
 * instruction.  The load helper returns the value extended per the MemOp.
 */
typedef uint64_t (*TCGLoadHelper)(void *env, uint64_t addr, MemOpIdx oi,
                                  uintptr_t retaddr);
typedef void (*TCGStoreHelper)(void *env, uint64_t addr, uint64_t val,
                               MemOpIdx oi, uintptr_t retaddr);

typedef struct TCGGuestMem {
    TCGGuestMemMode mode;
    uintptr_t guest_base;           /* user mode */
    unsigned page_bits;             /* softmmu */
    intptr_t tlb_fast_ofs;          /* softmmu: offset of TCGTLBFast[0] */
    TCGLoadHelper ld_helper;        /* softmmu slow path */
    TCGStoreHelper st_helper;
    /*
     * user mode: a misaligned access with MO_ALIGN*; bit 31 of @oi is set
     * for a store.  Normally raises a guest fault; if it returns, the
     * access is done anyway.
     */
    void (*unaligned)(void *env, uint64_t addr, MemOpIdx oi,
                      uintptr_t retaddr);
    /*
     * Atomic ops: the host address of a writable guest access (softmmu:
     * TLB lookup, may raise a fault).  NULL: guest_base + addr.
     */
    void *(*atomic_host_addr)(void *env, uint64_t addr, MemOpIdx oi,
                              uintptr_t retaddr);
} TCGGuestMem;

/* An out-of-line slow path of a qemu_ld/qemu_st, emitted after the TB. */
typedef struct TCGLdstLabel {
    struct TCGLdstLabel *next;
    bool is_ld;
    bool unaligned_only;    /* user mode: only the alignment check */
    MemOpIdx oi;
    TCGType type;
    int datareg, addrreg;
    uint32_t label_off[2];  /* rel32 fields that jump to the slow path */
    int nb_jumps;
    uint32_t raddr;         /* code offset to return to */
} TCGLdstLabel;

/* A 64-bit constant referenced rip-relative from code offset @fixup. */
typedef struct TCGPoolEntry {
    uint64_t val;
    uint32_t fixup;
} TCGPoolEntry;

#define TCG_TARGET_NB_REGS 16

typedef struct TCGContext {
    /* the temps: globals first (nb_globals), then per-TB temps */
    int nb_globals;
    int nb_temps;
    bool temps_overflow;        /* the TB needs more than TCG_MAX_TEMPS */
    TCGTemp temps[TCG_MAX_TEMPS];
    /*
     * Free per-TB temps, by kind (EBB/TB) and type: a bitmap of temp
     * indices, and a summary with one bit per bitmap word that is
     * nonzero.  A word whose summary bit is clear is stale (not cleared
     * between TBs), so a new TB only clears the summaries.
     */
    uint64_t free_temps[2][TCG_TYPE_COUNT][TCG_MAX_TEMPS / 64];
    uint64_t free_summary[2][TCG_TYPE_COUNT];
    /*
     * The constants of the TB, by type: an open-addressed hash table of
     * TCGConstSlot whose slots count only when their gen is const_gen
     * (a new TB bumps const_gen instead of clearing the table).
     */
    struct TCGConstSlot *const_slots[TCG_TYPE_COUNT];
    uint32_t const_mask[TCG_TYPE_COUNT];    /* slots - 1 (a power of 2) */
    uint32_t const_count[TCG_TYPE_COUNT];
    uint32_t const_gen;

    /* the op list of the TB being built */
    TCGOp *first_op, *last_op;
    TCGOp *op_next, *op_limit;  /* free ops of the current chunk */
    int op_chunk;               /* index of the current chunk */
    GPtrArray *op_chunks;       /* of OP_CHUNK ops each, kept across TBs */
    int nb_ops;
    int nb_labels;
    GPtrArray *labels;          /* freed (g_free) at the next TB */
    GPtrArray *label_chunks;
    /* per-TB arena (tcg_malloc): reset, not freed, at each TB */
    GPtrArray *pool_chunks;
    int pool_chunk;
    uint8_t *pool_cur, *pool_end;
    uint64_t insn_start_words;
    int nb_insns;

    /* code generation */
    uint8_t *code_buf;          /* start of the writable view */
    uint8_t *code_ptr;          /* where the next byte goes (writable view) */
    uint8_t *code_end;          /* end of space for this TB (writable) */
    uint8_t *gen_start;         /* start of the TB being generated */
    intptr_t splitwx_diff;      /* rx address - rw address */
    bool code_overflow;
    TCGLdstLabel *ldst_labels;
    GArray *pool;               /* constant pool: TCGPoolEntry */
    /* goto_tb: where the patchable jumps are, relative to the TB start */
    uint16_t jmp_insn_offset[2];
    uint16_t jmp_reset_offset[2];
    /* insn_start: the host code end offset of each guest insn */
    uint16_t *gen_insn_end_off;
    uint64_t (*gen_insn_data)[TCG_MAX_INSN_START_WORDS];
    int gen_insn_cap;

    /* register allocator */
    TCGTemp *reg_to_temp[TCG_TARGET_NB_REGS];
    /* globals that may not be in memory (a superset; see regalloc.c) */
    uint64_t dirty_globals[TCG_MAX_TEMPS / 64];
    uint32_t reserved_regs;
    intptr_t frame_start;       /* rsp-relative offset of temp slots */

    TCGGuestMem guest_mem;

    /* runtime pointers set by the prologue generation */
    const void *code_gen_prologue;   /* rx address */
    const void *code_gen_epilogue;   /* rx address: returns 0 */
    const void *tb_ret_addr;         /* rx address: returns rax */

    bool optimize;              /* run the optimizer (default true) */
} TCGContext;

extern __thread TCGContext *tcg_ctx;

/* Typed handles: an offset of the TCGTemp inside tcg_ctx. */
typedef struct TCGv_i32_d *TCGv_i32;
typedef struct TCGv_i64_d *TCGv_i64;
typedef struct TCGv_ptr_d *TCGv_ptr;

static inline TCGTemp *tcgv_i32_temp(TCGv_i32 v)
{
    return (TCGTemp *)((char *)tcg_ctx + (uintptr_t)v);
}

static inline TCGTemp *tcgv_i64_temp(TCGv_i64 v)
{
    return (TCGTemp *)((char *)tcg_ctx + (uintptr_t)v);
}

static inline TCGTemp *tcgv_ptr_temp(TCGv_ptr v)
{
    return (TCGTemp *)((char *)tcg_ctx + (uintptr_t)v);
}

static inline TCGv_i32 temp_tcgv_i32(TCGTemp *t)
{
    return (TCGv_i32)((char *)t - (char *)tcg_ctx);
}

static inline TCGv_i64 temp_tcgv_i64(TCGTemp *t)
{
    return (TCGv_i64)((char *)t - (char *)tcg_ctx);
}

static inline TCGv_ptr temp_tcgv_ptr(TCGTemp *t)
{
    return (TCGv_ptr)((char *)t - (char *)tcg_ctx);
}

static inline int temp_idx(TCGTemp *t)
{
    return (int)(t - tcg_ctx->temps);
}

static inline TCGTemp *arg_temp(TCGArg a)
{
    return (TCGTemp *)(uintptr_t)a;
}

static inline TCGArg temp_arg(TCGTemp *t)
{
    return (TCGArg)(uintptr_t)t;
}

static inline TCGLabel *arg_label(TCGArg a)
{
    return (TCGLabel *)(uintptr_t)a;
}

/* The env pointer (the CPU state), a fixed register in generated code. */
extern TCGv_ptr tcg_env;
#define cpu_env tcg_env

/* ---- context set-up ---- */

/*
 * Initialise the TCG of this process: the first context, the code buffer
 * of @code_size bytes (0 = default) and the prologue.  Returns false and
 * sets @errp when the code buffer cannot be created.
 */
typedef struct Error Error;
bool tcg_init(size_t code_size, Error **errp);
/* Give the calling thread its own context (a copy of the globals). */
void tcg_register_thread(void);
/*
 * Free the calling thread's context (a thread that ends; its TBs stay).
 * The context of the thread that called tcg_init() is kept.
 */
void tcg_unregister_thread(void);
/* Choose how qemu_ld/qemu_st access guest memory (before generating). */
void tcg_set_guest_mem(const TCGGuestMem *gm);
void tcg_get_guest_mem(TCGGuestMem *gm);
/* The current setting, for helpers (it does not change while code runs). */
const TCGGuestMem *tcg_guest_mem(void);

/* ---- temps ---- */
TCGTemp *tcg_temp_new_internal(TCGType type, TCGTempKind kind);
void tcg_temp_free_internal(TCGTemp *ts);
TCGTemp *tcg_constant_internal(TCGType type, int64_t val);
TCGTemp *tcg_global_mem_new_internal(TCGType type, TCGv_ptr base,
                                     intptr_t offset, const char *name);

/* ---- ops ---- */
void tcg_func_start(TCGContext *s);
TCGOp *tcg_emit_op(TCGOpcode opc, TCGType type, unsigned nargs);
void tcg_op_remove(TCGContext *s, TCGOp *op);
TCGOp *tcg_op_insert_before(TCGContext *s, TCGOp *old, TCGOpcode opc,
                            TCGType type);
int tcg_op_nargs(const TCGOp *op);
TCGLabel *gen_new_label(void);

/* ---- code generation ---- */

/*
 * Optimize (if tcg_ctx->optimize), compute liveness and emit host code for
 * the ops of the current TB at tcg_ctx->code_ptr, up to @end (writable
 * view).  Returns the size of the code, or -1 when the buffer is too small
 * and -2 when the TB is too big for one TB (more than TCG_MAX_TEMPS
 * temps, or more than 64 KiB of code): translate fewer insns.
 */
int tcg_gen_code(TCGContext *s, uint8_t *end);

/* The passes, usable on their own (tests). */
void tcg_optimize(TCGContext *s);
void tcg_liveness_analysis(TCGContext *s);

/*
 * Run generated code: enters the prologue with @env, jumps to @tb_ptr
 * (an rx address) and returns the value of the exit_tb that left it.
 */
uintptr_t tcg_qemu_tb_exec(void *env, const void *tb_ptr);

/* The executable (rx) address of writable code pointer @rw. */
static inline const void *tcg_splitwx_to_rx(void *rw)
{
    return rw ? (const void *)((char *)rw + tcg_ctx->splitwx_diff) : NULL;
}

static inline void *tcg_splitwx_to_rw(const void *rx)
{
    return rx ? (void *)((char *)rx - tcg_ctx->splitwx_diff) : NULL;
}

/* The code buffer (two views of one memfd; see tcg/region.c). */
typedef struct TCGRegion {
    uint8_t *rw;
    uint8_t *rx;
    size_t size;
    size_t used;            /* bump allocator */
    size_t populated;       /* pages below this are mapped in both views */
    size_t stubs_used, stubs_end;   /* the shared stub area (region.c) */
    int fd;
} TCGRegion;

extern TCGRegion tcg_region;
/* Reset the code buffer to just after the prologue (tb_flush). */
void tcg_region_reset(void);
/* Map the pages ahead of tcg_region.used in advance (after allocating). */
void tcg_region_populate(void);

/* Patch the rel32 of a goto_tb jump at @jmp_rx to go to @addr_rx. */
void tcg_target_set_jmp_target(uintptr_t jmp_rx, uintptr_t addr_rx);

/* Dump the ops of the current TB to @f, one per line ("-d op"). */
void tcg_dump_ops(TCGContext *s, FILE *f);

/* Host CPU features the backend uses (set at tcg_init from cpuid). */
extern bool have_bmi1, have_bmi2, have_lzcnt, have_popcnt;
/* Use at most these features (tests exercise the paths without them). */
void tcg_target_set_features(bool bmi1, bool bmi2, bool lzcnt, bool popcnt);

#endif

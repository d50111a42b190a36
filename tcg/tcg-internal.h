/*
 * What the generic code generator (tcg/tcg.c, tcg/regalloc.c) and the host
 * backend (tcg/<host>/tcg-target.c) say to each other.  Nothing outside
 * tcg/ includes this.
 */
#ifndef TCG_INTERNAL_H
#define TCG_INTERNAL_H

#include "tcg/tcg.h"

/* Constant classes an argument constraint may accept. */
enum {
    TCG_CT_CONST = 1,         /* any constant */
    TCG_CT_CONST_S32 = 2,     /* fits a sign-extended 32-bit immediate */
    TCG_CT_CONST_U32 = 4,     /* fits a zero-extended 32-bit immediate */
};

typedef struct TCGArgConstraint {
    uint32_t regs;      /* registers the argument may live in */
    uint8_t ct;         /* TCG_CT_CONST* */
    bool newreg;        /* output: must not overlap any input */
    bool oalias;        /* output: shares its register with an input */
    bool ialias;        /* input: shares its register with an output */
    int8_t alias_index; /* the argument it shares its register with */
} TCGArgConstraint;

/*
 * The backend's constraints for one op: one string per argument, outputs
 * first.  Letters: r any register, a/b/c/d/S/D rax/rbx/rcx/rdx/rsi/rdi,
 * R any but rax and rdx, i any constant, e sign-extended 32-bit constant,
 * Z zero-extended 32-bit constant, 0-9 same register as that output,
 * & (prefix) output distinct from every input.
 */
typedef struct TCGTargetOpDef {
    const char *args_ct_str[TCG_MAX_OP_ARGS];
    uint32_t clobber;   /* registers the emitted code clobbers */
} TCGTargetOpDef;

/* ---- provided by the backend ---- */
extern const int tcg_target_call_iarg_regs[TCG_MAX_CALL_ARGS];
extern const int tcg_target_call_oarg_reg;
extern const uint32_t tcg_target_call_clobber_regs;
extern const uint32_t tcg_target_available_regs;
extern const int tcg_target_reg_alloc_order[];
extern const int tcg_target_reg_alloc_order_len;
extern const int tcg_target_areg0;      /* the env register */
extern const int tcg_target_stack_reg;
extern const char *const tcg_target_reg_names[TCG_TARGET_NB_REGS];

void tcg_target_init(TCGContext *s);
/* The host's SSE level for sse_op: 1 SSE2, 2 SSSE3, 3 SSE4.1, 4 SSE4.2. */
int tcg_target_sse_level(void);
const TCGTargetOpDef *tcg_target_op_def(TCGOpcode op, TCGType type);
/* Emit the code of @op; args are register numbers or constant values. */
void tcg_out_op(TCGContext *s, TCGOpcode op, TCGType type,
                const TCGArg *args, const int *const_args);
void tcg_out_mov(TCGContext *s, TCGType type, int dst, int src);
void tcg_out_movi(TCGContext *s, TCGType type, int dst, int64_t val);
void tcg_out_ld(TCGContext *s, TCGType type, int dst, int base,
                intptr_t ofs);
void tcg_out_st(TCGContext *s, TCGType type, int src, int base,
                intptr_t ofs);
/* Store a constant; false if the backend cannot do it directly. */
bool tcg_out_sti(TCGContext *s, TCGType type, int64_t val, int base,
                 intptr_t ofs);
void tcg_out_call(TCGContext *s, const void *func);
void tcg_out_br(TCGContext *s, TCGLabel *l);
void tcg_target_qemu_prologue(TCGContext *s);
/* Emit the slow paths of the TB's guest memory accesses. */
bool tcg_out_ldst_finalize(TCGContext *s);
/* Resolve a rel32 at code offset @at to code offset @target. */
void tcg_patch_rel32(TCGContext *s, uint32_t at, uint32_t target);
/*
 * Bumped (per thread) at every label the register allocator places: code
 * after a label can be entered from elsewhere, so the backend drops what
 * it knows about host register contents there.
 */
extern __thread unsigned tcg_label_generation;

/* The TB frame: size of the area of temp slots. */
#define TCG_FRAME_TEMP_SLOTS TCG_MAX_TEMPS

/* ---- the op list (tcg.c), inline for the tcg_gen_* emitters ---- */

/* Move on to the next chunk of ops (allocating it the first time). */
TCGOp *tcg_op_next_chunk(TCGContext *s);

/* A new op, unlinked, with only callo/calli/life cleared. */
static inline TCGOp *tcg_op_alloc(TCGContext *s)
{
    TCGOp *op = s->op_next;

    if (G_UNLIKELY(op == s->op_limit)) {
        op = tcg_op_next_chunk(s);
    }
    s->op_next = op + 1;
    s->nb_ops++;
    op->callo = op->calli = 0;
    op->life = 0;
    return op;
}

/* tcg_emit_op() on a given context, for a number of arguments known fine. */
static inline TCGOp *tcg_emit_op_in(TCGContext *s, TCGOpcode opc,
                                    TCGType type)
{
    TCGOp *op = tcg_op_alloc(s);

    op->opc = opc;
    op->type = type;
    op->prev = s->last_op;
    op->next = NULL;
    if (s->last_op) {
        s->last_op->next = op;
    } else {
        s->first_op = op;
    }
    s->last_op = op;
    return op;
}

/* The number of @ts in @s (temp_idx() without the thread-local lookup). */
static inline int temp_idx_in(TCGContext *s, TCGTemp *ts)
{
    return (int)(ts - s->temps);
}

/* ---- provided by tcg.c for the backend ---- */
static inline uint32_t tcg_current_code_offset(TCGContext *s)
{
    return (uint32_t)(s->code_ptr - s->code_buf);
}

/*
 * Memory of the calling thread's context that lives until the next TB
 * starts (tcg_func_start), for per-TB records such as relocations and
 * slow-path labels: a bump allocator, nothing to free.
 */
void *tcg_malloc(size_t size);

void tcg_out_reloc(TCGContext *s, uint32_t at, TCGLabel *l);
void tcg_emit_label_here(TCGContext *s, TCGLabel *l);

static inline void tcg_out8(TCGContext *s, uint8_t v)
{
    if (s->code_ptr < s->code_end) {
        *s->code_ptr++ = v;
    } else {
        s->code_overflow = true;
    }
}

static inline void tcg_out32(TCGContext *s, uint32_t v)
{
    if (s->code_ptr + 4 <= s->code_end) {
        memcpy(s->code_ptr, &v, 4);
        s->code_ptr += 4;
    } else {
        s->code_overflow = true;
    }
}

static inline void tcg_out64(TCGContext *s, uint64_t v)
{
    if (s->code_ptr + 8 <= s->code_end) {
        memcpy(s->code_ptr, &v, 8);
        s->code_ptr += 8;
    } else {
        s->code_overflow = true;
    }
}

/* The code region (region.c). */
bool tcg_region_init(size_t size, Error **errp);
void tcg_region_prologue_done(size_t prologue_size);

const char *tcg_cond_name(TCGCond c);

#endif

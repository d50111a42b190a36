/*
 * The frontend's API for building TCG IR, in QEMU's style:
 * tcg_gen_<op>_<type>(ret, args...).  Semantics of every op, including
 * edge operands, are in docs/devel/tcg-ops.md.
 */
#ifndef TCG_TCG_OP_H
#define TCG_TCG_OP_H

#include "tcg/tcg.h"

struct TranslationBlock;

/* ---- temps ---- */

static inline TCGv_i32 tcg_temp_new_i32(void)
{
    return temp_tcgv_i32(tcg_temp_new_internal(TCG_TYPE_I32, TEMP_TB));
}

static inline TCGv_i64 tcg_temp_new_i64(void)
{
    return temp_tcgv_i64(tcg_temp_new_internal(TCG_TYPE_I64, TEMP_TB));
}

static inline TCGv_ptr tcg_temp_new_ptr(void)
{
    return temp_tcgv_ptr(tcg_temp_new_internal(TCG_TYPE_PTR, TEMP_TB));
}

/* Temps whose value dies at the next label or branch. */
static inline TCGv_i32 tcg_temp_ebb_new_i32(void)
{
    return temp_tcgv_i32(tcg_temp_new_internal(TCG_TYPE_I32, TEMP_EBB));
}

static inline TCGv_i64 tcg_temp_ebb_new_i64(void)
{
    return temp_tcgv_i64(tcg_temp_new_internal(TCG_TYPE_I64, TEMP_EBB));
}

/* QEMU 7.2 name: a temp that survives branches (all TB temps do). */
#define tcg_temp_local_new_i32 tcg_temp_new_i32
#define tcg_temp_local_new_i64 tcg_temp_new_i64

/* Give a temp back for reuse later in the TB (optional). */
static inline void tcg_temp_free_i32(TCGv_i32 t)
{
    tcg_temp_free_internal(tcgv_i32_temp(t));
}

static inline void tcg_temp_free_i64(TCGv_i64 t)
{
    tcg_temp_free_internal(tcgv_i64_temp(t));
}

static inline void tcg_temp_free_ptr(TCGv_ptr t)
{
    tcg_temp_free_internal(tcgv_ptr_temp(t));
}

/* Read-only constants, shared within the TB: never write to them. */
static inline TCGv_i32 tcg_constant_i32(int32_t v)
{
    return temp_tcgv_i32(tcg_constant_internal(TCG_TYPE_I32, v));
}

static inline TCGv_i64 tcg_constant_i64(int64_t v)
{
    return temp_tcgv_i64(tcg_constant_internal(TCG_TYPE_I64, v));
}

static inline TCGv_ptr tcg_constant_ptr(intptr_t v)
{
    return temp_tcgv_ptr(tcg_constant_internal(TCG_TYPE_PTR, v));
}

/* A new writable temp holding @v. */
TCGv_i32 tcg_const_i32(int32_t v);
TCGv_i64 tcg_const_i64(int64_t v);

/* A global living at base + offset (base is usually tcg_env). */
static inline TCGv_i32 tcg_global_mem_new_i32(TCGv_ptr base, intptr_t ofs,
                                              const char *name)
{
    return temp_tcgv_i32(tcg_global_mem_new_internal(TCG_TYPE_I32, base,
                                                     ofs, name));
}

static inline TCGv_i64 tcg_global_mem_new_i64(TCGv_ptr base, intptr_t ofs,
                                              const char *name)
{
    return temp_tcgv_i64(tcg_global_mem_new_internal(TCG_TYPE_I64, base,
                                                     ofs, name));
}

static inline TCGv_ptr tcg_global_mem_new_ptr(TCGv_ptr base, intptr_t ofs,
                                              const char *name)
{
    return temp_tcgv_ptr(tcg_global_mem_new_internal(TCG_TYPE_PTR, base,
                                                     ofs, name));
}

/* ---- ops, for both widths ---- */

#define TCG_DECL_BOTH(decl) decl(i32, TCGv_i32) decl(i64, TCGv_i64)

#define TCG_DECL_UNARY(name) \
    void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a); \
    void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a);
#define TCG_DECL_BINARY(name) \
    void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b); \
    void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
#define TCG_DECL_BINARYI(name) \
    void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b); \
    void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b);

TCG_DECL_UNARY(mov)
TCG_DECL_UNARY(neg)
TCG_DECL_UNARY(not)
TCG_DECL_UNARY(ext8s)
TCG_DECL_UNARY(ext8u)
TCG_DECL_UNARY(ext16s)
TCG_DECL_UNARY(ext16u)
TCG_DECL_UNARY(ctpop)
void tcg_gen_ext32s_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ext32u_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_movi_i32(TCGv_i32 ret, int32_t v);
void tcg_gen_movi_i64(TCGv_i64 ret, int64_t v);

TCG_DECL_BINARY(add)
TCG_DECL_BINARY(sub)
TCG_DECL_BINARY(mul)
TCG_DECL_BINARY(and)
TCG_DECL_BINARY(or)
TCG_DECL_BINARY(xor)
TCG_DECL_BINARY(andc)
TCG_DECL_BINARY(orc)
TCG_DECL_BINARY(eqv)
TCG_DECL_BINARY(nand)
TCG_DECL_BINARY(nor)
TCG_DECL_BINARY(shl)
TCG_DECL_BINARY(shr)
TCG_DECL_BINARY(sar)
TCG_DECL_BINARY(rotl)
TCG_DECL_BINARY(rotr)
TCG_DECL_BINARY(div)
TCG_DECL_BINARY(divu)
TCG_DECL_BINARY(rem)
TCG_DECL_BINARY(remu)
TCG_DECL_BINARY(clz)     /* ret = a ? clz(a) : b */
TCG_DECL_BINARY(ctz)     /* ret = a ? ctz(a) : b */
TCG_DECL_BINARY(muluh)   /* high half of the unsigned product */
TCG_DECL_BINARY(mulsh)   /* high half of the signed product */

TCG_DECL_BINARYI(addi)
TCG_DECL_BINARYI(subi)
TCG_DECL_BINARYI(muli)
TCG_DECL_BINARYI(andi)
TCG_DECL_BINARYI(ori)
TCG_DECL_BINARYI(xori)
TCG_DECL_BINARYI(shli)
TCG_DECL_BINARYI(shri)
TCG_DECL_BINARYI(sari)
TCG_DECL_BINARYI(rotli)
TCG_DECL_BINARYI(rotri)
void tcg_gen_subfi_i32(TCGv_i32 ret, int32_t a, TCGv_i32 b);
void tcg_gen_subfi_i64(TCGv_i64 ret, int64_t a, TCGv_i64 b);
void tcg_gen_clzi_i32(TCGv_i32 ret, TCGv_i32 a, uint32_t b);
void tcg_gen_clzi_i64(TCGv_i64 ret, TCGv_i64 a, uint64_t b);
void tcg_gen_ctzi_i32(TCGv_i32 ret, TCGv_i32 a, uint32_t b);
void tcg_gen_ctzi_i64(TCGv_i64 ret, TCGv_i64 a, uint64_t b);

/* (rl, rh) = double-width product / sum / difference */
void tcg_gen_mulu2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_mulu2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_muls2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_muls2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_add2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, TCGv_i32 ah,
                      TCGv_i32 bl, TCGv_i32 bh);
void tcg_gen_add2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh);
void tcg_gen_sub2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, TCGv_i32 ah,
                      TCGv_i32 bl, TCGv_i32 bh);
void tcg_gen_sub2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh);

/* bit fields */
void tcg_gen_extract_i32(TCGv_i32 ret, TCGv_i32 a, unsigned ofs,
                         unsigned len);
void tcg_gen_extract_i64(TCGv_i64 ret, TCGv_i64 a, unsigned ofs,
                         unsigned len);
void tcg_gen_sextract_i32(TCGv_i32 ret, TCGv_i32 a, unsigned ofs,
                          unsigned len);
void tcg_gen_sextract_i64(TCGv_i64 ret, TCGv_i64 a, unsigned ofs,
                          unsigned len);
void tcg_gen_deposit_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b, unsigned ofs,
                         unsigned len);
void tcg_gen_deposit_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b, unsigned ofs,
                         unsigned len);

void tcg_gen_bswap16_i32(TCGv_i32 ret, TCGv_i32 a, int flags);
void tcg_gen_bswap16_i64(TCGv_i64 ret, TCGv_i64 a, int flags);
void tcg_gen_bswap32_i32(TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_bswap32_i64(TCGv_i64 ret, TCGv_i64 a, int flags);
void tcg_gen_bswap64_i64(TCGv_i64 ret, TCGv_i64 a);

/* comparisons */
void tcg_gen_setcond_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_setcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_setcondi_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_setcondi_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_negsetcond_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 a,
                            TCGv_i32 b);
void tcg_gen_negsetcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a,
                            TCGv_i64 b);
void tcg_gen_movcond_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2);
void tcg_gen_movcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2);
void tcg_gen_brcond_i32(TCGCond c, TCGv_i32 a, TCGv_i32 b, TCGLabel *l);
void tcg_gen_brcond_i64(TCGCond c, TCGv_i64 a, TCGv_i64 b, TCGLabel *l);
void tcg_gen_brcondi_i32(TCGCond c, TCGv_i32 a, int32_t b, TCGLabel *l);
void tcg_gen_brcondi_i64(TCGCond c, TCGv_i64 a, int64_t b, TCGLabel *l);
void tcg_gen_br(TCGLabel *l);
void gen_set_label(TCGLabel *l);

/* conversions */
void tcg_gen_ext_i32_i64(TCGv_i64 ret, TCGv_i32 a);     /* sign */
void tcg_gen_extu_i32_i64(TCGv_i64 ret, TCGv_i32 a);    /* zero */
void tcg_gen_extrl_i64_i32(TCGv_i32 ret, TCGv_i64 a);   /* low half */
void tcg_gen_extrh_i64_i32(TCGv_i32 ret, TCGv_i64 a);   /* high half */
void tcg_gen_concat_i32_i64(TCGv_i64 ret, TCGv_i32 lo, TCGv_i32 hi);
void tcg_gen_extr_i64_i32(TCGv_i32 lo, TCGv_i32 hi, TCGv_i64 a);

/* CPU state access: base + offset */
void tcg_gen_ld8u_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld8s_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16u_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16s_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st8_i32(TCGv_i32 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st16_i32(TCGv_i32 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st_i32(TCGv_i32 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld8u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld8s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld32u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld32s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st8_i64(TCGv_i64 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st16_i64(TCGv_i64 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st32_i64(TCGv_i64 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st_i64(TCGv_i64 val, TCGv_ptr base, intptr_t ofs);

/* host pointers */
void tcg_gen_mov_ptr(TCGv_ptr ret, TCGv_ptr a);
void tcg_gen_movi_ptr(TCGv_ptr ret, intptr_t v);
void tcg_gen_ld_ptr(TCGv_ptr ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st_ptr(TCGv_ptr val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_add_ptr(TCGv_ptr ret, TCGv_ptr a, TCGv_ptr b);
void tcg_gen_addi_ptr(TCGv_ptr ret, TCGv_ptr a, intptr_t b);
void tcg_gen_ext_i32_ptr(TCGv_ptr ret, TCGv_i32 a);
void tcg_gen_extu_i32_ptr(TCGv_ptr ret, TCGv_i32 a);
static inline TCGv_i64 tcgv_ptr_as_i64(TCGv_ptr p)
{
    return (TCGv_i64)p;
}

/* guest memory: addresses are 64-bit; idx is the MMU index */
void tcg_gen_qemu_ld_i32(TCGv_i32 val, TCGv_i64 addr, unsigned idx,
                         MemOp memop);
void tcg_gen_qemu_ld_i64(TCGv_i64 val, TCGv_i64 addr, unsigned idx,
                         MemOp memop);
void tcg_gen_qemu_st_i32(TCGv_i32 val, TCGv_i64 addr, unsigned idx,
                         MemOp memop);
void tcg_gen_qemu_st_i64(TCGv_i64 val, TCGv_i64 addr, unsigned idx,
                         MemOp memop);

/*
 * Atomic read-modify-write of guest memory (LOCK-prefixed insns): ret is
 * the old value (the new one for *_fetch), extended per memop.  Done by
 * a helper with host atomics; may raise the same faults as qemu_ld/st.
 */
void tcg_gen_atomic_cmpxchg_i32(TCGv_i32 ret, TCGv_i64 addr, TCGv_i32 cmpv,
                                TCGv_i32 newv, unsigned idx, MemOp memop);
void tcg_gen_atomic_cmpxchg_i64(TCGv_i64 ret, TCGv_i64 addr, TCGv_i64 cmpv,
                                TCGv_i64 newv, unsigned idx, MemOp memop);
#define TCG_DECL_ATOMIC(NAME) \
    void tcg_gen_atomic_##NAME##_i32(TCGv_i32 ret, TCGv_i64 addr, \
                                     TCGv_i32 val, unsigned idx, MemOp mop); \
    void tcg_gen_atomic_##NAME##_i64(TCGv_i64 ret, TCGv_i64 addr, \
                                     TCGv_i64 val, unsigned idx, MemOp mop);
TCG_DECL_ATOMIC(xchg)
TCG_DECL_ATOMIC(fetch_add)
TCG_DECL_ATOMIC(fetch_and)
TCG_DECL_ATOMIC(fetch_or)
TCG_DECL_ATOMIC(fetch_xor)
TCG_DECL_ATOMIC(fetch_smin)
TCG_DECL_ATOMIC(fetch_umin)
TCG_DECL_ATOMIC(fetch_smax)
TCG_DECL_ATOMIC(fetch_umax)
TCG_DECL_ATOMIC(add_fetch)
TCG_DECL_ATOMIC(and_fetch)
TCG_DECL_ATOMIC(or_fetch)
TCG_DECL_ATOMIC(xor_fetch)

/* helper calls; @ret may be NULL, @args holds nargs temps */
void tcg_gen_callN(const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                   TCGTemp **args);

/* control */
void tcg_gen_discard_i32(TCGv_i32 a);
void tcg_gen_discard_i64(TCGv_i64 a);
void tcg_gen_mb(unsigned bar);        /* TCG_MO_* */
/* Mark the start of a guest instruction (pc and one more word). */
void tcg_gen_insn_start(uint64_t pc, uint64_t extra);
/* Leave the TB returning (uintptr_t)tb + idx; tb NULL returns idx. */
void tcg_gen_exit_tb(const struct TranslationBlock *tb, unsigned idx);
/* A patchable direct jump, slot @idx (0 or 1), then exit_tb(tb, idx). */
void tcg_gen_goto_tb(unsigned idx);
/* Jump to host code at @ptr; a NULL ptr returns 0 to cpu_exec. */
void tcg_gen_goto_ptr(TCGv_ptr ptr);
/*
 * Look the next TB up from the CPU state (through the helper set by
 * accel/tcg with tcg_set_lookup_tb_helper) and jump there.
 */
void tcg_gen_lookup_and_goto_ptr(void);
void tcg_set_lookup_tb_helper(const TCGHelperInfo *info);

/*
 * Packed-integer SSE on 16-byte slots of the CPU state, emitted as the
 * host instruction (docs/devel/tcg-ops.md, "Host SSE ops").  @code names
 * the operation by its 0x66-prefixed encoding: TCG_SSE_CODE(map, opcode,
 * imm), map 0 = 0F xx, 1 = 0F 38 xx, 2 = 0F 3A xx.  Emit only codes for
 * which tcg_sse_op_supported() is true (it checks the host CPU).
 */
#define TCG_SSE_CODE(map, op, imm) \
    ((unsigned)(map) << 8 | (unsigned)(op) | (unsigned)((imm) & 0xff) << 16)
/* ModRM.reg of the shift-by-imm groups 0F 71..73 (the source is unused) */
#define TCG_SSE_REG(r) ((unsigned)((r) & 7) << 12)
/*
 * The source is 16 bytes of host memory at base + sofs (already checked
 * accessible), the destination the slot at tcg_env + dofs.  The address
 * must be 16-byte aligned except for the move (0F 6F) and pcmpistri.
 */
#define TCG_SSE_SRC_PTR (1u << 15)
bool tcg_sse_op_supported(unsigned code);
/* 16 bytes at base + dofs := op(16 bytes at base + dofs, at base + sofs) */
void tcg_gen_sse_op(TCGv_ptr base, intptr_t dofs, intptr_t sofs,
                    unsigned code);
/* ret := the sign bits of the 16 bytes at base + ofs (pmovmskb) */
void tcg_gen_sse_movmsk(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
/* The reference semantics (the interpreter and the tests use them). */
void tcg_sse_op_ref(void *dst, const void *src, unsigned code);
uint64_t tcg_sse_movmsk_ref(const void *src);

#endif

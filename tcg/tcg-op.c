/*
 * The tcg_gen_* API: each function appends ops to the current TB.
 * Trivial cases (add of 0, shift by 0, ...) are simplified here already;
 * the optimizer catches the rest.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg/tcg-op.h"
#include "tcg-internal.h"

#define T32(x) tcgv_i32_temp(x)
#define T64(x) tcgv_i64_temp(x)
#define TP(x) tcgv_ptr_temp(x)
#define A(x) temp_arg(x)

static const TCGHelperInfo *lookup_tb_info;

static void op1(TCGOpcode opc, TCGType t, TCGArg a0)
{
    TCGOp *op = tcg_emit_op_in(tcg_ctx, opc, t);
    op->args[0] = a0;
}

static void op2(TCGOpcode opc, TCGType t, TCGArg a0, TCGArg a1)
{
    TCGOp *op = tcg_emit_op_in(tcg_ctx, opc, t);
    op->args[0] = a0;
    op->args[1] = a1;
}

static void op3(TCGOpcode opc, TCGType t, TCGArg a0, TCGArg a1, TCGArg a2)
{
    TCGOp *op = tcg_emit_op_in(tcg_ctx, opc, t);
    op->args[0] = a0;
    op->args[1] = a1;
    op->args[2] = a2;
}

static void op4(TCGOpcode opc, TCGType t, TCGArg a0, TCGArg a1, TCGArg a2,
                TCGArg a3)
{
    TCGOp *op = tcg_emit_op_in(tcg_ctx, opc, t);
    op->args[0] = a0;
    op->args[1] = a1;
    op->args[2] = a2;
    op->args[3] = a3;
}

static void op5(TCGOpcode opc, TCGType t, TCGArg a0, TCGArg a1, TCGArg a2,
                TCGArg a3, TCGArg a4)
{
    TCGOp *op = tcg_emit_op_in(tcg_ctx, opc, t);
    op->args[0] = a0;
    op->args[1] = a1;
    op->args[2] = a2;
    op->args[3] = a3;
    op->args[4] = a4;
}

static void op6(TCGOpcode opc, TCGType t, TCGArg a0, TCGArg a1, TCGArg a2,
                TCGArg a3, TCGArg a4, TCGArg a5)
{
    TCGOp *op = tcg_emit_op_in(tcg_ctx, opc, t);
    op->args[0] = a0;
    op->args[1] = a1;
    op->args[2] = a2;
    op->args[3] = a3;
    op->args[4] = a4;
    op->args[5] = a5;
}

TCGv_i32 tcg_const_i32(int32_t v)
{
    TCGv_i32 t = tcg_temp_new_i32();
    tcg_gen_movi_i32(t, v);
    return t;
}

TCGv_i64 tcg_const_i64(int64_t v)
{
    TCGv_i64 t = tcg_temp_new_i64();
    tcg_gen_movi_i64(t, v);
    return t;
}

/* ---- generic emitters on TCGTemp, typed wrappers below ---- */

static void gen_mov(TCGType t, TCGTemp *r, TCGTemp *a)
{
    if (r != a) {
        op2(INDEX_op_mov, t, A(r), A(a));
    }
}

static void gen_movi(TCGType t, TCGTemp *r, int64_t v)
{
    op2(INDEX_op_mov, t, A(r), A(tcg_constant_internal(t, v)));
}

static void gen_unary(TCGOpcode opc, TCGType t, TCGTemp *r, TCGTemp *a)
{
    op2(opc, t, A(r), A(a));
}

static void gen_binary(TCGOpcode opc, TCGType t, TCGTemp *r, TCGTemp *a,
                       TCGTemp *b)
{
    op3(opc, t, A(r), A(a), A(b));
}

static TCGTemp *cst(TCGType t, int64_t v)
{
    return tcg_constant_internal(t, v);
}

static void gen_ctpop(TCGType t, TCGTemp *r, TCGTemp *a)
{
    gen_unary(INDEX_op_ctpop, t, r, a);
}

#define DEF_UNARY(name, opc) \
    void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a) \
    { gen_unary(opc, TCG_TYPE_I32, T32(ret), T32(a)); } \
    void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a) \
    { gen_unary(opc, TCG_TYPE_I64, T64(ret), T64(a)); }

DEF_UNARY(neg, INDEX_op_neg)
DEF_UNARY(not, INDEX_op_not)
DEF_UNARY(ext8s, INDEX_op_ext8s)
DEF_UNARY(ext8u, INDEX_op_ext8u)
DEF_UNARY(ext16s, INDEX_op_ext16s)
DEF_UNARY(ext16u, INDEX_op_ext16u)

void tcg_gen_mov_i32(TCGv_i32 ret, TCGv_i32 a)
{
    gen_mov(TCG_TYPE_I32, T32(ret), T32(a));
}

void tcg_gen_mov_i64(TCGv_i64 ret, TCGv_i64 a)
{
    gen_mov(TCG_TYPE_I64, T64(ret), T64(a));
}

void tcg_gen_ctpop_i32(TCGv_i32 ret, TCGv_i32 a)
{
    gen_ctpop(TCG_TYPE_I32, T32(ret), T32(a));
}

void tcg_gen_ctpop_i64(TCGv_i64 ret, TCGv_i64 a)
{
    gen_ctpop(TCG_TYPE_I64, T64(ret), T64(a));
}

void tcg_gen_ext32s_i64(TCGv_i64 ret, TCGv_i64 a)
{
    gen_unary(INDEX_op_ext32s, TCG_TYPE_I64, T64(ret), T64(a));
}

void tcg_gen_ext32u_i64(TCGv_i64 ret, TCGv_i64 a)
{
    gen_unary(INDEX_op_ext32u, TCG_TYPE_I64, T64(ret), T64(a));
}

void tcg_gen_movi_i32(TCGv_i32 ret, int32_t v)
{
    gen_movi(TCG_TYPE_I32, T32(ret), v);
}

void tcg_gen_movi_i64(TCGv_i64 ret, int64_t v)
{
    gen_movi(TCG_TYPE_I64, T64(ret), v);
}

#define DEF_BINARY(name, opc) \
    void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b) \
    { gen_binary(opc, TCG_TYPE_I32, T32(ret), T32(a), T32(b)); } \
    void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b) \
    { gen_binary(opc, TCG_TYPE_I64, T64(ret), T64(a), T64(b)); }

DEF_BINARY(add, INDEX_op_add)
DEF_BINARY(sub, INDEX_op_sub)
DEF_BINARY(mul, INDEX_op_mul)
DEF_BINARY(and, INDEX_op_and)
DEF_BINARY(or, INDEX_op_or)
DEF_BINARY(xor, INDEX_op_xor)
DEF_BINARY(andc, INDEX_op_andc)
DEF_BINARY(orc, INDEX_op_orc)
DEF_BINARY(eqv, INDEX_op_eqv)
DEF_BINARY(nand, INDEX_op_nand)
DEF_BINARY(nor, INDEX_op_nor)
DEF_BINARY(shl, INDEX_op_shl)
DEF_BINARY(shr, INDEX_op_shr)
DEF_BINARY(sar, INDEX_op_sar)
DEF_BINARY(rotl, INDEX_op_rotl)
DEF_BINARY(rotr, INDEX_op_rotr)
DEF_BINARY(div, INDEX_op_div)
DEF_BINARY(divu, INDEX_op_divu)
DEF_BINARY(rem, INDEX_op_rem)
DEF_BINARY(remu, INDEX_op_remu)
DEF_BINARY(clz, INDEX_op_clz)
DEF_BINARY(ctz, INDEX_op_ctz)

static void gen_mul_high(TCGOpcode opc, TCGType t, TCGTemp *r, TCGTemp *a,
                         TCGTemp *b)
{
    TCGTemp *lo = tcg_temp_new_internal(t, TEMP_EBB);
    op4(opc, t, A(lo), A(r), A(a), A(b));
    tcg_temp_free_internal(lo);
}

void tcg_gen_muluh_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_mul_high(INDEX_op_mulu2, TCG_TYPE_I32, T32(ret), T32(a), T32(b));
}

void tcg_gen_muluh_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_mul_high(INDEX_op_mulu2, TCG_TYPE_I64, T64(ret), T64(a), T64(b));
}

void tcg_gen_mulsh_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_mul_high(INDEX_op_muls2, TCG_TYPE_I32, T32(ret), T32(a), T32(b));
}

void tcg_gen_mulsh_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_mul_high(INDEX_op_muls2, TCG_TYPE_I64, T64(ret), T64(a), T64(b));
}

/*
 * Immediate forms.  An identity operand becomes a move; the rest is the
 * register form with a constant temp.
 */
static void gen_binaryi(TCGOpcode opc, TCGType t, TCGTemp *r, TCGTemp *a,
                        int64_t b)
{
    int width = t == TCG_TYPE_I32 ? 32 : 64;

    if (t == TCG_TYPE_I32) {
        b = (int32_t)b;
    }
    switch (opc) {
    case INDEX_op_add:
    case INDEX_op_sub:
    case INDEX_op_or:
    case INDEX_op_xor:
        if (b == 0) {
            gen_mov(t, r, a);
            return;
        }
        break;
    case INDEX_op_shl:
    case INDEX_op_shr:
    case INDEX_op_sar:
    case INDEX_op_rotl:
    case INDEX_op_rotr:
        b &= width - 1;
        if (b == 0) {
            gen_mov(t, r, a);
            return;
        }
        break;
    case INDEX_op_and:
        if (b == -1) {
            gen_mov(t, r, a);
            return;
        }
        if (b == 0) {
            gen_movi(t, r, 0);
            return;
        }
        break;
    case INDEX_op_mul:
        if (b == 1) {
            gen_mov(t, r, a);
            return;
        }
        if (b == 0) {
            gen_movi(t, r, 0);
            return;
        }
        break;
    default:
        break;
    }
    gen_binary(opc, t, r, a, cst(t, b));
}

#define DEF_BINARYI(name, opc) \
    void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b) \
    { gen_binaryi(opc, TCG_TYPE_I32, T32(ret), T32(a), b); } \
    void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b) \
    { gen_binaryi(opc, TCG_TYPE_I64, T64(ret), T64(a), b); }

DEF_BINARYI(addi, INDEX_op_add)
DEF_BINARYI(subi, INDEX_op_sub)
DEF_BINARYI(muli, INDEX_op_mul)
DEF_BINARYI(andi, INDEX_op_and)
DEF_BINARYI(ori, INDEX_op_or)
DEF_BINARYI(xori, INDEX_op_xor)
DEF_BINARYI(shli, INDEX_op_shl)
DEF_BINARYI(shri, INDEX_op_shr)
DEF_BINARYI(sari, INDEX_op_sar)
DEF_BINARYI(rotli, INDEX_op_rotl)
DEF_BINARYI(rotri, INDEX_op_rotr)

void tcg_gen_subfi_i32(TCGv_i32 ret, int32_t a, TCGv_i32 b)
{
    gen_binary(INDEX_op_sub, TCG_TYPE_I32, T32(ret), cst(TCG_TYPE_I32, a),
               T32(b));
}

void tcg_gen_subfi_i64(TCGv_i64 ret, int64_t a, TCGv_i64 b)
{
    gen_binary(INDEX_op_sub, TCG_TYPE_I64, T64(ret), cst(TCG_TYPE_I64, a),
               T64(b));
}

void tcg_gen_clzi_i32(TCGv_i32 ret, TCGv_i32 a, uint32_t b)
{
    gen_binary(INDEX_op_clz, TCG_TYPE_I32, T32(ret), T32(a),
               cst(TCG_TYPE_I32, (int32_t)b));
}

void tcg_gen_clzi_i64(TCGv_i64 ret, TCGv_i64 a, uint64_t b)
{
    gen_binary(INDEX_op_clz, TCG_TYPE_I64, T64(ret), T64(a),
               cst(TCG_TYPE_I64, b));
}

void tcg_gen_ctzi_i32(TCGv_i32 ret, TCGv_i32 a, uint32_t b)
{
    gen_binary(INDEX_op_ctz, TCG_TYPE_I32, T32(ret), T32(a),
               cst(TCG_TYPE_I32, (int32_t)b));
}

void tcg_gen_ctzi_i64(TCGv_i64 ret, TCGv_i64 a, uint64_t b)
{
    gen_binary(INDEX_op_ctz, TCG_TYPE_I64, T64(ret), T64(a),
               cst(TCG_TYPE_I64, b));
}

/* ---- double width ---- */

#define DEF_MUL2(name, opc) \
    void tcg_gen_##name##_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 a, \
                              TCGv_i32 b) \
    { op4(opc, TCG_TYPE_I32, A(T32(rl)), A(T32(rh)), A(T32(a)), \
          A(T32(b))); } \
    void tcg_gen_##name##_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 a, \
                              TCGv_i64 b) \
    { op4(opc, TCG_TYPE_I64, A(T64(rl)), A(T64(rh)), A(T64(a)), \
          A(T64(b))); }

DEF_MUL2(mulu2, INDEX_op_mulu2)
DEF_MUL2(muls2, INDEX_op_muls2)

#define DEF_ADD2(name, opc) \
    void tcg_gen_##name##_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, \
                              TCGv_i32 ah, TCGv_i32 bl, TCGv_i32 bh) \
    { op6(opc, TCG_TYPE_I32, A(T32(rl)), A(T32(rh)), A(T32(al)), \
          A(T32(ah)), A(T32(bl)), A(T32(bh))); } \
    void tcg_gen_##name##_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, \
                              TCGv_i64 ah, TCGv_i64 bl, TCGv_i64 bh) \
    { op6(opc, TCG_TYPE_I64, A(T64(rl)), A(T64(rh)), A(T64(al)), \
          A(T64(ah)), A(T64(bl)), A(T64(bh))); }

DEF_ADD2(add2, INDEX_op_add2)
DEF_ADD2(sub2, INDEX_op_sub2)

/* ---- bit fields ---- */

static void gen_extract(TCGOpcode opc, TCGType t, TCGTemp *r, TCGTemp *a,
                        unsigned ofs, unsigned len)
{
    unsigned width = t == TCG_TYPE_I32 ? 32 : 64;

    g_assert(len >= 1 && ofs < width && len <= width - ofs);
    if (len == width) {
        gen_mov(t, r, a);
        return;
    }
    op4(opc, t, A(r), A(a), ofs, len);
}

void tcg_gen_extract_i32(TCGv_i32 ret, TCGv_i32 a, unsigned ofs, unsigned len)
{
    gen_extract(INDEX_op_extract, TCG_TYPE_I32, T32(ret), T32(a), ofs, len);
}

void tcg_gen_extract_i64(TCGv_i64 ret, TCGv_i64 a, unsigned ofs, unsigned len)
{
    gen_extract(INDEX_op_extract, TCG_TYPE_I64, T64(ret), T64(a), ofs, len);
}

void tcg_gen_sextract_i32(TCGv_i32 ret, TCGv_i32 a, unsigned ofs,
                          unsigned len)
{
    gen_extract(INDEX_op_sextract, TCG_TYPE_I32, T32(ret), T32(a), ofs, len);
}

void tcg_gen_sextract_i64(TCGv_i64 ret, TCGv_i64 a, unsigned ofs,
                          unsigned len)
{
    gen_extract(INDEX_op_sextract, TCG_TYPE_I64, T64(ret), T64(a), ofs, len);
}

static void gen_deposit(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b,
                        unsigned ofs, unsigned len)
{
    unsigned width = t == TCG_TYPE_I32 ? 32 : 64;

    g_assert(len >= 1 && ofs < width && len <= width - ofs);
    if (len == width) {
        gen_mov(t, r, b);
        return;
    }
    op5(INDEX_op_deposit, t, A(r), A(a), A(b), ofs, len);
}

void tcg_gen_deposit_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b, unsigned ofs,
                         unsigned len)
{
    gen_deposit(TCG_TYPE_I32, T32(ret), T32(a), T32(b), ofs, len);
}

void tcg_gen_deposit_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b, unsigned ofs,
                         unsigned len)
{
    gen_deposit(TCG_TYPE_I64, T64(ret), T64(a), T64(b), ofs, len);
}

void tcg_gen_bswap16_i32(TCGv_i32 ret, TCGv_i32 a, int flags)
{
    op3(INDEX_op_bswap16, TCG_TYPE_I32, A(T32(ret)), A(T32(a)), flags);
}

void tcg_gen_bswap16_i64(TCGv_i64 ret, TCGv_i64 a, int flags)
{
    op3(INDEX_op_bswap16, TCG_TYPE_I64, A(T64(ret)), A(T64(a)), flags);
}

void tcg_gen_bswap32_i32(TCGv_i32 ret, TCGv_i32 a)
{
    op3(INDEX_op_bswap32, TCG_TYPE_I32, A(T32(ret)), A(T32(a)), 0);
}

void tcg_gen_bswap32_i64(TCGv_i64 ret, TCGv_i64 a, int flags)
{
    op3(INDEX_op_bswap32, TCG_TYPE_I64, A(T64(ret)), A(T64(a)), flags);
}

void tcg_gen_bswap64_i64(TCGv_i64 ret, TCGv_i64 a)
{
    op3(INDEX_op_bswap64, TCG_TYPE_I64, A(T64(ret)), A(T64(a)), 0);
}

/* ---- comparisons and branches ---- */

static void gen_setcond(TCGOpcode opc, TCGType t, TCGCond c, TCGTemp *r,
                        TCGTemp *a, TCGTemp *b)
{
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        int64_t v = c == TCG_COND_ALWAYS;
        gen_movi(t, r, opc == INDEX_op_negsetcond ? -v : v);
        return;
    }
    op4(opc, t, A(r), A(a), A(b), c);
}

void tcg_gen_setcond_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_setcond(INDEX_op_setcond, TCG_TYPE_I32, c, T32(ret), T32(a), T32(b));
}

void tcg_gen_setcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_setcond(INDEX_op_setcond, TCG_TYPE_I64, c, T64(ret), T64(a), T64(b));
}

void tcg_gen_setcondi_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 a, int32_t b)
{
    gen_setcond(INDEX_op_setcond, TCG_TYPE_I32, c, T32(ret), T32(a),
                cst(TCG_TYPE_I32, b));
}

void tcg_gen_setcondi_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, int64_t b)
{
    gen_setcond(INDEX_op_setcond, TCG_TYPE_I64, c, T64(ret), T64(a),
                cst(TCG_TYPE_I64, b));
}

void tcg_gen_negsetcond_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_setcond(INDEX_op_negsetcond, TCG_TYPE_I32, c, T32(ret), T32(a),
                T32(b));
}

void tcg_gen_negsetcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_setcond(INDEX_op_negsetcond, TCG_TYPE_I64, c, T64(ret), T64(a),
                T64(b));
}

static void gen_movcond(TCGType t, TCGCond c, TCGTemp *r, TCGTemp *c1,
                        TCGTemp *c2, TCGTemp *v1, TCGTemp *v2)
{
    if (c == TCG_COND_ALWAYS) {
        gen_mov(t, r, v1);
    } else if (c == TCG_COND_NEVER) {
        gen_mov(t, r, v2);
    } else {
        op6(INDEX_op_movcond, t, A(r), A(c1), A(c2), A(v1), A(v2), c);
    }
}

void tcg_gen_movcond_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2)
{
    gen_movcond(TCG_TYPE_I32, c, T32(ret), T32(c1), T32(c2), T32(v1),
                T32(v2));
}

void tcg_gen_movcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2)
{
    gen_movcond(TCG_TYPE_I64, c, T64(ret), T64(c1), T64(c2), T64(v1),
                T64(v2));
}

static void gen_brcond(TCGType t, TCGCond c, TCGTemp *a, TCGTemp *b,
                       TCGLabel *l)
{
    if (c == TCG_COND_ALWAYS) {
        tcg_gen_br(l);
    } else if (c != TCG_COND_NEVER) {
        l->refs = true;
        op4(INDEX_op_brcond, t, A(a), A(b), c, (TCGArg)(uintptr_t)l);
    }
}

void tcg_gen_brcond_i32(TCGCond c, TCGv_i32 a, TCGv_i32 b, TCGLabel *l)
{
    gen_brcond(TCG_TYPE_I32, c, T32(a), T32(b), l);
}

void tcg_gen_brcond_i64(TCGCond c, TCGv_i64 a, TCGv_i64 b, TCGLabel *l)
{
    gen_brcond(TCG_TYPE_I64, c, T64(a), T64(b), l);
}

void tcg_gen_brcondi_i32(TCGCond c, TCGv_i32 a, int32_t b, TCGLabel *l)
{
    gen_brcond(TCG_TYPE_I32, c, T32(a), cst(TCG_TYPE_I32, b), l);
}

void tcg_gen_brcondi_i64(TCGCond c, TCGv_i64 a, int64_t b, TCGLabel *l)
{
    gen_brcond(TCG_TYPE_I64, c, T64(a), cst(TCG_TYPE_I64, b), l);
}

void tcg_gen_br(TCGLabel *l)
{
    l->refs = true;
    op1(INDEX_op_br, TCG_TYPE_I64, (TCGArg)(uintptr_t)l);
}

void gen_set_label(TCGLabel *l)
{
    l->present = true;
    op1(INDEX_op_set_label, TCG_TYPE_I64, (TCGArg)(uintptr_t)l);
}

/* ---- conversions ---- */

void tcg_gen_ext_i32_i64(TCGv_i64 ret, TCGv_i32 a)
{
    op2(INDEX_op_ext_i32_i64, TCG_TYPE_I64, A(T64(ret)), A(T32(a)));
}

void tcg_gen_extu_i32_i64(TCGv_i64 ret, TCGv_i32 a)
{
    op2(INDEX_op_extu_i32_i64, TCG_TYPE_I64, A(T64(ret)), A(T32(a)));
}

void tcg_gen_extrl_i64_i32(TCGv_i32 ret, TCGv_i64 a)
{
    op2(INDEX_op_extrl_i64_i32, TCG_TYPE_I32, A(T32(ret)), A(T64(a)));
}

void tcg_gen_extrh_i64_i32(TCGv_i32 ret, TCGv_i64 a)
{
    op2(INDEX_op_extrh_i64_i32, TCG_TYPE_I32, A(T32(ret)), A(T64(a)));
}

void tcg_gen_concat_i32_i64(TCGv_i64 ret, TCGv_i32 lo, TCGv_i32 hi)
{
    TCGv_i64 t = tcg_temp_ebb_new_i64();

    tcg_gen_extu_i32_i64(t, lo);
    tcg_gen_extu_i32_i64(ret, hi);
    tcg_gen_deposit_i64(ret, t, ret, 32, 32);
    tcg_temp_free_i64(t);
}

void tcg_gen_extr_i64_i32(TCGv_i32 lo, TCGv_i32 hi, TCGv_i64 a)
{
    tcg_gen_extrh_i64_i32(hi, a);
    tcg_gen_extrl_i64_i32(lo, a);
}

/* ---- CPU state ---- */

static inline TCGTemp *t32(TCGv_i32 v)
{
    return T32(v);
}

static inline TCGTemp *t64(TCGv_i64 v)
{
    return T64(v);
}

static void gen_ldst(TCGOpcode opc, TCGType t, TCGTemp *v, TCGv_ptr base,
                     intptr_t ofs)
{
    op3(opc, t, A(v), A(TP(base)), (TCGArg)ofs);
}

#define LD32(name, opc) \
    void tcg_gen_##name##_i32(TCGv_i32 v, TCGv_ptr b, intptr_t o) \
    { gen_ldst(opc, TCG_TYPE_I32, t32(v), b, o); }
#define LD64(name, opc) \
    void tcg_gen_##name##_i64(TCGv_i64 v, TCGv_ptr b, intptr_t o) \
    { gen_ldst(opc, TCG_TYPE_I64, t64(v), b, o); }

LD32(ld8u, INDEX_op_ld8u)
LD32(ld8s, INDEX_op_ld8s)
LD32(ld16u, INDEX_op_ld16u)
LD32(ld16s, INDEX_op_ld16s)
LD32(ld, INDEX_op_ld)
LD32(st8, INDEX_op_st8)
LD32(st16, INDEX_op_st16)
LD32(st, INDEX_op_st)
LD64(ld8u, INDEX_op_ld8u)
LD64(ld8s, INDEX_op_ld8s)
LD64(ld16u, INDEX_op_ld16u)
LD64(ld16s, INDEX_op_ld16s)
LD64(ld32u, INDEX_op_ld32u)
LD64(ld32s, INDEX_op_ld32s)
LD64(ld, INDEX_op_ld)
LD64(st8, INDEX_op_st8)
LD64(st16, INDEX_op_st16)
LD64(st32, INDEX_op_st32)
LD64(st, INDEX_op_st)

void tcg_gen_mov_ptr(TCGv_ptr ret, TCGv_ptr a)
{
    gen_mov(TCG_TYPE_PTR, TP(ret), TP(a));
}

void tcg_gen_movi_ptr(TCGv_ptr ret, intptr_t v)
{
    gen_movi(TCG_TYPE_PTR, TP(ret), v);
}

void tcg_gen_ld_ptr(TCGv_ptr ret, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(INDEX_op_ld, TCG_TYPE_PTR, TP(ret), base, ofs);
}

void tcg_gen_st_ptr(TCGv_ptr val, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(INDEX_op_st, TCG_TYPE_PTR, TP(val), base, ofs);
}

void tcg_gen_add_ptr(TCGv_ptr ret, TCGv_ptr a, TCGv_ptr b)
{
    gen_binary(INDEX_op_add, TCG_TYPE_PTR, TP(ret), TP(a), TP(b));
}

void tcg_gen_addi_ptr(TCGv_ptr ret, TCGv_ptr a, intptr_t b)
{
    gen_binaryi(INDEX_op_add, TCG_TYPE_PTR, TP(ret), TP(a), b);
}

void tcg_gen_ext_i32_ptr(TCGv_ptr ret, TCGv_i32 a)
{
    op2(INDEX_op_ext_i32_i64, TCG_TYPE_I64, A(TP(ret)), A(T32(a)));
}

void tcg_gen_extu_i32_ptr(TCGv_ptr ret, TCGv_i32 a)
{
    op2(INDEX_op_extu_i32_i64, TCG_TYPE_I64, A(TP(ret)), A(T32(a)));
}

/* ---- guest memory ---- */

static MemOp canonical_memop(MemOp mop, TCGType t, bool is_ld)
{
    unsigned size = mop & MO_SIZE;

    if (size == MO_8) {
        mop &= ~MO_BSWAP;
    }
    if (t == TCG_TYPE_I32) {
        g_assert(size != MO_64);
        if (size == MO_32) {
            mop &= ~MO_SIGN;
        }
    } else if (size == MO_64) {
        mop &= ~MO_SIGN;
    }
    if (!is_ld) {
        mop &= ~MO_SIGN;
    }
    return mop;
}

static void gen_qemu_ldst(TCGOpcode opc, TCGType t, TCGTemp *v, TCGTemp *a,
                          unsigned idx, MemOp mop)
{
    mop = canonical_memop(mop, t, opc == INDEX_op_qemu_ld);
    op3(opc, t, A(v), A(a), make_memop_idx(mop, idx));
}

void tcg_gen_qemu_ld_i32(TCGv_i32 val, TCGv_i64 addr, unsigned idx,
                         MemOp memop)
{
    gen_qemu_ldst(INDEX_op_qemu_ld, TCG_TYPE_I32, T32(val), T64(addr), idx,
                  memop);
}

void tcg_gen_qemu_ld_i64(TCGv_i64 val, TCGv_i64 addr, unsigned idx,
                         MemOp memop)
{
    gen_qemu_ldst(INDEX_op_qemu_ld, TCG_TYPE_I64, T64(val), T64(addr), idx,
                  memop);
}

void tcg_gen_qemu_st_i32(TCGv_i32 val, TCGv_i64 addr, unsigned idx,
                         MemOp memop)
{
    gen_qemu_ldst(INDEX_op_qemu_st, TCG_TYPE_I32, T32(val), T64(addr), idx,
                  memop);
}

void tcg_gen_qemu_st_i64(TCGv_i64 val, TCGv_i64 addr, unsigned idx,
                         MemOp memop)
{
    gen_qemu_ldst(INDEX_op_qemu_st, TCG_TYPE_I64, T64(val), T64(addr), idx,
                  memop);
}

/* ---- calls and control ---- */

void tcg_gen_callN(const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                   TCGTemp **args)
{
    TCGOp *op;
    int n = 0;

    g_assert(nargs >= 0 && nargs <= TCG_MAX_CALL_ARGS);
    op = tcg_emit_op(INDEX_op_call, ret ? ret->type : TCG_TYPE_I64,
                     (ret != NULL) + nargs + 2);
    op->callo = ret != NULL;
    op->calli = nargs;
    if (ret) {
        op->args[n++] = A(ret);
    }
    for (int i = 0; i < nargs; i++) {
        op->args[n++] = A(args[i]);
    }
    op->args[n++] = (TCGArg)(uintptr_t)info->func;
    op->args[n++] = (TCGArg)(uintptr_t)info;
}

void tcg_gen_discard_i32(TCGv_i32 a)
{
    op1(INDEX_op_discard, TCG_TYPE_I32, A(T32(a)));
}

void tcg_gen_discard_i64(TCGv_i64 a)
{
    op1(INDEX_op_discard, TCG_TYPE_I64, A(T64(a)));
}

void tcg_gen_mb(unsigned bar)
{
    op1(INDEX_op_mb, TCG_TYPE_I64, bar);
}

void tcg_gen_insn_start(uint64_t pc, uint64_t extra)
{
    op2(INDEX_op_insn_start, TCG_TYPE_I64, pc, extra);
    tcg_ctx->nb_insns++;
}

void tcg_gen_exit_tb(const struct TranslationBlock *tb, unsigned idx)
{
    op1(INDEX_op_exit_tb, TCG_TYPE_I64, (uintptr_t)tb + idx);
}

void tcg_gen_goto_tb(unsigned idx)
{
    g_assert(idx < 2);
    op1(INDEX_op_goto_tb, TCG_TYPE_I64, idx);
}

void tcg_gen_goto_ptr(TCGv_ptr ptr)
{
    op1(INDEX_op_goto_ptr, TCG_TYPE_I64, A(TP(ptr)));
}

void tcg_set_lookup_tb_helper(const TCGHelperInfo *info)
{
    lookup_tb_info = info;
}

void tcg_gen_lookup_and_goto_ptr(void)
{
    TCGTemp *ptr, *env = TP(tcg_env);

    if (!lookup_tb_info) {
        tcg_gen_exit_tb(NULL, 0);
        return;
    }
    ptr = tcg_temp_new_internal(TCG_TYPE_PTR, TEMP_EBB);
    tcg_gen_callN(lookup_tb_info, ptr, 1, &env);
    op1(INDEX_op_goto_ptr, TCG_TYPE_I64, A(ptr));
    tcg_temp_free_internal(ptr);
}

void tcg_gen_sse_op(TCGv_ptr base, intptr_t dofs, intptr_t sofs,
                    unsigned code)
{
    g_assert(tcg_sse_op_supported(code));
    op4(INDEX_op_sse_op, TCG_TYPE_I64, A(TP(base)), dofs, sofs, code);
}

void tcg_gen_sse_movmsk(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs)
{
    op3(INDEX_op_sse_movmsk, TCG_TYPE_I64, A(T64(ret)), A(TP(base)), ofs);
}

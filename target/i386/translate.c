/*
 * The x86-64 frontend: decodes guest instructions and emits TCG IR.
 *
 * Decoding: prefixes, then a one-byte or 0F-escaped opcode dispatched by a
 * switch; the regular ALU group is driven by a table of operand forms.
 * ModRM/SIB/displacements and RIP-relative addresses are resolved by
 * gen_lea_modrm() into one address temp.
 *
 * Flags are lazy: an instruction records cc_op (known at translate time in
 * DisasContext.cc_op, written to the cc_op global only when needed) and
 * the cc_dst/cc_src/cc_src2 globals; conditions are evaluated from them,
 * inline for the common producers (SUB/CMP, LOGIC/TEST, ADD, INC/DEC).
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "tcg/tcg-op.h"
#include "exec/translator.h"
#include "cpu.h"
#include "helper.h"
#include "translate.h"
#include "disas/disas.h"

/* ---- globals ---- */

static TCGv_i64 cpu_regs[CPU_NB_REGS];
static TCGv_i64 cpu_eip, cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
static TCGv_i32 cpu_cc_op;

#define DEF_HELPER(nm, fl) \
    static const TCGHelperInfo hi_##nm = { \
        .func = (void *)helper_##nm, .name = #nm, .flags = (fl) };

DEF_HELPER(raise_exception, TCG_CALL_NO_WG)
DEF_HELPER(syscall, TCG_CALL_NO_WG)
DEF_HELPER(cc_compute_all, TCG_CALL_NO_RWG_SE)
DEF_HELPER(cc_compute_c, TCG_CALL_NO_RWG_SE)
DEF_HELPER(read_eflags, 0)
DEF_HELPER(write_eflags, 0)
DEF_HELPER(div, TCG_CALL_NO_WG)
DEF_HELPER(idiv, TCG_CALL_NO_WG)
DEF_HELPER(div_slow, 0)
DEF_HELPER(rotate, 0)
DEF_HELPER(shld, 0)
DEF_HELPER(cpuid, 0)
DEF_HELPER(rdtsc, 0)
DEF_HELPER(string, 0)
DEF_HELPER(cmpxchg8b, 0)
DEF_HELPER(cmpxchg16b, 0)
DEF_HELPER(pdep, TCG_CALL_NO_RWG_SE)
DEF_HELPER(pext, TCG_CALL_NO_RWG_SE)
DEF_HELPER(atomic_rmw, TCG_CALL_NO_WG)
DEF_HELPER(atomic_cmpxchg, TCG_CALL_NO_WG)

void gen_call(const TCGHelperInfo *info, TCGv_i64 ret, int n, ...)
{
    TCGTemp *args[TCG_MAX_CALL_ARGS];
    va_list ap;

    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        args[i] = tcgv_i64_temp(va_arg(ap, TCGv_i64));
    }
    va_end(ap);
    tcg_gen_callN(info, ret ? tcgv_i64_temp(ret) : NULL, n, args);
}

#define ENV ((TCGv_i64)tcg_env)
#define C(v) tcg_constant_i64(v)

void x86_translate_init(void)
{
    static const char *names[CPU_NB_REGS] = {
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
    };

    for (int i = 0; i < CPU_NB_REGS; i++) {
        cpu_regs[i] = tcg_global_mem_new_i64(tcg_env,
                          offsetof(CPUX86State, regs[i]), names[i]);
    }
    cpu_eip = tcg_global_mem_new_i64(tcg_env, offsetof(CPUX86State, eip),
                                     "rip");
    cpu_cc_dst = tcg_global_mem_new_i64(tcg_env,
                                        offsetof(CPUX86State, cc_dst), "cc_dst");
    cpu_cc_src = tcg_global_mem_new_i64(tcg_env,
                                        offsetof(CPUX86State, cc_src), "cc_src");
    cpu_cc_src2 = tcg_global_mem_new_i64(tcg_env,
                                         offsetof(CPUX86State, cc_src2),
                                         "cc_src2");
    cpu_cc_op = tcg_global_mem_new_i32(tcg_env,
                                       offsetof(CPUX86State, cc_op), "cc_op");
}

/* ---- code fetch ---- */

static void gen_exception(DisasContext *s, int intno);

/*
 * An instruction longer than 15 bytes raises #GP.  A fetch reaching into
 * another page than the insn's start, one that cannot be read now, ends
 * the TB before the insn (unless it is the first): the insn is translated
 * again as the start of its own TB, so the fault fetching its second page
 * is not raised before the earlier insns of this TB have run.
 */
static bool check_len(DisasContext *s, int n)
{
    uint64_t last = s->pc + n - 1;

    if (s->pc + n - s->insn_pc > 15) {
        siglongjmp(s->jmpbuf, 2);
    }
    if (s->base.num_insns > 1 && ((last ^ s->insn_pc) & ~(uint64_t)0xfff) &&
        !translator_code_readable(s->cs, last)) {
        siglongjmp(s->jmpbuf, 3);
    }
    return true;
}

/* the next code byte, not consumed */
uint8_t x86_peek_code(DisasContext *s)
{
    check_len(s, 1);
    return translator_ldub(s->cs, &s->base, s->pc);
}

uint8_t x86_ldub_code(DisasContext *s)
{
    check_len(s, 1);
    return translator_ldub(s->cs, &s->base, s->pc++);
}

uint16_t x86_lduw_code(DisasContext *s)
{
    uint16_t v;

    check_len(s, 2);
    v = translator_lduw(s->cs, &s->base, s->pc);
    s->pc += 2;
    return v;
}

uint32_t x86_ldl_code(DisasContext *s)
{
    uint32_t v;

    check_len(s, 4);
    v = translator_ldl(s->cs, &s->base, s->pc);
    s->pc += 4;
    return v;
}

static uint64_t x86_ldq_code(DisasContext *s)
{
    uint64_t v;

    check_len(s, 8);
    v = translator_ldq(s->cs, &s->base, s->pc);
    s->pc += 8;
    return v;
}

/* an immediate of size @ot (64-bit: 32 bits sign-extended) */
static int64_t insn_get(DisasContext *s, MemOp ot)
{
    switch (ot) {
    case MO_8: return (int8_t)x86_ldub_code(s);
    case MO_16: return (int16_t)x86_lduw_code(s);
    default: return (int32_t)x86_ldl_code(s);
    }
}

static int imm_size(MemOp ot)
{
    return ot == MO_64 ? 4 : 1 << ot;
}

/* ---- cc_op tracking ---- */

void gen_update_cc_op(DisasContext *s)
{
    if (s->cc_op_dirty) {
        tcg_gen_movi_i32(cpu_cc_op, s->cc_op);
        s->cc_op_dirty = false;
    }
}

/* which of cc_dst, cc_src and cc_src2 the flags of @op are computed from */
enum { USES_DST = 1, USES_SRC = 2, USES_SRC2 = 4 };

static int cc_op_uses(int op)
{
    if (CC_OP_IS_ROT(op)) {
        return cc_op_uses(CC_OP_ROT_BASE(op)) | USES_SRC2;
    }
    if (op == CC_OP_EFLAGS || op == CC_OP_POPCNT) {
        return USES_SRC;
    }
    if (op >= CC_OP_LOGICB && op <= CC_OP_LOGICQ) {
        return USES_DST;
    }
    if ((op >= CC_OP_MULB && op <= CC_OP_ADDQ) ||
        (op >= CC_OP_SUBB && op <= CC_OP_SUBQ) ||
        (op >= CC_OP_INCB && op < CC_OP_POPCNT)) {
        return USES_DST | USES_SRC;
    }
    return USES_DST | USES_SRC | USES_SRC2;     /* DYNAMIC, ADC, SBB */
}

/*
 * The flags producer is now @op.  The cc globals the old op needed and
 * the new one does not are discarded, so the last value written to them
 * is not kept alive (and stored at the TB end) for nothing.  Callers
 * switch the op after any access of the insn that may fault.
 */
void set_cc_op(DisasContext *s, int op)
{
    int dead;

    if (s->cc_op == op) {
        return;
    }
    dead = cc_op_uses(s->cc_op) & ~cc_op_uses(op);
    if (dead & USES_DST) {
        tcg_gen_discard_i64(cpu_cc_dst);
    }
    if (dead & USES_SRC) {
        tcg_gen_discard_i64(cpu_cc_src);
    }
    if (dead & USES_SRC2) {
        tcg_gen_discard_i64(cpu_cc_src2);
    }
    s->cc_op = op;
    s->cc_op_dirty = op != CC_OP_DYNAMIC;
}

/* the cc_op as a value (the constant when known) */
static TCGv_i64 cc_op_value(DisasContext *s)
{
    TCGv_i64 t;

    if (s->cc_op != CC_OP_DYNAMIC) {
        return C(s->cc_op);
    }
    t = tcg_temp_new_i64();
    tcg_gen_extu_i32_i64(t, cpu_cc_op);
    return t;
}

/* make cc_src hold EFLAGS' arithmetic bits (CC_OP_EFLAGS) */
void gen_compute_eflags(DisasContext *s)
{
    if (s->cc_op == CC_OP_EFLAGS) {
        return;
    }
    gen_call(&hi_cc_compute_all, cpu_cc_src, 4, cpu_cc_dst, cpu_cc_src,
             cpu_cc_src2, cc_op_value(s));
    set_cc_op(s, CC_OP_EFLAGS);
}

static int cc_size(int op)
{
    return (op - CC_OP_MULB) & 3;
}

static bool cc_is(int op, int base)
{
    return op >= base && op < base + 4;
}

/* sign/zero-extend @src of size @ot into a new temp */
TCGv_i64 gen_ext(MemOp ot, TCGv_i64 src, bool sign)
{
    TCGv_i64 t = tcg_temp_new_i64();

    switch (ot) {
    case MO_8:
        sign ? tcg_gen_ext8s_i64(t, src) : tcg_gen_ext8u_i64(t, src);
        break;
    case MO_16:
        sign ? tcg_gen_ext16s_i64(t, src) : tcg_gen_ext16u_i64(t, src);
        break;
    case MO_32:
        sign ? tcg_gen_ext32s_i64(t, src) : tcg_gen_ext32u_i64(t, src);
        break;
    default:
        tcg_gen_mov_i64(t, src);
        break;
    }
    return t;
}

/* CF as 0/1 into a new temp */
static TCGv_i64 gen_compute_c(DisasContext *s)
{
    TCGv_i64 t = tcg_temp_new_i64();
    int op = s->cc_op;

    if (cc_is(op, CC_OP_SUBB)) {
        MemOp ot = cc_size(op);
        TCGv_i64 s1 = tcg_temp_new_i64();
        tcg_gen_add_i64(s1, cpu_cc_dst, cpu_cc_src);
        tcg_gen_setcond_i64(TCG_COND_LTU, t, gen_ext(ot, s1, false),
                            gen_ext(ot, cpu_cc_src, false));
    } else if (cc_is(op, CC_OP_ADDB)) {
        MemOp ot = cc_size(op);
        tcg_gen_setcond_i64(TCG_COND_LTU, t, gen_ext(ot, cpu_cc_dst, false),
                            gen_ext(ot, cpu_cc_src, false));
    } else if (cc_is(op, CC_OP_LOGICB)) {
        tcg_gen_movi_i64(t, 0);
    } else if (cc_is(op, CC_OP_INCB) || cc_is(op, CC_OP_DECB)) {
        tcg_gen_andi_i64(t, cpu_cc_src, 1);
    } else if (cc_is(op, CC_OP_MULB)) {
        tcg_gen_setcondi_i64(TCG_COND_NE, t, cpu_cc_src, 0);
    } else if (cc_is(op, CC_OP_SHLB)) {
        /* the last bit shifted out: the MSB of the value shifted by n - 1 */
        tcg_gen_extract_i64(t, cpu_cc_src, (8 << cc_size(op)) - 1, 1);
    } else if (cc_is(op, CC_OP_SARB)) {
        tcg_gen_andi_i64(t, cpu_cc_src, 1);
    } else if (cc_is(op, CC_OP_ADCB) || cc_is(op, CC_OP_SBBB)) {
        /*
         * a + b + c (ADC: dst is the sum) carries, and a - b - c (SBB: a is
         * dst + b + c) borrows, when a (ADC: dst) is below b, or equal to
         * it with a carry in.
         */
        MemOp ot = cc_size(op);
        TCGv_i64 a = tcg_temp_new_i64(), lt = tcg_temp_new_i64();
        TCGv_i64 b = gen_ext(ot, cpu_cc_src, false);
        if (cc_is(op, CC_OP_ADCB)) {
            tcg_gen_mov_i64(a, cpu_cc_dst);
        } else {
            tcg_gen_add_i64(a, cpu_cc_dst, cpu_cc_src);
            tcg_gen_add_i64(a, a, cpu_cc_src2);
        }
        a = gen_ext(ot, a, false);
        tcg_gen_setcond_i64(TCG_COND_LTU, lt, a, b);
        tcg_gen_setcond_i64(TCG_COND_LEU, t, a, b);
        tcg_gen_movcond_i64(TCG_COND_NE, t, cpu_cc_src2, C(0), t, lt);
    } else if (op == CC_OP_EFLAGS) {
        tcg_gen_andi_i64(t, cpu_cc_src, CC_C);
    } else if (CC_OP_IS_ROT(op)) {
        /* ROL: bit 0 of the result; ROR: its MSB */
        if (CC_OP_ROT_RIGHT(op)) {
            tcg_gen_extract_i64(t, cpu_cc_src2, (8 << CC_OP_ROT_SIZE(op)) - 1,
                                1);
        } else {
            tcg_gen_andi_i64(t, cpu_cc_src2, 1);
        }
    } else {
        gen_call(&hi_cc_compute_c, t, 4, cpu_cc_dst, cpu_cc_src, cpu_cc_src2,
                 cc_op_value(s));
    }
    return t;
}

/* does cc_dst hold the result of size cc_size(op) (for ZF and SF)? */
static bool cc_has_result(int op)
{
    return op >= CC_OP_ADDB && op < CC_OP_POPCNT && !cc_is(op, CC_OP_MULB);
}

/*
 * Condition @b (the low nibble of Jcc) as a comparison "a cond b" when the
 * flags producer allows it without computing EFLAGS; false otherwise.
 */
static bool gen_prepare_cc(DisasContext *s, int b, TCGCond *cond,
                           TCGv_i64 *ca, TCGv_i64 *cb)
{
    int op = s->cc_op, jcc = (b >> 1) & 7;
    TCGCond c;

    if (cc_is(op, CC_OP_SUBB) && jcc != 0 && jcc != 5) {
        MemOp ot = cc_size(op);
        TCGv_i64 s1 = tcg_temp_new_i64();
        bool sign = jcc == 6 || jcc == 7;

        switch (jcc) {
        case 1: c = TCG_COND_LTU; break;    /* B */
        case 2: c = TCG_COND_EQ; break;     /* Z */
        case 3: c = TCG_COND_LEU; break;    /* BE */
        case 4:                             /* S */
            *ca = gen_ext(ot, cpu_cc_dst, true);
            *cb = tcg_constant_i64(0);
            c = TCG_COND_LT;
            goto done;
        case 6: c = TCG_COND_LT; break;     /* L */
        default: c = TCG_COND_LE; break;    /* LE */
        }
        if (jcc == 2) {
            *ca = gen_ext(ot, cpu_cc_dst, false);
            *cb = tcg_constant_i64(0);
            goto done;
        }
        tcg_gen_add_i64(s1, cpu_cc_dst, cpu_cc_src);
        *ca = gen_ext(ot, s1, sign);
        *cb = gen_ext(ot, cpu_cc_src, sign);
        goto done;
    }
    if (cc_is(op, CC_OP_ADDB) && (jcc == 0 || jcc == 6 || jcc == 7)) {
        /*
         * O, L, LE after dst = a + src: OF is the sign of
         * (a ^ dst) & (src ^ dst), SF ^ OF that of the same xor dst.
         */
        MemOp ot = cc_size(op);
        TCGv_i64 a = tcg_temp_new_i64(), o = tcg_temp_new_i64();
        TCGv_i64 x = tcg_temp_new_i64();

        tcg_gen_sub_i64(a, cpu_cc_dst, cpu_cc_src);
        tcg_gen_xor_i64(o, a, cpu_cc_dst);
        tcg_gen_xor_i64(x, cpu_cc_src, cpu_cc_dst);
        tcg_gen_and_i64(o, o, x);
        if (jcc != 0) {
            tcg_gen_xor_i64(o, o, cpu_cc_dst);
        }
        *ca = gen_ext(ot, o, true);
        *cb = tcg_constant_i64(0);
        c = TCG_COND_LT;
        if (jcc == 7) {
            /* or ZF: one 0/1 value */
            TCGv_i64 z = tcg_temp_new_i64(), l = tcg_temp_new_i64();
            tcg_gen_setcondi_i64(TCG_COND_LT, l, *ca, 0);
            tcg_gen_setcondi_i64(TCG_COND_EQ, z,
                                 gen_ext(ot, cpu_cc_dst, false), 0);
            tcg_gen_or_i64(l, l, z);
            *ca = l;
            c = TCG_COND_NE;
        }
        goto done;
    }
    if (cc_is(op, CC_OP_LOGICB)) {
        MemOp ot = cc_size(op);
        switch (jcc) {
        case 2: case 3:                     /* Z, BE */
            *ca = gen_ext(ot, cpu_cc_dst, false);
            c = TCG_COND_EQ;
            break;
        case 4: case 6:                     /* S, L */
            *ca = gen_ext(ot, cpu_cc_dst, true);
            c = TCG_COND_LT;
            break;
        case 7:                             /* LE */
            *ca = gen_ext(ot, cpu_cc_dst, true);
            c = TCG_COND_LE;
            break;
        default:
            return false;
        }
        *cb = tcg_constant_i64(0);
        goto done;
    }
    if (cc_is(op, CC_OP_MULB) && (jcc == 0 || jcc == 1)) {
        /* CF = OF = the product did not fit */
        *ca = cpu_cc_src;
        *cb = tcg_constant_i64(0);
        c = TCG_COND_NE;
        goto done;
    }
    if ((cc_is(op, CC_OP_INCB) || cc_is(op, CC_OP_DECB)) &&
        (jcc == 6 || jcc == 7)) {
        /*
         * L, LE of INC: the operand a = dst - 1 below (or equal to) -1;
         * of DEC: a = dst + 1 below (or equal to) 1.
         */
        bool inc = cc_is(op, CC_OP_INCB);
        TCGv_i64 a = tcg_temp_new_i64();
        tcg_gen_addi_i64(a, cpu_cc_dst, inc ? -1 : 1);
        *ca = gen_ext(cc_size(op), a, true);
        *cb = tcg_constant_i64(inc ? -1 : 1);
        c = jcc == 6 ? TCG_COND_LT : TCG_COND_LE;
        goto done;
    }
    if (CC_OP_IS_ROT(op) && (jcc == 0 || jcc == 1)) {
        /*
         * O, B after a rotate, from its result r of @bits bits: ROL:
         * CF = r[0], OF = r[0] ^ r[MSB]; ROR: CF = r[MSB],
         * OF = r[MSB] ^ r[MSB - 1].
         */
        int bits = 8 << CC_OP_ROT_SIZE(op);
        bool right = CC_OP_ROT_RIGHT(op);
        TCGv_i64 r = cpu_cc_src2;
        uint64_t bit = right ? 1ull << (bits - 1) : 1;
        *ca = tcg_temp_new_i64();
        if (jcc == 0) {
            TCGv_i64 x = tcg_temp_new_i64();
            if (right) {
                tcg_gen_shli_i64(x, r, 1);
            } else {
                tcg_gen_shri_i64(x, r, bits - 1);
            }
            tcg_gen_xor_i64(*ca, x, r);
            r = *ca;
        }
        tcg_gen_andi_i64(*ca, r, bit);
        *cb = tcg_constant_i64(0);
        c = TCG_COND_NE;
        goto done;
    }
    if (CC_OP_IS_ROT(op)) {
        /* Z, S after a rotate: those of the op before it */
        op = CC_OP_ROT_BASE(op);
    }
    if (cc_has_result(op) && (jcc == 2 || jcc == 4)) {
        MemOp ot = cc_size(op);
        *ca = gen_ext(ot, cpu_cc_dst, jcc == 4);
        *cb = tcg_constant_i64(0);
        c = jcc == 2 ? TCG_COND_EQ : TCG_COND_LT;
        goto done;
    }
    return false;
done:
    *cond = (b & 1) ? tcg_invert_cond(c) : c;
    return true;
}

/* condition @b (the low nibble of Jcc) as 0/1 into a new temp */
TCGv_i64 gen_cond(DisasContext *s, int b)
{
    TCGv_i64 t = tcg_temp_new_i64(), f, ca, cb;
    int op = s->cc_op, jcc = (b >> 1) & 7;
    bool inv = b & 1;
    TCGCond c;

    if (gen_prepare_cc(s, b, &c, &ca, &cb)) {
        tcg_gen_setcond_i64(c, t, ca, cb);
        return t;
    }
    if (cc_is(op, CC_OP_LOGICB) && (jcc == 0 || jcc == 1)) {
        tcg_gen_movi_i64(t, 0);             /* O, B: never */
        goto done;
    }
    if (jcc == 1 && op != CC_OP_EFLAGS) {
        tcg_gen_mov_i64(t, gen_compute_c(s));
        goto done;
    }

    /* general case: from the computed flags */
    gen_compute_eflags(s);
    f = cpu_cc_src;
    switch (jcc) {
    case 0:
        tcg_gen_extract_i64(t, f, 11, 1);
        break;
    case 1:
        tcg_gen_andi_i64(t, f, 1);
        break;
    case 2:
        tcg_gen_extract_i64(t, f, 6, 1);
        break;
    case 3:
        tcg_gen_andi_i64(t, f, CC_C | CC_Z);
        tcg_gen_setcondi_i64(TCG_COND_NE, t, t, 0);
        break;
    case 4:
        tcg_gen_extract_i64(t, f, 7, 1);
        break;
    case 5:
        tcg_gen_extract_i64(t, f, 2, 1);
        break;
    case 6: {
        TCGv_i64 o = tcg_temp_new_i64();
        tcg_gen_shri_i64(o, f, 4);      /* OF (bit 11) to bit 7 */
        tcg_gen_xor_i64(t, f, o);
        tcg_gen_extract_i64(t, t, 7, 1);
        break;
    }
    default: {
        TCGv_i64 o = tcg_temp_new_i64();
        tcg_gen_shri_i64(o, f, 4);
        tcg_gen_xor_i64(t, f, o);
        tcg_gen_andi_i64(t, t, CC_S);
        tcg_gen_andi_i64(o, f, CC_Z);
        tcg_gen_shli_i64(o, o, 1);
        tcg_gen_or_i64(t, t, o);
        tcg_gen_setcondi_i64(TCG_COND_NE, t, t, 0);
        break;
    }
    }
done:
    if (inv) {
        tcg_gen_xori_i64(t, t, 1);
    }
    return t;
}

/* ---- registers ---- */

static bool byte_reg_is_xH(DisasContext *s, int reg)
{
    return reg >= 4 && reg < 8 && !s->has_rex;
}

void gen_op_mov_v_reg(DisasContext *s, MemOp ot, TCGv_i64 t, int reg)
{
    if (ot == MO_8 && byte_reg_is_xH(s, reg)) {
        tcg_gen_extract_i64(t, cpu_regs[reg - 4], 8, 8);
        return;
    }
    switch (ot) {
    case MO_8: tcg_gen_ext8u_i64(t, cpu_regs[reg]); break;
    case MO_16: tcg_gen_ext16u_i64(t, cpu_regs[reg]); break;
    case MO_32: tcg_gen_ext32u_i64(t, cpu_regs[reg]); break;
    default: tcg_gen_mov_i64(t, cpu_regs[reg]); break;
    }
}

void gen_op_mov_reg_v(DisasContext *s, MemOp ot, int reg, TCGv_i64 t)
{
    if (ot == MO_8 && byte_reg_is_xH(s, reg)) {
        tcg_gen_deposit_i64(cpu_regs[reg - 4], cpu_regs[reg - 4], t, 8, 8);
        return;
    }
    switch (ot) {
    case MO_8:
        tcg_gen_deposit_i64(cpu_regs[reg], cpu_regs[reg], t, 0, 8);
        break;
    case MO_16:
        tcg_gen_deposit_i64(cpu_regs[reg], cpu_regs[reg], t, 0, 16);
        break;
    case MO_32:
        tcg_gen_ext32u_i64(cpu_regs[reg], t);
        break;
    default:
        tcg_gen_mov_i64(cpu_regs[reg], t);
        break;
    }
}

/*
 * Register @reg of size @ot as a source whose bits above the size its
 * consumer ignores: ALU results are truncated when written back and the
 * lazy flags extend cc_dst/cc_src themselves, so no extension is emitted
 * (only AH..BH need their shift).
 */
static TCGv_i64 gen_reg_lo(DisasContext *s, MemOp ot, int reg)
{
    TCGv_i64 t = tcg_temp_new_i64();

    if (ot == MO_8 && byte_reg_is_xH(s, reg)) {
        tcg_gen_extract_i64(t, cpu_regs[reg - 4], 8, 8);
    } else {
        tcg_gen_mov_i64(t, cpu_regs[reg]);
    }
    return t;
}

TCGv_i64 cpu_reg(int reg)
{
    return cpu_regs[reg];
}

/* ---- memory ---- */

void gen_op_ld_v(DisasContext *s, MemOp ot, TCGv_i64 t, TCGv_i64 a0)
{
    tcg_gen_qemu_ld_i64(t, a0, s->mem_index, ot | MO_LE);
}

void gen_op_st_v(DisasContext *s, MemOp ot, TCGv_i64 t, TCGv_i64 a0)
{
    tcg_gen_qemu_st_i64(t, a0, s->mem_index, ot | MO_LE);
}

/* add the segment base and truncate to the address size */
static TCGv_i64 gen_seg_addr(DisasContext *s, TCGv_i64 a, int def_seg)
{
    int seg = s->override >= 0 ? s->override : def_seg;

    if (s->aflag == MO_32) {
        tcg_gen_ext32u_i64(a, a);
    }
    if (seg == R_FS || seg == R_GS) {
        TCGv_i64 base = tcg_temp_new_i64();
        tcg_gen_ld_i64(base, tcg_env, offsetof(CPUX86State, segs[seg].base));
        tcg_gen_add_i64(a, a, base);
    }
    return a;
}

/*
 * Decode the ModRM memory operand (after the ModRM byte) into an address
 * temp.  @rip_off: bytes of immediate that follow (RIP-relative base).
 */
TCGv_i64 gen_lea_modrm_noseg(DisasContext *s, int modrm, int rip_off,
                             int *def_seg)
{
    int mod = (modrm >> 6) & 3, rm = modrm & 7;
    int base = -1, index = -1, scale = 0;
    int64_t disp = 0;
    bool riprel = false;
    TCGv_i64 a = tcg_temp_new_i64();

    *def_seg = R_DS;
    if (rm == 4) {
        int sib = x86_ldub_code(s);
        scale = sib >> 6;
        index = ((sib >> 3) & 7) | s->rex_x;
        base = sib & 7;
        if (index == 4) {
            index = -1;
        }
        if (base == 5 && mod == 0) {
            base = -1;
            disp = (int32_t)x86_ldl_code(s);
        } else {
            base |= s->rex_b;
        }
    } else if (rm == 5 && mod == 0) {
        disp = (int32_t)x86_ldl_code(s);
        riprel = true;
    } else {
        base = rm | s->rex_b;
    }
    if (mod == 1) {
        disp += (int8_t)x86_ldub_code(s);
    } else if (mod == 2) {
        disp += (int32_t)x86_ldl_code(s);
    }
    if (base == R_ESP || base == R_EBP) {
        *def_seg = R_SS;
    }

    if (riprel) {
        uint64_t v = s->pc + rip_off + disp;
        tcg_gen_movi_i64(a, s->aflag == MO_32 ? (uint32_t)v : v);
        return a;
    }
    if (base >= 0 && index >= 0) {
        tcg_gen_shli_i64(a, cpu_regs[index], scale);
        tcg_gen_add_i64(a, a, cpu_regs[base]);
        tcg_gen_addi_i64(a, a, disp);
    } else if (base >= 0) {
        tcg_gen_addi_i64(a, cpu_regs[base], disp);
    } else if (index >= 0) {
        tcg_gen_shli_i64(a, cpu_regs[index], scale);
        tcg_gen_addi_i64(a, a, disp);
    } else {
        tcg_gen_movi_i64(a, disp);
    }
    return a;
}

TCGv_i64 gen_lea_modrm(DisasContext *s, int modrm, int rip_off)
{
    int def_seg;
    TCGv_i64 a = gen_lea_modrm_noseg(s, modrm, rip_off, &def_seg);

    return gen_seg_addr(s, a, def_seg);
}

/*
 * Load the r/m operand of size @ot into a new temp (memory: *a0 gets
 * the address for a later store).
 */
TCGv_i64 gen_ld_modrm(DisasContext *s, int modrm, MemOp ot, int rip_off,
                      TCGv_i64 *a0)
{
    TCGv_i64 t = tcg_temp_new_i64();

    if ((modrm >> 6) == 3) {
        gen_op_mov_v_reg(s, ot, t, (modrm & 7) | s->rex_b);
        if (a0) {
            *a0 = NULL;
        }
    } else {
        TCGv_i64 a = gen_lea_modrm(s, modrm, rip_off);
        gen_op_ld_v(s, ot, t, a);
        if (a0) {
            *a0 = a;
        }
    }
    return t;
}

/* gen_ld_modrm for consumers of the low @ot bits only (see gen_reg_lo) */
static TCGv_i64 gen_ld_modrm_lo(DisasContext *s, int modrm, MemOp ot,
                                int rip_off, TCGv_i64 *a0)
{
    if ((modrm >> 6) == 3) {
        if (a0) {
            *a0 = NULL;
        }
        return gen_reg_lo(s, ot, (modrm & 7) | s->rex_b);
    }
    return gen_ld_modrm(s, modrm, ot, rip_off, a0);
}

/* store @t to the r/m operand decoded by gen_ld_modrm (a0 NULL = reg) */
void gen_st_modrm(DisasContext *s, int modrm, MemOp ot, TCGv_i64 a0,
                  TCGv_i64 t)
{
    if (!a0) {
        gen_op_mov_reg_v(s, ot, (modrm & 7) | s->rex_b, t);
    } else {
        gen_op_st_v(s, ot, t, a0);
    }
}

/* ---- control flow ---- */

static void gen_jmp_tb(DisasContext *s, uint64_t dest, int slot)
{
    gen_update_cc_op(s);
    if (translator_use_goto_tb(&s->base, dest)) {
        tcg_gen_goto_tb(slot);
        tcg_gen_movi_i64(cpu_eip, dest);
        tcg_gen_exit_tb(s->base.tb, slot);
    } else {
        tcg_gen_movi_i64(cpu_eip, dest);
        translator_lookup_and_goto_ptr(&s->base, s->cs, C(dest));
    }
    s->base.is_jmp = DISAS_NORETURN;
}

/* jump to the address in @t */
static void gen_jmp_v(DisasContext *s, TCGv_i64 t)
{
    gen_update_cc_op(s);
    tcg_gen_mov_i64(cpu_eip, t);
    translator_lookup_and_goto_ptr(&s->base, s->cs, t);
    s->base.is_jmp = DISAS_NORETURN;
}

static void gen_jcc(DisasContext *s, int b, uint64_t target, uint64_t next)
{
    TCGLabel *l = gen_new_label();
    TCGv_i64 ca, cb;
    TCGCond cond;

    if (gen_prepare_cc(s, b, &cond, &ca, &cb)) {
        gen_update_cc_op(s);
        tcg_gen_brcond_i64(cond, ca, cb, l);
    } else {
        TCGv_i64 c = gen_cond(s, b);
        gen_update_cc_op(s);
        tcg_gen_brcondi_i64(TCG_COND_NE, c, 0, l);
    }
    gen_jmp_tb(s, next, 0);
    gen_set_label(l);
    gen_jmp_tb(s, target, 1);
}

static void gen_exception(DisasContext *s, int intno)
{
    gen_update_cc_op(s);
    tcg_gen_movi_i64(cpu_eip, s->insn_pc);
    gen_call(&hi_raise_exception, NULL, 2, ENV, C(intno));
    s->base.is_jmp = DISAS_NORETURN;
}

/*
 * Raise @intno on one side of a conditional branch: the cc_op is written
 * without marking it synced, since the other side goes on without it.
 */
void gen_exception_in_branch(DisasContext *s, int intno)
{
    if (s->cc_op_dirty) {
        tcg_gen_movi_i32(cpu_cc_op, s->cc_op);
    }
    tcg_gen_movi_i64(cpu_eip, s->insn_pc);
    gen_call(&hi_raise_exception, NULL, 2, ENV, C(intno));
}

void gen_illegal_opcode(DisasContext *s)
{
    gen_exception(s, EXCP06_ILLOP);
}

/* ---- stack ---- */

static MemOp stack_ot(DisasContext *s)
{
    return s->dflag == MO_16 ? MO_16 : MO_64;
}

static void gen_push_v(DisasContext *s, MemOp ot, TCGv_i64 v)
{
    TCGv_i64 a = tcg_temp_new_i64();

    tcg_gen_subi_i64(a, cpu_regs[R_ESP], 1 << ot);
    gen_op_st_v(s, ot, v, a);
    tcg_gen_mov_i64(cpu_regs[R_ESP], a);
}

/* pop into a new temp (RSP updated by the caller with gen_pop_update) */
static TCGv_i64 gen_pop_t(DisasContext *s, MemOp ot)
{
    TCGv_i64 t = tcg_temp_new_i64();

    gen_op_ld_v(s, ot, t, cpu_regs[R_ESP]);
    return t;
}

static void gen_pop_update(DisasContext *s, MemOp ot)
{
    tcg_gen_addi_i64(cpu_regs[R_ESP], cpu_regs[R_ESP], 1 << ot);
}

/* ---- arithmetic ---- */

enum { OP_ADD, OP_OR, OP_ADC, OP_SBB, OP_AND, OP_SUB, OP_XOR, OP_CMP };

/*
 * dst (reg @d when a0 == NULL && d >= 0, else memory at a0) op= t1.
 * @t0 is the current value of the destination.
 */
static void gen_alu(DisasContext *s, int op, MemOp ot, TCGv_i64 t0,
                    TCGv_i64 t1, TCGv_i64 a0, int d)
{
    TCGv_i64 res = tcg_temp_new_i64();
    TCGv_i64 carry = NULL;

    if (op == OP_ADC || op == OP_SBB) {
        carry = gen_compute_c(s);
    }
    if (a0 && (s->prefix & PREFIX_LOCK) && op != OP_CMP) {
        /* atomic: the old value comes back from the host's CAS */
        TCGv_i64 oi = tcg_temp_new_i64();
        t0 = tcg_temp_new_i64();
        tcg_gen_movi_i64(oi, ot | op << 4);
        if (carry) {
            TCGv_i64 c8 = tcg_temp_new_i64();
            tcg_gen_shli_i64(c8, carry, 8);
            tcg_gen_or_i64(oi, oi, c8);
        }
        gen_update_cc_op(s);
        gen_call(&hi_atomic_rmw, t0, 4, ENV, a0, t1, oi);
        a0 = NULL;
        d = -1;
    }
    switch (op) {
    case OP_ADD: tcg_gen_add_i64(res, t0, t1); break;
    case OP_OR: tcg_gen_or_i64(res, t0, t1); break;
    case OP_ADC:
        tcg_gen_add_i64(res, t0, t1);
        tcg_gen_add_i64(res, res, carry);
        break;
    case OP_SBB:
        tcg_gen_sub_i64(res, t0, t1);
        tcg_gen_sub_i64(res, res, carry);
        break;
    case OP_AND: tcg_gen_and_i64(res, t0, t1); break;
    case OP_SUB: case OP_CMP: tcg_gen_sub_i64(res, t0, t1); break;
    default: tcg_gen_xor_i64(res, t0, t1); break;
    }
    if (op != OP_CMP && d >= 0) {
        if (a0) {
            gen_op_st_v(s, ot, res, a0);
        } else {
            gen_op_mov_reg_v(s, ot, d, res);
        }
    } else if (op != OP_CMP && a0) {
        gen_op_st_v(s, ot, res, a0);
    }
    switch (op) {
    case OP_ADD:
        tcg_gen_mov_i64(cpu_cc_src, t1);
        set_cc_op(s, CC_OP_ADDB + ot);
        break;
    case OP_ADC:
        tcg_gen_mov_i64(cpu_cc_src, t1);
        tcg_gen_mov_i64(cpu_cc_src2, carry);
        set_cc_op(s, CC_OP_ADCB + ot);
        break;
    case OP_SBB:
        tcg_gen_mov_i64(cpu_cc_src, t1);
        tcg_gen_mov_i64(cpu_cc_src2, carry);
        set_cc_op(s, CC_OP_SBBB + ot);
        break;
    case OP_SUB: case OP_CMP:
        tcg_gen_mov_i64(cpu_cc_src, t1);
        set_cc_op(s, CC_OP_SUBB + ot);
        break;
    default:
        set_cc_op(s, CC_OP_LOGICB + ot);
        break;
    }
    tcg_gen_mov_i64(cpu_cc_dst, res);
}

static void gen_inc_dec(DisasContext *s, MemOp ot, TCGv_i64 t0, TCGv_i64 a0,
                        int d, int dir)
{
    TCGv_i64 c = gen_compute_c(s);
    TCGv_i64 res = tcg_temp_new_i64();

    if (a0 && (s->prefix & PREFIX_LOCK)) {
        t0 = tcg_temp_new_i64();
        gen_update_cc_op(s);
        gen_call(&hi_atomic_rmw, t0, 4, ENV, a0, C(dir), C(ot));
        tcg_gen_addi_i64(res, t0, dir);
    } else if (a0) {
        tcg_gen_addi_i64(res, t0, dir);
        gen_op_st_v(s, ot, res, a0);
    } else {
        tcg_gen_addi_i64(res, t0, dir);
        gen_op_mov_reg_v(s, ot, d, res);
    }
    tcg_gen_mov_i64(cpu_cc_src, c);
    tcg_gen_mov_i64(cpu_cc_dst, res);
    set_cc_op(s, (dir > 0 ? CC_OP_INCB : CC_OP_DECB) + ot);
}

/*
 * A shift or rotate whose masked count is the constant 0: no flag
 * changes, but a 32-bit register destination is still written, so its
 * upper half is cleared as by any 32-bit write (what hardware does).
 */
static void gen_zext_count0(DisasContext *s, MemOp ot, TCGv_i64 a0, int d)
{
    if (!a0 && ot == MO_32) {
        tcg_gen_ext32u_i64(cpu_regs[d], cpu_regs[d]);
    }
}

/* SHL/SHR/SAR (@op = 4, 5, 7 as in the group; 6 = SAL) */
static void gen_shift(DisasContext *s, int op, MemOp ot, TCGv_i64 t0,
                      TCGv_i64 count_in, int const_count, TCGv_i64 a0, int d)
{
    int mask = ot == MO_64 ? 63 : 31;
    TCGv_i64 v = gen_ext(ot, t0, op == 7);
    TCGv_i64 res = tcg_temp_new_i64(), tmp = tcg_temp_new_i64();
    TCGv_i64 count, cm1;
    int ccop = (op == 4 || op == 6) ? CC_OP_SHLB + ot : CC_OP_SARB + ot;

    if (const_count >= 0) {
        int n = const_count & mask;
        if (n == 0) {
            gen_zext_count0(s, ot, a0, d);
            return;
        }
        if (op == 4 || op == 6) {
            tcg_gen_shli_i64(res, v, n);
            tcg_gen_shli_i64(tmp, v, n - 1);
        } else if (op == 5) {
            tcg_gen_shri_i64(res, v, n);
            tcg_gen_shri_i64(tmp, v, n - 1);
        } else {
            tcg_gen_sari_i64(res, v, n);
            tcg_gen_sari_i64(tmp, v, n - 1);
        }
        gen_st_modrm_or_reg(s, ot, a0, d, res);
        tcg_gen_mov_i64(cpu_cc_src, tmp);
        tcg_gen_mov_i64(cpu_cc_dst, res);
        set_cc_op(s, ccop);
        return;
    }
    count = tcg_temp_new_i64();
    cm1 = tcg_temp_new_i64();
    tcg_gen_andi_i64(count, count_in, mask);
    tcg_gen_subi_i64(cm1, count, 1);
    tcg_gen_andi_i64(cm1, cm1, 63);
    if (op == 4 || op == 6) {
        tcg_gen_shl_i64(res, v, count);
        tcg_gen_shl_i64(tmp, v, cm1);
    } else if (op == 5) {
        tcg_gen_shr_i64(res, v, count);
        tcg_gen_shr_i64(tmp, v, cm1);
    } else {
        tcg_gen_sar_i64(res, v, count);
        tcg_gen_sar_i64(tmp, v, cm1);
    }
    /* a zero count writes the value back (a 32-bit register: extended) */
    gen_st_modrm_or_reg(s, ot, a0, d, res);
    gen_update_cc_op(s);
    if (s->cc_op == CC_OP_DYNAMIC || true) {
        TCGv_i32 c32 = tcg_temp_new_i32();
        tcg_gen_extrl_i64_i32(c32, count);
        tcg_gen_movcond_i64(TCG_COND_NE, cpu_cc_src, count, C(0), tmp,
                            cpu_cc_src);
        tcg_gen_movcond_i64(TCG_COND_NE, cpu_cc_dst, count, C(0), res,
                            cpu_cc_dst);
        tcg_gen_movcond_i32(TCG_COND_NE, cpu_cc_op, c32,
                            tcg_constant_i32(0), tcg_constant_i32(ccop),
                            cpu_cc_op);
    }
    s->cc_op = CC_OP_DYNAMIC;
    s->cc_op_dirty = false;
}

void gen_st_modrm_or_reg(DisasContext *s, MemOp ot, TCGv_i64 a0, int d,
                         TCGv_i64 v)
{
    if (a0) {
        gen_op_st_v(s, ot, v, a0);
    } else {
        gen_op_mov_reg_v(s, ot, d, v);
    }
}

/*
 * CF (bit 0) and OF (bit 11) of ROL/ROR from the rotated value @res of
 * @bits bits: ROL: CF = bit 0, OF = MSB ^ CF; ROR: CF = MSB,
 * OF = MSB ^ the bit below it.
 */
static TCGv_i64 gen_rot_cfof(int op, int bits, TCGv_i64 res)
{
    TCGv_i64 cf = tcg_temp_new_i64(), of = tcg_temp_new_i64();

    if (op == 0) {
        tcg_gen_andi_i64(cf, res, 1);
        tcg_gen_extract_i64(of, res, bits - 1, 1);
    } else {
        tcg_gen_extract_i64(cf, res, bits - 1, 1);
        tcg_gen_extract_i64(of, res, bits - 2, 1);
    }
    tcg_gen_xor_i64(of, of, cf);
    tcg_gen_shli_i64(of, of, 11);
    tcg_gen_or_i64(cf, cf, of);
    return cf;
}

/*
 * The flags after a ROL (@op 0) or ROR (@op 1) of size @ot giving @res:
 * CF and OF change (by CL: when the count @nz is not zero), the other
 * flags are kept.  By an immediate they stay lazy (CC_OP_ROT of the op
 * before, the result in cc_src2) unless that op uses cc_src2 itself or
 * is only known at run time; by CL they are computed.
 */
static void gen_rot_flags(DisasContext *s, int op, MemOp ot, TCGv_i64 res,
                          TCGv_i64 nz)
{
    int cc = s->cc_op, base = CC_OP_IS_ROT(cc) ? CC_OP_ROT_BASE(cc) : cc;

    if (nz || cc == CC_OP_DYNAMIC || cc == CC_OP_EFLAGS ||
        cc_is(cc, CC_OP_ADCB) || cc_is(cc, CC_OP_SBBB)) {
        TCGv_i64 f = tcg_temp_new_i64();
        gen_compute_eflags(s);
        tcg_gen_andi_i64(f, cpu_cc_src, ~(uint64_t)(CC_C | CC_O));
        tcg_gen_or_i64(f, f, gen_rot_cfof(op, 8 << ot, res));
        if (nz) {
            tcg_gen_movcond_i64(TCG_COND_NE, cpu_cc_src, nz, C(0), f,
                                cpu_cc_src);
        } else {
            tcg_gen_mov_i64(cpu_cc_src, f);
        }
        return;
    }
    tcg_gen_mov_i64(cpu_cc_src2, res);
    set_cc_op(s, CC_OP_ROT(base, op, ot));
}

/* ROL/ROR by a constant: inline, flags lazy */
static void gen_rot_imm(DisasContext *s, int op, MemOp ot, TCGv_i64 v,
                        int count, TCGv_i64 a0, int d)
{
    int bits = 8 << ot, n = count & (ot == MO_64 ? 63 : 31);
    TCGv_i64 res = tcg_temp_new_i64(), x;

    if (n == 0) {
        gen_zext_count0(s, ot, a0, d);
        return;
    }
    n %= bits;
    x = gen_ext(ot, v, false);
    if (n == 0) {
        tcg_gen_mov_i64(res, x);
    } else if (ot == MO_64) {
        op == 0 ? tcg_gen_rotli_i64(res, x, n) : tcg_gen_rotri_i64(res, x, n);
    } else {
        int l = op == 0 ? n : bits - n;
        TCGv_i64 hi = tcg_temp_new_i64();
        tcg_gen_shli_i64(hi, x, l);
        tcg_gen_shri_i64(res, x, bits - l);
        tcg_gen_or_i64(res, res, hi);
        if (ot != MO_32) {
            tcg_gen_andi_i64(res, res, (1ull << bits) - 1);
        } else {
            tcg_gen_ext32u_i64(res, res);
        }
    }
    gen_st_modrm_or_reg(s, ot, a0, d, res);
    gen_rot_flags(s, op, ot, res, NULL);
}

/*
 * ROL/ROR by CL: inline.  The value is repeated over 64 bits (its size
 * divides 64), so one 64-bit rotate by the masked count rotates it by the
 * count modulo its size.  A masked count of 0 changes no flag but still
 * writes the operand (zero-extending a 32-bit register, as hardware does).
 */
static void gen_rot_cl(DisasContext *s, int op, MemOp ot, TCGv_i64 v,
                       TCGv_i64 count_in, TCGv_i64 a0, int d)
{
    TCGv_i64 count = tcg_temp_new_i64(), x = gen_ext(ot, v, false);
    TCGv_i64 res = tcg_temp_new_i64();

    tcg_gen_andi_i64(count, count_in, ot == MO_64 ? 63 : 31);
    switch (ot) {
    case MO_8:
        tcg_gen_muli_i64(x, x, 0x0101010101010101ull);
        break;
    case MO_16:
        tcg_gen_muli_i64(x, x, 0x0001000100010001ull);
        break;
    case MO_32:
        tcg_gen_deposit_i64(x, x, x, 32, 32);
        break;
    default:
        break;
    }
    if (op == 0) {
        tcg_gen_rotl_i64(res, x, count);
    } else {
        tcg_gen_rotr_i64(res, x, count);
    }
    if (ot != MO_64) {
        res = gen_ext(ot, res, false);
    }
    gen_st_modrm_or_reg(s, ot, a0, d, res);
    gen_rot_flags(s, op, ot, res, count);
}

/* group 2: @count is NULL for a constant count @ccount */
static void gen_grp2(DisasContext *s, int op, MemOp ot, int modrm,
                     TCGv_i64 count, int ccount, int rip_off)
{
    TCGv_i64 a0;
    int d = (modrm & 7) | s->rex_b;
    TCGv_i64 t0 = gen_ld_modrm(s, modrm, ot, rip_off, &a0);

    if (ccount >= 0 && !count) {
        /* the immediate follows the ModRM bytes: read it now */
    }
    if (op >= 4) {
        gen_shift(s, op, ot, t0, count, count ? -1 : ccount, a0, d);
        return;
    }
    if (op < 2 && !count) {
        gen_rot_imm(s, op, ot, t0, ccount, a0, d);
        return;
    }
    if (op < 2) {
        gen_rot_cl(s, op, ot, t0, count, a0, d);
        return;
    }
    gen_update_cc_op(s);
    {
        TCGv_i64 res = tcg_temp_new_i64();
        TCGv_i64 cnt = count ? count : C(ccount);
        int mask = ot == MO_64 ? 63 : 31;

        if (!count && (ccount & mask) == 0) {
            gen_zext_count0(s, ot, a0, d);
            return;
        }
        gen_call(&hi_rotate, res, 4, ENV, t0, cnt, C(op << 4 | ot));
        set_cc_op(s, CC_OP_EFLAGS);
        s->cc_op_dirty = false;
        /* a zero count returns the value: written back all the same */
        gen_st_modrm_or_reg(s, ot, a0, d, res);
    }
}

/* ---- the instruction decoder ---- */

static void gen_string(DisasContext *s, int op, MemOp ot)
{
    uint64_t desc = ot;

    if (s->aflag == MO_32) {
        desc |= STR_A32;
    }
    if (s->prefix & PREFIX_REPZ) {
        desc |= STR_REPZ;
    } else if (s->prefix & PREFIX_REPNZ) {
        desc |= STR_REPNZ;
    }
    /* only CMPS/SCAS distinguish REPZ from REPNZ */
    if ((op != 1 && op != 4) && (desc & STR_REPNZ)) {
        desc = (desc & ~(uint64_t)STR_REPNZ) | STR_REPZ;
    }
    if (s->override >= 0) {
        desc |= (uint64_t)(s->override + 1) << STR_SEG_SHIFT;
    }
    gen_update_cc_op(s);
    tcg_gen_movi_i64(cpu_eip, s->insn_pc);
    gen_call(&hi_string, NULL, 3, ENV, C(op), C(desc));
    if (op == 1 || op == 4) {
        s->cc_op = CC_OP_DYNAMIC;
        s->cc_op_dirty = false;
    }
}

static void gen_mul(DisasContext *s, MemOp ot, TCGv_i64 t1, bool sign)
{
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();
    TCGv_i64 a;

    switch (ot) {
    case MO_8:
    case MO_16:
    case MO_32:
        a = tcg_temp_new_i64();
        gen_op_mov_v_reg(s, ot, a, R_EAX);
        if (sign) {
            a = gen_ext(ot, a, true);
            t1 = gen_ext(ot, t1, true);
        } else {
            t1 = gen_ext(ot, t1, false);
        }
        tcg_gen_mul_i64(lo, a, t1);
        if (ot == MO_8) {
            gen_op_mov_reg_v(s, MO_16, R_EAX, lo);
        } else {
            tcg_gen_shri_i64(hi, lo, 8 << ot);
            gen_op_mov_reg_v(s, ot, R_EAX, lo);
            gen_op_mov_reg_v(s, ot, R_EDX, hi);
        }
        tcg_gen_mov_i64(cpu_cc_dst, lo);
        if (sign) {
            TCGv_i64 e = gen_ext(ot, lo, true);
            tcg_gen_sub_i64(cpu_cc_src, lo, e);
        } else {
            tcg_gen_shri_i64(cpu_cc_src, lo, 8 << ot);
        }
        break;
    default:
        if (sign) {
            tcg_gen_muls2_i64(lo, hi, cpu_regs[R_EAX], t1);
        } else {
            tcg_gen_mulu2_i64(lo, hi, cpu_regs[R_EAX], t1);
        }
        tcg_gen_mov_i64(cpu_regs[R_EAX], lo);
        tcg_gen_mov_i64(cpu_regs[R_EDX], hi);
        tcg_gen_mov_i64(cpu_cc_dst, lo);
        if (sign) {
            TCGv_i64 e = tcg_temp_new_i64();
            tcg_gen_sari_i64(e, lo, 63);
            tcg_gen_sub_i64(cpu_cc_src, e, hi);
        } else {
            tcg_gen_mov_i64(cpu_cc_src, hi);
        }
        break;
    }
    set_cc_op(s, CC_OP_MULB + ot);
}

/* DIV/IDIV through the helper (all operands; #DE from the helper) */
static void gen_div_helper(DisasContext *s, MemOp ot, TCGv_i64 t0, bool sign)
{
    tcg_gen_movi_i64(cpu_eip, s->insn_pc);
    gen_update_cc_op(s);
    gen_call(sign ? &hi_idiv : &hi_div, NULL, 3, ENV, t0, C(ot));
    tcg_gen_ld_i64(cpu_regs[R_EAX], tcg_env,
                   offsetof(CPUX86State, div_out[R_EAX]));
    if (ot != MO_8) {
        tcg_gen_ld_i64(cpu_regs[R_EDX], tcg_env,
                       offsetof(CPUX86State, div_out[R_EDX]));
    }
}

/*
 * DIV/IDIV inline with the host's division: a branch to the insn's slow
 * path (see X86SlowPath) unless the dividend fits one 64-bit division
 * and the quotient fits the destination, so the fast path never faults.
 * The remainder is dividend - quotient * divisor.
 */
static void gen_div(DisasContext *s, MemOp ot, TCGv_i64 t0, bool sign,
                    int modrm)
{
    int bits = 8 << ot;
    X86SlowPath *sp;
    TCGv_i64 d, num = tcg_temp_new_i64(), q = tcg_temp_new_i64();
    TCGv_i64 r = tcg_temp_new_i64(), hi = tcg_temp_new_i64();

    if (s->nb_slow == X86_MAX_SLOW_PATHS) {
        gen_div_helper(s, ot, t0, sign);
        return;
    }
    sp = &s->slow[s->nb_slow++];
    *sp = (X86SlowPath) {
        .label = gen_new_label(), .divisor = t0, .sign_ot = ot | sign << 2,
        .insn_pc = s->insn_pc, .next_pc = s->pc,
        .cc_op = s->cc_op, .cc_op_dirty = s->cc_op_dirty,
    };
    if ((modrm >> 6) == 3 && !(ot == MO_8 && byte_reg_is_xH(s, modrm & 7))) {
        /*
         * A register divisor: the slow path reads the register itself
         * (unchanged up to the branches; the helper truncates it), so no
         * temp has to be kept in memory for it.
         */
        sp->divisor = cpu_regs[(modrm & 7) | s->rex_b];
    }
    d = gen_ext(ot, t0, sign);

    /* the dividend: AX, DX:AX, EDX:EAX or RAX (RDX checked below) */
    switch (ot) {
    case MO_8:
        tcg_gen_extract_i64(hi, cpu_regs[R_EAX], 8, 8);
        sign ? tcg_gen_ext16s_i64(num, cpu_regs[R_EAX])
             : tcg_gen_ext16u_i64(num, cpu_regs[R_EAX]);
        break;
    case MO_16:
    case MO_32:
        tcg_gen_deposit_i64(num, cpu_regs[R_EAX], cpu_regs[R_EDX], bits,
                            bits);
        if (ot == MO_16) {
            sign ? tcg_gen_ext32s_i64(num, num) : tcg_gen_ext32u_i64(num, num);
        }
        tcg_gen_extract_i64(hi, cpu_regs[R_EDX], 0, bits);
        break;
    default:
        tcg_gen_mov_i64(num, cpu_regs[R_EAX]);
        break;
    }

    if (!sign) {
        if (ot == MO_64) {
            tcg_gen_brcondi_i64(TCG_COND_NE, cpu_regs[R_EDX], 0, sp->label);
            tcg_gen_brcondi_i64(TCG_COND_EQ, d, 0, sp->label);
        } else {
            /* the quotient fits exactly when the high half < divisor */
            tcg_gen_brcond_i64(TCG_COND_GEU, hi, d, sp->label);
        }
        tcg_gen_divu_i64(q, num, d);
    } else if (ot == MO_64) {
        TCGv_i64 d1 = tcg_temp_new_i64();
        tcg_gen_sari_i64(hi, num, 63);
        tcg_gen_brcond_i64(TCG_COND_NE, cpu_regs[R_EDX], hi, sp->label);
        tcg_gen_addi_i64(d1, d, 1);
        tcg_gen_brcondi_i64(TCG_COND_LEU, d1, 1, sp->label); /* 0 or -1 */
        tcg_gen_div_i64(q, num, d);
    } else {
        TCGv_i64 qe;
        tcg_gen_brcondi_i64(TCG_COND_EQ, d, 0, sp->label);
        tcg_gen_div_i64(q, num, d);
        qe = gen_ext(ot, q, true);
        tcg_gen_brcond_i64(TCG_COND_NE, q, qe, sp->label);
    }
    tcg_gen_mul_i64(r, q, d);
    tcg_gen_sub_i64(r, num, r);

    if (ot == MO_8) {
        tcg_gen_deposit_i64(q, q, r, 8, 8);
        gen_op_mov_reg_v(s, MO_16, R_EAX, q);
    } else {
        gen_op_mov_reg_v(s, ot, R_EAX, q);
        gen_op_mov_reg_v(s, ot, R_EDX, r);
    }
}

/* the slow paths of the TB's insns, after its last insn */
static void gen_slow_paths(DisasContext *s)
{
    for (int i = 0; i < s->nb_slow; i++) {
        X86SlowPath *sp = &s->slow[i];

        gen_set_label(sp->label);
        if (sp->cc_op_dirty) {
            tcg_gen_movi_i32(cpu_cc_op, sp->cc_op);
        }
        /* the helper raises #DE itself, at this eip (no unwinding) */
        tcg_gen_movi_i64(cpu_eip, sp->insn_pc);
        gen_call(&hi_div_slow, NULL, 3, ENV, sp->divisor, C(sp->sign_ot));
        tcg_gen_movi_i64(cpu_eip, sp->next_pc);
        translator_lookup_and_goto_ptr(&s->base, s->cs, C(sp->next_pc));
    }
    s->nb_slow = 0;
}

/* two/three-operand IMUL: reg = a * b */
static void gen_imul3(DisasContext *s, MemOp ot, int reg, TCGv_i64 a,
                      TCGv_i64 b)
{
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();

    if (ot == MO_64) {
        TCGv_i64 e = tcg_temp_new_i64();
        tcg_gen_muls2_i64(lo, hi, a, b);
        tcg_gen_sari_i64(e, lo, 63);
        tcg_gen_sub_i64(cpu_cc_src, e, hi);
    } else {
        TCGv_i64 e;
        a = gen_ext(ot, a, true);
        b = gen_ext(ot, b, true);
        tcg_gen_mul_i64(lo, a, b);
        e = gen_ext(ot, lo, true);
        tcg_gen_sub_i64(cpu_cc_src, lo, e);
    }
    gen_op_mov_reg_v(s, ot, reg, lo);
    tcg_gen_mov_i64(cpu_cc_dst, lo);
    set_cc_op(s, CC_OP_MULB + ot);
}

/* BT/BTS/BTR/BTC: @op 0..3; bit offset in @off (register form: unbounded) */
static void gen_bt(DisasContext *s, int op, MemOp ot, int modrm,
                   TCGv_i64 off, bool imm, int rip_off)
{
    int bits = 8 << ot;
    TCGv_i64 a0 = NULL, t0 = tcg_temp_new_i64(), bit = tcg_temp_new_i64();
    TCGv_i64 m = tcg_temp_new_i64(), cf = tcg_temp_new_i64();
    int d = (modrm & 7) | s->rex_b;

    if ((modrm >> 6) == 3) {
        gen_op_mov_v_reg(s, ot, t0, d);
    } else {
        a0 = gen_lea_modrm(s, modrm, rip_off);
        if (!imm) {
            /* the register offset selects the word: signed, unbounded */
            TCGv_i64 w = gen_ext(ot, off, true);
            tcg_gen_sari_i64(w, w, ot + 3);
            tcg_gen_shli_i64(w, w, ot);
            tcg_gen_add_i64(a0, a0, w);
        }
        if (!(op && (s->prefix & PREFIX_LOCK))) {
            gen_op_ld_v(s, ot, t0, a0);
        }
    }
    tcg_gen_andi_i64(bit, off, bits - 1);
    if (a0 && op && (s->prefix & PREFIX_LOCK)) {
        /* atomic BTS/BTR/BTC */
        tcg_gen_shl_i64(m, C(1), bit);
        gen_call(&hi_atomic_rmw, t0, 4, ENV, a0, m, C(ot | (10 + op) << 4));
        tcg_gen_shr_i64(cf, t0, bit);
        tcg_gen_andi_i64(cf, cf, 1);
        op = 0;
    } else {
        tcg_gen_shr_i64(cf, t0, bit);
        tcg_gen_andi_i64(cf, cf, 1);
    }
    if (op) {
        tcg_gen_shl_i64(m, C(1), bit);
        switch (op) {
        case 1: tcg_gen_or_i64(t0, t0, m); break;
        case 2: tcg_gen_andc_i64(t0, t0, m); break;
        default: tcg_gen_xor_i64(t0, t0, m); break;
        }
        gen_st_modrm_or_reg(s, ot, a0, d, t0);
    }
    gen_compute_eflags(s);
    tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_C);
    tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, cf);
}

static void gen_cmpxchg(DisasContext *s, MemOp ot, int modrm, int reg)
{
    TCGv_i64 a0, src = tcg_temp_new_i64(), acc = tcg_temp_new_i64();
    TCGv_i64 t0, nv = tcg_temp_new_i64();
    TCGv_i64 eq = tcg_temp_new_i64();
    int d = (modrm & 7) | s->rex_b;

    gen_op_mov_v_reg(s, ot, src, reg);
    gen_op_mov_v_reg(s, ot, acc, R_EAX);
    if ((modrm >> 6) != 3) {
        /* memory: one host compare-and-swap */
        a0 = gen_lea_modrm(s, modrm, 0);
        t0 = tcg_temp_new_i64();
        gen_update_cc_op(s);
        gen_call(&hi_atomic_cmpxchg, t0, 5, ENV, a0, acc, src, C(ot));
    } else {
        t0 = gen_ld_modrm(s, modrm, ot, 0, &a0);
    }
    tcg_gen_setcond_i64(TCG_COND_EQ, eq, t0, acc);
    tcg_gen_movcond_i64(TCG_COND_NE, nv, eq, C(0), src, t0);
    if (a0) {
        /* stored by the helper */
    } else if (ot == MO_32) {
        TCGv_i64 z = tcg_temp_new_i64();
        tcg_gen_ext32u_i64(z, src);
        tcg_gen_movcond_i64(TCG_COND_NE, cpu_regs[d], eq, C(0), z,
                            cpu_regs[d]);
    } else {
        gen_op_mov_reg_v(s, ot, d, nv);
    }
    /* accumulator = old value when not equal */
    if (ot == MO_32) {
        TCGv_i64 z = tcg_temp_new_i64();
        tcg_gen_ext32u_i64(z, t0);
        tcg_gen_movcond_i64(TCG_COND_EQ, cpu_regs[R_EAX], eq, C(0), z,
                            cpu_regs[R_EAX]);
    } else {
        TCGv_i64 na = tcg_temp_new_i64();
        tcg_gen_movcond_i64(TCG_COND_EQ, na, eq, C(0), t0, acc);
        gen_op_mov_reg_v(s, ot, R_EAX, na);
    }
    tcg_gen_mov_i64(cpu_cc_src, t0);
    tcg_gen_sub_i64(cpu_cc_dst, acc, t0);
    set_cc_op(s, CC_OP_SUBB + ot);
}

static void gen_bswap(DisasContext *s, int reg)
{
    if (s->dflag == MO_64) {
        tcg_gen_bswap64_i64(cpu_regs[reg], cpu_regs[reg]);
    } else if (s->dflag == MO_32) {
        tcg_gen_bswap32_i64(cpu_regs[reg], cpu_regs[reg], TCG_BSWAP_OZ);
    } else {
        /* 16-bit BSWAP is undefined: hardware zeroes the low word */
        tcg_gen_andi_i64(cpu_regs[reg], cpu_regs[reg], ~0xffffull);
    }
}

#include "decode-vex.c.inc"

/* the 0F xx opcodes; returns false if unknown (then #UD) */
static bool disas_0f(DisasContext *s, int b)
{
    MemOp ot = s->dflag;
    int modrm, reg, mod, rm;
    TCGv_i64 t0, t1, a0;

    switch (b) {
    case 0x05: /* syscall */
        gen_update_cc_op(s);
        tcg_gen_movi_i64(cpu_eip, s->insn_pc);
        gen_call(&hi_syscall, NULL, 2, ENV, C(s->pc));
        s->base.is_jmp = DISAS_NORETURN;
        return true;
    case 0x0b: /* ud2 */
    case 0xb9: /* ud1 */
        gen_illegal_opcode(s);
        return true;
    case 0x0d: /* prefetch */
    case 0x18: case 0x19: case 0x1a: case 0x1b: case 0x1c: case 0x1d:
    case 0x1e: case 0x1f: /* hint nops, endbr64 */
        modrm = x86_ldub_code(s);
        if ((modrm >> 6) != 3) {
            gen_lea_modrm(s, modrm, 0);
        }
        return true;
    case 0x31: /* rdtsc */
        gen_call(&hi_rdtsc, NULL, 1, ENV);
        return true;
    case 0xa2: /* cpuid */
        gen_call(&hi_cpuid, NULL, 1, ENV);
        return true;
    case 0x40 ... 0x4f: /* cmovcc */
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        t0 = gen_ld_modrm(s, modrm, ot, 0, NULL);
        {
            TCGv_i64 old = tcg_temp_new_i64(), v = tcg_temp_new_i64();
            TCGv_i64 ca, cb;
            TCGCond cond;
            gen_op_mov_v_reg(s, ot, old, reg);
            if (gen_prepare_cc(s, b & 15, &cond, &ca, &cb)) {
                tcg_gen_movcond_i64(cond, v, ca, cb, t0, old);
            } else {
                t1 = gen_cond(s, b & 15);
                tcg_gen_movcond_i64(TCG_COND_NE, v, t1, C(0), t0, old);
            }
            /* 32-bit CMOV zero-extends even when false */
            gen_op_mov_reg_v(s, ot, reg, v);
        }
        return true;
    case 0x80 ... 0x8f: { /* jcc rel16/32 */
        int64_t disp = insn_get(s, ot == MO_16 ? MO_16 : MO_32);
        uint64_t target = s->pc + disp;
        if (ot == MO_16) {
            target &= 0xffff;
        }
        gen_jcc(s, b & 15, target, s->pc);
        return true;
    }
    case 0x90 ... 0x9f: /* setcc */
        modrm = x86_ldub_code(s);
        t1 = gen_cond(s, b & 15);
        if ((modrm >> 6) == 3) {
            gen_op_mov_reg_v(s, MO_8, (modrm & 7) | s->rex_b, t1);
        } else {
            gen_op_st_v(s, MO_8, t1, gen_lea_modrm(s, modrm, 0));
        }
        return true;
    case 0xa3: case 0xab: case 0xb3: case 0xbb: /* bt/bts/btr/btc r */
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        t1 = tcg_temp_new_i64();
        gen_op_mov_v_reg(s, ot, t1, reg);
        gen_bt(s, (b >> 3) & 3, ot, modrm, t1, false, 0);
        return true;
    case 0xba: /* grp8: bt/bts/btr/btc imm8 */
        modrm = x86_ldub_code(s);
        if (((modrm >> 3) & 7) < 4) {
            return false;
        }
        {
            /* the immediate follows the address bytes */
            DisasContext save = *s;
            int def_seg;
            uint64_t pc0 = s->pc;
            int imm;
            if ((modrm >> 6) != 3) {
                /* skip the address bytes to reach the immediate */
                (void)pc0;
            }
            (void)save;
            (void)def_seg;
            imm = -1;
            (void)imm;
        }
        t1 = tcg_temp_new_i64();
        {
            /* decode address first (rip_off 1), then read imm8 */
            int op = ((modrm >> 3) & 7) - 4;
            TCGv_i64 av = NULL, v = tcg_temp_new_i64();
            int d = (modrm & 7) | s->rex_b;
            int bits = 8 << ot, n;
            if ((modrm >> 6) != 3) {
                av = gen_lea_modrm(s, modrm, 1);
            }
            n = x86_ldub_code(s) & (bits - 1);
            if (av && op && (s->prefix & PREFIX_LOCK)) {
                /* atomic BTS/BTR/BTC with an immediate bit */
                gen_call(&hi_atomic_rmw, v, 4, ENV, av, C(1ull << n),
                         C(ot | (10 + op) << 4));
                t1 = tcg_temp_new_i64();
                tcg_gen_extract_i64(t1, v, n, 1);
                op = 0;
            } else if (av) {
                gen_op_ld_v(s, ot, v, av);
                t1 = tcg_temp_new_i64();
                tcg_gen_extract_i64(t1, v, n, 1);
            } else {
                gen_op_mov_v_reg(s, ot, v, d);
                t1 = tcg_temp_new_i64();
                tcg_gen_extract_i64(t1, v, n, 1);
            }
            if (op) {
                switch (op) {
                case 1: tcg_gen_ori_i64(v, v, 1ull << n); break;
                case 2: tcg_gen_andi_i64(v, v, ~(1ull << n)); break;
                default: tcg_gen_xori_i64(v, v, 1ull << n); break;
                }
                gen_st_modrm_or_reg(s, ot, av, d, v);
            }
            gen_compute_eflags(s);
            tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_C);
            tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, t1);
        }
        return true;
    case 0xa4: case 0xa5: case 0xac: case 0xad: { /* shld/shrd */
        TCGv_i64 cnt, res = tcg_temp_new_i64();
        int d;
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        d = (modrm & 7) | s->rex_b;
        a0 = NULL;
        t0 = tcg_temp_new_i64();
        if ((modrm >> 6) != 3) {
            a0 = gen_lea_modrm(s, modrm, (b & 1) ? 0 : 1);
        }
        if (b & 1) {
            cnt = tcg_temp_new_i64();
            tcg_gen_andi_i64(cnt, cpu_regs[R_ECX], 0xff);
        } else {
            cnt = C(x86_ldub_code(s));
        }
        if (a0) {
            gen_op_ld_v(s, ot, t0, a0);
        } else {
            gen_op_mov_v_reg(s, ot, t0, d);
        }
        t1 = tcg_temp_new_i64();
        gen_op_mov_v_reg(s, ot, t1, reg);
        {
            TCGv_i64 arg = tcg_temp_new_i64();
            int mask = ot == MO_64 ? 63 : 31;
            tcg_gen_andi_i64(arg, cnt, mask);
            tcg_gen_ori_i64(arg, arg, ot << 8 | (b >= 0xac ? 1 << 12 : 0));
            gen_update_cc_op(s);
            gen_call(&hi_shld, res, 4, ENV, t0, t1, arg);
            s->cc_op = CC_OP_EFLAGS;
            s->cc_op_dirty = false;
            /* a zero count returns the destination: written back as is */
            gen_st_modrm_or_reg(s, ot, a0, d, res);
        }
        return true;
    }
    case 0xaf: /* imul r, r/m */
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        t0 = gen_ld_modrm(s, modrm, ot, 0, NULL);
        t1 = tcg_temp_new_i64();
        gen_op_mov_v_reg(s, ot, t1, reg);
        gen_imul3(s, ot, reg, t1, t0);
        return true;
    case 0xb0: case 0xb1: /* cmpxchg */
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        gen_cmpxchg(s, b & 1 ? ot : MO_8, modrm, reg);
        return true;
    case 0xc0: case 0xc1: { /* xadd */
        MemOp o = b & 1 ? ot : MO_8;
        TCGv_i64 sum = tcg_temp_new_i64();
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        t1 = tcg_temp_new_i64();
        gen_op_mov_v_reg(s, o, t1, reg);
        t0 = gen_ld_modrm(s, modrm, o, 0, &a0);
        if (a0 && (s->prefix & PREFIX_LOCK)) {
            t0 = tcg_temp_new_i64();
            gen_update_cc_op(s);
            gen_call(&hi_atomic_rmw, t0, 4, ENV, a0, t1, C(o));
        }
        tcg_gen_add_i64(sum, t0, t1);
        if (a0) {
            if (!(s->prefix & PREFIX_LOCK)) {
                gen_op_st_v(s, o, sum, a0);
            }
            gen_op_mov_reg_v(s, o, reg, t0);
        } else {
            gen_op_mov_reg_v(s, o, reg, t0);
            gen_op_mov_reg_v(s, o, (modrm & 7) | s->rex_b, sum);
        }
        tcg_gen_mov_i64(cpu_cc_src, t1);
        tcg_gen_mov_i64(cpu_cc_dst, sum);
        set_cc_op(s, CC_OP_ADDB + o);
        return true;
    }
    case 0xc7: /* grp9 */
        modrm = x86_ldub_code(s);
        mod = modrm >> 6;
        if (((modrm >> 3) & 7) == 1 && mod != 3) {
            a0 = gen_lea_modrm(s, modrm, 0);
            gen_update_cc_op(s);
            tcg_gen_movi_i64(cpu_eip, s->insn_pc);
            gen_call(s->rex_w ? &hi_cmpxchg16b : &hi_cmpxchg8b, NULL, 2,
                     ENV, a0);
            s->cc_op = CC_OP_EFLAGS;
            s->cc_op_dirty = false;
            return true;
        }
        return false;
    case 0xb6: case 0xb7: case 0xbe: case 0xbf: { /* movzx/movsx */
        MemOp so = b & 1 ? MO_16 : MO_8;
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        t0 = gen_ld_modrm(s, modrm, so, 0, NULL);
        t0 = gen_ext(so, t0, b >= 0xbe);
        gen_op_mov_reg_v(s, ot, reg, t0);
        return true;
    }
    case 0xb8: /* popcnt */
        if (!(s->prefix & PREFIX_REPZ) ||
            !(s->env->features[FEAT_1_ECX] & (1u << 23))) {
            return false;
        }
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        t0 = gen_ld_modrm(s, modrm, ot, 0, NULL);
        t0 = gen_ext(ot, t0, false);
        t1 = tcg_temp_new_i64();
        tcg_gen_ctpop_i64(t1, t0);
        gen_op_mov_reg_v(s, ot, reg, t1);
        tcg_gen_mov_i64(cpu_cc_src, t0);
        set_cc_op(s, CC_OP_POPCNT);
        return true;
    case 0xbc: case 0xbd: { /* bsf/bsr, tzcnt/lzcnt */
        int bits = 8 << ot;
        bool cnt = (s->prefix & PREFIX_REPZ) &&
                   (b == 0xbc ? (s->env->features[FEAT_7_0_EBX] & (1u << 3))
                              : (s->env->features[FEAT_8000_0001_ECX] &
                                 (1u << 5)));
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        t0 = gen_ld_modrm(s, modrm, ot, 0, NULL);
        t0 = gen_ext(ot, t0, false);
        t1 = tcg_temp_new_i64();
        if (cnt) {
            if (b == 0xbc) {
                tcg_gen_ctzi_i64(t1, t0, bits);
            } else {
                tcg_gen_clzi_i64(t1, t0, 64);
                tcg_gen_subi_i64(t1, t1, 64 - bits);
            }
            gen_op_mov_reg_v(s, ot, reg, t1);
            tcg_gen_mov_i64(cpu_cc_src, t0);
            tcg_gen_mov_i64(cpu_cc_dst, t1);
            set_cc_op(s, CC_OP_BMILGB + ot);
        } else {
            TCGv_i64 old = tcg_temp_new_i64(), v = tcg_temp_new_i64();
            if (b == 0xbc) {
                tcg_gen_ctzi_i64(t1, t0, 0);
            } else {
                tcg_gen_clzi_i64(t1, t0, 0);
                tcg_gen_xori_i64(t1, t1, 63);
            }
            /* source 0: the destination is left unchanged */
            tcg_gen_mov_i64(old, cpu_regs[reg]);
            tcg_gen_movcond_i64(TCG_COND_NE, v, t0, C(0), t1, old);
            if (ot == MO_16) {
                gen_op_mov_reg_v(s, ot, reg, v);
            } else if (ot == MO_32) {
                TCGv_i64 z = tcg_temp_new_i64();
                tcg_gen_ext32u_i64(z, t1);
                tcg_gen_movcond_i64(TCG_COND_NE, cpu_regs[reg], t0, C(0), z,
                                    cpu_regs[reg]);
            } else {
                tcg_gen_mov_i64(cpu_regs[reg], v);
            }
            /* ZF = source is zero; others undefined */
            tcg_gen_mov_i64(cpu_cc_dst, t0);
            set_cc_op(s, CC_OP_LOGICB + ot);
        }
        return true;
    }
    case 0xc8 ... 0xcf:
        gen_bswap(s, (b & 7) | s->rex_b);
        return true;
    case 0xa0: case 0xa8: /* push fs/gs */
    case 0xa1: case 0xa9:
        return false;
    default:
        break;
    }
    (void)rm;
    return x86_sse_gen_0f(s, b);
}

static void gen_movs_stos_etc(DisasContext *s, int b)
{
    MemOp ot = (b & 1) ? s->dflag : MO_8;
    static const int ops[8] = { -1, -1, 0, 1, -1, 2, 3, 4 };
    /* a4 movs, a6 cmps, aa stos, ac lods, ae scas */
    int op = ops[(b - 0xa0) >> 1];

    gen_string(s, op, ot);
}

/* one instruction; returns false if it is not decodable (#UD) */
static bool disas_insn(DisasContext *s)
{
    int b, modrm, reg, mod, rm, op;
    MemOp ot;
    TCGv_i64 t0, t1, a0;
    int64_t imm;

    s->prefix = 0;
    s->override = -1;
    s->has_rex = false;
    s->rex_w = s->rex_r = s->rex_x = s->rex_b = 0;
    s->vex_l = s->vex_v = 0;
    s->vex = false;

next_byte:
    b = x86_ldub_code(s);
    switch (b) {
    case 0xf3:
        s->prefix = (s->prefix & ~PREFIX_REPNZ) | PREFIX_REPZ;
        s->has_rex = false;
        goto next_byte;
    case 0xf2:
        s->prefix = (s->prefix & ~PREFIX_REPZ) | PREFIX_REPNZ;
        s->has_rex = false;
        goto next_byte;
    case 0xf0:
        s->prefix |= PREFIX_LOCK;
        s->has_rex = false;
        goto next_byte;
    case 0x2e: case 0x36: case 0x3e: case 0x26:
        /* null segments in 64-bit mode */
        s->has_rex = false;
        goto next_byte;
    case 0x64:
        s->override = R_FS;
        s->has_rex = false;
        goto next_byte;
    case 0x65:
        s->override = R_GS;
        s->has_rex = false;
        goto next_byte;
    case 0x66:
        s->prefix |= PREFIX_DATA;
        s->has_rex = false;
        goto next_byte;
    case 0x67:
        s->prefix |= PREFIX_ADR;
        s->has_rex = false;
        goto next_byte;
    case 0x40 ... 0x4f:
        /* REX: only effective immediately before the opcode */
        s->has_rex = true;
        s->rex_w = (b >> 3) & 1;
        s->rex_r = (b & 4) << 1;
        s->rex_x = (b & 2) << 2;
        s->rex_b = (b & 1) << 3;
        b = x86_ldub_code(s);
        if (b >= 0x40 && b <= 0x4f) {
            s->pc--;
            goto next_byte;
        }
        if (b == 0xf0 || b == 0xf2 || b == 0xf3 || b == 0x66 || b == 0x67 ||
            b == 0x64 || b == 0x65 || b == 0x2e || b == 0x36 || b == 0x3e ||
            b == 0x26) {
            /* a legacy prefix after REX cancels it */
            s->pc--;
            s->has_rex = false;
            s->rex_w = s->rex_r = s->rex_x = s->rex_b = 0;
            goto next_byte;
        }
        break;
    default:
        break;
    }
    if (!s->has_rex) {
        s->rex_w = s->rex_r = s->rex_x = s->rex_b = 0;
    }
    s->dflag = s->rex_w ? MO_64 : (s->prefix & PREFIX_DATA) ? MO_16 : MO_32;
    s->aflag = (s->prefix & PREFIX_ADR) ? MO_32 : MO_64;

    if (b == 0xc4 || b == 0xc5) {
        return disas_vex(s, b);
    }
    if (b == 0x0f) {
        b = x86_ldub_code(s);
        if (s->prefix & PREFIX_LOCK) {
            /* LOCK is valid only on the read-modify-write forms */
            switch (b) {
            case 0xab: case 0xb3: case 0xbb: case 0xba: case 0xb0: case 0xb1:
            case 0xc0: case 0xc1: case 0xc7:
                break;
            default:
                return false;
            }
        }
        return disas_0f(s, b);
    }
    if (s->prefix & PREFIX_LOCK) {
        switch (b) {
        case 0x00 ... 0x33: case 0x80 ... 0x83: case 0x86: case 0x87:
        case 0xf6: case 0xf7: case 0xfe: case 0xff:
            break;
        default:
            return false;
        }
        if (b <= 0x33 && ((b & 7) > 1 || (b & 0x38) == 0x38)) {
            return false;
        }
    }

    ot = s->dflag;
    switch (b) {
    case 0x00 ... 0x3f:
        if ((b & 7) > 5) {
            return false;   /* push/pop seg, DAA etc.: invalid in 64-bit */
        }
        op = b >> 3;
        ot = (b & 1) ? s->dflag : MO_8;
        switch (b & 7) {
        case 0: case 1: /* op r/m, reg */
            modrm = x86_ldub_code(s);
            reg = ((modrm >> 3) & 7) | s->rex_r;
            if ((s->prefix & PREFIX_LOCK) && (modrm >> 6) == 3) {
                return false;
            }
            t1 = gen_reg_lo(s, ot, reg);
            if ((modrm >> 6) == 3 && (op == OP_XOR || op == OP_SUB) &&
                ((modrm & 7) | s->rex_b) == reg) {
                /* xor/sub r, r: a constant zero */
                t0 = C(0);
                gen_alu(s, op, ot, t1, t1, NULL, reg);
                (void)t0;
                break;
            }
            t0 = gen_ld_modrm_lo(s, modrm, ot, 0, &a0);
            gen_alu(s, op, ot, t0, t1, a0, (modrm & 7) | s->rex_b);
            break;
        case 2: case 3: /* op reg, r/m */
            modrm = x86_ldub_code(s);
            reg = ((modrm >> 3) & 7) | s->rex_r;
            t1 = gen_ld_modrm_lo(s, modrm, ot, 0, NULL);
            t0 = gen_reg_lo(s, ot, reg);
            gen_alu(s, op, ot, t0, t1, NULL, reg);
            break;
        default: /* op al/eax, imm */
            imm = insn_get(s, ot);
            t0 = gen_reg_lo(s, ot, R_EAX);
            gen_alu(s, op, ot, t0, C(imm), NULL, R_EAX);
            break;
        }
        break;

    case 0x50 ... 0x57: /* push */
        t0 = tcg_temp_new_i64();
        gen_op_mov_v_reg(s, stack_ot(s), t0, (b & 7) | s->rex_b);
        gen_push_v(s, stack_ot(s), t0);
        break;
    case 0x58 ... 0x5f: /* pop */
        ot = stack_ot(s);
        t0 = gen_pop_t(s, ot);
        gen_pop_update(s, ot);
        gen_op_mov_reg_v(s, ot, (b & 7) | s->rex_b, t0);
        break;
    case 0x63: /* movsxd */
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        t0 = gen_ld_modrm_lo(s, modrm, MO_32, 0, NULL);
        if (ot == MO_64) {
            tcg_gen_ext32s_i64(t0, t0);
        }
        gen_op_mov_reg_v(s, ot, reg, t0);
        break;
    case 0x68: case 0x6a: /* push imm */
        imm = insn_get(s, b == 0x6a ? MO_8 : (ot == MO_16 ? MO_16 : MO_32));
        gen_push_v(s, stack_ot(s), C(imm));
        break;
    case 0x69: case 0x6b: /* imul r, r/m, imm */
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        {
            int isz = b == 0x6b ? 1 : imm_size(ot);
            t0 = gen_ld_modrm(s, modrm, ot, isz, NULL);
            imm = insn_get(s, b == 0x6b ? MO_8 : ot);
        }
        gen_imul3(s, ot, reg, t0, C(imm));
        break;
    case 0x70 ... 0x7f: { /* jcc rel8 */
        int64_t disp = (int8_t)x86_ldub_code(s);
        gen_jcc(s, b & 15, s->pc + disp, s->pc);
        break;
    }
    case 0x80: case 0x81: case 0x83: /* grp1 */
        ot = b == 0x80 ? MO_8 : s->dflag;
        modrm = x86_ldub_code(s);
        op = (modrm >> 3) & 7;
        if ((s->prefix & PREFIX_LOCK) && ((modrm >> 6) == 3 || op == OP_CMP)) {
            return false;
        }
        {
            int isz = b == 0x81 ? imm_size(ot) : 1;
            t0 = gen_ld_modrm_lo(s, modrm, ot, isz, &a0);
            imm = insn_get(s, b == 0x81 ? ot : MO_8);
        }
        gen_alu(s, op, ot, t0, C(imm), a0, (modrm & 7) | s->rex_b);
        break;
    case 0x84: case 0x85: /* test r/m, reg */
        ot = (b & 1) ? s->dflag : MO_8;
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        t0 = gen_ld_modrm_lo(s, modrm, ot, 0, NULL);
        t1 = gen_reg_lo(s, ot, reg);
        tcg_gen_and_i64(cpu_cc_dst, t0, t1);
        set_cc_op(s, CC_OP_LOGICB + ot);
        break;
    case 0x86: case 0x87: /* xchg */
        ot = (b & 1) ? s->dflag : MO_8;
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        t1 = tcg_temp_new_i64();
        gen_op_mov_v_reg(s, ot, t1, reg);
        if ((modrm >> 6) != 3) {
            /* XCHG with memory is always atomic */
            a0 = gen_lea_modrm(s, modrm, 0);
            t0 = tcg_temp_new_i64();
            gen_update_cc_op(s);
            gen_call(&hi_atomic_rmw, t0, 4, ENV, a0, t1, C(ot | 8 << 4));
        } else {
            t0 = gen_ld_modrm(s, modrm, ot, 0, &a0);
            gen_op_mov_reg_v(s, ot, (modrm & 7) | s->rex_b, t1);
        }
        gen_op_mov_reg_v(s, ot, reg, t0);
        break;
    case 0x88: case 0x89: /* mov r/m, reg */
        ot = (b & 1) ? s->dflag : MO_8;
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        t1 = gen_reg_lo(s, ot, reg);
        if ((modrm >> 6) == 3) {
            gen_op_mov_reg_v(s, ot, (modrm & 7) | s->rex_b, t1);
        } else {
            gen_op_st_v(s, ot, t1, gen_lea_modrm(s, modrm, 0));
        }
        break;
    case 0x8a: case 0x8b: /* mov reg, r/m */
        ot = (b & 1) ? s->dflag : MO_8;
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        t0 = gen_ld_modrm_lo(s, modrm, ot, 0, NULL);
        gen_op_mov_reg_v(s, ot, reg, t0);
        break;
    case 0x8c: /* mov r/m, sreg */
        modrm = x86_ldub_code(s);
        reg = (modrm >> 3) & 7;
        if (reg > 5) {
            return false;
        }
        t0 = tcg_temp_new_i64();
        tcg_gen_ld32u_i64(t0, tcg_env,
                          offsetof(CPUX86State, segs[reg].selector));
        if ((modrm >> 6) == 3) {
            gen_op_mov_reg_v(s, ot == MO_16 ? MO_16 : MO_32,
                             (modrm & 7) | s->rex_b, t0);
        } else {
            gen_op_st_v(s, MO_16, t0, gen_lea_modrm(s, modrm, 0));
        }
        break;
    case 0x8d: /* lea */
        modrm = x86_ldub_code(s);
        if ((modrm >> 6) == 3) {
            return false;
        }
        reg = ((modrm >> 3) & 7) | s->rex_r;
        {
            int def_seg;
            a0 = gen_lea_modrm_noseg(s, modrm, 0, &def_seg);
        }
        gen_op_mov_reg_v(s, ot, reg, a0);
        break;
    case 0x8f: /* pop r/m */
        modrm = x86_ldub_code(s);
        if (((modrm >> 3) & 7) != 0) {
            return false;
        }
        ot = stack_ot(s);
        t0 = gen_pop_t(s, ot);
        if ((modrm >> 6) == 3) {
            gen_pop_update(s, ot);
            gen_op_mov_reg_v(s, ot, (modrm & 7) | s->rex_b, t0);
        } else {
            /* the address uses RSP after the pop */
            TCGv_i64 old = tcg_temp_new_i64();
            tcg_gen_mov_i64(old, cpu_regs[R_ESP]);
            gen_pop_update(s, ot);
            a0 = gen_lea_modrm(s, modrm, 0);
            gen_op_st_v(s, ot, t0, a0);
            (void)old;
        }
        break;
    case 0x90: /* nop, pause, xchg r8, rax */
        if (s->rex_b) {
            goto do_xchg;
        }
        break;
    case 0x91 ... 0x97:
    do_xchg:
        reg = (b & 7) | s->rex_b;
        t0 = tcg_temp_new_i64();
        t1 = tcg_temp_new_i64();
        gen_op_mov_v_reg(s, ot, t0, reg);
        gen_op_mov_v_reg(s, ot, t1, R_EAX);
        gen_op_mov_reg_v(s, ot, R_EAX, t0);
        gen_op_mov_reg_v(s, ot, reg, t1);
        break;
    case 0x98: /* cbw/cwde/cdqe */
        t0 = tcg_temp_new_i64();
        gen_op_mov_v_reg(s, ot - 1, t0, R_EAX);
        t0 = gen_ext(ot - 1, t0, true);
        gen_op_mov_reg_v(s, ot, R_EAX, t0);
        break;
    case 0x99: /* cwd/cdq/cqo */
        t0 = tcg_temp_new_i64();
        gen_op_mov_v_reg(s, ot, t0, R_EAX);
        t0 = gen_ext(ot, t0, true);
        tcg_gen_sari_i64(t0, t0, 63);
        gen_op_mov_reg_v(s, ot, R_EDX, t0);
        break;
    case 0x9b: /* fwait */
        x86_fpu_gen_wait(s);
        break;
    case 0x9c: /* pushf */
        gen_update_cc_op(s);
        t0 = tcg_temp_new_i64();
        gen_call(&hi_read_eflags, t0, 1, ENV);
        gen_push_v(s, stack_ot(s), t0);
        break;
    case 0x9d: /* popf */
        ot = stack_ot(s);
        t0 = gen_pop_t(s, ot);
        gen_pop_update(s, ot);
        gen_update_cc_op(s);
        gen_call(&hi_write_eflags, NULL, 3, ENV, t0,
                 C(ot == MO_16 ? 0x7fd5 : (CC_ALL | DF_MASK | TF_MASK |
                                           AC_MASK | ID_MASK | 0x4000)));
        s->cc_op = CC_OP_EFLAGS;
        s->cc_op_dirty = false;
        /* TF may have changed: end the TB */
        tcg_gen_movi_i64(cpu_eip, s->pc);
        tcg_gen_exit_tb(NULL, 0);
        s->base.is_jmp = DISAS_NORETURN;
        break;
    case 0x9e: /* sahf */
        gen_compute_eflags(s);
        t0 = tcg_temp_new_i64();
        tcg_gen_extract_i64(t0, cpu_regs[R_EAX], 8, 8);
        tcg_gen_andi_i64(t0, t0, CC_S | CC_Z | CC_A | CC_P | CC_C);
        tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, CC_O);
        tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, t0);
        break;
    case 0x9f: /* lahf */
        gen_compute_eflags(s);
        t0 = tcg_temp_new_i64();
        tcg_gen_andi_i64(t0, cpu_cc_src, CC_S | CC_Z | CC_A | CC_P | CC_C);
        tcg_gen_ori_i64(t0, t0, 2);
        tcg_gen_deposit_i64(cpu_regs[R_EAX], cpu_regs[R_EAX], t0, 8, 8);
        break;
    case 0xa0 ... 0xa3: { /* mov al/eax, moffs */
        uint64_t addr = s->aflag == MO_64 ? x86_ldq_code(s) : x86_ldl_code(s);
        ot = (b & 1) ? s->dflag : MO_8;
        a0 = tcg_temp_new_i64();
        tcg_gen_movi_i64(a0, addr);
        a0 = gen_seg_addr(s, a0, R_DS);
        t0 = tcg_temp_new_i64();
        if (b & 2) {
            gen_op_mov_v_reg(s, ot, t0, R_EAX);
            gen_op_st_v(s, ot, t0, a0);
        } else {
            gen_op_ld_v(s, ot, t0, a0);
            gen_op_mov_reg_v(s, ot, R_EAX, t0);
        }
        break;
    }
    case 0xa4 ... 0xa7: case 0xaa ... 0xaf:
        gen_movs_stos_etc(s, b);
        break;
    case 0xa8: case 0xa9: /* test al/eax, imm */
        ot = (b & 1) ? s->dflag : MO_8;
        imm = insn_get(s, ot);
        t0 = gen_reg_lo(s, ot, R_EAX);
        tcg_gen_andi_i64(cpu_cc_dst, t0, imm);
        set_cc_op(s, CC_OP_LOGICB + ot);
        break;
    case 0xb0 ... 0xb7: /* mov r8, imm8 */
        imm = x86_ldub_code(s);
        gen_op_mov_reg_v(s, MO_8, (b & 7) | s->rex_b, C(imm));
        break;
    case 0xb8 ... 0xbf: /* mov r, imm */
        if (ot == MO_64) {
            imm = x86_ldq_code(s);
        } else {
            imm = insn_get(s, ot);
        }
        gen_op_mov_reg_v(s, ot, (b & 7) | s->rex_b, C(imm));
        break;
    case 0xc0: case 0xc1: /* grp2 imm8 */
        ot = (b & 1) ? s->dflag : MO_8;
        modrm = x86_ldub_code(s);
        op = (modrm >> 3) & 7;
        {
            TCGv_i64 av = NULL, v = tcg_temp_new_i64();
            int d = (modrm & 7) | s->rex_b, n;
            if ((modrm >> 6) != 3) {
                av = gen_lea_modrm(s, modrm, 1);
            }
            n = x86_ldub_code(s);
            if (av) {
                gen_op_ld_v(s, ot, v, av);
            } else {
                gen_op_mov_v_reg(s, ot, v, d);
            }
            if (op >= 4) {
                gen_shift(s, op, ot, v, NULL, n, av, d);
            } else if (op < 2) {
                gen_rot_imm(s, op, ot, v, n, av, d);
            } else {
                int mask = ot == MO_64 ? 63 : 31;
                if (n & mask) {
                    TCGv_i64 res = tcg_temp_new_i64();
                    gen_update_cc_op(s);
                    gen_call(&hi_rotate, res, 4, ENV, v, C(n),
                             C(op << 4 | ot));
                    s->cc_op = CC_OP_EFLAGS;
                    s->cc_op_dirty = false;
                    gen_st_modrm_or_reg(s, ot, av, d, res);
                } else {
                    gen_zext_count0(s, ot, av, d);
                }
            }
        }
        break;
    case 0xd0 ... 0xd3: /* grp2 by 1 / CL */
        ot = (b & 1) ? s->dflag : MO_8;
        modrm = x86_ldub_code(s);
        op = (modrm >> 3) & 7;
        if (b & 2) {
            t1 = tcg_temp_new_i64();
            tcg_gen_andi_i64(t1, cpu_regs[R_ECX], 0xff);
            gen_grp2(s, op, ot, modrm, t1, -1, 0);
        } else {
            gen_grp2(s, op, ot, modrm, NULL, 1, 0);
        }
        break;
    case 0xc2: case 0xc3: { /* ret */
        int n = b == 0xc2 ? x86_lduw_code(s) : 0;
        ot = stack_ot(s);
        t0 = gen_pop_t(s, ot);
        tcg_gen_addi_i64(cpu_regs[R_ESP], cpu_regs[R_ESP], n + (1 << ot));
        gen_jmp_v(s, t0);
        break;
    }
    case 0xc6: case 0xc7: /* mov r/m, imm */
        ot = (b & 1) ? s->dflag : MO_8;
        modrm = x86_ldub_code(s);
        if (((modrm >> 3) & 7) != 0) {
            return false;
        }
        if ((modrm >> 6) == 3) {
            imm = insn_get(s, ot);
            gen_op_mov_reg_v(s, ot, (modrm & 7) | s->rex_b, C(imm));
        } else {
            a0 = gen_lea_modrm(s, modrm, imm_size(ot));
            imm = insn_get(s, ot);
            gen_op_st_v(s, ot, C(imm), a0);
        }
        break;
    case 0xc8: { /* enter */
        int size = x86_lduw_code(s), level = x86_ldub_code(s) & 31;
        TCGv_i64 fp = tcg_temp_new_i64();
        ot = stack_ot(s);
        gen_push_v(s, ot, cpu_regs[R_EBP]);
        tcg_gen_mov_i64(fp, cpu_regs[R_ESP]);
        for (int i = 1; i < level; i++) {
            TCGv_i64 v = tcg_temp_new_i64(), a = tcg_temp_new_i64();
            tcg_gen_subi_i64(a, cpu_regs[R_EBP], i << ot);
            gen_op_ld_v(s, ot, v, a);
            gen_push_v(s, ot, v);
        }
        if (level) {
            gen_push_v(s, ot, fp);
        }
        gen_op_mov_reg_v(s, ot, R_EBP, fp);
        tcg_gen_subi_i64(cpu_regs[R_ESP], cpu_regs[R_ESP], size);
        break;
    }
    case 0xc9: /* leave */
        ot = stack_ot(s);
        t0 = tcg_temp_new_i64();
        gen_op_ld_v(s, ot, t0, cpu_regs[R_EBP]);
        tcg_gen_addi_i64(cpu_regs[R_ESP], cpu_regs[R_EBP], 1 << ot);
        gen_op_mov_reg_v(s, ot, R_EBP, t0);
        break;
    case 0xcc: /* int3 */
        gen_update_cc_op(s);
        tcg_gen_movi_i64(cpu_eip, s->pc);
        gen_call(&hi_raise_exception, NULL, 2, ENV, C(EXCP03_INT3));
        s->base.is_jmp = DISAS_NORETURN;
        break;
    case 0xcd: /* int n: #GP in user mode (no IDT gates for the guest) */
        x86_ldub_code(s);
        gen_update_cc_op(s);
        tcg_gen_movi_i64(cpu_eip, s->insn_pc);
        gen_call(&hi_raise_exception, NULL, 2, ENV, C(EXCP0D_GPF));
        s->base.is_jmp = DISAS_NORETURN;
        break;
    case 0xd7: /* xlat */
        a0 = tcg_temp_new_i64();
        t0 = tcg_temp_new_i64();
        tcg_gen_ext8u_i64(t0, cpu_regs[R_EAX]);
        tcg_gen_add_i64(a0, cpu_regs[R_EBX], t0);
        a0 = gen_seg_addr(s, a0, R_DS);
        gen_op_ld_v(s, MO_8, t0, a0);
        gen_op_mov_reg_v(s, MO_8, R_EAX, t0);
        break;
    case 0xd8 ... 0xdf:
        return x86_fpu_gen(s, b);
    case 0xe0: case 0xe1: case 0xe2: case 0xe3: { /* loop*, jrcxz */
        int64_t disp = (int8_t)x86_ldub_code(s);
        uint64_t target = s->pc + disp;
        TCGLabel *l = gen_new_label();
        TCGv_i64 c = tcg_temp_new_i64(), z = tcg_temp_new_i64();
        MemOp ao = s->aflag;
        if (b != 0xe3) {
            tcg_gen_subi_i64(c, cpu_regs[R_ECX], 1);
            gen_op_mov_reg_v(s, ao, R_ECX, c);
        }
        tcg_gen_mov_i64(c, cpu_regs[R_ECX]);
        c = gen_ext(ao, c, false);
        if (b == 0xe3) {
            tcg_gen_setcondi_i64(TCG_COND_EQ, z, c, 0);
        } else {
            tcg_gen_setcondi_i64(TCG_COND_NE, z, c, 0);
            if (b != 0xe2) {
                TCGv_i64 zf = gen_cond(s, b == 0xe1 ? 4 : 5);
                tcg_gen_and_i64(z, z, zf);
            }
        }
        gen_update_cc_op(s);
        tcg_gen_brcondi_i64(TCG_COND_NE, z, 0, l);
        gen_jmp_tb(s, s->pc, 0);
        gen_set_label(l);
        gen_jmp_tb(s, target, 1);
        break;
    }
    case 0xe8: { /* call rel32 */
        int64_t disp = (int32_t)x86_ldl_code(s);
        gen_push_v(s, MO_64, C(s->pc));
        gen_jmp_tb(s, s->pc + disp, 0);
        break;
    }
    case 0xe9: { /* jmp rel32 */
        int64_t disp = (int32_t)x86_ldl_code(s);
        gen_jmp_tb(s, s->pc + disp, 0);
        break;
    }
    case 0xeb: { /* jmp rel8 */
        int64_t disp = (int8_t)x86_ldub_code(s);
        gen_jmp_tb(s, s->pc + disp, 0);
        break;
    }
    case 0xf4: /* hlt */
    case 0xfa: case 0xfb: /* cli, sti */
    case 0xe4 ... 0xe7: case 0xec ... 0xef: /* in/out */
    case 0x6c ... 0x6f: /* ins/outs */
        if (b >= 0xe4 && b <= 0xe7) {
            x86_ldub_code(s);
        }
        gen_exception(s, EXCP0D_GPF);
        break;
    case 0xf5: /* cmc */
        gen_compute_eflags(s);
        tcg_gen_xori_i64(cpu_cc_src, cpu_cc_src, CC_C);
        break;
    case 0xf8: case 0xf9: /* clc, stc */
        gen_compute_eflags(s);
        tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_C);
        if (b == 0xf9) {
            tcg_gen_ori_i64(cpu_cc_src, cpu_cc_src, CC_C);
        }
        break;
    case 0xfc: case 0xfd: { /* cld, std */
        TCGv_i32 v = tcg_constant_i32(b == 0xfc ? 1 : -1);
        tcg_gen_st_i32(v, tcg_env, offsetof(CPUX86State, df));
        break;
    }
    case 0xf6: case 0xf7: /* grp3 */
        ot = (b & 1) ? s->dflag : MO_8;
        modrm = x86_ldub_code(s);
        op = (modrm >> 3) & 7;
        if ((s->prefix & PREFIX_LOCK) && (op != 2 && op != 3)) {
            return false;
        }
        if (op == 0 || op == 1) { /* test r/m, imm */
            t0 = gen_ld_modrm_lo(s, modrm, ot, imm_size(ot), NULL);
            imm = insn_get(s, ot);
            tcg_gen_andi_i64(cpu_cc_dst, t0, imm);
            set_cc_op(s, CC_OP_LOGICB + ot);
            break;
        }
        t0 = gen_ld_modrm(s, modrm, ot, 0, &a0);
        switch (op) {
        case 2: /* not */
            t1 = tcg_temp_new_i64();
            if (a0 && (s->prefix & PREFIX_LOCK)) {
                gen_call(&hi_atomic_rmw, t0, 4, ENV, a0, C(0), C(ot | 9 << 4));
                tcg_gen_not_i64(t1, t0);
            } else {
                tcg_gen_not_i64(t1, t0);
                gen_st_modrm(s, modrm, ot, a0, t1);
            }
            break;
        case 3: /* neg */
            t1 = tcg_temp_new_i64();
            if (a0 && (s->prefix & PREFIX_LOCK)) {
                gen_update_cc_op(s);
                gen_call(&hi_atomic_rmw, t0, 4, ENV, a0, C(0),
                         C(ot | 10 << 4));
                tcg_gen_neg_i64(t1, t0);
            } else {
                tcg_gen_neg_i64(t1, t0);
                gen_st_modrm(s, modrm, ot, a0, t1);
            }
            tcg_gen_mov_i64(cpu_cc_src, t0);
            tcg_gen_mov_i64(cpu_cc_dst, t1);
            set_cc_op(s, CC_OP_SUBB + ot);
            break;
        case 4: gen_mul(s, ot, t0, false); break;
        case 5: gen_mul(s, ot, t0, true); break;
        default:
            gen_div(s, ot, t0, op == 7, modrm);
            break;
        }
        break;
    case 0xfe: case 0xff: /* grp4/5 */
        ot = (b & 1) ? s->dflag : MO_8;
        modrm = x86_ldub_code(s);
        op = (modrm >> 3) & 7;
        mod = modrm >> 6;
        rm = (modrm & 7) | s->rex_b;
        if (b == 0xfe && op > 1) {
            return false;
        }
        if (op < 2) {
            if ((s->prefix & PREFIX_LOCK) && mod == 3) {
                return false;
            }
            t0 = gen_ld_modrm_lo(s, modrm, ot, 0, &a0);
            gen_inc_dec(s, ot, t0, a0, rm, op == 0 ? 1 : -1);
            break;
        }
        if (s->prefix & PREFIX_LOCK) {
            return false;
        }
        switch (op) {
        case 2: /* call r/m64 */
            t0 = gen_ld_modrm(s, modrm, MO_64, 0, NULL);
            gen_push_v(s, MO_64, C(s->pc));
            gen_jmp_v(s, t0);
            break;
        case 4: /* jmp r/m64 */
            t0 = gen_ld_modrm(s, modrm, MO_64, 0, NULL);
            gen_jmp_v(s, t0);
            break;
        case 6: /* push r/m */
            t0 = gen_ld_modrm(s, modrm, stack_ot(s), 0, NULL);
            gen_push_v(s, stack_ot(s), t0);
            break;
        default: /* far call/jmp */
            return false;
        }
        break;
    default:
        return false;
    }
    return true;
}

/* ---- TranslatorOps ---- */

static void i386_tr_init_disas_context(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = container_of(db, DisasContext, base);

    s->cs = cpu;
    s->env = cpu->env_ptr;
    s->cc_op = CC_OP_DYNAMIC;
    s->cc_op_dirty = false;
    s->mem_index = 0;
}

static void i386_tr_tb_start(DisasContextBase *db, CPUState *cpu)
{
}

static void i386_tr_insn_start(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = container_of(db, DisasContext, base);

    s->insn_prev_op = tcg_ctx->last_op;
    s->insn_cc_op = s->cc_op;
    s->insn_cc_op_dirty = s->cc_op_dirty;
    s->insn_nb_slow = s->nb_slow;
    tcg_gen_insn_start(db->pc_next, s->cc_op);
}

/* drop the ops of the insn being translated: it goes to the next TB */
static void rewind_insn(DisasContext *s)
{
    TCGOp *op;

    while ((op = tcg_ctx->last_op) && op != s->insn_prev_op) {
        tcg_op_remove(tcg_ctx, op);
    }
    tcg_ctx->nb_insns--;
    s->base.num_insns--;
    s->cc_op = s->insn_cc_op;
    s->cc_op_dirty = s->insn_cc_op_dirty;
    s->nb_slow = s->insn_nb_slow;
    s->pc = s->insn_pc;
    s->base.is_jmp = DISAS_TOO_MANY;
}

static void i386_tr_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = container_of(db, DisasContext, base);
    int r;

    s->insn_pc = db->pc_next;
    s->pc = db->pc_next;
    x86_translating_pc = s->insn_pc;
    r = sigsetjmp(s->jmpbuf, 0);
    if (r == 0) {
        if (!disas_insn(s)) {
            gen_illegal_opcode(s);
        }
    } else if (r == 3) {
        /* reaches into the next page: the next TB starts with it */
        rewind_insn(s);
    } else {
        /* too long: #GP */
        gen_exception(s, EXCP0D_GPF);
    }
    x86_translating_pc = -1;
    db->pc_next = s->pc;
}

static void i386_tr_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = container_of(db, DisasContext, base);

    if (db->is_jmp == DISAS_TOO_MANY || db->is_jmp == DISAS_NEXT) {
        gen_jmp_tb(s, db->pc_next, 0);
    } else if (db->is_jmp == DISAS_EOB_NEXT) {
        gen_update_cc_op(s);
        tcg_gen_movi_i64(cpu_eip, db->pc_next);
        tcg_gen_exit_tb(NULL, 0);
    }
    gen_slow_paths(s);
}

__thread uint64_t x86_translating_pc = (uint64_t)-1;

/* "-d in_asm": the guest code of the TB, disassembled (capstone) */
static void i386_tr_disas_log(const DisasContextBase *db, CPUState *cpu,
                              FILE *f)
{
    size_t size = db->pc_next - db->pc_first;
    g_autofree uint8_t *buf = g_malloc(size + 1);

    for (size_t i = 0; i < size; i++) {
        buf[i] = translator_ldub(cpu, (DisasContextBase *)db,
                                 db->pc_first + i);
    }
    disas_x86_code(f, buf, size, db->pc_first, 64);
}

static const TranslatorOps i386_tr_ops = {
    .disas_log = i386_tr_disas_log,
    .init_disas_context = i386_tr_init_disas_context,
    .tb_start = i386_tr_tb_start,
    .insn_start = i386_tr_insn_start,
    .translate_insn = i386_tr_translate_insn,
    .tb_stop = i386_tr_tb_stop,
};

static void x86_translate_code(CPUState *cpu, TranslationBlock *tb,
                               int *max_insns, uint64_t pc)
{
    DisasContext dc;

    memset(&dc, 0, sizeof(dc));
    translator_loop(cpu, tb, *max_insns, pc, NULL, &i386_tr_ops, &dc.base);
}

static void x86_get_tb_cpu_state(CPUState *cpu, uint64_t *pc,
                                 uint64_t *cs_base, uint32_t *flags)
{
    CPUX86State *env = cpu->env_ptr;

    *pc = env->eip;
    *cs_base = 0;
    *flags = HF_CS64_MASK |
             ((env->mxcsr & 0x1f80) != 0x1f80 ? HF_XMM_TRAP_MASK : 0) |
             ((env->fpuc & 0x3f) != 0x3f ? HF_X87_TRAP_MASK : 0);
}

static void x86_synchronize_from_tb(CPUState *cpu, const TranslationBlock *tb)
{
    CPUX86State *env = cpu->env_ptr;

    env->eip = tb->pc;
}

static void x86_restore_state_to_opc(CPUState *cpu, const TranslationBlock *tb,
                                     const uint64_t *data)
{
    CPUX86State *env = cpu->env_ptr;

    env->eip = data[0];
    if (data[1] != CC_OP_DYNAMIC) {
        env->cc_op = data[1];
    }
}

/* a misaligned MO_ALIGN access (movdqa and friends): #GP(0) */
static void x86_do_unaligned_access(CPUState *cpu, uint64_t addr, int access,
                                    int mmu_idx, uintptr_t retaddr)
{
    raise_exception_err_ra(cpu->env_ptr, EXCP0D_GPF, 0, retaddr);
}

const TCGCPUOps x86_tcg_ops = {
    .do_unaligned_access = x86_do_unaligned_access,
    .translate_code = x86_translate_code,
    .get_tb_cpu_state = x86_get_tb_cpu_state,
    .synchronize_from_tb = x86_synchronize_from_tb,
    .restore_state_to_opc = x86_restore_state_to_opc,
    .translator_ops = &i386_tr_ops,
};

/* EFLAGS' arithmetic bits := @flags (CC_OP_EFLAGS) */
void gen_set_cc_eflags(DisasContext *s, TCGv_i64 flags)
{
    tcg_gen_mov_i64(cpu_cc_src, flags);
    set_cc_op(s, CC_OP_EFLAGS);
}

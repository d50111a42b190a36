/*
 * Decoding of the x87 escape opcodes D8..DF into helper_fpu() calls.
 * Memory operands are loaded/stored here with qemu_ld/qemu_st (so faults
 * are precise); the helper works on the register stack in env.
 */
#include "qemu/osdep.h"
#include "translate.h"
#include "helper.h"
#include "fpu.h"

static const TCGHelperInfo hi_fpu = {
    .func = (void *)helper_fpu, .name = "fpu", .flags = TCG_CALL_NO_RWG,
};
/* the env/save forms read and write guest memory themselves */
static const TCGHelperInfo hi_fpu_mem = {
    .func = (void *)helper_fpu, .name = "fpu_mem", .flags = TCG_CALL_NO_WG,
};

/* may raise #MF: the globals must be in env */
static const TCGHelperInfo hi_fwait = {
    .func = (void *)helper_fwait, .name = "fwait", .flags = TCG_CALL_NO_WG,
};

#define ENV ((TCGv_i64)tcg_env)
#define C(v) tcg_constant_i64(v)

static TCGv_i64 fpu(int op, TCGv_i64 a, uint64_t b)
{
    TCGv_i64 ret = tcg_temp_new_i64();

    gen_call(&hi_fpu, ret, 4, ENV, C(op), a ? a : C(0), C(b));
    return ret;
}

static void fpu_i(int op, int a, uint64_t b)
{
    gen_call(&hi_fpu, NULL, 4, ENV, C(op), C(a), C(b));
}

static void ld_f80(DisasContext *s, TCGv_i64 a0)
{
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();
    TCGv_i64 a8 = tcg_temp_new_i64();

    tcg_gen_addi_i64(a8, a0, 8);
    gen_op_ld_v(s, MO_64, lo, a0);
    gen_op_ld_v(s, MO_16, hi, a8);
    tcg_gen_st_i64(lo, tcg_env, offsetof(CPUX86State, ft0.low));
    tcg_gen_st16_i64(hi, tcg_env, offsetof(CPUX86State, ft0.high));
}

static void st_f80(DisasContext *s, TCGv_i64 a0)
{
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();
    TCGv_i64 a8 = tcg_temp_new_i64();

    tcg_gen_addi_i64(a8, a0, 8);
    tcg_gen_ld_i64(lo, tcg_env, offsetof(CPUX86State, ft0.low));
    tcg_gen_ld16u_i64(hi, tcg_env, offsetof(CPUX86State, ft0.high));
    gen_op_ld_v(s, MO_16, tcg_temp_new_i64(), a8);  /* fault before writing */
    gen_op_st_v(s, MO_64, lo, a0);
    gen_op_st_v(s, MO_16, hi, a8);
}

/*
 * In a TB where the control word unmasks an exception: jump to the
 * returned label (set it after the store and pop) if the op just run
 * raised an unmasked exception other than precision: the hardware then
 * stores nothing and does not pop.  NULL in other TBs.
 */
static TCGLabel *fpu_skip_store(DisasContext *s)
{
    TCGLabel *skip;
    TCGv_i64 t;

    if (!(s->base.tb->flags & HF_X87_TRAP_MASK)) {
        return NULL;
    }
    skip = gen_new_label();
    t = tcg_temp_new_i64();
    tcg_gen_ld8u_i64(t, tcg_env, offsetof(CPUX86State, fpu_skip_store));
    tcg_gen_brcondi_i64(TCG_COND_NE, t, 0, skip);
    return skip;
}

/* ST0 converted by @fop to memory at @a0, then pop it if @pop */
static void fpu_store(DisasContext *s, int fop, MemOp mo, TCGv_i64 a0,
                      bool pop)
{
    TCGv_i64 v = fpu(fop, NULL, 0);
    TCGLabel *skip = fpu_skip_store(s);

    gen_op_st_v(s, mo, v, a0);
    if (pop) {
        fpu_i(FOP_POP, 0, 0);
    }
    if (skip) {
        gen_set_label(skip);
    }
}

static bool fpu_mem_form(DisasContext *s, int b, int modrm)
{
    int op = (modrm >> 3) & 7, esc = b & 7;
    TCGv_i64 a0 = gen_lea_modrm(s, modrm, 0), v = tcg_temp_new_i64();

    switch (esc) {
    case 0: case 2: case 4: case 6: {
        /* arithmetic with a memory operand: m32fp, m32int, m64fp, m16int */
        static const MemOp mo[4] = { MO_32, MO_32, MO_64, MO_16 };
        static const int cvt[4] = { FOP_CVT_F32, FOP_CVT_I32, FOP_CVT_F64,
                                    FOP_CVT_I16 };
        gen_op_ld_v(s, mo[esc >> 1], v, a0);
        fpu(cvt[esc >> 1], v, 0);
        fpu_i(FOP_ADD + op, 8, 0);
        return true;
    }
    default:
        break;
    }
    switch (esc << 3 | op) {
    case 1 << 3 | 0: gen_op_ld_v(s, MO_32, v, a0); fpu(FOP_LD_F32, v, 0); break;
    case 1 << 3 | 2: case 1 << 3 | 3:
        fpu_store(s, FOP_ST_F32, MO_32, a0, op == 3);
        break;
    case 1 << 3 | 4:
        gen_call(&hi_fpu_mem, NULL, 4, ENV, C(FOP_LDENV), a0, C(0));
        break;
    case 1 << 3 | 5:
        gen_op_ld_v(s, MO_16, v, a0);
        fpu(FOP_LDCW, v, 0);
        break;
    case 1 << 3 | 6:
        gen_call(&hi_fpu_mem, NULL, 4, ENV, C(FOP_NSTENV), a0, C(0));
        break;
    case 1 << 3 | 7:
        gen_op_st_v(s, MO_16, fpu(FOP_NSTCW, NULL, 0), a0);
        break;
    case 3 << 3 | 0: gen_op_ld_v(s, MO_32, v, a0); fpu(FOP_LD_I32, v, 0); break;
    case 3 << 3 | 1:
        fpu_store(s, FOP_STT_I32, MO_32, a0, true);
        break;
    case 3 << 3 | 2: case 3 << 3 | 3:
        fpu_store(s, FOP_ST_I32, MO_32, a0, op == 3);
        break;
    case 3 << 3 | 5:
        ld_f80(s, a0);
        fpu_i(FOP_LD_F80, 0, 0);
        break;
    case 3 << 3 | 7: {
        TCGLabel *skip;
        fpu_i(FOP_ST_F80, 0, 0);
        skip = fpu_skip_store(s);
        st_f80(s, a0);
        fpu_i(FOP_POP, 0, 0);
        if (skip) {
            gen_set_label(skip);
        }
        break;
    }
    case 5 << 3 | 0: gen_op_ld_v(s, MO_64, v, a0); fpu(FOP_LD_F64, v, 0); break;
    case 5 << 3 | 1:
        fpu_store(s, FOP_STT_I64, MO_64, a0, true);
        break;
    case 5 << 3 | 2: case 5 << 3 | 3:
        fpu_store(s, FOP_ST_F64, MO_64, a0, op == 3);
        break;
    case 5 << 3 | 4:
        gen_call(&hi_fpu_mem, NULL, 4, ENV, C(FOP_RSTOR), a0, C(0));
        break;
    case 5 << 3 | 6:
        gen_call(&hi_fpu_mem, NULL, 4, ENV, C(FOP_NSAVE), a0, C(0));
        break;
    case 5 << 3 | 7:
        gen_op_st_v(s, MO_16, fpu(FOP_NSTSW, NULL, 0), a0);
        break;
    case 7 << 3 | 0: gen_op_ld_v(s, MO_16, v, a0); fpu(FOP_LD_I16, v, 0); break;
    case 7 << 3 | 1:
        fpu_store(s, FOP_STT_I16, MO_16, a0, true);
        break;
    case 7 << 3 | 2: case 7 << 3 | 3:
        fpu_store(s, FOP_ST_I16, MO_16, a0, op == 3);
        break;
    case 7 << 3 | 5: gen_op_ld_v(s, MO_64, v, a0); fpu(FOP_LD_I64, v, 0); break;
    case 7 << 3 | 7:
        fpu_store(s, FOP_ST_I64, MO_64, a0, true);
        break;
    default:
        return false;   /* fbld/fbstp and reserved forms */
    }
    return true;
}

static bool fpu_reg_form(DisasContext *s, int b, int modrm)
{
    int op = (modrm >> 3) & 7, i = modrm & 7, esc = b & 7;
    static const int d9_misc[32] = {
        [0x00] = FOP_CHS, [0x01] = FOP_ABS, [0x04] = FOP_TST,
        [0x05] = FOP_XAM, [0x08] = FOP_LD1, [0x09] = FOP_LDL2T,
        [0x0a] = FOP_LDL2E, [0x0b] = FOP_LDPI, [0x0c] = FOP_LDLG2,
        [0x0d] = FOP_LDLN2, [0x0e] = FOP_LDZ, [0x10] = FOP_F2XM1,
        [0x11] = FOP_FYL2X, [0x12] = FOP_FPTAN, [0x13] = FOP_FPATAN,
        [0x14] = FOP_FXTRACT, [0x15] = FOP_FPREM1, [0x16] = FOP_DECSTP,
        [0x17] = FOP_INCSTP, [0x18] = FOP_FPREM, [0x19] = FOP_FYL2XP1,
        [0x1a] = FOP_SQRT, [0x1b] = FOP_SINCOS, [0x1c] = FOP_RNDINT,
        [0x1d] = FOP_SCALE, [0x1e] = FOP_SIN, [0x1f] = FOP_COS,
    };

    switch (esc) {
    case 0:
        fpu_i(op == 2 ? FOP_FCOM_STI : op == 3 ? FOP_FCOM_STI : FOP_ADD + op,
              i, op == 3);
        return true;
    case 1:
        switch (op) {
        case 0: fpu_i(FOP_LD_STI, i, 0); return true;
        case 1: fpu_i(FOP_XCH, i, 0); return true;
        case 2: return i == 0;      /* fnop */
        case 3: return false;
        default: {
            int idx = (op - 4) * 8 + i;
            if (!d9_misc[idx] && idx != 0) {
                return false;
            }
            fpu_i(d9_misc[idx], 0, 0);
            return true;
        }
        }
    case 2:
        if (op < 4) {
            /* fcmovb, fcmove, fcmovbe, fcmovu */
            static const int jcc[4] = { 2, 4, 6, 10 };
            TCGv_i64 c = gen_cond(s, jcc[op]);
            gen_call(&hi_fpu, NULL, 4, ENV, C(FOP_CMOV), C(i), c);
            return true;
        }
        if (modrm == 0xe9) {
            fpu_i(FOP_UCOM, 1, 2);
            return true;
        }
        return false;
    case 3:
        if (op < 4) {
            static const int jcc[4] = { 3, 5, 7, 11 };
            TCGv_i64 c = gen_cond(s, jcc[op]);
            gen_call(&hi_fpu, NULL, 4, ENV, C(FOP_CMOV), C(i), c);
            return true;
        }
        if (modrm == 0xe2) {
            fpu_i(FOP_NCLEX, 0, 0);
            return true;
        }
        if (modrm == 0xe3) {
            fpu_i(FOP_NINIT, 0, 0);
            return true;
        }
        if (op == 5 || op == 6) {
            gen_set_cc_eflags(s, fpu(FOP_COMI, C(i), op == 5));
            return true;
        }
        return modrm == 0xe0 || modrm == 0xe1 || modrm == 0xe4; /* nops */
    case 4: case 6:
        if (op == 2 || op == 3) {
            if (esc == 6 && modrm != 0xd9) {
                return false;
            }
            /* DC D0+i is an alias of fcom; DE D9 is fcompp */
            fpu_i(FOP_FCOM_STI, esc == 6 ? 1 : i,
                  esc == 6 ? 2 : op == 3);
            return true;
        }
        fpu_i(FOP_ARITH_STI, i, op | (esc == 6 ? 0x100 : 0));
        return true;
    case 5:
        switch (op) {
        case 0: fpu_i(FOP_FREE, i, 0); return true;
        case 1: fpu_i(FOP_XCH, i, 0); return true;
        case 2: fpu_i(FOP_ST_STI, i, 0); return true;
        case 3: fpu_i(FOP_ST_STI, i, 0); fpu_i(FOP_POP, 0, 0); return true;
        case 4: fpu_i(FOP_UCOM, i, 0); return true;
        case 5: fpu_i(FOP_UCOM, i, 1); return true;
        default: return false;
        }
    default: /* 7 */
        if (modrm == 0xe0) {
            gen_op_mov_reg_v(s, MO_16, R_EAX, fpu(FOP_NSTSW, NULL, 0));
            return true;
        }
        if (op == 0) {
            fpu_i(FOP_FREE, i, 0);
            fpu_i(FOP_POP, 0, 0);
            return true;
        }
        if (op == 5 || op == 6) {
            gen_set_cc_eflags(s, fpu(FOP_COMI, C(i), (op == 5) | 2));
            return true;
        }
        return false;
    }
}

/*
 * Unmasked x87 exceptions are reported late, as #MF at the next x87 insn
 * that waits (all but FNINIT, FNCLEX, FNSTSW, FNSTCW, FNSTENV, FNSAVE) or
 * FWAIT.  Only TBs translated while the control word unmasks one check.
 */
static bool fpu_no_wait(int b, int modrm)
{
    int esc = b & 7, op = (modrm >> 3) & 7;

    if ((modrm >> 6) != 3) {
        return (esc == 1 || esc == 5) && op >= 6;
    }
    return (esc == 3 && (modrm == 0xe2 || modrm == 0xe3)) ||
           (esc == 7 && modrm == 0xe0);
}

/* FLDCW, FLDENV, FRSTOR, FNINIT: the TB flags follow the control word */
static bool fpu_sets_cw(int b, int modrm)
{
    int esc = b & 7, op = (modrm >> 3) & 7;

    if ((modrm >> 6) != 3) {
        return (esc == 1 && (op == 4 || op == 5)) || (esc == 5 && op == 4);
    }
    return esc == 3 && modrm == 0xe3;
}

void x86_fpu_gen_wait(DisasContext *s)
{
    if (s->base.tb->flags & HF_X87_TRAP_MASK) {
        gen_call(&hi_fwait, NULL, 1, ENV);
    }
}

bool x86_fpu_gen(DisasContext *s, int b)
{
    int modrm = x86_ldub_code(s);
    bool ok;

    if (!fpu_no_wait(b, modrm)) {
        x86_fpu_gen_wait(s);
    }
    ok = (modrm >> 6) != 3 ? fpu_mem_form(s, b, modrm)
                           : fpu_reg_form(s, b, modrm);
    if (ok && fpu_sets_cw(b, modrm)) {
        s->base.is_jmp = DISAS_EOB_NEXT;
    }
    return ok;
}

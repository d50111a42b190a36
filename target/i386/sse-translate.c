/*
 * Decoding of the SSE family (0F xx with a mandatory prefix, 0F 38 xx,
 * 0F 3A xx) and the few MMX moves.  Moves are emitted inline as 64-bit
 * loads and stores; operations call helper_sse() with the operation key,
 * after a memory operand has been loaded into the scratch register.
 */
#include "qemu/osdep.h"
#include "translate.h"
#include "helper.h"
#include "sse.h"

static const TCGHelperInfo hi_sse = {
    .func = (void *)helper_sse, .name = "sse", .flags = TCG_CALL_NO_RWG,
};
/* the same, raising #XM for an exception the guest unmasked */
static const TCGHelperInfo hi_sse_checked = {
    .func = (void *)helper_sse_checked, .name = "sse_checked",
    .flags = TCG_CALL_NO_WG,
};
static const TCGHelperInfo hi_sse_imm_checked = {
    .func = (void *)helper_sse_imm_checked, .name = "sse_imm_checked",
    .flags = TCG_CALL_NO_WG,
};

/*
 * In a TB translated while MXCSR unmasks an exception (HF_XMM_TRAP_MASK),
 * every SSE helper runs checked: only then can an op raise #XM, and the
 * fast paths (host ops, fast helpers) are not taken.
 */
static bool xmm_traps(DisasContext *s)
{
    return s->base.tb->flags & HF_XMM_TRAP_MASK;
}

static const TCGHelperInfo *sse_info(DisasContext *s)
{
    return xmm_traps(s) ? &hi_sse_checked : &hi_sse;
}
static const TCGHelperInfo hi_ldmxcsr = {
    .func = (void *)helper_ldmxcsr, .name = "ldmxcsr", .flags = TCG_CALL_NO_WG,
};
static const TCGHelperInfo hi_stmxcsr = {
    .func = (void *)helper_stmxcsr, .name = "stmxcsr",
    .flags = TCG_CALL_NO_RWG,
};
static const TCGHelperInfo hi_fxsave = {
    .func = (void *)helper_fxsave, .name = "fxsave", .flags = TCG_CALL_NO_WG,
};
static const TCGHelperInfo hi_fxrstor = {
    .func = (void *)helper_fxrstor, .name = "fxrstor",
    .flags = TCG_CALL_NO_WG,
};

static const TCGHelperInfo hi_pcmpstr = {
    .func = (void *)helper_pcmpstr, .name = "pcmpstr",
    .flags = TCG_CALL_NO_RWG,
};
static const TCGHelperInfo hi_crc32 = {
    .func = (void *)helper_crc32, .name = "crc32",
    .flags = TCG_CALL_NO_RWG_SE,
};

static const TCGHelperInfo hi_sse_imm = {
    .func = (void *)helper_sse_imm, .name = "sse_imm",
    .flags = TCG_CALL_NO_RWG,
};
static const TCGHelperInfo hi_maskmov = {
    .func = (void *)helper_maskmov, .name = "maskmov",
    .flags = TCG_CALL_NO_WG,
};

/* TCGHelperInfo for each entry of sse_fast_ops, made on first use */
static TCGHelperInfo *fast_infos;

static const TCGHelperInfo *fast_info(int key)
{
    int n = 0;

    if (!fast_infos) {
        while (sse_fast_ops[n].fn) {
            n++;
        }
        fast_infos = g_new0(TCGHelperInfo, n);
        for (int i = 0; i < n; i++) {
            fast_infos[i].func = (void *)sse_fast_ops[i].fn;
            fast_infos[i].name = sse_fast_ops[i].name;
            fast_infos[i].flags = TCG_CALL_NO_RWG;
        }
    }
    for (int i = 0; sse_fast_ops[i].fn; i++) {
        if (sse_fast_ops[i].key == key) {
            return &fast_infos[i];
        }
    }
    return NULL;
}

#define ENV ((TCGv_i64)tcg_env)
/* the sse_op code of a 16-byte register move (movdqa) */
#define SSE_MOVE TCG_SSE_CODE(0, 0x6f, 0)
#define C(v) tcg_constant_i64(v)

/* operand flags of an SSE operation */
enum {
    SF_OK = 1,           /* known */
    SF_M8 = 2,           /* memory operand is 8 bytes */
    SF_M4 = 4,           /* memory operand is 4 bytes */
    SF_M2 = 0x400,       /* memory operand is 2 bytes */
    SF_IMM = 8,          /* an imm8 follows */
    SF_GPR_SRC = 0x10,   /* r/m is a general register (dflag size) */
    SF_GPR_DST = 0x20,   /* the result goes to the ModRM reg GPR */
    SF_GPR_DST_RM = 0x40, /* the result goes to the r/m GPR (or memory) */
    SF_FLAGS = 0x80,     /* the result is EFLAGS */
    SF_GRP = 0x100,      /* shift group: r/m is the register, reg the op */
    SF_UNALIGNED = 0x200, /* a 16-byte memory operand may be misaligned */
};

static int feat_ecx(DisasContext *s)
{
    return s->env->features[FEAT_1_ECX];
}

#define SSE3_OK(s)   (feat_ecx(s) & (1u << 0))
#define SSSE3_OK(s)  (feat_ecx(s) & (1u << 9))
#define SSE41_OK(s)  (feat_ecx(s) & (1u << 19))

static unsigned sse_flags(DisasContext *s, int key)
{
    int esc = key >> 12, pfx = (key >> 8) & 3, op = key & 0xff;

    if (esc == 1) {
        if (pfx != 1) {
            return 0;
        }
        if (op <= 0x0b || (op >= 0x1c && op <= 0x1e)) {
            return SSSE3_OK(s) ? SF_OK : 0;
        }
        if (!SSE41_OK(s)) {
            return 0;
        }
        switch (op) {
        case 0x10: case 0x14: case 0x15: case 0x28: case 0x29: case 0x2b:
        case 0x38 ... 0x3f: case 0x40: case 0x41:
            return SF_OK;
        case 0x17:
            return SF_OK | SF_FLAGS;
        case 0x20: case 0x23: case 0x25: case 0x30: case 0x33: case 0x35:
            return SF_OK | SF_M8;
        case 0x21: case 0x24: case 0x31: case 0x34:
            return SF_OK | SF_M4;
        case 0x22: case 0x32:
            return SF_OK | SF_M2;
        default:
            return 0;
        }
    }
    if (esc == 2) {
        if (pfx != 1) {
            return 0;
        }
        if (op == 0x0f) {
            return SSSE3_OK(s) ? SF_OK | SF_IMM : 0;
        }
        if (!SSE41_OK(s)) {
            return 0;
        }
        switch (op) {
        case 0x08: case 0x09: case 0x0c: case 0x0d: case 0x0e:
            return SF_OK | SF_IMM;
        case 0x0a: case 0x21:
            return SF_OK | SF_IMM | SF_M4;
        case 0x0b:
            return SF_OK | SF_IMM | SF_M8;
        case 0x14: case 0x15: case 0x16: case 0x17:
            return SF_OK | SF_IMM | SF_GPR_DST_RM;
        case 0x20: case 0x22:
            return SF_OK | SF_IMM | SF_GPR_SRC;
        default:
            return 0;
        }
    }
    switch (op) {
    case 0x12: case 0x16:
        if (pfx == 0) {
            return SF_OK;        /* reg forms only reach here */
        }
        if (pfx == 2) {
            return SSE3_OK(s) ? SF_OK : 0;
        }
        if (pfx == 3) {
            return SSE3_OK(s) ? SF_OK | SF_M8 : 0;
        }
        return 0;
    case 0x14: case 0x15:
        return pfx < 2 ? SF_OK : 0;
    case 0x2a:
        return pfx >= 2 ? SF_OK | SF_GPR_SRC : 0;
    case 0x2c: case 0x2d:
        return pfx >= 2 ? SF_OK | SF_GPR_DST | (pfx == 2 ? SF_M4 : SF_M8) : 0;
    case 0x2e: case 0x2f:
        return pfx < 2 ? SF_OK | SF_FLAGS | (pfx == 0 ? SF_M4 : SF_M8) : 0;
    case 0x50:
        return pfx < 2 ? SF_OK | SF_GPR_DST : 0;
    case 0x51: case 0x58: case 0x59: case 0x5c: case 0x5d: case 0x5e:
    case 0x5f: case 0x5a:
        if (op == 0x5a && pfx == 0) {
            return SF_OK | SF_M8;
        }
        return SF_OK | (pfx == 2 ? SF_M4 : pfx == 3 ? SF_M8 : 0);
    case 0x52: case 0x53:
        return pfx == 0 ? SF_OK : pfx == 2 ? SF_OK | SF_M4 : 0;
    case 0x54: case 0x55: case 0x56: case 0x57:
        return pfx < 2 ? SF_OK : 0;
    case 0x5b:
        return pfx < 3 ? SF_OK : 0;
    case 0x60 ... 0x6d:
        return pfx == 1 ? SF_OK : 0;
    case 0x70:
        return pfx ? SF_OK | SF_IMM : 0;
    case 0x71: case 0x72: case 0x73:
        return pfx == 1 ? SF_OK | SF_IMM | SF_GRP : 0;
    case 0x74: case 0x75: case 0x76:
        return pfx == 1 ? SF_OK : 0;
    case 0x7c: case 0x7d: case 0xd0:
        return (pfx == 1 || pfx == 3) && SSE3_OK(s) ? SF_OK : 0;
    case 0xc2:
        return SF_OK | SF_IMM | (pfx == 2 ? SF_M4 : pfx == 3 ? SF_M8 : 0);
    case 0xc4:
        return pfx == 1 ? SF_OK | SF_IMM | SF_GPR_SRC : 0;
    case 0xc5:
        return pfx == 1 ? SF_OK | SF_IMM | SF_GPR_DST : 0;
    case 0xc6:
        return pfx < 2 ? SF_OK | SF_IMM : 0;
    case 0xd7:
        return pfx == 1 ? SF_OK | SF_GPR_DST : 0;
    case 0xe6:
        return pfx ? SF_OK | (pfx == 2 ? SF_M8 : 0) : 0;
    case 0xd1 ... 0xd5: case 0xd8 ... 0xdf: case 0xe0 ... 0xe5:
    case 0xe8 ... 0xef: case 0xf1 ... 0xf6: case 0xf8 ... 0xfe:
        return pfx == 1 ? SF_OK : 0;
    default:
        return 0;
    }
}

static intptr_t xmm_q_ofs(int r, int q)
{
    return offsetof(CPUX86State, xmm_regs[r].q[q]);
}

static intptr_t mmx_ofs(int r)
{
    return offsetof(CPUX86State, fpregs[r].low);
}

/* an MMX register write: the x87 exponent field reads as all ones */
static void gen_st_mmx(TCGv_i64 v, int r)
{
    tcg_gen_st_i64(v, tcg_env, mmx_ofs(r));
    tcg_gen_st16_i64(tcg_constant_i64(0xffff), tcg_env,
                     offsetof(CPUX86State, fpregs[r].high));
}

/*
 * 16-byte guest memory <-> xmm register.  The legacy alignment check
 * (#GP on a misaligned movdqa or memory operand) is the MO_ALIGN_16 of
 * the first access: the backend tests it inline and the CPU's
 * do_unaligned_access hook raises the fault.
 */
/*
 * User mode: the host address of a 16-byte guest memory operand that an
 * sse op reads itself (TCG_SSE_SRC_PTR), or NULL.  Guest loads probe it
 * first, so that a fault (or the #GP of a misaligned legacy operand) is
 * raised by them, with the guest state in memory: one byte for an aligned
 * operand (it lies on one page), else the two halves as gen_ldo() loads
 * them (a page-crossing half faults at the first byte of the next page,
 * as on hardware).
 */
static TCGv_ptr gen_sse_src_ptr(DisasContext *s, TCGv_i64 a0, bool aligned)
{
    const TCGGuestMem *gm = tcg_guest_mem();
    TCGv_i64 t, hp;

    if (gm->mode != TCG_GUEST_MEM_USER ||
        !tcg_sse_op_supported(SSE_MOVE | TCG_SSE_SRC_PTR) ||
        (aligned && !gm->unaligned)) {
        /* (without the alignment hook MO_ALIGN_16 checks nothing) */
        return NULL;
    }
    t = tcg_temp_new_i64();
    if (aligned) {
        gen_op_ld_v(s, MO_8 | MO_ALIGN_16, t, a0);
    } else {
        TCGv_i64 a8 = tcg_temp_new_i64();
        tcg_gen_addi_i64(a8, a0, 8);
        gen_op_ld_v(s, MO_64, t, a0);
        gen_op_ld_v(s, MO_64, t, a8);
    }
    hp = tcg_temp_new_i64();
    tcg_gen_addi_i64(hp, a0, gm->guest_base);
    return (TCGv_ptr)hp;
}

static void gen_ldo(DisasContext *s, int r, TCGv_i64 a0, bool aligned)
{
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();
    TCGv_i64 a8 = tcg_temp_new_i64();
    TCGv_ptr hp = gen_sse_src_ptr(s, a0, aligned);

    if (hp) {
        tcg_gen_sse_op(hp, xmm_q_ofs(r, 0), 0, SSE_MOVE | TCG_SSE_SRC_PTR);
        return;
    }
    tcg_gen_addi_i64(a8, a0, 8);
    gen_op_ld_v(s, MO_64 | (aligned ? MO_ALIGN_16 : 0), lo, a0);
    gen_op_ld_v(s, MO_64, hi, a8);
    tcg_gen_st_i64(lo, tcg_env, xmm_q_ofs(r, 0));
    tcg_gen_st_i64(hi, tcg_env, xmm_q_ofs(r, 1));
}

static void gen_sto(DisasContext *s, int r, TCGv_i64 a0, bool aligned)
{
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();
    TCGv_i64 a8 = tcg_temp_new_i64();

    tcg_gen_addi_i64(a8, a0, 8);
    tcg_gen_ld_i64(lo, tcg_env, xmm_q_ofs(r, 0));
    tcg_gen_ld_i64(hi, tcg_env, xmm_q_ofs(r, 1));
    if (!aligned) {
        /* both halves are checked before either is written */
        gen_op_ld_v(s, MO_8, tcg_temp_new_i64(), a8);
    }
    /* aligned: both halves lie on one page, the first store checks it */
    gen_op_st_v(s, MO_64 | (aligned ? MO_ALIGN_16 : 0), lo, a0);
    gen_op_st_v(s, MO_64, hi, a8);
}

static void gen_mov_xmm(int d, int src)
{
    TCGv_i64 t = tcg_temp_new_i64();

    if (tcg_sse_op_supported(SSE_MOVE)) {
        /* as an sse op the value can stay in a host xmm register */
        tcg_gen_sse_op(tcg_env, xmm_q_ofs(d, 0), xmm_q_ofs(src, 0),
                       SSE_MOVE);
        return;
    }
    for (int q = 0; q < 2; q++) {
        tcg_gen_ld_i64(t, tcg_env, xmm_q_ofs(src, q));
        tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(d, q));
    }
}

/* load a @size-byte memory operand into the low part of xmm[r] */
static void gen_ld_part(DisasContext *s, int r, TCGv_i64 a0, int size)
{
    TCGv_i64 t = tcg_temp_new_i64();

    switch (size) {
    case 2:
        gen_op_ld_v(s, MO_16, t, a0);
        tcg_gen_st16_i64(t, tcg_env, xmm_q_ofs(r, 0));
        break;
    case 4:
        gen_op_ld_v(s, MO_32, t, a0);
        tcg_gen_st32_i64(t, tcg_env, xmm_q_ofs(r, 0));
        break;
    default:
        gen_op_ld_v(s, MO_64, t, a0);
        tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(r, 0));
        break;
    }
}

static void gen_zero_q(int r, int q)
{
    tcg_gen_st_i64(C(0), tcg_env, xmm_q_ofs(r, q));
}

/* the generic path: one helper_sse call */
static bool gen_sse_op(DisasContext *s, int key, unsigned fl)
{
    int modrm = x86_ldub_code(s);
    int reg = ((modrm >> 3) & 7) | s->rex_r;
    int rm = (modrm & 7) | s->rex_b;
    bool is_mem = (modrm >> 6) != 3;
    int d = reg, src = rm;
    int imm = 0;
    TCGv_i64 a0 = NULL, ret = NULL;

    if (fl & SF_GRP) {
        if (is_mem) {
            return false;
        }
        d = rm;
        src = (modrm >> 3) & 7;
        if (((key >> 8) & 3) == 1) {
            /* 66 0F 71..73 /src ib: a shift by an immediate */
            unsigned code = TCG_SSE_CODE(0, key & 0xff, 0) |
                            TCG_SSE_REG(src);
            if (tcg_sse_op_supported(code)) {
                imm = x86_ldub_code(s);
                tcg_gen_sse_op(tcg_env, xmm_q_ofs(d, 0), xmm_q_ofs(d, 0),
                               code | TCG_SSE_CODE(0, 0, imm));
                return true;
            }
        }
    } else if (is_mem) {
        a0 = gen_lea_modrm(s, modrm, (fl & SF_IMM) ? 1 : 0);
        src = XMM_SCRATCH;
    }
    if (fl & SF_IMM) {
        imm = x86_ldub_code(s);
    }
    if (a0 && ((key >> 8) & 3) == 1 &&
        !(fl & ~(SF_OK | SF_IMM | SF_UNALIGNED))) {
        /* a host op reading its 16-byte memory operand itself */
        unsigned code = TCG_SSE_CODE(key >> 12, key & 0xff, imm);
        TCGv_ptr hp = NULL;
        /* the host op wants its operand 16-byte aligned, as the guest */
        if (tcg_sse_op_supported(code) && !(fl & SF_UNALIGNED) &&
            !(tcg_guest_mem()->guest_base & 15)) {
            hp = gen_sse_src_ptr(s, a0, true);
        }
        if (hp) {
            tcg_gen_sse_op(hp, xmm_q_ofs(d, 0), 0, code | TCG_SSE_SRC_PTR);
            return true;
        }
    }
    if (fl & SF_GPR_SRC) {
        MemOp ot = s->dflag == MO_64 ? MO_64 : MO_32;
        TCGv_i64 v;
        if ((key & 0xff) == 0xc4 || key == SSE_KEY(2, 1, 0x20)) {
            ot = key == SSE_KEY(2, 1, 0x20) ? MO_8 : MO_16;
        }
        v = tcg_temp_new_i64();
        if (a0) {
            gen_op_ld_v(s, ot, v, a0);
        } else {
            gen_op_mov_v_reg(s, ot, v, rm);
        }
        tcg_gen_st_i64(v, tcg_env, xmm_q_ofs(XMM_SCRATCH, 0));
        src = XMM_SCRATCH;
        if (key == SSE_KEY(0, 2, 0x2a) || key == SSE_KEY(0, 3, 0x2a)) {
            imm = ot == MO_64;
        } else if (key == SSE_KEY(2, 1, 0x22)) {
            imm |= ot == MO_64 ? 0x100 : 0;
        }
    } else if (a0) {
        if (fl & SF_GPR_DST_RM) {
            /* pextr* to memory: the source is the xmm in reg */
            src = reg;
        } else if (fl & (SF_M8 | SF_M4 | SF_M2)) {
            gen_ld_part(s, XMM_SCRATCH, a0,
                        fl & SF_M8 ? 8 : fl & SF_M4 ? 4 : 2);
        } else {
            gen_ldo(s, XMM_SCRATCH, a0, !(fl & SF_UNALIGNED));
        }
    }
    if (fl & SF_GPR_DST_RM) {
        src = reg;
        if (key == SSE_KEY(2, 1, 0x16) && s->rex_w) {
            imm |= 0x100;
        }
    }
    if (fl & (SF_GPR_DST | SF_GPR_DST_RM | SF_FLAGS)) {
        ret = tcg_temp_new_i64();
    }
    if ((key & 0xff) == 0x2c || (key & 0xff) == 0x2d) {
        imm = s->dflag == MO_64;
    }
    if (((key >> 8) & 3) == 1 &&
        !(fl & ~(SF_OK | SF_IMM | SF_M8 | SF_M4 | SF_M2 | SF_UNALIGNED))) {
        /* a 66-prefixed packed-integer op the host CPU runs itself */
        unsigned code = TCG_SSE_CODE(key >> 12, key & 0xff, imm);
        if (tcg_sse_op_supported(code)) {
            tcg_gen_sse_op(tcg_env, xmm_q_ofs(d, 0), xmm_q_ofs(src, 0),
                           code);
            return true;
        }
    }
    if (!(fl & ~(SF_OK | SF_M4 | SF_M8)) && !xmm_traps(s)) {
        const TCGHelperInfo *fi = fast_info(key);
        if (fi) {
            TCGv_ptr pd = tcg_temp_new_ptr(), ps = tcg_temp_new_ptr();
            tcg_gen_addi_ptr(pd, tcg_env, xmm_q_ofs(d, 0));
            tcg_gen_addi_ptr(ps, tcg_env, xmm_q_ofs(src, 0));
            gen_call(fi, NULL, 2, (TCGv_i64)pd, (TCGv_i64)ps);
            return true;
        }
    }
    if (key == SSE_KEY(0, 1, 0xd7)) {
        tcg_gen_sse_movmsk(ret, tcg_env, xmm_q_ofs(src, 0));
    } else if (!(fl & ~(SF_OK | SF_M4 | SF_M8)) &&
               ((key & 0xff) >= 0x54 && (key & 0xff) <= 0x57 ?
                (key >> 8) < 2 :
                key == SSE_KEY(0, 1, 0xdb) || key == SSE_KEY(0, 1, 0xdf) ||
                key == SSE_KEY(0, 1, 0xeb) || key == SSE_KEY(0, 1, 0xef))) {
        /* bitwise logic: inline on the two halves */
        int lop = key & 0xff;
        for (int q = 0; q < 2; q++) {
            TCGv_i64 x = tcg_temp_new_i64(), y = tcg_temp_new_i64();
            tcg_gen_ld_i64(x, tcg_env, xmm_q_ofs(d, q));
            tcg_gen_ld_i64(y, tcg_env, xmm_q_ofs(src, q));
            if (lop == 0x54 || lop == 0xdb) {
                tcg_gen_and_i64(x, x, y);
            } else if (lop == 0x55 || lop == 0xdf) {
                tcg_gen_andc_i64(x, y, x);
            } else if (lop == 0x56 || lop == 0xeb) {
                tcg_gen_or_i64(x, x, y);
            } else {
                tcg_gen_xor_i64(x, x, y);
            }
            tcg_gen_st_i64(x, tcg_env, xmm_q_ofs(d, q));
        }
        return true;
    } else {
        gen_call(sse_info(s), ret, 5, ENV, C(key), C(d), C(src), C(imm));
    }
    if (fl & SF_GPR_DST) {
        MemOp ot = ((key & 0xff) == 0x2c || (key & 0xff) == 0x2d) &&
                   s->dflag == MO_64 ? MO_64 : MO_32;
        gen_op_mov_reg_v(s, ot, reg, ret);
    } else if (fl & SF_GPR_DST_RM) {
        MemOp ot = key == SSE_KEY(2, 1, 0x14) ? MO_8 :
                   key == SSE_KEY(2, 1, 0x15) ? MO_16 :
                   (key == SSE_KEY(2, 1, 0x16) && s->rex_w) ? MO_64 : MO_32;
        if (a0) {
            gen_op_st_v(s, ot, ret, a0);
        } else {
            gen_op_mov_reg_v(s, ot == MO_64 ? MO_64 : MO_32, rm, ret);
        }
    } else if (fl & SF_FLAGS) {
        gen_set_cc_eflags(s, ret);
    }
    return true;
}

/*
 * MMX arithmetic: the 64-bit operands are placed in the low halves of the
 * scratch registers and the SSE2 form of the operation runs on them; the
 * unpack-high and pack forms rearrange the halves so that the low 64 bits
 * of the SSE2 result are the MMX result.
 */
static bool gen_mmx_op(DisasContext *s, int b)
{
    int modrm, reg, rm, grp = -1, imm = 0;
    int key = SSE_KEY(0, 1, b), d = XMM_SCRATCH2, src = XMM_SCRATCH;
    TCGv_i64 t = tcg_temp_new_i64(), u = tcg_temp_new_i64(), ret = NULL;
    bool is_mem;

    switch (b) {
    case 0x60 ... 0x6b: case 0x74 ... 0x76: case 0xd1 ... 0xd3:
    case 0xd4: case 0xd5: case 0xd8 ... 0xdf: case 0xe0 ... 0xe5:
    case 0xe8 ... 0xef: case 0xf1 ... 0xf6: case 0xf8 ... 0xfe:
    case 0x70: case 0x71 ... 0x73: case 0xd7:
        break;
    default:
        return false;
    }
    modrm = x86_ldub_code(s);
    reg = (modrm >> 3) & 7;
    rm = modrm & 7;
    is_mem = (modrm >> 6) != 3;
    if (b >= 0x71 && b <= 0x73) {
        grp = reg;
        if (is_mem || grp == 3 || grp == 7) {
            return false;
        }
        reg = rm;
    }
    /* MMX state: top of stack 0, all registers valid */
    tcg_gen_st_i64(C(0), tcg_env, offsetof(CPUX86State, fptags));
    tcg_gen_st_i32(tcg_constant_i32(0), tcg_env,
                   offsetof(CPUX86State, fpstt));
    /* destination (the reg operand) */
    tcg_gen_ld_i64(t, tcg_env, mmx_ofs(reg));
    /* source */
    if (grp >= 0) {
        imm = x86_ldub_code(s);
    } else if (is_mem) {
        TCGv_i64 a0 = gen_lea_modrm(s, modrm, b == 0x70 ? 1 : 0);
        gen_op_ld_v(s, MO_64, u, a0);
    } else {
        tcg_gen_ld_i64(u, tcg_env, mmx_ofs(rm));
    }
    if (b == 0x70) {
        imm = x86_ldub_code(s);
    }
    if (b >= 0x68 && b <= 0x6a) {
        /* unpack high: the low unpack of the high halves */
        tcg_gen_shri_i64(t, t, 32);
        tcg_gen_shri_i64(u, u, 32);
        key = SSE_KEY(0, 1, b - 8);
    }
    if (b == 0x63 || b == 0x67 || b == 0x6b) {
        /* pack: both operands in one register, packed with itself */
        tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(d, 0));
        tcg_gen_st_i64(u, tcg_env, xmm_q_ofs(d, 1));
        src = d;
    } else {
        tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(d, 0));
        gen_zero_q(d, 1);
        tcg_gen_st_i64(u, tcg_env, xmm_q_ofs(src, 0));
        gen_zero_q(src, 1);
    }
    if (grp >= 0) {
        src = grp;
    }
    if (b == 0x70) {
        key = SSE_KEY(0, 3, 0x70);      /* pshufw = pshuflw on the low half */
    }
    if (b == 0xd7) {
        if (is_mem) {
            return false;
        }
        ret = tcg_temp_new_i64();
    }
    gen_call(sse_info(s), ret, 5, ENV, C(key), C(d), C(src), C(imm));
    if (b == 0xd7) {
        gen_op_mov_reg_v(s, MO_32, ((modrm >> 3) & 7) | s->rex_r, ret);
        return true;
    }
    tcg_gen_ld_i64(t, tcg_env, xmm_q_ofs(d, 0));
    gen_st_mmx(t, reg);
    return true;
}

/* MMX register moves, and the MMX arithmetic through gen_mmx_op() */
static bool gen_mmx(DisasContext *s, int b)
{
    int modrm, reg, rm;
    TCGv_i64 t = tcg_temp_new_i64(), a0;

    switch (b) {
    case 0x6e: /* movd/movq mm, r/m */
        modrm = x86_ldub_code(s);
        reg = (modrm >> 3) & 7;
        t = gen_ld_modrm(s, modrm, s->dflag == MO_64 ? MO_64 : MO_32, 0,
                         NULL);
        gen_st_mmx(t, reg);
        return true;
    case 0x7e: /* movd/movq r/m, mm */
        modrm = x86_ldub_code(s);
        reg = (modrm >> 3) & 7;
        tcg_gen_ld_i64(t, tcg_env, mmx_ofs(reg));
        if ((modrm >> 6) == 3) {
            gen_op_mov_reg_v(s, s->dflag == MO_64 ? MO_64 : MO_32,
                             (modrm & 7) | s->rex_b, t);
        } else {
            gen_op_st_v(s, s->dflag == MO_64 ? MO_64 : MO_32, t,
                        gen_lea_modrm(s, modrm, 0));
        }
        return true;
    case 0x6f: /* movq mm, mm/m64 */
        modrm = x86_ldub_code(s);
        reg = (modrm >> 3) & 7;
        rm = modrm & 7;
        if ((modrm >> 6) == 3) {
            tcg_gen_ld_i64(t, tcg_env, mmx_ofs(rm));
        } else {
            gen_op_ld_v(s, MO_64, t, gen_lea_modrm(s, modrm, 0));
        }
        gen_st_mmx(t, reg);
        return true;
    case 0x7f: case 0xe7: /* movq/movntq mm/m64, mm */
        modrm = x86_ldub_code(s);
        reg = (modrm >> 3) & 7;
        rm = modrm & 7;
        tcg_gen_ld_i64(t, tcg_env, mmx_ofs(reg));
        if ((modrm >> 6) == 3) {
            if (b == 0xe7) {
                return false;
            }
            gen_st_mmx(t, rm);
        } else {
            a0 = gen_lea_modrm(s, modrm, 0);
            gen_op_st_v(s, MO_64, t, a0);
        }
        return true;
    case 0x77: /* emms: all x87 tags empty */
        tcg_gen_st_i64(C(0x0101010101010101ull), tcg_env,
                       offsetof(CPUX86State, fptags));
        return true;
    default:
        return gen_mmx_op(s, b);
    }
}

static bool gen_sse_move(DisasContext *s, int b, int pfx)
{
    int modrm = x86_ldub_code(s);
    int reg = ((modrm >> 3) & 7) | s->rex_r;
    int rm = (modrm & 7) | s->rex_b;
    bool is_mem = (modrm >> 6) != 3;
    TCGv_i64 a0 = is_mem ? gen_lea_modrm(s, modrm, 0) : NULL;
    TCGv_i64 t = tcg_temp_new_i64();

    switch (b) {
    case 0x10: case 0x11:
        if (pfx < 2) { /* movups/movupd */
            if (b == 0x10) {
                is_mem ? gen_ldo(s, reg, a0, false) : gen_mov_xmm(reg, rm);
            } else {
                is_mem ? gen_sto(s, reg, a0, false) : gen_mov_xmm(rm, reg);
            }
        } else { /* movss/movsd */
            int size = pfx == 2 ? 4 : 8;
            if (b == 0x10) {
                if (is_mem) {
                    gen_zero_q(reg, 1);
                    gen_zero_q(reg, 0);
                    gen_ld_part(s, reg, a0, size);
                } else if (size == 4) {
                    tcg_gen_ld32u_i64(t, tcg_env, xmm_q_ofs(rm, 0));
                    tcg_gen_st32_i64(t, tcg_env, xmm_q_ofs(reg, 0));
                } else {
                    tcg_gen_ld_i64(t, tcg_env, xmm_q_ofs(rm, 0));
                    tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(reg, 0));
                }
            } else {
                if (is_mem) {
                    tcg_gen_ld_i64(t, tcg_env, xmm_q_ofs(reg, 0));
                    gen_op_st_v(s, size == 4 ? MO_32 : MO_64, t, a0);
                } else if (size == 4) {
                    tcg_gen_ld32u_i64(t, tcg_env, xmm_q_ofs(reg, 0));
                    tcg_gen_st32_i64(t, tcg_env, xmm_q_ofs(rm, 0));
                } else {
                    tcg_gen_ld_i64(t, tcg_env, xmm_q_ofs(reg, 0));
                    tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(rm, 0));
                }
            }
        }
        return true;
    case 0x12: case 0x16: /* movlps/movlpd/movhps/movhpd m64 -> xmm */
        gen_op_ld_v(s, MO_64, t, a0);
        tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(reg, b == 0x16));
        return true;
    case 0x13: case 0x17: /* store the low/high quadword */
        if (!is_mem) {
            return false;
        }
        tcg_gen_ld_i64(t, tcg_env, xmm_q_ofs(reg, b == 0x17));
        gen_op_st_v(s, MO_64, t, a0);
        return true;
    case 0x28: /* movaps/movapd */
        is_mem ? gen_ldo(s, reg, a0, true) : gen_mov_xmm(reg, rm);
        return true;
    case 0x29:
        is_mem ? gen_sto(s, reg, a0, true) : gen_mov_xmm(rm, reg);
        return true;
    case 0x2b: case 0xe7: /* movntps/movntpd/movntdq */
        if (!is_mem) {
            return false;
        }
        gen_sto(s, reg, a0, true);
        return true;
    case 0x6e: /* movd/movq xmm, r/m */
        if (is_mem) {
            gen_op_ld_v(s, s->dflag == MO_64 ? MO_64 : MO_32, t, a0);
        } else {
            gen_op_mov_v_reg(s, s->dflag == MO_64 ? MO_64 : MO_32, t, rm);
        }
        tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(reg, 0));
        gen_zero_q(reg, 1);
        return true;
    case 0x7e:
        if (pfx == 2) { /* movq xmm, xmm/m64 */
            if (is_mem) {
                gen_op_ld_v(s, MO_64, t, a0);
            } else {
                tcg_gen_ld_i64(t, tcg_env, xmm_q_ofs(rm, 0));
            }
            tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(reg, 0));
            gen_zero_q(reg, 1);
        } else { /* movd/movq r/m, xmm */
            MemOp ot = s->dflag == MO_64 ? MO_64 : MO_32;
            tcg_gen_ld_i64(t, tcg_env, xmm_q_ofs(reg, 0));
            if (is_mem) {
                gen_op_st_v(s, ot, t, a0);
            } else {
                gen_op_mov_reg_v(s, ot, rm, t);
            }
        }
        return true;
    case 0x6f: /* movdqa/movdqu */
        is_mem ? gen_ldo(s, reg, a0, pfx == 1) : gen_mov_xmm(reg, rm);
        return true;
    case 0x7f:
        is_mem ? gen_sto(s, reg, a0, pfx == 1) : gen_mov_xmm(rm, reg);
        return true;
    case 0xd6: /* movq xmm/m64, xmm */
        tcg_gen_ld_i64(t, tcg_env, xmm_q_ofs(reg, 0));
        if (is_mem) {
            gen_op_st_v(s, MO_64, t, a0);
        } else {
            tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(rm, 0));
            gen_zero_q(rm, 1);
        }
        return true;
    case 0xf0: /* lddqu */
        if (!is_mem) {
            return false;
        }
        gen_ldo(s, reg, a0, false);
        return true;
    default:
        return false;
    }
}

static bool gen_0fae(DisasContext *s)
{
    int modrm = x86_ldub_code(s);
    int op = (modrm >> 3) & 7;
    TCGv_i64 a0, t;

    if ((modrm >> 6) == 3) {
        /*
         * lfence/sfence: the host's ordering (TSO, as the guest's) already
         * gives what they promise for ordinary memory.  mfence also keeps
         * later loads after earlier stores, which TSO does not: Dekker-
         * style code between guest threads needs the host's mfence.
         */
        if (op < 5 || (s->prefix & (PREFIX_REPZ | PREFIX_REPNZ))) {
            return false;
        }
        if (op == 6) {
            tcg_gen_mb(TCG_MO_ALL);
        }
        return true;
    }
    if (s->prefix & (PREFIX_REPZ | PREFIX_REPNZ)) {
        return false;
    }
    a0 = gen_lea_modrm(s, modrm, 0);
    switch (op) {
    case 0:
        gen_call(&hi_fxsave, NULL, 2, ENV, a0);
        return true;
    case 1:
        gen_call(&hi_fxrstor, NULL, 2, ENV, a0);
        s->base.is_jmp = DISAS_EOB_NEXT;    /* TB flags follow MXCSR */
        return true;
    case 2:
        t = tcg_temp_new_i64();
        gen_op_ld_v(s, MO_32, t, a0);
        gen_call(&hi_ldmxcsr, NULL, 2, ENV, t);
        s->base.is_jmp = DISAS_EOB_NEXT;    /* TB flags follow MXCSR */
        return true;
    case 3:
        t = tcg_temp_new_i64();
        gen_call(&hi_stmxcsr, t, 1, ENV);
        gen_op_st_v(s, MO_32, t, a0);
        return true;
    case 7: /* clflush */
        return true;
    default:
        return false;
    }
}

#define SSE42_OK(s) (feat_ecx(s) & (1u << 20))

/* CRC32 r32/r64, r/m8/16/32/64 (F2 0F 38 F0/F1) */
static bool gen_crc32(DisasContext *s, int b)
{
    int modrm, reg;
    MemOp ot;
    TCGv_i64 v, crc = tcg_temp_new_i64();

    if (!SSE42_OK(s)) {
        return false;
    }
    modrm = x86_ldub_code(s);
    reg = ((modrm >> 3) & 7) | s->rex_r;
    ot = b == 0xf0 ? MO_8 : s->rex_w ? MO_64 :
         (s->prefix & PREFIX_DATA) ? MO_16 : MO_32;
    v = gen_ld_modrm(s, modrm, ot, 0, NULL);
    tcg_gen_ext32u_i64(crc, cpu_reg(reg));
    gen_call(&hi_crc32, crc, 3, crc, v, C(1 << ot));
    gen_op_mov_reg_v(s, s->rex_w ? MO_64 : MO_32, reg, crc);
    return true;
}

/* PCMPESTRM/PCMPESTRI/PCMPISTRM/PCMPISTRI (66 0F 3A 60..63) */
static bool gen_pcmpstr(DisasContext *s, int b)
{
    int modrm, reg, rm, imm, src;
    TCGv_i64 a0 = NULL;
    TCGv_i64 ret = tcg_temp_new_i64(), lens = tcg_temp_new_i64();
    TCGv_i64 f = tcg_temp_new_i64();

    if (!SSE42_OK(s)) {
        return false;
    }
    modrm = x86_ldub_code(s);
    reg = ((modrm >> 3) & 7) | s->rex_r;
    rm = (modrm & 7) | s->rex_b;
    if ((modrm >> 6) != 3) {
        a0 = gen_lea_modrm(s, modrm, 1);
        src = XMM_SCRATCH;
    } else {
        src = rm;
    }
    imm = x86_ldub_code(s);
    if (b == 0x63 && tcg_sse_op_supported(TCG_SSE_CODE(2, b, imm))) {
        /* the host's pcmpistri on a copy of xmm[reg]: ECX | flags << 32 */
        unsigned code = TCG_SSE_CODE(2, b, imm);
        TCGv_i64 c = tcg_temp_new_i64();
        TCGv_ptr hp = a0 ? gen_sse_src_ptr(s, a0, false) : NULL;
        gen_mov_xmm(XMM_SCRATCH2, reg);
        if (hp) {
            tcg_gen_sse_op(hp, xmm_q_ofs(XMM_SCRATCH2, 0), 0,
                           code | TCG_SSE_SRC_PTR);
        } else {
            if (a0) {
                gen_ldo(s, XMM_SCRATCH, a0, false);
            }
            tcg_gen_sse_op(tcg_env, xmm_q_ofs(XMM_SCRATCH2, 0),
                           xmm_q_ofs(src, 0), code);
        }
        tcg_gen_ld_i64(ret, tcg_env, xmm_q_ofs(XMM_SCRATCH2, 0));
        tcg_gen_ext32u_i64(c, ret);
        gen_op_mov_reg_v(s, MO_32, R_ECX, c);
        tcg_gen_shri_i64(f, ret, 32);
        gen_set_cc_eflags(s, f);
        return true;
    }
    if (a0) {
        gen_ldo(s, XMM_SCRATCH, a0, false);
    }
    if (b <= 0x61) {
        TCGv_i64 hi = tcg_temp_new_i64();
        tcg_gen_ext32u_i64(lens, cpu_reg(R_EAX));
        tcg_gen_shli_i64(hi, cpu_reg(R_EDX), 32);
        tcg_gen_or_i64(lens, lens, hi);
    } else {
        tcg_gen_movi_i64(lens, 0);
    }
    gen_call(&hi_pcmpstr, ret, 5, ENV, C((b - 0x60) << 8 | imm), C(reg),
             C(src), lens);
    if (b & 1) {
        TCGv_i64 c = tcg_temp_new_i64();
        tcg_gen_shri_i64(c, ret, 32);
        gen_op_mov_reg_v(s, MO_32, R_ECX, c);
    }
    tcg_gen_andi_i64(f, ret, 0xffff);
    gen_set_cc_eflags(s, f);
    return true;
}

static void gen_mmx_state(void)
{
    tcg_gen_st_i64(C(0), tcg_env, offsetof(CPUX86State, fptags));
    tcg_gen_st_i32(tcg_constant_i32(0), tcg_env,
                   offsetof(CPUX86State, fpstt));
}

/*
 * Conversions between MMX and SSE registers (0F 2A/2C/2D without prefix
 * or with 66), MOVQ2DQ/MOVDQ2Q (F3/F2 0F D6) and MASKMOVQ (0F F7).
 */
static bool gen_mmx_sse(DisasContext *s, int b, int pfx)
{
    int modrm = x86_ldub_code(s);
    int reg = (modrm >> 3) & 7, rm = modrm & 7;
    bool is_mem = (modrm >> 6) != 3;
    TCGv_i64 t = tcg_temp_new_i64(), a0 = NULL;

    if (is_mem) {
        a0 = gen_lea_modrm(s, modrm, 0);
    }
    gen_mmx_state();
    switch (b) {
    case 0x2a: /* xmm(reg) <- mm/m64 */
        if (is_mem) {
            gen_op_ld_v(s, MO_64, t, a0);
        } else {
            tcg_gen_ld_i64(t, tcg_env, mmx_ofs(rm));
        }
        tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(XMM_SCRATCH, 0));
        gen_zero_q(XMM_SCRATCH, 1);
        gen_call(sse_info(s), NULL, 5, ENV, C(SSE_KEY(0, pfx, b)),
                 C(reg | s->rex_r), C(XMM_SCRATCH), C(0));
        return true;
    case 0x2c: case 0x2d: { /* mm(reg) <- xmm/m64/m128 */
        int src = (modrm & 7) | s->rex_b;
        if (is_mem) {
            if (pfx) {
                gen_ldo(s, XMM_SCRATCH, a0, true);
            } else {
                gen_op_ld_v(s, MO_64, t, a0);
                tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(XMM_SCRATCH, 0));
            }
            src = XMM_SCRATCH;
        }
        gen_call(sse_info(s), t, 5, ENV, C(SSE_KEY(0, pfx, b)), C(0), C(src),
                 C(0));
        gen_st_mmx(t, reg);
        return true;
    }
    case 0xd6:
        if (is_mem) {
            return false;
        }
        if (pfx == 2) { /* movq2dq xmm, mm */
            tcg_gen_ld_i64(t, tcg_env, mmx_ofs(rm));
            tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(reg | s->rex_r, 0));
            gen_zero_q(reg | s->rex_r, 1);
        } else {        /* movdq2q mm, xmm */
            tcg_gen_ld_i64(t, tcg_env, xmm_q_ofs((modrm & 7) | s->rex_b, 0));
            gen_st_mmx(t, reg);
        }
        return true;
    default: { /* 0xf7 maskmovq mm, mm: to DS:rDI */
        TCGv_i64 a = tcg_temp_new_i64();
        if (is_mem) {
            return false;
        }
        tcg_gen_ld_i64(t, tcg_env, mmx_ofs(reg));
        tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(XMM_SCRATCH2, 0));
        gen_zero_q(XMM_SCRATCH2, 1);
        tcg_gen_ld_i64(t, tcg_env, mmx_ofs(rm));
        tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(XMM_SCRATCH, 0));
        gen_zero_q(XMM_SCRATCH, 1);
        tcg_gen_mov_i64(a, cpu_reg(R_EDI));
        if (s->aflag == MO_32) {
            tcg_gen_ext32u_i64(a, a);
        }
        if (s->override == R_FS || s->override == R_GS) {
            TCGv_i64 base = tcg_temp_new_i64();
            tcg_gen_ld_i64(base, tcg_env,
                           offsetof(CPUX86State, segs[s->override].base));
            tcg_gen_add_i64(a, a, base);
        }
        gen_call(&hi_maskmov, NULL, 4, ENV, C(XMM_SCRATCH2), C(XMM_SCRATCH),
                 a);
        return true;
    }
    }
}

/* MASKMOVDQU xmm, xmm: the selected bytes to DS:rDI */
static bool gen_maskmov(DisasContext *s)
{
    int modrm = x86_ldub_code(s);
    TCGv_i64 a0;

    if ((modrm >> 6) != 3) {
        return false;
    }
    a0 = tcg_temp_new_i64();
    tcg_gen_mov_i64(a0, cpu_reg(R_EDI));
    if (s->aflag == MO_32) {
        tcg_gen_ext32u_i64(a0, a0);
    }
    if (s->override == R_FS || s->override == R_GS) {
        TCGv_i64 base = tcg_temp_new_i64();
        tcg_gen_ld_i64(base, tcg_env,
                       offsetof(CPUX86State, segs[s->override].base));
        tcg_gen_add_i64(a0, a0, base);
    }
    gen_call(&hi_maskmov, NULL, 4, ENV,
             C(((modrm >> 3) & 7) | s->rex_r), C((modrm & 7) | s->rex_b),
             a0);
    return true;
}

/*
 * SSSE3 on MMX registers (0F 38 00..0B, 1C..1E and 0F 3A 0F without a
 * prefix): through the XMM forms, with the operands arranged so the low
 * 64 bits of the result are the MMX result.
 */
static bool gen_mmx_ssse3(DisasContext *s, int esc, int b)
{
    int modrm, reg, rm, imm = 0, key, d = XMM_SCRATCH2, src = XMM_SCRATCH;
    TCGv_i64 t = tcg_temp_new_i64(), u = tcg_temp_new_i64();
    bool horiz = b >= 0x01 && b <= 0x07 && b != 0x04;

    if (!SSSE3_OK(s) ||
        !(esc == 2 ? b == 0x0f : (b <= 0x0b || (b >= 0x1c && b <= 0x1e)))) {
        return false;
    }
    modrm = x86_ldub_code(s);
    reg = (modrm >> 3) & 7;
    rm = modrm & 7;
    if ((modrm >> 6) != 3) {
        gen_op_ld_v(s, MO_64, u, gen_lea_modrm(s, modrm, esc == 2));
    } else {
        tcg_gen_ld_i64(u, tcg_env, mmx_ofs(rm));
    }
    if (esc == 2) {
        imm = x86_ldub_code(s);
    }
    tcg_gen_st_i64(C(0), tcg_env, offsetof(CPUX86State, fptags));
    tcg_gen_st_i32(tcg_constant_i32(0), tcg_env,
                   offsetof(CPUX86State, fpstt));
    tcg_gen_ld_i64(t, tcg_env, mmx_ofs(reg));
    if (esc == 2) {
        /* palignr: (dest:src) >> imm bytes = psrldq of [src, dest] */
        tcg_gen_st_i64(u, tcg_env, xmm_q_ofs(d, 0));
        tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(d, 1));
        key = SSE_KEY(0, 1, 0x73);
        src = 3;                        /* /3 = psrldq */
    } else if (horiz) {
        /* horizontal ops: [dest, src] combined with itself */
        tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(d, 0));
        tcg_gen_st_i64(u, tcg_env, xmm_q_ofs(d, 1));
        src = d;
        key = SSE_KEY(1, 1, b);
    } else if (b == 0x00) {
        /* pshufb: indexes select within 8 bytes: duplicate the dest */
        tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(d, 0));
        tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(d, 1));
        tcg_gen_st_i64(u, tcg_env, xmm_q_ofs(src, 0));
        gen_zero_q(src, 1);
        key = SSE_KEY(1, 1, b);
    } else {
        tcg_gen_st_i64(t, tcg_env, xmm_q_ofs(d, 0));
        gen_zero_q(d, 1);
        tcg_gen_st_i64(u, tcg_env, xmm_q_ofs(src, 0));
        gen_zero_q(src, 1);
        key = SSE_KEY(1, 1, b);
    }
    if (esc == 2 && imm >= 16) {
        tcg_gen_movi_i64(t, 0);
    } else {
        gen_call(sse_info(s), NULL, 5, ENV, C(key), C(d), C(src), C(imm));
        tcg_gen_ld_i64(t, tcg_env, xmm_q_ofs(d, 0));
    }
    gen_st_mmx(t, reg);
    return true;
}

bool x86_sse_gen_0f(DisasContext *s, int b)
{
    int pfx = (s->prefix & PREFIX_DATA) ? 1 : 0;
    int esc = 0, key;
    unsigned fl;

    if (s->prefix & PREFIX_REPZ) {
        pfx = 2;
    } else if (s->prefix & PREFIX_REPNZ) {
        pfx = 3;
    }
    /* the operand size prefix is the mandatory prefix here */
    s->dflag = s->rex_w ? MO_64 : MO_32;

    switch (b) {
    case 0xae:
        return gen_0fae(s);
    case 0xc3: { /* movnti */
        int modrm = x86_ldub_code(s);
        TCGv_i64 t = tcg_temp_new_i64();
        if ((modrm >> 6) == 3 || pfx) {
            return false;
        }
        gen_op_mov_v_reg(s, s->dflag, t, ((modrm >> 3) & 7) | s->rex_r);
        gen_op_st_v(s, s->dflag, t, gen_lea_modrm(s, modrm, 0));
        return true;
    }
    case 0x38: case 0x3a:
        esc = b == 0x38 ? 1 : 2;
        b = x86_ldub_code(s);
        break;
    default:
        break;
    }
    if (esc == 0) {
        if (((b == 0x2a || b == 0x2c || b == 0x2d) && pfx < 2) ||
            (b == 0xd6 && pfx >= 2) || (b == 0xf7 && pfx == 0)) {
            return gen_mmx_sse(s, b, pfx);
        }
        /* MMX forms (no prefix) of the integer opcodes */
        if (pfx == 0 && ((b >= 0x60 && b <= 0x7f) || b >= 0xd0)) {
            x86_fpu_gen_wait(s);    /* MMX insns check for #MF too */
            return gen_mmx(s, b);
        }
        switch (b) {
        case 0x10: case 0x11: case 0x28: case 0x29:
            return gen_sse_move(s, b, pfx);
        case 0x12: case 0x16: {
            /* memory forms are moves; register forms and F2/F3 ops */
            int modrm;
            if (pfx >= 2) {
                break;
            }
            modrm = x86_peek_code(s);
            if ((modrm >> 6) == 3) {
                if (pfx == 1) {
                    return false;
                }
                break;
            }
            return gen_sse_move(s, b, pfx);
        }
        /* fall through: never reached */
        case 0x13: case 0x17:
            return pfx < 2 && gen_sse_move(s, b, pfx);
        case 0x2b:
            return pfx < 2 && gen_sse_move(s, b, pfx);
        case 0x6e: case 0x6f: case 0x7f: case 0xe7: case 0xd6:
            if (b == 0x6e || b == 0xe7 || b == 0xd6) {
                if (pfx != 1) {
                    return false;
                }
            } else if (pfx == 3) {
                return false;
            }
            return gen_sse_move(s, b, pfx);
        case 0x7e:
            if (pfx == 3) {
                return false;
            }
            return gen_sse_move(s, b, pfx);
        case 0xf0:
            return pfx == 3 && SSE3_OK(s) && gen_sse_move(s, b, pfx);
        case 0xf7:
            return pfx == 1 && gen_maskmov(s);
        default:
            break;
        }
    } else if (esc && pfx == 0) {
        x86_fpu_gen_wait(s);
        return gen_mmx_ssse3(s, esc, b);
    } else if (esc == 1 && (b == 0xf0 || b == 0xf1) && pfx == 3) {
        return gen_crc32(s, b);
    } else if (esc == 2 && b >= 0x60 && b <= 0x63 && pfx == 1) {
        return gen_pcmpstr(s, b);
    } else if (esc == 2 && b >= 0x40 && b <= 0x42 && pfx == 1) {
        int modrm, reg, src = XMM_SCRATCH, imm;
        if (!SSE41_OK(s)) {
            return false;
        }
        modrm = x86_ldub_code(s);
        reg = ((modrm >> 3) & 7) | s->rex_r;
        if ((modrm >> 6) != 3) {
            gen_ldo(s, XMM_SCRATCH, gen_lea_modrm(s, modrm, 1), true);
        } else {
            src = (modrm & 7) | s->rex_b;
        }
        imm = x86_ldub_code(s);
        gen_call(xmm_traps(s) ? &hi_sse_imm_checked : &hi_sse_imm, NULL, 4,
                 ENV, C(b << 8 | imm), C(reg), C(src));
        return true;
    } else if (esc == 1 && b == 0x2a) {
        /* movntdqa */
        if (pfx != 1 || !SSE41_OK(s)) {
            return false;
        }
        return gen_sse_move(s, 0x6f, 1);
    }
    key = SSE_KEY(esc, pfx, b);
    fl = sse_flags(s, key);
    if (!fl) {
        return false;
    }
    return gen_sse_op(s, key, fl);
}

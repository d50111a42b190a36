/*
 * The x86-64 host backend: instruction encoding, op emission, prologue,
 * guest memory fast/slow paths and goto_tb patching.
 *
 * Register use: rbp holds env, rsp the TB frame (temp slots at rsp + 0),
 * r10 and r11 are scratch registers of the backend itself; the other 12
 * registers are allocatable.  BMI1 (andn, tzcnt), BMI2 (shlx/shrx/sarx),
 * LZCNT and POPCNT are used when cpuid reports them; every op also has a
 * path without them.
 */
#include "qemu/osdep.h"
#include <cpuid.h>
#include "tcg/tcg.h"
#include "tcg/tcg-op.h"         /* TCG_SSE_* codes */
#include "../tcg-internal.h"

enum {
    RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
    R8, R9, R10, R11, R12, R13, R14, R15,
};

#define TMP0 R11
#define TMP1 R10

bool have_bmi1, have_bmi2, have_lzcnt, have_popcnt;
static int sse_level = 1;   /* SSE2 is part of x86-64 */
extern int tcg_target_features_generation;

const int tcg_target_call_iarg_regs[TCG_MAX_CALL_ARGS] = {
    RDI, RSI, RDX, RCX, R8, R9,
};
const int tcg_target_call_oarg_reg = RAX;
const uint32_t tcg_target_call_clobber_regs =
    1u << RAX | 1u << RCX | 1u << RDX | 1u << RSI | 1u << RDI |
    1u << R8 | 1u << R9 | 1u << R10 | 1u << R11;
const uint32_t tcg_target_available_regs =
    1u << RAX | 1u << RCX | 1u << RDX | 1u << RBX | 1u << RSI | 1u << RDI |
    1u << R8 | 1u << R9 | 1u << R12 | 1u << R13 | 1u << R14 | 1u << R15;
const int tcg_target_reg_alloc_order[] = {
    RBX, R12, R13, R14, R15, R8, R9, RCX, RDX, RSI, RDI, RAX,
};
const int tcg_target_reg_alloc_order_len =
    ARRAY_SIZE(tcg_target_reg_alloc_order);
const int tcg_target_areg0 = RBP;
const int tcg_target_stack_reg = RSP;
const char *const tcg_target_reg_names[TCG_TARGET_NB_REGS] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

/* callee-saved registers pushed by the prologue */
static const int saved_regs[] = { RBP, RBX, R12, R13, R14, R15 };
#define FRAME_SIZE (TCG_FRAME_TEMP_SLOTS * 8 + 8)

/* Overridable for tests: run with fewer host features. */
void tcg_target_set_features(bool bmi1, bool bmi2, bool lzcnt, bool popcnt);

static void detect_features(void)
{
    unsigned a, b, c, d;

    if (__get_cpuid(1, &a, &b, &c, &d)) {
        have_popcnt = (c >> 23) & 1;
        sse_level = !((c >> 9) & 1) ? 1 : !((c >> 19) & 1) ? 2 :
                    !((c >> 20) & 1) ? 3 : 4;
    }
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        have_bmi1 = (b >> 3) & 1;
        have_bmi2 = (b >> 8) & 1;
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d)) {
        have_lzcnt = (c >> 5) & 1;
    }
}

void tcg_target_set_features(bool bmi1, bool bmi2, bool lzcnt, bool popcnt)
{
    detect_features();
    have_bmi1 &= bmi1;
    have_bmi2 &= bmi2;
    have_lzcnt &= lzcnt;
    have_popcnt &= popcnt;
    tcg_target_features_generation++;
}

int tcg_target_sse_level(void)
{
    static gsize done;

    if (g_once_init_enter(&done)) {
        detect_features();
        g_once_init_leave(&done, 1);
    }
    return sse_level;
}

void tcg_target_init(TCGContext *s)
{
    detect_features();
    s->reserved_regs = 1u << RSP | 1u << RBP | 1u << R10 | 1u << R11;
    s->frame_start = 0;
}

/* ---- encoding ---- */

#define P_EXT       0x100       /* 0x0f opcode prefix */
#define P_EXT38     0x200       /* 0x0f 0x38 */
#define P_EXT3A     0x400       /* 0x0f 0x3a */
#define P_DATA16    0x800       /* 0x66 */
#define P_REXW      0x1000      /* 64-bit operand size */
#define P_REXB_R    0x2000      /* r is a byte register */
#define P_REXB_RM   0x4000      /* rm is a byte register */
#define P_SIMDF3    0x8000      /* 0xf3 */
#define P_SIMDF2    0x10000     /* 0xf2 */

#define OPC_ARITH_EvIz  0x81
#define OPC_ARITH_EvIb  0x83
#define OPC_ARITH_GvEv  0x03
#define OPC_ADD_GvEv    (OPC_ARITH_GvEv | (ARITH_ADD << 3))
#define OPC_ANDN        (0xf2 | P_EXT38)
#define OPC_BSF         (0xbc | P_EXT)
#define OPC_BSR         (0xbd | P_EXT)
#define OPC_BSWAP       (0xc8 | P_EXT)
#define OPC_CALL_Jz     0xe8
#define OPC_CMOVCC      (0x40 | P_EXT)
#define OPC_IMUL_GvEv   (0xaf | P_EXT)
#define OPC_IMUL_GvEvIb 0x6b
#define OPC_IMUL_GvEvIz 0x69
#define OPC_JCC_long    (0x80 | P_EXT)
#define OPC_JCC_short   0x70
#define OPC_JMP_long    0xe9
#define OPC_JMP_short   0xeb
#define OPC_LEA         0x8d
#define OPC_LZCNT       (0xbd | P_EXT | P_SIMDF3)
#define OPC_MOVB_EvGv   0x88
#define OPC_MOVL_EvGv   0x89
#define OPC_MOVL_GvEv   0x8b
#define OPC_MOVB_EvIz   0xc6
#define OPC_MOVL_EvIz   0xc7
#define OPC_MOVL_Iv     0xb8
#define OPC_MOVSBL      (0xbe | P_EXT)
#define OPC_MOVSWL      (0xbf | P_EXT)
#define OPC_MOVSLQ      (0x63 | P_REXW)
#define OPC_MOVZBL      (0xb6 | P_EXT)
#define OPC_MOVZWL      (0xb7 | P_EXT)
#define OPC_POP_r32     0x58
#define OPC_POPCNT      (0xb8 | P_EXT | P_SIMDF3)
#define OPC_PUSH_r32    0x50
#define OPC_RET         0xc3
#define OPC_SETCC       (0x90 | P_EXT | P_REXB_RM)
#define OPC_SHIFT_1     0xd1
#define OPC_SHIFT_Ib    0xc1
#define OPC_SHIFT_cl    0xd3
#define OPC_SARX        (0xf7 | P_EXT38 | P_SIMDF3)
#define OPC_SHLX        (0xf7 | P_EXT38 | P_DATA16)
#define OPC_SHRX        (0xf7 | P_EXT38 | P_SIMDF2)
#define OPC_SHLD_Ib     (0xa4 | P_EXT)
#define OPC_TESTL       0x85
#define OPC_TZCNT       (0xbc | P_EXT | P_SIMDF3)
#define OPC_GRP3_Ev     0xf7
#define OPC_GRP5        0xff

/* group 1 arithmetic */
#define ARITH_ADD 0
#define ARITH_OR  1
#define ARITH_ADC 2
#define ARITH_SBB 3
#define ARITH_AND 4
#define ARITH_SUB 5
#define ARITH_XOR 6
#define ARITH_CMP 7

/* group 2 shifts */
#define SHIFT_ROL 0
#define SHIFT_ROR 1
#define SHIFT_SHL 4
#define SHIFT_SHR 5
#define SHIFT_SAR 7

/* group 3 */
#define EXT3_NOT  2
#define EXT3_NEG  3
#define EXT3_MUL  4
#define EXT3_IMUL 5
#define EXT3_DIV  6
#define EXT3_IDIV 7

/* group 5 */
#define EXT5_CALLN_Ev 2
#define EXT5_JMPN_Ev  4

/* x86 condition codes */
enum {
    JCC_JO = 0, JCC_JNO, JCC_JB, JCC_JAE, JCC_JE, JCC_JNE, JCC_JBE, JCC_JA,
    JCC_JS, JCC_JNS, JCC_JP, JCC_JNP, JCC_JL, JCC_JGE, JCC_JLE, JCC_JG,
};

static int tcg_cond_to_jcc(TCGCond c)
{
    switch (c) {
    case TCG_COND_EQ: return JCC_JE;
    case TCG_COND_NE: return JCC_JNE;
    case TCG_COND_LT: return JCC_JL;
    case TCG_COND_GE: return JCC_JGE;
    case TCG_COND_LE: return JCC_JLE;
    case TCG_COND_GT: return JCC_JG;
    case TCG_COND_LTU: return JCC_JB;
    case TCG_COND_GEU: return JCC_JAE;
    case TCG_COND_LEU: return JCC_JBE;
    case TCG_COND_GTU: return JCC_JA;
    default:
        g_assert_not_reached();
    }
}

static void tcg_out_opc(TCGContext *s, int opc, int r, int rm, int x)
{
    int rex = 0;

    if (opc & P_DATA16) {
        tcg_out8(s, 0x66);
    }
    if (opc & P_SIMDF3) {
        tcg_out8(s, 0xf3);
    } else if (opc & P_SIMDF2) {
        tcg_out8(s, 0xf2);
    }
    rex |= (opc & P_REXW) ? 0x8 : 0;
    rex |= (r & 8) >> 1;
    rex |= (x & 8) >> 2;
    rex |= (rm & 8) >> 3;
    /* spl/bpl/sil/dil need a REX prefix to be byte registers */
    rex |= (opc & P_REXB_R) && r >= 4 ? 0x40 : 0;
    rex |= (opc & P_REXB_RM) && rm >= 4 ? 0x40 : 0;
    if (rex) {
        tcg_out8(s, 0x40 | rex);
    }
    if (opc & (P_EXT | P_EXT38 | P_EXT3A)) {
        tcg_out8(s, 0x0f);
        if (opc & P_EXT38) {
            tcg_out8(s, 0x38);
        } else if (opc & P_EXT3A) {
            tcg_out8(s, 0x3a);
        }
    }
    tcg_out8(s, opc & 0xff);
}

static void tcg_out_modrm(TCGContext *s, int opc, int r, int rm)
{
    tcg_out_opc(s, opc, r, rm, 0);
    tcg_out8(s, 0xc0 | ((r & 7) << 3) | (rm & 7));
}

/* VEX-encoded op: r = op(v, rm) */
static void tcg_out_vex_modrm(TCGContext *s, int opc, int r, int v, int rm)
{
    int mmmmm = (opc & P_EXT3A) ? 3 : (opc & P_EXT38) ? 2 : 1;
    int pp = (opc & P_DATA16) ? 1 : (opc & P_SIMDF3) ? 2 :
             (opc & P_SIMDF2) ? 3 : 0;
    int b1 = ((~r & 8) << 4) | 0x40 | ((~rm & 8) << 2) | mmmmm;
    int b2 = ((opc & P_REXW) ? 0x80 : 0) | ((~v & 15) << 3) | pp;

    tcg_out8(s, 0xc4);
    tcg_out8(s, b1);
    tcg_out8(s, b2);
    tcg_out8(s, opc & 0xff);
    tcg_out8(s, 0xc0 | ((r & 7) << 3) | (rm & 7));
}

/* r, [base + index * (1 << shift) + ofs]; index < 0 for none */
static void tcg_out_sib_offset(TCGContext *s, int opc, int r, int base,
                               int index, int shift, intptr_t ofs)
{
    int mod, len;

    g_assert(ofs == (int32_t)ofs);
    if (index < 0 && base != RSP && base != R12) {
        if (ofs == 0 && (base & 7) != RBP) {
            mod = 0x00, len = 0;
        } else if (ofs == (int8_t)ofs) {
            mod = 0x40, len = 1;
        } else {
            mod = 0x80, len = 4;
        }
        tcg_out_opc(s, opc, r, base, 0);
        tcg_out8(s, mod | ((r & 7) << 3) | (base & 7));
    } else {
        g_assert(index != RSP);
        if (index < 0) {
            index = 4;  /* no index */
            shift = 0;
        }
        if (ofs == 0 && (base & 7) != RBP) {
            mod = 0x00, len = 0;
        } else if (ofs == (int8_t)ofs) {
            mod = 0x40, len = 1;
        } else {
            mod = 0x80, len = 4;
        }
        tcg_out_opc(s, opc, r, base, index == 4 ? 0 : index);
        tcg_out8(s, mod | ((r & 7) << 3) | 4);
        tcg_out8(s, (shift << 6) | ((index & 7) << 3) | (base & 7));
    }
    if (len == 1) {
        tcg_out8(s, (uint8_t)ofs);
    } else if (len == 4) {
        tcg_out32(s, (uint32_t)ofs);
    }
}

static void tcg_out_modrm_offset(TCGContext *s, int opc, int r, int base,
                                 intptr_t ofs)
{
    tcg_out_sib_offset(s, opc, r, base, -1, 0, ofs);
}

static int rexw(TCGType type)
{
    return type == TCG_TYPE_I64 ? P_REXW : 0;
}

void tcg_out_mov(TCGContext *s, TCGType type, int dst, int src)
{
    if (dst != src) {
        tcg_out_modrm(s, OPC_MOVL_GvEv | rexw(type), dst, src);
    }
}

/* Reference the 64-bit @val in the constant pool from a rel32 at the end
 * of the instruction being emitted (its last 4 bytes come next). */
static void tcg_out_pool_ref(TCGContext *s, uint64_t val)
{
    TCGPoolEntry e = { .val = val, .fixup = tcg_current_code_offset(s) };

    if (!s->pool) {
        s->pool = g_array_new(false, false, sizeof(TCGPoolEntry));
    }
    g_array_append_val(s->pool, e);
    tcg_out32(s, 0);
}

static gint pool_cmp(gconstpointer a, gconstpointer b)
{
    const TCGPoolEntry *x = a, *y = b;

    return x->val < y->val ? -1 : x->val > y->val;
}

/* Emit the pool after the code: each distinct value once, 8-aligned. */
static void tcg_out_pool_finalize(TCGContext *s)
{
    uint32_t at = 0;
    uint64_t last = 0;

    if (!s->pool || !s->pool->len) {
        return;
    }
    g_array_sort(s->pool, pool_cmp);
    while ((uintptr_t)s->code_ptr & 7) {
        tcg_out8(s, 0xcc);
    }
    for (guint i = 0; i < s->pool->len; i++) {
        TCGPoolEntry *e = &g_array_index(s->pool, TCGPoolEntry, i);
        if (i == 0 || e->val != last) {
            at = tcg_current_code_offset(s);
            tcg_out64(s, e->val);
            last = e->val;
        }
        tcg_patch_rel32(s, e->fixup, at);
    }
    g_array_set_size(s->pool, 0);
}

void tcg_out_movi(TCGContext *s, TCGType type, int dst, int64_t val)
{
    if (type == TCG_TYPE_I32) {
        val = (uint32_t)val;
    }
    if (val == 0) {
        tcg_out_modrm(s, 0x31, dst, dst);       /* xor r32, r32 */
    } else if (val == (uint32_t)val) {
        tcg_out_opc(s, OPC_MOVL_Iv + (dst & 7), 0, dst, 0);
        tcg_out32(s, (uint32_t)val);
    } else if (val == (int32_t)val) {
        tcg_out_modrm(s, OPC_MOVL_EvIz | P_REXW, 0, dst);
        tcg_out32(s, (uint32_t)val);
    } else {
        tcg_out_opc(s, (OPC_MOVL_Iv + (dst & 7)) | P_REXW, 0, dst, 0);
        tcg_out64(s, (uint64_t)val);
    }
}

void tcg_out_ld(TCGContext *s, TCGType type, int dst, int base, intptr_t ofs)
{
    tcg_out_modrm_offset(s, OPC_MOVL_GvEv | rexw(type), dst, base, ofs);
}

/* the xmm copies of CPU-state slots (the sse ops below) */
static void sse_cache_store(int base, intptr_t ofs, int size);
static void sse_cache_clobber(void);

void tcg_out_st(TCGContext *s, TCGType type, int src, int base, intptr_t ofs)
{
    sse_cache_store(base, ofs, type == TCG_TYPE_I64 ? 8 : 4);
    tcg_out_modrm_offset(s, OPC_MOVL_EvGv | rexw(type), src, base, ofs);
}

bool tcg_out_sti(TCGContext *s, TCGType type, int64_t val, int base,
                 intptr_t ofs)
{
    sse_cache_store(base, ofs, type == TCG_TYPE_I64 ? 8 : 4);
    if (type == TCG_TYPE_I32 || val == (int32_t)val) {
        tcg_out_modrm_offset(s, OPC_MOVL_EvIz | rexw(type), 0, base, ofs);
        tcg_out32(s, (uint32_t)val);
    } else {
        tcg_out_movi(s, type, TMP0, val);
        tcg_out_st(s, type, TMP0, base, ofs);
    }
    return true;
}

static void tgen_arithi(TCGContext *s, int c, int r, int64_t val, int rw)
{
    if (val == (int8_t)val) {
        tcg_out_modrm(s, OPC_ARITH_EvIb | rw, c, r);
        tcg_out8(s, (uint8_t)val);
    } else {
        tcg_out_modrm(s, OPC_ARITH_EvIz | rw, c, r);
        tcg_out32(s, (uint32_t)val);
    }
}

static void tgen_arithr(TCGContext *s, int c, int dst, int src, int rw)
{
    tcg_out_modrm(s, (OPC_ARITH_GvEv | (c << 3)) | rw, dst, src);
}

static void tcg_out_shifti(TCGContext *s, int sub, int r, int count, int rw)
{
    if (count == 1) {
        tcg_out_modrm(s, OPC_SHIFT_1 | rw, sub, r);
    } else {
        tcg_out_modrm(s, OPC_SHIFT_Ib | rw, sub, r);
        tcg_out8(s, count);
    }
}

static void tcg_out_ext8u(TCGContext *s, int dst, int src)
{
    tcg_out_modrm(s, OPC_MOVZBL | P_REXB_RM, dst, src);
}

static void tcg_out_ext16u(TCGContext *s, int dst, int src)
{
    tcg_out_modrm(s, OPC_MOVZWL, dst, src);
}

static void tcg_out_ext32u(TCGContext *s, int dst, int src)
{
    tcg_out_modrm(s, OPC_MOVL_GvEv, dst, src);  /* mov r32, r32 */
}

/* rel32 fields: patched once the target is known */
void tcg_patch_rel32(TCGContext *s, uint32_t at, uint32_t target)
{
    int32_t disp = (int32_t)(target - (at + 4));
    uint8_t *p = s->code_buf + at;

    if (p + 4 <= s->code_end) {
        memcpy(p, &disp, 4);
    }
}

static void tcg_out_jxx(TCGContext *s, int jcc, TCGLabel *l)
{
    if (jcc < 0) {
        tcg_out8(s, OPC_JMP_long);
    } else {
        tcg_out_opc(s, OPC_JCC_long + jcc, 0, 0, 0);
    }
    tcg_out32(s, 0);
    /* after the placeholder: a backward branch is patched right away */
    tcg_out_reloc(s, tcg_current_code_offset(s) - 4, l);
}

void tcg_out_br(TCGContext *s, TCGLabel *l)
{
    tcg_out_jxx(s, -1, l);
}

/* short forward jumps inside one op's code */
static uint32_t tcg_out_jcc8(TCGContext *s, int jcc)
{
    tcg_out8(s, jcc < 0 ? OPC_JMP_short : OPC_JCC_short + jcc);
    tcg_out8(s, 0);
    return tcg_current_code_offset(s);
}

static void tcg_patch8_here(TCGContext *s, uint32_t after)
{
    uint8_t *p = s->code_buf + after - 1;
    int disp = (int)(tcg_current_code_offset(s) - after);

    g_assert(disp >= 0 && disp < 128);
    if (p < s->code_end) {
        *p = (uint8_t)disp;
    }
}

static uintptr_t code_rx_addr(TCGContext *s)
{
    return (uintptr_t)s->code_ptr + s->splitwx_diff;
}

static void tcg_out_branch_abs(TCGContext *s, bool call, const void *dest)
{
    intptr_t disp = (intptr_t)dest - (intptr_t)(code_rx_addr(s) + 5);

    if (disp == (int32_t)disp) {
        tcg_out8(s, call ? OPC_CALL_Jz : OPC_JMP_long);
        tcg_out32(s, (uint32_t)disp);
    } else {
        /* call/jmp [rip + pool]: one pool slot per callee and TB */
        tcg_out8(s, OPC_GRP5);
        tcg_out8(s, 0x05 | ((call ? EXT5_CALLN_Ev : EXT5_JMPN_Ev) << 3));
        tcg_out_pool_ref(s, (uintptr_t)dest);
    }
}

void tcg_out_call(TCGContext *s, const void *func)
{
    sse_cache_clobber();        /* the callee may use any xmm register */
    tcg_out_branch_abs(s, true, func);
}

/* cmp a, b (b constant or register); sets the flags for a jcc/setcc */
static void tcg_out_cmp(TCGContext *s, int a, TCGArg b, int bconst, int rw)
{
    if (bconst) {
        if (b == 0) {
            tcg_out_modrm(s, OPC_TESTL | rw, a, a);
        } else {
            tgen_arithi(s, ARITH_CMP, a, (int64_t)b, rw);
        }
    } else {
        tgen_arithr(s, ARITH_CMP, a, (int)b, rw);
    }
}

/* ---- constraints ---- */

#define C_O1_I1(o, i)           { .args_ct_str = { o, i } }
#define C_O1_I2(o, i1, i2)      { .args_ct_str = { o, i1, i2 } }

const TCGTargetOpDef *tcg_target_op_def(TCGOpcode op, TCGType type)
{
    static const TCGTargetOpDef r = { .args_ct_str = { "r" } };
    static const TCGTargetOpDef r_r = C_O1_I1("r", "r");
    static const TCGTargetOpDef r_0 = C_O1_I1("r", "0");
    static const TCGTargetOpDef ri = { .args_ct_str = { "ri" } };
    static const TCGTargetOpDef nr_r = C_O1_I1("&r", "r");
    static const TCGTargetOpDef r_r_re = C_O1_I2("r", "r", "re");
    static const TCGTargetOpDef r_0_re = C_O1_I2("r", "0", "re");
    static const TCGTargetOpDef r_0_r = C_O1_I2("r", "0", "r");
    static const TCGTargetOpDef r_r_r = C_O1_I2("r", "r", "r");
    static const TCGTargetOpDef r_r_ri = C_O1_I2("r", "r", "ri");
    static const TCGTargetOpDef r_0_ci = C_O1_I2("r", "0", "ci");
    static const TCGTargetOpDef nr_r_r = C_O1_I2("&r", "r", "r");
    static const TCGTargetOpDef st = { .args_ct_str = { "r", "r" } };
    static const TCGTargetOpDef brcond = { .args_ct_str = { "r", "re" } };
    static const TCGTargetOpDef div = {
        .args_ct_str = { "a", "0", "R" }, .clobber = 1u << RDX };
    static const TCGTargetOpDef rem = {
        .args_ct_str = { "d", "a", "R" }, .clobber = 1u << RAX };
    static const TCGTargetOpDef mul2 = {
        .args_ct_str = { "a", "d", "0", "r" } };
    static const TCGTargetOpDef add2 = {
        .args_ct_str = { "&r", "&r", "r", "r", "re", "re" } };
    static const TCGTargetOpDef movcond = {
        .args_ct_str = { "r", "r", "re", "r", "0" } };

    switch (op) {
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u:
    case INDEX_op_ld16s: case INDEX_op_ld32u: case INDEX_op_ld32s:
    case INDEX_op_ld:
        return &r_r;
    case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32:
    case INDEX_op_st:
        return &st;
    case INDEX_op_add:
        return &r_r_re;
    case INDEX_op_sub: case INDEX_op_mul: case INDEX_op_and:
    case INDEX_op_or: case INDEX_op_xor:
        return &r_0_re;
    case INDEX_op_andc:
        return have_bmi1 ? &r_r_r : &r_0_r;
    case INDEX_op_orc: case INDEX_op_eqv: case INDEX_op_nand:
    case INDEX_op_nor:
        return &r_0_r;
    case INDEX_op_neg: case INDEX_op_not:
    case INDEX_op_bswap16: case INDEX_op_bswap32: case INDEX_op_bswap64:
        return &r_0;
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
        return have_bmi2 ? &r_r_ri : &r_0_ci;
    case INDEX_op_rotl: case INDEX_op_rotr:
        return &r_0_ci;
    case INDEX_op_div: case INDEX_op_divu:
        return &div;
    case INDEX_op_rem: case INDEX_op_remu:
        return &rem;
    case INDEX_op_mulu2: case INDEX_op_muls2:
        return &mul2;
    case INDEX_op_add2: case INDEX_op_sub2:
        return &add2;
    case INDEX_op_ext8s: case INDEX_op_ext8u: case INDEX_op_ext16s:
    case INDEX_op_ext16u: case INDEX_op_ext32s: case INDEX_op_ext32u:
    case INDEX_op_ext_i32_i64: case INDEX_op_extu_i32_i64:
    case INDEX_op_extrl_i64_i32: case INDEX_op_extrh_i64_i32:
    case INDEX_op_extract: case INDEX_op_sextract:
        return &r_r;
    case INDEX_op_ctpop:
        return have_popcnt ? &r_r : &nr_r;
    case INDEX_op_deposit: case INDEX_op_clz: case INDEX_op_ctz:
        return &nr_r_r;
    case INDEX_op_setcond: case INDEX_op_negsetcond:
        return &r_r_re;
    case INDEX_op_movcond:
        return &movcond;
    case INDEX_op_brcond:
        return &brcond;
    case INDEX_op_qemu_ld: case INDEX_op_qemu_st:
        return &st;
    case INDEX_op_goto_ptr:
        return &ri;
    case INDEX_op_sse_op:
        return &r;
    case INDEX_op_sse_movmsk:
        return &r_r;
    case INDEX_op_br: case INDEX_op_exit_tb: case INDEX_op_goto_tb:
    case INDEX_op_mb:
        return &r;  /* no register arguments */
    default:
        return NULL;
    }
}

/* ---- op emission ---- */

#define OPC_MOVQ_VqWq   (0x7e | P_EXT | P_SIMDF3)   /* movq xmm, m64 */
#define OPC_MOVHPS_VqMq (0x16 | P_EXT)              /* movhps xmm, m64 */
#define OPC_MOVQ_WqVq   (0xd6 | P_EXT | P_DATA16)   /* movq m64, xmm */
#define OPC_MOVHPS_MqVq (0x17 | P_EXT)              /* movhps m64, xmm */
#define OPC_MOVDQU_VxWx (0x6f | P_EXT | P_SIMDF3)   /* movdqu xmm, m128 */
#define OPC_MOVDQA_VxWx (0x6f | P_EXT | P_DATA16)   /* movdqa xmm, xmm */
#define OPC_MOVQ_VqEq   (0x6e | P_EXT | P_DATA16 | P_REXW) /* movq xmm, r64 */
#define OPC_PMOVMSKB    (0xd7 | P_EXT | P_DATA16)
#define OPC_PCMPISTRI   (0x63 | P_EXT3A | P_DATA16)
#define OPC_PUSHF       0x9c

/*
 * xmm@x := the 16 bytes at base + ofs, loaded as two halves: the slots
 * are usually written 8 bytes at a time, and a 16-byte load of two
 * 8-byte stores would miss store forwarding.
 */
static void tgen_sse_ld(TCGContext *s, int x, int base, intptr_t ofs)
{
    tcg_out_modrm_offset(s, OPC_MOVQ_VqWq, x, base, ofs);
    tcg_out_modrm_offset(s, OPC_MOVHPS_VqMq, x, base, ofs + 8);
}

/*
 * The 16 bytes at base + ofs := xmm@x, as two halves too: the slots are
 * only 8-byte aligned in CPUX86State, and a 16-byte store that straddles
 * two cache lines is very slow (and forwards to no later load).
 */
static void tgen_sse_st(TCGContext *s, int x, int base, intptr_t ofs)
{
    tcg_out_modrm_offset(s, OPC_MOVQ_WqVq, x, base, ofs);
    tcg_out_modrm_offset(s, OPC_MOVHPS_MqVq, x, base, ofs + 8);
}

/*
 * What xmm0..xmm15 hold across sse ops: a copy of a 16-byte slot at
 * base + ofs (memory is always written too, so forgetting is always
 * safe).  With base = env the copies outlive other code in between, which
 * forgets what it may change: a store into env (sse_cache_store), a call
 * or a softmmu access whose slow path calls out (sse_cache_clobber), a
 * label (code reached from elsewhere) and the start of a TB (both bump
 * tcg_label_generation).  In user mode the guest-memory fast path never
 * returns from its slow path (the alignment hook raises the fault), as the
 * register allocator also assumes.  With another base the copies last
 * only while nothing else was emitted since the last sse op.
 */
#define SSE_CACHE_REGS 16       /* all call-clobbered: no saving needed */
static __thread struct {
    const uint8_t *end;         /* code pointer after the last sse op */
    unsigned label_gen;
    int base;
    intptr_t ofs[SSE_CACHE_REGS];
    bool valid[SSE_CACHE_REGS];
    unsigned used[SSE_CACHE_REGS];  /* clock of the last use: LRU victim */
    unsigned clock;
    /* the write-back of the last sse op: [store_at, store_end) writes dofs */
    const uint8_t *store_at, *store_end;
    intptr_t store_ofs;
} sse_cache;

static void sse_cache_clobber(void)
{
    memset(sse_cache.valid, 0, sizeof(sse_cache.valid));
}

/* a store of @size bytes at base + ofs was emitted */
static void sse_cache_store(int base, intptr_t ofs, int size)
{
    if (base == RSP) {
        return;                 /* the TCG frame is no CPU state */
    }
    if (base != tcg_target_areg0 || sse_cache.base != base) {
        sse_cache_clobber();
        return;
    }
    for (int x = 0; x < SSE_CACHE_REGS; x++) {
        if (sse_cache.valid[x] && ofs < sse_cache.ofs[x] + 16 &&
            sse_cache.ofs[x] < ofs + size) {
            sse_cache.valid[x] = false;
        }
    }
}

static void sse_cache_check(TCGContext *s, int base)
{
    bool lasting = base == tcg_target_areg0;

    if ((!lasting && sse_cache.end != s->code_ptr) ||
        sse_cache.base != base ||
        sse_cache.label_gen != tcg_label_generation) {
        sse_cache_clobber();
        sse_cache.base = base;
        sse_cache.label_gen = tcg_label_generation;
        sse_cache.store_end = NULL;
    }
}

static int sse_cache_use(int x)
{
    sse_cache.used[x] = ++sse_cache.clock;
    return x;
}

/* a register for the slot at @ofs, other than @keep; not loaded */
static int sse_cache_alloc(intptr_t ofs, int keep)
{
    int x, victim = -1;

    for (x = 0; x < SSE_CACHE_REGS; x++) {
        if (sse_cache.valid[x] && sse_cache.ofs[x] == ofs && x != keep) {
            return sse_cache_use(x);
        }
    }
    for (x = 0; x < SSE_CACHE_REGS; x++) {
        if (x == keep) {
            continue;
        }
        if (!sse_cache.valid[x]) {
            victim = x;
            break;
        }
        if (victim < 0 ||
            (int)(sse_cache.used[x] - sse_cache.used[victim]) < 0) {
            victim = x;
        }
    }
    sse_cache.valid[victim] = true;
    sse_cache.ofs[victim] = ofs;
    return sse_cache_use(victim);
}

/* an xmm register holding the slot at @ofs, loaded if needed */
static int sse_cache_get(TCGContext *s, int base, intptr_t ofs, int keep)
{
    int x;

    for (x = 0; x < SSE_CACHE_REGS; x++) {
        if (sse_cache.valid[x] && sse_cache.ofs[x] == ofs) {
            return sse_cache_use(x);
        }
    }
    x = sse_cache_alloc(ofs, keep);
    tgen_sse_ld(s, x, base, ofs);
    return x;
}

/* forget any copy of the slot at @ofs except the one in @x */
static void sse_cache_only(int x, intptr_t ofs)
{
    for (int y = 0; y < SSE_CACHE_REGS; y++) {
        if (y != x && sse_cache.valid[y] && sse_cache.ofs[y] == ofs) {
            sse_cache.valid[y] = false;
        }
    }
}

/*
 * After a pcmpistri (with the RCX of TCG saved in TMP0: it may hold a
 * value): xd := { ECX | the arithmetic flags << 32, 0 }, RCX restored.
 */
static void tgen_pcmpistri_result(TCGContext *s, int xd)
{
    tcg_out8(s, OPC_PUSHF);
    tcg_out_opc(s, OPC_POP_r32 + (TMP1 & 7), 0, TMP1, 0);
    tgen_arithi(s, ARITH_AND, TMP1, 0x8d5, 0);   /* CF PF AF ZF SF OF */
    tcg_out_shifti(s, SHIFT_SHL, TMP1, 32, P_REXW);
    tcg_out_modrm(s, OPC_MOVL_GvEv, RCX, RCX);  /* zero-extend ECX */
    tgen_arithr(s, ARITH_OR, TMP1, RCX, P_REXW);
    tcg_out_modrm(s, OPC_MOVQ_VqEq, xd, TMP1);
    tcg_out_mov(s, TCG_TYPE_I64, RCX, TMP0);
}

static void tgen_pcmpistri(TCGContext *s, int xd, int xs, unsigned imm)
{
    tcg_out_mov(s, TCG_TYPE_I64, TMP0, RCX);
    tcg_out_modrm(s, OPC_PCMPISTRI, xd, xs);
    tcg_out8(s, imm);
    tgen_pcmpistri_result(s, xd);
}

/*
 * Before an sse op that writes the slot at @ofs, with its operands in
 * registers: if the last thing emitted is the previous sse op's store of
 * that same slot, drop it.  Nothing was emitted since (no code, no label:
 * nothing read the slot), this op cannot fault before it stores the slot
 * again (a TCG_SSE_SRC_PTR operand was probed by a guest load), and the
 * register copy is the valid one.
 */
static void sse_drop_dead_store(TCGContext *s, intptr_t ofs)
{
    if (s->code_ptr == sse_cache.store_end && sse_cache.store_ofs == ofs &&
        sse_cache.label_gen == tcg_label_generation) {
        s->code_ptr = (uint8_t *)sse_cache.store_at;
    }
}

/*
 * [env + dofs] = op([env + dofs], [base + sofs]) for TCG_SSE_SRC_PTR,
 * else [base + dofs] = op([base + dofs], [base + sofs])
 */
static void tgen_sse_op(TCGContext *s, int base, intptr_t dofs,
                        intptr_t sofs, unsigned code)
{
    static const int maps[3] = { P_EXT, P_EXT38, P_EXT3A };
    unsigned map = (code >> 8) & 3, op = code & 0xff;
    unsigned imm = (code >> 16) & 0xff;
    int dbase = base, xd, xs = -1;

    if (code & TCG_SSE_SRC_PTR) {
        dbase = tcg_target_areg0;
    }
    sse_cache_check(s, dbase);
    if (map == 0 && op >= 0x71 && op <= 0x73) {
        /* shift by imm: ModRM.reg selects the shift, r/m is the operand */
        xd = sse_cache_get(s, dbase, dofs, -1);
        sse_drop_dead_store(s, dofs);
        tcg_out_modrm(s, P_EXT | P_DATA16 | op, (code >> 12) & 7, xd);
        tcg_out8(s, imm);
    } else if (code & TCG_SSE_SRC_PTR) {
        if (map == 0 && op == 0x6f) {
            xd = sse_cache_alloc(dofs, -1);
            tcg_out_modrm_offset(s, OPC_MOVDQU_VxWx, xd, base, sofs);
        } else {
            /* the op reads its memory operand itself (see TCG_SSE_SRC_PTR) */
            xd = sse_cache_get(s, dbase, dofs, -1);
            /* the frontend probed the operand: the read cannot fault */
            sse_drop_dead_store(s, dofs);
            if (map == 2 && op == 0x63) {
                tcg_out_mov(s, TCG_TYPE_I64, TMP0, RCX);
            }
            tcg_out_modrm_offset(s, maps[map] | P_DATA16 | op, xd, base,
                                 sofs);
            if (map == 2 || (map == 0 && op == 0x70)) {
                tcg_out8(s, imm);
            }
            if (map == 2 && op == 0x63) {
                tgen_pcmpistri_result(s, xd);
            }
        }
    } else {
        xs = sse_cache_get(s, base, sofs, -1);
        if (map == 0 && op == 0x6f) {
            xd = dofs == sofs ? xs : sse_cache_alloc(dofs, xs);
        } else {
            xd = sse_cache_get(s, base, dofs, xs);
        }
    }
    if (xs >= 0) {
        sse_drop_dead_store(s, dofs);
    }
    if (xs >= 0 && map == 2 && op == 0x63) {
        tgen_pcmpistri(s, xd, xs, imm);
    } else if (xs >= 0 && !(map == 0 && op == 0x6f && xd == xs)) {
        tcg_out_modrm(s, (map == 0 && op == 0x6f ? OPC_MOVDQA_VxWx :
                          maps[map] | P_DATA16 | op), xd, xs);
        if (map == 2 || (map == 0 && op == 0x70)) {
            tcg_out8(s, imm);
        }
    }
    sse_cache.store_at = s->code_ptr;
    tgen_sse_st(s, xd, dbase, dofs);
    sse_cache.store_end = s->code_ptr;
    sse_cache.store_ofs = dofs;
    sse_cache_only(xd, dofs);
    sse_cache.end = s->code_ptr;
}

static void tgen_sse_movmsk(TCGContext *s, int d, int base, intptr_t ofs)
{
    int x;

    sse_cache_check(s, base);
    x = sse_cache_get(s, base, ofs, -1);
    tcg_out_modrm(s, OPC_PMOVMSKB, d, x);
    sse_cache.end = s->code_ptr;
}

static void tgen_div(TCGContext *s, TCGOpcode op, int rw, int b)
{
    bool is_signed = op == INDEX_op_div || op == INDEX_op_rem;
    bool is_rem = op == INDEX_op_rem || op == INDEX_op_remu;
    uint32_t jz, jm1 = 0, jdone, jdone2 = 0;

    /* b == 0 and (signed) b == -1 never reach the divide instruction */
    tcg_out_modrm(s, OPC_TESTL | rw, b, b);
    jz = tcg_out_jcc8(s, JCC_JE);
    if (is_signed) {
        tgen_arithi(s, ARITH_CMP, b, -1, rw);
        jm1 = tcg_out_jcc8(s, JCC_JE);
        tcg_out_opc(s, 0x99 | rw, 0, 0, 0);     /* cdq / cqo */
        tcg_out_modrm(s, OPC_GRP3_Ev | rw, EXT3_IDIV, b);
    } else {
        tcg_out_modrm(s, 0x31, RDX, RDX);       /* xor edx, edx */
        tcg_out_modrm(s, OPC_GRP3_Ev | rw, EXT3_DIV, b);
    }
    jdone = tcg_out_jcc8(s, -1);
    if (is_signed) {
        tcg_patch8_here(s, jm1);
        if (is_rem) {
            tcg_out_modrm(s, 0x31, RDX, RDX);   /* x % -1 = 0 */
        } else {
            tcg_out_modrm(s, OPC_GRP3_Ev | rw, EXT3_NEG, RAX);
        }
        jdone2 = tcg_out_jcc8(s, -1);
    }
    tcg_patch8_here(s, jz);
    if (is_rem) {
        tcg_out_mov(s, TCG_TYPE_I64, RDX, RAX); /* x % 0 = x */
    } else {
        tcg_out_movi(s, rw ? TCG_TYPE_I64 : TCG_TYPE_I32, RAX, -1);
    }
    tcg_patch8_here(s, jdone);
    if (is_signed) {
        tcg_patch8_here(s, jdone2);
    }
}

static void tgen_shift(TCGContext *s, TCGOpcode op, int rw, int width,
                       const TCGArg *args, const int *const_args)
{
    int sub;
    int d = args[0], a = args[1];

    switch (op) {
    case INDEX_op_shl: sub = SHIFT_SHL; break;
    case INDEX_op_shr: sub = SHIFT_SHR; break;
    case INDEX_op_sar: sub = SHIFT_SAR; break;
    case INDEX_op_rotl: sub = SHIFT_ROL; break;
    default: sub = SHIFT_ROR; break;
    }
    if (const_args[2]) {
        int count = args[2] & (width - 1);
        tcg_out_mov(s, TCG_TYPE_I64, d, a);
        if (count) {
            tcg_out_shifti(s, sub, d, count, rw);
        }
    } else if (have_bmi2 && op != INDEX_op_rotl && op != INDEX_op_rotr) {
        int opc = op == INDEX_op_shl ? OPC_SHLX :
                  op == INDEX_op_shr ? OPC_SHRX : OPC_SARX;
        tcg_out_vex_modrm(s, opc | rw, d, args[2], a);
    } else {
        /* count is in rcx, d aliases a */
        tcg_out_modrm(s, OPC_SHIFT_cl | rw, sub, d);
    }
}

static void tgen_extract(TCGContext *s, bool sign, int rw, int width, int d,
                         int a, int ofs, int len)
{
    if (ofs == 0 && !sign) {
        if (len == 8) {
            tcg_out_ext8u(s, d, a);
            return;
        } else if (len == 16) {
            tcg_out_ext16u(s, d, a);
            return;
        } else if (len == 32) {
            tcg_out_ext32u(s, d, a);
            return;
        }
    }
    if (ofs == 0 && sign) {
        if (len == 8) {
            tcg_out_modrm(s, OPC_MOVSBL | P_REXB_RM | rw, d, a);
            return;
        } else if (len == 16) {
            tcg_out_modrm(s, OPC_MOVSWL | rw, d, a);
            return;
        } else if (len == 32) {
            tcg_out_modrm(s, OPC_MOVSLQ, d, a);
            return;
        }
    }
    tcg_out_mov(s, TCG_TYPE_I64, d, a);
    if (ofs + len < width) {
        tcg_out_shifti(s, SHIFT_SHL, d, width - ofs - len, rw);
    }
    tcg_out_shifti(s, sign ? SHIFT_SAR : SHIFT_SHR, d, width - len, rw);
}

static void tgen_deposit(TCGContext *s, int rw, int width, int d, int a,
                         int b, int ofs, int len)
{
    if (ofs == 0 && (len == 8 || len == 16)) {
        /* a byte or word register write of the guest: mov d, a; mov dl, bl */
        tcg_out_mov(s, TCG_TYPE_I64, d, a);
        tcg_out_modrm(s, len == 8 ? OPC_MOVB_EvGv | P_REXB_R | P_REXB_RM
                                  : OPC_MOVL_EvGv | P_DATA16, b, d);
        return;
    }
    /* field of b at the top of TMP0, then shifted into a rotated a */
    tcg_out_mov(s, TCG_TYPE_I64, TMP0, b);
    tcg_out_shifti(s, SHIFT_SHL, TMP0, width - len, rw);
    tcg_out_mov(s, TCG_TYPE_I64, d, a);
    if (ofs) {
        tcg_out_shifti(s, SHIFT_ROR, d, ofs, rw);
    }
    tcg_out_shifti(s, SHIFT_SHR, d, len, rw);
    tcg_out_modrm(s, OPC_SHLD_Ib | rw, TMP0, d);
    tcg_out8(s, len);
    if (ofs) {
        tcg_out_shifti(s, SHIFT_ROL, d, ofs, rw);
    }
}

static void tgen_ctpop_soft(TCGContext *s, int rw, int d, int a)
{
    /* classic SWAR bit count with r10/r11 as scratch */
    TCGType t = rw ? TCG_TYPE_I64 : TCG_TYPE_I32;
    int64_t m1 = 0x5555555555555555ll, m2 = 0x3333333333333333ll;
    int64_t m4 = 0x0f0f0f0f0f0f0f0fll, h01 = 0x0101010101010101ll;

    tcg_out_mov(s, TCG_TYPE_I64, d, a);
    tcg_out_mov(s, TCG_TYPE_I64, TMP0, d);
    tcg_out_shifti(s, SHIFT_SHR, TMP0, 1, rw);
    tcg_out_movi(s, t, TMP1, m1);
    tgen_arithr(s, ARITH_AND, TMP0, TMP1, rw);
    tgen_arithr(s, ARITH_SUB, d, TMP0, rw);
    tcg_out_movi(s, t, TMP1, m2);
    tcg_out_mov(s, TCG_TYPE_I64, TMP0, d);
    tgen_arithr(s, ARITH_AND, TMP0, TMP1, rw);
    tcg_out_shifti(s, SHIFT_SHR, d, 2, rw);
    tgen_arithr(s, ARITH_AND, d, TMP1, rw);
    tgen_arithr(s, ARITH_ADD, d, TMP0, rw);
    tcg_out_mov(s, TCG_TYPE_I64, TMP0, d);
    tcg_out_shifti(s, SHIFT_SHR, TMP0, 4, rw);
    tgen_arithr(s, ARITH_ADD, d, TMP0, rw);
    tcg_out_movi(s, t, TMP1, m4);
    tgen_arithr(s, ARITH_AND, d, TMP1, rw);
    tcg_out_movi(s, t, TMP1, h01);
    tcg_out_modrm(s, OPC_IMUL_GvEv | rw, d, TMP1);
    tcg_out_shifti(s, SHIFT_SHR, d, rw ? 56 : 24, rw);
}

static void tgen_bitscan(TCGContext *s, bool is_clz, int rw, int width,
                         int d, int a, int b)
{
    if (is_clz) {
        if (have_lzcnt) {
            tcg_out_modrm(s, OPC_LZCNT | rw, d, a);
        } else {
            tcg_out_modrm(s, OPC_BSR | rw, d, a);
            tgen_arithi(s, ARITH_XOR, d, width - 1, rw);
        }
    } else {
        tcg_out_modrm(s, (have_bmi1 ? OPC_TZCNT : OPC_BSF) | rw, d, a);
    }
    tcg_out_modrm(s, OPC_TESTL | rw, a, a);
    tcg_out_modrm(s, (OPC_CMOVCC + JCC_JE) | rw, d, b);
}

/* ---- guest memory ---- */

static TCGLdstLabel *new_ldst_label(TCGContext *s)
{
    TCGLdstLabel *l = g_new0(TCGLdstLabel, 1);

    l->next = s->ldst_labels;
    s->ldst_labels = l;
    g_ptr_array_add(s->labels, l);      /* freed with the TB's relocs */
    return l;
}

static void tcg_out_jcc_ldst(TCGContext *s, int jcc, TCGLdstLabel *l)
{
    tcg_out_opc(s, OPC_JCC_long + jcc, 0, 0, 0);
    l->label_off[l->nb_jumps++] = tcg_current_code_offset(s);
    tcg_out32(s, 0);
}

/* Load or store between @datareg and [@base + @index + @ofs]. */
static void tcg_out_ldst_direct(TCGContext *s, bool is_ld, TCGType type,
                                MemOp mop, int datareg, int base, int index,
                                intptr_t ofs)
{
    int rw = rexw(type);
    unsigned size = mop & MO_SIZE;
    bool bswap = (mop & MO_BSWAP) != 0;
    bool sign = (mop & MO_SIGN) != 0;

    if (is_ld) {
        switch (size) {
        case MO_8:
            tcg_out_sib_offset(s, sign ? OPC_MOVSBL | rw : OPC_MOVZBL,
                               datareg, base, index, 0, ofs);
            break;
        case MO_16:
            tcg_out_sib_offset(s, (sign && !bswap) ? OPC_MOVSWL | rw
                               : OPC_MOVZWL, datareg, base, index, 0, ofs);
            if (bswap) {
                /* rol r16, 8 swaps the two bytes */
                tcg_out_modrm(s, OPC_SHIFT_Ib | P_DATA16, SHIFT_ROL,
                              datareg);
                tcg_out8(s, 8);
                tcg_out_modrm(s, sign ? OPC_MOVSWL | rw : OPC_MOVZWL,
                              datareg, datareg);
            }
            break;
        case MO_32:
            tcg_out_sib_offset(s, (sign && !bswap) ? OPC_MOVSLQ
                               : OPC_MOVL_GvEv, datareg, base, index, 0,
                               ofs);
            if (bswap) {
                tcg_out_opc(s, OPC_BSWAP + (datareg & 7), 0, datareg, 0);
                if (sign) {
                    tcg_out_modrm(s, OPC_MOVSLQ, datareg, datareg);
                }
            }
            break;
        default:
            tcg_out_sib_offset(s, OPC_MOVL_GvEv | P_REXW, datareg, base,
                               index, 0, ofs);
            if (bswap) {
                tcg_out_opc(s, (OPC_BSWAP + (datareg & 7)) | P_REXW, 0,
                            datareg, 0);
            }
            break;
        }
        return;
    }

    if (bswap) {
        tcg_out_mov(s, TCG_TYPE_I64, TMP1, datareg);
        datareg = TMP1;
        if (size == MO_16) {
            tcg_out_modrm(s, OPC_SHIFT_Ib | P_DATA16, SHIFT_ROL, datareg);
            tcg_out8(s, 8);
        } else {
            tcg_out_opc(s, (OPC_BSWAP + (datareg & 7)) |
                        (size == MO_64 ? P_REXW : 0), 0, datareg, 0);
        }
    }
    switch (size) {
    case MO_8:
        tcg_out_sib_offset(s, OPC_MOVB_EvGv | P_REXB_R, datareg, base, index,
                           0, ofs);
        break;
    case MO_16:
        tcg_out_sib_offset(s, OPC_MOVL_EvGv | P_DATA16, datareg, base,
                           index, 0, ofs);
        break;
    case MO_32:
        tcg_out_sib_offset(s, OPC_MOVL_EvGv, datareg, base, index, 0, ofs);
        break;
    default:
        tcg_out_sib_offset(s, OPC_MOVL_EvGv | P_REXW, datareg, base, index,
                           0, ofs);
        break;
    }
}

static void tcg_out_qemu_ldst(TCGContext *s, bool is_ld, TCGType type,
                              int datareg, int addrreg, MemOpIdx oi)
{
    MemOp mop = get_memop(oi);
    unsigned a_bytes = memop_alignment_bytes(mop);
    unsigned s_bytes = memop_size(mop);
    TCGGuestMem *gm = &s->guest_mem;
    TCGLdstLabel *l = NULL;

    if (gm->mode == TCG_GUEST_MEM_USER) {
        if (a_bytes > 1 && gm->unaligned) {
            l = new_ldst_label(s);
            l->unaligned_only = true;
            tcg_out_modrm(s, OPC_GRP3_Ev | P_REXW, 0, addrreg);
            tcg_out32(s, a_bytes - 1);                  /* test imm32 */
            tcg_out_jcc_ldst(s, JCC_JNE, l);
            /* if the hook returns, the access is done unaligned */
            l->raddr = tcg_current_code_offset(s);
        }
        if (gm->guest_base == 0) {
            tcg_out_ldst_direct(s, is_ld, type, mop, datareg, addrreg, -1, 0);
        } else if (gm->guest_base == (int32_t)gm->guest_base) {
            tcg_out_ldst_direct(s, is_ld, type, mop, datareg, addrreg, -1,
                                gm->guest_base);
        } else {
            tcg_out_movi(s, TCG_TYPE_PTR, TMP0, gm->guest_base);
            tcg_out_ldst_direct(s, is_ld, type, mop, datareg, TMP0, addrreg,
                                0);
        }
    } else {
        unsigned bits = gm->page_bits;

        sse_cache_clobber();    /* the slow path calls out and returns */
        intptr_t fast = gm->tlb_fast_ofs +
                        get_mmuidx(oi) * (intptr_t)sizeof(TCGTLBFast);
        int cmp_ofs = is_ld ? offsetof(TCGTLBEntry, addr_read)
                            : offsetof(TCGTLBEntry, addr_write);
        uint64_t a_mask = a_bytes - 1;

        l = new_ldst_label(s);
        /* TMP1 = &table[index] */
        tcg_out_mov(s, TCG_TYPE_I64, TMP1, addrreg);
        tcg_out_shifti(s, SHIFT_SHR, TMP1, bits - 5, P_REXW);
        tcg_out_modrm_offset(s, 0x23 | P_REXW, TMP1, RBP,
                             fast + offsetof(TCGTLBFast, mask));
        tcg_out_modrm_offset(s, OPC_ADD_GvEv | P_REXW, TMP1, RBP,
                             fast + offsetof(TCGTLBFast, table));
        /* TMP0 = page of the last byte, with the alignment bits */
        if (a_bytes >= s_bytes) {
            tcg_out_mov(s, TCG_TYPE_I64, TMP0, addrreg);
        } else {
            tcg_out_modrm_offset(s, OPC_LEA | P_REXW, TMP0, addrreg,
                                 s_bytes - a_bytes);
        }
        tgen_arithi(s, ARITH_AND, TMP0,
                    (int64_t)(~(((uint64_t)1 << bits) - 1) | a_mask),
                    P_REXW);
        tcg_out_modrm_offset(s, (OPC_ARITH_GvEv | (ARITH_CMP << 3)) | P_REXW,
                             TMP0, TMP1, cmp_ofs);
        tcg_out_jcc_ldst(s, JCC_JNE, l);
        /* the addend goes to TMP0: a byte-swapped store needs TMP1 */
        tcg_out_ld(s, TCG_TYPE_PTR, TMP0, TMP1,
                   offsetof(TCGTLBEntry, addend));
        tcg_out_ldst_direct(s, is_ld, type, mop, datareg, TMP0, addrreg, 0);
    }
    if (l) {
        l->is_ld = is_ld;
        l->oi = oi;
        l->type = type;
        l->datareg = datareg;
        l->addrreg = addrreg;
        if (!l->unaligned_only) {
            l->raddr = tcg_current_code_offset(s);
        }
    }
}

/* lea reg, [rip + (code offset @target)] */
static void tcg_out_lea_code(TCGContext *s, int reg, uint32_t target)
{
    uint32_t at;

    tcg_out_opc(s, OPC_LEA | P_REXW, reg, 0, 0);
    tcg_out8(s, 0x05 | ((reg & 7) << 3));
    at = tcg_current_code_offset(s);
    tcg_out32(s, 0);
    tcg_patch_rel32(s, at, target);
}

bool tcg_out_ldst_finalize(TCGContext *s)
{
    for (TCGLdstLabel *l = s->ldst_labels; l; l = l->next) {
        for (int i = 0; i < l->nb_jumps; i++) {
            tcg_patch_rel32(s, l->label_off[i], tcg_current_code_offset(s));
        }
        /* parallel move through the scratch registers */
        tcg_out_mov(s, TCG_TYPE_I64, TMP1, l->addrreg);
        if (!l->is_ld) {
            tcg_out_mov(s, TCG_TYPE_I64, TMP0, l->datareg);
        }
        tcg_out_mov(s, TCG_TYPE_PTR, RDI, RBP);
        tcg_out_mov(s, TCG_TYPE_I64, RSI, TMP1);
        if (l->unaligned_only) {
            /* bit 31 of the MemOpIdx tells the hook it is a store */
            tcg_out_movi(s, TCG_TYPE_I32, RDX,
                         l->oi | (l->is_ld ? 0 : 1u << 31));
            tcg_out_lea_code(s, RCX, l->raddr);
            tcg_out_call(s, (const void *)s->guest_mem.unaligned);
            /* the hook does not return; if it does, skip the access */
        } else if (l->is_ld) {
            tcg_out_movi(s, TCG_TYPE_I32, RDX, l->oi);
            tcg_out_lea_code(s, RCX, l->raddr);
            tcg_out_call(s, (const void *)s->guest_mem.ld_helper);
            tcg_out_mov(s, l->type, l->datareg, RAX);
        } else {
            tcg_out_mov(s, TCG_TYPE_I64, RDX, TMP0);
            tcg_out_movi(s, TCG_TYPE_I32, RCX, l->oi);
            tcg_out_lea_code(s, R8, l->raddr);
            tcg_out_call(s, (const void *)s->guest_mem.st_helper);
        }
        {
            intptr_t disp = (intptr_t)l->raddr -
                            (intptr_t)(tcg_current_code_offset(s) + 5);
            tcg_out8(s, OPC_JMP_long);
            tcg_out32(s, (uint32_t)disp);
        }
    }
    tcg_out_pool_finalize(s);
    return !s->code_overflow;
}

/* ---- TB exits ---- */

void tcg_target_set_jmp_target(uintptr_t jmp_rx, uintptr_t addr_rx)
{
    /* jmp_rx is the E9 byte; its rel32 is 4-byte aligned */
    uint32_t *p = tcg_splitwx_to_rw((const void *)(jmp_rx + 1));
    int32_t disp = (int32_t)(addr_rx - (jmp_rx + 5));

    __atomic_store_n(p, (uint32_t)disp, __ATOMIC_RELEASE);
}

static void tcg_out_exit_tb(TCGContext *s, uintptr_t val)
{
    if (val == 0) {
        tcg_out_branch_abs(s, false, s->code_gen_epilogue);
    } else {
        tcg_out_movi(s, TCG_TYPE_PTR, RAX, val);
        tcg_out_branch_abs(s, false, s->tb_ret_addr);
    }
}

static void tcg_out_goto_tb(TCGContext *s, int which)
{
    /* align the rel32 so it can be patched atomically */
    while ((code_rx_addr(s) + 1) & 3) {
        tcg_out8(s, 0x90);
    }
    s->jmp_insn_offset[which] = s->code_ptr - s->gen_start;
    tcg_out8(s, OPC_JMP_long);
    tcg_out32(s, 0);
    s->jmp_reset_offset[which] = s->code_ptr - s->gen_start;
}

void tcg_out_op(TCGContext *s, TCGOpcode op, TCGType type,
                const TCGArg *args, const int *const_args)
{
    int rw = rexw(type);
    int width = type == TCG_TYPE_I32 ? 32 : 64;
    int d = args[0];

    switch (op) {
    case INDEX_op_exit_tb:
        tcg_out_exit_tb(s, args[0]);
        break;
    case INDEX_op_goto_tb:
        tcg_out_goto_tb(s, args[0]);
        break;
    case INDEX_op_goto_ptr:
        if (const_args[0]) {
            /* a fixed target: a lookup stub (accel/tcg/translator.c) */
            tcg_out_branch_abs(s, false, (const void *)args[0]);
            break;
        }
        tcg_out_modrm(s, OPC_TESTL | P_REXW, d, d);
        {
            intptr_t disp = (intptr_t)s->code_gen_epilogue -
                            (intptr_t)(code_rx_addr(s) + 6);
            if (disp == (int32_t)disp) {
                tcg_out_opc(s, OPC_JCC_long + JCC_JE, 0, 0, 0);
                tcg_out32(s, (uint32_t)disp);
            } else {
                uint32_t j = tcg_out_jcc8(s, JCC_JNE);
                tcg_out_branch_abs(s, false, s->code_gen_epilogue);
                tcg_patch8_here(s, j);
            }
        }
        tcg_out_modrm(s, OPC_GRP5, EXT5_JMPN_Ev, d);
        break;
    case INDEX_op_br:
        tcg_out_br(s, arg_label(args[0]));
        break;
    case INDEX_op_brcond:
        tcg_out_cmp(s, args[0], args[1], const_args[1], rw);
        tcg_out_jxx(s, tcg_cond_to_jcc((TCGCond)args[2]),
                    arg_label(args[3]));
        break;
    case INDEX_op_sse_op:
        tgen_sse_op(s, d, args[1], args[2], args[3]);
        break;
    case INDEX_op_sse_movmsk:
        tgen_sse_movmsk(s, d, args[1], args[2]);
        break;

    case INDEX_op_mb:
        if (args[0] & TCG_MO_ST_LD) {
            tcg_out8(s, 0x0f);                  /* mfence */
            tcg_out8(s, 0xae);
            tcg_out8(s, 0xf0);
        }
        break;

    case INDEX_op_ld8u:
        tcg_out_modrm_offset(s, OPC_MOVZBL, d, args[1], args[2]);
        break;
    case INDEX_op_ld8s:
        tcg_out_modrm_offset(s, OPC_MOVSBL | rw, d, args[1], args[2]);
        break;
    case INDEX_op_ld16u:
        tcg_out_modrm_offset(s, OPC_MOVZWL, d, args[1], args[2]);
        break;
    case INDEX_op_ld16s:
        tcg_out_modrm_offset(s, OPC_MOVSWL | rw, d, args[1], args[2]);
        break;
    case INDEX_op_ld32u:
        tcg_out_modrm_offset(s, OPC_MOVL_GvEv, d, args[1], args[2]);
        break;
    case INDEX_op_ld32s:
        tcg_out_modrm_offset(s, OPC_MOVSLQ, d, args[1], args[2]);
        break;
    case INDEX_op_ld:
        tcg_out_ld(s, type, d, args[1], args[2]);
        break;
    case INDEX_op_st8:
        sse_cache_store(args[1], args[2], 1);
        tcg_out_modrm_offset(s, OPC_MOVB_EvGv | P_REXB_R, d, args[1],
                             args[2]);
        break;
    case INDEX_op_st16:
        sse_cache_store(args[1], args[2], 2);
        tcg_out_modrm_offset(s, OPC_MOVL_EvGv | P_DATA16, d, args[1],
                             args[2]);
        break;
    case INDEX_op_st32:
        sse_cache_store(args[1], args[2], 4);
        tcg_out_modrm_offset(s, OPC_MOVL_EvGv, d, args[1], args[2]);
        break;
    case INDEX_op_st:
        tcg_out_st(s, type, d, args[1], args[2]);
        break;

    case INDEX_op_add:
        if (const_args[2]) {
            if (d == (int)args[1]) {
                tgen_arithi(s, ARITH_ADD, d, (int64_t)args[2], rw);
            } else {
                tcg_out_modrm_offset(s, OPC_LEA | rw, d, args[1],
                                     (int32_t)args[2]);
            }
        } else if (d == (int)args[1]) {
            tgen_arithr(s, ARITH_ADD, d, args[2], rw);
        } else if (d == (int)args[2]) {
            tgen_arithr(s, ARITH_ADD, d, args[1], rw);
        } else {
            tcg_out_sib_offset(s, OPC_LEA | rw, d, args[1], args[2], 0, 0);
        }
        break;
    case INDEX_op_sub:
    case INDEX_op_and:
    case INDEX_op_or:
    case INDEX_op_xor: {
        int c = op == INDEX_op_sub ? ARITH_SUB : op == INDEX_op_and ?
                ARITH_AND : op == INDEX_op_or ? ARITH_OR : ARITH_XOR;
        if (const_args[2]) {
            tgen_arithi(s, c, d, (int64_t)args[2], rw);
        } else {
            tgen_arithr(s, c, d, args[2], rw);
        }
        break;
    }
    case INDEX_op_mul:
        if (const_args[2]) {
            int64_t v = (int64_t)args[2];
            if (v == (int8_t)v) {
                tcg_out_modrm(s, OPC_IMUL_GvEvIb | rw, d, d);
                tcg_out8(s, (uint8_t)v);
            } else {
                tcg_out_modrm(s, OPC_IMUL_GvEvIz | rw, d, d);
                tcg_out32(s, (uint32_t)v);
            }
        } else {
            tcg_out_modrm(s, OPC_IMUL_GvEv | rw, d, args[2]);
        }
        break;
    case INDEX_op_neg:
        tcg_out_modrm(s, OPC_GRP3_Ev | rw, EXT3_NEG, d);
        break;
    case INDEX_op_not:
        tcg_out_modrm(s, OPC_GRP3_Ev | rw, EXT3_NOT, d);
        break;
    case INDEX_op_andc:
        if (have_bmi1) {
            tcg_out_vex_modrm(s, OPC_ANDN | rw, d, args[2], args[1]);
        } else {
            tcg_out_mov(s, TCG_TYPE_I64, TMP0, args[2]);
            tcg_out_modrm(s, OPC_GRP3_Ev | rw, EXT3_NOT, TMP0);
            tgen_arithr(s, ARITH_AND, d, TMP0, rw);
        }
        break;
    case INDEX_op_orc:
        tcg_out_mov(s, TCG_TYPE_I64, TMP0, args[2]);
        tcg_out_modrm(s, OPC_GRP3_Ev | rw, EXT3_NOT, TMP0);
        tgen_arithr(s, ARITH_OR, d, TMP0, rw);
        break;
    case INDEX_op_eqv:
        tgen_arithr(s, ARITH_XOR, d, args[2], rw);
        tcg_out_modrm(s, OPC_GRP3_Ev | rw, EXT3_NOT, d);
        break;
    case INDEX_op_nand:
        tgen_arithr(s, ARITH_AND, d, args[2], rw);
        tcg_out_modrm(s, OPC_GRP3_Ev | rw, EXT3_NOT, d);
        break;
    case INDEX_op_nor:
        tgen_arithr(s, ARITH_OR, d, args[2], rw);
        tcg_out_modrm(s, OPC_GRP3_Ev | rw, EXT3_NOT, d);
        break;
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
    case INDEX_op_rotl: case INDEX_op_rotr:
        tgen_shift(s, op, rw, width, args, const_args);
        break;
    case INDEX_op_div: case INDEX_op_divu:
    case INDEX_op_rem: case INDEX_op_remu:
        tgen_div(s, op, rw, args[2]);
        break;
    case INDEX_op_mulu2:
        tcg_out_modrm(s, OPC_GRP3_Ev | rw, EXT3_MUL, args[3]);
        break;
    case INDEX_op_muls2:
        tcg_out_modrm(s, OPC_GRP3_Ev | rw, EXT3_IMUL, args[3]);
        break;
    case INDEX_op_add2:
    case INDEX_op_sub2: {
        int lo = op == INDEX_op_add2 ? ARITH_ADD : ARITH_SUB;
        int hi = op == INDEX_op_add2 ? ARITH_ADC : ARITH_SBB;
        tcg_out_mov(s, TCG_TYPE_I64, args[0], args[2]);
        tcg_out_mov(s, TCG_TYPE_I64, args[1], args[3]);
        if (const_args[4]) {
            /* always the 32-bit immediate form: imm8 would be fine too */
            tcg_out_modrm(s, OPC_ARITH_EvIz | rw, lo, args[0]);
            tcg_out32(s, (uint32_t)args[4]);
        } else {
            tgen_arithr(s, lo, args[0], args[4], rw);
        }
        if (const_args[5]) {
            tcg_out_modrm(s, OPC_ARITH_EvIz | rw, hi, args[1]);
            tcg_out32(s, (uint32_t)args[5]);
        } else {
            tgen_arithr(s, hi, args[1], args[5], rw);
        }
        break;
    }

    case INDEX_op_ext8s:
        tcg_out_modrm(s, OPC_MOVSBL | P_REXB_RM | rw, d, args[1]);
        break;
    case INDEX_op_ext8u:
        tcg_out_ext8u(s, d, args[1]);
        break;
    case INDEX_op_ext16s:
        tcg_out_modrm(s, OPC_MOVSWL | rw, d, args[1]);
        break;
    case INDEX_op_ext16u:
        tcg_out_ext16u(s, d, args[1]);
        break;
    case INDEX_op_ext32s:
    case INDEX_op_ext_i32_i64:
        tcg_out_modrm(s, OPC_MOVSLQ, d, args[1]);
        break;
    case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_extrl_i64_i32:
        tcg_out_ext32u(s, d, args[1]);
        break;
    case INDEX_op_extrh_i64_i32:
        tcg_out_mov(s, TCG_TYPE_I64, d, args[1]);
        tcg_out_shifti(s, SHIFT_SHR, d, 32, P_REXW);
        break;
    case INDEX_op_extract:
    case INDEX_op_sextract:
        tgen_extract(s, op == INDEX_op_sextract, rw, width, d, args[1],
                     args[2], args[3]);
        break;
    case INDEX_op_deposit:
        tgen_deposit(s, rw, width, d, args[1], args[2], args[3], args[4]);
        break;
    case INDEX_op_bswap16:
        tcg_out_modrm(s, OPC_SHIFT_Ib | P_DATA16, SHIFT_ROL, d);
        tcg_out8(s, 8);
        tcg_out_modrm(s, (args[2] & TCG_BSWAP_OS) ? OPC_MOVSWL | rw
                      : OPC_MOVZWL, d, d);
        break;
    case INDEX_op_bswap32:
        tcg_out_opc(s, OPC_BSWAP + (d & 7), 0, d, 0);
        if (type == TCG_TYPE_I64 && (args[2] & TCG_BSWAP_OS)) {
            tcg_out_modrm(s, OPC_MOVSLQ, d, d);
        }
        break;
    case INDEX_op_bswap64:
        tcg_out_opc(s, (OPC_BSWAP + (d & 7)) | P_REXW, 0, d, 0);
        break;
    case INDEX_op_clz:
    case INDEX_op_ctz:
        tgen_bitscan(s, op == INDEX_op_clz, rw, width, d, args[1], args[2]);
        break;
    case INDEX_op_ctpop:
        if (have_popcnt) {
            tcg_out_modrm(s, OPC_POPCNT | rw, d, args[1]);
        } else {
            tgen_ctpop_soft(s, rw, d, args[1]);
        }
        break;

    case INDEX_op_setcond:
    case INDEX_op_negsetcond:
        tcg_out_cmp(s, args[1], args[2], const_args[2], rw);
        tcg_out_modrm(s, OPC_SETCC + tcg_cond_to_jcc((TCGCond)args[3]), 0,
                      TMP0);
        tcg_out_ext8u(s, d, TMP0);
        if (op == INDEX_op_negsetcond) {
            tcg_out_modrm(s, OPC_GRP3_Ev | rw, EXT3_NEG, d);
        }
        break;
    case INDEX_op_movcond:
        tcg_out_cmp(s, args[1], args[2], const_args[2], rw);
        tcg_out_modrm(s, (OPC_CMOVCC + tcg_cond_to_jcc((TCGCond)args[5])) |
                      rw, d, args[3]);
        break;

    case INDEX_op_qemu_ld:
        tcg_out_qemu_ldst(s, true, type, d, args[1], args[2]);
        break;
    case INDEX_op_qemu_st:
        tcg_out_qemu_ldst(s, false, type, d, args[1], args[2]);
        break;
    default:
        g_assert_not_reached();
    }
}

/* ---- prologue ---- */

static const void *prologue_rx;

void tcg_target_qemu_prologue(TCGContext *s)
{
    s->code_gen_prologue = tcg_splitwx_to_rx(s->code_ptr);
    prologue_rx = s->code_gen_prologue;
    for (size_t i = 0; i < ARRAY_SIZE(saved_regs); i++) {
        tcg_out_opc(s, OPC_PUSH_r32 + (saved_regs[i] & 7), 0,
                    saved_regs[i], 0);
    }
    tcg_out_mov(s, TCG_TYPE_PTR, RBP, RDI);
    tgen_arithi(s, ARITH_SUB, RSP, FRAME_SIZE, P_REXW);
    tcg_out_modrm(s, OPC_GRP5, EXT5_JMPN_Ev, RSI);

    /* exit_tb(0) lands here, exit_tb(val) after the xor */
    s->code_gen_epilogue = tcg_splitwx_to_rx(s->code_ptr);
    tcg_out_modrm(s, 0x31, RAX, RAX);
    s->tb_ret_addr = tcg_splitwx_to_rx(s->code_ptr);
    tgen_arithi(s, ARITH_ADD, RSP, FRAME_SIZE, P_REXW);
    for (int i = ARRAY_SIZE(saved_regs) - 1; i >= 0; i--) {
        tcg_out_opc(s, OPC_POP_r32 + (saved_regs[i] & 7), 0,
                    saved_regs[i], 0);
    }
    tcg_out8(s, OPC_RET);
    tcg_out_pool_finalize(s);
    /* keep TBs 16-byte aligned */
    while ((uintptr_t)s->code_ptr & 15) {
        tcg_out8(s, 0xcc);
    }
}

uintptr_t tcg_qemu_tb_exec(void *env, const void *tb_ptr)
{
    uintptr_t (*fn)(void *, const void *) =
        (uintptr_t (*)(void *, const void *))prologue_rx;

    return fn(env, tb_ptr);
}

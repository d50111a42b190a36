/*
 * Lazy flags: EFLAGS' arithmetic bits computed from the recorded
 * operation (cc_op) and its operands, only when something reads them.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "helper.h"

static inline uint64_t parity(uint64_t v)
{
    return __builtin_parity((unsigned)(v & 0xff)) ? 0 : CC_P;
}

/*
 * One function per size: @bits is the operand size; all arithmetic is on
 * 64-bit values truncated to that size.
 */
static inline __attribute__((always_inline))
uint64_t compute_all(uint64_t dst, uint64_t src, uint64_t src2,
                     int kind, int bits)
{
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    uint64_t sign = 1ull << (bits - 1);
    uint64_t s1, cf = 0, of = 0, af = 0;
    uint64_t d = dst & mask, s = src & mask;
    uint64_t zf = d == 0 ? CC_Z : 0;
    uint64_t sf = d & sign ? CC_S : 0;
    uint64_t pf = parity(d);

    switch (kind) {
    case CC_OP_ADDB:
        s1 = (d - s) & mask;
        cf = d < s;
        af = (d ^ s ^ s1) & CC_A;
        of = ((s1 ^ s ^ mask) & (s1 ^ d) & sign) ? CC_O : 0;
        break;
    case CC_OP_ADCB:
        s1 = (d - s - src2) & mask;
        cf = src2 ? d <= s1 : d < s1;
        af = (d ^ s ^ s1) & CC_A;
        of = ((s1 ^ s ^ mask) & (s1 ^ d) & sign) ? CC_O : 0;
        break;
    case CC_OP_SUBB:
        s1 = (d + s) & mask;
        cf = s1 < s;
        af = (d ^ s ^ s1) & CC_A;
        of = ((s1 ^ s) & (s1 ^ d) & sign) ? CC_O : 0;
        break;
    case CC_OP_SBBB:
        s1 = (d + s + src2) & mask;
        cf = src2 ? s1 <= s : s1 < s;
        af = (d ^ s ^ s1) & CC_A;
        of = ((s1 ^ s) & (s1 ^ d) & sign) ? CC_O : 0;
        break;
    case CC_OP_LOGICB:
        break;
    case CC_OP_INCB:
        cf = src & 1;
        s1 = (d - 1) & mask;
        af = (d ^ s1 ^ 1) & CC_A;
        of = d == sign ? CC_O : 0;
        break;
    case CC_OP_DECB:
        cf = src & 1;
        s1 = (d + 1) & mask;
        af = (d ^ s1 ^ 1) & CC_A;
        of = d == sign - 1 ? CC_O : 0;
        break;
    case CC_OP_SHLB:
        cf = (s & sign) != 0;
        of = ((s ^ d) & sign) ? CC_O : 0;
        break;
    case CC_OP_SARB:
        cf = src & 1;
        of = ((s ^ d) & sign) ? CC_O : 0;
        break;
    case CC_OP_MULB:
        cf = src != 0;
        of = cf ? CC_O : 0;
        break;
    case CC_OP_BMILGB:
        cf = s == 0;
        break;
    default:
        break;
    }
    return cf | pf | af | zf | sf | of;
}

/* CF and OF of a ROL/ROR (count not 0) of 8 << @ot bits giving @res */
static uint64_t rot_cf_of(uint64_t res, bool right, int ot)
{
    int bits = 8 << ot;
    uint64_t msb = (res >> (bits - 1)) & 1, cf, of;

    if (right) {
        cf = msb;
        of = msb ^ ((res >> (bits - 2)) & 1);
    } else {
        cf = res & 1;
        of = msb ^ cf;
    }
    return cf | (of ? CC_O : 0);
}

/* one case per op and size, so each is specialized at compile time */
#define CASE4(K) \
    case K##B: return compute_all(dst, src1, src2, K##B, 8); \
    case K##W: return compute_all(dst, src1, src2, K##B, 16); \
    case K##L: return compute_all(dst, src1, src2, K##B, 32); \
    case K##Q: return compute_all(dst, src1, src2, K##B, 64);

uint64_t cc_compute_all(uint64_t dst, uint64_t src1, uint64_t src2, int op)
{
    switch (op) {
    case CC_OP_EFLAGS:
        return src1 & CC_ALL;
    case CC_OP_POPCNT:
        return src1 == 0 ? CC_Z : 0;
    CASE4(CC_OP_MUL)
    CASE4(CC_OP_ADD)
    CASE4(CC_OP_ADC)
    CASE4(CC_OP_SUB)
    CASE4(CC_OP_SBB)
    CASE4(CC_OP_LOGIC)
    CASE4(CC_OP_INC)
    CASE4(CC_OP_DEC)
    CASE4(CC_OP_SHL)
    CASE4(CC_OP_SAR)
    CASE4(CC_OP_BMILG)
    default:
        if (CC_OP_IS_ROT(op)) {
            /* a rotate (result in src2) after the base op */
            return (cc_compute_all(dst, src1, 0, CC_OP_ROT_BASE(op)) &
                    ~(uint64_t)(CC_C | CC_O)) |
                   rot_cf_of(src2, CC_OP_ROT_RIGHT(op), CC_OP_ROT_SIZE(op));
        }
        return 0;
    }
}

uint64_t cc_compute_c(uint64_t dst, uint64_t src1, uint64_t src2, int op)
{
    return cc_compute_all(dst, src1, src2, op) & CC_C;
}

uint64_t cpu_compute_eflags(CPUX86State *env)
{
    uint64_t f = env->eflags & ~(uint64_t)(CC_ALL | DF_MASK);

    f |= cc_compute_all(env->cc_dst, env->cc_src, env->cc_src2, env->cc_op);
    if (env->df < 0) {
        f |= DF_MASK;
    }
    return f | 2;
}

void cpu_load_eflags(CPUX86State *env, uint64_t eflags, uint64_t mask)
{
    uint64_t f = (cpu_compute_eflags(env) & ~mask) | (eflags & mask);

    env->cc_src = f & CC_ALL;
    env->cc_op = CC_OP_EFLAGS;
    env->df = (f & DF_MASK) ? -1 : 1;
    env->eflags = (f & ~(uint64_t)(CC_ALL | DF_MASK)) | 2;
}

/*
 * The reference interpreter of the TCG IR (see include/tcg/tcg-interp.h).
 * Shares nothing with the backend: only the op list and the temps.
 * Globals are read from and written to the CPU state on every access.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg/tcg-op.h"
#include "tcg/tcg-interp.h"

typedef struct Interp {
    TCGContext *s;
    void *env;
    uint64_t *vals;
} Interp;

static uint64_t mask_type(TCGType t, uint64_t v)
{
    return t == TCG_TYPE_I32 ? (uint32_t)v : v;
}

static int64_t sext_type(TCGType t, uint64_t v)
{
    return t == TCG_TYPE_I32 ? (int64_t)(int32_t)v : (int64_t)v;
}

static uint64_t rd(Interp *in, TCGArg a)
{
    TCGTemp *ts = arg_temp(a);
    int idx = (int)(ts - in->s->temps);

    switch (ts->kind) {
    case TEMP_CONST:
        return mask_type(ts->type, ts->val);
    case TEMP_FIXED:
        return (uintptr_t)in->env;
    case TEMP_GLOBAL: {
        char *base = (char *)(uintptr_t)rd(in, temp_arg(ts->mem_base));
        if (ts->type == TCG_TYPE_I32) {
            uint32_t v;
            memcpy(&v, base + ts->mem_offset, 4);
            return v;
        } else {
            uint64_t v;
            memcpy(&v, base + ts->mem_offset, 8);
            return v;
        }
    }
    default:
        return in->vals[idx];
    }
}

static void wr(Interp *in, TCGArg a, uint64_t v)
{
    TCGTemp *ts = arg_temp(a);
    int idx = (int)(ts - in->s->temps);

    v = mask_type(ts->type, v);
    if (ts->kind == TEMP_GLOBAL) {
        char *base = (char *)(uintptr_t)rd(in, temp_arg(ts->mem_base));
        if (ts->type == TCG_TYPE_I32) {
            uint32_t v32 = v;
            memcpy(base + ts->mem_offset, &v32, 4);
        } else {
            memcpy(base + ts->mem_offset, &v, 8);
        }
        return;
    }
    g_assert(ts->kind == TEMP_EBB || ts->kind == TEMP_TB);
    in->vals[idx] = v;
}

static int width_of(TCGType t)
{
    return t == TCG_TYPE_I32 ? 32 : 64;
}

static uint64_t rotl_w(uint64_t a, unsigned n, int w)
{
    n &= w - 1;
    if (n == 0) {
        return a;
    }
    return mask_type(w == 32 ? TCG_TYPE_I32 : TCG_TYPE_I64,
                     (a << n) | (a >> (w - n)));
}

uint64_t tcg_interp_binop(TCGOpcode opc, TCGType t, uint64_t a, uint64_t b)
{
    int w = width_of(t);
    int64_t sa = sext_type(t, a), sb = sext_type(t, b);
    uint64_t r;

    a = mask_type(t, a);
    b = mask_type(t, b);
    switch (opc) {
    case INDEX_op_add: r = a + b; break;
    case INDEX_op_sub: r = a - b; break;
    case INDEX_op_mul: r = a * b; break;
    case INDEX_op_and: r = a & b; break;
    case INDEX_op_or: r = a | b; break;
    case INDEX_op_xor: r = a ^ b; break;
    case INDEX_op_andc: r = a & ~b; break;
    case INDEX_op_orc: r = a | ~b; break;
    case INDEX_op_eqv: r = ~(a ^ b); break;
    case INDEX_op_nand: r = ~(a & b); break;
    case INDEX_op_nor: r = ~(a | b); break;
    case INDEX_op_shl: r = a << (b & (w - 1)); break;
    case INDEX_op_shr: r = a >> (b & (w - 1)); break;
    case INDEX_op_sar: r = (uint64_t)(sa >> (b & (w - 1))); break;
    case INDEX_op_rotl: r = rotl_w(a, b, w); break;
    case INDEX_op_rotr: r = rotl_w(a, (w - (b & (w - 1))) & (w - 1), w);
        break;
    case INDEX_op_div:
        if (sb == 0) {
            r = -1;
        } else if (sb == -1) {
            r = 0 - a;      /* INT_MIN / -1 wraps to INT_MIN */
        } else {
            r = (uint64_t)(sa / sb);
        }
        break;
    case INDEX_op_rem:
        if (sb == 0) {
            r = a;
        } else if (sb == -1) {
            r = 0;
        } else {
            r = (uint64_t)(sa % sb);
        }
        break;
    case INDEX_op_divu: r = b ? a / b : (uint64_t)-1; break;
    case INDEX_op_remu: r = b ? a % b : a; break;
    case INDEX_op_clz:
        r = a ? (uint64_t)(t == TCG_TYPE_I32 ? __builtin_clz((uint32_t)a)
                           : __builtin_clzll(a)) : b;
        break;
    case INDEX_op_ctz:
        r = a ? (uint64_t)__builtin_ctzll(a) : b;
        break;
    default:
        g_assert_not_reached();
    }
    return mask_type(t, r);
}

static bool eval_cond(TCGCond c, TCGType t, uint64_t a, uint64_t b)
{
    int64_t sa = sext_type(t, a), sb = sext_type(t, b);

    a = mask_type(t, a);
    b = mask_type(t, b);
    switch (c) {
    case TCG_COND_NEVER: return false;
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ: return a == b;
    case TCG_COND_NE: return a != b;
    case TCG_COND_LT: return sa < sb;
    case TCG_COND_GE: return sa >= sb;
    case TCG_COND_LE: return sa <= sb;
    case TCG_COND_GT: return sa > sb;
    case TCG_COND_LTU: return a < b;
    case TCG_COND_GEU: return a >= b;
    case TCG_COND_LEU: return a <= b;
    case TCG_COND_GTU: return a > b;
    default:
        g_assert_not_reached();
    }
}

static uint64_t bswap_n(uint64_t v, int bytes)
{
    uint64_t r = 0;

    for (int i = 0; i < bytes; i++) {
        r = (r << 8) | ((v >> (8 * i)) & 0xff);
    }
    return r;
}

static uint64_t sext_bits(uint64_t v, int bits)
{
    return (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

static uint64_t zext_bits(uint64_t v, int bits)
{
    return bits == 64 ? v : v & ((1ull << bits) - 1);
}

static uint64_t guest_load(Interp *in, uint64_t addr, MemOpIdx oi)
{
    TCGGuestMem *gm = &in->s->guest_mem;
    MemOp mop = get_memop(oi);
    int bytes = memop_size(mop);
    uint64_t v = 0;

    if (gm->mode == TCG_GUEST_MEM_SOFTMMU) {
        return gm->ld_helper(in->env, addr, oi, 0);
    }
    if (gm->unaligned && addr % memop_alignment_bytes(mop)) {
        gm->unaligned(in->env, addr, oi, 0);
    }
    memcpy(&v, (void *)(uintptr_t)(gm->guest_base + addr), bytes);
    if (mop & MO_BSWAP) {
        v = bswap_n(v, bytes);
    }
    return (mop & MO_SIGN) ? sext_bits(v, bytes * 8) : v;
}

static void guest_store(Interp *in, uint64_t addr, uint64_t v, MemOpIdx oi)
{
    TCGGuestMem *gm = &in->s->guest_mem;
    MemOp mop = get_memop(oi);
    int bytes = memop_size(mop);

    if (gm->mode == TCG_GUEST_MEM_SOFTMMU) {
        gm->st_helper(in->env, addr, v, oi, 0);
        return;
    }
    if (gm->unaligned && addr % memop_alignment_bytes(mop)) {
        gm->unaligned(in->env, addr, oi | (1u << 31), 0);
    }
    if (mop & MO_BSWAP) {
        v = bswap_n(v, bytes);
    }
    memcpy((void *)(uintptr_t)(gm->guest_base + addr), &v, bytes);
}

static uint64_t env_load(void *p, TCGOpcode opc, TCGType t)
{
    uint64_t v = 0;

    switch (opc) {
    case INDEX_op_ld8u: memcpy(&v, p, 1); return v;
    case INDEX_op_ld8s: memcpy(&v, p, 1); return sext_bits(v, 8);
    case INDEX_op_ld16u: memcpy(&v, p, 2); return v;
    case INDEX_op_ld16s: memcpy(&v, p, 2); return sext_bits(v, 16);
    case INDEX_op_ld32u: memcpy(&v, p, 4); return v;
    case INDEX_op_ld32s: memcpy(&v, p, 4); return sext_bits(v, 32);
    default: memcpy(&v, p, t == TCG_TYPE_I32 ? 4 : 8); return v;
    }
}

static void env_store(void *p, TCGOpcode opc, TCGType t, uint64_t v)
{
    int n = opc == INDEX_op_st8 ? 1 : opc == INDEX_op_st16 ? 2 :
            opc == INDEX_op_st32 ? 4 : t == TCG_TYPE_I32 ? 4 : 8;
    memcpy(p, &v, n);
}

static uint64_t call_helper(void *func, int n, const uint64_t *a)
{
    typedef uint64_t (*F6)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                           uint64_t);
    /* the SysV ABI passes every integer argument in a 64-bit register */
    F6 f = (F6)func;
    uint64_t x[6] = { 0 };

    memcpy(x, a, n * sizeof(uint64_t));
    return f(x[0], x[1], x[2], x[3], x[4], x[5]);
}

static void mul2(bool sign, TCGType t, uint64_t a, uint64_t b, uint64_t *lo,
                 uint64_t *hi)
{
    if (t == TCG_TYPE_I32) {
        uint64_t r = sign ? (uint64_t)((int64_t)(int32_t)a * (int32_t)b)
                          : (uint64_t)(uint32_t)a * (uint32_t)b;
        *lo = (uint32_t)r;
        *hi = (uint32_t)(r >> 32);
    } else if (sign) {
        __int128 r = (__int128)(int64_t)a * (int64_t)b;
        *lo = (uint64_t)r;
        *hi = (uint64_t)((unsigned __int128)r >> 64);
    } else {
        unsigned __int128 r = (unsigned __int128)a * b;
        *lo = (uint64_t)r;
        *hi = (uint64_t)(r >> 64);
    }
}

TCGInterpExit tcg_interp_run(TCGContext *s, void *env, uintptr_t *result)
{
    g_autofree uint64_t *vals = g_new0(uint64_t, TCG_MAX_TEMPS);
    g_autoptr(GHashTable) labels = g_hash_table_new(NULL, NULL);
    Interp in = { .s = s, .env = env, .vals = vals };
    TCGOp *op;

    for (op = s->first_op; op; op = op->next) {
        if (op->opc == INDEX_op_set_label) {
            g_hash_table_insert(labels, arg_label(op->args[0]), op);
        }
    }

    for (op = s->first_op; op; op = op->next) {
        TCGArg *a = op->args;
        TCGType t = op->type;
        int w = width_of(t);
        uint64_t x, y, lo, hi;

        switch (op->opc) {
        case INDEX_op_discard:
        case INDEX_op_set_label:
        case INDEX_op_insn_start:
        case INDEX_op_mb:
        case INDEX_op_goto_tb:
            break;
        case INDEX_op_br:
            op = g_hash_table_lookup(labels, arg_label(a[0]));
            g_assert(op);
            break;
        case INDEX_op_brcond:
            if (eval_cond((TCGCond)a[2], t, rd(&in, a[0]), rd(&in, a[1]))) {
                op = g_hash_table_lookup(labels, arg_label(a[3]));
                g_assert(op);
            }
            break;
        case INDEX_op_exit_tb:
            *result = a[0];
            return TCG_INTERP_EXIT_TB;
        case INDEX_op_goto_ptr:
            *result = rd(&in, a[0]);
            return TCG_INTERP_GOTO_PTR;
        case INDEX_op_call: {
            uint64_t args[TCG_MAX_CALL_ARGS];
            int no = op->callo, ni = op->calli;
            for (int i = 0; i < ni; i++) {
                args[i] = rd(&in, a[no + i]);
            }
            x = call_helper((void *)(uintptr_t)a[no + ni], ni, args);
            if (no) {
                wr(&in, a[0], x);
            }
            break;
        }
        case INDEX_op_mov:
            wr(&in, a[0], rd(&in, a[1]));
            break;
        case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u:
        case INDEX_op_ld16s: case INDEX_op_ld32u: case INDEX_op_ld32s:
        case INDEX_op_ld:
            wr(&in, a[0], env_load((char *)(uintptr_t)rd(&in, a[1]) +
                                   (intptr_t)a[2], op->opc, t));
            break;
        case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32:
        case INDEX_op_st:
            env_store((char *)(uintptr_t)rd(&in, a[1]) + (intptr_t)a[2],
                      op->opc, t, rd(&in, a[0]));
            break;
        case INDEX_op_sse_op: {
            char *base = (char *)(uintptr_t)rd(&in, a[0]);
            char *dbase = a[3] & TCG_SSE_SRC_PTR ? in.env : base;
            tcg_sse_op_ref(dbase + (intptr_t)a[1], base + (intptr_t)a[2],
                           a[3]);
            break;
        }
        case INDEX_op_sse_movmsk:
            wr(&in, a[0], tcg_sse_movmsk_ref((char *)(uintptr_t)rd(&in, a[1])
                                             + (intptr_t)a[2]));
            break;
        case INDEX_op_add: case INDEX_op_sub: case INDEX_op_mul:
        case INDEX_op_and: case INDEX_op_or: case INDEX_op_xor:
        case INDEX_op_andc: case INDEX_op_orc: case INDEX_op_eqv:
        case INDEX_op_nand: case INDEX_op_nor: case INDEX_op_shl:
        case INDEX_op_shr: case INDEX_op_sar: case INDEX_op_rotl:
        case INDEX_op_rotr: case INDEX_op_div: case INDEX_op_divu:
        case INDEX_op_rem: case INDEX_op_remu: case INDEX_op_clz:
        case INDEX_op_ctz:
            wr(&in, a[0], tcg_interp_binop(op->opc, t, rd(&in, a[1]),
                                           rd(&in, a[2])));
            break;
        case INDEX_op_neg:
            wr(&in, a[0], 0 - rd(&in, a[1]));
            break;
        case INDEX_op_not:
            wr(&in, a[0], ~rd(&in, a[1]));
            break;
        case INDEX_op_ctpop:
            wr(&in, a[0], __builtin_popcountll(mask_type(t, rd(&in, a[1]))));
            break;
        case INDEX_op_mulu2:
        case INDEX_op_muls2:
            mul2(op->opc == INDEX_op_muls2, t, rd(&in, a[2]), rd(&in, a[3]),
                 &lo, &hi);
            wr(&in, a[0], lo);
            wr(&in, a[1], hi);
            break;
        case INDEX_op_add2:
        case INDEX_op_sub2: {
            uint64_t al = mask_type(t, rd(&in, a[2]));
            uint64_t ah = rd(&in, a[3]);
            uint64_t bl = mask_type(t, rd(&in, a[4]));
            uint64_t bh = rd(&in, a[5]);
            if (op->opc == INDEX_op_add2) {
                lo = mask_type(t, al + bl);
                hi = ah + bh + (lo < al);
            } else {
                lo = mask_type(t, al - bl);
                hi = ah - bh - (al < bl);
            }
            wr(&in, a[0], lo);
            wr(&in, a[1], hi);
            break;
        }
        case INDEX_op_ext8s: wr(&in, a[0], sext_bits(rd(&in, a[1]), 8)); break;
        case INDEX_op_ext8u: wr(&in, a[0], zext_bits(rd(&in, a[1]), 8)); break;
        case INDEX_op_ext16s:
            wr(&in, a[0], sext_bits(rd(&in, a[1]), 16));
            break;
        case INDEX_op_ext16u:
            wr(&in, a[0], zext_bits(rd(&in, a[1]), 16));
            break;
        case INDEX_op_ext32s:
        case INDEX_op_ext_i32_i64:
            wr(&in, a[0], sext_bits(rd(&in, a[1]), 32));
            break;
        case INDEX_op_ext32u:
        case INDEX_op_extu_i32_i64:
        case INDEX_op_extrl_i64_i32:
            wr(&in, a[0], zext_bits(rd(&in, a[1]), 32));
            break;
        case INDEX_op_extrh_i64_i32:
            wr(&in, a[0], rd(&in, a[1]) >> 32);
            break;
        case INDEX_op_extract:
            wr(&in, a[0], zext_bits(rd(&in, a[1]) >> a[2], a[3]));
            break;
        case INDEX_op_sextract:
            wr(&in, a[0], sext_bits(rd(&in, a[1]) >> a[2], a[3]));
            break;
        case INDEX_op_deposit: {
            uint64_t m = zext_bits(~0ull, a[4]) << a[3];
            x = rd(&in, a[1]);
            y = rd(&in, a[2]);
            wr(&in, a[0], (x & ~m) | ((y << a[3]) & m));
            break;
        }
        case INDEX_op_bswap16:
        case INDEX_op_bswap32:
        case INDEX_op_bswap64: {
            int bytes = op->opc == INDEX_op_bswap16 ? 2 :
                        op->opc == INDEX_op_bswap32 ? 4 : 8;
            x = bswap_n(rd(&in, a[1]), bytes);
            if (a[2] & TCG_BSWAP_OS) {
                x = sext_bits(x, bytes * 8);
            }
            wr(&in, a[0], x);
            break;
        }
        case INDEX_op_setcond:
            wr(&in, a[0], eval_cond((TCGCond)a[3], t, rd(&in, a[1]),
                                    rd(&in, a[2])));
            break;
        case INDEX_op_negsetcond:
            wr(&in, a[0], 0 - (uint64_t)eval_cond((TCGCond)a[3], t,
                                                  rd(&in, a[1]),
                                                  rd(&in, a[2])));
            break;
        case INDEX_op_movcond:
            x = eval_cond((TCGCond)a[5], t, rd(&in, a[1]), rd(&in, a[2]));
            wr(&in, a[0], x ? rd(&in, a[3]) : rd(&in, a[4]));
            break;
        case INDEX_op_qemu_ld:
            wr(&in, a[0], guest_load(&in, rd(&in, a[1]), (MemOpIdx)a[2]));
            break;
        case INDEX_op_qemu_st:
            guest_store(&in, rd(&in, a[1]), rd(&in, a[0]), (MemOpIdx)a[2]);
            break;
        default:
            g_assert_not_reached();
        }
        (void)w;
    }
    return TCG_INTERP_END;
}

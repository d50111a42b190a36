/*
 * The IR optimizer: one forward pass over the ops of a TB doing
 *  - copy propagation (an input that is a copy of another temp, or of a
 *    constant, is replaced by it),
 *  - constant folding (an op whose inputs are all constants becomes a move
 *    of the result),
 *  - algebraic simplification (x + 0, x * 1, x & 0, x ^ x, shifts by 0,
 *    branches and selects whose condition is known, ...),
 *  - known-zero bits of I64 values (z_mask): a zero extension or an AND
 *    that cannot change its input becomes a move,
 *  - removal of code after an unconditional branch up to the next label.
 * Dead code (results never read) is removed by the liveness pass.
 *
 * What is known about a temp is forgotten at every label and, for globals,
 * at every helper call that may write them.  Copies are tracked with a
 * generation counter per temp: a copy of S is valid only while S has not
 * been written since.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg/tcg-interp.h"
#include "tcg-internal.h"

/*
 * What is known about a temp.  All zeros means "nothing", so a block of
 * them is reset with memset.  The same size as a TCGTemp, so the info of
 * a temp is at a fixed distance from it.
 */
typedef struct TempInfo {
    int64_t val;            /* sign-extended for I32 */
    TCGTemp *const_temp;    /* the TEMP_CONST temp of val, if is_const */
    TCGTemp *copy_of;
    uint32_t copy_gen;
    uint32_t gen;           /* bumped at every write */
    uint64_t z_known;       /* bits known to be zero (I64 temps) */
    /* the temp was computed as sub_a - sub_b (valid while both unchanged) */
    TCGTemp *sub_a, *sub_b;
    uint32_t sub_a_gen, sub_b_gen;
} TempInfo;

G_STATIC_ASSERT(sizeof(TempInfo) == sizeof(TCGTemp));

typedef struct OptContext {
    TCGContext *s;
    TempInfo *info;
    ptrdiff_t delta;    /* (char *)info - (char *)s->temps */
    int nb_temps;       /* temps that have info (constants made later don't) */
} OptContext;

static inline TempInfo *ti(OptContext *ctx, TCGTemp *ts)
{
    return (TempInfo *)((char *)ts + ctx->delta);
}

/* The bits of the value of @i that may be nonzero. */
static inline uint64_t info_z_mask(TempInfo *i)
{
    return ~i->z_known;
}

static inline void info_set_z_mask(TempInfo *i, uint64_t z)
{
    i->z_known = ~z;
}

static int64_t canon(TCGType t, int64_t v)
{
    return t == TCG_TYPE_I32 ? (int32_t)v : v;
}

static bool arg_is_const(OptContext *ctx, TCGArg a, int64_t *val)
{
    TCGTemp *ts = arg_temp(a);

    if (ts->kind == TEMP_CONST) {
        *val = ts->val;
        return true;
    }
    if (ti(ctx, ts)->const_temp) {
        *val = ti(ctx, ts)->val;
        return true;
    }
    return false;
}

/* The temp currently known to hold the same value as @ts. */
static TCGTemp *resolve(OptContext *ctx, TCGTemp *ts, TCGType type)
{
    TempInfo *i;

    if (ts->kind == TEMP_CONST) {
        return ts;
    }
    i = ti(ctx, ts);
    if (i->const_temp) {
        return i->const_temp;
    }
    if (i->copy_of && ti(ctx, i->copy_of)->gen == i->copy_gen &&
        i->copy_of->type == ts->type) {
        return i->copy_of;
    }
    return ts;
}

static void forget(OptContext *ctx, TCGTemp *ts)
{
    TempInfo *i = ti(ctx, ts);

    i->const_temp = NULL;
    i->copy_of = NULL;
    i->gen++;
    i->z_known = 0;
    i->sub_a = NULL;
}

/* At a label: nothing is known any more about any temp. */
static void forget_all(OptContext *ctx)
{
    /*
     * No copy_of or sub_a is left that could compare generations, so
     * they restart from zero with the rest.
     */
    memset(ctx->info, 0, sizeof(TempInfo) * ctx->nb_temps);
}

/* After a helper that may write them: nothing is known about globals. */
static void forget_globals(OptContext *ctx)
{
    for (int k = 0; k < ctx->s->nb_globals; k++) {
        forget(ctx, &ctx->s->temps[k]);
    }
}

/* @ts holds @v, which is the constant temp @ct. */
static void set_const(OptContext *ctx, TCGTemp *ts, int64_t v, TCGTemp *ct)
{
    forget(ctx, ts);
    ti(ctx, ts)->const_temp = ct;
    ti(ctx, ts)->val = canon(ts->type, v);
    info_set_z_mask(ti(ctx, ts),
                    ts->type == TCG_TYPE_I64 ? (uint64_t)v : ~0ull);
}

static uint64_t zext_bits(uint64_t v, int bits)
{
    return bits >= 64 ? v : v & ((1ull << bits) - 1);
}

/* The bits of an I64 argument that may be nonzero. */
static uint64_t arg_z_mask(OptContext *ctx, TCGArg a)
{
    TCGTemp *ts = arg_temp(a);
    int64_t v;

    if (ts->type != TCG_TYPE_I64) {
        return ~0ull;
    }
    if (arg_is_const(ctx, a, &v)) {
        return v;
    }
    return info_z_mask(ti(ctx, ts));
}

/* Turn @op into "mov ret, $v". */
static void to_movi(OptContext *ctx, TCGOp *op, int64_t v)
{
    TCGTemp *ret = arg_temp(op->args[0]);
    TCGTemp *ct;

    v = canon(ret->type, v);
    ct = tcg_constant_internal(ret->type, v);
    op->opc = INDEX_op_mov;
    op->type = ret->type;
    op->args[1] = temp_arg(ct);
    set_const(ctx, ret, v, ct);
}

/* Turn @op into "mov ret, src". */
static void to_mov(OptContext *ctx, TCGOp *op, TCGArg src)
{
    TCGTemp *ret = arg_temp(op->args[0]);
    TCGTemp *st = arg_temp(src);
    int64_t v;

    if (arg_is_const(ctx, src, &v)) {
        to_movi(ctx, op, v);
        return;
    }
    uint64_t z = ret->type == st->type ? arg_z_mask(ctx, src) : ~0ull;

    op->opc = INDEX_op_mov;
    op->args[1] = src;
    forget(ctx, ret);
    info_set_z_mask(ti(ctx, ret), z);
    if (ret != st && st->kind != TEMP_FIXED) {
        ti(ctx, ret)->copy_of = st;
        ti(ctx, ret)->copy_gen = ti(ctx, st)->gen;
    }
}

static uint32_t temp_gen(OptContext *ctx, TCGTemp *ts)
{
    return ts->kind == TEMP_CONST ? 0 : ti(ctx, ts)->gen;
}

/* Remember that the output of "sub r, a, b" is a - b. */
static void note_sub(OptContext *ctx, TCGOp *op)
{
    TCGTemp *r = arg_temp(op->args[0]), *a = arg_temp(op->args[1]);
    TCGTemp *b = arg_temp(op->args[2]);
    TempInfo *i = ti(ctx, r);

    if (a == r || b == r || a->kind == TEMP_FIXED) {
        return;
    }
    i->sub_a = a;
    i->sub_b = b;
    i->sub_a_gen = temp_gen(ctx, a);
    i->sub_b_gen = temp_gen(ctx, b);
}

/*
 * "add r, x, b" where x = a - b (still): r = a.  This is how x86 flags
 * give back the first operand of a CMP for the following Jcc.
 */
static TCGTemp *add_undoes_sub(OptContext *ctx, TCGOp *op)
{
    for (int k = 1; k <= 2; k++) {
        TCGTemp *x = arg_temp(op->args[k]);
        TCGTemp *b = arg_temp(op->args[3 - k]);
        TempInfo *i;

        if (x->kind == TEMP_CONST) {
            continue;
        }
        i = ti(ctx, x);
        if (i->sub_a && i->sub_b == b &&
            temp_gen(ctx, i->sub_a) == i->sub_a_gen &&
            temp_gen(ctx, b) == i->sub_b_gen &&
            i->sub_a->type == x->type) {
            return i->sub_a;
        }
    }
    return NULL;
}

/*
 * Known-zero bits of an I64 result (what the op can set), from those of
 * its inputs; all ones when nothing is known.
 */
static uint64_t result_z_mask(OptContext *ctx, TCGOp *op)
{
    uint64_t za, zb;
    int64_t c;

    if (op->type != TCG_TYPE_I64) {
        return ~0ull;
    }
    switch (op->opc) {
    case INDEX_op_ext8u: case INDEX_op_ld8u:
        return op->opc == INDEX_op_ld8u ? 0xff
                                        : arg_z_mask(ctx, op->args[1]) & 0xff;
    case INDEX_op_ext16u: case INDEX_op_ld16u:
        return op->opc == INDEX_op_ld16u ? 0xffff
                                         : arg_z_mask(ctx, op->args[1]) & 0xffff;
    case INDEX_op_ext32u: case INDEX_op_ld32u:
        return op->opc == INDEX_op_ld32u ? 0xffffffffull
                                         : arg_z_mask(ctx, op->args[1]) &
                                           0xffffffffull;
    case INDEX_op_extu_i32_i64:
        return 0xffffffffull;
    case INDEX_op_and:
        return arg_z_mask(ctx, op->args[1]) & arg_z_mask(ctx, op->args[2]);
    case INDEX_op_or: case INDEX_op_xor:
        return arg_z_mask(ctx, op->args[1]) | arg_z_mask(ctx, op->args[2]);
    case INDEX_op_shr: case INDEX_op_shl: case INDEX_op_sar:
        if (!arg_is_const(ctx, op->args[2], &c)) {
            return ~0ull;
        }
        za = arg_z_mask(ctx, op->args[1]);
        c &= 63;
        if (op->opc == INDEX_op_shr) {
            return za >> c;
        }
        if (op->opc == INDEX_op_shl) {
            return za << c;
        }
        return (int64_t)za < 0 ? ~0ull : za >> c;
    case INDEX_op_setcond:
        return 1;
    case INDEX_op_extract:
        return zext_bits(~0ull, op->args[3]);
    case INDEX_op_qemu_ld: {
        MemOp mop = get_memop(op->args[2]);
        if (!(mop & MO_SIGN) && (mop & MO_SIZE) != MO_64) {
            return zext_bits(~0ull, 8 << (mop & MO_SIZE));
        }
        return ~0ull;
    }
    case INDEX_op_movcond:
        za = arg_z_mask(ctx, op->args[3]);
        zb = arg_z_mask(ctx, op->args[4]);
        return za | zb;
    default:
        return ~0ull;
    }
}

static uint64_t sext_bits(uint64_t v, int bits)
{
    return (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

static uint64_t bswap_bytes(uint64_t v, int n)
{
    uint64_t r = 0;

    for (int i = 0; i < n; i++) {
        r = (r << 8) | ((v >> (8 * i)) & 0xff);
    }
    return r;
}

static bool fold_unary(TCGOp *op, uint64_t a, uint64_t *r)
{
    int w = op->type == TCG_TYPE_I32 ? 32 : 64;

    a = zext_bits(a, w);
    switch (op->opc) {
    case INDEX_op_neg: *r = 0 - a; return true;
    case INDEX_op_not: *r = ~a; return true;
    case INDEX_op_ext8s: *r = sext_bits(a, 8); return true;
    case INDEX_op_ext8u: *r = zext_bits(a, 8); return true;
    case INDEX_op_ext16s: *r = sext_bits(a, 16); return true;
    case INDEX_op_ext16u: *r = zext_bits(a, 16); return true;
    case INDEX_op_ext32s: *r = sext_bits(a, 32); return true;
    case INDEX_op_ext32u: *r = zext_bits(a, 32); return true;
    case INDEX_op_ctpop: *r = __builtin_popcountll(a); return true;
    default: return false;
    }
}

static bool eval_cond(TCGCond c, TCGType t, uint64_t a, uint64_t b)
{
    int64_t sa = canon(t, a), sb = canon(t, b);

    if (t == TCG_TYPE_I32) {
        a = (uint32_t)a;
        b = (uint32_t)b;
    }
    switch (c) {
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
    case TCG_COND_ALWAYS: return true;
    default: return false;
    }
}

static bool is_commutative(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_add: case INDEX_op_mul: case INDEX_op_and:
    case INDEX_op_or: case INDEX_op_xor: case INDEX_op_eqv:
    case INDEX_op_nand: case INDEX_op_nor:
        return true;
    default:
        return false;
    }
}

/* Simplify a binary op with one or two known operands; true if done. */
static bool simplify_binary(OptContext *ctx, TCGOp *op)
{
    TCGArg a = op->args[1], b = op->args[2];
    int64_t va = 0, vb = 0;
    bool ca = arg_is_const(ctx, a, &va), cb = arg_is_const(ctx, b, &vb);
    TCGType t = op->type;

    if (ca && cb) {
        to_movi(ctx, op, tcg_interp_binop(op->opc, t, va, vb));
        return true;
    }
    if (is_commutative(op->opc) && ca) {
        /* constants go second: the backend has immediate forms */
        op->args[1] = b;
        op->args[2] = a;
        a = op->args[1];
        b = op->args[2];
        vb = va;
        cb = true;
        ca = false;
    }
    if (cb) {
        vb = canon(t, vb);
        switch (op->opc) {
        case INDEX_op_add: case INDEX_op_sub: case INDEX_op_or:
        case INDEX_op_xor: case INDEX_op_shl: case INDEX_op_shr:
        case INDEX_op_sar: case INDEX_op_rotl: case INDEX_op_rotr:
            if (vb == 0 || ((op->opc >= INDEX_op_shl &&
                             op->opc <= INDEX_op_rotr) &&
                            (vb & (t == TCG_TYPE_I32 ? 31 : 63)) == 0)) {
                to_mov(ctx, op, a);
                return true;
            }
            if (op->opc == INDEX_op_or && vb == -1) {
                to_movi(ctx, op, -1);
                return true;
            }
            break;
        case INDEX_op_and:
            if (vb == 0) {
                to_movi(ctx, op, 0);
                return true;
            }
            if (vb == -1) {
                to_mov(ctx, op, a);
                return true;
            }
            break;
        case INDEX_op_mul:
            if (vb == 0) {
                to_movi(ctx, op, 0);
                return true;
            }
            if (vb == 1) {
                to_mov(ctx, op, a);
                return true;
            }
            break;
        case INDEX_op_andc:
            if (vb == 0) {
                to_mov(ctx, op, a);
                return true;
            }
            break;
        case INDEX_op_div: case INDEX_op_divu:
            if (vb == 1) {
                to_mov(ctx, op, a);
                return true;
            }
            break;
        default:
            break;
        }
    }
    if (ca && va == 0) {
        switch (op->opc) {
        case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
        case INDEX_op_rotl: case INDEX_op_rotr:
            to_movi(ctx, op, 0);
            return true;
        default:
            break;
        }
    }
    if (a == b) {
        switch (op->opc) {
        case INDEX_op_and: case INDEX_op_or:
            to_mov(ctx, op, a);
            return true;
        case INDEX_op_sub: case INDEX_op_xor: case INDEX_op_andc:
            to_movi(ctx, op, 0);
            return true;
        case INDEX_op_eqv: case INDEX_op_orc:
            to_movi(ctx, op, -1);
            return true;
        default:
            break;
        }
    }
    return false;
}

/* Delete ops after an unconditional exit up to the next label. */
static TCGOp *remove_unreachable(OptContext *ctx, TCGOp *op)
{
    TCGOp *next = op->next;

    while (next && next->opc != INDEX_op_set_label) {
        TCGOp *n = next->next;
        tcg_op_remove(ctx->s, next);
        next = n;
    }
    return next;
}

/*
 * The per-temp facts, in a buffer kept by each translating thread: a
 * fresh allocation per TB showed in the profile of code-heavy guests.
 */
typedef struct InfoBuffer {
    int cap;
    TempInfo info[];
} InfoBuffer;

static GPrivate info_key = G_PRIVATE_INIT(g_free);    /* freed at exit */

static TempInfo *info_buffer(int n)
{
    InfoBuffer *b = g_private_get(&info_key);

    if (!b || n > b->cap) {
        int cap = MAX(n, TCG_MAX_TEMPS);
        b = g_malloc(sizeof(InfoBuffer) + sizeof(TempInfo) * cap);
        b->cap = cap;
        g_private_replace(&info_key, b);
    }
    return b->info;
}

void tcg_optimize(TCGContext *s)
{
    OptContext ctx = { .s = s, .nb_temps = s->nb_temps };
    TCGOp *op, *next;

    ctx.info = info_buffer(s->nb_temps);
    ctx.delta = (char *)ctx.info - (char *)s->temps;
    forget_all(&ctx);
    for (op = s->first_op; op; op = next) {
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int no, ni;
        int64_t va, vb;
        uint64_t r;

        next = op->next;
        if (op->opc == INDEX_op_call) {
            const TCGHelperInfo *info =
                (void *)(uintptr_t)op->args[op->callo + op->calli + 1];
            no = op->callo;
            ni = op->calli;
            for (int i = no; i < no + ni; i++) {
                op->args[i] = temp_arg(resolve(&ctx, arg_temp(op->args[i]),
                                               op->type));
            }
            if (!(info->flags & TCG_CALL_NO_WRITE_GLOBALS)) {
                forget_globals(&ctx);
            }
            for (int i = 0; i < no; i++) {
                forget(&ctx, arg_temp(op->args[i]));
            }
            continue;
        }
        no = def->nb_oargs;
        ni = def->nb_iargs;
        if (op->opc == INDEX_op_set_label) {
            forget_all(&ctx);
            continue;
        }
        for (int i = no; i < no + ni; i++) {
            TCGTemp *ts = arg_temp(op->args[i]);
            op->args[i] = temp_arg(resolve(&ctx, ts, ts->type));
        }

        switch (op->opc) {
        case INDEX_op_mov:
            if (op->args[0] == op->args[1]) {
                tcg_op_remove(s, op);
                continue;
            }
            to_mov(&ctx, op, op->args[1]);
            continue;
        case INDEX_op_br:
            next = remove_unreachable(&ctx, op);
            continue;
        case INDEX_op_exit_tb:
        case INDEX_op_goto_ptr:
            next = remove_unreachable(&ctx, op);
            continue;
        case INDEX_op_brcond:
            if (arg_is_const(&ctx, op->args[0], &va) &&
                arg_is_const(&ctx, op->args[1], &vb)) {
                if (eval_cond((TCGCond)op->args[2], op->type, va, vb)) {
                    op->opc = INDEX_op_br;
                    op->args[0] = op->args[3];
                    next = remove_unreachable(&ctx, op);
                } else {
                    tcg_op_remove(s, op);
                }
                continue;
            }
            break;
        case INDEX_op_add: case INDEX_op_sub: case INDEX_op_mul:
        case INDEX_op_and: case INDEX_op_or: case INDEX_op_xor:
        case INDEX_op_andc: case INDEX_op_orc: case INDEX_op_eqv:
        case INDEX_op_nand: case INDEX_op_nor: case INDEX_op_shl:
        case INDEX_op_shr: case INDEX_op_sar: case INDEX_op_rotl:
        case INDEX_op_rotr: case INDEX_op_div: case INDEX_op_divu:
        case INDEX_op_rem: case INDEX_op_remu: case INDEX_op_clz:
        case INDEX_op_ctz:
            if (simplify_binary(&ctx, op)) {
                continue;
            }
            if (op->opc == INDEX_op_add) {
                TCGTemp *a = add_undoes_sub(&ctx, op);
                if (a) {
                    to_mov(&ctx, op, temp_arg(a));
                    continue;
                }
            }
            if (op->opc == INDEX_op_and && op->type == TCG_TYPE_I64 &&
                arg_is_const(&ctx, op->args[2], &vb) &&
                !(arg_z_mask(&ctx, op->args[1]) & ~(uint64_t)vb)) {
                to_mov(&ctx, op, op->args[1]);
                continue;
            }
            break;
        case INDEX_op_neg: case INDEX_op_not: case INDEX_op_ext8s:
        case INDEX_op_ext8u: case INDEX_op_ext16s: case INDEX_op_ext16u:
        case INDEX_op_ext32s: case INDEX_op_ext32u: case INDEX_op_ctpop:
            if (op->type == TCG_TYPE_I64 &&
                ((op->opc == INDEX_op_ext8u &&
                  !(arg_z_mask(&ctx, op->args[1]) & ~0xffull)) ||
                 (op->opc == INDEX_op_ext16u &&
                  !(arg_z_mask(&ctx, op->args[1]) & ~0xffffull)) ||
                 (op->opc == INDEX_op_ext32u &&
                  !(arg_z_mask(&ctx, op->args[1]) & ~0xffffffffull)))) {
                /* the bits it would clear are known to be zero */
                to_mov(&ctx, op, op->args[1]);
                continue;
            }
            if (arg_is_const(&ctx, op->args[1], &va) &&
                fold_unary(op, va, &r)) {
                to_movi(&ctx, op, r);
                continue;
            }
            break;
        case INDEX_op_ext_i32_i64:
            if (arg_is_const(&ctx, op->args[1], &va)) {
                to_movi(&ctx, op, (int32_t)va);
                continue;
            }
            break;
        case INDEX_op_extu_i32_i64:
        case INDEX_op_extrl_i64_i32:
            if (arg_is_const(&ctx, op->args[1], &va)) {
                to_movi(&ctx, op, (uint32_t)va);
                continue;
            }
            break;
        case INDEX_op_extrh_i64_i32:
            if (arg_is_const(&ctx, op->args[1], &va)) {
                to_movi(&ctx, op, (uint64_t)va >> 32);
                continue;
            }
            break;
        case INDEX_op_extract:
        case INDEX_op_sextract:
            if (arg_is_const(&ctx, op->args[1], &va)) {
                uint64_t x = zext_bits(va, op->type == TCG_TYPE_I32 ? 32 : 64)
                             >> op->args[2];
                to_movi(&ctx, op, op->opc == INDEX_op_extract ?
                        zext_bits(x, op->args[3]) :
                        sext_bits(x, op->args[3]));
                continue;
            }
            break;
        case INDEX_op_deposit:
            if (arg_is_const(&ctx, op->args[1], &va) &&
                arg_is_const(&ctx, op->args[2], &vb)) {
                uint64_t m = zext_bits(~0ull, op->args[4]) << op->args[3];
                to_movi(&ctx, op, (va & ~m) | (((uint64_t)vb << op->args[3])
                                              & m));
                continue;
            }
            break;
        case INDEX_op_bswap16:
        case INDEX_op_bswap32:
        case INDEX_op_bswap64:
            if (arg_is_const(&ctx, op->args[1], &va)) {
                int n = op->opc == INDEX_op_bswap16 ? 2 :
                        op->opc == INDEX_op_bswap32 ? 4 : 8;
                uint64_t x = bswap_bytes(va, n);
                if (op->args[2] & TCG_BSWAP_OS) {
                    x = sext_bits(x, n * 8);
                }
                to_movi(&ctx, op, x);
                continue;
            }
            break;
        case INDEX_op_setcond:
        case INDEX_op_negsetcond:
            if (arg_is_const(&ctx, op->args[1], &va) &&
                arg_is_const(&ctx, op->args[2], &vb)) {
                bool c = eval_cond((TCGCond)op->args[3], op->type, va, vb);
                to_movi(&ctx, op, op->opc == INDEX_op_setcond ? c : -(int)c);
                continue;
            }
            break;
        case INDEX_op_movcond:
            if (arg_is_const(&ctx, op->args[1], &va) &&
                arg_is_const(&ctx, op->args[2], &vb)) {
                bool c = eval_cond((TCGCond)op->args[5], op->type, va, vb);
                to_mov(&ctx, op, c ? op->args[3] : op->args[4]);
                continue;
            }
            if (op->args[3] == op->args[4]) {
                to_mov(&ctx, op, op->args[3]);
                continue;
            }
            break;
        default:
            break;
        }
        /* facts still hold on the fall-through path of a branch */
        {
            uint64_t z = no == 1 ? result_z_mask(&ctx, op) : ~0ull;
            for (int i = 0; i < no; i++) {
                forget(&ctx, arg_temp(op->args[i]));
            }
            if (no == 1) {
                info_set_z_mask(ti(&ctx, arg_temp(op->args[0])), z);
            }
            if (op->opc == INDEX_op_sub) {
                note_sub(&ctx, op);
            }
        }
    }
}

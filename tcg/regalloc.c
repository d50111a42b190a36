/*
 * Register allocation and the code emission driver.
 *
 * A linear-scan, local allocator in the classic TCG style: ops are walked
 * once; each temp is in a register, in memory, a known constant, or dead.
 * Inputs are loaded into registers that satisfy the backend's constraints,
 * outputs get registers, and the liveness bits computed before
 * (op->life) say when a register can be reused and when a global must be
 * written back.  At the end of each basic block globals and TB temps go
 * back to memory; helper calls spill call-clobbered registers and sync or
 * drop globals according to the helper's flags.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg-internal.h"

typedef struct OpConstraints {
    bool valid;
    int nargs;
    TCGArgConstraint args[TCG_MAX_OP_ARGS];
    int sorted_inputs[TCG_MAX_OP_ARGS];  /* fixed-register inputs first */
    uint32_t clobber;
} OpConstraints;

static OpConstraints op_constraints[NB_OPS][TCG_TYPE_COUNT];
__thread unsigned tcg_label_generation;
static int constraints_generation = -1;
int tcg_target_features_generation;

static void parse_constraint(TCGArgConstraint *ct, const char *str,
                             bool is_output)
{
    memset(ct, 0, sizeof(*ct));
    ct->alias_index = -1;
    for (const char *p = str; *p; p++) {
        switch (*p) {
        case '&':
            ct->newreg = true;
            break;
        case '0' ... '9':
            g_assert(!is_output);
            ct->ialias = true;
            ct->alias_index = *p - '0';
            break;
        case 'r':
            ct->regs |= tcg_target_available_regs;
            break;
        case 'a':
            ct->regs |= 1u << 0;
            break;
        case 'c':
            ct->regs |= 1u << 1;
            break;
        case 'd':
            ct->regs |= 1u << 2;
            break;
        case 'b':
            ct->regs |= 1u << 3;
            break;
        case 'S':
            ct->regs |= 1u << 6;
            break;
        case 'D':
            ct->regs |= 1u << 7;
            break;
        case 'R':
            ct->regs |= tcg_target_available_regs & ~(1u << 0 | 1u << 2);
            break;
        case 'i':
            ct->ct |= TCG_CT_CONST;
            break;
        case 'e':
            ct->ct |= TCG_CT_CONST_S32;
            break;
        case 'Z':
            ct->ct |= TCG_CT_CONST_U32;
            break;
        default:
            g_assert_not_reached();
        }
    }
}

static const OpConstraints *get_constraints(TCGOpcode opc, TCGType type)
{
    OpConstraints *oc;
    const TCGTargetOpDef *tdef;
    const TCGOpDef *def = &tcg_op_defs[opc];
    int no = def->nb_oargs, ni = def->nb_iargs, k = 0;

    if (constraints_generation != tcg_target_features_generation) {
        memset(op_constraints, 0, sizeof(op_constraints));
        constraints_generation = tcg_target_features_generation;
    }
    oc = &op_constraints[opc][type];
    if (oc->valid) {
        return oc;
    }
    tdef = tcg_target_op_def(opc, type);
    g_assert(tdef);
    oc->nargs = no + ni;
    oc->clobber = tdef->clobber;
    for (int i = 0; i < no + ni; i++) {
        g_assert(tdef->args_ct_str[i]);
        parse_constraint(&oc->args[i], tdef->args_ct_str[i], i < no);
    }
    for (int i = no; i < no + ni; i++) {
        TCGArgConstraint *ct = &oc->args[i];
        if (ct->ialias) {
            /* the aliased input takes the output's register set */
            ct->regs = oc->args[ct->alias_index].regs;
            oc->args[ct->alias_index].oalias = true;
            oc->args[ct->alias_index].alias_index = i;
        }
    }
    /* inputs bound to a single register are placed first */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = no; i < no + ni; i++) {
            uint32_t r = oc->args[i].regs;
            bool single = r && !(r & (r - 1));
            if (single == (pass == 0)) {
                oc->sorted_inputs[k++] = i;
            }
        }
    }
    oc->valid = true;
    return oc;
}

/* ---- temp state changes ---- */

static void temp_mem_location(TCGContext *s, TCGTemp *ts, int *base,
                              intptr_t *ofs)
{
    if (ts->kind == TEMP_GLOBAL) {
        g_assert(ts->mem_base->kind == TEMP_FIXED);
        *base = ts->mem_base->reg;
        *ofs = ts->mem_offset;
    } else {
        *base = tcg_target_stack_reg;
        *ofs = s->frame_start + (intptr_t)temp_idx(ts) * 8;
    }
}

/* Make memory hold the temp's current value. */
static void temp_sync(TCGContext *s, TCGTemp *ts)
{
    int base;
    intptr_t ofs;

    if (ts->kind == TEMP_FIXED || ts->kind == TEMP_CONST || ts->mem_coherent) {
        return;
    }
    temp_mem_location(s, ts, &base, &ofs);
    switch (ts->val_type) {
    case TEMP_VAL_REG:
        tcg_out_st(s, ts->type, ts->reg, base, ofs);
        break;
    case TEMP_VAL_CONST:
        tcg_out_sti(s, ts->type, ts->cval, base, ofs);
        break;
    default:
        return;
    }
    ts->mem_coherent = true;
}

static void temp_release_reg(TCGContext *s, TCGTemp *ts)
{
    if (ts->val_type == TEMP_VAL_REG && s->reg_to_temp[ts->reg] == ts) {
        s->reg_to_temp[ts->reg] = NULL;
    }
}

/*
 * Note that global @ts may no longer be "in memory, coherent": called
 * wherever the allocator gives a temp a register or constant value.  The
 * set is a superset; the walks over it drop the globals they find clean.
 */
static inline void global_dirty(TCGContext *s, TCGTemp *ts)
{
    if (ts->kind == TEMP_GLOBAL) {
        unsigned idx = temp_idx_in(s, ts);
        s->dirty_globals[idx / 64] |= 1ull << (idx % 64);
    }
}

/* The value is no longer needed in a register; memory keeps it. */
static void temp_save(TCGContext *s, TCGTemp *ts)
{
    if (ts->kind == TEMP_FIXED || ts->kind == TEMP_CONST) {
        return;
    }
    if (ts->val_type == TEMP_VAL_DEAD || ts->val_type == TEMP_VAL_MEM) {
        return;
    }
    temp_sync(s, ts);
    temp_release_reg(s, ts);
    ts->val_type = TEMP_VAL_MEM;
}

/* The value is dead: forget it (globals fall back to memory). */
static void temp_dead(TCGContext *s, TCGTemp *ts)
{
    if (ts->kind == TEMP_FIXED || ts->kind == TEMP_CONST) {
        return;
    }
    temp_release_reg(s, ts);
    if (ts->kind == TEMP_GLOBAL) {
        ts->val_type = TEMP_VAL_MEM;
        ts->mem_coherent = true;
    } else {
        ts->val_type = TEMP_VAL_DEAD;
        ts->mem_coherent = false;
    }
}

/* Free @reg, saving its temp. */
static void reg_free(TCGContext *s, int reg)
{
    TCGTemp *ts = s->reg_to_temp[reg];

    if (ts) {
        temp_save(s, ts);
        s->reg_to_temp[reg] = NULL;
    }
}

/* Free every register of @regs, lowest first. */
static void regs_free(TCGContext *s, uint32_t regs)
{
    for (; regs; regs &= regs - 1) {
        reg_free(s, __builtin_ctz(regs));
    }
}

static int reg_alloc(TCGContext *s, uint32_t required, uint32_t forbidden)
{
    uint32_t set = required & ~forbidden & ~s->reserved_regs;

    g_assert(set);
    for (int i = 0; i < tcg_target_reg_alloc_order_len; i++) {
        int r = tcg_target_reg_alloc_order[i];
        if ((set >> r & 1) && !s->reg_to_temp[r]) {
            return r;
        }
    }
    for (int i = 0; i < tcg_target_reg_alloc_order_len; i++) {
        int r = tcg_target_reg_alloc_order[i];
        if (set >> r & 1) {
            reg_free(s, r);
            return r;
        }
    }
    g_assert_not_reached();
}

/* Emit code that puts the value of @ts into @reg; @ts is unchanged. */
static void temp_copy_to(TCGContext *s, TCGTemp *ts, int reg)
{
    int base;
    intptr_t ofs;

    switch (ts->val_type) {
    case TEMP_VAL_REG:
        if (ts->reg != reg) {
            tcg_out_mov(s, TCG_TYPE_I64, reg, ts->reg);
        }
        break;
    case TEMP_VAL_CONST:
        tcg_out_movi(s, ts->type, reg, ts->cval);
        break;
    case TEMP_VAL_MEM:
        temp_mem_location(s, ts, &base, &ofs);
        tcg_out_ld(s, ts->type, reg, base, ofs);
        break;
    default:
        /* reading a never-written temp: any value will do */
        break;
    }
}

/*
 * Ensure @ts is in a register of @required (not in @forbidden); returns
 * the register.  Constants are loaded into a scratch register that stays
 * unowned.
 */
static int temp_load(TCGContext *s, TCGTemp *ts, uint32_t required,
                     uint32_t forbidden)
{
    int reg;

    if (ts->val_type == TEMP_VAL_REG && (required >> ts->reg & 1) &&
        !(forbidden >> ts->reg & 1)) {
        return ts->reg;
    }
    if (ts->kind == TEMP_FIXED) {
        /* env is pinned: use it in place where any register will do */
        if ((required & (required - 1)) &&
            !(forbidden >> ts->reg & 1)) {
            return ts->reg;
        }
        reg = reg_alloc(s, required, forbidden);
        tcg_out_mov(s, TCG_TYPE_PTR, reg, ts->reg);
        return reg;
    }
    reg = reg_alloc(s, required, forbidden |
                    (ts->val_type == TEMP_VAL_REG ? 1u << ts->reg : 0));
    temp_copy_to(s, ts, reg);
    if (ts->kind == TEMP_CONST) {
        return reg;
    }
    if (ts->val_type == TEMP_VAL_MEM) {
        ts->mem_coherent = true;
    } else if (ts->val_type == TEMP_VAL_DEAD) {
        ts->mem_coherent = false;
    }
    temp_release_reg(s, ts);
    ts->val_type = TEMP_VAL_REG;
    ts->reg = reg;
    s->reg_to_temp[reg] = ts;
    global_dirty(s, ts);
    return reg;
}

/*
 * The loops over all globals or temps below run at every block end, helper
 * call and guest memory access: they test inline what makes the work a
 * no-op (most globals are in memory, most EBB temps dead) before calling.
 */

/*
 * Globals: only those in dirty_globals can need work, visited in index
 * order as a walk over all of them would.
 */
static void sync_globals(TCGContext *s)
{
    int nw = (s->nb_globals + 63) / 64;

    for (int w = 0; w < nw; w++) {
        for (uint64_t m = s->dirty_globals[w]; m; m &= m - 1) {
            temp_sync(s, &s->temps[w * 64 + __builtin_ctzll(m)]);
        }
    }
}

static void save_globals(TCGContext *s)
{
    int nw = (s->nb_globals + 63) / 64;

    for (int w = 0; w < nw; w++) {
        for (uint64_t m = s->dirty_globals[w]; m; m &= m - 1) {
            temp_save(s, &s->temps[w * 64 + __builtin_ctzll(m)]);
        }
        s->dirty_globals[w] = 0;    /* all in memory now */
    }
}

/* End of a basic block: everything lives in memory, EBB temps die. */
static void bb_end(TCGContext *s)
{
    save_globals(s);
    for (TCGTemp *ts = s->temps + s->nb_globals, *end = s->temps + s->nb_temps;
         ts < end; ts++) {
        if (ts->kind == TEMP_TB) {
            /* liveness made sure memory holds any value still needed */
            temp_save(s, ts);
            ts->val_type = TEMP_VAL_MEM;
            ts->mem_coherent = true;
        } else if (ts->kind == TEMP_EBB && ts->val_type != TEMP_VAL_DEAD) {
            /* (a dead temp's mem_coherent is never looked at) */
            temp_dead(s, ts);
        }
    }
}

/*
 * A conditional branch: its target reads globals and TB temps from memory;
 * the fall-through path keeps them (and EBB temps) in their registers.
 */
static void bb_sync(TCGContext *s)
{
    sync_globals(s);
    for (TCGTemp *ts = s->temps + s->nb_globals, *end = s->temps + s->nb_temps;
         ts < end; ts++) {
        if (!ts->mem_coherent && ts->kind == TEMP_TB) {
            temp_sync(s, ts);
        }
    }
}

/* Leaving the TB: only the globals matter. */
static void tb_exit(TCGContext *s)
{
    save_globals(s);
    for (TCGTemp *ts = s->temps + s->nb_globals, *end = s->temps + s->nb_temps;
         ts < end; ts++) {
        if ((ts->kind == TEMP_TB || ts->kind == TEMP_EBB) &&
            ts->val_type != TEMP_VAL_DEAD) {
            temp_dead(s, ts);
        }
    }
}

static void reg_alloc_start(TCGContext *s)
{
    int nw = (s->nb_globals + 63) / 64;

    memset(s->reg_to_temp, 0, sizeof(s->reg_to_temp));
    /* globals: those left in registers by a TB that was abandoned */
    for (int w = 0; w < nw; w++) {
        for (uint64_t m = s->dirty_globals[w]; m; m &= m - 1) {
            TCGTemp *ts = &s->temps[w * 64 + __builtin_ctzll(m)];
            ts->val_type = TEMP_VAL_MEM;
            ts->mem_coherent = true;
        }
        s->dirty_globals[w] = 0;
    }
    for (TCGTemp *ts = s->temps + s->nb_globals, *end = s->temps + s->nb_temps;
         ts < end; ts++) {
        switch (ts->kind) {
        case TEMP_FIXED:
        case TEMP_GLOBAL:
            g_assert_not_reached();     /* globals come first */
        case TEMP_CONST:
            ts->val_type = TEMP_VAL_CONST;
            ts->cval = ts->val;
            break;
        default:
            ts->val_type = TEMP_VAL_DEAD;
            ts->mem_coherent = false;
            break;
        }
    }
}

static bool const_fits(const TCGArgConstraint *ct, TCGType type, int64_t v)
{
    if (ct->ct & TCG_CT_CONST) {
        return true;
    }
    if (type == TCG_TYPE_I32) {
        return (ct->ct & (TCG_CT_CONST_S32 | TCG_CT_CONST_U32)) != 0;
    }
    if ((ct->ct & TCG_CT_CONST_S32) && v == (int32_t)v) {
        return true;
    }
    if ((ct->ct & TCG_CT_CONST_U32) && v == (uint32_t)v) {
        return true;
    }
    return false;
}

/* ---- per-op allocation ---- */

static void reg_alloc_mov(TCGContext *s, TCGOp *op)
{
    TCGTemp *ots = arg_temp(op->args[0]);
    TCGTemp *ts = arg_temp(op->args[1]);
    int reg;

    if (ots == ts) {
        if (op->life & SYNC_ARG(0)) {
            temp_sync(s, ots);
        }
        if (op->life & DEAD_ARG(0)) {
            temp_dead(s, ots);
        }
        return;
    }
    g_assert(ots->kind != TEMP_FIXED && ots->kind != TEMP_CONST);
    if ((op->life & (SYNC_ARG(0) | DEAD_ARG(0))) ==
        (SYNC_ARG(0) | DEAD_ARG(0)) && ots->kind == TEMP_GLOBAL &&
        ts->val_type == TEMP_VAL_REG) {
        /* only memory wants the value: store it from where it is */
        int base;
        intptr_t ofs;

        temp_mem_location(s, ots, &base, &ofs);
        temp_release_reg(s, ots);
        tcg_out_st(s, op->type, ts->reg, base, ofs);
        if (op->life & DEAD_ARG(1)) {
            temp_dead(s, ts);
        }
        ots->val_type = TEMP_VAL_MEM;
        ots->mem_coherent = true;
        return;
    }
    if (ts->val_type == TEMP_VAL_CONST) {
        int64_t v = ts->cval;
        if (op->life & DEAD_ARG(1)) {
            temp_dead(s, ts);
        }
        temp_release_reg(s, ots);
        ots->val_type = TEMP_VAL_CONST;
        ots->cval = op->type == TCG_TYPE_I32 ? (int32_t)v : v;
        ots->mem_coherent = false;
        global_dirty(s, ots);
    } else if ((op->life & DEAD_ARG(1)) && ts->val_type == TEMP_VAL_REG &&
               ts->kind != TEMP_FIXED && ts->kind != TEMP_GLOBAL) {
        /* the input dies here: hand its register over */
        reg = ts->reg;
        s->reg_to_temp[reg] = NULL;
        ts->val_type = TEMP_VAL_DEAD;
        temp_release_reg(s, ots);
        ots->val_type = TEMP_VAL_REG;
        ots->reg = reg;
        ots->mem_coherent = false;
        s->reg_to_temp[reg] = ots;
        global_dirty(s, ots);
    } else {
        int src = temp_load(s, ts, tcg_target_available_regs |
                            (1u << tcg_target_areg0), 0);
        if (ots->val_type == TEMP_VAL_REG && ots->reg != src) {
            reg = ots->reg;
        } else {
            reg = reg_alloc(s, tcg_target_available_regs, 1u << src);
        }
        tcg_out_mov(s, op->type, reg, src);
        if (op->life & DEAD_ARG(1)) {
            temp_dead(s, ts);
        }
        temp_release_reg(s, ots);
        ots->val_type = TEMP_VAL_REG;
        ots->reg = reg;
        ots->mem_coherent = false;
        s->reg_to_temp[reg] = ots;
        global_dirty(s, ots);
    }
    if (op->life & SYNC_ARG(0)) {
        temp_sync(s, ots);
    }
    if (op->life & DEAD_ARG(0)) {
        temp_dead(s, ots);
    }
}

static bool op_clobbers_calls(TCGContext *s, TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    if (!(def->flags & TCG_OPF_CALL_CLOBBER)) {
        return false;
    }
    if (op->opc == INDEX_op_qemu_ld || op->opc == INDEX_op_qemu_st) {
        /* user mode: only the noreturn alignment hook is ever called */
        return s->guest_mem.mode == TCG_GUEST_MEM_SOFTMMU;
    }
    return true;
}

static void reg_alloc_op(TCGContext *s, TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    const OpConstraints *oc = get_constraints(op->opc, op->type);
    int no = def->nb_oargs, ni = def->nb_iargs;
    int nargs = no + ni + def->nb_cargs;
    TCGArg new_args[TCG_MAX_OP_ARGS];
    int const_args[TCG_MAX_OP_ARGS];
    uint32_t i_allocated = 0, i_live = 0, o_allocated = 0;

    /* only the op's own arguments: the rest is never read */
    for (int i = 0; i < nargs; i++) {
        new_args[i] = op->args[i];
        const_args[i] = 0;
    }

    for (int k = 0; k < ni; k++) {
        int i = oc->sorted_inputs[k];
        const TCGArgConstraint *ct = &oc->args[i];
        TCGTemp *ts = arg_temp(op->args[i]);
        bool dies = (op->life & DEAD_ARG(i)) != 0;
        int reg;

        if (ts->val_type == TEMP_VAL_CONST &&
            const_fits(ct, op->type, ts->cval)) {
            new_args[i] = op->type == TCG_TYPE_I32 ?
                          (int32_t)ts->cval : ts->cval;
            const_args[i] = 1;
            continue;
        }
        if (ct->ialias && (!dies || ts->kind == TEMP_FIXED ||
                           ts->kind == TEMP_CONST ||
                           ts->val_type != TEMP_VAL_REG ||
                           !(ct->regs >> ts->reg & 1) ||
                           (i_allocated >> ts->reg & 1))) {
            /* the output will overwrite it: work on a copy */
            reg = reg_alloc(s, ct->regs, i_allocated);
            temp_copy_to(s, ts, reg);
        } else {
            /*
             * An aliased global that dies here needs no write-back: liveness
             * synced its producer if memory must see this value.
             */
            reg = temp_load(s, ts, ct->regs, i_allocated);
            if (!dies) {
                i_live |= 1u << reg;
            }
        }
        i_allocated |= 1u << reg;
        new_args[i] = reg;
    }

    for (int i = no; i < no + ni; i++) {
        if (op->life & DEAD_ARG(i)) {
            temp_dead(s, arg_temp(op->args[i]));
        }
    }

    if (def->flags & TCG_OPF_BB_EXIT) {
        tb_exit(s);
    } else if (def->flags & TCG_OPF_COND_BRANCH) {
        bb_sync(s);
    } else if (def->flags & TCG_OPF_BB_END) {
        bb_end(s);
    } else {
        if (op_clobbers_calls(s, op)) {
            regs_free(s, tcg_target_call_clobber_regs);
        }
        if (def->flags & TCG_OPF_SIDE_EFFECTS &&
            (op->opc == INDEX_op_qemu_ld || op->opc == INDEX_op_qemu_st)) {
            /* the access may fault: the guest state must be in memory */
            sync_globals(s);
        }
        regs_free(s, oc->clobber);
    }

    for (int i = 0; i < no; i++) {
        const TCGArgConstraint *ct = &oc->args[i];
        TCGTemp *ts = arg_temp(op->args[i]);
        int reg;

        g_assert(ts->kind != TEMP_FIXED && ts->kind != TEMP_CONST);
        if (ct->oalias) {
            reg = new_args[ct->alias_index];
            reg_free(s, reg);
        } else if (ct->newreg) {
            reg = reg_alloc(s, ct->regs, i_allocated | o_allocated);
        } else if (ct->regs && !(ct->regs & (ct->regs - 1))) {
            reg = __builtin_ctz(ct->regs);
            reg_free(s, reg);
        } else {
            reg = reg_alloc(s, ct->regs, i_live | o_allocated);
        }
        temp_release_reg(s, ts);
        if (s->reg_to_temp[reg]) {
            /* a live value sits there: save it */
            reg_free(s, reg);
        }
        ts->val_type = TEMP_VAL_REG;
        ts->reg = reg;
        ts->mem_coherent = false;
        s->reg_to_temp[reg] = ts;
        global_dirty(s, ts);
        o_allocated |= 1u << reg;
        new_args[i] = reg;
    }

    tcg_out_op(s, op->opc, op->type, new_args, const_args);

    for (int i = 0; i < no; i++) {
        TCGTemp *ts = arg_temp(op->args[i]);
        if (op->life & SYNC_ARG(i)) {
            temp_sync(s, ts);
        }
        if (op->life & DEAD_ARG(i)) {
            temp_dead(s, ts);
        }
    }
}

static void reg_alloc_call(TCGContext *s, TCGOp *op)
{
    int no = op->callo, ni = op->calli;
    const void *func = (const void *)(uintptr_t)op->args[no + ni];
    const TCGHelperInfo *info = (void *)(uintptr_t)op->args[no + ni + 1];
    uint32_t allocated = 0;

    for (int i = 0; i < ni; i++) {
        TCGTemp *ts = arg_temp(op->args[no + i]);
        int reg = tcg_target_call_iarg_regs[i];

        if (s->reg_to_temp[reg] != ts) {
            reg_free(s, reg);
        }
        temp_copy_to(s, ts, reg);
        if (ts->kind == TEMP_FIXED) {
            /* temp_copy_to copies REG values; env is always REG */
        }
        allocated |= 1u << reg;
    }
    for (int i = 0; i < ni; i++) {
        if (op->life & DEAD_ARG(no + i)) {
            temp_dead(s, arg_temp(op->args[no + i]));
        }
    }
    regs_free(s, tcg_target_call_clobber_regs);
    if (!(info->flags & TCG_CALL_NO_WRITE_GLOBALS)) {
        save_globals(s);
    } else if (!(info->flags & TCG_CALL_NO_READ_GLOBALS)) {
        sync_globals(s);
    }
    tcg_out_call(s, func);
    if (no) {
        TCGTemp *ts = arg_temp(op->args[0]);
        int reg = tcg_target_call_oarg_reg;

        temp_release_reg(s, ts);
        ts->val_type = TEMP_VAL_REG;
        ts->reg = reg;
        ts->mem_coherent = false;
        s->reg_to_temp[reg] = ts;
        global_dirty(s, ts);
        if (op->life & SYNC_ARG(0)) {
            temp_sync(s, ts);
        }
        if (op->life & DEAD_ARG(0)) {
            temp_dead(s, ts);
        }
    }
}

int tcg_gen_code(TCGContext *s, uint8_t *end)
{
    int insn = -1;

    if (s->temps_overflow) {
        return -2;
    }
    if (s->optimize) {
        tcg_optimize(s);
    }
    tcg_liveness_analysis(s);

    s->gen_start = s->code_ptr;
    s->code_end = end;
    if (s->pool) {
        g_array_set_size(s->pool, 0);
    }
    s->code_overflow = false;
    s->ldst_labels = NULL;
    s->jmp_insn_offset[0] = s->jmp_insn_offset[1] = 0xffff;
    s->jmp_reset_offset[0] = s->jmp_reset_offset[1] = 0xffff;
    reg_alloc_start(s);
    tcg_label_generation++;     /* nothing is known at the TB's start */

    for (TCGOp *op = s->first_op; op; op = op->next) {
        switch (op->opc) {
        case INDEX_op_mov:
            reg_alloc_mov(s, op);
            break;
        case INDEX_op_call:
            reg_alloc_call(s, op);
            break;
        case INDEX_op_insn_start:
            if (insn >= 0) {
                s->gen_insn_end_off[insn] = s->code_ptr - s->gen_start;
            }
            insn++;
            if (insn >= s->gen_insn_cap) {
                return -2;
            }
            s->gen_insn_data[insn][0] = op->args[0];
            s->gen_insn_data[insn][1] = op->args[1];
            break;
        case INDEX_op_discard:
            temp_dead(s, arg_temp(op->args[0]));
            break;
        case INDEX_op_set_label:
            bb_end(s);
            tcg_label_generation++;
            tcg_emit_label_here(s, arg_label(op->args[0]));
            break;
        default:
            reg_alloc_op(s, op);
            break;
        }
        if (s->code_overflow) {
            return -1;
        }
        if (s->code_ptr - s->gen_start > 0xff00) {
            return -2;  /* insn end offsets are 16-bit */
        }
    }
    if (insn >= 0) {
        s->gen_insn_end_off[insn] = s->code_ptr - s->gen_start;
    }
    s->nb_insns = insn + 1;
    if (!tcg_out_ldst_finalize(s) || s->code_overflow) {
        return -1;
    }
    if (s->code_ptr - s->gen_start > 0xff00) {
        return -2;
    }
    return s->code_ptr - s->gen_start;
}

/*
 * Liveness analysis: one backward walk over the ops of a TB.
 *
 * Each temp carries two bits while walking: TS_DEAD (no later op reads the
 * current value) and TS_MEM (the value must be in memory at this point).
 * The walk records in op->life which arguments die at the op and which
 * outputs must be written back right after it, and removes ops whose
 * results nobody reads and that have no side effects (dead code).
 *
 * At the end of a basic block globals and TB temps must be in memory and
 * EBB temps are dead (a conditional branch only needs memory to be up to
 * date: its fall-through path goes on with the registers and EBB temps); a helper that may write globals needs them in memory
 * and reloads them after; one that only reads them needs them in memory.
 * A guest memory access may fault, so it needs globals in memory too.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg-internal.h"

enum {
    TS_DEAD = 1,
    TS_MEM = 2,
};

/*
 * The TB temps left after pass 0 (usually few): the block-end transfer
 * functions visit only them and the globals.  EBB temps need no reset
 * there: each EBB writes them before reading them, so walking backwards
 * they are already dead when a label is reached.
 */
static __thread int *tb_temps;      /* in tb_temps_key's buffer */
static __thread int nb_tb_temps, tb_temps_cap;
static GPrivate tb_temps_key = G_PRIVATE_INIT(g_free);  /* freed at exit */

static void la_bb_end(TCGContext *s)
{
    for (int i = 0; i < s->nb_globals; i++) {
        if (s->temps[i].kind == TEMP_GLOBAL) {
            s->temps[i].state = TS_DEAD | TS_MEM;
        }
    }
    for (int k = 0; k < nb_tb_temps; k++) {
        s->temps[tb_temps[k]].state = TS_DEAD | TS_MEM;
    }
}

/*
 * A conditional branch: the target (a label) reads globals and TB temps
 * from memory, while the fall-through path keeps using the registers, and
 * EBB temps live on into it.
 */
static void la_bb_sync(TCGContext *s)
{
    for (int i = 0; i < s->nb_globals; i++) {
        if (s->temps[i].kind == TEMP_GLOBAL) {
            s->temps[i].state |= TS_MEM;
        }
    }
    for (int k = 0; k < nb_tb_temps; k++) {
        s->temps[tb_temps[k]].state |= TS_MEM;
    }
}

/* Leaving the TB: only globals matter (in memory). */
static void la_func_end(TCGContext *s)
{
    for (int i = 0; i < s->nb_globals; i++) {
        if (s->temps[i].kind == TEMP_GLOBAL) {
            s->temps[i].state = TS_DEAD | TS_MEM;
        }
    }
    for (int k = 0; k < nb_tb_temps; k++) {
        s->temps[tb_temps[k]].state = TS_DEAD;
    }
}

/* The state at the end of the TB, for every temp. */
static void la_init(TCGContext *s)
{
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        ts->state = ts->kind == TEMP_GLOBAL ? TS_DEAD | TS_MEM :
                    ts->kind == TEMP_FIXED || ts->kind == TEMP_CONST ? 0 :
                    TS_DEAD;
    }
}

static void la_globals(TCGContext *s, unsigned bits, bool replace)
{
    for (int i = 0; i < s->nb_globals; i++) {
        TCGTemp *ts = &s->temps[i];
        if (ts->kind != TEMP_GLOBAL) {
            continue;
        }
        ts->state = replace ? bits : (ts->state | bits);
    }
}

static bool tracked(TCGTemp *ts)
{
    return ts->kind != TEMP_FIXED && ts->kind != TEMP_CONST;
}

/*
 * Pass 0: a TB temp whose every use lies inside one extended basic block
 * (from a label to the next; conditional branches do not end it) behaves
 * like an EBB temp.  Frontends create TB temps freely; without this each
 * of them would be written to its stack slot at every block end "just in
 * case", and a temp computed but never read could not be removed.
 */
static void la_demote_local_temps(TCGContext *s)
{
    uintptr_t block = 1;
    const uintptr_t multi = UINTPTR_MAX;

    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        s->temps[i].state = 0;
    }
    for (TCGOp *op = s->first_op; op; op = op->next) {
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int nargs;

        if (op->opc == INDEX_op_set_label) {
            block++;
            continue;
        }
        nargs = op->opc == INDEX_op_call ? op->callo + op->calli
                                         : def->nb_oargs + def->nb_iargs;
        for (int i = 0; i < nargs; i++) {
            TCGTemp *ts = arg_temp(op->args[i]);
            if (ts->kind != TEMP_TB) {
                continue;
            }
            if (ts->state == 0) {
                ts->state = block;
            } else if (ts->state != block) {
                ts->state = multi;
            }
        }
    }
    if (tb_temps_cap < s->nb_temps) {
        tb_temps_cap = MAX(s->nb_temps, TCG_MAX_TEMPS);
        tb_temps = g_new(int, tb_temps_cap);
        g_private_replace(&tb_temps_key, tb_temps);
    }
    nb_tb_temps = 0;
    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        if (ts->kind == TEMP_TB && ts->state != multi) {
            ts->kind = TEMP_EBB;
        } else if (ts->kind == TEMP_TB) {
            tb_temps[nb_tb_temps++] = i;
        }
    }
}

void tcg_liveness_analysis(TCGContext *s)
{
    TCGOp *op, *prev;

    la_demote_local_temps(s);
    la_init(s);
    for (op = s->last_op; op; op = prev) {
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int no, ni;
        uint32_t life = 0;
        unsigned flags = def->flags;

        prev = op->prev;
        if (op->opc == INDEX_op_call) {
            const TCGHelperInfo *info =
                (void *)(uintptr_t)op->args[op->callo + op->calli + 1];
            no = op->callo;
            ni = op->calli;
            if ((info->flags & TCG_CALL_NO_SIDE_EFFECTS) && no &&
                (arg_temp(op->args[0])->state == TS_DEAD)) {
                tcg_op_remove(s, op);
                continue;
            }
            for (int i = 0; i < no; i++) {
                TCGTemp *ts = arg_temp(op->args[i]);
                if (ts->state & TS_DEAD) {
                    life |= DEAD_ARG(i);
                }
                if (ts->state & TS_MEM) {
                    life |= SYNC_ARG(i);
                }
                ts->state = TS_DEAD;
            }
            if (!(info->flags & TCG_CALL_NO_WRITE_GLOBALS)) {
                la_globals(s, TS_DEAD | TS_MEM, true);
            } else if (!(info->flags & TCG_CALL_NO_READ_GLOBALS)) {
                la_globals(s, TS_MEM, false);
            }
        } else {
            no = def->nb_oargs;
            ni = def->nb_iargs;
            switch (op->opc) {
            case INDEX_op_insn_start:
                op->life = 0;
                continue;
            case INDEX_op_discard:
                arg_temp(op->args[0])->state = TS_DEAD;
                op->life = 0;
                continue;
            case INDEX_op_set_label:
                la_bb_end(s);
                op->life = 0;
                continue;
            default:
                break;
            }
            if (no && !(flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END))) {
                bool all_dead = true;
                for (int i = 0; i < no; i++) {
                    if (arg_temp(op->args[i])->state != TS_DEAD) {
                        all_dead = false;
                    }
                }
                if (all_dead) {
                    tcg_op_remove(s, op);
                    continue;
                }
                /* a double-width multiply whose high half is unused */
                if ((op->opc == INDEX_op_mulu2 || op->opc == INDEX_op_muls2)
                    && arg_temp(op->args[1])->state == TS_DEAD) {
                    op->opc = INDEX_op_mul;
                    op->args[1] = op->args[2];
                    op->args[2] = op->args[3];
                    no = 1;
                }
            }
            for (int i = 0; i < no; i++) {
                TCGTemp *ts = arg_temp(op->args[i]);
                if (ts->state & TS_DEAD) {
                    life |= DEAD_ARG(i);
                }
                if (ts->state & TS_MEM) {
                    life |= SYNC_ARG(i);
                }
                ts->state = TS_DEAD;
            }
            if (flags & TCG_OPF_BB_EXIT) {
                la_func_end(s);
            } else if (flags & TCG_OPF_COND_BRANCH) {
                la_bb_sync(s);
            } else if (flags & TCG_OPF_BB_END) {
                la_bb_end(s);
            } else if (op->opc == INDEX_op_qemu_ld ||
                       op->opc == INDEX_op_qemu_st) {
                la_globals(s, TS_MEM, false);
            }
        }
        for (int i = no; i < no + ni; i++) {
            TCGTemp *ts = arg_temp(op->args[i]);
            if (!tracked(ts)) {
                continue;
            }
            if (ts->state & TS_DEAD) {
                life |= DEAD_ARG(i);
            }
            ts->state &= ~TS_DEAD;
        }
        op->life = life;
    }
}

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
 * date: its fall-through path goes on with the registers and EBB temps);
 * a helper that may write globals needs them in memory and reloads them
 * after; one that only reads them needs them in memory.  A guest memory
 * access may fault, so it needs globals in memory too.
 *
 * The bits live in a byte array indexed by temp number rather than in the
 * temps: the globals come first, so the block ends, helper calls and
 * memory accesses that touch every global update a few words of it.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg-internal.h"

enum {
    TS_DEAD = 1,
    TS_MEM = 2,
    /* a constant or fixed-register temp: its inputs never die */
    TS_UNTRACKED = 0x80,
};

#define BYTES8(b) (0x0101010101010101ull * (uint8_t)(b))

/*
 * Per-thread scratch: the state bytes (one per temp, padded to whole
 * words) and the TB temps left after pass 0 (usually few): the block-end
 * transfer functions visit only them and the globals.  EBB temps need no
 * reset there: each EBB writes them before reading them, so walking
 * backwards they are already dead when a label is reached.
 */
typedef struct LivenessScratch {
    uint8_t state[TCG_MAX_TEMPS + 8];
    /* the state of the globals at the end of a TB, for global_init_ctx */
    uint8_t global_init[TCG_MAX_TEMPS];
    TCGContext *global_init_ctx;
    int global_init_nb;
    int nb_tb_temps;
    int tb_temps[TCG_MAX_TEMPS];
} LivenessScratch;

static GPrivate scratch_key = G_PRIVATE_INIT(g_free);  /* freed at exit */

static LivenessScratch *liveness_scratch(void)
{
    LivenessScratch *ls = g_private_get(&scratch_key);

    if (!ls) {
        ls = g_new(LivenessScratch, 1);
        ls->global_init_ctx = NULL;
        g_private_replace(&scratch_key, ls);
    }
    return ls;
}

static inline uint8_t *temp_state(TCGContext *s, LivenessScratch *ls,
                                  TCGTemp *ts)
{
    return &ls->state[temp_idx_in(s, ts)];
}

/*
 * Every global's byte becomes (byte & keep) | set: a word at a time,
 * the bytes of the last partial word that belong to other temps kept.
 * TS_UNTRACKED is always in @keep.
 */
static void la_globals_update(TCGContext *s, LivenessScratch *ls,
                              uint8_t keep, uint8_t set)
{
    uint64_t k = BYTES8(keep), v = BYTES8(set), w;
    int n = s->nb_globals, i;

    for (i = 0; i + 8 <= n; i += 8) {
        memcpy(&w, &ls->state[i], 8);
        w = (w & k) | v;
        memcpy(&ls->state[i], &w, 8);
    }
    if (i < n) {
        uint64_t m = ~0ull >> (64 - 8 * (n - i));    /* little endian */
        memcpy(&w, &ls->state[i], 8);
        w = (w & (k | ~m)) | (v & m);
        memcpy(&ls->state[i], &w, 8);
    }
}

static void la_tb_temps_update(LivenessScratch *ls, uint8_t keep,
                               uint8_t set)
{
    for (int k = 0; k < ls->nb_tb_temps; k++) {
        uint8_t *p = &ls->state[ls->tb_temps[k]];
        *p = (*p & keep) | set;
    }
}

/* A label (seen from after it): everything from memory. */
static void la_bb_end(TCGContext *s, LivenessScratch *ls)
{
    la_globals_update(s, ls, TS_UNTRACKED, TS_DEAD | TS_MEM);
    la_tb_temps_update(ls, 0, TS_DEAD | TS_MEM);
}

/*
 * A conditional branch: the target (a label) reads globals and TB temps
 * from memory, while the fall-through path keeps using the registers, and
 * EBB temps live on into it.
 */
static void la_bb_sync(TCGContext *s, LivenessScratch *ls)
{
    la_globals_update(s, ls, 0xff, TS_MEM);
    la_tb_temps_update(ls, 0xff, TS_MEM);
}

/* Leaving the TB: only globals matter (in memory). */
static void la_func_end(TCGContext *s, LivenessScratch *ls)
{
    la_globals_update(s, ls, TS_UNTRACKED, TS_DEAD | TS_MEM);
    la_tb_temps_update(ls, 0, TS_DEAD);
}

/*
 * Pass 0: a TB temp whose every use lies inside one extended basic block
 * (from a label to the next; conditional branches do not end it) behaves
 * like an EBB temp.  Frontends create TB temps freely; without this each
 * of them would be written to its stack slot at every block end "just in
 * case", and a temp computed but never read could not be removed.
 *
 * It also sets the state at the end of the TB, for every temp.
 */
static void la_demote_local_temps(TCGContext *s, LivenessScratch *ls)
{
    uintptr_t block = 1;
    const uintptr_t multi = UINTPTR_MAX;
    TCGTemp *first = &s->temps[s->nb_globals];
    TCGTemp *end = &s->temps[s->nb_temps];
    bool any_tb = false;

    for (TCGTemp *ts = first; ts < end; ts++) {
        ts->state = 0;
        any_tb |= ts->kind == TEMP_TB;
    }
    for (TCGOp *op = s->first_op; any_tb && op; op = op->next) {
        int nargs;

        if (op->opc == INDEX_op_set_label) {
            block++;
            continue;
        }
        nargs = op->opc == INDEX_op_call ? op->callo + op->calli
                : tcg_op_defs[op->opc].nb_oargs + tcg_op_defs[op->opc].nb_iargs;
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

    if (ls->global_init_ctx != s || ls->global_init_nb != s->nb_globals) {
        /* globals are only ever added, and their kinds never change */
        for (int i = 0; i < s->nb_globals; i++) {
            ls->global_init[i] = s->temps[i].kind == TEMP_GLOBAL ?
                                 TS_DEAD | TS_MEM : TS_UNTRACKED;
        }
        ls->global_init_ctx = s;
        ls->global_init_nb = s->nb_globals;
    }
    memcpy(ls->state, ls->global_init, s->nb_globals);
    if (s->temps_overflow) {
        /* the spare temp (tests only: tcg_gen_code() stops before) */
        ls->state[TCG_MAX_TEMPS - 1] =
            s->temps[TCG_MAX_TEMPS - 1].kind == TEMP_CONST ? TS_UNTRACKED
                                                           : TS_DEAD;
    }
    ls->nb_tb_temps = 0;
    for (TCGTemp *ts = first; ts < end; ts++) {
        int idx = ts - s->temps;

        switch (ts->kind) {
        case TEMP_TB:
            if (ts->state != multi) {
                ts->kind = TEMP_EBB;
            } else {
                ls->tb_temps[ls->nb_tb_temps++] = idx;
            }
            ls->state[idx] = TS_DEAD;
            break;
        case TEMP_EBB:
            ls->state[idx] = TS_DEAD;
            break;
        default:
            ls->state[idx] = TS_UNTRACKED;
            break;
        }
    }
}

/* The life bits of outputs 0..no-1, which are then dead above the op. */
static inline uint32_t la_outputs(TCGContext *s, LivenessScratch *ls, TCGOp *op,
                           int no)
{
    uint32_t life = 0;

    for (int i = 0; i < no; i++) {
        uint8_t *p = temp_state(s, ls, arg_temp(op->args[i]));
        if (*p & TS_DEAD) {
            life |= DEAD_ARG(i);
        }
        if (*p & TS_MEM) {
            life |= SYNC_ARG(i);
        }
        *p = TS_DEAD;
    }
    return life;
}

void tcg_liveness_analysis(TCGContext *s)
{
    LivenessScratch *ls = liveness_scratch();
    TCGOp *op, *prev;

    la_demote_local_temps(s, ls);
    for (op = s->last_op; op; op = prev) {
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int no, ni;
        uint32_t life;
        unsigned flags = def->flags;

        prev = op->prev;
        if (op->opc == INDEX_op_call) {
            const TCGHelperInfo *info =
                (void *)(uintptr_t)op->args[op->callo + op->calli + 1];
            no = op->callo;
            ni = op->calli;
            if ((info->flags & TCG_CALL_NO_SIDE_EFFECTS) && no &&
                *temp_state(s, ls, arg_temp(op->args[0])) == TS_DEAD) {
                tcg_op_remove(s, op);
                continue;
            }
            life = la_outputs(s, ls, op, no);
            if (!(info->flags & TCG_CALL_NO_WRITE_GLOBALS)) {
                la_globals_update(s, ls, TS_UNTRACKED, TS_DEAD | TS_MEM);
            } else if (!(info->flags & TCG_CALL_NO_READ_GLOBALS)) {
                la_globals_update(s, ls, 0xff, TS_MEM);
            }
        } else {
            no = def->nb_oargs;
            ni = def->nb_iargs;
            switch (op->opc) {
            case INDEX_op_insn_start:
                op->life = 0;
                continue;
            case INDEX_op_discard:
                *temp_state(s, ls, arg_temp(op->args[0])) = TS_DEAD;
                op->life = 0;
                continue;
            case INDEX_op_set_label:
                la_bb_end(s, ls);
                op->life = 0;
                continue;
            default:
                break;
            }
            if (no && !(flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END))) {
                bool all_dead = true;
                for (int i = 0; i < no; i++) {
                    if (*temp_state(s, ls, arg_temp(op->args[i])) != TS_DEAD) {
                        all_dead = false;
                    }
                }
                if (all_dead) {
                    tcg_op_remove(s, op);
                    continue;
                }
                /* a double-width multiply whose high half is unused */
                if ((op->opc == INDEX_op_mulu2 || op->opc == INDEX_op_muls2)
                    && *temp_state(s, ls, arg_temp(op->args[1])) == TS_DEAD) {
                    op->opc = INDEX_op_mul;
                    op->args[1] = op->args[2];
                    op->args[2] = op->args[3];
                    no = 1;
                }
            }
            life = la_outputs(s, ls, op, no);
            if (flags & TCG_OPF_BB_EXIT) {
                la_func_end(s, ls);
            } else if (flags & TCG_OPF_COND_BRANCH) {
                la_bb_sync(s, ls);
            } else if (flags & TCG_OPF_BB_END) {
                la_bb_end(s, ls);
            } else if (op->opc == INDEX_op_qemu_ld ||
                       op->opc == INDEX_op_qemu_st) {
                la_globals_update(s, ls, 0xff, TS_MEM);
            }
        }
        for (int i = no; i < no + ni; i++) {
            uint8_t *p = temp_state(s, ls, arg_temp(op->args[i]));
            if (*p & TS_UNTRACKED) {
                continue;
            }
            if (*p & TS_DEAD) {
                life |= DEAD_ARG(i);
            }
            *p &= ~TS_DEAD;
        }
        op->life = life;
    }
}

/*
 * TCG core: contexts, temporaries, the op list, labels and the op dump.
 * The register allocator and code emission driver live in regalloc.c.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "tcg/tcg.h"
#include "tcg-internal.h"

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define DEF(n, o, i, c, f) [INDEX_op_##n] = { #n, o, i, c, f },
#include "tcg/tcg-opc.h"
#undef DEF
};

__thread TCGContext *tcg_ctx;
static TCGContext *tcg_init_ctx;
TCGv_ptr tcg_env;

G_STATIC_ASSERT(sizeof(TCGTemp) == 64);

#define OP_CHUNK 256
#define LABEL_CHUNK 64
#define POOL_CHUNK 4096
#define CONST_SLOTS_MIN 64

/* One constant of the TB being built (see TCGContext.const_slots). */
typedef struct TCGConstSlot {
    int64_t val;
    uint32_t gen;       /* valid in the TB whose const_gen this is */
    uint32_t idx;       /* index of the TEMP_CONST temp */
} TCGConstSlot;

static void tcg_context_alloc_tables(TCGContext *s)
{
    for (int t = 0; t < TCG_TYPE_COUNT; t++) {
        s->const_slots[t] = g_new0(TCGConstSlot, CONST_SLOTS_MIN);
        s->const_mask[t] = CONST_SLOTS_MIN - 1;
        s->const_count[t] = 0;
    }
    s->const_gen = 1;
    s->op_chunks = g_ptr_array_new_with_free_func(g_free);
    s->op_next = s->op_limit = NULL;
    s->op_chunk = 0;
    s->label_chunks = g_ptr_array_new_with_free_func(g_free);
    s->labels = g_ptr_array_new_with_free_func(g_free);
    s->pool_chunks = g_ptr_array_new_with_free_func(g_free);
    s->pool_chunk = 0;
    s->pool_cur = s->pool_end = NULL;
    s->gen_insn_cap = TCG_MAX_INSNS;
    s->gen_insn_end_off = g_new0(uint16_t, s->gen_insn_cap);
    s->gen_insn_data = g_malloc0(sizeof(*s->gen_insn_data) *
                                 s->gen_insn_cap);
    s->optimize = true;
}

bool tcg_init(size_t code_size, Error **errp)
{
    TCGContext *s;
    TCGTemp *ts;

    if (tcg_init_ctx) {
        tcg_ctx = tcg_init_ctx;
        return true;
    }
    s = g_new0(TCGContext, 1);
    tcg_context_alloc_tables(s);
    tcg_ctx = s;
    tcg_target_init(s);

    /* env: the first global, pinned to the env register */
    ts = &s->temps[s->nb_temps++];
    ts->type = TCG_TYPE_PTR;
    ts->kind = TEMP_FIXED;
    ts->allocated = true;
    ts->reg = tcg_target_areg0;
    ts->val_type = TEMP_VAL_REG;
    ts->name = "env";
    s->nb_globals = s->nb_temps;
    tcg_env = temp_tcgv_ptr(ts);
    s->guest_mem.mode = TCG_GUEST_MEM_USER;

    if (!tcg_region_init(code_size, errp)) {
        g_free(s);
        tcg_ctx = NULL;
        return false;
    }
    s->code_buf = tcg_region.rw;
    s->code_ptr = tcg_region.rw;
    s->code_end = tcg_region.rw + tcg_region.size;
    s->splitwx_diff = tcg_region.rx - tcg_region.rw;
    tcg_target_qemu_prologue(s);
    if (s->code_overflow) {
        error_setg(errp, "code buffer of %zu bytes is too small for the "
                   "TCG prologue", tcg_region.size);
        return false;
    }
    tcg_region_prologue_done(s->code_ptr - s->code_buf);
    tcg_init_ctx = s;
    return true;
}

void tcg_register_thread(void)
{
    TCGContext *s;

    if (tcg_ctx) {
        return;
    }
    g_assert(tcg_init_ctx);
    s = g_new(TCGContext, 1);
    memcpy(s, tcg_init_ctx, sizeof(*s));
    tcg_context_alloc_tables(s);
    s->optimize = tcg_init_ctx->optimize;
    tcg_ctx = s;
}

void tcg_unregister_thread(void)
{
    TCGContext *s = tcg_ctx;

    if (!s || s == tcg_init_ctx) {
        return;
    }
    for (int t = 0; t < TCG_TYPE_COUNT; t++) {
        g_free(s->const_slots[t]);
    }
    g_ptr_array_unref(s->op_chunks);
    g_ptr_array_unref(s->label_chunks);
    g_ptr_array_unref(s->labels);
    g_ptr_array_unref(s->pool_chunks);
    g_free(s->gen_insn_end_off);
    g_free(s->gen_insn_data);
    g_free(s);
    tcg_ctx = NULL;
}

/* One setting for the process; each context picks it up per TB. */
static TCGGuestMem guest_mem_setting = { .mode = TCG_GUEST_MEM_USER };
static GMutex guest_mem_lock;

void tcg_set_guest_mem(const TCGGuestMem *gm)
{
    g_mutex_lock(&guest_mem_lock);
    guest_mem_setting = *gm;
    g_mutex_unlock(&guest_mem_lock);
    if (tcg_ctx) {
        tcg_ctx->guest_mem = *gm;
    }
}

const TCGGuestMem *tcg_guest_mem(void)
{
    return &guest_mem_setting;
}

void tcg_get_guest_mem(TCGGuestMem *gm)
{
    g_mutex_lock(&guest_mem_lock);
    *gm = guest_mem_setting;
    g_mutex_unlock(&guest_mem_lock);
}

/* ---- temps ---- */

/*
 * Take the lowest-numbered free temp of this kind and type, or NULL.
 * Lowest first, like a linear scan of the bitmap would: temp numbers
 * show in the op dump and pick stack slots.
 */
static TCGTemp *temp_take_free(TCGContext *s, int k, TCGType type)
{
    uint64_t *sum = &s->free_summary[k][type];
    uint64_t *word;
    int w, b;

    if (!*sum) {
        return NULL;
    }
    w = __builtin_ctzll(*sum);
    word = &s->free_temps[k][type][w];
    b = __builtin_ctzll(*word);
    *word &= *word - 1;
    if (!*word) {
        *sum &= ~(1ull << w);
    }
    return &s->temps[w * 64 + b];
}

/* A new temp at the end of the array (the spare one when full). */
static TCGTemp *temp_append(TCGContext *s, TCGType type, TCGTempKind kind)
{
    TCGTemp *ts;

    if (s->nb_temps >= TCG_MAX_TEMPS - 1) {
        /*
         * Out of temps: hand out the spare one; tcg_gen_code() then fails
         * with -2 and the TB is translated again with fewer insns.
         */
        s->temps_overflow = true;
        ts = &s->temps[TCG_MAX_TEMPS - 1];
    } else {
        ts = &s->temps[s->nb_temps++];
    }
    memset(ts, 0, sizeof(*ts));
    ts->type = type;
    ts->kind = kind;
    ts->allocated = true;
    return ts;
}

TCGTemp *tcg_temp_new_internal(TCGType type, TCGTempKind kind)
{
    TCGContext *s = tcg_ctx;
    TCGTemp *ts = temp_take_free(s, kind == TEMP_TB, type);

    if (ts) {
        ts->allocated = true;
        return ts;
    }
    return temp_append(s, type, kind);
}

void tcg_temp_free_internal(TCGTemp *ts)
{
    TCGContext *s = tcg_ctx;
    int idx = temp_idx(ts);
    int k, w;
    uint64_t bit;

    if (ts->kind != TEMP_EBB && ts->kind != TEMP_TB) {
        return;     /* globals and constants are never freed */
    }
    g_assert(ts->allocated);
    ts->allocated = false;
    k = ts->kind == TEMP_TB;
    w = idx / 64;
    bit = 1ull << (idx % 64);
    if (s->free_summary[k][ts->type] & (1ull << w)) {
        s->free_temps[k][ts->type][w] |= bit;
    } else {
        /* the word is stale: it starts afresh */
        s->free_temps[k][ts->type][w] = bit;
        s->free_summary[k][ts->type] |= 1ull << w;
    }
}

static uint32_t const_hash(int64_t val)
{
    return (uint32_t)(((uint64_t)val * 0x9e3779b97f4a7c15ull) >> 32);
}

/* Double the constant table of @type, keeping this TB's entries. */
static void const_table_grow(TCGContext *s, TCGType type)
{
    TCGConstSlot *old = s->const_slots[type];
    uint32_t old_n = s->const_mask[type] + 1, n = old_n * 2;
    TCGConstSlot *tab = g_new0(TCGConstSlot, n);

    for (uint32_t i = 0; i < old_n; i++) {
        if (old[i].gen == s->const_gen) {
            uint32_t h = const_hash(old[i].val) & (n - 1);
            while (tab[h].gen == s->const_gen) {
                h = (h + 1) & (n - 1);
            }
            tab[h] = old[i];
        }
    }
    g_free(old);
    s->const_slots[type] = tab;
    s->const_mask[type] = n - 1;
}

TCGTemp *tcg_constant_internal(TCGType type, int64_t val)
{
    TCGContext *s = tcg_ctx;
    TCGConstSlot *tab = s->const_slots[type];
    uint32_t mask = s->const_mask[type], gen = s->const_gen;
    uint32_t h;
    TCGTemp *ts;

    if (type == TCG_TYPE_I32) {
        val = (int32_t)val;
    }
    for (h = const_hash(val) & mask; tab[h].gen == gen; h = (h + 1) & mask) {
        if (tab[h].val == val) {
            return &s->temps[tab[h].idx];
        }
    }
    ts = temp_append(s, type, TEMP_CONST);
    ts->val = val;
    ts->val_type = TEMP_VAL_CONST;
    ts->cval = val;
    if (s->temps_overflow) {
        return ts;      /* the spare temp: the TB is translated again */
    }
    tab[h].val = val;
    tab[h].gen = gen;
    tab[h].idx = temp_idx(ts);
    /* at most half full, so probe sequences stay short */
    if (++s->const_count[type] * 2 > mask + 1) {
        const_table_grow(s, type);
    }
    return ts;
}

TCGTemp *tcg_global_mem_new_internal(TCGType type, TCGv_ptr base,
                                     intptr_t offset, const char *name)
{
    TCGContext *s = tcg_ctx;
    TCGTemp *ts;

    /* Globals must precede every per-TB temp: create them at start-up. */
    g_assert(s->nb_temps == s->nb_globals);
    g_assert(s->nb_temps < TCG_MAX_TEMPS);
    ts = &s->temps[s->nb_temps++];
    memset(ts, 0, sizeof(*ts));
    ts->type = type;
    ts->kind = TEMP_GLOBAL;
    ts->allocated = true;
    ts->mem_base = tcgv_ptr_temp(base);
    ts->mem_offset = offset;
    ts->mem_allocated = true;
    ts->name = name;
    ts->val_type = TEMP_VAL_MEM;
    ts->mem_coherent = true;
    s->nb_globals = s->nb_temps;
    return ts;
}

/* ---- the op list ---- */

void tcg_func_start(TCGContext *s)
{
    s->nb_temps = s->nb_globals;
    s->temps_overflow = false;
    memset(s->free_summary, 0, sizeof(s->free_summary));
    if (++s->const_gen == 0) {
        /* wrapped: old stamps could look current */
        for (int t = 0; t < TCG_TYPE_COUNT; t++) {
            memset(s->const_slots[t], 0,
                   sizeof(TCGConstSlot) * (s->const_mask[t] + 1));
        }
        s->const_gen = 1;
    }
    memset(s->const_count, 0, sizeof(s->const_count));
    s->first_op = s->last_op = NULL;
    s->op_next = s->op_limit = NULL;
    s->op_chunk = 0;
    s->nb_ops = 0;
    s->nb_labels = 0;
    if (s->labels->len) {
        g_ptr_array_set_size(s->labels, 0);
    }
    s->pool_chunk = 0;
    s->pool_cur = s->pool_end = NULL;
    s->nb_insns = 0;
    s->ldst_labels = NULL;
    tcg_get_guest_mem(&s->guest_mem);
}

TCGOp *tcg_op_next_chunk(TCGContext *s)
{
    TCGOp *chunk;

    if (s->op_chunk >= (int)s->op_chunks->len) {
        g_ptr_array_add(s->op_chunks, g_new(TCGOp, OP_CHUNK));
    }
    chunk = g_ptr_array_index(s->op_chunks, s->op_chunk);
    s->op_chunk++;
    s->op_limit = chunk + OP_CHUNK;
    return chunk;
}

void *tcg_malloc(size_t size)
{
    TCGContext *s = tcg_ctx;
    uint8_t *p;

    size = (size + 15) & ~(size_t)15;
    if (size > POOL_CHUNK / 4) {
        /* big: on its own, freed at the next TB */
        p = g_malloc(size);
        g_ptr_array_add(s->labels, p);
        return p;
    }
    if ((size_t)(s->pool_end - s->pool_cur) < size) {
        if (s->pool_chunk >= (int)s->pool_chunks->len) {
            g_ptr_array_add(s->pool_chunks, g_malloc(POOL_CHUNK));
        }
        s->pool_cur = g_ptr_array_index(s->pool_chunks, s->pool_chunk++);
        s->pool_end = s->pool_cur + POOL_CHUNK;
    }
    p = s->pool_cur;
    s->pool_cur += size;
    return p;
}

TCGOp *tcg_emit_op(TCGOpcode opc, TCGType type, unsigned nargs)
{
    g_assert(nargs <= TCG_MAX_OP_ARGS);
    return tcg_emit_op_in(tcg_ctx, opc, type);
}

TCGOp *tcg_op_insert_before(TCGContext *s, TCGOp *old, TCGOpcode opc,
                            TCGType type)
{
    TCGOp *op = tcg_op_alloc(s);

    op->opc = opc;
    op->type = type;
    op->next = old;
    op->prev = old->prev;
    if (old->prev) {
        old->prev->next = op;
    } else {
        s->first_op = op;
    }
    old->prev = op;
    return op;
}

void tcg_op_remove(TCGContext *s, TCGOp *op)
{
    if (op->prev) {
        op->prev->next = op->next;
    } else {
        s->first_op = op->next;
    }
    if (op->next) {
        op->next->prev = op->prev;
    } else {
        s->last_op = op->prev;
    }
}

int tcg_op_nargs(const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    if (op->opc == INDEX_op_call) {
        return op->callo + op->calli + def->nb_cargs;
    }
    return def->nb_oargs + def->nb_iargs + def->nb_cargs;
}

TCGLabel *gen_new_label(void)
{
    TCGContext *s = tcg_ctx;
    int chunk = s->nb_labels / LABEL_CHUNK;
    TCGLabel *l;

    if (chunk >= (int)s->label_chunks->len) {
        g_ptr_array_add(s->label_chunks, g_new(TCGLabel, LABEL_CHUNK));
    }
    l = (TCGLabel *)g_ptr_array_index(s->label_chunks, chunk) +
        s->nb_labels % LABEL_CHUNK;
    memset(l, 0, sizeof(*l));
    l->id = s->nb_labels++;
    return l;
}

void tcg_out_reloc(TCGContext *s, uint32_t at, TCGLabel *l)
{
    TCGRelocation *r;

    if (l->has_value) {
        tcg_patch_rel32(s, at, l->value);
        return;
    }
    r = tcg_malloc(sizeof(*r));
    r->offset = at;
    r->next = l->relocs;
    l->relocs = r;
}

void tcg_emit_label_here(TCGContext *s, TCGLabel *l)
{
    l->has_value = true;
    l->value = tcg_current_code_offset(s);
    for (TCGRelocation *r = l->relocs; r; r = r->next) {
        tcg_patch_rel32(s, r->offset, l->value);
    }
    l->relocs = NULL;
}

/* ---- dump ---- */

const char *tcg_cond_name(TCGCond c)
{
    static const char *const names[16] = {
        [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always",
        [TCG_COND_EQ] = "eq", [TCG_COND_NE] = "ne",
        [TCG_COND_LT] = "lt", [TCG_COND_GE] = "ge",
        [TCG_COND_LE] = "le", [TCG_COND_GT] = "gt",
        [TCG_COND_LTU] = "ltu", [TCG_COND_GEU] = "geu",
        [TCG_COND_LEU] = "leu", [TCG_COND_GTU] = "gtu",
    };
    return (unsigned)c < 16 && names[c] ? names[c] : "?";
}

static void dump_temp(TCGContext *s, TCGTemp *ts, FILE *f)
{
    switch (ts->kind) {
    case TEMP_CONST:
        fprintf(f, "$0x%" PRIx64, (uint64_t)(ts->type == TCG_TYPE_I32 ?
                (uint32_t)ts->val : ts->val));
        break;
    case TEMP_GLOBAL:
    case TEMP_FIXED:
        fputs(ts->name ? ts->name : "global", f);
        break;
    case TEMP_TB:
        fprintf(f, "loc%d", (int)(ts - s->temps) - s->nb_globals);
        break;
    default:
        fprintf(f, "tmp%d", (int)(ts - s->temps) - s->nb_globals);
        break;
    }
}

static void dump_carg(TCGOp *op, int i, int k, FILE *f)
{
    TCGArg a = op->args[i];

    switch (op->opc) {
    case INDEX_op_br:
    case INDEX_op_set_label:
        fprintf(f, "$L%d", arg_label(a)->id);
        return;
    case INDEX_op_brcond:
        if (k == 0) {
            fputs(tcg_cond_name((TCGCond)a), f);
        } else {
            fprintf(f, "$L%d", arg_label(a)->id);
        }
        return;
    case INDEX_op_setcond:
    case INDEX_op_negsetcond:
    case INDEX_op_movcond:
        fputs(tcg_cond_name((TCGCond)a), f);
        return;
    case INDEX_op_qemu_ld:
    case INDEX_op_qemu_st:
        fprintf(f, "memop=0x%x,idx=%u", get_memop((MemOpIdx)a),
                get_mmuidx((MemOpIdx)a));
        return;
    case INDEX_op_call:
        if (k == 1) {
            const TCGHelperInfo *info = (void *)(uintptr_t)a;
            fprintf(f, "%s,flags=0x%x", info->name ? info->name : "?",
                    info->flags);
        } else {
            fprintf(f, "%p", (void *)(uintptr_t)a);
        }
        return;
    default:
        fprintf(f, "$0x%" PRIx64, (uint64_t)a);
    }
}

void tcg_dump_ops(TCGContext *s, FILE *f)
{
    for (TCGOp *op = s->first_op; op; op = op->next) {
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int no = op->opc == INDEX_op_call ? op->callo : def->nb_oargs;
        int ni = op->opc == INDEX_op_call ? op->calli : def->nb_iargs;
        int i, k = 0;

        if (op->opc == INDEX_op_insn_start) {
            fprintf(f, "\n ---- %016" PRIx64 " %016" PRIx64 "\n",
                    (uint64_t)op->args[0], (uint64_t)op->args[1]);
            continue;
        }
        if (op->opc == INDEX_op_set_label) {
            fprintf(f, " set_label $L%d\n", arg_label(op->args[0])->id);
            continue;
        }
        fprintf(f, " %s%s ", def->name,
                op->opc == INDEX_op_call || def->nb_oargs + def->nb_iargs == 0
                ? "" : op->type == TCG_TYPE_I32 ? "_i32" : "_i64");
        for (i = 0; i < no + ni; i++) {
            if (k++) {
                fputc(',', f);
            }
            dump_temp(s, arg_temp(op->args[i]), f);
        }
        for (int c = 0; c < def->nb_cargs; c++, i++) {
            if (k++) {
                fputc(',', f);
            }
            dump_carg(op, i, c, f);
        }
        if (op->life & 0xffff) {
            fprintf(f, "  dead:");
            for (int b = 0; b < 16; b++) {
                if (op->life & DEAD_ARG(b)) {
                    fprintf(f, " %d", b);
                }
            }
        }
        if (op->life >> 16) {
            fprintf(f, "  sync:");
            for (int b = 0; b < 16; b++) {
                if (op->life & SYNC_ARG(b)) {
                    fprintf(f, " %d", b);
                }
            }
        }
        fputc('\n', f);
    }
}

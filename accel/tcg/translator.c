/*
 * The generic translator loop (see include/exec/translator.h).
 */
#include "qemu/osdep.h"
#include <sys/uio.h>
#include "qemu/log.h"
#include "exec/translator.h"
#include "disas/disas.h"
#include "internal.h"

bool translator_use_goto_tb(DisasContextBase *db, uint64_t dest)
{
    uint64_t mask = ~(((uint64_t)1 << tb_page_bits) - 1);

    if (db->singlestep_enabled || (db->tb->cflags & CF_NO_GOTO_TB)) {
        return false;
    }
    return tb_chain_across_pages || (dest & mask) == (db->pc_first & mask);
}

/*
 * Lookup stubs.  A TB that leaves through a computed address looks it up
 * in the CPU's jump cache; the probe (hash, load, compare the key, jump)
 * is ~30 host insns.  Inlined at every such exit it made the code ~half
 * again as large and its translation slower, so each TB mode (cs_base,
 * flags, cflags) gets one shared stub instead, generated through TCG like
 * a TB into the region's stub area; the TB just stores the pc where the
 * stub reads it and jumps there.  A miss calls the lookup helper.
 */
typedef struct LookupStub {
    uint64_t cs_base;
    uint32_t flags, cflags;
    const void *code;           /* rx; NULL if it did not fit */
} LookupStub;

#define MAX_LOOKUP_STUBS 64
static LookupStub lookup_stubs[MAX_LOOKUP_STUBS];
static int n_lookup_stubs;

static intptr_t cpu_env_offset(CPUState *cpu, const void *field)
{
    return (intptr_t)((const char *)field - (const char *)cpu->env_ptr);
}

/* the ops of a stub for TBs of @key's mode */
static void gen_lookup_stub(CPUState *cpu, const LookupStub *key)
{
    TCGLabel *miss = gen_new_label();
    TCGv_i64 pc = tcg_temp_new_i64(), h = tcg_temp_new_i64();
    TCGv_i64 t = tcg_temp_new_i64(), tb = tcg_temp_new_i64();

    tcg_gen_ld_i64(pc, tcg_env, cpu_env_offset(cpu, &cpu->tb_lookup_pc));
    /* h = tb_jmp_cache_hash(pc) * sizeof(TranslationBlock *) + env */
    tcg_gen_shri_i64(h, pc, 2);
    tcg_gen_shri_i64(t, pc, 12);
    tcg_gen_xor_i64(h, h, t);
    tcg_gen_shri_i64(t, pc, 22);
    tcg_gen_xor_i64(h, h, t);
    tcg_gen_andi_i64(h, h, TB_JMP_CACHE_SIZE - 1);
    tcg_gen_shli_i64(h, h, 3);
    tcg_gen_add_i64(h, h, (TCGv_i64)tcg_env);
    tcg_gen_ld_i64(tb, (TCGv_ptr)h, cpu_env_offset(cpu, cpu->tb_jmp_cache));
    tcg_gen_brcondi_i64(TCG_COND_EQ, tb, 0, miss);

    /* the same key tb_lookup() compares */
    tcg_gen_ld_i64(t, (TCGv_ptr)tb, offsetof(TranslationBlock, pc));
    tcg_gen_brcond_i64(TCG_COND_NE, t, pc, miss);
    tcg_gen_ld_i64(t, (TCGv_ptr)tb, offsetof(TranslationBlock, cs_base));
    tcg_gen_brcondi_i64(TCG_COND_NE, t, key->cs_base, miss);
    QEMU_BUILD_BUG_ON(offsetof(TranslationBlock, cflags) !=
                      offsetof(TranslationBlock, flags) + 4);
    tcg_gen_ld_i64(t, (TCGv_ptr)tb, offsetof(TranslationBlock, flags));
    tcg_gen_brcondi_i64(TCG_COND_NE, t,
                        (int64_t)((uint64_t)key->cflags << 32 | key->flags),
                        miss);
    tcg_gen_ld8u_i64(t, (TCGv_ptr)tb, offsetof(TranslationBlock, invalid));
    tcg_gen_brcondi_i64(TCG_COND_NE, t, 0, miss);
    tcg_gen_ld_i64(t, (TCGv_ptr)tb, offsetof(TranslationBlock, tc_ptr));
    tcg_gen_goto_ptr((TCGv_ptr)t);

    gen_set_label(miss);
    tcg_gen_lookup_and_goto_ptr();
}

/* Emit @key's stub into the stub area; NULL when the area is full. */
static const void *emit_lookup_stub(CPUState *cpu, const LookupStub *key)
{
    TCGContext *s = tcg_ctx;
    int size;

    tcg_func_start(s);
    gen_lookup_stub(cpu, key);
    s->code_ptr = tcg_region.rw + tcg_region.stubs_used;
    size = tcg_gen_code(s, tcg_region.rw + tcg_region.stubs_end);
    if (size < 0) {
        return NULL;
    }
    tcg_region.stubs_used = QEMU_ALIGN_UP(tcg_region.stubs_used + size, 64);
    if (qemu_loglevel_mask(CPU_LOG_TB_OUT_ASM)) {
        FILE *f = qemu_log_trylock();
        if (f) {
            fprintf(f, "LOOKUP STUB: [cs_base=0x%" PRIx64 " flags=0x%x "
                    "cflags=0x%x size=%d]\n", key->cs_base, key->flags,
                    key->cflags, size);
            disas_host_code(f, tcg_splitwx_to_rx(s->gen_start), size);
            fputc('\n', f);
            qemu_log_unlock(f);
        }
    }
    return tcg_splitwx_to_rx(s->gen_start);
}

/* May exits of @tb go through a stub (and not just the helper)? */
static bool lookup_stub_allowed(CPUState *cpu, const TranslationBlock *tb)
{
    return !cpu->singlestep_enabled && tb->cflags == 0 &&
           !qemu_loglevel_mask(CPU_LOG_EXEC | CPU_LOG_TB_NOCHAIN);
}

static LookupStub *find_lookup_stub(const TranslationBlock *tb)
{
    static __thread LookupStub *last;
    int n = __atomic_load_n(&n_lookup_stubs, __ATOMIC_ACQUIRE);

    if (last && last->cs_base == tb->cs_base && last->flags == tb->flags &&
        last->cflags == tb->cflags) {
        return last;
    }
    for (int i = 0; i < n; i++) {
        LookupStub *st = &lookup_stubs[i];
        if (st->cs_base == tb->cs_base && st->flags == tb->flags &&
            st->cflags == tb->cflags) {
            last = st;
            return st;
        }
    }
    return NULL;
}

void translator_prepare_lookup_stub(CPUState *cpu, const TranslationBlock *tb)
{
    LookupStub *st;

    if (!lookup_stub_allowed(cpu, tb) || find_lookup_stub(tb) ||
        n_lookup_stubs == MAX_LOOKUP_STUBS) {
        return;
    }
    st = &lookup_stubs[n_lookup_stubs];
    st->cs_base = tb->cs_base;
    st->flags = tb->flags;
    st->cflags = tb->cflags;
    st->code = emit_lookup_stub(cpu, st);
    /* readers search without tb_lock: publish the entry complete */
    __atomic_store_n(&n_lookup_stubs, n_lookup_stubs + 1, __ATOMIC_RELEASE);
}

void translator_lookup_and_goto_ptr(DisasContextBase *db, CPUState *cpu,
                                    TCGv_i64 pc)
{
    const LookupStub *st = NULL;

    if (!db->singlestep_enabled && lookup_stub_allowed(cpu, db->tb)) {
        st = find_lookup_stub(db->tb);
    }
    if (!st || !st->code) {
        /* the helper handles the special modes (and logs -d exec) */
        tcg_gen_lookup_and_goto_ptr();
        return;
    }
    tcg_gen_st_i64(pc, tcg_env, cpu_env_offset(cpu, &cpu->tb_lookup_pc));
    tcg_gen_goto_ptr(tcg_constant_ptr((intptr_t)st->code));
}

void translator_loop(CPUState *cpu, TranslationBlock *tb, int max_insns,
                     uint64_t pc, void *host_pc, const TranslatorOps *ops,
                     DisasContextBase *db)
{
    uint64_t mask = ~(((uint64_t)1 << tb_page_bits) - 1);
    TCGLabel *exit_label = gen_new_label();
    TCGv_i32 flag = tcg_temp_ebb_new_i32();

    db->tb = tb;
    db->pc_first = pc;
    db->pc_next = pc;
    db->is_jmp = DISAS_NEXT;
    db->num_insns = 0;
    db->max_insns = max_insns;
    db->hooked_page[0] = db->hooked_page[1] = (uint64_t)-1;
    db->singlestep_enabled = cpu->singlestep_enabled ||
                             (tb->cflags & CF_SINGLE_STEP);
    ops->init_disas_context(db, cpu);

    /* an exit request (interrupt, stop) makes the TB leave at once */
    tcg_gen_ld_i32(flag, tcg_env, (intptr_t)((char *)&cpu->exit_request -
                                             (char *)cpu->env_ptr));
    tcg_gen_brcondi_i32(TCG_COND_NE, flag, 0, exit_label);
    tcg_temp_free_i32(flag);

    ops->tb_start(db, cpu);
    for (;;) {
        db->num_insns++;
        ops->insn_start(db, cpu);
        ops->translate_insn(db, cpu);
        if (db->is_jmp != DISAS_NEXT) {
            break;
        }
        if (db->num_insns >= db->max_insns || db->singlestep_enabled ||
            (db->pc_next & mask) != (db->pc_first & mask)) {
            db->is_jmp = DISAS_TOO_MANY;
            break;
        }
    }
    ops->tb_stop(db, cpu);
    gen_set_label(exit_label);
    tcg_gen_exit_tb(tb, TB_EXIT_REQUESTED);

    tb->size = db->pc_next - db->pc_first;
    tb->icount = db->num_insns;

    if (qemu_loglevel_mask(CPU_LOG_TB_IN_ASM)) {
        FILE *f = qemu_log_trylock();
        if (f) {
            fprintf(f, "----------------\nIN: \n");
            if (ops->disas_log) {
                ops->disas_log(db, cpu, f);
            } else {
                g_autofree uint8_t *buf = g_malloc(tb->size + 1);
                for (uint32_t i = 0; i < tb->size; i++) {
                    buf[i] = translator_ldub(cpu, db, db->pc_first + i);
                }
                disas_hexdump(f, buf, tb->size, db->pc_first);
            }
            fputc('\n', f);
            qemu_log_unlock(f);
        }
    }
}

/*
 * User mode: a code page is write-protected (tb_code_page_hook) before
 * its bytes are read, not when the TB is registered: another thread's
 * store between the read and the registration would otherwise go unseen
 * and leave a stale TB.  The store now faults and waits for tb_lock.
 */
/*
 * First read of the page of @addr in this translation: check that it is
 * executable (raising the guest's fault if not) and write-protect it.
 */
static void user_protect_page(CPUState *cpu, DisasContextBase *db,
                              uint64_t addr)
{
    uint64_t page = addr & ~(((uint64_t)1 << tb_page_bits) - 1);

    if (page == db->hooked_page[0] || page == db->hooked_page[1]) {
        return;
    }
    if (tb_code_exec_check) {
        tb_code_exec_check(cpu, addr, true);
    }
    if (tb_code_page_hook) {
        tb_code_page_hook(page);
    }
    db->hooked_page[db->hooked_page[0] != (uint64_t)-1] = page;
}

static void user_protect_code(CPUState *cpu, DisasContextBase *db,
                              uint64_t pc, size_t len)
{
    uint64_t mask = ~(((uint64_t)1 << tb_page_bits) - 1);

    user_protect_page(cpu, db, pc);
    if (((pc + len - 1) & mask) != (pc & mask)) {
        user_protect_page(cpu, db, (pc + len - 1) & mask);
    }
}

static void code_read(CPUState *cpu, DisasContextBase *db, uint64_t pc,
                      void *buf, size_t len)
{
    if (cpu->tcg_ops->code_read) {
        cpu->tcg_ops->code_read(cpu, pc, buf, len);
    } else {
        user_protect_code(cpu, db, pc, len);
        memcpy(buf, (void *)(uintptr_t)(guest_base + pc), len);
    }
}

bool translator_code_readable(CPUState *cpu, uint64_t addr)
{
    uint8_t byte;
    struct iovec local = { &byte, 1 };
    struct iovec remote = { (void *)(uintptr_t)(guest_base + addr), 1 };

    if (cpu->tcg_ops->code_read) {
        return false;   /* system mode: the mapping may change under us */
    }
    /* a read that fails with EFAULT instead of a signal */
    return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == 1 &&
           (!tb_code_exec_check || tb_code_exec_check(cpu, addr, false));
}

uint8_t translator_ldub(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    uint8_t v;
    code_read(cpu, db, pc, &v, 1);
    return v;
}

uint16_t translator_lduw(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    uint16_t v;
    code_read(cpu, db, pc, &v, 2);
    return v;
}

uint32_t translator_ldl(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    uint32_t v;
    code_read(cpu, db, pc, &v, 4);
    return v;
}

uint64_t translator_ldq(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    uint64_t v;
    code_read(cpu, db, pc, &v, 8);
    return v;
}

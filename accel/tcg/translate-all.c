/*
 * Turning guest code into a TB: the frontend's translate hook fills the op
 * list, tcg_gen_code() emits host code into the code buffer, the TB is
 * registered in the cache.  Also: mapping a host pc back to the guest
 * state (cpu_restore_state) and the -d logs of a TB.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "tcg/tcg.h"
#include "exec/cpu-exec.h"
#include "exec/translator.h"
#include "disas/disas.h"
#include "exec/perfmap.h"
#include "internal.h"

void tb_register(TranslationBlock *tb);

#define TB_MIN_SPACE (256 * 1024)
#define TB_ALIGN 64     /* TB structs and code on their own cache lines */

static void log_ops(const char *title, uint64_t pc)
{
    FILE *f = qemu_log_trylock();

    if (f) {
        fprintf(f, "%s: [0x%016" PRIx64 "]\n", title, pc);
        tcg_dump_ops(tcg_ctx, f);
        fputc('\n', f);
        qemu_log_unlock(f);
    }
}

static void log_out_asm(const TranslationBlock *tb)
{
    FILE *f = qemu_log_trylock();

    if (f) {
        fprintf(f, "OUT: [size=%u]\n", tb->tc_size);
        disas_host_code(f, tb->tc_ptr, tb->tc_size);
        fputc('\n', f);
        qemu_log_unlock(f);
    }
}

/* Place a fresh TB at the start of the free code buffer. */
static TranslationBlock *tb_alloc(uint64_t pc, uint64_t cs_base,
                                  uint32_t flags, uint32_t cflags)
{
    TranslationBlock *tb;

    tcg_region.used = QEMU_ALIGN_UP(tcg_region.used, TB_ALIGN);
    tb = (TranslationBlock *)(tcg_region.rw + tcg_region.used);
    memset(tb, 0, sizeof(*tb));
    tb->pc = pc;
    tb->cs_base = cs_base;
    tb->flags = flags;
    tb->cflags = cflags;
    tcg_region.used += QEMU_ALIGN_UP(sizeof(*tb), TB_ALIGN);
    return tb;
}

/*
 * The search data of cpu_restore_state: per insn, the host end offset and
 * the insn_start words as differences to the previous insn's, each a
 * signed LEB128 number (mostly one byte each).
 */
static uint8_t *put_sleb128(uint8_t *p, int64_t v)
{
    for (;;) {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        if ((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40))) {
            *p++ = byte;
            return p;
        }
        *p++ = byte | 0x80;
    }
}

static const uint8_t *get_sleb128(const uint8_t *p, int64_t *v)
{
    uint64_t r = 0;
    unsigned shift = 0;
    uint8_t byte;

    do {
        byte = *p++;
        r |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
    } while (byte & 0x80);
    if (shift < 64 && (byte & 0x40)) {
        r |= ~(uint64_t)0 << shift;
    }
    *v = (int64_t)r;
    return p;
}

/* Append @s's insn data behind the code; false if the buffer is full. */
static bool tb_encode_search(TCGContext *s, TranslationBlock *tb)
{
    /* at most 10 bytes per number, 3 numbers per insn */
    size_t worst = (size_t)s->nb_insns * 30;
    uint8_t *p = tcg_region.rw + tcg_region.used;
    uint64_t prev[3] = { 0, tb->pc, 0 };

    if (tcg_region.size - tcg_region.used < worst) {
        return false;
    }
    tb->search_data = p;
    for (int i = 0; i < s->nb_insns; i++) {
        uint64_t cur[3] = { s->gen_insn_end_off[i], s->gen_insn_data[i][0],
                            s->gen_insn_data[i][1] };
        for (int j = 0; j < 3; j++) {
            p = put_sleb128(p, (int64_t)(cur[j] - prev[j]));
            prev[j] = cur[j];
        }
    }
    tb->n_insn_data = s->nb_insns;
    tcg_region.used = p - tcg_region.rw;
    return true;
}

static int max_insns_for(uint32_t cflags)
{
    int max_insns = cflags & CF_COUNT_MASK;

    if (max_insns == 0 || max_insns > TCG_MAX_INSNS) {
        max_insns = TCG_MAX_INSNS;
    }
    return cflags & CF_SINGLE_STEP ? 1 : max_insns;
}

/*
 * Translate into the code buffer; NULL if it ran full (the caller
 * flushes and retries).  Too much host code for one TB: retry with
 * fewer guest insns.
 */
static TranslationBlock *tb_translate(CPUState *cpu, uint64_t pc,
                                      uint64_t cs_base, uint32_t flags,
                                      uint32_t cflags)
{
    TCGContext *s = tcg_ctx;
    size_t start = tcg_region.used;
    int max_insns = max_insns_for(cflags);
    TranslationBlock *tb;
    int size;

    for (;;) {
        tcg_region.used = start;
        if (tcg_region.size - tcg_region.used < TB_MIN_SPACE) {
            return NULL;
        }
        tb = tb_alloc(pc, cs_base, flags, cflags);
        translator_prepare_lookup_stub(cpu, tb);
        tcg_func_start(s);
        cpu->tcg_ops->translate_code(cpu, tb, &max_insns, pc);
        if (qemu_loglevel_mask(CPU_LOG_TB_OP)) {
            log_ops("OP", pc);
        }
        s->code_ptr = tcg_region.rw + tcg_region.used;
        size = tcg_gen_code(s, tcg_region.rw + tcg_region.size);
        if (size == -1) {
            tcg_region.used = start;
            return NULL;
        }
        if (size >= 0) {
            break;
        }
        g_assert(max_insns > 1);
        max_insns = MAX(1, max_insns / 2);
    }
    tb->tc_ptr = tcg_splitwx_to_rx(s->gen_start);
    tb->tc_size = size;
    for (int i = 0; i < 2; i++) {
        tb->jmp_insn_offset[i] = s->jmp_insn_offset[i];
        tb->jmp_reset_offset[i] = s->jmp_reset_offset[i];
    }
    tcg_region.used += size;
    if (!tb_encode_search(s, tb)) {
        tcg_region.used = start;
        return NULL;
    }
    tcg_region_populate();
    return tb;
}

TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags)
{
    TranslationBlock *tb;

    /*
     * The host MXCSR holds the guest's while guest code runs; the
     * translator's own arithmetic (GLib, the optimizer) must not leave
     * exception flags in it that the guest would then see.
     */
    uint32_t guest_mxcsr = __builtin_ia32_stmxcsr();

    tcg_register_thread();
    tb_lock();
    /* another thread may have translated it meanwhile */
    tb = cpu_list_head && cpu_list_head->next
         ? tb_lookup(cpu, pc, cs_base, flags, cflags) : NULL;
    if (tb) {
        tb_unlock();
        return tb;
    }
    tb = tb_translate(cpu, pc, cs_base, flags, cflags);
    if (!tb) {
        tb_flush(cpu);
        tb = tb_translate(cpu, pc, cs_base, flags, cflags);
        g_assert(tb);   /* the buffer is far too small */
    }
    if (qemu_loglevel_mask(CPU_LOG_TB_OP_OPT)) {
        log_ops("OP after optimization and liveness analysis", pc);
    }
    tb_register(tb);
    perfmap_add_tb(tb);
    if (qemu_loglevel_mask(CPU_LOG_TB_OUT_ASM)) {
        log_out_asm(tb);
    }
    tb_unlock();
    __builtin_ia32_ldmxcsr(guest_mxcsr);
    return tb;
}

bool cpu_restore_state(CPUState *cpu, uintptr_t host_pc)
{
    TranslationBlock *tb = tcg_tb_lookup(host_pc);
    const uint8_t *p;
    uint64_t cur[3] = { 0, 0, 0 };
    uintptr_t off;

    if (!tb || !tb->n_insn_data) {
        return false;
    }
    /*
     * host_pc is a return address: the insn that made the call ends at
     * or after host_pc - 1.  The last insn is taken if none matches.
     */
    off = host_pc - 1 - (uintptr_t)tb->tc_ptr;
    p = tb->search_data;
    cur[1] = tb->pc;
    for (int n = 0; n < tb->n_insn_data; n++) {
        for (int j = 0; j < 3; j++) {
            int64_t d;
            p = get_sleb128(p, &d);
            cur[j] += (uint64_t)d;
        }
        if (cur[0] > off) {
            break;
        }
    }
    if (cpu->tcg_ops->restore_state_to_opc) {
        uint64_t data[2] = { cur[1], cur[2] };
        cpu->tcg_ops->restore_state_to_opc(cpu, tb, data);
    }
    return true;
}

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
#include "internal.h"

void tb_register(TranslationBlock *tb);

#define TB_MIN_SPACE (256 * 1024)

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

TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags)
{
    TCGContext *s;
    TranslationBlock *tb, key = { .pc = pc, .cs_base = cs_base,
                                  .flags = flags, .cflags = cflags };
    int max_insns, size = -1;
    bool flushed = false;

    /*
     * The host MXCSR holds the guest's while guest code runs; the
     * translator's own arithmetic (GLib, the optimizer) must not leave
     * exception flags in it that the guest would then see.
     */
    uint32_t guest_mxcsr = __builtin_ia32_stmxcsr();

    tcg_register_thread();
    s = tcg_ctx;
    tb_lock();
    tb = tb_lookup(cpu, pc, cs_base, flags, cflags);
    if (tb) {
        /* another thread translated it meanwhile */
        tb_unlock();
        return tb;
    }
    (void)key;
    tb = g_new0(TranslationBlock, 1);
    tb->pc = pc;
    tb->cs_base = cs_base;
    tb->flags = flags;
    tb->cflags = cflags;
    max_insns = cflags & CF_COUNT_MASK;
    if (max_insns == 0 || max_insns > TCG_MAX_INSNS) {
        max_insns = TCG_MAX_INSNS;
    }
    if (cflags & CF_SINGLE_STEP) {
        max_insns = 1;
    }

    for (;;) {
        if (tcg_region.size - tcg_region.used < TB_MIN_SPACE) {
            g_assert(!flushed);     /* the buffer is far too small */
            tb_flush(cpu);
            flushed = true;
        }
        tcg_func_start(s);
        cpu->tcg_ops->translate_code(cpu, tb, &max_insns, pc);
        if (qemu_loglevel_mask(CPU_LOG_TB_OP)) {
            log_ops("OP", pc);
        }
        s->code_ptr = tcg_region.rw + tcg_region.used;
        size = tcg_gen_code(s, tcg_region.rw + tcg_region.size);
        if (size >= 0) {
            break;
        }
        if (size == -1 && !flushed) {
            tb_flush(cpu);
            flushed = true;
            continue;
        }
        /* too much code for one TB: try again with fewer insns */
        g_assert(max_insns > 1);
        max_insns = MAX(1, max_insns / 2);
    }
    if (qemu_loglevel_mask(CPU_LOG_TB_OP_OPT)) {
        log_ops("OP after optimization and liveness analysis", pc);
    }

    tb->tc_ptr = tcg_splitwx_to_rx(s->gen_start);
    tb->tc_size = size;
    for (int i = 0; i < 2; i++) {
        tb->jmp_insn_offset[i] = s->jmp_insn_offset[i];
        tb->jmp_reset_offset[i] = s->jmp_reset_offset[i];
    }
    tb->insn_end_off = g_memdup2(s->gen_insn_end_off,
                                 sizeof(uint16_t) * s->nb_insns);
    tb->insn_data = g_memdup2(s->gen_insn_data,
                              sizeof(*s->gen_insn_data) * s->nb_insns);
    tb->n_insn_data = s->nb_insns;
    tcg_region.used = QEMU_ALIGN_UP(tcg_region.used + size, 16);
    tb_register(tb);
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
    uintptr_t off;
    int n = 0;

    if (!tb || !tb->n_insn_data) {
        return false;
    }
    /*
     * host_pc is a return address: the insn that made the call ends at
     * or after host_pc - 1.
     */
    off = host_pc - 1 - (uintptr_t)tb->tc_ptr;
    while (n < tb->n_insn_data - 1 && tb->insn_end_off[n] <= off) {
        n++;
    }
    if (cpu->tcg_ops->restore_state_to_opc) {
        cpu->tcg_ops->restore_state_to_opc(cpu, tb, tb->insn_data[n]);
    }
    return true;
}

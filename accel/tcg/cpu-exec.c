/*
 * The execution loop: find or translate the TB for the current guest
 * state, chain it to the previous one, run it; return to the caller on a
 * guest exception or an exit request.  Helpers unwind to here with
 * siglongjmp (cpu_loop_exit).
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "tcg/tcg.h"
#include "tcg/tcg-op.h"
#include "exec/cpu-exec.h"
#include "internal.h"

__thread CPUState *current_cpu;
uintptr_t guest_base;

static const void *helper_lookup_tb_ptr(void *env);
static const TCGHelperInfo lookup_tb_info = {
    .func = (void *)helper_lookup_tb_ptr, .name = "lookup_tb_ptr",
    .flags = TCG_CALL_NO_WG,
};

static void log_exec(CPUState *cpu, const TranslationBlock *tb)
{
    if (qemu_loglevel_mask(CPU_LOG_EXEC)) {
        qemu_log("Trace %d: %p [%016" PRIx64 "/%016" PRIx64 "/%08x/%08x]\n",
                 cpu->cpu_index, tb->tc_ptr, tb->cs_base, tb->pc, tb->flags,
                 tb->cflags);
    }
}

bool tcg_exec_init(size_t code_size, Error **errp)
{
    if (!tcg_init(code_size, errp)) {
        return false;
    }
    tcg_set_lookup_tb_helper(&lookup_tb_info);
    return true;
}

static void user_unaligned_access(void *env, uint64_t addr, MemOpIdx oi,
                                  uintptr_t retaddr)
{
    CPUState *cpu = current_cpu;
    bool store = oi >> 31;

    if (cpu->tcg_ops->do_unaligned_access) {
        cpu->tcg_ops->do_unaligned_access(cpu, addr, store ? 1 : 0,
                                          get_mmuidx(oi & ~(1u << 31)),
                                          retaddr);
    }
}

void tcg_exec_set_user_mode(uintptr_t base)
{
    TCGGuestMem gm = { .mode = TCG_GUEST_MEM_USER, .guest_base = base,
                       .unaligned = user_unaligned_access };

    guest_base = base;
    tcg_set_guest_mem(&gm);
}

void cpu_exec_realizefn(CPUState *cpu)
{
    cpu->exception_index = -1;
    cpu->cflags_next_tb = (uint32_t)-1;
    memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache));
    tb_lock();
    cpu->next = cpu_list_head;
    cpu_list_head = cpu;
    tb_unlock();
}

void cpu_exec_unrealizefn(CPUState *cpu)
{
    tb_lock();
    for (CPUState **p = &cpu_list_head; *p; p = &(*p)->next) {
        if (*p == cpu) {
            *p = cpu->next;
            break;
        }
    }
    tb_unlock();
}

void cpu_exit(CPUState *cpu)
{
    __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_RELEASE);
}

void cpu_loop_exit(CPUState *cpu)
{
    siglongjmp(cpu->jmp_env, 1);
}

void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr)
{
    if (retaddr) {
        cpu_restore_state(cpu, retaddr);
    }
    cpu_loop_exit(cpu);
}

void cpu_loop_exit_noexc(CPUState *cpu)
{
    cpu->exception_index = -1;
    cpu_loop_exit(cpu);
}

static uint32_t curr_cflags(CPUState *cpu)
{
    return cpu->singlestep_enabled ? (1 | CF_SINGLE_STEP) : 0;
}

/* lookup_and_goto_ptr: the next TB's code, or the epilogue on a miss */
static const void *helper_lookup_tb_ptr(void *env)
{
    CPUState *cpu = current_cpu;
    TranslationBlock *tb;
    uint64_t pc, cs_base;
    uint32_t flags;

    cpu->tcg_ops->get_tb_cpu_state(cpu, &pc, &cs_base, &flags);
    tb = tb_lookup(cpu, pc, cs_base, flags, curr_cflags(cpu));
    if (!tb) {
        return tcg_ctx->code_gen_epilogue;
    }
    log_exec(cpu, tb);
    return tb->tc_ptr;
}

static int cpu_exec_loop(CPUState *cpu)
{
    TranslationBlock *last_tb = NULL;
    unsigned last_gen = 0;
    int tb_exit = 0;

    /*
     * The exec lock is held from here to the return (dropped only around
     * translation), not taken again per TB: one shared-lock round trip
     * per guest syscall or exit instead of one per unchained TB.  A
     * tb_flush elsewhere kicks this CPU (cpu_exit), which returns.
     */
    tb_exec_lock();
    for (;;) {
        TranslationBlock *tb;
        uint64_t pc, cs_base;
        uint32_t flags, cflags;
        uintptr_t ret;

        if (cpu->exception_index >= 0) {
            int e = cpu->exception_index;
            cpu->exception_index = -1;
            tb_exec_unlock();
            return e;
        }
        if (__atomic_load_n(&cpu->exit_request, __ATOMIC_ACQUIRE)) {
            __atomic_store_n(&cpu->exit_request, 0, __ATOMIC_RELAXED);
            tb_exec_unlock();
            return EXCP_INTERRUPT;
        }
        if (cpu->interrupt_request && cpu->tcg_ops->cpu_exec_interrupt) {
            bool taken;

            /* device code may wait for a thread that waits to flush */
            tb_exec_unlock();
            taken = cpu->tcg_ops->cpu_exec_interrupt(cpu,
                                                     cpu->interrupt_request);
            tb_exec_lock();
            if (taken) {
                last_tb = NULL;
                continue;
            }
        }
        cpu->tcg_ops->get_tb_cpu_state(cpu, &pc, &cs_base, &flags);
        if (cpu->cflags_next_tb != (uint32_t)-1) {
            cflags = cpu->cflags_next_tb;
            cpu->cflags_next_tb = (uint32_t)-1;
        } else {
            cflags = curr_cflags(cpu);
        }

        /*
         * From the lookup to the end of the TB's exit handling the TB
         * cannot be freed: tb_flush waits for the exec lock.
         */
        tb = tb_lookup(cpu, pc, cs_base, flags, cflags);
        if (!tb) {
            tb_exec_unlock();
            /* translation may flush, which needs the exec lock free */
            tb_gen_code(cpu, pc, cs_base, flags, cflags);
            if (cflags != curr_cflags(cpu)) {
                cpu->cflags_next_tb = cflags;
            }
            tb_exec_lock();
            /* a flush meanwhile freed last_tb: last_gen says so */
            continue;
        }
        if (last_tb && tb_exit < 2 && last_gen == tb_flush_count &&
            !qemu_loglevel_mask(CPU_LOG_TB_NOCHAIN) &&
            !(cflags & CF_NO_GOTO_TB)) {
            tb_add_jump(last_tb, tb_exit, tb);
        }
        log_exec(cpu, tb);

        cpu->running = true;
        ret = tcg_qemu_tb_exec(cpu->env_ptr, tb->tc_ptr);
        cpu->running = false;

        last_tb = (TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
        last_gen = tb_flush_count;
        tb_exit = ret & TB_EXIT_MASK;
        if (last_tb && tb_exit == TB_EXIT_REQUESTED) {
            if (cpu->tcg_ops->synchronize_from_tb) {
                cpu->tcg_ops->synchronize_from_tb(cpu, last_tb);
            }
            last_tb = NULL;
        }
    }
}

int cpu_exec(CPUState *cpu)
{
    current_cpu = cpu;
    tcg_register_thread();
    if (sigsetjmp(cpu->jmp_env, 0) != 0) {
        /* unwound from a helper or from translation */
        current_cpu = cpu;
        tb_lock_reset();
        tb_exec_lock_reset();
    }
    return cpu_exec_loop(cpu);
}

/*
 * Shared state of accel/tcg/ (not for other subsystems).
 */
#ifndef ACCEL_TCG_INTERNAL_H
#define ACCEL_TCG_INTERNAL_H

#include "exec/cpu-exec.h"

/* tb_lock()/tb_unlock(): see exec/cpu-exec.h */
/* Drop tb_lock if this thread holds it (after a siglongjmp). */
void tb_lock_reset(void);

/* Held (shared) while a thread runs generated code; tb_flush takes it
 * exclusively so no thread is inside the code it throws away. */
void tb_exec_lock(void);
void tb_exec_unlock(void);
void tb_exec_lock_reset(void);
/* (exec-lock.c) how often this thread holds it */
int tb_exec_lock_depth(void);
/* tb_flush: wait until no other thread holds it; hold it alone */
void tb_exec_lock_exclusive(void);
void tb_exec_unlock_exclusive(void);
/* a forked child: only this thread is left */
void tb_exec_lock_fork_child(void);

extern unsigned tb_page_bits;
extern unsigned tb_flush_count;
extern CPUState *cpu_list_head;

static inline unsigned tb_jmp_cache_hash(uint64_t pc)
{
    return (unsigned)((pc >> 2) ^ (pc >> 12) ^ (pc >> 22)) &
           (TB_JMP_CACHE_SIZE - 1);
}

/* softmmu: make writes to the code page @addr trap (cputlb.c) */
void tlb_protect_code(uint64_t page_addr);

/* logging of a fresh TB (translate-all.c) */
void tb_log_out_asm(const TranslationBlock *tb);

#endif

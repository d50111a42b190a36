/*
 * The frontend interface of the translator: a target implements
 * TranslatorOps and calls translator_loop() from its translate hook.
 */
#ifndef EXEC_TRANSLATOR_H
#define EXEC_TRANSLATOR_H

#include "exec/translation-block.h"
#include "exec/cpu-exec.h"
#include "tcg/tcg-op.h"

/* How translation of the current insn ended. */
typedef enum DisasJumpType {
    DISAS_NEXT,             /* go on with the next insn */
    DISAS_TOO_MANY,         /* TB full: the loop stops, tb_stop chains */
    DISAS_NORETURN,         /* the insn left the TB itself */
    DISAS_TARGET_0,         /* frontend-defined values from here */
    DISAS_TARGET_1,
    DISAS_TARGET_2,
    DISAS_TARGET_3,
    DISAS_TARGET_4,
    DISAS_TARGET_5,
} DisasJumpType;

typedef struct DisasContextBase {
    TranslationBlock *tb;
    uint64_t pc_first;      /* guest pc of the TB */
    uint64_t pc_next;       /* guest pc of the next insn */
    DisasJumpType is_jmp;
    int num_insns;
    int max_insns;
    bool singlestep_enabled;
    void *host_addr[2];     /* unused; kept for QEMU source compatibility */
    /*
     * User mode: the code pages this translation already checked and
     * passed to tb_code_page_hook (-1: none).  Once per page is enough: a
     * store that unprotects the page later invalidates the TB under
     * tb_lock, after it is registered; so does an mprotect.
     */
    uint64_t hooked_page[2];
} DisasContextBase;

typedef struct TranslatorOps {
    void (*init_disas_context)(DisasContextBase *db, CPUState *cpu);
    void (*tb_start)(DisasContextBase *db, CPUState *cpu);
    void (*insn_start)(DisasContextBase *db, CPUState *cpu);
    void (*translate_insn)(DisasContextBase *db, CPUState *cpu);
    void (*tb_stop)(DisasContextBase *db, CPUState *cpu);
    /* print the guest code of the TB ("-d in_asm"); may be NULL */
    void (*disas_log)(const DisasContextBase *db, CPUState *cpu, FILE *f);
} TranslatorOps;

/*
 * Translate one TB: emits the exit-request check, then calls the hooks
 * insn by insn until translate_insn sets is_jmp, max_insns is reached or
 * the next insn would start on another guest page.
 */
void translator_loop(CPUState *cpu, TranslationBlock *tb, int max_insns,
                     uint64_t pc, void *host_pc, const TranslatorOps *ops,
                     DisasContextBase *db);

/*
 * May the TB jump to @dest with a chained goto_tb?  (Not under
 * -singlestep; same page unless tb_chain_across_pages.)
 */
bool translator_use_goto_tb(DisasContextBase *db, uint64_t dest);

/*
 * Called under tb_lock before @tb is translated (tcg_ctx is not in use):
 * make the lookup stub of @tb's mode, if it may have one and has none.
 */
void translator_prepare_lookup_stub(CPUState *cpu,
                                    const TranslationBlock *tb);
/*
 * Jump to the TB of guest address @pc (already written to the CPU state's
 * pc): the lookup stub of the TB's mode probes the CPU's jump cache for
 * a valid TB with this pc and the cs_base/flags/cflags of the TB being
 * translated, else the helper looks it up (tcg_gen_lookup_and_goto_ptr).
 * Only for jumps that leave cs_base and the TB flags unchanged.  Ends the
 * TB.
 */
void translator_lookup_and_goto_ptr(DisasContextBase *db, CPUState *cpu,
                                    TCGv_i64 pc);

/*
 * May a TB go on reading code at @addr on another page than it started
 * on?  In user mode when the page is readable and executable now: should
 * that change later, the munmap/mprotect invalidates the TB (it is
 * registered on both pages).
 */
bool translator_code_readable(CPUState *cpu, uint64_t addr);

/* Guest code fetch for the frontend (through TCGCPUOps.code_read). */
uint8_t translator_ldub(CPUState *cpu, DisasContextBase *db, uint64_t pc);
uint16_t translator_lduw(CPUState *cpu, DisasContextBase *db, uint64_t pc);
uint32_t translator_ldl(CPUState *cpu, DisasContextBase *db, uint64_t pc);
uint64_t translator_ldq(CPUState *cpu, DisasContextBase *db, uint64_t pc);

#endif

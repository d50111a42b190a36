/*
 * Shared between the parts of the x86 translator (translate.c, the SSE
 * and x87 decoders): the decoding context and the operand helpers.
 */
#ifndef TARGET_I386_TRANSLATE_H
#define TARGET_I386_TRANSLATE_H

#include <setjmp.h>
#include "exec/translator.h"
#include "tcg/tcg-op.h"
#include "cpu.h"

#define DISAS_EOB_NEXT DISAS_TARGET_0   /* end the TB, go on at pc_next */

/*
 * Out-of-line code of an insn, emitted after the TB's last insn: DIV/IDIV
 * operands the inline division does not handle (a quotient wider than
 * 64 bits, #DE).  It runs the insn in a helper and leaves the TB.
 */
typedef struct X86SlowPath {
    TCGLabel *label;
    TCGv_i64 divisor;
    int sign_ot;            /* MemOp size | 4 for IDIV */
    uint64_t insn_pc, next_pc;
    int cc_op;              /* DisasContext.cc_op(_dirty) at the branch */
    bool cc_op_dirty;
} X86SlowPath;

#define X86_MAX_SLOW_PATHS 8

typedef struct DisasContext {
    DisasContextBase base;
    CPUState *cs;
    CPUX86State *env;
    uint64_t insn_pc;       /* start of the current insn */
    uint64_t pc;            /* decode position */
    int prefix;             /* PREFIX_* */
    int override;           /* segment override or -1 */
    bool has_rex;
    int rex_w, rex_r, rex_x, rex_b;   /* r/x/b pre-shifted to 8 */
    bool vex;
    int vex_l, vex_v;
    MemOp dflag, aflag;
    int cc_op;
    bool cc_op_dirty;
    int mem_index;
    sigjmp_buf jmpbuf;
    /* to take back a partly translated insn (see x86_fetch_check) */
    TCGOp *insn_prev_op;
    int insn_cc_op;
    bool insn_cc_op_dirty;
    X86SlowPath slow[X86_MAX_SLOW_PATHS];
    int nb_slow, insn_nb_slow;
} DisasContext;

#define PREFIX_REPZ   1
#define PREFIX_REPNZ  2
#define PREFIX_LOCK   4
#define PREFIX_DATA   8
#define PREFIX_ADR    16

/* the guest pc being decoded, -1 outside translation (fault reporting) */
extern __thread uint64_t x86_translating_pc;

uint8_t x86_ldub_code(DisasContext *s);
uint8_t x86_peek_code(DisasContext *s);
uint16_t x86_lduw_code(DisasContext *s);
uint32_t x86_ldl_code(DisasContext *s);

void gen_call(const TCGHelperInfo *info, TCGv_i64 ret, int n, ...);
void gen_update_cc_op(DisasContext *s);
void set_cc_op(DisasContext *s, int op);
void gen_compute_eflags(DisasContext *s);
TCGv_i64 gen_cond(DisasContext *s, int b);
TCGv_i64 gen_ext(MemOp ot, TCGv_i64 src, bool sign);
TCGv_i64 cpu_reg(int reg);
void gen_op_mov_v_reg(DisasContext *s, MemOp ot, TCGv_i64 t, int reg);
void gen_op_mov_reg_v(DisasContext *s, MemOp ot, int reg, TCGv_i64 t);
void gen_op_ld_v(DisasContext *s, MemOp ot, TCGv_i64 t, TCGv_i64 a0);
void gen_op_st_v(DisasContext *s, MemOp ot, TCGv_i64 t, TCGv_i64 a0);
TCGv_i64 gen_lea_modrm_noseg(DisasContext *s, int modrm, int rip_off,
                             int *def_seg);
TCGv_i64 gen_lea_modrm(DisasContext *s, int modrm, int rip_off);
TCGv_i64 gen_ld_modrm(DisasContext *s, int modrm, MemOp ot, int rip_off,
                      TCGv_i64 *a0);
void gen_st_modrm(DisasContext *s, int modrm, MemOp ot, TCGv_i64 a0,
                  TCGv_i64 t);
void gen_st_modrm_or_reg(DisasContext *s, MemOp ot, TCGv_i64 a0, int d,
                         TCGv_i64 v);
void gen_illegal_opcode(DisasContext *s);
void gen_exception_in_branch(DisasContext *s, int intno);
void gen_set_cc_eflags(DisasContext *s, TCGv_i64 flags);

/* sse-translate.c: 0F xx SSE/MMX opcodes; false = not decodable */
bool x86_sse_gen_0f(DisasContext *s, int b);
/* fpu-translate.c: D8..DF */
bool x86_fpu_gen(DisasContext *s, int b);
/* FWAIT: #MF if an unmasked x87 exception is pending (fpu-translate.c) */
void x86_fpu_gen_wait(DisasContext *s);

#endif

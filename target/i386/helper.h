/*
 * Helpers called from translated code.  Each has a TCGHelperInfo
 * (helper_info_<name>) defined in translate.c with its call flags.
 * Helpers that touch guest memory directly bracket the access with
 * set_helper_retaddr()/clear_helper_retaddr() so a host fault there is
 * mapped back to the guest instruction (linux-user's SIGSEGV handler).
 */
#ifndef TARGET_I386_HELPER_H
#define TARGET_I386_HELPER_H

#include "cpu.h"

extern __thread uintptr_t helper_retaddr;

static inline void set_helper_retaddr(uintptr_t ra)
{
    helper_retaddr = ra;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

static inline void clear_helper_retaddr(void)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    helper_retaddr = 0;
}

static inline void *g2h(uint64_t addr)
{
    return (void *)(uintptr_t)(guest_base + addr);
}

/*
 * Lazy-flags states beyond cpu.h's CCOp list, made by the translator for
 * ROL/ROR by an immediate: CC_OP_ROT(op, right, ot) is the flags of @op
 * (any op but DYNAMIC, EFLAGS, ADC and SBB, which use cc_src2 themselves)
 * with CF and OF those of a ROL (right = 0) or ROR (right = 1) of size
 * @ot whose result is cc_src2.  The rotate keeps its predecessor's
 * cc_dst/cc_src, so SF/ZF/AF/PF stay lazy, and stores its result as is.
 */
#define CC_OP_ROT(op, right, ot) (CC_OP_NB + (op) * 8 + (right) * 4 + (ot))
#define CC_OP_IS_ROT(op)    ((op) >= CC_OP_NB && (op) < 9 * CC_OP_NB)
#define CC_OP_ROT_BASE(op)  (((op) - CC_OP_NB) >> 3)
#define CC_OP_ROT_RIGHT(op) ((((op) - CC_OP_NB) >> 2) & 1)
#define CC_OP_ROT_SIZE(op)  (((op) - CC_OP_NB) & 3)

/* string op descriptor bits (translate.c packs, helper.c unpacks) */
#define STR_OT_MASK     3       /* MemOp size */
#define STR_A32         4       /* 32-bit address size */
#define STR_REPZ        8
#define STR_REPNZ       16
#define STR_SEG_SHIFT   5       /* segment of the source + 1 (0 = DS) */

void helper_raise_exception(CPUX86State *env, uint64_t intno);
void helper_syscall(CPUX86State *env, uint64_t next_eip);
uint64_t helper_cc_compute_all(uint64_t dst, uint64_t src, uint64_t src2,
                               uint64_t op);
uint64_t helper_cc_compute_c(uint64_t dst, uint64_t src, uint64_t src2,
                             uint64_t op);
uint64_t helper_read_eflags(CPUX86State *env);
void helper_write_eflags(CPUX86State *env, uint64_t val, uint64_t mask);
void helper_div(CPUX86State *env, uint64_t divisor, uint64_t ot);
void helper_idiv(CPUX86State *env, uint64_t divisor, uint64_t ot);
uint64_t helper_rotate(CPUX86State *env, uint64_t val, uint64_t count,
                       uint64_t op_ot);
uint64_t helper_shld(CPUX86State *env, uint64_t dst, uint64_t src,
                     uint64_t count_ot_right);
void helper_cpuid(CPUX86State *env);
void helper_rdtsc(CPUX86State *env);
void helper_string(CPUX86State *env, uint64_t op, uint64_t desc);
void helper_cmpxchg8b(CPUX86State *env, uint64_t addr);
void helper_cmpxchg16b(CPUX86State *env, uint64_t addr);
uint64_t helper_pdep(uint64_t src, uint64_t mask);
uint64_t helper_atomic_rmw(CPUX86State *env, uint64_t addr, uint64_t val,
                           uint64_t op_ot);
uint64_t helper_atomic_cmpxchg(CPUX86State *env, uint64_t addr,
                               uint64_t expected, uint64_t nv, uint64_t ot);
uint64_t helper_pext(uint64_t src, uint64_t mask);
void helper_div_slow(CPUX86State *env, uint64_t divisor, uint64_t sign_ot);

/* sse_helper.c */
void x86_sse_gen(void *dc, int b, int prefix);

#endif

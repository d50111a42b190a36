/*
 * SSE operation keys shared by the SSE decoder and its helper: an
 * opcode byte with its mandatory prefix and escape:
 *   key = escape << 12 | prefix << 8 | opcode
 * escape: 0 = 0F xx, 1 = 0F 38 xx, 2 = 0F 3A xx;
 * prefix: 0 none, 1 = 66, 2 = F3, 3 = F2.
 */
#ifndef TARGET_I386_SSE_H
#define TARGET_I386_SSE_H

#define SSE_KEY(esc, pfx, op) ((esc) << 12 | (pfx) << 8 | (op))
#define XMM_SCRATCH 16      /* env->xmm_regs[16]: a memory operand */
#define XMM_SCRATCH2 17     /* a second scratch (MMX destinations) */

/*
 * The generic SSE helper: xmm[d] = op(xmm[d], xmm[s], imm).  Returns a
 * value for ops whose result goes to a general register or EFLAGS.
 * Touches no TCG global (xmm registers and MXCSR are not globals).
 */
uint64_t helper_sse(CPUX86State *env, uint64_t key, uint64_t d, uint64_t s,
                    uint64_t imm);
/* helper_sse / helper_sse_imm raising #XM for an unmasked exception */
uint64_t helper_sse_checked(CPUX86State *env, uint64_t key, uint64_t d,
                            uint64_t s, uint64_t imm);
void helper_sse_imm_checked(CPUX86State *env, uint64_t op_imm, uint64_t d,
                            uint64_t s);
void helper_fxsave(CPUX86State *env, uint64_t addr);
void helper_fxrstor(CPUX86State *env, uint64_t addr);
void helper_ldmxcsr(CPUX86State *env, uint64_t val);
uint64_t helper_stmxcsr(CPUX86State *env);

typedef struct SSEFastOp {
    int key;
    void (*fn)(XMMReg *d, const XMMReg *s);
    const char *name;
} SSEFastOp;
/* terminated by an entry with fn == NULL */
extern const SSEFastOp sse_fast_ops[];
uint64_t helper_pmovmskb(const XMMReg *s);
uint64_t helper_pcmpstr(CPUX86State *env, uint64_t kind_imm, uint64_t d,
                        uint64_t s, uint64_t lens);
uint64_t helper_crc32(uint64_t crc, uint64_t v, uint64_t size);
void helper_sse_imm(CPUX86State *env, uint64_t op_imm, uint64_t d,
                    uint64_t s);
void helper_maskmov(CPUX86State *env, uint64_t d, uint64_t s, uint64_t addr);

#endif

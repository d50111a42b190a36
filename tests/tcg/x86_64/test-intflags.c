/*
 * Lazy flags across instruction pairs and DIV/IDIV with edge operands.
 *
 * The translator keeps the flags of ROL/ROR lazy on top of the
 * instruction before (only CF and OF change), and divides inline with a
 * slow path for wide dividends and #DE; these cases check the flags a
 * rotate keeps from each kind of producer, every condition read after a
 * rotate, rotates by CL with counts around the operand size, and each
 * division form including its faults (registers, flags and si_code seen
 * by the SIGFPE handler).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <signal.h>
#include <setjmp.h>
#include <string.h>
#include <ucontext.h>

#include "eflags.h"

static const uint64_t vals[] = {
    0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x12345,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
    0x123456789abcdefull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0xffffffffffffffffull, 0xfedcba9876543210ull, 0xaaaaaaaaaaaaaaaaull,
};
#define NV (sizeof(vals) / sizeof(vals[0]))

/*
 * "producer; rotate $n": the rotate's result and CF, OF (count 1 only:
 * other counts leave OF undefined), and the producer's flags in @keep
 * (those it defines) which the rotate must not change.  The producer
 * works on %0 (and %3), the rotate on %1.
 */
#define ROT_IMM(name, prod, rot, n, sfx, reg, type, keep) \
static void t_##name(void) \
{ \
    for (unsigned i = 0; i < NV; i++) { \
        for (unsigned j = 0; j < NV; j += 3) { \
            type d = (type)vals[i], s = (type)vals[j]; \
            type r = (type)vals[(i + j) % NV]; \
            uint64_t f, m = (keep) | CF | ((n) == 1 ? OF : 0); \
            __asm__(prod "; " rot sfx " $" #n ", %1; " \
                    "pushfq; pop %2" \
                    : "+" reg(d), "+" reg(r), "=r"(f) : reg(s) : "cc"); \
            printf(#name " %llx %llx -> %llx %llx %03llx\n", \
                   (unsigned long long)(type)vals[i], \
                   (unsigned long long)s, (unsigned long long)d, \
                   (unsigned long long)r, (unsigned long long)(f & m)); \
        } \
    } \
}

ROT_IMM(add_rolq1, "addq %3, %0", "rol", 1, "q", "r", uint64_t, ALL)
ROT_IMM(add_rolq17, "addq %3, %0", "rol", 17, "q", "r", uint64_t, ALL)
ROT_IMM(sub_rorl1, "subl %3, %0", "ror", 1, "l", "r", uint32_t, ALL)
ROT_IMM(sub_rorl31, "subl %3, %0", "ror", 31, "l", "r", uint32_t, ALL)
ROT_IMM(cmp_rolw1, "cmpw %3, %0", "rol", 1, "w", "r", uint16_t, ALL)
ROT_IMM(cmp_rolw16, "cmpw %3, %0", "rol", 16, "w", "r", uint16_t, ALL)
ROT_IMM(add_rorb1, "addb %3, %0", "ror", 1, "b", "q", uint8_t, ALL)
ROT_IMM(add_rorb8, "addb %3, %0", "ror", 8, "b", "q", uint8_t, ALL)
ROT_IMM(sub_rolb9, "subb %3, %0", "rol", 9, "b", "q", uint8_t, ALL)
ROT_IMM(and_rolq5, "andq %3, %0", "rol", 5, "q", "r", uint64_t, ALL & ~AF)
ROT_IMM(xor_rorl1, "xorl %3, %0", "ror", 1, "l", "r", uint32_t, ALL & ~AF)
ROT_IMM(test_rolq1, "testq %3, %0", "rol", 1, "q", "r", uint64_t, ALL & ~AF)
ROT_IMM(adc_rolq1, "adcq %3, %0", "rol", 1, "q", "r", uint64_t, ALL)
ROT_IMM(sbb_rorw3, "sbbw %3, %0", "ror", 3, "w", "r", uint16_t, ALL)
ROT_IMM(imul_rolq1, "imulq %3, %0", "rol", 1, "q", "r", uint64_t, 0)
ROT_IMM(popcnt_rolq1, "popcntq %3, %0", "rol", 1, "q", "r", uint64_t, ALL)
ROT_IMM(bsf_rorq1, "bsfq %3, %0", "ror", 1, "q", "r", uint64_t, ZF)
ROT_IMM(tzcnt_rolw1, "tzcntw %3, %0", "rol", 1, "w", "r", uint16_t, ZF)
/* the rotate's own flags under a second rotate */
ROT_IMM(rol_rorq1, "rolq $3, %0", "ror", 1, "q", "r", uint64_t, 0)
/* a TB boundary between the two: the producer is only known at run time */
ROT_IMM(sub_jmp_rolq1, "subq %3, %0; jmp 1f; 1:", "rol", 1, "q", "r",
        uint64_t, ALL)

/* unary producers (inc/dec keep CF; the rotate replaces it anyway) */
#define ROT_UN(name, prod, rot, n, sfx, reg, type, keep) \
static void t_##name(void) \
{ \
    for (unsigned i = 0; i < NV; i++) { \
        type d = (type)vals[i], r = (type)vals[(i * 7) % NV]; \
        uint64_t f, m = (keep) | CF | ((n) == 1 ? OF : 0); \
        __asm__(prod " %0; " rot sfx " $" #n ", %1; pushfq; pop %2" \
                : "+" reg(d), "+" reg(r), "=r"(f) : : "cc"); \
        printf(#name " %llx -> %llx %llx %03llx\n", \
               (unsigned long long)(type)vals[i], (unsigned long long)d, \
               (unsigned long long)r, (unsigned long long)(f & m)); \
    } \
}

ROT_UN(inc_rolq1, "incq", "rol", 1, "q", "r", uint64_t, ALL & ~CF)
ROT_UN(dec_rorl1, "decl", "ror", 1, "l", "r", uint32_t, ALL & ~CF)
ROT_UN(neg_rolb1, "negb", "rol", 1, "b", "q", uint8_t, ALL)
ROT_UN(shl_rolq1, "shlq $3,", "rol", 1, "q", "r", uint64_t, ZF | SF | PF)
ROT_UN(sar_rorl1, "sarl $5,", "ror", 1, "l", "r", uint32_t, ZF | SF | PF)
ROT_UN(shr_rolw2, "shrw $1,", "rol", 2, "w", "r", uint16_t, ZF | SF | PF)

/* flags from popf (EFLAGS form), then a rotate */
static void t_popf_rot(void)
{
    for (unsigned i = 0; i < NV; i++) {
        uint64_t d = vals[i], fin = (i & 1) ? 0x8d5 : 0x0c4, f;
        __asm__("push %2; popfq; rolq $1, %0; pushfq; pop %1"
                : "+r"(d), "=r"(f) : "r"(fin) : "cc");
        printf("popf-rol %llx -> %llx %03llx\n", (unsigned long long)vals[i],
               (unsigned long long)d, (unsigned long long)(f & ALL));
        __asm__("push %2; popfq; rorl $1, %k0; pushfq; pop %1"
                : "+r"(d), "=r"(f) : "r"(fin) : "cc");
        printf("popf-ror %llx %03llx\n", (unsigned long long)d,
               (unsigned long long)(f & ALL));
    }
}

/*
 * Every condition read after "sub; rotate $1" (all flags defined), by
 * SETcc, CMOVcc and Jcc, and CF read by ADC and kept by INC.
 */
#define SETCC(cc) \
    __asm__("subq %2, %1; " ROT "; set" #cc " %0" \
            : "=q"(b), "+r"(x) : "r"(y) : "cc"); \
    bits = bits << 1 | b; x = vals[i];

static void t_conds_after_rot(void)
{
    for (unsigned i = 0; i < NV; i++) {
        for (unsigned j = 0; j < NV; j += 2) {
            uint64_t x = vals[i], y = vals[j], bits = 0, c, f;
            uint8_t b;
#define ROT "rolq $1, %1"
            SETCC(o) SETCC(no) SETCC(b) SETCC(ae) SETCC(e) SETCC(ne)
            SETCC(be) SETCC(a) SETCC(s) SETCC(ns) SETCC(p) SETCC(np)
            SETCC(l) SETCC(ge) SETCC(le) SETCC(g)
#undef ROT
#define ROT "rorq $1, %1"
            SETCC(o) SETCC(b) SETCC(e) SETCC(be) SETCC(s) SETCC(p)
            SETCC(l) SETCC(le)
#undef ROT
#define ROT "rolb $1, %b1"
            SETCC(o) SETCC(b) SETCC(e) SETCC(s) SETCC(l) SETCC(le)
#undef ROT
#define ROT "rorl $1, %k1"
            SETCC(o) SETCC(b) SETCC(e) SETCC(s) SETCC(l) SETCC(a)
#undef ROT
#define ROT "rolw $1, %w1"
            SETCC(o) SETCC(nb) SETCC(be) SETCC(le) SETCC(np)
#undef ROT
#define ROT "rorb $1, %b1"
            SETCC(no) SETCC(b) SETCC(ge)
#undef ROT
            c = 5;
            __asm__("subq %2, %1; rolq $1, %1; cmovoq %3, %0"
                    : "+r"(c), "+r"(x) : "r"(y), "r"(7ull) : "cc");
            bits = bits << 3 | c;
            x = vals[i];
            c = 5;
            __asm__("subq %2, %1; rorq $1, %1; cmovcq %3, %0"
                    : "+r"(c), "+r"(x) : "r"(y), "r"(7ull) : "cc");
            bits = bits << 3 | c;
            x = vals[i];
            c = 0;
            __asm__("subq %2, %1; rolq $1, %1; jno 1f; orq $1, %0; 1: "
                    "jnc 2f; orq $2, %0; 2: jns 3f; orq $4, %0; 3: "
                    "jge 4f; orq $8, %0; 4:"
                    : "+r"(c), "+r"(x) : "r"(y) : "cc");
            bits = bits << 4 | c;
            x = vals[i];
            c = 0;
            __asm__("subq %2, %1; rolq $1, %1; adcq $0, %0"
                    : "+r"(c), "+r"(x) : "r"(y) : "cc");
            bits = bits << 1 | c;
            x = vals[i];
            c = 0;
            __asm__("subq %2, %1; rorw $1, %w1; adcq $0, %0"
                    : "+r"(c), "+r"(x) : "r"(y) : "cc");
            bits = bits << 1 | c;
            x = vals[i];
            __asm__("subq %2, %1; rorq $1, %1; incq %1; pushfq; pop %0"
                    : "=r"(f), "+r"(x) : "r"(y) : "cc");
            printf("conds %llx %llx -> %llx %llx %03llx\n",
                   (unsigned long long)vals[i], (unsigned long long)y,
                   (unsigned long long)bits, (unsigned long long)x,
                   (unsigned long long)(f & ALL));
        }
    }
}

/*
 * Rotates by CL after a producer: counts around the operand size,
 * register (the whole 64-bit register) and memory forms.
 */
static const unsigned counts[] = { 0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32,
                                   33, 63, 64, 65, 255 };
#define NC (sizeof(counts) / sizeof(counts[0]))

#define ROT_CL(name, rot, bits, kreg) \
static void t_##name(void) \
{ \
    for (unsigned i = 0; i < NV; i++) { \
        for (unsigned k = 0; k < NC; k++) { \
            uint64_t d = vals[i], m = vals[(i + k) % NV], f, fm; \
            uint64_t y = vals[(i * 3 + k) % NV]; \
            unsigned cm = counts[k] & ((bits) == 64 ? 63 : 31); \
            fm = cm <= 1 ? ALL : ALL & ~OF; \
            __asm__("subq %3, %0; " rot " %%cl, " kreg "; pushfq; pop %1" \
                    : "+r"(d), "=r"(f) : "c"(counts[k]), "r"(y) : "cc"); \
            printf(#name " %llx %u -> %llx %03llx\n", \
                   (unsigned long long)vals[i], counts[k], \
                   (unsigned long long)d, (unsigned long long)(f & fm)); \
            __asm__("addq %3, %0; " rot " %%cl, %1; pushfq; pop %0" \
                    : "=r"(f), "+m"(m) : "c"(counts[k]), "r"(y), "0"(d) \
                    : "cc"); \
            printf(#name " mem -> %llx %03llx\n", (unsigned long long)m, \
                   (unsigned long long)(f & fm)); \
        } \
    } \
}

ROT_CL(rolq_cl, "rolq", 64, "%0")
ROT_CL(rorq_cl, "rorq", 64, "%0")
ROT_CL(roll_cl, "roll", 32, "%k0")
ROT_CL(rorl_cl, "rorl", 32, "%k0")
ROT_CL(rolw_cl, "rolw", 16, "%w0")
ROT_CL(rorw_cl, "rorw", 16, "%w0")
ROT_CL(rolb_cl, "rolb", 8, "%b0")
ROT_CL(rorb_cl, "rorb", 8, "%b0")

/* rotates by an immediate on memory, and of the high byte registers */
static void t_rot_mem(void)
{
    for (unsigned i = 0; i < NV; i++) {
        uint64_t m = vals[i], f, a = vals[(i + 5) % NV];
        __asm__("cmpq $3, %2; rolq $13, %0; pushfq; pop %1"
                : "+m"(m), "=r"(f) : "r"(a) : "cc");
        printf("rol-mem %llx %03llx\n", (unsigned long long)m,
               (unsigned long long)(f & (ALL & ~OF)));
        __asm__("cmpq $3, %2; rorw $1, %0; pushfq; pop %1"
                : "+m"(m), "=r"(f) : "r"(a) : "cc");
        printf("ror-mem %llx %03llx\n", (unsigned long long)m,
               (unsigned long long)(f & ALL));
        __asm__("cmpq $3, %0; rolb $1, %h0; pushfq; pop %1"
                : "+Q"(a), "=r"(f) : : "cc");
        printf("rol-ah %llx %03llx\n", (unsigned long long)a,
               (unsigned long long)(f & ALL));
    }
}

/*
 * A 32-bit destination register is written even when the masked count
 * is 0: its upper half is cleared like by any 32-bit write.
 */
#define COUNT0(insn) \
    do { \
        uint64_t d = 0xffffffff80000001ull, s = 5, f; \
        __asm__("cmpq $7, %3; " insn "; pushfq; pop %1" \
                : "+r"(d), "=r"(f) : "c"(32), "r"(s) : "cc"); \
        printf("%-24s %llx %03llx\n", insn, (unsigned long long)d, \
               (unsigned long long)(f & (ALL & ~AF))); \
    } while (0)

static void t_count0(void)
{
    COUNT0("shll %%cl, %k0"); COUNT0("shrl %%cl, %k0");
    COUNT0("sarl %%cl, %k0"); COUNT0("roll %%cl, %k0");
    COUNT0("rorl %%cl, %k0"); COUNT0("rcll %%cl, %k0");
    COUNT0("rcrl %%cl, %k0"); COUNT0("shldl %%cl, %k3, %k0");
    COUNT0("shrdl %%cl, %k3, %k0"); COUNT0("shll $0, %k0");
    COUNT0("sarl $32, %k0"); COUNT0("roll $0, %k0");
    COUNT0("rorl $64, %k0"); COUNT0("rcll $0, %k0");
    COUNT0("rcrl $32, %k0"); COUNT0("shldl $0, %k3, %k0");
    COUNT0("shrdl $32, %k3, %k0"); COUNT0("shlq %%cl, %0");
    COUNT0("rolq $0, %0"); COUNT0("shlw %%cl, %w0");
    COUNT0("rolb %%cl, %b0");
}

/*
 * Instruction pairs whose second reads the first one's flags: carry
 * chains (CF of ADC/SBB), the overflow of IMUL, L/LE after INC/DEC.
 * %0..%2 are read and written, %4 is read; @mask: the defined flags.
 */
#define CHAIN(name, insns, mask) \
static void t_##name(void) \
{ \
    for (unsigned i = 0; i < NV; i++) { \
        for (unsigned j = 0; j < NV; j += 2) { \
            uint64_t x = vals[i], y = vals[j], z = vals[(i + j) % NV], f; \
            uint64_t w = vals[(i * 5 + j) % NV]; \
            __asm__(insns "; pushfq; pop %3" \
                    : "+r"(x), "+r"(y), "+Q"(z), "=r"(f) : "r"(w) \
                    : "rax", "rdx", "cc"); \
            printf(#name " %llx %llx %llx -> %llx %llx %llx %03llx\n", \
                   (unsigned long long)vals[i], (unsigned long long)vals[j], \
                   (unsigned long long)w, (unsigned long long)x, \
                   (unsigned long long)y, (unsigned long long)z, \
                   (unsigned long long)(f & (mask))); \
        } \
    } \
}

CHAIN(adc_adc, "addq %1, %0; adcq %4, %1; adcq %0, %2", ALL)
CHAIN(adc_adc_l, "addl %k1, %k0; adcl %k4, %k1; adcl %k0, %k2", ALL)
CHAIN(sbb_sbb, "subq %1, %0; sbbq %4, %1; sbbq %0, %2", ALL)
CHAIN(sbb_sbb_w, "subw %w1, %w0; sbbw %w4, %w1; sbbw %w0, %w2", ALL)
CHAIN(adc_sbb_l, "addl %k1, %k0; adcl %k4, %k1; sbbl %k0, %k2", ALL)
CHAIN(sbb_adc_b, "subb %b1, %b0; sbbb %b4, %b1; adcb %b0, %b2", ALL)
CHAIN(adc_setc, "addw %w1, %w0; adcw %w4, %w1; setc %b2", ALL)
CHAIN(sbb_setbe, "cmpq %1, %0; sbbq %4, %1; setbe %b2", ALL)
CHAIN(adc_inc, "addq %1, %0; adcq %4, %1; incq %2", ALL)
CHAIN(sbb_dec_b, "subb %b1, %b0; sbbb %b4, %b1; decb %b2", ALL)
CHAIN(adc_cmov, "addq %1, %0; adcq %4, %1; cmovcq %4, %2", ALL)
CHAIN(sbb_self, "cmpl %k1, %k0; sbbl %k1, %k1; sbbl %k2, %k2", ALL)
CHAIN(imul_seto, "imulq %1, %0; seto %b2", CF | OF)
CHAIN(imul_jo, "imull %k1, %k0; jno 1f; orq $1, %2; 1: jnc 2f; orq $2, %2; 2:",
      CF | OF)
CHAIN(imul3_setc, "imulw $-300, %w1, %w0; setc %b2", CF | OF)
CHAIN(imulb_seto, "movq %0, %%rax; imulb %b1; seto %b2; movq %%rax, %0",
      CF | OF)
CHAIN(mulq_setc, "movq %0, %%rax; mulq %1; setc %b2; cmovoq %%rdx, %0",
      CF | OF)
/* the last producer is a shift by more than 1: AF and OF are undefined */
CHAIN(shl_setc, "shlq $1, %0; setc %b2; shll $7, %k1; setnc %h2",
      ALL & ~(AF | OF))
CHAIN(shr_adc, "shrl $3, %k0; adcq $0, %2; sarw $1, %w1; adcb $0, %h2", ALL)
CHAIN(shlb_jc, "shlb $5, %b0; jnc 1f; orq $1, %2; 1: shrq $63, %1; jc 2f; "
      "orq $2, %2; 2:", ALL & ~(AF | OF))
CHAIN(sar_cmovc, "sarq $9, %0; cmovcq %4, %2; shlw $15, %w1; cmovbeq %1, %2",
      ALL & ~(AF | OF))
CHAIN(inc_setl, "incq %0; setl %b2; incl %k1; setle %h2", ALL)
CHAIN(inc_jl_b, "incb %b0; jnl 1f; orq $1, %2; 1: incw %w1; jg 2f; "
      "orq $2, %2; 2:", ALL)
CHAIN(dec_setl, "decq %0; setl %b2; decl %k1; setle %h2", ALL)
CHAIN(dec_cmov_w, "decw %w0; cmovlq %4, %2; decb %b1; cmovgq %0, %2", ALL)
/* O, L, LE, G right after an ADD of every size (no flags computed) */
CHAIN(add_jo_q, "addq %1, %0; jno 1f; orq $1, %2; 1: addq %4, %1; jnl 2f; "
      "orq $2, %2; 2:", ALL)
CHAIN(add_jle_l, "addl %k1, %k0; jnle 1f; orq $1, %2; 1: addl %k4, %k1; "
      "jg 2f; orq $2, %2; 2:", ALL)
CHAIN(add_setl_w, "addw %w1, %w0; setl %b2; setle %h2; addw %w4, %w1; "
      "cmovoq %4, %0", ALL)
CHAIN(add_setle_b, "addb %b1, %b0; setle %b2; seto %h2; addb %b4, %b1; "
      "cmovgq %1, %0", ALL)
CHAIN(add_imm_jg, "addq $16, %0; jg 1f; orq $1, %2; 1: addl $-1, %k1; "
      "jle 2f; orq $2, %2; 2: addb $127, %b1; jo 3f; orq $4, %2; 3:", ALL)

/* ---- DIV / IDIV ---- */

static sigjmp_buf fpe_jmp;
static volatile uint64_t fpe_rax, fpe_rdx, fpe_fl, fpe_rip;
static volatile int fpe_code;
static uint64_t div_site;

static void on_fpe(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;

    (void)sig;
    fpe_rax = uc->uc_mcontext.gregs[REG_RAX];
    fpe_rdx = uc->uc_mcontext.gregs[REG_RDX];
    fpe_fl = uc->uc_mcontext.gregs[REG_EFL];
    fpe_rip = uc->uc_mcontext.gregs[REG_RIP];
    fpe_code = si->si_code;
    siglongjmp(fpe_jmp, 1);
}

/*
 * One division: "cmp" sets known flags first, so a #DE shows them in the
 * signal frame; the handler also sees RAX/RDX unchanged and RIP at the
 * divide.  @insn gets the divisor as %4 (register) or %5 (memory).
 */
#define DIV(name, insn, ot_mask, dv) \
static void d_##name(uint64_t hi, uint64_t lo, uint64_t dvs) \
{ \
    volatile uint64_t mdv = dvs; \
    uint64_t a = lo, d = hi; \
    (void)mdv; \
    if (sigsetjmp(fpe_jmp, 1) == 0) { \
        __asm__ volatile("lea 1f(%%rip), %%r11; mov %%r11, %2; " \
                         "cmpq %3, %4; 1: " insn "; 2:" \
                         : "+a"(a), "+d"(d), "=m"(div_site) \
                         : "r"(lo), dv(dvs), "m"(mdv) : "r11", "cc"); \
        printf(#name " %llx:%llx / %llx -> %llx %llx\n", \
               (unsigned long long)hi, (unsigned long long)lo, \
               (unsigned long long)dvs, (unsigned long long)(a & ot_mask), \
               (unsigned long long)(d & ot_mask)); \
    } else { \
        printf(#name " %llx:%llx / %llx -> #DE code %d rip %s " \
               "%llx %llx %03llx\n", \
               (unsigned long long)hi, (unsigned long long)lo, \
               (unsigned long long)dvs, fpe_code, \
               fpe_rip == div_site ? "ok" : "wrong", \
               (unsigned long long)fpe_rax, (unsigned long long)fpe_rdx, \
               (unsigned long long)(fpe_fl & ALL)); \
    } \
}

DIV(divq, "divq %4", ~0ull, "r")
DIV(divq_m, "divq %5", ~0ull, "r")
DIV(idivq, "idivq %4", ~0ull, "r")
DIV(idivq_m, "idivq %5", ~0ull, "r")
DIV(divl, "divl %k4", ~0ull, "r")
DIV(idivl, "idivl %k4", ~0ull, "r")
DIV(idivl_m, "idivl %5", ~0ull, "r")
DIV(divw, "divw %w4", ~0ull, "r")
DIV(idivw, "idivw %w4", ~0ull, "r")
DIV(divb, "divb %b4", ~0ull, "q")
DIV(idivb, "idivb %b4", ~0ull, "q")
DIV(idivb_m, "idivb %5", ~0ull, "q")

static void t_div(void)
{
    static const uint64_t dvs[] = {
        0, 1, 2, 3, 7, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
        0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
        0x7fffffffffffffffull, 0x8000000000000000ull, 0xfffffffffffffffeull,
        0xffffffffffffffffull, 0xffffffffffff8000ull, 0xffffffff80000000ull,
    };
    static const uint64_t his[] = {
        0, 1, 0xff, 0x7fffffff, 0xffffffff, 0xffffffffffffffffull,
        0x123456789ull,
    };
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fpe;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGFPE, &sa, NULL);
    for (unsigned h = 0; h < sizeof(his) / sizeof(his[0]); h++) {
        for (unsigned i = h & 1; i < NV; i += 2) {
            for (unsigned k = 0; k < sizeof(dvs) / sizeof(dvs[0]); k++) {
                uint64_t hi = his[h], lo = vals[i], dv = dvs[k];
                /* the sign extension of lo, the usual IDIV dividend */
                uint64_t sx = (int64_t)lo < 0 ? ~0ull : 0;
                d_divq(hi, lo, dv);
                d_idivq(h == 0 ? sx : hi, lo, dv);
                d_divl(hi, lo, dv);
                d_idivl(h == 0 ? ((int32_t)lo < 0 ? ~0ull : 0) : hi, lo, dv);
                d_divw(hi, lo, dv);
                d_idivw(h == 0 ? ((int16_t)lo < 0 ? ~0ull : 0) : hi, lo, dv);
                d_divb(hi, lo, dv);
                d_idivb(hi, lo, dv);
                if ((i + k + h) % 5 == 0) {
                    d_divq_m(hi, lo, dv);
                    d_idivq_m(sx, lo, dv);
                    d_idivl_m(hi, lo, dv);
                    d_idivb_m(hi, lo, dv);
                }
            }
        }
    }
}

/* the divisor is RAX itself, or a high byte register */
static void t_div_self(void)
{
    for (unsigned i = 0; i < NV; i++) {
        uint64_t a = vals[i] | 1, d = 0;
        __asm__("divq %%rax" : "+a"(a), "+d"(d));
        printf("divq rax %llx -> %llx %llx\n", (unsigned long long)vals[i],
               (unsigned long long)a, (unsigned long long)d);
        a = vals[i] | 0x10000;
        d = 0xffffffff00000000ull;
        __asm__("divl %%eax" : "+a"(a), "+d"(d));
        printf("divl eax -> %llx %llx\n", (unsigned long long)a,
               (unsigned long long)d);
        a = vals[i] | 1;
        d = (int64_t)a < 0 ? ~0ull : 0;
        __asm__("idivq %%rax" : "+a"(a), "+d"(d));
        printf("idivq rax -> %llx %llx\n", (unsigned long long)a,
               (unsigned long long)d);
        a = 0x0312 + i;
        d = 0x2a00;
        __asm__("divb %%dh" : "+a"(a), "+d"(d));
        printf("divb dh -> %llx\n", (unsigned long long)a);
    }
}

/*
 * Divisions in a loop: 128-by-64-bit dividends (the slow path) mixed with
 * narrow ones, then more insns of the same TB that use the results.
 */
static void t_div_loop(void)
{
    uint64_t x = 0x9e3779b97f4a7c15ull, acc = 0, acc2 = 0;

    for (unsigned i = 0; i < 20000; i++) {
        uint64_t d = (x >> 7) | 1, q = x * 31, r = x % d;
        __asm__("divq %3; addq %%rdx, %1; rolq $5, %1; xorq %%rax, %1"
                : "+a"(q), "+r"(acc), "+d"(r) : "r"(d) : "cc");
        acc2 += q ^ r;
        q = x;
        __asm__("cqto; idivq %3; subq %%rdx, %1"
                : "+a"(q), "+r"(acc2), "=&d"(r)
                : "r"((int64_t)(i | 1) - 5000) : "cc");
        acc += q;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    printf("div-loop %llx %llx\n", (unsigned long long)acc,
           (unsigned long long)acc2);
}

int main(void)
{
    t_add_rolq1(); t_add_rolq17(); t_sub_rorl1(); t_sub_rorl31();
    t_cmp_rolw1(); t_cmp_rolw16(); t_add_rorb1(); t_add_rorb8();
    t_sub_rolb9(); t_and_rolq5(); t_xor_rorl1(); t_test_rolq1();
    t_adc_rolq1(); t_sbb_rorw3(); t_imul_rolq1(); t_popcnt_rolq1();
    t_bsf_rorq1(); t_tzcnt_rolw1(); t_rol_rorq1(); t_sub_jmp_rolq1();
    t_inc_rolq1(); t_dec_rorl1(); t_neg_rolb1(); t_shl_rolq1();
    t_sar_rorl1(); t_shr_rolw2();
    t_popf_rot();
    t_conds_after_rot();
    t_rolq_cl(); t_rorq_cl(); t_roll_cl(); t_rorl_cl();
    t_rolw_cl(); t_rorw_cl(); t_rolb_cl(); t_rorb_cl();
    t_rot_mem();
    t_count0();
    t_adc_adc(); t_adc_adc_l(); t_sbb_sbb(); t_sbb_sbb_w(); t_adc_sbb_l();
    t_sbb_adc_b(); t_adc_setc(); t_sbb_setbe(); t_adc_inc(); t_sbb_dec_b();
    t_adc_cmov(); t_sbb_self(); t_imul_seto(); t_imul_jo(); t_imul3_setc();
    t_imulb_seto(); t_mulq_setc(); t_shl_setc(); t_shr_adc(); t_shlb_jc(); t_sar_cmovc();
    t_inc_setl(); t_inc_jl_b(); t_dec_setl();
    t_dec_cmov_w();
    t_add_jo_q(); t_add_jle_l(); t_add_setl_w(); t_add_setle_b();
    t_add_imm_jg();
    t_div();
    t_div_self();
    t_div_loop();
    return 0;
}

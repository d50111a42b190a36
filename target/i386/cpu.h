/*
 * The x86 CPU as the translator and the helpers see it: CPUX86State (the
 * architectural state plus the lazy-flags state), exception numbers and
 * the entry points used by linux-user (and later the system emulator).
 *
 * Lazy flags: arithmetic instructions do not compute EFLAGS.  They record
 * the operation (cc_op) and its operands/result (cc_dst, cc_src, cc_src2);
 * the flags are computed from those only when something reads them.
 */
#ifndef TARGET_I386_CPU_H
#define TARGET_I386_CPU_H

#include "exec/cpu-exec.h"
#include "tcg/memop.h"

/* general registers */
enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI };
/* segment registers */
enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS };

/* EFLAGS bits */
#define CC_C    0x0001
#define CC_P    0x0004
#define CC_A    0x0010
#define CC_Z    0x0040
#define CC_S    0x0080
#define CC_O    0x0800
#define CC_ALL  (CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O)
#define TF_MASK 0x0100
#define IF_MASK 0x0200
#define DF_MASK 0x0400
#define AC_MASK 0x40000
#define ID_MASK 0x200000

/* exception numbers (vectors) and special exits */
#define EXCP00_DIVZ   0
#define EXCP01_DB     1
#define EXCP03_INT3   3
#define EXCP04_INTO   4
#define EXCP05_BOUND  5
#define EXCP06_ILLOP  6
#define EXCP07_PREX   7
#define EXCP0D_GPF    13
#define EXCP0E_PAGE   14
#define EXCP10_COPR   16
#define EXCP11_ALGN   17
#define EXCP13_XMM    19
#define EXCP_SYSCALL  0x100     /* linux-user: SYSCALL executed */

/*
 * Lazy flags operations, by operand size (B, W, L, Q in that order).
 * cc_dst is the result, cc_src the second operand (see cc_helper.c for
 * what each op keeps where).
 */
#define CC_OP_SIZES(name) name##B, name##W, name##L, name##Q
typedef enum CCOp {
    CC_OP_DYNAMIC,      /* translator: the op is in env->cc_op */
    CC_OP_EFLAGS,       /* cc_src holds the flags themselves */
    CC_OP_SIZES(CC_OP_MUL),     /* cc_src != 0 means CF = OF = 1 */
    CC_OP_SIZES(CC_OP_ADD),
    CC_OP_SIZES(CC_OP_ADC),     /* cc_src2 = carry in */
    CC_OP_SIZES(CC_OP_SUB),
    CC_OP_SIZES(CC_OP_SBB),     /* cc_src2 = borrow in */
    CC_OP_SIZES(CC_OP_LOGIC),
    CC_OP_SIZES(CC_OP_INC),     /* cc_src = CF before */
    CC_OP_SIZES(CC_OP_DEC),     /* cc_src = CF before */
    CC_OP_SIZES(CC_OP_SHL),     /* cc_src = value shifted by count - 1 */
    CC_OP_SIZES(CC_OP_SAR),     /* cc_src = value shifted by count - 1 */
    CC_OP_SIZES(CC_OP_BMILG),   /* cc_src = source (CF = src == 0) */
    CC_OP_POPCNT,               /* cc_src = source (ZF = src == 0) */
    CC_OP_NB,
} CCOp;

typedef struct SegmentCache {
    uint32_t selector;
    uint64_t base;
    uint32_t limit;
    uint32_t flags;
} SegmentCache;

typedef union XMMReg {
    uint8_t b[16];
    uint16_t w[16 / 2];
    uint32_t l[16 / 4];
    uint64_t q[16 / 8];
    float s[4];
    double d[2];
} XMMReg;

/* an x87 register: 64-bit mantissa + sign/exponent (host long double) */
typedef struct FPReg {
    uint64_t low;
    uint16_t high;
    uint16_t pad[3];
} FPReg;

#define CPU_NB_REGS 16

typedef struct CPUX86State {
    uint64_t regs[CPU_NB_REGS];
    uint64_t eip;
    uint64_t eflags;        /* all bits but the arithmetic flags and DF */
    uint64_t cc_dst, cc_src, cc_src2;
    uint64_t div_out[3];    /* DIV/IDIV results: [R_EAX], [R_EDX] */
    uint32_t cc_op;
    int32_t df;             /* 1 or -1 (DF clear / set) */

    SegmentCache segs[6];

    /* SSE: xmm_regs[16] is the translator's scratch operand */
    XMMReg xmm_regs[CPU_NB_REGS + 2];
    uint32_t mxcsr;

    /* x87: ST(i) is fpregs[(fpstt + i) & 7]; MMX aliases the mantissas */
    FPReg fpregs[8];
    uint32_t fpstt;         /* top of stack */
    uint16_t fpus;          /* status word without TOP */
    uint16_t fpuc;          /* control word */
    uint8_t fptags[8];      /* 1 = empty */
    uint64_t fpip, fpdp;
    uint16_t fpop;
    FPReg ft0;              /* x87 scratch: an 80-bit memory operand */
    /* helper_fpu: the op raised an unmasked exception (other than
     * precision): a store to memory must not happen (fpu-translate.c) */
    uint8_t fpu_skip_store;

    /* the last exception */
    int error_code;
    uint64_t cr2;           /* page fault address */
    uint64_t exception_next_eip;

    /* CPUID model */
    uint32_t cpuid_level, cpuid_xlevel;
    uint32_t features[8];   /* see FEAT_* */
    uint64_t tsc_offset;
} CPUX86State;

enum {
    FEAT_1_EDX, FEAT_1_ECX, FEAT_7_0_EBX, FEAT_7_0_ECX, FEAT_8000_0001_EDX,
    FEAT_8000_0001_ECX, FEAT_7_0_EDX, FEAT_NB,
};

typedef struct X86CPU {
    CPUState parent;
    CPUX86State env;
} X86CPU;

static inline X86CPU *env_archcpu(CPUX86State *env)
{
    return (X86CPU *)((char *)env - offsetof(X86CPU, env));
}

static inline CPUState *env_cpu(CPUX86State *env)
{
    return &env_archcpu(env)->parent;
}

/* TB flags */
#define HF_CS64_MASK  1
/* MXCSR unmasks an SSE exception: SSE ops run checked and raise #XM */
#define HF_XMM_TRAP_MASK 2
/* the x87 control word unmasks an exception: waiting insns check for #MF */
#define HF_X87_TRAP_MASK 4

/* cpu.c */
/*
 * Create a CPU of model @model ("qemu64", "max", "host", NULL = default)
 * in 64-bit user mode.  Returns NULL and sets @errp for an unknown model.
 */
X86CPU *x86_cpu_new(const char *model, Error **errp);
void x86_cpu_list(FILE *f);
void cpu_x86_cpuid(CPUX86State *env, uint32_t index, uint32_t count,
                   uint32_t *eax, uint32_t *ebx, uint32_t *ecx,
                   uint32_t *edx);
/* EFLAGS as the guest sees it (computed from the lazy state) */
uint64_t cpu_compute_eflags(CPUX86State *env);
/* Set EFLAGS: the arithmetic flags go to the lazy state; @mask: which */
void cpu_load_eflags(CPUX86State *env, uint64_t eflags, uint64_t mask);
void x86_cpu_dump_state(CPUX86State *env, FILE *f);
/* Raise guest exception @intno from a helper (@retaddr = GETPC() or 0). */
QEMU_NORETURN void raise_exception_ra(CPUX86State *env, int intno,
                                      uintptr_t retaddr);
QEMU_NORETURN void raise_exception_err_ra(CPUX86State *env, int intno,
                                          int error_code, uintptr_t retaddr);
/* The helper-call descriptors the translator uses come from helper.h. */

/* cc_helper.c */
uint64_t cc_compute_all(uint64_t dst, uint64_t src1, uint64_t src2, int op);
uint64_t cc_compute_c(uint64_t dst, uint64_t src1, uint64_t src2, int op);

/* sse_helper.c: the guest MXCSR lives in the host's while guest code runs */
void x86_mxcsr_to_host(CPUX86State *env);
uint32_t x86_mxcsr_from_host(CPUX86State *env);
/* the FXSAVE image of the x87/MMX/SSE state (sse_helper.c) */
#define X86_FXSAVE_SIZE 512
#define X86_MXCSR_MASK 0xffff       /* MXCSR bits supported: DAZ included */
void x86_fxsave_image(CPUX86State *env, uint8_t *p);
void x86_fxrstor_image(CPUX86State *env, const uint8_t *p);

/* translate.c */
void x86_translate_init(void);
extern const TCGCPUOps x86_tcg_ops;

#endif

/*
 * x87 operations: the translator calls helper_fpu(env, op, a, b) with
 * one of these.  Memory operands travel as raw bits in @a (80-bit ones
 * through env->ft0); stores get the bits back as the return value.
 */
#ifndef TARGET_I386_FPU_H
#define TARGET_I386_FPU_H

enum {
    /* ST0 = ST0 op src; src: a = ST(i) index, or the value in ft0 */
    FOP_ADD, FOP_MUL, FOP_COM, FOP_COMP, FOP_SUB, FOP_SUBR, FOP_DIV,
    FOP_DIVR,
    /* ST(i) = ST(i) op ST0 (DC/DE forms), a = i, b = pop */
    FOP_ARITH_STI,      /* b: op (0..7) | pop << 8 */
    FOP_LD_F32, FOP_LD_F64, FOP_LD_F80, FOP_LD_I16, FOP_LD_I32, FOP_LD_I64,
    FOP_LD_STI,
    FOP_CVT_F32, FOP_CVT_F64, FOP_CVT_I16, FOP_CVT_I32, FOP_CVT_I64,
    FOP_ST_F32, FOP_ST_F64, FOP_ST_F80, FOP_ST_I16, FOP_ST_I32, FOP_ST_I64,
    FOP_STT_I16, FOP_STT_I32, FOP_STT_I64,  /* fisttp */
    FOP_ST_STI,         /* ST(a) = ST0 */
    FOP_POP,
    FOP_XCH, FOP_CHS, FOP_ABS, FOP_TST, FOP_XAM,
    FOP_LD1, FOP_LDL2T, FOP_LDL2E, FOP_LDPI, FOP_LDLG2, FOP_LDLN2, FOP_LDZ,
    FOP_F2XM1, FOP_FYL2X, FOP_FPTAN, FOP_FPATAN, FOP_FXTRACT, FOP_FPREM1,
    FOP_DECSTP, FOP_INCSTP, FOP_FPREM, FOP_FYL2XP1, FOP_SQRT, FOP_SINCOS,
    FOP_RNDINT, FOP_SCALE, FOP_SIN, FOP_COS,
    FOP_UCOM,           /* a = i, b = pops (0..2) */
    FOP_COMI,           /* a = i, b = unordered-quiet | pop << 1; ret EFLAGS */
    FOP_CMOV,           /* a = i, b = condition (0/1) */
    FOP_FCOM_STI,       /* a = i, b = pops */
    FOP_NSTSW, FOP_NSTCW, FOP_LDCW, FOP_NCLEX, FOP_NINIT, FOP_FREE,
    FOP_LDENV, FOP_NSTENV, FOP_RSTOR, FOP_NSAVE,   /* a = guest address */
    FOP_NB,
};

uint64_t helper_fpu(CPUX86State *env, uint64_t op, uint64_t a, uint64_t b);
/* #MF (EXCP10_COPR) if an unmasked exception is pending (FPUS_ES) */
void helper_fwait(CPUX86State *env);

#endif

/*
 * SSE/SSE2/SSE3/SSSE3/SSE4.1 operations.  Guest and host are both x86-64,
 * so each operation runs as the host instruction itself (through the
 * compiler intrinsics): results are bit-exact, and MXCSR rounding and
 * exception flags come from the host unit loaded with the guest MXCSR.
 */
#include "qemu/osdep.h"
#include <immintrin.h>
#include "helper.h"
#include "sse.h"

#define R(i) (&env->xmm_regs[i])

/*
 * A register is loaded as two 8-byte halves: generated code writes the
 * registers 8 bytes at a time (guest loads, moves), and a 16-byte load
 * of two fresh 8-byte stores misses store forwarding (a ~12 cycle stall
 * per operand).
 */
static inline __m128d load_halves(const XMMReg *r)
{
    return _mm_loadh_pd(_mm_load_sd((const double *)&r->q[0]),
                        (const double *)&r->q[1]);
}

/*
 * ... and stored as two halves: the registers are only 8-byte aligned in
 * CPUX86State, and a 16-byte store straddling two cache lines is slow
 * (it also forwards to none of the 8-byte loads that read it next).
 */
static inline void store_halves(XMMReg *r, __m128d v)
{
    _mm_storel_pd((double *)&r->q[0], v);
    _mm_storeh_pd((double *)&r->q[1], v);
}

#define LI(i) _mm_castpd_si128(load_halves(R(i)))
#define LS(i) _mm_loadu_ps(R(i)->s)
#define LD(i) _mm_loadu_pd(R(i)->d)
#define SI(v) store_halves(R(d), _mm_castsi128_pd(v))
#define SS(v) store_halves(R(d), _mm_castps_pd(v))
#define SD(v) store_halves(R(d), (v))
#define LSS(i) _mm_load_ss(&R(i)->s[0])
#define LSD(i) _mm_load_sd(&R(i)->d[0])

/*
 * The host MXCSR is the guest's while guest code runs: rounding mode,
 * DAZ/FTZ and the sticky exception flags live in the host register
 * (exceptions always masked there; the guest's masks stay in env).
 * So an operation is just the host instruction.  STMXCSR/FXSAVE read
 * the flags back, LDMXCSR/FXRSTOR load the register.
 */
static inline uint32_t fp_enter(CPUX86State *env)
{
    return 0;
}

static inline void fp_leave(CPUX86State *env, uint32_t host)
{
}

void x86_mxcsr_to_host(CPUX86State *env)
{
    _mm_setcsr(env->mxcsr | 0x1f80);
}

uint32_t x86_mxcsr_from_host(CPUX86State *env)
{
    env->mxcsr = (env->mxcsr & ~0x3fu) | (_mm_getcsr() & 0x3f);
    return env->mxcsr;
}

uint64_t helper_stmxcsr(CPUX86State *env)
{
    return x86_mxcsr_from_host(env);
}

static __m128 cmpps(__m128 a, __m128 b, int imm)
{
    switch (imm & 7) {
    case 0: return _mm_cmpeq_ps(a, b);
    case 1: return _mm_cmplt_ps(a, b);
    case 2: return _mm_cmple_ps(a, b);
    case 3: return _mm_cmpunord_ps(a, b);
    case 4: return _mm_cmpneq_ps(a, b);
    case 5: return _mm_cmpnlt_ps(a, b);
    case 6: return _mm_cmpnle_ps(a, b);
    default: return _mm_cmpord_ps(a, b);
    }
}

static __m128 cmpss(__m128 a, __m128 b, int imm)
{
    switch (imm & 7) {
    case 0: return _mm_cmpeq_ss(a, b);
    case 1: return _mm_cmplt_ss(a, b);
    case 2: return _mm_cmple_ss(a, b);
    case 3: return _mm_cmpunord_ss(a, b);
    case 4: return _mm_cmpneq_ss(a, b);
    case 5: return _mm_cmpnlt_ss(a, b);
    case 6: return _mm_cmpnle_ss(a, b);
    default: return _mm_cmpord_ss(a, b);
    }
}

static __m128d cmppd(__m128d a, __m128d b, int imm)
{
    switch (imm & 7) {
    case 0: return _mm_cmpeq_pd(a, b);
    case 1: return _mm_cmplt_pd(a, b);
    case 2: return _mm_cmple_pd(a, b);
    case 3: return _mm_cmpunord_pd(a, b);
    case 4: return _mm_cmpneq_pd(a, b);
    case 5: return _mm_cmpnlt_pd(a, b);
    case 6: return _mm_cmpnle_pd(a, b);
    default: return _mm_cmpord_pd(a, b);
    }
}

static __m128d cmpsd(__m128d a, __m128d b, int imm)
{
    switch (imm & 7) {
    case 0: return _mm_cmpeq_sd(a, b);
    case 1: return _mm_cmplt_sd(a, b);
    case 2: return _mm_cmple_sd(a, b);
    case 3: return _mm_cmpunord_sd(a, b);
    case 4: return _mm_cmpneq_sd(a, b);
    case 5: return _mm_cmpnlt_sd(a, b);
    case 6: return _mm_cmpnle_sd(a, b);
    default: return _mm_cmpord_sd(a, b);
    }
}

#define ROUND_CASES(fn, a, b) \
    switch (imm & 15) { \
    case 0: return fn(a, b, 0); case 1: return fn(a, b, 1); \
    case 2: return fn(a, b, 2); case 3: return fn(a, b, 3); \
    case 4: return fn(a, b, 4); case 5: return fn(a, b, 5); \
    case 6: return fn(a, b, 6); case 7: return fn(a, b, 7); \
    case 8: return fn(a, b, 8); case 9: return fn(a, b, 9); \
    case 10: return fn(a, b, 10); case 11: return fn(a, b, 11); \
    case 12: return fn(a, b, 12); case 13: return fn(a, b, 13); \
    case 14: return fn(a, b, 14); default: return fn(a, b, 15); }

#define RPS(a, b, i) _mm_round_ps(b, i)
#define RPD(a, b, i) _mm_round_pd(b, i)
static __m128 roundps(__m128 a, __m128 b, int imm) { ROUND_CASES(RPS, a, b) }
static __m128d roundpd(__m128d a, __m128d b, int imm) { ROUND_CASES(RPD, a, b) }
static __m128 roundss(__m128 a, __m128 b, int imm) { ROUND_CASES(_mm_round_ss, a, b) }
static __m128d roundsd(__m128d a, __m128d b, int imm) { ROUND_CASES(_mm_round_sd, a, b) }

static uint64_t comis_flags(int r_lt, int r_eq, int unordered)
{
    if (unordered) {
        return CC_Z | CC_P | CC_C;
    }
    return (r_lt ? CC_C : 0) | (r_eq ? CC_Z : 0);
}

uint64_t helper_sse(CPUX86State *env, uint64_t key, uint64_t d, uint64_t s,
                    uint64_t imm)
{
    XMMReg *D = R(d), *S = R(s), t;
    uint32_t host;
    uint64_t ret = 0, n;

    switch (key) {
    /* ---- moves between halves / duplicates ---- */
    case SSE_KEY(0, 0, 0x12):   /* movhlps */
        D->q[0] = S->q[1];
        break;
    case SSE_KEY(0, 0, 0x16):   /* movlhps */
        D->q[1] = S->q[0];
        break;
    case SSE_KEY(0, 2, 0x12):   /* movsldup */
        t = *S;
        D->l[0] = D->l[1] = t.l[0];
        D->l[2] = D->l[3] = t.l[2];
        break;
    case SSE_KEY(0, 2, 0x16):   /* movshdup */
        t = *S;
        D->l[0] = D->l[1] = t.l[1];
        D->l[2] = D->l[3] = t.l[3];
        break;
    case SSE_KEY(0, 3, 0x12):   /* movddup */
        D->q[1] = D->q[0] = S->q[0];
        break;
    case SSE_KEY(0, 0, 0x14): SS(_mm_unpacklo_ps(LS(d), LS(s))); break;
    case SSE_KEY(0, 1, 0x14): SD(_mm_unpacklo_pd(LD(d), LD(s))); break;
    case SSE_KEY(0, 0, 0x15): SS(_mm_unpackhi_ps(LS(d), LS(s))); break;
    case SSE_KEY(0, 1, 0x15): SD(_mm_unpackhi_pd(LD(d), LD(s))); break;

    /* ---- conversions with general registers (s = scratch, q[0]) ---- */
    case SSE_KEY(0, 2, 0x2a):   /* cvtsi2ss: imm = 1 for 64-bit */
        host = fp_enter(env);
        SS(imm ? _mm_cvtsi64_ss(LS(d), (int64_t)S->q[0])
               : _mm_cvtsi32_ss(LS(d), (int32_t)S->l[0]));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 3, 0x2a):   /* cvtsi2sd */
        host = fp_enter(env);
        SD(imm ? _mm_cvtsi64_sd(LD(d), (int64_t)S->q[0])
               : _mm_cvtsi32_sd(LD(d), (int32_t)S->l[0]));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 2, 0x2c):   /* cvttss2si */
        host = fp_enter(env);
        ret = imm ? (uint64_t)_mm_cvttss_si64(LS(s))
                  : (uint32_t)_mm_cvttss_si32(LS(s));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 3, 0x2c):   /* cvttsd2si */
        host = fp_enter(env);
        ret = imm ? (uint64_t)_mm_cvttsd_si64(LD(s))
                  : (uint32_t)_mm_cvttsd_si32(LD(s));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 2, 0x2d):   /* cvtss2si */
        host = fp_enter(env);
        ret = imm ? (uint64_t)_mm_cvtss_si64(LS(s))
                  : (uint32_t)_mm_cvtss_si32(LS(s));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 3, 0x2d):   /* cvtsd2si */
        host = fp_enter(env);
        ret = imm ? (uint64_t)_mm_cvtsd_si64(LD(s))
                  : (uint32_t)_mm_cvtsd_si32(LD(s));
        fp_leave(env, host);
        break;

    /* ---- MMX <-> SSE conversions (MMX operands in q[0]) ---- */
    case SSE_KEY(0, 0, 0x2a): { /* cvtpi2ps: the two low floats */
        __m128 r = _mm_cvtepi32_ps(LI(s));
        D->q[0] = ((XMMReg *)&r)->q[0];
        break;
    }
    case SSE_KEY(0, 1, 0x2a): /* cvtpi2pd */
        SD(_mm_cvtepi32_pd(LI(s)));
        break;
    case SSE_KEY(0, 0, 0x2d): { /* cvtps2pi */
        __m128i r = _mm_cvtps_epi32(LS(s));
        ret = ((XMMReg *)&r)->q[0];
        break;
    }
    case SSE_KEY(0, 0, 0x2c): { /* cvttps2pi */
        __m128i r = _mm_cvttps_epi32(LS(s));
        ret = ((XMMReg *)&r)->q[0];
        break;
    }
    case SSE_KEY(0, 1, 0x2d): { /* cvtpd2pi */
        __m128i r = _mm_cvtpd_epi32(LD(s));
        ret = ((XMMReg *)&r)->q[0];
        break;
    }
    case SSE_KEY(0, 1, 0x2c): { /* cvttpd2pi */
        __m128i r = _mm_cvttpd_epi32(LD(s));
        ret = ((XMMReg *)&r)->q[0];
        break;
    }

    /* ---- compares into EFLAGS ---- */
    case SSE_KEY(0, 0, 0x2e): case SSE_KEY(0, 0, 0x2f): {
        __m128 a = _mm_load_ss(&R(d)->s[0]), b = _mm_load_ss(&R(s)->s[0]);
        host = fp_enter(env);
        if ((key & 0xff) == 0x2e) {
            ret = comis_flags(_mm_ucomilt_ss(a, b), _mm_ucomieq_ss(a, b),
                              _mm_movemask_ps(_mm_cmpunord_ss(a, b)) & 1);
        } else {
            ret = comis_flags(_mm_comilt_ss(a, b), _mm_comieq_ss(a, b),
                              _mm_movemask_ps(_mm_cmpunord_ss(a, b)) & 1);
        }
        fp_leave(env, host);
        break;
    }
    case SSE_KEY(0, 1, 0x2e): case SSE_KEY(0, 1, 0x2f): {
        __m128d a = LSD(d), b = LSD(s);
        host = fp_enter(env);
        if ((key & 0xff) == 0x2e) {
            ret = comis_flags(_mm_ucomilt_sd(a, b), _mm_ucomieq_sd(a, b),
                              _mm_movemask_pd(_mm_cmpunord_sd(a, b)) & 1);
        } else {
            ret = comis_flags(_mm_comilt_sd(a, b), _mm_comieq_sd(a, b),
                              _mm_movemask_pd(_mm_cmpunord_sd(a, b)) & 1);
        }
        fp_leave(env, host);
        break;
    }

    case SSE_KEY(0, 0, 0x50): ret = _mm_movemask_ps(LS(s)); break;
    case SSE_KEY(0, 1, 0x50): ret = _mm_movemask_pd(LD(s)); break;

/*
 * Scalar forms touch only the low element: loading just that element
 * avoids a store-forwarding stall on the freshly written scratch operand.
 */
#define STS(v) _mm_store_ss(&R(d)->s[0], (v))
#define STD(v) _mm_store_sd(&R(d)->d[0], (v))
#define FP4(op, ps, ss, pd, sd) \
    case SSE_KEY(0, 0, op): SS(ps(LS(d), LS(s))); break; \
    case SSE_KEY(0, 2, op): STS(ss(LSS(d), LSS(s))); break; \
    case SSE_KEY(0, 1, op): SD(pd(LD(d), LD(s))); break; \
    case SSE_KEY(0, 3, op): STD(sd(LSD(d), LSD(s))); break;
    FP4(0x58, _mm_add_ps, _mm_add_ss, _mm_add_pd, _mm_add_sd)
    FP4(0x59, _mm_mul_ps, _mm_mul_ss, _mm_mul_pd, _mm_mul_sd)
    FP4(0x5c, _mm_sub_ps, _mm_sub_ss, _mm_sub_pd, _mm_sub_sd)
    FP4(0x5d, _mm_min_ps, _mm_min_ss, _mm_min_pd, _mm_min_sd)
    FP4(0x5e, _mm_div_ps, _mm_div_ss, _mm_div_pd, _mm_div_sd)
    FP4(0x5f, _mm_max_ps, _mm_max_ss, _mm_max_pd, _mm_max_sd)
#undef FP4
    case SSE_KEY(0, 0, 0x51):
        host = fp_enter(env); SS(_mm_sqrt_ps(LS(s))); fp_leave(env, host);
        break;
    case SSE_KEY(0, 2, 0x51):
        host = fp_enter(env); SS(_mm_move_ss(LS(d), _mm_sqrt_ss(LS(s))));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 1, 0x51):
        host = fp_enter(env); SD(_mm_sqrt_pd(LD(s))); fp_leave(env, host);
        break;
    case SSE_KEY(0, 3, 0x51):
        host = fp_enter(env); SD(_mm_sqrt_sd(LD(d), LD(s)));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 0, 0x52): SS(_mm_rsqrt_ps(LS(s))); break;
    case SSE_KEY(0, 2, 0x52): SS(_mm_move_ss(LS(d), _mm_rsqrt_ss(LS(s)))); break;
    case SSE_KEY(0, 0, 0x53): SS(_mm_rcp_ps(LS(s))); break;
    case SSE_KEY(0, 2, 0x53): SS(_mm_move_ss(LS(d), _mm_rcp_ss(LS(s)))); break;
    case SSE_KEY(0, 0, 0x54): case SSE_KEY(0, 1, 0x54):
        SI(_mm_and_si128(LI(d), LI(s))); break;
    case SSE_KEY(0, 0, 0x55): case SSE_KEY(0, 1, 0x55):
        SI(_mm_andnot_si128(LI(d), LI(s))); break;
    case SSE_KEY(0, 0, 0x56): case SSE_KEY(0, 1, 0x56):
        SI(_mm_or_si128(LI(d), LI(s))); break;
    case SSE_KEY(0, 0, 0x57): case SSE_KEY(0, 1, 0x57):
        SI(_mm_xor_si128(LI(d), LI(s))); break;
    case SSE_KEY(0, 0, 0x5a):
        host = fp_enter(env); SD(_mm_cvtps_pd(LS(s))); fp_leave(env, host);
        break;
    case SSE_KEY(0, 1, 0x5a):
        host = fp_enter(env); SS(_mm_cvtpd_ps(LD(s))); fp_leave(env, host);
        break;
    case SSE_KEY(0, 2, 0x5a):
        host = fp_enter(env); SD(_mm_cvtss_sd(LD(d), LS(s)));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 3, 0x5a):
        host = fp_enter(env); SS(_mm_cvtsd_ss(LS(d), LD(s)));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 0, 0x5b):
        host = fp_enter(env); SS(_mm_cvtepi32_ps(LI(s))); fp_leave(env, host);
        break;
    case SSE_KEY(0, 1, 0x5b):
        host = fp_enter(env); SI(_mm_cvtps_epi32(LS(s))); fp_leave(env, host);
        break;
    case SSE_KEY(0, 2, 0x5b):
        host = fp_enter(env); SI(_mm_cvttps_epi32(LS(s)));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 1, 0xe6):
        host = fp_enter(env); SI(_mm_cvttpd_epi32(LD(s)));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 2, 0xe6):
        host = fp_enter(env); SD(_mm_cvtepi32_pd(LI(s))); fp_leave(env, host);
        break;
    case SSE_KEY(0, 3, 0xe6):
        host = fp_enter(env); SI(_mm_cvtpd_epi32(LD(s))); fp_leave(env, host);
        break;
    case SSE_KEY(0, 0, 0xc2):
        host = fp_enter(env); SS(cmpps(LS(d), LS(s), imm));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 2, 0xc2):
        host = fp_enter(env); SS(cmpss(LS(d), LS(s), imm));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 1, 0xc2):
        host = fp_enter(env); SD(cmppd(LD(d), LD(s), imm));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 3, 0xc2):
        host = fp_enter(env); SD(cmpsd(LD(d), LD(s), imm));
        fp_leave(env, host);
        break;
    case SSE_KEY(0, 0, 0xc6): { /* shufps */
        XMMReg a = *D, b = *S;
        D->l[0] = a.l[imm & 3];
        D->l[1] = a.l[(imm >> 2) & 3];
        D->l[2] = b.l[(imm >> 4) & 3];
        D->l[3] = b.l[(imm >> 6) & 3];
        break;
    }
    case SSE_KEY(0, 1, 0xc6): { /* shufpd */
        XMMReg a = *D, b = *S;
        D->q[0] = a.q[imm & 1];
        D->q[1] = b.q[(imm >> 1) & 1];
        break;
    }
    /* SSE3 float */
    case SSE_KEY(0, 1, 0xd0):
        host = fp_enter(env); SD(_mm_addsub_pd(LD(d), LD(s)));
        fp_leave(env, host); break;
    case SSE_KEY(0, 3, 0xd0):
        host = fp_enter(env); SS(_mm_addsub_ps(LS(d), LS(s)));
        fp_leave(env, host); break;
    case SSE_KEY(0, 1, 0x7c):
        host = fp_enter(env); SD(_mm_hadd_pd(LD(d), LD(s)));
        fp_leave(env, host); break;
    case SSE_KEY(0, 3, 0x7c):
        host = fp_enter(env); SS(_mm_hadd_ps(LS(d), LS(s)));
        fp_leave(env, host); break;
    case SSE_KEY(0, 1, 0x7d):
        host = fp_enter(env); SD(_mm_hsub_pd(LD(d), LD(s)));
        fp_leave(env, host); break;
    case SSE_KEY(0, 3, 0x7d):
        host = fp_enter(env); SS(_mm_hsub_ps(LS(d), LS(s)));
        fp_leave(env, host); break;

    /* ---- integer SIMD (66 prefix) ---- */
#define I2(op, fn) case SSE_KEY(0, 1, op): SI(fn(LI(d), LI(s))); break;
    I2(0x60, _mm_unpacklo_epi8) I2(0x61, _mm_unpacklo_epi16)
    I2(0x62, _mm_unpacklo_epi32) I2(0x63, _mm_packs_epi16)
    I2(0x64, _mm_cmpgt_epi8) I2(0x65, _mm_cmpgt_epi16)
    I2(0x66, _mm_cmpgt_epi32) I2(0x67, _mm_packus_epi16)
    I2(0x68, _mm_unpackhi_epi8) I2(0x69, _mm_unpackhi_epi16)
    I2(0x6a, _mm_unpackhi_epi32) I2(0x6b, _mm_packs_epi32)
    I2(0x6c, _mm_unpacklo_epi64) I2(0x6d, _mm_unpackhi_epi64)
    I2(0x74, _mm_cmpeq_epi8) I2(0x75, _mm_cmpeq_epi16)
    I2(0x76, _mm_cmpeq_epi32)
    I2(0xd4, _mm_add_epi64) I2(0xd5, _mm_mullo_epi16)
    I2(0xd8, _mm_subs_epu8) I2(0xd9, _mm_subs_epu16) I2(0xda, _mm_min_epu8)
    I2(0xdb, _mm_and_si128) I2(0xdc, _mm_adds_epu8) I2(0xdd, _mm_adds_epu16)
    I2(0xde, _mm_max_epu8) I2(0xdf, _mm_andnot_si128)
    I2(0xe0, _mm_avg_epu8) I2(0xe3, _mm_avg_epu16) I2(0xe4, _mm_mulhi_epu16)
    I2(0xe5, _mm_mulhi_epi16) I2(0xe8, _mm_subs_epi8) I2(0xe9, _mm_subs_epi16)
    I2(0xea, _mm_min_epi16) I2(0xeb, _mm_or_si128) I2(0xec, _mm_adds_epi8)
    I2(0xed, _mm_adds_epi16) I2(0xee, _mm_max_epi16) I2(0xef, _mm_xor_si128)
    I2(0xf4, _mm_mul_epu32) I2(0xf5, _mm_madd_epi16) I2(0xf6, _mm_sad_epu8)
    I2(0xf8, _mm_sub_epi8) I2(0xf9, _mm_sub_epi16) I2(0xfa, _mm_sub_epi32)
    I2(0xfb, _mm_sub_epi64) I2(0xfc, _mm_add_epi8) I2(0xfd, _mm_add_epi16)
    I2(0xfe, _mm_add_epi32)
#undef I2
    /* shifts by an xmm count */
    case SSE_KEY(0, 1, 0xd1): SI(_mm_srl_epi16(LI(d), LI(s))); break;
    case SSE_KEY(0, 1, 0xd2): SI(_mm_srl_epi32(LI(d), LI(s))); break;
    case SSE_KEY(0, 1, 0xd3): SI(_mm_srl_epi64(LI(d), LI(s))); break;
    case SSE_KEY(0, 1, 0xe1): SI(_mm_sra_epi16(LI(d), LI(s))); break;
    case SSE_KEY(0, 1, 0xe2): SI(_mm_sra_epi32(LI(d), LI(s))); break;
    case SSE_KEY(0, 1, 0xf1): SI(_mm_sll_epi16(LI(d), LI(s))); break;
    case SSE_KEY(0, 1, 0xf2): SI(_mm_sll_epi32(LI(d), LI(s))); break;
    case SSE_KEY(0, 1, 0xf3): SI(_mm_sll_epi64(LI(d), LI(s))); break;
    /* shifts by an immediate: the group's /r in s, the register in d */
    case SSE_KEY(0, 1, 0x71): case SSE_KEY(0, 1, 0x72):
    case SSE_KEY(0, 1, 0x73): {
        __m128i v = LI(d), c = _mm_cvtsi64_si128(imm & 0xff);
        int grp = (key & 0xff) - 0x71;
        switch (grp * 8 + s) {
        case 2: SI(_mm_srl_epi16(v, c)); break;
        case 4: SI(_mm_sra_epi16(v, c)); break;
        case 6: SI(_mm_sll_epi16(v, c)); break;
        case 10: SI(_mm_srl_epi32(v, c)); break;
        case 12: SI(_mm_sra_epi32(v, c)); break;
        case 14: SI(_mm_sll_epi32(v, c)); break;
        case 18: SI(_mm_srl_epi64(v, c)); break;
        case 22: SI(_mm_sll_epi64(v, c)); break;
        case 19: /* psrldq */
            n = imm & 0xff;
            t = *D;
            for (int i = 0; i < 16; i++) {
                D->b[i] = i + n < 16 ? t.b[i + n] : 0;
            }
            break;
        case 23: /* pslldq */
            n = imm & 0xff;
            t = *D;
            for (int i = 0; i < 16; i++) {
                D->b[i] = (uint64_t)i >= n ? t.b[i - n] : 0;
            }
            break;
        default:
            break;
        }
        break;
    }
    case SSE_KEY(0, 1, 0x70): /* pshufd */
        t = *S;
        for (int i = 0; i < 4; i++) {
            D->l[i] = t.l[(imm >> (2 * i)) & 3];
        }
        break;
    case SSE_KEY(0, 2, 0x70): /* pshufhw */
        t = *S;
        D->q[0] = t.q[0];
        for (int i = 0; i < 4; i++) {
            D->w[4 + i] = t.w[4 + ((imm >> (2 * i)) & 3)];
        }
        break;
    case SSE_KEY(0, 3, 0x70): /* pshuflw */
        t = *S;
        D->q[1] = t.q[1];
        for (int i = 0; i < 4; i++) {
            D->w[i] = t.w[(imm >> (2 * i)) & 3];
        }
        break;
    case SSE_KEY(0, 1, 0xc4): /* pinsrw (s = scratch holding the value) */
        D->w[imm & 7] = S->w[0];
        break;
    case SSE_KEY(0, 1, 0xc5): /* pextrw */
        ret = S->w[imm & 7];
        break;
    case SSE_KEY(0, 1, 0xd7): /* pmovmskb */
        ret = (uint32_t)_mm_movemask_epi8(LI(s));
        break;

    /* ---- SSSE3 (0F 38 / 0F 3A, 66 prefix) ---- */
#define I38(op, fn) case SSE_KEY(1, 1, op): SI(fn(LI(d), LI(s))); break;
    I38(0x00, _mm_shuffle_epi8) I38(0x01, _mm_hadd_epi16)
    I38(0x02, _mm_hadd_epi32) I38(0x03, _mm_hadds_epi16)
    I38(0x04, _mm_maddubs_epi16) I38(0x05, _mm_hsub_epi16)
    I38(0x06, _mm_hsub_epi32) I38(0x07, _mm_hsubs_epi16)
    I38(0x08, _mm_sign_epi8) I38(0x09, _mm_sign_epi16)
    I38(0x0a, _mm_sign_epi32) I38(0x0b, _mm_mulhrs_epi16)
    /* SSE4.1 */
    I38(0x28, _mm_mul_epi32) I38(0x29, _mm_cmpeq_epi64)
    I38(0x2b, _mm_packus_epi32) I38(0x37, _mm_cmpgt_epi64)
    I38(0x38, _mm_min_epi8) I38(0x39, _mm_min_epi32) I38(0x3a, _mm_min_epu16)
    I38(0x3b, _mm_min_epu32) I38(0x3c, _mm_max_epi8) I38(0x3d, _mm_max_epi32)
    I38(0x3e, _mm_max_epu16) I38(0x3f, _mm_max_epu32)
    I38(0x40, _mm_mullo_epi32)
#undef I38
    case SSE_KEY(1, 1, 0x1c): SI(_mm_abs_epi8(LI(s))); break;
    case SSE_KEY(1, 1, 0x1d): SI(_mm_abs_epi16(LI(s))); break;
    case SSE_KEY(1, 1, 0x1e): SI(_mm_abs_epi32(LI(s))); break;
    case SSE_KEY(1, 1, 0x10): SI(_mm_blendv_epi8(LI(d), LI(s), LI(0))); break;
    case SSE_KEY(1, 1, 0x14): SS(_mm_blendv_ps(LS(d), LS(s), LS(0))); break;
    case SSE_KEY(1, 1, 0x15): SD(_mm_blendv_pd(LD(d), LD(s), LD(0))); break;
    case SSE_KEY(1, 1, 0x17): /* ptest */
        ret = (_mm_testz_si128(LI(d), LI(s)) ? CC_Z : 0) |
              (_mm_testc_si128(LI(d), LI(s)) ? CC_C : 0);
        break;
    case SSE_KEY(1, 1, 0x20): SI(_mm_cvtepi8_epi16(LI(s))); break;
    case SSE_KEY(1, 1, 0x21): SI(_mm_cvtepi8_epi32(LI(s))); break;
    case SSE_KEY(1, 1, 0x22): SI(_mm_cvtepi8_epi64(LI(s))); break;
    case SSE_KEY(1, 1, 0x23): SI(_mm_cvtepi16_epi32(LI(s))); break;
    case SSE_KEY(1, 1, 0x24): SI(_mm_cvtepi16_epi64(LI(s))); break;
    case SSE_KEY(1, 1, 0x25): SI(_mm_cvtepi32_epi64(LI(s))); break;
    case SSE_KEY(1, 1, 0x30): SI(_mm_cvtepu8_epi16(LI(s))); break;
    case SSE_KEY(1, 1, 0x31): SI(_mm_cvtepu8_epi32(LI(s))); break;
    case SSE_KEY(1, 1, 0x32): SI(_mm_cvtepu8_epi64(LI(s))); break;
    case SSE_KEY(1, 1, 0x33): SI(_mm_cvtepu16_epi32(LI(s))); break;
    case SSE_KEY(1, 1, 0x34): SI(_mm_cvtepu16_epi64(LI(s))); break;
    case SSE_KEY(1, 1, 0x35): SI(_mm_cvtepu32_epi64(LI(s))); break;
    case SSE_KEY(1, 1, 0x41): SI(_mm_minpos_epu16(LI(s))); break;
    case SSE_KEY(2, 1, 0x0f): { /* palignr */
        uint8_t buf[32];
        memcpy(buf, S, 16);
        memcpy(buf + 16, D, 16);
        for (int i = 0; i < 16; i++) {
            D->b[i] = i + imm < 32 ? buf[i + imm] : 0;
        }
        break;
    }
    case SSE_KEY(2, 1, 0x08):
        host = fp_enter(env); SS(roundps(LS(d), LS(s), imm));
        fp_leave(env, host); break;
    case SSE_KEY(2, 1, 0x09):
        host = fp_enter(env); SD(roundpd(LD(d), LD(s), imm));
        fp_leave(env, host); break;
    case SSE_KEY(2, 1, 0x0a):
        host = fp_enter(env); SS(roundss(LS(d), LS(s), imm));
        fp_leave(env, host); break;
    case SSE_KEY(2, 1, 0x0b):
        host = fp_enter(env); SD(roundsd(LD(d), LD(s), imm));
        fp_leave(env, host); break;
    case SSE_KEY(2, 1, 0x0c): /* blendps */
        t = *S;
        for (int i = 0; i < 4; i++) {
            if (imm & (1 << i)) {
                D->l[i] = t.l[i];
            }
        }
        break;
    case SSE_KEY(2, 1, 0x0d): /* blendpd */
        t = *S;
        for (int i = 0; i < 2; i++) {
            if (imm & (1 << i)) {
                D->q[i] = t.q[i];
            }
        }
        break;
    case SSE_KEY(2, 1, 0x0e): /* pblendw */
        t = *S;
        for (int i = 0; i < 8; i++) {
            if (imm & (1 << i)) {
                D->w[i] = t.w[i];
            }
        }
        break;
    case SSE_KEY(2, 1, 0x14): ret = S->b[imm & 15]; break;     /* pextrb */
    case SSE_KEY(2, 1, 0x15): ret = S->w[imm & 7]; break;      /* pextrw */
    case SSE_KEY(2, 1, 0x16):                                  /* pextrd/q */
        ret = (imm & 0x100) ? S->q[imm & 1] : S->l[imm & 3];
        break;
    case SSE_KEY(2, 1, 0x17): ret = S->l[imm & 3]; break;      /* extractps */
    case SSE_KEY(2, 1, 0x20): D->b[imm & 15] = S->b[0]; break; /* pinsrb */
    case SSE_KEY(2, 1, 0x21): { /* insertps */
        uint32_t v = S->l[(s == XMM_SCRATCH) ? 0 : (imm >> 6) & 3];
        D->l[(imm >> 4) & 3] = v;
        for (int i = 0; i < 4; i++) {
            if (imm & (1 << i)) {
                D->l[i] = 0;
            }
        }
        break;
    }
    case SSE_KEY(2, 1, 0x22): /* pinsrd/q */
        if (imm & 0x100) {
            D->q[imm & 1] = S->q[0];
        } else {
            D->l[imm & 3] = S->l[0];
        }
        break;
    default:
        /* the decoder only passes keys listed here */
        break;
    }
    return ret;
}

/*
 * SSE exceptions the guest unmasked: the op runs with the host's flags
 * cleared; one it raises that the guest unmasked is #XM, with the
 * destination unchanged (a fault, as on hardware).  The flags raised are
 * kept either way.
 */
static uint32_t xmm_trap_begin(CPUX86State *env, uint64_t d, XMMReg *saved)
{
    uint32_t csr = _mm_getcsr();

    *saved = env->xmm_regs[d];
    _mm_setcsr(csr & ~0x3fu);
    return csr;
}

static void xmm_trap_end(CPUX86State *env, uint32_t csr, uint64_t d,
                         const XMMReg *saved, uintptr_t ra)
{
    uint32_t raised = _mm_getcsr() & 0x3f;

    _mm_setcsr(csr | raised);
    if (raised & ~(env->mxcsr >> 7) & 0x3f) {
        env->xmm_regs[d] = *saved;
        raise_exception_ra(env, EXCP13_XMM, ra);
    }
}

uint64_t helper_sse_checked(CPUX86State *env, uint64_t key, uint64_t d,
                            uint64_t s, uint64_t imm)
{
    XMMReg saved;
    uint32_t csr = xmm_trap_begin(env, d, &saved);
    uint64_t r = helper_sse(env, key, d, s, imm);

    xmm_trap_end(env, csr, d, &saved, GETPC());
    return r;
}

void helper_sse_imm_checked(CPUX86State *env, uint64_t op_imm, uint64_t d,
                            uint64_t s)
{
    XMMReg saved;
    uint32_t csr = xmm_trap_begin(env, d, &saved);

    helper_sse_imm(env, op_imm, d, s);
    xmm_trap_end(env, csr, d, &saved, GETPC());
}

void helper_ldmxcsr(CPUX86State *env, uint64_t val)
{
    if (val & 0xffff0000u) {
        raise_exception_ra(env, EXCP0D_GPF, GETPC());
    }
    env->mxcsr = (uint32_t)val;
    x86_mxcsr_to_host(env);
}

/*
 * The 512-byte FXSAVE image (64-bit layout) of the x87/MMX/SSE state, in
 * host memory: shared by the FXSAVE/FXRSTOR instructions and the signal
 * frames of linux-user.
 */
void x86_fxsave_image(CPUX86State *env, uint8_t *p)
{
    uint16_t fsw = (env->fpus & ~0x3800) | (env->fpstt & 7) << 11;
    uint32_t mxcsr = x86_mxcsr_from_host(env);
    uint32_t mask = X86_MXCSR_MASK;
    uint8_t ftw = 0;

    memset(p, 0, X86_FXSAVE_SIZE);
    for (int i = 0; i < 8; i++) {
        ftw |= env->fptags[i] ? 0 : 1 << i;    /* abridged: 1 = valid */
    }
    memcpy(p + 0, &env->fpuc, 2);
    memcpy(p + 2, &fsw, 2);
    p[4] = ftw;
    memcpy(p + 6, &env->fpop, 2);
    memcpy(p + 8, &env->fpip, 8);
    memcpy(p + 16, &env->fpdp, 8);
    memcpy(p + 24, &mxcsr, 4);
    memcpy(p + 28, &mask, 4);
    for (int i = 0; i < 8; i++) {
        const FPReg *r = &env->fpregs[(env->fpstt + i) & 7];
        memcpy(p + 32 + i * 16, &r->low, 8);
        memcpy(p + 40 + i * 16, &r->high, 2);
    }
    memcpy(p + 160, env->xmm_regs, CPU_NB_REGS * 16);
}

/* Load the state from an image; MXCSR bits outside the mask are dropped. */
void x86_fxrstor_image(CPUX86State *env, const uint8_t *p)
{
    uint16_t fsw;
    uint32_t mxcsr;
    uint8_t ftw = p[4];

    memcpy(&env->fpuc, p, 2);
    memcpy(&fsw, p + 2, 2);
    memcpy(&env->fpop, p + 6, 2);
    memcpy(&env->fpip, p + 8, 8);
    memcpy(&env->fpdp, p + 16, 8);
    memcpy(&mxcsr, p + 24, 4);
    env->mxcsr = mxcsr & X86_MXCSR_MASK;
    env->fpstt = (fsw >> 11) & 7;
    env->fpus = fsw & ~0x3800;
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = !((ftw >> i) & 1);
    }
    for (int i = 0; i < 8; i++) {
        FPReg *r = &env->fpregs[(env->fpstt + i) & 7];
        memcpy(&r->low, p + 32 + i * 16, 8);
        memcpy(&r->high, p + 40 + i * 16, 2);
    }
    memcpy(env->xmm_regs, p + 160, CPU_NB_REGS * 16);
    x86_mxcsr_to_host(env);
}

void helper_fxsave(CPUX86State *env, uint64_t addr)
{
    uint8_t img[X86_FXSAVE_SIZE];

    if (addr & 15) {
        raise_exception_ra(env, EXCP0D_GPF, GETPC());
    }
    x86_fxsave_image(env, img);
    set_helper_retaddr(GETPC());
    memcpy(g2h(addr), img, sizeof(img));
    clear_helper_retaddr();
}

void helper_fxrstor(CPUX86State *env, uint64_t addr)
{
    uint8_t img[X86_FXSAVE_SIZE];
    uint32_t mxcsr;

    if (addr & 15) {
        raise_exception_ra(env, EXCP0D_GPF, GETPC());
    }
    set_helper_retaddr(GETPC());
    memcpy(img, g2h(addr), sizeof(img));
    clear_helper_retaddr();
    memcpy(&mxcsr, img + 24, 4);
    if (mxcsr & ~X86_MXCSR_MASK) {
        raise_exception_ra(env, EXCP0D_GPF, GETPC());
    }
    x86_fxrstor_image(env, img);
}

/*
 * Dedicated helpers for the most frequent two-operand operations: one
 * small function each (no dispatch, no saved registers), called with
 * pointers to the two registers.
 */
#define FAST_I(name, fn) \
static void fast_##name(XMMReg *d, const XMMReg *s) \
{ \
    store_halves(d, _mm_castsi128_pd(fn(_mm_castpd_si128(load_halves(d)), \
                                        _mm_castpd_si128(load_halves(s))))); \
}
#define FAST_SD(name, fn) \
static void fast_##name(XMMReg *d, const XMMReg *s) \
{ \
    _mm_store_sd(&d->d[0], fn(_mm_load_sd(&d->d[0]), _mm_load_sd(&s->d[0]))); \
}
#define FAST_SS(name, fn) \
static void fast_##name(XMMReg *d, const XMMReg *s) \
{ \
    _mm_store_ss(&d->s[0], fn(_mm_load_ss(&d->s[0]), _mm_load_ss(&s->s[0]))); \
}
#define FAST_PD(name, fn) \
static void fast_##name(XMMReg *d, const XMMReg *s) \
{ \
    store_halves(d, fn(_mm_loadu_pd(d->d), _mm_loadu_pd(s->d))); \
}
#define FAST_PS(name, fn) \
static void fast_##name(XMMReg *d, const XMMReg *s) \
{ \
    store_halves(d, _mm_castps_pd(fn(_mm_loadu_ps(d->s), \
                                     _mm_loadu_ps(s->s)))); \
}
FAST_I(pcmpeqb, _mm_cmpeq_epi8)
FAST_I(pcmpeqw, _mm_cmpeq_epi16)
FAST_I(pcmpeqd, _mm_cmpeq_epi32)
FAST_I(pminub, _mm_min_epu8)
FAST_I(pmaxub, _mm_max_epu8)
FAST_I(paddb, _mm_add_epi8)
FAST_I(paddd, _mm_add_epi32)
FAST_I(paddq, _mm_add_epi64)
FAST_I(psubb, _mm_sub_epi8)
FAST_I(psubd, _mm_sub_epi32)
FAST_I(psubq, _mm_sub_epi64)
FAST_I(punpcklbw, _mm_unpacklo_epi8)
FAST_I(punpcklqdq, _mm_unpacklo_epi64)
FAST_I(pcmpgtb, _mm_cmpgt_epi8)
FAST_SD(addsd, _mm_add_sd)
FAST_SD(subsd, _mm_sub_sd)
FAST_SD(mulsd, _mm_mul_sd)
FAST_SD(divsd, _mm_div_sd)
FAST_SD(minsd, _mm_min_sd)
FAST_SD(maxsd, _mm_max_sd)
FAST_SS(addss, _mm_add_ss)
FAST_SS(subss, _mm_sub_ss)
FAST_SS(mulss, _mm_mul_ss)
FAST_SS(divss, _mm_div_ss)
FAST_PD(addpd, _mm_add_pd)
FAST_PD(mulpd, _mm_mul_pd)
FAST_PD(subpd, _mm_sub_pd)
FAST_PS(addps, _mm_add_ps)
FAST_PS(mulps, _mm_mul_ps)

static void fast_sqrtsd(XMMReg *d, const XMMReg *s)
{
    _mm_store_sd(&d->d[0], _mm_sqrt_sd(_mm_load_sd(&d->d[0]),
                                       _mm_load_sd(&s->d[0])));
}

const SSEFastOp sse_fast_ops[] = {
    { SSE_KEY(0, 1, 0x74), fast_pcmpeqb, "pcmpeqb" },
    { SSE_KEY(0, 1, 0x75), fast_pcmpeqw, "pcmpeqw" },
    { SSE_KEY(0, 1, 0x76), fast_pcmpeqd, "pcmpeqd" },
    { SSE_KEY(0, 1, 0xda), fast_pminub, "pminub" },
    { SSE_KEY(0, 1, 0xde), fast_pmaxub, "pmaxub" },
    { SSE_KEY(0, 1, 0xfc), fast_paddb, "paddb" },
    { SSE_KEY(0, 1, 0xfe), fast_paddd, "paddd" },
    { SSE_KEY(0, 1, 0xd4), fast_paddq, "paddq" },
    { SSE_KEY(0, 1, 0xf8), fast_psubb, "psubb" },
    { SSE_KEY(0, 1, 0xfa), fast_psubd, "psubd" },
    { SSE_KEY(0, 1, 0xfb), fast_psubq, "psubq" },
    { SSE_KEY(0, 1, 0x60), fast_punpcklbw, "punpcklbw" },
    { SSE_KEY(0, 1, 0x6c), fast_punpcklqdq, "punpcklqdq" },
    { SSE_KEY(0, 1, 0x64), fast_pcmpgtb, "pcmpgtb" },
    { SSE_KEY(0, 3, 0x58), fast_addsd, "addsd" },
    { SSE_KEY(0, 3, 0x5c), fast_subsd, "subsd" },
    { SSE_KEY(0, 3, 0x59), fast_mulsd, "mulsd" },
    { SSE_KEY(0, 3, 0x5e), fast_divsd, "divsd" },
    { SSE_KEY(0, 3, 0x5d), fast_minsd, "minsd" },
    { SSE_KEY(0, 3, 0x5f), fast_maxsd, "maxsd" },
    { SSE_KEY(0, 3, 0x51), fast_sqrtsd, "sqrtsd" },
    { SSE_KEY(0, 2, 0x58), fast_addss, "addss" },
    { SSE_KEY(0, 2, 0x5c), fast_subss, "subss" },
    { SSE_KEY(0, 2, 0x59), fast_mulss, "mulss" },
    { SSE_KEY(0, 2, 0x5e), fast_divss, "divss" },
    { SSE_KEY(0, 1, 0x58), fast_addpd, "addpd" },
    { SSE_KEY(0, 1, 0x59), fast_mulpd, "mulpd" },
    { SSE_KEY(0, 1, 0x5c), fast_subpd, "subpd" },
    { SSE_KEY(0, 0, 0x58), fast_addps, "addps" },
    { SSE_KEY(0, 0, 0x59), fast_mulps, "mulps" },
    { 0, NULL, NULL },
};

/* PMOVMSKB as its own small helper (string functions use it a lot) */
uint64_t helper_pmovmskb(const XMMReg *s)
{
    return (uint32_t)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)s));
}

/*
 * SSE4.2 string compares: the immediate selects the operation, so the
 * host instruction is instantiated once per immediate value.  Returns
 * ECX/the mask in the low 32 bits... see helper_pcmpstr for the layout.
 */
#define R4(m, x) m(x) m(x + 1) m(x + 2) m(x + 3)
#define R16(m, x) R4(m, x) R4(m, x + 4) R4(m, x + 8) R4(m, x + 12)
#define R256(m) R16(m, 0) R16(m, 16) R16(m, 32) R16(m, 48) R16(m, 64) \
    R16(m, 80) R16(m, 96) R16(m, 112) R16(m, 128) R16(m, 144) R16(m, 160) \
    R16(m, 176) R16(m, 192) R16(m, 208) R16(m, 224) R16(m, 240)

/*
 * @kind: 0 pcmpestrm, 1 pcmpestri, 2 pcmpistrm, 3 pcmpistri.  The
 * explicit lengths come in env->regs (RAX, RDX), read by the caller and
 * passed as @la/@ld.  Returns the flags (CF ZF SF OF) in bits 0..15 and
 * ECX in bits 32..63; the mask forms write xmm0 themselves.
 */
uint64_t helper_pcmpstr(CPUX86State *env, uint64_t kind_imm, uint64_t d,
                        uint64_t s, uint64_t lens)
{
    __m128i a = LI(d), b = LI(s), mask = _mm_setzero_si128();
    int kind = kind_imm >> 8, imm = kind_imm & 0xff;
    int64_t la = (int64_t)(int32_t)lens, lb = (int64_t)(lens >> 32);
    uint64_t flags = 0, ecx = 0;

    (void)la;
    (void)lb;
    switch (kind) {
    case 0:
#define EM(i) case i: __asm__("pcmpestrm %[im], %[b], %[a]; pushfq; pop %[f]" \
        : "=Yz"(mask), [f] "=r"(flags) : [a] "x"(a), [b] "x"(b), \
          "a"((int32_t)lens), "d"((int32_t)(lens >> 32)), [im] "i"(i) : "cc"); break;
        switch (imm) { R256(EM) }
        break;
    case 1:
#define EI(i) case i: __asm__("pcmpestri %[im], %[b], %[a]; pushfq; pop %[f]" \
        : "=c"(ecx), [f] "=r"(flags) : [a] "x"(a), [b] "x"(b), \
          "a"((int32_t)lens), "d"((int32_t)(lens >> 32)), [im] "i"(i) : "cc"); break;
        switch (imm) { R256(EI) }
        break;
    case 2:
#define IM(i) case i: __asm__("pcmpistrm %[im], %[b], %[a]; pushfq; pop %[f]" \
        : "=Yz"(mask), [f] "=r"(flags) : [a] "x"(a), [b] "x"(b), \
          [im] "i"(i) : "cc"); break;
        switch (imm) { R256(IM) }
        break;
    default:
#define II(i) case i: __asm__("pcmpistri %[im], %[b], %[a]; pushfq; pop %[f]" \
        : "=c"(ecx), [f] "=r"(flags) : [a] "x"(a), [b] "x"(b), \
          [im] "i"(i) : "cc"); break;
        switch (imm) { R256(II) }
        break;
    }
    if (kind == 0 || kind == 2) {
        store_halves(R(0), _mm_castsi128_pd(mask));
    }
    return (flags & (CC_C | CC_Z | CC_S | CC_O)) | (ecx << 32);
}

uint64_t helper_crc32(uint64_t crc, uint64_t v, uint64_t size)
{
    uint32_t c = crc;

    switch (size) {
    case 1: return _mm_crc32_u8(c, v);
    case 2: return _mm_crc32_u16(c, v);
    case 4: return _mm_crc32_u32(c, v);
    default: return (uint32_t)_mm_crc32_u64(c, v);
    }
}

/* DPPS/DPPD/MPSADBW: the immediate is part of the instruction */
void helper_sse_imm(CPUX86State *env, uint64_t op_imm, uint64_t d, uint64_t s)
{
    int op = op_imm >> 8, imm = op_imm & 0xff;

    switch (op) {
    case 0x40: {
        __m128 a = LS(d), b = LS(s), r = a;
#define DPS(i) case i: r = _mm_dp_ps(a, b, i); break;
        switch (imm) { R256(DPS) }
        SS(r);
        break;
    }
    case 0x41: {
        __m128d a = LD(d), b = LD(s), r = a;
#define DPD(i) case i: r = _mm_dp_pd(a, b, i); break;
        switch (imm) { R256(DPD) }
        SD(r);
        break;
    }
    default: {
        __m128i a = LI(d), b = LI(s), r = a;
#define MPS(i) case i: r = _mm_mpsadbw_epu8(a, b, (i) & 7); break;
        switch (imm & 7) { R16(MPS, 0) }
        SI(r);
        break;
    }
    }
}

/* MASKMOVDQU: the bytes of xmm[d] whose mask byte in xmm[s] is set */
void helper_maskmov(CPUX86State *env, uint64_t d, uint64_t s, uint64_t addr)
{
    set_helper_retaddr(GETPC());
    for (int i = 0; i < 16; i++) {
        if (R(s)->b[i] & 0x80) {
            *(uint8_t *)g2h(addr + i) = R(d)->b[i];
        }
    }
    clear_helper_retaddr();
}

/*
 * SSE/SSE2 (and SSE3/SSSE3/SSE4.1 where the CPU reports them): scalar and
 * packed float/double arithmetic on edge values with each MXCSR rounding
 * mode, the MXCSR exception flags, conversions and integer SIMD.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <cpuid.h>
#include <emmintrin.h>

static const double dv[] = {
    0.0, -0.0, 1.0, -1.5, 3.0, 1e308, -1e308, 1e-310, 2.2250738585072014e-308,
    0.1, 1.0 / 3, 4294967296.5, -2147483648.5, 9.2233720368547758e18,
    INFINITY, -INFINITY, NAN, 123456789.987654321,
};
#define ND (sizeof(dv) / sizeof(dv[0]))

static uint64_t bits(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static uint32_t fbits(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

static unsigned get_mxcsr(void) { unsigned m; __asm__ volatile("stmxcsr %0" : "=m"(m)); return m; }
static void set_mxcsr(unsigned m) { __asm__ volatile("ldmxcsr %0" : : "m"(m)); }

#define SD_OP(name, insn) \
static void t_##name(unsigned rc) \
{ \
    for (unsigned i = 0; i < ND; i++) { \
        for (unsigned j = 0; j < ND; j += 2) { \
            double a = dv[i], b = dv[j]; \
            float fa = (float)dv[i], fb = (float)dv[j]; \
            set_mxcsr(0x1f80 | rc << 13); \
            __asm__ volatile(insn "sd %1, %0" : "+x"(a) : "x"(b)); \
            __asm__ volatile(insn "ss %1, %0" : "+x"(fa) : "x"(fb)); \
            printf(#name " %u %u %u: %016llx %08x %02x\n", rc, i, j, \
                   (unsigned long long)bits(a), fbits(fa), get_mxcsr() & 0x3f); \
        } \
    } \
}
SD_OP(add, "add")
SD_OP(sub, "sub")
SD_OP(mul, "mul")
SD_OP(div, "div")
SD_OP(min, "min")
SD_OP(max, "max")
SD_OP(sqrt, "sqrt")

static void t_cvt(unsigned rc)
{
    for (unsigned i = 0; i < ND; i++) {
        long long l; int n; float f; double d;
        set_mxcsr(0x1f80 | rc << 13);
        __asm__ volatile("cvtsd2si %1, %0" : "=r"(l) : "x"(dv[i]));
        __asm__ volatile("cvttsd2si %1, %0" : "=r"(n) : "x"(dv[i]));
        __asm__ volatile("cvtsd2ss %1, %0" : "=x"(f) : "x"(dv[i]));
        __asm__ volatile("cvtsi2sdq %1, %0" : "=x"(d) : "r"((long long)(bits(dv[i]) >> 3)));
        printf("cvt %u %u: %llx %x %08x %016llx %02x\n", rc, i, l, n, fbits(f),
               (unsigned long long)bits(d), get_mxcsr() & 0x3f);
    }
}

static void t_compare(void)
{
    for (unsigned i = 0; i < ND; i++) {
        for (unsigned j = 0; j < ND; j += 3) {
            uint64_t f1, f2;
            __m128d m;
            set_mxcsr(0x1f80);
            __asm__ volatile("ucomisd %2, %1; pushfq; pop %0" : "=r"(f1) : "x"(dv[i]), "x"(dv[j]) : "cc");
            __asm__ volatile("comisd %2, %1; pushfq; pop %0" : "=r"(f2) : "x"(dv[i]), "x"(dv[j]) : "cc");
            m = _mm_cmplt_pd(_mm_set_pd(dv[i], dv[j]), _mm_set_pd(dv[j], dv[i]));
            printf("cmp %u %u: %03llx %03llx %d %02x\n", i, j,
                   (unsigned long long)(f1 & 0x8d5), (unsigned long long)(f2 & 0x8d5),
                   _mm_movemask_pd(m), get_mxcsr() & 0x3f);
        }
    }
}

static void pr(const char *name, __m128i v)
{
    uint64_t q[2];
    memcpy(q, &v, 16);
    printf("%s %016llx%016llx\n", name, (unsigned long long)q[1], (unsigned long long)q[0]);
}

static void t_int(void)
{
    __m128i a = _mm_set_epi64x(0x8000ffff7fff0001ll, 0x0123456789abcdefll);
    __m128i b = _mm_set_epi64x(0xfedcba9876543210ll, 0x7f80ff0100017ffell);
    pr("paddb", _mm_add_epi8(a, b)); pr("paddsw", _mm_adds_epi16(a, b));
    pr("paddusb", _mm_adds_epu8(a, b)); pr("psubq", _mm_sub_epi64(a, b));
    pr("psubsb", _mm_subs_epi8(a, b)); pr("pmullw", _mm_mullo_epi16(a, b));
    pr("pmulhw", _mm_mulhi_epi16(a, b)); pr("pmuludq", _mm_mul_epu32(a, b));
    pr("pmaddwd", _mm_madd_epi16(a, b)); pr("psadbw", _mm_sad_epu8(a, b));
    pr("pavgb", _mm_avg_epu8(a, b)); pr("pminub", _mm_min_epu8(a, b));
    pr("pmaxsw", _mm_max_epi16(a, b)); pr("pcmpeqb", _mm_cmpeq_epi8(a, a));
    pr("pcmpgtd", _mm_cmpgt_epi32(a, b)); pr("packsswb", _mm_packs_epi16(a, b));
    pr("packuswb", _mm_packus_epi16(a, b)); pr("packssdw", _mm_packs_epi32(a, b));
    pr("punpcklbw", _mm_unpacklo_epi8(a, b)); pr("punpckhwd", _mm_unpackhi_epi16(a, b));
    pr("punpckldq", _mm_unpacklo_epi32(a, b)); pr("punpckhqdq", _mm_unpackhi_epi64(a, b));
    pr("pshufd", _mm_shuffle_epi32(a, 0x1b)); pr("pshuflw", _mm_shufflelo_epi16(a, 0x93));
    pr("pshufhw", _mm_shufflehi_epi16(b, 0x39));
    pr("psllw", _mm_slli_epi16(a, 3)); pr("psrad", _mm_srai_epi32(b, 7));
    pr("psrlq", _mm_srli_epi64(a, 33)); pr("pslldq", _mm_slli_si128(a, 5));
    pr("psrldq", _mm_srli_si128(b, 9)); pr("psllq-x", _mm_sll_epi64(a, _mm_cvtsi32_si128(70)));
    pr("psraw-x", _mm_sra_epi16(b, _mm_cvtsi32_si128(3)));
    pr("pandn", _mm_andnot_si128(a, b)); pr("por", _mm_or_si128(a, b));
    printf("pmovmskb %x\n", _mm_movemask_epi8(b));
    printf("pextrw %x\n", _mm_extract_epi16(b, 5));
    pr("pinsrw", _mm_insert_epi16(a, 0xbeef, 6));
    pr("cvtps2dq", _mm_cvtps_epi32(_mm_set_ps(1.5f, -2.5f, 1e10f, 0.49f)));
    pr("cvttpd2dq", _mm_cvttpd_epi32(_mm_set_pd(-1.9, 2147483648.0)));
    {
        __m128 x = _mm_set_ps(1.0f, 2.0f, 3.0f, 4.0f), y = _mm_set_ps(-0.0f, NAN, 5.0f, 0.5f);
        __m128 r = _mm_shuffle_ps(x, y, 0x4e);
        pr("shufps", _mm_castps_si128(r));
        pr("unpcklps", _mm_castps_si128(_mm_unpacklo_ps(x, y)));
        pr("maxps", _mm_castps_si128(_mm_max_ps(x, y)));
        pr("cmpneqps", _mm_castps_si128(_mm_cmpneq_ps(x, y)));
        pr("rcpps-mask", _mm_castps_si128(_mm_and_ps(_mm_rcp_ps(x), _mm_castsi128_ps(_mm_set1_epi32(0xffff0000)))));
        pr("cvtps2pd", _mm_castpd_si128(_mm_cvtps_pd(y)));
        printf("movmskps %x\n", _mm_movemask_ps(y));
    }
}

static void t_ssse3_sse41(void)
{
    unsigned a, b, c, d;
    __cpuid(1, a, b, c, d);
    printf("sse3 %d ssse3 %d sse41 %d\n", c & 1, (c >> 9) & 1, (c >> 19) & 1);
    if (c & (1 << 9)) {
        __m128i x = _mm_set_epi64x(0x0f0e0d0c0b0a0908ll, 0x8706050403020100ll), r;
        __m128i m = _mm_set_epi64x(0x0001020380818283ll, 0x0f0e0d0c07060504ll);
        __asm__("pshufb %2, %0" : "=x"(r) : "0"(x), "x"(m));
        pr("pshufb", r);
        __asm__("palignr $5, %2, %0" : "=x"(r) : "0"(x), "x"(m));
        pr("palignr", r);
    }
    if (c & (1 << 19)) {
        __m128i x = _mm_set_epi64x(0xff00ff00ll, -5), r;
        __asm__("pmovsxbw %1, %0" : "=x"(r) : "x"(x));
        pr("pmovsxbw", r);
        __asm__("pminsd %2, %0" : "=x"(r) : "0"(x), "x"(_mm_set1_epi32(-3)));
        pr("pminsd", r);
        double v = 2.5;
        __asm__("roundsd $4, %1, %0" : "=x"(v) : "x"(v));
        printf("roundsd %f\n", v);
    }
}

int main(void)
{
    for (unsigned rc = 0; rc < 4; rc++) {
        t_add(rc); t_sub(rc); t_mul(rc); t_div(rc); t_min(rc); t_max(rc);
        t_sqrt(rc); t_cvt(rc);
    }
    t_compare();
    t_int();
    t_ssse3_sse41();
    set_mxcsr(0x1f80);
    printf("%.17g %.17g %g\n", sin(0.5), exp(1.25), pow(2.5, 7.3));
    return 0;
}

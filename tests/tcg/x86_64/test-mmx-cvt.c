/*
 * Conversions between MMX and SSE registers (CVTPI2PS/PD, CVT(T)PS2PI,
 * CVT(T)PD2PI, MOVQ2DQ, MOVDQ2Q) and MASKMOVQ.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <emmintrin.h>
static uint64_t u(__m64 m) { return (uint64_t)_mm_cvtm64_si64(m); }
int main(void)
{
    float fs[] = { 1.5f, -2.5f, 3e9f, -0.49f, 2.5f, 1e-3f };
    for (int i = 0; i < 5; i++) {
        __m128 a = _mm_set_ps(9.f, 8.f, fs[i + 1], fs[i]);
        __m128d d = _mm_set_pd(fs[i + 1], fs[i]);
        __m64 m = _mm_cvtsi64_m64(((int64_t)(i * 1000 - 7) << 32) | (uint32_t)(-i * 3));
        float o[4]; double od[2];
        _mm_storeu_ps(o, _mm_cvtpi32_ps(a, m));
        _mm_storeu_pd(od, _mm_cvtpi32_pd(m));
        printf("%llx %llx %llx %llx %a %a %a %a %a %a\n", (unsigned long long)u(_mm_cvtps_pi32(a)),
               (unsigned long long)u(_mm_cvttps_pi32(a)), (unsigned long long)u(_mm_cvtpd_pi32(d)),
               (unsigned long long)u(_mm_cvttpd_pi32(d)), o[0], o[1], o[2], o[3], od[0], od[1]);
        __m128i x = _mm_movpi64_epi64(m);
        printf("%llx %llx\n", (unsigned long long)_mm_cvtsi128_si64(x), (unsigned long long)u(_mm_movepi64_pi64(_mm_set_epi64x(5, 77))));
    }
    char buf[16]; memset(buf, '.', 15); buf[15] = 0;
    _mm_maskmove_si64(_mm_set1_pi8('m'), _mm_set_pi8(0x80, 0, 0x80, 0, 0, 0x81, 0, -1), buf + 2);
    _mm_empty();
    printf("%s\n", buf);
    return 0;
}

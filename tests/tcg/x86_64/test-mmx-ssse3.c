/*
 * SSSE3 instructions on MMX registers (PSHUFB, horizontal add/sub,
 * PMADDUBSW, PSIGN, PMULHRSW, PABS, PALIGNR).
 */
#include <stdio.h>
#include <stdint.h>
#include <tmmintrin.h>
static const uint64_t vals[] = { 0, ~0ull, 0x8000800080008000ull, 0x7fff7fff7fff7fffull, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0f8301ff80017ffeull };
static uint64_t u(__m64 m) { return (uint64_t)_mm_cvtm64_si64(m); }
__attribute__((target("ssse3")))
int main(void)
{
    for (int i = 0; i < 7; i++) for (int j = 0; j < 7; j++) {
        __m64 a = _mm_cvtsi64_m64(vals[i]), b = _mm_cvtsi64_m64(vals[j]);
        printf("%llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx\n",
            (unsigned long long)u(_mm_shuffle_pi8(a, b)), (unsigned long long)u(_mm_hadd_pi16(a, b)),
            (unsigned long long)u(_mm_hadd_pi32(a, b)), (unsigned long long)u(_mm_hadds_pi16(a, b)),
            (unsigned long long)u(_mm_maddubs_pi16(a, b)), (unsigned long long)u(_mm_hsub_pi16(a, b)),
            (unsigned long long)u(_mm_hsubs_pi16(a, b)), (unsigned long long)u(_mm_sign_pi8(a, b)),
            (unsigned long long)u(_mm_mulhrs_pi16(a, b)), (unsigned long long)u(_mm_abs_pi16(b)),
            (unsigned long long)u(_mm_alignr_pi8(a, b, 3)), (unsigned long long)u(_mm_alignr_pi8(a, b, 11)),
            (unsigned long long)u(_mm_hsub_pi32(a, b)));
    }
    _mm_empty();
    return 0;
}

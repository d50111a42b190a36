/*
 * SSE4.1 DPPS/DPPD/MPSADBW with several immediates and SSE2 MASKMOVDQU.
 */
#include <stdio.h>
#include <string.h>
#include <smmintrin.h>
__attribute__((target("sse4.1")))
int main(void)
{
    __m128 a = _mm_set_ps(1.5f, -2.25f, 3.125f, 1e-3f), b = _mm_set_ps(0.1f, 7.0f, -1.0f, 1e30f);
    __m128d c = _mm_set_pd(1.0 / 3, -2.5), e = _mm_set_pd(3.0, 1e300);
    __m128i x = _mm_set_epi64x(0x0123456789abcdefll, 0xfedcba9876543210ll), y = _mm_set_epi64x(0x55aa55aa33cc33ccll, 0x0f0f0f0ff0f0f0f0ll);
    float f[4]; double g[2]; unsigned short w[8];
    _mm_storeu_ps(f, _mm_dp_ps(a, b, 0xff)); printf("%a %a\n", f[0], f[3]);
    _mm_storeu_ps(f, _mm_dp_ps(a, b, 0x7a)); printf("%a %a %a\n", f[0], f[1], f[2]);
    _mm_storeu_pd(g, _mm_dp_pd(c, e, 0x31)); printf("%a %a\n", g[0], g[1]);
    _mm_storeu_si128((void *)w, _mm_mpsadbw_epu8(x, y, 5)); for (int i = 0; i < 8; i++) printf("%x ", w[i]); printf("\n");
    char buf[32]; memset(buf, '.', 32); buf[31] = 0;
    __m128i v = _mm_set1_epi8('x'), m = _mm_set_epi64x(0x80008000ff000080ll, 0x0000000080808080ll);
    _mm_maskmoveu_si128(v, m, buf + 3); printf("%s\n", buf);
    return 0;
}

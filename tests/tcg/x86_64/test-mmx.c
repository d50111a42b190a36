/*
 * MMX: every arithmetic, compare, pack/unpack, shift and shuffle form on
 * edge operands, and the x87 tag/top-of-stack effects of MMX and EMMS.
 */
#include <stdio.h>
#include <stdint.h>
#include <mmintrin.h>
#include <xmmintrin.h>
#include <emmintrin.h>

static const uint64_t vals[] = {
    0, 0xffffffffffffffffull, 0x8000800080008000ull, 0x7fff7fff7fff7fffull,
    0x0123456789abcdefull, 0xfedcba9876543210ull, 0x00ff00ff80017ffeull,
};
#define NV (sizeof(vals) / sizeof(vals[0]))

static uint64_t u(__m64 m) { return (uint64_t)_mm_cvtm64_si64(m); }
static __m64 m(uint64_t v) { return _mm_cvtsi64_m64((long long)v); }

#define OP(name, fn) printf("%s %016llx\n", name, (unsigned long long)u(fn(a, b)))

int main(void)
{
    for (unsigned i = 0; i < NV; i++) {
        for (unsigned j = 0; j < NV; j++) {
            __m64 a = m(vals[i]), b = m(vals[j]);
            OP("paddb", _mm_add_pi8); OP("paddw", _mm_add_pi16);
            OP("paddd", _mm_add_pi32); OP("paddsb", _mm_adds_pi8);
            OP("paddusw", _mm_adds_pu16); OP("psubb", _mm_sub_pi8);
            OP("psubsw", _mm_subs_pi16); OP("psubusb", _mm_subs_pu8);
            OP("pmullw", _mm_mullo_pi16); OP("pmulhw", _mm_mulhi_pi16);
            OP("pmaddwd", _mm_madd_pi16); OP("pcmpeqb", _mm_cmpeq_pi8);
            OP("pcmpgtw", _mm_cmpgt_pi16); OP("pcmpgtd", _mm_cmpgt_pi32);
            OP("packsswb", _mm_packs_pi16); OP("packssdw", _mm_packs_pi32);
            OP("packuswb", _mm_packs_pu16); OP("punpcklbw", _mm_unpacklo_pi8);
            OP("punpckhbw", _mm_unpackhi_pi8); OP("punpckhwd", _mm_unpackhi_pi16);
            OP("punpckhdq", _mm_unpackhi_pi32); OP("punpckldq", _mm_unpacklo_pi32);
            OP("pand", _mm_and_si64); OP("pandn", _mm_andnot_si64);
            OP("por", _mm_or_si64); OP("pxor", _mm_xor_si64);
            OP("psllw", _mm_sll_pi16); OP("psrad", _mm_sra_pi32);
            OP("psrlq", _mm_srl_si64);
            OP("pavgb", _mm_avg_pu8); OP("pminub", _mm_min_pu8);
            OP("pmaxsw", _mm_max_pi16); OP("psadbw", _mm_sad_pu8);
            OP("pmulhuw", _mm_mulhi_pu16); OP("paddq", _mm_add_si64);
            OP("pmuludq", _mm_mul_su32);
        }
        __m64 a = m(vals[i]);
        printf("pslldi %016llx %016llx %016llx\n", (unsigned long long)u(_mm_slli_pi32(a, 5)),
               (unsigned long long)u(_mm_srai_pi16(a, 3)), (unsigned long long)u(_mm_srli_si64(a, 17)));
        printf("pshufw %016llx\n", (unsigned long long)u(_mm_shuffle_pi16(a, 0x1b)));
        printf("pmovmskb %x\n", _mm_movemask_pi8(a));
    }
    {
        unsigned short tw;
        unsigned char env[28];
        __asm__ volatile("emms; pxor %%mm1, %%mm1; fnstenv %0" : "=m"(env) : : "mm1");
        tw = env[8] | env[9] << 8;
        printf("tags after mmx %04x top %d\n", tw, (env[5] >> 3) & 7);
        __asm__ volatile("emms; fnstenv %0" : "=m"(env));
        tw = env[8] | env[9] << 8;
        printf("tags after emms %04x\n", tw);
    }
    _mm_empty();
    return 0;
}

/*
 * SSE4.2: the string compare instructions (index and mask forms, implicit
 * and explicit lengths) with several immediates, CRC32, and glibc string
 * functions that choose their SSE4.2 versions.
 */
#include <stdio.h>
#include <string.h>
#include <nmmintrin.h>
__attribute__((target("sse4.2")))
static void t(void)
{
    const char *strs[] = { "hello world", "abc", "", "zzzzzzzzzzzzzzzzzzzzzz", "a,b;c d" };
    const char *sets[] = { " ,;", "lo", "xyz", "" };
    for (int i = 0; i < 5; i++) for (int j = 0; j < 4; j++) {
        char a[16] = {0}, b[16] = {0};
        strncpy(a, sets[j], 15); strncpy(b, strs[i], 15);
        __m128i x = _mm_loadu_si128((void *)a), y = _mm_loadu_si128((void *)b);
        printf("%d %d %d %d %d %d %d\n",
            _mm_cmpistri(x, y, 0x00), _mm_cmpistri(x, y, 0x08), _mm_cmpistri(x, y, 0x44),
            _mm_cmpistrc(x, y, 0x0c), _mm_cmpistrz(x, y, 0x0c), _mm_cmpestri(x, 3, y, 9, 0x18),
            _mm_extract_epi16(_mm_cmpistrm(x, y, 0x40), 1));
    }
    unsigned c = 0;
    for (int i = 0; i < 100; i++) c = _mm_crc32_u8(c, i);
    c = _mm_crc32_u32(c, 0xdeadbeef); 
    printf("crc %x %llx\n", c, (unsigned long long)_mm_crc32_u64(c, 0x123456789ull));
}
int main(void)
{
    t();
    printf("%zu %zu %s\n", strcspn("hello, world", " ,"), strspn("aaabbbccc", "ab"), strpbrk("find;me", ";!"));
    return 0;
}

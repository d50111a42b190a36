/*
 * String instructions (with and without REP, both directions, all sizes,
 * overlapping copies) and glibc's vectorized string functions at every
 * alignment.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

static unsigned char buf[512], buf2[512];

static unsigned sum(const unsigned char *p, size_t n)
{
    unsigned h = 0;
    for (size_t i = 0; i < n; i++) {
        h = h * 31 + p[i];
    }
    return h;
}

static void fill(void)
{
    for (int i = 0; i < 512; i++) {
        buf[i] = i * 7 + 3;
        buf2[i] = i * 13 + 1;
    }
}

static void t_movs(void)
{
    for (int back = 0; back < 2; back++) {
        for (int n = 0; n < 40; n += 3) {
            void *d, *s;
            uint64_t c = n;
            fill();
            if (!back) {
                d = buf + 5; s = buf + 1;
                __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(c) : : "memory");
            } else {
                d = buf + 100; s = buf + 103;
                __asm__ volatile("std; rep movsw; cld" : "+D"(d), "+S"(s), "+c"(c) : : "memory");
            }
            printf("movs %d %d: %ld %ld %ld %08x\n", back, n,
                   (long)((unsigned char *)d - buf), (long)((unsigned char *)s - buf),
                   (long)c, sum(buf, 256));
        }
    }
    fill();
    {
        void *d = buf2, *s = buf; uint64_t c = 17;
        __asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(c) : : "memory");
        d = buf2 + 200; s = buf + 3; c = 9;
        __asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(c) : : "memory");
        printf("movsq/l %08x\n", sum(buf2, 512));
    }
}

static void t_stos_lods(void)
{
    fill();
    void *d = buf + 3; uint64_t c = 33, a = 0x1122334455667788ull;
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(c) : "a"(a) : "memory");
    d = buf + 64; c = 5;
    __asm__ volatile("rep stosq" : "+D"(d), "+c"(c) : "a"(a) : "memory");
    d = buf + 130; c = 7;
    __asm__ volatile("std; rep stosw; cld" : "+D"(d), "+c"(c) : "a"(a) : "memory");
    printf("stos %08x %ld\n", sum(buf, 256), (long)((unsigned char *)d - buf));
    {
        void *s = buf + 10; uint64_t r = 0;
        __asm__ volatile("lodsb; lodsw; lodsl" : "+S"(s), "+a"(r));
        printf("lods %llx %ld\n", (unsigned long long)r, (long)((unsigned char *)s - buf));
        __asm__ volatile("lodsq" : "+S"(s), "+a"(r));
        printf("lodsq %llx\n", (unsigned long long)r);
    }
}

static void t_scas_cmps(void)
{
    static const char str[] = "hello, string world";
    for (int ch = 'a'; ch <= 'z'; ch += 3) {
        const void *d = str; uint64_t c = sizeof(str); uint64_t f;
        __asm__ volatile("repne scasb; pushfq; pop %2" : "+D"(d), "+c"(c), "=r"(f)
                         : "a"(ch) : "cc");
        printf("scas %c %ld %ld %03llx\n", ch, (long)((const char *)d - str),
               (long)c, (unsigned long long)(f & 0x8d5));
    }
    for (int n = 0; n < 12; n++) {
        const char *a = "abcdefghij", *b = "abcdeXghij";
        const void *s = a, *d = b; uint64_t c = n, f;
        __asm__ volatile("cmp %%eax, %%eax; repe cmpsb; pushfq; pop %2"
                         : "+S"(s), "+D"(d), "+c"(c), "=r"(f) : : "cc", "rax");
        printf("cmps %d %ld %ld %03llx\n", n, (long)((const char *)s - a),
               (long)c, (unsigned long long)(f & 0x8d5));
    }
    {
        uint32_t x[4] = { 1, 2, 3, 4 }, y[4] = { 1, 2, 5, 4 };
        const void *s = x, *d = y; uint64_t c = 4, f;
        __asm__ volatile("repe cmpsl; pushfq; pop %2" : "+S"(s), "+D"(d), "+c"(c), "=r"(f) : : "cc");
        printf("cmpsl %ld %03llx\n", (long)c, (unsigned long long)(f & 0x8d5));
    }
}

static void t_libc(void)
{
    char *big = malloc(4096 + 64), *big2 = malloc(4096 + 64);
    for (int i = 0; i < 4096 + 64; i++) {
        big[i] = 'a' + i % 26;
        big2[i] = 'a' + i % 26;
    }
    for (int al = 0; al < 33; al += 1) {
        for (int len = 0; len < 300; len += 37) {
            char save = big[al + len];
            big[al + len] = 0;
            printf("strlen %d %d %zu ", al, len, strlen(big + al));
            printf("strchr %ld ", strchr(big + al, 'q') ? (long)(strchr(big + al, 'q') - big) : -1L);
            printf("strrchr %ld ", strrchr(big + al, 'c') ? (long)(strrchr(big + al, 'c') - big) : -1L);
            printf("memchr %ld ", memchr(big + al, 'z', len) ? (long)((char *)memchr(big + al, 'z', len) - big) : -1L);
            big[al + len] = save;
            big2[al + len / 2] ^= 1;
            printf("memcmp %d ", memcmp(big + al, big2 + al, len) > 0 ? 1 : memcmp(big + al, big2 + al, len) < 0 ? -1 : 0);
            printf("strncmp %d\n", strncmp(big + al, big2 + al, len) > 0 ? 1 : strncmp(big + al, big2 + al, len) < 0 ? -1 : 0);
            big2[al + len / 2] ^= 1;
            memmove(big + al + 3, big + al, len);
            memcpy(big2 + 7, big + al, len);
            memset(big + 100 + al, al, len);
        }
    }
    printf("final %08x %08x\n", sum((unsigned char *)big, 4096), sum((unsigned char *)big2, 4096));
    free(big);
    free(big2);
}

int main(void)
{
    t_movs();
    t_stos_lods();
    t_scas_cmps();
    t_libc();
    return 0;
}

/* pointer chasing through a random cyclic permutation */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
int main(void)
{
    enum { N = 1 << 20 };
    uint32_t *next = malloc(N * sizeof(*next)), *perm = malloc(N * sizeof(*perm));
    uint64_t x = 88172645463325252ull, sum = 0;
    for (uint32_t i = 0; i < N; i++) {
        perm[i] = i;
    }
    for (uint32_t i = N - 1; i > 0; i--) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        uint32_t j = x % (i + 1), t = perm[i];
        perm[i] = perm[j]; perm[j] = t;
    }
    for (uint32_t i = 0; i < N; i++) {
        next[perm[i]] = perm[(i + 1) % N];
    }
    uint32_t p = 0;
    for (int k = 0; k < 3000000; k++) {
        p = next[p];
        sum += p;
    }
    printf("%llu\n", (unsigned long long)sum);
    return 0;
}

/* integer arithmetic: hash mixing, multiplies, shifts, rotates */
#include <stdio.h>
#include <stdint.h>
int main(void)
{
    uint64_t h = 0x9e3779b97f4a7c15ull, acc = 0;
    for (uint32_t i = 0; i < 30000000; i++) {
        h ^= h >> 29;
        h *= 0xbf58476d1ce4e5b9ull;
        h += i;
        h = (h << 17) | (h >> 47);
        acc += (h & 0xffff) / ((i & 15) + 1);
    }
    printf("%llx %llx\n", (unsigned long long)h, (unsigned long long)acc);
    return 0;
}

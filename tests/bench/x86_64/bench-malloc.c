/* malloc churn: many small and medium allocations freed out of order */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
int main(void)
{
    enum { SLOTS = 4096 };
    void *slot[SLOTS] = { 0 };
    uint32_t x = 1;
    unsigned long acc = 0;
    for (int i = 0; i < 6000000; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        int k = x % SLOTS;
        if (slot[k]) {
            acc += ((unsigned char *)slot[k])[0];
            free(slot[k]);
            slot[k] = NULL;
        } else {
            size_t n = (x >> 12) % 512 + 1;
            slot[k] = malloc(n);
            memset(slot[k], (int)n, 8 < n ? 8 : n);
        }
    }
    printf("%lu\n", acc);
    return 0;
}

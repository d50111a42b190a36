/* qsort with a comparison callback, on integers and strings */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}
int main(void)
{
    enum { N = 200000, S = 50000 };
    int *v = malloc(N * sizeof(int));
    char **s = malloc(S * sizeof(char *)), *pool = malloc(S * 16);
    uint32_t x = 12345;
    for (int r = 0; r < 3; r++) {
        for (int i = 0; i < N; i++) {
            x = x * 1103515245 + 12345;
            v[i] = x >> 1;
        }
        qsort(v, N, sizeof(int), cmp_int);
    }
    for (int i = 0; i < S; i++) {
        x = x * 1103515245 + 12345;
        s[i] = pool + i * 16;
        snprintf(s[i], 16, "k%08x%03d", x, i % 1000);
    }
    qsort(s, S, sizeof(char *), cmp_str);
    printf("%d %d %s %s\n", v[0], v[N - 1], s[0], s[S - 1]);
    return 0;
}

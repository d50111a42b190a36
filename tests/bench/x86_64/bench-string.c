/* glibc string functions: memcpy, memset, strlen, strchr, strcmp, memchr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void)
{
    enum { N = 4096 };
    char *a = malloc(N + 64), *b = malloc(N + 64);
    unsigned long acc = 0;
    memset(a, 'x', N);
    a[N] = 0;
    for (int r = 0; r < 60000; r++) {
        int off = r & 31, len = N - 64 + (r & 63);
        memcpy(b + off, a + (r & 15), len);
        b[off + len - 1] = 0;
        acc += strlen(b + off);
        acc += strchr(b + off, 'y') == NULL;
        acc += memchr(a, 'z', N) == NULL;
        b[off + len / 2] = 'w';
        acc += strcmp(a, b + off) > 0;
        memset(b, r, 1024);
    }
    printf("%lu\n", acc);
    return 0;
}

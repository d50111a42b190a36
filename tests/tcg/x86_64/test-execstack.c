/*
 * A program linked with -z execstack (PT_GNU_STACK RWE) may run code on
 * its stack, as under the kernel; the stack shows up as rwx in
 * /proc/self/maps.  (Without it, test-fault's exec-noexec faults.)
 */
#include <stdio.h>
#include <string.h>

int main(void)
{
    volatile unsigned char code[] = {
        0xb8, 42, 0, 0, 0,                      /* mov $42, %eax */
        0xc3,                                   /* ret */
    };
    int (*fn)(void) = (int (*)(void))(unsigned char *)code;
    char line[256];
    FILE *f = fopen("/proc/self/maps", "r");

    while (f && fgets(line, sizeof(line), f)) {
        if (strstr(line, "[stack]")) {
            printf("stack perms: %.4s\n", strchr(line, ' ') + 1);
        }
    }
    printf("code on the stack returned %d\n", fn());
    return 0;
}

/*
 * Self-modifying code: rewriting code between calls and an instruction
 * patching the next one in the same translation block.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
typedef int (*fn_t)(void);
static unsigned char code[8192] __attribute__((aligned(4096)));
int main(void)
{
    unsigned char *p = code;
    mprotect(code, sizeof(code), PROT_READ | PROT_WRITE | PROT_EXEC);
    int sum = 0;
    for (int i = 0; i < 100; i++) {
        /* mov eax, imm32; ret */
        p[0] = 0xb8; memcpy(p + 1, &i, 4); p[5] = 0xc3;
        sum += ((fn_t)p)();
    }
    /* self-modifying within a function: patch its own immediate while running */
    unsigned char *q = code + 1024;
    unsigned char prog[] = { 0xc6, 0x05, 0x01, 0, 0, 0, 0x2a,   /* movb $42, next+1(%rip) */
                             0xb8, 1, 0, 0, 0, 0xc3 };            /* mov eax, 1; ret */
    memcpy(q, prog, sizeof(prog));
    printf("%d %d\n", sum, ((fn_t)q)());
    return 0;
}

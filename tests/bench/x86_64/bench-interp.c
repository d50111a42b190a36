/* a branchy bytecode interpreter (switch dispatch) */
#include <stdio.h>
#include <stdint.h>
enum { PUSH, ADD, SUB, DUP, JNZ, DEC, SWAP, POP, HALT, MUL, AND };
static const int prog[] = {
    PUSH, 3000000, /* counter */
    PUSH, 0,       /* acc */
    /* loop: acc = (acc * 3 + counter) & 0xffffff; counter-- */
    SWAP, DUP, 0, 0,
};
int main(void)
{
    int64_t stack[64];
    int sp = 0;
    int64_t counter = 12000000, acc = 1;
    /* a tiny program encoded inline: mixes ops to defeat prediction */
    static const uint8_t code[] = { DUP, MUL, ADD, AND, DEC, JNZ };
    uint64_t pc = 0, steps = 0;
    (void)prog;
    stack[sp++] = acc;
    while (counter) {
        uint8_t op = code[pc];
        steps++;
        switch (op) {
        case DUP: stack[sp] = stack[sp - 1]; sp++; pc++; break;
        case MUL: stack[sp - 1] *= 3; pc++; break;
        case ADD: sp--; stack[sp - 1] += stack[sp] + (counter & 7); pc++; break;
        case AND: stack[sp - 1] &= 0xffffff; pc++; break;
        case DEC: counter--; pc++; break;
        case JNZ: pc = (counter & 3) == 1 ? 2 : 0; break;
        default: return 1;
        }
        if (sp > 60 || sp < 1) {
            sp = 1;
        }
    }
    printf("%lld %llu\n", (long long)stack[0], (unsigned long long)steps);
    return 0;
}

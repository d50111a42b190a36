/*
 * SSE instructions the JIT runs as host instructions, on edge operands:
 * pcmpistri (every immediate, register and memory forms, ECX and the
 * flags), the shifts by an immediate (every count up to past the lane
 * width), register moves, and sequences that keep xmm values in host
 * registers across other code (GPR writes into xmm, stores, branches,
 * memory operands, a faulting access in between).  The output must match
 * native execution.
 */
#include <signal.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

typedef struct { uint64_t q[2]; } __attribute__((aligned(16))) V;

static V vals[] = {
    { { 0, 0 } },
    { { 0x6f6c6c6568ull, 0 } },                      /* "hello" */
    { { 0x6867666564636261ull, 0x706f6e6d6c6b6a69ull } },  /* no zero */
    { { 0x8081ff7f01007f80ull, 0xfe017f80ff00ff81ull } },
    { { 0x0000616263646566ull, 0x6162000063640000ull } },
    { { 0x7fff8000ffff0001ull, 0x0000800180007ffeull } },
    { { 0x2020202020202020ull, 0x2020202020202020ull } },
    { { 0x6c6c6568ull, 0x6f6c6c6568ull } },
    { { 0xffffffffffffffffull, 0xffffffffffffff00ull } },
    { { 0x7a61ull, 0 } },                            /* range "az" */
    { { 0x0041005a0061007aull, 0x0030003900000000ull } },
    { { 0x6565656565656565ull, 0x0065656565656565ull } },
};
#define NV (sizeof(vals) / sizeof(vals[0]))

static uint64_t sum;

static void out(const char *what, uint64_t v)
{
    sum = sum * 1000003 + v;
    (void)what;
}

/* pcmpistri with immediate I: register and memory forms */
#define PCMP(I)                                                            \
    static void pcmp_##I(const V *a, const V *b)                           \
    {                                                                      \
        uint64_t c1, f1, c2, f2;                                           \
        __asm__ volatile("movdqa %2, %%xmm1\n\tmovdqa %3, %%xmm2\n\t"      \
                         "mov $-1, %%rcx\n\t"                              \
                         "pcmpistri $" #I ", %%xmm2, %%xmm1\n\t"           \
                         "pushfq\n\tpop %1\n\tmov %%rcx, %0"               \
                         : "=r"(c1), "=r"(f1) : "m"(*a), "m"(*b)           \
                         : "rcx", "xmm1", "xmm2", "cc");                   \
        __asm__ volatile("movdqa %2, %%xmm3\n\t"                           \
                         "mov $0x1234, %%ecx\n\t"                          \
                         "pcmpistri $" #I ", %3, %%xmm3\n\t"               \
                         "pushfq\n\tpop %1\n\tmov %%rcx, %0"               \
                         : "=r"(c2), "=r"(f2) : "m"(*a), "m"(*b)           \
                         : "rcx", "xmm3", "cc");                           \
        out("c1", c1);                                                     \
        out("f1", f1 & 0x8d5);                                             \
        out("c2", c2);                                                     \
        out("f2", f2 & 0x8d5);                                             \
    }

#define H16(m, h) m(h##0) m(h##1) m(h##2) m(h##3) m(h##4) m(h##5)      \
    m(h##6) m(h##7) m(h##8) m(h##9) m(h##a) m(h##b) m(h##c) m(h##d)       \
    m(h##e) m(h##f)
#define R256(m) H16(m, 0x0) H16(m, 0x1) H16(m, 0x2) H16(m, 0x3)          \
    H16(m, 0x4) H16(m, 0x5) H16(m, 0x6) H16(m, 0x7) H16(m, 0x8)           \
    H16(m, 0x9) H16(m, 0xa) H16(m, 0xb) H16(m, 0xc) H16(m, 0xd)           \
    H16(m, 0xe) H16(m, 0xf)

R256(PCMP)
#define PTR(n) pcmp_##n,
static void (*const pcmp_fns[256])(const V *, const V *) = { R256(PTR) };

static void test_pcmpistri(void)
{
    for (int imm = 0; imm < 256; imm++) {
        for (unsigned i = 0; i < NV; i++) {
            for (unsigned j = 0; j < NV; j++) {
                pcmp_fns[imm](&vals[i], &vals[j]);
            }
        }
        printf("pcmpistri imm %02x: %016llx\n", imm,
               (unsigned long long)sum);
    }
}

/* shifts by an immediate, opcode OP /REG */
#define SH(NAME, N)                                                        \
    {                                                                      \
        V r = *v;                                                          \
        __asm__("movdqa %0, %%xmm4\n\t" NAME " $" #N ", %%xmm4\n\t"       \
                "movdqa %%xmm4, %0" : "+m"(r) : : "xmm4");                 \
        out(NAME, r.q[0]);                                                 \
        out(NAME, r.q[1]);                                                 \
    }
#define SHC(NAME) SH(NAME, 0) SH(NAME, 1) SH(NAME, 3) SH(NAME, 7)          \
    SH(NAME, 8) SH(NAME, 15) SH(NAME, 16) SH(NAME, 17) SH(NAME, 31)        \
    SH(NAME, 32) SH(NAME, 33) SH(NAME, 63) SH(NAME, 64) SH(NAME, 100)      \
    SH(NAME, 255)

static void test_shifts(void)
{
    for (unsigned i = 0; i < NV; i++) {
        const V *v = &vals[i];
        sum = 0;
        SHC("psrlw") SHC("psraw") SHC("psllw")
        SHC("psrld") SHC("psrad") SHC("pslld")
        SHC("psrlq") SHC("psllq") SHC("psrldq") SHC("pslldq")
        printf("shifts %u: %016llx\n", i, (unsigned long long)sum);
    }
}

/* movdqa/movdqu/movaps reg-reg and chains through the host registers */
static void test_moves(void)
{
    for (unsigned i = 0; i + 1 < NV; i++) {
        V a = vals[i], b = vals[i + 1], r1, r2, r3;
        uint64_t g = 0x1122334455667788ull ^ i, m;
        __asm__ volatile(
            "movdqa %4, %%xmm5\n\t"
            "movdqu %5, %%xmm6\n\t"
            "movdqa %%xmm5, %%xmm7\n\t"
            "pcmpeqb %%xmm6, %%xmm7\n\t"
            "movq %6, %%xmm5\n\t"           /* GPR write between ops */
            "pxor %%xmm7, %%xmm5\n\t"
            "movaps %%xmm5, %%xmm6\n\t"
            "pinsrq $1, %6, %%xmm6\n\t"
            "paddb %%xmm6, %%xmm5\n\t"
            "movups %%xmm5, %0\n\t"
            "movdqa %%xmm6, %%xmm6\n\t"
            "movdqa %%xmm7, %1\n\t"
            "psrldq $3, %%xmm6\n\t"
            "movdqa %%xmm6, %2\n\t"
            "palignr $5, %4, %%xmm6\n\t"
            "pminub %5, %%xmm6\n\t"
            "pcmpgtb %4, %%xmm6\n\t"
            "paddq %%xmm6, %%xmm7\n\t"
            "pshufd $0x1b, %5, %%xmm5\n\t"
            "psubd %%xmm5, %%xmm7\n\t"
            "pmovmskb %%xmm7, %3\n\t"
            : "=m"(r1), "=m"(r2), "=m"(r3), "=r"(m)
            : "m"(a), "m"(b), "r"(g) : "xmm5", "xmm6", "xmm7");
        printf("moves %u: %016llx %016llx %016llx %016llx %016llx %016llx "
               "%llx\n", i,
               (unsigned long long)r1.q[0], (unsigned long long)r1.q[1],
               (unsigned long long)r2.q[0], (unsigned long long)r2.q[1],
               (unsigned long long)r3.q[0], (unsigned long long)r3.q[1],
               (unsigned long long)m);
    }
}

/* xmm values live across a store into the register file's memory image */
static void test_overwrite(void)
{
    V a = vals[2], b = vals[3], r;
    uint64_t lo = 0x0102030405060708ull;

    __asm__ volatile(
        "movdqa %1, %%xmm0\n\t"
        "movdqa %2, %%xmm1\n\t"
        "paddb %%xmm1, %%xmm0\n\t"
        "movq %3, %%xmm1\n\t"           /* xmm1 changes under the op */
        "paddb %%xmm1, %%xmm0\n\t"
        "pinsrb $15, %k3, %%xmm0\n\t"
        "paddb %%xmm0, %%xmm0\n\t"
        "movdqa %%xmm0, %0\n\t"
        : "=m"(r) : "m"(a), "m"(b), "r"(lo) : "xmm0", "xmm1");
    printf("overwrite: %016llx %016llx\n", (unsigned long long)r.q[0],
           (unsigned long long)r.q[1]);
}

/* a loop like glibc's strcmp/strlen: branches between the xmm ops */
static void test_loop(void)
{
    static char buf[4096] __attribute__((aligned(16)));
    for (int len = 0; len < 200; len += 7) {
        uint64_t idx = 0, n = 0;
        memset(buf, 'q', sizeof(buf));
        buf[len] = 0;
        __asm__ volatile(
            "pxor %%xmm3, %%xmm3\n\t"
            "xor %0, %0\n"
            "1:\n\t"
            "movdqa (%2,%0), %%xmm0\n\t"
            "pminub 16(%2,%0), %%xmm0\n\t"
            "pcmpeqb %%xmm3, %%xmm0\n\t"
            "pmovmskb %%xmm0, %%ecx\n\t"
            "add $32, %0\n\t"
            "inc %1\n\t"
            "test %%ecx, %%ecx\n\t"
            "jz 1b\n\t"
            : "=&r"(idx), "+r"(n) : "r"(buf) : "rcx", "xmm0", "xmm3", "cc");
        printf("loop %d: %llu %llu\n", len, (unsigned long long)idx,
               (unsigned long long)n);
    }
    {
        char s1[64] __attribute__((aligned(16))) = "abcdefghijklmnopqrstuvwxyz";
        char s2[64] __attribute__((aligned(16))) = "abcdefghijklmnopqrstuvwxyZ";
        uint64_t pos = 0, c;
        __asm__ volatile(
            "xor %0, %0\n"
            "1:\n\t"
            "movdqa (%2,%0), %%xmm0\n\t"
            "pcmpistri $0x1a, (%3,%0), %%xmm0\n\t"
            "lea 16(%0), %0\n\t"
            "ja 1b\n\t"
            "mov %%rcx, %1\n\t"
            : "=&r"(pos), "=r"(c) : "r"(s1), "r"(s2) : "rcx", "xmm0", "cc");
        printf("strcmp loop: %llu %llu\n", (unsigned long long)pos,
               (unsigned long long)c);
    }
}

static sigjmp_buf jb;
static uint64_t fault_xmm[4];

/* the guest signal frame shows xmm2 and xmm4 as they were at the fault */
static void on_segv(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;

    (void)sig;
    (void)si;
    memcpy(&fault_xmm[0], &uc->uc_mcontext.fpregs->_xmm[2], 16);
    memcpy(&fault_xmm[2], &uc->uc_mcontext.fpregs->_xmm[4], 16);
    siglongjmp(jb, 1);
}

/* a fault between xmm ops: the values computed before it are not lost */
static void test_fault(void)
{
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    V a = vals[3], b = vals[5], r = { { 0, 0 } };
    volatile int faulted = 0;
    struct sigaction sa;

    munmap(p + 4096, 4096);
    memset(p, 0x11, 4096);
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    if (!sigsetjmp(jb, 1)) {
        __asm__ volatile(
            "movdqa %1, %%xmm2\n\t"
            "movdqa %1, %%xmm4\n\t"
            "paddw %2, %%xmm2\n\t"
            "movdqa %%xmm2, %0\n\t"
            "psubb %%xmm2, %%xmm4\n\t"
            "movdqu 4090(%3), %%xmm4\n\t"       /* crosses into the hole */
            "paddw %%xmm4, %%xmm2\n\t"
            "movdqa %%xmm2, %0\n\t"
            : "+m"(r) : "m"(a), "m"(b), "r"(p) : "xmm2", "xmm4");
    } else {
        faulted = 1;
    }
    signal(SIGSEGV, SIG_DFL);
    printf("fault: %d %016llx %016llx xmm2 %016llx %016llx "
           "xmm4 %016llx %016llx\n", faulted,
           (unsigned long long)r.q[0], (unsigned long long)r.q[1],
           (unsigned long long)fault_xmm[0], (unsigned long long)fault_xmm[1],
           (unsigned long long)fault_xmm[2], (unsigned long long)fault_xmm[3]);
    /* a misaligned legacy memory operand (#GP) and a page-crossing one */
    sigaction(SIGSEGV, &sa, NULL);
    for (int k = 0; k < 3; k++) {
        volatile int f2 = 0;
        memset(fault_xmm, 0, sizeof(fault_xmm));
        if (!sigsetjmp(jb, 1)) {
            if (k == 0) {
                __asm__ volatile("movdqa %0, %%xmm2\n\t"
                                 "movdqa %0, %%xmm4\n\t"
                                 "pminub 1(%1), %%xmm2\n\t"
                                 : : "m"(a), "r"(p) : "xmm2", "xmm4");
            } else if (k == 1) {
                __asm__ volatile("movdqa %0, %%xmm2\n\t"
                                 "pxor %%xmm4, %%xmm4\n\t"
                                 "pcmpeqb %%xmm2, %%xmm2\n\t"
                                 "pcmpistri $0x1a, 4085(%1), %%xmm2\n\t"
                                 : : "m"(a), "r"(p)
                                 : "xmm2", "xmm4", "rcx", "cc");
            } else {
                __asm__ volatile("movdqa %0, %%xmm4\n\t"
                                 "pcmpeqb %%xmm2, %%xmm2\n\t"
                                 "psllq $3, %%xmm4\n\t"
                                 "movdqa 4096(%1), %%xmm2\n\t"
                                 : : "m"(b), "r"(p) : "xmm2", "xmm4");
            }
        } else {
            f2 = 1;
        }
        printf("fault %d: %d xmm2 %016llx %016llx xmm4 %016llx %016llx\n",
               k, f2, (unsigned long long)fault_xmm[0],
               (unsigned long long)fault_xmm[1],
               (unsigned long long)fault_xmm[2],
               (unsigned long long)fault_xmm[3]);
    }
    signal(SIGSEGV, SIG_DFL);
    munmap(p, 4096);
}

int main(void)
{
    test_pcmpistri();
    test_shifts();
    test_moves();
    test_overwrite();
    test_loop();
    test_fault();
    return 0;
}

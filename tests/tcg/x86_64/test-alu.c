/*
 * Integer instruction semantics with edge operands, in every operand size:
 * results and the flags each instruction defines.
 */
#include <stdio.h>
#include <stdint.h>

#include "eflags.h"

static const uint64_t vals[] = {
    0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x12345,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x123456789abcdefull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
    0xfedcba9876543210ull, 0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull,
};
#define NV (sizeof(vals) / sizeof(vals[0]))

/* two-operand op: d = d op s, flags after */
#define BIN(name, insn, sfx, reg, type, mask) \
static void t_##name##_##sfx(void) \
{ \
    for (unsigned i = 0; i < NV; i++) { \
        for (unsigned j = 0; j < NV; j++) { \
            type d = (type)vals[i], s = (type)vals[j]; \
            uint64_t f, fin = (i * 7 + j) & 1 ? 0x8d5 : 0; \
            __asm__("push %3; popfq; " insn " %2, %0; pushfq; pop %1" \
                    : "+" reg(d), "=r"(f) : reg(s), "r"(fin) : "cc"); \
            printf(#name "." #sfx " %llx %llx -> %llx %03llx\n", \
                   (unsigned long long)(type)vals[i], \
                   (unsigned long long)s, (unsigned long long)d, \
                   (unsigned long long)(f & (mask))); \
        } \
    } \
}

#define BIN4(name, insn, mask) \
    BIN(name, insn "b", b, "q", uint8_t, mask) \
    BIN(name, insn "w", w, "r", uint16_t, mask) \
    BIN(name, insn "l", l, "r", uint32_t, mask) \
    BIN(name, insn "q", q, "r", uint64_t, mask)

BIN4(add, "add", ALL)
BIN4(adc, "adc", ALL)
BIN4(sub, "sub", ALL)
BIN4(sbb, "sbb", ALL)
BIN4(and, "and", ALL & ~AF)
BIN4(or, "or", ALL & ~AF)
BIN4(xor, "xor", ALL & ~AF)
BIN4(cmp, "cmp", ALL)
BIN4(test, "test", ALL & ~AF)
BIN(imul2, "imulw", w, "r", uint16_t, CF | OF)
BIN(imul2, "imull", l, "r", uint32_t, CF | OF)
BIN(imul2, "imulq", q, "r", uint64_t, CF | OF)
BIN(bt, "btw", w, "r", uint16_t, CF)
BIN(bt, "btl", l, "r", uint32_t, CF)
BIN(bt, "btq", q, "r", uint64_t, CF)
BIN(bts, "btsq", q, "r", uint64_t, CF)
BIN(btr, "btrl", l, "r", uint32_t, CF)
BIN(btc, "btcw", w, "r", uint16_t, CF)
BIN(xadd, "xaddq", q, "r", uint64_t, ALL)
BIN(xadd, "xaddb", b, "q", uint8_t, ALL)
BIN(bsf, "bsfq", q, "r", uint64_t, ZF)
BIN(bsr, "bsrl", l, "r", uint32_t, ZF)
BIN(popcnt, "popcntq", q, "r", uint64_t, ALL)
BIN(popcnt, "popcntw", w, "r", uint16_t, ALL)
BIN(lzcnt, "lzcntq", q, "r", uint64_t, CF | ZF)
BIN(lzcnt, "lzcntl", l, "r", uint32_t, CF | ZF)
BIN(tzcnt, "tzcntq", q, "r", uint64_t, CF | ZF)
BIN(tzcnt, "tzcntw", w, "r", uint16_t, CF | ZF)
BIN(cmovl, "cmpq %2, %0; cmovlq", q, "r", uint64_t, 0)
BIN(cmovbe, "cmpl %2, %0; cmovbel", l, "r", uint32_t, 0)
BIN(movsx, "movswq %w2, %0; nop #", q, "r", uint64_t, 0)

/* unary ops */
#define UN(name, insn, sfx, reg, type, mask) \
static void t_##name##_##sfx(void) \
{ \
    for (unsigned i = 0; i < NV; i++) { \
        for (uint64_t fin = 0; fin <= 1; fin++) { \
            type d = (type)vals[i]; \
            uint64_t f; \
            __asm__("push %2; popfq; " insn " %0; pushfq; pop %1" \
                    : "+" reg(d), "=r"(f) : "r"(fin) : "cc"); \
            printf(#name "." #sfx " %llx %d -> %llx %03llx\n", \
                   (unsigned long long)(type)vals[i], (int)fin, \
                   (unsigned long long)d, \
                   (unsigned long long)(f & (mask))); \
        } \
    } \
}
#define UN4(name, insn, mask) \
    UN(name, insn "b", b, "q", uint8_t, mask) \
    UN(name, insn "w", w, "r", uint16_t, mask) \
    UN(name, insn "l", l, "r", uint32_t, mask) \
    UN(name, insn "q", q, "r", uint64_t, mask)
UN4(inc, "inc", ALL)
UN4(dec, "dec", ALL)
UN4(neg, "neg", ALL)
UN4(not, "not", ALL)
UN(bswap, "bswapl", l, "r", uint32_t, 0)
UN(bswap, "bswapq", q, "r", uint64_t, 0)

/* shifts and rotates by each count */
#define SH(name, insn, sfx, reg, type, bits) \
static void t_##name##_##sfx(void) \
{ \
    for (unsigned i = 0; i < NV; i += 2) { \
        for (unsigned c = 0; c < 70; c += (c < 10 ? 1 : 7)) { \
            for (uint64_t fin = 0; fin <= 0x8d5; fin += 0x8d5) { \
                type d = (type)vals[i]; \
                uint64_t f, mask = CF | ZF | SF | PF; \
                unsigned cm = c & (bits == 64 ? 63 : 31); \
                __asm__("push %3; popfq; " insn " %%cl, %0; pushfq; pop %1" \
                        : "+" reg(d), "=r"(f) : "c"(c), "r"(fin) : "cc"); \
                if (cm == 1) { \
                    mask |= OF; \
                } \
                if (cm > bits && (#name[0] == 's')) { \
                    mask &= ~CF; \
                } \
                if (#name[0] == 'r') { \
                    mask = cm == 1 ? CF | OF : CF; \
                    if (#name[1] == 'c' && cm == 0) { \
                        mask = CF | OF; \
                    } \
                } \
                printf(#name "." #sfx " %llx %u %x -> %llx %03llx\n", \
                       (unsigned long long)(type)vals[i], c, (int)fin, \
                       (unsigned long long)d, \
                       (unsigned long long)(f & mask)); \
            } \
        } \
    } \
}
#define SH4(name, insn) \
    SH(name, insn "b", b, "q", uint8_t, 8) \
    SH(name, insn "w", w, "r", uint16_t, 16) \
    SH(name, insn "l", l, "r", uint32_t, 32) \
    SH(name, insn "q", q, "r", uint64_t, 64)
SH4(shl, "shl")
SH4(shr, "shr")
SH4(sar, "sar")
SH4(rol, "rol")
SH4(ror, "ror")
SH4(rcl, "rcl")
SH4(rcr, "rcr")

static void t_shld(void)
{
    for (unsigned i = 0; i < NV; i += 3) {
        for (unsigned c = 0; c < 64; c += 5) {
            uint64_t d = vals[i], s = vals[(i + 5) % NV], f;
            uint32_t d32 = vals[i], s32 = vals[(i + 7) % NV];
            uint64_t mask = c == 1 ? CF | OF | ZF | SF | PF : CF | ZF | SF | PF;
            __asm__("shldq %%cl, %2, %0; pushfq; pop %1"
                    : "+r"(d), "=r"(f) : "r"(s), "c"(c) : "cc");
            printf("shldq %llx %u -> %llx %03llx\n", (unsigned long long)vals[i],
                   c, (unsigned long long)d,
                   (unsigned long long)(c ? f & mask : 0));
            __asm__("shrdl %%cl, %2, %0; pushfq; pop %1"
                    : "+r"(d32), "=r"(f) : "r"(s32), "c"(c) : "cc");
            printf("shrdl %llx %u -> %x %03llx\n", (unsigned long long)vals[i],
                   c, d32, (unsigned long long)((c & 31) ? f & mask : 0));
        }
    }
}

static void t_muldiv(void)
{
    for (unsigned i = 0; i < NV; i++) {
        for (unsigned j = 0; j < NV; j++) {
            uint64_t a = vals[i], b = vals[j], lo = a, hi, f;
            __asm__("mulq %3; pushfq; pop %2" : "+a"(lo), "=d"(hi), "=r"(f)
                    : "r"(b) : "cc");
            printf("mulq %llx %llx -> %llx %llx %x\n", (unsigned long long)a,
                   (unsigned long long)b, (unsigned long long)hi,
                   (unsigned long long)lo, (int)(f & (CF | OF)));
            lo = a;
            __asm__("imulq %3; pushfq; pop %2" : "+a"(lo), "=d"(hi), "=r"(f)
                    : "r"(b) : "cc");
            printf("imulq %llx %llx -> %llx %llx %x\n", (unsigned long long)a,
                   (unsigned long long)b, (unsigned long long)hi,
                   (unsigned long long)lo, (int)(f & (CF | OF)));
            {
                uint32_t l = a, h;
                __asm__("mull %3; pushfq; pop %2" : "+a"(l), "=d"(h), "=r"(f)
                        : "r"((uint32_t)b) : "cc");
                printf("mull -> %x %x %x\n", h, l, (int)(f & (CF | OF)));
                l = a;
                __asm__("imulb %b3; pushfq; pop %2" : "+a"(l), "=d"(h), "=r"(f)
                        : "q"((uint8_t)b) : "cc");
                printf("imulb -> %x %x\n", l & 0xffff, (int)(f & (CF | OF)));
            }
            if (b != 0 && (hi = a % 7) < b) {
                uint64_t q = a, r = hi;
                __asm__("divq %2" : "+a"(q), "+d"(r) : "r"(b));
                printf("divq %llx:%llx / %llx -> %llx %llx\n",
                       (unsigned long long)hi, (unsigned long long)a,
                       (unsigned long long)b, (unsigned long long)q,
                       (unsigned long long)r);
            }
            if ((int32_t)b != 0 && !((int32_t)a == INT32_MIN && (int32_t)b == -1)) {
                int32_t q = a, r = (int32_t)a < 0 ? -1 : 0;
                __asm__("idivl %2" : "+a"(q), "+d"(r) : "r"((int32_t)b));
                printf("idivl %x / %x -> %x %x\n", (uint32_t)a, (uint32_t)b,
                       (uint32_t)q, (uint32_t)r);
            }
            if ((uint16_t)b != 0) {
                uint16_t q = a, r = 0;
                __asm__("divw %2" : "+a"(q), "+d"(r) : "r"((uint16_t)b));
                printf("divw %x / %x -> %x %x\n", (uint16_t)a, (uint16_t)b, q, r);
            }
            if ((uint8_t)b > 1) {
                uint16_t ax = (uint16_t)a & 0x1ff;
                __asm__("divb %1" : "+a"(ax) : "q"((uint8_t)b));
                printf("divb -> %x\n", ax);
            }
        }
    }
}

/* LOCK-prefixed read-modify-write on memory: results and flags */
#define LOCKED(insn, type, sfx) \
    do { \
        type m = (type)vals[i], v = (type)vals[j]; \
        uint64_t f, fin = (i + j) & 1 ? 0x8d5 : 0; \
        __asm__ volatile("push %3; popfq; lock " insn sfx " %2, %0; pushfq; pop %1" \
                         : "+m"(m), "=r"(f) : "r"(v), "r"(fin) : "cc"); \
        printf("lock " insn sfx " %llx %llx -> %llx %03llx\n", \
               (unsigned long long)(type)vals[i], (unsigned long long)v, \
               (unsigned long long)m, (unsigned long long)(f & ALL)); \
    } while (0)

static void t_locked(void)
{
    for (unsigned i = 0; i < NV; i += 2) {
        for (unsigned j = 1; j < NV; j += 3) {
            LOCKED("add", uint64_t, "q"); LOCKED("adc", uint32_t, "l");
            LOCKED("sub", uint16_t, "w"); LOCKED("sbb", uint64_t, "q");
            LOCKED("and", uint32_t, "l"); LOCKED("or", uint64_t, "q");
            LOCKED("xor", uint64_t, "q"); LOCKED("xadd", uint32_t, "l");
            {
                uint64_t m = vals[i], bit = vals[j] & 63, f;
                __asm__ volatile("lock btsq %2, %0; pushfq; pop %1"
                                 : "+m"(m), "=r"(f) : "r"(bit) : "cc");
                printf("lock bts %llx %03llx\n", (unsigned long long)m,
                       (unsigned long long)(f & CF));
                __asm__ volatile("lock btcq $61, %0; pushfq; pop %1"
                                 : "+m"(m), "=r"(f) : : "cc");
                printf("lock btc %llx %03llx\n", (unsigned long long)m,
                       (unsigned long long)(f & CF));
            }
            {
                uint64_t m = vals[i], r = vals[j], f;
                __asm__ volatile("xchgq %0, %1" : "+m"(m), "+r"(r));
                printf("xchg %llx %llx\n", (unsigned long long)m, (unsigned long long)r);
                __asm__ volatile("lock incq %0; pushfq; pop %1" : "+m"(m), "=r"(f) : : "cc");
                printf("lock inc %llx %03llx\n", (unsigned long long)m, (unsigned long long)(f & ALL));
                __asm__ volatile("lock negq %0; pushfq; pop %1" : "+m"(m), "=r"(f) : : "cc");
                printf("lock neg %llx %03llx\n", (unsigned long long)m, (unsigned long long)(f & ALL));
                __asm__ volatile("lock notq %0" : "+m"(m));
                __asm__ volatile("lock decb %0; pushfq; pop %1" : "+m"(m), "=r"(f) : : "cc");
                printf("lock not/dec %llx %03llx\n", (unsigned long long)m, (unsigned long long)(f & ALL));
            }
        }
    }
}

static void t_misc(void)
{
    uint64_t v[2] __attribute__((aligned(16))) = { 1, 2 };
    uint64_t a = 1, d = 2, b = 3, c = 4;
    unsigned char z;

    __asm__("lock cmpxchg16b %0; setz %1" : "+m"(*v), "=q"(z), "+a"(a), "+d"(d)
            : "b"(b), "c"(c) : "memory", "cc");
    printf("cmpxchg16b %d %llx %llx\n", z, (unsigned long long)v[0],
           (unsigned long long)v[1]);
    __asm__("lock cmpxchg16b %0; setz %1" : "+m"(*v), "=q"(z), "+a"(a), "+d"(d)
            : "b"(b), "c"(c) : "memory", "cc");
    printf("cmpxchg16b %d %llx %llx\n", z, (unsigned long long)a,
           (unsigned long long)d);
    for (unsigned i = 0; i < NV; i++) {
        uint64_t m = vals[i], acc = vals[(i + 3) % NV], n = vals[(i + 1) % NV];
        uint64_t f;
        __asm__("lock cmpxchgq %3, %0; pushfq; pop %1"
                : "+m"(m), "=r"(f), "+a"(acc) : "r"(n) : "cc");
        printf("cmpxchgq -> %llx %llx %03llx\n", (unsigned long long)m,
               (unsigned long long)acc, (unsigned long long)(f & ALL));
        uint32_t r32 = vals[i], acc32 = vals[i];
        __asm__("cmpxchgl %2, %0" : "+r"(r32), "+a"(acc32) : "r"(0xdeadu));
        printf("cmpxchgl -> %x %x\n", r32, acc32);
    }
    {
        uint64_t x = 0x1122334455667788ull, y;
        __asm__("movq %1, %0; movb $0x99, %h0" : "=Q"(y) : "r"(x));
        printf("ah %llx\n", (unsigned long long)y);
        __asm__("movl %k1, %k0" : "=r"(y) : "r"(x));
        printf("movl zext %llx\n", (unsigned long long)y);
        __asm__("leaq 0x10(%1,%1,4), %0" : "=r"(y) : "r"(x));
        printf("lea %llx\n", (unsigned long long)y);
        __asm__("leal -1(%1), %k0" : "=r"(y) : "r"(x));
        printf("leal %llx\n", (unsigned long long)y);
        __asm__("cqto; movq %%rdx, %0" : "=r"(y) : "a"(0x8000000000000000ull) : "rdx");
        printf("cqo %llx\n", (unsigned long long)y);
        __asm__("xorl %k0, %k0; movw $0x8000, %w0; cwtl" : "=a"(y));
        printf("cwtl %llx\n", (unsigned long long)y);
        __asm__("stc; sbbq %0, %0" : "=r"(y) : : "cc");
        printf("sbb-self %llx\n", (unsigned long long)y);
        __asm__("movq $-1, %0; movl $0x80, %%eax; sahf; lahf; movzbl %%ah, %k0"
                : "=r"(y) : : "rax", "cc");
        printf("lahf %llx\n", (unsigned long long)y);
    }
}

int main(void)
{
    t_add_b(); t_add_w(); t_add_l(); t_add_q();
    t_adc_b(); t_adc_w(); t_adc_l(); t_adc_q();
    t_sub_b(); t_sub_w(); t_sub_l(); t_sub_q();
    t_sbb_b(); t_sbb_w(); t_sbb_l(); t_sbb_q();
    t_and_b(); t_and_w(); t_and_l(); t_and_q();
    t_or_b(); t_or_w(); t_or_l(); t_or_q();
    t_xor_b(); t_xor_w(); t_xor_l(); t_xor_q();
    t_cmp_b(); t_cmp_w(); t_cmp_l(); t_cmp_q();
    t_test_b(); t_test_w(); t_test_l(); t_test_q();
    t_imul2_w(); t_imul2_l(); t_imul2_q();
    t_bt_w(); t_bt_l(); t_bt_q(); t_bts_q(); t_btr_l(); t_btc_w();
    t_xadd_q(); t_xadd_b(); t_bsf_q(); t_bsr_l();
    t_popcnt_q(); t_popcnt_w(); t_lzcnt_q(); t_lzcnt_l(); t_tzcnt_q();
    t_tzcnt_w(); t_cmovl_q(); t_cmovbe_l(); t_movsx_q();
    t_inc_b(); t_inc_w(); t_inc_l(); t_inc_q();
    t_dec_b(); t_dec_w(); t_dec_l(); t_dec_q();
    t_neg_b(); t_neg_w(); t_neg_l(); t_neg_q();
    t_not_b(); t_not_w(); t_not_l(); t_not_q();
    t_bswap_l(); t_bswap_q();
    t_shl_b(); t_shl_w(); t_shl_l(); t_shl_q();
    t_shr_b(); t_shr_w(); t_shr_l(); t_shr_q();
    t_sar_b(); t_sar_w(); t_sar_l(); t_sar_q();
    t_rol_b(); t_rol_w(); t_rol_l(); t_rol_q();
    t_ror_b(); t_ror_w(); t_ror_l(); t_ror_q();
    t_rcl_b(); t_rcl_w(); t_rcl_l(); t_rcl_q();
    t_rcr_b(); t_rcr_w(); t_rcr_l(); t_rcr_q();
    t_shld();
    t_muldiv();
    t_misc();
    t_locked();
    return 0;
}

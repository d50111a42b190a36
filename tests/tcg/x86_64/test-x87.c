/*
 * x87: long double arithmetic with each precision and rounding control,
 * transcendental instructions, integer stores, compares and the status
 * word, checked bit for bit.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

static const long double lv[] = {
    0.0L, -0.0L, 1.0L, -1.5L, 3.0L, 0.1L, 1.0L / 3, 1e4000L, -1e-4000L,
    1e-4940L, 12345678901234567890.0L, -2.5L, 0.5L, 1.0e18L,
    INFINITY, -INFINITY, NAN,
};
#define NL (sizeof(lv) / sizeof(lv[0]))

static void pl(const char *name, long double x)
{
    unsigned char b[10];
    memcpy(b, &x, 10);
    printf("%s %02x%02x:", name, b[9], b[8]);
    for (int i = 7; i >= 0; i--) {
        printf("%02x", b[i]);
    }
    printf("\n");
}

static unsigned short sw(void) { unsigned short s; __asm__ volatile("fnstsw %0" : "=m"(s)); return s; }
static void setcw(unsigned short c) { __asm__ volatile("fldcw %0" : : "m"(c)); }

int main(void)
{
    char name[64];

    for (int pc = 0; pc < 4; pc++) {
        for (int rc = 0; rc < 4; rc++) {
            unsigned short cw = 0x37f & ~0xf00;
            if (pc == 1) {
                continue;
            }
            cw |= pc << 8 | rc << 10;
            for (unsigned i = 0; i < NL; i++) {
                for (unsigned j = 0; j < NL; j += 3) {
                    long double a = lv[i], b = lv[j], r;
                    __asm__ volatile("fnclex");
                    setcw(cw);
                    r = a + b;
                    snprintf(name, sizeof(name), "add %d %d %u %u", pc, rc, i, j);
                    pl(name, r);
                    r = a * b;
                    snprintf(name, sizeof(name), "mul %x", sw() & 0x3f);
                    pl(name, r);
                    r = a / b;
                    snprintf(name, sizeof(name), "div %x", sw() & 0x3f);
                    pl(name, r);
                    r = a - b;
                    pl("sub", r);
                    setcw(0x37f);
                }
                {
                    long double a = lv[i], r;
                    long long ll;
                    int n;
                    short s;
                    float f;
                    double d;
                    setcw(cw);
                    __asm__ volatile("fnclex");
                    __asm__ volatile("fsqrt" : "=t"(r) : "0"(a));
                    pl("sqrt", r);
                    __asm__ volatile("frndint" : "=t"(r) : "0"(a));
                    pl("rndint", r);
                    __asm__ volatile("fistpll %0" : "=m"(ll) : "t"(a) : "st");
                    __asm__ volatile("fistpl %0" : "=m"(n) : "t"(a) : "st");
                    __asm__ volatile("fistps %0" : "=m"(s) : "t"(a) : "st");
                    __asm__ volatile("fsts %0" : "=m"(f) : "t"(a));
                    __asm__ volatile("fstl %0" : "=m"(d) : "t"(a));
                    printf("ist %llx %x %x %a %a %x\n", ll, n, (unsigned short)s,
                           (double)f, d, sw() & 0x3f);
                    setcw(0x37f);
                }
            }
        }
    }
    for (unsigned i = 0; i < NL; i++) {
        long double a = lv[i], r, r2;
        unsigned short s;
        __asm__ volatile("fnclex");
        __asm__ volatile("fsin" : "=t"(r) : "0"(a)); pl("sin", r);
        __asm__ volatile("fcos" : "=t"(r) : "0"(a)); pl("cos", r);
        __asm__ volatile("fsincos" : "=t"(r), "=u"(r2) : "0"(a)); pl("sincos", r); pl("sincos2", r2);
        __asm__ volatile("fptan" : "=t"(r), "=u"(r2) : "0"(a)); pl("ptan", r2);
        __asm__ volatile("f2xm1" : "=t"(r) : "0"(a / 1e5L)); pl("f2xm1", r);
        __asm__ volatile("fyl2x" : "=t"(r) : "0"(a), "u"(3.0L) : "st(1)"); pl("yl2x", r);
        __asm__ volatile("fpatan" : "=t"(r) : "0"(a), "u"(0.75L) : "st(1)"); pl("patan", r);
        __asm__ volatile("fxtract" : "=t"(r), "=u"(r2) : "0"(a)); pl("xtract", r); pl("xtract2", r2);
        __asm__ volatile("fprem; fnstsw %%ax" : "=t"(r), "=a"(s) : "0"(a), "u"(0.7L)); pl("prem", r);
        printf("prem-sw %x\n", s & 0x4700);
        __asm__ volatile("fscale" : "=t"(r) : "0"(a), "u"(-3.0L)); pl("scale", r);
        __asm__ volatile("fxam; fnstsw %%ax" : "=a"(s) : "t"(a)); printf("xam %x\n", s & 0x4700);
        __asm__ volatile("ftst; fnstsw %%ax" : "=a"(s) : "t"(a)); printf("tst %x\n", s & 0x4700);
        __asm__ volatile("fucom %%st(1); fnstsw %%ax" : "=a"(s) : "t"(a), "u"(1.0L)); printf("ucom %x\n", s & 0x4700);
        printf("sw %x\n", sw() & 0x3f);
    }
    {
        long double c[7];
        __asm__ volatile("fldpi" : "=t"(c[0])); __asm__ volatile("fldl2e" : "=t"(c[1]));
        __asm__ volatile("fldl2t" : "=t"(c[2])); __asm__ volatile("fldlg2" : "=t"(c[3]));
        __asm__ volatile("fldln2" : "=t"(c[4])); __asm__ volatile("fld1" : "=t"(c[5]));
        __asm__ volatile("fldz" : "=t"(c[6]));
        for (int i = 0; i < 7; i++) pl("const", c[i]);
        setcw(0xf7f);
        __asm__ volatile("fldpi" : "=t"(c[0]));
        pl("pi-rz", c[0]);
        setcw(0x37f);
    }
    {
        unsigned char env[108];
        long double x = 1.25L;
        __asm__ volatile("fld1; fldpi; fnsave %0; frstor %0; fstp %%st(0); fstp %%st(0)" : "=m"(env));
        printf("fnsave cw %x sw %x tw %x\n", env[0] | env[1] << 8, env[4] | env[5] << 8, env[8] | env[9] << 8);
        printf("%Lf %Lg %La\n", x * 3, sqrtl(2.0L), expl(1.5L));
        printf("%.20Lg %.20Lg %.20Lg\n", sinl(0.75L), logl(10.0L), powl(1.5L, 20.25L));
    }
    return 0;
}

/*
 * x87 operations.  Guest and host are both x86-64, so every operation
 * runs on the host x87 unit loaded with the guest's control word (precision
 * and rounding control): results and status flags are those of the
 * hardware, bit for bit, transcendental instructions included.
 */
#include "qemu/osdep.h"
#include "helper.h"
#include "fpu.h"

#define FPUS_IE 0x01
#define FPUS_SF 0x40
#define FPUS_ES 0x80
#define FPUS_C0 0x100
#define FPUS_C1 0x200
#define FPUS_C2 0x400
#define FPUS_C3 0x4000
#define FPUS_CC (FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3)

typedef long double f80;

static int phys(CPUX86State *env, int i)
{
    return (env->fpstt + i) & 7;
}

static f80 indefinite(void)
{
    FPReg r = { .low = 0xc000000000000000ull, .high = 0xffff };
    f80 x = 0;

    memcpy(&x, &r, 10);
    return x;
}

/* ST(i); an empty register is a stack underflow (invalid, indefinite) */
static f80 get(CPUX86State *env, int i)
{
    f80 x = 0;
    int p = phys(env, i);

    if (env->fptags[p]) {
        env->fpus = (env->fpus & ~FPUS_C1) | FPUS_IE | FPUS_SF;
        return indefinite();
    }
    memcpy(&x, &env->fpregs[p], 10);
    return x;
}

static void set(CPUX86State *env, int i, f80 x)
{
    int p = phys(env, i);

    memcpy(&env->fpregs[p], &x, 10);
    env->fptags[p] = 0;
}

static void push(CPUX86State *env, f80 x)
{
    env->fpstt = (env->fpstt - 1) & 7;
    if (!env->fptags[env->fpstt]) {
        /* stack overflow */
        env->fpus |= FPUS_IE | FPUS_SF | FPUS_C1;
        x = indefinite();
    }
    set(env, 0, x);
}

static void pop(CPUX86State *env)
{
    env->fptags[env->fpstt] = 1;
    env->fpstt = (env->fpstt + 1) & 7;
}

static f80 ft0(CPUX86State *env)
{
    f80 x = 0;

    memcpy(&x, &env->ft0, 10);
    return x;
}

static void set_ft0(CPUX86State *env, f80 x)
{
    memcpy(&env->ft0, &x, 10);
}

/* run on the host unit with the guest's control word, exceptions masked */
static inline void fenter(CPUX86State *env)
{
    uint16_t cw = env->fpuc | 0x3f;

    __asm__ volatile("fnclex\n\tfldcw %0" : : "m"(cw) : "memory");
}

static inline uint16_t fleave(CPUX86State *env)
{
    uint16_t sw, cw = 0x37f;

    __asm__ volatile("fnstsw %0\n\tfldcw %1" : "=m"(sw) : "m"(cw) : "memory");
    env->fpus |= sw & 0x3f;
    if (env->fpus & ~env->fpuc & 0x3f) {
        env->fpus |= FPUS_ES | 0x8000;
    }
    return sw;
}

static void set_cc(CPUX86State *env, uint16_t sw)
{
    env->fpus = (env->fpus & ~FPUS_CC) | (sw & FPUS_CC);
}

/* compare a with b, the C0/C2/C3 result of FCOM/FUCOM */
static uint16_t compare(f80 a, f80 b, bool quiet)
{
    uint16_t sw;

    if (quiet) {
        __asm__ volatile("fucom %%st(1)\n\tfnstsw %%ax"
                         : "=a"(sw) : "t"(a), "u"(b));
    } else {
        __asm__ volatile("fcom %%st(1)\n\tfnstsw %%ax"
                         : "=a"(sw) : "t"(a), "u"(b));
    }
    return sw & (FPUS_C0 | FPUS_C2 | FPUS_C3);
}

static f80 arith(int op, f80 a, f80 b)
{
    switch (op) {
    case FOP_ADD: return a + b;
    case FOP_MUL: return a * b;
    case FOP_SUB: return a - b;
    case FOP_SUBR: return b - a;
    case FOP_DIV: return a / b;
    default: return b / a;
    }
}

static uint64_t store_int(f80 x, int size, bool trunc)
{
    int16_t w;
    int32_t l;
    int64_t q;

    if (trunc) {
        switch (size) {
        case 2: __asm__ volatile("fisttps %0" : "=m"(w) : "t"(x) : "st"); return (uint16_t)w;
        case 4: __asm__ volatile("fisttpl %0" : "=m"(l) : "t"(x) : "st"); return (uint32_t)l;
        default: __asm__ volatile("fisttpll %0" : "=m"(q) : "t"(x) : "st"); return q;
        }
    }
    switch (size) {
    case 2: __asm__ volatile("fistps %0" : "=m"(w) : "t"(x) : "st"); return (uint16_t)w;
    case 4: __asm__ volatile("fistpl %0" : "=m"(l) : "t"(x) : "st"); return (uint32_t)l;
    default: __asm__ volatile("fistpll %0" : "=m"(q) : "t"(x) : "st"); return q;
    }
}

static uint16_t full_tag_word(CPUX86State *env)
{
    uint16_t ftw = 0;

    for (int p = 0; p < 8; p++) {
        int tag;
        FPReg *r = &env->fpregs[p];
        int exp = r->high & 0x7fff;
        if (env->fptags[p]) {
            tag = 3;
        } else if (exp == 0 && r->low == 0) {
            tag = 1;
        } else if (exp == 0 || exp == 0x7fff || !(r->low >> 63)) {
            tag = 2;
        } else {
            tag = 0;
        }
        ftw |= tag << (2 * p);
    }
    return ftw;
}

static void do_fnstenv(CPUX86State *env, uint8_t *p)
{
    uint32_t w[7] = {
        env->fpuc | 0xffff0000u,
        (env->fpus & ~0x3800) | (env->fpstt & 7) << 11 | 0xffff0000u,
        full_tag_word(env) | 0xffff0000u,
        (uint32_t)env->fpip, env->fpop, (uint32_t)env->fpdp, 0xffff0000u,
    };

    memcpy(p, w, sizeof(w));
}

static void do_fldenv(CPUX86State *env, const uint8_t *p)
{
    uint32_t w[7];

    memcpy(w, p, sizeof(w));
    env->fpuc = w[0];
    env->fpstt = (w[1] >> 11) & 7;
    env->fpus = w[1] & ~0x3800;
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = ((w[2] >> (2 * i)) & 3) == 3;
    }
}

static void do_fninit(CPUX86State *env)
{
    env->fpuc = 0x37f;
    env->fpus = 0;
    env->fpstt = 0;
    memset(env->fptags, 1, sizeof(env->fptags));
    env->fpip = env->fpdp = 0;
    env->fpop = 0;
}

static uint64_t fpu_mem(CPUX86State *env, int op, uint64_t addr,
                        uintptr_t ra)
{
    uint8_t *p = g2h(addr);

    set_helper_retaddr(ra);
    switch (op) {
    case FOP_NSTENV:
        do_fnstenv(env, p);
        /* FNSTENV masks all exceptions afterwards */
        env->fpuc |= 0x3f;
        break;
    case FOP_LDENV:
        do_fldenv(env, p);
        break;
    case FOP_NSAVE:
        do_fnstenv(env, p);
        for (int i = 0; i < 8; i++) {
            memcpy(p + 28 + i * 10, &env->fpregs[phys(env, i)], 10);
        }
        do_fninit(env);
        break;
    default: /* FOP_RSTOR */
        do_fldenv(env, p);
        for (int i = 0; i < 8; i++) {
            memcpy(&env->fpregs[phys(env, i)], p + 28 + i * 10, 10);
        }
        break;
    }
    clear_helper_retaddr();
    return 0;
}

static uint64_t fpu_op(CPUX86State *env, uint64_t op, uint64_t a,
                       uint64_t b);

/*
 * An unmasked invalid-operation, denormal or zero-divide exception leaves
 * the register stack as it was (only the status word changes), as on
 * hardware; the host unit runs with all exceptions masked, so the stack
 * is put back afterwards.
 */
uint64_t helper_fpu(CPUX86State *env, uint64_t op, uint64_t a, uint64_t b)
{
    FPReg regs[8];
    uint8_t tags[8];
    uint32_t top = env->fpstt;
    uint16_t before = env->fpus;
    uint64_t ret;

    if ((env->fpuc & 0x3f) == 0x3f || op >= FOP_NSTSW) {
        return fpu_op(env, op, a, b);
    }
    memcpy(regs, env->fpregs, sizeof(regs));
    memcpy(tags, env->fptags, sizeof(tags));
    ret = fpu_op(env, op, a, b);
    env->fpu_skip_store = (env->fpus & ~before & ~env->fpuc & 0x1f) != 0;
    if (op >= FOP_ST_F32 && op <= FOP_STT_I64 &&
        (env->fpus & ~before & ~env->fpuc & 0x18)) {
        /* an unmasked overflow/underflow stores no rounded result */
        env->fpus &= ~(~before & 0x20);
    }
    if (env->fpus & ~before & ~env->fpuc & 0x07) {
        memcpy(env->fpregs, regs, sizeof(regs));
        memcpy(env->fptags, tags, sizeof(tags));
        env->fpstt = top;
    }
    return ret;
}

void helper_fwait(CPUX86State *env)
{
    if (env->fpus & FPUS_ES) {
        raise_exception_ra(env, EXCP10_COPR, GETPC());
    }
}

static uint64_t fpu_op(CPUX86State *env, uint64_t op, uint64_t a,
                       uint64_t b)
{
    f80 x, y, r, r2;
    uint16_t sw;
    uint64_t ret = 0;
    float f;
    double d;

    switch (op) {
    case FOP_NSTSW:
        return (env->fpus & ~0x3800) | (env->fpstt & 7) << 11;
    case FOP_NSTCW:
        return env->fpuc;
    case FOP_LDCW:
        env->fpuc = a;
        if (env->fpus & ~env->fpuc & 0x3f) {
            env->fpus |= FPUS_ES | 0x8000;
        } else {
            env->fpus &= ~(FPUS_ES | 0x8000);
        }
        return 0;
    case FOP_NCLEX:
        env->fpus &= 0x7f00 & ~0x3800;
        return 0;
    case FOP_NINIT:
        do_fninit(env);
        return 0;
    case FOP_FREE:
        env->fptags[phys(env, a)] = 1;
        return 0;
    case FOP_DECSTP:
        env->fpstt = (env->fpstt - 1) & 7;
        env->fpus &= ~FPUS_C1;
        return 0;
    case FOP_INCSTP:
        env->fpstt = (env->fpstt + 1) & 7;
        env->fpus &= ~FPUS_C1;
        return 0;
    case FOP_POP:
        pop(env);
        return 0;
    case FOP_LDENV: case FOP_NSTENV: case FOP_RSTOR: case FOP_NSAVE:
        return fpu_mem(env, op, a, GETPC());
    case FOP_XCH: {
        FPReg t;
        int p0 = phys(env, 0), pi = phys(env, a);
        uint8_t tg = env->fptags[p0];
        t = env->fpregs[p0];
        env->fpregs[p0] = env->fpregs[pi];
        env->fpregs[pi] = t;
        env->fptags[p0] = env->fptags[pi];
        env->fptags[pi] = tg;
        env->fpus &= ~FPUS_C1;
        return 0;
    }
    default:
        break;
    }

    env->fpus &= ~FPUS_C1;
    fenter(env);
    switch (op) {
    case FOP_ADD: case FOP_MUL: case FOP_SUB: case FOP_SUBR: case FOP_DIV:
    case FOP_DIVR:
        x = get(env, 0);
        y = a == 8 ? ft0(env) : get(env, a);
        set(env, 0, arith(op, x, y));
        break;
    case FOP_COM: case FOP_COMP:
        x = get(env, 0);
        y = a == 8 ? ft0(env) : get(env, a);
        set_cc(env, compare(x, y, false));
        if (op == FOP_COMP) {
            pop(env);
        }
        break;
    case FOP_FCOM_STI: case FOP_UCOM:
        x = get(env, 0);
        y = get(env, a);
        set_cc(env, compare(x, y, op == FOP_UCOM));
        for (uint64_t i = 0; i < b; i++) {
            pop(env);
        }
        break;
    case FOP_COMI:
        x = get(env, 0);
        y = get(env, a);
        sw = compare(x, y, b & 1);
        ret = (sw & FPUS_C0 ? CC_C : 0) | (sw & FPUS_C2 ? CC_P : 0) |
              (sw & FPUS_C3 ? CC_Z : 0);
        if (b & 2) {
            pop(env);
        }
        break;
    case FOP_ARITH_STI: {
        /* DC/DE: E0+i is ST(i) = ST0 - ST(i) (the reverse of D8's) */
        static const int swap[8] = {
            FOP_ADD, FOP_MUL, FOP_COM, FOP_COMP, FOP_SUBR, FOP_SUB, FOP_DIVR,
            FOP_DIV,
        };
        int o = swap[b & 7];
        x = get(env, a);
        y = get(env, 0);
        set(env, a, arith(o, x, y));
        if (b >> 8) {
            pop(env);
        }
        break;
    }
    case FOP_CVT_F32: case FOP_LD_F32:
        f = 0;
        memcpy(&f, &a, 4);
        __asm__ volatile("flds %1" : "=t"(x) : "m"(f));
        goto loaded;
    case FOP_CVT_F64: case FOP_LD_F64:
        memcpy(&d, &a, 8);
        __asm__ volatile("fldl %1" : "=t"(x) : "m"(d));
        goto loaded;
    case FOP_LD_F80:
        x = ft0(env);
        goto loaded;
    case FOP_CVT_I16: case FOP_LD_I16:
        x = (int16_t)a;
        goto loaded;
    case FOP_CVT_I32: case FOP_LD_I32:
        x = (int32_t)a;
        goto loaded;
    case FOP_CVT_I64: case FOP_LD_I64:
        x = (int64_t)a;
    loaded:
        if (op >= FOP_LD_F32 && op <= FOP_LD_I64) {
            push(env, x);
        } else {
            set_ft0(env, x);
        }
        break;
    case FOP_LD_STI:
        x = get(env, a);
        push(env, x);
        break;
    case FOP_ST_F32:
        x = get(env, 0);
        __asm__ volatile("fsts %0" : "=m"(f) : "t"(x));
        memcpy(&ret, &f, 4);
        break;
    case FOP_ST_F64:
        x = get(env, 0);
        __asm__ volatile("fstl %0" : "=m"(d) : "t"(x));
        memcpy(&ret, &d, 8);
        break;
    case FOP_ST_F80:
        set_ft0(env, get(env, 0));
        break;
    case FOP_ST_I16: ret = store_int(get(env, 0), 2, false); break;
    case FOP_ST_I32: ret = store_int(get(env, 0), 4, false); break;
    case FOP_ST_I64: ret = store_int(get(env, 0), 8, false); break;
    case FOP_STT_I16: ret = store_int(get(env, 0), 2, true); break;
    case FOP_STT_I32: ret = store_int(get(env, 0), 4, true); break;
    case FOP_STT_I64: ret = store_int(get(env, 0), 8, true); break;
    case FOP_ST_STI:
        set(env, a, get(env, 0));
        break;
    case FOP_CHS:
        x = get(env, 0);
        __asm__ volatile("fchs" : "+t"(x));
        set(env, 0, x);
        break;
    case FOP_ABS:
        x = get(env, 0);
        __asm__ volatile("fabs" : "+t"(x));
        set(env, 0, x);
        break;
    case FOP_TST:
        x = get(env, 0);
        __asm__ volatile("ftst\n\tfnstsw %%ax" : "=a"(sw) : "t"(x));
        set_cc(env, sw & (FPUS_C0 | FPUS_C2 | FPUS_C3));
        break;
    case FOP_XAM:
        if (env->fptags[phys(env, 0)]) {
            FPReg *rr = &env->fpregs[phys(env, 0)];
            set_cc(env, FPUS_C3 | FPUS_C0 | (rr->high & 0x8000 ? FPUS_C1 : 0));
            break;
        }
        x = get(env, 0);
        __asm__ volatile("fxam\n\tfnstsw %%ax" : "=a"(sw) : "t"(x));
        set_cc(env, sw);
        break;
    case FOP_LD1: __asm__ volatile("fld1" : "=t"(x)); push(env, x); break;
    case FOP_LDL2T: __asm__ volatile("fldl2t" : "=t"(x)); push(env, x); break;
    case FOP_LDL2E: __asm__ volatile("fldl2e" : "=t"(x)); push(env, x); break;
    case FOP_LDPI: __asm__ volatile("fldpi" : "=t"(x)); push(env, x); break;
    case FOP_LDLG2: __asm__ volatile("fldlg2" : "=t"(x)); push(env, x); break;
    case FOP_LDLN2: __asm__ volatile("fldln2" : "=t"(x)); push(env, x); break;
    case FOP_LDZ: __asm__ volatile("fldz" : "=t"(x)); push(env, x); break;
    case FOP_F2XM1:
        x = get(env, 0);
        __asm__ volatile("f2xm1" : "+t"(x));
        set(env, 0, x);
        break;
    case FOP_SQRT:
        x = get(env, 0);
        __asm__ volatile("fsqrt" : "+t"(x));
        set(env, 0, x);
        break;
    case FOP_RNDINT:
        x = get(env, 0);
        __asm__ volatile("frndint" : "+t"(x));
        set(env, 0, x);
        break;
    case FOP_SIN: case FOP_COS:
        x = get(env, 0);
        if (op == FOP_SIN) {
            __asm__ volatile("fsin\n\tfnstsw %%ax" : "+t"(x), "=a"(sw));
        } else {
            __asm__ volatile("fcos\n\tfnstsw %%ax" : "+t"(x), "=a"(sw));
        }
        set(env, 0, x);
        set_cc(env, sw & FPUS_C2);
        break;
    case FOP_SINCOS:
        x = get(env, 0);
        __asm__ volatile("fsincos\n\tfnstsw %%ax"
                         : "=t"(r), "=u"(r2), "=a"(sw) : "0"(x));
        set_cc(env, sw & FPUS_C2);
        if (!(sw & FPUS_C2)) {
            set(env, 0, r2);
            push(env, r);
        }
        break;
    case FOP_FPTAN:
        x = get(env, 0);
        __asm__ volatile("fptan\n\tfnstsw %%ax"
                         : "=t"(r), "=u"(r2), "=a"(sw) : "0"(x));
        set_cc(env, sw & FPUS_C2);
        if (!(sw & FPUS_C2)) {
            set(env, 0, r2);
            push(env, r);
        }
        break;
    case FOP_FXTRACT:
        x = get(env, 0);
        __asm__ volatile("fxtract" : "=t"(r), "=u"(r2) : "0"(x));
        set(env, 0, r2);
        push(env, r);
        break;
    case FOP_FYL2X: case FOP_FYL2XP1: case FOP_FPATAN:
        x = get(env, 0);
        y = get(env, 1);
        if (op == FOP_FYL2X) {
            __asm__ volatile("fyl2x" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
        } else if (op == FOP_FYL2XP1) {
            __asm__ volatile("fyl2xp1" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
        } else {
            __asm__ volatile("fpatan" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
        }
        set(env, 1, r);
        pop(env);
        break;
    case FOP_FPREM: case FOP_FPREM1:
        x = get(env, 0);
        y = get(env, 1);
        if (op == FOP_FPREM) {
            __asm__ volatile("fprem\n\tfnstsw %%ax"
                             : "=t"(r), "=a"(sw) : "0"(x), "u"(y));
        } else {
            __asm__ volatile("fprem1\n\tfnstsw %%ax"
                             : "=t"(r), "=a"(sw) : "0"(x), "u"(y));
        }
        set(env, 0, r);
        set_cc(env, sw);
        break;
    case FOP_SCALE:
        x = get(env, 0);
        y = get(env, 1);
        __asm__ volatile("fscale" : "=t"(r) : "0"(x), "u"(y));
        set(env, 0, r);
        break;
    case FOP_CMOV:
        if (b) {
            set(env, 0, get(env, a));
        }
        break;
    default:
        break;
    }
    fleave(env);
    return ret;
}

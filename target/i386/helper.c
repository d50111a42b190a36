/*
 * Helpers for the integer instructions the translator does not inline:
 * exceptions, division (#DE instead of a host SIGFPE), rotates through
 * the flags, double shifts, string instructions, CPUID, RDTSC.
 */
#include "qemu/osdep.h"
#include "helper.h"

__thread uintptr_t helper_retaddr;

void raise_exception_err_ra(CPUX86State *env, int intno, int error_code,
                            uintptr_t retaddr)
{
    CPUState *cs = env_cpu(env);

    cs->exception_index = intno;
    env->error_code = error_code;
    cpu_loop_exit_restore(cs, retaddr);
}

void raise_exception_ra(CPUX86State *env, int intno, uintptr_t retaddr)
{
    raise_exception_err_ra(env, intno, 0, retaddr);
}

/* the translator has already synced eip to the faulting insn */
void helper_raise_exception(CPUX86State *env, uint64_t intno)
{
    raise_exception_err_ra(env, (int)intno, 0, 0);
}

void helper_syscall(CPUX86State *env, uint64_t next_eip)
{
    env->exception_next_eip = next_eip;
    raise_exception_err_ra(env, EXCP_SYSCALL, 0, 0);
}

uint64_t helper_cc_compute_all(uint64_t dst, uint64_t src, uint64_t src2,
                               uint64_t op)
{
    return cc_compute_all(dst, src, src2, (int)op);
}

uint64_t helper_cc_compute_c(uint64_t dst, uint64_t src, uint64_t src2,
                             uint64_t op)
{
    return cc_compute_c(dst, src, src2, (int)op);
}

uint64_t helper_read_eflags(CPUX86State *env)
{
    /* RF and VM read as 0 from PUSHF */
    return cpu_compute_eflags(env) & ~0x30000ull;
}

void helper_write_eflags(CPUX86State *env, uint64_t val, uint64_t mask)
{
    cpu_load_eflags(env, val, mask);
}


static void reg_set(CPUX86State *env, int r, int bits, uint64_t v)
{
    if (bits == 64) {
        env->regs[r] = v;
    } else if (bits == 32) {
        env->regs[r] = (uint32_t)v;
    } else {
        uint64_t m = (1ull << bits) - 1;
        env->regs[r] = (env->regs[r] & ~m) | (v & m);
    }
}

/*
 * DIV/IDIV leave the new RAX/RDX in env->div_out (the translator loads
 * them into the registers), so the helper writes no TCG global.
 */
static uint64_t oget(const uint64_t *out, int r, int bits)
{
    return bits == 64 ? out[r] : out[r] & ((1ull << bits) - 1);
}

static void oset(uint64_t *out, int r, int bits, uint64_t v)
{
    if (bits == 64) {
        out[r] = v;
    } else if (bits == 32) {
        out[r] = (uint32_t)v;
    } else {
        uint64_t m = (1ull << bits) - 1;
        out[r] = (out[r] & ~m) | (v & m);
    }
}

static void do_div(CPUX86State *env, uint64_t divisor, int ot, uintptr_t ra)
{
    uint64_t *out = env->div_out;

    out[R_EAX] = env->regs[R_EAX];
    out[R_EDX] = env->regs[R_EDX];

    if (ot == MO_8) {
        uint32_t num = out[R_EAX] & 0xffff, d = divisor & 0xff, q;
        if (d == 0 || (q = num / d) > 0xff) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        oset(out, R_EAX, 16, q | (num % d) << 8);
    } else if (ot == MO_16 || ot == MO_32) {
        int bits = 8 << ot;
        uint64_t num = oget(out, R_EDX, bits) << bits |
                       oget(out, R_EAX, bits);
        uint64_t d = divisor & ((1ull << bits) - 1), q;
        if (d == 0 || (q = num / d) >> bits) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        oset(out, R_EAX, bits, q);
        oset(out, R_EDX, bits, num % d);
    } else {
        uint64_t q, r;
        /* the quotient fits in 64 bits exactly when RDX < divisor */
        if (out[R_EDX] >= divisor) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        __asm__("divq %4" : "=a"(q), "=d"(r)
                : "0"(out[R_EAX]), "1"(out[R_EDX]), "rm"(divisor));
        out[R_EAX] = q;
        out[R_EDX] = r;
    }
}

static void do_idiv(CPUX86State *env, uint64_t divisor, int ot, uintptr_t ra)
{
    uint64_t *out = env->div_out;

    out[R_EAX] = env->regs[R_EAX];
    out[R_EDX] = env->regs[R_EDX];

    if (ot != MO_64) {
        int bits = 8 << ot;
        int64_t num, d, q;
        if (ot == MO_8) {
            num = (int16_t)out[R_EAX];
            d = (int8_t)divisor;
        } else {
            uint64_t hi = oget(out, R_EDX, bits);
            uint64_t lo = oget(out, R_EAX, bits);
            num = (int64_t)(hi << bits | lo);
            if (ot == MO_16) {
                num = (int32_t)num;
                d = (int16_t)divisor;
            } else {
                d = (int32_t)divisor;
            }
        }
        if (d == 0) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        if (num == INT64_MIN && d == -1) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        q = num / d;
        if (q < -(1ll << (bits - 1)) || q >= (1ll << (bits - 1))) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        if (ot == MO_8) {
            oset(out, R_EAX, 16, (q & 0xff) | ((num % d) & 0xff) << 8);
        } else {
            oset(out, R_EAX, bits, q);
            oset(out, R_EDX, bits, num % d);
        }
    } else {
        __int128 num = (__int128)((unsigned __int128)out[R_EDX] << 64 |
                                  out[R_EAX]);
        __int128 q;
        int64_t d = (int64_t)divisor;
        if (d == 0) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        if (d == -1 && num == (__int128)((unsigned __int128)1 << 127)) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        q = num / d;
        if (q < INT64_MIN || q > INT64_MAX) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        out[R_EAX] = (uint64_t)q;
        out[R_EDX] = (uint64_t)(num % d);
    }
}

void helper_div(CPUX86State *env, uint64_t divisor, uint64_t ot)
{
    do_div(env, divisor, (int)ot, GETPC());
}

void helper_idiv(CPUX86State *env, uint64_t divisor, uint64_t ot)
{
    do_idiv(env, divisor, (int)ot, GETPC());
}

/*
 * The out-of-line path of an inline DIV/IDIV (@sign_ot: size | 4 for
 * IDIV).  It runs after the TB's last insn, so a #DE is raised without
 * unwinding: the translator has stored eip and cc_op.  Writes RAX/RDX.
 */
void helper_div_slow(CPUX86State *env, uint64_t divisor, uint64_t sign_ot)
{
    int ot = sign_ot & 3;

    if (sign_ot & 4) {
        do_idiv(env, divisor, ot, 0);
    } else {
        do_div(env, divisor, ot, 0);
    }
    env->regs[R_EAX] = env->div_out[R_EAX];
    env->regs[R_EDX] = env->div_out[R_EDX];
}

/*
 * ROL/ROR/RCL/RCR: @op_ot = op (0..3 as in the ModRM reg field) << 4 | ot.
 * Leaves the flags in CC_OP_EFLAGS form whatever the count.
 */
uint64_t helper_rotate(CPUX86State *env, uint64_t val, uint64_t count,
                       uint64_t op_ot)
{
    int op = op_ot >> 4, ot = op_ot & 3, bits = 8 << ot;
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    uint64_t flags = cc_compute_all(env->cc_dst, env->cc_src, env->cc_src2,
                                    env->cc_op);
    uint64_t v = val & mask, cf = flags & CC_C, msb;
    unsigned n = count & (ot == MO_64 ? 63 : 31);

    if (n) {
        switch (op) {
        case 0: /* ROL */
            n %= bits;
            v = n ? ((v << n) | (v >> (bits - n))) & mask : v;
            cf = v & 1;
            msb = (v >> (bits - 1)) & 1;
            flags = (flags & ~(uint64_t)(CC_C | CC_O)) | cf |
                    ((msb ^ cf) ? CC_O : 0);
            break;
        case 1: /* ROR */
            n %= bits;
            v = n ? ((v >> n) | (v << (bits - n))) & mask : v;
            msb = (v >> (bits - 1)) & 1;
            cf = msb;
            flags = (flags & ~(uint64_t)(CC_C | CC_O)) | cf |
                    ((msb ^ ((v >> (bits - 2)) & 1)) ? CC_O : 0);
            break;
        case 2: /* RCL */
            n %= bits + 1;
            for (unsigned i = 0; i < n; i++) {
                uint64_t out = (v >> (bits - 1)) & 1;
                v = ((v << 1) | cf) & mask;
                cf = out;
            }
            if (n) {
                msb = (v >> (bits - 1)) & 1;
                flags = (flags & ~(uint64_t)(CC_C | CC_O)) | cf |
                        ((msb ^ cf) ? CC_O : 0);
            }
            break;
        default: /* RCR */
            n %= bits + 1;
            if (n) {
                /* OF from the value before the rotate */
                uint64_t of = ((v >> (bits - 1)) & 1) ^ cf;
                for (unsigned i = 0; i < n; i++) {
                    uint64_t out = v & 1;
                    v = (v >> 1) | (cf << (bits - 1));
                    cf = out;
                }
                msb = (v >> (bits - 1)) & 1;
                of = msb ^ ((v >> (bits - 2)) & 1);
                flags = (flags & ~(uint64_t)(CC_C | CC_O)) | cf |
                        (of ? CC_O : 0);
            }
            break;
        }
    }
    env->cc_src = flags;
    env->cc_op = CC_OP_EFLAGS;
    return v;
}

/*
 * SHLD/SHRD: @count_ot_right = count | ot << 8 | right << 12.  Returns the
 * new destination; flags as a shift (count 0 leaves them unchanged).
 */
uint64_t helper_shld(CPUX86State *env, uint64_t dst, uint64_t src,
                     uint64_t count_ot_right)
{
    int ot = (count_ot_right >> 8) & 3, bits = 8 << ot;
    bool right = (count_ot_right >> 12) & 1;
    unsigned n = count_ot_right & (ot == MO_64 ? 63 : 31);
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    uint64_t flags = cc_compute_all(env->cc_dst, env->cc_src, env->cc_src2,
                                    env->cc_op);
    unsigned __int128 wide;
    uint64_t res, cf, of;

    dst &= mask;
    src &= mask;
    if (n == 0) {
        res = dst;
    } else {
        if (ot == MO_16) {
            /* 16-bit with counts over 16: the documented 48-bit rotate */
            uint64_t v = right ? (src << 32 | src << 16 | dst)
                               : (dst << 32 | src << 16 | src);
            if (right) {
                res = (v >> n) & mask;
                cf = (v >> (n - 1)) & 1;
            } else {
                res = (v >> (32 - n)) & mask;
                cf = (v >> (48 - n)) & 1;
            }
        } else if (right) {
            wide = ((unsigned __int128)src << bits) | dst;
            res = (uint64_t)(wide >> n) & mask;
            cf = (uint64_t)(wide >> (n - 1)) & 1;
        } else {
            wide = ((unsigned __int128)dst << bits) | src;
            res = (uint64_t)(wide >> (bits - n)) & mask;
            cf = (dst >> (bits - n)) & 1;
        }
        of = ((res ^ dst) >> (bits - 1)) & 1;
        flags = (uint64_t)cf | (of ? CC_O : 0) |
                (__builtin_parity((unsigned)(res & 0xff)) ? 0 : CC_P) |
                (res == 0 ? CC_Z : 0) |
                (((res >> (bits - 1)) & 1) ? CC_S : 0);
    }
    env->cc_src = flags;
    env->cc_op = CC_OP_EFLAGS;
    return res;
}

void helper_cpuid(CPUX86State *env)
{
    uint32_t a, b, c, d;

    cpu_x86_cpuid(env, (uint32_t)env->regs[R_EAX], (uint32_t)env->regs[R_ECX],
                  &a, &b, &c, &d);
    env->regs[R_EAX] = a;
    env->regs[R_EBX] = b;
    env->regs[R_ECX] = c;
    env->regs[R_EDX] = d;
}

void helper_rdtsc(CPUX86State *env)
{
    uint64_t t = __builtin_ia32_rdtsc() + env->tsc_offset;

    env->regs[R_EAX] = (uint32_t)t;
    env->regs[R_EDX] = t >> 32;
}

/* ---- string instructions ---- */

/* guest accesses may be misaligned: memcpy compiles to one move */
static uint64_t mem_read(uint64_t addr, int ot)
{
    uint64_t v = 0;

    memcpy(&v, g2h(addr), 1 << ot);
    return v;
}

static void mem_write(uint64_t addr, int ot, uint64_t v)
{
    memcpy(g2h(addr), &v, 1 << ot);
}

/*
 * One string instruction, with or without REP: @op is 0 MOVS, 1 CMPS,
 * 2 STOS, 3 LODS, 4 SCAS.  Registers are updated after every element so
 * a fault leaves the state the guest can resume from.
 */
void helper_string(CPUX86State *env, uint64_t op, uint64_t desc)
{
    int ot = desc & STR_OT_MASK, size = 1 << ot;
    bool a32 = desc & STR_A32;
    bool rep = desc & (STR_REPZ | STR_REPNZ);
    int seg = (int)(desc >> STR_SEG_SHIFT) - 1;
    uint64_t amask = a32 ? 0xffffffffull : ~0ull;
    uint64_t sbase = seg >= 0 ? env->segs[seg].base : 0;
    int64_t step = env->df * size;
    uint64_t vmask = ot == MO_64 ? ~0ull : (1ull << (8 << ot)) - 1;

    set_helper_retaddr(GETPC());
    /*
     * REP MOVS/STOS forward over non-overlapping 64-bit ranges: one bulk
     * operation.  It is idempotent, so a fault in the middle may simply
     * redo the whole instruction.
     */
    if (rep && !a32 && step > 0 && (op == 0 || op == 2)) {
        uint64_t cnt = env->regs[R_ECX], len = cnt << ot;
        uint64_t si = sbase + env->regs[R_ESI], di = env->regs[R_EDI];
        if (cnt && cnt < (1ull << 40) && di + len > di &&
            (op == 2 || di >= si + len || si >= di + len)) {
            if (op == 0) {
                memcpy(g2h(di), g2h(si), len);
                env->regs[R_ESI] += len;
            } else if (ot == MO_8) {
                memset(g2h(di), (int)env->regs[R_EAX], len);
            } else {
                uint64_t v = env->regs[R_EAX];
                uint8_t *d = g2h(di);
                for (uint64_t i = 0; i < cnt; i++) {
                    memcpy(d + (i << ot), &v, size);
                }
            }
            env->regs[R_EDI] += len;
            env->regs[R_ECX] = 0;
            clear_helper_retaddr();
            return;
        }
    }
    for (;;) {
        uint64_t si = env->regs[R_ESI] & amask, di = env->regs[R_EDI] & amask;
        uint64_t cnt = env->regs[R_ECX] & amask;
        uint64_t a = 0, b = 0;

        if (rep && cnt == 0) {
            break;
        }
        switch (op) {
        case 0:
            mem_write(di, ot, mem_read(sbase + si, ot));
            break;
        case 1:
            a = mem_read(sbase + si, ot);
            b = mem_read(di, ot);
            break;
        case 2:
            mem_write(di, ot, env->regs[R_EAX]);
            break;
        case 3:
            reg_set(env, R_EAX, 8 << ot, mem_read(sbase + si, ot));
            break;
        default:
            a = env->regs[R_EAX] & vmask;
            b = mem_read(di, ot);
            break;
        }
        if (op == 0 || op == 1 || op == 3) {
            si = (si + step) & amask;
            env->regs[R_ESI] = a32 ? si : si;
        }
        if (op != 3) {
            di = (di + step) & amask;
            env->regs[R_EDI] = di;
        }
        if (op == 1 || op == 4) {
            env->cc_src = b;
            env->cc_dst = (a - b) & vmask;
            env->cc_op = CC_OP_SUBB + ot;
        }
        if (!rep) {
            break;
        }
        cnt = (cnt - 1) & amask;
        env->regs[R_ECX] = a32 ? cnt : cnt;
        if (op == 1 || op == 4) {
            bool eq = a == b;
            if ((desc & STR_REPZ) && !eq) {
                break;
            }
            if ((desc & STR_REPNZ) && eq) {
                break;
            }
        }
    }
    clear_helper_retaddr();
}

void helper_cmpxchg8b(CPUX86State *env, uint64_t addr)
{
    uint64_t cmp = (uint32_t)env->regs[R_EAX] |
                   (env->regs[R_EDX] << 32);
    uint64_t nv = (uint32_t)env->regs[R_EBX] | (env->regs[R_ECX] << 32);
    uint64_t old, flags;

    set_helper_retaddr(GETPC());
    old = __sync_val_compare_and_swap((uint64_t *)g2h(addr), cmp, nv);
    clear_helper_retaddr();
    flags = cc_compute_all(env->cc_dst, env->cc_src, env->cc_src2,
                           env->cc_op);
    if (old == cmp) {
        flags |= CC_Z;
    } else {
        flags &= ~(uint64_t)CC_Z;
        env->regs[R_EAX] = (uint32_t)old;
        env->regs[R_EDX] = old >> 32;
    }
    env->cc_src = flags;
    env->cc_op = CC_OP_EFLAGS;
}

void helper_cmpxchg16b(CPUX86State *env, uint64_t addr)
{
    unsigned __int128 cmp = (unsigned __int128)env->regs[R_EDX] << 64 |
                            env->regs[R_EAX];
    unsigned __int128 nv = (unsigned __int128)env->regs[R_ECX] << 64 |
                           env->regs[R_EBX];
    unsigned __int128 *p = g2h(addr), old;
    uint64_t flags, lo = (uint64_t)cmp, hi = (uint64_t)(cmp >> 64);

    if (addr & 15) {
        raise_exception_ra(env, EXCP0D_GPF, GETPC());
    }
    set_helper_retaddr(GETPC());
    /*
     * The host instruction itself: atomic against other guest threads
     * (no C builtin is lock-free for 16 bytes without libatomic).  On a
     * mismatch it loads the current value into rdx:rax, as the guest's.
     */
    __asm__ volatile("lock cmpxchg16b %0"
                     : "+m"(*p), "+a"(lo), "+d"(hi)
                     : "b"((uint64_t)nv), "c"((uint64_t)(nv >> 64))
                     : "cc", "memory");
    old = (unsigned __int128)hi << 64 | lo;
    clear_helper_retaddr();
    flags = cc_compute_all(env->cc_dst, env->cc_src, env->cc_src2,
                           env->cc_op);
    if (old == cmp) {
        flags |= CC_Z;
    } else {
        flags &= ~(uint64_t)CC_Z;
        env->regs[R_EAX] = (uint64_t)old;
        env->regs[R_EDX] = (uint64_t)(old >> 64);
    }
    env->cc_src = flags;
    env->cc_op = CC_OP_EFLAGS;
}

uint64_t helper_pdep(uint64_t src, uint64_t mask)
{
    uint64_t res = 0;

    for (uint64_t bit = 1; mask; bit <<= 1) {
        uint64_t low = mask & -mask;
        if (src & bit) {
            res |= low;
        }
        mask &= mask - 1;
    }
    return res;
}

uint64_t helper_pext(uint64_t src, uint64_t mask)
{
    uint64_t res = 0;

    for (uint64_t bit = 1; mask; bit <<= 1) {
        uint64_t low = mask & -mask;
        if (src & low) {
            res |= bit;
        }
        mask &= mask - 1;
    }
    return res;
}

/*
 * LOCK-prefixed read-modify-write: one atomic operation on guest memory
 * (a compare-and-swap loop), atomic against other host threads.  @op_ot:
 * ot | op << 4 | carry << 8 with op 0 ADD, 1 OR, 2 ADC, 3 SBB, 4 AND,
 * 5 SUB, 6 XOR, 8 XCHG, 9 NOT, 10 NEG, 11 BTS, 12 BTR, 13 BTC.
 * Returns the old value.
 */
#define CAS_LOOP(type) do { \
        type *p = g2h(addr), old = __atomic_load_n(p, __ATOMIC_RELAXED); \
        type nv; \
        do { \
            nv = (type)rmw_op(op, old, val, carry); \
        } while (!__atomic_compare_exchange_n(p, &old, nv, true, \
                                              __ATOMIC_SEQ_CST, \
                                              __ATOMIC_RELAXED)); \
        ret = old; \
    } while (0)

static uint64_t rmw_op(int op, uint64_t old, uint64_t val, uint64_t carry)
{
    switch (op) {
    case 0: return old + val;
    case 1: return old | val;
    case 2: return old + val + carry;
    case 3: return old - val - carry;
    case 4: return old & val;
    case 5: return old - val;
    case 6: return old ^ val;
    case 8: return val;
    case 9: return ~old;
    case 10: return -old;
    case 11: return old | val;
    case 12: return old & ~val;
    default: return old ^ val;
    }
}

uint64_t helper_atomic_rmw(CPUX86State *env, uint64_t addr, uint64_t val,
                           uint64_t op_ot)
{
    int ot = op_ot & 3, op = (op_ot >> 4) & 15;
    uint64_t carry = (op_ot >> 8) & 1, ret;

    set_helper_retaddr(GETPC());
    switch (ot) {
    case MO_8: CAS_LOOP(uint8_t); break;
    case MO_16: CAS_LOOP(uint16_t); break;
    case MO_32: CAS_LOOP(uint32_t); break;
    default: CAS_LOOP(uint64_t); break;
    }
    clear_helper_retaddr();
    return ret;
}

/* LOCK CMPXCHG: returns the old value (the store happens iff equal) */
uint64_t helper_atomic_cmpxchg(CPUX86State *env, uint64_t addr,
                               uint64_t expected, uint64_t nv, uint64_t ot)
{
    uint64_t ret;

    set_helper_retaddr(GETPC());
    switch (ot) {
    case MO_8:
        ret = __sync_val_compare_and_swap((uint8_t *)g2h(addr),
                                          (uint8_t)expected, (uint8_t)nv);
        break;
    case MO_16:
        ret = __sync_val_compare_and_swap((uint16_t *)g2h(addr),
                                          (uint16_t)expected, (uint16_t)nv);
        break;
    case MO_32:
        ret = __sync_val_compare_and_swap((uint32_t *)g2h(addr),
                                          (uint32_t)expected, (uint32_t)nv);
        break;
    default:
        ret = __sync_val_compare_and_swap((uint64_t *)g2h(addr), expected,
                                          nv);
        break;
    }
    clear_helper_retaddr();
    return ret;
}

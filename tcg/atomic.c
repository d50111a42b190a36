/*
 * Atomic guest memory operations (for LOCK-prefixed and similar insns):
 * tcg_gen_atomic_* emit a call to one of two helpers that do the access
 * with host atomics (a compare-and-swap loop for the read-modify-write
 * kinds).  The host address comes from TCGGuestMem.atomic_host_addr
 * (softmmu: a TLB lookup that may raise a guest fault), or is
 * guest_base + addr in user mode.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg/tcg-op.h"

enum {
    RMW_XCHG, RMW_ADD, RMW_AND, RMW_OR, RMW_XOR, RMW_SMIN, RMW_UMIN,
    RMW_SMAX, RMW_UMAX,
};

static void *host_addr(void *env, uint64_t addr, MemOpIdx oi,
                       uintptr_t retaddr)
{
    const TCGGuestMem *gm = tcg_guest_mem();

    if (gm->atomic_host_addr) {
        return gm->atomic_host_addr(env, addr, oi, retaddr);
    }
    return (void *)(uintptr_t)(gm->guest_base + addr);
}

static uint64_t bswap_n(uint64_t v, int n)
{
    uint64_t r = 0;

    for (int i = 0; i < n; i++) {
        r = (r << 8) | ((v >> (8 * i)) & 0xff);
    }
    return r;
}

static uint64_t mask_n(uint64_t v, int n)
{
    return n == 8 ? v : v & ((1ull << (8 * n)) - 1);
}

static int64_t sext_n(uint64_t v, int n)
{
    return n == 8 ? (int64_t)v : (int64_t)(v << (64 - 8 * n)) >> (64 - 8 * n);
}

/* Compare-and-swap of @n bytes at @p (host byte order values). */
static uint64_t cas(void *p, int n, uint64_t cmp, uint64_t new)
{
    switch (n) {
    case 1: {
        uint8_t c = cmp;
        __atomic_compare_exchange_n((uint8_t *)p, &c, (uint8_t)new, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return c;
    }
    case 2: {
        uint16_t c = cmp;
        __atomic_compare_exchange_n((uint16_t *)p, &c, (uint16_t)new, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return c;
    }
    case 4: {
        uint32_t c = cmp;
        __atomic_compare_exchange_n((uint32_t *)p, &c, (uint32_t)new, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return c;
    }
    default: {
        uint64_t c = cmp;
        __atomic_compare_exchange_n((uint64_t *)p, &c, new, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return c;
    }
    }
}

static uint64_t load_n(void *p, int n)
{
    switch (n) {
    case 1: return __atomic_load_n((uint8_t *)p, __ATOMIC_RELAXED);
    case 2: return __atomic_load_n((uint16_t *)p, __ATOMIC_RELAXED);
    case 4: return __atomic_load_n((uint32_t *)p, __ATOMIC_RELAXED);
    default: return __atomic_load_n((uint64_t *)p, __ATOMIC_RELAXED);
    }
}

/* Returns the old value, extended per the MemOp. */
uint64_t helper_atomic_cmpxchg(void *env, uint64_t addr, uint64_t cmpv,
                               uint64_t newv, uint32_t oi);
uint64_t helper_atomic_cmpxchg(void *env, uint64_t addr, uint64_t cmpv,
                               uint64_t newv, uint32_t oi)
{
    MemOp mop = get_memop(oi);
    int n = memop_size(mop);
    void *p = host_addr(env, addr, oi, (uintptr_t)__builtin_return_address(0));
    uint64_t old;

    cmpv = mask_n(cmpv, n);
    newv = mask_n(newv, n);
    if (mop & MO_BSWAP) {
        cmpv = bswap_n(cmpv, n);
        newv = bswap_n(newv, n);
    }
    old = cas(p, n, cmpv, newv);
    if (mop & MO_BSWAP) {
        old = bswap_n(old, n);
    }
    return (mop & MO_SIGN) ? (uint64_t)sext_n(old, n) : old;
}

static uint64_t rmw_apply(int op, int n, uint64_t old, uint64_t val)
{
    switch (op) {
    case RMW_XCHG: return val;
    case RMW_ADD: return old + val;
    case RMW_AND: return old & val;
    case RMW_OR: return old | val;
    case RMW_XOR: return old ^ val;
    case RMW_SMIN: return sext_n(old, n) < sext_n(val, n) ? old : val;
    case RMW_SMAX: return sext_n(old, n) > sext_n(val, n) ? old : val;
    case RMW_UMIN: return mask_n(old, n) < mask_n(val, n) ? old : val;
    default: return mask_n(old, n) > mask_n(val, n) ? old : val;
    }
}

/* @opoi: the MemOpIdx in bits 0-15, the operation in bits 16-23. */
uint64_t helper_atomic_rmw(void *env, uint64_t addr, uint64_t val,
                           uint32_t opoi);
uint64_t helper_atomic_rmw(void *env, uint64_t addr, uint64_t val,
                           uint32_t opoi)
{
    MemOpIdx oi = opoi & 0xffff;
    int op = (opoi >> 16) & 0xff;
    MemOp mop = get_memop(oi);
    int n = memop_size(mop);
    void *p = host_addr(env, addr, oi, (uintptr_t)__builtin_return_address(0));
    uint64_t raw = load_n(p, n), old, seen;

    for (;;) {
        old = (mop & MO_BSWAP) ? bswap_n(raw, n) : raw;
        uint64_t new = mask_n(rmw_apply(op, n, old, val), n);
        if (mop & MO_BSWAP) {
            new = bswap_n(new, n);
        }
        seen = cas(p, n, raw, new);
        if (seen == raw) {
            break;
        }
        raw = seen;
    }
    return (mop & MO_SIGN) ? (uint64_t)sext_n(old, n) : mask_n(old, n);
}

static const TCGHelperInfo cmpxchg_info = {
    .func = (void *)helper_atomic_cmpxchg, .name = "atomic_cmpxchg",
    .flags = TCG_CALL_NO_WG,
};
static const TCGHelperInfo rmw_info = {
    .func = (void *)helper_atomic_rmw, .name = "atomic_rmw",
    .flags = TCG_CALL_NO_WG,
};

static MemOp atomic_memop(MemOp mop, TCGType t)
{
    if ((mop & MO_SIZE) == MO_8) {
        mop &= ~MO_BSWAP;
    }
    if (t == TCG_TYPE_I32 && (mop & MO_SIZE) >= MO_32) {
        mop &= ~MO_SIGN;
    }
    return mop;
}

static void gen_cmpxchg(TCGType t, TCGTemp *ret, TCGTemp *addr, TCGTemp *cmp,
                        TCGTemp *new, unsigned idx, MemOp mop)
{
    TCGTemp *args[5];
    TCGv_i64 c64 = tcg_temp_ebb_new_i64(), n64 = tcg_temp_ebb_new_i64();
    TCGv_i64 r64 = tcg_temp_ebb_new_i64();

    g_assert(t == TCG_TYPE_I64 || (mop & MO_SIZE) != MO_64);
    mop = atomic_memop(mop, t);
    if (t == TCG_TYPE_I32) {
        tcg_gen_extu_i32_i64(c64, temp_tcgv_i32(cmp));
        tcg_gen_extu_i32_i64(n64, temp_tcgv_i32(new));
    } else {
        tcg_gen_mov_i64(c64, temp_tcgv_i64(cmp));
        tcg_gen_mov_i64(n64, temp_tcgv_i64(new));
    }
    args[0] = tcgv_ptr_temp(tcg_env);
    args[1] = addr;
    args[2] = tcgv_i64_temp(c64);
    args[3] = tcgv_i64_temp(n64);
    args[4] = tcgv_i32_temp(tcg_constant_i32(make_memop_idx(mop, idx)));
    tcg_gen_callN(&cmpxchg_info, tcgv_i64_temp(r64), 5, args);
    if (t == TCG_TYPE_I32) {
        tcg_gen_extrl_i64_i32(temp_tcgv_i32(ret), r64);
    } else {
        tcg_gen_mov_i64(temp_tcgv_i64(ret), r64);
    }
    tcg_temp_free_i64(c64);
    tcg_temp_free_i64(n64);
    tcg_temp_free_i64(r64);
}

void tcg_gen_atomic_cmpxchg_i32(TCGv_i32 ret, TCGv_i64 addr, TCGv_i32 cmpv,
                                TCGv_i32 newv, unsigned idx, MemOp memop)
{
    gen_cmpxchg(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i64_temp(addr),
                tcgv_i32_temp(cmpv), tcgv_i32_temp(newv), idx, memop);
}

void tcg_gen_atomic_cmpxchg_i64(TCGv_i64 ret, TCGv_i64 addr, TCGv_i64 cmpv,
                                TCGv_i64 newv, unsigned idx, MemOp memop)
{
    gen_cmpxchg(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(addr),
                tcgv_i64_temp(cmpv), tcgv_i64_temp(newv), idx, memop);
}

/* ret = old value; if @new_value, ret = the value stored instead */
static void gen_rmw(TCGType t, int op, bool new_value, TCGTemp *ret,
                    TCGTemp *addr, TCGTemp *val, unsigned idx, MemOp mop)
{
    TCGTemp *args[4];
    TCGv_i64 v64 = tcg_temp_ebb_new_i64(), r64 = tcg_temp_ebb_new_i64();
    MemOpIdx oi;

    g_assert(t == TCG_TYPE_I64 || (mop & MO_SIZE) != MO_64);
    mop = atomic_memop(mop, t);
    oi = make_memop_idx(mop, idx);
    if (t == TCG_TYPE_I32) {
        tcg_gen_extu_i32_i64(v64, temp_tcgv_i32(val));
    } else {
        tcg_gen_mov_i64(v64, temp_tcgv_i64(val));
    }
    args[0] = tcgv_ptr_temp(tcg_env);
    args[1] = addr;
    args[2] = tcgv_i64_temp(v64);
    args[3] = tcgv_i32_temp(tcg_constant_i32(oi | (uint32_t)op << 16));
    tcg_gen_callN(&rmw_info, tcgv_i64_temp(r64), 4, args);
    if (new_value) {
        switch (op) {
        case RMW_ADD: tcg_gen_add_i64(r64, r64, v64); break;
        case RMW_AND: tcg_gen_and_i64(r64, r64, v64); break;
        case RMW_OR: tcg_gen_or_i64(r64, r64, v64); break;
        default: tcg_gen_xor_i64(r64, r64, v64); break;
        }
        /* the stored value has the access width: extend it as a load */
        switch (mop & (MO_SIZE | MO_SIGN)) {
        case MO_UB: tcg_gen_ext8u_i64(r64, r64); break;
        case MO_SB: tcg_gen_ext8s_i64(r64, r64); break;
        case MO_UW: tcg_gen_ext16u_i64(r64, r64); break;
        case MO_SW: tcg_gen_ext16s_i64(r64, r64); break;
        case MO_UL: tcg_gen_ext32u_i64(r64, r64); break;
        case MO_SL: tcg_gen_ext32s_i64(r64, r64); break;
        default: break;
        }
    }
    if (t == TCG_TYPE_I32) {
        tcg_gen_extrl_i64_i32(temp_tcgv_i32(ret), r64);
    } else {
        tcg_gen_mov_i64(temp_tcgv_i64(ret), r64);
    }
    tcg_temp_free_i64(v64);
    tcg_temp_free_i64(r64);
}

#define GEN_RMW(NAME, OP, NEW) \
    void tcg_gen_atomic_##NAME##_i32(TCGv_i32 ret, TCGv_i64 addr, \
                                     TCGv_i32 val, unsigned idx, MemOp mop) \
    { \
        gen_rmw(TCG_TYPE_I32, OP, NEW, tcgv_i32_temp(ret), \
                tcgv_i64_temp(addr), tcgv_i32_temp(val), idx, mop); \
    } \
    void tcg_gen_atomic_##NAME##_i64(TCGv_i64 ret, TCGv_i64 addr, \
                                     TCGv_i64 val, unsigned idx, MemOp mop) \
    { \
        gen_rmw(TCG_TYPE_I64, OP, NEW, tcgv_i64_temp(ret), \
                tcgv_i64_temp(addr), tcgv_i64_temp(val), idx, mop); \
    }

GEN_RMW(xchg, RMW_XCHG, false)
GEN_RMW(fetch_add, RMW_ADD, false)
GEN_RMW(fetch_and, RMW_AND, false)
GEN_RMW(fetch_or, RMW_OR, false)
GEN_RMW(fetch_xor, RMW_XOR, false)
GEN_RMW(fetch_smin, RMW_SMIN, false)
GEN_RMW(fetch_umin, RMW_UMIN, false)
GEN_RMW(fetch_smax, RMW_SMAX, false)
GEN_RMW(fetch_umax, RMW_UMAX, false)
GEN_RMW(add_fetch, RMW_ADD, true)
GEN_RMW(and_fetch, RMW_AND, true)
GEN_RMW(or_fetch, RMW_OR, true)
GEN_RMW(xor_fetch, RMW_XOR, true)

/*
 * TCG ops, one by one: IR built with the tcg_gen_* API, compiled by the
 * x86-64 backend, run, and compared with exact expected values (edge
 * operands written out by hand) and with the reference interpreter.
 */
#include "qemu/osdep.h"
#include "tcg-harness.h"

#define NPAIRS 1024

typedef struct Env {
    uint64_t in_a[NPAIRS], in_b[NPAIRS];
    uint64_t out[NPAIRS], out2[NPAIRS];
    uint64_t g64[4];
    uint32_t g32[4];
    uint8_t guest[256];
} Env;

static Env env_jit, env_ref;

static const uint64_t edge[] = {
    0, 1, 2, 3, 7, 8, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0x8000, 0xffff,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
    0xfffffffffffffffeull, 0x123456789abcdef0ull, 0xfedcba9876543210ull,
};
#define NEDGE ARRAY_SIZE(edge)

typedef void (*GenBin32)(TCGv_i32, TCGv_i32, TCGv_i32);
typedef void (*GenBin64)(TCGv_i64, TCGv_i64, TCGv_i64);

typedef struct BinOp {
    const char *name;
    TCGOpcode opc;
    GenBin32 g32;
    GenBin64 g64;
} BinOp;

#define B(n) { #n, INDEX_op_##n, tcg_gen_##n##_i32, tcg_gen_##n##_i64 }
static const BinOp binops[] = {
    B(add), B(sub), B(mul), B(and), B(or), B(xor), B(andc), B(orc), B(eqv),
    B(nand), B(nor), B(shl), B(shr), B(sar), B(rotl), B(rotr), B(div),
    B(divu), B(rem), B(remu), B(clz), B(ctz),
};

enum { MODE_REG, MODE_CONST_B, MODE_CONST_A, MODE_SAME };

/* Build one TB applying @op to every edge pair, run it both ways. */
static void run_binop(const BinOp *op, TCGType t, int mode)
{
    int n = 0;

    tcg_func_start(tcg_ctx);
    memset(&env_jit, 0, sizeof(env_jit));
    for (size_t i = 0; i < NEDGE; i++) {
        for (size_t j = 0; j < NEDGE; j++, n++) {
            uint64_t a = edge[i], b = mode == MODE_SAME ? a : edge[j];
            env_jit.in_a[n] = a;
            env_jit.in_b[n] = b;
            if (t == TCG_TYPE_I32) {
                TCGv_i32 ta = tcg_temp_ebb_new_i32(), tb = tcg_temp_ebb_new_i32();
                TCGv_i32 r = tcg_temp_ebb_new_i32();
                tcg_temp_free_i32(ta);
                tcg_temp_free_i32(tb);
                tcg_temp_free_i32(r);
                if (mode == MODE_CONST_A) {
                    ta = tcg_constant_i32(a);
                } else {
                    tcg_gen_ld_i32(ta, tcg_env, offsetof(Env, in_a[n]));
                }
                if (mode == MODE_CONST_B) {
                    tb = tcg_constant_i32(b);
                } else if (mode == MODE_SAME) {
                    tb = ta;
                } else {
                    tcg_gen_ld_i32(tb, tcg_env, offsetof(Env, in_b[n]));
                }
                op->g32(r, ta, tb);
                tcg_gen_st_i32(r, tcg_env, offsetof(Env, out[n]));
            } else {
                TCGv_i64 ta = tcg_temp_ebb_new_i64(), tb = tcg_temp_ebb_new_i64();
                TCGv_i64 r = tcg_temp_ebb_new_i64();
                tcg_temp_free_i64(ta);
                tcg_temp_free_i64(tb);
                tcg_temp_free_i64(r);
                if (mode == MODE_CONST_A) {
                    ta = tcg_constant_i64(a);
                } else {
                    tcg_gen_ld_i64(ta, tcg_env, offsetof(Env, in_a[n]));
                }
                if (mode == MODE_CONST_B) {
                    tb = tcg_constant_i64(b);
                } else if (mode == MODE_SAME) {
                    tb = ta;
                } else {
                    tcg_gen_ld_i64(tb, tcg_env, offsetof(Env, in_b[n]));
                }
                op->g64(r, ta, tb);
                tcg_gen_st_i64(r, tcg_env, offsetof(Env, out[n]));
            }
            if (mode == MODE_SAME) {
                break;
            }
        }
    }
    tcg_gen_exit_tb(NULL, 0);
    env_ref = env_jit;
    {
        uintptr_t res;
        g_assert_cmpint(tcg_interp_run(tcg_ctx, &env_ref, &res), ==,
                        TCG_INTERP_EXIT_TB);
    }
    g_assert_cmpuint(harness_run(&env_jit, true), ==, 0);
    for (int k = 0; k < n; k++) {
        uint64_t want = tcg_interp_binop(op->opc, t, env_jit.in_a[k],
                                         env_jit.in_b[k]);
        uint64_t got = env_jit.out[k];
        if (t == TCG_TYPE_I32) {
            got = (uint32_t)got;
        }
        if (got != want || env_ref.out[k] != env_jit.out[k]) {
            g_test_message("%s_%s mode %d: a=0x%" PRIx64 " b=0x%" PRIx64
                           " jit=0x%" PRIx64 " want=0x%" PRIx64
                           " interp=0x%" PRIx64,
                           op->name, t == TCG_TYPE_I32 ? "i32" : "i64", mode,
                           env_jit.in_a[k], env_jit.in_b[k], got, want,
                           env_ref.out[k]);
            g_test_fail();
            return;
        }
    }
}

static void test_binops(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(binops); i++) {
        for (int t = 0; t < 2; t++) {
            for (int mode = 0; mode < 4; mode++) {
                run_binop(&binops[i], (TCGType)t, mode);
            }
        }
    }
}

static void test_binops_no_host_features(void)
{
    tcg_target_set_features(false, false, false, false);
    test_binops();
    tcg_target_set_features(true, true, true, true);
}

/* The same op with hand-written expectations for the edge operands. */
static uint64_t jit_binop(const BinOp *op, TCGType t, uint64_t a, uint64_t b)
{
    tcg_func_start(tcg_ctx);
    env_jit.in_a[0] = a;
    env_jit.in_b[0] = b;
    if (t == TCG_TYPE_I32) {
        TCGv_i32 ta = tcg_temp_new_i32(), tb = tcg_temp_new_i32();
        tcg_gen_ld_i32(ta, tcg_env, offsetof(Env, in_a[0]));
        tcg_gen_ld_i32(tb, tcg_env, offsetof(Env, in_b[0]));
        op->g32(ta, ta, tb);
        tcg_gen_st_i32(ta, tcg_env, offsetof(Env, out[0]));
    } else {
        TCGv_i64 ta = tcg_temp_new_i64(), tb = tcg_temp_new_i64();
        tcg_gen_ld_i64(ta, tcg_env, offsetof(Env, in_a[0]));
        tcg_gen_ld_i64(tb, tcg_env, offsetof(Env, in_b[0]));
        op->g64(ta, ta, tb);
        tcg_gen_st_i64(ta, tcg_env, offsetof(Env, out[0]));
    }
    tcg_gen_exit_tb(NULL, 0);
    env_jit.out[0] = 0xdeadbeefdeadbeefull;
    harness_run(&env_jit, false);
    return t == TCG_TYPE_I32 ? (uint32_t)env_jit.out[0] : env_jit.out[0];
}

static const BinOp *find_op(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(binops); i++) {
        if (!strcmp(binops[i].name, name)) {
            return &binops[i];
        }
    }
    g_assert_not_reached();
}

static void test_edges(void)
{
    static const struct {
        const char *op;
        TCGType t;
        uint64_t a, b, want;
    } cases[] = {
        { "div", TCG_TYPE_I64, INT64_MIN, -1, INT64_MIN },
        { "rem", TCG_TYPE_I64, INT64_MIN, -1, 0 },
        { "div", TCG_TYPE_I32, 0x80000000, 0xffffffff, 0x80000000 },
        { "rem", TCG_TYPE_I32, 0x80000000, 0xffffffff, 0 },
        { "div", TCG_TYPE_I64, 5, 0, UINT64_MAX },
        { "rem", TCG_TYPE_I64, 5, 0, 5 },
        { "divu", TCG_TYPE_I64, 5, 0, UINT64_MAX },
        { "remu", TCG_TYPE_I64, 5, 0, 5 },
        { "divu", TCG_TYPE_I32, 5, 0, 0xffffffff },
        { "div", TCG_TYPE_I64, -7, 2, -3 },
        { "rem", TCG_TYPE_I64, -7, 2, -1 },
        { "divu", TCG_TYPE_I64, -7, 2, 0x7ffffffffffffffcull },
        { "shl", TCG_TYPE_I64, 0x8001, 0, 0x8001 },
        { "shl", TCG_TYPE_I64, 1, 63, 0x8000000000000000ull },
        { "shl", TCG_TYPE_I32, 1, 31, 0x80000000 },
        { "shl", TCG_TYPE_I64, 1, 64, 1 },          /* count mod 64 */
        { "shr", TCG_TYPE_I64, 0x8000000000000000ull, 63, 1 },
        { "sar", TCG_TYPE_I64, 0x8000000000000000ull, 63, UINT64_MAX },
        { "sar", TCG_TYPE_I32, 0x80000000, 31, 0xffffffff },
        { "shr", TCG_TYPE_I32, 0x80000000, 31, 1 },
        { "rotl", TCG_TYPE_I64, 0x8000000000000001ull, 1, 3 },
        { "rotr", TCG_TYPE_I32, 1, 1, 0x80000000 },
        { "rotr", TCG_TYPE_I64, 0x1234, 0, 0x1234 },
        { "clz", TCG_TYPE_I64, 0, 99, 99 },
        { "clz", TCG_TYPE_I64, 1, 99, 63 },
        { "clz", TCG_TYPE_I32, 0x00010000, 99, 15 },
        { "ctz", TCG_TYPE_I64, 0, 64, 64 },
        { "ctz", TCG_TYPE_I32, 0x80000000, 32, 31 },
        { "andc", TCG_TYPE_I64, 0xff, 0x0f, 0xf0 },
        { "orc", TCG_TYPE_I32, 0, 0xfffffff0, 0xf },
        { "eqv", TCG_TYPE_I64, 0xf0, 0xff, 0xfffffffffffffff0ull },
        { "nand", TCG_TYPE_I32, 0xff, 0x0f, 0xfffffff0 },
        { "nor", TCG_TYPE_I64, 0xf0, 0x0f, 0xffffffffffffff00ull },
        { "mul", TCG_TYPE_I32, 0x10000, 0x10000, 0 },
        { "sub", TCG_TYPE_I64, 0, 1, UINT64_MAX },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        uint64_t got = jit_binop(find_op(cases[i].op), cases[i].t,
                                 cases[i].a, cases[i].b);
        uint64_t want = cases[i].t == TCG_TYPE_I32 ? (uint32_t)cases[i].want
                        : cases[i].want;
        if (got != want) {
            g_test_message("%s: a=0x%" PRIx64 " b=0x%" PRIx64 " got 0x%"
                           PRIx64 " want 0x%" PRIx64, cases[i].op,
                           cases[i].a, cases[i].b, got, want);
        }
        g_assert_cmphex(got, ==, want);
    }
}

/* ---- double width ---- */

static void run_double(const char *what, uint64_t a, uint64_t b,
                       uint64_t c, uint64_t d, TCGType t, uint64_t wl,
                       uint64_t wh)
{
    tcg_func_start(tcg_ctx);
    env_jit.in_a[0] = a;
    env_jit.in_a[1] = b;
    env_jit.in_a[2] = c;
    env_jit.in_a[3] = d;
    if (t == TCG_TYPE_I64) {
        TCGv_i64 v[4], rl = tcg_temp_new_i64(), rh = tcg_temp_new_i64();
        for (int i = 0; i < 4; i++) {
            v[i] = tcg_temp_new_i64();
            tcg_gen_ld_i64(v[i], tcg_env, offsetof(Env, in_a[i]));
        }
        if (!strcmp(what, "mulu2")) {
            tcg_gen_mulu2_i64(rl, rh, v[0], v[1]);
        } else if (!strcmp(what, "muls2")) {
            tcg_gen_muls2_i64(rl, rh, v[0], v[1]);
        } else if (!strcmp(what, "add2")) {
            tcg_gen_add2_i64(rl, rh, v[0], v[1], v[2], v[3]);
        } else {
            tcg_gen_sub2_i64(rl, rh, v[0], v[1], v[2], v[3]);
        }
        tcg_gen_st_i64(rl, tcg_env, offsetof(Env, out[0]));
        tcg_gen_st_i64(rh, tcg_env, offsetof(Env, out2[0]));
    } else {
        TCGv_i32 v[4], rl = tcg_temp_new_i32(), rh = tcg_temp_new_i32();
        for (int i = 0; i < 4; i++) {
            v[i] = tcg_temp_new_i32();
            tcg_gen_ld_i32(v[i], tcg_env, offsetof(Env, in_a[i]));
        }
        if (!strcmp(what, "mulu2")) {
            tcg_gen_mulu2_i32(rl, rh, v[0], v[1]);
        } else if (!strcmp(what, "muls2")) {
            tcg_gen_muls2_i32(rl, rh, v[0], v[1]);
        } else if (!strcmp(what, "add2")) {
            tcg_gen_add2_i32(rl, rh, v[0], v[1], v[2], v[3]);
        } else {
            tcg_gen_sub2_i32(rl, rh, v[0], v[1], v[2], v[3]);
        }
        env_jit.out[0] = env_jit.out2[0] = 0;
        tcg_gen_st_i32(rl, tcg_env, offsetof(Env, out[0]));
        tcg_gen_st_i32(rh, tcg_env, offsetof(Env, out2[0]));
    }
    tcg_gen_exit_tb(NULL, 0);
    env_ref = env_jit;
    {
        uintptr_t r;
        tcg_interp_run(tcg_ctx, &env_ref, &r);
    }
    harness_run(&env_jit, true);
    g_assert_cmphex(env_jit.out[0], ==, wl);
    g_assert_cmphex(env_jit.out2[0], ==, wh);
    g_assert_cmphex(env_ref.out[0], ==, wl);
    g_assert_cmphex(env_ref.out2[0], ==, wh);
}

static void test_double_width(void)
{
    memset(&env_jit, 0, sizeof(env_jit));
    run_double("mulu2", UINT64_MAX, UINT64_MAX, 0, 0, TCG_TYPE_I64, 1,
               0xfffffffffffffffeull);
    run_double("muls2", UINT64_MAX, UINT64_MAX, 0, 0, TCG_TYPE_I64, 1, 0);
    run_double("muls2", INT64_MIN, 2, 0, 0, TCG_TYPE_I64, 0, UINT64_MAX);
    run_double("mulu2", INT64_MIN, 2, 0, 0, TCG_TYPE_I64, 0, 1);
    run_double("mulu2", 0xffffffff, 0xffffffff, 0, 0, TCG_TYPE_I32, 1,
               0xfffffffe);
    run_double("muls2", 0xffffffff, 0x2, 0, 0, TCG_TYPE_I32, 0xfffffffe,
               0xffffffff);
    /* add2: (al, ah) + (bl, bh) */
    run_double("add2", UINT64_MAX, 0, 1, 0, TCG_TYPE_I64, 0, 1);
    run_double("add2", UINT64_MAX, UINT64_MAX, 1, 0, TCG_TYPE_I64, 0, 0);
    run_double("add2", 5, 7, 6, 8, TCG_TYPE_I64, 11, 15);
    run_double("add2", 0xffffffff, 0, 1, 0, TCG_TYPE_I32, 0, 1);
    run_double("sub2", 0, 0, 1, 0, TCG_TYPE_I64, UINT64_MAX, UINT64_MAX);
    run_double("sub2", 0, 5, 1, 0, TCG_TYPE_I64, UINT64_MAX, 4);
    run_double("sub2", 0, 5, 1, 0, TCG_TYPE_I32, 0xffffffff, 4);
    run_double("sub2", 10, 5, 3, 2, TCG_TYPE_I64, 7, 3);
}

/* ---- unary and bit-field ops ---- */

typedef void (*GenU64)(TCGv_i64 r, TCGv_i64 a);

static uint64_t jit_unary64(void (*gen)(TCGv_i64, TCGv_i64, int), int arg,
                            uint64_t a)
{
    TCGv_i64 t;

    tcg_func_start(tcg_ctx);
    t = tcg_temp_new_i64();
    env_jit.in_a[0] = a;
    tcg_gen_ld_i64(t, tcg_env, offsetof(Env, in_a[0]));
    gen(t, t, arg);
    tcg_gen_st_i64(t, tcg_env, offsetof(Env, out[0]));
    tcg_gen_exit_tb(NULL, 0);
    harness_run(&env_jit, true);
    return env_jit.out[0];
}

static void g_neg(TCGv_i64 r, TCGv_i64 a, int x) { tcg_gen_neg_i64(r, a); }
static void g_not(TCGv_i64 r, TCGv_i64 a, int x) { tcg_gen_not_i64(r, a); }
static void g_e8s(TCGv_i64 r, TCGv_i64 a, int x) { tcg_gen_ext8s_i64(r, a); }
static void g_e8u(TCGv_i64 r, TCGv_i64 a, int x) { tcg_gen_ext8u_i64(r, a); }
static void g_e16s(TCGv_i64 r, TCGv_i64 a, int x) { tcg_gen_ext16s_i64(r, a); }
static void g_e16u(TCGv_i64 r, TCGv_i64 a, int x) { tcg_gen_ext16u_i64(r, a); }
static void g_e32s(TCGv_i64 r, TCGv_i64 a, int x) { tcg_gen_ext32s_i64(r, a); }
static void g_e32u(TCGv_i64 r, TCGv_i64 a, int x) { tcg_gen_ext32u_i64(r, a); }
static void g_bs16(TCGv_i64 r, TCGv_i64 a, int x)
{
    tcg_gen_bswap16_i64(r, a, x);
}
static void g_bs32(TCGv_i64 r, TCGv_i64 a, int x)
{
    tcg_gen_bswap32_i64(r, a, x);
}
static void g_bs64(TCGv_i64 r, TCGv_i64 a, int x) { tcg_gen_bswap64_i64(r, a); }
static void g_pop(TCGv_i64 r, TCGv_i64 a, int x) { tcg_gen_ctpop_i64(r, a); }
static void g_extract(TCGv_i64 r, TCGv_i64 a, int x)
{
    tcg_gen_extract_i64(r, a, x >> 8, x & 0xff);
}
static void g_sextract(TCGv_i64 r, TCGv_i64 a, int x)
{
    tcg_gen_sextract_i64(r, a, x >> 8, x & 0xff);
}
static void g_deposit(TCGv_i64 r, TCGv_i64 a, int x)
{
    tcg_gen_deposit_i64(r, a, tcg_constant_i64(0xabcdef0123456789ull),
                        x >> 8, x & 0xff);
}

static void test_unary(void)
{
    static const struct {
        void (*gen)(TCGv_i64, TCGv_i64, int);
        int arg;
        uint64_t a, want;
    } cases[] = {
        { g_neg, 0, 1, UINT64_MAX },
        { g_neg, 0, INT64_MIN, INT64_MIN },
        { g_not, 0, 0, UINT64_MAX },
        { g_e8s, 0, 0x1280, 0xffffffffffffff80ull },
        { g_e8u, 0, 0xffffffffffffff80ull, 0x80 },
        { g_e16s, 0, 0x18000, 0xffffffffffff8000ull },
        { g_e16u, 0, UINT64_MAX, 0xffff },
        { g_e32s, 0, 0x180000000ull, 0xffffffff80000000ull },
        { g_e32u, 0, UINT64_MAX, 0xffffffff },
        { g_bs16, 0, 0xffff1280, 0x8012 },
        { g_bs16, TCG_BSWAP_OS, 0x1280, 0xffffffffffff8012ull },
        { g_bs32, 0, 0xff12345680ull, 0x80563412 },
        { g_bs32, TCG_BSWAP_OS, 0x12345680, 0xffffffff80563412ull },
        { g_bs64, 0, 0x0102030405060708ull, 0x0807060504030201ull },
        { g_pop, 0, UINT64_MAX, 64 },
        { g_pop, 0, 0, 0 },
        { g_pop, 0, 0x8000000000000001ull, 2 },
        { g_extract, 8 << 8 | 8, 0x12345678, 0x56 },
        { g_extract, 0 << 8 | 8, 0x12345678, 0x78 },
        { g_extract, 32 << 8 | 32, 0x123456789ull << 4, 0x12 },
        { g_extract, 60 << 8 | 4, 0xf000000000000000ull, 0xf },
        { g_extract, 0 << 8 | 63, UINT64_MAX, INT64_MAX },
        { g_sextract, 4 << 8 | 4, 0x70, 7 },
        { g_sextract, 4 << 8 | 4, 0x80, 0xfffffffffffffff8ull },
        { g_sextract, 4 << 8 | 4, 0xf0, UINT64_MAX },
        { g_sextract, 0 << 8 | 16, 0x8000, 0xffffffffffff8000ull },
        { g_sextract, 0 << 8 | 32, 0x80000000, 0xffffffff80000000ull },
        { g_sextract, 32 << 8 | 32, 0x8000000000000000ull,
          0xffffffff80000000ull },
        { g_deposit, 0 << 8 | 8, 0, 0x89 },
        { g_deposit, 0 << 8 | 8, 0x1122334455667788ull,
          0x1122334455667789ull },
        { g_deposit, 0 << 8 | 16, 0x1122334455667788ull,
          0x1122334455666789ull },
        { g_deposit, 0 << 8 | 16, 0, 0x6789 },
        { g_deposit, 8 << 8 | 8, UINT64_MAX, 0xffffffffffff89ffull },
        { g_deposit, 32 << 8 | 32, 0x1111111122222222ull,
          0x2345678922222222ull },
        { g_deposit, 63 << 8 | 1, 0, 0x8000000000000000ull },
        { g_deposit, 0 << 8 | 63, UINT64_MAX, 0xabcdef0123456789ull },
    };

    for (int pass = 0; pass < 2; pass++) {
        if (pass) {
            tcg_target_set_features(false, false, false, false);
        }
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
            uint64_t got = jit_unary64(cases[i].gen, cases[i].arg, cases[i].a);
            if (got != cases[i].want) {
                g_test_message("case %zu pass %d: got 0x%" PRIx64 " want 0x%"
                               PRIx64, i, pass, got, cases[i].want);
            }
            g_assert_cmphex(got, ==, cases[i].want);
        }
    }
    tcg_target_set_features(true, true, true, true);
}

static void test_i32_unary(void)
{
    TCGv_i32 t, u;
    TCGv_i64 w;

    tcg_func_start(tcg_ctx);
    env_jit.in_a[0] = 0x80000001ull | 0xabcd00000000ull;
    memset(env_jit.out, 0, sizeof(uint64_t) * 16);
    t = tcg_temp_new_i32();
    u = tcg_temp_new_i32();
    w = tcg_temp_new_i64();
    tcg_gen_ld_i32(t, tcg_env, offsetof(Env, in_a[0]));
    tcg_gen_ext8s_i32(u, t);
    tcg_gen_st_i32(u, tcg_env, offsetof(Env, out[0]));
    tcg_gen_bswap32_i32(u, t);
    tcg_gen_st_i32(u, tcg_env, offsetof(Env, out[1]));
    tcg_gen_ctpop_i32(u, t);
    tcg_gen_st_i32(u, tcg_env, offsetof(Env, out[2]));
    tcg_gen_ext_i32_i64(w, t);
    tcg_gen_st_i64(w, tcg_env, offsetof(Env, out[3]));
    tcg_gen_extu_i32_i64(w, t);
    tcg_gen_st_i64(w, tcg_env, offsetof(Env, out[4]));
    tcg_gen_ld_i64(w, tcg_env, offsetof(Env, in_a[0]));
    tcg_gen_extrh_i64_i32(u, w);
    tcg_gen_st_i32(u, tcg_env, offsetof(Env, out[5]));
    tcg_gen_extrl_i64_i32(u, w);
    tcg_gen_st_i32(u, tcg_env, offsetof(Env, out[6]));
    tcg_gen_deposit_i32(u, t, tcg_constant_i32(0x5), 28, 4);
    tcg_gen_st_i32(u, tcg_env, offsetof(Env, out[7]));
    tcg_gen_sextract_i32(u, t, 28, 4);
    tcg_gen_st_i32(u, tcg_env, offsetof(Env, out[8]));
    tcg_gen_concat_i32_i64(w, t, tcg_constant_i32(0x77));
    tcg_gen_st_i64(w, tcg_env, offsetof(Env, out[9]));
    tcg_gen_bswap16_i32(u, t, TCG_BSWAP_OS);
    tcg_gen_st_i32(u, tcg_env, offsetof(Env, out[10]));
    tcg_gen_exit_tb(NULL, 0);
    harness_run(&env_jit, true);
    g_assert_cmphex(env_jit.out[0], ==, 1);
    g_assert_cmphex(env_jit.out[1], ==, 0x01000080);
    g_assert_cmphex(env_jit.out[2], ==, 2);
    g_assert_cmphex(env_jit.out[3], ==, 0xffffffff80000001ull);
    g_assert_cmphex(env_jit.out[4], ==, 0x80000001ull);
    g_assert_cmphex(env_jit.out[5], ==, 0xabcd);
    g_assert_cmphex(env_jit.out[6], ==, 0x80000001ull);
    g_assert_cmphex(env_jit.out[7], ==, 0x50000001);
    g_assert_cmphex(env_jit.out[8], ==, 0xfffffff8);
    g_assert_cmphex(env_jit.out[9], ==, 0x7780000001ull);
    g_assert_cmphex(env_jit.out[10], ==, 0x00000100);
}

/* ---- comparisons ---- */

static const TCGCond conds[] = {
    TCG_COND_EQ, TCG_COND_NE, TCG_COND_LT, TCG_COND_GE, TCG_COND_LE,
    TCG_COND_GT, TCG_COND_LTU, TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU,
};

static bool ref_cond(TCGCond c, int64_t a, int64_t b)
{
    uint64_t ua = a, ub = b;
    switch (c) {
    case TCG_COND_EQ: return a == b;
    case TCG_COND_NE: return a != b;
    case TCG_COND_LT: return a < b;
    case TCG_COND_GE: return a >= b;
    case TCG_COND_LE: return a <= b;
    case TCG_COND_GT: return a > b;
    case TCG_COND_LTU: return ua < ub;
    case TCG_COND_GEU: return ua >= ub;
    case TCG_COND_LEU: return ua <= ub;
    default: return ua > ub;
    }
}

static void test_conditions(void)
{
    static const int64_t vals[] = { 0, 1, -1, INT64_MIN, INT64_MAX, 5 };

    for (size_t c = 0; c < ARRAY_SIZE(conds); c++) {
        int n = 0;
        tcg_func_start(tcg_ctx);
        for (size_t i = 0; i < ARRAY_SIZE(vals); i++) {
            for (size_t j = 0; j < ARRAY_SIZE(vals); j++, n += 4) {
                TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
                TCGv_i64 r = tcg_temp_new_i64();
                TCGLabel *l = gen_new_label();
                env_jit.in_a[n] = vals[i];
                env_jit.in_b[n] = vals[j];
                tcg_gen_ld_i64(a, tcg_env, offsetof(Env, in_a[n]));
                tcg_gen_ld_i64(b, tcg_env, offsetof(Env, in_b[n]));
                tcg_gen_setcond_i64(conds[c], r, a, b);
                tcg_gen_st_i64(r, tcg_env, offsetof(Env, out[n]));
                tcg_gen_negsetcond_i64(conds[c], r, a, b);
                tcg_gen_st_i64(r, tcg_env, offsetof(Env, out[n + 1]));
                tcg_gen_movcond_i64(conds[c], r, a, b, tcg_constant_i64(11),
                                    tcg_constant_i64(22));
                tcg_gen_st_i64(r, tcg_env, offsetof(Env, out[n + 2]));
                tcg_gen_movi_i64(r, 0);
                tcg_gen_brcond_i64(conds[c], a, b, l);
                tcg_gen_movi_i64(r, 1);
                gen_set_label(l);
                tcg_gen_st_i64(r, tcg_env, offsetof(Env, out[n + 3]));
                /* the 32-bit compare of the low halves */
                {
                    TCGv_i32 a32 = tcg_temp_new_i32();
                    TCGv_i32 r32 = tcg_temp_new_i32();
                    tcg_gen_extrl_i64_i32(a32, a);
                    tcg_gen_setcondi_i32(conds[c], r32, a32,
                                         (int32_t)vals[j]);
                    tcg_gen_st_i32(r32, tcg_env, offsetof(Env, out2[n]));
                }
            }
        }
        tcg_gen_exit_tb(NULL, 0);
        harness_run(&env_jit, true);
        n = 0;
        for (size_t i = 0; i < ARRAY_SIZE(vals); i++) {
            for (size_t j = 0; j < ARRAY_SIZE(vals); j++, n += 4) {
                bool want = ref_cond(conds[c], vals[i], vals[j]);
                bool want32 = ref_cond(conds[c], (int32_t)vals[i],
                                       (int32_t)vals[j]);
                if (c >= 6) {
                    want32 = ref_cond(conds[c], (uint32_t)vals[i],
                                      (uint32_t)vals[j]);
                }
                g_assert_cmpuint(env_jit.out[n], ==, want);
                g_assert_cmphex(env_jit.out[n + 1], ==, want ? UINT64_MAX : 0);
                g_assert_cmpuint(env_jit.out[n + 2], ==, want ? 11 : 22);
                g_assert_cmpuint(env_jit.out[n + 3], ==, want ? 0 : 1);
                g_assert_cmpuint((uint32_t)env_jit.out2[n], ==, want32);
            }
        }
    }
}

/* ---- globals, helper calls, exits ---- */

static TCGv_i64 glob64[4];
static TCGv_i32 glob32[4];

static uint64_t helper_add_g0(void *env, uint64_t x)
{
    Env *e = env;
    e->g64[0] += x;             /* writes a global behind TCG's back */
    return e->g64[1] * 2;       /* reads one */
}

static uint64_t helper_pure_calls;
static uint64_t helper_pure(uint64_t x)
{
    helper_pure_calls++;
    return x * 3;
}

static void test_globals_and_calls(void)
{
    static const TCGHelperInfo add_info = {
        .func = helper_add_g0, .name = "add_g0", .flags = 0 };
    static const TCGHelperInfo pure_info = {
        .func = helper_pure, .name = "pure", .flags = TCG_CALL_NO_RWG_SE };
    TCGv_i64 t = NULL, r;
    TCGTemp *args[2];
    uintptr_t ret;

    memset(&env_jit, 0, sizeof(env_jit));
    env_jit.g64[0] = 100;
    env_jit.g64[1] = 7;
    env_jit.g32[0] = 0xffffffff;
    tcg_func_start(tcg_ctx);
    r = tcg_temp_new_i64();
    t = tcg_temp_new_i64();
    /* g1 is modified in a register and must reach memory before the call */
    tcg_gen_addi_i64(glob64[1], glob64[1], 1);           /* g1 = 8 */
    tcg_gen_addi_i64(glob64[0], glob64[0], 5);           /* g0 = 105 */
    args[0] = tcgv_ptr_temp(tcg_env);
    args[1] = tcgv_i64_temp(tcg_constant_i64(10));
    tcg_gen_callN(&add_info, tcgv_i64_temp(r), 2, args); /* g0 += 10 */
    tcg_gen_mov_i64(glob64[2], r);                       /* 16 */
    tcg_gen_addi_i64(glob64[0], glob64[0], 1);           /* reloaded: 116 */
    /* an unused pure helper call is dropped */
    args[0] = tcgv_i64_temp(glob64[0]);
    tcg_gen_callN(&pure_info, tcgv_i64_temp(t), 1, args);
    /* a used one is kept */
    tcg_gen_callN(&pure_info, tcgv_i64_temp(glob64[3]), 1, args);
    tcg_gen_addi_i32(glob32[0], glob32[0], 2);           /* wraps to 1 */
    tcg_gen_exit_tb(NULL, 0x1230);
    helper_pure_calls = 0;
    ret = harness_run(&env_jit, true);
    g_assert_cmphex(ret, ==, 0x1230);
    g_assert_cmpuint(env_jit.g64[0], ==, 116);
    g_assert_cmpuint(env_jit.g64[1], ==, 8);
    g_assert_cmpuint(env_jit.g64[2], ==, 16);
    g_assert_cmpuint(env_jit.g64[3], ==, 348);
    g_assert_cmpuint(env_jit.g32[0], ==, 1);
    g_assert_cmpuint(helper_pure_calls, ==, 1);
}

/* ---- guest memory, user mode ---- */

static void test_qemu_ld_st_user(void)
{
    static const struct {
        MemOp mop;
        uint64_t want;
    } lds[] = {
        { MO_UB, 0x81 }, { MO_SB, 0xffffffffffffff81ull },
        { MO_LEUW, 0x8281 }, { MO_LESW, 0xffffffffffff8281ull },
        { MO_BEUW, 0x8182 }, { MO_BESW, 0xffffffffffff8182ull },
        { MO_LEUL, 0x84838281 }, { MO_LESL, 0xffffffff84838281ull },
        { MO_BEUL, 0x81828384 }, { MO_BESL, 0xffffffff81828384ull },
        { MO_LEUQ, 0x8887868584838281ull }, { MO_BEUQ, 0x8182838485868788ull },
    };
    TCGGuestMem gm = { .mode = TCG_GUEST_MEM_USER,
                       .guest_base = (uintptr_t)env_jit.guest - 0x1000 };
    TCGv_i64 addr, v;

    tcg_set_guest_mem(&gm);
    for (int i = 0; i < 8; i++) {
        env_jit.guest[i] = 0x81 + i;
    }
    tcg_func_start(tcg_ctx);
    addr = tcg_temp_new_i64();
    v = tcg_temp_new_i64();
    tcg_gen_movi_i64(addr, 0x1000);
    for (size_t i = 0; i < ARRAY_SIZE(lds); i++) {
        tcg_gen_qemu_ld_i64(v, addr, 0, lds[i].mop);
        tcg_gen_st_i64(v, tcg_env, offsetof(Env, out[i]));
    }
    /* stores of each size and order at guest 0x1010.. */
    tcg_gen_movi_i64(v, 0x1122334455667788ull);
    tcg_gen_addi_i64(addr, addr, 0x10);
    tcg_gen_qemu_st_i64(v, addr, 0, MO_LEUQ);
    tcg_gen_addi_i64(addr, addr, 8);
    tcg_gen_qemu_st_i64(v, addr, 0, MO_BEUQ);
    tcg_gen_addi_i64(addr, addr, 8);
    tcg_gen_qemu_st_i64(v, addr, 0, MO_BEUL);
    tcg_gen_addi_i64(addr, addr, 4);
    tcg_gen_qemu_st_i64(v, addr, 0, MO_BEUW);
    tcg_gen_addi_i64(addr, addr, 2);
    tcg_gen_qemu_st_i64(v, addr, 0, MO_UB);
    {
        TCGv_i32 w = tcg_temp_new_i32();
        tcg_gen_movi_i32(w, 0xa1b2c3d4);
        tcg_gen_addi_i64(addr, addr, 1);
        tcg_gen_qemu_st_i32(w, addr, 0, MO_LEUL);
        tcg_gen_qemu_ld_i32(w, addr, 0, MO_BEUL);
        tcg_gen_st_i32(w, tcg_env, offsetof(Env, out2[0]));
    }
    tcg_gen_exit_tb(NULL, 0);
    harness_run(&env_jit, true);
    for (size_t i = 0; i < ARRAY_SIZE(lds); i++) {
        g_assert_cmphex(env_jit.out[i], ==, lds[i].want);
    }
    {
        static const uint8_t want[] = {
            0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
            0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
            0x55, 0x66, 0x77, 0x88, 0x77, 0x88, 0x88,
            0xd4, 0xc3, 0xb2, 0xa1,
        };
        g_assert_cmpmem(env_jit.guest + 0x10, sizeof(want), want,
                        sizeof(want));
        g_assert_cmphex((uint32_t)env_jit.out2[0], ==, 0xd4c3b2a1);
    }
    gm.guest_base = 0;
    tcg_set_guest_mem(&gm);
}

static void test_exit_and_goto_tb(void)
{
    uintptr_t ret;
    const void *tb;

    tcg_func_start(tcg_ctx);
    tcg_gen_goto_tb(1);
    tcg_gen_exit_tb((void *)0x1000, 1);
    tb = harness_codegen(true, NULL);
    g_assert_cmpuint(tcg_ctx->jmp_insn_offset[1], !=, 0xffff);
    g_assert_cmpuint(tcg_ctx->jmp_reset_offset[1], ==,
                     tcg_ctx->jmp_insn_offset[1] + 5);
    ret = tcg_qemu_tb_exec(&env_jit, tb);
    g_assert_cmphex(ret, ==, 0x1001);
}

static void test_env_ld_st(void)
{
    TCGv_i64 v = NULL;
    TCGv_i32 w;
    uint8_t *b = (uint8_t *)env_jit.in_a;

    memset(&env_jit, 0, sizeof(env_jit));
    env_jit.in_a[0] = 0x8182838485868788ull;
    tcg_func_start(tcg_ctx);
    v = tcg_temp_new_i64();
    w = tcg_temp_new_i32();
#define LD64(fn, i) fn(v, tcg_env, offsetof(Env, in_a[0])); \
    tcg_gen_st_i64(v, tcg_env, offsetof(Env, out[i]))
#define LD32(fn, i) fn(w, tcg_env, offsetof(Env, in_a[0])); \
    tcg_gen_st_i32(w, tcg_env, offsetof(Env, out2[i]))
    LD64(tcg_gen_ld8u_i64, 0);
    LD64(tcg_gen_ld8s_i64, 1);
    LD64(tcg_gen_ld16u_i64, 2);
    LD64(tcg_gen_ld16s_i64, 3);
    LD64(tcg_gen_ld32u_i64, 4);
    LD64(tcg_gen_ld32s_i64, 5);
    LD64(tcg_gen_ld_i64, 6);
    LD32(tcg_gen_ld8u_i32, 0);
    LD32(tcg_gen_ld8s_i32, 1);
    LD32(tcg_gen_ld16u_i32, 2);
    LD32(tcg_gen_ld16s_i32, 3);
    LD32(tcg_gen_ld_i32, 4);
#undef LD64
#undef LD32
    tcg_gen_movi_i64(v, 0x1122334455667788ull);
    tcg_gen_st8_i64(v, tcg_env, offsetof(Env, in_b[0]));
    tcg_gen_st16_i64(v, tcg_env, offsetof(Env, in_b[0]) + 2);
    tcg_gen_st32_i64(v, tcg_env, offsetof(Env, in_b[0]) + 4);
    tcg_gen_movi_i32(w, 0xa1b2c3d4);
    tcg_gen_st8_i32(w, tcg_env, offsetof(Env, in_b[1]));
    tcg_gen_st16_i32(w, tcg_env, offsetof(Env, in_b[1]) + 2);
    tcg_gen_st_i32(w, tcg_env, offsetof(Env, in_b[1]) + 4);
    tcg_gen_exit_tb(NULL, 0);
    harness_run(&env_jit, true);
    (void)b;
    g_assert_cmphex(env_jit.out[0], ==, 0x88);
    g_assert_cmphex(env_jit.out[1], ==, 0xffffffffffffff88ull);
    g_assert_cmphex(env_jit.out[2], ==, 0x8788);
    g_assert_cmphex(env_jit.out[3], ==, 0xffffffffffff8788ull);
    g_assert_cmphex(env_jit.out[4], ==, 0x85868788);
    g_assert_cmphex(env_jit.out[5], ==, 0xffffffff85868788ull);
    g_assert_cmphex(env_jit.out[6], ==, 0x8182838485868788ull);
    g_assert_cmphex(env_jit.out2[0], ==, 0x88);
    g_assert_cmphex(env_jit.out2[1], ==, 0xffffff88);
    g_assert_cmphex(env_jit.out2[2], ==, 0x8788);
    g_assert_cmphex(env_jit.out2[3], ==, 0xffff8788);
    g_assert_cmphex(env_jit.out2[4], ==, 0x85868788);
    g_assert_cmphex(env_jit.in_b[0], ==, 0x5566778877880088ull);
    g_assert_cmphex(env_jit.in_b[1], ==, 0xa1b2c3d4c3d400d4ull);
}

static void test_atomics(void)
{
    TCGGuestMem gm = { .mode = TCG_GUEST_MEM_USER,
                       .guest_base = (uintptr_t)env_jit.guest };
    TCGv_i64 a, v, r;
    TCGv_i32 w, rw;
    uint64_t *q = (uint64_t *)env_jit.guest;

    tcg_set_guest_mem(&gm);
    memset(env_jit.guest, 0, sizeof(env_jit.guest));
    q[0] = 10;
    q[1] = 0x80;
    q[2] = 0x1234;
    tcg_func_start(tcg_ctx);
    a = tcg_temp_new_i64();
    v = tcg_temp_new_i64();
    r = tcg_temp_new_i64();
    w = tcg_temp_new_i32();
    rw = tcg_temp_new_i32();
    tcg_gen_movi_i64(a, 0);
    tcg_gen_movi_i64(v, 5);
    tcg_gen_atomic_fetch_add_i64(r, a, v, 0, MO_LEUQ);   /* r=10, q0=15 */
    tcg_gen_st_i64(r, tcg_env, offsetof(Env, out[0]));
    tcg_gen_atomic_add_fetch_i64(r, a, v, 0, MO_LEUQ);   /* r=20, q0=20 */
    tcg_gen_st_i64(r, tcg_env, offsetof(Env, out[1]));
    tcg_gen_movi_i64(v, 99);
    tcg_gen_atomic_cmpxchg_i64(r, a, tcg_constant_i64(7), v, 0, MO_LEUQ);
    tcg_gen_st_i64(r, tcg_env, offsetof(Env, out[2]));    /* fails: 20 */
    tcg_gen_atomic_cmpxchg_i64(r, a, tcg_constant_i64(20), v, 0, MO_LEUQ);
    tcg_gen_st_i64(r, tcg_env, offsetof(Env, out[3]));    /* 20, q0=99 */
    tcg_gen_movi_i64(a, 8);
    tcg_gen_atomic_xchg_i64(r, a, tcg_constant_i64(0x7f), 0, MO_SB);
    tcg_gen_st_i64(r, tcg_env, offsetof(Env, out[4]));    /* -128 */
    tcg_gen_movi_i64(a, 16);
    tcg_gen_movi_i32(w, 0x1);
    tcg_gen_atomic_or_fetch_i32(rw, a, w, 0, MO_BEUW);   /* 0x3412|1 */
    tcg_gen_st_i32(rw, tcg_env, offsetof(Env, out[5]));
    tcg_gen_atomic_fetch_umax_i32(rw, a, tcg_constant_i32(0xffff), 0,
                                  MO_LEUW);
    tcg_gen_st_i32(rw, tcg_env, offsetof(Env, out[6]));   /* 0x1334 */
    tcg_gen_exit_tb(NULL, 0);
    memset(env_jit.out, 0, 8 * sizeof(uint64_t));
    harness_run(&env_jit, true);
    g_assert_cmpuint(env_jit.out[0], ==, 10);
    g_assert_cmpuint(env_jit.out[1], ==, 20);
    g_assert_cmpuint(env_jit.out[2], ==, 20);
    g_assert_cmpuint(env_jit.out[3], ==, 20);
    g_assert_cmpuint(q[0], ==, 99);
    g_assert_cmphex(env_jit.out[4], ==, 0xffffffffffffff80ull);
    g_assert_cmphex(q[1], ==, 0x7f);
    g_assert_cmphex((uint32_t)env_jit.out[5], ==, 0x3413);
    g_assert_cmphex((uint32_t)env_jit.out[6], ==, 0x1334);
    g_assert_cmphex(q[2], ==, 0xffff);
    gm.guest_base = 0;
    tcg_set_guest_mem(&gm);
}

/* Several threads increment one counter with fetch_add from one TB. */
static uint64_t shared_counter;
static const void *atomic_tb;

static gpointer atomic_thread(gpointer data)
{
    Env *e = g_new0(Env, 1);

    tcg_qemu_tb_exec(e, atomic_tb);
    g_free(e);
    return NULL;
}

static void test_atomic_threads(void)
{
    TCGGuestMem gm = { .mode = TCG_GUEST_MEM_USER, .guest_base = 0 };
    TCGv_i64 n, a, r;
    TCGLabel *loop;
    GThread *t[4];

    tcg_set_guest_mem(&gm);
    shared_counter = 0;
    tcg_func_start(tcg_ctx);
    n = tcg_temp_new_i64();
    a = tcg_temp_new_i64();
    r = tcg_temp_new_i64();
    loop = gen_new_label();
    tcg_gen_movi_i64(n, 20000);
    tcg_gen_movi_i64(a, (uintptr_t)&shared_counter);
    gen_set_label(loop);
    tcg_gen_atomic_fetch_add_i64(r, a, tcg_constant_i64(1), 0, MO_LEUQ);
    tcg_gen_subi_i64(n, n, 1);
    tcg_gen_brcondi_i64(TCG_COND_NE, n, 0, loop);
    tcg_gen_exit_tb(NULL, 0);
    atomic_tb = harness_codegen(true, NULL);
    for (int i = 0; i < 4; i++) {
        t[i] = g_thread_new("atomic", atomic_thread, NULL);
    }
    for (int i = 0; i < 4; i++) {
        g_thread_join(t[i]);
    }
    g_assert_cmpuint(shared_counter, ==, 80000);
}

static void test_too_many_temps(void)
{
    TCGv_i64 acc;

    tcg_func_start(tcg_ctx);
    acc = tcg_temp_new_i64();
    tcg_gen_movi_i64(acc, 0);
    for (int i = 0; i < TCG_MAX_TEMPS + 10; i++) {
        TCGv_i64 t = tcg_temp_new_i64();     /* never freed */
        tcg_gen_addi_i64(t, acc, i);
        tcg_gen_mov_i64(acc, t);
    }
    tcg_gen_exit_tb(NULL, 0);
    tcg_ctx->code_ptr = tcg_region.rw + tcg_region.used;
    g_assert_cmpint(tcg_gen_code(tcg_ctx, tcg_region.rw + tcg_region.size),
                    ==, -2);
    /* the next TB is fine again */
    tcg_func_start(tcg_ctx);
    tcg_gen_exit_tb(NULL, 5);
    g_assert_cmpuint(harness_run(&env_jit, true), ==, 5);
}

static void test_code_buffer_full(void)
{
    TCGv_i64 t;
    uint8_t *start;

    tcg_func_start(tcg_ctx);
    t = tcg_temp_new_i64();
    for (int i = 0; i < 100; i++) {
        tcg_gen_addi_i64(glob64[0], glob64[0], i * 1000);
        tcg_gen_mov_i64(t, glob64[0]);
    }
    tcg_gen_exit_tb(NULL, 0);
    start = tcg_region.rw + tcg_region.used;
    tcg_ctx->code_ptr = start;
    /* 64 bytes cannot hold it: -1, and nothing written past the end */
    start[64] = 0xa5;
    g_assert_cmpint(tcg_gen_code(tcg_ctx, start + 64), ==, -1);
    g_assert_cmphex(start[64], ==, 0xa5);
}

/*
 * sse_op / sse_movmsk: every supported operation on random and edge
 * lanes, host code against the C reference and the interpreter; a few
 * known answers pin the reference itself down.
 */
static void sse_fill(uint8_t *p, GRand *r, int k)
{
    static const uint8_t edges[] = { 0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x81 };

    for (int i = 0; i < 16; i++) {
        p[i] = k & 1 ? edges[(i + k) % ARRAY_SIZE(edges)]
                     : g_rand_int_range(r, 0, 256);
    }
}

static void sse_check_one(unsigned code, GRand *r)
{
    const int rounds = 8;

    memset(&env_jit, 0, sizeof(env_jit));
    tcg_func_start(tcg_ctx);
    for (int k = 0; k < rounds; k++) {
        TCGv_i64 m = tcg_temp_new_i64();
        sse_fill((uint8_t *)&env_jit.in_a[2 * k], r, k);
        sse_fill((uint8_t *)&env_jit.in_b[2 * k], r, k + 1);
        tcg_gen_sse_op(tcg_env, offsetof(Env, in_a[2 * k]),
                       offsetof(Env, in_b[2 * k]), code);
        tcg_gen_sse_movmsk(m, tcg_env, offsetof(Env, in_a[2 * k]));
        tcg_gen_st_i64(m, tcg_env, offsetof(Env, out[k]));
    }
    tcg_gen_exit_tb(NULL, 0);
    env_ref = env_jit;
    {
        uintptr_t res;
        g_assert_cmpint(tcg_interp_run(tcg_ctx, &env_ref, &res), ==,
                        TCG_INTERP_EXIT_TB);
    }
    {
        Env want = env_jit;
        for (int k = 0; k < rounds; k++) {
            tcg_sse_op_ref(&want.in_a[2 * k], &want.in_b[2 * k], code);
        }
        g_assert_cmpuint(harness_run(&env_jit, true), ==, 0);
        for (int k = 0; k < rounds; k++) {
            if (memcmp(&want.in_a[2 * k], &env_jit.in_a[2 * k], 16) ||
                memcmp(&env_ref.in_a[2 * k], &env_jit.in_a[2 * k], 16) ||
                env_jit.out[k] != tcg_sse_movmsk_ref(&want.in_a[2 * k])) {
                g_test_message("sse code 0x%x round %d: host %016" PRIx64
                               ":%016" PRIx64 " ref %016" PRIx64 ":%016"
                               PRIx64, code, k, env_jit.in_a[2 * k + 1],
                               env_jit.in_a[2 * k], want.in_a[2 * k + 1],
                               want.in_a[2 * k]);
                g_test_fail();
                return;
            }
        }
    }
}

static void test_sse_ops(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(7);
    int n = 0;

    for (unsigned map = 0; map < 3; map++) {
        for (unsigned op = 0; op < 256; op++) {
            if (!tcg_sse_op_supported(TCG_SSE_CODE(map, op, 0))) {
                continue;
            }
            n++;
            for (unsigned imm = 0; imm < 256; imm += 37) {
                sse_check_one(TCG_SSE_CODE(map, op, imm), r);
                if (map != 2 && op != 0x70) {
                    break;
                }
            }
        }
    }
    g_assert_cmpint(n, >=, 50);     /* the SSE2 set alone */
    g_assert_false(tcg_sse_op_supported(TCG_SSE_CODE(0, 0x0f, 0)));
    g_assert_false(tcg_sse_op_supported(TCG_SSE_CODE(0, 0xd7, 0)));
}

/*
 * Runs of sse ops on a few slots: the backend keeps slots in xmm
 * registers between them, so reuse, overwrite and aliasing must match
 * the op-by-op reference.
 */
static void test_sse_chain(void)
{
    static const unsigned codes[] = {
        TCG_SSE_CODE(0, 0x74, 0), TCG_SSE_CODE(0, 0xda, 0),
        TCG_SSE_CODE(0, 0xef, 0), TCG_SSE_CODE(0, 0xfc, 0),
        TCG_SSE_CODE(0, 0x70, 0x1b), TCG_SSE_CODE(0, 0x60, 0),
    };
    g_autoptr(GRand) r = g_rand_new_with_seed(11);

    for (int round = 0; round < 20; round++) {
        Env want;
        int slot_d[64], slot_s[64], code[64], n = 64;

        memset(&env_jit, 0, sizeof(env_jit));
        for (int k = 0; k < 6; k++) {
            sse_fill((uint8_t *)&env_jit.in_a[2 * k], r, k + round);
        }
        want = env_jit;
        tcg_func_start(tcg_ctx);
        for (int i = 0; i < n; i++) {
            slot_d[i] = g_rand_int_range(r, 0, 6);
            slot_s[i] = g_rand_int_range(r, 0, 6);
            code[i] = codes[g_rand_int_range(r, 0, ARRAY_SIZE(codes))];
            tcg_gen_sse_op(tcg_env, offsetof(Env, in_a[2 * slot_d[i]]),
                           offsetof(Env, in_a[2 * slot_s[i]]), code[i]);
            if (i % 8 == 7) {
                /* a group's masks, then other code: a fresh start */
                TCGv_i64 m[6];
                for (int k = 0; k < 6; k++) {
                    m[k] = tcg_temp_new_i64();
                    tcg_gen_sse_movmsk(m[k], tcg_env,
                                       offsetof(Env, in_a[2 * k]));
                }
                for (int k = 0; k < 6; k++) {
                    tcg_gen_st_i64(m[k], tcg_env, offsetof(Env, out[i + k]));
                }
            }
        }
        tcg_gen_exit_tb(NULL, 0);
        g_assert_cmpuint(harness_run(&env_jit, true), ==, 0);
        for (int i = 0; i < n; i++) {
            tcg_sse_op_ref(&want.in_a[2 * slot_d[i]],
                           &want.in_a[2 * slot_s[i]], code[i]);
            if (i % 8 == 7) {
                for (int k = 0; k < 6; k++) {
                    g_assert_cmphex(env_jit.out[i + k], ==,
                                    tcg_sse_movmsk_ref(&want.in_a[2 * k]));
                }
            }
        }
        g_assert_cmpmem(want.in_a, 6 * 16, env_jit.in_a, 6 * 16);
    }
}

static void test_sse_known(void)
{
    uint8_t d[16], s[16];

    for (int i = 0; i < 16; i++) {
        d[i] = i * 17;
        s[i] = i < 8 ? i * 17 : 0xf0;
    }
    tcg_sse_op_ref(d, s, TCG_SSE_CODE(0, 0x74, 0));     /* pcmpeqb */
    g_assert_cmphex(tcg_sse_movmsk_ref(d), ==, 0x00ff);
    for (int i = 0; i < 16; i++) {
        d[i] = i;
        s[i] = 16 + i;
    }
    tcg_sse_op_ref(d, s, TCG_SSE_CODE(2, 0x0f, 3));     /* palignr 3 */
    g_assert_cmpint(d[0], ==, 19);
    g_assert_cmpint(d[12], ==, 31);
    g_assert_cmpint(d[13], ==, 0);
    g_assert_cmpint(d[15], ==, 2);
    memset(d, 0x90, 16);
    memset(s, 0x10, 16);
    tcg_sse_op_ref(d, s, TCG_SSE_CODE(0, 0xda, 0));     /* pminub */
    g_assert_cmpint(d[5], ==, 0x10);
    memset(d, 0x90, 16);
    tcg_sse_op_ref(d, s, TCG_SSE_CODE(0, 0xea, 0));     /* pminsw */
    g_assert_cmphex(d[0] | d[1] << 8, ==, 0x9090);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init();
    for (int i = 0; i < 4; i++) {
        char name[8];
        snprintf(name, sizeof(name), "g%d", i);
        glob64[i] = tcg_global_mem_new_i64(tcg_env, offsetof(Env, g64[i]),
                                           g_strdup(name));
        snprintf(name, sizeof(name), "w%d", i);
        glob32[i] = tcg_global_mem_new_i32(tcg_env, offsetof(Env, g32[i]),
                                           g_strdup(name));
    }
    g_test_add_func("/tcg/ops/binary", test_binops);
    g_test_add_func("/tcg/ops/binary-no-bmi-lzcnt-popcnt",
                    test_binops_no_host_features);
    g_test_add_func("/tcg/ops/edges", test_edges);
    g_test_add_func("/tcg/ops/double-width", test_double_width);
    g_test_add_func("/tcg/ops/unary-i64", test_unary);
    g_test_add_func("/tcg/ops/unary-i32", test_i32_unary);
    g_test_add_func("/tcg/ops/conditions", test_conditions);
    g_test_add_func("/tcg/ops/globals-and-calls", test_globals_and_calls);
    g_test_add_func("/tcg/ops/qemu-ld-st-user", test_qemu_ld_st_user);
    g_test_add_func("/tcg/ops/exit-and-goto-tb", test_exit_and_goto_tb);
    g_test_add_func("/tcg/ops/env-ld-st", test_env_ld_st);
    g_test_add_func("/tcg/ops/atomics", test_atomics);
    g_test_add_func("/tcg/ops/sse", test_sse_ops);
    g_test_add_func("/tcg/ops/sse-known", test_sse_known);
    g_test_add_func("/tcg/ops/sse-chain", test_sse_chain);
    g_test_add_func("/tcg/ops/atomic-threads", test_atomic_threads);
    g_test_add_func("/tcg/gen/too-many-temps", test_too_many_temps);
    g_test_add_func("/tcg/gen/code-buffer-full", test_code_buffer_full);
    return g_test_run();
}

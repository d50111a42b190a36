/*
 * The optimizer and liveness passes: the op list after them, and the
 * result of running it.
 */
#include "qemu/osdep.h"
#include "tcg-harness.h"

typedef struct Env {
    uint64_t g[4];
} Env;

static TCGv_i64 g[4];

static int count_ops(TCGOpcode opc)
{
    int n = 0;

    for (TCGOp *op = tcg_ctx->first_op; op; op = op->next) {
        n += op->opc == opc;
    }
    return n;
}

static int count_all(void)
{
    int n = 0;

    for (TCGOp *op = tcg_ctx->first_op; op; op = op->next) {
        n++;
    }
    return n;
}

static void test_constant_folding(void)
{
    TCGv_i64 a, b;
    Env env = { { 0, 10 } };

    tcg_func_start(tcg_ctx);
    a = tcg_temp_new_i64();
    b = tcg_temp_new_i64();
    tcg_gen_movi_i64(a, 6);
    tcg_gen_muli_i64(b, a, 7);
    tcg_gen_shli_i64(b, b, 2);
    tcg_gen_bswap64_i64(b, b);
    tcg_gen_bswap64_i64(b, b);
    tcg_gen_extract_i64(b, b, 0, 32);
    tcg_gen_add_i64(g[0], b, g[1]);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_mul), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_shl), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_bswap64), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_extract), ==, 0);
    tcg_liveness_analysis(tcg_ctx);
    /* only "add g0, g1, $168" and the exit are left */
    g_assert_cmpint(count_all(), ==, 2);
    g_assert_cmpint(count_ops(INDEX_op_add), ==, 1);
    tcg_func_start(tcg_ctx);
    a = tcg_temp_new_i64();
    b = tcg_temp_new_i64();
    tcg_gen_movi_i64(a, 6);
    tcg_gen_muli_i64(b, a, 7);
    tcg_gen_shli_i64(b, b, 2);
    tcg_gen_add_i64(g[0], b, g[1]);
    tcg_gen_exit_tb(NULL, 0);
    harness_run(&env, true);
    g_assert_cmpuint(env.g[0], ==, 178);
}

static void test_copy_propagation_and_algebra(void)
{
    TCGv_i64 t, u;
    Env env = { { 0, 5, 9, 0 } };

    tcg_func_start(tcg_ctx);
    t = tcg_temp_new_i64();
    u = tcg_temp_new_i64();
    tcg_gen_mov_i64(t, g[1]);
    tcg_gen_mov_i64(u, t);
    tcg_gen_sub_i64(g[0], u, t);          /* x - x = 0 */
    tcg_gen_xor_i64(g[3], t, u);          /* x ^ x = 0 */
    tcg_gen_or_i64(t, g[2], tcg_constant_i64(0));
    tcg_gen_and_i64(g[2], t, t);          /* g2 & g2 = g2 */
    tcg_gen_mul_i64(g[1], tcg_constant_i64(1), u);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_sub), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_xor), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_or), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_and), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_mul), ==, 0);
    tcg_func_start(tcg_ctx);
    t = tcg_temp_new_i64();
    u = tcg_temp_new_i64();
    tcg_gen_mov_i64(t, g[1]);
    tcg_gen_mov_i64(u, t);
    tcg_gen_sub_i64(g[0], u, t);
    tcg_gen_xor_i64(g[3], t, u);
    tcg_gen_mul_i64(g[1], tcg_constant_i64(1), u);
    tcg_gen_exit_tb(NULL, 0);
    env.g[0] = env.g[3] = 77;
    harness_run(&env, true);
    g_assert_cmpuint(env.g[0], ==, 0);
    g_assert_cmpuint(env.g[3], ==, 0);
    g_assert_cmpuint(env.g[1], ==, 5);
}

static void test_branch_folding(void)
{
    TCGLabel *l;
    TCGv_i64 t;
    Env env = { { 1, 2, 3, 4 } };

    tcg_func_start(tcg_ctx);
    t = tcg_temp_new_i64();
    l = gen_new_label();
    tcg_gen_movi_i64(t, 3);
    tcg_gen_brcondi_i64(TCG_COND_LTU, t, 5, l);   /* always taken */
    tcg_gen_movi_i64(g[0], 100);                  /* unreachable */
    tcg_gen_movi_i64(g[1], 100);
    gen_set_label(l);
    tcg_gen_movi_i64(t, 3);
    tcg_gen_brcondi_i64(TCG_COND_GT, t, 5, l);    /* never taken */
    tcg_gen_movi_i64(g[2], 42);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_brcond), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_br), ==, 1);
    harness_run(&env, false);
    g_assert_cmpuint(env.g[0], ==, 1);
    g_assert_cmpuint(env.g[1], ==, 2);
    g_assert_cmpuint(env.g[2], ==, 42);
}

static void test_liveness_bits(void)
{
    TCGv_i64 t;
    TCGOp *add;

    tcg_func_start(tcg_ctx);
    t = tcg_temp_new_i64();
    tcg_gen_add_i64(t, g[0], g[1]);
    add = tcg_ctx->last_op;
    tcg_gen_add_i64(g[2], t, g[0]);
    tcg_gen_mov_i64(g[3], g[1]);
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(tcg_ctx);
    /* t is read once more, g0 and g1 are read later: nothing dies */
    g_assert_cmphex(add->life, ==, 0);
    /* the second add: t dies, g0 is not read again, g2 goes to memory */
    g_assert_cmphex(add->next->life, ==,
                    DEAD_ARG(1) | DEAD_ARG(2) | DEAD_ARG(0) | SYNC_ARG(0));
}

static void test_dead_code(void)
{
    TCGv_i64 t;

    tcg_func_start(tcg_ctx);
    t = tcg_temp_new_i64();
    tcg_gen_add_i64(t, g[0], g[1]);       /* never read */
    tcg_gen_mul_i64(t, t, t);
    tcg_gen_mov_i64(g[2], g[3]);
    tcg_gen_movi_i64(g[2], 9);            /* the mov above is dead */
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(tcg_ctx);
    g_assert_cmpint(count_all(), ==, 2);
}

/* Known-zero bits: extensions and masks that change nothing are moves. */
static void test_known_zero_bits(void)
{
    TCGv_i64 a, b, c;
    Env env = { { 0, 0xfedcba9876543210ull, 0x1234, 0 } };

    tcg_func_start(tcg_ctx);
    a = tcg_temp_new_i64();
    b = tcg_temp_new_i64();
    c = tcg_temp_new_i64();
    tcg_gen_ext32u_i64(a, g[1]);        /* stays: g1 is unknown */
    tcg_gen_shri_i64(b, a, 4);          /* < 2^28 */
    tcg_gen_ext32u_i64(b, b);           /* a move */
    tcg_gen_andi_i64(c, b, 0xfffffff);  /* a move */
    tcg_gen_ext16u_i64(a, g[2]);
    tcg_gen_xor_i64(a, a, c);           /* < 2^28 */
    tcg_gen_ext16u_i64(b, a);           /* stays: bits 16..27 may be set */
    tcg_gen_add_i64(g[0], a, b);
    tcg_gen_ext32u_i64(g[3], a);        /* a move */
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_ext32u), ==, 1);
    g_assert_cmpint(count_ops(INDEX_op_ext16u), ==, 2);
    g_assert_cmpint(count_ops(INDEX_op_and), ==, 0);
    tcg_func_start(tcg_ctx);
    a = tcg_temp_new_i64();
    b = tcg_temp_new_i64();
    c = tcg_temp_new_i64();
    tcg_gen_ext32u_i64(a, g[1]);
    tcg_gen_shri_i64(b, a, 4);
    tcg_gen_ext32u_i64(b, b);
    tcg_gen_andi_i64(c, b, 0xfffffff);
    tcg_gen_ext16u_i64(a, g[2]);
    tcg_gen_xor_i64(a, a, c);
    tcg_gen_ext16u_i64(b, a);
    tcg_gen_add_i64(g[0], a, b);
    tcg_gen_ext32u_i64(g[3], a);
    tcg_gen_exit_tb(NULL, 0);
    harness_run(&env, true);
    /* a = 0x1234 ^ 0x7654321 = 0x7655115 */
    g_assert_cmphex(env.g[3], ==, 0x7655115);
    g_assert_cmphex(env.g[0], ==, 0x7655115 + 0x5115);
}

/* x86 CMP then Jcc: (a - b) + b is a again, unless a or b changed. */
static void test_add_undoes_sub(void)
{
    TCGv_i64 d, s;
    Env env = { { 0, 100, 7, 0 } };

    tcg_func_start(tcg_ctx);
    d = tcg_temp_new_i64();
    s = tcg_temp_new_i64();
    tcg_gen_sub_i64(d, g[1], g[2]);
    tcg_gen_add_i64(s, d, g[2]);        /* a move of g1 */
    tcg_gen_mov_i64(g[0], s);
    tcg_gen_addi_i64(g[1], g[1], 1);
    tcg_gen_add_i64(g[3], d, g[2]);     /* g1 changed: stays an add */
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_add), ==, 2);
    tcg_func_start(tcg_ctx);
    d = tcg_temp_new_i64();
    s = tcg_temp_new_i64();
    tcg_gen_sub_i64(d, g[1], g[2]);
    tcg_gen_add_i64(s, d, g[2]);
    tcg_gen_mov_i64(g[0], s);
    tcg_gen_addi_i64(g[1], g[1], 1);
    tcg_gen_add_i64(g[3], d, g[2]);
    tcg_gen_exit_tb(NULL, 0);
    harness_run(&env, true);
    g_assert_cmpuint(env.g[0], ==, 100);
    g_assert_cmpuint(env.g[1], ==, 101);
    g_assert_cmpuint(env.g[3], ==, 100);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init();
    for (int i = 0; i < 4; i++) {
        g[i] = tcg_global_mem_new_i64(tcg_env, offsetof(Env, g[i]),
                                      g_strdup_printf("g%d", i));
    }
    g_test_add_func("/tcg/optimize/constant-folding", test_constant_folding);
    g_test_add_func("/tcg/optimize/copy-propagation-and-algebra",
                    test_copy_propagation_and_algebra);
    g_test_add_func("/tcg/optimize/branch-folding", test_branch_folding);
    g_test_add_func("/tcg/optimize/known-zero-bits", test_known_zero_bits);
    g_test_add_func("/tcg/optimize/add-undoes-sub", test_add_undoes_sub);
    g_test_add_func("/tcg/liveness/life-bits", test_liveness_bits);
    g_test_add_func("/tcg/liveness/dead-code", test_dead_code);
    return g_test_run();
}

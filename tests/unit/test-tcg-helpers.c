/*
 * DEF_HELPER_* declarations: helper-proto.h declares the helpers,
 * helper-gen.h the gen_helper_* functions, the calls work.
 */
#include "qemu/osdep.h"
#include "tcg-harness.h"

typedef struct CPUArchState {
    uint64_t g[2];
    uint64_t out[4];
} CPUArchState;

#define HELPER_H "tcg-test-helpers.h"
#include "tcg/helper-proto.h"
#include "tcg/helper-gen.h"

static int count_calls;

uint64_t helper_add3(uint64_t a, uint64_t b)
{
    return a + b + 3;
}

int32_t helper_neg32(int32_t a)
{
    return -a;
}

void helper_bump(CPUArchState *env, uint64_t x)
{
    env->g[0] += x;
}

uint64_t helper_count(void)
{
    return ++count_calls;
}

uint64_t helper_sum6(uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                     uint64_t e, uint32_t f)
{
    return a + b * 2 + c * 3 + d * 4 + e * 5 + (uint64_t)f * 6;
}

static TCGv_i64 g0, g1;

static void test_gen_helpers(void)
{
    CPUArchState env = { { 10, 20 } };
    TCGv_i64 t = NULL;
    TCGv_i32 w;

    tcg_func_start(tcg_ctx);
    t = tcg_temp_new_i64();
    w = tcg_temp_new_i32();
    gen_helper_add3(t, g0, g1);                          /* 33 */
    tcg_gen_st_i64(t, tcg_env, offsetof(CPUArchState, out[0]));
    tcg_gen_movi_i32(w, 7);
    gen_helper_neg32(w, w);
    tcg_gen_st_i32(w, tcg_env, offsetof(CPUArchState, out[1]));
    gen_helper_bump(tcg_env, tcg_constant_i64(5));       /* g0 = 15 */
    tcg_gen_addi_i64(g1, g0, 1);                         /* g1 = 16 */
    gen_helper_count(t);
    gen_helper_count(t);
    tcg_gen_st_i64(t, tcg_env, offsetof(CPUArchState, out[2]));
    gen_helper_sum6(t, tcg_constant_i64(1), tcg_constant_i64(1),
                    tcg_constant_i64(1), tcg_constant_i64(1),
                    tcg_constant_i64(1), tcg_constant_i32(1));
    tcg_gen_st_i64(t, tcg_env, offsetof(CPUArchState, out[3]));
    tcg_gen_exit_tb(NULL, 0);
    harness_run(&env, true);
    g_assert_cmpuint(env.out[0], ==, 33);
    g_assert_cmpuint((uint32_t)env.out[1], ==, (uint32_t)-7);
    g_assert_cmpuint(env.g[0], ==, 15);
    g_assert_cmpuint(env.g[1], ==, 16);
    g_assert_cmpuint(env.out[2], ==, 2);
    g_assert_cmpuint(env.out[3], ==, 21);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init();
    g0 = tcg_global_mem_new_i64(tcg_env, offsetof(CPUArchState, g[0]), "g0");
    g1 = tcg_global_mem_new_i64(tcg_env, offsetof(CPUArchState, g[1]), "g1");
    g_test_add_func("/tcg/helpers/def-helper", test_gen_helpers);
    return g_test_run();
}

/* Helpers of test-tcg-helpers.c, declared the way frontends do. */
DEF_HELPER_FLAGS_2(add3, TCG_CALL_NO_RWG_SE, i64, i64, i64)
DEF_HELPER_FLAGS_1(neg32, TCG_CALL_NO_RWG_SE, s32, s32)
DEF_HELPER_2(bump, void, env, i64)
DEF_HELPER_0(count, i64)
DEF_HELPER_FLAGS_6(sum6, TCG_CALL_NO_RWG_SE, i64, i64, i64, i64, i64, i64,
                   i32)

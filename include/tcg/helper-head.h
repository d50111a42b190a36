/*
 * Type mapping for helper declarations (DEF_HELPER_*), in QEMU's style.
 *
 * A frontend lists its helpers in one header, e.g. target/foo/helper.h:
 *
 *     DEF_HELPER_FLAGS_2(add_sat, TCG_CALL_NO_RWG_SE, i64, i64, i64)
 *     DEF_HELPER_2(raise, noreturn, env, i32)
 *
 * then, with HELPER_H defined as that file's name,
 *   #include "tcg/helper-proto.h"  declares  uint64_t helper_add_sat(...)
 *   #include "tcg/helper-gen.h"    defines   gen_helper_add_sat(ret, a, b)
 *
 * Argument and return types: void, noreturn (return only), i32, s32, i64,
 * s64, ptr, env (CPUArchState *: the frontend typedefs CPUArchState),
 * tl (target_ulong / TCGv: the frontend defines both), int, bool.
 * DEF_HELPER_n(name, ret, ...) means flags 0 (may touch everything).
 */
#ifndef TCG_HELPER_HEAD_H
#define TCG_HELPER_HEAD_H

#include "tcg/tcg-op.h"

#define HELPER(name) glue(helper_, name)
#define xglue(a, b) a ## b
#define glue(a, b) xglue(a, b)

#define dh_ctype_void void
#define dh_ctype_noreturn QEMU_NORETURN void
#define dh_ctype_i32 uint32_t
#define dh_ctype_s32 int32_t
#define dh_ctype_int int
#define dh_ctype_bool bool
#define dh_ctype_i64 uint64_t
#define dh_ctype_s64 int64_t
#define dh_ctype_ptr void *
#define dh_ctype_env CPUArchState *
#define dh_ctype_tl target_ulong
#define dh_ctype(t) dh_ctype_##t

#define dh_gentype_i32 TCGv_i32
#define dh_gentype_s32 TCGv_i32
#define dh_gentype_int TCGv_i32
#define dh_gentype_bool TCGv_i32
#define dh_gentype_i64 TCGv_i64
#define dh_gentype_s64 TCGv_i64
#define dh_gentype_ptr TCGv_ptr
#define dh_gentype_env TCGv_ptr
#define dh_gentype_tl TCGv
#define dh_gentype(t) dh_gentype_##t

#define dh_temp_i32(v) tcgv_i32_temp(v)
#define dh_temp_s32(v) tcgv_i32_temp(v)
#define dh_temp_int(v) tcgv_i32_temp(v)
#define dh_temp_bool(v) tcgv_i32_temp(v)
#define dh_temp_i64(v) tcgv_i64_temp(v)
#define dh_temp_s64(v) tcgv_i64_temp(v)
#define dh_temp_ptr(v) tcgv_ptr_temp(v)
#define dh_temp_env(v) tcgv_ptr_temp(v)
#define dh_temp_tl(v) tcgv_tl_temp(v)
#define dh_temp(t, v) dh_temp_##t(v)

/* the result parameter of gen_helper_*, and its temp */
#define dh_retdecl_void
#define dh_retdecl_noreturn
#define dh_retdecl_i32 TCGv_i32 retval,
#define dh_retdecl_s32 TCGv_i32 retval,
#define dh_retdecl_int TCGv_i32 retval,
#define dh_retdecl_bool TCGv_i32 retval,
#define dh_retdecl_i64 TCGv_i64 retval,
#define dh_retdecl_s64 TCGv_i64 retval,
#define dh_retdecl_ptr TCGv_ptr retval,
#define dh_retdecl_tl TCGv retval,
#define dh_retdecl(t) dh_retdecl_##t

/* the same for helpers without arguments (no trailing comma) */
#define dh_retdecl0_void void
#define dh_retdecl0_noreturn void
#define dh_retdecl0_i32 TCGv_i32 retval
#define dh_retdecl0_s32 TCGv_i32 retval
#define dh_retdecl0_int TCGv_i32 retval
#define dh_retdecl0_bool TCGv_i32 retval
#define dh_retdecl0_i64 TCGv_i64 retval
#define dh_retdecl0_s64 TCGv_i64 retval
#define dh_retdecl0_ptr TCGv_ptr retval
#define dh_retdecl0_tl TCGv retval
#define dh_retdecl0(t) dh_retdecl0_##t

#define dh_rettemp_void NULL
#define dh_rettemp_noreturn NULL
#define dh_rettemp_i32 tcgv_i32_temp(retval)
#define dh_rettemp_s32 tcgv_i32_temp(retval)
#define dh_rettemp_int tcgv_i32_temp(retval)
#define dh_rettemp_bool tcgv_i32_temp(retval)
#define dh_rettemp_i64 tcgv_i64_temp(retval)
#define dh_rettemp_s64 tcgv_i64_temp(retval)
#define dh_rettemp_ptr tcgv_ptr_temp(retval)
#define dh_rettemp_tl tcgv_tl_temp(retval)
#define dh_rettemp(t) dh_rettemp_##t

#define DEF_HELPER_0(name, ret) DEF_HELPER_FLAGS_0(name, 0, ret)
#define DEF_HELPER_1(name, ret, t1) DEF_HELPER_FLAGS_1(name, 0, ret, t1)
#define DEF_HELPER_2(name, ret, t1, t2) \
    DEF_HELPER_FLAGS_2(name, 0, ret, t1, t2)
#define DEF_HELPER_3(name, ret, t1, t2, t3) \
    DEF_HELPER_FLAGS_3(name, 0, ret, t1, t2, t3)
#define DEF_HELPER_4(name, ret, t1, t2, t3, t4) \
    DEF_HELPER_FLAGS_4(name, 0, ret, t1, t2, t3, t4)
#define DEF_HELPER_5(name, ret, t1, t2, t3, t4, t5) \
    DEF_HELPER_FLAGS_5(name, 0, ret, t1, t2, t3, t4, t5)
#define DEF_HELPER_6(name, ret, t1, t2, t3, t4, t5, t6) \
    DEF_HELPER_FLAGS_6(name, 0, ret, t1, t2, t3, t4, t5, t6)

#endif

/*
 * Defines gen_helper_<name>([ret,] args...) for every DEF_HELPER_* of
 * HELPER_H: each emits a call op with the helper's flags.  Include
 * tcg/helper-proto.h first.  See tcg/helper-head.h.
 */
#include "tcg/helper-head.h"

#define DEF_HELPER_INFO(NAME, FLAGS) \
    static const TCGHelperInfo glue(helper_info_, NAME) \
        __attribute__((unused)) = { \
        .func = (void *)HELPER(NAME), .name = #NAME, .flags = (FLAGS) };

#define DEF_HELPER_FLAGS_0(name, flags, ret) \
    DEF_HELPER_INFO(name, flags) \
    static inline void glue(gen_helper_, name)(dh_retdecl0(ret)) \
    { \
        tcg_gen_callN(&glue(helper_info_, name), dh_rettemp(ret), 0, NULL); \
    }
#define DEF_HELPER_FLAGS_1(name, flags, ret, t1) \
    DEF_HELPER_INFO(name, flags) \
    static inline void glue(gen_helper_, name)(dh_retdecl(ret) \
                                               dh_gentype(t1) a1) \
    { \
        TCGTemp *args[] = { dh_temp(t1, a1) }; \
        tcg_gen_callN(&glue(helper_info_, name), dh_rettemp(ret), 1, args); \
    }
#define DEF_HELPER_FLAGS_2(name, flags, ret, t1, t2) \
    DEF_HELPER_INFO(name, flags) \
    static inline void glue(gen_helper_, name)(dh_retdecl(ret) \
        dh_gentype(t1) a1, dh_gentype(t2) a2) \
    { \
        TCGTemp *args[] = { dh_temp(t1, a1), dh_temp(t2, a2) }; \
        tcg_gen_callN(&glue(helper_info_, name), dh_rettemp(ret), 2, args); \
    }
#define DEF_HELPER_FLAGS_3(name, flags, ret, t1, t2, t3) \
    DEF_HELPER_INFO(name, flags) \
    static inline void glue(gen_helper_, name)(dh_retdecl(ret) \
        dh_gentype(t1) a1, dh_gentype(t2) a2, dh_gentype(t3) a3) \
    { \
        TCGTemp *args[] = { dh_temp(t1, a1), dh_temp(t2, a2), \
                            dh_temp(t3, a3) }; \
        tcg_gen_callN(&glue(helper_info_, name), dh_rettemp(ret), 3, args); \
    }
#define DEF_HELPER_FLAGS_4(name, flags, ret, t1, t2, t3, t4) \
    DEF_HELPER_INFO(name, flags) \
    static inline void glue(gen_helper_, name)(dh_retdecl(ret) \
        dh_gentype(t1) a1, dh_gentype(t2) a2, dh_gentype(t3) a3, \
        dh_gentype(t4) a4) \
    { \
        TCGTemp *args[] = { dh_temp(t1, a1), dh_temp(t2, a2), \
                            dh_temp(t3, a3), dh_temp(t4, a4) }; \
        tcg_gen_callN(&glue(helper_info_, name), dh_rettemp(ret), 4, args); \
    }
#define DEF_HELPER_FLAGS_5(name, flags, ret, t1, t2, t3, t4, t5) \
    DEF_HELPER_INFO(name, flags) \
    static inline void glue(gen_helper_, name)(dh_retdecl(ret) \
        dh_gentype(t1) a1, dh_gentype(t2) a2, dh_gentype(t3) a3, \
        dh_gentype(t4) a4, dh_gentype(t5) a5) \
    { \
        TCGTemp *args[] = { dh_temp(t1, a1), dh_temp(t2, a2), \
                            dh_temp(t3, a3), dh_temp(t4, a4), \
                            dh_temp(t5, a5) }; \
        tcg_gen_callN(&glue(helper_info_, name), dh_rettemp(ret), 5, args); \
    }
#define DEF_HELPER_FLAGS_6(name, flags, ret, t1, t2, t3, t4, t5, t6) \
    DEF_HELPER_INFO(name, flags) \
    static inline void glue(gen_helper_, name)(dh_retdecl(ret) \
        dh_gentype(t1) a1, dh_gentype(t2) a2, dh_gentype(t3) a3, \
        dh_gentype(t4) a4, dh_gentype(t5) a5, dh_gentype(t6) a6) \
    { \
        TCGTemp *args[] = { dh_temp(t1, a1), dh_temp(t2, a2), \
                            dh_temp(t3, a3), dh_temp(t4, a4), \
                            dh_temp(t5, a5), dh_temp(t6, a6) }; \
        tcg_gen_callN(&glue(helper_info_, name), dh_rettemp(ret), 6, args); \
    }

#include HELPER_H

#undef DEF_HELPER_INFO
#undef DEF_HELPER_FLAGS_0
#undef DEF_HELPER_FLAGS_1
#undef DEF_HELPER_FLAGS_2
#undef DEF_HELPER_FLAGS_3
#undef DEF_HELPER_FLAGS_4
#undef DEF_HELPER_FLAGS_5
#undef DEF_HELPER_FLAGS_6

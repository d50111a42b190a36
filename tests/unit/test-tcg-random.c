/*
 * Differential test of the JIT: random IR programs (deterministic seeds)
 * run by the reference interpreter and by the generated host code, with
 * and without the optimizer; the CPU state and guest memory afterwards
 * must be identical.
 */
#include "qemu/osdep.h"
#include "tcg-harness.h"
#include "exec/cpu-exec.h"
#include "exec/cputlb.h"

#define NG64 8
#define NG32 4
#define NT64 4
#define NT32 3

typedef struct Env {
    uint64_t g64[NG64];
    uint32_t g32[NG32];
    uint64_t scratch[8];
    uint8_t guest[1024];
    uint64_t exit_val;
    CPUTLB tlb;     /* softmmu runs; not compared */
} Env;

#define ENV_CMP_SIZE offsetof(Env, tlb)

static TCGv_i64 glob64[NG64];
static TCGv_i32 glob32[NG32];

typedef struct Gen {
    uint64_t rng;
    TCGv_i64 t64[NT64];
    TCGv_i32 t32[NT32];
    TCGLabel *pending[4];
    int npending;
    /* a bounded loop (backward branch) around a few ops */
    TCGv_i64 loop_cnt;
    TCGLabel *loop_label;
    int loop_ops_left;
    int loop_base;
    bool in_loop;
} Gen;

static uint64_t rnd(Gen *g)
{
    /* xorshift64*: the same sequence on every host and GLib */
    g->rng ^= g->rng >> 12;
    g->rng ^= g->rng << 25;
    g->rng ^= g->rng >> 27;
    return g->rng * 0x2545f4914f6cdd1dull;
}

static unsigned rn(Gen *g, unsigned n)
{
    return (unsigned)(rnd(g) % n);
}

static int64_t rval(Gen *g)
{
    static const int64_t special[] = {
        0, 1, -1, 2, 31, 32, 63, 64, INT64_MIN, INT64_MAX, INT32_MIN,
        INT32_MAX, 0xffffffff, 0x80, 0xff,
    };
    return rn(g, 3) ? special[rn(g, ARRAY_SIZE(special))] : (int64_t)rnd(g);
}

static TCGv_i64 src64(Gen *g)
{
    switch (rn(g, 4)) {
    case 0:
        return tcg_constant_i64(rval(g));
    case 1:
        return g->t64[rn(g, NT64)];
    default:
        return glob64[rn(g, NG64)];
    }
}

static TCGv_i64 dst64(Gen *g)
{
    return rn(g, 2) ? g->t64[rn(g, NT64)] : glob64[rn(g, NG64)];
}

static TCGv_i32 src32(Gen *g)
{
    switch (rn(g, 4)) {
    case 0:
        return tcg_constant_i32(rval(g));
    case 1:
        return g->t32[rn(g, NT32)];
    default:
        return glob32[rn(g, NG32)];
    }
}

static TCGv_i32 dst32(Gen *g)
{
    return rn(g, 2) ? g->t32[rn(g, NT32)] : glob32[rn(g, NG32)];
}

static const TCGCond conds[] = {
    TCG_COND_EQ, TCG_COND_NE, TCG_COND_LT, TCG_COND_GE, TCG_COND_LE,
    TCG_COND_GT, TCG_COND_LTU, TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU,
};

typedef void (*Bin64)(TCGv_i64, TCGv_i64, TCGv_i64);
typedef void (*Bin32)(TCGv_i32, TCGv_i32, TCGv_i32);

static const Bin64 bin64[] = {
    tcg_gen_add_i64, tcg_gen_sub_i64, tcg_gen_mul_i64, tcg_gen_and_i64,
    tcg_gen_or_i64, tcg_gen_xor_i64, tcg_gen_andc_i64, tcg_gen_orc_i64,
    tcg_gen_eqv_i64, tcg_gen_nand_i64, tcg_gen_nor_i64, tcg_gen_shl_i64,
    tcg_gen_shr_i64, tcg_gen_sar_i64, tcg_gen_rotl_i64, tcg_gen_rotr_i64,
    tcg_gen_div_i64, tcg_gen_divu_i64, tcg_gen_rem_i64, tcg_gen_remu_i64,
    tcg_gen_clz_i64, tcg_gen_ctz_i64, tcg_gen_muluh_i64, tcg_gen_mulsh_i64,
};
static const Bin32 bin32[] = {
    tcg_gen_add_i32, tcg_gen_sub_i32, tcg_gen_mul_i32, tcg_gen_and_i32,
    tcg_gen_or_i32, tcg_gen_xor_i32, tcg_gen_andc_i32, tcg_gen_orc_i32,
    tcg_gen_eqv_i32, tcg_gen_nand_i32, tcg_gen_nor_i32, tcg_gen_shl_i32,
    tcg_gen_shr_i32, tcg_gen_sar_i32, tcg_gen_rotl_i32, tcg_gen_rotr_i32,
    tcg_gen_div_i32, tcg_gen_divu_i32, tcg_gen_rem_i32, tcg_gen_remu_i32,
    tcg_gen_clz_i32, tcg_gen_ctz_i32, tcg_gen_muluh_i32, tcg_gen_mulsh_i32,
};

static uint64_t helper_rw_globals(void *env, uint64_t x)
{
    Env *e = env;
    e->g64[0] = e->g64[0] * 31 + x;
    e->g32[1] ^= (uint32_t)e->g64[2];
    return e->g64[3] + 1;
}

static uint64_t helper_read_globals(void *env, uint64_t x)
{
    Env *e = env;
    return e->g64[1] ^ (x << 1) ^ e->g32[0];
}

static uint64_t helper_pure(uint64_t a, uint64_t b)
{
    return a * 7 + (b >> 3);
}

static const TCGHelperInfo info_rw = {
    .func = helper_rw_globals, .name = "rw", .flags = 0 };
static const TCGHelperInfo info_ro = {
    .func = helper_read_globals, .name = "ro", .flags = TCG_CALL_NO_WG };
static const TCGHelperInfo info_pure = {
    .func = helper_pure, .name = "pure", .flags = TCG_CALL_NO_RWG_SE };

static TCGv_i64 guest_addr(Gen *g, unsigned size)
{
    TCGv_i64 a = tcg_temp_ebb_new_i64();

    tcg_gen_andi_i64(a, src64(g), 0x1f0 + (rn(g, 2) ? 0 : 8));
    tcg_gen_addi_i64(a, a, rn(g, 16 - size + 1));
    return a;
}

static void gen_one(Gen *g)
{
    unsigned k = rn(g, 100);
    TCGCond c = conds[rn(g, ARRAY_SIZE(conds))];

    if (k < 30) {
        bin64[rn(g, ARRAY_SIZE(bin64))](dst64(g), src64(g), src64(g));
    } else if (k < 45) {
        bin32[rn(g, ARRAY_SIZE(bin32))](dst32(g), src32(g), src32(g));
    } else if (k < 55) {
        TCGv_i64 d = dst64(g), a = src64(g);
        switch (rn(g, 14)) {
        case 0: tcg_gen_neg_i64(d, a); break;
        case 1: tcg_gen_not_i64(d, a); break;
        case 2: tcg_gen_ext8s_i64(d, a); break;
        case 3: tcg_gen_ext16u_i64(d, a); break;
        case 4: tcg_gen_ext32s_i64(d, a); break;
        case 5: tcg_gen_ext32u_i64(d, a); break;
        case 6: tcg_gen_bswap64_i64(d, a); break;
        case 7: tcg_gen_bswap32_i64(d, a, rn(g, 2) ? TCG_BSWAP_OS : 0); break;
        case 8: tcg_gen_bswap16_i64(d, a, rn(g, 2) ? TCG_BSWAP_OS : 0); break;
        case 9: tcg_gen_ctpop_i64(d, a); break;
        case 10: {
            unsigned ofs = rn(g, 64), len = 1 + rn(g, 64 - ofs);
            tcg_gen_extract_i64(d, a, ofs, len);
            break;
        }
        case 11: {
            unsigned ofs = rn(g, 64), len = 1 + rn(g, 64 - ofs);
            tcg_gen_sextract_i64(d, a, ofs, len);
            break;
        }
        case 12: {
            unsigned ofs = rn(g, 64), len = 1 + rn(g, 64 - ofs);
            tcg_gen_deposit_i64(d, a, src64(g), ofs, len);
            break;
        }
        default:
            tcg_gen_mov_i64(d, a);
            break;
        }
    } else if (k < 60) {
        TCGv_i32 d = dst32(g), a = src32(g);
        switch (rn(g, 8)) {
        case 0: tcg_gen_ext8u_i32(d, a); break;
        case 1: tcg_gen_ext16s_i32(d, a); break;
        case 2: tcg_gen_bswap32_i32(d, a); break;
        case 3: tcg_gen_extrl_i64_i32(d, src64(g)); break;
        case 4: tcg_gen_extrh_i64_i32(d, src64(g)); break;
        case 5: {
            unsigned ofs = rn(g, 32), len = 1 + rn(g, 32 - ofs);
            tcg_gen_deposit_i32(d, a, src32(g), ofs, len);
            break;
        }
        case 6: tcg_gen_ctpop_i32(d, a); break;
        default: tcg_gen_not_i32(d, a); break;
        }
    } else if (k < 64) {
        TCGv_i64 d = dst64(g);
        if (rn(g, 2)) {
            tcg_gen_ext_i32_i64(d, src32(g));
        } else {
            tcg_gen_extu_i32_i64(d, src32(g));
        }
    } else if (k < 70) {
        if (rn(g, 2)) {
            tcg_gen_setcond_i64(c, dst64(g), src64(g), src64(g));
        } else if (rn(g, 2)) {
            tcg_gen_movcond_i64(c, dst64(g), src64(g), src64(g), src64(g),
                                src64(g));
        } else {
            tcg_gen_negsetcond_i32(c, dst32(g), src32(g), src32(g));
        }
    } else if (k < 75) {
        TCGv_i64 l = dst64(g), h = dst64(g);
        if (l == h) {
            return;
        }
        switch (rn(g, 4)) {
        case 0: tcg_gen_mulu2_i64(l, h, src64(g), src64(g)); break;
        case 1: tcg_gen_muls2_i64(l, h, src64(g), src64(g)); break;
        case 2: tcg_gen_add2_i64(l, h, src64(g), src64(g), src64(g),
                                 src64(g)); break;
        default: tcg_gen_sub2_i64(l, h, src64(g), src64(g), src64(g),
                                  src64(g)); break;
        }
    } else if (k < 80) {
        int slot = rn(g, 8);
        if (rn(g, 2)) {
            tcg_gen_st_i64(src64(g), tcg_env, offsetof(Env, scratch[slot]));
        } else if (rn(g, 2)) {
            tcg_gen_ld_i64(dst64(g), tcg_env, offsetof(Env, scratch[slot]));
        } else {
            tcg_gen_ld16s_i64(dst64(g), tcg_env,
                              offsetof(Env, scratch[slot]) + 2);
        }
    } else if (k < 86) {
        static const MemOp mops[] = {
            MO_UB, MO_SB, MO_LEUW, MO_BESW, MO_LEUL, MO_BESL, MO_LEUQ,
            MO_BEUQ, MO_LEUL | MO_ALIGN, MO_LEUQ | MO_ALIGN_4,
            MO_BESW | MO_ALIGN,
        };
        MemOp m = mops[rn(g, ARRAY_SIZE(mops))];
        TCGv_i64 a = guest_addr(g, memop_size(m));
        if (rn(g, 2)) {
            tcg_gen_qemu_ld_i64(dst64(g), a, 0, m);
        } else {
            tcg_gen_qemu_st_i64(src64(g), a, 0, m);
        }
        tcg_temp_free_i64(a);
    } else if (k < 90) {
        TCGTemp *args[2];
        TCGv_i64 d = dst64(g);
        switch (rn(g, 3)) {
        case 0:
            args[0] = tcgv_ptr_temp(tcg_env);
            args[1] = tcgv_i64_temp(src64(g));
            tcg_gen_callN(&info_rw, tcgv_i64_temp(d), 2, args);
            break;
        case 1:
            args[0] = tcgv_ptr_temp(tcg_env);
            args[1] = tcgv_i64_temp(src64(g));
            tcg_gen_callN(&info_ro, tcgv_i64_temp(d), 2, args);
            break;
        default:
            args[0] = tcgv_i64_temp(src64(g));
            args[1] = tcgv_i64_temp(src64(g));
            tcg_gen_callN(&info_pure, tcgv_i64_temp(d), 2, args);
            break;
        }
    } else if (k < 96) {
        /* a forward branch to a label placed a few ops later */
        if (g->npending < 4) {
            TCGLabel *l = gen_new_label();
            if (rn(g, 2)) {
                tcg_gen_brcond_i64(c, src64(g), src64(g), l);
            } else {
                tcg_gen_brcondi_i32(c, src32(g), rval(g), l);
            }
            g->pending[g->npending++] = l;
        }
    } else if (g->npending > (g->in_loop ? g->loop_base : 0)) {
        /* labels opened before a loop are placed after it */
        gen_set_label(g->pending[--g->npending]);
    }
}

static void gen_program(uint64_t seed, int nops)
{
    Gen g = { .rng = seed * 0x9e3779b97f4a7c15ull + 1 };

    tcg_func_start(tcg_ctx);
    for (int i = 0; i < NT64; i++) {
        g.t64[i] = tcg_temp_new_i64();
        tcg_gen_movi_i64(g.t64[i], rval(&g));
    }
    for (int i = 0; i < NT32; i++) {
        g.t32[i] = tcg_temp_new_i32();
        tcg_gen_movi_i32(g.t32[i], rval(&g));
    }
    g.loop_cnt = tcg_temp_new_i64();
    for (int i = 0; i < nops; i++) {
        if (rn(&g, 8) == 0) {
            tcg_gen_insn_start(0x1000 + i, 0);
        }
        if (!g.in_loop && rn(&g, 10) == 0) {
            g.in_loop = true;
            g.loop_label = gen_new_label();
            g.loop_ops_left = 2 + rn(&g, 6);
            g.loop_base = g.npending;
            tcg_gen_movi_i64(g.loop_cnt, 1 + rn(&g, 4));
            gen_set_label(g.loop_label);
        }
        gen_one(&g);
        if (g.in_loop && --g.loop_ops_left <= 0 &&
            g.npending == g.loop_base) {
            tcg_gen_subi_i64(g.loop_cnt, g.loop_cnt, 1);
            tcg_gen_brcondi_i64(TCG_COND_NE, g.loop_cnt, 0, g.loop_label);
            g.in_loop = false;
        }
    }
    if (g.in_loop) {
        while (g.npending > g.loop_base) {
            gen_set_label(g.pending[--g.npending]);
        }
        tcg_gen_subi_i64(g.loop_cnt, g.loop_cnt, 1);
        tcg_gen_brcondi_i64(TCG_COND_NE, g.loop_cnt, 0, g.loop_label);
    }
    while (g.npending) {
        gen_set_label(g.pending[--g.npending]);
    }
    /* make TB temps observable */
    for (int i = 0; i < NT64; i++) {
        tcg_gen_xor_i64(glob64[i], glob64[i], g.t64[i]);
    }
    for (int i = 0; i < NT32; i++) {
        tcg_gen_add_i32(glob32[i], glob32[i], g.t32[i]);
    }
    tcg_gen_exit_tb(NULL, seed & 0xff0);
}

static void init_env(Env *e, uint64_t seed)
{
    Gen g = { .rng = seed + 12345 };

    memset(e, 0, sizeof(*e));
    for (int i = 0; i < NG64; i++) {
        e->g64[i] = rval(&g);
    }
    for (int i = 0; i < NG32; i++) {
        e->g32[i] = rval(&g);
    }
    for (int i = 0; i < 8; i++) {
        e->scratch[i] = rnd(&g);
    }
    for (size_t i = 0; i < sizeof(e->guest); i++) {
        e->guest[i] = rnd(&g);
    }
}

static Env env_ref, env_jit;
static bool softmmu;
static CPUState cpu_ref, cpu_jit;

static bool rnd_tlb_fill(CPUState *cpu, uint64_t addr, int size, int access,
                         int mmu_idx, bool probe, uintptr_t retaddr)
{
    Env *e = cpu->env_ptr;

    /* guest page 0 (1 KiB) is the env's guest buffer */
    g_assert_cmpuint(addr, <, sizeof(e->guest));
    tlb_set_page(cpu, 0, e->guest, PAGE_READ | PAGE_WRITE, mmu_idx);
    return true;
}

static const TCGCPUOps rnd_cpu_ops = { .tlb_fill = rnd_tlb_fill };

static void enter_env(Env *e)
{
    CPUState *cpu = e == &env_ref ? &cpu_ref : &cpu_jit;

    if (softmmu) {
        if (cpu->tlb) {
            tlb_destroy(cpu);
        }
        tlb_init(cpu);      /* also empties the TLB: first access misses */
        current_cpu = cpu;
    }
}

static void set_guest_base(Env *e)
{
    TCGGuestMem gm = { .mode = TCG_GUEST_MEM_USER,
                       .guest_base = (uintptr_t)e->guest };

    if (softmmu) {
        tcg_exec_set_softmmu(offsetof(Env, tlb), 10);
    } else {
        tcg_set_guest_mem(&gm);
    }
    enter_env(e);
}

static void compare(uint64_t seed, const char *what)
{
    if (memcmp(&env_ref, &env_jit, ENV_CMP_SIZE)) {
        g_test_message("seed %" PRIu64 ": %s differs from the interpreter",
                       seed, what);
        for (int i = 0; i < NG64; i++) {
            if (env_ref.g64[i] != env_jit.g64[i]) {
                g_test_message("  g%d: ref 0x%" PRIx64 " jit 0x%" PRIx64, i,
                               env_ref.g64[i], env_jit.g64[i]);
            }
        }
        for (int i = 0; i < NG32; i++) {
            if (env_ref.g32[i] != env_jit.g32[i]) {
                g_test_message("  w%d: ref 0x%x jit 0x%x", i, env_ref.g32[i],
                               env_jit.g32[i]);
            }
        }
        for (int i = 0; i < 8; i++) {
            if (env_ref.scratch[i] != env_jit.scratch[i]) {
                g_test_message("  scratch%d: ref 0x%" PRIx64 " jit 0x%" PRIx64,
                               i, env_ref.scratch[i], env_jit.scratch[i]);
            }
        }
        for (size_t i = 0; i < sizeof(env_ref.guest); i++) {
            if (env_ref.guest[i] != env_jit.guest[i]) {
                g_test_message("  guest[0x%zx]: ref 0x%02x jit 0x%02x", i,
                               env_ref.guest[i], env_jit.guest[i]);
            }
        }
        if (env_ref.exit_val != env_jit.exit_val) {
            g_test_message("  exit: ref 0x%" PRIx64 " jit 0x%" PRIx64,
                           env_ref.exit_val, env_jit.exit_val);
        }
        if (g_getenv("TCG_RANDOM_DUMP")) {
            /* the program as the JIT saw it, with liveness */
            gen_program(seed, 20 + (int)(seed % 41));
            if (!strcmp(what, "JIT with optimizer")) {
                tcg_optimize(tcg_ctx);
            }
            tcg_liveness_analysis(tcg_ctx);
            tcg_dump_ops(tcg_ctx, stderr);
        }
        g_test_fail();
    }
}

static void run_seed(uint64_t seed, int nops)
{
    uintptr_t r;

    /* reference: the interpreter on the unoptimized program */
    gen_program(seed, nops);
    init_env(&env_ref, seed);
    set_guest_base(&env_ref);
    g_assert_cmpint(tcg_interp_run(tcg_ctx, &env_ref, &r), ==,
                    TCG_INTERP_EXIT_TB);
    env_ref.exit_val = r;

    /* the JIT without the optimizer (same op list) */
    init_env(&env_jit, seed);
    set_guest_base(&env_jit);
    env_jit.exit_val = harness_run(&env_jit, false);
    compare(seed, "JIT without optimizer");

    /* the interpreter on the optimized program */
    gen_program(seed, nops);
    tcg_optimize(tcg_ctx);
    init_env(&env_jit, seed);
    set_guest_base(&env_jit);
    g_assert_cmpint(tcg_interp_run(tcg_ctx, &env_jit, &r), ==,
                    TCG_INTERP_EXIT_TB);
    env_jit.exit_val = r;
    compare(seed, "interpreter after optimization");

    /* the JIT with the optimizer */
    gen_program(seed, nops);
    init_env(&env_jit, seed);
    set_guest_base(&env_jit);
    env_jit.exit_val = harness_run(&env_jit, true);
    compare(seed, "JIT with optimizer");
}

static void test_random(gconstpointer data)
{
    int features = GPOINTER_TO_INT(data);
    uint64_t first = features ? 1 : 100001;
    int count = features ? 4000 : 1000;

    if (!features) {
        tcg_target_set_features(false, false, false, false);
    }
    for (uint64_t seed = first; seed < first + count; seed++) {
        run_seed(seed, 20 + (int)(seed % 41));
        if (g_test_failed()) {
            break;
        }
    }
    tcg_target_set_features(true, true, true, true);
}

static void test_random_softmmu(void)
{
    softmmu = true;
    for (uint64_t seed = 700001; seed < 701501; seed++) {
        run_seed(seed, 20 + (int)(seed % 41));
        if (g_test_failed()) {
            break;
        }
    }
    softmmu = false;
}

static void test_long_programs(void)
{
    for (uint64_t seed = 500001; seed < 500021; seed++) {
        run_seed(seed, 400);
        if (g_test_failed()) {
            break;
        }
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init();
    cpu_ref.env_ptr = &env_ref;
    cpu_ref.tcg_ops = &rnd_cpu_ops;
    cpu_jit.env_ptr = &env_jit;
    cpu_jit.tcg_ops = &rnd_cpu_ops;
    for (int i = 0; i < NG64; i++) {
        glob64[i] = tcg_global_mem_new_i64(tcg_env, offsetof(Env, g64[i]),
                                           g_strdup_printf("g%d", i));
    }
    for (int i = 0; i < NG32; i++) {
        glob32[i] = tcg_global_mem_new_i32(tcg_env, offsetof(Env, g32[i]),
                                           g_strdup_printf("w%d", i));
    }
    g_test_add_data_func("/tcg/random/host-features", GINT_TO_POINTER(1),
                         test_random);
    g_test_add_data_func("/tcg/random/no-host-features", GINT_TO_POINTER(0),
                         test_random);
    g_test_add_func("/tcg/random/long-programs", test_long_programs);
    g_test_add_func("/tcg/random/softmmu", test_random_softmmu);
    return g_test_run();
}

/*
 * Translation speed of the JIT: guest insns translated per second and
 * host code bytes per guest insn, with a toy register-machine frontend
 * whose insns expand to about as many ops as typical integer x86 insns
 * (operand moves, the operation, lazy-flags bookkeeping, memory ops).
 *
 * Usage: tcg-translate [seconds]   (default 2)
 * Prints one line per configuration; not a timed test.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "tcg/tcg.h"
#include "tcg/tcg-op.h"
#include "exec/cpu-exec.h"
#include "exec/translator.h"

#define CODE_SIZE (1 << 20)
#define NREGS 16

typedef struct BenchEnv {
    uint64_t r[NREGS];
    uint64_t pc, cc_src, cc_dst, cc_op;
} BenchEnv;

typedef struct BenchCPU {
    CPUState parent;
    BenchEnv env;
} BenchCPU;

static BenchCPU bcpu;
static uint8_t *code;
static TCGv_i64 cpu_r[NREGS], cpu_pc, cpu_cc_src, cpu_cc_dst, cpu_cc_op;

static uint64_t helper_dummy(void *env, uint64_t a)
{
    return a;
}

static const TCGHelperInfo dummy_info = {
    .func = helper_dummy, .name = "dummy", .flags = TCG_CALL_NO_WG };

static void b_init(DisasContextBase *db, CPUState *cpu)
{
}

static void b_tb_start(DisasContextBase *db, CPUState *cpu)
{
}

static void b_insn_start(DisasContextBase *db, CPUState *cpu)
{
    tcg_gen_insn_start(db->pc_next, 0);
}

static void b_translate(DisasContextBase *db, CPUState *cpu)
{
    uint32_t insn = translator_ldl(cpu, db, db->pc_next);
    int op = insn & 7, a = (insn >> 8) & 15, b = (insn >> 16) & 15;
    TCGv_i64 t = tcg_temp_ebb_new_i64();

    db->pc_next += 4;
    switch (op) {
    case 0: case 1: case 2:     /* alu reg, reg with flags */
        tcg_gen_mov_i64(t, cpu_r[a]);
        if (op == 0) {
            tcg_gen_add_i64(cpu_r[a], cpu_r[a], cpu_r[b]);
        } else if (op == 1) {
            tcg_gen_sub_i64(cpu_r[a], cpu_r[a], cpu_r[b]);
        } else {
            tcg_gen_xor_i64(cpu_r[a], cpu_r[a], cpu_r[b]);
        }
        tcg_gen_mov_i64(cpu_cc_src, t);
        tcg_gen_mov_i64(cpu_cc_dst, cpu_r[a]);
        tcg_gen_movi_i64(cpu_cc_op, op + 1);
        break;
    case 3:                     /* load [rb + 8] */
        tcg_gen_addi_i64(t, cpu_r[b], 8);
        tcg_gen_qemu_ld_i64(cpu_r[a], t, 0, MO_LEUQ);
        break;
    case 4:                     /* store [rb + 16] */
        tcg_gen_addi_i64(t, cpu_r[b], 16);
        tcg_gen_qemu_st_i64(cpu_r[a], t, 0, MO_LEUQ);
        break;
    case 5:                     /* shift and extend */
        tcg_gen_shli_i64(t, cpu_r[b], 3);
        tcg_gen_ext32u_i64(cpu_r[a], t);
        break;
    case 6: {                   /* compare and select (setcc/cmov) */
        tcg_gen_setcond_i64(TCG_COND_LTU, t, cpu_r[a], cpu_r[b]);
        tcg_gen_movcond_i64(TCG_COND_NE, cpu_r[a], t, tcg_constant_i64(0),
                            cpu_r[b], cpu_r[a]);
        break;
    }
    default: {                  /* helper call */
        TCGTemp *args[2] = { tcgv_ptr_temp(tcg_env),
                             tcgv_i64_temp(cpu_r[b]) };
        tcg_gen_callN(&dummy_info, tcgv_i64_temp(cpu_r[a]), 2, args);
        break;
    }
    }
    tcg_temp_free_i64(t);
}

static void b_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    tcg_gen_goto_tb(0);
    tcg_gen_movi_i64(cpu_pc, db->pc_next);
    tcg_gen_exit_tb(db->tb, 0);
}

static const TranslatorOps bench_translator = {
    .init_disas_context = b_init,
    .tb_start = b_tb_start,
    .insn_start = b_insn_start,
    .translate_insn = b_translate,
    .tb_stop = b_tb_stop,
};

static void b_translate_code(CPUState *cpu, TranslationBlock *tb,
                             int *max_insns, uint64_t pc)
{
    DisasContextBase db;

    translator_loop(cpu, tb, *max_insns, pc, NULL, &bench_translator, &db);
}

static void b_state(CPUState *cpu, uint64_t *pc, uint64_t *cs, uint32_t *f)
{
    *pc = bcpu.env.pc;
    *cs = 0;
    *f = 0;
}

static const TCGCPUOps bench_ops = {
    .translate_code = b_translate_code,
    .get_tb_cpu_state = b_state,
};

static void run(const char *name, int insns_per_tb, double seconds)
{
    TBStats before, after;
    gint64 start = g_get_monotonic_time(), now;
    uint64_t tbs = 0;
    uint32_t cflags = insns_per_tb;
    double secs;

    tb_flush(&bcpu.parent);
    tb_get_stats(&before);
    do {
        for (int i = 0; i < 256; i++) {
            /* a new pc each time: every TB is a fresh translation */
            uint64_t pc = (tbs * 4 * 7) % (CODE_SIZE - 4 * 512);
            tb_gen_code(&bcpu.parent, pc, tbs, 0, cflags);
            tbs++;
        }
        now = g_get_monotonic_time();
    } while (now - start < seconds * 1e6);
    tb_get_stats(&after);
    secs = (now - start) / 1e6;
    printf("%-22s %8.0f TBs/s %10.0f guest insns/s %6.1f host bytes/insn "
           "(%" PRIu64 " TBs, %" PRIu64 " flushes)\n", name,
           (after.translated - before.translated) / secs,
           (after.guest_insns - before.guest_insns) / secs,
           (double)(after.host_bytes - before.host_bytes) /
           MAX(1, after.guest_insns - before.guest_insns),
           after.translated - before.translated,
           after.flushes - before.flushes);
}

int main(int argc, char **argv)
{
    Error *err = NULL;
    double seconds = argc > 1 ? g_ascii_strtod(argv[1], NULL) : 2.0;
    GRand *rng = g_rand_new_with_seed(42);

    if (seconds <= 0) {
        fprintf(stderr, "tcg-translate: seconds must be positive\n");
        return 1;
    }
    if (!tcg_exec_init(64 * 1024 * 1024, &err)) {
        error_report_err(err);
        return 1;
    }
    code = g_malloc(CODE_SIZE);
    for (size_t i = 0; i < CODE_SIZE; i += 4) {
        uint32_t v = g_rand_int(rng);
        memcpy(code + i, &v, 4);
    }
    g_rand_free(rng);
    tcg_exec_set_user_mode((uintptr_t)code);
    bcpu.parent.env_ptr = &bcpu.env;
    bcpu.parent.tcg_ops = &bench_ops;
    cpu_exec_realizefn(&bcpu.parent);
    for (int i = 0; i < NREGS; i++) {
        cpu_r[i] = tcg_global_mem_new_i64(tcg_env, offsetof(BenchEnv, r[i]),
                                          g_strdup_printf("r%d", i));
    }
    cpu_pc = tcg_global_mem_new_i64(tcg_env, offsetof(BenchEnv, pc), "pc");
    cpu_cc_src = tcg_global_mem_new_i64(tcg_env, offsetof(BenchEnv, cc_src),
                                        "cc_src");
    cpu_cc_dst = tcg_global_mem_new_i64(tcg_env, offsetof(BenchEnv, cc_dst),
                                        "cc_dst");
    cpu_cc_op = tcg_global_mem_new_i64(tcg_env, offsetof(BenchEnv, cc_op),
                                       "cc_op");

    printf("TCG translation speed (toy frontend, x86-like op mix)\n");
    run("8 insns/TB", 8, seconds / 3);
    run("32 insns/TB", 32, seconds / 3);
    tcg_ctx->optimize = false;
    run("32 insns/TB, no opt", 32, seconds / 3);
    return 0;
}

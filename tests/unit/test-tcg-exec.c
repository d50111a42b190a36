/*
 * The execution engine with a toy guest: a 4-byte-per-insn bytecode
 * machine whose frontend is written here.  Covers the cpu_exec loop,
 * chaining, lookup_and_goto_ptr, unwinding from helpers with the guest
 * state restored from the host pc, exit requests, invalidation of
 * self-modified code (softmmu), the softmmu TLB and the -d logs.
 *
 * Toy insns (op, a, b, c):
 *   01 LI   ra, imm16(b | c << 8)      05 ST   ra, [rb] (64-bit)
 *   02 ADD  ra, rb, rc                 06 JMP  imm16(b | c << 8)
 *   03 ADDI ra, rb, simm8(c)           07 BNZ  ra, imm16
 *   04 LD   ra, [rb] (64-bit)          08 HALT
 *   09 DIV  ra, rb, rc (faults on 0)   0a JR   ra
 *   0b STB  ra, [rb]                   0c LDA  ra, [rb] (must be aligned)
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "tcg/tcg.h"
#include "tcg/tcg-op.h"
#include "exec/cpu-exec.h"
#include "exec/translator.h"
#include "exec/cputlb.h"
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

#define EXCP_TOY_HALT 1
#define EXCP_TOY_DIV0 2
#define EXCP_TOY_PAGEFAULT 3
#define EXCP_TOY_UNALIGNED 4
#define MEM_SIZE 0x10000

typedef struct ToyEnv {
    uint64_t r[4];
    uint64_t pc;
    uint64_t fault_addr;
    CPUTLB tlb;
} ToyEnv;

typedef struct ToyCPU {
    CPUState parent;
    ToyEnv env;
} ToyCPU;

static ToyCPU toy;
#define TOY(cpu) container_of(cpu, ToyCPU, parent)
static uint8_t *mem;
static TCGv_i64 cpu_r[4], cpu_pc;
static int state_lookups;
static int tlb_fills;
static uint64_t unmapped_page = (uint64_t)-1;
static uint64_t mmio_page = (uint64_t)-1;

typedef struct ToyDisas {
    DisasContextBase base;
} ToyDisas;

/* ---- helpers ---- */

static void helper_halt(void *env)
{
    current_cpu->exception_index = EXCP_TOY_HALT;
    cpu_loop_exit(current_cpu);
}

static uint64_t helper_div(void *env, uint64_t a, uint64_t b)
{
    if (b == 0) {
        current_cpu->exception_index = EXCP_TOY_DIV0;
        cpu_loop_exit_restore(current_cpu, GETPC());
    }
    return a / b;
}

static const TCGHelperInfo halt_info = {
    .func = helper_halt, .name = "halt", .flags = TCG_CALL_NO_WG };
static const TCGHelperInfo div_info = {
    .func = helper_div, .name = "div", .flags = TCG_CALL_NO_WG };

/* ---- the frontend ---- */

static void toy_init_disas_context(DisasContextBase *db, CPUState *cpu)
{
}

static void toy_tb_start(DisasContextBase *db, CPUState *cpu)
{
}

static void toy_insn_start(DisasContextBase *db, CPUState *cpu)
{
    tcg_gen_insn_start(db->pc_next, 0);
}

static void gen_jump(DisasContextBase *db, int slot, uint64_t dest)
{
    if (translator_use_goto_tb(db, dest)) {
        tcg_gen_goto_tb(slot);
        tcg_gen_movi_i64(cpu_pc, dest);
        tcg_gen_exit_tb(db->tb, slot);
    } else {
        tcg_gen_movi_i64(cpu_pc, dest);
        tcg_gen_lookup_and_goto_ptr();
    }
}

static void toy_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    uint32_t insn = translator_ldl(cpu, db, db->pc_next);
    int op = insn & 0xff, a = (insn >> 8) & 3, b = (insn >> 16) & 0xff;
    int c = insn >> 24;
    uint64_t imm16 = b | c << 8;
    uint64_t next = db->pc_next + 4;

    db->pc_next = next;
    switch (op) {
    case 0x01:
        tcg_gen_movi_i64(cpu_r[a], imm16);
        break;
    case 0x02:
        tcg_gen_add_i64(cpu_r[a], cpu_r[b & 3], cpu_r[c & 3]);
        break;
    case 0x03:
        tcg_gen_addi_i64(cpu_r[a], cpu_r[b & 3], (int8_t)c);
        break;
    case 0x04:
        tcg_gen_qemu_ld_i64(cpu_r[a], cpu_r[b & 3], 0, MO_LEUQ);
        break;
    case 0x05:
        tcg_gen_qemu_st_i64(cpu_r[a], cpu_r[b & 3], 0, MO_LEUQ);
        break;
    case 0x0b:
        tcg_gen_qemu_st_i64(cpu_r[a], cpu_r[b & 3], 0, MO_UB);
        break;
    case 0x0c:
        tcg_gen_qemu_ld_i64(cpu_r[a], cpu_r[b & 3], 0, MO_LEUQ | MO_ALIGN);
        break;
    case 0x06:
        gen_jump(db, 0, imm16);
        db->is_jmp = DISAS_NORETURN;
        break;
    case 0x07: {
        TCGLabel *taken = gen_new_label();
        tcg_gen_brcondi_i64(TCG_COND_NE, cpu_r[a], 0, taken);
        gen_jump(db, 0, next);
        gen_set_label(taken);
        gen_jump(db, 1, imm16);
        db->is_jmp = DISAS_NORETURN;
        break;
    }
    case 0x08: {
        TCGTemp *args[1] = { tcgv_ptr_temp(tcg_env) };
        tcg_gen_movi_i64(cpu_pc, next);
        tcg_gen_callN(&halt_info, NULL, 1, args);
        db->is_jmp = DISAS_NORETURN;
        break;
    }
    case 0x09: {
        TCGTemp *args[3] = { tcgv_ptr_temp(tcg_env),
                             tcgv_i64_temp(cpu_r[b & 3]),
                             tcgv_i64_temp(cpu_r[c & 3]) };
        tcg_gen_callN(&div_info, tcgv_i64_temp(cpu_r[a]), 3, args);
        break;
    }
    case 0x0a:
        tcg_gen_mov_i64(cpu_pc, cpu_r[a]);
        tcg_gen_lookup_and_goto_ptr();
        db->is_jmp = DISAS_NORETURN;
        break;
    default: {
        /* undefined: halt */
        TCGTemp *args[1] = { tcgv_ptr_temp(tcg_env) };
        tcg_gen_movi_i64(cpu_pc, next);
        tcg_gen_callN(&halt_info, NULL, 1, args);
        db->is_jmp = DISAS_NORETURN;
        break;
    }
    }
}

static void toy_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    if (db->is_jmp == DISAS_TOO_MANY) {
        gen_jump(db, 0, db->pc_next);
    }
}

static const TranslatorOps toy_translator_ops = {
    .init_disas_context = toy_init_disas_context,
    .tb_start = toy_tb_start,
    .insn_start = toy_insn_start,
    .translate_insn = toy_translate_insn,
    .tb_stop = toy_tb_stop,
};

static void toy_translate_code(CPUState *cpu, TranslationBlock *tb,
                               int *max_insns, uint64_t pc)
{
    ToyDisas dc;

    translator_loop(cpu, tb, *max_insns, pc, NULL, &toy_translator_ops,
                    &dc.base);
}

static void toy_get_tb_cpu_state(CPUState *cpu, uint64_t *pc,
                                 uint64_t *cs_base, uint32_t *flags)
{
    state_lookups++;
    *pc = TOY(cpu)->env.pc;
    *cs_base = 0;
    *flags = 0;
}

static void toy_synchronize_from_tb(CPUState *cpu,
                                    const TranslationBlock *tb)
{
    TOY(cpu)->env.pc = tb->pc;
}

static void toy_restore_state_to_opc(CPUState *cpu,
                                     const TranslationBlock *tb,
                                     const uint64_t *data)
{
    TOY(cpu)->env.pc = data[0];
}

static bool toy_tlb_fill(CPUState *cpu, uint64_t addr, int size, int access,
                         int mmu_idx, bool probe, uintptr_t retaddr)
{
    uint64_t page = addr & ~0xfffull;

    tlb_fills++;
    if (page == unmapped_page || addr >= MEM_SIZE) {
        TOY(cpu)->env.fault_addr = addr;
        cpu->exception_index = EXCP_TOY_PAGEFAULT;
        cpu_loop_exit_restore(cpu, retaddr);
    }
    tlb_set_page(cpu, page, page == mmio_page ? NULL : mem + page,
                 PAGE_READ | PAGE_WRITE | PAGE_EXEC, mmu_idx);
    return true;
}

static uint64_t toy_io_read(CPUState *cpu, uint64_t addr, unsigned size)
{
    return 0x1000 + (addr & 0xfff) * 16 + size;
}

static uint64_t io_written;
static void toy_io_write(CPUState *cpu, uint64_t addr, uint64_t val,
                         unsigned size)
{
    io_written = val;
}

static void toy_code_read_mmu(CPUState *cpu, uint64_t pc, void *buf,
                              size_t len)
{
    cpu_code_read_mmu(cpu, pc, buf, len, 0);
}

static int unaligned_access_type = -1;
static void toy_do_unaligned_access(CPUState *cpu, uint64_t addr, int access,
                                    int mmu_idx, uintptr_t retaddr)
{
    TOY(cpu)->env.fault_addr = addr;
    unaligned_access_type = access;
    cpu->exception_index = EXCP_TOY_UNALIGNED;
    cpu_loop_exit_restore(cpu, retaddr);
}

static TCGCPUOps toy_ops = {
    .do_unaligned_access = toy_do_unaligned_access,
    .translate_code = toy_translate_code,
    .get_tb_cpu_state = toy_get_tb_cpu_state,
    .synchronize_from_tb = toy_synchronize_from_tb,
    .restore_state_to_opc = toy_restore_state_to_opc,
    .tlb_fill = toy_tlb_fill,
    .io_read = toy_io_read,
    .io_write = toy_io_write,
};

/* ---- program building ---- */

static uint64_t asm_pc;

static void emit(int op, int a, int b, int c)
{
    uint32_t insn = op | a << 8 | b << 16 | (uint32_t)c << 24;
    memcpy(mem + asm_pc, &insn, 4);
    asm_pc += 4;
}

static void emit16(int op, int a, uint64_t imm)
{
    emit(op, a, imm & 0xff, (imm >> 8) & 0xff);
}

static void reset(bool softmmu)
{
    TBStats st;

    tb_flush(&toy.parent);
    memset(mem, 0, MEM_SIZE);
    memset(toy.env.r, 0, sizeof(toy.env.r));
    toy.env.pc = 0;
    toy.parent.exception_index = -1;
    toy.parent.exit_request = 0;
    toy_ops.code_read = NULL;
    if (softmmu) {
        tcg_exec_set_softmmu(offsetof(ToyEnv, tlb), 12);
        toy_ops.code_read = toy_code_read_mmu;
        tlb_flush(&toy.parent);
    } else {
        tcg_exec_set_user_mode((uintptr_t)mem);
    }
    unmapped_page = mmio_page = (uint64_t)-1;
    asm_pc = 0;
    state_lookups = 0;
    tlb_fills = 0;
    tb_get_stats(&st);
}

/* r0 = n; loop: r1 += 3; r0 -= 1; bnz r0, loop; halt */
static void build_counting_loop(int n)
{
    emit16(0x01, 0, n);
    emit16(0x01, 1, 0);
    emit(0x03, 1, 1, 3);
    emit(0x03, 0, 0, -1);
    emit16(0x07, 0, 8);
    emit(0x08, 0, 0, 0);
}

static void run_loop(bool softmmu)
{
    TBStats before, after;

    reset(softmmu);
    build_counting_loop(1000);
    tb_get_stats(&before);
    g_assert_cmpint(cpu_exec(&toy.parent), ==, EXCP_TOY_HALT);
    tb_get_stats(&after);
    g_assert_cmpuint(toy.env.r[1], ==, 3000);
    g_assert_cmpuint(toy.env.r[0], ==, 0);
    g_assert_cmphex(toy.env.pc, ==, 24);
    /* three TBs: the start, the loop body, the halt */
    g_assert_cmpuint(after.translated - before.translated, ==, 3);
    g_assert_cmpuint(after.chained - before.chained, >=, 2);
    /* the loop ran chained, without coming back to cpu_exec */
    g_assert_cmpint(state_lookups, <, 10);
}

static void test_loop_user(void)
{
    run_loop(false);
}

static void test_loop_softmmu(void)
{
    run_loop(true);
    g_assert_cmpint(tlb_fills, ==, 1);  /* the code page, once */
}

static void test_fault_restores_pc(void)
{
    reset(false);
    emit16(0x01, 0, 7);            /* 0: r0 = 7 */
    emit16(0x01, 2, 0);            /* 4: r2 = 0 */
    emit(0x03, 1, 0, 5);           /* 8: r1 = 12 */
    emit(0x09, 3, 0, 2);           /* 12: r3 = r0 / r2 -> fault */
    emit(0x03, 1, 1, 1);           /* 16 */
    emit(0x08, 0, 0, 0);
    g_assert_cmpint(cpu_exec(&toy.parent), ==, EXCP_TOY_DIV0);
    g_assert_cmphex(toy.env.pc, ==, 12);
    /* everything before the faulting insn reached the CPU state */
    g_assert_cmpuint(toy.env.r[0], ==, 7);
    g_assert_cmpuint(toy.env.r[1], ==, 12);
    /* resume after fixing the divisor: the TB is reused */
    toy.env.r[2] = 2;
    g_assert_cmpint(cpu_exec(&toy.parent), ==, EXCP_TOY_HALT);
    g_assert_cmpuint(toy.env.r[3], ==, 3);
    g_assert_cmpuint(toy.env.r[1], ==, 13);
}

static void test_indirect_jumps(void)
{
    reset(false);
    /* r0 = 5; r1 = 0x100; jr r1; at 0x100: r0 += 1; halt */
    emit16(0x01, 0, 5);
    emit16(0x01, 1, 0x100);
    emit(0x0a, 1, 0, 0);
    asm_pc = 0x100;
    emit(0x03, 0, 0, 1);
    emit(0x08, 0, 0, 0);
    g_assert_cmpint(cpu_exec(&toy.parent), ==, EXCP_TOY_HALT);
    g_assert_cmpuint(toy.env.r[0], ==, 6);
    /* second run: the target TB exists, lookup_and_goto_ptr finds it */
    toy.env.pc = 0;
    state_lookups = 0;
    g_assert_cmpint(cpu_exec(&toy.parent), ==, EXCP_TOY_HALT);
    g_assert_cmpuint(toy.env.r[0], ==, 6);
    g_assert_cmpint(state_lookups, ==, 2);  /* cpu_exec + the helper */
}

static gpointer request_exit(gpointer data)
{
    g_usleep(20000);
    cpu_exit(&toy.parent);
    return NULL;
}

static void test_exit_request(void)
{
    GThread *t;

    reset(false);
    emit(0x03, 0, 0, 1);           /* 0: r0++ */
    emit16(0x06, 0, 0);            /* 4: jmp 0 (forever) */
    t = g_thread_new("exit", request_exit, NULL);
    g_assert_cmpint(cpu_exec(&toy.parent), ==, EXCP_INTERRUPT);
    g_thread_join(t);
    g_assert_cmphex(toy.env.pc, ==, 0);    /* at a TB start */
    g_assert_cmpuint(toy.env.r[0], >, 100);
}

static void test_self_modifying_code(void)
{
    TBStats before, after;

    reset(true);
    /*
     * 0:  li r2, 0x40        address of the insn to patch
     * 4:  li r3, 0           pass counter
     * 8:  jmp 0x40           run the function
     * 0x40: li r1, 5         (patched to li r1, 9)
     * 0x44: jmp 0x80
     * 0x80: bnz r3, 0xc0     second pass: done
     * 0x84: li r3, 1
     * 0x88: li r0, 0x0901    byte 0: op 01, a=1 -> write imm byte 9
     * 0x8c: addi r2, r2, 2   address of the imm low byte
     * 0x90: stb r0, [r2]     writes 0x01 (low byte of r0)... see below
     * 0x94: jmp 0x40
     * 0xc0: halt
     */
    emit16(0x01, 2, 0x42);
    emit16(0x01, 3, 0);
    emit16(0x06, 0, 0x40);
    asm_pc = 0x40;
    emit16(0x01, 1, 5);
    emit16(0x06, 0, 0x80);
    asm_pc = 0x80;
    emit16(0x07, 3, 0xc0);
    emit16(0x01, 3, 1);
    emit16(0x01, 0, 9);
    emit(0x0b, 0, 2, 0);           /* stb r0, [r2]: imm16 low byte = 9 */
    emit16(0x06, 0, 0x40);
    asm_pc = 0xc0;
    emit(0x08, 0, 0, 0);
    tb_get_stats(&before);
    g_assert_cmpint(cpu_exec(&toy.parent), ==, EXCP_TOY_HALT);
    tb_get_stats(&after);
    g_assert_cmpuint(toy.env.r[1], ==, 9);
    g_assert_cmpuint(after.invalidated - before.invalidated, >=, 1);
}

static void test_smc_same_tb(void)
{
    reset(true);
    emit16(0x01, 2, 0x0e);         /* 0: r2 = address of the imm below */
    emit16(0x01, 0, 9);            /* 4 */
    emit(0x0b, 0, 2, 0);           /* 8: stb r0, [r2]: patches the next */
    emit16(0x01, 1, 5);            /* 0xc: li r1, 5 -> li r1, 9 */
    emit(0x03, 1, 1, 1);           /* 0x10: r1++ */
    emit(0x08, 0, 0, 0);
    g_assert_cmpint(cpu_exec(&toy.parent), ==, EXCP_TOY_HALT);
    g_assert_cmpuint(toy.env.r[1], ==, 10);
    g_assert_cmpuint(mem[0xe], ==, 9);
}

static void test_invalidate_unchains(void)
{
    TBStats st;

    reset(false);
    build_counting_loop(10);
    g_assert_cmpint(cpu_exec(&toy.parent), ==, EXCP_TOY_HALT);
    g_assert_cmpuint(toy.env.r[1], ==, 30);
    /* patch the loop body (r1 += 3 -> r1 += 4) behind TCG's back */
    mem[8 + 3] = 4;
    g_assert_cmpint(tb_invalidate_phys_range(8, 12), >=, 1);
    g_assert_false(tb_page_has_code(0x2000));
    toy.env.pc = 0;
    g_assert_cmpint(cpu_exec(&toy.parent), ==, EXCP_TOY_HALT);
    /* the start TB was chained to the old loop TB: it must not run it */
    g_assert_cmpuint(toy.env.r[1], ==, 40);
    tb_get_stats(&st);
    g_assert_cmpuint(st.invalidated, >=, 1);
}

static void test_softmmu_tlb(void)
{
    reset(true);
    *(uint64_t *)(mem + 0x3000) = 0x1122334455667788ull;
    *(uint32_t *)(mem + 0x3ffc) = 0xaabbccdd;
    *(uint32_t *)(mem + 0x4000) = 0x99887766;
    mmio_page = 0x5000;
    unmapped_page = 0x6000;
    emit16(0x01, 1, 0x3000);
    emit(0x04, 0, 1, 0);           /* r0 = [0x3000] (miss, fill) */
    emit(0x03, 0, 0, 1);
    emit(0x05, 0, 1, 0);           /* [0x3000] = r0 (hit) */
    emit16(0x01, 1, 0x3ffc);
    emit(0x04, 2, 1, 0);           /* crosses into 0x4000 */
    emit16(0x01, 1, 0x5010);
    emit(0x04, 3, 1, 0);           /* MMIO read */
    emit(0x05, 2, 1, 0);           /* MMIO write */
    emit16(0x01, 1, 0x6008);
    emit(0x04, 3, 1, 0);           /* page fault at pc 0x28 */
    emit(0x08, 0, 0, 0);
    g_assert_cmpint(cpu_exec(&toy.parent), ==, EXCP_TOY_PAGEFAULT);
    g_assert_cmphex(toy.env.pc, ==, 0x28);
    g_assert_cmphex(toy.env.fault_addr, ==, 0x6008);
    g_assert_cmphex(toy.env.r[0], ==, 0x1122334455667789ull);
    g_assert_cmphex(*(uint64_t *)(mem + 0x3000), ==, 0x1122334455667789ull);
    g_assert_cmphex(toy.env.r[2], ==, 0x99887766aabbccddull);
    g_assert_cmphex(toy.env.r[3], ==, 0x1000 + 0x10 * 16 + 8);
    g_assert_cmphex(io_written, ==, 0x99887766aabbccddull);
    /* code page, 0x3000, 0x3000 (write has its own bits? no: one fill),
     * 0x4000, 0x5000 twice at most, 0x6000 */
    g_assert_cmpint(tlb_fills, >=, 5);
    g_assert_cmpint(tlb_fills, <=, 7);
}

static void run_unaligned(bool softmmu)
{
    reset(softmmu);
    *(uint64_t *)(mem + 0x3008) = 0x55;
    emit16(0x01, 1, 0x3008);
    emit(0x0c, 0, 1, 0);           /* 4: aligned: fine */
    emit(0x03, 1, 1, 1);           /* 8 */
    emit(0x0c, 2, 1, 0);           /* 12: misaligned: fault */
    emit(0x08, 0, 0, 0);
    g_assert_cmpint(cpu_exec(&toy.parent), ==, EXCP_TOY_UNALIGNED);
    g_assert_cmphex(toy.env.pc, ==, 12);
    g_assert_cmphex(toy.env.fault_addr, ==, 0x3009);
    g_assert_cmpint(unaligned_access_type, ==, MMU_DATA_LOAD);
    g_assert_cmphex(toy.env.r[0], ==, 0x55);
    g_assert_cmphex(toy.env.r[1], ==, 0x3009);
}

static void test_unaligned_user(void)
{
    run_unaligned(false);
}

static void test_unaligned_softmmu(void)
{
    run_unaligned(true);
}

/* ---- several vCPU threads sharing the TB cache ---- */

#define NTHREADS 3
static ToyCPU *thread_cpus[NTHREADS];

static int threads_done;

static gpointer vcpu_thread(gpointer data)
{
    ToyCPU *tc = data;
    int r;

    do {
        r = cpu_exec(&tc->parent);
    } while (r == EXCP_INTERRUPT);
    g_assert_cmpint(r, ==, EXCP_TOY_HALT);
    __atomic_add_fetch(&threads_done, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void test_threads(void)
{
    GThread *threads[NTHREADS];
    TBStats before, after;
    uint64_t flushes = 0;

    reset(false);
    /* every CPU runs the same counting loop, with its own count */
    build_counting_loop(0);
    tb_get_stats(&before);
    for (int i = 0; i < NTHREADS; i++) {
        ToyCPU *tc = g_new0(ToyCPU, 1);
        tc->parent.env_ptr = &tc->env;
        tc->parent.tcg_ops = &toy_ops;
        tc->parent.cpu_index = i + 1;
        cpu_exec_realizefn(&tc->parent);
        /* skip "li r0": start at the second insn with r0 preset */
        tc->env.pc = 4;
        tc->env.r[0] = 30000000 + i * 1000;
        thread_cpus[i] = tc;
    }
    for (int i = 0; i < NTHREADS; i++) {
        threads[i] = g_thread_new("vcpu", vcpu_thread, thread_cpus[i]);
    }
    /* flush the cache under their feet while they run */
    threads_done = 0;
    while (__atomic_load_n(&threads_done, __ATOMIC_ACQUIRE) < NTHREADS) {
        g_usleep(1000);
        tb_flush(NULL);
        flushes++;
    }
    for (int i = 0; i < NTHREADS; i++) {
        g_thread_join(threads[i]);
    }
    tb_get_stats(&after);
    for (int i = 0; i < NTHREADS; i++) {
        ToyCPU *tc = thread_cpus[i];
        g_assert_cmpuint(tc->env.r[1], ==, 3 * (30000000 + i * 1000));
        g_assert_cmphex(tc->env.pc, ==, 24);
        cpu_exec_unrealizefn(&tc->parent);
        g_free(tc);
    }
    g_assert_cmpuint(after.flushes - before.flushes, ==, flushes);
    g_assert_cmpuint(flushes, >=, 3);
    /* the flushes forced retranslations while the loops ran */
    g_assert_cmpuint(after.translated - before.translated, >, 3);
}

/* linux-user style: a guest access faults on the host, SIGSEGV unwinds */
static uint8_t *user_map;

static void segv_handler(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    uintptr_t host_pc = uc->uc_mcontext.gregs[REG_RIP];
    CPUState *cpu = current_cpu;
    sigset_t set;

    g_assert(cpu_restore_state(cpu, host_pc + 1));
    TOY(cpu)->env.fault_addr = (uintptr_t)si->si_addr - (uintptr_t)user_map;
    cpu->exception_index = EXCP_TOY_PAGEFAULT;
    /* siglongjmp does not restore the mask: let SIGSEGV in again */
    sigemptyset(&set);
    sigaddset(&set, SIGSEGV);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    cpu_loop_exit(cpu);
}

static void test_user_host_fault(void)
{
    struct sigaction sa = { 0 }, old;

    reset(false);
    user_map = mmap(NULL, 0x2000, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert(user_map != MAP_FAILED);
    g_assert_cmpint(mprotect(user_map + 0x1000, 0x1000, PROT_NONE), ==, 0);
    tcg_exec_set_user_mode((uintptr_t)user_map);
    sa.sa_sigaction = segv_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, &old);

    asm_pc = 0;
    emit16(0x01, 1, 0x1010);        /* 0 */
    emit(0x03, 2, 2, 7);            /* 4: r2 += 7 */
    emit(0x04, 0, 1, 0);            /* 8: r0 = [0x1010]: host fault */
    emit(0x08, 0, 0, 0);
    memcpy(user_map, mem, 16);
    for (int round = 0; round < 2; round++) {
        toy.env.pc = 0;
        g_assert_cmpint(cpu_exec(&toy.parent), ==, EXCP_TOY_PAGEFAULT);
        g_assert_cmphex(toy.env.pc, ==, 8);
        g_assert_cmphex(toy.env.fault_addr, ==, 0x1010);
        g_assert_cmpuint(toy.env.r[2], ==, 7 * (round + 1));
    }
    sigaction(SIGSEGV, &old, NULL);
    tb_flush(&toy.parent);
    munmap(user_map, 0x2000);
}

static void test_logs(void)
{
    g_autofree char *path = g_build_filename(g_get_tmp_dir(),
                                             "test-tcg-exec.log", NULL);
    g_autofree char *text = NULL;
    Error *err = NULL;

    reset(false);
    build_counting_loop(3);
    g_assert_true(qemu_set_log_filename_flags(path, CPU_LOG_TB_IN_ASM |
                  CPU_LOG_TB_OP | CPU_LOG_TB_OP_OPT | CPU_LOG_TB_OUT_ASM |
                  CPU_LOG_EXEC, &err));
    g_assert_cmpint(cpu_exec(&toy.parent), ==, EXCP_TOY_HALT);
    g_assert_true(qemu_set_log(0, &err));
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "IN: "));
    g_assert_nonnull(strstr(text, "OP: [0x0000000000000000]"));
    g_assert_nonnull(strstr(text, "OP after optimization"));
    g_assert_nonnull(strstr(text, " ---- 0000000000000008"));
    g_assert_nonnull(strstr(text, "OUT: [size="));
    g_assert_nonnull(strstr(text, "Trace 0: "));
#if CONFIG_CAPSTONE
    g_assert_nonnull(strstr(text, "jmp"));
#endif
    unlink(path);
}

int main(int argc, char **argv)
{
    Error *err = NULL;

    g_test_init(&argc, &argv, NULL);
    if (!tcg_exec_init(32 * 1024 * 1024, &err)) {
        g_error("%s", error_get_pretty(err));
    }
    mem = g_malloc0(MEM_SIZE);
    toy.parent.env_ptr = &toy.env;
    toy.parent.tcg_ops = &toy_ops;
    cpu_exec_realizefn(&toy.parent);
    tcg_exec_set_softmmu(offsetof(ToyEnv, tlb), 12);
    tlb_init(&toy.parent);
    for (int i = 0; i < 4; i++) {
        cpu_r[i] = tcg_global_mem_new_i64(tcg_env, offsetof(ToyEnv, r[i]),
                                          g_strdup_printf("r%d", i));
    }
    cpu_pc = tcg_global_mem_new_i64(tcg_env, offsetof(ToyEnv, pc), "pc");

    g_test_add_func("/tcg/exec/loop-user", test_loop_user);
    g_test_add_func("/tcg/exec/loop-softmmu", test_loop_softmmu);
    g_test_add_func("/tcg/exec/fault-restores-pc", test_fault_restores_pc);
    g_test_add_func("/tcg/exec/indirect-jumps", test_indirect_jumps);
    g_test_add_func("/tcg/exec/exit-request", test_exit_request);
    g_test_add_func("/tcg/exec/self-modifying-code",
                    test_self_modifying_code);
    g_test_add_func("/tcg/exec/self-modifying-code-same-tb",
                    test_smc_same_tb);
    g_test_add_func("/tcg/exec/invalidate-unchains",
                    test_invalidate_unchains);
    g_test_add_func("/tcg/softmmu/tlb", test_softmmu_tlb);
    g_test_add_func("/tcg/exec/unaligned-user", test_unaligned_user);
    g_test_add_func("/tcg/softmmu/unaligned", test_unaligned_softmmu);
    g_test_add_func("/tcg/exec/logs", test_logs);
    g_test_add_func("/tcg/exec/user-host-fault", test_user_host_fault);
    g_test_add_func("/tcg/exec/threads", test_threads);
    return g_test_run();
}

/*
 * Shared helpers of the TCG unit tests: set TCG up once, turn the ops of
 * the current TB into host code and run it.
 */
#ifndef TESTS_TCG_HARNESS_H
#define TESTS_TCG_HARNESS_H

#include "qemu/error.h"
#include "tcg/tcg.h"
#include "tcg/tcg-op.h"
#include "tcg/tcg-interp.h"

static inline void harness_init(void)
{
    Error *err = NULL;

    if (!tcg_init(16 * 1024 * 1024, &err)) {
        g_error("tcg_init: %s", error_get_pretty(err));
    }
}

/* Generate host code for the current ops; returns the rx entry point. */
static inline const void *harness_codegen(bool optimize, int *size)
{
    TCGContext *s = tcg_ctx;
    int n;

    if (tcg_region.used + 1024 * 1024 > tcg_region.size) {
        tcg_region_reset();
    }
    s->code_ptr = tcg_region.rw + tcg_region.used;
    s->optimize = optimize;
    n = tcg_gen_code(s, tcg_region.rw + tcg_region.size);
    g_assert_cmpint(n, >, 0);
    if (size) {
        *size = n;
    }
    tcg_region.used = QEMU_ALIGN_UP(tcg_region.used + n, 16);
    return tcg_splitwx_to_rx(s->gen_start);
}

static inline uintptr_t harness_run(void *env, bool optimize)
{
    const void *tb = harness_codegen(optimize, NULL);
    return tcg_qemu_tb_exec(env, tb);
}

#endif

/*
 * The reference interpreter of the TCG IR.  It runs the op list of the
 * current TB directly, with semantics written independently of the host
 * backend, so the differential tests can compare the two.  It is a test
 * oracle, not an execution engine: it is slow and keeps no state.
 */
#ifndef TCG_TCG_INTERP_H
#define TCG_TCG_INTERP_H

#include "tcg/tcg.h"

typedef enum TCGInterpExit {
    TCG_INTERP_EXIT_TB,     /* exit_tb: *result is its value */
    TCG_INTERP_GOTO_PTR,    /* goto_ptr: *result is the host pointer */
    TCG_INTERP_END,         /* fell off the end of the op list */
} TCGInterpExit;

/* Run the ops of @s with @env as the CPU state. */
TCGInterpExit tcg_interp_run(TCGContext *s, void *env, uintptr_t *result);

/* The semantics, exported so tests can compute expected values. */
uint64_t tcg_interp_binop(TCGOpcode opc, TCGType type, uint64_t a,
                          uint64_t b);

#endif

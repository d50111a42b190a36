/*
 * TranslationBlock: one unit of translated guest code.
 */
#ifndef EXEC_TRANSLATION_BLOCK_H
#define EXEC_TRANSLATION_BLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

/* cflags: how the TB was translated */
#define CF_COUNT_MASK   0x000001ff  /* max guest insns (0 = default) */
#define CF_NO_GOTO_TB   0x00000200  /* do not chain */
#define CF_NO_GOTO_PTR  0x00000400  /* no lookup_and_goto_ptr */
#define CF_SINGLE_STEP  0x00000800  /* one insn, for -singlestep/gdb */

/* The low bits of an exit_tb value say how the TB was left. */
#define TB_EXIT_MASK      3
#define TB_EXIT_IDX0      0     /* through goto_tb slot 0 */
#define TB_EXIT_IDX1      1     /* through goto_tb slot 1 */
#define TB_EXIT_REQUESTED 3     /* the exit request flag was set */

typedef struct TranslationBlock {
    uint64_t pc;            /* guest pc of the first insn */
    uint64_t cs_base;       /* frontend-defined (x86: CS base) */
    uint32_t flags;         /* frontend-defined CPU mode bits */
    uint32_t cflags;
    uint32_t size;          /* guest bytes covered */
    uint16_t icount;        /* guest insns */
    bool invalid;

    const void *tc_ptr;     /* host code (rx address) */
    uint32_t tc_size;       /* host code bytes */

    /* goto_tb slots: where the patchable jump is, where it resets to */
    uint16_t jmp_insn_offset[2];
    uint16_t jmp_reset_offset[2];
    struct TranslationBlock *jmp_dest[2];   /* chained to */
    GPtrArray *jmp_incoming;    /* (tb | slot) that jump into this TB */

    /* guest pages the TB's code lies on (one or two) */
    uint64_t page_addr[2];

    /* next in the TB hash table's chain (tb-maint.c) */
    struct TranslationBlock *hash_next;

    /* insn_start data: host end offset and two words per guest insn */
    uint16_t n_insn_data;
    uint16_t *insn_end_off;
    uint64_t (*insn_data)[2];
} TranslationBlock;

#endif

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

/*
 * A TB lives in the code buffer right before its host code (tb-maint.c,
 * translate-all.c): no allocation per TB, and tb_flush frees them all by
 * resetting the buffer.  The fields the lookups read come first, in one
 * cache line.
 */
typedef struct TranslationBlock {
    uint64_t pc;            /* guest pc of the first insn */
    uint64_t cs_base;       /* frontend-defined (x86: CS base) */
    uint32_t flags;         /* frontend-defined CPU mode bits */
    uint32_t cflags;
    bool invalid;
    uint16_t icount;        /* guest insns */
    uint32_t size;          /* guest bytes covered */
    const void *tc_ptr;     /* host code (rx address) */
    struct TranslationBlock *hash_next;     /* TB hash table chain */
    uint32_t tc_size;       /* host code bytes */

    /* goto_tb slots: where the patchable jump is, where it resets to */
    uint16_t jmp_insn_offset[2];
    uint16_t jmp_reset_offset[2];
    struct TranslationBlock *jmp_dest[2];   /* chained to */
    /*
     * The TBs jumping into this one: a list of tagged (tb | slot) words,
     * linked through the source's jmp_list_next[slot]; 0 ends it.
     */
    uintptr_t jmp_list_head;
    uintptr_t jmp_list_next[2];

    /*
     * The guest pages the TB's code lies on (one or two; -1 = none) and,
     * per page, the next TB of that page's list as a tagged (tb | index)
     * word.
     */
    uint64_t page_addr[2];
    uintptr_t page_next[2];

    /*
     * Per guest insn: the host end offset and the two insn_start words,
     * delta-encoded (see translate-all.c) right after the host code.
     */
    const uint8_t *search_data;
    uint16_t n_insn_data;
} TranslationBlock;

#endif

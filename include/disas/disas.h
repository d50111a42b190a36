/*
 * Disassembly for the logs: through capstone when it was found at build
 * time, else a hex dump.
 */
#ifndef DISAS_DISAS_H
#define DISAS_DISAS_H

#include <stdio.h>
#include <stdint.h>
#include <stddef.h>

/* Host (x86-64) code at @code, shown with its own addresses. */
void disas_host_code(FILE *f, const void *code, size_t size);
/* x86 code in @buf, shown at guest address @vaddr; @bits 16, 32 or 64. */
void disas_x86_code(FILE *f, const void *buf, size_t size, uint64_t vaddr,
                    int bits);
/* The hex dump used without capstone (exported for tests). */
void disas_hexdump(FILE *f, const void *buf, size_t size, uint64_t vaddr);

#endif

/*
 * Host and guest disassembly for -d out_asm / in_asm.
 */
#include "qemu/osdep.h"
#include "disas/disas.h"
#if CONFIG_CAPSTONE
#include <capstone/capstone.h>
#endif

void disas_hexdump(FILE *f, const void *buf, size_t size, uint64_t vaddr)
{
    const uint8_t *p = buf;

    for (size_t i = 0; i < size; i += 16) {
        fprintf(f, "0x%016" PRIx64 ": ", vaddr + i);
        for (size_t j = i; j < i + 16 && j < size; j++) {
            fprintf(f, " %02x", p[j]);
        }
        fputc('\n', f);
    }
}

static void disas_x86(FILE *f, const void *buf, size_t size, uint64_t vaddr,
                      int bits)
{
#if CONFIG_CAPSTONE
    csh h;
    cs_insn *insn;
    size_t n;
    int mode = bits == 16 ? CS_MODE_16 : bits == 32 ? CS_MODE_32 : CS_MODE_64;

    if (cs_open(CS_ARCH_X86, mode, &h) == CS_ERR_OK) {
        n = cs_disasm(h, buf, size, vaddr, 0, &insn);
        for (size_t i = 0; i < n; i++) {
            fprintf(f, "0x%016" PRIx64 ":  %-8s %s\n", insn[i].address,
                    insn[i].mnemonic, insn[i].op_str);
        }
        if (n) {
            const cs_insn *last = &insn[n - 1];
            uint64_t done = last->address + last->size - vaddr;
            cs_free(insn, n);
            if (done < size) {
                disas_hexdump(f, (const uint8_t *)buf + done, size - done,
                              vaddr + done);
            }
        } else {
            disas_hexdump(f, buf, size, vaddr);
        }
        cs_close(&h);
        return;
    }
#endif
    disas_hexdump(f, buf, size, vaddr);
}

void disas_host_code(FILE *f, const void *code, size_t size)
{
    disas_x86(f, code, size, (uintptr_t)code, 64);
}

void disas_x86_code(FILE *f, const void *buf, size_t size, uint64_t vaddr,
                    int bits)
{
    disas_x86(f, buf, size, vaddr, bits);
}

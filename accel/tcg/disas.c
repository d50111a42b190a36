/*
 * Host and guest disassembly for -d out_asm / in_asm.
 */
#include "qemu/osdep.h"
#include "disas/disas.h"
#if CONFIG_CAPSTONE
#include <dlfcn.h>
#include <capstone/capstone.h>

/*
 * Capstone is opened on the first disassembly, not linked: its load-time
 * relocations made every start of the emulators ~30 ms slower, which is
 * a tenth of a short guest program's run.
 */
typedef struct CapstoneApi {
    cs_err (*open)(cs_arch arch, cs_mode mode, csh *handle);
    size_t (*disasm)(csh handle, const uint8_t *code, size_t size,
                     uint64_t address, size_t count, cs_insn **insn);
    void (*free)(cs_insn *insn, size_t count);
    cs_err (*close)(csh *handle);
} CapstoneApi;

static const CapstoneApi *capstone_api(void)
{
    static gsize once;
    static CapstoneApi api;
    static bool ok;

    if (g_once_init_enter(&once)) {
        g_autofree char *soname = g_strdup_printf("libcapstone.so.%d",
                                                  CS_API_MAJOR);
        void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

        if (!h) {
            h = dlopen("libcapstone.so", RTLD_NOW | RTLD_LOCAL);
        }
        if (h) {
            api.open = dlsym(h, "cs_open");
            api.disasm = dlsym(h, "cs_disasm");
            api.free = dlsym(h, "cs_free");
            api.close = dlsym(h, "cs_close");
            ok = api.open && api.disasm && api.free && api.close;
        }
        g_once_init_leave(&once, 1);
    }
    return ok ? &api : NULL;
}
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
    const CapstoneApi *cs = capstone_api();
    csh h;
    cs_insn *insn;
    size_t n;
    int mode = bits == 16 ? CS_MODE_16 : bits == 32 ? CS_MODE_32 : CS_MODE_64;

    if (cs && cs->open(CS_ARCH_X86, mode, &h) == CS_ERR_OK) {
        n = cs->disasm(h, buf, size, vaddr, 0, &insn);
        for (size_t i = 0; i < n; i++) {
            fprintf(f, "0x%016" PRIx64 ":  %-8s %s\n", insn[i].address,
                    insn[i].mnemonic, insn[i].op_str);
        }
        if (n) {
            const cs_insn *last = &insn[n - 1];
            uint64_t done = last->address + last->size - vaddr;
            cs->free(insn, n);
            if (done < size) {
                disas_hexdump(f, (const uint8_t *)buf + done, size - done,
                              vaddr + done);
            }
        } else {
            disas_hexdump(f, buf, size, vaddr);
        }
        cs->close(&h);
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

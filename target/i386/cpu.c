/*
 * The x86 CPU object: creation, CPU models, CPUID, state dump.
 *
 * CPUID reports exactly what the translator implements, so guest
 * libraries never choose a code path the emulator lacks.
 */
#include "qemu/osdep.h"
#include "cpu.h"

/* CPUID.1:EDX */
#define F1D_FPU   (1u << 0)
#define F1D_TSC   (1u << 4)
#define F1D_CX8   (1u << 8)
#define F1D_CMOV  (1u << 15)
#define F1D_CLFLUSH (1u << 19)
#define F1D_MMX   (1u << 23)
#define F1D_FXSR  (1u << 24)
#define F1D_SSE   (1u << 25)
#define F1D_SSE2  (1u << 26)
/* CPUID.1:ECX */
#define F1C_SSE3   (1u << 0)
#define F1C_SSSE3  (1u << 9)
#define F1C_CX16   (1u << 13)
#define F1C_SSE41  (1u << 19)
#define F1C_SSE42  (1u << 20)
#define F1C_POPCNT (1u << 23)
/* CPUID.7.0:EBX */
#define F7B_BMI1  (1u << 3)
#define F7B_BMI2  (1u << 8)
/* CPUID.80000001:EDX / ECX */
#define F81D_SYSCALL (1u << 11)
#define F81D_NX      (1u << 20)
#define F81D_LM      (1u << 29)
#define F81C_LAHF    (1u << 0)
#define F81C_ABM     (1u << 5)

typedef struct X86CPUModel {
    const char *name;
    const char *desc;
    uint32_t features[FEAT_NB];
} X86CPUModel;

static const X86CPUModel cpu_models[] = {
    {
        .name = "qemu64", .desc = "QEMU Virtual CPU (SSE2 baseline)",
        .features = {
            [FEAT_1_EDX] = F1D_FPU | F1D_TSC | F1D_CX8 | F1D_CMOV |
                           F1D_CLFLUSH | F1D_MMX | F1D_FXSR | F1D_SSE |
                           F1D_SSE2,
            [FEAT_1_ECX] = F1C_CX16,
            [FEAT_8000_0001_EDX] = F81D_SYSCALL | F81D_NX | F81D_LM,
            [FEAT_8000_0001_ECX] = F81C_LAHF,
        },
    },
    {
        .name = "max", .desc = "everything this emulator implements",
        .features = {
            [FEAT_1_EDX] = F1D_FPU | F1D_TSC | F1D_CX8 | F1D_CMOV |
                           F1D_CLFLUSH | F1D_MMX | F1D_FXSR | F1D_SSE |
                           F1D_SSE2,
            [FEAT_1_ECX] = F1C_SSE3 | F1C_SSSE3 | F1C_CX16 | F1C_SSE41 |
                           F1C_SSE42 | F1C_POPCNT,
            [FEAT_7_0_EBX] = F7B_BMI1 | F7B_BMI2,
            [FEAT_8000_0001_EDX] = F81D_SYSCALL | F81D_NX | F81D_LM,
            [FEAT_8000_0001_ECX] = F81C_LAHF | F81C_ABM,
        },
    },
};

void x86_cpu_list(FILE *f)
{
    fprintf(f, "Available CPUs:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(cpu_models); i++) {
        fprintf(f, "  %-10s %s\n", cpu_models[i].name, cpu_models[i].desc);
    }
    fprintf(f, "  %-10s %s\n", "host", "same as max");
}

X86CPU *x86_cpu_new(const char *model, Error **errp)
{
    const X86CPUModel *m = NULL;
    X86CPU *cpu;
    CPUX86State *env;

    if (!model || !strcmp(model, "host")) {
        model = "max";
    }
    for (size_t i = 0; i < G_N_ELEMENTS(cpu_models); i++) {
        if (!strcmp(cpu_models[i].name, model)) {
            m = &cpu_models[i];
        }
    }
    if (!m) {
        error_setg(errp, "unable to find CPU model '%s'", model);
        return NULL;
    }
    cpu = g_new0(X86CPU, 1);
    env = &cpu->env;
    cpu->parent.env_ptr = env;
    cpu->parent.tcg_ops = &x86_tcg_ops;
    cpu->parent.opaque = cpu;
    memcpy(env->features, m->features, sizeof(env->features));
    env->cpuid_level = 0xd;
    env->cpuid_xlevel = 0x80000008;
    env->eflags = 0x202;
    env->df = 1;
    env->cc_op = CC_OP_EFLAGS;
    env->mxcsr = 0x1f80;
    env->fpuc = 0x37f;
    memset(env->fptags, 1, sizeof(env->fptags));
    return cpu;
}

static void set_str(uint32_t *b, uint32_t *d, uint32_t *c, const char *s)
{
    memcpy(b, s, 4);
    memcpy(d, s + 4, 4);
    memcpy(c, s + 8, 4);
}

void cpu_x86_cpuid(CPUX86State *env, uint32_t index, uint32_t count,
                   uint32_t *eax, uint32_t *ebx, uint32_t *ecx,
                   uint32_t *edx)
{
    static const char brand[48] = "QEMU Virtual CPU version 7.2.0";

    *eax = *ebx = *ecx = *edx = 0;
    if (index < 0x80000000 && index > env->cpuid_level) {
        index = env->cpuid_level;
    }
    switch (index) {
    case 0:
        *eax = env->cpuid_level;
        set_str(ebx, edx, ecx, "GenuineIntel");
        break;
    case 1:
        *eax = 0x000806c1;          /* family 6 */
        *ebx = (8 << 8) | (1 << 16);   /* clflush 64 bytes, 1 logical */
        *ecx = env->features[FEAT_1_ECX];
        *edx = env->features[FEAT_1_EDX];
        break;
    case 2:
        *eax = 1;
        *ebx = 0;
        *ecx = 0;
        *edx = 0;
        break;
    case 4:
        /* deterministic cache parameters: L1d 32K, L1i 32K, L2 1M, L3 8M */
        switch (count) {
        case 0:
            *eax = 0x121; *ebx = (7u << 22) | 63; *ecx = 63; break;
        case 1:
            *eax = 0x122; *ebx = (7u << 22) | 63; *ecx = 63; break;
        case 2:
            *eax = 0x143; *ebx = (15u << 22) | 63; *ecx = 1023; break;
        case 3:
            *eax = 0x163; *ebx = (15u << 22) | 63; *ecx = 8191;
            *edx = 2; break;
        default:
            break;
        }
        break;
    case 7:
        if (count == 0) {
            *ebx = env->features[FEAT_7_0_EBX];
            *ecx = env->features[FEAT_7_0_ECX];
            *edx = env->features[FEAT_7_0_EDX];
        }
        break;
    case 0x80000000:
        *eax = env->cpuid_xlevel;
        set_str(ebx, edx, ecx, "GenuineIntel");
        break;
    case 0x80000001:
        *ecx = env->features[FEAT_8000_0001_ECX];
        *edx = env->features[FEAT_8000_0001_EDX];
        break;
    case 0x80000002: case 0x80000003: case 0x80000004: {
        const uint32_t *w = (const uint32_t *)(brand + (index - 0x80000002) * 16);
        *eax = w[0]; *ebx = w[1]; *ecx = w[2]; *edx = w[3];
        break;
    }
    case 0x80000006:
        *ecx = (1024 << 16) | (8 << 12) | 64;
        break;
    case 0x80000008:
        *eax = 0x3028;              /* 40-bit physical, 48-bit virtual */
        break;
    default:
        break;
    }
}

void x86_cpu_dump_state(CPUX86State *env, FILE *f)
{
    static const char *names[16] = {
        "RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI",
        "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15",
    };
    static const int order[16] = { 0, 3, 1, 2, 6, 7, 5, 4,
                                   8, 9, 10, 11, 12, 13, 14, 15 };

    for (int i = 0; i < 16; i++) {
        fprintf(f, "%-3s=%016" PRIx64 "%s", names[order[i]],
                env->regs[order[i]], (i & 3) == 3 ? "\n" : " ");
    }
    fprintf(f, "RIP=%016" PRIx64 " RFL=%08" PRIx64 "\n", env->eip,
            cpu_compute_eflags(env));
    fprintf(f, "FS =%016" PRIx64 " GS =%016" PRIx64 "\n",
            env->segs[R_FS].base, env->segs[R_GS].base);
    fprintf(f, "CCS=%016" PRIx64 " CCD=%016" PRIx64 " CCO=%d\n",
            env->cc_src, env->cc_dst, env->cc_op);
}

/*
 * The sse_op / sse_movmsk ops: packed-integer SSE operations on 16-byte
 * slots of the CPU state, emitted as the host's own SSE instruction by
 * the x86-64 backend.  This file says which operations exist (and which
 * the host CPU can run) and holds their reference semantics in plain C,
 * which the TCG interpreter runs and the unit tests compare the host
 * code against.
 *
 * An operation is named by its encoding with the 0x66 prefix:
 * TCG_SSE_CODE(map, opcode, imm) with map 0 = 0F, 1 = 0F 38, 2 = 0F 3A
 * (imm only for pshufd and palignr).
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg/tcg-op.h"
#include "tcg-internal.h"

typedef union V128 {
    uint8_t b[16];
    int8_t sb[16];
    uint16_t w[8];
    int16_t sw[8];
    uint32_t d[4];
    int32_t sd[4];
    uint64_t q[2];
    int64_t sq[2];
} V128;

/* host feature each map/opcode needs */
enum { NEED_NONE, NEED_SSE2, NEED_SSSE3, NEED_SSE41, NEED_SSE42 };

static int sse_need(unsigned code)
{
    unsigned map = (code >> 8) & 3, op = code & 0xff;
    unsigned reg = (code >> 12) & 7;

    if (map == 0) {
        switch (op) {
        case 0x71: case 0x72:
            return reg == 2 || reg == 4 || reg == 6 ? NEED_SSE2 : NEED_NONE;
        case 0x73:
            return reg == 2 || reg == 3 || reg == 6 || reg == 7 ?
                   NEED_SSE2 : NEED_NONE;
        case 0x60 ... 0x6d:
        case 0x6f:
        case 0x70:
        case 0x74 ... 0x76:
        case 0xd1 ... 0xd5:
        case 0xd8 ... 0xe5:
        case 0xe8 ... 0xef:
        case 0xf1 ... 0xf6:
        case 0xf8 ... 0xfe:
            return NEED_SSE2;
        default:
            return NEED_NONE;
        }
    }
    if (map == 1) {
        switch (op) {
        case 0x00: case 0x04: case 0x08 ... 0x0b: case 0x1c ... 0x1e:
            return NEED_SSSE3;
        case 0x28: case 0x29: case 0x38 ... 0x40:
            return NEED_SSE41;
        case 0x37:
            return NEED_SSE42;
        default:
            return NEED_NONE;
        }
    }
    if (map == 2 && op == 0x0f) {
        return NEED_SSSE3;
    }
    if (map == 2 && op == 0x63) {
        return NEED_SSE42;
    }
    return NEED_NONE;
}

bool tcg_sse_op_supported(unsigned code)
{
    int need = sse_need(code & ~TCG_SSE_SRC_PTR);

    return need != NEED_NONE && need <= tcg_target_sse_level();
}

static int8_t sat8(int v)
{
    return v > 127 ? 127 : v < -128 ? -128 : v;
}

static uint8_t usat8(int v)
{
    return v > 255 ? 255 : v < 0 ? 0 : v;
}

static int16_t sat16(int v)
{
    return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}

static uint16_t usat16(int v)
{
    return v > 65535 ? 65535 : v < 0 ? 0 : v;
}

/* the shifts by an xmm count: @w lane bits, kind 0 srl, 1 sra, 2 sll */
static void shift_lanes(V128 *r, const V128 *d, uint64_t n, int w, int kind)
{
    for (int i = 0; i < 128 / w; i++) {
        uint64_t v = w == 16 ? d->w[i] : w == 32 ? d->d[i] : d->q[i];
        int64_t sv = w == 16 ? d->sw[i] : w == 32 ? d->sd[i] : d->sq[i];
        uint64_t x;

        if (kind == 1) {
            x = (uint64_t)(sv >> (n > (uint64_t)w - 1 ? w - 1 : n));
        } else if (n > (uint64_t)w - 1) {
            x = 0;
        } else {
            x = kind == 0 ? v >> n : v << n;
        }
        if (w == 16) {
            r->w[i] = x;
        } else if (w == 32) {
            r->d[i] = x;
        } else {
            r->q[i] = x;
        }
    }
}

static void sse_map0(V128 *r, const V128 *d, const V128 *s, unsigned op,
                     unsigned imm)
{
    switch (op) {
    case 0x60: case 0x68:
        for (int i = 0; i < 8; i++) {
            r->b[2 * i] = d->b[i + (op & 8)];
            r->b[2 * i + 1] = s->b[i + (op & 8)];
        }
        break;
    case 0x61: case 0x69:
        for (int i = 0; i < 4; i++) {
            r->w[2 * i] = d->w[i + (op & 8) / 2];
            r->w[2 * i + 1] = s->w[i + (op & 8) / 2];
        }
        break;
    case 0x62: case 0x6a:
        for (int i = 0; i < 2; i++) {
            r->d[2 * i] = d->d[i + (op & 8) / 4];
            r->d[2 * i + 1] = s->d[i + (op & 8) / 4];
        }
        break;
    case 0x6c: case 0x6d:
        r->q[0] = d->q[op & 1];
        r->q[1] = s->q[op & 1];
        break;
    case 0x63:
        for (int i = 0; i < 8; i++) {
            r->sb[i] = sat8(d->sw[i]);
            r->sb[i + 8] = sat8(s->sw[i]);
        }
        break;
    case 0x67:
        for (int i = 0; i < 8; i++) {
            r->b[i] = usat8(d->sw[i]);
            r->b[i + 8] = usat8(s->sw[i]);
        }
        break;
    case 0x6b:
        for (int i = 0; i < 4; i++) {
            r->sw[i] = sat16(d->sd[i] > 65536 ? 65536 : d->sd[i] < -65536 ?
                             -65536 : d->sd[i]);
            r->sw[i + 4] = sat16(s->sd[i] > 65536 ? 65536 :
                                 s->sd[i] < -65536 ? -65536 : s->sd[i]);
        }
        break;
    case 0x64:
        for (int i = 0; i < 16; i++) {
            r->b[i] = d->sb[i] > s->sb[i] ? 0xff : 0;
        }
        break;
    case 0x65:
        for (int i = 0; i < 8; i++) {
            r->w[i] = d->sw[i] > s->sw[i] ? 0xffff : 0;
        }
        break;
    case 0x66:
        for (int i = 0; i < 4; i++) {
            r->d[i] = d->sd[i] > s->sd[i] ? ~0u : 0;
        }
        break;
    case 0x6f:
        *r = *s;
        break;
    case 0x70:
        for (int i = 0; i < 4; i++) {
            r->d[i] = s->d[(imm >> (2 * i)) & 3];
        }
        break;
    case 0x74:
        for (int i = 0; i < 16; i++) {
            r->b[i] = d->b[i] == s->b[i] ? 0xff : 0;
        }
        break;
    case 0x75:
        for (int i = 0; i < 8; i++) {
            r->w[i] = d->w[i] == s->w[i] ? 0xffff : 0;
        }
        break;
    case 0x76:
        for (int i = 0; i < 4; i++) {
            r->d[i] = d->d[i] == s->d[i] ? ~0u : 0;
        }
        break;
    case 0xd1: shift_lanes(r, d, s->q[0], 16, 0); break;
    case 0xd2: shift_lanes(r, d, s->q[0], 32, 0); break;
    case 0xd3: shift_lanes(r, d, s->q[0], 64, 0); break;
    case 0xe1: shift_lanes(r, d, s->q[0], 16, 1); break;
    case 0xe2: shift_lanes(r, d, s->q[0], 32, 1); break;
    case 0xf1: shift_lanes(r, d, s->q[0], 16, 2); break;
    case 0xf2: shift_lanes(r, d, s->q[0], 32, 2); break;
    case 0xf3: shift_lanes(r, d, s->q[0], 64, 2); break;
    case 0xd4:
        for (int i = 0; i < 2; i++) {
            r->q[i] = d->q[i] + s->q[i];
        }
        break;
    case 0xd5:
        for (int i = 0; i < 8; i++) {
            r->w[i] = (uint16_t)(d->sw[i] * s->sw[i]);
        }
        break;
    case 0xd8: case 0xdc:
        for (int i = 0; i < 16; i++) {
            r->b[i] = usat8(op == 0xd8 ? d->b[i] - s->b[i]
                                       : d->b[i] + s->b[i]);
        }
        break;
    case 0xd9: case 0xdd:
        for (int i = 0; i < 8; i++) {
            r->w[i] = usat16(op == 0xd9 ? d->w[i] - s->w[i]
                                        : d->w[i] + s->w[i]);
        }
        break;
    case 0xda: case 0xde:
        for (int i = 0; i < 16; i++) {
            bool lt = d->b[i] < s->b[i];
            r->b[i] = (op == 0xda) == lt ? d->b[i] : s->b[i];
        }
        break;
    case 0xea: case 0xee:
        for (int i = 0; i < 8; i++) {
            bool lt = d->sw[i] < s->sw[i];
            r->sw[i] = (op == 0xea) == lt ? d->sw[i] : s->sw[i];
        }
        break;
    case 0xdb:
        r->q[0] = d->q[0] & s->q[0];
        r->q[1] = d->q[1] & s->q[1];
        break;
    case 0xdf:
        r->q[0] = ~d->q[0] & s->q[0];
        r->q[1] = ~d->q[1] & s->q[1];
        break;
    case 0xeb:
        r->q[0] = d->q[0] | s->q[0];
        r->q[1] = d->q[1] | s->q[1];
        break;
    case 0xef:
        r->q[0] = d->q[0] ^ s->q[0];
        r->q[1] = d->q[1] ^ s->q[1];
        break;
    case 0xe0:
        for (int i = 0; i < 16; i++) {
            r->b[i] = (d->b[i] + s->b[i] + 1) >> 1;
        }
        break;
    case 0xe3:
        for (int i = 0; i < 8; i++) {
            r->w[i] = (d->w[i] + s->w[i] + 1) >> 1;
        }
        break;
    case 0xe4:
        for (int i = 0; i < 8; i++) {
            r->w[i] = ((uint32_t)d->w[i] * s->w[i]) >> 16;
        }
        break;
    case 0xe5:
        for (int i = 0; i < 8; i++) {
            r->w[i] = (uint32_t)(d->sw[i] * s->sw[i]) >> 16;
        }
        break;
    case 0xe8: case 0xec:
        for (int i = 0; i < 16; i++) {
            r->sb[i] = sat8(op == 0xe8 ? d->sb[i] - s->sb[i]
                                       : d->sb[i] + s->sb[i]);
        }
        break;
    case 0xe9: case 0xed:
        for (int i = 0; i < 8; i++) {
            r->sw[i] = sat16(op == 0xe9 ? d->sw[i] - s->sw[i]
                                        : d->sw[i] + s->sw[i]);
        }
        break;
    case 0xf4:
        for (int i = 0; i < 2; i++) {
            r->q[i] = (uint64_t)d->d[2 * i] * s->d[2 * i];
        }
        break;
    case 0xf5:
        for (int i = 0; i < 4; i++) {
            r->d[i] = (uint32_t)((int64_t)d->sw[2 * i] * s->sw[2 * i] +
                                 (int64_t)d->sw[2 * i + 1] * s->sw[2 * i + 1]);
        }
        break;
    case 0xf6:
        for (int h = 0; h < 2; h++) {
            unsigned sum = 0;
            for (int i = 0; i < 8; i++) {
                int x = d->b[8 * h + i] - s->b[8 * h + i];
                sum += x < 0 ? -x : x;
            }
            r->q[h] = sum;
        }
        break;
    case 0xf8: case 0xfc:
        for (int i = 0; i < 16; i++) {
            r->b[i] = op == 0xf8 ? d->b[i] - s->b[i] : d->b[i] + s->b[i];
        }
        break;
    case 0xf9: case 0xfd:
        for (int i = 0; i < 8; i++) {
            r->w[i] = op == 0xf9 ? d->w[i] - s->w[i] : d->w[i] + s->w[i];
        }
        break;
    case 0xfa: case 0xfe:
        for (int i = 0; i < 4; i++) {
            r->d[i] = op == 0xfa ? d->d[i] - s->d[i] : d->d[i] + s->d[i];
        }
        break;
    case 0xfb:
        for (int i = 0; i < 2; i++) {
            r->q[i] = d->q[i] - s->q[i];
        }
        break;
    default:
        g_assert_not_reached();
    }
}

static void sse_map1(V128 *r, const V128 *d, const V128 *s, unsigned op)
{
    switch (op) {
    case 0x00:
        for (int i = 0; i < 16; i++) {
            r->b[i] = s->b[i] & 0x80 ? 0 : d->b[s->b[i] & 15];
        }
        break;
    case 0x04:
        for (int i = 0; i < 8; i++) {
            r->sw[i] = sat16(d->b[2 * i] * s->sb[2 * i] +
                             d->b[2 * i + 1] * s->sb[2 * i + 1]);
        }
        break;
    case 0x08:
        for (int i = 0; i < 16; i++) {
            r->sb[i] = s->sb[i] < 0 ? -d->sb[i] : s->sb[i] ? d->sb[i] : 0;
        }
        break;
    case 0x09:
        for (int i = 0; i < 8; i++) {
            r->sw[i] = s->sw[i] < 0 ? -d->sw[i] : s->sw[i] ? d->sw[i] : 0;
        }
        break;
    case 0x0a:
        for (int i = 0; i < 4; i++) {
            r->d[i] = s->sd[i] < 0 ? -d->d[i] : s->sd[i] ? d->d[i] : 0;
        }
        break;
    case 0x0b:
        for (int i = 0; i < 8; i++) {
            r->sw[i] = (((d->sw[i] * s->sw[i]) >> 14) + 1) >> 1;
        }
        break;
    case 0x1c:
        for (int i = 0; i < 16; i++) {
            r->b[i] = s->sb[i] < 0 ? -s->sb[i] : s->sb[i];
        }
        break;
    case 0x1d:
        for (int i = 0; i < 8; i++) {
            r->w[i] = s->sw[i] < 0 ? -s->sw[i] : s->sw[i];
        }
        break;
    case 0x1e:
        for (int i = 0; i < 4; i++) {
            r->d[i] = s->sd[i] < 0 ? -s->d[i] : s->d[i];
        }
        break;
    case 0x28:
        for (int i = 0; i < 2; i++) {
            r->sq[i] = (int64_t)d->sd[2 * i] * s->sd[2 * i];
        }
        break;
    case 0x29:
        for (int i = 0; i < 2; i++) {
            r->q[i] = d->q[i] == s->q[i] ? ~0ull : 0;
        }
        break;
    case 0x37:
        for (int i = 0; i < 2; i++) {
            r->q[i] = d->sq[i] > s->sq[i] ? ~0ull : 0;
        }
        break;
    case 0x38: case 0x3c:
        for (int i = 0; i < 16; i++) {
            bool lt = d->sb[i] < s->sb[i];
            r->sb[i] = (op == 0x38) == lt ? d->sb[i] : s->sb[i];
        }
        break;
    case 0x39: case 0x3d:
        for (int i = 0; i < 4; i++) {
            bool lt = d->sd[i] < s->sd[i];
            r->sd[i] = (op == 0x39) == lt ? d->sd[i] : s->sd[i];
        }
        break;
    case 0x3a: case 0x3e:
        for (int i = 0; i < 8; i++) {
            bool lt = d->w[i] < s->w[i];
            r->w[i] = (op == 0x3a) == lt ? d->w[i] : s->w[i];
        }
        break;
    case 0x3b: case 0x3f:
        for (int i = 0; i < 4; i++) {
            bool lt = d->d[i] < s->d[i];
            r->d[i] = (op == 0x3b) == lt ? d->d[i] : s->d[i];
        }
        break;
    case 0x40:
        for (int i = 0; i < 4; i++) {
            r->d[i] = d->d[i] * s->d[i];
        }
        break;
    default:
        g_assert_not_reached();
    }
}

/* the shifts by an immediate (0F 71..73 /reg ib) */
static void shift_imm(V128 *r, const V128 *d, unsigned op, unsigned reg,
                      unsigned imm)
{
    static const int width[3] = { 16, 32, 64 };

    if (op == 0x73 && (reg == 3 || reg == 7)) {
        /* psrldq / pslldq: whole bytes */
        for (int i = 0; i < 16; i++) {
            int k = reg == 3 ? i + (int)imm : i - (int)imm;
            r->b[i] = k >= 0 && k < 16 ? d->b[k] : 0;
        }
        return;
    }
    shift_lanes(r, d, imm, width[op - 0x71], reg == 2 ? 0 : reg == 4 ? 1 : 2);
}

/* element @i of @v: bytes or words, signed or not (imm bits 0..1) */
static int pcmp_elem(const V128 *v, int i, unsigned imm)
{
    switch (imm & 3) {
    case 0: return v->b[i];
    case 1: return v->w[i];
    case 2: return v->sb[i];
    default: return v->sw[i];
    }
}

/*
 * pcmpistri (66 0F 3A 63): the packed compare of implicit-length strings
 * a (the destination) and b (the source), as the SDM describes it.
 * Returns ECX | the arithmetic flags (CF ZF SF OF) << 32.
 */
static uint64_t pcmpistri_ref(const V128 *a, const V128 *b, unsigned imm)
{
    int n = imm & 1 ? 8 : 16, la = n, lb = n;
    unsigned agg = (imm >> 2) & 3, pol = (imm >> 4) & 3;
    uint32_t res = 0, ecx;
    uint64_t flags = 0;

    for (int i = n - 1; i >= 0; i--) {
        la = pcmp_elem(a, i, imm) ? la : i;
        lb = pcmp_elem(b, i, imm) ? lb : i;
    }
    for (int j = 0; j < n; j++) {
        bool bit = agg == 3;            /* equal ordered: AND, else OR */
        int bj = pcmp_elem(b, j, imm);

        switch (agg) {
        case 0:                         /* equal any */
            for (int i = 0; i < la && j < lb; i++) {
                bit |= pcmp_elem(a, i, imm) == bj;
            }
            break;
        case 1:                         /* ranges */
            for (int i = 0; i + 1 < la && j < lb; i += 2) {
                bit |= pcmp_elem(a, i, imm) <= bj &&
                       bj <= pcmp_elem(a, i + 1, imm);
            }
            break;
        case 2:                         /* equal each */
            bit = j >= la && j >= lb ? true : j >= la || j >= lb ? false :
                  pcmp_elem(a, j, imm) == bj;
            break;
        default:                        /* equal ordered */
            for (int i = 0; i < n - j && i < la; i++) {
                bit &= j + i < lb &&
                       pcmp_elem(a, i, imm) == pcmp_elem(b, j + i, imm);
            }
            break;
        }
        res |= (uint32_t)bit << j;
    }
    if (pol & 1) {
        res ^= pol & 2 ? (1u << lb) - 1 : (1u << n) - 1;
    }
    ecx = !res ? n : imm & 0x40 ? 31 - __builtin_clz(res) :
          __builtin_ctz(res);
    flags |= res ? 0x001 : 0;           /* CF: any match */
    flags |= lb < n ? 0x040 : 0;        /* ZF: b ends here */
    flags |= la < n ? 0x080 : 0;        /* SF: a ends here */
    flags |= (res & 1) ? 0x800 : 0;     /* OF: bit 0 */
    return ecx | flags << 32;
}

void tcg_sse_op_ref(void *dst, const void *src, unsigned code)
{
    V128 d, s, r;
    unsigned map = (code >> 8) & 3, op = code & 0xff;
    unsigned imm = (code >> 16) & 0xff;

    memcpy(&d, dst, 16);
    memcpy(&s, src, 16);
    if (map == 0 && op >= 0x71 && op <= 0x73) {
        shift_imm(&r, &d, op, (code >> 12) & 7, imm);
    } else if (map == 0) {
        sse_map0(&r, &d, &s, op, imm);
    } else if (map == 1) {
        sse_map1(&r, &d, &s, op);
    } else if (op == 0x63) {
        r.q[0] = pcmpistri_ref(&d, &s, imm);
        r.q[1] = 0;
    } else {
        /* palignr: the 32-byte d:s shifted right by imm bytes */
        for (int i = 0; i < 16; i++) {
            unsigned k = i + imm;
            r.b[i] = k < 16 ? s.b[k] : k < 32 ? d.b[k - 16] : 0;
        }
    }
    memcpy(dst, &r, 16);
}

uint64_t tcg_sse_movmsk_ref(const void *src)
{
    const uint8_t *b = src;
    uint64_t m = 0;

    for (int i = 0; i < 16; i++) {
        m |= (uint64_t)(b[i] >> 7) << i;
    }
    return m;
}

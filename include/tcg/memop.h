/*
 * MemOp: how a guest memory access is done (size, sign, byte order,
 * alignment), and MemOpIdx: a MemOp plus the MMU index, as one constant
 * argument of qemu_ld/qemu_st.  The encoding follows QEMU's so frontends
 * read the same.
 */
#ifndef TCG_MEMOP_H
#define TCG_MEMOP_H

#include <stdint.h>

typedef enum MemOp {
    MO_8 = 0,
    MO_16 = 1,
    MO_32 = 2,
    MO_64 = 3,
    MO_SIZE = 3,            /* log2 of the access size in bytes */

    MO_SIGN = 4,            /* sign-extend the loaded value */

    MO_BSWAP = 8,           /* byte order opposite to the host's */
    MO_LE = 0,              /* the host (x86-64) is little-endian */
    MO_BE = MO_BSWAP,

    /*
     * Alignment: MO_UNALN accepts any address; MO_ALIGN requires the
     * address to be a multiple of the access size; MO_ALIGN_n a multiple
     * of n.  A misaligned access calls the unaligned-access hook.
     */
    MO_ASHIFT = 5,
    MO_AMASK = 7 << MO_ASHIFT,
    MO_UNALN = 0,
    MO_ALIGN_2 = 1 << MO_ASHIFT,
    MO_ALIGN_4 = 2 << MO_ASHIFT,
    MO_ALIGN_8 = 3 << MO_ASHIFT,
    MO_ALIGN_16 = 4 << MO_ASHIFT,
    MO_ALIGN_32 = 5 << MO_ASHIFT,
    MO_ALIGN_64 = 6 << MO_ASHIFT,
    MO_ALIGN = MO_AMASK,

    MO_UB = MO_8,
    MO_UW = MO_16,
    MO_UL = MO_32,
    MO_UQ = MO_64,
    MO_SB = MO_SIGN | MO_8,
    MO_SW = MO_SIGN | MO_16,
    MO_SL = MO_SIGN | MO_32,
    MO_SQ = MO_SIGN | MO_64,

    MO_LEUW = MO_LE | MO_UW,
    MO_LEUL = MO_LE | MO_UL,
    MO_LEUQ = MO_LE | MO_UQ,
    MO_LESW = MO_LE | MO_SW,
    MO_LESL = MO_LE | MO_SL,
    MO_BEUW = MO_BE | MO_UW,
    MO_BEUL = MO_BE | MO_UL,
    MO_BEUQ = MO_BE | MO_UQ,
    MO_BESW = MO_BE | MO_SW,
    MO_BESL = MO_BE | MO_SL,
} MemOp;

/* A MemOp and an MMU index packed together: (memop << 4) | mmu_idx. */
typedef uint32_t MemOpIdx;

static inline MemOpIdx make_memop_idx(MemOp op, unsigned idx)
{
    return ((uint32_t)op << 4) | (idx & 15);
}

static inline MemOp get_memop(MemOpIdx oi)
{
    return (MemOp)(oi >> 4);
}

static inline unsigned get_mmuidx(MemOpIdx oi)
{
    return oi & 15;
}

/* The alignment an access requires, in bytes (1 = none). */
static inline unsigned memop_alignment_bytes(MemOp op)
{
    unsigned a = (op & MO_AMASK) >> MO_ASHIFT;

    if ((op & MO_AMASK) == MO_ALIGN) {
        return 1u << (op & MO_SIZE);
    }
    return 1u << a;
}

static inline unsigned memop_size(MemOp op)
{
    return 1u << (op & MO_SIZE);
}

#endif

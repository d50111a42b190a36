/*
 * Compiler helpers shared by the whole tree.
 */
#ifndef QEMU_COMPILER_H
#define QEMU_COMPILER_H

#define QEMU_NORETURN __attribute__((noreturn))
#define QEMU_PACKED __attribute__((packed))
#define QEMU_PRINTF(fmt_idx, first) __attribute__((format(printf, fmt_idx, first)))
#define QEMU_WARN_UNUSED_RESULT __attribute__((warn_unused_result))
#define QEMU_ALWAYS_INLINE inline __attribute__((always_inline))

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#ifndef container_of
#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#define QEMU_BUILD_BUG_ON(x) _Static_assert(!(x), "build bug: " #x)
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))

#define QEMU_IS_ALIGNED(n, m) (((n) % (m)) == 0)
#define QEMU_ALIGN_DOWN(n, m) ((n) / (m) * (m))
#define QEMU_ALIGN_UP(n, m) QEMU_ALIGN_DOWN((n) + (m) - 1, (m))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

#endif

/*
 * Atomic operations and memory barriers (QEMU's qatomic_* names) over the
 * compiler's __atomic builtins.
 *
 * Semantics, as in QEMU:
 * - qatomic_read/qatomic_set are relaxed: no ordering, but no tearing and
 *   no compiler caching of the value.
 * - qatomic_load_acquire / qatomic_store_release order around one access.
 * - Read-modify-write operations (xchg, cmpxchg, fetch_*, *_fetch, inc,
 *   dec, add, sub, and, or) are sequentially consistent.
 * - qatomic_cmpxchg(ptr, old, new) returns the value found at *ptr: the
 *   exchange happened if and only if that equals @old.
 * - smp_mb/smp_rmb/smp_wmb are full/read/write fences between threads;
 *   barrier() only stops the compiler.
 */
#ifndef QEMU_ATOMIC_H
#define QEMU_ATOMIC_H

/* Compiler barrier: the compiler may not move memory accesses across it. */
#define barrier()   __atomic_signal_fence(__ATOMIC_SEQ_CST)

#define smp_mb()    __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_mb_release() __atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_mb_acquire() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb()   smp_mb_release()
#define smp_rmb()   smp_mb_acquire()
/* A dependent load needs no fence on any host we build for. */
#define smp_read_barrier_depends() barrier()
/* Fences that pair with a preceding/following RMW; the RMW is already SC. */
#define smp_mb__before_rmw() barrier()
#define smp_mb__after_rmw()  barrier()

/* Accesses wider than a pointer are not guaranteed atomic on every host. */
#define qatomic_check_size(ptr) \
    _Static_assert(sizeof(*(ptr)) <= sizeof(void *), \
                   "operands of qatomic_* must be at most pointer sized")

#define qatomic_read__nocheck(ptr) __atomic_load_n(ptr, __ATOMIC_RELAXED)
#define qatomic_read(ptr) \
    ({ qatomic_check_size(ptr); qatomic_read__nocheck(ptr); })

#define qatomic_set__nocheck(ptr, i) __atomic_store_n(ptr, i, __ATOMIC_RELAXED)
#define qatomic_set(ptr, i) \
    do { qatomic_check_size(ptr); qatomic_set__nocheck(ptr, i); } while (0)

#define qatomic_load_acquire(ptr) \
    ({ qatomic_check_size(ptr); __atomic_load_n(ptr, __ATOMIC_ACQUIRE); })
#define qatomic_store_release(ptr, i) \
    do { qatomic_check_size(ptr); \
         __atomic_store_n(ptr, i, __ATOMIC_RELEASE); } while (0)

/* RCU-style pointer publication. */
#define qatomic_rcu_read(ptr)      qatomic_load_acquire(ptr)
#define qatomic_rcu_set(ptr, i)    qatomic_store_release(ptr, i)
#define qatomic_mb_read(ptr)       qatomic_load_acquire(ptr)
#define qatomic_mb_set(ptr, i) \
    do { qatomic_check_size(ptr); \
         __atomic_store_n(ptr, i, __ATOMIC_SEQ_CST); } while (0)

#define qatomic_xchg__nocheck(ptr, i) __atomic_exchange_n(ptr, i, __ATOMIC_SEQ_CST)
#define qatomic_xchg(ptr, i) \
    ({ qatomic_check_size(ptr); qatomic_xchg__nocheck(ptr, i); })

#define qatomic_cmpxchg__nocheck(ptr, old, new) ({                      \
    __typeof__(*(ptr)) qatomic_cmpxchg_expected_ = (old);               \
    (void)__atomic_compare_exchange_n(ptr, &qatomic_cmpxchg_expected_,  \
                                      new, false, __ATOMIC_SEQ_CST,     \
                                      __ATOMIC_SEQ_CST);                \
    qatomic_cmpxchg_expected_;                                          \
})
#define qatomic_cmpxchg(ptr, old, new) \
    ({ qatomic_check_size(ptr); qatomic_cmpxchg__nocheck(ptr, old, new); })

/* Return the old value. */
#define qatomic_fetch_add(ptr, n) __atomic_fetch_add(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_fetch_sub(ptr, n) __atomic_fetch_sub(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_fetch_and(ptr, n) __atomic_fetch_and(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_fetch_or(ptr, n)  __atomic_fetch_or(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_fetch_xor(ptr, n) __atomic_fetch_xor(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_fetch_inc(ptr)    qatomic_fetch_add(ptr, 1)
#define qatomic_fetch_dec(ptr)    qatomic_fetch_sub(ptr, 1)

/* Return the new value. */
#define qatomic_add_fetch(ptr, n) __atomic_add_fetch(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_sub_fetch(ptr, n) __atomic_sub_fetch(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_and_fetch(ptr, n) __atomic_and_fetch(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_or_fetch(ptr, n)  __atomic_or_fetch(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_xor_fetch(ptr, n) __atomic_xor_fetch(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_inc_fetch(ptr)    qatomic_add_fetch(ptr, 1)
#define qatomic_dec_fetch(ptr)    qatomic_sub_fetch(ptr, 1)

/* No result. */
#define qatomic_add(ptr, n) ((void)qatomic_fetch_add(ptr, n))
#define qatomic_sub(ptr, n) ((void)qatomic_fetch_sub(ptr, n))
#define qatomic_and(ptr, n) ((void)qatomic_fetch_and(ptr, n))
#define qatomic_or(ptr, n)  ((void)qatomic_fetch_or(ptr, n))
#define qatomic_xor(ptr, n) ((void)qatomic_fetch_xor(ptr, n))
#define qatomic_inc(ptr)    ((void)qatomic_fetch_inc(ptr))
#define qatomic_dec(ptr)    ((void)qatomic_fetch_dec(ptr))

/* 64-bit accessors (always atomic on x86-64, the only host we build for). */
#define qatomic_read_i64(ptr)     __atomic_load_n(ptr, __ATOMIC_RELAXED)
#define qatomic_read_u64(ptr)     __atomic_load_n(ptr, __ATOMIC_RELAXED)
#define qatomic_set_i64(ptr, val) __atomic_store_n(ptr, val, __ATOMIC_RELAXED)
#define qatomic_set_u64(ptr, val) __atomic_store_n(ptr, val, __ATOMIC_RELAXED)

#endif

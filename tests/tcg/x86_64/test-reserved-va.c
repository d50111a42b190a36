/*
 * Run under qemu-x86_64 -R SIZE (SIZE also as argv[1]): the guest address
 * space is [0, SIZE).  Checks that every mapping lies inside, that
 * requests outside are refused, and fills the space until mmap fails
 * with ENOMEM; then brk, malloc and mremap must fail too, and freed space
 * must be usable again.  Prints facts only (no addresses), so the output
 * is the same for any SIZE, guest base and layout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/shm.h>

#define MIB (1ul << 20)
#define MAX_CHUNKS 100000

static uint64_t limit;
static char *chunks[MAX_CHUNKS];
static int nchunks;

static const char *err_name(int e)
{
    switch (e) {
    case 0: return "ok";
    case ENOMEM: return "ENOMEM";
    case EINVAL: return "EINVAL";
    case EEXIST: return "EEXIST";
    default: return strerror(e);
    }
}

/* sum of the sizes in /proc/self/maps; *outside: ranges not in [64K, limit) */
static uint64_t maps_total(int *outside)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    uint64_t total = 0;

    *outside = 0;
    if (!f) {
        return 0;
    }
    while (fgets(line, sizeof(line), f)) {
        unsigned long long s, e;
        if (sscanf(line, "%llx-%llx", &s, &e) == 2) {
            total += e - s;
            if (s < 0x10000 || e > limit) {
                (*outside)++;
            }
        }
    }
    fclose(f);
    return total;
}

static int inside(const void *p, size_t len)
{
    uintptr_t a = (uintptr_t)p;
    return a >= 0x10000 && a + len <= limit;
}

static void *map(void *addr, size_t len, int flags)
{
    return mmap(addr, len, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
}

/* an mmap that must fail: its errno */
static const char *map_error(void *addr, size_t len, int flags)
{
    void *p;

    errno = 0;
    p = map(addr, len, flags);
    if (p != MAP_FAILED) {
        munmap(p, len);
        return "mapped";
    }
    return err_name(errno);
}

static void check_limits(void)
{
    int outside;
    void *p;
    char *stack_page = (char *)((uintptr_t)&outside & ~4095ul);

    maps_total(&outside);
    printf("mappings at start outside the space: %d\n", outside);
    printf("MAP_FIXED at the end: %s\n",
           map_error((void *)limit, 4096, MAP_FIXED));
    printf("MAP_FIXED across the end: %s\n",
           map_error((void *)(limit - 4096), 8192, MAP_FIXED));
    printf("MAP_FIXED far outside: %s\n",
           map_error((void *)0x7f0000000000ul, 4096, MAP_FIXED));
    printf("MAP_FIXED_NOREPLACE on the stack: %s\n",
           map_error(stack_page, 4096, MAP_FIXED_NOREPLACE));
    p = map((void *)0x7f0000000000ul, 4096, 0);
    printf("hint outside: %s\n", p == MAP_FAILED ? err_name(errno)
                                 : inside(p, 4096) ? "placed inside"
                                                   : "placed outside");
    errno = 0;
    printf("munmap outside: %s\n",
           munmap((void *)limit, 4096) ? err_name(errno) : "ok");
    errno = 0;
    printf("mprotect outside: %s\n",
           mprotect((void *)limit, 4096, PROT_READ) ? err_name(errno)
                                                    : "ok");
    /* a page just unmapped is a hole: no guest memory there */
    munmap(p, 4096);
    errno = 0;
    printf("mprotect of a hole: %s\n",
           mprotect(p, 4096, PROT_READ) ? err_name(errno) : "ok");
    p = map(p, 4096, MAP_FIXED_NOREPLACE);
    printf("MAP_FIXED_NOREPLACE on the hole: %s\n",
           p == MAP_FAILED ? err_name(errno) : "ok");
    if (p != MAP_FAILED) {
        munmap(p, 4096);
    }
}

static void fill(void)
{
    int bad = 0, outside, pages = 0;
    uint64_t total;
    void *p;

    for (;;) {
        p = map(NULL, MIB, 0);
        if (p == MAP_FAILED || nchunks == MAX_CHUNKS) {
            break;
        }
        bad += !inside(p, MIB);
        ((char *)p)[0] = 1;
        ((char *)p)[MIB - 1] = 2;
        chunks[nchunks++] = p;
    }
    printf("1 MiB chunks until: %s, %d outside\n", err_name(errno), bad);
    bad = 0;
    for (;;) {
        p = map(NULL, 4096, 0);
        if (p == MAP_FAILED) {
            break;
        }
        bad += !inside(p, 4096);
        *(volatile char *)p = 1;
        pages++;
    }
    printf("then pages until: %s, %d outside\n", err_name(errno), bad);
    total = maps_total(&outside);
    printf("space full: %s, %d mappings outside\n",
           total == limit - 0x10000 ? "yes" : "no", outside);
}

static void when_full(void)
{
    void *p;
    char *c;

    errno = 0;
    p = sbrk(4096);
    printf("brk when full: %s\n", p == (void *)-1 ? err_name(errno)
                                                  : "grew");
    printf("malloc(1 MiB) when full: %s\n",
           malloc(MIB) ? "memory" : "NULL");
    if (nchunks < 4) {
        printf("too few chunks\n");
        return;
    }
    c = chunks[nchunks / 2];
    errno = 0;
    p = mremap(c, MIB, 2 * MIB, MREMAP_MAYMOVE);
    printf("mremap grow when full: %s\n",
           p == MAP_FAILED ? err_name(errno) : "grew");
    /* freed space is found again, at the same place */
    munmap(c, MIB);
    p = map(NULL, MIB, 0);
    printf("freed chunk mapped again: %s\n",
           p == (void *)c ? "same place" : p == MAP_FAILED
                                           ? err_name(errno) : "elsewhere");
    printf("its old contents: %d\n", ((char *)p)[0]);
    /* shrink in place, then grow back into the freed tail */
    p = mremap(c, MIB, MIB / 2, 0);
    printf("mremap shrink: %s\n", p == (void *)c ? "in place" : "moved");
    p = mremap(c, MIB / 2, MIB, 0);
    printf("mremap grow back: %s\n", p == (void *)c ? "in place" : "failed");
    /* a chunk moved into a freed hole with MREMAP_FIXED */
    munmap(chunks[1], MIB);
    p = mremap(chunks[0], MIB, MIB, MREMAP_MAYMOVE | MREMAP_FIXED,
               chunks[1]);
    printf("mremap to a hole: %s, data %d\n",
           p == (void *)chunks[1] ? "moved" : "failed",
           p == MAP_FAILED ? -1 : ((char *)p)[MIB - 1]);
    p = map(NULL, MIB, 0);
    printf("its old place mapped again: %s\n",
           p == (void *)chunks[0] ? "same place" : "elsewhere");
    /* the space stays full: nothing of it leaked to the host */
    printf("still full: %s\n",
           map(NULL, 4096, 0) == MAP_FAILED ? err_name(errno) : "no");
}

/* System V shared memory is placed inside the space too */
static void shm(void)
{
    int id = shmget(IPC_PRIVATE, MIB, IPC_CREAT | 0600);
    char *p;

    if (id < 0) {
        printf("shmget: %s\n", err_name(errno));
        return;
    }
    errno = 0;
    p = shmat(id, NULL, 0);
    printf("shmat when full: %s\n",
           p == (void *)-1 ? err_name(errno) : "attached");
    munmap(chunks[2], MIB);
    p = shmat(id, NULL, 0);
    if (p == (void *)-1) {
        printf("shmat: %s\n", err_name(errno));
    } else {
        printf("shmat after a munmap: %s\n",
               p == chunks[2] ? "in the freed place" : "elsewhere");
        p[0] = 7;
        printf("shmdt: %s\n", shmdt(p) ? err_name(errno) : "ok");
        errno = 0;
        printf("shmdt again: %s\n", shmdt(p) ? err_name(errno) : "ok");
        p = map(NULL, MIB, 0);
        printf("its place mapped again: %s\n",
               p == chunks[2] ? "same place" : "elsewhere");
    }
    shmctl(id, IPC_RMID, NULL);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SIZE (the -R value in bytes)\n", argv[0]);
        return 2;
    }
    limit = strtoull(argv[1], NULL, 0);
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("start\n");
    check_limits();
    fill();
    when_full();
    shm();
    return 0;
}

/*
 * The code buffer: one memfd mapped twice, once writable and once
 * executable, so no page is ever writable and executable at the same time
 * (W^X).  The code generator writes through the rw view; TBs run from the
 * rx view at a constant distance (tcg_ctx->splitwx_diff).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include <sys/mman.h>
#include "tcg/tcg.h"
#include "tcg-internal.h"

#define DEFAULT_CODE_SIZE (64 * 1024 * 1024)

TCGRegion tcg_region = { .fd = -1 };
static size_t prologue_size;

bool tcg_region_init(size_t size, Error **errp)
{
    void *rw, *rx;
    int fd;

    if (size == 0) {
        size = DEFAULT_CODE_SIZE;
    }
    size = QEMU_ALIGN_UP(size, 4096);
    fd = memfd_create("tcg-jit", MFD_CLOEXEC);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not create the JIT code buffer");
        return false;
    }
    if (ftruncate(fd, size) < 0) {
        error_setg_errno(errp, errno, "Could not size the JIT code buffer "
                         "to %zu bytes", size);
        close(fd);
        return false;
    }
    rw = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (rw == MAP_FAILED) {
        error_setg_errno(errp, errno, "Could not map the JIT code buffer");
        close(fd);
        return false;
    }
    rx = mmap(NULL, size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    if (rx == MAP_FAILED) {
        error_setg_errno(errp, errno, "Could not map the JIT code buffer "
                         "executable");
        munmap(rw, size);
        close(fd);
        return false;
    }
    tcg_region.rw = rw;
    tcg_region.rx = rx;
    tcg_region.size = size;
    tcg_region.used = 0;
    tcg_region.populated = 0;
    tcg_region.fd = fd;
    return true;
}

/*
 * Every first touch of a code page costs two page faults, one through
 * each view; with ~10 MB of code for a program like python3 that was a
 * tenth of its run.  So pages are populated ahead of the allocator, a
 * chunk at a time, with one madvise per view.
 */
#define POPULATE_CHUNK (1024 * 1024)

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif

void tcg_region_populate(void)
{
    static bool unsupported;
    size_t start = tcg_region.populated, len;

    if (unsupported || tcg_region.used + POPULATE_CHUNK / 2 <= start ||
        start >= tcg_region.size) {
        return;
    }
    len = MIN(POPULATE_CHUNK, tcg_region.size - start);
    /* an old kernel says EINVAL: then the pages just fault in one by one */
    if (madvise(tcg_region.rw + start, len, MADV_POPULATE_WRITE) < 0 ||
        madvise(tcg_region.rx + start, len, MADV_POPULATE_READ) < 0) {
        unsupported = errno == EINVAL;
        return;
    }
    tcg_region.populated = start + len;
}

/*
 * Between the prologue and the first TB lies room for code all TBs share
 * (the lookup stubs of accel/tcg/translator.c): tb_flush keeps it.
 */
#define STUB_AREA_SIZE (16 * 1024)

void tcg_region_prologue_done(size_t size)
{
    tcg_region.stubs_used = QEMU_ALIGN_UP(size, 64);
    tcg_region.stubs_end = tcg_region.stubs_used + STUB_AREA_SIZE;
    prologue_size = tcg_region.stubs_end;
    tcg_region.used = prologue_size;
}

void tcg_region_reset(void)
{
    tcg_region.used = prologue_size;
}

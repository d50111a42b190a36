/*
 * -perfmap: tell Linux perf where generated code is.  perf reads
 * /tmp/perf-<pid>.map ("start size name" per line) to name samples that
 * fall into anonymous executable memory; each TB is named after the guest
 * pc it starts at, so a profile shows which guest code is hot.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "exec/perfmap.h"

static FILE *perfmap;

bool perfmap_enable(Error **errp)
{
    g_autofree char *path = g_strdup_printf("/tmp/perf-%d.map", getpid());

    perfmap = fopen(path, "w");
    if (!perfmap) {
        error_setg_errno(errp, errno, "Could not create %s", path);
        return false;
    }
    /*
     * Line-buffered: the guest may end with _exit or be killed, and a
     * forked child must not inherit half-written entries.
     */
    setvbuf(perfmap, NULL, _IOLBF, 0);
    return true;
}

void perfmap_add_tb(const TranslationBlock *tb)
{
    if (perfmap) {
        fprintf(perfmap, "%" PRIxPTR " %x guest-0x%" PRIx64 "\n",
                (uintptr_t)tb->tc_ptr, tb->tc_size, tb->pc);
    }
}

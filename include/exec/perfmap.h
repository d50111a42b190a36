/*
 * The perf map of generated code (-perfmap; accel/tcg/perfmap.c).
 */
#ifndef EXEC_PERFMAP_H
#define EXEC_PERFMAP_H

#include "qemu/error.h"
#include "exec/translation-block.h"

/* Start writing /tmp/perf-<pid>.map. */
bool perfmap_enable(Error **errp);
/* Name @tb's host code in the map (no-op unless enabled). */
void perfmap_add_tb(const TranslationBlock *tb);

#endif

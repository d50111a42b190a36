/*
 * Block nodes of the system emulator (system/blockdev.c).
 */
#ifndef SYSEMU_BLOCKDEV_H
#define SYSEMU_BLOCKDEV_H

#include "qemu/error.h"

/* -blockdev OPTS (keyval with implied "driver", or JSON): as blockdev-add. */
bool blockdev_add_cmdline(const char *optstr, Error **errp);

/*
 * -drive if=none,id=ID,file=F[,format=FMT][,readonly=on][,cache=...]
 * [,aio=...][,discard=...][,block-layer options]: a BlockBackend called
 * ID over the same open path as -blockdev (no disk controllers yet).
 */
bool drive_new(const char *optstr, Error **errp);

/* Close the nodes -blockdev and blockdev-add opened (at exit). */
void blockdev_close_all(void);

#endif

/*
 * Global settings of the system emulator, set by vl.c from the command
 * line.
 */
#ifndef SYSEMU_SYSEMU_H
#define SYSEMU_SYSEMU_H

/* -name NAME (guest=NAME), or NULL. */
extern const char *qemu_name;

#endif

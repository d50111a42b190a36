/*
 * Machines: the board a system emulator builds. A machine type is a QOM
 * type "<name>-machine" derived from TYPE_MACHINE; vl.c creates the one
 * -machine names and adds it as /machine.
 */
#ifndef HW_BOARDS_H
#define HW_BOARDS_H

#include "qom/object.h"

#define TYPE_MACHINE "machine"
#define TYPE_MACHINE_SUFFIX "-machine"
#define MACHINE_TYPE_NAME(machinename) (machinename TYPE_MACHINE_SUFFIX)

OBJECT_DECLARE_TYPE(MachineState, MachineClass, MACHINE)

struct MachineClass {
    ObjectClass parent_class;

    const char *name;       /* what -machine takes ("none") */
    const char *desc;       /* for -machine help */
    bool is_default;
    /* Build the board; may fail. */
    bool (*init)(MachineState *ms, Error **errp);
};

struct MachineState {
    Object parent_obj;
};

/* The machine class for -machine NAME, or NULL. */
MachineClass *machine_find_class(const char *name);
/* "Supported machines are:" and one line per machine, sorted. */
void machine_print_help(void);
/* /machine, or NULL before it exists. */
Object *qdev_get_machine(void);

#endif

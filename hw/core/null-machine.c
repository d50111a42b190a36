/*
 * The machine "none": no CPU, no memory, no devices. What runs on it is
 * the control plane: monitors, chardevs, objects.
 */
#include "qemu/osdep.h"
#include "hw/boards.h"

static bool machine_none_init(MachineState *ms, Error **errp)
{
    return true;
}

static void machine_none_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->name = "none";
    mc->desc = "empty machine";
    mc->init = machine_none_init;
}

static const TypeInfo machine_none_type_info = {
    .name = MACHINE_TYPE_NAME("none"),
    .parent = TYPE_MACHINE,
    .class_init = machine_none_class_init,
};

static void machine_none_register_types(void)
{
    type_register_static(&machine_none_type_info);
}

type_init(machine_none_register_types)

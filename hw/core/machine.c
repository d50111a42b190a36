/*
 * The abstract machine type and machine look-up by name.
 */
#include "qemu/osdep.h"
#include "hw/boards.h"

static gint machine_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(MACHINE_CLASS(a)->name, MACHINE_CLASS(b)->name);
}

MachineClass *machine_find_class(const char *name)
{
    GSList *list = object_class_get_list(TYPE_MACHINE, false);
    MachineClass *found = NULL;
    GSList *l;

    for (l = list; l; l = l->next) {
        MachineClass *mc = MACHINE_CLASS(l->data);
        if (mc->name && !strcmp(mc->name, name)) {
            found = mc;
            break;
        }
    }
    g_slist_free(list);
    return found;
}

void machine_print_help(void)
{
    GSList *list = g_slist_sort(object_class_get_list(TYPE_MACHINE, false),
                                machine_cmp);
    GSList *l;

    printf("Supported machines are:\n");
    for (l = list; l; l = l->next) {
        MachineClass *mc = MACHINE_CLASS(l->data);
        printf("%-20s %s%s\n", mc->name, mc->desc,
               mc->is_default ? " (default)" : "");
    }
    g_slist_free(list);
}

Object *qdev_get_machine(void)
{
    return object_resolve_path_component(object_get_root(), "machine");
}

static const TypeInfo machine_type_info = {
    .name = TYPE_MACHINE,
    .parent = TYPE_OBJECT,
    .abstract = true,
    .instance_size = sizeof(MachineState),
    .class_size = sizeof(MachineClass),
};

static void machine_register_types(void)
{
    type_register_static(&machine_type_info);
}

type_init(machine_register_types)

/*
 * The null chardev: output is discarded, there is never input.
 */
#include "qemu/osdep.h"
#include "chardev/chardev-internal.h"

static bool null_chr_open(Chardev *chr, ChardevBackend *backend,
                          bool *be_opened, Error **errp)
{
    /* Nothing connects to it: front ends never see CHR_EVENT_OPENED. */
    *be_opened = false;
    return true;
}

static void null_chr_class_init(ObjectClass *oc, void *data)
{
    CHARDEV_CLASS(oc)->open = null_chr_open;
}

static const TypeInfo null_chr_type_info = {
    .name = TYPE_CHARDEV_NULL,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(Chardev),
    .class_init = null_chr_class_init,
};

static void null_chr_register_types(void)
{
    type_register_static(&null_chr_type_info);
}

type_init(null_chr_register_types)

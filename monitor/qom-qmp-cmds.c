/*
 * QMP handlers of the QOM commands: qom-list, qom-get, qom-set,
 * qom-list-types, object-add, object-del.
 */
#include "qemu/osdep.h"
#include "qapi/qapi-commands-qom.h"
#include "qapi/qmp/dispatch.h"
#include "qom/object.h"
#include "qom/object_interfaces.h"

static Object *qom_resolve(const char *path, Error **errp)
{
    bool ambiguous = false;
    Object *obj = object_resolve_path(path, &ambiguous);

    if (!obj) {
        if (ambiguous) {
            error_setg(errp, "Path '%s' is ambiguous", path);
        } else {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        }
    }
    return obj;
}

ObjectPropertyInfoList *qmp_qom_list(const char *path, Error **errp)
{
    Object *obj = qom_resolve(path, errp);
    ObjectPropertyInfoList *props = NULL;
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    if (!obj) {
        return NULL;
    }
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        ObjectPropertyInfo *info = g_new0(ObjectPropertyInfo, 1);

        info->name = g_strdup(prop->name);
        info->type = g_strdup(prop->type);
        if (prop->description) {
            info->has_description = true;
            info->description = g_strdup(prop->description);
        }
        if (prop->defval) {
            info->has_default_value = true;
            info->default_value = qobject_ref(prop->defval);
        }
        QAPI_LIST_PREPEND(props, info);
    }
    return props;
}

QObject *qmp_qom_get(const char *path, const char *property, Error **errp)
{
    Object *obj = qom_resolve(path, errp);

    if (!obj) {
        return NULL;
    }
    return object_property_get_qobject(obj, property, errp);
}

void qmp_qom_set(const char *path, const char *property, QObject *value,
                 Error **errp)
{
    Object *obj = qom_resolve(path, errp);

    if (!obj) {
        return;
    }
    object_property_set_qobject(obj, property, value, errp);
}

typedef struct TypeListData {
    ObjectTypeInfoList *list;
} TypeListData;

static void qom_list_types_one(ObjectClass *klass, void *opaque)
{
    TypeListData *data = opaque;
    ObjectTypeInfo *info = g_new0(ObjectTypeInfo, 1);
    ObjectClass *parent = object_class_get_parent(klass);

    info->name = g_strdup(object_class_get_name(klass));
    if (object_class_is_abstract(klass)) {
        info->has_abstract = true;
        info->abstract = true;
    }
    if (parent) {
        info->has_parent = true;
        info->parent = g_strdup(object_class_get_name(parent));
    }
    QAPI_LIST_PREPEND(data->list, info);
}

ObjectTypeInfoList *qmp_qom_list_types(bool has_implements,
                                       const char *implements,
                                       bool has_abstract, bool abstract,
                                       Error **errp)
{
    TypeListData data = { NULL };

    object_class_foreach(qom_list_types_one,
                         has_implements ? implements : NULL,
                         has_abstract && abstract, &data);
    return data.list;
}

/* The generated marshaler visited the arguments into ObjectOptions. */
void qmp_object_add(ObjectOptions *options, Error **errp)
{
    user_creatable_add_qapi(options, errp);     /* owned by /objects */
}

void qmp_object_del(const char *id, Error **errp)
{
    user_creatable_del(id, errp);
}

/*
 * QOM properties: the property tables, reading and writing through
 * visitors, and the typed helpers (str, bool, enum, uintN pointers, alias).
 *
 * Child and link properties belong to the composition tree and live in
 * qom/container.c.
 */
#include "qemu/osdep.h"
#include <time.h>
#include "qom/object.h"
#include "qapi/visitor.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/string-input-visitor.h"
#include "qapi/string-output-visitor.h"
#include "qobject/qbool.h"
#include "qobject/qjson.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "qom-internal.h"

/* ------------------------------------------------------------------ */
/* Property tables                                                     */

void object_property_free(gpointer data)
{
    ObjectProperty *prop = data;

    qobject_unref(prop->defval);
    g_free(prop->name);
    g_free(prop->type);
    g_free(prop->description);
    g_free(prop);
}

static ObjectProperty *property_new(const char *name, const char *type,
                                    ObjectPropertyAccessor *get,
                                    ObjectPropertyAccessor *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque)
{
    ObjectProperty *prop = g_new0(ObjectProperty, 1);

    prop->name = g_strdup(name);
    prop->type = g_strdup(type);
    prop->get = get;
    prop->set = set;
    prop->release = release;
    prop->opaque = opaque;
    return prop;
}

ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name)
{
    for (; klass; klass = object_class_get_parent(klass)) {
        ObjectProperty *prop = g_hash_table_lookup(klass->properties, name);

        if (prop) {
            return prop;
        }
    }
    return NULL;
}

ObjectProperty *object_class_property_find_err(ObjectClass *klass,
                                               const char *name,
                                               Error **errp)
{
    ObjectProperty *prop = object_class_property_find(klass, name);

    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found",
                   object_class_get_name(klass), name);
    }
    return prop;
}

ObjectProperty *object_property_find(Object *obj, const char *name)
{
    ObjectProperty *prop;

    if (!obj || !name) {
        return NULL;
    }
    prop = object_class_property_find(object_get_class(obj), name);
    if (prop || !obj->properties) {
        /* No instance table: @obj is being finalized. */
        return prop;
    }
    return g_hash_table_lookup(obj->properties, name);
}

ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp)
{
    ObjectProperty *prop = object_property_find(obj, name);

    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found",
                   object_get_typename(obj), name ? name : "");
    }
    return prop;
}

/* "name[*]": the first free "name[N]". */
static char *property_expand_index(Object *obj, const char *name)
{
    size_t len = strlen(name);
    g_autofree char *stem = g_strndup(name, len - 3);
    int i;

    for (i = 0; i < INT16_MAX; i++) {
        char *full = g_strdup_printf("%s[%d]", stem, i);

        if (!object_property_find(obj, full)) {
            return full;
        }
        g_free(full);
    }
    return NULL;
}

ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                        const char *type,
                                        ObjectPropertyAccessor *get,
                                        ObjectPropertyAccessor *set,
                                        ObjectPropertyRelease *release,
                                        void *opaque, Error **errp)
{
    g_autofree char *full = NULL;
    ObjectProperty *prop;

    if (g_str_has_suffix(name, "[*]")) {
        full = property_expand_index(obj, name);
        if (!full) {
            error_setg(errp, "no free index for property '%s' of object "
                       "(type '%s')", name, object_get_typename(obj));
            return NULL;
        }
        name = full;
    }
    if (object_property_find(obj, name)) {
        error_setg(errp, "attempt to add duplicate property '%s' to object "
                   "(type '%s')", name, object_get_typename(obj));
        return NULL;
    }
    prop = property_new(name, type, get, set, release, opaque);
    g_hash_table_insert(obj->properties, prop->name, prop);
    return prop;
}

ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyAccessor *get,
                                    ObjectPropertyAccessor *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque)
{
    Error *err = NULL;
    ObjectProperty *prop = object_property_try_add(obj, name, type, get, set,
                                                   release, opaque, &err);

    if (!prop) {
        qom_abort("%s", error_get_pretty(err));
    }
    return prop;
}

ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name, const char *type,
                                          ObjectPropertyAccessor *get,
                                          ObjectPropertyAccessor *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque)
{
    ObjectProperty *prop;

    if (object_class_property_find(klass, name)) {
        qom_abort("attempt to add duplicate property '%s' to class '%s'",
                  name, object_class_get_name(klass));
    }
    prop = property_new(name, type, get, set, release, opaque);
    g_hash_table_insert(klass->properties, prop->name, prop);
    return prop;
}

void object_property_del(Object *obj, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(obj->properties, name);

    if (!prop) {
        return;
    }
    /*
     * Take it out of the table first: the release hook may finalize other
     * objects, and nothing may find a half-released property meanwhile.
     */
    g_hash_table_steal(obj->properties, name);
    if (prop->release) {
        prop->release(obj, prop->name, prop->opaque);
    }
    object_property_free(prop);
}

void object_property_del_all(Object *obj)
{
    g_autoptr(GHashTable) done = g_hash_table_new(NULL, NULL);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    bool released;

    /*
     * A release hook may add or remove properties (unparenting a child
     * runs arbitrary finalizers), which invalidates the iterator: restart
     * after every hook, skipping the properties already released.
     */
    do {
        released = false;
        object_property_iter_init(&iter, obj);
        while ((prop = object_property_iter_next(&iter)) != NULL) {
            if (!g_hash_table_add(done, prop)) {
                continue;
            }
            if (prop->release) {
                prop->release(obj, prop->name, prop->opaque);
                released = true;
                break;
            }
        }
    } while (released);

    g_hash_table_unref(obj->properties);
    obj->properties = NULL;
}

void object_class_property_init_all(Object *obj)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    object_class_property_iter_init(&iter, object_get_class(obj));
    while ((prop = object_property_iter_next(&iter)) != NULL) {
        if (prop->init) {
            prop->init(obj, prop);
        }
    }
}

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj)
{
    g_hash_table_iter_init(&iter->iter, obj->properties);
    iter->nextclass = object_get_class(obj);
}

void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass)
{
    g_hash_table_iter_init(&iter->iter, klass->properties);
    iter->nextclass = object_class_get_parent(klass);
}

ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter)
{
    gpointer key, val;

    while (!g_hash_table_iter_next(&iter->iter, &key, &val)) {
        if (!iter->nextclass) {
            return NULL;
        }
        g_hash_table_iter_init(&iter->iter, iter->nextclass->properties);
        iter->nextclass = object_class_get_parent(iter->nextclass);
    }
    return val;
}

const char *object_property_get_type(Object *obj, const char *name,
                                     Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    return prop ? prop->type : NULL;
}

static void property_set_description(ObjectProperty *prop,
                                     const char *description)
{
    g_free(prop->description);
    prop->description = g_strdup(description);
}

void object_property_set_description(Object *obj, const char *name,
                                     const char *description)
{
    ObjectProperty *prop = object_property_find(obj, name);

    if (!prop) {
        qom_abort("no property '%s' to describe on a '%s'", name,
                  object_get_typename(obj));
    }
    property_set_description(prop, description);
}

void object_class_property_set_description(ObjectClass *klass,
                                           const char *name,
                                           const char *description)
{
    ObjectProperty *prop = object_class_property_find(klass, name);

    if (!prop) {
        qom_abort("no property '%s' to describe in class '%s'", name,
                  object_class_get_name(klass));
    }
    property_set_description(prop, description);
}

/* ------------------------------------------------------------------ */
/* Defaults                                                            */

static void object_property_init_defval(Object *obj, ObjectProperty *prop)
{
    Visitor *v = qobject_input_visitor_new(prop->defval);
    Error *err = NULL;

    prop->set(obj, v, prop->name, prop->opaque, &err);
    visit_free(v);
    if (err) {
        qom_abort("default of property '%s.%s' does not apply: %s",
                  object_get_typename(obj), prop->name,
                  error_get_pretty(err));
    }
}

static void object_property_set_default(ObjectProperty *prop,
                                        QObject *defval)
{
    if (prop->defval) {
        qom_abort("property '%s' already has a default", prop->name);
    }
    prop->defval = defval;
    if (prop->set) {
        prop->init = object_property_init_defval;
    }
}

void object_property_set_default_bool(ObjectProperty *prop, bool value)
{
    object_property_set_default(prop, QOBJECT(qbool_from_bool(value)));
}

void object_property_set_default_str(ObjectProperty *prop, const char *value)
{
    object_property_set_default(prop, QOBJECT(qstring_from_str(value)));
}

void object_property_set_default_int(ObjectProperty *prop, int64_t value)
{
    object_property_set_default(prop, QOBJECT(qnum_from_int(value)));
}

void object_property_set_default_uint(ObjectProperty *prop, uint64_t value)
{
    object_property_set_default(prop, QOBJECT(qnum_from_uint(value)));
}

char *object_property_help(const char *name, const char *type,
                           QObject *defval, const char *description)
{
    GString *str = g_string_new(NULL);

    g_string_append_printf(str, "  %s=<%s>", name, type);
    if (description || defval) {
        /* Align the descriptions of short entries in one column. */
        while (str->len < 24) {
            g_string_append_c(str, ' ');
        }
        g_string_append(str, " - ");
    }
    if (description) {
        g_string_append(str, description);
    }
    if (defval) {
        g_autoptr(GString) json = qobject_to_json(defval);

        g_string_append_printf(str, " (default: %s)", json->str);
    }
    return g_string_free(str, false);
}

/* ------------------------------------------------------------------ */
/* Reading and writing                                                 */

bool object_property_get(Object *obj, const char *name, Visitor *v,
                         Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    Error *err = NULL;

    if (!prop) {
        return false;
    }
    if (!prop->get) {
        error_setg(errp, "Property '%s.%s' is not readable",
                   object_get_typename(obj), name);
        return false;
    }
    prop->get(obj, v, name, prop->opaque, &err);
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    return true;
}

bool object_property_set(Object *obj, const char *name, Visitor *v,
                         Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    Error *err = NULL;

    if (!prop) {
        return false;
    }
    if (!prop->set) {
        error_setg(errp, "Property '%s.%s' is not writable",
                   object_get_typename(obj), name);
        return false;
    }
    prop->set(obj, v, name, prop->opaque, &err);
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    return true;
}

bool object_property_set_qobject(Object *obj, const char *name,
                                 QObject *value, Error **errp)
{
    Visitor *v = qobject_input_visitor_new(value);
    bool ok = object_property_set(obj, name, v, errp);

    visit_free(v);
    return ok;
}

QObject *object_property_get_qobject(Object *obj, const char *name,
                                     Error **errp)
{
    QObject *ret = NULL;
    Visitor *v = qobject_output_visitor_new(&ret);

    if (object_property_get(obj, name, v, errp)) {
        visit_complete(v, &ret);
    }
    visit_free(v);
    return ret;
}

bool object_property_set_str(Object *obj, const char *name,
                             const char *value, Error **errp)
{
    g_autoptr(QString) qstr = qstring_from_str(value);

    return object_property_set_qobject(obj, name, QOBJECT(qstr), errp);
}

static void error_wrong_type(Error **errp, const char *name,
                             const char *expected)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
               name, expected);
}

char *object_property_get_str(Object *obj, const char *name, Error **errp)
{
    g_autoptr(QObject) ret = object_property_get_qobject(obj, name, errp);
    QString *qstr;

    if (!ret) {
        return NULL;
    }
    qstr = qobject_to(QString, ret);
    if (!qstr) {
        error_wrong_type(errp, name, "string");
        return NULL;
    }
    return g_strdup(qstring_get_str(qstr));
}

bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp)
{
    g_autoptr(QBool) qbool = qbool_from_bool(value);

    return object_property_set_qobject(obj, name, QOBJECT(qbool), errp);
}

bool object_property_get_bool(Object *obj, const char *name, Error **errp)
{
    g_autoptr(QObject) ret = object_property_get_qobject(obj, name, errp);
    QBool *qbool;

    if (!ret) {
        return false;
    }
    qbool = qobject_to(QBool, ret);
    if (!qbool) {
        error_wrong_type(errp, name, "boolean");
        return false;
    }
    return qbool_get_bool(qbool);
}

bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp)
{
    g_autoptr(QNum) qnum = qnum_from_int(value);

    return object_property_set_qobject(obj, name, QOBJECT(qnum), errp);
}

int64_t object_property_get_int(Object *obj, const char *name, Error **errp)
{
    g_autoptr(QObject) ret = object_property_get_qobject(obj, name, errp);
    QNum *qnum;
    int64_t value;

    if (!ret) {
        return -1;
    }
    qnum = qobject_to(QNum, ret);
    if (!qnum || !qnum_get_try_int(qnum, &value)) {
        error_wrong_type(errp, name, "int");
        return -1;
    }
    return value;
}

bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp)
{
    g_autoptr(QNum) qnum = qnum_from_uint(value);

    return object_property_set_qobject(obj, name, QOBJECT(qnum), errp);
}

uint64_t object_property_get_uint(Object *obj, const char *name,
                                  Error **errp)
{
    g_autoptr(QObject) ret = object_property_get_qobject(obj, name, errp);
    QNum *qnum;
    uint64_t value;

    if (!ret) {
        return 0;
    }
    qnum = qobject_to(QNum, ret);
    if (!qnum || !qnum_get_try_uint(qnum, &value)) {
        error_wrong_type(errp, name, "uint");
        return 0;
    }
    return value;
}

bool object_property_parse(Object *obj, const char *name, const char *string,
                           Error **errp)
{
    Visitor *v = string_input_visitor_new(string);
    bool ok = object_property_set(obj, name, v, errp);

    visit_free(v);
    return ok;
}

char *object_property_print(Object *obj, const char *name, bool human,
                            Error **errp)
{
    char *string = NULL;
    Visitor *v = string_output_visitor_new(human, &string);

    if (object_property_get(obj, name, v, errp)) {
        visit_complete(v, &string);
    }
    visit_free(v);
    return string;
}

/* ------------------------------------------------------------------ */
/* "string" properties                                                 */

typedef struct StringProperty {
    char *(*get)(Object *, Error **);
    void (*set)(Object *, const char *, Error **);
} StringProperty;

static void property_get_str(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    StringProperty *prop = opaque;
    Error *err = NULL;
    char *value = prop->get(obj, &err);

    if (err) {
        g_free(value);
        error_propagate(errp, err);
        return;
    }
    if (!value) {
        /* A getter may say "unset" with NULL: that reads as "". */
        value = g_strdup("");
    }
    visit_type_str(v, name, &value, errp);
    g_free(value);
}

static void property_set_str(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    StringProperty *prop = opaque;
    char *value;

    if (!visit_type_str(v, name, &value, errp)) {
        return;
    }
    prop->set(obj, value, errp);
    g_free(value);
}

static void property_release_data(Object *obj, const char *name,
                                  void *opaque)
{
    g_free(opaque);
}

ObjectProperty *object_property_add_str(Object *obj, const char *name,
    char *(*get)(Object *, Error **),
    void (*set)(Object *, const char *, Error **))
{
    StringProperty *prop = g_new0(StringProperty, 1);

    prop->get = get;
    prop->set = set;
    return object_property_add(obj, name, "string",
                               get ? property_get_str : NULL,
                               set ? property_set_str : NULL,
                               property_release_data, prop);
}

ObjectProperty *object_class_property_add_str(ObjectClass *klass,
    const char *name,
    char *(*get)(Object *, Error **),
    void (*set)(Object *, const char *, Error **))
{
    /* Class data lives as long as the class, i.e. forever. */
    StringProperty *prop = g_new0(StringProperty, 1);

    prop->get = get;
    prop->set = set;
    return object_class_property_add(klass, name, "string",
                                     get ? property_get_str : NULL,
                                     set ? property_set_str : NULL,
                                     NULL, prop);
}

/* ------------------------------------------------------------------ */
/* "bool" properties                                                   */

typedef struct BoolProperty {
    bool (*get)(Object *, Error **);
    void (*set)(Object *, bool, Error **);
} BoolProperty;

static void property_get_bool(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    BoolProperty *prop = opaque;
    Error *err = NULL;
    bool value = prop->get(obj, &err);

    if (err) {
        error_propagate(errp, err);
        return;
    }
    visit_type_bool(v, name, &value, errp);
}

static void property_set_bool(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    BoolProperty *prop = opaque;
    bool value;

    if (!visit_type_bool(v, name, &value, errp)) {
        return;
    }
    prop->set(obj, value, errp);
}

ObjectProperty *object_property_add_bool(Object *obj, const char *name,
    bool (*get)(Object *, Error **),
    void (*set)(Object *, bool, Error **))
{
    BoolProperty *prop = g_new0(BoolProperty, 1);

    prop->get = get;
    prop->set = set;
    return object_property_add(obj, name, "bool",
                               get ? property_get_bool : NULL,
                               set ? property_set_bool : NULL,
                               property_release_data, prop);
}

ObjectProperty *object_class_property_add_bool(ObjectClass *klass,
    const char *name,
    bool (*get)(Object *, Error **),
    void (*set)(Object *, bool, Error **))
{
    BoolProperty *prop = g_new0(BoolProperty, 1);

    prop->get = get;
    prop->set = set;
    return object_class_property_add(klass, name, "bool",
                                     get ? property_get_bool : NULL,
                                     set ? property_set_bool : NULL,
                                     NULL, prop);
}

/* ------------------------------------------------------------------ */
/* Enum properties                                                     */

typedef struct EnumProperty {
    const QEnumLookup *lookup;
    int (*get)(Object *, Error **);
    void (*set)(Object *, int, Error **);
} EnumProperty;

static void property_get_enum(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    EnumProperty *prop = opaque;
    Error *err = NULL;
    int value = prop->get(obj, &err);

    if (err) {
        error_propagate(errp, err);
        return;
    }
    visit_type_enum(v, name, &value, prop->lookup, errp);
}

static void property_set_enum(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    EnumProperty *prop = opaque;
    int value;

    if (!visit_type_enum(v, name, &value, prop->lookup, errp)) {
        return;
    }
    prop->set(obj, value, errp);
}

static EnumProperty *enum_property_new(const QEnumLookup *lookup,
                                       int (*get)(Object *, Error **),
                                       void (*set)(Object *, int, Error **))
{
    EnumProperty *prop = g_new0(EnumProperty, 1);

    prop->lookup = lookup;
    prop->get = get;
    prop->set = set;
    return prop;
}

ObjectProperty *object_property_add_enum(Object *obj, const char *name,
    const char *typename, const QEnumLookup *lookup,
    int (*get)(Object *, Error **),
    void (*set)(Object *, int, Error **))
{
    return object_property_add(obj, name, typename,
                               get ? property_get_enum : NULL,
                               set ? property_set_enum : NULL,
                               property_release_data,
                               enum_property_new(lookup, get, set));
}

ObjectProperty *object_class_property_add_enum(ObjectClass *klass,
    const char *name, const char *typename, const QEnumLookup *lookup,
    int (*get)(Object *, Error **),
    void (*set)(Object *, int, Error **))
{
    return object_class_property_add(klass, name, typename,
                                     get ? property_get_enum : NULL,
                                     set ? property_set_enum : NULL,
                                     NULL,
                                     enum_property_new(lookup, get, set));
}

int object_property_get_enum(Object *obj, const char *name,
                             const char *typename, Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    g_autofree char *str = NULL;
    EnumProperty *eprop;

    if (!prop) {
        return -1;
    }
    if (strcmp(prop->type, typename) != 0 || prop->get != property_get_enum) {
        error_wrong_type(errp, name, typename);
        return -1;
    }
    eprop = prop->opaque;
    str = object_property_get_str(obj, name, errp);
    if (!str) {
        return -1;
    }
    return qapi_enum_parse(eprop->lookup, str, -1, errp);
}

/* ------------------------------------------------------------------ */
/* "struct tm" properties                                              */

typedef struct TMProperty {
    void (*get)(Object *, struct tm *, Error **);
} TMProperty;

static void property_get_tm(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    TMProperty *prop = opaque;
    Error *err = NULL;
    struct tm value;
    int32_t year, mon, mday, hour, min, sec;

    memset(&value, 0, sizeof(value));
    prop->get(obj, &value, &err);
    if (err) {
        error_propagate(errp, err);
        return;
    }
    if (!visit_start_struct(v, name, NULL, 0, errp)) {
        return;
    }
    year = value.tm_year;
    mon = value.tm_mon;
    mday = value.tm_mday;
    hour = value.tm_hour;
    min = value.tm_min;
    sec = value.tm_sec;
    if (visit_type_int32(v, "tm_year", &year, errp) &&
        visit_type_int32(v, "tm_mon", &mon, errp) &&
        visit_type_int32(v, "tm_mday", &mday, errp) &&
        visit_type_int32(v, "tm_hour", &hour, errp) &&
        visit_type_int32(v, "tm_min", &min, errp) &&
        visit_type_int32(v, "tm_sec", &sec, errp)) {
        visit_check_struct(v, errp);
    }
    visit_end_struct(v, NULL);
}

ObjectProperty *object_property_add_tm(Object *obj, const char *name,
    void (*get)(Object *, struct tm *, Error **))
{
    TMProperty *prop = g_new0(TMProperty, 1);

    prop->get = get;
    return object_property_add(obj, name, "struct tm",
                               get ? property_get_tm : NULL, NULL,
                               property_release_data, prop);
}

ObjectProperty *object_class_property_add_tm(ObjectClass *klass,
    const char *name,
    void (*get)(Object *, struct tm *, Error **))
{
    TMProperty *prop = g_new0(TMProperty, 1);

    prop->get = get;
    return object_class_property_add(klass, name, "struct tm",
                                     get ? property_get_tm : NULL, NULL,
                                     NULL, prop);
}

/* ------------------------------------------------------------------ */
/* Integer properties backed by a variable                             */

#define DEFINE_UINT_PTR_PROPERTY(bits)                                      \
static void property_get_uint##bits##_ptr(Object *obj, Visitor *v,          \
                                          const char *name, void *opaque,   \
                                          Error **errp)                     \
{                                                                           \
    uint##bits##_t value = *(uint##bits##_t *)opaque;                       \
                                                                            \
    visit_type_uint##bits(v, name, &value, errp);                           \
}                                                                           \
                                                                            \
static void property_set_uint##bits##_ptr(Object *obj, Visitor *v,          \
                                          const char *name, void *opaque,   \
                                          Error **errp)                     \
{                                                                           \
    uint##bits##_t value;                                                   \
                                                                            \
    if (visit_type_uint##bits(v, name, &value, errp)) {                     \
        *(uint##bits##_t *)opaque = value;                                  \
    }                                                                       \
}                                                                           \
                                                                            \
ObjectProperty *object_property_add_uint##bits##_ptr(Object *obj,           \
    const char *name, const uint##bits##_t *v, ObjectPropertyFlags flags)   \
{                                                                           \
    return object_property_add(obj, name, "uint" #bits,                     \
        (flags & OBJ_PROP_FLAG_READ) ? property_get_uint##bits##_ptr : NULL, \
        (flags & OBJ_PROP_FLAG_WRITE) ? property_set_uint##bits##_ptr : NULL, \
        NULL, (void *)v);                                                   \
}                                                                           \
                                                                            \
ObjectProperty *object_class_property_add_uint##bits##_ptr(                 \
    ObjectClass *klass, const char *name, const uint##bits##_t *v,          \
    ObjectPropertyFlags flags)                                              \
{                                                                           \
    return object_class_property_add(klass, name, "uint" #bits,             \
        (flags & OBJ_PROP_FLAG_READ) ? property_get_uint##bits##_ptr : NULL, \
        (flags & OBJ_PROP_FLAG_WRITE) ? property_set_uint##bits##_ptr : NULL, \
        NULL, (void *)v);                                                   \
}

DEFINE_UINT_PTR_PROPERTY(8)
DEFINE_UINT_PTR_PROPERTY(16)
DEFINE_UINT_PTR_PROPERTY(32)
DEFINE_UINT_PTR_PROPERTY(64)

/* ------------------------------------------------------------------ */
/* Aliases                                                             */

typedef struct AliasProperty {
    Object *target_obj;
    char *target_name;
} AliasProperty;

/*
 * The target's accessor is called with the alias's own @name, so that an
 * input visitor positioned in a struct looks up the key the user wrote.
 */
static void property_get_alias(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    AliasProperty *alias = opaque;
    ObjectProperty *prop = object_property_find_err(alias->target_obj,
                                                    alias->target_name, errp);

    if (!prop) {
        return;
    }
    if (!prop->get) {
        error_setg(errp, "Property '%s.%s' is not readable",
                   object_get_typename(obj), name);
        return;
    }
    prop->get(alias->target_obj, v, name, prop->opaque, errp);
}

static void property_set_alias(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    AliasProperty *alias = opaque;
    ObjectProperty *prop = object_property_find_err(alias->target_obj,
                                                    alias->target_name, errp);

    if (!prop) {
        return;
    }
    if (!prop->set) {
        error_setg(errp, "Property '%s.%s' is not writable",
                   object_get_typename(obj), name);
        return;
    }
    prop->set(alias->target_obj, v, name, prop->opaque, errp);
}

static Object *property_resolve_alias(Object *obj, void *opaque,
                                      const char *part)
{
    AliasProperty *alias = opaque;

    return object_resolve_path_component(alias->target_obj,
                                         alias->target_name);
}

static void property_release_alias(Object *obj, const char *name,
                                   void *opaque)
{
    AliasProperty *alias = opaque;

    g_free(alias->target_name);
    g_free(alias);
}

ObjectProperty *object_property_add_alias(Object *obj, const char *name,
                                          Object *target_obj,
                                          const char *target_name)
{
    ObjectProperty *target = object_property_find(target_obj, target_name);
    AliasProperty *alias;
    ObjectProperty *op;
    g_autofree char *type = NULL;

    if (!target) {
        qom_abort("alias '%s' names missing property '%s.%s'", name,
                  object_get_typename(target_obj), target_name);
    }
    /* An alias of a child is a link to it, not a second parent. */
    if (object_property_is_child(target)) {
        type = g_strdup_printf("link%s", target->type + strlen("child"));
    } else {
        type = g_strdup(target->type);
    }
    alias = g_new0(AliasProperty, 1);
    alias->target_obj = target_obj;
    alias->target_name = g_strdup(target_name);
    op = object_property_add(obj, name, type,
                             target->get ? property_get_alias : NULL,
                             target->set ? property_set_alias : NULL,
                             property_release_alias, alias);
    op->resolve = property_resolve_alias;
    if (target->description) {
        op->description = g_strdup(target->description);
    }
    return op;
}

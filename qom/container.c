/*
 * The QOM composition tree: containers, the root, child and link
 * properties, canonical paths and path resolution.
 *
 * Every object in the tree is held by exactly one child property of its
 * parent, which owns a reference. Link properties point across the tree,
 * holding a reference only when created with OBJ_PROP_LINK_STRONG.
 */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "qapi/visitor.h"
#include "qom-internal.h"

/* ------------------------------------------------------------------ */
/* Containers and roots                                                */

static void container_register_types(void)
{
    static const TypeInfo container_info = {
        .name = TYPE_CONTAINER,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Object),
    };

    type_register_static(&container_info);
}

type_init(container_register_types)

Object *container_get(Object *root, const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", 0);
    Object *obj = root;
    int i;

    for (i = 0; parts[i]; i++) {
        Object *child;

        if (!*parts[i]) {
            continue;
        }
        child = object_resolve_path_component(obj, parts[i]);
        if (!child) {
            child = object_new(TYPE_CONTAINER);
            object_property_add_child(obj, parts[i], child);
            object_unref(child);
        }
        obj = child;
    }
    return obj;
}

Object *object_get_root(void)
{
    static Object *root;

    if (!root) {
        root = object_new(TYPE_CONTAINER);
    }
    return root;
}

Object *object_get_objects_root(void)
{
    return container_get(object_get_root(), "/objects");
}

Object *object_get_internal_root(void)
{
    static Object *internal_root;

    if (!internal_root) {
        internal_root = object_new(TYPE_CONTAINER);
    }
    return internal_root;
}

Object *object_get_container(const char *name)
{
    return container_get(object_get_root(), name);
}

/* ------------------------------------------------------------------ */
/* Child properties                                                    */

bool object_property_is_child(ObjectProperty *prop)
{
    return g_str_has_prefix(prop->type, "child<");
}

bool object_property_is_link(ObjectProperty *prop)
{
    return g_str_has_prefix(prop->type, "link<");
}

static void child_property_get(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    Object *child = opaque;
    g_autofree char *path = object_get_canonical_path(child);

    if (!path) {
        /* Under a parent that is itself outside the tree. */
        path = g_strdup("");
    }
    visit_type_str(v, name, &path, errp);
}

static Object *child_property_resolve(Object *obj, void *opaque,
                                      const char *part)
{
    return opaque;
}

static void child_property_release(Object *obj, const char *name,
                                   void *opaque)
{
    Object *child = opaque;

    if (child->class->unparent) {
        child->class->unparent(child);
    }
    child->parent = NULL;
    object_unref(child);
}

ObjectProperty *object_property_try_add_child(Object *obj, const char *name,
                                              Object *child, Error **errp)
{
    g_autofree char *type = NULL;
    ObjectProperty *op;

    if (child->parent) {
        g_autofree char *path = object_get_canonical_path(child);

        error_setg(errp, "cannot add '%s' as child '%s': it already has "
                   "a parent%s%s", object_get_typename(child), name,
                   path ? " at " : "", path ? path : "");
        return NULL;
    }
    type = g_strdup_printf("child<%s>", object_get_typename(child));
    op = object_property_try_add(obj, name, type, child_property_get, NULL,
                                 child_property_release, child, errp);
    if (!op) {
        return NULL;
    }
    op->resolve = child_property_resolve;
    object_ref(child);
    child->parent = obj;
    return op;
}

ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child)
{
    Error *err = NULL;
    ObjectProperty *op = object_property_try_add_child(obj, name, child,
                                                       &err);

    if (!op) {
        qom_abort("%s", error_get_pretty(err));
    }
    return op;
}

/* The instance property of @obj through which it holds @child. */
static ObjectProperty *child_property_of(Object *obj, const Object *child)
{
    GHashTableIter iter;
    gpointer key, val;

    if (!obj->properties) {
        return NULL;
    }
    g_hash_table_iter_init(&iter, obj->properties);
    while (g_hash_table_iter_next(&iter, &key, &val)) {
        ObjectProperty *prop = val;

        if (object_property_is_child(prop) && prop->opaque == child) {
            return prop;
        }
    }
    return NULL;
}

void object_unparent(Object *obj)
{
    ObjectProperty *prop;

    if (!obj->parent) {
        return;
    }
    prop = child_property_of(obj->parent, obj);
    if (prop) {
        object_property_del(obj->parent, prop->name);
    }
}

/* ------------------------------------------------------------------ */
/* Paths                                                               */

char *object_get_canonical_path_component(const Object *obj)
{
    ObjectProperty *prop;

    if (!obj->parent) {
        return NULL;
    }
    prop = child_property_of(obj->parent, obj);
    return prop ? g_strdup(prop->name) : NULL;
}

char *object_get_canonical_path(const Object *obj)
{
    Object *root = object_get_root();
    GString *path;

    if (obj == root) {
        return g_strdup("/");
    }
    path = g_string_new(NULL);
    while (obj != root) {
        g_autofree char *component = object_get_canonical_path_component(obj);

        if (!component) {
            /* Detached somewhere above: not in the tree. */
            g_string_free(path, true);
            return NULL;
        }
        g_string_prepend(path, component);
        g_string_prepend_c(path, '/');
        obj = obj->parent;
    }
    return g_string_free(path, false);
}

Object *object_resolve_path_component(Object *parent, const char *part)
{
    ObjectProperty *prop = object_property_find(parent, part);

    if (!prop || !prop->resolve) {
        return NULL;
    }
    return prop->resolve(parent, prop->opaque, part);
}

/* Follow @parts from @parent; empty components ("a//b") are skipped. */
static Object *resolve_abs_path(Object *parent, char **parts,
                                const char *typename)
{
    int i;

    for (i = 0; parent && parts[i]; i++) {
        if (*parts[i]) {
            parent = object_resolve_path_component(parent, parts[i]);
        }
    }
    return object_dynamic_cast(parent, typename);
}

/*
 * Every object of the subtree of @parent (following child properties only)
 * from which @parts resolves. The same object reached twice counts once.
 */
static Object *resolve_partial_path(Object *parent, char **parts,
                                    const char *typename, bool *ambiguous)
{
    Object *obj = resolve_abs_path(parent, parts, typename);
    GHashTableIter iter;
    gpointer key, val;

    g_hash_table_iter_init(&iter, parent->properties);
    while (g_hash_table_iter_next(&iter, &key, &val)) {
        ObjectProperty *prop = val;
        Object *found;

        if (!object_property_is_child(prop)) {
            continue;
        }
        found = resolve_partial_path(prop->opaque, parts, typename,
                                     ambiguous);
        if (*ambiguous) {
            return NULL;
        }
        if (found && obj && found != obj) {
            *ambiguous = true;
            return NULL;
        }
        if (found) {
            obj = found;
        }
    }
    return obj;
}

Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", 0);
    bool ambig = false;
    Object *obj;

    if (!typename) {
        typename = TYPE_OBJECT;
    }
    if (parts[0] && !*parts[0]) {
        obj = resolve_abs_path(object_get_root(), parts + 1, typename);
    } else {
        obj = resolve_partial_path(object_get_root(), parts, typename,
                                   &ambig);
    }
    if (ambiguous) {
        *ambiguous = ambig;
    }
    return obj;
}

Object *object_resolve_path(const char *path, bool *ambiguous)
{
    return object_resolve_path_type(path, TYPE_OBJECT, ambiguous);
}

Object *object_resolve_path_at(Object *parent, const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", 0);

    if (*path == '/') {
        return resolve_abs_path(object_get_root(), parts + 1, TYPE_OBJECT);
    }
    return resolve_abs_path(parent, parts, TYPE_OBJECT);
}

/* ------------------------------------------------------------------ */
/* Walking children                                                    */

/*
 * The children are collected (and referenced) before any callback runs,
 * so @fn may unparent children or add new ones safely.
 */
static int do_child_foreach(Object *obj,
                            int (*fn)(Object *child, void *opaque),
                            void *opaque, bool recurse)
{
    g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func(
        object_unref);
    GHashTableIter iter;
    gpointer key, val;
    guint i;
    int ret = 0;

    g_hash_table_iter_init(&iter, obj->properties);
    while (g_hash_table_iter_next(&iter, &key, &val)) {
        ObjectProperty *prop = val;

        if (object_property_is_child(prop)) {
            g_ptr_array_add(children, object_ref(prop->opaque));
        }
    }
    for (i = 0; i < children->len && ret == 0; i++) {
        Object *child = g_ptr_array_index(children, i);

        ret = fn(child, opaque);
        if (ret == 0 && recurse) {
            ret = do_child_foreach(child, fn, opaque, true);
        }
    }
    return ret;
}

int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque)
{
    return do_child_foreach(obj, fn, opaque, false);
}

int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque)
{
    return do_child_foreach(obj, fn, opaque, true);
}

/* ------------------------------------------------------------------ */
/* Link properties                                                     */

typedef struct LinkProperty {
    union {
        Object **targetp;   /* instance links */
        Object *target;     /* OBJ_PROP_LINK_DIRECT: the value itself */
        ptrdiff_t offset;   /* OBJ_PROP_LINK_CLASS: offset in the instance */
    };
    void (*check)(const Object *obj, const char *name, Object *val,
                  Error **errp);
    ObjectPropertyLinkFlags flags;
} LinkProperty;

static Object **link_targetp(Object *obj, LinkProperty *lprop)
{
    if (lprop->flags & OBJ_PROP_LINK_DIRECT) {
        return &lprop->target;
    }
    if (lprop->flags & OBJ_PROP_LINK_CLASS) {
        return (Object **)((char *)obj + lprop->offset);
    }
    return lprop->targetp;
}

void object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp)
{
    /* Every value is fine. */
}

static void link_property_get(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    Object *target = *link_targetp(obj, opaque);
    g_autofree char *path = target ? object_get_canonical_path(target) : NULL;

    if (!path) {
        path = g_strdup("");
    }
    visit_type_str(v, name, &path, errp);
}

/* The object @path names, checked against the link's target type. */
static Object *link_resolve_path(Object *obj, const char *name,
                                 const char *path, Error **errp)
{
    const char *type = object_property_get_type(obj, name, NULL);
    g_autofree char *target_type = NULL;
    bool ambiguous = false;
    Object *target;

    /* "link<T>" -> "T" */
    target_type = g_strndup(type + strlen("link<"),
                            strlen(type) - strlen("link<>"));
    target = object_resolve_path_type(path, target_type, &ambiguous);
    if (ambiguous) {
        error_setg(errp, "Path '%s' does not uniquely identify an object",
                   path);
        return NULL;
    }
    if (!target) {
        target = object_resolve_path(path, &ambiguous);
        if (target || ambiguous) {
            error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                       name, target_type);
        } else {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        }
        return NULL;
    }
    return target;
}

/* Point the link at @new_target (may be NULL) if the check allows it. */
static bool link_property_store(Object *obj, const char *name,
                                LinkProperty *lprop, Object *new_target,
                                Error **errp)
{
    Object **targetp = link_targetp(obj, lprop);
    Object *old_target = *targetp;
    Error *err = NULL;

    lprop->check(obj, name, new_target, &err);
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    *targetp = new_target;
    if (lprop->flags & OBJ_PROP_LINK_STRONG) {
        object_ref(new_target);
        object_unref(old_target);
    }
    return true;
}

static void link_property_set(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    Object *new_target = NULL;
    g_autofree char *path = NULL;

    if (!visit_type_str(v, name, &path, errp)) {
        return;
    }
    if (*path) {
        new_target = link_resolve_path(obj, name, path, errp);
        if (!new_target) {
            return;
        }
    }
    link_property_store(obj, name, opaque, new_target, errp);
}

static Object *link_property_resolve(Object *obj, void *opaque,
                                     const char *part)
{
    return *link_targetp(obj, opaque);
}

static void link_property_release(Object *obj, const char *name,
                                  void *opaque)
{
    LinkProperty *lprop = opaque;
    Object **targetp = link_targetp(obj, lprop);

    if ((lprop->flags & OBJ_PROP_LINK_STRONG) && *targetp) {
        Object *target = *targetp;

        *targetp = NULL;
        object_unref(target);
    }
    /* Class links share one LinkProperty among all instances. */
    if (!(lprop->flags & OBJ_PROP_LINK_CLASS)) {
        g_free(lprop);
    }
}

static ObjectProperty *link_property_add(Object *obj, const char *name,
    const char *type, LinkProperty *lprop)
{
    g_autofree char *full_type = g_strdup_printf("link<%s>", type);
    ObjectProperty *op;

    op = object_property_add(obj, name, full_type, link_property_get,
                             lprop->check ? link_property_set : NULL,
                             link_property_release, lprop);
    op->resolve = link_property_resolve;
    return op;
}

ObjectProperty *object_property_add_link(Object *obj, const char *name,
    const char *type, Object **targetp,
    void (*check)(const Object *obj, const char *name,
                  Object *val, Error **errp),
    ObjectPropertyLinkFlags flags)
{
    LinkProperty *lprop = g_new0(LinkProperty, 1);

    lprop->targetp = targetp;
    lprop->check = check;
    lprop->flags = flags & OBJ_PROP_LINK_STRONG;
    return link_property_add(obj, name, type, lprop);
}

ObjectProperty *object_class_property_add_link(ObjectClass *oc,
    const char *name, const char *type, ptrdiff_t offset,
    void (*check)(const Object *obj, const char *name,
                  Object *val, Error **errp),
    ObjectPropertyLinkFlags flags)
{
    g_autofree char *full_type = g_strdup_printf("link<%s>", type);
    LinkProperty *lprop = g_new0(LinkProperty, 1);
    ObjectProperty *op;

    lprop->offset = offset;
    lprop->check = check;
    lprop->flags = (flags & OBJ_PROP_LINK_STRONG) | OBJ_PROP_LINK_CLASS;
    op = object_class_property_add(oc, name, full_type, link_property_get,
                                   check ? link_property_set : NULL,
                                   link_property_release, lprop);
    op->resolve = link_property_resolve;
    return op;
}

ObjectProperty *object_property_add_const_link(Object *obj, const char *name,
                                               Object *target)
{
    LinkProperty *lprop = g_new0(LinkProperty, 1);

    lprop->target = target;
    lprop->flags = OBJ_PROP_LINK_DIRECT;
    return link_property_add(obj, name, object_get_typename(target), lprop);
}

bool object_property_set_link(Object *obj, const char *name, Object *value,
                              Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    g_autofree char *path = NULL;

    if (!prop) {
        return false;
    }
    /*
     * A real link takes the pointer directly, so the target need not be in
     * the composition tree (QEMU would silently store NULL then).
     */
    if (prop->get == link_property_get && prop->set) {
        g_autofree char *target_type = g_strndup(
            prop->type + strlen("link<"),
            strlen(prop->type) - strlen("link<>"));

        if (value && !object_dynamic_cast(value, target_type)) {
            error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                       name, target_type);
            return false;
        }
        return link_property_store(obj, name, prop->opaque, value, errp);
    }
    if (value) {
        path = object_get_canonical_path(value);
        if (!path) {
            error_setg(errp, "cannot link '%s' to a '%s' that is not in the "
                       "composition tree", name, object_get_typename(value));
            return false;
        }
    }
    return object_property_set_str(obj, name, path ? path : "", errp);
}

Object *object_property_get_link(Object *obj, const char *name, Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    g_autofree char *str = NULL;
    Object *target;

    if (!prop) {
        return NULL;
    }
    /* A real link: its target even when that is outside the tree. */
    if (prop->get == link_property_get) {
        return *link_targetp(obj, prop->opaque);
    }
    str = object_property_get_str(obj, name, errp);

    if (!str || !*str) {
        return NULL;
    }
    target = object_resolve_path(str, NULL);
    if (!target) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", str);
    }
    return target;
}

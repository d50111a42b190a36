/*
 * QOM types, classes, interfaces, casts and the object life cycle.
 *
 * Properties live in qom/object-prop.c, the composition tree (child and link
 * properties, paths) in qom/container.c.
 */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "qom/object_interfaces.h"
#include "qom-internal.h"

typedef struct TypeImpl TypeImpl;

struct TypeImpl {
    char *name;
    char *parent_name;
    TypeImpl *parent_type;      /* resolved on first use */

    size_t class_size;
    size_t instance_size;
    size_t instance_align;

    void (*class_init)(ObjectClass *klass, void *data);
    void (*class_base_init)(ObjectClass *klass, void *data);
    void *class_data;

    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);

    bool abstract;

    int num_interfaces;
    char **interface_names;

    ObjectClass *class;         /* NULL until type_initialize() */
    bool class_ready;           /* class_init has completed */
};

static TypeImpl *type_interface;

void qom_abort(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fputs("qom: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/* ------------------------------------------------------------------ */
/* The type table                                                      */

static GHashTable *type_table_raw(void)
{
    static GHashTable *table;

    if (!table) {
        table = g_hash_table_new(g_str_hash, g_str_equal);
    }
    return table;
}

/*
 * The table for lookups: first make sure every queued type_init() function
 * has run, so that lookups see all types whether or not main() called
 * module_call_init(MODULE_INIT_QOM).
 */
static GHashTable *type_table(void)
{
    module_call_init(MODULE_INIT_QOM);
    return type_table_raw();
}

static TypeImpl *type_get_by_name(const char *name)
{
    if (!name) {
        return NULL;
    }
    return g_hash_table_lookup(type_table(), name);
}

static TypeImpl *type_new(const TypeInfo *info)
{
    TypeImpl *ti = g_new0(TypeImpl, 1);
    int i;

    ti->name = g_strdup(info->name);
    ti->parent_name = g_strdup(info->parent);
    ti->class_size = info->class_size;
    ti->instance_size = info->instance_size;
    ti->instance_align = info->instance_align;
    ti->class_init = info->class_init;
    ti->class_base_init = info->class_base_init;
    ti->class_data = info->class_data;
    ti->instance_init = info->instance_init;
    ti->instance_post_init = info->instance_post_init;
    ti->instance_finalize = info->instance_finalize;
    ti->abstract = info->abstract;

    for (i = 0; info->interfaces && info->interfaces[i].type; i++) {
        /* count */
    }
    ti->num_interfaces = i;
    ti->interface_names = g_new0(char *, i + 1);
    for (i = 0; i < ti->num_interfaces; i++) {
        ti->interface_names[i] = g_strdup(info->interfaces[i].type);
    }
    return ti;
}

Type type_register(const TypeInfo *info)
{
    TypeImpl *ti;

    if (!info || !info->name || !*info->name) {
        qom_abort("registering a type without a name");
    }
    /* The raw table: registration must not trigger the queued inits. */
    if (g_hash_table_lookup(type_table_raw(), info->name)) {
        qom_abort("registering type '%s' which already exists", info->name);
    }
    ti = type_new(info);
    g_hash_table_insert(type_table_raw(), ti->name, ti);
    return ti;
}

Type type_register_static(const TypeInfo *info)
{
    return type_register(info);
}

void type_register_static_array(const TypeInfo *infos, int nr_infos)
{
    int i;

    for (i = 0; i < nr_infos; i++) {
        type_register_static(&infos[i]);
    }
}

static TypeImpl *type_get_parent(TypeImpl *ti)
{
    if (!ti->parent_type && ti->parent_name) {
        ti->parent_type = type_get_by_name(ti->parent_name);
        if (!ti->parent_type) {
            qom_abort("type '%s' has unknown parent type '%s'",
                      ti->name, ti->parent_name);
        }
    }
    return ti->parent_type;
}

static size_t type_class_get_size(TypeImpl *ti)
{
    if (ti->class_size) {
        return ti->class_size;
    }
    if (type_get_parent(ti)) {
        return type_class_get_size(type_get_parent(ti));
    }
    return sizeof(ObjectClass);
}

static size_t type_object_get_size(TypeImpl *ti)
{
    if (ti->instance_size) {
        return ti->instance_size;
    }
    if (type_get_parent(ti)) {
        return type_object_get_size(type_get_parent(ti));
    }
    return 0;
}

/* Is @ancestor @type itself or one of its ancestors? */
static bool type_is_ancestor(TypeImpl *type, TypeImpl *ancestor)
{
    while (type) {
        if (type == ancestor) {
            return true;
        }
        type = type_get_parent(type);
    }
    return false;
}

static void type_initialize(TypeImpl *ti);

/*
 * Attach to @ti's class its own class of @interface_type: a hidden subtype
 * of @parent_type (the interface itself, or the parent class's
 * implementation of it, so that hooks set by the parent are inherited).
 */
static void type_initialize_interface(TypeImpl *ti, TypeImpl *interface_type,
                                      TypeImpl *parent_type)
{
    g_autofree char *name = g_strdup_printf("%s::%s", ti->name,
                                            interface_type->name);
    TypeInfo info = {
        .name = name,
        .parent = parent_type->name,
        .abstract = true,
    };
    TypeImpl *impl = type_new(&info);
    InterfaceClass *iface;

    impl->parent_type = parent_type;
    type_initialize(impl);
    iface = (InterfaceClass *)impl->class;
    iface->concrete_class = ti->class;
    iface->interface_type = interface_type;
    ti->class->interfaces = g_slist_append(ti->class->interfaces, iface);
}

static bool type_implements(TypeImpl *ti, TypeImpl *iface_type)
{
    GSList *e;

    for (e = ti->class->interfaces; e; e = e->next) {
        if (type_is_ancestor(OBJECT_CLASS(e->data)->type, iface_type)) {
            return true;
        }
    }
    return false;
}

/*
 * Classes are created on first use, which may happen on any thread (a
 * vCPU casting a device): one recursive lock serializes creation, and the
 * class pointer is published only once the class is complete.
 */
static GRecMutex type_init_lock;

static void type_initialize_locked(TypeImpl *ti);

static void type_initialize(TypeImpl *ti)
{
    if (__atomic_load_n(&ti->class_ready, __ATOMIC_ACQUIRE)) {
        return;
    }
    g_rec_mutex_lock(&type_init_lock);
    type_initialize_locked(ti);
    g_rec_mutex_unlock(&type_init_lock);
}

/* Create the class of @ti (and of its ancestors) if not done yet. */
static void type_initialize_locked(TypeImpl *ti)
{
    TypeImpl *parent;
    GSList *e;
    int i;

    /* Done, or being built by this thread (a class_init looking it up). */
    if (ti->class) {
        return;
    }

    ti->class_size = type_class_get_size(ti);
    ti->instance_size = type_object_get_size(ti);
    /* A type without instances (an interface) cannot be instantiated. */
    if (ti->instance_size == 0) {
        ti->abstract = true;
    }
    if (type_interface && type_is_ancestor(ti, type_interface)) {
        if (ti->instance_init || ti->instance_post_init ||
            ti->instance_finalize || ti->num_interfaces) {
            qom_abort("interface type '%s' has instance hooks or interfaces",
                      ti->name);
        }
    }

    ti->class = g_malloc0(ti->class_size);
    parent = type_get_parent(ti);
    if (parent) {
        type_initialize(parent);
        if (parent->class_size > ti->class_size ||
            parent->instance_size > ti->instance_size) {
            qom_abort("type '%s' is smaller than its parent '%s'",
                      ti->name, parent->name);
        }
        memcpy(ti->class, parent->class, parent->class_size);
        ti->class->interfaces = NULL;

        for (e = parent->class->interfaces; e; e = e->next) {
            InterfaceClass *iface = e->data;

            type_initialize_interface(ti, iface->interface_type,
                                      OBJECT_CLASS(iface)->type);
        }
        for (i = 0; i < ti->num_interfaces; i++) {
            TypeImpl *t = type_get_by_name(ti->interface_names[i]);

            if (!t) {
                qom_abort("type '%s' implements unknown interface '%s'",
                          ti->name, ti->interface_names[i]);
            }
            if (!type_is_ancestor(t, type_interface)) {
                qom_abort("type '%s' lists '%s' as an interface",
                          ti->name, t->name);
            }
            if (!type_implements(ti, t)) {
                type_initialize_interface(ti, t, t);
            }
        }
    }

    ti->class->properties = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                  NULL, object_property_free);
    ti->class->type = ti;

    for (parent = type_get_parent(ti); parent;
         parent = type_get_parent(parent)) {
        if (parent->class_base_init) {
            parent->class_base_init(ti->class, ti->class_data);
        }
    }
    if (ti->class_init) {
        ti->class_init(ti->class, ti->class_data);
    }
    __atomic_store_n(&ti->class_ready, true, __ATOMIC_RELEASE);
}

/* ------------------------------------------------------------------ */
/* Classes                                                             */

ObjectClass *object_class_by_name(const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        return NULL;
    }
    type_initialize(ti);
    return ti->class;
}

ObjectClass *module_object_class_by_name(const char *typename)
{
    return object_class_by_name(typename);
}

ObjectClass *object_class_get_parent(ObjectClass *klass)
{
    TypeImpl *parent = type_get_parent(klass->type);

    if (!parent) {
        return NULL;
    }
    type_initialize(parent);
    return parent->class;
}

const char *object_class_get_name(ObjectClass *klass)
{
    return klass->type->name;
}

bool object_class_is_abstract(ObjectClass *klass)
{
    return klass->type->abstract;
}

ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *typename)
{
    TypeImpl *type, *target;
    ObjectClass *ret = NULL;
    GSList *e;
    int found = 0;

    if (!klass || !typename) {
        return NULL;
    }
    type = klass->type;
    if (strcmp(type->name, typename) == 0) {
        return klass;
    }
    target = type_get_by_name(typename);
    if (!target) {
        return NULL;
    }
    if (klass->interfaces && type_is_ancestor(target, type_interface)) {
        for (e = klass->interfaces; e; e = e->next) {
            ObjectClass *iface = e->data;

            if (type_is_ancestor(iface->type, target)) {
                ret = iface;
                found++;
            }
        }
        /* Two implementations of one interface: the cast is ambiguous. */
        return found == 1 ? ret : NULL;
    }
    return type_is_ancestor(type, target) ? klass : NULL;
}

/*
 * The checked casts (OBJECT_CHECK and friends) run on every device access,
 * so each class remembers the last few type names it was successfully cast
 * to. The macros pass the same TYPE_FOO string literal every time, so a
 * pointer comparison finds them. A subclass inherits its parent's entries
 * with the class copy: they remain true for it.
 */
static bool cast_cache_lookup(const char **cache, const char *typename)
{
    int i;

    for (i = 0; i < OBJECT_CLASS_CAST_CACHE; i++) {
        if (__atomic_load_n(&cache[i], __ATOMIC_RELAXED) == typename) {
            return true;
        }
    }
    return false;
}

static void cast_cache_insert(const char **cache, const char *typename)
{
    int i;

    for (i = 1; i < OBJECT_CLASS_CAST_CACHE; i++) {
        __atomic_store_n(&cache[i - 1],
                         __atomic_load_n(&cache[i], __ATOMIC_RELAXED),
                         __ATOMIC_RELAXED);
    }
    __atomic_store_n(&cache[OBJECT_CLASS_CAST_CACHE - 1], typename,
                     __ATOMIC_RELAXED);
}

ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func)
{
    ObjectClass *ret;

    if (!klass) {
        return NULL;
    }
    if (cast_cache_lookup(klass->class_cast_cache, typename)) {
        return klass;
    }
    ret = object_class_dynamic_cast(klass, typename);
    if (!ret) {
        qom_abort("%s:%d:%s: class '%s' is not a class of type '%s'",
                  file, line, func, klass->type->name, typename);
    }
    /* Only casts to the class itself: interface casts return another. */
    if (ret == klass) {
        cast_cache_insert(klass->class_cast_cache, typename);
    }
    return ret;
}

void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque)
{
    /* A snapshot: @fn may register or initialize other types. */
    g_autoptr(GList) types = g_hash_table_get_values(type_table());
    GList *l;

    for (l = types; l; l = l->next) {
        TypeImpl *ti = l->data;

        type_initialize(ti);
        if (!include_abstract && ti->abstract) {
            continue;
        }
        if (implements_type &&
            !object_class_dynamic_cast(ti->class, implements_type)) {
            continue;
        }
        fn(ti->class, opaque);
    }
}

static void object_class_get_list_add(ObjectClass *klass, void *opaque)
{
    GSList **list = opaque;

    *list = g_slist_prepend(*list, klass);
}

GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract)
{
    GSList *list = NULL;

    object_class_foreach(object_class_get_list_add, implements_type,
                         include_abstract, &list);
    return list;
}

static gint object_class_cmp(gconstpointer a, gconstpointer b)
{
    return g_ascii_strcasecmp(object_class_get_name((ObjectClass *)a),
                              object_class_get_name((ObjectClass *)b));
}

GSList *object_class_get_list_sorted(const char *implements_type,
                                     bool include_abstract)
{
    return g_slist_sort(object_class_get_list(implements_type,
                                              include_abstract),
                        object_class_cmp);
}

/* ------------------------------------------------------------------ */
/* Objects                                                             */

static void object_init_with_type(Object *obj, TypeImpl *ti)
{
    TypeImpl *parent = type_get_parent(ti);

    if (parent) {
        object_init_with_type(obj, parent);
    }
    if (ti->instance_init) {
        ti->instance_init(obj);
    }
}

/* instance_post_init runs from the type up to the root. */
static void object_post_init_with_type(Object *obj, TypeImpl *ti)
{
    for (; ti; ti = type_get_parent(ti)) {
        if (ti->instance_post_init) {
            ti->instance_post_init(obj);
        }
    }
}

static void object_initialize_with_type(Object *obj, size_t size,
                                        TypeImpl *ti)
{
    type_initialize(ti);
    if (ti->abstract) {
        qom_abort("cannot instantiate abstract type '%s'", ti->name);
    }
    if (size < ti->instance_size) {
        qom_abort("%zu bytes are too small for an object of type '%s'",
                  size, ti->name);
    }
    memset(obj, 0, ti->instance_size);
    obj->class = ti->class;
    obj->ref = 1;
    obj->properties = g_hash_table_new_full(g_str_hash, g_str_equal,
                                            NULL, object_property_free);
    object_class_property_init_all(obj);
    object_init_with_type(obj, ti);
    object_post_init_with_type(obj, ti);
}

void object_initialize(void *data, size_t size, const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        qom_abort("unknown type '%s'", typename ? typename : "(null)");
    }
    object_initialize_with_type(data, size, ti);
}

void object_initialize_child_internal(Object *parent, const char *propname,
                                      void *child, size_t size,
                                      const char *type)
{
    object_initialize(child, size, type);
    object_property_add_child(parent, propname, OBJECT(child));
    /* The child property now holds the only reference we want. */
    object_unref(child);
}

bool object_initialize_child_with_propsv(Object *parentobj,
                                         const char *propname,
                                         void *childobj, size_t size,
                                         const char *type,
                                         Error **errp, va_list vargs)
{
    Object *obj = childobj;
    bool ok = false;

    object_initialize(childobj, size, type);
    if (!object_set_propv(obj, errp, vargs)) {
        goto out;
    }
    object_property_add_child(parentobj, propname, obj);
    if (object_dynamic_cast(obj, TYPE_USER_CREATABLE) &&
        !user_creatable_complete(USER_CREATABLE(obj), errp)) {
        object_unparent(obj);
        goto out;
    }
    ok = true;
out:
    /* The parent holds the reference that remains (none on failure). */
    object_unref(obj);
    return ok;
}

bool object_initialize_child_with_props(Object *parentobj,
                                        const char *propname,
                                        void *childobj, size_t size,
                                        const char *type,
                                        Error **errp, ...)
{
    va_list vargs;
    bool ok;

    va_start(vargs, errp);
    ok = object_initialize_child_with_propsv(parentobj, propname, childobj,
                                             size, type, errp, vargs);
    va_end(vargs);
    return ok;
}

static Object *object_new_with_type(TypeImpl *ti)
{
    Object *obj;
    size_t align;

    type_initialize(ti);
    if (ti->abstract) {
        qom_abort("cannot instantiate abstract type '%s'", ti->name);
    }
    align = ti->instance_align;
    if (align > __alignof__(max_align_t)) {
        void *mem = NULL;

        if (posix_memalign(&mem, align, ti->instance_size) != 0) {
            qom_abort("out of memory allocating a '%s'", ti->name);
        }
        obj = mem;
        object_initialize_with_type(obj, ti->instance_size, ti);
        obj->free = free;
    } else {
        obj = g_malloc(ti->instance_size);
        object_initialize_with_type(obj, ti->instance_size, ti);
        obj->free = g_free;
    }
    return obj;
}

Object *object_new_with_class(ObjectClass *klass)
{
    return object_new_with_type(klass->type);
}

Object *object_new(const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        qom_abort("unknown type '%s'", typename ? typename : "(null)");
    }
    return object_new_with_type(ti);
}

static void object_deinit(Object *obj, TypeImpl *ti)
{
    for (; ti; ti = type_get_parent(ti)) {
        if (ti->instance_finalize) {
            ti->instance_finalize(obj);
        }
    }
}

static void object_finalize(Object *obj)
{
    ObjectFree *free_fn = obj->free;

    if (obj->parent) {
        qom_abort("finalizing a '%s' that still has a parent",
                  object_get_typename(obj));
    }
    object_property_del_all(obj);
    object_deinit(obj, obj->class->type);
    if (free_fn) {
        free_fn(obj);
    }
}

/*
 * Reference counts are atomic: vCPU and I/O threads take references on
 * shared objects (memory regions, block backends) concurrently.
 */
Object *object_ref(void *objptr)
{
    Object *obj = objptr;
    uint32_t old;

    if (!obj) {
        return NULL;
    }
    old = __atomic_fetch_add(&obj->ref, 1, __ATOMIC_RELAXED);
    if (old == 0 || old == UINT32_MAX) {
        qom_abort("object_ref() on a '%s' with reference count %" PRIu32,
                  object_get_typename(obj), old);
    }
    return obj;
}

void object_unref(void *objptr)
{
    Object *obj = objptr;
    uint32_t old;

    if (!obj) {
        return;
    }
    old = __atomic_fetch_sub(&obj->ref, 1, __ATOMIC_ACQ_REL);
    if (old == 0) {
        qom_abort("object_unref() on an object being finalized");
    }
    if (old == 1) {
        object_finalize(obj);
    }
}

Object *object_dynamic_cast(Object *obj, const char *typename)
{
    if (obj && object_class_dynamic_cast(obj->class, typename)) {
        return obj;
    }
    return NULL;
}

Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line,
                                   const char *func)
{
    if (!obj || cast_cache_lookup(obj->class->object_cast_cache, typename)) {
        return obj;
    }
    if (!object_dynamic_cast(obj, typename)) {
        qom_abort("%s:%d:%s: object of type '%s' is not a '%s'",
                  file, line, func, object_get_typename(obj), typename);
    }
    cast_cache_insert(obj->class->object_cast_cache, typename);
    return obj;
}

ObjectClass *object_get_class(Object *obj)
{
    return obj->class;
}

const char *object_get_typename(const Object *obj)
{
    return obj->class->type->name;
}

/* ------------------------------------------------------------------ */
/* Creating objects with properties                                    */

bool object_set_propv(Object *obj, Error **errp, va_list vargs)
{
    const char *name;

    while ((name = va_arg(vargs, const char *)) != NULL) {
        const char *value = va_arg(vargs, const char *);

        if (!value) {
            error_setg(errp, "Property '%s' has no value", name);
            return false;
        }
        if (!object_property_parse(obj, name, value, errp)) {
            return false;
        }
    }
    return true;
}

bool object_set_props(Object *obj, Error **errp, ...)
{
    va_list vargs;
    bool ok;

    va_start(vargs, errp);
    ok = object_set_propv(obj, errp, vargs);
    va_end(vargs);
    return ok;
}

bool object_attach_and_complete(Object *parent, const char *id, Object *obj,
                                Error **errp)
{
    if (id && !object_property_try_add_child(parent, id, obj, errp)) {
        return false;
    }
    if (object_dynamic_cast(obj, TYPE_USER_CREATABLE) &&
        !user_creatable_complete(USER_CREATABLE(obj), errp)) {
        /* leave nothing behind: a failed object is not in the tree */
        object_unparent(obj);
        return false;
    }
    return true;
}

Object *object_new_with_propv(const char *typename, Object *parent,
                              const char *id, Error **errp, va_list vargs)
{
    ObjectClass *klass = object_class_by_name(typename);
    Object *obj;

    if (id && !parent) {
        qom_abort("object_new_with_props(): id '%s' without a parent", id);
    }
    if (!klass) {
        error_setg(errp, "invalid object type: %s", typename);
        return NULL;
    }
    if (object_class_is_abstract(klass)) {
        error_setg(errp, "object type '%s' is abstract", typename);
        return NULL;
    }
    obj = object_new_with_class(klass);
    if (!object_set_propv(obj, errp, vargs)) {
        goto fail;
    }
    if (!object_attach_and_complete(parent, id, obj, errp)) {
        goto fail;
    }
    /* With an id, the parent's reference is the one that remains. */
    if (id) {
        object_unref(obj);
    }
    return obj;

fail:
    object_unref(obj);
    return NULL;
}

Object *object_new_with_props(const char *typename, Object *parent,
                              const char *id, Error **errp, ...)
{
    va_list vargs;
    Object *obj;

    va_start(vargs, errp);
    obj = object_new_with_propv(typename, parent, id, errp, vargs);
    va_end(vargs);
    return obj;
}

/* ------------------------------------------------------------------ */
/* The root types                                                      */

static char *object_get_type(Object *obj, Error **errp)
{
    return g_strdup(object_get_typename(obj));
}

/* Every object has QEMU's read-only "type" property (shown by qom-list). */
static void object_class_init(ObjectClass *klass, void *data)
{
    object_class_property_add_str(klass, "type", object_get_type, NULL);
}

static void register_types(void)
{
    static const TypeInfo interface_info = {
        .name = TYPE_INTERFACE,
        .class_size = sizeof(InterfaceClass),
        .abstract = true,
    };
    static const TypeInfo object_info = {
        .name = TYPE_OBJECT,
        .instance_size = sizeof(Object),
        .class_init = object_class_init,
        .abstract = true,
    };

    type_interface = type_register_static(&interface_info);
    type_register_static(&object_info);
}

type_init(register_types)

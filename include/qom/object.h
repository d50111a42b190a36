/*
 * QOM: the QEMU Object Model.
 *
 * Types are registered at start-up (type_init() in qemu/module.h) from a
 * TypeInfo. A type's class is created the first time it is needed: the
 * parent's class is copied, interface classes are attached, then the
 * ancestors' class_base_init and the type's own class_init run. Objects are
 * reference counted; the last object_unref() releases every property
 * (which unparents children and drops strong links), then runs
 * instance_finalize from the type up to TYPE_OBJECT.
 *
 * Properties are named, typed accessors that read and write through a
 * Visitor, so one getter serves QMP (QObject), the command line (strings)
 * and C callers alike. Child properties build the composition tree rooted at
 * object_get_root(); its paths ("/objects/sec0") name objects to users.
 *
 * Failure conventions: functions taking Error **errp report bad input
 * there. Misuse by the programmer (an unknown type name in object_new(), a
 * failed OBJECT_CHECK cast, adding a property twice with the non-"try"
 * adders) prints a message and aborts.
 *
 * See docs/devel/qom.md.
 */
#ifndef QEMU_QOM_OBJECT_H
#define QEMU_QOM_OBJECT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "qemu/error.h"
#include "qemu/module.h"

typedef struct Visitor Visitor;
typedef struct QObject QObject;
typedef struct QDict QDict;
typedef struct QEnumLookup QEnumLookup;

typedef struct TypeImpl *Type;
typedef struct TypeInfo TypeInfo;
typedef struct InterfaceInfo InterfaceInfo;
typedef struct ObjectClass ObjectClass;
typedef struct Object Object;
typedef struct ObjectProperty ObjectProperty;
typedef struct InterfaceClass InterfaceClass;

#define TYPE_OBJECT "object"
#define TYPE_INTERFACE "interface"
#define TYPE_CONTAINER "container"

/* ------------------------------------------------------------------ */
/* Properties                                                          */

/* Read (get) or write (set) the value of property @name through @v. */
typedef void (ObjectPropertyAccessor)(Object *obj, Visitor *v,
                                      const char *name, void *opaque,
                                      Error **errp);
/* The object a path component @part names (child and link properties). */
typedef Object *(ObjectPropertyResolve)(Object *obj, void *opaque,
                                        const char *part);
/* Called when the property goes away (deleted or its object finalized). */
typedef void (ObjectPropertyRelease)(Object *obj, const char *name,
                                     void *opaque);
/* Called for class properties while an instance is initialized. */
typedef void (ObjectPropertyInit)(Object *obj, ObjectProperty *prop);

struct ObjectProperty {
    char *name;
    char *type;             /* "string", "bool", "uint8", "link<T>", ... */
    char *description;
    ObjectPropertyAccessor *get;    /* NULL: not readable */
    ObjectPropertyAccessor *set;    /* NULL: not writable */
    ObjectPropertyResolve *resolve;
    ObjectPropertyRelease *release;
    ObjectPropertyInit *init;
    void *opaque;
    QObject *defval;        /* default value, or NULL */
};

/* Called when an object is removed from its parent (see object_unparent). */
typedef void (ObjectUnparent)(Object *obj);
/* Frees the storage of an object (g_free for object_new()). */
typedef void (ObjectFree)(void *obj);

/* ------------------------------------------------------------------ */
/* Classes and objects                                                 */

#define OBJECT_CLASS_CAST_CACHE 4

struct ObjectClass {
    Type type;              /* private */
    GSList *interfaces;     /* private: InterfaceClass * of this class */
    /* private: type names the checked casts recently succeeded for */
    const char *object_cast_cache[OBJECT_CLASS_CAST_CACHE];
    const char *class_cast_cache[OBJECT_CLASS_CAST_CACHE];
    ObjectUnparent *unparent;
    GHashTable *properties; /* private: class properties by name */
};

struct Object {
    ObjectClass *class;     /* private */
    ObjectFree *free;       /* private */
    GHashTable *properties; /* private: instance properties by name */
    uint32_t ref;           /* private */
    Object *parent;         /* private: set while a child property holds us */
};

struct InterfaceInfo {
    const char *type;
};

/*
 * The class of an interface as implemented by one concrete class. Casting a
 * class (or an object) to an interface type yields this.
 */
struct InterfaceClass {
    ObjectClass parent_class;
    ObjectClass *concrete_class;    /* private */
    Type interface_type;            /* private */
};

struct TypeInfo {
    const char *name;
    const char *parent;         /* NULL only for TYPE_OBJECT/TYPE_INTERFACE */

    size_t instance_size;       /* 0: the parent's */
    size_t instance_align;      /* 0: malloc's alignment */
    void (*instance_init)(Object *obj);         /* after the parent's */
    void (*instance_post_init)(Object *obj);    /* before the parent's */
    void (*instance_finalize)(Object *obj);     /* before the parent's */

    bool abstract;
    size_t class_size;          /* 0: the parent's */

    void (*class_init)(ObjectClass *klass, void *data);
    /* Runs for every descendant class, before its class_init. */
    void (*class_base_init)(ObjectClass *klass, void *data);
    void *class_data;

    InterfaceInfo *interfaces;  /* terminated by { NULL } */
};

/* ------------------------------------------------------------------ */
/* Cast macros                                                         */

#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_CLASS(class) ((ObjectClass *)(class))

/* Checked casts: abort (a programming error) when @obj has another type. */
#define OBJECT_CHECK(type, obj, name) \
    ((type *)object_dynamic_cast_assert(OBJECT(obj), (name), \
                                        __FILE__, __LINE__, __func__))
#define OBJECT_CLASS_CHECK(class_type, class, name) \
    ((class_type *)object_class_dynamic_cast_assert(OBJECT_CLASS(class), \
                        (name), __FILE__, __LINE__, __func__))
#define OBJECT_GET_CLASS(class, obj, name) \
    OBJECT_CLASS_CHECK(class, object_get_class(OBJECT(obj)), name)

#define INTERFACE_CLASS(klass) \
    OBJECT_CLASS_CHECK(InterfaceClass, klass, TYPE_INTERFACE)
/* An object seen as an interface is the object itself. */
#define INTERFACE_CHECK(interface, obj, name) \
    ((interface *)object_dynamic_cast_assert(OBJECT((obj)), (name), \
                                             __FILE__, __LINE__, __func__))

#define DECLARE_INSTANCE_CHECKER(InstanceType, OBJ_NAME, TYPENAME) \
    static inline G_GNUC_UNUSED InstanceType *OBJ_NAME(const void *obj) \
    { return OBJECT_CHECK(InstanceType, obj, TYPENAME); }

#define DECLARE_CLASS_CHECKERS(ClassType, OBJ_NAME, TYPENAME) \
    static inline G_GNUC_UNUSED ClassType *OBJ_NAME##_GET_CLASS(const void *obj) \
    { return OBJECT_GET_CLASS(ClassType, obj, TYPENAME); } \
    static inline G_GNUC_UNUSED ClassType *OBJ_NAME##_CLASS(const void *klass) \
    { return OBJECT_CLASS_CHECK(ClassType, klass, TYPENAME); }

#define DECLARE_OBJ_CHECKERS(InstanceType, ClassType, OBJ_NAME, TYPENAME) \
    DECLARE_INSTANCE_CHECKER(InstanceType, OBJ_NAME, TYPENAME) \
    DECLARE_CLASS_CHECKERS(ClassType, OBJ_NAME, TYPENAME)

/*
 * OBJECT_DECLARE_TYPE(Foo, FooClass, FOO): typedefs for struct Foo and
 * struct FooClass, g_autoptr(Foo), and FOO(), FOO_CLASS(), FOO_GET_CLASS()
 * checked casts against TYPE_FOO.
 */
#define OBJECT_DECLARE_TYPE(InstanceType, ClassType, MODULE_OBJ_NAME) \
    typedef struct InstanceType InstanceType; \
    typedef struct ClassType ClassType; \
    G_DEFINE_AUTOPTR_CLEANUP_FUNC(InstanceType, object_unref) \
    DECLARE_OBJ_CHECKERS(InstanceType, ClassType, \
                         MODULE_OBJ_NAME, TYPE_##MODULE_OBJ_NAME)

/* As OBJECT_DECLARE_TYPE for a type without a class struct of its own. */
#define OBJECT_DECLARE_SIMPLE_TYPE(InstanceType, MODULE_OBJ_NAME) \
    typedef struct InstanceType InstanceType; \
    G_DEFINE_AUTOPTR_CLEANUP_FUNC(InstanceType, object_unref) \
    DECLARE_INSTANCE_CHECKER(InstanceType, MODULE_OBJ_NAME, \
                             TYPE_##MODULE_OBJ_NAME)

/*
 * OBJECT_DEFINE_TYPE(Foo, foo, FOO, PARENT): the TypeInfo and registration
 * of TYPE_FOO; the file provides foo_init(), foo_finalize() and
 * foo_class_init(). The class struct is FooClass.
 */
#define OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name, \
                                    MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME, \
                                    ABSTRACT, ...) \
    static void module_obj_name##_finalize(Object *obj); \
    static void module_obj_name##_class_init(ObjectClass *oc, void *data); \
    static void module_obj_name##_init(Object *obj); \
    static const TypeInfo module_obj_name##_info = { \
        .parent = TYPE_##PARENT_MODULE_OBJ_NAME, \
        .name = TYPE_##MODULE_OBJ_NAME, \
        .instance_size = sizeof(ModuleObjName), \
        .instance_align = __alignof__(ModuleObjName), \
        .instance_init = module_obj_name##_init, \
        .instance_finalize = module_obj_name##_finalize, \
        .class_size = sizeof(ModuleObjName##Class), \
        .class_init = module_obj_name##_class_init, \
        .abstract = ABSTRACT, \
        .interfaces = (InterfaceInfo[]) { __VA_ARGS__ }, \
    }; \
    static void module_obj_name##_register_types(void) \
    { \
        type_register_static(&module_obj_name##_info); \
    } \
    type_init(module_obj_name##_register_types)

#define OBJECT_DEFINE_TYPE(ModuleObjName, module_obj_name, MODULE_OBJ_NAME, \
                           PARENT_MODULE_OBJ_NAME) \
    OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name, \
                                MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME, \
                                false, { NULL })

#define OBJECT_DEFINE_TYPE_WITH_INTERFACES(ModuleObjName, module_obj_name, \
                                           MODULE_OBJ_NAME, \
                                           PARENT_MODULE_OBJ_NAME, ...) \
    OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name, \
                                MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME, \
                                false, __VA_ARGS__)

#define OBJECT_DEFINE_ABSTRACT_TYPE(ModuleObjName, module_obj_name, \
                                    MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME) \
    OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name, \
                                MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME, \
                                true, { NULL })

/* ------------------------------------------------------------------ */
/* Types                                                               */

/*
 * Register a type. @info (and the strings and arrays it points to) must
 * outlive the program: type_register_static() keeps the pointers.
 * Registering a name twice is a programming error (abort).
 */
Type type_register_static(const TypeInfo *info);
Type type_register(const TypeInfo *info);
/* Register @nr_infos types from an array (QEMU's DEFINE_TYPES). */
void type_register_static_array(const TypeInfo *infos, int nr_infos);

#define DEFINE_TYPES(type_array) \
    static void do_qemu_init_##type_array(void) \
    { \
        type_register_static_array(type_array, G_N_ELEMENTS(type_array)); \
    } \
    type_init(do_qemu_init_##type_array)

/* The class of type @typename (created on first use), or NULL if unknown. */
ObjectClass *object_class_by_name(const char *typename);
/* Same as object_class_by_name() (no loadable modules here). */
ObjectClass *module_object_class_by_name(const char *typename);
ObjectClass *object_class_get_parent(ObjectClass *klass);
const char *object_class_get_name(ObjectClass *klass);
bool object_class_is_abstract(ObjectClass *klass);

/*
 * @klass as a class of @typename: @klass itself when it is @typename or a
 * descendant, the InterfaceClass when @typename is an interface @klass
 * implements, otherwise NULL (also for an unknown @typename).
 */
ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *typename);
/* As above, but a failed cast of a non-NULL @klass aborts. */
ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func);

/* Calls @fn for every class implementing @implements_type (NULL: all). */
void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque);
/* The classes implementing @implements_type; free with g_slist_free(). */
GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract);
/* As object_class_get_list(), sorted by name (case-insensitive). */
GSList *object_class_get_list_sorted(const char *implements_type,
                                     bool include_abstract);

/* ------------------------------------------------------------------ */
/* Objects                                                             */

/*
 * A new object of @typename with one reference. An unknown or abstract
 * @typename is a programming error (abort); user-supplied type names go
 * through object_new_with_props() or user_creatable_add_type().
 */
Object *object_new(const char *typename);
Object *object_new_with_class(ObjectClass *klass);

/*
 * Create an object of @typename, set the NULL-terminated name/value string
 * pairs given after @errp (as object_property_parse() does), add it as
 * child @id of @parent (unless @id is NULL), and complete it if it is
 * user-creatable. Returns the object, owned by @parent when @id is set
 * (the caller holds no reference then), or NULL with nothing left behind.
 */
Object *object_new_with_props(const char *typename, Object *parent,
                              const char *id, Error **errp, ...)
    G_GNUC_NULL_TERMINATED;
Object *object_new_with_propv(const char *typename, Object *parent,
                              const char *id, Error **errp, va_list vargs);

/* Set NULL-terminated name/value string pairs on @obj. */
bool object_set_props(Object *obj, Error **errp, ...) G_GNUC_NULL_TERMINATED;
bool object_set_propv(Object *obj, Error **errp, va_list vargs);

/*
 * Initialize an object of @typename in caller-provided storage of @size
 * bytes (at least the type's instance_size). The storage is not freed at
 * finalization.
 */
void object_initialize(void *obj, size_t size, const char *typename);

/*
 * object_initialize() @child in storage embedded in @parent and add it as
 * child @propname; the parent then holds the only reference.
 */
void object_initialize_child_internal(Object *parent, const char *propname,
                                      void *child, size_t size,
                                      const char *type);
#define object_initialize_child(parent, propname, child, type) \
    object_initialize_child_internal(OBJECT(parent), propname, \
                                     child, sizeof(*child), type)

/*
 * As object_initialize_child_internal(), then set the NULL-terminated
 * name/value string pairs and complete the child if it is user-creatable.
 * On failure the child is unparented and finalized (its storage stays the
 * caller's) and false is returned.
 */
bool object_initialize_child_with_props(Object *parentobj,
                                        const char *propname,
                                        void *childobj, size_t size,
                                        const char *type,
                                        Error **errp, ...)
    G_GNUC_NULL_TERMINATED;
bool object_initialize_child_with_propsv(Object *parentobj,
                                         const char *propname,
                                         void *childobj, size_t size,
                                         const char *type,
                                         Error **errp, va_list vargs);

/* Take a reference; returns @obj. NULL is accepted and returned. */
Object *object_ref(void *obj);
/* Drop a reference; the last one finalizes @obj. NULL is accepted. */
void object_unref(void *obj);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Object, object_unref)

/* @obj if it is a @typename (or implements interface @typename), or NULL. */
Object *object_dynamic_cast(Object *obj, const char *typename);
Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line,
                                   const char *func);
ObjectClass *object_get_class(Object *obj);
const char *object_get_typename(const Object *obj);

/* ------------------------------------------------------------------ */
/* Adding and finding properties                                       */

/*
 * Add property @name of QOM type @type. A @name ending in "[*]" is given
 * the first free index instead ("dev[0]", "dev[1]", ...).
 * object_property_try_add() fails if the name is taken:
 * "attempt to add duplicate property '%s' to object (type '%s')".
 * object_property_add() treats that as a programming error (abort).
 */
ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                        const char *type,
                                        ObjectPropertyAccessor *get,
                                        ObjectPropertyAccessor *set,
                                        ObjectPropertyRelease *release,
                                        void *opaque, Error **errp);
ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyAccessor *get,
                                    ObjectPropertyAccessor *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque);
/* A class property: every instance has it; @release runs per instance. */
ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name, const char *type,
                                          ObjectPropertyAccessor *get,
                                          ObjectPropertyAccessor *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque);

/* Remove instance property @name (its release hook runs). */
void object_property_del(Object *obj, const char *name);

/* The property (class or instance), or NULL. */
ObjectProperty *object_property_find(Object *obj, const char *name);
/* As above; when missing: "Property '<typename>.<name>' not found". */
ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp);
ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name);
ObjectProperty *object_class_property_find_err(ObjectClass *klass,
                                               const char *name,
                                               Error **errp);

typedef struct ObjectPropertyIterator {
    ObjectClass *nextclass;
    GHashTableIter iter;
} ObjectPropertyIterator;

/*
 * Iterate over the instance properties of @obj, then the class properties
 * of its class and its ancestors. Do not add or remove properties while
 * iterating.
 */
void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj);
void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass);
ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter);

/* The QOM type of property @name, or NULL with an error. */
const char *object_property_get_type(Object *obj, const char *name,
                                     Error **errp);

void object_property_set_description(Object *obj, const char *name,
                                     const char *description);
void object_class_property_set_description(ObjectClass *klass,
                                           const char *name,
                                           const char *description);

/*
 * Default values of class properties: set on each new instance before
 * instance_init runs, and shown by help output.
 */
void object_property_set_default_bool(ObjectProperty *prop, bool value);
void object_property_set_default_str(ObjectProperty *prop, const char *value);
void object_property_set_default_int(ObjectProperty *prop, int64_t value);
void object_property_set_default_uint(ObjectProperty *prop, uint64_t value);

/* "  name=<type>   - description (default: value)", as QEMU's help. */
char *object_property_help(const char *name, const char *type,
                           QObject *defval, const char *description);

/* ------------------------------------------------------------------ */
/* Reading and writing properties                                      */

/*
 * Write property @name from visitor @v / read it into @v. A property
 * without a setter fails with "Property '<type>.<name>' is not writable",
 * without a getter "... is not readable".
 */
bool object_property_set(Object *obj, const char *name, Visitor *v,
                         Error **errp);
bool object_property_get(Object *obj, const char *name, Visitor *v,
                         Error **errp);

bool object_property_set_qobject(Object *obj, const char *name,
                                 QObject *value, Error **errp);
/* The value as a new QObject reference, or NULL. */
QObject *object_property_get_qobject(Object *obj, const char *name,
                                     Error **errp);

bool object_property_set_str(Object *obj, const char *name,
                             const char *value, Error **errp);
/* A newly allocated string, or NULL ("Invalid parameter type for ..."). */
char *object_property_get_str(Object *obj, const char *name, Error **errp);
bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp);
bool object_property_get_bool(Object *obj, const char *name, Error **errp);
bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp);
/* -1 on error. */
int64_t object_property_get_int(Object *obj, const char *name, Error **errp);
bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp);
/* 0 on error. */
uint64_t object_property_get_uint(Object *obj, const char *name,
                                  Error **errp);
/* The value of enum property @name of enum type @typename, -1 on error. */
int object_property_get_enum(Object *obj, const char *name,
                             const char *typename, Error **errp);
/*
 * Point link @name at @value (NULL clears it). For a link property the
 * pointer is stored directly (type and check callback still apply), so
 * @value need not be in the composition tree; for other properties (an
 * alias) @value's canonical path is written.
 */
bool object_property_set_link(Object *obj, const char *name, Object *value,
                              Error **errp);
/* The target of link @name (NULL: unset, or an error). Borrowed. */
Object *object_property_get_link(Object *obj, const char *name,
                                 Error **errp);

/* Set property @name from a command-line string ("on", "42", "/path"). */
bool object_property_parse(Object *obj, const char *name, const char *string,
                           Error **errp);
/* The value as a string (@human: friendlier formatting), or NULL. */
char *object_property_print(Object *obj, const char *name, bool human,
                            Error **errp);

/* ------------------------------------------------------------------ */
/* Typed property helpers                                              */

typedef enum ObjectPropertyFlags {
    OBJ_PROP_FLAG_READ = 1 << 0,
    OBJ_PROP_FLAG_WRITE = 1 << 1,
    OBJ_PROP_FLAG_READWRITE = (OBJ_PROP_FLAG_READ | OBJ_PROP_FLAG_WRITE),
} ObjectPropertyFlags;

/* A "string" property. @get returns a new string (NULL with an error). */
ObjectProperty *object_property_add_str(Object *obj, const char *name,
    char *(*get)(Object *, Error **),
    void (*set)(Object *, const char *, Error **));
ObjectProperty *object_class_property_add_str(ObjectClass *klass,
    const char *name,
    char *(*get)(Object *, Error **),
    void (*set)(Object *, const char *, Error **));

ObjectProperty *object_property_add_bool(Object *obj, const char *name,
    bool (*get)(Object *, Error **),
    void (*set)(Object *, bool, Error **));
ObjectProperty *object_class_property_add_bool(ObjectClass *klass,
    const char *name,
    bool (*get)(Object *, Error **),
    void (*set)(Object *, bool, Error **));

/* An enum property of QAPI enum type @typename, values from @lookup. */
ObjectProperty *object_property_add_enum(Object *obj, const char *name,
    const char *typename, const QEnumLookup *lookup,
    int (*get)(Object *, Error **),
    void (*set)(Object *, int, Error **));
ObjectProperty *object_class_property_add_enum(ObjectClass *klass,
    const char *name, const char *typename, const QEnumLookup *lookup,
    int (*get)(Object *, Error **),
    void (*set)(Object *, int, Error **));

/*
 * A read-only struct tm property (type "struct tm"): read as a struct with
 * members tm_year (years since 1900), tm_mon (0-11), tm_mday, tm_hour,
 * tm_min and tm_sec, as QEMU's RTC "date" property.
 */
struct tm;
ObjectProperty *object_property_add_tm(Object *obj, const char *name,
    void (*get)(Object *, struct tm *, Error **));
ObjectProperty *object_class_property_add_tm(ObjectClass *klass,
    const char *name,
    void (*get)(Object *, struct tm *, Error **));

/*
 * Integer properties backed by a variable. The instance variants point at
 * a field of the object; the class variants at storage shared by all
 * instances.
 */
ObjectProperty *object_property_add_uint8_ptr(Object *obj, const char *name,
    const uint8_t *v, ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint8_ptr(ObjectClass *klass,
    const char *name, const uint8_t *v, ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint16_ptr(Object *obj, const char *name,
    const uint16_t *v, ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint16_ptr(ObjectClass *klass,
    const char *name, const uint16_t *v, ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint32_ptr(Object *obj, const char *name,
    const uint32_t *v, ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint32_ptr(ObjectClass *klass,
    const char *name, const uint32_t *v, ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint64_ptr(Object *obj, const char *name,
    const uint64_t *v, ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint64_ptr(ObjectClass *klass,
    const char *name, const uint64_t *v, ObjectPropertyFlags flags);

/*
 * Child property: @obj takes a reference on @child and becomes its parent;
 * deleting the property (or finalizing @obj) unparents and unrefs @child.
 * The try variant fails when @name is taken or @child already has a parent.
 */
ObjectProperty *object_property_try_add_child(Object *obj, const char *name,
                                              Object *child, Error **errp);
ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child);

typedef enum ObjectPropertyLinkFlags {
    OBJ_PROP_LINK_STRONG = 0x1,     /* the link holds a reference */
    OBJ_PROP_LINK_DIRECT = 0x2,     /* private */
    OBJ_PROP_LINK_CLASS = 0x4,      /* private */
} ObjectPropertyLinkFlags;

/* A check that allows every value. */
void object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp);

/*
 * Link property "link<@type>" stored in *@targetp. Set from a path; a NULL
 * @check makes it read-only. The setter fails with "Device '%s' not found",
 * "Path '%s' does not uniquely identify an object" or
 * "Invalid parameter type for '%s', expected: %s".
 */
ObjectProperty *object_property_add_link(Object *obj, const char *name,
    const char *type, Object **targetp,
    void (*check)(const Object *obj, const char *name,
                  Object *val, Error **errp),
    ObjectPropertyLinkFlags flags);
/* As above, the pointer at byte @offset of each instance. */
ObjectProperty *object_class_property_add_link(ObjectClass *oc,
    const char *name, const char *type, ptrdiff_t offset,
    void (*check)(const Object *obj, const char *name,
                  Object *val, Error **errp),
    ObjectPropertyLinkFlags flags);
/* A read-only link to @target. */
ObjectProperty *object_property_add_const_link(Object *obj, const char *name,
                                               Object *target);

/* Property @name of @obj forwards to @target_name of @target_obj. */
ObjectProperty *object_property_add_alias(Object *obj, const char *name,
                                          Object *target_obj,
                                          const char *target_name);

/* ------------------------------------------------------------------ */
/* The composition tree                                                */

/* The root "/" (a container). */
Object *object_get_root(void);
/* "/objects": where user-created objects (-object, object-add) live. */
Object *object_get_objects_root(void);
/* A root for internal objects, outside the user-visible tree. */
Object *object_get_internal_root(void);
/* The container "/@name" (created on first use), e.g. "machine". */
Object *object_get_container(const char *name);
/* The container at @path under @root, creating missing ones. */
Object *container_get(Object *root, const char *path);

/* Remove @obj from its parent, if it has one (may finalize it). */
void object_unparent(Object *obj);

/* The name under which @obj's parent holds it, or NULL. g_free it. */
char *object_get_canonical_path_component(const Object *obj);
/* "/objects/sec0", "/" for the root, NULL when not in the tree. */
char *object_get_canonical_path(const Object *obj);

/*
 * Resolve @path. An absolute path ("/a/b") starts at the root and follows
 * child and link properties. A partial path ("b" or "a/b") matches
 * wherever the tree holds it; if more than one object matches, NULL is
 * returned and *@ambiguous (when non-NULL) is set to true.
 */
Object *object_resolve_path(const char *path, bool *ambiguous);
/* As object_resolve_path(), counting only objects of @typename. */
Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous);
/* @path relative to @parent (or absolute). */
Object *object_resolve_path_at(Object *parent, const char *path);
/* The object that child or link property @part of @parent names. */
Object *object_resolve_path_component(Object *parent, const char *part);

/*
 * Call @fn for each child of @obj (recursive: depth first, parents before
 * their children) until it returns non-zero; returns that value or 0.
 */
int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque);
int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque);

bool object_property_is_child(ObjectProperty *prop);
bool object_property_is_link(ObjectProperty *prop);

#endif

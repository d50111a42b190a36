/*
 * User-creatable objects: what -object, object-add and object_add create.
 *
 * A type becomes user-creatable by listing TYPE_USER_CREATABLE among its
 * interfaces. Creation sets all properties first, then calls complete(),
 * where the object does its real work (load a key, open a file). Creation
 * is atomic: when anything fails, nothing is left in /objects and the new
 * object is freed.
 *
 * Example type (see crypto/secret.c for a real one):
 *
 *     static void my_complete(UserCreatable *uc, Error **errp) { ... }
 *
 *     static void my_class_init(ObjectClass *oc, void *data)
 *     {
 *         UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);
 *
 *         ucc->complete = my_complete;
 *         object_class_property_add_str(oc, "file", my_get_file,
 *                                       my_set_file);
 *     }
 *
 *     ... .interfaces = (InterfaceInfo[]) {
 *             { TYPE_USER_CREATABLE }, { }
 *         },
 */
#ifndef QEMU_QOM_OBJECT_INTERFACES_H
#define QEMU_QOM_OBJECT_INTERFACES_H

#include "qom/object.h"
#include "qapi/qapi-types-qom.h"

#define TYPE_USER_CREATABLE "user-creatable"

typedef struct UserCreatable UserCreatable;  /* the object itself */
typedef struct UserCreatableClass UserCreatableClass;

DECLARE_CLASS_CHECKERS(UserCreatableClass, USER_CREATABLE,
                       TYPE_USER_CREATABLE)
#define USER_CREATABLE(obj) \
    INTERFACE_CHECK(UserCreatable, (obj), TYPE_USER_CREATABLE)

struct UserCreatableClass {
    InterfaceClass parent_class;

    /* Called once all properties are set; may fail. */
    void (*complete)(UserCreatable *uc, Error **errp);
    /* false while the object is in use (user_creatable_del refuses). */
    bool (*can_be_deleted)(UserCreatable *uc);
};

/* Call the complete() hook of @uc, if any. */
bool user_creatable_complete(UserCreatable *uc, Error **errp);

/* Whether @uc may be deleted now (true without a can_be_deleted hook). */
bool user_creatable_can_be_deleted(UserCreatable *uc);

/*
 * Create an object of @type: set the properties named by the keys of
 * @qdict, reading their values from @v (an input visitor whose root is
 * @qdict), add it as /objects/@id (unless @id is NULL) and complete it.
 * Returns the object (owned by /objects when @id is set, otherwise by the
 * caller) or NULL with nothing left behind.
 *
 * Errors (QEMU's texts): "Parameter 'id' expects an identifier",
 * "invalid object type: %s", "object type '%s' isn't supported by
 * object-add", "object type '%s' is abstract", "object '%s' already
 * exists", "Property '%s.%s' not found", and those of the properties and
 * of complete().
 */
Object *user_creatable_add_type(const char *type, const char *id,
                                const QDict *qdict, Visitor *v,
                                Error **errp);

/*
 * Create the object @options describes (the type ObjectOptions generated
 * from qapi/qom.json: qom-type, id and the type's properties), as
 * user_creatable_add_type() does. This is what -object, object-add and
 * object_add come down to. Returns the object, owned by /objects, or NULL.
 */
Object *user_creatable_add_qapi(ObjectOptions *options, Error **errp);

/*
 * Create an object from a QDict holding "qom-type", "id" and the
 * properties, as -object (keyval) and object-add (JSON) give it: the dict
 * is visited into an ObjectOptions, then user_creatable_add_qapi().
 * @keyval: the values are strings from the keyval parser ("on", "42"),
 * converted to each member's type. @qdict is not modified.
 *
 * The errors are real QEMU's for -object, from the QAPI visitor:
 * "Parameter 'qom-type' is missing", "Parameter 'id' is missing",
 * "Parameter 'qom-type' does not accept value 'x'" (not an ObjectType),
 * "Parameter 'foo' is unexpected" (no such member), "Parameter 'format'
 * does not accept value 'x'", ..., and those of user_creatable_add_type().
 *
 * A user-creatable type with no ObjectType value (the unit tests' types;
 * every type of the programs has one) is created with its properties
 * typed by QOM alone, with the same messages.
 */
Object *user_creatable_add_dict(const QDict *qdict, bool keyval,
                                Error **errp);

/*
 * The -object / --object option: parse @str with keyval (implied key
 * "qom-type"), or as JSON when it starts with '{', and create the object
 * as user_creatable_add_dict() does.
 * "help", "?" or a "help" key print the type list or the type's
 * properties to stdout instead; then false is returned with no error set.
 */
bool user_creatable_add_from_str(const char *str, Error **errp);

/*
 * As user_creatable_add_from_str() for a program's command line: an error
 * is reported and the program exits with status 1; after printing help it
 * exits with status 0.
 */
void user_creatable_process_cmdline(const char *cmdline);

/*
 * Unparent /objects/@id: "object '%s' not found", "object '%s' is in use,
 * can not be deleted".
 */
bool user_creatable_del(const char *id, Error **errp);

/* Remove every user-created object (at exit). */
void user_creatable_cleanup(void);

/*
 * Help text, as QEMU prints it:
 * - user_creatable_help_types(): "List of user creatable objects:\n" and
 *   "  name\n" per concrete user-creatable type, sorted;
 * - user_creatable_help_props(type): "<type> options:\n" and one
 *   object_property_help() line per writable property, sorted, or
 *   "There are no options for <type>.\n"; NULL for a type that is unknown
 *   or not user-creatable.
 */
char *user_creatable_help_types(void);
char *user_creatable_help_props(const char *type);

/*
 * Print the help_props text of any type (not only user-creatable ones, as
 * for -device foo,help). Returns false for an unknown type.
 */
bool type_print_class_properties(const char *type);

/*
 * -object help handling: when @type is "help" (or "?"), print the type
 * list; when @opts (may be NULL) has a "help" key, print the properties of
 * @type. Prints to stdout and returns true in those cases, else false.
 */
bool user_creatable_print_help(const char *type, const QDict *opts);

/* QEMU's identifier rule: a letter, then letters, digits, '-', '.', '_'. */
bool id_wellformed(const char *id);

#endif

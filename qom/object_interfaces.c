/*
 * User-creatable objects: atomic creation from a QDict, deletion, help.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qemu/keyval.h"
#include "qom/object_interfaces.h"
#include "qapi/visitor.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/qapi-visit-qom.h"
#include "qobject/qdict.h"
#include "qobject/qstring.h"
#include "qobject/qjson.h"
#include "qom-internal.h"

bool user_creatable_complete(UserCreatable *uc, Error **errp)
{
    UserCreatableClass *ucc = USER_CREATABLE_GET_CLASS(uc);
    Error *err = NULL;

    if (ucc->complete) {
        ucc->complete(uc, &err);
    }
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    return true;
}

bool user_creatable_can_be_deleted(UserCreatable *uc)
{
    UserCreatableClass *ucc = USER_CREATABLE_GET_CLASS(uc);

    return ucc->can_be_deleted ? ucc->can_be_deleted(uc) : true;
}

bool id_wellformed(const char *id)
{
    const char *p;

    if (!id || !g_ascii_isalpha(id[0])) {
        return false;
    }
    for (p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

/* How the two entry points word their errors. */
typedef enum CreateStyle {
    CREATE_STYLE_QOM,       /* user_creatable_add_type(): QEMU's QOM texts */
    CREATE_STYLE_QAPI,      /* user_creatable_add_dict(): -object's texts */
} CreateStyle;

static ObjectClass *check_creatable_type(const char *type, CreateStyle style,
                                         Error **errp)
{
    ObjectClass *klass = object_class_by_name(type);
    bool creatable = klass &&
        object_class_dynamic_cast(klass, TYPE_USER_CREATABLE);

    if (style == CREATE_STYLE_QAPI) {
        /* For -object the type is an enum of concrete creatable types. */
        if (!creatable || object_class_is_abstract(klass)) {
            error_setg(errp, "Parameter 'qom-type' does not accept value "
                       "'%s'", type);
            return NULL;
        }
        return klass;
    }
    if (!klass) {
        error_setg(errp, "invalid object type: %s", type);
        return NULL;
    }
    if (!creatable) {
        error_setg(errp, "object type '%s' isn't supported by object-add",
                   type);
        return NULL;
    }
    if (object_class_is_abstract(klass)) {
        error_setg(errp, "object type '%s' is abstract", type);
        return NULL;
    }
    return klass;
}

/*
 * Set every property named in @qdict from @v, whose root is @qdict. In the
 * QAPI style, keys that are no property are reported after the known ones
 * are set, as QEMU's visitor reports unexpected members last.
 */
static bool set_properties_from_qdict(Object *obj, const QDict *qdict,
                                      Visitor *v, CreateStyle style,
                                      Error **errp)
{
    const QDictEntry *e;
    const char *unknown = NULL;
    bool ok = false;

    if (!visit_start_struct(v, NULL, NULL, 0, errp)) {
        return false;
    }
    for (e = qdict_first(qdict); e; e = qdict_next(qdict, e)) {
        const char *key = qdict_entry_key(e);

        if (style == CREATE_STYLE_QAPI && !object_property_find(obj, key)) {
            unknown = unknown ? unknown : key;
            continue;
        }
        if (!object_property_set(obj, key, v, errp)) {
            goto out;
        }
    }
    if (unknown) {
        error_setg(errp, "Parameter '%s' is unexpected", unknown);
        goto out;
    }
    ok = visit_check_struct(v, errp);
out:
    visit_end_struct(v, NULL);
    return ok;
}

static Object *user_creatable_create(const char *type, const char *id,
                                     const QDict *qdict, Visitor *v,
                                     CreateStyle style, Error **errp)
{
    Object *objects = object_get_objects_root();
    ObjectClass *klass;
    Object *obj;

    if (id && !id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, "
                          "'-', '.', '_', starting with a letter.\n");
        return NULL;
    }
    klass = check_creatable_type(type, style, errp);
    if (!klass) {
        return NULL;
    }
    /* Refuse a taken id before any setter can have side effects. */
    if (id && object_property_find(objects, id)) {
        error_setg(errp, "object '%s' already exists", id);
        return NULL;
    }

    obj = object_new_with_class(klass);
    if (qdict && !set_properties_from_qdict(obj, qdict, v, style, errp)) {
        goto fail;
    }
    if (!object_attach_and_complete(objects, id, obj, errp)) {
        goto fail;
    }
    if (id) {
        /* /objects holds it now. */
        object_unref(obj);
    }
    return obj;

fail:
    object_unref(obj);
    return NULL;
}

Object *user_creatable_add_type(const char *type, const char *id,
                                const QDict *qdict, Visitor *v,
                                Error **errp)
{
    return user_creatable_create(type, id, qdict, v, CREATE_STYLE_QOM, errp);
}

/* The string member @key of @qdict; NULL with QAPI's error otherwise. */
static const char *dict_get_string(const QDict *qdict, const char *key,
                                   Error **errp)
{
    QObject *value = qdict_get(qdict, key);

    if (!value) {
        error_setg(errp, "Parameter '%s' is missing", key);
        return NULL;
    }
    if (!qobject_to(QString, value)) {
        error_setg(errp, "Invalid parameter type for '%s', expected: string",
                   key);
        return NULL;
    }
    return qstring_get_str(qobject_to(QString, value));
}

Object *user_creatable_add_qapi(ObjectOptions *options, Error **errp)
{
    Visitor *out, *in;
    QObject *qobj = NULL;
    g_autoptr(QDict) props = NULL;
    Object *obj;

    /*
     * The struct is checked against the schema already; the object's QOM
     * properties are set from it through its QObject form, so each type
     * keeps its properties (and their setters) in class_init.
     */
    out = qobject_output_visitor_new(&qobj);
    visit_type_ObjectOptions(out, NULL, &options, &error_abort);
    visit_complete(out, &qobj);
    visit_free(out);
    props = qobject_to(QDict, qobj);
    qdict_del(props, "qom-type");
    qdict_del(props, "id");

    in = qobject_input_visitor_new(QOBJECT(props));
    obj = user_creatable_create(ObjectType_str(options->qom_type),
                                options->id, props, in, CREATE_STYLE_QAPI,
                                errp);
    visit_free(in);
    return obj;
}

/*
 * A user-creatable type that has no ObjectType value (only the unit
 * tests' types: every type the programs register has one, which
 * test-crypto-secret checks): its properties are typed by QOM alone.
 */
static Object *add_dict_untyped(const char *type, const QDict *qdict,
                                bool keyval, Error **errp)
{
    g_autoptr(QDict) props = NULL;
    const char *id;
    Visitor *v;
    Object *obj;

    if (!check_creatable_type(type, CREATE_STYLE_QAPI, errp)) {
        return NULL;
    }
    id = dict_get_string(qdict, "id", errp);
    if (!id) {
        return NULL;
    }
    props = qdict_clone_shallow(qdict);
    qdict_del(props, "qom-type");
    qdict_del(props, "id");
    if (keyval) {
        v = qobject_input_visitor_new_keyval(QOBJECT(props));
    } else {
        v = qobject_input_visitor_new(QOBJECT(props));
    }
    obj = user_creatable_create(type, id, props, v, CREATE_STYLE_QAPI, errp);
    visit_free(v);
    return obj;
}

Object *user_creatable_add_dict(const QDict *qdict, bool keyval,
                                Error **errp)
{
    g_autoptr(ObjectOptions) options = NULL;
    const char *type = qdict_get_try_str(qdict, "qom-type");
    Visitor *v;
    bool ok;

    if (type && qapi_enum_parse(&ObjectType_lookup, type, -1, NULL) < 0) {
        return add_dict_untyped(type, qdict, keyval, errp);
    }
    /* The visitor does not modify its input. */
    if (keyval) {
        v = qobject_input_visitor_new_keyval(QOBJECT((QDict *)qdict));
    } else {
        v = qobject_input_visitor_new(QOBJECT((QDict *)qdict));
    }
    ok = visit_type_ObjectOptions(v, NULL, &options, errp);
    visit_free(v);
    if (!ok) {
        return NULL;
    }
    return user_creatable_add_qapi(options, errp);
}

/* Help for "-object ...,help": the type's properties, else the type list. */
static void print_help_for(const char *type)
{
    g_autofree char *text = NULL;

    if (type && !is_help_option(type)) {
        text = user_creatable_help_props(type);
    }
    if (!text) {
        text = user_creatable_help_types();
    }
    fputs(text, stdout);
}

/* --object '{"qom-type": ...}': JSON, typed as object-add's arguments. */
static bool add_from_json(const char *str, Error **errp)
{
    g_autoptr(QObject) obj = qobject_from_json(str, errp);
    QDict *args = qobject_to(QDict, obj);

    if (!obj) {
        return false;
    }
    if (!args) {
        error_setg(errp, "JSON argument of --object must be an object");
        return false;
    }
    return user_creatable_add_dict(args, false, errp) != NULL;
}

bool user_creatable_add_from_str(const char *str, Error **errp)
{
    g_autoptr(QDict) args = NULL;
    const char *type;
    bool help = false;

    if (str[0] == '{') {
        return add_from_json(str, errp);
    }
    args = keyval_parse(str, "qom-type", &help, errp);
    if (!args) {
        return false;
    }
    type = qdict_get_try_str(args, "qom-type");
    if (help || (type && is_help_option(type))) {
        print_help_for(type);
        return false;
    }
    return user_creatable_add_dict(args, true, errp) != NULL;
}

void user_creatable_process_cmdline(const char *cmdline)
{
    Error *err = NULL;

    if (user_creatable_add_from_str(cmdline, &err)) {
        return;
    }
    if (err) {
        error_report_err(err);
        exit(EXIT_FAILURE);
    }
    /* Help was printed. */
    exit(EXIT_SUCCESS);
}

bool user_creatable_del(const char *id, Error **errp)
{
    Object *obj = object_resolve_path_component(object_get_objects_root(),
                                                id);

    if (!obj || !object_dynamic_cast(obj, TYPE_USER_CREATABLE)) {
        error_setg(errp, "object '%s' not found", id);
        return false;
    }
    if (!user_creatable_can_be_deleted(USER_CREATABLE(obj))) {
        error_setg(errp, "object '%s' is in use, can not be deleted", id);
        return false;
    }
    object_unparent(obj);
    return true;
}

void user_creatable_cleanup(void)
{
    object_unparent(object_get_objects_root());
}

/* ------------------------------------------------------------------ */
/* Help                                                                */

char *user_creatable_help_types(void)
{
    GString *str = g_string_new("List of user creatable objects:\n");
    GSList *list = object_class_get_list_sorted(TYPE_USER_CREATABLE, false);
    GSList *l;

    for (l = list; l; l = l->next) {
        g_string_append_printf(str, "  %s\n",
                               object_class_get_name(l->data));
    }
    g_slist_free(list);
    return g_string_free(str, false);
}

static gint compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "<type> options:" and a line per writable class property, sorted. */
static char *class_help_props(ObjectClass *klass)
{
    const char *type = object_class_get_name(klass);
    g_autoptr(GPtrArray) lines = NULL;
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    GString *str;
    guint i;

    lines = g_ptr_array_new_with_free_func(g_free);
    object_class_property_iter_init(&iter, klass);
    while ((prop = object_property_iter_next(&iter)) != NULL) {
        /* Only what the user can set. */
        if (prop->set) {
            g_ptr_array_add(lines, object_property_help(prop->name,
                                                        prop->type,
                                                        prop->defval,
                                                        prop->description));
        }
    }
    g_ptr_array_sort(lines, compare_strings);

    str = g_string_new(NULL);
    if (lines->len) {
        g_string_append_printf(str, "%s options:\n", type);
    } else {
        g_string_append_printf(str, "There are no options for %s.\n", type);
    }
    for (i = 0; i < lines->len; i++) {
        g_string_append_printf(str, "%s\n",
                               (char *)g_ptr_array_index(lines, i));
    }
    return g_string_free(str, false);
}

char *user_creatable_help_props(const char *type)
{
    ObjectClass *klass = object_class_by_name(type);

    if (!klass || !object_class_dynamic_cast(klass, TYPE_USER_CREATABLE)) {
        return NULL;
    }
    return class_help_props(klass);
}

bool type_print_class_properties(const char *type)
{
    ObjectClass *klass = object_class_by_name(type);
    g_autofree char *text = NULL;

    if (!klass) {
        return false;
    }
    text = class_help_props(klass);
    fputs(text, stdout);
    return true;
}

bool user_creatable_print_help(const char *type, const QDict *opts)
{
    g_autofree char *text = NULL;

    if (is_help_option(type)) {
        text = user_creatable_help_types();
    } else if (opts && qdict_haskey(opts, "help")) {
        text = user_creatable_help_props(type);
        if (!text) {
            /* Not ours to explain; creation will report the bad type. */
            return false;
        }
    } else {
        return false;
    }
    fputs(text, stdout);
    return true;
}

static void register_types(void)
{
    static const TypeInfo uc_interface_info = {
        .name = TYPE_USER_CREATABLE,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(UserCreatableClass),
    };

    type_register_static(&uc_interface_info);
}

type_init(register_types)

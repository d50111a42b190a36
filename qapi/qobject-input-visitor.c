/*
 * The QObject input visitor: QObject tree -> QAPI C value.
 *
 * The visitor keeps a stack of the containers (QDict/QList) it has
 * entered. Values are looked up in the innermost one: by member name in a
 * dict, in order in a list. Dict members are ticked off as they are
 * consumed so check_struct can name the first one nobody asked for.
 * Every pointer into the QObject tree is borrowed from the root, which the
 * visitor holds a reference to.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qemu/keyval.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/visitor-impl.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

typedef struct StackObject {
    const char *name;           /* name of this container in its parent */
    QObject *obj;               /* the QDict or QList */
    void *qapi;                 /* the C pointer passed to start_*, for end_* */
    GHashTable *unvisited;      /* dict: member names not yet consumed */
    const QListEntry *entry;    /* list: next element to hand out */
    int64_t index;              /* list: index of the element last taken */
} StackObject;

typedef struct QObjectInputVisitor {
    Visitor visitor;
    QObject *root;
    bool keyval;                /* scalars are strings to be parsed */
    GPtrArray *stack;           /* of StackObject *, outermost first */
    GString *errname;           /* scratch buffer for full_name() */
} QObjectInputVisitor;

static QObjectInputVisitor *to_qiv(Visitor *v)
{
    return container_of(v, QObjectInputVisitor, visitor);
}

static StackObject *stack_top(QObjectInputVisitor *qiv)
{
    if (!qiv->stack->len) {
        return NULL;
    }
    return g_ptr_array_index(qiv->stack, qiv->stack->len - 1);
}

static void stack_object_free(gpointer data)
{
    StackObject *so = data;

    if (so->unvisited) {
        g_hash_table_destroy(so->unvisited);
    }
    g_free(so);
}

/*
 * The path of the value @name inside the @depth outermost containers, as
 * QEMU prints it: "a.b[2].c" (JSON), "a.b.2.c" (keyval), "<anonymous>"
 * for the unnamed top level. The result lives until the next call.
 */
static const char *path_at_depth(QObjectInputVisitor *qiv, guint depth,
                                 const char *name)
{
    GString *s = qiv->errname;

    g_string_truncate(s, 0);
    if (depth) {
        StackObject *bottom = g_ptr_array_index(qiv->stack, 0);
        if (bottom->name) {
            g_string_append(s, bottom->name);
        }
    }
    for (guint i = 0; i < depth; i++) {
        StackObject *so = g_ptr_array_index(qiv->stack, i);
        /* The child of level i: the next container, or @name itself. */
        const char *child = i + 1 < depth
            ? ((StackObject *)g_ptr_array_index(qiv->stack, i + 1))->name
            : name;

        if (qobject_type(so->obj) == QTYPE_QDICT) {
            if (s->len) {
                g_string_append_c(s, '.');
            }
            g_string_append(s, child ? child : "<anonymous>");
        } else if (qiv->keyval) {
            g_string_append_printf(s, s->len ? ".%" PRId64 : "%" PRId64,
                                   so->index);
        } else {
            g_string_append_printf(s, "[%" PRId64 "]", so->index);
        }
    }
    if (!depth && name) {
        g_string_append(s, name);
    }
    return s->len ? s->str : "<anonymous>";
}

/* The full path of member @name of the innermost container. */
static const char *full_name(QObjectInputVisitor *qiv, const char *name)
{
    return path_at_depth(qiv, qiv->stack->len, name);
}

static const char *qobject_input_describe(Visitor *v, const char *name)
{
    return full_name(to_qiv(v), name);
}

/*
 * The next value: the root at the top level, member @name of a dict, the
 * next element of a list. @consume marks it as visited. NULL if absent.
 */
static QObject *try_get_object(QObjectInputVisitor *qiv, const char *name,
                               bool consume)
{
    StackObject *tos = stack_top(qiv);
    QObject *ret;

    if (!tos) {
        return qiv->root;
    }
    if (qobject_type(tos->obj) == QTYPE_QDICT) {
        if (!name) {
            return NULL;
        }
        ret = qdict_get(qobject_to(QDict, tos->obj), name);
        if (ret && consume) {
            g_hash_table_remove(tos->unvisited, name);
        }
        return ret;
    }
    ret = tos->entry ? qlist_entry_obj(tos->entry) : NULL;
    if (consume) {
        if (tos->entry) {
            tos->entry = qlist_next(tos->entry);
        }
        tos->index++;
    }
    return ret;
}

static QObject *get_object(QObjectInputVisitor *qiv, const char *name,
                           bool consume, Error **errp)
{
    QObject *obj = try_get_object(qiv, name, consume);

    if (!obj) {
        error_setg(errp, "Parameter '%s' is missing", full_name(qiv, name));
    }
    return obj;
}

static void invalid_type(QObjectInputVisitor *qiv, const char *name,
                         const char *expected, Error **errp)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
               full_name(qiv, name), expected);
}

static void push(QObjectInputVisitor *qiv, const char *name, QObject *obj,
                 void *qapi)
{
    StackObject *so = g_new0(StackObject, 1);

    so->name = name;
    so->obj = obj;
    so->qapi = qapi;
    if (qobject_type(obj) == QTYPE_QDICT) {
        QDict *dict = qobject_to(QDict, obj);

        /* Keys are borrowed from the dict, which outlives the entry. */
        so->unvisited = g_hash_table_new(g_str_hash, g_str_equal);
        for (const QDictEntry *e = qdict_first(dict); e;
             e = qdict_next(dict, e)) {
            g_hash_table_add(so->unvisited, (gpointer)qdict_entry_key(e));
        }
    } else {
        so->entry = qlist_first(qobject_to(QList, obj));
        so->index = -1;
    }
    g_ptr_array_add(qiv->stack, so);
}

static void pop(QObjectInputVisitor *qiv, void *qapi)
{
    StackObject *tos = stack_top(qiv);

    /* A mismatched end is a caller bug; never pop the wrong level silently. */
    g_return_if_fail(tos && tos->qapi == qapi);
    g_ptr_array_remove_index(qiv->stack, qiv->stack->len - 1);
}

/* Containers ---------------------------------------------------------------- */

static bool qobject_input_start_struct(Visitor *v, const char *name,
                                       void **obj, size_t size, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = get_object(qiv, name, true, errp);

    if (obj) {
        *obj = NULL;
    }
    if (!qobj) {
        return false;
    }
    if (qobject_type(qobj) != QTYPE_QDICT) {
        invalid_type(qiv, name, "object", errp);
        return false;
    }
    push(qiv, name, qobj, obj);
    if (obj) {
        *obj = g_malloc0(size);
    }
    return true;
}

static bool qobject_input_check_struct(Visitor *v, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    StackObject *tos = stack_top(qiv);
    QDict *dict;

    if (!tos || !tos->unvisited || !g_hash_table_size(tos->unvisited)) {
        return true;
    }
    /* Name the first leftover member in input order (deterministic). */
    dict = qobject_to(QDict, tos->obj);
    for (const QDictEntry *e = qdict_first(dict); e; e = qdict_next(dict, e)) {
        const char *key = qdict_entry_key(e);

        if (g_hash_table_contains(tos->unvisited, key)) {
            error_setg(errp, "Parameter '%s' is unexpected",
                       full_name(qiv, key));
            return false;
        }
    }
    return true;
}

static void qobject_input_end_struct(Visitor *v, void **obj)
{
    pop(to_qiv(v), obj);
}

static bool qobject_input_start_list(Visitor *v, const char *name,
                                     GenericList **list, size_t size,
                                     Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = get_object(qiv, name, true, errp);

    if (list) {
        *list = NULL;
    }
    if (!qobj) {
        return false;
    }
    if (qobject_type(qobj) != QTYPE_QLIST) {
        invalid_type(qiv, name, "array", errp);
        return false;
    }
    push(qiv, name, qobj, list);
    if (list && stack_top(qiv)->entry) {
        *list = g_malloc0(size);
    }
    return true;
}

static GenericList *qobject_input_next_list(Visitor *v, GenericList *tail,
                                            size_t size)
{
    StackObject *tos = stack_top(to_qiv(v));

    if (!tos || !tos->entry) {
        return NULL;
    }
    tail->next = g_malloc0(size);
    return tail->next;
}

static bool qobject_input_check_list(Visitor *v, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    StackObject *tos = stack_top(qiv);

    if (tos && tos->entry) {
        error_setg(errp, "Only %" PRId64 " list elements expected in %s",
                   tos->index + 1,
                   path_at_depth(qiv, qiv->stack->len - 1, tos->name));
        return false;
    }
    return true;
}

static void qobject_input_end_list(Visitor *v, void **obj)
{
    pop(to_qiv(v), obj);
}

static bool qobject_input_start_alternate(Visitor *v, const char *name,
                                          GenericAlternate **obj, size_t size,
                                          Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    /* Peek only: the branch visit consumes the value. */
    QObject *qobj = get_object(qiv, name, false, errp);

    if (!qobj) {
        *obj = NULL;
        return false;
    }
    *obj = g_malloc0(size);
    (*obj)->type = qobject_type(qobj);
    return true;
}

static void qobject_input_optional(Visitor *v, const char *name, bool *present)
{
    *present = try_get_object(to_qiv(v), name, false) != NULL;
}

/* JSON scalars ---------------------------------------------------------------- */

static bool qobject_input_type_int64(Visitor *v, const char *name,
                                     int64_t *obj, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = get_object(qiv, name, true, errp);
    QNum *qnum;

    if (!qobj) {
        return false;
    }
    qnum = qobject_to(QNum, qobj);
    if (!qnum || !qnum_get_try_int(qnum, obj)) {
        invalid_type(qiv, name, "integer", errp);
        return false;
    }
    return true;
}

static bool qobject_input_type_uint64(Visitor *v, const char *name,
                                      uint64_t *obj, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = get_object(qiv, name, true, errp);
    QNum *qnum;
    int64_t val;

    if (!qobj) {
        return false;
    }
    qnum = qobject_to(QNum, qobj);
    if (qnum && qnum_get_try_uint(qnum, obj)) {
        return true;
    }
    /* QEMU takes negative integers modulo 2^64 (backward compatibility). */
    if (qnum && qnum_get_try_int(qnum, &val)) {
        *obj = val;
        return true;
    }
    error_setg(errp, "Parameter '%s' expects uint64", full_name(qiv, name));
    return false;
}

static bool qobject_input_type_bool(Visitor *v, const char *name, bool *obj,
                                    Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = get_object(qiv, name, true, errp);
    QBool *qbool;

    if (!qobj) {
        return false;
    }
    qbool = qobject_to(QBool, qobj);
    if (!qbool) {
        invalid_type(qiv, name, "boolean", errp);
        return false;
    }
    *obj = qbool_get_bool(qbool);
    return true;
}

static bool qobject_input_type_str(Visitor *v, const char *name, char **obj,
                                   Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = get_object(qiv, name, true, errp);
    QString *qstr;

    *obj = NULL;
    if (!qobj) {
        return false;
    }
    qstr = qobject_to(QString, qobj);
    if (!qstr) {
        invalid_type(qiv, name, "string", errp);
        return false;
    }
    *obj = g_strdup(qstring_get_str(qstr));
    return true;
}

static bool qobject_input_type_number(Visitor *v, const char *name,
                                      double *obj, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = get_object(qiv, name, true, errp);
    QNum *qnum;

    if (!qobj) {
        return false;
    }
    qnum = qobject_to(QNum, qobj);
    if (!qnum) {
        invalid_type(qiv, name, "number", errp);
        return false;
    }
    *obj = qnum_get_double(qnum);
    return true;
}

static bool qobject_input_type_any(Visitor *v, const char *name,
                                   QObject **obj, Error **errp)
{
    QObject *qobj = get_object(to_qiv(v), name, true, errp);

    *obj = qobj ? qobject_ref(qobj) : NULL;
    return qobj != NULL;
}

static bool qobject_input_type_null(Visitor *v, const char *name,
                                    QNull **obj, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = get_object(qiv, name, true, errp);

    *obj = NULL;
    if (!qobj) {
        return false;
    }
    if (qobject_type(qobj) != QTYPE_QNULL) {
        invalid_type(qiv, name, "null", errp);
        return false;
    }
    *obj = qnull();
    return true;
}

/* Keyval scalars: strings parsed on demand ----------------------------------- */

static const char *get_keyval(QObjectInputVisitor *qiv, const char *name,
                              Error **errp)
{
    QObject *qobj = get_object(qiv, name, true, errp);

    if (!qobj) {
        return NULL;
    }
    switch (qobject_type(qobj)) {
    case QTYPE_QSTRING:
        return qstring_get_str(qobject_to(QString, qobj));
    case QTYPE_QDICT:
    case QTYPE_QLIST:
        error_setg(errp, "Parameters '%s.*' are unexpected",
                   full_name(qiv, name));
        return NULL;
    default:
        /* keyval_parse never makes these; a hand-built tree might. */
        invalid_type(qiv, name, "string", errp);
        return NULL;
    }
}

static bool qobject_input_type_int64_keyval(Visitor *v, const char *name,
                                            int64_t *obj, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    const char *str = get_keyval(qiv, name, errp);
    int64_t val;

    if (!str) {
        return false;
    }
    if (qemu_strtoi64(str, NULL, 0, &val) < 0) {
        error_setg(errp, "Parameter '%s' expects integer", full_name(qiv, name));
        return false;
    }
    *obj = val;
    return true;
}

static bool qobject_input_type_uint64_keyval(Visitor *v, const char *name,
                                             uint64_t *obj, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    const char *str = get_keyval(qiv, name, errp);
    uint64_t val;

    if (!str) {
        return false;
    }
    if (qemu_strtou64(str, NULL, 0, &val) < 0) {
        error_setg(errp, "Parameter '%s' expects integer", full_name(qiv, name));
        return false;
    }
    *obj = val;
    return true;
}

static bool qobject_input_type_bool_keyval(Visitor *v, const char *name,
                                           bool *obj, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    const char *str = get_keyval(qiv, name, errp);

    if (!str) {
        return false;
    }
    return qapi_bool_parse(full_name(qiv, name), str, obj, errp);
}

static bool qobject_input_type_str_keyval(Visitor *v, const char *name,
                                          char **obj, Error **errp)
{
    const char *str = get_keyval(to_qiv(v), name, errp);

    *obj = g_strdup(str);
    return str != NULL;
}

static bool qobject_input_type_number_keyval(Visitor *v, const char *name,
                                             double *obj, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    const char *str = get_keyval(qiv, name, errp);
    double val;

    if (!str) {
        return false;
    }
    if (qemu_strtod_finite(str, NULL, &val) < 0) {
        error_setg(errp, "Parameter '%s' expects number", full_name(qiv, name));
        return false;
    }
    *obj = val;
    return true;
}

static bool qobject_input_type_size_keyval(Visitor *v, const char *name,
                                           uint64_t *obj, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    const char *str = get_keyval(qiv, name, errp);
    uint64_t val;

    if (!str) {
        return false;
    }
    if (qemu_strtosz(str, NULL, &val) < 0) {
        error_setg(errp, "Parameter '%s' expects size", full_name(qiv, name));
        return false;
    }
    *obj = val;
    return true;
}

/* Construction ----------------------------------------------------------------- */

static void qobject_input_free(Visitor *v)
{
    QObjectInputVisitor *qiv = to_qiv(v);

    g_ptr_array_free(qiv->stack, true);
    g_string_free(qiv->errname, true);
    qobject_unref(qiv->root);
    g_free(qiv);
}

static QObjectInputVisitor *qobject_input_visitor_base_new(QObject *obj)
{
    QObjectInputVisitor *qiv = g_new0(QObjectInputVisitor, 1);

    qiv->visitor.type = VISITOR_INPUT;
    qiv->visitor.start_struct = qobject_input_start_struct;
    qiv->visitor.check_struct = qobject_input_check_struct;
    qiv->visitor.end_struct = qobject_input_end_struct;
    qiv->visitor.start_list = qobject_input_start_list;
    qiv->visitor.next_list = qobject_input_next_list;
    qiv->visitor.check_list = qobject_input_check_list;
    qiv->visitor.end_list = qobject_input_end_list;
    qiv->visitor.start_alternate = qobject_input_start_alternate;
    qiv->visitor.optional = qobject_input_optional;
    qiv->visitor.describe = qobject_input_describe;
    qiv->visitor.type_any = qobject_input_type_any;
    qiv->visitor.type_null = qobject_input_type_null;
    qiv->visitor.free = qobject_input_free;

    qiv->root = qobject_ref(obj);
    qiv->stack = g_ptr_array_new_with_free_func(stack_object_free);
    qiv->errname = g_string_new(NULL);
    return qiv;
}

Visitor *qobject_input_visitor_new(QObject *obj)
{
    QObjectInputVisitor *qiv = qobject_input_visitor_base_new(obj);

    qiv->visitor.type_int64 = qobject_input_type_int64;
    qiv->visitor.type_uint64 = qobject_input_type_uint64;
    qiv->visitor.type_bool = qobject_input_type_bool;
    qiv->visitor.type_str = qobject_input_type_str;
    qiv->visitor.type_number = qobject_input_type_number;
    return &qiv->visitor;
}

Visitor *qobject_input_visitor_new_keyval(QObject *obj)
{
    QObjectInputVisitor *qiv = qobject_input_visitor_base_new(obj);

    qiv->keyval = true;
    qiv->visitor.type_int64 = qobject_input_type_int64_keyval;
    qiv->visitor.type_uint64 = qobject_input_type_uint64_keyval;
    qiv->visitor.type_bool = qobject_input_type_bool_keyval;
    qiv->visitor.type_str = qobject_input_type_str_keyval;
    qiv->visitor.type_number = qobject_input_type_number_keyval;
    qiv->visitor.type_size = qobject_input_type_size_keyval;
    return &qiv->visitor;
}

Visitor *qobject_input_visitor_new_str(const char *str,
                                       const char *implied_key,
                                       Error **errp)
{
    Visitor *v;

    if (str[0] == '{') {
        g_autoptr(QObject) obj = qobject_from_json(str, errp);

        if (!obj) {
            return NULL;
        }
        if (qobject_type(obj) != QTYPE_QDICT) {
            error_setg(errp, "JSON option string must be an object");
            return NULL;
        }
        v = qobject_input_visitor_new(obj);
    } else {
        g_autoptr(QDict) args = keyval_parse(str, implied_key, NULL, errp);

        if (!args) {
            return NULL;
        }
        v = qobject_input_visitor_new_keyval(QOBJECT(args));
    }
    return v;
}

Visitor *qobject_input_visitor_new_flat_confused(QDict *qdict, Error **errp)
{
    g_autoptr(QObject) crumpled = qdict_crumple_for_keyval_qiv(qdict, errp);

    if (!crumpled) {
        return NULL;
    }
    return qobject_input_visitor_new_keyval(crumpled);
}

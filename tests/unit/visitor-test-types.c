/*
 * Visit functions for the visitor tests, written the way the QAPI
 * generator writes them (see visitor-test-types.h).
 */
#include "qemu/osdep.h"
#include "qapi/dealloc-visitor.h"
#include "qobject/qjson.h"
#include "qobject/qnull.h"
#include "visitor-test-types.h"

const QEnumLookup TestEnum_lookup = {
    .array = (const char *const[]) {
        [TEST_ENUM_VALUE1] = "value1",
        [TEST_ENUM_VALUE2] = "value2",
        [TEST_ENUM_VALUE3] = "value3",
    },
    .size = TEST_ENUM__MAX,
};

bool visit_type_TestEnum(Visitor *v, const char *name, TestEnum *obj,
                         Error **errp)
{
    int value = *obj;
    bool ok = visit_type_enum(v, name, &value, &TestEnum_lookup, errp);

    *obj = value;
    return ok;
}

bool visit_type_TestInner_members(Visitor *v, TestInner *obj, Error **errp)
{
    if (!visit_type_int(v, "integer", &obj->integer, errp)) {
        return false;
    }
    if (visit_optional(v, "label", &obj->has_label)) {
        if (!visit_type_str(v, "label", &obj->label, errp)) {
            return false;
        }
    }
    return true;
}

bool visit_type_TestInner(Visitor *v, const char *name, TestInner **obj,
                          Error **errp)
{
    bool ok = false;

    if (!visit_start_struct(v, name, (void **)obj, sizeof(TestInner), errp)) {
        return false;
    }
    if (!*obj) {
        /* incomplete */
        g_assert(visit_is_dealloc(v));
        ok = true;
        goto out_obj;
    }
    if (!visit_type_TestInner_members(v, *obj, errp)) {
        goto out_obj;
    }
    ok = visit_check_struct(v, errp);
out_obj:
    visit_end_struct(v, (void **)obj);
    if (!ok && visit_is_input(v)) {
        qapi_free_TestInner(*obj);
        *obj = NULL;
    }
    return ok;
}

bool visit_type_TestInnerList(Visitor *v, const char *name,
                              TestInnerList **obj, Error **errp)
{
    bool ok = false;
    TestInnerList *tail;
    size_t size = sizeof(**obj);

    if (!visit_start_list(v, name, (GenericList **)obj, size, errp)) {
        return false;
    }
    for (tail = *obj; tail;
         tail = (TestInnerList *)visit_next_list(v, (GenericList *)tail,
                                                 size)) {
        if (!visit_type_TestInner(v, NULL, &tail->value, errp)) {
            goto out_obj;
        }
    }
    ok = visit_check_list(v, errp);
out_obj:
    visit_end_list(v, (void **)obj);
    if (!ok && visit_is_input(v)) {
        qapi_free_TestInnerList(*obj);
        *obj = NULL;
    }
    return ok;
}

bool visit_type_intList(Visitor *v, const char *name, intList **obj,
                        Error **errp)
{
    bool ok = false;
    intList *tail;
    size_t size = sizeof(**obj);

    if (!visit_start_list(v, name, (GenericList **)obj, size, errp)) {
        return false;
    }
    for (tail = *obj; tail;
         tail = (intList *)visit_next_list(v, (GenericList *)tail, size)) {
        if (!visit_type_int(v, NULL, &tail->value, errp)) {
            goto out_obj;
        }
    }
    ok = visit_check_list(v, errp);
out_obj:
    visit_end_list(v, (void **)obj);
    if (!ok && visit_is_input(v)) {
        qapi_free_intList(*obj);
        *obj = NULL;
    }
    return ok;
}

bool visit_type_uint8List(Visitor *v, const char *name, uint8List **obj,
                          Error **errp)
{
    bool ok = false;
    uint8List *tail;
    size_t size = sizeof(**obj);

    if (!visit_start_list(v, name, (GenericList **)obj, size, errp)) {
        return false;
    }
    for (tail = *obj; tail;
         tail = (uint8List *)visit_next_list(v, (GenericList *)tail, size)) {
        if (!visit_type_uint8(v, NULL, &tail->value, errp)) {
            goto out_obj;
        }
    }
    ok = visit_check_list(v, errp);
out_obj:
    visit_end_list(v, (void **)obj);
    if (!ok && visit_is_input(v)) {
        qapi_free_uint8List(*obj);
        *obj = NULL;
    }
    return ok;
}

bool visit_type_strList(Visitor *v, const char *name, strList **obj,
                        Error **errp)
{
    bool ok = false;
    strList *tail;
    size_t size = sizeof(**obj);

    if (!visit_start_list(v, name, (GenericList **)obj, size, errp)) {
        return false;
    }
    for (tail = *obj; tail;
         tail = (strList *)visit_next_list(v, (GenericList *)tail, size)) {
        if (!visit_type_str(v, NULL, &tail->value, errp)) {
            goto out_obj;
        }
    }
    ok = visit_check_list(v, errp);
out_obj:
    visit_end_list(v, (void **)obj);
    if (!ok && visit_is_input(v)) {
        qapi_free_strList(*obj);
        *obj = NULL;
    }
    return ok;
}

bool visit_type_TestAlt(Visitor *v, const char *name, TestAlt **obj,
                        Error **errp)
{
    bool ok = false;

    if (!visit_start_alternate(v, name, (GenericAlternate **)obj,
                               sizeof(**obj), errp)) {
        return false;
    }
    if (!*obj) {
        /* incomplete */
        g_assert(visit_is_dealloc(v));
        ok = true;
        goto out_obj;
    }
    switch ((*obj)->type) {
    case QTYPE_QNUM:
        ok = visit_type_int(v, name, &(*obj)->u.i, errp);
        break;
    case QTYPE_QSTRING:
        ok = visit_type_str(v, name, &(*obj)->u.s, errp);
        break;
    case QTYPE_QBOOL:
        ok = visit_type_bool(v, name, &(*obj)->u.b, errp);
        break;
    case QTYPE_QDICT:
        if (!visit_start_struct(v, name, NULL, 0, errp)) {
            break;
        }
        if (visit_type_TestInner_members(v, &(*obj)->u.d, errp)) {
            ok = visit_check_struct(v, errp);
        }
        visit_end_struct(v, NULL);
        break;
    case QTYPE_NONE:
        g_assert_not_reached();
    default:
        g_assert(visit_is_input(v));
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   name ? name : "null", "TestAlt");
        /* Avoid passing invalid *obj to qapi_free_TestAlt() */
        g_free(*obj);
        *obj = NULL;
    }
out_obj:
    visit_end_alternate(v, (void **)obj);
    if (!ok && visit_is_input(v)) {
        qapi_free_TestAlt(*obj);
        *obj = NULL;
    }
    return ok;
}

bool visit_type_TestOuter_members(Visitor *v, TestOuter *obj, Error **errp)
{
    if (!visit_type_str(v, "name", &obj->name, errp)) {
        return false;
    }
    if (!visit_type_TestEnum(v, "kind", &obj->kind, errp)) {
        return false;
    }
    if (!visit_type_TestInner(v, "inner", &obj->inner, errp)) {
        return false;
    }
    if (!visit_type_TestInnerList(v, "items", &obj->items, errp)) {
        return false;
    }
    if (!visit_type_intList(v, "nums", &obj->nums, errp)) {
        return false;
    }
    if (visit_optional(v, "i8", &obj->has_i8)) {
        if (!visit_type_int8(v, "i8", &obj->i8, errp)) {
            return false;
        }
    }
    if (visit_optional(v, "u16", &obj->has_u16)) {
        if (!visit_type_uint16(v, "u16", &obj->u16, errp)) {
            return false;
        }
    }
    if (visit_optional(v, "sz", &obj->has_sz)) {
        if (!visit_type_size(v, "sz", &obj->sz, errp)) {
            return false;
        }
    }
    if (visit_optional(v, "flag", &obj->has_flag)) {
        if (!visit_type_bool(v, "flag", &obj->flag, errp)) {
            return false;
        }
    }
    if (visit_optional(v, "num", &obj->has_num)) {
        if (!visit_type_number(v, "num", &obj->num, errp)) {
            return false;
        }
    }
    if (visit_optional(v, "alt", &obj->has_alt)) {
        if (!visit_type_TestAlt(v, "alt", &obj->alt, errp)) {
            return false;
        }
    }
    if (visit_optional(v, "anything", &obj->has_anything)) {
        if (!visit_type_any(v, "anything", &obj->anything, errp)) {
            return false;
        }
    }
    if (visit_optional(v, "nothing", &obj->has_nothing)) {
        if (!visit_type_null(v, "nothing", &obj->nothing, errp)) {
            return false;
        }
    }
    if (visit_optional(v, "strs", &obj->has_strs)) {
        if (!visit_type_strList(v, "strs", &obj->strs, errp)) {
            return false;
        }
    }
    return true;
}

bool visit_type_TestOuter(Visitor *v, const char *name, TestOuter **obj,
                          Error **errp)
{
    bool ok = false;

    if (!visit_start_struct(v, name, (void **)obj, sizeof(TestOuter), errp)) {
        return false;
    }
    if (!*obj) {
        /* incomplete */
        g_assert(visit_is_dealloc(v));
        ok = true;
        goto out_obj;
    }
    if (!visit_type_TestOuter_members(v, *obj, errp)) {
        goto out_obj;
    }
    ok = visit_check_struct(v, errp);
out_obj:
    visit_end_struct(v, (void **)obj);
    if (!ok && visit_is_input(v)) {
        qapi_free_TestOuter(*obj);
        *obj = NULL;
    }
    return ok;
}

#define DEFINE_FREE(type)                                   \
void qapi_free_##type(type *obj)                            \
{                                                           \
    Visitor *v;                                             \
                                                            \
    if (!obj) {                                             \
        return;                                             \
    }                                                       \
    v = qapi_dealloc_visitor_new();                         \
    visit_type_##type(v, NULL, &obj, NULL);                 \
    visit_free(v);                                          \
}

DEFINE_FREE(TestInner)
DEFINE_FREE(TestInnerList)
DEFINE_FREE(intList)
DEFINE_FREE(uint8List)
DEFINE_FREE(strList)
DEFINE_FREE(TestAlt)
DEFINE_FREE(TestOuter)

static TestInner *inner_new(int64_t integer, const char *label)
{
    TestInner *in = g_new0(TestInner, 1);

    in->integer = integer;
    in->has_label = label != NULL;
    in->label = g_strdup(label);
    return in;
}

TestOuter *test_outer_sample(void)
{
    TestOuter *o = g_new0(TestOuter, 1);
    TestInnerList *items = NULL;
    intList *nums = NULL;
    strList *strs = NULL;

    o->name = g_strdup("outer \"one\"");
    o->kind = TEST_ENUM_VALUE2;
    o->inner = inner_new(-42, "in");
    QAPI_LIST_PREPEND(items, inner_new(2, NULL));
    QAPI_LIST_PREPEND(items, inner_new(1, "first"));
    o->items = items;
    QAPI_LIST_PREPEND(nums, INT64_MIN);
    QAPI_LIST_PREPEND(nums, INT64_MAX);
    QAPI_LIST_PREPEND(nums, 0);
    o->nums = nums;
    o->has_i8 = true;
    o->i8 = -128;
    o->has_u16 = true;
    o->u16 = 65535;
    o->has_sz = true;
    o->sz = UINT64_MAX;
    o->has_flag = true;
    o->flag = true;
    o->has_num = true;
    o->num = 3.25;
    o->has_alt = true;
    o->alt = g_new0(TestAlt, 1);
    o->alt->type = QTYPE_QDICT;
    o->alt->u.d.integer = 7;
    o->alt->u.d.has_label = true;
    o->alt->u.d.label = g_strdup("alt");
    o->has_anything = true;
    o->anything = qobject_from_json("{\"x\": [1, \"two\", null]}", &error_abort);
    o->has_nothing = true;
    o->nothing = qnull();
    o->has_strs = true;
    QAPI_LIST_PREPEND(strs, g_strdup("b"));
    QAPI_LIST_PREPEND(strs, g_strdup("a"));
    o->strs = strs;
    return o;
}

static void inner_assert_equal(const TestInner *a, const TestInner *b)
{
    g_assert_cmpint(a->integer, ==, b->integer);
    g_assert_cmpint(a->has_label, ==, b->has_label);
    if (a->has_label) {
        g_assert_cmpstr(a->label, ==, b->label);
    }
}

void test_outer_assert_equal(const TestOuter *a, const TestOuter *b)
{
    const TestInnerList *ia, *ib;
    const intList *na, *nb;

    g_assert_cmpstr(a->name, ==, b->name);
    g_assert_cmpint(a->kind, ==, b->kind);
    inner_assert_equal(a->inner, b->inner);
    for (ia = a->items, ib = b->items; ia && ib; ia = ia->next, ib = ib->next) {
        inner_assert_equal(ia->value, ib->value);
    }
    g_assert_true(!ia && !ib);
    for (na = a->nums, nb = b->nums; na && nb; na = na->next, nb = nb->next) {
        g_assert_cmpint(na->value, ==, nb->value);
    }
    g_assert_true(!na && !nb);
    g_assert_cmpint(a->has_i8, ==, b->has_i8);
    g_assert_cmpint(a->i8, ==, b->i8);
    g_assert_cmpint(a->has_u16, ==, b->has_u16);
    g_assert_cmpuint(a->u16, ==, b->u16);
    g_assert_cmpint(a->has_sz, ==, b->has_sz);
    g_assert_cmpuint(a->sz, ==, b->sz);
    g_assert_cmpint(a->has_flag, ==, b->has_flag);
    g_assert_cmpint(a->flag, ==, b->flag);
    g_assert_cmpint(a->has_num, ==, b->has_num);
    g_assert_cmpfloat(a->num, ==, b->num);
    g_assert_cmpint(a->has_alt, ==, b->has_alt);
    if (a->has_alt) {
        g_assert_cmpint(a->alt->type, ==, b->alt->type);
        switch (a->alt->type) {
        case QTYPE_QNUM:
            g_assert_cmpint(a->alt->u.i, ==, b->alt->u.i);
            break;
        case QTYPE_QSTRING:
            g_assert_cmpstr(a->alt->u.s, ==, b->alt->u.s);
            break;
        case QTYPE_QBOOL:
            g_assert_cmpint(a->alt->u.b, ==, b->alt->u.b);
            break;
        default:
            inner_assert_equal(&a->alt->u.d, &b->alt->u.d);
        }
    }
    g_assert_cmpint(a->has_anything, ==, b->has_anything);
    if (a->has_anything) {
        g_assert_true(qobject_is_equal(a->anything, b->anything));
    }
    g_assert_cmpint(a->has_nothing, ==, b->has_nothing);
    g_assert_cmpint(a->has_strs, ==, b->has_strs);
    if (a->has_strs) {
        const strList *sa, *sb;

        for (sa = a->strs, sb = b->strs; sa && sb;
             sa = sa->next, sb = sb->next) {
            g_assert_cmpstr(sa->value, ==, sb->value);
        }
        g_assert_true(!sa && !sb);
    }
}

char *test_to_json(QObject *obj)
{
    GString *s = qobject_to_json(obj);

    return g_string_free(s, false);
}

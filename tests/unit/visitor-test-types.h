/*
 * Hand-written QAPI types and visit functions for the visitor tests,
 * shaped exactly like the generator's output (a struct with optional and
 * nested members, lists, an enum, an alternate with a struct branch), so
 * the visitors are tested the way generated code drives them.
 *
 * Schema equivalent:
 *   { 'enum': 'TestEnum', 'data': ['value1', 'value2', 'value3'] }
 *   { 'struct': 'TestInner', 'data': { 'integer': 'int', '*label': 'str' } }
 *   { 'alternate': 'TestAlt',
 *     'data': { 'i': 'int', 's': 'str', 'b': 'bool', 'd': 'TestInner' } }
 *   { 'struct': 'TestOuter',
 *     'data': { 'name': 'str', 'kind': 'TestEnum', 'inner': 'TestInner',
 *               'items': ['TestInner'], 'nums': ['int'],
 *               '*i8': 'int8', '*u16': 'uint16', '*sz': 'size',
 *               '*flag': 'bool', '*num': 'number', '*alt': 'TestAlt',
 *               '*anything': 'any', '*nothing': 'null',
 *               '*strs': ['str'] } }
 */
#ifndef VISITOR_TEST_TYPES_H
#define VISITOR_TEST_TYPES_H

#include "qapi/visitor.h"

typedef enum TestEnum {
    TEST_ENUM_VALUE1,
    TEST_ENUM_VALUE2,
    TEST_ENUM_VALUE3,
    TEST_ENUM__MAX,
} TestEnum;

extern const QEnumLookup TestEnum_lookup;

typedef struct TestInner {
    int64_t integer;
    bool has_label;
    char *label;
} TestInner;

typedef struct TestInnerList {
    struct TestInnerList *next;
    TestInner *value;
} TestInnerList;

typedef struct intList {
    struct intList *next;
    int64_t value;
} intList;

typedef struct uint8List {
    struct uint8List *next;
    uint8_t value;
} uint8List;

typedef struct strList {
    struct strList *next;
    char *value;
} strList;

typedef struct TestAlt {
    QType type;
    union {
        int64_t i;
        char *s;
        bool b;
        TestInner d;
    } u;
} TestAlt;

typedef struct TestOuter {
    char *name;
    TestEnum kind;
    TestInner *inner;
    TestInnerList *items;
    intList *nums;
    bool has_i8;
    int8_t i8;
    bool has_u16;
    uint16_t u16;
    bool has_sz;
    uint64_t sz;
    bool has_flag;
    bool flag;
    bool has_num;
    double num;
    bool has_alt;
    TestAlt *alt;
    bool has_anything;
    QObject *anything;
    bool has_nothing;
    QNull *nothing;
    bool has_strs;
    strList *strs;
} TestOuter;

bool visit_type_TestEnum(Visitor *v, const char *name, TestEnum *obj,
                         Error **errp);
bool visit_type_TestInner_members(Visitor *v, TestInner *obj, Error **errp);
bool visit_type_TestInner(Visitor *v, const char *name, TestInner **obj,
                          Error **errp);
bool visit_type_TestInnerList(Visitor *v, const char *name,
                              TestInnerList **obj, Error **errp);
bool visit_type_intList(Visitor *v, const char *name, intList **obj,
                        Error **errp);
bool visit_type_uint8List(Visitor *v, const char *name, uint8List **obj,
                          Error **errp);
bool visit_type_strList(Visitor *v, const char *name, strList **obj,
                        Error **errp);
bool visit_type_TestAlt(Visitor *v, const char *name, TestAlt **obj,
                        Error **errp);
bool visit_type_TestOuter_members(Visitor *v, TestOuter *obj, Error **errp);
bool visit_type_TestOuter(Visitor *v, const char *name, TestOuter **obj,
                          Error **errp);

void qapi_free_TestInner(TestInner *obj);
void qapi_free_TestInnerList(TestInnerList *obj);
void qapi_free_intList(intList *obj);
void qapi_free_uint8List(uint8List *obj);
void qapi_free_strList(strList *obj);
void qapi_free_TestAlt(TestAlt *obj);
void qapi_free_TestOuter(TestOuter *obj);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TestOuter, qapi_free_TestOuter)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TestInner, qapi_free_TestInner)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(intList, qapi_free_intList)

/* A fully populated TestOuter, and a deep comparison of two. */
TestOuter *test_outer_sample(void);
void test_outer_assert_equal(const TestOuter *a, const TestOuter *b);

/* The JSON text of @obj (compact), for comparing trees in tests. */
char *test_to_json(QObject *obj);

#endif

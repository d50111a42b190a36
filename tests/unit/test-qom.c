/*
 * QOM unit tests: types, classes, interfaces, casts, object life cycle,
 * properties and the composition tree.
 */
#include "qemu/osdep.h"
#include <time.h>
#include "qom/object.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/visitor.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

/* ------------------------------------------------------------------ */
/* Test types                                                          */
/*
 * test-animal (abstract, base_init records descendants)
 *   test-dog (implements test-pet)
 *     test-puppy (overrides sound and the pet's greet)
 *   test-cat
 *     test-lion (implements test-guard, a sub-interface of test-pet)
 */

#define TYPE_TEST_ANIMAL "test-animal"
#define TYPE_TEST_DOG "test-dog"
#define TYPE_TEST_PUPPY "test-puppy"
#define TYPE_TEST_CAT "test-cat"
#define TYPE_TEST_LION "test-lion"
#define TYPE_TEST_PET "test-pet"
#define TYPE_TEST_GUARD "test-guard"

typedef enum TestColor {
    TEST_COLOR_RED,
    TEST_COLOR_GREEN,
    TEST_COLOR_BLUE,
} TestColor;

static const char *const test_color_names[] = { "red", "green", "blue" };
static const QEnumLookup test_color_lookup = {
    .array = test_color_names,
    .size = 3,
};

OBJECT_DECLARE_TYPE(TestAnimal, TestAnimalClass, TEST_ANIMAL)
OBJECT_DECLARE_SIMPLE_TYPE(TestDog, TEST_DOG)
OBJECT_DECLARE_SIMPLE_TYPE(TestCat, TEST_CAT)

typedef struct TestPet TestPet;
typedef struct TestPetClass {
    InterfaceClass parent_class;
    const char *(*greet)(TestPet *pet);
    int class_init_runs;
} TestPetClass;
DECLARE_CLASS_CHECKERS(TestPetClass, TEST_PET, TYPE_TEST_PET)
#define TEST_PET(obj) INTERFACE_CHECK(TestPet, (obj), TYPE_TEST_PET)

typedef struct TestGuardClass {
    TestPetClass parent_class;
    bool barks;
} TestGuardClass;

struct TestAnimalClass {
    ObjectClass parent_class;
    const char *(*sound)(TestAnimal *animal);
    int legs;
    GPtrArray *base_inits;      /* names of classes base_init saw */
};

struct TestAnimal {
    Object parent_obj;
    char *name;
    bool good;
    TestColor color;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    Object *friend;             /* link<test-animal>, refuses itself */
    Object *keeper;             /* strong link<test-animal> */
};

struct TestDog {
    TestAnimal parent_obj;
    int tricks;
};

struct TestCat {
    TestAnimal parent_obj;
};

/* What ran, in order: "init:test-animal", "finalize:test-dog", ... */
static GString *events;
static uint32_t class_shared_u32 = 7;

static void log_event(const char *what, const char *type)
{
    if (events->len) {
        g_string_append_c(events, ',');
    }
    g_string_append_printf(events, "%s:%s", what, type);
}

static char *take_events(void)
{
    char *s = g_strdup(events->str);

    g_string_truncate(events, 0);
    return s;
}

static const char *animal_sound(TestAnimal *animal)
{
    return "...";
}

static const char *dog_sound(TestAnimal *animal)
{
    return "woof";
}

static const char *puppy_sound(TestAnimal *animal)
{
    return "yip";
}

static const char *pet_greet_default(TestPet *pet)
{
    return "hello";
}

static const char *dog_greet(TestPet *pet)
{
    return "wag";
}

static const char *puppy_greet(TestPet *pet)
{
    return "lick";
}

static char *animal_get_name(Object *obj, Error **errp)
{
    return g_strdup(TEST_ANIMAL(obj)->name);
}

static void animal_set_name(Object *obj, const char *value, Error **errp)
{
    TestAnimal *a = TEST_ANIMAL(obj);

    if (!*value) {
        error_setg(errp, "name of '%s' must not be empty",
                   object_get_typename(obj));
        return;
    }
    g_free(a->name);
    a->name = g_strdup(value);
}

static char *animal_get_kind(Object *obj, Error **errp)
{
    return g_strdup(object_get_typename(obj));
}

static bool animal_get_good(Object *obj, Error **errp)
{
    return TEST_ANIMAL(obj)->good;
}

static void animal_set_good(Object *obj, bool value, Error **errp)
{
    TEST_ANIMAL(obj)->good = value;
}

static int animal_get_color(Object *obj, Error **errp)
{
    return TEST_ANIMAL(obj)->color;
}

static void animal_set_color(Object *obj, int value, Error **errp)
{
    TEST_ANIMAL(obj)->color = value;
}

static bool animal_get_secret(Object *obj, Error **errp)
{
    error_setg(errp, "the secret of '%s' is not told",
               object_get_typename(obj));
    return false;
}

static void animal_check_friend(const Object *obj, const char *name,
                                Object *val, Error **errp)
{
    if (val == obj) {
        error_setg(errp, "an animal cannot be its own %s", name);
    }
}

static void animal_class_base_init(ObjectClass *oc, void *data)
{
    TestAnimalClass *ac = (TestAnimalClass *)oc;

    /* The copy from the parent shares the array: give each its own. */
    ac->base_inits = g_ptr_array_new();
    g_ptr_array_add(ac->base_inits, (gpointer)object_class_get_name(oc));
}

static void animal_class_init(ObjectClass *oc, void *data)
{
    TestAnimalClass *ac = TEST_ANIMAL_CLASS(oc);
    ObjectProperty *op;

    ac->sound = animal_sound;
    ac->legs = 4;
    object_class_property_add_str(oc, "kind", animal_get_kind, NULL);
    object_class_property_add_bool(oc, "good", animal_get_good,
                                   animal_set_good);
    object_class_property_set_description(oc, "good",
                                          "Whether it behaves");
    op = object_class_property_add_enum(oc, "color", "TestColor",
                                        &test_color_lookup, animal_get_color,
                                        animal_set_color);
    object_property_set_default_str(op, "green");
    object_class_property_add_uint32_ptr(oc, "shared", &class_shared_u32,
                                         OBJ_PROP_FLAG_READ);
    object_class_property_add_bool(oc, "secret", animal_get_secret, NULL);
    object_class_property_add_link(oc, "keeper", TYPE_TEST_ANIMAL,
                                   offsetof(TestAnimal, keeper),
                                   object_property_allow_set_link,
                                   OBJ_PROP_LINK_STRONG);
}

static void animal_init(Object *obj)
{
    TestAnimal *a = TEST_ANIMAL(obj);

    log_event("init", TYPE_TEST_ANIMAL);
    object_property_add_str(obj, "name", animal_get_name, animal_set_name);
    object_property_add_uint8_ptr(obj, "u8", &a->u8,
                                  OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint16_ptr(obj, "u16", &a->u16,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "u32", &a->u32,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint64_ptr(obj, "u64", &a->u64,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint64_ptr(obj, "u64-ro", &a->u64,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_link(obj, "friend", TYPE_TEST_ANIMAL, &a->friend,
                             animal_check_friend, 0);
}

static void animal_post_init(Object *obj)
{
    log_event("post", TYPE_TEST_ANIMAL);
}

static void animal_finalize(Object *obj)
{
    log_event("finalize", TYPE_TEST_ANIMAL);
    g_free(TEST_ANIMAL(obj)->name);
}

static void dog_class_init(ObjectClass *oc, void *data)
{
    TestPetClass *pc = TEST_PET_CLASS(oc);

    TEST_ANIMAL_CLASS(oc)->sound = dog_sound;
    pc->greet = dog_greet;
}

static void dog_init(Object *obj)
{
    log_event("init", TYPE_TEST_DOG);
}

static void dog_post_init(Object *obj)
{
    log_event("post", TYPE_TEST_DOG);
}

static void dog_finalize(Object *obj)
{
    log_event("finalize", TYPE_TEST_DOG);
}

static void puppy_class_init(ObjectClass *oc, void *data)
{
    TEST_ANIMAL_CLASS(oc)->sound = puppy_sound;
    TEST_ANIMAL_CLASS(oc)->legs = GPOINTER_TO_INT(data);
    TEST_PET_CLASS(oc)->greet = puppy_greet;
}

static void puppy_init(Object *obj)
{
    log_event("init", TYPE_TEST_PUPPY);
}

static void puppy_finalize(Object *obj)
{
    log_event("finalize", TYPE_TEST_PUPPY);
}

static void pet_class_init(ObjectClass *oc, void *data)
{
    TestPetClass *pc = (TestPetClass *)oc;

    pc->greet = pet_greet_default;
    pc->class_init_runs++;
}

static void guard_class_init(ObjectClass *oc, void *data)
{
    ((TestGuardClass *)oc)->barks = true;
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_ANIMAL,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .instance_size = sizeof(TestAnimal),
        .instance_init = animal_init,
        .instance_post_init = animal_post_init,
        .instance_finalize = animal_finalize,
        .class_size = sizeof(TestAnimalClass),
        .class_init = animal_class_init,
        .class_base_init = animal_class_base_init,
    }, {
        .name = TYPE_TEST_DOG,
        .parent = TYPE_TEST_ANIMAL,
        .instance_size = sizeof(TestDog),
        .instance_init = dog_init,
        .instance_post_init = dog_post_init,
        .instance_finalize = dog_finalize,
        .class_init = dog_class_init,
        .interfaces = (InterfaceInfo[]) {
            { TYPE_TEST_PET },
            { }
        },
    }, {
        .name = TYPE_TEST_PUPPY,
        .parent = TYPE_TEST_DOG,
        .instance_init = puppy_init,
        .instance_finalize = puppy_finalize,
        .class_init = puppy_class_init,
        .class_data = GINT_TO_POINTER(3),
        .interfaces = (InterfaceInfo[]) {
            { TYPE_TEST_PET },     /* already inherited: not added twice */
            { }
        },
    }, {
        .name = TYPE_TEST_CAT,
        .parent = TYPE_TEST_ANIMAL,
        .instance_size = sizeof(TestCat),
    }, {
        .name = TYPE_TEST_LION,
        .parent = TYPE_TEST_CAT,
        .interfaces = (InterfaceInfo[]) {
            { TYPE_TEST_GUARD },
            { }
        },
    }, {
        .name = TYPE_TEST_PET,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(TestPetClass),
        .class_init = pet_class_init,
    }, {
        .name = TYPE_TEST_GUARD,
        .parent = TYPE_TEST_PET,
        .class_size = sizeof(TestGuardClass),
        .class_init = guard_class_init,
    },
};

DEFINE_TYPES(test_types)

/* A type declared with the one-line macros. */
#define TYPE_TEST_BIRD "test-bird"
OBJECT_DECLARE_TYPE(TestBird, TestBirdClass, TEST_BIRD)

struct TestBird {
    Object parent_obj;
    int wings;
};

struct TestBirdClass {
    ObjectClass parent_class;
    bool flies;
};

OBJECT_DEFINE_TYPE_WITH_INTERFACES(TestBird, test_bird, TEST_BIRD, OBJECT,
                                   { TYPE_TEST_PET }, { })

static void test_bird_class_init(ObjectClass *oc, void *data)
{
    TEST_BIRD_CLASS(oc)->flies = true;
}

static void test_bird_init(Object *obj)
{
    TEST_BIRD(obj)->wings = 2;
}

static void test_bird_finalize(Object *obj)
{
    log_event("finalize", TYPE_TEST_BIRD);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static void assert_error(Error *err, const char *expected)
{
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
}

#define assert_error_free(errp, expected) do { \
    assert_error(*(errp), (expected));         \
    error_free(*(errp));                       \
    *(errp) = NULL;                            \
} while (0)

static int count_children(Object *obj)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    int n = 0;

    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter)) != NULL) {
        n += object_property_is_child(prop);
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* Types and classes                                                   */

static void test_type_lookup(void)
{
    ObjectClass *animal = object_class_by_name(TYPE_TEST_ANIMAL);
    ObjectClass *dog = object_class_by_name(TYPE_TEST_DOG);
    ObjectClass *puppy = object_class_by_name(TYPE_TEST_PUPPY);

    g_assert_nonnull(animal);
    g_assert_null(object_class_by_name("no-such-type"));
    g_assert_null(object_class_by_name("test-dog::test-pet"));
    g_assert_cmpstr(object_class_get_name(puppy), ==, TYPE_TEST_PUPPY);
    g_assert_true(object_class_get_parent(puppy) == dog);
    g_assert_true(object_class_get_parent(dog) == animal);
    g_assert_true(object_class_get_parent(animal) ==
                  object_class_by_name(TYPE_OBJECT));
    g_assert_null(object_class_get_parent(object_class_by_name(TYPE_OBJECT)));
    g_assert_true(object_class_is_abstract(animal));
    g_assert_false(object_class_is_abstract(dog));
    g_assert_true(object_class_is_abstract(object_class_by_name(
                                               TYPE_TEST_PET)));
    g_assert_true(module_object_class_by_name(TYPE_TEST_DOG) == dog);
}

static void test_class_inheritance(void)
{
    TestAnimalClass *animal = TEST_ANIMAL_CLASS(
        object_class_by_name(TYPE_TEST_ANIMAL));
    TestAnimalClass *dog = TEST_ANIMAL_CLASS(
        object_class_by_name(TYPE_TEST_DOG));
    TestAnimalClass *cat = TEST_ANIMAL_CLASS(
        object_class_by_name(TYPE_TEST_CAT));
    TestAnimalClass *puppy = TEST_ANIMAL_CLASS(
        object_class_by_name(TYPE_TEST_PUPPY));

    /* Overriding one hook leaves the rest inherited. */
    g_assert_cmpstr(animal->sound(NULL), ==, "...");
    g_assert_cmpstr(cat->sound(NULL), ==, "...");
    g_assert_cmpstr(dog->sound(NULL), ==, "woof");
    g_assert_cmpstr(puppy->sound(NULL), ==, "yip");
    g_assert_cmpint(dog->legs, ==, 4);
    g_assert_cmpint(puppy->legs, ==, 3);   /* from class_data */

    /* class_base_init ran for the descendants (not the type itself). */
    g_assert_cmpuint(puppy->base_inits->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(puppy->base_inits, 0), ==,
                    TYPE_TEST_PUPPY);
    g_assert_cmpstr(g_ptr_array_index(cat->base_inits, 0), ==,
                    TYPE_TEST_CAT);
    g_assert_null(animal->base_inits);
}

static void test_interfaces(void)
{
    ObjectClass *dog = object_class_by_name(TYPE_TEST_DOG);
    ObjectClass *puppy = object_class_by_name(TYPE_TEST_PUPPY);
    ObjectClass *cat = object_class_by_name(TYPE_TEST_CAT);
    ObjectClass *lion = object_class_by_name(TYPE_TEST_LION);
    ObjectClass *bird = object_class_by_name(TYPE_TEST_BIRD);
    TestPetClass *dog_pet = TEST_PET_CLASS(dog);
    TestPetClass *puppy_pet = TEST_PET_CLASS(puppy);
    TestPetClass *lion_pet = TEST_PET_CLASS(lion);
    TestPetClass *pet = (TestPetClass *)object_class_by_name(TYPE_TEST_PET);

    /* Each class has its own interface class, pointing back to it. */
    g_assert_true((ObjectClass *)dog_pet != dog);
    g_assert_true(dog_pet != puppy_pet);
    g_assert_true(dog_pet->parent_class.concrete_class == dog);
    g_assert_true(puppy_pet->parent_class.concrete_class == puppy);
    g_assert_true(INTERFACE_CLASS(dog_pet) == &dog_pet->parent_class);

    /* The interface's class_init ran once; the copies carry its work. */
    g_assert_cmpint(pet->class_init_runs, ==, 1);
    g_assert_cmpstr(pet->greet(NULL), ==, "hello");
    g_assert_cmpstr(dog_pet->greet(NULL), ==, "wag");
    g_assert_cmpstr(puppy_pet->greet(NULL), ==, "lick");
    g_assert_cmpstr(TEST_PET_CLASS(bird)->greet(NULL), ==, "hello");

    /* A sub-interface: lion casts to both. */
    g_assert_nonnull(object_class_dynamic_cast(lion, TYPE_TEST_GUARD));
    g_assert_true(object_class_dynamic_cast(lion, TYPE_TEST_PET) ==
                  (ObjectClass *)lion_pet);
    g_assert_true(((TestGuardClass *)lion_pet)->barks);
    g_assert_cmpstr(lion_pet->greet(NULL), ==, "hello");

    g_assert_null(object_class_dynamic_cast(cat, TYPE_TEST_PET));
    g_assert_null(object_class_dynamic_cast(dog, TYPE_TEST_GUARD));
    g_assert_cmpuint(g_slist_length(puppy->interfaces), ==, 1);
}

static void test_class_casts(void)
{
    ObjectClass *dog = object_class_by_name(TYPE_TEST_DOG);
    ObjectClass *cat = object_class_by_name(TYPE_TEST_CAT);

    g_assert_true(object_class_dynamic_cast(dog, TYPE_TEST_DOG) == dog);
    g_assert_true(object_class_dynamic_cast(dog, TYPE_TEST_ANIMAL) == dog);
    g_assert_true(object_class_dynamic_cast(dog, TYPE_OBJECT) == dog);
    g_assert_null(object_class_dynamic_cast(dog, TYPE_TEST_PUPPY));
    g_assert_null(object_class_dynamic_cast(dog, TYPE_TEST_CAT));
    g_assert_null(object_class_dynamic_cast(cat, "no-such-type"));
    g_assert_null(object_class_dynamic_cast(NULL, TYPE_OBJECT));
    g_assert_null(OBJECT_CLASS_CHECK(ObjectClass, NULL, TYPE_TEST_DOG));
}

static gint cmp_class_name(gconstpointer a, gconstpointer b)
{
    return strcmp(object_class_get_name((ObjectClass *)a),
                  object_class_get_name((ObjectClass *)b));
}

static char *class_list_names(GSList *list)
{
    GString *s = g_string_new(NULL);
    GSList *l;

    list = g_slist_sort(list, cmp_class_name);
    for (l = list; l; l = l->next) {
        g_string_append_printf(s, "%s%s", s->len ? " " : "",
                               object_class_get_name(l->data));
    }
    g_slist_free(list);
    return g_string_free(s, false);
}

static void test_class_list(void)
{
    g_autofree char *pets = class_list_names(
        object_class_get_list(TYPE_TEST_PET, false));
    g_autofree char *animals = class_list_names(
        object_class_get_list(TYPE_TEST_ANIMAL, false));
    g_autofree char *all_animals = class_list_names(
        object_class_get_list(TYPE_TEST_ANIMAL, true));
    GSList *all = object_class_get_list(NULL, true);
    GSList *sorted = object_class_get_list_sorted(TYPE_TEST_ANIMAL, true);

    g_assert_cmpstr(pets, ==, "test-bird test-dog test-lion test-puppy");
    g_assert_cmpstr(animals, ==, "test-cat test-dog test-lion test-puppy");
    g_assert_cmpstr(all_animals, ==,
                    "test-animal test-cat test-dog test-lion test-puppy");
    g_assert_nonnull(g_slist_find(all, object_class_by_name(TYPE_OBJECT)));
    g_assert_nonnull(g_slist_find(all, object_class_by_name(TYPE_TEST_PET)));
    g_assert_cmpstr(object_class_get_name(sorted->data), ==,
                    TYPE_TEST_ANIMAL);
    g_slist_free(all);
    g_slist_free(sorted);
}

/* ------------------------------------------------------------------ */
/* Objects                                                             */

static void test_object_lifecycle(void)
{
    Object *obj;
    g_autofree char *created = NULL;
    g_autofree char *finalized = NULL;

    g_string_truncate(events, 0);
    obj = object_new(TYPE_TEST_PUPPY);
    created = take_events();
    /* init from the root down; post_init from the type up. */
    g_assert_cmpstr(created, ==, "init:test-animal,init:test-dog,"
                    "init:test-puppy,post:test-dog,post:test-animal");
    g_assert_cmpuint(obj->ref, ==, 1);
    g_assert_true(object_ref(obj) == obj);
    g_assert_cmpuint(obj->ref, ==, 2);
    object_unref(obj);
    g_assert_cmpstr(events->str, ==, "");
    object_unref(obj);
    finalized = take_events();
    g_assert_cmpstr(finalized, ==, "finalize:test-puppy,finalize:test-dog,"
                    "finalize:test-animal");

    /* NULL is fine for both. */
    g_assert_null(object_ref(NULL));
    object_unref(NULL);
}

static void test_object_casts(void)
{
    g_autoptr(TestDog) dog = TEST_DOG(object_new(TYPE_TEST_PUPPY));
    Object *obj = OBJECT(dog);
    g_autoptr(Object) bird = object_new(TYPE_TEST_BIRD);

    g_assert_cmpstr(object_get_typename(obj), ==, TYPE_TEST_PUPPY);
    g_assert_true(object_get_class(obj) ==
                  object_class_by_name(TYPE_TEST_PUPPY));
    g_assert_true(object_dynamic_cast(obj, TYPE_TEST_ANIMAL) == obj);
    g_assert_true(object_dynamic_cast(obj, TYPE_TEST_PET) == obj);
    g_assert_null(object_dynamic_cast(obj, TYPE_TEST_CAT));
    g_assert_null(object_dynamic_cast(NULL, TYPE_OBJECT));
    g_assert_true((Object *)TEST_PET(obj) == obj);
    g_assert_cmpstr(TEST_PET_GET_CLASS(obj)->greet(TEST_PET(obj)), ==, "lick");
    g_assert_cmpstr(TEST_ANIMAL_GET_CLASS(obj)->sound(TEST_ANIMAL(obj)), ==,
                    "yip");
    g_assert_cmpint(TEST_BIRD(bird)->wings, ==, 2);
    g_assert_true(TEST_BIRD_GET_CLASS(bird)->flies);
    g_assert_true(object_dynamic_cast(bird, TYPE_TEST_PET) == bird);
}

/* A failed checked cast is a programming error: it aborts. */
static void test_object_bad_cast(void)
{
    if (g_test_subprocess()) {
        Object *cat = object_new(TYPE_TEST_CAT);

        TEST_DOG(cat);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*object of type 'test-cat' is not a "
                              "'test-dog'*");
}

static void test_object_abstract_new(void)
{
    if (g_test_subprocess()) {
        object_new(TYPE_TEST_ANIMAL);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*cannot instantiate abstract type "
                              "'test-animal'*");
}

static void test_object_initialize(void)
{
    TestCat cat;
    struct {
        Object parent_obj;
        TestCat cat;
    } holder;
    Error *err = NULL;

    g_string_truncate(events, 0);
    object_initialize(&cat, sizeof(cat), TYPE_TEST_CAT);
    g_assert_cmpstr(object_get_typename(OBJECT(&cat)), ==, TYPE_TEST_CAT);
    g_assert_cmpint(TEST_ANIMAL(&cat)->color, ==, TEST_COLOR_GREEN);
    object_unref(OBJECT(&cat));   /* finalizes; storage is ours */
    g_assert_cmpstr(events->str, ==,
                    "init:test-animal,post:test-animal,"
                    "finalize:test-animal");

    /* Embedded child: the parent's property owns the only reference. */
    object_initialize(&holder.parent_obj, sizeof(holder.parent_obj),
                      TYPE_CONTAINER);
    object_initialize_child(&holder.parent_obj, "cat", &holder.cat,
                            TYPE_TEST_CAT);
    g_assert_cmpuint(OBJECT(&holder.cat)->ref, ==, 1);
    g_assert_true(object_resolve_path_component(&holder.parent_obj, "cat") ==
                  OBJECT(&holder.cat));
    g_string_truncate(events, 0);
    object_unref(&holder.parent_obj);
    g_assert_cmpstr(events->str, ==, "finalize:test-animal");

    /* With properties; a bad one leaves no child behind. */
    object_initialize(&holder.parent_obj, sizeof(holder.parent_obj),
                      TYPE_CONTAINER);
    g_assert_false(object_initialize_child_with_props(
                       &holder.parent_obj, "cat", &holder.cat,
                       sizeof(holder.cat), TYPE_TEST_CAT, &err,
                       "u8", "1", "good", "maybe", NULL));
    assert_error_free(&err, "Parameter 'good' expects 'on' or 'off'");
    g_assert_null(object_resolve_path_component(&holder.parent_obj, "cat"));
    g_assert_true(object_initialize_child_with_props(
                      &holder.parent_obj, "cat", &holder.cat,
                      sizeof(holder.cat), TYPE_TEST_CAT, &error_abort,
                      "u8", "5", NULL));
    g_assert_cmpuint(TEST_ANIMAL(&holder.cat)->u8, ==, 5);
    g_assert_cmpuint(OBJECT(&holder.cat)->ref, ==, 1);
    object_unref(&holder.parent_obj);
}

/* The cast cache must never turn a failed cast into a success. */
static void test_object_cast_cache(void)
{
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);
    g_autoptr(Object) cat = object_new(TYPE_TEST_CAT);
    int i;

    for (i = 0; i < 10; i++) {
        g_assert_true((Object *)TEST_DOG(puppy) == puppy);
        g_assert_true((Object *)TEST_ANIMAL(cat) == cat);
        g_assert_true((Object *)TEST_PET(puppy) == puppy);
        g_assert_true(TEST_ANIMAL_CLASS(object_get_class(puppy)) ==
                      (TestAnimalClass *)object_get_class(puppy));
    }
    /* Casts to interfaces yield the interface class, never the cache's. */
    g_assert_true((ObjectClass *)TEST_PET_GET_CLASS(puppy) !=
                  object_get_class(puppy));
    g_assert_true((ObjectClass *)TEST_PET_GET_CLASS(puppy) ==
                  object_class_dynamic_cast(object_get_class(puppy),
                                            TYPE_TEST_PET));
    g_assert_null(object_dynamic_cast(cat, TYPE_TEST_DOG));
    if (g_test_subprocess()) {
        TEST_DOG(cat);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
}

#define REF_THREADS 4
#define REF_ROUNDS 100000

static gpointer ref_worker(gpointer opaque)
{
    int i;

    for (i = 0; i < REF_ROUNDS; i++) {
        object_ref(opaque);
        object_unref(opaque);
    }
    return NULL;
}

static void test_object_ref_threads(void)
{
    Object *obj = object_new(TYPE_TEST_CAT);
    GThread *threads[REF_THREADS];
    int i;

    for (i = 0; i < REF_THREADS; i++) {
        threads[i] = g_thread_new("ref", ref_worker, obj);
    }
    for (i = 0; i < REF_THREADS; i++) {
        g_thread_join(threads[i]);
    }
    g_assert_cmpuint(obj->ref, ==, 1);
    object_unref(obj);
}

/* ------------------------------------------------------------------ */
/* Properties                                                          */

static void test_prop_find(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    Error *err = NULL;

    g_assert_nonnull(object_property_find(dog, "name"));      /* instance */
    g_assert_nonnull(object_property_find(dog, "good"));      /* class */
    g_assert_null(object_property_find(dog, "nope"));
    g_assert_null(object_property_find_err(dog, "nope", &err));
    assert_error_free(&err, "Property 'test-dog.nope' not found");
    g_assert_nonnull(object_class_property_find(
                         object_class_by_name(TYPE_TEST_PUPPY), "good"));
    g_assert_null(object_class_property_find(
                      object_class_by_name(TYPE_TEST_PUPPY), "name"));
    g_assert_null(object_class_property_find_err(
                      object_class_by_name(TYPE_TEST_PUPPY), "x", &err));
    assert_error_free(&err, "Property 'test-puppy.x' not found");

    g_assert_cmpstr(object_property_get_type(dog, "name", NULL), ==,
                    "string");
    g_assert_cmpstr(object_property_get_type(dog, "good", NULL), ==, "bool");
    g_assert_cmpstr(object_property_get_type(dog, "color", NULL), ==,
                    "TestColor");
    g_assert_cmpstr(object_property_get_type(dog, "u8", NULL), ==, "uint8");
    g_assert_cmpstr(object_property_get_type(dog, "u16", NULL), ==, "uint16");
    g_assert_cmpstr(object_property_get_type(dog, "u32", NULL), ==, "uint32");
    g_assert_cmpstr(object_property_get_type(dog, "u64", NULL), ==, "uint64");
    g_assert_cmpstr(object_property_get_type(dog, "friend", NULL), ==,
                    "link<test-animal>");
    g_assert_null(object_property_get_type(dog, "nope", &err));
    assert_error_free(&err, "Property 'test-dog.nope' not found");
}

static void test_prop_iter(void)
{
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    int n = 0;

    object_property_iter_init(&iter, puppy);
    while ((prop = object_property_iter_next(&iter)) != NULL) {
        g_assert_true(g_hash_table_add(seen, prop->name));
        n++;
    }
    /* 7 instance + 6 class properties + TYPE_OBJECT's "type". */
    g_assert_cmpint(n, ==, 14);
    g_assert_true(g_hash_table_contains(seen, "type"));
    g_assert_true(g_hash_table_contains(seen, "name"));
    g_assert_true(g_hash_table_contains(seen, "keeper"));
    g_assert_true(g_hash_table_contains(seen, "color"));

    n = 0;
    object_class_property_iter_init(&iter,
                                    object_class_by_name(TYPE_TEST_PUPPY));
    while ((prop = object_property_iter_next(&iter)) != NULL) {
        n++;
    }
    g_assert_cmpint(n, ==, 7);
}

static void test_prop_str(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autofree char *name = NULL;
    g_autofree char *unset = NULL;
    g_autofree char *kind = NULL;
    Error *err = NULL;

    unset = object_property_get_str(dog, "name", &error_abort);
    g_assert_cmpstr(unset, ==, "");       /* a NULL getter result */
    g_assert_true(object_property_set_str(dog, "name", "rex", &error_abort));
    g_assert_cmpstr(TEST_ANIMAL(dog)->name, ==, "rex");
    name = object_property_get_str(dog, "name", &error_abort);
    g_assert_cmpstr(name, ==, "rex");

    /* The setter's own error comes through unchanged. */
    g_assert_false(object_property_set_str(dog, "name", "", &err));
    assert_error_free(&err, "name of 'test-dog' must not be empty");
    g_assert_cmpstr(TEST_ANIMAL(dog)->name, ==, "rex");

    kind = object_property_get_str(dog, "kind", &error_abort);
    g_assert_cmpstr(kind, ==, "test-dog");
    g_free(kind);
    kind = object_property_get_str(dog, "type", &error_abort);
    g_assert_cmpstr(kind, ==, "test-dog");
    g_assert_false(object_property_set_str(dog, "type", "x", &err));
    assert_error_free(&err, "Property 'test-dog.type' is not writable");
    g_assert_false(object_property_set_str(dog, "kind", "cat", &err));
    assert_error_free(&err, "Property 'test-dog.kind' is not writable");

    g_assert_false(object_property_set_str(dog, "nope", "x", &err));
    assert_error_free(&err, "Property 'test-dog.nope' not found");
    g_assert_null(object_property_get_str(dog, "nope", &err));
    assert_error_free(&err, "Property 'test-dog.nope' not found");
    g_assert_null(object_property_get_str(dog, "good", &err));
    assert_error_free(&err,
                      "Invalid parameter type for 'good', expected: string");
}

static void test_prop_bool(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    Error *err = NULL;

    g_assert_false(object_property_get_bool(dog, "good", &error_abort));
    g_assert_true(object_property_set_bool(dog, "good", true, &error_abort));
    g_assert_true(TEST_ANIMAL(dog)->good);
    g_assert_true(object_property_get_bool(dog, "good", &error_abort));

    g_assert_false(object_property_get_bool(dog, "name", &err));
    assert_error_free(&err,
                      "Invalid parameter type for 'name', expected: boolean");
    g_assert_false(object_property_get_bool(dog, "secret", &err));
    assert_error_free(&err, "the secret of 'test-dog' is not told");
    g_assert_false(object_property_set_bool(dog, "secret", true, &err));
    assert_error_free(&err, "Property 'test-dog.secret' is not writable");
    g_assert_false(object_property_set_str(dog, "good", "yes", &err));
    assert_error_free(&err,
                      "Invalid parameter type for 'good', expected: boolean");
}

static void test_prop_enum(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autofree char *color = NULL;
    Error *err = NULL;

    /* The class default was applied before instance_init. */
    g_assert_cmpint(TEST_ANIMAL(dog)->color, ==, TEST_COLOR_GREEN);
    g_assert_true(object_property_set_str(dog, "color", "blue",
                                          &error_abort));
    g_assert_cmpint(TEST_ANIMAL(dog)->color, ==, TEST_COLOR_BLUE);
    color = object_property_get_str(dog, "color", &error_abort);
    g_assert_cmpstr(color, ==, "blue");
    g_assert_cmpint(object_property_get_enum(dog, "color", "TestColor",
                                             &error_abort), ==,
                    TEST_COLOR_BLUE);
    g_assert_cmpint(object_property_get_enum(dog, "color", "Other", &err),
                    ==, -1);
    assert_error_free(&err,
                      "Invalid parameter type for 'color', expected: Other");
    g_assert_false(object_property_set_str(dog, "color", "pink", &err));
    assert_error_free(&err, "Parameter 'color' does not accept value 'pink'");
    g_assert_cmpint(TEST_ANIMAL(dog)->color, ==, TEST_COLOR_BLUE);
}

static void test_prop_uint_ptr(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    TestAnimal *a = TEST_ANIMAL(dog);
    Error *err = NULL;

    g_assert_true(object_property_set_uint(dog, "u8", 255, &error_abort));
    g_assert_true(object_property_set_uint(dog, "u16", 65535, &error_abort));
    g_assert_true(object_property_set_int(dog, "u32", 4000000000LL,
                                          &error_abort));
    g_assert_true(object_property_set_uint(dog, "u64", UINT64_MAX,
                                           &error_abort));
    g_assert_cmpuint(a->u8, ==, 255);
    g_assert_cmpuint(a->u16, ==, 65535);
    g_assert_cmpuint(a->u32, ==, 4000000000U);
    g_assert_cmpuint(a->u64, ==, UINT64_MAX);
    g_assert_cmpuint(object_property_get_uint(dog, "u8", &error_abort), ==,
                     255);
    g_assert_cmpint(object_property_get_int(dog, "u16", &error_abort), ==,
                    65535);
    g_assert_cmpuint(object_property_get_uint(dog, "u64", &error_abort), ==,
                     UINT64_MAX);
    /* UINT64_MAX does not fit an int64. */
    g_assert_cmpint(object_property_get_int(dog, "u64", &err), ==, -1);
    assert_error_free(&err, "Invalid parameter type for 'u64', expected: int");

    /* Out of range: refused, value unchanged. */
    g_assert_false(object_property_set_uint(dog, "u8", 256, &err));
    assert_error_free(&err, "Parameter 'u8' expects uint8_t");
    g_assert_cmpuint(a->u8, ==, 255);
    g_assert_false(object_property_set_int(dog, "u16", -1, &err));
    assert_error_free(&err, "Parameter 'u16' expects uint16_t");
    g_assert_cmpuint(a->u16, ==, 65535);

    /* Read-only variants and class storage. */
    g_assert_false(object_property_set_uint(dog, "u64-ro", 1, &err));
    assert_error_free(&err, "Property 'test-dog.u64-ro' is not writable");
    g_assert_cmpuint(object_property_get_uint(dog, "shared", &error_abort),
                     ==, 7);
    g_assert_cmpuint(object_property_get_uint(dog, "name", &err), ==, 0);
    assert_error_free(&err, "Invalid parameter type for 'name', expected: uint");
}

static void test_prop_parse_print(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    TestAnimal *a = TEST_ANIMAL(dog);
    g_autofree char *u16 = NULL;
    g_autofree char *good = NULL;
    g_autofree char *color = NULL;
    g_autofree char *name = NULL;
    Error *err = NULL;

    g_assert_true(object_property_parse(dog, "good", "on", &error_abort));
    g_assert_true(a->good);
    g_assert_true(object_property_parse(dog, "good", "off", &error_abort));
    g_assert_false(a->good);
    g_assert_true(object_property_parse(dog, "u16", "4660", &error_abort));
    g_assert_cmpuint(a->u16, ==, 4660);
    g_assert_true(object_property_parse(dog, "color", "red", &error_abort));
    g_assert_cmpint(a->color, ==, TEST_COLOR_RED);
    g_assert_true(object_property_parse(dog, "name", "a,b c", &error_abort));
    g_assert_cmpstr(a->name, ==, "a,b c");

    g_assert_false(object_property_parse(dog, "good", "maybe", &err));
    assert_error_free(&err, "Parameter 'good' expects 'on' or 'off'");
    g_assert_false(object_property_parse(dog, "u8", "abc", &err));
    assert_error_free(&err, "Parameter 'u8' expects uint64");
    g_assert_false(object_property_parse(dog, "u8", "300", &err));
    assert_error_free(&err, "Parameter 'u8' expects uint8_t");
    g_assert_false(object_property_parse(dog, "u8", "", &err));
    assert_error_free(&err, "Parameter 'u8' expects uint64");
    g_assert_cmpuint(a->u8, ==, 0);
    g_assert_false(object_property_parse(dog, "nope", "1", &err));
    assert_error_free(&err, "Property 'test-dog.nope' not found");

    u16 = object_property_print(dog, "u16", false, &error_abort);
    g_assert_cmpstr(u16, ==, "4660");
    good = object_property_print(dog, "good", false, &error_abort);
    g_assert_cmpstr(good, ==, "false");
    color = object_property_print(dog, "color", false, &error_abort);
    g_assert_cmpstr(color, ==, "red");
    name = object_property_print(dog, "name", false, &error_abort);
    g_assert_cmpstr(name, ==, "a,b c");
    g_assert_null(object_property_print(dog, "secret", false, &err));
    assert_error_free(&err, "the secret of 'test-dog' is not told");
}

static void test_prop_qobject(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autoptr(QObject) qnum = QOBJECT(qnum_from_int(300));
    g_autoptr(QObject) qstr = QOBJECT(qstring_from_str("bob"));
    g_autoptr(QObject) qbool = QOBJECT(qbool_from_bool(true));
    g_autoptr(QObject) u32 = NULL;
    g_autoptr(QObject) name = NULL;
    Error *err = NULL;

    g_assert_true(object_property_set_qobject(dog, "u32", qnum,
                                              &error_abort));
    g_assert_true(object_property_set_qobject(dog, "name", qstr,
                                              &error_abort));
    g_assert_true(object_property_set_qobject(dog, "good", qbool,
                                              &error_abort));
    g_assert_cmpuint(TEST_ANIMAL(dog)->u32, ==, 300);
    g_assert_cmpstr(TEST_ANIMAL(dog)->name, ==, "bob");
    g_assert_true(TEST_ANIMAL(dog)->good);

    u32 = object_property_get_qobject(dog, "u32", &error_abort);
    g_assert_true(qobject_is_equal(u32, qnum));
    name = object_property_get_qobject(dog, "name", &error_abort);
    g_assert_true(qobject_is_equal(name, qstr));

    /* Wrong QObject type for the property. */
    g_assert_false(object_property_set_qobject(dog, "good", qnum, &err));
    assert_error_free(&err,
                      "Invalid parameter type for 'good', expected: boolean");
    g_assert_false(object_property_set_qobject(dog, "u8", qstr, &err));
    assert_error_free(&err,
                      "Parameter 'u8' expects uint64");
    g_assert_null(object_property_get_qobject(dog, "nope", &err));
    assert_error_free(&err, "Property 'test-dog.nope' not found");
}

static void test_prop_visitor(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autoptr(QDict) dict = qdict_new();
    Visitor *v;

    /* object_property_set() inside a struct walk reads member @name. */
    qdict_put_str(dict, "name", "fido");
    qdict_put_int(dict, "u8", 9);
    v = qobject_input_visitor_new(QOBJECT(dict));
    g_assert_true(visit_start_struct(v, NULL, NULL, 0, &error_abort));
    g_assert_true(object_property_set(dog, "name", v, &error_abort));
    g_assert_true(object_property_set(dog, "u8", v, &error_abort));
    g_assert_true(visit_check_struct(v, &error_abort));
    visit_end_struct(v, NULL);
    visit_free(v);
    g_assert_cmpstr(TEST_ANIMAL(dog)->name, ==, "fido");
    g_assert_cmpuint(TEST_ANIMAL(dog)->u8, ==, 9);
}

static void test_prop_add_del(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    uint8_t a = 1, b = 2;
    ObjectProperty *p0, *p1;
    Error *err = NULL;

    g_assert_null(object_property_try_add(dog, "name", "string", NULL, NULL,
                                          NULL, NULL, &err));
    assert_error_free(&err, "attempt to add duplicate property 'name' to "
                      "object (type 'test-dog')");
    /* Class properties count as taken too. */
    g_assert_null(object_property_try_add(dog, "good", "bool", NULL, NULL,
                                          NULL, NULL, &err));
    assert_error_free(&err, "attempt to add duplicate property 'good' to "
                      "object (type 'test-dog')");

    p0 = object_property_add_uint8_ptr(dog, "slot[*]", &a, OBJ_PROP_FLAG_READ);
    p1 = object_property_add_uint8_ptr(dog, "slot[*]", &b, OBJ_PROP_FLAG_READ);
    g_assert_cmpstr(p0->name, ==, "slot[0]");
    g_assert_cmpstr(p1->name, ==, "slot[1]");
    g_assert_cmpuint(object_property_get_uint(dog, "slot[1]", &error_abort),
                     ==, 2);
    object_property_del(dog, "slot[0]");
    g_assert_null(object_property_find(dog, "slot[0]"));
    object_property_del(dog, "slot[0]");      /* gone: no-op */

    object_property_set_description(dog, "slot[1]", "Second slot");
    g_assert_cmpstr(object_property_find(dog, "slot[1]")->description, ==,
                    "Second slot");
}

static void test_prop_help(void)
{
    ObjectClass *klass = object_class_by_name(TYPE_TEST_DOG);
    ObjectProperty *good = object_class_property_find(klass, "good");
    ObjectProperty *color = object_class_property_find(klass, "color");
    g_autofree char *h1 = object_property_help("name", "string", NULL, NULL);
    g_autofree char *h2 = object_property_help(good->name, good->type,
                                               good->defval,
                                               good->description);
    g_autofree char *h3 = object_property_help(color->name, color->type,
                                               color->defval,
                                               color->description);
    g_autofree char *h4 = object_property_help("a-very-long-name", "string",
                                               NULL, "Long");

    g_assert_cmpstr(h1, ==, "  name=<string>");
    g_assert_cmpstr(h2, ==, "  good=<bool>            - Whether it behaves");
    g_assert_cmpstr(h3, ==, "  color=<TestColor>      -  "
                    "(default: \"green\")");
    g_assert_cmpstr(h4, ==, "  a-very-long-name=<string> - Long");
}

static void test_prop_alias(void)
{
    g_autoptr(Object) holder = object_new(TYPE_CONTAINER);
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autofree char *name = NULL;
    Error *err = NULL;

    object_property_add_alias(holder, "dog-name", dog, "name");
    object_property_add_alias(holder, "dog-kind", dog, "kind");
    g_assert_cmpstr(object_property_get_type(holder, "dog-name", NULL), ==,
                    "string");
    g_assert_true(object_property_set_str(holder, "dog-name", "max",
                                          &error_abort));
    g_assert_cmpstr(TEST_ANIMAL(dog)->name, ==, "max");
    name = object_property_get_str(holder, "dog-name", &error_abort);
    g_assert_cmpstr(name, ==, "max");
    g_assert_false(object_property_set_str(holder, "dog-kind", "x", &err));
    assert_error_free(&err, "Property 'container.dog-kind' is not writable");
}

static void tm_get(Object *obj, struct tm *tm, Error **errp)
{
    tm->tm_year = 126;
    tm->tm_mon = 10;
    tm->tm_mday = 22;
    tm->tm_hour = 20;
    tm->tm_min = 31;
    tm->tm_sec = 5;
}

static void tm_get_fail(Object *obj, struct tm *tm, Error **errp)
{
    error_setg(errp, "clock is stopped");
}

static void test_prop_tm(void)
{
    g_autoptr(Object) obj = object_new(TYPE_CONTAINER);
    g_autoptr(QObject) date = NULL;
    QDict *d;
    Error *err = NULL;

    object_property_add_tm(obj, "date", tm_get);
    object_property_add_tm(obj, "broken", tm_get_fail);
    g_assert_cmpstr(object_property_get_type(obj, "date", NULL), ==,
                    "struct tm");
    date = object_property_get_qobject(obj, "date", &error_abort);
    d = qobject_to(QDict, date);
    g_assert_nonnull(d);
    g_assert_cmpint(qdict_size(d), ==, 6);
    g_assert_cmpint(qdict_get_int(d, "tm_year"), ==, 126);
    g_assert_cmpint(qdict_get_int(d, "tm_mon"), ==, 10);
    g_assert_cmpint(qdict_get_int(d, "tm_mday"), ==, 22);
    g_assert_cmpint(qdict_get_int(d, "tm_hour"), ==, 20);
    g_assert_cmpint(qdict_get_int(d, "tm_min"), ==, 31);
    g_assert_cmpint(qdict_get_int(d, "tm_sec"), ==, 5);
    g_assert_null(object_property_get_qobject(obj, "broken", &err));
    assert_error_free(&err, "clock is stopped");
    g_assert_false(object_property_set_str(obj, "date", "x", &err));
    assert_error_free(&err, "Property 'container.date' is not writable");
}

/* ------------------------------------------------------------------ */
/* The composition tree                                                */

static void test_tree_paths(void)
{
    Object *zoo = object_get_container("test-zoo");
    Object *dog = object_new(TYPE_TEST_DOG);
    Object *cat = object_new(TYPE_TEST_CAT);
    Object *loose = object_new(TYPE_TEST_CAT);
    g_autofree char *root_path = object_get_canonical_path(object_get_root());
    g_autofree char *dog_path = NULL;
    g_autofree char *cat_path = NULL;
    g_autofree char *component = NULL;
    g_autofree char *child_value = NULL;
    bool ambiguous = true;

    object_property_add_child(zoo, "rex", dog);
    object_property_add_child(dog, "tom", cat);
    object_unref(dog);
    object_unref(cat);
    g_assert_cmpuint(dog->ref, ==, 1);
    g_assert_true(dog->parent == zoo);

    g_assert_cmpstr(root_path, ==, "/");
    dog_path = object_get_canonical_path(dog);
    g_assert_cmpstr(dog_path, ==, "/test-zoo/rex");
    cat_path = object_get_canonical_path(cat);
    g_assert_cmpstr(cat_path, ==, "/test-zoo/rex/tom");
    component = object_get_canonical_path_component(cat);
    g_assert_cmpstr(component, ==, "tom");
    g_assert_null(object_get_canonical_path(loose));
    g_assert_null(object_get_canonical_path_component(loose));
    g_assert_cmpstr(object_property_get_type(zoo, "rex", NULL), ==,
                    "child<test-dog>");
    child_value = object_property_get_str(zoo, "rex", &error_abort);
    g_assert_cmpstr(child_value, ==, "/test-zoo/rex");
    g_assert_true(object_get_container("test-zoo") == zoo);
    g_assert_true(container_get(object_get_root(), "/test-zoo") == zoo);

    /* Absolute paths. */
    g_assert_true(object_resolve_path("/test-zoo/rex", &ambiguous) == dog);
    g_assert_false(ambiguous);
    g_assert_true(object_resolve_path("/test-zoo//rex/", NULL) == dog);
    g_assert_true(object_resolve_path("/", NULL) == object_get_root());
    g_assert_null(object_resolve_path("/test-zoo/nope", NULL));
    g_assert_null(object_resolve_path("/test-zoo/rex/name", NULL));
    g_assert_true(object_resolve_path_type("/test-zoo/rex", TYPE_TEST_ANIMAL,
                                           NULL) == dog);
    g_assert_null(object_resolve_path_type("/test-zoo/rex", TYPE_TEST_CAT,
                                           NULL));

    /* Partial paths. */
    ambiguous = true;
    g_assert_true(object_resolve_path("tom", &ambiguous) == cat);
    g_assert_false(ambiguous);
    g_assert_true(object_resolve_path("rex/tom", NULL) == cat);
    g_assert_null(object_resolve_path("nobody", &ambiguous));
    g_assert_false(ambiguous);
    g_assert_true(object_resolve_path_at(zoo, "rex/tom") == cat);
    g_assert_true(object_resolve_path_at(zoo, "/test-zoo/rex") == dog);
    g_assert_true(object_resolve_path_component(dog, "tom") == cat);
    g_assert_null(object_resolve_path_component(dog, "name"));
    g_assert_null(object_resolve_path_component(dog, "nope"));

    object_unparent(dog);          /* frees dog and cat */
    g_assert_null(object_resolve_path("/test-zoo/rex", NULL));
    g_assert_null(object_resolve_path("tom", NULL));
    object_unparent(loose);        /* no parent: no-op */
    object_unref(loose);
    object_unparent(zoo);
}

static void test_tree_ambiguous(void)
{
    Object *zoo = object_get_container("test-amb");
    Object *a = object_new_with_props(TYPE_CONTAINER, zoo, "a", &error_abort,
                                      NULL);
    Object *b = object_new_with_props(TYPE_CONTAINER, zoo, "b", &error_abort,
                                      NULL);
    Object *cat1 = object_new_with_props(TYPE_TEST_CAT, a, "kitty",
                                         &error_abort, NULL);
    Object *dog = object_new_with_props(TYPE_TEST_DOG, b, "kitty",
                                        &error_abort, NULL);
    bool ambiguous = false;

    g_assert_null(object_resolve_path("kitty", &ambiguous));
    g_assert_true(ambiguous);
    g_assert_null(object_resolve_path_type("kitty", TYPE_TEST_ANIMAL,
                                           &ambiguous));
    g_assert_true(ambiguous);
    /* Only one of them is a cat: not ambiguous by type. */
    g_assert_true(object_resolve_path_type("kitty", TYPE_TEST_CAT,
                                           &ambiguous) == cat1);
    g_assert_false(ambiguous);
    g_assert_true(object_resolve_path("b/kitty", &ambiguous) == dog);
    g_assert_false(ambiguous);
    g_assert_null(object_resolve_path("kitty", NULL));   /* NULL is fine */
    object_unparent(zoo);
}

typedef struct WalkData {
    GString *names;
    int stop_after;
} WalkData;

static int walk_collect(Object *child, void *opaque)
{
    WalkData *w = opaque;
    g_autofree char *name = object_get_canonical_path_component(child);

    g_string_append_printf(w->names, "%s;", name);
    return --w->stop_after == 0 ? 42 : 0;
}

static void test_tree_foreach(void)
{
    Object *zoo = object_get_container("test-walk");
    Object *a = object_new_with_props(TYPE_CONTAINER, zoo, "a", &error_abort,
                                      NULL);
    WalkData w = { g_string_new(NULL), -1 };
    int ret;

    object_new_with_props(TYPE_TEST_CAT, a, "a1", &error_abort, NULL);
    ret = object_child_foreach(zoo, walk_collect, &w);
    g_assert_cmpint(ret, ==, 0);
    g_assert_cmpstr(w.names->str, ==, "a;");
    g_string_truncate(w.names, 0);
    ret = object_child_foreach_recursive(zoo, walk_collect, &w);
    g_assert_cmpint(ret, ==, 0);
    g_assert_cmpstr(w.names->str, ==, "a;a1;");
    g_string_truncate(w.names, 0);
    w.stop_after = 1;
    ret = object_child_foreach_recursive(zoo, walk_collect, &w);
    g_assert_cmpint(ret, ==, 42);
    g_assert_cmpstr(w.names->str, ==, "a;");
    g_string_free(w.names, true);
    object_unparent(zoo);
}

static void test_tree_child_errors(void)
{
    Object *zoo = object_get_container("test-child-err");
    Object *cat = object_new(TYPE_TEST_CAT);
    Error *err = NULL;

    g_assert_nonnull(object_property_try_add_child(zoo, "c", cat,
                                                   &error_abort));
    g_assert_null(object_property_try_add_child(zoo, "c2", cat, &err));
    assert_error_free(&err, "cannot add 'test-cat' as child 'c2': it already "
                      "has a parent at /test-child-err/c");
    g_assert_cmpuint(cat->ref, ==, 2);
    object_unparent(cat);
    g_assert_cmpuint(cat->ref, ==, 1);
    g_assert_nonnull(object_property_try_add_child(zoo, "c", cat,
                                                   &error_abort));
    g_assert_null(object_property_try_add_child(zoo, "c", object_get_root(),
                                                &err));
    assert_error_free(&err, "attempt to add duplicate property 'c' to object "
                      "(type 'container')");
    /* Children cannot be set through the property. */
    g_assert_false(object_property_set_str(zoo, "c", "/", &err));
    assert_error_free(&err, "Property 'container.c' is not writable");
    object_unref(cat);
    object_unparent(zoo);
}

static void test_finalize_releases_children(void)
{
    Object *dog = object_new(TYPE_TEST_DOG);
    Object *cat = object_new(TYPE_TEST_CAT);
    Object *kept = object_new(TYPE_TEST_CAT);

    object_property_add_child(dog, "cat", cat);
    object_property_add_child(dog, "kept", kept);
    object_unref(cat);
    g_assert_cmpuint(kept->ref, ==, 2);
    g_string_truncate(events, 0);
    object_unref(dog);
    /* cat went with dog; kept survives (we hold a reference). */
    g_assert_true(strstr(events->str, "finalize:test-dog") != NULL);
    g_assert_cmpuint(kept->ref, ==, 1);
    g_assert_null(kept->parent);
    object_unref(kept);
}

/* ------------------------------------------------------------------ */
/* Links                                                               */

static void test_link(void)
{
    Object *zoo = object_get_container("test-link");
    Object *dog = object_new_with_props(TYPE_TEST_DOG, zoo, "dog",
                                        &error_abort, NULL);
    Object *cat = object_new_with_props(TYPE_TEST_CAT, zoo, "cat",
                                        &error_abort, NULL);
    Object *box = object_new_with_props(TYPE_CONTAINER, zoo, "box",
                                        &error_abort, NULL);
    Object *loose = object_new(TYPE_TEST_CAT);
    TestAnimal *a = TEST_ANIMAL(dog);
    g_autofree char *path = NULL;
    g_autofree char *empty = NULL;
    Error *err = NULL;

    empty = object_property_get_str(dog, "friend", &error_abort);
    g_assert_cmpstr(empty, ==, "");
    g_assert_null(object_property_get_link(dog, "friend", &error_abort));

    /* Weak link by absolute and by partial path. */
    g_assert_true(object_property_set_str(dog, "friend", "/test-link/cat",
                                          &error_abort));
    g_assert_true(a->friend == cat);
    g_assert_cmpuint(cat->ref, ==, 1);
    path = object_property_get_str(dog, "friend", &error_abort);
    g_assert_cmpstr(path, ==, "/test-link/cat");
    g_assert_true(object_property_get_link(dog, "friend", &error_abort) ==
                  cat);
    g_assert_true(object_resolve_path("/test-link/dog/friend", NULL) == cat);
    g_assert_true(object_property_parse(dog, "friend", "", &error_abort));
    g_assert_null(a->friend);
    g_assert_true(object_property_parse(dog, "friend", "cat", &error_abort));
    g_assert_true(a->friend == cat);

    /* Errors leave the link unchanged. */
    g_assert_false(object_property_set_str(dog, "friend", "/test-link/none",
                                           &err));
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    assert_error_free(&err, "Device '/test-link/none' not found");
    g_assert_false(object_property_set_str(dog, "friend", "/test-link/box",
                                           &err));
    assert_error_free(&err, "Invalid parameter type for 'friend', "
                      "expected: test-animal");
    g_assert_false(object_property_set_link(dog, "friend", dog, &err));
    assert_error_free(&err, "an animal cannot be its own friend");
    g_assert_false(object_property_set_link(dog, "friend", box, &err));
    assert_error_free(&err, "Invalid parameter type for 'friend', "
                      "expected: test-animal");
    g_assert_false(object_property_set_link(dog, "nope", cat, &err));
    assert_error_free(&err, "Property 'test-dog.nope' not found");
    g_assert_true(a->friend == cat);

    /* A link set from C may point outside the tree; it reads as "". */
    g_assert_true(object_property_set_link(dog, "friend", loose,
                                           &error_abort));
    g_assert_true(a->friend == loose);
    g_assert_true(object_property_get_link(dog, "friend", &error_abort) ==
                  loose);
    g_free(path);
    path = object_property_get_str(dog, "friend", &error_abort);
    g_assert_cmpstr(path, ==, "");
    g_assert_true(object_property_set_link(dog, "friend", cat, &error_abort));

    /* Strong class link: holds a reference, dropped on change. */
    g_assert_true(object_property_set_link(cat, "keeper", dog, &error_abort));
    g_assert_true(TEST_ANIMAL(cat)->keeper == dog);
    g_assert_cmpuint(dog->ref, ==, 2);
    g_assert_true(object_property_set_link(cat, "keeper", NULL,
                                           &error_abort));
    g_assert_cmpuint(dog->ref, ==, 1);
    g_assert_true(object_property_set_link(cat, "keeper", dog, &error_abort));

    /* Const link: read-only. */
    object_property_add_const_link(box, "pet", cat);
    g_assert_true(object_property_get_link(box, "pet", &error_abort) == cat);
    g_assert_true(object_resolve_path("/test-link/box/pet", NULL) == cat);
    g_assert_false(object_property_set_link(box, "pet", dog, &err));
    assert_error_free(&err, "Property 'container.pet' is not writable");

    /* A link is not a child: partial paths do not descend through it. */
    g_assert_true(object_resolve_path("cat", NULL) == cat);

    /* Unparenting cat drops keeper's strong reference on dog. */
    object_unparent(cat);
    g_assert_cmpuint(dog->ref, ==, 1);
    a->friend = NULL;
    object_unref(loose);
    object_unparent(zoo);
}

static void test_link_ambiguous(void)
{
    Object *zoo = object_get_container("test-link-amb");
    Object *x = object_new_with_props(TYPE_CONTAINER, zoo, "x", &error_abort,
                                      NULL);
    Object *y = object_new_with_props(TYPE_CONTAINER, zoo, "y", &error_abort,
                                      NULL);
    Object *dog = object_new_with_props(TYPE_TEST_DOG, zoo, "d", &error_abort,
                                        NULL);
    Error *err = NULL;

    object_new_with_props(TYPE_TEST_CAT, x, "twin", &error_abort, NULL);
    object_new_with_props(TYPE_TEST_CAT, y, "twin", &error_abort, NULL);
    g_assert_false(object_property_set_str(dog, "friend", "twin", &err));
    assert_error_free(&err, "Path 'twin' does not uniquely identify an "
                      "object");
    g_assert_true(object_property_set_str(dog, "friend", "y/twin",
                                          &error_abort));
    g_assert_true(TEST_ANIMAL(dog)->friend ==
                  object_resolve_path("/test-link-amb/y/twin", NULL));
    TEST_ANIMAL(dog)->friend = NULL;
    object_unparent(zoo);
}

/* Random paths and values never crash resolution or link setters. */
static void test_tree_garbage(void)
{
    static const char *const pieces[] = {
        "/", "//", "test-garbage", "d", "c", "friend", "..", ".", "",
        "name", "nope", "[", "]", "d[0]", "\xff", " ", "objects",
    };
    Object *zoo = object_get_container("test-garbage");
    Object *dog = object_new_with_props(TYPE_TEST_DOG, zoo, "d",
                                        &error_abort, NULL);
    Object *cat = object_new_with_props(TYPE_TEST_CAT, zoo, "c",
                                        &error_abort, NULL);
    GRand *rand = g_rand_new_with_seed(7);
    int i;

    for (i = 0; i < 2000; i++) {
        GString *path = g_string_new(NULL);
        int n = g_rand_int_range(rand, 0, 6);
        Error *err = NULL;
        bool ambiguous;
        Object *found;
        int j;

        for (j = 0; j < n; j++) {
            g_string_append(path,
                pieces[g_rand_int_range(rand, 0, G_N_ELEMENTS(pieces))]);
        }
        found = object_resolve_path(path->str, &ambiguous);
        g_assert_true(!found || !ambiguous);
        object_resolve_path_type(path->str, TYPE_TEST_CAT, NULL);
        object_resolve_path_at(zoo, path->str);
        if (object_property_set_str(dog, "friend", path->str, &err)) {
            Object *friend = TEST_ANIMAL(dog)->friend;

            g_assert_true(!friend ||
                          object_dynamic_cast(friend, TYPE_TEST_ANIMAL));
            g_assert_true(friend != dog);
        } else {
            g_assert_nonnull(err);
            error_free(err);
        }
        err = NULL;
        if (!object_property_parse(cat, "u32", path->str, &err)) {
            error_free(err);
        }
        g_string_free(path, true);
    }
    TEST_ANIMAL(dog)->friend = NULL;
    g_rand_free(rand);
    object_unparent(zoo);
}

/* ------------------------------------------------------------------ */
/* object_new_with_props                                               */

static void test_new_with_props(void)
{
    Object *zoo = object_get_container("test-nwp");
    Object *dog;
    Error *err = NULL;

    dog = object_new_with_props(TYPE_TEST_DOG, zoo, "rex", &error_abort,
                                "name", "rex", "good", "on", "u16", "12",
                                "color", "red", NULL);
    g_assert_nonnull(dog);
    g_assert_cmpuint(dog->ref, ==, 1);      /* held by zoo only */
    g_assert_cmpstr(TEST_ANIMAL(dog)->name, ==, "rex");
    g_assert_true(TEST_ANIMAL(dog)->good);
    g_assert_cmpuint(TEST_ANIMAL(dog)->u16, ==, 12);
    g_assert_cmpint(TEST_ANIMAL(dog)->color, ==, TEST_COLOR_RED);
    g_assert_true(object_set_props(dog, &error_abort, "u8", "3", NULL));
    g_assert_cmpuint(TEST_ANIMAL(dog)->u8, ==, 3);
    g_assert_false(object_set_props(dog, &err, "u8", "4", "nope", "1", NULL));
    assert_error_free(&err, "Property 'test-dog.nope' not found");
    g_assert_cmpuint(TEST_ANIMAL(dog)->u8, ==, 4);

    g_string_truncate(events, 0);
    g_assert_null(object_new_with_props(TYPE_TEST_DOG, zoo, "bad", &err,
                                        "good", "maybe", NULL));
    assert_error_free(&err, "Parameter 'good' expects 'on' or 'off'");
    g_assert_null(object_resolve_path_component(zoo, "bad"));
    g_assert_true(strstr(events->str, "finalize:test-animal") != NULL);

    g_assert_null(object_new_with_props(TYPE_TEST_DOG, zoo, "rex", &err,
                                        NULL));
    assert_error_free(&err, "attempt to add duplicate property 'rex' to "
                      "object (type 'container')");
    g_assert_null(object_new_with_props("nope", zoo, "x", &err, NULL));
    assert_error_free(&err, "invalid object type: nope");
    g_assert_null(object_new_with_props(TYPE_TEST_ANIMAL, zoo, "x", &err,
                                        NULL));
    assert_error_free(&err, "object type 'test-animal' is abstract");
    g_assert_cmpint(count_children(zoo), ==, 1);

    /* Without an id, the caller owns the object. */
    dog = object_new_with_props(TYPE_TEST_DOG, NULL, NULL, &error_abort,
                                "name", "solo", NULL);
    g_assert_cmpuint(dog->ref, ==, 1);
    g_assert_null(dog->parent);
    object_unref(dog);
    object_unparent(zoo);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    events = g_string_new(NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/qom/type/lookup", test_type_lookup);
    g_test_add_func("/qom/type/class-inheritance", test_class_inheritance);
    g_test_add_func("/qom/type/interfaces", test_interfaces);
    g_test_add_func("/qom/type/class-casts", test_class_casts);
    g_test_add_func("/qom/type/class-list", test_class_list);
    g_test_add_func("/qom/object/lifecycle", test_object_lifecycle);
    g_test_add_func("/qom/object/casts", test_object_casts);
    g_test_add_func("/qom/object/bad-cast", test_object_bad_cast);
    g_test_add_func("/qom/object/abstract-new", test_object_abstract_new);
    g_test_add_func("/qom/object/initialize", test_object_initialize);
    g_test_add_func("/qom/object/cast-cache", test_object_cast_cache);
    g_test_add_func("/qom/object/ref-threads", test_object_ref_threads);
    g_test_add_func("/qom/prop/find", test_prop_find);
    g_test_add_func("/qom/prop/iter", test_prop_iter);
    g_test_add_func("/qom/prop/str", test_prop_str);
    g_test_add_func("/qom/prop/bool", test_prop_bool);
    g_test_add_func("/qom/prop/enum", test_prop_enum);
    g_test_add_func("/qom/prop/uint-ptr", test_prop_uint_ptr);
    g_test_add_func("/qom/prop/parse-print", test_prop_parse_print);
    g_test_add_func("/qom/prop/qobject", test_prop_qobject);
    g_test_add_func("/qom/prop/visitor", test_prop_visitor);
    g_test_add_func("/qom/prop/add-del", test_prop_add_del);
    g_test_add_func("/qom/prop/help", test_prop_help);
    g_test_add_func("/qom/prop/alias", test_prop_alias);
    g_test_add_func("/qom/prop/tm", test_prop_tm);
    g_test_add_func("/qom/tree/paths", test_tree_paths);
    g_test_add_func("/qom/tree/ambiguous", test_tree_ambiguous);
    g_test_add_func("/qom/tree/foreach", test_tree_foreach);
    g_test_add_func("/qom/tree/child-errors", test_tree_child_errors);
    g_test_add_func("/qom/tree/finalize-releases-children",
                    test_finalize_releases_children);
    g_test_add_func("/qom/tree/garbage", test_tree_garbage);
    g_test_add_func("/qom/link/basic", test_link);
    g_test_add_func("/qom/link/ambiguous", test_link_ambiguous);
    g_test_add_func("/qom/new-with-props", test_new_with_props);

    ret = g_test_run();
    g_string_free(events, true);
    return ret;
}

"""qapi-types[-MODULE].h/.c: C types, enum lookup tables, free functions.

For each enum Foo:   typedef enum Foo { FOO_A, ..., FOO__MAX } Foo;
                     extern const QEnumLookup Foo_lookup; Foo_str(val)
For each struct Foo: struct Foo { members; has_X flags for optional ones };
                     qapi_free_Foo(), g_autoptr(Foo), qapi_Foo_base()
For each union:      the base members, then union { Branch b; ... } u;
For each alternate:  QType type; union { ... } u;
For each array:      struct FooList { FooList *next; Foo *value; };
"""
from .common import c_decl, c_name, c_string, cgen, special_features_mask
from .gen import ModularGen
from .schema import AlternateType, ObjectType


class TypesGen(ModularGen):
    what = 'qapi-types'
    blurb = 'Schema-defined QAPI types'
    include_deps = True

    def begin_module(self, module, base):
        self.objects_seen = set()
        if module.is_builtin():
            self.genh.preamble_add(cgen('''
#include "qapi/util.h"
#include "qobject/qobject.h"

'''))
        else:
            self.genh.preamble_add(cgen('''
#include "qapi/qapi-builtin-types.h"
'''))
        self.genc.preamble_add(cgen('''
#include "qemu/osdep.h"
#include "qapi/dealloc-visitor.h"
#include "%(types)s.h"
#include "%(visit)s.h"

''', types=base, visit=self.module_base(module.name, 'qapi-visit')))

    # ---- enums

    def visit_enum(self, ent):
        name = c_name(ent.name)
        text = ''
        if ent.name != 'QType':     # QType is defined by qobject/qobject.h
            body = ''.join(v.ifcond.wrap('    %s,\n' % ent.c_const(v.name))
                           for v in ent.values)
            text += cgen('''

typedef enum %(name)s {
%(body)s    %(max)s,
} %(name)s;
''', name=name, body=body, max=ent.c_max())
        text += cgen('''

#define %(name)s_str(val) \\
    qapi_enum_lookup(&%(name)s_lookup, (val))

extern const QEnumLookup %(name)s_lookup;
''', name=name)
        self.genh.preamble_add(ent.ifcond.wrap(text))
        self.genc.add(ent.ifcond.wrap(self.enum_lookup(ent)))

    @staticmethod
    def enum_lookup(ent):
        name = c_name(ent.name)
        names = ''.join(v.ifcond.wrap('        [%s] = %s,\n'
                                      % (ent.c_const(v.name),
                                         c_string(v.name)))
                        for v in ent.values)
        special = ''
        flagged = [v for v in ent.values
                   if special_features_mask(v.features) != '0']
        if flagged:
            special = ('    .special_features = (const unsigned char[%s]) {\n'
                       % ent.c_max())
            special += ''.join(v.ifcond.wrap('        [%s] = %s,\n'
                                             % (ent.c_const(v.name),
                                                special_features_mask(
                                                    v.features)))
                               for v in flagged)
            special += '    },\n'
        if not ent.values:
            names = '        NULL,\n'
        return cgen('''

const QEnumLookup %(name)s_lookup = {
    .array = (const char *const[]) {
%(names)s    },
%(special)s    .size = %(max)s
};
''', name=name, names=names, special=special, max=ent.c_max())

    # ---- arrays

    def visit_array(self, ent):
        name = c_name(ent.name)
        elem = ent.element_type
        text = cgen('''

struct %(name)s {
    %(name)s *next;
    %(value)s;
};
''', name=name, value=c_decl(elem.c_type(), 'value'))
        self.genh.preamble_add(ent.ifcond.wrap(
            'typedef struct %s %s;\n' % (name, name)))
        self.genh.add(ent.ifcond.wrap(text + self.free_decl(name)))
        self.genc.add(ent.ifcond.wrap(self.free_def(name)))

    # ---- objects and alternates

    def visit_object(self, ent):
        if ent.name == 'q_empty':
            return
        name = c_name(ent.name)
        self.genh.preamble_add(ent.ifcond.wrap(
            'typedef struct %s %s;\n' % (name, name)))
        text = self.object_def(ent)
        if ent.base is not None and not ent.base.is_implicit():
            text += cgen('''

static inline %(base)s *qapi_%(name)s_base(const %(name)s *obj)
{
    return (%(base)s *)obj;
}
''', name=name, base=c_name(ent.base.name))
        if not ent.is_implicit():
            text += self.free_decl(name)
            self.genc.add(ent.ifcond.wrap(self.free_def(name)))
        self.genh.add(ent.ifcond.wrap(text))

    def visit_alternate(self, ent):
        name = c_name(ent.name)
        self.genh.preamble_add(ent.ifcond.wrap(
            'typedef struct %s %s;\n' % (name, name)))
        text = self.object_def(ent) + self.free_decl(name)
        self.genh.add(ent.ifcond.wrap(text))
        self.genc.add(ent.ifcond.wrap(self.free_def(name)))

    def object_def(self, ent):
        """struct Foo { ... };  Branch types embedded by value in a union
        are defined first (when they live in this module)."""
        if ent.name in self.objects_seen or ent.name == 'q_empty':
            return ''
        self.objects_seen.add(ent.name)
        pre = ''
        for var in ent.variants.variants if ent.variants else ():
            t = var.type
            if isinstance(t, ObjectType) and t.module == ent.module and \
                    t.name not in self.objects_seen:
                pre += t.ifcond.wrap(self.object_def(t))
        members = ''
        if isinstance(ent, AlternateType):
            members = '    QType type;\n'
        else:
            if ent.base is not None:
                named = not ent.base.is_implicit()
                if named:
                    members += '    /* Members inherited from %s: */\n' \
                        % ent.base.name
                members += self.member_list(ent.base.members)
                if named and ent.local_members:
                    members += '    /* Own members: */\n'
            members += self.member_list(ent.local_members)
        if ent.variants:
            members += self.variant_union(ent.variants)
        if not members:
            # C needs at least one member; QEMU's name for the filler
            members = '    char qapi_dummy_for_empty_struct;\n'
        return pre + cgen('''

struct %(name)s {
%(members)s};
''', name=c_name(ent.name), members=members)

    @staticmethod
    def member_list(members):
        text = ''
        for m in members:
            decl = ''
            if m.optional:
                decl += '    bool has_%s;\n' % m.c_name()
            decl += '    %s;\n' % c_decl(m.type.c_type(), m.c_name())
            text += m.ifcond.wrap(decl)
        return text

    @staticmethod
    def variant_union(variants):
        body = ''
        for v in variants.variants:
            if v.type.name == 'q_empty':
                continue
            body += v.ifcond.wrap('        %s;\n'
                                  % c_decl(v.type.c_unboxed_type(),
                                           v.c_name()))
        if not body:
            return ''
        return ('    union { /* union tag is @%s */\n%s    } u;\n'
                % (c_name(variants.tag_member.name), body))

    # ---- free functions

    @staticmethod
    def free_decl(name):
        return cgen('''

void qapi_free_%(name)s(%(name)s *obj);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(%(name)s, qapi_free_%(name)s)
''', name=name)

    @staticmethod
    def free_def(name):
        return cgen('''

void qapi_free_%(name)s(%(name)s *obj)
{
    Visitor *v;

    if (!obj) {
        return;
    }

    v = qapi_dealloc_visitor_new();
    visit_type_%(name)s(v, NULL, &obj, NULL);
    visit_free(v);
}
''', name=name)

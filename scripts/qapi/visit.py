"""qapi-visit[-MODULE].h/.c: visitor functions.

bool visit_type_Foo(Visitor *v, const char *name, Foo **obj, Error **errp)
visits a whole value (allocating it on input); visit_type_Foo_members()
visits the members of an object inside an already started struct.  On
input failure the partly built value is freed and *obj set to NULL.
"""
from .common import c_name, cgen, indent, special_features_mask
from .gen import ModularGen
from .schema import ObjectType


def visit_fn(typ):
    return 'visit_type_' + c_name(typ.name, protect=False)


class VisitGen(ModularGen):
    what = 'qapi-visit'
    blurb = 'Schema-defined QAPI visitors'
    include_deps = True

    def begin_module(self, module, base):
        types = self.module_base(module.name, 'qapi-types')
        pre = ''
        if not module.is_builtin():
            pre = '#include "qapi/qapi-builtin-visit.h"\n'
        self.genh.preamble_add(cgen('''
#include "qapi/visitor.h"
%(pre)s#include "%(types)s.h"

''', pre=pre, types=types))
        self.genc.preamble_add(cgen('''
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "%(visit)s.h"

''', visit=base))

    def visit_include(self, ent):
        self.genh.preamble_add('#include "%s.h"\n'
                               % self.module_base(ent.name))

    # ---- enums

    def visit_enum(self, ent):
        name = c_name(ent.name)
        self.genh.add(ent.ifcond.wrap(cgen('''

bool visit_type_%(name)s(Visitor *v, const char *name, %(name)s *obj,
                         Error **errp);
''', name=name)))
        self.genc.add(ent.ifcond.wrap(cgen('''

bool visit_type_%(name)s(Visitor *v, const char *name, %(name)s *obj,
                         Error **errp)
{
    int value = *obj;
    bool ok = visit_type_enum(v, name, &value, &%(name)s_lookup, errp);

    *obj = value;
    return ok;
}
''', name=name)))

    # ---- arrays

    def visit_array(self, ent):
        name = c_name(ent.name)
        elem = ent.element_type
        self.genh.add(ent.ifcond.wrap(self.decl(name)))
        self.genc.add(ent.ifcond.wrap(cgen('''

bool visit_type_%(name)s(Visitor *v, const char *name, %(name)s **obj,
                         Error **errp)
{
    bool ok = false;
    %(name)s *tail;
    size_t size = sizeof(**obj);

    if (!visit_start_list(v, name, (GenericList **)obj, size, errp)) {
        return false;
    }

    for (tail = *obj; tail;
         tail = (%(name)s *)visit_next_list(v, (GenericList *)tail, size)) {
        if (!%(fn)s(v, NULL, &tail->value, errp)) {
            goto out_obj;
        }
    }

    ok = visit_check_list(v, errp);
out_obj:
    visit_end_list(v, (void **)obj);
    if (!ok && visit_is_input(v)) {
        qapi_free_%(name)s(*obj);
        *obj = NULL;
    }
    return ok;
}
''', name=name, fn=visit_fn(elem))))

    # ---- objects

    def visit_object(self, ent):
        if ent.name == 'q_empty':
            return
        name = c_name(ent.name)
        text = cgen('''

bool visit_type_%(name)s_members(Visitor *v, %(name)s *obj, Error **errp);
''', name=name)
        if not ent.is_implicit():
            text += self.decl(name)
        self.genh.add(ent.ifcond.wrap(text))
        code = self.members_def(ent)
        if not ent.is_implicit():
            code += self.object_def(name)
        self.genc.add(ent.ifcond.wrap(code))

    def members_def(self, ent):
        name = c_name(ent.name)
        body = ''
        if ent.base is not None:
            body += cgen('''
    if (!visit_type_%(base)s_members(v, (%(base)s *)obj, errp)) {
        return false;
    }
''', base=c_name(ent.base.name))
        for m in ent.local_members:
            body += m.ifcond.wrap(self.member_code(m))
        if ent.variants:
            body += self.variants_code(ent.variants)
        return cgen('''

bool visit_type_%(name)s_members(Visitor *v, %(name)s *obj, Error **errp)
{
%(body)s    return true;
}
''', name=name, body=body)

    @staticmethod
    def member_code(m):
        code = cgen('''
if (!%(fn)s(v, "%(name)s", &obj->%(cname)s, errp)) {
    return false;
}
''', fn=visit_fn(m.type), name=m.name, cname=m.c_name())
        special = special_features_mask(m.features)
        if special != '0':
            code = cgen('''
if (visit_policy_reject(v, "%(name)s", %(special)s, errp)) {
    return false;
}
if (!visit_policy_skip(v, "%(name)s", %(special)s)) {
%(code)s}
''', name=m.name, special=special, code=indent(code))
        if m.optional:
            code = cgen('''
if (visit_optional(v, "%(name)s", &obj->has_%(cname)s)) {
%(code)s}
''', name=m.name, cname=m.c_name(), code=indent(code))
        return indent(code)

    @staticmethod
    def variants_code(variants):
        tag = variants.tag_member
        enum = tag.type
        value_cond = {v.name: v.ifcond for v in enum.values}
        cases = ''
        for v in variants.variants:
            const = enum.c_const(v.name)
            no_members = cgen('''
    case %(const)s:
        break;
''', const=const)
            if v.type.name == 'q_empty':
                case = no_members
            else:
                case = cgen('''
    case %(const)s:
        return visit_type_%(type)s_members(v, &obj->u.%(branch)s, errp);
''', const=const, type=c_name(v.type.name), branch=v.c_name())
                if v.ifcond.is_present():
                    # a branch compiled out leaves its value without
                    # extra members (rather than an impossible case)
                    case = (v.ifcond.gen_if() + case + '#else\n'
                            + no_members + v.ifcond.gen_endif())
            cases += value_cond[v.name].wrap(case)
        return cgen('''
    switch (obj->%(tag)s) {
%(cases)s    default:
        /* the input visitor only accepts values of the enum */
        abort();
    }
''', tag=tag.c_name(), cases=cases)

    @staticmethod
    def object_def(name):
        return cgen('''

bool visit_type_%(name)s(Visitor *v, const char *name, %(name)s **obj,
                         Error **errp)
{
    bool ok = false;

    if (!visit_start_struct(v, name, (void **)obj, sizeof(%(name)s), errp)) {
        return false;
    }
    if (!*obj) {
        /* incomplete: only the dealloc visitor passes a NULL value */
        assert(visit_is_dealloc(v));
        ok = true;
        goto out_obj;
    }
    if (!visit_type_%(name)s_members(v, *obj, errp)) {
        goto out_obj;
    }
    ok = visit_check_struct(v, errp);
out_obj:
    visit_end_struct(v, (void **)obj);
    if (!ok && visit_is_input(v)) {
        qapi_free_%(name)s(*obj);
        *obj = NULL;
    }
    return ok;
}
''', name=name)

    # ---- alternates

    def visit_alternate(self, ent):
        name = c_name(ent.name)
        self.genh.add(ent.ifcond.wrap(self.decl(name)))
        cases = ''
        for v in ent.variants.variants:
            t = v.type
            if isinstance(t, ObjectType):
                case = cgen('''
    case %(qtype)s:
        if (!visit_start_struct(v, name, NULL, 0, errp)) {
            break;
        }
        if (visit_type_%(type)s_members(v, &(*obj)->u.%(branch)s, errp)) {
            ok = visit_check_struct(v, errp);
        }
        visit_end_struct(v, NULL);
        break;
''', qtype=t.qtype(), type=c_name(t.name), branch=v.c_name())
            else:
                case = cgen('''
    case %(qtype)s:
        ok = %(fn)s(v, name, &(*obj)->u.%(branch)s, errp);
        break;
''', qtype=t.qtype(), fn=visit_fn(t), branch=v.c_name())
            cases += v.ifcond.wrap(case)
        self.genc.add(ent.ifcond.wrap(cgen('''

bool visit_type_%(name)s(Visitor *v, const char *name, %(name)s **obj,
                         Error **errp)
{
    bool ok = false;

    if (!visit_start_alternate(v, name, (GenericAlternate **)obj,
                               sizeof(**obj), errp)) {
        return false;
    }
    if (!*obj) {
        /* incomplete: only the dealloc visitor passes a NULL value */
        assert(visit_is_dealloc(v));
        ok = true;
        goto out_obj;
    }
    switch ((*obj)->type) {
%(cases)s    case QTYPE_NONE:
        abort();
    default:
        assert(visit_is_input(v));
        error_setg(errp, "Invalid parameter type for '%%s', expected: %%s",
                   name ? name : "null", "%(name)s");
        /* the value is not a valid %(name)s: do not let qapi_free see it */
        g_free(*obj);
        *obj = NULL;
    }
out_obj:
    visit_end_alternate(v, (void **)obj);
    if (!ok && visit_is_input(v)) {
        qapi_free_%(name)s(*obj);
        *obj = NULL;
    }
    return ok;
}
''', name=name, cases=cases)))

    @staticmethod
    def decl(name):
        return cgen('''

bool visit_type_%(name)s(Visitor *v, const char *name, %(name)s **obj,
                         Error **errp);
''', name=name)

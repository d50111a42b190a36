"""qapi-introspect.h/.c: the data behind query-qmp-schema.

The result is a QLitObject, a list of SchemaInfo dicts (see
qapi/introspect.json): every command and event, and every type they use,
reachable from them.  Like QEMU, type names other than built-in ones are
masked as "0", "1", ... (clients must look at commands and events, not at
type names) unless -u is given; all integer types show as 'int'.
"""
from .common import c_name, c_string, cgen, IfCond
from .gen import GenFile
from .schema import (AlternateType, ArrayType, BuiltinType, Command,
                     EnumType, Event, ObjectType)


class Annotated:
    """A list element with a condition and a comment."""

    def __init__(self, value, ifcond, comment=None):
        self.value = value
        self.ifcond = ifcond
        self.comment = comment


def to_qlit(obj, level=0, dict_value=False):
    pad = '    ' * level
    if isinstance(obj, Annotated):
        text = ''
        if obj.comment:
            text += pad + '/* %s */\n' % obj.comment
        return obj.ifcond.wrap(text + to_qlit(obj.value, level) + ',\n') \
            if obj.ifcond.is_present() else \
            text + to_qlit(obj.value, level) + ',\n'
    lead = '' if dict_value else pad
    if obj is None:
        return lead + 'QLIT_QNULL'
    if isinstance(obj, bool):
        return lead + 'QLIT_QBOOL(%s)' % ('true' if obj else 'false')
    if isinstance(obj, str):
        return lead + 'QLIT_QSTR(%s)' % c_string(obj)
    if isinstance(obj, list):
        text = lead + 'QLIT_QLIST(((QLitObject[]) {\n'
        for elem in obj:
            if isinstance(elem, Annotated):
                text += to_qlit(elem, level + 1)
            else:
                text += to_qlit(elem, level + 1) + ',\n'
        return text + pad + '    {}\n' + pad + '}))'
    if isinstance(obj, dict):
        text = lead + 'QLIT_QDICT(((QLitDictEntry[]) {\n'
        for key in sorted(obj):
            text += '%s    { %s, %s },\n' % (
                pad, c_string(key), to_qlit(obj[key], level + 1, True))
        return text + pad + '    {}\n' + pad + '}))'
    raise TypeError('cannot express %r as QLit' % (obj,))


class IntrospectGen:
    def __init__(self, prefix, unmask):
        self.prefix = prefix
        self.unmask = unmask
        self.schema = None
        self.trees = []
        self.used = []
        self.name_map = {}
        self.genh = GenFile(prefix + 'qapi-introspect.h',
                            'QAPI/QMP schema introspection')
        self.genc = GenFile(prefix + 'qapi-introspect.c',
                            'QAPI/QMP schema introspection')

    # ---- schema visitor protocol

    def visit_begin(self, schema):
        self.schema = schema

    def visit_module(self, module):
        pass

    def visit_needed(self, ent):
        # types are visited at the end, the ones in use only
        return isinstance(ent, (Command, Event))

    def visit_entity(self, ent):
        empty = self.schema.lookup_type('q_empty')
        if isinstance(ent, Command):
            obj = {'arg-type': self.use_type(ent.arg_type or empty),
                   'ret-type': self.use_type(ent.ret_type or empty)}
            if ent.allow_oob:
                obj['allow-oob'] = True
            self.add_tree(ent.name, 'command', obj, ent.ifcond, ent.features)
        else:
            obj = {'arg-type': self.use_type(ent.arg_type or empty)}
            self.add_tree(ent.name, 'event', obj, ent.ifcond, ent.features)

    def visit_end(self):
        i = 0
        while i < len(self.used):
            self.type_tree(self.used[i])
            i += 1
        var = c_name(self.prefix + 'qmp_schema_qlit', protect=False)
        self.genh.add(cgen('''
#include "qapi/qmp/qlit.h"

extern const QLitObject %(var)s;
''', var=var))
        self.genc.add(cgen('''
#include "qemu/osdep.h"
#include "%(prefix)sqapi-introspect.h"

const QLitObject %(var)s = %(tree)s;
''', prefix=self.prefix, var=var, tree=to_qlit(self.trees)))

    # ---- naming

    def name(self, name):
        if self.unmask:
            return name
        if name not in self.name_map:
            self.name_map[name] = '%d' % len(self.name_map)
        return self.name_map[name]

    def use_type(self, typ):
        if typ.json_type() == 'int':
            typ = self.schema.lookup_type('int')
        elif isinstance(typ, ArrayType) and \
                typ.element_type.json_type() == 'int':
            typ = self.schema.lookup_type('intList')
        if typ not in self.used:
            self.used.append(typ)
        if isinstance(typ, BuiltinType):
            return typ.name
        if isinstance(typ, ArrayType):
            return '[' + self.use_type(typ.element_type) + ']'
        return self.name(typ.name)

    # ---- trees

    @staticmethod
    def features(features):
        return [Annotated(f.name, f.ifcond) for f in features]

    def add_tree(self, name, meta, obj, ifcond, features=()):
        comment = None
        if meta not in ('command', 'event', 'builtin') and not self.unmask:
            real = name
            name = self.name(name)
            comment = '"%s" = %s' % (name, real)
        obj['name'] = name
        obj['meta-type'] = meta
        if features:
            obj['features'] = self.features(features)
        self.trees.append(Annotated(obj, ifcond, comment))

    def member_tree(self, m):
        obj = {'name': m.name, 'type': self.use_type(m.type)}
        if m.optional:
            obj['default'] = None
        if m.features:
            obj['features'] = self.features(m.features)
        return Annotated(obj, m.ifcond)

    def type_tree(self, typ):
        if isinstance(typ, BuiltinType):
            self.trees.append(Annotated({'name': typ.name,
                                         'meta-type': 'builtin',
                                         'json-type': typ.json_type()},
                                        IfCond()))
        elif isinstance(typ, EnumType):
            members = []
            for v in typ.values:
                mobj = {'name': v.name}
                if v.features:
                    mobj['features'] = self.features(v.features)
                members.append(Annotated(mobj, v.ifcond))
            obj = {'members': members,
                   'values': [Annotated(v.name, v.ifcond)
                              for v in typ.values]}
            self.add_tree(typ.name, 'enum', obj, typ.ifcond, typ.features)
        elif isinstance(typ, ArrayType):
            elem = self.use_type(typ.element_type)
            self.trees.append(Annotated({'name': '[' + elem + ']',
                                         'meta-type': 'array',
                                         'element-type': elem},
                                        typ.ifcond))
        elif isinstance(typ, ObjectType):
            obj = {'members': [self.member_tree(m) for m in typ.members]}
            if typ.variants:
                obj['tag'] = typ.variants.tag_member.name
                obj['variants'] = [
                    Annotated({'case': v.name,
                               'type': self.use_type(v.type)}, v.ifcond)
                    for v in typ.variants.variants]
            self.add_tree(typ.name, 'object', obj, typ.ifcond, typ.features)
        elif isinstance(typ, AlternateType):
            obj = {'members': [Annotated({'type': self.use_type(v.type)},
                                         v.ifcond)
                               for v in typ.variants.variants]}
            self.add_tree(typ.name, 'alternate', obj, typ.ifcond,
                          typ.features)

    def write(self, outdir, builtins):
        self.genh.write(outdir)
        self.genc.write(outdir)

    def outputs(self, builtins):
        return [self.genh.fname, self.genc.fname]

"""The checked schema: entities with resolved types.

Schema(fname) parses the file (and its includes), checks every definition
and offers the entities module by module to the generators.  Names of
implicit types follow QEMU: 'q_obj_<command>-arg', 'q_obj_<EVENT>-arg',
'q_obj_<Union>-base', '<Type>List' for arrays, 'q_empty'.
"""
import os

from .common import IfCond, c_name, c_enum_const
from .error import QAPIError
from .expr import Pragmas, apply_pragma, normalize_expr
from .parser import Parser

BUILTIN_MODULE = './builtin'

# name, C type, JSON type (as introspection reports it)
BUILTINS = [
    ('str', 'char *', 'string'),
    ('number', 'double', 'number'),
    ('int', 'int64_t', 'int'),
    ('int8', 'int8_t', 'int'),
    ('int16', 'int16_t', 'int'),
    ('int32', 'int32_t', 'int'),
    ('int64', 'int64_t', 'int'),
    ('uint8', 'uint8_t', 'int'),
    ('uint16', 'uint16_t', 'int'),
    ('uint32', 'uint32_t', 'int'),
    ('uint64', 'uint64_t', 'int'),
    ('size', 'uint64_t', 'int'),
    ('bool', 'bool', 'boolean'),
    ('null', 'QNull *', 'null'),
    ('any', 'QObject *', 'value'),
]

SPECIAL_FEATURES = ('deprecated', 'unstable')

QTYPE_OF_JSON = {'string': 'QTYPE_QSTRING', 'int': 'QTYPE_QNUM',
                 'number': 'QTYPE_QNUM', 'boolean': 'QTYPE_QBOOL',
                 'null': 'QTYPE_QNULL', 'object': 'QTYPE_QDICT',
                 'array': 'QTYPE_QLIST'}


class Feature:
    def __init__(self, name, ifcond):
        self.name = name
        self.ifcond = IfCond(ifcond)

    def is_special(self):
        return self.name in SPECIAL_FEATURES


def make_features(lst):
    return [Feature(f['name'], f['if']) for f in lst]


class Entity:
    meta = None

    def __init__(self, name, info, ifcond=None, features=(), doc=None,
                 module=None):
        self.name = name
        self.info = info
        self.ifcond = IfCond(ifcond) if not isinstance(ifcond, IfCond) \
            else ifcond
        self.features = list(features)
        self.doc = doc
        self.module = module
        self.checked = False

    def describe(self):
        return "%s '%s'" % (self.meta, self.name)

    def c_name(self):
        return c_name(self.name)

    def is_implicit(self):
        return self.name.startswith('q_')

    def check(self, schema):
        self.checked = True


# ---------------------------------------------------------------------------
# types


class Type(Entity):
    def c_type(self):
        raise NotImplementedError

    def c_param_type(self):
        return self.c_type()

    def c_unboxed_type(self):
        return self.c_type()

    def json_type(self):
        raise NotImplementedError

    def qtype(self):
        return QTYPE_OF_JSON.get(self.json_type())

    def is_builtin(self):
        return self.module == BUILTIN_MODULE


class BuiltinType(Type):
    meta = 'built-in type'

    def __init__(self, name, ctype, jtype):
        super().__init__(name, None, module=BUILTIN_MODULE)
        self._c_type = ctype
        self._json_type = jtype

    def c_type(self):
        return self._c_type

    def c_param_type(self):
        return 'const char *' if self.name == 'str' else self._c_type

    def json_type(self):
        return self._json_type

    def is_implicit(self):
        return False


class EnumValue:
    def __init__(self, name, ifcond, features):
        self.name = name
        self.ifcond = IfCond(ifcond)
        self.features = features


class EnumType(Type):
    meta = 'enum'

    def __init__(self, name, info, ifcond, features, doc, module, values,
                 prefix):
        super().__init__(name, info, ifcond, features, doc, module)
        self.values = values
        self.prefix = prefix

    def c_type(self):
        return c_name(self.name)

    def json_type(self):
        return 'string'

    def value_names(self):
        return [v.name for v in self.values]

    def c_const(self, value_name):
        return c_enum_const(self.name, value_name, self.prefix)

    def c_max(self):
        return c_enum_const(self.name, '_MAX', self.prefix)

    def check(self, schema):
        super().check(schema)
        seen = {}
        for v in self.values:
            cn = c_name(v.name, False).upper()
            if cn in seen:
                raise QAPIError(self.info, "value '%s' of %s collides with "
                                "value '%s'" % (v.name, self.describe(),
                                                seen[cn]))
            seen[cn] = v.name


class ArrayType(Type):
    meta = 'array'

    def __init__(self, element_name, info):
        super().__init__(element_name + 'List', info)
        self.element_name = element_name
        self.element_type = None

    def check(self, schema):
        if self.checked:
            return
        super().check(schema)
        self.element_type = schema.resolve_type(
            self.element_name, self.info, "array of '%s'" % self.element_name)
        if isinstance(self.element_type, ArrayType):
            raise QAPIError(self.info, 'arrays of arrays are not supported')
        self.module = self.element_type.module
        self.ifcond = self.element_type.ifcond

    def c_type(self):
        return c_name(self.name) + ' *'

    def json_type(self):
        return 'array'

    def is_implicit(self):
        return True


class Member:
    def __init__(self, name, type_ref, optional=False, ifcond=None,
                 features=(), defined_in=None):
        self.name = name
        self.type_ref = type_ref
        self.type = None
        self.optional = optional
        self.ifcond = IfCond(ifcond)
        self.features = list(features)
        self.defined_in = defined_in

    def c_name(self):
        return c_name(self.name)

    def describe(self, owner):
        return "member '%s' of %s" % (self.name, owner)


class Variant:
    """A branch of a union or alternate."""

    def __init__(self, name, type_ref, ifcond=None, implicit=False):
        self.name = name
        self.type_ref = type_ref
        self.type = None
        self.ifcond = IfCond(ifcond) if not isinstance(ifcond, IfCond) \
            else ifcond
        self.implicit = implicit    # an unlisted union branch (q_empty)

    def c_name(self):
        return c_name(self.name)


class Variants:
    def __init__(self, tag_name, variants):
        self.tag_name = tag_name
        self.tag_member = None
        self.variants = variants


class ObjectType(Type):
    meta = 'struct'

    def __init__(self, name, info, ifcond, features, doc, module, base,
                 members, variants=None, meta='struct'):
        super().__init__(name, info, ifcond, features, doc, module)
        self.meta = meta
        self.base_ref = base
        self.base = None
        self.local_members = members
        self.members = None
        self.variants = variants
        self.checking = False

    def c_type(self):
        return c_name(self.name) + ' *'

    def c_unboxed_type(self):
        return c_name(self.name)

    def json_type(self):
        return 'object'

    def is_empty(self):
        return not self.members and not self.variants

    def check(self, schema):
        if self.checked:
            return
        if self.checking:
            raise QAPIError(self.info, '%s is its own base (a loop)'
                            % self.describe())
        self.checking = True
        owner = self.describe()
        members = []
        if self.base_ref is not None:
            self.base = schema.resolve_type(self.base_ref, self.info,
                                            "base of %s" % owner)
            if not isinstance(self.base, ObjectType) or \
                    self.base.meta != 'struct':
                raise QAPIError(self.info, "base of %s must be a struct "
                                "type, not %s" % (owner,
                                                  self.base.describe()))
            self.base.check(schema)
            if self.base.variants:
                raise QAPIError(self.info, "base of %s must not have "
                                "variants" % owner)
            members = list(self.base.members)
        for m in self.local_members:
            m.type = schema.resolve_type(m.type_ref, self.info,
                                         m.describe(owner))
        members += self.local_members
        self.members = members
        self.check_clash(self.members, owner, self.info)
        if self.variants:
            self.check_variants(schema)
        self.checking = False
        super().check(schema)

    @staticmethod
    def check_clash(members, owner, info, seen=None):
        """C names of members must be unique (QMP names then are too)."""
        seen = {} if seen is None else seen
        for m in members:
            cn = m.c_name()
            if cn in seen:
                other = seen[cn]
                where = ''
                if other.defined_in != m.defined_in and other.defined_in:
                    where = " of '%s'" % other.defined_in
                raise QAPIError(info, "member '%s' of %s collides with "
                                "member '%s'%s" % (m.name, owner, other.name,
                                                   where))
            seen[cn] = m
        return seen

    def check_variants(self, schema):
        owner = self.describe()
        tag = self.variants.tag_name
        tag_member = next((m for m in self.members if m.name == tag), None)
        if tag_member is None:
            raise QAPIError(self.info, "discriminator '%s' of %s is not a "
                            'member of its base' % (tag, owner))
        if not isinstance(tag_member.type, EnumType):
            raise QAPIError(self.info, "discriminator member '%s' of %s must "
                            'be of enum type' % (tag, owner))
        if tag_member.optional:
            raise QAPIError(self.info, "discriminator member '%s' of %s must "
                            'not be optional' % (tag, owner))
        if tag_member.ifcond.is_present():
            raise QAPIError(self.info, "discriminator member '%s' of %s must "
                            'not be conditional' % (tag, owner))
        if any(m.name == 'u' for m in self.members):
            raise QAPIError(self.info, "%s cannot have a member named 'u' "
                            '(the C union of its branches)' % owner)
        self.variants.tag_member = tag_member
        enum = tag_member.type
        enum.check(schema)
        values = {v.name: v for v in enum.values}
        listed = set()
        for v in self.variants.variants:
            bwhat = "branch '%s' of %s" % (v.name, owner)
            if v.name not in values:
                raise QAPIError(self.info, "%s is not a value of %s"
                                % (bwhat, enum.describe()))
            listed.add(v.name)
            v.type = schema.resolve_type(v.type_ref, self.info, bwhat)
            if not isinstance(v.type, ObjectType) or v.type.is_implicit():
                raise QAPIError(self.info, '%s must be a struct or union '
                                'type, not %s' % (bwhat, v.type.describe()))
            v.type.check(schema)
            # branch members sit next to the union's on the wire
            seen = {m.c_name(): m for m in self.members}
            self.check_clash(v.type.members, bwhat, self.info, seen)
        for ev in enum.values:
            if ev.name not in listed:
                nv = Variant(ev.name, 'q_empty', ev.ifcond, implicit=True)
                nv.type = schema.lookup_type('q_empty')
                self.variants.variants.append(nv)
        order = {name: i for i, name in enumerate(enum.value_names())}
        self.variants.variants.sort(key=lambda var: order[var.name])


class AlternateType(Type):
    meta = 'alternate'

    def __init__(self, name, info, ifcond, features, doc, module, variants):
        super().__init__(name, info, ifcond, features, doc, module)
        self.variants = variants

    def c_type(self):
        return c_name(self.name) + ' *'

    def json_type(self):
        return 'value'

    def check(self, schema):
        if self.checked:
            return
        super().check(schema)
        owner = self.describe()
        tag = Member('type', 'QType')
        tag.type = schema.lookup_type('QType')
        self.variants.tag_member = tag
        seen = {}
        for v in self.variants.variants:
            bwhat = "branch '%s' of %s" % (v.name, owner)
            v.type = schema.resolve_type(v.type_ref, self.info, bwhat)
            if isinstance(v.type, AlternateType) or v.type.name == 'any':
                raise QAPIError(self.info, '%s cannot be of %s'
                                % (bwhat, v.type.describe()))
            if isinstance(v.type, ObjectType):
                v.type.check(schema)
                if v.type.is_implicit():
                    raise QAPIError(self.info, '%s must name a type' % bwhat)
            qtype = v.type.qtype()
            conflicts = {qtype}
            if qtype == 'QTYPE_QSTRING':
                # Keyval input (command line) is all strings, so strings
                # compete with numbers and booleans.
                if isinstance(v.type, EnumType):
                    v.type.check(schema)
                    for ev in v.type.values:
                        if ev.name in ('on', 'off', 'true', 'false'):
                            conflicts.add('QTYPE_QBOOL')
                        if ev.name[:1] in '-+0123456789.':
                            conflicts.add('QTYPE_QNUM')
                else:
                    conflicts.update(('QTYPE_QNUM', 'QTYPE_QBOOL'))
            for q in conflicts:
                if q in seen:
                    raise QAPIError(self.info, "%s can't be distinguished "
                                    "from branch '%s'" % (bwhat, seen[q]))
            for q in conflicts:
                seen.setdefault(q, v.name)


# ---------------------------------------------------------------------------
# commands and events


class Command(Entity):
    meta = 'command'

    def __init__(self, name, info, ifcond, features, doc, module, arg_ref,
                 ret_ref, opts):
        super().__init__(name, info, ifcond, features, doc, module)
        self.arg_ref = arg_ref
        self.ret_ref = ret_ref
        self.arg_type = None
        self.ret_type = None
        self.boxed = opts['boxed']
        self.gen = opts['gen']
        self.success_response = opts['success-response']
        self.allow_oob = opts['allow-oob']
        self.allow_preconfig = opts['allow-preconfig']
        self.coroutine = opts['coroutine']

    def check(self, schema):
        super().check(schema)
        owner = self.describe()
        self.arg_type = check_arg_type(schema, self, owner)
        if self.ret_ref is not None:
            self.ret_type = schema.resolve_type(self.ret_ref, self.info,
                                                "'returns' of " + owner)
            ok = isinstance(self.ret_type, ObjectType) or (
                isinstance(self.ret_type, ArrayType)
                and isinstance(self.ret_type.element_type, ObjectType))
            if not ok and \
                    self.name not in schema.pragmas.command_returns_exceptions:
                raise QAPIError(self.info, "%s cannot return %s: only "
                                'objects and arrays of objects (or name the '
                                "command in pragma "
                                "'command-returns-exceptions')"
                                % (owner, self.ret_type.describe()))


class Event(Entity):
    meta = 'event'

    def __init__(self, name, info, ifcond, features, doc, module, arg_ref,
                 boxed):
        super().__init__(name, info, ifcond, features, doc, module)
        self.arg_ref = arg_ref
        self.arg_type = None
        self.boxed = boxed

    def check(self, schema):
        super().check(schema)
        self.arg_type = check_arg_type(schema, self, self.describe())


# C names the generated handler prototypes and event senders use next to
# the parameters made from members.
RESERVED_PARAMS = {'command': ('errp',), 'event': ('qmp', 'obj', 'v', 'param')}


def check_arg_type(schema, entity, owner):
    if entity.arg_ref is None:
        return None
    typ = schema.resolve_type(entity.arg_ref, entity.info,
                              "'data' of " + owner)
    if not isinstance(typ, ObjectType):
        raise QAPIError(entity.info, "'data' of %s must be a struct or union "
                        'type, not %s' % (owner, typ.describe()))
    typ.check(schema)
    if typ.variants and not entity.boxed:
        raise QAPIError(entity.info, "'data' of %s can be a union only with "
                        "'boxed': true" % owner)
    if entity.boxed and typ.is_empty():
        raise QAPIError(entity.info, "'data' of %s with 'boxed': true must "
                        'not be empty' % owner)
    if not entity.boxed:
        for m in typ.members:
            if m.c_name() in RESERVED_PARAMS[entity.meta]:
                raise QAPIError(entity.info, "member '%s' of %s collides "
                                'with a name of the generated C code'
                                % (m.name, owner))
    return typ


class Include(Entity):
    meta = 'include'

    def __init__(self, target, info, module):
        super().__init__(target, info, module=module)


class Module:
    def __init__(self, name):
        self.name = name
        self.entities = []

    def is_builtin(self):
        return self.name == BUILTIN_MODULE


# ---------------------------------------------------------------------------
# the schema


class Schema:
    def __init__(self, fname):
        self.fname = fname
        self.pragmas = Pragmas()
        self.entities = []
        self.entity_dict = {}
        self.modules = {}
        self.module_order = []
        self.includes = []
        parser = Parser(fname)
        pexprs = parser.parse()
        self.docs = parser.docs
        self.main_module = fname
        self.add_module(BUILTIN_MODULE)
        self.add_module(fname)
        self.define_predefined()
        for pexpr in pexprs:
            self.add_module(pexpr.module)
            if 'include' in pexpr.expr:
                target = pexpr.expr['include']
                self.add_module(target)
                self.includes.append(Include(target, pexpr.info,
                                             pexpr.module))
                self.modules[pexpr.module].entities.append(self.includes[-1])
                continue
            if 'pragma' in pexpr.expr:
                apply_pragma(pexpr, self.pragmas)
                continue
            self.define(pexpr)
        # Arrays are checked where they are used, for better messages;
        # what is left (arrays nobody uses) last.
        ents = [e for e in self.entities if not isinstance(e, ArrayType)]
        ents += [e for e in self.entities if isinstance(e, ArrayType)]
        for ent in ents:
            try:
                ent.check(self)
            except QAPIError as e:
                if e.info is None:
                    raise QAPIError(ent.info, e.msg)
                raise
        for ent in self.entities:
            if isinstance(ent, ArrayType):
                self.modules[ent.module].entities.append(ent)
            elif ent.module is not None:
                self.modules[ent.module].entities.append(ent)
        self.check_docs()
        self.check_module_cycles()

    def add_module(self, name):
        if name not in self.modules:
            self.modules[name] = Module(name)
            self.module_order.append(name)

    def module_list(self):
        return [self.modules[n] for n in self.module_order]

    # ---- definitions

    def add_entity(self, ent):
        other = self.entity_dict.get(ent.name)
        if other is not None:
            if other.info is None:
                raise QAPIError(ent.info, "%s uses the name of a built-in "
                                'type' % ent.describe())
            raise QAPIError(ent.info, "%s is already defined at %s as %s"
                            % (ent.describe(), other.info,
                               other.describe()))
        self.entity_dict[ent.name] = ent
        self.entities.append(ent)

    def define_predefined(self):
        for name, ctype, jtype in BUILTINS:
            self.add_entity(BuiltinType(name, ctype, jtype))
        qtype = EnumType('QType', None, None, [], None, BUILTIN_MODULE,
                         [EnumValue(n, None, []) for n in
                          ('none', 'qnull', 'qnum', 'qstring', 'qdict',
                           'qlist', 'qbool')], 'QTYPE')
        self.add_entity(qtype)
        for name, _c, _j in BUILTINS + [('QType', None, None)]:
            self.make_array(name, None)
        empty = ObjectType('q_empty', None, None, [], None, BUILTIN_MODULE,
                           None, [])
        self.add_entity(empty)

    def make_array(self, element, info):
        name = element + 'List'
        if name not in self.entity_dict:
            self.add_entity(ArrayType(element, info))
        return name

    def type_ref(self, ref, info):
        """A member type reference: 'T' or ['T'] (which defines TList)."""
        if isinstance(ref, list):
            return self.make_array(ref[0], info)
        return ref

    def make_members(self, lst, info, defined_in):
        return [Member(m['name'], self.type_ref(m['type'], info),
                       m['optional'], m['if'], make_features(m['features']),
                       defined_in)
                for m in lst]

    def make_implicit_object(self, name, info, ifcond, module, members,
                             role):
        obj = ObjectType(name, info, ifcond, [], None, module, None,
                         self.make_members(members, info, name))
        obj.role = role
        self.add_entity(obj)
        return name

    def define(self, pexpr):
        norm = normalize_expr(pexpr, self.pragmas)
        info, doc, module = pexpr.info, pexpr.doc, pexpr.module
        name, meta = norm['name'], norm['meta']
        if doc is not None and doc.symbol != name:
            raise QAPIError(info, "documentation for '%s' precedes the "
                            "definition of '%s'" % (doc.symbol, name))
        if doc is None and self.pragmas.doc_required and \
                name not in self.pragmas.documentation_exceptions:
            raise QAPIError(info, "%s '%s' needs a documentation comment "
                            "(pragma 'doc-required')" % (meta, name))
        ifcond = norm['if']
        features = make_features(norm['features'])
        if meta == 'enum':
            values = [EnumValue(v['name'], v['if'],
                                make_features(v['features']))
                      for v in norm['values']]
            ent = EnumType(name, info, ifcond, features, doc, module, values,
                           norm['prefix'])
        elif meta == 'struct':
            ent = ObjectType(name, info, ifcond, features, doc, module,
                             norm['base'],
                             self.make_members(norm['members'], info, name))
        elif meta == 'union':
            base = norm['base']
            if isinstance(base, list):
                base = self.make_implicit_object(
                    'q_obj_%s-base' % name, info, ifcond, module, base,
                    'base')
            branches = [Variant(b['name'], self.type_ref(b['type'], info),
                                b['if'])
                        for b in norm['branches']]
            ent = ObjectType(name, info, ifcond, features, doc, module, base,
                             [], Variants(norm['discriminator'], branches),
                             meta='union')
        elif meta == 'alternate':
            branches = [Variant(b['name'], self.type_ref(b['type'], info),
                                b['if'])
                        for b in norm['branches']]
            ent = AlternateType(name, info, ifcond, features, doc, module,
                                Variants('type', branches))
        else:
            data = norm['data']
            if isinstance(data, list):
                data = self.make_implicit_object(
                    'q_obj_%s-arg' % name, info, ifcond, module, data, 'arg')
            if meta == 'command':
                ret = norm['returns']
                if ret is not None:
                    ret = self.type_ref(ret, info)
                ent = Command(name, info, ifcond, features, doc, module,
                              data, ret, norm)
            else:
                ent = Event(name, info, ifcond, features, doc, module, data,
                            norm['boxed'])
        self.add_entity(ent)

    # ---- lookups

    def lookup_type(self, name):
        ent = self.entity_dict.get(name)
        return ent if isinstance(ent, Type) else None

    def resolve_type(self, name, info, what):
        ent = self.entity_dict.get(name)
        if ent is None:
            raise QAPIError(info, "%s uses unknown type '%s'" % (what, name))
        if not isinstance(ent, Type):
            raise QAPIError(info, "%s uses '%s', which is %s, not a type"
                            % (what, name, ent.describe()))
        if isinstance(ent, ArrayType) and not ent.checked:
            self.resolve_type(ent.element_name, info, what)
        # Objects are checked where their members matter (bases, branches,
        # arguments): structs may refer to each other through members.
        if not isinstance(ent, ObjectType):
            ent.check(self)
        return ent

    # ---- documentation

    def check_docs(self):
        for ent in self.entities:
            doc = ent.doc
            if doc is None:
                continue
            # A definition's doc also documents its members' features.
            features = [f.name for f in ent.features]
            if isinstance(ent, EnumType):
                names = ent.value_names()
                members = ent.values
            elif isinstance(ent, ObjectType):
                members = list(ent.local_members)
                if ent.base is not None and ent.base.is_implicit():
                    members += ent.base.members
                names = [m.name for m in members]
            elif isinstance(ent, AlternateType):
                names = [v.name for v in ent.variants.variants]
                members = []
            elif isinstance(ent, (Command, Event)):
                members = ent.arg_type.members if ent.arg_type else []
                names = [m.name for m in members]
            else:
                continue
            for m in members:
                features += [f.name for f in m.features]
            doc.check_members(doc.info, ent.describe(), names, features)

    # ---- module dependencies

    def module_deps(self, module, where=None):
        """The other user modules whose types @module's definitions use,
        in module order: their headers must be included.  @where, if
        given, gets for each the info of a definition that uses it."""
        used = set()
        where = {} if where is None else where
        ent = None

        def use(typ):
            if typ is not None and typ.module not in (None, module.name,
                                                      BUILTIN_MODULE):
                used.add(typ.module)
                where.setdefault(typ.module, ent.info)

        for ent in module.entities:
            if isinstance(ent, ObjectType):
                use(ent.base)
                for m in ent.local_members:
                    use(m.type)
                for v in ent.variants.variants if ent.variants else ():
                    use(v.type)
            elif isinstance(ent, AlternateType):
                for v in ent.variants.variants:
                    use(v.type)
            elif isinstance(ent, ArrayType):
                use(ent.element_type)
            elif isinstance(ent, Command):
                use(ent.arg_type)
                use(ent.ret_type)
            elif isinstance(ent, Event):
                use(ent.arg_type)
        return [self.modules[n] for n in self.module_order if n in used]

    def check_module_cycles(self):
        """Generated headers include the headers of the modules whose types
        they use, which cannot work in a cycle."""
        deps = {}
        where = {}
        for m in self.module_list():
            if not m.is_builtin():
                where[m.name] = {}
                deps[m.name] = [d.name for d in
                                self.module_deps(m, where[m.name])]
        state = {}

        def visit(name, path):
            state[name] = 'active'
            for dep in deps.get(name, []):
                if state.get(dep) == 'active':
                    cycle = path[path.index(dep):] + [dep]
                    names = ' -> '.join(os.path.basename(c) for c in cycle)
                    raise QAPIError(where[name][dep], 'schema modules use '
                                    "each other's types in a cycle: %s"
                                    % names)
                if dep not in state:
                    visit(dep, path + [dep])
            state[name] = 'done'

        for name in deps:
            if name not in state:
                visit(name, [name])

    # ---- iteration for generators

    def visit(self, visitor):
        visitor.visit_begin(self)
        for module in self.module_list():
            visitor.visit_module(module)
            for ent in module.entities:
                if visitor.visit_needed(ent):
                    visitor.visit_entity(ent)
        visitor.visit_end()


def module_basename(name):
    """'qapi/control.json' -> 'control'."""
    return os.path.splitext(os.path.basename(name))[0]

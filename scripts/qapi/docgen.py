"""Reference documentation (Markdown) from the schema's doc comments.

Free-form doc comments become text (a line '= Title' a heading); each
documented definition becomes a section with its members, features and
sections (Returns, Since, ...).  Written by 'qapi-gen.py --doc FILE'.
"""
from .schema import (AlternateType, Command, EnumType, Event, ObjectType)


def _type_ref(typ):
    if typ is None:
        return ''
    name = typ.name
    if name.endswith('List') and getattr(typ, 'element_type', None):
        return '[%s]' % typ.element_type.name
    return name


def _heading(line):
    """'= Title' / '== Sub' in a free-form block -> Markdown heading."""
    stripped = line.lstrip('=')
    level = len(line) - len(stripped)
    if level and stripped.startswith(' '):
        return '#' * (level + 1) + stripped
    return line


def _member_lines(ent, doc):
    lines = []
    if isinstance(ent, EnumType):
        for v in ent.values:
            lines.append('* `%s`: %s' % (v.name, doc.args.get(v.name, '')))
        return lines
    if isinstance(ent, AlternateType):
        for v in ent.variants.variants:
            lines.append('* `%s`: `%s` %s' % (v.name, _type_ref(v.type),
                                              doc.args.get(v.name, '')))
        return lines
    if isinstance(ent, ObjectType):
        members = ent.members
    elif isinstance(ent, (Command, Event)) and ent.arg_type is not None:
        members = ent.arg_type.members
    else:
        members = []
    for m in members:
        opt = ' (optional)' if m.optional else ''
        text = doc.args.get(m.name, '')
        lines.append('* `%s`: `%s`%s %s' % (m.name, _type_ref(m.type), opt,
                                           text.replace('\n\n', ' ')))
    if isinstance(ent, ObjectType) and ent.variants:
        lines.append('* the members of the branch selected by `%s`:'
                     % ent.variants.tag_member.name)
        for v in ent.variants.variants:
            if v.type.name != 'q_empty':
                lines.append('    * `%s`: `%s`' % (v.name, v.type.name))
    return lines


def _entity_doc(ent):
    doc = ent.doc
    what = ent.meta
    out = ['### %s `%s`' % (what.capitalize(), ent.name), '']
    if ent.ifcond.is_present():
        out += ['*If:* `%s`' % ent.ifcond.docs_text(), '']
    if doc.body_text():
        out += [doc.body_text(), '']
    members = _member_lines(ent, doc)
    if members:
        out += ['**%s**' % ('Values' if isinstance(ent, EnumType) else
                            'Arguments' if isinstance(ent, Command) else
                            'Members'), ''] + members + ['']
    if isinstance(ent, Command) and ent.ret_type is not None:
        out += ['**Returns:** `%s`' % _type_ref(ent.ret_type), '']
    if doc.features:
        out += ['**Features**', '']
        out += ['* `%s`: %s' % (n, t) for n, t in doc.features.items()]
        out.append('')
    for name, text in doc.sections:
        if '\n' in text or name.startswith('Example'):
            out += ['**%s:**' % name, '', '```', text, '```', '']
        else:
            out += ['**%s:** %s' % (name, text), '']
    return out


def generate_doc(schema, title='QMP reference'):
    """The Markdown text for @schema: docs in source order."""
    by_doc = {id(e.doc): e for e in schema.entities if e.doc is not None}
    out = ['# %s' % title, '']
    for doc in schema.docs:
        if doc.symbol is None:
            for line in doc.body_text().splitlines():
                out.append(_heading(line))
            out.append('')
        elif id(doc) in by_doc:
            out += _entity_doc(by_doc[id(doc)])
    return '\n'.join(out).rstrip('\n') + '\n'

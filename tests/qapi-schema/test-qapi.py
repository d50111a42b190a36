#!/usr/bin/env python3
"""Tests of the QAPI generator's front end, as data.

Each good-*.json must parse and check; its schema, dumped as text, and
its Markdown documentation must equal good-*.out, and the generators must
write their files.  Each
bad-*.json must be rejected with exactly the message in bad-*.err.  The
output is TAP ('ok N name' / 'not ok N name').

    test-qapi.py [--update] [--srcdir DIR] [NAME...]

--update rewrites the expected files from the actual results (review the
diff before committing).
"""
import argparse
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'scripts'))

from qapi.docgen import generate_doc  # noqa: E402
from qapi.error import QAPIError  # noqa: E402
from qapi.main import generate, generators  # noqa: E402
from qapi.schema import (AlternateType, ArrayType, Command,  # noqa: E402
                         EnumType, Event, Include, ObjectType, Schema)


def cond(ifcond):
    return ' if=%s' % ifcond.docs_text() if ifcond.is_present() else ''


def feats(features):
    return ''.join(' feature=%s%s' % (f.name, cond(f.ifcond))
                   for f in features)


def dump_entity(ent):
    out = []
    if isinstance(ent, Include):
        out.append('include %s' % os.path.basename(ent.name))
    elif isinstance(ent, EnumType):
        out.append('enum %s%s%s%s' % (
            ent.name, ' prefix=%s' % ent.prefix if ent.prefix else '',
            cond(ent.ifcond), feats(ent.features)))
        for v in ent.values:
            out.append('    value %s -> %s%s%s' % (
                v.name, ent.c_const(v.name), cond(v.ifcond),
                feats(v.features)))
    elif isinstance(ent, ArrayType):
        out.append('array %s of %s%s' % (ent.name, ent.element_type.name,
                                         cond(ent.ifcond)))
    elif isinstance(ent, ObjectType):
        out.append('object %s%s%s%s' % (
            ent.name, ' base=%s' % ent.base.name if ent.base else '',
            cond(ent.ifcond), feats(ent.features)))
        for m in ent.members:
            out.append('    member %s: %s%s%s%s' % (
                m.name, m.type.name, ' optional' if m.optional else '',
                cond(m.ifcond), feats(m.features)))
        if ent.variants:
            out.append('    tag %s' % ent.variants.tag_member.name)
            for v in ent.variants.variants:
                out.append('    case %s: %s%s' % (v.name, v.type.name,
                                                  cond(v.ifcond)))
    elif isinstance(ent, AlternateType):
        out.append('alternate %s%s%s' % (ent.name, cond(ent.ifcond),
                                         feats(ent.features)))
        for v in ent.variants.variants:
            out.append('    case %s: %s (%s)%s' % (v.name, v.type.name,
                                                   v.type.qtype(),
                                                   cond(v.ifcond)))
    elif isinstance(ent, Command):
        flags = [k for k, on in (('boxed', ent.boxed),
                                 ('no-gen', not ent.gen),
                                 ('no-success-response',
                                  not ent.success_response),
                                 ('oob', ent.allow_oob),
                                 ('preconfig', ent.allow_preconfig),
                                 ('coroutine', ent.coroutine)) if on]
        out.append('command %s %s -> %s%s%s%s' % (
            ent.name, ent.arg_type.name if ent.arg_type else '-',
            ent.ret_type.name if ent.ret_type else '-',
            ''.join(' ' + f for f in flags), cond(ent.ifcond),
            feats(ent.features)))
    elif isinstance(ent, Event):
        out.append('event %s %s%s%s%s' % (
            ent.name, ent.arg_type.name if ent.arg_type else '-',
            ' boxed' if ent.boxed else '', cond(ent.ifcond),
            feats(ent.features)))
    if getattr(ent, 'doc', None) is not None:
        doc = ent.doc
        out.append('    doc symbol=%s' % doc.symbol)
        if doc.body_text():
            out.append('        body=%r' % doc.body_text())
        for name, text in doc.args.items():
            out.append('        arg %s=%r' % (name, text))
        for name, text in doc.features.items():
            out.append('        feature %s=%r' % (name, text))
        for name, text in doc.sections:
            out.append('        section %s=%r' % (name, text))
    return out


def dump_schema(schema):
    out = []
    for module in schema.module_list():
        if module.is_builtin():
            continue
        out.append('module %s' % os.path.basename(module.name))
        for ent in module.entities:
            out.extend(dump_entity(ent))
    for doc in schema.docs:
        if doc.symbol is None:
            out.append('free doc %r' % doc.body_text())
    return '\n'.join(out) + '\n'


def run_good(name):
    """Returns (actual text, problem or None).  The text is the schema
    dump followed by the generated documentation."""
    schema = Schema(name + '.json')
    text = dump_schema(schema) + '---- documentation\n' + generate_doc(schema)
    with tempfile.TemporaryDirectory() as tmp:
        written = generate(name + '.json', tmp, 'x-', False, True)
        missing = [f for f in written
                   if not os.path.exists(os.path.join(tmp, f))]
        if missing:
            return text, 'files not written: ' + ', '.join(missing)
        # NAME.grep: lines 'FILE: TEXT' that the generated FILE must hold
        if os.path.exists(name + '.grep'):
            with open(name + '.grep') as f:
                for line in f:
                    fname, _, want = line.rstrip('\n').partition(': ')
                    with open(os.path.join(tmp, fname)) as g:
                        if want not in g.read():
                            return text, '%s lacks %r' % (fname, want)
    return text, None


def run_bad(name):
    try:
        Schema(name + '.json')
    except QAPIError as e:
        return str(e) + '\n', None
    return '', 'schema was accepted'


def run_garbage(seed):
    """Mangled versions of the good schemas (truncated, bytes changed,
    lines dropped) must be rejected with a QAPIError or generate code:
    the generator never crashes.  Returns a problem or None."""
    import random
    rng = random.Random(seed)
    sources = sorted(f for f in os.listdir('.') if f.startswith('good-')
                     and f.endswith('.json') and '-deps' not in f)
    alphabet = "{}[]:,'#@ \n*abc-_XY\\"
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(150):
            with open(rng.choice(sources)) as f:
                text = f.read()
            how = rng.randrange(4)
            if how == 0:
                text = text[:rng.randrange(len(text))]
            elif how == 1:
                for _ in range(rng.randrange(1, 6)):
                    pos = rng.randrange(len(text))
                    text = text[:pos] + rng.choice(alphabet) + text[pos + 1:]
            elif how == 2:
                lines = text.splitlines(True)
                del lines[rng.randrange(len(lines))]
                text = ''.join(lines)
            else:
                pos = rng.randrange(len(text))
                text = text[:pos] + rng.choice(alphabet) * 3 + text[pos:]
            path = os.path.join(tmp, 'mangled.json')
            with open(path, 'w') as f:
                f.write(text)
            try:
                schema = Schema(path)
                for gen in generators('x-', False):
                    schema.visit(gen)      # the C text, not written
                generate_doc(schema)
            except QAPIError:
                pass
            except Exception as e:
                return 'iteration %d: %s: %s\n%s' % (
                    i, type(e).__name__, e, text)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--update', action='store_true')
    ap.add_argument('names', nargs='*')
    args = ap.parse_args()
    os.chdir(HERE)
    names = sorted(f[:-5] for f in os.listdir('.')
                   if f.endswith('.json') and f.startswith(('good-', 'bad-'))
                   and not f.startswith(('good-include-sub',
                                         'good-deps-')))
    if args.names:
        names = [n for n in names if n in args.names]
    seeds = [] if args.names else [1, 2, 3]
    print('1..%d' % (len(names) + len(seeds)))
    failed = 0
    for i, name in enumerate(names, 1):
        good = name.startswith('good-')
        expected_file = name + ('.out' if good else '.err')
        try:
            actual, problem = (run_good if good else run_bad)(name)
        except QAPIError as e:
            actual, problem = str(e) + '\n', 'schema was rejected'
        except Exception as e:     # a crash of the generator is a failure
            actual, problem = '', 'exception %s: %s' % (type(e).__name__, e)
        if args.update and not problem:
            with open(expected_file, 'w') as f:
                f.write(actual)
        try:
            with open(expected_file) as f:
                expected = f.read()
        except OSError:
            expected = None
        if problem is None and expected != actual:
            problem = 'output differs from %s' % expected_file
        if problem:
            failed += 1
            print('not ok %d %s' % (i, name))
            print('# %s' % problem)
            for line in actual.splitlines():
                print('#   got: %s' % line)
            for line in (expected or '(missing)\n').splitlines():
                print('#   expected: %s' % line)
        else:
            print('ok %d %s' % (i, name))
    for j, seed in enumerate(seeds, len(names) + 1):
        problem = run_garbage(seed)
        if problem:
            failed += 1
            print('not ok %d garbage-%d' % (j, seed))
            for line in problem.splitlines():
                print('# ' + line)
        else:
            print('ok %d garbage-%d' % (j, seed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

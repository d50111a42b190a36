"""qapi-gen command line: parse, check, generate."""
import argparse
import os
import re
import sys

from .commands import CommandsGen
from .docgen import generate_doc
from .error import QAPIError
from .events import EventsGen
from .introspect import IntrospectGen
from .schema import Schema
from .types import TypesGen
from .visit import VisitGen


def generators(prefix, unmask):
    return [TypesGen(prefix), VisitGen(prefix), CommandsGen(prefix),
            EventsGen(prefix), IntrospectGen(prefix, unmask)]


def generate(schema_file, outdir, prefix='', unmask=False, builtins=False):
    """Generate every output of @schema_file into @outdir; returns the list
    of file names written.  Raises QAPIError on a bad schema."""
    schema = Schema(schema_file)
    os.makedirs(outdir, exist_ok=True)
    written = []
    for gen in generators(prefix, unmask):
        schema.visit(gen)
        gen.write(outdir, builtins)
        written += gen.outputs(builtins)
    return written


def main(argv=None):
    ap = argparse.ArgumentParser(
        description='Generate C code from a QAPI schema.')
    ap.add_argument('-b', '--builtins', action='store_true',
                    help='also generate code for the built-in types')
    ap.add_argument('-o', '--output-dir', default='',
                    help='write the output files here')
    ap.add_argument('-p', '--prefix', default='',
                    help='prefix of the output files and of some C names')
    ap.add_argument('-u', '--unmask-non-abi-names', action='store_true',
                    dest='unmask',
                    help='do not mask type names in the introspection data')
    ap.add_argument('--doc', metavar='FILE',
                    help='also write the reference documentation (Markdown) '
                    'built from the doc comments to FILE')
    ap.add_argument('--doc-only', action='store_true',
                    help='with --doc: write the documentation only')
    ap.add_argument('--list-outputs', action='store_true',
                    help='print the names of the files that would be '
                    'written, and write nothing')
    ap.add_argument('schema', help='the main schema file')
    args = ap.parse_args(argv)

    if args.prefix and not re.match(r'[A-Za-z_.-][A-Za-z0-9_.-]*$',
                                    args.prefix):
        print("%s: prefix '%s' is not a valid C identifier part"
              % (sys.argv[0], args.prefix), file=sys.stderr)
        return 1
    try:
        if args.list_outputs:
            schema = Schema(args.schema)
            for gen in generators(args.prefix, args.unmask):
                schema.visit(gen)
                for name in gen.outputs(args.builtins):
                    print(name)
            return 0
        if not args.doc_only:
            generate(args.schema, args.output_dir or '.', args.prefix,
                     args.unmask, args.builtins)
        if args.doc:
            with open(args.doc, 'w', encoding='utf-8') as f:
                f.write(generate_doc(Schema(args.schema)))
    except QAPIError as e:
        print(e, file=sys.stderr)
        return 1
    return 0

"""Naming rules and small text helpers shared by the QAPI generators.

The C names produced here are part of the interface between generated and
hand-written code, so they follow QEMU's conventions exactly:
c_name('query-version') == 'query_version', an enum constant is
PREFIX_VALUE where PREFIX defaults to the type name in UPPER_CASE.
"""
import re

# Words that cannot be used as C identifiers (C11, GCC extensions, C++ and
# a few macros that system headers define); such names get a 'q_' prefix.
_RESERVED_WORDS = frozenset('''
    auto break case char const continue default do double else enum extern
    float for goto if inline int long register restrict return short signed
    sizeof static struct switch typedef union unsigned void volatile while
    _Alignas _Alignof _Atomic _Bool _Complex _Generic _Imaginary _Noreturn
    _Static_assert _Thread_local asm typeof
    bool and and_eq bitand bitor compl not not_eq or or_eq xor xor_eq
    catch class delete false friend mutable namespace new operator private
    protected public template this throw true try typename using virtual
    unix errno mips sparc i386 linux
'''.split())


def c_name(name, protect=True):
    """The C identifier for a schema name: every character that is not
    alphanumeric becomes '_'; reserved words get a 'q_' prefix."""
    ident = re.sub(r'[^A-Za-z0-9_]', '_', name)
    if protect and ident in _RESERVED_WORDS:
        return 'q_' + ident
    return ident


def camel_to_upper(name):
    """'VersionInfo' -> 'VERSION_INFO', 'test_QAPIEvent' -> 'TEST_QAPI_EVENT'.

    An underscore goes before an upper-case letter that starts a new word:
    one followed by a lower-case letter (the 'I' of 'QAPIInfo' ends an
    acronym and the 'I' of 'Info' starts a word) or one after a digit."""
    ident = c_name(name, False)
    if name.isupper():
        return ident
    out = []
    for i, ch in enumerate(ident):
        if ch.isupper() and i > 0 and ident[i - 1] != '_':
            starts_word = i + 1 < len(ident) and ident[i + 1].islower()
            if starts_word or ident[i - 1].isdigit():
                out.append('_')
        out.append(ch)
    return ''.join(out).lstrip('_').upper()


def c_enum_const(type_name, value, prefix=None):
    """The C constant of enum value @value of type @type_name."""
    if prefix is None:
        prefix = camel_to_upper(type_name)
    return prefix + '_' + c_name(value, False).upper()


def c_string(text):
    """@text as a C string literal."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append('\\' + ch)
        elif ch == '\n':
            out.append('\\n')
        elif ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append('\\%03o' % ord(ch))
        else:
            out.append(ch)
    return '"' + ''.join(out) + '"'


def cgen(template, **kwds):
    """Expand a code template: strip one leading newline, substitute."""
    if template.startswith('\n'):
        template = template[1:]
    return template % kwds


def indent(text, level=1):
    """Indent every non-empty line of @text by @level * 4 spaces."""
    pad = '    ' * level
    return ''.join(pad + line if line.strip() else line
                   for line in text.splitlines(True))


# ---------------------------------------------------------------------------
# 'if' conditions


class IfCond:
    """A condition tree: a macro name (str), or ('all'|'any', [conds]),
    or ('not', cond).  None means unconditional."""

    def __init__(self, tree=None):
        self.tree = tree

    def is_present(self):
        return self.tree is not None

    def c_expr(self):
        return _cond_c(self.tree, top=True)

    def docs_text(self):
        return _cond_docs(self.tree)

    def gen_if(self):
        if not self.is_present():
            return ''
        return '#if %s\n' % self.c_expr()

    def gen_endif(self):
        if not self.is_present():
            return ''
        return '#endif /* %s */\n' % self.c_expr()

    def wrap(self, text):
        if not self.is_present() or not text:
            return text
        return self.gen_if() + text + self.gen_endif()

    def __eq__(self, other):
        return isinstance(other, IfCond) and self.tree == other.tree

    def __hash__(self):
        return hash(repr(self.tree))


def _cond_c(tree, top=False):
    if isinstance(tree, str):
        return 'defined(%s)' % tree
    op, arg = tree
    if op == 'not':
        return '!' + _cond_c(arg)
    sep = ' && ' if op == 'all' else ' || '
    text = sep.join(_cond_c(t) for t in arg)
    if len(arg) == 1 or top:
        return text
    return '(' + text + ')'


def _cond_docs(tree):
    if isinstance(tree, str):
        return tree
    op, arg = tree
    if op == 'not':
        return 'not ' + _cond_docs(arg)
    sep = ' and ' if op == 'all' else ' or '
    return '(' + sep.join(_cond_docs(t) for t in arg) + ')'


def c_decl(ctype, name):
    """A declaration: 'char *' + 'x' -> 'char *x', 'int64_t' + 'x' ->
    'int64_t x'."""
    if ctype.endswith('*'):
        return ctype + name
    return ctype + ' ' + name


def special_features_mask(features):
    """The QapiSpecialFeature bit set of @features, as C text."""
    bits = ['1u << QAPI_%s' % f.name.upper() for f in features
            if f.is_special()]
    return ' | '.join(bits) if bits else '0'

"""Checking the shape of each top-level expression.

This pass knows the keys each kind of definition takes and the form of
their values, and the naming rules.  It knows nothing about other
definitions; resolving type names is schema.py's job.  On success the
expression is normalized: every member, branch, enum value and feature
becomes a dict with explicit keys.
"""
import re

from .error import QAPIError

META_KEYS = {
    'enum': ({'data'}, {'prefix', 'if', 'features'}),
    'struct': ({'data'}, {'base', 'if', 'features'}),
    'union': ({'base', 'discriminator', 'data'}, {'if', 'features'}),
    'alternate': ({'data'}, {'if', 'features'}),
    'command': (set(), {'data', 'returns', 'boxed', 'gen',
                        'success-response', 'allow-oob', 'allow-preconfig',
                        'coroutine', 'if', 'features'}),
    'event': (set(), {'data', 'boxed', 'if', 'features'}),
}

BOOL_KEYS = ('boxed', 'gen', 'success-response', 'allow-oob',
             'allow-preconfig', 'coroutine')

PRAGMAS = {'doc-required': bool,
           'command-name-exceptions': list,
           'command-returns-exceptions': list,
           'documentation-exceptions': list,
           'member-name-exceptions': list}

# An optional downstream prefix '__RFQDN_' then a letter.
_NAME_RE = re.compile(r'(__[a-z0-9.-]+_)?([A-Za-z][A-Za-z0-9_-]*)$')
_VALUE_RE = re.compile(r'(__[a-z0-9.-]+_)?([A-Za-z0-9][A-Za-z0-9_-]*)$')
_IDENT_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_]*$')


class Pragmas:
    def __init__(self):
        self.doc_required = False
        self.command_name_exceptions = []
        self.command_returns_exceptions = []
        self.documentation_exceptions = []
        self.member_name_exceptions = []


def meta_of(expr, info):
    metas = [k for k in META_KEYS if k in expr]
    if not metas:
        raise QAPIError(info, 'expression has no known definition key (one '
                        'of %s), found: %s'
                        % (', '.join(META_KEYS),
                           ', '.join("'%s'" % k for k in expr) or 'nothing'))
    if len(metas) > 1:
        raise QAPIError(info, 'expression has several definition keys: %s'
                        % ', '.join("'%s'" % k for k in metas))
    return metas[0]


def check_keys(expr, info, meta, name):
    required, optional = META_KEYS[meta]
    missing = sorted(required - set(expr))
    if missing:
        raise QAPIError(info, "%s '%s' misses key%s %s"
                        % (meta, name, 's' if len(missing) > 1 else '',
                           ', '.join("'%s'" % k for k in missing)))
    unknown = [k for k in expr if k != meta and k not in required
               and k not in optional]
    if unknown:
        raise QAPIError(info, "%s '%s' has unknown key%s %s"
                        % (meta, name, 's' if len(unknown) > 1 else '',
                           ', '.join("'%s'" % k for k in unknown)))


def check_name(name, info, what, value=False):
    """A valid schema name; returns it without downstream prefix."""
    if not isinstance(name, str):
        raise QAPIError(info, '%s requires a string name' % what)
    m = (_VALUE_RE if value else _NAME_RE).match(name)
    if not m:
        raise QAPIError(info, "%s has an invalid name '%s'" % (what, name))
    if name.startswith(('q_', 'q-')):
        raise QAPIError(info, "%s uses name '%s': names beginning with "
                        "'q_' are reserved for the generator" % (what, name))
    return m.group(2)


def check_name_lower(name, info, what, exceptions=()):
    stem = check_name(name, info, what)
    if name in exceptions:
        return
    if not re.match(r'[a-z][a-z0-9-]*$', stem):
        raise QAPIError(info, "%s must use lowercase with '-' as separator"
                        % what)


def check_defn_name(name, info, meta, pragmas):
    what = "%s '%s'" % (meta, name) if isinstance(name, str) else meta
    stem = check_name(name, info, what)
    if meta == 'event':
        if not re.match(r'[A-Z][A-Z0-9_]*$', stem):
            raise QAPIError(info, "event name '%s' must use uppercase with "
                            "'_' as separator" % name)
    elif meta == 'command':
        check_name_lower(name, info, "command name '%s'" % name,
                         pragmas.command_name_exceptions)
    else:
        if not re.match(r'[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$', stem):
            raise QAPIError(info, "%s name '%s' must use CamelCase"
                            % (meta, name))
        if name.endswith(('Kind', 'List')):
            raise QAPIError(info, "%s name '%s' must not end in '%s' (that "
                            'suffix is reserved for generated types)'
                            % (meta, name, name[-4:]))


def check_if(expr, info, what):
    """Normalize expr['if'] into a condition tree (or None)."""
    cond = expr.get('if')
    if cond is None:
        return None

    def norm(c):
        if isinstance(c, str):
            if not _IDENT_RE.match(c):
                raise QAPIError(info, "'if' condition '%s' of %s is not a "
                                'valid macro name' % (c, what))
            return c
        if isinstance(c, dict):
            if len(c) != 1:
                raise QAPIError(info, "'if' condition of %s must have exactly "
                                "one key of 'all', 'any', 'not'" % what)
            (op, arg), = c.items()
            if op == 'not':
                return ('not', norm(arg))
            if op in ('all', 'any'):
                if not isinstance(arg, list) or not arg:
                    raise QAPIError(info, "'if' condition '%s' of %s needs a "
                                    'non-empty list' % (op, what))
                return (op, [norm(a) for a in arg])
            raise QAPIError(info, "'if' condition of %s has unknown "
                            "operator '%s'" % (what, op))
        raise QAPIError(info, "'if' condition of %s must be a string or a "
                        'dict' % what)
    return norm(cond)


def normalize_features(expr, info, what):
    feats = expr.get('features', [])
    if not isinstance(feats, list):
        raise QAPIError(info, "'features' of %s must be a list" % what)
    out = []
    seen = set()
    for f in feats:
        if isinstance(f, str):
            f = {'name': f}
        if not isinstance(f, dict):
            raise QAPIError(info, 'a feature of %s must be a string or a '
                            'dict' % what)
        bad = [k for k in f if k not in ('name', 'if')]
        if bad or 'name' not in f:
            raise QAPIError(info, "a feature of %s must have key 'name' and "
                            "optionally 'if'" % what)
        fwhat = "feature '%s' of %s" % (f['name'], what)
        check_name_lower(f['name'], info, fwhat)
        if f['name'] in seen:
            raise QAPIError(info, "%s is listed twice" % fwhat)
        seen.add(f['name'])
        out.append({'name': f['name'], 'if': check_if(f, info, fwhat)})
    return out


def normalize_type_ref(value, info, what, allow_array=True, allow_dict=False):
    """A type reference: 'Name', ['Name'] or (if allowed) an inline dict."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        if not allow_array:
            raise QAPIError(info, '%s cannot be an array' % what)
        if len(value) != 1 or not isinstance(value[0], str):
            raise QAPIError(info, '%s: an array type must be a list of '
                            'exactly one type name' % what)
        return [value[0]]
    if isinstance(value, dict) and allow_dict:
        return value
    raise QAPIError(info, '%s must name a type' % what)


def normalize_members(data, info, what, pragmas, allow_optional=True):
    """Struct/command/event members: '*name': TYPE or {'type', 'if',
    'features'}.  Returns a list of member dicts."""
    if not isinstance(data, dict):
        raise QAPIError(info, "'data' of %s must be a dict" % what)
    out = []
    for key, value in data.items():
        optional = key.startswith('*')
        name = key[1:] if optional else key
        mwhat = "member '%s' of %s" % (name, what)
        if optional and not allow_optional:
            raise QAPIError(info, '%s cannot be optional' % mwhat)
        check_member_name(name, info, mwhat, pragmas)
        if isinstance(value, dict):
            bad = [k for k in value if k not in ('type', 'if', 'features')]
            if bad or 'type' not in value:
                raise QAPIError(info, "%s must have key 'type' and optionally "
                                "'if', 'features'" % mwhat)
            m = {'name': name, 'optional': optional,
                 'type': normalize_type_ref(value['type'], info, mwhat),
                 'if': check_if(value, info, mwhat),
                 'features': normalize_features(value, info, mwhat)}
        else:
            m = {'name': name, 'optional': optional,
                 'type': normalize_type_ref(value, info, mwhat),
                 'if': None, 'features': []}
        out.append(m)
    return out


def check_member_name(name, info, what, pragmas):
    stem = check_name(name, info, what)
    lowered = stem.lower()
    if lowered.startswith(('has_', 'has-')):
        raise QAPIError(info, "%s uses reserved name '%s' ('has-' is "
                        'reserved for optional members)' % (what, name))
    if name in pragmas.member_name_exceptions:
        return
    if not re.match(r'[a-z][a-z0-9-]*$', stem):
        raise QAPIError(info, "%s must use lowercase with '-' as separator"
                        % what)


def normalize_expr(pexpr, pragmas):
    """Check one definition and return (meta, name, normalized dict)."""
    expr, info = pexpr.expr, pexpr.info
    meta = meta_of(expr, info)
    name = expr[meta]
    check_defn_name(name, info, meta, pragmas)
    what = "%s '%s'" % (meta, name)
    check_keys(expr, info, meta, name)
    norm = {'name': name, 'meta': meta,
            'if': check_if(expr, info, what),
            'features': normalize_features(expr, info, what)}
    for key in BOOL_KEYS:
        if key in expr:
            if not isinstance(expr[key], bool):
                raise QAPIError(info, "'%s' of %s must be true or false"
                                % (key, what))
    if meta == 'enum':
        norm.update(normalize_enum(expr, info, what, pragmas))
    elif meta == 'struct':
        norm['members'] = normalize_members(expr['data'], info, what, pragmas)
        norm['base'] = expr.get('base')
        if norm['base'] is not None and not isinstance(norm['base'], str):
            raise QAPIError(info, "'base' of %s must be a type name" % what)
    elif meta == 'union':
        base = expr['base']
        if isinstance(base, dict):
            base = normalize_members(base, info, 'base of ' + what, pragmas)
        elif not isinstance(base, str):
            raise QAPIError(info, "'base' of %s must be a type name or a "
                            'dict of members' % what)
        norm['base'] = base
        if not isinstance(expr['discriminator'], str):
            raise QAPIError(info, "'discriminator' of %s must be a member "
                            'name' % what)
        norm['discriminator'] = expr['discriminator']
        norm['branches'] = normalize_branches(expr['data'], info, what,
                                              pragmas, allow_array=False)
    elif meta == 'alternate':
        norm['branches'] = normalize_branches(expr['data'], info, what,
                                              pragmas, allow_array=True)
        if not norm['branches']:
            raise QAPIError(info, '%s has no branches' % what)
    elif meta in ('command', 'event'):
        data = expr.get('data')
        if isinstance(data, dict):
            data = normalize_members(data, info, what, pragmas)
        elif data is not None and not isinstance(data, str):
            raise QAPIError(info, "'data' of %s must be a dict of members or "
                            'a type name' % what)
        norm['data'] = data
        norm['boxed'] = expr.get('boxed', False)
        if norm['boxed'] and not isinstance(data, str):
            raise QAPIError(info, "%s with 'boxed': true needs 'data' naming "
                            'a type' % what)
        if meta == 'command':
            if 'returns' in expr:
                norm['returns'] = normalize_type_ref(
                    expr['returns'], info, "'returns' of " + what)
            else:
                norm['returns'] = None
            norm['gen'] = expr.get('gen', True)
            norm['success-response'] = expr.get('success-response', True)
            for key in ('allow-oob', 'allow-preconfig', 'coroutine'):
                norm[key] = expr.get(key, False)
    return norm


def normalize_enum(expr, info, what, pragmas):
    data = expr['data']
    if not isinstance(data, list):
        raise QAPIError(info, "'data' of %s must be a list of values" % what)
    prefix = expr.get('prefix')
    if prefix is not None and (not isinstance(prefix, str)
                               or not _IDENT_RE.match(prefix)):
        raise QAPIError(info, "'prefix' of %s must be a C identifier" % what)
    values = []
    for v in data:
        if isinstance(v, str):
            v = {'name': v}
        if not isinstance(v, dict) or 'name' not in v or \
                any(k not in ('name', 'if', 'features') for k in v):
            raise QAPIError(info, "a value of %s must be a string or a dict "
                            "with key 'name' and optionally 'if', 'features'"
                            % what)
        vname = v['name']
        vwhat = "value '%s' of %s" % (vname, what)
        check_name(vname, info, vwhat, value=True)
        if vname not in pragmas.member_name_exceptions and \
                not re.match(r'(__[a-z0-9.-]+_)?[a-z0-9][a-z0-9-]*$', vname):
            raise QAPIError(info, "value '%s' of %s must use lowercase with "
                            "'-' as separator" % (vname, what))
        values.append({'name': vname, 'if': check_if(v, info, vwhat),
                       'features': normalize_features(v, info, vwhat)})
    return {'values': values, 'prefix': prefix}


def normalize_branches(data, info, what, pragmas, allow_array):
    if not isinstance(data, dict):
        raise QAPIError(info, "'data' of %s must be a dict of branches" % what)
    out = []
    for name, value in data.items():
        bwhat = "branch '%s' of %s" % (name, what)
        if name.startswith('*'):
            raise QAPIError(info, '%s cannot be optional' % bwhat)
        check_name(name, info, bwhat, value=True)
        if isinstance(value, dict):
            bad = [k for k in value if k not in ('type', 'if')]
            if bad or 'type' not in value:
                raise QAPIError(info, "%s must have key 'type' and optionally "
                                "'if'" % bwhat)
            typ = normalize_type_ref(value['type'], info, bwhat, allow_array)
            cond = check_if(value, info, bwhat)
        else:
            typ = normalize_type_ref(value, info, bwhat, allow_array)
            cond = None
        out.append({'name': name, 'type': typ, 'if': cond})
    return out


def apply_pragma(pexpr, pragmas):
    expr, info = pexpr.expr, pexpr.info
    if len(expr) != 1:
        raise QAPIError(info, "'pragma' must be the only key of its dict")
    body = expr['pragma']
    if not isinstance(body, dict):
        raise QAPIError(info, "value of 'pragma' must be a dict")
    for key, value in body.items():
        if key not in PRAGMAS:
            raise QAPIError(info, "unknown pragma '%s'" % key)
        if not isinstance(value, PRAGMAS[key]):
            raise QAPIError(info, "pragma '%s' must be %s"
                            % (key, 'true or false' if PRAGMAS[key] is bool
                               else 'a list of strings'))
        if isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                raise QAPIError(info, "pragma '%s' must be a list of strings"
                                % key)
        setattr(pragmas, key.replace('-', '_'), value)

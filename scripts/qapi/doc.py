"""Documentation comments.

A definition's doc comment looks like

    ##
    # @Name:
    #
    # What it is.
    #
    # @member: what the member means
    #     (continued on indented lines)
    #
    # Features:
    # @deprecated: why
    #
    # Returns: what the command returns
    #
    # Since: 7.2
    ##

A block whose first line is not '@Name:' is free-form text (a heading or
an introduction).  The parser attaches definition docs to the definition
that follows; the schema checks that documented members exist.
"""
import re

from .error import QAPIError

SECTION_NAMES = ('Returns', 'Since', 'Example', 'Examples', 'Note', 'Notes',
                 'Errors', 'TODO', 'Details')

_SYMBOL_RE = re.compile(r'@([^:\s]+):(.*)$')
_SECTION_RE = re.compile(r'(%s):(.*)$' % '|'.join(SECTION_NAMES))


class QAPIDoc:

    def __init__(self, lines, info):
        self.info = info
        self.symbol = None
        self.body = []          # lines of free text
        self.args = {}          # member name -> description
        self.features = {}      # feature name -> description
        self.sections = []      # (section name, text)
        self.parse(lines)

    def parse(self, lines):
        if lines and lines[0][0].startswith('@'):
            text, info = lines[0]
            m = _SYMBOL_RE.match(text)
            if not m or m.group(2).strip():
                raise QAPIError(info, "first line of a definition's "
                                "documentation must be '@NAME:' alone")
            self.symbol = m.group(1)
            lines = lines[1:]
        mode = 'body'           # body, args, features
        target = None           # (dict, key) or section index being extended
        paused = None           # the arg or feature a blank line ended
        for text, info in lines:
            if paused is not None and text[:1].isspace():
                # an indented paragraph continues the description
                table, name = paused
                table[name] += '\n\n' + text.strip()
                target = paused
                paused = None
                continue
            if text.strip():
                paused = None
            stripped = text.strip()
            if stripped == 'Features:':
                if self.symbol is None:
                    raise QAPIError(info, "'Features:' in free-form "
                                    'documentation')
                mode = 'features'
                target = None
                continue
            m = _SYMBOL_RE.match(text)
            if m and self.symbol is not None and mode in ('body', 'args',
                                                          'features'):
                name = m.group(1)
                table = self.features if mode == 'features' else self.args
                what = 'feature' if mode == 'features' else 'member'
                if name in table:
                    raise QAPIError(info, "%s '%s' is documented twice"
                                    % (what, name))
                table[name] = m.group(2).strip()
                target = (table, name)
                if mode == 'body':
                    mode = 'args'
                continue
            m = _SECTION_RE.match(text)
            if m:
                self.sections.append([m.group(1), m.group(2).strip()])
                target = len(self.sections) - 1
                mode = 'sections'
                continue
            if not stripped:
                if isinstance(target, tuple):
                    paused = target
                    target = None
                elif isinstance(target, int):
                    self.sections[target][1] += '\n'
                elif mode == 'body':
                    self.body.append('')
                continue
            if isinstance(target, tuple):
                table, name = target
                table[name] = (table[name] + ' ' + stripped).strip()
            elif isinstance(target, int):
                sec = self.sections[target]
                sec[1] = (sec[1] + '\n' + text).strip('\n')
            else:
                self.body.append(text)
        for sec in self.sections:
            sec[1] = sec[1].strip('\n')

    def check_members(self, info, what, member_names, feature_names):
        """Every documented member and feature must exist."""
        bogus = [n for n in self.args if n not in member_names]
        if bogus:
            raise QAPIError(info, "documentation of %s names %s not in "
                            'its declaration: %s'
                            % (what, 'members' if len(bogus) > 1 else
                               'a member', ', '.join(bogus)))
        bogus = [n for n in self.features if n not in feature_names]
        if bogus:
            raise QAPIError(info, "documentation of %s names %s not in "
                            'its declaration: %s'
                            % (what, 'features' if len(bogus) > 1 else
                               'a feature', ', '.join(bogus)))

    def body_text(self):
        return '\n'.join(self.body).strip('\n')

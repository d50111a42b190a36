"""Reading schema files: JSON-ish syntax, includes, doc comments.

The syntax is JSON with single-quoted strings, '#' comments and no
numbers or null.  Each top-level value is a dict: a definition, an
'include' or a 'pragma'.  A comment block opened by a line '##' and closed
by a line '##' is a documentation comment; when its first line is
'@Name:' it documents the definition that follows.
"""
import os
import re

from .error import QAPIError, SourceInfo
from .doc import QAPIDoc


class ParsedExpr:
    """One top-level dict with where it came from and its documentation."""

    def __init__(self, expr, info, doc, module):
        self.expr = expr
        self.info = info
        self.doc = doc
        self.module = module    # path of the file that holds it


class Parser:
    """Parses one schema file and, recursively, what it includes.

    @seen holds the absolute paths of every file already read: including a
    file a second time is a no-op, including a file being read is a loop."""

    def __init__(self, fname, seen=None, active=None, incl_info=None):
        self.fname = fname
        self.seen = seen if seen is not None else set()
        self.active = active if active is not None else []
        self.incl_info = incl_info
        self.exprs = []
        self.docs = []      # every doc comment, in order (for doc output)
        try:
            with open(fname, encoding='utf-8') as f:
                self.text = f.read()
        except OSError as e:
            raise QAPIError(incl_info, "can't read %s file '%s': %s"
                            % ('include' if incl_info else 'schema',
                               fname, e.strerror))
        except UnicodeDecodeError:
            raise QAPIError(incl_info, "file '%s' is not valid UTF-8"
                            % fname)
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.tok = None
        self.val = None
        self.tok_line = 1
        self.tok_col = 1

    # ---- errors and positions

    def info(self, line=None):
        return SourceInfo(self.fname, self.tok_line if line is None else line,
                          self.incl_info)

    def error(self, msg):
        return QAPIError(self.info(), msg, self.tok_col)

    # ---- the lexer

    def next_token(self, top_level=False):
        """Advance to the next token.  Comments are skipped, except that at
        the top level a '##' comment is returned as token '##'."""
        text = self.text
        while True:
            self.tok_line = self.line
            self.tok_col = self.pos - self.line_start + 1
            if self.pos >= len(text):
                self.tok = None
                return
            ch = text[self.pos]
            if ch == '\n':
                self.pos += 1
                self.line += 1
                self.line_start = self.pos
                continue
            if ch in ' \t\r':
                self.pos += 1
                continue
            if ch == '#':
                end = text.find('\n', self.pos)
                end = len(text) if end < 0 else end
                comment = text[self.pos:end]
                if top_level and comment.startswith('##'):
                    self.tok = '##'
                    self.val = comment
                    return
                self.pos = end
                continue
            if ch in '{}[],:':
                self.tok = ch
                self.pos += 1
                return
            if ch == "'":
                self.tok = "'"
                self.val = self.lex_string()
                return
            m = re.compile(r'[A-Za-z0-9_.+-]+').match(text, self.pos)
            if m:
                word = m.group(0)
                self.pos = m.end()
                if word in ('true', 'false'):
                    self.tok = 'bool'
                    self.val = word == 'true'
                    return
                raise self.error("stray '%s'" % word)
            raise self.error("stray '%s'" % ch)

    def lex_string(self):
        text = self.text
        self.pos += 1
        out = []
        while True:
            if self.pos >= len(text) or text[self.pos] == '\n':
                raise self.error('missing terminating "\'"')
            ch = text[self.pos]
            self.pos += 1
            if ch == "'":
                return ''.join(out)
            if ch == '\\':
                raise self.error('backslash escapes are not supported '
                                 'in schema strings')
            if ord(ch) < 0x20:
                raise self.error('control character in string')
            out.append(ch)

    # ---- the value parser

    def parse_value(self):
        if self.tok == '{':
            return self.parse_object()
        if self.tok == '[':
            return self.parse_array()
        if self.tok in ("'", 'bool'):
            val = self.val
            self.next_token()
            return val
        raise self.error('expected a value, found %s' % self.describe())

    def describe(self):
        if self.tok is None:
            return 'end of file'
        if self.tok == "'":
            return "string '%s'" % self.val
        if self.tok == 'bool':
            return 'true' if self.val else 'false'
        if self.tok == '##':
            return 'a documentation comment'
        return "'%s'" % self.tok

    def parse_object(self, top_level=False):
        """Parse a dict.  After a top-level dict the next token is read in
        top-level mode, so that a following '##' is seen."""
        result = {}
        self.next_token()
        if self.tok == '}':
            self.next_token(top_level)
            return result
        while True:
            if self.tok != "'":
                raise self.error('expected string key, found %s'
                                 % self.describe())
            key = self.val
            if key in result:
                raise self.error("duplicate key '%s'" % key)
            self.next_token()
            if self.tok != ':':
                raise self.error("expected ':' after key '%s'" % key)
            self.next_token()
            result[key] = self.parse_value()
            if self.tok == '}':
                self.next_token(top_level)
                return result
            if self.tok != ',':
                raise self.error("expected ',' or '}', found %s"
                                 % self.describe())
            self.next_token()

    def parse_array(self):
        result = []
        self.next_token()
        if self.tok == ']':
            self.next_token()
            return result
        while True:
            result.append(self.parse_value())
            if self.tok == ']':
                self.next_token()
                return result
            if self.tok != ',':
                raise self.error("expected ',' or ']', found %s"
                                 % self.describe())
            self.next_token()

    # ---- documentation comments

    def read_doc_block(self):
        """Read the lines of a '##' ... '##' block; returns (lines, info)."""
        if self.val.rstrip() != '##':
            raise self.error("junk after '##' at start of documentation "
                             "comment")
        start_line = self.line
        lines = []
        text = self.text
        self.pos = text.find('\n', self.pos)
        while True:
            if self.pos < 0 or self.pos >= len(text):
                raise QAPIError(self.info(start_line),
                                'documentation comment is not closed by '
                                "a line '##'")
            self.pos += 1
            self.line += 1
            self.line_start = self.pos
            end = text.find('\n', self.pos)
            raw = text[self.pos:len(text) if end < 0 else end]
            line = raw.strip()
            here = self.info(self.line)
            if line == '##':
                self.pos = end if end >= 0 else len(text)
                return lines, self.info(start_line)
            if line.startswith('##'):
                raise QAPIError(here, "junk after '##' at end of "
                                "documentation comment")
            if not line.startswith('#'):
                raise QAPIError(here, 'documentation comment is not closed '
                                "by a line '##'")
            if len(line) > 1 and line[1] != ' ':
                raise QAPIError(here, "missing space after '#' in "
                                'documentation comment')
            lines.append((raw.lstrip()[2:].rstrip(), here))
            self.pos = end

    # ---- the top level

    def parse(self):
        """Parse the whole file; returns the list of ParsedExpr."""
        path = os.path.realpath(self.fname)
        self.seen.add(path)
        self.active.append(path)
        pending_doc = None
        self.next_token(top_level=True)
        while self.tok is not None:
            if self.tok == '##':
                lines, info = self.read_doc_block()
                doc = QAPIDoc(lines, info)
                if pending_doc is not None and pending_doc.symbol:
                    raise QAPIError(pending_doc.info,
                                    "documentation for '%s' is not followed "
                                    'by the definition' % pending_doc.symbol)
                self.docs.append(doc)
                pending_doc = doc
                self.next_token(top_level=True)
                continue
            if self.tok != '{':
                raise self.error('expected a top-level dict, found %s'
                                 % self.describe())
            info = self.info()
            expr = self.parse_object(top_level=True)
            if self.tok not in (None, '{', '##'):
                raise self.error("expected a '{' or end of file after a "
                                 'top-level dict, found %s' % self.describe())
            doc = pending_doc if pending_doc and pending_doc.symbol else None
            pending_doc = None
            self.top_level_expr(expr, info, doc)
        if pending_doc is not None and pending_doc.symbol:
            raise QAPIError(pending_doc.info,
                            "documentation for '%s' is not followed by the "
                            'definition' % pending_doc.symbol)
        self.active.pop()
        return self.exprs

    def top_level_expr(self, expr, info, doc):
        if 'include' in expr:
            if doc is not None:
                raise QAPIError(info, "documentation for '%s' is followed by "
                                "an 'include'" % doc.symbol)
            self.include(expr, info)
            return
        if 'pragma' in expr and doc is not None:
            raise QAPIError(info, "documentation for '%s' is followed by a "
                            "'pragma'" % doc.symbol)
        self.exprs.append(ParsedExpr(expr, info, doc, self.fname))

    def include(self, expr, info):
        if len(expr) != 1:
            raise QAPIError(info, "'include' must be the only key of its "
                            'dict')
        target = expr['include']
        if not isinstance(target, str):
            raise QAPIError(info, "value of 'include' must be a string")
        incl_fname = os.path.join(os.path.dirname(self.fname), target)
        path = os.path.realpath(incl_fname)
        if path in self.active:
            raise QAPIError(info, "inclusion loop for %s" % target)
        self.exprs.append(ParsedExpr({'include': incl_fname}, info, None,
                                     self.fname))
        if path in self.seen:
            return
        sub = Parser(incl_fname, self.seen, self.active, info)
        self.exprs.extend(sub.parse())
        self.docs.extend(sub.docs)

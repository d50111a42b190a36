"""Errors of the QAPI generator: every message starts with 'file:line:'."""


class SourceInfo:
    """Where something was defined: a file and a line."""

    def __init__(self, fname, line, parent=None):
        self.fname = fname
        self.line = line
        self.parent = parent    # SourceInfo of the 'include' that led here

    def __str__(self):
        return '%s:%d' % (self.fname, self.line)

    def at_line(self, line):
        return SourceInfo(self.fname, line, self.parent)


class QAPIError(Exception):
    """A bad schema.  @info may be None for errors outside any file."""

    def __init__(self, info, msg, col=None):
        super().__init__(msg)
        self.info = info
        self.msg = msg
        self.col = col

    def __str__(self):
        if self.info is None:
            return 'qapi-gen: ' + self.msg
        where = str(self.info)
        if self.col is not None:
            where += ':%d' % self.col
        return '%s: %s' % (where, self.msg)

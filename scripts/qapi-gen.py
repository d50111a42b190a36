#!/usr/bin/env python3
"""Generate C code (types, visitors, QMP marshalers, events, introspection)
from a QAPI schema.  Usage: qapi-gen.py [-b] [-o DIR] [-p PREFIX] [-u] FILE
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from qapi.main import main  # noqa: E402

if __name__ == '__main__':
    sys.exit(main())

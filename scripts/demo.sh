#!/bin/sh
# 'make demo': the most complete end-to-end scenario the project supports so
# far. For now, the foundation's showcase: the unit tests, verbosely.
set -e
build=${1:-build}
echo "== demo: running the foundation's unit test suites =="
python3 "$(dirname "$0")/check.py" --build "$build" --suite unit

#!/usr/bin/env python3
"""Runs the numbered block tests (tests/block/NNN) and prints TAP.

Each test is a bash script that drives qemu-img/qemu-io (ours, and for
interop Debian's real QEMU 7.2 and cryptsetup) in a fresh scratch
directory; its combined stdout+stderr must equal NNN.out byte for byte
(the golden-output style of QEMU's iotests; common.rc holds the filters
for what varies between runs: timings, UUIDs, PBKDF iteration counts).
A script may exit 77 (after printing a reason) to be skipped.

usage: check-block.py [--build DIR] [-d] [NNN...]
  -d   on mismatch, print a unified diff of expected vs actual output
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

SRC = os.path.dirname(os.path.abspath(__file__))


def test_names(selected):
    names = sorted(n for n in os.listdir(SRC) if re.fullmatch(r'\d{3}', n))
    if selected:
        names = [n for n in names if n in selected]
    return names


def describe(name):
    with open(os.path.join(SRC, name)) as f:
        for line in f:
            m = re.match(r'#\s*\d{3}:\s*(.*)', line)
            if m:
                return m.group(1).strip()
    return ''


def run(name, build, diff):
    tmp = tempfile.mkdtemp(prefix='block-%s-' % name)
    env = dict(os.environ)
    env.update({
        'QEMU_IMG': os.path.join(build, 'qemu-img'),
        'QEMU_IO': os.path.join(build, 'qemu-io'),
        'REAL_QEMU_IMG': '/usr/bin/qemu-img',
        'REAL_QEMU_IO': '/usr/bin/qemu-io',
        'TEST_DIR': tmp,
        'SRC_DIR': SRC,
        'LC_ALL': 'C',
    })
    try:
        proc = subprocess.run(['bash', os.path.join(SRC, name)], cwd=tmp,
                              env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=300,
                              stdin=subprocess.DEVNULL)
        out = proc.stdout.decode(errors='replace')
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        out, rc = 'timed out\n', -1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if rc == 77:
        return 'skip', out.strip().splitlines()[-1:] or ['']
    with open(os.path.join(SRC, name + '.out')) as f:
        expected = f.read()
    if rc == 0 and out == expected:
        return 'ok', []
    lines = ['exit status %d' % rc] if rc else []
    delta = list(difflib.unified_diff(expected.splitlines(), out.splitlines(),
                                      name + '.out', name + '.out.bad',
                                      lineterm=''))
    lines += delta if diff else delta[:40]
    return 'fail', lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--build', default=os.environ.get('BUILD_DIR', 'build'))
    ap.add_argument('-d', action='store_true')
    ap.add_argument('tests', nargs='*')
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    names = test_names(args.tests)
    print('1..%d' % len(names))
    failed = 0
    for i, name in enumerate(names, 1):
        status, lines = run(name, build, args.d)
        title = '%s %s' % (name, describe(name))
        if status == 'ok':
            print('ok %d - %s' % (i, title))
        elif status == 'skip':
            print('ok %d - %s # SKIP %s' % (i, title, lines[0]))
        else:
            failed += 1
            print('not ok %d - %s' % (i, title))
            for line in lines:
                print('# ' + line)
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

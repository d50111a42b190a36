#!/usr/bin/env python3
"""Benchmarks qemu-x86_64 against native execution and real QEMU.

Builds the CPU-bound programs of tests/bench/x86_64/ with the host gcc
(-O2 -static; two of them also dynamically linked, "-dyn"), plus
Debian's dynamically linked python3 on a compute loop, runs each
natively, under the reference QEMU (Debian's qemu-user 7.2:
/usr/bin/qemu-x86_64) and under ours, takes the best of
--runs runs, checks that the three outputs agree, and prints per program
the slowdown against native, the ratio ours/QEMU (below 1.0 = faster
than QEMU) and the geometric means.  Not a pass/fail test.

usage: x86_64-bench.py --qemu BUILD/qemu-x86_64 [--ref /usr/bin/qemu-x86_64]
                       [--runs N] [PROGRAM-NAME...]
"""
import argparse
import glob
import math
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def build(src, outdir, static=True):
    exe = os.path.join(outdir, os.path.basename(src)[:-2] +
                       ('' if static else '-dyn'))
    subprocess.run(['gcc', '-O2'] + (['-static'] if static else []) +
                   ['-o', exe, src, '-lm'], check=True)
    return exe


# Dynamically linked programs: Debian's python3 on a compute loop, and a
# bench program linked against the shared libc (PLT calls, ld.so start).
PY_BENCH = r'''
import json, re, hashlib
d = [{"k%d" % i: [i, str(i) * 3, i / 7]} for i in range(2000)]
s = json.dumps(d)
for _ in range(5):
    s = json.dumps(json.loads(s))
n = sum(int(m) for m in re.findall(r"\d+", s[:200000]))
h = hashlib.sha256(s.encode() * 20).hexdigest()
t = 0
for i in range(300000):
    t = (t * 31 + i) % 1000003
print(len(s), n, h[:16], t)
'''
DYNAMIC_CASES = [
    ('dyn-python3', ['/usr/bin/python3', '-c', PY_BENCH]),
]
DYNAMIC_BUILDS = ['bench-sort', 'bench-malloc']


def best_time(cmd, runs):
    best, out = None, None
    for _ in range(runs):
        start = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        t = time.perf_counter() - start
        if p.returncode != 0:
            return None, p.stdout
        best = t if best is None else min(best, t)
        out = p.stdout
    return best, out


def measure(name, cmd, args, have_ref, rows):
    """time @cmd natively, under the reference QEMU and ours; print a row"""
    tn, on = best_time(cmd, args.runs)
    tq, oq = best_time([args.ref] + cmd, args.runs) if have_ref \
        else (None, on)
    to, oo = best_time([os.path.abspath(args.qemu)] + cmd, args.runs)
    note = ''
    if oo != on or (have_ref and oq != on):
        note = '  OUTPUT MISMATCH'
    sq = tq / tn if tq else None
    so = to / tn if to else None
    r = to / tq if (to and tq) else None
    rows.append((sq, so, r))
    print('%-16s %9.3f %9s %9s %8s %8s %9s%s' % (
        name, tn, '%.3f' % tq if tq else '-',
        '%.3f' % to if to else 'FAIL',
        '%.2f' % sq if sq else '-', '%.2f' % so if so else '-',
        '%.2f' % r if r else '-', note))


def geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--qemu', required=True, help='our qemu-x86_64')
    ap.add_argument('--ref', default='/usr/bin/qemu-x86_64',
                    help='the reference QEMU (absolute path)')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('names', nargs='*')
    args = ap.parse_args()
    have_ref = os.path.exists(args.ref)
    if not have_ref:
        print('# %s not found (apt-get install qemu-user): no QEMU column'
              % args.ref)
    srcs = all_srcs = sorted(glob.glob(os.path.join(HERE, 'x86_64',
                                                    'bench-*.c')))
    if args.names:
        srcs = [s for s in srcs if any(n in s for n in args.names)]

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        print('%-16s %9s %9s %9s %8s %8s %9s' % (
            'program', 'native s', 'qemu s', 'ours s', 'qemu/nat',
            'ours/nat', 'ours/qemu'))
        for src in srcs:
            exe = build(src, tmp)
            measure(os.path.basename(exe), [exe], args, have_ref, rows)
        dyn = [(n, c) for n, c in DYNAMIC_CASES if os.path.exists(c[0])]
        for src in all_srcs:
            base = os.path.basename(src)[:-2]
            if base in DYNAMIC_BUILDS and (not args.names or any(
                    x in base + '-dyn' for x in args.names)):
                dyn.append((base + '-dyn', [build(src, tmp, static=False)]))
        if args.names:
            dyn = [(n, c) for n, c in dyn if any(x in n for x in args.names)]
        for name, cmd in dyn:
            measure(name, cmd, args, have_ref, rows)
    print('%-16s %9s %9s %9s %8.2f %8.2f %9.2f' % (
        'geomean', '', '', '', geomean([x[0] for x in rows]),
        geomean([x[1] for x in rows]), geomean([x[2] for x in rows])))
    return 0


if __name__ == '__main__':
    sys.exit(main())

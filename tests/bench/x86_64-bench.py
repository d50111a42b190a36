#!/usr/bin/env python3
"""Benchmarks qemu-x86_64 against native execution and real QEMU.

Builds the CPU-bound programs of tests/bench/x86_64/ with the host gcc
(-O2 -static), runs each natively, under the reference QEMU (Debian's
qemu-user 7.2: /usr/bin/qemu-x86_64) and under ours, takes the best of
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


def build(src, outdir):
    exe = os.path.join(outdir, os.path.basename(src)[:-2])
    subprocess.run(['gcc', '-O2', '-static', '-o', exe, src, '-lm'],
                   check=True)
    return exe


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
    srcs = sorted(glob.glob(os.path.join(HERE, 'x86_64', 'bench-*.c')))
    if args.names:
        srcs = [s for s in srcs if any(n in s for n in args.names)]

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        print('%-16s %9s %9s %9s %8s %8s %9s' % (
            'program', 'native s', 'qemu s', 'ours s', 'qemu/nat',
            'ours/nat', 'ours/qemu'))
        for src in srcs:
            exe = build(src, tmp)
            name = os.path.basename(exe)
            tn, on = best_time([exe], args.runs)
            tq, oq = best_time([args.ref, exe], args.runs) if have_ref \
                else (None, on)
            to, oo = best_time([os.path.abspath(args.qemu), exe], args.runs)
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
    print('%-16s %9s %9s %9s %8.2f %8.2f %9.2f' % (
        'geomean', '', '', '', geomean([x[0] for x in rows]),
        geomean([x[1] for x in rows]), geomean([x[2] for x in rows])))
    return 0


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
"""Hot guest code from a perf profile of qemu-x86_64 -perfmap.

perf names samples in anonymous memory through /tmp/perf-<pid>.map, but
the JIT's code buffer is a memfd mapped twice (W^X), which perf treats as
a file and reports as "memfd:tcg-jit (deleted)" offsets.  This script
maps those samples back through the map qemu-x86_64 -perfmap wrote and
prints the hottest translation blocks by guest address.

usage: perf record -o perf.data qemu-x86_64 -perfmap PROGRAM...
       scripts/perfmap-report.py perf.data /tmp/perf-PID.map [N]
"""
import bisect
import collections
import re
import subprocess
import sys


def code_buffer_base(events):
    """the start of the executable view, from perf's mmap records"""
    base = None
    for line in events.splitlines():
        if 'MMAP' in line and 'tcg-jit' in line and 'r-xs' in line:
            base = int(re.search(r'\[(0x[0-9a-f]+)\(', line)[1], 16)
    return base


def load_map(path):
    entries = []
    with open(path) as f:
        for line in f:
            start, size, name = line.split()
            entries.append((int(start, 16), int(size, 16), name))
    entries.sort()
    return entries


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    data, mapfile = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    events = subprocess.run(['perf', 'script', '-i', data,
                             '--show-mmap-events', '-F', 'ip,dso'],
                            capture_output=True, text=True,
                            check=True).stdout
    base = code_buffer_base(events)
    if base is None:
        sys.exit('no tcg-jit mapping in %s (recorded with -perfmap?)' % data)
    entries = load_map(mapfile)
    starts = [e[0] for e in entries]
    hot = collections.Counter()
    total = 0
    for line in events.splitlines():
        m = re.match(r'\s*([0-9a-f]+)\s+\((.*)\)', line)
        if not m:
            continue
        total += 1
        where = m[2]
        if 'tcg-jit' not in where:
            hot[where.split('/')[-1]] += 1
            continue
        ip = int(m[1], 16)
        if ip < base:
            ip += base          # perf gave the offset in the memfd
        i = bisect.bisect_right(starts, ip) - 1
        if i >= 0 and ip < entries[i][0] + entries[i][1]:
            hot[entries[i][2]] += 1
        else:
            hot['(prologue, lookup stubs)'] += 1
    for name, n in hot.most_common(top):
        print('%6.2f%%  %s' % (100.0 * n / max(total, 1), name))


if __name__ == '__main__':
    main()

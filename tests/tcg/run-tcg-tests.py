#!/usr/bin/env python3
"""Runs x86_64 guest programs natively and under qemu-x86_64 and compares.

Each test program (a static binary built from tests/tcg/x86_64/*.c) and
each busybox applet scenario is run twice: natively and under the
emulator.  Standard output and the exit status (or the killing signal)
must match exactly.  Prints TAP.

usage: run-tcg-tests.py --qemu QEMU [--busybox BUSYBOX] PROGRAM...
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

import dynamic_cases

# busybox scenarios: (name, shell script run by "busybox sh -c")
BUSYBOX_CASES = [
    ('sh-loop', 'i=0; while [ $i -lt 50 ]; do i=$((i + 3)); done; echo $i; '
                'for w in a b c; do printf "%s-" "$w"; done; echo'),
    ('sh-functions', 'f() { [ "$1" -le 1 ] && echo 1 && return; '
                     'echo $(( $1 * $(f $(($1 - 1))) )); }; f 10; '
                     'case abc in a*) echo match;; esac; x=${PATH%%:*}; '
                     'echo ${#x} > /dev/null; echo "$((7 % 3)) $((1 << 10))"'),
    ('sh-pipeline', 'seq 1 200 | grep 7 | sort -r | head -5; '
                    'echo "b a c" | tr " " "\\n" | sort | uniq -c'),
    ('sh-exit-status', 'false; echo $?; (exit 7); echo $?; '
                       'sh -c "exit 3"; echo $?'),
    ('awk', 'seq 1 100 | awk \'{ s += $1; if ($1 % 7 == 0) n++ } '
            'END { printf "%d %d %.3f\\n", s, n, s / NR }\'; '
            'echo "a:b:c" | awk -F: \'{ print $2, NF; print toupper($1) }\''),
    ('awk-fields', 'printf "x 1\\ny 22\\nx 333\\n" | '
                   'awk \'{ c[$1] += $2 } END { for (k in c) print k, c[k] }\' '
                   '| sort'),
    ('sed', 'printf "hello world\\nfoo bar\\n" | sed -e "s/o/0/g" -e "2d"; '
            'seq 1 10 | sed -n "3,5p;8q"; echo abcabc | sed "s/\\(b\\)c/[\\1]/2"'),
    ('sort', 'printf "10\\n9\\n100\\nb\\na\\n-1\\n" > s.txt; sort s.txt; '
             'sort -n s.txt; sort -rn s.txt | head -2; sort -u s.txt s.txt | wc -l'),
    ('grep', 'seq 1 1000 > n.txt; grep -c 9 n.txt; grep -E "^(12|99)+$" n.txt; '
             'grep -v 1 n.txt | tail -2; grep -q 500 n.txt && echo found; '
             'grep nothing n.txt; echo $?'),
    ('find', 'mkdir -p d/e/f; touch d/a d/e/b d/e/f/c; find d | sort; '
             'find d -type f -name "[bc]" | sort; find d -type d | wc -l'),
    ('tar', 'mkdir -p t/u; seq 1 500 > t/u/x; echo hi > t/y; '
            'tar cf a.tar t; tar tf a.tar | sort; rm -r t; tar xf a.tar; '
            'cat t/y; wc -l < t/u/x'),
    ('gzip', 'seq 1 5000 > g.txt; gzip -9 -c g.txt > g.gz; gzip -dc g.gz | md5sum; '
             'gzip -dc g.gz | tail -1; gzip -t g.gz && echo ok'),
    ('bzip2', 'seq 1 3000 | sed "s/$/ bzip/" > b.txt; bzip2 -c b.txt > b.bz2; '
              'bzip2 -dc b.bz2 | sha256sum; wc -c < b.txt'),
    ('sha256sum', 'seq 1 2000 > h.txt; sha256sum h.txt; '
                  'printf "" | sha256sum; printf abc | sha1sum; '
                  'printf abc | sha512sum'),
    ('md5sum', 'seq 1 3000 | md5sum; printf "The quick brown fox" | md5sum'),
    ('od', 'printf "\\001\\002\\377hello\\n" | od -A x -t x1z; '
           'printf "abcdefgh" | od -t d2 -t o4'),
    ('dd', 'seq 1 1000 > in.txt; dd if=in.txt of=out.txt bs=7 count=13 skip=3 '
           '2>/dev/null; cat out.txt | wc -c; dd if=/dev/zero bs=512 count=4 '
           '2>/dev/null | md5sum'),
    ('expr', 'expr 7 \\* 6; expr 100 / 7 % 5; expr length "hello"; '
             'expr substr abcdef 2 3; expr 5 \\> 3; expr index abc c; '
             'expr 3 - 9; expr 1 / 0; echo $?'),
    ('misc-applets', 'seq 5 -2 -5 | xargs echo; echo hello | cut -c2-4; '
                     'printf "%05.2f %x %s\\n" 3.14159 255 str; '
                     'echo "a b" | wc; basename /x/y/z.c .c; dirname /x/y/z; '
                     'echo 3 4 | awk "{print \\$1 ** \\$2}"'),
    ('sh-exit-code', 'exit 42'),
]


# test-reserved-va under -R: the same facts for any size and guest base
RESERVED_VA_OUT = '''start
mappings at start outside the space: 0
MAP_FIXED at the end: ENOMEM
MAP_FIXED across the end: ENOMEM
MAP_FIXED far outside: ENOMEM
MAP_FIXED_NOREPLACE on the stack: EEXIST
hint outside: placed inside
munmap outside: EINVAL
mprotect outside: ENOMEM
mprotect of a hole: ENOMEM
MAP_FIXED_NOREPLACE on the hole: ok
1 MiB chunks until: ENOMEM, 0 outside
then pages until: ENOMEM, 0 outside
space full: yes, 0 mappings outside
brk when full: ENOMEM
malloc(1 MiB) when full: NULL
mremap grow when full: ENOMEM
freed chunk mapped again: same place
its old contents: 0
mremap shrink: in place
mremap grow back: in place
mremap to a hole: moved, data 2
its old place mapped again: same place
still full: ENOMEM
shmat when full: ENOMEM
shmat after a munmap: in the freed place
shmdt: ok
shmdt again: EINVAL
its place mapped again: same place
'''


def reserved_va_cases(qemu, prog):
    """(name, argv, env, setup, rc, stdout, stderr check): -R at work"""
    return [
        ('reserved-va', [qemu, '-R', '64M', prog, '0x4000000'], None, None,
         0, RESERVED_VA_OUT, None),
        # with -B the reservation starts at the given host address
        ('reserved-va-guest-base', [qemu, '-B', '0x200000000000', '-R',
                                    '48M', prog, '0x3000000'], None, None,
         0, RESERVED_VA_OUT, None),
        # QEMU_RESERVED_VA, not a whole number of pages: rounded up
        ('reserved-va-env', [qemu, prog, '0x2801000'],
         {'QEMU_RESERVED_VA': '40963k'}, None, 0, RESERVED_VA_OUT, None),
    ]


def elf_image_end(path):
    """End of the PT_LOAD segments of an ELF64 file, page-aligned."""
    import struct
    data = open(path, 'rb').read()
    phoff, = struct.unpack_from('<Q', data, 32)
    phentsize, phnum = struct.unpack_from('<HH', data, 54)
    end = 0
    for i in range(phnum):
        p_type, _, _, vaddr, _, _, memsz = struct.unpack_from(
            '<IIQQQQQ', data, phoff + i * phentsize)
        if p_type == 1:
            end = max(end, vaddr + memsz)
    return (end + 4095) & ~4095


def reserved_va_cli_cases(prog):
    """-R errors: (name, argv, expected exit status, expected stderr)"""
    too_big = ("qemu-x86_64: Reserved virtual address space too big: '%s' "
               "(at most 0x800000000000 bytes, 128 TiB)\n")
    return [
        ('cli-reserved-va-suffix', ['-R', '1x', prog], 1,
         "qemu-x86_64: Unrecognised -R size suffix 'x' in '1x' (use k, M "
         "or G)\n"),
        ('cli-reserved-va-not-number', ['-R', 'abc', prog], 1,
         "qemu-x86_64: invalid -R size 'abc': not a number\n"),
        ('cli-reserved-va-negative', ['-R', '-5', prog], 1,
         "qemu-x86_64: invalid -R size '-5': not a number\n"),
        ('cli-reserved-va-too-big', ['-R', '131073G', prog], 1,
         too_big % '131073G'),
        ('cli-reserved-va-overflow', ['-R', '99999999999999999999', prog],
         1, too_big % '99999999999999999999'),
        ('cli-reserved-va-small', ['-R', '4096', prog], 1,
         'qemu-x86_64: %s: requires more than reserved virtual address '
         'space (0x%x > 0x1000)\n' % (prog, elf_image_end(prog))),
        # the whole 47-bit space minus a bit: the host's own mappings are
        # in it (with -B 0 exactly there, without -B no room is left)
        ('cli-reserved-va-in-use', ['-B', '0', '-R', '0x7fffff000000',
                                    prog], 1,
         'qemu-x86_64: cannot reserve the guest address space at '
         '0x10000-0x7fffff000000: it is in use (omit the -B option or '
         'choose a different value)\n'),
        ('cli-reserved-va-no-room', ['-R', '0x7fffff000000', prog], 1,
         'qemu-x86_64: Unable to reserve 0x7fffff000000 bytes of virtual '
         'address space (Cannot allocate memory) for use as guest address '
         'space (check your virtual memory ulimit setting or reserve less '
         'using -R option)\n'),
        ('cli-reserved-va-beyond', ['-B', '0x7fff00000000', '-R',
                                    '0x100000000000', prog], 1,
         'qemu-x86_64: Unable to reserve 0x100000000000 bytes of virtual '
         'address space at 0x7fff00000000 (Cannot allocate memory) for use '
         'as guest address space (check your virtual memory ulimit '
         'setting, choose a different -B value or reserve less using -R '
         'option)\n'),
    ]


def perfmap_problem(qemu, prog):
    """-perfmap: /tmp/perf-<pid>.map names every TB after its guest pc,
    the program's entry point among them; None if all is well"""
    p = subprocess.Popen([qemu, '-perfmap', prog], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    out, err = p.communicate(timeout=120)
    path = '/tmp/perf-%d.map' % p.pid
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError as e:
        return 'no map: %s (exit %d, stderr %r)' % (e, p.returncode,
                                                    err[-200:])
    finally:
        if os.path.exists(path):
            os.unlink(path)
    if p.returncode != 0:
        return 'exit %d with -perfmap' % p.returncode
    bad = [l for l in lines
           if not re.fullmatch(r'[0-9a-f]+ [0-9a-f]+ guest-0x[0-9a-f]+', l)]
    if not lines or bad:
        return 'malformed map lines: %r' % (bad[:3] or 'none')
    entry = elf_exec_entry(prog)
    if entry and 'guest-0x%x' % entry not in {l.split()[2] for l in lines}:
        return 'entry point 0x%x not in the map' % entry
    return None


def elf_exec_entry(path):
    """e_entry of an ET_EXEC file (a PIE's is relative: None)"""
    with open(path, 'rb') as f:
        head = f.read(64)
    e_type, = struct.unpack_from('<H', head, 16)
    return struct.unpack_from('<Q', head, 24)[0] if e_type == 2 else None


def make_bad_files(d, sample):
    """Garbage inputs for the loader: returns {name: path}."""
    files = {}
    files['notelf'] = os.path.join(d, 'notelf')
    with open(files['notelf'], 'wb') as f:
        f.write(b'hello')
    data = open(sample, 'rb').read() if sample else b''
    files['trunc'] = os.path.join(d, 'trunc')
    with open(files['trunc'], 'wb') as f:
        f.write(data[:100])
    files['aarch64'] = os.path.join(d, 'aarch64')
    with open(files['aarch64'], 'wb') as f:
        f.write(data[:18] + b'\xb7\x00' + data[20:])
    files['nophdr'] = os.path.join(d, 'nophdr')
    with open(files['nophdr'], 'wb') as f:
        f.write(data[:56] + b'\x00\x00' + data[58:])
    for p in files.values():
        os.chmod(p, 0o755)
    return files


# (name, argv after qemu, expected exit status, expected stderr)
def cli_cases(files):
    return [
        ('cli-not-elf', [files['notelf']], 1,
         'qemu-x86_64: %s: not an ELF file\n' % files['notelf']),
        ('cli-truncated', [files['trunc']], 1,
         'qemu-x86_64: %s: truncated ELF file\n' % files['trunc']),
        ('cli-wrong-arch', [files['aarch64']], 1,
         'qemu-x86_64: %s: not an x86_64 ELF executable\n' % files['aarch64']),
        ('cli-no-phdrs', [files['nophdr']], 1,
         'qemu-x86_64: %s: bad program header table\n' % files['nophdr']),
        ('cli-missing', ['/nonexistent/prog'], 1,
         "qemu-x86_64: Could not open '/nonexistent/prog': No such file or "
         "directory\n"),
        ('cli-bad-cpu', ['-cpu', 'pentium9', files['notelf']], 1,
         "qemu-x86_64: unable to find CPU model 'pentium9'\n"),
        ('cli-bad-option', ['-frobnicate'], 1,
         "qemu-x86_64: unknown option '-frobnicate' (try -h)\n"),
        ('cli-bad-guest-base', ['-B', '12x', files['notelf']], 1,
         "qemu-x86_64: invalid guest base address '12x' (must be a "
         "page-aligned number)\n"),
        ('cli-missing-arg', ['-cpu'], 1,
         "qemu-x86_64: option '-cpu' needs an argument\n"),
        ('cli-bad-log', ['-d', 'bogus', files['notelf']], 1,
         "qemu-x86_64: Unknown log item 'bogus' (use '-d help' for a list)\n"),
    ]


def run(cmd, cwd, timeout=120, env=None):
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                           timeout=timeout,
                           env=dict(os.environ, **env) if env else None)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return 'timeout', b'', b''


def compare(name, native_cmd, emu_cmd, workdir_setup=None):
    results = []
    for cmd in (native_cmd, emu_cmd):
        work = tempfile.mkdtemp(prefix='tcg-test-')
        try:
            if workdir_setup:
                workdir_setup(work)
            results.append(run(cmd, work))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    (nrc, nout, _), (erc, eout, eerr) = results
    if nrc == erc and nout == eout:
        return True, ''
    msg = []
    if nrc != erc:
        msg.append('exit status: native %s, emulated %s' % (nrc, erc))
    if nout != eout:
        nl, el = nout.splitlines(), eout.splitlines()
        for i in range(max(len(nl), len(el))):
            a = nl[i] if i < len(nl) else b'<missing>'
            b = el[i] if i < len(el) else b'<missing>'
            if a != b:
                msg.append('first difference at line %d:\n  native:   %r\n'
                           '  emulated: %r' % (i + 1, a, b))
                break
    if eerr:
        msg.append('emulated stderr: %r' % eerr[-300:])
    return False, '\n'.join(msg)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--qemu', required=True)
    ap.add_argument('--busybox', default='/bin/busybox')
    ap.add_argument('programs', nargs='*')
    args = ap.parse_args()
    qemu = os.path.abspath(args.qemu)

    cases = []
    reserved_prog = None
    for prog in args.programs:
        prog = os.path.abspath(prog)
        if os.path.basename(prog) == 'test-reserved-va':
            reserved_prog = prog    # needs -R: no native run to compare
            continue
        cases.append((os.path.basename(prog), [prog], [qemu, prog], None))
        if os.path.basename(prog) in ('test-threads', 'test-dynamic'):
            # thread stacks, ld.so and libraries placed inside -R
            cases.append((os.path.basename(prog) + '-reserved-va', [prog],
                          [qemu, '-R', '1G', prog], None))
    # Debian's dynamically linked programs
    for name, argv, setup in dynamic_cases.COMPARE_CASES:
        if os.path.exists(argv[0]):
            cases.append((name, argv, [qemu] + argv, setup))
        else:
            print('# %s not found: %s skipped' % (argv[0], name))
    test_dynamic = [os.path.abspath(p) for p in args.programs
                    if os.path.basename(p) == 'test-dynamic']
    expects = dynamic_cases.expect_cases(
        qemu, test_dynamic[0] if test_dynamic else None)
    if reserved_prog:
        expects += reserved_va_cases(qemu, reserved_prog)
    if os.path.exists(args.busybox):
        bb = args.busybox
        for name, script in BUSYBOX_CASES:
            cases.append(('busybox-' + name, [bb, 'sh', '-c', script],
                          [qemu, bb, 'sh', '-c', script], None))
    else:
        print('# %s not found: busybox cases skipped' % args.busybox)

    tmp = tempfile.mkdtemp(prefix='tcg-cli-')
    files = make_bad_files(tmp, os.path.abspath(args.programs[0])
                           if args.programs else None)
    clis = cli_cases(files) if args.programs else []
    if reserved_prog:
        clis += reserved_va_cli_cases(reserved_prog)

    print('1..%d' % (len(cases) + len(clis) + len(expects) +
                     (1 if args.programs else 0)))
    failed = 0
    n = 0
    for name, native, emu, setup in cases:
        n += 1
        ok, msg = compare(name, native, emu, setup)
        print('%s %d %s' % ('ok' if ok else 'not ok', n, name))
        if not ok:
            failed += 1
            for line in msg.splitlines():
                print('# ' + line)
    for name, argv, want_rc, want_err in clis:
        n += 1
        rc, _, err = run([qemu] + argv, tmp)
        ok = rc == want_rc and err.decode(errors='replace') == want_err
        print('%s %d %s' % ('ok' if ok else 'not ok', n, name))
        if not ok:
            failed += 1
            print('# expected %r %r' % (want_rc, want_err))
            print('# got      %r %r' % (rc, err[-300:]))
    for name, argv, env, setup, want_rc, want_out, check_err in expects:
        n += 1
        work = tempfile.mkdtemp(prefix='tcg-test-')
        try:
            if setup:
                setup(work)
            rc, out, err = run(argv, work, env=env)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        err = err.decode(errors='replace')
        problem = None
        if rc != want_rc or out.decode(errors='replace') != want_out:
            problem = 'expected %r %r, got %r %r' % (want_rc, want_out, rc,
                                                     out[-300:])
        elif check_err:
            problem = check_err(err)
        print('%s %d %s' % ('not ok' if problem else 'ok', n, name))
        if problem:
            failed += 1
            print('# ' + problem)
            print('# stderr: %r' % err[-300:])
    if args.programs:
        n += 1
        problem = perfmap_problem(qemu, os.path.abspath(args.programs[0]))
        print('%s %d cli-perfmap' % ('not ok' if problem else 'ok', n))
        if problem:
            failed += 1
            print('# ' + problem)
    shutil.rmtree(tmp, ignore_errors=True)
    sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

"""Debian's own dynamically linked programs under qemu-x86_64.

Used by run-tcg-tests.py.  COMPARE_CASES run natively and emulated in a
fresh directory prepared by their setup function; stdout and the exit
status must match exactly.  expect_cases() are checks with a known
result: that programs started with execve stay emulated (or run natively
with -native-exec), the -L prefix, and the decoded -strace lines.
"""
import os
import re

FIXED_TIME = 1000000000          # 2001-09-09, for stable ls/tar output


def setup_tree(work):
    """tree/: files, a subdirectory, a symlink, fixed modes and mtimes."""
    root = os.path.join(work, 'tree')
    files = {
        'a.txt': 'hello world\nsecond line\n',
        'b.c': 'int main(void) { return 0; }\n',
        'sub/c.c': '/* c */\nint c;\n',
        'sub/deep/e.txt': 'e' * 5000 + '\n',
        'data.txt': ''.join('%s:%d:%s\n' % (w, (i * 37) % 101, w[::-1])
                            for i, w in enumerate(
                                ['pear', 'apple', 'fig', 'kiwi', 'plum',
                                 'date', 'lime', 'grape', 'melon', 'cherry']
                                * 3)),
    }
    for name, text in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as f:
            f.write(text)
        os.chmod(path, 0o644)
    os.chmod(os.path.join(root, 'b.c'), 0o755)
    os.symlink('a.txt', os.path.join(root, 'link'))
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        for n in filenames:
            os.utime(os.path.join(dirpath, n), (FIXED_TIME, FIXED_TIME),
                     follow_symlinks=False)
        os.chmod(dirpath, 0o755)
        os.utime(dirpath, (FIXED_TIME, FIXED_TIME))


BASH_SCRIPT = r'''
cd tree
for f in *; do echo "[$f]"; done | sort -r | tr "\n" " "; echo
(cd sub && pwd | sed "s|.*/||"; exit 4); echo "subshell status $?"
x=$(cat a.txt | tr a-z A-Z | head -1); echo "$x"
echo $(( 6 * 7 )) ${#x}
find . -name "*.c" | sort | xargs cat | sha256sum
{ echo b; echo a; echo c; } | sort | head -2 | tail -1
if grep -q hello a.txt; then echo found; fi
f() { echo "args $#: $*"; }; f 1 "2 3"
ls -la --time-style=+%s sub | wc -l
cut -d: -f2 data.txt | sort -n | uniq -c | sort -rn | head -3
case "$x" in HELLO*) echo case;; esac
exit 3
'''

PERL_SCRIPT = r'''
use strict; use warnings; use Digest::MD5 qw(md5_hex); use POSIX qw(floor);
my %h; $h{$_ % 7}++ for 1..10000;
print join(",", map {"$_=$h{$_}"} sort keys %h), "\n";
printf("%.6f %d\n", atan2(1, 1) * 4, floor(-2.5));
my $s = join("", map { chr(65 + $_ % 26) } 1..60);
$s =~ s/([AEIOU])/lc($1)/ge; print "$s\n";
print scalar(reverse("hello")), " ", md5_hex("abc"), "\n";
print join(" ", sort { $a <=> $b } (10, 2, 33, 4)), "\n";
my @w = split /\s+/, "the quick brown fox jumps over the lazy dog";
my %c; $c{length $_}++ for @w;
print join(";", map { "$_:$c{$_}" } sort keys %c), "\n";
open(my $fh, "<", "tree/data.txt") or die; my $n = () = <$fh>; print "$n\n";
'''

PYTHON_SCRIPT = r'''
import json, re, hashlib, collections, itertools, functools, math
import struct, zlib, base64, os

records = []
for i in range(300):
    records.append({"id": i, "name": "item-%03d" % i,
                    "tags": ["t%d" % (i % 7), "x" * (i % 5)],
                    "value": i * 1.25, "ok": i % 3 == 0,
                    "nested": {"a": [i, i * i, None]}})
text = json.dumps(records, sort_keys=True, indent=1)
back = json.loads(text)
assert back == records
print(len(text), hashlib.sha256(text.encode()).hexdigest())

words = re.findall(r"[a-z]+-(\d+)", text)
print(len(words), sum(map(int, words)))
pat = re.compile(r'"value": (\d+)\.(\d+)')
print(sum(int(a) * 100 + int(b) for a, b in pat.findall(text)) % 100003)
print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "alice@example bob@test"))
print(re.split(r"[,;]\s*", "a, b;c ,d"), re.fullmatch(r"(?i)AB+c", "abbC"))

for algo in ("md5", "sha1", "sha256", "sha512", "blake2b", "sha3_256"):
    h = hashlib.new(algo)
    for r in records:
        h.update(r["name"].encode())
    print(algo, h.hexdigest()[:32])

c = collections.Counter(r["tags"][0] for r in records)
print(sorted(c.items()))
print(" ".join("%.3f" % math.sqrt(x) for x in range(1, 12)))
print(functools.reduce(lambda a, b: (a * 31 + b) % 1000000007,
                       range(100000)))
print(list(itertools.islice(itertools.permutations("abcd"), 5)))
packed = struct.pack("<5q", *range(-2, 3))
print(base64.b64encode(zlib.compress(packed * 20)).decode()[:40])
print(zlib.crc32(text.encode()), len(zlib.compress(text.encode(), 9)))
print(f"{12345.6789:,.2f} {2**100} {1/7:.15g} {float('inf')} {-0.0}")
print(sorted(set(text[::97])))
with open("tree/data.txt") as f:
    rows = [line.rstrip("\n").split(":") for line in f]
print(sorted(rows, key=lambda r: (int(r[1]), r[0]))[:4])
print(sorted(os.listdir("tree")))
'''

# (name, argv, setup)
COMPARE_CASES = [
    ('dyn-ls-la', ['/bin/ls', '-la', '--time-style=+%Y-%m-%d %H:%M:%S',
                   'tree', 'tree/sub'], setup_tree),
    ('dyn-sort', ['/usr/bin/sort', '-t:', '-k2,2n', '-k1,1r',
                  'tree/data.txt'], setup_tree),
    ('dyn-sha256sum', ['/usr/bin/sha256sum', 'tree/a.txt', 'tree/data.txt',
                       'tree/sub/deep/e.txt'], setup_tree),
    ('dyn-grep', ['/bin/grep', '-rnE', '^(p|k)[a-z]+:[0-9]*1', 'tree'],
     setup_tree),
    ('dyn-find', ['/usr/bin/find', 'tree', '-name', '*.c', '-o', '-type',
                  'l', '-printf', '%p %s %m %y\n'], setup_tree),
    ('dyn-tar', ['/bin/tar', '--sort=name', '--mtime=@0', '--owner=0',
                 '--group=0', '--numeric-owner', '-cf', '-', 'tree'],
     setup_tree),
    ('dyn-bash', ['/bin/bash', '-c', BASH_SCRIPT], setup_tree),
    ('dyn-perl', ['/usr/bin/perl', '-e', PERL_SCRIPT], setup_tree),
    ('dyn-python3', ['/usr/bin/python3', '-c', PYTHON_SCRIPT], setup_tree),
    # ldd runs ld.so with LD_TRACE_LOADED_OBJECTS: the guest's LD_*
    # variables must reach the guest's ld.so, not the emulator's
    ('dyn-ldd', ['/bin/bash', '-c', 'ldd /bin/true | grep -v vdso | '
                 'sed "s/ (0x.*//"; LD_TEST_X=1 env | grep "^LD_"'],
     None),
]

VDSO_COUNT = 'grep -c "\\[vdso\\]" /proc/self/maps || true'


def setup_script(work):
    path = os.path.join(work, 'script.sh')
    with open(path, 'w') as f:
        f.write('#!/bin/sh -e\necho "script $# $1"\n' + VDSO_COUNT + '\n')
    os.chmod(path, 0o755)


def setup_sysroot(work):
    """a guest sysroot for -L holding one file the host does not have"""
    d = os.path.join(work, 'sysroot', 'etc')
    os.makedirs(d)
    with open(os.path.join(d, 'qemu-test-L-only'), 'w') as f:
        f.write('from the sysroot\n')


def expect_cases(qemu, test_dynamic):
    """(name, argv, env, setup, rc, stdout, stderr check or None)"""
    strace_lines = [
        'openat(-100,"/nonexistent/test-dynamic",O_RDONLY|O_CLOEXEC) = -1 '
        'errno=2 (No such file or directory)',
        'access("/",R_OK|X_OK) = 0',
        re.compile(r'mmap\(NULL,8192,PROT_READ\|PROT_WRITE,MAP_PRIVATE\|'
                   r'MAP_ANONYMOUS,-1,0\) = 0x[0-9a-f]{16}$'),
        re.compile(r'munmap\(0x[0-9a-f]{16},8192\) = 0$'),
        # glibc calls the kernel: there is no vDSO to answer in user space
        re.compile(r'clock_gettime\(CLOCK_MONOTONIC,0x[0-9a-f]{16}\) = 0$'),
        re.compile(r'write\(1,0x[0-9a-f]{16},2\) = 2$'),
        'exit_group(3)',
    ]

    def check_strace(err):
        lines = [re.sub(r'^\d+ ', '', l) for l in err.splitlines()]
        if not lines or not lines[0].startswith('brk(NULL) = 0x'):
            return 'first line is not brk(NULL): %r' % lines[:1]
        tail = lines[-len(strace_lines):]
        for want, got in zip(strace_lines, tail):
            ok = want.match(got) if hasattr(want, 'match') else want == got
            if not ok:
                return 'expected %r, got %r' % (getattr(want, 'pattern',
                                                        want), got)
        return None

    cases = [
        # bash's children (dynamic programs, a #! script) stay emulated:
        # no vDSO in their maps, while a native process has one
        ('exec-emulated', [qemu, '/bin/bash', '-c', VDSO_COUNT], None, None,
         0, '0\n', None),
        ('exec-script', [qemu, '/bin/bash', '-c', './script.sh arg'], None,
         setup_script, 0, 'script 1 arg\n0\n', None),
        ('exec-native-flag', [qemu, '-native-exec', '/bin/bash', '-c',
                              VDSO_COUNT], None, None, 0, '1\n', None),
        ('exec-native-env', [qemu, '/bin/bash', '-c', VDSO_COUNT],
         {'QEMU_NATIVE_EXEC': '1'}, None, 0, '1\n', None),
        # fexecve (execveat on an fd) stays emulated too
        ('exec-fexecve', [qemu, '/usr/bin/python3', '-c',
                          'import os; fd = os.open("/bin/sh", os.O_RDONLY); '
                          'os.execve(fd, ["sh", "-c", %r], {})'
                          % VDSO_COUNT], None, None, 0, '0\n', None),
        ('exec-missing', [qemu, '/bin/bash', '-c',
                          './nonexistent 2>/dev/null; echo $?'], None, None,
         0, '127\n', None),
        # -L: the guest's absolute paths resolve in the sysroot first
        ('sysroot-L', [qemu, '-L', 'sysroot', '/bin/cat',
                       '/etc/qemu-test-L-only'], None, setup_sysroot, 0,
         'from the sysroot\n', None),
        # stat/access too, and exec'd children inherit -L
        ('sysroot-L-stat', [qemu, '-L', 'sysroot', '/bin/bash', '-c',
                            'test -e /etc/qemu-test-L-only && '
                            'cat /etc/qemu-test-L-only'], None,
         setup_sysroot, 0, 'from the sysroot\n', None),
        ('sysroot-L-fallback', [qemu, '-L', 'sysroot', '/bin/cat',
                                '/etc/hostname'], None, setup_sysroot, 0,
         open('/etc/hostname').read() if os.path.exists('/etc/hostname')
         else '', None),
    ]
    if test_dynamic:
        cases.append(('strace-decoded', [qemu, '-strace', test_dynamic,
                                         'strace'], None, None, 3, 'x\n',
                      check_strace))
        # a PT_INTERP that is missing, or not an ELF file
        for name, interp, msg in [
                ('cli-missing-interp', b'/nonexistent/ld-x86-64.so.2',
                 "Could not open '/nonexistent/ld-x86-64.so.2': No such "
                 "file or directory"),
                ('cli-interp-not-elf', b'/etc/passwd',
                 '/etc/passwd: not an ELF file')]:
            def setup(work, interp=interp):
                data = bytearray(open(test_dynamic, 'rb').read())
                old = b'/lib64/ld-linux-x86-64.so.2'
                i = data.index(old)
                data[i:i + len(old)] = interp.ljust(len(old), b'\0')
                path = os.path.join(work, 'badinterp')
                with open(path, 'wb') as f:
                    f.write(data)
                os.chmod(path, 0o755)

            def check(err, msg=msg):
                want = 'qemu-x86_64: %s\n' % msg
                return None if err == want else 'stderr %r, want %r' % (
                    err, want)
            cases.append((name, [qemu, 'badinterp'], None, setup, 1, '',
                          check))
    return cases

#!/bin/bash
# 'make demo': the most complete end-to-end scenario the project supports so
# far. Encrypted images made by our tools are read by real QEMU 7.2 and
# cryptsetup and the other way round, a running emulator hot-adds an
# encrypted qcow2 over QMP (and refuses a wrong key without leaving anything
# behind), and qemu-x86_64 runs busybox, and Debian's dynamic bash and
# python3 with threads, with the same output as natively.
# Every step checks its result; the script stops at the first mismatch.
set -euo pipefail

build=$(cd "${1:-build}" && pwd)
QEMU_IMG=$build/qemu-img
QEMU_IO=$build/qemu-io
QEMU_SYSTEM=$build/qemu-system-x86_64
QEMU_X86_64=$build/qemu-x86_64
REAL_QEMU_IMG=/usr/bin/qemu-img
REAL_QEMU_IO=/usr/bin/qemu-io

work=$(mktemp -d /tmp/qemu-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"

step() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
ok() { printf '   ok: %s\n' "$*"; }
fail() { printf '   FAILED: %s\n' "$*"; exit 1; }

printf 'demo-passphrase' > key.txt
SECRET="secret,id=sec0,file=key.txt"

step "1. A LUKS image created by our qemu-img, written by our qemu-io"
run "$QEMU_IMG" create -q -f luks --object "$SECRET" \
    -o key-secret=sec0,iter-time=50 disk.luks 16M
run "$QEMU_IO" --object "$SECRET" \
    --image-opts driver=luks,key-secret=sec0,file.filename=disk.luks \
    -c 'write -q -P 0xab 0 1M' -c 'write -q -P 0x5c 3M 64k'

step "   ... read back by real qemu-img 7.2 and accepted by cryptsetup"
run "$REAL_QEMU_IMG" convert --object "$SECRET" \
    --image-opts driver=luks,key-secret=sec0,file.filename=disk.luks \
    -O raw plain.raw
python3 - <<'EOF'
data = open('plain.raw', 'rb').read()
assert data[:1 << 20] == b'\xab' * (1 << 20), 'pattern 0xab differs'
assert data[3 << 20:(3 << 20) + 65536] == b'\x5c' * 65536, 'pattern 0x5c differs'
EOF
ok "real qemu-img decrypted exactly what we wrote"
run cryptsetup open --test-passphrase --key-file key.txt disk.luks
ok "cryptsetup unlocks our header with the passphrase"
if printf 'wrong' | cryptsetup open --test-passphrase --key-file - disk.luks 2>/dev/null; then
    fail "cryptsetup accepted a wrong passphrase"
fi
ok "cryptsetup refuses a wrong passphrase"

step "   ... a wrong passphrase is refused when the image is opened"
if "$QEMU_IO" --object secret,id=sec1,data=wrong \
    --image-opts driver=luks,key-secret=sec1,file.filename=disk.luks \
    -c 'read 0 512' 2>err.txt; then
    fail "our qemu-io opened the image with a wrong passphrase"
fi
cat err.txt
grep -q "sec1" err.txt && ok "the error names the secret, not its bytes"
if grep -q wrong err.txt; then fail "the secret leaked into the message"; fi

step "2. qcow2 with LUKS inside, created by us and checked by real qemu-img"
run "$QEMU_IMG" create -q -f qcow2 --object "$SECRET" \
    -o encrypt.format=luks,encrypt.key-secret=sec0,encrypt.iter-time=50 \
    disk.qcow2 64M
run "$REAL_QEMU_IO" --object "$SECRET" \
    --image-opts driver=qcow2,encrypt.key-secret=sec0,file.filename=disk.qcow2 \
    -c 'write -q -P 0x42 1M 256k'
run "$REAL_QEMU_IMG" check --object "$SECRET" \
    --image-opts driver=qcow2,encrypt.key-secret=sec0,file.filename=disk.qcow2
run "$QEMU_IO" --object "$SECRET" \
    --image-opts driver=qcow2,encrypt.key-secret=sec0,file.filename=disk.qcow2 \
    -c 'read -P 0x42 1M 256k' -c 'read -P 0 0 1M'
ok "our qemu-io reads real QEMU's encrypted writes byte-exactly"
run "$QEMU_IMG" info disk.qcow2

step "3. qemu-system-x86_64: hot-add the encrypted qcow2 over QMP"
cat > qmp.in <<'EOF'
{"execute": "qmp_capabilities"}
{"execute": "query-status"}
{"execute": "blockdev-add", "arguments": {"driver": "qcow2", "node-name": "disk0", "file": {"driver": "file", "filename": "disk.qcow2"}, "encrypt": {"key-secret": "sec0"}}}
{"execute": "query-named-block-nodes"}
{"execute": "object-add", "arguments": {"qom-type": "secret", "id": "badkey", "data": "not-the-passphrase"}}
{"execute": "blockdev-add", "arguments": {"driver": "luks", "node-name": "disk1", "key-secret": "badkey", "file": {"driver": "file", "filename": "disk.luks"}}}
{"execute": "query-named-block-nodes"}
{"execute": "blockdev-del", "arguments": {"node-name": "disk0"}}
{"execute": "quit"}
EOF
timeout 30 "$QEMU_SYSTEM" -M none -display none -nodefaults \
    -object "$SECRET" -qmp stdio < qmp.in > qmp.out
cat qmp.out
python3 - <<'EOF'
import json
replies = [json.loads(line) for line in open('qmp.out')]
replies = [r for r in replies if 'event' not in r][1:]   # drop the greeting
status, added, nodes_before, _, bad, nodes_after = (r for r in replies[1:7])
assert status['return']['status'] == 'running', status
assert added == {'return': {}}, added
assert 'Invalid password' in bad['error']['desc'], bad
assert "badkey" in bad['error']['desc'] and 'not-the-passphrase' not in bad['error']['desc']
assert nodes_before == nodes_after, 'a failed blockdev-add left something behind'
assert replies[7] == {'return': {}}, replies[7]
EOF
ok "right key: node added; wrong key: clear error, node list unchanged"

step "4. qemu-x86_64: busybox applets, emulated vs native"
script='echo hello; seq 1 200 | awk "{s+=\$1} END {print s}"; echo abc | sha256sum; printf "b\na\nc\n" | sort | tr a-z A-Z'
native=$(/bin/busybox sh -c "$script")
emulated=$("$QEMU_X86_64" /bin/busybox sh -c "$script")
printf '%s\n' "$emulated"
[ "$native" = "$emulated" ] || fail "emulated output differs from native"
ok "identical to native"

step "5. qemu-x86_64: Debian's dynamic bash and python3 (threads, exec'd children stay emulated)"
script='printf "b\na\nc\n" | sort | sha256sum; python3 -c "
import hashlib, json, re, threading
out = []
def work(i): out.append(hashlib.sha256(json.dumps({\"n\": i}).encode()).hexdigest()[:12])
ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
print(sorted(out), re.sub(r\"[aeiou]\", \"_\", \"emulated threads\"))"'
native=$(/bin/bash -c "$script")
emulated=$("$QEMU_X86_64" /bin/bash -c "$script")
printf '%s\n' "$emulated"
[ "$native" = "$emulated" ] || fail "emulated output differs from native"
ok "identical to native"

printf '\ndemo finished: every step checked\n'

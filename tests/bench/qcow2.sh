#!/usr/bin/env bash
# qcow2 throughput, ours vs Debian's real qemu-img 7.2, side by side on the
# same machine and files: convert raw -> qcow2, raw -> qcow2+LUKS,
# qcow2 -> raw, and `qemu-img bench` 4 KiB random writes/reads on a qcow2.
# Prints the best of $RUNS runs and ours/real (>1: ours faster). Not a timed
# test: never run by make check.
#
# usage: tests/bench/qcow2.sh [BUILD_DIR] [SIZE_MB] [RUNS]
set -eu
BUILD=$(cd "${1:-build}" && pwd)
SIZE_MB=${2:-512}
RUNS=${3:-2}
OURS=$BUILD/qemu-img
REAL=/usr/bin/qemu-img
SEC="--object secret,id=sec0,data=bench-passphrase"
DIR=$(mktemp -d "${TMPDIR:-/var/tmp}/bench-qcow2.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
cd "$DIR"

echo "preparing ${SIZE_MB} MiB of random data in $DIR ..."
dd if=/dev/urandom of=src.raw bs=1M count="$SIZE_MB" status=none

# best wall-clock seconds of $RUNS runs of "$@"
best() {
    local b="" s e
    for _ in $(seq "$RUNS"); do
        rm -f out.img
        sync
        s=$(date +%s.%N)
        if ! "$@" >/dev/null 2>&1; then
            echo "FAILED: $*" >&2
            echo nan
            return
        fi
        e=$(date +%s.%N)
        b=$(echo "$s $e ${b:-inf}" | awk '{d=$2-$1; if ($3=="inf" || d<$3) print d; else print $3}')
    done
    echo "$b"
}

# row NAME UNIT_AMOUNT UNIT CMD...: CMD gets the tool as its first argument
row() {
    local name=$1 amount=$2 unit=$3; shift 3
    local tr to
    tr=$(best "$@" "$REAL")
    to=$(best "$@" "$OURS")
    awk -v n="$name" -v r="$tr" -v o="$to" -v a="$amount" -v u="$unit" 'BEGIN {
        printf "%-22s %12.1f %12.1f %-6s %8.2fx\n", n, a / r, a / o, u, r / o }'
}

conv_q() { "$1" convert -O qcow2 src.raw out.img; }
conv_qc() {
    for _ in 1 2 3; do   # real 7.2's PBKDF calibration is flaky
        "$1" convert $SEC -O qcow2 -o encrypt.format=luks,encrypt.key-secret=sec0,encrypt.iter-time=10 \
            src.raw out.img && return 0
    done
}
"$OURS" convert -O qcow2 src.raw src.qcow2
conv_back() { "$1" convert -O raw src.qcow2 out.img; }
bench_w() {
    "$1" create -q -f qcow2 out.img 1G
    "$1" bench -w -c 20000 -s 4k -n -t none out.img
}
bench_r() { "$1" bench -c 20000 -s 4k src.qcow2; }

printf "%-22s %12s %12s %-6s %8s\n" "" "real" "ours" "unit" "ratio"
row "convert raw->qcow2" "$SIZE_MB" "MiB/s" conv_q
row "convert raw->qcow2+luks" "$SIZE_MB" "MiB/s" conv_qc
row "convert qcow2->raw" "$SIZE_MB" "MiB/s" conv_back
row "bench 4k write" 20000 "ops/s" bench_w
row "bench 4k read" 20000 "ops/s" bench_r

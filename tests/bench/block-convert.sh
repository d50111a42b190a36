#!/usr/bin/env bash
# qemu-img convert throughput, ours vs Debian's real qemu-img 7.2, side by
# side on the same machine and the same files:
#   raw -> raw, raw -> luks, luks -> raw   (default 1 GiB of random data)
# Prints MB/s (decimal megabytes of guest data per wall-clock second, the
# best of $RUNS runs) and ours/real. Not a timed test: never run by make check.
#
# usage: tests/bench/block-convert.sh [BUILD_DIR] [SIZE_MB] [RUNS]
set -eu
BUILD=$(cd "${1:-build}" && pwd)
SIZE_MB=${2:-1024}
RUNS=${3:-2}
OURS=$BUILD/qemu-img
REAL=/usr/bin/qemu-img
SEC="--object secret,id=sec0,data=bench-passphrase"
DIR=$(mktemp -d "${TMPDIR:-/var/tmp}/bench-convert.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
cd "$DIR"

echo "preparing ${SIZE_MB} MiB of random data in $DIR ..."
dd if=/dev/urandom of=src.raw bs=1M count="$SIZE_MB" status=none
# One LUKS source per tool, same parameters (each tool reads its own).
for t in ours real; do
    q=$OURS; [ $t = real ] && q=$REAL
    for _ in 1 2 3 4 5; do   # real 7.2's PBKDF calibration is flaky
        $q convert $SEC -O luks -o key-secret=sec0,iter-time=10 src.raw src-$t.luks && break
    done
done

# best wall-clock seconds of $RUNS runs of "$@"
best() {
    local b=""
    for _ in $(seq "$RUNS"); do
        rm -f out.img
        sync
        local s e
        s=$(date +%s.%N)
        "$@" >/dev/null
        e=$(date +%s.%N)
        b=$(echo "$s $e ${b:-inf}" | awk '{d=$2-$1; if ($3=="inf" || d<$3) print d; else print $3}')
    done
    rm -f out.img
    echo "$b"
}

row() {
    local name=$1; shift
    local tr to
    tr=$(best "$@" "$REAL" real)
    to=$(best "$@" "$OURS" ours)
    awk -v n="$name" -v r="$tr" -v o="$to" -v mb="$SIZE_MB" 'BEGIN {
        rm = mb * 1.048576 / r; om = mb * 1.048576 / o;
        printf "%-14s %10.1f %10.1f %8.2fx\n", n, rm, om, om / rm }'
}

conv_plain() { "$1" convert -O raw src.raw out.img; }
conv_enc() { "$1" convert $SEC -O luks -o key-secret=sec0,iter-time=10 src.raw out.img; }
conv_dec() {
    "$1" convert $SEC --image-opts driver=luks,key-secret=sec0,file.filename=src-$2.luks \
        -O raw out.img
}
run_plain() { conv_plain "$1"; }
run_enc() { conv_enc "$1"; }
run_dec() { conv_dec "$1" "$2"; }

printf "%-14s %10s %10s %9s\n" "convert" "real MB/s" "ours MB/s" "ratio"
row "raw -> raw" run_plain
row "raw -> luks" run_enc
row "luks -> raw" run_dec

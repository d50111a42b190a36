#!/bin/sh
# AES-XTS throughput of the qcrypto API next to gnutls's own figure,
# both measured in this run on this machine (one core each).
#
# Usage: tests/bench/crypto-xts.sh [BUILD_DIR] [SECONDS]
#   BUILD_DIR defaults to ./build; SECONDS per figure defaults to 1.
# Goal: qcrypto's 512-byte-sector figure >= 50% of gnutls-cli's.
set -e

build=${1:-build}
seconds=${2:-1}
bench="$build/tests/bench/crypto-xts"

if [ ! -x "$bench" ]; then
    echo "error: $bench not found; build it with ninja -C $build" >&2
    exit 1
fi
if ! command -v gnutls-cli >/dev/null 2>&1; then
    echo "error: gnutls-cli not found (package gnutls-bin)" >&2
    exit 1
fi

ours=$("$bench" "$seconds")
theirs=$(gnutls-cli --benchmark-ciphers 2>&1 | grep -E '^ *AES-(128|256)-XTS ')

# gnutls-cli prints "AES-256-XTS 6.18 GB/sec" (or MB/sec)
gnutls_gbs() {
    echo "$theirs" | awk -v c="$1" '$1 == c {
        v = $2; if ($3 ~ /^MB/) v = v / 1000; printf "%.2f", v }'
}

pct() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }'
}

printf '%-12s %6s %8s %8s %8s %10s %10s %9s %9s %9s\n' cipher sector \
    qcrypto qcr-dec nettle gnutls-cli gnutls16k gnutls-sec vs-cli vs-16k
echo "$ours" | while read -r name sector enc dec nettle raw rawsec unit backend; do
    enc=${enc#encrypt=}
    dec=${dec#decrypt=}
    nettle=${nettle#nettle=}
    raw=${raw#gnutls16k=}
    rawsec=${rawsec#gnutls-sector=}
    ref=$(gnutls_gbs "$name")
    printf '%-12s %6s %8s %8s %8s %10s %10s %9s %9s %9s\n' "$name" "$sector" \
        "$enc" "$dec" "$nettle" "${ref:-n/a}" "$raw" "$rawsec" \
        "$(pct "$enc" "$ref")" "$(pct "$enc" "$raw")"
done
echo "(GB/s. qcrypto/qcr-dec: this tree's qcrypto_cipher API, encrypt/decrypt,"
echo " one XTS data unit per sector with its plain64 IV, thread CPU time;"
echo " nettle: nettle 3.8 XTS as QEMU 7.2 uses it; gnutls-cli: gnutls-cli"
echo " --benchmark-ciphers in this run (wall clock, 16 KiB per call);"
echo " gnutls16k: gnutls's API on 16 KiB units in-process, thread CPU time;"
echo " gnutls-sec: gnutls's API called once per sector (no qcrypto layer)."
echo " vs-cli/vs-16k: qcrypto encrypt as a share of each. Goal: >= 50% at 512.)"
echo " load average: $(cut -d' ' -f1-3 /proc/loadavg)"

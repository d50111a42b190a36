#!/bin/sh
# 'make bench': every benchmark of tests/bench/, ours next to real QEMU 7.2
# (Debian's qemu-utils and qemu-user) measured in the same run on this
# machine. Prints figures and ratios; never fails on speed.
set -e
build=$(cd "${1:-build}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)

# The reference binaries are needed only here, not by 'make check'.
if [ "$(id -u)" = 0 ] && ! dpkg-query -W -f='${db:Status-Status}' qemu-user 2>/dev/null | grep -q '^installed$'; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-user >/dev/null
fi

echo "== AES-XTS throughput (qcrypto vs gnutls-cli --benchmark-ciphers)"
sh "$src/tests/bench/crypto-xts.sh" "$build"
echo
echo "== TCG translation speed"
"$build/tests/bench/tcg-translate" 2
echo
echo "== qemu-img convert, ours vs real qemu-img 7.2 (${BENCH_CONVERT_MB:-1024} MiB)"
bash "$src/tests/bench/block-convert.sh" "$build" "${BENCH_CONVERT_MB:-1024}"
echo
echo "== qemu-x86_64, ours vs real qemu-x86_64 7.2 vs native"
python3 "$src/tests/bench/x86_64-bench.py" --qemu "$build/qemu-x86_64"

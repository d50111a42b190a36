#!/bin/sh
# Installs every Debian 12 package the build and the test suites need.
# Quick and silent when everything is already present.
set -e

PACKAGES="build-essential pkg-config meson ninja-build python3 clang \
libglib2.0-dev libpixman-1-dev zlib1g-dev libfdt-dev libaio-dev \
libgnutls28-dev nettle-dev gnutls-bin libsdl2-dev libcapstone-dev \
qemu-utils cryptsetup-bin busybox-static keyutils"

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    if [ "$status" != "installed" ]; then
        missing="$missing $p"
    fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "install-deps: missing packages:$missing" >&2
    echo "install-deps: run as root: apt-get install -y$missing" >&2
    exit 1
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null

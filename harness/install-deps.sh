#!/bin/sh
# Install what the pipeline needs on a Debian 12 machine, only if missing.
set -eu

pkgs="linux-source-6.12 qemu-system-x86 qemu-utils busybox-static trace-cmd ccache
gcc make bc bison flex libelf-dev libssl-dev cpio xz-utils gzip kmod perl python3
valgrind clang libclang-rt-14-dev gcc-riscv64-linux-gnu shellcheck util-linux
python3-docutils"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: need root to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing

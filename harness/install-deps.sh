#!/bin/sh
# Install what the pipeline needs on a Debian 12 machine, only if missing.
set -eu

pkgs="linux-source-6.12 qemu-system-x86 qemu-utils busybox-static trace-cmd ccache
gcc make bc bison flex libelf-dev libssl-dev cpio xz-utils gzip kmod perl python3
valgrind clang libclang-rt-14-dev gcc-riscv64-linux-gnu shellcheck util-linux
python3-docutils"
# The RISC-V tier (harness/riscv-check.sh): QEMU's riscv64 machines, their
# firmware and device tree compiler, the cross C library for a static
# busybox built from source.
pkgs="$pkgs qemu-system-misc opensbi device-tree-compiler libc6-dev-riscv64-cross dpkg-dev file"

# Debian 12 ships no riscv64 binary packages: busybox for the riscv64 guest
# is built from its source package, which needs a deb-src line for the
# Debian archive this machine is configured with.
deb_src=/etc/apt/sources.list.d/irqtest-deb-src.list
need_update=0
debian_uri() {
	{
		cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
			awk '/^URIs:/ { uri = $2 } /^Suites:.* bookworm( |$)/ && uri { print uri; exit }'
		cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			awk '$1 == "deb" && / bookworm / { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z+]+:\/\//) { print $i; exit } }'
	} | head -n 1
}
if [ "$(id -u)" -eq 0 ] && ! apt-cache showsrc busybox 2>/dev/null | grep -q '^Package:'; then
	if [ ! -f "$deb_src" ]; then
		uri=$(debian_uri)
		[ -n "$uri" ] || { echo "install-deps: no Debian bookworm archive in the apt sources" >&2; exit 1; }
		echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri bookworm main" > "$deb_src"
	fi
	need_update=1
fi

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

if [ -z "$missing" ]; then
	[ "$need_update" = 1 ] && apt-get update -q
	exit 0
fi

echo "install-deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: need root to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing

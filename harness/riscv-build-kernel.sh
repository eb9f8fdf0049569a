#!/bin/sh
# Cross-compile a riscv64 Image of one variant (ours|base|fixes) with Debian's
# gcc-riscv64-linux-gnu. Config: tinyconfig plus configs/riscv.config
# (+ configs/riscv-ours.config for our variant); fails naming every
# fragment line that did not survive olddefconfig. The tree is the one the
# x86 build uses (harness/prepare-tree.sh); objects go to its out-riscv/.
# Run it under "flock /tmp/kbuild.lock": one kernel build at a time.
#   riscv-build-kernel.sh VARIANT
set -eu

variant=${1:?usage: riscv-build-kernel.sh ours|base|fixes}
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/build/$variant/src
out="out-riscv"
obj=$src/$out
cross=riscv64-linux-gnu-

export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-10G}"
export KBUILD_BUILD_TIMESTAMP="2026-01-01"
export KBUILD_BUILD_USER=irqtest KBUILD_BUILD_HOST=irqtest

fragments="$top/configs/riscv.config"
[ "$variant" = ours ] && fragments="$fragments $top/configs/riscv-ours.config"

kmake() {
	nice -n 10 make -s -C "$src" O="$out" ARCH=riscv CROSS_COMPILE="$cross" \
		CC="ccache ${cross}gcc" HOSTCC="ccache gcc" "$@"
}

configure() {
	# shellcheck disable=SC2086
	hash=$(cat "$src/kernel/configs/tiny.config" $fragments | sha256sum | cut -d' ' -f1)
	[ -f "$obj/.config" ] && [ -f "$obj/.fragments.hash" ] &&
		[ "$(cat "$obj/.fragments.hash")" = "$hash" ] && return 0
	mkdir -p "$obj"
	# shellcheck disable=SC2086
	cat "$src/kernel/configs/tiny.config" $fragments > "$obj/.fragments.all"
	kmake KCONFIG_ALLCONFIG="$obj/.fragments.all" allnoconfig > /dev/null
	kmake olddefconfig > /dev/null
	# shellcheck disable=SC2086
	"$top/harness/verify-config.sh" "$obj/.config" $fragments
	echo "$hash" > "$obj/.fragments.hash"
}

command -v "${cross}gcc" > /dev/null || {
	echo "riscv-build-kernel: ${cross}gcc missing (harness/install-deps.sh)" >&2
	exit 1
}
start=$(date +%s)
"$top/harness/prepare-tree.sh" "$variant"
configure
echo "riscv-build-kernel: $variant: building with $(nproc) jobs"
kmake -j"$(nproc)" Image
echo "riscv-build-kernel: $obj/arch/riscv/boot/Image"
echo "riscv-build-kernel: built in $(($(date +%s) - start))s"

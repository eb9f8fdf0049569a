#!/bin/sh
# Build a static riscv64 busybox from Debian's busybox source package with
# the cross compiler, with the configuration of Debian's busybox-static.
# Built once: the result is cached as build/riscv/busybox (its applet list
# as build/riscv/busybox.links) and rebuilt only when the source version or
# this script changes.
#   riscv-busybox.sh        prints the path of the binary on its last line
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
dir=$top/build/riscv
bin=$dir/busybox
cross=riscv64-linux-gnu-

die() { echo "riscv-busybox: $*" >&2; exit 1; }

command -v "${cross}gcc" > /dev/null || die "${cross}gcc missing (harness/install-deps.sh)"
version=$(apt-cache showsrc busybox 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -n 1)
[ -n "$version" ] || die "no busybox source package known to apt (deb-src line: harness/install-deps.sh)"
stamp="$version $(sha256sum "$0" | cut -d' ' -f1)"

if [ -x "$bin" ] && [ -f "$bin.stamp" ] && [ "$(cat "$bin.stamp")" = "$stamp" ]; then
	echo "$bin"
	exit 0
fi

start=$(date +%s)
work=$dir/busybox-src
rm -rf "$work"
mkdir -p "$work"
echo "riscv-busybox: fetching busybox $version source" >&2
(cd "$work" && apt-get source -q "busybox=$version" > source.log 2>&1) ||
	die "apt-get source busybox failed (log: $work/source.log)"
srcdir=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'busybox-*' | head -n 1)
[ -n "$srcdir" ] || die "no unpacked source in $work"

# Debian's busybox-static configuration, cross-compiled and static.
cp "$srcdir/debian/config/pkg/static" "$srcdir/.config"
sed -i -e "s|^CONFIG_CROSS_COMPILER_PREFIX=.*|CONFIG_CROSS_COMPILER_PREFIX=\"$cross\"|" \
	-e 's|^# CONFIG_STATIC is not set|CONFIG_STATIC=y|' "$srcdir/.config"
bbmake() {
	nice -n 10 make -C "$srcdir" CROSS_COMPILE="$cross" "$@"
}
echo "riscv-busybox: building (log: $work/build.log)" >&2
if ! { yes '' | bbmake oldconfig && bbmake -j"$(nproc)" busybox busybox.links; } > "$work/build.log" 2>&1; then
	tail -n 20 "$work/build.log" >&2
	die "build failed (log: $work/build.log)"
fi
file "$srcdir/busybox" | grep -q 'RISC-V.*statically linked' ||
	die "$srcdir/busybox is not a static RISC-V binary: $(file "$srcdir/busybox")"
sed -n 's,^.*/,,p' "$srcdir/busybox.links" > "$bin.links"
cp "$srcdir/busybox" "$bin.tmp"
mv "$bin.tmp" "$bin"
echo "$stamp" > "$bin.stamp"
echo "riscv-busybox: built in $(($(date +%s) - start))s" >&2
echo "$bin"

#!/bin/sh
# Build the guest initramfs: busybox-static, trace-cmd with its libraries,
# our init, the in-guest tests and any test modules given.
#   make-initramfs.sh OUTPUT.cpio.gz [MODULE.ko|MODULE_DIR ...]
set -eu

out=${1:?usage: make-initramfs.sh OUTPUT.cpio.gz [MODULE.ko ...]}
shift
top=$(cd "$(dirname "$0")/.." && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

die() {
	echo "make-initramfs: $*" >&2
	exit 1
}

mkdir -p "$stage/bin" "$stage/sbin" "$stage/usr/bin" "$stage/usr/sbin" \
	"$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp" "$stage/mnt" \
	"$stage/etc" "$stage/root" "$stage/tests"

cp /bin/busybox "$stage/bin/busybox"
for applet in $(/bin/busybox --list); do
	[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
done

# trace-cmd and the shared objects it needs, at their host paths.
copy_with_libs() {
	mkdir -p "$stage$(dirname "$1")"
	cp -L "$1" "$stage$1"
	ldd "$1" | sed -n 's,.*=> \(/[^ ]*\).*,\1,p; s,^\s*\(/[^ ]*\) .*,\1,p' |
	while read -r lib; do
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
}
copy_with_libs /usr/bin/trace-cmd

cp "$top/harness/guest/init" "$stage/init"
chmod +x "$stage/init"
cp "$top"/harness/guest/*.sh "$stage/tests/"
if [ -d "$top/tools/testing/selftests/irq_vectors" ]; then
	mkdir -p "$stage/tests/irq_vectors"
	cp -r "$top/tools/testing/selftests/irq_vectors/." "$stage/tests/irq_vectors/"
fi
chmod +x "$stage"/tests/*.sh
mkdir -p "$stage/lib/modules"
# Test modules: .ko files, or directories whose .ko files are all taken.
for module in "$@"; do
	if [ -d "$module" ]; then
		cp "$module"/*.ko "$stage/lib/modules/"
	elif [ -f "$module" ]; then
		cp "$module" "$stage/lib/modules/"
	else
		die "no module $module"
	fi
done

"$top/harness/pack-initramfs.sh" "$stage" "$out"

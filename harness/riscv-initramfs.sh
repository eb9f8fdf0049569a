#!/bin/sh
# Build the riscv64 guest initramfs: the cross-built static busybox
# (harness/riscv-busybox.sh), the guest's /init and the in-guest tests
# (harness/guest/*.sh and tools/testing/selftests/irq_vectors, whose
# library the IMSIC tests build on).
#   riscv-initramfs.sh OUTPUT.cpio.gz BUSYBOX   (BUSYBOX.links lists its applets)
set -eu

out=${1:?usage: riscv-initramfs.sh OUTPUT.cpio.gz BUSYBOX}
busybox=${2:?usage: riscv-initramfs.sh OUTPUT.cpio.gz BUSYBOX}
top=$(cd "$(dirname "$0")/.." && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage/bin" "$stage/sbin" "$stage/usr/bin" "$stage/usr/sbin" \
	"$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp" "$stage/mnt" \
	"$stage/etc" "$stage/root" "$stage/tests/irq_vectors"

cp "$busybox" "$stage/bin/busybox"
# The applet list of this build (the binary cannot run on the host).
[ -s "$busybox.links" ] || { echo "riscv-initramfs: no $busybox.links" >&2; exit 1; }
while read -r applet; do
	[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
done < "$busybox.links"

cp "$top/harness/guest/init" "$stage/init"
chmod +x "$stage/init"
cp "$top"/harness/guest/*.sh "$stage/tests/"
cp "$top"/tools/testing/selftests/irq_vectors/*.sh "$stage/tests/irq_vectors/"
chmod +x "$stage"/tests/*.sh

"$top/harness/pack-initramfs.sh" "$stage" "$out"

#!/bin/sh
# Pack a staged root directory into a gzip-compressed newc cpio archive,
# one step at a time: POSIX sh has no pipefail and a pipeline's status is
# its last command's, so a failing find or cpio would go unseen in
# "find | cpio | gzip". OUTPUT appears only when every step succeeded.
#   pack-initramfs.sh STAGE_DIR OUTPUT.cpio.gz
set -eu

stage=${1:?usage: pack-initramfs.sh STAGE_DIR OUTPUT.cpio.gz}
out=${2:?usage: pack-initramfs.sh STAGE_DIR OUTPUT.cpio.gz}
work=$(mktemp -d)
trap 'rm -rf "$work" "$out.tmp"' EXIT

die() {
	echo "pack-initramfs: $*" >&2
	exit 1
}

(cd "$stage" && find .) > "$work/list" || die "find failed"
LC_ALL=C sort "$work/list" > "$work/sorted" || die "sort failed"
(cd "$stage" && cpio -o -H newc --quiet -R 0:0) < "$work/sorted" > "$work/cpio" ||
	die "cpio failed"
gzip -1 -c "$work/cpio" > "$out.tmp" || die "gzip failed"
mv "$out.tmp" "$out"

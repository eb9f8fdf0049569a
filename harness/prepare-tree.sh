#!/bin/sh
# Lay out build/<variant>/src: the pristine base tree, and for "ours" our files
# copied over it and patches/ applied. Incremental: only files whose content
# changed are rewritten, so kbuild rebuilds only what depends on them.
set -eu

variant=${1:?usage: prepare-tree.sh ours|base}
top=$(cd "$(dirname "$0")/.." && pwd)
tarball=/usr/src/linux-source-6.12.tar.xz
build=$top/build
pristine=$build/pristine/linux-source-6.12
src=$build/$variant/src
state=$build/$variant/state
overlay_dirs="arch block drivers Documentation fs include init kernel lib mm net tools virt"

die() { echo "prepare-tree: $*" >&2; exit 1; }

extract_pristine() {
	stamp=$build/pristine/.stamp
	want=$(stat -c '%s %Y' "$tarball")
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
	echo "prepare-tree: extracting $tarball"
	rm -rf "$build/pristine"
	mkdir -p "$build/pristine"
	tar -xJf "$tarball" -C "$build/pristine"
	echo "$want" > "$stamp"
}

# Put file $1 (relative) back to its pristine content, or remove it.
restore() {
	rm -f "$src/$1"
	if [ -e "$pristine/$1" ]; then
		cp -p "$pristine/$1" "$src/$1"
	fi
}

# Copy $2 to $src/$1 when the content differs (breaks any hard link).
install_file() {
	if ! cmp -s "$2" "$src/$1"; then
		mkdir -p "$(dirname "$src/$1")"
		rm -f "$src/$1"
		cp "$2" "$src/$1"
		echo "  OVERLAY $1"
	fi
}

overlay_files() {
	cd "$top"
	# shellcheck disable=SC2086
	git ls-files -co --exclude-standard -- $overlay_dirs | while read -r f; do
		[ -f "$f" ] && echo "$f"
	done
	cd - >/dev/null
}

patched_files() {
	[ -f "$top/patches/series" ] || return 0
	grep -v '^\s*#' "$top/patches/series" | while read -r p; do
		[ -n "$p" ] || continue
		sed -n 's,^+++ b/\([^\t ]*\).*,\1,p' "$top/patches/$p"
	done
}

patches_hash() {
	[ -f "$top/patches/series" ] || { echo none; return 0; }
	(cat "$top/patches/series"
	 grep -v '^\s*#' "$top/patches/series" | while read -r p; do
		[ -n "$p" ] && cat "$top/patches/$p"
	 done) | sha256sum | cut -d' ' -f1
}

apply_patches() {
	grep -v '^\s*#' "$top/patches/series" | while read -r p; do
		[ -n "$p" ] || continue
		echo "  PATCH $p"
		patch -s -p1 -d "$src" --no-backup-if-mismatch < "$top/patches/$p" ||
			die "patch $p does not apply"
	done
}

extract_pristine
mkdir -p "$state"
if [ ! -f "$src/Makefile" ]; then
	echo "prepare-tree: creating $src"
	rm -rf "$src"
	mkdir -p "$(dirname "$src")"
	cp -al "$pristine" "$src"
	: > "$state/overlay.list"
	: > "$state/patched.list"
	echo none > "$state/patches.hash"
fi

[ "$variant" = base ] && exit 0
[ "$variant" = ours ] || die "unknown variant $variant"

# Patches: when the series changed, restore what the old one touched and
# apply the new one to pristine copies.
new_hash=$(patches_hash)
if [ "$new_hash" != "$(cat "$state/patches.hash")" ]; then
	while read -r f; do restore "$f"; done < "$state/patched.list"
	patched_files | sort -u > "$state/patched.list"
	while read -r f; do restore "$f"; done < "$state/patched.list"
	[ -f "$top/patches/series" ] && apply_patches
	echo "$new_hash" > "$state/patches.hash"
fi

# Overlay: files that left the overlay go back to pristine.
overlay_files | sort > "$state/overlay.new"
comm -23 "$state/overlay.list" "$state/overlay.new" | while read -r f; do
	echo "  RESTORE $f"
	restore "$f"
done
while read -r f; do install_file "$f" "$top/$f"; done < "$state/overlay.new"
mv "$state/overlay.new" "$state/overlay.list"

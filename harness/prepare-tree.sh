#!/bin/sh
# Lay out build/<variant>/src: the pristine base tree, and for "ours" our files
# copied over it and patches/ applied. Incremental: only files whose content
# changed are rewritten, so kbuild rebuilds only what depends on them.
# "fixes" is the pristine tree with only the fixes of patches/fixes applied
# (the head of the series, for stable): no file of ours.
# "mutant" is laid out like "ours" (harness/mutants.sh patches it, and this
# script puts every file whose content differs from the repo back).
set -eu

variant=${1:?usage: prepare-tree.sh ours|base|fixes|mutant}
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
		cp "$pristine/$1" "$src/$1"
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

# With STAGED=1, work in staging/ (same layout: files at kernel paths and
# staging/patches/series) joins the overlay, on top of the rest.
staged() {
	[ "${STAGED:-0}" = 1 ]
}

overlay_files() {
	cd "$top"
	# shellcheck disable=SC2086
	git ls-files -co --exclude-standard -- $overlay_dirs | while read -r f; do
		[ -f "$f" ] && echo "$f"
	done
	if staged; then
		git ls-files -co --exclude-standard -- staging | sed 's,^staging/,,' |
			grep -v -e '^patches/' -e '^README' -e '^staged.config'
	fi
	cd - >/dev/null
}

source_of() {
	if staged && [ -f "$top/staging/$1" ]; then
		echo "$top/staging/$1"
	else
		echo "$top/$1"
	fi
}

# Every patch to apply, as a path, in order. The fixes variant takes only
# the patches patches/fixes lists.
series_entries() {
	if [ "$variant" = fixes ]; then
		grep -v '^\s*#' "$top/patches/series" | while read -r p; do
			if [ -n "$p" ] && fixes_list | grep -qxF "$p"; then
				echo "$top/patches/$p"
			fi
		done
		return 0
	fi
	for dir in patches $(staged && echo staging/patches); do
		[ -f "$top/$dir/series" ] || continue
		grep -v '^\s*#' "$top/$dir/series" | while read -r p; do
			[ -n "$p" ] && echo "$top/$dir/$p"
		done
	done
}

# The patches of patches/fixes, one a line.
fixes_list() {
	awk '!/^[[:space:]]*(#|$)/ { print $2 }' "$top/patches/fixes"
}

patched_files() {
	series_entries | while read -r p; do
		sed -n 's,^+++ b/\([^\t ]*\).*,\1,p' "$p"
	done
}

patches_hash() {
	entries=$(series_entries)
	[ -n "$entries" ] || { echo none; return 0; }
	(echo "$entries"
	 echo "$entries" | while read -r p; do cat "$p"; done) | sha256sum | cut -d' ' -f1
}

# Apply the whole series to pristine copies of the files it touches in
# directory $1.
apply_patches_in() {
	patched_files | sort -u | while read -r f; do
		[ -e "$pristine/$f" ] || continue
		mkdir -p "$1/$(dirname "$f")"
		cp "$pristine/$f" "$1/$f"
	done
	series_entries | while read -r p; do
		echo "  PATCH ${p#"$top"/}"
		patch -s -p1 -d "$1" --no-backup-if-mismatch < "$p" ||
			die "patch ${p#"$top"/} does not apply"
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
case $variant in
ours|mutant|fixes) ;;
*) die "unknown variant $variant" ;;
esac

# Patches: when the series changed, apply the new one to pristine copies
# aside, then rewrite only the files whose content changes, so kbuild
# rebuilds only what depends on them. Files the old series touched and the
# new one does not go back to pristine.
new_hash=$(patches_hash)
if [ "$new_hash" != "$(cat "$state/patches.hash")" ]; then
	staged_tree=$(mktemp -d)
	apply_patches_in "$staged_tree"
	patched_files | sort -u > "$state/patched.new"
	comm -23 "$state/patched.list" "$state/patched.new" | while read -r f; do
		cmp -s "$pristine/$f" "$src/$f" || { echo "  RESTORE $f"; restore "$f"; }
	done
	overlay_files | sort -u > "$state/owned.list"
	while read -r f; do
		# A file of ours is replaced whole below.
		[ "$variant" != fixes ] && grep -qxF "$f" "$state/owned.list" && continue
		install_file "$f" "$staged_tree/$f"
	done < "$state/patched.new"
	rm -rf "$staged_tree"
	mv "$state/patched.new" "$state/patched.list"
	echo "$new_hash" > "$state/patches.hash"
fi

[ "$variant" = fixes ] && exit 0

# Overlay: files that left the overlay go back to pristine.
overlay_files | sort -u > "$state/overlay.new"
comm -23 "$state/overlay.list" "$state/overlay.new" | while read -r f; do
	echo "  RESTORE $f"
	restore "$f"
done
while read -r f; do install_file "$f" "$(source_of "$f")"; done < "$state/overlay.new"
mv "$state/overlay.new" "$state/overlay.list"

#!/bin/sh
# Every patch of the posted series builds on its own, and the whole series
# boots. Applies build/series/out (make series) one patch at a time with
# git am to a pristine tree in build/series-check/src, builds the x86 test
# kernel (tinyconfig + configs/base.config + configs/ours.config, as
# harness/build-kernel.sh does) after each patch, names the patch that
# broke the build, then boots the last kernel once (q35-iommu, tests
# "boot") and judges it as check.sh does. Prints a result line per check,
# then "N passed, N failed" alone on the last line; exits 1 on a failure.
#   series-check.sh
#
# The git repository of the tree lives outside it (build/series-check/git)
# and tracks only the files the series touches: the tree itself is a hard
# link copy of build/pristine, and git replaces a file rather than write
# into it. Objects go to src/out, directly inside the tree like the
# variants' (harness/prepare-tree.sh), so compiler command lines are the
# same and ccache shares their objects. Only one kernel build runs at a
# time on this machine: each build step holds /tmp/kbuild.lock and runs
# under nice -n 10.
#
# A patch touching only documentation, tools/testing/ or MAINTAINERS
# leaves the kernel build as it was: it is applied, and not rebuilt.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
pristine=$top/build/pristine/linux-source-6.12
dir=$top/build/series-check
src=$dir/src
series=$top/build/series/out
runs=$dir/runs
kunit_suites="irq_matrix x86_vector"
# Paths kbuild does not read for the test kernel.
no_kbuild='^(Documentation/.*\.(rst|txt)|tools/testing/.*|MAINTAINERS)$'

export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-10G}"
export KBUILD_BUILD_TIMESTAMP="2026-01-01"
export KBUILD_BUILD_USER=irqtest KBUILD_BUILD_HOST=irqtest
export GIT_AUTHOR_NAME="Kernel Team" GIT_AUTHOR_EMAIL=team@example.org
export GIT_COMMITTER_NAME="Kernel Team" GIT_COMMITTER_EMAIL=team@example.org
export GIT_AUTHOR_DATE=2026-11-25T00:00:00Z GIT_COMMITTER_DATE=2026-11-25T00:00:00Z

die() { echo "series-check: $*" >&2; exit 2; }

g() {
	git --git-dir="$dir/git" --work-tree="$src" "$@"
}

kmake() {
	make -s -C "$src" O=out ARCH=x86_64 CC="ccache gcc" HOSTCC="ccache gcc" "$@"
}

# Every config symbol some Kconfig file of the tree defines, one a line.
defined_symbols() {
	grep -rhoE --include='Kconfig*' '^[[:space:]]*(menu)?config[[:space:]]+[A-Za-z0-9_]+' \
		"$src" | awk '{ print "CONFIG_" $2 }' | sort -u
}

# build_one LOG: configure and build the tree as it is now. A fragment line
# whose symbol no Kconfig file defines yet (a later patch adds it) is left
# out of the config and of the check; every other line must survive
# olddefconfig as written. Runs under flock and nice, see below.
build_one() {
	log=$1
	date +%s > "$log.start"
	frags=$dir/fragments
	rm -rf "$frags"
	mkdir -p "$frags" "$src/out"
	defined_symbols > "$dir/symbols"
	for frag in "$top/configs/base.config" "$top/configs/ours.config"; do
		name=$(basename "$frag")
		while IFS= read -r line; do
			sym=$(echo "$line" | sed -nE 's/^(# )?(CONFIG_[A-Za-z0-9_]+)[= ].*/\2/p')
			if [ -n "$sym" ] && ! grep -qxF "$sym" "$dir/symbols"; then
				echo "$name: $sym is not defined at this patch, left out" >> "$log"
				continue
			fi
			echo "$line"
		done < "$frag" > "$frags/$name"
	done
	cat "$src/kernel/configs/tiny.config" "$src/arch/x86/configs/tiny.config" \
		"$frags/base.config" "$frags/ours.config" > "$src/out/.fragments.all"
	kmake KCONFIG_ALLCONFIG="$src/out/.fragments.all" allnoconfig >> "$log" 2>&1
	kmake olddefconfig >> "$log" 2>&1
	bad=0
	for frag in "$frags/base.config" "$frags/ours.config"; do
		name=${frag##*/}
		while IFS= read -r want; do
			case $want in
			CONFIG_*=*) ;;
			"# CONFIG_"*" is not set") ;;
			*) continue ;;
			esac
			sym=$(echo "$want" | sed -E 's/^# //; s/[= ].*//')
			case $want in
			"# "*) grep -q "^$sym=" "$src/out/.config" || continue ;;
			esac
			if ! grep -qxF "$want" "$src/out/.config"; then
				got=$(grep -E "^$sym=|^# $sym is not set" "$src/out/.config" || echo "$sym absent")
				echo "$name: '$want' did not survive olddefconfig (got: $got)" >> "$log"
				bad=1
			fi
		done < "$frag"
	done
	[ "$bad" = 0 ] || return 1
	kmake -j"$(nproc)" bzImage modules >> "$log" 2>&1
}

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
finish() {
	echo "series-check: $(($(date +%s) - start))s"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ] && exit 0
	exit 1
}
tally() {
	while IFS= read -r line; do
		case $line in
		"PASS: "*) pass "${line#PASS: }" ;;
		"FAIL: "*) fail "${line#FAIL: }" ;;
		"SKIP: "*) fail "${line#SKIP: } (skipped)" ;;
		"KNOWN-BASE-FAILURE: "*) fail "${line#KNOWN-BASE-FAILURE: }" ;;
		esac
	done
}

# The whole run is one function, so editing this file while it runs is safe.
main() {
	start=$(date +%s)
	[ -f "$pristine/Makefile" ] || die "no $pristine: run make series first"
	# A copy of the mails: make series may rewrite build/series/out meanwhile.
	rm -rf "$dir/mails"
	mkdir -p "$dir/mails" "$runs"
	find "$series" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' \
		-exec cp {} "$dir/mails/" \; 2>/dev/null || true
	mails=$(find "$dir/mails" -name '*.patch' | sort)
	[ -n "$mails" ] || die "no patches in $series: run make series first"
	total=$(echo "$mails" | wc -l)

	# Files the series touches, and the tree at base: the pristine tree,
	# hard-linked, with a repository tracking those files.
	echo "$mails" | while read -r mail; do
		sed -n 's,^diff --git a/[^ ]* b/,,p' "$mail"
	done | sort -u > "$dir/touched"
	# The pristine tree must come out of the check as it went in.
	(cd "$pristine" && xargs sha256sum < "$dir/touched" 2>/dev/null) > "$dir/pristine.sums" || true
	if [ ! -f "$src/Makefile" ] || [ ! -d "$dir/git" ]; then
		echo "series-check: laying out $src"
		rm -rf "$src" "$dir/git"
		cp -al "$pristine" "$src"
		git init -q --bare "$dir/git"
		g config core.bare false
		g commit -q --allow-empty -m "base: linux-source-6.12"
		g tag base
	fi
	g am --abort > /dev/null 2>&1 || true
	g reset -q --hard base
	# Files a new version of the series touches for the first time join base.
	g ls-files | sort > "$dir/tracked"
	new=$(comm -23 "$dir/touched" "$dir/tracked" | while read -r f; do
		if [ -e "$pristine/$f" ]; then echo "$f"; fi
	done)
	if [ -n "$new" ]; then
		# shellcheck disable=SC2086
		g add -f -- $new
		g commit -q --amend --allow-empty -m "base: linux-source-6.12"
		g tag -f base > /dev/null
	fi

	n=0 built=0
	for mail in $mails; do
		n=$((n + 1))
		subject=$(awk '/^Subject: / { s = $0; while ((getline line) > 0 && line ~ /^[ \t]/)
			s = s line; print s; exit }' "$mail" | sed 's/^Subject: \[[^]]*\] *//; s/[ \t]\{1,\}/ /g')
		label="patch $n/$total ($subject)"
		if ! out=$(g am -q "$mail" 2>&1); then
			fail "series-check: $label does not apply with git am"
			echo "$out" | head -n 10 | sed 's/^/    /'
			g am --abort > /dev/null 2>&1 || true
			finish
		fi
		rebuild=$(g diff --name-only HEAD~1 HEAD | grep -vE "$no_kbuild" || true)
		if [ -z "$rebuild" ] && [ "$built" = 1 ]; then
			pass "series-check: $label builds" \
				"(documentation, tools/testing or MAINTAINERS only: kernel build unchanged)"
			continue
		fi
		log=$dir/build-$n.log
		: > "$log"
		t0=$(date +%s)
		if flock /tmp/kbuild.lock nice -n 10 sh "$0" build-one "$log"; then
			built=1
			t1=$(cat "$log.start")
			pass "series-check: $label builds ($(($(date +%s) - t1))s," \
				"$((t1 - t0))s waiting for the build lock)"
		else
			fail "series-check: $label breaks the build (log: $log)"
			grep -vE '^ *(CC|LD|AR|AS)' "$log" | tail -n 20 | sed 's/^/    /'
			finish
		fi
	done

	if ! (cd "$pristine" && sha256sum --quiet -c "$dir/pristine.sums" > /dev/null 2>&1); then
		fail "series-check: a file of build/pristine changed under the series check"
	fi

	# Boot the last kernel once and judge it as check.sh does.
	"$top/harness/make-initramfs.sh" "$dir/initramfs.cpio.gz"
	boot=$runs/boot-q35-iommu
	rm -rf "$boot"
	"$top/harness/qemu-boot.sh" --kernel "$src/out/arch/x86/boot/bzImage" \
		--initrd "$dir/initramfs.cpio.gz" --shape q35-iommu --out "$boot" --tests boot \
		--timeout 300 --append "irqtest.variant=ours"
	name="series-check boot-q35-iommu"
	if [ "$(cat "$boot/status" 2>/dev/null)" != exited ]; then
		fail "$name: guest did not power off within its time limit (console: $boot/console.log)"
	elif ! grep -q "IRQTEST BEGIN" "$boot/results.log"; then
		fail "$name: guest never reached its tests"
	elif ! grep -q "IRQTEST END" "$boot/results.log"; then
		fail "$name: guest tests did not finish"
	else
		pass "$name: guest reached and finished its tests ($(cat "$boot/seconds")s)"
	fi
	"$top/harness/judge-results.sh" ours "$name" "$boot/results.log" > "$boot/verdicts"
	tally < "$boot/verdicts"
	if splats=$("$top/harness/scan-console.sh" "$boot/console.log"); then
		pass "$name: console clean"
	else
		fail "$name: console shows kernel reports:"
		echo "$splats" | head -n 10 | sed 's/^/    /'
	fi
	# shellcheck disable=SC2086
	"$top/harness/judge-kunit.sh" "$name" "$boot/console.log" $kunit_suites > "$boot/kunit-verdicts"
	tally < "$boot/kunit-verdicts"
	finish
}

if [ "${1:-}" = build-one ]; then
	build_one "$2"
	exit $?
fi
main "$@"

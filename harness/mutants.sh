#!/bin/sh
# Mutation testing: each harness/mutants/NN-name.patch breaks one of our
# kernel files, or a base file our patches/ change, on purpose; the suite
# must notice every one of them.
#   mutants.sh                     every mutant
#   MUTANTS="01 05 09" mutants.sh  only these (numbers or names)
# Environment: MUTANTS (filter), MUTANTS_BASELINE (1, the default: before
# the mutants, boot the unmutated kernel once per shape with every test the
# selected mutants name, which must pass; 0 skips that).
#
# A patch (unified diff, -p1 from the kernel tree root, one file: ours or
# one of patches/, as the tree has it after the series)
# starts with a header that patch ignores:
#   Fault: <class of fault>
#   Expect: <which tests should kill it>
#   Tests: shape=<qemu-boot.sh shape> tests=<guest tests, comma-separated> [timeout=<s>]
#
# The mutants are applied, one at a time, to a tree of their own,
# build/mutant/src, laid out like our variant (harness/prepare-tree.sh
# mutant, which afterwards puts the file back; build/ours is never
# touched). Checks run cheapest first and the first that fails kills the
# mutant: for kernel/irq/matrix.c the userspace harness
# (tools/testing/irq_matrix, run in the mutant tree, so it compiles the
# mutated file); then the kernel build, incremental (a mutant that does
# not build is an error, not a kill); then one boot of the mutant kernel:
# its KUnit suites (judge-kunit.sh), the guest tests of its Tests: line
# (judge-results.sh, as our variant) and the console (scan-console.sh).
# Kernel and module builds take /tmp/kbuild.lock.
#
# Writes build/mutants/report.md (a table: mutant, fault, result, the
# killing check, time) and a directory of logs per mutant. Last line:
# "N killed, N survived"; exits 1 on any survivor or error.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
patches=$top/harness/mutants
src=$top/build/mutant/src
out=$top/build/mutants
report=$out/report.md
lock=/tmp/kbuild.lock
harness_dir=$src/tools/testing/irq_matrix
kernel=$src/out/arch/x86/boot/bzImage
initrd=$top/build/mutant/initramfs-test.cpio.gz
moddir=$top/build/mutant/irqv_load-test
kunit_suites="irq_matrix x86_vector"
baseline=${MUTANTS_BASELINE:-1}
applied=""
killed=0 survived=0 errors=0

say() { echo "mutants: $*"; }

# Put the mutant tree back to our variant's content.
restore_tree() {
	# A stale series hash makes prepare-tree.sh apply patches/ again and
	# put back every patched file whose content differs.
	[ ! -d "$top/build/mutant/state" ] || echo mutated > "$top/build/mutant/state/patches.hash"
	"$top/harness/prepare-tree.sh" mutant > "$out/prepare-tree.log" 2>&1
}

cleanup() {
	if [ -n "$applied" ]; then
		applied=""
		restore_tree || say "could not restore $src (see $out/prepare-tree.log)"
	fi
}

# The header of a patch: everything before the diff.
header() {
	awk '/^(--- |diff )/ { exit } { print }' "$1"
}

# header_field PATCH NAME: the text after "NAME: " on the header line.
header_field() {
	header "$1" | sed -n "s/^$2: *//p" | head -n 1
}

# tests_field PATCH KEY: one key=value of the Tests: line.
tests_field() {
	header_field "$1" Tests | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}

# Files the patch changes, relative to the tree root.
patch_files() {
	sed -n 's,^+++ b/\([^\t ]*\).*,\1,p' "$1"
}

selected() {
	[ -z "${MUTANTS:-}" ] && return 0
	name=$(basename "$1" .patch)
	for want in $MUTANTS; do
		case $want in
		"$name" | "${name%%-*}" | "$name.patch") return 0 ;;
		esac
	done
	return 1
}

md_escape() {
	sed 's/|/\\|/g' | tr -d '\r' | tr '\n' ' ' | sed 's/  */ /g; s/ $//' | cut -c1-300
}

# record NAME RESULT CHECK SECONDS PATCH: one row of the report.
record() {
	fault=$(header_field "$5" Fault | md_escape)
	check=$(printf '%s' "$3" | md_escape)
	printf '| %s | %s | %s | %s | %ss |\n' "$1" "$fault" "$2" "$check" "$4" >> "$out/rows.md"
	case $2 in
	KILLED) killed=$((killed + 1)); echo "KILLED: $1 (${4}s): $3" ;;
	SURVIVED)
		survived=$((survived + 1))
		echo "SURVIVED: $1 (${4}s): no check failed. Fault: $(header_field "$5" Fault)"
		echo "SURVIVED: $1: expected to be killed by: $(header_field "$5" Expect)" ;;
	*) errors=$((errors + 1)); echo "ERROR: $1 (${4}s): $3" ;;
	esac
}

# run_harness LOG: the userspace harness on the mutant tree's matrix.c.
# Prints the failing check and returns 0 when it fails the mutant, returns
# 1 when it passes, 2 when it cannot be built with the mutant.
run_harness() {
	if ! make --no-print-directory -C "$harness_dir" build/irq_matrix_test > "$1" 2>&1; then
		return 2
	fi
	make --no-print-directory -C "$harness_dir" check >> "$1" 2>&1
	rc=$?
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	nfail=$(echo "$summary" | sed -n 's/^[0-9]* passed, \([0-9]*\) failed.*/\1/p')
	if [ "$rc" -eq 0 ] && [ "${nfail:-1}" = 0 ]; then
		return 1
	fi
	# A failing test prints "    func:line: condition: message" (the
	# message may go on for lines), then "FAIL name".
	first=$(awk '/^(ok  |FAIL )/ { if ($1 == "FAIL") { print $0 ": " d; exit } d = ""; next }
		/^    [a-z_0-9]+:[0-9]+: / && d == "" { d = $0; sub(/^ +/, "", d) }' "$1")
	if [ -n "$first" ]; then
		echo "harness: $first"
	elif line=$(grep -m 1 -E 'ERROR: AddressSanitizer|runtime error|Sanitizer' "$1"); then
		echo "harness: aborted: $line"
	else
		echo "harness: make check exited $rc without a summary"
	fi
	return 0
}

# build_kernel LOG: the mutant tree's test kernel, under the build lock.
build_kernel() {
	flock "$lock" "$top/harness/build-kernel.sh" mutant test > "$1" 2>&1
}

# The test module and initramfs for the mutant kernels. Every mutant
# kernel has the same release and config, so the module (whose vermagic
# is all it takes from the kernel) is built once against the unmutated
# tree; guest_ready rebuilds it if a kernel's release differs.
build_guest() {
	mod=$(flock "$lock" "$top/harness/build-module.sh" mutant test 2>> "$1") || return 1
	"$top/harness/make-initramfs.sh" "$initrd" "$(echo "$mod" | tail -n 1)" >> "$1" 2>&1
}

guest_ready() {
	release=$(cat "$src/out/include/config/kernel.release" 2>/dev/null)
	magic=$(modinfo -F vermagic "$moddir/irqv_load.ko" 2>/dev/null)
	[ -n "$release" ] && [ -f "$initrd" ] && [ "${magic%% *}" = "$release" ] && return 0
	build_guest "$1"
}

# boot_and_judge NAME DIR SHAPE TESTS TIMEOUT: boot the mutant tree's
# kernel and print every FAIL verdict, KUnit first, then the guest's
# results, the console and whether the guest finished.
boot_and_judge() {
	rm -rf "$2"
	"$top/harness/qemu-boot.sh" --kernel "$kernel" --initrd "$initrd" --shape "$3" \
		--out "$2" --tests "$4" --timeout "$5" --append "irqtest.variant=ours" \
		> "$2.qemu-boot.log" 2>&1
	# shellcheck disable=SC2086
	"$top/harness/judge-kunit.sh" "$1" "$2/console.log" $kunit_suites > "$2/kunit-verdicts"
	"$top/harness/judge-results.sh" ours "$1" "$2/results.log" > "$2/verdicts"
	grep -h '^FAIL: ' "$2/kunit-verdicts" "$2/verdicts"
	if splats=$("$top/harness/scan-console.sh" "$2/console.log"); then :; else
		echo "FAIL: $1: console: $(echo "$splats" | head -n 1)"
	fi
	if [ "$(cat "$2/status" 2>/dev/null)" != exited ]; then
		echo "FAIL: $1: guest did not power off within ${5}s"
	elif ! grep -q "IRQTEST END" "$2/results.log"; then
		echo "FAIL: $1: guest did not finish its tests"
	fi
}

run_mutant() {
	patch=$1
	name=$(basename "$patch" .patch)
	mdir=$out/$name
	start=$(date +%s)
	rm -rf "$mdir"
	mkdir -p "$mdir"
	echo
	say "=== $name ($(date +%H:%M:%S)): $(header_field "$patch" Fault)"

	shape=$(tests_field "$patch" shape)
	tests=$(tests_field "$patch" tests)
	timeout=$(tests_field "$patch" timeout)
	if [ -z "$(header_field "$patch" Fault)" ] || [ -z "$(header_field "$patch" Expect)" ] ||
		[ -z "$shape" ] || [ -z "$tests" ]; then
		record "$name" ERROR "header lacks Fault:, Expect: or Tests: shape= tests=" 0 "$patch"
		return
	fi
	files=$(patch_files "$patch")
	if [ "$(echo "$files" | wc -w)" -ne 1 ]; then
		record "$name" ERROR "patch must change exactly one file, changes: $(echo "$files" | tr '\n' ' ')" 0 "$patch"
		return
	fi
	# prepare-tree.sh puts back only the files of our overlay and patches/.
	if ! grep -qxF "$files" "$top/build/mutant/state/overlay.list" &&
		! grep -qxF "$files" "$top/build/mutant/state/patched.list"; then
		record "$name" ERROR "$files is neither one of our files nor patched by patches/" 0 \
			"$patch"
		return
	fi
	if ! restore_tree; then
		record "$name" ERROR "prepare-tree.sh mutant failed ($out/prepare-tree.log)" 0 "$patch"
		return
	fi
	applied=$name
	if ! patch -p1 -d "$src" --no-backup-if-mismatch < "$patch" > "$mdir/patch.log" 2>&1; then
		record "$name" ERROR "patch does not apply ($mdir/patch.log)" $(($(date +%s) - start)) "$patch"
		cleanup
		return
	fi

	verdict=""
	if [ "$files" = kernel/irq/matrix.c ]; then
		say "$name: userspace harness"
		verdict=$(run_harness "$mdir/harness.log")
		case $? in
		2) say "$name: the harness does not build with it ($mdir/harness.log), on to the kernel" ;;
		esac
	fi

	if [ -z "$verdict" ]; then
		say "$name: kernel build"
		if ! build_kernel "$mdir/build.log"; then
			record "$name" ERROR "does not build: $(grep -m 1 -E 'error:|Error ' "$mdir/build.log")" \
				$(($(date +%s) - start)) "$patch"
			cleanup
			return
		fi
		# The build must have seen the mutation (build-kernel.sh does not
		# lay out the mutant tree).
		if cmp -s "$src/$files" "$top/$files"; then
			record "$name" ERROR "the mutation was gone when the kernel was built" \
				$(($(date +%s) - start)) "$patch"
			cleanup
			return
		fi
		if ! guest_ready "$mdir/build.log"; then
			record "$name" ERROR "test module or initramfs failed ($mdir/build.log)" \
				$(($(date +%s) - start)) "$patch"
			cleanup
			return
		fi
		say "$name: boot, shape $shape, tests $tests"
		boot_and_judge "mutant-$name" "$mdir/boot" "$shape" "$tests" "${timeout:-300}" \
			> "$mdir/fails"
		verdict=$(head -n 1 "$mdir/fails" | sed 's/^FAIL: //')
		[ -z "$verdict" ] || [ "$(wc -l < "$mdir/fails")" -le 1 ] ||
			verdict="$verdict (and $(($(wc -l < "$mdir/fails") - 1)) more FAIL lines)"
	fi
	cleanup

	if [ -n "$verdict" ]; then
		record "$name" KILLED "$verdict" $(($(date +%s) - start)) "$patch"
	else
		record "$name" SURVIVED "-" $(($(date +%s) - start)) "$patch"
	fi
}

# The unmutated mutant tree: built (the first time in full), and every
# check the mutants rely on passes on it.
prepare_baseline() {
	say "baseline: laying out $src"
	restore_tree || { say "prepare-tree.sh mutant failed ($out/prepare-tree.log)"; return 1; }
	if [ -n "$matrix_mutants" ]; then
		say "baseline: userspace harness on the unmutated tree"
		run_harness "$out/baseline-harness.log" > "$out/baseline-harness.verdict"
		if [ $? -ne 1 ]; then
			say "baseline: the harness fails without a mutation: $(cat "$out/baseline-harness.verdict") ($out/baseline-harness.log)"
			return 1
		fi
	fi
	[ -n "$all_shapes" ] || return 0
	say "baseline: kernel build (log: $out/baseline-build.log)"
	if ! build_kernel "$out/baseline-build.log"; then
		say "baseline: the unmutated kernel does not build"
		tail -n 20 "$out/baseline-build.log"
		return 1
	fi
	say "baseline: test module and initramfs"
	if ! build_guest "$out/baseline-build.log"; then
		say "baseline: test module or initramfs failed ($out/baseline-build.log)"
		return 1
	fi
	[ "$baseline" = 1 ] || return 0
	for shape in $all_shapes; do
		tests=$(for p in $selection; do
			[ "$(tests_field "$p" shape)" = "$shape" ] && tests_field "$p" tests | tr ',' '\n'
		done | awk '!seen[$0]++' | paste -sd, -)
		say "baseline: boot, shape $shape, tests $tests"
		boot_and_judge "baseline-$shape" "$out/baseline-$shape" "$shape" "$tests" 1500 \
			> "$out/baseline-$shape.fails"
		if [ -s "$out/baseline-$shape.fails" ]; then
			say "baseline: the unmutated kernel fails on $shape, a kill would mean nothing:"
			sed 's/^/    /' "$out/baseline-$shape.fails"
			return 1
		fi
	done
	return 0
}

main() {
	mkdir -p "$out"
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	run_start=$(date +%s)
	selection=""
	for p in "$patches"/[0-9][0-9]-*.patch; do
		[ -f "$p" ] && selected "$p" && selection="$selection $p"
	done
	if [ -z "$selection" ]; then
		say "no mutant in $patches matches MUTANTS='${MUTANTS:-}'"
		exit 1
	fi
	matrix_mutants="" all_shapes=""
	for p in $selection; do
		[ "$(patch_files "$p")" = kernel/irq/matrix.c ] && matrix_mutants="$matrix_mutants $p"
		shape=$(tests_field "$p" shape)
		case " $all_shapes " in *" $shape "*) ;; *) all_shapes="$all_shapes $shape" ;; esac
	done
	say "$(echo "$selection" | wc -w) mutants: $(for p in $selection; do basename "$p" .patch; done | tr '\n' ' ')"
	: > "$out/rows.md"
	if ! prepare_baseline; then
		say "baseline failed: no mutant was run"
		echo "0 killed, 0 survived"
		exit 1
	fi
	for p in $selection; do
		run_mutant "$p"
	done
	total=$(($(date +%s) - run_start))
	{
		echo "# Mutation testing"
		echo
		echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(echo "$selection" | wc -w) mutants," \
			"${total}s: $killed killed, $survived survived, $errors errors."
		echo "Logs: build/mutants/<mutant>/."
		echo
		echo "| Mutant | Fault | Result | Killed by (first failing check) | Time |"
		echo "| --- | --- | --- | --- | ---: |"
		cat "$out/rows.md"
	} > "$report"
	echo
	say "report: $report (${total}s)"
	[ "$errors" -eq 0 ] || say "$errors errors (mutants that could not be tested)"
	[ "$survived" -eq 0 ] || say "SURVIVED: $survived mutants were not killed by the suite"
	echo "$killed killed, $survived survived"
	[ "$survived" -eq 0 ] && [ "$errors" -eq 0 ]
}

main "$@"; exit $?

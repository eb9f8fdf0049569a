#!/bin/sh
# Run every test tier for one variant and print a result line per test,
# then "N passed, N failed" alone on the last line. Exits 1 on any failure.
#   check.sh [ours|base|fixes]
# Environment: EXTRA_APPEND (kernel arguments added to every boot),
#              TIERS (space-separated subset of the tiers below),
#              REAL_SLEEP_SAME_PLACE, REAL_SLEEP_BREAK (the sleep tier).
set -u

variant=${1:-ours}
top=$(cd "$(dirname "$0")/.." && pwd)
runs=$top/build/$variant/runs
all_tiers="lint scanner runner style series harness boot kunit selftests sleep proof debug riscv"
tiers=${TIERS:-$all_tiers}
selftests="consistency,hostile_affinity,exhaustion,hotplug_io,pm_dryrun,affinity_storm,trace_replay,trace_abi"
selftests="$selftests,offline_trace,unstarted_offline,edu_msi,pending_move,irr_cleanup"
selftests="$selftests,managed_shutdown,pm_capacity,spread_restore,managed_depth"
selftests="$selftests,sleep_keep,sleep_cpu_fail,managed_offline_reserve"
selftests_noremap="edu_msi,unstarted_offline,pending_move,irr_cleanup,consistency"
extra_append=${EXTRA_APPEND:-}
kunit_suites="irq_matrix x86_vector"
passed=0 failed=0 skipped=0 known=0

pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; }
tier() { echo; echo "=== $* ($(date +%H:%M:%S))"; }
want() { case " $tiers " in *" $1 "*) return 0 ;; esac; return 1; }
ours_only() { [ "$variant" = ours ] || { skip "$1 (only in our variant)"; return 1; }; }

kernel_image() {
	case $1 in
	test) echo "$top/build/$variant/src/out/arch/x86/boot/bzImage" ;;
	debug) echo "$top/build/$variant/src/out-debug/arch/x86/boot/bzImage" ;;
	esac
}

initrd_image() {
	echo "$top/build/$variant/initramfs-$1.cpio.gz"
}

# Kernel, test module and initramfs of one flavour.
build_guest() {
	log=$top/build/$variant/build-$1.log
	mkdir -p "$top/build/$variant"
	if ! flock /tmp/kbuild.lock "$top/harness/build-kernel.sh" "$variant" "$1" > "$log" 2>&1; then
		fail "build: $variant/$1 kernel (log: $log)"
		tail -n 30 "$log" | sed 's/^/    /'
		return 1
	fi
	pass "build: $variant/$1 kernel"
	if ! module=$(flock /tmp/kbuild.lock "$top/harness/build-module.sh" "$variant" "$1" 2>> "$log"); then
		fail "build: $variant/$1 test modules (log: $log)"
		return 1
	fi
	if ! "$top/harness/make-initramfs.sh" "$(initrd_image "$1")" "$(echo "$module" | tail -n 1)" >> "$log" 2>&1; then
		fail "build: $variant/$1 initramfs (log: $log)"
		tail -n 10 "$log" | sed 's/^/    /'
		return 1
	fi
	pass "build: $variant/$1 test modules and initramfs"
}

# Count the verdict lines of a judge (harness/judge-*.sh) as tests.
tally() {
	while IFS= read -r line; do
		case $line in
		"PASS: "*) pass "${line#PASS: }" ;;
		"FAIL: "*) fail "${line#FAIL: }" ;;
		"SKIP: "*) skip "${line#SKIP: }" ;;
		"KNOWN-BASE-FAILURE: "*) known=$((known + 1)); echo "$line" ;;
		esac
	done
}

# A skipped check fails our variant: what the base tree lacks may skip there.
skip_or_fail() {
	if [ "$variant" = ours ]; then
		fail "$1 (skipped on our variant)"
	else
		skip "$1"
	fi
}

# The console shows no kernel report, apart from the reports a known base
# failure of this boot announced (base variant only): harness/judge-console.sh.
# Not through a pipe: tally must run in this shell to count.
judge_console() {
	"$top/harness/judge-console.sh" "$variant" "$1" "$2/console.log" \
		"$2/results.log.known-console" > "$2/console-verdict"
	tally < "$2/console-verdict"
}

# Our KUnit suites ran on this boot and every case passed: one check per
# suite and boot (the cases are counted once, by the kunit tier).
judge_kunit() {
	[ "$variant" = ours ] || return 0
	# shellcheck disable=SC2086
	"$top/harness/judge-kunit.sh" "$1" "$2" $kunit_suites > "$2.kunit-verdicts" ||
		fail "$1: judge-kunit.sh failed ($?)"
	tally < "$2.kunit-verdicts"
}

# Judge one boot: it ended by itself, reached and finished its tests, the
# guest's tests passed, the console shows no splat and, on our variant,
# the KUnit suites passed (third argument "nokunit" where they are off).
judge_boot() {
	name=$1 dir=$2
	if [ "$(cat "$dir/status" 2>/dev/null)" != exited ]; then
		fail "$name: guest did not power off within its time limit (hung; console: $dir/console.log)"
		tail -n 15 "$dir/console.log" | sed 's/^/    /'
	elif ! grep -q "IRQTEST BEGIN" "$dir/results.log"; then
		fail "$name: guest never reached its tests"
		tail -n 15 "$dir/console.log" | sed 's/^/    /'
	elif ! grep -q "IRQTEST END" "$dir/results.log"; then
		fail "$name: guest tests did not finish"
	else
		pass "$name: guest reached and finished its tests ($(cat "$dir/seconds")s)"
	fi
	"$top/harness/judge-results.sh" "$variant" "$name" "$dir/results.log" > "$dir/verdicts" ||
		fail "$name: judge-results.sh failed ($?)"
	tally < "$dir/verdicts"
	judge_console "$name" "$dir"
	[ "${3:-kunit}" = nokunit ] || judge_kunit "$name" "$dir/console.log"
}

boot() {
	name=$1 flavour=$2 shape=$3 tests=$4 timeout=$5
	shift 5
	dir=$runs/$name
	rm -rf "$dir"
	"$top/harness/qemu-boot.sh" --kernel "$(kernel_image "$flavour")" \
		--initrd "$(initrd_image "$flavour")" --shape "$shape" --out "$dir" --tests "$tests" \
		--timeout "$timeout" --append "irqtest.variant=$variant $extra_append $*"
}

tier_lint() {
	tier "lint: shellcheck"
	for f in "$top"/harness/*.sh "$top"/harness/guest/init "$top"/harness/guest/*.sh \
		"$top"/tools/testing/selftests/irq_vectors/*.sh "$top/.ci/run"; do
		[ -f "$f" ] || continue
		rel=${f#"$top"/}
		if out=$(cd "$top" && shellcheck -x -s sh "$rel" 2>&1); then
			pass "shellcheck $rel"
		else
			fail "shellcheck $rel"
			echo "$out" | head -n 20 | sed 's/^/    /'
		fi
	done
}

tier_scanner() {
	tier "scanner: every kind of report is caught, a clean log is not"
	for f in "$top"/harness/testdata/*.log; do
		kind=$(basename "$f" .log)
		if "$top/harness/scan-console.sh" "$f" > /dev/null; then
			if [ "$kind" = clean ]; then
				pass "scanner passes clean log"
			else
				fail "scanner misses $kind report"
			fi
		else
			if [ "$kind" = clean ]; then
				fail "scanner flags a clean log"
			else
				pass "scanner catches $kind report"
			fi
		fi
	done
}

# The judges of guest results, KUnit logs and consoles catch every
# malformed or failing sample in harness/testdata/{results,kunit,console},
# named KIND.VARIANT.(pass|fail).log, and pass the good ones. A console
# sample's KIND.VARIANT.WANT.known lists the reports its boot announced.
tier_runner() {
	tier "runner: the result judges catch what they must"
	nsamples=0
	for f in "$top"/harness/testdata/results/*.log "$top"/harness/testdata/kunit/*.log \
		"$top"/harness/testdata/console/*.log; do
		[ -f "$f" ] || continue
		nsamples=$((nsamples + 1))
		base=$(basename "$f" .log)
		want=${base##*.}
		kind=${base%.*}
		sample_variant=${kind##*.}
		kind=${kind%.*}
		# shellcheck disable=SC2086
		case $f in
		*/kunit/*) verdicts=$("$top/harness/judge-kunit.sh" sample "$f" $kunit_suites) ;;
		*/console/*) verdicts=$("$top/harness/judge-console.sh" "$sample_variant" sample "$f" "${f%.log}.known") ;;
		*) verdicts=$("$top/harness/judge-results.sh" "$sample_variant" sample "$f") ;;
		esac
		status=$?
		rm -f "$f.known-console"
		if [ "$status" -ne 0 ]; then
			got="an error ($status)"
		elif echo "$verdicts" | grep -q '^FAIL: '; then
			got=fail
		elif echo "$verdicts" | grep -qE '^(PASS|SKIP|KNOWN-BASE-FAILURE): '; then
			got=pass
		else
			got="no verdict"
		fi
		if [ "$got" = "$want" ]; then
			pass "runner: ${f#"$top"/harness/testdata/} judged $got"
		else
			fail "runner: ${f#"$top"/harness/testdata/} judged $got, want $want"
			echo "$verdicts" | head -n 5 | sed 's/^/    /'
		fi
	done
	[ "$nsamples" -gt 0 ] || fail "runner: no sample in harness/testdata"
}

tier_style() {
	tier "style: checkpatch --strict and kernel-doc on our kernel files, our documents parse"
	ours_only "style" || return 0
	src=$top/build/pristine/linux-source-6.12
	"$top/harness/prepare-tree.sh" "$variant" > /dev/null
	files=$(cd "$top" && git ls-files -co --exclude-standard -- arch block drivers fs include init kernel lib mm net virt staging |
		grep -E '\.[ch]$')
	for f in $files; do
		# Every ERROR, WARNING and CHECK fails, less the narrow exceptions
		# of harness/checkpatch-exceptions.
		if out=$(python3 "$top/harness/checkpatch.py" -f "$top/$f" 2>&1); then
			pass "checkpatch --strict $f"
		else
			fail "checkpatch --strict $f"
			echo "$out" | head -n 20 | sed 's/^/    /'
		fi
		if out=$(cd "$src" && perl scripts/kernel-doc -none -Wall "$top/$f" 2>&1) && [ -z "$out" ]; then
			pass "kernel-doc -Wall $f"
		else
			fail "kernel-doc -Wall $f"
			echo "$out" | head -n 20 | sed 's/^/    /'
		fi
	done
	# The trace events keep the base tree's ABI: the prototypes and
	# arguments raw tracepoint (BPF) programs read, fields and formats.
	for h in arch/x86/include/asm/trace/irq_vectors.h include/trace/events/irq_matrix.h; do
		if out=$(python3 "$top/harness/check-trace-abi.py" "$h" 2>&1); then
			pass "trace ABI (TP_PROTO, TP_ARGS, fields, TP_printk) of the base tree: $h"
		else
			fail "trace ABI (TP_PROTO, TP_ARGS, fields, TP_printk) of the base tree: $h"
			echo "$out" | head -n 20 | sed 's/^/    /'
		fi
	done
	for f in $(cd "$top" && git ls-files -co --exclude-standard -- Documentation | grep '\.rst$'); do
		if out=$(python3 "$top/harness/check-docs.py" "$src" "$top" "$top/$f" 2>&1); then
			pass "docutils and kernel-doc directives $f"
		else
			fail "docutils and kernel-doc directives $f"
			echo "$out" | head -n 20 | sed 's/^/    /'
		fi
	done
}

tier_series() {
	tier "series: git-am-able patch series reproduces our tree"
	ours_only "patch series" || return 0
	if out=$(python3 "$top/harness/make-series.py" 2>&1); then
		pass "series: $(echo "$out" | tail -n 1 | sed 's/^make-series: //')"
	else
		fail "series:"
		echo "$out" | tail -n 20 | sed 's/^/    /'
	fi
}

tier_harness() {
	tier "harness: userspace tests of our kernel code"
	ours_only "userspace harness" || return 0
	found=0
	for mk in "$top"/tools/testing/*/Makefile; do
		[ -f "$mk" ] || continue
		dir=$(dirname "$mk")
		case $dir in */selftests) continue ;; esac
		found=1
		name=${dir#"$top"/}
		log=$top/build/$(basename "$dir")-harness.log
		mkdir -p "$top/build"
		make --no-print-directory -C "$dir" > "$log" 2>&1
		rc=$?
		summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
		n_pass=$(echo "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
		n_fail=$(echo "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
		if [ -z "$n_pass" ]; then
			fail "$name: no summary line (log: $log)"
			tail -n 20 "$log" | sed 's/^/    /'
			continue
		fi
		grep -E '^(not ok|FAIL)' "$log" | head -n 20 | sed 's/^/    /'
		passed=$((passed + n_pass))
		failed=$((failed + n_fail))
		echo "$name: $summary"
		[ "$rc" -eq 0 ] || [ "$n_fail" -gt 0 ] || fail "$name: make exited $rc (log: $log)"
	done
	[ "$found" = 1 ] || skip "no userspace harness yet"
}

tier_boot() {
	tier "boot: six machine shapes, devices, hotplug of every non-boot CPU, apic=verbose"
	for shape in q35-iommu q35 pc-nomsi pc-noapic q35-maxcpus2; do
		boot "boot-$shape" test "$shape" boot 300
		judge_boot "boot-$shape" "$runs/boot-$shape"
	done
	# The KUnit suites move interrupts between CPUs: not on one CPU.
	boot "boot-q35-smp1" test q35-smp1 boot 300 kunit.enable=0
	judge_boot "boot-q35-smp1" "$runs/boot-q35-smp1" nokunit
	boot "trace-q35-iommu" test q35-iommu demo 300
	judge_boot "trace-q35-iommu" "$runs/trace-q35-iommu"
	# The boot time interrupt controller dump prints what the base prints.
	boot "apic-verbose-q35" test q35 apic_verbose,consistency 300 apic=verbose
	judge_boot "apic-verbose-q35" "$runs/apic-verbose-q35"
}

# KUnit suites run at boot; their KTAP lines are on the console.
tier_kunit() {
	tier "kunit: suites built into the test kernel"
	log=$runs/boot-q35-iommu/console.log
	[ -f "$log" ] || { fail "kunit: no console log of boot-q35-iommu"; return; }
	count=0
	while IFS= read -r line; do
		case $line in
		"    not ok "*) fail "kunit: ${line#    not ok }"; count=$((count + 1)) ;;
		"    ok "*"# SKIP"*) skip_or_fail "kunit: ${line#    ok }"; count=$((count + 1)) ;;
		"    ok "*) pass "kunit: ${line#    ok }"; count=$((count + 1)) ;;
		"not ok "*) fail "kunit suite: ${line#not ok }" ;;
		esac
	done < "$log"
	[ "$count" -gt 0 ] || skip_or_fail "kunit: no suite in this variant"
}

tier_selftests() {
	tier "selftests: in-guest scenarios (tools/testing/selftests/irq_vectors)"
	boot "selftests-q35-iommu" test q35-iommu "$selftests" 1200
	judge_boot "selftests-q35-iommu" "$runs/selftests-q35-iommu"
	# Without remapping: a device's affinity change waits for its next
	# interrupt, and the MSI message update is not atomic.
	boot "selftests-q35" test q35 "$selftests_noremap" 600
	judge_boot "selftests-q35" "$runs/selftests-q35"
	boot "selftests-pc-nomsi" test pc-nomsi "consistency,hostile_affinity,affinity_storm" 600
	judge_boot "selftests-pc-nomsi" "$runs/selftests-pc-nomsi"
}

# Real suspend to RAM and hibernation (harness/guest/real_sleep.sh), on q35
# with remapping: the first boot sleeps in ACPI S3 and is woken by
# harness/qmp-wakeup.py through QMP's system_wakeup, then hibernates to a
# swap disk and ends; the second boots the same kernel and command line
# with resume=/dev/vdb and goes on in the restored image. Both boots'
# results and consoles are judged as one boot. The host checks the QMP
# events, and the swap disk's signature after each boot.
#   REAL_SLEEP_SAME_PLACE=0|1: every test interrupt must keep its CPU and
#     vector through each sleep (default 1 on ours; base and fixes check it
#     always, as a known base failure)
#   REAL_SLEEP_BREAK=a:b: break checks to see them fail: nowake (the host
#     never wakes the guest), noresume (the second kernel gets noresume),
#     noswap (no swap disk), and the guest's (IRQV_SLEEP_BREAK of
#     real_sleep.sh): onecpu, s2idle, dryrun, place, raise, disk
tier_sleep() {
	tier "sleep: real S3 woken through QMP, real hibernation resumed by a second boot"
	name=sleep-q35-iommu dir=$runs/sleep-q35-iommu
	rm -rf "$dir"
	mkdir -p "$dir"
	swap=$dir/swap.img
	truncate -s 320M "$swap"
	same=${REAL_SLEEP_SAME_PLACE:-}
	if [ -z "$same" ]; then
		same=0
		[ "$variant" = ours ] && same=1
	fi
	breaks=":${REAL_SLEEP_BREAK:-}:"
	guest_breaks=$(echo "${REAL_SLEEP_BREAK:-}" | tr ':' '\n' | grep -vxE 'nowake|noresume|noswap|' |
		paste -sd: -)
	env="irqtest.env=IRQV_SLEEP_SAME_PLACE=$same${guest_breaks:+,IRQV_SLEEP_BREAK=$guest_breaks}"
	# A boot takes 15-50 s.
	wakeup=qmp timeout=300
	case $breaks in *:nowake:*) wakeup=record timeout=120 ;; esac
	args="irqtest.variant=$variant $env mem_sleep_default=deep no_console_suspend"
	args="$args pm_debug_messages $extra_append"
	signature=""
	swap_args="--swap $swap"
	case $breaks in *:noswap:*) swap_args="" ;; esac
	for run in 1 2; do
		if [ "$run" = 2 ]; then
			args="$args resume=/dev/vdb"
			case $breaks in *:noresume:*) args="$args noresume" ;; esac
		fi
		# shellcheck disable=SC2086
		"$top/harness/qemu-boot.sh" --kernel "$(kernel_image test)" \
			--initrd "$(initrd_image test)" --shape q35-iommu --out "$dir/run$run" \
			--tests real_sleep --wakeup "$wakeup" $swap_args --timeout "$timeout" \
			--append "$args"
		# The hibernation header's signature ends the swap disk's first page.
		last=${signature:-}
		signature=$(dd if="$swap" bs=1 skip=4086 count=10 2>/dev/null | tr -d '\0 ')
		if [ "$run" = 1 ]; then
			summary=$(grep '^summary ' "$dir/run1/wakeup.log")
			if [ "$summary" = "summary suspend=1 wakeup=1" ] &&
				grep -q '^wakeup-sent ' "$dir/run1/wakeup.log"; then
				pass "$name: QEMU reported SUSPEND, the host sent system_wakeup," \
					"QEMU reported WAKEUP"
			else
				fail "$name: QMP events of the first boot: ${summary:-none}," \
					"want suspend=1 wakeup=1 (log: $dir/run1/wakeup.log)"
			fi
			if [ "$signature" = S1SUSPEND ]; then
				pass "$name: the first boot left a hibernation image on the swap disk"
			else
				fail "$name: the first boot left no hibernation image on the swap disk" \
					"(signature '$signature', want S1SUSPEND)"
			fi
		else
			if [ "$last" = S1SUSPEND ] && [ "$signature" = SWAPSPACE2 ]; then
				pass "$name: the second boot's kernel took the image (signature" \
					"S1SUSPEND back to SWAPSPACE2)"
			else
				fail "$name: the second boot's kernel took no image (signature" \
					"'$last' then '$signature', want S1SUSPEND then SWAPSPACE2)"
			fi
			first=$(head -n 1 "$dir/run2/results.log" | tr -d '\r')
			if [ "$first" = "# sleep-mark: restored" ]; then
				pass "$name: on the second boot the restored guest spoke first, no fresh /init"
			else
				fail "$name: the second boot's results begin with '$first'," \
					"not with the restored guest's mark"
			fi
		fi
	done
	cat "$dir/run1/results.log" "$dir/run2/results.log" > "$dir/results.log"
	cat "$dir/run1/console.log" "$dir/run2/console.log" > "$dir/console.log"
	if [ "$(cat "$dir/run1/status" "$dir/run2/status")" = "$(printf 'exited\nexited')" ]; then
		echo exited > "$dir/status"
		echo $(($(cat "$dir/run1/seconds") + $(cat "$dir/run2/seconds"))) > "$dir/seconds"
	else
		echo timeout > "$dir/status"
	fi
	judge_boot "$name" "$dir"
	rm -f "$swap"
	# The figures: the S3 cycle's split, hibernation's times, the vectors
	# per CPU before and after each sleep.
	sed -n 's/^figure /  figure: /p' "$dir/run1/wakeup.log" "$dir/run2/wakeup.log"
	sed -n 's/\r$//; s/^# \(.*per CPU.*\)/  \1/p' "$dir/results.log"
	signature=""
	swap_args="--swap $swap"
	case $breaks in *:noswap:*) swap_args="" ;; esac
	for run in 1 2; do
		echo "  boot $run: $(cat "$dir/run$run/seconds" 2>/dev/null || echo "?")s"
	done
}

tier_debug() {
	tier "debug: lockdep, KASAN, UBSAN kernel"
	build_guest debug || return 0
	# KASAN and lockdep under TCG are slow: every scenario, the long ones shorter.
	# offline_trace: lockdep's RCU checks on the outgoing CPU's tracepoints.
	debug_tests="boot,consistency,hostile_affinity,exhaustion,hotplug_io,affinity_storm"
	debug_tests="$debug_tests,trace_replay,offline_trace,unstarted_offline,pending_move"
	debug_tests="$debug_tests,irr_cleanup,managed_shutdown,managed_depth"
	boot "debug-q35-iommu" debug q35-iommu "$debug_tests" 1800 \
		"irqtest.env=IRQV_CYCLES=12,IRQV_STORM_SECONDS=15"
	judge_boot "debug-q35-iommu" "$runs/debug-q35-iommu"
	# The dry runs without NVMe: 6.12's NVMe suspend and freeze leave the
	# queue freeze lockdep map held ("BUG: workqueue leaked atomic, lock or
	# RCU" / "lock held when returning to user space" at nvme_start_freeze),
	# a block layer report unrelated to vectors that turns lockdep off. The
	# test flavour runs the dry runs with NVMe.
	boot "debug-pm-q35-iommu-virtio" debug q35-iommu-virtio "pm_dryrun,pm_capacity" 1200 \
		"irqtest.env=IRQV_PM_CYCLES=1"
	judge_boot "debug-pm-q35-iommu-virtio" "$runs/debug-pm-q35-iommu-virtio"
}

tier_proof() {
	tier "proof: the checks can fail"
	dir=$runs/proof-hang
	rm -rf "$dir"
	"$top/harness/qemu-boot.sh" --kernel "$(kernel_image test)" --initrd "$(initrd_image test)" \
		--shape q35 --out "$dir" --mode hang --timeout 45 --append "$extra_append" 2>/dev/null
	if [ "$(cat "$dir/status")" = timeout ] && ! grep -q "IRQTEST END" "$dir/results.log"; then
		pass "proof: a hung guest is killed after 45s and reported"
	else
		fail "proof: a hung guest was not detected"
	fi
	# Every vCPU of the -smp 8 guest, at its hung task line and at the
	# timeout: a kernel symbol for its instruction pointer and its local
	# APIC timer; after the first capture the guest runs on.
	for log in cpu-state-stall.log cpu-state.log; do
		blocks=$(grep -c '^=== vCPU [0-9]* (.*) at [a-z_][a-z0-9_.]*+0x' "$dir/$log" 2>/dev/null || true)
		timers=$(grep -c '^Timer[[:space:]]*DCR=' "$dir/$log" 2>/dev/null || true)
		if [ "$blocks" = 8 ] && [ "$timers" = 8 ] && grep -qx '=== guest running' "$dir/$log"; then
			pass "proof: $log of the hung guest holds its 8 vCPUs, each at a kernel symbol"
		else
			fail "proof: $log of the hung guest: $blocks of 8 vCPUs at a symbol, $timers local APIC timers"
		fi
	done
	ours_only "proof: WARN trigger" || return 0
	boot "proof-warn" test q35 boot 300 test_splat.warn=1
	if line=$("$top/harness/scan-console.sh" "$runs/proof-warn/console.log" | grep test_splat); then
		pass "proof: scanner quotes the deliberate WARN: $line"
	else
		fail "proof: scanner missed the deliberate WARN from test_splat.warn=1"
	fi
}

# The matrix allocator under the RISC-V IMSIC: harness/riscv-check.sh
# cross-builds and boots a riscv64 kernel of this variant; its counts join ours.
tier_riscv() {
	tier "riscv: riscv64 kernel on the virt machine, the IMSIC's matrix through CPU hotplug"
	out=$(EXTRA_APPEND="$extra_append" "$top/harness/riscv-check.sh" "$variant")
	echo "$out" | grep -vE '^[0-9]+ passed, [0-9]+ failed$'
	summary=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	[ -n "$summary" ] || { fail "riscv: no summary line"; return 0; }
	passed=$((passed + ${summary%% *}))
	n_fail=${summary#*, }
	failed=$((failed + ${n_fail%% *}))
	skipped=$((skipped + $(echo "$out" | grep -c '^SKIP:')))
	known=$((known + $(echo "$out" | grep -c '^KNOWN-BASE-FAILURE:')))
}

# The whole run is one function, so editing this file while it runs is safe.
main() {
	"$top/harness/install-deps.sh"
	mkdir -p "$runs"
	start=$(date +%s)
	want lint && tier_lint
	want scanner && tier_scanner
	want runner && tier_runner
	want style && tier_style
	want series && tier_series
	want harness && tier_harness
	if want boot || want kunit || want selftests || want sleep || want proof; then
		tier "build: $variant kernel, test module and initramfs"
		if build_guest test; then
			want boot && tier_boot
			want kunit && tier_kunit
			want selftests && tier_selftests
			want sleep && tier_sleep
			want proof && tier_proof
		fi
	fi
	want debug && tier_debug
	want riscv && tier_riscv

	echo
	echo "check: $variant, $(($(date +%s) - start))s, $skipped skipped, $known known base failures"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

main "$@"; exit $?

#!/bin/sh
# The RISC-V tier: the matrix allocator booted on a second architecture.
# Cross-builds a static busybox (once) and a riscv64 kernel of one variant,
# boots it on QEMU's virt machine with the AIA in MSI mode (APLIC + IMSIC,
# -smp 8, NVMe and virtio-blk on PCI) and judges the boot: the guest
# powered off by itself, its IMSIC tests passed, the irq_matrix KUnit suite
# passed (our variant), the console scanner found nothing.
# Prints a result line per test and "N passed, N failed" last; exits 1 on
# any failure.
#   riscv-check.sh [ours|base]
# Environment: EXTRA_APPEND (kernel arguments), RISCV_TESTS (guest tests,
# default imsic,imsic_hotplug), RISCV_BOOT_ARGS (more riscv-boot.sh
# arguments, e.g. --no-nvme), RISCV_TIMEOUT (seconds, default 1200).
set -u

variant=${1:-ours}
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$top/build/$variant
run=$dir/runs/riscv
image=$dir/src/out-riscv/arch/riscv/boot/Image
initrd=$dir/riscv-initramfs.cpio.gz
tests=${RISCV_TESTS:-imsic,imsic_hotplug}
timeout=${RISCV_TIMEOUT:-1200}
passed=0 failed=0 skipped=0 known=0

pass() { passed=$((passed + 1)); echo "PASS: riscv: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: riscv: $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP: riscv: $*"; }

summary() {
	echo "riscv-check: $variant, $(($(date +%s) - start))s, $skipped skipped, $known known base failures"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

# Guest KTAP lines on the results channel, judged as on x86
# (harness/judge-results.sh: plans, exit statuses, skips, known failures).
count_guest_results() {
	"$top/harness/judge-results.sh" "$variant" riscv "$1" > "$1.verdicts" ||
		fail "judge-results.sh failed"
	while IFS= read -r line; do
		case $line in
		"PASS: riscv: "*) pass "guest: ${line#PASS: riscv: }" ;;
		"FAIL: riscv: "*) fail "guest: ${line#FAIL: riscv: }" ;;
		"SKIP: riscv: "*) skip "guest: ${line#SKIP: riscv: }" ;;
		"KNOWN-BASE-FAILURE: "*) known=$((known + 1)); echo "$line" ;;
		esac
	done < "$1.verdicts"
}

# KUnit results on the console: every case of every suite, and on our
# variant the irq_matrix suite must be there and pass.
count_kunit() {
	cases=0 matrix_cases=0 matrix_result="" suite=""
	while IFS= read -r line; do
		line=$(printf '%s' "$line" | tr -d '\r')
		case $line in
		"    # Subtest: "*) suite=${line#    # Subtest: } ;;
		"    not ok "*) fail "kunit $suite: ${line#    not ok }"; cases=$((cases + 1)) ;;
		"    ok "*"# SKIP"*) fail "kunit $suite: skipped: ${line#    ok }"; cases=$((cases + 1)) ;;
		"    ok "*)
			pass "kunit $suite: ${line#    ok }"
			cases=$((cases + 1))
			[ "$suite" = irq_matrix ] && matrix_cases=$((matrix_cases + 1)) ;;
		"ok "*" irq_matrix"|"not ok "*" irq_matrix") matrix_result=${line%% [0-9]*} ;;
		"not ok "*) fail "kunit suite: ${line#not ok }" ;;
		esac
	done < "$1"
	if [ "$variant" != ours ]; then
		skip "kunit: irq_matrix suite (only in our variant; $cases cases of other suites)"
	elif [ "$matrix_result" = ok ] && [ "$matrix_cases" -gt 0 ]; then
		pass "kunit: irq_matrix suite passed ($matrix_cases cases)"
	else
		fail "kunit: irq_matrix suite result '${matrix_result:-none}' with $matrix_cases passed cases on the console"
	fi
}

start=$(date +%s)
mkdir -p "$dir"

for tool in riscv64-linux-gnu-gcc qemu-system-riscv64; do
	command -v "$tool" > /dev/null || { fail "$tool missing (harness/install-deps.sh)"; summary; }
done

log=$dir/riscv-busybox.log
t=$(date +%s)
if busybox=$("$top/harness/riscv-busybox.sh" 2> "$log" | tail -n 1) && [ -x "$busybox" ]; then
	pass "static riscv64 busybox ($(($(date +%s) - t))s)"
else
	fail "static riscv64 busybox (log: $log)"
	tail -n 20 "$log" | sed 's/^/    /'
	summary
fi

log=$dir/riscv-build.log
t=$(date +%s)
if flock /tmp/kbuild.lock "$top/harness/riscv-build-kernel.sh" "$variant" > "$log" 2>&1; then
	pass "$variant kernel cross-built ($(sed -n 's/^riscv-build-kernel: built in //p' "$log"), $(($(date +%s) - t))s with the wait for the build lock)"
else
	fail "$variant kernel build (log: $log)"
	tail -n 30 "$log" | sed 's/^/    /'
	summary
fi
"$top/harness/riscv-initramfs.sh" "$initrd" "$busybox" || { fail "initramfs"; summary; }

rm -rf "$run"
# shellcheck disable=SC2086
"$top/harness/riscv-boot.sh" --kernel "$image" --initrd "$initrd" --out "$run" \
	--tests "$tests" --timeout "$timeout" ${RISCV_BOOT_ARGS:-} \
	--append "irqtest.variant=$variant ${EXTRA_APPEND:-}"

if [ "$(cat "$run/status" 2>/dev/null)" != exited ]; then
	fail "guest did not power off within ${timeout}s (console: $run/console.log)"
	tail -n 15 "$run/console.log" | sed 's/^/    /'
elif ! grep -q "IRQTEST BEGIN" "$run/results.log"; then
	fail "guest never reached its tests"
	tail -n 15 "$run/console.log" | sed 's/^/    /'
elif ! grep -q "IRQTEST END" "$run/results.log"; then
	fail "guest tests did not finish"
else
	pass "guest reached and finished its tests ($(cat "$run/seconds")s)"
fi
count_guest_results "$run/results.log"
count_kunit "$run/console.log"
if splats=$("$top/harness/scan-console.sh" "$run/console.log"); then
	pass "console clean"
else
	fail "console shows kernel reports:"
	echo "$splats" | head -n 10 | sed 's/^/    /'
fi
summary

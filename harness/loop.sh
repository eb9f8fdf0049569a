#!/bin/sh
# Boot the same guest test again and again to measure how often it fails.
#   loop.sh VARIANT COUNT [SHAPE] [TESTS]
# Each run is judged like a check boot: the guest reports its end, its
# results hold no "not ok", and the console is clean. A guest that runs out
# of time leaves every vCPU's registers and local APIC in cpu-state.log.
# Each shape, test set and LOOP_APPEND has its own directory under
# build/VARIANT/loop/ (SHAPE-TESTS for the plain ones):
# the logs of every failed run under N (passing runs are removed) and the
# tally in summary. The last line is "N passed, N failed".
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
variant=${1:?variant}
count=${2:?count}
shape=${3:-q35-iommu}
tests=${4:-boot}
kernel=$top/build/$variant/src/out/arch/x86/boot/bzImage
initrd=$top/build/$variant/initramfs-test.cpio.gz
# The directory's key: shape, tests and extra parameters, a checksum when
# long (the QMP socket's path is limited).
key=$shape-$(echo "$tests" | tr ',' '+')${LOOP_APPEND:+-$LOOP_APPEND}
[ "${#key}" -le 40 ] || key=$shape-$(echo "$tests ${LOOP_APPEND:-}" | cksum | cut -d' ' -f1)
loopdir=$top/build/$variant/loop/$(echo "$key" | tr ' =/,' '_:_+')
append="irqtest.variant=$variant ${LOOP_APPEND:-}"

run_once() {
	dir=$1
	rm -rf "$dir"
	"$top/harness/qemu-boot.sh" --kernel "$kernel" --initrd "$initrd" \
		--shape "$shape" --out "$dir" --tests "$tests" --timeout 240 \
		--append "$append" > /dev/null 2>&1 || true
	[ "$(cat "$dir/status" 2>/dev/null)" = exited ] || return 1
	grep -q "IRQTEST END" "$dir/results.log" || return 1
	! grep -q "^not ok" "$dir/results.log" || return 1
	"$top/harness/scan-console.sh" "$dir/console.log" > /dev/null
}

mkdir -p "$loopdir"
# A copy, so that a rebuild during the loop does not change what it boots.
cp "$kernel" "$loopdir/bzImage"
cp "$(dirname "$kernel")/../../../System.map" "$loopdir/System.map"
cp "$initrd" "$loopdir/initramfs.cpio.gz"
kernel=$loopdir/bzImage initrd=$loopdir/initramfs.cpio.gz
passed=0 failed=0 i=1
while [ "$i" -le "$count" ]; do
	start=$(date +%s)
	if run_once "$loopdir/$i"; then
		passed=$((passed + 1))
		rm -rf "${loopdir:?}/$i"
		verdict=pass
	else
		failed=$((failed + 1))
		verdict="FAIL (logs in ${loopdir#"$top"/}/$i)"
	fi
	echo "loop $i/$count: $verdict, $(($(date +%s) - start)) s"
	i=$((i + 1))
done
echo "$passed passed, $failed failed"
echo "$passed of $count boots passed, $failed failed ($shape, tests $tests, $(date -u +%Y-%m-%d); \`${LOOP_APPEND:+LOOP_APPEND=\"$LOOP_APPEND\" }harness/loop.sh $variant $count $shape $tests\`)" \
	> "$loopdir/summary"
[ "$failed" = 0 ]

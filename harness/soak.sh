#!/bin/sh
# `make soak`: the long tier of the in-guest scenarios, and a report with
# counts of cycles, I/O completed and failures.
#   soak.sh [VARIANT]   (env: SOAK_CYCLES, SOAK_PM_CYCLES, SOAK_STORM_SECONDS)
set -eu

variant=${1:-ours}
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$top/build/$variant/runs/soak
report=$top/build/soak-report-$variant.md
cycles=${SOAK_CYCLES:-1000}
pm_cycles=${SOAK_PM_CYCLES:-50}
storm=${SOAK_STORM_SECONDS:-1800}

"$top/harness/install-deps.sh"
flock /tmp/kbuild.lock "$top/harness/build-kernel.sh" "$variant" test
module=$(flock /tmp/kbuild.lock "$top/harness/build-module.sh" "$variant" test)
initrd=$top/build/$variant/initramfs-test.cpio.gz
"$top/harness/make-initramfs.sh" "$initrd" "$(echo "$module" | tail -n 1)"

# Copies, so that a rebuild during the soak does not change what it boots.
mkdir -p "$dir.boot"
cp "$top/build/$variant/src/out/arch/x86/boot/bzImage" "$dir.boot/bzImage"
cp "$top/build/$variant/src/out/System.map" "$dir.boot/System.map"
cp "$initrd" "$dir.boot/initramfs.cpio.gz"

env="IRQV_CYCLES=$cycles,IRQV_PM_CYCLES=$pm_cycles,IRQV_STORM_SECONDS=$storm"
# Budget: about 2 s a hotplug operation, 30 s a dry run, the storm, slack.
timeout=$((cycles * 2 + pm_cycles * 2 * 30 + storm + 1800))
start=$(date +%s)
"$top/harness/qemu-boot.sh" --kernel "$dir.boot/bzImage" \
	--initrd "$dir.boot/initramfs.cpio.gz" --shape q35-iommu --out "$dir" --timeout "$timeout" \
	--tests hotplug_io,pm_dryrun,affinity_storm,consistency \
	--append "irqtest.variant=$variant irqtest.env=$env"

results=$(tr -d '\r' < "$dir/results.log")
passed=$(echo "$results" | grep -c '^ok ' || true)
failed=$(echo "$results" | grep -v '# TODO' | grep -c '^not ok ' || true)
if splats=$("$top/harness/scan-console.sh" "$dir/console.log"); then
	console=clean
else
	console="kernel reports: $(echo "$splats" | head -n 5 | tr '\n' ' ')"
	failed=$((failed + 1))
fi
{
	echo "# Soak report ($variant, $(date -u +%Y-%m-%d))"
	echo
	echo "- guest: $(cat "$dir/status"), $(($(date +%s) - start)) s"
	echo "- settings: $env"
	echo "- hotplug: $(echo "$results" | grep -o '[0-9]* CPU state changes' | head -n 1)"
	echo "- I/O completed: $(echo "$results" | grep -o '[a-z0-9]* completed [0-9]* MiB' | tr '\n' ';')"
	echo "- pm dry runs completed: $(echo "$results" | grep -c 'dry run completed' || true)"
	echo "- storm: $(echo "$results" | grep -o 'affinity storm: [0-9]*s, [0-9]* CPU state changes' | head -n 1)"
	echo "- checks: $passed passed, $failed failed; console $console"
	echo
	echo "Failures:"
	failures=$(echo "$results" | grep '^not ok' || true)
	if [ -n "$failures" ]; then
		echo "$failures" | sed 's/^/    /'
	else
		echo "    none"
	fi
} > "$report"
cat "$report"
[ "$failed" -eq 0 ] && [ "$(cat "$dir/status")" = exited ]

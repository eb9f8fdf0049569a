#!/bin/sh
# The scale guest of `make bench`: q35 with 240 possible CPUs (the xAPIC
# limit; TCG has no x2APIC), 16 of them running, in four NUMA nodes with
# the CPUs interleaved. The guest (harness/guest/scale.sh) times its steps;
# when it asks for more CPUs, this script adds them through QMP.
#   scale.sh VARIANT OUTDIR
# OUTDIR gets the boot's console.log, results.log and hotadd.log.
set -eu

variant=${1:?usage: scale.sh VARIANT OUTDIR}
out=${2:?usage: scale.sh VARIANT OUTDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
hotadd=${SCALE_HOTADD:-16}

rm -rf "$out"
mkdir -p "$out"
"$top/harness/qemu-boot.sh" --kernel "$top/build/$variant/src/out/arch/x86/boot/bzImage" \
	--initrd "$top/build/$variant/initramfs-test.cpio.gz" --shape q35-numa240 \
	--out "$out" --tests scale --timeout "${SCALE_TIMEOUT:-3600}" \
	--append "irqtest.variant=$variant irqtest.env=IRQV_HOTADD=$hotadd" &
boot=$!

while kill -0 "$boot" 2>/dev/null; do
	if grep -q "# scale: hot-add" "$out/results.log" 2>/dev/null; then
		python3 "$top/harness/qmp-hotadd.py" "$out/qmp.sock" "$hotadd" \
			> "$out/hotadd.log" 2>&1 || true
		break
	fi
	sleep 2
done
wait "$boot"

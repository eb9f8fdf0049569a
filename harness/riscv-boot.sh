#!/bin/sh
# Boot one riscv64 test guest on QEMU's virt machine with the AIA in MSI
# mode (APLIC + IMSIC) and wait for it, bounded.
#   riscv-boot.sh --kernel IMAGE --initrd CPIO --out DIR
#                 [--mode check|hang|shell] [--tests a,b] [--append ARGS]
#                 [--timeout SECONDS] [--smp N] [--no-nvme]
# Devices: virtio-blk-pci (8 queues) and NVMe on the PCIe host bridge,
# their MSIs delivered by the IMSIC. The virt machine has one UART, the
# kernel console (console.log); guest results travel on a virtio console
# (virtio-serial-pci, hvc0, results.log) so printk cannot interleave with
# them. DIR also gets status ("exited" or "timeout") and seconds. QEMU is
# ended by its own PID. TCG only.
#
# The UART is polled: the guest gets QEMU's device tree without the UART's
# interrupt. QEMU 7.2's APLIC in MSI mode sets a level-triggered source
# pending on every write of its number to setipnum_le, asserted or not
# (AIA spec 4.9.2 says only while asserted), and Linux writes it at each
# end of interrupt: the UART's interrupt (like any level-triggered wired
# source) then storms until "nobody cared" disables it, on either variant.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
mode=check tests=imsic append="" timeout=600 kernel="" initrd="" out="" smp=8 nvme=1
while [ $# -gt 0 ]; do
	case $1 in
	--no-nvme) nvme=0; shift; continue ;;
	--kernel) kernel=$2 ;;
	--initrd) initrd=$2 ;;
	--out) out=$2 ;;
	--mode) mode=$2 ;;
	--tests) tests=$2 ;;
	--append) append=$2 ;;
	--timeout) timeout=$2 ;;
	--smp) smp=$2 ;;
	*) echo "riscv-boot: unknown argument $1" >&2; exit 2 ;;
	esac
	shift 2
done
if [ -z "$kernel" ] || [ -z "$initrd" ] || [ -z "$out" ]; then
	echo "riscv-boot: --kernel, --initrd and --out are required" >&2
	exit 2
fi

bios=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
[ -f "$bios" ] || { echo "riscv-boot: no OpenSBI at $bios (harness/install-deps.sh)" >&2; exit 2; }
disks=$top/build/disks
mkdir -p "$disks" "$out"
[ -f "$disks/nvme.img" ] || truncate -s 64M "$disks/nvme.img"
[ -f "$disks/virtio.img" ] || truncate -s 64M "$disks/virtio.img"

cmdline="console=ttyS0 earlycon panic=-1 loglevel=7 printk.devkmsg=on"
cmdline="$cmdline sysctl.kernel.hung_task_timeout_secs=60 sysctl.kernel.hung_task_all_cpu_backtrace=1"
cmdline="$cmdline irqtest.mode=$mode irqtest.results=hvc0 irqtest.tests=$tests"
cmdline="$cmdline irqtest.expect=nvme,virtio $append"

machine="virt,aia=aplic-imsic"
qemu-system-riscv64 -M "$machine,dumpdtb=$out/virt.dtb" -smp "$smp" -m 1G \
	-display none -nodefaults > /dev/null 2>&1 || { echo "riscv-boot: dumpdtb failed" >&2; exit 2; }
dtc -q -I dtb -O dts "$out/virt.dtb" |
	awk '/serial@10000000 \{/ { uart = 1 }
		uart && /^[ \t]*interrupt(s|-parent) =/ { next }
		uart && /\};/ { uart = 0 }
		{ print }' | dtc -q -I dts -O dtb -o "$out/virt-polled-uart.dtb" ||
	{ echo "riscv-boot: device tree edit failed" >&2; exit 2; }

set -- -M "$machine" -accel tcg -smp "$smp" -m 1G -bios "$bios" \
	-dtb "$out/virt-polled-uart.dtb" \
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
	-display none -no-reboot -nodefaults \
	-drive "file=$disks/virtio.img,if=none,id=vdisk,format=raw,snapshot=on" \
	-device virtio-blk-pci,drive=vdisk,num-queues=8 \
	-device virtio-serial-pci -device "virtconsole,chardev=results"
if [ "$nvme" = 1 ]; then
	set -- "$@" -drive "file=$disks/nvme.img,if=none,id=nvmedisk,format=raw,snapshot=on" \
		-device nvme,serial=irqtest,drive=nvmedisk
fi

if [ "$mode" = shell ]; then
	exec qemu-system-riscv64 "$@" -serial mon:stdio \
		-chardev "file,id=results,path=$out/results.log"
fi

: > "$out/console.log"
: > "$out/results.log"
rm -f "$out/status" "$out/seconds"
qemu-system-riscv64 "$@" -serial "file:$out/console.log" \
	-chardev "file,id=results,path=$out/results.log" \
	-monitor none < /dev/null > "$out/qemu.log" 2>&1 &
pid=$!
echo "$pid" > "$out/qemu.pid"

waited=0
while kill -0 "$pid" 2>/dev/null; do
	if [ "$waited" -ge "$timeout" ]; then
		kill -TERM "$pid" 2>/dev/null || true
		sleep 2
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		echo timeout > "$out/status"
		echo "riscv-boot: guest killed after ${timeout}s" >&2
		exit 0
	fi
	sleep 1
	waited=$((waited + 1))
done
wait "$pid" 2>/dev/null || true
echo exited > "$out/status"
echo "$waited" > "$out/seconds"

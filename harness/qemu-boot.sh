#!/bin/sh
# Boot one test guest and wait for it, bounded.
#   qemu-boot.sh --kernel BZIMAGE --initrd CPIO --shape SHAPE --out DIR
#                [--mode check|run|shell|hang] [--tests a,b] [--append ARGS]
#                [--timeout SECONDS] [--wakeup qmp|record] [--swap FILE]
# DIR gets console.log (ttyS0), results.log (ttyS1) and status
# ("exited" or "timeout"). QEMU is ended by its own PID. The state of every
# vCPU, read through the QMP socket qmp.sock with symbols from the
# System.map beside BZIMAGE or of its build tree, goes to cpu-state-stall.log
# at the first RCU stall or hung task report on the console, and to
# cpu-state.log before a guest that ran out of time is killed.
# --wakeup qmp: harness/qmp-wakeup.py, on a second QMP socket wake.sock,
# wakes the guest from each suspend to RAM and writes wakeup.log (the QMP
# events, the guest's sleep marks and the S3 timings); "record" only
# records, the guest stays asleep. --swap FILE: FILE as a virtio-blk disk
# at PCI slot 9 (the guest's /dev/vdb), written through (no snapshot), for
# a hibernation image that a second boot resumes from.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
mode=check tests=boot append="" timeout=300 kernel="" initrd="" shape="" out=""
wakeup="" swap=""
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2 ;;
	--initrd) initrd=$2 ;;
	--shape) shape=$2 ;;
	--out) out=$2 ;;
	--mode) mode=$2 ;;
	--tests) tests=$2 ;;
	--append) append=$2 ;;
	--timeout) timeout=$2 ;;
	--wakeup) wakeup=$2 ;;
	--swap) swap=$2 ;;
	*) echo "qemu-boot: unknown argument $1" >&2; exit 2 ;;
	esac
	shift 2
done
if [ -z "$kernel" ] || [ -z "$initrd" ] || [ -z "$shape" ] || [ -z "$out" ]; then
	echo "qemu-boot: --kernel, --initrd, --shape and --out are required" >&2
	exit 2
fi

disks=$top/build/disks
mkdir -p "$disks" "$out"
[ -f "$disks/nvme.img" ] || truncate -s 64M "$disks/nvme.img"
[ -f "$disks/virtio.img" ] || truncate -s 64M "$disks/virtio.img"

smp=8 mem=1G machine="-M q35" expect="nvme,virtio" shape_args="" nvme=1
# Fewer NVMe I/O queues than CPUs: each managed queue interrupt has an
# affinity of several CPUs, so it moves within it before it shuts down.
nvme_queues=4
case $shape in
q35-iommu) shape_args="-device intel-iommu,intremap=on" ;;
q35-iommu-virtio) shape_args="-device intel-iommu,intremap=on"; expect=virtio; nvme=0 ;;
q35) ;;
# QEMU 7.2's NVMe with pin-based interrupts storms: tens of thousands of
# unhandled interrupts per MiB read, on the base kernel as on ours, until
# the kernel disables the line ("nobody cared"). Without MSI the legacy
# INTx path is exercised by virtio-blk alone.
pc-nomsi) machine="-M pc"; append="$append pci=nomsi"; expect=virtio; nvme=0 ;;
# Legacy PIC only: no IOAPIC, and virtio-blk on a PIC line (INTx).
pc-noapic) machine="-M pc"; append="$append noapic pci=nomsi"; expect=virtio; nvme=0 ;;
q35-smp1) smp=1 ;;
# Scale: 240 possible CPUs, the xAPIC limit, 16 running, four NUMA nodes
# with the CPUs interleaved; CPUs can be hot-added through QMP. One CPU per
# package, so that no cache is shared across nodes. Linux 6.12 counts
# QEMU's "Enabled=0" MADT entries as hotpluggable only under a detected
# hypervisor and TCG is none: without the CPUID hypervisor bit and with a
# VMware SMBIOS serial the guest finds VMware through QEMU's vmport.
q35-numa240)
	smp=16,maxcpus=240,sockets=240,cores=1,threads=1 mem=2G
	shape_args="-cpu qemu64,hypervisor=off -smbios type=1,serial=VMware-irqtest-scale"
	for node in 0 1 2 3; do
		shape_args="$shape_args -object memory-backend-ram,id=mem$node,size=512M"
		shape_args="$shape_args -numa node,nodeid=$node,memdev=mem$node"
	done
	cpu=0
	while [ "$cpu" -lt 240 ]; do
		shape_args="$shape_args -numa cpu,node-id=$((cpu % 4)),socket-id=$cpu,core-id=0,thread-id=0"
		cpu=$((cpu + 1))
	done ;;
q35-maxcpus2) shape_args="-device intel-iommu,intremap=on"; append="$append maxcpus=2" ;;
*) echo "qemu-boot: unknown shape $shape" >&2; exit 2 ;;
esac

accel=$("$top/harness/accel.sh" "$kernel")
cmdline="console=ttyS0,115200 panic=-1 loglevel=7 printk.devkmsg=on no_timer_check"
cmdline="$cmdline sysctl.kernel.hung_task_timeout_secs=30 sysctl.kernel.hung_task_all_cpu_backtrace=1"
cmdline="$cmdline irqtest.mode=$mode"
cmdline="$cmdline irqtest.tests=$tests irqtest.expect=$expect $append"

# shellcheck disable=SC2086
set -- $machine $shape_args -accel "$accel" -smp "$smp" -m "$mem" \
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
	-display none -no-reboot -nodefaults \
	-drive "file=$disks/virtio.img,if=none,id=vdisk,format=raw,snapshot=on" \
	-device virtio-blk-pci,drive=vdisk,num-queues=8

# A unix socket's path has at most 107 bytes.
qmp=$out/qmp.sock
if [ "${#qmp}" -le 107 ]; then
	set -- "$@" -qmp "unix:$qmp,server=on,wait=off"
else
	echo "qemu-boot: no QMP socket, its path is too long: $qmp" >&2
	qmp=""
fi

# QEMU's edu device on every q35 machine: an MSI without per-vector mask,
# driven by the irqv_edu test driver only when a test loads it.
case $machine in
*q35*) set -- "$@" -device edu ;;
esac

if [ "$nvme" = 1 ]; then
	set -- "$@" -drive "file=$disks/nvme.img,if=none,id=nvmedisk,format=raw,snapshot=on" \
		-device nvme,serial=irqtest,drive=nvmedisk,max_ioqpairs=$nvme_queues
fi

# The swap disk at a fixed slot after the others: always /dev/vdb.
if [ -n "$swap" ]; then
	[ -f "$swap" ] || { echo "qemu-boot: no swap image $swap" >&2; exit 2; }
	set -- "$@" -drive "file=$swap,if=none,id=swapdisk,format=raw" \
		-device virtio-blk-pci,drive=swapdisk,addr=0x9
fi

# A second QMP socket for the waker, so that qmp-cpu-state.py keeps qmp.sock.
wake=$out/wake.sock
case $wakeup in
"") ;;
qmp|record)
	[ "${#wake}" -le 107 ] || { echo "qemu-boot: socket path too long: $wake" >&2; exit 2; }
	rm -f "$wake"
	set -- "$@" -qmp "unix:$wake,server=on,wait=off" ;;
*) echo "qemu-boot: unknown --wakeup $wakeup" >&2; exit 2 ;;
esac

if [ "$mode" = shell ]; then
	exec qemu-system-x86_64 "$@" -serial mon:stdio -serial "file:$out/results.log"
fi

: > "$out/console.log"
: > "$out/results.log"
qemu-system-x86_64 "$@" -serial "file:$out/console.log" \
	-serial "file:$out/results.log" -monitor none < /dev/null > "$out/qemu.log" 2>&1 &
pid=$!
echo "$pid" > "$out/qemu.pid"
waker=""
if [ -n "$wakeup" ]; then
	record=""
	[ "$wakeup" = record ] && record=--record
	# shellcheck disable=SC2086
	python3 "$top/harness/qmp-wakeup.py" "$wake" "$out/results.log" $record \
		> "$out/wakeup.log" 2>&1 &
	waker=$!
fi

# The waker ends when QEMU closes its socket; bounded all the same.
end_waker() {
	[ -n "$waker" ] || return 0
	tries=50
	while kill -0 "$waker" 2>/dev/null && [ "$tries" -gt 0 ]; do
		sleep 0.1
		tries=$((tries - 1))
	done
	kill -TERM "$waker" 2>/dev/null || true
	wait "$waker" 2>/dev/null || true
}

# The System.map of the kernel booted: beside a copied bzImage, or at the
# top of the build tree of arch/x86/boot/bzImage.
system_map() {
	for map in "$(dirname "$kernel")/System.map" "$(dirname "$kernel")/../../../System.map"; do
		[ -f "$map" ] && { echo "$map"; return 0; }
	done
	return 0
}

record_cpu_state() {
	[ -n "$qmp" ] || { echo "qemu-boot: no QMP socket"; return 1; }
	# shellcheck disable=SC2046
	timeout 120 python3 "$top/harness/qmp-cpu-state.py" "$qmp" $(system_map)
}

stall_reported() {
	grep -qE 'detected stalls on CPUs|self-detected stall on CPU|blocked for more than [0-9]+ seconds' \
		"$out/console.log"
}

waited=0
while kill -0 "$pid" 2>/dev/null; do
	if [ "$waited" -ge "$timeout" ]; then
		record_cpu_state > "$out/cpu-state.log" 2>&1 || true
		kill -TERM "$pid" 2>/dev/null || true
		sleep 2
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		end_waker
		echo timeout > "$out/status"
		echo "qemu-boot: $shape: guest killed after ${timeout}s" >&2
		exit 0
	fi
	if [ $((waited % 5)) = 4 ] && [ ! -e "$out/cpu-state-stall.log" ] && stall_reported; then
		record_cpu_state > "$out/cpu-state-stall.log" 2>&1 || true
	fi
	sleep 1
	waited=$((waited + 1))
done
wait "$pid" 2>/dev/null || true
end_waker
echo exited > "$out/status"
echo "$waited" > "$out/seconds"

#!/bin/sh
# RISC-V boot test: the IMSIC's matrix is visible in debugfs and consistent
# with itself and with the IMSIC driver; every expected device (and the
# results console) took its interrupts as IMSIC vectors and completes I/O.
# Plan: 2 + 3 * devices + 6 (imsic_report), the devices those of
# irqtest.expect.
# shellcheck source=harness/guest/imsic_lib.sh
. /tests/imsic_lib.sh

device_node() {
	case $1 in
	nvme) echo /dev/nvme0n1 ;;
	virtio) echo /dev/vda ;;
	esac
}

# Action names of a device's interrupts in /proc/interrupts.
device_irq_names() {
	case $1 in
	nvme) echo '^nvme0q[0-9]+$' ;;
	virtio) echo "^$(imsic_virtio_of /dev/vda)-(config|req\\.[0-9]+)\$" ;;
	esac
}

devices=$(echo "$IRQTEST_EXPECT" | tr ',' ' ')
t_plan $((2 + 3 * $(echo "$devices" | wc -w) + IMSIC_REPORT_RESULTS))
files=$(imsic_domain_file)
n=$(echo "$files" | grep -c .)
if [ "$n" -ne 1 ]; then
	t_abort "IMSIC: $n matrix domain files without parent in $IMSIC_DOMAINS: $files"
fi
IRQV_DOMAIN=$files
t_ok "IMSIC: matrix in $IRQV_DOMAIN"
ids=$(imsic_num_ids)
t_check "IMSIC: riscv,num-ids of the domain's device tree node read ($ids)" test "$ids" -gt 0
t_diag "IMSIC matrix after boot:"
sed 's/^/#   /' "$IRQV_DOMAIN" | head -n 40
t_diag "/proc/interrupts:"
sed 's/^/#   /' /proc/interrupts

imsic_snapshot
for dev in $devices; do
	node=$(device_node "$dev")
	t_check "$dev: block device $node present" test -b "$node"
	irqs=$(imsic_irqs_named "$(device_irq_names "$dev")")
	total=$(echo "$irqs" | grep -c .)
	imsic=$(for irq in $irqs; do awk -v i="$irq" '$1 == i' "$IMSIC_SNAP"; done | grep -c .)
	if [ "$total" -gt 0 ] && [ "$imsic" -eq "$total" ]; then
		t_ok "$dev: $total interrupts, each with an IMSIC vector"
	else
		t_fail "$dev: $total interrupts, $imsic of them with an IMSIC vector"
	fi
	irqv_check_disk_interrupts "$dev after boot" "$node"
done

imsic_reset_problems
imsic_check_state boot
imsic_report "after boot"
t_done

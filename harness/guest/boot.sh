#!/bin/sh
# Boot test: the vector domain is visible, every expected device found its
# interrupts and completes I/O, and all of that survives taking every
# non-boot CPU offline and back online.
# Plan: 2 + 3 * devices + (3 + 2 * devices if a CPU can go offline), the
# devices those of irqtest.expect.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. /tests/irq_vectors/irqv_lib.sh

# Every started interrupt targets an online CPU of its affinity. Booted
# with noapic there is no IOAPIC and no MSI: every device interrupt is a
# legacy PIC line whose vector is a system vector on every CPU, so nothing
# targets a CPU; there every started interrupt must be on the PIC instead.
# One result either way.
check_targets() {
	if ! grep -qw noapic /proc/cmdline; then
		irqv_check_targets "$1"
		return
	fi
	n=0 bad=""
	for f in "$IRQV_IRQS"/[0-9]*; do
		grep -q IRQD_IRQ_STARTED "$f" || continue
		n=$((n + 1))
		awk '$1 == "chip:" && $2 == "XT-PIC" { f = 1 } END { exit !f }' "$f" ||
			bad="$bad ${f##*/}"
	done
	if [ "$n" -gt 0 ] && [ -z "$bad" ]; then
		t_ok "$1 (noapic): $n checked, every started interrupt is a legacy PIC line"
	else
		t_fail "$1 (noapic): $n checked, not on the PIC:${bad:- none checked}"
	fi
}

device_node() {
	case $1 in
	nvme) echo /dev/nvme0n1 ;;
	virtio) echo /dev/vda ;;
	esac
}

devices=$(echo "$IRQTEST_EXPECT" | tr ',' ' ')
ndev=$(echo "$devices" | wc -w)
cpus=$(hotplug_cpus)
hot=0
[ -n "$cpus" ] && hot=$((3 + 2 * ndev))
t_plan $((2 + 3 * ndev + hot))

t_check "debugfs $IRQV_DOMAIN readable" test -r "$IRQV_DOMAIN"
t_diag "vector matrix after boot:"
sed 's/^/#   /' "$IRQV_DOMAIN" 2>/dev/null | head -40
check_targets "after boot"

for dev in $devices; do
	node=$(device_node "$dev")
	t_check "$dev: block device $node present" test -b "$node"
	lines=$(grep -c "$(irqv_disk_irq_pattern "$node")" /proc/interrupts)
	t_check "$dev: has interrupts ($lines in /proc/interrupts)" test "$lines" -gt 0
	irqv_check_disk_interrupts "$dev after boot" "$node"
done

if [ -z "$cpus" ]; then
	t_diag "hotplug: only the boot CPU, which cannot go offline"
else
	failed=""
	for cpu in $cpus; do
		cpu_set_online "$cpu" 0 || failed="$failed off:$cpu"
	done
	check_targets "with only the boot CPU online"
	for dev in $(echo "$IRQTEST_EXPECT" | tr ',' ' '); do
		irqv_check_disk_interrupts "$dev with only the boot CPU online" "$(device_node "$dev")"
	done
	for cpu in $cpus; do
		cpu_set_online "$cpu" 1 || failed="$failed on:$cpu"
	done
	if [ -z "$failed" ]; then
		t_ok "hotplug: CPUs $(echo "$cpus" | tr '\n' ' ')went offline and online"
	else
		t_fail "hotplug: failed:$failed"
	fi
	check_targets "after onlining"
	for dev in $(echo "$IRQTEST_EXPECT" | tr ',' ' '); do
		irqv_check_disk_interrupts "$dev after hotplug" "$(device_node "$dev")"
	done
fi
t_done

#!/bin/sh
# Boot test: the vector domain is visible, every expected device found its
# interrupts and completes I/O, and all of that survives taking every
# non-boot CPU offline and back online.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. /tests/irq_vectors/irqv_lib.sh

device_node() {
	case $1 in
	nvme) echo /dev/nvme0n1 ;;
	virtio) echo /dev/vda ;;
	esac
}

t_check "debugfs $IRQV_DOMAIN readable" test -r "$IRQV_DOMAIN"
t_diag "vector matrix after boot:"
sed 's/^/#   /' "$IRQV_DOMAIN" 2>/dev/null | head -40

for dev in $(echo "$IRQTEST_EXPECT" | tr ',' ' '); do
	node=$(device_node "$dev")
	t_check "$dev: block device $node present" test -b "$node"
	lines=$(grep -c "$(irqv_disk_irq_pattern "$node")" /proc/interrupts)
	t_check "$dev: has interrupts ($lines in /proc/interrupts)" test "$lines" -gt 0
	irqv_check_disk_interrupts "$dev after boot" "$node"
done

cpus=$(hotplug_cpus)
if [ -z "$cpus" ]; then
	t_diag "hotplug: only the boot CPU, which cannot go offline"
else
	failed=""
	for cpu in $cpus; do
		cpu_set_online "$cpu" 0 || failed="$failed off:$cpu"
	done
	irqv_check_targets "with only the boot CPU online"
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
	irqv_check_targets "after onlining"
	for dev in $(echo "$IRQTEST_EXPECT" | tr ',' ' '); do
		irqv_check_disk_interrupts "$dev after hotplug" "$(device_node "$dev")"
	done
fi
t_done

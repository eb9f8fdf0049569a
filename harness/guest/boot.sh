#!/bin/sh
# Boot test: the vector domain is visible, every expected device found its
# interrupts and completes I/O, and all of that survives taking every
# non-boot CPU offline and back online.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. /tests/irq_vectors/irqv_lib.sh

vector_domain=/sys/kernel/debug/irq/domains/VECTOR

device_pattern() {
	case $1 in
	nvme) echo "nvme0q" ;;
	virtio) echo "virtio[0-9]" ;;
	esac
}

device_node() {
	case $1 in
	nvme) echo /dev/nvme0n1 ;;
	virtio) echo /dev/vda ;;
	esac
}

check_io() {
	pattern=$(device_pattern "$1")
	node=$(device_node "$1")
	before=$(irq_count "$pattern")
	if ! disk_read "$node"; then
		t_fail "$1: read from $node $2"
		return
	fi
	after=$(irq_count "$pattern")
	if [ "$after" -gt "$before" ]; then
		t_ok "$1: read from $node $2 raised interrupts ($before -> $after)"
	else
		t_fail "$1: read from $node $2 raised no interrupt ($before -> $after)"
	fi
}

# Every started interrupt targets an online CPU.
check_targets_online() {
	online=$(cat /sys/devices/system/cpu/online)
	bad=""
	for dir in /proc/irq/[0-9]*; do
		[ -r "$dir/effective_affinity_list" ] || continue
		eff=$(cat "$dir/effective_affinity_list")
		[ -n "$eff" ] || continue
		for cpu in $(echo "$eff" | tr ',' ' '); do
			case $cpu in *-*) continue ;; esac
			[ -d "/sys/devices/system/cpu/cpu$cpu" ] || continue
			state=1
			[ -f "/sys/devices/system/cpu/cpu$cpu/online" ] &&
				state=$(cat "/sys/devices/system/cpu/cpu$cpu/online")
			[ "$state" = 1 ] || bad="$bad ${dir##*/}->$cpu"
		done
	done
	if [ -z "$bad" ]; then
		t_ok "all interrupts target online CPUs ($online) $1"
	else
		t_fail "interrupts target offline CPUs:$bad $1"
	fi
}

t_check "debugfs $vector_domain readable" test -r "$vector_domain"
t_diag "vector matrix after boot:"
sed 's/^/#   /' "$vector_domain" 2>/dev/null | head -40

for dev in $(echo "$IRQTEST_EXPECT" | tr ',' ' '); do
	node=$(device_node "$dev")
	pattern=$(device_pattern "$dev")
	t_check "$dev: block device $node present" test -b "$node"
	lines=$(grep -c "$pattern" /proc/interrupts)
	t_check "$dev: has interrupts ($lines in /proc/interrupts)" test "$lines" -gt 0
	check_io "$dev" "after boot"
done

cpus=$(hotplug_cpus)
if [ -z "$cpus" ]; then
	t_skip "hotplug: no CPU can go offline"
else
	failed=""
	for cpu in $cpus; do
		cpu_set_online "$cpu" 0 || failed="$failed off:$cpu"
	done
	check_targets_online "with only the boot CPU online"
	for dev in $(echo "$IRQTEST_EXPECT" | tr ',' ' '); do
		check_io "$dev" "with only the boot CPU online"
	done
	for cpu in $cpus; do
		cpu_set_online "$cpu" 1 || failed="$failed on:$cpu"
	done
	if [ -z "$failed" ]; then
		t_ok "hotplug: CPUs $(echo "$cpus" | tr '\n' ' ')went offline and online"
	else
		t_fail "hotplug: failed:$failed"
	fi
	check_targets_online "after onlining"
	for dev in $(echo "$IRQTEST_EXPECT" | tr ',' ' '); do
		check_io "$dev" "after hotplug"
	done
fi
echo "1..$t_count"

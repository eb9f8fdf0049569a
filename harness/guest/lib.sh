#!/bin/sh
# Helpers for in-guest tests: KTAP-style result lines on stdout.
# shellcheck disable=SC2034

t_count=0
t_failed=0

t_ok() {
	t_count=$((t_count + 1))
	echo "ok $t_count $*"
}

t_fail() {
	t_count=$((t_count + 1))
	t_failed=$((t_failed + 1))
	echo "not ok $t_count $*"
}

t_skip() {
	t_count=$((t_count + 1))
	echo "ok $t_count $* # SKIP"
}

# t_check DESCRIPTION COMMAND...: ok when the command succeeds.
t_check() {
	desc=$1
	shift
	if "$@"; then t_ok "$desc"; else t_fail "$desc"; fi
}

t_diag() {
	echo "# $*"
}

# Non-boot CPUs that can go offline.
hotplug_cpus() {
	for dir in /sys/devices/system/cpu/cpu[0-9]*; do
		[ -f "$dir/online" ] || continue
		echo "${dir##*/cpu}"
	done | sort -n
}

cpu_set_online() {
	echo "$2" > "/sys/devices/system/cpu/cpu$1/online"
}

# Sum of interrupt counts of /proc/interrupts lines whose name matches $1.
irq_count() {
	awk -v pat="$1" '
		NR == 1 { ncpu = NF; next }
		$0 ~ pat { for (i = 2; i <= ncpu + 1; i++) s += $i }
		END { print s + 0 }' /proc/interrupts
}

# Read 1 MiB with O_DIRECT from a block device.
disk_read() {
	dd if="$1" of=/dev/null bs=4096 count=256 iflag=direct 2>/dev/null
}

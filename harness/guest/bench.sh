#!/bin/sh
# In-guest figures for `make bench`, as "BENCH name value" lines:
# CPU offline plus online latency with 16, 128 and 512 activated interrupts
# (irqv_load), and vectors per CPU after boot and after a hibernation dry run.
# Plan: 0 (figures, no checks).
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. /tests/irq_vectors/irqv_lib.sh

rounds=${IRQV_BENCH_ROUNDS:-7}
t_plan 0

# Hundredths of a second since boot.
now_cs() {
	awk '{ split($1, t, "."); print t[1] * 100 + t[2] }' /proc/uptime
}

vectors_per_cpu() {
	irqv_cpu_rows | while read -r cpu avl man mac act _; do
		echo "BENCH vectors_$1 cpu$cpu act=$act avl=$avl man=$man mac=$mac"
	done
}

cpus=$(hotplug_cpus)
vectors_per_cpu boot

if [ -f /lib/modules/irqv_load.ko ] && [ -n "$cpus" ]; then
	for n in 16 128 512; do
		insmod /lib/modules/irqv_load.ko count="$n"
		irqv_wait_quiescent 10
		r=1
		while [ "$r" -le "$rounds" ]; do
			start=$(now_cs)
			cycles=0
			for cpu in $cpus; do
				cpu_set_online "$cpu" 0
				cpu_set_online "$cpu" 1
				cycles=$((cycles + 1))
			done
			end=$(now_cs)
			echo "BENCH hotplug irqs=$n round=$r cycles=$cycles centiseconds=$((end - start))"
			r=$((r + 1))
		done
		rmmod irqv_load
	done
fi

if [ -w /sys/power/pm_test ] && grep -qw disk /sys/power/state; then
	irqv_pm_dry_run disk > /dev/null || t_diag "hibernation dry run failed"
	irqv_wait_quiescent 10
	vectors_per_cpu hibernate
fi
t_diag "bench figures collected"
t_done

#!/bin/sh
# In-guest figures for `make bench`, as "BENCH name value" lines:
# CPU offline plus online latency with 16, 128 and 512 activated interrupts
# (irqv_load), vectors per CPU after boot and after a hibernation dry run,
# and the suspend and hibernation dry runs (pm_test=core) with 185 and with
# 1000 interrupts of irqv_load's maskable device: the time of each, how
# many test interrupts changed Target or Vector, and the vectors per CPU
# before and after. "moved" counts the test interrupts whose Target or
# Vector differs from what they had before the first dry run.
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

# "IRQ Target Vector" of every irqv_load interrupt, from debugfs irqs/N.
test_places() {
	awk '/irqv_load/ { sub(":", "", $1); print $1 }' /proc/interrupts |
		(cd "$IRQV_IRQS" && xargs grep -HE '^ *(Vector|Target):') |
		awk -F: '{ gsub(/ /, "", $2); v[$1, $2] = $3 + 0; n[$1] = 1 }
			END { for (i in n) print i, v[i, "Target"], v[i, "Vector"] }' |
		sort -n
}

# One dry run of each kind with $2 maskable device interrupts, the $1 load.
sleep_figures() {
	if ! insmod /lib/modules/irqv_load.ko dev=1 count="$2" pcntxt=1; then
		echo "BENCH sleep load=$1 irqs=$2 pm=mem result=no_module centiseconds=- moved=-"
		return
	fi
	irqv_wait_quiescent 10
	vectors_per_cpu "sleep_$1_before"
	test_places > /tmp/bench.before
	for pm in mem disk; do
		start=$(now_cs)
		result=ok
		downs=$(dmesg | grep -c 'Error taking CPU[0-9]* down')
		err=$(irqv_pm_dry_run "$pm") || result=$(echo "$err" | tr -c 'a-zA-Z0-9\n' _)
		end=$(now_cs)
		# 6.12's hibernation returns 0 when it could not take a CPU
		# down (patches/pm-hibernate-keep-snapshot-error.patch).
		[ "$(dmesg | grep -c 'Error taking CPU[0-9]* down')" = "$downs" ] ||
			[ "$result" != ok ] || result=success_reported_but_a_CPU_stayed_up
		irqv_all_online
		irqv_wait_quiescent 10
		moved=$(test_places | diff /tmp/bench.before - | grep -c '^+[0-9]')
		echo "BENCH sleep load=$1 irqs=$2 pm=$pm result=$result" \
			"centiseconds=$((end - start)) moved=$moved"
		vectors_per_cpu "sleep_$1_$pm"
	done
	rmmod irqv_load
}

if [ -f /lib/modules/irqv_load.ko ] && [ -w /sys/power/pm_test ]; then
	irqv_wait_quiescent 10
	fit=$(($(irqv_cpu0_capacity) - $(irqv_regular_allocated)))
	small=185
	[ "$fit" -lt "$small" ] && small=$fit
	sleep_figures small "$small"
	sleep_figures large 1000
fi
t_diag "bench figures collected"
t_done

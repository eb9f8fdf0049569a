#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Affinity storm: concurrent affinity writes on busy interrupts while CPUs go
# offline and online and block I/O runs. No I/O is lost, nothing leaks.
#   IRQV_STORM_SECONDS: duration (default 20)
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

seconds=${IRQV_STORM_SECONDS:-20}
cpus=$(hotplug_cpus)
[ -n "$cpus" ] || { t_skip "affinity storm: no CPU can go offline"; t_done; }
possible=$(sed 's/.*-//' /sys/devices/system/cpu/possible)

movable_irqs() {
	for irq in $(irqv_vector_irqs); do
		irqv_irq_has_state "$irq" IRQD_IRQ_STARTED || continue
		irqv_irq_has_state "$irq" IRQD_AFFINITY_MANAGED && continue
		irqv_irq_has_state "$irq" IRQD_PER_CPU && continue
		[ -w "/proc/irq/$irq/smp_affinity_list" ] && echo "$irq"
	done
}

writer() {
	while [ ! -f /tmp/storm.stop ]; do
		for irq in $irqs; do
			a=$(irqv_random $((possible + 1)))
			b=$(irqv_random $((possible + 1)))
			if [ "$a" -gt "$b" ]; then c=$a; a=$b; b=$c; fi
			echo "$a-$b" 2>/dev/null > "/proc/irq/$irq/smp_affinity_list"
		done
	done
}

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
irqs=$(movable_irqs | tr '\n' ' ')
t_diag "storming irqs: $irqs"
rm -f /tmp/storm.stop
irqv_io_start
writer & w1=$!
writer & w2=$!

end=$(($(date +%s) + seconds))
ops=0
while [ "$(date +%s)" -lt "$end" ]; do
	for cpu in $cpus; do
		if irqv_cpu_online "$cpu"; then
			cpu_set_online "$cpu" 0 2>/dev/null && ops=$((ops + 1))
		else
			cpu_set_online "$cpu" 1 2>/dev/null && ops=$((ops + 1))
		fi
		[ "$(date +%s)" -lt "$end" ] || break
	done
done
touch /tmp/storm.stop
wait "$w1" "$w2"
irqv_all_online
t_ok "affinity storm: ${seconds}s, $ops CPU state changes"
irqv_io_stop "affinity storm"
for irq in $irqs; do
	echo "0-$possible" 2>/dev/null > "/proc/irq/$irq/smp_affinity_list"
done
irqv_check_all "after affinity storm" "$baseline"
t_done

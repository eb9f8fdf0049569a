#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Managed interrupts set up while the only CPU of their affinity is
# offline, as when a driver binds then or the NVMe driver sets its queues
# up again on resume while a CPU failed to come back from sleep: their
# vectors are reserved on the offline CPU. Once it is online again, its
# row of the VECTOR view must count them: avl = capacity - managed -
# regular. 6.12 counted them as available too: irq_matrix_reserve_managed()
# took a reservation from the available count of an online CPU only, and
# irq_matrix_online() computes the count at the first online only (F9).
# The interrupts then start on that CPU and are delivered there. They are
# freed while the CPU is offline again (the other half of the same
# accounting), and the VECTOR totals are back to the boot's.
# Plan: 9 + 2 * IRQV_CHECK_ALL_RESULTS + 1.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

t_plan $((9 + 2 * IRQV_CHECK_ALL_RESULTS + 1))
label="managed offline reserve"
cpu=$(hotplug_cpus | tail -n 1)
[ -n "$cpu" ] || t_abort "$label: needs a CPU which can go offline"
count=2

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)

range=$(irqv_range)
first=${range% *} end=${range#* }
acct_cap=$((end - first - $(irqv_system_in_range "$range")))

# The row of $cpu against the vectors and managed interrupts listed
# (irqv_accounting_diff reads acct_cap).
row_diff() {
	irqv_accounting_diff | tr ' ' '\n' | grep "^cpu$cpu:"
}

irqv_check_set_online "$label" "$cpu" 0
irqv_load_module "$label" count="$count" managed_cpus="$cpu" ||
	{ t_skip_rest "$label: no irqv_load"; t_done; }
awk '/irqv_load/ { sub(":", "", $1); print $1 }' /proc/interrupts > /tmp/mor.irqs
shut=0
while read -r irq; do
	irqv_irq_has_state "$irq" IRQD_AFFINITY_MANAGED &&
		! irqv_irq_has_state "$irq" IRQD_IRQ_STARTED && shut=$((shut + 1))
done < /tmp/mor.irqs
t_check "$label: $shut of $count managed interrupts of CPU $cpu reserved, not started" \
	[ "$shut" = "$count" ]

irqv_check_set_online "$label" "$cpu" 1
irqv_wait_quiescent 10
tries=3
bad=$(row_diff | tr '\n' ' ' | sed 's/ $//')
while [ -n "$bad" ] && [ "$tries" -gt 1 ]; do
	tries=$((tries - 1))
	sleep 0.5
	bad=$(row_diff | tr '\n' ' ' | sed 's/ $//')
done
row=$(irqv_cpu_rows | awk -v c="$cpu" '$1 == c { print "avl " $2 ", managed " $3 }')
if [ -z "$bad" ] && [ -n "$row" ]; then
	t_ok "$label: CPU $cpu back online counts the reservations ($row," \
		"capacity $acct_cap)"
else
	t_fail_known_on_base -f F9 \
		"$label: CPU $cpu back online: row ${row:-missing}: ${bad:-no row}"
fi

delivered=0
while read -r irq; do
	before=$(irqv_irq_cpu_count "$irq" "$cpu")
	irqv_trigger "$irq" && [ "$(irqv_irq_field "$irq" Target)" = "$cpu" ] &&
		[ "$(irqv_irq_cpu_count "$irq" "$cpu")" -eq $((before + 1)) ] &&
		delivered=$((delivered + 1))
done < /tmp/mor.irqs
t_check "$label: $delivered of $count interrupts started on CPU $cpu and handled there" \
	[ "$delivered" = "$count" ]
irqv_check_all "$label, CPU $cpu back"

irqv_check_set_online "$label" "$cpu" 0
t_check "$label: irqv_load unloaded while CPU $cpu is offline" rmmod irqv_load
irqv_check_set_online "$label" "$cpu" 1
irqv_wait_quiescent 10
irqv_check_all "after $label" "$baseline"
t_done

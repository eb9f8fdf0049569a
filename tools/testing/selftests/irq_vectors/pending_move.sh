#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A move that stays pending, then a CPU of it goes offline (the class of
# CVE-2024-31076). An interrupt of the vector domain that cannot move in
# process context only records an affinity change; its next interrupt
# installs the new vector and keeps the old one, and the move completes
# when an interrupt arrives on the new one. Here no interrupt arrives: the
# old target goes offline, and in a second round the new target does.
# Neither vector may leak, and the interrupt must still reach its handler.
# Plan: 11 + IRQV_CHECK_ALL_RESULTS + 1.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

t_plan $((11 + IRQV_CHECK_ALL_RESULTS + 1))
cpus=$(hotplug_cpus)
if [ "$(echo "$cpus" | wc -w)" -lt 3 ]; then
	t_abort "pending move: needs three CPUs which can go offline"
fi
a=$(echo "$cpus" | sed -n 1p)
b=$(echo "$cpus" | sed -n 2p)
c=$(echo "$cpus" | sed -n 3p)

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
irqv_load_module "pending move" count=1 cpu="$a" ||
	{ t_skip_rest "pending move: no irqv_load"; t_done; }
irq=$(cat "$IRQV_PARAMS/first_irq")

# start_move LABEL NEW_CPU: leave irq $irq with a move to NEW_CPU in flight.
start_move() {
	from=$(irqv_irq_field "$irq" Target)
	echo "$2" > "/proc/irq/$irq/smp_affinity_list"
	trig=""
	if [ "$(irqv_irq_field "$irq" Target)" != "$2" ]; then
		t_diag "$1: affinity change pending until the next interrupt"
		irqv_trigger "$irq" || trig=" (trigger on CPU $from not handled)"
	fi
	if [ -z "$trig" ] && [ "$(irqv_irq_field "$irq" Target)" = "$2" ] &&
		[ "$(irqv_irq_field "$irq" move_in_progress)" = 1 ] &&
		grep -q "Previous target: *$from\$" "$IRQV_IRQS/$irq"; then
		t_ok "$1: move of irq $irq from CPU $from to CPU $2 in progress"
	else
		t_fail "$1: no move in progress$trig:" \
			"$(irqv_irq_show "$irq" 'Vector|Target|Previous|move_in')"
	fi
}

# after_offline LABEL CPU: the move is over, the interrupt targets an
# online CPU, nothing leaked, and it still reaches its handler.
after_offline() {
	if [ "$(irqv_irq_field "$irq" move_in_progress)" = 0 ] &&
		! grep -q "Previous vector" "$IRQV_IRQS/$irq" &&
		irqv_cpu_online "$(irqv_irq_field "$irq" Target)"; then
		t_ok "$1: move finished, irq $irq on CPU $(irqv_irq_field "$irq" Target)"
	else
		t_fail "$1: $(irqv_irq_show "$irq" 'Vector|Target|Previous|move_in|cleanup')"
	fi
	irqv_check_vector_owners "$1, CPU $2 offline"
	cpu_set_online "$2" 1
	irqv_check_vector_owners "$1, CPU $2 back"
	target=$(irqv_irq_field "$irq" Target)
	before=$(irqv_irq_cpu_count "$irq" "$target")
	if irqv_trigger "$irq" && [ "$(irqv_irq_cpu_count "$irq" "$target")" -gt "$before" ]; then
		t_ok "$1: irq $irq delivered on CPU $target"
	else
		t_fail "$1: irq $irq not delivered on CPU $target"
	fi
}

start_move "old target offline" "$b"
cpu_set_online "$a" 0
after_offline "old target offline" "$a"

start_move "new target offline" "$c"
cpu_set_online "$c" 0
after_offline "new target offline" "$c"

rmmod irqv_load
irqv_check_all "after pending move" "$baseline"
t_done

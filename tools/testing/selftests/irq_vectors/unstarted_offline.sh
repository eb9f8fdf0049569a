#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# An interrupt which is activated but not started (requested with
# IRQF_NO_AUTOEN) is not migrated when its CPU goes offline: it keeps its
# vector there. When the CPU is back, its vector_irq slot must be there
# before the start: an interrupt which arrives before the start waits,
# pending, and reaches its handler when the interrupt is enabled. After
# the start the next interrupt must reach its handler on that CPU too
# (the handler's count and the CPU's column of /proc/interrupts), not end
# as "No irq handler for CPU.VECTOR" with the interrupt dead for good.
# Twice: as requested by default, with an interrupt before the start, and
# with IRQF_NOBALANCING, whose start does not apply the affinity again (so
# nothing on the way of the start may be what installs the slot), without
# one. Each write to the CPU's online file is checked, with its effect.
# Plan: 7 + 6 + IRQV_CHECK_ALL_RESULTS + 1.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

module=/lib/modules/irqv_load.ko
params=/sys/module/irqv_load/parameters
t_plan $((7 + 6 + IRQV_CHECK_ALL_RESULTS + 1))
cpu=$(hotplug_cpus | tail -n 1)
[ -f "$module" ] || t_abort "unstarted offline: no irqv_load test module"
[ -n "$cpu" ] || t_abort "unstarted offline: no CPU can go offline"

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)

# wait_handled N: wait up to a second until the handler saw N interrupts.
wait_handled() {
	wh_tries=10
	while [ "$(cat "$params/handled")" -lt "$1" ] && [ "$wh_tries" -gt 0 ]; do
		sleep 0.1
		wh_tries=$((wh_tries - 1))
	done
}

# unstarted LABEL early|late [MODULE PARAMETER...]: with "early" an
# interrupt is raised before the start too: seven results, else six.
unstarted() {
	label=$1 when=$2
	shift 2
	insmod "$module" count=1 cpu="$cpu" noautoen=1 "$@" ||
		t_abort "$label: insmod irqv_load failed"
	irq=$(cat "$params/first_irq")
	vector=$(irqv_irq_field "$irq" Vector)
	if [ "$(irqv_irq_field "$irq" Target)" = "$cpu" ] && [ "${vector:-0}" -gt 0 ] &&
		irqv_irq_has_state "$irq" IRQD_ACTIVATED &&
		! irqv_irq_has_state "$irq" IRQD_IRQ_STARTED; then
		t_ok "$label: irq $irq activated, not started, vector $vector on CPU $cpu"
	else
		t_fail "$label: irq $irq not set up as wanted:" \
			"$(irqv_irq_show "$irq" 'Vector|Target|IRQD_')"
	fi

	irqv_check_set_online "$label" "$cpu" 0
	irqv_check_set_online "$label" "$cpu" 1
	if [ "$(irqv_irq_field "$irq" Target)" = "$cpu" ] &&
		[ "$(irqv_irq_field "$irq" Vector)" = "$vector" ]; then
		t_ok "$label: irq $irq kept vector $vector on CPU $cpu across its offline"
	else
		t_fail "$label: irq $irq now $(irqv_irq_show "$irq" 'Vector|Target')"
	fi
	# Base 6.12 does not install the vector_irq slot of a not started
	# interrupt when its CPU comes back: the dispatch table disagrees there.
	irqv_check_vector_owners "$label, CPU $cpu back" known-on-base F5

	# An interrupt before the start: kept pending, handled at the start.
	if [ "$when" = early ]; then
		before=$(cat "$params/handled")
		echo trigger > "$IRQV_IRQS/$irq"
		sleep 0.3
		early=$(cat "$params/handled")
		echo 1 > "$params/enable"
		wait_handled $((before + 1))
		after=$(cat "$params/handled")
		if [ "$early" -eq "$before" ] && [ "$after" -eq $((before + 1)) ]; then
			t_ok "$label: irq $irq raised before its start reached its handler" \
				"at the start"
		else
			log=$(irqv_last_log 'No irq handler')
			msg="$label: irq $irq raised before its start: handled $before ->"
			msg="$msg $early before the start, $after after: $log"
			t_fail_known_on_base -f F5 "$msg" "No irq handler"
		fi
	else
		echo 1 > "$params/enable"
	fi

	before=$(cat "$params/handled")
	count=$(irqv_irq_cpu_count "$irq" "$cpu")
	echo trigger > "$IRQV_IRQS/$irq"
	wait_handled $((before + 1))
	after=$(cat "$params/handled")
	count_after=$(irqv_irq_cpu_count "$irq" "$cpu")
	if [ "$after" -eq $((before + 1)) ] && [ "$count_after" -eq $((count + 1)) ]; then
		t_ok "$label: enabled irq $irq delivered to its handler on CPU $cpu" \
			"(its /proc/interrupts count there $count -> $count_after)"
	else
		log=$(irqv_last_log 'No irq handler')
		t_fail_known_on_base -f F5 "$label: irq $irq not delivered on CPU $cpu \
(handled $before -> $after, CPU $cpu count $count -> $count_after): $log" "No irq handler"
	fi
	rmmod irqv_load
}

unstarted "unstarted offline" early
unstarted "unstarted offline, IRQF_NOBALANCING" late nobalancing=1
irqv_check_all "after unstarted offline" "$baseline"
t_done

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A managed interrupt which its driver disabled (disable_irq()) stays
# disabled while CPU hotplug shuts it down and starts it again: both CPUs
# of its affinity go offline, the interrupt is shut down, both come back,
# and it must still be disabled at depth 1 (debugfs: IRQD_IRQ_DISABLED,
# ddepth), not started behind the driver's back. The driver's enable_irq()
# is then accepted and the interrupt reaches its handler on a CPU of its
# affinity (the handler's count and that CPU's /proc/interrupts column).
# 6.12 set the depth to 1 at the shutdown and to 0 at the startup: the
# interrupt came back enabled and the enable_irq() warned "Unbalanced
# enable" (upstream 788019eb559f and its two fixes, which 6.12.y lacks).
# Plan: 13 + IRQV_CHECK_ALL_RESULTS + 1.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

t_plan $((13 + IRQV_CHECK_ALL_RESULTS + 1))
# The two last CPUs that can go offline: the affinity of the interrupt.
pair=$(hotplug_cpus | grep -vx 0 | tail -n 2)
[ "$(echo "$pair" | wc -w)" -eq 2 ] || t_abort "managed depth: needs two CPUs that can go offline"
cpu_a=$(echo "$pair" | head -n 1)
cpu_b=$(echo "$pair" | tail -n 1)

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)

irqv_load_module "managed depth" count=1 managed_cpus="$cpu_a,$cpu_b" ||
	{ t_skip_rest "managed depth: no test module"; t_done; }
irq=$(cat "$IRQV_PARAMS/first_irq")

# state_of IRQ: the interrupt's core state for a message.
state_of() {
	irqv_irq_show "$1" 'ddepth|Vector|Target|IRQD_(IRQ_DISABLED|IRQ_STARTED|MANAGED)'
}

# in_pair CPU: the CPU is one of the interrupt's affinity.
in_pair() {
	[ "$1" = "$cpu_a" ] || [ "$1" = "$cpu_b" ]
}

# delivered LABEL: one result: a trigger reaches the handler, on the
# interrupt's target CPU, in its /proc/interrupts column.
delivered() {
	target=$(irqv_irq_field "$irq" Target)
	before=$(irqv_handled)
	count=$(irqv_irq_cpu_count "$irq" "$target")
	irqv_trigger "$irq"
	after=$(irqv_handled)
	count_after=$(irqv_irq_cpu_count "$irq" "$target")
	if in_pair "$target" && [ "$after" -eq $((before + 1)) ] &&
		[ "$count_after" -eq $((count + 1)) ]; then
		t_ok "managed depth: $1: irq $irq delivered to its handler on CPU $target" \
			"(/proc/interrupts there $count -> $count_after)"
	else
		t_fail "managed depth: $1: irq $irq not delivered (handled $before -> $after," \
			"CPU $target count $count -> $count_after): $(state_of "$irq")"
	fi
}

if irqv_irq_has_state "$irq" IRQD_AFFINITY_MANAGED &&
	irqv_irq_has_state "$irq" IRQD_IRQ_STARTED &&
	in_pair "$(irqv_irq_field "$irq" Target)"; then
	t_ok "managed depth: irq $irq managed, started on a CPU of $cpu_a,$cpu_b"
else
	t_fail "managed depth: irq $irq not set up as wanted: $(state_of "$irq")"
fi
delivered "before the disable"

echo 1 > "$IRQV_PARAMS/disabled"
if irqv_irq_has_state "$irq" IRQD_IRQ_DISABLED &&
	[ "$(irqv_irq_field "$irq" ddepth)" = 1 ]; then
	t_ok "managed depth: disable_irq($irq): disabled at depth 1"
else
	t_fail "managed depth: disable_irq($irq): $(state_of "$irq")"
fi

# The interrupt's own CPU first, so that it moves to the other one, then
# that one: the last CPU of the affinity shuts it down.
first=$(irqv_irq_field "$irq" Target)
in_pair "$first" || first=$cpu_a
second=$cpu_b
[ "$first" = "$cpu_b" ] && second=$cpu_a
irqv_check_set_online "managed depth" "$first" 0
irqv_check_set_online "managed depth" "$second" 0
if ! irqv_irq_has_state "$irq" IRQD_IRQ_STARTED &&
	irqv_irq_has_state "$irq" IRQD_MANAGED_SHUTDOWN; then
	t_ok "managed depth: CPUs $first and $second offline, irq $irq shut down" \
		"(depth $(irqv_irq_field "$irq" ddepth))"
else
	t_fail "managed depth: CPUs $first and $second offline, irq $irq: $(state_of "$irq")"
fi
irqv_check_set_online "managed depth" "$second" 1
irqv_check_set_online "managed depth" "$first" 1

# Still the driver's disable, and only that.
if irqv_irq_has_state "$irq" IRQD_IRQ_DISABLED &&
	[ "$(irqv_irq_field "$irq" ddepth)" = 1 ]; then
	t_ok "managed depth: CPUs back, irq $irq still disabled at depth 1"
else
	t_fail_known_on_base -f F8 "managed depth: CPUs back, irq $irq no longer as the driver left\
 it (disabled, depth 1): $(state_of "$irq")"
fi
if echo 0 2>/dev/null > "$IRQV_PARAMS/disabled"; then
	t_ok "managed depth: enable_irq($irq) accepted"
else
	t_fail_known_on_base -f F8 "managed depth: enable_irq($irq) refused, the interrupt was\
 enabled already: $(state_of "$irq")"
fi
if irqv_irq_has_state "$irq" IRQD_IRQ_STARTED &&
	! irqv_irq_has_state "$irq" IRQD_IRQ_DISABLED &&
	[ "$(irqv_irq_field "$irq" ddepth)" = 0 ] && in_pair "$(irqv_irq_field "$irq" Target)"; then
	t_ok "managed depth: irq $irq started and enabled on a CPU of $cpu_a,$cpu_b"
else
	t_fail "managed depth: after the enable, irq $irq: $(state_of "$irq")"
fi
delivered "after the enable"

rmmod irqv_load
irqv_check_all "after managed depth" "$baseline"
t_done

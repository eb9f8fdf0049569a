#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Hostile input to /proc/irq/N/smp_affinity and smp_affinity_list: each bad
# write is rejected with an errno and changes nothing.
# Plan: 11 + (1 if a managed interrupt is started) + (1 if a CPU can go
# offline) + IRQV_CHECK_ALL_RESULTS + 1.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

# A started, movable (not managed, not per-CPU) interrupt with a vector.
pick_irq() {
	for irq in $(irqv_vector_irqs); do
		irqv_irq_has_state "$irq" IRQD_IRQ_STARTED || continue
		irqv_irq_has_state "$irq" IRQD_AFFINITY_MANAGED && continue
		irqv_irq_has_state "$irq" IRQD_PER_CPU && continue
		[ -w "/proc/irq/$irq/smp_affinity" ] || continue
		dd if="/proc/irq/$irq/smp_affinity_list" of="/proc/irq/$irq/smp_affinity_list" \
			2>/dev/null || continue
		target=$(irqv_irq_field "$irq" Target)
		case $target in ''|*[!0-9]*) continue ;; esac
		echo "$irq"
		return
	done
}

state_of() {
	echo "$(cat "/proc/irq/$1/smp_affinity_list")" \
		"$(irqv_irq_field "$1" Vector) $(irqv_irq_field "$1" Target)"
}

# expect_rejected LABEL FILE VALUE
expect_rejected() {
	before=$(state_of "$irq")
	if err=$(printf '%s\n' "$3" | dd of="/proc/irq/$irq/$2" 2>&1); then
		t_fail "$1: '$(echo "$3" | cut -c1-24)' to $2 was accepted"
	else
		err=$(echo "$err" | sed -n 's/.*: //p' | head -n 1)
		after=$(state_of "$irq")
		if [ "$after" = "$before" ]; then
			t_ok "$1: rejected ($err), nothing changed"
		else
			t_fail "$1: rejected ($err) but state changed: $before -> $after"
		fi
	fi
}

managed=$(irqv_managed_started | head -n 1)
cpu=$(hotplug_cpus | tail -n 1)
t_plan $((11 + $(echo "$managed" | wc -w) + $(echo "$cpu" | wc -w) + IRQV_CHECK_ALL_RESULTS + 1))
irq=$(pick_irq)
[ -n "$irq" ] || { t_skip_rest "hostile affinity: no movable interrupt"; t_done; }
t_diag "using irq $irq ($(state_of "$irq"))"
baseline=$(irqv_totals)
nr=$(sed "s/.*-//" /sys/devices/system/cpu/possible)
long=$(head -c 65536 /dev/zero | tr '\0' 'f')

expect_rejected "garbage mask" smp_affinity "zz,xx"
expect_rejected "garbage list" smp_affinity_list "one-two"
expect_rejected "empty mask" smp_affinity "0"
expect_rejected "empty list" smp_affinity_list ""
expect_rejected "negative list" smp_affinity_list "-1"
expect_rejected "reversed range" smp_affinity_list "3-1"
expect_rejected "CPU beyond possible" smp_affinity_list "$((nr + 1))"
expect_rejected "CPU far out of range" smp_affinity_list "100000"
expect_rejected "mask beyond possible" smp_affinity "ffffffffffffffffffffffffffffffff00"
expect_rejected "64 KiB string" smp_affinity "$long"
expect_rejected "64 KiB list" smp_affinity_list "$long"

if [ -n "$managed" ]; then
	saved=$irq
	irq=$managed
	expect_rejected "managed irq $managed" smp_affinity_list 0
	irq=$saved
fi

if [ -n "$cpu" ]; then
	cpu_set_online "$cpu" 0
	before=$(state_of "$irq")
	if printf '%s' "$cpu" 2>/dev/null > "/proc/irq/$irq/smp_affinity_list"; then
		target=$(irqv_irq_field "$irq" Target)
		if irqv_cpu_online "$target"; then
			t_ok "offline-only mask: default affinity taken, target $target online"
		else
			t_fail "offline-only mask: target $target is offline"
		fi
	else
		after=$(state_of "$irq")
		if [ "$after" = "$before" ]; then
			t_ok "offline-only mask: rejected, nothing changed"
		else
			t_fail "offline-only mask: rejected but state changed: $before -> $after"
		fi
	fi
	cpu_set_online "$cpu" 1
fi
irqv_check_all "after hostile affinity input" "$baseline"
t_done

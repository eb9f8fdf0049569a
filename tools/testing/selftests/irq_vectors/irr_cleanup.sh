#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Cleanup of an old vector which is still pending in the IRR of its CPU.
# After a move completes, the old vector is freed by a timer on the old
# CPU, but not while the local APIC there still has it pending: that
# interrupt must be delivered through the old vector first. The test
# module holds the old vector pending (task priority raised above it, the
# vector sent to the CPU itself), the move completes, and the cleanup must
# wait; released, the interrupt reaches its handler on the old CPU and
# the old vector is freed.
# Plan: 7 + IRQV_CHECK_ALL_RESULTS + 1.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

t_plan $((7 + IRQV_CHECK_ALL_RESULTS + 1))
cpus=$(hotplug_cpus)
if [ "$(echo "$cpus" | wc -w)" -lt 2 ]; then
	t_abort "IRR cleanup: needs two CPUs besides the boot CPU"
fi
a=$(echo "$cpus" | sed -n 1p)
b=$(echo "$cpus" | sed -n 2p)

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
irqv_load_module "IRR cleanup" count=1 cpu="$a" ||
	{ t_skip_rest "IRR cleanup: no irqv_load"; t_done; }
irq=$(cat "$IRQV_PARAMS/first_irq")
old=$(irqv_irq_field "$irq" Vector)

echo "$b" > "/proc/irq/$irq/smp_affinity_list"
[ "$(irqv_irq_field "$irq" Target)" = "$b" ] || irqv_trigger "$irq"
if [ "$(irqv_irq_field "$irq" Target)" = "$b" ] &&
	[ "$(irqv_irq_field "$irq" move_in_progress)" = 1 ]; then
	t_ok "IRR cleanup: irq $irq moving from vector $old on CPU $a to CPU $b"
else
	t_fail "IRR cleanup: no move: $(irqv_irq_show "$irq" 'Vector|Target|Previous|move_in')"
fi

echo "$a $old" > "$IRQV_PARAMS/hold"
old_count=$(irqv_irq_cpu_count "$irq" "$a")
if irqv_trigger "$irq"; then
	t_ok "IRR cleanup: first interrupt on CPU $b handled, move complete"
else
	t_fail "IRR cleanup: interrupt on CPU $b not handled"
fi
sleep 0.5
if [ "$(irqv_irq_field "$irq" cleanup_pending)" = 1 ] &&
	grep -q "Previous vector: *$old\$" "$IRQV_IRQS/$irq"; then
	t_ok "IRR cleanup: vector $old kept on CPU $a while pending in its IRR"
else
	t_fail "IRR cleanup: vector $old of CPU $a not kept while pending:" \
		"$(irqv_irq_show "$irq" 'Previous|cleanup')"
fi

seen=$(irqv_handled)
echo "$a" > "$IRQV_PARAMS/release"
sleep 0.2
if [ "$(irqv_handled)" -eq $((seen + 1)) ] &&
	[ "$(irqv_irq_cpu_count "$irq" "$a")" -eq $((old_count + 1)) ]; then
	t_ok "IRR cleanup: the pending interrupt was delivered on CPU $a"
else
	t_fail "IRR cleanup: pending interrupt lost (handled $seen -> $(irqv_handled)," \
		"CPU $a count $old_count -> $(irqv_irq_cpu_count "$irq" "$a"))"
fi
if irqv_wait_quiescent 5 && ! grep -q "Previous vector" "$IRQV_IRQS/$irq"; then
	t_ok "IRR cleanup: vector $old of CPU $a freed once delivered"
else
	t_fail "IRR cleanup: old vector still held: $(irqv_irq_show "$irq" 'Previous|cleanup')"
fi
irqv_check_vector_owners "IRR cleanup"

rmmod irqv_load
irqv_check_all "after IRR cleanup" "$baseline"
t_done

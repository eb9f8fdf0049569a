#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The window of unstarted_offline.sh with a real device: QEMU's edu PCI
# device and the irqv_edu test driver, which allocates the MSI at probe
# and requests it at open, as network drivers do. The edu MSI has no
# per-vector mask, so it is activated (a real vector) at probe. The CPU
# of that vector goes offline and back before the open (each write to its
# online file checked, with its effect); then the device raises its
# interrupt, a real MSI write, which must reach the handler on that CPU.
# (e1000e in MSI mode, the obvious real example, does not show it: its
# open disables and enables MSI again for its MSI self-test.)
# Then the interrupt moves to another CPU and the device raises it twice:
# the first completes a move that waits for the next interrupt, the
# second must arrive on the new CPU, so the MSI message holds the new
# vector and destination. Without remapping, a move waits for the next
# interrupt on the old CPU: where the open lost the MSI (6.12), the move
# never completes, a known base failure.
# Plan: 6 + IRQV_CHECK_ALL_RESULTS + 1.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

module=/lib/modules/irqv_edu.ko
params=/sys/module/irqv_edu/parameters
t_plan $((6 + IRQV_CHECK_ALL_RESULTS + 1))
[ -f "$module" ] || t_abort "edu MSI: no irqv_edu test driver"

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
insmod "$module" || t_abort "edu MSI: insmod irqv_edu failed"
irq=$(cat "$params/irq" 2>/dev/null)
if [ "${irq:-0}" -le 0 ]; then
	rmmod irqv_edu
	t_abort "edu MSI: irqv_edu bound no edu device (boot a shape with -device edu)"
fi
cpu=$(irqv_irq_field "$irq" Target)
vector=$(irqv_irq_field "$irq" Vector)
if irqv_irq_has_state "$irq" IRQD_ACTIVATED && ! irqv_irq_has_state "$irq" IRQD_IRQ_STARTED &&
	[ "${vector:-0}" -gt 0 ] && [ "${cpu:-0}" -gt 0 ]; then
	t_ok "edu MSI: irq $irq activated at probe, not started, vector $vector on CPU $cpu"
else
	state=$(irqv_irq_show "$irq" 'Vector|Target|IRQD_')
	rmmod irqv_edu
	t_abort "edu MSI: irq $irq not as expected: $state"
fi

irqv_check_set_online "edu MSI, before the open" "$cpu" 0
irqv_check_set_online "edu MSI, before the open" "$cpu" 1
if [ "$(irqv_irq_field "$irq" Target)" = "$cpu" ] &&
	[ "$(irqv_irq_field "$irq" Vector)" = "$vector" ]; then
	t_ok "edu MSI: before the open, irq $irq kept vector $vector across the offline of CPU $cpu"
else
	t_fail "edu MSI: irq $irq now $(irqv_irq_show "$irq" 'Vector|Target')"
fi

echo 1 > "$params/open"
count=$(irqv_irq_cpu_count "$irq" "$cpu")
echo 1 > "$params/raise"
sleep 0.2
if [ "$(cat "$params/handled")" = 1 ] &&
	[ "$(irqv_irq_cpu_count "$irq" "$cpu")" -gt "$count" ]; then
	t_ok "edu MSI: after the open, the device's MSI reached its handler on CPU $cpu"
else
	handled=$(cat "$params/handled")
	log=$(irqv_last_log 'No irq handler')
	t_fail_known_on_base -f F5 "edu MSI: the device's MSI was lost (handled $handled): $log" \
		"No irq handler"
fi

dest=1
[ "$cpu" = 1 ] && dest=2
echo "$dest" > "/proc/irq/$irq/smp_affinity_list"
handled=$(cat "$params/handled")
echo 1 > "$params/raise"
sleep 0.2
count=$(irqv_irq_cpu_count "$irq" "$dest")
echo 1 > "$params/raise"
sleep 0.2
if [ "$(cat "$params/handled")" = $((handled + 2)) ] &&
	[ "$(irqv_irq_field "$irq" Target)" = "$dest" ] &&
	[ "$(irqv_irq_cpu_count "$irq" "$dest")" -gt "$count" ]; then
	t_ok "edu MSI: moved to CPU $dest, the device's MSI reached its handler there"
else
	now=$(cat "$params/handled")
	state=$(irqv_irq_show "$irq" 'Vector|Target')
	t_fail_known_on_base -f F5 \
		"edu MSI: after the move to CPU $dest, handled $now (was $handled), $state" \
		"No irq handler"
fi

echo 0 > "$params/open"
rmmod irqv_edu
irqv_check_all "after edu MSI" "$baseline"
t_done

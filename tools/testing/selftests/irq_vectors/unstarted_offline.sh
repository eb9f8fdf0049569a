#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# An interrupt which is activated but not started (requested with
# IRQF_NO_AUTOEN) is not migrated when its CPU goes offline: it keeps its
# vector there. When the CPU is back and the interrupt is enabled, the
# next interrupt must reach its handler, not end as "No irq handler for
# CPU.VECTOR" with the interrupt dead for good.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

module=/lib/modules/irqv_load.ko
params=/sys/module/irqv_load/parameters
cpu=$(hotplug_cpus | tail -n 1)
[ -f "$module" ] || { t_fail "unstarted offline: no irqv_load test module"; t_done; }
[ -n "$cpu" ] || { t_fail "unstarted offline: no CPU can go offline"; t_done; }

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)

if ! insmod "$module" count=1 cpu="$cpu" noautoen=1; then
	t_fail "unstarted offline: insmod irqv_load failed"
	t_done
fi
irq=$(cat "$params/first_irq")
vector=$(irqv_irq_field "$irq" Vector)
if [ "$(irqv_irq_field "$irq" Target)" = "$cpu" ] && [ "${vector:-0}" -gt 0 ] &&
	irqv_irq_has_state "$irq" IRQD_ACTIVATED &&
	! irqv_irq_has_state "$irq" IRQD_IRQ_STARTED; then
	t_ok "unstarted offline: irq $irq activated, not started, vector $vector on CPU $cpu"
else
	t_fail "unstarted offline: irq $irq not set up as wanted:" \
		"$(irqv_irq_show "$irq" 'Vector|Target|IRQD_')"
fi

cpu_set_online "$cpu" 0
cpu_set_online "$cpu" 1
if [ "$(irqv_irq_field "$irq" Target)" = "$cpu" ] &&
	[ "$(irqv_irq_field "$irq" Vector)" = "$vector" ]; then
	t_ok "unstarted offline: irq $irq kept vector $vector on CPU $cpu across its offline"
else
	t_fail "unstarted offline: irq $irq now $(irqv_irq_show "$irq" 'Vector|Target')"
fi
irqv_check_vector_owners "unstarted offline, CPU $cpu back"

echo 1 > "$params/enable"
before=$(cat "$params/handled")
echo trigger > "$IRQV_IRQS/$irq"
tries=10
while [ "$(cat "$params/handled")" = "$before" ] && [ "$tries" -gt 0 ]; do
	sleep 0.1
	tries=$((tries - 1))
done
after=$(cat "$params/handled")
if [ "$after" -eq $((before + 1)) ]; then
	t_ok "unstarted offline: enabled irq $irq delivered to its handler on CPU $cpu"
else
	log=$(irqv_last_log 'No irq handler')
	t_fail_known_on_base "unstarted offline: irq $irq not delivered ($before -> $after): $log" \
		"No irq handler"
fi

rmmod irqv_load
irqv_check_all "after unstarted offline" "$baseline"
t_done

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Suspend and hibernation dry runs (pm_test core): all non-boot CPUs go
# offline and come back. The vector state after matches the state before,
# and every device still interrupts.
#   IRQV_PM_CYCLES: dry runs per state (default 2)
#   IRQV_PM_STATES: colon-separated states (default mem:disk)
# Plan: states * IRQV_PM_CYCLES * (2 + IRQV_CHECK_ALL_RESULTS + 1 + disks).
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

cycles=${IRQV_PM_CYCLES:-2}
states=$(echo "${IRQV_PM_STATES:-mem:disk}" | tr ':' ' ')
per_run=$((2 + IRQV_CHECK_ALL_RESULTS + 1 + $(irqv_ndisks)))
t_plan $(($(echo "$states" | wc -w) * cycles * per_run))
[ -w /sys/power/pm_test ] || { t_skip_rest "pm dry runs: no /sys/power/pm_test"; t_done; }

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
online_before=$(cat /sys/devices/system/cpu/online)

for state in $states; do
	if ! grep -qw "$state" /sys/power/state; then
		n=$((cycles * per_run))
		while [ "$n" -gt 0 ]; do
			t_skip "pm dry run $state: not offered by /sys/power/state"
			n=$((n - 1))
		done
		continue
	fi
	i=1
	while [ "$i" -le "$cycles" ]; do
		label="pm_test=core $state #$i"
		if err=$(irqv_pm_dry_run "$state"); then
			t_ok "$label: dry run completed"
		else
			t_fail "$label: dry run failed: $err"
		fi
		online=$(cat /sys/devices/system/cpu/online)
		if [ "$online" = "$online_before" ]; then
			t_ok "$label: CPUs $online online again"
		else
			t_fail "$label: CPUs online $online, before $online_before"
		fi
		irqv_check_all "$label" "$baseline"
		for dev in $(irqv_disks); do
			irqv_check_disk_interrupts "$label" "$dev"
		done
		i=$((i + 1))
	done
done
t_done

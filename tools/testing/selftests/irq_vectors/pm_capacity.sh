#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Suspend and hibernation dry runs (pm_test core) at the edge of the
# vector space. A dry run takes every non-boot CPU offline, so every
# regular interrupt has to fit on the boot CPU alone.
#  - With as many activated interrupts as the boot CPU can hold next to
#    the devices' own (NVMe managed queues among them), both dry runs
#    complete, nothing leaks (totals exact, the matrix and the interrupts
#    agree) and every disk does I/O afterwards.
#  - With more than the boot CPU can hold, both dry runs fail with ENOSPC
#    and change nothing.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

if [ ! -w /sys/power/pm_test ]; then
	t_fail "pm capacity: no /sys/power/pm_test"
	t_done
fi
# unchanged LABEL TOTALS ONLINE: the dry run left CPUs, totals and devices
# as they were.
unchanged() {
	if [ "$(cat /sys/devices/system/cpu/online)" = "$3" ]; then
		t_ok "$1: CPUs $3 online again"
	else
		t_fail "$1: CPUs $(cat /sys/devices/system/cpu/online) online, before $3"
	fi
	irqv_wait_quiescent 10
	now=$(irqv_totals)
	if [ "$now" = "$2" ]; then
		t_ok "$1: totals exact ($now)"
	else
		t_fail "$1: totals $now, before $2"
	fi
	irqv_check_vector_owners "$1"
	for dev in $(irqv_disks); do
		irqv_check_disk_interrupts "$1" "$dev"
	done
}

# phase LABEL COUNT EXPECT: load COUNT interrupts, then a mem and a disk
# dry run, each expected to "complete" or to "fail" with ENOSPC.
phase() {
	irqv_load_module "$1" count="$2" || return
	if [ "$(cat "$IRQV_PARAMS/active")" = "$2" ]; then
		t_ok "$1: $2 interrupts activated"
	else
		t_fail "$1: $(cat "$IRQV_PARAMS/active") of $2 interrupts activated," \
			"error $(cat "$IRQV_PARAMS/first_error")"
	fi
	irqv_wait_quiescent 10
	totals=$(irqv_totals)
	online=$(cat /sys/devices/system/cpu/online)
	for state in mem disk; do
		label="$1, $state dry run"
		if err=$(irqv_pm_dry_run "$state"); then
			if [ "$3" = complete ]; then
				t_ok "$label completed"
			elif [ "$state" = disk ]; then
				t_fail_known_on_base \
					"$label reported success although CPUs could not go offline"
			else
				t_fail "$label reported success although CPUs could not go offline"
			fi
		elif [ "$3" = fail ] && [ "$err" = "No space left on device" ]; then
			t_ok "$label failed: $err"
		else
			t_fail "$label failed: $err"
		fi
		unchanged "$label" "$totals" "$online"
	done
	rmmod irqv_load
}

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
capacity=$(irqv_cpu0_capacity)
fit=$((capacity - $(irqv_regular_allocated)))
t_diag "boot CPU holds $capacity regular vectors, $fit of them free for irqv_load"

phase "pm capacity: at the boot CPU's limit" "$fit" complete
phase "pm capacity: over the boot CPU's limit" $((capacity + 1)) fail

irqv_check_all "after pm capacity" "$baseline"
t_done

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Random offline and online of non-boot CPUs while block I/O runs on NVMe
# (managed queue interrupts) and virtio-blk. All I/O completes; each managed
# interrupt is shut down exactly while all its CPUs are offline. Every
# write to a CPU's online file must take effect (a refused offline is an
# error too), and a run that changed no CPU's state fails.
#   IRQV_CYCLES: number of hotplug operations (default 24)
# Plan: 1 + (disks + 1) + IRQV_CHECK_ALL_RESULTS + 1.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

cycles=${IRQV_CYCLES:-24}
t_plan $((1 + $(irqv_ndisks) + 1 + IRQV_CHECK_ALL_RESULTS + 1))
cpus=$(hotplug_cpus)
[ -n "$cpus" ] || t_abort "hotplug under I/O: no CPU can go offline"
ncpus=$(echo "$cpus" | wc -l)

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
managed=$(irqv_managed_started)
irqv_io_start

errors="" done_ops=0
i=0
while [ "$i" -lt "$cycles" ]; do
	cpu=$(echo "$cpus" | sed -n "$(($(irqv_random "$ncpus") + 1))p")
	if irqv_cpu_online "$cpu"; then state=0; else state=1; fi
	if cpu_set_online "$cpu" "$state" 2>/dev/null &&
		[ "$(cat "/sys/devices/system/cpu/cpu$cpu/online")" = "$state" ]; then
		done_ops=$((done_ops + 1))
	elif [ "$state" = 1 ]; then
		errors="$errors online:$cpu"
	else
		errors="$errors offline:$cpu"
	fi
	err=$(irqv_check_managed_state "cycle$i" "$managed")
	[ -n "$err" ] && errors="$errors $err"
	i=$((i + 1))
done
irqv_all_online
err=$(irqv_check_managed_state "end" "$managed")
[ -n "$err" ] && errors="$errors $err"
[ "$done_ops" -gt 0 ] || errors="$errors no CPU state change done of $cycles"

if [ -z "$errors" ]; then
	t_ok "hotplug under I/O: $done_ops of $cycles CPU state changes done," \
		"managed interrupts followed"
else
	t_fail "hotplug under I/O: $done_ops of $cycles CPU state changes done:$errors"
fi
irqv_io_stop "hotplug under I/O"
irqv_check_all "after hotplug under I/O" "$baseline"
t_done

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Random offline and online of non-boot CPUs while block I/O runs on NVMe
# (managed queue interrupts) and virtio-blk. All I/O completes; each managed
# interrupt is shut down exactly while all its CPUs are offline.
#   IRQV_CYCLES: number of hotplug operations (default 24)
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

cycles=${IRQV_CYCLES:-24}
cpus=$(hotplug_cpus)
[ -n "$cpus" ] || { t_skip "hotplug under I/O: no CPU can go offline"; t_done; }
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
	if cpu_set_online "$cpu" "$state" 2>/dev/null; then
		done_ops=$((done_ops + 1))
	elif [ "$state" = 1 ]; then
		errors="$errors online:$cpu"
	fi
	err=$(irqv_check_managed_state "cycle$i" "$managed")
	[ -n "$err" ] && errors="$errors $err"
	i=$((i + 1))
done
irqv_all_online
err=$(irqv_check_managed_state "end" "$managed")
[ -n "$err" ] && errors="$errors $err"

if [ -z "$errors" ]; then
	t_ok "hotplug under I/O: $done_ops CPU state changes, managed interrupts followed"
else
	t_fail "hotplug under I/O:$errors"
fi
irqv_io_stop "hotplug under I/O"
irqv_check_all "after hotplug under I/O" "$baseline"
t_done

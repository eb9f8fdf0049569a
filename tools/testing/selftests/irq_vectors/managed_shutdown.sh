#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A managed queue interrupt follows its CPUs: while a CPU of its affinity
# is online it moves within the affinity, when the last one goes offline
# it is shut down while I/O keeps completing on the other queues, and it
# starts again on the first CPU of its affinity that returns, where I/O
# submitted from that CPU completes through it.
# Needs an NVMe disk with fewer I/O queues than CPUs, so that a queue's
# affinity holds several CPUs. While more than one CPU of the affinity is
# online, the CPU the interrupt targets goes offline, so that each step
# shows a move off the outgoing CPU.
# Plan: (CPUs in the queue's affinity - 1) + 5 + IRQV_CHECK_ALL_RESULTS + 1,
# or 1 when there is no such queue.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

disk=/dev/nvme0n1
[ -b "$disk" ] || { t_plan 1; t_abort "managed shutdown: no $disk"; }

# A started managed NVMe queue interrupt whose affinity has two or more
# CPUs, none of them the boot CPU: "IRQ CPULIST".
pick_queue() {
	awk '/nvme0q[1-9]/ { sub(":", "", $1); print $1 }' /proc/interrupts > /tmp/queues
	while read -r irq; do
		irqv_irq_has_state "$irq" IRQD_AFFINITY_MANAGED || continue
		irqv_irq_has_state "$irq" IRQD_IRQ_STARTED || continue
		aff=$(cat "/proc/irq/$irq/smp_affinity_list")
		list=$(irqv_expand_list "$aff")
		[ "$(echo "$list" | wc -l)" -ge 2 ] || continue
		echo "$list" | grep -qx 0 && continue
		echo "$irq $aff"
		return
	done < /tmp/queues
}

# read_from CPU: a read submitted from CPU completes.
read_from() {
	taskset -c "$1" dd if="$disk" of=/dev/null bs=4096 count=64 iflag=direct 2>/dev/null
}

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
queue=$(pick_queue)
if [ -z "$queue" ]; then
	t_plan 1
	msg="managed shutdown: no managed NVMe queue with two or more CPUs"
	t_abort "$msg (boot with fewer queues than CPUs)"
fi
irq=${queue% *}
aff=${queue#* }
cpus=$(irqv_expand_list "$aff")
n=$(echo "$cpus" | wc -l)
t_plan $((n - 1 + 5 + IRQV_CHECK_ALL_RESULTS + 1))
t_diag "nvme queue irq $irq, affinity $aff"

# online_in_affinity: the CPUs of the affinity that are online.
online_in_affinity() {
	for c in $cpus; do
		irqv_cpu_online "$c" && echo "$c"
	done
}

# Each step takes the interrupt's own CPU offline, while another CPU of
# the affinity stays online.
step=1
while [ "$step" -lt "$n" ]; do
	step=$((step + 1))
	before=$(irqv_irq_field "$irq" Target)
	from=$before
	if ! irqv_irq_has_state "$irq" IRQD_IRQ_STARTED || ! irqv_cpu_online "$before" ||
		! echo "$cpus" | grep -qx "$before"; then
		t_fail "managed shutdown: before the offline, irq $irq is not started on an" \
			"online CPU of $aff: $(irqv_irq_show "$irq" 'Vector|Target|IRQD_')"
		# Go on with some online CPU of the affinity.
		from=$(online_in_affinity | head -n 1)
		cpu_set_online "$from" 0
		continue
	fi
	if ! cpu_set_online "$from" 0 2>/dev/null || irqv_cpu_online "$from"; then
		t_fail "managed shutdown: offline of CPU $from, the target of irq $irq, failed"
		continue
	fi
	target=$(irqv_irq_field "$irq" Target)
	if [ "$before" = "$from" ] && irqv_irq_has_state "$irq" IRQD_IRQ_STARTED &&
		irqv_cpu_online "$target" && [ "$target" != "$from" ] &&
		echo "$cpus" | grep -qx "$target"; then
		t_ok "managed shutdown: CPU $from, the target of irq $irq, offline;" \
			"it moved within its affinity to CPU $target"
	else
		started=no
		irqv_irq_has_state "$irq" IRQD_IRQ_STARTED && started=yes
		t_fail "managed shutdown: CPU $from offline, irq $irq was on CPU $before before;" \
			"it is on CPU $target, started: $started"
	fi
done
last=$(online_in_affinity | tail -n 1)
if [ "$(online_in_affinity | wc -l)" -ne 1 ] || ! cpu_set_online "$last" 0; then
	t_diag "managed shutdown: the last CPU of $aff ($last) did not go offline"
fi

if irqv_irq_has_state "$irq" IRQD_MANAGED_SHUTDOWN &&
	! irqv_irq_has_state "$irq" IRQD_IRQ_STARTED &&
	[ "$(irqv_irq_field "$irq" Vector)" = 0 ]; then
	t_ok "managed shutdown: all of $aff offline, irq $irq shut down without a vector"
else
	t_fail "managed shutdown: all of $aff offline, irq $irq not shut down:" \
		"$(irqv_irq_show "$irq" 'Vector|Target|IRQD_')"
fi
irqv_check_vector_owners "managed shutdown, queue down"
if read_from 0; then
	t_ok "managed shutdown: I/O completes on the other queues meanwhile"
else
	t_fail "managed shutdown: I/O failed while the queue is down"
fi

back=$last
cpu_set_online "$back" 1
if irqv_irq_has_state "$irq" IRQD_IRQ_STARTED &&
	[ "$(irqv_irq_field "$irq" Target)" = "$back" ]; then
	t_ok "managed shutdown: CPU $back back first, irq $irq started on it"
else
	t_fail "managed shutdown: CPU $back back, irq $irq:" \
		"$(irqv_irq_show "$irq" 'Vector|Target|IRQD_')"
fi
count=$(irqv_irq_cpu_count "$irq" "$back")
if read_from "$back" && [ "$(irqv_irq_cpu_count "$irq" "$back")" -gt "$count" ]; then
	t_ok "managed shutdown: I/O from CPU $back completes through irq $irq"
else
	t_fail "managed shutdown: I/O from CPU $back did not raise irq $irq there" \
		"($count -> $(irqv_irq_cpu_count "$irq" "$back"))"
fi

irqv_all_online
irqv_check_all "after managed shutdown" "$baseline"
t_done

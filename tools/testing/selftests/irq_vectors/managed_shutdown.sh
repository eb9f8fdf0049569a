#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A managed queue interrupt follows its CPUs: while a CPU of its affinity
# is online it moves within the affinity, when the last one goes offline
# it is shut down while I/O keeps completing on the other queues, and it
# starts again on the first CPU of its affinity that returns, where I/O
# submitted from that CPU completes through it.
# Needs an NVMe disk with fewer I/O queues than CPUs, so that a queue's
# affinity holds several CPUs.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

disk=/dev/nvme0n1
[ -b "$disk" ] || { t_fail "managed shutdown: no $disk"; t_done; }

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
	t_fail "managed shutdown: no managed NVMe queue with two or more CPUs" \
		"(boot with fewer queues than CPUs)"
	t_done
fi
irq=${queue% *}
aff=${queue#* }
cpus=$(irqv_expand_list "$aff")
last=$(echo "$cpus" | tail -n 1)
t_diag "nvme queue irq $irq, affinity $aff"

for cpu in $cpus; do
	cpu_set_online "$cpu" 0
	[ "$cpu" = "$last" ] && break
	target=$(irqv_irq_field "$irq" Target)
	if irqv_irq_has_state "$irq" IRQD_IRQ_STARTED && irqv_cpu_online "$target" &&
		echo "$cpus" | grep -qx "$target"; then
		t_ok "managed shutdown: CPU $cpu offline," \
			"irq $irq moved within its affinity to CPU $target"
	else
		started=no
		irqv_irq_has_state "$irq" IRQD_IRQ_STARTED && started=yes
		t_fail "managed shutdown: CPU $cpu offline," \
			"irq $irq on CPU $target, started: $started"
	fi
done

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

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Trace replay: record the irq_matrix and irq_vectors events with trace-cmd
# across a scenario (affinity changes of every movable interrupt to every
# CPU in turn, and every non-boot CPU offline and back, with I/O), rebuild
# each CPU's set of allocated vectors from the start state and the events
# alone, and compare it with debugfs at the end.
#
# A CPU going offline moves its interrupts after it left cpu_online_mask
# and records those events itself (see offline_trace.sh, which checks that
# with a CPU full of vectors and interrupts requested meanwhile).
# "start/extract" rather than "record": the per-CPU recorders of "record"
# stop with their CPU.
# Plan: disks + 1 + 3 + IRQV_CHECK_ALL_RESULTS.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

t_plan $(($(irqv_ndisks) + 1 + 3 + IRQV_CHECK_ALL_RESULTS))
command -v trace-cmd > /dev/null || t_abort "trace replay: no trace-cmd"
cpus=$(hotplug_cpus)
[ -n "$cpus" ] || t_abort "trace replay: no CPU can go offline"

irqv_all_online
irqv_wait_quiescent 10
irqv_cpu_rows > /tmp/replay.start

trace-cmd start -b 4096 -C global -e irq_matrix -e 'irq_vectors:vector_*' \
	> /tmp/replay.log 2>&1

movable=""
for irq in $(irqv_vector_irqs); do
	irqv_irq_has_state "$irq" IRQD_IRQ_STARTED || continue
	irqv_irq_has_state "$irq" IRQD_AFFINITY_MANAGED && continue
	dd if="/proc/irq/$irq/smp_affinity_list" of="/proc/irq/$irq/smp_affinity_list" \
		2>/dev/null && movable="$movable $irq"
done
for cpu in 0 $cpus; do
	for irq in $movable; do
		echo "$cpu" 2>/dev/null > "/proc/irq/$irq/smp_affinity_list"
	done
	for dev in $(irqv_disks); do disk_read "$dev"; done
done
possible=$(sed 's/.*-//' /sys/devices/system/cpu/possible)
for irq in $movable; do
	echo "0-$possible" 2>/dev/null > "/proc/irq/$irq/smp_affinity_list"
done
irqv_io_start
offlines=0
for cpu in $cpus; do
	cpu_set_online "$cpu" 0 && offlines=$((offlines + 1))
done
for cpu in $cpus; do
	cpu_set_online "$cpu" 1
done
irqv_io_stop "trace replay, hotplug"
irqv_wait_quiescent 10
sleep 1
trace-cmd stop > /dev/null 2>&1
irqv_cpu_rows > /tmp/replay.end
trace-cmd extract -o /tmp/replay.dat >> /tmp/replay.log 2>&1
trace-cmd reset > /dev/null 2>&1
trace-cmd report -i /tmp/replay.dat 2>/dev/null > /tmp/replay.txt

events=$(grep -c 'irq_matrix_' /tmp/replay.txt)
vector_events=$(grep -cE ' vector_[a-z_]+:' /tmp/replay.txt)
if [ "$events" -gt 0 ] && [ "$vector_events" -gt 0 ]; then
	t_ok "trace replay: recorded $events irq_matrix and $vector_events vector events"
else
	t_fail "trace replay: recorded $events irq_matrix and $vector_events vector events:" \
		"$(tr '\n' ' ' < /tmp/replay.log)"
fi

grep -oE '(irq_matrix|vector)_[a-z_]+:' /tmp/replay.txt | sort | uniq -c |
	while read -r n name; do t_diag "$name $n"; done

offline_events=$(grep -c 'irq_matrix_offline:' /tmp/replay.txt)
msg="$offline_events irq_matrix_offline events for $offlines CPUs taken offline"
if [ "$offline_events" -eq "$offlines" ]; then
	t_ok "trace replay: $msg"
else
	t_fail_known_on_base "trace replay: $msg"
fi

# Replay: each CPU's set of allocated vectors, from the debugfs list at the
# start and the bit and cpu of every event which allocates or frees.
awk '
function expand(list, cpu,    n, i, p, r, v) {
	n = split(list == "-" ? "" : list, p, ",")
	for (i = 1; i <= n; i++) {
		if (split(p[i], r, "-") == 1) r[2] = r[1]
		for (v = r[1] + 0; v <= r[2] + 0; v++) set[cpu, v] = 1
	}
}
FILENAME == ARGV[1] { expand($6, $1); next }
FILENAME == ARGV[2] {
	ev = bit = cpu = ""
	for (i = 1; i <= NF; i++) {
		if ($i ~ /^irq_matrix_[a-z_]+:$/) ev = $i
		if ($i ~ /^bit=/) bit = substr($i, 5)
		if ($i ~ /^cpu=/) cpu = substr($i, 5)
	}
	if (ev ~ /_(alloc|alloc_managed|alloc_reserved|assign):$/) set[cpu, bit] = 1
	if (ev ~ /_free:$/) delete set[cpu, bit]
	next
}
{
	split("", want)
	expand_end = $6 == "-" ? "" : $6
	n = split(expand_end, p, ",")
	for (i = 1; i <= n; i++) {
		if (split(p[i], r, "-") == 1) r[2] = r[1]
		for (v = r[1] + 0; v <= r[2] + 0; v++) want[v] = 1
	}
	for (v = 0; v < 256; v++) {
		if ((($1, v) in set) && !(v in want))
			printf " cpu%s:replayed-only:%d", $1, v
		if (!(($1, v) in set) && (v in want))
			printf " cpu%s:debugfs-only:%d", $1, v
	}
}' /tmp/replay.start /tmp/replay.txt /tmp/replay.end > /tmp/replay.diff

if [ -s /tmp/replay.diff ]; then
	differ=$(cut -c1-400 /tmp/replay.diff)
	t_fail_known_on_base "trace replay: vectors rebuilt from events disagree \
with debugfs:$differ"
else
	rows=$(wc -l < /tmp/replay.end)
	t_ok "trace replay: the allocated vectors of $rows CPUs rebuilt from events match debugfs"
fi
irqv_check_all "after trace replay"
t_done

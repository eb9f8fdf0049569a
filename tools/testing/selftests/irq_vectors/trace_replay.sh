#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Trace replay: record the irq_matrix and irq_vectors events with trace-cmd
# across a scenario (affinity changes of every movable interrupt to every
# CPU in turn, with I/O), rebuild the per-CPU counts from the events alone
# and compare them with debugfs at the end.
#
# The scenario has no CPU hotplug: 6.12's ring buffer loses what a CPU
# logged while going offline (its buffer holds only events from after it
# came back), so offline events cannot be replayed by any tool.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

command -v trace-cmd > /dev/null || { t_skip "trace replay: no trace-cmd"; t_done; }
cpus=$(hotplug_cpus)
[ -n "$cpus" ] || { t_skip "trace replay: no CPU can go offline"; t_done; }

irqv_all_online
irqv_wait_quiescent 10
irqv_cpu_rows > /tmp/replay.start

# start/extract rather than record: the per-CPU recorders of "record" lose
# what a CPU logged while it was going offline.
trace-cmd start -b 2048 -C global -e irq_matrix -e 'irq_vectors:vector_*' \
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
for dev in $(irqv_disks); do disk_read "$dev"; done
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

# Replay: allocated per CPU from the start counts plus the alloc/free deltas;
# available, allocated and managed from each CPU's last event.
awk '
FILENAME == ARGV[1] { act[$1] = $5; next }
FILENAME == ARGV[2] {
	n = split($0, w, /[ ,]+/)
	ev = ""; cpu = ""
	for (i = 1; i <= n; i++) {
		if (w[i] ~ /^irq_matrix_[a-z_]+:$/) ev = substr(w[i], 1, length(w[i]) - 1)
		if (w[i] ~ /^cpu=/) cpu = substr(w[i], 5)
		if (w[i] ~ /^avl=/) avl = substr(w[i], 5)
		if (w[i] ~ /^alloc=/) alloc = substr(w[i], 7)
		if (w[i] ~ /^managed=/) man = substr(w[i], 9)
	}
	if (ev == "" || cpu == "") next
	if (ev ~ /_(alloc|alloc_managed|alloc_reserved|assign)$/) act[cpu]++
	if (ev ~ /_free$/) act[cpu]--
	last[cpu] = avl " " alloc " " man
	next
}
{
	cpu = $1
	if (act[cpu] != $5)
		printf " cpu%s:replayed-act=%s,debugfs=%s", cpu, act[cpu], $5
	if ((cpu in last) && last[cpu] != $2 " " $5 " " $3)
		printf " cpu%s:last-event=%s,debugfs=%s", cpu, last[cpu], $2 " " $5 " " $3
}' /tmp/replay.start /tmp/replay.txt /tmp/replay.end > /tmp/replay.diff

if [ -s /tmp/replay.diff ]; then
	t_fail "trace replay: events disagree with debugfs:$(cat /tmp/replay.diff)"
else
	cpus=$(wc -l < /tmp/replay.end)
	t_ok "trace replay: per-CPU counts rebuilt from events match debugfs on $cpus CPUs"
fi
t_done

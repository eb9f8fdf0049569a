#!/bin/sh
# Trace replay: record the irq_matrix and irq_vectors events with trace-cmd
# across a scenario (CPU hotplug, affinity changes, I/O), rebuild the per-CPU
# counts from the events alone and compare them with debugfs at the end.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

command -v trace-cmd > /dev/null || { t_skip "trace replay: no trace-cmd"; t_done; }
cpus=$(hotplug_cpus)
[ -n "$cpus" ] || { t_skip "trace replay: no CPU can go offline"; t_done; }

irqv_all_online
irqv_wait_quiescent 10
irqv_cpu_rows > /tmp/replay.start

trace-cmd record -q -C global -o /tmp/replay.dat -e irq_matrix \
	-e 'irq_vectors:vector_*' > /tmp/replay.log 2>&1 &
recorder=$!
sleep 2

for cpu in $cpus; do
	cpu_set_online "$cpu" 0
done
for dev in $(irqv_disks); do disk_read "$dev"; done
for cpu in $cpus; do
	cpu_set_online "$cpu" 1
done
last_cpu=$(echo "$cpus" | tail -n 1)
for irq in $(irqv_vector_irqs); do
	irqv_irq_has_state "$irq" IRQD_AFFINITY_MANAGED && continue
	echo "$last_cpu" 2>/dev/null > "/proc/irq/$irq/smp_affinity_list"
done
for dev in $(irqv_disks); do disk_read "$dev"; done
irqv_wait_quiescent 10
sleep 1
kill -INT "$recorder"
wait "$recorder"
irqv_cpu_rows > /tmp/replay.end
trace-cmd report -i /tmp/replay.dat 2>/dev/null > /tmp/replay.txt

events=$(grep -c 'irq_matrix_' /tmp/replay.txt)
vector_events=$(grep -cE ' vector_[a-z_]+:' /tmp/replay.txt)
if [ "$events" -gt 0 ] && [ "$vector_events" -gt 0 ]; then
	t_ok "trace replay: recorded $events irq_matrix and $vector_events vector events"
else
	t_fail "trace replay: recorded $events irq_matrix and $vector_events vector events"
fi

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
	t_ok "trace replay: per-CPU counts rebuilt from events match debugfs on $(wc -l < /tmp/replay.end) CPUs"
fi
t_done

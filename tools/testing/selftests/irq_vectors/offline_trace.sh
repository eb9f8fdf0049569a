#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Offline trace: every irq_matrix and irq_vectors event, recorded through
# tracefs across the offline of a CPU which holds about 150 vectors (the
# irqv_load test module), while the other CPUs free and request
# interrupts in a loop. The outgoing CPU moves its interrupts and gives
# back its vectors itself, outside cpu_online_mask, in take_cpu_down();
# it must record those events in its own ring buffer at that moment.
# Checks: the outgoing CPU recorded its irq_matrix_offline and the frees
# of its vectors; no ring buffer lost an event (overrun, commit overrun
# and dropped events of every CPU are 0); each CPU's set of allocated
# vectors, rebuilt from the start state and the events alone, equals
# debugfs after the offline.
# Plan: 1 (module) + 1 (load) + 1 (offline) + 3 + IRQV_CHECK_ALL_RESULTS.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

t_plan $((1 + 1 + 1 + 3 + IRQV_CHECK_ALL_RESULTS))
tracefs=/sys/kernel/tracing
[ -f "$tracefs/trace" ] || mount -t tracefs nodev "$tracefs" 2> /dev/null
[ -f "$tracefs/trace" ] || t_abort "offline trace: no tracefs"
victim=$(hotplug_cpus | tail -n 1)
[ -n "$victim" ] || t_abort "offline trace: no CPU can go offline"
load=${IRQV_OFFLINE_LOAD:-150}
churn=${IRQV_OFFLINE_CHURN:-24}

irqv_all_online
irqv_wait_quiescent 10
if ! irqv_load_module "offline trace" count=$((load + churn)) cpu="$victim" pcntxt=1; then
	t_skip_rest "offline trace: no irqv_load"
	t_done
fi

# The last $churn interrupts go to the other CPUs: those are freed and
# requested again in a loop while the victim goes offline.
others=$({ echo 0; hotplug_cpus; } | sort -nu | grep -vx "$victim" | tr '\n' ' ')
churn_irqs=$(awk '/ irqv_load$/ { sub(":", "", $1); print $1 }' /proc/interrupts |
	sort -n | tail -n "$churn" | tr '\n' ' ')
n=0
for irq in $churn_irqs; do
	n=$((n + 1))
	# shellcheck disable=SC2086 # one word per CPU
	set -- $others
	shift $((n % $#))
	echo "$1" 2> /dev/null > "/proc/irq/$irq/smp_affinity_list"
done
irqv_wait_quiescent 10
held=$(irqv_cpu_rows | awk -v c="$victim" '$1 == c { print $5 }')
if [ "${held:-0}" -ge "$load" ]; then
	t_ok "offline trace: CPU $victim holds $held vectors"
else
	t_fail "offline trace: CPU $victim holds ${held:-no} vectors, want $load or more"
fi

echo 0 > "$tracefs/tracing_on"
echo 8192 > "$tracefs/buffer_size_kb"
echo global > "$tracefs/trace_clock"
echo > "$tracefs/trace"
echo 1 > "$tracefs/events/irq_matrix/enable"
echo 1 > "$tracefs/events/irq_vectors/enable"
echo 1 > "$tracefs/tracing_on"
# Quiescent: an event between tracing_on and this snapshot only repeats it.
irqv_cpu_rows > /tmp/otrace.start

rm -f /tmp/otrace.stop
(
	while [ ! -f /tmp/otrace.stop ]; do
		for irq in $churn_irqs; do
			echo "$irq" > "$IRQV_PARAMS/toggle"
		done
	done
	# Every interrupt requested again
	for irq in $churn_irqs; do
		[ -d "/proc/irq/$irq/irqv_load" ] || echo "$irq" > "$IRQV_PARAMS/toggle"
	done
) 2> /dev/null &
churner=$!
sleep 1
irqv_check_set_online "offline trace" "$victim" 0
sleep 1
touch /tmp/otrace.stop
wait "$churner"
irqv_wait_quiescent 10
sleep 1
echo 0 > "$tracefs/tracing_on"
irqv_cpu_rows > /tmp/otrace.end
cat "$tracefs/trace" > /tmp/otrace.txt
lost=""
for stats in "$tracefs"/per_cpu/cpu*/stats; do
	cpu=${stats%/stats}
	cpu=${cpu##*/cpu}
	bad=$(awk -F': *' '$1 == "overrun" || $1 == "commit overrun" || $1 == "dropped events" {
		if ($2 + 0) printf " %s=%s", $1, $2 }' "$stats")
	[ -z "$bad" ] || lost="$lost cpu$cpu:$bad"
done
echo 0 > "$tracefs/events/irq_matrix/enable"
echo 0 > "$tracefs/events/irq_vectors/enable"
echo > "$tracefs/trace"

events=$(grep -cE ' (irq_matrix|vector)_[a-z_]+:' /tmp/otrace.txt)
if [ -z "$lost" ]; then
	t_ok "offline trace: $events events, none lost by the ring buffers"
else
	t_fail "offline trace: events lost:$lost"
fi

# Lines of the victim's buffer: "task-pid [NNN] flags time: event: ..."
mine=$(awk -v c="$victim" '{ for (i = 1; i <= NF; i++) if ($i ~ /^\[[0-9]+\]$/) {
		gsub(/[][]/, "", $i); if ($i + 0 == c) print; break } }' /tmp/otrace.txt)
own_offline=$(echo "$mine" | grep -c 'irq_matrix_offline:')
own_frees=$(echo "$mine" | grep -c "irq_matrix_free: bit=[0-9]* cpu=$victim ")
msg="CPU $victim recorded $own_offline irq_matrix_offline and $own_frees frees of its own vectors"
if [ "$own_offline" -eq 1 ] && [ "$own_frees" -ge "$load" ]; then
	t_ok "offline trace: $msg"
else
	t_fail_known_on_base "offline trace: $msg (want 1 and $load or more)"
fi

# Each CPU's set of allocated vectors: the debugfs list at the start, then
# the bit and cpu of every event which allocates or frees, in trace order.
awk '
function expand(list, cpu, arr,    n, i, p, r, v) {
	n = split(list == "-" ? "" : list, p, ",")
	for (i = 1; i <= n; i++) {
		if (split(p[i], r, "-") == 1) r[2] = r[1]
		for (v = r[1] + 0; v <= r[2] + 0; v++) arr[cpu, v] = 1
	}
}
FILENAME == ARGV[1] { expand($6, $1, set); next }
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
	listed[$1] = 1
	expand($6, $1, want)
	for (v = 0; v < 256; v++) {
		if ((($1, v) in set) && !(($1, v) in want))
			printf " cpu%s:replayed-only:%d", $1, v
		if (!(($1, v) in set) && (($1, v) in want))
			printf " cpu%s:debugfs-only:%d", $1, v
	}
}
END {
	for (k in set) {
		split(k, cv, SUBSEP)
		if (!(cv[1] in listed))
			printf " cpu%s:not-in-debugfs:%d", cv[1], cv[2]
	}
}' /tmp/otrace.start /tmp/otrace.txt /tmp/otrace.end > /tmp/otrace.diff
if [ -s /tmp/otrace.diff ]; then
	t_fail_known_on_base "offline trace: vectors rebuilt from events disagree with \
debugfs:$(cut -c1-400 /tmp/otrace.diff)"
else
	t_ok "offline trace: the vectors of $(wc -l < /tmp/otrace.end) CPUs rebuilt from \
$events events match debugfs"
fi

cpu_set_online "$victim" 1
irqv_wait_quiescent 10
irqv_check_all "after offline trace"
rmmod irqv_load
t_done

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Affinity storm: concurrent affinity writes on busy interrupts while CPUs go
# offline and online and block I/O runs. No I/O is lost, nothing leaks.
# The storm itself is checked: it changed some CPU's state and every write
# to a CPU's online file took effect; affinity writes were accepted, and
# each accepted write that no CPU state change overlapped reads back as
# written from smp_affinity_list (which shows a move still pending too).
# After the storm, with every CPU online, one more random write to each
# interrupt must read back as written.
#   IRQV_STORM_SECONDS: duration (default 20)
# Plan: 2 + (disks + 1) + IRQV_CHECK_ALL_RESULTS + 1.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

seconds=${IRQV_STORM_SECONDS:-20}
t_plan $((2 + $(irqv_ndisks) + 1 + IRQV_CHECK_ALL_RESULTS + 1))
cpus=$(hotplug_cpus)
[ -n "$cpus" ] || t_abort "affinity storm: no CPU can go offline"
possible=$(sed 's/.*-//' /sys/devices/system/cpu/possible)

movable_irqs() {
	for irq in $(irqv_vector_irqs); do
		irqv_irq_has_state "$irq" IRQD_IRQ_STARTED || continue
		irqv_irq_has_state "$irq" IRQD_AFFINITY_MANAGED && continue
		irqv_irq_has_state "$irq" IRQD_PER_CPU && continue
		[ -w "/proc/irq/$irq/smp_affinity_list" ] && echo "$irq"
	done
}

# The hotplug loop keeps a generation in /tmp/storm.gen: odd while it
# writes a CPU's online file, even between writes.
gen_set() {
	echo "$1" > /tmp/storm.gen.new && mv /tmp/storm.gen.new /tmp/storm.gen
}

# writer N: random ranges to its own interrupts (no other writer touches
# them), a line per write to /tmp/storm.wN: "rej", "acc" (accepted while a
# CPU's state may have changed), "ok" (accepted, read back as written) or
# "bad IRQ WROTE READ".
writer() {
	while [ ! -f /tmp/storm.stop ]; do
		for irq in $2; do
			a=$(irqv_random $((possible + 1)))
			b=$(irqv_random $((possible + 1)))
			if [ "$a" -gt "$b" ]; then c=$a; a=$b; b=$c; fi
			want="$a-$b"
			[ "$a" = "$b" ] && want=$a
			g1=$(cat /tmp/storm.gen 2>/dev/null)
			up1=$(cat /sys/devices/system/cpu/online)
			if ! echo "$a-$b" 2>/dev/null > "/proc/irq/$irq/smp_affinity_list"; then
				echo rej
				continue
			fi
			got=$(cat "/proc/irq/$irq/smp_affinity_list")
			g2=$(cat /tmp/storm.gen 2>/dev/null)
			# Only a write whose range held an online CPU, with no CPU
			# state change around it, must read back as written (an
			# offline-only mask takes the default affinity).
			if [ -z "$g1" ] || [ "$g1" != "$g2" ] || [ $((g1 % 2)) = 1 ] ||
				! irqv_expand_list "$up1" | awk -v a="$a" -v b="$b" \
					'$1 >= a && $1 <= b { f = 1 } END { exit !f }'; then
				echo acc
			elif [ "$got" = "$want" ]; then
				echo ok
			else
				echo "bad $irq $want $got"
			fi
		done
	done > "/tmp/storm.w$1"
}

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
irqs=$(movable_irqs | tr '\n' ' ')
t_diag "storming irqs: $irqs"
irqs1=$(echo "$irqs" | awk '{ for (i = 1; i <= NF; i += 2) printf "%s ", $i }')
irqs2=$(echo "$irqs" | awk '{ for (i = 2; i <= NF; i += 2) printf "%s ", $i }')
rm -f /tmp/storm.stop
gen=0
gen_set "$gen"
irqv_io_start
writer 1 "$irqs1" & w1=$!
writer 2 "$irqs2" & w2=$!

end=$(($(date +%s) + seconds))
ops=0 failed=""
while [ "$(date +%s)" -lt "$end" ]; do
	for cpu in $cpus; do
		if irqv_cpu_online "$cpu"; then state=0; else state=1; fi
		gen=$((gen + 1))
		gen_set "$gen"
		if cpu_set_online "$cpu" "$state" 2>/dev/null &&
			[ "$(cat "/sys/devices/system/cpu/cpu$cpu/online")" = "$state" ]; then
			ops=$((ops + 1))
		else
			failed="$failed $cpu:$state"
		fi
		gen=$((gen + 1))
		gen_set "$gen"
		[ "$(date +%s)" -lt "$end" ] || break
	done
done
touch /tmp/storm.stop
wait "$w1" "$w2"
irqv_all_online
if [ "$ops" -gt 0 ] && [ -z "$failed" ]; then
	t_ok "affinity storm: ${seconds}s, $ops CPU state changes, each took effect"
else
	t_fail "affinity storm: ${seconds}s, $ops CPU state changes;" \
		"failed (cpu:state):${failed:- none}"
fi
# A calm round: every CPU online, no other writer.
for irq in $irqs; do
	a=$(irqv_random $((possible + 1)))
	b=$(irqv_random $((possible + 1)))
	if [ "$a" -gt "$b" ]; then c=$a; a=$b; b=$c; fi
	want="$a-$b"
	[ "$a" = "$b" ] && want=$a
	if ! echo "$a-$b" 2>/dev/null > "/proc/irq/$irq/smp_affinity_list"; then
		echo rej
		continue
	fi
	got=$(cat "/proc/irq/$irq/smp_affinity_list")
	if [ "$got" = "$want" ]; then echo ok; else echo "bad $irq $want $got"; fi
done > /tmp/storm.calm
cat /tmp/storm.w1 /tmp/storm.w2 /tmp/storm.calm > /tmp/storm.writes
calm=$(grep -c '^ok' /tmp/storm.calm)
rej=$(grep -c '^rej' /tmp/storm.writes)
acc=$(grep -c '^acc' /tmp/storm.writes)
good=$(grep -c '^ok' /tmp/storm.writes)
bad=$(grep -c '^bad' /tmp/storm.writes)
accepted=$((acc + good + bad))
msg="$accepted affinity writes accepted ($rej rejected), $((good + bad)) of them"
msg="$msg with no CPU state change around ($calm after the storm)"
if [ "$calm" -gt 0 ] && [ "$bad" -eq 0 ]; then
	t_ok "affinity storm: $msg, each read back as written"
else
	t_fail "affinity storm: $msg, $bad read back otherwise:" \
		"$(grep '^bad' /tmp/storm.writes | head -n 4 | tr '\n' ';')"
fi
irqv_io_stop "affinity storm"
for irq in $irqs; do
	echo "0-$possible" 2>/dev/null > "/proc/irq/$irq/smp_affinity_list"
done
irqv_check_all "after affinity storm" "$baseline"
t_done

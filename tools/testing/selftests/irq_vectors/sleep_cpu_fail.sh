#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A CPU which does not come back from system sleep. The last CPU is made
# to fail at the irq/affinity:online hotplug state
# (/sys/devices/system/cpu/cpuN/hotplug/fail) during a suspend dry run
# (pm_test=core): its bringup is rolled back and it stays offline
# (hotplug/state 0; its online file still reads 1, as the thaw does not
# go through the device core). The
# maskable interrupts (irqv_load dev=1) which kept their vector on it
# while it was offline move to online CPUs when they are resumed, and
# each is then handled once. Once the CPU is brought online again through
# its hotplug/target, the
# VECTOR totals and every consistency check are as before: no vector
# leaked on the CPU which stayed away.
# Plan: 9 + IRQV_CHECK_ALL_RESULTS + 1.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

t_plan $((9 + IRQV_CHECK_ALL_RESULTS + 1))
cpus=$(hotplug_cpus)
last=$(echo "$cpus" | tail -n 1)
hp=/sys/devices/system/cpu/cpu$last/hotplug
fail=$hp/fail
state=$(awk -F: '/^ *[0-9]+: irq\/affinity:online$/ { print $1 + 0 }' \
	/sys/devices/system/cpu/hotplug/states 2>/dev/null)
up=$(awk -F: '/^ *[0-9]+: online$/ { print $1 + 0 }' \
	/sys/devices/system/cpu/hotplug/states 2>/dev/null)
if [ -z "$last" ] || [ ! -w /sys/power/pm_test ] || [ ! -w "$fail" ] || [ -z "$state" ] ||
	[ -z "$up" ]; then
	t_abort "sleep cpu fail: needs a CPU which can go offline, /sys/power/pm_test," \
		"its hotplug/fail and the irq/affinity:online state"
fi
count=64
label="sleep cpu fail"

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
online=$(cat /sys/devices/system/cpu/online)
irqv_load_module "$label" dev=1 count="$count" pcntxt=1 ||
	{ t_skip_rest "$label: no irqv_load"; t_done; }
awk '/irqv_load/ { sub(":", "", $1); print $1 }' /proc/interrupts > /tmp/scf.irqs
# A quarter of them on the CPU which will stay away.
# Without remapping a move completes with the first interrupt on the
# new vector: raise each once, as its device would.
head -n $((count / 4)) /tmp/scf.irqs | while read -r irq; do
	echo "$last" > "/proc/irq/$irq/smp_affinity_list"
	echo "$irq" > "$IRQV_PARAMS/raise"
done
sleep 1
irqv_wait_quiescent 10
while read -r irq; do
	[ "$(irqv_irq_field "$irq" Target)" = "$last" ] && echo "$irq"
done < /tmp/scf.irqs > /tmp/scf.kept
with_module=$(irqv_totals)
t_diag "$(wc -l < /tmp/scf.kept) test interrupts on CPU $last; it fails at state $state"

echo "$state" > "$fail"
if err=$(irqv_pm_dry_run mem); then
	t_diag "$label: suspend dry run returned success"
else
	t_diag "$label: suspend dry run returned: $err"
fi
echo -1 > "$fail"
now=$(cat /sys/devices/system/cpu/online)
hpstate=$(cat "$hp/state")
if [ "$hpstate" = 0 ] && ! irqv_expand_list "$now" | grep -qx "$last"; then
	t_ok "$label: CPU $last failed to come back and stayed offline (CPUs $now online," \
		"hotplug/state $hpstate)"
else
	t_fail "$label: CPU $last did not fail its bringup: CPUs $now online," \
		"hotplug/state $hpstate"
fi
irqv_wait_quiescent 10
# Not irqv_cpu_online: the online file of the CPU which stayed away
# still reads 1.
away=""
irqv_expand_list "$now" > /tmp/scf.online
while read -r irq; do
	t=$(irqv_irq_field "$irq" Target)
	grep -qx "$t" /tmp/scf.online || away="$away $irq:cpu$t"
done < /tmp/scf.irqs
if [ -z "$away" ] && [ -s /tmp/scf.kept ]; then
	t_ok "$label: the $(wc -l < /tmp/scf.kept) interrupts of CPU $last target online CPUs"
else
	t_fail "$label: interrupts on offline CPUs:$away (on CPU $last before:" \
		"$(wc -l < /tmp/scf.kept))"
fi
irqv_check_targets "$label, CPU $last offline"

# raise LABEL: every test interrupt once; handled once each.
raise() {
	h0=$(irqv_handled)
	while read -r irq; do
		echo "$irq" > "$IRQV_PARAMS/raise"
	done < /tmp/scf.irqs
	tries=50
	while [ "$(irqv_handled)" -lt $((h0 + count)) ] && [ "$tries" -gt 0 ]; do
		sleep 0.1
		tries=$((tries - 1))
	done
	sleep 0.2
	h1=$(irqv_handled)
	if [ "$h1" -eq $((h0 + count)) ]; then
		t_ok "$1: each of the $count interrupts raised once, handled once"
	else
		t_fail "$1: $count interrupts raised, handler saw $((h1 - h0))"
	fi
}
raise "$label, CPU $last offline"

if echo "$up" > "$hp/target" && [ "$(cat "$hp/state")" = "$up" ]; then
	t_ok "$label: CPU $last brought online through hotplug/target"
else
	t_fail "$label: CPU $last online through hotplug/target: state $(cat "$hp/state")"
fi
t_check "$label: CPUs $online online again" [ "$(cat /sys/devices/system/cpu/online)" = "$online" ]
irqv_wait_quiescent 10
raise "$label, CPU $last back"
now=$(irqv_totals)
t_check "$label: VECTOR totals as before the dry run ($now, before $with_module)" \
	[ "$now" = "$with_module" ]
rmmod irqv_load
irqv_check_all "after $label" "$baseline"
t_done

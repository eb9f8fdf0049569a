#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# System sleep moves no interrupt. irqv_load's dev=1 interrupts model a
# maskable level-triggered device; during the suspend and hibernation dry
# runs (pm_test=core) the non-boot CPUs go offline and come back, and a
# suspended interrupt of such a device keeps its CPU and vector, masked.
#  - 1000 of them next to the NVMe managed queues, spread over the CPUs,
#    and some pinned by the user to single CPUs: both dry runs complete
#    (their vectors could never fit on the boot CPU alone), and after each
#    every interrupt has the same Target and Vector, the pinned ones read
#    back their smp_affinity_list, the VECTOR totals are unchanged, and
#    each raised once is handled once, counted on its own CPU.
#  - Raised in the window: 16 interrupts, the first a wakeup interrupt
#    (enable_irq_wake()), are raised while the non-boot CPUs are offline
#    for a suspend dry run. Each is handled exactly once after the resume,
#    and the wakeup interrupt, which moves to the boot CPU as a wakeup
#    interrupt must, is what /sys/power/pm_wakeup_irq reports; it aborts
#    the suspend (syscore_suspend() finds the wakeup pending: EBUSY).
#  The VECTOR totals are compared once the devices settled: the disks
#  free and request some of their own vectors again after a resume.
#   IRQV_SLEEP_COUNT: interrupts of the first part (default 1000)
# Plan: 3 + 2 * 7 + IRQV_CHECK_ALL_RESULTS + 1 + 6.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

t_plan $((3 + 2 * 7 + IRQV_CHECK_ALL_RESULTS + 1 + 6))
cpus=$(hotplug_cpus)
if [ "$(echo "$cpus" | wc -w)" -lt 3 ] || [ ! -w /sys/power/pm_test ]; then
	t_abort "sleep keep: needs three CPUs which can go offline and /sys/power/pm_test"
fi
count=${IRQV_SLEEP_COUNT:-1000}

# The test module's interrupts, one a line.
our_irqs() {
	awk '/irqv_load/ { sub(":", "", $1); print $1 }' /proc/interrupts
}

# "IRQ Vector Target" of every test interrupt.
placement() {
	(cd "$IRQV_IRQS" && xargs grep -HE '^ *(Vector|Target):' < /tmp/sk.irqs) |
		awk -F: '{ gsub(/ /, "", $2); v[$1, $2] = $3 + 0; n[$1] = 1 }
			END { for (i in n) print i, v[i, "Vector"], v[i, "Target"] }' |
		sort -n
}

# /proc/interrupts lines of the test interrupts, counts only.
counts() {
	awk 'NR == 1 { ncpu = NF; next }
		/irqv_load/ { sub(":", "", $1); l = $1
			for (i = 2; i <= ncpu + 1; i++) l = l " " $i
			print l }' /proc/interrupts
}

# "IRQ CPU" of each pinned interrupt, as its smp_affinity_list reads.
pinned_now() {
	while read -r irq cpu; do
		echo "$irq $(cat "/proc/irq/$irq/smp_affinity_list")"
	done < /tmp/sk.pinned
}

# totals_settle WANT: the VECTOR totals, once they equal WANT or after 10 s.
totals_settle() {
	ts_tries=50
	ts_now=$(irqv_totals)
	while [ "$ts_now" != "$1" ] && [ "$ts_tries" -gt 0 ]; do
		sleep 0.2
		ts_now=$(irqv_totals)
		ts_tries=$((ts_tries - 1))
	done
	echo "$ts_now"
}

# wait_handled N: until the handler saw N interrupts, at most 5 s.
wait_handled() {
	wh_tries=50
	while [ "$(irqv_handled)" -lt "$1" ] && [ "$wh_tries" -gt 0 ]; do
		sleep 0.1
		wh_tries=$((wh_tries - 1))
	done
	sleep 0.2
}

# raise_all LABEL: raise every test interrupt once: one result for the
# handler's count, one for /proc/interrupts (+1 on the Target CPU only).
raise_all() {
	placement > /tmp/sk.where
	counts > /tmp/sk.c0
	h0=$(irqv_handled)
	while read -r irq; do
		echo "$irq" > "$IRQV_PARAMS/raise"
	done < /tmp/sk.irqs
	wait_handled $((h0 + count))
	h1=$(irqv_handled)
	if [ "$h1" -eq $((h0 + count)) ]; then
		t_ok "$1: each of the $count interrupts raised once, handled once"
	else
		t_fail "$1: $count interrupts raised, handler saw $((h1 - h0))"
	fi
	counts > /tmp/sk.c1
	ra_bad=$(awk 'FILENAME == ARGV[1] { t[$1] = $3; next }
		FILENAME == ARGV[2] { for (i = 2; i <= NF; i++) c[$1, i - 2] = $i; next }
		{ for (i = 2; i <= NF; i++) {
			d = $i - c[$1, i - 2]; want = (i - 2 == t[$1]) ? 1 : 0
			if (d != want && ++n <= 6) printf " %s:cpu%d+%d", $1, i - 2, d
		} }
		END { if (n > 6) printf " (%d in all)", n }' /tmp/sk.where /tmp/sk.c0 /tmp/sk.c1)
	if [ -z "$ra_bad" ] && [ -s /tmp/sk.c1 ]; then
		t_ok "$1: /proc/interrupts counted each once, on its Target CPU"
	else
		t_fail "$1: /proc/interrupts counts off:$ra_bad"
	fi
}

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
online=$(cat /sys/devices/system/cpu/online)

label="sleep keep: $count maskable interrupts"
irqv_load_module "$label" dev=1 count="$count" pcntxt=1 ||
	{ t_skip_rest "$label: no irqv_load"; t_done; }
our_irqs > /tmp/sk.irqs
irqv_wait_quiescent 10
# Pin every 50th to one of the non-boot CPUs, in turn.
ncpus=$(echo "$cpus" | wc -w)
awk -v n="$ncpus" 'NR % 50 == 2 { print $1, (k++ % n) }' /tmp/sk.irqs |
	while read -r irq k; do
		echo "$irq $(echo "$cpus" | sed -n "$((k + 1))p")"
	done > /tmp/sk.pinned
# Without remapping a move completes with the first interrupt on the
# new vector: raise each pinned one once, as its device would.
h0=$(irqv_handled)
while read -r irq cpu; do
	echo "$cpu" > "/proc/irq/$irq/smp_affinity_list"
	echo "$irq" > "$IRQV_PARAMS/raise"
done < /tmp/sk.pinned
wait_handled $((h0 + $(wc -l < /tmp/sk.pinned)))
irqv_wait_quiescent 10
if [ "$(wc -l < /tmp/sk.irqs)" -eq "$count" ] && pinned_now | cmp -s - /tmp/sk.pinned; then
	t_ok "sleep keep: $count interrupts, $(wc -l < /tmp/sk.pinned) pinned to single CPUs"
else
	t_fail "sleep keep: $(wc -l < /tmp/sk.irqs) of $count interrupts, pinning" \
		"$(pinned_now | diff /tmp/sk.pinned - | grep -c '^+[0-9]') wrong"
fi
placement > /tmp/sk.before
spread=$(awk '{ print $3 }' /tmp/sk.before | sort -n | uniq -c |
	awk '{ printf " cpu%s:%s", $2, $1 }')
t_diag "sleep keep: test interrupts per CPU:$spread"
if [ "$(awk '{ print $3 }' /tmp/sk.before | sort -u | wc -l)" -gt "$ncpus" ]; then
	t_ok "sleep keep: the interrupts are spread over all CPUs"
else
	t_fail "sleep keep: the interrupts are on fewer CPUs than online:$spread"
fi
totals=$(irqv_totals)

for pm in mem disk; do
	dl="$label, $pm dry run"
	start=$(date +%s)
	if err=$(irqv_pm_dry_run "$pm"); then
		t_ok "$dl completed in $(($(date +%s) - start)) s"
	else
		t_fail_known_on_base "$dl failed: $err"
	fi
	now=$(cat /sys/devices/system/cpu/online)
	if [ "$now" = "$online" ]; then
		t_ok "$dl: CPUs $now online again"
	else
		t_fail "$dl: CPUs $now online, before $online"
	fi
	irqv_wait_quiescent 10
	placement > /tmp/sk.after
	moved=$(diff /tmp/sk.before /tmp/sk.after | grep -c '^+[0-9]')
	if [ "$moved" = 0 ] && [ -s /tmp/sk.after ]; then
		t_ok "$dl: every interrupt kept its Target and Vector"
	else
		mv_list=$(diff /tmp/sk.before /tmp/sk.after | grep '^+[0-9]' | head -n 4 |
			tr '\n' ' ')
		t_fail_known_on_base "$dl: $moved of $count interrupts elsewhere: $mv_list"
	fi
	if pinned_now | cmp -s - /tmp/sk.pinned; then
		t_ok "$dl: the pinned interrupts read back their smp_affinity_list"
	else
		pn_list=$(pinned_now | diff /tmp/sk.pinned - | grep '^+[0-9]' | head -n 4 |
			tr '\n' ' ')
		t_fail_known_on_base "$dl: pinned interrupts changed: $pn_list"
	fi
	now=$(totals_settle "$totals")
	if [ "$now" = "$totals" ]; then
		t_ok "$dl: VECTOR totals unchanged ($now)"
	else
		t_fail_known_on_base "$dl: VECTOR totals $now, before $totals"
	fi
	raise_all "$dl"
done
rmmod irqv_load
# 6.12 leaves managed queues of the disks shut down after a failed dry
# run: the baseline comparison is its own result.
irqv_check_all "after sleep keep"
now=$(totals_settle "$baseline")
if [ "$now" = "$baseline" ]; then
	t_ok "after sleep keep: counters back to baseline ($now)"
else
	t_fail_known_on_base "after sleep keep: counters $now, baseline $baseline"
fi

label="sleep keep: raised in the window"
irqv_load_module "$label" dev=1 count=64 pcntxt=1 raise_in_window=16 wake=1 ||
	{ t_skip_rest "$label: no irqv_load"; t_done; }
first=$(cat "$IRQV_PARAMS/first_irq")
# The wakeup interrupt and the others of the window on non-boot CPUs.
our_irqs | head -n 16 | while read -r irq; do
	k=$(($(irqv_random "$ncpus") + 1))
	echo "$cpus" | sed -n "${k}p" > "/proc/irq/$irq/smp_affinity_list"
done
irqv_wait_quiescent 10
h0=$(irqv_handled)
if err=$(irqv_pm_dry_run mem); then
	t_ok "$label: suspend dry run completed"
elif [ "$err" = "Device or resource busy" ]; then
	t_ok "$label: suspend dry run aborted by the wakeup interrupt: $err"
else
	t_fail "$label: suspend dry run failed: $err"
fi
wait_handled $((h0 + 16))
raised=$(cat "$IRQV_PARAMS/window_raised")
t_check "$label: 16 interrupts raised while the CPUs were offline (window_raised $raised)" \
	[ "$raised" = 16 ]
h1=$(irqv_handled)
if [ "$h1" -eq $((h0 + 16)) ]; then
	t_ok "$label: each handled exactly once after the resume"
else
	t_fail "$label: 16 raised, handler saw $((h1 - h0))"
fi
wirq=$(cat /sys/power/pm_wakeup_irq 2>/dev/null)
if [ "$wirq" = "$first" ]; then
	t_ok "$label: the wakeup interrupt $first woke the system (pm_wakeup_irq)"
else
	t_fail "$label: pm_wakeup_irq reads '$wirq', want the wakeup interrupt $first"
fi
rmmod irqv_load
now=$(totals_settle "$baseline")
t_check "$label: VECTOR totals back to baseline ($now, before $baseline)" [ "$now" = "$baseline" ]
t_done

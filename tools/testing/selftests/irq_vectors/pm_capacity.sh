#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Suspend and hibernation dry runs (pm_test core) at the edge of the
# vector space. A dry run takes every non-boot CPU offline, so every
# regular interrupt has to fit on the boot CPU alone.
#  - At fit, both dry runs complete. The dry runs' own edge is not fit + 1:
#    devices free regular vectors when they are frozen (virtio-blk frees
#    its config interrupt), so a dry run at fit + 1 completes too.
#  - The exact edge, by CPU hotplug: with as many more interrupts (fit)
#    as the boot CPU can hold next to the devices' own, every non-boot CPU
#    goes offline and the boot CPU is then exactly full (avl 0); with one
#    more (fit + 1), all of them but the last go offline and the last is
#    refused with ENOSPC, which changes nothing (the VECTOR view and every
#    interrupt's vector and target).
#  - With more than the boot CPU can hold at all (its capacity + 1), both
#    dry runs fail with ENOSPC.
#  These test interrupts (irqv_load's default mode) cannot be masked, so
#  system sleep moves them off a CPU which goes offline, as a runtime
#  offline does, and they stay where they went.
#  - The same count of maskable ones (dev=1) stays on its CPUs during
#    system sleep: both dry runs complete, and every one of them has its
#    Target as before.
#  After every dry run, the CPUs are online again and the state is back,
#  once each test interrupt was raised (so that a move left pending until
#  an interrupt arrives completes): the same CPU rows, each with its
#  managed reservations (man) exact, the totals of act and mac exact, and
#  every test interrupt on an online CPU. Not compared: which vector
#  numbers a CPU holds and the devices' own interrupts' targets (devices
#  free and request them again around a dry run). The matrix and the
#  interrupts agree, and every disk does I/O.
#  The test interrupts move in process context (pcntxt=1), as remapped
#  device interrupts do.
#   IRQV_PM_EDGE_SHIFT: take fit as this much less (to see the edge checks
#   fail; default 0)
# Plan: 4 + 2 * (4 + disks)   at fit
#     + 4                     at fit + 1
#     + 2 + 2 * (4 + disks)   over capacity
#     + 2 + 2 * (4 + disks)   over capacity, maskable
#     + IRQV_CHECK_ALL_RESULTS + 1.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

per_run=$((4 + $(irqv_ndisks)))
t_plan $((4 + 2 * per_run + 4 + 2 * (2 + 2 * per_run) + IRQV_CHECK_ALL_RESULTS + 1))
[ -w /sys/power/pm_test ] || t_abort "pm capacity: no /sys/power/pm_test"
cpus=$(hotplug_cpus)
[ -n "$cpus" ] || t_abort "pm capacity: no CPU can go offline"

# state FILE: each online CPU's row (its counts: which vector numbers it
# holds may change), and the target of each test interrupt.
state() {
	irqv_cpu_rows | awk '{ print "cpu", $1, $2, $3, $4, $5 }' > "$1"
	awk '/irqv_load/ { sub(":", "", $1); print $1 }' /proc/interrupts |
		while read -r irq; do
			echo "irq $irq target $(irqv_irq_field "$irq" Target)"
		done >> "$1"
}

# unchanged LABEL ONLINE: the dry run left CPUs, state and devices as they
# were (the state in /tmp/pmcap.before).
unchanged() {
	if [ "$(cat /sys/devices/system/cpu/online)" = "$2" ]; then
		t_ok "$1: CPUs $2 online again"
	else
		t_fail "$1: CPUs $(cat /sys/devices/system/cpu/online) online, before $2"
	fi
	# Raise each test interrupt once, as its device would, so that a
	# move left pending until an interrupt arrives completes.
	# (debugfs "trigger" refuses level-triggered ones: raise those).
	awk '/irqv_load/ { sub(":", "", $1); print $1 }' /proc/interrupts |
		while read -r irq; do
			if [ "$pc_keep" = 1 ]; then
				echo "$irq" > "$IRQV_PARAMS/raise"
			else
				echo trigger > "$IRQV_IRQS/$irq"
			fi
		done
	irqv_wait_quiescent 10
	state /tmp/pmcap.after
	# Rows: "cpu N avl man mac act"; test interrupts: "irq N target T".
	st_bad=$(awk -v keep="$pc_keep" 'FILENAME == ARGV[1] {
			if ($1 == "cpu") {
				man[$2] = $4; mac[$2] = $5; act[$2] = $6
				sa += $6; sm += $5
			} else {
				tgt[$2] = $4
			}
			next
		}
		$1 == "cpu" {
			if (!($2 in act)) { printf " cpu%s:new-row", $2; next }
			seen[$2] = 1; ta += $6; tm += $5
			if ($4 != man[$2]) printf " cpu%s:man%s->%s", $2, man[$2], $4
		}
		$1 == "irq" && !($4 in act) { printf " irq%s-on-offline-cpu%s", $2, $4 }
		$1 == "irq" && keep && tgt[$2] != $4 {
			if (++away <= 6) list = list " " $2 ":" tgt[$2] "->" $4
		}
		END {
			for (c in act) if (!(c in seen)) printf " cpu%s:row-gone", c
			if (ta != sa || tm != sm)
				printf " act-total%s->%s,mac-total%s->%s", sa, ta, sm, tm
			if (away) printf " %d-test-irqs-elsewhere:%s", away, list
		}' /tmp/pmcap.before /tmp/pmcap.after)
	st_rows=$(grep -c '^cpu' /tmp/pmcap.after)
	st_irqs=$(grep -c '^irq' /tmp/pmcap.after)
	st_away=$(awk 'FILENAME == ARGV[1] { if ($1 == "irq") t[$2] = $4; next }
		$1 == "irq" && t[$2] != $4 { n++ }
		END { print n + 0 }' /tmp/pmcap.before /tmp/pmcap.after)
	if [ "$st_rows" -gt 0 ] && [ "$st_irqs" -gt 0 ] && [ -z "$st_bad" ]; then
		t_ok "$1: $st_rows CPU rows as before (man exact, totals exact), $st_irqs test" \
			"interrupts on online CPUs, $((st_irqs - st_away)) on their CPU"
	else
		t_fail_known_on_base \
			"$1: state changed ($st_rows rows, $st_irqs test interrupts):$st_bad"
	fi
	irqv_check_vector_owners "$1"
	for dev in $(irqv_disks); do
		irqv_check_disk_interrupts "$1" "$dev"
	done
}

# load LABEL COUNT [PARAM...]: irqv_load with COUNT interrupts, all
# activated: two results. Returns 1 if the module did not load.
load() {
	ld_label=$1
	ld_count=$2
	shift 2
	irqv_load_module "$ld_label" count="$ld_count" pcntxt=1 "$@" ||
		{ t_skip "$ld_label: activated"; return 1; }
	if [ "$(cat "$IRQV_PARAMS/active")" = "$ld_count" ]; then
		t_ok "$ld_label: $ld_count interrupts activated"
	else
		t_fail "$ld_label: $(cat "$IRQV_PARAMS/active") of $ld_count interrupts" \
			"activated, error $(cat "$IRQV_PARAMS/first_error")"
	fi
	irqv_wait_quiescent 10
}

# dry_runs LABEL EXPECT: a mem and a disk dry run, each expected to
# "complete" or to "fail" with ENOSPC, and the state after each. With
# pc_keep=1 the test interrupts must keep their CPUs, and the base tree is
# known to fail both.
pc_keep=0
dry_runs() {
	state /tmp/pmcap.before
	online=$(cat /sys/devices/system/cpu/online)
	dr_false_success="reported success although CPUs could not go offline"
	for pm in mem disk; do
		dr_label="$1, $pm dry run"
		if err=$(irqv_pm_dry_run "$pm"); then
			if [ "$2" = complete ]; then
				t_ok "$dr_label completed"
			elif [ "$pc_keep" = 1 ]; then
				t_fail_known_on_base "$dr_label $dr_false_success"
			elif [ "$pm" = disk ]; then
				t_fail_known_on_base -f F7 "$dr_label $dr_false_success"
			else
				t_fail "$dr_label $dr_false_success"
			fi
		elif [ "$2" = fail ] && [ "$err" = "No space left on device" ]; then
			t_ok "$dr_label failed: $err"
		elif [ "$pc_keep" = 1 ]; then
			t_fail_known_on_base "$dr_label failed: $err"
		else
			t_fail "$dr_label failed: $err"
		fi
		unchanged "$dr_label" "$online"
	done
}

# all_offline: every non-boot CPU offline, one at a time, highest last;
# prints "ok" or the CPU refused and its error.
all_offline() {
	for cpu in $cpus; do
		if ! err=$(echo 0 | dd of="/sys/devices/system/cpu/cpu$cpu/online" 2>&1); then
			echo "$cpu $(echo "$err" | sed -n 's/^dd: .*: //p' | head -n 1)"
			return
		fi
	done
	echo ok
}

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
capacity=$(irqv_cpu0_capacity)
fit=$((capacity - $(irqv_regular_allocated) - ${IRQV_PM_EDGE_SHIFT:-0}))
last=$(echo "$cpus" | tail -n 1)
t_diag "boot CPU holds $capacity regular vectors, $fit of them free for irqv_load"

label="pm capacity: at the boot CPU's limit"
if load "$label" "$fit"; then
	# The dry runs first: the offline of every CPU below leaves the test
	# interrupts on the boot CPU.
	dry_runs "$label" complete
	got=$(all_offline)
	row0=$(irqv_cpu_rows | awk '$1 == 0 { print $2 }')
	if [ "$got" = ok ]; then
		t_ok "$label: every non-boot CPU offline"
	else
		t_fail "$label: offline of CPU ${got%% *} refused: ${got#* }"
	fi
	if [ "$got" = ok ] && [ "$row0" = 0 ]; then
		t_ok "$label: the boot CPU is then exactly full (avl 0)"
	else
		t_fail "$label: the boot CPU has $row0 vectors available with CPUs" \
			"$(cat /sys/devices/system/cpu/online) online, want 0 with CPU 0 alone"
	fi
	irqv_all_online
	irqv_wait_quiescent 10
	rmmod irqv_load
else
	t_skip_rest "$label: no irqv_load"
	t_done
fi

label="pm capacity: one over the boot CPU's limit"
if load "$label" $((fit + 1)); then
	got=$(all_offline)
	if [ "$got" = "$last No space left on device" ]; then
		t_ok "$label: every non-boot CPU offline but the last," \
			"CPU $last refused with ENOSPC"
	else
		t_fail "$label: offline of every non-boot CPU: ${got%% *} refused with" \
			"'${got#* }', want CPU $last refused with ENOSPC"
	fi
	# The refused offline: the view right before it is that of all
	# CPUs but the last offline; take it again after a refused write.
	if [ "$got" != ok ]; then
		cat "$IRQV_DOMAIN" > /tmp/pmcap.view
		for irq in $(irqv_vector_irqs); do
			echo "$irq $(irqv_irq_field "$irq" Vector) $(irqv_irq_field "$irq" Target)"
		done > /tmp/pmcap.irqs
		echo 0 2>/dev/null > "/sys/devices/system/cpu/cpu${got%% *}/online"
		cat "$IRQV_DOMAIN" > /tmp/pmcap.view.after
		for irq in $(irqv_vector_irqs); do
			echo "$irq $(irqv_irq_field "$irq" Vector) $(irqv_irq_field "$irq" Target)"
		done > /tmp/pmcap.irqs.after
	fi
	if [ "$got" != ok ] && irqv_cpu_online "${got%% *}" &&
		cmp -s /tmp/pmcap.view /tmp/pmcap.view.after &&
		cmp -s /tmp/pmcap.irqs /tmp/pmcap.irqs.after; then
		t_ok "$label: the refused offline changed neither the VECTOR view nor any" \
			"interrupt's vector and target ($(wc -l < /tmp/pmcap.irqs) interrupts)"
	else
		changes=$({ diff /tmp/pmcap.view /tmp/pmcap.view.after
		diff /tmp/pmcap.irqs /tmp/pmcap.irqs.after; } 2>/dev/null |
		grep '^[-+<>][^-+]' | head -n 6 | tr '\n' ';')
		if [ "$got" = ok ]; then
			t_fail "$label: no offline was refused," \
				"so none could leave the state unchanged"
		else
			refused=${got%% *}
			irqv_cpu_online "$refused" || refused="$refused (went offline after all)"
			t_fail "$label: offline of CPU $refused refused: changed: $changes"
		fi
	fi
	irqv_all_online
	irqv_wait_quiescent 10
	rmmod irqv_load
else
	t_skip "$label: no irqv_load"
	t_skip "$label: no irqv_load"
fi

label="pm capacity: over the boot CPU's capacity"
if load "$label" $((capacity + 1)); then
	dry_runs "$label" fail
	rmmod irqv_load
else
	n=$((2 * per_run))
	while [ "$n" -gt 0 ]; do t_skip "$label: no irqv_load"; n=$((n - 1)); done
fi

label="pm capacity: maskable, over the boot CPU's capacity"
if load "$label" $((capacity + 1)) dev=1; then
	pc_keep=1
	dry_runs "$label" complete
	pc_keep=0
	rmmod irqv_load
else
	n=$((2 * per_run))
	while [ "$n" -gt 0 ]; do t_skip "$label: no irqv_load"; n=$((n - 1)); done
fi

irqv_check_all "after pm capacity" "$baseline"
t_done

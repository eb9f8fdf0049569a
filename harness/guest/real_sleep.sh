#!/bin/sh
# Real sleep, not a dry run: the sleep tier of make check boots this twice
# (harness/check.sh). Booted with a swap disk (/dev/vdb) and the host's
# waker (harness/qmp-wakeup.py on QMP):
#   load     irqv_load with up to 185 interrupts (as many as the boot CPU
#            can still hold) of its maskable level device (dev=1), spread
#            over the CPUs, movable in process context (pcntxt=1); each
#            one's Target and Vector and the vectors per CPU are
#            recorded;
#   S3       deep sleep selected, "mem" written to /sys/power/state: the
#            guest enters ACPI S3 and the host wakes it through QMP's
#            system_wakeup; the write must return success and the kernel
#            log show the entry into and the wake from S3;
#   disk     mkswap and swapon /dev/vdb, "reboot" as the hibernation mode,
#            "disk" written to /sys/power/state: the image goes to the swap
#            disk and QEMU ends (-no-reboot). The host boots the same
#            kernel again with resume=/dev/vdb; this script goes on in the
#            restored image, where the write returns success and the
#            kernel log says the image was restored. A boot with resume=
#            that reaches this script from its start found no image: it
#            fails.
# After each: the test interrupts are where they were (see below), every
# disk (nvme0n1, vda and the swap disk vdb) completes a read that raises
# its own interrupts, each test interrupt raised once is handled once and
# counted once in /proc/interrupts on its target CPU, and the consistency
# checks of irqv_lib.sh hold. At the end, after the unload and swapoff,
# the consistency checks again with the counters back to the boot's.
# The guest prints "# sleep-mark: NAME" lines the host stamps with its
# clock, for the time of each step.
#   IRQV_SLEEP_SAME_PLACE=1: every test interrupt must keep its CPU and
#     vector through each sleep (always checked on base and fixes, where
#     it is a known failure: the offline of the CPUs moves them to CPU0).
#   IRQV_SLEEP_BREAK=a:b: break checks on purpose, to see them fail:
#     onecpu (every test interrupt on CPU 0), s2idle (select s2idle, and
#     so write no mem), dryrun (pm_test=core dry runs instead of the real
#     sleeps), place (move a test interrupt after its place was recorded),
#     raise (raise one test interrupt twice), disk (reads of 0 blocks).
# Plan: 7 + 2 * (disks + 2 + IRQV_CHECK_ALL_RESULTS + same) + 1 +
#       IRQV_CHECK_ALL_RESULTS, disks those of irqv_disks and vdb, same 1
#       when the places are checked.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. /tests/irq_vectors/irqv_lib.sh

mark() {
	echo "# sleep-mark: $1"
}

broken() {
	case ":${IRQV_SLEEP_BREAK:-}:" in
	*":$1:"*) return 0 ;;
	esac
	return 1
}

# A second boot that reaches this script from its start: its kernel found
# no image on resume= (the restored kernel has the first boot's command
# line, without resume=).
case " $(cat /proc/cmdline) " in
*" resume="*)
	t_plan 1
	t_fail "real sleep: booted afresh with resume= on the command line:" \
		"no hibernation image was found and restored"
	t_done ;;
esac

same=0
case ${IRQV_SLEEP_SAME_PLACE:-0}:${IRQTEST_VARIANT:-} in
1:* | *:base | *:fixes) same=1 ;;
esac
disks="$(irqv_disks) /dev/vdb"
ndisks=$(echo "$disks" | wc -w)
per_post=$((ndisks + 2 + IRQV_CHECK_ALL_RESULTS + same))
t_plan $((7 + 2 * per_post + 1 + IRQV_CHECK_ALL_RESULTS))

# The test interrupts, "IRQ TARGET VECTOR" each, from debugfs irqs/N.
places() {
	[ -s /tmp/rs.irqs ] || return 0
	# shellcheck disable=SC2046
	(cd "$IRQV_IRQS" && awk 'FNR == 1 && NR > 1 { print irq, t, v }
		FNR == 1 { irq = FILENAME; t = v = "" }
		$1 == "Target:" { t = $2 }
		$1 == "Vector:" { v = $2 }
		END { if (NR) print irq, t, v }' $(cat /tmp/rs.irqs))
}

# "IRQ CPU COUNT" of each test interrupt and online CPU, /proc/interrupts.
counts() {
	awk 'NR == 1 { for (i = 1; i <= NF; i++) { c = $i; sub("CPU", "", c); col[i + 1] = c }
			n = NF; next }
		/irqv_load/ { sub(":", "", $1); for (i = 2; i <= n + 1; i++) print $1, col[i], $i }' \
		/proc/interrupts
}

# The figures: the vectors (act) of each CPU, and where the test
# interrupts are.
per_cpu() {
	t_diag "$1: vectors per CPU $(irqv_cpu_rows | awk '{ printf "%s:%s ", $1, $5 }')"
	t_diag "$1: test interrupts per CPU $(places | awk '{ n[$2]++ }
		END { for (c in n) printf "%s:%s\n", c, n[c] }' | sort -n | tr '\n' ' ')"
}

# The /proc/interrupts name pattern of one disk's own interrupts.
disk_pattern() {
	case $1 in
	*nvme*) echo nvme0q ;;
	*)
		dp_dev=$(readlink "/sys/block/${1##*/}/device" 2>/dev/null)
		if [ -n "$dp_dev" ]; then echo "${dp_dev##*/}-"; else echo "no-device-of-$1"; fi ;;
	esac
}

# disk_io LABEL DEVICE: a 1 MiB direct read completes and raises the
# device's own interrupts.
disk_io() {
	di_pattern=$(disk_pattern "$2")
	di_blocks=256
	broken disk && di_blocks=0
	di_before=$(irq_count "$di_pattern")
	if ! dd if="$2" of=/dev/null bs=4096 count="$di_blocks" iflag=direct 2>/dev/null; then
		t_fail "$1: read from $2 failed"
		return
	fi
	di_after=$(irq_count "$di_pattern")
	if [ "$di_after" -gt "$di_before" ]; then
		t_ok "$1: 1 MiB read from $2 raised its interrupts" \
			"($di_pattern: $di_before -> $di_after)"
	else
		t_fail "$1: read from $2 raised no interrupt of its own" \
			"($di_pattern: $di_before -> $di_after)"
	fi
}

# same_place LABEL: every test interrupt has the target and vector it had
# before the first sleep (/tmp/rs.places.before).
same_place() {
	places > /tmp/rs.places.now
	sp_moved=$(awk 'FILENAME == ARGV[1] { was[$1] = $2 "/" $3; next }
		was[$1] != $2 "/" $3 { if (++n <= 8) l = l " " $1 ":" was[$1] "->" $2 "/" $3 }
		END { if (n) print n, l }' /tmp/rs.places.before /tmp/rs.places.now)
	sp_n=$(wc -l < /tmp/rs.places.now)
	[ -n "$sp_moved" ] || [ "$sp_n" = "$count" ] || sp_moved="0 (only $sp_n listed)"
	if [ -z "$sp_moved" ] && [ "$sp_n" = "$count" ]; then
		t_ok "$1: all $sp_n test interrupts on the CPU and vector they had before" \
			"(target/vector)"
	else
		t_fail_known_on_base "$1: ${sp_moved%% *} of $sp_n test interrupts not on the CPU\
 and vector they had before (irq:cpu/vector):${sp_moved#* }"
	fi
}

# raise LABEL: each test interrupt raised once by its device: the
# handler runs once per interrupt, and /proc/interrupts counts each once,
# on its target CPU. Two results.
raise() {
	places > /tmp/rs.places.raise
	counts > /tmp/rs.counts.before
	r_seen=$(irqv_handled)
	while read -r irq; do
		echo "$irq" > "$IRQV_PARAMS/raise"
	done < /tmp/rs.irqs
	broken raise && head -n 1 /tmp/rs.irqs > "$IRQV_PARAMS/raise"
	r_tries=50
	while [ $(($(irqv_handled) - r_seen)) -lt "$count" ] && [ "$r_tries" -gt 0 ]; do
		sleep 0.1
		r_tries=$((r_tries - 1))
	done
	sleep 0.2
	r_got=$(($(irqv_handled) - r_seen))
	if [ "$r_got" = "$count" ]; then
		t_ok "$1: $count test interrupts raised once each, the handler ran $r_got times"
	else
		t_fail "$1: $count test interrupts raised once each, the handler ran $r_got times"
	fi
	counts > /tmp/rs.counts.after
	r_bad=$(awk 'FILENAME == ARGV[1] { tgt[$1] = $2; next }
		FILENAME == ARGV[2] { was[$1 " " $2] = $3; next }
		{ d = $3 - was[$1 " " $2]; want = ($2 == tgt[$1]) ? 1 : 0
		  if ($2 == tgt[$1]) found[$1] = 1
		  if (d != want && ++n <= 8) l = l " " $1 "@cpu" $2 ":+" d }
		END { for (i in tgt) if (!(i in found) && ++n <= 8) l = l " " i ":target-" tgt[i] "-not-shown"
		  if (n) print n, l }' /tmp/rs.places.raise /tmp/rs.counts.before /tmp/rs.counts.after)
	if [ -z "$r_bad" ] && [ -s /tmp/rs.counts.after ]; then
		t_ok "$1: /proc/interrupts counted each test interrupt once, on its target CPU"
	else
		t_fail "$1: /proc/interrupts: ${r_bad%% *} wrong counts (irq@cpu:+delta):${r_bad#* }"
	fi
}

# post LABEL: the checks after each sleep.
post() {
	per_cpu "$1"
	[ "$same" = 1 ] && same_place "$1"
	for dev in $disks; do
		disk_io "$1" "$dev"
	done
	raise "$1"
	irqv_check_all "$1"
}

log_count() {
	dmesg | grep -c "$1"
}

# enter STATE: write STATE to /sys/power/state (a pm_test=core dry run
# with IRQV_SLEEP_BREAK=dryrun); on failure prints the error.
enter() {
	if broken dryrun; then
		irqv_pm_dry_run "$1"
		return
	fi
	en_out=$(echo "$1" | dd of=/sys/power/state 2>&1)
	en_rc=$?
	[ "$en_rc" = 0 ] || echo "$en_out" | sed -n 's/^dd: .*: //p' | head -n 1
	return "$en_rc"
}

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
fit=$(($(irqv_cpu0_capacity) - $(irqv_regular_allocated)))
count=185
[ "$fit" -lt "$count" ] && count=$fit
onecpu=""
broken onecpu && onecpu=cpu=0
# shellcheck disable=SC2086
irqv_load_module "real sleep" dev=1 count="$count" pcntxt=1 $onecpu ||
	{ t_skip_rest "real sleep: no irqv_load"; t_done; }
irqv_wait_quiescent 10
awk '/irqv_load/ { sub(":", "", $1); print $1 }' /proc/interrupts > /tmp/rs.irqs
places > /tmp/rs.places.before
ncpus=$(awk '{ print $2 }' /tmp/rs.places.before | sort -u | wc -l)
active=$(cat "$IRQV_PARAMS/active")
if [ "$active" = "$count" ] && [ "$(wc -l < /tmp/rs.irqs)" = "$count" ] && [ "$ncpus" -ge 2 ]; then
	t_ok "real sleep: $count test interrupts activated, on $ncpus CPUs"
else
	t_fail "real sleep: $active of $count test interrupts activated," \
		"$(wc -l < /tmp/rs.irqs) listed, on $ncpus CPUs (want 2 or more)"
fi
per_cpu "before S3"
if broken place; then
	bp_irq=$(head -n 1 /tmp/rs.places.before)
	bp_cpu=$(hotplug_cpus | grep -vx "$(echo "$bp_irq" | awk '{ print $2 }')" | tail -n 1)
	echo "$bp_cpu" > "/proc/irq/${bp_irq%% *}/smp_affinity_list"
	t_diag "IRQV_SLEEP_BREAK=place: irq ${bp_irq%% *} moved to CPU $bp_cpu"
fi

# --- suspend to RAM ------------------------------------------------------

grep -q '\[deep\]' /sys/power/mem_sleep 2>/dev/null ||
	echo deep > /sys/power/mem_sleep 2>/dev/null
broken s2idle && echo s2idle > /sys/power/mem_sleep
deep=0
if grep -q '\[deep\]' /sys/power/mem_sleep 2>/dev/null; then
	t_ok "S3: deep sleep selected ($(cat /sys/power/mem_sleep))"
	deep=1
else
	t_fail "S3: no deep sleep in /sys/power/mem_sleep ($(cat /sys/power/mem_sleep 2>&1))"
fi
# "Low-level resume complete": acpi_suspend_lowlevel() returned, so the
# platform did sleep (ACPI prepares and finishes a pm_test dry run too).
enter=$(log_count "Preparing to enter system sleep state S3")
woke=$(log_count "Low-level resume complete")
# Not s2idle: the host wakes the guest from S3 only.
if [ "$deep" = 1 ]; then
	mark suspend
	err=$(enter mem)
	rc=$?
	mark resumed
	# QEMU 7.2 would ignore the power-off request after S3: reboot.
	touch /tmp/irqtest.reboot
	if [ "$rc" = 0 ]; then
		t_ok "S3: the write of mem to /sys/power/state returned success"
	else
		t_fail "S3: the write of mem to /sys/power/state failed: $err"
	fi
else
	t_fail "S3: mem not written to /sys/power/state: deep sleep not selected"
fi
enter=$(($(log_count "Preparing to enter system sleep state S3") - enter))
woke=$(($(log_count "Low-level resume complete") - woke))
if [ "$enter" = 1 ] && [ "$woke" = 1 ]; then
	t_ok "S3: the kernel log shows one entry into ACPI S3 and one low-level resume from it"
else
	t_fail "S3: the kernel log shows $enter entries into ACPI S3 and $woke low-level" \
		"resumes, want 1 and 1"
fi
post "after S3"

# --- hibernation -------------------------------------------------------------

if mkswap /dev/vdb > /dev/null 2>&1 && swapon /dev/vdb 2>/dev/null &&
	grep -q '^/dev/vdb ' /proc/swaps && echo reboot > /sys/power/disk &&
	grep -q '\[reboot\]' /sys/power/disk; then
	t_ok "hibernation: /dev/vdb is swap ($(awk '$1 == "/dev/vdb" { print $3 }' /proc/swaps)" \
		"KiB), mode reboot"
else
	t_fail "hibernation: mkswap, swapon /dev/vdb or the reboot mode failed" \
		"(swaps: $(tail -n +2 /proc/swaps | tr -s ' \n' ' '); disk: $(cat /sys/power/disk))"
fi
# The restored kernel's log holds "Creating image:", printed by the
# snapshot before it copies memory (a dry run takes no snapshot), and
# then, on the return from the snapshot without in_suspend (pm_debug_messages),
# "Hibernation image restored successfully".
created=$(log_count "Creating image:")
restored=$(log_count "Hibernation image restored successfully")
mark hibernate
# Here the first boot ends; the second resumes the image and goes on.
err=$(enter disk)
rc=$?
mark restored
created=$(($(log_count "Creating image:") - created))
restored=$(($(log_count "Hibernation image restored successfully") - restored))
if [ "$rc" = 0 ] && [ "$created" = 1 ] && [ "$restored" = 1 ]; then
	t_ok "hibernation: the image was created, written, and restored by the next boot"
else
	[ "$rc" = 0 ] && err="success" || err="an error: $err"
	t_fail "hibernation: the write of disk returned $err; the kernel log shows" \
		"$created images created and $restored restored, want 1 and 1"
fi
post "after hibernation"

swapoff /dev/vdb 2>/dev/null
rmmod irqv_load
irqv_check_all "after real sleep" "$baseline"
t_done

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Vector exhaustion: request interrupts until no vector is left. The failing
# request_irq() returns -ENOSPC, the system keeps working, a CPU offline that
# cannot fit is refused with ENOSPC, changes nothing and says why in the
# kernel log (only the lines logged after the offline's write count), and
# everything returns to baseline after release.
# Plan: 4 + disks + (3 if a CPU can go offline) + IRQV_CHECK_ALL_RESULTS + 2.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

cpu=$(hotplug_cpus | tail -n 1)
offline_results=0
[ -n "$cpu" ] && offline_results=3
t_plan $((4 + $(irqv_ndisks) + offline_results + IRQV_CHECK_ALL_RESULTS + 2))

# log_since MARK: the kernel log after the line MARK wrote to /dev/kmsg
# (empty if that line is gone).
log_mark() {
	mark="irqv_test: mark $$ $(cat /proc/uptime)"
	echo "$mark" > /dev/kmsg
}
log_since() {
	dmesg | awk -v m="$1" 'on { print } index($0, m) { on = 1 }'
}

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
available=$(irqv_global 'Global available')
want=$((available + 64))

irqv_load_module "exhaustion" count="$want" ||
	{ t_skip_rest "exhaustion: no irqv_load"; t_done; }
active=$(cat "$IRQV_PARAMS/active")
error=$(cat "$IRQV_PARAMS/first_error")
if [ "$error" = -28 ] && [ "$active" -gt 0 ]; then
	t_ok "exhaustion: $active interrupts requested of $want, then -ENOSPC"
else
	t_fail "exhaustion: $active of $want requested, first error $error (want -28)"
fi
left=$(irqv_global 'Global available')
t_diag "Global available now $left (was $available)"
irqv_check_global_available "exhausted"
irqv_check_cpu_accounting "exhausted"

for dev in $(irqv_disks); do
	if disk_read "$dev"; then
		t_ok "exhausted: I/O on ${dev##*/} still completes"
	else
		t_fail "exhausted: I/O on ${dev##*/} failed"
	fi
done

if [ -n "$cpu" ]; then
	cat "$IRQV_DOMAIN" > /tmp/vector.before
	log_mark
	if err=$(echo 0 | dd of="/sys/devices/system/cpu/cpu$cpu/online" 2>&1); then
		err="none, it went offline"
		refused=no
	else
		err=$(echo "$err" | sed -n 's/^dd: .*: //p' | head -n 1)
		refused=yes
	fi
	cat "$IRQV_DOMAIN" > /tmp/vector.after
	log_since "$mark" > /tmp/exhaustion.log
	if [ "$err" = "No space left on device" ]; then
		t_ok "exhausted: offline of CPU $cpu refused with ENOSPC"
	else
		t_fail "exhausted: offline of CPU $cpu: error '$err', want ENOSPC"
	fi
	if [ "$refused" = yes ] && irqv_cpu_online "$cpu" &&
		cmp -s /tmp/vector.before /tmp/vector.after; then
		t_ok "exhausted: refused offline of CPU $cpu left the VECTOR view unchanged"
	else
		changes=$(diff /tmp/vector.before /tmp/vector.after |
			grep '^[-+][^-+]' | head -n 6 | tr '\n' ';')
		t_fail "exhausted: the offline of CPU $cpu (refused: $refused) changed the" \
			"VECTOR view: $changes"
	fi
	if grep -q "Cannot disable CPU" /tmp/exhaustion.log; then
		t_ok "exhausted: the kernel log says why, after the write:" \
			"$(grep "Cannot disable CPU" /tmp/exhaustion.log | tail -n 1)"
	else
		t_fail "exhausted: no 'Cannot disable CPU' message in the" \
			"$(wc -l < /tmp/exhaustion.log) kernel log lines after the offline's write"
	fi
	irqv_cpu_online "$cpu" || cpu_set_online "$cpu" 1
fi

rmmod irqv_load
irqv_check_all "after exhaustion" "$baseline"
if [ "$(irqv_global 'Global available')" = "$available" ]; then
	t_ok "after exhaustion: Global available back to $available"
else
	now=$(irqv_global 'Global available')
	t_fail "after exhaustion: Global available $now, was $available"
fi
t_done

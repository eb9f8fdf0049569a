#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Where interrupts go when their CPU goes offline, and whether they come
# back. The interrupts are irqv_load's dev=1 ones: a maskable level
# device, movable in process context (pcntxt=1) as remapped device
# interrupts are.
#  - System sleep keeps the spread: the allocation spreads them over the
#    CPUs; after a suspend and a hibernation dry run, which take
#    every non-boot CPU offline and back, every interrupt has exactly the
#    same Target and Vector and every CPU as many vectors as before (once
#    the disks, which give back and request some of their own around a
#    resume, settled), with nothing raised in between. Then each, raised once, is handled once,
#    counted on its own CPU.
#  - A runtime offline moves as upstream does, and the interrupt stays
#    where it went: placement is userspace's job. An interrupt on CPU h
#    leaves h when h goes offline and is still elsewhere when h is back,
#    with its smp_affinity_list unchanged; writing h to it brings it back.
# Each write to a CPU's online file is checked, with its effect.
# Plan: 14 + IRQV_CHECK_ALL_RESULTS + 1.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

t_plan $((14 + IRQV_CHECK_ALL_RESULTS + 1))
cpus=$(hotplug_cpus)
if [ "$(echo "$cpus" | wc -w)" -lt 3 ] || [ ! -w /sys/power/pm_test ]; then
	t_abort "spread restore: needs three CPUs which can go offline and /sys/power/pm_test"
fi
# "CPU ACT" per online CPU.
act_per_cpu() {
	irqv_cpu_rows | awk '{ print $1, $5 }'
}
# "IRQ VECTOR TARGET" of every test interrupt.
placement() {
	(cd "$IRQV_IRQS" && xargs grep -HE '^ *(Vector|Target):' < /tmp/spread.irqs) |
		awk -F: '{ gsub(/ /, "", $2); v[$1, $2] = $3 + 0; n[$1] = 1 }
			END { for (i in n) print i, v[i, "Vector"], v[i, "Target"] }' |
		sort -n
}

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
fit=$(($(irqv_cpu0_capacity) - $(irqv_regular_allocated)))
count=185
[ "$fit" -lt "$count" ] && count=$fit
irqv_load_module "spread restore" dev=1 count="$count" pcntxt=1 ||
	{ t_skip_rest "spread restore: no irqv_load"; t_done; }
irqv_wait_quiescent 10
awk '/irqv_load/ { sub(":", "", $1); print $1 }' /proc/interrupts > /tmp/spread.irqs
act_per_cpu > /tmp/spread.before
placement > /tmp/spread.pbefore
t_diag "before: $(tr '\n' ' ' < /tmp/spread.before)"
# Spread: every online CPU took some of them (the allocator picks the
# least loaded CPU; what counts as load differs between 6.12 and ours).
bare=$(awk 'NR == FNR { n[$3]++; next } !($1 in n) { printf " cpu%s", $1 }' \
	/tmp/spread.pbefore /tmp/spread.before)
if [ -z "$bare" ] && [ -s /tmp/spread.before ]; then
	t_ok "spread restore: $count interrupts spread over every online CPU"
else
	t_fail "spread restore: no test interrupt on:$bare"
fi

for pm in mem disk; do
	label="spread restore, $pm dry run"
	if err=$(irqv_pm_dry_run "$pm"); then
		t_ok "$label with $count more interrupts completed"
	else
		t_fail "$label failed: $err"
	fi
	irqv_wait_quiescent 10
	# The disks free and request some of their own vectors again after
	# a resume: let them settle, up to 10 s.
	tries=50
	act_per_cpu > /tmp/spread.after
	while ! cmp -s /tmp/spread.before /tmp/spread.after && [ "$tries" -gt 0 ]; do
		sleep 0.2
		act_per_cpu > /tmp/spread.after
		tries=$((tries - 1))
	done
	t_diag "after:  $(tr '\n' ' ' < /tmp/spread.after)"
	if cmp -s /tmp/spread.before /tmp/spread.after; then
		t_ok "$label: every CPU holds as many vectors as before"
	else
		rows=$(diff /tmp/spread.before /tmp/spread.after | grep '^+[0-9]' | tr '\n' ' ')
		t_fail_known_on_base "$label: vectors per CPU changed: $rows"
	fi
	placement > /tmp/spread.pafter
	moved=$(diff /tmp/spread.pbefore /tmp/spread.pafter | grep -c '^+[0-9]')
	if [ "$moved" = 0 ] && [ -s /tmp/spread.pafter ]; then
		t_ok "$label: every interrupt kept its Target and Vector"
	else
		t_fail_known_on_base "$label: $moved of $count interrupts elsewhere"
	fi
done
h0=$(irqv_handled)
grep -h "^ *[0-9]*:.*irqv_load" /proc/interrupts > /tmp/spread.c0
while read -r irq; do
	echo "$irq" > "$IRQV_PARAMS/raise"
done < /tmp/spread.irqs
sleep 1
h1=$(irqv_handled)
t_check "spread restore: each raised once, handled once ($((h1 - h0)) of $count)" \
	[ "$h1" -eq $((h0 + count)) ]
grep -h "^ *[0-9]*:.*irqv_load" /proc/interrupts > /tmp/spread.c1
bad=$(awk 'FILENAME == ARGV[1] { t[$1] = $3; next }
	FILENAME == ARGV[2] { sub(":", "", $1); for (i = 2; i <= 9 && $i ~ /^[0-9]+$/; i++)
		c[$1, i - 2] = $i; next }
	{ sub(":", "", $1); for (i = 2; $i ~ /^[0-9]+$/; i++) {
		d = $i - c[$1, i - 2]; want = (i - 2 == t[$1]) ? 1 : 0
		if (d != want && ++n <= 6) printf " %s:cpu%d+%d", $1, i - 2, d } }' \
	/tmp/spread.pafter /tmp/spread.c0 /tmp/spread.c1)
t_check "spread restore: /proc/interrupts counted each once on its Target CPU$bad" [ -z "$bad" ]

# Runtime offline: away and not back.
irq=$(cat "$IRQV_PARAMS/first_irq")
aff=$(cat "/proc/irq/$irq/smp_affinity_list")
home=$(irqv_irq_field "$irq" Target)
if [ "$home" = 0 ]; then
	home=$(echo "$cpus" | head -n 1)
	echo "$home" > "/proc/irq/$irq/smp_affinity_list"
	echo "$aff" > "/proc/irq/$irq/smp_affinity_list"
	home=$(irqv_irq_field "$irq" Target)
fi
irqv_check_set_online "spread restore, runtime offline" "$home" 0
irqv_check_set_online "spread restore, runtime offline" "$home" 1
target=$(irqv_irq_field "$irq" Target)
now=$(cat "/proc/irq/$irq/smp_affinity_list")
if [ "$target" != "$home" ] && irqv_cpu_online "$target" && [ "$now" = "$aff" ]; then
	t_ok "spread restore: irq $irq left CPU $home for CPU $target and stays there" \
		"when CPU $home returns, affinity $now unchanged"
else
	t_fail "spread restore: irq $irq on CPU $target after CPU $home went offline and" \
		"back, affinity $now (was $aff)"
fi
echo "$home" > "/proc/irq/$irq/smp_affinity_list"
target=$(irqv_irq_field "$irq" Target)
t_check "spread restore: irq $irq back on CPU $home when the user asks (on $target)" \
	[ "$target" = "$home" ]
echo "$aff" > "/proc/irq/$irq/smp_affinity_list"

rmmod irqv_load
irqv_check_all "after spread restore" "$baseline"
t_done

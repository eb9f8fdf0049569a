#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The spread of the vectors comes back after CPUs return. A hibernation
# dry run takes every non-boot CPU down, which moves all their regular
# interrupts to the boot CPU; when the CPUs come back, each interrupt an
# offline forced off its CPU returns there. Afterwards every CPU holds as
# many vectors as before, give or take one. An interrupt whose affinity a
# user set while its CPU was offline stays where the user put it.
# The interrupts are irqv_load's, movable in process context (pcntxt=1),
# as remapped device interrupts are. Each write to a CPU's online file is
# checked, with its effect.
# Plan: 8 + IRQV_CHECK_ALL_RESULTS + 1.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

t_plan $((8 + IRQV_CHECK_ALL_RESULTS + 1))
cpus=$(hotplug_cpus)
if [ "$(echo "$cpus" | wc -w)" -lt 3 ] || [ ! -w /sys/power/pm_test ]; then
	t_abort "spread restore: needs three CPUs which can go offline and /sys/power/pm_test"
fi
# "CPU ACT" per online CPU.
act_per_cpu() {
	irqv_cpu_rows | awk '{ print $1, $5 }'
}

irqv_all_online
irqv_wait_quiescent 10
baseline=$(irqv_totals)
fit=$(($(irqv_cpu0_capacity) - $(irqv_regular_allocated)))
count=185
[ "$fit" -lt "$count" ] && count=$fit
irqv_load_module "spread restore" count="$count" pcntxt=1 ||
	{ t_skip_rest "spread restore: no irqv_load"; t_done; }
irqv_wait_quiescent 10
act_per_cpu > /tmp/spread.before
t_diag "before: $(tr '\n' ' ' < /tmp/spread.before)"

if err=$(irqv_pm_dry_run disk); then
	t_ok "spread restore: hibernation dry run with $count more interrupts completed"
else
	t_fail "spread restore: hibernation dry run failed: $err"
fi
# Without remapping, an old vector goes once an interrupt arrives on the
# new one: raise each once, as their devices would.
awk '/irqv_load/ { sub(":", "", $1); print $1 }' /proc/interrupts > /tmp/spread.irqs
while read -r irq; do
	echo trigger > "$IRQV_IRQS/$irq"
done < /tmp/spread.irqs
irqv_check_quiescent "spread restore, after the dry run"
act_per_cpu > /tmp/spread.after
t_diag "after:  $(tr '\n' ' ' < /tmp/spread.after)"
off=$(awk 'FILENAME == ARGV[1] { before[$1] = $2; next }
	{ d = $2 - before[$1]; if (d > 1 || d < -1) printf " cpu%s:%s->%s", $1, before[$1], $2 }' \
	/tmp/spread.before /tmp/spread.after)
if [ -z "$off" ] && [ -s /tmp/spread.after ]; then
	t_ok "spread restore: every CPU holds as many vectors as before the dry run, \
give or take one"
else
	t_fail_known_on_base "spread restore: vectors per CPU changed:$off"
fi
irqv_check_vector_owners "spread restore, after the dry run"

# A user's affinity wins over the return.
irq=$(cat "$IRQV_PARAMS/first_irq")
home=$(irqv_irq_field "$irq" Target)
if [ "$home" = 0 ]; then
	for cpu in $cpus; do
		echo "$cpu" > "/proc/irq/$irq/smp_affinity_list"
		break
	done
	last=$(sed 's/.*-//' /sys/devices/system/cpu/possible)
	echo "0-$last" > "/proc/irq/$irq/smp_affinity_list"
	home=$(irqv_irq_field "$irq" Target)
fi
user=$(echo "$cpus" | grep -vx "$home" | tail -n 1)
irqv_check_set_online "spread restore, user affinity" "$home" 0
echo "$user" > "/proc/irq/$irq/smp_affinity_list"
irqv_check_set_online "spread restore, user affinity" "$home" 1
target=$(irqv_irq_field "$irq" Target)
if [ "$target" = "$user" ]; then
	t_ok "spread restore: irq $irq stays on CPU $user, its user-set affinity, \
when CPU $home returns"
else
	t_fail "spread restore: irq $irq on CPU $target, user set CPU $user, CPU $home returned"
fi

rmmod irqv_load
irqv_check_all "after spread restore" "$baseline"
t_done

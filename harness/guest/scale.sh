#!/bin/sh
# The scale part of `make bench`: q35 with 240 possible CPUs, 16 of them
# running, in four NUMA nodes (harness/scale.sh boots it). Timed steps,
# each followed by the consistency checks:
#   load     2000 activated interrupts (irqv_load), spread per online CPU
#            and per node;
#   hotadd   IRQV_HOTADD more CPUs, added by the host through QEMU's
#            monitor while the guest waits, then brought online;
#   hotplug  every non-boot CPU offline and online again, one by one
#            (all of them down at once cannot hold 2000 interrupts);
#   fire     every test interrupt once through debugfs: each must arrive;
#   hibernate a hibernation dry run (pm_test core), after the unload.
# Timings are "SCALE step centiseconds" lines.
# Plan: 10 + 6 * IRQV_CHECK_ALL_RESULTS.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. /tests/irq_vectors/irqv_lib.sh

hotadd=${IRQV_HOTADD:-16}
count=${IRQV_SCALE_IRQS:-2000}

now_cs() {
	awk '{ split($1, t, "."); print t[1] * 100 + t[2] }' /proc/uptime
}

# step NAME START: print the time since START.
step() {
	echo "SCALE $1 $(($(now_cs) - $2))"
}

ncpus() {
	irqv_expand_list "$(cat "/sys/devices/system/cpu/$1")" | wc -l
}

t_plan $((10 + 6 * IRQV_CHECK_ALL_RESULTS))

if [ "$(cat /sys/devices/system/cpu/possible)" = 0-239 ]; then
	t_ok "scale: 240 possible CPUs, $(ncpus online) online"
else
	t_fail "scale: possible CPUs $(cat /sys/devices/system/cpu/possible), want 0-239"
fi
nodes=0 layout=""
for n in /sys/devices/system/node/node[0-9]*; do
	[ -f "$n/cpulist" ] || continue
	nodes=$((nodes + 1))
	layout="$layout${n##*/}:$(cat "$n/cpulist") "
done
if [ "$nodes" -eq 4 ]; then
	t_ok "scale: four NUMA nodes, online CPUs $layout"
else
	t_fail "scale: $nodes NUMA nodes ($layout), want 4"
fi
irqv_check_all "scale, after boot"

start=$(now_cs)
irqv_load_module "scale" count="$count" pcntxt=1 ||
	{ t_skip_rest "scale: no irqv_load"; t_done; }
step load "$start"
if [ "$(cat "$IRQV_PARAMS/active")" = "$count" ]; then
	t_ok "scale: $count interrupts activated"
else
	t_fail "scale: $(cat "$IRQV_PARAMS/active") of $count interrupts, error $(cat "$IRQV_PARAMS/first_error")"
fi
spread=$(irqv_cpu_rows | awk '{ if (n++ == 0 || $2 < lo) lo = $2; if ($2 > hi) hi = $2 }
	END { print hi - lo }')
if [ "$spread" -le 1 ]; then
	t_ok "scale: free vectors per online CPU differ by at most one"
else
	t_fail "scale: free vectors per online CPU differ by $spread: $(irqv_cpu_rows | awk '{ printf "%s:%s ", $1, $2 }')"
fi
per_node=$(for n in /sys/devices/system/node/node[0-9]*; do
	list=$(cat "$n/cpulist")
	irqv_cpu_rows | awk -v cpus=",$(irqv_expand_list "$list" | tr '\n' ',')" \
		'index(cpus, "," $1 ",") { s += $5 } END { printf "%d ", s }'
done)
t_diag "scale: allocated vectors per node: $per_node"
if echo "$per_node" | awk '{ lo = hi = $1; for (i = 2; i <= NF; i++) { if ($i < lo) lo = $i; if ($i > hi) hi = $i }
	exit !(hi - lo <= 4 + 16) }'; then
	t_ok "scale: nodes hold $per_node vectors, within the legacy and device vectors of one another"
else
	t_fail "scale: vectors per node uneven: $per_node"
fi
irqv_check_all "scale, $count interrupts"

present=$(ncpus present)
want=$((present + hotadd))
echo "# scale: hot-add $hotadd CPUs"
start=$(now_cs)
tries=600
while [ "$(ncpus present)" -lt "$want" ] && [ "$tries" -gt 0 ]; do
	sleep 0.5
	tries=$((tries - 1))
done
for dir in /sys/devices/system/cpu/cpu[0-9]*; do
	[ -f "$dir/online" ] && [ "$(cat "$dir/online")" = 0 ] && echo 1 > "$dir/online"
done
step hotadd "$start"
if [ "$(ncpus online)" -eq "$want" ]; then
	t_ok "scale: $hotadd CPUs hot-added and online, $want in all"
else
	t_fail "scale: $(ncpus online) CPUs online after the hot-add, want $want"
fi
irqv_check_all "scale, after the hot-add"

start=$(now_cs)
failed=""
for cpu in $(hotplug_cpus); do
	cpu_set_online "$cpu" 0 || failed="$failed off:$cpu"
	cpu_set_online "$cpu" 1 || failed="$failed on:$cpu"
done
step hotplug "$start"
if [ -z "$failed" ]; then
	t_ok "scale: every non-boot CPU offline and online"
else
	t_fail "scale: hotplug failed:$failed"
fi

# Without remapping a move completes with the first interrupt on the new
# vector, and the test interrupts never fire on their own: the moves off
# the CPUs that went offline stay pending. Fire each once, as a live device
# would, and see every one arrive, in the module's handler and in
# /proc/interrupts.
irqv_load_delivered() {
	awk 'NR == 1 { cpus = NF; next }
		/ irqv_load$/ { for (i = 2; i <= cpus + 1; i++) n += $i }
		END { print n + 0 }' /proc/interrupts
}
handled=$(irqv_handled)
delivered=$(irqv_load_delivered)
start=$(now_cs)
awk -F: '/ irqv_load$/ { print $1 + 0 }' /proc/interrupts | while read -r irq; do
	echo trigger > "$IRQV_IRQS/$irq"
done
step fire "$start"
tries=20
while [ "$(($(irqv_handled) - handled))" -lt "$count" ] && [ "$tries" -gt 0 ]; do
	sleep 0.5
	tries=$((tries - 1))
done
handled=$(($(irqv_handled) - handled))
delivered=$(($(irqv_load_delivered) - delivered))
if [ "$handled" -eq "$count" ] && [ "$delivered" -eq "$count" ]; then
	t_ok "scale: each of the $count interrupts fired once after hotplug and arrived"
else
	t_fail "scale: $count interrupts fired, $handled handled, $delivered counted in /proc/interrupts"
fi
irqv_check_all "scale, after hotplug"

start=$(now_cs)
rmmod irqv_load
step unload "$start"
irqv_check_all "scale, after the unload"

start=$(now_cs)
if err=$(irqv_pm_dry_run disk); then
	t_ok "scale: hibernation dry run with $want CPUs"
else
	t_fail "scale: hibernation dry run failed: $err"
fi
step hibernate "$start"
irqv_check_all "scale, after the hibernation dry run"
t_done

#!/bin/sh
# RISC-V hotplug test: while NVMe and virtio-blk take reads, every non-boot
# CPU goes offline one by one, then online one by one. After each step the
# IMSIC's matrix is consistent (with itself and with the IMSIC driver),
# every started interrupt targets an online CPU of its affinity, and the
# managed interrupts are shut down exactly while all their CPUs are
# offline: the NVMe queues of the offline CPUs stop and start again.
# Plan: 5 + 3 * disks + 1 + 6 (imsic_report).
# shellcheck source=harness/guest/imsic_lib.sh
. /tests/imsic_lib.sh

t_plan $((5 + 3 * $(irqv_ndisks) + 1 + IMSIC_REPORT_RESULTS))
files=$(imsic_domain_file)
[ "$(echo "$files" | grep -c .)" -eq 1 ] || t_abort "IMSIC: no single matrix domain file: $files"
IRQV_DOMAIN=$files
cpus=$(imsic_hotplug_cpus)
if [ -z "$cpus" ]; then
	t_abort "hotplug: no non-boot CPU can go offline"
fi

irqv_all_online
imsic_wait_quiescent 10
total_before=$(irqv_global 'Total allocated')
managed=$(imsic_managed_started)
nvme_queues=$(imsic_irqs_named '^nvme0q[1-9][0-9]*$')
nvme_managed=$(for irq in $nvme_queues; do echo "$managed" | grep -x "$irq"; done)
t_diag "managed interrupts started: $(echo "$managed" | wc -w), NVMe I/O queues: $(echo "$nvme_managed" | wc -w)"
t_check "hotplug: every NVMe I/O queue interrupt is managed and started ($(echo "$nvme_managed" | wc -w) of $(echo "$nvme_queues" | wc -w))" \
	test -n "$nvme_queues" -a "$(echo "$nvme_managed" | wc -w)" -eq "$(echo "$nvme_queues" | wc -w)"

imsic_reset_problems
: > /tmp/imsic.managed
failed=""
imsic_io_start
for cpu in $cpus; do
	cpu_set_online "$cpu" 0 || failed="$failed off:$cpu"
	t_diag "$(cut -d' ' -f1 /proc/uptime)s: CPU $cpu offline"
	imsic_check_state "cpu$cpu-offline"
	err=$(irqv_check_managed_state "cpu$cpu-offline" "$managed")
	[ -z "$err" ] || echo "$err" >> /tmp/imsic.managed
done
# Only the boot CPU is online: the NVMe queues of the other CPUs are down.
down=$(imsic_managed_shutdown "$nvme_managed" | wc -l)
expect_down=$(for irq in $nvme_managed; do
	irqv_expand_list "$(cat "/proc/irq/$irq/smp_affinity_list")" | grep -qx 0 || echo "$irq"
done | wc -l)
for dev in $(irqv_disks); do
	irqv_check_disk_interrupts "${dev##*/} with only the boot CPU online" "$dev"
done
for cpu in $cpus; do
	cpu_set_online "$cpu" 1 || failed="$failed on:$cpu"
	t_diag "$(cut -d' ' -f1 /proc/uptime)s: CPU $cpu online"
	imsic_check_state "cpu$cpu-online"
	err=$(irqv_check_managed_state "cpu$cpu-online" "$managed")
	[ -z "$err" ] || echo "$err" >> /tmp/imsic.managed
done
up=$(imsic_managed_shutdown "$nvme_managed" | wc -l)
imsic_io_stop "hotplug under I/O"

if [ -z "$failed" ]; then
	t_ok "hotplug: CPUs $(echo "$cpus" | tr '\n' ' ')went offline and online under I/O"
else
	t_fail "hotplug: failed:$failed"
fi
if [ "$expect_down" -gt 0 ] && [ "$down" -eq "$expect_down" ] && [ "$up" -eq 0 ]; then
	t_ok "hotplug: the $down NVMe queue interrupts of the offline CPUs were shut down, all restarted"
else
	t_fail "hotplug: NVMe queue interrupts shut down $down of $expect_down with only CPU 0 online, $up still down after onlining"
fi
if [ -s /tmp/imsic.managed ]; then
	t_fail "hotplug: managed interrupts not following their CPUs: $(head -n 3 /tmp/imsic.managed | tr '\n' ' ')"
else
	t_ok "hotplug: every managed interrupt was shut down exactly while its CPUs were offline"
fi
imsic_report "hotplug"
imsic_wait_quiescent 10
total_after=$(irqv_global 'Total allocated')
t_check "hotplug: Total allocated back to $total_before after all CPUs are online ($total_after)" \
	test "$total_after" = "$total_before"
for dev in $(irqv_disks); do
	irqv_check_disk_interrupts "${dev##*/} after hotplug" "$dev"
done
t_done

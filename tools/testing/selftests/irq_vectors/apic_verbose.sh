#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# With apic=verbose, the boot time dump of the PIC and the local APICs
# (arch/x86/kernel/apic/vector.c) prints what the base kernel prints, line
# for line and at the same log levels (dmesg -r shows them): from
# "... APIC ID:" up to the IOAPIC dump of io_apic.c, with hex values
# masked. The reference, apic_verbose.base, was taken from the base
# kernel booted with apic=verbose: `sh apic_verbose.sh dump` there.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

reference=$(dirname "$0")/apic_verbose.base

# Drivers probing at the same time can print into the window ("nvme
# nvme0: pci function ..."): their "driver device: " lines are left out.
dump() {
	dmesg -r | tr -d '\r' |
		awk '/number of MP IRQ sources|testing the IO APIC/ { exit }
			/\.\.\. APIC ID:/ { on = 1 }
			/^<[0-9]>[a-z][a-z0-9_-]* [^ ]+: / { next }
			on { print }' |
		sed -E 's/[0-9a-f]{4,}/X/g'
}

if [ "${1:-}" = dump ]; then
	dump
	exit 0
fi
if ! grep -qE '(^| )apic=(verbose|debug)( |$)' /proc/cmdline; then
	t_fail "apic=verbose: the kernel was booted without it"
	t_done
fi
dump > /tmp/apic_verbose.now
lines=$(wc -l < /tmp/apic_verbose.now)
if [ -s /tmp/apic_verbose.now ] && cmp -s "$reference" /tmp/apic_verbose.now; then
	t_ok "apic=verbose: $lines lines as the base prints them, same levels"
else
	differ=$(diff "$reference" /tmp/apic_verbose.now | grep '^[-+][^-+]' |
		head -n 6 | tr '\n' ';')
	t_fail "apic=verbose: differs from the base: $differ"
fi
t_done

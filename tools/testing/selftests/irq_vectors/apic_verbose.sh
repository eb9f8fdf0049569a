#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# With apic=verbose, the boot time dump of the local APIC
# (arch/x86/kernel/apic/vector.c) prints what the base kernel prints, as
# the kernel log holds it, with the log level of each line (dmesg -r): from
# "... APIC ID:" up to the IOAPIC dump of io_apic.c.
#
# What that is depends on the config. The dump's register lines and the
# whole PIC dump are pr_debug(), which the test kernel (no
# CONFIG_DYNAMIC_DEBUG, no DEBUG in vector.c) compiles out: they are
# neither printed nor compared. What is printed, and compared, is, for the
# boot CPU only (show_lapic=1, the default):
#   <6>... APIC ID:      <APIC_ID register> (<APIC id>)     pr_info
#   <6>... APIC VERSION: <APIC_LVR register>                pr_info
#   <7><ISR as 8 words of %08x>                             printk(KERN_DEBUG)
#   <7><TMR as 8 words of %08x>
#   <7><IRR as 8 words of %08x>
#   <4>                                                     the closing newline
# The APIC ID line is compared with its values (the boot CPU's are 0 in
# xAPIC and x2APIC mode). The version register, which differs between
# QEMU's TCG and KVM local APICs, and the 32 bit words of the three
# bitmaps, whose bits depend on which vectors the allocator chose and on
# what is pending at that moment, are masked word by word: each %08x word
# becomes "w", so the comparison still sees every word and its width, the
# line count, order and levels. Comparing the pr_debug lines too would
# need CONFIG_DYNAMIC_DEBUG=y in configs/base.config with
# dyndbg="file arch/x86/kernel/apic/vector.c +p" on the boot line, and a
# reference taken again from base.
# The reference, apic_verbose.base, was taken from the base kernel booted
# with apic=verbose: `sh apic_verbose.sh dump` there.
# Plan: 1.
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
		sed -E '/^<[0-9]>\.\.\. APIC ID:/! s/[0-9a-f]{8}/w/g'
}

if [ "${1:-}" = dump ]; then
	dump
	exit 0
fi
t_plan 1
if ! grep -qE '(^| )apic=(verbose|debug)( |$)' /proc/cmdline; then
	t_abort "apic=verbose: the kernel was booted without it"
fi
dump > /tmp/apic_verbose.now
lines=$(wc -l < /tmp/apic_verbose.now)
if [ -s /tmp/apic_verbose.now ] && cmp -s "$reference" /tmp/apic_verbose.now; then
	t_ok "apic=verbose: the $lines lines of the boot CPU's dump (APIC ID, version, ISR," \
		"TMR, IRR, end) as the base prints them, same levels"
else
	differ=$(diff "$reference" /tmp/apic_verbose.now | grep '^[-+][^-+]' |
		head -n 6 | tr '\n' ';')
	t_fail "apic=verbose: $lines lines, differ from the base: $differ"
fi
t_done

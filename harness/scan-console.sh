#!/bin/sh
# Scan a guest console log for kernel splats. Prints every offending line
# with its line number and exits 1 when there is one, 0 when the log is clean.
#   scan-console.sh CONSOLE.LOG
set -eu

log=${1:?usage: scan-console.sh CONSOLE.LOG}

# One extended regular expression per kind of report.
patterns='WARNING:
BUG:
Oops
general protection fault
Kernel panic
possible circular locking dependency
possible recursive locking
inconsistent lock state
possible irq lock inversion
suspicious RCU usage
DEBUG_LOCKS_WARN_ON
lock held when returning to user space
lockdep: 
INFO: lockdep is turned off
KASAN:
UBSAN:
self-detected stall
detected stalls on CPUs
rcu_(sched|preempt|bh) detected stall
INFO: task .* blocked for more than
blocked for more than [0-9]+ seconds
soft lockup
hard LOCKUP
No irq handler
nobody cared
Disabling IRQ #
unexpected IRQ trap at vector
APIC error on CPU
Unable to handle kernel
unreferenced object'

regex=$(printf '%s\n' "$patterns" | paste -sd '|')
if grep -naE "$regex" "$log"; then
	exit 1
fi
exit 0

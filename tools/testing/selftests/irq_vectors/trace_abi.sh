#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The trace events of the vector code keep the interface of the base tree
# that tools build on: per event of irq_matrix and irq_vectors its fields
# with their types, offsets and sizes and its print format (what
# /sys/kernel/tracing/events/*/*/format shows), and the event class names
# (the trace_event_raw_<class> structs BPF CO-RE programs use, whose
# trace_event_raw_event_<class> functions /proc/kallsyms lists). The
# reference, trace_abi.base, was taken from the base kernel with the same
# config: `sh trace_abi.sh dump` there.
# Plan: 1.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

reference=$(dirname "$0")/trace_abi.base
events=/sys/kernel/tracing/events

dump() {
	for dir in "$events"/irq_matrix/* "$events"/irq_vectors/*; do
		[ -f "$dir/format" ] || continue
		echo "event ${dir#"$events"/}"
		sed -n '/^format:/,$p' "$dir/format" | sed '1d; /^$/d'
	done
	awk '$3 ~ /^trace_event_raw_event_(irq_matrix|vector|x86_irq_vector)/ {
		sub("trace_event_raw_event_", "", $3); print "class", $3 }' /proc/kallsyms |
		sort -u
}

if [ "${1:-}" = dump ]; then
	dump
	exit 0
fi
t_plan 1
[ -d "$events/irq_vectors" ] || t_abort "trace ABI: no $events/irq_vectors"
dump > /tmp/trace_abi.now
n_events=$(grep -c '^event ' /tmp/trace_abi.now)
n_classes=$(grep -c '^class ' /tmp/trace_abi.now)
if [ "$n_events" -gt 0 ] && [ "$n_classes" -gt 0 ] && cmp -s "$reference" /tmp/trace_abi.now; then
	t_ok "trace ABI: $n_events events and $n_classes classes as in the base tree"
else
	differ=$(diff "$reference" /tmp/trace_abi.now | grep '^[-+][^-+]' |
		head -n 8 | tr '\n' ';')
	t_fail "trace ABI: differs from the base tree \
($n_events events, $n_classes classes): $differ"
fi
t_done

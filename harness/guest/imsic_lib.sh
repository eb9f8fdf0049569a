#!/bin/sh
# Helpers for the RISC-V IMSIC tests (imsic.sh, imsic_hotplug.sh): the IMSIC
# allocates its interrupt identities from the matrix allocator and prints
# the matrix in its debugfs domain file. Built on the x86 tests' library
# (result lines, disks, I/O, the matrix table parsers), whose IRQV_DOMAIN
# and irqv_range this file points at the IMSIC.
# Each imsic_problems_* function prints nothing when its property holds,
# else a short description; the tests collect these over every step of a
# scenario and report one result per property.
# shellcheck disable=SC2034
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. /tests/irq_vectors/irqv_lib.sh

IMSIC_DOMAINS=/sys/kernel/debug/irq/domains
IMSIC_SNAP=/tmp/imsic.irqs

# The IMSIC base domain's file: the one domain file that prints a matrix
# and has no parent (the per-device MSI domains print it as their parent's).
imsic_domain_file() {
	for f in "$IMSIC_DOMAINS"/*; do
		grep -q '^Global available:' "$f" 2>/dev/null || continue
		grep -q 'parent:' "$f" && continue
		echo "$f"
	done
}

# Interrupt identities per hart from the device tree node of the domain
# (riscv,num-ids; the domain is named after the node, ":soc:imsics@28000000",
# with a bus token suffix), or IRQV_IMSIC_IDS when set (to see checks fail).
imsic_num_ids() {
	if [ -n "${IRQV_IMSIC_IDS:-}" ]; then
		echo "$IRQV_IMSIC_IDS"
		return
	fi
	node=/sys/firmware/devicetree/base$(sed -n 's/^ *name: *//p' "$IRQV_DOMAIN" |
		head -n 1 | sed 's/-[0-9]*$//' | tr ':' '/')
	od -An -tu1 "$node/riscv,num-ids" 2>/dev/null |
		awk '{ for (i = 1; i <= NF; i++) v = v * 256 + $i } END { print v + 0 }'
}

# The matrix covers identities 0..num-ids (0 and the IPI are system bits).
irqv_range() {
	echo "0 $(($(imsic_num_ids) + 1))"
}

# The virtio device ("virtio0") behind a virtio block device ("/dev/vda").
imsic_virtio_of() {
	basename "$(readlink "/sys/block/${1##*/}/device")"
}

# The /proc/interrupts pattern of a block device's interrupts: only the
# disk's own, not those of the virtio console that carries the results.
irqv_disk_irq_pattern() {
	case $1 in
	*nvme*) echo "nvme0q" ;;
	*) echo "$(imsic_virtio_of "$1")-" ;;
	esac
}

# One pass over /sys/kernel/debug/irq/irqs: a line per interrupt with an
# IMSIC vector, "irq cpu local_id move_pending started managed shutdown
# affinity", into $IMSIC_SNAP.
imsic_snapshot() {
	awk '
		function flush() {
			if (cpu != "") print irq, cpu, id, mv, st, man, sd, aff
			cpu = ""; id = ""; mv = 0; st = 0; man = 0; sd = 0; aff = ""
		}
		FNR == 1 { flush(); irq = FILENAME; sub(".*/", "", irq) }
		$1 == "affinity:" { aff = $2 }
		$1 == "IRQD_IRQ_STARTED" { st = 1 }
		$1 == "IRQD_AFFINITY_MANAGED" { man = 1 }
		$1 == "IRQD_MANAGED_SHUTDOWN" { sd = 1 }
		$1 == "target_cpu" { cpu = $3 }
		$1 == "target_local_id" { id = $3 }
		$1 == "is_move_pending" { mv = $3 }
		END { flush() }' "$IRQV_IRQS"/[0-9]* > "$IMSIC_SNAP"
}

imsic_online_list() {
	cat /sys/devices/system/cpu/online
}

# Non-boot CPUs (CPU 0 is the boot hart: Linux numbers the hart it booted
# on 0).
imsic_hotplug_cpus() {
	hotplug_cpus | grep -vx 0
}

# Wait up to $1 seconds until no IMSIC vector move is in flight; leaves
# the last snapshot in $IMSIC_SNAP.
imsic_wait_quiescent() {
	tries=$(($1 * 5))
	while :; do
		imsic_snapshot
		awk '$4 != 0 { exit 1 }' "$IMSIC_SNAP" && return 0
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || return 1
		sleep 0.2
	done
}

imsic_problems_quiescent() {
	imsic_wait_quiescent 10 ||
		echo "moves pending after 10s: $(awk '$4 != 0 { printf "%s ", $1 }' "$IMSIC_SNAP")"
}

# Global available is the sum of the avl column over the online CPUs, and
# Online bitmaps and the rows are the online CPUs.
imsic_problems_global() {
	global=$(irqv_global 'Global available')
	sum=$(irqv_column_sum 2)
	[ "$global" = "$sum" ] || echo "Global available $global, avl sums to $sum;"
	maps=$(irqv_global 'Online bitmaps')
	online=$(irqv_expand_list "$(imsic_online_list)" | tr '\n' ' ')
	rows=$(irqv_cpu_rows | awk '{ printf "%s ", $1 }')
	n=$(echo "$online" | wc -w)
	[ "$maps" = "$n" ] && [ "$rows" = "$online" ] ||
		echo "Online bitmaps $maps, rows of CPUs [$rows], online [$online];"
}

# Per online CPU: avl + man + act - mac + system bits = the identities of
# the range, and the vectors list has act bits.
imsic_problems_cpu_columns() {
	range=$(irqv_range)
	size=${range#* }
	sys_list=$(awk '/^ *System:/ { print $3 }' "$IRQV_DOMAIN")
	sys=$(irqv_expand_list "$sys_list" | awk -v n="$size" '$1 < n { c++ } END { print c + 0 }')
	irqv_cpu_rows | awk -v size="$size" -v sys="$sys" '
		function bits(list,   n, parts, i, ab) {
			if (list == "-") return 0
			n = split(list, parts, ",")
			c = 0
			for (i = 1; i <= n; i++) {
				if (split(parts[i], ab, "-") == 2) c += ab[2] - ab[1] + 1
				else c++
			}
			return c
		}
		{
			sum = $2 + $3 + $5 - $4 + sys
			if (sum != size)
				printf "cpu%s: avl %s + man %s + act %s - mac %s + sys %s = %s, not %s; ", $1, $2, $3, $5, $4, sys, sum, size
			if (bits($6) != $5)
				printf "cpu%s: act %s but %s vectors listed; ", $1, $5, bits($6)
		}'
}

# The matrix agrees with the IMSIC driver: every online CPU's vectors list
# is the set of local ids of the interrupts targeting it, and Total
# allocated counts every interrupt that has an IMSIC vector (those shut
# down on offline CPUs too).
imsic_problems_driver() {
	total=$(irqv_global 'Total allocated')
	n=$(wc -l < "$IMSIC_SNAP")
	[ "$total" = "$n" ] || echo "Total allocated $total, $n interrupts have IMSIC vectors;"
	irqv_cpu_rows | while read -r cpu avl man mac act vectors; do
		[ "$vectors" = "-" ] && vectors=""
		matrix=$(irqv_expand_list "$vectors" | sort -n | tr '\n' ' ')
		driver=$(awk -v c="$cpu" '$2 == c { print $3 }' "$IMSIC_SNAP" | sort -n | tr '\n' ' ')
		[ "$matrix" = "$driver" ] ||
			echo "cpu$cpu: matrix [$matrix] driver [$driver];"
	done
}

# With every CPU online, Total allocated is the sum of the act column.
imsic_problems_total() {
	total=$(irqv_global 'Total allocated')
	sum=$(irqv_column_sum 5)
	[ "$total" = "$sum" ] || echo "Total allocated $total, act sums to $sum"
}

# Every started interrupt with an IMSIC vector targets an online CPU of
# its affinity (any online CPU when none of its affinity is online).
imsic_problems_targets() {
	online=",$(irqv_expand_list "$(imsic_online_list)" | tr '\n' ','),"
	awk -v online="$online" '
		function expand(list, set,   n, parts, i, ab, c) {
			n = split(list, parts, ",")
			for (i = 1; i <= n; i++) {
				if (split(parts[i], ab, "-") == 2) {
					for (c = ab[1]; c <= ab[2]; c++) set[c] = 1
				} else set[parts[i]] = 1
			}
		}
		$5 == 1 {
			irq = $1; cpu = $2
			if (index(online, "," cpu ",") == 0) { printf "%s->offline cpu%s; ", irq, cpu; next }
			split("", aff); expand($8, aff)
			any = 0
			for (c in aff) if (index(online, "," c ",")) any = 1
			if (any && !(cpu in aff)) printf "%s->cpu%s outside %s; ", irq, cpu, $8
		}' "$IMSIC_SNAP"
}

# Managed interrupts with IMSIC vectors that are started now.
imsic_managed_started() {
	imsic_snapshot
	awk '$6 == 1 && $5 == 1 { print $1 }' "$IMSIC_SNAP"
}

# Interrupt numbers whose action name in /proc/interrupts matches $1.
imsic_irqs_named() {
	awk -v pat="$1" 'NR > 1 && $NF ~ pat { sub(":", "", $1); print $1 }' /proc/interrupts
}

# Of the given managed interrupts, those shut down now (IRQD_MANAGED_SHUTDOWN).
imsic_managed_shutdown() {
	for irq in $1; do
		irqv_irq_has_state "$irq" IRQD_MANAGED_SHUTDOWN && echo "$irq"
	done
}

# Every property of one state; STEP names it. Appends "property|step: what"
# lines to /tmp/imsic.problems.
imsic_check_state() {
	step=$1
	for p in quiescent global cpu_columns driver targets; do
		out=$(imsic_problems_$p)
		[ -z "$out" ] || echo "$p|$step: $out" >> /tmp/imsic.problems
	done
	if [ "$(cat /sys/devices/system/cpu/online)" = "$(cat /sys/devices/system/cpu/present)" ]; then
		out=$(imsic_problems_total)
		[ -z "$out" ] || echo "total|$step: $out" >> /tmp/imsic.problems
		imsic_all_online_steps=$((imsic_all_online_steps + 1))
	fi
	imsic_steps=$((imsic_steps + 1))
}

imsic_reset_problems() {
	: > /tmp/imsic.problems
	imsic_steps=0
	imsic_all_online_steps=0
}

# One result line per property over the states checked since
# imsic_reset_problems: IMSIC_REPORT_RESULTS of them. LABEL names the
# scenario.
IMSIC_REPORT_RESULTS=6
imsic_report() {
	label=$1
	while read -r p desc; do
		n=$imsic_steps
		[ "$p" = total ] && n=$imsic_all_online_steps
		bad=$(grep "^$p|" /tmp/imsic.problems | cut -d'|' -f2- | head -n 4 | tr '\n' ' ')
		if [ "$n" -eq 0 ]; then
			t_fail "$label: $desc: no state checked"
		elif [ -z "$bad" ]; then
			t_ok "$label: $desc ($n states)"
		else
			t_fail "$label: $desc: $bad"
		fi
	done <<-PROPS
	quiescent no IMSIC vector move left pending
	global Global available is the sum of avl over online CPUs, Online bitmaps and rows are the online CPUs
	cpu_columns per-CPU avl+man+act-mac+system bits equal the identities, act the vectors listed
	driver matrix vectors equal the IMSIC driver's per CPU, Total allocated its vector count
	targets every started interrupt targets an online CPU of its affinity
	total Total allocated is the sum of act with all CPUs online
	PROPS
}

# Paced readers: like irqv_io_start, but each loop reads 256 KiB and
# pauses 50 ms, so that under TCG the test itself still runs while every
# CPU but the boot CPU is offline. Stop with irqv_io_stop.
imsic_io_start() {
	rm -f /tmp/io.stop
	: > /tmp/io.pids
	for dev in $(irqv_disks); do
		name=${dev##*/}
		: > "/tmp/io.$name"
		(
			while [ ! -f /tmp/io.stop ]; do
				if dd if="$dev" of=/dev/null bs=4096 count=64 iflag=direct 2>/dev/null; then
					echo ok
				else
					echo err
				fi
				sleep 0.05
			done >> "/tmp/io.$name"
		) &
		echo $! >> /tmp/io.pids
	done
}

# Stop the readers; every disk completed reads and none failed, and the
# kernel logged no I/O error or timeout.
imsic_io_stop() {
	touch /tmp/io.stop
	while read -r pid; do wait "$pid" 2>/dev/null; done < /tmp/io.pids
	for dev in $(irqv_disks); do
		name=${dev##*/}
		ok=$(grep -c '^ok' "/tmp/io.$name")
		err=$(grep -c '^err' "/tmp/io.$name")
		if [ "$err" -eq 0 ] && [ "$ok" -gt 0 ]; then
			t_ok "$1: $name completed $ok reads of 256 KiB, no error"
		else
			t_fail "$1: $name completed $ok reads of 256 KiB, $err failed"
		fi
	done
	if dmesg | grep -qiE 'I/O error|timeout, (aborting|reset)|QID [0-9]+ timeout'; then
		t_fail "$1: block layer reported errors: $(dmesg | grep -iE 'I/O error|timeout' | tail -n 3 | tr '\n' ' ')"
	else
		t_ok "$1: no I/O error or timeout in the kernel log"
	fi
}

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Helpers for in-guest tests: KTAP-style result lines on stdout.
# shellcheck disable=SC2034

t_count=0
t_failed=0
t_planned=""

# t_plan N: declare, before the first result, how many results the script
# prints (the KTAP plan comes first). The runner fails a script whose plan
# comes late or whose results do not match it, so a check that is left
# out is a failure, not a shorter run.
t_plan() {
	t_planned=$1
	echo "1..$1"
}

t_ok() {
	t_count=$((t_count + 1))
	echo "ok $t_count $*"
}

t_fail() {
	t_count=$((t_count + 1))
	t_failed=$((t_failed + 1))
	echo "not ok $t_count $*"
}

# t_fail_known_on_base [-f FIX] DESCRIPTION [CONSOLE_REPORT]: a failure
# the base tree is known to have. On the base variant it is reported as a
# TODO (expected failure), on ours it fails. CONSOLE_REPORT is the fixed
# text of the kernel report the failure prints, which the runner then
# accepts in this boot's console on base only. FIX names the fix of
# patches/fixes which cures it (F5): on the fixes variant, the base tree
# with those fixes, the runner fails it, and takes the others as known.
t_fail_known_on_base() {
	kb_fix=""
	if [ "$1" = -f ]; then
		kb_fix=" [fixed by $2]"
		shift 2
	fi
	case ${IRQTEST_VARIANT:-} in
	base|fixes)
		t_count=$((t_count + 1))
		echo "not ok $t_count $1 # TODO known base failure$kb_fix${2:+ [console: $2]}" ;;
	*)
		t_fail "$1" ;;
	esac
}

t_skip() {
	t_count=$((t_count + 1))
	echo "ok $t_count $* # SKIP"
}

# t_check DESCRIPTION COMMAND...: ok when the command succeeds.
t_check() {
	desc=$1
	shift
	if "$@"; then t_ok "$desc"; else t_fail "$desc"; fi
}

t_diag() {
	echo "# $*"
}

# Non-boot CPUs that can go offline.
hotplug_cpus() {
	for dir in /sys/devices/system/cpu/cpu[0-9]*; do
		[ -f "$dir/online" ] || continue
		echo "${dir##*/cpu}"
	done | sort -n
}

cpu_set_online() {
	echo "$2" > "/sys/devices/system/cpu/cpu$1/online"
}

# irqv_check_set_online LABEL CPU 0|1: write the CPU's online file; one
# result: the write succeeded and the file reads back the new state.
# Returns 1 if not.
irqv_check_set_online() {
	so_file=/sys/devices/system/cpu/cpu$2/online
	so_what=offline
	[ "$3" = 1 ] && so_what=online
	if ! so_err=$(echo "$3" | dd of="$so_file" 2>&1); then
		so_err=$(echo "$so_err" | sed -n 's/^dd: .*: //p' | head -n 1)
		t_fail "$1: CPU $2 $so_what: write refused ($so_err)"
		return 1
	fi
	so_now=$(cat "$so_file" 2>/dev/null)
	if [ "$so_now" = "$3" ]; then
		t_ok "$1: CPU $2 $so_what (cpu$2/online reads $so_now)"
	else
		t_fail "$1: CPU $2 $so_what: write accepted but cpu$2/online reads '$so_now'"
		return 1
	fi
}

# Sum of interrupt counts of /proc/interrupts lines whose name matches $1.
irq_count() {
	awk -v pat="$1" '
		NR == 1 { ncpu = NF; next }
		$0 ~ pat { for (i = 2; i <= ncpu + 1; i++) s += $i }
		END { print s + 0 }' /proc/interrupts
}

# Read 1 MiB with O_DIRECT from a block device.
disk_read() {
	dd if="$1" of=/dev/null bs=4096 count=256 iflag=direct 2>/dev/null
}

# The /proc/interrupts name pattern of a block device's interrupts.
irqv_disk_irq_pattern() {
	case $1 in
	*nvme*) echo "nvme0q" ;;
	*) echo "virtio[0-9]" ;;
	esac
}

# irqv_check_disk_interrupts LABEL DEVICE: a read from the block device
# completes and raises the count of the device's interrupts.
irqv_check_disk_interrupts() {
	pattern=$(irqv_disk_irq_pattern "$2")
	before=$(irq_count "$pattern")
	if ! disk_read "$2"; then
		t_fail "$1: read from $2 failed"
		return
	fi
	after=$(irq_count "$pattern")
	if [ "$after" -gt "$before" ]; then
		t_ok "$1: read from $2 raised interrupts ($before -> $after)"
	else
		t_fail "$1: read from $2 raised no interrupt ($before -> $after)"
	fi
}

# --- vector matrix state from debugfs ---------------------------------------

IRQV_DOMAIN=/sys/kernel/debug/irq/domains/VECTOR
IRQV_IRQS=/sys/kernel/debug/irq/irqs

# Expand a bitmap list ("0-3,7") to one number a line.
irqv_expand_list() {
	echo "$1" | tr ',' '\n' | awk -F- 'NF == 1 && $1 != "" { print $1 }
		NF == 2 { for (i = $1; i <= $2; i++) print i }'
}

# The allocation range of the vector matrix as "first end" (end exclusive).
# A "Range:" line gives it where the matrix prints one; otherwise x86's
# FIRST_EXTERNAL_VECTOR (0x20) .. FIRST_SYSTEM_VECTOR (0xeb) of 6.12.
irqv_range() {
	line=$(grep -m1 '^ *Range:' "$IRQV_DOMAIN" 2>/dev/null)
	if [ -n "$line" ]; then
		echo "$line" | sed -E 's/.*Range: *([0-9]+)-([0-9]+).*/\1 \2/' |
			awk '{ print $1, $2 + 1 }'
	else
		echo "32 235"
	fi
}

# Per-CPU rows of the matrix view: "cpu avl man mac act vectors".
irqv_cpu_rows() {
	awk '/\| CPU \| avl \| man \| mac \| act \|/ { rows = 1; next }
		rows && $1 ~ /^[0-9]+$/ { print $1, $2, $3, $4, $5, ($6 == "" ? "-" : $6) }
		rows && $1 !~ /^[0-9]+$/ { rows = 0 }' "$IRQV_DOMAIN"
}

# Value of one of the global lines ("Global available", "Total allocated", ...).
irqv_global() {
	awk -v key="$1:" 'index($0, key) { sub(".*" key, ""); print $1 + 0; exit }' "$IRQV_DOMAIN"
}

# Totals that must come back after a scenario: reserved, allocated and the
# managed columns summed over online CPUs.
irqv_totals() {
	man=$(irqv_cpu_rows | awk '{ s += $3 } END { print s + 0 }')
	mac=$(irqv_cpu_rows | awk '{ s += $4 } END { print s + 0 }')
	echo "reserved=$(irqv_global 'Global reserved')" \
		"allocated=$(irqv_global 'Total allocated')" \
		"managed=$man managed_allocated=$mac"
}

# One field ("Vector", "Target", "move_in_progress", ...) of the vector
# domain's part of /sys/kernel/debug/irq/irqs/N.
irqv_irq_field() {
	awk -v key="$2:" '$1 == key { v = $2 } END { print v }' "$IRQV_IRQS/$1" 2>/dev/null
}

irqv_irq_has_state() {
	grep -q "$2" "$IRQV_IRQS/$1" 2>/dev/null
}

# The lines of /sys/kernel/debug/irq/irqs/N that match an extended regular
# expression, joined on one line: an interrupt's state for a message.
irqv_irq_show() {
	grep -E "$2" "$IRQV_IRQS/$1" | tr -s ' \n' ' '
}

# The last line of the kernel log that contains a text.
irqv_last_log() {
	dmesg | grep "$1" | tail -n 1
}

irqv_cpu_online() {
	[ "$1" = 0 ] && return 0
	[ -d "/sys/devices/system/cpu/cpu$1" ] || return 1
	[ ! -f "/sys/devices/system/cpu/cpu$1/online" ] && return 0
	[ "$(cat "/sys/devices/system/cpu/cpu$1/online")" = 1 ]
}

# Interrupts with a vector domain part.
irqv_vector_irqs() {
	for f in "$IRQV_IRQS"/[0-9]*; do
		grep -q "domain:  VECTOR" "$f" 2>/dev/null && echo "${f##*/}"
	done
}

# Interrupts with a move or a cleanup pending.
irqv_pending_irqs() {
	grep -lE '(move_in_progress|cleanup_pending): *1' "$IRQV_IRQS"/* 2>/dev/null
}

# Wait up to $1 seconds until no move or cleanup is pending.
irqv_wait_quiescent() {
	tries=$(( $1 * 5 ))
	while [ "$tries" -gt 0 ]; do
		irqv_pending_irqs > /dev/null || return 0
		sleep 0.2
		tries=$((tries - 1))
	done
	return 1
}

# --- consistency of the whole state ------------------------------------------

# Sum of one column (1 = CPU, 2 = avl, 3 = man, 4 = mac, 5 = act) of the
# per-CPU rows.
irqv_column_sum() {
	irqv_cpu_rows | awk -v col="$1" '{ s += $col } END { print s + 0 }'
}

# Global available is the sum of the per-CPU available counts.
irqv_check_global_available() {
	global=$(irqv_global 'Global available')
	sum=$(irqv_column_sum 2)
	if [ "$global" = "$sum" ]; then
		t_ok "$1: Global available $global equals the sum over online CPUs"
	else
		t_fail "$1: Global available $global but online CPUs sum to $sum"
	fi
}

# System vectors inside the allocation range "FIRST END".
irqv_system_in_range() {
	sys_list=$(awk '/^ *System:/ { print $3 }' "$IRQV_DOMAIN")
	irqv_expand_list "$sys_list" |
		awk -v a="${1% *}" -v b="${1#* }" '$1 >= a && $1 < b { n++ } END { print n + 0 }'
}

# Regular vectors the boot CPU can hold alone: the range without system
# vectors and without the boot CPU's managed reservations.
irqv_cpu0_capacity() {
	range=$(irqv_range)
	man0=$(irqv_cpu_rows | awk '$1 == 0 { print $3 }')
	echo $((${range#* } - ${range% *} - $(irqv_system_in_range "$range") - man0))
}

# Regular (not managed) vectors allocated over all online CPUs.
irqv_regular_allocated() {
	irqv_cpu_rows | awk '{ s += $5 - $4 } END { print s + 0 }'
}

# "M CPU" for every CPU in the affinity of a managed interrupt of the vector
# domain (x86 reserves a managed bit on each CPU of the mask when the
# interrupt is allocated, until it is freed), "A CPU" for every vector a
# managed interrupt holds (its target and, during a move, its previous
# target), from the interrupts' own debugfs files.
irqv_managed_claims() {
	awk 'function expand(list, tag,    n, i, k, part, r) {
			n = split(list, part, ",")
			for (i = 1; i <= n; i++) {
				if (split(part[i], r, "-") == 2)
					for (k = r[1] + 0; k <= r[2] + 0; k++)
						print tag, k
				else if (part[i] != "")
					print tag, part[i] + 0
			}
		}
		function flush() {
			if (!managed || !inv)
				return
			expand(aff, "M")
			if (vec ~ /^[0-9]+$/ && vec > 0 && tgt ~ /^[0-9]+$/)
				print "A", tgt
			if (pvec ~ /^[0-9]+$/ && pvec > 0 && ptgt ~ /^[0-9]+$/)
				print "A", ptgt
		}
		FNR == 1 { flush(); managed = inv = 0; aff = vec = tgt = pvec = ptgt = "" }
		/IRQD_AFFINITY_MANAGED/ { managed = 1 }
		$1 == "affinity:" && aff == "" { aff = $2 }
		/domain:  VECTOR/ { inv = 1 }
		inv && $1 == "Vector:" { vec = $2 }
		inv && $1 == "Target:" { tgt = $2 }
		inv && $1 == "Previous" && $2 == "vector:" { pvec = $3 }
		inv && $1 == "Previous" && $2 == "target:" { ptgt = $3 }
		END { flush() }' "$IRQV_IRQS"/[0-9]*
}

# One pass of irqv_check_cpu_accounting: prints what disagrees. acct_cap
# is the capacity of a row: the range less its system vectors.
irqv_accounting_diff() {
	irqv_cpu_rows > /tmp/acct.rows
	irqv_managed_claims > /tmp/acct.managed
	acct_online=$(irqv_expand_list "$(cat /sys/devices/system/cpu/online)" | tr '\n' ' ')
	acct_rows=$(awk '{ printf "%s ", $1 }' /tmp/acct.rows)
	[ -n "$acct_rows" ] && [ "$acct_rows" = "$acct_online" ] ||
		printf ' CPU rows [%s] but online CPUs [%s]' "$acct_rows" "$acct_online"
	awk -v cap="$acct_cap" '
		FILENAME ~ /managed$/ { if ($1 == "M") res[$2]++; else held[$2]++; next }
		{
			cpu = $1; avl = $2; man = $3; mac = $4; act = $5
			bits = 0
			n = split($6 == "-" ? "" : $6, part, ",")
			for (i = 1; i <= n; i++) {
				if (split(part[i], r, "-") == 2)
					bits += r[2] - r[1] + 1
				else
					bits++
			}
			m = res[cpu] + 0; a = held[cpu] + 0
			if (act != bits)
				printf " cpu%s:act%s!=listed%s", cpu, act, bits
			if (man != m)
				printf " cpu%s:man%s!=managed-irqs-with-cpu-in-affinity%s",
					cpu, man, m
			if (mac != a)
				printf " cpu%s:mac%s!=managed-vectors-held%s", cpu, mac, a
			if (avl != cap - m - (bits - a))
				printf " cpu%s:avl%s!=cap%s-managed%s-regular%s",
					cpu, avl, cap, m, bits - a
		}' /tmp/acct.managed /tmp/acct.rows
}

# Per online CPU, the matrix's columns against what is counted elsewhere:
# act is the number of vectors listed; man is the number of managed
# interrupts whose affinity holds the CPU and mac the number of vectors
# managed interrupts hold there (both from the interrupts' debugfs files);
# avl is the range less its system vectors, those managed reservations and
# the listed vectors that are not managed. The CPU rows must be exactly the
# online CPUs (a view with no row fails). The sum avl + man + act - mac +
# system = range is not checked: it is an identity of the matrix's own
# counters (ours prints avl as cap - managed - regular). Interrupts can
# change between the reads of the view and of the interrupts, so a
# difference must persist over three reads.
irqv_check_cpu_accounting() {
	acct_range=$(irqv_range)
	acct_first=${acct_range% *} acct_end=${acct_range#* }
	acct_sys_in=$(irqv_system_in_range "$acct_range")
	acct_cap=$((acct_end - acct_first - acct_sys_in))
	acct_tries=3
	while :; do
		acct_bad=$(irqv_accounting_diff)
		[ -z "$acct_bad" ] && break
		acct_tries=$((acct_tries - 1))
		[ "$acct_tries" -gt 0 ] || break
		sleep 0.5
	done
	if [ -z "$acct_bad" ]; then
		acct_nmanaged=$(grep -c '^A' /tmp/acct.managed)
		t_ok "$1: per-CPU columns of $(wc -l < /tmp/acct.rows) online CPUs agree with" \
			"the vectors listed and the $acct_nmanaged managed vectors" \
			"of the interrupts (capacity $acct_cap in [$acct_first,$acct_end))"
	else
		t_fail_known_on_base "$1: per-CPU accounting off (capacity $acct_cap):$acct_bad"
	fi
}

# Every started interrupt targets one online CPU inside its affinity (or, when
# no CPU of its affinity is online, an online CPU). Prints how many it
# checked, and fails when it checked none: no started interrupt of the
# vector domain is a broken view, not a pass.
irqv_check_targets() {
	bad=$(awk -v online="$(cat /sys/devices/system/cpu/online)" '
		function expand(list, set,    n, i, k, part, r) {
			n = split(list, part, ",")
			for (i = 1; i <= n; i++) {
				if (split(part[i], r, "-") == 2)
					for (k = r[1] + 0; k <= r[2] + 0; k++)
						set[k] = 1
				else if (part[i] != "")
					set[part[i] + 0] = 1
			}
		}
		function judge(    aff, cpu, in_aff, aff_online, set) {
			if (!vector || !started || tgt !~ /^[0-9]+$/)
				return
			checked++
			if (!((tgt + 0) in up)) {
				printf " %s->offline:%s", irq, tgt
				return
			}
			aff = ""
			getline aff < ("/proc/irq/" irq "/smp_affinity_list")
			close("/proc/irq/" irq "/smp_affinity_list")
			split("", set)
			expand(aff, set)
			in_aff = aff_online = 0
			for (cpu in set) {
				if (cpu + 0 == tgt + 0)
					in_aff = 1
				if ((cpu + 0) in up)
					aff_online = 1
			}
			if (!in_aff && aff_online)
				printf " %s->%s:outside:%s", irq, tgt, aff
		}
		BEGIN { expand(online, up) }
		FNR == 1 { judge(); vector = started = 0; tgt = ""; irq = FILENAME
			sub(".*/", "", irq) }
		/domain:  VECTOR/ { vector = 1 }
		/IRQD_IRQ_STARTED/ { started = 1 }
		vector && $1 == "Target:" { tgt = $2 }
		END { judge(); printf " #%d", checked }' "$IRQV_IRQS"/[0-9]*)
	targets_checked=${bad##*#}
	bad=${bad% #*}
	if [ "${targets_checked:-0}" -eq 0 ]; then
		t_fail "$1: 0 checked: no started interrupt with a vector target in $IRQV_IRQS"
	elif [ -z "$bad" ]; then
		t_ok "$1: $targets_checked checked, every started interrupt targets an online CPU" \
			"in its affinity"
	else
		t_fail "$1: $targets_checked checked, misplaced interrupts:$bad"
	fi
}

irqv_check_quiescent() {
	if irqv_wait_quiescent 10; then
		t_ok "$1: no move or cleanup pending"
	else
		t_fail "$1: still pending after 10s: $(irqv_pending_irqs | tr '\n' ' ')"
	fi
}

# Total allocated counts the vectors of every CPU, online or not. With
# every present CPU online it is the sum of the act column; with some
# offline (whose rows the view leaves out, and which may still hold the
# vectors of interrupts that were not started) it is at least that sum.
# One result either way.
irqv_check_total_allocated() {
	acct_total=$(irqv_global 'Total allocated')
	acct_sum=$(irqv_column_sum 5)
	acct_online=$(cat /sys/devices/system/cpu/online)
	acct_present=$(cat /sys/devices/system/cpu/present)
	if [ "$acct_online" = "$acct_present" ]; then
		if [ -n "$acct_total" ] && [ "$acct_total" = "$acct_sum" ]; then
			t_ok "$1: Total allocated $acct_total equals the sum over CPUs"
		else
			t_fail_known_on_base \
				"$1: Total allocated $acct_total but CPUs sum to $acct_sum"
		fi
	elif [ -n "$acct_total" ] && [ "$acct_total" -ge "$acct_sum" ]; then
		t_ok "$1: Total allocated $acct_total, at least the $acct_sum of the online CPUs" \
			"(CPUs $acct_online of $acct_present online)"
	else
		t_fail "$1: Total allocated $acct_total below the $acct_sum of the online CPUs"
	fi
}

# "CPU VECTOR IRQ" for every vector an interrupt holds, as the interrupts'
# own debugfs files (irqs/N) tell: the current pair and the old pair of a
# move. Interrupts delivered by the legacy PIC use system vectors on every
# CPU: they are listed as "pic VECTOR IRQ" (ISA vectors start at 0x30).
irqv_vector_claims() {
	awk 'function flush() {
			if (pic != "")
				print "pic", pic, irq
			else if (vec ~ /^[0-9]+$/ && vec > 0 && tgt ~ /^[0-9]+$/)
				print tgt, vec, irq
			if (pvec ~ /^[0-9]+$/ && pvec > 0 && ptgt ~ /^[0-9]+$/)
				print ptgt, pvec, irq
		}
		FNR == 1 { flush(); vec = tgt = pvec = ptgt = pic = ""; inv = 0; irq = FILENAME
			sub(".*/", "", irq) }
		/domain:  VECTOR/ { inv = 1 }
		$1 == "chip:" && $2 == "XT-PIC" { pic = 48 + irq }
		inv && $1 == "Vector:" { vec = $2 }
		inv && $1 == "Target:" { tgt = $2 }
		inv && $1 == "Target:" && $2 == "Legacy" { pic = vec }
		inv && $1 == "Previous" && $2 == "vector:" { pvec = $3 }
		inv && $1 == "Previous" && $2 == "target:" { ptgt = $3 }
		END { flush() }' "$IRQV_IRQS"/[0-9]*
}

# The dispatch table, vector_irq[CPU][VECTOR] of every online CPU, as the
# irqv_vecmap test module prints it: "CPU VECTOR IRQ" for every slot that
# is not VECTOR_UNUSED, IRQ being "shutdown", "retriggered", "stale" (no
# live descriptor) or "invalid" for the other values a slot can hold.
IRQV_VECMAP=/sys/kernel/debug/irqv_vecmap/vector_irq
IRQV_VECMAP_MODULE=/lib/modules/irqv_vecmap.ko

# Make the dispatch table readable: load irqv_vecmap unless it is loaded.
# It stays loaded (the scripts load and unload irqv_load, never this one).
# At load it requests two interrupts to find vector_irq and releases them.
# On failure prints why and returns 1.
irqv_vecmap_load() {
	[ -r "$IRQV_VECMAP" ] && return 0
	if [ ! -f "$IRQV_VECMAP_MODULE" ]; then
		echo "no $IRQV_VECMAP_MODULE"
		return 1
	fi
	if ! vm_err=$(insmod "$IRQV_VECMAP_MODULE" 2>&1); then
		echo "insmod irqv_vecmap failed: $vm_err"
		return 1
	fi
	[ -r "$IRQV_VECMAP" ] || { echo "no $IRQV_VECMAP after insmod"; return 1; }
}

# irqv_vector_table_diff CLAIMS TABLE ONLINE: prints where the interrupts'
# claims (irqv_vector_claims) and the dispatch table (IRQV_VECMAP lines)
# of the CPUs in the list ONLINE ("0-3,5") disagree, nothing if they agree:
#  - no (CPU, vector) is claimed twice, and no legacy PIC vector is also
#    claimed on one CPU (a PIC interrupt holds its vector on every CPU);
#  - every claimed pair of an online CPU dispatches to its interrupt, and
#    a PIC interrupt's vector does so on every online CPU;
#  - every slot that dispatches to an interrupt (or to a descriptor that
#    is gone) is claimed, with no exception for system or ISA vectors:
#    the PIC interrupts' slots are claimed as "pic".
irqv_vector_table_diff() {
	awk -v online="$3" '
		function expand(list, set,    n, i, k, part, r) {
			n = split(list, part, ",")
			for (i = 1; i <= n; i++) {
				if (split(part[i], r, "-") == 2)
					for (k = r[1] + 0; k <= r[2] + 0; k++)
						set[k] = 1
				else if (part[i] != "")
					set[part[i] + 0] = 1
			}
		}
		function where(c) { return c == "pic" ? "legacy PIC" : "cpu" c }
		BEGIN { expand(online, up) }
		FILENAME == ARGV[1] {
			key = $1 " " $2
			if (key in claim)
				printf " %s: vector %s claimed by irq %s and irq %s\n",
					where($1), $2, claim[key], $3
			else
				claim[key] = $3
			if ($1 == "pic")
				picv[$2] = $3
			next
		}
		{
			slot[$1 " " $2] = $3
			if ($3 == "shutdown" || $3 == "retriggered")
				next
			if ((($1 " " $2) in claim) || ($2 in picv))
				next
			if ($3 ~ /^[0-9]+$/)
				printf " cpu%s: vector %s dispatches to irq %s, %s\n",
					$1, $2, $3, "which does not claim it"
			else
				printf " cpu%s: vector %s dispatches to a %s descriptor\n",
					$1, $2, $3
		}
		END {
			for (key in claim) {
				split(key, kv, " ")
				if (kv[1] == "pic") {
					for (c in up) {
						got = "unused"
						if ((c " " kv[2]) in slot)
							got = slot[c " " kv[2]]
						if (got == claim[key])
							continue
						printf " cpu%s: legacy PIC vector %s %s %s\n",
							c, kv[2], "of irq " claim[key],
							"dispatches to " got
					}
					continue
				}
				if (kv[2] in picv)
					printf " cpu%s: vector %s of irq %s %s %s\n",
						kv[1], kv[2], claim[key],
						"is the legacy PIC vector of irq", picv[kv[2]]
				if (!((kv[1] + 0) in up))
					continue
				got = (key in slot) ? slot[key] : "unused"
				if (got != claim[key])
					printf " cpu%s: vector %s of irq %s dispatches to %s\n",
						kv[1], kv[2], claim[key], got
			}
		}' "$1" "$2"
}

# One pass of irqv_check_vector_owners: prints what disagrees, nothing if
# the three sources agree. The claims and the dispatch table are read one
# right after the other.
irqv_vector_owner_diff() {
	irqv_cpu_rows > /tmp/owners.rows
	owners_up=$(cat /sys/devices/system/cpu/online)
	irqv_vector_claims > /tmp/owners.claims
	if owners_vm=$(irqv_vecmap_load) && cat "$IRQV_VECMAP" > /tmp/owners.table; then
		irqv_vector_table_diff /tmp/owners.claims /tmp/owners.table "$owners_up"
	else
		: > /tmp/owners.table
		echo " no dispatch table: ${owners_vm:-cannot read $IRQV_VECMAP}"
	fi
	owners_online=$(irqv_expand_list "$owners_up" | wc -l)
	owners_rows=$(wc -l < /tmp/owners.rows)
	[ "$owners_rows" -eq "$owners_online" ] ||
		echo " parsed $owners_rows CPU rows for $owners_online online CPUs"
	[ -s /tmp/owners.claims ] || echo " no interrupt with a vector found in $IRQV_IRQS"
	irqv_expand_list "$(awk '/^ *System:/ { print $3 }' "$IRQV_DOMAIN")" > /tmp/owners.system
	awk 'FILENAME ~ /system$/ { sys[$1] = 1; next }
		$1 == "pic" && !($2 in sys) {
			printf " legacy PIC vector %s of irq %s is not a system vector\n", $2, $3
		}' \
		/tmp/owners.system /tmp/owners.claims
	awk 'FILENAME ~ /claims$/ { if ($1 != "pic") held[$1 " " $2] = $3; next }
		{ row[$1] = 1; n = split($6 == "-" ? "" : $6, parts, ",")
		  for (i = 1; i <= n; i++) {
			lo = hi = parts[i]
			if (index(parts[i], "-")) { split(parts[i], r, "-"); lo = r[1]; hi = r[2] }
			for (v = lo + 0; v <= hi + 0; v++) {
				alloc[$1 " " v] = 1
				if (!(($1 " " v) in held))
					printf " cpu%s: vector %s allocated without owner\n", $1, v
			}
		  } }
		END { for (k in held) { split(k, cv, " ")
			if ((cv[1] in row) && !(k in alloc))
				printf " cpu%s: vector %s of irq %s not allocated\n",
					cv[1], cv[2], held[k] } }' \
		/tmp/owners.claims /tmp/owners.rows
}

# Three independent sources agree: per online CPU, the vectors the matrix
# lists as allocated (the VECTOR domain view) are exactly the vectors the
# live interrupts hold there (their irqs/N files), no two interrupts hold
# the same vector, and the dispatch table (vector_irq[], through the
# irqv_vecmap test module) sends each of those vectors to the interrupt
# that holds it and no other vector to any interrupt. A leaked vector
# shows as allocated without owner, a leaked slot as one that dispatches
# to an interrupt which does not claim it. Moves finishing between the
# reads can differ for a moment, so a difference must persist over three
# reads. Prints one result. irqv_check_vector_owners LABEL [known-on-base
# [FIX]]: the second word marks a disagreement that the base tree is known
# to have at this point of the calling test (a known base failure there),
# the third the fix of patches/fixes which cures it.
irqv_check_vector_owners() {
	owners_tries=3
	while :; do
		owners_diff=$(irqv_vector_owner_diff)
		[ -z "$owners_diff" ] && break
		owners_tries=$((owners_tries - 1))
		[ "$owners_tries" -gt 0 ] || break
		sleep 0.5
	done
	if [ -z "$owners_diff" ]; then
		owners_cpus=$(wc -l < /tmp/owners.rows)
		owners_vectors=$(grep -vc '^pic' /tmp/owners.claims)
		owners_pic=$(grep -c '^pic' /tmp/owners.claims)
		owners_slots=$(grep -c ' [0-9][0-9]*$' /tmp/owners.table)
		t_ok "$1: allocated vectors of $owners_cpus CPUs match" \
			"the $owners_vectors vectors of the interrupts ($owners_pic legacy PIC)" \
			"and the $owners_slots vector_irq slots that dispatch to them"
	else
		owners_n=$(echo "$owners_diff" | wc -l)
		owners_msg=$(echo "$owners_diff" | head -n 20 | tr '\n' ';')
		[ "$owners_n" -le 20 ] || owners_msg="$owners_msg ... $((owners_n - 20)) more"
		if [ "${2:-}" = known-on-base ]; then
			t_fail_known_on_base ${3:+-f "$3"} \
				"$1: matrix, interrupts and vector_irq disagree:$owners_msg"
		else
			t_fail "$1: matrix, interrupts and vector_irq disagree:$owners_msg"
		fi
	fi
}

# irqv_settled_view FILE: copy the VECTOR view to FILE once two reads 0.1 s
# apart agree, trying for 5 s; returns 1 if it kept changing (FILE holds
# the last read). The view is a lockless snapshot, and devices may still
# allocate when a test's action has returned: after a suspend NVMe resets
# its controller asynchronously and sets up its queue interrupts again.
# The checks that compare numbers within the view read one settled copy.
irqv_settled_view() {
	sv_tries=50
	cat "$IRQV_DOMAIN" > "$1"
	while [ "$sv_tries" -gt 0 ]; do
		sleep 0.1
		cat "$IRQV_DOMAIN" > "$1.next"
		if cmp -s "$1" "$1.next"; then
			rm -f "$1.next"
			return 0
		fi
		mv "$1.next" "$1"
		sv_tries=$((sv_tries - 1))
	done
	return 1
}

# irqv_check_all LABEL [BASELINE_TOTALS]: IRQV_CHECK_ALL_RESULTS results
# (quiescent, Global available, Total allocated, per-CPU accounting,
# targets, vector owners), one more when BASELINE_TOTALS is given. Every
# check prints exactly one result, whatever the state, so that scripts can
# declare their plan up front.
IRQV_CHECK_ALL_RESULTS=6
irqv_check_all() {
	irqv_check_quiescent "$1"
	ca_live=$IRQV_DOMAIN
	irqv_settled_view /tmp/irqv.view ||
		t_diag "$1: the VECTOR view still changed after 5 s"
	IRQV_DOMAIN=/tmp/irqv.view
	irqv_check_global_available "$1"
	irqv_check_total_allocated "$1"
	irqv_check_cpu_accounting "$1"
	irqv_check_targets "$1"
	irqv_check_vector_owners "$1"
	if [ -n "${2:-}" ]; then
		now=$(irqv_totals)
		if [ "$now" = "$2" ]; then
			t_ok "$1: counters back to baseline ($now)"
		else
			t_fail "$1: counters $now, baseline $2"
		fi
	fi
	IRQV_DOMAIN=$ca_live
}

# t_skip_rest REASON: every result the plan still owes, skipped with REASON
# (a skip fails our variant). For a script that cannot go on.
t_skip_rest() {
	while [ "$t_count" -lt "${t_planned:-0}" ]; do
		t_skip "$1"
	done
}

# t_abort DESCRIPTION: one failed result, the rest of the plan skipped as
# not reached, and the exit. For a script whose setup failed.
t_abort() {
	t_fail "$1"
	t_skip_rest "not reached: $1"
	t_done
}

# Exit with kselftest's status. A script that declared no plan prints its
# count now, which the runner rejects as a counted plan.
t_done() {
	if [ -z "$t_planned" ]; then
		echo "1..$t_count"
		exit 1
	fi
	if [ "$t_count" -ne "$t_planned" ]; then
		t_diag "planned $t_planned results, printed $t_count"
		exit 1
	fi
	[ "$t_failed" -eq 0 ] || exit 1
	exit 0
}

# --- the irqv_load test module ------------------------------------------------

IRQV_MODULE=/lib/modules/irqv_load.ko
IRQV_PARAMS=/sys/module/irqv_load/parameters

# irqv_load_module LABEL PARAM=VALUE...: load the test module; one result
# either way, and status 1 if it did not load (callers then t_skip_rest).
irqv_load_module() {
	label=$1
	shift
	if [ ! -f "$IRQV_MODULE" ]; then
		t_fail "$label: no irqv_load test module"
		return 1
	fi
	if ! insmod "$IRQV_MODULE" "$@"; then
		t_fail "$label: insmod irqv_load $* failed"
		return 1
	fi
	t_ok "$label: irqv_load loaded ($*)"
}

# Interrupts the test module's handler has seen.
irqv_handled() {
	cat "$IRQV_PARAMS/handled"
}

# Count of interrupt $1 on CPU $2 in /proc/interrupts (0 if not shown).
irqv_irq_cpu_count() {
	awk -v irq="$1:" -v cpu="CPU$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i + 1; next }
		$1 == irq && (cpu in col) { n = $(col[cpu]) } END { print n + 0 }' /proc/interrupts
}

# irqv_trigger IRQ: fire the interrupt once through its debugfs file
# (its current vector, sent to its target CPU) and wait up to a second
# until the test module's handler saw it. Fails if it did not.
irqv_trigger() {
	seen=$(irqv_handled)
	echo trigger > "$IRQV_IRQS/$1" || return 1
	tries=10
	while [ "$(irqv_handled)" = "$seen" ]; do
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || return 1
		sleep 0.1
	done
}

# --- load and hotplug --------------------------------------------------------

# Block devices of the guest that take I/O.
irqv_disks() {
	for dev in /dev/nvme0n1 /dev/vda; do
		[ -b "$dev" ] && echo "$dev"
	done
}

irqv_ndisks() {
	irqv_disks | wc -l
}

# Start one reader loop per disk; each appends "ok" or "err" per 1 MiB read
# to /tmp/io.<name>. Stop with irqv_io_stop.
irqv_io_start() {
	rm -f /tmp/io.stop
	: > /tmp/io.pids
	for dev in $(irqv_disks); do
		name=${dev##*/}
		: > "/tmp/io.$name"
		(
			while [ ! -f /tmp/io.stop ]; do
				if disk_read "$dev"; then echo ok; else echo err; fi
			done >> "/tmp/io.$name"
		) &
		echo $! >> /tmp/io.pids
	done
}

# Stop the readers; check every disk completed reads and none failed:
# one result per disk of irqv_disks, and one for the kernel log.
irqv_io_stop() {
	touch /tmp/io.stop
	while read -r pid; do wait "$pid" 2>/dev/null; done < /tmp/io.pids
	for dev in $(irqv_disks); do
		name=${dev##*/}
		ok=$(grep -c '^ok' "/tmp/io.$name")
		err=$(grep -c '^err' "/tmp/io.$name")
		if [ "$err" -eq 0 ] && [ "$ok" -gt 0 ]; then
			t_ok "$1: $name completed $ok MiB of reads, no error"
		else
			t_fail "$1: $name completed $ok MiB of reads, $err failed"
		fi
	done
	if dmesg | grep -qiE 'I/O error|timeout, (aborting|reset)|QID [0-9]+ timeout'; then
		errors=$(dmesg | grep -iE 'I/O error|timeout' | tail -n 3 | tr '\n' ' ')
		t_fail "$1: block layer reported errors: $errors"
	else
		t_ok "$1: no I/O error or timeout in the kernel log"
	fi
}

# A pseudo-random number in [0, $1) from the kernel.
irqv_random() {
	n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	echo $((n % $1))
}

# irqv_pm_dry_run STATE: one suspend (mem) or hibernation (disk) dry run,
# pm_test=core: every non-boot CPU goes offline and comes back. Returns the
# write's status; on failure prints its error ("No space left on device").
irqv_pm_dry_run() {
	[ -w /sys/module/suspend/parameters/pm_test_delay ] &&
		echo 0 > /sys/module/suspend/parameters/pm_test_delay
	echo core > /sys/power/pm_test
	pm_out=$(echo "$1" | dd of=/sys/power/state 2>&1)
	pm_rc=$?
	echo none > /sys/power/pm_test
	[ "$pm_rc" = 0 ] || echo "$pm_out" | sed -n 's/^dd: .*: //p' | head -n 1
	return "$pm_rc"
}

irqv_all_online() {
	for cpu in $(hotplug_cpus); do
		irqv_cpu_online "$cpu" || cpu_set_online "$cpu" 1
	done
}

# Managed interrupts started at baseline: started exactly while one CPU of
# their affinity is online, shut down otherwise.
irqv_managed_started() {
	for irq in $(irqv_vector_irqs); do
		irqv_irq_has_state "$irq" IRQD_AFFINITY_MANAGED || continue
		irqv_irq_has_state "$irq" IRQD_IRQ_STARTED && echo "$irq"
	done
}

irqv_check_managed_state() {
	bad=""
	for irq in $2; do
		aff=$(cat "/proc/irq/$irq/smp_affinity_list")
		any=0
		for cpu in $(irqv_expand_list "$aff"); do
			irqv_cpu_online "$cpu" && any=1
		done
		if [ "$any" = 1 ]; then
			irqv_irq_has_state "$irq" IRQD_IRQ_STARTED || bad="$bad $irq:not-restarted"
		else
			irqv_irq_has_state "$irq" IRQD_MANAGED_SHUTDOWN ||
				bad="$bad $irq:not-shut-down"
		fi
	done
	[ -z "$bad" ] || echo "$1:$bad"
}

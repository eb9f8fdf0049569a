#!/bin/sh
# Passes against distinct behaviours, per tier, from the output of
# harness/check.sh: the same check run again (another boot, another
# scenario's consistency checks, another CPU) is one behaviour. A pass's
# behaviour is its text less the boot's name, the result number and the
# scenario's label (what stands before the last ": "), with every number
# replaced by N.
#   behaviours.sh CHECK.LOG
set -eu

log=${1:?usage: behaviours.sh CHECK.LOG}
awk '
	/^=== / { tier = $2; sub(/:$/, "", tier); if (!(tier in seen)) { seen[tier] = 1; order[++n] = tier } next }
	/^PASS: / {
		t = substr($0, 7)
		m = split(t, part, ": ")
		t = part[m]
		gsub(/[0-9]+/, "N", t)
		passes[tier]++
		if (!((tier, t) in b)) { b[tier, t] = 1; distinct[tier]++ }
		if (!(t in all)) { all[t] = 1; total_distinct++ }
		total++
	}
	END {
		printf "| tier | passes | distinct behaviours |\n| --- | ---: | ---: |\n"
		for (i = 1; i <= n; i++)
			if (passes[order[i]])
				printf "| %s | %d | %d |\n", order[i], passes[order[i]], distinct[order[i]]
		printf "| all | %d | %d |\n", total, total_distinct
	}' "$log"

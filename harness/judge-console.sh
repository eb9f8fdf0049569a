#!/bin/sh
# Judge the console of one boot: one verdict line on stdout. "PASS: ..."
# when the console shows no kernel report; "KNOWN-BASE-FAILURE: ..." on
# the base or fixes variant when every report is one that a known base
# failure of this boot announced (KNOWN lists their fixed texts, one a
# line, as judge-results.sh collects them); "FAIL: ..." with the reports
# otherwise.
#   judge-console.sh VARIANT NAME CONSOLE.LOG [KNOWN]
set -u

variant=${1:?usage: judge-console.sh VARIANT NAME CONSOLE.LOG [KNOWN]}
name=${2:?name}
console=${3:?console log}
known_file=${4:-}
top=$(cd "$(dirname "$0")/.." && pwd)

[ -r "$console" ] || { echo "FAIL: $name: no console log $console"; exit 0; }
splats=$("$top/harness/scan-console.sh" "$console") && {
	echo "PASS: $name: console clean"
	exit 0
}
rest=$splats
if { [ "$variant" = base ] || [ "$variant" = fixes ]; } && [ -n "$known_file" ] &&
	[ -s "$known_file" ]; then
	rest=$(echo "$splats" | grep -v -F -f "$known_file")
fi
if [ -n "$rest" ]; then
	echo "FAIL: $name: console shows kernel reports: $(echo "$rest" | head -n 3 | tr '\n' ' ')"
else
	echo "KNOWN-BASE-FAILURE: $name: console shows the reports of its known base failures: $(echo "$splats" | head -n 1)"
fi
exit 0

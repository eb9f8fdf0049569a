#!/bin/sh
# Judge the KUnit suites of one boot from its console: one verdict line
# per suite, "PASS: NAME: kunit suite S, N cases ok" or "FAIL: ...". A suite
# without a result fails.
#   judge-kunit.sh NAME CONSOLE.LOG SUITE...
set -u

name=${1:?usage: judge-kunit.sh NAME CONSOLE.LOG SUITE...}
log=${2:?console log}
shift 2

for suite in "$@"; do
	result=$(tr -d '\r' < "$log" | grep -aE "^(not )?ok [0-9]+ $suite\$" | tail -n 1)
	cases=$(tr -d '\r' < "$log" | awk -v s="$suite" '/^    # Subtest: / { in_s = ($3 == s) }
		in_s && /^    ok / { n++ } END { print n + 0 }')
	case $result in
	"ok "*) echo "PASS: $name: kunit suite $suite, $cases cases ok" ;;
	"not ok "*) echo "FAIL: $name: kunit suite $suite failed: $(tr -d '\r' < "$log" |
		grep -a '^    not ok' | head -n 3 | tr '\n' ' ')" ;;
	*) echo "FAIL: $name: kunit suite $suite has no result on this boot" ;;
	esac
done
exit 0

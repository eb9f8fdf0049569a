#!/bin/sh
# Judge the guest's results of one boot (its second serial port), one
# verdict line per check on stdout: "PASS: ...", "FAIL: ...", "SKIP: ..."
# or "KNOWN-BASE-FAILURE: ...".
#   judge-results.sh VARIANT NAME RESULTS.LOG
# Every guest script is framed by "# test NAME" and "# exit NAME STATUS". A
# script that did not finish, printed no plan, printed its plan after a
# result (plans are declared up front, not counted), printed not as many
# results as its plan, or exited non-zero without reporting a failure fails.
# A log with no script at all fails. A skip fails
# our variant. A known base failure ("# TODO known base failure") counts as
# one only on the base variant and on the fixes variant (the base tree
# with the fixes of patches/fixes), anywhere else it fails; on the fixes
# variant, one which names the fix that cures it ("[fixed by F5]") fails
# too. Its "[console: TEXT]" names the kernel report the base kernel
# prints for it, collected in RESULTS.LOG.known-console for the console
# judge.
set -u

variant=${1:?usage: judge-results.sh VARIANT NAME RESULTS.LOG}
name=${2:?name}
results=${3:?results}
top=$(cd "$(dirname "$0")/.." && pwd)
fixes=$(awk '!/^[[:space:]]*(#|$)/ { print $1 }' "$top/patches/fixes")

# Whether the known base failure $1 names a fix which the fixes variant has.
cured() {
	case $1 in
	*"[fixed by "*"]"*) ;;
	*) return 1 ;;
	esac
	fix=${1##*\[fixed by }
	fix=${fix%%]*}
	echo "$fixes" | grep -qxF "$fix"
}

: > "$results.known-console"
current="" nres=0 nfail=0 plan="" scripts=0
while IFS= read -r line; do
	line=$(printf '%s' "$line" | tr -d '\r')
	case $line in
	"# test "*)
		[ -z "$current" ] || echo "FAIL: $name: $current did not finish"
		current=${line#\# test } nres=0 nfail=0 plan="" scripts=$((scripts + 1)) ;;
	"# exit "*)
		status=${line##* }
		if [ -z "$plan" ]; then
			echo "FAIL: $name: $current printed no TAP plan"
		elif [ "$plan" -ne "$nres" ]; then
			echo "FAIL: $name: $current planned $plan results, printed $nres"
		fi
		[ "$status" -eq 0 ] || [ "$nfail" -gt 0 ] ||
			echo "FAIL: $name: $current exited $status without reporting a failure"
		current="" ;;
	1..*)
		if [ "$nres" -gt 0 ] || [ -n "$plan" ]; then
			echo "FAIL: $name: $current printed its plan after $nres results: plans are declared first"
		fi
		plan=${line#1..} ;;
	"not ok "*"# TODO known base failure"*)
		nres=$((nres + 1)) nfail=$((nfail + 1))
		if [ "$variant" = fixes ] && cured "$line"; then
			echo "FAIL: $name: known base failure which the fixes variant cures: ${line#not ok }"
		elif [ "$variant" = base ] || [ "$variant" = fixes ]; then
			echo "KNOWN-BASE-FAILURE: $name: ${line#not ok }"
			case $line in
			*"[console: "*"]")
				pattern=${line##*\[console: }
				echo "${pattern%]}" >> "$results.known-console" ;;
			esac
		else
			echo "FAIL: $name: known base failure on our variant: ${line#not ok }"
		fi ;;
	"not ok "*)
		nres=$((nres + 1)) nfail=$((nfail + 1))
		echo "FAIL: $name: ${line#not ok }" ;;
	"ok "*"# SKIP"*)
		nres=$((nres + 1))
		if [ "$variant" = base ] || [ "$variant" = fixes ]; then
			echo "SKIP: $name: ${line#ok }"
		else
			echo "FAIL: $name: skipped on our variant: ${line#ok }"
		fi ;;
	"ok "*)
		nres=$((nres + 1))
		echo "PASS: $name: ${line#ok }" ;;
	esac
done < "$results"
[ -z "$current" ] || echo "FAIL: $name: $current did not finish"
[ "$scripts" -gt 0 ] || echo "FAIL: $name: no test script ran"
exit 0

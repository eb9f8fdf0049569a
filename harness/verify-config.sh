#!/bin/sh
# Every CONFIG line of the fragments must be in the final .config as
# written: a fragment line that olddefconfig dropped or changed (a missing
# dependency, a symbol of another architecture) is named and fails.
#   verify-config.sh DOTCONFIG FRAGMENT...
set -eu

config=${1:?usage: verify-config.sh DOTCONFIG FRAGMENT...}
shift
bad=0
for frag in "$@"; do
	name=$(basename "$frag")
	lines=$(grep -E '^(CONFIG_|# CONFIG_)' "$frag" || true)
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) want=$line ;;
		"# CONFIG_"*" is not set") want=$line ;;
		*) continue ;;
		esac
		sym=$(echo "$want" | sed -E 's/^# //; s/[= ].*//')
		case $want in
		"# "*) grep -q "^$sym=" "$config" || continue ;;
		esac
		if ! grep -qxF "$want" "$config"; then
			got=$(grep -E "^$sym=|^# $sym is not set" "$config" || echo "$sym absent")
			echo "verify-config: $name: '$want' did not survive olddefconfig (got: $got)" >&2
			bad=1
		fi
	done <<-LINES
	$lines
	LINES
done
exit $bad

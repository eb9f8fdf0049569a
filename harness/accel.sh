#!/bin/sh
# Print the QEMU accelerator to use: "kvm" only when a probe guest prints its
# first kernel line within 20 s, else "tcg". The answer is cached per boot of
# the host in build/accel.
set -eu

kernel=${1:?usage: accel.sh BZIMAGE}
top=$(cd "$(dirname "$0")/.." && pwd)
cache=$top/build/accel
boot_id=$(cat /proc/sys/kernel/random/boot_id)

if [ -n "${IRQTEST_ACCEL:-}" ]; then
	echo "$IRQTEST_ACCEL"
	exit 0
fi
if [ -f "$cache" ] && [ "$(sed -n 1p "$cache")" = "$boot_id" ]; then
	sed -n 2p "$cache"
	exit 0
fi

accel=tcg
if [ -w /dev/kvm ]; then
	log=$(mktemp)
	qemu-system-x86_64 -M q35 -accel kvm -m 256M -smp 1 -kernel "$kernel" \
		-append "console=ttyS0 panic=-1" -display none -no-reboot -nodefaults \
		-serial "file:$log" -monitor none < /dev/null > /dev/null 2>&1 &
	pid=$!
	waited=0
	while [ "$waited" -lt 20 ] && kill -0 "$pid" 2>/dev/null; do
		if grep -q "Linux version" "$log"; then
			accel=kvm
			break
		fi
		sleep 1
		waited=$((waited + 1))
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -f "$log"
fi
mkdir -p "$(dirname "$cache")"
printf '%s\n%s\n' "$boot_id" "$accel" > "$cache"
echo "$accel"

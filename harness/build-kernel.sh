#!/bin/sh
# Build a bzImage for one variant (ours|base|fixes|mutant) and flavour
# (test|debug). Config: tinyconfig plus configs/base.config (+ debug.config,
# + ours.config for our variant and the mutant one, which is ours with one
# mutation; base and fixes, the base tree with the fixes, share a config).
# Fails naming every fragment line that did not survive. The mutant tree is
# laid out and patched by harness/mutants.sh, not here.
set -eu

variant=${1:?usage: build-kernel.sh VARIANT FLAVOUR}
flavour=${2:-test}
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/build/$variant/src
case $flavour in
test) out="out" ;;
debug) out="out-debug" ;;
*) echo "build-kernel: unknown flavour $flavour" >&2; exit 1 ;;
esac
obj=$src/$out
jobs=$(nproc)

export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-10G}"
export KBUILD_BUILD_TIMESTAMP="2026-01-01"
export KBUILD_BUILD_USER=irqtest KBUILD_BUILD_HOST=irqtest

fragments="$top/configs/base.config"
[ "$flavour" = debug ] && fragments="$fragments $top/configs/debug.config"
like_ours=0
{ [ "$variant" = ours ] || [ "$variant" = mutant ]; } && like_ours=1
[ "$like_ours" = 1 ] && fragments="$fragments $top/configs/ours.config"
if [ "$like_ours" = 1 ] && [ "${STAGED:-0}" = 1 ] && [ -f "$top/staging/staged.config" ]; then
	fragments="$fragments $top/staging/staged.config"
fi

kmake() {
	make -s -C "$src" O="$out" ARCH=x86_64 CC="ccache gcc" HOSTCC="ccache gcc" "$@"
}

# Every CONFIG line of the fragments must be in the final .config as written.
verify_config() {
	# shellcheck disable=SC2086
	"$top/harness/verify-config.sh" "$obj/.config" $fragments
}

configure() {
	# shellcheck disable=SC2086
	hash=$(cat "$src/kernel/configs/tiny.config" "$src/arch/x86/configs/tiny.config" $fragments | sha256sum | cut -d' ' -f1)
	[ -f "$obj/.config" ] && [ -f "$obj/.fragments.hash" ] &&
		[ "$(cat "$obj/.fragments.hash")" = "$hash" ] && return 0
	mkdir -p "$obj"
	# shellcheck disable=SC2086
	cat "$src/kernel/configs/tiny.config" "$src/arch/x86/configs/tiny.config" $fragments > "$obj/.fragments.all"
	kmake KCONFIG_ALLCONFIG="$obj/.fragments.all" allnoconfig >/dev/null
	kmake olddefconfig >/dev/null
	verify_config
	echo "$hash" > "$obj/.fragments.hash"
}

[ "$variant" = mutant ] || "$top/harness/prepare-tree.sh" "$variant"
configure
echo "build-kernel: $variant/$flavour: building with $jobs jobs"
kmake -j"$jobs" bzImage modules
echo "build-kernel: $obj/arch/x86/boot/bzImage"

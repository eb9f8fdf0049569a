#!/bin/sh
# Build the test-only modules (irqv_load, irqv_edu) against one variant's
# kernel build (out-of-tree, so the base tree stays pristine). The last
# line printed is the directory holding the .ko files.
#   build-module.sh VARIANT [FLAVOUR]
set -eu

variant=${1:?usage: build-module.sh VARIANT [FLAVOUR]}
flavour=${2:-test}
top=$(cd "$(dirname "$0")/.." && pwd)
case $flavour in
test) obj=$top/build/$variant/src/out ;;
debug) obj=$top/build/$variant/src/out-debug ;;
*) echo "build-module: unknown flavour $flavour" >&2; exit 1 ;;
esac
dir=$top/build/$variant/irqv_load-$flavour

mkdir -p "$dir"
for f in "$top"/tools/testing/selftests/irq_vectors/irqv_load/*; do
	cmp -s "$f" "$dir/${f##*/}" || cp "$f" "$dir/"
done
make -s -C "$obj" ARCH=x86_64 CC="ccache gcc" M="$dir" modules
echo "$dir"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run the benchmark binary under callgrind and print the ours/base table.
# Usage: BENCH_OUT=file bench.sh path/to/irq_matrix_bench
set -eu
bin=$1
out=${BENCH_OUT:-bench.md}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
valgrind --tool=callgrind --collect-atstart=no --toggle-collect='measured_*' \
	--dump-instr=no --dump-line=no --callgrind-out-file="$dir/cg.out" \
	"$bin" >"$dir/log" 2>&1 || { cat "$dir/log"; exit 1; }
for f in "$dir"/cg.out.*; do
	label=$(sed -n 's/^desc: Trigger: Client Request: //p' "$f")
	ir=$(sed -n 's/^totals: *//p' "$f")
	[ -n "$ir" ] || ir=$(sed -n 's/^summary: *//p' "$f")
	[ -n "$label" ] && echo "$label ${ir:-0}"
done >"$dir/raw"
awk '
{ impl=$1; op=$2; cpus=$3; mk=$4; n=$5; ir=$6
  key=op " " cpus " " mk; v[impl, key] = ir / n; keys[key] = 1
  if (!(op in seen)) { seen[op] = 1; ops[++nops] = op } }
END {
  split("4 64 512 4096", sz, " ")
  nmk = split("all node eighth half one", mks, " ")
  print "| op | mask | CPUs | ours Ir/op | base Ir/op | ours/base |"
  print "|---|---|---:|---:|---:|---:|"
  for (o = 1; o <= nops; o++)
    for (mi = 1; mi <= nmk; mi++) {
      mk = mks[mi]
      for (s = 1; s <= 4; s++) {
        key = ops[o] " " sz[s] " " mk
        if (!(key in keys)) continue
        printf "| %s | %s | %d | %.1f | %.1f | %.3f |\n", ops[o], mk, sz[s], \
          v["ours", key], v["base", key], v["ours", key] / v["base", key]
      }
    }
}' "$dir/raw" >"$dir/table"
{
	echo "# irq matrix: instructions per operation, ours vs base tree"
	echo
	echo "callgrind Ir, x86-like matrix (256 bits, window 32-235, one system bit),"
	echo "16 CPUs per node (the 4 CPU machine is one node), all CPUs online,"
	echo "8 regular bits per CPU before the measured operations."
	echo
	echo "Masks: all = all CPUs; node = the last node; eighth = every 8th CPU"
	echo "from CPU 0; half = a random half of the CPUs (the same for both files);"
	echo "one = the last CPU."
	echo
	cat "$dir/table"
} >"$out"
cat "$out"

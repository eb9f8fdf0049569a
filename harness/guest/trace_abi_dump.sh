#!/bin/sh
# Print the trace interface of the running kernel (see trace_abi.sh), each
# line prefixed "ABI ", to take the reference from the base kernel:
#   boot the base variant with irqtest.tests=trace_abi_dump and keep the
#   "ABI " lines of results.log as trace_abi.base.
sh /tests/irq_vectors/trace_abi.sh dump | sed 's/^/ABI /'
echo "1..0"

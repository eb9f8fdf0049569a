// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the input is a world_run_bytes() program (machine
 * shape, then 6 byte operations) run on our matrix and the model, which
 * must agree after every operation.
 */
#include "world.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	char err[512];

	shim_trace_on = true;
	if (world_run_bytes(data, len, err, sizeof(err))) {
		fprintf(stderr, "mismatch: %s\n", err);
		__builtin_trap();
	}
	return 0;
}

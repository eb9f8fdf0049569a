/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A world runs our matrix next to a simple reference model and compares
 * them after every operation.  Used by the random model test, the fuzzer
 * and the corpus replay.
 */
#ifndef IRQ_MATRIX_WORLD_H
#define IRQ_MATRIX_WORLD_H
#include "harness.h"

#define MODEL_MAX_BITS	2048
#define MODEL_WORDS	BITS_TO_LONGS(MODEL_MAX_BITS)
#define MODEL_MAX_CPUS	64

enum op_type {
	OP_ONLINE, OP_OFFLINE, OP_ASSIGN_SYSTEM, OP_RESERVE_MANAGED,
	OP_REMOVE_MANAGED, OP_ALLOC_MANAGED, OP_ASSIGN, OP_RESERVE,
	OP_REMOVE_RESERVED, OP_ALLOC, OP_FREE, OP_FREE_HELD, OP_QUERY,
	OP_NR,
};

enum mask_kind {
	MASK_EMPTY, MASK_ALL, MASK_ONLINE, MASK_NODE, MASK_SINGLE,
	MASK_RANDOM, MASK_OFFLINE, MASK_NR,
};

struct op {
	unsigned char	type, mask, flag;
	unsigned int	cpu, bit, arg;
};

struct world_cfg {
	unsigned int	cpus, per_node, bits, start, end;
};

struct model_row {
	unsigned long	alloc[MODEL_WORDS], managed[MODEL_WORDS];
	bool		online;
};

struct world {
	struct world_cfg cfg;
	struct irq_matrix *m;
	unsigned long	sys[MODEL_WORDS];
	unsigned long	window[MODEL_WORDS];
	struct model_row rows[MODEL_MAX_CPUS];
	unsigned int	reserved;
	unsigned long	steps;
	bool		check_each;
	char		err[512];
};

int world_init(struct world *w, const struct world_cfg *cfg);
void world_fini(struct world *w);
/* Apply @op to both sides and compare; 0 or -1 with w->err set */
int world_apply(struct world *w, const struct op *op);
int world_compare(struct world *w);
/* Decode and run a byte string (fuzzer input format); 0 or -1 */
int world_run_bytes(const unsigned char *data, size_t len, char *err, size_t errlen);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * Deterministic operation trace for callgrind: the same operations on our
 * matrix.c and the base tree's.  Only the measured_*() wrappers are
 * collected (--toggle-collect), and each phase ends with a labelled dump,
 * so every dump holds the instructions of one operation type, one
 * implementation, one machine size and one mask kind.
 */
#include <valgrind/callgrind.h>
#include "harness.h"

#define NOINL noinline

static NOINL int measured_alloc(const struct mx_impl *x, struct irq_matrix *m,
				const struct cpumask *msk, unsigned int *cpu)
{
	return x->alloc(m, msk, false, cpu);
}

static NOINL int measured_alloc_managed(const struct mx_impl *x, struct irq_matrix *m,
					const struct cpumask *msk, unsigned int *cpu)
{
	return x->alloc_managed(m, msk, cpu);
}

static NOINL void measured_free(const struct mx_impl *x, struct irq_matrix *m,
				unsigned int cpu, unsigned int bit, bool managed)
{
	x->free(m, cpu, bit, managed);
}

static NOINL int measured_reserve_managed(const struct mx_impl *x, struct irq_matrix *m,
					  const struct cpumask *msk)
{
	return x->reserve_managed(m, msk);
}

static void dump(const struct mx_impl *x, const char *op, unsigned int cpus,
		 const char *mk, unsigned int n)
{
	char label[128];

	snprintf(label, sizeof(label), "%s %s %u %s %u", x->name, op, cpus, mk, n);
	CALLGRIND_DUMP_STATS_AT(label);
}

static unsigned int held_cpu[8192], held_bit[8192];

static void run(const struct mx_impl *x, unsigned int cpus, bool node)
{
	unsigned int per_node = 16, cpu, i, n, r, nmask, s = 12345;
	const char *mk = node ? "node" : "full";
	struct cpumask msk;
	struct irq_matrix *m;
	int bit;

	shim_topology(cpus, per_node);
	m = x->alloc_matrix(256, 32, 236);
	x->assign_system(m, 128, false);
	for (cpu = 0; cpu < cpus; cpu++) {
		shim_cpu = cpu;
		x->online(m);
		shim_set_online(cpu, true);
	}
	/* The node mask: cpumask_of_node() of the last node, as callers pass it */
	msk = node ? shim_node_mask[(cpus - 1) / per_node] : shim_online;
	nmask = bitmap_weight(msk.bits, cpus);
	/* Background load: 8 regular bits per CPU */
	for (i = 0; i < cpus * 8; i++)
		x->alloc(m, &shim_online, false, &cpu);

	/* Stay below the capacity of the mask: every operation succeeds */
	n = min(2000u, nmask * 150);
	for (i = 0; i < n; i++) {
		bit = measured_alloc(x, m, &msk, &held_cpu[i]);
		held_bit[i] = bit;
	}
	dump(x, "alloc", cpus, mk, n);
	for (i = 0; i < n; i++) {
		unsigned int j;

		s = s * 1103515245 + 12345;
		j = i + (s >> 8) % (n - i);
		cpu = held_cpu[j];
		bit = held_bit[j];
		held_cpu[j] = held_cpu[i];
		held_bit[j] = held_bit[i];
		measured_free(x, m, cpu, bit, false);
	}
	dump(x, "free", cpus, mk, n);

	r = nmask >= 512 ? 4 : 16;
	for (i = 0; i < r; i++)
		measured_reserve_managed(x, m, &msk);
	dump(x, "reserve_managed", cpus, mk, r);

	n = min(r * nmask, 2000u);
	for (i = 0; i < n; i++) {
		bit = measured_alloc_managed(x, m, &msk, &held_cpu[i]);
		held_bit[i] = bit;
	}
	dump(x, "alloc_managed", cpus, mk, n);
	x->destroy(m);
}

int main(void)
{
	static const unsigned int sizes[] = { 4, 64, 512, 4096 };
	unsigned int i, k, nsizes = ARRAY_SIZE(sizes);

	if (getenv("BENCH_SMALL"))
		nsizes = 1;
	for (i = 0; i < nsizes; i++) {
		for (k = 0; k < 2; k++) {
			run(&mx_base, sizes[i], k);
			run(&mx_ours, sizes[i], k);
		}
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Deterministic operation trace for callgrind: the same operations on our
 * matrix.c and the base tree's.  Only the measured_*() wrappers are
 * collected (--toggle-collect), and each phase ends with a labelled dump,
 * so every dump holds the instructions of one operation type, one
 * implementation, one machine size and one mask shape.
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

enum bench_mask { BM_ALL, BM_NODE, BM_EIGHTH, BM_HALF, BM_ONE, BM_NR };

static const char * const mask_names[BM_NR] = {
	[BM_ALL] = "all", [BM_NODE] = "node", [BM_EIGHTH] = "eighth",
	[BM_HALF] = "half", [BM_ONE] = "one",
};

static unsigned int lcg(unsigned int *s)
{
	*s = *s * 1103515245 + 12345;
	return *s >> 8;
}

/*
 * All CPUs; cpumask_of_node() of the last node, as callers pass it; every
 * 8th CPU from CPU 0; a random half (the same for both files); the last CPU.
 */
static void build_mask(struct cpumask *msk, enum bench_mask mk, unsigned int cpus,
		       unsigned int per_node)
{
	static unsigned int perm[8192];
	unsigned int i, j, t, s = 4711;

	memset(msk, 0, sizeof(*msk));
	switch (mk) {
	case BM_ALL:
		*msk = shim_online;
		break;
	case BM_NODE:
		*msk = shim_node_mask[(cpus - 1) / per_node];
		break;
	case BM_EIGHTH:
		for (i = 0; i < cpus; i += 8)
			__set_bit(i, msk->bits);
		break;
	case BM_HALF:
		for (i = 0; i < cpus; i++)
			perm[i] = i;
		for (i = 0; i < cpus / 2; i++) {
			j = i + lcg(&s) % (cpus - i);
			t = perm[i];
			perm[i] = perm[j];
			perm[j] = t;
			__set_bit(perm[i], msk->bits);
		}
		break;
	default:
		__set_bit(cpus - 1, msk->bits);
		break;
	}
}

static void run(const struct mx_impl *x, unsigned int cpus, enum bench_mask mk)
{
	unsigned int per_node = 16, cpu, i, n, r, nmask, s = 12345;
	const char *name = mask_names[mk];
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
	build_mask(&msk, mk, cpus, per_node);
	nmask = bitmap_weight(msk.bits, cpus);
	/* Background load: 8 regular bits per CPU, as spreading would leave them */
	for (cpu = 0; cpu < cpus; cpu++) {
		shim_cpu = cpu;
		for (i = 0; i < 8; i++)
			x->assign(m, 32 + i);
	}

	/* Stay below the capacity of the mask: every operation succeeds */
	n = min(2000u, nmask * 150);
	for (i = 0; i < n; i++) {
		bit = measured_alloc(x, m, &msk, &held_cpu[i]);
		held_bit[i] = bit;
	}
	dump(x, "alloc", cpus, name, n);
	for (i = 0; i < n; i++) {
		unsigned int j = i + lcg(&s) % (n - i);

		cpu = held_cpu[j];
		bit = held_bit[j];
		held_cpu[j] = held_cpu[i];
		held_bit[j] = held_bit[i];
		measured_free(x, m, cpu, bit, false);
	}
	dump(x, "free", cpus, name, n);

	r = nmask >= 512 ? 4 : 16;
	for (i = 0; i < r; i++)
		measured_reserve_managed(x, m, &msk);
	dump(x, "reserve_managed", cpus, name, r);

	n = min(r * nmask, 2000u);
	for (i = 0; i < n; i++) {
		bit = measured_alloc_managed(x, m, &msk, &held_cpu[i]);
		held_bit[i] = bit;
	}
	dump(x, "alloc_managed", cpus, name, n);
	x->destroy(m);
}

int main(void)
{
	static const unsigned int sizes[] = { 4, 64, 512, 4096 };
	unsigned int i, nsizes = ARRAY_SIZE(sizes);
	enum bench_mask mk;

	if (getenv("BENCH_SMALL"))
		nsizes = 1;
	for (i = 0; i < nsizes; i++) {
		for (mk = 0; mk < BM_NR; mk++) {
			run(&mx_base, sizes[i], mk);
			run(&mx_ours, sizes[i], mk);
		}
	}
	return 0;
}

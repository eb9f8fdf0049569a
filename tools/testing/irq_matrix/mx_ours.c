// SPDX-License-Identifier: GPL-2.0
/* Our kernel/irq/matrix.c, compiled unchanged, plus invariant checks. */
#include "../../../kernel/irq/matrix.c"
#include "harness.h"

static void ours_destroy(struct irq_matrix *m)
{
	matrix_levels_release(m);
	free_percpu(m->rows);
	free_cpumask_var(m->online);
	kfree(m);
}

/* Whether the reservation printed the overcommit warning */
static bool ours_reserve(struct irq_matrix *m)
{
	unsigned long warned = shim_pr_warns;

	irq_matrix_reserve(m);
	return shim_pr_warns != warned;
}

static unsigned int ours_row_allocated(struct irq_matrix *m, unsigned int cpu)
{
	return row_allocated(per_cpu_ptr(m->rows, cpu));
}

static unsigned int ours_total_allocated(struct irq_matrix *m)
{
	return m->total_allocated;
}

const struct mx_impl mx_ours = {
	.name = "ours",
	.alloc_matrix = irq_alloc_matrix,
	.destroy = ours_destroy,
	.online = irq_matrix_online,
	.offline = irq_matrix_offline,
	.assign_system = irq_matrix_assign_system,
	.reserve_managed = irq_matrix_reserve_managed,
	.remove_managed = irq_matrix_remove_managed,
	.alloc_managed = irq_matrix_alloc_managed,
	.reserve = ours_reserve,
	.remove_reserved = irq_matrix_remove_reserved,
	.alloc = irq_matrix_alloc,
	.free = irq_matrix_free,
	.assign = irq_matrix_assign,
	.available = irq_matrix_available,
	.allocated = irq_matrix_allocated,
	.reserved = irq_matrix_reserved,
	.debug_show = irq_matrix_debug_show,
	.row_allocated = ours_row_allocated,
	.total_allocated = ours_total_allocated,
};

void mx_ours_row(struct irq_matrix *m, unsigned int cpu, struct mx_row_view *v)
{
	struct cpumap *row = per_cpu_ptr(m->rows, cpu);

	v->alloc_map = row->alloc_map;
	v->managed_map = row->managed_map;
	v->regular = row->regular;
	v->managed = row->managed;
	v->managed_alloc = row->managed_alloc;
	v->available = row_available(m, row);
	v->online = row->online;
}

void mx_ours_global(struct irq_matrix *m, struct mx_global_view *v)
{
	v->system_map = m->system_map;
	v->online_maps = m->online_maps;
	v->global_available = m->global_available;
	v->global_reserved = m->global_reserved;
	v->total_allocated = m->total_allocated;
	v->cap = m->cap;
}

/* Levels of the largest window the harness uses, 2048 bits */
#define MODEL_LEVELS	2049

#define FAIL(...) do { snprintf(err, len, __VA_ARGS__); return -1; } while (0)

/* Bits in [start, end) set in a (and in b, or not in b when andnot) */
static unsigned int weight_range(const unsigned long *a, const unsigned long *b,
				 bool andnot, unsigned int start, unsigned int end)
{
	unsigned int w, n = 0;

	for (w = start / BITS_PER_LONG; w * BITS_PER_LONG < end; w++) {
		unsigned long x = a[w], win = ~0UL;

		if (b)
			x &= andnot ? ~b[w] : b[w];
		if (w == start / BITS_PER_LONG)
			win &= BITMAP_FIRST_WORD_MASK(start);
		if ((w + 1) * BITS_PER_LONG > end)
			win &= BITMAP_LAST_WORD_MASK(end);
		n += __builtin_popcountl(x & win);
	}
	return n;
}

/* L1 and L2 for one key */
static int check_levels(struct irq_matrix *m, enum matrix_key key, char *err, size_t len)
{
	static unsigned int real[MODEL_LEVELS];
	const struct matrix_levels *lv = &m->levels[key];
	unsigned int lvl, cpu, floor = m->nr_levels;

	if (m->nr_levels > MODEL_LEVELS)
		FAIL("L1: %u levels, the check handles %u", m->nr_levels, MODEL_LEVELS);
	memset(real, 0, sizeof(real));
	for_each_possible_cpu(cpu) {
		struct cpumap *row = per_cpu_ptr(m->rows, cpu);

		if (!row->online)
			continue;
		if (row_key(row, key) >= m->nr_levels)
			FAIL("L1: cpu %u key %d %u beyond the levels", cpu, key, row_key(row, key));
		real[row_key(row, key)]++;
	}
	for (lvl = 0; lvl < m->nr_levels; lvl++) {
		if (lv->nr_rows[lvl] != real[lvl])
			FAIL("L1: key %d level %u counts %u rows, real %u", key, lvl,
			     lv->nr_rows[lvl], real[lvl]);
		if (real[lvl] && floor == m->nr_levels)
			floor = lvl;
	}
	if (lv->floor != floor)
		FAIL("L2: key %d floor %u, real %u", key, lv->floor, floor);
	if (lv->rotor >= nr_cpu_ids)
		FAIL("L2: key %d rotor %u", key, lv->rotor);
	return 0;
}

int mx_ours_check(struct irq_matrix *m, char *err, size_t len)
{
	unsigned int cpu, online = 0, avail = 0, total = 0, full = 0, sys, w, bit;
	enum matrix_key key;

	sys = weight_range(m->system_map, NULL, false, m->alloc_start, m->alloc_end);
	if (m->cap != m->alloc_end - m->alloc_start - sys)
		FAIL("G4: cap %u, system bits in window %u", m->cap, sys);
	for (bit = 0; bit < BITS_TO_LONGS(m->matrix_bits) * BITS_PER_LONG; bit++) {
		bool excluded = bit < m->alloc_start || bit >= m->alloc_end ||
				(bit < m->matrix_bits && test_bit(bit, m->system_map));

		if (test_bit(bit, m->excluded_map) != excluded)
			FAIL("G4: bit %u excluded %d, want %d", bit,
			     test_bit(bit, m->excluded_map), excluded);
	}

	for_each_possible_cpu(cpu) {
		struct cpumap *row = per_cpu_ptr(m->rows, cpu);

		for (w = 0; w < BITS_TO_LONGS(m->matrix_bits); w++) {
			unsigned long used = row->alloc_map[w] | row->managed_map[w];

			if (used & m->system_map[w])
				FAIL("R1: cpu %u uses a system bit in word %u", cpu, w);
		}
		if (weight_range(row->alloc_map, NULL, false, 0, m->matrix_bits) +
		    weight_range(row->managed_map, NULL, false, 0, m->matrix_bits) !=
		    weight_range(row->alloc_map, NULL, false, m->alloc_start, m->alloc_end) +
		    weight_range(row->managed_map, NULL, false, m->alloc_start, m->alloc_end))
			FAIL("R1: cpu %u has bits outside the window", cpu);
		if (row->regular != weight_range(row->alloc_map, row->managed_map, true,
						 m->alloc_start, m->alloc_end))
			FAIL("R2: cpu %u regular %u", cpu, row->regular);
		if (row->managed != weight_range(row->managed_map, NULL, false,
						 m->alloc_start, m->alloc_end))
			FAIL("R2: cpu %u managed %u", cpu, row->managed);
		if (row->managed_alloc != weight_range(row->alloc_map, row->managed_map, false,
						       m->alloc_start, m->alloc_end))
			FAIL("R2: cpu %u managed_alloc %u", cpu, row->managed_alloc);
		if (row_load(row) > m->cap)
			FAIL("R3: cpu %u load %u > cap %u", cpu, row_load(row), m->cap);
		if (row->online != cpumask_test_cpu(cpu, m->online))
			FAIL("G1: cpu %u online flag disagrees with mask", cpu);
		if (row->online) {
			online++;
			avail += row_available(m, row);
		} else if (!row_available(m, row)) {
			full++;
		}
		total += row_allocated(row);
	}
	if (online != m->online_maps)
		FAIL("G1: online_maps %u, online rows %u", m->online_maps, online);
	if (avail != m->global_available)
		FAIL("G2: global_available %u, sum %u", m->global_available, avail);
	if (total != m->total_allocated)
		FAIL("G3: total_allocated %u, sum %u", m->total_allocated, total);
	if (full != m->offline_full)
		FAIL("G5: offline_full %u, full offline rows %u", m->offline_full, full);

	for (key = 0; key < MATRIX_NR_KEYS; key++)
		if (check_levels(m, key, err, len))
			return -1;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Bitmap matrix allocator for per-CPU interrupt vectors and similar
 * per-CPU interrupt identifier spaces.
 */

/**
 * DOC: IRQ matrix allocator
 *
 * The matrix hands out bits of a per-CPU bit space (x86 vectors, RISC-V
 * IMSIC ids, LoongArch AVEC vectors).  Each possible CPU owns one row of
 * @matrix_bits bits.  Only the window [@alloc_start, @alloc_end) of a row
 * is managed; system bits are global and excluded from every row.
 *
 * Row state.  Each row has two bitmaps:
 *
 *  - alloc_map:   bits handed out, regular or managed;
 *  - managed_map: bits reserved for managed interrupts, allocated or not.
 *
 * and three counters derived from them:
 *
 *  - regular:       weight(alloc_map & ~managed_map)
 *  - managed:       weight(managed_map)
 *  - managed_alloc: weight(alloc_map & managed_map)
 *
 * The *load* of a row is managed + regular: the number of window bits a
 * regular allocation cannot use apart from system bits.  With
 * cap = window size - system bits inside the window, the row's available
 * count is cap - load.  It is computed, never stored, so it cannot drift.
 *
 * Rows survive offline.  A CPU going offline keeps its bits; they can be
 * freed later and managed reservations can be added or removed while the
 * CPU is offline.  Rows never seen online are ordinary empty rows.
 *
 * Invariants, checked after every operation by the userspace harness in
 * tools/testing/irq_matrix:
 *
 *  - R1: alloc_map and managed_map only hold window bits, never system bits.
 *  - R2: regular, managed, managed_alloc equal the weights above.
 *  - R3: load <= cap, i.e. available is never negative.
 *  - G1: online_maps equals the number of CPUs in the online mask.
 *  - G2: global_available is the sum of available over online rows.
 *  - G3: total_allocated is the sum of regular + managed_alloc over all
 *    rows, online or offline.
 *  - G4: The system bit count in the window matches system_map.
 *  - I1: An online row is linked in each index of its scopes at the level
 *    of the index key; an offline row is in no index.
 *  - I2: The lowest level of an index is its lowest non-empty list.
 *
 * global_reserved counts interrupts that were promised a bit without
 * getting one (irq_matrix_reserve()).  It may exceed global_available:
 * that is overcommit.  irq_matrix_reserve() tells its caller when a
 * promise crosses that line, so the caller can report it after dropping
 * its lock.
 *
 * The base implementation accounted total_allocated only for frees on
 * online CPUs, so a bit freed after its CPU went offline left "Total
 * allocated" too high forever; assign() charged global_available even on
 * an offline row, and free() trusted the caller's @managed flag.  Here
 * every count follows from the bitmaps by G2/G3, whatever the order of
 * hotplug and frees.
 */

/**
 * DOC: IRQ matrix CPU selection index
 *
 * Regular allocation must pick an online CPU of the mask with the lowest
 * load, managed allocation the one with the fewest managed allocations.
 * Scanning the mask costs O(CPUs) per allocation.  For the masks used
 * nearly always -- all online CPUs, or all online CPUs of one node -- an
 * index gives the answer in O(1).
 *
 * An index covers one *scope* (all online CPUs, or the online CPUs of one
 * node) for one *key* (load, or managed_alloc).  It is an array of hlist
 * heads, one per key value (level 0 .. window size), plus the lowest
 * non-empty level.  Each online row is linked into the list of its key
 * value in four indexes: {all, its node} x {load, managed_alloc}.
 *
 * Every operation changes a key by exactly one, so a row moves to the
 * neighbouring list in O(1) and the lowest level only moves by one on an
 * increment.  Only removal (CPU offline) may have to search upwards for
 * the new lowest level, bounded by the window size.
 *
 * A mask is served by an index when its online part equals the scope:
 * all online CPUs are in the mask, or the mask's online CPUs are exactly
 * the online CPUs of cpumask_of_node() of its first online CPU.  That
 * check is a word compare over nr_cpu_ids bits.  Any other mask, or an
 * index answer that is not in the mask, falls back to the scan.
 *
 * Memory: per index (window + 1) * sizeof(struct hlist_head); there are
 * 2 * (1 + nodes) indexes (no node indexes on single node systems), e.g.
 * 16 KiB each for a 2048 bit window, 1.6 KiB for x86 vectors.  Each row
 * carries four links.  On systems with fewer than MATRIX_INDEX_MIN_CPUS
 * possible CPUs the index is not built: scanning a handful of rows is
 * cheaper than keeping it up to date.
 *
 * Serialisation is up to the caller (x86: vector_lock); the matrix has no
 * lock of its own.  irq_matrix_debug_show() is a lockless snapshot.
 */

#include <linux/spinlock.h>
#include <linux/seq_file.h>
#include <linux/bitmap.h>
#include <linux/percpu.h>
#include <linux/cpu.h>
#include <linux/irq.h>
#include <linux/slab.h>
#include <linux/topology.h>

#define MATRIX_INDEX_MIN_CPUS	16

enum matrix_key {
	MATRIX_KEY_LOAD,
	MATRIX_KEY_MANAGED,
	MATRIX_NR_KEYS,
};

enum matrix_scope {
	MATRIX_SCOPE_ALL,
	MATRIX_SCOPE_NODE,
	MATRIX_NR_SCOPES,
};

struct matrix_index {
	unsigned int		lowest;
	struct hlist_head	level[];
};

struct matrix_link {
	struct hlist_node	node;
	struct matrix_row	*row;
};

struct matrix_row {
	unsigned int		cpu;
	unsigned int		regular;
	unsigned int		managed;
	unsigned int		managed_alloc;
	bool			online;
	struct matrix_index	*index[MATRIX_NR_KEYS][MATRIX_NR_SCOPES];
	struct matrix_link	link[MATRIX_NR_KEYS][MATRIX_NR_SCOPES];
	unsigned long		*managed_map;
	unsigned long		alloc_map[];
};

struct irq_matrix {
	struct matrix_row __percpu *rows;
	cpumask_var_t		online;
	unsigned int		online_maps;
	unsigned int		global_available;
	unsigned int		global_reserved;
	unsigned int		total_allocated;
	unsigned int		cap;
	unsigned int		alloc_start;
	unsigned int		alloc_end;
	unsigned int		matrix_bits;
	unsigned int		nr_levels;
	unsigned int		nr_node_index;
	struct matrix_index	*all_index[MATRIX_NR_KEYS];
	struct matrix_index	**node_index;
	unsigned long		system_map[];
};

static inline unsigned int row_load(const struct matrix_row *row)
{
	return row->managed + row->regular;
}

static inline unsigned int row_available(const struct irq_matrix *m,
					 const struct matrix_row *row)
{
	return m->cap - row_load(row);
}

static inline unsigned int row_allocated(const struct matrix_row *row)
{
	return row->regular + row->managed_alloc;
}

static inline unsigned int row_key(const struct matrix_row *row,
				   enum matrix_key key)
{
	return key == MATRIX_KEY_LOAD ? row_load(row) : row->managed_alloc;
}

static inline bool bit_in_window(const struct irq_matrix *m, unsigned int bit)
{
	return bit >= m->alloc_start && bit < m->alloc_end;
}

#define CREATE_TRACE_POINTS
#include <trace/events/irq_matrix.h>

/* Index maintenance; see DOC: IRQ matrix CPU selection index. */

static void index_insert(struct matrix_index *idx, struct hlist_node *node,
			 unsigned int level)
{
	hlist_add_head(node, &idx->level[level]);
	if (level < idx->lowest)
		idx->lowest = level;
}

static void index_remove(struct matrix_index *idx, struct hlist_node *node,
			 unsigned int level, unsigned int nr_levels)
{
	hlist_del_init(node);
	if (level != idx->lowest)
		return;
	while (idx->lowest < nr_levels && hlist_empty(&idx->level[idx->lowest]))
		idx->lowest++;
}

static void index_raise(struct matrix_index *idx, struct hlist_node *node,
			unsigned int level)
{
	__hlist_del(node);
	hlist_add_head(node, &idx->level[level + 1]);
	if (level == idx->lowest && hlist_empty(&idx->level[level]))
		idx->lowest = level + 1;
}

static void index_lower(struct matrix_index *idx, struct hlist_node *node,
			unsigned int level)
{
	__hlist_del(node);
	hlist_add_head(node, &idx->level[level - 1]);
	if (level - 1 < idx->lowest)
		idx->lowest = level - 1;
}

/*
 * Move an indexed row to its @key level after the key changed by one, up
 * (@up) or down.
 */
static noinline void row_index_move(struct matrix_row *row, enum matrix_key key,
				    bool up)
{
	struct matrix_index *node_idx = row->index[key][MATRIX_SCOPE_NODE];
	struct matrix_index *all_idx = row->index[key][MATRIX_SCOPE_ALL];
	unsigned int level = up ? row_key(row, key) - 1 : row_key(row, key) + 1;

	if (up)
		index_raise(all_idx, &row->link[key][MATRIX_SCOPE_ALL].node, level);
	else
		index_lower(all_idx, &row->link[key][MATRIX_SCOPE_ALL].node, level);
	if (!node_idx)
		return;
	if (up)
		index_raise(node_idx, &row->link[key][MATRIX_SCOPE_NODE].node, level);
	else
		index_lower(node_idx, &row->link[key][MATRIX_SCOPE_NODE].node, level);
}

/* Online rows of small systems have no index; see MATRIX_INDEX_MIN_CPUS. */
static inline void row_index_step(struct matrix_row *row, enum matrix_key key,
				  bool up)
{
	if (row->index[key][MATRIX_SCOPE_ALL])
		row_index_move(row, key, up);
}

static struct matrix_index *matrix_node_index(struct irq_matrix *m,
					      unsigned int nid,
					      enum matrix_key key)
{
	if (nid >= m->nr_node_index)
		return NULL;
	return m->node_index[nid * MATRIX_NR_KEYS + key];
}

static void row_index_link(struct irq_matrix *m, struct matrix_row *row)
{
	unsigned int nid = cpu_to_node(row->cpu);
	enum matrix_key key;
	enum matrix_scope s;

	for (key = 0; key < MATRIX_NR_KEYS; key++) {
		row->index[key][MATRIX_SCOPE_ALL] = m->all_index[key];
		row->index[key][MATRIX_SCOPE_NODE] = matrix_node_index(m, nid, key);
		for (s = 0; s < MATRIX_NR_SCOPES; s++) {
			if (row->index[key][s])
				index_insert(row->index[key][s],
					     &row->link[key][s].node,
					     row_key(row, key));
		}
	}
}

static void row_index_unlink(struct irq_matrix *m, struct matrix_row *row)
{
	enum matrix_key key;
	enum matrix_scope s;

	for (key = 0; key < MATRIX_NR_KEYS; key++) {
		for (s = 0; s < MATRIX_NR_SCOPES; s++) {
			if (!row->index[key][s])
				continue;
			index_remove(row->index[key][s], &row->link[key][s].node,
				     row_key(row, key), m->nr_levels);
			row->index[key][s] = NULL;
		}
	}
}

static struct matrix_index *index_alloc(unsigned int nr_levels)
{
	struct matrix_index *idx;

	idx = kzalloc(struct_size(idx, level, nr_levels), GFP_KERNEL);
	if (idx)
		idx->lowest = nr_levels;
	return idx;
}

static bool matrix_index_init(struct irq_matrix *m)
{
	unsigned int i, nr = 0;
	enum matrix_key key;

	m->nr_levels = m->alloc_end - m->alloc_start + 1;
	for (key = 0; key < MATRIX_NR_KEYS; key++) {
		m->all_index[key] = index_alloc(m->nr_levels);
		if (!m->all_index[key])
			return false;
	}
	if (nr_node_ids > 1)
		nr = nr_node_ids;
	if (!nr)
		return true;
	m->node_index = kcalloc(nr * MATRIX_NR_KEYS, sizeof(*m->node_index),
				GFP_KERNEL);
	if (!m->node_index)
		return false;
	m->nr_node_index = nr;
	for (i = 0; i < nr * MATRIX_NR_KEYS; i++) {
		m->node_index[i] = index_alloc(m->nr_levels);
		if (!m->node_index[i])
			return false;
	}
	return true;
}

static void matrix_index_release(struct irq_matrix *m)
{
	unsigned int i;

	for (i = 0; i < m->nr_node_index * MATRIX_NR_KEYS; i++)
		kfree(m->node_index[i]);
	kfree(m->node_index);
	kfree(m->all_index[MATRIX_KEY_LOAD]);
	kfree(m->all_index[MATRIX_KEY_MANAGED]);
}

/* Per-row bit search */

/* First window bit that is neither allocated, managed nor system. */
static unsigned int row_find_free(const struct irq_matrix *m,
				  const struct matrix_row *row)
{
	unsigned int w = m->alloc_start / BITS_PER_LONG;
	unsigned int last = (m->alloc_end - 1) / BITS_PER_LONG;
	unsigned long spare, lead = BITMAP_FIRST_WORD_MASK(m->alloc_start);
	unsigned int bit;

	for (; w <= last; w++, lead = ~0UL) {
		spare = row->alloc_map[w] | row->managed_map[w] | m->system_map[w];
		spare = ~spare & lead;
		if (spare)
			break;
	}
	if (w > last)
		return m->alloc_end;
	bit = w * BITS_PER_LONG + __ffs(spare);
	return bit < m->alloc_end ? bit : m->alloc_end;
}

/* First managed reservation of @row which is not allocated. */
static unsigned int row_find_spare_managed(const struct irq_matrix *m,
					   const struct matrix_row *row)
{
	return find_next_andnot_bit(row->managed_map, row->alloc_map,
				    m->alloc_end, m->alloc_start);
}

/* CPU selection */

static bool mask_matches_scope(const struct irq_matrix *m,
			       const struct cpumask *msk,
			       const struct cpumask *scope)
{
	const unsigned long *mb = cpumask_bits(msk);
	const unsigned long *sb = cpumask_bits(scope);
	const unsigned long *ob = cpumask_bits(m->online);
	unsigned int w, words = BITS_TO_LONGS(nr_cpu_ids);

	for (w = 0; w < words; w++) {
		if ((mb[w] ^ sb[w]) & ob[w])
			return false;
	}
	return true;
}

/* The index serving @msk for @key, if any. */
static struct matrix_index *matrix_mask_index(struct irq_matrix *m,
					      const struct cpumask *msk,
					      enum matrix_key key)
{
	unsigned int cpu, nid;

	if (!m->all_index[key])
		return NULL;
	if (cpumask_subset(m->online, msk))
		return m->all_index[key];
	if (!m->nr_node_index)
		return NULL;
	cpu = cpumask_first_and(msk, m->online);
	if (cpu >= nr_cpu_ids)
		return NULL;
	nid = cpu_to_node(cpu);
	if (!mask_matches_scope(m, msk, cpumask_of_node(nid)))
		return NULL;
	return matrix_node_index(m, nid, key);
}

static struct matrix_row *index_lowest_row(struct matrix_index *idx)
{
	struct matrix_link *link;
	struct hlist_node *first;

	first = idx->level[idx->lowest].first;
	link = hlist_entry(first, struct matrix_link, node);
	return link->row;
}

/* Lowest row of the index serving @msk, or NULL to fall back to a scan. */
static struct matrix_row *matrix_index_pick(struct irq_matrix *m,
					    const struct cpumask *msk,
					    enum matrix_key key)
{
	struct matrix_index *idx = matrix_mask_index(m, msk, key);
	struct matrix_row *row;

	if (!idx || idx->lowest >= m->nr_levels)
		return NULL;
	row = index_lowest_row(idx);
	return cpumask_test_cpu(row->cpu, msk) ? row : NULL;
}

static inline bool row_has_spare_managed(const struct matrix_row *row)
{
	return row->managed > row->managed_alloc;
}

/*
 * Online row of @msk with the lowest @key; for the managed key only rows
 * with a spare reservation qualify.  Ties go to the lowest CPU number.
 */
static struct matrix_row *scan_lowest(struct irq_matrix *m,
				      const struct cpumask *msk,
				      enum matrix_key key)
{
	unsigned int cpu, val, lowest = UINT_MAX;
	struct matrix_row *row, *best = NULL;

	for_each_cpu(cpu, msk) {
		row = per_cpu_ptr(m->rows, cpu);
		if (!row->online)
			continue;
		if (key == MATRIX_KEY_MANAGED && !row_has_spare_managed(row))
			continue;
		val = row_key(row, key);
		if (val >= lowest)
			continue;
		best = row;
		lowest = val;
		if (!lowest)
			break;
	}
	return best;
}

static struct matrix_row *pick_regular_row(struct irq_matrix *m,
					   const struct cpumask *msk)
{
	struct matrix_row *row = matrix_index_pick(m, msk, MATRIX_KEY_LOAD);

	return row ? row : scan_lowest(m, msk, MATRIX_KEY_LOAD);
}

static struct matrix_row *pick_managed_row(struct irq_matrix *m,
					   const struct cpumask *msk)
{
	struct matrix_row *row = matrix_index_pick(m, msk, MATRIX_KEY_MANAGED);

	if (row && row_has_spare_managed(row))
		return row;
	return scan_lowest(m, msk, MATRIX_KEY_MANAGED);
}

/*
 * Accounting primitives: each keeps G2, G3 and I1 for one row change.  The
 * counters change first; the index follows from the old and new key.
 */

static void row_load_changed(struct irq_matrix *m, struct matrix_row *row,
			     bool up)
{
	if (!row->online)
		return;
	if (up)
		m->global_available--;
	else
		m->global_available++;
	row_index_step(row, MATRIX_KEY_LOAD, up);
}

static void row_managed_changed(struct matrix_row *row, bool up)
{
	if (row->online)
		row_index_step(row, MATRIX_KEY_MANAGED, up);
}

static void row_regular_get(struct irq_matrix *m, struct matrix_row *row,
			    unsigned int bit)
{
	__set_bit(bit, row->alloc_map);
	row->regular++;
	m->total_allocated++;
	row_load_changed(m, row, true);
}

static void row_regular_put(struct irq_matrix *m, struct matrix_row *row)
{
	row->regular--;
	m->total_allocated--;
	row_load_changed(m, row, false);
}

static void row_managed_get(struct irq_matrix *m, struct matrix_row *row,
			    unsigned int bit)
{
	__set_bit(bit, row->alloc_map);
	row->managed_alloc++;
	m->total_allocated++;
	row_managed_changed(row, true);
}

static void row_managed_put(struct irq_matrix *m, struct matrix_row *row)
{
	row->managed_alloc--;
	m->total_allocated--;
	row_managed_changed(row, false);
}

static unsigned int row_reserve_managed(struct irq_matrix *m,
					struct matrix_row *row)
{
	unsigned int bit = row_find_free(m, row);

	__set_bit(bit, row->managed_map);
	row->managed++;
	row_load_changed(m, row, true);
	return bit;
}

static unsigned int row_unreserve_managed(struct irq_matrix *m,
					  struct matrix_row *row)
{
	unsigned int bit = row_find_spare_managed(m, row);

	if (bit >= m->alloc_end)
		return bit;
	__clear_bit(bit, row->managed_map);
	row->managed--;
	row_load_changed(m, row, false);
	return bit;
}

/**
 * irq_alloc_matrix - Allocate and initialise an interrupt bit matrix
 * @matrix_bits:	Number of bits per CPU row
 * @alloc_start:	First bit of the allocatable window
 * @alloc_end:		First bit after the allocatable window
 *
 * Return: the new matrix, or NULL on invalid arguments or allocation failure.
 */
__init struct irq_matrix *irq_alloc_matrix(unsigned int matrix_bits,
					   unsigned int alloc_start,
					   unsigned int alloc_end)
{
	unsigned int cpu, words = BITS_TO_LONGS(matrix_bits);
	struct irq_matrix *m;

	if (WARN_ON_ONCE(alloc_start >= alloc_end || alloc_end > matrix_bits))
		return NULL;

	m = kzalloc(struct_size(m, system_map, words), GFP_KERNEL);
	if (!m)
		return NULL;
	m->matrix_bits = matrix_bits;
	m->alloc_start = alloc_start;
	m->alloc_end = alloc_end;
	m->cap = alloc_end - alloc_start;

	if (!zalloc_cpumask_var(&m->online, GFP_KERNEL))
		goto fail;
	m->rows = __alloc_percpu(struct_size(m->rows, alloc_map, 2 * words),
				 __alignof__(*m->rows));
	if (!m->rows)
		goto fail;
	if (nr_cpu_ids >= MATRIX_INDEX_MIN_CPUS && !matrix_index_init(m))
		goto fail;

	for_each_possible_cpu(cpu) {
		struct matrix_row *row = per_cpu_ptr(m->rows, cpu);
		enum matrix_key key;
		enum matrix_scope s;

		row->cpu = cpu;
		row->managed_map = row->alloc_map + words;
		for (key = 0; key < MATRIX_NR_KEYS; key++) {
			for (s = 0; s < MATRIX_NR_SCOPES; s++) {
				INIT_HLIST_NODE(&row->link[key][s].node);
				row->link[key][s].row = row;
			}
		}
	}
	return m;

fail:
	matrix_index_release(m);
	free_percpu(m->rows);
	free_cpumask_var(m->online);
	kfree(m);
	return NULL;
}

/**
 * irq_matrix_online - Bring the row of the local CPU online
 * @m:		The matrix
 *
 * The row keeps whatever it held while offline.
 */
void irq_matrix_online(struct irq_matrix *m)
{
	struct matrix_row *row = this_cpu_ptr(m->rows);

	if (WARN_ON_ONCE(row->online))
		return;
	row->online = true;
	cpumask_set_cpu(row->cpu, m->online);
	m->online_maps++;
	m->global_available += row_available(m, row);
	if (m->all_index[MATRIX_KEY_LOAD])
		row_index_link(m, row);
	trace_irq_matrix_online(m);
}

/**
 * irq_matrix_offline - Take the row of the local CPU offline
 * @m:		The matrix
 *
 * Allocated bits and managed reservations stay in the row.
 */
void irq_matrix_offline(struct irq_matrix *m)
{
	struct matrix_row *row = this_cpu_ptr(m->rows);

	if (WARN_ON_ONCE(!row->online))
		return;
	row_index_unlink(m, row);
	m->global_available -= row_available(m, row);
	m->online_maps--;
	cpumask_clear_cpu(row->cpu, m->online);
	row->online = false;
	trace_irq_matrix_offline(m);
}

static bool row_holds_regular(const struct matrix_row *row, unsigned int bit)
{
	return test_bit(bit, row->alloc_map) && !test_bit(bit, row->managed_map);
}

/* Does any row but @skip's allocation use @bit? */
static bool system_bit_in_use(struct irq_matrix *m, unsigned int bit,
			      const struct matrix_row *skip)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct matrix_row *row = per_cpu_ptr(m->rows, cpu);

		if (test_bit(bit, row->managed_map))
			return true;
		if (row != skip && test_bit(bit, row->alloc_map))
			return true;
	}
	return false;
}

/**
 * irq_matrix_assign_system - Reserve a bit on all CPUs for a system vector
 * @m:		The matrix
 * @bit:	The bit
 * @replace:	The bit is a regular allocation of the local CPU which
 *		becomes a system bit
 *
 * Only valid during early boot: no row online, or only the local one and
 * @replace set.  Misuse, or a bit in use elsewhere, warns and leaves the
 * matrix unchanged.
 */
void irq_matrix_assign_system(struct irq_matrix *m, unsigned int bit,
			      bool replace)
{
	struct matrix_row *row = this_cpu_ptr(m->rows);
	bool replaced;

	if (WARN_ON_ONCE(bit >= m->matrix_bits))
		return;
	if (WARN_ON_ONCE(m->online_maps > 1 || (m->online_maps && !replace)))
		return;
	if (test_bit(bit, m->system_map))
		return;

	replaced = replace && row_holds_regular(row, bit);
	WARN_ON_ONCE(replace && !replaced);
	if (WARN_ON_ONCE(system_bit_in_use(m, bit, replaced ? row : NULL)))
		return;
	if (replaced) {
		__clear_bit(bit, row->alloc_map);
		row_regular_put(m, row);
	}

	__set_bit(bit, m->system_map);
	if (bit_in_window(m, bit)) {
		m->cap--;
		m->global_available -= m->online_maps;
	}
	trace_irq_matrix_assign_system(bit, m);
}

/**
 * irq_matrix_reserve_managed - Reserve one managed bit on each CPU of a mask
 * @m:		The matrix
 * @msk:	CPUs to reserve on, online or not
 *
 * The bits need not be at the same position on all CPUs.  Reserved bits
 * are not available to regular allocations until removed again.  A free
 * bit for a reservation exists exactly when the row's available count is
 * non-zero, so all rows are checked first and nothing needs undoing.
 *
 * Return: 0 on success, -ENOSPC if a CPU has no free bit; nothing is
 * reserved then.
 */
int irq_matrix_reserve_managed(struct irq_matrix *m, const struct cpumask *msk)
{
	struct matrix_row *row;
	unsigned int cpu, bit;

	for_each_cpu(cpu, msk) {
		row = per_cpu_ptr(m->rows, cpu);
		if (!row_available(m, row))
			return -ENOSPC;
	}
	for_each_cpu(cpu, msk) {
		row = per_cpu_ptr(m->rows, cpu);
		bit = row_reserve_managed(m, row);
		trace_irq_matrix_reserve_managed(bit, cpu, m, row);
	}
	return 0;
}

/**
 * irq_matrix_remove_managed - Drop one managed reservation on each CPU of a mask
 * @m:		The matrix
 * @msk:	CPUs to remove a reservation from, online or not
 *
 * Any unallocated reservation of a CPU is dropped.  A CPU without one
 * warns and is skipped.
 */
void irq_matrix_remove_managed(struct irq_matrix *m, const struct cpumask *msk)
{
	unsigned int cpu, bit;

	for_each_cpu(cpu, msk) {
		struct matrix_row *row = per_cpu_ptr(m->rows, cpu);

		bit = row_unreserve_managed(m, row);
		if (WARN_ON_ONCE(bit >= m->alloc_end))
			continue;
		trace_irq_matrix_remove_managed(bit, cpu, m, row);
	}
}

/**
 * irq_matrix_alloc_managed - Allocate a bit from a managed reservation
 * @m:		The matrix
 * @msk:	CPUs to choose from
 * @mapped_cpu:	Returns the chosen CPU
 *
 * Picks the online CPU of @msk with the fewest managed allocations among
 * those with an unallocated reservation.
 *
 * Return: the bit, -EINVAL for an empty @msk, -ENOSPC if no online CPU
 * in @msk has a spare reservation.
 */
int irq_matrix_alloc_managed(struct irq_matrix *m, const struct cpumask *msk,
			     unsigned int *mapped_cpu)
{
	struct matrix_row *row;
	unsigned int bit;

	if (cpumask_empty(msk))
		return -EINVAL;
	row = pick_managed_row(m, msk);
	if (!row)
		return -ENOSPC;
	bit = row_find_spare_managed(m, row);
	if (WARN_ON_ONCE(bit >= m->alloc_end))
		return -ENOSPC;
	row_managed_get(m, row, bit);
	*mapped_cpu = row->cpu;
	trace_irq_matrix_alloc_managed(bit, row->cpu, m, row);
	return bit;
}

/**
 * irq_matrix_assign - Mark a preallocated bit as allocated on the local CPU
 * @m:		The matrix
 * @bit:	The bit
 *
 * For interrupts set up before the allocator, e.g. x86 legacy vectors.
 */
void irq_matrix_assign(struct irq_matrix *m, unsigned int bit)
{
	struct matrix_row *row = this_cpu_ptr(m->rows);

	if (WARN_ON_ONCE(!bit_in_window(m, bit) || test_bit(bit, m->system_map)))
		return;
	if (WARN_ON_ONCE(test_bit(bit, row->alloc_map) ||
			 test_bit(bit, row->managed_map)))
		return;
	row_regular_get(m, row, bit);
	trace_irq_matrix_assign(bit, row->cpu, m, row);
}

/**
 * irq_matrix_reserve - Promise a regular interrupt a bit later on
 * @m:		The matrix
 *
 * Pure bookkeeping: no bit is taken until irq_matrix_alloc() with
 * @reserved set.  Promises may exceed what is available (overcommit).
 *
 * Return: true if this promise made the reservations exceed the available
 * bits, false otherwise.  The caller reports it, outside of its locks.
 */
bool irq_matrix_reserve(struct irq_matrix *m)
{
	bool crossing = m->global_reserved == m->global_available;

	m->global_reserved++;
	trace_irq_matrix_reserve(m);
	return crossing;
}

/**
 * irq_matrix_remove_reserved - Withdraw a promise made by irq_matrix_reserve()
 * @m:		The matrix
 */
void irq_matrix_remove_reserved(struct irq_matrix *m)
{
	if (WARN_ON_ONCE(!m->global_reserved))
		return;
	m->global_reserved--;
	trace_irq_matrix_remove_reserved(m);
}

/**
 * irq_matrix_alloc - Allocate a regular bit
 * @m:		The matrix
 * @msk:	CPUs to choose from
 * @reserved:	The interrupt holds a promise from irq_matrix_reserve(),
 *		which this allocation redeems
 * @mapped_cpu:	Returns the chosen CPU
 *
 * Picks a least loaded online CPU of @msk and its lowest free bit.
 *
 * Return: the bit, -EINVAL for an empty @msk, -ENOSPC if no online CPU
 * of @msk has a free bit.
 */
int irq_matrix_alloc(struct irq_matrix *m, const struct cpumask *msk,
		     bool reserved, unsigned int *mapped_cpu)
{
	struct matrix_row *row;
	unsigned int bit;

	if (cpumask_empty(msk))
		return -EINVAL;
	row = pick_regular_row(m, msk);
	if (!row || !row_available(m, row))
		return -ENOSPC;
	bit = row_find_free(m, row);
	if (WARN_ON_ONCE(bit >= m->alloc_end))
		return -ENOSPC;
	row_regular_get(m, row, bit);
	if (reserved && !WARN_ON_ONCE(!m->global_reserved))
		m->global_reserved--;
	*mapped_cpu = row->cpu;
	trace_irq_matrix_alloc(bit, row->cpu, m, row);
	return bit;
}

/* Free @bit of a row with managed reservations: the managed map decides. */
static noinline void row_free_checked(struct irq_matrix *m,
				      struct matrix_row *row, unsigned int bit,
				      bool managed)
{
	bool was_managed = test_bit(bit, row->managed_map);

	WARN_ON_ONCE(was_managed != managed);
	if (was_managed)
		row_managed_put(m, row);
	else
		row_regular_put(m, row);
	trace_irq_matrix_free(bit, row->cpu, m, row);
}

/**
 * irq_matrix_free - Free an allocated bit
 * @m:		The matrix
 * @cpu:	The CPU the bit was allocated on, online or not
 * @bit:	The bit
 * @managed:	The bit came from irq_matrix_alloc_managed(); its
 *		reservation stays
 *
 * Freeing a bit which is not allocated warns and changes nothing.  A
 * wrong @managed warns; the row's managed map decides the accounting.
 */
void irq_matrix_free(struct irq_matrix *m, unsigned int cpu,
		     unsigned int bit, bool managed)
{
	struct matrix_row *row = per_cpu_ptr(m->rows, cpu);

	if (WARN_ON_ONCE(!bit_in_window(m, bit)))
		return;
	if (WARN_ON_ONCE(!__test_and_clear_bit(bit, row->alloc_map)))
		return;
	/* Without managed reservations the bit can only be a regular one */
	if (row->managed | managed) {
		row_free_checked(m, row, bit, managed);
		return;
	}
	row_regular_put(m, row);
	trace_irq_matrix_free(bit, cpu, m, row);
}

/**
 * irq_matrix_available - Number of bits available for regular allocations
 * @m:		The matrix
 * @cpudown:	Leave out the local CPU, which is about to go offline
 *
 * Return: the sum over online CPUs (but the local one if @cpudown) of
 * their free bits which are neither managed nor system bits.
 */
unsigned int irq_matrix_available(struct irq_matrix *m, bool cpudown)
{
	struct matrix_row *row = this_cpu_ptr(m->rows);

	if (!cpudown || !row->online)
		return m->global_available;
	return m->global_available - row_available(m, row);
}

/**
 * irq_matrix_reserved - Number of outstanding irq_matrix_reserve() promises
 * @m:		The matrix
 *
 * Return: the global reservation count.
 */
unsigned int irq_matrix_reserved(struct irq_matrix *m)
{
	return m->global_reserved;
}

/**
 * irq_matrix_allocated - Number of regular bits allocated on the local CPU
 * @m:		The matrix
 *
 * Managed allocations are left out: they never move to another CPU.
 *
 * Return: the local CPU's regular allocation count.
 */
unsigned int irq_matrix_allocated(struct irq_matrix *m)
{
	struct matrix_row *row = this_cpu_ptr(m->rows);

	return row->regular;
}

#ifdef CONFIG_GENERIC_IRQ_DEBUGFS
/* Longest run of window bits a regular allocation could use. */
static unsigned int row_largest_free_run(const struct irq_matrix *m,
					 const struct matrix_row *row)
{
	unsigned int bit, run = 0, best = 0;

	for (bit = m->alloc_start; bit < m->alloc_end; bit++) {
		if (test_bit(bit, row->alloc_map) ||
		    test_bit(bit, row->managed_map) ||
		    test_bit(bit, m->system_map))
			run = 0;
		else
			best = max(best, ++run);
	}
	return best;
}

/* One line per online CPU, columns as they always were */
static void matrix_show_legacy_row(struct seq_file *sf, struct irq_matrix *m,
				   unsigned int cpu, int ind)
{
	struct matrix_row *row = per_cpu_ptr(m->rows, cpu);
	unsigned int cols[] = {
		row_available(m, row), row->managed, row->managed_alloc,
	};

	seq_printf(sf, "%*s %4d  %4u  %4u  %4u %4u  %*pbl\n", ind, " ", cpu,
		   cols[0], cols[1], cols[2], row_allocated(row),
		   m->matrix_bits, row->alloc_map);
}

static void matrix_show_legacy(struct seq_file *sf, struct irq_matrix *m,
			       int ind)
{
	const struct {
		const char	*label;
		unsigned int	val;
	} totals[] = {
		{ "Online bitmaps:",	m->online_maps },
		{ "Global available:",	m->global_available },
		{ "Global reserved:",	m->global_reserved },
		{ "Total allocated:",	m->total_allocated },
	};
	unsigned int i;
	int cpu;

	for (i = 0; i < ARRAY_SIZE(totals); i++)
		seq_printf(sf, "%-18s%6u\n", totals[i].label, totals[i].val);
	seq_printf(sf, "System: %u: %*pbl\n",
		   bitmap_weight(m->system_map, m->matrix_bits),
		   m->matrix_bits, m->system_map);
	seq_printf(sf, "%*s| CPU | avl | man | mac | act | vectors\n", ind, " ");
	for_each_online_cpu(cpu)
		matrix_show_legacy_row(sf, m, cpu, ind);
}

static void matrix_show_pressure(struct seq_file *sf, struct irq_matrix *m,
				 int ind)
{
	unsigned int mres = 0, mact = 0, offl = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct matrix_row *row = per_cpu_ptr(m->rows, cpu);

		mres += row->managed;
		mact += row->managed_alloc;
		if (!row->online)
			offl += row_allocated(row);
	}
	seq_printf(sf, "Managed reserved: %6u\n", mres);
	seq_printf(sf, "Managed spare:    %6u\n", mres - mact);
	seq_printf(sf, "Overcommit:       %6u\n",
		   m->global_reserved > m->global_available ?
		   m->global_reserved - m->global_available : 0);
	seq_printf(sf, "Offline held:     %6u\n", offl);
	seq_printf(sf, "%*s| CPU | onl | avl | reg | man | msp | run\n", ind, " ");
	for_each_possible_cpu(cpu) {
		struct matrix_row *row = per_cpu_ptr(m->rows, cpu);

		if (!row->online && !row_load(row) && !row->managed_alloc)
			continue;
		seq_printf(sf, "%*s %4d  %4d  %4u  %4u  %4u  %4u  %4u\n", ind,
			   " ", cpu, row->online, row_available(m, row),
			   row->regular, row->managed,
			   row->managed - row->managed_alloc,
			   row_largest_free_run(m, row));
	}
}

/**
 * irq_matrix_debug_show - Print the matrix state for debugfs
 * @sf:		seq_file to print to
 * @m:		The matrix
 * @ind:	Indentation of the tables
 *
 * The first lines and the first table keep the historic format.  A
 * pressure summary follows: managed reservations, overcommit of global
 * reservations, bits held by offline CPUs, and per CPU (online or holding
 * bits) regular and managed counts and the largest free run of bits.
 * A lockless snapshot.
 */
void irq_matrix_debug_show(struct seq_file *sf, struct irq_matrix *m, int ind)
{
	cpus_read_lock();
	matrix_show_legacy(sf, m, ind);
	matrix_show_pressure(sf, m, ind);
	cpus_read_unlock();
}
#endif

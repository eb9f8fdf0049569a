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
 * excluded_map holds the system bits and every bit outside the window, so
 * the free bits of a row are those in none of alloc_map, managed_map and
 * excluded_map: searching for one needs no window bounds.
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
 *  - G4: The system bit count in the window matches system_map;
 *    excluded_map is system_map plus every bit outside the window.
 *  - G5: offline_full is the number of offline rows with available 0.
 *  - L1: For each key, nr_rows[level] is the number of online rows whose
 *    key equals level; offline rows are counted nowhere.
 *  - L2: The floor of a key is its lowest level with a row, nr_levels
 *    when no row is online; the rotor is below nr_cpu_ids.
 *
 * global_reserved counts interrupts that were promised a bit without
 * getting one (irq_matrix_reserve()).  It may exceed global_available:
 * that is overcommit.  irq_matrix_reserve() warns when a promise crosses
 * that line.
 *
 * Every count follows from the bitmaps by G2/G3, whatever the order of
 * hotplug and frees.
 */

/**
 * DOC: IRQ matrix CPU selection
 *
 * Regular allocation picks an online CPU of the mask with the lowest
 * load, managed allocation one with the fewest managed allocations among
 * those with a spare reservation.  Both scan the mask and stop early
 * where they can.
 *
 * For each *key* (load, managed_alloc) the matrix counts the online rows
 * at every level 0 .. window size, and keeps the *floor*: the lowest
 * level that has a row.  No online row is below the floor, whatever the
 * mask, so a scan stops at the first qualifying row it meets at the
 * floor.  Every change of a row moves its key by one level: two counters
 * change, and the floor follows from those two levels in O(1).  Only a
 * row going offline may have to search upwards for the new floor, bounded
 * by the window size.
 *
 * A scan starts at the key's *rotor*, the CPU after the one picked last,
 * and wraps around.  While allocations spread over a mask, the next CPU
 * is usually one at the floor: a pick over all CPUs costs O(1).  A mask
 * whose rows are all above the floor, say one node which took more
 * interrupts than the others, is scanned in full: O(CPUs in the mask),
 * but only a few instructions per CPU, as the scan walks the mask a word
 * at a time, ANDed with the online mask, and reads one row per candidate.
 *
 * irq_matrix_reserve_managed() takes a bit on every CPU of its mask or on
 * none.  Only a full row refuses: the online ones are at level cap of the
 * load, the offline ones are counted (G5).  Without one, the common case,
 * a single pass over the mask reserves; else the rows are checked first.
 * Managed interrupts mostly have one CPU or one node: on a large machine
 * their mask is mostly empty words, which the pass skips four at a time.
 *
 * Memory: 2 * (window + 1) counters and excluded_map, 1.6 KiB for x86
 * vectors, 16 KiB for a 2048 bit window; nothing per row.
 *
 * Serialisation is up to the caller (x86: vector_lock); the matrix has no
 * lock of its own.  irq_matrix_debug_show() is a lockless snapshot.
 */

#include <linux/bitmap.h>
#include <linux/cpu.h>
#include <linux/irq.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

enum matrix_key {
	MATRIX_KEY_LOAD,
	MATRIX_KEY_MANAGED,
	MATRIX_NR_KEYS,
};

struct cpumap {
	unsigned int		cpu;
	bool			online;
	unsigned int		regular;
	unsigned int		managed;
	unsigned int		managed_alloc;
	unsigned long		*managed_map;
	unsigned long		alloc_map[];
};

struct matrix_levels {
	unsigned int		floor;
	unsigned int		rotor;
	unsigned int		*nr_rows;
};

struct irq_matrix {
	struct cpumap __percpu *rows;
	cpumask_var_t		online;
	unsigned int		online_maps;
	unsigned int		offline_full;
	unsigned int		global_available;
	unsigned int		global_reserved;
	unsigned int		total_allocated;
	unsigned int		cap;
	unsigned int		alloc_start;
	unsigned int		alloc_end;
	unsigned int		matrix_bits;
	unsigned int		nr_levels;
	struct matrix_levels	levels[MATRIX_NR_KEYS];
	unsigned long		*excluded_map;
	unsigned long		system_map[];
};

static inline unsigned int row_load(const struct cpumap *row)
{
	return row->managed + row->regular;
}

static inline unsigned int row_available(const struct irq_matrix *m,
					 const struct cpumap *row)
{
	return m->cap - row_load(row);
}

static inline unsigned int row_allocated(const struct cpumap *row)
{
	return row->regular + row->managed_alloc;
}

static inline unsigned int row_key(const struct cpumap *row,
				   enum matrix_key key)
{
	return key == MATRIX_KEY_LOAD ? row_load(row) : row->managed_alloc;
}

static inline bool row_has_spare_managed(const struct cpumap *row)
{
	return row->managed > row->managed_alloc;
}

static inline bool bit_in_window(const struct irq_matrix *m, unsigned int bit)
{
	return bit >= m->alloc_start && bit < m->alloc_end;
}

/* For TP_fast_assign() of the irq_matrix_cpu events: the row's figures */
static inline unsigned int irq_matrix_row_available(const struct irq_matrix *m,
						    const struct cpumap *row)
{
	return row_available(m, row);
}

static inline unsigned int irq_matrix_row_allocated(const struct cpumap *row)
{
	return row_allocated(row);
}

#define CREATE_TRACE_POINTS
#include <trace/events/irq_matrix.h>

/* Levels and floors; see DOC: IRQ matrix CPU selection. */

static void levels_add(struct matrix_levels *lv, unsigned int level)
{
	lv->nr_rows[level]++;
	if (level < lv->floor)
		lv->floor = level;
}

static void levels_del(struct irq_matrix *m, struct matrix_levels *lv,
		       unsigned int level)
{
	lv->nr_rows[level]--;
	while (lv->floor < m->nr_levels && !lv->nr_rows[lv->floor])
		lv->floor++;
}

/* A row moved up from @level - 1 to @level; the floor's last row moves it. */
static inline void levels_raise(struct matrix_levels *lv, unsigned int level)
{
	lv->nr_rows[level - 1]--;
	lv->nr_rows[level]++;
	if (!lv->nr_rows[lv->floor])
		lv->floor = level;
}

/* A row moved down from @level + 1 to @level. */
static inline void levels_lower(struct matrix_levels *lv, unsigned int level)
{
	lv->nr_rows[level + 1]--;
	lv->nr_rows[level]++;
	if (level < lv->floor)
		lv->floor = level;
}

/* The @key of online @row went up or down by one to its current value. */
static inline void row_key_moved(struct irq_matrix *m, struct cpumap *row,
				 enum matrix_key key, bool up)
{
	if (up)
		levels_raise(&m->levels[key], row_key(row, key));
	else
		levels_lower(&m->levels[key], row_key(row, key));
}

static void row_levels_link(struct irq_matrix *m, struct cpumap *row)
{
	enum matrix_key key;

	for (key = 0; key < MATRIX_NR_KEYS; key++)
		levels_add(&m->levels[key], row_key(row, key));
}

static void row_levels_unlink(struct irq_matrix *m, struct cpumap *row)
{
	enum matrix_key key;

	for (key = 0; key < MATRIX_NR_KEYS; key++)
		levels_del(m, &m->levels[key], row_key(row, key));
}

static bool matrix_levels_init(struct irq_matrix *m)
{
	enum matrix_key key;

	m->nr_levels = m->alloc_end - m->alloc_start + 1;
	for (key = 0; key < MATRIX_NR_KEYS; key++) {
		m->levels[key].floor = m->nr_levels;
		m->levels[key].nr_rows = kcalloc(m->nr_levels, sizeof(unsigned int),
						 GFP_KERNEL);
		if (!m->levels[key].nr_rows)
			return false;
	}
	return true;
}

static void matrix_levels_release(struct irq_matrix *m)
{
	enum matrix_key key;

	for (key = 0; key < MATRIX_NR_KEYS; key++)
		kfree(m->levels[key].nr_rows);
}

/*
 * Set the first window bit of @row that is neither allocated, managed nor
 * system in @map, the row's alloc_map or managed_map.
 *
 * Return: the bit, alloc_end if there is none.
 */
static inline unsigned int row_take_free(const struct irq_matrix *m,
					 struct cpumap *row,
					 unsigned long *map)
{
	unsigned long w = m->alloc_start / BITS_PER_LONG;
	unsigned long free;

	do {
		free = ~(row->alloc_map[w] | row->managed_map[w] |
			 m->excluded_map[w]);
		if (free) {
			map[w] |= free & -free;
			return w * BITS_PER_LONG + __ffs(free);
		}
	} while (++w < BITS_TO_LONGS(m->alloc_end));
	return m->alloc_end;
}

/* First unallocated managed reservation; R1 keeps it inside the window. */
static inline unsigned int row_find_spare_managed(const struct irq_matrix *m,
						  const struct cpumap *row)
{
	unsigned int last = (m->alloc_end - 1) / BITS_PER_LONG;
	unsigned int w = m->alloc_start / BITS_PER_LONG;
	unsigned long bits;

	for (; w <= last; w++) {
		bits = row->managed_map[w] & ~row->alloc_map[w];
		if (bits)
			return w * BITS_PER_LONG + __ffs(bits);
	}
	return m->alloc_end;
}

/*
 * CPU selection; see DOC: IRQ matrix CPU selection.  The scans take a
 * mask a word at a time, bit n of @cpus standing for CPU @base + n:
 * for_each_cpu() would call out to the bit search for every CPU, which
 * costs more than looking at the row.  The scan helpers are always
 * inlined, so that each caller gets the loop for its key with the scan
 * state in registers.
 */

struct matrix_pick {
	enum matrix_key		key;
	unsigned int		floor;
	unsigned int		best_key;
	struct cpumap	*best;
};

/* Return: true when a row at the floor was taken, which ends the scan. */
static __always_inline bool pick_in_word(struct irq_matrix *m,
					 struct matrix_pick *p,
					 unsigned int base, unsigned long cpus)
{
	struct cpumap *row;
	unsigned int val;

	for (; cpus; cpus &= cpus - 1) {
		row = per_cpu_ptr(m->rows, base + __ffs(cpus));
		val = row_key(row, p->key);
		if (val >= p->best_key)
			continue;
		if (p->key == MATRIX_KEY_MANAGED && !row_has_spare_managed(row))
			continue;
		p->best = row;
		p->best_key = val;
		if (val == p->floor)
			return true;
	}
	return false;
}

static inline unsigned long online_word(const struct irq_matrix *m,
					const struct cpumask *msk,
					unsigned int w)
{
	return cpumask_bits(msk)[w] & cpumask_bits(m->online)[w];
}

/* Return: true when a row at the floor was taken in words [@from, @to). */
static __always_inline bool pick_in_words(struct irq_matrix *m,
					  struct matrix_pick *p,
					  const struct cpumask *msk,
					  unsigned int from, unsigned int to)
{
	for (; from < to; from++) {
		if (pick_in_word(m, p, from * BITS_PER_LONG,
				 online_word(m, msk, from)))
			return true;
	}
	return false;
}

/*
 * Online row of @msk with the lowest @key, NULL if none qualifies; for
 * the managed key only rows with a spare reservation do.  The scan starts
 * at the rotor and wraps around, so the rotor's word comes twice: its
 * CPUs from the rotor on first, those below the rotor last.
 */
static __always_inline struct cpumap *pick_row(struct irq_matrix *m,
					       const struct cpumask *msk,
					       enum matrix_key key)
{
	struct matrix_levels *lv = &m->levels[key];
	struct matrix_pick p = {
		.key		= key,
		.floor		= lv->floor,
		.best_key	= UINT_MAX,
	};
	unsigned long head, word;
	unsigned int w, base;

	w = lv->rotor / BITS_PER_LONG;
	base = w * BITS_PER_LONG;
	head = BITMAP_FIRST_WORD_MASK(lv->rotor);
	word = online_word(m, msk, w);
	if (!pick_in_word(m, &p, base, word & head) &&
	    !pick_in_words(m, &p, msk, w + 1, BITS_TO_LONGS(nr_cpu_ids)) &&
	    !pick_in_words(m, &p, msk, 0, w))
		pick_in_word(m, &p, base, word & ~head);
	if (p.best)
		lv->rotor = p.best->cpu + 1 < nr_cpu_ids ? p.best->cpu + 1 : 0;
	return p.best;
}

/* Return: the error code for a mask without a row to allocate from. */
static int pick_error(const struct cpumask *msk)
{
	return cpumask_empty(msk) ? -EINVAL : -ENOSPC;
}

/*
 * Accounting primitives: each keeps G2, G3, G5 and L1 for one row change,
 * which the caller made to the bitmaps.  The counters change first; the
 * levels follow from the old and new key.
 */

static inline void row_load_changed(struct irq_matrix *m,
				    struct cpumap *row, bool up)
{
	if (!row->online) {
		/* G5: full after going up, or before going down */
		if (up && !row_available(m, row))
			m->offline_full++;
		else if (!up && row_available(m, row) == 1)
			m->offline_full--;
		return;
	}
	if (up)
		m->global_available--;
	else
		m->global_available++;
	row_key_moved(m, row, MATRIX_KEY_LOAD, up);
}

static inline void row_managed_changed(struct irq_matrix *m,
				       struct cpumap *row, bool up)
{
	if (row->online)
		row_key_moved(m, row, MATRIX_KEY_MANAGED, up);
}

static void row_regular_get(struct irq_matrix *m, struct cpumap *row)
{
	row->regular++;
	m->total_allocated++;
	row_load_changed(m, row, true);
}

static void row_regular_put(struct irq_matrix *m, struct cpumap *row)
{
	row->regular--;
	m->total_allocated--;
	row_load_changed(m, row, false);
}

static void row_managed_get(struct irq_matrix *m, struct cpumap *row)
{
	row->managed_alloc++;
	m->total_allocated++;
	row_managed_changed(m, row, true);
}

static void row_managed_put(struct irq_matrix *m, struct cpumap *row)
{
	row->managed_alloc--;
	m->total_allocated--;
	row_managed_changed(m, row, false);
}

static unsigned int row_reserve_managed(struct irq_matrix *m,
					struct cpumap *row)
{
	unsigned int bit = row_take_free(m, row, row->managed_map);

	row->managed++;
	row_load_changed(m, row, true);
	return bit;
}

static unsigned int row_unreserve_managed(struct irq_matrix *m,
					  struct cpumap *row)
{
	unsigned int bit = row_find_spare_managed(m, row);

	if (bit >= m->alloc_end)
		return bit;
	__clear_bit(bit, row->managed_map);
	row->managed--;
	row_load_changed(m, row, false);
	return bit;
}

/* Possible CPUs of @msk in word @w: only those have rows. */
static unsigned long possible_word(const struct cpumask *msk, unsigned long w)
{
	return cpumask_bits(msk)[w] & cpumask_bits(cpu_possible_mask)[w];
}

/*
 * First word of @bits in [@w, @nr) with a bit set, @nr if none: four
 * words at a time, then two, then one.  See DOC: IRQ matrix CPU selection.
 */
static inline unsigned long next_mask_word(const unsigned long *bits,
					   unsigned long w, unsigned long nr)
{
	unsigned long quads = (nr - w) / 4;

	for (; quads; quads--, w += 4) {
		if (bits[w] | bits[w + 1] | bits[w + 2] | bits[w + 3]) {
			while (!bits[w])
				w++;
			return w;
		}
	}
	if (w + 2 <= nr && !(bits[w] | bits[w + 1]))
		w += 2;
	while (w < nr && !bits[w])
		w++;
	return w;
}

/*
 * Has every CPU of @msk room for a managed reservation?  Only a full row
 * has none: the online ones are at level cap of the load, the offline
 * ones are counted (G5).  Without a full row there is nothing to look at.
 */
static bool mask_has_room(struct irq_matrix *m, const struct cpumask *msk)
{
	unsigned int cpu;

	if (!(m->levels[MATRIX_KEY_LOAD].nr_rows[m->cap] | m->offline_full))
		return true;
	for_each_cpu_and(cpu, msk, cpu_possible_mask) {
		if (!row_available(m, per_cpu_ptr(m->rows, cpu)))
			return false;
	}
	return true;
}

static void rows_reserve_managed(struct irq_matrix *m, unsigned long base,
				 unsigned long cpus)
{
	struct cpumap *row;
	unsigned int cpu, bit;

	for (; cpus; cpus &= cpus - 1) {
		cpu = base + __ffs(cpus);
		row = per_cpu_ptr(m->rows, cpu);
		bit = row_reserve_managed(m, row);
		trace_irq_matrix_reserve_managed(bit, row->cpu, m, row);
	}
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

	m = kzalloc(struct_size(m, system_map, 2 * words), GFP_KERNEL);
	if (!m)
		return NULL;
	m->excluded_map = m->system_map + words;
	bitmap_set(m->excluded_map, 0, alloc_start);
	bitmap_set(m->excluded_map, alloc_end, words * BITS_PER_LONG - alloc_end);
	m->matrix_bits = matrix_bits;
	m->alloc_start = alloc_start;
	m->alloc_end = alloc_end;
	m->cap = alloc_end - alloc_start;

	if (!zalloc_cpumask_var(&m->online, GFP_KERNEL))
		goto fail;
	m->rows = __alloc_percpu(struct_size(m->rows, alloc_map, 2 * words),
				 __alignof__(*m->rows));
	if (!m->rows || !matrix_levels_init(m))
		goto fail;

	for_each_possible_cpu(cpu) {
		struct cpumap *row = per_cpu_ptr(m->rows, cpu);

		row->cpu = cpu;
		row->managed_map = row->alloc_map + words;
	}
	return m;

fail:
	matrix_levels_release(m);
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
	struct cpumap *row = this_cpu_ptr(m->rows);

	if (WARN_ON_ONCE(row->online))
		return;
	row->online = true;
	cpumask_set_cpu(row->cpu, m->online);
	m->online_maps++;
	m->global_available += row_available(m, row);
	if (!row_available(m, row))
		m->offline_full--;
	row_levels_link(m, row);
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
	struct cpumap *row = this_cpu_ptr(m->rows);

	if (WARN_ON_ONCE(!row->online))
		return;
	row_levels_unlink(m, row);
	m->global_available -= row_available(m, row);
	if (!row_available(m, row))
		m->offline_full++;
	m->online_maps--;
	cpumask_clear_cpu(row->cpu, m->online);
	row->online = false;
	trace_irq_matrix_offline(m);
}

static bool row_holds_regular(const struct cpumap *row, unsigned int bit)
{
	return test_bit(bit, row->alloc_map) && !test_bit(bit, row->managed_map);
}

/* Does any row but @skip's allocation use @bit? */
static bool system_bit_in_use(struct irq_matrix *m, unsigned int bit,
			      const struct cpumap *skip)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct cpumap *row = per_cpu_ptr(m->rows, cpu);

		if (test_bit(bit, row->managed_map))
			return true;
		if (row != skip && test_bit(bit, row->alloc_map))
			return true;
	}
	return false;
}

/* G5 after a change of cap, which can make offline rows full. */
static void count_offline_full(struct irq_matrix *m)
{
	unsigned int cpu;

	m->offline_full = 0;
	for_each_possible_cpu(cpu) {
		struct cpumap *row = per_cpu_ptr(m->rows, cpu);

		if (!row->online && !row_available(m, row))
			m->offline_full++;
	}
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
	struct cpumap *row = this_cpu_ptr(m->rows);
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
	__set_bit(bit, m->excluded_map);
	if (bit_in_window(m, bit)) {
		m->cap--;
		m->global_available -= m->online_maps;
		count_offline_full(m);
	}
	trace_irq_matrix_assign_system(bit, m);
}

/**
 * irq_matrix_reserve_managed - Reserve one managed bit on each CPU of a mask
 * @m:		The matrix
 * @msk:	CPUs to reserve on, online or not; CPUs which are not
 *		possible are ignored
 *
 * The bits need not be at the same position on all CPUs.  Reserved bits
 * are not available to regular allocations until removed again.  A free
 * bit for a reservation exists exactly when the row's available count is
 * non-zero: when some row is full, the rows of @msk are checked first, so
 * nothing needs undoing.
 *
 * Return: 0 on success, -ENOSPC if a CPU has no free bit; nothing is
 * reserved then.
 */
int irq_matrix_reserve_managed(struct irq_matrix *m, const struct cpumask *msk)
{
	unsigned long w, nr = BIT_WORD(nr_cpu_ids - 1) + 1;
	const unsigned long *bits = cpumask_bits(msk);

	if (!mask_has_room(m, msk))
		return -ENOSPC;
	for (w = 0; w < nr; w++) {
		if (!bits[w]) {
			w = next_mask_word(bits, w + 1, nr);
			if (w >= nr)
				break;
		}
		rows_reserve_managed(m, w * BITS_PER_LONG, possible_word(msk, w));
	}
	return 0;
}

/**
 * irq_matrix_remove_managed - Drop one managed reservation on each CPU of a mask
 * @m:		The matrix
 * @msk:	CPUs to remove a reservation from, online or not; CPUs
 *		which are not possible are ignored
 *
 * Any unallocated reservation of a CPU is dropped.  A CPU without one
 * warns and is skipped.
 */
void irq_matrix_remove_managed(struct irq_matrix *m, const struct cpumask *msk)
{
	unsigned int cpu, bit;

	for_each_cpu_and(cpu, msk, cpu_possible_mask) {
		struct cpumap *row = per_cpu_ptr(m->rows, cpu);

		bit = row_unreserve_managed(m, row);
		if (WARN_ON_ONCE(bit >= m->alloc_end))
			continue;
		trace_irq_matrix_remove_managed(bit, row->cpu, m, row);
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
	struct cpumap *row = pick_row(m, msk, MATRIX_KEY_MANAGED);
	unsigned int bit;

	if (!row)
		return pick_error(msk);
	bit = row_find_spare_managed(m, row);
	if (WARN_ON_ONCE(bit >= m->alloc_end))
		return -ENOSPC;
	__set_bit(bit, row->alloc_map);
	row_managed_get(m, row);
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
	struct cpumap *row = this_cpu_ptr(m->rows);

	if (WARN_ON_ONCE(!bit_in_window(m, bit) || test_bit(bit, m->system_map)))
		return;
	if (WARN_ON_ONCE(test_bit(bit, row->alloc_map) ||
			 test_bit(bit, row->managed_map)))
		return;
	__set_bit(bit, row->alloc_map);
	row_regular_get(m, row);
	trace_irq_matrix_assign(bit, row->cpu, m, row);
}

/**
 * irq_matrix_reserve - Promise a regular interrupt a bit later on
 * @m:		The matrix
 *
 * Pure bookkeeping: no bit is taken until irq_matrix_alloc() with
 * @reserved set.  Promises may exceed what is available (overcommit); the
 * promise which crosses that line is reported.
 */
void irq_matrix_reserve(struct irq_matrix *m)
{
	unsigned int promised = ++m->global_reserved;

	trace_irq_matrix_reserve(m);
	if (promised == m->global_available + 1)
		pr_warn("Interrupt reservation exceeds available resources\n");
}

/**
 * irq_matrix_remove_reserved - Withdraw a promise made by irq_matrix_reserve()
 * @m:		The matrix
 */
void irq_matrix_remove_reserved(struct irq_matrix *m)
{
	if (WARN_ON_ONCE(!m->global_reserved))
		return;
	--m->global_reserved;
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
	struct cpumap *row = pick_row(m, msk, MATRIX_KEY_LOAD);
	unsigned int bit;

	if (!row || !row_available(m, row))
		return pick_error(msk);
	bit = row_take_free(m, row, row->alloc_map);
	if (WARN_ON_ONCE(bit >= m->alloc_end))
		return -ENOSPC;
	row_regular_get(m, row);
	if (reserved && !WARN_ON_ONCE(!m->global_reserved))
		m->global_reserved--;
	*mapped_cpu = row->cpu;
	trace_irq_matrix_alloc(bit, row->cpu, m, row);
	return bit;
}

/* Free @bit of a row with managed reservations: the managed map decides. */
static noinline void row_free_checked(struct irq_matrix *m,
				      struct cpumap *row, unsigned int bit,
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
	struct cpumap *row = per_cpu_ptr(m->rows, cpu);

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
	trace_irq_matrix_free(bit, row->cpu, m, row);
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
	struct cpumap *row = this_cpu_ptr(m->rows);

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
 * Managed allocations are left out: when their CPU goes offline they move
 * into bits reserved for them on the other CPUs of their mask, or shut down.
 *
 * Return: the local CPU's regular allocation count.
 */
unsigned int irq_matrix_allocated(struct irq_matrix *m)
{
	struct cpumap *row = this_cpu_ptr(m->rows);

	return row->regular;
}

#ifdef CONFIG_GENERIC_IRQ_DEBUGFS
/* One line per online CPU, columns as they always were */
static void matrix_show_legacy_row(struct seq_file *sf, struct irq_matrix *m,
				   unsigned int cpu, int ind)
{
	struct cpumap *row = per_cpu_ptr(m->rows, cpu);

	seq_printf(sf, "%*s %4d  %4u  %4u  %4u %4u  %*pbl\n", ind, " ", cpu,
		   row_available(m, row), row->managed, row->managed_alloc,
		   row_allocated(row), m->matrix_bits, row->alloc_map);
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

static void matrix_show_pressure(struct seq_file *sf, struct irq_matrix *m)
{
	unsigned int mres = 0, mact = 0, offl = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct cpumap *row = per_cpu_ptr(m->rows, cpu);

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
}

/**
 * irq_matrix_debug_show - Print the matrix state for debugfs
 * @sf:		seq_file to print to
 * @m:		The matrix
 * @ind:	Indentation of the tables
 *
 * The first lines and the table keep the historic format.  A pressure
 * summary follows: managed reservations, overcommit of global
 * reservations and bits held by offline CPUs.
 * A lockless snapshot.
 */
void irq_matrix_debug_show(struct seq_file *sf, struct irq_matrix *m, int ind)
{
	cpus_read_lock();
	matrix_show_legacy(sf, m, ind);
	matrix_show_pressure(sf, m);
	cpus_read_unlock();
}
#endif

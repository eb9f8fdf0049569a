/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal userspace stand-ins for the kernel interfaces kernel/irq/matrix.c
 * uses.  Every linux/ header the matrix includes maps to this file.
 */
#ifndef IRQ_MATRIX_SHIM_H
#define IRQ_MATRIX_SHIM_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define __init
#define noinline		__attribute__((noinline))
#ifndef __always_inline
#define __always_inline		inline __attribute__((always_inline))
#endif
#define __percpu
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define likely(x)		__builtin_expect(!!(x), 1)
#define GFP_KERNEL		0
#define NR_CPUS			8192
#define BITS_PER_LONG		64
#define BITS_TO_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define BIT_WORD(n)		((n) / BITS_PER_LONG)
#define BIT_MASK(n)		(1UL << ((n) % BITS_PER_LONG))
#define BITMAP_FIRST_WORD_MASK(start) (~0UL << ((start) & (BITS_PER_LONG - 1)))
#define BITMAP_LAST_WORD_MASK(nbits) (~0UL >> (-(nbits) & (BITS_PER_LONG - 1)))

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define max(a, b)		({ typeof(a) _a = (a); typeof(b) _b = (b); _a > _b ? _a : _b; })
#define min(a, b)		({ typeof(a) _a = (a); typeof(b) _b = (b); _a < _b ? _a : _b; })
#define struct_size(p, member, n) (sizeof(*(p)) + (size_t)(n) * sizeof((p)->member[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* Diagnostics: counted so tests can assert on them */
extern unsigned long shim_warnings;
extern unsigned long shim_pr_warns;
extern bool shim_quiet;
void shim_warn(const char *file, int line, const char *cond);
void shim_bug(const char *file, int line, const char *cond);
__printf(1, 2) void shim_pr_warn(const char *fmt, ...);

/*
 * Like the kernel's trap based WARN, no function call: the site is recorded
 * with two stores, so the code around it compiles as it would in the kernel.
 */
extern const char *shim_warn_file;
extern int shim_warn_line;
#define WARN_ON(c) ({							\
	bool __c = !!(c);						\
	if (unlikely(__c)) {						\
		shim_warnings++;					\
		shim_warn_file = __FILE__;				\
		shim_warn_line = __LINE__;				\
	}								\
	__c;								\
})
#define WARN_ON_ONCE(c)	WARN_ON(c)
#define BUG_ON(c)	do { if (c) shim_bug(__FILE__, __LINE__, #c); } while (0)
extern bool shim_trace_on;
extern unsigned long shim_trace_count;
extern char shim_trace_last[512];
/* Renders one event as the kernel would print it */
__printf(2, 3) void shim_trace_emit(const char *event, const char *fmt, ...);

#define pr_warn(fmt, ...) shim_pr_warn(fmt, ##__VA_ARGS__)

/* Allocation */
static inline void *kzalloc(size_t sz, int gfp) { (void)gfp; return calloc(1, sz); }
static inline void *kcalloc(size_t n, size_t sz, int gfp) { (void)gfp; return calloc(n, sz); }
static inline void kfree(const void *p) { free((void *)p); }

/* Bit operations */
static inline unsigned long __ffs(unsigned long w) { return __builtin_ctzl(w); }
static inline bool test_bit(unsigned long nr, const unsigned long *a)
{
	return (a[BIT_WORD(nr)] >> (nr % BITS_PER_LONG)) & 1;
}

static inline void __set_bit(unsigned long nr, unsigned long *a)
{
	a[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void __clear_bit(unsigned long nr, unsigned long *a)
{
	a[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

static inline bool __test_and_set_bit(unsigned long nr, unsigned long *a)
{
	bool old = test_bit(nr, a);

	__set_bit(nr, a);
	return old;
}

static inline bool __test_and_clear_bit(unsigned long nr, unsigned long *a)
{
	bool old = test_bit(nr, a);

	__clear_bit(nr, a);
	return old;
}

#define set_bit __set_bit
#define clear_bit __clear_bit
#define test_and_set_bit __test_and_set_bit
#define test_and_clear_bit __test_and_clear_bit

/* Word-at-a-time search helpers, like lib/find_bit.c */
unsigned long find_next_bit(const unsigned long *a, unsigned long size, unsigned long off);
unsigned long find_next_zero_bit(const unsigned long *a, unsigned long size, unsigned long off);
unsigned long find_next_and_bit(const unsigned long *a, const unsigned long *b,
				unsigned long size, unsigned long off);
unsigned long find_next_andnot_bit(const unsigned long *a, const unsigned long *b,
				   unsigned long size, unsigned long off);
#define find_first_bit(a, size) find_next_bit(a, size, 0)
void bitmap_or(unsigned long *d, const unsigned long *a, const unsigned long *b, unsigned int n);
void bitmap_andnot(unsigned long *d, const unsigned long *a, const unsigned long *b,
		   unsigned int n);
void bitmap_set(unsigned long *map, unsigned int start, unsigned int len);
unsigned int bitmap_weight(const unsigned long *a, unsigned int n);
bool bitmap_subset(const unsigned long *a, const unsigned long *b, unsigned int n);
bool bitmap_empty(const unsigned long *a, unsigned int n);
unsigned long bitmap_find_next_zero_area(unsigned long *map, unsigned long size,
					 unsigned long start, unsigned int nr,
					 unsigned long align_mask);

/* hlist */
struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct hlist_head {
	struct hlist_node *first;
};

#define hlist_entry(ptr, type, member) container_of(ptr, type, member)
static inline void INIT_HLIST_NODE(struct hlist_node *h)
{
	h->next = NULL;
	h->pprev = NULL;
}

static inline bool hlist_empty(const struct hlist_head *h) { return !h->first; }
static inline bool hlist_unhashed(const struct hlist_node *h) { return !h->pprev; }
static inline void __hlist_del(struct hlist_node *n)
{
	struct hlist_node *next = n->next, **pprev = n->pprev;

	*pprev = next;
	if (next)
		next->pprev = pprev;
}

static inline void hlist_del_init(struct hlist_node *n)
{
	if (!hlist_unhashed(n)) {
		__hlist_del(n);
		INIT_HLIST_NODE(n);
	}
}

static inline void hlist_add_head(struct hlist_node *n, struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	if (first)
		first->pprev = &n->next;
	h->first = n;
	n->pprev = &h->first;
}

/* CPUs, masks and nodes */
struct cpumask {
	unsigned long bits[BITS_TO_LONGS(NR_CPUS)];
};

typedef struct cpumask *cpumask_var_t;
extern unsigned int nr_cpu_ids;
extern unsigned int nr_node_ids;
extern unsigned int shim_cpu;
extern struct cpumask shim_possible, shim_online, shim_node_mask[1024];
extern unsigned int shim_cpu_node[NR_CPUS];

#define cpu_possible_mask	(&shim_possible)
#define cpu_online_mask		(&shim_online)
#define cpumask_bits(m)		((m)->bits)
#define smp_processor_id()	(shim_cpu)
#define raw_smp_processor_id()	(shim_cpu)
#define cpu_online(cpu)		cpumask_test_cpu(cpu, cpu_online_mask)
static inline unsigned int cpu_to_node(unsigned int cpu) { return shim_cpu_node[cpu]; }
static inline const struct cpumask *cpumask_of_node(unsigned int nid)
{
	return &shim_node_mask[nid];
}

const struct cpumask *cpumask_of(unsigned int cpu);
static inline bool zalloc_cpumask_var(cpumask_var_t *m, int gfp)
{
	*m = kzalloc(sizeof(**m), gfp);
	return *m;
}

static inline void free_cpumask_var(cpumask_var_t m) { kfree(m); }

static inline bool cpumask_empty(const struct cpumask *m)
{
	return bitmap_empty(m->bits, nr_cpu_ids);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const struct cpumask *m)
{
	return test_bit(cpu, m->bits);
}

static inline void cpumask_set_cpu(unsigned int cpu, struct cpumask *m)
{
	__set_bit(cpu, m->bits);
}

static inline void cpumask_clear_cpu(unsigned int cpu, struct cpumask *m)
{
	__clear_bit(cpu, m->bits);
}

static inline bool cpumask_subset(const struct cpumask *a, const struct cpumask *b)
{
	return bitmap_subset(a->bits, b->bits, nr_cpu_ids);
}

static inline unsigned int cpumask_first_and(const struct cpumask *a, const struct cpumask *b)
{
	return find_next_and_bit(a->bits, b->bits, nr_cpu_ids, 0);
}

#define for_each_cpu(cpu, m)						\
	for ((cpu) = find_next_bit((m)->bits, nr_cpu_ids, 0);		\
	     (cpu) < nr_cpu_ids;					\
	     (cpu) = find_next_bit((m)->bits, nr_cpu_ids, (cpu) + 1))
#define for_each_cpu_and(cpu, a, b)					\
	for ((cpu) = find_next_and_bit((a)->bits, (b)->bits, nr_cpu_ids, 0); \
	     (cpu) < nr_cpu_ids;					\
	     (cpu) = find_next_and_bit((a)->bits, (b)->bits, nr_cpu_ids, (cpu) + 1))
#define for_each_possible_cpu(cpu) for_each_cpu(cpu, cpu_possible_mask)
#define for_each_online_cpu(cpu) for_each_cpu(cpu, cpu_online_mask)
static inline void cpus_read_lock(void) { }
static inline void cpus_read_unlock(void) { }

/* Per-CPU memory: a stride word sits in front of CPU 0's copy */
void *__alloc_percpu(size_t size, size_t align);
void free_percpu(void *p);
#define shim_percpu_stride(p) (((const size_t *)(const void *)(p))[-2])
#define per_cpu_ptr(p, cpu) ({					\
	typeof(p) __p = (p);						\
	(typeof(p))((char *)__p + (size_t)(cpu) * shim_percpu_stride(__p)); })
#define this_cpu_ptr(p) per_cpu_ptr(p, shim_cpu)

/* seq_file */
struct seq_file {
	char	*buf;
	size_t	size;
	size_t	count;
};

__printf(2, 3) void seq_printf(struct seq_file *sf, const char *fmt, ...);

#endif

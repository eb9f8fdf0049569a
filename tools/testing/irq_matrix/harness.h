/* SPDX-License-Identifier: GPL-2.0 */
/* Common interface to the matrix implementations under test. */
#ifndef IRQ_MATRIX_HARNESS_H
#define IRQ_MATRIX_HARNESS_H
#include "shim/shim.h"

struct irq_matrix;

/* The API of include/linux/irq.h, as a table so tests run on either file */
struct mx_impl {
	const char *name;
	struct irq_matrix *(*alloc_matrix)(unsigned int bits, unsigned int start, unsigned int end);
	void (*destroy)(struct irq_matrix *m);
	void (*online)(struct irq_matrix *m);
	void (*offline)(struct irq_matrix *m);
	void (*assign_system)(struct irq_matrix *m, unsigned int bit, bool replace);
	int (*reserve_managed)(struct irq_matrix *m, const struct cpumask *msk);
	void (*remove_managed)(struct irq_matrix *m, const struct cpumask *msk);
	int (*alloc_managed)(struct irq_matrix *m, const struct cpumask *msk, unsigned int *cpu);
	/* true when the promise makes the reservations exceed what is available */
	bool (*reserve)(struct irq_matrix *m);
	void (*remove_reserved)(struct irq_matrix *m);
	int (*alloc)(struct irq_matrix *m, const struct cpumask *msk, bool resvd,
		     unsigned int *cpu);
	void (*free)(struct irq_matrix *m, unsigned int cpu, unsigned int bit, bool managed);
	void (*assign)(struct irq_matrix *m, unsigned int bit);
	unsigned int (*available)(struct irq_matrix *m, bool cpudown);
	unsigned int (*allocated)(struct irq_matrix *m);
	unsigned int (*reserved)(struct irq_matrix *m);
	void (*debug_show)(struct seq_file *sf, struct irq_matrix *m, int ind);
	/* Introspection */
	unsigned int (*row_allocated)(struct irq_matrix *m, unsigned int cpu);
	unsigned int (*total_allocated)(struct irq_matrix *m);
};

extern const struct mx_impl mx_ours, mx_base;

/* Read-only view of one row of our matrix */
struct mx_row_view {
	const unsigned long *alloc_map, *managed_map;
	unsigned int regular, managed, managed_alloc, available;
	bool online;
};

struct mx_global_view {
	const unsigned long *system_map;
	unsigned int online_maps, global_available, global_reserved, total_allocated, cap;
};

void mx_ours_row(struct irq_matrix *m, unsigned int cpu, struct mx_row_view *v);
void mx_ours_global(struct irq_matrix *m, struct mx_global_view *v);
/* Check every invariant of the DOC block; 0 or -1 with a message in err */
int mx_ours_check(struct irq_matrix *m, char *err, size_t len);

/* Machine topology for the next matrix: cpus, cpus per node */
void shim_topology(unsigned int cpus, unsigned int per_node);
void shim_set_online(unsigned int cpu, bool on);

#endif

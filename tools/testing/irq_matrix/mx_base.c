// SPDX-License-Identifier: GPL-2.0
/*
 * The base tree's kernel/irq/matrix.c (extracted at build time into
 * build/base, never committed), renamed so it links next to ours.
 */
#define MX_BASE_API
#define irq_alloc_matrix		base_irq_alloc_matrix
#define irq_matrix_online		base_irq_matrix_online
#define irq_matrix_offline		base_irq_matrix_offline
#define irq_matrix_assign_system	base_irq_matrix_assign_system
#define irq_matrix_reserve_managed	base_irq_matrix_reserve_managed
#define irq_matrix_remove_managed	base_irq_matrix_remove_managed
#define irq_matrix_alloc_managed	base_irq_matrix_alloc_managed
#define irq_matrix_reserve		base_irq_matrix_reserve
#define irq_matrix_remove_reserved	base_irq_matrix_remove_reserved
#define irq_matrix_alloc		base_irq_matrix_alloc
#define irq_matrix_free			base_irq_matrix_free
#define irq_matrix_assign		base_irq_matrix_assign
#define irq_matrix_available		base_irq_matrix_available
#define irq_matrix_allocated		base_irq_matrix_allocated
#define irq_matrix_reserved		base_irq_matrix_reserved
#define irq_matrix_debug_show		base_irq_matrix_debug_show
#include "build/base/kernel/irq/matrix.c"
#include "harness.h"

static void base_destroy(struct irq_matrix *m)
{
	free_percpu(m->maps);
	kfree(m);
}

/* The base tree prints the overcommit message instead of returning it. */
static bool base_reserve(struct irq_matrix *m)
{
	unsigned long warned = shim_pr_warns;

	base_irq_matrix_reserve(m);
	return shim_pr_warns != warned;
}

static unsigned int base_row_allocated(struct irq_matrix *m, unsigned int cpu)
{
	return per_cpu_ptr(m->maps, cpu)->allocated;
}

static unsigned int base_total_allocated(struct irq_matrix *m)
{
	return m->total_allocated;
}

const struct mx_impl mx_base = {
	.name = "base",
	.alloc_matrix = base_irq_alloc_matrix,
	.destroy = base_destroy,
	.online = base_irq_matrix_online,
	.offline = base_irq_matrix_offline,
	.assign_system = base_irq_matrix_assign_system,
	.reserve_managed = base_irq_matrix_reserve_managed,
	.remove_managed = base_irq_matrix_remove_managed,
	.alloc_managed = base_irq_matrix_alloc_managed,
	.reserve = base_reserve,
	.remove_reserved = base_irq_matrix_remove_reserved,
	.alloc = base_irq_matrix_alloc,
	.free = base_irq_matrix_free,
	.assign = base_irq_matrix_assign,
	.available = base_irq_matrix_available,
	.allocated = base_irq_matrix_allocated,
	.reserved = base_irq_matrix_reserved,
	.debug_show = base_irq_matrix_debug_show,
	.row_allocated = base_row_allocated,
	.total_allocated = base_total_allocated,
};

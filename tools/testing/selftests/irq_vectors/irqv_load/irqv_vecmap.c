// SPDX-License-Identifier: GPL-2.0
/*
 * irqv_vecmap - test-only view of the x86 per CPU dispatch tables.
 *
 * /sys/kernel/debug/irqv_vecmap/vector_irq prints one line
 * "CPU VECTOR IRQ" for every online CPU and every vector whose
 * vector_irq[] slot is not VECTOR_UNUSED. IRQ is the Linux interrupt
 * number of the descriptor the slot points to, "shutdown" for
 * VECTOR_SHUTDOWN, "retriggered" for VECTOR_RETRIGGERED, "stale" for a
 * pointer which is no live interrupt descriptor (the slot was not reset
 * when its interrupt went away) and "invalid" for any other error value.
 * The slots are read without a lock: the dump is exact only while
 * nothing moves, which is what the tests wait for before they read it.
 *
 * vector_irq is not exported, and the test kernel has neither
 * CONFIG_KALLSYMS_ALL nor CONFIG_KPROBES to look it up, so the module
 * finds the table in the static per CPU area by what it must hold. At
 * load it requests two interrupts of the x86 vector domain with
 * IRQF_NO_AUTOEN: activated, so each holds a vector on a CPU, and never
 * started. Then it looks for the offsets between the start of the static
 * per CPU area (fixed_percpu_data comes first) and its own per CPU
 * variable (modules' per CPU variables follow the static area) at which
 * a vector_irq_t holds, for both interrupts, their descriptor in the slot
 * of their vector on their target CPU, and VECTOR_UNUSED in the slots of
 * the exception vectors on both CPUs. Exactly one offset must match, or
 * the load fails with -ENODEV. The interrupts are released again.
 *
 * The module uses exported interfaces only, so it builds against the base
 * tree and ours alike.
 */
#include <linux/bsearch.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/irqdomain.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <asm/hw_irq.h>
#include <asm/irqdomain.h>
#include <asm/processor.h>

#define IRQV_PROBES	2

static unsigned long offset;
module_param(offset, ulong, 0444);
MODULE_PARM_DESC(offset, "Per CPU address of vector_irq found at load");

/* Marks the end of the range searched: modules' per CPU data come last. */
static DEFINE_PER_CPU(unsigned long, irqv_vecmap_end);

static vector_irq_t __percpu *irqv_table;
static struct dentry *irqv_dir;

struct irqv_probe {
	unsigned int		irq;
	unsigned int		cpu;
	unsigned int		vector;
	struct irq_desc		*desc;
};

static irqreturn_t irqv_probe_handler(int irq, void *cookie)
{
	return IRQ_HANDLED;
}

static void irqv_probe_free(struct irqv_probe *p)
{
	if (!p->irq)
		return;
	if (p->desc)
		free_irq(p->irq, p);
	irq_dispose_mapping(p->irq);
}

/*
 * irq_to_desc() is not exported to modules; the descriptor embeds the
 * interrupt's top level data, which irq_get_irq_data() gives.
 */
static struct irq_desc *irqv_desc_of(struct irq_data *irqd)
{
	return container_of(irqd, struct irq_desc, irq_data);
}

/* Request one interrupt, never started, and note where its vector is. */
static int irqv_probe_get(struct irqv_probe *p)
{
	struct irq_alloc_info info = { };
	struct irq_data *irqd;
	struct irq_cfg *cfg;
	int virq, ret;

	virq = irq_domain_alloc_irqs(x86_vector_domain, 1, NUMA_NO_NODE, &info);
	if (virq < 0)
		return virq;
	p->irq = virq;
	irq_set_handler(virq, handle_edge_irq);
	ret = request_irq(virq, irqv_probe_handler, IRQF_NO_AUTOEN,
			  "irqv_vecmap", p);
	if (ret)
		return ret;
	irqd = irq_get_irq_data(virq);
	if (!irqd)
		return -ENODEV;
	p->desc = irqv_desc_of(irqd);
	cfg = irqd_cfg(irqd);
	if (!cfg || !cfg->vector)
		return -ENODEV;
	p->vector = cfg->vector;
	p->cpu = cpumask_first(irq_data_get_effective_affinity_mask(irqd));
	if (p->cpu >= nr_cpu_ids || p->vector >= NR_VECTORS)
		return -ENODEV;
	return 0;
}

/*
 * The search reads every word of the static per CPU area, the KASAN
 * redzones between its variables included: no shadow check here.
 */
static __no_sanitize_address struct irq_desc *
irqv_slot(vector_irq_t __percpu *table, unsigned int cpu, unsigned int vector)
{
	return READ_ONCE((*per_cpu_ptr(table, cpu))[vector]);
}

static bool irqv_table_matches(vector_irq_t __percpu *table,
			       const struct irqv_probe *probes)
{
	unsigned int i, vector;

	for (i = 0; i < IRQV_PROBES; i++) {
		if (irqv_slot(table, probes[i].cpu, probes[i].vector) !=
		    probes[i].desc)
			return false;
	}
	for (i = 0; i < IRQV_PROBES; i++) {
		for (vector = 0; vector < FIRST_EXTERNAL_VECTOR; vector++) {
			if (irqv_slot(table, probes[i].cpu, vector) !=
			    VECTOR_UNUSED)
				return false;
		}
	}
	return true;
}

/* The one vector_irq_t of the static per CPU area the probes are in. */
static int irqv_find_table(const struct irqv_probe *probes)
{
	unsigned long start = (unsigned long)&fixed_percpu_data;
	unsigned long end = (unsigned long)&irqv_vecmap_end;
	unsigned long off, found = 0;
	unsigned int matches = 0;

	if (end <= start || end - start > SZ_16M)
		return -ENODEV;
	for (off = start; off + sizeof(vector_irq_t) <= end;
	     off += sizeof(void *)) {
		if (irqv_table_matches((vector_irq_t __percpu *)off, probes)) {
			found = off;
			matches++;
		}
	}
	if (matches != 1) {
		pr_err("irqv_vecmap: %u candidates for vector_irq in %#lx-%#lx\n",
		       matches, start, end);
		return -ENODEV;
	}
	irqv_table = (vector_irq_t __percpu *)found;
	offset = found;
	return 0;
}

/* Linux interrupt number of every live descriptor, sorted by address. */
struct irqv_desc_irq {
	struct irq_desc	*desc;
	unsigned int	irq;
};

static int irqv_desc_cmp(const void *a, const void *b)
{
	const struct irqv_desc_irq *x = a, *y = b;

	if (x->desc == y->desc)
		return 0;
	return x->desc < y->desc ? -1 : 1;
}

static unsigned int irqv_desc_map(struct irqv_desc_irq *map, unsigned int nr)
{
	unsigned int irq, n = 0;

	for (irq = 0; irq < nr && n < nr; irq++) {
		struct irq_data *irqd = irq_get_irq_data(irq);

		if (irqd) {
			map[n].desc = irqv_desc_of(irqd);
			map[n].irq = irq;
			n++;
		}
	}
	sort(map, n, sizeof(*map), irqv_desc_cmp, NULL);
	return n;
}

static void irqv_show_slot(struct seq_file *m, const struct irqv_desc_irq *map,
			   unsigned int n, unsigned int cpu, unsigned int vector)
{
	struct irqv_desc_irq key = { .desc = irqv_slot(irqv_table, cpu, vector) };
	const struct irqv_desc_irq *hit;

	if (key.desc == VECTOR_UNUSED)
		return;
	seq_printf(m, "%u %u ", cpu, vector);
	if (key.desc == VECTOR_SHUTDOWN) {
		seq_puts(m, "shutdown\n");
	} else if (key.desc == VECTOR_RETRIGGERED) {
		seq_puts(m, "retriggered\n");
	} else if (IS_ERR(key.desc)) {
		seq_puts(m, "invalid\n");
	} else {
		hit = bsearch(&key, map, n, sizeof(*map), irqv_desc_cmp);
		if (hit)
			seq_printf(m, "%u\n", hit->irq);
		else
			seq_puts(m, "stale\n");
	}
}

/*
 * The descriptors are mapped to their numbers without dereferencing a
 * slot, so a stale slot whose descriptor was freed is reported, not read.
 */
static int irqv_vector_irq_show(struct seq_file *m, void *unused)
{
	unsigned int nr = READ_ONCE(nr_irqs);
	struct irqv_desc_irq *map;
	unsigned int cpu, vector, n;

	map = kvcalloc(nr, sizeof(*map), GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	n = irqv_desc_map(map, nr);
	for_each_online_cpu(cpu) {
		for (vector = 0; vector < NR_VECTORS; vector++)
			irqv_show_slot(m, map, n, cpu, vector);
		cond_resched();
	}
	kvfree(map);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(irqv_vector_irq);

static int __init irqv_vecmap_init(void)
{
	struct irqv_probe probes[IRQV_PROBES] = { };
	unsigned int i;
	int ret = 0;

	if (!x86_vector_domain)
		return -ENODEV;
	for (i = 0; i < IRQV_PROBES && !ret; i++)
		ret = irqv_probe_get(&probes[i]);
	if (!ret)
		ret = irqv_find_table(probes);
	for (i = 0; i < IRQV_PROBES; i++)
		irqv_probe_free(&probes[i]);
	if (ret)
		return ret;

	irqv_dir = debugfs_create_dir("irqv_vecmap", NULL);
	debugfs_create_file("vector_irq", 0444, irqv_dir, NULL,
			    &irqv_vector_irq_fops);
	pr_info("irqv_vecmap: vector_irq at per CPU offset %#lx\n", offset);
	return 0;
}

static void __exit irqv_vecmap_exit(void)
{
	debugfs_remove_recursive(irqv_dir);
}

module_init(irqv_vecmap_init);
module_exit(irqv_vecmap_exit);
MODULE_DESCRIPTION("Test-only view of the x86 vector_irq tables");
MODULE_LICENSE("GPL");

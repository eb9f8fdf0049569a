// SPDX-License-Identifier: GPL-2.0
/*
 * irqv_load - test-only load for the x86 vector domain.
 *
 * Loading the module allocates @count interrupts directly from the x86
 * vector domain and requests each of them, so that every one is activated
 * and holds a real vector. It stops at the first failure and records the
 * errno, which makes it a probe for vector space exhaustion as well as a
 * load for CPU hotplug measurements. Unloading releases everything.
 *
 * No device raises these interrupts; the handler only counts. The module
 * uses exported interfaces only, so it builds against the base tree and
 * ours alike.
 */
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <asm/hw_irq.h>
#include <asm/irqdomain.h>

static unsigned int count;
module_param(count, uint, 0444);
MODULE_PARM_DESC(count, "Interrupts to allocate and request at load");

static unsigned int active;
module_param(active, uint, 0444);
MODULE_PARM_DESC(active, "Interrupts requested now");

static int first_error;
module_param(first_error, int, 0444);
MODULE_PARM_DESC(first_error, "Errno of the first failed allocation or request, 0 if none");

static unsigned int *irqv_irqs;

static irqreturn_t irqv_handler(int irq, void *cookie)
{
	return IRQ_HANDLED;
}

static int irqv_add_one(void)
{
	struct irq_alloc_info info = { };
	int virq, ret;

	virq = irq_domain_alloc_irqs(x86_vector_domain, 1, NUMA_NO_NODE, &info);
	if (virq < 0)
		return virq;

	irq_set_handler(virq, handle_edge_irq);
	ret = request_irq(virq, irqv_handler, 0, "irqv_load", irqv_irqs);
	if (ret) {
		irq_dispose_mapping(virq);
		return ret;
	}
	irqv_irqs[active++] = virq;
	return 0;
}

static void irqv_release_all(void)
{
	while (active) {
		unsigned int virq = irqv_irqs[--active];

		free_irq(virq, irqv_irqs);
		irq_dispose_mapping(virq);
	}
}

static int __init irqv_load_init(void)
{
	int ret = 0;

	if (!x86_vector_domain)
		return -ENODEV;

	irqv_irqs = kcalloc(count ?: 1, sizeof(*irqv_irqs), GFP_KERNEL);
	if (!irqv_irqs)
		return -ENOMEM;

	while (active < count) {
		ret = irqv_add_one();
		if (ret)
			break;
	}
	first_error = ret;
	pr_info("irqv_load: %u of %u interrupts requested, first error %d\n",
		active, count, ret);
	return 0;
}

static void __exit irqv_load_exit(void)
{
	irqv_release_all();
	kfree(irqv_irqs);
}

module_init(irqv_load_init);
module_exit(irqv_load_exit);
MODULE_DESCRIPTION("Test-only interrupt load for the x86 vector domain");
MODULE_LICENSE("GPL");

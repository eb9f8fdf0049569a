// SPDX-License-Identifier: GPL-2.0
/*
 * irqv_load - test-only interrupts of the x86 vector domain.
 *
 * Loading the module allocates @count interrupts directly from the x86
 * vector domain and requests each of them, so that every one is activated
 * and holds a real vector. It stops at the first failure and records the
 * errno, which makes it a probe for vector space exhaustion as well as a
 * load for CPU hotplug measurements. Unloading releases everything.
 *
 * No device raises these interrupts: the tests raise them through the
 * debugfs "trigger" file of each interrupt, which sends the interrupt's
 * current vector to its target CPU. The handler counts what it sees.
 *
 * For the tests which force one path of the vector code:
 *  - @cpu sets the affinity of every interrupt before it is requested;
 *  - @noautoen requests with IRQF_NO_AUTOEN (activated, not started) and
 *    writing "enable" starts them;
 *  - @nobalancing requests with IRQF_NOBALANCING: the start does not
 *    apply the affinity again;
 *  - @pcntxt lets them move in process context, as remapped device
 *    interrupts do: an affinity change takes effect at once instead of
 *    with the next interrupt, which these never get on their own;
 *  - @managed_cpus makes them managed interrupts with that affinity, as
 *    the queue interrupts of a multiqueue device are: CPU hotplug shuts
 *    them down when the last CPU of the list goes offline and starts
 *    them again when one returns;
 *  - writing 1 to "disabled" disables them as a driver does
 *    (disable_irq()), writing 0 enables them again (enable_irq()), but
 *    only those which are still disabled: an enable of an enabled
 *    interrupt is refused with -EINVAL instead of the kernel's
 *    "Unbalanced enable" warning;
 *  - writing "CPU VECTOR" to "hold" raises the task priority of that CPU
 *    above the vector's priority class and sends the vector to the CPU
 *    itself: it stays pending in the local APIC IRR until "release" gets
 *    the CPU number, which lowers the task priority again;
 *  - writing the number of one of its interrupts to "toggle" frees it
 *    (free_irq(), which deactivates it and gives back its vector) or
 *    requests it again, so a test can churn vectors on chosen CPUs.
 *
 * The module uses exported interfaces only, so it builds against the base
 * tree and ours alike.
 */
#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/apic.h>
#include <asm/hw_irq.h>
#include <asm/irqdomain.h>

static unsigned int count;
module_param(count, uint, 0444);
MODULE_PARM_DESC(count, "Interrupts to allocate and request at load");

static int cpu = -1;
module_param(cpu, int, 0444);
MODULE_PARM_DESC(cpu, "CPU to set as affinity before the request, -1 for none");

static bool noautoen;
module_param(noautoen, bool, 0444);
MODULE_PARM_DESC(noautoen, "Request with IRQF_NO_AUTOEN; write enable=1 to start");

static bool nobalancing;
module_param(nobalancing, bool, 0444);
MODULE_PARM_DESC(nobalancing, "Request with IRQF_NOBALANCING");

static bool pcntxt;
module_param(pcntxt, bool, 0444);
MODULE_PARM_DESC(pcntxt, "Movable in process context, as remapped device interrupts are");

static char *managed_cpus;
module_param(managed_cpus, charp, 0444);
MODULE_PARM_DESC(managed_cpus, "CPU list: allocate managed interrupts with this affinity");

static unsigned int active;
module_param(active, uint, 0444);
MODULE_PARM_DESC(active, "Interrupts requested now");

static int first_irq;
module_param(first_irq, int, 0444);
MODULE_PARM_DESC(first_irq, "Linux interrupt number of the first interrupt, 0 if none");

static int first_error;
module_param(first_error, int, 0444);
MODULE_PARM_DESC(first_error, "Errno of the first failed allocation or request, 0 if none");

static atomic_t handled = ATOMIC_INIT(0);
static unsigned int *irqv_irqs;
/* Interrupts freed through "toggle", by index in irqv_irqs */
static unsigned long *irqv_freed;
static DEFINE_MUTEX(irqv_toggle_lock);
static bool irqv_enabled;
static bool irqv_disabled;
static struct irq_affinity_desc irqv_managed;

static irqreturn_t irqv_handler(int irq, void *cookie)
{
	atomic_inc(&handled);
	return IRQ_HANDLED;
}

static int irqv_add_one(void)
{
	unsigned long flags = (noautoen ? IRQF_NO_AUTOEN : 0) |
			      (nobalancing ? IRQF_NOBALANCING : 0);
	struct irq_alloc_info info = { };
	int virq, ret;

	virq = __irq_domain_alloc_irqs(x86_vector_domain, -1, 1, NUMA_NO_NODE, &info,
				       false, managed_cpus ? &irqv_managed : NULL);
	if (virq < 0)
		return virq;

	irq_set_handler(virq, handle_edge_irq);
	if (pcntxt)
		irq_set_status_flags(virq, IRQ_MOVE_PCNTXT);
	if (cpu >= 0) {
		ret = irq_set_affinity(virq, cpumask_of(cpu));
		if (ret) {
			irq_dispose_mapping(virq);
			return ret;
		}
	}
	ret = request_irq(virq, irqv_handler, flags, "irqv_load", irqv_irqs);
	if (ret) {
		irq_dispose_mapping(virq);
		return ret;
	}
	if (!active)
		first_irq = virq;
	irqv_irqs[active++] = virq;
	return 0;
}

static void irqv_release_all(void)
{
	while (active) {
		unsigned int virq = irqv_irqs[--active];

		if (!test_bit(active, irqv_freed))
			free_irq(virq, irqv_irqs);
		irq_dispose_mapping(virq);
		cond_resched();
	}
}

static int irqv_get_handled(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&handled));
}

static const struct kernel_param_ops irqv_handled_ops = {
	.get	= irqv_get_handled,
};
module_param_cb(handled, &irqv_handled_ops, NULL, 0444);
MODULE_PARM_DESC(handled, "Interrupts the handler has seen");

/* Start the interrupts requested with IRQF_NO_AUTOEN, once. */
static int irqv_set_enable(const char *val, const struct kernel_param *kp)
{
	unsigned int i;
	bool on;
	int ret;

	ret = kstrtobool(val, &on);
	if (ret)
		return ret;
	if (!on || !noautoen || irqv_enabled)
		return -EINVAL;
	for (i = 0; i < active; i++)
		enable_irq(irqv_irqs[i]);
	irqv_enabled = true;
	return 0;
}

static const struct kernel_param_ops irqv_enable_ops = {
	.set	= irqv_set_enable,
};
module_param_cb(enable, &irqv_enable_ops, NULL, 0200);
MODULE_PARM_DESC(enable, "Write 1 to start interrupts requested with noautoen");

/*
 * Disable the interrupts as a driver does, or enable them again. An
 * interrupt which is no longer disabled although nothing enabled it (the
 * kernel started it behind the driver's back) is left alone and reported.
 */
static int irqv_set_disabled(const char *val, const struct kernel_param *kp)
{
	unsigned int i, refused = 0;
	bool on;
	int ret;

	ret = kstrtobool(val, &on);
	if (ret)
		return ret;
	if (on == irqv_disabled)
		return -EINVAL;
	for (i = 0; i < active; i++) {
		if (on)
			disable_irq(irqv_irqs[i]);
		else if (irqd_irq_disabled(irq_get_irq_data(irqv_irqs[i])))
			enable_irq(irqv_irqs[i]);
		else
			refused++;
	}
	irqv_disabled = on;
	if (refused)
		pr_info("irqv_load: %u of %u interrupts were enabled already\n",
			refused, active);
	return refused ? -EINVAL : 0;
}

static int irqv_get_disabled(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", irqv_disabled);
}

static const struct kernel_param_ops irqv_disabled_ops = {
	.set	= irqv_set_disabled,
	.get	= irqv_get_disabled,
};
module_param_cb(disabled, &irqv_disabled_ops, NULL, 0600);
MODULE_PARM_DESC(disabled, "Write 1 to disable_irq() the interrupts, 0 to enable_irq() them");

/* Task priority which blocks @vector and every lower priority class. */
static unsigned int irqv_tpr_blocking(unsigned int vector)
{
	return (vector & 0xf0) | 0x0f;
}

static void irqv_hold_here(void *arg)
{
	unsigned int vector = (unsigned long)arg;

	native_apic_mem_write(APIC_TASKPRI, irqv_tpr_blocking(vector));
	__apic_send_IPI_self(vector);
}

static void irqv_release_here(void *unused)
{
	native_apic_mem_write(APIC_TASKPRI, 0);
}

static bool irqv_apic_cpu_ok(unsigned int target)
{
	return !x2apic_enabled() && target < nr_cpu_ids && cpu_online(target);
}

static int irqv_set_hold(const char *val, const struct kernel_param *kp)
{
	unsigned int target, vector;

	if (sscanf(val, "%u %u", &target, &vector) != 2)
		return -EINVAL;
	if (vector < FIRST_EXTERNAL_VECTOR || vector >= FIRST_SYSTEM_VECTOR)
		return -EINVAL;
	if (!irqv_apic_cpu_ok(target))
		return -ENODEV;
	return smp_call_function_single(target, irqv_hold_here,
					(void *)(unsigned long)vector, 1);
}

static const struct kernel_param_ops irqv_hold_ops = {
	.set	= irqv_set_hold,
};
module_param_cb(hold, &irqv_hold_ops, NULL, 0200);
MODULE_PARM_DESC(hold, "\"CPU VECTOR\": keep VECTOR pending in the IRR of CPU");

static int irqv_set_release(const char *val, const struct kernel_param *kp)
{
	unsigned int target;
	int ret;

	ret = kstrtouint(val, 0, &target);
	if (ret)
		return ret;
	if (!irqv_apic_cpu_ok(target))
		return -ENODEV;
	return smp_call_function_single(target, irqv_release_here, NULL, 1);
}

static const struct kernel_param_ops irqv_release_ops = {
	.set	= irqv_set_release,
};
module_param_cb(release, &irqv_release_ops, NULL, 0200);
MODULE_PARM_DESC(release, "CPU: deliver what \"hold\" kept pending there");

/* Index of our interrupt @virq in irqv_irqs, or active if not ours */
static unsigned int irqv_index(unsigned int virq)
{
	unsigned int i;

	for (i = 0; i < active && irqv_irqs[i] != virq; i++)
		;
	return i;
}

static int irqv_set_toggle(const char *val, const struct kernel_param *kp)
{
	unsigned int virq, i;
	int ret;

	ret = kstrtouint(val, 0, &virq);
	if (ret)
		return ret;
	guard(mutex)(&irqv_toggle_lock);
	i = irqv_index(virq);
	if (i == active)
		return -EINVAL;
	if (!test_bit(i, irqv_freed)) {
		free_irq(virq, irqv_irqs);
		set_bit(i, irqv_freed);
		return 0;
	}
	ret = request_irq(virq, irqv_handler, 0, "irqv_load", irqv_irqs);
	if (!ret)
		clear_bit(i, irqv_freed);
	return ret;
}

static const struct kernel_param_ops irqv_toggle_ops = {
	.set	= irqv_set_toggle,
};
module_param_cb(toggle, &irqv_toggle_ops, NULL, 0200);
MODULE_PARM_DESC(toggle, "IRQ: free one of ours, or request it again if freed");

static int __init irqv_load_init(void)
{
	int ret = 0;

	if (!x86_vector_domain)
		return -ENODEV;
	if (cpu >= 0 && (cpu >= nr_cpu_ids || !cpu_online(cpu)))
		return -EINVAL;
	if (managed_cpus) {
		if (cpu >= 0 || cpulist_parse(managed_cpus, &irqv_managed.mask) ||
		    !cpumask_intersects(&irqv_managed.mask, cpu_online_mask))
			return -EINVAL;
		irqv_managed.is_managed = 1;
	}

	irqv_irqs = kcalloc(count ?: 1, sizeof(*irqv_irqs), GFP_KERNEL);
	irqv_freed = bitmap_zalloc(count ?: 1, GFP_KERNEL);
	if (!irqv_irqs || !irqv_freed) {
		kfree(irqv_irqs);
		bitmap_free(irqv_freed);
		return -ENOMEM;
	}

	/* Thousands of requests under KASAN: let others run in between. */
	while (active < count) {
		ret = irqv_add_one();
		if (ret)
			break;
		cond_resched();
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
	bitmap_free(irqv_freed);
}

module_init(irqv_load_init);
module_exit(irqv_load_exit);
MODULE_DESCRIPTION("Test-only interrupts of the x86 vector domain");
MODULE_LICENSE("GPL");

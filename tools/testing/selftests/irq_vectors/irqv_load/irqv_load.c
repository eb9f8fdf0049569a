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
 *    them again when one returns (with no CPU of the list online they
 *    are reserved and not started, as at a driver's probe then);
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
 * With @dev the interrupts come from a child domain of the vector domain
 * whose chip models a maskable level-triggered device, as an IOAPIC pin
 * or a PCI MSI-X vector is for the system sleep code: masked, the device
 * keeps an event and raises it when unmasked.
 *  - writing the number of one of them to "raise" asserts its line: it is
 *    sent at once if unmasked, otherwise at the unmask; the handler
 *    deasserts it;
 *  - @wake calls enable_irq_wake() on the first one;
 *  - @raise_in_window raises the first N of them while the non-boot CPUs
 *    are offline for system sleep (from a CPU hotplug state's teardown,
 *    on the CPU which takes the last one down); "window_raised" counts
 *    them.
 *
 * The module uses exported interfaces only, so it builds against the base
 * tree and ours alike.
 */
#include <linux/bitmap.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
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

static bool dev;
module_param(dev, bool, 0444);
MODULE_PARM_DESC(dev, "Allocate from a child domain modelling a maskable level device");

static bool wake;
module_param(wake, bool, 0444);
MODULE_PARM_DESC(wake, "With dev: enable_irq_wake() on the first interrupt");

static unsigned int raise_in_window;
module_param(raise_in_window, uint, 0444);
MODULE_PARM_DESC(raise_in_window, "With dev: raise the first N while the CPUs are down for sleep");

static unsigned int window_raised;
module_param(window_raised, uint, 0444);
MODULE_PARM_DESC(window_raised, "Interrupts raised in the sleep window so far");

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
static bool irqv_woken;

/* The modelled device: one line per interrupt, by hwirq */
struct irqv_line {
	bool	asserted;
	bool	masked;
};

static DEFINE_RAW_SPINLOCK(irqv_line_lock);
static struct irqv_line *irqv_lines;
static struct irq_domain *irqv_dev_domain;
static struct fwnode_handle *irqv_dev_fwnode;
static int irqv_window_state;

/* Send an asserted, unmasked line to the interrupt's current target. */
static void irqv_line_send(struct irq_data *d, struct irqv_line *line)
{
	lockdep_assert_held(&irqv_line_lock);

	if (line->asserted && !line->masked)
		irq_chip_retrigger_hierarchy(d);
}

static void irqv_dev_mask(struct irq_data *d)
{
	guard(raw_spinlock_irqsave)(&irqv_line_lock);
	irqv_lines[d->hwirq].masked = true;
}

static void irqv_dev_unmask(struct irq_data *d)
{
	struct irqv_line *line = &irqv_lines[d->hwirq];

	guard(raw_spinlock_irqsave)(&irqv_line_lock);
	line->masked = false;
	irqv_line_send(d, line);
}

/* End of interrupt: a line which is still asserted fires again. */
static void irqv_dev_eoi(struct irq_data *d)
{
	irq_chip_ack_parent(d);
	guard(raw_spinlock_irqsave)(&irqv_line_lock);
	irqv_line_send(d, &irqv_lines[d->hwirq]);
}

static struct irq_chip irqv_dev_chip = {
	.name			= "IRQV-DEV",
	.irq_mask		= irqv_dev_mask,
	.irq_unmask		= irqv_dev_unmask,
	.irq_eoi		= irqv_dev_eoi,
	.irq_set_affinity	= irq_chip_set_affinity_parent,
	.irq_retrigger		= irq_chip_retrigger_hierarchy,
	.flags			= IRQCHIP_SKIP_SET_WAKE,
};

static int irqv_dev_alloc(struct irq_domain *domain, unsigned int virq,
			  unsigned int nr_irqs, void *arg)
{
	unsigned int i;
	int ret;

	ret = irq_domain_alloc_irqs_parent(domain, virq, nr_irqs, arg);
	if (ret)
		return ret;
	for (i = 0; i < nr_irqs; i++)
		irq_domain_set_hwirq_and_chip(domain, virq + i, active + i,
					      &irqv_dev_chip, NULL);
	return 0;
}

static const struct irq_domain_ops irqv_dev_ops = {
	.alloc	= irqv_dev_alloc,
	.free	= irq_domain_free_irqs_common,
};

/* Assert the line of one of our interrupts, by index. */
static void irqv_raise_index(unsigned int i)
{
	struct irq_data *d = irq_get_irq_data(irqv_irqs[i]);
	struct irqv_line *line = &irqv_lines[d->hwirq];

	guard(raw_spinlock_irqsave)(&irqv_line_lock);
	line->asserted = true;
	irqv_line_send(d, line);
}

/*
 * Teardown of a CPU hotplug state, on the CPU which takes @cpu down: once
 * the last non-boot CPU is gone for system sleep, raise the first
 * @raise_in_window interrupts.
 */
static int irqv_window_teardown(unsigned int cpu)
{
	unsigned int i;

	if (!cpuhp_tasks_frozen || num_online_cpus() > 1)
		return 0;
	for (i = 0; i < raise_in_window && i < active; i++) {
		irqv_raise_index(i);
		window_raised++;
	}
	return 0;
}

static int irqv_dev_setup(void)
{
	int ret;

	irqv_lines = kcalloc(count ?: 1, sizeof(*irqv_lines), GFP_KERNEL);
	if (!irqv_lines)
		return -ENOMEM;
	irqv_dev_fwnode = irq_domain_alloc_named_fwnode("IRQV-DEV");
	if (!irqv_dev_fwnode)
		return -ENOMEM;
	irqv_dev_domain = irq_domain_create_hierarchy(x86_vector_domain, 0, 0,
						      irqv_dev_fwnode,
						      &irqv_dev_ops, NULL);
	if (!irqv_dev_domain)
		return -ENOMEM;
	if (!raise_in_window)
		return 0;
	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "irqv_load:window",
					NULL, irqv_window_teardown);
	if (ret < 0)
		return ret;
	irqv_window_state = ret;
	return 0;
}

static void irqv_dev_cleanup(void)
{
	if (irqv_window_state > 0)
		cpuhp_remove_state_nocalls(irqv_window_state);
	if (irqv_dev_domain)
		irq_domain_remove(irqv_dev_domain);
	if (irqv_dev_fwnode)
		irq_domain_free_fwnode(irqv_dev_fwnode);
	kfree(irqv_lines);
}

static irqreturn_t irqv_handler(int irq, void *cookie)
{
	struct irq_data *d;

	if (dev) {
		d = irq_get_irq_data(irq);
		guard(raw_spinlock_irqsave)(&irqv_line_lock);
		irqv_lines[d->hwirq].asserted = false;
	}
	atomic_inc(&handled);
	return IRQ_HANDLED;
}

static int irqv_add_one(void)
{
	unsigned long flags = (noautoen ? IRQF_NO_AUTOEN : 0) |
			      (nobalancing ? IRQF_NOBALANCING : 0);
	struct irq_alloc_info info = { };
	int virq, ret;

	virq = __irq_domain_alloc_irqs(dev ? irqv_dev_domain : x86_vector_domain,
				       -1, 1, NUMA_NO_NODE, &info, false,
				       managed_cpus ? &irqv_managed : NULL);
	if (virq < 0)
		return virq;

	if (dev) {
		irq_set_handler(virq, handle_fasteoi_irq);
		irq_set_status_flags(virq, IRQ_LEVEL);
	} else {
		irq_set_handler(virq, handle_edge_irq);
	}
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

		if (!active && irqv_woken)
			disable_irq_wake(virq);
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

static int irqv_set_raise(const char *val, const struct kernel_param *kp)
{
	unsigned int virq, i;
	int ret;

	ret = kstrtouint(val, 0, &virq);
	if (ret)
		return ret;
	if (!dev)
		return -EINVAL;
	i = irqv_index(virq);
	if (i == active)
		return -EINVAL;
	irqv_raise_index(i);
	return 0;
}

static const struct kernel_param_ops irqv_raise_ops = {
	.set	= irqv_set_raise,
};
module_param_cb(raise, &irqv_raise_ops, NULL, 0200);
MODULE_PARM_DESC(raise, "IRQ: with dev, assert the line of one of ours");

static int __init irqv_load_init(void)
{
	int ret = 0;

	if (!x86_vector_domain)
		return -ENODEV;
	if (cpu >= 0 && (cpu >= nr_cpu_ids || !cpu_online(cpu)))
		return -EINVAL;
	if (managed_cpus) {
		if (cpu >= 0 || cpulist_parse(managed_cpus, &irqv_managed.mask) ||
		    cpumask_empty(&irqv_managed.mask) ||
		    !cpumask_subset(&irqv_managed.mask, cpu_possible_mask))
			return -EINVAL;
		irqv_managed.is_managed = 1;
	}

	if (!dev && (wake || raise_in_window))
		return -EINVAL;

	irqv_irqs = kcalloc(count ?: 1, sizeof(*irqv_irqs), GFP_KERNEL);
	irqv_freed = bitmap_zalloc(count ?: 1, GFP_KERNEL);
	ret = irqv_irqs && irqv_freed ? 0 : -ENOMEM;
	if (!ret && dev)
		ret = irqv_dev_setup();
	if (ret) {
		irqv_dev_cleanup();
		kfree(irqv_irqs);
		bitmap_free(irqv_freed);
		return ret;
	}

	/* Thousands of requests under KASAN: let others run in between. */
	while (active < count) {
		ret = irqv_add_one();
		if (ret)
			break;
		cond_resched();
	}
	first_error = ret;
	if (wake && active) {
		ret = enable_irq_wake(irqv_irqs[0]);
		irqv_woken = !ret;
		if (ret && !first_error)
			first_error = ret;
	}
	pr_info("irqv_load: %u of %u interrupts requested, first error %d\n",
		active, count, first_error);
	return 0;
}

static void __exit irqv_load_exit(void)
{
	if (irqv_window_state > 0)
		cpuhp_remove_state_nocalls(irqv_window_state);
	irqv_window_state = 0;
	irqv_release_all();
	irqv_dev_cleanup();
	kfree(irqv_irqs);
	bitmap_free(irqv_freed);
}

module_init(irqv_load_init);
module_exit(irqv_load_exit);
MODULE_DESCRIPTION("Test-only interrupts of the x86 vector domain");
MODULE_LICENSE("GPL");

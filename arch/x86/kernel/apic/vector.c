// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86 vector domain: the root of the x86 interrupt domain hierarchy. It
 * hands out (CPU, vector) pairs from the global vector matrix and keeps
 * the per CPU vector_irq[] tables in sync with them.
 */

/**
 * DOC: x86 vector management
 *
 * Every device interrupt that reaches the local APIC through the vector
 * domain targets exactly one CPU and one vector on it. There is no
 * multi-CPU destination and no spreading over priority levels: the matrix
 * allocator (kernel/irq/matrix.c) picks the least loaded CPU of a mask and
 * a free vector on it.
 *
 * Allocating an interrupt only reserves: a regular interrupt takes one
 * unit of the best-effort global reservation (overcommit is allowed, the
 * reservation is not bound to a CPU); a managed interrupt reserves one
 * vector on every CPU of its affinity mask, which is a guarantee. The real
 * vector is assigned at activation (request_irq()) and given back at
 * deactivation. Interrupts which cannot live in reservation mode get their
 * vector at once: non-maskable PCI/MSI without remapping (the MSI core
 * clears irqd_can_reserve() and activates at allocation), allocations
 * which name a target mask (irq_alloc_info::mask, used by SGI UV) and
 * legacy interrupts which are already running on their ISA vector.
 *
 * The life of one interrupt's vector (struct vecdata)::
 *
 *                 activate               set_affinity
 *   RESERVED  -------------->  ASSIGNED  ------------->  MOVING
 *             <--------------   |    ^                     |
 *               deactivate      |    |                     | first interrupt on
 *                               |    |                     | the new pair, or the
 *        managed: its last CPU  |    |  timer: old vector  | remapping driver
 *        went offline           |    |  no longer pending  | switched it
 *                               v    |                     v
 *                       SHUT DOWN    +------------  CLEANUP PENDING
 *                       (activated again, and so ASSIGNED, when one of
 *                        its CPUs comes back)
 *
 * RESERVED
 *	No vector. @reserved is set for a regular interrupt (one unit of the
 *	global reservation); a managed one holds its per CPU reservation.
 *	The hardware configuration points at %MANAGED_IRQ_SHUTDOWN_VECTOR
 *	on an online CPU, so a device which fires anyway ends up in the
 *	spurious interrupt path instead of a random handler.
 * ASSIGNED
 *	@vector on @cpu is allocated in the matrix and
 *	vector_irq[@cpu][@vector] points to the descriptor.
 * MOVING
 *	An affinity change installed a new pair. The old pair (@old_vector,
 *	@old_cpu) stays allocated and installed because the device may still
 *	raise it: without interrupt remapping the MSI/IOAPIC update is not
 *	atomic. @moving is set until the first interrupt arrives on the new
 *	pair (irq_complete_move()) or the remapping code declares the switch
 *	done (vector_schedule_cleanup()).
 * CLEANUP PENDING
 *	The old pair sits on the cleanup list of @old_cpu. A timer pinned to
 *	that CPU frees it once the old vector is no longer pending in the
 *	local APIC IRR (or the posted interrupt descriptor) and re-arms
 *	itself otherwise.
 * SHUT DOWN
 *	Managed interrupts whose CPUs all went offline are shut down and
 *	deactivated by the core: the vector goes back to the managed
 *	reservation and the interrupt is parked on the shutdown vector until
 *	one of its CPUs returns and the core starts it again.
 *
 * Rules which keep the state machine sound:
 *
 *  - While an old pair exists (MOVING or CLEANUP PENDING) a new affinity
 *    change returns -EBUSY. The core keeps the request pending and retries
 *    on the next interrupt, so a move never overwrites an old pair.
 *  - If the old CPU is offline when a move starts, the old vector is freed
 *    at once. When the old or the new CPU goes offline during a move,
 *    irq_force_complete_move() frees the old pair before the core decides
 *    whether the interrupt needs to be migrated, so nothing leaks.
 *  - Deactivation frees the current and the old pair and marks both
 *    vector_irq[] slots %VECTOR_SHUTDOWN: a late interrupt is then
 *    accounted as spurious and the slot reset by common_interrupt(),
 *    which re-checks the slot under vector_lock.
 *  - Interrupts served by the legacy PIC can be delivered to any CPU:
 *    their vectors are system vectors and lapic_online() installs them on
 *    every CPU which comes up.
 *  - The core migrates only started interrupts off an outgoing CPU. One
 *    which is activated but not started (requested with IRQF_NO_AUTOEN,
 *    or a non-maskable MSI, which gets its vector at allocation) keeps
 *    its vector there, and its device still points at it. Every CPU keeps
 *    the list of interrupts whose current vector it holds, across the
 *    offline, and lapic_online() installs their vector_irq[] slots again.
 *    An old pair never outlives the offline of its CPU (it is freed by
 *    irq_force_complete_move() or lapic_offline()), so for every online
 *    CPU vector_irq[] holds exactly the current and old pairs the domain
 *    has there, and a later start which finds the interrupt on an online
 *    CPU inside its mask has nothing to redo.
 *  - During system sleep the core leaves a suspended interrupt whose
 *    device holds its events while masked (level-triggered, or PCI MSI-X
 *    and MSI with a mask bit) on its CPU when the CPU goes offline, and
 *    masks it (IRQ_DOMAIN_FLAG_SLEEP_KEEP, which this domain sets). Its
 *    vector stays allocated and on the CPU's target list, so
 *    lapic_online() installs it again before resume_device_irqs()
 *    enables it; lapic_can_unplug_cpu() does not ask the other CPUs to
 *    make room for it. Wakeup interrupts, edge-triggered IOAPIC pins and
 *    MSIs without a mask bit still move. If the CPU does not come back,
 *    resume_irq() moves the interrupt as the offline would have. A
 *    runtime offline moves every started interrupt off the CPU, and it
 *    stays where it went: placement is userspace's job.
 *
 * vector_lock serializes the vector matrix, every field of struct
 * vecdata, the writes to vector_irq[] of device vectors, the per CPU
 * target and cleanup lists, vector_searchmask, the domain statistics
 * and, together with the CPU hotplug code, changes of cpu_online_mask.
 * Apart from WARN_ON_ONCE() on a broken invariant and the overcommit
 * warning of irq_matrix_reserve(), nothing is printed while it is held
 * (console drivers may take interrupt related locks): functions collect
 * what to report and print after unlocking.
 *
 * The vector_* events have the prototypes of 6.12. The outgoing CPU emits
 * the events of its own offline, where it moves its interrupts and frees
 * its old vectors, itself: a tracepoint fires on a CPU which has left
 * cpu_online_mask as long as RCU watches it, which it does throughout
 * take_cpu_down().
 */

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/irqnr.h>
#include <linux/of.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/timer.h>

#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/hw_irq.h>
#include <asm/i8259.h>
#include <asm/io_apic.h>
#include <asm/irqdomain.h>
#include <asm/irq_remapping.h>

#include <asm/trace/irq_vectors.h>

/**
 * struct vecdata - vector state of one interrupt in the vector domain
 * @hw:			Configuration seen by the parent chips (MSI, IOAPIC,
 *			remapping): vector and APIC destination
 * @target_node:	Entry on the list of interrupts whose current vector
 *			lives on @cpu, while @vector is set
 * @cleanup_node:	Entry on the cleanup list of @old_cpu
 * @irq:		Linux interrupt number
 * @cpu:		Target CPU of the current vector
 * @vector:		Current vector, 0 if none is assigned
 * @old_cpu:		Target CPU of the previous vector during a move
 * @old_vector:		Previous vector, 0 if no move is in flight
 * @moving:		The new pair has not seen an interrupt yet
 * @managed:		Managed interrupt with a per CPU reservation
 * @reservable:		May drop back to a global reservation when deactivated
 * @reserved:		Holds one unit of the global reservation
 * @warned:		Broken affinity was reported once for this interrupt
 */
struct vecdata {
	struct irq_cfg		hw;
	struct hlist_node	target_node;
	struct hlist_node	cleanup_node;
	unsigned int		irq;
	unsigned int		cpu;
	unsigned int		vector;
	unsigned int		old_cpu;
	unsigned int		old_vector;
	bool			moving;
	bool			managed;
	bool			reservable;
	bool			reserved;
	bool			warned;
};

/**
 * struct vector_totals - what the vector domain holds, for debugfs
 * @irqs:	Interrupts with vector data
 * @managed:	Managed interrupts among them
 * @reserved:	Interrupts holding a unit of the global reservation
 * @moving:	Moves waiting for the first interrupt on the new pair
 * @cleanup:	Old pairs queued for the cleanup timer
 */
struct vector_totals {
	unsigned int	irqs;
	unsigned int	managed;
	unsigned int	reserved;
	unsigned int	moving;
	unsigned int	cleanup;
};

/*
 * Things to tell the user about an activation, printed after vector_lock
 * was dropped.
 */
enum vec_note {
	VEC_NOTE_NONE,
	VEC_NOTE_AFFINITY_BROKEN,
	VEC_NOTE_MANAGED_NO_CPU,
	VEC_NOTE_MANAGED_NO_VECTOR,
};

/* Search steps of vec_assign_fallback_locked(), in order of preference. */
enum vec_search {
	VEC_SEARCH_AFFINITY_NODE,
	VEC_SEARCH_AFFINITY,
	VEC_SEARCH_NODE,
	VEC_SEARCH_ONLINE,
	VEC_SEARCH_NR,
};

struct irq_domain *x86_vector_domain;
EXPORT_SYMBOL_GPL(x86_vector_domain);

static DEFINE_RAW_SPINLOCK(vector_lock);
static struct irq_matrix *vector_matrix;
static cpumask_var_t vector_searchmask;
static struct vector_totals vector_totals;
static struct irq_chip lapic_controller;

/*
 * Per CPU: the interrupts whose current vector lives on that CPU. The
 * lists outlive an offline: an interrupt which is activated but not
 * started is not migrated and keeps its vector, and lapic_online()
 * installs it again when the CPU returns.
 */
static DEFINE_PER_CPU(struct hlist_head, vec_targets);

static struct vecdata *vecdata_of(struct irq_data *irqd)
{
	struct irq_data *root = irqd;

	while (root && root->parent_data)
		root = root->parent_data;
	return root ? root->chip_data : NULL;
}

/**
 * irqd_cfg - hardware vector configuration of an interrupt
 * @irqd:	Interrupt data at any level of the hierarchy
 *
 * Return: the vector domain's configuration (vector and APIC destination)
 * for the interrupt, or NULL if it has none.
 */
struct irq_cfg *irqd_cfg(struct irq_data *irqd)
{
	struct vecdata *vd = vecdata_of(irqd);

	if (!vd)
		return NULL;
	return &vd->hw;
}
EXPORT_SYMBOL_GPL(irqd_cfg);

/**
 * irq_cfg - hardware vector configuration of an interrupt number
 * @irq:	Linux interrupt number
 *
 * Return: as irqd_cfg() for the interrupt's top level data.
 */
struct irq_cfg *irq_cfg(unsigned int irq)
{
	return irqd_cfg(irq_get_irq_data(irq));
}

/* Set or clear one state flag of an interrupt and its domain-wide count. */
static void vec_set_state(bool *flag, unsigned int *total, bool on)
{
	lockdep_assert_held(&vector_lock);

	if (*flag == on)
		return;
	*flag = on;
	if (on)
		(*total)++;
	else
		(*total)--;
}

static void vec_write_cfg(struct irq_data *irqd, unsigned int vector,
			  unsigned int cpu)
{
	struct irq_cfg *cfg = &vecdata_of(irqd)->hw;

	lockdep_assert_held(&vector_lock);

	*cfg = (struct irq_cfg) {
		.dest_apicid	= apic->calc_dest_apicid(cpu),
		.vector		= vector,
	};
	trace_vector_config(irqd->irq, vector, cpu, cfg->dest_apicid);
	irq_data_update_effective_affinity(irqd, cpumask_of(cpu));
}

/* Point the hardware at the shutdown vector: used while no vector is held. */
static void vec_park_on_shutdown(struct irq_data *irqd)
{
	vec_write_cfg(irqd, MANAGED_IRQ_SHUTDOWN_VECTOR,
		      cpumask_first(cpu_online_mask));
}

/*
 * Make (@vector, @cpu) the current pair of @vd, keeping the per CPU
 * target lists in step. A zero @vector leaves the interrupt without one.
 */
static void vec_set_current(struct vecdata *vd, unsigned int vector,
			    unsigned int cpu)
{
	lockdep_assert_held(&vector_lock);

	if (!hlist_unhashed(&vd->target_node))
		hlist_del_init(&vd->target_node);
	/* irq_complete_move() looks at the target without the lock */
	WRITE_ONCE(vd->vector, vector);
	WRITE_ONCE(vd->cpu, cpu);
	if (vector)
		hlist_add_head(&vd->target_node, per_cpu_ptr(&vec_targets, cpu));
}

static void vec_release(unsigned int cpu, unsigned int vector, bool managed,
			struct irq_desc *slot)
{
	lockdep_assert_held(&vector_lock);

	per_cpu(vector_irq, cpu)[vector] = slot;
	irq_matrix_free(vector_matrix, cpu, vector, managed);
}

#ifdef CONFIG_SMP
static void vec_unqueue_cleanup(struct vecdata *vd);
#else
static inline void vec_unqueue_cleanup(struct vecdata *vd) { }
#endif

/*
 * The current pair is about to be replaced. Keep it as the old pair while
 * its CPU is online (the device may still use it), otherwise free it. The
 * vector_irq[] slot of an offline CPU is left for fixup_irqs().
 */
static void vec_retire_current(struct vecdata *vd)
{
	lockdep_assert_held(&vector_lock);

	if (!vd->vector)
		return;
	if (!cpu_online(vd->cpu)) {
		irq_matrix_free(vector_matrix, vd->cpu, vd->vector, vd->managed);
		return;
	}
	vd->old_vector = vd->vector;
	vd->old_cpu = vd->cpu;
	vec_set_state(&vd->moving, &vector_totals.moving, true);
}

static void vec_install(struct irq_data *irqd, unsigned int vector,
			unsigned int cpu)
{
	struct irq_desc **slot = &per_cpu(vector_irq, cpu)[vector];
	struct vecdata *vd = vecdata_of(irqd);

	lockdep_assert_held(&vector_lock);

	trace_vector_update(irqd->irq, vector, cpu, vd->vector, vd->cpu);
	vec_retire_current(vd);
	vec_set_current(vd, vector, cpu);
	WARN_ON_ONCE(!IS_ERR_OR_NULL(*slot));
	*slot = irq_data_to_desc(irqd);
	vec_write_cfg(irqd, vector, cpu);
}

/* Release the current and the old pair, for deactivation and teardown. */
static void vec_clear_locked(struct irq_data *irqd)
{
	struct vecdata *vd = vecdata_of(irqd);

	lockdep_assert_held(&vector_lock);

	if (!vd->vector)
		return;

	trace_vector_clear(irqd->irq, vd->vector, vd->cpu, vd->old_vector,
			   vd->old_cpu);
	vec_release(vd->cpu, vd->vector, vd->managed, VECTOR_SHUTDOWN);
	vec_set_current(vd, 0, vd->cpu);

	if (!vd->old_vector)
		return;
	vec_release(vd->old_cpu, vd->old_vector, vd->managed, VECTOR_SHUTDOWN);
	vd->old_vector = 0;
	vec_set_state(&vd->moving, &vector_totals.moving, false);
	vec_unqueue_cleanup(vd);
}

static void vec_reserve_global_locked(struct irq_data *irqd)
{
	struct vecdata *vd = vecdata_of(irqd);

	lockdep_assert_held(&vector_lock);

	irq_matrix_reserve(vector_matrix);
	vd->reservable = true;
	vec_set_state(&vd->reserved, &vector_totals.reserved, true);
	trace_vector_reserve(irqd->irq, 0);
	irqd_set_can_reserve(irqd);
	vec_park_on_shutdown(irqd);
}

/*
 * Without a vector: a reservable interrupt goes back to the global
 * reservation, a managed one keeps its own and waits on the shutdown
 * vector.
 */
static void vec_enter_idle_locked(struct irq_data *irqd)
{
	if (vecdata_of(irqd)->reservable)
		vec_reserve_global_locked(irqd);
	else
		vec_park_on_shutdown(irqd);
}

static int vec_reserve_managed_locked(struct irq_data *irqd)
{
	const struct cpumask *aff = irq_data_get_affinity_mask(irqd);
	struct vecdata *vd = vecdata_of(irqd);
	int ret;

	lockdep_assert_held(&vector_lock);

	ret = irq_matrix_reserve_managed(vector_matrix, aff);
	trace_vector_reserve_managed(irqd->irq, ret);
	if (ret)
		return ret;
	vd->managed = true;
	vector_totals.managed++;
	return 0;
}

static int vec_alloc_from_matrix(struct irq_data *irqd,
				 const struct cpumask *dest, unsigned int *cpu)
{
	struct vecdata *vd = vecdata_of(irqd);
	int vector;

	if (vd->managed) {
		vector = irq_matrix_alloc_managed(vector_matrix, dest, cpu);
		trace_vector_alloc_managed(irqd->irq, vector, vector);
		return vector;
	}

	vector = irq_matrix_alloc(vector_matrix, dest, vd->reserved, cpu);
	trace_vector_alloc(irqd->irq, vector, vd->reserved, vector);
	if (vector >= 0)
		vec_set_state(&vd->reserved, &vector_totals.reserved, false);
	return vector;
}

/*
 * Move the interrupt to a CPU of @dest, which must only contain online
 * CPUs. Nothing happens if the current target already is in @dest.
 */
static int vec_retarget_locked(struct irq_data *irqd,
			       const struct cpumask *dest)
{
	struct vecdata *vd = vecdata_of(irqd);
	unsigned int cpu;
	int vector;

	lockdep_assert_held(&vector_lock);

	if (vd->managed) {
		cpumask_and(vector_searchmask, dest,
			    irq_data_get_affinity_mask(irqd));
		dest = vector_searchmask;
	}

	if (vd->vector && cpu_online(vd->cpu) && cpumask_test_cpu(vd->cpu, dest))
		return 0;

	if (vd->old_vector)
		return -EBUSY;

	vector = vec_alloc_from_matrix(irqd, dest, &cpu);
	if (vector < 0)
		return vector;
	vec_install(irqd, vector, cpu);
	return 0;
}

/* vec_retarget_locked() restricted to the online CPUs of @dest. */
static int vec_retarget_online_locked(struct irq_data *irqd,
				      const struct cpumask *dest)
{
	lockdep_assert_held(&vector_lock);

	cpumask_and(vector_searchmask, dest, cpu_online_mask);
	return vec_retarget_locked(irqd, vector_searchmask);
}

static bool vec_fill_searchmask(struct irq_data *irqd, enum vec_search step)
{
	const struct cpumask *aff = irq_data_get_affinity_mask(irqd);
	int node = irq_data_get_node(irqd);

	switch (step) {
	case VEC_SEARCH_AFFINITY_NODE:
		if (node == NUMA_NO_NODE)
			return false;
		cpumask_and(vector_searchmask, aff, cpumask_of_node(node));
		break;
	case VEC_SEARCH_AFFINITY:
		cpumask_copy(vector_searchmask, aff);
		break;
	case VEC_SEARCH_NODE:
		if (node == NUMA_NO_NODE)
			return false;
		cpumask_copy(vector_searchmask, cpumask_of_node(node));
		break;
	default:
		cpumask_copy(vector_searchmask, cpu_online_mask);
		break;
	}
	cpumask_and(vector_searchmask, vector_searchmask, cpu_online_mask);
	return !cpumask_empty(vector_searchmask);
}

/*
 * Assign a regular vector, preferring the affinity mask (its node local
 * part first), then the interrupt's node, then any online CPU. Sets
 * @broken when the result lies outside the affinity mask.
 */
static int vec_assign_fallback_locked(struct irq_data *irqd, bool *broken)
{
	const struct cpumask *aff = irq_data_get_affinity_mask(irqd);
	struct vecdata *vd = vecdata_of(irqd);
	enum vec_search step;
	int ret = -ENOSPC;

	lockdep_assert_held(&vector_lock);

	for (step = 0; step < VEC_SEARCH_NR; step++) {
		if (!vec_fill_searchmask(irqd, step))
			continue;
		ret = vec_retarget_locked(irqd, vector_searchmask);
		if (!ret)
			break;
	}
	*broken = !ret && !cpumask_test_cpu(vd->cpu, aff);
	return ret;
}

static int vec_activate_fixed(struct irq_data *irqd, enum vec_note *note)
{
	struct vecdata *vd = vecdata_of(irqd);
	bool broken;
	int ret;

	ret = vec_assign_fallback_locked(irqd, &broken);
	if (broken)
		*note = VEC_NOTE_AFFINITY_BROKEN;
	return vd->vector ? 0 : ret;
}

static int vec_activate_reserved(struct irq_data *irqd, enum vec_note *note)
{
	struct vecdata *vd = vecdata_of(irqd);
	bool broken;
	int ret;

	ret = vec_assign_fallback_locked(irqd, &broken);
	if (ret)
		return ret;
	if (broken)
		*note = VEC_NOTE_AFFINITY_BROKEN;
	/*
	 * The core may have disabled reservation mode after the allocation
	 * (non-maskable MSI without remapping): keep the vector for good.
	 */
	if (!irqd_can_reserve(irqd))
		vd->reservable = false;
	return 0;
}

static int vec_activate_managed(struct irq_data *irqd, enum vec_note *note)
{
	const struct cpumask *aff = irq_data_get_affinity_mask(irqd);
	int ret;

	cpumask_and(vector_searchmask, aff, cpu_online_mask);
	if (cpumask_empty(vector_searchmask)) {
		*note = VEC_NOTE_MANAGED_NO_CPU;
		return -EINVAL;
	}
	ret = vec_retarget_locked(irqd, vector_searchmask);
	if (ret)
		*note = VEC_NOTE_MANAGED_NO_VECTOR;
	return ret;
}

static void vec_report(struct irq_data *irqd, enum vec_note note)
{
	struct vecdata *vd = vecdata_of(irqd);

	switch (note) {
	case VEC_NOTE_NONE:
		break;
	case VEC_NOTE_AFFINITY_BROKEN:
		pr_warn("irq %u: Affinity broken due to vector space exhaustion. Now on CPU %u, outside mask %*pbl\n",
			irqd->irq, READ_ONCE(vd->cpu),
			cpumask_pr_args(irq_data_get_affinity_mask(irqd)));
		break;
	case VEC_NOTE_MANAGED_NO_CPU:
		pr_err("Managed startup for irq %u, but no CPU. None of %*pbl is online\n",
		       irqd->irq,
		       cpumask_pr_args(irq_data_get_affinity_mask(irqd)));
		WARN_ON_ONCE(1);
		break;
	case VEC_NOTE_MANAGED_NO_VECTOR:
		pr_err("Managed startup irq %u, no vector available despite reservation\n",
		       irqd->irq);
		WARN_ON_ONCE(1);
		break;
	}
}

static int x86_vector_activate(struct irq_domain *dom, struct irq_data *irqd,
			       bool reserve)
{
	struct vecdata *vd = vecdata_of(irqd);
	enum vec_note note = VEC_NOTE_NONE;
	unsigned long flags;
	int ret = 0;

	trace_vector_activate(irqd->irq, vd->managed, vd->reservable, reserve);

	raw_spin_lock_irqsave(&vector_lock, flags);
	if (!vd->managed && !vd->reservable)
		ret = vec_activate_fixed(irqd, &note);
	else if (reserve || irqd_is_managed_and_shutdown(irqd))
		vec_park_on_shutdown(irqd);
	else if (vd->managed)
		ret = vec_activate_managed(irqd, &note);
	else if (vd->reserved)
		ret = vec_activate_reserved(irqd, &note);
	/* Broken affinity is reported once per interrupt */
	if (note == VEC_NOTE_AFFINITY_BROKEN && vd->warned)
		note = VEC_NOTE_NONE;
	else if (note == VEC_NOTE_AFFINITY_BROKEN)
		vd->warned = true;
	raw_spin_unlock_irqrestore(&vector_lock, flags);

	vec_report(irqd, note);
	return ret;
}

static void x86_vector_deactivate(struct irq_domain *dom,
				  struct irq_data *irqd)
{
	struct vecdata *vd = vecdata_of(irqd);
	unsigned long flags;

	trace_vector_deactivate(irqd->irq, vd->managed, vd->reservable, false);

	raw_spin_lock_irqsave(&vector_lock, flags);
	/*
	 * Fixed interrupts keep their vector for their whole life and a
	 * held global reservation means there is no vector to give back.
	 */
	if ((vd->managed || vd->reservable) && !vd->reserved) {
		vec_clear_locked(irqd);
		vec_enter_idle_locked(irqd);
	}
	raw_spin_unlock_irqrestore(&vector_lock, flags);
}

static void vec_drop_reservations_locked(struct irq_data *irqd)
{
	struct vecdata *vd = vecdata_of(irqd);

	lockdep_assert_held(&vector_lock);

	trace_vector_teardown(irqd->irq, vd->managed, vd->reserved);
	if (vd->reserved) {
		irq_matrix_remove_reserved(vector_matrix);
		vec_set_state(&vd->reserved, &vector_totals.reserved, false);
	}
	if (vd->managed) {
		irq_matrix_remove_managed(vector_matrix,
					  irq_data_get_affinity_mask(irqd));
		vector_totals.managed--;
	}
}

static void vec_teardown_one(struct irq_data *irqd)
{
	struct vecdata *vd;
	unsigned long flags;

	if (!irqd || !irqd->chip_data)
		return;

	raw_spin_lock_irqsave(&vector_lock, flags);
	vd = irqd->chip_data;
	vec_clear_locked(irqd);
	vec_drop_reservations_locked(irqd);
	vector_totals.irqs--;
	irq_domain_reset_irq_data(irqd);
	raw_spin_unlock_irqrestore(&vector_lock, flags);

	kfree(vd);
}

static void x86_vector_free_irqs(struct irq_domain *domain,
				 unsigned int virq, unsigned int nr_irqs)
{
	unsigned int i;

	for (i = 0; i < nr_irqs; i++)
		vec_teardown_one(irq_domain_get_irq_data(domain, virq + i));
}

/*
 * A legacy interrupt taken over by the IOAPIC stays on its ISA vector on
 * CPU0 when it is already running (the timer, which check_timer() may
 * switch back to the PIC). Otherwise its ISA vector is released and it
 * goes through the regular policy. Return: true if the vector was kept.
 */
static bool vec_keep_legacy_locked(struct irq_data *irqd)
{
	struct vecdata *vd = vecdata_of(irqd);

	lockdep_assert_held(&vector_lock);

	vec_set_current(vd, ISA_IRQ_VECTOR(irqd->irq), 0);
	if (irqd_is_activated(irqd)) {
		vec_write_cfg(irqd, vd->vector, vd->cpu);
		return true;
	}
	vd->reservable = true;
	irqd_set_can_reserve(irqd);
	vec_clear_locked(irqd);
	return false;
}

static int vec_initial_policy_locked(struct irq_data *irqd,
				     struct irq_alloc_info *info)
{
	lockdep_assert_held(&vector_lock);

	if (irqd_affinity_is_managed(irqd))
		return vec_reserve_managed_locked(irqd);
	if (info->mask)
		return vec_retarget_online_locked(irqd, info->mask);
	vec_reserve_global_locked(irqd);
	return 0;
}

static void vec_init_irqd(struct irq_data *irqd, struct vecdata *vd,
			  unsigned int virq)
{
	INIT_HLIST_NODE(&vd->target_node);
	INIT_HLIST_NODE(&vd->cleanup_node);
	vd->irq = virq;
	irqd->chip = &lapic_controller;
	irqd->chip_data = vd;
	irqd->hwirq = virq;
	irqd_set_single_target(irqd);
	/*
	 * Handling one of these from a non-interrupt context, e.g. through
	 * generic_handle_irq(), would corrupt the move state.
	 */
	irqd_set_handle_enforce_irqctx(irqd);
	/* The core must not change the affinity of a deactivated one. */
	irqd_set_affinity_on_activate(irqd);
}

static int vec_setup_one(struct irq_domain *domain, unsigned int virq,
			 struct irq_alloc_info *info)
{
	bool legacy = info->flags & X86_IRQ_ALLOC_LEGACY;
	struct irq_data *irqd;
	struct vecdata *vd;
	unsigned long flags;
	bool kept = false;
	int ret = 0;

	/* The cascade of a PIC equipped system is never a device interrupt. */
	if (WARN_ON_ONCE(legacy && virq == PIC_CASCADE_IR))
		return -EINVAL;

	irqd = irq_domain_get_irq_data(domain, virq);
	if (WARN_ON_ONCE(!irqd || irqd->chip_data))
		return -EINVAL;

	vd = kzalloc_node(sizeof(*vd), GFP_KERNEL, irq_data_get_node(irqd));
	if (!vd)
		return -ENOMEM;
	vec_init_irqd(irqd, vd, virq);

	raw_spin_lock_irqsave(&vector_lock, flags);
	if (legacy)
		kept = vec_keep_legacy_locked(irqd);
	if (!kept)
		ret = vec_initial_policy_locked(irqd, info);
	if (!ret)
		vector_totals.irqs++;
	raw_spin_unlock_irqrestore(&vector_lock, flags);

	trace_vector_setup(virq, kept, ret);
	if (ret) {
		irqd->chip_data = NULL;
		kfree(vd);
	}
	return ret;
}

/**
 * init_irq_alloc_info - prepare allocation info for the vector domain
 * @info:	Info to clear
 * @mask:	Target CPUs for an immediate assignment, or NULL for the
 *		default policy (reservation, vector at activation)
 */
void init_irq_alloc_info(struct irq_alloc_info *info,
			 const struct cpumask *mask)
{
	*info = (struct irq_alloc_info) { .mask = mask };
}

/**
 * copy_irq_alloc_info - copy allocation info, or clear it
 * @dst:	Destination
 * @src:	Source, NULL to clear @dst
 */
void copy_irq_alloc_info(struct irq_alloc_info *dst, struct irq_alloc_info *src)
{
	if (!src) {
		init_irq_alloc_info(dst, NULL);
		return;
	}
	*dst = *src;
}

static int x86_vector_alloc_irqs(struct irq_domain *domain, unsigned int virq,
				 unsigned int nr_irqs, void *arg)
{
	struct irq_alloc_info *info = arg;
	unsigned int i;
	int ret;

	if (apic_is_disabled)
		return -ENXIO;

	for (i = 0; i < nr_irqs; i++) {
		ret = vec_setup_one(domain, virq + i, info);
		if (ret) {
			x86_vector_free_irqs(domain, virq, i);
			return ret;
		}
	}
	return 0;
}

#ifdef CONFIG_GENERIC_IRQ_DEBUGFS
/*
 * One "label value" line of the debugfs view. Items with a @width print
 * the value right aligned after the label, the others align the values
 * in a column.
 */
struct vec_show_item {
	const char	*label;
	unsigned int	value;
	int		width;
	bool		hide;
};

static void vec_show_items(struct seq_file *m, int ind,
			   const struct vec_show_item *items, unsigned int nr)
{
	const struct vec_show_item *it;

	for (it = items; it < items + nr; it++) {
		if (it->hide)
			continue;
		if (it->width)
			seq_printf(m, "%*s%s %*u\n", ind, "", it->label,
				   it->width, it->value);
		else
			seq_printf(m, "%*s%-18s%u\n", ind, "", it->label,
				   it->value);
	}
}

static void vec_show_domain(struct seq_file *m, int ind)
{
	struct vector_totals t;
	unsigned long flags;

	irq_matrix_debug_show(m, vector_matrix, ind);
	seq_printf(m, "%*sRange:            %u-%u\n", ind, "",
		   FIRST_EXTERNAL_VECTOR, FIRST_SYSTEM_VECTOR - 1);

	raw_spin_lock_irqsave(&vector_lock, flags);
	t = vector_totals;
	raw_spin_unlock_irqrestore(&vector_lock, flags);

	{
		const struct vec_show_item items[] = {
			{ "Interrupts:",	t.irqs },
			{ "Managed:",		t.managed },
			{ "Reserved only:",	t.reserved },
			{ "Moving:",		t.moving },
			{ "Cleanup pending:",	t.cleanup },
		};

		vec_show_items(m, ind, items, ARRAY_SIZE(items));
	}
}

static bool vec_is_pic_irq(unsigned int irq)
{
	return irq < nr_legacy_irqs() && !test_bit(irq, &io_apic_irqs);
}

static void vec_show_irq(struct seq_file *m, struct irq_data *irqd, int ind)
{
	unsigned long flags;
	struct vecdata vd;

	raw_spin_lock_irqsave(&vector_lock, flags);
	vd = *(struct vecdata *)irqd->chip_data;
	raw_spin_unlock_irqrestore(&vector_lock, flags);

	{
		const struct vec_show_item items[] = {
			{ "Vector:", vd.vector, 5 },
			{ "Target:", vd.cpu, 5 },
			{ "Previous vector:", vd.old_vector, 5, !vd.old_vector },
			{ "Previous target:", vd.old_cpu, 5, !vd.old_vector },
			{ "move_in_progress:", vd.moving },
			{ "is_managed:", vd.managed },
			{ "can_reserve:", vd.reservable },
			{ "has_reserved:", vd.reserved },
			{ "cleanup_pending:", !hlist_unhashed(&vd.cleanup_node) },
		};

		vec_show_items(m, ind, items, ARRAY_SIZE(items));
	}
}

static void x86_vector_debug_show(struct seq_file *m, struct irq_domain *d,
				  struct irq_data *irqd, int ind)
{
	if (!irqd) {
		vec_show_domain(m, ind);
		return;
	}
	if (vec_is_pic_irq(irqd->irq)) {
		seq_printf(m, "%*sVector: %5d\n", ind, "",
			   ISA_IRQ_VECTOR(irqd->irq));
		seq_printf(m, "%*sTarget: Legacy PIC all CPUs\n", ind, "");
		return;
	}
	if (!irqd->chip_data) {
		seq_printf(m, "%*sVector: Not assigned\n", ind, "");
		return;
	}
	vec_show_irq(m, irqd, ind);
}
#endif

/*
 * An irqchip fwnode named "<prefix><id>" whose id matches the single
 * parameter of @fwspec.
 */
static bool fwspec_is_named_chip(struct irq_fwspec *fwspec, const char *prefix)
{
	size_t len = strlen(prefix);
	const char *name;
	unsigned int id;

	name = fwnode_get_name(fwspec->fwnode);
	if (!name || strncmp(name, prefix, len))
		return false;
	return !kstrtouint(name + len, 10, &id) && id == fwspec->param[0];
}

/**
 * x86_fwspec_is_ioapic - check whether a fwspec names an IOAPIC pin
 * @fwspec:	Firmware specification from an irq domain select() call
 *
 * Return: 1 if @fwspec refers to an IOAPIC ("IO-APIC-<id>" irqchip fwnode
 * or a CE4100 device tree IOAPIC), 0 otherwise.
 */
int x86_fwspec_is_ioapic(struct irq_fwspec *fwspec)
{
	struct device_node *np;

	if (fwspec->param_count != 1)
		return 0;
	if (is_fwnode_irqchip(fwspec->fwnode))
		return fwspec_is_named_chip(fwspec, "IO-APIC-");
	np = to_of_node(fwspec->fwnode);
	return np && of_device_is_compatible(np, "intel,ce4100-ioapic");
}

/**
 * x86_fwspec_is_hpet - check whether a fwspec names an HPET MSI channel
 * @fwspec:	Firmware specification from an irq domain select() call
 *
 * Return: 1 if @fwspec refers to an "HPET-MSI-<id>" irqchip fwnode, 0
 * otherwise.
 */
int x86_fwspec_is_hpet(struct irq_fwspec *fwspec)
{
	return fwspec->param_count == 1 && is_fwnode_irqchip(fwspec->fwnode) &&
	       fwspec_is_named_chip(fwspec, "HPET-MSI-");
}

static int x86_vector_select(struct irq_domain *d, struct irq_fwspec *fwspec,
			     enum irq_domain_bus_token bus_token)
{
	/*
	 * APIC IDs above 15 bits need interrupt remapping, and with
	 * remapping the IOAPIC and HPET hang below the remapping domain.
	 */
	return !apic_id_valid(32768) &&
	       (x86_fwspec_is_ioapic(fwspec) || x86_fwspec_is_hpet(fwspec));
}

static const struct irq_domain_ops x86_vector_domain_ops = {
	.alloc		= x86_vector_alloc_irqs,
	.free		= x86_vector_free_irqs,
#ifdef CONFIG_GENERIC_IRQ_DEBUGFS
	.debug_show	= x86_vector_debug_show,
#endif
	.activate	= x86_vector_activate,
	.deactivate	= x86_vector_deactivate,
	.select		= x86_vector_select,
};

/**
 * arch_probe_nr_irqs - size the interrupt number space
 *
 * Bounds nr_irqs by the vectors all possible CPUs can hold and by what
 * the GSIs, the legacy interrupts and MSI plausibly need.
 *
 * Return: the number of legacy interrupts to preallocate, as probed by
 * the legacy PIC driver.
 */
int __init arch_probe_nr_irqs(void)
{
	int per_cpus = 8 * nr_cpu_ids;
	int want;

	nr_irqs = min_t(int, nr_irqs, NR_VECTORS * nr_cpu_ids);

	want = gsi_top + nr_legacy_irqs() + per_cpus;
	if (IS_ENABLED(CONFIG_PCI_MSI))
		want += gsi_top <= NR_IRQS_LEGACY ? per_cpus : gsi_top * 16;
	nr_irqs = min(nr_irqs, want);

	/* Whether a PIC exists is only known after probing it. */
	return legacy_pic->probe();
}

/**
 * lapic_assign_legacy_vector - make a legacy interrupt's vector a system one
 * @irq:	ISA interrupt number
 * @replace:	Convert an already assigned vector
 *
 * System vectors exist on all CPUs, are not moved on CPU hot-unplug and
 * cannot be handed out by managed reservations.
 */
void lapic_assign_legacy_vector(unsigned int irq, bool replace)
{
	irq_matrix_assign_system(vector_matrix, ISA_IRQ_VECTOR(irq), replace);
}

/**
 * lapic_update_legacy_vectors - route all legacy interrupts through the PIC
 *
 * Without an IOAPIC (disabled in the config, on the command line or not
 * enumerated) the PIC delivers every legacy interrupt, possibly to any
 * CPU: turn their vectors into system vectors. The cascade was handled
 * by lapic_assign_system_vectors() already.
 */
void __init lapic_update_legacy_vectors(void)
{
	bool pic_only = !IS_ENABLED(CONFIG_X86_IO_APIC) || !nr_ioapics;
	unsigned int irq;

	for (irq = 0; pic_only && irq < nr_legacy_irqs(); irq++) {
		if (irq == PIC_CASCADE_IR)
			continue;
		lapic_assign_legacy_vector(irq, true);
	}
}

/* The preallocated legacy interrupts run on their ISA vectors on CPU0. */
static void __init vec_account_legacy_irqs(void)
{
	unsigned int irq = nr_legacy_irqs();

	while (irq--) {
		if (irq != PIC_CASCADE_IR)
			irq_matrix_assign(vector_matrix, ISA_IRQ_VECTOR(irq));
	}
}

/**
 * lapic_assign_system_vectors - set up the boot CPU's vector space
 *
 * Marks the system vectors and the PIC cascade as taken, brings the boot
 * CPU online in the matrix and accounts the vectors of the preallocated
 * legacy interrupts on it. The cascade (IRQ2) is never allocated.
 */
void __init lapic_assign_system_vectors(void)
{
	unsigned int vector;

	if (nr_legacy_irqs() > 1)
		lapic_assign_legacy_vector(PIC_CASCADE_IR, false);
	for_each_set_bit(vector, system_vectors, NR_VECTORS)
		irq_matrix_assign_system(vector_matrix, vector, false);

	irq_matrix_online(vector_matrix);
	vec_account_legacy_irqs();
}

/**
 * arch_early_irq_init - create the vector domain and the vector matrix
 *
 * Return: the result of the early IOAPIC setup.
 */
int __init arch_early_irq_init(void)
{
	struct fwnode_handle *fn = irq_domain_alloc_named_fwnode("VECTOR");

	if (fn)
		x86_vector_domain = irq_domain_create_tree(fn,
							   &x86_vector_domain_ops,
							   NULL);
	/* Device vectors live between the exception and the system vectors. */
	vector_matrix = irq_alloc_matrix(NR_VECTORS, FIRST_EXTERNAL_VECTOR,
					 FIRST_SYSTEM_VECTOR);
	if (!x86_vector_domain || !vector_matrix ||
	    !zalloc_cpumask_var(&vector_searchmask, GFP_KERNEL))
		panic("Cannot set up the x86 vector domain\n");
	/*
	 * The per CPU target lists outlive an offline and lapic_online()
	 * installs their vector_irq[] slots again: during system sleep the
	 * core may leave suspended interrupts on their CPU.
	 */
	x86_vector_domain->flags |= IRQ_DOMAIN_FLAG_SLEEP_KEEP;

	irq_set_default_host(x86_vector_domain);
	return arch_early_ioapic_init();
}

/**
 * lock_vector_lock - take the vector lock
 *
 * Used by the CPU hotplug code to flip a CPU's online bit together with
 * the vector matrix, by the MSI code around a non-atomic message update
 * and by common_interrupt() to re-check a vector_irq[] slot.
 */
void lock_vector_lock(void)
{
	raw_spin_lock(&vector_lock);
}

/**
 * unlock_vector_lock - release the vector lock taken by lock_vector_lock()
 */
void unlock_vector_lock(void)
{
	raw_spin_unlock(&vector_lock);
}

#ifdef CONFIG_SMP

/**
 * struct vec_cleanup - old vectors of finished moves on one CPU
 * @list:	Interrupts whose old pair lives on this CPU
 * @timer:	Pinned timer which frees them once no longer pending
 */
struct vec_cleanup {
	struct hlist_head	list;
	struct timer_list	timer;
};

static void vec_cleanup_expire(struct timer_list *timer);

static DEFINE_PER_CPU(struct vec_cleanup, vec_cleanup) = {
	.list	= HLIST_HEAD_INIT,
	.timer	= __TIMER_INITIALIZER(vec_cleanup_expire, TIMER_PINNED),
};

static void vec_unqueue_cleanup(struct vecdata *vd)
{
	lockdep_assert_held(&vector_lock);

	if (hlist_unhashed(&vd->cleanup_node))
		return;
	hlist_del_init(&vd->cleanup_node);
	vector_totals.cleanup--;
}

/*
 * Give back the old pair of a move. @keep_slot leaves the vector_irq[]
 * entry alone: on a CPU going offline fixup_irqs() still looks at it to
 * forward an interrupt pending in that CPU's IRR, and lapic_online()
 * rebuilds the table before the CPU takes interrupts again.
 */
static void vec_drop_old(struct vecdata *vd, bool keep_slot)
{
	unsigned int cpu = vd->old_cpu, vector = vd->old_vector;

	lockdep_assert_held(&vector_lock);

	trace_vector_free_moved(vd->irq, cpu, vector, vd->managed);
	irq_matrix_free(vector_matrix, cpu, vector, vd->managed);
	if (!keep_slot)
		per_cpu(vector_irq, cpu)[vector] = VECTOR_UNUSED;
	vec_unqueue_cleanup(vd);
	vd->old_vector = 0;
	vec_set_state(&vd->moving, &vector_totals.moving, false);
}

static void vec_queue_cleanup(struct vecdata *vd)
{
	struct vec_cleanup *cl = per_cpu_ptr(&vec_cleanup, vd->old_cpu);

	lockdep_assert_held(&vector_lock);

	hlist_add_head(&vd->cleanup_node, &cl->list);
	vector_totals.cleanup++;
	/*
	 * timer_pending() is stable here: the callback re-arms under
	 * vector_lock and sees this entry if it is already running.
	 */
	if (!timer_pending(&cl->timer)) {
		cl->timer.expires = jiffies + 1;
		add_timer_on(&cl->timer, vd->old_cpu);
	}
}

/*
 * Free the old pairs queued on this CPU. With @check_irr an entry whose
 * vector is still pending in the local APIC stays queued. Return: the
 * number of entries left, and one of their interrupts in @stuck_irq.
 */
static unsigned int vec_flush_cleanup(struct vec_cleanup *cl, bool check_irr,
				      unsigned int *stuck_irq)
{
	struct hlist_node *tmp;
	unsigned int left = 0;
	struct vecdata *vd;

	lockdep_assert_held(&vector_lock);

	hlist_for_each_entry_safe(vd, tmp, &cl->list, cleanup_node) {
		if (check_irr && is_vector_pending(vd->old_vector)) {
			*stuck_irq = vd->irq;
			left++;
			continue;
		}
		vec_drop_old(vd, false);
	}
	return left;
}

static void vec_cleanup_expire(struct timer_list *timer)
{
	struct vec_cleanup *cl = container_of(timer, struct vec_cleanup, timer);
	unsigned int stuck_irq = 0, left;

	raw_spin_lock_irq(&vector_lock);
	left = vec_flush_cleanup(cl, true, &stuck_irq);
	if (left)
		mod_timer(&cl->timer, jiffies + 1);
	raw_spin_unlock_irq(&vector_lock);

	if (left)
		pr_warn_once("Moved interrupt pending in old target APIC %u: cleanup deferred\n",
			     stuck_irq);
}

/*
 * The new pair is in use: hand the old one to the cleanup timer of its
 * CPU, or free it at once if that CPU is gone.
 */
static void vec_finish_move(struct vecdata *vd)
{
	unsigned int irq = vd->irq, old_cpu = 0;
	unsigned long flags;
	bool offline = false;

	raw_spin_lock_irqsave(&vector_lock, flags);
	if (vd->moving) {
		vec_set_state(&vd->moving, &vector_totals.moving, false);
		old_cpu = vd->old_cpu;
		offline = !cpu_online(old_cpu);
		if (offline)
			vec_drop_old(vd, true);
		else
			vec_queue_cleanup(vd);
	}
	raw_spin_unlock_irqrestore(&vector_lock, flags);

	if (offline)
		pr_warn("IRQ %u schedule cleanup for offline CPU %u: old vector freed at once\n",
			irq, old_cpu);
}

/**
 * vector_schedule_cleanup - the hardware now uses the new vector
 * @cfg:	Configuration of the moved interrupt
 *
 * Called by interrupt remapping drivers, whose table update is atomic,
 * right after switching an interrupt to its new vector.
 */
void vector_schedule_cleanup(struct irq_cfg *cfg)
{
	struct vecdata *vd = container_of(cfg, struct vecdata, hw);

	if (READ_ONCE(vd->moving))
		vec_finish_move(vd);
}

/**
 * irq_complete_move - finish a move when its first interrupt arrives
 * @cfg:	Configuration of the interrupt being acknowledged
 *
 * Called from the acknowledge path in interrupt context. An interrupt
 * which arrives on the new target CPU proves that the device uses the new
 * pair: the old vector can go. The vector need not be checked, as an
 * interrupt never moves between two vectors of the same CPU.
 */
void irq_complete_move(struct irq_cfg *cfg)
{
	struct vecdata *vd = container_of(cfg, struct vecdata, hw);

	if (likely(!READ_ONCE(vd->moving)))
		return;
	if (READ_ONCE(vd->cpu) == smp_processor_id())
		vec_finish_move(vd);
}

/**
 * irq_force_complete_move - drop the old vector of a move on CPU unplug
 * @desc:	Interrupt descriptor, locked, interrupts disabled
 *
 * Called from fixup_irqs() on the outgoing CPU for every interrupt,
 * before the core decides whether the interrupt must be migrated. If the
 * outgoing CPU holds either pair of a move, the move cannot complete any
 * more: the old vector is freed here so it neither leaks nor blocks the
 * migration with -EBUSY. When the old vector lives on the outgoing CPU
 * its vector_irq[] slot is kept, so that fixup_irqs() still forwards an
 * interrupt pending there to the new target.
 */
void irq_force_complete_move(struct irq_desc *desc)
{
	unsigned int cpu = smp_processor_id(), old = 0;
	struct irq_data *irqd;
	bool moving = false;
	struct vecdata *vd;

	irqd = irq_domain_get_irq_data(x86_vector_domain,
				       irq_desc_get_irq(desc));
	if (!irqd)
		return;

	raw_spin_lock(&vector_lock);
	vd = irqd->chip_data;
	if (vd && vd->old_vector &&
	    (vd->cpu == cpu || vd->old_cpu == cpu)) {
		old = vd->old_vector;
		moving = vd->moving;
		vec_drop_old(vd, vd->old_cpu == cpu);
	}
	raw_spin_unlock(&vector_lock);

	if (old && moving)
		pr_warn("IRQ fixup: irq %u move in progress, old vector %u freed\n",
			irqd->irq, old);
}

static int apic_set_affinity(struct irq_data *irqd,
			     const struct cpumask *dest, bool force)
{
	int ret = -EIO;

	if (WARN_ON_ONCE(!irqd_is_activated(irqd)))
		return ret;
	raw_spin_lock(&vector_lock);
	ret = vec_retarget_online_locked(irqd, dest);
	raw_spin_unlock(&vector_lock);
	return ret < 0 ? ret : IRQ_SET_MASK_OK;
}

/*
 * What vector_irq[] holds for @vector on a CPU coming online: the PIC
 * delivers legacy interrupts which the IOAPIC does not own to any CPU,
 * everything else has no interrupt targeted at this CPU yet.
 */
static struct irq_desc *vec_online_slot(unsigned int vector)
{
	unsigned int isa = vector - ISA_IRQ_VECTOR(0);

	/* Vectors below the ISA range wrap around to large values. */
	if (isa < nr_legacy_irqs() && !test_bit(isa, &io_apic_irqs))
		return irq_to_desc(isa);
	return VECTOR_UNUSED;
}

/**
 * lapic_online - bring the vector space of the current CPU online
 *
 * Called on a CPU coming up, with vector_lock held together with setting
 * its bit in cpu_online_mask, so allocations see both or neither. The
 * vector_irq[] table is rebuilt from the domain's state: an interrupt
 * which was activated but not started when the CPU went offline was not
 * migrated and still holds its vector here, so its slot is installed
 * again before the interrupt can be started.
 */
void lapic_online(void)
{
	unsigned int vector = NR_VECTORS;
	struct vecdata *vd;

	lockdep_assert_held(&vector_lock);

	while (vector--)
		this_cpu_write(vector_irq[vector], vec_online_slot(vector));
	hlist_for_each_entry(vd, this_cpu_ptr(&vec_targets), target_node)
		this_cpu_write(vector_irq[vd->vector], irq_to_desc(vd->irq));
	irq_matrix_online(vector_matrix);
}

/**
 * lapic_offline - take the vector space of the current CPU offline
 *
 * Called on the outgoing CPU after fixup_irqs() moved its interrupts and
 * forwarded the pending ones: the queued old vectors are freed without
 * checking the IRR and the CPU's matrix map goes offline.
 */
void lapic_offline(void)
{
	struct vec_cleanup *cl = this_cpu_ptr(&vec_cleanup);
	unsigned int unused;

	lock_vector_lock();
	vec_flush_cleanup(cl, false, &unused);
	irq_matrix_offline(vector_matrix);
	WARN_ON_ONCE(try_to_del_timer_sync(&cl->timer) < 0);
	WARN_ON_ONCE(!hlist_empty(&cl->list));
	unlock_vector_lock();
}

#ifdef CONFIG_HOTPLUG_CPU
/*
 * System sleep: the regular interrupts which stay on this CPU while it is
 * offline (irq_sleep_keeps_target()) and so need no vector elsewhere.
 * Called on the outgoing CPU in stop_machine, with the sparse irq lock
 * held by the hotplug code. Takes each descriptor's lock, then
 * vector_lock, the order of every other path.
 */
static unsigned int vec_count_kept(unsigned int cpu)
{
	unsigned int irq, kept = 0;
	struct irq_data *irqd;
	struct irq_desc *desc;
	struct vecdata *vd;

	for_each_active_irq(irq) {
		desc = irq_to_desc(irq);
		raw_spin_lock(&desc->lock);
		irqd = irq_domain_get_irq_data(x86_vector_domain, irq);
		if (irqd && irq_sleep_keeps_target(desc)) {
			raw_spin_lock(&vector_lock);
			vd = irqd->chip_data;
			if (vd && vd->vector && vd->cpu == cpu && !vd->managed)
				kept++;
			raw_spin_unlock(&vector_lock);
		}
		raw_spin_unlock(&desc->lock);
	}
	return kept;
}

/**
 * lapic_can_unplug_cpu - check that the current CPU's interrupts fit elsewhere
 *
 * The regular vectors of this CPU must fit into what the other online
 * CPUs have available. Managed interrupts are excluded: they are shut
 * down or move within their own reservation. During system sleep the
 * interrupts which keep their vector here are excluded as well. The
 * check is coarse, but prevents a migration which would run out of
 * vectors half way.
 *
 * Return: 0 if the CPU can go, -ENOSPC otherwise.
 */
int lapic_can_unplug_cpu(void)
{
	unsigned int cpu = smp_processor_id(), movable, avail, rsvd, kept = 0;

	if (cpuhp_tasks_frozen)
		kept = vec_count_kept(cpu);

	raw_spin_lock(&vector_lock);
	movable = irq_matrix_allocated(vector_matrix);
	avail = irq_matrix_available(vector_matrix, true);
	rsvd = irq_matrix_reserved(vector_matrix);
	raw_spin_unlock(&vector_lock);

	movable -= min(kept, movable);
	if (movable > avail) {
		pr_warn("CPU %u has %u vectors, %u available. Cannot disable CPU: its interrupts do not fit on the remaining CPUs\n",
			cpu, movable, avail);
		return -ENOSPC;
	}
	/* Nobody requests an interrupt while the system goes to sleep */
	if (rsvd > avail && !cpuhp_tasks_frozen)
		pr_warn("Reserved vectors %u > available %u. IRQ request may fail once CPU %u is offline\n",
			rsvd, avail, cpu);
	return 0;
}
#endif /* CONFIG_HOTPLUG_CPU */

#endif /* CONFIG_SMP */

static void x86_vector_msi_compose_msg(struct irq_data *irqd,
				       struct msi_msg *msg)
{
	__irq_msi_compose_msg(irqd_cfg(irqd), msg, false);
}

/* Raise the current vector on the current target CPU by an IPI. */
static int apic_retrigger_irq(struct irq_data *irqd)
{
	unsigned long flags;
	struct vecdata *vd;

	raw_spin_lock_irqsave(&vector_lock, flags);
	vd = vecdata_of(irqd);
	__apic_send_IPI(vd->cpu, vd->vector);
	raw_spin_unlock_irqrestore(&vector_lock, flags);
	return 1;
}

/**
 * apic_ack_edge - acknowledge an edge interrupt which may be moving
 * @irqd:	Interrupt data
 *
 * Completes a move whose first interrupt this is, then acknowledges.
 */
void apic_ack_edge(struct irq_data *irqd)
{
	irq_complete_move(irqd_cfg(irqd));
	apic_ack_irq(irqd);
}

/**
 * apic_ack_irq - acknowledge an interrupt at the local APIC
 * @irqd:	Interrupt data
 *
 * Applies a pending affinity change, then signals end of interrupt.
 */
void apic_ack_irq(struct irq_data *irqd)
{
	irq_move_irq(irqd);
	apic_eoi();
}

static struct irq_chip lapic_controller = {
	.name			= "APIC",
	.irq_ack		= apic_ack_edge,
	.irq_retrigger		= apic_retrigger_irq,
#ifdef CONFIG_SMP
	.irq_set_affinity	= apic_set_affinity,
#endif
	.irq_compose_msi_msg	= x86_vector_msi_compose_msg,
};

/*
 * Boot time dump of the interrupt controllers, "show_lapic=" and the
 * apic= verbosity option select what is shown.
 */

enum lapic_reg_cond {
	LAPIC_REG_ALWAYS,
	LAPIC_REG_INTEGRATED,
	LAPIC_REG_ARBPRI,
	LAPIC_REG_RRR,
	LAPIC_REG_DFR,
	LAPIC_REG_LVT3,
	LAPIC_REG_LVT4,
};

/* @mask: bits also shown as "(%02x)", as for the priority registers */
struct lapic_reg {
	const char		*name;
	u32			reg;
	enum lapic_reg_cond	cond;
	u32			mask;
};

static const struct lapic_reg lapic_dump_regs[] __initconst = {
	{ "TASKPRI",	APIC_TASKPRI,	LAPIC_REG_ALWAYS,	APIC_TPRI_MASK },
	{ "ARBPRI",	APIC_ARBPRI,	LAPIC_REG_ARBPRI,	APIC_ARBPRI_MASK },
	{ "PROCPRI",	APIC_PROCPRI,	LAPIC_REG_INTEGRATED },
	{ "RRR",	APIC_RRR,	LAPIC_REG_RRR },
	{ "LDR",	APIC_LDR,	LAPIC_REG_ALWAYS },
	{ "DFR",	APIC_DFR,	LAPIC_REG_DFR },
	{ "SPIV",	APIC_SPIV,	LAPIC_REG_ALWAYS },
};

static const struct lapic_reg lapic_dump_lvts[] __initconst = {
	{ "LVTT",	APIC_LVTT,	LAPIC_REG_ALWAYS },
	{ "LVTPC",	APIC_LVTPC,	LAPIC_REG_LVT4 },
	{ "LVT0",	APIC_LVT0,	LAPIC_REG_ALWAYS },
	{ "LVT1",	APIC_LVT1,	LAPIC_REG_ALWAYS },
	{ "LVTERR",	APIC_LVTERR,	LAPIC_REG_LVT3 },
	{ "TMICT",	APIC_TMICT,	LAPIC_REG_ALWAYS },
	{ "TMCCT",	APIC_TMCCT,	LAPIC_REG_ALWAYS },
	{ "TDCR",	APIC_TDCR,	LAPIC_REG_ALWAYS },
};

static bool __init lapic_reg_present(enum lapic_reg_cond cond,
				     unsigned int ver, unsigned int maxlvt)
{
	switch (cond) {
	case LAPIC_REG_INTEGRATED:
		return APIC_INTEGRATED(ver);
	case LAPIC_REG_ARBPRI:
		return APIC_INTEGRATED(ver) && !APIC_XAPIC(ver);
	case LAPIC_REG_RRR:
		/* Remote read: 82489DX and the Pentium local APIC only. */
		return !APIC_INTEGRATED(ver) || maxlvt == 3;
	case LAPIC_REG_DFR:
		return !x2apic_enabled();
	case LAPIC_REG_LVT3:
		return maxlvt > 2;
	case LAPIC_REG_LVT4:
		return maxlvt > 3;
	default:
		return true;
	}
}

static void __init lapic_dump_table(const struct lapic_reg *regs,
				    unsigned int nr, unsigned int ver,
				    unsigned int maxlvt)
{
	unsigned int i;
	u32 v;

	for (i = 0; i < nr; i++) {
		if (!lapic_reg_present(regs[i].cond, ver, maxlvt))
			continue;
		v = apic_read(regs[i].reg);
		if (regs[i].mask)
			pr_debug("... APIC %s: %08x (%02x)\n", regs[i].name, v,
				 v & regs[i].mask);
		else
			pr_debug("... APIC %s: %08x\n", regs[i].name, v);
	}
}

/* One 256 bit register (ISR, TMR, IRR) as eight 32 bit words. */
static void __init lapic_dump_bitmap(const char *name, u32 base)
{
	unsigned int i;
	u32 w[8];

	for (i = 0; i < ARRAY_SIZE(w); i++)
		w[i] = apic_read(base + i * 0x10);
	pr_debug("... APIC %s field:\n", name);
	apic_dbg("%08x%08x%08x%08x%08x%08x%08x%08x\n",
		 w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]);
}

static void __init lapic_dump_error_status(unsigned int ver,
					   unsigned int maxlvt)
{
	if (!APIC_INTEGRATED(ver))
		return;
	/* Pentium erratum 3AP: ESR must be written before it is read. */
	if (maxlvt > 3)
		apic_write(APIC_ESR, 0);
	pr_debug("... APIC ESR: %08x\n", apic_read(APIC_ESR));
}

static void __init lapic_dump_extended(void)
{
	unsigned int nr, i;
	u32 feat;

	if (!boot_cpu_has(X86_FEATURE_EXTAPIC))
		return;

	feat = apic_read(APIC_EFEAT);
	nr = (feat >> 16) & 0xff;
	pr_debug("... APIC EFEAT: %08x\n", feat);
	pr_debug("... APIC ECTRL: %08x\n", apic_read(APIC_ECTRL));
	for (i = 0; i < nr; i++)
		pr_debug("... APIC EILVT%u: %08x\n", i,
			 apic_read(APIC_EILVTn(i)));
}

static void __init lapic_dump_this_cpu(void *unused)
{
	unsigned int maxlvt = lapic_get_maxlvt();
	u32 version = apic_read(APIC_LVR);
	unsigned int ver = GET_APIC_VERSION(version);
	u64 icr;

	pr_debug("printing local APIC contents on CPU#%d/%d:\n",
		 smp_processor_id(), read_apic_id());
	pr_info("... APIC ID:      %08x (%01x)\n", apic_read(APIC_ID),
		read_apic_id());
	pr_info("... APIC VERSION: %08x\n", version);

	lapic_dump_table(lapic_dump_regs, ARRAY_SIZE(lapic_dump_regs), ver,
			 maxlvt);
	lapic_dump_bitmap("ISR", APIC_ISR);
	lapic_dump_bitmap("TMR", APIC_TMR);
	lapic_dump_bitmap("IRR", APIC_IRR);
	lapic_dump_error_status(ver, maxlvt);

	icr = apic_icr_read();
	pr_debug("... APIC ICR: %08x\n", lower_32_bits(icr));
	pr_debug("... APIC ICR2: %08x\n", upper_32_bits(icr));

	lapic_dump_table(lapic_dump_lvts, ARRAY_SIZE(lapic_dump_lvts), ver,
			 maxlvt);
	lapic_dump_extended();
	/* Each CPU's dump has always ended with an empty line, at warning level. */
	pr_warn("\n");
}

static void __init lapic_dump_cpus(unsigned int nr_cpus)
{
	unsigned int cpu;

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		if (cpu < nr_cpus)
			smp_call_function_single(cpu, lapic_dump_this_cpu,
						 NULL, 1);
	}
	cpus_read_unlock();
}

/* Two 8 bit PIC registers, slave in the upper byte. */
static u16 __init pic_read_pair(unsigned long master, unsigned long slave)
{
	return inb(slave) << 8 | inb(master);
}

static void __init pic_dump(void)
{
	u16 imr, irr, isr, elcr;
	unsigned long flags;

	if (!nr_legacy_irqs())
		return;

	raw_spin_lock_irqsave(&i8259A_lock, flags);
	imr = pic_read_pair(PIC_MASTER_IMR, PIC_SLAVE_IMR);
	irr = pic_read_pair(PIC_MASTER_CMD, PIC_SLAVE_CMD);
	/* OCW3: read ISR, then switch the command port back to IRR. */
	outb(0x0b, PIC_SLAVE_CMD);
	outb(0x0b, PIC_MASTER_CMD);
	isr = pic_read_pair(PIC_MASTER_CMD, PIC_SLAVE_CMD);
	outb(0x0a, PIC_SLAVE_CMD);
	outb(0x0a, PIC_MASTER_CMD);
	raw_spin_unlock_irqrestore(&i8259A_lock, flags);

	elcr = pic_read_pair(PIC_ELCR1, PIC_ELCR2);
	pr_debug("\nprinting PIC contents\n");
	pr_debug("... PIC  IMR: %04x\n", imr);
	pr_debug("... PIC  IRR: %04x\n", irr);
	pr_debug("... PIC  ISR: %04x\n", isr);
	pr_debug("... PIC ELCR: %04x\n", elcr);
}

static unsigned int show_lapic __initdata = 1;

/* show_lapic=<n> dumps the first n CPUs' local APICs, show_lapic=all all. */
static int __init setup_show_lapic(char *arg)
{
	int nr = -1;

	if (!arg)
		return -EINVAL;
	if (strcmp(arg, "all"))
		get_option(&arg, &nr);
	else
		nr = CONFIG_NR_CPUS;
	if (nr < 0)
		return -EINVAL;
	show_lapic = nr;
	return 0;
}
early_param("show_lapic", setup_show_lapic);

static int __init print_interrupt_controllers(void)
{
	bool lapic = boot_cpu_has(X86_FEATURE_APIC) || apic_from_smp_config();

	if (apic_verbosity == APIC_QUIET)
		return 0;

	pic_dump();
	if (lapic) {
		lapic_dump_cpus(show_lapic);
		print_IO_APICs();
	}
	return 0;
}
late_initcall(print_interrupt_controllers);

#ifdef CONFIG_X86_VECTOR_KUNIT_TEST
#include "vector_kunit.c"
#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the x86 vector domain.
 *
 * Included at the end of vector.c so the tests can look at struct vecdata
 * and the matrix counters. Interrupts are allocated through a test child
 * domain of x86_vector_domain; activation, moves and teardown are driven
 * by hand. Only vt_setup_race() requests one, and raises it with an IPI
 * of its vector to its CPU.
 */

#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/device/driver.h>
#include <linux/kernel_stat.h>
#include <linux/kthread.h>

/**
 * struct vt_snap - vector domain counters at one point in time
 * @avail:	Free vectors on all online CPUs (irq_matrix_available())
 * @reserved:	Global reservation (irq_matrix_reserved())
 * @totals:	Domain statistics
 */
struct vt_snap {
	unsigned int		avail;
	unsigned int		reserved;
	struct vector_totals	totals;
};

/**
 * struct vt_ctx - per test state
 * @domain:	Test child domain of x86_vector_domain
 * @base:	Counters before the test allocated anything
 */
struct vt_ctx {
	struct irq_domain	*domain;
	struct vt_snap		base;
};

static struct irq_chip vt_chip = {
	.name			= "VECTOR-KUNIT",
	.irq_ack		= irq_chip_ack_parent,
	.irq_set_affinity	= irq_chip_set_affinity_parent,
};

static int vt_domain_alloc(struct irq_domain *d, unsigned int virq,
			   unsigned int nr_irqs, void *arg)
{
	unsigned int i;
	int ret;

	ret = irq_domain_alloc_irqs_parent(d, virq, nr_irqs, arg);
	for (i = 0; !ret && i < nr_irqs; i++)
		ret = irq_domain_set_hwirq_and_chip(d, virq + i, i, &vt_chip,
						    NULL);
	return ret;
}

static const struct irq_domain_ops vt_domain_ops = {
	.alloc	= vt_domain_alloc,
	.free	= irq_domain_free_irqs_common,
};

static void vt_snapshot(struct vt_snap *snap)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&vector_lock, flags);
	snap->avail = irq_matrix_available(vector_matrix, false);
	snap->reserved = irq_matrix_reserved(vector_matrix);
	snap->totals = vector_totals;
	raw_spin_unlock_irqrestore(&vector_lock, flags);
}

static void vt_expect_baseline(struct kunit *test)
{
	struct vt_ctx *ctx = test->priv;
	struct vt_snap now;

	vt_snapshot(&now);
	KUNIT_EXPECT_EQ(test, now.avail, ctx->base.avail);
	KUNIT_EXPECT_EQ(test, now.reserved, ctx->base.reserved);
	KUNIT_EXPECT_EQ(test, now.totals.irqs, ctx->base.totals.irqs);
	KUNIT_EXPECT_EQ(test, now.totals.managed, ctx->base.totals.managed);
	KUNIT_EXPECT_EQ(test, now.totals.reserved, ctx->base.totals.reserved);
	KUNIT_EXPECT_EQ(test, now.totals.moving, ctx->base.totals.moving);
	KUNIT_EXPECT_EQ(test, now.totals.cleanup, ctx->base.totals.cleanup);
}

/*
 * Allocate @nr interrupts. @mask asks for an immediate assignment, @aff
 * (one entry for all of them) sets the affinity and managed state.
 */
static int vt_alloc(struct kunit *test, unsigned int nr,
		    const struct cpumask *mask, struct irq_affinity_desc *aff)
{
	struct irq_affinity_desc *affs = NULL;
	struct vt_ctx *ctx = test->priv;
	struct irq_alloc_info info;
	unsigned int i;
	int virq;

	if (aff) {
		affs = kunit_kcalloc(test, nr, sizeof(*affs), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, affs);
		for (i = 0; i < nr; i++)
			affs[i] = *aff;
	}
	init_irq_alloc_info(&info, mask);
	virq = __irq_domain_alloc_irqs(ctx->domain, -1, nr, NUMA_NO_NODE,
				       &info, false, affs);
	if (affs)
		kunit_kfree(test, affs);
	return virq;
}

static int vt_activate(unsigned int virq)
{
	return irq_domain_activate_irq(irq_get_irq_data(virq), false);
}

/*
 * Managed interrupts are born shut down; irq_startup_managed() clears
 * that when one of their CPUs is online. Do the same before activating.
 */
static int vt_activate_managed(unsigned int virq)
{
	struct irq_data *irqd = irq_get_irq_data(virq);

	ACCESS_PRIVATE(irqd->common, state_use_accessors) &= ~IRQD_MANAGED_SHUTDOWN;
	return vt_activate(virq);
}

static void vt_deactivate(unsigned int virq)
{
	irq_domain_deactivate_irq(irq_get_irq_data(virq));
}

static struct irq_data *vt_vec_irqd(unsigned int virq)
{
	return irq_domain_get_irq_data(x86_vector_domain, virq);
}

static struct vecdata *vt_vd(unsigned int virq)
{
	return vt_vec_irqd(virq)->chip_data;
}

static struct irq_desc *vt_slot(unsigned int cpu, unsigned int vector)
{
	return per_cpu(vector_irq, cpu)[vector];
}

static int vt_set_affinity(unsigned int virq, const struct cpumask *dest)
{
	unsigned long flags;
	int ret;

	local_irq_save(flags);
	ret = apic_set_affinity(vt_vec_irqd(virq), dest, false);
	local_irq_restore(flags);
	return ret;
}

/* Free vectors of the CPU running it: global minus all but this CPU. */
static void vt_count_cpu_avail(void *arg)
{
	unsigned int *avail = arg;

	raw_spin_lock(&vector_lock);
	*avail = irq_matrix_available(vector_matrix, false) -
		 irq_matrix_available(vector_matrix, true);
	raw_spin_unlock(&vector_lock);
}

static unsigned int vt_cpu_avail(unsigned int cpu)
{
	unsigned int avail = 0;

	smp_call_function_single(cpu, vt_count_cpu_avail, &avail, 1);
	return avail;
}

/* A regular interrupt holds only a reservation until it is activated. */
static void vt_reserve_then_activate(struct kunit *test)
{
	struct vt_ctx *ctx = test->priv;
	struct vecdata *vd;
	struct vt_snap now;
	int virq;

	virq = vt_alloc(test, 1, NULL, NULL);
	KUNIT_ASSERT_GT(test, virq, 0);
	vd = vt_vd(virq);

	vt_snapshot(&now);
	KUNIT_EXPECT_EQ(test, vd->vector, 0U);
	KUNIT_EXPECT_TRUE(test, vd->reserved);
	KUNIT_EXPECT_TRUE(test, vd->reservable);
	KUNIT_EXPECT_EQ(test, vd->hw.vector, (unsigned int)MANAGED_IRQ_SHUTDOWN_VECTOR);
	KUNIT_EXPECT_EQ(test, now.reserved, ctx->base.reserved + 1);
	KUNIT_EXPECT_EQ(test, now.avail, ctx->base.avail);

	KUNIT_ASSERT_EQ(test, vt_activate(virq), 0);
	vt_snapshot(&now);
	KUNIT_EXPECT_NE(test, vd->vector, 0U);
	KUNIT_EXPECT_FALSE(test, vd->reserved);
	KUNIT_EXPECT_EQ(test, vd->hw.vector, vd->vector);
	KUNIT_EXPECT_PTR_EQ(test, vt_slot(vd->cpu, vd->vector), irq_to_desc(virq));
	KUNIT_EXPECT_EQ(test, now.reserved, ctx->base.reserved);
	KUNIT_EXPECT_EQ(test, now.avail, ctx->base.avail - 1);

	vt_deactivate(virq);
	vt_snapshot(&now);
	KUNIT_EXPECT_EQ(test, vd->vector, 0U);
	KUNIT_EXPECT_TRUE(test, vd->reserved);
	KUNIT_EXPECT_EQ(test, now.reserved, ctx->base.reserved + 1);
	KUNIT_EXPECT_EQ(test, now.avail, ctx->base.avail);

	irq_domain_free_irqs(virq, 1);
	vt_expect_baseline(test);
}

/*
 * Reservations are best effort: with one CPU full, interrupts whose
 * affinity is that CPU still allocate, and activation falls back to
 * another CPU instead of failing.
 */
static void vt_overcommit_fallback(struct kunit *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask), fill;
	struct irq_affinity_desc aff = { };
	int filler, virq;
	struct vecdata *vd;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs");

	fill = vt_cpu_avail(cpu);
	KUNIT_ASSERT_GT(test, fill, 0U);
	filler = vt_alloc(test, fill, cpumask_of(cpu), NULL);
	KUNIT_ASSERT_GT(test, filler, 0);
	KUNIT_EXPECT_EQ(test, vt_cpu_avail(cpu), 0U);

	cpumask_copy(&aff.mask, cpumask_of(cpu));
	virq = vt_alloc(test, 1, NULL, &aff);
	KUNIT_EXPECT_GT(test, virq, 0);
	if (virq > 0) {
		vd = vt_vd(virq);
		KUNIT_EXPECT_TRUE(test, vd->reserved);
		KUNIT_EXPECT_EQ(test, vt_activate(virq), 0);
		KUNIT_EXPECT_NE(test, vd->vector, 0U);
		KUNIT_EXPECT_NE(test, vd->cpu, cpu);
		vt_deactivate(virq);
		irq_domain_free_irqs(virq, 1);
	}

	irq_domain_free_irqs(filler, fill);
	vt_expect_baseline(test);
}

/* Managed interrupts: one per CPU, each reserved and placed on its CPU. */
static void vt_managed_spread(struct kunit *test)
{
	struct irq_affinity_desc aff = { .is_managed = 1 };
	struct vt_ctx *ctx = test->priv;
	unsigned int cpu, nr = 0, i;
	struct vecdata *vd;
	struct vt_snap now;
	int virqs[8];

	for_each_online_cpu(cpu) {
		if (nr == ARRAY_SIZE(virqs))
			break;
		cpumask_copy(&aff.mask, cpumask_of(cpu));
		virqs[nr] = vt_alloc(test, 1, NULL, &aff);
		KUNIT_ASSERT_GT(test, virqs[nr], 0);
		nr++;
	}

	vt_snapshot(&now);
	KUNIT_EXPECT_EQ(test, now.avail, ctx->base.avail - nr);
	KUNIT_EXPECT_EQ(test, now.totals.managed, ctx->base.totals.managed + nr);
	KUNIT_EXPECT_EQ(test, now.reserved, ctx->base.reserved);

	for (i = 0; i < nr; i++) {
		vd = vt_vd(virqs[i]);
		KUNIT_EXPECT_TRUE(test, vd->managed);
		KUNIT_EXPECT_EQ(test, vd->vector, 0U);
		KUNIT_EXPECT_TRUE(test, irqd_is_managed_and_shutdown(vt_vec_irqd(virqs[i])));
		KUNIT_EXPECT_EQ(test, vt_activate_managed(virqs[i]), 0);
		KUNIT_EXPECT_NE(test, vd->vector, 0U);
		KUNIT_EXPECT_TRUE(test, cpumask_test_cpu(vd->cpu,
							 irq_get_affinity_mask(virqs[i])));
	}

	/* Activation takes from the managed reservation, not the free pool. */
	vt_snapshot(&now);
	KUNIT_EXPECT_EQ(test, now.avail, ctx->base.avail - nr);

	for (i = 0; i < nr; i++) {
		vd = vt_vd(virqs[i]);
		vt_deactivate(virqs[i]);
		KUNIT_EXPECT_EQ(test, vd->vector, 0U);
		KUNIT_EXPECT_EQ(test, vd->hw.vector, (unsigned int)MANAGED_IRQ_SHUTDOWN_VECTOR);
		irq_domain_free_irqs(virqs[i], 1);
	}
	vt_expect_baseline(test);
}

/* A block which does not fit on its CPU fails whole and leaves nothing. */
static void vt_exhaustion_rollback(struct kunit *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask), fill;
	int virq;

	fill = vt_cpu_avail(cpu);
	virq = vt_alloc(test, fill + 1, cpumask_of(cpu), NULL);
	KUNIT_EXPECT_EQ(test, virq, -ENOSPC);
	if (virq > 0)
		irq_domain_free_irqs(virq, fill + 1);
	KUNIT_EXPECT_EQ(test, vt_cpu_avail(cpu), fill);
	vt_expect_baseline(test);
}

static bool vt_wait_cleanup(struct vecdata *vd)
{
	unsigned int tries;

	for (tries = 0; tries < 50; tries++) {
		if (!READ_ONCE(vd->old_vector))
			return true;
		msleep(20);
	}
	return false;
}

/*
 * An affinity change keeps the old vector until the switch is confirmed,
 * refuses a second change meanwhile, and the cleanup timer frees it.
 */
static void vt_affinity_move(struct kunit *test)
{
	unsigned int old_cpu, old_vector, new_cpu;
	struct vecdata *vd;
	int virq;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs");

	virq = vt_alloc(test, 1, NULL, NULL);
	KUNIT_ASSERT_GT(test, virq, 0);
	KUNIT_ASSERT_EQ(test, vt_activate(virq), 0);
	vd = vt_vd(virq);
	old_cpu = vd->cpu;
	old_vector = vd->vector;
	new_cpu = cpumask_any_but(cpu_online_mask, old_cpu);

	KUNIT_EXPECT_EQ(test, vt_set_affinity(virq, cpumask_of(new_cpu)),
			IRQ_SET_MASK_OK);
	KUNIT_EXPECT_EQ(test, vd->cpu, new_cpu);
	KUNIT_EXPECT_TRUE(test, vd->moving);
	KUNIT_EXPECT_EQ(test, vd->old_vector, old_vector);
	KUNIT_EXPECT_EQ(test, vd->old_cpu, old_cpu);
	KUNIT_EXPECT_PTR_EQ(test, vt_slot(old_cpu, old_vector), irq_to_desc(virq));
	KUNIT_EXPECT_PTR_EQ(test, vt_slot(new_cpu, vd->vector), irq_to_desc(virq));

	KUNIT_EXPECT_EQ(test, vt_set_affinity(virq, cpumask_of(old_cpu)), -EBUSY);

	vector_schedule_cleanup(&vd->hw);
	KUNIT_EXPECT_FALSE(test, vd->moving);
	KUNIT_EXPECT_TRUE(test, vt_wait_cleanup(vd));
	KUNIT_EXPECT_PTR_EQ(test, vt_slot(old_cpu, old_vector), VECTOR_UNUSED);
	KUNIT_EXPECT_EQ(test, vt_set_affinity(virq, cpumask_of(old_cpu)),
			IRQ_SET_MASK_OK);

	vt_deactivate(virq);
	KUNIT_EXPECT_EQ(test, vd->vector, 0U);
	KUNIT_EXPECT_EQ(test, vd->old_vector, 0U);
	irq_domain_free_irqs(virq, 1);
	vt_expect_baseline(test);
}

/*
 * Interrupts which are activated but not started are not migrated off an
 * outgoing CPU: they keep their vector there. When the CPU returns its
 * vector_irq[] slot must point at the interrupt again, so that starting it
 * later, which finds it on an online CPU inside its mask, delivers.
 * Covers both kinds: a vector at allocation (a non-maskable MSI, a target
 * mask) and a vector at activation (request_irq() with IRQF_NO_AUTOEN).
 */
static void vt_unstarted_keeps_slot(struct kunit *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask), vector[2], i;
	int virq[2], ret;

	if (!IS_ENABLED(CONFIG_HOTPLUG_CPU) || cpu == 0)
		kunit_skip(test, "needs a CPU which can go offline");

	virq[0] = vt_alloc(test, 1, cpumask_of(cpu), NULL);
	KUNIT_ASSERT_GT(test, virq[0], 0);
	virq[1] = vt_alloc(test, 1, NULL, NULL);
	KUNIT_ASSERT_GT(test, virq[1], 0);
	KUNIT_ASSERT_EQ(test, irq_set_affinity(virq[1], cpumask_of(cpu)), 0);
	for (i = 0; i < ARRAY_SIZE(virq); i++) {
		KUNIT_ASSERT_EQ(test, vt_activate(virq[i]), 0);
		KUNIT_ASSERT_EQ(test, vt_vd(virq[i])->cpu, cpu);
		vector[i] = vt_vd(virq[i])->vector;
		KUNIT_ASSERT_NE(test, vector[i], 0U);
	}

	ret = remove_cpu(cpu);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = add_cpu(cpu);
	KUNIT_ASSERT_EQ(test, ret, 0);

	for (i = 0; i < ARRAY_SIZE(virq); i++) {
		KUNIT_EXPECT_EQ(test, vt_vd(virq[i])->cpu, cpu);
		KUNIT_EXPECT_EQ(test, vt_vd(virq[i])->vector, vector[i]);
		KUNIT_EXPECT_PTR_EQ(test, vt_slot(cpu, vector[i]), irq_to_desc(virq[i]));
		KUNIT_EXPECT_EQ(test, vt_set_affinity(virq[i], cpumask_of(cpu)),
				IRQ_SET_MASK_OK);
		KUNIT_EXPECT_PTR_EQ(test, vt_slot(cpu, vector[i]), irq_to_desc(virq[i]));
	}

	for (i = 0; i < ARRAY_SIZE(virq); i++) {
		vt_deactivate(virq[i]);
		irq_domain_free_irqs(virq[i], 1);
	}
}

/**
 * struct vt_race - the request_irq() side of vt_setup_race()
 * @virq:	Interrupt to request
 * @ready:	Set by the thread once it runs on its CPU
 * @go:		Set by the test, with vector_lock held: request now
 * @ret:	What request_irq() returned
 * @done:	Completed after request_irq() returned
 */
struct vt_race {
	unsigned int		virq;
	atomic_t		ready;
	atomic_t		go;
	int			ret;
	struct completion	done;
};

static atomic_t vt_race_handled = ATOMIC_INIT(0);

static irqreturn_t vt_race_handler(int irq, void *dev_id)
{
	atomic_inc(&vt_race_handled);
	return IRQ_HANDLED;
}

static int vt_race_request(void *arg)
{
	struct vt_race *race = arg;

	atomic_set(&race->ready, 1);
	while (!atomic_read(&race->go))
		cpu_relax();
	race->ret = request_irq(race->virq, vt_race_handler, 0, "vt_race", race);
	complete(&race->done);
	return 0;
}

/* Wait up to a second until the handler count reaches @want. */
static bool vt_race_wait_handled(int want)
{
	unsigned int tries;

	for (tries = 0; tries < 50; tries++) {
		if (atomic_read(&vt_race_handled) >= want)
			return true;
		msleep(20);
	}
	return false;
}

/*
 * With vector_lock held by the caller: wait up to a second until the
 * lock word differs from @old, that is until another CPU waits for the
 * lock (or changed its place among the waiters). Returns the new word.
 */
static int vt_lock_word_change(int old)
{
	unsigned int tries;
	int now;

	for (tries = 0; tries < 200000; tries++) {
		now = atomic_read(&vector_lock.raw_lock.val);
		if (now != old)
			return now;
		udelay(5);
	}
	return now;
}

/*
 * The race upstream fixed in 6.17 ("x86/irq: Plug vector setup race"):
 * free_irq() marks the vector_irq[] slot VECTOR_SHUTDOWN while the vector
 * is pending on the target CPU, request_irq() of the same interrupt gets
 * the same CPU and vector and installs the descriptor, and the interrupt,
 * which read VECTOR_SHUTDOWN before, writes VECTOR_UNUSED over it: the
 * device is dead. common_interrupt() now re-reads the slot under
 * vector_lock, which must be the lock every slot write of the vector
 * domain holds.
 *
 * Force the window: with vector_lock held here, a thread on another CPU
 * calls request_irq() and waits for the lock inside the activation; then
 * the vector, sent to its CPU, waits for the lock in common_interrupt(),
 * after it read VECTOR_SHUTDOWN. Once the lock is released the
 * activation installs the slot first and the interrupt re-reads it. The
 * slot must hold the descriptor, the held interrupt must reach the new
 * handler, and so must the next one (the handler's count and the CPU's
 * kstat, the /proc/interrupts column).
 */
static void vt_setup_race(struct kunit *test)
{
	unsigned int tcpu, cpu, rcpu, vector, kstat, tries;
	struct task_struct *task;
	struct vt_race race = { };
	unsigned long flags;
	int virq, handled, word;
	bool waited, pinned;

	if (num_online_cpus() < 3)
		kunit_skip(test, "needs three online CPUs");
	/*
	 * This thread holds vector_lock on the first CPU, the request runs
	 * on the second to last, the interrupt targets the last. Each case
	 * runs in a thread of its own, so the pinning ends with it.
	 */
	tcpu = cpumask_first(cpu_online_mask);
	cpu = cpumask_last(cpu_online_mask);
	for_each_online_cpu(rcpu) {
		if (cpumask_next(rcpu, cpu_online_mask) == cpu)
			break;
	}
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(tcpu)), 0);

	virq = vt_alloc(test, 1, NULL, NULL);
	KUNIT_ASSERT_GT(test, virq, 0);
	irq_set_handler(virq, handle_edge_irq);
	KUNIT_ASSERT_EQ(test, irq_set_affinity(virq, cpumask_of(cpu)), 0);
	race.virq = virq;
	init_completion(&race.done);
	KUNIT_ASSERT_EQ(test, request_irq(virq, vt_race_handler, 0, "vt_race", &race), 0);
	vector = vt_vd(virq)->vector;
	KUNIT_ASSERT_EQ(test, vt_vd(virq)->cpu, cpu);

	handled = atomic_read(&vt_race_handled);
	kstat = kstat_irqs_cpu(virq, cpu);
	__apic_send_IPI(cpu, vector);
	KUNIT_EXPECT_TRUE(test, vt_race_wait_handled(handled + 1));
	KUNIT_EXPECT_EQ(test, kstat_irqs_cpu(virq, cpu), kstat + 1);

	free_irq(virq, &race);
	KUNIT_EXPECT_PTR_EQ(test, vt_slot(cpu, vector), VECTOR_SHUTDOWN);

	task = kthread_create_on_cpu(vt_race_request, &race, rcpu, "vt_race/%u");
	if (IS_ERR(task)) {
		irq_domain_free_irqs(virq, 1);
		KUNIT_FAIL(test, "no request thread: %ld", PTR_ERR(task));
		return;
	}
	wake_up_process(task);
	for (tries = 0; tries < 250 && !atomic_read(&race.ready); tries++)
		msleep(20);
	KUNIT_EXPECT_TRUE(test, atomic_read(&race.ready));

	handled = atomic_read(&vt_race_handled);
	kstat = kstat_irqs_cpu(virq, cpu);
	local_irq_save(flags);
	pinned = smp_processor_id() == tcpu;
	raw_spin_lock(&vector_lock);
	word = atomic_read(&vector_lock.raw_lock.val);
	atomic_set(&race.go, 1);
	/* The request waits in the activation; let its place settle. */
	word = vt_lock_word_change(word);
	mdelay(1);
	word = atomic_read(&vector_lock.raw_lock.val);
	__apic_send_IPI(cpu, vector);
	waited = vt_lock_word_change(word) != word;
	raw_spin_unlock(&vector_lock);
	local_irq_restore(flags);

	KUNIT_EXPECT_TRUE(test, pinned);

	KUNIT_EXPECT_TRUE_MSG(test, waited,
			      "common_interrupt() did not re-check vector %u under vector_lock",
			      vector);
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&race.done, 5 * HZ));
	KUNIT_EXPECT_EQ(test, race.ret, 0);
	if (race.ret)
		goto free;
	/* The same pair again, and the slot kept the descriptor. */
	KUNIT_EXPECT_EQ(test, vt_vd(virq)->cpu, cpu);
	KUNIT_EXPECT_EQ(test, vt_vd(virq)->vector, vector);
	KUNIT_EXPECT_PTR_EQ(test, vt_slot(cpu, vector), irq_to_desc(virq));
	/* The held interrupt reached the new handler on its CPU... */
	KUNIT_EXPECT_TRUE(test, vt_race_wait_handled(handled + 1));
	KUNIT_EXPECT_EQ(test, kstat_irqs_cpu(virq, cpu), kstat + 1);
	/* ...and so does the next one. */
	__apic_send_IPI(cpu, vector);
	KUNIT_EXPECT_TRUE(test, vt_race_wait_handled(handled + 2));
	KUNIT_EXPECT_EQ(test, kstat_irqs_cpu(virq, cpu), kstat + 2);
	free_irq(virq, &race);
free:
	irq_domain_free_irqs(virq, 1);
	vt_expect_baseline(test);
}

static int vt_init(struct kunit *test)
{
	struct fwnode_handle *fn;
	struct vt_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	fn = irq_domain_alloc_named_fwnode("VECTOR-KUNIT");
	if (!fn)
		return -ENOMEM;
	ctx->domain = irq_domain_create_hierarchy(x86_vector_domain, 0, 0, fn,
						  &vt_domain_ops, NULL);
	if (!ctx->domain) {
		irq_domain_free_fwnode(fn);
		return -ENOMEM;
	}
	test->priv = ctx;
	vt_snapshot(&ctx->base);
	return 0;
}

static void vt_exit(struct kunit *test)
{
	struct vt_ctx *ctx = test->priv;
	struct fwnode_handle *fn;

	if (!ctx || !ctx->domain)
		return;
	fn = ctx->domain->fwnode;
	irq_domain_remove(ctx->domain);
	irq_domain_free_fwnode(fn);
}

static int vt_suite_init(struct kunit_suite *suite)
{
	/* Let asynchronous driver probes finish their interrupt setup. */
	wait_for_device_probe();
	return 0;
}

static struct kunit_case vt_cases[] = {
	KUNIT_CASE(vt_reserve_then_activate),
	KUNIT_CASE(vt_overcommit_fallback),
	KUNIT_CASE(vt_managed_spread),
	KUNIT_CASE(vt_exhaustion_rollback),
	KUNIT_CASE(vt_affinity_move),
	KUNIT_CASE(vt_unstarted_keeps_slot),
	KUNIT_CASE(vt_setup_race),
	{}
};

static struct kunit_suite vt_suite = {
	.suite_init	= vt_suite_init,
	.init		= vt_init,
	.exit		= vt_exit,
	.test_cases	= vt_cases,
	.name		= "x86_vector",
};

kunit_test_suite(vt_suite);

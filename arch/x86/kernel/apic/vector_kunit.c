// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the x86 vector domain.
 *
 * Included at the end of vector.c so the tests can look at struct vecdata
 * and the matrix counters. Interrupts are allocated through a test child
 * domain of x86_vector_domain and are never requested, so no device can
 * raise them; activation, moves and teardown are driven by hand.
 */

#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/device/driver.h>

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

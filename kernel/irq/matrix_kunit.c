// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the interrupt bit matrix allocator.
 */

/**
 * DOC: IRQ matrix KUnit tests
 *
 * Each case builds a private matrix with irq_alloc_matrix(), which is
 * __init, so this is an init section suite run at boot.  A matrix's
 * online state is its own: rows are brought online on a CPU through
 * smp_call_function_single(), and rows never onlined act as offline CPUs
 * whatever the real CPU does.  Matrices cannot be freed by API; each case
 * leaks one small matrix, once, at boot.
 *
 * The cases avoid the paths which WARN (double free and friends): the
 * userspace harness in tools/testing/irq_matrix covers those.
 */

#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/irq.h>
#include <linux/slab.h>
#include <linux/smp.h>

struct matrix_call {
	struct irq_matrix	*m;
	unsigned int		result;
};

static void do_online(void *arg)
{
	struct matrix_call *c = arg;

	irq_matrix_online(c->m);
}

static void do_offline(void *arg)
{
	struct matrix_call *c = arg;

	irq_matrix_offline(c->m);
}

static void do_allocated(void *arg)
{
	struct matrix_call *c = arg;

	c->result = irq_matrix_allocated(c->m);
}

static void do_available_down(void *arg)
{
	struct matrix_call *c = arg;

	c->result = irq_matrix_available(c->m, true);
}

static unsigned int run_on(struct irq_matrix *m, unsigned int cpu,
			   smp_call_func_t fn)
{
	struct matrix_call c = { .m = m };

	smp_call_function_single(cpu, fn, &c, 1);
	return c.result;
}

static struct irq_matrix * __init new_matrix(struct kunit *test,
					     unsigned int bits,
					     unsigned int start,
					     unsigned int end)
{
	struct irq_matrix *m = irq_alloc_matrix(bits, start, end);

	KUNIT_ASSERT_NOT_NULL(test, m);
	return m;
}

static void __init matrix_test_alloc_free(struct kunit *test)
{
	struct irq_matrix *m = new_matrix(test, 64, 0, 64);
	unsigned int cpu = cpumask_first(cpu_online_mask), mapped = ~0U;
	int bit;

	irq_matrix_assign_system(m, 0, false);
	run_on(m, cpu, do_online);
	KUNIT_EXPECT_EQ(test, irq_matrix_available(m, false), 63U);

	bit = irq_matrix_alloc(m, cpumask_of(cpu), false, &mapped);
	KUNIT_EXPECT_EQ(test, bit, 1);
	KUNIT_EXPECT_EQ(test, mapped, cpu);
	KUNIT_EXPECT_EQ(test, run_on(m, cpu, do_allocated), 1U);
	KUNIT_EXPECT_EQ(test, irq_matrix_available(m, false), 62U);
	KUNIT_EXPECT_EQ(test, run_on(m, cpu, do_available_down), 0U);

	irq_matrix_free(m, cpu, bit, false);
	KUNIT_EXPECT_EQ(test, irq_matrix_available(m, false), 63U);
	run_on(m, cpu, do_offline);
	KUNIT_EXPECT_EQ(test, irq_matrix_available(m, false), 0U);
}

static void __init matrix_test_masks(struct kunit *test)
{
	struct irq_matrix *m = new_matrix(test, 64, 0, 64);
	unsigned int cpu = cpumask_first(cpu_online_mask), mapped;
	cpumask_var_t empty;

	KUNIT_ASSERT_TRUE(test, zalloc_cpumask_var(&empty, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, irq_matrix_alloc(m, empty, false, &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, irq_matrix_alloc_managed(m, empty, &mapped), -EINVAL);
	/* No row online: every mask is all offline */
	KUNIT_EXPECT_EQ(test, irq_matrix_alloc(m, cpu_possible_mask, false, &mapped),
			-ENOSPC);
	run_on(m, cpu, do_online);
	KUNIT_EXPECT_EQ(test, irq_matrix_alloc_managed(m, cpumask_of(cpu), &mapped),
			-ENOSPC);
	free_cpumask_var(empty);
}

static void __init matrix_test_managed(struct kunit *test)
{
	struct irq_matrix *m = new_matrix(test, 64, 0, 64);
	unsigned int cpu = cpumask_first(cpu_online_mask), mapped = ~0U;
	unsigned int off = cpumask_last(cpu_possible_mask);
	struct cpumask *both;
	int bit;

	both = kunit_kzalloc(test, cpumask_size(), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, both);
	cpumask_set_cpu(cpu, both);
	cpumask_set_cpu(off, both);

	run_on(m, cpu, do_online);
	/* Reservations on a row which is not online count nowhere */
	KUNIT_EXPECT_EQ(test, irq_matrix_reserve_managed(m, both), 0);
	KUNIT_EXPECT_EQ(test, irq_matrix_available(m, false), 63U);

	bit = irq_matrix_alloc_managed(m, both, &mapped);
	KUNIT_EXPECT_EQ(test, bit, 0);
	KUNIT_EXPECT_EQ(test, mapped, cpu);
	KUNIT_EXPECT_EQ(test, run_on(m, cpu, do_allocated), 0U);
	/* Regular allocations never take the reservation */
	KUNIT_EXPECT_EQ(test, irq_matrix_alloc(m, cpumask_of(cpu), false, &mapped), 1);

	/* Freeing keeps the reservation: the same bit comes back */
	irq_matrix_free(m, cpu, bit, true);
	KUNIT_EXPECT_EQ(test, irq_matrix_available(m, false), 62U);
	KUNIT_EXPECT_EQ(test, irq_matrix_alloc_managed(m, cpumask_of(cpu), &mapped), bit);
	irq_matrix_free(m, cpu, bit, true);

	irq_matrix_remove_managed(m, both);
	KUNIT_EXPECT_EQ(test, irq_matrix_available(m, false), 63U);
}

static void __init matrix_test_reserve(struct kunit *test)
{
	struct irq_matrix *m = new_matrix(test, 8, 0, 8);
	unsigned int cpu = cpumask_first(cpu_online_mask), mapped, i;

	run_on(m, cpu, do_online);
	/* Overcommit is allowed (it only warns in the log) */
	for (i = 0; i < 10; i++)
		irq_matrix_reserve(m);
	KUNIT_EXPECT_EQ(test, irq_matrix_reserved(m), 10U);
	KUNIT_EXPECT_GE(test, irq_matrix_alloc(m, cpumask_of(cpu), true, &mapped), 0);
	KUNIT_EXPECT_EQ(test, irq_matrix_reserved(m), 9U);
	for (i = 0; i < 9; i++)
		irq_matrix_remove_reserved(m);
	KUNIT_EXPECT_EQ(test, irq_matrix_reserved(m), 0U);
}

static void __init matrix_test_offline_free(struct kunit *test)
{
	struct irq_matrix *m = new_matrix(test, 64, 0, 64);
	unsigned int cpu = cpumask_first(cpu_online_mask), mapped;
	int bit;

	run_on(m, cpu, do_online);
	bit = irq_matrix_alloc(m, cpumask_of(cpu), false, &mapped);
	KUNIT_ASSERT_GE(test, bit, 0);
	run_on(m, cpu, do_offline);
	/* A bit allocated before offline can be freed after it */
	irq_matrix_free(m, cpu, bit, false);
	run_on(m, cpu, do_online);
	KUNIT_EXPECT_EQ(test, irq_matrix_available(m, false), 64U);
	KUNIT_EXPECT_EQ(test, run_on(m, cpu, do_allocated), 0U);
}

/* Allocations with the online mask land evenly on all online CPUs */
static void __init matrix_test_spread(struct kunit *test)
{
	struct irq_matrix *m = new_matrix(test, 256, 32, 236);
	unsigned int cpu, mapped, n = 0, i, lo = UINT_MAX, hi = 0;

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		run_on(m, cpu, do_online);
		n++;
	}
	for (i = 0; i < 4 * n; i++)
		KUNIT_EXPECT_GE(test, irq_matrix_alloc(m, cpu_online_mask, false, &mapped), 0);
	for_each_online_cpu(cpu) {
		unsigned int a = run_on(m, cpu, do_allocated);

		lo = min(lo, a);
		hi = max(hi, a);
	}
	cpus_read_unlock();
	KUNIT_EXPECT_EQ(test, lo, 4U);
	KUNIT_EXPECT_EQ(test, hi, 4U);
}

static struct kunit_case __refdata matrix_test_cases[] = {
	KUNIT_CASE(matrix_test_alloc_free),
	KUNIT_CASE(matrix_test_masks),
	KUNIT_CASE(matrix_test_managed),
	KUNIT_CASE(matrix_test_reserve),
	KUNIT_CASE(matrix_test_offline_free),
	KUNIT_CASE(matrix_test_spread),
	{}
};

static struct kunit_suite matrix_test_suite = {
	.name = "irq_matrix",
	.test_cases = matrix_test_cases,
};

kunit_test_init_section_suites(&matrix_test_suite);

// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for kernel/irq/matrix.c: unit tests of every API function and its
 * edges, a model-based random test, the spread test, differential checks
 * against the base tree's matrix.c and the replay of the fuzz corpus.
 *
 * Usage: irq_matrix_test [corpus-dir]
 */
#include <dirent.h>
#include <stdarg.h>
#include "world.h"

static unsigned int passed, failed;
static char inv_err[256];

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			printf("    %s:%d: %s: ", __func__, __LINE__, #cond); \
			printf(__VA_ARGS__);				\
			printf("\n");					\
			return -1;					\
		}							\
	} while (0)

/* Every state change is followed by the invariant check */
#define INV(m)								\
	CHECK(!mx_ours_check(m, inv_err, sizeof(inv_err)), "%s", inv_err)

/* Expect exactly @n warnings from @stmt */
#define WARNS(n, stmt)							\
	do {								\
		unsigned long __w = shim_warnings;			\
		int __n = (n);						\
		stmt;							\
		CHECK(shim_warnings - __w == __n, "%lu warnings, want %d", \
		      shim_warnings - __w, __n);			\
	} while (0)

static void run(const char *name, int (*fn)(void))
{
	int ret;

	shim_trace_on = true;
	ret = fn();
	if (ret)
		failed++;
	else
		passed++;
	printf("%s %s\n", ret ? "FAIL" : "ok  ", name);
}

/* Fixture: a matrix on a machine of @cpus CPUs, @per_node per node */
static const struct mx_impl *I = &mx_ours;
static struct irq_matrix *M;

static struct irq_matrix *setup(unsigned int cpus, unsigned int per_node,
				unsigned int bits, unsigned int start, unsigned int end)
{
	if (M)
		I->destroy(M);
	shim_topology(cpus, per_node);
	M = I->alloc_matrix(bits, start, end);
	return M;
}

/*
 * As on x86: a CPU joins cpu_online_mask before its row goes online and
 * leaves it before its row goes offline. The CPU emits the events of its
 * own online and offline itself, outside the mask.
 */
static void on(unsigned int cpu)
{
	shim_cpu = cpu;
	shim_set_online(cpu, true);
	I->online(M);
}

static void off(unsigned int cpu)
{
	shim_cpu = cpu;
	shim_set_online(cpu, false);
	I->offline(M);
}

static struct cpumask *mask(int first, ...)
{
	static struct cpumask masks[4];
	static int next;
	struct cpumask *msk = &masks[next++ % 4];
	va_list ap;
	int c;

	memset(msk, 0, sizeof(*msk));
	va_start(ap, first);
	for (c = first; c >= 0; c = va_arg(ap, int))
		__set_bit(c, msk->bits);
	va_end(ap);
	return msk;
}

static struct cpumask *range(unsigned int from, unsigned int to)
{
	static struct cpumask r[2];
	static int next;
	struct cpumask *msk = &r[next++ % 2];

	memset(msk, 0, sizeof(*msk));
	while (from < to)
		__set_bit(from++, msk->bits);
	return msk;
}

static struct mx_row_view row(unsigned int cpu)
{
	struct mx_row_view v;

	mx_ours_row(M, cpu, &v);
	return v;
}

static struct mx_global_view glob(void)
{
	struct mx_global_view g;

	mx_ours_global(M, &g);
	return g;
}

/* ---- irq_alloc_matrix, online, offline ---- */

static int t_alloc_matrix(void)
{
	unsigned long w = shim_warnings;

	shim_topology(4, 4);
	CHECK(!I->alloc_matrix(64, 10, 10), "empty window accepted");
	CHECK(!I->alloc_matrix(64, 0, 65), "window beyond matrix accepted");
	CHECK(shim_warnings - w == 2, "bad windows must warn");
	CHECK(setup(4, 4, 256, 32, 236), "alloc failed");
	INV(M);
	CHECK(I->available(M, false) == 0, "nothing online, nothing available");
	CHECK(glob().total_allocated == 0 && glob().online_maps == 0, "fresh matrix not empty");
	return 0;
}

static int t_online_offline(void)
{
	unsigned int cpu;
	int bit;

	setup(4, 4, 256, 32, 236);
	on(0);
	INV(M);
	CHECK(I->available(M, false) == 204, "one row: %u", I->available(M, false));
	on(1);
	CHECK(I->available(M, false) == 408, "two rows");
	WARNS(1, on(1));
	INV(M);
	bit = I->alloc(M, mask(1, -1), false, &cpu);
	CHECK(bit == 32 && cpu == 1, "alloc %d on %u", bit, cpu);
	off(1);
	INV(M);
	CHECK(I->available(M, false) == 204, "offline row still counted");
	CHECK(row(1).regular == 1, "offline discarded the row");
	WARNS(1, off(1));
	/* A bit allocated before offline can be freed after it */
	WARNS(0, I->free(M, 1, bit, false));
	INV(M);
	CHECK(glob().total_allocated == 0, "total %u after offline free", glob().total_allocated);
	on(1);
	INV(M);
	CHECK(I->available(M, false) == 408, "online after free");
	return 0;
}

/* ---- irq_matrix_assign_system ---- */

static int t_assign_system(void)
{
	unsigned int cpu, i;
	int bit;

	setup(2, 2, 256, 32, 236);
	I->assign_system(M, 10, false);
	I->assign_system(M, 128, false);
	WARNS(0, I->assign_system(M, 128, false));
	WARNS(1, I->assign_system(M, 256, false));
	INV(M);
	CHECK(glob().cap == 203, "cap %u", glob().cap);
	on(0);
	CHECK(I->available(M, false) == 203, "system bit counted available");
	/* Once online, only replace is allowed */
	WARNS(1, I->assign_system(M, 100, false));
	I->assign(M, 48);
	CHECK(I->available(M, false) == 202, "assign");
	WARNS(0, I->assign_system(M, 48, true));
	INV(M);
	CHECK(row(0).regular == 0 && glob().total_allocated == 0, "replace kept the allocation");
	CHECK(I->available(M, false) == 202, "replace changed availability");
	WARNS(1, I->assign_system(M, 49, true));
	INV(M);
	CHECK(glob().cap == 201, "cap after replace without allocation %u", glob().cap);
	/* Two rows online: refused */
	on(1);
	WARNS(1, I->assign_system(M, 60, true));
	CHECK(!test_bit(60, glob().system_map), "refused bit still set");
	/* System bits are never handed out */
	for (i = 0; i < 400; i++) {
		bit = I->alloc(M, mask(0, 1, -1), false, &cpu);
		if (bit < 0)
			break;
		CHECK(bit != 128 && bit != 48 && bit != 49, "system bit %d allocated", bit);
	}
	CHECK(i == 400 || i == 2 * 200, "allocated %u", i);
	INV(M);
	return 0;
}

static int t_assign_system_busy(void)
{
	setup(2, 2, 64, 0, 64);
	I->reserve_managed(M, mask(1, -1));
	CHECK(test_bit(0, row(1).managed_map), "reservation not at bit 0");
	WARNS(1, I->assign_system(M, 0, false));
	CHECK(!test_bit(0, glob().system_map), "system bit over a managed reservation");
	INV(M);
	return 0;
}

/* A system bit can fill an offline row: reservations on it fail */
static int t_assign_system_fills_row(void)
{
	int i;

	setup(2, 2, 64, 0, 64);
	for (i = 0; i < 63; i++)
		I->reserve_managed(M, mask(1, -1));
	I->assign_system(M, 63, false);
	INV(M);
	CHECK(I->reserve_managed(M, mask(0, 1, -1)) == -ENOSPC, "reserved on a full row");
	CHECK(row(0).managed == 0, "partial reservation left");
	I->remove_managed(M, mask(1, -1));
	INV(M);
	CHECK(I->reserve_managed(M, mask(0, 1, -1)) == 0, "room after remove");
	INV(M);
	return 0;
}

/* ---- managed reservations and allocations ---- */

static int t_reserve_managed(void)
{
	unsigned int cpu;
	int i;

	setup(4, 4, 64, 0, 64);
	on(0);
	on(1);
	/* Offline CPUs 2 and 3 take reservations too */
	CHECK(I->reserve_managed(M, mask(0, 2, 3, -1)) == 0, "reserve");
	INV(M);
	CHECK(row(2).managed == 1 && row(3).managed == 1, "offline CPUs not reserved");
	CHECK(I->available(M, false) == 63 + 64, "managed counted as available");
	CHECK(I->reserve_managed(M, mask(-1)) == 0, "empty mask");
	/* Different bits per CPU */
	I->alloc(M, mask(1, -1), false, &cpu);
	CHECK(I->reserve_managed(M, mask(0, 1, -1)) == 0, "reserve 2");
	CHECK(test_bit(1, row(0).managed_map) && test_bit(1, row(1).managed_map) &&
	      test_bit(0, row(1).alloc_map), "positions");
	/* Never consumed by regular allocations: fill CPU 1 */
	for (i = 0; I->alloc(M, mask(1, -1), false, &cpu) >= 0; i++)
		;
	CHECK(i == 62, "regular allocations %d", i);
	CHECK(row(1).managed == 1 && row(1).managed_alloc == 0, "reservation consumed");
	INV(M);
	/* CPU 1 full: nothing is reserved anywhere */
	CHECK(I->reserve_managed(M, mask(0, 1, 2, -1)) == -ENOSPC, "full CPU");
	CHECK(row(0).managed == 2 && row(2).managed == 1, "partial reservation left");
	INV(M);
	/* Still full while offline; a free makes room again */
	off(1);
	INV(M);
	CHECK(I->reserve_managed(M, mask(2, 1, -1)) == -ENOSPC, "full offline CPU");
	CHECK(row(2).managed == 1, "partial reservation left");
	CHECK(I->reserve_managed(M, mask(2, -1)) == 0, "CPU 2 with a full row elsewhere");
	I->free(M, 1, 0, false);
	INV(M);
	CHECK(I->reserve_managed(M, mask(1, 2, -1)) == 0, "freed offline CPU");
	CHECK(row(1).managed == 2 && row(2).managed == 3, "reservations");
	INV(M);
	return 0;
}

static int t_remove_managed(void)
{
	unsigned int cpu;
	int bit;

	setup(4, 4, 64, 0, 64);
	on(0);
	I->reserve_managed(M, mask(0, 3, -1));
	bit = I->alloc_managed(M, mask(0, -1), &cpu);
	CHECK(bit == 0 && cpu == 0, "alloc_managed %d %u", bit, cpu);
	/* CPU 0's only reservation is allocated: warn, but CPU 3 (offline) works */
	WARNS(1, I->remove_managed(M, mask(0, 3, -1)));
	INV(M);
	CHECK(row(0).managed == 1 && row(3).managed == 0, "remove");
	WARNS(1, I->remove_managed(M, mask(3, -1)));
	I->free(M, 0, bit, true);
	CHECK(row(0).managed == 1, "free dropped the reservation");
	WARNS(0, I->remove_managed(M, mask(0, -1)));
	CHECK(I->available(M, false) == 64, "available after remove");
	INV(M);
	return 0;
}

static int t_alloc_managed(void)
{
	unsigned int cpu = 99, i, cnt[4] = { 0 };
	int bit;

	setup(4, 4, 64, 0, 64);
	on(0);
	on(1);
	on(2);
	CHECK(I->alloc_managed(M, mask(-1), &cpu) == -EINVAL, "empty mask");
	CHECK(I->alloc_managed(M, mask(0, -1), &cpu) == -ENOSPC, "nothing reserved");
	I->reserve_managed(M, mask(3, -1));
	CHECK(I->alloc_managed(M, mask(3, -1), &cpu) == -ENOSPC, "offline CPU chosen");
	for (i = 0; i < 3; i++)
		I->reserve_managed(M, mask(0, 1, 2, -1));
	for (i = 0; i < 6; i++) {
		bit = I->alloc_managed(M, mask(0, 1, 2, 3, -1), &cpu);
		CHECK(bit >= 0 && cpu < 3, "alloc_managed %d on %u", bit, cpu);
		CHECK(test_bit(bit, row(cpu).managed_map), "bit not from reservation");
		cnt[cpu]++;
		INV(M);
	}
	CHECK(cnt[0] == 2 && cnt[1] == 2 && cnt[2] == 2, "spread %u %u %u", cnt[0], cnt[1], cnt[2]);
	CHECK(I->allocated(M) == 0, "managed counted in allocated()");
	/* Freed managed bits come back from the same reservation */
	I->free(M, cpu, bit, true);
	CHECK(I->alloc_managed(M, mask(cpu, -1), &i) == bit && i == cpu, "reuse");
	CHECK(glob().total_allocated == 6, "total");
	/* Exhaust CPU 0 and 1; 2 still has a spare */
	I->alloc_managed(M, mask(0, 1, 2, -1), &cpu);
	I->alloc_managed(M, mask(0, 1, 2, -1), &cpu);
	I->alloc_managed(M, mask(0, 1, 2, -1), &cpu);
	CHECK(I->alloc_managed(M, mask(0, 1, 2, -1), &cpu) == -ENOSPC, "all spent");
	INV(M);
	return 0;
}

/* ---- irq_matrix_assign ---- */

static int t_assign(void)
{
	setup(2, 2, 256, 32, 236);
	I->assign_system(M, 128, false);
	on(0);
	WARNS(0, I->assign(M, 32));
	WARNS(0, I->assign(M, 235));
	WARNS(1, I->assign(M, 32));
	WARNS(1, I->assign(M, 31));
	WARNS(1, I->assign(M, 236));
	WARNS(1, I->assign(M, 128));
	INV(M);
	CHECK(row(0).regular == 2 && I->allocated(M) == 2, "assigned");
	/* Offline row: accounted in the row, not in global_available */
	shim_cpu = 1;
	I->assign(M, 40);
	INV(M);
	CHECK(I->available(M, false) == 201, "offline assign changed global");
	return 0;
}

/* ---- reservations ---- */

static int t_reserve(void)
{
	unsigned int cpu, i;

	setup(1, 1, 8, 0, 4);
	on(0);
	for (i = 0; i < 4; i++)
		CHECK(!I->reserve(M), "overcommit reported at %u of 4", i + 1);
	CHECK(I->reserve(M), "overcommit not reported at 5 of 4");
	CHECK(!I->reserve(M), "overcommit reported twice");
	CHECK(I->reserved(M) == 6, "reserved %u", I->reserved(M));
	CHECK(I->alloc(M, mask(0, -1), true, &cpu) == 0, "alloc");
	CHECK(I->reserved(M) == 5, "alloc did not redeem");
	for (i = 0; i < 5; i++)
		I->remove_reserved(M);
	WARNS(1, I->remove_reserved(M));
	WARNS(1, I->alloc(M, mask(0, -1), true, &cpu));
	CHECK(I->reserved(M) == 0, "underflow");
	INV(M);
	return 0;
}

/* ---- irq_matrix_alloc ---- */

static int t_alloc_edges(void)
{
	unsigned int cpu = 77, i;
	int bit;

	setup(2, 2, 64, 0, 64);
	CHECK(I->alloc(M, mask(-1), false, &cpu) == -EINVAL && cpu == 77, "empty mask");
	CHECK(I->alloc(M, mask(0, 1, -1), false, &cpu) == -ENOSPC, "all offline");
	on(1);
	CHECK(I->alloc(M, mask(0, -1), false, &cpu) == -ENOSPC, "offline CPU 0 used");
	bit = I->alloc(M, mask(0, 1, -1), false, &cpu);
	CHECK(bit == 0 && cpu == 1, "first bit of the window: %d on %u", bit, cpu);
	for (i = 1; i < 63; i++)
		I->alloc(M, mask(1, -1), false, &cpu);
	bit = I->alloc(M, mask(0, 1, -1), false, &cpu);
	CHECK(bit == 63 && cpu == 1, "last bit of the window: %d", bit);
	CHECK(I->alloc(M, mask(1, -1), false, &cpu) == -ENOSPC, "one CPU full");
	on(0);
	bit = I->alloc(M, mask(0, 1, -1), false, &cpu);
	CHECK(bit == 0 && cpu == 0, "full CPU chosen");
	INV(M);
	return 0;
}

static int t_alloc_system_in_window(void)
{
	unsigned int cpu;
	int bit, n = 0;

	setup(1, 1, 130, 3, 129);
	I->assign_system(M, 3, false);
	I->assign_system(M, 64, false);
	I->assign_system(M, 128, false);
	I->assign_system(M, 129, false);
	on(0);
	CHECK(I->available(M, false) == 123, "available %u", I->available(M, false));
	while ((bit = I->alloc(M, mask(0, -1), false, &cpu)) >= 0) {
		CHECK(bit > 3 && bit < 128 && bit != 64, "bit %d", bit);
		n++;
	}
	CHECK(n == 123 && bit == -ENOSPC, "n %d", n);
	INV(M);
	return 0;
}

static int t_alloc_all_full(void)
{
	unsigned int cpu, n = 0;

	setup(3, 3, 16, 0, 16);
	on(0);
	on(1);
	on(2);
	while (I->alloc(M, mask(0, 1, 2, -1), false, &cpu) >= 0)
		n++;
	CHECK(n == 48, "n %u", n);
	CHECK(I->available(M, false) == 0 && glob().total_allocated == 48, "accounting");
	CHECK(I->alloc_managed(M, mask(0, -1), &cpu) == -ENOSPC, "managed on full");
	CHECK(I->reserve_managed(M, mask(0, -1)) == -ENOSPC, "reserve on full");
	INV(M);
	return 0;
}

static int t_alloc_least_loaded(void)
{
	unsigned int cpu, i;

	setup(4, 4, 64, 0, 64);
	on(0);
	on(1);
	on(2);
	on(3);
	for (i = 0; i < 5; i++)
		I->alloc(M, mask(0, -1), false, &cpu);
	I->reserve_managed(M, mask(1, -1));
	I->reserve_managed(M, mask(1, -1));
	I->alloc(M, mask(2, -1), false, &cpu);
	/* Loads 5, 2, 1, 0: the next ones go to 3, then 2 or 3 */
	I->alloc(M, mask(0, 1, 2, 3, -1), false, &cpu);
	CHECK(cpu == 3, "cpu %u", cpu);
	I->alloc(M, mask(0, 1, 2, -1), false, &cpu);
	CHECK(cpu == 2, "cpu %u", cpu);
	I->alloc(M, mask(0, 1, -1), false, &cpu);
	CHECK(cpu == 1, "cpu %u", cpu);
	INV(M);
	return 0;
}

/* Masks of every shape on a 32 CPU, 4 node machine */
static int t_select_masks(void)
{
	unsigned int cpu, i, n[32] = { 0 };
	int bit;

	setup(32, 8, 256, 32, 236);
	for (i = 0; i < 32; i++)
		if (i != 5)
			on(i);
	INV(M);
	for (i = 0; i < 31 * 3; i++) {
		bit = I->alloc(M, cpu_possible_mask, false, &cpu);
		CHECK(bit >= 0 && cpu != 5, "alloc %d on %u", bit, cpu);
		n[cpu]++;
	}
	for (i = 0; i < 32; i++)
		CHECK(n[i] == (i == 5 ? 0 : 3), "cpu %u got %u", i, n[i]);
	for (i = 0; i < 16; i++) {
		I->alloc(M, range(16, 24), false, &cpu);
		CHECK(cpu >= 16 && cpu < 24, "node alloc on %u", cpu);
	}
	I->alloc(M, range(8, 15), false, &cpu);
	CHECK(cpu >= 8 && cpu < 15, "partial node alloc on %u", cpu);
	INV(M);
	/* Node 2 is above the floor now: its mask is scanned in full */
	for (i = 16; i < 24; i++)
		CHECK(row(i).regular == 5, "cpu %u has %u", i, row(i).regular);
	I->free(M, 21, 32, false);
	I->alloc(M, range(16, 24), false, &cpu);
	CHECK(cpu == 21, "node alloc on %u, not the lighter 21", cpu);
	/* The floor row going offline moves the floor up */
	off(16);
	off(17);
	INV(M);
	I->alloc(M, range(16, 24), false, &cpu);
	CHECK(cpu >= 18 && cpu < 24, "node alloc on offline %u", cpu);
	on(16);
	INV(M);
	/* Managed: each online CPU once before any twice */
	I->reserve_managed(M, cpu_possible_mask);
	for (i = 0; i < 30; i++) {
		bit = I->alloc_managed(M, cpu_online_mask, &cpu);
		CHECK(bit >= 0 && cpumask_test_cpu(cpu, cpu_online_mask), "managed %d", bit);
		CHECK(row(cpu).managed_alloc == 1, "cpu %u twice", cpu);
	}
	CHECK(I->alloc_managed(M, cpu_online_mask, &cpu) == -ENOSPC, "spent");
	INV(M);
	return 0;
}

/* ---- irq_matrix_free ---- */

static int t_free(void)
{
	unsigned int cpu;
	int bit, mbit;

	setup(2, 2, 256, 32, 236);
	on(0);
	bit = I->alloc(M, mask(0, -1), false, &cpu);
	WARNS(0, I->free(M, 0, bit, false));
	WARNS(1, I->free(M, 0, bit, false));
	WARNS(1, I->free(M, 0, 31, false));
	WARNS(1, I->free(M, 0, 236, false));
	WARNS(1, I->free(M, 1, 40, false));
	INV(M);
	CHECK(glob().total_allocated == 0 && I->available(M, false) == 204, "double free");
	/* A wrong @managed flag warns; the bitmaps decide */
	I->reserve_managed(M, mask(0, -1));
	mbit = I->alloc_managed(M, mask(0, -1), &cpu);
	WARNS(1, I->free(M, 0, mbit, false));
	INV(M);
	CHECK(row(0).managed == 1 && I->available(M, false) == 203, "reservation lost");
	bit = I->alloc(M, mask(0, -1), false, &cpu);
	WARNS(1, I->free(M, 0, bit, true));
	INV(M);
	return 0;
}

/* ---- queries ---- */

static int t_queries(void)
{
	unsigned int cpu;

	setup(2, 2, 64, 0, 64);
	on(0);
	on(1);
	I->alloc(M, mask(0, -1), false, &cpu);
	I->reserve_managed(M, mask(0, -1));
	I->alloc_managed(M, mask(0, -1), &cpu);
	shim_cpu = 0;
	CHECK(I->available(M, false) == 62 + 64, "available");
	CHECK(I->available(M, true) == 64, "available cpudown");
	CHECK(I->allocated(M) == 1, "allocated %u", I->allocated(M));
	shim_cpu = 1;
	CHECK(I->allocated(M) == 0, "allocated cpu 1");
	CHECK(I->available(M, true) == 62, "cpudown cpu 1");
	CHECK(I->reserved(M) == 0, "reserved");
	return 0;
}

/* ---- tracepoints ---- */

static int t_trace(void)
{
	static const char * const want[] = {
		"irq_matrix_online: online_maps=1 global_avl=204, global_rsvd=0, total_alloc=0",
		"irq_matrix_alloc: bit=32 cpu=0 online=1 avl=203 alloc=1 managed=0 online_maps=1 global_avl=203, global_rsvd=0, total_alloc=1",
		"irq_matrix_reserve: online_maps=1 global_avl=203, global_rsvd=1, total_alloc=1",
		"irq_matrix_reserve_managed: bit=32 cpu=1 online=0 avl=203 alloc=0 managed=1 online_maps=1 global_avl=203, global_rsvd=1, total_alloc=1",
		"irq_matrix_online: online_maps=2 global_avl=406, global_rsvd=1, total_alloc=1",
		"irq_matrix_offline: online_maps=1 global_avl=203, global_rsvd=1, total_alloc=1",
		"irq_matrix_free: bit=32 cpu=0 online=1 avl=204 alloc=0 managed=0 online_maps=1 global_avl=204, global_rsvd=1, total_alloc=0",
	};
	unsigned int cpu;

	setup(2, 2, 256, 32, 236);
	on(0);
	CHECK(!strcmp(shim_trace_last, want[0]), "%s", shim_trace_last);
	I->alloc(M, mask(0, -1), false, &cpu);
	CHECK(!strcmp(shim_trace_last, want[1]), "%s", shim_trace_last);
	shim_cpu = 1;
	WARNS(1, I->assign_system(M, 40, false));
	shim_cpu = 0;
	I->reserve(M);
	CHECK(!strcmp(shim_trace_last, want[2]), "%s", shim_trace_last);
	I->reserve_managed(M, mask(1, -1));
	CHECK(!strcmp(shim_trace_last, want[3]), "%s", shim_trace_last);

	/* The outgoing CPU's events come at once, with the values of then */
	on(1);
	CHECK(!strcmp(shim_trace_last, want[4]), "%s", shim_trace_last);
	shim_cpu = 1;
	shim_set_online(1, false);
	I->offline(M);
	CHECK(!strcmp(shim_trace_last, want[5]), "%s", shim_trace_last);
	I->free(M, 0, 32, false);
	CHECK(!strcmp(shim_trace_last, want[6]), "%s", shim_trace_last);
	return 0;
}

/* ---- debugfs ---- */

static char *show(const struct mx_impl *impl, struct irq_matrix *m)
{
	struct seq_file sf = { 0 };

	impl->debug_show(&sf, m, 1);
	return sf.buf;
}

static int t_debug_show(void)
{
	unsigned int cpu;
	char *out;

	setup(3, 3, 256, 32, 236);
	I->assign_system(M, 128, false);
	on(0);
	on(1);
	I->alloc(M, mask(0, -1), false, &cpu);
	I->alloc(M, mask(1, -1), false, &cpu);
	I->reserve_managed(M, mask(1, 2, -1));
	I->alloc_managed(M, mask(1, -1), &cpu);
	shim_cpu = 2;
	I->assign(M, 100);
	I->reserve(M);
	out = show(I, M);
	CHECK(strstr(out, "Online bitmaps:        2\nGlobal available:    403\n"
			  "Global reserved:       1\nTotal allocated:       4\n"
			  "System: 1: 128\n | CPU | avl | man | mac | act | vectors\n"
			  "     0   202     0     0    1  32\n"
			  "     1   201     1     1    2  32-33\n"
			  "Managed reserved:      2\n") == out, "legacy part:\n%s", out);
	CHECK(strstr(out, "Offline held:          1\n"), "offline held:\n%s", out);
	free(out);
	return 0;
}

/* The same deterministic state in both files prints the same legacy part */
static int t_debug_show_vs_base(void)
{
	struct irq_matrix *mb, *mo;
	unsigned int cpu, c, i;
	char *ob, *oo, *end;
	const struct mx_impl *impls[2] = { &mx_base, &mx_ours };
	struct irq_matrix *ms[2];

	for (i = 0; i < 2; i++) {
		const struct mx_impl *x = impls[i];

		shim_topology(4, 4);
		ms[i] = x->alloc_matrix(256, 32, 236);
		x->assign_system(ms[i], 128, false);
		x->assign_system(ms[i], 240, false);
		for (c = 0; c < 4; c++) {
			shim_cpu = c;
			x->online(ms[i]);
			shim_set_online(c, true);
		}
		for (c = 0; c < 40; c++)
			x->alloc(ms[i], mask(c % 4, -1), false, &cpu);
		x->reserve_managed(ms[i], mask(1, 2, -1));
		x->reserve_managed(ms[i], mask(2, -1));
		x->alloc_managed(ms[i], mask(2, -1), &cpu);
		x->free(ms[i], 3, 33, false);
		x->reserve(ms[i]);
	}
	mb = ms[0];
	mo = ms[1];
	ob = show(&mx_base, mb);
	oo = show(&mx_ours, mo);
	end = strstr(oo, "Managed reserved:");
	CHECK(end && !strncmp(ob, oo, end - oo) && strlen(ob) == (size_t)(end - oo),
	      "\nbase:\n%s\nours:\n%s", ob, oo);
	free(ob);
	free(oo);
	mx_base.destroy(mb);
	mx_ours.destroy(mo);
	return 0;
}

/*
 * A matrix of 64 bits on two CPUs, both online, the shim on CPU 1: the
 * start of the base difference tests.
 */
static struct irq_matrix *two_cpus_online(const struct mx_impl *impl)
{
	struct irq_matrix *m;

	shim_topology(2, 2);
	m = impl->alloc_matrix(64, 0, 64);
	shim_cpu = 0;
	impl->online(m);
	shim_cpu = 1;
	impl->online(m);
	return m;
}

/*
 * Base differences, by design: the base tree leaves Total allocated too
 * high when a bit is freed on an offline CPU; ours stays exact.
 */
static int t_base_offline_free_difference(void)
{
	const struct mx_impl *impls[2] = { &mx_base, &mx_ours };
	unsigned int cpu, i, tot[2];
	struct irq_matrix *m;
	int bit;

	for (i = 0; i < 2; i++) {
		m = two_cpus_online(impls[i]);
		bit = impls[i]->alloc(m, mask(1, -1), false, &cpu);
		impls[i]->offline(m);
		impls[i]->free(m, 1, bit, false);
		tot[i] = impls[i]->total_allocated(m);
		impls[i]->destroy(m);
	}
	CHECK(tot[0] == 1, "base tree fixed? total %u", tot[0]);
	CHECK(tot[1] == 0, "ours total %u", tot[1]);
	return 0;
}

/*
 * Base difference: a managed vector reserved while its CPU is offline
 * (a driver which sets up its queues while a CPU failed to come back
 * from sleep) is never taken from that CPU's available count, which
 * base computes only at the first online: back online, the CPU counts
 * the reserved vector as available as well. Ours counts it once.
 */
static int t_base_offline_reserve_managed_difference(void)
{
	const struct mx_impl *impls[2] = { &mx_base, &mx_ours };
	unsigned int i, avail[2];
	struct irq_matrix *m;

	for (i = 0; i < 2; i++) {
		m = two_cpus_online(impls[i]);
		impls[i]->offline(m);
		impls[i]->reserve_managed(m, mask(1, -1));
		impls[i]->online(m);
		avail[i] = impls[i]->available(m, false);
		impls[i]->destroy(m);
	}
	CHECK(avail[0] == 128, "base tree fixed? available %u", avail[0]);
	CHECK(avail[1] == 127, "ours available %u, want 64 + 63", avail[1]);
	return 0;
}

/* Differential: single-CPU masks make both files deterministic */
static int t_differential(void)
{
	const struct mx_impl *impls[2] = { &mx_base, &mx_ours };
	struct irq_matrix *ms[2];
	unsigned int i, k, x = 12345, cpu[2];
	int r[2];

	for (i = 0; i < 2; i++) {
		shim_topology(4, 4);
		ms[i] = impls[i]->alloc_matrix(256, 32, 236);
		impls[i]->assign_system(ms[i], 128, false);
		for (k = 0; k < 4; k++) {
			shim_cpu = k;
			impls[i]->online(ms[i]);
		}
	}
	for (k = 0; k < 200000; k++) {
		unsigned int op, c;

		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		op = x % 8;
		c = (x >> 8) % 4;
		for (i = 0; i < 2; i++) {
			const struct mx_impl *p = impls[i];

			r[i] = 0;
			cpu[i] = c;
			shim_cpu = c;
			switch (op) {
			case 0: case 1: case 2:
				r[i] = p->alloc(ms[i], mask(c, -1), false, &cpu[i]);
				break;
			case 3:
				r[i] = p->row_allocated(ms[i], c);
				break;
			case 4:
				r[i] = p->reserve_managed(ms[i], mask(c, -1));
				break;
			case 5:
				r[i] = p->alloc_managed(ms[i], mask(c, -1), &cpu[i]);
				break;
			case 6:
				r[i] = p->available(ms[i], x & 1);
				break;
			default:
				r[i] = p->allocated(ms[i]);
				break;
			}
		}
		CHECK(r[0] == r[1] && cpu[0] == cpu[1], "op %u on %u: base %d/%u ours %d/%u", op, c,
		      r[0], cpu[0], r[1], cpu[1]);
		if (op == 0 && r[1] >= 0 && (x & 0x300) == 0) {
			for (i = 0; i < 2; i++)
				impls[i]->free(ms[i], c, r[i], false);
		}
		if (op == 5 && r[1] >= 0 && (x & 0x100)) {
			for (i = 0; i < 2; i++)
				impls[i]->free(ms[i], c, r[i], true);
		}
		if (impls[0]->total_allocated(ms[0]) != impls[1]->total_allocated(ms[1]))
			CHECK(0, "total differs at %u", k);
	}
	for (i = 0; i < 2; i++)
		impls[i]->destroy(ms[i]);
	return 0;
}

/* ---- spread ---- */

/*
 * 10^5 random allocations and frees with full masks.  Frees can unbalance
 * the rows, allocations must rebalance them: after each round of random
 * frees followed by as many allocations, loads differ by at most one.
 */
static int spread_run(unsigned int cpus, unsigned int per_node)
{
	static unsigned int held_cpu[1 << 16], held_bit[1 << 16];
	unsigned int i, n = 0, ops = 0, x = 777, cpu, lo, hi;
	int bit;

	setup(cpus, per_node, 256, 32, 236);
	for (i = 0; i < cpus; i++)
		on(i);
	while (ops < 100000) {
		unsigned int k = 1 + (x % 16), j;

		for (j = 0; j < k && n; j++, ops++) {
			unsigned int p;

			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			p = x % n;
			I->free(M, held_cpu[p], held_bit[p], false);
			held_cpu[p] = held_cpu[--n];
			held_bit[p] = held_bit[n];
		}
		k = j + (n < cpus * 100 ? 2 : 0);
		for (j = 0; j < k; j++, ops++) {
			bit = I->alloc(M, cpu_online_mask, false, &cpu);
			CHECK(bit >= 0, "alloc failed %d", bit);
			held_cpu[n] = cpu;
			held_bit[n++] = bit;
		}
		lo = UINT_MAX;
		hi = 0;
		for (i = 0; i < cpus; i++) {
			lo = min(lo, I->row_allocated(M, i));
			hi = max(hi, I->row_allocated(M, i));
		}
		CHECK(hi - lo <= 1, "spread %u..%u after %u ops", lo, hi, ops);
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
	}
	INV(M);
	return 0;
}

static int t_spread_small(void)
{
	return spread_run(4, 4);
}

static int t_spread_64cpu(void)
{
	return spread_run(64, 16);
}

static unsigned int xorshift(unsigned int *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* All, online, one node, every 8th, a random half, one CPU, random, empty */
static void random_mask(struct cpumask *msk, unsigned int cpus, unsigned int per_node,
			unsigned int *x)
{
	unsigned int c, shape = xorshift(x) % 16, pick = xorshift(x), density;

	memset(msk, 0, sizeof(*msk));
	density = 1 + pick % 7;
	for (c = 0; c < cpus; c++) {
		bool in;

		switch (shape) {
		case 0: case 1:
			in = true;
			break;
		case 2:
			in = cpumask_test_cpu(c, cpu_online_mask);
			break;
		case 3: case 4: case 5:
			in = c / per_node == pick % ((cpus + per_node - 1) / per_node);
			break;
		case 6: case 7:
			in = c % 8 == pick % 8;
			break;
		case 8: case 9: case 10:
			in = xorshift(x) & 1;
			break;
		case 11: case 12:
			in = c == pick % cpus;
			break;
		case 13: case 14:
			in = xorshift(x) % 8 < density;
			break;
		default:
			in = false;
			break;
		}
		if (in)
			__set_bit(c, msk->bits);
	}
}

/* Allocate with @msk and check the CPU was a least loaded online one of it */
static int spread_alloc(struct cpumask *msk, unsigned int cpus, unsigned int *cpu, int *bit)
{
	unsigned int c, most = 0, cap = glob().cap;
	bool any = false, online = false;

	for (c = 0; c < cpus; c++) {
		if (!cpumask_test_cpu(c, msk))
			continue;
		any = true;
		if (!row(c).online)
			continue;
		online = true;
		most = max(most, row(c).available);
	}
	*bit = I->alloc(M, msk, false, cpu);
	if (!any)
		CHECK(*bit == -EINVAL, "empty mask: %d", *bit);
	else if (!online || !most)
		CHECK(*bit == -ENOSPC, "no room: %d", *bit);
	else
		CHECK(*bit >= 0 && *cpu < cpus && cpumask_test_cpu(*cpu, msk) && row(*cpu).online &&
		      row(*cpu).available + 1 == most,
		      "alloc %d on %u: available %u after, most %u of %u", *bit, *cpu,
		      *cpu < cpus ? row(*cpu).available : 0, most, cap);
	return 0;
}

/*
 * 10^5 random allocations and frees with random masks, while CPUs go
 * offline and online and managed reservations change the loads: every
 * allocation must land on a least loaded online CPU of its mask.  The
 * invariants are checked after every @check_every operations.
 */
static int spread_masks_run(unsigned int cpus, unsigned int per_node, unsigned int check_every)
{
	static unsigned int held_cpu[1 << 17], held_bit[1 << 17];
	unsigned int i, n = 0, ops = 0, steps, x = 4242 + cpus, cpu, r;
	struct cpumask msk;
	int bit;

	setup(cpus, per_node, 256, 32, 236);
	for (i = 0; i < cpus; i++)
		on(i);
	for (steps = 0; ops < 100000; steps++) {
		r = xorshift(&x) % 100;
		cpu = xorshift(&x) % cpus;
		if (r < 2 && row(cpu).online && glob().online_maps > 1) {
			off(cpu);
		} else if (r < 2 && !row(cpu).online) {
			on(cpu);
		} else if (r < 4) {
			random_mask(&msk, cpus, per_node, &x);
			I->reserve_managed(M, &msk);
		} else if (r < 5 && row(cpu).managed > row(cpu).managed_alloc) {
			I->remove_managed(M, cpumask_of(cpu));
		} else if (n && (r < 50 || n > cpus * 120)) {
			i = xorshift(&x) % n;
			I->free(M, held_cpu[i], held_bit[i], false);
			held_cpu[i] = held_cpu[--n];
			held_bit[i] = held_bit[n];
			ops++;
		} else {
			random_mask(&msk, cpus, per_node, &x);
			if (spread_alloc(&msk, cpus, &cpu, &bit))
				return -1;
			if (bit >= 0) {
				held_cpu[n] = cpu;
				held_bit[n++] = bit;
			}
			ops++;
		}
		if (steps % check_every == 0)
			INV(M);
	}
	INV(M);
	return 0;
}

static int t_spread_masks_64(void)
{
	return spread_masks_run(64, 16, 1);
}

static int t_spread_masks_300(void)
{
	return spread_masks_run(300, 16, 64);
}

/* ---- model-based random test ---- */

static unsigned long long rng = 88172645463325252ULL;

static unsigned int rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng >> 16;
}

static void random_op(struct world *w, struct op *op, bool early)
{
	static const unsigned char weights[OP_NR] = {
		[OP_ONLINE] = 3, [OP_OFFLINE] = 2, [OP_ASSIGN_SYSTEM] = 0,
		[OP_RESERVE_MANAGED] = 6, [OP_REMOVE_MANAGED] = 4,
		[OP_ALLOC_MANAGED] = 8, [OP_ASSIGN] = 2, [OP_RESERVE] = 3,
		[OP_REMOVE_RESERVED] = 3, [OP_ALLOC] = 30, [OP_FREE] = 4,
		[OP_FREE_HELD] = 26, [OP_QUERY] = 4,
	};
	unsigned int t, r, sum = 0;

	for (t = 0; t < OP_NR; t++)
		sum += weights[t];
	r = rnd() % sum;
	for (t = 0; r >= weights[t]; t++)
		r -= weights[t];
	if (early && rnd() % 3 == 0)
		t = OP_ASSIGN_SYSTEM;
	op->type = t;
	op->mask = rnd() % 10;
	if (op->mask >= MASK_NR)
		op->mask = rnd() % 2 ? MASK_ALL : MASK_NODE;
	op->flag = rnd() % 7 == 0;
	op->cpu = rnd() % w->cfg.cpus;
	op->bit = rnd() % (w->cfg.bits + 2);
	if (t == OP_FREE && rnd() % 2)
		op->bit = w->cfg.start + rnd() % (w->cfg.end - w->cfg.start);
	op->arg = rnd();
}

static int model_run(const struct world_cfg *cfg, unsigned int ops)
{
	static struct world w;
	unsigned int i;
	struct op op;
	int ret = 0;

	if (world_init(&w, cfg))
		CHECK(0, "%s", w.err);
	shim_trace_on = true;
	for (i = 0; i < ops && !ret; i++) {
		random_op(&w, &op, i < 20);
		ret = world_apply(&w, &op);
	}
	world_fini(&w);
	CHECK(!ret, "%s", w.err);
	return 0;
}

#define MODEL_TEST(name, c, pn, b, s, e, n)				\
	static int name(void)						\
	{								\
		struct world_cfg cfg = { c, pn, b, s, e };		\
		return model_run(&cfg, n);				\
	}

MODEL_TEST(t_model_x86_4cpu, 4, 4, 256, 32, 236, 300000)
MODEL_TEST(t_model_x86_20cpu_nodes, 20, 5, 256, 32, 236, 300000)
MODEL_TEST(t_model_tiny_17cpu_1node, 17, 17, 64, 0, 64, 200000)
MODEL_TEST(t_model_odd_24cpu, 24, 8, 130, 3, 129, 150000)
MODEL_TEST(t_model_imsic_3cpu, 3, 2, 2048, 1, 2048, 50000)
MODEL_TEST(t_model_1cpu, 1, 1, 64, 0, 64, 50000)

/* ---- corpus replay ---- */

static const char *corpus_dir = "corpus";

static int t_corpus(void)
{
	struct dirent *de;
	unsigned int n = 0;
	char path[512], err[512];
	DIR *d = opendir(corpus_dir);

	CHECK(d, "no corpus directory %s", corpus_dir);
	while ((de = readdir(d))) {
		unsigned char buf[1 << 16];
		size_t len;
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", corpus_dir, de->d_name);
		f = fopen(path, "rb");
		CHECK(f, "open %s", path);
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (world_run_bytes(buf, len, err, sizeof(err))) {
			snprintf(path, sizeof(path), "%s", de->d_name);
			closedir(d);
			CHECK(0, "%s: %s", path, err);
		}
		n++;
	}
	closedir(d);
	CHECK(n >= 5, "corpus has only %u inputs", n);
	printf("    replayed %u corpus inputs\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1)
		corpus_dir = argv[1];
	run("alloc_matrix", t_alloc_matrix);
	run("online_offline", t_online_offline);
	run("assign_system", t_assign_system);
	run("assign_system_busy", t_assign_system_busy);
	run("assign_system_fills_row", t_assign_system_fills_row);
	run("reserve_managed", t_reserve_managed);
	run("remove_managed", t_remove_managed);
	run("alloc_managed", t_alloc_managed);
	run("assign", t_assign);
	run("reserve", t_reserve);
	run("alloc_edges", t_alloc_edges);
	run("alloc_system_in_window", t_alloc_system_in_window);
	run("alloc_all_full", t_alloc_all_full);
	run("alloc_least_loaded", t_alloc_least_loaded);
	run("select_masks", t_select_masks);
	run("free", t_free);
	run("queries", t_queries);
	run("trace", t_trace);
	run("debug_show", t_debug_show);
	run("debug_show_vs_base", t_debug_show_vs_base);
	run("base_offline_free_difference", t_base_offline_free_difference);
	run("base_offline_reserve_managed_difference",
	    t_base_offline_reserve_managed_difference);
	run("differential", t_differential);
	run("spread_small", t_spread_small);
	run("spread_64cpu", t_spread_64cpu);
	run("spread_masks_64", t_spread_masks_64);
	run("spread_masks_300", t_spread_masks_300);
	run("model_x86_4cpu", t_model_x86_4cpu);
	run("model_x86_20cpu_nodes", t_model_x86_20cpu_nodes);
	run("model_tiny_17cpu_1node", t_model_tiny_17cpu_1node);
	run("model_odd_24cpu", t_model_odd_24cpu);
	run("model_imsic_3cpu", t_model_imsic_3cpu);
	run("model_1cpu", t_model_1cpu);
	run("corpus", t_corpus);
	if (M)
		I->destroy(M);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Reference model of the matrix semantics, written as plainly as possible
 * (bit loops, no counters), and the comparison against kernel/irq/matrix.c.
 */
#include <stdarg.h>
#include "world.h"

static const struct mx_impl *impl = &mx_ours;

static int fail(struct world *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(w->err, sizeof(w->err), "step %lu: ", w->steps);
	va_start(ap, fmt);
	vsnprintf(w->err + n, sizeof(w->err) - n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool in_window(struct world *w, unsigned int bit)
{
	return bit >= w->cfg.start && bit < w->cfg.end;
}

static unsigned int cap(struct world *w)
{
	unsigned int i, n = 0;

	for (i = 0; i < MODEL_WORDS; i++)
		n += __builtin_popcountl(w->window[i] & ~w->sys[i]);
	return n;
}

/* Window bits set in a (mode 0), in a but not b (1), in both (2) */
static unsigned int count(const unsigned long *a, const unsigned long *b, int mode,
			  struct world *w)
{
	unsigned int i, n = 0;

	for (i = 0; i < MODEL_WORDS; i++) {
		unsigned long x = a[i] & w->window[i];

		if (mode == 1)
			x &= ~b[i];
		else if (mode == 2)
			x &= b[i];
		n += __builtin_popcountl(x);
	}
	return n;
}

static unsigned int m_managed(struct world *w, unsigned int c)
{
	return count(w->rows[c].managed, NULL, 0, w);
}

static unsigned int m_regular(struct world *w, unsigned int c)
{
	return count(w->rows[c].alloc, w->rows[c].managed, 1, w);
}

static unsigned int m_mac(struct world *w, unsigned int c)
{
	return count(w->rows[c].alloc, w->rows[c].managed, 2, w);
}

static unsigned int m_load(struct world *w, unsigned int c)
{
	return m_managed(w, c) + m_regular(w, c);
}

static unsigned int m_avail(struct world *w, unsigned int c)
{
	return cap(w) - m_load(w, c);
}

static unsigned int m_global_avail(struct world *w)
{
	unsigned int c, n = 0;

	for (c = 0; c < w->cfg.cpus; c++)
		if (w->rows[c].online)
			n += m_avail(w, c);
	return n;
}

static unsigned int m_online_count(struct world *w)
{
	unsigned int c, n = 0;

	for (c = 0; c < w->cfg.cpus; c++)
		n += w->rows[c].online;
	return n;
}

/* Lowest window bit set in the word-wise function of the row's maps */
static unsigned int lowest(struct world *w, unsigned int c, bool spare)
{
	const struct model_row *r = &w->rows[c];
	unsigned int i;

	for (i = 0; i < MODEL_WORDS; i++) {
		unsigned long x;

		if (spare)
			x = r->managed[i] & ~r->alloc[i];
		else
			x = ~(r->alloc[i] | r->managed[i] | w->sys[i]);
		x &= w->window[i];
		if (x)
			return i * BITS_PER_LONG + __builtin_ctzl(x);
	}
	return w->cfg.end;
}

static unsigned int lowest_free(struct world *w, unsigned int c)
{
	return lowest(w, c, false);
}

static unsigned int lowest_spare(struct world *w, unsigned int c)
{
	return lowest(w, c, true);
}

static void build_mask(struct world *w, const struct op *op, struct cpumask *msk)
{
	unsigned int c, nodes = (w->cfg.cpus + w->cfg.per_node - 1) / w->cfg.per_node;
	unsigned int x = op->arg * 2654435761u + 1;

	memset(msk, 0, sizeof(*msk));
	for (c = 0; c < w->cfg.cpus; c++) {
		bool in;

		switch (op->mask % MASK_NR) {
		case MASK_EMPTY:
			in = false;
			break;
		case MASK_ALL:
			in = true;
			break;
		case MASK_ONLINE:
			in = w->rows[c].online;
			break;
		case MASK_NODE:
			in = c / w->cfg.per_node == op->arg % nodes;
			break;
		case MASK_SINGLE:
			in = c == op->cpu % w->cfg.cpus;
			break;
		case MASK_RANDOM:
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			in = x & 1;
			break;
		default:
			in = !w->rows[c].online;
			break;
		}
		if (in)
			__set_bit(c, msk->bits);
	}
}

int world_init(struct world *w, const struct world_cfg *cfg)
{
	unsigned int i;

	memset(w, 0, sizeof(*w));
	w->cfg = *cfg;
	w->check_each = true;
	for (i = cfg->start; i < cfg->end; i++)
		__set_bit(i, w->window);
	shim_topology(cfg->cpus, cfg->per_node);
	w->m = impl->alloc_matrix(cfg->bits, cfg->start, cfg->end);
	if (!w->m)
		return fail(w, "irq_alloc_matrix failed");
	return 0;
}

void world_fini(struct world *w)
{
	if (w->m)
		impl->destroy(w->m);
	w->m = NULL;
}

int world_compare(struct world *w)
{
	struct mx_global_view g;
	unsigned int c, total = 0, words = BITS_TO_LONGS(w->cfg.bits), i;
	char err[256];

	mx_ours_global(w->m, &g);
	for (c = 0; c < w->cfg.cpus; c++) {
		struct mx_row_view v;

		mx_ours_row(w->m, c, &v);
		for (i = 0; i < words; i++) {
			if (v.alloc_map[i] != w->rows[c].alloc[i])
				return fail(w, "cpu %u alloc_map word %u %lx != model %lx", c, i,
					    v.alloc_map[i], w->rows[c].alloc[i]);
			if (v.managed_map[i] != w->rows[c].managed[i])
				return fail(w, "cpu %u managed_map word %u differs", c, i);
		}
		if (v.online != w->rows[c].online)
			return fail(w, "cpu %u online differs", c);
		if (v.available != m_avail(w, c))
			return fail(w, "cpu %u available %u != %u", c, v.available, m_avail(w, c));
		total += m_regular(w, c) + m_mac(w, c);
	}
	for (i = 0; i < words; i++)
		if (g.system_map[i] != w->sys[i])
			return fail(w, "system_map differs");
	if (g.global_available != m_global_avail(w))
		return fail(w, "global_available %u != %u", g.global_available, m_global_avail(w));
	if (g.total_allocated != total)
		return fail(w, "total_allocated %u != %u", g.total_allocated, total);
	if (g.global_reserved != w->reserved)
		return fail(w, "global_reserved %u != %u", g.global_reserved, w->reserved);
	if (g.online_maps != m_online_count(w))
		return fail(w, "online_maps differs");
	if (mx_ours_check(w->m, err, sizeof(err)))
		return fail(w, "invariant: %s", err);
	return 0;
}

static int expect_trace(struct world *w, const char *ev, int bit, unsigned int cpu)
{
	char want[96];

	snprintf(want, sizeof(want), "%s: bit=%d cpu=%u ", ev, bit, cpu);
	if (shim_trace_on && strncmp(shim_trace_last, want, strlen(want)))
		return fail(w, "trace '%s', wanted '%s'", shim_trace_last, want);
	return 0;
}

static int do_alloc(struct world *w, const struct op *op, bool *warn)
{
	unsigned int c, best = UINT_MAX, cpu = UINT_MAX;
	struct cpumask msk;
	bool any = false;
	int ret;

	build_mask(w, op, &msk);
	ret = impl->alloc(w->m, &msk, op->flag & 1, &cpu);
	for (c = 0; c < w->cfg.cpus; c++) {
		if (cpumask_test_cpu(c, &msk))
			any = true;
		if (cpumask_test_cpu(c, &msk) && w->rows[c].online)
			best = min(best, m_load(w, c));
	}
	if (!any)
		return ret == -EINVAL ? 0 : fail(w, "alloc empty mask: %d", ret);
	if (best == UINT_MAX || best == cap(w))
		return ret == -ENOSPC ? 0 : fail(w, "alloc: %d, want -ENOSPC", ret);
	if (ret < 0)
		return fail(w, "alloc failed %d, best load %u cap %u", ret, best, cap(w));
	if (cpu >= w->cfg.cpus || !cpumask_test_cpu(cpu, &msk) || !w->rows[cpu].online)
		return fail(w, "alloc on cpu %u outside online mask", cpu);
	if (m_load(w, cpu) != best)
		return fail(w, "alloc cpu %u load %u, least %u", cpu, m_load(w, cpu), best);
	if ((unsigned int)ret != lowest_free(w, cpu))
		return fail(w, "alloc bit %d, lowest free %u", ret, lowest_free(w, cpu));
	__set_bit(ret, w->rows[cpu].alloc);
	if (op->flag & 1) {
		if (!w->reserved)
			*warn = true;
		else
			w->reserved--;
	}
	return expect_trace(w, "irq_matrix_alloc", ret, cpu);
}

static int do_alloc_managed(struct world *w, const struct op *op)
{
	unsigned int c, best = UINT_MAX, cpu = UINT_MAX;
	struct cpumask msk;
	int ret;

	build_mask(w, op, &msk);
	ret = impl->alloc_managed(w->m, &msk, &cpu);
	if (cpumask_empty(&msk))
		return ret == -EINVAL ? 0 : fail(w, "alloc_managed empty mask: %d", ret);
	for (c = 0; c < w->cfg.cpus; c++)
		if (cpumask_test_cpu(c, &msk) && w->rows[c].online &&
		    lowest_spare(w, c) < w->cfg.end)
			best = min(best, m_mac(w, c));
	if (best == UINT_MAX)
		return ret == -ENOSPC ? 0 : fail(w, "alloc_managed: %d, want -ENOSPC", ret);
	if (ret < 0)
		return fail(w, "alloc_managed failed %d", ret);
	if (cpu >= w->cfg.cpus || !cpumask_test_cpu(cpu, &msk) || !w->rows[cpu].online)
		return fail(w, "alloc_managed on cpu %u outside online mask", cpu);
	if (m_mac(w, cpu) != best || (unsigned int)ret != lowest_spare(w, cpu))
		return fail(w, "alloc_managed cpu %u bit %d: mac %u least %u spare %u", cpu, ret,
			    m_mac(w, cpu), best, lowest_spare(w, cpu));
	__set_bit(ret, w->rows[cpu].alloc);
	return expect_trace(w, "irq_matrix_alloc_managed", ret, cpu);
}

static int do_reserve_managed(struct world *w, const struct op *op)
{
	struct cpumask msk;
	bool ok = true;
	unsigned int c;
	int ret;

	build_mask(w, op, &msk);
	ret = impl->reserve_managed(w->m, &msk);
	for (c = 0; c < w->cfg.cpus; c++)
		if (cpumask_test_cpu(c, &msk) && !m_avail(w, c))
			ok = false;
	if (!ok)
		return ret == -ENOSPC ? 0 : fail(w, "reserve_managed %d, want -ENOSPC", ret);
	if (ret)
		return fail(w, "reserve_managed failed %d", ret);
	for (c = 0; c < w->cfg.cpus; c++)
		if (cpumask_test_cpu(c, &msk))
			__set_bit(lowest_free(w, c), w->rows[c].managed);
	return 0;
}

static void do_remove_managed(struct world *w, const struct op *op, bool *warn)
{
	struct cpumask msk;
	unsigned int c, bit;

	build_mask(w, op, &msk);
	impl->remove_managed(w->m, &msk);
	for (c = 0; c < w->cfg.cpus; c++) {
		if (!cpumask_test_cpu(c, &msk))
			continue;
		bit = lowest_spare(w, c);
		if (bit >= w->cfg.end)
			*warn = true;
		else
			__clear_bit(bit, w->rows[c].managed);
	}
}

static bool bit_used_elsewhere(struct world *w, unsigned int bit, int skip)
{
	unsigned int c;

	for (c = 0; c < w->cfg.cpus; c++) {
		if (test_bit(bit, w->rows[c].managed))
			return true;
		if ((int)c != skip && test_bit(bit, w->rows[c].alloc))
			return true;
	}
	return false;
}

static void do_assign_system(struct world *w, const struct op *op, bool *warn)
{
	unsigned int cpu = op->cpu % w->cfg.cpus, bit = op->bit % (w->cfg.bits + 2);
	bool replace = op->flag & 1, replaced;
	struct model_row *r = &w->rows[cpu];

	shim_cpu = cpu;
	impl->assign_system(w->m, bit, replace);
	if (bit >= w->cfg.bits || m_online_count(w) > 1 || (m_online_count(w) && !replace)) {
		*warn = true;
		return;
	}
	if (test_bit(bit, w->sys))
		return;
	replaced = replace && test_bit(bit, r->alloc) && !test_bit(bit, r->managed);
	if (replace && !replaced)
		*warn = true;
	if (bit_used_elsewhere(w, bit, replaced ? (int)cpu : -1)) {
		*warn = true;
		return;
	}
	if (replaced)
		__clear_bit(bit, r->alloc);
	__set_bit(bit, w->sys);
}

static void do_assign(struct world *w, const struct op *op, bool *warn)
{
	unsigned int cpu = op->cpu % w->cfg.cpus, bit = op->bit % (w->cfg.bits + 1);
	struct model_row *r = &w->rows[cpu];

	shim_cpu = cpu;
	impl->assign(w->m, bit);
	if (!in_window(w, bit) || test_bit(bit, w->sys) || test_bit(bit, r->alloc) ||
	    test_bit(bit, r->managed)) {
		*warn = true;
		return;
	}
	__set_bit(bit, r->alloc);
}

static int do_free(struct world *w, unsigned int cpu, unsigned int bit, bool managed,
		   bool *warn)
{
	struct model_row *r = &w->rows[cpu];

	impl->free(w->m, cpu, bit, managed);
	if (!in_window(w, bit) || !test_bit(bit, r->alloc)) {
		*warn = true;
		return 0;
	}
	if (test_bit(bit, r->managed) != managed)
		*warn = true;
	__clear_bit(bit, r->alloc);
	return expect_trace(w, "irq_matrix_free", bit, cpu);
}

static int do_free_held(struct world *w, const struct op *op, bool *warn)
{
	unsigned int c, bit, n = 0, pick;

	for (c = 0; c < w->cfg.cpus; c++)
		n += count(w->rows[c].alloc, NULL, 0, w);
	if (!n)
		return 0;
	pick = op->arg % n;
	for (c = 0; c < w->cfg.cpus; c++) {
		for (bit = w->cfg.start; bit < w->cfg.end; bit++) {
			if (!test_bit(bit, w->rows[c].alloc))
				continue;
			if (!pick--)
				return do_free(w, c, bit, test_bit(bit, w->rows[c].managed), warn);
		}
	}
	return 0;
}

static int do_query(struct world *w, const struct op *op)
{
	unsigned int cpu = op->cpu % w->cfg.cpus, ga = m_global_avail(w), down;

	shim_cpu = cpu;
	down = w->rows[cpu].online ? ga - m_avail(w, cpu) : ga;
	if (impl->available(w->m, false) != ga)
		return fail(w, "available(false) %u != %u", impl->available(w->m, false), ga);
	if (impl->available(w->m, true) != down)
		return fail(w, "available(true) %u != %u", impl->available(w->m, true), down);
	if (impl->allocated(w->m) != m_regular(w, cpu))
		return fail(w, "allocated %u != %u", impl->allocated(w->m), m_regular(w, cpu));
	if (impl->reserved(w->m) != w->reserved)
		return fail(w, "reserved differs");
	return 0;
}

static void do_online(struct world *w, const struct op *op, bool on, bool *warn)
{
	unsigned int cpu = op->cpu % w->cfg.cpus;

	shim_cpu = cpu;
	if (w->rows[cpu].online == on) {
		if (on)
			impl->online(w->m);
		else
			impl->offline(w->m);
		*warn = true;
		return;
	}
	/* As on x86: the online mask changes first */
	shim_set_online(cpu, on);
	if (on)
		impl->online(w->m);
	else
		impl->offline(w->m);
	w->rows[cpu].online = on;
}

int world_apply(struct world *w, const struct op *op)
{
	unsigned long warns = shim_warnings, prw = shim_pr_warns;
	bool warn = false, warned, overcommit;
	int ret = 0;

	w->steps++;
	switch (op->type % OP_NR) {
	case OP_ONLINE:
		do_online(w, op, true, &warn);
		break;
	case OP_OFFLINE:
		do_online(w, op, false, &warn);
		break;
	case OP_ASSIGN_SYSTEM:
		do_assign_system(w, op, &warn);
		break;
	case OP_RESERVE_MANAGED:
		ret = do_reserve_managed(w, op);
		break;
	case OP_REMOVE_MANAGED:
		do_remove_managed(w, op, &warn);
		break;
	case OP_ALLOC_MANAGED:
		ret = do_alloc_managed(w, op);
		break;
	case OP_ASSIGN:
		do_assign(w, op, &warn);
		break;
	case OP_RESERVE:
		overcommit = w->reserved == m_global_avail(w);
		if (impl->reserve(w->m) != overcommit)
			return fail(w, "reserve: overcommit %s",
				    overcommit ? "not reported" : "reported wrongly");
		/* The overcommit warning is the one message allowed */
		prw = shim_pr_warns;
		w->reserved++;
		break;
	case OP_REMOVE_RESERVED:
		impl->remove_reserved(w->m);
		if (!w->reserved)
			warn = true;
		else
			w->reserved--;
		break;
	case OP_ALLOC:
		ret = do_alloc(w, op, &warn);
		break;
	case OP_FREE:
		ret = do_free(w, op->cpu % w->cfg.cpus, op->bit % (w->cfg.bits + 1),
			      op->flag & 1, &warn);
		break;
	case OP_FREE_HELD:
		ret = do_free_held(w, op, &warn);
		break;
	default:
		ret = do_query(w, op);
		break;
	}
	if (ret)
		return ret;
	warned = shim_warnings != warns;
	if (warned != warn)
		return fail(w, "op %u: warning %s", op->type % OP_NR,
			    warn ? "missing" : "unexpected");
	if (shim_pr_warns != prw)
		return fail(w, "op %u: printed a message", op->type % OP_NR);
	return w->check_each ? world_compare(w) : 0;
}

static const struct world_cfg byte_cfgs[] = {
	{ .bits = 64, .start = 0, .end = 64 },
	{ .bits = 256, .start = 32, .end = 236 },
	{ .bits = 130, .start = 3, .end = 129 },
	{ .bits = 2048, .start = 1, .end = 2048 },
};

int world_run_bytes(const unsigned char *data, size_t len, char *err, size_t errlen)
{
	static struct world w;
	struct world_cfg cfg;
	size_t i;
	int ret = 0;

	if (len < 3)
		return 0;
	cfg = byte_cfgs[data[2] % 4];
	cfg.cpus = 1 + data[0] % 24;
	cfg.per_node = 1 + data[1] % 8;
	if (world_init(&w, &cfg)) {
		snprintf(err, errlen, "%s", w.err);
		return -1;
	}
	for (i = 3; i + 6 <= len && !ret; i += 6) {
		struct op op = {
			.type = data[i], .mask = data[i + 1], .flag = data[i + 2],
			.cpu = data[i + 3], .bit = data[i + 4] | data[i + 5] << 8,
			.arg = data[i + 5] | data[i + 3] << 8,
		};
		ret = world_apply(&w, &op);
	}
	if (ret)
		snprintf(err, errlen, "%s", w.err);
	world_fini(&w);
	return ret;
}

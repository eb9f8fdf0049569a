// SPDX-License-Identifier: GPL-2.0
/* Runtime half of the userspace kernel shim for the irq matrix harness. */
#include <stdarg.h>
#include "shim.h"
#include "linux/tracepoint.h"

unsigned long shim_warnings;
const char *shim_warn_file;
int shim_warn_line;
unsigned long shim_pr_warns;
bool shim_quiet = true;
unsigned int nr_cpu_ids = 1;
unsigned int nr_node_ids = 1;
unsigned int shim_cpu;
struct cpumask shim_possible, shim_online, shim_node_mask[1024];
unsigned int shim_cpu_node[NR_CPUS];
bool shim_trace_on;
unsigned long shim_trace_count;
char shim_trace_last[512];

void shim_warn(const char *file, int line, const char *cond)
{
	shim_warnings++;
	if (!shim_quiet)
		fprintf(stderr, "WARNING: %s:%d: %s\n", file, line, cond);
}

void shim_bug(const char *file, int line, const char *cond)
{
	fprintf(stderr, "BUG: %s:%d: %s\n", file, line, cond);
	abort();
}

void shim_pr_warn(const char *fmt, ...)
{
	va_list ap;

	shim_pr_warns++;
	if (shim_quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void shim_trace_emit(const char *event, const char *fmt, ...)
{
	va_list ap;
	int n;

	shim_trace_count++;
	n = snprintf(shim_trace_last, sizeof(shim_trace_last), "%s: ", event);
	va_start(ap, fmt);
	vsnprintf(shim_trace_last + n, sizeof(shim_trace_last) - n, fmt, ap);
	va_end(ap);
}

static unsigned long find_word(const unsigned long *a, const unsigned long *b,
			       int mode, unsigned long w)
{
	switch (mode) {
	case 0:
		return a[w];
	case 1:
		return ~a[w];
	case 2:
		return a[w] & b[w];
	default:
		return a[w] & ~b[w];
	}
}

static inline unsigned long find_generic(const unsigned long *a, const unsigned long *b,
					 int mode, unsigned long size, unsigned long off)
{
	unsigned long w, val;

	if (off >= size)
		return size;
	w = off / BITS_PER_LONG;
	val = find_word(a, b, mode, w) & BITMAP_FIRST_WORD_MASK(off);
	while (!val) {
		if (++w * BITS_PER_LONG >= size)
			return size;
		val = find_word(a, b, mode, w);
	}
	off = w * BITS_PER_LONG + __ffs(val);
	return off < size ? off : size;
}

unsigned long find_next_bit(const unsigned long *a, unsigned long size, unsigned long off)
{
	return find_generic(a, NULL, 0, size, off);
}

unsigned long find_next_zero_bit(const unsigned long *a, unsigned long size, unsigned long off)
{
	return find_generic(a, NULL, 1, size, off);
}

unsigned long find_next_and_bit(const unsigned long *a, const unsigned long *b,
				unsigned long size, unsigned long off)
{
	return find_generic(a, b, 2, size, off);
}

unsigned long find_next_andnot_bit(const unsigned long *a, const unsigned long *b,
				   unsigned long size, unsigned long off)
{
	return find_generic(a, b, 3, size, off);
}

void bitmap_or(unsigned long *d, const unsigned long *a, const unsigned long *b, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(n); i++)
		d[i] = a[i] | b[i];
}

void bitmap_andnot(unsigned long *d, const unsigned long *a, const unsigned long *b,
		   unsigned int n)
{
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(n); i++)
		d[i] = a[i] & ~b[i];
}

void bitmap_set(unsigned long *map, unsigned int start, unsigned int len)
{
	while (len--)
		__set_bit(start++, map);
}

unsigned int bitmap_weight(const unsigned long *a, unsigned int n)
{
	unsigned int i, w = 0;

	for (i = 0; i < n / BITS_PER_LONG; i++)
		w += __builtin_popcountl(a[i]);
	if (n % BITS_PER_LONG)
		w += __builtin_popcountl(a[i] & BITMAP_LAST_WORD_MASK(n));
	return w;
}

bool bitmap_subset(const unsigned long *a, const unsigned long *b, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n / BITS_PER_LONG; i++)
		if (a[i] & ~b[i])
			return false;
	if (n % BITS_PER_LONG)
		return !(a[i] & ~b[i] & BITMAP_LAST_WORD_MASK(n));
	return true;
}

bool bitmap_empty(const unsigned long *a, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n / BITS_PER_LONG; i++)
		if (a[i])
			return false;
	if (n % BITS_PER_LONG)
		return !(a[i] & BITMAP_LAST_WORD_MASK(n));
	return true;
}

/* Same algorithm as lib/bitmap.c bitmap_find_next_zero_area_off() */
unsigned long bitmap_find_next_zero_area(unsigned long *map, unsigned long size,
					 unsigned long start, unsigned int nr,
					 unsigned long align_mask)
{
	unsigned long index, end, i;
again:
	index = find_next_zero_bit(map, size, start);
	index = (index + align_mask) & ~align_mask;
	end = index + nr;
	if (end > size)
		return end;
	i = find_next_bit(map, end, index);
	if (i < end) {
		start = i + 1;
		goto again;
	}
	return index;
}

const struct cpumask *cpumask_of(unsigned int cpu)
{
	static struct cpumask *tab;
	unsigned int c;

	if (!tab) {
		tab = calloc(NR_CPUS, sizeof(*tab));
		for (c = 0; c < NR_CPUS; c++)
			__set_bit(c, tab[c].bits);
	}
	return &tab[cpu];
}

void *__alloc_percpu(size_t size, size_t align)
{
	size_t stride = (size + 15) & ~(size_t)15;
	size_t *base;

	(void)align;
	base = calloc(1, 16 + stride * nr_cpu_ids);
	if (!base)
		return NULL;
	base[0] = stride;
	return (char *)base + 16;
}

void free_percpu(void *p)
{
	if (p)
		free((char *)p - 16);
}

/* seq_printf with the kernel's %*pbl (bitmap list) extension */
static void seq_put(struct seq_file *sf, const char *s)
{
	size_t n = strlen(s);

	if (sf->count + n >= sf->size) {
		sf->size = (sf->count + n + 1) * 2;
		sf->buf = realloc(sf->buf, sf->size);
	}
	memcpy(sf->buf + sf->count, s, n + 1);
	sf->count += n;
}

static void seq_put_bitlist(struct seq_file *sf, const unsigned long *map, int nbits)
{
	char tmp[32];
	bool first = true;
	int b = 0, e;

	while (b < nbits) {
		b = find_next_bit(map, nbits, b);
		if (b >= nbits)
			break;
		e = find_next_zero_bit(map, nbits, b);
		if (e - 1 > b)
			snprintf(tmp, sizeof(tmp), "%s%d-%d", first ? "" : ",", b, e - 1);
		else
			snprintf(tmp, sizeof(tmp), "%s%d", first ? "" : ",", b);
		seq_put(sf, tmp);
		first = false;
		b = e;
	}
}

void seq_printf(struct seq_file *sf, const char *fmt, ...)
{
	char spec[32], out[256];
	const char *p = fmt;
	va_list ap;

	va_start(ap, fmt);
	while (*p) {
		const char *start = p;
		int width = -1, len = 0;
		size_t n;

		if (*p != '%') {
			while (*p && *p != '%')
				p++;
			n = p - start;
			memcpy(out, start, n);
			out[n] = 0;
			seq_put(sf, out);
			continue;
		}
		p++;
		while (*p && strchr("-+ #0", *p))
			p++;
		if (*p == '*') {
			width = va_arg(ap, int);
			p++;
		}
		while (*p >= '0' && *p <= '9')
			p++;
		while (*p == 'l' || *p == 'z' || *p == 'h') {
			len++;
			p++;
		}
		if (*p == 'p' && p[1] == 'b' && p[2] == 'l') {
			seq_put_bitlist(sf, va_arg(ap, const unsigned long *), width);
			p += 3;
			continue;
		}
		n = p - start + 1;
		memcpy(spec, start, n);
		spec[n] = 0;
		p++;
		switch (spec[n - 1]) {
		case '%':
			snprintf(out, sizeof(out), "%%");
			break;
		case 's':
			if (width >= 0)
				snprintf(out, sizeof(out), spec, width, va_arg(ap, const char *));
			else
				snprintf(out, sizeof(out), spec, va_arg(ap, const char *));
			break;
		default:
			if (len) {
				long v = va_arg(ap, long);

				if (width >= 0)
					snprintf(out, sizeof(out), spec, width, v);
				else
					snprintf(out, sizeof(out), spec, v);
			} else {
				int v = va_arg(ap, int);

				if (width >= 0)
					snprintf(out, sizeof(out), spec, width, v);
				else
					snprintf(out, sizeof(out), spec, v);
			}
		}
		seq_put(sf, out);
	}
	va_end(ap);
}

/* Describe the machine: @cpus possible CPUs, @per_node of them per node */
void shim_topology(unsigned int cpus, unsigned int per_node)
{
	unsigned int cpu;

	memset(&shim_possible, 0, sizeof(shim_possible));
	memset(&shim_online, 0, sizeof(shim_online));
	memset(shim_node_mask, 0, sizeof(shim_node_mask));
	nr_cpu_ids = cpus;
	nr_node_ids = (cpus + per_node - 1) / per_node;
	for (cpu = 0; cpu < cpus; cpu++) {
		__set_bit(cpu, shim_possible.bits);
		shim_cpu_node[cpu] = cpu / per_node;
		__set_bit(cpu, shim_node_mask[cpu / per_node].bits);
	}
	shim_cpu = 0;
}

void shim_set_online(unsigned int cpu, bool on)
{
	if (on)
		__set_bit(cpu, shim_online.bits);
	else
		__clear_bit(cpu, shim_online.bits);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of the interrupt bit matrix allocator (kernel/irq/matrix.c).
 *
 * Event names, class names, field names, field types and output formats
 * are the established ones, so existing trace consumers keep working.
 * Only kernel/irq/matrix.c includes this file.
 */
#ifndef _TRACE_IRQ_MATRIX_TYPES
#define _TRACE_IRQ_MATRIX_TYPES

#include <linux/irq_trace_log.h>

/**
 * struct irq_matrix_trace - the values an irq_matrix event reports
 * @bit:		Bit of the operation
 * @cpu:		CPU of the row of the operation
 * @online:		Whether that row is online
 * @available:		Bits of the row a regular allocation could take
 * @allocated:		Bits of the row handed out
 * @managed:		Managed reservations of the row
 * @online_maps:	Online rows
 * @global_available:	Bits a regular allocation could take, all rows
 * @global_reserved:	Outstanding irq_matrix_reserve() promises
 * @total_allocated:	Bits handed out, all rows
 *
 * kernel/irq/matrix.c takes this snapshot when it does the operation: an
 * event of a CPU outside cpu_online_mask is kept in the irq trace log and
 * emitted later by an online CPU, with the values of the moment.
 */
struct irq_matrix_trace {
	int		bit;
	unsigned int	cpu;
	bool		online;
	unsigned int	available;
	unsigned int	allocated;
	unsigned int	managed;
	unsigned int	online_maps;
	unsigned int	global_available;
	unsigned int	global_reserved;
	unsigned int	total_allocated;
};

#endif /* _TRACE_IRQ_MATRIX_TYPES */

#undef TRACE_SYSTEM
#define TRACE_SYSTEM irq_matrix

#if !defined(_TRACE_IRQ_MATRIX_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_IRQ_MATRIX_H

#include <linux/tracepoint.h>

/* Tail of every format: the global counters, as the fields below name them */
#define IRQ_MATRIX_TOTALS_FMT	"global_avl=%u, global_rsvd=%u, total_alloc=%u"

#define IRQ_MATRIX_PROTO	TP_PROTO(const struct irq_matrix_trace *t)

/* TP_fast_assign() of the four global counters every event ends with */
#define IRQ_MATRIX_ASSIGN_TOTALS					\
	do {								\
		__entry->online_maps = t->online_maps;			\
		__entry->global_available = t->global_available;	\
		__entry->global_reserved = t->global_reserved;		\
		__entry->total_allocated = t->total_allocated;		\
	} while (0)

DECLARE_EVENT_CLASS(irq_matrix_global, IRQ_MATRIX_PROTO, TP_ARGS(t),
		    TP_STRUCT__entry(__field(unsigned int, online_maps)
				     __field(unsigned int, global_available)
				     __field(unsigned int, global_reserved)
				     __field(unsigned int, total_allocated)),
		    TP_fast_assign(IRQ_MATRIX_ASSIGN_TOTALS;),
		    TP_printk("online_maps=%d " IRQ_MATRIX_TOTALS_FMT,
			      __entry->online_maps, __entry->global_available,
			      __entry->global_reserved, __entry->total_allocated)
);

DECLARE_EVENT_CLASS(irq_matrix_global_update, IRQ_MATRIX_PROTO, TP_ARGS(t),
		    TP_STRUCT__entry(__field(int, bit)
				     __field(unsigned int, online_maps)
				     __field(unsigned int, global_available)
				     __field(unsigned int, global_reserved)
				     __field(unsigned int, total_allocated)),
		    TP_fast_assign(__entry->bit = t->bit;
				   IRQ_MATRIX_ASSIGN_TOTALS;),
		    TP_printk("bit=%d online_maps=%d " IRQ_MATRIX_TOTALS_FMT,
			      __entry->bit, __entry->online_maps,
			      __entry->global_available, __entry->global_reserved,
			      __entry->total_allocated)
);

/* Per-CPU events: the operation's bit and CPU, the row after it, the totals */
DECLARE_EVENT_CLASS(irq_matrix_cpu, IRQ_MATRIX_PROTO, TP_ARGS(t),
		    TP_STRUCT__entry(__field(int, bit) __field(unsigned int, cpu)
				     __field(bool, online)
				     __field(unsigned int, available)
				     __field(unsigned int, allocated)
				     __field(unsigned int, managed)
				     __field(unsigned int, online_maps)
				     __field(unsigned int, global_available)
				     __field(unsigned int, global_reserved)
				     __field(unsigned int, total_allocated)),
		    TP_fast_assign(__entry->bit = t->bit; __entry->cpu = t->cpu;
				   __entry->online = t->online;
				   __entry->available = t->available;
				   __entry->allocated = t->allocated;
				   __entry->managed = t->managed;
				   IRQ_MATRIX_ASSIGN_TOTALS;),
		    TP_printk("bit=%d cpu=%u online=%d avl=%u alloc=%u managed=%u online_maps=%u "
			      IRQ_MATRIX_TOTALS_FMT, __entry->bit, __entry->cpu,
			      __entry->online, __entry->available, __entry->allocated,
			      __entry->managed, __entry->online_maps,
			      __entry->global_available, __entry->global_reserved,
			      __entry->total_allocated)
);

/* Enabling an event sets up the irq trace log for CPUs going offline. */
#define IRQ_MATRIX_EVENT(class, name)					\
	DEFINE_EVENT_FN(class, name, IRQ_MATRIX_PROTO, TP_ARGS(t),	\
			irq_trace_log_get, irq_trace_log_put)

IRQ_MATRIX_EVENT(irq_matrix_global, irq_matrix_online);
IRQ_MATRIX_EVENT(irq_matrix_global, irq_matrix_offline);
IRQ_MATRIX_EVENT(irq_matrix_global, irq_matrix_reserve);
IRQ_MATRIX_EVENT(irq_matrix_global, irq_matrix_remove_reserved);
IRQ_MATRIX_EVENT(irq_matrix_global_update, irq_matrix_assign_system);
IRQ_MATRIX_EVENT(irq_matrix_cpu, irq_matrix_alloc_reserved);
IRQ_MATRIX_EVENT(irq_matrix_cpu, irq_matrix_reserve_managed);
IRQ_MATRIX_EVENT(irq_matrix_cpu, irq_matrix_remove_managed);
IRQ_MATRIX_EVENT(irq_matrix_cpu, irq_matrix_alloc_managed);
IRQ_MATRIX_EVENT(irq_matrix_cpu, irq_matrix_assign);
IRQ_MATRIX_EVENT(irq_matrix_cpu, irq_matrix_alloc);
IRQ_MATRIX_EVENT(irq_matrix_cpu, irq_matrix_free);

#endif /* _TRACE_IRQ_MATRIX_H */

/* This part must be outside protection */
#include <trace/define_trace.h>

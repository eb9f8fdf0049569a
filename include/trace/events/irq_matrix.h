/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of the interrupt bit matrix allocator (kernel/irq/matrix.c).
 *
 * Event names, field names, field types and output formats are the
 * established ones, so existing trace consumers keep working.  Only
 * kernel/irq/matrix.c may include this file: the assignments read the
 * allocator's private structures and helpers.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM irq_matrix

#if !defined(_TRACE_IRQ_MATRIX_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_IRQ_MATRIX_H

#include <linux/tracepoint.h>

struct irq_matrix;
struct matrix_row;

/* Tail of every format: the global counters, as the fields below name them */
#define IRQ_MATRIX_TOTALS_FMT	"global_avl=%u, global_rsvd=%u, total_alloc=%u"

DECLARE_EVENT_CLASS(irq_matrix_global,
		    TP_PROTO(struct irq_matrix *matrix),
		    TP_ARGS(matrix),
		    TP_STRUCT__entry(__field(unsigned int, online_maps)
				     __field(unsigned int, global_available)
				     __field(unsigned int, global_reserved)
				     __field(unsigned int, total_allocated)),
		    TP_fast_assign(__entry->online_maps = matrix->online_maps;
				   __entry->global_available = matrix->global_available;
				   __entry->global_reserved = matrix->global_reserved;
				   __entry->total_allocated = matrix->total_allocated;),
		    TP_printk("online_maps=%d " IRQ_MATRIX_TOTALS_FMT,
			      __entry->online_maps, __entry->global_available,
			      __entry->global_reserved, __entry->total_allocated)
);

DECLARE_EVENT_CLASS(irq_matrix_global_update,
		    TP_PROTO(int bit, struct irq_matrix *matrix),
		    TP_ARGS(bit, matrix),
		    TP_STRUCT__entry(__field(int, bit)
				     __field(unsigned int, online_maps)
				     __field(unsigned int, global_available)
				     __field(unsigned int, global_reserved)
				     __field(unsigned int, total_allocated)),
		    TP_fast_assign(__entry->bit = bit;
				   __entry->online_maps = matrix->online_maps;
				   __entry->global_available = matrix->global_available;
				   __entry->global_reserved = matrix->global_reserved;
				   __entry->total_allocated = matrix->total_allocated;),
		    TP_printk("bit=%d online_maps=%d " IRQ_MATRIX_TOTALS_FMT,
			      __entry->bit, __entry->online_maps,
			      __entry->global_available, __entry->global_reserved,
			      __entry->total_allocated)
);

/* Per-CPU events: the operation's bit and CPU, the row after it, the totals */
#define IRQ_MATRIX_CPU_PROTO						\
	TP_PROTO(int bit, unsigned int cpu, struct irq_matrix *matrix,	\
		 struct matrix_row *cmap)

DECLARE_EVENT_CLASS(irq_matrix_cpu, IRQ_MATRIX_CPU_PROTO,
		    TP_ARGS(bit, cpu, matrix, cmap),
		    TP_STRUCT__entry(__field(int, bit) __field(unsigned int, cpu)
				     __field(bool, online)
				     __field(unsigned int, available)
				     __field(unsigned int, allocated)
				     __field(unsigned int, managed)
				     __field(unsigned int, online_maps)
				     __field(unsigned int, global_available)
				     __field(unsigned int, global_reserved)
				     __field(unsigned int, total_allocated)),
		    TP_fast_assign(__entry->bit = bit;
				   __entry->cpu = cpu;
				   __entry->online = cmap->online;
				   __entry->available = row_available(matrix, cmap);
				   __entry->allocated = row_allocated(cmap);
				   __entry->managed = cmap->managed;
				   __entry->online_maps = matrix->online_maps;
				   __entry->global_available = matrix->global_available;
				   __entry->global_reserved = matrix->global_reserved;
				   __entry->total_allocated = matrix->total_allocated;),
		    TP_printk("bit=%d cpu=%u online=%d avl=%u alloc=%u managed=%u online_maps=%u "
			      IRQ_MATRIX_TOTALS_FMT, __entry->bit, __entry->cpu,
			      __entry->online, __entry->available, __entry->allocated,
			      __entry->managed, __entry->online_maps,
			      __entry->global_available, __entry->global_reserved,
			      __entry->total_allocated)
);

#define IRQ_MATRIX_GLOBAL_EVENT(name)					\
	DEFINE_EVENT(irq_matrix_global, name,				\
		     TP_PROTO(struct irq_matrix *matrix),		\
		     TP_ARGS(matrix))

#define IRQ_MATRIX_CPU_EVENT(name)					\
	DEFINE_EVENT(irq_matrix_cpu, name, IRQ_MATRIX_CPU_PROTO,	\
		     TP_ARGS(bit, cpu, matrix, cmap))

IRQ_MATRIX_GLOBAL_EVENT(irq_matrix_online);
IRQ_MATRIX_GLOBAL_EVENT(irq_matrix_offline);
IRQ_MATRIX_GLOBAL_EVENT(irq_matrix_reserve);
IRQ_MATRIX_GLOBAL_EVENT(irq_matrix_remove_reserved);

DEFINE_EVENT(irq_matrix_global_update, irq_matrix_assign_system,
	     TP_PROTO(int bit, struct irq_matrix *matrix),
	     TP_ARGS(bit, matrix));

IRQ_MATRIX_CPU_EVENT(irq_matrix_alloc_reserved);
IRQ_MATRIX_CPU_EVENT(irq_matrix_reserve_managed);
IRQ_MATRIX_CPU_EVENT(irq_matrix_remove_managed);
IRQ_MATRIX_CPU_EVENT(irq_matrix_alloc_managed);
IRQ_MATRIX_CPU_EVENT(irq_matrix_assign);
IRQ_MATRIX_CPU_EVENT(irq_matrix_alloc);
IRQ_MATRIX_CPU_EVENT(irq_matrix_free);

#endif /* _TRACE_IRQ_MATRIX_H */

/* This part must be outside protection */
#include <trace/define_trace.h>

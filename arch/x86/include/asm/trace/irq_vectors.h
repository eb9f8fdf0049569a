/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of the irq_vectors system.
 *
 * Two families live here:
 *
 *  - <name>_entry / <name>_exit pairs around the handlers of the x86
 *    system vectors (local timer, IPIs, APIC error, thermal, ...). They
 *    record the vector number only.
 *
 *  - vector_* events which follow the life of a device interrupt's vector
 *    inside the x86 vector domain (arch/x86/kernel/apic/vector.c): the
 *    reservation at allocation, the assignment at activation, moves,
 *    cleanup of the previous vector and teardown.
 */
#ifndef _TRACE_IRQ_VECTORS_TYPES
#define _TRACE_IRQ_VECTORS_TYPES

#include <linux/irq_trace_log.h>

/**
 * struct vector_trace - the values of one vector_* event
 * @irq:		Linux interrupt number
 * @vector:		Vector of the event
 * @cpu:		CPU of @vector
 * @apicdest:		APIC destination written for @cpu
 * @prev_vector:	Vector replaced or dropped by the event
 * @prev_cpu:		CPU of @prev_vector
 * @ret:		Result of the operation
 * @reserved:		The allocation redeemed a global reservation
 * @is_managed:		Managed interrupt
 * @can_reserve:	The interrupt may live in reservation mode
 * @reserve:		Activation in reservation mode
 * @has_reserved:	The interrupt held a global reservation
 * @is_legacy:		Legacy interrupt set up on its ISA vector
 */
struct vector_trace {
	unsigned int	irq;
	unsigned int	vector;
	unsigned int	cpu;
	unsigned int	apicdest;
	unsigned int	prev_vector;
	unsigned int	prev_cpu;
	int		ret;
	bool		reserved;
	bool		is_managed;
	bool		can_reserve;
	bool		reserve;
	bool		has_reserved;
	bool		is_legacy;
};

#endif /* _TRACE_IRQ_VECTORS_TYPES */

#undef TRACE_SYSTEM
#define TRACE_SYSTEM irq_vectors

#if !defined(_TRACE_IRQ_VECTORS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_IRQ_VECTORS_H

#include <linux/tracepoint.h>
#include <asm/trace/common.h>

#ifdef CONFIG_X86_LOCAL_APIC

/* Entry and exit of the handler of one system vector: its number. */
DECLARE_EVENT_CLASS(x86_irq_vector, TP_PROTO(int vector), TP_ARGS(vector),
		    TP_STRUCT__entry(__field(int, vector)),
		    TP_fast_assign(__entry->vector = vector;),
		    TP_printk("vector=%d", __entry->vector)
);

/*
 * X86_SYSVEC_EVENT - declare <prefix><edge>, with @edge _entry or _exit,
 * for the handler of one system vector.
 */
#define X86_SYSVEC_EVENT(prefix, edge)					\
	DEFINE_EVENT(x86_irq_vector, prefix##edge,			\
		     TP_PROTO(int vector), TP_ARGS(vector))

/* Local APIC timer interrupt. */
X86_SYSVEC_EVENT(local_timer, _entry);
X86_SYSVEC_EVENT(local_timer, _exit);

/* Spurious interrupt vector of the local APIC. */
X86_SYSVEC_EVENT(spurious_apic, _entry);
X86_SYSVEC_EVENT(spurious_apic, _exit);

/* Local APIC error interrupt. */
X86_SYSVEC_EVENT(error_apic, _entry);
X86_SYSVEC_EVENT(error_apic, _exit);

/* Platform specific IPI (UV, Hyper-V, ...). */
X86_SYSVEC_EVENT(x86_platform_ipi, _entry);
X86_SYSVEC_EVENT(x86_platform_ipi, _exit);

#ifdef CONFIG_IRQ_WORK
/* Self-IPI which runs queued irq_work items. */
X86_SYSVEC_EVENT(irq_work, _entry);
X86_SYSVEC_EVENT(irq_work, _exit);

/*
 * A perf sample taken at irq_work_exit may queue irq_work itself, which
 * raises the next irq_work interrupt, which samples again: refuse
 * sampling events on this tracepoint to break that loop.
 */
TRACE_EVENT_PERF_PERM(irq_work_exit, is_sampling_event(p_event) ? -EPERM : 0);
#endif

/*
 * The SMP-only events must stay under their ifdef: the tracepoint macros
 * emit code in every file which includes this header.
 */
#ifdef CONFIG_SMP
/* Scheduler IPI. */
X86_SYSVEC_EVENT(reschedule, _entry);
X86_SYSVEC_EVENT(reschedule, _exit);

/* smp_call_function() IPI to many CPUs. */
X86_SYSVEC_EVENT(call_function, _entry);
X86_SYSVEC_EVENT(call_function, _exit);

/* smp_call_function_single() IPI. */
X86_SYSVEC_EVENT(call_function_single, _entry);
X86_SYSVEC_EVENT(call_function_single, _exit);
#endif

#ifdef CONFIG_X86_MCE_THRESHOLD
/* Machine check error threshold interrupt. */
X86_SYSVEC_EVENT(threshold_apic, _entry);
X86_SYSVEC_EVENT(threshold_apic, _exit);
#endif

#ifdef CONFIG_X86_MCE_AMD
/* AMD deferred machine check error interrupt. */
X86_SYSVEC_EVENT(deferred_error_apic, _entry);
X86_SYSVEC_EVENT(deferred_error_apic, _exit);
#endif

#ifdef CONFIG_X86_THERMAL_VECTOR
/* Thermal monitoring interrupt. */
X86_SYSVEC_EVENT(thermal_apic, _entry);
X86_SYSVEC_EVENT(thermal_apic, _exit);
#endif

/*
 * The vector_* events take a snapshot of their values, filled in by
 * arch/x86/kernel/apic/vector.c: an event of a CPU going offline is kept
 * in the irq trace log and emitted by an online CPU once the CPU is dead.
 * Enabling one of them sets up that log (irq_trace_log_get()).
 */

#define VECTOR_TRACE_PROTO	TP_PROTO(const struct vector_trace *t)

#define VECTOR_TRACE_EVENT(name, tstruct, assign, print)		\
	TRACE_EVENT_FN(name, VECTOR_TRACE_PROTO, TP_ARGS(t),		\
		       PARAMS(tstruct), PARAMS(assign), PARAMS(print),	\
		       irq_trace_log_get, irq_trace_log_put)

#define VECTOR_TRACE_CLASS_EVENT(class, name)				\
	DEFINE_EVENT_FN(class, name, VECTOR_TRACE_PROTO, TP_ARGS(t),	\
			irq_trace_log_get, irq_trace_log_put)

/* The vector and destination written into the interrupt's irq_cfg. */
VECTOR_TRACE_EVENT(vector_config,
		   TP_STRUCT__entry(__field(unsigned int, irq)
				    __field(unsigned int, vector)
				    __field(unsigned int, cpu)
				    __field(unsigned int, apicdest)),
		   TP_fast_assign(__entry->irq = t->irq; __entry->vector = t->vector;
				  __entry->cpu = t->cpu; __entry->apicdest = t->apicdest;),
		   TP_printk("irq=%u vector=%u cpu=%u apicdest=0x%08x", __entry->irq,
			     __entry->vector, __entry->cpu, __entry->apicdest)
);

/* A new vector/CPU pair replaces (update) or drops (clear) the old one. */
DECLARE_EVENT_CLASS(vector_mod, VECTOR_TRACE_PROTO, TP_ARGS(t),
		    TP_STRUCT__entry(__field(unsigned int, irq)
				     __field(unsigned int, vector)
				     __field(unsigned int, cpu)
				     __field(unsigned int, prev_vector)
				     __field(unsigned int, prev_cpu)),
		    TP_fast_assign(__entry->irq = t->irq; __entry->vector = t->vector;
				   __entry->cpu = t->cpu;
				   __entry->prev_vector = t->prev_vector;
				   __entry->prev_cpu = t->prev_cpu;),
		    TP_printk("irq=%u vector=%u cpu=%u prev_vector=%u prev_cpu=%u",
			      __entry->irq, __entry->vector, __entry->cpu,
			      __entry->prev_vector, __entry->prev_cpu)
);

VECTOR_TRACE_CLASS_EVENT(vector_mod, vector_update);
VECTOR_TRACE_CLASS_EVENT(vector_mod, vector_clear);

/* Result of a global (vector_reserve) or managed reservation. */
DECLARE_EVENT_CLASS(vector_reserve, VECTOR_TRACE_PROTO, TP_ARGS(t),
		    TP_STRUCT__entry(__field(unsigned int, irq) __field(int, ret)),
		    TP_fast_assign(__entry->irq = t->irq; __entry->ret = t->ret;),
		    TP_printk("irq=%u ret=%d", __entry->irq, __entry->ret)
);

VECTOR_TRACE_CLASS_EVENT(vector_reserve, vector_reserve_managed);
VECTOR_TRACE_CLASS_EVENT(vector_reserve, vector_reserve);

/*
 * Allocation of a regular vector. @ret is the allocator's return value: a
 * vector number on success, which is reported as ret=0.
 */
VECTOR_TRACE_EVENT(vector_alloc,
		   TP_STRUCT__entry(__field(unsigned int, irq)
				    __field(unsigned int, vector)
				    __field(bool, reserved)
				    __field(int, ret)),
		   TP_fast_assign(__entry->irq = t->irq;
				  __entry->vector = t->ret < 0 ? 0 : t->vector;
				  __entry->reserved = t->reserved;
				  __entry->ret = t->ret > 0 ? 0 : t->ret;),
		   TP_printk("irq=%u vector=%u reserved=%d ret=%d", __entry->irq,
			     __entry->vector, __entry->reserved, __entry->ret)
);

/* Allocation of a vector from a managed reservation, same @ret rule. */
VECTOR_TRACE_EVENT(vector_alloc_managed,
		   TP_STRUCT__entry(__field(unsigned int, irq)
				    __field(unsigned int, vector)
				    __field(int, ret)),
		   TP_fast_assign(__entry->irq = t->irq;
				  __entry->vector = t->ret < 0 ? 0 : t->vector;
				  __entry->ret = t->ret > 0 ? 0 : t->ret;),
		   TP_printk("irq=%u vector=%u ret=%d", __entry->irq, __entry->vector,
			     __entry->ret)
);

/* Activation and deactivation of an interrupt in the vector domain. */
DECLARE_EVENT_CLASS(vector_activate, VECTOR_TRACE_PROTO, TP_ARGS(t),
		    TP_STRUCT__entry(__field(unsigned int, irq)
				     __field(bool, is_managed)
				     __field(bool, can_reserve)
				     __field(bool, reserve)),
		    TP_fast_assign(__entry->irq = t->irq;
				   __entry->is_managed = t->is_managed;
				   __entry->can_reserve = t->can_reserve;
				   __entry->reserve = t->reserve;),
		    TP_printk("irq=%u is_managed=%d can_reserve=%d reserve=%d",
			      __entry->irq, __entry->is_managed, __entry->can_reserve,
			      __entry->reserve)
);

VECTOR_TRACE_CLASS_EVENT(vector_activate, vector_activate);
VECTOR_TRACE_CLASS_EVENT(vector_activate, vector_deactivate);

/* Reservations dropped when the interrupt leaves the domain. */
VECTOR_TRACE_EVENT(vector_teardown,
		   TP_STRUCT__entry(__field(unsigned int, irq)
				    __field(bool, is_managed)
				    __field(bool, has_reserved)),
		   TP_fast_assign(__entry->irq = t->irq;
				  __entry->is_managed = t->is_managed;
				  __entry->has_reserved = t->has_reserved;),
		   TP_printk("irq=%u is_managed=%d has_reserved=%d", __entry->irq,
			     __entry->is_managed, __entry->has_reserved)
);

/* Outcome of setting up one interrupt at allocation time. */
VECTOR_TRACE_EVENT(vector_setup,
		   TP_STRUCT__entry(__field(unsigned int, irq)
				    __field(bool, is_legacy)
				    __field(int, ret)),
		   TP_fast_assign(__entry->irq = t->irq; __entry->is_legacy = t->is_legacy;
				  __entry->ret = t->ret;),
		   TP_printk("irq=%u is_legacy=%d ret=%d", __entry->irq,
			     __entry->is_legacy, __entry->ret)
);

/* The previous vector of a completed move is given back. */
VECTOR_TRACE_EVENT(vector_free_moved,
		   TP_STRUCT__entry(__field(unsigned int, irq)
				    __field(unsigned int, cpu)
				    __field(unsigned int, vector)
				    __field(bool, is_managed)),
		   TP_fast_assign(__entry->irq = t->irq; __entry->cpu = t->cpu;
				  __entry->vector = t->vector;
				  __entry->is_managed = t->is_managed;),
		   TP_printk("irq=%u cpu=%u vector=%u is_managed=%d", __entry->irq,
			     __entry->cpu, __entry->vector, __entry->is_managed)
);

#endif /* CONFIG_X86_LOCAL_APIC */

/* define_trace.h re-reads this header as ./irq_vectors.h of the include path */
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE irq_vectors
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .

#endif /* _TRACE_IRQ_VECTORS_H */

/* Outside the include guard: expands the events on every read. */
#include <trace/define_trace.h>

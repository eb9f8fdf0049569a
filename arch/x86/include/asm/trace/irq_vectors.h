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
#undef TRACE_SYSTEM
#define TRACE_SYSTEM irq_vectors

#if !defined(_TRACE_IRQ_VECTORS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_IRQ_VECTORS_H

#include <linux/tracepoint.h>
#include <asm/trace/common.h>

#ifdef CONFIG_X86_LOCAL_APIC

DECLARE_EVENT_CLASS(x86_sysvec_handler,
		    TP_PROTO(int vector),
		    TP_ARGS(vector),
		    TP_STRUCT__entry(__field(int, vector)),
		    TP_fast_assign(__entry->vector = vector;),
		    TP_printk("vector=%d", __entry->vector)
);

/*
 * X86_SYSVEC_EVENT - declare <prefix><edge>, with @edge _entry or _exit,
 * for the handler of one system vector.
 */
#define X86_SYSVEC_EVENT(prefix, edge)					\
	DEFINE_EVENT(x86_sysvec_handler, prefix##edge,			\
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

/* The vector and destination written into the interrupt's irq_cfg. */
TRACE_EVENT(vector_config,
	    TP_PROTO(unsigned int irq, unsigned int vector, unsigned int cpu,
		     unsigned int apicdest),
	    TP_ARGS(irq, vector, cpu, apicdest),
	    TP_STRUCT__entry(__field(unsigned int, irq)
			     __field(unsigned int, vector)
			     __field(unsigned int, cpu)
			     __field(unsigned int, apicdest)),
	    TP_fast_assign(__entry->irq = irq; __entry->vector = vector;
			   __entry->cpu = cpu; __entry->apicdest = apicdest;),
	    TP_printk("irq=%u vector=%u cpu=%u apicdest=0x%08x", __entry->irq,
		      __entry->vector, __entry->cpu, __entry->apicdest)
);

/* A new vector/CPU pair replaces (update) or drops (clear) the old one. */
DECLARE_EVENT_CLASS(vector_move_class,
		    TP_PROTO(unsigned int irq, unsigned int vector, unsigned int cpu,
			     unsigned int prev_vector, unsigned int prev_cpu),
		    TP_ARGS(irq, vector, cpu, prev_vector, prev_cpu),
		    TP_STRUCT__entry(__field(unsigned int, irq)
				     __field(unsigned int, vector)
				     __field(unsigned int, cpu)
				     __field(unsigned int, prev_vector)
				     __field(unsigned int, prev_cpu)),
		    TP_fast_assign(__entry->irq = irq; __entry->vector = vector;
				   __entry->cpu = cpu; __entry->prev_vector = prev_vector;
				   __entry->prev_cpu = prev_cpu;),
		    TP_printk("irq=%u vector=%u cpu=%u prev_vector=%u prev_cpu=%u",
			      __entry->irq, __entry->vector, __entry->cpu,
			      __entry->prev_vector, __entry->prev_cpu)
);

DEFINE_EVENT(vector_move_class, vector_update,
	     TP_PROTO(unsigned int irq, unsigned int vector, unsigned int cpu,
		      unsigned int prev_vector, unsigned int prev_cpu),
	     TP_ARGS(irq, vector, cpu, prev_vector, prev_cpu));

DEFINE_EVENT(vector_move_class, vector_clear,
	     TP_PROTO(unsigned int irq, unsigned int vector, unsigned int cpu,
		      unsigned int prev_vector, unsigned int prev_cpu),
	     TP_ARGS(irq, vector, cpu, prev_vector, prev_cpu));

/* Result of a global (vector_reserve) or managed reservation. */
DECLARE_EVENT_CLASS(vector_reservation_class,
		    TP_PROTO(unsigned int irq, int ret),
		    TP_ARGS(irq, ret),
		    TP_STRUCT__entry(__field(unsigned int, irq) __field(int, ret)),
		    TP_fast_assign(__entry->irq = irq; __entry->ret = ret;),
		    TP_printk("irq=%u ret=%d", __entry->irq, __entry->ret)
);

DEFINE_EVENT(vector_reservation_class, vector_reserve_managed,
	     TP_PROTO(unsigned int irq, int ret), TP_ARGS(irq, ret));

DEFINE_EVENT(vector_reservation_class, vector_reserve,
	     TP_PROTO(unsigned int irq, int ret), TP_ARGS(irq, ret));

/*
 * Allocation of a regular vector. @ret is the allocator's return value: a
 * vector number on success, which is reported as ret=0.
 */
TRACE_EVENT(vector_alloc,
	    TP_PROTO(unsigned int irq, unsigned int vector, bool reserved, int ret),
	    TP_ARGS(irq, vector, reserved, ret),
	    TP_STRUCT__entry(__field(unsigned int, irq)
			     __field(unsigned int, vector)
			     __field(bool, reserved)
			     __field(int, ret)),
	    TP_fast_assign(__entry->irq = irq;
			   __entry->vector = ret < 0 ? 0 : vector;
			   __entry->reserved = reserved;
			   __entry->ret = ret > 0 ? 0 : ret;),
	    TP_printk("irq=%u vector=%u reserved=%d ret=%d", __entry->irq,
		      __entry->vector, __entry->reserved, __entry->ret)
);

/* Allocation of a vector from a managed reservation, same @ret rule. */
TRACE_EVENT(vector_alloc_managed,
	    TP_PROTO(unsigned int irq, unsigned int vector, int ret),
	    TP_ARGS(irq, vector, ret),
	    TP_STRUCT__entry(__field(unsigned int, irq)
			     __field(unsigned int, vector)
			     __field(int, ret)),
	    TP_fast_assign(__entry->irq = irq;
			   __entry->vector = ret < 0 ? 0 : vector;
			   __entry->ret = ret > 0 ? 0 : ret;),
	    TP_printk("irq=%u vector=%u ret=%d", __entry->irq, __entry->vector,
		      __entry->ret)
);

/* Activation and deactivation of an interrupt in the vector domain. */
DECLARE_EVENT_CLASS(vector_activation_class,
		    TP_PROTO(unsigned int irq, bool is_managed, bool can_reserve,
			     bool reserve),
		    TP_ARGS(irq, is_managed, can_reserve, reserve),
		    TP_STRUCT__entry(__field(unsigned int, irq)
				     __field(bool, is_managed)
				     __field(bool, can_reserve)
				     __field(bool, reserve)),
		    TP_fast_assign(__entry->irq = irq; __entry->is_managed = is_managed;
				   __entry->can_reserve = can_reserve;
				   __entry->reserve = reserve;),
		    TP_printk("irq=%u is_managed=%d can_reserve=%d reserve=%d",
			      __entry->irq, __entry->is_managed, __entry->can_reserve,
			      __entry->reserve)
);

DEFINE_EVENT(vector_activation_class, vector_activate,
	     TP_PROTO(unsigned int irq, bool is_managed, bool can_reserve,
		      bool reserve),
	     TP_ARGS(irq, is_managed, can_reserve, reserve));

DEFINE_EVENT(vector_activation_class, vector_deactivate,
	     TP_PROTO(unsigned int irq, bool is_managed, bool can_reserve,
		      bool reserve),
	     TP_ARGS(irq, is_managed, can_reserve, reserve));

/* Reservations dropped when the interrupt leaves the domain. */
TRACE_EVENT(vector_teardown,
	    TP_PROTO(unsigned int irq, bool is_managed, bool has_reserved),
	    TP_ARGS(irq, is_managed, has_reserved),
	    TP_STRUCT__entry(__field(unsigned int, irq)
			     __field(bool, is_managed)
			     __field(bool, has_reserved)),
	    TP_fast_assign(__entry->irq = irq; __entry->is_managed = is_managed;
			   __entry->has_reserved = has_reserved;),
	    TP_printk("irq=%u is_managed=%d has_reserved=%d", __entry->irq,
		      __entry->is_managed, __entry->has_reserved)
);

/* Outcome of setting up one interrupt at allocation time. */
TRACE_EVENT(vector_setup,
	    TP_PROTO(unsigned int irq, bool is_legacy, int ret),
	    TP_ARGS(irq, is_legacy, ret),
	    TP_STRUCT__entry(__field(unsigned int, irq)
			     __field(bool, is_legacy)
			     __field(int, ret)),
	    TP_fast_assign(__entry->irq = irq; __entry->is_legacy = is_legacy;
			   __entry->ret = ret;),
	    TP_printk("irq=%u is_legacy=%d ret=%d", __entry->irq,
		      __entry->is_legacy, __entry->ret)
);

/* The previous vector of a completed move is given back. */
TRACE_EVENT(vector_free_moved,
	    TP_PROTO(unsigned int irq, unsigned int cpu, unsigned int vector,
		     bool is_managed),
	    TP_ARGS(irq, cpu, vector, is_managed),
	    TP_STRUCT__entry(__field(unsigned int, irq)
			     __field(unsigned int, cpu)
			     __field(unsigned int, vector)
			     __field(bool, is_managed)),
	    TP_fast_assign(__entry->irq = irq; __entry->cpu = cpu;
			   __entry->vector = vector;
			   __entry->is_managed = is_managed;),
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

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace rendering of the TRACE_EVENT machinery: each event becomes an
 * inline function which fills the event's record exactly as the kernel's
 * TP_fast_assign would and formats it with its TP_printk.  The harness
 * reads the last record back through shim_trace_last.
 */
#ifndef IRQ_MATRIX_SHIM_TRACEPOINT_H
#define IRQ_MATRIX_SHIM_TRACEPOINT_H
#include "../shim.h"

#define TP_PROTO(args...)	args
#define TP_ARGS(args...)	args
#define TP_STRUCT__entry(args...) args
#define TP_fast_assign(args...)	args
#define TP_printk(fmt, args...)	fmt, args
#define __field(type, item)	type item;

#ifdef SHIM_NO_TRACE
#define DECLARE_EVENT_CLASS(name, proto, args, tstruct, assign, print)	\
	static inline void shim_trace_class_##name(const char *ev, proto) { (void)ev; }
#else
#define DECLARE_EVENT_CLASS(name, proto, args, tstruct, assign, print)	\
	struct shim_trace_raw_##name { tstruct };			\
	static inline void shim_trace_class_##name(const char *ev, proto) \
	{								\
		struct shim_trace_raw_##name __rec, *__entry = &__rec;	\
									\
		if (!shim_trace_on)					\
			return;						\
		{ assign }						\
		shim_trace_emit(ev, print);				\
	}
#endif

#ifdef SHIM_NO_TRACE
#define SHIM_TRACE_ENABLED	false
#else
#define SHIM_TRACE_ENABLED	shim_trace_on
#endif

#define PARAMS(args...)		args

#define DEFINE_EVENT(template, name, proto, args)			\
	static inline bool trace_##name##_enabled(void)		\
	{								\
		return SHIM_TRACE_ENABLED;				\
	}								\
	static inline void trace_##name(proto)				\
	{								\
		shim_trace_class_##template(#name, args);		\
	}

#define DEFINE_EVENT_FN(template, name, proto, args, reg, unreg)	\
	DEFINE_EVENT(template, name, PARAMS(proto), PARAMS(args))

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of CPUs outside cpu_online_mask, emitted later by an
 * online CPU: see kernel/irq/trace_log.c.
 */
#ifndef _LINUX_IRQ_TRACE_LOG_H
#define _LINUX_IRQ_TRACE_LOG_H

#include <linux/types.h>

typedef void (*irq_trace_replay_t)(const void *rec);

void irq_trace_log_add(irq_trace_replay_t replay, const void *rec, size_t size);
int irq_trace_log_get(void);
void irq_trace_log_put(void);

#endif /* _LINUX_IRQ_TRACE_LOG_H */

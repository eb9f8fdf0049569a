/* SPDX-License-Identifier: GPL-2.0 */
/* The irq trace log of kernel/irq/trace_log.c, recorded by shim.c */
#ifndef IRQ_MATRIX_SHIM_IRQ_TRACE_LOG_H
#define IRQ_MATRIX_SHIM_IRQ_TRACE_LOG_H
#include "../shim.h"

typedef void (*irq_trace_replay_t)(const void *rec);
void irq_trace_log_add(irq_trace_replay_t replay, const void *rec, size_t size);
int irq_trace_log_get(void);
void irq_trace_log_put(void);

#endif

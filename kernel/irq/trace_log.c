// SPDX-License-Identifier: GPL-2.0
/*
 * Trace events of CPUs outside cpu_online_mask, emitted by an online CPU.
 */

/**
 * DOC: IRQ trace log
 *
 * A tracepoint does not fire on a CPU which is not in cpu_online_mask (the
 * condition of DECLARE_TRACE()). Interrupt management does much of its
 * work there: a CPU going offline migrates its interrupts and gives back
 * its vectors after it left the mask (on x86 fixup_irqs() and
 * lapic_offline()), and on some architectures a CPU coming up brings its
 * interrupt space online before it enters the mask. A trace would show
 * none of it.
 *
 * The log keeps those events. Its users build a record holding the values
 * of the moment, and hand it to irq_trace_log_add() when the current CPU
 * is outside the mask. An online CPU replays the records in their order,
 * each through the replay function of its user, which emits the event:
 * on the control CPU once an outgoing CPU is dead, on the incoming CPU
 * once it is online (and on the CPU of a failed offline when it rolls
 * back). The fields keep the values and CPU numbers of the moment; only
 * the common header of a record (time stamp, CPU) tells when and where it
 * was emitted.
 *
 * Limits: the log exists while one of the events using it is enabled
 * (irq_trace_log_get() and irq_trace_log_put() are their reg and unreg
 * functions) and holds IRQ_TRACE_LOG_BYTES of records between two
 * replays; what does not fit is counted and reported as lost.
 */

#include <linux/cpuhotplug.h>
#include <linux/init.h>
#include <linux/irq.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/string.h>

/* About 1300 records of the x86 vector events: a CPU full of vectors. */
#define IRQ_TRACE_LOG_BYTES	SZ_64K

struct irq_trace_entry {
	irq_trace_replay_t	replay;
	unsigned int		size;
	u64			rec[];
};

/**
 * struct irq_trace_log - records of CPUs outside cpu_online_mask
 * @lock:	Serializes the fields below against CPUs coming up in parallel
 * @buf:	IRQ_TRACE_LOG_BYTES of entries, NULL while nobody traces
 * @used:	Bytes of @buf in use
 * @lost:	Records which did not fit since the last replay
 * @users:	Enabled events using the log, under irq_trace_log_users_lock
 */
struct irq_trace_log {
	raw_spinlock_t	lock;
	void		*buf;
	unsigned int	used;
	unsigned int	lost;
	unsigned int	users;
};

static struct irq_trace_log irq_trace_log = {
	.lock	= __RAW_SPIN_LOCK_UNLOCKED(irq_trace_log.lock),
};

static DEFINE_MUTEX(irq_trace_log_users_lock);

static unsigned int irq_trace_entry_size(size_t size)
{
	return ALIGN(sizeof(struct irq_trace_entry) + size, sizeof(u64));
}

/**
 * irq_trace_log_add - keep a trace record until an online CPU can emit it
 * @replay:	Function which emits the record's event
 * @rec:	The record, copied into the log
 * @size:	Size of @rec
 *
 * For events of a CPU which is not in cpu_online_mask.
 */
void irq_trace_log_add(irq_trace_replay_t replay, const void *rec, size_t size)
{
	unsigned int need = irq_trace_entry_size(size);
	struct irq_trace_log *log = &irq_trace_log;
	struct irq_trace_entry *entry;
	unsigned long flags;

	raw_spin_lock_irqsave(&log->lock, flags);
	if (!log->buf || log->used + need > IRQ_TRACE_LOG_BYTES) {
		log->lost++;
	} else {
		entry = log->buf + log->used;
		entry->replay = replay;
		entry->size = need;
		memcpy(entry->rec, rec, size);
		log->used += need;
	}
	raw_spin_unlock_irqrestore(&log->lock, flags);
}

/* Emit what the log holds, in order. A CPU hotplug callback. */
static int irq_trace_log_replay(unsigned int cpu)
{
	struct irq_trace_log *log = &irq_trace_log;
	struct irq_trace_entry *entry;
	unsigned int pos, lost;

	raw_spin_lock_irq(&log->lock);
	for (pos = 0; pos < log->used; pos += entry->size) {
		entry = log->buf + pos;
		entry->replay(entry->rec);
	}
	log->used = 0;
	lost = log->lost;
	log->lost = 0;
	raw_spin_unlock_irq(&log->lock);

	if (lost)
		pr_warn("irq trace log: %u events around the hotplug of CPU %u lost\n",
			lost, cpu);
	return 0;
}

/**
 * irq_trace_log_get - an event which uses the log is being enabled
 *
 * The reg function of such events: the first one sets up the log.
 *
 * Return: 0, or -ENOMEM if the log cannot be set up.
 */
int irq_trace_log_get(void)
{
	struct irq_trace_log *log = &irq_trace_log;
	void *buf;

	guard(mutex)(&irq_trace_log_users_lock);
	if (log->users++)
		return 0;
	buf = kvzalloc(IRQ_TRACE_LOG_BYTES, GFP_KERNEL);
	if (!buf) {
		log->users--;
		return -ENOMEM;
	}
	raw_spin_lock_irq(&log->lock);
	log->buf = buf;
	raw_spin_unlock_irq(&log->lock);
	return 0;
}

/**
 * irq_trace_log_put - an event which uses the log is being disabled
 *
 * The unreg function of such events: the last one frees the log.
 */
void irq_trace_log_put(void)
{
	struct irq_trace_log *log = &irq_trace_log;
	void *buf;

	guard(mutex)(&irq_trace_log_users_lock);
	if (WARN_ON_ONCE(!log->users) || --log->users)
		return;
	raw_spin_lock_irq(&log->lock);
	buf = log->buf;
	log->buf = NULL;
	log->used = 0;
	raw_spin_unlock_irq(&log->lock);
	kvfree(buf);
}

static int __init irq_trace_log_init(void)
{
	int ret;

	ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "irq/trace_log:online",
					irq_trace_log_replay, NULL);
	if (ret < 0)
		return ret;
	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "irq/trace_log:dead",
					NULL, irq_trace_log_replay);
	return ret < 0 ? ret : 0;
}
core_initcall(irq_trace_log_init);

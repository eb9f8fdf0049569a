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
 * the control CPU once an outgoing CPU is dead, the incoming CPU once it
 * is online (also when a failed offline rolls back). The fields keep the
 * values and CPU numbers of the moment; only the common header of a
 * record (time stamp, CPU) tells when and where it was emitted.
 *
 * Limits: the log exists while one of the events using it is enabled
 * (irq_trace_log_get() and irq_trace_log_put() are their reg and unreg
 * functions) and holds IRQ_TRACE_LOG_BYTES of records between two
 * replays; what does not fit is counted and reported as lost. The replay
 * of an offline comes after the CPU is dead: events which online CPUs
 * emitted meanwhile come before it in the trace.
 */

#include <linux/cpuhotplug.h>
#include <linux/init.h>
#include <linux/irq_trace_log.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/printk.h>
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
 * @lock:	Serializes @fill, @spare, @used and @lost: records come from
 *		CPUs going down or coming up, in atomic context
 * @fill:	IRQ_TRACE_LOG_BYTES taking records, NULL while nobody traces
 * @spare:	A second buffer, which a replay swaps with @fill and then
 *		emits from without holding @lock
 * @used:	Bytes of @fill in use
 * @lost:	Records which did not fit since the last replay
 * @users:	Enabled events using the log
 *
 * irq_trace_log_mutex serializes the replays, the buffers' setup and
 * release, and @users.
 */
struct irq_trace_log {
	raw_spinlock_t	lock;
	void		*fill;
	void		*spare;
	unsigned int	used;
	unsigned int	lost;
	unsigned int	users;
};

static struct irq_trace_log irq_trace_log = {
	.lock	= __RAW_SPIN_LOCK_UNLOCKED(irq_trace_log.lock),
};

static DEFINE_MUTEX(irq_trace_log_mutex);

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
 * For events of a CPU which is not in cpu_online_mask. Without a log, as
 * when the last event using it is being disabled, the record is dropped.
 */
void irq_trace_log_add(irq_trace_replay_t replay, const void *rec, size_t size)
{
	unsigned int need = irq_trace_entry_size(size);
	struct irq_trace_log *log = &irq_trace_log;
	struct irq_trace_entry *entry;
	unsigned long flags;

	raw_spin_lock_irqsave(&log->lock, flags);
	if (!log->fill)
		goto unlock;
	if (log->used + need > IRQ_TRACE_LOG_BYTES) {
		log->lost++;
		goto unlock;
	}
	entry = log->fill + log->used;
	entry->replay = replay;
	entry->size = need;
	memcpy(entry->rec, rec, size);
	log->used += need;
unlock:
	raw_spin_unlock_irqrestore(&log->lock, flags);
}

/* Emit what the log holds, in order. A CPU hotplug callback. */
static int irq_trace_log_replay(unsigned int cpu)
{
	struct irq_trace_log *log = &irq_trace_log;
	struct irq_trace_entry *entry;
	unsigned int pos, used, lost;
	void *buf;

	guard(mutex)(&irq_trace_log_mutex);

	raw_spin_lock_irq(&log->lock);
	buf = log->fill;
	used = log->used;
	lost = log->lost;
	log->fill = log->spare;
	log->spare = buf;
	log->used = 0;
	log->lost = 0;
	raw_spin_unlock_irq(&log->lock);

	for (pos = 0; pos < used; pos += entry->size) {
		entry = buf + pos;
		entry->replay(entry->rec);
	}
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
	void *fill, *spare;

	guard(mutex)(&irq_trace_log_mutex);
	if (log->users) {
		log->users++;
		return 0;
	}
	fill = kvzalloc(IRQ_TRACE_LOG_BYTES, GFP_KERNEL);
	spare = kvzalloc(IRQ_TRACE_LOG_BYTES, GFP_KERNEL);
	if (!fill || !spare) {
		kvfree(fill);
		kvfree(spare);
		return -ENOMEM;
	}
	raw_spin_lock_irq(&log->lock);
	log->fill = fill;
	log->spare = spare;
	raw_spin_unlock_irq(&log->lock);
	log->users = 1;
	return 0;
}

/**
 * irq_trace_log_put - an event which uses the log is being disabled
 *
 * The unreg function of such events: the last one frees the log, and
 * the records it still holds go unreported.
 */
void irq_trace_log_put(void)
{
	struct irq_trace_log *log = &irq_trace_log;
	void *fill, *spare;

	guard(mutex)(&irq_trace_log_mutex);
	if (WARN_ON_ONCE(!log->users) || --log->users)
		return;
	raw_spin_lock_irq(&log->lock);
	fill = log->fill;
	spare = log->spare;
	log->fill = NULL;
	log->spare = NULL;
	log->used = 0;
	log->lost = 0;
	raw_spin_unlock_irq(&log->lock);
	kvfree(fill);
	kvfree(spare);
}

/*
 * Records of a CPU coming up are emitted once it is online: set up before
 * smp_init() brings up the boot time CPUs.
 */
static int __init irq_trace_log_online_init(void)
{
	int ret;

	ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "irq/trace_log:online",
					irq_trace_log_replay, NULL);
	return ret < 0 ? ret : 0;
}
early_initcall(irq_trace_log_online_init);

/*
 * Records of a CPU going down are emitted once it is dead. The dynamic
 * prepare states are torn down in the reverse order of their setup: set
 * up late, the replay comes right after the CPU died.
 */
static int __init irq_trace_log_dead_init(void)
{
	int ret;

	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "irq/trace_log:dead",
					NULL, irq_trace_log_replay);
	return ret < 0 ? ret : 0;
}
late_initcall_sync(irq_trace_log_dead_init);

// SPDX-License-Identifier: GPL-2.0
/*
 * The interrupt record ring.
 *
 * With the VMM backend every interruption request, withdrawal and channel
 * report the subchannel model asks for becomes a fixed-size record that
 * the VMM read()s from its /dev/vsch file, after an eventfd or poll()
 * wakeup, and turns into FLIC KVM_DEV_FLIC_ENQUEUE, KVM_DEV_FLIC_CLEAR_IO_IRQ
 * and KVM_S390_INTERRUPT(KVM_S390_MCHK) calls
 * (Documentation/virt/kvm/devices/s390_flic.rst).  With the KVM backend
 * the same ring is drained by a work item that calls kvm.ko directly.
 *
 * Records are posted from the core's callbacks, with the css lock held and
 * interrupts disabled, so the ring is a fixed array under an irq-safe
 * spinlock.  A full ring drops the record and flags the next one with
 * VSCH_EV_F_LOST so that the VMM can resynchronise from the subchannel
 * states (every subchannel still shows its status with STSCH/TSCH).
 */

#include <linux/export.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "glue.h"

/**
 * vsch_ring_init() - initialise an empty ring
 * @r: the ring
 */
void vsch_ring_init(struct vsch_ring *r)
{
	spin_lock_init(&r->lock);
	r->head = 0;
	r->tail = 0;
	r->seq = 0;
	r->lost = false;
	r->total = 0;
	r->total_lost = 0;
}
EXPORT_SYMBOL_IF_KUNIT(vsch_ring_init);

/**
 * vsch_ring_post() - append one record
 * @r: the ring
 * @type: %VSCH_EV_*
 * @sid_word: subchannel, 0 for a channel report
 * @intparm: interruption parameter
 * @int_word: interruption-identification word
 *
 * Any context.
 *
 * Return: true if posted, false if the ring was full (the record is lost
 * and the next posted record carries %VSCH_EV_F_LOST).
 */
bool vsch_ring_post(struct vsch_ring *r, u32 type, u32 sid_word, u32 intparm,
		    u32 int_word)
{
	const struct vsch_vmm_event rec = {
		.type = type, .sid_word = sid_word, .intparm = intparm,
		.int_word = int_word,
	};

	return vsch_ring_post_ev(r, &rec, 0);
}
EXPORT_SYMBOL_IF_KUNIT(vsch_ring_post);

/**
 * vsch_ring_post_ev() - append a copy of a record
 * @r: the ring
 * @rec: type, SID word, interruption parameter and word of the record
 * @ev_flags: %VSCH_EV_F_* flags to set besides %VSCH_EV_F_LOST
 *
 * The sequence number is @r's own.  Any context.
 *
 * Return: true if posted, false if the ring was full.
 */
bool vsch_ring_post_ev(struct vsch_ring *r, const struct vsch_vmm_event *rec,
		       u32 ev_flags)
{
	struct vsch_vmm_event *ev;
	unsigned long flags;
	bool posted = false;

	spin_lock_irqsave(&r->lock, flags);
	if (r->tail - r->head >= VSCH_RING_SIZE) {
		r->lost = true;
		r->total_lost++;
		goto out;
	}
	ev = &r->ev[r->tail % VSCH_RING_SIZE];
	memset(ev, 0, sizeof(*ev));
	ev->type = rec->type;
	ev->flags = ev_flags | (r->lost ? VSCH_EV_F_LOST : 0);
	ev->sid_word = rec->sid_word;
	ev->intparm = rec->intparm;
	ev->int_word = rec->int_word;
	ev->seq = r->seq++;
	r->lost = false;
	r->tail++;
	r->total++;
	posted = true;
out:
	spin_unlock_irqrestore(&r->lock, flags);
	return posted;
}
EXPORT_SYMBOL_IF_KUNIT(vsch_ring_post_ev);

/**
 * vsch_ring_pop() - take the oldest record
 * @r: the ring
 * @ev: where to copy it
 *
 * Return: true if a record was taken.
 */
bool vsch_ring_pop(struct vsch_ring *r, struct vsch_vmm_event *ev)
{
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&r->lock, flags);
	if (r->head != r->tail) {
		*ev = r->ev[r->head % VSCH_RING_SIZE];
		r->head++;
		found = true;
	}
	spin_unlock_irqrestore(&r->lock, flags);
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(vsch_ring_pop);

/**
 * vsch_ring_empty() - check for records
 * @r: the ring
 *
 * Return: true if there is nothing to read.
 */
bool vsch_ring_empty(struct vsch_ring *r)
{
	unsigned long flags;
	bool empty;

	spin_lock_irqsave(&r->lock, flags);
	empty = r->head == r->tail;
	spin_unlock_irqrestore(&r->lock, flags);
	return empty;
}
EXPORT_SYMBOL_IF_KUNIT(vsch_ring_empty);

/**
 * vsch_ring_counts() - read the totals
 * @r: the ring
 * @total: records posted
 * @lost: records dropped
 */
void vsch_ring_counts(struct vsch_ring *r, u64 *total, u64 *lost)
{
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	*total = r->total;
	*lost = r->total_lost;
	spin_unlock_irqrestore(&r->lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(vsch_ring_counts);

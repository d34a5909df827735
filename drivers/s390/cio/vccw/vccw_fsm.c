// SPDX-License-Identifier: GPL-2.0
/*
 * vccw: the device state machine.
 *
 * One table, state x event -> action.  vccw_fsm_event() is the only code
 * that writes vccw_private.state, and it runs with the subchannel lock
 * held: the interrupt handler (which the cio layer calls with sch->lock
 * held, see do_cio_interrupt()) and process context serialise on the same
 * lock, so a transition is never observed half done.
 *
 * Actions must not sleep.  Work that sleeps (translation, pinning and
 * unpinning, waiting for a halt or clear) is done by the callers between
 * events: IO_REQ claims the translator, IO_START or IO_ABORT ends the
 * claim; the I/O work returns the pages and then raises IO_DONE.  A
 * program that holds no pin of its own (cp_light) needs no such work: its
 * final interruption takes the device back to IDLE at once, and the next
 * claim of the translator forgets the program (cp_retired).
 */

#include <linux/kernel.h>
#include <linux/vfio_ccw.h>
#include <asm/isc.h>
#include <kunit/visibility.h>

#include "vccw_private.h"
#include "vccw_trace.h"

typedef int (*vccw_fsm_fn)(struct vccw_private *private,
			   enum vccw_event event);

static struct subchannel *fsm_sch(struct vccw_private *private)
{
	lockdep_assert_held(&private->sch->lock);
	return private->sch;
}

static void fsm_set_state(struct vccw_private *private, enum vccw_state state)
{
	lockdep_assert_held(&private->sch->lock);
	WRITE_ONCE(private->state, state);
}

/* ------------------------------------------------------------------ */
/* IRB queue (sch->lock)                                               */

/* The entry @n places after the oldest. */
static struct irb *irb_at(struct vccw_irb_queue *q, unsigned int n)
{
	return &q->irb[(q->head + n) % VCCW_IRB_QUEUE_LEN];
}

/* Intermediate status alone: neither primary, secondary nor alert. */
static bool irb_is_intermediate(const struct irb *irb)
{
	return irb->scsw.cmd.stctl ==
	       (SCSW_STCTL_INTER_STATUS | SCSW_STCTL_STATUS_PEND);
}

/*
 * 1 if a wakeup announced the oldest entry: the reader is about to take
 * it, so it stays where it is whatever else the queue does.
 */
static unsigned int irb_announced(const struct vccw_irb_queue *q)
{
	return q->signalled && q->ready ? 1 : 0;
}

/*
 * The queue is full.  Intermediate status alone that no wakeup announced
 * yet is merged into the status after it, as a subchannel does with a
 * PCI it has not presented yet: the later status carries the PCI bit too
 * (SA22-7832 ch. 16, "Program-Controlled Interruption").  Only when the
 * queue holds nothing of the kind does the oldest entry give way, counted
 * and traced as dropped.
 */
static void irb_make_room(struct vccw_private *private)
{
	struct vccw_irb_queue *q = &private->irbs;
	unsigned int n = irb_announced(q);

	for (; n < q->count - 1; n++)
		if (irb_is_intermediate(irb_at(q, n)))
			break;
	if (n < q->count - 1) {
		if (n < q->ready)
			q->ready--;
		irb_at(q, n + 1)->scsw.cmd.cstat |=
			irb_at(q, n)->scsw.cmd.cstat & SCHN_STAT_PCI;
		for (; n < q->count - 1; n++)
			memcpy(irb_at(q, n), irb_at(q, n + 1), sizeof(struct irb));
	} else {
		q->head = (q->head + 1) % VCCW_IRB_QUEUE_LEN;
		if (q->ready)
			q->ready--;
		q->dropped++;
		vccw_count(private, VCCW_CNT_IRB_DROPPED, 1);
	}
	q->count--;
}

static struct irb *irb_push(struct vccw_private *private, const struct irb *irb)
{
	struct vccw_irb_queue *q = &private->irbs;
	struct irb *slot;

	lockdep_assert_held(&private->sch->lock);
	if (q->count == VCCW_IRB_QUEUE_LEN)
		irb_make_room(private);
	slot = irb_at(q, q->count);
	memcpy(slot, irb, sizeof(*slot));
	q->count++;
	return slot;
}

/**
 * vccw_irb_pop() - take the oldest ready IRB off the queue
 * @private: the device
 * @out: where to copy it
 *
 * Called by the read of the IRB area, which answers the I/O eventfd's
 * outstanding wakeup (see vccw_irb_owe_signal()).
 *
 * Context: sch->lock held.
 * Return: true if an IRB was copied to @out.
 */
bool vccw_irb_pop(struct vccw_private *private, struct irb *out)
{
	struct vccw_irb_queue *q = &private->irbs;

	lockdep_assert_held(&private->sch->lock);
	/*
	 * The read answers the outstanding wakeup, even when it finds
	 * nothing: the IRB that wakeup announced may have been dropped by
	 * an overflow, and a wakeup owed for ever would stall the reader.
	 */
	q->signalled = false;
	if (!q->ready)
		return false;
	memcpy(out, &q->irb[q->head], sizeof(*out));
	q->head = (q->head + 1) % VCCW_IRB_QUEUE_LEN;
	q->count--;
	q->ready--;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_irb_pop);

/**
 * vccw_irb_reset() - forget every queued IRB
 * @private: the device
 *
 * Context: sch->lock held.
 */
void vccw_irb_reset(struct vccw_private *private)
{
	lockdep_assert_held(&private->sch->lock);
	memset(&private->irbs, 0, sizeof(private->irbs));
}
EXPORT_SYMBOL_IF_KUNIT(vccw_irb_reset);

/**
 * vccw_irb_publish() - make readable what userspace may read now
 * @private: the device
 *
 * Every queued IRB, except while a finished program still holds its pages
 * (cp_final, IO_DONE not raised yet): then its final IRB and whatever
 * came after it stay queued, so that a START issued on seeing the final
 * status never finds the device busy with the old program.  The I/O work
 * that releases the program publishes them.  Called by the interruption
 * (fsm_irq()) for everything else.
 *
 * Context: sch->lock held.
 */
void vccw_irb_publish(struct vccw_private *private)
{
	struct vccw_irb_queue *q = &private->irbs;
	unsigned int n = q->count;

	lockdep_assert_held(&private->sch->lock);
	if (private->cp_final) {
		for (n = q->ready; n < q->count; n++)
			if (vccw_irb_is_final(irb_at(q, n)))
				break;
	}
	q->ready = n;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_irb_publish);

/**
 * vccw_irb_wakeup_due() - is an IRB readable that no wakeup announced yet?
 * @private: the device
 *
 * Like vccw_irb_owe_signal(), without taking the wakeup: the caller makes
 * sure that someone who will call vccw_irb_owe_signal() runs.
 *
 * Context: sch->lock held.
 * Return: true if a wakeup is due.
 */
bool vccw_irb_wakeup_due(struct vccw_private *private)
{
	lockdep_assert_held(&private->sch->lock);
	return private->irbs.ready && !private->irbs.signalled;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_irb_wakeup_due);

/**
 * vccw_irb_owe_signal() - should the I/O eventfd be signalled now?
 * @private: the device
 *
 * The eventfd is signalled once per readable IRB, one at a time: when an
 * IRB is ready and no wakeup is outstanding.  The wakeup is answered by
 * the read that takes the IRB (vccw_irb_pop()), which then asks again for
 * the next one.  Signalling for every IRB made ready, or every time some
 * IRB is ready, would leave more wakeups than IRBs: the surplus wakeup
 * finds the queue empty and the region still holding the IRB read last,
 * which the reader would take for a second interruption.
 *
 * Context: sch->lock held.
 * Return: true if the caller must signal the I/O eventfd, once.
 */
bool vccw_irb_owe_signal(struct vccw_private *private)
{
	if (!vccw_irb_wakeup_due(private))
		return false;
	private->irbs.signalled = true;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_irb_owe_signal);

/**
 * vccw_irb_rearm_signal() - a new I/O eventfd: owe it a wakeup afresh
 * @private: the device
 *
 * A wakeup sent before userspace installed its eventfd went nowhere (or to
 * an eventfd no longer read); the IRB it announced would otherwise wait
 * for ever, and every later IRB would be read one wakeup late.
 *
 * Context: sch->lock held.
 * Return: true if the caller must signal the new eventfd, once.
 */
bool vccw_irb_rearm_signal(struct vccw_private *private)
{
	lockdep_assert_held(&private->sch->lock);
	private->irbs.signalled = false;
	return vccw_irb_owe_signal(private);
}
EXPORT_SYMBOL_IF_KUNIT(vccw_irb_rearm_signal);

/**
 * vccw_irb_is_final() - does this IRB end the channel program?
 * @irb: the IRB
 *
 * Final means status pending with no function left in progress: no start,
 * halt, clear or resume pending, neither subchannel nor device active, and
 * not suspended (a suspended program still owns its CCWs and data pages,
 * z/Architecture Principles of Operation, SA22-7832, chapter 16, "Activity
 * Control").  Intermediate status (for example a PCI, program-controlled
 * interruption) keeps subchannel-active set and is therefore not final.
 *
 * Return: true if the program's pages may be returned.
 */
bool vccw_irb_is_final(const struct irb *irb)
{
	const union scsw *scsw = &irb->scsw;

	if (!(scsw->cmd.stctl & SCSW_STCTL_STATUS_PEND))
		return false;
	if (!scsw->cmd.fctl)
		return false;
	return !(scsw->cmd.actl & (SCSW_ACTL_RESUME_PEND | SCSW_ACTL_START_PEND |
				   SCSW_ACTL_HALT_PEND | SCSW_ACTL_CLEAR_PEND |
				   SCSW_ACTL_SCHACT | SCSW_ACTL_DEVACT |
				   SCSW_ACTL_SUSPENDED));
}
EXPORT_SYMBOL_IF_KUNIT(vccw_irb_is_final);

/*
 * Userspace sees the subchannel status pending while it has an IRB to
 * read, published or not.  HALT SUBCHANNEL gives cc 1 then, unless the
 * status is intermediate status alone (SA22-7832 ch. 14, "HALT
 * SUBCHANNEL"); the host's own status was taken by the cio layer already,
 * so its HSCH cannot tell.
 */
static bool irb_halt_blocked(struct vccw_private *private)
{
	struct vccw_irb_queue *q = &private->irbs;
	unsigned int n;

	lockdep_assert_held(&private->sch->lock);
	for (n = 0; n < q->count; n++)
		if (!irb_is_intermediate(irb_at(q, n)))
			return true;
	return false;
}

/*
 * CLEAR SUBCHANNEL clears the status pending at the subchannel (SA22-7832
 * ch. 15, "Clear Function"): the queued IRBs go, except the one a wakeup
 * already announced, which the reader is about to take (dropping it would
 * make that read return the previous IRB again).  So a stream of HALTs
 * and CLEARs from a reader that falls behind cannot fill the queue.
 */
static void irb_clear_status(struct vccw_private *private)
{
	struct vccw_irb_queue *q = &private->irbs;
	unsigned int keep = irb_announced(q);

	lockdep_assert_held(&private->sch->lock);
	if (q->count == keep)
		return;
	vccw_count(private, VCCW_CNT_IRB_CLEARED, q->count - keep);
	q->count = keep;
	q->ready = keep;
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */

static int fsm_nop(struct vccw_private *private, enum vccw_event event)
{
	return 0;
}

static int fsm_enodev(struct vccw_private *private, enum vccw_event event)
{
	return -ENODEV;
}

static int fsm_eio(struct vccw_private *private, enum vccw_event event)
{
	return -EIO;
}

static int fsm_ebusy(struct vccw_private *private, enum vccw_event event)
{
	return -EBUSY;
}

static int fsm_eagain(struct vccw_private *private, enum vccw_event event)
{
	return -EAGAIN;
}

/* An event that the callers never raise in this state: a driver bug. */
static int fsm_illegal(struct vccw_private *private, enum vccw_event event)
{
	pr_warn_ratelimited("vccw: %s: event %s in state %s\n",
			    dev_name(&private->sch->dev), vccw_event_name(event),
			    vccw_state_name(private->state));
	return -EINVAL;
}

/*
 * End the running program without an interruption from the channel
 * subsystem: queue a final IRB of our own for it, mark it final so that the
 * I/O work returns its pages, and let the work publish the IRB.  The SCSW
 * is a start function ended with alert status; @cc is its deferred
 * condition code and @cstat its subchannel status (SA22-7832 ch. 16,
 * "Subchannel-Status Word").  The CPA is 0: no CCW address is meaningful.
 */
static void fsm_end_program(struct vccw_private *private, u8 cc, u8 cstat)
{
	struct irb irb = { };

	lockdep_assert_held(&private->sch->lock);
	irb.scsw.cmd.cc = cc;
	irb.scsw.cmd.fctl = SCSW_FCTL_START_FUNC;
	irb.scsw.cmd.stctl = SCSW_STCTL_ALERT_STATUS | SCSW_STCTL_STATUS_PEND;
	if (cstat)
		irb.scsw.cmd.stctl |= SCSW_STCTL_PRIM_STATUS |
				      SCSW_STCTL_SEC_STATUS;
	irb.scsw.cmd.cstat = cstat;
	irb_push(private, &irb);
	private->cp_final = true;
	private->cp_killed = false;
	trace_vccw_irq(private->sch->schid, &irb, true, private->irbs.count);
	queue_work(vccw_wq, &private->io_work);
}

/*
 * The subchannel is gone or unusable: let the css layer unregister it,
 * which removes the mdev and sends the device request to userspace.  A
 * program still running will never see its interruption: it ends here
 * with deferred condition code 3 (not operational), so that userspace
 * waiting for it gets an answer and the pins can be returned.
 */
static int fsm_notoper(struct vccw_private *private, enum vccw_event event)
{
	struct subchannel *sch = fsm_sch(private);

	if (private->state == VCCW_STATE_CP_PENDING && !private->cp_final)
		fsm_end_program(private, 3, 0);
	private->hw->sched_unreg(sch);
	vccw_count(private, VCCW_CNT_NOT_OPER, 1);
	fsm_set_state(private, VCCW_STATE_NOT_OPER);
	return 0;
}

/* An interruption although the device is closed: disable again. */
static int fsm_irq_closed(struct vccw_private *private, enum vccw_event event)
{
	struct subchannel *sch = fsm_sch(private);

	private->hw->disable(sch);
	if (private->quiesce)
		complete(private->quiesce);
	return 0;
}

static int fsm_open(struct vccw_private *private, enum vccw_event event)
{
	struct subchannel *sch = fsm_sch(private);
	int ret;

	sch->isc = VFIO_CCW_ISC;
	/* do_cio_interrupt() finds the subchannel through this parameter. */
	ret = private->hw->enable(sch, (u32)virt_to_phys(sch));
	if (ret) {
		fsm_notoper(private, event);
		return ret;
	}
	private->cp_final = false;
	private->cp_killed = false;
	fsm_set_state(private, VCCW_STATE_IDLE);
	return 0;
}

/*
 * Disable the subchannel.  -EBUSY means I/O is still in progress; the
 * caller (vccw_sch_close()) then halts/clears, waits and raises CLOSE
 * again, with the state unchanged in between.
 */
static int fsm_close(struct vccw_private *private, enum vccw_event event)
{
	struct subchannel *sch = fsm_sch(private);
	int ret;

	ret = private->hw->disable(sch);
	if (ret == -EBUSY)
		return ret;
	if (ret) {
		fsm_notoper(private, event);
		return ret;
	}
	fsm_set_state(private, VCCW_STATE_STANDBY);
	return 0;
}

/*
 * The claimer owns the translator and releases a retired program before
 * it builds (the release unpins nothing, see fsm_program_ended()).
 */
static int fsm_io_claim(struct vccw_private *private, enum vccw_event event)
{
	private->cp_retired = false;
	fsm_set_state(private, VCCW_STATE_CP_PROCESSING);
	return 0;
}

static int fsm_io_abort(struct vccw_private *private, enum vccw_event event)
{
	fsm_set_state(private, VCCW_STATE_IDLE);
	return 0;
}

/*
 * START SUBCHANNEL with the translated program.  Condition codes, SA22-7832
 * chapter 14, "START SUBCHANNEL": 0 started, 1 status pending, 2 busy,
 * 3 not operational.  Status pending is reported as -EALREADY, busy as
 * -EBUSY (see Documentation/arch/s390/vccw.rst, "Error codes").
 */
static int fsm_io_start(struct vccw_private *private, enum vccw_event event)
{
	struct subchannel *sch = fsm_sch(private);
	u8 lpm;
	int cc;

	cc = private->hw->ssch(sch, &private->host_orb);
	switch (cc) {
	case 0:
		/* Keep the cio view consistent, as cio_start_key() does. */
		sch->schib.scsw.cmd.actl |= SCSW_ACTL_START_PEND;
		private->cp_final = false;
		private->cp_killed = false;
		vccw_count(private, VCCW_CNT_START, 1);
		fsm_set_state(private, VCCW_STATE_CP_PENDING);
		return 0;
	case 1:
		vccw_count(private, VCCW_CNT_ERR_CC1, 1);
		fsm_set_state(private, VCCW_STATE_IDLE);
		return -EALREADY;
	case 2:
		vccw_count(private, VCCW_CNT_ERR_CC2, 1);
		fsm_set_state(private, VCCW_STATE_IDLE);
		return -EBUSY;
	default:
		vccw_count(private, VCCW_CNT_ERR_CC3, 1);
		fsm_set_state(private, VCCW_STATE_IDLE);
		/* The paths we tried are not operational: stop using them. */
		lpm = private->host_orb.cmd.lpm;
		sch->lpm &= lpm ? ~lpm : 0;
		if (private->hw->update_schib(sch))
			return -ENODEV;
		return sch->lpm ? -EACCES : -ENODEV;
	}
}

/*
 * A format-0 extended-status word (SCSW L bit, here eswf) may carry two
 * more addresses of the host program: the failing-storage address (a data
 * address behind our IDAWs) and the secondary-CCW address (SA22-7832
 * ch. 16, "Extended-Status Word", "Extended-Report Word").  Neither may
 * reach userspace: clear them and their validity bits (FSAVF, SCAVF), so
 * the guest sees "not stored", which the architecture allows.
 */
static void fsm_irb_scrub_esw(struct irb *irb)
{
	struct esw0 *esw = &irb->esw.esw0;

	if (scsw_is_tm(&irb->scsw) || !irb->scsw.cmd.eswf)
		return;
	esw->erw.fsavf = 0;
	esw->erw.scavf = 0;
	esw->faddr[0] = u32_to_dma32(0);
	esw->faddr[1] = u32_to_dma32(0);
	esw->saddr = u32_to_dma32(0);
}

/*
 * The live program saw its final interruption.  Its pages must go back
 * before the next START.  A light program's pages all belong to the pin
 * cache, so there is nothing to return: the device is IDLE again at once
 * and the program is only marked retired, to be forgotten by the next
 * claim of the translator (IO_REQ), an unmap or close.  Any other program
 * (pins of its own, or ended by an unmap's CLEAR) is marked cp_final and
 * released by the I/O work, which then raises IO_DONE.
 */
static void fsm_program_ended(struct vccw_private *private, bool killed)
{
	lockdep_assert_held(&private->sch->lock);
	if (private->cp_light && !killed) {
		private->cp_retired = true;
		/* Its pages are the cache's now. */
		atomic64_set(&private->cnt[VCCW_CNT_PINNED], 0);
		fsm_set_state(private, VCCW_STATE_IDLE);
		return;
	}
	private->cp_final = true;
}

static int fsm_irq(struct vccw_private *private, enum vccw_event event)
{
	struct subchannel *sch = fsm_sch(private);
	bool live, final, killed;
	struct irb *irb;

	irb = irb_push(private, private->hw->irb(sch));
	/*
	 * Only a program that SSCH accepted and whose final status has not
	 * been seen may translate the CPA; the I/O work may already be
	 * releasing the program otherwise.  Every other CPA is a host
	 * address the guest must not see.
	 */
	live = private->state == VCCW_STATE_CP_PENDING && !private->cp_final;
	final = vccw_irb_is_final(irb);
	killed = private->cp_killed;
	vccw_count(private, VCCW_CNT_IRQ, 1);
	if (live && final && killed) {
		/*
		 * The CLEAR that fsm_unmap() issued ended the program: report
		 * it as the channel-program check the missing memory would
		 * have caused (SA22-7832 ch. 16, "Channel-Program Check"),
		 * not as a clear the guest never asked for.
		 */
		memset(irb, 0, sizeof(*irb));
		irb->scsw.cmd.fctl = SCSW_FCTL_START_FUNC;
		irb->scsw.cmd.stctl = SCSW_STCTL_PRIM_STATUS |
				      SCSW_STCTL_SEC_STATUS |
				      SCSW_STCTL_ALERT_STATUS |
				      SCSW_STCTL_STATUS_PEND;
		irb->scsw.cmd.cstat = SCHN_STAT_PROG_CHECK;
		private->cp_killed = false;
	} else if (live && private->cp && scsw_is_solicited(&irb->scsw)) {
		vccw_cp_update_irb(private->cp, irb);
	} else if (!scsw_is_tm(&irb->scsw)) {
		irb->scsw.cmd.cpa = 0;
	}
	fsm_irb_scrub_esw(irb);
	if (live && final) {
		vccw_count(private, VCCW_CNT_IRQ_FINAL, 1);
		fsm_program_ended(private, killed);
	}
	trace_vccw_irq(sch->schid, irb, final, private->irbs.count);
	if (private->quiesce)
		complete(private->quiesce);
	/*
	 * Readable now, unless a finished program still holds pins: then the
	 * I/O work returns them and publishes.  The eventfd is signalled in
	 * process context: by the write that started the program if it has
	 * not returned yet (start_signals), else by the I/O work.
	 */
	vccw_irb_publish(private);
	if (private->cp_final ||
	    (!private->start_signals && vccw_irb_wakeup_due(private)))
		queue_work(vccw_wq, &private->io_work);
	return 0;
}

/*
 * The translator was released: by the I/O work after cp_final (state
 * IDLE), by an unmap or close, or, for a retired program, by whoever
 * claimed the translator next (the flag only).
 */
static int fsm_io_done(struct vccw_private *private, enum vccw_event event)
{
	private->cp_retired = false;
	if (!private->cp_final)
		return 0;
	private->cp_final = false;
	fsm_set_state(private, VCCW_STATE_IDLE);
	return 0;
}

/* The same, once the subchannel is gone: the state stays NOT_OPER. */
static int fsm_io_done_gone(struct vccw_private *private,
			    enum vccw_event event)
{
	private->cp_retired = false;
	private->cp_final = false;
	return 0;
}

/*
 * Userspace unmapped memory the running program has pinned.  Only that
 * program ends: CLEAR SUBCHANNEL (SA22-7832 ch. 14; cc 0 or 3 only), and
 * its final interruption is turned into a channel-program check by
 * fsm_irq().  -EINPROGRESS: wait for that interruption (cp_final), then
 * return the pins.  0: the program already ended, its pins may go now.
 * The device stays open and enabled; nothing else is reset.
 */
static int fsm_unmap(struct vccw_private *private, enum vccw_event event)
{
	struct subchannel *sch = fsm_sch(private);

	if (private->cp_final)
		return 0;
	if (private->cp_killed)
		return -EINPROGRESS;
	if (private->hw->csch(sch)) {
		fsm_notoper(private, event);
		return -ENODEV;
	}
	sch->schib.scsw.cmd.actl = SCSW_ACTL_CLEAR_PEND;
	private->cp_killed = true;
	vccw_count(private, VCCW_CNT_CSCH, 1);
	vccw_count(private, VCCW_CNT_UNMAP_KILL, 1);
	return -EINPROGRESS;
}

/*
 * HALT / CLEAR SUBCHANNEL from the async region (SA22-7832 chapter 14):
 * HSCH cc 1 status pending and cc 2 busy -> -EBUSY (as vfio_ccw, QEMU
 * maps -EBUSY to cc 2 for HSCH), cc 3 -> -ENODEV; CSCH only knows cc 0
 * and 3.  The resulting interruption is the final one of the program.
 * Status pending includes the IRBs queued for userspace (see
 * irb_halt_blocked() and irb_clear_status()).
 */
static int fsm_async(struct vccw_private *private, enum vccw_event event)
{
	struct subchannel *sch = fsm_sch(private);
	int cc;

	switch (private->async_cmd) {
	case VFIO_CCW_ASYNC_CMD_HSCH:
		cc = irb_halt_blocked(private) ? 1 : private->hw->hsch(sch);
		if (!cc) {
			sch->schib.scsw.cmd.actl |= SCSW_ACTL_HALT_PEND;
			vccw_count(private, VCCW_CNT_HSCH, 1);
		}
		break;
	case VFIO_CCW_ASYNC_CMD_CSCH:
		cc = private->hw->csch(sch);
		if (!cc) {
			sch->schib.scsw.cmd.actl = SCSW_ACTL_CLEAR_PEND;
			irb_clear_status(private);
			vccw_count(private, VCCW_CNT_CSCH, 1);
		}
		break;
	default:
		return -EINVAL;
	}
	if (cc)
		vccw_count(private, VCCW_CNT_ERR_ASYNC, 1);
	switch (cc) {
	case 0:
		return 0;
	case 3:
		return -ENODEV;
	default:
		return -EBUSY;
	}
}

/* ------------------------------------------------------------------ */
/* The table                                                           */

static const vccw_fsm_fn vccw_fsm_table[VCCW_STATE_NR][VCCW_EVENT_NR] = {
	[VCCW_STATE_NOT_OPER] = {
		[VCCW_EVENT_NOT_OPER]	= fsm_nop,
		[VCCW_EVENT_OPEN]	= fsm_enodev,
		[VCCW_EVENT_CLOSE]	= fsm_nop,
		[VCCW_EVENT_IO_REQ]	= fsm_enodev,
		[VCCW_EVENT_IO_START]	= fsm_enodev,
		[VCCW_EVENT_IO_ABORT]	= fsm_nop,
		[VCCW_EVENT_INTERRUPT]	= fsm_irq_closed,
		[VCCW_EVENT_IO_DONE]	= fsm_io_done_gone,
		[VCCW_EVENT_ASYNC_REQ]	= fsm_enodev,
		[VCCW_EVENT_UNMAP]	= fsm_nop,
	},
	[VCCW_STATE_STANDBY] = {
		[VCCW_EVENT_NOT_OPER]	= fsm_notoper,
		[VCCW_EVENT_OPEN]	= fsm_open,
		[VCCW_EVENT_CLOSE]	= fsm_nop,
		[VCCW_EVENT_IO_REQ]	= fsm_eio,
		[VCCW_EVENT_IO_START]	= fsm_eio,
		[VCCW_EVENT_IO_ABORT]	= fsm_nop,
		[VCCW_EVENT_INTERRUPT]	= fsm_irq_closed,
		[VCCW_EVENT_IO_DONE]	= fsm_nop,
		[VCCW_EVENT_ASYNC_REQ]	= fsm_eio,
		[VCCW_EVENT_UNMAP]	= fsm_nop,
	},
	[VCCW_STATE_IDLE] = {
		[VCCW_EVENT_NOT_OPER]	= fsm_notoper,
		[VCCW_EVENT_OPEN]	= fsm_ebusy,
		[VCCW_EVENT_CLOSE]	= fsm_close,
		[VCCW_EVENT_IO_REQ]	= fsm_io_claim,
		[VCCW_EVENT_IO_START]	= fsm_illegal,
		[VCCW_EVENT_IO_ABORT]	= fsm_illegal,
		[VCCW_EVENT_INTERRUPT]	= fsm_irq,
		[VCCW_EVENT_IO_DONE]	= fsm_io_done,
		[VCCW_EVENT_ASYNC_REQ]	= fsm_async,
		[VCCW_EVENT_UNMAP]	= fsm_nop,
	},
	[VCCW_STATE_CP_PROCESSING] = {
		[VCCW_EVENT_NOT_OPER]	= fsm_notoper,
		[VCCW_EVENT_OPEN]	= fsm_ebusy,
		[VCCW_EVENT_CLOSE]	= fsm_close,
		[VCCW_EVENT_IO_REQ]	= fsm_eagain,
		[VCCW_EVENT_IO_START]	= fsm_io_start,
		[VCCW_EVENT_IO_ABORT]	= fsm_io_abort,
		[VCCW_EVENT_INTERRUPT]	= fsm_irq,
		[VCCW_EVENT_IO_DONE]	= fsm_nop,
		[VCCW_EVENT_ASYNC_REQ]	= fsm_eagain,
		/* Only raised under io_mutex, which CP_PROCESSING holds. */
		[VCCW_EVENT_UNMAP]	= fsm_illegal,
	},
	[VCCW_STATE_CP_PENDING] = {
		[VCCW_EVENT_NOT_OPER]	= fsm_notoper,
		[VCCW_EVENT_OPEN]	= fsm_ebusy,
		[VCCW_EVENT_CLOSE]	= fsm_close,
		[VCCW_EVENT_IO_REQ]	= fsm_ebusy,
		[VCCW_EVENT_IO_START]	= fsm_illegal,
		[VCCW_EVENT_IO_ABORT]	= fsm_illegal,
		[VCCW_EVENT_INTERRUPT]	= fsm_irq,
		[VCCW_EVENT_IO_DONE]	= fsm_io_done,
		[VCCW_EVENT_ASYNC_REQ]	= fsm_async,
		[VCCW_EVENT_UNMAP]	= fsm_unmap,
	},
};

static const char * const vccw_state_names[VCCW_STATE_NR] = {
	[VCCW_STATE_NOT_OPER] = "NOT_OPER",
	[VCCW_STATE_STANDBY] = "STANDBY",
	[VCCW_STATE_IDLE] = "IDLE",
	[VCCW_STATE_CP_PROCESSING] = "CP_PROCESSING",
	[VCCW_STATE_CP_PENDING] = "CP_PENDING",
};

static const char * const vccw_event_names[VCCW_EVENT_NR] = {
	[VCCW_EVENT_NOT_OPER] = "NOT_OPER",
	[VCCW_EVENT_OPEN] = "OPEN",
	[VCCW_EVENT_CLOSE] = "CLOSE",
	[VCCW_EVENT_IO_REQ] = "IO_REQ",
	[VCCW_EVENT_IO_START] = "IO_START",
	[VCCW_EVENT_IO_ABORT] = "IO_ABORT",
	[VCCW_EVENT_INTERRUPT] = "INTERRUPT",
	[VCCW_EVENT_IO_DONE] = "IO_DONE",
	[VCCW_EVENT_ASYNC_REQ] = "ASYNC_REQ",
	[VCCW_EVENT_UNMAP] = "UNMAP",
};

/**
 * vccw_state_name() - printable name of a state
 * @state: the state
 *
 * Return: a static string, "?" for an out-of-range value.
 */
const char *vccw_state_name(enum vccw_state state)
{
	return state < VCCW_STATE_NR ? vccw_state_names[state] : "?";
}
EXPORT_SYMBOL_IF_KUNIT(vccw_state_name);

/**
 * vccw_event_name() - printable name of an event
 * @event: the event
 *
 * Return: a static string, "?" for an out-of-range value.
 */
const char *vccw_event_name(enum vccw_event event)
{
	return event < VCCW_EVENT_NR ? vccw_event_names[event] : "?";
}
EXPORT_SYMBOL_IF_KUNIT(vccw_event_name);

/**
 * vccw_fsm_event() - feed one event to the state machine
 * @private: the device
 * @event: what happened
 *
 * Runs the action of the (current state, @event) cell and traces the
 * transition.  This is the only writer of @private->state.
 *
 * Context: sch->lock held, interrupts disabled; may be hard-IRQ context.
 * Return: 0 or the -errno of the action.
 */
int vccw_fsm_event(struct vccw_private *private, enum vccw_event event)
{
	enum vccw_state old = private->state;
	int ret;

	lockdep_assert_held(&private->sch->lock);
	if (WARN_ON_ONCE(old >= VCCW_STATE_NR || event >= VCCW_EVENT_NR))
		return -EINVAL;
	ret = vccw_fsm_table[old][event](private, event);
	trace_vccw_fsm_event(private->sch->schid, old, event,
			     private->state, ret);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_fsm_event);

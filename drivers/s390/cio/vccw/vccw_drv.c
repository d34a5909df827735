// SPDX-License-Identifier: GPL-2.0
/*
 * vccw: css driver glue.  Binds to non-QDIO I/O subchannels whose
 * driver_override names "vccw" (never by itself), registers the mdev
 * parent, and turns subchannel interruptions and events into FSM events.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/init.h>
#include <linux/mdev.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <asm/isc.h>
#include <kunit/visibility.h>

#include "chp.h"
#include "cio.h"
#include "css.h"
#include "vccw_private.h"
#include "vccw_trace.h"

/* Ordered workqueue: one I/O work per device, never concurrent with itself. */
struct workqueue_struct *vccw_wq;
EXPORT_SYMBOL_IF_KUNIT(vccw_wq);

static struct css_driver vccw_sch_driver;

/* /sys/kernel/debug/vccw: one directory per device, named by subchannel. */
static struct dentry *vccw_debugfs_root;

/**
 * vccw_put_program() - release the device's channel program
 * @private: the device
 *
 * Returns the pins the program holds of its own (see vccw_cp_release()) and
 * zeroes the pinned-pages gauge.  A no-op when no program is built.
 *
 * Context: process; io_mutex held.
 */
void vccw_put_program(struct vccw_private *private)
{
	lockdep_assert_held(&private->io_mutex);
	vccw_cp_release(private->cp);
	atomic64_set(&private->cnt[VCCW_CNT_PINNED], 0);
}

static struct vccw_private *sch_private(struct subchannel *sch)
{
	struct vccw_parent *parent = dev_get_drvdata(&sch->dev);

	lockdep_assert_held(&sch->lock);
	return parent ? parent->private : NULL;
}

/**
 * vccw_io_work() - process-context half of the interruption handler
 * @work: vccw_private.io_work
 *
 * After the final interruption of a program, return its pages, then raise
 * IO_DONE (state IDLE) and only then make the queued IRBs readable and
 * signal the I/O eventfd: a START issued from the eventfd handler never
 * finds the device still busy with the old program.  Runs under io_mutex,
 * which serialises every use of the translator.
 */
void vccw_io_work(struct work_struct *work)
{
	struct vccw_private *private =
		container_of(work, struct vccw_private, io_work);
	struct subchannel *sch = private->sch;
	bool final, signal;

	mutex_lock(&private->io_mutex);
	spin_lock_irq(&sch->lock);
	final = private->cp_final;
	spin_unlock_irq(&sch->lock);

	/* CP_PENDING with cp_final: the interrupt path no longer uses it. */
	if (final)
		vccw_put_program(private);

	spin_lock_irq(&sch->lock);
	if (final)
		vccw_fsm_event(private, VCCW_EVENT_IO_DONE);
	/*
	 * A final interruption that arrived after cp_final was read above
	 * stays unpublished: its program is not released yet.  The work it
	 * queued runs next and publishes it.
	 */
	vccw_irb_publish(private);
	signal = vccw_irb_owe_signal(private);
	spin_unlock_irq(&sch->lock);
	mutex_unlock(&private->io_mutex);

	if (signal)
		vccw_signal(private, VFIO_CCW_IO_IRQ_INDEX);
}

/**
 * vccw_crw_work() - tell userspace that channel reports are queued
 * @work: vccw_private.crw_work
 */
void vccw_crw_work(struct work_struct *work)
{
	struct vccw_private *private =
		container_of(work, struct vccw_private, crw_work);
	unsigned long flags;
	bool queued;

	spin_lock_irqsave(&private->crw_lock, flags);
	queued = private->crws.count;
	spin_unlock_irqrestore(&private->crw_lock, flags);
	if (queued)
		vccw_signal(private, VFIO_CCW_CRW_IRQ_INDEX);
}

/* Bound on halt/clear rounds in close: each waits at most one second. */
#define VCCW_QUIESCE_ROUNDS	8

/**
 * vccw_sch_close() - disable the subchannel, quiescing I/O in flight
 * @private: the device
 *
 * Raises CLOSE; while the subchannel is busy, takes one step of the
 * cancel/halt/clear ladder, waits (at most one second) for its
 * interruption and tries again, VCCW_QUIESCE_ROUNDS times at most; after
 * that the device is declared not operational.  Then every pin of the
 * channel program is returned and the IRB queue emptied.
 *
 * Context: process; io_mutex held.
 * Return: 0, or -errno if the subchannel could not be disabled cleanly.
 */
int vccw_sch_close(struct vccw_private *private)
{
	struct subchannel *sch = private->sch;
	DECLARE_COMPLETION_ONSTACK(done);
	int iretry = 255, rounds = 0, ret, step;

	lockdep_assert_held(&private->io_mutex);
	spin_lock_irq(&sch->lock);
	ret = vccw_fsm_event(private, VCCW_EVENT_CLOSE);
	while (ret == -EBUSY) {
		/* Bounded: every round counts, whatever the ladder says. */
		if (rounds++ >= VCCW_QUIESCE_ROUNDS) {
			ret = -ETIMEDOUT;
			break;
		}
		step = private->hw->cancel_halt_clear(sch, &iretry);
		if (step && step != -EBUSY) {
			ret = step;
			break;
		}
		if (step == -EBUSY) {
			reinit_completion(&done);
			private->quiesce = &done;
			spin_unlock_irq(&sch->lock);
			wait_for_completion_timeout(&done, HZ);
			spin_lock_irq(&sch->lock);
			private->quiesce = NULL;
		}
		ret = vccw_fsm_event(private, VCCW_EVENT_CLOSE);
	}
	if (ret) {
		dev_warn(&sch->dev, "cannot quiesce subchannel: %d\n", ret);
		vccw_count(private, VCCW_CNT_QUIESCE_FAIL, 1);
		vccw_fsm_event(private, VCCW_EVENT_NOT_OPER);
	}
	spin_unlock_irq(&sch->lock);
	trace_vccw_close(sch->schid, rounds, ret);

	/*
	 * No more interruptions.  An I/O work still queued finds cp_final
	 * clear and the queue empty, and does nothing.  The cached pins go
	 * too: a closed device holds no guest page.
	 */
	vccw_put_program(private);
	vccw_cp_uncache(private->cp, vccw_iova(0), U64_MAX);
	spin_lock_irq(&sch->lock);
	private->cp_final = false;
	private->cp_killed = false;
	private->cp_retired = false;
	vccw_irb_reset(private);
	spin_unlock_irq(&sch->lock);
	return ret;
}

/* Rounds of one second that an unmap waits for its CLEAR to complete. */
#define VCCW_KILL_ROUNDS	3

/**
 * vccw_cp_kill() - end the running program because its memory goes away
 * @private: the device
 *
 * Called when userspace unmaps IOVA the program has pinned.  Raises UNMAP:
 * a program still running is cleared and its final IRB becomes a
 * channel-program check; wait (bounded) for that interruption, then return
 * the pins and go back to IDLE.  A program that already ended in place
 * (cp_retired) is released at once.  Only the affected program ends: the
 * device stays open and enabled, the IRBs queued before stay readable.
 * If the clear does not complete in VCCW_KILL_ROUNDS seconds, fall back to
 * a close and re-open (as for VFIO_DEVICE_RESET).
 *
 * Context: process; io_mutex held.
 * Return: 0, -ENODEV if the subchannel is gone (the program ended with
 * cc 3 and its pins are returned), or the error of the fallback reset.
 */
int vccw_cp_kill(struct vccw_private *private)
{
	struct subchannel *sch = private->sch;
	DECLARE_COMPLETION_ONSTACK(done);
	int ret, rounds = 0;

	lockdep_assert_held(&private->io_mutex);
	spin_lock_irq(&sch->lock);
	ret = vccw_fsm_event(private, VCCW_EVENT_UNMAP);
	while (ret == -EINPROGRESS && !private->cp_final &&
	       rounds++ < VCCW_KILL_ROUNDS) {
		reinit_completion(&done);
		private->quiesce = &done;
		spin_unlock_irq(&sch->lock);
		wait_for_completion_timeout(&done, HZ);
		spin_lock_irq(&sch->lock);
		private->quiesce = NULL;
	}
	/* A retired program (UNMAP found the device IDLE) goes as well. */
	if (private->cp_final || private->cp_retired) {
		spin_unlock_irq(&sch->lock);
		/* The interrupt path is done with the program. */
		vccw_put_program(private);
		spin_lock_irq(&sch->lock);
		vccw_fsm_event(private, VCCW_EVENT_IO_DONE);
		spin_unlock_irq(&sch->lock);
		/* The I/O work queued with the IRB publishes it. */
		return ret == -EINPROGRESS ? 0 : ret;
	}
	spin_unlock_irq(&sch->lock);
	if (ret != -EINPROGRESS)
		return ret;

	/* The clear never completed: quiesce and re-enable the device. */
	dev_warn(&sch->dev, "unmap: clear did not complete, resetting\n");
	vccw_sch_close(private);
	spin_lock_irq(&sch->lock);
	ret = vccw_fsm_event(private, VCCW_EVENT_OPEN);
	spin_unlock_irq(&sch->lock);
	return ret;
}

static void vccw_sch_irq(struct subchannel *sch)
{
	struct vccw_private *private = sch_private(sch);

	inc_irq_stat(IRQIO_CIO);
	if (!private) {
		/* Enabled only while a device is open: just disable again. */
		cio_disable_subchannel(sch);
		return;
	}
	vccw_fsm_event(private, VCCW_EVENT_INTERRUPT);
}

static void vccw_parent_release(struct device *dev)
{
	kfree(container_of(dev, struct vccw_parent, dev));
}

/* Is driver_override set, and set to us? */
static bool vccw_sch_is_overridden(struct subchannel *sch)
{
	int match = device_match_driver_override(&sch->dev,
						 &vccw_sch_driver.drv);

	/* sparse does not see the scoped unlock (guard) in the helper. */
	__release(&sch->dev.driver_override.lock);
	return match > 0;
}

/*
 * Refuse a subchannel that its previous driver left enabled.  The I/O
 * subchannel driver does not wait for device recognition when it is
 * unbound: the orphaned ccw device keeps the subchannel enabled and its
 * state machine goes on starting SENSE ID and path verification with
 * cio_start_key(), which stores its ORB in the subchannel's driver data,
 * ours from probe on, and takes the interruptions meant for us.
 * Recognition disables the subchannel when it ends, so an enabled
 * subchannel here means cio is not done with it; /proc/cio_settle waits
 * for that.
 */
static int vccw_sch_check_idle(struct subchannel *sch)
{
	bool enabled;
	int ret;

	spin_lock_irq(&sch->lock);
	ret = cio_update_schib(sch);
	enabled = sch->schib.pmcw.ena;
	spin_unlock_irq(&sch->lock);
	if (ret)
		return -ENODEV;
	if (enabled) {
		dev_warn(&sch->dev,
			 "still enabled by its previous driver (device recognition running?); write 1 to /proc/cio_settle and bind again\n");
		return -EBUSY;
	}
	return 0;
}

static int vccw_sch_probe(struct subchannel *sch)
{
	struct vccw_parent *parent;
	int ret;

	/* Only ever bind on explicit request: driver_override == "vccw". */
	if (!vccw_sch_is_overridden(sch))
		return -ENODEV;
	if (sch->schib.pmcw.qf) {
		dev_warn(&sch->dev, "QDIO subchannels are not supported\n");
		return -ENODEV;
	}
	ret = vccw_sch_check_idle(sch);
	if (ret)
		return ret;

	parent = kzalloc(sizeof(*parent), GFP_KERNEL);
	if (!parent)
		return -ENOMEM;
	dev_set_name(&parent->dev, "parent");
	parent->dev.parent = &sch->dev;
	parent->dev.release = vccw_parent_release;
	ret = device_register(&parent->dev);
	if (ret)
		goto put_parent;
	dev_set_drvdata(&sch->dev, parent);

	parent->type.sysfs_name = "io";
	parent->type.pretty_name = "I/O subchannel (Non-QDIO)";
	parent->types[0] = &parent->type;
	ret = mdev_register_parent(&parent->parent, &sch->dev,
				   &vccw_mdev_driver, parent->types, 1);
	if (ret)
		goto del_parent;
	return 0;

del_parent:
	dev_set_drvdata(&sch->dev, NULL);
	device_del(&parent->dev);
put_parent:
	put_device(&parent->dev);
	return ret;
}

static void vccw_sch_remove(struct subchannel *sch)
{
	struct vccw_parent *parent = dev_get_drvdata(&sch->dev);

	/* Removes the mdev, which closes and releases the VFIO device. */
	mdev_unregister_parent(&parent->parent);
	/*
	 * The interrupt handler and the event callbacks look the parent up
	 * under sch->lock: unpublish it under that lock before it is freed.
	 */
	spin_lock_irq(&sch->lock);
	dev_set_drvdata(&sch->dev, NULL);
	spin_unlock_irq(&sch->lock);
	device_unregister(&parent->dev);
}

static void vccw_sch_shutdown(struct subchannel *sch)
{
	spin_lock_irq(&sch->lock);
	if (sch_private(sch) || sch->schib.pmcw.ena)
		cio_disable_subchannel(sch);
	spin_unlock_irq(&sch->lock);
}

/*
 * Something about the subchannel changed (a CRW for it, or a path event
 * the css layer evaluates).  Gone (STORE SUBCHANNEL cc 3): the device
 * becomes not operational and the css layer unregisters the subchannel,
 * which removes the mdev and asks userspace for it (device request).
 * Still there with other paths installed, available or operational: tell
 * userspace with a subchannel CRW, "installed parameters modified"
 * (SA22-7832 ch. 17, "Channel-Report Word").
 */
static int vccw_sch_event(struct subchannel *sch, int process)
{
	struct vccw_private *private;
	unsigned long flags;
	int ret = -EAGAIN;
	u32 masks;

	spin_lock_irqsave(&sch->lock, flags);
	if (!device_is_registered(&sch->dev) || work_pending(&sch->todo_work))
		goto out;
	ret = 0;
	private = sch_private(sch);
	if (cio_update_schib(sch)) {
		if (private)
			vccw_fsm_event(private, VCCW_EVENT_NOT_OPER);
		else
			css_sched_sch_todo(sch, SCH_TODO_UNREG);
		goto out;
	}
	masks = vccw_path_masks(sch);
	if (private && masks != private->path_masks) {
		private->path_masks = masks;
		vccw_queue_crw(private, CRW_RSC_SCH, CRW_ERC_PMOD,
			       sch->schid.sch_no);
	}
out:
	spin_unlock_irqrestore(&sch->lock, flags);
	return ret;
}

/**
 * vccw_queue_crw() - queue a channel report for the CRW region
 * @private: the device
 * @rsc: reporting-source code (CRW_RSC_*)
 * @erc: error-recovery code (CRW_ERC_*)
 * @rsid: reporting-source ID (a CHPID, or a subchannel number)
 *
 * SA22-7832 ch. 17, "Channel-Report Word".  On overflow the oldest reports
 * are kept and the newest one is flagged (oflw), as the channel subsystem
 * does.  Userspace is told through the CRW eventfd.
 *
 * Context: any; takes crw_lock.
 */
void vccw_queue_crw(struct vccw_private *private, unsigned int rsc,
		    unsigned int erc, unsigned int rsid)
{
	struct vccw_crw_queue *q = &private->crws;
	bool overflow = false;
	struct crw *crw;
	unsigned long flags;

	spin_lock_irqsave(&private->crw_lock, flags);
	if (q->count == VCCW_CRW_QUEUE_LEN) {
		/* Overflow: keep the oldest, flag the loss on the newest. */
		crw = &q->crw[(q->head + q->count - 1) % VCCW_CRW_QUEUE_LEN];
		crw->oflw = 1;
		overflow = true;
	} else {
		crw = &q->crw[(q->head + q->count) % VCCW_CRW_QUEUE_LEN];
		memset(crw, 0, sizeof(*crw));
		crw->rsc = rsc;
		crw->erc = erc;
		crw->rsid = rsid;
		q->count++;
	}
	spin_unlock_irqrestore(&private->crw_lock, flags);
	vccw_count(private, VCCW_CNT_CRW, 1);
	trace_vccw_crw(private->sch->schid, rsc, erc, rsid, overflow);
	queue_work(vccw_wq, &private->crw_work);
}

/*
 * Is a function in progress on one of the paths in @mask?  The last path
 * used (LPUM) stays set after the I/O ended, so also require activity in
 * the SCSW just stored (SA22-7832 ch. 16, "Activity Control"): halting an
 * idle subchannel would only hand userspace a status nobody asked for.
 */
static bool vccw_busy_on(struct subchannel *sch, int mask)
{
	lockdep_assert_held(&sch->lock);
	return (sch->schib.pmcw.lpum & mask) && sch->schib.scsw.cmd.actl;
}

static int vccw_chp_event(struct subchannel *sch, struct chp_link *link,
			  int event)
{
	int mask = chp_ssd_get_mask(&sch->ssd_info, link);
	struct vccw_private *private;
	int retry = 255;

	/* The css layer calls us with sch->lock held (css_chp_event()...) */
	private = sch_private(sch);
	if (!private || !mask)
		return 0;
	trace_vccw_chp_event(sch->schid, mask, event);
	if (cio_update_schib(sch))
		return -ENODEV;

	/*
	 * Userspace learns about every path change as a channel-path CRW:
	 * a path the host varied off or lost is "permanent error, facility
	 * not initialized", one that came back is "initialized".  vfio_ccw
	 * reports only CHP_OFFLINE and CHP_ONLINE; a guest must also stop
	 * using a path the host varied off, since starts no longer use it
	 * (the host ORB's LPM is masked with sch->lpm, and a start left with
	 * no path fails with -EACCES, condition code 3 for the guest).
	 */
	switch (event) {
	case CHP_VARY_OFF:
		sch->opm &= ~mask;
		sch->lpm &= ~mask;
		if (vccw_busy_on(sch, mask))
			cio_cancel_halt_clear(sch, &retry);
		vccw_queue_crw(private, CRW_RSC_CPATH, CRW_ERC_PERRN,
			       link->chpid.id);
		break;
	case CHP_OFFLINE:
		if (vccw_busy_on(sch, mask))
			cio_cancel_halt_clear(sch, &retry);
		vccw_queue_crw(private, CRW_RSC_CPATH, CRW_ERC_PERRN,
			       link->chpid.id);
		break;
	case CHP_VARY_ON:
		sch->opm |= mask;
		sch->lpm |= mask;
		vccw_queue_crw(private, CRW_RSC_CPATH, CRW_ERC_INIT,
			       link->chpid.id);
		break;
	case CHP_ONLINE:
		sch->lpm |= mask & sch->opm;
		vccw_queue_crw(private, CRW_RSC_CPATH, CRW_ERC_INIT,
			       link->chpid.id);
		break;
	}
	return 0;
}

static const char * const vccw_counter_names[VCCW_CNT_NR] = {
	[VCCW_CNT_START] = "start",
	[VCCW_CNT_CCWS] = "ccws",
	[VCCW_CNT_PAGES] = "pages_pinned",
	[VCCW_CNT_PINNED] = "pinned_now",
	[VCCW_CNT_IRQ] = "irq",
	[VCCW_CNT_IRQ_FINAL] = "irq_final",
	[VCCW_CNT_HSCH] = "hsch",
	[VCCW_CNT_CSCH] = "csch",
	[VCCW_CNT_ERR_TRANSLATE] = "err_translate",
	[VCCW_CNT_ERR_NOPATH] = "err_no_path",
	[VCCW_CNT_ERR_CC1] = "err_start_cc1",
	[VCCW_CNT_ERR_CC2] = "err_start_cc2",
	[VCCW_CNT_ERR_CC3] = "err_start_cc3",
	[VCCW_CNT_ERR_ASYNC] = "err_async",
	[VCCW_CNT_ERR_BUSY] = "err_busy",
	[VCCW_CNT_IRB_DROPPED] = "irb_dropped",
	[VCCW_CNT_IRB_CLEARED] = "irb_cleared",
	[VCCW_CNT_UNMAP_KILL] = "unmap_kill",
	[VCCW_CNT_NOT_OPER] = "not_oper",
	[VCCW_CNT_CRW] = "crw",
	[VCCW_CNT_REQUEST] = "request",
	[VCCW_CNT_QUIESCE_FAIL] = "quiesce_fail",
};

/* "name value" per line, then the state; no lock: a snapshot. */
static int vccw_counters_show(struct seq_file *m, void *unused)
{
	struct vccw_private *private = m->private;
	int i;

	for (i = 0; i < VCCW_CNT_NR; i++)
		seq_printf(m, "%s %lld\n", vccw_counter_names[i],
			   (long long)atomic64_read(&private->cnt[i]));
	seq_printf(m, "state %s\n",
		   vccw_state_name(READ_ONCE(private->state)));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vccw_counters);

/**
 * vccw_debugfs_add() - create /sys/kernel/debug/vccw/<subchannel>/counters
 * @private: the device
 *
 * Failures are not errors (debugfs is optional); @private->debugfs then
 * holds an error pointer, which debugfs_remove_recursive() ignores.
 */
void vccw_debugfs_add(struct vccw_private *private)
{
	private->debugfs = debugfs_create_dir(dev_name(&private->sch->dev),
					      vccw_debugfs_root);
	debugfs_create_file("counters", 0444, private->debugfs, private,
			    &vccw_counters_fops);
}

/**
 * vccw_debugfs_remove() - remove the device's debugfs directory
 * @private: the device
 */
void vccw_debugfs_remove(struct vccw_private *private)
{
	debugfs_remove_recursive(private->debugfs);
	private->debugfs = NULL;
}

static struct css_device_id vccw_sch_ids[] = {
	{ .match_flags = 0x1, .type = SUBCHANNEL_TYPE_IO, },
	{ /* end of list */ },
};

static struct css_driver vccw_sch_driver = {
	.drv = {
		.name = "vccw",
		.owner = THIS_MODULE,
	},
	.subchannel_type = vccw_sch_ids,
	.irq = vccw_sch_irq,
	.probe = vccw_sch_probe,
	.remove = vccw_sch_remove,
	.shutdown = vccw_sch_shutdown,
	.sch_event = vccw_sch_event,
	.chp_event = vccw_chp_event,
};

static int __init vccw_init(void)
{
	int ret;

	vccw_wq = alloc_ordered_workqueue("vccw", 0);
	if (!vccw_wq)
		return -ENOMEM;
	vccw_debugfs_root = debugfs_create_dir("vccw", NULL);
	ret = mdev_register_driver(&vccw_mdev_driver);
	if (ret)
		goto destroy_wq;
	isc_register(VFIO_CCW_ISC);
	ret = css_driver_register(&vccw_sch_driver);
	if (ret)
		goto unregister_isc;
	return 0;

unregister_isc:
	isc_unregister(VFIO_CCW_ISC);
	mdev_unregister_driver(&vccw_mdev_driver);
destroy_wq:
	debugfs_remove_recursive(vccw_debugfs_root);
	destroy_workqueue(vccw_wq);
	return ret;
}

static void __exit vccw_exit(void)
{
	css_driver_unregister(&vccw_sch_driver);
	isc_unregister(VFIO_CCW_ISC);
	mdev_unregister_driver(&vccw_mdev_driver);
	debugfs_remove_recursive(vccw_debugfs_root);
	destroy_workqueue(vccw_wq);
}

module_init(vccw_init);
module_exit(vccw_exit);

MODULE_DESCRIPTION("VFIO mediated device for s390 I/O subchannels");
MODULE_LICENSE("GPL");

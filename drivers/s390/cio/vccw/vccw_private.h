/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vccw: internal types shared by the css glue, the VFIO ops, the regions
 * and the state machine.
 *
 * Lock story (full version in Documentation/arch/s390/vccw-locking.rst):
 * the subchannel lock sch->lock owns vccw_private.state, the IRB queue and
 * the CRW queue; vccw_private.io_mutex serialises the writers of the
 * regions (and so the one channel program being built); trigger_lock
 * guards the eventfd pointers.  Order: io_mutex -> trigger_lock, and
 * io_mutex -> sch->lock -> crw_lock.  The counters are atomics and need
 * no lock.
 */

#ifndef _VCCW_PRIVATE_H_
#define _VCCW_PRIVATE_H_

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/eventfd.h>
#include <linux/mdev.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/vfio.h>
#include <linux/vfio_ccw.h>
#include <linux/workqueue.h>
#include <asm/crw.h>
#include <asm/cio.h>

#include "css.h"
#include "orb.h"
#include "vccw_cp.h"

/* Region index i lives at file offset i << 10, as in vfio_ccw. */
#define VCCW_OFFSET_SHIFT	10
#define VCCW_OFFSET_TO_INDEX(off)	((off) >> VCCW_OFFSET_SHIFT)
#define VCCW_INDEX_TO_OFFSET(idx)	((u64)(idx) << VCCW_OFFSET_SHIFT)
#define VCCW_OFFSET_MASK	((1ULL << VCCW_OFFSET_SHIFT) - 1)

#define VCCW_NUM_REGIONS	4
#define VCCW_ASYNC_REGION_INDEX	1
#define VCCW_SCHIB_REGION_INDEX	2
#define VCCW_CRW_REGION_INDEX	3
#define VCCW_NUM_IRQS		3

/* IRBs queued between interrupt and userspace; a power of two. */
#define VCCW_IRB_QUEUE_LEN	32
/* Channel reports queued for the CRW region. */
#define VCCW_CRW_QUEUE_LEN	16

/**
 * enum vccw_state - state of a vccw device
 * @VCCW_STATE_NOT_OPER: the subchannel is gone or broken; only close works
 * @VCCW_STATE_STANDBY: mdev exists, device closed, subchannel disabled
 * @VCCW_STATE_IDLE: device open, subchannel enabled, no channel program
 * @VCCW_STATE_CP_PROCESSING: a channel program is being translated
 * @VCCW_STATE_CP_PENDING: START SUBCHANNEL accepted, final status awaited
 * @VCCW_STATE_NR: number of states
 */
enum vccw_state {
	VCCW_STATE_NOT_OPER,
	VCCW_STATE_STANDBY,
	VCCW_STATE_IDLE,
	VCCW_STATE_CP_PROCESSING,
	VCCW_STATE_CP_PENDING,
	VCCW_STATE_NR,
};

/**
 * enum vccw_event - input of the state machine
 * @VCCW_EVENT_NOT_OPER: the subchannel became not operational
 * @VCCW_EVENT_OPEN: the VFIO device is being opened
 * @VCCW_EVENT_CLOSE: the VFIO device is being closed or reset
 * @VCCW_EVENT_IO_REQ: a START request arrived; claim the translator
 * @VCCW_EVENT_IO_START: the program is translated; issue START SUBCHANNEL
 *	with vccw_private.host_orb
 * @VCCW_EVENT_IO_ABORT: translation failed; give the claim back
 * @VCCW_EVENT_INTERRUPT: an I/O interruption for the subchannel
 * @VCCW_EVENT_IO_DONE: the pages of a finished program were returned
 * @VCCW_EVENT_ASYNC_REQ: HALT or CLEAR from the async region
 *	(vccw_private.async_cmd)
 * @VCCW_EVENT_UNMAP: userspace unmapped memory the running program has
 *	pinned: end that program, and only it (CLEAR SUBCHANNEL)
 * @VCCW_EVENT_NR: number of events
 */
enum vccw_event {
	VCCW_EVENT_NOT_OPER,
	VCCW_EVENT_OPEN,
	VCCW_EVENT_CLOSE,
	VCCW_EVENT_IO_REQ,
	VCCW_EVENT_IO_START,
	VCCW_EVENT_IO_ABORT,
	VCCW_EVENT_INTERRUPT,
	VCCW_EVENT_IO_DONE,
	VCCW_EVENT_ASYNC_REQ,
	VCCW_EVENT_UNMAP,
	VCCW_EVENT_NR,
};

/**
 * struct vccw_hw_ops - the channel-subsystem calls the state machine makes
 * @ssch: START SUBCHANNEL; returns the condition code
 * @hsch: HALT SUBCHANNEL; returns the condition code
 * @csch: CLEAR SUBCHANNEL; returns the condition code
 * @enable: enable the subchannel for I/O with the given interruption
 *	parameter; 0 or -errno
 * @disable: disable the subchannel; 0, -EBUSY (still busy) or -errno
 * @update_schib: refresh sch->schib with STORE SUBCHANNEL; 0 or -ENODEV
 * @cancel_halt_clear: one step of the cancel/halt/clear ladder (see
 *	cio_cancel_halt_clear()); -EBUSY while an interrupt is expected
 * @irb: the IRB of the interruption being handled
 * @sched_unreg: ask the css layer to unregister a dead subchannel
 *
 * All are called with sch->lock held.  The real implementation is
 * vccw_hw_real; the FSM KUnit suite plugs in fakes.
 */
struct vccw_hw_ops {
	int (*ssch)(struct subchannel *sch, union orb *orb);
	int (*hsch)(struct subchannel *sch);
	int (*csch)(struct subchannel *sch);
	int (*enable)(struct subchannel *sch, u32 intparm);
	int (*disable)(struct subchannel *sch);
	int (*update_schib)(struct subchannel *sch);
	int (*cancel_halt_clear)(struct subchannel *sch, int *iretry);
	struct irb *(*irb)(struct subchannel *sch);
	void (*sched_unreg)(struct subchannel *sch);
};

extern const struct vccw_hw_ops vccw_hw_real;

struct vccw_private;

/**
 * struct vccw_parent - per-subchannel driver data: the mdev parent
 * @dev: the "parent" child device of the subchannel
 * @parent: mdev parent registration
 * @type: the one mdev type, "io" (shown as vccw-io)
 * @types: array form of @type for mdev_register_parent()
 * @private: the device of the one mdev, or NULL; written under sch->lock
 *	(read by the interrupt handler)
 */
struct vccw_parent {
	struct device dev;
	struct mdev_parent parent;
	struct mdev_type type;
	struct mdev_type *types[1];
	struct vccw_private *private;
};

/**
 * struct vccw_irb_queue - interruption response blocks for userspace
 * @irb: ring storage, oldest at @head
 * @head: index of the oldest entry
 * @count: entries in the ring
 * @ready: entries, from @head, that userspace may read: an IRB becomes
 *	ready only after the state machine has reached the state it implies
 *	(pages of a finished program returned, state IDLE)
 * @dropped: entries lost to overflow since open
 * @signalled: the I/O eventfd has been signalled for the oldest ready
 *	entry and no read has taken it yet.  At most one wakeup is owed at a
 *	time, so a reader that reads one IRB per wakeup (QEMU does) never
 *	wakes to an empty queue and reads the previous IRB a second time.
 *
 * Protected by sch->lock.
 */
struct vccw_irb_queue {
	struct irb irb[VCCW_IRB_QUEUE_LEN];
	unsigned int head;
	unsigned int count;
	unsigned int ready;
	unsigned int dropped;
	bool signalled;
};

/**
 * struct vccw_crw_queue - channel reports for the CRW region
 * @crw: ring storage, oldest at @head
 * @head: index of the oldest entry
 * @count: entries in the ring
 *
 * Protected by vccw_private.crw_lock.
 */
struct vccw_crw_queue {
	struct crw crw[VCCW_CRW_QUEUE_LEN];
	unsigned int head;
	unsigned int count;
};

/**
 * enum vccw_counter - per-device event counters (debugfs "counters")
 * @VCCW_CNT_START: START SUBCHANNEL accepted (cc 0)
 * @VCCW_CNT_CCWS: CCWs translated for accepted starts
 * @VCCW_CNT_PAGES: guest pages pinned for accepted starts
 * @VCCW_CNT_PINNED: pages the running program uses (a gauge; 0 once it ended)
 * @VCCW_CNT_IRQ: I/O interruptions
 * @VCCW_CNT_IRQ_FINAL: interruptions that ended a program
 * @VCCW_CNT_HSCH: HALT SUBCHANNEL issued (cc 0)
 * @VCCW_CNT_CSCH: CLEAR SUBCHANNEL issued (cc 0)
 * @VCCW_CNT_ERR_TRANSLATE: programs refused by the translator
 * @VCCW_CNT_ERR_NOPATH: starts refused, no usable path (-EACCES)
 * @VCCW_CNT_ERR_CC1: START found status pending (cc 1)
 * @VCCW_CNT_ERR_CC2: START found the subchannel busy (cc 2)
 * @VCCW_CNT_ERR_CC3: START found a path or the subchannel not operational
 * @VCCW_CNT_ERR_ASYNC: HALT/CLEAR not accepted (cc 1, 2 or 3)
 * @VCCW_CNT_ERR_BUSY: requests refused with -EAGAIN/-EBUSY by the state
 * @VCCW_CNT_IRB_DROPPED: IRBs lost to a full queue
 * @VCCW_CNT_IRB_CLEARED: unread IRBs whose status a CLEAR SUBCHANNEL cleared
 * @VCCW_CNT_UNMAP_KILL: programs ended because their memory was unmapped
 * @VCCW_CNT_NOT_OPER: the subchannel became not operational
 * @VCCW_CNT_CRW: channel reports queued for userspace
 * @VCCW_CNT_REQUEST: device requests relayed to userspace
 * @VCCW_CNT_QUIESCE_FAIL: close could not quiesce the subchannel
 * @VCCW_CNT_NR: number of counters
 */
enum vccw_counter {
	VCCW_CNT_START,
	VCCW_CNT_CCWS,
	VCCW_CNT_PAGES,
	VCCW_CNT_PINNED,
	VCCW_CNT_IRQ,
	VCCW_CNT_IRQ_FINAL,
	VCCW_CNT_HSCH,
	VCCW_CNT_CSCH,
	VCCW_CNT_ERR_TRANSLATE,
	VCCW_CNT_ERR_NOPATH,
	VCCW_CNT_ERR_CC1,
	VCCW_CNT_ERR_CC2,
	VCCW_CNT_ERR_CC3,
	VCCW_CNT_ERR_ASYNC,
	VCCW_CNT_ERR_BUSY,
	VCCW_CNT_IRB_DROPPED,
	VCCW_CNT_IRB_CLEARED,
	VCCW_CNT_UNMAP_KILL,
	VCCW_CNT_NOT_OPER,
	VCCW_CNT_CRW,
	VCCW_CNT_REQUEST,
	VCCW_CNT_QUIESCE_FAIL,
	VCCW_CNT_NR,
};

/**
 * struct vccw_private - one vccw mediated device
 * @vdev: the VFIO device
 * @sch: the subchannel; immutable
 * @hw: channel-subsystem calls; immutable
 * @state: FSM state; written only by vccw_fsm_event(), under sch->lock
 * @cp_final: the final interruption of the running program was seen; the
 *	program's pages must be returned before the next START (sch->lock)
 * @cp_killed: the running program is being cleared because userspace
 *	unmapped its memory; its final IRB reports a channel-program check
 *	(sch->lock)
 * @cp_light: the running program holds no pin of its own (every page it
 *	uses is in the pin cache), so releasing it unpins nothing; set by the
 *	write path before IO_START (io_mutex, read under sch->lock)
 * @cp_retired: a light program ended and the device went straight back to
 *	IDLE from the interruption; the program is still built, and the next
 *	claim of the translator (IO_REQ), an unmap of its memory or close
 *	releases it (sch->lock)
 * @start_signals: the write that started the running program has not
 *	returned yet and signals the I/O eventfd itself for what became
 *	readable meanwhile, so the interruption queues no I/O work for it
 *	(sch->lock)
 * @async_cmd: the HSCH/CSCH command of an ASYNC_REQ event (sch->lock)
 * @host_orb: ORB for the next START SUBCHANNEL (io_mutex, read under
 *	sch->lock by the IO_START action)
 * @irbs: the IRB queue (sch->lock)
 * @quiesce: completion a closing thread waits on for the interruption of
 *	its halt/clear, or NULL (sch->lock)
 * @cp: the channel-program translator; built under io_mutex in
 *	CP_PROCESSING, released by the I/O work after the final interruption
 *	or by close; immutable pointer
 * @io_mutex: serialises region writes and reads, channel-program building
 *	and the open/close/reset paths
 * @io_region: the I/O region (io_mutex)
 * @irb_redeliver: the IRB in @io_region could not be copied to userspace;
 *	the next read returns it again instead of dequeuing (io_mutex)
 * @cmd_region: the async command region (io_mutex)
 * @crw_lock: protects @crws
 * @crws: queued channel reports
 * @trigger_lock: protects @io_trigger, @crw_trigger, @req_trigger
 * @io_trigger: eventfd signalled when an IRB is ready
 * @crw_trigger: eventfd signalled when a CRW is queued
 * @req_trigger: eventfd signalled when the host wants the device back
 * @io_work: process-context half of the interruption handler
 * @crw_work: signals @crw_trigger from process context
 * @path_masks: PIM, PAM and POM of the last STORE SUBCHANNEL a subchannel
 *	event saw, to report changes as a subchannel CRW (sch->lock)
 * @debugfs: the device's debugfs directory, or an error pointer
 * @cnt: event counters, see enum vccw_counter (atomic, no lock)
 */
struct vccw_private {
	struct vfio_device vdev;
	struct subchannel *sch;
	const struct vccw_hw_ops *hw;

	enum vccw_state state;
	bool cp_final;
	bool cp_killed;
	bool cp_light;
	bool cp_retired;
	bool start_signals;
	u32 async_cmd;
	union orb host_orb;
	struct vccw_irb_queue irbs;
	struct completion *quiesce;

	struct vccw_cp *cp;
	struct mutex io_mutex;	/* region writers, CP build, open/close */
	struct ccw_io_region io_region;
	bool irb_redeliver;
	struct ccw_cmd_region cmd_region;

	spinlock_t crw_lock;	/* protects crws */
	struct vccw_crw_queue crws;

	struct mutex trigger_lock;	/* protects the three eventfds */
	struct eventfd_ctx *io_trigger;
	struct eventfd_ctx *crw_trigger;
	struct eventfd_ctx *req_trigger;

	struct work_struct io_work;
	struct work_struct crw_work;

	u32 path_masks;
	struct dentry *debugfs;
	atomic64_t cnt[VCCW_CNT_NR];
};

/* PIM, PAM and POM of the PMCW, to notice a change of the paths. */
static inline u32 vccw_path_masks(struct subchannel *sch)
{
	const struct pmcw *pmcw = &sch->schib.pmcw;

	return pmcw->pim << 16 | pmcw->pam << 8 | pmcw->pom;
}

static inline void vccw_count(struct vccw_private *private,
			      enum vccw_counter c, s64 n)
{
	atomic64_add(n, &private->cnt[c]);
}

extern struct workqueue_struct *vccw_wq;

/* vccw_fsm.c */
int vccw_fsm_event(struct vccw_private *private, enum vccw_event event);
const char *vccw_state_name(enum vccw_state state);
const char *vccw_event_name(enum vccw_event event);
bool vccw_irb_is_final(const struct irb *irb);
bool vccw_irb_pop(struct vccw_private *private, struct irb *out);
void vccw_irb_reset(struct vccw_private *private);
void vccw_irb_publish(struct vccw_private *private);
bool vccw_irb_owe_signal(struct vccw_private *private);
bool vccw_irb_wakeup_due(struct vccw_private *private);
bool vccw_irb_rearm_signal(struct vccw_private *private);

/* vccw_drv.c */
void vccw_io_work(struct work_struct *work);
void vccw_put_program(struct vccw_private *private);
void vccw_crw_work(struct work_struct *work);
int vccw_sch_close(struct vccw_private *private);
void vccw_queue_crw(struct vccw_private *private, unsigned int rsc,
		    unsigned int erc, unsigned int rsid);
int vccw_cp_kill(struct vccw_private *private);
void vccw_debugfs_add(struct vccw_private *private);
void vccw_debugfs_remove(struct vccw_private *private);

/* vccw_ops.c */
extern struct mdev_driver vccw_mdev_driver;
void vccw_signal(struct vccw_private *private, unsigned int index);

/* vccw_regions.c */
ssize_t vccw_region_read(struct vccw_private *private, char __user *buf,
			 size_t count, loff_t *ppos);
ssize_t vccw_region_write(struct vccw_private *private,
			  const char __user *buf, size_t count, loff_t *ppos);
int vccw_region_info(struct vccw_private *private,
		     struct vfio_region_info *info, unsigned long arg);

#endif /* _VCCW_PRIVATE_H_ */

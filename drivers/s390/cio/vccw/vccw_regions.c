// SPDX-License-Identifier: GPL-2.0
/*
 * vccw: the four device regions, byte-compatible with <linux/vfio_ccw.h>.
 *
 *   index 0  I/O region (ORB + SCSW in, IRB out), always present
 *   index 1  async command region (HALT / CLEAR SUBCHANNEL)
 *   index 2  SCHIB region (live STORE SUBCHANNEL)
 *   index 3  CRW region (channel reports)
 *
 * Region index i is at file offset i << 10.  An access with
 * pos + count beyond the region is refused with -EINVAL and changes
 * nothing; a write is copied from userspace completely before anything is
 * applied.
 */

#include <linux/nospec.h>
#include <linux/uaccess.h>
#include <linux/unaligned.h>
#include <linux/vfio.h>
#include <linux/vfio_ccw.h>

#include "vccw_private.h"
#include "vccw_trace.h"

static const struct {
	u32 subtype;
	size_t size;
	u32 flags;
} vccw_regions[VCCW_NUM_REGIONS] = {
	{ 0, sizeof(struct ccw_io_region),
	  VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE },
	{ VFIO_REGION_SUBTYPE_CCW_ASYNC_CMD, sizeof(struct ccw_cmd_region),
	  VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE },
	{ VFIO_REGION_SUBTYPE_CCW_SCHIB, sizeof(struct ccw_schib_region),
	  VFIO_REGION_INFO_FLAG_READ },
	{ VFIO_REGION_SUBTYPE_CCW_CRW, sizeof(struct ccw_crw_region),
	  VFIO_REGION_INFO_FLAG_READ },
};

/**
 * vccw_region_info() - fill VFIO_DEVICE_GET_REGION_INFO
 * @private: the device
 * @info: header copied from userspace; completed here
 * @arg: user address of the whole argument (the capability chain follows
 *	the header there)
 *
 * Return: 0 or -errno.
 */
int vccw_region_info(struct vccw_private *private,
		     struct vfio_region_info *info, unsigned long arg)
{
	struct vfio_region_info_cap_type cap = {
		.header.id = VFIO_REGION_INFO_CAP_TYPE,
		.header.version = 1,
		.type = VFIO_REGION_TYPE_CCW,
	};
	struct vfio_info_cap caps = { };
	unsigned int index;
	int ret;

	if (info->index >= VCCW_NUM_REGIONS)
		return -EINVAL;
	index = array_index_nospec(info->index, VCCW_NUM_REGIONS);
	info->offset = VCCW_INDEX_TO_OFFSET(index);
	info->size = vccw_regions[index].size;
	info->flags = vccw_regions[index].flags;
	info->cap_offset = 0;
	if (!index)
		return 0;

	cap.subtype = vccw_regions[index].subtype;
	ret = vfio_info_add_capability(&caps, &cap.header, sizeof(cap));
	if (ret)
		return ret;
	info->flags |= VFIO_REGION_INFO_FLAG_CAPS;
	if (info->argsz < sizeof(*info) + caps.size) {
		/* Too small for the chain: say how much is needed. */
		info->argsz = sizeof(*info) + caps.size;
	} else {
		vfio_info_cap_shift(&caps, sizeof(*info));
		if (copy_to_user((void __user *)arg + sizeof(*info), caps.buf,
				 caps.size))
			ret = -EFAULT;
		else
			info->cap_offset = sizeof(*info);
	}
	kfree(caps.buf);
	return ret;
}

/*
 * The program just started may have ended already: under QEMU the
 * interruption of a virtio-ccw program arrives as soon as the START re-
 * enables interrupts, and a program without pins of its own then ends in
 * the interruption (see fsm_irq()).  While start_signals is set the
 * interruption leaves the wakeup to this thread, which signals the I/O
 * eventfd before write() returns: the round trip needs no other thread.
 * An interruption after this point queues the I/O work, which signals.
 */
static void vccw_io_announce(struct vccw_private *private)
{
	struct subchannel *sch = private->sch;
	bool signal;

	spin_lock_irq(&sch->lock);
	private->start_signals = false;
	signal = vccw_irb_owe_signal(private);
	spin_unlock_irq(&sch->lock);
	if (signal)
		vccw_signal(private, VFIO_CCW_IO_IRQ_INDEX);
}

/* Translate and start the program in the I/O region.  io_mutex held. */
static int vccw_io_request(struct vccw_private *private)
{
	struct ccw_io_region *region = &private->io_region;
	struct subchannel *sch = private->sch;
	union scsw *scsw = (union scsw *)region->scsw_area;
	union orb orb = { };
	int ret;

	lockdep_assert_held(&private->io_mutex);
	/* HALT and CLEAR go through the async region, as in vfio_ccw. */
	if (scsw->cmd.fctl & (SCSW_FCTL_HALT_FUNC | SCSW_FCTL_CLEAR_FUNC))
		return -EOPNOTSUPP;
	if (!(scsw->cmd.fctl & SCSW_FCTL_START_FUNC))
		return -EINVAL;
	memcpy(&orb, region->orb_area, sizeof(region->orb_area));
	/* Transport mode (SA22-7832 ch. 15) is not translated. */
	if (orb.tm.b)
		return -EOPNOTSUPP;

	spin_lock_irq(&sch->lock);
	ret = vccw_fsm_event(private, VCCW_EVENT_IO_REQ);
	spin_unlock_irq(&sch->lock);
	if (ret) {
		if (ret == -EBUSY || ret == -EAGAIN)
			vccw_count(private, VCCW_CNT_ERR_BUSY, 1);
		return ret;
	}

	/*
	 * CP_PROCESSING: this thread owns the translator.  A program that
	 * ended light (cp_retired) is still built: forget it, which unpins
	 * nothing.
	 */
	vccw_put_program(private);
	ret = vccw_cp_build(private->cp, region->orb_area);
	if (ret)
		vccw_count(private, VCCW_CNT_ERR_TRANSLATE, 1);

	spin_lock_irq(&sch->lock);
	if (!ret) {
		/* Paths the host varied off are masked out (-EACCES: none). */
		ret = vccw_cp_host_orb(private->cp, &private->host_orb,
				       (u32)virt_to_phys(sch), sch->lpm);
		if (ret == -EACCES)
			vccw_count(private, VCCW_CNT_ERR_NOPATH, 1);
	}
	if (!ret) {
		/* No pin of its own: the interruption may end it in place. */
		private->cp_light = !vccw_cp_release_unpins(private->cp);
		/* Before the START: its interruption may zero the gauge. */
		atomic64_set(&private->cnt[VCCW_CNT_PINNED],
			     vccw_cp_pinned_pages(private->cp));
		ret = vccw_fsm_event(private, VCCW_EVENT_IO_START);
		/* See vccw_io_announce(). */
		private->start_signals = !ret;
	} else {
		vccw_fsm_event(private, VCCW_EVENT_IO_ABORT);
	}
	spin_unlock_irq(&sch->lock);

	/* Not started: nothing else uses the program, return its pins. */
	if (ret) {
		vccw_put_program(private);
		return ret;
	}
	vccw_count(private, VCCW_CNT_CCWS, vccw_cp_ccw_count(private->cp));
	vccw_count(private, VCCW_CNT_PAGES, vccw_cp_pinned_pages(private->cp));
	vccw_io_announce(private);
	return 0;
}

static ssize_t vccw_io_region_write(struct vccw_private *private,
				    const char *kbuf, size_t count,
				    loff_t pos)
{
	struct ccw_io_region *region = &private->io_region;
	union scsw *scsw;
	int ret;

	if (!mutex_trylock(&private->io_mutex))
		return -EAGAIN;
	memcpy((char *)region + pos, kbuf, count);
	ret = vccw_io_request(private);
	region->ret_code = ret;
	scsw = (union scsw *)region->scsw_area;
	trace_vccw_io_request(private->sch->schid, scsw->cmd.fctl,
			      get_unaligned_be32(&region->orb_area[8]), ret);
	mutex_unlock(&private->io_mutex);
	return ret ? ret : count;
}

static ssize_t vccw_cmd_region_write(struct vccw_private *private,
				     const char *kbuf, size_t count,
				     loff_t pos)
{
	struct ccw_cmd_region *region = &private->cmd_region;
	struct subchannel *sch = private->sch;
	int ret;

	if (!mutex_trylock(&private->io_mutex))
		return -EAGAIN;
	memcpy((char *)region + pos, kbuf, count);
	if (region->command != VFIO_CCW_ASYNC_CMD_HSCH &&
	    region->command != VFIO_CCW_ASYNC_CMD_CSCH) {
		ret = -EINVAL;
	} else {
		spin_lock_irq(&sch->lock);
		private->async_cmd = region->command;
		ret = vccw_fsm_event(private, VCCW_EVENT_ASYNC_REQ);
		spin_unlock_irq(&sch->lock);
	}
	region->ret_code = ret;
	trace_vccw_async_request(sch->schid, region->command, ret);
	mutex_unlock(&private->io_mutex);
	return ret ? ret : count;
}

/**
 * vccw_region_write() - write(2) on the device fd
 * @private: the device
 * @buf: user data
 * @count: its length
 * @ppos: file offset: region index << 10 | position
 *
 * Return: @count, or -errno (-EINVAL for an access outside the region or a
 * read-only region, -EFAULT, -EAGAIN while another request is processed,
 * or the error of the request itself).
 */
ssize_t vccw_region_write(struct vccw_private *private,
			  const char __user *buf, size_t count, loff_t *ppos)
{
	u64 index = VCCW_OFFSET_TO_INDEX((u64)*ppos);
	loff_t pos = *ppos & VCCW_OFFSET_MASK;
	char kbuf[sizeof(struct ccw_io_region)];

	if (index >= VCCW_NUM_REGIONS)
		return -EINVAL;
	index = array_index_nospec(index, VCCW_NUM_REGIONS);
	if (!(vccw_regions[index].flags & VFIO_REGION_INFO_FLAG_WRITE))
		return -EINVAL;
	if (!count || pos + count > vccw_regions[index].size)
		return -EINVAL;
	if (copy_from_user(kbuf, buf, count))
		return -EFAULT;

	switch (index) {
	case VFIO_CCW_CONFIG_REGION_INDEX:
		return vccw_io_region_write(private, kbuf, count, pos);
	default:
		return vccw_cmd_region_write(private, kbuf, count, pos);
	}
}

static ssize_t vccw_io_region_read(struct vccw_private *private,
				   char __user *buf, size_t count, loff_t pos)
{
	struct ccw_io_region *region = &private->io_region;
	const loff_t irb_start = offsetof(struct ccw_io_region, irb_area);
	char kbuf[sizeof(struct ccw_io_region)];
	struct subchannel *sch = private->sch;
	struct irb irb;
	bool signal = false, popped = false;
	ssize_t ret;

	mutex_lock(&private->io_mutex);
	/*
	 * A read that includes the first byte of the IRB area dequeues the
	 * oldest ready IRB; one that starts further in reads the rest of the
	 * IRB dequeued last, so an IRB can be read in pieces.
	 */
	if (pos <= irb_start && pos + count > irb_start) {
		spin_lock_irq(&sch->lock);
		if (!private->irb_redeliver)
			popped = vccw_irb_pop(private, &irb);
		signal = vccw_irb_owe_signal(private);
		spin_unlock_irq(&sch->lock);
		if (popped)
			memcpy(region->irb_area, &irb, sizeof(irb));
		private->irb_redeliver = false;
	}
	memcpy(kbuf, (char *)region + pos, count);
	ret = count;
	if (copy_to_user(buf, kbuf, count)) {
		/* The reader retries without waiting: same IRB again. */
		private->irb_redeliver = popped;
		ret = -EFAULT;
	}
	mutex_unlock(&private->io_mutex);
	/* The next ready IRB, if any, gets its own wakeup. */
	if (signal)
		vccw_signal(private, VFIO_CCW_IO_IRQ_INDEX);
	return ret;
}

static ssize_t vccw_cmd_region_read(struct vccw_private *private,
				    char __user *buf, size_t count, loff_t pos)
{
	struct ccw_cmd_region region;

	mutex_lock(&private->io_mutex);
	memcpy(&region, &private->cmd_region, sizeof(region));
	mutex_unlock(&private->io_mutex);
	if (copy_to_user(buf, (char *)&region + pos, count))
		return -EFAULT;
	return count;
}

static ssize_t vccw_schib_region_read(struct vccw_private *private,
				      char __user *buf, size_t count,
				      loff_t pos)
{
	struct ccw_schib_region region = { };
	struct subchannel *sch = private->sch;
	int ret;

	BUILD_BUG_ON(sizeof(struct schib) > sizeof(region.schib_area));
	spin_lock_irq(&sch->lock);
	ret = private->hw->update_schib(sch);
	if (!ret)
		memcpy(region.schib_area, &sch->schib, sizeof(struct schib));
	spin_unlock_irq(&sch->lock);
	if (ret)
		return -ENODEV;
	if (copy_to_user(buf, (char *)&region + pos, count))
		return -EFAULT;
	return count;
}

static ssize_t vccw_crw_region_read(struct vccw_private *private,
				    char __user *buf, size_t count, loff_t pos)
{
	struct vccw_crw_queue *q = &private->crws;
	struct ccw_crw_region region = { };
	unsigned long flags;
	bool more;

	BUILD_BUG_ON(sizeof(struct crw) != sizeof(region.crw));
	spin_lock_irqsave(&private->crw_lock, flags);
	if (q->count) {
		memcpy(&region.crw, &q->crw[q->head], sizeof(region.crw));
		q->head = (q->head + 1) % VCCW_CRW_QUEUE_LEN;
		q->count--;
	}
	more = q->count;
	spin_unlock_irqrestore(&private->crw_lock, flags);
	if (copy_to_user(buf, (char *)&region + pos, count))
		return -EFAULT;
	if (more)
		vccw_signal(private, VFIO_CCW_CRW_IRQ_INDEX);
	return count;
}

/**
 * vccw_region_read() - read(2) on the device fd
 * @private: the device
 * @buf: user buffer
 * @count: its length
 * @ppos: file offset: region index << 10 | position
 *
 * Return: @count or -errno.
 */
ssize_t vccw_region_read(struct vccw_private *private, char __user *buf,
			 size_t count, loff_t *ppos)
{
	u64 index = VCCW_OFFSET_TO_INDEX((u64)*ppos);
	loff_t pos = *ppos & VCCW_OFFSET_MASK;

	if (index >= VCCW_NUM_REGIONS)
		return -EINVAL;
	index = array_index_nospec(index, VCCW_NUM_REGIONS);
	if (!count || pos + count > vccw_regions[index].size)
		return -EINVAL;

	switch (index) {
	case VFIO_CCW_CONFIG_REGION_INDEX:
		return vccw_io_region_read(private, buf, count, pos);
	case VCCW_ASYNC_REGION_INDEX:
		return vccw_cmd_region_read(private, buf, count, pos);
	case VCCW_SCHIB_REGION_INDEX:
		return vccw_schib_region_read(private, buf, count, pos);
	default:
		return vccw_crw_region_read(private, buf, count, pos);
	}
}

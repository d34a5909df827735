// SPDX-License-Identifier: GPL-2.0
/*
 * vccw: the mdev driver and the VFIO device operations.  This file decodes
 * and validates what userspace passes, then raises FSM events; it never
 * issues channel-subsystem instructions itself.
 *
 * uapi: <linux/vfio.h>, <linux/vfio_ccw.h>; see
 * Documentation/arch/s390/vccw.rst.
 */

#include <linux/eventfd.h>
#include <linux/mdev.h>
#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/vfio_ccw.h>

#include "vccw_private.h"
#include "vccw_trace.h"

static const struct vfio_device_ops vccw_dev_ops;

/*
 * Pages of guest memory kept pinned between programs, per open device
 * (Documentation/arch/s390/vccw-translation.rst, "Performance").  They stay
 * charged to the opener's locked memory until unmapped or closed.  Read
 * when an mdev is created: a change applies to mdevs created afterwards.
 */
static unsigned int pin_cache_pages = 1024;
module_param(pin_cache_pages, uint, 0644);
MODULE_PARM_DESC(pin_cache_pages,
		 "guest pages kept pinned between channel programs, per device, for mdevs created from now on (0 disables, at most 65536; default 1024)");

/* The translator reaches guest memory through the VFIO IOVA space. */
static int vccw_cp_read(void *ctx, vccw_iova_t iova, void *buf, size_t len)
{
	struct vccw_private *private = ctx;

	return vfio_dma_rw(&private->vdev, vccw_iova_val(iova), buf, len,
			   false);
}

static int vccw_cp_pin(void *ctx, vccw_iova_t iova, int npage, int prot,
		       struct page **pages)
{
	struct vccw_private *private = ctx;

	return vfio_pin_pages(&private->vdev, vccw_iova_val(iova), npage, prot,
			      pages);
}

static void vccw_cp_unpin(void *ctx, vccw_iova_t iova, int npage)
{
	struct vccw_private *private = ctx;

	vfio_unpin_pages(&private->vdev, vccw_iova_val(iova), npage);
}

static const struct vccw_cp_ops vccw_cp_vfio_ops = {
	.read = vccw_cp_read,
	.pin = vccw_cp_pin,
	.unpin = vccw_cp_unpin,
};

static int vccw_dev_init(struct vfio_device *vdev)
{
	struct vccw_private *private =
		container_of(vdev, struct vccw_private, vdev);
	struct vccw_cp_limits lim = VCCW_CP_DEFAULT_LIMITS;

	lim.max_cached_pages = min(READ_ONCE(pin_cache_pages),
				   VCCW_CP_MAX_CACHED_PAGES);
	private->sch = to_subchannel(vdev->dev->parent);
	private->hw = &vccw_hw_real;
	private->state = VCCW_STATE_STANDBY;
	mutex_init(&private->io_mutex);
	mutex_init(&private->trigger_lock);
	spin_lock_init(&private->crw_lock);
	INIT_WORK(&private->io_work, vccw_io_work);
	INIT_WORK(&private->crw_work, vccw_crw_work);
	/* Everything an I/O needs is allocated here, once per device. */
	private->cp = vccw_cp_alloc(&vccw_cp_vfio_ops, private, &lim,
				    GFP_KERNEL);
	if (!private->cp) {
		mutex_destroy(&private->trigger_lock);
		mutex_destroy(&private->io_mutex);
		return -ENOMEM;
	}
	vccw_debugfs_add(private);
	return 0;
}

static void vccw_dev_release(struct vfio_device *vdev)
{
	struct vccw_private *private =
		container_of(vdev, struct vccw_private, vdev);

	vccw_debugfs_remove(private);
	cancel_work_sync(&private->io_work);
	cancel_work_sync(&private->crw_work);
	vccw_cp_free(private->cp);
	mutex_destroy(&private->trigger_lock);
	mutex_destroy(&private->io_mutex);
}

static void vccw_drop_triggers(struct vccw_private *private)
{
	struct eventfd_ctx **t[] = { &private->io_trigger,
				     &private->crw_trigger,
				     &private->req_trigger };
	int i;

	mutex_lock(&private->trigger_lock);
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		if (*t[i])
			eventfd_ctx_put(*t[i]);
		*t[i] = NULL;
	}
	mutex_unlock(&private->trigger_lock);
}

static int vccw_dev_open(struct vfio_device *vdev)
{
	struct vccw_private *private =
		container_of(vdev, struct vccw_private, vdev);
	struct subchannel *sch = private->sch;
	unsigned long flags;
	int ret;

	mutex_lock(&private->io_mutex);
	memset(&private->io_region, 0, sizeof(private->io_region));
	memset(&private->cmd_region, 0, sizeof(private->cmd_region));
	private->irb_redeliver = false;
	spin_lock_irq(&sch->lock);
	vccw_irb_reset(private);
	ret = vccw_fsm_event(private, VCCW_EVENT_OPEN);
	private->path_masks = vccw_path_masks(sch);
	spin_unlock_irq(&sch->lock);
	spin_lock_irqsave(&private->crw_lock, flags);
	memset(&private->crws, 0, sizeof(private->crws));
	spin_unlock_irqrestore(&private->crw_lock, flags);
	mutex_unlock(&private->io_mutex);
	return ret ? -EINVAL : 0;
}

static void vccw_dev_close(struct vfio_device *vdev)
{
	struct vccw_private *private =
		container_of(vdev, struct vccw_private, vdev);

	mutex_lock(&private->io_mutex);
	vccw_sch_close(private);
	mutex_unlock(&private->io_mutex);
	cancel_work_sync(&private->crw_work);
	vccw_drop_triggers(private);
}

/* CLOSE then OPEN: abort I/O in flight, return every pin, re-enable. */
static int vccw_dev_reset(struct vccw_private *private)
{
	struct subchannel *sch = private->sch;
	int ret;

	mutex_lock(&private->io_mutex);
	vccw_sch_close(private);
	spin_lock_irq(&sch->lock);
	ret = vccw_fsm_event(private, VCCW_EVENT_OPEN);
	spin_unlock_irq(&sch->lock);
	mutex_unlock(&private->io_mutex);
	return ret ? -EINVAL : 0;
}

/*
 * Drivers must return their pins in an unmapped range before this returns
 * (the type1 backend retries the unmap until they are gone).  Only the
 * program that pinned the range ends, with a channel-program check; see
 * vccw_cp_kill() and Documentation/arch/s390/vccw.rst, "DMA unmap".
 */
static void vccw_dev_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length)
{
	struct vccw_private *private =
		container_of(vdev, struct vccw_private, vdev);
	int ret = 0;

	mutex_lock(&private->io_mutex);
	/* Idle cached pins do not count: only the running program ends. */
	if (vccw_cp_iova_pinned(private->cp, vccw_iova(iova), length)) {
		ret = vccw_cp_kill(private);
		trace_vccw_unmap(private->sch->schid, iova, length, ret);
	}
	/* Then every cached pin of the range, the ended program's too. */
	vccw_cp_uncache(private->cp, vccw_iova(iova), length);
	mutex_unlock(&private->io_mutex);
}

static ssize_t vccw_dev_read(struct vfio_device *vdev, char __user *buf,
			     size_t count, loff_t *ppos)
{
	return vccw_region_read(container_of(vdev, struct vccw_private, vdev),
				buf, count, ppos);
}

static ssize_t vccw_dev_write(struct vfio_device *vdev, const char __user *buf,
			      size_t count, loff_t *ppos)
{
	return vccw_region_write(container_of(vdev, struct vccw_private, vdev),
				 buf, count, ppos);
}

static int vccw_ioctl_device_info(unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	info.flags = VFIO_DEVICE_FLAGS_CCW | VFIO_DEVICE_FLAGS_RESET;
	info.num_regions = VCCW_NUM_REGIONS;
	info.num_irqs = VCCW_NUM_IRQS;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static int vccw_ioctl_region_info(struct vccw_private *private,
				  unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info;
	int ret;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	ret = vccw_region_info(private, &info, arg);
	if (ret)
		return ret;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static int vccw_ioctl_irq_info(unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_info, count);
	struct vfio_irq_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= VCCW_NUM_IRQS)
		return -EINVAL;
	info.flags = VFIO_IRQ_INFO_EVENTFD;
	info.count = 1;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static struct eventfd_ctx **vccw_trigger(struct vccw_private *private,
					 unsigned int index)
{
	switch (index) {
	case VFIO_CCW_IO_IRQ_INDEX:
		return &private->io_trigger;
	case VFIO_CCW_CRW_IRQ_INDEX:
		return &private->crw_trigger;
	default:
		return &private->req_trigger;
	}
}

/**
 * vccw_signal() - signal the eventfd of one IRQ index, if installed
 * @private: the device
 * @index: VFIO_CCW_*_IRQ_INDEX
 *
 * Context: process; takes trigger_lock.
 */
void vccw_signal(struct vccw_private *private, unsigned int index)
{
	struct eventfd_ctx *ctx;

	mutex_lock(&private->trigger_lock);
	ctx = *vccw_trigger(private, index);
	if (ctx)
		eventfd_signal(ctx);
	mutex_unlock(&private->trigger_lock);
}

static int vccw_set_trigger(struct vccw_private *private, unsigned int index,
			    s32 fd)
{
	struct eventfd_ctx *ctx = NULL, **slot;
	bool signal = false;

	if (fd < -1)
		return -EINVAL;
	if (fd >= 0) {
		ctx = eventfd_ctx_fdget(fd);
		if (IS_ERR(ctx))
			return PTR_ERR(ctx);
	}
	mutex_lock(&private->trigger_lock);
	slot = vccw_trigger(private, index);
	swap(*slot, ctx);
	if (index == VFIO_CCW_IO_IRQ_INDEX && *slot) {
		spin_lock_irq(&private->sch->lock);
		signal = vccw_irb_rearm_signal(private);
		spin_unlock_irq(&private->sch->lock);
	}
	mutex_unlock(&private->trigger_lock);
	if (ctx)
		eventfd_ctx_put(ctx);
	/* IRBs queued before this eventfd was installed are announced. */
	if (signal)
		vccw_signal(private, index);
	return 0;
}

static int vccw_ioctl_set_irqs(struct vccw_private *private, unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_set, count);
	void __user *data = (void __user *)(arg + minsz);
	struct vfio_irq_set hdr;
	size_t data_size;
	u8 trigger;
	s32 fd;
	int ret;

	if (copy_from_user(&hdr, (void __user *)arg, minsz))
		return -EFAULT;
	ret = vfio_set_irqs_validate_and_prepare(&hdr, 1, VCCW_NUM_IRQS,
						 &data_size);
	if (ret)
		return ret;
	/* Only ACTION_TRIGGER: GET_IRQ_INFO offers no mask/unmask. */
	if ((hdr.flags & VFIO_IRQ_SET_ACTION_TYPE_MASK) !=
	    VFIO_IRQ_SET_ACTION_TRIGGER)
		return -EINVAL;
	hdr.index = array_index_nospec(hdr.index, VCCW_NUM_IRQS);

	switch (hdr.flags & VFIO_IRQ_SET_DATA_TYPE_MASK) {
	case VFIO_IRQ_SET_DATA_NONE:
		/* count 0: tear the trigger down (vfio.h SET_IRQS rules). */
		if (!hdr.count)
			return vccw_set_trigger(private, hdr.index, -1);
		vccw_signal(private, hdr.index);
		return 0;
	case VFIO_IRQ_SET_DATA_BOOL:
		if (get_user(trigger, (u8 __user *)data))
			return -EFAULT;
		if (trigger)
			vccw_signal(private, hdr.index);
		return 0;
	case VFIO_IRQ_SET_DATA_EVENTFD:
		if (get_user(fd, (s32 __user *)data))
			return -EFAULT;
		return vccw_set_trigger(private, hdr.index, fd);
	default:
		return -EINVAL;
	}
}

static long vccw_dev_ioctl(struct vfio_device *vdev, unsigned int cmd,
			   unsigned long arg)
{
	struct vccw_private *private =
		container_of(vdev, struct vccw_private, vdev);

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return vccw_ioctl_device_info(arg);
	case VFIO_DEVICE_GET_REGION_INFO:
		return vccw_ioctl_region_info(private, arg);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return vccw_ioctl_irq_info(arg);
	case VFIO_DEVICE_SET_IRQS:
		return vccw_ioctl_set_irqs(private, arg);
	case VFIO_DEVICE_RESET:
		return vccw_dev_reset(private);
	default:
		return -ENOTTY;
	}
}

/* The host wants the device back (unbind, subchannel gone). */
static void vccw_dev_request(struct vfio_device *vdev, unsigned int count)
{
	struct vccw_private *private =
		container_of(vdev, struct vccw_private, vdev);

	bool signalled = false;

	/* vfio core repeats the request, with @count + 1, every 10 s. */
	vccw_count(private, VCCW_CNT_REQUEST, 1);
	mutex_lock(&private->trigger_lock);
	if (private->req_trigger) {
		if (!(count % 10))
			dev_notice_ratelimited(vdev->dev,
					       "relaying device request to user (#%u)\n",
					       count);
		eventfd_signal(private->req_trigger);
		signalled = true;
	} else if (!count) {
		dev_notice(vdev->dev,
			   "no device request eventfd, blocked until released by user\n");
	}
	mutex_unlock(&private->trigger_lock);
	trace_vccw_request(private->sch->schid, count, signalled);
}

static const struct vfio_device_ops vccw_dev_ops = {
	.name = "vccw",
	.init = vccw_dev_init,
	.release = vccw_dev_release,
	.open_device = vccw_dev_open,
	.close_device = vccw_dev_close,
	.read = vccw_dev_read,
	.write = vccw_dev_write,
	.ioctl = vccw_dev_ioctl,
	.request = vccw_dev_request,
	.dma_unmap = vccw_dev_dma_unmap,
	.bind_iommufd = vfio_iommufd_emulated_bind,
	.unbind_iommufd = vfio_iommufd_emulated_unbind,
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,
	.detach_ioas = vfio_iommufd_emulated_detach_ioas,
};

static int vccw_mdev_probe(struct mdev_device *mdev)
{
	struct subchannel *sch = to_subchannel(mdev->dev.parent);
	struct vccw_parent *parent = dev_get_drvdata(&sch->dev);
	struct vccw_private *private;
	int ret;

	private = vfio_alloc_device(vccw_private, vdev, &mdev->dev,
				    &vccw_dev_ops);
	if (IS_ERR(private))
		return PTR_ERR(private);
	/*
	 * One mdev per subchannel: claimed here (see
	 * vccw_mdev_get_available()).  Published before userspace can open
	 * it (interrupts look it up).
	 */
	spin_lock_irq(&sch->lock);
	if (parent->private) {
		spin_unlock_irq(&sch->lock);
		vfio_put_device(&private->vdev);
		return -EBUSY;
	}
	parent->private = private;
	spin_unlock_irq(&sch->lock);
	dev_set_drvdata(&mdev->dev, private);
	ret = vfio_register_emulated_iommu_dev(&private->vdev);
	if (ret)
		goto unpublish;
	return 0;

unpublish:
	spin_lock_irq(&sch->lock);
	parent->private = NULL;
	spin_unlock_irq(&sch->lock);
	dev_set_drvdata(&mdev->dev, NULL);
	vfio_put_device(&private->vdev);
	return ret;
}

static void vccw_mdev_remove(struct mdev_device *mdev)
{
	struct vccw_private *private = dev_get_drvdata(&mdev->dev);
	struct subchannel *sch = private->sch;
	struct vccw_parent *parent = dev_get_drvdata(&sch->dev);

	/* Waits for userspace to close the device (request IRQ). */
	vfio_unregister_group_dev(&private->vdev);
	spin_lock_irq(&sch->lock);
	parent->private = NULL;
	spin_unlock_irq(&sch->lock);
	dev_set_drvdata(&mdev->dev, NULL);
	vfio_put_device(&private->vdev);
}

/*
 * The instance count is ours, not the mdev core's max_instances: in 6.12
 * mdev_device_create() does not give the instance back when its own
 * allocation of the mdev fails, so one failed create would leave the
 * subchannel without an mdev for good (vccw_fault_test mdev_create found
 * it).  With get_available the core counts nothing; the probe claims the
 * subchannel's one instance and refuses a second with -EBUSY.
 */
static unsigned int vccw_mdev_get_available(struct mdev_type *mtype)
{
	struct vccw_parent *parent =
		container_of(mtype->parent, struct vccw_parent, parent);
	struct subchannel *sch = to_subchannel(parent->dev.parent);
	unsigned int avail;

	spin_lock_irq(&sch->lock);
	avail = parent->private ? 0 : 1;
	spin_unlock_irq(&sch->lock);
	return avail;
}

struct mdev_driver vccw_mdev_driver = {
	.device_api = VFIO_DEVICE_API_CCW_STRING,
	.get_available = vccw_mdev_get_available,
	.driver = {
		.name = "vccw_mdev",
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
	},
	.probe = vccw_mdev_probe,
	.remove = vccw_mdev_remove,
};

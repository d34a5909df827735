// SPDX-License-Identifier: GPL-2.0
/*
 * ccw_client - run channel programs through a vfio-ccw style mdev.
 *
 * Everything the drivers read from us is big endian (s390 is big endian,
 * so on the guest these are plain stores, but keep the intent visible).
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/vfio.h>
#include <linux/vfio_ccw.h>

#include "ccw_client.h"

static int group_of(const char *uuid)
{
	char path[PATH_MAX], link[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/iommu_group",
		 uuid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = '\0';
	base = strrchr(link, '/');
	return atoi(base ? base + 1 : link);
}

static int get_regions(struct ccwc *c)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	uint32_t i;

	if (ioctl(c->device, VFIO_DEVICE_GET_INFO, &info))
		return -errno;
	c->flags = info.flags;
	c->num_regions = info.num_regions;
	c->num_irqs = info.num_irqs;
	for (i = 0; i < info.num_regions && i < 4; i++) {
		struct vfio_region_info r = { .argsz = sizeof(r), .index = i };

		if (ioctl(c->device, VFIO_DEVICE_GET_REGION_INFO, &r))
			return -errno;
		c->region_off[i] = r.offset;
		c->region_size[i] = r.size;
	}
	if (c->region_size[VFIO_CCW_CONFIG_REGION_INDEX] !=
	    sizeof(struct ccw_io_region))
		return -EPROTO;
	return 0;
}

/**
 * ccwc_set_eventfd() - install (fd >= 0) or remove (fd -1) an IRQ's eventfd
 * @c: client state
 * @index: VFIO_CCW_*_IRQ_INDEX
 * @fd: the eventfd, or -1
 *
 * Return: 0 or a negative errno.
 */
int ccwc_set_eventfd(struct ccwc *c, uint32_t index, int32_t fd)
{
	char buf[sizeof(struct vfio_irq_set) + sizeof(int32_t)];
	struct vfio_irq_set *set = (struct vfio_irq_set *)buf;

	set->argsz = sizeof(buf);
	set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = index;
	set->start = 0;
	set->count = 1;
	memcpy(set->data, &fd, sizeof(fd));
	return ioctl(c->device, VFIO_DEVICE_SET_IRQS, set) ? -errno : 0;
}

/**
 * ccwc_new_eventfd() - create a non-blocking eventfd and install it
 * @c: client state
 * @index: VFIO_CCW_*_IRQ_INDEX
 *
 * Return: the eventfd (the caller closes it), or a negative errno.
 */
int ccwc_new_eventfd(struct ccwc *c, uint32_t index)
{
	int fd, err;

	fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (fd < 0)
		return -errno;
	err = ccwc_set_eventfd(c, index, fd);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

static int set_io_eventfd(struct ccwc *c)
{
	int fd = ccwc_new_eventfd(c, VFIO_CCW_IO_IRQ_INDEX);

	if (fd < 0)
		return fd;
	c->io_efd = fd;
	return 0;
}

/**
 * ccwc_open() - open an mdev and map a DMA window
 * @c: client state, filled in
 * @uuid: the mdev's UUID
 * @iova: IOVA of the DMA window (page aligned, below 2 GiB)
 * @size: size of the window
 *
 * Return: 0, or a negative errno; on error nothing stays open.
 */
int ccwc_open(struct ccwc *c, const char *uuid, uint64_t iova, size_t size)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	struct vfio_iommu_type1_dma_map map = { .argsz = sizeof(map) };
	char path[64];
	int grp, err;

	memset(c, 0, sizeof(*c));
	c->container = -1;
	c->group = -1;
	c->device = -1;
	c->io_efd = -1;

	grp = group_of(uuid);
	if (grp < 0)
		return grp;
	c->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (c->container < 0)
		goto fail_errno;
	snprintf(path, sizeof(path), "/dev/vfio/%d", grp);
	c->group = open(path, O_RDWR | O_CLOEXEC);
	if (c->group < 0)
		goto fail_errno;
	if (ioctl(c->group, VFIO_GROUP_GET_STATUS, &status))
		goto fail_errno;
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		err = -EBUSY;
		goto fail;
	}
	if (ioctl(c->group, VFIO_GROUP_SET_CONTAINER, &c->container))
		goto fail_errno;
	if (ioctl(c->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		goto fail_errno;
	c->device = ioctl(c->group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	if (c->device < 0)
		goto fail_errno;
	err = get_regions(c);
	if (err)
		goto fail;
	err = set_io_eventfd(c);
	if (err)
		goto fail;

	c->dma = mmap(NULL, size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (c->dma == MAP_FAILED) {
		c->dma = NULL;
		goto fail_errno;
	}
	memset(c->dma, 0, size);
	c->iova = iova;
	c->dma_size = size;
	map.vaddr = (uintptr_t)c->dma;
	map.iova = iova;
	map.size = size;
	map.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	if (ioctl(c->container, VFIO_IOMMU_MAP_DMA, &map))
		goto fail_errno;
	c->mapped = true;
	return 0;

fail_errno:
	err = -errno;
fail:
	ccwc_close(c);
	return err;
}

/**
 * ccwc_close() - close everything ccwc_open() opened, then unmap the window
 * @c: client state
 *
 * The device goes first, as when a process exits: closing it returns the
 * driver's pins (vccw keeps pages pinned between programs), so the unmap
 * after it never has to call the driver back (see ccwc_lockdep_skip()).
 */
void ccwc_close(struct ccwc *c)
{
	/*
	 * Unregister the eventfd before closing, as QEMU does: the in-tree
	 * vfio_ccw of 6.12 keeps its reference past close_device otherwise.
	 */
	if (c->io_efd >= 0) {
		ccwc_set_eventfd(c, VFIO_CCW_IO_IRQ_INDEX, -1);
		close(c->io_efd);
	}
	if (c->device >= 0)
		close(c->device);
	if (c->mapped) {
		struct vfio_iommu_type1_dma_unmap unmap = {
			.argsz = sizeof(unmap), .iova = c->iova,
			.size = c->dma_size,
		};

		ioctl(c->container, VFIO_IOMMU_UNMAP_DMA, &unmap);
		c->mapped = false;
	}
	if (c->dma)
		munmap(c->dma, c->dma_size);
	if (c->group >= 0)
		close(c->group);
	if (c->container >= 0)
		close(c->container);
	c->dma = NULL;
	c->container = -1;
	c->group = -1;
	c->device = -1;
	c->io_efd = -1;
}

/**
 * ccwc_env_skip_reason() - why the environment names no device
 *
 * Return: NULL when VCCW_MDEV is set, else a reason to skip.
 */
const char *ccwc_env_skip_reason(void)
{
	if (!getenv("VCCW_MDEV"))
		return "VCCW_MDEV not set: no mdev to test (run through the test bed)";
	return NULL;
}

/**
 * ccwc_open_env() - ccwc_open() the mdev named by $VCCW_MDEV
 * @c: client state
 *
 * Return: 0 or a negative errno (-ENODEV without VCCW_MDEV).
 */
int ccwc_open_env(struct ccwc *c)
{
	const char *uuid = getenv("VCCW_MDEV");

	if (!uuid)
		return -ENODEV;
	return ccwc_open(c, uuid, CCWC_IOVA, CCWC_DMA_SIZE);
}

/**
 * ccwc_iova_of() - the IOVA of a pointer into the DMA window
 * @c: client state
 * @p: pointer into the window
 *
 * Return: the 31-bit channel address of @p.
 */
uint32_t ccwc_iova_of(const struct ccwc *c, const void *p)
{
	return (uint32_t)(c->iova + ((const char *)p - (const char *)c->dma));
}

/**
 * ccwc_at() - the pointer at an offset into the DMA window
 * @c: client state
 * @off: offset from the start of the window
 *
 * Return: the address in our memory.
 */
void *ccwc_at(const struct ccwc *c, size_t off)
{
	return (char *)c->dma + off;
}

/**
 * ccwc_iova_at() - the channel address of an offset into the DMA window
 * @c: client state
 * @off: offset from the start of the window
 *
 * Return: the 31-bit IOVA that channel programs use for it.
 */
uint32_t ccwc_iova_at(const struct ccwc *c, size_t off)
{
	return (uint32_t)(c->iova + off);
}

/**
 * ccwc_is_virtio_blk_id() - is this SENSE ID data a virtio block device?
 * @sense_id: the first four bytes SENSE ID stored
 *
 * A virtio-ccw device reports control unit type 3832 with the virtio
 * device id as model: 2 for a block device.
 *
 * Return: true for ff 38 32 02.
 */
bool ccwc_is_virtio_blk_id(const uint8_t *sense_id)
{
	return sense_id[0] == 0xff && sense_id[1] == 0x38 &&
	       sense_id[2] == 0x32 && sense_id[3] == 0x02;
}

/**
 * ccwc_ptr() - the pointer of an IOVA inside the DMA window
 * @c: client state
 * @iova: channel address inside the window
 *
 * Return: the address in our memory.
 */
void *ccwc_ptr(const struct ccwc *c, uint64_t iova)
{
	return (char *)c->dma + (iova - c->iova);
}

/**
 * ccwc_set_ccw() - fill in a format-1 CCW
 * @ccw: the CCW
 * @cmd: command code
 * @flags: CCW_FLAG_*
 * @count: byte count
 * @cda: data address (or TIC target, or IDAL address with CCW_FLAG_IDA)
 */
void ccwc_set_ccw(struct ccw1 *ccw, uint8_t cmd, uint8_t flags,
		  uint16_t count, uint32_t cda)
{
	ccw->cmd = cmd;
	ccw->flags = flags;
	ccw->count = htobe16(count);
	ccw->cda = htobe32(cda);
}

/**
 * ccwc_make_orb() - build a 12-byte command-mode ORB
 * @orb: output, as it goes into the I/O region
 * @intparm: interruption parameter
 * @flags: ORB word-1 bits (ORB_F_*, ORB_LPM())
 * @cpa: channel program address
 */
void ccwc_make_orb(uint8_t orb[12], uint32_t intparm, uint32_t flags,
		   uint32_t cpa)
{
	uint32_t w[3] = { htobe32(intparm), htobe32(flags), htobe32(cpa) };

	memcpy(orb, w, sizeof(w));
}

static uint64_t io_off(const struct ccwc *c, size_t field)
{
	return c->region_off[VFIO_CCW_CONFIG_REGION_INDEX] + field;
}

/*
 * EAGAIN from a region write means the driver is busy with this device for
 * a moment (vfio_ccw: its I/O mutex is held by the interrupt worker): QEMU
 * retries the write, and so do we, for up to two seconds.
 */
static ssize_t write_retry(int fd, const void *buf, size_t len, off_t off)
{
	ssize_t n;
	int tries;

	for (tries = 0; tries < 20000; tries++) {
		n = pwrite(fd, buf, len, off);
		if (n >= 0 || errno != EAGAIN)
			return n;
		usleep(100);
	}
	return n;
}

/**
 * ccwc_start() - START SUBCHANNEL through the I/O region
 * @c: client state
 * @orb: the 12-byte ORB
 *
 * Return: 0 if the start was accepted, else the negative errno of the write.
 */
int ccwc_start(struct ccwc *c, const uint8_t orb[12])
{
	struct ccw_io_region io;
	uint32_t scsw0 = htobe32(SCSW_FCTL_START);
	ssize_t n;

	memset(&io, 0, sizeof(io));
	memcpy(io.orb_area, orb, sizeof(io.orb_area));
	memcpy(io.scsw_area, &scsw0, sizeof(scsw0));
	n = write_retry(c->device, &io, sizeof(io), io_off(c, 0));
	if (n < 0)
		return -errno;
	return n == sizeof(io) ? 0 : -EIO;
}

/**
 * ccwc_wait() - wait for the I/O eventfd
 * @c: client state
 * @timeout_ms: how long to wait
 *
 * The eventfd's count (signals since the last wait) is left in
 * @c->wakeups: vccw owes one wakeup at a time, vfio_ccw signals once per
 * interruption into its single IRB slot.
 *
 * Return: 0 when it fired, -ETIMEDOUT, or another negative errno.
 */
int ccwc_wait(struct ccwc *c, int timeout_ms)
{
	struct pollfd p = { .fd = c->io_efd, .events = POLLIN };
	uint64_t v;
	int n;

	n = poll(&p, 1, timeout_ms);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ETIMEDOUT;
	if (read(c->io_efd, &v, sizeof(v)) != sizeof(v))
		return -EIO;
	c->wakeups = v;
	return 0;
}

/**
 * ccwc_read_irb() - read the IRB from the I/O region and decode its SCSW
 * @c: client state
 * @irb: output
 *
 * Return: 0 or a negative errno.
 */
int ccwc_read_irb(struct ccwc *c, struct ccwc_irb *irb)
{
	uint32_t w[3];
	ssize_t n;

	n = pread(c->device, irb->raw, sizeof(irb->raw),
		  io_off(c, offsetof(struct ccw_io_region, irb_area)));
	if (n < 0)
		return -errno;
	if (n != sizeof(irb->raw))
		return -EIO;
	memcpy(w, irb->raw, sizeof(w));
	w[0] = be32toh(w[0]);
	w[2] = be32toh(w[2]);
	irb->cc = (w[0] >> 24) & 3;
	irb->fctl = (w[0] >> 12) & 7;
	irb->actl = (w[0] >> 5) & 0x7f;
	irb->stctl = w[0] & 0x1f;
	irb->cpa = be32toh(w[1]);
	irb->dstat = w[2] >> 24;
	irb->cstat = (w[2] >> 16) & 0xff;
	irb->count = w[2] & 0xffff;
	return 0;
}

/**
 * ccwc_run() - start a program and wait for its final status
 * @c: client state
 * @flags: ORB word-1 bits (format 1 and prefetch are added)
 * @cpa: IOVA of the first CCW
 * @irb: output, the last IRB
 * @timeout_ms: how long to wait for each interrupt
 *
 * Intermediate interrupts (PCI) are read and passed over until a status
 * with primary or alert status arrives.
 *
 * Return: 0, or the negative errno of the start, the wait or the read.
 */
int ccwc_run(struct ccwc *c, uint32_t flags, uint32_t cpa,
	     struct ccwc_irb *irb, int timeout_ms)
{
	uint8_t orb[12];
	int err;

	ccwc_make_orb(orb, 0x12345678, flags | ORB_F_FMT1 | ORB_F_PFCH, cpa);
	err = ccwc_start(c, orb);
	if (err)
		return err;
	do {
		err = ccwc_wait(c, timeout_ms);
		if (!err)
			err = ccwc_read_irb(c, irb);
		if (err)
			return err;
	} while (!(irb->stctl & (SCSW_STCTL_PRIMARY | SCSW_STCTL_ALERT)));
	return 0;
}

/**
 * ccwc_async() - HALT or CLEAR SUBCHANNEL through the async region
 * @c: client state
 * @command: VFIO_CCW_ASYNC_CMD_HSCH or VFIO_CCW_ASYNC_CMD_CSCH
 *
 * Return: 0, -EOPNOTSUPP without an async region, or the write's errno.
 */
int ccwc_async(struct ccwc *c, uint32_t command)
{
	struct ccw_cmd_region cmd = { .command = command };
	ssize_t n;

	if (c->num_regions < 2 || !c->region_size[1])
		return -EOPNOTSUPP;
	n = write_retry(c->device, &cmd, sizeof(cmd), c->region_off[1]);
	if (n < 0)
		return -errno;
	return n == sizeof(cmd) ? 0 : -EIO;
}

/**
 * ccwc_locked_kb() - this process's locked memory (VmLck)
 *
 * Return: kB locked, or -1 if unknown.
 */
long ccwc_locked_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f;

	f = fopen("/proc/self/status", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmLck: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/**
 * ccwc_lockdep_skip() - why unmapping pinned IOVA is not tried here
 *
 * With type1, unmapping IOVA that a driver has pinned calls the driver's
 * dma_unmap callback under the backend's device_list_lock, and the
 * vfio_unpin_pages() the callback must do takes iommu->lock there: the
 * reverse of vfio_iommu_type1_register_device().  lockdep reports that
 * (with vccw, and with the in-tree vfio_ccw, first through their I/O
 * mutex; Documentation/arch/s390/vccw-locking.rst, "The type1 lock
 * cycle"), and a lockdep report fails the test-bed run.
 *
 * Return: a reason to skip on a kernel with lockdep (/proc/lockdep), or
 * NULL.
 */
const char *ccwc_lockdep_skip(void)
{
	if (access("/proc/lockdep", F_OK))
		return NULL;
	return "lockdep kernel: type1 inverts its locks when a driver unpins in dma_unmap";
}

/**
 * ccwc_pin_cache_pages() - vccw's pin_cache_pages module parameter
 *
 * An mdev takes the value when it is created; the test bed sets it for a
 * run before it creates the mdev (run.list "param=").
 *
 * Return: the value, or -1 if vccw is not loaded.
 */
long ccwc_pin_cache_pages(void)
{
	FILE *f = fopen("/sys/module/vccw/parameters/pin_cache_pages", "r");
	long val = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &val) != 1)
		val = -1;
	fclose(f);
	return val;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * vccw_uapi_test - the VFIO ioctl and region surface of a vfio-ccw style
 * mdev, with good and bad arguments.  Runs against vccw and the in-tree
 * vfio_ccw (VCCW_DRIVER says which); where vccw deliberately differs the
 * test branches and says why.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vfio.h>
#include <linux/vfio_ccw.h>

#include "ccw_client.h"
#include "kselftest_harness.h"

static bool is_vccw(void)
{
	const char *d = getenv("VCCW_DRIVER");

	return d && !strcmp(d, "vccw");
}

FIXTURE(dev) {
	struct ccwc c;
	long locked_before;
};

FIXTURE_SETUP(dev)
{
	const char *why = ccwc_env_skip_reason();
	int err;

	if (why)
		SKIP(return, "%s", why);
	self->locked_before = ccwc_locked_kb();
	err = ccwc_open_env(&self->c);
	ASSERT_EQ(0, err) TH_LOG("cannot open mdev: %s", strerror(-err));
}

FIXTURE_TEARDOWN(dev)
{
	ccwc_close(&self->c);
	EXPECT_EQ(self->locked_before, ccwc_locked_kb());
}

/* ioctl() result as 0 or -errno. */
static int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

static off_t region_off(unsigned int index)
{
	return (off_t)index << 10;
}

TEST_F(dev, device_info)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };

	ASSERT_EQ(0, xioctl(self->c.device, VFIO_DEVICE_GET_INFO, &info));
	EXPECT_EQ((uint32_t)(VFIO_DEVICE_FLAGS_CCW | VFIO_DEVICE_FLAGS_RESET),
		  info.flags & (VFIO_DEVICE_FLAGS_CCW | VFIO_DEVICE_FLAGS_RESET));
	EXPECT_EQ(4u, info.num_regions);
	EXPECT_EQ(3u, info.num_irqs);

	info.argsz = offsetof(struct vfio_device_info, num_irqs);
	EXPECT_EQ(-EINVAL, xioctl(self->c.device, VFIO_DEVICE_GET_INFO, &info));
	EXPECT_EQ(-EFAULT, xioctl(self->c.device, VFIO_DEVICE_GET_INFO,
				  (void *)8));
	EXPECT_EQ(-ENOTTY, xioctl(self->c.device, VFIO_DEVICE_PCI_HOT_RESET,
				  &info));
}

TEST_F(dev, region_info)
{
	static const struct { uint64_t size; uint32_t flags; } want[4] = {
		{ sizeof(struct ccw_io_region),
		  VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE },
		{ sizeof(struct ccw_cmd_region),
		  VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE },
		{ sizeof(struct ccw_schib_region), VFIO_REGION_INFO_FLAG_READ },
		{ sizeof(struct ccw_crw_region), VFIO_REGION_INFO_FLAG_READ },
	};
	static const uint32_t subtype[4] = {
		0, VFIO_REGION_SUBTYPE_CCW_ASYNC_CMD,
		VFIO_REGION_SUBTYPE_CCW_SCHIB, VFIO_REGION_SUBTYPE_CCW_CRW,
	};
	unsigned char buf[256];
	struct vfio_region_info *info = (void *)buf;
	struct vfio_region_info_cap_type *cap;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		memset(buf, 0, sizeof(buf));
		info->argsz = sizeof(buf);
		info->index = i;
		ASSERT_EQ(0, xioctl(self->c.device,
				    VFIO_DEVICE_GET_REGION_INFO, info));
		EXPECT_EQ((uint64_t)i << 10, info->offset);
		EXPECT_EQ(want[i].size, info->size);
		EXPECT_EQ(want[i].flags, info->flags & ~VFIO_REGION_INFO_FLAG_CAPS);
		if (!i) {
			EXPECT_EQ(0u, info->flags & VFIO_REGION_INFO_FLAG_CAPS);
			continue;
		}
		ASSERT_NE(0u, info->flags & VFIO_REGION_INFO_FLAG_CAPS);
		ASSERT_EQ(sizeof(*info), info->cap_offset);
		cap = (void *)(buf + info->cap_offset);
		EXPECT_EQ(VFIO_REGION_INFO_CAP_TYPE, cap->header.id);
		EXPECT_EQ(0u, cap->header.next);
		EXPECT_EQ((uint32_t)VFIO_REGION_TYPE_CCW, cap->type);
		EXPECT_EQ(subtype[i], cap->subtype);

		/* Too small for the chain: argsz grows, no chain. */
		memset(buf, 0, sizeof(buf));
		info->argsz = sizeof(*info);
		info->index = i;
		ASSERT_EQ(0, xioctl(self->c.device,
				    VFIO_DEVICE_GET_REGION_INFO, info));
		EXPECT_EQ(sizeof(*info) + sizeof(*cap), info->argsz);
		EXPECT_EQ(0u, info->cap_offset);
	}

	info->argsz = sizeof(*info);
	info->index = 4;
	EXPECT_EQ(-EINVAL, xioctl(self->c.device, VFIO_DEVICE_GET_REGION_INFO,
				  info));
	info->index = 0xffffffff;
	EXPECT_EQ(-EINVAL, xioctl(self->c.device, VFIO_DEVICE_GET_REGION_INFO,
				  info));
	info->index = 0;
	info->argsz = offsetof(struct vfio_region_info, offset);
	EXPECT_EQ(-EINVAL, xioctl(self->c.device, VFIO_DEVICE_GET_REGION_INFO,
				  info));
}

TEST_F(dev, irq_info)
{
	struct vfio_irq_info info;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		info = (struct vfio_irq_info){ .argsz = sizeof(info),
					       .index = i };
		ASSERT_EQ(0, xioctl(self->c.device, VFIO_DEVICE_GET_IRQ_INFO,
				    &info));
		EXPECT_EQ(1u, info.count);
		EXPECT_NE(0u, info.flags & VFIO_IRQ_INFO_EVENTFD);
	}
	info = (struct vfio_irq_info){ .argsz = sizeof(info), .index = 3 };
	EXPECT_EQ(-EINVAL, xioctl(self->c.device, VFIO_DEVICE_GET_IRQ_INFO,
				  &info));
	info = (struct vfio_irq_info){ .argsz = 8, .index = 0 };
	EXPECT_EQ(-EINVAL, xioctl(self->c.device, VFIO_DEVICE_GET_IRQ_INFO,
				  &info));
}

struct irq_set_arg {
	struct vfio_irq_set hdr;
	int32_t data;
};

/*
 * The data that follows the header depends on the data type (vfio.h,
 * VFIO_DEVICE_SET_IRQS): an s32 file descriptor for DATA_EVENTFD but a
 * u8 for DATA_BOOL.  Store a BOOL as one byte: as an int32 on a
 * big-endian machine its first byte is the most significant one (0).
 */
static int set_irqs(int dev, uint32_t flags, uint32_t index, uint32_t start,
		    uint32_t count, int32_t data, uint32_t argsz)
{
	struct irq_set_arg a = {
		.hdr = { .argsz = argsz, .flags = flags, .index = index,
			 .start = start, .count = count },
		.data = data,
	};

	if ((flags & VFIO_IRQ_SET_DATA_TYPE_MASK) == VFIO_IRQ_SET_DATA_BOOL) {
		uint8_t b = !!data;

		a.data = 0;
		memcpy(&a.data, &b, sizeof(b));
	}
	return xioctl(dev, VFIO_DEVICE_SET_IRQS, &a);
}

#define TRIG	VFIO_IRQ_SET_ACTION_TRIGGER
#define EFD	(VFIO_IRQ_SET_DATA_EVENTFD | TRIG)
#define ARGSZ	sizeof(struct irq_set_arg)

TEST_F(dev, set_irqs_bad)
{
	int dev = self->c.device, efd, nullfd;

	efd = eventfd(0, EFD_NONBLOCK);
	ASSERT_LE(0, efd);
	nullfd = open("/dev/null", O_RDONLY);
	ASSERT_LE(0, nullfd);

	EXPECT_EQ(-EINVAL, set_irqs(dev, EFD, 3, 0, 1, efd, ARGSZ));
	EXPECT_EQ(-EINVAL, set_irqs(dev, EFD, 0, 1, 1, efd, ARGSZ));
	EXPECT_EQ(-EINVAL, set_irqs(dev, EFD, 0, 0, 2, efd, ARGSZ));
	EXPECT_EQ(-EINVAL, set_irqs(dev, EFD, 0, 0, 1, efd, 8));
	/* The eventfd does not fit in argsz. */
	EXPECT_EQ(-EINVAL, set_irqs(dev, EFD, 0, 0, 1, efd,
				    sizeof(struct vfio_irq_set)));
	EXPECT_EQ(-EINVAL, set_irqs(dev, VFIO_IRQ_SET_DATA_EVENTFD |
				    VFIO_IRQ_SET_DATA_BOOL | TRIG, 0, 0, 1,
				    efd, ARGSZ));
	EXPECT_EQ(-EINVAL, set_irqs(dev, EFD | 0x1000, 0, 0, 1, efd, ARGSZ));
	/* Not an eventfd, not a file, not a valid number. */
	EXPECT_EQ(-EINVAL, set_irqs(dev, EFD, 1, 0, 1, nullfd, ARGSZ));
	EXPECT_EQ(-EBADF, set_irqs(dev, EFD, 1, 0, 1, 4000, ARGSZ));
	if (is_vccw()) {
		/* vfio_ccw accepts fd < -1 and MASK silently; vccw refuses. */
		EXPECT_EQ(-EINVAL, set_irqs(dev, EFD, 1, 0, 1, -2, ARGSZ));
		EXPECT_EQ(-EINVAL, set_irqs(dev, VFIO_IRQ_SET_DATA_NONE |
					    VFIO_IRQ_SET_ACTION_MASK, 0, 0, 1,
					    0, ARGSZ));
	}
	close(nullfd);
	close(efd);
}

TEST_F(dev, set_irqs_trigger)
{
	int dev = self->c.device, efd, i;
	uint64_t v;

	for (i = 1; i < 3; i++) {
		efd = eventfd(0, EFD_NONBLOCK);
		ASSERT_LE(0, efd);
		ASSERT_EQ(0, set_irqs(dev, EFD, i, 0, 1, efd, ARGSZ));
		/* DATA_NONE and DATA_BOOL(1) fire it, DATA_BOOL(0) does not. */
		ASSERT_EQ(0, set_irqs(dev, VFIO_IRQ_SET_DATA_NONE | TRIG, i,
				      0, 1, 0, ARGSZ));
		ASSERT_EQ((ssize_t)sizeof(v), read(efd, &v, sizeof(v)));
		EXPECT_EQ(1u, v);
		ASSERT_EQ(0, set_irqs(dev, VFIO_IRQ_SET_DATA_BOOL | TRIG, i,
				      0, 1, 0, ARGSZ));
		EXPECT_EQ(-1, read(efd, &v, sizeof(v)));
		EXPECT_EQ(EAGAIN, errno);
		ASSERT_EQ(0, set_irqs(dev, VFIO_IRQ_SET_DATA_BOOL | TRIG, i,
				      0, 1, 1, ARGSZ));
		ASSERT_EQ((ssize_t)sizeof(v), read(efd, &v, sizeof(v)));
		/* fd -1 removes it: no more signals. */
		ASSERT_EQ(0, set_irqs(dev, EFD, i, 0, 1, -1, ARGSZ));
		ASSERT_EQ(0, set_irqs(dev, VFIO_IRQ_SET_DATA_NONE | TRIG, i,
				      0, 1, 0, ARGSZ));
		EXPECT_EQ(-1, read(efd, &v, sizeof(v)));
		close(efd);
	}
}

TEST_F(dev, region_bounds)
{
	unsigned char buf[256] = { 0 };
	int dev = self->c.device;

	/* Beyond the end of each region, or past the last region. */
	EXPECT_EQ(-1, pwrite(dev, buf, 8, region_off(0) + 120));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pwrite(dev, buf, 125, region_off(0)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(dev, buf, 125, region_off(0)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pwrite(dev, buf, 4, region_off(1) + 6));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(dev, buf, 53, region_off(2)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(dev, buf, 9, region_off(3)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(dev, buf, 4, region_off(4)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pwrite(dev, buf, 4, region_off(4)));
	EXPECT_EQ(EINVAL, errno);
	/* Read-only regions. */
	EXPECT_EQ(-1, pwrite(dev, buf, 4, region_off(2)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pwrite(dev, buf, 8, region_off(3)));
	EXPECT_EQ(EINVAL, errno);
	/* In bounds: odd offsets and sizes are fine for reads. */
	EXPECT_EQ(3, pread(dev, buf, 3, region_off(0) + 121));
	EXPECT_EQ(1, pread(dev, buf, 1, region_off(2) + 51));
}

TEST_F(dev, io_region_bad_function)
{
	struct ccw_io_region io = { 0 };
	uint32_t halt = htobe32(SCSW_FCTL_HALT), clear = htobe32(SCSW_FCTL_CLEAR);
	int dev = self->c.device;
	ssize_t n;

	/* HALT / CLEAR belong in the async region. */
	memcpy(io.scsw_area, &halt, 4);
	EXPECT_EQ(-1, pwrite(dev, &io, sizeof(io), region_off(0)));
	EXPECT_EQ(EOPNOTSUPP, errno);
	memcpy(io.scsw_area, &clear, 4);
	EXPECT_EQ(-1, pwrite(dev, &io, sizeof(io), region_off(0)));
	EXPECT_EQ(EOPNOTSUPP, errno);

	/* No function at all. */
	memset(io.scsw_area, 0, sizeof(io.scsw_area));
	n = pwrite(dev, &io, sizeof(io), region_off(0));
	if (is_vccw()) {
		EXPECT_EQ(-1, n);
		EXPECT_EQ(EINVAL, errno);
	} else {
		/* vfio_ccw returns the stale ret_code (0 -> success). */
		EXPECT_EQ((ssize_t)sizeof(io), n);
	}
}

TEST_F(dev, async_region)
{
	struct ccw_cmd_region cmd = { .command = 7 };
	int dev = self->c.device;

	EXPECT_EQ(-1, pwrite(dev, &cmd, sizeof(cmd), region_off(1)));
	EXPECT_EQ(EINVAL, errno);
	cmd.command = 0;
	EXPECT_EQ(-1, pwrite(dev, &cmd, sizeof(cmd), region_off(1)));
	EXPECT_EQ(EINVAL, errno);
	/* The failed command's ret_code is readable back. */
	ASSERT_EQ((ssize_t)sizeof(cmd), pread(dev, &cmd, sizeof(cmd),
					      region_off(1)));
	EXPECT_EQ((uint32_t)-EINVAL, cmd.ret_code);
}

TEST_F(dev, schib_region)
{
	struct ccw_schib_region r;
	const char *devno = getenv("VCCW_DEVNO");
	uint32_t w1;

	ASSERT_EQ((ssize_t)sizeof(r), pread(self->c.device, &r, sizeof(r),
					    region_off(2)));
	/* PMCW word 1 (SA22-7832 ch. 15): E bit 8, DNV bit 15, devno 16-31. */
	memcpy(&w1, r.schib_area + 4, 4);
	w1 = be32toh(w1);
	if (devno)
		EXPECT_EQ(strtoul(strrchr(devno, '.') + 1, NULL, 16),
			  w1 & 0xffff);
	EXPECT_NE(0u, w1 & 0x00010000) TH_LOG("PMCW not valid: %08x", w1);
	EXPECT_NE(0u, w1 & 0x00800000)
		TH_LOG("subchannel not enabled: %08x", w1);
}

TEST_F(dev, crw_region_empty)
{
	struct ccw_crw_region r = { .crw = 0xdeadbeef };

	ASSERT_EQ((ssize_t)sizeof(r), pread(self->c.device, &r, sizeof(r),
					    region_off(3)));
	EXPECT_EQ(0u, r.crw);
}

TEST_F(dev, reset)
{
	EXPECT_EQ(0, xioctl(self->c.device, VFIO_DEVICE_RESET, NULL));
	EXPECT_EQ(0, xioctl(self->c.device, VFIO_DEVICE_RESET, NULL));
}

/*
 * One mdev per subchannel: while ours exists the type offers no instance
 * and a second create fails, leaving nothing (vccw: -EBUSY from its
 * probe; vfio_ccw: -EUSERS from the mdev core's count).
 */
TEST_F(dev, second_mdev_refused)
{
	const char *sch = getenv("VCCW_SCH");
	static const char uuid[] = "0c3e2a1b-7d4f-4e5a-9b6c-8d7e6f5a4b3c";
	char pattern[200], dir[300], v[16];
	glob_t g;
	ssize_t n;
	int fd;

	if (!sch)
		SKIP(return, "no VCCW_SCH");
	snprintf(pattern, sizeof(pattern),
		 "/sys/bus/css/devices/%s/mdev_supported_types/*/create", sch);
	ASSERT_EQ(0, glob(pattern, 0, NULL, &g));
	snprintf(dir, sizeof(dir), "%.*s/available_instances",
		 (int)(strrchr(g.gl_pathv[0], '/') - g.gl_pathv[0]),
		 g.gl_pathv[0]);
	fd = open(dir, O_RDONLY);
	ASSERT_LE(0, fd);
	n = read(fd, v, sizeof(v) - 1);
	close(fd);
	ASSERT_LT(0, n);
	v[n] = 0;
	EXPECT_EQ(0, atoi(v));

	fd = open(g.gl_pathv[0], O_WRONLY);
	globfree(&g);
	ASSERT_LE(0, fd);
	n = write(fd, uuid, strlen(uuid));
	close(fd);
	EXPECT_GT(0, n);
	EXPECT_TRUE(errno == EBUSY || errno == EUSERS)
		TH_LOG("second create: %s", strerror(errno));
	snprintf(dir, sizeof(dir), "/sys/bus/mdev/devices/%s", uuid);
	EXPECT_NE(0, access(dir, F_OK));
}

TEST_HARNESS_MAIN

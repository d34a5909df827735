// SPDX-License-Identifier: GPL-2.0
/*
 * oracle_test - the test bed's own proof: SENSE ID and READ_CONF through the
 * I/O region of whichever driver the runner bound (the in-tree vfio_ccw from
 * day one, vccw as well once it exists).  A virtio-blk-ccw device answers
 * SENSE ID with control unit 3832 model 2 (virtio specification, "Device
 * Identification" under "Channel I/O").
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ccw_client.h"
#include "kselftest_harness.h"

FIXTURE(mdev) {
	struct ccwc c;
	long locked_before;
};

FIXTURE_SETUP(mdev)
{
	const char *why = ccwc_env_skip_reason();
	int err;

	if (why)
		SKIP(return, "%s", why);
	self->locked_before = ccwc_locked_kb();
	err = ccwc_open_env(&self->c);
	ASSERT_EQ(0, err) TH_LOG("cannot open mdev %s: %s",
				 getenv("VCCW_MDEV"), strerror(-err));
}

FIXTURE_TEARDOWN(mdev)
{
	ccwc_close(&self->c);
	/* Every pin is returned once the device and container are closed. */
	EXPECT_EQ(self->locked_before, ccwc_locked_kb());
}

TEST_F(mdev, device_info)
{
	EXPECT_EQ(4u, self->c.num_regions);
	EXPECT_EQ(3u, self->c.num_irqs);
	EXPECT_EQ(124u, self->c.region_size[0]);
}

TEST_F(mdev, sense_id)
{
	struct ccw1 *ccw = self->c.dma;
	uint8_t *data = (uint8_t *)self->c.dma + 0x1000;
	struct ccwc_irb irb;

	memset(data, 0xa5, 32);
	ccwc_set_ccw(ccw, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 32,
		     ccwc_iova_of(&self->c, data));
	ASSERT_EQ(0, ccwc_run(&self->c, ORB_LPM(0xff),
			      ccwc_iova_of(&self->c, ccw), &irb, 5000));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	EXPECT_EQ(0, irb.cstat);
	EXPECT_EQ(SCSW_FCTL_START >> 12, irb.fctl);
	EXPECT_EQ(0xff, data[0]);
	EXPECT_EQ(0x38, data[1]);
	EXPECT_EQ(0x32, data[2]);
	EXPECT_EQ(0x02, data[3]);
	/* The channel stops one CCW past the last one it executed. */
	EXPECT_EQ(ccwc_iova_of(&self->c, ccw) + 8, irb.cpa);
}

TEST_F(mdev, read_conf_capacity)
{
	const char *sectors = getenv("VCCW_DISK_SECTORS");
	struct ccw1 *ccw = self->c.dma;
	uint8_t *data = (uint8_t *)self->c.dma + 0x2000;
	struct ccwc_irb irb;
	uint64_t cap;

	if (!sectors)
		SKIP(return, "VCCW_DISK_SECTORS not set");
	ccwc_set_ccw(ccw, CCW_CMD_VIRTIO_READ_CONF, 0, 8,
		     ccwc_iova_of(&self->c, data));
	ASSERT_EQ(0, ccwc_run(&self->c, ORB_LPM(0xff),
			      ccwc_iova_of(&self->c, ccw), &irb, 5000));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	memcpy(&cap, data, sizeof(cap));
	/*
	 * Until a driver negotiates virtio revision 1 the device is a legacy
	 * one, whose config space is in the guest's byte order: big endian
	 * (virtio 1.x, "Legacy Interface: Device Configuration Space").
	 */
	EXPECT_EQ(strtoull(sectors, NULL, 0), be64toh(cap));
}

TEST_HARNESS_MAIN

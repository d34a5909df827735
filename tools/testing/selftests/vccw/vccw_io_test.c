// SPDX-License-Identifier: GPL-2.0
/*
 * vccw_io_test - channel programs end to end through the I/O region,
 * against a virtio-blk-ccw subchannel (control unit 3832 model 2).  The
 * same programs run through vccw and the in-tree vfio_ccw (run.list has a
 * line for each); CCW semantics are from SA22-7832, chapter 15 "Basic I/O
 * Functions".
 */
#include <endian.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/vfio_ccw.h>

#include "ccw_client.h"
#include "kselftest_harness.h"

#define SCHN_STAT_PROG_CHECK	0x20

static bool is_vccw(void)
{
	const char *d = getenv("VCCW_DRIVER");

	return d && !strcmp(d, "vccw");
}

FIXTURE(io) {
	struct ccwc c;
	long locked_before;
};

FIXTURE_SETUP(io)
{
	const char *why = ccwc_env_skip_reason();
	int err;

	if (why)
		SKIP(return, "%s", why);
	self->locked_before = ccwc_locked_kb();
	err = ccwc_open_env(&self->c);
	ASSERT_EQ(0, err) TH_LOG("cannot open mdev: %s", strerror(-err));
}

FIXTURE_TEARDOWN(io)
{
	ccwc_close(&self->c);
	/* Every pin is returned once the device is closed. */
	EXPECT_EQ(self->locked_before, ccwc_locked_kb());
}

static void *at(struct ccwc *c, size_t off)
{
	return (char *)c->dma + off;
}

static uint32_t iova(struct ccwc *c, size_t off)
{
	return (uint32_t)c->iova + off;
}

/* SENSE ID into @off; returns ccwc_run()'s result. */
static int sense_id(struct ccwc *c, size_t ccw_off, size_t off,
		    struct ccwc_irb *irb)
{
	ccwc_set_ccw(at(c, ccw_off), CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
		     iova(c, off));
	return ccwc_run(c, ORB_LPM(0xff), iova(c, ccw_off), irb, 5000);
}

static bool is_3832(const uint8_t *d)
{
	return d[0] == 0xff && d[1] == 0x38 && d[2] == 0x32 && d[3] == 0x02;
}

TEST_F(io, sense_id)
{
	struct ccwc_irb irb;

	memset(at(&self->c, 0x1000), 0, 8);
	ASSERT_EQ(0, sense_id(&self->c, 0, 0x1000, &irb));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	EXPECT_EQ(0, irb.cstat);
	EXPECT_TRUE(is_3832(at(&self->c, 0x1000)));
	EXPECT_EQ(iova(&self->c, 8), irb.cpa);
}

/* READ_CONF's first 8 bytes are the capacity; through a 2-IDAW IDAL. */
TEST_F(io, read_conf_idal_page_cross)
{
	const char *sectors = getenv("VCCW_DISK_SECTORS");
	uint64_t *idal = at(&self->c, 0x800), cap;
	struct ccw1 *ccw = at(&self->c, 0);
	struct ccwc_irb irb;
	size_t data = 0x3000 - 4;	/* 4 bytes in one page, 4 in the next */

	if (!sectors)
		SKIP(return, "VCCW_DISK_SECTORS not set");
	memset(at(&self->c, data), 0xa5, 8);
	/* Format-2 IDAWs (ORB c64), 4K blocks: second IDAW at the boundary. */
	idal[0] = htobe64(iova(&self->c, data));
	idal[1] = htobe64(iova(&self->c, 0x3000));
	ccwc_set_ccw(ccw, CCW_CMD_VIRTIO_READ_CONF, CCW_FLAG_IDA, 8,
		     iova(&self->c, 0x800));
	ASSERT_EQ(0, ccwc_run(&self->c, ORB_LPM(0xff) | ORB_F_C64,
			      iova(&self->c, 0), &irb, 5000));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	EXPECT_EQ(0, irb.cstat);
	memcpy(&cap, at(&self->c, data), 8);
	/* Legacy virtio config space is in guest (big-endian) byte order. */
	EXPECT_EQ(strtoull(sectors, NULL, 0), be64toh(cap));
}

/* Command chaining: @n CCWs of @cmd, each with its own 8-byte buffer. */
static int run_chain(struct ccwc *c, uint8_t cmd, int n, struct ccwc_irb *irb)
{
	struct ccw1 *ccw = at(c, 0);
	int i;

	for (i = 0; i < n; i++)
		ccwc_set_ccw(&ccw[i], cmd,
			     (i < n - 1 ? CCW_FLAG_CC : 0) | CCW_FLAG_SLI,
			     cmd == CCW_CMD_NOOP ? 0 : 8,
			     iova(c, 0x10000 + 8 * i));
	return ccwc_run(c, ORB_LPM(0xff), iova(c, 0), irb, 10000);
}

TEST_F(io, chain_200_noop)
{
	struct ccwc_irb irb;

	ASSERT_EQ(0, run_chain(&self->c, CCW_CMD_NOOP, 200, &irb));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	EXPECT_EQ(0, irb.cstat);
	EXPECT_EQ(iova(&self->c, 200 * 8), irb.cpa);
}

TEST_F(io, chain_200_sense_id)
{
	struct ccwc_irb irb;
	int i;

	memset(at(&self->c, 0x10000), 0, 200 * 8);
	ASSERT_EQ(0, run_chain(&self->c, CCW_CMD_SENSE_ID, 200, &irb));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	EXPECT_EQ(0, irb.cstat);
	for (i = 0; i < 200; i++)
		ASSERT_TRUE(is_3832(at(&self->c, 0x10000 + 8 * i)))
			TH_LOG("CCW %d moved no data", i);
}

/* TIC forward, into a second chain, then back: every CCW runs once. */
TEST_F(io, tic_chains)
{
	struct ccw1 *a = at(&self->c, 0), *b = at(&self->c, 0x2000);
	struct ccwc_irb irb;

	memset(at(&self->c, 0x10000), 0, 32);
	ccwc_set_ccw(&a[0], CCW_CMD_TIC, 0, 0, iova(&self->c, 16));
	ccwc_set_ccw(&a[1], 0xff, 0, 0, 0);	/* skipped over */
	ccwc_set_ccw(&a[2], CCW_CMD_SENSE_ID, CCW_FLAG_CC | CCW_FLAG_SLI, 8,
		     iova(&self->c, 0x10000));
	ccwc_set_ccw(&a[3], CCW_CMD_TIC, 0, 0, iova(&self->c, 0x2000));
	ccwc_set_ccw(&b[0], CCW_CMD_SENSE_ID, CCW_FLAG_CC | CCW_FLAG_SLI, 8,
		     iova(&self->c, 0x10008));
	ccwc_set_ccw(&b[1], CCW_CMD_TIC, 0, 0, iova(&self->c, 0x2000 + 24));
	ccwc_set_ccw(&b[2], 0xff, 0, 0, 0);	/* skipped over */
	ccwc_set_ccw(&b[3], CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
		     iova(&self->c, 0x10010));
	ASSERT_EQ(0, ccwc_run(&self->c, ORB_LPM(0xff), iova(&self->c, 0),
			      &irb, 5000));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	EXPECT_EQ(0, irb.cstat);
	EXPECT_TRUE(is_3832(at(&self->c, 0x10000)));
	EXPECT_TRUE(is_3832(at(&self->c, 0x10008)));
	EXPECT_TRUE(is_3832(at(&self->c, 0x10010)));
	/* The CPA is the guest's, one past the last CCW executed. */
	EXPECT_EQ(iova(&self->c, 0x2000 + 32), irb.cpa);
}

/*
 * A TIC loop with no data transfer: the channel subsystem ends it (QEMU
 * after 255 consecutive TICs: channel-program check); translation must
 * terminate too, and the program must end cleanly either way.
 */
TEST_F(io, tic_loop_terminates)
{
	struct ccw1 *ccw = at(&self->c, 0);
	struct ccwc_irb irb;
	int err;

	ccwc_set_ccw(&ccw[0], CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
	ccwc_set_ccw(&ccw[1], CCW_CMD_TIC, 0, 0, iova(&self->c, 8));
	err = ccwc_run(&self->c, ORB_LPM(0xff), iova(&self->c, 0), &irb,
		       5000);
	if (err) {
		/* Refused before any device access: a clean error. */
		EXPECT_NE(-ETIMEDOUT, err);
	} else {
		EXPECT_TRUE(irb.cstat & SCHN_STAT_PROG_CHECK)
			TH_LOG("cstat %02x dstat %02x", irb.cstat, irb.dstat);
	}
	/* The device still works afterwards. */
	ASSERT_EQ(0, sense_id(&self->c, 0x100, 0x1000, &irb));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
}

/* No interrupt may follow a refused start. */
static void expect_quiet(struct __test_metadata *_metadata, struct ccwc *c)
{
	struct pollfd p = { .fd = c->io_efd, .events = POLLIN };

	EXPECT_EQ(0, poll(&p, 1, 300));
}

TEST_F(io, unmapped_cda)
{
	struct ccwc_irb irb;
	uint8_t orb[12];

	/* SENSE ID into an address outside the DMA window. */
	ccwc_set_ccw(at(&self->c, 0), CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
		     0x40000000);
	ccwc_make_orb(orb, 1, ORB_LPM(0xff) | ORB_F_FMT1 | ORB_F_PFCH,
		      iova(&self->c, 0));
	EXPECT_GT(0, ccwc_start(&self->c, orb));
	expect_quiet(_metadata, &self->c);
	ASSERT_EQ(0, sense_id(&self->c, 0, 0x1000, &irb));
}

TEST_F(io, unmapped_cpa)
{
	struct ccwc_irb irb;
	uint8_t orb[12];

	ccwc_make_orb(orb, 1, ORB_LPM(0xff) | ORB_F_FMT1 | ORB_F_PFCH,
		      0x40000000);
	EXPECT_GT(0, ccwc_start(&self->c, orb));
	expect_quiet(_metadata, &self->c);
	ASSERT_EQ(0, sense_id(&self->c, 0, 0x1000, &irb));
}

/*
 * Start the next program straight from the completion: the device must
 * never look busy once the eventfd fired (vfio_ccw fixed this in 2019).
 */
TEST_F(io, back_to_back)
{
	struct ccwc_irb irb;
	int i, err;

	for (i = 0; i < 100; i++) {
		err = sense_id(&self->c, 0, 0x1000, &irb);
		ASSERT_EQ(0, err) TH_LOG("iteration %d: %s", i, strerror(-err));
		ASSERT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	}
}

/* A second start while the first is running is refused, not queued. */
TEST_F(io, busy_while_pending)
{
	struct ccwc_irb irb;
	uint8_t orb[12];
	int err;

	ccwc_set_ccw(at(&self->c, 0), CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
		     iova(&self->c, 0x1000));
	ccwc_make_orb(orb, 1, ORB_LPM(0xff) | ORB_F_FMT1 | ORB_F_PFCH,
		      iova(&self->c, 0));
	ASSERT_EQ(0, ccwc_start(&self->c, orb));
	err = ccwc_start(&self->c, orb);
	/* Either still pending (busy) or already complete (accepted). */
	if (err)
		EXPECT_TRUE(err == -EBUSY || err == -EAGAIN)
			TH_LOG("second start: %s", strerror(-err));
	ASSERT_EQ(0, ccwc_wait(&self->c, 5000));
	ASSERT_EQ(0, ccwc_read_irb(&self->c, &irb));
	if (!err) {
		ASSERT_EQ(0, ccwc_wait(&self->c, 5000));
		ASSERT_EQ(0, ccwc_read_irb(&self->c, &irb));
	}
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
}

/* HALT on an idle subchannel completes with a halt-function status. */
TEST_F(io, async_halt_idle)
{
	struct ccwc_irb irb;

	ASSERT_EQ(0, ccwc_async(&self->c, VFIO_CCW_ASYNC_CMD_HSCH));
	ASSERT_EQ(0, ccwc_wait(&self->c, 5000));
	ASSERT_EQ(0, ccwc_read_irb(&self->c, &irb));
	EXPECT_NE(0u, irb.fctl & (SCSW_FCTL_HALT >> 12));
	if (is_vccw())
		EXPECT_EQ(0u, irb.cpa);	/* never a host address */
	ASSERT_EQ(0, sense_id(&self->c, 0, 0x1000, &irb));
}

TEST_HARNESS_MAIN

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
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <linux/vfio.h>
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

/* Start a SENSE ID (CCW at 0, data at 0x1000) and wait for its eventfd. */
static int start_sense_id(struct ccwc *c)
{
	uint8_t orb[12];
	int err;

	ccwc_set_ccw(at(c, 0), CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
		     iova(c, 0x1000));
	ccwc_make_orb(orb, 1, ORB_LPM(0xff) | ORB_F_FMT1 | ORB_F_PFCH,
		      iova(c, 0));
	err = ccwc_start(c, orb);
	return err ?: ccwc_wait(c, 5000);
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

/*
 * virtio-ccw READ_CONF (virtio 1.x, "Channel I/O"): the first 8 bytes of
 * virtio-blk's config space are the capacity in sectors, big endian while
 * the device is a legacy one (see oracle_test.c).  @off receives them.
 */
static int read_conf(struct ccwc *c, uint8_t flags, uint32_t cda,
		     uint32_t orb_flags, struct ccwc_irb *irb)
{
	ccwc_set_ccw(at(c, 0), CCW_CMD_VIRTIO_READ_CONF, flags, 8, cda);
	return ccwc_run(c, ORB_LPM(0xff) | orb_flags, iova(c, 0), irb, 5000);
}

/* The reference: the capacity read with a direct, aligned address. */
static void read_conf_ref(struct __test_metadata *_metadata, struct ccwc *c,
			  uint8_t ref[8])
{
	const char *sectors = getenv("VCCW_DISK_SECTORS");
	struct ccwc_irb irb;
	uint64_t cap;

	memset(at(c, 0x1000), 0xa5, 8);
	ASSERT_EQ(0, read_conf(c, 0, iova(c, 0x1000), 0, &irb));
	ASSERT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	memcpy(ref, at(c, 0x1000), 8);
	memcpy(&cap, ref, 8);
	ASSERT_EQ(strtoull(sectors, NULL, 0), be64toh(cap));
}

#define GUARD	0xa5

/*
 * Check 8 bytes read to @off, of which the first @split sit before a page
 * boundary and the rest after it, against the reference.  Guard bytes on
 * either side must be untouched.
 *
 * Known defect of QEMU's device model: its emulated IDA data stream
 * (hw/s390x/css.c, ccw_dstream_rw_ida(), in 7.2 at least) does not
 * advance its buffer pointer from one IDAW to the next, so the bytes for
 * every IDAW after the first are the *start* of the device's buffer
 * again.  The host program of vccw and vfio_ccw always uses IDAWs, one
 * per page, so any transfer that crosses a page boundary shows it.  The
 * test bed therefore runs a QEMU it builds with our fix, "s390x/css:
 * advance the buffer across IDAWs" (tools/testbed/qemu-patches/0001-*,
 * applied by build-qemu.sh), and there these tests pass.  The check
 * below stays as a guard for an unpatched emulator (the system QEMU,
 * used when that build cannot fetch its source): that exact signature
 * (the second part equals reference bytes 0..n, which differ from the
 * right ones) proves the second IDAW pointed at the right page; the data
 * itself is then the emulator's fault: skip, saying so.
 * Everything checked before the skip is an ASSERT: SKIP() would replace
 * the result of a failed EXPECT.
 */
static void check_split(struct __test_metadata *_metadata, struct ccwc *c,
			size_t off, size_t split, const uint8_t ref[8])
{
	const uint8_t *d = at(c, off);
	size_t rest = 8 - split;
	int i;

	for (i = 1; i <= 4; i++) {
		ASSERT_EQ(GUARD, d[-i]) TH_LOG("guard before, byte -%d", i);
		ASSERT_EQ(GUARD, d[7 + i]) TH_LOG("guard after, byte %d", i);
	}
	/* The part before the boundary: the first IDAW, exact. */
	ASSERT_EQ(0, memcmp(d, ref, split));
	if (!memcmp(d + split, ref + split, rest))
		return;
	/* Never the guard: the device did store behind the boundary. */
	ASSERT_NE(0, memcmp(d + split, "\xa5\xa5\xa5\xa5\xa5\xa5\xa5\xa5",
			    rest)) TH_LOG("nothing stored behind the page boundary");
	if (memcmp(ref, ref + split, rest) && !memcmp(d + split, ref, rest))
		SKIP(return,
		     "test bed: QEMU ccw_dstream_rw_ida() repeats the buffer start for the 2nd IDAW");
	ASSERT_EQ(0, memcmp(d + split, ref + split, rest))
		TH_LOG("behind the boundary: %02x%02x%02x%02x",
		       d[split], d[split + 1], d[split + 2], d[split + 3]);
}

/* One format-2 IDAW, not page aligned, data ending at the page end. */
TEST_F(io, read_conf_idal)
{
	uint64_t *idal = at(&self->c, 0x800);
	struct ccwc_irb irb;
	uint8_t ref[8];

	if (!getenv("VCCW_DISK_SECTORS"))
		SKIP(return, "VCCW_DISK_SECTORS not set");
	read_conf_ref(_metadata, &self->c, ref);
	memset(at(&self->c, 0x3000 - 12), GUARD, 12);
	memset(at(&self->c, 0x3000), GUARD, 4);
	idal[0] = htobe64(iova(&self->c, 0x3000 - 8));
	ASSERT_EQ(0, read_conf(&self->c, CCW_FLAG_IDA, iova(&self->c, 0x800),
			       ORB_F_C64, &irb));
	/* ASSERTs: a SKIP in check_split() must not hide a failure. */
	ASSERT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	ASSERT_EQ(0, irb.cstat);
	check_split(_metadata, &self->c, 0x3000 - 8, 8, ref);
}

/* Two format-2 IDAWs (ORB c64, 4K blocks): 4 bytes in each page. */
TEST_F(io, read_conf_idal_page_cross)
{
	uint64_t *idal = at(&self->c, 0x800);
	size_t data = 0x3000 - 4;
	struct ccwc_irb irb;
	uint8_t ref[8];

	if (!getenv("VCCW_DISK_SECTORS"))
		SKIP(return, "VCCW_DISK_SECTORS not set");
	read_conf_ref(_metadata, &self->c, ref);
	memset(at(&self->c, data - 4), GUARD, 16);
	idal[0] = htobe64(iova(&self->c, data));
	idal[1] = htobe64(iova(&self->c, 0x3000));
	ASSERT_EQ(0, read_conf(&self->c, CCW_FLAG_IDA, iova(&self->c, 0x800),
			       ORB_F_C64, &irb));
	/* ASSERTs: a SKIP in check_split() must not hide a failure. */
	ASSERT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	ASSERT_EQ(0, irb.cstat);
	check_split(_metadata, &self->c, data, 4, ref);
}

/* A direct address crossing a page: the host program needs two IDAWs. */
TEST_F(io, read_conf_direct_page_cross)
{
	size_t data = 0x5000 - 4;
	struct ccwc_irb irb;
	uint8_t ref[8];

	if (!getenv("VCCW_DISK_SECTORS"))
		SKIP(return, "VCCW_DISK_SECTORS not set");
	read_conf_ref(_metadata, &self->c, ref);
	memset(at(&self->c, data - 4), GUARD, 16);
	ASSERT_EQ(0, read_conf(&self->c, 0, iova(&self->c, data), 0, &irb));
	/* ASSERTs: a SKIP in check_split() must not hide a failure. */
	ASSERT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	ASSERT_EQ(0, irb.cstat);
	check_split(_metadata, &self->c, data, 4, ref);
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
	ASSERT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	ASSERT_EQ(0, irb.cstat);
	ASSERT_TRUE(is_3832(at(&self->c, 0x10000)));
	ASSERT_TRUE(is_3832(at(&self->c, 0x10008)));
	ASSERT_TRUE(is_3832(at(&self->c, 0x10010)));
	/*
	 * Known defect of the oracle: vfio_ccw's cp_update_scsw() (6.12)
	 * takes the first chain whose range, one past its end included,
	 * holds the host CPA; when the host copy of the first chain happens
	 * to follow the second's in memory, the end of the second chain is
	 * reported as the start of the first.  Only that exact value skips
	 * (the ASSERTs above keep a SKIP from hiding another failure).
	 */
	if (!is_vccw() && irb.cpa == iova(&self->c, 0))
		SKIP(return,
		     "vfio_ccw: adjacent host chains, end of one reported as start of the other");
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
	/*
	 * Two programs ran.  vfio_ccw may have signalled both completions
	 * before the wait (count 2); its single IRB slot then holds the
	 * second one only.  vccw announces one IRB per wakeup.
	 */
	if (!err && (is_vccw() || self->c.wakeups < 2)) {
		ASSERT_EQ(0, ccwc_wait(&self->c, 5000));
		ASSERT_EQ(0, ccwc_read_irb(&self->c, &irb));
	}
	if (is_vccw())
		EXPECT_EQ(1u, self->c.wakeups);
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

/* CLEAR on an idle subchannel: cc 0, then a clear-function status. */
TEST_F(io, async_clear_idle)
{
	struct ccwc_irb irb;

	ASSERT_EQ(0, ccwc_async(&self->c, VFIO_CCW_ASYNC_CMD_CSCH));
	ASSERT_EQ(0, ccwc_wait(&self->c, 5000));
	ASSERT_EQ(0, ccwc_read_irb(&self->c, &irb));
	EXPECT_EQ(SCSW_FCTL_CLEAR >> 12, irb.fctl);
	EXPECT_NE(0u, irb.stctl & SCSW_STCTL_PENDING);
	if (is_vccw())
		EXPECT_EQ(0u, irb.cpa);
	ASSERT_EQ(0, sense_id(&self->c, 0, 0x1000, &irb));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
}

/*
 * vccw queues IRBs: a read that includes the first byte of irb_area takes
 * the oldest, a read starting further in returns the rest of that same
 * IRB.  Queue two (a SENSE ID's, then a CLEAR's) and read the first in
 * two pieces: the second piece must not take the CLEAR's IRB off the
 * queue.  The CLEAR clears the status userspace has not read, except the
 * IRB a wakeup already announced.
 */
TEST_F(io, irb_read_in_pieces)
{
	const off_t irb = self->c.region_off[VFIO_CCW_CONFIG_REGION_INDEX] +
			  offsetof(struct ccw_io_region, irb_area);
	uint8_t head[4], tail[92];
	struct ccwc_irb r;
	uint32_t w[2];

	if (!is_vccw())
		SKIP(return, "vfio_ccw keeps one IRB, not a queue");
	/* Waits for the wakeup: the SENSE ID's IRB is announced. */
	ASSERT_EQ(0, start_sense_id(&self->c));
	ASSERT_EQ(0, ccwc_async(&self->c, VFIO_CCW_ASYNC_CMD_CSCH));
	ASSERT_EQ(sizeof(head), pread(self->c.device, head, sizeof(head), irb));
	memcpy(w, head, sizeof(w[0]));
	EXPECT_EQ(SCSW_FCTL_START >> 12, (be32toh(w[0]) >> 12) & 7);
	/* The rest of the SENSE ID's IRB: its CPA and device status. */
	ASSERT_EQ(sizeof(tail), pread(self->c.device, tail, sizeof(tail),
				      irb + sizeof(head)));
	memcpy(w, tail, sizeof(w));
	EXPECT_EQ(iova(&self->c, 8), be32toh(w[0]));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, be32toh(w[1]) >> 24);
	/* The CLEAR's IRB is still queued: the next whole read gets it. */
	ASSERT_EQ(0, ccwc_wait(&self->c, 5000));
	ASSERT_EQ(0, ccwc_read_irb(&self->c, &r));
	EXPECT_EQ(SCSW_FCTL_CLEAR >> 12, r.fctl);
}

/*
 * Read IRBs until one ends @fctl's function (status pending, no start,
 * halt or clear pending); returns the number read, or -errno.
 */
static int drain_until(struct ccwc *c, uint32_t fctl, struct ccwc_irb *irb)
{
	int n = 0, err;

	do {
		err = ccwc_wait(c, 5000);
		if (!err)
			err = ccwc_read_irb(c, irb);
		if (err)
			return err;
		n++;
	} while (!(irb->fctl & (fctl >> 12)) ||
		 !(irb->stctl & SCSW_STCTL_PENDING) || n > 8);
	return n;
}

/*
 * CLEAR right after a START: CLEAR SUBCHANNEL has no busy condition code
 * (SA22-7832 ch. 14), so it is accepted whatever the program's progress;
 * the program ends, a clear status arrives, and a START straight after
 * runs normally (the cleared program's pages were returned first).
 */
TEST_F(io, clear_after_start_then_start)
{
	struct ccwc_irb irb;
	uint8_t orb[12];
	int i;

	for (i = 0; i < 20; i++) {
		ccwc_set_ccw(at(&self->c, 0), CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
			     iova(&self->c, 0x1000));
		ccwc_make_orb(orb, 1, ORB_LPM(0xff) | ORB_F_FMT1 | ORB_F_PFCH,
			      iova(&self->c, 0));
		ASSERT_EQ(0, ccwc_start(&self->c, orb));
		ASSERT_EQ(0, ccwc_async(&self->c, VFIO_CCW_ASYNC_CMD_CSCH));
		ASSERT_LT(0, drain_until(&self->c, SCSW_FCTL_CLEAR, &irb))
			TH_LOG("iteration %d: no clear status", i);
		/*
		 * The CPA of a clear status is unpredictable (SA22-7832
		 * ch. 16), but it is never a host address: 0, or the guest's
		 * address one past the CCW.
		 */
		if (is_vccw())
			EXPECT_TRUE(!irb.cpa || irb.cpa == iova(&self->c, 8))
				TH_LOG("CPA %08x", irb.cpa);
		memset(at(&self->c, 0x2000), 0, 8);
		ASSERT_EQ(0, sense_id(&self->c, 0x100, 0x2000, &irb))
			TH_LOG("iteration %d", i);
		ASSERT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
		ASSERT_TRUE(is_3832(at(&self->c, 0x2000)));
	}
}

/*
 * HALT right after a START: cc 0 (halt started: the IRB says halt), or
 * -EBUSY for cc 1/2 when the start's status is still pending.  Either
 * way the device works afterwards.
 */
TEST_F(io, halt_after_start)
{
	struct ccwc_irb irb;
	uint8_t orb[12];
	int err, i;

	for (i = 0; i < 20; i++) {
		ccwc_set_ccw(at(&self->c, 0), CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
			     iova(&self->c, 0x1000));
		ccwc_make_orb(orb, 1, ORB_LPM(0xff) | ORB_F_FMT1 | ORB_F_PFCH,
			      iova(&self->c, 0));
		ASSERT_EQ(0, ccwc_start(&self->c, orb));
		err = ccwc_async(&self->c, VFIO_CCW_ASYNC_CMD_HSCH);
		if (err) {
			ASSERT_EQ(-EBUSY, err);
			ASSERT_LT(0, drain_until(&self->c, SCSW_FCTL_START,
						 &irb));
		} else {
			ASSERT_LT(0, drain_until(&self->c, SCSW_FCTL_HALT,
						 &irb));
		}
		ASSERT_EQ(0, sense_id(&self->c, 0x100, 0x2000, &irb));
		ASSERT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	}
}

/* One line "name value" of /sys/kernel/debug/vccw/<sch>/counters. */
static int counter(const char *name, long long *v)
{
	const char *sch = getenv("VCCW_SCH");
	char path[256], line[128], n[64];
	long long x;
	int ret = -ENOENT;
	FILE *f;

	if (!sch)
		return -ENOENT;
	snprintf(path, sizeof(path), "/sys/kernel/debug/vccw/%s/counters",
		 sch);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lld", n, &x) == 2 && !strcmp(n, name)) {
			*v = x;
			ret = 0;
			break;
		}
	fclose(f);
	return ret;
}

/*
 * Status userspace has not read is the subchannel's pending status (vccw
 * only; vfio_ccw keeps a single IRB slot and halts regardless):
 * HALT SUBCHANNEL gives cc 1 (-EBUSY) while a final status is unread,
 * and CLEAR SUBCHANNEL clears it (SA22-7832 ch. 14 and 15), except the
 * IRB a wakeup already announced.  So a reader that falls behind a flood
 * of HALTs and CLEARs finds the announced IRB, then the status of the
 * last CLEAR only, and nothing dropped.  Each CLEAR is issued after the
 * interruption of the one before it arrived (the "irq" counter), so that
 * it has a status to clear.
 */
TEST_F(io, halt_clear_flood_while_status_pending)
{
	long long dropped0, dropped, cleared0, cleared, irqs, n = 0;
	struct ccwc_irb irb;
	int i, t, clears = 0;

	if (!is_vccw())
		SKIP(return, "vfio_ccw keeps one IRB, not a queue");
	ASSERT_EQ(0, counter("irb_dropped", &dropped0));
	ASSERT_EQ(0, counter("irb_cleared", &cleared0));
	/* The start's final status is announced, not read. */
	ASSERT_EQ(0, start_sense_id(&self->c));
	for (i = 0; i < 40; i++) {
		ASSERT_EQ(-EBUSY, ccwc_async(&self->c, VFIO_CCW_ASYNC_CMD_HSCH))
			TH_LOG("halt %d with the start's status unread", i);
		ASSERT_EQ(0, counter("irq", &irqs));
		ASSERT_EQ(0, ccwc_async(&self->c, VFIO_CCW_ASYNC_CMD_CSCH));
		for (t = 0; t < 5000 && !counter("irq", &n) && n == irqs; t++)
			usleep(1000);
		ASSERT_LT(irqs, n) TH_LOG("clear %d: no interruption", i);
	}
	ASSERT_EQ(0, ccwc_read_irb(&self->c, &irb));
	EXPECT_EQ(SCSW_FCTL_START >> 12, irb.fctl);
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	while (!ccwc_wait(&self->c, 500)) {
		ASSERT_EQ(0, ccwc_read_irb(&self->c, &irb));
		EXPECT_EQ(SCSW_FCTL_CLEAR >> 12, irb.fctl);
		clears++;
	}
	EXPECT_EQ(1, clears);
	ASSERT_EQ(0, counter("irb_dropped", &dropped));
	ASSERT_EQ(0, counter("irb_cleared", &cleared));
	EXPECT_EQ(dropped0, dropped);
	EXPECT_EQ(39, cleared - cleared0);
	/* Nothing pending: HALT on the idle subchannel is accepted. */
	ASSERT_EQ(0, ccwc_async(&self->c, VFIO_CCW_ASYNC_CMD_HSCH));
	ASSERT_EQ(0, ccwc_wait(&self->c, 5000));
	ASSERT_EQ(0, ccwc_read_irb(&self->c, &irb));
	EXPECT_NE(0u, irb.fctl & (SCSW_FCTL_HALT >> 12));
	ASSERT_EQ(0, sense_id(&self->c, 0, 0x1000, &irb));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
}

/* The per-device counters move with the I/O (vccw only). */
TEST_F(io, debugfs_counters)
{
	static const char * const names[] = {
		"start", "ccws", "pages_pinned", "irq_final", "err_translate",
		"pinned_now",
	};
	long long before[6], after[6];
	struct ccwc_irb irb;
	uint8_t orb[12];
	unsigned int i;

	if (!is_vccw())
		SKIP(return, "debugfs counters are vccw's");
	for (i = 0; i < 6; i++)
		ASSERT_EQ(0, counter(names[i], &before[i]))
			TH_LOG("counter #%u missing", i);
	/* Two SENSE IDs, 3 CCWs and 2 pages in all; one refused program. */
	ASSERT_EQ(0, sense_id(&self->c, 0, 0x1000, &irb));
	ccwc_set_ccw(at(&self->c, 0x100), CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
	ccwc_set_ccw(at(&self->c, 0x108), CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
		     iova(&self->c, 0x2000));
	ASSERT_EQ(0, ccwc_run(&self->c, ORB_LPM(0xff), iova(&self->c, 0x100),
			      &irb, 5000));
	ccwc_make_orb(orb, 1, ORB_LPM(0xff) | ORB_F_FMT1 | ORB_F_PFCH,
		      0x40000000);
	EXPECT_GT(0, ccwc_start(&self->c, orb));
	for (i = 0; i < 6; i++)
		ASSERT_EQ(0, counter(names[i], &after[i]));
	EXPECT_EQ(2, after[0] - before[0]);
	EXPECT_EQ(3, after[1] - before[1]);
	EXPECT_LE(2, after[2] - before[2]);
	EXPECT_EQ(2, after[3] - before[3]);
	EXPECT_EQ(1, after[4] - before[4]);
	/* The eventfd fires after the pages are back: nothing pinned now. */
	EXPECT_EQ(0, after[5]);
}

static void dma_map(struct __test_metadata *_metadata, struct ccwc *c,
		    bool map)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap), .iova = c->iova, .size = c->dma_size,
	};
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m), .vaddr = (uintptr_t)c->dma,
		.iova = c->iova, .size = c->dma_size,
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
	};

	int ret;

	ret = map ? ioctl(c->container, VFIO_IOMMU_MAP_DMA, &m) :
		    ioctl(c->container, VFIO_IOMMU_UNMAP_DMA, &unmap);
	ASSERT_EQ(0, ret) TH_LOG("%s: %s", map ? "map" : "unmap",
				 strerror(errno));
	c->mapped = map;
}

/*
 * Unmapping memory does not reset the device: an IRB that userspace has
 * not read yet survives an unmap of the whole window (vfio_ccw as well:
 * it resets only when the range is pinned, and a finished program no
 * longer is).
 */
TEST_F(io, dma_unmap_keeps_irbs)
{
	struct ccwc_irb irb;

	/* vccw's pin cache still holds the program's pages after it ends. */
	if (is_vccw() && ccwc_lockdep_skip())
		SKIP(return, "%s", ccwc_lockdep_skip());
	ASSERT_EQ(0, start_sense_id(&self->c));
	dma_map(_metadata, &self->c, false);
	dma_map(_metadata, &self->c, true);
	ASSERT_EQ(0, ccwc_read_irb(&self->c, &irb));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	EXPECT_EQ(SCSW_FCTL_START >> 12, irb.fctl);
	ASSERT_EQ(0, sense_id(&self->c, 0, 0x1000, &irb));
}

/*
 * vccw keeps the pages of a finished program pinned (the pin cache,
 * Documentation/arch/s390/vccw.rst, "Limits"): the opener's locked memory
 * stays up after the I/O, an unmap of the window returns those pins at
 * once without ending any program, and the device works on after a remap.
 */
TEST_F(io, pin_cache_unmap)
{
	long long kills0 = -1, kills = -1;
	struct ccwc_irb irb;
	long base, held;

	if (!is_vccw())
		SKIP(return, "the pin cache is vccw's");
	if (!ccwc_pin_cache_pages())
		SKIP(return, "vccw runs without its pin cache (pin_cache_pages=0)");
	base = ccwc_locked_kb();
	ASSERT_LE(0, base);
	ASSERT_EQ(0, counter("unmap_kill", &kills0));
	ASSERT_EQ(0, sense_id(&self->c, 0, 0x1000, &irb));
	ASSERT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	held = ccwc_locked_kb();
	/* The data page (CCWs and IDALs are read, never pinned). */
	ASSERT_LE(base + 4, held) TH_LOG("VmLck %ld kB before, %ld kB after",
					 base, held);
	/* A second run of the same program pins nothing new. */
	ASSERT_EQ(0, sense_id(&self->c, 0, 0x1000, &irb));
	ASSERT_EQ(held, ccwc_locked_kb());
	if (ccwc_lockdep_skip())
		SKIP(return, "%s", ccwc_lockdep_skip());
	dma_map(_metadata, &self->c, false);
	EXPECT_EQ(base, ccwc_locked_kb());
	EXPECT_EQ(0, counter("unmap_kill", &kills));
	EXPECT_EQ(kills0, kills);
	dma_map(_metadata, &self->c, true);
	ASSERT_EQ(0, sense_id(&self->c, 0x100, 0x2000, &irb));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
}

/*
 * Unmap the window while a program may still hold pins on it (vccw):
 * only that program is affected.  It ends either normally or with a
 * channel-program check (Documentation/arch/s390/vccw.rst, "DMA unmap"),
 * an IRB always arrives, no pin stays behind, and the device keeps
 * working without a reset.
 */
TEST_F(io, dma_unmap_during_io)
{
	long kills0 = 0, kills = 0;
	long long k;
	struct ccwc_irb irb;
	uint8_t orb[12];
	int i;

	if (!is_vccw())
		SKIP(return, "vfio_ccw resets the device on such an unmap");
	if (ccwc_lockdep_skip())
		SKIP(return, "%s", ccwc_lockdep_skip());
	if (!counter("unmap_kill", &k))
		kills0 = k;
	for (i = 0; i < 50; i++) {
		ccwc_set_ccw(at(&self->c, 0), CCW_CMD_SENSE_ID, CCW_FLAG_SLI,
			     8, iova(&self->c, 0x1000));
		ccwc_make_orb(orb, 1, ORB_LPM(0xff) | ORB_F_FMT1 | ORB_F_PFCH,
			      iova(&self->c, 0));
		ASSERT_EQ(0, ccwc_start(&self->c, orb));
		dma_map(_metadata, &self->c, false);
		ASSERT_EQ(0, ccwc_wait(&self->c, 5000)) TH_LOG("iteration %d", i);
		ASSERT_EQ(0, ccwc_read_irb(&self->c, &irb));
		ASSERT_NE(0u, irb.stctl & SCSW_STCTL_PENDING);
		if (irb.cstat) {
			ASSERT_EQ(SCHN_STAT_PROG_CHECK, irb.cstat);
			ASSERT_EQ(0u, irb.cpa);
		} else {
			ASSERT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
		}
		dma_map(_metadata, &self->c, true);
		ASSERT_EQ(0, sense_id(&self->c, 0x100, 0x2000, &irb));
		ASSERT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	}
	if (!counter("unmap_kill", &k))
		kills = k;
	TH_LOG("programs ended by the unmap: %ld", kills - kills0);
	EXPECT_EQ(0, counter("pinned_now", &k));
	EXPECT_EQ(0, k);
}

/* The first CHPID of our subchannel, from sysfs; -1 if unknown. */
static int first_chpid(void)
{
	const char *sch = getenv("VCCW_SCH");
	unsigned int id;
	char path[256];
	FILE *f;
	int n;

	if (!sch)
		return -1;
	snprintf(path, sizeof(path), "/sys/bus/css/devices/%s/chpids", sch);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fscanf(f, "%x", &id);
	fclose(f);
	return n == 1 ? (int)id : -1;
}

/* Write a string to a sysfs or debugfs file: 0 or -errno. */
static int write_str(const char *path, const char *val)
{
	int fd, ret = 0;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int vary(int chpid, const char *how)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/devices/css0/chp0.%02x/status",
		 chpid);
	return write_str(path, how);
}

/* Wait (at most 20 s) for the CRW eventfd and read one CRW; 0 if none came. */
static uint32_t next_crw(struct ccwc *c, int efd)
{
	struct pollfd p = { .fd = efd, .events = POLLIN };
	struct ccw_crw_region r = { 0 };
	uint64_t v;

	/*
	 * The css layer delivers path events from its CRW thread after the
	 * slow path has settled: seconds on the debug kernel under load.
	 */
	if (poll(&p, 1, 20000) != 1 || read(efd, &v, sizeof(v)) != sizeof(v))
		return 0;
	if (pread(c->device, &r, sizeof(r), c->region_off[3]) != sizeof(r))
		return 0;
	return r.crw;
}

#define CRW_RSC(w)	(((w) >> 24) & 0xf)
#define CRW_ERC(w)	(((w) >> 16) & 0x3f)
#define CRW_RSID(w)	((w) & 0xffff)

/*
 * The host varies our channel path off, then on (vccw): userspace gets a
 * channel-path CRW each time (RSC 4; ERC 6 "permanent error, not
 * initialized", then ERC 2 "initialized"; RSID the CHPID, SA22-7832 ch. 17)
 * and, while the path is off, a START has no path and fails with -EACCES
 * before anything is pinned or started.  EXPECTs only between the two
 * varies, so that the path always comes back on.
 */
TEST_F(io, path_vary_off_on)
{
	struct ccwc_irb irb;
	uint32_t crw;
	uint8_t orb[12];
	int chpid, efd, err;

	if (!is_vccw())
		SKIP(return, "vfio_ccw reports no CRW for a vary");
	chpid = first_chpid();
	if (chpid < 0)
		SKIP(return, "no CHPID for %s", getenv("VCCW_SCH"));
	efd = ccwc_new_eventfd(&self->c, VFIO_CCW_CRW_IRQ_INDEX);
	ASSERT_LE(0, efd);
	err = vary(chpid, "offline");
	if (err == -ENOENT)
		SKIP(return, "no chp0.%02x in sysfs", chpid);
	ASSERT_EQ(0, err);

	crw = next_crw(&self->c, efd);
	EXPECT_EQ(4u, CRW_RSC(crw)) TH_LOG("CRW %08x", crw);
	EXPECT_EQ(6u, CRW_ERC(crw));
	EXPECT_EQ((uint32_t)chpid, CRW_RSID(crw));
	ccwc_set_ccw(at(&self->c, 0), CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
		     iova(&self->c, 0x1000));
	ccwc_make_orb(orb, 1, ORB_LPM(0xff) | ORB_F_FMT1 | ORB_F_PFCH,
		      iova(&self->c, 0));
	EXPECT_EQ(-EACCES, ccwc_start(&self->c, orb));
	expect_quiet(_metadata, &self->c);

	ASSERT_EQ(0, vary(chpid, "online"));
	crw = next_crw(&self->c, efd);
	EXPECT_EQ(4u, CRW_RSC(crw)) TH_LOG("CRW %08x", crw);
	EXPECT_EQ(2u, CRW_ERC(crw));
	EXPECT_EQ((uint32_t)chpid, CRW_RSID(crw));
	ASSERT_EQ(0, sense_id(&self->c, 0, 0x1000, &irb));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	ccwc_set_eventfd(&self->c, VFIO_CCW_CRW_IRQ_INDEX, -1);
	close(efd);
}

/*
 * The kernel's CIO_INJECT interface: a channel-report word handed to the
 * guest kernel's CRW machinery as if the machine had stored it.
 */
#define CRW_INJECT	"/sys/kernel/debug/s390/cio/crw_inject"
#define CRW_ERC_PERRN	6	/* permanent error, not initialized: path gone */
#define CRW_ERC_INIT	2	/* initialized: path (back) available */
#define CRW_OFLW	0x20000000u

#define CIO_INJECT_ON	"/sys/kernel/debug/s390/cio/enable_inject"

/*
 * Inject a channel-path CRW (RSC 4) for @chpid: 0 or -errno.  Injection
 * must be switched on (cio_inject(true)) until the CRW was processed:
 * STORE CHANNEL REPORT returns the injected CRW only while it is on.
 */
static int inject_chp(int chpid, int erc)
{
	char crw[64];

	/* slct oflw chn rsc anc erc rsid, as cio_inject parses them */
	snprintf(crw, sizeof(crw), "0 0 0 4 0 %x %x", erc, chpid);
	return write_str(CRW_INJECT, crw);
}

static int cio_inject(bool on)
{
	return write_str(CIO_INJECT_ON, on ? "1" : "0");
}

/*
 * The channel subsystem reports our channel path gone, then back
 * (CIO_INJECT; SA22-7832 ch. 17, "Channel-Report Word"): the css layer
 * calls the driver with CHP_OFFLINE, then CHP_ONLINE, and userspace gets
 * the same CRWs from vccw and from vfio_ccw (RSC 4; ERC 6, then ERC 2;
 * RSID the CHPID).  A program runs afterwards.
 */
TEST_F(io, path_injected_gone_back)
{
	struct ccwc_irb irb;
	int chpid, efd, err;
	uint32_t crw;

	chpid = first_chpid();
	if (chpid < 0)
		SKIP(return, "no CHPID for %s", getenv("VCCW_SCH"));
	efd = ccwc_new_eventfd(&self->c, VFIO_CCW_CRW_IRQ_INDEX);
	ASSERT_LE(0, efd);
	err = cio_inject(true);
	if (err == -ENOENT)
		SKIP(return, "no %s (CONFIG_CIO_INJECT)", CIO_INJECT_ON);
	ASSERT_EQ(0, err);
	/* EXPECTs only until the path is back (and injection is off). */
	EXPECT_EQ(0, inject_chp(chpid, CRW_ERC_PERRN));
	crw = next_crw(&self->c, efd);
	EXPECT_EQ(4u, CRW_RSC(crw)) TH_LOG("CRW %08x", crw);
	EXPECT_EQ(6u, CRW_ERC(crw));
	EXPECT_EQ((uint32_t)chpid, CRW_RSID(crw));

	EXPECT_EQ(0, inject_chp(chpid, CRW_ERC_INIT));
	crw = next_crw(&self->c, efd);
	EXPECT_EQ(4u, CRW_RSC(crw)) TH_LOG("CRW %08x", crw);
	EXPECT_EQ(2u, CRW_ERC(crw));
	EXPECT_EQ((uint32_t)chpid, CRW_RSID(crw));
	EXPECT_EQ(0, cio_inject(false));
	ASSERT_EQ(0, sense_id(&self->c, 0, 0x1000, &irb));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	ccwc_set_eventfd(&self->c, VFIO_CCW_CRW_IRQ_INDEX, -1);
	close(efd);
}

/* Wait (at most 10 s) until the driver counted @n channel reports. */
static bool wait_crws(long long n)
{
	long long v = 0;
	int i;

	for (i = 0; i < 200; i++) {
		if (!counter("crw", &v) && v >= n)
			return true;
		usleep(50000);
	}
	return false;
}

/*
 * More channel reports than vccw queues (16) while userspace reads none:
 * the oldest are kept, the last one kept carries the overflow flag (R,
 * "one or more CRWs lost", SA22-7832 ch. 17), and once they are read the
 * region says "no more" with a zero CRW.  vfio_ccw's list is unbounded.
 */
TEST_F(io, crw_overflow)
{
	const int sent = 2 * 16 + 1;
	uint32_t crw[17] = { 0 };
	long long before = 0;
	int chpid, efd, err, i;

	if (!is_vccw())
		SKIP(return, "vfio_ccw queues every CRW");
	chpid = first_chpid();
	if (chpid < 0)
		SKIP(return, "no CHPID for %s", getenv("VCCW_SCH"));
	ASSERT_EQ(0, counter("crw", &before));
	efd = ccwc_new_eventfd(&self->c, VFIO_CCW_CRW_IRQ_INDEX);
	ASSERT_LE(0, efd);
	err = cio_inject(true);
	if (err == -ENOENT)
		SKIP(return, "no %s (CONFIG_CIO_INJECT)", CIO_INJECT_ON);
	ASSERT_EQ(0, err);
	/* EXPECTs only until the path is back (and injection is off). */
	for (i = 0; i < sent; i++) {
		/* One at a time: one injected CRW is held at a time. */
		EXPECT_EQ(0, inject_chp(chpid, CRW_ERC_PERRN));
		EXPECT_TRUE(wait_crws(before + i + 1));
	}
	for (i = 0; i < 17; i++) {
		struct ccw_crw_region r = { 0 };

		EXPECT_EQ((ssize_t)sizeof(r), pread(self->c.device, &r,
						    sizeof(r),
						    self->c.region_off[3]));
		crw[i] = r.crw;
	}
	for (i = 0; i < 16; i++) {
		EXPECT_EQ(4u, CRW_RSC(crw[i])) TH_LOG("CRW %d: %08x", i, crw[i]);
		EXPECT_EQ((uint32_t)chpid, CRW_RSID(crw[i]));
		EXPECT_EQ(i == 15 ? CRW_OFLW : 0, crw[i] & CRW_OFLW)
			TH_LOG("CRW %d: %08x", i, crw[i]);
	}
	EXPECT_EQ(0u, crw[16]) TH_LOG("a 17th CRW: %08x", crw[16]);
	EXPECT_EQ(0, inject_chp(chpid, CRW_ERC_INIT));
	EXPECT_TRUE(wait_crws(before + sent + 1));
	EXPECT_EQ(0, cio_inject(false));
	ccwc_set_eventfd(&self->c, VFIO_CCW_CRW_IRQ_INDEX, -1);
	close(efd);
}

/*
 * A subchannel CRW for our subchannel (RSC 3, ERC 4 "installed parameters
 * initialized", RSID the subchannel number), injected: the css layer
 * evaluates the subchannel and calls the driver's sch_event.  QEMU's
 * PMCW did not change, so userspace gets no CRW (vccw reports a
 * subchannel CRW only for changed PIM, PAM or POM; vfio_ccw none at all),
 * and the device goes on working.
 */
TEST_F(io, subchannel_crw_no_change)
{
	const char *sch = getenv("VCCW_SCH");
	unsigned int schno;
	struct ccwc_irb irb;
	char crw[64];
	int efd, err;

	if (!sch || sscanf(sch, "0.%*x.%x", &schno) != 1)
		SKIP(return, "no subchannel number for %s", sch);
	efd = ccwc_new_eventfd(&self->c, VFIO_CCW_CRW_IRQ_INDEX);
	ASSERT_LE(0, efd);
	err = cio_inject(true);
	if (err == -ENOENT)
		SKIP(return, "no %s (CONFIG_CIO_INJECT)", CIO_INJECT_ON);
	ASSERT_EQ(0, err);
	snprintf(crw, sizeof(crw), "0 0 0 3 0 4 %x", schno);
	EXPECT_EQ(0, write_str(CRW_INJECT, crw));
	EXPECT_EQ(0u, next_crw(&self->c, efd));
	EXPECT_EQ(0, cio_inject(false));
	ASSERT_EQ(0, sense_id(&self->c, 0, 0x1000, &irb));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	ccwc_set_eventfd(&self->c, VFIO_CCW_CRW_IRQ_INDEX, -1);
	close(efd);
}

TEST_HARNESS_MAIN

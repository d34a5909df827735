// SPDX-License-Identifier: GPL-2.0
/*
 * vccw_hotplug_test - the device behind an open mdev is hot-unplugged.
 *
 * The host runner deletes the QEMU device of the disk (QMP device_del
 * through /testbed/hostctl) while the mdev is open.  The guest's channel
 * subsystem reports the subchannel gone (CRW); the driver must raise the
 * VFIO device request (VFIO_CCW_REQ_IRQ_INDEX) within bounded time, fail
 * new I/O cleanly, and once the user closes, the subchannel must be
 * unregistered.  device_add brings the disk back on a new subchannel that
 * io_subchannel binds, and binding it again to the driver works.
 *
 * run.list runs this on a disk no other test uses (0.0.0103, "disk3"),
 * once per driver.  Every test leaves the disk plugged in and its
 * subchannel present, as the runner's unbind expects.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/vfio.h>
#include <linux/vfio_ccw.h>

#include "ccw_client.h"
#include "vccw_test_util.h"
#include "kselftest_harness.h"

/* Bounds, generous for TCG. */
#define REQ_TIMEOUT_MS		15000	/* device_del -> device request */
#define GONE_TIMEOUT_MS		10000	/* close -> subchannel unregistered */
#define BACK_TIMEOUT_MS		20000	/* device_add -> io_subchannel bound */
/*
 * device_add -> virtio_ccw set the disk online.  On the debug kernel the
 * subchannel is back within 0.1 s, but cio's worker then walks every
 * subchannel id before the new device is online: 11 to 28 s measured
 * (7 to 24 s on the earlier non-preemptible debug kernel, where 20 s
 * failed about one replug in three).
 */
#define ONLINE_TIMEOUT_MS	60000
#define CLOSE_MAX_MS		5000

#define CHAIN_LEN	200
#define CHAIN_CCW	0x10000
#define CHAIN_DATA	0x20000

FIXTURE(hp) {
	struct ccwc c;
	bool open;
	bool unplugged;		/* QEMU device deleted and not re-added */
	int req_efd;
	int crw_efd;
	long locked_before;
	char driver[16];
	char devno[16];
	char disk[8];
	char uuid[64];
	char sch_path[256];	/* /sys/devices/... of the subchannel */
	char msg[256];
};

static int sense_id(struct ccwc *c, struct ccwc_irb *irb, int timeout_ms)
{
	memset(ccwc_at(c, 0x1000), 0, 8);
	ccwc_set_ccw(ccwc_at(c, 0), CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
		     ccwc_iova_at(c, 0x1000));
	return ccwc_run(c, ORB_LPM(0xff), ccwc_iova_at(c, 0), irb, timeout_ms);
}

/* @n command-chained SENSE IDs, each into its own 8 bytes. */
static void build_chain(struct ccwc *c, int n)
{
	struct ccw1 *ccw = ccwc_at(c, CHAIN_CCW);
	int i;

	memset(ccwc_at(c, CHAIN_DATA), 0, 8 * n);
	for (i = 0; i < n; i++)
		ccwc_set_ccw(&ccw[i], CCW_CMD_SENSE_ID,
			     (i < n - 1 ? CCW_FLAG_CC : 0) | CCW_FLAG_SLI, 8,
			     ccwc_iova_at(c, CHAIN_DATA + 8 * i));
}

static int open_dev(struct _test_data_hp *self)
{
	int err;

	err = ccwc_open(&self->c, self->uuid, CCWC_IOVA, CCWC_DMA_SIZE);
	if (err)
		return err;
	self->open = true;
	self->req_efd = vt_eventfd();
	self->crw_efd = vt_eventfd();
	if (self->req_efd < 0 || self->crw_efd < 0)
		return -EMFILE;
	err = ccwc_set_eventfd(&self->c, VFIO_CCW_REQ_IRQ_INDEX,
			       self->req_efd);
	if (!err)
		err = ccwc_set_eventfd(&self->c, VFIO_CCW_CRW_IRQ_INDEX,
				       self->crw_efd);
	return err;
}

/*
 * Unregister the eventfds (the in-tree vfio_ccw never drops them itself)
 * and close everything.  Returns how long it took, in ms.
 */
static long close_dev(struct _test_data_hp *self)
{
	long long t0 = vt_now_ms();

	if (!self->open)
		return 0;
	if (self->req_efd >= 0)
		ccwc_set_eventfd(&self->c, VFIO_CCW_REQ_IRQ_INDEX, -1);
	if (self->crw_efd >= 0)
		ccwc_set_eventfd(&self->c, VFIO_CCW_CRW_IRQ_INDEX, -1);
	ccwc_close(&self->c);
	if (self->req_efd >= 0)
		close(self->req_efd);
	if (self->crw_efd >= 0)
		close(self->crw_efd);
	self->req_efd = -1;
	self->crw_efd = -1;
	self->open = false;
	return (long)(vt_now_ms() - t0);
}

static int unplug(struct _test_data_hp *self)
{
	int ret = vt_hostctl("device_del", self->disk, self->msg,
			     sizeof(self->msg));

	if (!ret)
		self->unplugged = true;
	return ret;
}

static int replug(struct _test_data_hp *self)
{
	int ret = vt_hostctl("device_add", self->disk, self->msg,
			     sizeof(self->msg));

	if (!ret)
		self->unplugged = false;
	return ret;
}

FIXTURE_SETUP(hp)
{
	const char *why = vt_testbed_skip_reason();
	int err;

	self->req_efd = -1;
	self->crw_efd = -1;
	if (why)
		SKIP(return, "%s", why);
	snprintf(self->driver, sizeof(self->driver), "%s",
		 getenv("VCCW_DRIVER"));
	snprintf(self->devno, sizeof(self->devno), "%s", getenv("VCCW_DEVNO"));
	if (vt_disk_of_devno(self->devno, self->disk, sizeof(self->disk)))
		SKIP(return, "%s is not a test-bed disk", self->devno);
	err = vt_ensure_mdev(self->driver, self->devno, self->uuid,
			     sizeof(self->uuid), self->msg, sizeof(self->msg));
	ASSERT_EQ(0, err) TH_LOG("bind %s %s: %s", self->driver, self->devno,
				 self->msg);
	ASSERT_EQ(0, vt_sch_path(self->devno, self->sch_path,
				 sizeof(self->sch_path)));
	self->locked_before = ccwc_locked_kb();
	err = open_dev(self);
	ASSERT_EQ(0, err) TH_LOG("open %s: %s", self->uuid, strerror(-err));
}

/*
 * Runs in the parent, after the test's process (and with it every file it
 * had open) is gone: plug the disk back in if the test left it unplugged.
 */
FIXTURE_TEARDOWN_PARENT(hp)
{
	if (!self->unplugged)
		return;
	if (replug(self)) {
		TH_LOG("teardown: device_add %s: %s", self->disk, self->msg);
		return;
	}
	if (vt_wait_devno(self->devno, "", BACK_TIMEOUT_MS) < 0 ||
	    vt_wait_online(self->devno, ONLINE_TIMEOUT_MS) < 0)
		TH_LOG("teardown: %s did not come back online", self->devno);
}

/*
 * After the device request: close, the subchannel is unregistered, the
 * pins are back, device_add brings the disk back to io_subchannel.
 */
static void close_and_replug(struct __test_metadata *_metadata,
			     struct _test_data_hp *self)
{
	long ms;

	ms = close_dev(self);
	EXPECT_GT(CLOSE_MAX_MS, ms) TH_LOG("close took %ld ms", ms);
	ms = vt_wait_gone(self->sch_path, GONE_TIMEOUT_MS);
	EXPECT_LE(0, ms) TH_LOG("%s still there %d ms after close",
				self->sch_path, GONE_TIMEOUT_MS);
	if (ms >= 0)
		ksft_print_msg("subchannel unregistered %ld ms after close\n",
			       ms);
	EXPECT_EQ(self->locked_before, ccwc_locked_kb());

	ASSERT_EQ(0, replug(self)) TH_LOG("device_add %s: %s", self->disk,
					  self->msg);
	ms = vt_wait_devno(self->devno, "io_subchannel", BACK_TIMEOUT_MS);
	ASSERT_LE(0, ms) TH_LOG("%s not back on io_subchannel after %d ms",
				self->devno, BACK_TIMEOUT_MS);
	ksft_print_msg("%s back on io_subchannel %ld ms after device_add\n",
		       self->devno, ms);
	ms = vt_wait_online(self->devno, ONLINE_TIMEOUT_MS);
	ASSERT_LE(0, ms) TH_LOG("%s not online %d ms after device_add",
				self->devno, ONLINE_TIMEOUT_MS);
	ksft_print_msg("%s online %ld ms after device_add\n", self->devno, ms);
}

/* The device request fires; new I/O then fails cleanly, never hangs. */
TEST_F_TIMEOUT(hp, unplug_idle, 120)
{
	struct ccwc_irb irb;
	long ms;
	int err;

	ASSERT_EQ(0, sense_id(&self->c, &irb, 5000));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);

	ASSERT_EQ(0, unplug(self)) TH_LOG("device_del %s: %s", self->disk,
					  self->msg);
	ms = vt_efd_wait(self->req_efd, REQ_TIMEOUT_MS);
	EXPECT_LE(0, ms) TH_LOG("no device request %d ms after device_del",
				REQ_TIMEOUT_MS);
	if (ms >= 0)
		ksft_print_msg("device request %ld ms after device_del\n", ms);

	/* The subchannel is gone: refused (or failing) but bounded. */
	err = sense_id(&self->c, &irb, 3000);
	EXPECT_NE(0, err) TH_LOG("I/O to a deleted device succeeded: dstat %02x",
				 irb.dstat);
	EXPECT_NE(-ETIMEDOUT, err) TH_LOG("started I/O got no interrupt");
	if (err && err != -ETIMEDOUT)
		ksft_print_msg("start after unplug: %s\n", strerror(-err));

	close_and_replug(_metadata, self);
}

struct io_loop {
	struct ccwc *c;
	bool stop;		/* __atomic */
	int done;		/* __atomic: programs that completed normally */
	int gone;		/* ended with vccw's deferred cc 3 IRB */
	int bad_status;		/* completions with unexpected status */
	int bad_cpa;		/* CPA neither 0 nor the chain's end */
	int lost;		/* started, no final interrupt in 3 s */
	int err;		/* __atomic: the error that ended the loop */
};

/* 200-CCW programs back to back until the device fails (or stop). */
static void *io_loop_fn(void *arg)
{
	struct io_loop *l = arg;
	uint32_t end = ccwc_iova_at(l->c, CHAIN_CCW + 8 * CHAIN_LEN);
	struct ccwc_irb irb;
	int err;

	build_chain(l->c, CHAIN_LEN);
	while (!__atomic_load_n(&l->stop, __ATOMIC_ACQUIRE)) {
		err = ccwc_run(l->c, ORB_LPM(0xff), ccwc_iova_at(l->c, CHAIN_CCW), &irb,
			       3000);
		if (err == -ETIMEDOUT) {
			l->lost++;
			continue;
		}
		if (err) {
			__atomic_store_n(&l->err, err, __ATOMIC_RELEASE);
			break;
		}
		if (irb.cpa && irb.cpa != end)
			l->bad_cpa++;
		if (irb.dstat == (DEV_STAT_CE | DEV_STAT_DE) && !irb.cstat)
			__atomic_add_fetch(&l->done, 1, __ATOMIC_RELEASE);
		else if (irb.cc == 3 && !irb.dstat && !irb.cstat && !irb.cpa &&
			 (irb.stctl & SCSW_STCTL_ALERT))
			/* vccw.rst: the subchannel went during the program. */
			l->gone++;
		else
			l->bad_status++;
	}
	return NULL;
}

/* The same, with programs running back to back when the device goes. */
TEST_F_TIMEOUT(hp, unplug_io_in_flight, 120)
{
	struct io_loop l = { .c = &self->c };
	long long t0;
	pthread_t t;
	long ms;

	ASSERT_EQ(0, pthread_create(&t, NULL, io_loop_fn, &l));
	t0 = vt_now_ms();
	while (__atomic_load_n(&l.done, __ATOMIC_ACQUIRE) < 3 &&
	       !__atomic_load_n(&l.err, __ATOMIC_ACQUIRE) &&
	       vt_now_ms() - t0 < 10000)
		vt_sleep_ms(10);
	EXPECT_LE(3, l.done) TH_LOG("programs before unplug: %d, error %s",
				    l.done, strerror(-l.err));

	EXPECT_EQ(0, unplug(self)) TH_LOG("device_del %s: %s", self->disk,
					  self->msg);
	ms = vt_efd_wait(self->req_efd, REQ_TIMEOUT_MS);
	EXPECT_LE(0, ms) TH_LOG("no device request %d ms after device_del",
				REQ_TIMEOUT_MS);
	if (ms >= 0)
		ksft_print_msg("device request %ld ms after device_del\n", ms);

	/* The loop must end by itself: starts now fail. */
	t0 = vt_now_ms();
	while (!__atomic_load_n(&l.err, __ATOMIC_ACQUIRE) &&
	       vt_now_ms() - t0 < 5000)
		vt_sleep_ms(10);
	__atomic_store_n(&l.stop, true, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	ksft_print_msg("%d programs done, %d ended by the unplug (cc 3), %d lost, end: %s\n",
		       l.done, l.gone, l.lost,
		       l.err ? strerror(-l.err) : "stop");
	/* Only the program running when the subchannel went can end so. */
	EXPECT_GE(1, l.gone);
	EXPECT_NE(0, l.err) TH_LOG("starts still accepted 5 s after the request");
	EXPECT_TRUE(l.err == -ENODEV || l.err == -EIO || l.err == -EACCES ||
		    l.err == 0)
		TH_LOG("start failed with %s", strerror(-l.err));
	EXPECT_EQ(0, l.bad_status);
	EXPECT_EQ(0, l.bad_cpa);

	close_and_replug(_metadata, self);
}

/*
 * No request eventfd: the unplug must wait for the user (the subchannel
 * stays while the device is open), and closing completes it.
 */
TEST_F_TIMEOUT(hp, unplug_without_request_eventfd, 120)
{
	struct ccwc_irb irb;
	char path[400];

	ASSERT_EQ(0, ccwc_set_eventfd(&self->c, VFIO_CCW_REQ_IRQ_INDEX, -1));
	ASSERT_EQ(0, unplug(self)) TH_LOG("device_del %s: %s", self->disk,
					  self->msg);
	vt_sleep_ms(2000);
	/* The open device holds the removal: subchannel and mdev stay. */
	EXPECT_EQ(0, access(self->sch_path, F_OK))
		TH_LOG("subchannel released while its mdev is open");
	snprintf(path, sizeof(path), "%s/%s", self->sch_path, self->uuid);
	EXPECT_EQ(0, access(path, F_OK))
		TH_LOG("mdev released while open");
	EXPECT_NE(0, sense_id(&self->c, &irb, 3000));
	close_and_replug(_metadata, self);
}

/* After unplug and replug the disk binds to the driver again and works. */
TEST_F_TIMEOUT(hp, rebind_after_replug, 150)
{
	struct ccwc_irb irb;
	long ms;
	int err;

	ASSERT_EQ(0, unplug(self)) TH_LOG("device_del %s: %s", self->disk,
					  self->msg);
	ms = vt_efd_wait(self->req_efd, REQ_TIMEOUT_MS);
	EXPECT_LE(0, ms) TH_LOG("no device request %d ms after device_del",
				REQ_TIMEOUT_MS);
	close_and_replug(_metadata, self);

	err = vt_ensure_mdev(self->driver, self->devno, self->uuid,
			     sizeof(self->uuid), self->msg, sizeof(self->msg));
	ASSERT_EQ(0, err) TH_LOG("bind again: %s", self->msg);
	ASSERT_EQ(0, vt_sch_path(self->devno, self->sch_path,
				 sizeof(self->sch_path)));
	err = open_dev(self);
	ASSERT_EQ(0, err) TH_LOG("open %s: %s", self->uuid, strerror(-err));
	ASSERT_EQ(0, sense_id(&self->c, &irb, 5000));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	EXPECT_EQ(0, irb.cstat);
	EXPECT_TRUE(ccwc_is_virtio_blk_id(ccwc_at(&self->c, 0x1000)));
	build_chain(&self->c, CHAIN_LEN);
	ASSERT_EQ(0, ccwc_run(&self->c, ORB_LPM(0xff), ccwc_iova_at(&self->c, CHAIN_CCW),
			      &irb, 10000));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	EXPECT_TRUE(ccwc_is_virtio_blk_id(ccwc_at(&self->c, CHAIN_DATA + 8 * (CHAIN_LEN - 1))));
	close_dev(self);
	EXPECT_EQ(self->locked_before, ccwc_locked_kb());
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * vccw_teardown_test - every way an mdev can go away under its user.
 *
 * Close with a program in flight (both orders: device first, or DMA
 * unmap first); remove the mdev and unbind the subchannel while the device
 * is open (the driver must ask for it back through the device request,
 * VFIO_CCW_REQ_IRQ_INDEX, and the removal must complete in bounded time
 * once the user closes); SIGKILL a process in the middle of its I/O;
 * unload the module while a subchannel is bound.  After each, the pins
 * are back (VmLck at its baseline) and a new open runs a program.
 *
 * Module unload semantics (documented by rmmod_while_open and
 * rmmod_while_bound): while the device is open the VFIO core holds a
 * reference on the driver module, so delete_module() fails at once with
 * EWOULDBLOCK (EBUSY from some kernels); with the device closed it
 * completes, unbinding the subchannel and removing its mdev.
 *
 * The tests restore what they take away (mdev, binding, module) before
 * they end, so the runner's unbind finds the subchannel as it left it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/vfio.h>
#include <linux/vfio_ccw.h>

#include "ccw_client.h"
#include "vccw_test_util.h"
#include "kselftest_harness.h"

#define REQ_TIMEOUT_MS		10000	/* removal -> device request */
#define DONE_TIMEOUT_MS		10000	/* close -> removal finished */
#define CLOSE_MAX_MS		5000

#define CHAIN_LEN	200
#define CHAIN_CCW	0x10000
#define CHAIN_DATA	0x20000

FIXTURE(td) {
	struct ccwc c;
	bool open;
	int req_efd;
	long locked_before;
	char driver[16];
	char devno[16];
	char sch[32];
	char uuid[64];
	char msg[256];
};

static int sense_id(struct ccwc *c, struct ccwc_irb *irb)
{
	memset(ccwc_at(c, 0x1000), 0, 8);
	ccwc_set_ccw(ccwc_at(c, 0), CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
		     ccwc_iova_at(c, 0x1000));
	return ccwc_run(c, ORB_LPM(0xff), ccwc_iova_at(c, 0), irb, 5000);
}

/* Start @n command-chained SENSE IDs; do not wait. */
static int start_chain(struct ccwc *c, int n)
{
	struct ccw1 *ccw = ccwc_at(c, CHAIN_CCW);
	uint8_t orb[12];
	int i;

	memset(ccwc_at(c, CHAIN_DATA), 0, 8 * n);
	for (i = 0; i < n; i++)
		ccwc_set_ccw(&ccw[i], CCW_CMD_SENSE_ID,
			     (i < n - 1 ? CCW_FLAG_CC : 0) | CCW_FLAG_SLI, 8,
			     ccwc_iova_at(c, CHAIN_DATA + 8 * i));
	ccwc_make_orb(orb, n, ORB_LPM(0xff) | ORB_F_FMT1 | ORB_F_PFCH,
		      ccwc_iova_at(c, CHAIN_CCW));
	return ccwc_start(c, orb);
}

static int open_dev(struct _test_data_td *self)
{
	int err;

	err = ccwc_open(&self->c, self->uuid, CCWC_IOVA, CCWC_DMA_SIZE);
	if (err)
		return err;
	self->open = true;
	self->req_efd = vt_eventfd();
	if (self->req_efd < 0)
		return self->req_efd;
	return ccwc_set_eventfd(&self->c, VFIO_CCW_REQ_IRQ_INDEX,
				self->req_efd);
}

/* Unregister the request eventfd (vfio_ccw leaks it otherwise), close. */
static long close_dev(struct _test_data_td *self)
{
	long long t0 = vt_now_ms();

	if (!self->open)
		return 0;
	if (self->req_efd >= 0) {
		ccwc_set_eventfd(&self->c, VFIO_CCW_REQ_IRQ_INDEX, -1);
		close(self->req_efd);
		self->req_efd = -1;
	}
	ccwc_close(&self->c);
	self->open = false;
	return (long)(vt_now_ms() - t0);
}

/* Open again and run one program: the device survived. */
static void expect_works(struct __test_metadata *_metadata,
			 struct _test_data_td *self)
{
	struct ccwc_irb irb;
	int err;

	if (!self->open) {
		err = open_dev(self);
		ASSERT_EQ(0, err) TH_LOG("open %s: %s", self->uuid,
					 strerror(-err));
	}
	ASSERT_EQ(0, sense_id(&self->c, &irb));
	EXPECT_EQ(DEV_STAT_CE | DEV_STAT_DE, irb.dstat);
	EXPECT_EQ(0, irb.cstat);
	EXPECT_TRUE(ccwc_is_virtio_blk_id(ccwc_at(&self->c, 0x1000)));
}

static void expect_baseline(struct __test_metadata *_metadata,
			    struct _test_data_td *self)
{
	close_dev(self);
	EXPECT_EQ(self->locked_before, ccwc_locked_kb())
		TH_LOG("VmLck not back at its baseline");
}

FIXTURE_SETUP(td)
{
	const char *why = vt_testbed_skip_reason();
	int err;

	self->req_efd = -1;
	if (why)
		SKIP(return, "%s", why);
	snprintf(self->driver, sizeof(self->driver), "%s",
		 getenv("VCCW_DRIVER"));
	snprintf(self->devno, sizeof(self->devno), "%s", getenv("VCCW_DEVNO"));
	err = vt_ensure_mdev(self->driver, self->devno, self->uuid,
			     sizeof(self->uuid), self->msg, sizeof(self->msg));
	ASSERT_EQ(0, err) TH_LOG("bind %s %s: %s", self->driver, self->devno,
				 self->msg);
	ASSERT_EQ(0, vt_sch_of_devno(self->devno, self->sch, sizeof(self->sch)));
	self->locked_before = ccwc_locked_kb();
	err = open_dev(self);
	ASSERT_EQ(0, err) TH_LOG("open %s: %s", self->uuid, strerror(-err));
}

/*
 * Parent, after the test process and its files are gone: the module is
 * loaded and the subchannel bound with an mdev, whatever the test did.
 */
FIXTURE_TEARDOWN_PARENT(td)
{
	char path[128], uuid[64];

	snprintf(path, sizeof(path), "/sys/module/%s", self->driver);
	if (access(path, F_OK))
		vt_sh(NULL, 0, "modprobe %s", self->driver);
	if (vt_ensure_mdev(self->driver, self->devno, uuid, sizeof(uuid),
			   self->msg, sizeof(self->msg)))
		TH_LOG("teardown: cannot bind %s again: %s", self->devno,
		       self->msg);
}

/*
 * Close while a 200-CCW program may still be running: even rounds with
 * the DMA window unmapped first (the driver must return the pins of a
 * running program on unmap), odd rounds with the device closed first.
 *
 * The in-tree vfio_ccw (6.12) keeps the pins of such a program across the
 * unmap notification, and vfio_iommu_type1 then BUG()s in
 * vfio_dma_do_unmap() after ten retries: against vfio_ccw every round
 * closes the device first.  So does every round on a lockdep kernel
 * (ccwc_lockdep_skip()).
 */
TEST_F_TIMEOUT(td, close_with_io_in_flight, 120)
{
	bool unmap_ok = strcmp(self->driver, "vfio_ccw") && !ccwc_lockdep_skip();
	long long t0;
	long worst = 0, ms;
	int i, err;

	if (!strcmp(self->driver, "vfio_ccw"))
		ksft_print_msg("vfio_ccw: no unmap-first rounds (type1 would BUG())\n");
	else if (!unmap_ok)
		ksft_print_msg("no unmap-first rounds: %s\n", ccwc_lockdep_skip());
	for (i = 0; i < 20; i++) {
		err = start_chain(&self->c, CHAIN_LEN);
		ASSERT_EQ(0, err) TH_LOG("round %d: start: %s", i,
					 strerror(-err));
		t0 = vt_now_ms();
		if ((i & 1) || !unmap_ok) {
			ccwc_set_eventfd(&self->c, VFIO_CCW_REQ_IRQ_INDEX, -1);
			ccwc_set_eventfd(&self->c, VFIO_CCW_IO_IRQ_INDEX, -1);
			close(self->c.device);
			self->c.device = -1;
		}
		close_dev(self);
		ms = (long)(vt_now_ms() - t0);
		worst = ms > worst ? ms : worst;
		EXPECT_GT(CLOSE_MAX_MS, ms) TH_LOG("round %d: close took %ld ms",
						   i, ms);
		EXPECT_EQ(self->locked_before, ccwc_locked_kb())
			TH_LOG("round %d: pins not returned", i);
		expect_works(_metadata, self);
	}
	ksft_print_msg("20 closes with a program in flight, slowest %ld ms\n",
		       worst);
	expect_baseline(_metadata, self);
}

/*
 * Fork a process that writes @val to @path (blocking); returns its pid.
 * It must not keep our device open: it closes what it inherited.
 */
static pid_t write_attr_async(const char *path, const char *val)
{
	pid_t pid = fork();

	if (!pid) {
		close_range(3, ~0u, 0);
		_exit(vt_write_attr(path, val) ? 1 : 0);
	}
	return pid;
}

/* Wait at most @ms for @pid: its exit status, -1 on timeout. */
static int wait_child(pid_t pid, long ms)
{
	long long t0 = vt_now_ms();
	int st;

	for (;;) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
		if (vt_now_ms() - t0 > ms)
			return -1;
		vt_sleep_ms(20);
	}
}

/*
 * The removal runs in a child (it blocks until we close).  Checks: the
 * device request arrives, the removal waits for us, then completes.
 */
static void removal_while_open(struct __test_metadata *_metadata,
			       struct _test_data_td *self, const char *path,
			       const char *val)
{
	long ms;
	pid_t pid;
	int st;

	ASSERT_EQ(0, start_chain(&self->c, CHAIN_LEN));
	pid = write_attr_async(path, val);
	ASSERT_LT(0, pid);
	ms = vt_efd_wait(self->req_efd, REQ_TIMEOUT_MS);
	EXPECT_LE(0, ms) TH_LOG("no device request within %d ms",
				REQ_TIMEOUT_MS);
	if (ms >= 0)
		ksft_print_msg("device request after %ld ms\n", ms);
	/* Still open: the removal must be waiting for us. */
	EXPECT_EQ(-1, wait_child(pid, 200))
		TH_LOG("removal finished while the device was open");
	ms = close_dev(self);
	EXPECT_GT(CLOSE_MAX_MS, ms) TH_LOG("close took %ld ms", ms);
	st = wait_child(pid, DONE_TIMEOUT_MS);
	EXPECT_EQ(0, st) TH_LOG("removal %s", st < 0 ? "still blocked" :
				"failed");
	if (st < 0) {
		/* Blocked in the kernel: report it, do not wait forever. */
		kill(pid, SIGKILL);
		ASSERT_LE(0, wait_child(pid, DONE_TIMEOUT_MS))
			TH_LOG("removal blocked after close: giving up");
	}
	EXPECT_EQ(self->locked_before, ccwc_locked_kb());
}

TEST_F_TIMEOUT(td, remove_mdev_while_open, 90)
{
	char path[160], type[300];
	glob_t g;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/remove",
		 self->uuid);
	removal_while_open(_metadata, self, path, "1");
	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s", self->uuid);
	EXPECT_NE(0, access(path, F_OK)) TH_LOG("mdev still there");

	/* Create it again, same UUID: the runner removes it at the end. */
	snprintf(type, sizeof(type),
		 VT_CSS "/%s/mdev_supported_types/*-io/create", self->sch);
	ASSERT_EQ(0, glob(type, 0, NULL, &g));
	ASSERT_EQ(0, vt_write_attr(g.gl_pathv[0], self->uuid));
	globfree(&g);
	expect_works(_metadata, self);
	expect_baseline(_metadata, self);
}

TEST_F_TIMEOUT(td, unbind_while_open, 90)
{
	char path[160], drv[64];
	int err;

	snprintf(path, sizeof(path), VT_CSS "/%s/driver/unbind", self->sch);
	removal_while_open(_metadata, self, path, self->sch);
	EXPECT_EQ(1, vt_devno_driver(self->devno, drv, sizeof(drv)));
	EXPECT_STREQ("", drv);

	err = vt_ensure_mdev(self->driver, self->devno, self->uuid,
			     sizeof(self->uuid), self->msg, sizeof(self->msg));
	ASSERT_EQ(0, err) TH_LOG("bind again: %s", self->msg);
	expect_works(_metadata, self);
	expect_baseline(_metadata, self);
}

/* The child: open, then programs back to back until killed. */
static void __noreturn io_child(const char *uuid, int *count)
{
	struct ccwc c;
	struct ccwc_irb irb;
	int n = 0;

	if (ccwc_open(&c, uuid, CCWC_IOVA, CCWC_DMA_SIZE))
		_exit(2);
	for (;;) {
		/* 1..200 CCWs, alternately waited for and left running. */
		if (start_chain(&c, 1 + n++ % CHAIN_LEN))
			_exit(3);
		if (ccwc_wait(&c, 5000) || ccwc_read_irb(&c, &irb))
			_exit(4);
		__atomic_add_fetch(count, 1, __ATOMIC_RELEASE);
	}
}

TEST_F_TIMEOUT(td, kill_child_mid_io, 120)
{
	int *count, round, st;
	long long t0;
	pid_t pid;

	if (!vt_is_vccw())
		SKIP(return,
		     "in-tree vfio_ccw never drops its eventfds on close: a killed user leaks them");
	count = mmap(NULL, sizeof(*count), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, count);
	close_dev(self);	/* one user at a time */
	for (round = 0; round < 5; round++) {
		*count = 0;
		pid = fork();
		ASSERT_LE(0, pid);
		if (!pid)
			io_child(self->uuid, count);
		t0 = vt_now_ms();
		st = -1;
		while (__atomic_load_n(count, __ATOMIC_ACQUIRE) < 3 &&
		       vt_now_ms() - t0 < 10000 &&
		       (st = wait_child(pid, 0)) < 0)
			vt_sleep_ms(5);
		/* 2: open failed, 3: start failed, 4: no interrupt. */
		ASSERT_EQ(-1, st) TH_LOG("round %d: child exited with %d",
					 round, st);
		EXPECT_LE(3, *count) TH_LOG("round %d: the child ran %d programs",
					    round, *count);
		vt_sleep_ms(random() % 30);
		kill(pid, SIGKILL);
		st = wait_child(pid, 10000);
		ASSERT_EQ(128, st) TH_LOG("round %d: child %s", round,
					  st < 0 ? "not reaped in 10 s" :
					  "exited by itself");
		/* Its files are closed: the device is free again. */
		expect_works(_metadata, self);
		close_dev(self);
		ksft_print_msg("round %d: killed after %d programs\n", round,
			       *count);
	}
	munmap(count, sizeof(*count));
	expect_baseline(_metadata, self);
}

/* delete_module(2) without waiting: 0 or -errno, and how long it took. */
static int unload(const char *name, long *ms)
{
	long long t0 = vt_now_ms();
	int ret;

	ret = syscall(SYS_delete_module, name, O_NONBLOCK) ? -errno : 0;
	*ms = (long)(vt_now_ms() - t0);
	return ret;
}

TEST_F_TIMEOUT(td, rmmod_while_open, 60)
{
	long ms;
	int err;

	err = unload(self->driver, &ms);
	EXPECT_TRUE(err == -EWOULDBLOCK || err == -EBUSY)
		TH_LOG("delete_module with the device open: %s",
		       err ? strerror(-err) : "unloaded");
	EXPECT_GT(2000, ms);
	ksft_print_msg("rmmod %s while open: %s after %ld ms\n", self->driver,
		       err ? strerror(-err) : "unloaded", ms);
	expect_works(_metadata, self);
	expect_baseline(_metadata, self);
}

TEST_F_TIMEOUT(td, rmmod_while_bound, 90)
{
	char path[160], drv[64], holders[256];
	long ms;
	int err;

	close_dev(self);
	err = unload(self->driver, &ms);
	if (err) {
		vt_sh(holders, sizeof(holders), "ls /sys/module/%s/holders",
		      self->driver);
		ASSERT_EQ(0, err) TH_LOG("delete_module with the device closed: %s (holders: %s)",
					 strerror(-err), holders);
	}
	ksft_print_msg("rmmod %s while bound, closed: unloaded after %ld ms\n",
		       self->driver, ms);
	EXPECT_GT(10000, ms);
	EXPECT_EQ(1, vt_devno_driver(self->devno, drv, sizeof(drv)));
	EXPECT_STREQ("", drv);
	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s", self->uuid);
	EXPECT_NE(0, access(path, F_OK)) TH_LOG("mdev survived the unload");

	ASSERT_EQ(0, vt_sh(self->msg, sizeof(self->msg), "modprobe %s",
			   self->driver)) TH_LOG("modprobe: %s", self->msg);
	err = vt_ensure_mdev(self->driver, self->devno, self->uuid,
			     sizeof(self->uuid), self->msg, sizeof(self->msg));
	ASSERT_EQ(0, err) TH_LOG("bind again: %s", self->msg);
	expect_works(_metadata, self);
	expect_baseline(_metadata, self);
}

TEST_HARNESS_MAIN

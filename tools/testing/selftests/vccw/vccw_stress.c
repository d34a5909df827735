// SPDX-License-Identifier: GPL-2.0
/*
 * vccw_stress - bounded-time stress of two mdevs while a third disk is
 * unplugged and plugged back, over and over.
 *
 * Per mdev three threads share the device: one starts programs (1..32
 * command-chained SENSE IDs, each start in its own CCW slot) and collects
 * every IRB, one issues HALT and CLEAR SUBCHANNEL at random moments, one
 * reads the SCHIB, async-command, CRW and I/O (ORB/SCSW part) regions.  A
 * further thread runs QMP device_del/device_add of the third disk.
 *
 * Invariants: every accepted start ends with exactly one final IRB (a
 * normal or halted completion, or the clear that cancelled it) or the
 * start is refused with a clean errno (EBUSY, EAGAIN, EALREADY); no IRB
 * carries a CPA outside the user's channel program; halt/clear and the
 * region reads see no unexpected errno; VmLck returns to its baseline; and
 * both devices still run a program afterwards.  The numbers are printed as
 * KTAP diagnostics, with the driver's counters of a device that fails.
 *
 * Neither a start nor a halt or clear is issued while an IRB waits to be
 * read (the I/O eventfd is readable): a clear IRB does not say which
 * program it ended, so the model attributes IRBs only while the reader is
 * not behind.  IRBs the driver has queued but not announced yet are
 * invisible here; the driver keeps them from piling up (a HALT is
 * refused while a status is unread, a CLEAR clears the unannounced ones),
 * so its 32-entry IRB queue does not overflow however slow the guest.
 *
 * Usage (run.list): vccw_stress driver=vccw devno=A [devno2=B]
 * [unplug=C] [seconds=N]; the runner binds A, this program binds B itself.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/vfio.h>
#include <linux/vfio_ccw.h>

#include "ccw_client.h"
#include "vccw_test_util.h"
#include "kselftest.h"

#define SLOTS		16
#define SLOT_CCW(s)	(0x10000 + (s) * 0x1000)	/* up to 512 CCWs */
#define SLOT_DATA(s)	(0x40000 + (s) * 0x1000)
#define MAX_CHAIN	32
/*
 * A start without final IRB for this long is lost.  The debug guest can
 * stall for seconds while a disk is unplugged: both mdevs once waited
 * more than 5 s at the same moment, right after device_del (the test
 * kernel's stall of Documentation/arch/s390/vccw-perf-notes.rst).
 */
#define IRB_WAIT_MS	20000
#define BACK_MS		120000	/* a replugged disk that is not back is lost */

/* SCSW activity control (7 bits, as ccwc_irb.actl). */
#define ACTL_BUSY	0x7f
/* SCSW function control (3 bits, as ccwc_irb.fctl). */
#define FCTL_START	(SCSW_FCTL_START >> 12)
#define FCTL_HALT	(SCSW_FCTL_HALT >> 12)
#define FCTL_CLEAR	(SCSW_FCTL_CLEAR >> 12)

struct dev_stats {
	/* I/O thread */
	long starts;		/* accepted */
	long refused_busy;	/* EBUSY, EAGAIN, EALREADY */
	long done_ok;		/* final IRB, CE+DE, data moved */
	long done_halted;	/* final IRB of a halted program */
	long done_other;	/* final IRB with other status */
	long done_cleared;	/* ended by a clear */
	long irbs;
	long stray_halt;	/* halt IRBs not ending a program */
	long stray_clear;
	long intermediate;
	/* violations */
	long lost;		/* no final IRB in IRB_WAIT_MS */
	long duplicate;		/* second final IRB for a program */
	long bad_cpa;		/* CPA outside the program */
	long bad_data;		/* CE+DE but a SENSE ID moved nothing */
	long unexpected;	/* other errno from start/wait/read */
	int last_errno;
	/* halt/clear thread */
	long halts;
	long clears;
	long async_busy;
	long async_unexpected;
	int async_errno;
	/* region reader */
	long reads;
	long read_errors;
	int read_errno;
};

/* The last events of an I/O thread, printed with a violation. */
#define HIST	16
struct event {
	char what;		/* 'S' start, 'I' IRB */
	int slot, len, err;
	struct ccwc_irb irb;
};

struct dev {
	const char *devno;
	struct event hist[HIST];
	unsigned int nhist;
	char uuid[64];
	struct ccwc c;
	struct dev_stats s;
	pthread_t io, async, reader;
	unsigned int seed;
};

struct hotplug {
	const char *devno;
	char disk[8];
	bool enabled;
	long cycles;
	long failures;
	long worst_gone_ms;
	long worst_back_ms;
	bool plugged;
	char msg[256];
	pthread_t thread;
};

static bool stop;	/* __atomic */

static void record(struct dev *d, char what, int slot, int len, int err,
		   const struct ccwc_irb *irb)
{
	struct event *e = &d->hist[d->nhist++ % HIST];

	e->what = what;
	e->slot = slot;
	e->len = len;
	e->err = err;
	if (irb)
		e->irb = *irb;
}

/* Print the history once, for the first violation. */
static void dump(struct dev *d, const char *why)
{
	static bool dumped;	/* one history per run is enough */
	unsigned int i;
	struct event *e;

	if (__atomic_exchange_n(&dumped, true, __ATOMIC_ACQ_REL))
		return;
	ksft_print_msg("%s: %s; last events, oldest first:\n", d->devno, why);
	for (i = d->nhist > HIST ? d->nhist - HIST : 0; i < d->nhist; i++) {
		e = &d->hist[i % HIST];
		if (e->what == 'S')
			ksft_print_msg("  start slot %d len %d: %d\n", e->slot,
				       e->len, e->err);
		else
			ksft_print_msg("  IRB f %x a %02x s %02x ds %02x cs %02x cpa %08x\n",
				       e->irb.fctl, e->irb.actl, e->irb.stctl,
				       e->irb.dstat, e->irb.cstat, e->irb.cpa);
	}
}

/* Is an I/O eventfd wakeup (an IRB to read) waiting? */
static bool irb_readable(struct ccwc *c)
{
	struct pollfd p = { .fd = c->io_efd, .events = POLLIN };

	return poll(&p, 1, 0) > 0;
}

/* The driver's own counters of the device (vccw's debugfs), if any. */
static void print_counters(const char *devno)
{
	char sch[32], path[128], line[128];
	FILE *f;

	if (vt_sch_of_devno(devno, sch, sizeof(sch)))
		return;
	snprintf(path, sizeof(path), "/sys/kernel/debug/vccw/%s/counters", sch);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		ksft_print_msg("%s: %s", devno, line);
	fclose(f);
}

static bool stopping(void)
{
	return __atomic_load_n(&stop, __ATOMIC_ACQUIRE);
}

static bool irb_final(const struct ccwc_irb *irb)
{
	return (irb->stctl & SCSW_STCTL_PENDING) && irb->fctl &&
	       !(irb->actl & ACTL_BUSY);
}

/* Which slot's program does @cpa point into (-1: none, -2: 0)? */
static int slot_of_cpa(struct ccwc *c, uint32_t cpa, const int *len)
{
	int s;

	if (!cpa)
		return -2;
	for (s = 0; s < SLOTS; s++)
		if (cpa >= ccwc_iova_at(c, SLOT_CCW(s)) &&
		    cpa <= ccwc_iova_at(c, SLOT_CCW(s)) + 8 * len[s])
			return s;
	return -1;
}

static void build(struct ccwc *c, int slot, int n)
{
	struct ccw1 *ccw = ccwc_at(c, SLOT_CCW(slot));
	int i;

	memset(ccwc_at(c, SLOT_DATA(slot)), 0, 8 * n);
	for (i = 0; i < n; i++)
		ccwc_set_ccw(&ccw[i], CCW_CMD_SENSE_ID,
			     (i < n - 1 ? CCW_FLAG_CC : 0) | CCW_FLAG_SLI, 8,
			     ccwc_iova_at(c, SLOT_DATA(slot) + 8 * i));
}

static bool data_moved(struct ccwc *c, int slot, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!ccwc_is_virtio_blk_id(ccwc_at(c, SLOT_DATA(slot) + 8 * i)))
			return false;
	return true;
}

/* Slot states: which program a final IRB ends, and whether it had one. */
enum { IDLE, OUTSTANDING, DONE, CLEARED, LOST };

/* Account the final IRB of the program in slot @k. */
static void program_ended(struct dev *d, int k, int len,
			  const struct ccwc_irb *irb)
{
	struct dev_stats *s = &d->s;

	if (irb->fctl & FCTL_HALT) {
		s->done_halted++;
	} else if (irb->dstat == (DEV_STAT_CE | DEV_STAT_DE) && !irb->cstat) {
		s->done_ok++;
		if (!data_moved(&d->c, k, len))
			s->bad_data++;
	} else {
		s->done_other++;
	}
}

/*
 * The only reader of the I/O eventfd and the IRBs.  A clear IRB ends the
 * running program at once (CLEAR SUBCHANNEL ends the start function);
 * if that clear had in fact been issued before the program started, the
 * program's own final IRB follows and moves it from "cleared" to its real
 * ending.  A second final IRB for a program is a duplicate.
 */
static void *io_thread(void *arg)
{
	struct dev *d = arg;
	struct dev_stats *s = &d->s;
	int state[SLOTS] = { 0 }, len[SLOTS] = { 0 };
	int slot = 0, cur = -1, k, err;
	bool advance = false;
	long long last_irb = 0;
	struct ccwc_irb irb;
	uint8_t orb[12];

	while (!stopping() || cur >= 0) {
		/*
		 * Start only with no IRB left to read: a clear IRB read from
		 * a backlog ends the running program for this model, and a
		 * start on it would run ahead of IRBs still queued; program
		 * by program the backlog would grow until IRBs of a slot's
		 * previous program arrive after the slot was built anew.
		 */
		if (cur < 0 && !irb_readable(&d->c)) {
			/*
			 * A new slot only after an accepted start: the final
			 * IRB of a program taken for cleared may still come,
			 * and must still find its slot.
			 */
			if (advance)
				slot = (slot + 1) % SLOTS;
			advance = false;
			len[slot] = 1 + rand_r(&d->seed) % MAX_CHAIN;
			build(&d->c, slot, len[slot]);
			ccwc_make_orb(orb, slot, ORB_LPM(0xff) | ORB_F_FMT1 |
				      ORB_F_PFCH, ccwc_iova_at(&d->c, SLOT_CCW(slot)));
			err = ccwc_start(&d->c, orb);
			record(d, 'S', slot, len[slot], err, NULL);
			if (!err) {
				s->starts++;
				state[slot] = OUTSTANDING;
				advance = true;
				cur = slot;
				last_irb = vt_now_ms();
			} else if (err == -EBUSY || err == -EAGAIN ||
				   err == -EALREADY) {
				s->refused_busy++;
			} else {
				s->unexpected++;
				s->last_errno = -err;
			}
		}
		/* Collect what is there (and wait, if a program runs). */
		err = ccwc_wait(&d->c, cur >= 0 ? 50 : 1);
		if (err == -ETIMEDOUT) {
			if (cur >= 0 && vt_now_ms() - last_irb > IRB_WAIT_MS) {
				s->lost++;
				state[cur] = LOST;
				ksft_print_msg("%s: no final IRB for slot %d in %d ms\n",
					       d->devno, cur, IRB_WAIT_MS);
				cur = -1;
			}
			continue;
		}
		if (!err)
			err = ccwc_read_irb(&d->c, &irb);
		if (err) {
			s->unexpected++;
			s->last_errno = -err;
			continue;
		}
		s->irbs++;
		record(d, 'I', cur, 0, 0, &irb);
		last_irb = vt_now_ms();
		k = slot_of_cpa(&d->c, irb.cpa, len);
		if (k == -1) {
			s->bad_cpa++;
			dump(d, "CPA outside the program");
			ksft_print_msg("%s: CPA %08x not ours (fctl %x actl %x stctl %x)\n",
				       d->devno, irb.cpa, irb.fctl, irb.actl,
				       irb.stctl);
		}
		if (!irb_final(&irb)) {
			s->intermediate++;
			continue;
		}
		if (irb.fctl & FCTL_START) {
			if (k < 0)
				k = cur;	/* CPA 0: the running one */
			if (k < 0 || state[k] == DONE || state[k] == IDLE) {
				s->duplicate++;
				dump(d, "final IRB without a program");
				ksft_print_msg("%s: final IRB, slot %d: %s (%x %02x %02x %08x)\n",
					       d->devno, k, k < 0 ? "is none" :
					       state[k] == DONE ? "had one" :
					       "never started", irb.fctl,
					       irb.dstat, irb.cstat, irb.cpa);
				continue;
			}
			if (state[k] == CLEARED)
				s->done_cleared--;	/* not cleared after all */
			if (state[k] == LOST) {
				/* Counted lost already: only say so. */
				ksft_print_msg("%s: final IRB for slot %d after more than %d ms\n",
					       d->devno, k, IRB_WAIT_MS);
				state[k] = DONE;
				continue;
			}
			state[k] = DONE;
			program_ended(d, k, len[k], &irb);
			if (k == cur)
				cur = -1;
		} else if (irb.fctl & FCTL_CLEAR) {
			if (cur >= 0) {
				s->done_cleared++;
				state[cur] = CLEARED;
				cur = -1;
			} else {
				s->stray_clear++;
			}
		} else {
			s->stray_halt++;
		}
	}
	return NULL;
}

static void *async_thread(void *arg)
{
	struct dev *d = arg;
	struct dev_stats *s = &d->s;
	unsigned int seed = d->seed ^ 0x5a5a;
	bool halt;
	int err;

	while (!stopping()) {
		vt_sleep_ms(1 + rand_r(&seed) % 5);
		/*
		 * Not while an IRB waits to be read: a reader starved for a
		 * while must not come back to a queue that overflowed with
		 * halt and clear status, which would drop final IRBs.
		 */
		if (irb_readable(&d->c))
			continue;
		halt = rand_r(&seed) & 1;
		err = ccwc_async(&d->c, halt ? VFIO_CCW_ASYNC_CMD_HSCH :
				 VFIO_CCW_ASYNC_CMD_CSCH);
		if (!err) {
			if (halt)
				s->halts++;
			else
				s->clears++;
		} else if (err == -EBUSY || err == -EAGAIN) {
			s->async_busy++;
		} else {
			s->async_unexpected++;
			s->async_errno = -err;
		}
	}
	return NULL;
}

static void *reader_thread(void *arg)
{
	struct dev *d = arg;
	struct dev_stats *s = &d->s;
	static const struct { int index; size_t len; } what[] = {
		{ VFIO_CCW_CONFIG_REGION_INDEX, 16 },	/* ORB + SCSW, no IRB */
		{ 1, sizeof(struct ccw_cmd_region) },
		{ 2, sizeof(struct ccw_schib_region) },
		{ 3, sizeof(struct ccw_crw_region) },
	};
	char buf[sizeof(struct ccw_schib_region)];
	unsigned int i = 0;
	ssize_t n;

	while (!stopping()) {
		i = (i + 1) % 4;
		if (!d->c.region_size[what[i].index])
			continue;
		n = pread(d->c.device, buf, what[i].len,
			  d->c.region_off[what[i].index]);
		if (n == (ssize_t)what[i].len) {
			s->reads++;
		} else {
			s->read_errors++;
			s->read_errno = n < 0 ? errno : 0;
		}
		usleep(200);
	}
	return NULL;
}

static void *hotplug_thread(void *arg)
{
	struct hotplug *h = arg;
	char path[256];
	long ms, online;

	while (!stopping()) {
		if (vt_sch_path(h->devno, path, sizeof(path))) {
			h->failures++;
			ksft_print_msg("no subchannel for %s\n", h->devno);
			break;
		}
		if (vt_hostctl("device_del", h->disk, h->msg, sizeof(h->msg))) {
			h->failures++;
			ksft_print_msg("device_del %s: %s\n", h->disk, h->msg);
			break;
		}
		h->plugged = false;
		ms = vt_wait_gone(path, 15000);
		if (ms < 0) {
			h->failures++;
			ksft_print_msg("%s still there 15 s after device_del\n",
				       h->devno);
		}
		h->worst_gone_ms = ms > h->worst_gone_ms ? ms : h->worst_gone_ms;
		if (vt_hostctl("device_add", h->disk, h->msg, sizeof(h->msg))) {
			h->failures++;
			ksft_print_msg("device_add %s: %s\n", h->disk, h->msg);
			break;
		}
		h->plugged = true;
		/*
		 * Under this load the debug kernel has needed up to 49 s to
		 * bring the disk back (the standard one 0.3 s): cio's worker
		 * walks every subchannel id and shares its CPU with the
		 * stress.  The limit catches a disk that never comes back,
		 * not a slow one.
		 */
		ms = vt_wait_devno(h->devno, "io_subchannel", BACK_MS);
		if (ms < 0) {
			h->failures++;
			ksft_print_msg("%s not back on io_subchannel %d s after device_add\n",
				       h->devno, BACK_MS / 1000);
			break;
		}
		/* Never unplug a disk that virtio_ccw is still setting online. */
		online = vt_wait_online(h->devno, BACK_MS);
		if (online < 0) {
			h->failures++;
			ksft_print_msg("%s not online %d s after device_add\n",
				       h->devno, BACK_MS / 1000);
			break;
		}
		ms += online;
		h->worst_back_ms = ms > h->worst_back_ms ? ms : h->worst_back_ms;
		h->cycles++;
	}
	return NULL;
}

static bool sense_id_works(struct dev *d)
{
	struct ccwc_irb irb;

	memset(ccwc_at(&d->c, 0x1000), 0, 8);
	ccwc_set_ccw(ccwc_at(&d->c, 0), CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
		     ccwc_iova_at(&d->c, 0x1000));
	/* A halt or clear of the stress may still be queued: drain it. */
	vt_sleep_ms(200);
	while (!ccwc_wait(&d->c, 0))
		ccwc_read_irb(&d->c, &irb);
	if (ccwc_run(&d->c, ORB_LPM(0xff), ccwc_iova_at(&d->c, 0), &irb, 5000))
		return false;
	return irb.dstat == (DEV_STAT_CE | DEV_STAT_DE) && !irb.cstat &&
	       ccwc_is_virtio_blk_id(ccwc_at(&d->c, 0x1000));
}

static void report(struct dev *d, double secs)
{
	struct dev_stats *s = &d->s;

	ksft_print_msg("%s: %ld starts, %.0f/s, %ld refused busy\n", d->devno,
		       s->starts, s->starts / secs, s->refused_busy);
	ksft_print_msg("%s: ended %ld ok, %ld halted, %ld cleared, %ld other\n",
		       d->devno, s->done_ok, s->done_halted, s->done_cleared,
		       s->done_other);
	ksft_print_msg("%s: %ld IRBs: %ld stray halt, %ld stray clear, %ld intermediate\n",
		       d->devno, s->irbs, s->stray_halt, s->stray_clear,
		       s->intermediate);
	ksft_print_msg("%s: %ld halts, %ld clears accepted, %ld busy; %ld region reads\n",
		       d->devno, s->halts, s->clears, s->async_busy, s->reads);
}

int main(int argc, char **argv)
{
	const char *why = vt_testbed_skip_reason();
	const char *driver = getenv("VCCW_DRIVER");
	struct hotplug h = { .plugged = true };
	struct dev dev[2] = { };
	char msg[256], drv[64];
	long locked_before;
	long long t0;
	double secs;
	int i, err, seconds;
	bool ok;

	ksft_print_header();
	if (why)
		ksft_exit_skip("%s\n", why);
	if (!vt_is_vccw())
		/*
		 * The in-tree vfio_ccw keeps a single IRB slot (IRBs are
		 * overwritten) and reports host CPAs for halt/clear status:
		 * the invariants checked here are vccw's.
		 */
		ksft_exit_skip("%s: single IRB slot, host CPAs (see source)\n",
			       driver);
	seconds = atoi(vt_arg_val(argc, argv, "seconds", "20"));
	dev[0].devno = getenv("VCCW_DEVNO");
	dev[1].devno = vt_arg_val(argc, argv, "devno2", "0.0.0102");
	h.devno = vt_arg_val(argc, argv, "unplug", "0.0.0103");
	h.enabled = *h.devno && strcmp(h.devno, "none");
	if (h.enabled && vt_disk_of_devno(h.devno, h.disk, sizeof(h.disk)))
		ksft_exit_skip("unplug=%s is not a test-bed disk\n", h.devno);
	if (h.enabled && (!vt_devno_driver(h.devno, drv, sizeof(drv)) ||
			  strcmp(drv, "io_subchannel")))
		ksft_exit_skip("%s is not on io_subchannel (%s)\n", h.devno,
			       drv);

	ksft_set_plan(6);
	for (i = 0; i < 2; i++) {
		err = vt_ensure_mdev(driver, dev[i].devno, dev[i].uuid,
				     sizeof(dev[i].uuid), msg, sizeof(msg));
		if (err)
			ksft_exit_fail_msg("bind %s: %s\n", dev[i].devno, msg);
	}
	locked_before = ccwc_locked_kb();
	for (i = 0; i < 2; i++) {
		err = ccwc_open(&dev[i].c, dev[i].uuid, CCWC_IOVA,
				CCWC_DMA_SIZE);
		if (err)
			ksft_exit_fail_msg("open %s: %s\n", dev[i].uuid,
					   strerror(-err));
		dev[i].seed = 0x1234 + i;
	}

	t0 = vt_now_ms();
	for (i = 0; i < 2; i++) {
		pthread_create(&dev[i].io, NULL, io_thread, &dev[i]);
		pthread_create(&dev[i].async, NULL, async_thread, &dev[i]);
		pthread_create(&dev[i].reader, NULL, reader_thread, &dev[i]);
	}
	if (h.enabled)
		pthread_create(&h.thread, NULL, hotplug_thread, &h);
	vt_sleep_ms(seconds * 1000L);
	__atomic_store_n(&stop, true, __ATOMIC_RELEASE);
	for (i = 0; i < 2; i++) {
		pthread_join(dev[i].async, NULL);
		pthread_join(dev[i].reader, NULL);
		pthread_join(dev[i].io, NULL);
	}
	secs = (vt_now_ms() - t0) / 1000.0;
	if (h.enabled)
		pthread_join(h.thread, NULL);

	ok = true;
	for (i = 0; i < 2; i++) {
		struct dev_stats *s = &dev[i].s;
		long ended = s->done_ok + s->done_halted + s->done_other +
			     s->done_cleared;

		report(&dev[i], secs);
		if (s->lost || s->duplicate || s->bad_cpa || s->bad_data ||
		    s->unexpected || ended + s->lost != s->starts || !s->done_ok) {
			ok = false;
			ksft_print_msg("%s: %ld lost, %ld duplicate, %ld bad CPA, %ld no data\n",
				       dev[i].devno, s->lost, s->duplicate,
				       s->bad_cpa, s->bad_data);
			ksft_print_msg("%s: %ld unexpected (last %s); %ld starts, %ld ended\n",
				       dev[i].devno, s->unexpected,
				       strerror(s->last_errno), s->starts,
				       ended);
			print_counters(dev[i].devno);
		}
	}
	ksft_test_result(ok, "every start ends with one final IRB or a clean errno, no host CPA\n");

	ok = true;
	for (i = 0; i < 2; i++) {
		struct dev_stats *s = &dev[i].s;

		if (s->async_unexpected || !(s->halts + s->clears)) {
			ok = false;
			ksft_print_msg("%s: %ld unexpected halt/clear errors (last %s)\n",
				       dev[i].devno, s->async_unexpected,
				       strerror(s->async_errno));
		}
	}
	ksft_test_result(ok, "halt and clear: no unexpected errno\n");

	ok = true;
	for (i = 0; i < 2; i++) {
		if (dev[i].s.read_errors || !dev[i].s.reads) {
			ok = false;
			ksft_print_msg("%s: %ld region read errors (last %s)\n",
				       dev[i].devno, dev[i].s.read_errors,
				       strerror(dev[i].s.read_errno));
		}
	}
	ksft_test_result(ok, "region reads\n");

	if (h.enabled) {
		ksft_print_msg("%s: %ld unplug cycles, slowest gone %ld/back %ld ms\n",
			       h.disk, h.cycles, h.worst_gone_ms,
			       h.worst_back_ms);
		ksft_print_msg("%s: %ld hotplug failures\n", h.disk,
			       h.failures);
		ksft_test_result(h.cycles > 0 && !h.failures,
				 "unplug and replug of %s during the stress\n",
				 h.disk);
		if (!h.plugged) {
			vt_hostctl("device_add", h.disk, msg, sizeof(msg));
			vt_wait_devno(h.devno, "io_subchannel", BACK_MS);
			vt_wait_online(h.devno, BACK_MS);
		}
	} else {
		ksft_test_result_skip("no disk to unplug (unplug=none)\n");
	}

	ok = true;
	for (i = 0; i < 2; i++) {
		if (!sense_id_works(&dev[i])) {
			ok = false;
			ksft_print_msg("%s: SENSE ID fails after the stress\n",
				       dev[i].devno);
		}
		ccwc_close(&dev[i].c);
	}
	ksft_test_result(ok, "both devices run a program after the stress\n");
	ksft_test_result(ccwc_locked_kb() == locked_before,
			 "VmLck back at its baseline (%ld kB, was %ld kB)\n",
			 ccwc_locked_kb(), locked_before);

	vt_sh(msg, sizeof(msg), VT_UNBIND " %s %s", dev[1].devno, dev[1].uuid);
	ksft_finished();
}

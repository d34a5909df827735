// SPDX-License-Identifier: GPL-2.0
/*
 * vccw_diff_test - differential test: one table of channel programs, run
 * through vccw and through the in-tree vfio_ccw in the same boot, each on
 * its own virtio-blk disk, results compared field by field.
 *
 * Compared per program: the errno of the START (0 if accepted); for an
 * accepted one the final IRB's function, activity and status control,
 * device and subchannel status, residual count and CCW address (both
 * windows sit at the same IOVA, so the addresses must be equal); and the
 * bytes the program stored.  READ_CONF stores each disk's own capacity,
 * which is checked against the disk table instead of compared.
 *
 * A difference is a failure unless the program's entry names it as a
 * documented vccw difference (Documentation/arch/s390/vccw.rst,
 * "Differences from vfio_ccw"); an entry whose named difference does not
 * show fails too, so the table and the document cannot go stale.
 *
 * Usage (run.list): vccw_diff_test driver=vccw devno=A devno2=B sectors2=N
 * -- the runner binds A to vccw, this program binds B to vfio_ccw.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/vfio_ccw.h>

#include "ccw_client.h"
#include "vccw_test_util.h"
#include "kselftest.h"

#define OFF_CCW		0x0000
#define OFF_CCW2	0x1000
#define OFF_IDAL	0x2000
#define OFF_DATA	0x3000
#define DATA_LEN	64
#define UNMAPPED	0x7f000000u	/* far outside the window */
#define WAIT_MS		5000

struct result {
	int start_err;		/* 0: accepted */
	int wait_err;
	struct ccwc_irb irb;
	uint8_t data[DATA_LEN];
};

struct prog {
	const char *name;
	/* Build the program in @c; return the ORB flags, CPA in *cpa. */
	uint32_t (*build)(struct ccwc *c, uint32_t *cpa);
	bool capacity;		/* data is READ_CONF's capacity */
	const char *known;	/* a documented difference, or NULL */
};

static void fmt0_ccw(void *p, uint8_t cmd, uint8_t flags, uint16_t count,
		     uint32_t cda)
{
	uint8_t *b = p;

	b[0] = cmd;
	b[1] = cda >> 16;
	b[2] = cda >> 8;
	b[3] = cda;
	b[4] = flags;
	b[5] = 0;
	b[6] = count >> 8;
	b[7] = count;
}

static struct ccw1 *ccw_at(struct ccwc *c, size_t off, int i)
{
	return (struct ccw1 *)ccwc_at(c, off) + i;
}

#define FMT1	(ORB_F_FMT1 | ORB_F_PFCH | ORB_LPM(0xff))

/* A program of one format-1 CCW at OFF_CCW. */
static uint32_t one_ccw(struct ccwc *c, uint32_t *cpa, uint8_t cmd,
			uint8_t flags, uint16_t count, uint32_t cda)
{
	ccwc_set_ccw(ccw_at(c, OFF_CCW, 0), cmd, flags, count, cda);
	*cpa = ccwc_iova_at(c, OFF_CCW);
	return FMT1;
}

static uint32_t p_sense_id(struct ccwc *c, uint32_t *cpa)
{
	return one_ccw(c, cpa, CCW_CMD_SENSE_ID, CCW_FLAG_SLI,
		       32, ccwc_iova_at(c, OFF_DATA));
}

static uint32_t p_sense_id_no_sli(struct ccwc *c, uint32_t *cpa)
{
	return one_ccw(c, cpa, CCW_CMD_SENSE_ID, 0,
		       32, ccwc_iova_at(c, OFF_DATA));
}

static uint32_t p_sense_id_fmt0(struct ccwc *c, uint32_t *cpa)
{
	fmt0_ccw(ccwc_at(c, OFF_CCW), CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 32,
		 ccwc_iova_at(c, OFF_DATA));
	*cpa = ccwc_iova_at(c, OFF_CCW);
	return ORB_F_PFCH | ORB_LPM(0xff);
}

static uint32_t p_sense_id_short(struct ccwc *c, uint32_t *cpa)
{
	return one_ccw(c, cpa, CCW_CMD_SENSE_ID, CCW_FLAG_SLI,
		       4, ccwc_iova_at(c, OFF_DATA));
}

/* @n command-chained NOOPs. */
static uint32_t noop_chain(struct ccwc *c, uint32_t *cpa, int n)
{
	int i;

	for (i = 0; i < n; i++)
		ccwc_set_ccw(ccw_at(c, OFF_CCW, i), CCW_CMD_NOOP,
			     i < n - 1 ? CCW_FLAG_CC : 0, 0, 0);
	*cpa = ccwc_iova_at(c, OFF_CCW);
	return FMT1;
}

static uint32_t p_noop_chain(struct ccwc *c, uint32_t *cpa)
{
	return noop_chain(c, cpa, 10);
}

static uint32_t p_noop_chain_200(struct ccwc *c, uint32_t *cpa)
{
	return noop_chain(c, cpa, 200);
}

/* NOOP, TIC to another page, SENSE ID there. */
static uint32_t p_tic_other_page(struct ccwc *c, uint32_t *cpa)
{
	ccwc_set_ccw(ccw_at(c, OFF_CCW, 0), CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
	ccwc_set_ccw(ccw_at(c, OFF_CCW, 1), CCW_CMD_TIC, 0, 0,
		     ccwc_iova_at(c, OFF_CCW2));
	ccwc_set_ccw(ccw_at(c, OFF_CCW2, 0), CCW_CMD_SENSE_ID, CCW_FLAG_SLI,
		     32, ccwc_iova_at(c, OFF_DATA));
	*cpa = ccwc_iova_at(c, OFF_CCW);
	return FMT1;
}

static uint32_t p_read_conf(struct ccwc *c, uint32_t *cpa)
{
	return one_ccw(c, cpa, CCW_CMD_VIRTIO_READ_CONF, 0,
		       8, ccwc_iova_at(c, OFF_DATA));
}

/* READ_CONF through a format-2 IDAL of one IDAW. */
static uint32_t p_read_conf_idal2(struct ccwc *c, uint32_t *cpa)
{
	uint64_t idaw = htobe64(ccwc_iova_at(c, OFF_DATA));

	memcpy(ccwc_at(c, OFF_IDAL), &idaw, sizeof(idaw));
	ccwc_set_ccw(ccw_at(c, OFF_CCW, 0), CCW_CMD_VIRTIO_READ_CONF,
		     CCW_FLAG_IDA, 8, ccwc_iova_at(c, OFF_IDAL));
	*cpa = ccwc_iova_at(c, OFF_CCW);
	return FMT1 | ORB_F_C64;
}

/* READ_CONF through a format-1 (31-bit) IDAL of one IDAW. */
static uint32_t p_read_conf_idal1(struct ccwc *c, uint32_t *cpa)
{
	uint32_t idaw = htobe32(ccwc_iova_at(c, OFF_DATA));

	memcpy(ccwc_at(c, OFF_IDAL), &idaw, sizeof(idaw));
	ccwc_set_ccw(ccw_at(c, OFF_CCW, 0), CCW_CMD_VIRTIO_READ_CONF,
		     CCW_FLAG_IDA, 8, ccwc_iova_at(c, OFF_IDAL));
	*cpa = ccwc_iova_at(c, OFF_CCW);
	return FMT1;
}

/* SENSE ID with data chaining: 4 bytes, then 28 more elsewhere. */
static uint32_t p_sense_id_data_chain(struct ccwc *c, uint32_t *cpa)
{
	ccwc_set_ccw(ccw_at(c, OFF_CCW, 0), CCW_CMD_SENSE_ID, CCW_FLAG_CD, 4,
		     ccwc_iova_at(c, OFF_DATA));
	ccwc_set_ccw(ccw_at(c, OFF_CCW, 1), CCW_CMD_SENSE_ID, CCW_FLAG_SLI,
		     28, ccwc_iova_at(c, OFF_DATA + 4));
	*cpa = ccwc_iova_at(c, OFF_CCW);
	return FMT1;
}

static uint32_t p_unmapped_cda(struct ccwc *c, uint32_t *cpa)
{
	return one_ccw(c, cpa, CCW_CMD_SENSE_ID, CCW_FLAG_SLI,
		       32, UNMAPPED);
}

static uint32_t p_unmapped_cpa(struct ccwc *c, uint32_t *cpa)
{
	*cpa = UNMAPPED;
	return FMT1;
}

static uint32_t p_tic_to_tic(struct ccwc *c, uint32_t *cpa)
{
	ccwc_set_ccw(ccw_at(c, OFF_CCW, 0), CCW_CMD_TIC, 0, 0,
		     ccwc_iova_at(c, OFF_CCW2));
	ccwc_set_ccw(ccw_at(c, OFF_CCW2, 0), CCW_CMD_TIC, 0, 0,
		     ccwc_iova_at(c, OFF_CCW));
	*cpa = ccwc_iova_at(c, OFF_CCW);
	return FMT1;
}

static uint32_t p_suspend(struct ccwc *c, uint32_t *cpa)
{
	ccwc_set_ccw(ccw_at(c, OFF_CCW, 0), CCW_CMD_NOOP, CCW_FLAG_SUSP, 0, 0);
	*cpa = ccwc_iova_at(c, OFF_CCW);
	return FMT1 | ORB_F_SPND;
}

/* Documentation/arch/s390/vccw.rst, "Differences from vfio_ccw". */
#define KNOWN_EFAULT	"address outside the DMA mappings: -EFAULT, vfio_ccw -EINVAL"
#define KNOWN_SUSPEND	"suspend refused (-EOPNOTSUPP); vfio_ccw leaves it suspended"

static const struct prog progs[] = {
	{ .name = "sense_id", .build = p_sense_id },
	{ .name = "sense_id_no_sli", .build = p_sense_id_no_sli },
	{ .name = "sense_id_format0", .build = p_sense_id_fmt0 },
	{ .name = "sense_id_short", .build = p_sense_id_short },
	{ .name = "sense_id_data_chain", .build = p_sense_id_data_chain },
	{ .name = "noop_chain_10", .build = p_noop_chain },
	{ .name = "noop_chain_200", .build = p_noop_chain_200 },
	{ .name = "tic_other_page", .build = p_tic_other_page },
	{ .name = "read_conf", .build = p_read_conf, .capacity = true },
	{ .name = "read_conf_idal_format2", .build = p_read_conf_idal2, .capacity = true },
	{ .name = "read_conf_idal_format1", .build = p_read_conf_idal1, .capacity = true },
	{ .name = "unmapped_cda", .build = p_unmapped_cda,
	  .known = KNOWN_EFAULT },
	{ .name = "unmapped_cpa", .build = p_unmapped_cpa,
	  .known = KNOWN_EFAULT },
	{ .name = "tic_to_tic", .build = p_tic_to_tic },
	{ .name = "suspend", .build = p_suspend,
	  .known = KNOWN_SUSPEND },
};

static void run(struct ccwc *c, const struct prog *p, struct result *r)
{
	uint8_t orb[12];
	uint32_t flags, cpa = 0;

	memset(r, 0, sizeof(*r));
	memset(c->dma, 0, OFF_DATA + 0x1000);
	memset(ccwc_at(c, OFF_DATA), 0xa5, DATA_LEN);
	flags = p->build(c, &cpa);
	ccwc_make_orb(orb, 0x0d1ff, flags, cpa);
	r->start_err = ccwc_start(c, orb);
	if (r->start_err)
		return;
	do {
		r->wait_err = ccwc_wait(c, WAIT_MS);
		if (!r->wait_err)
			r->wait_err = ccwc_read_irb(c, &r->irb);
	} while (!r->wait_err &&
		 !(r->irb.stctl & (SCSW_STCTL_PRIMARY | SCSW_STCTL_ALERT)));
	memcpy(r->data, ccwc_at(c, OFF_DATA), DATA_LEN);
	if (r->wait_err) {
		struct ccwc_irb irb;

		/* A program left suspended or running: clear it, drain. */
		ccwc_async(c, VFIO_CCW_ASYNC_CMD_CSCH);
		while (!ccwc_wait(c, 2000))
			ccwc_read_irb(c, &irb);
	}
}

static void describe(char *buf, size_t len, const struct result *r)
{
	if (r->start_err) {
		snprintf(buf, len, "start %s", strerror(-r->start_err));
		return;
	}
	if (r->wait_err) {
		snprintf(buf, len, "no IRB (%s)", strerror(-r->wait_err));
		return;
	}
	snprintf(buf, len,
		 "fc %x ac %02x sc %02x dstat %02x cstat %02x count %u cpa %#x",
		 r->irb.fctl, r->irb.actl, r->irb.stctl, r->irb.dstat,
		 r->irb.cstat, r->irb.count, r->irb.cpa);
}

/* The first field in which the two results differ, or NULL. */
static const char *differ(const struct prog *p, const struct result *a,
			  const struct result *b)
{
	if (a->start_err != b->start_err)
		return "start errno";
	if (a->start_err)
		return NULL;
	if (a->wait_err != b->wait_err)
		return "IRB arrival";
	if (a->wait_err)
		return NULL;
	if (a->irb.fctl != b->irb.fctl || a->irb.actl != b->irb.actl ||
	    a->irb.stctl != b->irb.stctl)
		return "SCSW control";
	if (a->irb.dstat != b->irb.dstat || a->irb.cstat != b->irb.cstat)
		return "status";
	if (a->irb.count != b->irb.count)
		return "residual count";
	if (a->irb.cpa != b->irb.cpa)
		return "CCW address";
	if (!p->capacity && memcmp(a->data, b->data, DATA_LEN))
		return "data";
	return NULL;
}

static bool capacity_ok(const struct result *r, unsigned long long sectors)
{
	uint64_t cap;

	if (r->start_err || r->wait_err || r->irb.dstat != (DEV_STAT_CE |
							   DEV_STAT_DE))
		return true;	/* compared as status, not as data */
	memcpy(&cap, r->data, sizeof(cap));
	return be64toh(cap) == sectors;
}

int main(int argc, char **argv)
{
	const char *why = vt_testbed_skip_reason(), *devno2, *field;
	char uuid2[40], msg[256], da[128], db[128];
	unsigned long long sect1, sect2;
	struct ccwc a, b;
	struct result ra, rb;
	long locked_before;
	unsigned int i;
	bool ok;
	int err;

	ksft_print_header();
	if (why)
		ksft_exit_skip("%s\n", why);
	if (!vt_is_vccw())
		ksft_exit_skip("the runner must bind vccw; vfio_ccw is the other side\n");
	devno2 = vt_arg_val(argc, argv, "devno2", "0.0.0101");
	sect1 = strtoull(getenv("VCCW_DISK_SECTORS") ?: "0", NULL, 0);
	sect2 = strtoull(vt_arg_val(argc, argv, "sectors2", "0"), NULL, 0);
	if (!sect1 || !sect2)
		ksft_exit_skip("disk capacities unknown (VCCW_DISK_SECTORS, sectors2=)\n");

	ksft_set_plan(ARRAY_SIZE(progs) + 1);
	err = vt_ensure_mdev("vfio_ccw", devno2, uuid2, sizeof(uuid2), msg,
			     sizeof(msg));
	if (err)
		ksft_exit_fail_msg("bind %s to vfio_ccw: %s\n", devno2, msg);
	locked_before = ccwc_locked_kb();
	err = ccwc_open_env(&a);
	if (err)
		ksft_exit_fail_msg("open vccw mdev: %s\n", strerror(-err));
	err = ccwc_open(&b, uuid2, CCWC_IOVA, CCWC_DMA_SIZE);
	if (err)
		ksft_exit_fail_msg("open vfio_ccw mdev: %s\n", strerror(-err));

	for (i = 0; i < ARRAY_SIZE(progs); i++) {
		const struct prog *p = &progs[i];

		run(&a, p, &ra);
		run(&b, p, &rb);
		describe(da, sizeof(da), &ra);
		describe(db, sizeof(db), &rb);
		field = differ(p, &ra, &rb);
		ok = true;
		if (p->capacity && (!capacity_ok(&ra, sect1) ||
				    !capacity_ok(&rb, sect2))) {
			ksft_print_msg("%s: capacity wrong\n", p->name);
			ok = false;
		}
		if (field || p->known) {
			ksft_print_msg("%s: vccw     %s\n", p->name, da);
			ksft_print_msg("%s: vfio_ccw %s\n", p->name, db);
		}
		if (field && !p->known) {
			ksft_print_msg("%s: undocumented difference in %s\n",
				       p->name, field);
			ok = false;
		} else if (!field && p->known) {
			ksft_print_msg("%s: documented difference gone: %s\n",
				       p->name, p->known);
			ok = false;
		} else if (field) {
			ksft_print_msg("%s: documented difference (%s): %s\n",
				       p->name, field, p->known);
		}
		ksft_test_result(ok, "%s\n", p->name);
	}

	ccwc_close(&a);
	ccwc_close(&b);
	ksft_test_result(ccwc_locked_kb() == locked_before,
			 "VmLck back at its baseline (%ld kB, was %ld kB)\n",
			 ccwc_locked_kb(), locked_before);
	vt_sh(msg, sizeof(msg), VT_UNBIND " %s %s", devno2, uuid2);
	ksft_finished();
}

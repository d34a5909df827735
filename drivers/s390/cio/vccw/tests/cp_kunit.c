// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the vccw channel-program translator (vccw_cp.c).
 *
 * Guest memory is a fake: FAKE_PAGES real pages indexed by IOVA, of which
 * the first fake->size bytes are "mapped".  Reads beyond that fail, pins
 * return the backing pages and are counted per page, and reads and pins
 * can be made to fail at the n-th call.  The host program is checked by
 * walking the host chains: every TIC must point into a host chain, every
 * other CCW must have the IDA flag and an IDAL whose IDAWs are pinned fake
 * pages or the zero page; no guest address may be left.
 */

#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/unaligned.h>
#include <asm/cio.h>
#include <asm/dma-types.h>

#include "orb.h"
#include "vccw_cp.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define FAKE_PAGES	64
#define FAKE_SIZE	((u64)FAKE_PAGES * PAGE_SIZE)

/* Guest ORB word 1 bits (SA22-7832, "Operation-Request Block"). */
#define W1_S		0x08000000
#define W1_F		0x00800000
#define W1_P		0x00400000
#define W1_B		0x00040000
#define W1_H		0x00020000
#define W1_T		0x00010000
#define W1_L		0x00000080
#define W1_X		0x00000001

#define CMD_WRITE	0x01
#define CMD_READ	0x02
#define CMD_SENSE	0x04
#define CMD_SEARCH	0x31

/**
 * struct fake_mem - fake guest memory behind &struct vccw_cp_ops
 * @pg: backing pages; guest page n is @pg[n]
 * @size: bytes mapped from IOVA 0
 * @refs: pin references per page
 * @prot: union of the protections each page was pinned with
 * @reads: read calls
 * @pins: pin calls
 * @unpins: unpin calls
 * @pinned: pages pinned (successful pins)
 * @unpinned: pages unpinned
 * @bad_unpin: unpins of pages that were not pinned
 * @fail_read: fail the read call with this number (1-based), 0: never
 * @fail_pin: fail the pin call with this number (1-based), 0: never
 * @partial_pin: a failing pin pins one page and returns 1
 */
struct fake_mem {
	struct page *pg[FAKE_PAGES];
	u64 size;
	int refs[FAKE_PAGES];
	int prot[FAKE_PAGES];
	int reads;
	int pins;
	int unpins;
	int pinned;
	int unpinned;
	int bad_unpin;
	int fail_read;
	int fail_pin;
	bool partial_pin;
};

static int fake_read(void *ctx, vccw_iova_t iova, void *buf, size_t len)
{
	struct fake_mem *fm = ctx;
	u64 a = vccw_iova_val(iova);

	fm->reads++;
	if (fm->fail_read && fm->reads == fm->fail_read)
		return -EFAULT;
	if (a >= fm->size || len > fm->size - a)
		return -EFAULT;
	while (len) {
		size_t n = min_t(size_t, len, PAGE_SIZE - offset_in_page(a));

		memcpy(buf, page_address(fm->pg[a >> PAGE_SHIFT]) +
		       offset_in_page(a), n);
		buf += n;
		a += n;
		len -= n;
	}
	return 0;
}

static int fake_pin(void *ctx, vccw_iova_t iova, int npage, int prot,
		    struct page **pages)
{
	struct fake_mem *fm = ctx;
	u64 a = vccw_iova_val(iova);
	int i;

	fm->pins++;
	if (offset_in_page(a) || npage < 1 || npage > 512)
		return -EINVAL;
	if (a >= fm->size || (u64)npage * PAGE_SIZE > fm->size - a)
		return -EFAULT;
	if (fm->fail_pin && fm->pins == fm->fail_pin) {
		if (!fm->partial_pin || npage < 2)
			return -EFAULT;
		npage = 1;
	}
	for (i = 0; i < npage; i++) {
		unsigned long n = (a >> PAGE_SHIFT) + i;

		pages[i] = fm->pg[n];
		fm->refs[n]++;
		fm->prot[n] |= prot;
	}
	fm->pinned += npage;
	return npage;
}

static void fake_unpin(void *ctx, vccw_iova_t iova, int npage)
{
	struct fake_mem *fm = ctx;
	u64 a = vccw_iova_val(iova);
	int i;

	fm->unpins++;
	for (i = 0; i < npage; i++) {
		unsigned long n = (a >> PAGE_SHIFT) + i;

		if (n >= FAKE_PAGES || fm->refs[n] <= 0) {
			fm->bad_unpin++;
			continue;
		}
		fm->refs[n]--;
		fm->unpinned++;
	}
}

static const struct vccw_cp_ops fake_ops = {
	.read = fake_read,
	.pin = fake_pin,
	.unpin = fake_unpin,
};

/**
 * struct cp_test - per-test state
 * @fm: the fake guest memory
 * @cp: a translator with default limits on @fm
 */
struct cp_test {
	struct fake_mem fm;
	struct vccw_cp *cp;
};

static void *gaddr(struct fake_mem *fm, u64 a)
{
	return page_address(fm->pg[a >> PAGE_SHIFT]) + offset_in_page(a);
}

static void put_ccw1(struct fake_mem *fm, u64 a, u8 cmd, u8 flags, u16 count,
		     u32 cda)
{
	u8 *b = gaddr(fm, a);

	b[0] = cmd;
	b[1] = flags;
	put_unaligned_be16(count, b + 2);
	put_unaligned_be32(cda, b + 4);
}

static void put_ccw0(struct fake_mem *fm, u64 a, u8 cmd, u8 flags, u16 count,
		     u32 cda)
{
	u8 *b = gaddr(fm, a);

	put_unaligned_be32(cda & 0xffffff, b);
	b[0] = cmd;
	b[4] = flags;
	b[5] = 0xa5;	/* reserved, ignored */
	put_unaligned_be16(count, b + 6);
}

static void put_ccw(struct fake_mem *fm, bool fmt0, u64 a, u8 cmd, u8 flags,
		    u16 count, u32 cda)
{
	if (fmt0)
		put_ccw0(fm, a, cmd, flags, count, cda);
	else
		put_ccw1(fm, a, cmd, flags, count, cda);
}

static void make_orb(u8 orb[12], u32 w1, u32 cpa)
{
	put_unaligned_be32(0x12345678, orb);
	put_unaligned_be32(w1, orb + 4);
	put_unaligned_be32(cpa, orb + 8);
}

static int cp_test_init(struct kunit *test)
{
	struct cp_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, t);
	for (i = 0; i < FAKE_PAGES; i++) {
		t->fm.pg[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		KUNIT_ASSERT_NOT_NULL(test, t->fm.pg[i]);
	}
	t->fm.size = FAKE_SIZE;
	t->cp = vccw_cp_alloc(&fake_ops, &t->fm, NULL, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->cp);
	test->priv = t;
	return 0;
}

static void cp_test_exit(struct kunit *test)
{
	struct cp_test *t = test->priv;
	int i;

	if (!t)
		return;
	vccw_cp_free(t->cp);
	/* Whatever happened, every pin must have been undone. */
	KUNIT_EXPECT_EQ(test, t->fm.pinned, t->fm.unpinned);
	KUNIT_EXPECT_EQ(test, t->fm.bad_unpin, 0);
	for (i = 0; i < FAKE_PAGES; i++) {
		KUNIT_EXPECT_EQ(test, t->fm.refs[i], 0);
		if (t->fm.pg[i])
			__free_page(t->fm.pg[i]);
	}
}

/* Is host address @a inside the host CCWs of any chain (or one past)? */
static int host_chain_of(struct vccw_cp *cp, u32 a, unsigned int *idx)
{
	const struct ccw1 *ccws;
	vccw_iova_t g;
	unsigned int len, c;

	for (c = 0; !vccw_cp_test_chain(cp, c, &ccws, &len, &g); c++) {
		u32 h = dma32_to_u32(virt_to_dma32((void *)ccws));

		if (a >= h && a < h + len * 8) {
			*idx = (a - h) / 8;
			return c;
		}
	}
	return -1;
}

/* Is the host address @a in a page of the fake guest memory? */
static bool in_fake_page(struct fake_mem *fm, u64 a)
{
	int i;

	for (i = 0; i < FAKE_PAGES; i++)
		if (a >= page_to_phys(fm->pg[i]) &&
		    a < page_to_phys(fm->pg[i]) + PAGE_SIZE)
			return true;
	return false;
}

/*
 * Walk the whole host program: no guest address may be left in it.
 * Returns the number of CCWs seen.
 */
static unsigned int check_host_program(struct kunit *test, struct cp_test *t,
				       unsigned int blk)
{
	phys_addr_t zero = vccw_cp_test_zero_page(t->cp);
	const struct ccw1 *ccws;
	unsigned int len, c, i, k, seen = 0;
	vccw_iova_t g;

	for (c = 0; !vccw_cp_test_chain(t->cp, c, &ccws, &len, &g); c++) {
		/* The CCW after the chain is an invalid (zero) CCW. */
		KUNIT_EXPECT_EQ(test, ccws[len].cmd_code, 0);
		for (i = 0; i < len; i++) {
			const struct ccw1 *ccw = &ccws[i];
			unsigned int idx, n;
			const dma64_t *idal;

			seen++;
			if (ccw->cmd_code == CCW_CMD_TIC) {
				KUNIT_EXPECT_GE(test,
						host_chain_of(t->cp,
							      dma32_to_u32(ccw->cda),
							      &idx), 0);
				continue;
			}
			KUNIT_EXPECT_TRUE(test, ccw->flags & CCW_FLAG_IDA);
			idal = dma32_to_virt(ccw->cda);
			n = ccw->count ? DIV_ROUND_UP(ccw->count, blk) : 1;
			for (k = 0; k < n; k++) {
				u64 a = dma64_to_u64(idal[k]);

				/* Only the first IDAW may start mid-block. */
				if (a >= zero && a < zero + PAGE_SIZE)
					continue;
				KUNIT_EXPECT_TRUE_MSG(test, in_fake_page(&t->fm, a),
						      "chain %u ccw %u idaw %u: %llx",
						      c, i, k, a);
			}
		}
	}
	return seen;
}

/* ------------------------------------------------------------------ */
/* The data-address matrix.                                           */

enum da_mode { DA_DIRECT, DA_IDAL1, DA_IDAL2_4K, DA_IDAL2_2K, DA_NR };
enum da_align { AL_ALIGNED, AL_PAGE_CROSS, AL_2K_CROSS, AL_NR };

static const char * const da_mode_name[] = {
	"direct", "idal1", "idal2-4k", "idal2-2k"
};

static const char * const da_align_name[] = {
	"aligned", "page-crossing", "2k-crossing"
};

static const u16 da_counts[] = { 0, 1, 2047, 2048, 4096, 65535 };

/**
 * struct da_param - one data-address matrix case
 * @fmt0: format-0 CCWs
 * @mode: direct or one of the IDAL formats
 * @align: where the data starts
 * @count: the CCW count
 */
struct da_param {
	bool fmt0;
	enum da_mode mode;
	enum da_align align;
	u16 count;
};

#define DA_NR_CASES	(2 * DA_NR * AL_NR * ARRAY_SIZE(da_counts))

static struct da_param da_params[DA_NR_CASES];

static void da_desc(struct da_param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "fmt%d %s %s count %u",
		 p->fmt0 ? 0 : 1, da_mode_name[p->mode],
		 da_align_name[p->align], p->count);
}

KUNIT_ARRAY_PARAM(da, da_params, da_desc);

/* Fill the matrix (suite_init runs before the parameters are generated). */
static int da_suite_init(struct kunit_suite *suite)
{
	unsigned int i;

	for (i = 0; i < DA_NR_CASES; i++) {
		unsigned int r = i;

		da_params[i].count = da_counts[r % ARRAY_SIZE(da_counts)];
		r /= ARRAY_SIZE(da_counts);
		da_params[i].align = r % AL_NR;
		r /= AL_NR;
		da_params[i].mode = r % DA_NR;
		r /= DA_NR;
		da_params[i].fmt0 = r;
	}
	return 0;
}

#define DA_CCW		0x1000
#define DA_IDAL		0x2000
#define DA_DATA		0x10000

static void cp_data_matrix(struct kunit *test)
{
	const struct da_param *p = test->param_value;
	struct cp_test *t = test->priv;
	struct fake_mem *fm = &t->fm;
	unsigned int blk, n, k, npages;
	u32 w1 = p->fmt0 ? 0 : W1_F;
	u64 data = DA_DATA, gid[40];
	u8 flags = CCW_FLAG_SLI;
	const struct ccw1 *ccws;
	struct vccw_cp_stats st;
	const dma64_t *idal;
	unsigned int len;
	union orb orb;
	vccw_iova_t g;
	u8 o[12];

	switch (p->mode) {
	case DA_DIRECT:
	case DA_IDAL2_4K:
		w1 |= W1_H;
		blk = SZ_4K;
		break;
	case DA_IDAL1:
		blk = SZ_2K;
		break;
	default:
		w1 |= W1_H | W1_T;
		blk = SZ_2K;
		break;
	}
	if (p->align == AL_PAGE_CROSS)
		data += PAGE_SIZE - 100;
	else if (p->align == AL_2K_CROSS)
		data += SZ_2K - 100;

	n = p->count ? ((data & (blk - 1)) + p->count + blk - 1) / blk : 1;
	gid[0] = data;
	for (k = 1; k < n; k++)
		gid[k] = round_down(data, blk) + k * blk;
	if (p->mode != DA_DIRECT) {
		flags |= CCW_FLAG_IDA;
		for (k = 0; k < n; k++) {
			if (p->mode == DA_IDAL1)
				put_unaligned_be32(gid[k], gaddr(fm, DA_IDAL + 4 * k));
			else
				put_unaligned_be64(gid[k], gaddr(fm, DA_IDAL + 8 * k));
		}
	}
	put_ccw(fm, p->fmt0, DA_CCW, CMD_READ, flags, p->count,
		p->mode == DA_DIRECT ? data : DA_IDAL);
	make_orb(o, w1, DA_CCW);

	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	KUNIT_ASSERT_EQ(test, vccw_cp_test_chain(t->cp, 0, &ccws, &len, &g), 0);
	KUNIT_ASSERT_EQ(test, len, 1);
	KUNIT_EXPECT_EQ(test, vccw_iova_val(g), DA_CCW);
	KUNIT_EXPECT_EQ(test, ccws[0].cmd_code, CMD_READ);
	KUNIT_EXPECT_EQ(test, ccws[0].count, p->count);
	KUNIT_EXPECT_EQ(test, ccws[0].flags, CCW_FLAG_SLI | CCW_FLAG_IDA);

	idal = dma32_to_virt(ccws[0].cda);
	for (k = 0; k < n; k++) {
		u64 want = p->count ?
			page_to_phys(fm->pg[gid[k] >> PAGE_SHIFT]) +
			offset_in_page(gid[k]) :
			vccw_cp_test_zero_page(t->cp);

		KUNIT_EXPECT_EQ_MSG(test, dma64_to_u64(idal[k]), want,
				    "idaw %u", k);
	}
	vccw_cp_get_stats(t->cp, &st);
	npages = p->count ? (offset_in_page(data) + p->count + PAGE_SIZE - 1) /
			    PAGE_SIZE : 0;
	KUNIT_EXPECT_EQ(test, st.pages, npages);
	KUNIT_EXPECT_EQ(test, fm->pinned, npages);
	KUNIT_EXPECT_EQ(test, st.pin_calls, p->count ? 1 : 0);
	/* No pin cache: the program's pins are its own. */
	KUNIT_EXPECT_EQ(test, vccw_cp_release_unpins(t->cp), p->count != 0);
	KUNIT_EXPECT_EQ(test, st.idaws, n);
	KUNIT_EXPECT_EQ(test, st.ccws, 1);
	if (p->count) {
		/* A read stores into the pages: pinned writable. */
		KUNIT_EXPECT_EQ(test, fm->prot[data >> PAGE_SHIFT],
				IOMMU_READ | IOMMU_WRITE);
		KUNIT_EXPECT_TRUE(test, vccw_cp_iova_pinned(t->cp,
							    vccw_iova(data), 1));
	}
	KUNIT_EXPECT_FALSE(test, vccw_cp_iova_pinned(t->cp, vccw_iova(0), DA_DATA));
	check_host_program(test, t, blk);

	KUNIT_ASSERT_EQ(test, vccw_cp_host_orb(t->cp, &orb, 1, 0xff), 0);
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.fmt, 1);
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.c64, 1);
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.i2k, blk == SZ_2K);
	KUNIT_EXPECT_EQ(test, dma32_to_u32(orb.cmd.cpa),
			dma32_to_u32(virt_to_dma32((void *)ccws)));

	vccw_cp_release(t->cp);
	KUNIT_EXPECT_EQ(test, fm->pinned, fm->unpinned);
	KUNIT_EXPECT_FALSE(test, vccw_cp_is_active(t->cp));
	KUNIT_EXPECT_EQ(test, vccw_cp_pinned_pages(t->cp), 0);
}

/* ------------------------------------------------------------------ */
/* Whole programs: TIC topologies, data chaining, flags.              */

/**
 * struct tccw - one guest CCW of a test program
 * @addr: guest address (0 ends the list)
 * @cmd: command code
 * @flags: flags
 * @count: count
 * @cda: data address
 */
struct tccw {
	u32 addr;
	u8 cmd;
	u8 flags;
	u16 count;
	u32 cda;
};

#define MAX_TCCW	8

/**
 * struct prog_case - a program and what its translation must look like
 * @name: description
 * @ccw: the program
 * @cpa: ORB CPA (0: the first CCW)
 * @fmt0: format-0 CCWs
 * @ret: expected result of vccw_cp_build()
 * @chains: expected number of host chains
 * @ccws: expected number of CCWs in them
 * @nopin: data addresses that must not be pinned (0 ends)
 * @pin_w: data addresses that must be pinned writable (0 ends)
 * @pin_r: data addresses that must be pinned read-only (0 ends)
 */
struct prog_case {
	const char *name;
	struct tccw ccw[MAX_TCCW];
	u32 cpa;
	bool fmt0;
	int ret;
	unsigned int chains;
	unsigned int ccws;
	u32 nopin[3];
	u32 pin_w[3];
	u32 pin_r[3];
};

#define NOP		CCW_CMD_NOOP
#define TIC		CCW_CMD_TIC
#define CC		CCW_FLAG_CC
#define DC		CCW_FLAG_DC
#define SKIP		CCW_FLAG_SKIP
#define SLI		CCW_FLAG_SLI
#define D0		0x10000
#define D1		0x11000
#define D2		0x12000
#define UNMAPPED	0x7f000000
#define END		((u32)FAKE_SIZE)

static const u32 *tic_target_of(const struct prog_case *pc, u64 addr)
{
	int i;

	for (i = 0; i < MAX_TCCW && pc->ccw[i].addr; i++)
		if (pc->ccw[i].addr == addr)
			return &pc->ccw[i].cda;
	return NULL;
}

static void run_prog(struct kunit *test, const struct prog_case *pc)
{
	struct cp_test *t = test->priv;
	struct fake_mem *fm = &t->fm;
	unsigned int c, i, len, seen;
	const struct ccw1 *ccws;
	struct vccw_cp_stats st;
	struct irb irb;
	vccw_iova_t g;
	u8 o[12];

	for (i = 0; i < MAX_TCCW && pc->ccw[i].addr; i++)
		put_ccw(fm, pc->fmt0, pc->ccw[i].addr, pc->ccw[i].cmd,
			pc->ccw[i].flags, pc->ccw[i].count, pc->ccw[i].cda);
	make_orb(o, (pc->fmt0 ? 0 : W1_F) | W1_H | W1_P,
		 pc->cpa ? pc->cpa : pc->ccw[0].addr);

	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), pc->ret);
	if (pc->ret) {
		KUNIT_EXPECT_FALSE(test, vccw_cp_is_active(t->cp));
		KUNIT_EXPECT_EQ(test, fm->pinned, fm->unpinned);
		return;
	}
	vccw_cp_get_stats(t->cp, &st);
	KUNIT_EXPECT_EQ(test, st.chains, pc->chains);
	KUNIT_EXPECT_EQ(test, st.ccws, pc->ccws);
	KUNIT_EXPECT_EQ(test, vccw_cp_ccw_count(t->cp), pc->ccws);
	seen = check_host_program(test, t, SZ_4K);
	KUNIT_EXPECT_EQ(test, seen, pc->ccws);

	for (c = 0; !vccw_cp_test_chain(t->cp, c, &ccws, &len, &g); c++) {
		u32 h = dma32_to_u32(virt_to_dma32((void *)ccws));
		u64 gs = vccw_iova_val(g);

		/* Every TIC lands on the host copy of its guest target. */
		for (i = 0; i < len; i++) {
			const u32 *want = tic_target_of(pc, gs + i * 8);
			const struct ccw1 *tc;
			unsigned int idx;
			int tch;

			if (ccws[i].cmd_code != TIC)
				continue;
			KUNIT_ASSERT_NOT_NULL(test, want);
			tch = host_chain_of(t->cp, dma32_to_u32(ccws[i].cda),
					    &idx);
			KUNIT_ASSERT_GE(test, tch, 0);
			KUNIT_ASSERT_EQ(test, vccw_cp_test_chain(t->cp, tch, &tc,
								 &len, &g), 0);
			KUNIT_EXPECT_EQ(test, vccw_iova_val(g) + idx * 8,
					(u64)*want);
			vccw_cp_test_chain(t->cp, c, &ccws, &len, &g);
		}

		/* CPA back to the guest: first CCW, one past the end. */
		memset(&irb, 0, sizeof(irb));
		irb.scsw.cmd.cpa = u32_to_dma32(h);
		vccw_cp_update_irb(t->cp, &irb);
		KUNIT_EXPECT_EQ(test, dma32_to_u32(irb.scsw.cmd.cpa), (u32)gs);
		irb.scsw.cmd.cpa = u32_to_dma32(h + len * 8);
		vccw_cp_update_irb(t->cp, &irb);
		KUNIT_EXPECT_EQ(test, dma32_to_u32(irb.scsw.cmd.cpa),
				(u32)gs + len * 8);
		irb.scsw.cmd.cpa = u32_to_dma32(h + len * 8 + 8);
		vccw_cp_update_irb(t->cp, &irb);
		KUNIT_EXPECT_EQ(test, dma32_to_u32(irb.scsw.cmd.cpa), 0);
	}
	KUNIT_EXPECT_EQ(test, c, pc->chains);

	/* An address that is no host CCW is never passed on. */
	irb.scsw.cmd.cpa = u32_to_dma32(0x7ffffff8);
	vccw_cp_update_irb(t->cp, &irb);
	KUNIT_EXPECT_EQ(test, dma32_to_u32(irb.scsw.cmd.cpa), 0);

	for (i = 0; i < 3 && pc->nopin[i]; i++) {
		if (pc->nopin[i] < FAKE_SIZE)
			KUNIT_EXPECT_EQ(test, fm->refs[pc->nopin[i] >> PAGE_SHIFT], 0);
		KUNIT_EXPECT_FALSE(test, vccw_cp_iova_pinned(t->cp,
							     vccw_iova(pc->nopin[i]), 1));
	}
	for (i = 0; i < 3 && pc->pin_w[i]; i++)
		KUNIT_EXPECT_EQ(test, fm->prot[pc->pin_w[i] >> PAGE_SHIFT],
				IOMMU_READ | IOMMU_WRITE);
	for (i = 0; i < 3 && pc->pin_r[i]; i++)
		KUNIT_EXPECT_EQ(test, fm->prot[pc->pin_r[i] >> PAGE_SHIFT],
				IOMMU_READ);

	vccw_cp_release(t->cp);
	vccw_cp_release(t->cp);	/* idempotent */
	KUNIT_EXPECT_EQ(test, fm->pinned, fm->unpinned);
	irb.scsw.cmd.cpa = u32_to_dma32(0x1000);
	vccw_cp_update_irb(t->cp, &irb);
	KUNIT_EXPECT_EQ(test, dma32_to_u32(irb.scsw.cmd.cpa), 0);
}

static void prog_desc(const struct prog_case *pc, char *desc)
{
	strscpy(desc, pc->name, KUNIT_PARAM_DESC_SIZE);
}

static const struct prog_case tic_cases[] = {
	{ .name = "forward", .chains = 2, .ccws = 3,
	  .ccw = { { 0x1000, NOP, CC }, { 0x1008, TIC, 0, 0, 0x1100 },
		   { 0x1100, CMD_READ, 0, 16, D0 } }, .pin_w = { D0 } },
	{ .name = "backward", .chains = 2, .ccws = 3, .cpa = 0x1100,
	  .ccw = { { 0x1100, NOP, CC }, { 0x1108, TIC, 0, 0, 0x1000 },
		   { 0x1000, CMD_WRITE, 0, 16, D0 } }, .pin_r = { D0 } },
	{ .name = "self", .chains = 1, .ccws = 2,
	  .ccw = { { 0x1000, NOP, CC }, { 0x1008, TIC, 0, 0, 0x1008 } } },
	{ .name = "first-middle-last of own chain (#1)", .chains = 1, .ccws = 5,
	  .ccw = { { 0x1000, NOP, CC }, { 0x1008, NOP, CC },
		   { 0x1010, NOP, CC }, { 0x1018, TIC, 0, 0, 0x1008 },
		   { 0x1020, NOP } } },
	{ .name = "into the middle of another chain", .chains = 3, .ccws = 8,
	  .ccw = { { 0x1000, NOP, CC }, { 0x1008, TIC, 0, 0, 0x2000 },
		   { 0x2000, NOP, CC }, { 0x2008, NOP, CC },
		   { 0x2010, NOP, CC }, { 0x2018, TIC, 0, 0, 0x3000 },
		   { 0x3000, NOP, CC }, { 0x3008, TIC, 0, 0, 0x2008 } } },
	{ .name = "TIC to TIC passes through", .chains = 3, .ccws = 4,
	  .ccw = { { 0x1000, NOP, CC }, { 0x1008, TIC, 0, 0, 0x2000 },
		   { 0x2000, TIC, 0, 0, 0x3000 }, { 0x3000, NOP } } },
	{ .name = "loop between two chains", .chains = 2, .ccws = 4,
	  .ccw = { { 0x1000, NOP, CC }, { 0x1008, TIC, 0, 0, 0x2000 },
		   { 0x2000, NOP, CC }, { 0x2008, TIC, 0, 0, 0x1000 } } },
	{ .name = "orientation loop SEARCH;TIC*-8;READ (#6)", .chains = 1,
	  .ccws = 3,
	  .ccw = { { 0x1000, CMD_SEARCH, CC, 5, D0 },
		   { 0x1008, TIC, 0, 0, 0x1000 },
		   { 0x1010, CMD_READ, 0, 100, D1 } },
	  .pin_r = { D0 }, .pin_w = { D1 } },
	{ .name = "TIC last before unmapped memory (#5)", .chains = 2,
	  .ccws = 3, .cpa = END - 16,
	  .ccw = { { END - 16, NOP, CC }, { END - 8, TIC, 0, 0, 0x1000 },
		   { 0x1000, NOP } } },
	{ .name = "format-0 TIC ignores high nibble (#23)", .fmt0 = true,
	  .chains = 2, .ccws = 3,
	  .ccw = { { 0x1000, NOP, CC }, { 0x1008, 0xf8, 0xff, 0xffff, 0x2000 },
		   { 0x2000, CMD_READ, 0, 10, D0 } }, .pin_w = { D0 } },
	{ .name = "format-1 TIC with high nibble", .ret = -EINVAL,
	  .ccw = { { 0x1000, NOP, CC }, { 0x1008, 0x18, 0, 0, 0x2000 } } },
	{ .name = "misaligned TIC target", .ret = -EINVAL,
	  .ccw = { { 0x1000, NOP, CC }, { 0x1008, TIC, 0, 0, 0x2004 } } },
	{ .name = "TIC target above 2G", .ret = -EINVAL,
	  .ccw = { { 0x1000, NOP, CC }, { 0x1008, TIC, 0, 0, 0x80002000 } } },
	{ .name = "TIC target unmapped", .ret = -EFAULT,
	  .ccw = { { 0x1000, NOP, CC }, { 0x1008, TIC, 0, 0, UNMAPPED } } },
};

KUNIT_ARRAY_PARAM(tic, tic_cases, prog_desc);

static void cp_prog(struct kunit *test)
{
	run_prog(test, test->param_value);
}

static const struct prog_case dc_cases[] = {
	{ .name = "read DC, write byte continues the read (O1)", .chains = 1,
	  .ccws = 2,
	  .ccw = { { 0x1000, CMD_READ, DC, 100, D0 },
		   { 0x1008, CMD_WRITE, 0, 100, D1 } }, .pin_w = { D0, D1 } },
	{ .name = "write DC, SKIP on read byte still moves data", .chains = 1,
	  .ccws = 2,
	  .ccw = { { 0x1000, CMD_WRITE, DC, 100, D0 },
		   { 0x1008, CMD_READ, SKIP, 100, D1 } }, .pin_r = { D0, D1 } },
	{ .name = "read DC with SKIP moves nothing", .chains = 1, .ccws = 2,
	  .ccw = { { 0x1000, CMD_READ, DC | SKIP, 100, D0 },
		   { 0x1008, CMD_WRITE, 0, 100, D1 } },
	  .nopin = { D0 }, .pin_w = { D1 } },
	{ .name = "sense with SKIP (#17)", .chains = 1, .ccws = 1,
	  .ccw = { { 0x1000, CMD_SENSE, SKIP, 32, UNMAPPED } },
	  .nopin = { UNMAPPED } },
	{ .name = "read with SKIP, unmapped data (#17)", .chains = 1, .ccws = 1,
	  .ccw = { { 0x1000, CMD_READ, SKIP | SLI, 100, UNMAPPED } },
	  .nopin = { UNMAPPED } },
	{ .name = "count 0, unmapped data (#16)", .chains = 1, .ccws = 2,
	  .ccw = { { 0x1000, CMD_READ, SLI | CC, 4000, D0 },
		   { 0x1008, CMD_WRITE, 0, 0, UNMAPPED } },
	  .pin_w = { D0 }, .nopin = { UNMAPPED } },
	{ .name = "NOOP with a count moves nothing", .chains = 1, .ccws = 1,
	  .ccw = { { 0x1000, NOP, 0, 100, UNMAPPED } }, .nopin = { UNMAPPED } },
	{ .name = "data chain through a TIC", .chains = 2, .ccws = 3,
	  .ccw = { { 0x1000, CMD_READ, DC, 100, D0 },
		   { 0x1008, TIC, 0, 0, 0x2000 },
		   { 0x2000, CMD_WRITE, 0, 100, D1 } }, .pin_w = { D0, D1 } },
	{ .name = "command chaining starts a new operation", .chains = 1,
	  .ccws = 2,
	  .ccw = { { 0x1000, CMD_READ, CC, 100, D0 },
		   { 0x1008, CMD_WRITE, 0, 100, D1 } },
	  .pin_w = { D0 }, .pin_r = { D1 } },
	{ .name = "format-0 data chain", .fmt0 = true, .chains = 1, .ccws = 2,
	  .ccw = { { 0x1000, CMD_READ, DC, 100, D0 },
		   { 0x1008, CMD_WRITE, 0, 100, D1 } }, .pin_w = { D0, D1 } },
	{ .name = "invalid command code is translated (#18)", .chains = 1,
	  .ccws = 1, .ccw = { { 0x1000, 0x00, 0, 100, D0 } }, .pin_r = { D0 } },
	{ .name = "read backward with data is refused", .ret = -EOPNOTSUPP,
	  .ccw = { { 0x1000, 0x0c, 0, 100, D0 } } },
	{ .name = "read backward with SKIP", .chains = 1, .ccws = 1,
	  .ccw = { { 0x1000, 0x0c, SKIP, 100, D0 } }, .nopin = { D0 } },
	{ .name = "CCW suspend flag refused", .ret = -EOPNOTSUPP,
	  .ccw = { { 0x1000, CMD_READ, CCW_FLAG_SUSPEND, 10, D0 } } },
	{ .name = "MIDA flag refused", .ret = -EINVAL,
	  .ccw = { { 0x1000, CMD_READ, 0x01, 10, D0 } } },
	{ .name = "31-bit data address with bit 0", .ret = -EINVAL,
	  .ccw = { { 0x1000, CMD_READ, 0, 10, 0x80010000 } } },
	{ .name = "unmapped data address", .ret = -EFAULT,
	  .ccw = { { 0x1000, CMD_READ, 0, 10, UNMAPPED } } },
	{ .name = "PCI and SLI pass through", .chains = 1, .ccws = 2,
	  .ccw = { { 0x1000, CMD_READ, CCW_FLAG_PCI | SLI | CC, 10, D0 },
		   { 0x1008, CMD_READ, CCW_FLAG_PCI, 10, D1 } },
	  .pin_w = { D0, D1 } },
};

KUNIT_ARRAY_PARAM(dc, dc_cases, prog_desc);

/* ------------------------------------------------------------------ */
/* The ORB.                                                           */

/**
 * struct orb_case - a guest ORB word 1 / CPA and the expected result
 * @name: description
 * @w1: word 1
 * @cpa: word 2
 * @ret: expected result of vccw_cp_build()
 */
struct orb_case {
	const char *name;
	u32 w1;
	u32 cpa;
	int ret;
};

static const struct orb_case orb_cases[] = {
	{ "format 1", W1_F, 0x1000, 0 },
	{ "format 0", 0, 0x1000, 0 },
	{ "key, M, Y, P, I, U, L pass", 0xf3000000 | W1_F | W1_P | 0x00280000 |
	  W1_L, 0x1000, 0 },
	{ "extension bit x", W1_F | W1_X, 0x1000, -EINVAL },
	{ "reserved bit 5", W1_F | 0x04000000, 0x1000, -EINVAL },
	{ "reserved bit 25", W1_F | 0x40, 0x1000, -EINVAL },
	{ "reserved bit 26", W1_F | 0x20, 0x1000, -EINVAL },
	{ "reserved bit 27", W1_F | 0x10, 0x1000, -EINVAL },
	{ "reserved bit 28", W1_F | 0x08, 0x1000, -EINVAL },
	{ "reserved bit 29", W1_F | 0x04, 0x1000, -EINVAL },
	{ "reserved bit 30", W1_F | 0x02, 0x1000, -EINVAL },
	{ "transport mode", W1_F | W1_B, 0x1000, -EOPNOTSUPP },
	{ "suspend control", W1_F | W1_S, 0x1000, -EOPNOTSUPP },
	{ "CPA not doubleword aligned", W1_F, 0x1004, -EINVAL },
	{ "CPA bit 0", W1_F, 0x80001000, -EINVAL },
	{ "CPA unmapped", W1_F, UNMAPPED, -EFAULT },
};

static void orb_desc(const struct orb_case *oc, char *desc)
{
	strscpy(desc, oc->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(orb, orb_cases, orb_desc);

static void cp_orb_bits(struct kunit *test)
{
	const struct orb_case *oc = test->param_value;
	struct cp_test *t = test->priv;
	union orb orb;
	u8 o[12];

	put_ccw(&t->fm, !(oc->w1 & W1_F), 0x1000, NOP, 0, 0, 0);
	make_orb(o, oc->w1, oc->cpa);
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), oc->ret);
	if (oc->ret) {
		KUNIT_EXPECT_FALSE(test, vccw_cp_is_active(t->cp));
		KUNIT_EXPECT_EQ(test, vccw_cp_host_orb(t->cp, &orb, 0, 0xff),
				-EINVAL);
		return;
	}
	KUNIT_ASSERT_EQ(test, vccw_cp_host_orb(t->cp, &orb, 0xabcd, 0xff), 0);
	KUNIT_EXPECT_EQ(test, orb.cmd.intparm, 0xabcd);
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.key, oc->w1 >> 28);
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.mod, !!(oc->w1 & 0x02000000));
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.sync, !!(oc->w1 & 0x01000000));
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.pfch, !!(oc->w1 & W1_P));
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.isic, !!(oc->w1 & 0x00200000));
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.ssic, !!(oc->w1 & 0x00080000));
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.ils, !!(oc->w1 & W1_L));
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.fmt, 1);
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.spnd, 0);
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.alcc, 0);
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.orbx, 0);
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.zero, 0);
	/* Format-1 IDAWs of a c64=0 program mean 2K blocks. */
	KUNIT_EXPECT_EQ(test, (u32)orb.cmd.i2k, 1);
	/* A second program while one is active. */
	KUNIT_EXPECT_EQ(test, vccw_cp_build(t->cp, o), -EBUSY);
	vccw_cp_release(t->cp);
	KUNIT_EXPECT_EQ(test, vccw_cp_build(t->cp, o), 0);
	vccw_cp_release(t->cp);
}

/**
 * struct lpm_case - logical-path-mask masking
 * @guest: LPM in the guest ORB
 * @usable: usable paths of the host
 * @ret: expected result of vccw_cp_host_orb()
 * @lpm: expected host LPM
 */
struct lpm_case {
	u8 guest;
	u8 usable;
	int ret;
	u8 lpm;
};

static const struct lpm_case lpm_cases[] = {
	{ 0x00, 0xff, 0, 0xff },
	{ 0x00, 0x0f, 0, 0x0f },
	{ 0x80, 0xc0, 0, 0x80 },
	{ 0xf0, 0x3c, 0, 0x30 },
	{ 0x80, 0x40, -EACCES, 0 },
	{ 0x00, 0x00, -EACCES, 0 },
};

static void lpm_desc(const struct lpm_case *lc, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "guest %02x usable %02x",
		 lc->guest, lc->usable);
}

KUNIT_ARRAY_PARAM(lpm, lpm_cases, lpm_desc);

static void cp_lpm(struct kunit *test)
{
	const struct lpm_case *lc = test->param_value;
	struct cp_test *t = test->priv;
	union orb orb;
	u8 o[12];

	put_ccw1(&t->fm, 0x1000, NOP, 0, 0, 0);
	make_orb(o, W1_F | lc->guest << 8, 0x1000);
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	KUNIT_EXPECT_EQ(test, vccw_cp_host_orb(t->cp, &orb, 0, lc->usable),
			lc->ret);
	if (!lc->ret)
		KUNIT_EXPECT_EQ(test, (u32)orb.cmd.lpm, lc->lpm);
	vccw_cp_release(t->cp);
}

/* ------------------------------------------------------------------ */
/* Limits.                                                            */

/**
 * struct limit_case - a program that hits (or just fits) a limit
 * @name: description
 * @ncc: CCWs command-chained in chain 0
 * @nchains: chains linked by TICs
 * @count: count of each READ (one per CCW, data in distinct pages)
 * @skip: the READs have SKIP (no pins, only IDAWs)
 * @ret: expected result with limits 4 CCWs, 2 chains, 4 pages, 40 IDAWs
 */
struct limit_case {
	const char *name;
	unsigned int ncc;
	unsigned int nchains;
	unsigned int count;
	bool skip;
	int ret;
};

static const struct limit_case limit_cases[] = {
	{ "4 CCWs fit", 4, 1, 1, false, 0 },
	{ "5 CCWs: chain too long", 5, 1, 1, false, -E2BIG },
	{ "2 chains fit", 2, 2, 1, false, 0 },
	{ "3 chains: too many", 2, 3, 1, false, -EMLINK },
	{ "4 pages fit", 2, 1, 8192, false, 0 },
	{ "6 pages: too many", 3, 1, 8192, false, -ENOSPC },
	{ "IDAWs: 33 fit", 1, 1, 65535, true, 0 },
	{ "IDAWs: 66 too many", 2, 1, 65535, true, -ENOBUFS },
};

static void limit_desc(const struct limit_case *lc, char *desc)
{
	strscpy(desc, lc->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(limit, limit_cases, limit_desc);

static void cp_limits(struct kunit *test)
{
	static const struct vccw_cp_limits lim = {
		.max_ccws_per_chain = 4, .max_chains = 2, .max_pages = 4,
		.max_idaws = 40,
	};
	const struct limit_case *lc = test->param_value;
	struct cp_test *t = test->priv;
	struct vccw_cp *cp;
	unsigned int c, i;
	u8 o[12];

	cp = vccw_cp_alloc(&fake_ops, &t->fm, &lim, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cp);
	for (c = 0; c < lc->nchains; c++) {
		u32 base = 0x1000 * (c + 1);

		for (i = 0; i < lc->ncc; i++) {
			bool last = i == lc->ncc - 1;
			bool tic = last && c + 1 < lc->nchains;

			if (tic)
				put_ccw1(&t->fm, base + i * 8, TIC, 0, 0,
					 base + 0x1000);
			else
				put_ccw1(&t->fm, base + i * 8, CMD_READ,
					 (last ? 0 : CC) | SLI |
					 (lc->skip ? SKIP : 0),
					 lc->count, D0 + (c * 8 + i) * 0x2000);
		}
	}
	make_orb(o, W1_F | W1_H | W1_T, 0x1000);
	KUNIT_EXPECT_EQ(test, vccw_cp_build(cp, o), lc->ret);
	KUNIT_EXPECT_EQ(test, vccw_cp_is_active(cp), !lc->ret);
	vccw_cp_free(cp);
	KUNIT_EXPECT_EQ(test, t->fm.pinned, t->fm.unpinned);
}

static void cp_limits_invalid(struct kunit *test)
{
	struct vccw_cp_limits lim = VCCW_CP_DEFAULT_LIMITS;
	struct cp_test *t = test->priv;

	lim.max_chains = 0;
	KUNIT_EXPECT_NULL(test, vccw_cp_alloc(&fake_ops, &t->fm, &lim,
					      GFP_KERNEL));
	lim = VCCW_CP_DEFAULT_LIMITS;
	lim.max_ccws_per_chain = 100000;
	KUNIT_EXPECT_NULL(test, vccw_cp_alloc(&fake_ops, &t->fm, &lim,
					      GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, vccw_cp_alloc(NULL, &t->fm, NULL, GFP_KERNEL));
}

/* ------------------------------------------------------------------ */
/* Faults.                                                            */

/*
 * A program with several reads and pins: an IDAL read across a page, a
 * TIC into a second chain and 2K IDAWs that share pages.
 */
static void put_fault_prog(struct fake_mem *fm)
{
	u64 ida[4] = { D0 + 100, D0 + 0x800, D0 + 0x1000, D0 + 0x1800 };
	int i;

	for (i = 0; i < 4; i++)
		put_unaligned_be64(ida[i], gaddr(fm, 0x3000 - 16 + 8 * i));
	put_ccw1(fm, 0x1000, CMD_READ, CC | CCW_FLAG_IDA, 0x1800, 0x3000 - 16);
	put_ccw1(fm, 0x1008, TIC, 0, 0, 0x2000);
	put_ccw1(fm, 0x2000, CMD_WRITE, CC, 5000, D2 + 10);
	put_ccw1(fm, 0x2008, CMD_READ, 0, 100, D2 + 0x4000);
}

static void cp_fault_every_step(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct fake_mem *fm = &t->fm;
	int reads, pins, k;
	u8 o[12];

	put_fault_prog(fm);
	make_orb(o, W1_F | W1_H | W1_T, 0x1000);
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	check_host_program(test, t, SZ_2K);
	reads = fm->reads;
	pins = fm->pins;
	/* 2K IDAWs sharing pages: the 4 IDAWs use 2 pages, one pin. */
	KUNIT_EXPECT_EQ(test, vccw_cp_pinned_pages(t->cp), 2 + 2 + 1);
	KUNIT_EXPECT_EQ(test, pins, 3);
	KUNIT_EXPECT_GE(test, reads, 4);
	vccw_cp_release(t->cp);

	for (k = 1; k <= reads; k++) {
		fm->reads = 0;
		fm->fail_read = k;
		KUNIT_EXPECT_EQ_MSG(test, vccw_cp_build(t->cp, o), -EFAULT,
				    "read %d", k);
		KUNIT_EXPECT_FALSE(test, vccw_cp_is_active(t->cp));
		KUNIT_EXPECT_EQ(test, fm->pinned, fm->unpinned);
	}
	fm->fail_read = 0;
	for (k = 1; k <= pins; k++) {
		fm->pins = 0;
		fm->fail_pin = k;
		fm->partial_pin = false;
		KUNIT_EXPECT_EQ_MSG(test, vccw_cp_build(t->cp, o), -EFAULT,
				    "pin %d", k);
		KUNIT_EXPECT_EQ(test, fm->pinned, fm->unpinned);
		fm->pins = 0;
		fm->partial_pin = true;
		KUNIT_EXPECT_EQ_MSG(test, vccw_cp_build(t->cp, o), -EFAULT,
				    "partial pin %d", k);
		KUNIT_EXPECT_EQ(test, fm->pinned, fm->unpinned);
		KUNIT_EXPECT_EQ(test, vccw_cp_pinned_pages(t->cp), 0);
	}
	fm->fail_pin = 0;
	/* And it still works afterwards. */
	KUNIT_EXPECT_EQ(test, vccw_cp_build(t->cp, o), 0);
	vccw_cp_release(t->cp);
}

static void cp_short_program_at_end(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct fake_mem *fm = &t->fm;
	u8 o[12];

	/* One CCW in the last 8 bytes of the mapping (O7). */
	put_ccw1(fm, END - 8, CMD_READ, 0, 16, D0);
	make_orb(o, W1_F | W1_H, END - 8);
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	KUNIT_EXPECT_EQ(test, vccw_cp_ccw_count(t->cp), 1);
	vccw_cp_release(t->cp);

	/* Two CCWs in the last 16 bytes. */
	put_ccw1(fm, END - 16, CMD_READ, CC, 16, D0);
	make_orb(o, W1_F | W1_H, END - 16);
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	KUNIT_EXPECT_EQ(test, vccw_cp_ccw_count(t->cp), 2);
	vccw_cp_release(t->cp);

	/* A chain that goes on beyond the mapping cannot be fetched. */
	put_ccw1(fm, END - 8, CMD_READ, CC, 16, D0);
	KUNIT_EXPECT_EQ(test, vccw_cp_build(t->cp, o), -EFAULT);

	/* A format-1 IDAL in the last 4 bytes. */
	put_unaligned_be32(D0, gaddr(fm, END - 4));
	put_ccw1(fm, END - 16, CMD_READ, CCW_FLAG_IDA, 16, END - 4);
	make_orb(o, W1_F, END - 16);
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	vccw_cp_release(t->cp);
}

static void cp_iova_pinned(struct kunit *test)
{
	struct cp_test *t = test->priv;
	u8 o[12];

	put_ccw1(&t->fm, 0x1000, CMD_READ, 0, 5000, D0 + 0x800);
	make_orb(o, W1_F | W1_H, 0x1000);
	KUNIT_EXPECT_FALSE(test, vccw_cp_iova_pinned(t->cp, vccw_iova(D0), 1));
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	/* Pages D0 and D0 + 4K are pinned (the whole pages). */
	KUNIT_EXPECT_TRUE(test, vccw_cp_iova_pinned(t->cp, vccw_iova(D0), 1));
	KUNIT_EXPECT_TRUE(test, vccw_cp_iova_pinned(t->cp,
						    vccw_iova(D0 + 0x1fff), 1));
	KUNIT_EXPECT_FALSE(test, vccw_cp_iova_pinned(t->cp,
						     vccw_iova(D0 + 0x2000), 1));
	KUNIT_EXPECT_FALSE(test, vccw_cp_iova_pinned(t->cp,
						     vccw_iova(D0 - 0x1000),
						     0x1000));
	/* A range covering it, though starting below (#29). */
	KUNIT_EXPECT_TRUE(test, vccw_cp_iova_pinned(t->cp, vccw_iova(0),
						    D0 + 1));
	KUNIT_EXPECT_TRUE(test, vccw_cp_iova_pinned(t->cp, vccw_iova(0),
						    U64_MAX));
	KUNIT_EXPECT_FALSE(test, vccw_cp_iova_pinned(t->cp, vccw_iova(D0), 0));
	vccw_cp_release(t->cp);
	KUNIT_EXPECT_FALSE(test, vccw_cp_iova_pinned(t->cp, vccw_iova(D0), 1));
}

/* A 192-CCW chain of page-crossing IDAL reads: time the translation. */
static void cp_bench_192(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct fake_mem *fm = &t->fm;
	u64 t0, dt;
	int i, it;
	u8 o[12];

	for (i = 0; i < 192; i++) {
		u64 data = D0 + (i % 8) * 0x2000 + 0xf00;

		put_unaligned_be64(data, gaddr(fm, 0x4000 + 16 * i));
		put_unaligned_be64(round_down(data, SZ_4K) + SZ_4K,
				   gaddr(fm, 0x4000 + 16 * i + 8));
		put_ccw1(fm, 0x1000 + 8 * i, CMD_READ,
			 (i < 191 ? CC : 0) | CCW_FLAG_IDA, 512,
			 0x4000 + 16 * i);
	}
	make_orb(o, W1_F | W1_H, 0x1000);
	t0 = ktime_get_ns();
	for (it = 0; it < 100; it++) {
		KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
		vccw_cp_release(t->cp);
	}
	dt = ktime_get_ns() - t0;
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	KUNIT_EXPECT_EQ(test, vccw_cp_ccw_count(t->cp), 192);
	KUNIT_EXPECT_EQ(test, vccw_cp_pinned_pages(t->cp), 384);
	check_host_program(test, t, SZ_4K);
	vccw_cp_release(t->cp);
	kunit_info(test, "192-CCW page-crossing IDAL chain: %llu ns per build+release\n",
		   dt / 100);
}

/* ------------------------------------------------------------------ */
/* The pin cache.                                                     */

/* Give the test a translator with a pin cache of @pages pages. */
static void use_cache(struct kunit *test, unsigned int pages)
{
	struct vccw_cp_limits lim = VCCW_CP_DEFAULT_LIMITS;
	struct cp_test *t = test->priv;

	vccw_cp_free(t->cp);
	lim.max_cached_pages = pages;
	t->cp = vccw_cp_alloc(&fake_ops, &t->fm, &lim, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->cp);
}

static struct vccw_cp_stats stats(struct cp_test *t)
{
	struct vccw_cp_stats st;

	vccw_cp_get_stats(t->cp, &st);
	return st;
}

static int held(struct fake_mem *fm)
{
	return fm->pinned - fm->unpinned;
}

/* A program is translated the same, and a second run pins nothing. */
static void cp_cache_hit(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct fake_mem *fm = &t->fm;
	int pins;
	u8 o[12];

	use_cache(test, 16);
	/* Two pages (D0, D1), then the same two again through a TIC. */
	put_ccw1(fm, 0x1000, CMD_READ, CC, 5000, D0 + 0x800);
	put_ccw1(fm, 0x1008, TIC, 0, 0, 0x2000);
	put_ccw1(fm, 0x2000, CMD_READ, 0, 100, D1 + 8);
	make_orb(o, W1_F | W1_H, 0x1000);
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	check_host_program(test, t, SZ_4K);
	KUNIT_EXPECT_EQ(test, stats(t).pin_calls, 2);
	KUNIT_EXPECT_EQ(test, stats(t).cache_hits, 1);
	KUNIT_EXPECT_EQ(test, vccw_cp_pinned_pages(t->cp), 3);
	KUNIT_EXPECT_TRUE(test, vccw_cp_iova_pinned(t->cp, vccw_iova(D1), 1));
	/* Every page is cached: a release would unpin nothing. */
	KUNIT_EXPECT_FALSE(test, vccw_cp_release_unpins(t->cp));
	vccw_cp_release(t->cp);
	/* Released, but the pins stay in the cache. */
	KUNIT_EXPECT_EQ(test, held(fm), 2);
	KUNIT_EXPECT_EQ(test, vccw_cp_cached_pages(t->cp), 2);
	KUNIT_EXPECT_FALSE(test, vccw_cp_iova_pinned(t->cp, vccw_iova(D1), 1));

	pins = fm->pins;
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	check_host_program(test, t, SZ_4K);
	KUNIT_EXPECT_EQ(test, fm->pins, pins);
	KUNIT_EXPECT_EQ(test, stats(t).cache_hits, 3);
	KUNIT_EXPECT_TRUE(test, vccw_cp_iova_pinned(t->cp, vccw_iova(D0), 1));

	/* Pages the active program uses are not uncached... */
	vccw_cp_uncache(t->cp, vccw_iova(0), U64_MAX);
	KUNIT_EXPECT_EQ(test, held(fm), 2);
	vccw_cp_release(t->cp);
	/* ...but once it is released, they are, range by range. */
	vccw_cp_uncache(t->cp, vccw_iova(D1 + 0xfff), 1);
	KUNIT_EXPECT_EQ(test, fm->refs[D1 >> PAGE_SHIFT], 0);
	KUNIT_EXPECT_EQ(test, fm->refs[D0 >> PAGE_SHIFT], 1);
	vccw_cp_uncache(t->cp, vccw_iova(D0 - 1), 1);
	KUNIT_EXPECT_EQ(test, held(fm), 1);
	vccw_cp_uncache(t->cp, vccw_iova(D0 - 1), U64_MAX);
	KUNIT_EXPECT_EQ(test, held(fm), 0);
	KUNIT_EXPECT_EQ(test, vccw_cp_cached_pages(t->cp), 0);
	KUNIT_EXPECT_EQ(test, fm->bad_unpin, 0);
}

/* A page first pinned for output (read only) is pinned again for input. */
static void cp_cache_prot(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct fake_mem *fm = &t->fm;
	u8 o[12];

	use_cache(test, 16);
	put_ccw1(fm, 0x1000, CMD_WRITE, 0, 100, D0);
	make_orb(o, W1_F | W1_H, 0x1000);
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	vccw_cp_release(t->cp);
	KUNIT_EXPECT_EQ(test, fm->prot[D0 >> PAGE_SHIFT], IOMMU_READ);

	put_ccw1(fm, 0x1000, CMD_READ, 0, 100, D0);
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	KUNIT_EXPECT_EQ(test, stats(t).pin_calls, 1);
	KUNIT_EXPECT_EQ(test, fm->prot[D0 >> PAGE_SHIFT],
			IOMMU_READ | IOMMU_WRITE);
	/* One pin is held, the read-only one was returned. */
	KUNIT_EXPECT_EQ(test, fm->refs[D0 >> PAGE_SHIFT], 1);
	vccw_cp_release(t->cp);

	/* Now the page serves both. */
	put_ccw1(fm, 0x1000, CMD_WRITE, 0, 100, D0);
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	KUNIT_EXPECT_EQ(test, stats(t).pin_calls, 0);
	vccw_cp_release(t->cp);
}

/*
 * A cache of 4 pages: a 6-page program keeps 4 cached and returns the
 * other 2 on release; the next program evicts the least recently used.
 */
static void cp_cache_full(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct fake_mem *fm = &t->fm;
	u8 o[12];

	use_cache(test, 4);
	put_ccw1(fm, 0x1000, CMD_READ, 0, 6 * 4096, D0);
	make_orb(o, W1_F | W1_H, 0x1000);
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	check_host_program(test, t, SZ_4K);
	KUNIT_EXPECT_EQ(test, vccw_cp_pinned_pages(t->cp), 6);
	KUNIT_EXPECT_EQ(test, held(fm), 6);
	KUNIT_EXPECT_TRUE(test, vccw_cp_iova_pinned(t->cp,
						    vccw_iova(D0 + 0x5000), 1));
	/* Two pages did not fit: they are the program's own. */
	KUNIT_EXPECT_TRUE(test, vccw_cp_release_unpins(t->cp));
	vccw_cp_release(t->cp);
	KUNIT_EXPECT_FALSE(test, vccw_cp_release_unpins(t->cp));
	KUNIT_EXPECT_EQ(test, held(fm), 4);
	KUNIT_EXPECT_EQ(test, vccw_cp_cached_pages(t->cp), 4);

	/* Two new pages evict D0 and D0 + 4K, the oldest. */
	put_ccw1(fm, 0x1000, CMD_READ, 0, 2 * 4096, D0 + 0x8000);
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	KUNIT_EXPECT_FALSE(test, vccw_cp_release_unpins(t->cp));
	vccw_cp_release(t->cp);
	KUNIT_EXPECT_EQ(test, held(fm), 4);
	KUNIT_EXPECT_EQ(test, fm->refs[D0 >> PAGE_SHIFT], 0);
	KUNIT_EXPECT_EQ(test, fm->refs[(D0 >> PAGE_SHIFT) + 1], 0);
	KUNIT_EXPECT_EQ(test, fm->refs[(D0 >> PAGE_SHIFT) + 2], 1);
	KUNIT_EXPECT_EQ(test, fm->refs[(D0 >> PAGE_SHIFT) + 8], 1);
	/* vccw_cp_free() returns the rest (checked by cp_test_exit()). */
}

/* Failed builds with a cache: what is not cached is returned. */
static void cp_cache_faults(struct kunit *test)
{
	struct cp_test *t = test->priv;
	struct fake_mem *fm = &t->fm;
	int k, pins;
	u8 o[12];

	use_cache(test, 16);
	put_fault_prog(fm);
	make_orb(o, W1_F | W1_H | W1_T, 0x1000);
	KUNIT_ASSERT_EQ(test, vccw_cp_build(t->cp, o), 0);
	check_host_program(test, t, SZ_2K);
	pins = fm->pins;
	vccw_cp_release(t->cp);
	for (k = 1; k <= pins; k++) {
		vccw_cp_uncache(t->cp, vccw_iova(0), U64_MAX);
		fm->pins = 0;
		fm->fail_pin = k;
		KUNIT_EXPECT_EQ_MSG(test, vccw_cp_build(t->cp, o), -EFAULT,
				    "pin %d", k);
		KUNIT_EXPECT_FALSE(test, vccw_cp_is_active(t->cp));
		KUNIT_EXPECT_EQ(test, held(fm),
				(int)vccw_cp_cached_pages(t->cp));
		KUNIT_EXPECT_EQ(test, held(fm), k - 1);
	}
	fm->fail_pin = 0;
	KUNIT_EXPECT_EQ(test, vccw_cp_build(t->cp, o), 0);
	vccw_cp_release(t->cp);
}

/* cp_bench_192 with a pin cache: the steady state of a repeated I/O. */
static void cp_cache_bench_192(struct kunit *test)
{
	use_cache(test, 1024);
	cp_bench_192(test);
}

static void cp_cache_invalid(struct kunit *test)
{
	struct vccw_cp_limits lim = VCCW_CP_DEFAULT_LIMITS;

	lim.max_cached_pages = VCCW_CP_MAX_CACHED_PAGES + 1;
	KUNIT_EXPECT_NULL(test, vccw_cp_alloc(&fake_ops, NULL, &lim,
					      GFP_KERNEL));
}

static struct kunit_case vccw_cp_cache_cases[] = {
	KUNIT_CASE(cp_cache_hit),
	KUNIT_CASE(cp_cache_prot),
	KUNIT_CASE(cp_cache_full),
	KUNIT_CASE(cp_cache_faults),
	KUNIT_CASE(cp_cache_bench_192),
	KUNIT_CASE(cp_cache_invalid),
	{}
};

static struct kunit_suite vccw_cp_cache_suite = {
	.name = "vccw_cp_cache",
	.init = cp_test_init,
	.exit = cp_test_exit,
	.test_cases = vccw_cp_cache_cases,
};

static struct kunit_case vccw_cp_cases[] = {
	KUNIT_CASE_PARAM(cp_data_matrix, da_gen_params),
	KUNIT_CASE_PARAM(cp_orb_bits, orb_gen_params),
	KUNIT_CASE_PARAM(cp_lpm, lpm_gen_params),
	KUNIT_CASE(cp_iova_pinned),
	KUNIT_CASE(cp_bench_192),
	{}
};

static struct kunit_suite vccw_cp_suite = {
	.name = "vccw_cp",
	.suite_init = da_suite_init,
	.init = cp_test_init,
	.exit = cp_test_exit,
	.test_cases = vccw_cp_cases,
};

static struct kunit_case vccw_cp_tic_cases[] = {
	KUNIT_CASE_PARAM(cp_prog, tic_gen_params),
	{}
};

static struct kunit_suite vccw_cp_tic_suite = {
	.name = "vccw_cp_tic",
	.init = cp_test_init,
	.exit = cp_test_exit,
	.test_cases = vccw_cp_tic_cases,
};

static struct kunit_case vccw_cp_dc_cases[] = {
	KUNIT_CASE_PARAM(cp_prog, dc_gen_params),
	{}
};

static struct kunit_suite vccw_cp_dc_suite = {
	.name = "vccw_cp_dc",
	.init = cp_test_init,
	.exit = cp_test_exit,
	.test_cases = vccw_cp_dc_cases,
};

static struct kunit_case vccw_cp_limits_cases[] = {
	KUNIT_CASE_PARAM(cp_limits, limit_gen_params),
	KUNIT_CASE(cp_limits_invalid),
	{}
};

static struct kunit_suite vccw_cp_limits_suite = {
	.name = "vccw_cp_limits",
	.init = cp_test_init,
	.exit = cp_test_exit,
	.test_cases = vccw_cp_limits_cases,
};

/*
 * Every allocation of vccw_cp_alloc() failed once, N = 1, 2, ... until
 * the N-th is not reached (fail-nth of the fault-injection framework;
 * failslab considers only allocations that may not sleep, so the sweep
 * allocates with GFP_NOWAIT).  A failure returns NULL and leaves nothing
 * behind (kmemleak, KASAN); the translator allocated once the sweep is
 * through runs a program.  Needs CONFIG_FAILSLAB.
 */
static void cp_alloc_fail_nth(struct kunit *test)
{
#if IS_ENABLED(CONFIG_FAILSLAB)
	static const struct vccw_cp_limits lim = {
		.max_ccws_per_chain = 8, .max_chains = 2, .max_pages = 8,
		.max_idaws = 32, .max_cached_pages = 8,
	};
	struct cp_test *t = test->priv;
	unsigned int n, failed = 0, left = 0;
	struct vccw_cp *cp = NULL;
	u8 o[12];

	for (n = 1; n < 200; n++) {
		WRITE_ONCE(current->fail_nth, n);
		cp = vccw_cp_alloc(&fake_ops, &t->fm, &lim,
				   GFP_NOWAIT | __GFP_NOWARN);
		left = READ_ONCE(current->fail_nth);
		WRITE_ONCE(current->fail_nth, 0);
		if (left)
			break;
		/*
		 * The failure was injected.  It may have hit an allocation
		 * that copes with it (kmemleak's own metadata falls back to
		 * its pool): then the translator is complete.
		 */
		if (cp)
			vccw_cp_free(cp);
		else
			failed++;
		cp = NULL;
	}
	kunit_info(test, "%u of %u allocation points failed the translator",
		   failed, n - 1);
	KUNIT_EXPECT_GT(test, failed, 5u);
	KUNIT_EXPECT_LT(test, n, 200u);
	KUNIT_ASSERT_NOT_NULL(test, cp);
	put_ccw1(&t->fm, 0x1000, CMD_READ, SLI, 8, D0);
	make_orb(o, W1_F, 0x1000);
	KUNIT_EXPECT_EQ(test, vccw_cp_build(cp, o), 0);
	vccw_cp_release(cp);
	vccw_cp_free(cp);
	KUNIT_EXPECT_EQ(test, t->fm.pinned, t->fm.unpinned);
#else
	kunit_skip(test, "CONFIG_FAILSLAB is off");
#endif
}

static struct kunit_case vccw_cp_faults_cases[] = {
	KUNIT_CASE(cp_fault_every_step),
	KUNIT_CASE(cp_short_program_at_end),
	KUNIT_CASE(cp_alloc_fail_nth),
	{}
};

static struct kunit_suite vccw_cp_faults_suite = {
	.name = "vccw_cp_faults",
	.init = cp_test_init,
	.exit = cp_test_exit,
	.test_cases = vccw_cp_faults_cases,
};

kunit_test_suites(&vccw_cp_suite, &vccw_cp_tic_suite, &vccw_cp_dc_suite,
		  &vccw_cp_limits_suite, &vccw_cp_faults_suite,
		  &vccw_cp_cache_suite);

MODULE_DESCRIPTION("KUnit tests of the vccw channel-program translator");
MODULE_LICENSE("GPL");

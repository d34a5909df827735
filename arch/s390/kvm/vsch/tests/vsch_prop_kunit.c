// SPDX-License-Identifier: GPL-2.0
/*
 * Property tests of the vsch core: pseudo-random instruction and
 * device-completion sequences (fixed prandom seeds) over several
 * subchannels, checking after every step that
 *  - at most one raise is outstanding per subchannel,
 *  - status pending <=> an outstanding raise, and status pending => E,
 *  - TSCH cc 0, CSCH cc 0 and unplug withdraw,
 *  - a disabled subchannel never raises,
 *  - every SCSW passes the kernel's asm/scsw.h validity oracle.
 * Plus a raise/withdraw micro-benchmark reported with kunit_info().
 */

#include <kunit/test.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/vsch.h>

#include "vsch_kunit.h"

#define VP_NSCH		4
#define VP_STEPS	3000

/**
 * struct vp_ctx - state of one property run
 * @t: fixture; its subchannel is @sch[0]
 * @sch: the subchannels, NULL while unplugged
 * @schno: their numbers
 * @rs: the pseudo-random state
 * @ccs: histogram of instruction outcomes (cc 0-3)
 */
struct vp_ctx {
	struct vt_ctx *t;
	struct vsch_sch *sch[VP_NSCH];
	u16 schno[VP_NSCH];
	struct rnd_state rs;
	unsigned int ccs[4];
};

static u32 vp_rand(struct vp_ctx *p, u32 n)
{
	return prandom_u32_state(&p->rs) % n;
}

static u32 vp_sid(struct vp_ctx *p, int k)
{
	return vsch_sid_make(0, false, 0, p->schno[k]);
}

static void vp_plug(struct kunit *test, struct vp_ctx *p, int k)
{
	struct vsch_sch_desc d = { .schno = p->schno[k], .devno = 0x100 + k };

	p->sch[k] = vsch_sch_create(p->t->css, &d, VSCH_PLUG_CRW);
	KUNIT_ASSERT_FALSE(test, IS_ERR(p->sch[k]));
}

static struct vsch_res vp_ssch(struct vp_ctx *p, u32 sid)
{
	static const u32 flags[] = { 0, VT_ORB_S, VT_ORB_S | VT_ORB_U,
				     VT_ORB_I, VT_ORB_S | VT_ORB_I };
	struct vsch_orb orb;

	vt_orb(&orb, prandom_u32_state(&p->rs),
	       flags[vp_rand(p, ARRAY_SIZE(flags))],
	       vp_rand(p, 8) ? 0x80 : 0x00, 0x1000);
	return vsch_ssch(p->t->css, sid, &orb);
}

static void vp_status(struct vp_ctx *p, struct vsch_status *st)
{
	static const u8 dstat[] = {
		VSCH_DEV_CHAN_END | VSCH_DEV_DEV_END,
		VSCH_DEV_CHAN_END | VSCH_DEV_DEV_END | VSCH_DEV_UNIT_CHECK,
		VSCH_DEV_CHAN_END | VSCH_DEV_DEV_END | VSCH_DEV_UNIT_EXC,
		VSCH_DEV_BUSY,
	};

	memset(st, 0, sizeof(*st));
	st->dstat = dstat[vp_rand(p, ARRAY_SIZE(dstat))];
	st->cstat = vp_rand(p, 4) ? 0 : VSCH_SCH_INCORR_LEN;
	st->count = vp_rand(p, 256);
	st->cpa = 0x1000 + 8 * vp_rand(p, 16);
	st->cc = st->dstat == VSCH_DEV_BUSY ? 1 : vp_rand(p, 16) ? 0 : 3;
	st->sense_len = st->dstat & VSCH_DEV_UNIT_CHECK ? 1 + vp_rand(p, 32) :
			0;
	memset(st->sense, 0x5a, st->sense_len);
}

/* Toggle E, and sometimes concurrent sense, through STSCH/MSCH. */
static struct vsch_res vp_msch(struct vp_ctx *p, u32 sid)
{
	struct vsch_schib s;
	struct vsch_res r = vsch_stsch(p->t->css, sid, &s);

	if (r.cc)
		return r;
	s.pmcw[1] ^= cpu_to_be32(0x00800000);
	s.pmcw[1] = (s.pmcw[1] & ~cpu_to_be32(0x38000000)) |
		    cpu_to_be32(vp_rand(p, 8) << 27);
	if (!vp_rand(p, 4))
		s.pmcw[6] ^= cpu_to_be32(PMCW6_S_BIT);
	return vsch_msch(p->t->css, sid, &s);
}

/* One random step on subchannel @k; checks the withdraw rules itself. */
static void vp_step(struct kunit *test, struct vp_ctx *p, int k)
{
	struct vt_fake *f = &p->t->fake;
	struct vsch_sch *sch = p->sch[k];
	int withdraws = f->withdraws;
	u32 sid = vp_sid(p, k);
	struct vsch_status st;
	struct vsch_irb irb;
	struct vsch_res r = { .cc = 0xff };
	__be32 crw;

	switch (vp_rand(p, 17)) {
	case 0:
	case 1:
		r = vp_ssch(p, sid);
		break;
	case 2:
		r = vsch_rsch(p->t->css, sid);
		break;
	case 3:
		r = vsch_hsch(p->t->css, sid);
		break;
	case 4:
		r = vsch_csch(p->t->css, sid);
		if (!r.cc)
			KUNIT_EXPECT_EQ(test, f->withdraws, withdraws + 1);
		break;
	case 5:
		r = vsch_xsch(p->t->css, sid);
		break;
	case 6:
		r = vp_msch(p, sid);
		break;
	case 7:
	case 8:
		r = vsch_tsch(p->t->css, sid, &irb);
		if (r.cc < 3)
			vt_oracle(test, irb.scsw, true);
		if (!r.cc)
			KUNIT_EXPECT_EQ(test, f->withdraws, withdraws + 1);
		else
			KUNIT_EXPECT_EQ(test, f->withdraws, withdraws);
		break;
	case 9:
		if (sch)
			vsch_dev_begin(sch);
		break;
	case 10:
		vp_status(p, &st);
		if (sch)
			vsch_dev_complete_start(sch, &st);
		break;
	case 11:
		if (sch)
			vsch_dev_intermediate(sch, 0x1100);
		break;
	case 12:
		if (sch)
			vsch_dev_suspend(sch, 0x1200);
		break;
	case 13:
		if (sch)
			vsch_dev_complete_halt(sch, VSCH_DEV_DEV_END);
		break;
	case 14:
		if (sch)
			vsch_dev_complete_clear(sch);
		break;
	case 15:
		if (sch)
			vsch_dev_unsolicited(sch, VSCH_DEV_ATTENTION);
		break;
	default:
		if (sch && vp_rand(p, 4))
			break;
		if (sch) {
			vsch_sch_remove(sch, VSCH_PLUG_CRW);
			KUNIT_EXPECT_EQ(test, f->withdraws, withdraws + 1);
			KUNIT_EXPECT_FALSE(test,
					   f->outstanding[sid % VT_SLOTS]);
			vsch_sch_put(sch);
			p->sch[k] = NULL;
		} else {
			vp_plug(test, p, k);
		}
		while (!vsch_stcrw(p->t->css, &crw).cc)
			;
		break;
	}
	if (r.cc <= 3)
		p->ccs[r.cc]++;
	KUNIT_EXPECT_EQ(test, r.pgm, 0);
	if (!sch && r.cc != 0xff)
		KUNIT_EXPECT_EQ(test, r.cc, 3);
}

static bool vp_enabled(struct vp_ctx *p, int k)
{
	struct vsch_schib s;

	if (vsch_stsch(p->t->css, vp_sid(p, k), &s).cc)
		return false;
	return be32_to_cpu(s.pmcw[1]) & 0x00800000;
}

static void vp_check(struct kunit *test, struct vp_ctx *p)
{
	struct vt_fake *f = &p->t->fake;
	int k;

	for (k = 0; k < VP_NSCH; k++) {
		struct vsch_schib s;
		struct vsch_res r = vsch_stsch(p->t->css, vp_sid(p, k), &s);
		bool out = f->outstanding[vp_sid(p, k) % VT_SLOTS];
		bool pending;

		KUNIT_EXPECT_EQ(test, r.cc, p->sch[k] ? 0 : 3);
		if (r.cc) {
			KUNIT_EXPECT_FALSE(test, out);
			continue;
		}
		pending = vt_sc(s.scsw) & VSCH_SC_PENDING;
		KUNIT_EXPECT_EQ(test, pending, out);
		if (pending)
			KUNIT_EXPECT_TRUE(test, be32_to_cpu(s.pmcw[1]) &
					  0x00800000);
		vt_oracle(test, s.scsw, false);
	}
	KUNIT_EXPECT_EQ(test, f->double_raise, 0);
}

static const u64 vp_seeds[] = { 1, 42, 0x5eed, 0xdeadbeef, 20241121 };

static void vp_seed_desc(const u64 *seed, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "seed %llu", *seed);
}

KUNIT_ARRAY_PARAM(vp_seed, vp_seeds, vp_seed_desc);

static void vsch_prop_sequences(struct kunit *test)
{
	struct vp_ctx *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	int step, k;

	KUNIT_ASSERT_NOT_NULL(test, p);
	prandom_seed_state(&p->rs, *(const u64 *)test->param_value);
	p->t = vt_setup_crw(test, 8, VSCH_CSS_F_CHAIN_CRW);
	p->sch[0] = p->t->sch;
	p->schno[0] = VT_SCHNO;
	for (k = 1; k < VP_NSCH; k++) {
		p->schno[k] = k;
		vp_plug(test, p, k);
	}
	for (step = 0; step < VP_STEPS; step++) {
		struct vt_fake *f = &p->t->fake;
		int raises = f->raises;
		bool enabled;

		k = vp_rand(p, VP_NSCH);
		enabled = vp_enabled(p, k);
		vp_step(test, p, k);
		/* E = 0 => no raise, unless the step just set E. */
		if (!enabled && !vp_enabled(p, k))
			KUNIT_EXPECT_EQ(test, f->raises, raises);
		vp_check(test, p);
		if (test->status == KUNIT_FAILURE) {
			kunit_info(test, "first failure at step %d\n", step);
			break;
		}
	}
	kunit_info(test, "raises %d withdraws %d; cc0 %u cc1 %u cc2 %u cc3 %u\n",
		   p->t->fake.raises, p->t->fake.withdraws, p->ccs[0], p->ccs[1],
		   p->ccs[2], p->ccs[3]);
	/* The sequences must actually exercise interruptions. */
	KUNIT_EXPECT_GT(test, p->t->fake.raises, 50);
	KUNIT_EXPECT_GT(test, p->ccs[0], 100u);
	KUNIT_EXPECT_GT(test, p->ccs[1], 10u);
	KUNIT_EXPECT_GT(test, p->ccs[2], 10u);
	/* @sch[0] owns the fixture's reference: no vt_teardown(). */
	for (k = 0; k < VP_NSCH; k++) {
		if (!p->sch[k])
			continue;
		vsch_sch_remove(p->sch[k], 0);
		vsch_sch_put(p->sch[k]);
	}
	vsch_css_destroy(p->t->css);
}

/* Raise/withdraw rate through unsolicited status and TSCH. */
static void vsch_prop_bench(struct kunit *test)
{
	struct vt_ctx *t = vt_setup(test, 0);
	const int n = 100000;
	u64 t0, ns;
	int i;

	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		vsch_dev_unsolicited(t->sch, VSCH_DEV_ATTENTION);
		vsch_tsch(t->css, t->sid, &t->irb);
	}
	ns = ktime_get_ns() - t0;
	KUNIT_EXPECT_EQ(test, t->fake.raises, n);
	KUNIT_EXPECT_EQ(test, t->fake.withdraws, n);
	KUNIT_EXPECT_EQ(test, t->fake.double_raise, 0);
	kunit_info(test, "%d raise+withdraw pairs in %llu us (%llu ns/pair)\n",
		   n, ns / 1000, ns / n);
	vt_teardown(t);
}

static struct kunit_case vsch_prop_cases[] = {
	KUNIT_CASE_PARAM(vsch_prop_sequences, vp_seed_gen_params),
	KUNIT_CASE_SLOW(vsch_prop_bench),
	{}
};

static struct kunit_suite vsch_prop_suite = {
	.name = "vsch_prop",
	.test_cases = vsch_prop_cases,
};

kunit_test_suite(vsch_prop_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Property tests and benchmark of the vsch subchannel model");

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the vsch core KUnit suites: a recording fake of the
 * interruption ops, fixtures, and the SCSW oracle built on the kernel's
 * asm/scsw.h validity helpers.
 */
#ifndef _VSCH_KUNIT_H
#define _VSCH_KUNIT_H

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/string.h>
#include <linux/vsch.h>
#include <asm/cio.h>
#include <asm/scsw.h>

#define VT_CSSID	0xfe
#define VT_SCHNO	0x0007
#define VT_DEVNO	0x4711
#define VT_ISC		3
#define VT_INTPARM	0x11111111
#define VT_SLOTS	256

/* ORB word 1 flags (PoP 15 "Operation-Request Block"). */
#define VT_ORB_S	0x08000000u
#define VT_ORB_F	0x00800000u
#define VT_ORB_I	0x00200000u
#define VT_ORB_U	0x00080000u
#define VT_ORB_X	0x00000001u
#define PMCW6_S_BIT	0x00000001u

/**
 * struct vt_fake - what the interruption ops observed
 * @raises: raise calls
 * @withdraws: withdraw calls
 * @crw_pending: crw_pending calls
 * @double_raise: raises while one was outstanding (must stay 0)
 * @outstanding: per subchannel number (mod %VT_SLOTS): a raise is pending
 * @last_intparm: interruption parameter of the last raise
 * @last_isc: ISC of the last raise
 */
struct vt_fake {
	int raises;
	int withdraws;
	int crw_pending;
	int double_raise;
	bool outstanding[VT_SLOTS];
	u32 last_intparm;
	u8 last_isc;
};

/**
 * struct vt_ctx - one test fixture
 * @fake: the recording ops state
 * @css: the image
 * @sch: the subchannel under test (number %VT_SCHNO)
 * @sid: the SID word the instructions use
 * @schib: the SCHIB that enabled the subchannel
 * @irb: scratch IRB
 */
struct vt_ctx {
	struct vt_fake fake;
	struct vsch_css *css;
	struct vsch_sch *sch;
	u32 sid;
	struct vsch_schib schib;
	struct vsch_irb irb;
};

static inline void vt_raise(void *ctx, struct vsch_sch *sch, u32 intparm,
			    u8 isc)
{
	struct vt_fake *f = ctx;
	unsigned int n = vsch_sch_sid(sch) % VT_SLOTS;

	if (f->outstanding[n])
		f->double_raise++;
	f->outstanding[n] = true;
	f->raises++;
	f->last_intparm = intparm;
	f->last_isc = isc;
}

static inline void vt_withdraw(void *ctx, struct vsch_sch *sch)
{
	struct vt_fake *f = ctx;

	f->outstanding[vsch_sch_sid(sch) % VT_SLOTS] = false;
	f->withdraws++;
}

static inline void vt_crw_pending(void *ctx)
{
	struct vt_fake *f = ctx;

	f->crw_pending++;
}

static const struct vsch_irq_ops vt_ops = {
	.raise = vt_raise,
	.withdraw = vt_withdraw,
	.crw_pending = vt_crw_pending,
};

static inline void vt_expect_cc(struct kunit *test, struct vsch_res r,
				u8 want)
{
	KUNIT_EXPECT_EQ(test, r.pgm, 0);
	KUNIT_EXPECT_EQ(test, r.cc, want);
}

static inline void vt_orb(struct vsch_orb *orb, u32 intparm, u32 flags,
			  u8 lpm, u32 cpa)
{
	memset(orb, 0, sizeof(*orb));
	orb->w[0] = cpu_to_be32(intparm);
	orb->w[1] = cpu_to_be32(flags | VT_ORB_F | (u32)lpm << 8);
	orb->w[2] = cpu_to_be32(cpa);
}

static inline u8 vt_fc(const __be32 *scsw)
{
	return (be32_to_cpu(scsw[0]) >> 12) & 0x7;
}

static inline u8 vt_ac(const __be32 *scsw)
{
	return (be32_to_cpu(scsw[0]) >> 5) & 0x7f;
}

static inline u8 vt_sc(const __be32 *scsw)
{
	return be32_to_cpu(scsw[0]) & 0x1f;
}

static inline u8 vt_cc(const __be32 *scsw)
{
	return (be32_to_cpu(scsw[0]) >> 24) & 0x3;
}

/*
 * The kernel's own consumer-side rules (asm/scsw.h) as an oracle: every
 * field the core sets must be one the guest's driver considers valid.
 * @tsch: the SCSW comes from an IRB (L and E may be set there).
 */
static inline void vt_oracle(struct kunit *test, const __be32 *words,
			     bool tsch)
{
	union scsw s;
	u8 fc = vt_fc(words), sc = vt_sc(words);

	BUILD_BUG_ON(sizeof(s) != 3 * sizeof(*words));
	memcpy(&s, words, sizeof(s));
	KUNIT_EXPECT_EQ(test, (u8)s.cmd.fctl, fc);
	KUNIT_EXPECT_EQ(test, (u8)s.cmd.stctl, sc);
	if (s.cmd.key || s.cmd.sctl || s.cmd.fmt || s.cmd.pfch ||
	    s.cmd.isic || s.cmd.alcc || s.cmd.ssi)
		KUNIT_EXPECT_TRUE(test, scsw_cmd_is_valid_key(&s) &&
				  scsw_cmd_is_valid_sctl(&s) &&
				  scsw_cmd_is_valid_fmt(&s) &&
				  scsw_cmd_is_valid_pfch(&s) &&
				  scsw_cmd_is_valid_isic(&s) &&
				  scsw_cmd_is_valid_alcc(&s) &&
				  scsw_cmd_is_valid_ssi(&s));
	if (s.cmd.eswf)
		KUNIT_EXPECT_TRUE(test, tsch && scsw_cmd_is_valid_eswf(&s));
	if (s.cmd.cc)
		KUNIT_EXPECT_TRUE(test, scsw_cmd_is_valid_cc(&s));
	if (s.cmd.zcc)
		KUNIT_EXPECT_TRUE(test, scsw_cmd_is_valid_zcc(&s));
	if (s.cmd.ectl)
		KUNIT_EXPECT_TRUE(test, tsch && scsw_cmd_is_valid_ectl(&s));
	if (s.cmd.pno)
		KUNIT_EXPECT_TRUE(test, scsw_cmd_is_valid_pno(&s));
	if (s.cmd.dstat)
		KUNIT_EXPECT_TRUE(test, scsw_cmd_is_valid_dstat(&s));
	if (s.cmd.cstat)
		KUNIT_EXPECT_TRUE(test, scsw_cmd_is_valid_cstat(&s));
	/* Status is never kept without status pending. */
	if (sc)
		KUNIT_EXPECT_TRUE(test, sc & VSCH_SC_PENDING);
	/* Clear is indicated alone (PoP 16 "Function Control"). */
	if (fc & VSCH_FC_CLEAR)
		KUNIT_EXPECT_EQ(test, fc, VSCH_FC_CLEAR);
	/* Unsolicited exactly when alert alone without a function. */
	if (sc & VSCH_SC_PENDING)
		KUNIT_EXPECT_EQ(test, !scsw_cmd_is_solicited(&s),
				!fc && sc == (VSCH_SC_ALERT | VSCH_SC_PENDING));
}

static inline void vt_expect_scsw(struct kunit *test, struct vt_ctx *t,
				  u8 fc, u8 ac, u8 sc)
{
	struct vsch_schib s;

	vt_expect_cc(test, vsch_stsch(t->css, t->sid, &s), 0);
	KUNIT_EXPECT_EQ(test, vt_fc(s.scsw), fc);
	KUNIT_EXPECT_EQ(test, vt_ac(s.scsw), ac);
	KUNIT_EXPECT_EQ(test, vt_sc(s.scsw), sc);
	vt_oracle(test, s.scsw, false);
}

/* Invariants: status pending <=> one outstanding raise; pending => E. */
static inline void vt_check_invariants(struct kunit *test, struct vt_ctx *t)
{
	struct vsch_schib s;
	struct vsch_res r = vsch_stsch(t->css, t->sid, &s);
	bool pending;

	KUNIT_EXPECT_EQ(test, t->fake.double_raise, 0);
	if (r.cc)
		return;
	pending = vt_sc(s.scsw) & VSCH_SC_PENDING;
	KUNIT_EXPECT_EQ(test, pending, t->fake.outstanding[t->sid % VT_SLOTS]);
	if (pending)
		KUNIT_EXPECT_TRUE(test, be32_to_cpu(s.pmcw[1]) & 0x00800000);
	vt_oracle(test, s.scsw, false);
}

static inline void vt_msch_e(struct kunit *test, struct vt_ctx *t, bool e)
{
	struct vsch_schib s;

	vt_expect_cc(test, vsch_stsch(t->css, t->sid, &s), 0);
	if (e)
		s.pmcw[1] |= cpu_to_be32(0x00800000);
	else
		s.pmcw[1] &= ~cpu_to_be32(0x00800000);
	vt_expect_cc(test, vsch_msch(t->css, t->sid, &s), 0);
}

static inline struct vt_ctx *vt_setup_crw(struct kunit *test, u16 crw_max,
					  u8 flags)
{
	struct vsch_sch_desc d = { .schno = VT_SCHNO, .devno = VT_DEVNO };
	struct vsch_css_params p = {
		.cssid = VT_CSSID, .flags = flags, .crw_max = crw_max,
		.ops = &vt_ops,
	};
	struct vt_ctx *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	p.ctx = &t->fake;
	t->css = vsch_css_create(&p);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->css));
	t->sch = vsch_sch_create(t->css, &d, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->sch));
	t->sid = vsch_sid_make(0, false, 0, VT_SCHNO);
	return t;
}

/* A fixture with an enabled subchannel: ISC 3, PMCW word 6 |= @w6. */
static inline struct vt_ctx *vt_setup(struct kunit *test, u32 w6)
{
	struct vt_ctx *t = vt_setup_crw(test, 0, 0);

	vt_expect_cc(test, vsch_stsch(t->css, t->sid, &t->schib), 0);
	t->schib.pmcw[0] = cpu_to_be32(VT_INTPARM);
	t->schib.pmcw[1] |= cpu_to_be32(0x00800000 | VT_ISC << 27);
	t->schib.pmcw[6] |= cpu_to_be32(w6);
	vt_expect_cc(test, vsch_msch(t->css, t->sid, &t->schib), 0);
	return t;
}

static inline void vt_teardown(struct vt_ctx *t)
{
	vsch_sch_remove(t->sch, 0);
	vsch_sch_put(t->sch);
	vsch_css_destroy(t->css);
}

#endif /* _VSCH_KUNIT_H */

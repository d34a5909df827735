// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for the vsch core: condition-code matrices of the I/O
 * instructions over every SCSW state, the TEST SUBCHANNEL clearing rules,
 * MSCH/ORB/SID operand checks, the CRW queue and save/restore.  The
 * expectations are written from SA22-7832 chapters 14-17; the kernel's
 * own asm/scsw.h validity helpers serve as an independent oracle on every
 * SCSW the core stores.
 */

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/vsch.h>

#include "vsch_kunit.h"

/* Every SCSW state the matrices cover. */
enum vt_state {
	VT_IDLE,
	VT_START_PEND,
	VT_ACTIVE,
	VT_SUSPENDED,
	VT_HALT_PEND,
	VT_CLEAR_PEND,
	VT_SP_PRIMARY,
	VT_SP_UNSOL,
	VT_SP_INTER,
	VT_SP_INTER_SUSP,
	VT_SP_ALONE,
	VT_SP_UC,
	VT_SP_DCC3,
	VT_SP_HALTED,
	VT_DISABLED,
	VT_UNPLUGGED,
};

enum vt_insn { I_SSCH, I_RSCH, I_HSCH, I_CSCH, I_XSCH, I_MSCH, I_STSCH,
	       I_TSCH, I_NR };

/* Drive a fresh subchannel into @state through the public API only. */
static void vt_reach(struct kunit *test, struct vt_ctx *t, enum vt_state st)
{
	struct vsch_status end = { .dstat = VSCH_DEV_CHAN_END |
				   VSCH_DEV_DEV_END, .cpa = 0x1008 };
	struct vsch_orb orb;

	switch (st) {
	case VT_IDLE:
		return;
	case VT_DISABLED:
		vt_msch_e(test, t, false);
		return;
	case VT_UNPLUGGED:
		vsch_sch_remove(t->sch, 0);
		return;
	case VT_SP_UNSOL:
		KUNIT_ASSERT_EQ(test,
				vsch_dev_unsolicited(t->sch, VSCH_DEV_ATTENTION),
				0);
		return;
	case VT_CLEAR_PEND:
	case VT_SP_ALONE:
		vt_expect_cc(test, vsch_csch(t->css, t->sid), 0);
		if (st == VT_SP_ALONE)
			KUNIT_ASSERT_EQ(test, vsch_dev_complete_clear(t->sch), 0);
		return;
	case VT_SP_DCC3:
		vt_orb(&orb, 0xabcd, 0, 0, 0x1000);
		vt_expect_cc(test, vsch_ssch(t->css, t->sid, &orb), 0);
		return;
	default:
		break;
	}
	/* The remaining states run a start function. */
	vt_orb(&orb, 0xabcd, (st == VT_SUSPENDED || st == VT_SP_INTER_SUSP) ?
	       VT_ORB_S | (st == VT_SUSPENDED ? VT_ORB_U : 0) : 0, 0x80,
	       0x1000);
	vt_expect_cc(test, vsch_ssch(t->css, t->sid, &orb), 0);
	if (st == VT_START_PEND)
		return;
	KUNIT_ASSERT_EQ(test, vsch_dev_begin(t->sch), 0);
	switch (st) {
	case VT_SUSPENDED:
	case VT_SP_INTER_SUSP:
		KUNIT_ASSERT_EQ(test, vsch_dev_suspend(t->sch, 0x1010), 0);
		break;
	case VT_HALT_PEND:
	case VT_SP_HALTED:
		vt_expect_cc(test, vsch_hsch(t->css, t->sid), 0);
		if (st == VT_SP_HALTED)
			KUNIT_ASSERT_EQ(test,
					vsch_dev_complete_halt(t->sch,
							       VSCH_DEV_DEV_END),
					0);
		break;
	case VT_SP_PRIMARY:
		KUNIT_ASSERT_EQ(test, vsch_dev_complete_start(t->sch, &end), 0);
		break;
	case VT_SP_UC:
		end.dstat |= VSCH_DEV_UNIT_CHECK;
		end.sense_len = 2;
		end.sense[0] = 0x80;
		end.sense[1] = 0x01;
		KUNIT_ASSERT_EQ(test, vsch_dev_complete_start(t->sch, &end), 0);
		break;
	case VT_SP_INTER:
		KUNIT_ASSERT_EQ(test, vsch_dev_intermediate(t->sch, 0x1008), 0);
		break;
	default:
		break;
	}
}

/**
 * struct vt_matrix - one row of the condition-code matrix
 * @name: description of the state
 * @state: the state
 * @fc: expected SCSW function control in that state
 * @ac: expected activity control
 * @sc: expected status control
 * @cc: expected condition code per instruction (enum vt_insn)
 */
struct vt_matrix {
	const char *name;
	enum vt_state state;
	u8 fc, ac, sc;
	u8 cc[I_NR];
};

#define FS	VSCH_FC_START
#define ACT	(VSCH_AC_SCH_ACTIVE | VSCH_AC_DEV_ACTIVE)
#define SP	VSCH_SC_PENDING

/*
 * PoP 14: SSCH, RSCH, HSCH, CSCH, XSCH, MSCH, STSCH, TSCH
 * (RSCH needs S in the ORB: only the suspended rows have it.)
 */
static const struct vt_matrix vt_matrix[] = {
	{ "idle", VT_IDLE, 0, 0, 0, { 0, 2, 0, 0, 2, 0, 0, 1 } },
	{ "start pending", VT_START_PEND, FS, VSCH_AC_START_PEND, 0,
	  { 2, 2, 0, 0, 0, 2, 0, 1 } },
	{ "active", VT_ACTIVE, FS, ACT, 0, { 2, 2, 0, 0, 2, 2, 0, 1 } },
	{ "suspended", VT_SUSPENDED, FS, VSCH_AC_SUSPENDED, 0,
	  { 2, 0, 0, 0, 0, 2, 0, 1 } },
	{ "halt pending", VT_HALT_PEND, FS | VSCH_FC_HALT,
	  ACT | VSCH_AC_HALT_PEND, 0, { 2, 2, 2, 0, 2, 2, 0, 1 } },
	{ "clear pending", VT_CLEAR_PEND, VSCH_FC_CLEAR, VSCH_AC_CLEAR_PEND, 0,
	  { 2, 2, 2, 0, 2, 2, 0, 1 } },
	{ "primary+secondary", VT_SP_PRIMARY, FS, 0,
	  VSCH_SC_PRIMARY | VSCH_SC_SECONDARY | SP,
	  { 1, 1, 1, 0, 1, 1, 0, 0 } },
	{ "unsolicited alert", VT_SP_UNSOL, 0, 0, VSCH_SC_ALERT | SP,
	  { 1, 1, 1, 0, 1, 1, 0, 0 } },
	{ "intermediate, active", VT_SP_INTER, FS, ACT,
	  VSCH_SC_INTERMEDIATE | SP, { 1, 1, 0, 0, 1, 1, 0, 0 } },
	{ "intermediate, suspended", VT_SP_INTER_SUSP, FS, VSCH_AC_SUSPENDED,
	  VSCH_SC_INTERMEDIATE | SP, { 1, 1, 0, 0, 1, 1, 0, 0 } },
	{ "status pending alone", VT_SP_ALONE, VSCH_FC_CLEAR, 0, SP,
	  { 1, 1, 1, 0, 1, 1, 0, 0 } },
	{ "primary+secondary+alert", VT_SP_UC, FS, 0,
	  VSCH_SC_PRIMARY | VSCH_SC_SECONDARY | VSCH_SC_ALERT | SP,
	  { 1, 1, 1, 0, 1, 1, 0, 0 } },
	{ "deferred cc 3", VT_SP_DCC3, FS, 0, VSCH_SC_ALERT | SP,
	  { 1, 1, 1, 0, 1, 1, 0, 0 } },
	{ "halted", VT_SP_HALTED, FS | VSCH_FC_HALT, 0,
	  VSCH_SC_PRIMARY | VSCH_SC_SECONDARY | SP,
	  { 1, 1, 1, 0, 1, 1, 0, 0 } },
	{ "not enabled", VT_DISABLED, 0, 0, 0, { 3, 3, 3, 3, 3, 0, 0, 1 } },
	{ "unplugged", VT_UNPLUGGED, 0, 0, 0, { 3, 3, 3, 3, 3, 3, 3, 3 } },
};

static void vt_matrix_desc(const struct vt_matrix *m, char *desc)
{
	strscpy(desc, m->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vt_matrix, vt_matrix, vt_matrix_desc);

static struct vsch_res vt_exec(struct vt_ctx *t, enum vt_insn i)
{
	struct vsch_schib schib;
	struct vsch_irb irb;
	struct vsch_orb orb;

	switch (i) {
	case I_SSCH:
		vt_orb(&orb, 1, 0, 0x80, 0x2000);
		return vsch_ssch(t->css, t->sid, &orb);
	case I_RSCH:
		return vsch_rsch(t->css, t->sid);
	case I_HSCH:
		return vsch_hsch(t->css, t->sid);
	case I_CSCH:
		return vsch_csch(t->css, t->sid);
	case I_XSCH:
		return vsch_xsch(t->css, t->sid);
	case I_MSCH:
		memcpy(&schib, &t->schib, sizeof(schib));
		return vsch_msch(t->css, t->sid, &schib);
	case I_STSCH:
		return vsch_stsch(t->css, t->sid, &schib);
	default:
		return vsch_tsch(t->css, t->sid, &irb);
	}
}

static const char * const vt_insn_name[I_NR] = {
	"SSCH", "RSCH", "HSCH", "CSCH", "XSCH", "MSCH", "STSCH", "TSCH"
};

/* Every instruction in every state: the condition code and the state. */
static void vsch_cc_matrix(struct kunit *test)
{
	const struct vt_matrix *m = test->param_value;
	enum vt_insn i;

	for (i = 0; i < I_NR; i++) {
		struct vt_ctx *t = vt_setup(test, 0);
		struct vsch_res r;

		vt_reach(test, t, m->state);
		if (m->state != VT_UNPLUGGED)
			vt_expect_scsw(test, t, m->fc, m->ac, m->sc);
		r = vt_exec(t, i);
		KUNIT_EXPECT_EQ_MSG(test, r.pgm, 0, "%s", vt_insn_name[i]);
		KUNIT_EXPECT_EQ_MSG(test, r.cc, m->cc[i], "%s in %s",
				    vt_insn_name[i], m->name);
		vt_check_invariants(test, t);
		vt_teardown(t);
	}
}

/**
 * struct vt_tsch_case - what TSCH cc 0 leaves behind (PoP 14, figure
 *	"Conditions and Indications Cleared at the Subchannel by TSCH")
 * @name: description
 * @state: status-pending state before TSCH
 * @fc: function control after TSCH
 * @ac: activity control after TSCH
 * @irb_sc: status control in the stored IRB
 */
struct vt_tsch_case {
	const char *name;
	enum vt_state state;
	u8 fc, ac, irb_sc;
};

static const struct vt_tsch_case vt_tsch_cases[] = {
	{ "primary+secondary", VT_SP_PRIMARY, 0, 0,
	  VSCH_SC_PRIMARY | VSCH_SC_SECONDARY | SP },
	{ "unsolicited", VT_SP_UNSOL, 0, 0, VSCH_SC_ALERT | SP },
	{ "intermediate keeps start", VT_SP_INTER, FS, ACT,
	  VSCH_SC_INTERMEDIATE | SP },
	{ "intermediate keeps suspended", VT_SP_INTER_SUSP, FS,
	  VSCH_AC_SUSPENDED, VSCH_SC_INTERMEDIATE | SP },
	{ "status pending alone", VT_SP_ALONE, 0, 0, SP },
	{ "alert", VT_SP_UC, 0, 0,
	  VSCH_SC_PRIMARY | VSCH_SC_SECONDARY | VSCH_SC_ALERT | SP },
	{ "deferred cc 3", VT_SP_DCC3, 0, 0, VSCH_SC_ALERT | SP },
	{ "halted", VT_SP_HALTED, 0, 0,
	  VSCH_SC_PRIMARY | VSCH_SC_SECONDARY | SP },
};

static void vt_tsch_desc(const struct vt_tsch_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vt_tsch, vt_tsch_cases, vt_tsch_desc);

static void vsch_tsch_clearing(struct kunit *test)
{
	const struct vt_tsch_case *c = test->param_value;
	struct vt_ctx *t = vt_setup(test, 0);
	struct vsch_irb irb;
	struct vsch_res r;
	int withdraws;

	vt_reach(test, t, c->state);
	KUNIT_EXPECT_TRUE(test, t->fake.outstanding[VT_SCHNO]);
	withdraws = t->fake.withdraws;
	r = vsch_tsch(t->css, t->sid, &irb);
	vt_expect_cc(test, r, 0);
	vt_oracle(test, irb.scsw, true);
	KUNIT_EXPECT_EQ(test, vt_sc(irb.scsw), c->irb_sc);
	KUNIT_EXPECT_EQ(test, t->fake.withdraws, withdraws + 1);
	KUNIT_EXPECT_FALSE(test, t->fake.outstanding[VT_SCHNO]);
	vt_expect_scsw(test, t, c->fc, c->ac, 0);
	if (c->state == VT_SP_DCC3)
		KUNIT_EXPECT_EQ(test, vt_cc(irb.scsw), 3);
	if (c->state == VT_SP_PRIMARY) {
		KUNIT_EXPECT_EQ(test, be32_to_cpu(irb.scsw[1]), 0x1008);
		KUNIT_EXPECT_EQ(test, be32_to_cpu(irb.scsw[2]) >> 24,
				VSCH_DEV_CHAN_END | VSCH_DEV_DEV_END);
		KUNIT_EXPECT_EQ(test, be32_to_cpu(irb.esw[0]) >> 16 & 0xff,
				0x80);
	}
	/* A second TSCH finds nothing pending: cc 1, nothing withdrawn. */
	r = vsch_tsch(t->css, t->sid, &irb);
	vt_expect_cc(test, r, 1);
	KUNIT_EXPECT_EQ(test, vt_sc(irb.scsw), 0);
	KUNIT_EXPECT_EQ(test, t->fake.withdraws, withdraws + 1);
	vt_check_invariants(test, t);
	vt_teardown(t);
}

/* Concurrent sense: unit check with S stores the ECW, sets L and E. */
static void vsch_tsch_ecw(struct kunit *test)
{
	struct vt_ctx *t = vt_setup(test, PMCW6_S_BIT);
	struct vsch_irb irb;

	vt_reach(test, t, VT_SP_UC);
	vt_expect_cc(test, vsch_tsch(t->css, t->sid, &irb), 0);
	vt_oracle(test, irb.scsw, true);
	KUNIT_EXPECT_TRUE(test, be32_to_cpu(irb.scsw[0]) & 0x04000000); /* L */
	KUNIT_EXPECT_TRUE(test, be32_to_cpu(irb.scsw[0]) & 0x00020000); /* E */
	KUNIT_EXPECT_EQ(test, be32_to_cpu(irb.esw[1]), 0x01020000);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(irb.ecw[0]), 0x80010000);
	vt_teardown(t);

	/* Without S in the PMCW no sense is stored. */
	t = vt_setup(test, 0);
	vt_reach(test, t, VT_SP_UC);
	vt_expect_cc(test, vsch_tsch(t->css, t->sid, &irb), 0);
	KUNIT_EXPECT_FALSE(test, be32_to_cpu(irb.scsw[0]) & 0x00020000);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(irb.ecw[0]), 0);
	vt_teardown(t);
}

/* HSCH withdraws intermediate status of an active subchannel. */
static void vsch_hsch_withdraws_intermediate(struct kunit *test)
{
	struct vt_ctx *t = vt_setup(test, 0);
	struct vsch_res r;

	vt_reach(test, t, VT_SP_INTER);
	r = vsch_hsch(t->css, t->sid);
	vt_expect_cc(test, r, 0);
	KUNIT_EXPECT_EQ(test, r.fn, VSCH_FN_HALT);
	KUNIT_EXPECT_FALSE(test, t->fake.outstanding[VT_SCHNO]);
	vt_expect_scsw(test, t, FS | VSCH_FC_HALT, ACT | VSCH_AC_HALT_PEND, 0);
	KUNIT_EXPECT_EQ(test, vsch_dev_complete_halt(t->sch, VSCH_DEV_DEV_END),
			0);
	KUNIT_EXPECT_TRUE(test, t->fake.outstanding[VT_SCHNO]);
	vt_check_invariants(test, t);
	vt_teardown(t);
}

/* Functions the instructions report to the device side. */
static void vsch_insn_functions(struct kunit *test)
{
	struct vt_ctx *t = vt_setup(test, 0);
	struct vsch_orb orb;
	struct vsch_res r;

	vt_orb(&orb, 0x55aa, VT_ORB_S, 0x80, 0x3000);
	r = vsch_ssch(t->css, t->sid, &orb);
	KUNIT_EXPECT_EQ(test, r.fn, VSCH_FN_START);
	/* The ORB's interruption parameter is the one presented. */
	KUNIT_EXPECT_EQ(test, vsch_dev_begin(t->sch), 0);
	r = vsch_rsch(t->css, t->sid);
	vt_expect_cc(test, r, 0);
	KUNIT_EXPECT_EQ(test, r.fn, 0);
	/* Resume pending at the suspend point: the program continues. */
	KUNIT_EXPECT_EQ(test, vsch_dev_suspend(t->sch, 0x3008), -EAGAIN);
	KUNIT_EXPECT_EQ(test, vsch_dev_suspend(t->sch, 0x3010), 0);
	KUNIT_EXPECT_EQ(test, t->fake.last_intparm, 0x55aa);
	KUNIT_EXPECT_EQ(test, t->fake.last_isc, VT_ISC);
	vt_expect_cc(test, vsch_tsch(t->css, t->sid, &t->irb), 0);
	r = vsch_rsch(t->css, t->sid);
	KUNIT_EXPECT_EQ(test, r.fn, VSCH_FN_RESUME);
	r = vsch_xsch(t->css, t->sid);
	vt_expect_cc(test, r, 0);
	KUNIT_EXPECT_EQ(test, r.fn, VSCH_FN_CANCEL);
	/* A cancelled start must not run. */
	KUNIT_EXPECT_EQ(test, vsch_dev_begin(t->sch), -ESTALE);
	vt_expect_scsw(test, t, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, t->fake.raises, 1);
	vt_teardown(t);
}

/* CSCH always withdraws and clear completion raises again. */
static void vsch_csch_withdraw_raise(struct kunit *test)
{
	struct vt_ctx *t = vt_setup(test, 0);
	int w;

	vt_reach(test, t, VT_SP_PRIMARY);
	w = t->fake.withdraws;
	vt_expect_cc(test, vsch_csch(t->css, t->sid), 0);
	KUNIT_EXPECT_EQ(test, t->fake.withdraws, w + 1);
	KUNIT_EXPECT_FALSE(test, t->fake.outstanding[VT_SCHNO]);
	KUNIT_EXPECT_EQ(test, vsch_dev_complete_clear(t->sch), 0);
	KUNIT_EXPECT_TRUE(test, t->fake.outstanding[VT_SCHNO]);
	KUNIT_EXPECT_EQ(test, vsch_dev_complete_clear(t->sch), -ESTALE);
	vt_check_invariants(test, t);
	vt_teardown(t);
}

/* E = 0: no status, no raise. */
static void vsch_disabled_no_raise(struct kunit *test)
{
	struct vt_ctx *t = vt_setup(test, 0);

	vt_msch_e(test, t, false);
	KUNIT_EXPECT_EQ(test, vsch_dev_unsolicited(t->sch, VSCH_DEV_ATTENTION),
			-EPERM);
	KUNIT_EXPECT_EQ(test, t->fake.raises, 0);
	vt_expect_scsw(test, t, 0, 0, 0);
	vt_teardown(t);
}

/* SID words: every bit position of the word, PoP 14 "Operand Addressing". */
static void vsch_sid_bits(struct kunit *test)
{
	const u32 base = vsch_sid_make(0, false, 0, 0x0001);
	const u32 base_m = vsch_sid_make(0xfe, true, 1, 0x0001);
	int bit;

	KUNIT_EXPECT_EQ(test, base, 0x00010001);
	KUNIT_EXPECT_EQ(test, base_m, 0xfe0b0001);
	KUNIT_EXPECT_TRUE(test, vsch_sid_valid(base));
	KUNIT_EXPECT_TRUE(test, vsch_sid_valid(base_m));
	for (bit = 0; bit < 32; bit++) {
		u32 mask = 0x80000000u >> bit;
		/* Without M: CSSID (0-7), 8-11 and the one bit (15) reject. */
		bool bad = bit <= 11 || bit == 15;
		/* With M: only bits 8-11 and 15. */
		bool bad_m = (bit >= 8 && bit <= 11) || bit == 15;

		if (bit == 12)	/* toggling M itself */
			bad = false;
		KUNIT_EXPECT_EQ_MSG(test, vsch_sid_valid(base ^ mask), !bad,
				    "bit %d", bit);
		KUNIT_EXPECT_EQ_MSG(test, vsch_sid_valid(base_m ^ mask),
				    bit == 12 ? false : !bad_m, "M, bit %d",
				    bit);
	}
}

/* An invalid SID word is an operand exception for every instruction. */
static void vsch_sid_operand(struct kunit *test)
{
	struct vt_ctx *t = vt_setup(test, 0);
	const u32 bad[] = { 0x00000001, 0x00100001, 0x01010001, 0xffffffff };
	int i;
	enum vt_insn in;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		t->sid = bad[i];
		for (in = 0; in < I_NR; in++) {
			struct vsch_res r = vt_exec(t, in);

			KUNIT_EXPECT_EQ_MSG(test, r.pgm, VSCH_PGM_OPERAND,
					    "%s sid %08x", vt_insn_name[in],
					    bad[i]);
		}
	}
	/* A valid word naming no subchannel: cc 3 (kvm-unit-tests). */
	t->sid = 0x0001ffff;
	vt_expect_cc(test, vt_exec(t, I_STSCH), 3);
	vt_expect_cc(test, vt_exec(t, I_TSCH), 3);
	/* M with another CSSID names no subchannel of this image. */
	t->sid = vsch_sid_make(0x01, true, 0, VT_SCHNO);
	vt_expect_cc(test, vt_exec(t, I_STSCH), 3);
	t->sid = vsch_sid_make(VT_CSSID, true, 0, VT_SCHNO);
	vt_expect_cc(test, vt_exec(t, I_STSCH), 0);
	KUNIT_EXPECT_EQ(test, t->fake.raises, 0);
	vt_teardown(t);
}

/**
 * struct vt_orb_case - a reserved ORB field
 * @word: ORB word
 * @bits: bits to set
 * @x: also set X, so that words 3-7 count
 */
struct vt_orb_case {
	int word;
	u32 bits;
	bool x;
};

static const struct vt_orb_case vt_orb_cases[] = {
	{ 1, 0x00040000, false },	/* B: transport mode */
	{ 1, 0x00000040, false },	/* D: MIDAW facility */
	{ 1, 0x00000020, false }, { 1, 0x00000010, false },
	{ 1, 0x00000008, false }, { 1, 0x00000004, false },
	{ 1, 0x00000002, false },	/* bits 26-30 */
	{ 2, 0x80000000, false },	/* CPA bit 0 */
	{ 3, 0x00800000, true }, { 3, 0x00000001, true },
	{ 4, 0x00000001, true }, { 5, 0x80000000, true },
	{ 6, 0x00010000, true }, { 7, 0x00000100, true },
};

/* SSCH operand checks; the subchannel is untouched. */
static void vsch_ssch_orb_operand(struct kunit *test)
{
	struct vt_ctx *t = vt_setup(test, 0);
	struct vsch_orb orb;
	int i;

	for (i = 0; i < ARRAY_SIZE(vt_orb_cases); i++) {
		const struct vt_orb_case *c = &vt_orb_cases[i];
		struct vsch_res r;

		vt_orb(&orb, 0, c->x ? VT_ORB_X : 0, 0x80, 0x1000);
		orb.w[c->word] |= cpu_to_be32(c->bits);
		r = vsch_ssch(t->css, t->sid, &orb);
		KUNIT_EXPECT_EQ_MSG(test, r.pgm, VSCH_PGM_OPERAND, "case %d", i);
		vt_expect_scsw(test, t, 0, 0, 0);
	}
	/* Words 3-7 are not examined without X; the kvm-unit-tests 0xff ORB. */
	vt_orb(&orb, 0, 0, 0x80, 0x1000);
	orb.w[5] = cpu_to_be32(0xffffffff);
	vt_expect_cc(test, vsch_ssch(t->css, t->sid, &orb), 0);
	memset(&orb, 0xff, sizeof(orb));
	KUNIT_EXPECT_EQ(test, vsch_ssch(t->css, t->sid, &orb).pgm,
			VSCH_PGM_OPERAND);
	vt_teardown(t);
}

/* MSCH: reserved bits, bit 5, read-only fields (PoP 14 "MODIFY SUBCHANNEL"). */
static void vsch_msch_fields(struct kunit *test)
{
	struct vt_ctx *t = vt_setup(test, 0);
	struct vsch_schib s, out;
	static const int w1_bad[] = { 0, 1, 6, 7 };
	int i, bit;

	for (i = 0; i < ARRAY_SIZE(w1_bad); i++) {
		s = t->schib;
		s.pmcw[1] |= cpu_to_be32(0x80000000u >> w1_bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, vsch_msch(t->css, t->sid, &s).pgm,
				    VSCH_PGM_OPERAND, "word 1 bit %d",
				    w1_bad[i]);
	}
	for (bit = 0; bit < 32; bit++) {
		bool bad = bit <= 7 || (bit >= 11 && bit <= 28) || bit == 30;

		s = t->schib;
		s.pmcw[6] |= cpu_to_be32(0x80000000u >> bit);
		KUNIT_EXPECT_EQ_MSG(test, vsch_msch(t->css, t->sid, &s).pgm,
				    bad ? VSCH_PGM_OPERAND : 0, "word 6 bit %d",
				    bit);
	}
	/* Format-1 measurement block address must be 64-byte aligned. */
	s = t->schib;
	s.pmcw[6] |= cpu_to_be32(0x4);
	s.mda[1] = cpu_to_be32(0x1020);
	KUNIT_EXPECT_EQ(test, vsch_msch(t->css, t->sid, &s).pgm,
			VSCH_PGM_OPERAND);
	s.mda[1] = cpu_to_be32(0x1040);
	vt_expect_cc(test, vsch_msch(t->css, t->sid, &s), 0);

	/* Bit 5 is ignored and stored as zero; read-only fields persist. */
	s = t->schib;
	s.pmcw[1] = cpu_to_be32(0x04000000 | 0x00800000 | 5 << 27 | 0xffff);
	s.pmcw[2] = cpu_to_be32(0x40ffff00);	/* LPM, PNOM, LPUM, PIM */
	s.pmcw[4] = cpu_to_be32(0xdeadbeef);
	vt_expect_cc(test, vsch_msch(t->css, t->sid, &s), 0);
	vt_expect_cc(test, vsch_stsch(t->css, t->sid, &out), 0);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(out.pmcw[1]),
			0x00800000 | 5 << 27 | 0x00010000 | VT_DEVNO);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(out.pmcw[2]), 0x40000080);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(out.pmcw[4]), 0x00000000);
	vt_teardown(t);
}

/* STCRW on an empty queue, the pending edge, overflow and re-arm. */
static void vsch_crw_queue_rules(struct kunit *test)
{
	struct vt_ctx *t = vt_setup_crw(test, 4, 0);
	__be32 crw = cpu_to_be32(0xffffffff);
	u32 one = 0x03040000;
	int i;

	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 1);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(crw), 0);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, vsch_crw_queue(t->css, &(u32){ one + i },
						     1), 0);
	KUNIT_EXPECT_EQ(test, t->fake.crw_pending, 1);
	KUNIT_EXPECT_EQ(test, vsch_crw_queue(t->css, &one, 1), -ENOSPC);
	/* The next CRW stored after the loss carries R, later ones do not. */
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 0);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(crw), VSCH_CRW_R | one);
	for (i = 1; i < 4; i++) {
		vt_expect_cc(test, vsch_stcrw(t->css, &crw), 0);
		KUNIT_EXPECT_EQ(test, be32_to_cpu(crw), one + i);
	}
	/* Draining with cc 0 does not re-arm; a queued CRW stays silent. */
	KUNIT_EXPECT_EQ(test, vsch_crw_queue(t->css, &one, 1), 0);
	KUNIT_EXPECT_EQ(test, t->fake.crw_pending, 1);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 0);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 1);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(crw), 0);
	KUNIT_EXPECT_EQ(test, vsch_crw_queue(t->css, &one, 1), 0);
	KUNIT_EXPECT_EQ(test, t->fake.crw_pending, 2);
	vt_teardown(t);
}

/* Malformed chains and whole-chain loss. */
static void vsch_crw_chains(struct kunit *test)
{
	struct vt_ctx *t = vt_setup_crw(test, 3, 0);
	const u32 ok[2] = { 0x13040001, 0x03040000 };
	const u32 unchained[2] = { 0x03040001, 0x03040000 };
	const u32 open_end[1] = { 0x13040001 };
	const u32 with_r[1] = { 0x23040001 };
	const u32 res0[1] = { 0x83040001 };
	const u32 res9[1] = { 0x03440001 };
	__be32 crw;

	KUNIT_EXPECT_EQ(test, vsch_crw_queue(t->css, unchained, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, vsch_crw_queue(t->css, open_end, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vsch_crw_queue(t->css, with_r, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vsch_crw_queue(t->css, res0, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vsch_crw_queue(t->css, res9, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vsch_crw_queue(t->css, ok, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, t->fake.crw_pending, 0);
	KUNIT_EXPECT_EQ(test, vsch_crw_queue(t->css, ok, 2), 0);
	/* Only one slot is left: the pair is lost as a whole. */
	KUNIT_EXPECT_EQ(test, vsch_crw_queue(t->css, ok, 2), -ENOSPC);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 0);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(crw), VSCH_CRW_R | ok[0]);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 0);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(crw), ok[1]);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 1);
	vt_teardown(t);
}

/*
 * A chain longer than the queue could never be stored: refused, and not
 * counted as an overflow; a queue shorter than the subchannel pair is
 * not created at all.
 */
static void vsch_crw_chain_too_long(struct kunit *test)
{
	struct vt_ctx *t = vt_setup_crw(test, 2, 0);
	const u32 three[3] = { 0x13040001, 0x13040002, 0x03040003 };
	const struct vsch_css_params one = { .crw_max = 1 };
	__be32 crw;

	KUNIT_EXPECT_EQ(test, vsch_crw_queue(t->css, three, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, t->fake.crw_pending, 0);
	KUNIT_EXPECT_EQ(test, vsch_crw_queue(t->css, three + 2, 1), 0);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 0);
	/* No R: nothing was lost. */
	KUNIT_EXPECT_EQ(test, be32_to_cpu(crw), three[2]);
	vt_teardown(t);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vsch_css_create(&one)), -EINVAL);
}

/* Hot plug and unplug: CRWs (PoP 17), withdraw, cc 3 afterwards. */
static void vsch_hotplug(struct kunit *test)
{
	struct vt_ctx *t = vt_setup_crw(test, 0, VSCH_CSS_F_CHAIN_CRW);
	struct vsch_sch_desc d = { .ssid = 1, .schno = 0x42, .devno = 0x1234 };
	struct vsch_sch *sch;
	__be32 crw;
	int w;

	sch = vsch_sch_create(t->css, &d, VSCH_PLUG_CRW);
	KUNIT_ASSERT_FALSE(test, IS_ERR(sch));
	KUNIT_EXPECT_EQ(test, t->fake.crw_pending, 1);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 0);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(crw), 0x13040042);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 0);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(crw), 0x03040000 | VT_CSSID << 8 |
			1 << 4);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 1);
	KUNIT_EXPECT_TRUE(test, IS_ERR(vsch_sch_create(t->css, &d, 0)));

	w = t->fake.withdraws;
	vsch_sch_remove(t->sch, VSCH_PLUG_CRW);
	KUNIT_EXPECT_EQ(test, t->fake.withdraws, w + 1);
	KUNIT_EXPECT_EQ(test, t->fake.crw_pending, 2);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 0);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(crw), 0x13040000 | VT_SCHNO);
	vt_expect_cc(test, vsch_tsch(t->css, t->sid, &t->irb), 3);
	KUNIT_EXPECT_EQ(test, vsch_dev_unsolicited(t->sch, 0x80), -ENODEV);
	vsch_sch_remove(sch, 0);
	vsch_sch_put(sch);
	vt_teardown(t);
}

/* Save/restore round trip, re-raise, and rejection of bad images. */
static void vsch_state_roundtrip(struct kunit *test)
{
	struct vt_ctx *t = vt_setup(test, 0);
	struct vsch_sch_state st, bad;
	struct vsch_schib a, b;
	struct vsch_sch *sch;
	int raises;

	vt_reach(test, t, VT_SP_INTER_SUSP);
	KUNIT_ASSERT_EQ(test, vsch_sch_save(t->sch, &st), 0);
	vt_expect_cc(test, vsch_stsch(t->css, t->sid, &a), 0);
	KUNIT_EXPECT_EQ(test, vsch_sch_restore(t->css, &st, NULL, &sch),
			-EEXIST);
	vsch_sch_remove(t->sch, 0);

	bad = st;
	bad.version = cpu_to_be32(2);
	KUNIT_EXPECT_EQ(test, vsch_sch_restore(t->css, &bad, NULL, &sch),
			-EINVAL);
	bad = st;
	bad.reserved[7] = cpu_to_be32(1);
	KUNIT_EXPECT_EQ(test, vsch_sch_restore(t->css, &bad, NULL, &sch),
			-EINVAL);
	bad = st;
	bad.reserved0[0] = 1;
	KUNIT_EXPECT_EQ(test, vsch_sch_restore(t->css, &bad, NULL, &sch),
			-EINVAL);
	bad = st;
	bad.size = cpu_to_be32(sizeof(st) - 4);
	KUNIT_EXPECT_EQ(test, vsch_sch_restore(t->css, &bad, NULL, &sch),
			-EINVAL);
	bad = st;
	bad.schib.pmcw[1] &= ~cpu_to_be32(0x00800000);	/* pending, E = 0 */
	KUNIT_EXPECT_EQ(test, vsch_sch_restore(t->css, &bad, NULL, &sch),
			-EINVAL);
	/* Clear is indicated alone. */
	bad = st;
	bad.schib.scsw[0] |= cpu_to_be32(VSCH_FC_CLEAR << 12);
	KUNIT_EXPECT_EQ(test, vsch_sch_restore(t->css, &bad, NULL, &sch),
			-EINVAL);
	/* An activity (here: suspended) without a function. */
	bad = st;
	bad.schib.scsw[0] &= ~cpu_to_be32(0x7 << 12);
	KUNIT_EXPECT_EQ(test, vsch_sch_restore(t->css, &bad, NULL, &sch),
			-EINVAL);
	/* A deferred condition code without status pending. */
	bad = st;
	bad.schib.scsw[0] &= ~cpu_to_be32(0x1f | 0x03000000);
	bad.schib.scsw[0] |= cpu_to_be32(0x01000000);
	KUNIT_EXPECT_EQ(test, vsch_sch_restore(t->css, &bad, NULL, &sch),
			-EINVAL);
	/* The same without the condition code is a valid image. */
	bad.schib.scsw[0] &= ~cpu_to_be32(0x03000000);
	KUNIT_ASSERT_EQ(test, vsch_sch_restore(t->css, &bad, NULL, &sch), 0);
	vsch_sch_remove(sch, 0);
	vsch_sch_put(sch);

	/* The image's SID is in the full form: M one, the image's CSSID. */
	KUNIT_EXPECT_EQ(test, be32_to_cpu(st.sid),
			vsch_sid_make(VT_CSSID, true, 0, VT_SCHNO));
	bad = st;
	bad.sid = cpu_to_be32(vsch_sid_make(0, false, 0, VT_SCHNO));
	KUNIT_EXPECT_EQ(test, vsch_sch_restore(t->css, &bad, NULL, &sch),
			-EINVAL);
	bad.sid = cpu_to_be32(vsch_sid_make(VT_CSSID - 1, true, 0, VT_SCHNO));
	KUNIT_EXPECT_EQ(test, vsch_sch_restore(t->css, &bad, NULL, &sch),
			-EINVAL);

	raises = t->fake.raises;
	KUNIT_ASSERT_EQ(test, vsch_sch_restore(t->css, &st, NULL, &sch), 0);
	KUNIT_EXPECT_EQ(test, t->fake.raises, raises + 1);
	vt_expect_cc(test, vsch_stsch(t->css, t->sid, &b), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&a, &b, sizeof(a)), 0);
	vt_expect_cc(test, vsch_rsch(t->css, t->sid), 1);
	vt_expect_cc(test, vsch_tsch(t->css, t->sid, &t->irb), 0);
	vt_expect_cc(test, vsch_rsch(t->css, t->sid), 0);
	vsch_sch_remove(sch, 0);
	vsch_sch_put(sch);
	vt_teardown(t);
}

static void vsch_crw_state_roundtrip(struct kunit *test)
{
	struct vt_ctx *t = vt_setup_crw(test, 2, 0);
	struct vsch_crw_state st, bad;
	u32 one = 0x03040007;
	__be32 crw;

	vsch_crw_queue(t->css, &one, 1);
	vsch_crw_queue(t->css, &one, 1);
	vsch_crw_queue(t->css, &one, 1);	/* lost */
	KUNIT_ASSERT_EQ(test, vsch_crw_save(t->css, &st), 0);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(st.count), 2);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(st.flags), VSCH_CRW_STATE_F_LOST);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 0);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 0);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 1);

	bad = st;
	bad.crw[2] = cpu_to_be32(one);
	KUNIT_EXPECT_EQ(test, vsch_crw_restore(t->css, &bad), -EINVAL);
	bad = st;
	bad.reserved[0] = cpu_to_be32(1);
	KUNIT_EXPECT_EQ(test, vsch_crw_restore(t->css, &bad), -EINVAL);
	bad = st;
	bad.count = cpu_to_be32(3);
	bad.crw[2] = cpu_to_be32(one);
	KUNIT_EXPECT_EQ(test, vsch_crw_restore(t->css, &bad), -EINVAL);
	bad = st;
	bad.flags = cpu_to_be32(0x80);
	KUNIT_EXPECT_EQ(test, vsch_crw_restore(t->css, &bad), -EINVAL);

	KUNIT_EXPECT_EQ(test, vsch_crw_restore(t->css, &st), 0);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 0);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(crw), VSCH_CRW_R | one);
	vt_expect_cc(test, vsch_stcrw(t->css, &crw), 0);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(crw), one);
	vt_teardown(t);
}

static struct kunit_case vsch_insn_cases[] = {
	KUNIT_CASE_PARAM(vsch_cc_matrix, vt_matrix_gen_params),
	KUNIT_CASE(vsch_hsch_withdraws_intermediate),
	KUNIT_CASE(vsch_insn_functions),
	KUNIT_CASE(vsch_csch_withdraw_raise),
	KUNIT_CASE(vsch_disabled_no_raise),
	KUNIT_CASE(vsch_ssch_orb_operand),
	KUNIT_CASE(vsch_msch_fields),
	{}
};

static struct kunit_suite vsch_insn_suite = {
	.name = "vsch_insn",
	.test_cases = vsch_insn_cases,
};

static struct kunit_case vsch_tsch_cases[] = {
	KUNIT_CASE_PARAM(vsch_tsch_clearing, vt_tsch_gen_params),
	KUNIT_CASE(vsch_tsch_ecw),
	{}
};

static struct kunit_suite vsch_tsch_suite = {
	.name = "vsch_tsch",
	.test_cases = vsch_tsch_cases,
};

static struct kunit_case vsch_sid_cases[] = {
	KUNIT_CASE(vsch_sid_bits),
	KUNIT_CASE(vsch_sid_operand),
	{}
};

static struct kunit_suite vsch_sid_suite = {
	.name = "vsch_sid",
	.test_cases = vsch_sid_cases,
};

static struct kunit_case vsch_crw_cases[] = {
	KUNIT_CASE(vsch_crw_queue_rules),
	KUNIT_CASE(vsch_crw_chains),
	KUNIT_CASE(vsch_crw_chain_too_long),
	KUNIT_CASE(vsch_hotplug),
	{}
};

static struct kunit_suite vsch_crw_suite = {
	.name = "vsch_crw",
	.test_cases = vsch_crw_cases,
};

static struct kunit_case vsch_state_cases[] = {
	KUNIT_CASE(vsch_state_roundtrip),
	KUNIT_CASE(vsch_crw_state_roundtrip),
	{}
};

static struct kunit_suite vsch_state_suite = {
	.name = "vsch_state",
	.test_cases = vsch_state_cases,
};

kunit_test_suites(&vsch_insn_suite, &vsch_tsch_suite, &vsch_sid_suite,
		  &vsch_crw_suite, &vsch_state_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for the vsch subchannel model");

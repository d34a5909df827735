// SPDX-License-Identifier: GPL-2.0
/*
 * vsch core: the I/O instructions (SA22-7832 chapter 14) and the device
 * side of the basic I/O functions (chapter 15) of a virtual subchannel.
 *
 * Every instruction first recognises program exceptions that its operands
 * can cause (they suppress the instruction), then looks the subchannel up
 * (cc 3 if there is none), then applies the condition-code rules of its
 * PoP section in the order given there.
 */

#include <linux/bitops.h>
#include <linux/export.h>
#include <linux/lockdep.h>
#include <linux/string.h>

#include "core.h"

/* Activity bits a start function may be in while the device works. */
#define AC_START_BUSY	(VSCH_AC_START_PEND | VSCH_AC_RESUME_PEND | \
			 VSCH_AC_SCH_ACTIVE | VSCH_AC_DEV_ACTIVE | \
			 VSCH_AC_SUSPENDED)

static struct vsch_res vsch_cc(u8 cc, u8 fn)
{
	return (struct vsch_res){ .cc = cc, .fn = fn };
}

static struct vsch_res vsch_pgm(u16 code)
{
	return (struct vsch_res){ .pgm = code };
}

typedef struct vsch_res (*vsch_insn_fn)(struct vsch_sch *sch, void *arg);

/* SID checks, lookup and the css lock around one instruction. */
static struct vsch_res vsch_insn(struct vsch_css *css, u32 sid,
				 vsch_insn_fn fn, void *arg)
{
	struct vsch_sch *sch;
	struct vsch_res res;
	unsigned long flags;

	if (!vsch_sid_valid(sid))
		return vsch_pgm(VSCH_PGM_OPERAND);
	spin_lock_irqsave(&css->lock, flags);
	sch = vsch_lookup(css, sid);
	res = sch ? fn(sch, arg) : vsch_cc(3, 0);
	spin_unlock_irqrestore(&css->lock, flags);
	return res;
}

/*
 * A subchannel is not operational for start, resume, halt, clear and
 * cancel unless its device number is valid and it is enabled (PoP 14
 * "Condition Code 3" of those instructions).
 */
static bool vsch_operational(const struct vsch_sch *sch)
{
	return (sch->pmcw[1] & PMCW1_V) && vsch_sch_enabled(sch);
}

/* PoP 15 "Operation-Request Block": bits that must be zero. */
static bool vsch_orb_valid(const struct vsch_orb *orb)
{
	u32 w1 = be32_to_cpu(orb->w[1]);
	int i;

	/* Transport mode and the MIDAW facility are not provided. */
	if (w1 & (ORB1_RESERVED | ORB1_B | ORB1_D))
		return false;
	if (be32_to_cpu(orb->w[2]) & ORB2_RESERVED)
		return false;
	if (!(w1 & ORB1_X))
		return true;
	if (be32_to_cpu(orb->w[3]) & ORB3_RESERVED)
		return false;
	for (i = 4; i < ARRAY_SIZE(orb->w); i++)
		if (orb->w[i])
			return false;
	return true;
}

static struct vsch_res vsch_do_ssch(struct vsch_sch *sch, void *arg)
{
	const struct vsch_orb *orb = arg;
	u32 w1 = be32_to_cpu(orb->w[1]);
	u8 lpm = w1 >> ORB1_LPM_SHIFT;
	u8 pam = sch->pmcw[3];
	u8 pom = sch->pmcw[3] >> 8;

	if (!vsch_operational(sch))
		return vsch_cc(3, 0);
	if (sch->sc & VSCH_SC_PENDING)
		return vsch_cc(1, 0);
	if (sch->fc)
		return vsch_cc(2, 0);
	/* The ORB's interruption parameter and LPM replace the PMCW's. */
	sch->pmcw[0] = be32_to_cpu(orb->w[0]);
	sch->pmcw[2] = (sch->pmcw[2] & 0x00ffffff) | (u32)lpm << 24;
	sch->orb1 = w1;
	sch->fc = VSCH_FC_START;
	sch->ac = VSCH_AC_START_PEND;
	sch->dcc = 0;
	sch->zcc = false;
	sch->cpa = 0;
	sch->dstat = 0;
	sch->cstat = 0;
	sch->count = 0;
	sch->sense_len = 0;
	if (!(lpm & pam & pom)) {
		/*
		 * PoP 16 "Deferred Condition Code" 3: no path is available;
		 * the subchannel becomes status pending with alert status.
		 */
		sch->ac = 0;
		sch->dcc = 3;
		vsch_make_pending(sch, VSCH_SC_ALERT);
		return vsch_cc(0, 0);
	}
	return vsch_cc(0, VSCH_FN_START);
}

/**
 * vsch_ssch() - START SUBCHANNEL (PoP 14)
 * @css: the image
 * @sid: general register 1
 * @orb: the ORB, fetched by the caller (which checks its alignment and
 *	access: specification and access exceptions)
 *
 * Operand exception: invalid @sid, or reserved ORB bits (word 1 bits
 * 26-30, B, D; CPA bit 0; with X the reserved parts of words 3-7).
 * cc 3 not operational; cc 1 status pending; cc 2 a function is in
 * progress; cc 0 the start function is initiated (&struct vsch_res.fn is
 * %VSCH_FN_START) or, with no path available, ends at once with deferred
 * cc 3.  Any context.
 *
 * Return: {cc | program-interruption code}.
 */
struct vsch_res vsch_ssch(struct vsch_css *css, u32 sid,
			  const struct vsch_orb *orb)
{
	if (!vsch_sid_valid(sid) || !vsch_orb_valid(orb))
		return vsch_pgm(VSCH_PGM_OPERAND);
	return vsch_insn(css, sid, vsch_do_ssch, (void *)orb);
}
EXPORT_SYMBOL_GPL(vsch_ssch);

static struct vsch_res vsch_do_rsch(struct vsch_sch *sch, void *arg)
{
	if (!vsch_operational(sch))
		return vsch_cc(3, 0);
	if (sch->sc & VSCH_SC_PENDING)
		return vsch_cc(1, 0);
	if (sch->fc != VSCH_FC_START || !(sch->orb1 & ORB1_S) ||
	    (sch->ac & VSCH_AC_RESUME_PEND))
		return vsch_cc(2, 0);
	sch->ac |= VSCH_AC_RESUME_PEND;
	return vsch_cc(0, sch->ac & VSCH_AC_SUSPENDED ? VSCH_FN_RESUME : 0);
}

/**
 * vsch_rsch() - RESUME SUBCHANNEL (PoP 14)
 * @css: the image
 * @sid: general register 1
 *
 * cc 3 not operational; cc 1 status pending; cc 2 function control is not
 * start alone, the start function was not initiated with S one, or resume
 * pending is already set; cc 0 resume pending is set.  %VSCH_FN_RESUME is
 * reported if the subchannel is suspended; otherwise the device meets the
 * resume pending at its next suspend point (vsch_dev_suspend()).
 * Any context.
 *
 * Return: {cc | program-interruption code}.
 */
struct vsch_res vsch_rsch(struct vsch_css *css, u32 sid)
{
	return vsch_insn(css, sid, vsch_do_rsch, NULL);
}
EXPORT_SYMBOL_GPL(vsch_rsch);

static struct vsch_res vsch_do_hsch(struct vsch_sch *sch, void *arg)
{
	const u8 active = VSCH_AC_SCH_ACTIVE | VSCH_AC_DEV_ACTIVE;

	if (!vsch_operational(sch))
		return vsch_cc(3, 0);
	if ((sch->sc & VSCH_SC_PENDING) &&
	    sch->sc != (VSCH_SC_INTERMEDIATE | VSCH_SC_PENDING))
		return vsch_cc(1, 0);
	if (sch->fc & (VSCH_FC_HALT | VSCH_FC_CLEAR))
		return vsch_cc(2, 0);
	/*
	 * Intermediate status alone of an active subchannel is withdrawn
	 * (PoP 14 "HALT SUBCHANNEL"); while suspended it stays pending.
	 */
	if (sch->sc && (sch->ac & active) == active)
		vsch_clear_pending(sch);
	sch->fc |= VSCH_FC_HALT;
	sch->ac |= VSCH_AC_HALT_PEND;
	return vsch_cc(0, VSCH_FN_HALT);
}

/**
 * vsch_hsch() - HALT SUBCHANNEL (PoP 14)
 * @css: the image
 * @sid: general register 1
 *
 * cc 3 not operational; cc 1 status pending alone or with primary,
 * secondary or alert status; cc 2 a halt or clear function is in
 * progress; cc 0 the halt function is initiated.  The start function
 * stays indicated in function control until TSCH clears both.
 * Any context.
 *
 * Return: {cc | program-interruption code}.
 */
struct vsch_res vsch_hsch(struct vsch_css *css, u32 sid)
{
	return vsch_insn(css, sid, vsch_do_hsch, NULL);
}
EXPORT_SYMBOL_GPL(vsch_hsch);

static struct vsch_res vsch_do_csch(struct vsch_sch *sch, void *arg)
{
	if (!vsch_operational(sch))
		return vsch_cc(3, 0);
	vsch_clear_pending(sch);
	sch->fc = VSCH_FC_CLEAR;
	sch->ac = VSCH_AC_CLEAR_PEND;
	sch->dcc = 0;
	sch->zcc = false;
	sch->sense_len = 0;
	/* Path management (PoP 15 "Clear Function"): POM all ones. */
	sch->pmcw[2] &= 0xff0000ff;	/* PNOM and LPUM zero */
	sch->pmcw[3] |= 0xff00;
	return vsch_cc(0, VSCH_FN_CLEAR);
}

/**
 * vsch_csch() - CLEAR SUBCHANNEL (PoP 14)
 * @css: the image
 * @sid: general register 1
 *
 * cc 3 not operational; otherwise cc 0: any status is cleared and the
 * interruption request withdrawn, function control becomes clear alone,
 * activity control clear pending.  Any context.
 *
 * Return: {cc | program-interruption code}.
 */
struct vsch_res vsch_csch(struct vsch_css *css, u32 sid)
{
	return vsch_insn(css, sid, vsch_do_csch, NULL);
}
EXPORT_SYMBOL_GPL(vsch_csch);

static struct vsch_res vsch_do_xsch(struct vsch_sch *sch, void *arg)
{
	if (!vsch_operational(sch))
		return vsch_cc(3, 0);
	if (sch->sc & VSCH_SC_PENDING)
		return vsch_cc(1, 0);
	if (sch->fc != VSCH_FC_START ||
	    !(sch->ac & (VSCH_AC_START_PEND | VSCH_AC_RESUME_PEND |
			 VSCH_AC_SUSPENDED)) ||
	    (sch->ac & (VSCH_AC_SCH_ACTIVE | VSCH_AC_DEV_ACTIVE)))
		return vsch_cc(2, 0);
	sch->fc = 0;
	sch->ac = 0;
	return vsch_cc(0, VSCH_FN_CANCEL);
}

/**
 * vsch_xsch() - CANCEL SUBCHANNEL (PoP 14)
 * @css: the image
 * @sid: general register 1
 *
 * cc 3 not operational; cc 1 status pending; cc 2 function control is
 * not start alone, or none of start pending, resume pending, suspended,
 * or the subchannel or device is active; cc 0 the start function is
 * cancelled, without an interruption.  Any context.
 *
 * Return: {cc | program-interruption code}.
 */
struct vsch_res vsch_xsch(struct vsch_css *css, u32 sid)
{
	return vsch_insn(css, sid, vsch_do_xsch, NULL);
}
EXPORT_SYMBOL_GPL(vsch_xsch);

static struct vsch_res vsch_do_msch(struct vsch_sch *sch, void *arg)
{
	const struct vsch_schib *schib = arg;
	u32 w1 = be32_to_cpu(schib->pmcw[1]);
	u32 w2 = be32_to_cpu(schib->pmcw[2]);
	u32 w3 = be32_to_cpu(schib->pmcw[3]);
	u32 w6 = be32_to_cpu(schib->pmcw[6]);

	if (!(sch->pmcw[1] & PMCW1_V))
		return vsch_cc(0, 0);
	if (sch->sc & VSCH_SC_PENDING)
		return vsch_cc(1, 0);
	if (sch->fc)
		return vsch_cc(2, 0);
	sch->pmcw[0] = be32_to_cpu(schib->pmcw[0]);
	sch->pmcw[1] = (sch->pmcw[1] & ~PMCW1_MSCH_MASK) |
		       (w1 & PMCW1_MSCH_MASK);
	sch->pmcw[2] = (sch->pmcw[2] & 0x00ffffff) | (w2 & 0xff000000);
	sch->pmcw[3] = (sch->pmcw[3] & 0x000000ff) | (w3 & 0xffffff00);
	sch->pmcw[6] = (sch->pmcw[6] & ~(PMCW6_F | PMCW6_S)) |
		       (w6 & (PMCW6_F | PMCW6_S));
	if (w6 & PMCW6_F)
		sch->mba = (u64)be32_to_cpu(schib->mda[0]) << 32 |
			   be32_to_cpu(schib->mda[1]);
	return vsch_cc(0, 0);
}

/**
 * vsch_msch() - MODIFY SUBCHANNEL (PoP 14)
 * @css: the image
 * @sid: general register 1
 * @schib: the SCHIB, fetched by the caller (specification, access)
 *
 * Operand exception: invalid @sid or reserved SCHIB bits (see
 * vsch_check_schib()).  cc 3 no subchannel; cc 1 status pending; cc 2 a
 * function is in progress; cc 0 the modifiable fields (interruption
 * parameter, ISC, E, LM, MM, D, LPM, MBI, POM, F, S, MBA) are replaced;
 * PMCW word 1 bit 5 is ignored, read-only fields keep their values.
 * Any context.
 *
 * Return: {cc | program-interruption code}.
 */
struct vsch_res vsch_msch(struct vsch_css *css, u32 sid,
			  const struct vsch_schib *schib)
{
	if (!vsch_sid_valid(sid) || vsch_check_schib(schib))
		return vsch_pgm(VSCH_PGM_OPERAND);
	return vsch_insn(css, sid, vsch_do_msch, (void *)schib);
}
EXPORT_SYMBOL_GPL(vsch_msch);

static struct vsch_res vsch_do_stsch(struct vsch_sch *sch, void *arg)
{
	vsch_build_schib(sch, arg);
	return vsch_cc(0, 0);
}

/**
 * vsch_stsch() - STORE SUBCHANNEL (PoP 14)
 * @css: the image
 * @sid: general register 1
 * @schib: where the SCHIB is built; the caller stores it only with cc 0
 *
 * cc 3 no subchannel; cc 0 SCHIB stored.  Any context.
 *
 * Return: {cc | program-interruption code}.
 */
struct vsch_res vsch_stsch(struct vsch_css *css, u32 sid,
			   struct vsch_schib *schib)
{
	return vsch_insn(css, sid, vsch_do_stsch, schib);
}
EXPORT_SYMBOL_GPL(vsch_stsch);

/* PoP 16 "Extended-Status Word" and "Extended-Control Word". */
static void vsch_build_irb(struct vsch_sch *sch, struct vsch_irb *irb)
{
	memset(irb, 0, sizeof(*irb));
	vsch_build_scsw(sch, irb->scsw);
	if (!(sch->sc & VSCH_SC_PENDING))
		return;
	irb->esw[0] = cpu_to_be32((sch->pmcw[2] & 0xff00) << 8);	/* LPUM */
	/* E (ECW valid) requires alert status without intermediate. */
	if ((sch->dstat & VSCH_DEV_UNIT_CHECK) && (sch->pmcw[6] & PMCW6_S) &&
	    sch->sense_len && (sch->sc & VSCH_SC_ALERT) &&
	    !(sch->sc & VSCH_SC_INTERMEDIATE)) {
		irb->scsw[0] |= cpu_to_be32(SCSW0_L | SCSW0_E);
		irb->esw[1] = cpu_to_be32(ERW_C | (u32)sch->sense_len <<
					  ERW_SCNT_SHIFT);
		memcpy(irb->ecw, sch->sense, sch->sense_len);
	}
}

static struct vsch_res vsch_do_tsch(struct vsch_sch *sch, void *arg)
{
	u8 sc = sch->sc;
	bool inter_only;

	vsch_build_irb(sch, arg);
	if (!(sc & VSCH_SC_PENDING))
		return vsch_cc(1, 0);
	/*
	 * PoP 14 "TEST SUBCHANNEL", figure "Conditions and Indications
	 * Cleared at the Subchannel": status control always; function
	 * control, the pending bits of activity control, suspended and N
	 * unless the status is intermediate alone (and no halt function is
	 * in progress); then only resume pending.
	 */
	inter_only = (sc & VSCH_SC_INTERMEDIATE) &&
		     !(sc & (VSCH_SC_PRIMARY | VSCH_SC_SECONDARY |
			     VSCH_SC_ALERT)) && !(sch->fc & VSCH_FC_HALT);
	if (inter_only) {
		if (sch->ac & VSCH_AC_SUSPENDED)
			sch->ac &= ~VSCH_AC_RESUME_PEND;
	} else {
		sch->fc = 0;
		sch->ac &= ~(VSCH_AC_RESUME_PEND | VSCH_AC_START_PEND |
			     VSCH_AC_HALT_PEND | VSCH_AC_CLEAR_PEND |
			     VSCH_AC_SUSPENDED);
	}
	sch->dcc = 0;
	sch->zcc = false;
	sch->sense_len = 0;
	memset(sch->sense, 0, sizeof(sch->sense));
	vsch_clear_pending(sch);
	return vsch_cc(0, 0);
}

/**
 * vsch_tsch() - TEST SUBCHANNEL (PoP 14)
 * @css: the image
 * @sid: general register 1
 * @irb: where the IRB is built; the caller stores it with cc 0 and 1
 *
 * cc 3 no subchannel (IRB not stored); cc 1 not status pending, IRB
 * stored, nothing cleared; cc 0 status pending: IRB stored, status
 * cleared per the TSCH clearing rules, interruption request withdrawn.
 * A disabled subchannel is never status pending and gets cc 1.
 * Any context.
 *
 * Return: {cc | program-interruption code}.
 */
struct vsch_res vsch_tsch(struct vsch_css *css, u32 sid,
			  struct vsch_irb *irb)
{
	return vsch_insn(css, sid, vsch_do_tsch, irb);
}
EXPORT_SYMBOL_GPL(vsch_tsch);

/* Device side. */

typedef int (*vsch_dev_fn)(struct vsch_sch *sch, const void *arg);

static int vsch_dev(struct vsch_sch *sch, vsch_dev_fn fn, const void *arg)
{
	struct vsch_css *css = sch->css;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&css->lock, flags);
	ret = sch->plugged ? fn(sch, arg) : -ENODEV;
	spin_unlock_irqrestore(&css->lock, flags);
	return ret;
}

static int vsch_do_begin(struct vsch_sch *sch, const void *arg)
{
	u8 paths = (sch->pmcw[2] >> 24) & sch->pmcw[3] & (sch->pmcw[3] >> 8);
	bool initial = sch->ac & VSCH_AC_START_PEND;

	lockdep_assert_held(&sch->css->lock);
	if (sch->fc != VSCH_FC_START ||
	    !(sch->ac & (VSCH_AC_START_PEND | VSCH_AC_RESUME_PEND)))
		return -ESTALE;
	sch->ac &= ~(VSCH_AC_START_PEND | VSCH_AC_RESUME_PEND |
		     VSCH_AC_SUSPENDED);
	sch->ac |= VSCH_AC_SCH_ACTIVE | VSCH_AC_DEV_ACTIVE;
	/* LPUM: the leftmost usable path. */
	paths = paths ? 1 << (fls(paths) - 1) : 0;
	sch->pmcw[2] = (sch->pmcw[2] & 0xffff00ff) | (u32)paths << 8;
	/*
	 * Initial-status interruption (ORB I, PoP 15): intermediate status
	 * with Z when the device accepted the first command.
	 */
	if (initial && (sch->orb1 & ORB1_I) && !(sch->sc & VSCH_SC_PENDING)) {
		sch->zcc = true;
		vsch_make_pending(sch, VSCH_SC_INTERMEDIATE);
	}
	return 0;
}

/**
 * vsch_dev_begin() - the device starts or resumes the channel program
 * @sch: the subchannel
 *
 * Start pending or resume pending becomes subchannel and device active
 * (PoP 16 "Activity Control").  Call before executing the first CCW after
 * %VSCH_FN_START or %VSCH_FN_RESUME.  Any context.
 *
 * Return: 0; -ESTALE if no start or resume is pending any more (the
 * program cancelled, halted or cleared it: do not execute); -ENODEV.
 */
int vsch_dev_begin(struct vsch_sch *sch)
{
	return vsch_dev(sch, vsch_do_begin, NULL);
}
EXPORT_SYMBOL_GPL(vsch_dev_begin);

static bool vsch_alert(const struct vsch_status *st)
{
	return (st->dstat & (VSCH_DEV_UNIT_CHECK | VSCH_DEV_UNIT_EXC)) ||
	       (st->cstat & ~VSCH_SCH_PCI);
}

static int vsch_do_complete_start(struct vsch_sch *sch, const void *arg)
{
	const struct vsch_status *st = arg;
	u8 sc;

	lockdep_assert_held(&sch->css->lock);
	if (sch->fc != VSCH_FC_START || !(sch->ac & AC_START_BUSY))
		return -ESTALE;
	sch->ac &= ~AC_START_BUSY;
	sch->dcc = st->cc;
	sch->cpa = st->cpa;
	sch->count = st->count;
	sch->dstat = st->dstat;
	sch->cstat = st->cstat;
	switch (st->cc) {
	case 3:
		/* Status fields are not meaningful (PoP 16). */
		sch->dstat = 0;
		sch->cstat = 0;
		sch->count = 0;
		sc = VSCH_SC_ALERT;
		break;
	case 1:
		sc = VSCH_SC_PRIMARY | VSCH_SC_ALERT;
		break;
	default:
		sc = VSCH_SC_PRIMARY | VSCH_SC_SECONDARY;
		if (vsch_alert(st))
			sc |= VSCH_SC_ALERT;
		break;
	}
	if (sch->dstat & VSCH_DEV_UNIT_CHECK) {
		sch->sense_len = st->sense_len;
		memcpy(sch->sense, st->sense, st->sense_len);
	}
	vsch_make_pending(sch, sc);
	return 0;
}

/**
 * vsch_dev_complete_start() - the start function ends
 * @sch: the subchannel
 * @st: ending status
 *
 * PoP 15 "Start Function" and 16 "Status Control": with deferred cc 0
 * the subchannel becomes status pending with primary and secondary
 * status (the device presents channel end and device end together), plus
 * alert status for unit check, unit exception or any subchannel status
 * other than PCI; with deferred cc 1 primary and alert; with deferred cc
 * 3 alert alone.  Status already pending (intermediate) is merged, with
 * no second interruption request.  Any context.
 *
 * Return: 0; -EINVAL for a bad @st; -ESTALE if no start function is in
 * progress (it was cancelled, halted or cleared); -ENODEV.
 */
int vsch_dev_complete_start(struct vsch_sch *sch,
			    const struct vsch_status *st)
{
	if (st->cc == 2 || st->cc > 3 || st->sense_len > sizeof(st->sense))
		return -EINVAL;
	return vsch_dev(sch, vsch_do_complete_start, st);
}
EXPORT_SYMBOL_GPL(vsch_dev_complete_start);

static int vsch_do_intermediate(struct vsch_sch *sch, const void *arg)
{
	const u32 *cpa = arg;

	lockdep_assert_held(&sch->css->lock);
	if (sch->fc != VSCH_FC_START || !(sch->ac & VSCH_AC_SCH_ACTIVE))
		return -ESTALE;
	if (sch->sc & VSCH_SC_PENDING)
		return -EBUSY;
	sch->cpa = *cpa;
	sch->cstat = VSCH_SCH_PCI;
	sch->dstat = 0;
	vsch_make_pending(sch, VSCH_SC_INTERMEDIATE);
	return 0;
}

/**
 * vsch_dev_intermediate() - a CCW with the PCI flag was fetched
 * @sch: the subchannel
 * @cpa: CCW address to report
 *
 * PoP 16 "Intermediate Status": status pending with intermediate status
 * and subchannel status PCI; the channel program continues.  Any context.
 *
 * Return: 0; -EBUSY if status is already pending (the PCI condition is
 * merged away, as the PoP allows); -ESTALE; -ENODEV.
 */
int vsch_dev_intermediate(struct vsch_sch *sch, u32 cpa)
{
	return vsch_dev(sch, vsch_do_intermediate, &cpa);
}
EXPORT_SYMBOL_GPL(vsch_dev_intermediate);

static int vsch_do_suspend(struct vsch_sch *sch, const void *arg)
{
	const u32 *cpa = arg;

	lockdep_assert_held(&sch->css->lock);
	if (sch->fc != VSCH_FC_START || !(sch->ac & VSCH_AC_SCH_ACTIVE))
		return -ESTALE;
	if (!(sch->orb1 & ORB1_S))
		return -EINVAL;
	if (sch->ac & VSCH_AC_RESUME_PEND) {
		sch->ac &= ~VSCH_AC_RESUME_PEND;
		return -EAGAIN;
	}
	sch->ac &= ~(VSCH_AC_SCH_ACTIVE | VSCH_AC_DEV_ACTIVE);
	sch->ac |= VSCH_AC_SUSPENDED;
	sch->cpa = *cpa;
	if (!(sch->orb1 & ORB1_U) && !(sch->sc & VSCH_SC_PENDING))
		vsch_make_pending(sch, VSCH_SC_INTERMEDIATE);
	return 0;
}

/**
 * vsch_dev_suspend() - the channel program reached a CCW with S one
 * @sch: the subchannel
 * @cpa: address of the suspending CCW + 8
 *
 * PoP 15 "Suspension of Channel-Program Execution": if resume pending is
 * set, it is reset and the program continues (-EAGAIN).  Otherwise the
 * subchannel becomes suspended and, unless the ORB's U bit suppresses it,
 * status pending with intermediate status.  Any context.
 *
 * Return: 0 (suspended); -EAGAIN (continue); -EINVAL if the ORB did not
 * allow suspension (the device reports a program check instead);
 * -ESTALE; -ENODEV.
 */
int vsch_dev_suspend(struct vsch_sch *sch, u32 cpa)
{
	return vsch_dev(sch, vsch_do_suspend, &cpa);
}
EXPORT_SYMBOL_GPL(vsch_dev_suspend);

static int vsch_do_complete_halt(struct vsch_sch *sch, const void *arg)
{
	const u8 *dstat = arg;
	bool started = sch->fc & VSCH_FC_START;

	lockdep_assert_held(&sch->css->lock);
	if (!(sch->fc & VSCH_FC_HALT) || !(sch->ac & VSCH_AC_HALT_PEND))
		return -ESTALE;
	sch->ac = 0;
	sch->dstat = *dstat;
	sch->cstat = 0;
	sch->dcc = 0;
	vsch_make_pending(sch, started ? VSCH_SC_PRIMARY | VSCH_SC_SECONDARY :
				      0);
	return 0;
}

/**
 * vsch_dev_complete_halt() - the halt function ends
 * @sch: the subchannel
 * @dstat: device status, normally device end
 *
 * PoP 15 "Halt Function": activity control is reset and the subchannel
 * becomes status pending, with primary and secondary status if a start
 * function was being halted, else status pending alone.  Any context.
 *
 * Return: 0; -ESTALE if no halt is pending (a clear overtook it); -ENODEV.
 */
int vsch_dev_complete_halt(struct vsch_sch *sch, u8 dstat)
{
	return vsch_dev(sch, vsch_do_complete_halt, &dstat);
}
EXPORT_SYMBOL_GPL(vsch_dev_complete_halt);

static int vsch_do_complete_clear(struct vsch_sch *sch, const void *arg)
{
	lockdep_assert_held(&sch->css->lock);
	if (!(sch->fc & VSCH_FC_CLEAR) || !(sch->ac & VSCH_AC_CLEAR_PEND))
		return -ESTALE;
	sch->ac = 0;
	sch->dstat = 0;
	sch->cstat = 0;
	sch->count = 0;
	sch->cpa = 0;
	sch->dcc = 0;
	vsch_make_pending(sch, 0);
	return 0;
}

/**
 * vsch_dev_complete_clear() - the clear function ends
 * @sch: the subchannel
 *
 * PoP 15 "Clear Function": status pending alone, device and subchannel
 * status, CCW address and count zero.  Any context.
 *
 * Return: 0; -ESTALE if no clear is pending; -ENODEV.
 */
int vsch_dev_complete_clear(struct vsch_sch *sch)
{
	return vsch_dev(sch, vsch_do_complete_clear, NULL);
}
EXPORT_SYMBOL_GPL(vsch_dev_complete_clear);

static int vsch_do_unsolicited(struct vsch_sch *sch, const void *arg)
{
	const u8 *dstat = arg;

	lockdep_assert_held(&sch->css->lock);
	if (!vsch_sch_enabled(sch))
		return -EPERM;
	if ((sch->sc & VSCH_SC_PENDING) || sch->fc)
		return -EBUSY;
	sch->dstat = *dstat;
	sch->cstat = 0;
	sch->count = 0;
	sch->cpa = 0;
	sch->dcc = 0;
	vsch_make_pending(sch, VSCH_SC_ALERT);
	return 0;
}

/**
 * vsch_dev_unsolicited() - the device presents unsolicited status
 * @sch: the subchannel
 * @dstat: device status, e.g. attention
 *
 * PoP 16 "Alert Status": on an idle, enabled subchannel that is not status
 * pending, status pending with alert status alone (the program sees cc 0
 * and no function: unsolicited).  Any context.
 *
 * Return: 0; -EPERM if the subchannel is disabled (the status is
 * discarded); -EBUSY if status is pending or a function is in progress
 * (present it again later); -ENODEV.
 */
int vsch_dev_unsolicited(struct vsch_sch *sch, u8 dstat)
{
	return vsch_dev(sch, vsch_do_unsolicited, &dstat);
}
EXPORT_SYMBOL_GPL(vsch_dev_unsolicited);

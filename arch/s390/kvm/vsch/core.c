// SPDX-License-Identifier: GPL-2.0
/*
 * vsch core: channel-subsystem images, subchannel lifetime, the SCHIB and
 * SCSW codecs, status-pending bookkeeping and save/restore.
 *
 * The model follows SA22-7832 (PoP) chapters 13-17; see
 * Documentation/virt/kvm/s390/vsch-model.rst.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/export.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "core.h"

/**
 * vsch_sid_valid() - check a subsystem-identification word
 * @sid: bits 32-63 of general register 1
 *
 * PoP 14, "Operand Addressing" of START SUBCHANNEL and the other I/O
 * instructions: bit 15 (47 of the register) must be one, bits 8-11 must
 * be zero, and without the M bit the CSSID field must be zero.  Otherwise
 * the instruction is suppressed with an operand exception.  Any context.
 *
 * Return: true if @sid may name a subchannel.
 */
bool vsch_sid_valid(u32 sid)
{
	if (!(sid & VSCH_SID_ONE) || (sid & VSCH_SID_RESERVED))
		return false;
	if (!(sid & VSCH_SID_M) && (sid >> VSCH_SID_CSSID_SHIFT))
		return false;
	return true;
}
EXPORT_SYMBOL_GPL(vsch_sid_valid);

/**
 * vsch_sid_make() - build a subsystem-identification word
 * @cssid: channel-subsystem ID, used only if @m
 * @m: set the M bit (MCSS-E addressing)
 * @ssid: subchannel-set ID, 0-3
 * @schno: subchannel number
 *
 * Any context.
 *
 * Return: the SID word; vsch_sid_valid() accepts it.
 */
u32 vsch_sid_make(u8 cssid, bool m, u8 ssid, u16 schno)
{
	u32 sid = VSCH_SID_ONE | schno;

	sid |= ((u32)ssid << VSCH_SID_SSID_SHIFT) & VSCH_SID_SSID_MASK;
	if (m)
		sid |= VSCH_SID_M | (u32)cssid << VSCH_SID_CSSID_SHIFT;
	return sid;
}
EXPORT_SYMBOL_GPL(vsch_sid_make);

static u32 vsch_key(u8 ssid, u16 schno)
{
	return (u32)ssid << 16 | schno;
}

/**
 * vsch_lookup() - find the plugged subchannel a valid SID word names
 * @css: the image
 * @sid: a SID word that passed vsch_sid_valid()
 *
 * With M one the CSSID must be the image's; with M zero the word names
 * the image the program runs in (PoP 14, "Operand Addressing").
 * Caller holds @css->lock.
 *
 * Return: the subchannel, or NULL (the instruction sets cc 3).
 */
struct vsch_sch *vsch_lookup(struct vsch_css *css, u32 sid)
{
	u8 ssid = (sid & VSCH_SID_SSID_MASK) >> VSCH_SID_SSID_SHIFT;
	u16 schno = sid & VSCH_SID_SCHNO_MASK;
	struct vsch_sch *sch;

	lockdep_assert_held(&css->lock);
	if ((sid & VSCH_SID_M) && (sid >> VSCH_SID_CSSID_SHIFT) != css->cssid)
		return NULL;
	hash_for_each_possible(css->schs, sch, node, vsch_key(ssid, schno))
		if (sch->ssid == ssid && sch->schno == schno)
			return sch;
	return NULL;
}

/**
 * vsch_make_pending() - make a subchannel status pending
 * @sch: the subchannel
 * @sc: status-control bits to add (%VSCH_SC_*), may be 0
 *
 * PoP 16 "Status Control" and "Interruption Conditions": the subchannel
 * becomes status pending only if it is enabled, and an I/O-interruption
 * request is made only on that transition, so that at most one request is
 * outstanding per subchannel.  If it already is status pending, @sc is
 * merged into the status.  Caller holds the css lock.
 */
void vsch_make_pending(struct vsch_sch *sch, u8 sc)
{
	struct vsch_css *css = sch->css;

	lockdep_assert_held(&css->lock);
	if (sch->sc & VSCH_SC_PENDING) {
		sch->sc |= sc;
		return;
	}
	if (!vsch_sch_enabled(sch))
		return;
	sch->sc |= sc | VSCH_SC_PENDING;
	sch->raised = true;
	if (css->ops && css->ops->raise)
		css->ops->raise(css->ctx, sch, sch->pmcw[0], vsch_sch_isc(sch));
}

/**
 * vsch_clear_pending() - reset status control and withdraw the request
 * @sch: the subchannel
 *
 * Used by TEST SUBCHANNEL with cc 0, by CLEAR SUBCHANNEL and by HALT
 * SUBCHANNEL when it withdraws intermediate status.  Always calls the
 * withdraw op, which must tolerate a request that is already gone (the
 * program may have taken the interruption).  Caller holds the css lock.
 */
void vsch_clear_pending(struct vsch_sch *sch)
{
	struct vsch_css *css = sch->css;

	lockdep_assert_held(&css->lock);
	/*
	 * Device and subchannel status, the deferred cc and Z are
	 * meaningful only together with the status they came with.
	 */
	sch->sc = 0;
	sch->dstat = 0;
	sch->cstat = 0;
	sch->dcc = 0;
	sch->zcc = false;
	sch->raised = false;
	if (css->ops && css->ops->withdraw)
		css->ops->withdraw(css->ctx, sch);
}

/**
 * vsch_build_scsw() - encode the SCSW of a subchannel
 * @sch: the subchannel
 * @scsw: three big-endian words to fill
 *
 * PoP 16 "Subchannel-Status Word".  The key, S, F, P, I, A and U fields
 * come from the ORB and are stored only while a start function is
 * indicated; the deferred condition code only with it and status pending.
 * Caller holds the css lock.
 */
void vsch_build_scsw(const struct vsch_sch *sch, __be32 *scsw)
{
	u32 w0 = (u32)sch->fc << SCSW0_FC_SHIFT |
		 (u32)sch->ac << SCSW0_AC_SHIFT | sch->sc;

	lockdep_assert_held(&sch->css->lock);
	if (sch->fc & VSCH_FC_START) {
		w0 |= sch->orb1 & ORB1_SCSW_MASK;
		if (sch->sc & VSCH_SC_PENDING)
			w0 |= (u32)sch->dcc << SCSW0_CC_SHIFT;
		if (sch->zcc)
			w0 |= SCSW0_Z;
	}
	scsw[0] = cpu_to_be32(w0);
	scsw[1] = cpu_to_be32(sch->cpa);
	scsw[2] = cpu_to_be32((u32)sch->dstat << 24 | (u32)sch->cstat << 16 |
			      sch->count);
}

/**
 * vsch_build_schib() - encode the SCHIB of a subchannel, as STSCH stores it
 * @sch: the subchannel
 * @schib: filled in
 *
 * PoP 14 "STORE SUBCHANNEL" and 15 "Subchannel-Information Block".
 * Caller holds the css lock.
 */
void vsch_build_schib(const struct vsch_sch *sch, struct vsch_schib *schib)
{
	int i;

	lockdep_assert_held(&sch->css->lock);
	for (i = 0; i < ARRAY_SIZE(sch->pmcw); i++)
		schib->pmcw[i] = cpu_to_be32(sch->pmcw[i]);
	vsch_build_scsw(sch, schib->scsw);
	schib->mda[0] = cpu_to_be32(upper_32_bits(sch->mba));
	schib->mda[1] = cpu_to_be32(lower_32_bits(sch->mba));
	schib->mda[2] = 0;
}

/**
 * vsch_check_schib() - the operand checks of MODIFY SUBCHANNEL
 * @schib: the SCHIB the program supplied
 *
 * PoP 14 "MODIFY SUBCHANNEL", Special Conditions: reserved bits of PMCW
 * words 1 and 6 must be zero (word 1 bit 5 is ignored); the extended-
 * measurement-word facility is not provided, so X must be zero; with
 * measurement-block format 1 the MBA must be on a 64-byte boundary.
 * Any context.
 *
 * Return: 0, or -EINVAL for an operand exception.
 */
int vsch_check_schib(const struct vsch_schib *schib)
{
	u32 w1 = be32_to_cpu(schib->pmcw[1]);
	u32 w6 = be32_to_cpu(schib->pmcw[6]);

	if (w1 & PMCW1_RESERVED)
		return -EINVAL;
	if (w6 & (PMCW6_RESERVED | PMCW6_X))
		return -EINVAL;
	if ((w6 & PMCW6_F) && (be32_to_cpu(schib->mda[1]) & 0x3f))
		return -EINVAL;
	return 0;
}

static void vsch_css_release(struct kref *ref)
{
	kfree(container_of(ref, struct vsch_css, ref));
}

static void vsch_sch_release(struct kref *ref)
{
	struct vsch_sch *sch = container_of(ref, struct vsch_sch, ref);
	struct vsch_css *css = sch->css;

	kfree(sch);
	kref_put(&css->ref, vsch_css_release);
}

/**
 * vsch_css_create() - create a channel-subsystem image
 * @params: its properties; copied
 *
 * Process context (allocates with GFP_KERNEL).
 *
 * Return: the image, or an ERR_PTR(): -EINVAL for bad @params, -ENOMEM.
 */
struct vsch_css *vsch_css_create(const struct vsch_css_params *params)
{
	struct vsch_css *css;

	/*
	 * The queue holds at least the longest chain the model reports,
	 * the subchannel pair of VSCH_CSS_F_CHAIN_CRW (a flag the program
	 * may turn on later).
	 */
	if (params->crw_max == 1 || params->crw_max > VSCH_CRW_QUEUE_MAX ||
	    (params->flags & ~VSCH_CSS_F_MASK))
		return ERR_PTR(-EINVAL);
	css = kzalloc(sizeof(*css), GFP_KERNEL);
	if (!css)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&css->lock);
	kref_init(&css->ref);
	hash_init(css->schs);
	css->cssid = params->cssid;
	css->flags = params->flags;
	css->ops = params->ops;
	css->ctx = params->ctx;
	css->crw_max = params->crw_max ?: VSCH_CRW_QUEUE_MAX;
	css->crw_armed = true;
	return css;
}
EXPORT_SYMBOL_GPL(vsch_css_create);

static void vsch_unplug_locked(struct vsch_sch *sch)
{
	struct vsch_css *css = sch->css;

	lockdep_assert_held(&css->lock);
	sch->plugged = false;
	hash_del(&sch->node);
	sch->raised = false;
	if (css->ops && css->ops->withdraw)
		css->ops->withdraw(css->ctx, sch);
}

/**
 * vsch_css_destroy() - unplug every subchannel and drop the creator's ref
 * @css: the image
 *
 * Withdraws the requests of all subchannels, without channel reports.  The
 * memory goes away when the last subchannel reference is put.  The @ops
 * are not called after this returns.  Process or softirq context; not
 * from an @ops callback.
 */
void vsch_css_destroy(struct vsch_css *css)
{
	struct vsch_sch *sch;
	struct hlist_node *tmp;
	HLIST_HEAD(dead);
	unsigned long flags;
	int bkt;

	spin_lock_irqsave(&css->lock, flags);
	hash_for_each_safe(css->schs, bkt, tmp, sch, node) {
		vsch_unplug_locked(sch);
		hlist_add_head(&sch->node, &dead);
	}
	css->ops = NULL;
	spin_unlock_irqrestore(&css->lock, flags);

	hlist_for_each_entry_safe(sch, tmp, &dead, node)
		kref_put(&sch->ref, vsch_sch_release);
	kref_put(&css->ref, vsch_css_release);
}
EXPORT_SYMBOL_GPL(vsch_css_destroy);

/**
 * vsch_css_set_flags() - change the program-controlled modes of an image
 * @css: the image
 * @flags: %VSCH_CSS_F_* (the program enables MSS and MCSS-E with CHSC)
 *
 * Any context.
 *
 * Return: 0, or -EINVAL for unknown flags.
 */
int vsch_css_set_flags(struct vsch_css *css, u8 flags)
{
	unsigned long irqflags;

	if (flags & ~VSCH_CSS_F_MASK)
		return -EINVAL;
	spin_lock_irqsave(&css->lock, irqflags);
	WRITE_ONCE(css->flags, flags);
	spin_unlock_irqrestore(&css->lock, irqflags);
	return 0;
}
EXPORT_SYMBOL_GPL(vsch_css_set_flags);

static struct vsch_sch *vsch_sch_alloc(struct vsch_css *css, u8 ssid,
				       u16 schno, void *priv)
{
	struct vsch_sch *sch = kzalloc(sizeof(*sch), GFP_KERNEL);

	if (!sch)
		return NULL;
	kref_init(&sch->ref);
	sch->css = css;
	sch->ssid = ssid;
	sch->schno = schno;
	sch->priv = priv;
	return sch;
}

/* Link a new subchannel in; on success the table holds one reference. */
static int vsch_sch_insert(struct vsch_sch *sch, unsigned int flags)
{
	struct vsch_css *css = sch->css;

	lockdep_assert_held(&css->lock);
	if (vsch_lookup(css, vsch_sid_make(css->cssid, true, sch->ssid,
					   sch->schno)))
		return -EEXIST;
	kref_get(&css->ref);
	kref_get(&sch->ref);
	hash_add(css->schs, &sch->node, vsch_key(sch->ssid, sch->schno));
	sch->plugged = true;
	if (flags & VSCH_PLUG_CRW)
		vsch_crw_sch(sch);
	return 0;
}

/**
 * vsch_sch_create() - plug in a virtual subchannel
 * @css: the image
 * @desc: identity and paths of the subchannel
 * @flags: %VSCH_PLUG_CRW for a hot plug: queue the subchannel CRW(s)
 *	(PoP 17 "Channel-Report Word", RSC subchannel, ERC installed
 *	parameters initialized)
 *
 * The subchannel starts as after a subsystem reset (PoP 17 "I/O-System
 * Reset"): disabled, ISC 0, interruption parameter 0, DNV one, LPM = PAM =
 * PIM, POM all ones, idle SCSW.  Process context.
 *
 * Return: the subchannel with a reference for the caller (drop it with
 * vsch_sch_put()), or an ERR_PTR(): -EINVAL, -ENOMEM, -EEXIST.
 */
struct vsch_sch *vsch_sch_create(struct vsch_css *css,
				 const struct vsch_sch_desc *desc,
				 unsigned int flags)
{
	u8 pim = desc->pim ?: 0x80;
	struct vsch_sch *sch;
	unsigned long irqflags;
	int ret;

	if (desc->ssid > 3 || desc->st > 7 || (flags & ~VSCH_PLUG_CRW))
		return ERR_PTR(-EINVAL);
	sch = vsch_sch_alloc(css, desc->ssid, desc->schno, desc->priv);
	if (!sch)
		return ERR_PTR(-ENOMEM);
	sch->pmcw[1] = PMCW1_V | desc->devno;
	sch->pmcw[2] = (u32)pim << 24 | pim;
	sch->pmcw[3] = 0xff << 8 | pim;
	sch->pmcw[4] = (u32)desc->chpid[0] << 24 | (u32)desc->chpid[1] << 16 |
		       (u32)desc->chpid[2] << 8 | desc->chpid[3];
	sch->pmcw[5] = (u32)desc->chpid[4] << 24 | (u32)desc->chpid[5] << 16 |
		       (u32)desc->chpid[6] << 8 | desc->chpid[7];
	sch->pmcw[6] = (u32)desc->st << PMCW6_ST_SHIFT;

	spin_lock_irqsave(&css->lock, irqflags);
	ret = vsch_sch_insert(sch, flags);
	spin_unlock_irqrestore(&css->lock, irqflags);
	if (ret) {
		kfree(sch);
		return ERR_PTR(ret);
	}
	return sch;
}
EXPORT_SYMBOL_GPL(vsch_sch_create);

/**
 * vsch_sch_remove() - unplug a virtual subchannel
 * @sch: the subchannel
 * @flags: %VSCH_PLUG_CRW for a hot unplug: queue the subchannel CRW(s)
 *
 * From now on the instructions find no subchannel (cc 3) and the device-
 * side calls return -ENODEV.  Any pending interruption request is
 * withdrawn.  The caller's reference stays valid.  Any context except an
 * @ops callback.  Removing twice is harmless.
 */
void vsch_sch_remove(struct vsch_sch *sch, unsigned int flags)
{
	struct vsch_css *css = sch->css;
	unsigned long irqflags;
	bool was = false;

	spin_lock_irqsave(&css->lock, irqflags);
	if (sch->plugged) {
		was = true;
		vsch_unplug_locked(sch);
		if (flags & VSCH_PLUG_CRW)
			vsch_crw_sch(sch);
	}
	spin_unlock_irqrestore(&css->lock, irqflags);
	if (was)
		kref_put(&sch->ref, vsch_sch_release);
}
EXPORT_SYMBOL_GPL(vsch_sch_remove);

/**
 * vsch_sch_find() - look a plugged subchannel up by SID word
 * @css: the image
 * @sid: SID word
 *
 * Any context.
 *
 * Return: the subchannel with a new reference, or NULL.
 */
struct vsch_sch *vsch_sch_find(struct vsch_css *css, u32 sid)
{
	struct vsch_sch *sch = NULL;
	unsigned long flags;

	if (!vsch_sid_valid(sid))
		return NULL;
	spin_lock_irqsave(&css->lock, flags);
	sch = vsch_lookup(css, sid);
	if (sch)
		kref_get(&sch->ref);
	spin_unlock_irqrestore(&css->lock, flags);
	return sch;
}
EXPORT_SYMBOL_GPL(vsch_sch_find);

/**
 * vsch_sch_put() - drop a subchannel reference
 * @sch: the subchannel, may be NULL
 *
 * Any context except an @ops callback.
 */
void vsch_sch_put(struct vsch_sch *sch)
{
	if (sch)
		kref_put(&sch->ref, vsch_sch_release);
}
EXPORT_SYMBOL_GPL(vsch_sch_put);

/**
 * vsch_sch_sid() - the SID word of a subchannel, as interruption codes use it
 * @sch: the subchannel
 *
 * M and the CSSID are reported only once the program enabled MCSS-E
 * (%VSCH_CSS_F_MCSSE); PoP 16 "Interruption Code".  Any context, also
 * from an @ops callback.
 *
 * Return: the SID word.
 */
u32 vsch_sch_sid(const struct vsch_sch *sch)
{
	bool m = READ_ONCE(sch->css->flags) & VSCH_CSS_F_MCSSE;

	return vsch_sid_make(sch->css->cssid, m, sch->ssid, sch->schno);
}
EXPORT_SYMBOL_GPL(vsch_sch_sid);

/**
 * vsch_sch_priv() - the device side's pointer
 * @sch: the subchannel
 *
 * Any context.
 *
 * Return: &struct vsch_sch_desc.priv given at creation.
 */
void *vsch_sch_priv(const struct vsch_sch *sch)
{
	return sch->priv;
}
EXPORT_SYMBOL_GPL(vsch_sch_priv);

/**
 * vsch_sch_save() - take the save image of a subchannel
 * @sch: the subchannel
 * @state: filled in; reserved fields are zeroed
 *
 * Any context.
 *
 * Return: 0, or -ENODEV if @sch is unplugged.
 */
int vsch_sch_save(struct vsch_sch *sch, struct vsch_sch_state *state)
{
	struct vsch_css *css = sch->css;
	unsigned long flags;
	int ret = 0;

	memset(state, 0, sizeof(*state));
	state->version = cpu_to_be32(VSCH_STATE_VERSION);
	state->size = cpu_to_be32(sizeof(*state));
	spin_lock_irqsave(&css->lock, flags);
	if (!sch->plugged) {
		ret = -ENODEV;
		goto out;
	}
	state->sid = cpu_to_be32(vsch_sid_make(css->cssid, true, sch->ssid,
					       sch->schno));
	vsch_build_schib(sch, &state->schib);
	/* The SCSW carries FC, AC, SC, CC and Z; ORB bits go in orb1. */
	state->orb1 = cpu_to_be32(sch->orb1);
	state->schib.scsw[0] &= ~cpu_to_be32(ORB1_SCSW_MASK | SCSW0_CC_MASK);
	state->schib.scsw[0] |= cpu_to_be32((u32)sch->dcc << SCSW0_CC_SHIFT);
	if (sch->zcc)
		state->schib.scsw[0] |= cpu_to_be32(SCSW0_Z);
	state->sense_len = sch->sense_len;
	memcpy(state->sense, sch->sense, sizeof(state->sense));
out:
	spin_unlock_irqrestore(&css->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(vsch_sch_save);

static bool vsch_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

/* Validate a saved image and load it into a fresh subchannel. */
static int vsch_sch_load(struct vsch_sch *sch,
			 const struct vsch_sch_state *state)
{
	const struct vsch_schib *schib = &state->schib;
	u32 w0 = be32_to_cpu(schib->scsw[0]);
	u32 w2 = be32_to_cpu(schib->scsw[2]);
	int i;

	if (vsch_check_schib(schib) || !(be32_to_cpu(schib->pmcw[1]) & PMCW1_V))
		return -EINVAL;
	if (w0 & (ORB1_SCSW_MASK | SCSW0_L | SCSW0_E | SCSW0_N |
		  SCSW0_RESERVED) || schib->mda[2])
		return -EINVAL;
	sch->orb1 = be32_to_cpu(state->orb1);
	if (sch->orb1 & (ORB1_RESERVED | ORB1_B | ORB1_D))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(sch->pmcw); i++)
		sch->pmcw[i] = be32_to_cpu(schib->pmcw[i]);
	sch->pmcw[1] &= ~PMCW1_IGNORED;
	sch->mba = (u64)be32_to_cpu(schib->mda[0]) << 32 |
		   be32_to_cpu(schib->mda[1]);
	sch->fc = (w0 >> SCSW0_FC_SHIFT) & 0x7;
	sch->ac = (w0 >> SCSW0_AC_SHIFT) & 0x7f;
	sch->sc = w0 & 0x1f;
	sch->dcc = (w0 & SCSW0_CC_MASK) >> SCSW0_CC_SHIFT;
	sch->zcc = w0 & SCSW0_Z;
	sch->cpa = be32_to_cpu(schib->scsw[1]);
	sch->dstat = w2 >> 24;
	sch->cstat = w2 >> 16;
	sch->count = w2;
	/* Status is either pending on an enabled subchannel or absent. */
	if (sch->sc && (!(sch->sc & VSCH_SC_PENDING) || !vsch_sch_enabled(sch)))
		return -EINVAL;
	/*
	 * Controls a subchannel can show (SA22-7832 ch. 16, "Function
	 * Control", "Activity Control", "Status Control"): clear is
	 * indicated alone; without a function there is no activity and at
	 * most unsolicited (alert) status; a deferred condition code is
	 * stored only with status pending.
	 */
	if ((sch->fc & VSCH_FC_CLEAR) && sch->fc != VSCH_FC_CLEAR)
		return -EINVAL;
	if (!sch->fc && (sch->ac ||
			 (sch->sc & ~(VSCH_SC_ALERT | VSCH_SC_PENDING))))
		return -EINVAL;
	if (sch->dcc && !(sch->sc & VSCH_SC_PENDING))
		return -EINVAL;
	if (state->sense_len > sizeof(state->sense) ||
	    !vsch_zero(state->sense + state->sense_len,
		       sizeof(state->sense) - state->sense_len))
		return -EINVAL;
	sch->sense_len = state->sense_len;
	memcpy(sch->sense, state->sense, sizeof(sch->sense));
	return 0;
}

/**
 * vsch_sch_restore() - recreate a subchannel from its save image
 * @css: the image to plug it into
 * @state: the image taken by vsch_sch_save()
 * @priv: the device side's pointer for the new subchannel
 * @schp: set to the subchannel, with a reference for the caller
 *
 * No channel report is queued.  If the saved subchannel was status
 * pending, the raise op is called, so that the restored subchannel again
 * has exactly one outstanding request.  Process context.
 *
 * Return: 0; -EINVAL for an unknown version, a wrong size, unknown flags,
 * non-zero reserved fields or an inconsistent image; -EEXIST; -ENOMEM.
 */
int vsch_sch_restore(struct vsch_css *css,
		     const struct vsch_sch_state *state, void *priv,
		     struct vsch_sch **schp)
{
	u32 sid = be32_to_cpu(state->sid);
	struct vsch_sch *sch;
	unsigned long flags;
	u8 sc;
	int ret;

	if (be32_to_cpu(state->version) != VSCH_STATE_VERSION ||
	    be32_to_cpu(state->size) != sizeof(*state) ||
	    be32_to_cpu(state->flags) & ~VSCH_STATE_F_VALID_MASK ||
	    !vsch_zero(state->reserved0, sizeof(state->reserved0)) ||
	    !vsch_zero(state->reserved, sizeof(state->reserved)))
		return -EINVAL;
	if (!vsch_sid_valid(sid) || !(sid & VSCH_SID_M) ||
	    (sid >> VSCH_SID_CSSID_SHIFT) != css->cssid)
		return -EINVAL;
	sch = vsch_sch_alloc(css, (sid & VSCH_SID_SSID_MASK) >>
			     VSCH_SID_SSID_SHIFT, sid & VSCH_SID_SCHNO_MASK,
			     priv);
	if (!sch)
		return -ENOMEM;
	ret = vsch_sch_load(sch, state);
	if (ret)
		goto free;
	sc = sch->sc;
	sch->sc = 0;

	spin_lock_irqsave(&css->lock, flags);
	ret = vsch_sch_insert(sch, 0);
	if (!ret && sc)
		vsch_make_pending(sch, sc);
	spin_unlock_irqrestore(&css->lock, flags);
	if (ret)
		goto free;
	*schp = sch;
	return 0;
free:
	kfree(sch);
	return ret;
}
EXPORT_SYMBOL_GPL(vsch_sch_restore);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vsch: architecture-exact model of virtual subchannels");

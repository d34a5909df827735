// SPDX-License-Identifier: GPL-2.0
/*
 * vsch core: the channel-report queue and STORE CHANNEL REPORT WORD
 * (SA22-7832 chapter 17, "Channel-Subsystem Recovery" / "Channel Report").
 */

#include <linux/export.h>
#include <linux/lockdep.h>
#include <linux/string.h>

#include "core.h"

/* Bits a reporter may set: all but R and the reserved bits 0 and 9. */
#define CRW_RESERVED	0x80400000u

static bool vsch_crw_chain_valid(const u32 *crw, unsigned int n)
{
	unsigned int i;

	if (!n || n > VSCH_CRW_QUEUE_MAX)
		return false;
	for (i = 0; i < n; i++) {
		if (crw[i] & (CRW_RESERVED | VSCH_CRW_R))
			return false;
		/* C is set in every CRW of a chain but the last. */
		if (!(crw[i] & VSCH_CRW_C) != (i == n - 1))
			return false;
	}
	return true;
}

/**
 * vsch_crw_queue_locked() - queue one chain of channel-report words
 * @css: the image
 * @crw: the CRWs, C set in all but the last
 * @n: number of CRWs
 *
 * A chain is queued whole or not at all.  If it does not fit, it is lost
 * and the next CRW the program stores gets R (PoP 17 "Channel-Report
 * Word": overflow).  If the program last found the queue empty, the
 * crw_pending op is called (PoP 17 "Channel-Report Pending").  Caller
 * holds the css lock.
 *
 * Return: 0; -EINVAL for a malformed chain or one longer than the queue;
 * -ENOSPC if it was lost.
 */
int vsch_crw_queue_locked(struct vsch_css *css, const u32 *crw,
			  unsigned int n)
{
	unsigned int i;

	lockdep_assert_held(&css->lock);
	/* A chain longer than the queue could never be stored: refused. */
	if (!vsch_crw_chain_valid(crw, n) || n > css->crw_max)
		return -EINVAL;
	if (css->crw_count + n > css->crw_max) {
		css->crw_lost = true;
		return -ENOSPC;
	}
	for (i = 0; i < n; i++)
		css->crw[(css->crw_head + css->crw_count++) % css->crw_max] =
			crw[i];
	if (css->crw_armed) {
		css->crw_armed = false;
		if (css->ops && css->ops->crw_pending)
			css->ops->crw_pending(css->ctx);
	}
	return 0;
}

/**
 * vsch_crw_queue() - queue one chain of channel-report words
 * @css: the image
 * @crw: the CRWs in CPU order, C set in all but the last, R clear
 * @n: number of CRWs, 1..%VSCH_CRW_QUEUE_MAX
 *
 * See vsch_crw_queue_locked().  Any context except an @ops callback.
 *
 * Return: 0; -EINVAL for a malformed chain or one longer than the queue;
 * -ENOSPC if it was lost.
 */
int vsch_crw_queue(struct vsch_css *css, const u32 *crw, unsigned int n)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&css->lock, flags);
	ret = vsch_crw_queue_locked(css, crw, n);
	spin_unlock_irqrestore(&css->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(vsch_crw_queue);

/**
 * vsch_crw_sch() - report that a subchannel was installed or removed
 * @sch: the subchannel
 *
 * RSC subchannel, ERC "installed parameters initialized", RSID the
 * subchannel number; with %VSCH_CSS_F_CHAIN_CRW a chained second CRW
 * carries CSSID and SSID (PoP 17 "Channel-Report Word").  A lost report
 * only sets the overflow indication.  Caller holds the css lock.
 */
void vsch_crw_sch(struct vsch_sch *sch)
{
	struct vsch_css *css = sch->css;
	u32 crw[2];
	u32 base = VSCH_CRW_RSC_SCH << VSCH_CRW_RSC_SHIFT |
		   VSCH_CRW_ERC_IPI << VSCH_CRW_ERC_SHIFT;

	lockdep_assert_held(&css->lock);
	if (css->flags & VSCH_CSS_F_CHAIN_CRW) {
		crw[0] = base | VSCH_CRW_C | sch->schno;
		crw[1] = base | (u32)css->cssid << 8 | (u32)sch->ssid << 4;
		vsch_crw_queue_locked(css, crw, 2);
	} else {
		crw[0] = base | sch->schno;
		vsch_crw_queue_locked(css, crw, 1);
	}
}

/**
 * vsch_stcrw() - STORE CHANNEL REPORT WORD (PoP 14)
 * @css: the image
 * @crw: where the CRW is built, big-endian; the caller stores it (it
 *	checks alignment and access first)
 *
 * cc 0: the oldest CRW is removed and stored, with R if CRWs were lost
 * since the last one was stored.  cc 1: the queue is empty, zeros are
 * stored, and the next queued CRW calls crw_pending again.  Any context
 * except an @ops callback.
 *
 * Return: {cc}; STCRW has no operand the model could reject.
 */
struct vsch_res vsch_stcrw(struct vsch_css *css, __be32 *crw)
{
	struct vsch_res res = {};
	unsigned long flags;
	u32 word = 0;

	spin_lock_irqsave(&css->lock, flags);
	if (!css->crw_count) {
		css->crw_armed = true;
		res.cc = 1;
	} else {
		word = css->crw[css->crw_head];
		css->crw[css->crw_head] = 0;
		css->crw_head = (css->crw_head + 1) % css->crw_max;
		css->crw_count--;
		if (css->crw_lost) {
			word |= VSCH_CRW_R;
			css->crw_lost = false;
		}
	}
	spin_unlock_irqrestore(&css->lock, flags);
	*crw = cpu_to_be32(word);
	return res;
}
EXPORT_SYMBOL_GPL(vsch_stcrw);

/**
 * vsch_crw_save() - take the save image of the CRW queue
 * @css: the image
 * @state: filled in; reserved fields and unused entries are zeroed
 *
 * Any context except an @ops callback.
 *
 * Return: 0.
 */
int vsch_crw_save(struct vsch_css *css, struct vsch_crw_state *state)
{
	unsigned long flags;
	unsigned int i;
	u32 f = 0;

	memset(state, 0, sizeof(*state));
	state->version = cpu_to_be32(VSCH_STATE_VERSION);
	state->size = cpu_to_be32(sizeof(*state));
	spin_lock_irqsave(&css->lock, flags);
	state->count = cpu_to_be32(css->crw_count);
	for (i = 0; i < css->crw_count; i++)
		state->crw[i] = cpu_to_be32(css->crw[(css->crw_head + i) %
						     css->crw_max]);
	if (css->crw_lost)
		f |= VSCH_CRW_STATE_F_LOST;
	if (css->crw_armed)
		f |= VSCH_CRW_STATE_F_ARMED;
	spin_unlock_irqrestore(&css->lock, flags);
	state->flags = cpu_to_be32(f);
	return 0;
}
EXPORT_SYMBOL_GPL(vsch_crw_save);

/**
 * vsch_crw_restore() - replace the CRW queue with a saved image
 * @css: the image
 * @state: taken by vsch_crw_save()
 *
 * If the image is armed and not empty, crw_pending is called (and the
 * queue disarmed).  Any context except an @ops callback.
 *
 * Return: 0; -EINVAL for an unknown version, a wrong size, unknown flags,
 * non-zero reserved fields or unused entries, R or reserved bits in a CRW,
 * or more CRWs than the queue holds.
 */
int vsch_crw_restore(struct vsch_css *css, const struct vsch_crw_state *state)
{
	u32 count = be32_to_cpu(state->count);
	u32 f = be32_to_cpu(state->flags);
	unsigned long flags;
	unsigned int i;

	if (be32_to_cpu(state->version) != VSCH_STATE_VERSION ||
	    be32_to_cpu(state->size) != sizeof(*state) ||
	    (f & ~VSCH_CRW_STATE_F_VALID_MASK) ||
	    memchr_inv(state->reserved, 0, sizeof(state->reserved)) ||
	    count > css->crw_max)
		return -EINVAL;
	for (i = 0; i < VSCH_CRW_QUEUE_MAX; i++) {
		u32 w = be32_to_cpu(state->crw[i]);

		if (i >= count ? w != 0 : w & (CRW_RESERVED | VSCH_CRW_R))
			return -EINVAL;
	}

	spin_lock_irqsave(&css->lock, flags);
	memset(css->crw, 0, sizeof(css->crw));
	for (i = 0; i < count; i++)
		css->crw[i] = be32_to_cpu(state->crw[i]);
	css->crw_head = 0;
	css->crw_count = count;
	css->crw_lost = f & VSCH_CRW_STATE_F_LOST;
	css->crw_armed = f & VSCH_CRW_STATE_F_ARMED;
	if (count && css->crw_armed) {
		css->crw_armed = false;
		if (css->ops && css->ops->crw_pending)
			css->ops->crw_pending(css->ctx);
	}
	spin_unlock_irqrestore(&css->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(vsch_crw_restore);

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsch core: private state of the virtual subchannel model.
 *
 * Field layouts follow SA22-7832 (PoP): PMCW in chapter 15, SCSW, ESW and
 * ECW in chapter 16, CRW in chapter 17.  Bit numbers in comments are PoP
 * bit numbers (bit 0 is the leftmost bit of a word).
 */
#ifndef _VSCH_CORE_H
#define _VSCH_CORE_H

#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/spinlock.h>
#include <linux/vsch.h>

/* PMCW word 1 (PoP 15 "Path-Management-Control Word"). */
#define PMCW1_RESERVED		0xc3000000u	/* bits 0-1, 6-7 */
#define PMCW1_IGNORED		0x04000000u	/* bit 5: MSCH ignores it */
#define PMCW1_ISC_SHIFT		27		/* bits 2-4 */
#define PMCW1_ISC_MASK		0x38000000u
#define PMCW1_E			0x00800000u	/* bit 8 */
#define PMCW1_LM_MASK		0x00600000u	/* bits 9-10 */
#define PMCW1_MM_MASK		0x00180000u	/* bits 11-12 */
#define PMCW1_D			0x00040000u	/* bit 13 */
#define PMCW1_T			0x00020000u	/* bit 14 */
#define PMCW1_V			0x00010000u	/* bit 15 */
#define PMCW1_DEVNO_MASK	0x0000ffffu
/* Bits of word 1 that MSCH sets from the SCHIB. */
#define PMCW1_MSCH_MASK		(PMCW1_ISC_MASK | PMCW1_E | PMCW1_LM_MASK | \
				 PMCW1_MM_MASK | PMCW1_D)
/* PMCW word 6. */
#define PMCW6_RESERVED		0xff1ffff8u	/* bits 0-7, 11-28 */
#define PMCW6_ST_SHIFT		21		/* bits 8-10 */
#define PMCW6_F			0x00000004u	/* bit 29 */
#define PMCW6_X			0x00000002u	/* bit 30 */
#define PMCW6_S			0x00000001u	/* bit 31 */

/* SCSW word 0 (PoP 16 "Subchannel-Status Word"). */
#define SCSW0_KEY_MASK		0xf0000000u
#define SCSW0_S			0x08000000u
#define SCSW0_L			0x04000000u
#define SCSW0_CC_SHIFT		24
#define SCSW0_CC_MASK		0x03000000u
#define SCSW0_F			0x00800000u
#define SCSW0_P			0x00400000u
#define SCSW0_I			0x00200000u
#define SCSW0_A			0x00100000u
#define SCSW0_U			0x00080000u
#define SCSW0_Z			0x00040000u
#define SCSW0_E			0x00020000u
#define SCSW0_N			0x00010000u
#define SCSW0_RESERVED		0x00008000u	/* bit 16 */
#define SCSW0_FC_SHIFT		12
#define SCSW0_AC_SHIFT		5

/* ORB word 1 (PoP 15 "Operation-Request Block"). */
#define ORB1_KEY_MASK		0xf0000000u
#define ORB1_S			0x08000000u
#define ORB1_I			0x00200000u
#define ORB1_U			0x00080000u
#define ORB1_B			0x00040000u	/* bit 13: transport mode */
#define ORB1_LPM_SHIFT		8
#define ORB1_D			0x00000040u	/* bit 25: MIDAW facility */
#define ORB1_RESERVED		0x0000003eu	/* bits 26-30 */
#define ORB1_X			0x00000001u	/* bit 31 */
/* ORB word 1 bits that the SCSW reports (key, S, F, P, I, A, U). */
#define ORB1_SCSW_MASK		0xf8f80000u
#define ORB2_RESERVED		0x80000000u	/* CPA bit 0 */
#define ORB3_RESERVED		0x00ff00ffu	/* bits 8-15, 24-31 */

/* ERW in ESW word 1 (PoP 16 "Extended-Report Word"). */
#define ERW_C			0x01000000u	/* bit 7: concurrent sense */
#define ERW_SCNT_SHIFT		16		/* bits 10-15 */

#define VSCH_HASH_BITS		8

/**
 * struct vsch_css - one channel-subsystem image
 * @lock: protects every field below marked (L), the state of all
 *	subchannels in @schs, and @schs itself
 * @ref: references: the creator's and one per subchannel
 * @cssid: channel-subsystem ID; immutable
 * @flags: %VSCH_CSS_F_* (L)
 * @ops: interruption callbacks; immutable
 * @ctx: argument of @ops; immutable
 * @schs: plugged subchannels, hashed by SSID and number (L)
 * @crw_max: queue depth; immutable
 * @crw_head: index of the oldest queued CRW (L)
 * @crw_count: number of queued CRWs (L)
 * @crw_lost: CRWs were lost; the next CRW stored gets R (L)
 * @crw_armed: the next queued CRW calls @ops->crw_pending (L)
 * @crw: the ring of queued CRWs (L)
 */
struct vsch_css {
	spinlock_t lock;	/* the state of the image, see kernel-doc */
	struct kref ref;
	u8 cssid;
	u8 flags;
	const struct vsch_irq_ops *ops;
	void *ctx;
	DECLARE_HASHTABLE(schs, VSCH_HASH_BITS);
	unsigned int crw_max;
	unsigned int crw_head;
	unsigned int crw_count;
	bool crw_lost;
	bool crw_armed;
	u32 crw[VSCH_CRW_QUEUE_MAX];
};

/**
 * struct vsch_sch - one virtual subchannel
 * @node: link in the css hash table (L)
 * @ref: references: the css table's while plugged, and the holders'
 * @css: the image this subchannel belongs to; immutable
 * @ssid: subchannel-set ID; immutable
 * @schno: subchannel number; immutable
 * @priv: the device side's pointer; immutable
 * @plugged: still reachable by the program (L)
 * @raised: an interruption request is outstanding (L)
 * @pmcw: PMCW words 0-6 in CPU order (L)
 * @mba: measurement-block address (L)
 * @orb1: word 1 of the ORB of the current start function (L)
 * @fc: SCSW function control (L)
 * @ac: SCSW activity control (L)
 * @sc: SCSW status control (L)
 * @dcc: deferred condition code (L)
 * @zcc: SCSW Z bit (L)
 * @cpa: SCSW CCW address (L)
 * @dstat: device status (L)
 * @cstat: subchannel status (L)
 * @count: residual count (L)
 * @sense_len: valid bytes of @sense (L)
 * @sense: concurrent-sense data for the ECW (L)
 *
 * (L) fields are protected by @css->lock.
 */
struct vsch_sch {
	struct hlist_node node;
	struct kref ref;
	struct vsch_css *css;
	u8 ssid;
	u16 schno;
	void *priv;
	bool plugged;
	bool raised;
	u32 pmcw[7];
	u64 mba;
	u32 orb1;
	u8 fc;
	u8 ac;
	u8 sc;
	u8 dcc;
	bool zcc;
	u32 cpa;
	u8 dstat;
	u8 cstat;
	u16 count;
	u8 sense_len;
	u8 sense[32];
};

/* core.c */
struct vsch_sch *vsch_lookup(struct vsch_css *css, u32 sid);
void vsch_make_pending(struct vsch_sch *sch, u8 sc);
void vsch_clear_pending(struct vsch_sch *sch);
void vsch_build_scsw(const struct vsch_sch *sch, __be32 *scsw);
void vsch_build_schib(const struct vsch_sch *sch, struct vsch_schib *schib);
int vsch_check_schib(const struct vsch_schib *schib);

/* crw.c */
int vsch_crw_queue_locked(struct vsch_css *css, const u32 *crw,
			  unsigned int n);
void vsch_crw_sch(struct vsch_sch *sch);

static inline bool vsch_sch_enabled(const struct vsch_sch *sch)
{
	return sch->pmcw[1] & PMCW1_E;
}

static inline u8 vsch_sch_isc(const struct vsch_sch *sch)
{
	return (sch->pmcw[1] & PMCW1_ISC_MASK) >> PMCW1_ISC_SHIFT;
}

#endif /* _VSCH_CORE_H */

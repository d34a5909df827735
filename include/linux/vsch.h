/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsch core: an architecture-exact model of virtual subchannels.
 *
 * In-kernel API of vsch_core.ko.  The model follows the z/Architecture
 * Principles of Operation, SA22-7832 ("PoP"): chapter 13 (I/O overview),
 * 14 (I/O instructions), 15 (basic I/O functions), 16 (I/O interruptions)
 * and 17 (I/O support functions, channel reports).  It does not depend on
 * KVM or on the host's common I/O layer; see
 * Documentation/virt/kvm/s390/vsch-model.rst.
 *
 * Locking: each &struct vsch_css has one spinlock that protects the state
 * of all its subchannels and its channel-report queue.  Every function
 * below takes it itself (irq-safe), so all of them may be called from any
 * context, including hard interrupt context, unless the kernel-doc says
 * otherwise.  The &struct vsch_irq_ops callbacks run with that lock held.
 */
#ifndef _LINUX_VSCH_H
#define _LINUX_VSCH_H

#include <linux/types.h>

struct vsch_css;
struct vsch_sch;

/*
 * Program-interruption codes (PoP chapter 6, "Program-Interruption
 * Conditions") that the I/O instructions of chapter 14 can recognise from
 * their operands.  Access exceptions and the privileged-operation
 * exception concern guest storage and the PSW: the caller checks them.
 */
#define VSCH_PGM_SPECIFICATION	0x0006
#define VSCH_PGM_OPERAND	0x0015

/*
 * Subsystem-identification word (general register 1, bits 32-63, PoP 14
 * "Operand Addressing" of the I/O instructions): bits 0-7 CSSID, 8-11
 * zero, 12 M, 13-14 SSID, 15 one, 16-31 subchannel number.
 */
#define VSCH_SID_CSSID_SHIFT	24
#define VSCH_SID_CSSID_MASK	0xff000000u
#define VSCH_SID_RESERVED	0x00f00000u
#define VSCH_SID_M		0x00080000u
#define VSCH_SID_SSID_SHIFT	17
#define VSCH_SID_SSID_MASK	0x00060000u
#define VSCH_SID_ONE		0x00010000u
#define VSCH_SID_SCHNO_MASK	0x0000ffffu

/* SCSW function control (PoP 16 "Function Control", word 0 bits 17-19). */
#define VSCH_FC_START		0x4
#define VSCH_FC_HALT		0x2
#define VSCH_FC_CLEAR		0x1
/* SCSW activity control (PoP 16 "Activity Control", bits 20-26). */
#define VSCH_AC_RESUME_PEND	0x40
#define VSCH_AC_START_PEND	0x20
#define VSCH_AC_HALT_PEND	0x10
#define VSCH_AC_CLEAR_PEND	0x08
#define VSCH_AC_SCH_ACTIVE	0x04
#define VSCH_AC_DEV_ACTIVE	0x02
#define VSCH_AC_SUSPENDED	0x01
/* SCSW status control (PoP 16 "Status Control", bits 27-31). */
#define VSCH_SC_ALERT		0x10
#define VSCH_SC_INTERMEDIATE	0x08
#define VSCH_SC_PRIMARY		0x04
#define VSCH_SC_SECONDARY	0x02
#define VSCH_SC_PENDING		0x01

/* Device status (PoP 16 "Device Status"). */
#define VSCH_DEV_ATTENTION	0x80
#define VSCH_DEV_STATUS_MOD	0x40
#define VSCH_DEV_CU_END		0x20
#define VSCH_DEV_BUSY		0x10
#define VSCH_DEV_CHAN_END	0x08
#define VSCH_DEV_DEV_END	0x04
#define VSCH_DEV_UNIT_CHECK	0x02
#define VSCH_DEV_UNIT_EXC	0x01

/* Subchannel status (PoP 16 "Subchannel Status"). */
#define VSCH_SCH_PCI		0x80
#define VSCH_SCH_INCORR_LEN	0x40
#define VSCH_SCH_PROG_CHECK	0x20
#define VSCH_SCH_PROT_CHECK	0x10
#define VSCH_SCH_CDATA_CHECK	0x08
#define VSCH_SCH_CCTL_CHECK	0x04
#define VSCH_SCH_ICTL_CHECK	0x02
#define VSCH_SCH_CHAIN_CHECK	0x01

/* Channel-report word (PoP 17 "Channel-Report Word"). */
#define VSCH_CRW_S		0x40000000u
#define VSCH_CRW_R		0x20000000u
#define VSCH_CRW_C		0x10000000u
#define VSCH_CRW_RSC_SHIFT	24
#define VSCH_CRW_A		0x00800000u
#define VSCH_CRW_ERC_SHIFT	16
#define VSCH_CRW_RSC_SCH	0x3
#define VSCH_CRW_RSC_CHP	0x4
#define VSCH_CRW_ERC_IPI	0x4

/* Maximum depth of a channel-report queue. */
#define VSCH_CRW_QUEUE_MAX	64

/**
 * struct vsch_res - outcome of an I/O instruction
 * @cc: condition code 0-3 to set in the PSW; meaningful only if @pgm is 0
 * @fn: the function the instruction initiated (%VSCH_FN_*), or 0; the
 *	caller hands it to the device side after the call returns
 * @pgm: program-interruption code (%VSCH_PGM_*) to present instead of
 *	completing the instruction, or 0
 *
 * An instruction either completes with a condition code or is suppressed
 * with a program exception; never both.
 */
struct vsch_res {
	u8 cc;
	u8 fn;
	u16 pgm;
};

/* Functions reported in &struct vsch_res.fn. */
#define VSCH_FN_START		1
#define VSCH_FN_HALT		2
#define VSCH_FN_CLEAR		3
#define VSCH_FN_RESUME		4
#define VSCH_FN_CANCEL		5

/**
 * struct vsch_orb - operation-request block, as the guest stores it
 * @w: the eight big-endian words of the ORB (PoP 15 "Operation-Request
 *	Block", command mode).  Word 0 interruption parameter; word 1 key,
 *	S, C, M, Y, F, P, I, A, U, B, H, T, LPM, L, D, X; word 2 channel
 *	program address; words 3-7 the ORB extension, examined only when
 *	X is one.
 */
struct vsch_orb {
	__be32 w[8];
};

/**
 * struct vsch_schib - subchannel-information block, as stored by STSCH
 * @pmcw: path-management-control word, words 0-6 (PoP 15 "Path-
 *	Management-Control Word")
 * @scsw: subchannel-status word, words 7-9 (PoP 16 "Subchannel-Status
 *	Word")
 * @mda: model-dependent area, words 10-12; words 10-11 hold the
 *	measurement-block address when measurement-block format control is
 *	one
 */
struct vsch_schib {
	__be32 pmcw[7];
	__be32 scsw[3];
	__be32 mda[3];
};

/**
 * struct vsch_irb - interruption-response block, as stored by TSCH
 * @scsw: subchannel-status word (PoP 16 "Subchannel-Status Word")
 * @esw: extended-status word (PoP 16 "Extended-Status Word")
 * @ecw: extended-control word, concurrent sense data (PoP 16
 *	"Extended-Control Word")
 * @emw: extended-measurement word (PoP 16); always zero here
 */
struct vsch_irb {
	__be32 scsw[3];
	__be32 esw[5];
	__be32 ecw[8];
	__be32 emw[8];
};

/**
 * struct vsch_irq_ops - how the core asks for interruptions
 * @raise: an I/O-interruption request for @sch is now pending (PoP 16
 *	"Interruption Conditions"): present it at @isc with interruption
 *	parameter @intparm.  Called only on the transition of @sch to
 *	status pending, so at most one request per subchannel is
 *	outstanding.
 * @withdraw: the request for @sch, if still queued, must be withdrawn
 *	(TSCH with cc 0, CSCH, unplug).  May be called with nothing
 *	outstanding; must then do nothing.
 * @crw_pending: a channel report became pending (PoP 17 "Channel-Report
 *	Pending"): present a channel-report-pending machine check.  Called
 *	on the first queued CRW after the program last found the queue
 *	empty with STCRW.
 *
 * All three are called with the css lock held, interrupts disabled: they
 * must not sleep and must not call back into the core.  @ctx is the
 * pointer passed to vsch_css_create().  Any op may be NULL.
 */
struct vsch_irq_ops {
	void (*raise)(void *ctx, struct vsch_sch *sch, u32 intparm, u8 isc);
	void (*withdraw)(void *ctx, struct vsch_sch *sch);
	void (*crw_pending)(void *ctx);
};

/**
 * struct vsch_css_params - properties of a channel-subsystem image
 * @cssid: channel-subsystem ID of the image; programs without MCSS-E
 *	address it with M = 0 and CSSID 0
 * @flags: %VSCH_CSS_F_* flags
 * @crw_max: depth of the channel-report queue, 2..%VSCH_CRW_QUEUE_MAX
 *	(room for a chained pair); 0 means %VSCH_CRW_QUEUE_MAX
 * @ops: interruption callbacks, may be NULL
 * @ctx: passed to every @ops callback
 */
struct vsch_css_params {
	u8 cssid;
	u8 flags;
	u16 crw_max;
	const struct vsch_irq_ops *ops;
	void *ctx;
};

/* Report subchannel CRWs as a chained pair (MSS or MCSS-E enabled). */
#define VSCH_CSS_F_CHAIN_CRW	0x01
/* The program enabled MCSS-E: vsch_sch_sid() reports M = 1 and the CSSID. */
#define VSCH_CSS_F_MCSSE	0x02
#define VSCH_CSS_F_MASK		0x03

/**
 * struct vsch_sch_desc - a virtual subchannel to create
 * @ssid: subchannel-set ID, 0-3
 * @schno: subchannel number
 * @devno: device number; the subchannel is created with DNV one
 * @pim: path-installed mask; 0 means 0x80 (one path)
 * @chpid: channel-path IDs for the installed paths
 * @st: subchannel type (PMCW word 6 bits 8-10), 0 for I/O
 * @priv: returned by vsch_sch_priv(), for the device side
 */
struct vsch_sch_desc {
	u8 ssid;
	u16 schno;
	u16 devno;
	u8 pim;
	u8 chpid[8];
	u8 st;
	void *priv;
};

/* Flags of vsch_sch_create() and vsch_sch_remove(). */
#define VSCH_PLUG_CRW		0x01	/* hot (un)plug: queue the CRWs */

/**
 * struct vsch_status - status a device presents at the end of a function
 * @dstat: device status (%VSCH_DEV_*)
 * @cstat: subchannel status (%VSCH_SCH_*)
 * @count: residual byte count of the last CCW
 * @cpa: CCW address: the last executed CCW + 8
 * @cc: deferred condition code 0, 1 or 3 (PoP 16 "Deferred Condition
 *	Code"); 1 and 3 report that the start function could not be
 *	initiated at the device; @dstat/@cstat then carry busy status or
 *	are ignored respectively
 * @sense_len: number of valid bytes in @sense (0-32); with unit check and
 *	concurrent sense enabled they are stored in the ECW by TSCH
 * @sense: sense data
 */
struct vsch_status {
	u8 dstat;
	u8 cstat;
	u16 count;
	u32 cpa;
	u8 cc;
	u8 sense_len;
	u8 sense[32];
};

/**
 * struct vsch_sch_state - save/restore image of one subchannel (version 1)
 * @version: %VSCH_STATE_VERSION
 * @size: sizeof(struct vsch_sch_state)
 * @sid: subsystem-identification word of the subchannel in the full
 *	form: M one and the image's CSSID, whether or not the program
 *	enabled MCSS-E (vsch_sch_sid() reports M zero until it does); restore
 *	accepts only this form, for the image's own CSSID
 * @flags: %VSCH_STATE_F_* flags
 * @schib: PMCW, SCSW and measurement-block address as STSCH would store
 *	them, except that internal SCSW fields (the ORB's S, U, I bits) are
 *	kept in @orb1
 * @orb1: word 1 of the ORB of the current start function
 * @sense_len: valid bytes in @sense
 * @reserved0: must be zero
 * @sense: pending concurrent-sense data
 * @reserved: must be zero
 *
 * A fixed, host-independent layout: all fields are stored big-endian or
 * as single bytes.  vsch_sch_restore() rejects a version it does not know,
 * a wrong @size, unknown @flags and non-zero reserved fields.
 */
struct vsch_sch_state {
	__be32 version;
	__be32 size;
	__be32 sid;
	__be32 flags;
	struct vsch_schib schib;
	__be32 orb1;
	u8 sense_len;
	u8 reserved0[3];
	u8 sense[32];
	__be32 reserved[8];
};

/**
 * struct vsch_crw_state - save/restore image of a CRW queue (version 1)
 * @version: %VSCH_STATE_VERSION
 * @size: sizeof(struct vsch_crw_state)
 * @count: number of valid entries in @crw, at most %VSCH_CRW_QUEUE_MAX
 * @flags: %VSCH_CRW_STATE_F_* flags
 * @reserved: must be zero
 * @crw: queued channel-report words, oldest first; entries past @count
 *	must be zero
 */
struct vsch_crw_state {
	__be32 version;
	__be32 size;
	__be32 count;
	__be32 flags;
	__be32 reserved[4];
	__be32 crw[VSCH_CRW_QUEUE_MAX];
};

#define VSCH_STATE_VERSION		1
/* Subchannel state flags. */
#define VSCH_STATE_F_VALID_MASK		0
/* CRW queue state flags: CRWs were lost; the next stored CRW gets R. */
#define VSCH_CRW_STATE_F_LOST		0x1
/* CRW queue state flags: the next queued CRW raises crw_pending. */
#define VSCH_CRW_STATE_F_ARMED		0x2
#define VSCH_CRW_STATE_F_VALID_MASK	0x3

/* SID word helpers (PoP 14, "Operand Addressing"). */
bool vsch_sid_valid(u32 sid);
u32 vsch_sid_make(u8 cssid, bool m, u8 ssid, u16 schno);

/* Channel-subsystem images. */
struct vsch_css *vsch_css_create(const struct vsch_css_params *params);
void vsch_css_destroy(struct vsch_css *css);
int vsch_css_set_flags(struct vsch_css *css, u8 flags);

/* Subchannel lifetime. */
struct vsch_sch *vsch_sch_create(struct vsch_css *css,
				 const struct vsch_sch_desc *desc,
				 unsigned int flags);
void vsch_sch_remove(struct vsch_sch *sch, unsigned int flags);
struct vsch_sch *vsch_sch_find(struct vsch_css *css, u32 sid);
void vsch_sch_put(struct vsch_sch *sch);
u32 vsch_sch_sid(const struct vsch_sch *sch);
void *vsch_sch_priv(const struct vsch_sch *sch);

/* I/O instructions (PoP chapter 14). */
struct vsch_res vsch_ssch(struct vsch_css *css, u32 sid,
			  const struct vsch_orb *orb);
struct vsch_res vsch_rsch(struct vsch_css *css, u32 sid);
struct vsch_res vsch_hsch(struct vsch_css *css, u32 sid);
struct vsch_res vsch_csch(struct vsch_css *css, u32 sid);
struct vsch_res vsch_xsch(struct vsch_css *css, u32 sid);
struct vsch_res vsch_msch(struct vsch_css *css, u32 sid,
			  const struct vsch_schib *schib);
struct vsch_res vsch_stsch(struct vsch_css *css, u32 sid,
			   struct vsch_schib *schib);
struct vsch_res vsch_tsch(struct vsch_css *css, u32 sid,
			  struct vsch_irb *irb);
struct vsch_res vsch_stcrw(struct vsch_css *css, __be32 *crw);

/* Device side (PoP chapter 15 functions as the channel/device sees them). */
int vsch_dev_begin(struct vsch_sch *sch);
int vsch_dev_complete_start(struct vsch_sch *sch,
			    const struct vsch_status *st);
int vsch_dev_intermediate(struct vsch_sch *sch, u32 cpa);
int vsch_dev_suspend(struct vsch_sch *sch, u32 cpa);
int vsch_dev_complete_halt(struct vsch_sch *sch, u8 dstat);
int vsch_dev_complete_clear(struct vsch_sch *sch);
int vsch_dev_unsolicited(struct vsch_sch *sch, u8 dstat);

/* Channel reports (PoP 17). */
int vsch_crw_queue(struct vsch_css *css, const u32 *crw, unsigned int n);

/* Save and restore. */
int vsch_sch_save(struct vsch_sch *sch, struct vsch_sch_state *state);
int vsch_sch_restore(struct vsch_css *css,
		     const struct vsch_sch_state *state, void *priv,
		     struct vsch_sch **schp);
int vsch_crw_save(struct vsch_css *css, struct vsch_crw_state *state);
int vsch_crw_restore(struct vsch_css *css,
		     const struct vsch_crw_state *state);

#endif /* _LINUX_VSCH_H */

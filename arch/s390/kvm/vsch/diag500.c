// SPDX-License-Identifier: GPL-2.0
/*
 * DIAGNOSE 0x500 (KVM virtio hypercall) decoding.
 *
 * The register conventions come from Documentation/virt/kvm/s390/s390-diag.rst
 * and from the virtio specification, section "Guest->Host Notification" of
 * the CCW transport.  The subchannel-identification word is checked as the
 * Principles of Operation (SA22-7832, chapter 14, "Subsystem-Identification
 * Word") describes it for the I/O instructions.
 *
 * This file has no KVM dependency: it turns the four guest registers into a
 * decision, and leaves acting on it to the caller.
 */

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <linux/vsch.h>

#include "glue.h"

/**
 * vsch_diag500_sid_valid() - check a subchannel-identification word
 * @sid_word: bits 32-63 of the register that carries the SID
 *
 * Bit 15 must be one, and without the M bit (multiple channel subsystems
 * not enabled) the cssid field must be zero.  These are the conditions for
 * which the I/O instructions recognise an operand exception (SA22-7832,
 * chapter 14, "Operand Addressing"), checked by the core's vsch_sid_valid().
 * Bits 8-11 are not checked: DIAGNOSE 0x500 is not an I/O instruction, and
 * QEMU, which answers the notify without vsch, ignores them too.
 *
 * Return: true if @sid_word may designate a subchannel.
 */
bool vsch_diag500_sid_valid(u32 sid_word)
{
	return vsch_sid_valid(sid_word & ~VSCH_SID_RESERVED);
}
EXPORT_SYMBOL_GPL(vsch_diag500_sid_valid);

static enum vsch_diag500_action decode_ccw_notify(u64 gpr2, u64 gpr3, u64 gpr4,
						  struct vsch_diag500 *d)
{
	/* The device ignores bits 0-31 of GPR2 (virtio spec, CCW notify). */
	d->sid_word = lower_32_bits(gpr2);
	d->data = gpr3;
	d->vq = gpr3 & 0xffff;
	d->cookie = (s64)gpr4;
	/*
	 * With VIRTIO_F_NOTIFICATION_DATA, bits 32-47 of GPR3 carry the next
	 * available index (and wrap counter): bits 48-63 stay the queue index.
	 * A value beyond 32 bits is neither form.
	 */
	d->has_data = (gpr3 >> 16) != 0;

	if (!vsch_diag500_sid_valid(d->sid_word) || upper_32_bits(gpr3)) {
		/* What the VMM (QEMU) answers: -EINVAL in GPR2, cc unchanged. */
		d->ret = -EINVAL;
		d->action = VSCH_DIAG500_COMPLETE;
		return d->action;
	}
	d->action = VSCH_DIAG500_NOTIFY;
	return d->action;
}

/**
 * vsch_diag500_decode() - decode a DIAGNOSE 0x500 hypercall
 * @gpr1: general register 1, the subcode
 * @gpr2: general register 2 (SID word for subcode 3, an address for 0-2)
 * @gpr3: general register 3 (queue index or notification data)
 * @gpr4: general register 4 (the host cookie from the previous call)
 * @d: result, fully written on return
 *
 * Subcode 3 (virtio-ccw notify) is decoded into @d->sid_word, @d->vq,
 * @d->data and @d->cookie.  An invalid SID word or a GPR3 value wider than
 * 32 bits gives %VSCH_DIAG500_COMPLETE with @d->ret = -EINVAL, the value a
 * VMM stores into GPR2; the guest then marks the queue broken.
 *
 * Subcodes 0-2 belong to the retired s390-virtio transport (notify, reset,
 * set status; the address is in @d->addr) and are marked
 * %VSCH_DIAG500_FORWARD: KVM exits to userspace for them and so must we.
 * Every other subcode is also forwarded, as KVM does (-EOPNOTSUPP); the
 * architected answer a VMM gives for it is a specification exception,
 * reported in @d->pgm_code for callers that have no VMM to forward to.
 *
 * Return: the action, also stored in @d->action.
 */
enum vsch_diag500_action vsch_diag500_decode(u64 gpr1, u64 gpr2, u64 gpr3,
					     u64 gpr4, struct vsch_diag500 *d)
{
	memset(d, 0, sizeof(*d));
	d->subcode = gpr1;

	switch (gpr1) {
	case VSCH_DIAG500_CCW_NOTIFY:
		return decode_ccw_notify(gpr2, gpr3, gpr4, d);
	case VSCH_DIAG500_S390_NOTIFY:
	case VSCH_DIAG500_S390_RESET:
	case VSCH_DIAG500_S390_SET_STATUS:
		d->addr = gpr2;
		d->legacy = true;
		d->action = VSCH_DIAG500_FORWARD;
		return d->action;
	default:
		d->pgm_code = VSCH_PGM_SPECIFICATION;
		d->action = VSCH_DIAG500_FORWARD;
		return d->action;
	}
}
EXPORT_SYMBOL_GPL(vsch_diag500_decode);

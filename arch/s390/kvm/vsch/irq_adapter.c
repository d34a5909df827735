// SPDX-License-Identifier: GPL-2.0
/*
 * Adapter (thin) interrupts through KVM irqfds.
 *
 * The VMM registers the guest's adapter with the FLIC
 * (KVM_DEV_FLIC_ADAPTER_REGISTER), creates a KVM_IRQ_ROUTING_S390_ADAPTER
 * route that names the guest's indicator and summary bits, and binds an
 * eventfd to that route with KVM_IRQFD (Documentation/virt/kvm/api.rst,
 * Documentation/virt/kvm/devices/s390_flic.rst).  It then gives the same
 * eventfd to us.  Signalling it makes KVM set the indicator bit, set the
 * summary bit and, only if the summary bit was clear and the adapter is
 * not masked, make an adapter interruption pending; KVM does this from a
 * workqueue.  So all indicator handling stays with KVM and the guest: vsch
 * never touches guest storage, and an adapter interrupt cannot be
 * withdrawn (the guest owns the indicators).
 *
 * Without a bound eventfd the signal becomes a VSCH_EV_AIRQ record for the
 * VMM.
 */

#include <linux/eventfd.h>
#include <linux/export.h>
#include <linux/file.h>
#include <linux/lockdep.h>
#include <linux/printk.h>

#include "glue.h"

/**
 * vsch_airq_bind() - bind an adapter-route eventfd to a subchannel
 * @ctx: the context; caller holds @ctx->lock
 * @v: the subchannel
 * @fd: the eventfd
 *
 * Return: 0, -EBADF bad @fd, -EINVAL not an eventfd, -EEXIST one is bound.
 */
int vsch_airq_bind(struct vsch_ctx *ctx, struct vsch_vsch *v, int fd)
{
	struct eventfd_ctx *efd;

	lockdep_assert_held(&ctx->lock);
	if (v->airq)
		return -EEXIST;
	efd = eventfd_ctx_fdget(fd);
	if (IS_ERR(efd))
		return PTR_ERR(efd);
	spin_lock(&ctx->airq_lock);
	v->airq = efd;
	spin_unlock(&ctx->airq_lock);
	return 0;
}

/**
 * vsch_airq_unbind() - drop the adapter-route eventfd of a subchannel
 * @ctx: the context; caller holds @ctx->lock
 * @v: the subchannel; nothing happens if none is bound
 */
void vsch_airq_unbind(struct vsch_ctx *ctx, struct vsch_vsch *v)
{
	struct eventfd_ctx *efd;

	lockdep_assert_held(&ctx->lock);
	spin_lock(&ctx->airq_lock);
	efd = v->airq;
	v->airq = NULL;
	spin_unlock(&ctx->airq_lock);
	if (efd)
		eventfd_ctx_put(efd);
}

/*
 * Signal the adapter-interrupt eventfd of a subchannel that has all of
 * @need in its flags; without an eventfd, post a record for the VMM.
 * Returns 0, -ENOENT (no such subchannel), -EPERM (@need not met) or
 * -ENOSPC (ring full).
 */
static int airq_signal(struct vsch_ctx *ctx, u32 sid_word, u32 need)
{
	struct vsch_vsch *v;
	int ret = 0;

	spin_lock(&ctx->airq_lock);
	v = xa_load(&ctx->schs, sid_word);
	if (!v) {
		ret = -ENOENT;
	} else if ((v->flags & need) != need) {
		ret = -EPERM;
	} else if (v->airq) {
		eventfd_signal(v->airq);
		atomic64_inc(&v->airq_signalled);
		atomic64_inc(&ctx->airq_signalled);
	} else {
		ret = 1;
	}
	spin_unlock(&ctx->airq_lock);
	if (ret == 1)
		ret = vsch_ctx_post(ctx, VSCH_EV_AIRQ, sid_word, 0, 0) ?
		      0 : -ENOSPC;
	return ret;
}

/**
 * vsch_airq_signal() - make an adapter interruption pending for a subchannel
 * @ctx: the context
 * @sid_word: the subchannel
 *
 * For in-kernel device models (used-buffer notifications of virtio-ccw
 * with adapter indicators).  Must not be called from an eventfd wakeup
 * callback (eventfds refuse nested signals); process context or a
 * workqueue, as the notify consumers run, is fine.
 *
 * Return: 0 when signalled or posted to the VMM, -ENOENT unknown
 * subchannel, -ENOSPC the VMM ring is full.
 */
int vsch_airq_signal(struct vsch_ctx *ctx, u32 sid_word)
{
	return airq_signal(ctx, sid_word, 0);
}
EXPORT_SYMBOL_GPL(vsch_airq_signal);

/*
 * The in-kernel loopback consumer of the notify backend (registered for
 * every context by dev.c): a dispatch round for a subchannel created with
 * VSCH_SCH_LOOPBACK answers with one adapter interruption, as a device
 * that completes every request at once would; the guest's summary and
 * indicator bits coalesce rounds the same way KVM coalesces irqfd signals.
 * Other subchannels are left alone.  Runs from the binding's work item
 * with vsch_notify.consumer_lock held, so it must not take vsch_ctx.lock
 * (unbind waits for the work item under it): the subchannel is looked up
 * under vsch_ctx.airq_lock only.
 */
static void vsch_loopback_notify(void *priv, u32 sid_word, u16 vq, u64 count)
{
	int ret = airq_signal(priv, sid_word, VSCH_SCH_LOOPBACK);

	if (ret && ret != -EPERM)
		pr_debug("vsch: loopback 0x%08x vq %u: %d\n", sid_word, vq, ret);
}

const struct vsch_notify_ops vsch_loopback_ops = {
	.notify = vsch_loopback_notify,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * Notify backend: DIAGNOSE 0x500 subcode 3 notifications through eventfds.
 *
 * KVM matches a guest's virtio-ccw notify against the ioeventfds the VMM
 * registered (KVM_IOEVENTFD with KVM_IOEVENTFD_FLAG_VIRTIO_CCW_NOTIFY,
 * Documentation/virt/kvm/api.rst) and signals the eventfd without leaving
 * the kernel.  The VMM hands the same eventfd to us; we sit on its wait
 * queue, consume the count when it is signalled and pass it on to an
 * in-kernel consumer from a workqueue, where the consumer may sleep.
 *
 * Nothing here depends on KVM: any writer of the eventfd drives it, which
 * is what the selftests do.
 */

#include <linux/eventfd.h>
#include <linux/export.h>
#include <linux/file.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "glue.h"

/**
 * vsch_notify_init() - initialise an empty notify domain
 * @n: the domain
 */
void vsch_notify_init(struct vsch_notify *n)
{
	mutex_init(&n->lock);
	INIT_LIST_HEAD(&n->bindings);
	n->nr = 0;
	mutex_init(&n->consumer_lock);
	n->ops = NULL;
	n->priv = NULL;
	atomic64_set(&n->dispatched, 0);
}
EXPORT_SYMBOL_IF_KUNIT(vsch_notify_init);

static void notify_dispatch(struct work_struct *work)
{
	struct vsch_notify_binding *b =
		container_of(work, struct vsch_notify_binding, work);
	struct vsch_notify *n = b->dom;
	u64 count = atomic64_xchg(&b->pending, 0);

	if (!count)
		return;
	mutex_lock(&n->consumer_lock);
	if (n->ops && n->ops->notify) {
		n->ops->notify(n->priv, b->sid_word, b->vq, count);
		atomic64_inc(&b->dispatched);
		atomic64_inc(&n->dispatched);
	}
	mutex_unlock(&n->consumer_lock);
}

/**
 * vsch_notify_signal() - account notifications and schedule their dispatch
 * @b: the binding
 * @count: number of notifications (the eventfd count consumed)
 *
 * Runs in atomic context (under the eventfd's wait-queue lock); coalesces
 * with notifications that have not been dispatched yet.
 */
void vsch_notify_signal(struct vsch_notify_binding *b, u64 count)
{
	if (!count)
		return;
	atomic64_add(count, &b->signals);
	atomic64_add(count, &b->pending);
	queue_work(system_wq, &b->work);
}
EXPORT_SYMBOL_IF_KUNIT(vsch_notify_signal);

/* Wait-queue callback; called with the eventfd's wqh.lock held. */
static int notify_wakeup(wait_queue_entry_t *wait, unsigned int mode,
			 int sync, void *key)
{
	struct vsch_notify_binding *b =
		container_of(wait, struct vsch_notify_binding, wait);
	__poll_t flags = key_to_poll(key);
	u64 count;

	/*
	 * EPOLLHUP only means userspace closed its descriptor: KVM keeps its
	 * own reference and may go on signalling, so stay until unbind.
	 */
	if (flags & EPOLLIN) {
		eventfd_ctx_do_read(b->ctx, &count);
		vsch_notify_signal(b, count);
	}
	return 0;
}

static void notify_queue_proc(struct file *file, wait_queue_head_t *wqh,
			      poll_table *pt)
{
	struct vsch_notify_binding *b =
		container_of(pt, struct vsch_notify_binding, pt);

	add_wait_queue(wqh, &b->wait);
}

static struct vsch_notify_binding *notify_find(struct vsch_notify *n,
					       u32 sid_word, u16 vq)
{
	struct vsch_notify_binding *b;

	lockdep_assert_held(&n->lock);
	list_for_each_entry(b, &n->bindings, node)
		if (b->sid_word == sid_word && b->vq == vq)
			return b;
	return NULL;
}

/**
 * vsch_notify_add() - add a binding without hooking an eventfd
 * @n: the domain
 * @sid_word: subchannel
 * @vq: queue index
 * @ctx: eventfd context to store (the reference passes to the binding on
 *	success), may be NULL
 *
 * Return: the binding, ERR_PTR(-EEXIST) for a duplicate, -ENOSPC when the
 * domain is full, -ENOMEM.
 */
struct vsch_notify_binding *vsch_notify_add(struct vsch_notify *n,
					    u32 sid_word, u16 vq,
					    struct eventfd_ctx *ctx)
{
	struct vsch_notify_binding *b;

	lockdep_assert_held(&n->lock);
	if (notify_find(n, sid_word, vq))
		return ERR_PTR(-EEXIST);
	if (n->nr >= VSCH_NOTIFY_MAX)
		return ERR_PTR(-ENOSPC);
	b = kzalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);
	if (!b)
		return ERR_PTR(-ENOMEM);
	b->dom = n;
	b->sid_word = sid_word;
	b->vq = vq;
	b->ctx = ctx;
	INIT_WORK(&b->work, notify_dispatch);
	init_waitqueue_func_entry(&b->wait, notify_wakeup);
	init_poll_funcptr(&b->pt, notify_queue_proc);
	list_add_tail(&b->node, &n->bindings);
	n->nr++;
	return b;
}
EXPORT_SYMBOL_IF_KUNIT(vsch_notify_add);

/**
 * vsch_notify_bind() - bind an eventfd to a subchannel queue
 * @n: the domain
 * @sid_word: subchannel (the caller checked that it exists)
 * @vq: queue index
 * @fd: the eventfd
 *
 * A count already pending on the eventfd is consumed and dispatched.
 *
 * Return: 0, -EBADF bad @fd, -EINVAL not an eventfd, -EEXIST the queue
 * is bound already, -ENOSPC too many bindings, -ENOMEM.
 */
int vsch_notify_bind(struct vsch_notify *n, u32 sid_word, u16 vq, int fd)
{
	struct vsch_notify_binding *b;
	struct eventfd_ctx *ctx;
	struct fd f;
	__poll_t events;
	int ret = 0;
	int i;

	f = fdget(fd);
	if (!fd_file(f))
		return -EBADF;
	ctx = eventfd_ctx_fileget(fd_file(f));
	if (IS_ERR(ctx)) {
		ret = PTR_ERR(ctx);
		goto out_fdput;
	}
	mutex_lock(&n->lock);
	b = vsch_notify_add(n, sid_word, vq, ctx);
	if (IS_ERR(b)) {
		ret = PTR_ERR(b);
		mutex_unlock(&n->lock);
		eventfd_ctx_put(ctx);
		goto out_fdput;
	}
	/* Adds b->wait; a signal from now on reaches notify_wakeup(). */
	events = vfs_poll(fd_file(f), &b->pt);
	/*
	 * A count that was there before we listened: take it the only way
	 * that holds the eventfd's lock, by removing our entry, and listen
	 * again.  A bounded retry; what is left is picked up by the next
	 * signal.
	 */
	for (i = 0; i < 4 && (events & EPOLLIN); i++) {
		u64 count = 0;

		eventfd_ctx_remove_wait_queue(ctx, &b->wait, &count);
		vsch_notify_signal(b, count);
		events = vfs_poll(fd_file(f), &b->pt);
	}
	mutex_unlock(&n->lock);
out_fdput:
	fdput(f);
	return ret;
}

static void notify_free(struct vsch_notify *n, struct vsch_notify_binding *b)
{
	u64 count;

	lockdep_assert_held(&n->lock);
	list_del(&b->node);
	n->nr--;
	if (b->ctx) {
		/* After this, notify_wakeup() cannot run for b any more. */
		eventfd_ctx_remove_wait_queue(b->ctx, &b->wait, &count);
		eventfd_ctx_put(b->ctx);
	}
	cancel_work_sync(&b->work);
	kfree(b);
}

/**
 * vsch_notify_unbind() - remove one binding
 * @n: the domain
 * @sid_word: subchannel
 * @vq: queue index
 *
 * Notifications not yet dispatched are dropped.
 *
 * Return: 0, or -ENOENT if the queue is not bound.
 */
int vsch_notify_unbind(struct vsch_notify *n, u32 sid_word, u16 vq)
{
	struct vsch_notify_binding *b;
	int ret = -ENOENT;

	mutex_lock(&n->lock);
	b = notify_find(n, sid_word, vq);
	if (b) {
		notify_free(n, b);
		ret = 0;
	}
	mutex_unlock(&n->lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(vsch_notify_unbind);

/**
 * vsch_notify_unbind_sch() - remove every binding of one subchannel
 * @n: the domain
 * @sid_word: subchannel
 */
void vsch_notify_unbind_sch(struct vsch_notify *n, u32 sid_word)
{
	struct vsch_notify_binding *b, *tmp;

	mutex_lock(&n->lock);
	list_for_each_entry_safe(b, tmp, &n->bindings, node)
		if (b->sid_word == sid_word)
			notify_free(n, b);
	mutex_unlock(&n->lock);
}
EXPORT_SYMBOL_IF_KUNIT(vsch_notify_unbind_sch);

/**
 * vsch_notify_destroy() - remove every binding and the consumer
 * @n: the domain; may be initialised again afterwards
 */
void vsch_notify_destroy(struct vsch_notify *n)
{
	struct vsch_notify_binding *b, *tmp;

	mutex_lock(&n->lock);
	list_for_each_entry_safe(b, tmp, &n->bindings, node)
		notify_free(n, b);
	mutex_unlock(&n->lock);
	vsch_notify_set_consumer(n, NULL, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(vsch_notify_destroy);

/**
 * vsch_notify_set_consumer() - register or remove the in-kernel consumer
 * @n: the domain
 * @ops: the consumer, or NULL to remove it
 * @priv: passed to @ops
 *
 * When this returns, no call of the previous consumer is in progress.
 * Notifications arriving without a consumer are counted, not dispatched.
 */
void vsch_notify_set_consumer(struct vsch_notify *n,
			      const struct vsch_notify_ops *ops, void *priv)
{
	mutex_lock(&n->consumer_lock);
	n->ops = ops;
	n->priv = priv;
	mutex_unlock(&n->consumer_lock);
}
EXPORT_SYMBOL_IF_KUNIT(vsch_notify_set_consumer);

/**
 * vsch_notify_flush() - wait until signalled notifications are dispatched
 * @n: the domain
 */
void vsch_notify_flush(struct vsch_notify *n)
{
	struct vsch_notify_binding *b;

	mutex_lock(&n->lock);
	list_for_each_entry(b, &n->bindings, node)
		flush_work(&b->work);
	mutex_unlock(&n->lock);
}
EXPORT_SYMBOL_IF_KUNIT(vsch_notify_flush);

/**
 * vsch_notify_sch_stats() - add up the counters of one subchannel
 * @n: the domain
 * @sid_word: subchannel
 * @st: its nr_notify, notify_signals and notify_dispatched are written
 */
void vsch_notify_sch_stats(struct vsch_notify *n, u32 sid_word,
			   struct vsch_sch_stats *st)
{
	struct vsch_notify_binding *b;

	st->nr_notify = 0;
	st->notify_signals = 0;
	st->notify_dispatched = 0;
	mutex_lock(&n->lock);
	list_for_each_entry(b, &n->bindings, node) {
		if (b->sid_word != sid_word)
			continue;
		st->nr_notify++;
		st->notify_signals += atomic64_read(&b->signals);
		st->notify_dispatched += atomic64_read(&b->dispatched);
	}
	mutex_unlock(&n->lock);
}
EXPORT_SYMBOL_IF_KUNIT(vsch_notify_sch_stats);

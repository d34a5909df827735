// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/vsch: the userspace interface of virtual subchannels.
 *
 * Each open file is a context (&struct vsch_ctx): one channel-subsystem
 * image of vsch_core, the virtual subchannels created in it, their notify
 * and adapter-interrupt eventfds, and the ring of interruption records for
 * the VMM.  A context may be attached to one KVM VM through vsch_kvm.ko;
 * without it (for example under emulation, where kvm.ko cannot load)
 * everything except in-kernel injection works.
 *
 * The uapi is described in include/uapi/linux/vsch.h and
 * Documentation/virt/kvm/s390/vsch.rst.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/eventfd.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kmod.h>
#include <linux/lockdep.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vsch.h>
#include <kunit/visibility.h>

#include "glue.h"

/* The channel-subsystem ID of the virtual image (shown as 0 without MCSS-E). */
#define VSCH_VIRTUAL_CSSID	0xfe

#define VSCH_BLOB_MAGIC		0x76736368	/* "vsch" */
#define VSCH_BLOB_VERSION	1

/* PMCW word 1: device number valid, device number (SA22-7832 ch. 15). */
#define PMCW1_DNV		0x00010000u
#define PMCW1_DEVNO		0x0000ffffu

/* Header of every migration blob; @size is the size of the whole blob. */
struct vsch_blob_hdr {
	__be32 magic;
	__be32 version;
	__be32 size;
};

/*
 * Migration blob of one subchannel: our own fields, then the core's image.
 * Everything is big-endian or a byte, so the blob is host independent.
 * @flags holds the VSCH_CREATE_SCH flags that outlive creation
 * (VSCH_SCH_LOOPBACK); blobs written before it existed carry zero there.
 */
struct vsch_sch_blob {
	struct vsch_blob_hdr hdr;
	__be16 devno;
	u8 cu_model;
	u8 flags;
	struct vsch_sch_state core;
};

/* Migration blob of the context's channel-report queue (sid_word 0). */
struct vsch_crw_blob {
	struct vsch_blob_hdr hdr;
	__be32 reserved;
	struct vsch_crw_state core;
};

static DEFINE_MUTEX(glue_lock);		/* protects glue */
static const struct vsch_kvm_glue *glue;
static struct dentry *vsch_debugfs_root;
static atomic_t vsch_ctx_ids = ATOMIC_INIT(0);

/**
 * vsch_register_kvm_glue() - called by vsch_kvm.ko when it loads
 * @g: its entry points
 *
 * Return: 0, or -EBUSY if glue is registered already.
 */
int vsch_register_kvm_glue(const struct vsch_kvm_glue *g)
{
	int ret = 0;

	mutex_lock(&glue_lock);
	if (glue)
		ret = -EBUSY;
	else
		glue = g;
	mutex_unlock(&glue_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(vsch_register_kvm_glue);

/**
 * vsch_unregister_kvm_glue() - called by vsch_kvm.ko when it unloads
 * @g: the entry points registered before
 *
 * Contexts attached to a VM hold a reference on the glue module, so none
 * is left when this runs.
 */
void vsch_unregister_kvm_glue(const struct vsch_kvm_glue *g)
{
	mutex_lock(&glue_lock);
	if (glue == g)
		glue = NULL;
	mutex_unlock(&glue_lock);
}
EXPORT_SYMBOL_GPL(vsch_unregister_kvm_glue);

static unsigned int glue_probe(void)
{
	unsigned int caps = 0;

	mutex_lock(&glue_lock);
	if (glue)
		caps = glue->probe() | VSCH_KVM_CAP_GLUE;
	mutex_unlock(&glue_lock);
	return caps;
}

/* Take a module reference on the glue, loading vsch_kvm.ko if need be. */
static const struct vsch_kvm_glue *glue_get(void)
{
	const struct vsch_kvm_glue *g = NULL;

	mutex_lock(&glue_lock);
	if (!glue) {
		mutex_unlock(&glue_lock);
		request_module("vsch_kvm");
		mutex_lock(&glue_lock);
	}
	if (glue && try_module_get(glue->owner))
		g = glue;
	mutex_unlock(&glue_lock);
	return g;
}

/* Post a record for the VMM and wake it: readers, poll(), the eventfd. */
static bool ctx_post_vmm(struct vsch_ctx *ctx, const struct vsch_vmm_event *rec,
			 u32 ev_flags)
{
	struct vsch_ring *r = &ctx->ring;
	unsigned long flags;
	bool posted;

	posted = vsch_ring_post_ev(r, rec, ev_flags);
	spin_lock_irqsave(&r->lock, flags);
	if (ctx->event_fd)
		eventfd_signal(ctx->event_fd);
	spin_unlock_irqrestore(&r->lock, flags);
	wake_up_interruptible(&ctx->readq);
	return posted;
}

/**
 * vsch_ctx_post() - post an interruption record and wake its consumer
 * @ctx: the context
 * @type: %VSCH_EV_*
 * @sid_word: subchannel, 0 for a channel report
 * @intparm: interruption parameter
 * @int_word: interruption-identification word
 *
 * With the KVM backend the record goes to the injector's ring and the
 * injection work; otherwise to the VMM's.  Any context, including the
 * core's callbacks (css lock held).
 *
 * Return: false if the ring was full and the record was lost.
 */
bool vsch_ctx_post(struct vsch_ctx *ctx, u32 type, u32 sid_word, u32 intparm,
		   u32 int_word)
{
	const struct vsch_vmm_event rec = {
		.type = type, .sid_word = sid_word, .intparm = intparm,
		.int_word = int_word,
	};
	bool posted;

	if (READ_ONCE(ctx->backend) == VSCH_IRQ_BACKEND_KVM) {
		posted = vsch_ring_post_ev(&ctx->kring, &rec, 0);
		queue_work(system_wq, &ctx->inject_work);
		return posted;
	}
	return ctx_post_vmm(ctx, &rec, 0);
}
EXPORT_SYMBOL_IF_KUNIT(vsch_ctx_post);

/**
 * vsch_ctx_inject_pending() - inject the KVM backend's records
 * @ctx: the context, with a VM attached
 *
 * Every record kvm.ko cannot take (an adapter interruption without an
 * eventfd, which only the VMM can deliver, a missing export, or an
 * error of kvm.ko) is handed to the VMM's ring instead, flagged
 * %VSCH_EV_F_UNDELIVERED, in order: a record is never dropped here.
 * Records the injector's ring had to drop mark the next one with
 * %VSCH_EV_F_LOST, which is passed on to the VMM with it.
 *
 * Context: process; the injection work, or a caller that flushed it.
 */
void vsch_ctx_inject_pending(struct vsch_ctx *ctx)
{
	struct vsch_vmm_event ev;
	int ret;

	/* ctx->vm and ctx->glue stay until the work is flushed. */
	while (vsch_ring_pop(&ctx->kring, &ev)) {
		ret = ctx->glue->deliver(ctx->vm, &ev);
		if (!ret && !(ev.flags & VSCH_EV_F_LOST))
			continue;
		if (ret && ret != -EOPNOTSUPP)
			pr_warn_ratelimited("injecting record type %u for 0x%08x failed: %d; left to the VMM\n",
					    ev.type, ev.sid_word, ret);
		/* Injected but flagged LOST: the VMM must resynchronise. */
		ctx_post_vmm(ctx, &ev, (ret ? VSCH_EV_F_UNDELIVERED : 0) |
			     (ev.flags & VSCH_EV_F_LOST));
	}
}
EXPORT_SYMBOL_IF_KUNIT(vsch_ctx_inject_pending);

static void ctx_inject_work(struct work_struct *work)
{
	vsch_ctx_inject_pending(container_of(work, struct vsch_ctx,
					     inject_work));
}

/* ---- core callbacks (css lock held, interrupts off) ---- */

static void vsch_cb_raise(void *priv, struct vsch_sch *sch, u32 intparm, u8 isc)
{
	struct vsch_vsch *v = vsch_sch_priv(sch);

	atomic64_inc(&v->raised);
	/* Interruption-identification word: A = 0, ISC in bits 2-4. */
	vsch_ctx_post(priv, VSCH_EV_RAISE, vsch_sch_sid(sch), intparm,
		      (u32)(isc & 7) << 27);
}

static void vsch_cb_withdraw(void *priv, struct vsch_sch *sch)
{
	struct vsch_vsch *v = vsch_sch_priv(sch);

	atomic64_inc(&v->withdrawn);
	vsch_ctx_post(priv, VSCH_EV_WITHDRAW, vsch_sch_sid(sch), 0, 0);
}

static void vsch_cb_crw_pending(void *priv)
{
	vsch_ctx_post(priv, VSCH_EV_CRW, 0, 0, 0);
}

static const struct vsch_irq_ops vsch_irq_ops = {
	.raise = vsch_cb_raise,
	.withdraw = vsch_cb_withdraw,
	.crw_pending = vsch_cb_crw_pending,
};

/* ---- ioctl helpers ---- */

/*
 * Copy in an argsz-style structure; a longer tail must be zero.  No
 * argument is near a page; a larger argsz is refused rather than scanned.
 */
static int copy_arg(void *karg, size_t ksize, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	u32 argsz;
	int ret;

	if (get_user(argsz, (u32 __user *)uarg))
		return -EFAULT;
	if (argsz < ksize || argsz > PAGE_SIZE)
		return -EINVAL;
	ret = copy_struct_from_user(karg, ksize, uarg, argsz);
	if (ret == -E2BIG)
		return -EINVAL;
	return ret;
}

static int copy_out(unsigned long arg, const void *karg, size_t ksize)
{
	return copy_to_user((void __user *)arg, karg, ksize) ? -EFAULT : 0;
}

/*
 * Subchannel-identification words (PoP 14, "Operand Addressing").
 * Userspace, the VMM records and vsch_sch_sid() name a subchannel as a
 * program that has not enabled MCSS-E does: M = 0, CSSID field zero.  The
 * core's save images carry the full form, M = 1 with the image's CSSID
 * (VSCH_VIRTUAL_CSSID), so that an image names its channel subsystem
 * whatever the program enabled.  sid_ok() and sid_full() are the only
 * places where the two forms meet.
 */
static bool sid_ok(u32 sid_word)
{
	return vsch_sid_valid(sid_word) && !(sid_word & VSCH_SID_M);
}

/* The full form of a SID word that passed sid_ok(). */
static u32 sid_full(u32 sid_word)
{
	return sid_word | VSCH_SID_M |
	       (u32)VSCH_VIRTUAL_CSSID << VSCH_SID_CSSID_SHIFT;
}

static struct vsch_vsch *ctx_find(struct vsch_ctx *ctx, u32 sid_word)
{
	lockdep_assert_held(&ctx->lock);
	return xa_load(&ctx->schs, sid_word);
}

static u32 ctx_effective_backend(struct vsch_ctx *ctx, u32 want)
{
	unsigned int caps = ctx->glue ? ctx->glue->probe() : 0;

	lockdep_assert_held(&ctx->lock);
	if (want == VSCH_IRQ_BACKEND_AUTO)
		return ctx->vm && (caps & VSCH_KVM_CAP_IRQ) ?
		       VSCH_IRQ_BACKEND_KVM : VSCH_IRQ_BACKEND_VMM;
	return want;
}

/* ---- ioctls ---- */

static long ioctl_get_info(struct vsch_ctx *ctx, unsigned long arg)
{
	unsigned int caps = glue_probe();
	struct vsch_info info;
	u64 total, lost;
	int ret;

	ret = copy_arg(&info, sizeof(info), arg);
	if (ret)
		return ret;
	if (info.flags || info.reserved)
		return -EINVAL;
	if (caps & VSCH_KVM_CAP_GLUE)
		info.flags |= VSCH_INFO_KVM_GLUE;
	if (caps & VSCH_KVM_CAP_KVM)
		info.flags |= VSCH_INFO_KVM;
	if (caps & VSCH_KVM_CAP_IRQ)
		info.flags |= VSCH_INFO_KVM_IRQ;
	if (ctx->vm)
		info.flags |= VSCH_INFO_VM_ATTACHED;
	info.api_version = VSCH_API_VERSION;
	info.irq_backend = READ_ONCE(ctx->backend);
	info.nr_subchannels = ctx->nr_sch;
	info.notify_dispatched = atomic64_read(&ctx->notify.dispatched);
	info.airq_signalled = atomic64_read(&ctx->airq_signalled);
	vsch_ring_counts(&ctx->ring, &info.ring_records, &info.ring_lost);
	/* The KVM injector's losses are losses of the VMM's records too. */
	vsch_ring_counts(&ctx->kring, &total, &lost);
	info.ring_lost += lost;
	return copy_out(arg, &info, sizeof(info));
}

static long ioctl_attach_vm(struct vsch_ctx *ctx, unsigned long arg)
{
	const struct vsch_kvm_glue *g;
	struct vsch_attach_vm at;
	struct file *file;
	void *vm;
	int ret;

	lockdep_assert_held(&ctx->lock);
	ret = copy_arg(&at, sizeof(at), arg);
	if (ret)
		return ret;
	if (at.flags || at.reserved)
		return -EINVAL;
	if (ctx->vm)
		return -EBUSY;
	file = fget(at.vm_fd);
	if (!file)
		return -EBADF;
	g = glue_get();
	if (!g) {
		ret = -ENODEV;
		goto out_fput;
	}
	vm = g->attach(file);
	if (IS_ERR(vm)) {
		ret = PTR_ERR(vm);
		module_put(g->owner);
		goto out_fput;
	}
	ctx->glue = g;
	ctx->vm = vm;
	WRITE_ONCE(ctx->backend, ctx_effective_backend(ctx,
						       VSCH_IRQ_BACKEND_AUTO));
	ret = 0;
out_fput:
	fput(file);
	return ret;
}

/* Device numbers are unique within a subchannel set. */
static bool ctx_devno_taken(struct vsch_ctx *ctx, u32 sid_word, u16 devno)
{
	unsigned long index;
	struct vsch_vsch *o;

	lockdep_assert_held(&ctx->lock);
	xa_for_each(&ctx->schs, index, o)
		if (o->devno == devno &&
		    (o->sid_word & VSCH_SID_SSID_MASK) ==
		    (sid_word & VSCH_SID_SSID_MASK))
			return true;
	return false;
}

static long ioctl_create_sch(struct vsch_ctx *ctx, unsigned long arg)
{
	struct vsch_sch_desc desc = { .pim = 0x80 };
	struct vsch_create_sch cr;
	struct vsch_vsch *v;
	struct vsch_sch *sch;
	int ret;

	lockdep_assert_held(&ctx->lock);
	ret = copy_arg(&cr, sizeof(cr), arg);
	if (ret)
		return ret;
	if ((cr.flags & ~(VSCH_SCH_HOTPLUG | VSCH_SCH_LOOPBACK)) ||
	    memchr_inv(cr.reserved, 0, sizeof(cr.reserved)))
		return -EINVAL;
	if (!sid_ok(cr.sid_word) || !cr.cu_model || cr.chpid != VSCH_CHPID ||
	    (cr.cu_type && cr.cu_type != VSCH_CU_TYPE_VIRTIO) ||
	    (cr.chp_type && cr.chp_type != VSCH_CHP_TYPE_VIRTIO))
		return -EINVAL;
	if (ctx_find(ctx, cr.sid_word) ||
	    ctx_devno_taken(ctx, cr.sid_word, cr.devno))
		return -EEXIST;
	if (ctx->nr_sch >= VSCH_CTX_MAX_SCH)
		return -ENOSPC;

	v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
	if (!v)
		return -ENOMEM;
	v->ctx = ctx;
	v->sid_word = cr.sid_word;
	v->devno = cr.devno;
	v->cu_model = cr.cu_model;
	v->flags = cr.flags & VSCH_SCH_LOOPBACK;
	ret = xa_insert(&ctx->schs, cr.sid_word, v, GFP_KERNEL_ACCOUNT);
	if (ret)
		goto out_free;

	desc.ssid = (cr.sid_word & VSCH_SID_SSID_MASK) >> VSCH_SID_SSID_SHIFT;
	desc.schno = cr.sid_word & VSCH_SID_SCHNO_MASK;
	desc.devno = cr.devno;
	desc.chpid[0] = VSCH_CHPID;
	desc.priv = v;
	sch = vsch_sch_create(ctx->css, &desc,
			      cr.flags & VSCH_SCH_HOTPLUG ? VSCH_PLUG_CRW : 0);
	if (IS_ERR(sch)) {
		ret = PTR_ERR(sch);
		goto out_erase;
	}
	v->sch = sch;
	ctx->nr_sch++;
	return 0;

out_erase:
	spin_lock(&ctx->airq_lock);
	xa_erase(&ctx->schs, cr.sid_word);
	spin_unlock(&ctx->airq_lock);
out_free:
	kfree(v);
	return ret;
}

static void ctx_destroy_sch(struct vsch_ctx *ctx, struct vsch_vsch *v,
			    unsigned int flags)
{
	lockdep_assert_held(&ctx->lock);
	vsch_notify_unbind_sch(&ctx->notify, v->sid_word);
	vsch_airq_unbind(ctx, v);
	if (v->sch) {
		vsch_sch_remove(v->sch, flags);
		vsch_sch_put(v->sch);
	}
	spin_lock(&ctx->airq_lock);
	xa_erase(&ctx->schs, v->sid_word);
	spin_unlock(&ctx->airq_lock);
	ctx->nr_sch--;
	kfree(v);
}

static long ioctl_sch_ref(struct vsch_ctx *ctx, unsigned int cmd,
			  unsigned long arg)
{
	struct vsch_sch_ref ref;
	struct vsch_vsch *v;
	int ret;

	lockdep_assert_held(&ctx->lock);
	ret = copy_arg(&ref, sizeof(ref), arg);
	if (ret)
		return ret;
	if (ref.reserved)
		return -EINVAL;
	if (cmd == VSCH_DESTROY_SCH && (ref.flags & ~VSCH_SCH_HOTPLUG))
		return -EINVAL;
	if (cmd == VSCH_SIGNAL_AIRQ && ref.flags)
		return -EINVAL;
	v = ctx_find(ctx, ref.sid_word);
	if (!v)
		return -ENOENT;
	if (cmd == VSCH_SIGNAL_AIRQ)
		return vsch_airq_signal(ctx, ref.sid_word);
	ctx_destroy_sch(ctx, v, ref.flags & VSCH_SCH_HOTPLUG ?
			VSCH_PLUG_CRW : 0);
	return 0;
}

static long ioctl_bind_notify(struct vsch_ctx *ctx, unsigned long arg)
{
	struct vsch_bind_notify bn;
	int ret;

	lockdep_assert_held(&ctx->lock);
	ret = copy_arg(&bn, sizeof(bn), arg);
	if (ret)
		return ret;
	if ((bn.flags & ~VSCH_BIND_UNBIND) || bn.reserved || bn.vq > 0xffff)
		return -EINVAL;
	if (!ctx_find(ctx, bn.sid_word))
		return -ENOENT;
	if (bn.flags & VSCH_BIND_UNBIND)
		return vsch_notify_unbind(&ctx->notify, bn.sid_word, bn.vq);
	return vsch_notify_bind(&ctx->notify, bn.sid_word, bn.vq, bn.fd);
}

static long ioctl_bind_airq(struct vsch_ctx *ctx, unsigned long arg)
{
	struct vsch_bind_airq ba;
	struct vsch_vsch *v;
	int ret;

	lockdep_assert_held(&ctx->lock);
	ret = copy_arg(&ba, sizeof(ba), arg);
	if (ret)
		return ret;
	if (ba.flags & ~VSCH_BIND_UNBIND)
		return -EINVAL;
	v = ctx_find(ctx, ba.sid_word);
	if (!v)
		return -ENOENT;
	if (ba.flags & VSCH_BIND_UNBIND) {
		if (!v->airq)
			return -ENOENT;
		vsch_airq_unbind(ctx, v);
		return 0;
	}
	return vsch_airq_bind(ctx, v, ba.fd);
}

static long ioctl_set_irq_backend(struct vsch_ctx *ctx, unsigned long arg)
{
	struct eventfd_ctx *efd = NULL, *old;
	struct vsch_irq_backend ib;
	unsigned int caps;
	int ret;

	lockdep_assert_held(&ctx->lock);
	ret = copy_arg(&ib, sizeof(ib), arg);
	if (ret)
		return ret;
	if (ib.flags & ~VSCH_IRQ_SET_EVENTFD)
		return -EINVAL;
	if (ib.backend > VSCH_IRQ_BACKEND_KVM)
		return -EINVAL;
	caps = ctx->glue ? ctx->glue->probe() : 0;
	if (ib.backend == VSCH_IRQ_BACKEND_KVM &&
	    (!ctx->vm || !(caps & VSCH_KVM_CAP_IRQ)))
		return -EOPNOTSUPP;
	if ((ib.flags & VSCH_IRQ_SET_EVENTFD) && ib.event_fd != -1) {
		efd = eventfd_ctx_fdget(ib.event_fd);
		if (IS_ERR(efd))
			return PTR_ERR(efd);
	}
	WRITE_ONCE(ctx->backend, ctx_effective_backend(ctx, ib.backend));
	/* Records posted before the switch are delivered the old way. */
	flush_work(&ctx->inject_work);
	if (ib.flags & VSCH_IRQ_SET_EVENTFD) {
		spin_lock_irq(&ctx->ring.lock);
		old = ctx->event_fd;
		ctx->event_fd = efd;
		spin_unlock_irq(&ctx->ring.lock);
		if (old)
			eventfd_ctx_put(old);
	}
	return 0;
}

static long ioctl_sch_stats(struct vsch_ctx *ctx, unsigned long arg)
{
	struct vsch_sch_stats st;
	struct vsch_vsch *v;
	int ret;

	lockdep_assert_held(&ctx->lock);
	ret = copy_arg(&st, sizeof(st), arg);
	if (ret)
		return ret;
	if (st.flags)
		return -EINVAL;
	v = ctx_find(ctx, st.sid_word);
	if (!v)
		return -ENOENT;
	vsch_notify_sch_stats(&ctx->notify, st.sid_word, &st);
	st.airq_signalled = atomic64_read(&v->airq_signalled);
	st.raised = atomic64_read(&v->raised);
	st.withdrawn = atomic64_read(&v->withdrawn);
	return copy_out(arg, &st, sizeof(st));
}

static void blob_hdr_init(struct vsch_blob_hdr *h, size_t size)
{
	h->magic = cpu_to_be32(VSCH_BLOB_MAGIC);
	h->version = cpu_to_be32(VSCH_BLOB_VERSION);
	h->size = cpu_to_be32(size);
}

static bool blob_hdr_ok(const struct vsch_blob_hdr *h, size_t size)
{
	return be32_to_cpu(h->magic) == VSCH_BLOB_MAGIC &&
	       be32_to_cpu(h->version) == VSCH_BLOB_VERSION &&
	       be32_to_cpu(h->size) == size;
}

static int save_sch(struct vsch_vsch *v, struct vsch_sch_blob *b)
{
	blob_hdr_init(&b->hdr, sizeof(*b));
	b->devno = cpu_to_be16(v->devno);
	b->cu_model = v->cu_model;
	b->flags = v->flags;
	return vsch_sch_save(v->sch, &b->core);
}

static int restore_sch(struct vsch_ctx *ctx, u32 sid_word,
		       const struct vsch_sch_blob *b)
{
	u32 pmcw1 = be32_to_cpu(b->core.schib.pmcw[1]);
	struct vsch_vsch *v;
	struct vsch_sch *sch;
	int ret;

	lockdep_assert_held(&ctx->lock);
	/*
	 * The device number is stated twice, in the vsch header and in the
	 * PMCW (word 1: DNV bit 15, device number bits 16-31, SA22-7832
	 * ch. 15); a blob whose two disagree is not one vsch saved.
	 */
	if (!blob_hdr_ok(&b->hdr, sizeof(*b)) || !b->cu_model ||
	    (b->flags & ~VSCH_SCH_LOOPBACK) ||
	    be32_to_cpu(b->core.sid) != sid_full(sid_word) ||
	    !(pmcw1 & PMCW1_DNV) ||
	    (pmcw1 & PMCW1_DEVNO) != be16_to_cpu(b->devno))
		return -EINVAL;
	if (ctx_find(ctx, sid_word) ||
	    ctx_devno_taken(ctx, sid_word, be16_to_cpu(b->devno)))
		return -EEXIST;
	if (ctx->nr_sch >= VSCH_CTX_MAX_SCH)
		return -ENOSPC;
	v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
	if (!v)
		return -ENOMEM;
	v->ctx = ctx;
	v->sid_word = sid_word;
	v->devno = be16_to_cpu(b->devno);
	v->cu_model = b->cu_model;
	v->flags = b->flags;
	ret = xa_insert(&ctx->schs, sid_word, v, GFP_KERNEL_ACCOUNT);
	if (ret)
		goto out_free;
	ret = vsch_sch_restore(ctx->css, &b->core, v, &sch);
	if (ret)
		goto out_erase;
	v->sch = sch;
	ctx->nr_sch++;
	return 0;

out_erase:
	spin_lock(&ctx->airq_lock);
	xa_erase(&ctx->schs, sid_word);
	spin_unlock(&ctx->airq_lock);
out_free:
	kfree(v);
	return ret;
}

static int crw_blob_check(const struct vsch_crw_blob *b)
{
	if (!blob_hdr_ok(&b->hdr, sizeof(*b)) || b->reserved)
		return -EINVAL;
	return 0;
}

static long ioctl_state(struct vsch_ctx *ctx, unsigned int cmd,
			unsigned long arg)
{
	void __user *udata;
	struct vsch_state st;
	struct vsch_vsch *v = NULL;
	size_t size;
	void *blob;
	int ret;

	lockdep_assert_held(&ctx->lock);
	ret = copy_arg(&st, sizeof(st), arg);
	if (ret)
		return ret;
	if (st.flags)
		return -EINVAL;
	udata = u64_to_user_ptr(st.data);
	/* SID word 0 names the context's channel-report queue. */
	size = st.sid_word ? sizeof(struct vsch_sch_blob) :
			     sizeof(struct vsch_crw_blob);
	if (st.sid_word) {
		if (!sid_ok(st.sid_word))
			return -EINVAL;
		v = ctx_find(ctx, st.sid_word);
		if (cmd == VSCH_SAVE_STATE && !v)
			return -ENOENT;
	}
	if (st.size < size || (cmd == VSCH_RESTORE_STATE && st.size != size)) {
		if (cmd == VSCH_RESTORE_STATE)
			return -EINVAL;
		st.size = size;
		ret = copy_out(arg, &st, sizeof(st));
		return ret ? ret : -ENOSPC;
	}
	blob = kzalloc(size, GFP_KERNEL_ACCOUNT);
	if (!blob)
		return -ENOMEM;
	if (cmd == VSCH_SAVE_STATE) {
		if (v) {
			ret = save_sch(v, blob);
		} else {
			struct vsch_crw_blob *cb = blob;

			blob_hdr_init(&cb->hdr, sizeof(*cb));
			ret = vsch_crw_save(ctx->css, &cb->core);
		}
		if (!ret && copy_to_user(udata, blob, size))
			ret = -EFAULT;
		if (!ret) {
			st.size = size;
			ret = copy_out(arg, &st, sizeof(st));
		}
	} else if (copy_from_user(blob, udata, size)) {
		ret = -EFAULT;
	} else if (st.sid_word) {
		ret = restore_sch(ctx, st.sid_word, blob);
	} else {
		ret = crw_blob_check(blob);
		if (!ret)
			ret = vsch_crw_restore(ctx->css,
					       &((struct vsch_crw_blob *)blob)->core);
	}
	kfree(blob);
	return ret;
}

/* The core's VSCH_FN_* as the uapi names them. */
static const u8 insn_fn[] = {
	[VSCH_FN_START] = VSCH_INSN_FN_START,
	[VSCH_FN_HALT] = VSCH_INSN_FN_HALT,
	[VSCH_FN_CLEAR] = VSCH_INSN_FN_CLEAR,
	[VSCH_FN_RESUME] = VSCH_INSN_FN_RESUME,
	[VSCH_FN_CANCEL] = VSCH_INSN_FN_CANCEL,
};

/*
 * VSCH_IO_INSN: the VMM intercepted an I/O instruction and lets the model
 * execute it.  The SID word goes to the model as the program wrote it:
 * validating it (operand exception) is part of the instruction.
 */
static long ioctl_io_insn(struct vsch_ctx *ctx, unsigned long arg)
{
	struct vsch_io_insn in;
	struct vsch_res res;
	union {
		struct vsch_orb orb;
		struct vsch_schib schib;
		struct vsch_irb irb;
		__be32 crw;
	} op;
	size_t out = 0;
	int ret;

	BUILD_BUG_ON(sizeof(op) > sizeof(in.data));
	lockdep_assert_held(&ctx->lock);
	ret = copy_arg(&in, sizeof(in), arg);
	if (ret)
		return ret;
	if (in.flags || in.reserved)
		return -EINVAL;
	memset(&op, 0, sizeof(op));
	switch (in.insn) {
	case VSCH_INSN_SSCH:
		memcpy(&op.orb, in.data, sizeof(op.orb));
		res = vsch_ssch(ctx->css, in.sid_word, &op.orb);
		break;
	case VSCH_INSN_RSCH:
		res = vsch_rsch(ctx->css, in.sid_word);
		break;
	case VSCH_INSN_HSCH:
		res = vsch_hsch(ctx->css, in.sid_word);
		break;
	case VSCH_INSN_CSCH:
		res = vsch_csch(ctx->css, in.sid_word);
		break;
	case VSCH_INSN_XSCH:
		res = vsch_xsch(ctx->css, in.sid_word);
		break;
	case VSCH_INSN_MSCH:
		memcpy(&op.schib, in.data, sizeof(op.schib));
		res = vsch_msch(ctx->css, in.sid_word, &op.schib);
		break;
	case VSCH_INSN_STSCH:
		res = vsch_stsch(ctx->css, in.sid_word, &op.schib);
		out = sizeof(op.schib);
		break;
	case VSCH_INSN_TSCH:
		res = vsch_tsch(ctx->css, in.sid_word, &op.irb);
		out = sizeof(op.irb);
		break;
	case VSCH_INSN_STCRW:
		res = vsch_stcrw(ctx->css, &op.crw);
		out = sizeof(op.crw);
		break;
	default:
		return -EINVAL;
	}
	in.cc = res.cc;
	in.fn = res.fn < ARRAY_SIZE(insn_fn) ? insn_fn[res.fn] : 0;
	in.pgm = res.pgm;
	memset(in.data, 0, sizeof(in.data));
	/* Operands are stored only by an instruction that completed. */
	if (!res.pgm)
		memcpy(in.data, &op, out);
	return copy_out(arg, &in, sizeof(in));
}

/* VSCH_DEV_EVENT: the device side reports progress of a function. */
static long ioctl_dev_event(struct vsch_ctx *ctx, unsigned long arg)
{
	struct vsch_status st = { };
	struct vsch_dev_event ev;
	struct vsch_vsch *v;
	int ret;

	lockdep_assert_held(&ctx->lock);
	ret = copy_arg(&ev, sizeof(ev), arg);
	if (ret)
		return ret;
	if (ev.flags || ev.reserved || ev.sense_len > sizeof(st.sense))
		return -EINVAL;
	v = ctx_find(ctx, ev.sid_word);
	if (!v || !v->sch)
		return -ENOENT;
	switch (ev.event) {
	case VSCH_DEV_BEGIN:
		return vsch_dev_begin(v->sch);
	case VSCH_DEV_COMPLETE_START:
		st.dstat = ev.dstat;
		st.cstat = ev.cstat;
		st.count = ev.count;
		st.cpa = ev.cpa;
		st.cc = ev.cc;
		st.sense_len = ev.sense_len;
		memcpy(st.sense, ev.sense, ev.sense_len);
		return vsch_dev_complete_start(v->sch, &st);
	case VSCH_DEV_INTERMEDIATE:
		return vsch_dev_intermediate(v->sch, ev.cpa);
	case VSCH_DEV_SUSPEND:
		return vsch_dev_suspend(v->sch, ev.cpa);
	case VSCH_DEV_COMPLETE_HALT:
		return vsch_dev_complete_halt(v->sch, ev.dstat);
	case VSCH_DEV_COMPLETE_CLEAR:
		return vsch_dev_complete_clear(v->sch);
	case VSCH_DEV_UNSOLICITED:
		return vsch_dev_unsolicited(v->sch, ev.dstat);
	default:
		return -EINVAL;
	}
}

static long vsch_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vsch_ctx *ctx = file->private_data;
	long ret;

	mutex_lock(&ctx->lock);
	switch (cmd) {
	case VSCH_GET_INFO:
		ret = ioctl_get_info(ctx, arg);
		break;
	case VSCH_ATTACH_VM:
		ret = ioctl_attach_vm(ctx, arg);
		break;
	case VSCH_CREATE_SCH:
		ret = ioctl_create_sch(ctx, arg);
		break;
	case VSCH_DESTROY_SCH:
	case VSCH_SIGNAL_AIRQ:
		ret = ioctl_sch_ref(ctx, cmd, arg);
		break;
	case VSCH_BIND_NOTIFY:
		ret = ioctl_bind_notify(ctx, arg);
		break;
	case VSCH_BIND_AIRQ:
		ret = ioctl_bind_airq(ctx, arg);
		break;
	case VSCH_SET_IRQ_BACKEND:
		ret = ioctl_set_irq_backend(ctx, arg);
		break;
	case VSCH_GET_SCH_STATS:
		ret = ioctl_sch_stats(ctx, arg);
		break;
	case VSCH_SAVE_STATE:
	case VSCH_RESTORE_STATE:
		ret = ioctl_state(ctx, cmd, arg);
		break;
	case VSCH_IO_INSN:
		ret = ioctl_io_insn(ctx, arg);
		break;
	case VSCH_DEV_EVENT:
		ret = ioctl_dev_event(ctx, arg);
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&ctx->lock);
	return ret;
}

/* ---- read()/poll() of VMM records ---- */

static ssize_t vsch_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	struct vsch_ctx *ctx = file->private_data;
	struct vsch_vmm_event ev;
	size_t done = 0;
	int ret;

	if (count < sizeof(ev))
		return -EINVAL;
	while (!done) {
		if (vsch_ring_empty(&ctx->ring)) {
			if (file->f_flags & O_NONBLOCK)
				return -EAGAIN;
			ret = wait_event_interruptible(ctx->readq,
						       !vsch_ring_empty(&ctx->ring));
			if (ret)
				return ret;
		}
		while (count - done >= sizeof(ev) &&
		       vsch_ring_pop(&ctx->ring, &ev)) {
			if (copy_to_user(buf + done, &ev, sizeof(ev)))
				return done ? done : -EFAULT;
			done += sizeof(ev);
		}
	}
	return done;
}

static __poll_t vsch_poll(struct file *file, poll_table *wait)
{
	struct vsch_ctx *ctx = file->private_data;

	poll_wait(file, &ctx->readq, wait);
	return vsch_ring_empty(&ctx->ring) ? 0 : EPOLLIN | EPOLLRDNORM;
}

/* ---- debugfs ---- */

static int vsch_debugfs_show(struct seq_file *s, void *unused)
{
	struct vsch_ctx *ctx = s->private;
	struct vsch_sch_stats st;
	struct vsch_schib schib;
	struct vsch_res res;
	unsigned long index;
	struct vsch_vsch *v;
	u64 total, lost, ktotal, klost;
	int i;

	mutex_lock(&ctx->lock);
	vsch_ring_counts(&ctx->ring, &total, &lost);
	vsch_ring_counts(&ctx->kring, &ktotal, &klost);
	seq_printf(s, "backend %u vm %s subchannels %u ring %llu lost %llu kvm ring %llu lost %llu\n",
		   ctx->backend, ctx->vm ? "attached" : "none", ctx->nr_sch,
		   total, lost, ktotal, klost);
	xa_for_each(&ctx->schs, index, v) {
		vsch_notify_sch_stats(&ctx->notify, v->sid_word, &st);
		seq_printf(s, "sch 0x%08x devno 0x%04x cu 3832/%02x chpid 00/32%s notify %u sig %llu disp %llu airq %llu%s raised %lld withdrawn %lld\n",
			   v->sid_word, v->devno, v->cu_model,
			   v->flags & VSCH_SCH_LOOPBACK ? " loopback" : "",
			   st.nr_notify,
			   st.notify_signals, st.notify_dispatched,
			   atomic64_read(&v->airq_signalled),
			   v->airq ? "(bound)" : "",
			   atomic64_read(&v->raised),
			   atomic64_read(&v->withdrawn));
		res = vsch_stsch(ctx->css, v->sid_word, &schib);
		if (res.pgm || res.cc)
			continue;
		seq_puts(s, "  pmcw");
		for (i = 0; i < ARRAY_SIZE(schib.pmcw); i++)
			seq_printf(s, " %08x", be32_to_cpu(schib.pmcw[i]));
		seq_puts(s, "\n  scsw");
		for (i = 0; i < ARRAY_SIZE(schib.scsw); i++)
			seq_printf(s, " %08x", be32_to_cpu(schib.scsw[i]));
		seq_puts(s, "\n");
	}
	mutex_unlock(&ctx->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vsch_debugfs);

/* ---- open/release ---- */

static int vsch_open(struct inode *inode, struct file *file)
{
	struct vsch_css_params params = {
		.cssid = VSCH_VIRTUAL_CSSID,
		.ops = &vsch_irq_ops,
	};
	struct vsch_ctx *ctx;
	char name[24];

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return -ENOMEM;
	mutex_init(&ctx->lock);
	spin_lock_init(&ctx->airq_lock);
	xa_init(&ctx->schs);
	ctx->backend = VSCH_IRQ_BACKEND_VMM;
	vsch_notify_init(&ctx->notify);
	vsch_notify_set_consumer(&ctx->notify, &vsch_loopback_ops, ctx);
	vsch_ring_init(&ctx->ring);
	vsch_ring_init(&ctx->kring);
	init_waitqueue_head(&ctx->readq);
	INIT_WORK(&ctx->inject_work, ctx_inject_work);
	params.ctx = ctx;
	ctx->css = vsch_css_create(&params);
	if (IS_ERR(ctx->css)) {
		int ret = PTR_ERR(ctx->css);

		kfree(ctx);
		return ret;
	}
	snprintf(name, sizeof(name), "ctx%d",
		 atomic_inc_return(&vsch_ctx_ids));
	ctx->debugfs = debugfs_create_file(name, 0400, vsch_debugfs_root, ctx,
					   &vsch_debugfs_fops);
	file->private_data = ctx;
	return stream_open(inode, file);
}

static int vsch_release(struct inode *inode, struct file *file)
{
	struct vsch_ctx *ctx = file->private_data;
	unsigned long index;
	struct vsch_vsch *v;

	debugfs_remove(ctx->debugfs);
	mutex_lock(&ctx->lock);
	xa_for_each(&ctx->schs, index, v)
		ctx_destroy_sch(ctx, v, 0);
	mutex_unlock(&ctx->lock);
	vsch_notify_destroy(&ctx->notify);
	vsch_css_destroy(ctx->css);
	cancel_work_sync(&ctx->inject_work);
	if (ctx->vm) {
		ctx->glue->detach(ctx->vm);
		module_put(ctx->glue->owner);
	}
	if (ctx->event_fd)
		eventfd_ctx_put(ctx->event_fd);
	xa_destroy(&ctx->schs);
	mutex_destroy(&ctx->lock);
	kfree(ctx);
	return 0;
}

static const struct file_operations vsch_fops = {
	.owner = THIS_MODULE,
	.open = vsch_open,
	.release = vsch_release,
	.unlocked_ioctl = vsch_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.read = vsch_read,
	.poll = vsch_poll,
};

static struct miscdevice vsch_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "vsch",
	.fops = &vsch_fops,
	.mode = 0600,
};

static int __init vsch_dev_init(void)
{
	int ret;

	vsch_debugfs_root = debugfs_create_dir("vsch", NULL);
	ret = misc_register(&vsch_misc);
	if (ret)
		goto out_debugfs;
	return 0;

out_debugfs:
	debugfs_remove(vsch_debugfs_root);
	return ret;
}

static void __exit vsch_dev_exit(void)
{
	misc_deregister(&vsch_misc);
	debugfs_remove(vsch_debugfs_root);
}

module_init(vsch_dev_init);
module_exit(vsch_dev_exit);

MODULE_DESCRIPTION("vsch: /dev/vsch, DIAGNOSE 0x500 notify and interrupt backends");
MODULE_LICENSE("GPL");

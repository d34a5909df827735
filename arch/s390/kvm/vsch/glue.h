/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsch glue: DIAGNOSE 0x500 decoding, the notify backend, the interrupt
 * backends and the /dev/vsch context.  Internal to vsch_dev.ko and
 * vsch_kvm.ko; the subchannel model itself is in <linux/vsch.h>.
 *
 * Locking (Documentation/virt/kvm/s390/vsch.rst, "Locking"), outermost
 * first: vsch_ctx.lock (mutex) -> vsch_notify.consumer_lock (mutex) ->
 * the css lock of vsch_core (spinlock, irq-safe) -> vsch_ring.lock
 * (spinlock, irq-safe).  Eventfd wait-queue callbacks run under the
 * eventfd's own wait-queue lock and take no vsch lock.
 */
#ifndef _VSCH_GLUE_H
#define _VSCH_GLUE_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <uapi/linux/vsch.h>

struct dentry;
struct eventfd_ctx;
struct file;
struct module;
struct vsch_css;
struct vsch_sch;

/* ---- DIAGNOSE 0x500 ---------------------------------------------------- */

/* Subcodes in general register 1 (Documentation/virt/kvm/s390/s390-diag.rst). */
#define VSCH_DIAG500_S390_NOTIFY	0	/* s390-virtio: notify */
#define VSCH_DIAG500_S390_RESET		1	/* s390-virtio: reset */
#define VSCH_DIAG500_S390_SET_STATUS	2	/* s390-virtio: set status */
#define VSCH_DIAG500_CCW_NOTIFY		3	/* virtio-ccw: notify */

/**
 * enum vsch_diag500_action - what to do with a decoded DIAGNOSE 0x500
 * @VSCH_DIAG500_NOTIFY: a well-formed virtio-ccw notify: deliver it
 * @VSCH_DIAG500_COMPLETE: complete the instruction with
 *	&vsch_diag500.ret in general register 2
 * @VSCH_DIAG500_FORWARD: not ours: exit to the VMM (KVM returns
 *	-EOPNOTSUPP for these)
 */
enum vsch_diag500_action {
	VSCH_DIAG500_NOTIFY,
	VSCH_DIAG500_COMPLETE,
	VSCH_DIAG500_FORWARD,
};

/**
 * struct vsch_diag500 - a decoded DIAGNOSE 0x500
 * @subcode: general register 1
 * @sid_word: subchannel-identification word (subcode 3)
 * @vq: virtqueue index, low 16 bits of general register 3 (subcode 3)
 * @has_data: bits 32-47 of general register 3 are not zero, i.e. the guest
 *	sends VIRTIO_F_NOTIFICATION_DATA (subcode 3)
 * @legacy: subcodes 0-2 of the retired s390-virtio transport
 * @data: general register 3 unchanged (subcode 3)
 * @cookie: general register 4, the host cookie of the last call (subcode 3)
 * @addr: general register 2 for subcodes 0-2
 * @ret: value for general register 2 with %VSCH_DIAG500_COMPLETE
 * @pgm_code: for %VSCH_DIAG500_FORWARD of an unknown subcode, the program
 *	interruption a VMM presents (%VSCH_PGM_SPECIFICATION); else 0
 * @action: the decision, see &enum vsch_diag500_action
 */
struct vsch_diag500 {
	u64 subcode;
	u32 sid_word;
	u16 vq;
	bool has_data;
	bool legacy;
	u64 data;
	s64 cookie;
	u64 addr;
	int ret;
	u16 pgm_code;
	enum vsch_diag500_action action;
};

bool vsch_diag500_sid_valid(u32 sid_word);
enum vsch_diag500_action vsch_diag500_decode(u64 gpr1, u64 gpr2, u64 gpr3,
					     u64 gpr4, struct vsch_diag500 *d);

/* ---- notify backend (notify.c) ----------------------------------------- */

/**
 * struct vsch_notify_ops - an in-kernel consumer of guest notifications
 * @notify: @count notifications (coalesced) arrived for queue @vq of the
 *	subchannel @sid_word.  Called from a workqueue, process context,
 *	with vsch_notify.consumer_lock held; may sleep and may signal
 *	eventfds (e.g. through vsch_airq_signal()), but must not take
 *	vsch_ctx.lock: unbinding waits for the call while holding it.
 *	Every context registers vsch_loopback_ops (irq_adapter.c).
 */
struct vsch_notify_ops {
	void (*notify)(void *priv, u32 sid_word, u16 vq, u64 count);
};

/**
 * struct vsch_notify_binding - one {subchannel, queue, eventfd} binding
 * @node: entry in vsch_notify.bindings
 * @dom: the notify domain this binding belongs to
 * @sid_word: subchannel-identification word
 * @vq: virtqueue index
 * @ctx: the eventfd context (a reference), NULL only in KUnit tests
 * @wait: our entry on the eventfd's wait queue
 * @pt: poll table used once to add @wait
 * @work: runs the consumer in process context
 * @pending: counts consumed from the eventfd and not yet dispatched
 * @signals: total counts consumed from the eventfd
 * @dispatched: total consumer calls
 *
 * @pending, @signals and @dispatched are atomics; the rest is immutable
 * while the binding is on the list.
 */
struct vsch_notify_binding {
	struct list_head node;
	struct vsch_notify *dom;
	u32 sid_word;
	u16 vq;
	struct eventfd_ctx *ctx;
	wait_queue_entry_t wait;
	poll_table pt;
	struct work_struct work;
	atomic64_t pending;
	atomic64_t signals;
	atomic64_t dispatched;
};

/**
 * struct vsch_notify - the notify bindings of one context
 * @lock: protects @bindings and @nr (writers); see also vsch_ctx.lock
 * @bindings: list of &struct vsch_notify_binding
 * @nr: number of entries on @bindings
 * @consumer_lock: protects @ops and @priv, held across consumer calls
 * @ops: the registered consumer, or NULL
 * @priv: passed to @ops
 * @dispatched: total consumer calls of all bindings, including removed ones
 */
struct vsch_notify {
	struct mutex lock;		/* protects bindings, nr */
	struct list_head bindings;
	unsigned int nr;
	struct mutex consumer_lock;	/* protects ops, priv */
	const struct vsch_notify_ops *ops;
	void *priv;
	atomic64_t dispatched;
};

/* Upper bound of notify bindings per context. */
#define VSCH_NOTIFY_MAX		4096

void vsch_notify_init(struct vsch_notify *n);
void vsch_notify_destroy(struct vsch_notify *n);
int vsch_notify_bind(struct vsch_notify *n, u32 sid_word, u16 vq, int fd);
int vsch_notify_unbind(struct vsch_notify *n, u32 sid_word, u16 vq);
void vsch_notify_unbind_sch(struct vsch_notify *n, u32 sid_word);
void vsch_notify_set_consumer(struct vsch_notify *n,
			      const struct vsch_notify_ops *ops, void *priv);
void vsch_notify_sch_stats(struct vsch_notify *n, u32 sid_word,
			   struct vsch_sch_stats *st);

/* Test seams, see tests/notify_kunit.c. */
struct vsch_notify_binding *vsch_notify_add(struct vsch_notify *n,
					    u32 sid_word, u16 vq,
					    struct eventfd_ctx *ctx);
void vsch_notify_signal(struct vsch_notify_binding *b, u64 count);
void vsch_notify_flush(struct vsch_notify *n);

/* ---- event ring (irq_vmm.c) -------------------------------------------- */

/* Records in one ring; a power of two. */
#define VSCH_RING_SIZE		256

/**
 * struct vsch_ring - records for the VMM (or for the KVM injector)
 * @lock: protects every other member (irq-safe: posted from core callbacks)
 * @ev: the records
 * @head: next record to consume
 * @tail: next free slot
 * @seq: sequence number of the next record
 * @lost: records dropped since the last successful post
 * @total: records posted
 * @total_lost: records dropped
 */
struct vsch_ring {
	spinlock_t lock;	/* protects all members */
	struct vsch_vmm_event ev[VSCH_RING_SIZE];
	unsigned int head;
	unsigned int tail;
	u64 seq;
	bool lost;
	u64 total;
	u64 total_lost;
};

void vsch_ring_init(struct vsch_ring *r);
bool vsch_ring_post(struct vsch_ring *r, u32 type, u32 sid_word, u32 intparm,
		    u32 int_word);
bool vsch_ring_post_ev(struct vsch_ring *r, const struct vsch_vmm_event *rec,
		       u32 ev_flags);
bool vsch_ring_pop(struct vsch_ring *r, struct vsch_vmm_event *ev);
bool vsch_ring_empty(struct vsch_ring *r);
void vsch_ring_counts(struct vsch_ring *r, u64 *total, u64 *lost);

/* ---- KVM glue (registered by vsch_kvm.ko) ------------------------------ */

/* Capabilities reported by vsch_kvm_glue.probe(). */
#define VSCH_KVM_CAP_KVM	0x1	/* kvm.ko loaded */
#define VSCH_KVM_CAP_IRQ	0x2	/* kvm.ko exports I/O injection */
#define VSCH_KVM_CAP_GLUE	0x4	/* vsch_kvm.ko registered (vsch_dev) */

/**
 * struct vsch_kvm_glue - the KVM glue module's entry points
 * @owner: the module providing them
 * @probe: which %VSCH_KVM_CAP_* are available now
 * @attach: take a reference on the VM behind @vm_file; returns an opaque
 *	handle or an ERR_PTR (-ENODEV no kvm.ko, -EINVAL not a VM)
 * @detach: drop the reference taken by @attach
 * @deliver: inject one record into the VM; process context; -EOPNOTSUPP
 *	when kvm.ko lacks the injection exports
 */
struct vsch_kvm_glue {
	struct module *owner;
	unsigned int (*probe)(void);
	void *(*attach)(struct file *vm_file);
	void (*detach)(void *vm);
	int (*deliver)(void *vm, const struct vsch_vmm_event *ev);
};

int vsch_register_kvm_glue(const struct vsch_kvm_glue *glue);
void vsch_unregister_kvm_glue(const struct vsch_kvm_glue *glue);

/* ---- context (dev.c) --------------------------------------------------- */

/* Upper bound of subchannels per context. */
#define VSCH_CTX_MAX_SCH	1024

/**
 * struct vsch_vsch - glue data of one virtual subchannel
 * @ctx: the owning context
 * @sch: the vsch_core subchannel (a reference)
 * @sid_word: subchannel-identification word as userspace names it
 * @devno: device number
 * @cu_model: control-unit model (virtio device type)
 * @flags: %VSCH_SCH_LOOPBACK or 0; immutable
 * @airq: adapter-interrupt eventfd, or NULL; set under vsch_ctx.lock and
 *	read under vsch_ctx.airq_lock
 * @airq_signalled: adapter interrupts signalled
 * @raised: I/O-interruption requests raised by the core
 * @withdrawn: withdrawals requested by the core
 */
struct vsch_vsch {
	struct vsch_ctx *ctx;
	struct vsch_sch *sch;
	u32 sid_word;
	u16 devno;
	u8 cu_model;
	u32 flags;
	struct eventfd_ctx *airq;
	atomic64_t airq_signalled;
	atomic64_t raised;
	atomic64_t withdrawn;
};

/**
 * struct vsch_ctx - one open file of /dev/vsch
 * @lock: serialises ioctls; protects @schs, @nr_sch, @glue, @vm, @backend
 *	and the @airq pointers of the subchannels (writers)
 * @airq_lock: protects reading vsch_vsch.airq against unbind
 * @css: the channel-subsystem image of vsch_core
 * @schs: &struct vsch_vsch by SID word
 * @nr_sch: entries in @schs
 * @glue: KVM glue in use (module reference held), or NULL
 * @vm: handle from vsch_kvm_glue.attach(), or NULL
 * @backend: %VSCH_IRQ_BACKEND_VMM or %VSCH_IRQ_BACKEND_KVM; written under
 *	@lock, read locklessly by the core callbacks
 * @notify: notify bindings
 * @ring: interrupt records for the VMM, read() from the file
 * @kring: interrupt records for the KVM injector (%VSCH_IRQ_BACKEND_KVM);
 *	a record it cannot inject moves to @ring, flagged
 *	%VSCH_EV_F_UNDELIVERED
 * @event_fd: signalled for every VMM record; under @ring.lock
 * @readq: readers and pollers of @ring
 * @inject_work: drains @kring into KVM
 * @airq_signalled: total adapter-interrupt signals
 * @debugfs: this context's debugfs file
 */
struct vsch_ctx {
	struct mutex lock;		/* see above */
	spinlock_t airq_lock;		/* protects reading vsch_vsch.airq */
	struct vsch_css *css;
	struct xarray schs;
	unsigned int nr_sch;
	const struct vsch_kvm_glue *glue;
	void *vm;
	u32 backend;
	struct vsch_notify notify;
	struct vsch_ring ring;
	struct vsch_ring kring;
	struct eventfd_ctx *event_fd;
	wait_queue_head_t readq;
	struct work_struct inject_work;
	atomic64_t airq_signalled;
	struct dentry *debugfs;
};

bool vsch_ctx_post(struct vsch_ctx *ctx, u32 type, u32 sid_word, u32 intparm,
		   u32 int_word);
void vsch_ctx_inject_pending(struct vsch_ctx *ctx);
int vsch_airq_signal(struct vsch_ctx *ctx, u32 sid_word);
extern const struct vsch_notify_ops vsch_loopback_ops;
int vsch_airq_bind(struct vsch_ctx *ctx, struct vsch_vsch *v, int fd);
void vsch_airq_unbind(struct vsch_ctx *ctx, struct vsch_vsch *v);

#endif /* _VSCH_GLUE_H */

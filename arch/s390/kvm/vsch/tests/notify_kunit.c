// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: notify dispatch (notify.c) and the interrupt record ring
 * (irq_vmm.c).  The eventfd plumbing itself is exercised from userspace
 * by tools/testing/selftests/vsch/.
 */

#include <kunit/test.h>

#include "../glue.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

struct fake_consumer {
	unsigned int calls;
	u64 total;
	u32 sid_word;
	u16 vq;
};

static void fake_notify(void *priv, u32 sid_word, u16 vq, u64 count)
{
	struct fake_consumer *fc = priv;

	fc->calls++;
	fc->total += count;
	fc->sid_word = sid_word;
	fc->vq = vq;
}

static const struct vsch_notify_ops fake_ops = { .notify = fake_notify };

/* One dispatch scenario: signals, each flushed before the next. */
struct dispatch_case {
	const char *desc;
	bool consumer;
	unsigned int nsig;
	u64 sig[4];
	unsigned int calls;	/* expected consumer calls */
	u64 total;		/* expected sum of counts seen */
	u64 signals;		/* expected binding signal counter */
};

static const struct dispatch_case dispatch_cases[] = {
	{ "one signal", true, 1, { 1 }, 1, 1, 1 },
	{ "count of three", true, 1, { 3 }, 1, 3, 3 },
	{ "three rounds", true, 3, { 1, 2, 5 }, 3, 8, 8 },
	{ "zero count is no signal", true, 2, { 0, 4 }, 1, 4, 4 },
	{ "no consumer: counted only", false, 2, { 2, 2 }, 0, 0, 4 },
};

static void dispatch_case_desc(const struct dispatch_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(dispatch, dispatch_cases, dispatch_case_desc);

static void notify_dispatch_test(struct kunit *test)
{
	const struct dispatch_case *c = test->param_value;
	struct vsch_notify_binding *b;
	struct fake_consumer fc = {};
	struct vsch_sch_stats st;
	struct vsch_notify *n;
	unsigned int i;

	n = kunit_kzalloc(test, sizeof(*n), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, n);
	vsch_notify_init(n);
	if (c->consumer)
		vsch_notify_set_consumer(n, &fake_ops, &fc);
	mutex_lock(&n->lock);
	b = vsch_notify_add(n, 0x00010007, 3, NULL);
	mutex_unlock(&n->lock);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));

	for (i = 0; i < c->nsig; i++) {
		vsch_notify_signal(b, c->sig[i]);
		vsch_notify_flush(n);
	}
	KUNIT_EXPECT_EQ(test, fc.calls, c->calls);
	KUNIT_EXPECT_EQ(test, fc.total, c->total);
	if (c->calls) {
		KUNIT_EXPECT_EQ(test, fc.sid_word, 0x00010007);
		KUNIT_EXPECT_EQ(test, fc.vq, 3);
	}
	vsch_notify_sch_stats(n, 0x00010007, &st);
	KUNIT_EXPECT_EQ(test, st.nr_notify, 1);
	KUNIT_EXPECT_EQ(test, st.notify_signals, c->signals);
	KUNIT_EXPECT_EQ(test, st.notify_dispatched, c->calls);
	KUNIT_EXPECT_EQ(test, atomic64_read(&n->dispatched), c->calls);

	vsch_notify_destroy(n);
	KUNIT_EXPECT_EQ(test, n->nr, 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&n->bindings));
}

/* Binding bookkeeping: duplicates, unbind, unbind of a whole subchannel. */
struct bind_step {
	enum { ADD, UNBIND, UNBIND_SCH } op;
	u32 sid;
	u16 vq;
	int ret;		/* expected result */
	unsigned int nr;	/* bindings afterwards */
};

static const struct bind_step bind_steps[] = {
	{ ADD, 0x00010001, 0, 0, 1 },
	{ ADD, 0x00010001, 1, 0, 2 },
	{ ADD, 0x00010001, 0, -EEXIST, 2 },
	{ ADD, 0x00010002, 0, 0, 3 },
	{ UNBIND, 0x00010002, 1, -ENOENT, 3 },
	{ UNBIND, 0x00010002, 0, 0, 2 },
	{ UNBIND, 0x00010002, 0, -ENOENT, 2 },
	{ ADD, 0x00010002, 0, 0, 3 },
	{ UNBIND_SCH, 0x00010001, 0, 0, 1 },
	{ UNBIND, 0x00010001, 1, -ENOENT, 1 },
};

static void notify_bind_test(struct kunit *test)
{
	struct vsch_notify_binding *b;
	struct vsch_notify *n;
	unsigned int i;
	int ret;

	n = kunit_kzalloc(test, sizeof(*n), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, n);
	vsch_notify_init(n);
	for (i = 0; i < ARRAY_SIZE(bind_steps); i++) {
		const struct bind_step *s = &bind_steps[i];

		switch (s->op) {
		case ADD:
			mutex_lock(&n->lock);
			b = vsch_notify_add(n, s->sid, s->vq, NULL);
			mutex_unlock(&n->lock);
			ret = IS_ERR(b) ? PTR_ERR(b) : 0;
			break;
		case UNBIND:
			ret = vsch_notify_unbind(n, s->sid, s->vq);
			break;
		default:
			vsch_notify_unbind_sch(n, s->sid);
			ret = 0;
			break;
		}
		KUNIT_EXPECT_EQ_MSG(test, ret, s->ret, "step %u", i);
		KUNIT_EXPECT_EQ_MSG(test, n->nr, s->nr, "step %u", i);
	}
	vsch_notify_destroy(n);
	KUNIT_EXPECT_EQ(test, n->nr, 0);
}

static void ring_test(struct kunit *test)
{
	struct vsch_vmm_event ev;
	struct vsch_ring *r;
	u64 total, lost;
	unsigned int i;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	vsch_ring_init(r);
	KUNIT_EXPECT_TRUE(test, vsch_ring_empty(r));
	KUNIT_EXPECT_FALSE(test, vsch_ring_pop(r, &ev));

	for (i = 0; i < VSCH_RING_SIZE; i++)
		KUNIT_ASSERT_TRUE(test, vsch_ring_post(r, VSCH_EV_RAISE,
						       0x00010000 | i, i,
						       3U << 27));
	/* Full: the next two are lost. */
	KUNIT_EXPECT_FALSE(test, vsch_ring_post(r, VSCH_EV_CRW, 0, 0, 0));
	KUNIT_EXPECT_FALSE(test, vsch_ring_post(r, VSCH_EV_CRW, 0, 0, 0));
	vsch_ring_counts(r, &total, &lost);
	KUNIT_EXPECT_EQ(test, total, VSCH_RING_SIZE);
	KUNIT_EXPECT_EQ(test, lost, 2);

	KUNIT_ASSERT_TRUE(test, vsch_ring_pop(r, &ev));
	KUNIT_EXPECT_EQ(test, ev.type, VSCH_EV_RAISE);
	KUNIT_EXPECT_EQ(test, ev.sid_word, 0x00010000);
	KUNIT_EXPECT_EQ(test, ev.int_word, 3U << 27);
	KUNIT_EXPECT_EQ(test, ev.seq, 0);
	KUNIT_EXPECT_EQ(test, ev.flags, 0);

	/* Room again: the next record tells the reader about the loss. */
	KUNIT_EXPECT_TRUE(test, vsch_ring_post(r, VSCH_EV_WITHDRAW, 0x00010001,
					       0, 0));
	for (i = 1; i < VSCH_RING_SIZE; i++) {
		KUNIT_ASSERT_TRUE(test, vsch_ring_pop(r, &ev));
		KUNIT_EXPECT_EQ(test, ev.seq, i);
	}
	KUNIT_ASSERT_TRUE(test, vsch_ring_pop(r, &ev));
	KUNIT_EXPECT_EQ(test, ev.type, VSCH_EV_WITHDRAW);
	KUNIT_EXPECT_EQ(test, ev.flags, VSCH_EV_F_LOST);
	KUNIT_EXPECT_EQ(test, ev.seq, VSCH_RING_SIZE);
	KUNIT_EXPECT_TRUE(test, vsch_ring_empty(r));
}

/*
 * The KVM backend's injector with a fake kvm.ko: records it cannot inject
 * reach the VMM's ring, flagged, in order; injected ones do not.
 */
struct inject_case {
	const char *desc;
	u32 type;
	int deliver_ret;	/* what the fake kvm.ko answers */
	bool to_vmm;
};

static const struct inject_case inject_cases[] = {
	{ "RAISE injected", VSCH_EV_RAISE, 0, false },
	{ "WITHDRAW injected", VSCH_EV_WITHDRAW, 0, false },
	{ "CRW injected", VSCH_EV_CRW, 0, false },
	{ "AIRQ: only the VMM can", VSCH_EV_AIRQ, -EOPNOTSUPP, true },
	{ "RAISE, kvm.ko fails", VSCH_EV_RAISE, -ENOMEM, true },
	{ "WITHDRAW, no export", VSCH_EV_WITHDRAW, -EOPNOTSUPP, true },
	{ "CRW, kvm.ko fails", VSCH_EV_CRW, -EINVAL, true },
};

static unsigned int fake_delivered;

static int fake_deliver(void *vm, const struct vsch_vmm_event *ev)
{
	const struct inject_case *c = vm;

	if (c[ev->intparm].deliver_ret)
		return c[ev->intparm].deliver_ret;
	fake_delivered++;
	return 0;
}

static const struct vsch_kvm_glue fake_glue = {
	.deliver = fake_deliver,
};

static void fake_inject_work(struct work_struct *work)
{
}

static void inject_fallback_test(struct kunit *test)
{
	unsigned int i, n = ARRAY_SIZE(inject_cases), want = 0;
	struct vsch_vmm_event ev;
	struct vsch_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	vsch_ring_init(&ctx->ring);
	vsch_ring_init(&ctx->kring);
	init_waitqueue_head(&ctx->readq);
	INIT_WORK(&ctx->inject_work, fake_inject_work);
	ctx->glue = &fake_glue;
	ctx->vm = (void *)inject_cases;
	ctx->backend = VSCH_IRQ_BACKEND_KVM;
	fake_delivered = 0;

	/* The case index travels as the interruption parameter. */
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_TRUE(test, vsch_ctx_post(ctx, inject_cases[i].type,
						      0x00010000 | i, i, 0));
	KUNIT_EXPECT_TRUE(test, vsch_ring_empty(&ctx->ring));
	flush_work(&ctx->inject_work);
	vsch_ctx_inject_pending(ctx);
	KUNIT_EXPECT_TRUE(test, vsch_ring_empty(&ctx->kring));

	for (i = 0; i < n; i++) {
		if (!inject_cases[i].to_vmm) {
			want++;
			continue;
		}
		KUNIT_ASSERT_TRUE_MSG(test, vsch_ring_pop(&ctx->ring, &ev),
				      "%s", inject_cases[i].desc);
		KUNIT_EXPECT_EQ_MSG(test, ev.intparm, i, "%s",
				    inject_cases[i].desc);
		KUNIT_EXPECT_EQ(test, ev.type, inject_cases[i].type);
		KUNIT_EXPECT_EQ(test, ev.sid_word, 0x00010000 | i);
		KUNIT_EXPECT_EQ(test, ev.flags, VSCH_EV_F_UNDELIVERED);
	}
	KUNIT_EXPECT_TRUE(test, vsch_ring_empty(&ctx->ring));
	KUNIT_EXPECT_EQ(test, fake_delivered, want);

	/* A loss in the injector's ring is passed on to the VMM. */
	for (i = 0; i < VSCH_RING_SIZE + 1; i++)
		vsch_ctx_post(ctx, VSCH_EV_RAISE, 0x00010000, 0, 0);
	flush_work(&ctx->inject_work);
	vsch_ctx_inject_pending(ctx);
	vsch_ctx_post(ctx, VSCH_EV_RAISE, 0x00010000, 0, 0);
	vsch_ctx_inject_pending(ctx);
	KUNIT_ASSERT_TRUE(test, vsch_ring_pop(&ctx->ring, &ev));
	KUNIT_EXPECT_EQ(test, ev.flags, VSCH_EV_F_LOST);
	KUNIT_EXPECT_TRUE(test, vsch_ring_empty(&ctx->ring));
}

static struct kunit_case notify_cases[] = {
	KUNIT_CASE_PARAM(notify_dispatch_test, dispatch_gen_params),
	KUNIT_CASE(notify_bind_test),
	KUNIT_CASE(ring_test),
	KUNIT_CASE(inject_fallback_test),
	{}
};

static struct kunit_suite notify_suite = {
	.name = "vsch_notify",
	.test_cases = notify_cases,
};

kunit_test_suite(notify_suite);

MODULE_DESCRIPTION("KUnit tests for vsch notify dispatch and the VMM ring");
MODULE_LICENSE("GPL");

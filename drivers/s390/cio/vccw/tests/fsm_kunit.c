// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the vccw state machine (vccw_fsm.c).
 *
 * One case per (state, event) cell of the FSM table, checked against an
 * independent statement of the intended behaviour (vccw_fsm_expect):
 * return value, next state and which channel-subsystem calls were made.
 * The calls go to fakes behind struct vccw_hw_ops.  Further tables cover
 * the START / HALT / CLEAR condition-code mapping, final-status detection
 * and the IRB queue.
 */

#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "vccw_private.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* Which fake was called (bit per op). */
#define HW_SSCH		BIT(0)
#define HW_HSCH		BIT(1)
#define HW_CSCH		BIT(2)
#define HW_ENABLE	BIT(3)
#define HW_DISABLE	BIT(4)
#define HW_UNREG	BIT(5)
#define HW_SCHIB	BIT(6)
#define HW_CHC		BIT(7)

/* The fake channel subsystem: what to answer, what was asked. */
static struct {
	int ssch_cc, hsch_cc, csch_cc;
	int enable_ret, disable_ret, schib_ret;
	unsigned int calls;
	struct irb irb;
} fake;

static int fake_ssch(struct subchannel *sch, union orb *orb)
{
	fake.calls |= HW_SSCH;
	return fake.ssch_cc;
}

static int fake_hsch(struct subchannel *sch)
{
	fake.calls |= HW_HSCH;
	return fake.hsch_cc;
}

static int fake_csch(struct subchannel *sch)
{
	fake.calls |= HW_CSCH;
	return fake.csch_cc;
}

static int fake_enable(struct subchannel *sch, u32 intparm)
{
	fake.calls |= HW_ENABLE;
	return fake.enable_ret;
}

static int fake_disable(struct subchannel *sch)
{
	fake.calls |= HW_DISABLE;
	return fake.disable_ret;
}

static int fake_update_schib(struct subchannel *sch)
{
	fake.calls |= HW_SCHIB;
	return fake.schib_ret;
}

static int fake_cancel_halt_clear(struct subchannel *sch, int *iretry)
{
	fake.calls |= HW_CHC;
	return 0;
}

static struct irb *fake_irb(struct subchannel *sch)
{
	return &fake.irb;
}

static void fake_sched_unreg(struct subchannel *sch)
{
	fake.calls |= HW_UNREG;
}

static const struct vccw_hw_ops fake_hw = {
	.ssch = fake_ssch,
	.hsch = fake_hsch,
	.csch = fake_csch,
	.enable = fake_enable,
	.disable = fake_disable,
	.update_schib = fake_update_schib,
	.cancel_halt_clear = fake_cancel_halt_clear,
	.irb = fake_irb,
	.sched_unreg = fake_sched_unreg,
};

static unsigned int work_runs;

static void fake_io_work(struct work_struct *work)
{
	work_runs++;
}

/* A final, solicited start-function status: CE+DE, CPA host address. */
static void set_final_irb(struct irb *irb)
{
	memset(irb, 0, sizeof(*irb));
	irb->scsw.cmd.fctl = SCSW_FCTL_START_FUNC;
	irb->scsw.cmd.stctl = SCSW_STCTL_PRIM_STATUS | SCSW_STCTL_SEC_STATUS |
			      SCSW_STCTL_STATUS_PEND;
	irb->scsw.cmd.dstat = DEV_STAT_CHN_END | DEV_STAT_DEV_END;
	irb->scsw.cmd.cpa = (__force dma32_t)0x7fff0008;
}

/*
 * The fake subchannel is plain test memory, never a registered or even
 * initialised device: the state machine only takes its lock and prints
 * its name, so no reference counting (and no release()) is involved.
 */
static struct vccw_private *fsm_test_device(struct kunit *test,
					    enum vccw_state state)
{
	struct vccw_private *private;
	struct subchannel *sch;

	sch = kunit_kzalloc(test, sizeof(*sch), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sch);
	private = kunit_kzalloc(test, sizeof(*private), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, private);
	spin_lock_init(&sch->lock);
	/* dev_name() of a device that was never added. */
	sch->dev.init_name = "0.0.fa57";
	sch->lpm = 0xff;
	private->sch = sch;
	private->hw = &fake_hw;
	private->state = state;
	INIT_WORK(&private->io_work, fake_io_work);

	memset(&fake, 0, sizeof(fake));
	set_final_irb(&fake.irb);
	private->async_cmd = VFIO_CCW_ASYNC_CMD_HSCH;
	work_runs = 0;
	return private;
}

static void fsm_test_put(struct vccw_private *private)
{
	flush_work(&private->io_work);
}

static int raise(struct vccw_private *private, enum vccw_event event)
{
	int ret;

	spin_lock_irq(&private->sch->lock);
	ret = vccw_fsm_event(private, event);
	spin_unlock_irq(&private->sch->lock);
	return ret;
}

/* ------------------------------------------------------------------ */
/* One case per cell                                                   */

/**
 * struct fsm_expect - intended behaviour of one cell
 * @ret: return value of vccw_fsm_event()
 * @next: state afterwards
 * @calls: HW_* fakes that must have been called (and no others)
 * @queued: IRBs in the queue afterwards
 * @ready: of those, readable by userspace (published by the interruption)
 * @cp_final: vccw_private.cp_final afterwards
 *
 * The I/O work is queued with every IRB (no write is under way to signal
 * for it, see fsm_light_test()).
 */
struct fsm_expect {
	int ret;
	enum vccw_state next;
	unsigned int calls;
	unsigned int queued;
	unsigned int ready;
	bool cp_final;
};

#define S(x) VCCW_STATE_##x
#define E(x) VCCW_EVENT_##x
#define X(r, n, c) { .ret = (r), .next = S(n), .calls = (c) }
/* A final IRB of a live program waits for the I/O work; others do not. */
#define IRQ(n) { .next = S(n), .queued = 1, .ready = 1 }
#define IRQ_FINAL(n) { .next = S(n), .queued = 1, .cp_final = true }
/* A program that never sees its interruption ends with our own IRB. */
#define GONE { .next = S(NOT_OPER), .calls = HW_UNREG, .queued = 1, \
	       .cp_final = true }

static const struct fsm_expect vccw_fsm_expect[VCCW_STATE_NR][VCCW_EVENT_NR] = {
	[S(NOT_OPER)] = {
		[E(NOT_OPER)]	= X(0, NOT_OPER, 0),
		[E(OPEN)]	= X(-ENODEV, NOT_OPER, 0),
		[E(CLOSE)]	= X(0, NOT_OPER, 0),
		[E(IO_REQ)]	= X(-ENODEV, NOT_OPER, 0),
		[E(IO_START)]	= X(-ENODEV, NOT_OPER, 0),
		[E(IO_ABORT)]	= X(0, NOT_OPER, 0),
		[E(INTERRUPT)]	= X(0, NOT_OPER, HW_DISABLE),
		[E(IO_DONE)]	= X(0, NOT_OPER, 0),
		[E(ASYNC_REQ)]	= X(-ENODEV, NOT_OPER, 0),
		[E(UNMAP)]	= X(0, NOT_OPER, 0),
	},
	[S(STANDBY)] = {
		[E(NOT_OPER)]	= X(0, NOT_OPER, HW_UNREG),
		[E(OPEN)]	= X(0, IDLE, HW_ENABLE),
		[E(CLOSE)]	= X(0, STANDBY, 0),
		[E(IO_REQ)]	= X(-EIO, STANDBY, 0),
		[E(IO_START)]	= X(-EIO, STANDBY, 0),
		[E(IO_ABORT)]	= X(0, STANDBY, 0),
		[E(INTERRUPT)]	= X(0, STANDBY, HW_DISABLE),
		[E(IO_DONE)]	= X(0, STANDBY, 0),
		[E(ASYNC_REQ)]	= X(-EIO, STANDBY, 0),
		[E(UNMAP)]	= X(0, STANDBY, 0),
	},
	[S(IDLE)] = {
		[E(NOT_OPER)]	= X(0, NOT_OPER, HW_UNREG),
		[E(OPEN)]	= X(-EBUSY, IDLE, 0),
		[E(CLOSE)]	= X(0, STANDBY, HW_DISABLE),
		[E(IO_REQ)]	= X(0, CP_PROCESSING, 0),
		[E(IO_START)]	= X(-EINVAL, IDLE, 0),
		[E(IO_ABORT)]	= X(-EINVAL, IDLE, 0),
		[E(INTERRUPT)]	= IRQ(IDLE),
		[E(IO_DONE)]	= X(0, IDLE, 0),
		[E(ASYNC_REQ)]	= X(0, IDLE, HW_HSCH),
		[E(UNMAP)]	= X(0, IDLE, 0),
	},
	[S(CP_PROCESSING)] = {
		[E(NOT_OPER)]	= X(0, NOT_OPER, HW_UNREG),
		[E(OPEN)]	= X(-EBUSY, CP_PROCESSING, 0),
		[E(CLOSE)]	= X(0, STANDBY, HW_DISABLE),
		[E(IO_REQ)]	= X(-EAGAIN, CP_PROCESSING, 0),
		[E(IO_START)]	= X(0, CP_PENDING, HW_SSCH),
		[E(IO_ABORT)]	= X(0, IDLE, 0),
		[E(INTERRUPT)]	= IRQ(CP_PROCESSING),
		[E(IO_DONE)]	= X(0, CP_PROCESSING, 0),
		[E(ASYNC_REQ)]	= X(-EAGAIN, CP_PROCESSING, 0),
		[E(UNMAP)]	= X(-EINVAL, CP_PROCESSING, 0),
	},
	[S(CP_PENDING)] = {
		[E(NOT_OPER)]	= GONE,
		[E(OPEN)]	= X(-EBUSY, CP_PENDING, 0),
		[E(CLOSE)]	= X(0, STANDBY, HW_DISABLE),
		[E(IO_REQ)]	= X(-EBUSY, CP_PENDING, 0),
		[E(IO_START)]	= X(-EINVAL, CP_PENDING, 0),
		[E(IO_ABORT)]	= X(-EINVAL, CP_PENDING, 0),
		[E(INTERRUPT)]	= IRQ_FINAL(CP_PENDING),
		/* cp_final is set up before this cell, see fsm_cell_test() */
		[E(IO_DONE)]	= X(0, IDLE, 0),
		[E(ASYNC_REQ)]	= X(0, CP_PENDING, HW_HSCH),
		[E(UNMAP)]	= X(-EINPROGRESS, CP_PENDING, HW_CSCH),
	},
};

/*
 * The parameters are the cells themselves: a pointer into fsm_cells, whose
 * offset is state * VCCW_EVENT_NR + event.  Adding a state or an event
 * adds cases, and the expectation table above must grow with it.
 */
static const u8 fsm_cells[VCCW_STATE_NR * VCCW_EVENT_NR];

static const void *fsm_cell_gen_params(const void *prev, char *desc)
{
	const u8 *cell = prev ? (const u8 *)prev + 1 : fsm_cells;
	unsigned int i = cell - fsm_cells;

	if (i >= ARRAY_SIZE(fsm_cells))
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s x %s",
		 vccw_state_name(i / VCCW_EVENT_NR),
		 vccw_event_name(i % VCCW_EVENT_NR));
	return cell;
}

static void fsm_cell_test(struct kunit *test)
{
	const unsigned int cell = (const u8 *)test->param_value - fsm_cells;
	enum vccw_state state = cell / VCCW_EVENT_NR;
	enum vccw_event event = cell % VCCW_EVENT_NR;
	const struct fsm_expect *exp = &vccw_fsm_expect[state][event];
	struct vccw_private *private = fsm_test_device(test, state);
	int ret;

	if (state == S(CP_PENDING) && event == E(IO_DONE))
		private->cp_final = true;
	ret = raise(private, event);
	KUNIT_EXPECT_EQ(test, ret, exp->ret);
	KUNIT_EXPECT_STREQ(test, vccw_state_name(private->state),
			   vccw_state_name(exp->next));
	KUNIT_EXPECT_EQ(test, fake.calls, exp->calls);
	KUNIT_EXPECT_EQ(test, private->irbs.count, exp->queued);
	KUNIT_EXPECT_EQ(test, private->irbs.ready, exp->ready);
	KUNIT_EXPECT_EQ(test, private->cp_final, exp->cp_final);
	fsm_test_put(private);
	KUNIT_EXPECT_EQ(test, work_runs, exp->queued ? 1u : 0u);
}

/* ------------------------------------------------------------------ */
/* START SUBCHANNEL condition codes (SA22-7832 ch. 14)                 */

struct ssch_case {
	const char *desc;
	int cc;
	u8 orb_lpm;
	u8 sch_lpm;
	int schib_ret;
	int ret;
	enum vccw_state next;
	u8 lpm_after;
};

static const struct ssch_case ssch_cases[] = {
	{ "cc0 started", 0, 0x80, 0xc0, 0, 0, S(CP_PENDING), 0xc0 },
	{ "cc1 status pending", 1, 0x80, 0xc0, 0, -EALREADY, S(IDLE), 0xc0 },
	{ "cc2 busy", 2, 0x80, 0xc0, 0, -EBUSY, S(IDLE), 0xc0 },
	{ "cc3 path gone, others left", 3, 0x80, 0xc0, 0, -EACCES, S(IDLE),
	  0x40 },
	{ "cc3 last path gone", 3, 0x80, 0x80, 0, -ENODEV, S(IDLE), 0x00 },
	{ "cc3 all paths (lpm 0)", 3, 0x00, 0xc0, 0, -ENODEV, S(IDLE), 0x00 },
	{ "cc3 subchannel gone", 3, 0x80, 0xc0, -ENODEV, -ENODEV, S(IDLE),
	  0x40 },
};

static void ssch_case_desc(const struct ssch_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ssch, ssch_cases, ssch_case_desc);

static void fsm_ssch_cc_test(struct kunit *test)
{
	const struct ssch_case *c = test->param_value;
	struct vccw_private *private = fsm_test_device(test,
						       S(CP_PROCESSING));

	fake.ssch_cc = c->cc;
	fake.schib_ret = c->schib_ret;
	private->sch->lpm = c->sch_lpm;
	private->host_orb.cmd.lpm = c->orb_lpm;
	KUNIT_EXPECT_EQ(test, raise(private, E(IO_START)), c->ret);
	KUNIT_EXPECT_EQ(test, private->state, c->next);
	KUNIT_EXPECT_EQ(test, private->sch->lpm, c->lpm_after);
	KUNIT_EXPECT_TRUE(test, fake.calls & HW_SSCH);
	fsm_test_put(private);
}

/* ------------------------------------------------------------------ */
/* HALT / CLEAR condition codes                                        */

struct async_case {
	const char *desc;
	u32 cmd;
	int cc;
	int ret;
	unsigned int call;
};

static const struct async_case async_cases[] = {
	{ "hsch cc0", VFIO_CCW_ASYNC_CMD_HSCH, 0, 0, HW_HSCH },
	{ "hsch cc1", VFIO_CCW_ASYNC_CMD_HSCH, 1, -EBUSY, HW_HSCH },
	{ "hsch cc2", VFIO_CCW_ASYNC_CMD_HSCH, 2, -EBUSY, HW_HSCH },
	{ "hsch cc3", VFIO_CCW_ASYNC_CMD_HSCH, 3, -ENODEV, HW_HSCH },
	{ "csch cc0", VFIO_CCW_ASYNC_CMD_CSCH, 0, 0, HW_CSCH },
	{ "csch cc3", VFIO_CCW_ASYNC_CMD_CSCH, 3, -ENODEV, HW_CSCH },
	{ "bad command", 7, 0, -EINVAL, 0 },
};

static void async_case_desc(const struct async_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(async, async_cases, async_case_desc);

static void fsm_async_cc_test(struct kunit *test)
{
	const struct async_case *c = test->param_value;
	struct vccw_private *private = fsm_test_device(test, S(CP_PENDING));

	fake.hsch_cc = c->cc;
	fake.csch_cc = c->cc;
	private->async_cmd = c->cmd;
	KUNIT_EXPECT_EQ(test, raise(private, E(ASYNC_REQ)), c->ret);
	KUNIT_EXPECT_EQ(test, fake.calls, c->call);
	/* HALT / CLEAR never change the state; the interruption does. */
	KUNIT_EXPECT_EQ(test, private->state, S(CP_PENDING));
	fsm_test_put(private);
}

/* ------------------------------------------------------------------ */
/* Final status                                                        */

struct final_case {
	const char *desc;
	u8 fctl, actl, stctl;
	bool final;
};

static const struct final_case final_cases[] = {
	{ "primary+secondary", SCSW_FCTL_START_FUNC, 0,
	  SCSW_STCTL_PRIM_STATUS | SCSW_STCTL_SEC_STATUS |
	  SCSW_STCTL_STATUS_PEND, true },
	{ "PCI intermediate", SCSW_FCTL_START_FUNC,
	  SCSW_ACTL_SCHACT | SCSW_ACTL_DEVACT,
	  SCSW_STCTL_INTER_STATUS | SCSW_STCTL_STATUS_PEND, false },
	{ "suspended", SCSW_FCTL_START_FUNC, SCSW_ACTL_SUSPENDED,
	  SCSW_STCTL_INTER_STATUS | SCSW_STCTL_STATUS_PEND, false },
	{ "device active (CE only)", SCSW_FCTL_START_FUNC, SCSW_ACTL_DEVACT,
	  SCSW_STCTL_PRIM_STATUS | SCSW_STCTL_STATUS_PEND, false },
	{ "halt done", SCSW_FCTL_START_FUNC | SCSW_FCTL_HALT_FUNC, 0,
	  SCSW_STCTL_STATUS_PEND | SCSW_STCTL_PRIM_STATUS, true },
	{ "clear done", SCSW_FCTL_CLEAR_FUNC, 0, SCSW_STCTL_STATUS_PEND, true },
	{ "unsolicited alert", 0, 0,
	  SCSW_STCTL_ALERT_STATUS | SCSW_STCTL_STATUS_PEND, false },
	{ "no status pending", SCSW_FCTL_START_FUNC, 0, 0, false },
};

static void final_case_desc(const struct final_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(final, final_cases, final_case_desc);

static void fsm_final_test(struct kunit *test)
{
	const struct final_case *c = test->param_value;
	struct vccw_private *private = fsm_test_device(test, S(CP_PENDING));

	fake.irb.scsw.cmd.fctl = c->fctl;
	fake.irb.scsw.cmd.actl = c->actl;
	fake.irb.scsw.cmd.stctl = c->stctl;
	KUNIT_EXPECT_EQ(test, vccw_irb_is_final(&fake.irb), c->final);
	KUNIT_EXPECT_EQ(test, raise(private, E(INTERRUPT)), 0);
	/* Pages are returned only after a final interruption. */
	KUNIT_EXPECT_EQ(test, private->cp_final, c->final);
	KUNIT_EXPECT_EQ(test, private->state, S(CP_PENDING));
	fsm_test_put(private);
}

/* ------------------------------------------------------------------ */
/* IRB queue                                                           */

static void fsm_irb_queue_test(struct kunit *test)
{
	struct vccw_private *private = fsm_test_device(test, S(IDLE));
	struct irb out;
	unsigned int i;

	/* No program to release: readable at once; the work signals. */
	KUNIT_EXPECT_EQ(test, raise(private, E(INTERRUPT)), 0);
	KUNIT_EXPECT_EQ(test, private->irbs.ready, 1u);
	fsm_test_put(private);
	KUNIT_EXPECT_EQ(test, work_runs, 1u);

	/* Overflow drops the oldest; the order of the others is kept. */
	for (i = 1; i < VCCW_IRB_QUEUE_LEN + 3; i++) {
		fake.irb.scsw.cmd.count = i;
		raise(private, E(INTERRUPT));
	}
	spin_lock_irq(&private->sch->lock);
	KUNIT_EXPECT_EQ(test, private->irbs.count, VCCW_IRB_QUEUE_LEN);
	KUNIT_EXPECT_EQ(test, private->irbs.dropped, 3u);
	private->irbs.ready = private->irbs.count;
	for (i = 0; i < VCCW_IRB_QUEUE_LEN; i++) {
		KUNIT_ASSERT_TRUE(test, vccw_irb_pop(private, &out));
		KUNIT_EXPECT_EQ(test, (u32)out.scsw.cmd.count, i + 3);
		/* No live program in IDLE: the host CPA never escapes. */
		KUNIT_EXPECT_EQ(test, (__force u32)out.scsw.cmd.cpa, 0u);
	}
	KUNIT_EXPECT_FALSE(test, vccw_irb_pop(private, &out));
	spin_unlock_irq(&private->sch->lock);
	fsm_test_put(private);
}

static void set_queued_irb(struct irb *irb, char kind)
{
	set_final_irb(irb);
	switch (kind) {
	case 'i':
		irb->scsw.cmd.actl = SCSW_ACTL_SCHACT | SCSW_ACTL_DEVACT;
		irb->scsw.cmd.stctl = SCSW_STCTL_INTER_STATUS |
				      SCSW_STCTL_STATUS_PEND;
		irb->scsw.cmd.dstat = 0;
		break;
	case 'a':
		irb->scsw.cmd.fctl = 0;
		irb->scsw.cmd.stctl = SCSW_STCTL_ALERT_STATUS |
				      SCSW_STCTL_STATUS_PEND;
		irb->scsw.cmd.dstat = DEV_STAT_ATTENTION;
		break;
	case 'h':
		irb->scsw.cmd.fctl = SCSW_FCTL_HALT_FUNC;
		break;
	}
}

/**
 * struct irb_run - IRBs numbered in a row
 * @kind: 'f' final, 'i' intermediate status alone (see set_queued_irb())
 * @first: number of the first (in the SCSW count field); 0 ends a list
 * @n: how many
 * @pci: their channel status: the PCI bit or 0
 */
struct irb_run {
	char kind;
	u16 first;
	u16 n;
	u8 pci;
};

/*
 * A full queue merges the oldest unannounced intermediate status into the
 * status after it (its PCI bit carried over) before it drops anything:
 * a final status is never lost to a flood of PCIs.  @queued are raised in
 * order, the oldest announced by a wakeup after the first run if
 * @announce; @want is what the queue holds then, oldest first.
 */
struct irb_merge_case {
	const char *desc;
	struct irb_run queued[4];
	bool announce;
	struct irb_run want[4];
	unsigned int dropped;
};

#define QL VCCW_IRB_QUEUE_LEN
#define PCI SCHN_STAT_PCI

static const struct irb_merge_case irb_merge_cases[] = {
	{ "final, 31 PCIs, final: the first PCI merged",
	  { { 'f', 1, 1 }, { 'i', 2, QL - 1, PCI }, { 'f', QL + 1, 1 } },
	  false, { { 'f', 1, 1 }, { 'i', 3, QL - 2, PCI }, { 'f', QL + 1, 1 } } },
	{ "32 PCIs, the oldest announced, 2 finals: the next two merged",
	  { { 'i', 1, QL, PCI }, { 'f', QL + 1, 2 } },
	  true, { { 'i', 1, 1, PCI }, { 'i', 4, QL - 3, PCI },
		  { 'f', QL + 1, 2 } } },
	{ "final, PCI, 31 finals: the PCI bit moves to the next final",
	  { { 'f', 1, 1 }, { 'i', 2, 1, PCI }, { 'f', 3, QL - 1 } },
	  false, { { 'f', 1, 1 }, { 'f', 3, 1, PCI }, { 'f', 4, QL - 2 } } },
	{ "33 finals: nothing to merge, the oldest dropped",
	  { { 'f', 1, QL + 1 } }, false, { { 'f', 2, QL } }, 1 },
};

#undef PCI
#undef QL

static void irb_merge_case_desc(const struct irb_merge_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(irb_merge, irb_merge_cases, irb_merge_case_desc);

static void fsm_irb_merge_test(struct kunit *test)
{
	const struct irb_merge_case *c = test->param_value;
	struct vccw_private *private = fsm_test_device(test, S(IDLE));
	const struct irb_run *r;
	struct irb out;
	unsigned int i;

	for (r = c->queued; r->first; r++) {
		for (i = 0; i < r->n; i++) {
			set_queued_irb(&fake.irb, r->kind);
			fake.irb.scsw.cmd.count = r->first + i;
			fake.irb.scsw.cmd.cstat = r->pci;
			KUNIT_ASSERT_EQ(test, raise(private, E(INTERRUPT)), 0);
		}
		if (r == c->queued && c->announce) {
			spin_lock_irq(&private->sch->lock);
			KUNIT_EXPECT_TRUE(test, vccw_irb_owe_signal(private));
			spin_unlock_irq(&private->sch->lock);
		}
	}
	KUNIT_EXPECT_EQ(test, private->irbs.dropped, c->dropped);

	spin_lock_irq(&private->sch->lock);
	for (r = c->want; r->first; r++) {
		for (i = 0; i < r->n; i++) {
			KUNIT_ASSERT_TRUE(test, vccw_irb_pop(private, &out));
			KUNIT_EXPECT_EQ(test, (u16)out.scsw.cmd.count,
					r->first + i);
			KUNIT_EXPECT_EQ(test, (u8)out.scsw.cmd.cstat, r->pci);
			KUNIT_EXPECT_EQ(test, vccw_irb_is_final(&out),
					r->kind == 'f');
		}
	}
	KUNIT_EXPECT_FALSE(test, vccw_irb_pop(private, &out));
	spin_unlock_irq(&private->sch->lock);
	fsm_test_put(private);
}

/*
 * Eventfd wakeups: one per readable IRB, one outstanding at a time.  A
 * script of steps: 'i' an interruption queues an IRB, 'p' the I/O work
 * publishes, 'S' / 's' a signal is owed / not owed, 'r' a read takes an
 * IRB, 'e' a read finds none, 'z' the queue is reset (open, close), 'I'
 * as many interruptions as the queue holds (the last one overflows it).
 *
 * @held: the IRBs wait for the I/O work: the device runs a program with
 * pins of its own, whose final status every 'i' is, and 'p' releases it
 * (cp_final cleared; the state is kept, so the next 'i' is final again).
 * Otherwise the device is IDLE and every 'i' is readable at once.
 */
struct irb_signal_case {
	const char *desc;
	const char *script;
	bool held;
};

static const struct irb_signal_case irb_signal_cases[] = {
	{ "nothing ready, no wakeup", "sps", true },
	{ "held until released", "isipSsrSrs", true },
	{ "one IRB, one wakeup", "ipSsrs", true },
	{ "two IRBs published at once, a wakeup each", "iipSsrSrs", true },
	/*
	 * A read takes the first IRB while the work publishes the second:
	 * only one of them may signal for it.
	 */
	{ "IRB published while the first is unread", "ipSipsrSrs", true },
	{ "read without a wakeup answers it", "iprsipSrs", true },
	{ "reader reads an empty queue", "ipSrsese", true },
	{ "reset forgets the owed wakeup", "ipSzsipSrs", true },
	/*
	 * Overflow drops the announced IRB before it is read: the read
	 * that finds nothing still answers the wakeup, so the IRBs that
	 * follow are announced again (a reader is never stalled).
	 */
	{ "overflow drops the announced IRB", "ipSIsepSrSs", true },
	{ "readable at once, one wakeup", "iSsrs", false },
	{ "second IRB while the first is unread", "iSisrSrs", false },
	{ "IRBs read without a wakeup", "iirrsiSrs", false },
};

static void irb_signal_case_desc(const struct irb_signal_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->desc);
}

KUNIT_ARRAY_PARAM(irb_signal, irb_signal_cases, irb_signal_case_desc);

static void fsm_irb_signal_test(struct kunit *test)
{
	const struct irb_signal_case *c = test->param_value;
	struct vccw_private *private =
		fsm_test_device(test, c->held ? S(CP_PENDING) : S(IDLE));
	const char *step;
	struct irb out;
	unsigned int n;

	for (step = c->script; *step; step++) {
		if (*step == 'i' || *step == 'I') {
			n = *step == 'I' ? VCCW_IRB_QUEUE_LEN : 1;
			while (n--)
				KUNIT_EXPECT_EQ(test,
						raise(private, E(INTERRUPT)), 0);
			continue;
		}
		spin_lock_irq(&private->sch->lock);
		switch (*step) {
		case 'p':
			private->cp_final = false;
			vccw_irb_publish(private);
			break;
		case 'S':
		case 's':
			KUNIT_EXPECT_EQ_MSG(test, vccw_irb_owe_signal(private),
					    *step == 'S', "step %td of \"%s\"",
					    step - c->script, c->script);
			break;
		case 'r':
		case 'e':
			KUNIT_EXPECT_EQ_MSG(test, vccw_irb_pop(private, &out),
					    *step == 'r', "step %td of \"%s\"",
					    step - c->script, c->script);
			break;
		case 'z':
			vccw_irb_reset(private);
			break;
		}
		spin_unlock_irq(&private->sch->lock);
	}
	fsm_test_put(private);
}

/* Close while busy: state kept so the caller can halt/clear and retry. */
static void fsm_close_busy_test(struct kunit *test)
{
	struct vccw_private *private = fsm_test_device(test, S(CP_PENDING));

	fake.disable_ret = -EBUSY;
	KUNIT_EXPECT_EQ(test, raise(private, E(CLOSE)), -EBUSY);
	KUNIT_EXPECT_EQ(test, private->state, S(CP_PENDING));
	KUNIT_EXPECT_EQ(test, fake.calls, (unsigned int)HW_DISABLE);
	fake.disable_ret = -ENODEV;
	KUNIT_EXPECT_EQ(test, raise(private, E(CLOSE)), -ENODEV);
	KUNIT_EXPECT_EQ(test, private->state, S(NOT_OPER));
	KUNIT_EXPECT_TRUE(test, fake.calls & HW_UNREG);
	fsm_test_put(private);
}

/* A failed enable leaves the device not operational. */
static void fsm_open_fail_test(struct kunit *test)
{
	struct vccw_private *private = fsm_test_device(test, S(STANDBY));

	fake.enable_ret = -ENODEV;
	KUNIT_EXPECT_EQ(test, raise(private, E(OPEN)), -ENODEV);
	KUNIT_EXPECT_EQ(test, private->state, S(NOT_OPER));
	KUNIT_EXPECT_EQ(test, fake.calls, (unsigned int)(HW_ENABLE | HW_UNREG));
	fsm_test_put(private);
}

/* ------------------------------------------------------------------ */
/* HALT / CLEAR in every state                                         */

/*
 * The async region is legal in every state and answers with a defined
 * error: NOT_OPER -ENODEV (cc 3 for the guest), STANDBY -EIO (closed),
 * CP_PROCESSING -EAGAIN (a start is being translated); IDLE and
 * CP_PENDING issue the instruction and map its condition code as
 * fsm_async_cc_test() checks.  The state never changes: the interruption
 * of the halt or clear does that.
 */
struct async_state_case {
	const char *desc;
	enum vccw_state state;
	u32 cmd;
	int cc;
	int ret;
	unsigned int call;
};

#define AS(st, c, n, r, k) { #st " " #c " cc" #n, S(st), \
			    VFIO_CCW_ASYNC_CMD_##c, n, r, k }

static const struct async_state_case async_state_cases[] = {
	AS(NOT_OPER, HSCH, 0, -ENODEV, 0),
	AS(NOT_OPER, CSCH, 0, -ENODEV, 0),
	AS(STANDBY, HSCH, 0, -EIO, 0),
	AS(STANDBY, CSCH, 0, -EIO, 0),
	AS(CP_PROCESSING, HSCH, 0, -EAGAIN, 0),
	AS(CP_PROCESSING, CSCH, 0, -EAGAIN, 0),
	AS(IDLE, HSCH, 0, 0, HW_HSCH),
	AS(IDLE, HSCH, 1, -EBUSY, HW_HSCH),
	AS(IDLE, HSCH, 2, -EBUSY, HW_HSCH),
	AS(IDLE, HSCH, 3, -ENODEV, HW_HSCH),
	AS(IDLE, CSCH, 0, 0, HW_CSCH),
	AS(IDLE, CSCH, 3, -ENODEV, HW_CSCH),
	AS(CP_PENDING, HSCH, 0, 0, HW_HSCH),
	AS(CP_PENDING, HSCH, 1, -EBUSY, HW_HSCH),
	AS(CP_PENDING, HSCH, 2, -EBUSY, HW_HSCH),
	AS(CP_PENDING, HSCH, 3, -ENODEV, HW_HSCH),
	AS(CP_PENDING, CSCH, 0, 0, HW_CSCH),
	AS(CP_PENDING, CSCH, 3, -ENODEV, HW_CSCH),
};

static void async_state_case_desc(const struct async_state_case *c,
				  char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(async_state, async_state_cases, async_state_case_desc);

static void fsm_async_state_test(struct kunit *test)
{
	const struct async_state_case *c = test->param_value;
	struct vccw_private *private = fsm_test_device(test, c->state);

	fake.hsch_cc = c->cc;
	fake.csch_cc = c->cc;
	private->async_cmd = c->cmd;
	KUNIT_EXPECT_EQ(test, raise(private, E(ASYNC_REQ)), c->ret);
	KUNIT_EXPECT_EQ(test, fake.calls, c->call);
	KUNIT_EXPECT_EQ(test, private->state, c->state);
	KUNIT_EXPECT_FALSE(test, private->cp_final);
	fsm_test_put(private);
}

/*
 * HALT and CLEAR against the status userspace has not read yet: queued
 * IRBs are the subchannel's pending status.  @irbs, oldest first: 'f' a
 * final start status, 'i' intermediate status alone (a PCI), 'a' alert
 * status alone (unsolicited), 'h' the status of a halt.  @held: the
 * device runs a program with pins of its own, so a final status waits for
 * the I/O work, unpublished.  @announced: a wakeup was sent for the
 * oldest IRB.  Afterwards @left IRBs are queued, the oldest @head_fctl.
 */
struct async_pending_case {
	const char *desc;
	const char *irbs;
	bool held;
	bool announced;
	u32 cmd;
	int cc;
	int ret;
	unsigned int call;
	unsigned int left;
	u8 head_fctl;
};

#define AP(d, q, h, a, c, n, r, k, l, f) { d, q, h, a, \
	VFIO_CCW_ASYNC_CMD_##c, n, r, k, l, f }

static const struct async_pending_case async_pending_cases[] = {
	/* HSCH cc 1 unless the status is intermediate status alone. */
	AP("hsch, final status unread", "f", false, true, HSCH, 0,
	   -EBUSY, 0, 1, SCSW_FCTL_START_FUNC),
	AP("hsch, final status held for the work", "f", true, false, HSCH, 0,
	   -EBUSY, 0, 1, SCSW_FCTL_START_FUNC),
	AP("hsch, alert status alone", "a", false, false, HSCH, 0,
	   -EBUSY, 0, 1, 0),
	AP("hsch, halt status unread", "h", false, false, HSCH, 0,
	   -EBUSY, 0, 1, SCSW_FCTL_HALT_FUNC),
	AP("hsch, intermediate status alone", "ii", false, true, HSCH, 0,
	   0, HW_HSCH, 2, SCSW_FCTL_START_FUNC),
	AP("hsch, intermediate then final", "if", false, false, HSCH, 0,
	   -EBUSY, 0, 2, SCSW_FCTL_START_FUNC),
	AP("hsch, nothing queued, host cc 2", "", false, false, HSCH, 2,
	   -EBUSY, HW_HSCH, 0, 0),
	/* CSCH clears the status, except the IRB a wakeup announced. */
	AP("csch, final status unannounced", "f", false, false, CSCH, 0,
	   0, HW_CSCH, 0, 0),
	AP("csch, final status announced", "f", false, true, CSCH, 0,
	   0, HW_CSCH, 1, SCSW_FCTL_START_FUNC),
	AP("csch, announced halt and three more", "hifh", false, true, CSCH,
	   0, 0, HW_CSCH, 1, SCSW_FCTL_HALT_FUNC),
	AP("csch, final status held for the work", "f", true, false, CSCH, 0,
	   0, HW_CSCH, 0, 0),
	AP("csch cc 3 clears nothing", "ff", false, true, CSCH, 3,
	   -ENODEV, HW_CSCH, 2, SCSW_FCTL_START_FUNC),
};

static void async_pending_case_desc(const struct async_pending_case *c,
				    char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(async_pending, async_pending_cases,
		  async_pending_case_desc);

static void fsm_async_pending_test(struct kunit *test)
{
	const struct async_pending_case *c = test->param_value;
	struct vccw_private *private =
		fsm_test_device(test, c->held ? S(CP_PENDING) : S(IDLE));
	unsigned int queued = strlen(c->irbs);
	const char *kind;
	struct irb out;

	for (kind = c->irbs; *kind; kind++) {
		set_queued_irb(&fake.irb, *kind);
		KUNIT_ASSERT_EQ(test, raise(private, E(INTERRUPT)), 0);
	}
	spin_lock_irq(&private->sch->lock);
	KUNIT_ASSERT_EQ(test, private->irbs.count, queued);
	KUNIT_ASSERT_EQ(test, private->irbs.ready, c->held ? 0 : queued);
	if (c->announced)
		KUNIT_ASSERT_TRUE(test, vccw_irb_owe_signal(private));
	spin_unlock_irq(&private->sch->lock);

	fake.hsch_cc = c->cc;
	fake.csch_cc = c->cc;
	private->async_cmd = c->cmd;
	KUNIT_EXPECT_EQ(test, raise(private, E(ASYNC_REQ)), c->ret);
	KUNIT_EXPECT_EQ(test, fake.calls, c->call);
	KUNIT_EXPECT_EQ(test, private->irbs.count, c->left);
	KUNIT_EXPECT_EQ(test, atomic64_read(&private->cnt[VCCW_CNT_IRB_CLEARED]),
			(s64)(c->cmd == VFIO_CCW_ASYNC_CMD_CSCH && !c->ret ?
			      queued - c->left : 0));
	/* A held program is still released by the work, cleared or not. */
	KUNIT_EXPECT_EQ(test, private->cp_final, c->held);
	if (c->left && !c->held) {
		spin_lock_irq(&private->sch->lock);
		KUNIT_EXPECT_TRUE(test, vccw_irb_pop(private, &out));
		spin_unlock_irq(&private->sch->lock);
		KUNIT_EXPECT_EQ(test, (u32)out.scsw.cmd.fctl, (u32)c->head_fctl);
	}
	fsm_test_put(private);
}

/* Take the one IRB the queue must hold. */
static void pop_one(struct kunit *test, struct vccw_private *private,
		    struct irb *out)
{
	spin_lock_irq(&private->sch->lock);
	KUNIT_EXPECT_EQ(test, private->irbs.count, 1u);
	private->irbs.ready = private->irbs.count;
	KUNIT_EXPECT_TRUE(test, vccw_irb_pop(private, out));
	spin_unlock_irq(&private->sch->lock);
}

static void set_status_irb(struct irb *irb, u8 fctl)
{
	memset(irb, 0, sizeof(*irb));
	irb->scsw.cmd.fctl = fctl;
	irb->scsw.cmd.stctl = SCSW_STCTL_STATUS_PEND;
	irb->scsw.cmd.cpa = (__force dma32_t)0x7fff0010;
}

/*
 * CLEAR while a program runs, then START at once: the start is refused
 * until the pages of the cleared program are back (IO_DONE), and the new
 * program is not marked final by the clear's interruption.
 */
static void fsm_clear_then_start_test(struct kunit *test)
{
	struct vccw_private *private = fsm_test_device(test, S(CP_PENDING));
	struct irb out;

	private->async_cmd = VFIO_CCW_ASYNC_CMD_CSCH;
	KUNIT_EXPECT_EQ(test, raise(private, E(ASYNC_REQ)), 0);
	set_status_irb(&fake.irb, SCSW_FCTL_CLEAR_FUNC);
	KUNIT_EXPECT_EQ(test, raise(private, E(INTERRUPT)), 0);
	KUNIT_EXPECT_TRUE(test, private->cp_final);
	/* The old program's pages are still pinned: no new start yet. */
	KUNIT_EXPECT_EQ(test, raise(private, E(IO_REQ)), -EBUSY);
	KUNIT_EXPECT_EQ(test, raise(private, E(IO_DONE)), 0);
	KUNIT_EXPECT_EQ(test, private->state, S(IDLE));
	KUNIT_EXPECT_FALSE(test, private->cp_final);
	KUNIT_EXPECT_EQ(test, raise(private, E(IO_REQ)), 0);
	KUNIT_EXPECT_EQ(test, raise(private, E(IO_START)), 0);
	KUNIT_EXPECT_EQ(test, private->state, S(CP_PENDING));
	KUNIT_EXPECT_FALSE(test, private->cp_final);
	pop_one(test, private, &out);
	KUNIT_EXPECT_EQ(test, (u32)out.scsw.cmd.fctl, (u32)SCSW_FCTL_CLEAR_FUNC);
	KUNIT_EXPECT_EQ(test, (__force u32)out.scsw.cmd.cpa, 0u);
	fsm_test_put(private);
}

/*
 * The interruption of a HALT or CLEAR on an idle subchannel, or one that
 * arrives after the program's final status, never marks a program final:
 * only the program that is live may be released.
 */
static void fsm_halt_irq_no_program_test(struct kunit *test)
{
	struct vccw_private *private = fsm_test_device(test, S(IDLE));
	struct irb out;

	KUNIT_EXPECT_EQ(test, raise(private, E(ASYNC_REQ)), 0);
	set_status_irb(&fake.irb, SCSW_FCTL_HALT_FUNC);
	KUNIT_EXPECT_EQ(test, raise(private, E(INTERRUPT)), 0);
	KUNIT_EXPECT_FALSE(test, private->cp_final);
	KUNIT_EXPECT_EQ(test, private->state, S(IDLE));
	pop_one(test, private, &out);
	KUNIT_EXPECT_EQ(test, (__force u32)out.scsw.cmd.cpa, 0u);
	fsm_test_put(private);

	/*
	 * A halt issued while the program ran, whose interruption comes
	 * after the program's final status (pages not yet back): it
	 * changes nothing.
	 */
	private = fsm_test_device(test, S(CP_PENDING));
	KUNIT_EXPECT_EQ(test, raise(private, E(ASYNC_REQ)), 0);
	KUNIT_EXPECT_EQ(test, raise(private, E(INTERRUPT)), 0);
	KUNIT_EXPECT_TRUE(test, private->cp_final);
	set_status_irb(&fake.irb, SCSW_FCTL_HALT_FUNC);
	KUNIT_EXPECT_EQ(test, raise(private, E(INTERRUPT)), 0);
	KUNIT_EXPECT_TRUE(test, private->cp_final);
	KUNIT_EXPECT_EQ(test, private->state, S(CP_PENDING));
	KUNIT_EXPECT_EQ(test, private->irbs.count, 2u);
	fsm_test_put(private);
}

/* ------------------------------------------------------------------ */
/* DMA unmap of a running program                                      */

static void fsm_unmap_kill_test(struct kunit *test)
{
	struct vccw_private *private = fsm_test_device(test, S(CP_PENDING));
	struct irb out;

	KUNIT_EXPECT_EQ(test, raise(private, E(UNMAP)), -EINPROGRESS);
	KUNIT_EXPECT_EQ(test, fake.calls, (unsigned int)HW_CSCH);
	KUNIT_EXPECT_TRUE(test, private->cp_killed);
	/* A second unmap while the clear runs does not clear again. */
	fake.calls = 0;
	KUNIT_EXPECT_EQ(test, raise(private, E(UNMAP)), -EINPROGRESS);
	KUNIT_EXPECT_EQ(test, fake.calls, 0u);
	/* The clear's interruption ends the program: channel-program check. */
	set_status_irb(&fake.irb, SCSW_FCTL_CLEAR_FUNC);
	fake.irb.esw.esw0.erw.cons = 1;
	KUNIT_EXPECT_EQ(test, raise(private, E(INTERRUPT)), 0);
	KUNIT_EXPECT_TRUE(test, private->cp_final);
	KUNIT_EXPECT_FALSE(test, private->cp_killed);
	KUNIT_EXPECT_EQ(test, private->state, S(CP_PENDING));
	pop_one(test, private, &out);
	KUNIT_EXPECT_EQ(test, (u32)out.scsw.cmd.fctl, (u32)SCSW_FCTL_START_FUNC);
	KUNIT_EXPECT_EQ(test, (u32)out.scsw.cmd.actl, 0u);
	KUNIT_EXPECT_EQ(test, (u32)out.scsw.cmd.stctl,
			(u32)(SCSW_STCTL_PRIM_STATUS | SCSW_STCTL_SEC_STATUS |
			      SCSW_STCTL_ALERT_STATUS |
			      SCSW_STCTL_STATUS_PEND));
	KUNIT_EXPECT_EQ(test, (u32)out.scsw.cmd.cstat,
			(u32)SCHN_STAT_PROG_CHECK);
	KUNIT_EXPECT_EQ(test, (u32)out.scsw.cmd.dstat, 0u);
	KUNIT_EXPECT_EQ(test, (__force u32)out.scsw.cmd.cpa, 0u);
	KUNIT_EXPECT_EQ(test, (u32)out.esw.esw0.erw.cons, 0u);
	KUNIT_EXPECT_TRUE(test, vccw_irb_is_final(&out));
	/* The caller returns the pins; the device stays usable. */
	KUNIT_EXPECT_EQ(test, raise(private, E(IO_DONE)), 0);
	KUNIT_EXPECT_EQ(test, private->state, S(IDLE));
	KUNIT_EXPECT_EQ(test, raise(private, E(IO_REQ)), 0);
	fsm_test_put(private);
}

/* The program already ended: nothing to clear, the pins may go. */
static void fsm_unmap_after_final_test(struct kunit *test)
{
	struct vccw_private *private = fsm_test_device(test, S(CP_PENDING));

	KUNIT_EXPECT_EQ(test, raise(private, E(INTERRUPT)), 0);
	KUNIT_EXPECT_TRUE(test, private->cp_final);
	fake.calls = 0;
	KUNIT_EXPECT_EQ(test, raise(private, E(UNMAP)), 0);
	KUNIT_EXPECT_EQ(test, fake.calls, 0u);
	KUNIT_EXPECT_FALSE(test, private->cp_killed);
	fsm_test_put(private);
}

/* CLEAR finds the subchannel gone: the program ends with cc 3. */
static void fsm_unmap_gone_test(struct kunit *test)
{
	struct vccw_private *private = fsm_test_device(test, S(CP_PENDING));
	struct irb out;

	fake.csch_cc = 3;
	KUNIT_EXPECT_EQ(test, raise(private, E(UNMAP)), -ENODEV);
	KUNIT_EXPECT_EQ(test, private->state, S(NOT_OPER));
	KUNIT_EXPECT_EQ(test, fake.calls, (unsigned int)(HW_CSCH | HW_UNREG));
	KUNIT_EXPECT_TRUE(test, private->cp_final);
	pop_one(test, private, &out);
	KUNIT_EXPECT_EQ(test, (u32)out.scsw.cmd.cc, 3u);
	KUNIT_EXPECT_EQ(test, (u32)out.scsw.cmd.fctl, (u32)SCSW_FCTL_START_FUNC);
	KUNIT_EXPECT_EQ(test, (u32)out.scsw.cmd.stctl,
			(u32)(SCSW_STCTL_ALERT_STATUS | SCSW_STCTL_STATUS_PEND));
	KUNIT_EXPECT_TRUE(test, vccw_irb_is_final(&out));
	/* The I/O work returns the pins; the state stays NOT_OPER. */
	KUNIT_EXPECT_EQ(test, raise(private, E(IO_DONE)), 0);
	KUNIT_EXPECT_FALSE(test, private->cp_final);
	KUNIT_EXPECT_EQ(test, private->state, S(NOT_OPER));
	fsm_test_put(private);
	KUNIT_EXPECT_EQ(test, work_runs, 1u);
}

/* Gone while idle: no program, no IRB of our own. */
static void fsm_notoper_idle_test(struct kunit *test)
{
	struct vccw_private *private = fsm_test_device(test, S(IDLE));

	KUNIT_EXPECT_EQ(test, raise(private, E(NOT_OPER)), 0);
	KUNIT_EXPECT_EQ(test, private->irbs.count, 0u);
	KUNIT_EXPECT_FALSE(test, private->cp_final);
	/* After the final status was seen, no second ending either. */
	fsm_test_put(private);
	private = fsm_test_device(test, S(CP_PENDING));
	KUNIT_EXPECT_EQ(test, raise(private, E(INTERRUPT)), 0);
	KUNIT_EXPECT_EQ(test, raise(private, E(NOT_OPER)), 0);
	KUNIT_EXPECT_EQ(test, private->irbs.count, 1u);
	KUNIT_EXPECT_EQ(test, atomic64_read(&private->cnt[VCCW_CNT_NOT_OPER]),
			1);
	fsm_test_put(private);
}

/* ------------------------------------------------------------------ */
/* Completion without the I/O work                                     */

/**
 * struct light_case - the interruption of a running program
 * @desc: case name
 * @light: the program holds no pin of its own (cp_light)
 * @killed: an unmap is clearing it (cp_killed)
 * @fctl: function control of the IRB (SCSW_FCTL_*)
 * @actl: activity control of the IRB (SCSW_ACTL_*)
 * @stctl: status control of the IRB (SCSW_STCTL_*)
 * @next: state afterwards
 * @cp_final: the I/O work must release the program
 * @cp_retired: the program ended in place, the next claim forgets it
 * @ready: IRBs readable at once
 */
struct light_case {
	const char *desc;
	bool light, killed;
	u8 fctl, actl, stctl;
	enum vccw_state next;
	bool cp_final, cp_retired;
	unsigned int ready;
};

#define FINAL_ST (SCSW_STCTL_PRIM_STATUS | SCSW_STCTL_SEC_STATUS | \
		  SCSW_STCTL_STATUS_PEND)
#define PCI_ST (SCSW_STCTL_INTER_STATUS | SCSW_STCTL_STATUS_PEND)
#define ACTIVE (SCSW_ACTL_SCHACT | SCSW_ACTL_DEVACT)

static const struct light_case light_cases[] = {
	{ "light, final: IDLE at once", true, false,
	  SCSW_FCTL_START_FUNC, 0, FINAL_ST, S(IDLE), false, true, 1 },
	{ "light, halted: IDLE at once", true, false,
	  SCSW_FCTL_START_FUNC | SCSW_FCTL_HALT_FUNC, 0,
	  SCSW_STCTL_STATUS_PEND | SCSW_STCTL_PRIM_STATUS, S(IDLE), false,
	  true, 1 },
	{ "light, intermediate: still running", true, false,
	  SCSW_FCTL_START_FUNC, ACTIVE, PCI_ST, S(CP_PENDING), false, false,
	  1 },
	{ "light, cleared by an unmap: I/O work", true, true,
	  SCSW_FCTL_CLEAR_FUNC, 0, SCSW_STCTL_STATUS_PEND, S(CP_PENDING), true,
	  false, 0 },
	{ "own pins, final: I/O work", false, false,
	  SCSW_FCTL_START_FUNC, 0, FINAL_ST, S(CP_PENDING), true, false, 0 },
	{ "own pins, intermediate: still running", false, false,
	  SCSW_FCTL_START_FUNC, ACTIVE, PCI_ST, S(CP_PENDING), false, false,
	  1 },
};

static void light_case_desc(const struct light_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(light, light_cases, light_case_desc);

/*
 * A program whose pages are all cached ends in the interruption itself:
 * IDLE, its IRB readable and a wakeup owed before the handler returns; a
 * start may follow at once and forgets the old program.  Anything that
 * has pins to return still goes through the I/O work.  The wakeup is left
 * to the write that started the program while it runs (start_signals);
 * otherwise the I/O work signals.
 */
static void fsm_light_case(struct kunit *test, const struct light_case *c,
			   bool writer)
{
	struct vccw_private *private = fsm_test_device(test, S(CP_PENDING));
	bool owed;

	private->start_signals = writer;
	private->cp_light = c->light;
	private->cp_killed = c->killed;
	fake.irb.scsw.cmd.fctl = c->fctl;
	fake.irb.scsw.cmd.actl = c->actl;
	fake.irb.scsw.cmd.stctl = c->stctl;
	KUNIT_EXPECT_EQ(test, raise(private, E(INTERRUPT)), 0);
	KUNIT_EXPECT_EQ(test, private->state, c->next);
	KUNIT_EXPECT_EQ(test, private->cp_final, c->cp_final);
	KUNIT_EXPECT_EQ(test, private->cp_retired, c->cp_retired);
	KUNIT_EXPECT_EQ(test, private->irbs.ready, c->ready);
	spin_lock_irq(&private->sch->lock);
	owed = vccw_irb_owe_signal(private);
	spin_unlock_irq(&private->sch->lock);
	KUNIT_EXPECT_EQ(test, owed, c->ready != 0);
	fsm_test_put(private);
	KUNIT_EXPECT_EQ_MSG(test, work_runs,
			    c->cp_final || (c->ready && !writer) ? 1u : 0u,
			    "write under way: %d", writer);
	if (c->cp_retired) {
		/* The claim of the translator takes the retired program. */
		KUNIT_EXPECT_EQ(test, raise(private, E(IO_REQ)), 0);
		KUNIT_EXPECT_FALSE(test, private->cp_retired);
		KUNIT_EXPECT_EQ(test, private->state, S(CP_PROCESSING));
	}
}

static void fsm_light_test(struct kunit *test)
{
	fsm_light_case(test, test->param_value, false);
	fsm_light_case(test, test->param_value, true);
}

/* A retired program is also dropped by an unmap, close or the loss. */
static void fsm_retired_test(struct kunit *test)
{
	struct vccw_private *private = fsm_test_device(test, S(CP_PENDING));

	private->cp_light = true;
	KUNIT_EXPECT_EQ(test, raise(private, E(INTERRUPT)), 0);
	KUNIT_ASSERT_TRUE(test, private->cp_retired);
	/* Unmap: nothing to clear; vccw_cp_kill() releases, IO_DONE. */
	fake.calls = 0;
	KUNIT_EXPECT_EQ(test, raise(private, E(UNMAP)), 0);
	KUNIT_EXPECT_EQ(test, fake.calls, 0u);
	KUNIT_EXPECT_EQ(test, raise(private, E(IO_DONE)), 0);
	KUNIT_EXPECT_FALSE(test, private->cp_retired);
	KUNIT_EXPECT_EQ(test, private->state, S(IDLE));
	/* A late interruption is not the program's. */
	KUNIT_EXPECT_EQ(test, raise(private, E(INTERRUPT)), 0);
	KUNIT_EXPECT_FALSE(test, private->cp_retired);
	KUNIT_EXPECT_FALSE(test, private->cp_final);
	fsm_test_put(private);

	/* Gone while retired: the state stays NOT_OPER, IO_DONE clears. */
	private = fsm_test_device(test, S(CP_PENDING));
	private->cp_light = true;
	private->start_signals = true;
	KUNIT_EXPECT_EQ(test, raise(private, E(INTERRUPT)), 0);
	KUNIT_EXPECT_EQ(test, raise(private, E(NOT_OPER)), 0);
	KUNIT_EXPECT_EQ(test, private->state, S(NOT_OPER));
	/* No IRB of vccw's own: the program had ended. */
	KUNIT_EXPECT_EQ(test, private->irbs.count, 1u);
	KUNIT_EXPECT_EQ(test, raise(private, E(IO_DONE)), 0);
	KUNIT_EXPECT_FALSE(test, private->cp_retired);
	fsm_test_put(private);
	KUNIT_EXPECT_EQ(test, work_runs, 0u);
}

static struct kunit_case vccw_fsm_cases[] = {
	KUNIT_CASE_PARAM(fsm_cell_test, fsm_cell_gen_params),
	KUNIT_CASE_PARAM(fsm_ssch_cc_test, ssch_gen_params),
	KUNIT_CASE_PARAM(fsm_async_cc_test, async_gen_params),
	KUNIT_CASE_PARAM(fsm_final_test, final_gen_params),
	KUNIT_CASE(fsm_irb_queue_test),
	KUNIT_CASE_PARAM(fsm_irb_merge_test, irb_merge_gen_params),
	KUNIT_CASE_PARAM(fsm_irb_signal_test, irb_signal_gen_params),
	KUNIT_CASE(fsm_close_busy_test),
	KUNIT_CASE(fsm_open_fail_test),
	KUNIT_CASE_PARAM(fsm_async_state_test, async_state_gen_params),
	KUNIT_CASE_PARAM(fsm_async_pending_test, async_pending_gen_params),
	KUNIT_CASE(fsm_clear_then_start_test),
	KUNIT_CASE(fsm_halt_irq_no_program_test),
	KUNIT_CASE(fsm_unmap_kill_test),
	KUNIT_CASE(fsm_unmap_after_final_test),
	KUNIT_CASE(fsm_unmap_gone_test),
	KUNIT_CASE(fsm_notoper_idle_test),
	KUNIT_CASE_PARAM(fsm_light_test, light_gen_params),
	KUNIT_CASE(fsm_retired_test),
	{}
};

static struct kunit_suite vccw_fsm_suite = {
	.name = "vccw_fsm",
	.test_cases = vccw_fsm_cases,
};

kunit_test_suite(vccw_fsm_suite);

MODULE_DESCRIPTION("KUnit tests for the vccw state machine");
MODULE_LICENSE("GPL");

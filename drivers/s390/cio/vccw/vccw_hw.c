// SPDX-License-Identifier: GPL-2.0
/*
 * vccw: the channel-subsystem calls of the state machine, behind one ops
 * table so that the FSM can be tested with fakes.
 *
 * Every function here is called with sch->lock held (the cio layer requires
 * it for msch/ssch bookkeeping in sch->schib).
 */

#include <asm/cio.h>

#include "cio.h"
#include "css.h"
#include "ioasm.h"
#include "vccw_private.h"

static int vccw_hw_ssch(struct subchannel *sch, union orb *orb)
{
	lockdep_assert_held(&sch->lock);
	return ssch(sch->schid, orb);
}

static int vccw_hw_hsch(struct subchannel *sch)
{
	lockdep_assert_held(&sch->lock);
	return hsch(sch->schid);
}

static int vccw_hw_csch(struct subchannel *sch)
{
	lockdep_assert_held(&sch->lock);
	return csch(sch->schid);
}

static int vccw_hw_enable(struct subchannel *sch, u32 intparm)
{
	lockdep_assert_held(&sch->lock);
	return cio_enable_subchannel(sch, intparm);
}

static int vccw_hw_disable(struct subchannel *sch)
{
	lockdep_assert_held(&sch->lock);
	return cio_disable_subchannel(sch);
}

static int vccw_hw_update_schib(struct subchannel *sch)
{
	lockdep_assert_held(&sch->lock);
	return cio_update_schib(sch);
}

static int vccw_hw_cancel_halt_clear(struct subchannel *sch, int *iretry)
{
	lockdep_assert_held(&sch->lock);
	return cio_cancel_halt_clear(sch, iretry);
}

/* do_cio_interrupt() stored the IRB with TSCH in this CPU's cio_irb. */
static struct irb *vccw_hw_irb(struct subchannel *sch)
{
	lockdep_assert_held(&sch->lock);
	return this_cpu_ptr(&cio_irb);
}

static void vccw_hw_sched_unreg(struct subchannel *sch)
{
	lockdep_assert_held(&sch->lock);
	css_sched_sch_todo(sch, SCH_TODO_UNREG);
}

const struct vccw_hw_ops vccw_hw_real = {
	.ssch = vccw_hw_ssch,
	.hsch = vccw_hw_hsch,
	.csch = vccw_hw_csch,
	.enable = vccw_hw_enable,
	.disable = vccw_hw_disable,
	.update_schib = vccw_hw_update_schib,
	.cancel_halt_clear = vccw_hw_cancel_halt_clear,
	.irb = vccw_hw_irb,
	.sched_unreg = vccw_hw_sched_unreg,
};

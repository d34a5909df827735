/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vccw tracepoints, TRACE_SYSTEM vccw, keyed by subchannel id
 * (cssid.ssid.schno).
 */

#undef TRACE_SYSTEM
#define TRACE_SYSTEM vccw

#if !defined(_VCCW_TRACE_H_) || defined(TRACE_HEADER_MULTI_READ)
#define _VCCW_TRACE_H_

#include <linux/tracepoint.h>
#include <asm/cio.h>
#include <asm/schid.h>

TRACE_EVENT(vccw_fsm_event,
	    TP_PROTO(struct subchannel_id schid, int old, int event, int new,
		     int ret),
	    TP_ARGS(schid, old, event, new, ret),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, schno)
			     __field(int, old)
			     __field(int, event)
			     __field(int, new)
			     __field(int, ret)
	    ),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->schno = schid.sch_no;
			   __entry->old = old;
			   __entry->event = event;
			   __entry->new = new;
			   __entry->ret = ret;
	    ),
	    TP_printk("schid=%x.%x.%04x state=%d event=%d -> state=%d ret=%d",
		      __entry->cssid, __entry->ssid, __entry->schno,
		      __entry->old, __entry->event, __entry->new, __entry->ret)
);

TRACE_EVENT(vccw_io_request,
	    TP_PROTO(struct subchannel_id schid, u8 fctl, u32 guest_cpa,
		     int ret),
	    TP_ARGS(schid, fctl, guest_cpa, ret),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, schno)
			     __field(u8, fctl)
			     __field(u32, guest_cpa)
			     __field(int, ret)
	    ),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->schno = schid.sch_no;
			   __entry->fctl = fctl;
			   __entry->guest_cpa = guest_cpa;
			   __entry->ret = ret;
	    ),
	    TP_printk("schid=%x.%x.%04x fctl=0x%x cpa=0x%08x ret=%d",
		      __entry->cssid, __entry->ssid, __entry->schno,
		      __entry->fctl, __entry->guest_cpa, __entry->ret)
);

TRACE_EVENT(vccw_async_request,
	    TP_PROTO(struct subchannel_id schid, u32 command, int ret),
	    TP_ARGS(schid, command, ret),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, schno)
			     __field(u32, command)
			     __field(int, ret)
	    ),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->schno = schid.sch_no;
			   __entry->command = command;
			   __entry->ret = ret;
	    ),
	    TP_printk("schid=%x.%x.%04x command=%u ret=%d",
		      __entry->cssid, __entry->ssid, __entry->schno,
		      __entry->command, __entry->ret)
);

TRACE_EVENT(vccw_irq,
	    TP_PROTO(struct subchannel_id schid, const struct irb *irb,
		     bool final, unsigned int queued),
	    TP_ARGS(schid, irb, final, queued),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, schno)
			     __field(u8, fctl)
			     __field(u8, actl)
			     __field(u8, stctl)
			     __field(u8, dstat)
			     __field(u8, cstat)
			     __field(bool, final)
			     __field(unsigned int, queued)
	    ),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->schno = schid.sch_no;
			   __entry->fctl = irb->scsw.cmd.fctl;
			   __entry->actl = irb->scsw.cmd.actl;
			   __entry->stctl = irb->scsw.cmd.stctl;
			   __entry->dstat = irb->scsw.cmd.dstat;
			   __entry->cstat = irb->scsw.cmd.cstat;
			   __entry->final = final;
			   __entry->queued = queued;
	    ),
	    TP_printk("schid=%x.%x.%04x fctl=0x%x actl=0x%x stctl=0x%x dstat=0x%x cstat=0x%x final=%d queued=%u",
		      __entry->cssid, __entry->ssid, __entry->schno,
		      __entry->fctl, __entry->actl, __entry->stctl,
		      __entry->dstat, __entry->cstat, __entry->final,
		      __entry->queued)
);

TRACE_EVENT(vccw_chp_event,
	    TP_PROTO(struct subchannel_id schid, int mask, int event),
	    TP_ARGS(schid, mask, event),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, schno)
			     __field(int, mask)
			     __field(int, event)
	    ),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->schno = schid.sch_no;
			   __entry->mask = mask;
			   __entry->event = event;
	    ),
	    TP_printk("schid=%x.%x.%04x mask=0x%x event=%d",
		      __entry->cssid, __entry->ssid, __entry->schno,
		      __entry->mask, __entry->event)
);

TRACE_EVENT(vccw_crw,
	    TP_PROTO(struct subchannel_id schid, u8 rsc, u8 erc, u16 rsid,
		     bool overflow),
	    TP_ARGS(schid, rsc, erc, rsid, overflow),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, schno)
			     __field(u8, rsc)
			     __field(u8, erc)
			     __field(u16, rsid)
			     __field(bool, overflow)
	    ),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->schno = schid.sch_no;
			   __entry->rsc = rsc;
			   __entry->erc = erc;
			   __entry->rsid = rsid;
			   __entry->overflow = overflow;
	    ),
	    TP_printk("schid=%x.%x.%04x rsc=0x%x erc=0x%x rsid=0x%04x overflow=%d",
		      __entry->cssid, __entry->ssid, __entry->schno,
		      __entry->rsc, __entry->erc, __entry->rsid,
		      __entry->overflow)
);

TRACE_EVENT(vccw_unmap,
	    TP_PROTO(struct subchannel_id schid, u64 iova, u64 length,
		     int ret),
	    TP_ARGS(schid, iova, length, ret),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, schno)
			     __field(u64, iova)
			     __field(u64, length)
			     __field(int, ret)
	    ),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->schno = schid.sch_no;
			   __entry->iova = iova;
			   __entry->length = length;
			   __entry->ret = ret;
	    ),
	    TP_printk("schid=%x.%x.%04x iova=0x%llx length=0x%llx ret=%d",
		      __entry->cssid, __entry->ssid, __entry->schno,
		      __entry->iova, __entry->length, __entry->ret)
);

TRACE_EVENT(vccw_request,
	    TP_PROTO(struct subchannel_id schid, unsigned int count,
		     bool signalled),
	    TP_ARGS(schid, count, signalled),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, schno)
			     __field(unsigned int, count)
			     __field(bool, signalled)
	    ),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->schno = schid.sch_no;
			   __entry->count = count;
			   __entry->signalled = signalled;
	    ),
	    TP_printk("schid=%x.%x.%04x count=%u signalled=%d",
		      __entry->cssid, __entry->ssid, __entry->schno,
		      __entry->count, __entry->signalled)
);

TRACE_EVENT(vccw_close,
	    TP_PROTO(struct subchannel_id schid, int rounds, int ret),
	    TP_ARGS(schid, rounds, ret),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, schno)
			     __field(int, rounds)
			     __field(int, ret)
	    ),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->schno = schid.sch_no;
			   __entry->rounds = rounds;
			   __entry->ret = ret;
	    ),
	    TP_printk("schid=%x.%x.%04x quiesce_rounds=%d ret=%d",
		      __entry->cssid, __entry->ssid, __entry->schno,
		      __entry->rounds, __entry->ret)
);

#endif /* _VCCW_TRACE_H_ */

/* This part must be outside protection */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE vccw_trace
#include <trace/define_trace.h>

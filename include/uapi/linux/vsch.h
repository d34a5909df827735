/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vsch: virtual subchannels for KVM guests on s390 -- the /dev/vsch uapi.
 *
 * One open file of /dev/vsch is one "vsch context": a set of virtual
 * subchannels that belongs to one VM.  Every ioctl takes a pointer to a
 * structure that starts with @argsz (the size userspace passes) and @flags.
 * The kernel rejects an @argsz below the size of version 1 of the structure,
 * unknown @flags bits and non-zero reserved fields with -EINVAL.
 *
 * The ioctl numbers use _IO(); include <linux/ioctl.h> or <sys/ioctl.h>
 * first.  See Documentation/virt/kvm/s390/vsch.rst.
 */
#ifndef _UAPI_LINUX_VSCH_H
#define _UAPI_LINUX_VSCH_H

#include <linux/types.h>

#define VSCH_API_VERSION	1

/* ioctl type 0xB9, numbers 0x00-0x1f */
#define VSCH_TYPE		0xB9

/* Virtio-ccw conventions for every virtual subchannel. */
#define VSCH_CU_TYPE_VIRTIO	0x3832
#define VSCH_CHPID		0x00
#define VSCH_CHP_TYPE_VIRTIO	0x32

/* Values of vsch_info.irq_backend and vsch_irq_backend.backend. */
#define VSCH_IRQ_BACKEND_AUTO	0	/* KVM when available, else VMM */
#define VSCH_IRQ_BACKEND_VMM	1	/* records on the read() ring */
#define VSCH_IRQ_BACKEND_KVM	2	/* kvm.ko exports (patched kvm.ko) */

/* Bits of vsch_info.flags (output only). */
#define VSCH_INFO_KVM_GLUE	(1U << 0)	/* vsch_kvm.ko registered */
#define VSCH_INFO_KVM		(1U << 1)	/* kvm.ko loaded and usable */
#define VSCH_INFO_KVM_IRQ	(1U << 2)	/* kvm.ko exports I/O injection */
#define VSCH_INFO_VM_ATTACHED	(1U << 3)	/* this context has a VM */

/**
 * struct vsch_info - VSCH_GET_INFO: capabilities and totals of a context
 * @argsz: size of this structure as userspace knows it
 * @flags: in: must be 0; out: %VSCH_INFO_* bits
 * @api_version: out: %VSCH_API_VERSION
 * @irq_backend: out: backend in use, %VSCH_IRQ_BACKEND_VMM or _KVM
 * @nr_subchannels: out: virtual subchannels in this context
 * @reserved: out: 0
 * @notify_dispatched: out: notifications delivered to consumers
 * @airq_signalled: out: adapter-interrupt eventfd signals
 * @ring_records: out: records posted to the VMM ring
 * @ring_lost: out: records lost because a ring was full (the VMM's, or
 *	the KVM injector's with %VSCH_IRQ_BACKEND_KVM)
 */
struct vsch_info {
	__u32 argsz;
	__u32 flags;
	__u32 api_version;
	__u32 irq_backend;
	__u32 nr_subchannels;
	__u32 reserved;
	__u64 notify_dispatched;
	__u64 airq_signalled;
	__u64 ring_records;
	__u64 ring_lost;
};

#define VSCH_GET_INFO		_IO(VSCH_TYPE, 0x00)

/**
 * struct vsch_attach_vm - VSCH_ATTACH_VM: tie the context to a KVM VM
 * @argsz: size of this structure
 * @flags: must be 0
 * @vm_fd: a file descriptor returned by KVM_CREATE_VM
 * @reserved: must be 0
 *
 * Errors: -EBADF for a bad @vm_fd, -ENODEV when the KVM glue is unavailable
 * (vsch_kvm.ko or kvm.ko not loaded, e.g. without SIE), -EINVAL when @vm_fd
 * is not a KVM VM, -EBUSY when the context is already attached.
 */
struct vsch_attach_vm {
	__u32 argsz;
	__u32 flags;
	__s32 vm_fd;
	__u32 reserved;
};

#define VSCH_ATTACH_VM		_IO(VSCH_TYPE, 0x01)

/**
 * struct vsch_create_sch - VSCH_CREATE_SCH: create a virtual subchannel
 * @argsz: size of this structure
 * @flags: %VSCH_SCH_HOTPLUG: queue the channel reports of a hot plug;
 *	%VSCH_SCH_LOOPBACK: answer every notification of this subchannel's
 *	queues in the kernel with an adapter interrupt (see below)
 * @sid_word: subchannel-identification word (PoP layout: bit 15 one,
 *	ssid in bits 13-14, subchannel number in bits 16-31)
 * @devno: device number
 * @cu_type: control-unit type, 0 or %VSCH_CU_TYPE_VIRTIO
 * @cu_model: control-unit model, the virtio device type (non-zero)
 * @chpid: channel-path id, must be %VSCH_CHPID
 * @chp_type: channel-path type, 0 or %VSCH_CHP_TYPE_VIRTIO
 * @reserved: must be 0
 *
 * @sid_word always has M = 0 and a zero CSSID field: userspace addresses
 * the subchannels as a program that has not enabled MCSS-E does.
 *
 * %VSCH_SCH_LOOPBACK selects the in-kernel loopback consumer of the notify
 * backend: each dispatch round of notifications (DIAGNOSE 0x500 subcode 3
 * through a %VSCH_BIND_NOTIFY eventfd) signals the adapter-interrupt
 * eventfd bound with %VSCH_BIND_AIRQ, or posts a %VSCH_EV_AIRQ record
 * without one, as a device that completes every request at once would.
 *
 * Errors: -EINVAL for a bad field, -EEXIST for a duplicate @sid_word or a
 * @devno already used in the same subchannel set, -ENOSPC when the context
 * is full.
 */
struct vsch_create_sch {
	__u32 argsz;
	__u32 flags;
	__u32 sid_word;
	__u16 devno;
	__u16 cu_type;
	__u8 cu_model;
	__u8 chpid;
	__u8 chp_type;
	__u8 reserved[5];
};

#define VSCH_CREATE_SCH		_IO(VSCH_TYPE, 0x02)

/* Flag of VSCH_CREATE_SCH and VSCH_DESTROY_SCH: report it with CRWs. */
#define VSCH_SCH_HOTPLUG	(1U << 0)
/* Flag of VSCH_CREATE_SCH: notifications loop back as adapter interrupts. */
#define VSCH_SCH_LOOPBACK	(1U << 1)

/**
 * struct vsch_sch_ref - VSCH_DESTROY_SCH, VSCH_SIGNAL_AIRQ: name a subchannel
 * @argsz: size of this structure
 * @flags: VSCH_DESTROY_SCH: %VSCH_SCH_HOTPLUG; VSCH_SIGNAL_AIRQ: 0
 * @sid_word: the subchannel
 * @reserved: must be 0
 *
 * Errors: -ENOENT for an unknown subchannel.  VSCH_SIGNAL_AIRQ signals the
 * adapter-interrupt eventfd bound to the subchannel, as an in-kernel device
 * model does; without one it posts a %VSCH_EV_AIRQ record for the VMM.
 */
struct vsch_sch_ref {
	__u32 argsz;
	__u32 flags;
	__u32 sid_word;
	__u32 reserved;
};

#define VSCH_DESTROY_SCH	_IO(VSCH_TYPE, 0x03)
#define VSCH_SIGNAL_AIRQ	_IO(VSCH_TYPE, 0x04)

#define VSCH_BIND_UNBIND	(1U << 0)	/* remove the binding */

/**
 * struct vsch_bind_notify - VSCH_BIND_NOTIFY: consume DIAGNOSE 0x500 notifies
 * @argsz: size of this structure
 * @flags: 0 to bind, %VSCH_BIND_UNBIND to unbind (@fd is then ignored)
 * @sid_word: the subchannel
 * @vq: virtqueue index
 * @fd: an eventfd; the VMM registers the same eventfd with KVM_IOEVENTFD
 *	(flags VIRTIO_CCW_NOTIFY | DATAMATCH, addr @sid_word, datamatch @vq)
 * @reserved: must be 0
 *
 * Errors: -ENOENT unknown subchannel (or binding, on unbind), -EEXIST the
 * queue is already bound, -EBADF bad @fd, -EINVAL @fd is not an eventfd.
 */
struct vsch_bind_notify {
	__u32 argsz;
	__u32 flags;
	__u32 sid_word;
	__u32 vq;
	__s32 fd;
	__u32 reserved;
};

#define VSCH_BIND_NOTIFY	_IO(VSCH_TYPE, 0x05)

/**
 * struct vsch_bind_airq - VSCH_BIND_AIRQ: adapter-interrupt eventfd
 * @argsz: size of this structure
 * @flags: 0 to bind, %VSCH_BIND_UNBIND to unbind
 * @sid_word: the subchannel whose adapter interrupts this eventfd delivers
 * @fd: an eventfd the VMM passed to KVM_IRQFD for a
 *	KVM_IRQ_ROUTING_S390_ADAPTER route (indicators are set by KVM)
 *
 * Errors as for &struct vsch_bind_notify.
 */
struct vsch_bind_airq {
	__u32 argsz;
	__u32 flags;
	__u32 sid_word;
	__s32 fd;
};

#define VSCH_BIND_AIRQ		_IO(VSCH_TYPE, 0x06)

/**
 * struct vsch_irq_backend - VSCH_SET_IRQ_BACKEND: choose the I/O interrupt path
 * @argsz: size of this structure
 * @flags: %VSCH_IRQ_SET_EVENTFD to (re)set @event_fd
 * @backend: %VSCH_IRQ_BACKEND_*
 * @event_fd: with %VSCH_IRQ_SET_EVENTFD: an eventfd signalled for every VMM
 *	ring record, or -1 to remove it
 *
 * Errors: -EINVAL unknown @backend, -EOPNOTSUPP %VSCH_IRQ_BACKEND_KVM
 * without an attached VM whose kvm.ko exports I/O interrupt injection.
 */
struct vsch_irq_backend {
	__u32 argsz;
	__u32 flags;
	__u32 backend;
	__s32 event_fd;
};

#define VSCH_IRQ_SET_EVENTFD	(1U << 0)

#define VSCH_SET_IRQ_BACKEND	_IO(VSCH_TYPE, 0x07)

/**
 * struct vsch_sch_stats - VSCH_GET_SCH_STATS: counters of one subchannel
 * @argsz: size of this structure
 * @flags: must be 0
 * @sid_word: in: the subchannel
 * @nr_notify: out: notify bindings
 * @notify_signals: out: eventfd counts consumed by the notify backend
 * @notify_dispatched: out: dispatch rounds to the in-kernel consumer
 *	(several eventfd counts that arrive before a round coalesce)
 * @airq_signalled: out: adapter-interrupt eventfd signals
 * @raised: out: I/O interruption requests raised
 * @withdrawn: out: I/O interruption requests withdrawn
 */
struct vsch_sch_stats {
	__u32 argsz;
	__u32 flags;
	__u32 sid_word;
	__u32 nr_notify;
	__u64 notify_signals;
	__u64 notify_dispatched;
	__u64 airq_signalled;
	__u64 raised;
	__u64 withdrawn;
};

#define VSCH_GET_SCH_STATS	_IO(VSCH_TYPE, 0x08)

/**
 * struct vsch_state - VSCH_SAVE_STATE / VSCH_RESTORE_STATE: migration blob
 * @argsz: size of this structure
 * @flags: must be 0
 * @sid_word: the subchannel
 * @size: save: in the buffer size, out the blob size; restore: blob size
 * @data: user address of the buffer
 *
 * The blob is opaque and versioned by the kernel.  Save fails with -ENOSPC
 * and the needed size in @size when the buffer is too small.  Restore
 * creates the subchannel (-EEXIST if it, or its device number in the same
 * subchannel set, exists) and fails with -EINVAL for a malformed blob.
 * @sid_word 0 names the context's channel-report queue, which is restored
 * in place.
 */
struct vsch_state {
	__u32 argsz;
	__u32 flags;
	__u32 sid_word;
	__u32 size;
	__u64 data;
};

#define VSCH_SAVE_STATE		_IO(VSCH_TYPE, 0x09)
#define VSCH_RESTORE_STATE	_IO(VSCH_TYPE, 0x0a)

/* Instructions of struct vsch_io_insn (SA22-7832, chapter 14). */
#define VSCH_INSN_SSCH		1	/* START SUBCHANNEL */
#define VSCH_INSN_RSCH		2	/* RESUME SUBCHANNEL */
#define VSCH_INSN_HSCH		3	/* HALT SUBCHANNEL */
#define VSCH_INSN_CSCH		4	/* CLEAR SUBCHANNEL */
#define VSCH_INSN_XSCH		5	/* CANCEL SUBCHANNEL */
#define VSCH_INSN_MSCH		6	/* MODIFY SUBCHANNEL */
#define VSCH_INSN_STSCH		7	/* STORE SUBCHANNEL */
#define VSCH_INSN_TSCH		8	/* TEST SUBCHANNEL */
#define VSCH_INSN_STCRW		9	/* STORE CHANNEL REPORT WORD */

/* Functions an instruction initiated (vsch_io_insn.fn). */
#define VSCH_INSN_FN_START	1
#define VSCH_INSN_FN_HALT	2
#define VSCH_INSN_FN_CLEAR	3
#define VSCH_INSN_FN_RESUME	4
#define VSCH_INSN_FN_CANCEL	5

/**
 * struct vsch_io_insn - VSCH_IO_INSN: execute an I/O instruction
 * @argsz: size of this structure
 * @flags: must be 0
 * @insn: %VSCH_INSN_*
 * @sid_word: general register 1 of the instruction, as the program set
 *	it (a malformed word is the program's error: operand exception);
 *	ignored by STCRW
 * @cc: out: condition code 0-3, when @pgm is 0
 * @fn: out: %VSCH_INSN_FN_* the instruction initiated, or 0; the VMM
 *	hands it to the device side, which answers with VSCH_DEV_EVENT
 * @pgm: out: program-interruption code to present instead (0x0006
 *	specification, 0x0015 operand), or 0
 * @reserved: must be 0
 * @data: in: the ORB (SSCH, 32 bytes) or the SCHIB (MSCH, 52 bytes);
 *	out: the SCHIB (STSCH, 52 bytes), the IRB (TSCH, 96 bytes) or the
 *	CRW (STCRW, 4 bytes); big-endian, as in guest storage
 *
 * The VMM that intercepts a guest's I/O instruction fetches the operand,
 * lets the kernel's subchannel model execute the instruction, and stores
 * the result and condition code (or presents the program exception).
 * Interruption requests follow as VSCH_EV_RAISE and VSCH_EV_WITHDRAW
 * records or through the KVM backend.  Errors: -EINVAL for bad @flags,
 * @insn or @reserved.
 */
struct vsch_io_insn {
	__u32 argsz;
	__u32 flags;
	__u32 insn;
	__u32 sid_word;
	__u8 cc;
	__u8 fn;
	__u16 pgm;
	__u32 reserved;
	__u8 data[96];
};

#define VSCH_IO_INSN		_IO(VSCH_TYPE, 0x0b)

/* Events of struct vsch_dev_event: what the device side reports. */
#define VSCH_DEV_BEGIN		1	/* start function reached the device */
#define VSCH_DEV_COMPLETE_START	2	/* start function ended: @status */
#define VSCH_DEV_INTERMEDIATE	3	/* PCI at @cpa */
#define VSCH_DEV_SUSPEND	4	/* suspended at @cpa */
#define VSCH_DEV_COMPLETE_HALT	5	/* halt function ended: @dstat */
#define VSCH_DEV_COMPLETE_CLEAR	6	/* clear function ended */
#define VSCH_DEV_UNSOLICITED	7	/* unsolicited status: @dstat */

/**
 * struct vsch_dev_event - VSCH_DEV_EVENT: the device side of a subchannel
 * @argsz: size of this structure
 * @flags: must be 0
 * @event: %VSCH_DEV_*
 * @sid_word: the subchannel, as in VSCH_CREATE_SCH
 * @dstat: device status
 * @cstat: subchannel status (COMPLETE_START)
 * @count: residual count of the last CCW (COMPLETE_START)
 * @cpa: CCW address, the last executed CCW + 8
 * @cc: deferred condition code 0, 1 or 3 (COMPLETE_START)
 * @sense_len: valid bytes of @sense, at most 32 (COMPLETE_START)
 * @reserved: must be 0
 * @sense: sense data for the ECW (unit check, concurrent sense)
 *
 * Errors: -ENOENT for an unknown subchannel; -EINVAL for bad fields;
 * otherwise the model's answer: -ESTALE when the function the event
 * belongs to is no longer in progress (cancelled, halted or cleared: do
 * not go on with it), -EAGAIN from SUSPEND when a resume was pending (the
 * program continues) or from INTERMEDIATE, -EBUSY or -EPERM when status
 * cannot be made pending now (see Documentation/virt/kvm/s390/vsch.rst).
 */
struct vsch_dev_event {
	__u32 argsz;
	__u32 flags;
	__u32 event;
	__u32 sid_word;
	__u8 dstat;
	__u8 cstat;
	__u16 count;
	__u32 cpa;
	__u8 cc;
	__u8 sense_len;
	__u16 reserved;
	__u8 sense[32];
};

#define VSCH_DEV_EVENT		_IO(VSCH_TYPE, 0x0c)

/* Types of struct vsch_vmm_event. */
#define VSCH_EV_RAISE		1	/* queue an I/O interruption request */
#define VSCH_EV_WITHDRAW	2	/* withdraw the request of @sid_word */
#define VSCH_EV_CRW		3	/* channel report pending machine check */
#define VSCH_EV_AIRQ		4	/* adapter interrupt (no eventfd bound) */

#define VSCH_EV_F_LOST		(1U << 0)	/* records were lost before */
/*
 * With the KVM backend the VMM reads only records kvm.ko did not take,
 * flagged UNDELIVERED: the VMM delivers them.  A record flagged LOST
 * alone was injected already; it says that the injector lost records
 * before it, and the VMM resynchronises from the subchannel states.
 */
#define VSCH_EV_F_UNDELIVERED	(1U << 1)

/**
 * struct vsch_vmm_event - one record read() from a /dev/vsch file
 * @type: %VSCH_EV_*
 * @flags: %VSCH_EV_F_LOST, %VSCH_EV_F_UNDELIVERED
 * @sid_word: subchannel (0 for %VSCH_EV_CRW)
 * @intparm: interruption parameter (%VSCH_EV_RAISE)
 * @int_word: interruption-identification word, ISC in bits 2-4
 *	(%VSCH_EV_RAISE); ready for KVM_S390_INT_IO()/FLIC ENQUEUE
 * @reserved: 0
 * @seq: sequence number of this record
 *
 * The VMM turns records into FLIC ENQUEUE, FLIC CLEAR_IO_IRQ and
 * KVM_S390_INTERRUPT(KVM_S390_MCHK) calls.  read() returns whole records
 * only, -EINVAL for a buffer smaller than one record and -EAGAIN when the
 * ring is empty and the file is non-blocking.
 */
struct vsch_vmm_event {
	__u32 type;
	__u32 flags;
	__u32 sid_word;
	__u32 intparm;
	__u32 int_word;
	__u32 reserved;
	__u64 seq;
};

#endif /* _UAPI_LINUX_VSCH_H */

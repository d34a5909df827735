// SPDX-License-Identifier: GPL-2.0
/*
 * Injection backend through kvm.ko.
 *
 * With a kvm.ko that carries arch/s390/kvm/patches/, interruption records
 * are turned into floating I/O interruptions, withdrawals and
 * channel-report-pending machine checks directly, without the VMM.  Runs
 * from the context's injection work item (process context), because
 * kvm.ko allocates the interrupt with GFP_KERNEL_ACCOUNT.
 *
 * Verified only on s390 hardware with SIE: under emulation kvm.ko cannot
 * load and this code is compile- and sparse-checked only.
 */

#include <linux/errno.h>

#include "glue.h"
#include "kvm_glue.h"

/**
 * vsch_kvm_deliver() - inject one interruption record into the VM
 * @vm: a &struct vsch_kvm_vm from vsch_kvm_attach()
 * @ev: the record
 *
 * Return: 0, the error of kvm.ko, or -EOPNOTSUPP if kvm.ko lacks the
 * needed export or the record is an adapter interruption without an
 * eventfd (only the VMM can deliver that).
 */
int vsch_kvm_deliver(void *vm, const struct vsch_vmm_event *ev)
{
	struct vsch_kvm_vm *v = vm;

	switch (ev->type) {
	case VSCH_EV_RAISE:
		if (!v->inject_io)
			return -EOPNOTSUPP;
		return v->inject_io(v->kvm, ev->sid_word, ev->intparm,
				    ev->int_word);
	case VSCH_EV_WITHDRAW:
		if (!v->clear_io)
			return -EOPNOTSUPP;
		return v->clear_io(v->kvm, ev->sid_word);
	case VSCH_EV_CRW:
		if (!v->inject_crw)
			return -EOPNOTSUPP;
		return v->inject_crw(v->kvm);
	default:
		return -EOPNOTSUPP;
	}
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsch_kvm.ko internals: the kvm.ko entry points it resolves at run time.
 *
 * The three injection functions exist only in a kvm.ko built with
 * arch/s390/kvm/patches/ applied; their prototypes are repeated here, the
 * same as in the patched <asm/kvm_host.h>, so that symbol_get() can name
 * them when building against an unpatched tree.
 */
#ifndef _VSCH_KVM_GLUE_H
#define _VSCH_KVM_GLUE_H

#include <linux/types.h>

struct kvm;

int kvm_s390_inject_io_int(struct kvm *kvm, u32 schid_word, u32 intparm,
			   u32 int_word);
int kvm_s390_clear_io_int(struct kvm *kvm, u32 schid_word);
int kvm_s390_inject_crw_mchk(struct kvm *kvm);

/**
 * struct vsch_kvm_vm - an attached VM and the kvm.ko functions it uses
 * @kvm: the VM (a reference from kvm_get_kvm_safe())
 * @put_kvm: kvm_put_kvm(), held with symbol_get()
 * @inject_io: kvm_s390_inject_io_int(), or NULL if kvm.ko lacks it
 * @clear_io: kvm_s390_clear_io_int(), or NULL
 * @inject_crw: kvm_s390_inject_crw_mchk(), or NULL
 *
 * Immutable after vsch_kvm_attach().
 */
struct vsch_kvm_vm {
	struct kvm *kvm;
	void (*put_kvm)(struct kvm *kvm);
	int (*inject_io)(struct kvm *kvm, u32 schid_word, u32 intparm,
			 u32 int_word);
	int (*clear_io)(struct kvm *kvm, u32 schid_word);
	int (*inject_crw)(struct kvm *kvm);
};

int vsch_kvm_deliver(void *vm, const struct vsch_vmm_event *ev);

#endif /* _VSCH_KVM_GLUE_H */

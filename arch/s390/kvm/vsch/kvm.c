// SPDX-License-Identifier: GPL-2.0
/*
 * vsch_kvm.ko: the KVM glue of virtual subchannels.
 *
 * Every kvm.ko function is resolved at run time with symbol_get(), as vfio
 * does for kvm_get_kvm_safe(), so this module loads (and vsch stays
 * usable) where kvm.ko cannot, e.g. on an emulated machine without SIE.
 * It registers with vsch_dev.ko, which calls it to attach a VM by its file
 * descriptor and to inject interruptions.
 *
 * Verified only on s390 hardware: attach and injection need a loaded
 * kvm.ko.  Under emulation, probe() reports kvm.ko absent and attach fails
 * with -ENODEV; that much is tested.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kvm_host.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "glue.h"
#include "kvm_glue.h"

static unsigned int vsch_kvm_probe(void)
{
	bool (*is_kvm)(struct file *file);
	int (*inject)(struct kvm *kvm, u32 schid_word, u32 intparm,
		      u32 int_word);
	unsigned int caps = 0;

	is_kvm = symbol_get(file_is_kvm);
	if (!is_kvm)
		return 0;
	caps |= VSCH_KVM_CAP_KVM;
	symbol_put(file_is_kvm);
	inject = symbol_get(kvm_s390_inject_io_int);
	if (inject) {
		caps |= VSCH_KVM_CAP_IRQ;
		symbol_put(kvm_s390_inject_io_int);
	}
	return caps;
}

/* Resolve the optional injection exports; keep what exists. */
static void vsch_kvm_get_irq(struct vsch_kvm_vm *v)
{
	v->inject_io = symbol_get(kvm_s390_inject_io_int);
	v->clear_io = symbol_get(kvm_s390_clear_io_int);
	v->inject_crw = symbol_get(kvm_s390_inject_crw_mchk);
}

static void vsch_kvm_put_irq(struct vsch_kvm_vm *v)
{
	if (v->inject_io)
		symbol_put(kvm_s390_inject_io_int);
	if (v->clear_io)
		symbol_put(kvm_s390_clear_io_int);
	if (v->inject_crw)
		symbol_put(kvm_s390_inject_crw_mchk);
}

static void *vsch_kvm_attach(struct file *file)
{
	bool (*is_kvm)(struct file *file);
	bool (*get_safe)(struct kvm *kvm);
	struct vsch_kvm_vm *v;
	void *ret;

	is_kvm = symbol_get(file_is_kvm);
	if (!is_kvm)
		return ERR_PTR(-ENODEV);
	if (!is_kvm(file)) {
		ret = ERR_PTR(-EINVAL);
		goto out_put_is_kvm;
	}
	v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
	if (!v) {
		ret = ERR_PTR(-ENOMEM);
		goto out_put_is_kvm;
	}
	get_safe = symbol_get(kvm_get_kvm_safe);
	v->put_kvm = symbol_get(kvm_put_kvm);
	if (!get_safe || !v->put_kvm) {
		ret = ERR_PTR(-ENODEV);
		goto out_put_syms;
	}
	/* The file keeps the VM alive; a VM being destroyed is refused. */
	if (!get_safe(file->private_data)) {
		ret = ERR_PTR(-EINVAL);
		goto out_put_syms;
	}
	v->kvm = file->private_data;
	vsch_kvm_get_irq(v);
	symbol_put(kvm_get_kvm_safe);
	symbol_put(file_is_kvm);
	return v;

out_put_syms:
	if (v->put_kvm)
		symbol_put(kvm_put_kvm);
	if (get_safe)
		symbol_put(kvm_get_kvm_safe);
	kfree(v);
out_put_is_kvm:
	symbol_put(file_is_kvm);
	return ret;
}

static void vsch_kvm_detach(void *vm)
{
	struct vsch_kvm_vm *v = vm;

	vsch_kvm_put_irq(v);
	v->put_kvm(v->kvm);
	symbol_put(kvm_put_kvm);
	kfree(v);
}

static const struct vsch_kvm_glue vsch_kvm_glue_ops = {
	.owner = THIS_MODULE,
	.probe = vsch_kvm_probe,
	.attach = vsch_kvm_attach,
	.detach = vsch_kvm_detach,
	.deliver = vsch_kvm_deliver,
};

static int __init vsch_kvm_init(void)
{
	unsigned int caps = vsch_kvm_probe();

	pr_info("KVM glue %s%s\n",
		caps & VSCH_KVM_CAP_KVM ? "available" :
		"unavailable (kvm.ko not loaded)",
		caps & VSCH_KVM_CAP_IRQ ? ", in-kernel I/O interrupt injection" :
		"");
	return vsch_register_kvm_glue(&vsch_kvm_glue_ops);
}

static void __exit vsch_kvm_exit(void)
{
	vsch_unregister_kvm_glue(&vsch_kvm_glue_ops);
}

module_init(vsch_kvm_init);
module_exit(vsch_kvm_exit);

MODULE_DESCRIPTION("vsch: KVM glue for virtual subchannels");
MODULE_LICENSE("GPL");

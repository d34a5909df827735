# SPDX-License-Identifier: GPL-2.0
#
# vccw / vsch: s390 channel-I/O virtualization, built out of tree against a
# configured 6.12 s390x kernel, and tested on an emulated s390x machine.
#
#   make demo            boot the emulated machine and show vccw at work
#   make check           every build gate and every test, both kernel variants
#
# Other targets: setup, kernel, modules, sparse, checkpatch, kernel-doc,
# selftests, shell, bench, clean.  "make help" lists them.

ARCH		:= s390
CROSS_COMPILE	?= s390x-linux-gnu-
TESTBED		:= tools/testbed
VARIANT		?= standard
KDIR		?= $(shell $(TESTBED)/kdir.sh $(VARIANT))
BUILD		?= $(CURDIR)/.build
MODDIR		?= $(BUILD)/modules-$(notdir $(KDIR))
SUITE		?=

# Our Kconfig symbols never reach autoconf.h in an M= build: set them here.
MOD_CONFIG	?= CONFIG_VCCW=m CONFIG_VCCW_KUNIT_TEST=m \
		   CONFIG_VSCH=m CONFIG_VSCH_KVM=m CONFIG_VSCH_KUNIT_TEST=m
KMAKE		= $(MAKE) -C $(KDIR) M=$(MODDIR) ARCH=$(ARCH) \
		  CROSS_COMPILE=$(CROSS_COMPILE) VCCW_TOP=$(MODDIR) $(MOD_CONFIG)

# Files under our own gates (checkpatch, kernel-doc).
SRC_FILES	= $(shell git ls-files -- '*.c' '*.h' 2>/dev/null || \
		    find drivers arch include tools/testing -name '*.[ch]')

.PHONY: all help setup kernel modules sparse checkpatch kernel-doc selftests \
	check demo shell bench clean sync-src need-kdir

all: modules

help:
	@sed -n 's/^#   //p;s/^# Other/Other/p' Makefile
	@echo "Variables: VARIANT=standard|debug KDIR=<6.12 s390x build dir> SUITE=<name>"

setup:
	@$(TESTBED)/setup-host.sh

kernel:
	@$(TESTBED)/build-kernel.sh $(VARIANT)

need-kdir:
	@test -f "$(KDIR)/Module.symvers" || { \
	  echo "error: KDIR=$(KDIR) is not a built kernel tree" \
	       "(run 'make kernel' or pass KDIR=...)" >&2; exit 1; }

# Build in a copy so that one clone can build against several kernels.
sync-src: need-kdir
	@mkdir -p $(MODDIR)
	@rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	  --exclude='*.mod*' --exclude=modules.order --exclude=Module.symvers \
	  --include='/Kbuild' --include='/drivers/***' --include='/arch/***' \
	  --include='/include/***' --exclude='*' ./ $(MODDIR)/

modules: sync-src
	$(KMAKE) W=1 modules

sparse: sync-src
	$(KMAKE) C=2 W=1 CF="-D__CHECK_ENDIAN__" modules

checkpatch: need-kdir
	@$(TESTBED)/gate.sh checkpatch $(KDIR) $(SRC_FILES)
	@$(TESTBED)/gate.sh checkpatch-patch $(KDIR) $(wildcard arch/s390/kvm/patches/*.patch)

kernel-doc: need-kdir
	@$(TESTBED)/gate.sh kernel-doc $(KDIR) $(SRC_FILES)

selftests: need-kdir
	$(MAKE) -C tools/testing/selftests KDIR=$(KDIR) OUTPUT=$(BUILD)/selftests

check:
	@$(TESTBED)/check.sh

demo:
	@$(TESTBED)/run.sh demo

shell:
	@$(TESTBED)/run.sh shell

bench:
	@$(TESTBED)/run.sh bench

clean:
	rm -rf $(BUILD)

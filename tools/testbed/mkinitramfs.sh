#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the guest's initramfs: static busybox, the kernel's modules and ours
# (depmod'ed together), our selftest binaries, the guest scripts.
#
#   mkinitramfs.sh KDIR MODDIR SELFTESTS OUT
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kdir=$1 moddir=$2 selftests=$3 out=$4
busybox=/bin/busybox
bb=$(dpkg -L busybox-static:s390x 2>/dev/null | grep -m1 '/bin/busybox$') ||
	die "busybox-static:s390x is not installed (run: make setup)"
kver=$(cat "$kdir/include/config/kernel.release")
[ -d "$kdir/modinstall/lib/modules/$kver" ] ||
	die "$kdir has no installed modules (rebuild with make kernel)"

stage=$(mktemp -d "${TMPDIR:-/tmp}/vccw-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,dev,proc,sys,tmp,run,etc,root,selftests,lib/modules}
cp "$bb" "$stage$busybox"
for applet in sh mount; do ln -s busybox "$stage/bin/$applet"; done
cp -a "$kdir/modinstall/lib/modules/$kver" "$stage/lib/modules/"
rm -f "$stage/lib/modules/$kver"/{build,source}

# Our modules go to extra/, like any external module.
extra=$stage/lib/modules/$kver/extra
mkdir -p "$extra"
find "$moddir" -name '*.ko' -print0 | while IFS= read -r -d '' ko; do
	"${CROSS_COMPILE}strip" --strip-debug -o "$extra/$(basename "$ko")" "$ko"
done
depmod -b "$stage" "$kver" || die "depmod failed"

cp -a "$TESTBED_DIR/guest/." "$stage/"
chmod +x "$stage/init" "$stage"/testbed/*
[ -d "$selftests" ] && cp -a "$selftests/." "$stage/selftests/"

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
	gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"

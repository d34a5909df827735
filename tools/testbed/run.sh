#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh MODE [VAR=value...]
#
# Build what the guest needs and boot it.  MODE is one of
#   test   run the test suites matching SUITE (default: all) and summarise
#   demo   show vccw running channel programs, in plain words
#   bench  run the benchmarks (vccw against the in-tree vfio_ccw)
#   shell  an interactive guest shell with everything loaded
#   prepare  only build (kernel, QEMU, modules, selftests, initramfs)
# Variables: VARIANT=standard|debug, SUITE=<glob>, TIMEOUT=<seconds>,
# RESULTS=<file> (append one line per suite), VERBOSE=1 (print all KTAP),
# ALL=1 (also run the suites listed in guest/testbed/known-broken),
# QEMU=<qemu-system-s390x> (default: the patched one of build-qemu.sh, or
# the system's when that cannot be built).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=${1:-}
shift || true
for kv in "$@"; do
	case $kv in
	*=*) export "${kv?}" ;;
	*) die "unexpected argument '$kv'" ;;
	esac
done
VARIANT=${VARIANT:-standard}
SUITE=${SUITE:-*}
BUILD=${BUILD:-$TOP_DIR/.build}

case $mode in
test | demo | bench | shell | prepare) ;;
*) die "usage: run.sh test|demo|bench|shell|prepare [VARIANT=..] [SUITE=..]" ;;
esac

"$TESTBED_DIR/setup-host.sh" >/dev/null
kdir=$("$TESTBED_DIR/build-kernel.sh" "$VARIANT")
if [ -z "${QEMU:-}" ] && ! QEMU=$("$TESTBED_DIR/build-qemu.sh"); then
	QEMU=qemu-system-s390x
	note "note: no patched QEMU (see above), using the system's $QEMU;" \
	     "the IDAL page-crossing data tests (io.read_conf_*_page_cross) will skip"
fi
moddir=$BUILD/modules-$(basename "$kdir")
selftests=$BUILD/selftests-$VARIANT
initrd=$BUILD/initramfs-$VARIANT.cpio.gz
mkdir -p "$BUILD"

note "building modules against $VARIANT kernel"
if ! make -s -C "$TOP_DIR" modules KDIR="$kdir" MODDIR="$moddir" \
		>"$BUILD/modules-$VARIANT.log" 2>&1; then
	cat "$BUILD/modules-$VARIANT.log" >&2
	die "module build failed"
fi
note "building selftests"
rm -rf "$selftests"
if ! make -s -C "$TOP_DIR/tools/testing/selftests" KDIR="$kdir" \
		OUTPUT="$selftests" >"$BUILD/selftests-$VARIANT.log" 2>&1; then
	cat "$BUILD/selftests-$VARIANT.log" >&2
	die "selftest build failed"
fi
"$TESTBED_DIR/mkinitramfs.sh" "$kdir" "$moddir" "$selftests" "$initrd"
[ "$mode" = prepare ] && exit 0

timeout=${TIMEOUT:-}
[ -n "$timeout" ] || case $VARIANT in debug) timeout=2400 ;; *) timeout=900 ;; esac
args=(--kernel "$kdir/arch/s390/boot/bzImage" --initrd "$initrd"
      --log "$BUILD/console-$VARIANT-$mode.log" --dmesg "$BUILD/dmesg-$VARIANT-$mode.log"
      --timeout "$timeout" --append "testbed.variant=$VARIANT testbed.all=${ALL:-0}"
      --qemu "$QEMU")
[ "$VARIANT" = debug ] && args+=(--expect-kmemleak --memory 3072)
[ -n "${RESULTS:-}" ] && args+=(--results "$RESULTS" --label "$VARIANT/")
[ -n "${VERBOSE:-}" ] && args+=(--verbose)

case $mode in
test)
	note "booting the $VARIANT guest (suites: $SUITE; log: $BUILD/console-$VARIANT-$mode.log)"
	exec python3 "$TESTBED_DIR/guest-run.py" "${args[@]}" --mode check --suite "$SUITE"
	;;
demo | bench)
	exec python3 "$TESTBED_DIR/guest-run.py" "${args[@]}" --mode "$mode" --echo
	;;
shell)
	exec python3 "$TESTBED_DIR/guest-run.py" "${args[@]}" --mode shell
	;;
esac

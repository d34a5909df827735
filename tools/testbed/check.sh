#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every gate and every test, on both kernel variants, from a
# fresh Debian machine.  Ends with one line "N passed, N failed".
#
# Gates (each file or build is one test): the patched QEMU, W=1 module
# build per variant, sparse (C=2), checkpatch --strict, kernel-doc -Wall,
# selftest build.
# Tests: every KUnit suite and selftest in the standard and the debug guest
# (KASAN, lockdep, kmemleak, failslab), plus the guests' kernel logs.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

BUILD=${BUILD:-$TOP_DIR/.build}
VARIANTS=${VARIANTS:-standard debug}
export RESULTS=$BUILD/results.tsv
mkdir -p "$BUILD"
: >"$RESULTS"
start=$(date +%s)

record() {	# name passed failed note
	printf '%s\t%s\t%s\t0\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$RESULTS"
}

section() {
	echo
	echo "=== $* ($(($(date +%s) - start)) s)"
}

section "host setup"
"$TESTBED_DIR/setup-host.sh" || { record setup 0 1 "host setup failed"; }

# The guests run on QEMU with our fixes (build-qemu.sh).  Without network
# for its source the system QEMU stands in: a skip, not a failure, and the
# data tests that need the fixes skip too.  A build that fails is ours.
section "patched QEMU"
rc=0
QEMU=$("$TESTBED_DIR/build-qemu.sh") || rc=$?
case $rc in
0)	record qemu-build 1 0 ;;
3)	printf 'qemu-build\t0\t0\t1\tsource unavailable, system QEMU used\n' >>"$RESULTS" ;;
*)	record qemu-build 0 1 "patched QEMU build failed" ;;
esac
if [ $rc != 0 ]; then
	QEMU=qemu-system-s390x
	note "note: no patched QEMU, using the system's $QEMU;" \
	     "the IDAL page-crossing data tests (io.read_conf_*_page_cross) will skip"
fi
export QEMU

for v in $VARIANTS; do
	section "$v kernel"
	if kdir=$("$TESTBED_DIR/build-kernel.sh" "$v"); then
		record "kernel-build/$v" 1 0
	else
		record "kernel-build/$v" 0 1 "kernel build failed"
		continue
	fi
	moddir=$BUILD/modules-$(basename "$kdir")

	section "$v: modules with W=1"
	log=$BUILD/modules-$v.log
	if make -s -C "$TOP_DIR" modules KDIR="$kdir" MODDIR="$moddir" >"$log" 2>&1; then
		if grep -q 'warning:' "$log"; then
			grep 'warning:' "$log" | head -20
			record "build-W=1/$v" 0 1 "$(grep -c 'warning:' "$log") warning(s)"
		else
			record "build-W=1/$v" 1 0
		fi
	else
		tail -30 "$log"
		record "build-W=1/$v" 0 1 "module build failed"
		continue
	fi

	if [ "$v" = standard ]; then
		section "sparse (C=2)"
		log=$BUILD/sparse.log
		smod=$BUILD/sparse-$(basename "$kdir")
		if make -s -C "$TOP_DIR" sparse KDIR="$kdir" MODDIR="$smod" >"$log" 2>&1 &&
		   ! grep -qE 'warning:|error:' "$log"; then
			record sparse 1 0
		else
			grep -E 'warning:|error:' "$log" | head -20
			record sparse 0 1 "$(grep -cE 'warning:|error:' "$log") report(s)"
		fi

		section "sparse (C=2) on the kvm.ko patch series"
		ksrc=$(readlink -f "$kdir/source")
		kvm_objs=$(sed -n 's|\.c$|.o|p' "$ksrc/.testbed-touched" 2>/dev/null | sort -u)
		if [ -z "$kvm_objs" ]; then
			echo "no patched C files"
		elif make -s -C "$ksrc" O="$kdir" C=2 $kvm_objs >"$BUILD/sparse-kvm.log" 2>&1 &&
		     ! grep -qE 'warning:|error:' "$BUILD/sparse-kvm.log"; then
			record sparse-kvm-patches 1 0
		else
			grep -E 'warning:|error:' "$BUILD/sparse-kvm.log" | head -20
			record sparse-kvm-patches 0 1 "sparse reports on $kvm_objs"
		fi

		section "checkpatch --strict"
		make -s -C "$TOP_DIR" checkpatch KDIR="$kdir" | grep -v '^    ' || true
		section "kernel-doc -Wall"
		make -s -C "$TOP_DIR" kernel-doc KDIR="$kdir" | grep -v '^    ' || true
	fi

	section "$v guest"
	"$TESTBED_DIR/run.sh" test VARIANT="$v" || true
done

section "summary"
python3 - "$RESULTS" <<'PY'
import sys
passed = failed = skipped = 0
groups = {}
for line in open(sys.argv[1]):
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 4:
        continue
    name, p, f, s = parts[0], int(parts[1]), int(parts[2]), int(parts[3])
    note = parts[4] if len(parts) > 4 else ""
    passed += p; failed += f; skipped += s
    g = name.split("/")[0]
    gp, gf, gs = groups.get(g, (0, 0, 0))
    groups[g] = (gp + p, gf + f, gs + s)
    if f:
        print(f"  FAIL {name}: {f} failed" + (f" ({note})" if note else ""))
print()
for g, (p, f, s) in groups.items():
    print(f"  {g:20} {p:5} passed {f:4} failed {s:4} skipped")
print()
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed or passed == 0 else 0)
PY

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) one test kernel variant and print its build directory.
#
#   build-kernel.sh standard|debug
#
# The source is Debian's linux-source-6.12, unpacked once into the cache.
# Each variant builds from its own copy of it, at a fixed path, with the
# kvm.ko patch series of arch/s390/kvm/patches/ applied: when the series
# changes, the files it touched are restored and the new series applied in
# place, so make only recompiles what changed.  A build is reused only when
# its stamp names the current patch series; a half-built directory is
# simply continued.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

variant=${1:-standard}
case $variant in
standard | debug) ;;
*) die "unknown kernel variant '$variant' (standard or debug)" ;;
esac

command -v "${CROSS_COMPILE}gcc" >/dev/null ||
	die "${CROSS_COMPILE}gcc not found (run: make setup)"
[ -r "$KSRC_TARBALL" ] || die "$KSRC_TARBALL missing (run: make setup)"

out=$(kbuild_dir "$variant")
phash=$(patches_hash)
stamp=$out/.testbed-complete
mkdir -p "$VCCW_CACHE/build"

# One builder per variant at a time (parallel make check runs, helpers).
exec 9>"$VCCW_CACHE/build/.lock-$variant"
flock 9

if [ "$(cat "$stamp" 2>/dev/null)" = "$phash" ] &&
   [ -f "$out/arch/s390/boot/bzImage" ] && [ -d "$out/usr/include" ]; then
	note "reusing $variant kernel in $out"
	echo "$out"
	exit 0
fi

pristine=$(ksrc_dir)
exec 8>"$VCCW_CACHE/build/.lock-src"
flock 8
if [ ! -f "$pristine/.testbed-unpacked" ]; then
	note "unpacking $KSRC_TARBALL into $pristine"
	rm -rf "$pristine"
	mkdir -p "$pristine"
	tar -xf "$KSRC_TARBALL" -C "$pristine" --strip-components=1
	touch "$pristine/.testbed-unpacked"
fi
flock -u 8

src=$out.src
if [ "$(cat "$src/.testbed-patched" 2>/dev/null)" != "$phash" ]; then
	if [ -d "$src" ] && [ -f "$src/.testbed-touched" ]; then
		# Undo the previous series; files it touched get a new mtime so
		# that make recompiles them even if restored to pristine text.
		while IFS= read -r f; do
			if [ -e "$pristine/$f" ]; then
				cp -p "$pristine/$f" "$src/$f"
				touch "$src/$f"
			else
				rm -f "$src/$f"
			fi
		done <"$src/.testbed-touched"
	else
		note "copying the kernel source for the $variant variant"
		rm -rf "$src"
		cp -a "$pristine" "$src"
	fi
	: >"$src/.testbed-touched"
	for p in "$TOP_DIR"/arch/s390/kvm/patches/*.patch; do
		[ -e "$p" ] || continue
		sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$p" >>"$src/.testbed-touched"
		patch -d "$src" -p1 --quiet --forward --no-backup-if-mismatch <"$p" ||
			die "patch $(basename "$p") does not apply to $(ksrc_version)"
		note "applied $(basename "$p")"
	done
	echo "$phash" >"$src/.testbed-patched"
fi

mkdir -p "$out"
frags=("$TESTBED_DIR/configs/base.config")
[ "$variant" = debug ] && frags+=("$TESTBED_DIR/configs/debug.config")

if [ ! -f "$out/.config" ] || [ ! -f "$out/.testbed-configured" ]; then
	note "configuring $variant kernel in $out"
	make -s -C "$src" O="$out" allnoconfig >/dev/null
	KCONFIG_CONFIG="$out/.config" "$src/scripts/kconfig/merge_config.sh" \
		-m -O "$out" "$out/.config" "${frags[@]}" >"$out/merge_config.log"
	make -s -C "$src" O="$out" olddefconfig >/dev/null

	# Every symbol the fragments ask for must have survived olddefconfig:
	# a silently dropped option would make the whole test bed meaningless.
	missing=0
	for f in "${frags[@]}"; do
		while IFS= read -r line; do
			case $line in
			CONFIG_*=n) sym=${line%%=*}
				grep -q "^$sym=" "$out/.config" &&
					{ note "$sym still set"; missing=1; } ;;
			CONFIG_*) grep -qxF "$line" "$out/.config" ||
					{ note "$line not honoured"; missing=1; } ;;
			esac
		done <"$f"
	done
	[ $missing = 0 ] || die "config fragment not honoured (see above)"
	touch "$out/.testbed-configured"
fi

rm -f "$stamp"
note "building $variant kernel ($(nproc) jobs); the first build takes several minutes"
if ! make -C "$src" O="$out" -j"$(nproc)" bzImage modules headers >"$out/build.log" 2>&1; then
	tail -30 "$out/build.log" >&2
	die "kernel build failed (full log: $out/build.log)"
fi
rm -rf "$out/modinstall"
make -s -C "$src" O="$out" INSTALL_MOD_PATH="$out/modinstall" INSTALL_MOD_STRIP=1 \
	modules_install >/dev/null
echo "$phash" >"$stamp"
echo "$out"

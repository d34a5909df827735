#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) one test kernel variant and print its build directory.
#
#   build-kernel.sh standard|debug
#
# The source is Debian's linux-source-6.12, unpacked once into the cache.
# The kvm.ko patch series under arch/s390/kvm/patches/ is applied to a
# private copy of the tree when present.  A build directory is complete
# only once its stamp exists; anything else is rebuilt incrementally.
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
stamp=$out/.testbed-complete
if [ -f "$stamp" ] && [ -f "$out/arch/s390/boot/bzImage" ] && [ -d "$out/usr/include" ]; then
	note "reusing $variant kernel in $out"
	echo "$out"
	exit 0
fi

# Each variant gets its own source tree when patches are applied, so one
# variant's patched tree never leaks into the other's cache key.
src=$(ksrc_dir)
if [ ! -f "$src/.testbed-unpacked" ]; then
	note "unpacking $KSRC_TARBALL into $src"
	rm -rf "$src"
	mkdir -p "$src"
	tar -xf "$KSRC_TARBALL" -C "$src" --strip-components=1
	touch "$src/.testbed-unpacked"
fi

patches=("$TOP_DIR"/arch/s390/kvm/patches/*.patch)
if [ -e "${patches[0]}" ]; then
	psrc=$out.src
	if [ ! -f "$psrc/.testbed-patched" ]; then
		note "applying ${#patches[@]} kvm.ko patch(es) to a copy of the tree"
		rm -rf "$psrc"
		cp -a "$src" "$psrc"
		for p in "${patches[@]}"; do
			patch -d "$psrc" -p1 --quiet --forward <"$p" ||
				die "patch $(basename "$p") does not apply to $(ksrc_version)"
		done
		touch "$psrc/.testbed-patched"
	fi
	src=$psrc
fi

mkdir -p "$out"
frags=("$TESTBED_DIR/configs/base.config")
[ "$variant" = debug ] && frags+=("$TESTBED_DIR/configs/debug.config")

note "configuring $variant kernel in $out"
make -s -C "$src" O="$out" allnoconfig >/dev/null
KCONFIG_CONFIG="$out/.config" "$src/scripts/kconfig/merge_config.sh" \
	-m -O "$out" "$out/.config" "${frags[@]}" >"$out/merge_config.log"
make -s -C "$src" O="$out" olddefconfig >/dev/null

# Every symbol the fragments ask for must have survived olddefconfig: a
# silently dropped option would make the whole test bed meaningless.
missing=0
for f in "${frags[@]}"; do
	while IFS= read -r line; do
		case $line in
		CONFIG_*=n) sym=${line%%=*}
			grep -q "^$sym=" "$out/.config" && { note "$sym still set"; missing=1; } ;;
		CONFIG_*) grep -qxF "$line" "$out/.config" || { note "$line not honoured"; missing=1; } ;;
		esac
	done <"$f"
done
[ $missing = 0 ] || die "config fragment not honoured (see above)"

note "building $variant kernel ($(nproc) jobs); this takes a few minutes the first time"
if ! make -C "$src" O="$out" -j"$(nproc)" bzImage modules headers >"$out/build.log" 2>&1; then
	tail -30 "$out/build.log" >&2
	die "kernel build failed (full log: $out/build.log)"
fi
make -s -C "$src" O="$out" INSTALL_MOD_PATH="$out/modinstall" INSTALL_MOD_STRIP=1 \
	modules_install >/dev/null
touch "$stamp"
echo "$out"

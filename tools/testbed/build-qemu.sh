#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the test bed's qemu-system-s390x and print its path.
#
#   build-qemu.sh [--fetch-only]
#
# The source is Debian's own: the qemu source package of the installed
# qemu-system-misc, fetched with apt-get source (a deb-src entry mirroring
# the Debian deb entries is added when apt has none), unpacked with
# Debian's patches applied, then our fixes of tools/testbed/qemu-patches/
# on top.  Only the s390x system emulator is built, without docs, tools or
# optional features the guest does not use.  The firmware (s390-ccw.img)
# is Debian's, from qemu-system-data of the same source version.
#
# The result lives in $VCCW_CACHE/qemu/<key>, the key hashing the source
# version, the patches and the configure options: a fresh clone reuses it,
# a changed patch builds anew.
#
# Exit status 3 means the source cannot be had (no network, no deb-src
# entry and not root, a version the archive no longer serves): callers then
# fall back to the system QEMU.  Any other failure (a patch that does not
# apply, a build error) is an error of ours and exits 1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

unavailable() {
	echo "testbed: QEMU source unavailable: $*" >&2
	exit 3
}

fetch_only=
[ "${1:-}" = --fetch-only ] && fetch_only=1

srcver=$(dpkg-query -W -f='${source:Version}' qemu-system-misc 2>/dev/null) ||
	die "qemu-system-misc is not installed (run: make setup)"
fver=${srcver#*:}		# file names carry no epoch
patches=("$TESTBED_DIR"/qemu-patches/*.patch)
[ -e "${patches[0]}" ] || patches=()

# What the guest (guest-run.py) needs: s390-ccw-virtio with TCG,
# virtio-blk-ccw, file and raw block nodes, QMP on a unix socket,
# -nographic.  Every optional feature stays out.  The binary is never
# installed: the prefix only has to differ from /usr, so that the firmware
# path, outside it, is taken as it is and finds Debian's s390-ccw.img.
config=(
	--target-list=s390x-softmmu
	--without-default-features
	--disable-docs --disable-tools --disable-user --disable-guest-agent
	--disable-werror --disable-debug-info --disable-install-blobs
	--with-git-submodules=ignore
	"--with-pkgversion=Debian $srcver, vccw test bed"
	--prefix=/opt/vccw-qemu --firmwarepath=/usr/share/qemu
)

key=$( {
	echo "$srcver"
	printf '%s\n' "${config[@]}"
	[ ${#patches[@]} -eq 0 ] || cat "${patches[@]}"
} | sha256sum | cut -c1-12)
top=$VCCW_CACHE/qemu
out=$top/$key
bin=$out/bin/qemu-system-s390x
stamp=$out/.testbed-complete
mkdir -p "$top"

exec 9>"$top/.lock"
flock 9

if [ -z "$fetch_only" ] && [ -f "$stamp" ] && [ -x "$bin" ]; then
	note "reusing QEMU $srcver (+${#patches[@]} patch(es)) in $out"
	echo "$bin"
	exit 0
fi

# deb-src entries for every deb822 stanza or one-line entry of the Debian
# archive (a URI ending in /debian or /debian-security).
add_deb_src() {
	local list=/etc/apt/sources.list.d/vccw-testbed-src
	[ "$(id -u)" = 0 ] || unavailable "apt knows no source of qemu $srcver;" \
		"add a deb-src entry for Debian or run this once as root"
	note "adding deb-src entries ($list.sources) and updating apt"
	{
		echo "# Added by the vccw test bed (tools/testbed/build-qemu.sh)"
		echo "# for apt-get source qemu.  Mirrors the Debian deb entries."
		echo
		shopt -s nullglob
		for f in /etc/apt/sources.list.d/*.sources; do
			[ "$f" = "$list.sources" ] && continue
			awk 'BEGIN { RS = ""; FS = "\n" }
			     /(^|\n)Types:[^\n]*(^|[ \t])deb([ \t]|\n|$)/ &&
			     /(^|\n)URIs:[^\n]*\/debian(-security)?\/?([ \t]|\n|$)/ &&
			     !/(^|\n)Enabled:[ \t]*no/ {
				for (i = 1; i <= NF; i++)
					if ($i ~ /^Types:/)
						print "Types: deb-src"
					else if ($i !~ /^#/)
						print $i
				print ""
			     }' "$f"
		done
	} >"$list.sources.tmp"
	if [ -f /etc/apt/sources.list ]; then
		sed -n 's/^[[:space:]]*deb\([[:space:]].*\/debian\(-security\)\{0,1\}\/\{0,1\}[[:space:]]\)/deb-src\1/p' \
			/etc/apt/sources.list >"$list.list.tmp"
		if [ -s "$list.list.tmp" ]; then
			mv "$list.list.tmp" "$list.list"
		else
			rm -f "$list.list.tmp"
		fi
	fi
	if grep -q '^Types: deb-src' "$list.sources.tmp"; then
		mv "$list.sources.tmp" "$list.sources"
	else
		rm -f "$list.sources.tmp"
		[ -f "$list.list" ] || unavailable "no Debian deb entry to mirror as deb-src"
	fi
	apt-get update -qq || unavailable "apt-get update failed"
}

dl=$top/dl-$fver
if [ ! -f "$dl/.testbed-fetched" ]; then
	if ! apt-get source -qq --print-uris "qemu=$srcver" >/dev/null 2>&1; then
		add_deb_src
	fi
	note "fetching Debian's qemu $srcver source"
	rm -rf "$dl"
	mkdir -p "$dl"
	# As root apt would hand the download to _apt, who cannot write here.
	if ! (cd "$dl" && apt-get source -qq --download-only \
			-o APT::Sandbox::User=root "qemu=$srcver") >"$top/fetch.log" 2>&1; then
		tail -5 "$top/fetch.log" >&2
		unavailable "apt-get source qemu=$srcver failed"
	fi
	touch "$dl/.testbed-fetched"
fi
if [ -n "$fetch_only" ]; then
	note "source of qemu $srcver in $dl"
	exit 0
fi

# A half-built directory (interrupted build) is continued.
if [ ! -f "$out/src/.testbed-patched" ]; then
	rm -rf "$out"
	mkdir -p "$out"
	note "unpacking qemu $srcver with Debian's patches"
	dpkg-source -q -x --no-copy "$dl/qemu_$fver.dsc" "$out/src" >"$out/unpack.log" 2>&1 ||
		{ cat "$out/unpack.log" >&2; die "dpkg-source -x failed"; }
	for p in "${patches[@]}"; do
		patch -d "$out/src" -p1 --quiet --forward --no-backup-if-mismatch <"$p" ||
			die "patch $(basename "$p") does not apply to qemu $srcver"
		note "applied $(basename "$p")"
	done
	touch "$out/src/.testbed-patched"
fi

if [ ! -f "$out/build/build.ninja" ]; then
	rm -rf "$out/build"
	mkdir -p "$out/build"
	if ! (cd "$out/build" && ../src/configure "${config[@]}") >"$out/configure.log" 2>&1; then
		tail -30 "$out/configure.log" >&2
		die "QEMU configure failed (full log: $out/configure.log)"
	fi
fi
note "building qemu-system-s390x ($(nproc) jobs); the first build takes a while"
if ! ninja -C "$out/build" -j"$(nproc)" qemu-system-s390x >"$out/build.log" 2>&1; then
	tail -30 "$out/build.log" >&2
	die "QEMU build failed (full log: $out/build.log)"
fi
mkdir -p "$out/bin"
cp "$out/build/qemu-system-s390x" "$bin"
"$bin" -M s390-ccw-virtio -device help 2>&1 | grep -q '"virtio-blk-ccw"' ||
	die "the built $bin does not run or lacks virtio-blk-ccw"
# Only the binary is used: the tree would be rebuilt from scratch anyway
# (a new key) and is several hundred MiB.
rm -rf "$out/src" "$out/build"
echo "$srcver" >"$stamp"
echo "$bin"

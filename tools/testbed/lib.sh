# SPDX-License-Identifier: GPL-2.0
# Shared settings for the test-bed scripts.  Sourced, never executed.

TESTBED_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP_DIR=$(cd "$TESTBED_DIR/../.." && pwd)

# Everything expensive lives outside the clone so that a fresh clone on the
# same machine (CI's case) reuses it.
VCCW_CACHE=${VCCW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vccw}
KSRC_TARBALL=${KSRC_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
ARCH=s390
CROSS_COMPILE=${CROSS_COMPILE:-s390x-linux-gnu-}
export ARCH CROSS_COMPILE

die() {
	echo "testbed: error: $*" >&2
	exit 1
}

note() {
	echo "testbed: $*" >&2
}

# Version of the Debian kernel source package; part of every cache key.
ksrc_version() {
	dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null ||
		die "linux-source-6.12 is not installed (run: make setup)"
}

# Unpacked kernel source shared by both variants.
ksrc_dir() {
	echo "$VCCW_CACHE/src/linux-source-6.12-$(ksrc_version)"
}

# Build directory of one kernel variant: keyed by the source version and
# the config fragments.  The kvm.ko patch series is not part of the key:
# changing it rebuilds incrementally in the same directory (see
# build-kernel.sh), which only recompiles what the patches touch.
kbuild_dir() {
	local variant=$1 key
	key=$( {
		ksrc_version
		cat "$TESTBED_DIR/configs/base.config"
		[ "$variant" = debug ] && cat "$TESTBED_DIR/configs/debug.config"
	} | sha256sum | cut -c1-12)
	echo "$VCCW_CACHE/build/$variant-$key"
}

# Identity of the kvm.ko patch series ("none" without patches).
patches_hash() {
	local p=("$TOP_DIR"/arch/s390/kvm/patches/*.patch)
	if [ -e "${p[0]}" ]; then
		cat "${p[@]}" | sha256sum | cut -c1-12
	else
		echo none
	fi
}

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what the test bed needs on a Debian 12 host.  Idempotent: when
# everything is present it only says so.  Only Debian packages are used.
set -euo pipefail

host_pkgs=(
	gcc-s390x-linux-gnu libc6-dev-s390x-cross	# cross compiler, static libc
	qemu-system-misc				# qemu-system-s390x
	linux-source-6.12				# the kernel we test on
	sparse						# make C=2
	make gcc flex bison bc libelf-dev libssl-dev	# kernel build
	cpio kmod rsync xz-utils gzip python3 patch perl git
	dpkg-dev meson ninja-build pkg-config		# patched QEMU (build-qemu.sh)
	libglib2.0-dev libpixman-1-dev zlib1g-dev
)
guest_pkgs=(busybox-static:s390x)			# the guest's userland

missing=()
for p in "${host_pkgs[@]}" "${guest_pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "setup: all host packages present"
	exit 0
fi

echo "setup: installing ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
	echo "setup: error: packages missing and not running as root;" \
	     "run 'sudo make setup' or install: ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
dpkg --print-foreign-architectures | grep -qx s390x || dpkg --add-architecture s390x
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
	{ echo "setup: error: apt-get install failed" >&2; exit 1; }
echo "setup: done"

# SPDX-License-Identifier: GPL-2.0
# Guest helpers shared by the test-bed scripts.  Sourced.

# Disk table: devno, capacity in 512-byte sectors, QEMU device id.
DISKS="0.0.0100:131072:disk0 0.0.0101:65536:disk1 0.0.0102:32768:disk2 0.0.0103:16384:disk3"

disk_sectors() {
	local d
	for d in $DISKS; do
		[ "${d%%:*}" = "$1" ] && { d=${d#*:}; echo "${d%%:*}"; return 0; }
	done
	return 1
}

# The subchannel (0.0.xxxx) whose device is devno $1.
sch_of_devno() {
	local s
	for s in /sys/bus/css/devices/*; do
		[ "$(cat "$s/dev_busid" 2>/dev/null)" = "$1" ] &&
			{ basename "$s"; return 0; }
	done
	return 1
}

# Print the name of the driver bound to subchannel $1 (empty if none).
sch_driver() {
	local l
	l=$(readlink "/sys/bus/css/devices/$1/driver" 2>/dev/null) || return 0
	basename "$l"
}

# Wait up to $2 tenths of a second for command $1 to succeed.
wait_for() {
	local n=0
	until eval "$1"; do
		n=$((n + 1))
		[ $n -ge "$2" ] && return 1
		usleep 100000
	done
}

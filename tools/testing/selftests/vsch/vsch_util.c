// SPDX-License-Identifier: GPL-2.0
/* Helpers shared by the vsch selftests. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vsch_util.h"

/* modprobe @name unless /sys/module/@name exists; 0 if it is there. */
int vsch_modprobe(const char *name)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "/sys/module/%s", name);
	if (!access(cmd, F_OK))
		return 0;
	snprintf(cmd, sizeof(cmd), "modprobe %s >/dev/null 2>&1", name);
	if (system(cmd))
		errno = 0;
	snprintf(cmd, sizeof(cmd), "/sys/module/%s", name);
	return access(cmd, F_OK) ? -ENOENT : 0;
}

int vsch_open(void)
{
	/* Failures are fine (built in): open() decides. */
	vsch_modprobe("vsch_dev");
	vsch_modprobe("vsch_kvm");
	return open("/dev/vsch", O_RDWR | O_CLOEXEC);
}

int vsch_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

__u32 vsch_sid(unsigned int ssid, unsigned int schno)
{
	return 0x00010000u | (ssid & 3) << 17 | (schno & 0xffff);
}

int vsch_create(int fd, __u32 sid, uint16_t devno, unsigned int flags)
{
	struct vsch_create_sch cr;

	memset(&cr, 0, sizeof(cr));
	cr.argsz = sizeof(cr);
	cr.flags = flags;
	cr.sid_word = sid;
	cr.devno = devno;
	cr.cu_type = VSCH_CU_TYPE_VIRTIO;
	cr.cu_model = 1;	/* virtio-net */
	cr.chpid = VSCH_CHPID;
	cr.chp_type = VSCH_CHP_TYPE_VIRTIO;
	return vsch_ioctl(fd, VSCH_CREATE_SCH, &cr);
}

/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the vsch selftests. */
#ifndef VSCH_UTIL_H
#define VSCH_UTIL_H

#include <stdint.h>
#include <sys/ioctl.h>	/* _IO(), which <linux/vsch.h> uses */
#include <linux/vsch.h>

/* modprobe a module unless it is loaded; 0 if it is loaded afterwards. */
int vsch_modprobe(const char *name);
/* Load the modules and open /dev/vsch; -1 with errno if that fails. */
int vsch_open(void);
/* Issue an argsz-style ioctl; returns 0 or -errno. */
int vsch_ioctl(int fd, unsigned long cmd, void *arg);
/* SID word of subchannel @schno in subchannel set @ssid (M = 0). */
__u32 vsch_sid(unsigned int ssid, unsigned int schno);
/* Create a virtio subchannel with default CU/CHPID; returns 0 or -errno. */
int vsch_create(int fd, __u32 sid, uint16_t devno, unsigned int flags);

#endif

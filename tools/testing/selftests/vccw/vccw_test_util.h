/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vccw_test_util - test-bed plumbing shared by the hot-unplug, teardown and
 * stress tests: subchannel lookup by device number, binding through the
 * guest's /testbed scripts, QMP device_del/device_add through
 * /testbed/hostctl, eventfd waits and bounded polling.
 *
 * The guest scripts (tools/testbed/guest/testbed/) own the conventions:
 * disks 0.0.0100..0.0.0103 are the QEMU devices disk0..disk3, "bind DRIVER
 * DEVNO" prints the UUID of the mdev it created, "unbind DEVNO [UUID]"
 * returns the subchannel to io_subchannel.
 */
#ifndef VCCW_TEST_UTIL_H
#define VCCW_TEST_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/wait.h>

#include "kselftest.h"	/* __printf */

#define VT_HOSTCTL	"/testbed/hostctl"
#define VT_BIND		"/testbed/bind"
#define VT_UNBIND	"/testbed/unbind"
#define VT_CSS		"/sys/bus/css/devices"

/* Copy a string, truncating it to fit @len bytes. */
static inline void vt_copy(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Monotonic milliseconds. */
static inline long long vt_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static inline void vt_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static inline bool vt_is_vccw(void)
{
	const char *d = getenv("VCCW_DRIVER");

	return d && !strcmp(d, "vccw");
}

/* The value of a "key=value" program argument, or @def. */
static inline const char *vt_arg_val(int argc, char **argv, const char *key,
				     const char *def)
{
	size_t n = strlen(key);
	int i;

	for (i = 1; i < argc; i++)
		if (!strncmp(argv[i], key, n) && argv[i][n] == '=')
			return argv[i] + n + 1;
	return def;
}

/* Why the test bed is not there, or NULL. */
static inline const char *vt_testbed_skip_reason(void)
{
	if (!getenv("VCCW_DRIVER") || !getenv("VCCW_DEVNO"))
		return "VCCW_DRIVER/VCCW_DEVNO not set (run through the test bed)";
	if (access(VT_HOSTCTL, X_OK) || access(VT_BIND, X_OK))
		return "no /testbed scripts: not in the test-bed guest";
	return NULL;
}

/*
 * Run a shell command; its output (stdout and stderr) goes to @out, the
 * trailing newline removed.  Returns the exit status, or -1.
 */
static inline __printf(3, 4)
int vt_sh(char *out, size_t outlen, const char *fmt, ...)
{
	char cmd[512], buf[256];
	size_t used = 0;
	va_list ap;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd) - 8, fmt, ap);
	va_end(ap);
	strcat(cmd, " 2>&1");
	if (out && outlen)
		out[0] = '\0';
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while (fgets(buf, sizeof(buf), p)) {
		size_t n = strlen(buf);

		if (out && used + n < outlen) {
			memcpy(out + used, buf, n + 1);
			used += n;
		}
	}
	st = pclose(p);
	if (out && used && out[used - 1] == '\n')
		out[used - 1] = '\0';
	if (st < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* Write a string to a sysfs attribute: 0 or -errno. */
static inline int vt_write_attr(const char *path, const char *val)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	return 0;
}

/* First line of a small file, newline removed: 0 or -errno. */
static inline int vt_read_line(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");

	if (!f)
		return -errno;
	if (!fgets(out, len, f))
		out[0] = '\0';
	fclose(f);
	out[strcspn(out, "\n")] = '\0';
	return 0;
}

/* The subchannel ("0.0.xxxx") of device number @devno: 0 or -ENODEV. */
static inline int vt_sch_of_devno(const char *devno, char *sch, size_t len)
{
	char path[300], busid[32];
	struct dirent *de;
	DIR *d;
	int ret = -ENODEV;

	d = opendir(VT_CSS);
	if (!d)
		return -ENODEV;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), VT_CSS "/%s/dev_busid", de->d_name);
		if (vt_read_line(path, busid, sizeof(busid)))
			continue;
		if (!strcmp(busid, devno)) {
			vt_copy(sch, len, de->d_name);
			ret = 0;
			break;
		}
	}
	closedir(d);
	return ret;
}

/*
 * The driver bound to the subchannel of @devno: 1 and its name in @drv
 * ("" if none) when the subchannel exists, 0 when it does not.
 */
static inline int vt_devno_driver(const char *devno, char *drv, size_t len)
{
	char sch[32], path[300], link[300];
	const char *base;
	ssize_t n;

	drv[0] = '\0';
	if (vt_sch_of_devno(devno, sch, sizeof(sch)))
		return 0;
	snprintf(path, sizeof(path), VT_CSS "/%s/driver", sch);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		base = strrchr(link, '/');
		vt_copy(drv, len, base ? base + 1 : link);
	}
	return 1;
}

/*
 * Poll (every 50 ms, at most @ms) until the subchannel of @devno is gone
 * (@want NULL), or present and bound to @want ("" for any driver).
 * Returns the milliseconds it took, or -1 on timeout.
 */
static inline long vt_wait_devno(const char *devno, const char *want, long ms)
{
	long long t0 = vt_now_ms();
	char drv[64];
	int present;

	for (;;) {
		present = vt_devno_driver(devno, drv, sizeof(drv));
		if (!want && !present)
			break;
		if (want && present && (!*want || !strcmp(drv, want)))
			break;
		if (vt_now_ms() - t0 > ms)
			return -1;
		vt_sleep_ms(50);
	}
	return (long)(vt_now_ms() - t0);
}

/*
 * Poll (every 50 ms, at most @ms) until the ccw device @devno is online:
 * a subchannel given back to io_subchannel is recognised and then set
 * online asynchronously (virtio_ccw's auto-online), with channel programs
 * of its own.  Unplugging or rebinding the subchannel before that is done
 * leaves virtio_ccw waiting for an interruption that never comes.
 * Returns the milliseconds it took, or -1 on timeout.
 */
static inline long vt_wait_online(const char *devno, long ms)
{
	long long t0 = vt_now_ms();
	char path[128], buf[8];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/ccw/devices/%s/online", devno);
	for (;;) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
		if (fd >= 0)
			close(fd);
		if (n > 0 && buf[0] == '1')
			break;
		if (vt_now_ms() - t0 > ms)
			return -1;
		vt_sleep_ms(50);
	}
	return (long)(vt_now_ms() - t0);
}

/*
 * The device directory of the subchannel of @devno (under /sys/devices):
 * 0 or -ENODEV.  Unlike the /sys/bus/css/devices link, which goes first
 * thing in device_del(), it stays until the driver has let go of the
 * subchannel and the unregistration is complete.
 */
static inline int vt_sch_path(const char *devno, char *path, size_t len)
{
	char sch[32], link[300], real[PATH_MAX];

	if (vt_sch_of_devno(devno, sch, sizeof(sch)))
		return -ENODEV;
	snprintf(link, sizeof(link), VT_CSS "/%s", sch);
	if (!realpath(link, real))
		return -errno;
	vt_copy(path, len, real);
	return 0;
}

/*
 * Poll (every 50 ms, at most @ms) until @path no longer exists.
 * Returns the milliseconds it took, or -1 on timeout.
 */
static inline long vt_wait_gone(const char *path, long ms)
{
	long long t0 = vt_now_ms();

	while (!access(path, F_OK)) {
		if (vt_now_ms() - t0 > ms)
			return -1;
		vt_sleep_ms(50);
	}
	return (long)(vt_now_ms() - t0);
}

/* QEMU id of the test-bed disk with device number @devno ("disk3"). */
static inline int vt_disk_of_devno(const char *devno, char *disk, size_t len)
{
	unsigned int css, ssid, num;

	if (sscanf(devno, "%x.%x.%x", &css, &ssid, &num) != 3 ||
	    num < 0x100 || num > 0x103)
		return -EINVAL;
	snprintf(disk, len, "disk%u", num - 0x100);
	return 0;
}

/*
 * QMP through the host runner: @op is "device_del" or "device_add".
 * Returns hostctl's exit status (0 on success); its message in @msg.
 * QEMU lets go of the disk's block node a little after device_del has
 * returned ("Permission conflict on node" until then): device_add is
 * retried for up to 3 s.
 */
static inline int vt_hostctl(const char *op, const char *disk, char *msg,
			     size_t len)
{
	int ret, tries = strcmp(op, "device_add") ? 1 : 10;

	for (;;) {
		ret = vt_sh(msg, len, VT_HOSTCTL " %s %s", op, disk);
		if (!ret || --tries <= 0)
			return ret;
		vt_sleep_ms(300);
	}
}

/*
 * The UUID of an mdev that exists on the subchannel of @devno: 0 and the
 * UUID in @uuid (37 bytes at least), or -ENOENT.
 */
static inline int vt_find_mdev(const char *devno, char *uuid, size_t len)
{
	char sch[32], pattern[300];
	const char *base;
	glob_t g;
	int ret = -ENOENT;

	if (vt_sch_of_devno(devno, sch, sizeof(sch)))
		return -ENODEV;
	snprintf(pattern, sizeof(pattern),
		 VT_CSS "/%s/mdev_supported_types/*/devices/*", sch);
	if (glob(pattern, 0, NULL, &g))
		return -ENOENT;
	if (g.gl_pathc) {
		base = strrchr(g.gl_pathv[0], '/');
		vt_copy(uuid, len, base + 1);
		ret = 0;
	}
	globfree(&g);
	return ret;
}

/*
 * Make sure the subchannel of @devno is bound to @driver and has an mdev
 * (binding through /testbed/bind if needed): 0 and its UUID, or -errno
 * with /testbed/bind's complaint in @why.
 */
static inline int vt_ensure_mdev(const char *driver, const char *devno,
				 char *uuid, size_t len, char *why,
				 size_t whylen)
{
	char drv[64], out[256];

	why[0] = '\0';
	if (vt_devno_driver(devno, drv, sizeof(drv)) && !strcmp(drv, driver) &&
	    !vt_find_mdev(devno, uuid, len))
		return 0;
	if (vt_sh(out, sizeof(out), VT_BIND " %s %s", driver, devno)) {
		vt_copy(why, whylen, out);
		return -EIO;
	}
	/* bind prints the UUID last. */
	vt_copy(uuid, len, strrchr(out, '\n') ? strrchr(out, '\n') + 1 : out);
	return 0;
}

/* A non-blocking eventfd, or -errno. */
static inline int vt_eventfd(void)
{
	int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	return fd < 0 ? -errno : fd;
}

/*
 * Wait at most @ms for @fd to be signalled and consume the count.
 * Returns the milliseconds it took, or -1 on timeout/error.
 */
static inline long vt_efd_wait(int fd, long ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	long long t0 = vt_now_ms();
	uint64_t v;
	int n;

	do {
		n = poll(&p, 1, ms - (vt_now_ms() - t0));
	} while (n < 0 && errno == EINTR && vt_now_ms() - t0 < ms);
	if (n <= 0)
		return -1;
	if (read(fd, &v, sizeof(v)) != sizeof(v))
		return -1;
	return (long)(vt_now_ms() - t0);
}

#endif /* VCCW_TEST_UTIL_H */

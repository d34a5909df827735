// SPDX-License-Identifier: GPL-2.0
/*
 * vccw_demo - run two channel programs through an mdev and say, in plain
 * words, what happened.  Used by "make demo".
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccw_client.h"

static void hexdump(const char *what, const uint8_t *p, int n)
{
	int i;

	printf("    %s:", what);
	for (i = 0; i < n; i++)
		printf(" %02x", p[i]);
	printf("\n");
}

int main(void)
{
	const char *drv = getenv("VCCW_DRIVER") ?: "?";
	struct ccwc c;
	struct ccw1 *ccw;
	struct ccwc_irb irb;
	uint8_t *data;
	uint64_t cap;
	int err;

	err = ccwc_open_env(&c);
	if (err) {
		fprintf(stderr, "demo: cannot open the mdev: %s\n", strerror(-err));
		return 1;
	}
	printf("  Opened mdev %s of subchannel %s (driver %s): %u regions, %u interrupts.\n",
	       getenv("VCCW_MDEV"), getenv("VCCW_SCH") ?: "?", drv,
	       c.num_regions, c.num_irqs);
	ccw = c.dma;
	data = (uint8_t *)c.dma + 0x1000;

	printf("  1. SENSE ID (command 0xE4): ask the device who it is.\n");
	ccwc_set_ccw(ccw, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 32, ccwc_iova_of(&c, data));
	err = ccwc_run(&c, ORB_LPM(0xff), ccwc_iova_of(&c, ccw), &irb, 5000);
	if (err) {
		fprintf(stderr, "demo: SENSE ID failed: %s\n", strerror(-err));
		goto out;
	}
	hexdump("device answered", data, 7);
	printf("    device status %02x (channel end + device end), %u bytes transferred\n",
	       irb.dstat, 32 - irb.count);
	printf("    => control unit %02x%02x model %02x: ", data[1], data[2], data[3]);
	printf("a virtio device (3832); model 2 is a block device.\n");

	printf("  2. virtio READ_CONF (command 0x22): read the disk's configuration.\n");
	ccwc_set_ccw(ccw, CCW_CMD_VIRTIO_READ_CONF, 0, 8, ccwc_iova_of(&c, data));
	err = ccwc_run(&c, ORB_LPM(0xff), ccwc_iova_of(&c, ccw), &irb, 5000);
	if (err) {
		fprintf(stderr, "demo: READ_CONF failed: %s\n", strerror(-err));
		goto out;
	}
	memcpy(&cap, data, sizeof(cap));
	cap = be64toh(cap);
	printf("    device status %02x; capacity %llu sectors of 512 bytes = %llu MiB.\n",
	       irb.dstat, (unsigned long long)cap, (unsigned long long)(cap >> 11));
out:
	ccwc_close(&c);
	printf("  Closed the device; locked memory now %ld kB.\n", ccwc_locked_kb());
	return err ? 1 : 0;
}

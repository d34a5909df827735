/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ccw_client - a small userspace client for vfio-ccw style mediated devices.
 *
 * It opens an mdev (vccw or the in-tree vfio_ccw: the uapi is the same),
 * maps a DMA window in a type1 container, and runs channel programs
 * through the I/O region: build CCWs in the window, start, wait for the
 * I/O eventfd, read the IRB.  Tests, the demo and the benchmarks use it
 * against both drivers.
 */
#ifndef CCW_CLIENT_H
#define CCW_CLIENT_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef BIT
#define BIT(n)		(1u << (n))
#endif

/* Architected CCW flags (SA22-7832, "Channel-Command Word"). */
#define CCW_FLAG_CD	0x80	/* chain data */
#define CCW_FLAG_CC	0x40	/* chain command */
#define CCW_FLAG_SLI	0x20	/* suppress incorrect length */
#define CCW_FLAG_SKIP	0x10	/* skip data transfer */
#define CCW_FLAG_PCI	0x08	/* program-controlled interruption */
#define CCW_FLAG_IDA	0x04	/* indirect data addressing */
#define CCW_FLAG_SUSP	0x02	/* suspend */

#define CCW_CMD_NOOP		0x03
#define CCW_CMD_SENSE		0x04
#define CCW_CMD_TIC		0x08
#define CCW_CMD_SENSE_ID	0xe4
/* virtio-ccw channel commands (virtio specification, "Channel I/O"). */
#define CCW_CMD_VIRTIO_READ_FEAT	0x12
#define CCW_CMD_VIRTIO_READ_CONF	0x22
#define CCW_CMD_VIRTIO_READ_STATUS	0x31

/* ORB word 1 bits (SA22-7832, "Operation-Request Block"). */
#define ORB_F_FMT1	BIT(23)	/* format-1 CCWs */
#define ORB_F_PFCH	BIT(22)	/* prefetch allowed */
#define ORB_F_ISIC	BIT(21)
#define ORB_F_SPND	BIT(27)	/* suspend control */
#define ORB_F_C64	BIT(17)	/* format-2 IDAWs */
#define ORB_F_I2K	BIT(16)	/* 2K IDAWs */
#define ORB_LPM(m)	((uint32_t)(m) << 8)
#define ORB_F_ILS	BIT(7)
#define ORB_F_X		BIT(0)	/* ORB extension */

/* SCSW fields, word 0 (function/activity/status control). */
#define SCSW_FCTL_START		0x4000u
#define SCSW_FCTL_HALT		0x2000u
#define SCSW_FCTL_CLEAR		0x1000u
#define SCSW_STCTL_ALERT	0x10u
#define SCSW_STCTL_INTER	0x08u
#define SCSW_STCTL_PRIMARY	0x04u
#define SCSW_STCTL_SECONDARY	0x02u
#define SCSW_STCTL_PENDING	0x01u

#define DEV_STAT_CE	0x08	/* channel end */
#define DEV_STAT_DE	0x04	/* device end */
#define DEV_STAT_UC	0x02	/* unit check */
#define DEV_STAT_UX	0x01	/* unit exception */

/** struct ccw1 - a format-1 CCW as it sits in memory (big endian). */
struct ccw1 {
	uint8_t cmd;
	uint8_t flags;
	uint16_t count;
	uint32_t cda;
};

static_assert(sizeof(struct ccw1) == 8, "a CCW is a doubleword");

/** struct ccwc_irb - the parts of an IRB tests look at, CPU order. */
struct ccwc_irb {
	uint8_t raw[96];	/* the IRB as the region returned it */
	uint32_t fctl;		/* SCSW function control (3 bits) */
	uint32_t actl;		/* SCSW activity control (7 bits) */
	uint32_t stctl;		/* SCSW status control (5 bits) */
	uint32_t cc;		/* SCSW deferred condition code */
	uint32_t cpa;		/* SCSW CCW address */
	uint8_t dstat;		/* device status */
	uint8_t cstat;		/* subchannel status */
	uint16_t count;		/* residual count */
};

/** struct ccwc - one open mdev and its DMA window. */
struct ccwc {
	int container;
	int group;
	int device;
	int io_efd;			/* I/O eventfd, -1 if none */
	uint64_t wakeups;		/* its count at the last ccwc_wait() */
	uint64_t region_off[4];		/* file offsets of regions 0..3 */
	uint64_t region_size[4];	/* 0 if absent */
	uint32_t num_regions;
	uint32_t num_irqs;
	uint32_t flags;			/* VFIO_DEVICE_FLAGS_* */
	void *dma;			/* the window, in our address space */
	uint64_t iova;			/* its IOVA (channel program addresses) */
	size_t dma_size;
	bool mapped;
};

/* Default DMA window: 4 MiB at IOVA 1 MiB (CCW addresses are 31-bit). */
#define CCWC_IOVA	0x100000ull
#define CCWC_DMA_SIZE	(4ull << 20)

int ccwc_open(struct ccwc *c, const char *uuid, uint64_t iova, size_t size);
void ccwc_close(struct ccwc *c);
int ccwc_open_env(struct ccwc *c);
const char *ccwc_env_skip_reason(void);

uint32_t ccwc_iova_of(const struct ccwc *c, const void *p);
void *ccwc_at(const struct ccwc *c, size_t off);
uint32_t ccwc_iova_at(const struct ccwc *c, size_t off);
bool ccwc_is_virtio_blk_id(const uint8_t *sense_id);
void *ccwc_ptr(const struct ccwc *c, uint64_t iova);
void ccwc_set_ccw(struct ccw1 *ccw, uint8_t cmd, uint8_t flags,
		  uint16_t count, uint32_t cda);

void ccwc_make_orb(uint8_t orb[12], uint32_t intparm, uint32_t flags,
		   uint32_t cpa);
int ccwc_start(struct ccwc *c, const uint8_t orb[12]);
int ccwc_wait(struct ccwc *c, int timeout_ms);
int ccwc_read_irb(struct ccwc *c, struct ccwc_irb *irb);
int ccwc_run(struct ccwc *c, uint32_t flags, uint32_t cpa,
	     struct ccwc_irb *irb, int timeout_ms);
int ccwc_async(struct ccwc *c, uint32_t command);
int ccwc_set_eventfd(struct ccwc *c, uint32_t index, int32_t fd);
int ccwc_new_eventfd(struct ccwc *c, uint32_t index);
long ccwc_locked_kb(void);
const char *ccwc_lockdep_skip(void);
long ccwc_pin_cache_pages(void);

#endif /* CCW_CLIENT_H */

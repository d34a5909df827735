/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vccw channel-program translator: turns a guest command-mode channel
 * program (addresses are VFIO IOVAs) into a host program whose CCWs and
 * IDALs live below 2 GiB and whose data addresses are pinned host pages.
 *
 * The rules, limits and error numbers are described in
 * Documentation/arch/s390/vccw-translation.rst.
 */

#ifndef _VCCW_CP_H_
#define _VCCW_CP_H_

#include <linux/types.h>
#include <linux/gfp.h>

struct page;
struct irb;
struct ccw1;
union orb;

/**
 * typedef vccw_iova_t - a guest (VFIO IOVA) address
 *
 * Addresses found in a guest ORB, CCW or IDAW are I/O virtual addresses of
 * the VFIO container, never host addresses.  The type is __bitwise so that
 * sparse reports any mix with host addresses (dma32_t, dma64_t, phys_addr_t).
 */
typedef u64 __bitwise vccw_iova_t;

/**
 * vccw_iova() - make a guest address from a number
 * @v: the address value
 *
 * Return: @v as a vccw_iova_t.
 */
static inline vccw_iova_t vccw_iova(u64 v)
{
	return (__force vccw_iova_t)v;
}

/**
 * vccw_iova_val() - the numeric value of a guest address
 * @a: the guest address
 *
 * Return: @a as a plain u64.
 */
static inline u64 vccw_iova_val(vccw_iova_t a)
{
	return (__force u64)a;
}

/**
 * struct vccw_cp_ops - how the translator reaches guest memory
 * @read: copy @len bytes at guest address @iova into @buf (vfio_dma_rw()).
 *	Returns 0 or a negative errno.  May sleep.
 * @pin: pin @npage pages starting at the page-aligned guest address @iova
 *	(a contiguous IOVA run, at most 512 pages) with IOMMU_READ and/or
 *	IOMMU_WRITE in @prot, and store the pages in @pages
 *	(vfio_pin_pages()).  Returns @npage or a negative errno; any other
 *	positive value is treated as a partial pin: those pages are unpinned
 *	again and the request fails.  May sleep.  The same page may be
 *	pinned more than once per request (the pin is reference counted).
 * @unpin: undo one successful @pin of @npage pages at @iova
 *	(vfio_unpin_pages()).  May sleep.
 */
struct vccw_cp_ops {
	int (*read)(void *ctx, vccw_iova_t iova, void *buf, size_t len);
	int (*pin)(void *ctx, vccw_iova_t iova, int npage, int prot,
		   struct page **pages);
	void (*unpin)(void *ctx, vccw_iova_t iova, int npage);
};

/**
 * struct vccw_cp_limits - per-request bounds of a translated program
 * @max_ccws_per_chain: CCWs in one chain (a run of CCWs fetched from
 *	consecutive guest addresses); exceeding it fails with -E2BIG.
 * @max_chains: chains per program (the ORB's chain plus one per TIC target
 *	outside every known chain); exceeding it fails with -EMLINK.
 * @max_pages: guest pages pinned per program (counting a page once per
 *	pin); exceeding it fails with -ENOSPC.
 * @max_idaws: host IDAWs per program (0: use the default); exceeding it
 *	fails with -ENOBUFS.  All host IDALs come from a pool of this size
 *	that is allocated once, below 2 GiB, by vccw_cp_alloc().
 * @max_cached_pages: guest pages kept pinned between programs (the pin
 *	cache), at most 65536; 0, the default, disables the cache.  With a
 *	cache the caller must return cached pins with vccw_cp_uncache() when
 *	guest memory is unmapped and when the device is closed.
 *
 * Every member must be at least 1 (except @max_idaws, where 0 means the
 * default, and @max_cached_pages); @max_ccws_per_chain is at most 4096 and
 * @max_chains at most 1024.
 */
struct vccw_cp_limits {
	unsigned int max_ccws_per_chain;
	unsigned int max_chains;
	unsigned int max_pages;
	unsigned int max_idaws;
	unsigned int max_cached_pages;
};

/* Upper bound of &vccw_cp_limits.max_cached_pages. */
#define VCCW_CP_MAX_CACHED_PAGES	65536

/* Default of &vccw_cp_limits.max_idaws. */
#define VCCW_CP_DEFAULT_MAX_IDAWS	8192

/*
 * The defaults: as many CCWs per chain and chains per program as the
 * in-tree vfio_ccw driver accepts; 4096 pages (16 MiB) of data per request.
 * Usable both as an initializer and, with &, as a pointer argument.
 */
#define VCCW_CP_DEFAULT_LIMITS ((const struct vccw_cp_limits) {	\
	.max_ccws_per_chain = 256,					\
	.max_chains = 16,						\
	.max_pages = 4096,						\
	.max_idaws = VCCW_CP_DEFAULT_MAX_IDAWS,				\
})

/**
 * struct vccw_cp_stats - counters of the active (or last built) program
 * @chains: chains in the host program.
 * @ccws: CCWs translated (TICs included).
 * @idaws: host IDAWs written.
 * @pages: guest pages pinned (a page pinned twice counts twice; with the
 *	pin cache, a page counts once per run of CCWs that use it).
 * @pin_calls: calls of &vccw_cp_ops.pin that succeeded.
 * @cache_hits: pages found pinned in the pin cache (no pin call).
 */
struct vccw_cp_stats {
	unsigned int chains;
	unsigned int ccws;
	unsigned int idaws;
	unsigned int pages;
	unsigned int pin_calls;
	unsigned int cache_hits;
};

struct vccw_cp;

/**
 * vccw_cp_alloc() - allocate a translator for one device
 * @ops: access to guest memory; must stay valid until vccw_cp_free()
 * @ctx: first argument of every @ops call
 * @lim: the limits (copied); NULL means VCCW_CP_DEFAULT_LIMITS
 * @gfp: allocation flags (GFP_KERNEL in process context); GFP_DMA is added
 *	where the memory must lie below 2 GiB
 *
 * All memory a request needs (host CCW arrays, the IDAW pool, the page and
 * pin-run arrays and a per-device zero page for CCWs that move no data) is
 * allocated here, so vccw_cp_build() never allocates.
 *
 * Return: the translator, or NULL if out of memory or @lim is invalid.
 */
struct vccw_cp *vccw_cp_alloc(const struct vccw_cp_ops *ops, void *ctx,
			      const struct vccw_cp_limits *lim, gfp_t gfp);

/**
 * vccw_cp_free() - release (if needed) and free a translator
 * @cp: the translator, or NULL
 */
void vccw_cp_free(struct vccw_cp *cp);

/**
 * vccw_cp_build() - fetch, translate and pin the program of a guest ORB
 * @cp: the translator (no program active)
 * @guest_orb: the 12 bytes of a command-mode ORB as the guest wrote them
 *	(big endian, ccw_io_region.orb_area); words 0-2 only
 *
 * On success the program is active until vccw_cp_release().  On error
 * nothing stays pinned and the program is not active.
 *
 * Return: 0 on success or
 *  * -EBUSY: a program is already active;
 *  * -EINVAL: reserved ORB bits or the ORB-extension bit set, a CPA or TIC
 *    target not on a doubleword boundary or above 2 GiB, a format-1 CCW
 *    whose command has low nibble 8 but a non-zero high nibble, a 31-bit
 *    data or IDAL address with bit 0 set, an IDAL not aligned;
 *  * -EOPNOTSUPP: transport mode (ORB b bit), suspend control (ORB s bit)
 *    or a CCW with the suspend flag;
 *  * -E2BIG: a chain longer than &vccw_cp_limits.max_ccws_per_chain;
 *  * -EMLINK: more chains than &vccw_cp_limits.max_chains;
 *  * -ENOSPC: more pages than &vccw_cp_limits.max_pages;
 *  * -ENOBUFS: more IDAWs than &vccw_cp_limits.max_idaws;
 *  * -EFAULT: a guest address could not be read or pinned.
 */
int vccw_cp_build(struct vccw_cp *cp, const u8 guest_orb[12]);

/**
 * vccw_cp_host_orb() - the host ORB to start the active program with
 * @cp: the translator (program active)
 * @orb: filled in completely (all other bits zero)
 * @intparm: the interruption parameter of the host ORB
 * @usable_lpm: the paths the host may use (e.g. sch->lpm)
 *
 * The ORB is built field by field from the guest ORB: key, M, Y, P, I, U
 * and L are copied; F is 1 (the host program is format 1); H is 1 (format-2
 * IDAWs); T is 1 when the guest program uses 2 KiB blocks; A (address-limit
 * checking) is 0 because host addresses are not the guest's; the logical
 * path mask is the guest's (0 meaning all paths) ANDed with @usable_lpm;
 * the CPA is the host copy of the guest's first chain.
 *
 * Return: 0, -EINVAL if no program is active, -EACCES if no path is left.
 */
int vccw_cp_host_orb(struct vccw_cp *cp, union orb *orb, u32 intparm,
		     u8 usable_lpm);

/**
 * vccw_cp_update_irb() - translate the CPA of an IRB back to the guest
 * @cp: the translator whose program the IRB belongs to
 * @irb: the IRB; irb->scsw.cmd.cpa is rewritten
 *
 * A host CPA inside a host chain, including one past its last CCW (the
 * value stored on normal completion), becomes the corresponding guest
 * address; anything else, or any CPA when no program is active, becomes 0
 * so that no host address reaches the guest.  Does not sleep or take locks;
 * callable in atomic context.
 */
void vccw_cp_update_irb(struct vccw_cp *cp, struct irb *irb);

/**
 * vccw_cp_is_active() - is a program built and not yet released?
 * @cp: the translator
 *
 * Return: true between a successful vccw_cp_build() and vccw_cp_release().
 */
bool vccw_cp_is_active(const struct vccw_cp *cp);

/**
 * vccw_cp_iova_pinned() - does the active program pin part of a range?
 * @cp: the translator
 * @iova: start of the guest range
 * @len: length of the range in bytes
 *
 * Pages of the pin cache count if the active program uses them.
 *
 * Return: true if any page pinned for the active program overlaps
 * [@iova, @iova + @len); false if none does or no program is active.
 */
bool vccw_cp_iova_pinned(const struct vccw_cp *cp, vccw_iova_t iova, u64 len);

/**
 * vccw_cp_release() - unpin everything and forget the program
 * @cp: the translator
 *
 * Idempotent; a no-op when no program is active.  May sleep (unpins).
 * Pages in the pin cache stay pinned (see vccw_cp_uncache()).
 */
void vccw_cp_release(struct vccw_cp *cp);

/**
 * vccw_cp_release_unpins() - would vccw_cp_release() return pins?
 * @cp: the translator
 *
 * A program whose pages are all in the pin cache holds no pin of its own:
 * releasing it only forgets it.  Pages pinned outside the cache (no
 * cache, or a cache full of the program's own pages) are the program's
 * and go with it.
 *
 * Return: true if the active program holds pins of its own; false if no
 * program is active or every page it uses is cached.
 */
bool vccw_cp_release_unpins(const struct vccw_cp *cp);

/**
 * vccw_cp_uncache() - return the cached pins of a range of guest memory
 * @cp: the translator
 * @iova: start of the guest range
 * @len: length of the range in bytes (U64_MAX or any length that wraps:
 *	up to the end of the address space)
 *
 * Unpins every page of the pin cache that overlaps [@iova, @iova + @len),
 * except pages the active program uses: vccw_cp_iova_pinned() reports
 * those, and once the program is released a second call returns them.
 * Must be called when guest memory is unmapped (the VFIO dma_unmap
 * callback) and, for the whole range, when the device is closed.  A no-op
 * without a cache.  May sleep (unpins).
 */
void vccw_cp_uncache(struct vccw_cp *cp, vccw_iova_t iova, u64 len);

/**
 * vccw_cp_cached_pages() - pages held in the pin cache
 * @cp: the translator
 *
 * Return: the number of cached pages, including those the active program
 * uses.
 */
unsigned int vccw_cp_cached_pages(const struct vccw_cp *cp);

/**
 * vccw_cp_get_stats() - counters of the active or last built program
 * @cp: the translator
 * @st: filled in; all zero after vccw_cp_release() or a failed build
 */
void vccw_cp_get_stats(const struct vccw_cp *cp, struct vccw_cp_stats *st);

/**
 * vccw_cp_ccw_count() - CCWs translated for the active program
 * @cp: the translator
 *
 * Return: &vccw_cp_stats.ccws of the active program, 0 if none.
 */
unsigned int vccw_cp_ccw_count(const struct vccw_cp *cp);

/**
 * vccw_cp_pinned_pages() - pages pinned for the active program
 * @cp: the translator
 *
 * Return: &vccw_cp_stats.pages of the active program, 0 if none.
 */
unsigned int vccw_cp_pinned_pages(const struct vccw_cp *cp);

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * vccw_cp_test_chain() - a host chain of the active program (KUnit only)
 * @cp: the translator
 * @i: chain index; 0 is the chain at the ORB's CPA
 * @ccws: set to the host CCWs of the chain
 * @len: set to the number of CCWs
 * @guest: set to the guest address of the first CCW
 *
 * Return: 0, or -ENOENT if there is no active program or no chain @i.
 */
int vccw_cp_test_chain(const struct vccw_cp *cp, unsigned int i,
		       const struct ccw1 **ccws, unsigned int *len,
		       vccw_iova_t *guest);

/**
 * vccw_cp_test_zero_page() - the page IDAWs of no-data CCWs point to
 * @cp: the translator
 *
 * Return: the physical address of the per-device zero page (KUnit only).
 */
phys_addr_t vccw_cp_test_zero_page(const struct vccw_cp *cp);
#endif

/*
 * Serialisation: vccw_cp_build(), vccw_cp_host_orb(), vccw_cp_release(),
 * vccw_cp_iova_pinned(), vccw_cp_uncache() and vccw_cp_free() must be
 * serialised by the caller
 * (the device's I/O mutex).  vccw_cp_update_irb() reads only data that is
 * constant while the program is active; the caller guarantees the program
 * is not released concurrently.
 */

#endif /* _VCCW_CP_H_ */

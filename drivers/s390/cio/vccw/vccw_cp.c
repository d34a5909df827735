// SPDX-License-Identifier: GPL-2.0
/*
 * vccw channel-program translator.
 *
 * A guest command-mode channel program (z/Architecture Principles of
 * Operation, SA22-7832, chapter 15 "Basic I/O Functions", "Channel
 * Program" and "Channel-Command Word") is fetched through the VFIO IOVA
 * space, copied into host CCW arrays below 2 GiB and rewritten:
 *
 *  - format-0 CCWs become format-1 CCWs;
 *  - every TIC points at the host copy of its target;
 *  - every other CCW gets the IDA flag and a host format-2 IDAL whose
 *    IDAWs are pinned guest pages, or a per-device zero page when the CCW
 *    cannot move data.
 *
 * The translation runs in phases over preallocated per-device memory:
 * fetch the chains (following TICs), resolve the TICs, work out which
 * operation every CCW belongs to (data chaining makes a CCW continue the
 * operation of its predecessor), then pin and write the IDALs.
 *
 * Documentation/arch/s390/vccw-translation.rst describes the rules.
 */

#include <linux/kernel.h>
#include <linux/hash.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/iommu.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>
#include <asm/cio.h>
#include <asm/dma-types.h>

#include "orb.h"
#include "vccw_cp.h"

/* A CCW (either format) is a doubleword. */
#define VCCW_CCW_SIZE		8
/* Host IDAWs are format 2 (64 bit); one pool page holds this many. */
#define VCCW_IDAWS_PER_PAGE	(PAGE_SIZE / sizeof(dma64_t))
/* 65535 bytes starting 2047 bytes into a 2 KiB block span 33 blocks. */
#define VCCW_MAX_IDAWS_PER_CCW	33
/* vfio_pin_pages() takes at most this many pages per call. */
#define VCCW_PIN_MAX		512
/* CCWs read from the guest per read call (never across a page). */
#define VCCW_FETCH_MAX		32
/*
 * Guest IDAL bytes read at once: IDALs of consecutive CCWs usually follow
 * each other (Linux DASD), so one read serves many CCWs.  Never beyond the
 * page of the first byte needed: guest memory is mapped in whole pages, so
 * the read-ahead cannot fail where the exact read would not.
 */
#define VCCW_WIN_SIZE		512
#define VCCW_MAX_CHAIN_LIMIT	4096
#define VCCW_MAX_CHAINS_LIMIT	1024

/* ORB word 1 (SA22-7832, "Operation-Request Block", figure 15-2). */
#define ORB_KEY_SHIFT		28
#define ORB_S			0x08000000	/* suspend control */
#define ORB_RES5		0x04000000	/* bit 5, reserved */
#define ORB_M			0x02000000	/* modification control */
#define ORB_Y			0x01000000	/* synchronization control */
#define ORB_F			0x00800000	/* format control */
#define ORB_P			0x00400000	/* prefetch control */
#define ORB_I			0x00200000	/* initial-status interruption */
#define ORB_A			0x00100000	/* address-limit checking */
#define ORB_U			0x00080000	/* suppress-suspended interr. */
#define ORB_B			0x00040000	/* channel-program type */
#define ORB_H			0x00020000	/* format-2 IDAW control */
#define ORB_T			0x00010000	/* 2K-IDAW control */
#define ORB_LPM_SHIFT		8
#define ORB_L			0x00000080	/* incorrect-length suppression */
#define ORB_RES25_30		0x0000007e	/* bits 25-30 (D etc.), unused */
#define ORB_X			0x00000001	/* ORB-extension control */

/* Bit 0 of a 31-bit address field must be zero. */
#define ADDR31_BIT0		0x80000000U
/* Flag 15 of a CCW: MIDA, only valid with the ORB D bit. */
#define CCW_FLAG_MIDA		0x01

/* How a CCW may be entered (dataflow state, a bitmask). */
#define ENTRY_FRESH		0x1	/* a new command starts here */
#define ENTRY_IN		0x2	/* continues an input operation */
#define ENTRY_OUT		0x4	/* continues an output operation */
#define ENTRY_BACK		0x8	/* continues a read backward */
#define ENTRY_NONE		0x10	/* continues a no-operation */
#define ENTRY_ALL		0x1f

/* The kind of operation a command code starts. */
#define OP_IN			0x1	/* read, read backward, sense */
#define OP_OUT			0x2	/* write, control, anything else */
#define OP_BACK			0x4	/* read backward */
#define OP_NONE			0x8	/* no-operation: no data */

/**
 * struct vccw_ccw_aux - translation state of one host CCW
 * @tchain: for a TIC, the chain holding its target
 * @tidx: for a TIC, the target's index in that chain
 * @entry: ENTRY_* bits: how execution may arrive at this CCW
 * @queued: the CCW is on the dataflow work list
 */
struct vccw_ccw_aux {
	u16 tchain;
	u16 tidx;
	u8 entry;
	u8 queued;
};

/**
 * struct vccw_chain - one run of CCWs at consecutive guest addresses
 * @ccw: host CCWs (max_ccws_per_chain + 1, below 2 GiB); the entry after
 *	the last CCW is all zeros, an invalid CCW, so that anything that
 *	runs off the end gets a program check instead of stray memory
 * @aux: translation state, one per CCW
 * @guest: guest address of the first CCW
 * @host: host (31-bit absolute) address of @ccw
 * @len: number of CCWs in the chain (0 until fetched)
 */
struct vccw_chain {
	struct ccw1 *ccw;
	struct vccw_ccw_aux *aux;
	vccw_iova_t guest;
	u32 host;
	unsigned int len;
};

/**
 * struct vccw_run - one successful pin call
 * @iova: first (page-aligned) guest page
 * @npage: number of pages
 */
struct vccw_run {
	vccw_iova_t iova;
	int npage;
};

/**
 * struct vccw_pc_ent - a page of the pin cache
 * @hnode: in the hash bucket of @iova
 * @lru: in &vccw_cp.pc_lru (least recently used first) or &vccw_cp.pc_free
 * @iova: guest address of the page (page aligned)
 * @page: the pinned page
 * @gen: the build that last used the page (&vccw_cp.gen)
 * @prot: IOMMU_READ and/or IOMMU_WRITE: the rights of the pin
 *
 * The cache holds one pin (one successful &vccw_cp_ops.pin of one page)
 * per entry, whichever program uses the page.
 */
struct vccw_pc_ent {
	struct hlist_node hnode;
	struct list_head lru;
	u64 iova;
	struct page *page;
	u64 gen;
	int prot;
};

/**
 * struct vccw_cp - the translator of one device
 * @ops: guest memory access
 * @ctx: argument of @ops
 * @lim: the limits
 * @chains: @lim.max_chains chain slots
 * @nr_chains: chains in use by the current request
 * @pool: IDAW pool pages (below 2 GiB)
 * @pool_pages: number of @pool pages
 * @pool_page: pool page being filled
 * @pool_off: next free IDAW in @pool_page
 * @pages: pinned pages of the request, in pin order
 * @runs: successful pin calls of the request (unpinned on release)
 * @nr_runs: entries in @runs
 * @nr_pages: entries in @pages
 * @zero_page: target of the IDAWs of CCWs that move no data
 * @work: dataflow work list (chain << 16 | index)
 * @gidaw: guest IDAWs of the CCW being translated
 * @pidx: index in @pages of each @gidaw
 * @raw: guest IDAL bytes of the CCW being translated
 * @win: guest bytes read ahead for IDALs (see VCCW_WIN_SIZE)
 * @win_addr: guest address of @win[0]
 * @win_len: valid bytes in @win (0: none; reset by every build)
 * @pc: the pin cache entries (NULL: no cache)
 * @pc_hash: hash buckets of the cached pages, 1 << @pc_bits of them
 * @pc_bits: log2 of the number of buckets
 * @pc_lru: cached pages, least recently used first
 * @pc_free: unused entries
 * @pc_count: cached pages
 * @gen: number of the current (or last) build, for &vccw_pc_ent.gen
 * @fmt1: the guest program is format 1 (ORB F bit)
 * @c64: the guest uses format-2 IDAWs (ORB H bit)
 * @blk: guest (and host) IDAW block size: 2048 or 4096
 * @orb_w1: word 1 of the guest ORB
 * @active: a program is built and not released
 * @st: counters of the current program
 *
 * Not locked: the caller serialises everything but vccw_cp_update_irb().
 */
struct vccw_cp {
	const struct vccw_cp_ops *ops;
	void *ctx;
	struct vccw_cp_limits lim;
	struct vccw_chain *chains;
	unsigned int nr_chains;
	dma64_t **pool;
	unsigned int pool_pages;
	unsigned int pool_page;
	unsigned int pool_off;
	struct page **pages;
	struct vccw_run *runs;
	unsigned int nr_runs;
	unsigned int nr_pages;
	struct page *zero_page;
	u32 *work;
	u64 gidaw[VCCW_MAX_IDAWS_PER_CCW];
	unsigned int pidx[VCCW_MAX_IDAWS_PER_CCW];
	u8 raw[VCCW_MAX_IDAWS_PER_CCW * sizeof(u64)];
	u8 win[VCCW_WIN_SIZE];
	u64 win_addr;
	unsigned int win_len;
	struct vccw_pc_ent *pc;
	struct hlist_head *pc_hash;
	unsigned int pc_bits;
	struct list_head pc_lru;
	struct list_head pc_free;
	unsigned int pc_count;
	u64 gen;
	bool fmt1;
	bool c64;
	unsigned int blk;
	u32 orb_w1;
	bool active;
	struct vccw_cp_stats st;
};

static void vccw_cp_free_mem(struct vccw_cp *cp)
{
	unsigned int i;

	if (cp->chains) {
		for (i = 0; i < cp->lim.max_chains; i++) {
			kfree(cp->chains[i].ccw);
			kvfree(cp->chains[i].aux);
		}
	}
	kfree(cp->chains);
	if (cp->pool) {
		for (i = 0; i < cp->pool_pages; i++)
			free_page((unsigned long)cp->pool[i]);
	}
	kfree(cp->pool);
	kvfree(cp->pages);
	kvfree(cp->runs);
	kvfree(cp->work);
	kvfree(cp->pc);
	kvfree(cp->pc_hash);
	if (cp->zero_page)
		__free_page(cp->zero_page);
	kfree(cp);
}

struct vccw_cp *vccw_cp_alloc(const struct vccw_cp_ops *ops, void *ctx,
			      const struct vccw_cp_limits *lim, gfp_t gfp)
{
	struct vccw_cp_limits l = lim ? *lim : VCCW_CP_DEFAULT_LIMITS;
	struct vccw_cp *cp;
	unsigned int i;

	if (!l.max_idaws)
		l.max_idaws = VCCW_CP_DEFAULT_MAX_IDAWS;
	if (!ops || !ops->read || !ops->pin || !ops->unpin ||
	    !l.max_ccws_per_chain || l.max_ccws_per_chain > VCCW_MAX_CHAIN_LIMIT ||
	    !l.max_chains || l.max_chains > VCCW_MAX_CHAINS_LIMIT ||
	    !l.max_pages || l.max_cached_pages > VCCW_CP_MAX_CACHED_PAGES)
		return NULL;

	cp = kzalloc(sizeof(*cp), gfp);
	if (!cp)
		return NULL;
	cp->ops = ops;
	cp->ctx = ctx;
	cp->lim = l;
	INIT_LIST_HEAD(&cp->pc_lru);
	INIT_LIST_HEAD(&cp->pc_free);

	cp->chains = kcalloc(l.max_chains, sizeof(*cp->chains), gfp);
	if (!cp->chains)
		goto fail;
	for (i = 0; i < l.max_chains; i++) {
		struct vccw_chain *ch = &cp->chains[i];

		/* CCWs are addressed with 31 bits (ORB CPA, TIC). */
		ch->ccw = kcalloc(l.max_ccws_per_chain + 1, sizeof(*ch->ccw),
				  gfp | GFP_DMA);
		ch->aux = kvcalloc(l.max_ccws_per_chain + 1, sizeof(*ch->aux),
				   gfp);
		if (!ch->ccw || !ch->aux)
			goto fail;
		ch->host = dma32_to_u32(virt_to_dma32(ch->ccw));
	}

	/*
	 * A CCW's IDAL never crosses a pool page, so each page may waste up
	 * to VCCW_MAX_IDAWS_PER_CCW - 1 entries.
	 */
	cp->pool_pages = DIV_ROUND_UP(l.max_idaws, VCCW_IDAWS_PER_PAGE -
				      VCCW_MAX_IDAWS_PER_CCW + 1);
	cp->pool = kcalloc(cp->pool_pages, sizeof(*cp->pool), gfp);
	if (!cp->pool)
		goto fail;
	for (i = 0; i < cp->pool_pages; i++) {
		/* The CCW's CDA (31 bits) points at the IDAL. */
		cp->pool[i] = (dma64_t *)__get_free_page(gfp | GFP_DMA);
		if (!cp->pool[i])
			goto fail;
	}

	cp->pages = kvcalloc(l.max_pages, sizeof(*cp->pages), gfp);
	cp->runs = kvcalloc(l.max_pages, sizeof(*cp->runs), gfp);
	cp->work = kvcalloc(l.max_chains * (l.max_ccws_per_chain + 1),
			    sizeof(*cp->work), gfp);
	cp->zero_page = alloc_page(gfp | __GFP_ZERO);
	if (!cp->pages || !cp->runs || !cp->work || !cp->zero_page)
		goto fail;

	if (l.max_cached_pages) {
		cp->pc_bits = ilog2(roundup_pow_of_two(l.max_cached_pages));
		cp->pc = kvcalloc(l.max_cached_pages, sizeof(*cp->pc), gfp);
		cp->pc_hash = kvcalloc(1U << cp->pc_bits, sizeof(*cp->pc_hash),
				       gfp);
		if (!cp->pc || !cp->pc_hash)
			goto fail;
		for (i = 0; i < l.max_cached_pages; i++)
			list_add_tail(&cp->pc[i].lru, &cp->pc_free);
	}
	return cp;

fail:
	vccw_cp_free_mem(cp);
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_alloc);

/* Undo every pin of the current request and forget the program. */
static void vccw_cp_unwind(struct vccw_cp *cp)
{
	unsigned int i;

	for (i = 0; i < cp->nr_runs; i++)
		cp->ops->unpin(cp->ctx, cp->runs[i].iova, cp->runs[i].npage);
	cp->nr_runs = 0;
	cp->nr_pages = 0;
	cp->nr_chains = 0;
	cp->pool_page = 0;
	cp->pool_off = 0;
	memset(&cp->st, 0, sizeof(cp->st));
}

void vccw_cp_release(struct vccw_cp *cp)
{
	if (!cp->active)
		return;
	WRITE_ONCE(cp->active, false);
	vccw_cp_unwind(cp);
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_release);

bool vccw_cp_release_unpins(const struct vccw_cp *cp)
{
	return cp->active && cp->nr_runs;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_release_unpins);

void vccw_cp_free(struct vccw_cp *cp)
{
	if (!cp)
		return;
	vccw_cp_release(cp);
	vccw_cp_uncache(cp, vccw_iova(0), U64_MAX);
	vccw_cp_free_mem(cp);
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_free);

bool vccw_cp_is_active(const struct vccw_cp *cp)
{
	return READ_ONCE(cp->active);
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_is_active);

/* Any read failure of guest memory is reported as -EFAULT. */
static int vccw_read(struct vccw_cp *cp, u64 iova, void *buf, size_t len)
{
	return cp->ops->read(cp->ctx, vccw_iova(iova), buf, len) ? -EFAULT : 0;
}

/*
 * Read IDAL bytes through the read-ahead window: from the window if it
 * holds them, else read up to VCCW_WIN_SIZE bytes, never past the page of
 * the first byte needed, into the window.
 */
static int vccw_read_idal(struct vccw_cp *cp, u64 iova, u8 *buf, size_t len)
{
	while (len) {
		size_t n;
		int ret;

		if (iova < cp->win_addr ||
		    iova >= cp->win_addr + cp->win_len) {
			n = min_t(size_t, VCCW_WIN_SIZE,
				  PAGE_SIZE - offset_in_page(iova));
			cp->win_len = 0;
			ret = vccw_read(cp, iova, cp->win, n);
			if (ret)
				return ret;
			cp->win_addr = iova;
			cp->win_len = n;
		}
		n = min_t(size_t, len, cp->win_addr + cp->win_len - iova);
		memcpy(buf, cp->win + (iova - cp->win_addr), n);
		buf += n;
		iova += n;
		len -= n;
	}
	return 0;
}

/* SA22-7832, "Channel-Command Word": TIC is xxxx1000 in format 0. */
static bool ccw_is_tic(const struct ccw1 *ccw)
{
	return ccw->cmd_code == CCW_CMD_TIC;
}

/*
 * The operation a command code starts (SA22-7832, "Command Code"): read
 * xxxxxx10 and sense xxxx0100 store data; read backward xxxx1100 stores it
 * at descending addresses; write xxxxxx01 and control xxxxxx11 fetch it.
 * Invalid codes (xxxx0000) are rejected by the channel; they are treated
 * as output to be safe.  The no-operation control command moves no data.
 */
static unsigned int ccw_op(u8 cmd)
{
	/* No-operation transfers no data (SA22-7832, "Command Code"). */
	if (cmd == CCW_CMD_NOOP)
		return OP_NONE;
	if ((cmd & 0x0f) == 0x0c)
		return OP_BACK;
	if ((cmd & 0x03) == 0x02 || (cmd & 0x0f) == 0x04)
		return OP_IN;
	return OP_OUT;
}

/* The operations a CCW entered in the ways @entry may belong to. */
static unsigned int ccw_ops(const struct ccw1 *ccw, unsigned int entry)
{
	unsigned int ops = 0;

	if (entry & ENTRY_FRESH)
		ops |= ccw_op(ccw->cmd_code);
	if (entry & ENTRY_IN)
		ops |= OP_IN;
	if (entry & ENTRY_OUT)
		ops |= OP_OUT;
	if (entry & ENTRY_BACK)
		ops |= OP_BACK;
	if (entry & ENTRY_NONE)
		ops |= OP_NONE;
	return ops;
}

/*
 * Turn the @n guest CCWs at @ccw, just read, into host format-1 CCWs and
 * check what the translator relies on.
 */
static int vccw_convert(struct vccw_cp *cp, struct ccw1 *ccw, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++, ccw++) {
		if (!cp->fmt1) {
			/*
			 * Format 0: command, 24-bit CDA, flags, reserved,
			 * count; a TIC ignores the command's high nibble.
			 */
			const u8 *b = (const u8 *)ccw;
			u8 cmd = b[0], flags = b[4];
			u32 cda = get_unaligned_be32(b) & 0x00ffffff;
			u16 count = get_unaligned_be16(b + 6);

			ccw->cmd_code = (cmd & 0x0f) == CCW_CMD_TIC ?
					CCW_CMD_TIC : cmd;
			ccw->flags = flags;
			ccw->count = count;
			ccw->cda = u32_to_dma32(cda);
		} else if ((ccw->cmd_code & 0x0f) == CCW_CMD_TIC &&
			   ccw->cmd_code != CCW_CMD_TIC) {
			/* Format-1 TIC needs bits 0-3 zero: program check. */
			return -EINVAL;
		}
		if (ccw_is_tic(ccw)) {
			u32 t = dma32_to_u32(ccw->cda);

			/* TIC flags and count are ignored: clear them. */
			ccw->flags = 0;
			ccw->count = 0;
			if ((t & 7) || (t & ADDR31_BIT0))
				return -EINVAL;
			continue;
		}
		if (ccw->flags & CCW_FLAG_SUSPEND)
			return -EOPNOTSUPP;
		if (ccw->flags & CCW_FLAG_MIDA)
			return -EINVAL;
	}
	return 0;
}

/* Is @addr inside the first @len CCWs of @ch? */
static bool chain_holds(const struct vccw_chain *ch, u64 addr,
			unsigned int len)
{
	u64 g = vccw_iova_val(ch->guest);

	return addr >= g && addr < g + (u64)len * VCCW_CCW_SIZE;
}

/* Does the chain go on after its (converted) CCW @i? */
static bool vccw_chain_continues(const struct vccw_chain *ch, unsigned int i)
{
	const struct ccw1 *ccw = &ch->ccw[i];

	if (ccw_is_tic(ccw))
		return chain_holds(ch, dma32_to_u32(ccw->cda), i);
	return ccw->flags & (CCW_FLAG_CC | CCW_FLAG_DC);
}

/*
 * Read the chain starting at ch->guest: CCW by CCW, in pieces that end at
 * a page boundary, as far as chaining goes (SA22-7832, "Chaining").  A TIC
 * ends the chain, unless it jumps back to an earlier CCW of the chain: such
 * a loop is left by a status modifier that skips the TIC (e.g. SEARCH;
 * TIC *-8; READ), so the CCW after the TIC belongs to the chain.  A TIC to
 * itself ends the chain: fetched by TIC, it is a TIC to a TIC.
 */
static int vccw_fetch_chain(struct vccw_cp *cp, struct vccw_chain *ch)
{
	unsigned int max = cp->lim.max_ccws_per_chain;
	u64 start = vccw_iova_val(ch->guest);
	unsigned int n = 0, fetched = 0;
	int ret;

	for (;;) {
		u64 addr = start + (u64)n * VCCW_CCW_SIZE;

		if (n >= max)
			return -E2BIG;
		/* CCWs are fetched with 31-bit addresses. */
		if (addr > ADDR31_BIT0 - VCCW_CCW_SIZE)
			return -EFAULT;
		if (n == fetched) {
			unsigned int k = (PAGE_SIZE - offset_in_page(addr)) /
					 VCCW_CCW_SIZE;

			k = min3(k, max - n, (unsigned int)VCCW_FETCH_MAX);
			ret = vccw_read(cp, addr, &ch->ccw[n],
					k * VCCW_CCW_SIZE);
			if (ret)
				return ret;
			fetched += k;
		}
		/* Converted one by one: bytes past the chain are not CCWs. */
		ret = vccw_convert(cp, &ch->ccw[n], 1);
		if (ret)
			return ret;
		if (!vccw_chain_continues(ch, n++))
			break;
	}
	ch->len = n;
	/* Clear what was read past the end, and the terminator. */
	memset(&ch->ccw[n], 0, (max(fetched, n + 1) - n) * sizeof(*ch->ccw));
	return 0;
}

/* The chain whose CCWs hold guest address @addr, or -1. */
static int vccw_find_chain(const struct vccw_cp *cp, u64 addr)
{
	unsigned int c;

	for (c = 0; c < cp->nr_chains; c++) {
		const struct vccw_chain *ch = &cp->chains[c];

		if (ch->len ? chain_holds(ch, addr, ch->len) :
			      vccw_iova_val(ch->guest) == addr)
			return c;
	}
	return -1;
}

/*
 * Fetch the chain at the ORB's CPA and, breadth first, a chain at every
 * TIC target that no known chain holds yet (SA22-7832, "Transfer in
 * Channel").  A TIC into a chain, to itself or to a TIC needs no new chain;
 * TIC to TIC is left to the channel, which reports a program check.
 */
static int vccw_fetch_program(struct vccw_cp *cp, u32 cpa)
{
	unsigned int c, i;
	int ret;

	cp->chains[0].guest = vccw_iova(cpa);
	cp->chains[0].len = 0;
	cp->nr_chains = 1;
	for (c = 0; c < cp->nr_chains; c++) {
		struct vccw_chain *ch = &cp->chains[c];

		ret = vccw_fetch_chain(cp, ch);
		if (ret)
			return ret;
		memset(ch->aux, 0, ch->len * sizeof(*ch->aux));
		cp->st.ccws += ch->len;
		for (i = 0; i < ch->len; i++) {
			struct vccw_chain *next;
			u32 t;

			if (!ccw_is_tic(&ch->ccw[i]))
				continue;
			t = dma32_to_u32(ch->ccw[i].cda);
			if (vccw_find_chain(cp, t) >= 0)
				continue;
			if (cp->nr_chains == cp->lim.max_chains)
				return -EMLINK;
			next = &cp->chains[cp->nr_chains++];
			next->guest = vccw_iova(t);
			next->len = 0;
		}
	}
	return 0;
}

/* Point every TIC at the host copy of its target. */
static void vccw_resolve_tics(struct vccw_cp *cp)
{
	unsigned int c, i;

	for (c = 0; c < cp->nr_chains; c++) {
		struct vccw_chain *ch = &cp->chains[c];

		for (i = 0; i < ch->len; i++) {
			struct ccw1 *ccw = &ch->ccw[i];
			const struct vccw_chain *tch;
			unsigned int idx;
			int tc;

			if (!ccw_is_tic(ccw))
				continue;
			/* Every target has a chain after vccw_fetch_program(). */
			tc = vccw_find_chain(cp, dma32_to_u32(ccw->cda));
			if (WARN_ON_ONCE(tc < 0))
				tc = 0;
			tch = &cp->chains[tc];
			idx = (dma32_to_u32(ccw->cda) -
			       vccw_iova_val(tch->guest)) / VCCW_CCW_SIZE;
			ch->aux[i].tchain = tc;
			ch->aux[i].tidx = idx;
			ccw->cda = u32_to_dma32(tch->host + idx * VCCW_CCW_SIZE);
		}
	}
}

static void vccw_enter(struct vccw_cp *cp, unsigned int *nwork,
		       unsigned int c, unsigned int i, unsigned int entry)
{
	struct vccw_ccw_aux *aux = &cp->chains[c].aux[i];

	if ((aux->entry | entry) == aux->entry)
		return;
	aux->entry |= entry;
	if (!aux->queued) {
		aux->queued = 1;
		cp->work[(*nwork)++] = c << 16 | i;
	}
}

/*
 * Work out how each CCW can be entered: as a new command (command
 * chaining, the ORB, a status modifier) or as the continuation of an
 * input, output or read-backward operation (data chaining, where the
 * command code of the new CCW is ignored unless it is a TIC; SA22-7832,
 * "Data Chaining").  A TIC passes on the way it was entered.  Every CCW is
 * on the work list at most once at a time and its state only grows, so
 * this ends after at most four visits per CCW.
 */
static void vccw_dataflow(struct vccw_cp *cp)
{
	unsigned int nwork = 0;

	vccw_enter(cp, &nwork, 0, 0, ENTRY_FRESH);
	while (nwork) {
		u32 w = cp->work[--nwork];
		unsigned int c = w >> 16, i = w & 0xffff;
		struct vccw_chain *ch = &cp->chains[c];
		struct vccw_ccw_aux *aux = &ch->aux[i];
		const struct ccw1 *ccw = &ch->ccw[i];
		unsigned int ops, out;

		aux->queued = 0;
		if (ccw_is_tic(ccw)) {
			vccw_enter(cp, &nwork, aux->tchain, aux->tidx,
				   aux->entry);
			continue;
		}
		if (ccw->flags & CCW_FLAG_DC) {
			ops = ccw_ops(ccw, aux->entry);
			out = (ops & OP_IN ? ENTRY_IN : 0) |
			      (ops & OP_OUT ? ENTRY_OUT : 0) |
			      (ops & OP_BACK ? ENTRY_BACK : 0) |
			      (ops & OP_NONE ? ENTRY_NONE : 0);
			if (i + 1 < ch->len)
				vccw_enter(cp, &nwork, c, i + 1, out);
		} else if (ccw->flags & CCW_FLAG_CC) {
			if (i + 1 < ch->len)
				vccw_enter(cp, &nwork, c, i + 1, ENTRY_FRESH);
			/* Status modifier: the next CCW is skipped. */
			if (i + 2 < ch->len)
				vccw_enter(cp, &nwork, c, i + 2, ENTRY_FRESH);
		}
	}
}

/* Take @n contiguous IDAWs from the pool. */
static dma64_t *vccw_idal_alloc(struct vccw_cp *cp, unsigned int n)
{
	dma64_t *idal;

	if (cp->st.idaws + n > cp->lim.max_idaws)
		return ERR_PTR(-ENOBUFS);
	if (cp->pool_off + n > VCCW_IDAWS_PER_PAGE) {
		cp->pool_page++;
		cp->pool_off = 0;
	}
	if (WARN_ON_ONCE(cp->pool_page >= cp->pool_pages))
		return ERR_PTR(-ENOBUFS);
	idal = cp->pool[cp->pool_page] + cp->pool_off;
	cp->pool_off += n;
	cp->st.idaws += n;
	return idal;
}

/* Blocks of @blk bytes touched by @count bytes from @addr (@count > 0). */
static unsigned int nr_blocks(u64 addr, unsigned int count, unsigned int blk)
{
	return ((addr & (blk - 1)) + count + blk - 1) / blk;
}

/*
 * Collect the guest IDAWs of a data-moving CCW in cp->gidaw: read from the
 * guest IDAL (format-1: 4-byte, 31-bit, 2 KiB blocks; format-2: 8-byte,
 * 2 or 4 KiB blocks; SA22-7832, "Indirect Data Addressing"), only as many
 * as the count needs, or made up for a direct CCW: the CDA, then the start
 * of each following block.
 */
static int vccw_guest_idaws(struct vccw_cp *cp, const struct ccw1 *ccw,
			    unsigned int *np)
{
	u32 cda = dma32_to_u32(ccw->cda);
	unsigned int blk = cp->blk;
	unsigned int n, k;
	u64 first;
	int ret;

	if (cp->fmt1 && (cda & ADDR31_BIT0))
		return -EINVAL;
	if (!(ccw->flags & CCW_FLAG_IDA)) {
		first = cda;
		n = nr_blocks(first, ccw->count, blk);
		cp->gidaw[0] = first;
		for (k = 1; k < n; k++)
			cp->gidaw[k] = round_down(first, blk) + (u64)k * blk;
	} else {
		unsigned int isz = cp->c64 ? sizeof(__be64) : sizeof(__be32);

		if (cda & (isz - 1))
			return -EINVAL;
		ret = vccw_read_idal(cp, cda, cp->raw, isz);
		if (ret)
			return ret;
		first = isz == 8 ? get_unaligned_be64(cp->raw) :
				   get_unaligned_be32(cp->raw);
		n = nr_blocks(first, ccw->count, blk);
		if (n > 1) {
			ret = vccw_read_idal(cp, (u64)cda + isz, cp->raw + isz,
					     (n - 1) * isz);
			if (ret)
				return ret;
		}
		for (k = 0; k < n; k++) {
			const u8 *p = cp->raw + k * isz;

			if (isz == 8) {
				cp->gidaw[k] = get_unaligned_be64(p);
			} else {
				cp->gidaw[k] = get_unaligned_be32(p);
				if (cp->gidaw[k] & ADDR31_BIT0)
					return -EINVAL;
			}
		}
	}
	*np = n;
	return 0;
}

/* The pin-cache entry of the guest page at @iova, or NULL. */
static struct vccw_pc_ent *vccw_pc_find(struct vccw_cp *cp, u64 iova)
{
	struct vccw_pc_ent *e;

	hlist_for_each_entry(e, &cp->pc_hash[hash_64(iova >> PAGE_SHIFT,
						     cp->pc_bits)], hnode)
		if (e->iova == iova)
			return e;
	return NULL;
}

/* Return the pin of a cached page and free its entry. */
static void vccw_pc_drop(struct vccw_cp *cp, struct vccw_pc_ent *e)
{
	cp->ops->unpin(cp->ctx, vccw_iova(e->iova), 1);
	hlist_del(&e->hnode);
	list_move(&e->lru, &cp->pc_free);
	cp->pc_count--;
}

/*
 * An entry for a new page: an unused one, else the least recently used
 * page if the program being built does not use it.  NULL if every cached
 * page belongs to this program.
 */
static struct vccw_pc_ent *vccw_pc_get(struct vccw_cp *cp)
{
	struct vccw_pc_ent *e;

	if (list_empty(&cp->pc_free)) {
		e = list_first_entry(&cp->pc_lru, struct vccw_pc_ent, lru);
		if (e->gen == cp->gen)
			return NULL;
		vccw_pc_drop(cp, e);
	}
	e = list_first_entry(&cp->pc_free, struct vccw_pc_ent, lru);
	list_del(&e->lru);
	return e;
}

/*
 * Get the guest page at @iova pinned with (at least) @prot through the pin
 * cache: a cached pin is used as it is; a missing page is pinned and
 * cached, or, if the cache is full of this program's pages, pinned as a
 * one-page run that vccw_cp_release() returns.
 */
static int vccw_pin_cached(struct vccw_cp *cp, u64 iova, int prot,
			   struct page **page)
{
	struct vccw_pc_ent *e = vccw_pc_find(cp, iova);
	struct vccw_run *r;
	int ret;

	if (e && (e->prot & prot) == prot) {
		cp->st.cache_hits++;
		goto use;
	}
	if (e)
		prot |= e->prot;
	ret = cp->ops->pin(cp->ctx, vccw_iova(iova), 1, prot, page);
	if (ret != 1) {
		if (ret > 0)
			cp->ops->unpin(cp->ctx, vccw_iova(iova), ret);
		return -EFAULT;
	}
	cp->st.pin_calls++;
	if (e) {
		/* The new pin, with more rights, replaces the cached one. */
		cp->ops->unpin(cp->ctx, vccw_iova(iova), 1);
		e->prot = prot;
		e->page = *page;
		goto use;
	}
	e = vccw_pc_get(cp);
	if (!e) {
		r = &cp->runs[cp->nr_runs++];
		r->iova = vccw_iova(iova);
		r->npage = 1;
		return 0;
	}
	e->iova = iova;
	e->page = *page;
	e->prot = prot;
	hlist_add_head(&e->hnode, &cp->pc_hash[hash_64(iova >> PAGE_SHIFT,
						       cp->pc_bits)]);
	list_add_tail(&e->lru, &cp->pc_lru);
	cp->pc_count++;
use:
	*page = e->page;
	e->gen = cp->gen;
	list_move_tail(&e->lru, &cp->pc_lru);
	return 0;
}

/* vccw_pin_idaws() with the pin cache: one page at a time. */
static int vccw_pin_idaws_cached(struct vccw_cp *cp, unsigned int n, int prot)
{
	unsigned int np = cp->nr_pages, k;
	u64 last = 0;
	int ret;

	for (k = 0; k < n; k++) {
		u64 p = cp->gidaw[k] & PAGE_MASK;

		if (k && p == last) {
			cp->pidx[k] = np - 1;
			continue;
		}
		if (np >= cp->lim.max_pages)
			return -ENOSPC;
		ret = vccw_pin_cached(cp, p, prot, &cp->pages[np]);
		if (ret)
			return ret;
		cp->pidx[k] = np++;
		cp->nr_pages = np;
		last = p;
	}
	return 0;
}

/*
 * Pin the pages of cp->gidaw[0..n) and note in cp->pidx which pinned page
 * each IDAW uses.  Consecutive IDAWs in one page share it (2 KiB blocks),
 * consecutive pages are pinned by one call.
 */
static int vccw_pin_idaws(struct vccw_cp *cp, unsigned int n, int prot)
{
	unsigned int nr = cp->nr_runs, np = cp->nr_pages, k;
	struct vccw_run *r = NULL;
	u64 last = 0;
	int ret;

	if (cp->pc)
		return vccw_pin_idaws_cached(cp, n, prot);

	for (k = 0; k < n; k++) {
		u64 p = cp->gidaw[k] & PAGE_MASK;

		if (r && p == last) {
			cp->pidx[k] = np - 1;
			continue;
		}
		if (np >= cp->lim.max_pages)
			return -ENOSPC;
		if (!r || p != last + PAGE_SIZE || r->npage == VCCW_PIN_MAX) {
			r = &cp->runs[nr++];
			r->iova = vccw_iova(p);
			r->npage = 0;
		}
		r->npage++;
		cp->pidx[k] = np++;
		last = p;
	}

	while (cp->nr_runs < nr) {
		r = &cp->runs[cp->nr_runs];
		ret = cp->ops->pin(cp->ctx, r->iova, r->npage, prot,
				   &cp->pages[cp->nr_pages]);
		if (ret != r->npage) {
			if (ret > 0)
				cp->ops->unpin(cp->ctx, r->iova, ret);
			return -EFAULT;
		}
		cp->nr_runs++;
		cp->nr_pages += r->npage;
		cp->st.pin_calls++;
	}
	return 0;
}

/*
 * Give a non-TIC CCW its host IDAL.  Whether data can move follows from
 * the operation, not from the CCW's own command code: a count of 0 moves
 * nothing, nor does SKIP with an input operation (SA22-7832, "Skip
 * Flag"); such CCWs get IDAWs into the zero page and nothing is pinned.
 */
static int vccw_translate_ccw(struct vccw_cp *cp, struct ccw1 *ccw,
			      unsigned int entry)
{
	unsigned int ops = ccw_ops(ccw, entry ? entry : ENTRY_ALL);
	bool skip = ccw->flags & CCW_FLAG_SKIP;
	bool in = (ops & (OP_IN | OP_BACK)) && !skip;
	bool out = ops & OP_OUT;
	dma64_t *idal;
	unsigned int n, k;
	int ret;

	if (!ccw->count || (!in && !out)) {
		n = ccw->count ? DIV_ROUND_UP(ccw->count, cp->blk) : 1;
		idal = vccw_idal_alloc(cp, n);
		if (IS_ERR(idal))
			return PTR_ERR(idal);
		for (k = 0; k < n; k++)
			idal[k] = u64_to_dma64(page_to_phys(cp->zero_page));
	} else {
		/* Read backward stores at descending addresses: not done. */
		if ((ops & OP_BACK) && !skip)
			return -EOPNOTSUPP;
		ret = vccw_guest_idaws(cp, ccw, &n);
		if (ret)
			return ret;
		idal = vccw_idal_alloc(cp, n);
		if (IS_ERR(idal))
			return PTR_ERR(idal);
		ret = vccw_pin_idaws(cp, n, IOMMU_READ |
				     (in ? IOMMU_WRITE : 0));
		if (ret)
			return ret;
		for (k = 0; k < n; k++)
			idal[k] = u64_to_dma64(page_to_phys(cp->pages[cp->pidx[k]]) +
					       offset_in_page(cp->gidaw[k]));
	}
	ccw->cda = virt_to_dma32(idal);
	ccw->flags |= CCW_FLAG_IDA;
	return 0;
}

int vccw_cp_build(struct vccw_cp *cp, const u8 guest_orb[12])
{
	u32 w1 = get_unaligned_be32(guest_orb + 4);
	u32 cpa = get_unaligned_be32(guest_orb + 8);
	unsigned int c, i;
	int ret;

	if (vccw_cp_is_active(cp))
		return -EBUSY;
	/* SA22-7832, "Operation-Request Block". */
	if (w1 & ORB_B)
		return -EOPNOTSUPP;
	if (w1 & (ORB_X | ORB_RES5 | ORB_RES25_30))
		return -EINVAL;
	if (w1 & ORB_S)
		return -EOPNOTSUPP;
	if ((cpa & ADDR31_BIT0) || (cpa & 7))
		return -EINVAL;

	cp->orb_w1 = w1;
	cp->gen++;
	cp->win_len = 0;
	cp->fmt1 = w1 & ORB_F;
	cp->c64 = w1 & ORB_H;
	/* Format-1 IDAWs always address 2 KiB blocks. */
	cp->blk = (!cp->c64 || (w1 & ORB_T)) ? SZ_2K : SZ_4K;

	ret = vccw_fetch_program(cp, cpa);
	if (ret)
		goto fail;
	vccw_resolve_tics(cp);
	vccw_dataflow(cp);
	for (c = 0; c < cp->nr_chains; c++) {
		struct vccw_chain *ch = &cp->chains[c];

		for (i = 0; i < ch->len; i++) {
			if (ccw_is_tic(&ch->ccw[i]))
				continue;
			ret = vccw_translate_ccw(cp, &ch->ccw[i],
						 ch->aux[i].entry);
			if (ret)
				goto fail;
		}
	}
	cp->st.chains = cp->nr_chains;
	cp->st.pages = cp->nr_pages;
	/* vccw_cp_update_irb() may look at the chains once this is seen. */
	smp_store_release(&cp->active, true);
	return 0;

fail:
	vccw_cp_unwind(cp);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_build);

int vccw_cp_host_orb(struct vccw_cp *cp, union orb *orb, u32 intparm,
		     u8 usable_lpm)
{
	u32 w = cp->orb_w1;
	u8 lpm;

	if (!vccw_cp_is_active(cp))
		return -EINVAL;
	lpm = (w >> ORB_LPM_SHIFT) & 0xff;
	if (!lpm)
		lpm = 0xff;
	lpm &= usable_lpm;
	if (!lpm)
		return -EACCES;

	memset(orb, 0, sizeof(*orb));
	orb->cmd.intparm = intparm;
	orb->cmd.key = w >> ORB_KEY_SHIFT;
	orb->cmd.mod = !!(w & ORB_M);
	orb->cmd.sync = !!(w & ORB_Y);
	orb->cmd.fmt = 1;
	orb->cmd.pfch = !!(w & ORB_P);
	orb->cmd.isic = !!(w & ORB_I);
	orb->cmd.ssic = !!(w & ORB_U);
	orb->cmd.c64 = 1;
	orb->cmd.i2k = cp->blk == SZ_2K;
	orb->cmd.lpm = lpm;
	orb->cmd.ils = !!(w & ORB_L);
	orb->cmd.cpa = u32_to_dma32(cp->chains[0].host);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_host_orb);

void vccw_cp_update_irb(struct vccw_cp *cp, struct irb *irb)
{
	u32 cpa = dma32_to_u32(irb->scsw.cmd.cpa);
	u32 guest = 0;
	unsigned int c;

	/* Pairs with the release in vccw_cp_build(): chains are complete. */
	if (smp_load_acquire(&cp->active)) {
		for (c = 0; c < cp->nr_chains; c++) {
			const struct vccw_chain *ch = &cp->chains[c];

			/* Up to one past the last CCW (normal ending). */
			if (cpa >= ch->host &&
			    cpa - ch->host <= ch->len * VCCW_CCW_SIZE) {
				guest = vccw_iova_val(ch->guest) +
					(cpa - ch->host);
				break;
			}
		}
	}
	irb->scsw.cmd.cpa = u32_to_dma32(guest);
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_update_irb);

bool vccw_cp_iova_pinned(const struct vccw_cp *cp, vccw_iova_t iova, u64 len)
{
	u64 start = vccw_iova_val(iova);
	u64 last = start + len - 1;
	const struct vccw_pc_ent *e;
	unsigned int i;

	if (!len || !vccw_cp_is_active(cp))
		return false;
	if (last < start)
		last = U64_MAX;
	for (i = 0; i < cp->nr_runs; i++) {
		u64 rs = vccw_iova_val(cp->runs[i].iova);
		u64 rl = rs + (u64)cp->runs[i].npage * PAGE_SIZE - 1;

		if (start <= rl && rs <= last)
			return true;
	}
	list_for_each_entry(e, &cp->pc_lru, lru)
		if (e->gen == cp->gen && start <= e->iova + PAGE_SIZE - 1 &&
		    e->iova <= last)
			return true;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_iova_pinned);

void vccw_cp_uncache(struct vccw_cp *cp, vccw_iova_t iova, u64 len)
{
	u64 start = vccw_iova_val(iova);
	u64 last = start + len - 1;
	bool active = vccw_cp_is_active(cp);
	struct vccw_pc_ent *e, *tmp;

	if (!cp->pc || !len)
		return;
	if (last < start)
		last = U64_MAX;
	list_for_each_entry_safe(e, tmp, &cp->pc_lru, lru) {
		if (e->iova > last || e->iova + PAGE_SIZE - 1 < start)
			continue;
		if (active && e->gen == cp->gen)
			continue;
		vccw_pc_drop(cp, e);
	}
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_uncache);

unsigned int vccw_cp_cached_pages(const struct vccw_cp *cp)
{
	return cp->pc_count;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_cached_pages);

void vccw_cp_get_stats(const struct vccw_cp *cp, struct vccw_cp_stats *st)
{
	*st = cp->st;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_get_stats);

unsigned int vccw_cp_ccw_count(const struct vccw_cp *cp)
{
	return vccw_cp_is_active(cp) ? cp->st.ccws : 0;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_ccw_count);

unsigned int vccw_cp_pinned_pages(const struct vccw_cp *cp)
{
	return vccw_cp_is_active(cp) ? cp->st.pages : 0;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_pinned_pages);

VISIBLE_IF_KUNIT int vccw_cp_test_chain(const struct vccw_cp *cp,
					unsigned int i,
					const struct ccw1 **ccws,
					unsigned int *len, vccw_iova_t *guest)
{
	if (!vccw_cp_is_active(cp) || i >= cp->nr_chains)
		return -ENOENT;
	*ccws = cp->chains[i].ccw;
	*len = cp->chains[i].len;
	*guest = cp->chains[i].guest;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_test_chain);

VISIBLE_IF_KUNIT phys_addr_t vccw_cp_test_zero_page(const struct vccw_cp *cp)
{
	return page_to_phys(cp->zero_page);
}
EXPORT_SYMBOL_IF_KUNIT(vccw_cp_test_zero_page);

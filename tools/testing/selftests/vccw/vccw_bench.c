// SPDX-License-Identifier: GPL-2.0
/*
 * vccw_bench - the same channel programs through an mdev of vccw or of the
 * in-tree vfio_ccw, timed.  Used by "make bench", which runs it once per
 * driver in the same boot and prints the ratios; nothing is asserted.
 *
 * Workloads (on a virtio-blk-ccw subchannel, control unit 3832):
 *
 *   sense_id   one SENSE ID CCW (8 bytes, direct addressing): the round
 *              trip of a minimal program, start to IRB.
 *   chain192   192 command-chained CCWs in the shape of a Linux DASD read
 *              ("Define Extent, Locate Record, 190 reads"): two SENSE IDs
 *              stand for the two control CCWs, then 190 READ_CONFs of 4096
 *              bytes with SLI (QEMU stores the device's configuration at
 *              the start of each area).  Every CCW has the IDA flag and a
 *              2-IDAW format-2 IDAL (4 KiB blocks), its data area starting
 *              32 bytes before a page boundary, so each one crosses a page
 *              and consecutive areas share a page, as misaligned 4 KiB
 *              blocks do.
 *
 * For each: programs per second, and the mean time spent in the write()
 * that starts the program (translation, pinning and SSCH) apart from the
 * time waiting for the eventfd and reading the IRB.  Then, with the kmem
 * trace events, the slab allocations (kmalloc and kmem_cache_alloc, in
 * every context) per program over a steady-state run.
 *
 * Output: human text, and lines "result <name> <value> <unit>" that the
 * test bed's bench script compares between the drivers.
 *
 *   vccw_bench [-t seconds] [-n max-iterations] [-A] [-T]
 *     -t  time budget per workload (default 3)
 *     -n  iteration cap per workload (default 100000)
 *     -A  skip the allocation count
 *     -T  first print a trace of one program of each workload
 */
#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "ccw_client.h"

#define PAGE		4096u
#define CHAIN_LEN	192
/* Layout of the DMA window (offsets). */
#define OFF_CCW		0x0
#define OFF_IDAL	0x1000		/* CHAIN_LEN * 2 IDAWs = 3 KiB */
#define OFF_SID		0x2000		/* SENSE ID data of sense_id */
#define OFF_DATA	0x10000		/* chain192 data areas */
#define DATA_LEAD	32		/* bytes of each area before a boundary */
#define AREA_COUNT	4096

#define NSEC		1000000000ull
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct workload {
	const char *name;
	void (*build)(struct ccwc *c);
	uint32_t orb_flags;
	unsigned int alloc_iters;	/* programs in the allocation count */
};

struct timing {
	unsigned long n;
	uint64_t total_ns;
	uint64_t write_ns;
	uint64_t wait_ns;
	unsigned long cap;	/* room in @rtt and @wr */
	uint32_t *rtt;		/* per program: start to IRB, ns */
	uint32_t *wr;		/* per program: in write(), ns */
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC + ts.tv_nsec;
}

static void build_sense_id(struct ccwc *c)
{
	ccwc_set_ccw(ccwc_at(c, OFF_CCW), CCW_CMD_SENSE_ID, CCW_FLAG_SLI, 8,
		     ccwc_iova_at(c, OFF_SID));
}

static size_t area_of(int i)
{
	return OFF_DATA + (size_t)i * PAGE + PAGE - DATA_LEAD;
}

static void build_chain192(struct ccwc *c)
{
	struct ccw1 *ccw = ccwc_at(c, OFF_CCW);
	uint64_t *idal = ccwc_at(c, OFF_IDAL);
	int i;

	for (i = 0; i < CHAIN_LEN; i++) {
		size_t a = area_of(i);
		uint8_t cmd = i < 2 ? CCW_CMD_SENSE_ID :
				      CCW_CMD_VIRTIO_READ_CONF;

		/* Format-2 IDAWs, 4 KiB blocks: the second at the boundary. */
		idal[2 * i] = htobe64(ccwc_iova_at(c, a));
		idal[2 * i + 1] = htobe64(ccwc_iova_at(c, a + DATA_LEAD));
		ccwc_set_ccw(&ccw[i], cmd,
			     (i < CHAIN_LEN - 1 ? CCW_FLAG_CC : 0) |
			     CCW_FLAG_SLI | CCW_FLAG_IDA, AREA_COUNT,
			     ccwc_iova_at(c, OFF_IDAL + 16 * i));
	}
}

/* Did every CCW of chain192 store the same non-fill bytes? */
static int check_chain192(struct ccwc *c)
{
	uint8_t first[16];
	int i;

	memcpy(first, ccwc_at(c, area_of(2)), sizeof(first));
	if (first[0] == 0xa5 && first[1] == 0xa5)
		return -1;
	for (i = 2; i < CHAIN_LEN; i++)
		if (memcmp(first, ccwc_at(c, area_of(i)), sizeof(first)))
			return i;
	for (i = 0; i < 2; i++)
		if (*(uint8_t *)ccwc_at(c, area_of(i)) != 0xff)
			return i;
	return 0;
}

static const struct workload workloads[] = {
	{ "sense_id", build_sense_id, 0, 500 },
	{ "chain192", build_chain192, ORB_F_C64, 50 },
};

/* Start the built program and wait for its final status. */
static int run_once(struct ccwc *c, const struct workload *w,
		    struct timing *t)
{
	struct ccwc_irb irb;
	uint64_t t0, t1, t2;
	uint8_t orb[12];
	int err;

	ccwc_make_orb(orb, 0x12345678, w->orb_flags | ORB_LPM(0xff) |
		      ORB_F_FMT1 | ORB_F_PFCH, ccwc_iova_at(c, OFF_CCW));
	t0 = now_ns();
	err = ccwc_start(c, orb);
	t1 = now_ns();
	if (err)
		return err;
	do {
		err = ccwc_wait(c, 10000);
		if (!err)
			err = ccwc_read_irb(c, &irb);
		if (err)
			return err;
	} while (!(irb.stctl & (SCSW_STCTL_PRIMARY | SCSW_STCTL_ALERT)));
	t2 = now_ns();
	if (irb.dstat != (DEV_STAT_CE | DEV_STAT_DE) || irb.cstat) {
		fprintf(stderr, "%s: dstat %02x cstat %02x\n", w->name,
			irb.dstat, irb.cstat);
		return -EIO;
	}
	if (t) {
		if (t->n < t->cap) {
			t->rtt[t->n] = t2 - t0;
			t->wr[t->n] = t1 - t0;
		}
		t->n++;
		t->write_ns += t1 - t0;
		t->wait_ns += t2 - t1;
		t->total_ns += t2 - t0;
	}
	return 0;
}

static int run_timed(struct ccwc *c, const struct workload *w,
		     double budget_s, unsigned long max_iter, struct timing *t)
{
	uint64_t end;
	int err;

	t->n = 0;
	t->total_ns = 0;
	t->write_ns = 0;
	t->wait_ns = 0;
	end = now_ns() + (uint64_t)(budget_s * NSEC);
	while (t->n < max_iter && now_ns() < end) {
		err = run_once(c, w, t);
		if (err)
			return err;
	}
	return 0;
}

/* --- slab allocations per program, from the kmem trace events --- */

static char tracing[64];

static int write_str(const char *file, const char *s)
{
	char path[256];
	int fd, ok;

	snprintf(path, sizeof(path), "%s/%s", tracing, file);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return -errno;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -EIO;
}

static long read_long(const char *file)
{
	char path[256];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tracing, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static bool find_tracing(void)
{
	static const char * const dirs[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	struct stat st;
	char p[96];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(p, sizeof(p), "%s/set_event", dirs[i]);
		if (!stat(p, &st)) {
			snprintf(tracing, sizeof(tracing), "%s", dirs[i]);
			return true;
		}
	}
	if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL))
		return false;
	snprintf(tracing, sizeof(tracing), "/sys/kernel/tracing");
	return true;
}

/* Sum "entries" and "overrun" of every CPU's ring buffer. */
static int ring_counts(long *entries, long *overrun)
{
	char path[400], line[128];
	struct dirent *d;
	DIR *dir;

	*entries = *overrun = 0;
	snprintf(path, sizeof(path), "%s/per_cpu", tracing);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		FILE *f;
		long v;

		if (strncmp(d->d_name, "cpu", 3))
			continue;
		snprintf(path, sizeof(path), "%s/per_cpu/%s/stats", tracing,
			 d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "entries: %ld", &v) == 1)
				*entries += v;
			else if (sscanf(line, "overrun: %ld", &v) == 1)
				*overrun += v;
		}
		fclose(f);
	}
	closedir(dir);
	return 0;
}

#define MAX_SITES 64

struct site {
	char name[64];
	unsigned long n;
};

/* Count the trace's events by call site ("call_site=func+0x../0x.."). */
static int count_sites(struct site *s, int max)
{
	char path[256], line[512];
	int nr = 0, i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/trace", tracing);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "call_site="), *e;

		if (!p)
			continue;
		p += strlen("call_site=");
		e = p + strcspn(p, "+ ");
		*e = '\0';
		for (i = 0; i < nr; i++)
			if (!strcmp(s[i].name, p))
				break;
		if (i == nr) {
			if (nr == max)
				continue;
			snprintf(s[nr].name, sizeof(s[nr].name), "%s", p);
			s[nr++].n = 0;
		}
		s[i].n++;
	}
	fclose(f);
	return nr;
}

static int cmp_site(const void *a, const void *b)
{
	const struct site *x = a, *y = b;

	return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

/*
 * Run @w->alloc_iters programs with the kmem:kmalloc and
 * kmem:kmem_cache_alloc events on (every context: the write(), the
 * interrupt, the completion work) and print the allocations per program.
 * The count comes from the ring buffers' entry and overrun counters, so it
 * is exact even if the buffer wrapped; the breakdown by call site only if
 * it did not.
 */
static int count_allocs(struct ccwc *c, const struct workload *w)
{
	static struct site sites[MAX_SITES];
	long entries, overrun, old_kb;
	char kb[32];
	unsigned int i;
	int nr, err = 0;
	double per;

	old_kb = read_long("buffer_size_kb");
	write_str("tracing_on", "0");
	write_str("set_event", "");
	write_str("buffer_size_kb", "8192");
	write_str("trace", "");
	if (write_str("events/kmem/kmalloc/enable", "1") ||
	    write_str("events/kmem/kmem_cache_alloc/enable", "1")) {
		printf("  allocations: kmem trace events unavailable\n");
		write_str("set_event", "");
		return 0;
	}
	write_str("tracing_on", "1");
	for (i = 0; i < w->alloc_iters && !err; i++)
		err = run_once(c, w, NULL);
	write_str("tracing_on", "0");
	if (err) {
		write_str("set_event", "");
		return err;
	}
	ring_counts(&entries, &overrun);
	per = (double)(entries + overrun) / w->alloc_iters;
	printf("  %s: %.2f slab allocations per program (%ld over %u programs, all contexts)\n",
	       w->name, per, entries + overrun, w->alloc_iters);
	if (!overrun) {
		nr = count_sites(sites, MAX_SITES);
		qsort(sites, nr, sizeof(sites[0]), cmp_site);
		for (i = 0; i < (unsigned int)nr && i < 6; i++)
			printf("      %8.2f per program  %s\n",
			       (double)sites[i].n / w->alloc_iters,
			       sites[i].name);
	}
	printf("result %s_allocs %.2f allocs/io\n", w->name, per);
	write_str("set_event", "");
	write_str("trace", "");
	if (old_kb > 0) {
		snprintf(kb, sizeof(kb), "%ld", old_kb);
		write_str("buffer_size_kb", kb);
	}
	return 0;
}

/* The event and call site of a trace line, to fold runs of alike lines. */
static void line_key(const char *line, char *key, size_t len)
{
	const char *e = strstr(line, ": "), *cs = strstr(line, "call_site=");
	size_t n;

	key[0] = '\0';
	if (!e)
		return;
	e += 2;
	n = strcspn(e, ":");
	snprintf(key, len, "%.*s", (int)n, e);
	if (cs) {
		n = strcspn(cs, "+ ");
		snprintf(key + strlen(key), len - strlen(key), " %.*s", (int)n,
			 cs);
	}
}

/*
 * -T: trace one program with the kmem, scheduler and driver events and
 * markers around each step, then print the trace (runs of alike events
 * folded): where the time of one I/O goes.
 */
static void trace_one(struct ccwc *c, const struct workload *w)
{
	static const char * const ev[] = {
		"events/kmem/kmalloc/enable", "events/kmem/kfree/enable",
		"events/sched/sched_wakeup/enable",
		"events/sched/sched_switch/enable",
		"events/vccw/enable", "events/vfio_ccw/enable",
	};
	char line[512], key[128], prev[128] = "", last[512] = "";
	struct ccwc_irb irb;
	unsigned long same = 0;
	uint8_t orb[12];
	size_t i;
	FILE *f;

	write_str("tracing_on", "0");
	write_str("set_event", "");
	write_str("buffer_size_kb", "4096");
	for (i = 0; i < ARRAY_SIZE(ev); i++)
		write_str(ev[i], "1");
	write_str("trace", "");
	ccwc_make_orb(orb, 0x12345678, w->orb_flags | ORB_LPM(0xff) |
		      ORB_F_FMT1 | ORB_F_PFCH, ccwc_iova_at(c, OFF_CCW));
	write_str("tracing_on", "1");
	write_str("trace_marker", "bench: write");
	ccwc_start(c, orb);
	write_str("trace_marker", "bench: write returned");
	ccwc_wait(c, 10000);
	write_str("trace_marker", "bench: eventfd fired");
	ccwc_read_irb(c, &irb);
	write_str("trace_marker", "bench: IRB read");
	write_str("tracing_on", "0");
	write_str("set_event", "");

	snprintf(line, sizeof(line), "%s/trace", tracing);
	f = fopen(line, "r");
	if (!f)
		return;
	printf("  trace of one %s program:\n", w->name);
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		line_key(line, key, sizeof(key));
		if (key[0] && !strcmp(key, prev)) {
			same++;
			snprintf(last, sizeof(last), "%s", line);
			continue;
		}
		if (same)
			printf("    ... %lu more, the last:\n    %s", same, last);
		same = 0;
		snprintf(prev, sizeof(prev), "%s", key);
		printf("    %s", line);
	}
	if (same)
		printf("    ... %lu more, the last:\n    %s", same, last);
	fclose(f);
	write_str("trace", "");
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The median of the first @n samples, in microseconds (sorts them). */
static double median_us(uint32_t *v, unsigned long n)
{
	qsort(v, n, sizeof(*v), cmp_u32);
	return v[n / 2] / 1000.0;
}

static int bench(struct ccwc *c, const struct workload *w, double budget_s,
		 unsigned long max_iter, bool allocs, bool trace)
{
	struct timing t = { .cap = max_iter };
	double rate;
	int err, i, bad;

	if (!strcmp(w->name, "chain192"))
		for (i = 0; i < CHAIN_LEN; i++)
			memset(ccwc_at(c, area_of(i)), 0xa5, 16);
	w->build(c);
	/* Warm up (first pins, caches), and check the data arrived. */
	for (i = 0; i < 20; i++) {
		err = run_once(c, w, NULL);
		if (err) {
			printf("  %s: program failed: %s\n", w->name,
			       strerror(-err));
			return err;
		}
	}
	if (!strcmp(w->name, "chain192")) {
		bad = check_chain192(c);
		if (bad) {
			printf("  chain192: CCW %d moved no data\n", bad);
			return -EIO;
		}
	}
	if (trace)
		trace_one(c, w);
	t.rtt = calloc(max_iter, sizeof(*t.rtt));
	t.wr = calloc(max_iter, sizeof(*t.wr));
	if (!t.rtt || !t.wr) {
		free(t.rtt);
		free(t.wr);
		return -ENOMEM;
	}
	err = run_timed(c, w, budget_s, max_iter, &t);
	if (err || !t.n) {
		free(t.rtt);
		free(t.wr);
		printf("  %s: failed after %lu programs: %s\n", w->name, t.n,
		       strerror(-err));
		return err ? err : -EIO;
	}
	rate = t.n * (double)NSEC / t.total_ns;
	printf("  %s: %lu programs in %.2f s: %.1f programs/s\n", w->name,
	       t.n, (double)t.total_ns / NSEC, rate);
	printf("    per program: %.1f us in write() (translate, SSCH), %.1f us more for the IRB\n",
	       t.write_ns / 1000.0 / t.n, t.wait_ns / 1000.0 / t.n);
	printf("result %s_rate %.1f prog/s\n", w->name, rate);
	printf("result %s_write_us %.1f us\n", w->name,
	       t.write_ns / 1000.0 / t.n);
	printf("result %s_wait_us %.1f us\n", w->name,
	       t.wait_ns / 1000.0 / t.n);
	/* Medians: robust against the host preempting the emulator. */
	printf("    medians: %.1f us per program, %.1f us in write()\n",
	       median_us(t.rtt, t.n), median_us(t.wr, t.n));
	printf("result %s_p50_us %.1f us\n", w->name, median_us(t.rtt, t.n));
	printf("result %s_write_p50_us %.1f us\n", w->name,
	       median_us(t.wr, t.n));
	free(t.rtt);
	free(t.wr);
	fflush(stdout);
	if (allocs)
		err = count_allocs(c, w);
	return err;
}

int main(int argc, char **argv)
{
	unsigned long max_iter = 100000;
	double budget_s = 3.0;
	bool allocs = true, trace = false;
	struct ccwc c;
	size_t i;
	int opt, err, rc = 0;

	while ((opt = getopt(argc, argv, "t:n:AT")) != -1) {
		switch (opt) {
		case 't':
			budget_s = atof(optarg);
			break;
		case 'n':
			max_iter = strtoul(optarg, NULL, 0);
			break;
		case 'A':
			allocs = false;
			break;
		case 'T':
			trace = true;
			break;
		default:
			fprintf(stderr, "usage: %s [-t seconds] [-n iterations] [-A]\n",
				argv[0]);
			return 2;
		}
	}
	if (ccwc_env_skip_reason()) {
		printf("vccw_bench: %s\n", ccwc_env_skip_reason());
		return 0;
	}
	if ((allocs || trace) && !find_tracing()) {
		printf("  (no tracefs: allocations not counted)\n");
		allocs = false;
		trace = false;
	}
	err = ccwc_open_env(&c);
	if (err) {
		fprintf(stderr, "vccw_bench: cannot open the mdev: %s\n",
			strerror(-err));
		return 1;
	}
	printf("vccw_bench: driver %s, mdev %s, %.1f s per workload\n",
	       getenv("VCCW_DRIVER") ?: "?", getenv("VCCW_MDEV"), budget_s);
	for (i = 0; i < ARRAY_SIZE(workloads); i++)
		if (bench(&c, &workloads[i], budget_s, max_iter, allocs,
			  trace))
			rc = 1;
	ccwc_close(&c);
	return rc;
}

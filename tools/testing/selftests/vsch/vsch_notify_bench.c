// SPDX-License-Identifier: GPL-2.0
/*
 * Notify-dispatch rates of the vsch notify backend, reported and not
 * asserted (an emulated machine says little):
 *  1. write an eventfd bound with VSCH_BIND_NOTIFY as fast as possible
 *     and count what the backend consumed and in how many dispatch rounds;
 *  2. round trips through the in-kernel loopback consumer: one notify,
 *     then wait for the adapter-interrupt eventfd it signals.
 *
 * Each phase stops after its count or after a time budget, whichever
 * comes first, so that the debug kernel (KASAN, lockdep, an emulated CPU:
 * some twenty times slower) stays within the test runner's limit.
 *
 *   vsch_notify_bench [writes [round trips [seconds per phase]]]
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "kselftest.h"
#include "vsch_util.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double budget = 20;

/* Phase 2: notify -> loopback consumer -> adapter eventfd, one at a time. */
static void bench_loopback(int fd, long trips)
{
	__u32 sid = vsch_sid(0, 2);
	struct vsch_create_sch cr = {
		.argsz = sizeof(cr), .flags = VSCH_SCH_LOOPBACK,
		.sid_word = sid, .devno = 2, .cu_model = 1,
	};
	struct vsch_bind_notify bn = { .argsz = sizeof(bn), .sid_word = sid };
	struct vsch_bind_airq ba = { .argsz = sizeof(ba), .sid_word = sid };
	int nfd = eventfd(0, EFD_CLOEXEC);
	int afd = eventfd(0, EFD_CLOEXEC);
	struct pollfd pfd = { .fd = afd, .events = POLLIN };
	__u64 one = 1, cnt;
	double t0, t1;
	long t;

	bn.fd = nfd;
	ba.fd = afd;
	if (nfd < 0 || afd < 0 || vsch_ioctl(fd, VSCH_CREATE_SCH, &cr) ||
	    vsch_ioctl(fd, VSCH_BIND_NOTIFY, &bn) ||
	    vsch_ioctl(fd, VSCH_BIND_AIRQ, &ba))
		ksft_exit_fail_msg("loopback setup failed\n");
	t0 = now();
	for (t = 0; t < trips && (t % 64 || now() - t0 < budget); t++) {
		if (write(nfd, &one, 8) != 8 || poll(&pfd, 1, 10000) != 1 ||
		    read(afd, &cnt, 8) != 8)
			break;
	}
	t1 = now();
	ksft_print_msg("loopback: %ld/%ld round trips (%.0f s max), %.0f/s, %.1f us each\n",
		       t, trips, budget, t / (t1 - t0),
		       (t1 - t0) * 1e6 / (t ? t : 1));
	/* Each notify was answered (a failed one ends the loop early). */
	ksft_test_result(t > 0 && (t == trips || now() - t0 >= budget),
			 "every loopback notify answered\n");
	close(nfd);
	close(afd);
}

int main(int argc, char **argv)
{
	long writes = argc > 1 ? atol(argv[1]) : 100000;
	long trips = argc > 2 ? atol(argv[2]) : 10000;
	long written;
	__u32 sid = vsch_sid(0, 1);
	struct vsch_bind_notify bn = { .argsz = sizeof(bn), .sid_word = sid };
	struct vsch_sch_stats st = { .argsz = sizeof(st), .sid_word = sid };
	__u64 one = 1;
	double t0, t1;
	int fd, efd, i;
	long w;

	if (argc > 3)
		budget = atof(argv[3]);
	ksft_print_header();
	ksft_set_plan(2);
	fd = vsch_open();
	if (fd < 0)
		ksft_exit_skip("/dev/vsch unavailable: %s\n", strerror(errno));
	efd = eventfd(0, EFD_CLOEXEC);
	if (efd < 0 || vsch_create(fd, sid, 1, 0))
		ksft_exit_fail_msg("setup failed\n");
	bn.fd = efd;
	if (vsch_ioctl(fd, VSCH_BIND_NOTIFY, &bn))
		ksft_exit_fail_msg("VSCH_BIND_NOTIFY failed\n");

	t0 = now();
	for (w = 0; w < writes && (w % 256 || now() - t0 < budget); w++)
		if (write(efd, &one, 8) != 8)
			ksft_exit_fail_msg("eventfd write: %s\n",
					   strerror(errno));
	written = w;
	/* Let the backend catch up with the last writes (10 s at most). */
	for (i = 0; i < 10000; i++) {
		if (vsch_ioctl(fd, VSCH_GET_SCH_STATS, &st))
			ksft_exit_fail_msg("VSCH_GET_SCH_STATS failed\n");
		if (st.notify_signals >= (__u64)written)
			break;
		usleep(1000);
	}
	t1 = now();
	ksft_print_msg("notify: %ld/%ld writes (%.0f s max), %llu consumed, %llu rounds, %.0f/s\n",
		       written, writes, budget,
		       (unsigned long long)st.notify_signals,
		       (unsigned long long)st.notify_dispatched,
		       st.notify_signals / (t1 - t0));
	ksft_test_result(written > 0 && st.notify_signals == (__u64)written,
			 "every notify consumed\n");
	bench_loopback(fd, trips);
	close(efd);
	close(fd);
	ksft_finished();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Notify-dispatch rate of the vsch notify backend: write an eventfd bound
 * with VSCH_BIND_NOTIFY as fast as possible and count what the backend
 * consumed.  Reported, not asserted (an emulated machine says little).
 *
 *   vsch_notify_bench [writes]
 */
#include <errno.h>
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

int main(int argc, char **argv)
{
	long writes = argc > 1 ? atol(argv[1]) : 100000;
	__u32 sid = vsch_sid(0, 1);
	struct vsch_bind_notify bn = { .argsz = sizeof(bn), .sid_word = sid };
	struct vsch_sch_stats st = { .argsz = sizeof(st), .sid_word = sid };
	__u64 one = 1;
	double t0, t1;
	int fd, efd, i;
	long w;

	ksft_print_header();
	ksft_set_plan(1);
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
	for (w = 0; w < writes; w++)
		if (write(efd, &one, 8) != 8)
			ksft_exit_fail_msg("eventfd write: %s\n",
					   strerror(errno));
	/* Let the backend catch up with the last writes. */
	for (i = 0; i < 1000; i++) {
		if (vsch_ioctl(fd, VSCH_GET_SCH_STATS, &st))
			ksft_exit_fail_msg("VSCH_GET_SCH_STATS failed\n");
		if (st.notify_signals >= (__u64)writes)
			break;
		usleep(1000);
	}
	t1 = now();
	ksft_print_msg("notify: %ld writes, %llu consumed, %llu dispatch rounds, %.0f notifies/s\n",
		       writes, (unsigned long long)st.notify_signals,
		       (unsigned long long)st.notify_dispatched,
		       st.notify_signals / (t1 - t0));
	ksft_test_result(st.notify_signals == (__u64)writes,
			 "every notify consumed\n");
	close(efd);
	close(fd);
	ksft_finished();
}

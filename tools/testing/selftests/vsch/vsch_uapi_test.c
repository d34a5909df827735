// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/vsch uapi: good and bad arguments, notify and adapter-interrupt
 * eventfds, the VMM ring, save/restore, and the KVM glue reporting itself
 * unavailable where kvm.ko cannot load (no SIE under emulation), and the
 * subchannel model driven end to end: I/O instructions and device events
 * in, condition codes, IRBs, CRWs and interruption records out.
 */
#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "vsch_util.h"

/*
 * Load the modules once, before the harness starts its per-test timers:
 * module loading on the debug kernel (KASAN, kmemleak, emulated CPU) can
 * take longer than a test's default 30 s.
 */
static void __attribute__((constructor)) vsch_load_modules(void)
{
	vsch_modprobe("vsch_dev");
	vsch_modprobe("vsch_kvm");
}

FIXTURE(vsch) {
	int fd;
};

FIXTURE_SETUP(vsch)
{
	self->fd = vsch_open();
	if (self->fd < 0)
		SKIP(return, "/dev/vsch unavailable (vsch_dev not loadable): %s",
		     strerror(errno));
}

FIXTURE_TEARDOWN(vsch)
{
	if (self->fd >= 0)
		close(self->fd);
}

static struct vsch_sch_stats stats(int fd, __u32 sid)
{
	struct vsch_sch_stats st = { .argsz = sizeof(st), .sid_word = sid };

	if (vsch_ioctl(fd, VSCH_GET_SCH_STATS, &st))
		memset(&st, 0xff, sizeof(st));
	return st;
}

/*
 * Wait up to ten seconds (a debug kernel on an emulated CPU is slow) until
 * the notify backend consumed, or dispatched, @want counts.
 */
static __u64 wait_stat(int fd, __u32 sid, __u64 want, bool dispatched)
{
	struct vsch_sch_stats st;
	__u64 v;
	int i;

	for (i = 0; i < 10000; i++) {
		st = stats(fd, sid);
		v = dispatched ? st.notify_dispatched : st.notify_signals;
		if (v >= want)
			break;
		usleep(1000);
	}
	return v;
}

static __u64 wait_signals(int fd, __u32 sid, __u64 want)
{
	return wait_stat(fd, sid, want, false);
}

static __u64 wait_dispatched(int fd, __u32 sid, __u64 want)
{
	return wait_stat(fd, sid, want, true);
}

/*
 * Look for @needle in the debugfs dumps of all contexts: 1 found, 0 not
 * found, -1 no dump readable at all.
 */
static int dump_has(const char *needle)
{
	DIR *dir = opendir("/sys/kernel/debug/vsch");
	char path[300], buf[8192];
	int dfd, found = -1;
	struct dirent *de;
	ssize_t n;

	if (!dir)
		return -1;
	while (found < 1 && (de = readdir(dir))) {
		if (strncmp(de->d_name, "ctx", 3))
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/debug/vsch/%s",
			 de->d_name);
		dfd = open(path, O_RDONLY);
		if (dfd < 0)
			continue;
		n = read(dfd, buf, sizeof(buf) - 1);
		close(dfd);
		if (n < 0)
			continue;
		buf[n] = 0;
		found = !!strstr(buf, needle);
	}
	closedir(dir);
	return found;
}

TEST_F(vsch, info)
{
	struct vsch_info info = { .argsz = sizeof(info) };

	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_GET_INFO, &info));
	EXPECT_EQ(VSCH_API_VERSION, info.api_version);
	EXPECT_EQ(VSCH_IRQ_BACKEND_VMM, info.irq_backend);
	EXPECT_EQ(0, info.nr_subchannels);
	EXPECT_FALSE(info.flags & VSCH_INFO_VM_ATTACHED);
	EXPECT_TRUE(info.flags & VSCH_INFO_KVM_GLUE);
	TH_LOG("flags 0x%x", info.flags);
}

/*
 * vsch_kvm.ko loads whether or not kvm.ko can, and says which.  Really try
 * to load kvm.ko: without SIE (an emulated machine) its init fails with
 * -ENODEV, which under KASAN takes long, hence the timeout.
 */
TEST_F_TIMEOUT(vsch, kvm_glue, 240)
{
	struct vsch_attach_vm at = { .argsz = sizeof(at) };
	struct vsch_info info = { .argsz = sizeof(info) };
	bool kvm = !vsch_modprobe("kvm") && !access("/dev/kvm", F_OK);
	int efd = eventfd(0, EFD_CLOEXEC);

	ASSERT_LE(0, efd);
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_GET_INFO, &info));
	TH_LOG("kvm.ko %s, flags 0x%x", kvm ? "loaded" : "cannot load",
	       info.flags);
	EXPECT_TRUE(info.flags & VSCH_INFO_KVM_GLUE);
	EXPECT_EQ(kvm, !!(info.flags & VSCH_INFO_KVM));
	if (!kvm)
		EXPECT_FALSE(info.flags & VSCH_INFO_KVM_IRQ);
	/* Not a VM fd: -ENODEV without kvm.ko, -EINVAL with it. */
	at.vm_fd = efd;
	EXPECT_EQ(kvm ? -EINVAL : -ENODEV,
		  vsch_ioctl(self->fd, VSCH_ATTACH_VM, &at));
	info.flags = 0;		/* output only */
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_GET_INFO, &info));
	EXPECT_FALSE(info.flags & VSCH_INFO_VM_ATTACHED);
	EXPECT_EQ(VSCH_IRQ_BACKEND_VMM, info.irq_backend);
	close(efd);
}

TEST_F(vsch, bad_args)
{
	struct {
		struct vsch_info info;
		__u8 tail[8];
	} big;
	struct vsch_info info = { .argsz = sizeof(info) - 1 };

	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_GET_INFO, &info));
	info.argsz = sizeof(info);
	info.flags = 1;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_GET_INFO, &info));
	info.flags = 0;
	info.reserved = 1;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_GET_INFO, &info));
	/* A longer structure is fine if its tail is zero. */
	memset(&big, 0, sizeof(big));
	big.info.argsz = sizeof(big);
	EXPECT_EQ(0, vsch_ioctl(self->fd, VSCH_GET_INFO, &big));
	big.tail[3] = 1;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_GET_INFO, &big));
	/* An argsz past a page is refused, not scanned for zeros. */
	big.tail[3] = 0;
	big.info.argsz = 1u << 30;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_GET_INFO, &big));
	EXPECT_EQ(-EFAULT, vsch_ioctl(self->fd, VSCH_GET_INFO, NULL));
	EXPECT_EQ(-ENOTTY, vsch_ioctl(self->fd, _IO(VSCH_TYPE, 0x1f), &info));
}

TEST_F(vsch, create_destroy)
{
	__u32 sid = vsch_sid(0, 0);
	struct vsch_create_sch cr = {
		.argsz = sizeof(cr), .sid_word = vsch_sid(0, 9), .devno = 9,
		.cu_type = VSCH_CU_TYPE_VIRTIO, .cu_model = 2,
	};
	struct vsch_sch_ref ref = { .argsz = sizeof(ref), .sid_word = sid };
	struct vsch_info info = { .argsz = sizeof(info) };

	ASSERT_EQ(0, vsch_create(self->fd, sid, 0x100, 0));
	EXPECT_EQ(-EEXIST, vsch_create(self->fd, sid, 0x101, 0));
	EXPECT_EQ(-EEXIST, vsch_create(self->fd, vsch_sid(0, 1), 0x100, 0));
	/* The same device number in another subchannel set is fine. */
	EXPECT_EQ(0, vsch_create(self->fd, vsch_sid(1, 1), 0x100, 0));
	EXPECT_EQ(-EINVAL, vsch_create(self->fd, 0x00000002, 0x102, 0));
	EXPECT_EQ(-EINVAL, vsch_create(self->fd, 0xfe090002, 0x102, 0));
	EXPECT_EQ(-EINVAL, vsch_create(self->fd, vsch_sid(0, 2), 0x102, 4));

	/* Field checks, one at a time. */
	cr.cu_model = 0;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_CREATE_SCH, &cr));
	cr.cu_model = 2;
	cr.cu_type = 0x3990;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_CREATE_SCH, &cr));
	cr.cu_type = 0;
	cr.chpid = 1;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_CREATE_SCH, &cr));
	cr.chpid = 0;
	cr.chp_type = 0x11;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_CREATE_SCH, &cr));
	cr.chp_type = 0;
	cr.reserved[4] = 1;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_CREATE_SCH, &cr));
	cr.reserved[4] = 0;
	EXPECT_EQ(0, vsch_ioctl(self->fd, VSCH_CREATE_SCH, &cr));

	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_GET_INFO, &info));
	EXPECT_EQ(3, info.nr_subchannels);

	EXPECT_EQ(0, vsch_ioctl(self->fd, VSCH_DESTROY_SCH, &ref));
	EXPECT_EQ(-ENOENT, vsch_ioctl(self->fd, VSCH_DESTROY_SCH, &ref));
	ref.sid_word = vsch_sid(2, 77);
	EXPECT_EQ(-ENOENT, vsch_ioctl(self->fd, VSCH_DESTROY_SCH, &ref));
	ref.sid_word = vsch_sid(1, 1);
	ref.reserved = 1;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_DESTROY_SCH, &ref));
	ref.reserved = 0;
	ref.flags = 4;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_DESTROY_SCH, &ref));
	/* sch 0.1.0001 and 0.0.0009 go away with the file. */
}

TEST_F(vsch, attach_vm)
{
	struct vsch_attach_vm at = { .argsz = sizeof(at), .vm_fd = -1 };
	struct vsch_irq_backend ib = { .argsz = sizeof(ib) };
	int efd = eventfd(0, EFD_CLOEXEC);
	int ret;

	ASSERT_LE(0, efd);
	EXPECT_EQ(-EBADF, vsch_ioctl(self->fd, VSCH_ATTACH_VM, &at));
	at.vm_fd = efd;
	at.reserved = 1;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_ATTACH_VM, &at));
	at.reserved = 0;
	/* Without kvm.ko (no SIE) the glue is unavailable: -ENODEV. */
	ret = vsch_ioctl(self->fd, VSCH_ATTACH_VM, &at);
	EXPECT_EQ(access("/dev/kvm", F_OK) ? -ENODEV : -EINVAL, ret);

	ib.backend = VSCH_IRQ_BACKEND_KVM;
	EXPECT_EQ(-EOPNOTSUPP, vsch_ioctl(self->fd, VSCH_SET_IRQ_BACKEND, &ib));
	ib.backend = 7;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_SET_IRQ_BACKEND, &ib));
	ib.backend = VSCH_IRQ_BACKEND_AUTO;
	EXPECT_EQ(0, vsch_ioctl(self->fd, VSCH_SET_IRQ_BACKEND, &ib));
	ib.flags = VSCH_IRQ_SET_EVENTFD;
	ib.event_fd = self->fd;		/* not an eventfd */
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_SET_IRQ_BACKEND, &ib));
	close(efd);
}

TEST_F(vsch, notify)
{
	__u32 sid = vsch_sid(0, 3);
	struct vsch_bind_notify bn = {
		.argsz = sizeof(bn), .sid_word = sid, .vq = 1,
	};
	__u64 one = 1, cnt;
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	int i;

	ASSERT_LE(0, efd);
	bn.fd = efd;
	EXPECT_EQ(-ENOENT, vsch_ioctl(self->fd, VSCH_BIND_NOTIFY, &bn));
	ASSERT_EQ(0, vsch_create(self->fd, sid, 0x300, 0));
	/* A count pending before binding is consumed by the bind. */
	ASSERT_EQ(8, write(efd, &one, 8));
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_BIND_NOTIFY, &bn));
	EXPECT_EQ(-EEXIST, vsch_ioctl(self->fd, VSCH_BIND_NOTIFY, &bn));
	EXPECT_EQ(1, wait_signals(self->fd, sid, 1));

	for (i = 0; i < 10; i++)
		ASSERT_EQ(8, write(efd, &one, 8));
	EXPECT_EQ(11, wait_signals(self->fd, sid, 11));
	/* The backend consumed the eventfd count. */
	EXPECT_EQ(-1, read(efd, &cnt, 8));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(1, stats(self->fd, sid).nr_notify);
	/* Dispatched to the consumer, in rounds that may coalesce counts. */
	EXPECT_LE(1, wait_dispatched(self->fd, sid, 1));
	EXPECT_GE(11, stats(self->fd, sid).notify_dispatched);
	/* Not a loopback subchannel: no adapter interrupt, no record. */
	EXPECT_EQ(0, stats(self->fd, sid).airq_signalled);

	bn.vq = 2;
	bn.fd = self->fd;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_BIND_NOTIFY, &bn));
	bn.fd = -1;
	EXPECT_EQ(-EBADF, vsch_ioctl(self->fd, VSCH_BIND_NOTIFY, &bn));
	bn.vq = 0x10000;
	bn.fd = efd;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_BIND_NOTIFY, &bn));
	bn.vq = 2;
	bn.reserved = 1;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_BIND_NOTIFY, &bn));
	bn.reserved = 0;
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_BIND_NOTIFY, &bn));
	EXPECT_EQ(2, stats(self->fd, sid).nr_notify);

	bn.flags = VSCH_BIND_UNBIND;
	EXPECT_EQ(0, vsch_ioctl(self->fd, VSCH_BIND_NOTIFY, &bn));
	EXPECT_EQ(-ENOENT, vsch_ioctl(self->fd, VSCH_BIND_NOTIFY, &bn));
	EXPECT_EQ(1, stats(self->fd, sid).nr_notify);
	/* Close our fd while still bound (vq 1): the binding stays valid. */
	close(efd);
	EXPECT_EQ(1, stats(self->fd, sid).nr_notify);
}

TEST_F(vsch, airq_and_ring)
{
	__u32 sid = vsch_sid(0, 4);
	struct vsch_bind_airq ba = { .argsz = sizeof(ba), .sid_word = sid };
	struct vsch_sch_ref ref = { .argsz = sizeof(ref), .sid_word = sid };
	struct vsch_irq_backend ib = {
		.argsz = sizeof(ib), .flags = VSCH_IRQ_SET_EVENTFD,
		.backend = VSCH_IRQ_BACKEND_VMM,
	};
	struct vsch_vmm_event ev[4];
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	int ring_efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	struct pollfd pfd = { .fd = self->fd, .events = POLLIN };
	__u64 cnt;

	ASSERT_LE(0, efd);
	ASSERT_LE(0, ring_efd);
	ib.event_fd = ring_efd;
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_SET_IRQ_BACKEND, &ib));
	ASSERT_EQ(0, fcntl(self->fd, F_SETFL, O_NONBLOCK));
	EXPECT_EQ(-1, read(self->fd, ev, sizeof(ev)));
	EXPECT_EQ(EAGAIN, errno);

	/* A hot plug queues a CRW: one channel-report-pending record. */
	ASSERT_EQ(0, vsch_create(self->fd, sid, 0x400, VSCH_SCH_HOTPLUG));
	ASSERT_EQ(1, poll(&pfd, 1, 1000));
	EXPECT_EQ(-1, read(self->fd, ev, sizeof(ev[0]) - 1));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ((ssize_t)sizeof(ev[0]), read(self->fd, ev, sizeof(ev)));
	EXPECT_EQ(VSCH_EV_CRW, ev[0].type);
	EXPECT_EQ(0, ev[0].flags);
	ASSERT_EQ(8, read(ring_efd, &cnt, 8));
	EXPECT_EQ(1, cnt);

	/* Adapter interrupt through a bound eventfd (a KVM irqfd). */
	ba.fd = efd;
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_BIND_AIRQ, &ba));
	EXPECT_EQ(-EEXIST, vsch_ioctl(self->fd, VSCH_BIND_AIRQ, &ba));
	EXPECT_EQ(0, vsch_ioctl(self->fd, VSCH_SIGNAL_AIRQ, &ref));
	EXPECT_EQ(0, vsch_ioctl(self->fd, VSCH_SIGNAL_AIRQ, &ref));
	ASSERT_EQ(8, read(efd, &cnt, 8));
	EXPECT_EQ(2, cnt);
	EXPECT_EQ(2, stats(self->fd, sid).airq_signalled);

	/* Unbound: the VMM gets a record instead. */
	ba.flags = VSCH_BIND_UNBIND;
	EXPECT_EQ(0, vsch_ioctl(self->fd, VSCH_BIND_AIRQ, &ba));
	EXPECT_EQ(-ENOENT, vsch_ioctl(self->fd, VSCH_BIND_AIRQ, &ba));
	EXPECT_EQ(0, vsch_ioctl(self->fd, VSCH_SIGNAL_AIRQ, &ref));
	ASSERT_EQ((ssize_t)sizeof(ev[0]), read(self->fd, ev, sizeof(ev)));
	EXPECT_EQ(VSCH_EV_AIRQ, ev[0].type);
	EXPECT_EQ(sid, ev[0].sid_word);
	EXPECT_EQ(1, ev[0].seq);
	ref.sid_word = vsch_sid(0, 99);
	EXPECT_EQ(-ENOENT, vsch_ioctl(self->fd, VSCH_SIGNAL_AIRQ, &ref));
	close(efd);
	close(ring_efd);
}

/*
 * The in-kernel loopback consumer: a notify on a VSCH_SCH_LOOPBACK
 * subchannel comes back as an adapter interrupt on its bound eventfd, or
 * as a VSCH_EV_AIRQ record without one.
 */
TEST_F(vsch, loopback)
{
	__u32 sid = vsch_sid(0, 0x10);
	struct vsch_create_sch cr = {
		.argsz = sizeof(cr), .flags = VSCH_SCH_LOOPBACK,
		.sid_word = sid, .devno = 0x1010, .cu_model = 1,
	};
	struct vsch_bind_notify bn = {
		.argsz = sizeof(bn), .sid_word = sid, .vq = 0,
	};
	struct vsch_bind_airq ba = { .argsz = sizeof(ba), .sid_word = sid };
	struct vsch_sch_ref ref = { .argsz = sizeof(ref), .sid_word = sid };
	struct vsch_state st = { .argsz = sizeof(st), .sid_word = sid };
	int nfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	int afd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	struct pollfd pfd = { .fd = afd, .events = POLLIN };
	struct vsch_vmm_event ev;
	__u64 one = 1, cnt = 0;
	char buf[4096];
	int i;

	ASSERT_LE(0, nfd);
	ASSERT_LE(0, afd);
	cr.flags |= 4;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_CREATE_SCH, &cr));
	cr.flags = VSCH_SCH_LOOPBACK;
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_CREATE_SCH, &cr));
	bn.fd = nfd;
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_BIND_NOTIFY, &bn));
	ba.fd = afd;
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_BIND_AIRQ, &ba));

	/* Kick -> consumer -> adapter-route eventfd. */
	ASSERT_EQ(8, write(nfd, &one, 8));
	ASSERT_EQ(1, poll(&pfd, 1, 10000));
	ASSERT_EQ(8, read(afd, &cnt, 8));
	EXPECT_EQ(1, cnt);
	for (i = 0; i < 5; i++) {
		ASSERT_EQ(8, write(nfd, &one, 8));
		ASSERT_EQ(1, poll(&pfd, 1, 10000));
		ASSERT_EQ(8, read(afd, &cnt, 8));
	}
	EXPECT_EQ(6, wait_dispatched(self->fd, sid, 6));
	EXPECT_EQ(6, stats(self->fd, sid).airq_signalled);

	/* No adapter eventfd: the VMM gets a record instead. */
	ba.flags = VSCH_BIND_UNBIND;
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_BIND_AIRQ, &ba));
	pfd.fd = self->fd;
	ASSERT_EQ(8, write(nfd, &one, 8));
	ASSERT_EQ(1, poll(&pfd, 1, 10000));
	ASSERT_EQ((ssize_t)sizeof(ev), read(self->fd, &ev, sizeof(ev)));
	EXPECT_EQ(VSCH_EV_AIRQ, ev.type);
	EXPECT_EQ(sid, ev.sid_word);

	/* The flag survives save/restore and shows in the dump. */
	st.size = sizeof(buf);
	st.data = (uintptr_t)buf;
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_SAVE_STATE, &st));
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_DESTROY_SCH, &ref));
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_RESTORE_STATE, &st));
	/* Drop the withdrawal record of the destroy. */
	ASSERT_EQ(0, fcntl(self->fd, F_SETFL, O_NONBLOCK));
	while (read(self->fd, &ev, sizeof(ev)) == sizeof(ev))
		EXPECT_EQ(VSCH_EV_WITHDRAW, ev.type);
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_BIND_NOTIFY, &bn));
	ASSERT_EQ(8, write(nfd, &one, 8));
	ASSERT_EQ(1, poll(&pfd, 1, 10000));
	ASSERT_EQ((ssize_t)sizeof(ev), read(self->fd, &ev, sizeof(ev)));
	EXPECT_EQ(VSCH_EV_AIRQ, ev.type);
	EXPECT_EQ(1, dump_has("devno 0x1010 cu 3832/01 chpid 00/32 loopback"));
	close(nfd);
	close(afd);
}

TEST_F(vsch, save_restore)
{
	__u32 sid = vsch_sid(0, 5);
	struct vsch_state st = { .argsz = sizeof(st), .sid_word = sid };
	struct vsch_sch_ref ref = { .argsz = sizeof(ref), .sid_word = sid };
	__u8 blob[4096], bad[4096];
	__u32 size;

	ASSERT_EQ(0, vsch_create(self->fd, sid, 0x500, 0));
	EXPECT_EQ(-ENOSPC, vsch_ioctl(self->fd, VSCH_SAVE_STATE, &st));
	size = st.size;
	ASSERT_LT(0, size);
	ASSERT_GE(sizeof(blob), size);
	st.data = (uintptr_t)blob;
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_SAVE_STATE, &st));
	EXPECT_EQ(size, st.size);

	EXPECT_EQ(-EEXIST, vsch_ioctl(self->fd, VSCH_RESTORE_STATE, &st));
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_DESTROY_SCH, &ref));
	memcpy(bad, blob, size);
	bad[0] ^= 0xff;		/* magic */
	st.data = (uintptr_t)bad;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_RESTORE_STATE, &st));
	st.data = (uintptr_t)blob;
	st.size = size - 1;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_RESTORE_STATE, &st));
	st.size = size;
	st.sid_word = vsch_sid(0, 6);	/* blob of another subchannel */
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_RESTORE_STATE, &st));
	/* M = 1 or a CSSID in the request: userspace uses M = 0 only. */
	st.sid_word = sid | 0x00080000;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_RESTORE_STATE, &st));
	st.sid_word = sid | 0xfe080000;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_RESTORE_STATE, &st));
	/*
	 * Inside the blob (version 1 layout: 16 bytes of header, then the
	 * core image whose SID word is at offset 8) the SID is in the full
	 * form, M = 1 and CSSID 0xfe; the short form, or another CSSID, is
	 * refused.
	 */
	memcpy(bad, blob, size);
	EXPECT_EQ(0xfe, bad[24]);
	EXPECT_EQ(0x08, bad[25] & 0x08);
	bad[24] = 0;
	bad[25] &= ~0x08;
	st.sid_word = sid;
	st.data = (uintptr_t)bad;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_RESTORE_STATE, &st));
	bad[24] = 0xfd;
	bad[25] |= 0x08;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_RESTORE_STATE, &st));
	/*
	 * The device number, in the header (offset 12) and in PMCW word 1
	 * (core offset 20, low half): the two must agree, and it must be
	 * free in the subchannel set.
	 */
	memcpy(bad, blob, size);
	EXPECT_EQ(0x05, bad[12]);
	EXPECT_EQ(0x00, bad[13]);
	EXPECT_EQ(0x05, bad[16 + 22]);
	EXPECT_EQ(0x00, bad[16 + 23]);
	bad[13] = 0x01;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_RESTORE_STATE, &st));
	bad[16 + 23] = 0x01;	/* both say 0x0501 now */
	EXPECT_EQ(0, vsch_ioctl(self->fd, VSCH_RESTORE_STATE, &st));
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_DESTROY_SCH, &ref));
	ASSERT_EQ(0, vsch_create(self->fd, vsch_sid(0, 6), 0x500, 0));
	st.data = (uintptr_t)blob;
	EXPECT_EQ(-EEXIST, vsch_ioctl(self->fd, VSCH_RESTORE_STATE, &st));
	ref.sid_word = vsch_sid(0, 6);
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_DESTROY_SCH, &ref));
	ref.sid_word = sid;
	EXPECT_EQ(0, vsch_ioctl(self->fd, VSCH_RESTORE_STATE, &st));
	EXPECT_EQ(0, stats(self->fd, sid).nr_notify);

	/* The channel-report queue: SID word 0. */
	st.sid_word = 0;
	st.size = sizeof(blob);
	ASSERT_EQ(0, vsch_ioctl(self->fd, VSCH_SAVE_STATE, &st));
	EXPECT_EQ(0, vsch_ioctl(self->fd, VSCH_RESTORE_STATE, &st));
}

TEST_F(vsch, debugfs_dump)
{
	int found;

	ASSERT_EQ(0, vsch_create(self->fd, vsch_sid(0, 0x42), 0x4242, 0));
	found = dump_has("sch 0x00010042 devno 0x4242");
	if (found < 0)
		SKIP(return, "no debugfs dump (debugfs not mounted?)");
	EXPECT_EQ(1, found);
}

/* Execute one I/O instruction through VSCH_IO_INSN; returns the ioctl's. */
static int insn(int fd, __u32 op, __u32 sid, const void *in, size_t len,
		struct vsch_io_insn *out)
{
	memset(out, 0, sizeof(*out));
	out->argsz = sizeof(*out);
	out->insn = op;
	out->sid_word = sid;
	if (in)
		memcpy(out->data, in, len);
	return vsch_ioctl(fd, VSCH_IO_INSN, out);
}

static int dev_event(int fd, __u32 event, __u32 sid, __u8 dstat, __u32 cpa)
{
	struct vsch_dev_event ev = {
		.argsz = sizeof(ev), .event = event, .sid_word = sid,
		.dstat = dstat, .cpa = cpa,
	};

	return vsch_ioctl(fd, VSCH_DEV_EVENT, &ev);
}

/* The next VMM record, or type 0 if none is there. */
static struct vsch_vmm_event next_record(int fd)
{
	struct vsch_vmm_event ev = { 0 };
	int fl = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	if (read(fd, &ev, sizeof(ev)) != sizeof(ev))
		memset(&ev, 0, sizeof(ev));
	fcntl(fd, F_SETFL, fl);
	return ev;
}

static __u32 word(const struct vsch_io_insn *in, int i)
{
	__u32 w;

	memcpy(&w, in->data + 4 * i, 4);
	return be32toh(w);
}

#define SCHIB_PMCW1_E		0x00800000u
#define SCHIB_PMCW1_V		0x00010000u
#define ORB1_F			0x00800000u	/* format-1 CCWs */
#define SCSW0_FC_START		0x00004000u
#define SCSW0_FC_HALT		0x00002000u
#define SCSW0_SC_MASK		0x0000001fu
#define SCSW0_SC_PRI_SEC_PEND	0x00000007u	/* primary, secondary, pending */
#define SCSW0_SC_PEND		0x00000001u
#define DEV_CE_DE		0x0c

/*
 * A guest's channel program as the VMM would run it with the kernel's
 * model: STSCH, MSCH to enable at ISC 3, SSCH; the device side begins and
 * completes; the interruption request is a RAISE record with the ORB's
 * interruption parameter; TSCH stores the IRB and withdraws the request.
 * Condition codes and program exceptions as SA22-7832 ch. 14 prescribes.
 */
TEST_F(vsch, instructions_end_to_end)
{
	__u32 sid = vsch_sid(0, 7), orb[8] = { 0 }, schib[13];
	struct vsch_dev_event bad = { .argsz = sizeof(bad) };
	struct vsch_vmm_event ev;
	struct vsch_io_insn in;
	int i;

	ASSERT_EQ(0, vsch_create(self->fd, sid, 0x1007, 0));

	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_STSCH, sid, NULL, 0, &in));
	ASSERT_EQ(0, in.pgm);
	EXPECT_EQ(0, in.cc);
	EXPECT_EQ(SCHIB_PMCW1_V | 0x1007, word(&in, 1));
	EXPECT_EQ(0, word(&in, 1) & SCHIB_PMCW1_E);

	/* Disabled: a start finds no operational subchannel. */
	orb[0] = htobe32(0x12345678);
	orb[1] = htobe32(ORB1_F | 0xff << 8);
	orb[2] = htobe32(0x1000);
	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_SSCH, sid, orb, 32, &in));
	EXPECT_EQ(3, in.cc);

	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_STSCH, sid, NULL, 0, &in));
	for (i = 0; i < 13; i++)
		schib[i] = htobe32(word(&in, i));
	schib[1] = htobe32(word(&in, 1) | SCHIB_PMCW1_E | 3u << 27);
	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_MSCH, sid, schib, 52, &in));
	EXPECT_EQ(0, in.pgm);
	EXPECT_EQ(0, in.cc);

	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_SSCH, sid, orb, 32, &in));
	EXPECT_EQ(0, in.pgm);
	EXPECT_EQ(0, in.cc);
	EXPECT_EQ(VSCH_INSN_FN_START, in.fn);
	/* Start pending: busy. */
	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_SSCH, sid, orb, 32, &in));
	EXPECT_EQ(2, in.cc);
	EXPECT_EQ(0, next_record(self->fd).type);

	EXPECT_EQ(0, dev_event(self->fd, VSCH_DEV_BEGIN, sid, 0, 0));
	EXPECT_EQ(0, dev_event(self->fd, VSCH_DEV_COMPLETE_START, sid,
			       DEV_CE_DE, 0x1008));
	ev = next_record(self->fd);
	EXPECT_EQ(VSCH_EV_RAISE, ev.type);
	EXPECT_EQ(sid, ev.sid_word);
	EXPECT_EQ(0x12345678, ev.intparm);
	EXPECT_EQ(3u << 27, ev.int_word);

	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_TSCH, sid, NULL, 0, &in));
	EXPECT_EQ(0, in.pgm);
	EXPECT_EQ(0, in.cc);
	EXPECT_EQ(SCSW0_FC_START, word(&in, 0) & SCSW0_FC_START);
	EXPECT_EQ(SCSW0_SC_PRI_SEC_PEND, word(&in, 0) & SCSW0_SC_MASK);
	EXPECT_EQ(0x1008, word(&in, 1));
	EXPECT_EQ((__u32)DEV_CE_DE, word(&in, 2) >> 24);
	ev = next_record(self->fd);
	EXPECT_EQ(VSCH_EV_WITHDRAW, ev.type);
	EXPECT_EQ(sid, ev.sid_word);
	/* Nothing pending any more. */
	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_TSCH, sid, NULL, 0, &in));
	EXPECT_EQ(1, in.cc);

	/* HALT on the idle subchannel: status pending alone. */
	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_HSCH, sid, NULL, 0, &in));
	EXPECT_EQ(0, in.cc);
	EXPECT_EQ(VSCH_INSN_FN_HALT, in.fn);
	EXPECT_EQ(0, dev_event(self->fd, VSCH_DEV_COMPLETE_HALT, sid, 0, 0));
	EXPECT_EQ(VSCH_EV_RAISE, next_record(self->fd).type);
	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_TSCH, sid, NULL, 0, &in));
	EXPECT_EQ(0, in.cc);
	EXPECT_EQ(SCSW0_FC_HALT, word(&in, 0) & (SCSW0_FC_HALT |
						 SCSW0_FC_START));
	EXPECT_EQ(SCSW0_SC_PEND, word(&in, 0) & SCSW0_SC_MASK);
	EXPECT_EQ(VSCH_EV_WITHDRAW, next_record(self->fd).type);

	/* The device side may not complete what is not in progress. */
	EXPECT_EQ(-ESTALE, dev_event(self->fd, VSCH_DEV_COMPLETE_START, sid,
				     DEV_CE_DE, 0x1008));
	EXPECT_EQ(-ENOENT, dev_event(self->fd, VSCH_DEV_BEGIN,
				     vsch_sid(0, 99), 0, 0));
	bad.sid_word = sid;
	bad.event = VSCH_DEV_COMPLETE_START;
	bad.sense_len = 33;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_DEV_EVENT, &bad));
	bad.sense_len = 0;
	bad.event = 99;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_DEV_EVENT, &bad));

	/*
	 * Operands: a SID word without its one bit is an operand exception;
	 * a subchannel that does not exist is cc 3; no channel report yet.
	 */
	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_TSCH, sid & ~0x00010000u, NULL,
			  0, &in));
	EXPECT_EQ(0x15, in.pgm);
	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_STSCH, vsch_sid(0, 99), NULL, 0,
			  &in));
	EXPECT_EQ(0, in.pgm);
	EXPECT_EQ(3, in.cc);
	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_STCRW, 0, NULL, 0, &in));
	EXPECT_EQ(1, in.cc);
	EXPECT_EQ(-EINVAL, insn(self->fd, 0, sid, NULL, 0, &in));
	EXPECT_EQ(-EINVAL, insn(self->fd, 99, sid, NULL, 0, &in));
	in.argsz = sizeof(in);
	in.insn = VSCH_INSN_STSCH;
	in.flags = 1;
	EXPECT_EQ(-EINVAL, vsch_ioctl(self->fd, VSCH_IO_INSN, &in));
}

/*
 * A hot plug queues a subchannel CRW ("installed parameters initialized",
 * RSID the subchannel number, SA22-7832 ch. 17): the VMM is told with a
 * CRW record and the program takes the word with STCRW.
 */
TEST_F(vsch, hotplug_crw_stcrw)
{
	__u32 sid = vsch_sid(0, 9);
	struct vsch_vmm_event ev;
	struct vsch_io_insn in;

	ASSERT_EQ(0, vsch_create(self->fd, sid, 0x1009, VSCH_SCH_HOTPLUG));
	ev = next_record(self->fd);
	EXPECT_EQ(VSCH_EV_CRW, ev.type);
	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_STCRW, 0, NULL, 0, &in));
	EXPECT_EQ(0, in.pgm);
	EXPECT_EQ(0, in.cc);
	EXPECT_EQ(3, (word(&in, 0) >> 24) & 0xf);	/* RSC subchannel */
	EXPECT_EQ(4, (word(&in, 0) >> 16) & 0x3f);	/* ERC 4 */
	EXPECT_EQ(9, word(&in, 0) & 0xffff);
	ASSERT_EQ(0, insn(self->fd, VSCH_INSN_STCRW, 0, NULL, 0, &in));
	EXPECT_EQ(1, in.cc);
	EXPECT_EQ(0, word(&in, 0));
}

TEST_HARNESS_MAIN

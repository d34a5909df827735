// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/vsch uapi: good and bad arguments, notify and adapter-interrupt
 * eventfds, the VMM ring, save/restore, and the KVM glue reporting itself
 * unavailable where kvm.ko cannot load (no SIE under emulation).
 */
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

/* Wait up to a second until the notify backend consumed @want counts. */
static __u64 wait_signals(int fd, __u32 sid, __u64 want)
{
	struct vsch_sch_stats st;
	int i;

	for (i = 0; i < 1000; i++) {
		st = stats(fd, sid);
		if (st.notify_signals >= want)
			break;
		usleep(1000);
	}
	return st.notify_signals;
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
	if (access("/dev/kvm", F_OK)) {
		/* No kvm.ko: the glue loads but says KVM is unavailable. */
		EXPECT_FALSE(info.flags & VSCH_INFO_KVM);
		EXPECT_FALSE(info.flags & VSCH_INFO_KVM_IRQ);
	}
	TH_LOG("flags 0x%x", info.flags);
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
	EXPECT_EQ(-EINVAL, vsch_create(self->fd, vsch_sid(0, 2), 0x102, 2));

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
	/* No in-kernel consumer: counted, not dispatched. */
	EXPECT_EQ(0, stats(self->fd, sid).notify_dispatched);

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
	st.sid_word = sid;
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
	char path[64], buf[4096];
	ssize_t n;
	int dfd, i;

	ASSERT_EQ(0, vsch_create(self->fd, vsch_sid(0, 0x42), 0x4242, 0));
	for (i = 1; i < 100000; i++) {
		snprintf(path, sizeof(path), "/sys/kernel/debug/vsch/ctx%d", i);
		dfd = open(path, O_RDONLY);
		if (dfd < 0)
			continue;
		n = read(dfd, buf, sizeof(buf) - 1);
		close(dfd);
		if (n <= 0)
			continue;
		buf[n] = 0;
		if (strstr(buf, "sch 0x00010042 devno 0x4242"))
			return;
	}
	SKIP(return, "no debugfs dump found (debugfs not mounted?)");
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: DIAGNOSE 0x500 decoding (diag500.c).
 *
 * Expectations from Documentation/virt/kvm/s390/s390-diag.rst, the virtio
 * CCW transport's notify convention, KVM's __diag_virtio_hypercall()
 * (unknown subcodes go to userspace) and QEMU's answers (-EINVAL for a bad
 * SID, a specification exception for an unknown subcode).
 */

#include <kunit/test.h>
#include <linux/vsch.h>

#include "../glue.h"

struct diag_case {
	const char *desc;
	u64 gpr[4];	/* general registers 1-4 */
	enum vsch_diag500_action action;
	u32 sid_word;
	u16 vq;
	bool has_data;
	bool legacy;
	s64 cookie;
	int ret;
	u16 pgm_code;
};

static const struct diag_case diag_cases[] = {
	{ "notify", { 3, 0x00010005, 2, 7 }, VSCH_DIAG500_NOTIFY,
	  0x00010005, 2, false, false, 7, 0, 0 },
	{ "notify ignores GPR2 bits 0-31", { 3, 0xdeadbeef00010005ULL, 0, 0 },
	  VSCH_DIAG500_NOTIFY, 0x00010005, 0, false, false, 0, 0, 0 },
	{ "notify with notification data", { 3, 0x0003ffff, 0x80050002, 1 },
	  VSCH_DIAG500_NOTIFY, 0x0003ffff, 2, true, false, 1, 0, 0 },
	{ "notify keeps a negative cookie", { 3, 0x00010000, 1, -1ULL },
	  VSCH_DIAG500_NOTIFY, 0x00010000, 1, false, false, -1, 0, 0 },
	{ "notify with M and cssid 0xfe", { 3, 0xfe090001, 0, 0 },
	  VSCH_DIAG500_NOTIFY, 0xfe090001, 0, false, false, 0, 0, 0 },
	{ "SID without the one bit", { 3, 0x00000005, 0, 0 },
	  VSCH_DIAG500_COMPLETE, 0x00000005, 0, false, false, 0, -EINVAL, 0 },
	{ "SID with cssid but no M", { 3, 0xfe010005, 0, 0 },
	  VSCH_DIAG500_COMPLETE, 0xfe010005, 0, false, false, 0, -EINVAL, 0 },
	{ "GPR3 wider than 32 bits", { 3, 0x00010005, 0x100000002ULL, 0 },
	  VSCH_DIAG500_COMPLETE, 0x00010005, 2, true, false, 0, -EINVAL, 0 },
	{ "s390-virtio notify", { 0, 0x1000, 0, 0 }, VSCH_DIAG500_FORWARD,
	  0, 0, false, true, 0, 0, 0 },
	{ "s390-virtio reset", { 1, 0x2000, 0, 0 }, VSCH_DIAG500_FORWARD,
	  0, 0, false, true, 0, 0, 0 },
	{ "s390-virtio set status", { 2, 0x3000, 0, 0 }, VSCH_DIAG500_FORWARD,
	  0, 0, false, true, 0, 0, 0 },
	{ "unknown subcode 4", { 4, 0x00010005, 0, 0 }, VSCH_DIAG500_FORWARD,
	  0, 0, false, false, 0, 0, VSCH_PGM_SPECIFICATION },
	{ "unknown subcode all ones", { ~0ULL, 0, 0, 0 }, VSCH_DIAG500_FORWARD,
	  0, 0, false, false, 0, 0, VSCH_PGM_SPECIFICATION },
};

static void diag_case_desc(const struct diag_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(diag, diag_cases, diag_case_desc);

static void diag500_decode_test(struct kunit *test)
{
	const struct diag_case *c = test->param_value;
	struct vsch_diag500 d;

	KUNIT_EXPECT_EQ(test, vsch_diag500_decode(c->gpr[0], c->gpr[1],
						  c->gpr[2], c->gpr[3], &d),
			c->action);
	KUNIT_EXPECT_EQ(test, d.action, c->action);
	KUNIT_EXPECT_EQ(test, d.subcode, c->gpr[0]);
	KUNIT_EXPECT_EQ(test, d.sid_word, c->sid_word);
	KUNIT_EXPECT_EQ(test, d.vq, c->vq);
	KUNIT_EXPECT_EQ(test, d.has_data, c->has_data);
	KUNIT_EXPECT_EQ(test, d.legacy, c->legacy);
	KUNIT_EXPECT_EQ(test, d.cookie, c->cookie);
	KUNIT_EXPECT_EQ(test, d.ret, c->ret);
	KUNIT_EXPECT_EQ(test, d.pgm_code, c->pgm_code);
	if (c->legacy)
		KUNIT_EXPECT_EQ(test, d.addr, c->gpr[1]);
	if (c->gpr[0] == VSCH_DIAG500_CCW_NOTIFY)
		KUNIT_EXPECT_EQ(test, d.data, c->gpr[2]);
}

struct sid_case {
	const char *desc;
	u32 sid;
	bool valid;
};

static const struct sid_case sid_cases[] = {
	{ "ssid 0 sch 0", 0x00010000, true },
	{ "ssid 3 sch ffff", 0x0007ffff, true },
	{ "one bit clear", 0x0000ffff, false },
	{ "M with cssid", 0xfe080000 | 0x00010000, true },
	{ "cssid without M", 0x01010000, false },
	{ "zero", 0, false },
};

static void sid_case_desc(const struct sid_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sid, sid_cases, sid_case_desc);

static void diag500_sid_test(struct kunit *test)
{
	const struct sid_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, vsch_diag500_sid_valid(c->sid), c->valid);
}

static struct kunit_case diag500_cases[] = {
	KUNIT_CASE_PARAM(diag500_decode_test, diag_gen_params),
	KUNIT_CASE_PARAM(diag500_sid_test, sid_gen_params),
	{}
};

static struct kunit_suite diag500_suite = {
	.name = "vsch_diag500",
	.test_cases = diag500_cases,
};

kunit_test_suite(diag500_suite);

MODULE_DESCRIPTION("KUnit tests for vsch DIAGNOSE 0x500 decoding");
MODULE_LICENSE("GPL");

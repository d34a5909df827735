// SPDX-License-Identifier: GPL-2.0
/*
 * vccw_fault_create - mdev create with each of its allocations failed
 * once; see vccw_fault_test.c, which this builds with VCCW_FAULT_CREATE.
 */
#define VCCW_FAULT_CREATE
#include "vccw_fault_test.c"

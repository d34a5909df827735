// SPDX-License-Identifier: GPL-2.0
/*
 * vccw: instantiation of the tracepoints declared in vccw_trace.h.
 */

#define CREATE_TRACE_POINTS
#include "vccw_trace.h"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the cached build directory of a kernel variant (built or not).
. "$(dirname "$0")/lib.sh"
kbuild_dir "${1:-standard}"

# SPDX-License-Identifier: GPL-2.0
#
# Build rules shared by our selftest directories (a small stand-in for the
# kernel's tools/testing/selftests/lib.mk).  A directory sets TEST_GEN_PROGS
# (kselftest programs listed in its run.list), optionally TEST_GEN_FILES
# (other programs) and EXTRA_SOURCES (linked into every program), then
# includes this file.

CROSS_COMPILE	?= s390x-linux-gnu-
CC		:= $(CROSS_COMPILE)gcc
TOP		:= $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../../..)
KDIR		?= $(shell $(TOP)/tools/testbed/kdir.sh standard)
KSRC		?= $(KDIR)/source
OUTPUT		?= $(CURDIR)/out

CFLAGS		+= -O2 -g -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE \
		   -isystem $(KDIR)/usr/include -I$(TOP)/include/uapi \
		   -I$(KSRC)/tools/testing/selftests -I$(CURDIR)
LDFLAGS		+= -static -pthread

PROGS		:= $(addprefix $(OUTPUT)/,$(TEST_GEN_PROGS) $(TEST_GEN_FILES))
EXTRA_DEPS	:= $(EXTRA_SOURCES) $(wildcard *.h)

.PHONY: all clean
all: $(PROGS) $(OUTPUT)/run.list

$(OUTPUT)/%: %.c $(EXTRA_DEPS)
	@mkdir -p $(OUTPUT)
	$(CC) $(CFLAGS) -o $@ $< $(EXTRA_SOURCES) $(LDFLAGS)

$(OUTPUT)/run.list: $(wildcard run.list)
	@mkdir -p $(OUTPUT)
	@if [ -f run.list ]; then cp run.list $@; else : >$@; fi

clean:
	rm -rf $(OUTPUT)

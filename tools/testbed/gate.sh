#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# gate.sh checkpatch|kernel-doc KDIR FILE...
#
# Run one of the kernel's own style gates over our files.  Each file is one
# test: it passes only with no error, warning or check.  With RESULTS set,
# one line per file is appended there (name, passed, failed, skipped, note).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

gate=$1 kdir=$2
shift 2
ksrc=$(readlink -f "$kdir/source")
[ -d "$ksrc/scripts" ] || die "$kdir/source is not a kernel source tree"

failed=0 total=0
for f in "$@"; do
	[ -f "$f" ] || continue
	case $gate in
	checkpatch)
		out=$(perl "$ksrc/scripts/checkpatch.pl" --strict --no-tree \
			--show-types --quiet --no-summary -f "$f" 2>&1)
		;;
	checkpatch-patch)
		# Outside our git tree: inside it, checkpatch takes the patch
		# file for one of the tree's own files and misreads its context.
		abs=$(readlink -f "$f")
		out=$(cd / && perl "$ksrc/scripts/checkpatch.pl" --strict --no-tree \
			--show-types --quiet --no-summary "$abs" 2>&1)
		;;
	kernel-doc)
		out=$(perl "$ksrc/scripts/kernel-doc" -Wall -none "$f" 2>&1)
		;;
	*) die "unknown gate $gate" ;;
	esac
	total=$((total + 1))
	if [ -n "$out" ]; then
		failed=$((failed + 1))
		echo "$gate: $f:"
		echo "$out" | sed 's/^/    /'
		note=$(echo "$out" | grep -m1 -E 'ERROR|WARNING|CHECK|warning' | cut -c1-160)
		[ -n "${RESULTS:-}" ] && printf '%s/%s\t0\t1\t0\t%s\n' "$gate" "$f" "$note" >>"$RESULTS"
	else
		[ -n "${RESULTS:-}" ] && printf '%s/%s\t1\t0\t0\t\n' "$gate" "$f" >>"$RESULTS"
	fi
done
echo "$gate: $((total - failed)) of $total files clean"
[ $failed = 0 ]

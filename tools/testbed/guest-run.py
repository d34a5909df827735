#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot the test-bed guest under qemu-system-s390x and collect its results.

The guest speaks a small line protocol on its console (see guest/init):
"@@SUITE name" ... KTAP ... "@@ENDSUITE name rc=N", "@@QMP seq request",
"@@DMESG-BEGIN/END", "@@KMEMLEAK-BEGIN/END", "@@DONE".  This script runs
QMP requests for the guest, parses the KTAP of every suite, scans the kernel
log for reports (WARN, oops, KASAN, lockdep, kmemleak, hung tasks) and
writes one line per suite to --results:  name<TAB>passed<TAB>failed<TAB>skipped.

With TESTBED_HMP=<path> in the environment, QEMU also listens for a human
monitor on that unix socket: the way to look at a guest that stopped making
progress while it is still running ("info registers -a", "x /8gx ADDR").
"""

import argparse
import json
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

# devno, size in MiB, QEMU id: the guest's lib.sh has the same table.
DISKS = [("0100", 64, "disk0"), ("0101", 32, "disk1"),
         ("0102", 16, "disk2"), ("0103", 8, "disk3")]

KERNEL_REPORTS = [
    r"WARNING: CPU: \d+ PID: \d+",
    r"BUG: ",
    r"KASAN: ",
    r"Oops",
    r"Kernel panic",
    r"possible circular locking dependency",
    r"possible recursive locking detected",
    r"inconsistent lock state",
    r"suspicious RCU usage",
    r"INFO: task .* blocked for more than",
    r"UBSAN: ",
    r"kernel BUG at",
    r"list_add corruption|list_del corruption",
    r"rcu: INFO: .*stall",
    r"rcu_\w+ kthread starved",
    r"soft lockup|hard LOCKUP",
]


# Console silence after which the vCPUs' registers are logged (once).
SILENT_S = 360


class Qmp:
    """A minimal QMP client on a unix socket."""

    def __init__(self, path):
        self.path = path
        self.sock = None
        self.buf = b""

    def connect(self, timeout=10):
        deadline = time.time() + timeout
        while True:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(self.path)
                break
            except OSError:
                s.close()
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        self.sock = s
        self.sock.settimeout(30)
        self._recv()                      # greeting
        self.cmd({"execute": "qmp_capabilities"})

    def _recv(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("QMP socket closed")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, req):
        self.sock.sendall(json.dumps(req).encode() + b"\n")
        while True:
            msg = self._recv()
            if "event" in msg:
                continue
            return msg


def dump_cpus(qmp, log, why):
    """Log every vCPU's PSW and registers (HMP "info registers -a")."""
    if not qmp:
        return
    try:
        reply = qmp.cmd({"execute": "human-monitor-command",
                         "arguments": {"command-line": "info registers -a"}})
        text = reply.get("return", str(reply))
    except (OSError, EOFError, ValueError) as e:
        text = f"cannot query the vCPUs: {e}"
    log.write(f"@@HOST {why}; vCPU registers:\n{text}\n")
    log.flush()
    print(f"testbed: {why}; vCPU registers in the console log", file=sys.stderr)


def ktap_count(lines):
    """Count leaf test results of one KTAP document: (passed, failed, skipped)."""
    passed = failed = skipped = 0
    deeper = {}
    plan = None
    top = 0
    for raw in lines:
        line = raw.rstrip("\n")
        m = re.match(r"^(\s*)(ok|not ok) (\d+)\b(.*)$", line)
        if not m:
            p = re.match(r"^1\.\.(\d+)", line)
            if p and plan is None:
                plan = int(p.group(1))
            continue
        depth = len(m.group(1).expandtabs())
        if depth == 0:
            top += 1
        leaf = not deeper.get(depth, False)
        deeper[depth] = False
        deeper[depth - 4] = True
        if not leaf:
            continue
        directive = m.group(4)
        if re.search(r"#\s*SKIP", directive, re.I):
            skipped += 1
        elif m.group(2) == "ok":
            passed += 1
        else:
            failed += 1
    missing = plan - top if plan is not None and plan > top else 0
    return passed, failed + missing, skipped


def make_disks(tmp):
    paths = []
    for devno, mib, _ in DISKS:
        p = os.path.join(tmp, f"disk-{devno}.img")
        with open(p, "wb") as f:
            f.truncate(mib << 20)
        paths.append(p)
    return paths


def qemu_version(qemu):
    """Which QEMU runs the guest: its path and version line."""
    path = shutil.which(qemu) or qemu
    try:
        out = subprocess.run([path, "--version"], capture_output=True,
                             text=True, timeout=30).stdout
        version = out.splitlines()[0] if out else "no version"
    except (OSError, subprocess.SubprocessError) as e:
        version = f"cannot run: {e}"
    return f"{path}: {version}"


def qemu_cmd(args, tmp, qmp_path):
    cmdline = (f"console=ttysclp0 rdinit=/init panic=-1 "
               f"testbed.mode={args.mode} testbed.suite={args.suite} "
               f"{args.append}").strip()
    cmd = [args.qemu, "-M", "s390-ccw-virtio", "-cpu", "max", "-smp", "2",
           "-m", str(args.memory), "-nographic", "-no-reboot",
           "-kernel", args.kernel, "-initrd", args.initrd,
           "-append", cmdline,
           "-qmp", f"unix:{qmp_path},server=on,wait=off"]
    if os.environ.get("TESTBED_HMP"):
        cmd += ["-monitor", f"unix:{os.environ['TESTBED_HMP']},server=on,wait=off"]
    for (devno, _, did), path in zip(DISKS, make_disks(tmp)):
        cmd += ["-blockdev", f"driver=file,filename={path},node-name=f{did}",
                "-blockdev", f"driver=raw,file=f{did},node-name=n{did}",
                "-device", f"virtio-blk-ccw,drive=n{did},devno=fe.0.{devno},id={did}"]
    return cmd


def handle_qmp(qmp, proc, line):
    parts = line.split(" ", 2)
    if len(parts) < 3:
        return
    seq, req = parts[1], parts[2]
    try:
        if req.startswith("@disk "):
            did = req.split()[1]
            devno = [d for d in DISKS if d[2] == did][0][0]
            req = {"execute": "device_add",
                   "arguments": {"driver": "virtio-blk-ccw", "drive": f"n{did}",
                                 "devno": f"fe.0.{devno}", "id": did}}
        else:
            req = json.loads(req)
        reply = qmp.cmd(req)
        if "error" in reply:
            ack = f"error {reply['error'].get('desc', 'unknown')}"
        else:
            ack = "ok"
    except (OSError, EOFError, ValueError, IndexError) as e:
        ack = f"error {e}"
    proc.stdin.write(f"@@ACK {seq} {ack}\n".encode())
    proc.stdin.flush()


def run(args):
    results = []            # (suite, passed, failed, skipped, note)
    log = open(args.log, "w", errors="replace")
    with tempfile.TemporaryDirectory(prefix="vccw-guest.") as tmp:
        qmp_path = os.path.join(tmp, "qmp.sock")
        cmd = qemu_cmd(args, tmp, qmp_path)
        qemu = qemu_version(args.qemu)
        print(f"testbed: QEMU {qemu}", file=sys.stderr)
        log.write(f"# QEMU {qemu}\n# " + " ".join(cmd) + "\n")
        interactive = args.mode == "shell"
        if interactive:
            return subprocess.call(cmd), results
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        qmp = Qmp(qmp_path)
        try:
            qmp.connect()
        except OSError as e:
            print(f"testbed: cannot connect to QMP: {e}", file=sys.stderr)
            qmp = None

        deadline = time.time() + args.timeout
        buf = b""
        suite, suite_lines = None, []
        suite_start, last_suite = time.time(), None
        section, dmesg, leaks = None, [], []
        booted = done = False
        last_lines = []
        last_output = time.time()
        dumped = False
        while True:
            left = deadline - time.time()
            if left <= 0:
                dump_cpus(qmp, log, "time limit reached")
                break
            r, _, _ = select.select([proc.stdout], [], [], min(left, 1.0))
            if not r:
                if proc.poll() is not None:
                    break
                # A guest silent this long is stuck: show where its CPUs are.
                if not dumped and time.time() - last_output > SILENT_S:
                    dump_cpus(qmp, log, f"console silent for {SILENT_S} s")
                    dumped = True
                continue
            last_output = time.time()
            data = os.read(proc.stdout.fileno(), 65536)
            if not data:
                break
            buf += data
            while b"\n" in buf:
                raw, buf = buf.split(b"\n", 1)
                line = raw.decode("utf-8", "replace").rstrip("\r")
                log.write(line + "\n")
                log.flush()
                last_lines = (last_lines + [line])[-30:]
                if args.echo and booted and not line.startswith("@@") \
                        and section is None and suite is None:
                    print(line, flush=True)
                if line.startswith("@@BOOTED"):
                    booted = True
                elif line.startswith("@@QMP") and qmp:
                    handle_qmp(qmp, proc, line)
                elif line.startswith("@@EXIT "):
                    what = line.split()[1]
                    rc = int(re.search(r"rc=(-?\d+)", line).group(1))
                    results.append((what, 1 if rc == 0 else 0, 0 if rc == 0 else 1,
                                    0, f"exit status {rc}" if rc else ""))
                elif line.startswith("@@SUITE "):
                    suite, suite_lines = line.split(" ", 1)[1], []
                    suite_start = time.time()
                elif line.startswith("@@ENDSUITE ") and suite:
                    rc = int(re.search(r"rc=(-?\d+)", line).group(1))
                    p, f, s = ktap_count(suite_lines)
                    note = ""
                    if rc not in (0, 4) and f == 0:
                        f, note = 1, f"exit status {rc}"
                    if rc == 124 or rc == 143:
                        note = "timed out"
                    if p + f + s == 0:
                        f, note = 1, "no test result"
                    results.append((suite, p, f, s, note))
                    log.write(f"@@HOST {suite}: {time.time() - suite_start:.0f} s\n")
                    last_suite = suite
                    if args.verbose:
                        sys.stdout.write("".join(l + "\n" for l in suite_lines))
                    suite = None
                elif suite is not None:
                    suite_lines.append(line)
                elif line == "@@DMESG-BEGIN":
                    section = "dmesg"
                elif line == "@@KMEMLEAK-BEGIN":
                    section = "kmemleak"
                elif line in ("@@DMESG-END", "@@KMEMLEAK-END"):
                    section = None
                elif section == "dmesg":
                    dmesg.append(line)
                elif section == "kmemleak":
                    leaks.append(line)
                elif line == "@@DONE":
                    done = True
        if proc.poll() is None:
            proc.kill()
        proc.wait()

    log.close()
    if not booted or not done:
        why = "did not boot" if not booted else "did not finish"
        if time.time() >= deadline:
            why += f" within {args.timeout} s"
        # The summary shows only this note: say where the run stopped.
        if suite:
            why += f"; {suite} ran for {time.time() - suite_start:.0f} s"
        elif last_suite:
            why += f"; after {last_suite}"
        if dumped:
            why += f"; console silent for {SILENT_S} s or more"
        print(f"testbed: guest {why}; last console lines:", file=sys.stderr)
        for l in last_lines[-15:]:
            print("  | " + l, file=sys.stderr)
        results.append(("guest-run", 0, 1, 0, why))

    # Kernel reports anywhere in the log fail the run, whichever test caused them.
    reports = [l for l in dmesg if any(re.search(p, l) for p in KERNEL_REPORTS)]
    leak_objs = [l for l in leaks if l.startswith("unreferenced object")]
    if done:
        results.append(("kernel-log", 0 if reports else 1, 1 if reports else 0, 0,
                        "; ".join(r.strip() for r in reports[:3])))
        if args.mode == "check" and args.expect_kmemleak:
            results.append(("kmemleak", 0 if leak_objs else 1,
                            1 if leak_objs else 0, 0,
                            f"{len(leak_objs)} unreferenced object(s)" if leak_objs else ""))
    if dmesg and args.dmesg:
        with open(args.dmesg, "w") as f:
            f.write("\n".join(dmesg + ["", "# kmemleak"] + leaks) + "\n")
    return 0, results


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--mode", default="check",
                    choices=["check", "demo", "bench", "shell"])
    ap.add_argument("--suite", default="*")
    ap.add_argument("--append", default="")
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--memory", type=int, default=2048)
    ap.add_argument("--qemu", default="qemu-system-s390x")
    ap.add_argument("--log", required=True)
    ap.add_argument("--dmesg")
    ap.add_argument("--results")
    ap.add_argument("--label", default="")
    ap.add_argument("--echo", action="store_true",
                    help="print the guest's own output (demo, bench)")
    ap.add_argument("--verbose", action="store_true", help="print every KTAP line")
    ap.add_argument("--expect-kmemleak", action="store_true")
    args = ap.parse_args()

    rc, results = run(args)
    if args.mode == "shell":
        return rc
    failed = 0
    for suite, p, f, s, note in results:
        name = f"{args.label}{suite}"
        state = "FAIL" if f else "ok"
        extra = f"  ({note})" if note else ""
        print(f"  {state:4} {name}: {p} passed, {f} failed, {s} skipped{extra}")
        failed += f
    if args.results:
        with open(args.results, "a") as out:
            for suite, p, f, s, note in results:
                out.write(f"{args.label}{suite}\t{p}\t{f}\t{s}\t{note}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

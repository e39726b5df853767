#!/usr/bin/python3
"""Runs the kernel benchmark image and prints its results as a table.

Usage: bench.py <bsp dir> <image> <output file>
Boots the image with mk/qemu-cmd in bench mode (TCG with -icount shift=0
unless KVM is usable: then cycle counts are real cycles), reads the serial
line until "kbench: done", and writes the table to the output file too.
"""
import os
import re
import subprocess
import sys
import time

LINE = re.compile(r"^kbench: (.+?)\s+median\s+(\d+)\s+min\s+(\d+)\s+rounds\s+(\d+)")


def main():
    bsp, image, out = sys.argv[1:4]
    here = os.path.dirname(os.path.abspath(__file__))
    cmd = subprocess.run([os.path.join(here, "qemu-cmd"), "--mode", "bench", "--print0",
                          "--verbose", bsp, image], capture_output=True, check=True)
    argv = [a.decode() for a in cmd.stdout.split(b"\0") if a]
    accel = os.environ.get("WALNUT_QEMU_ACCEL_USED", "")
    for line in cmd.stderr.decode(errors="replace").splitlines():
        if "accelerator" in line:
            accel = line.split("accelerator:", 1)[-1].strip()
    rows, log = [], []
    start = time.time()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        for raw in proc.stdout:
            line = raw.decode(errors="replace").rstrip("\r\n")
            log.append(line)
            m = LINE.match(line)
            if m:
                rows.append((m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))))
                print("  %-42s median %8d  min %8d  (%d rounds)" % rows[-1], flush=True)
            if "kbench: done" in line or "KERNEL PANIC" in line or time.time() - start > 1800:
                break
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
    if not any("kbench: done" in l for l in log):
        sys.stderr.write("bench: the benchmark did not finish; serial output:\n")
        sys.stderr.write("\n".join(log[-40:]) + "\n")
        return 1
    unit = "instructions (TCG, -icount shift=0)" if "icount" in accel else "cycles"
    with open(out, "w") as f:
        f.write("Walnut kernel benchmarks, %s\naccelerator: %s\n\n" % (unit, accel or "?"))
        f.write("| benchmark | median | min | rounds |\n| --- | ---: | ---: | ---: |\n")
        for name, med, mn, n in rows:
            f.write("| %s | %d | %d | %d |\n" % (name, med, mn, n))
    print("bench: accelerator %s; unit: %s; table in %s" % (accel, unit, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

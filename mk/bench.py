#!/usr/bin/python3
"""Runs the benchmark images and prints their results as tables.

Usage: bench.py <bsp dir> <output file> <image.elf>...
Boots each image in turn with mk/qemu-cmd in bench mode (TCG with
-icount shift=0 unless KVM is usable: then cycle counts are real cycles).
An image named <prog>.elf prints "<prog>: <name> median M min N rounds R"
per benchmark and "<prog>: done" at the end ("<prog>: failed: ..." when
it cannot go on); the serial output is read until then, and all tables go
to the output file too.
"""
import os
import re
import subprocess
import sys
import time

TIMEOUT = 1800  # seconds per image


def qemu_argv(bsp, image):
    """The QEMU command line for image, and the accelerator mk/qemu-cmd chose."""
    here = os.path.dirname(os.path.abspath(__file__))
    cmd = subprocess.run([os.path.join(here, "qemu-cmd"), "--mode", "bench", "--print0",
                          "--verbose", bsp, image], capture_output=True, check=True)
    argv = [a.decode() for a in cmd.stdout.split(b"\0") if a]
    accel = os.environ.get("WALNUT_QEMU_ACCEL_USED", "")
    for line in cmd.stderr.decode(errors="replace").splitlines():
        if "accelerator" in line:
            accel = line.split("accelerator:", 1)[-1].strip()
    return argv, accel


def run_image(bsp, image):
    """Boots image; returns (rows, accelerator) or None when it did not finish."""
    prog = os.path.basename(image)
    if prog.endswith(".elf"):
        prog = prog[:-4]
    row = re.compile(r"^%s: (.+?)\s+median\s+(\d+)\s+min\s+(\d+)\s+rounds\s+(\d+)"
                     % re.escape(prog))
    done, failed = "%s: done" % prog, "%s: failed" % prog
    argv, accel = qemu_argv(bsp, image)
    print("bench: %s" % image, flush=True)
    rows, log = [], []
    start = time.time()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    finished = False
    try:
        for raw in proc.stdout:
            line = raw.decode(errors="replace").rstrip("\r\n")
            log.append(line)
            m = row.match(line)
            if m:
                rows.append((m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))))
                print("  %-42s median %8d  min %8d  (%d rounds)" % rows[-1], flush=True)
            if line.startswith(done):
                finished = True
                break
            if (line.startswith(failed) or "KERNEL PANIC" in line
                    or time.time() - start > TIMEOUT):
                break
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if not finished:
        sys.stderr.write("bench: %s did not finish; serial output:\n" % image)
        sys.stderr.write("\n".join(log[-40:]) + "\n")
        return None
    return rows, accel


def main():
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    bsp, out, images = sys.argv[1], sys.argv[2], sys.argv[3:]
    tables, accels = [], []
    for image in images:
        result = run_image(bsp, image)
        if result is None:
            return 1
        tables.append((os.path.basename(image), result[0]))
        accels.append(result[1])
    accel = accels[0] if len(set(accels)) == 1 else ", ".join(accels)
    unit = "instructions (TCG, -icount shift=0)" if "icount" in accel else "cycles"
    with open(out, "w") as f:
        f.write("Walnut benchmarks, %s\naccelerator: %s\n" % (unit, accel or "?"))
        for image, rows in tables:
            f.write("\n%s\n\n| benchmark | median | min | rounds |\n"
                    "| --- | ---: | ---: | ---: |\n" % image)
            for name, med, mn, n in rows:
                f.write("| %s | %d | %d | %d |\n" % (name, med, mn, n))
    print("bench: accelerator %s; unit: %s; tables in %s" % (accel, unit, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

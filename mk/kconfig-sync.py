#!/usr/bin/python3
"""Writes autoconf.h and auto.conf from .config (KCONFIG_CONFIG in the environment).

Usage: kconfig-sync.py <Kconfig> <autoconf.h> <auto.conf>
Each output is rewritten only when its contents change, so that make rebuilds
what includes autoconf.h only after a real configuration change. Warnings of
kconfiglib (e.g. a .config naming an unknown symbol) are printed; they do not
stop the build.
"""
import os
import sys
import tempfile

import kconfiglib


def write_if_changed(path, writer):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
    os.close(fd)
    os.chmod(tmp, 0o644)  # mkstemp makes it 0600
    writer(tmp)
    try:
        with open(tmp) as a, open(path) as b:
            same = a.read() == b.read()
    except OSError:
        same = False
    if same:
        os.unlink(tmp)
    else:
        os.replace(tmp, path)


def main():
    kconfig, header, autoconf = sys.argv[1:4]
    kconf = kconfiglib.Kconfig(kconfig, warn_to_stderr=True)
    kconf.warn_assign_undef = True  # name unknown symbols in .config
    kconf.load_config(os.environ["KCONFIG_CONFIG"])
    # .config itself is normalised too (new symbols at their defaults), but
    # only rewritten when that changes it, so its mtime stays put.
    write_if_changed(os.environ["KCONFIG_CONFIG"], lambda p: kconf.write_config(p, save_old=False))
    write_if_changed(header, kconf.write_autoconf)
    write_if_changed(autoconf, lambda p: kconf.write_config(p, save_old=False))
    # auto.conf is make's witness of this sync: always newer than .config
    # afterwards, so an unchanged configuration is not synced again.
    os.utime(autoconf)
    return 0


if __name__ == "__main__":
    sys.exit(main())

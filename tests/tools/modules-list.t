#!/usr/bin/python3
"""modules-list.t: mk/modules.py, the modules.list reader and module table
generator. Prints TAP.

Bad modules.list files must be rejected with "modules.py: error: <file>:<line>:
..." messages; a good one must give the module table bootstrap links against
(pkg/bootstrap/src/image_modules.h): assembled with gcc -m32, the object is
checked for bs_module_count / bs_modules and their contents (count, sizes,
roles, names, command lines), and the payloads are the module files.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
MODULES_PY = os.path.join(SRC, "mk", "modules.py")
PYTHON = "/usr/bin/python3"
ROLE = {"kernel": 1, "sigma0": 2, "roottask": 3, "module": 4}

n = 0
failed = 0


def diag(*lines):
    sys.stdout.flush()
    for text in lines:
        for line in str(text).splitlines() or [""]:
            sys.stderr.write("#   " + line + "\n")
    sys.stderr.flush()


def check(desc, ok, *why):
    global n, failed
    n += 1
    print(("ok" if ok else "not ok") + " %d - %s" % (n, desc), flush=True)
    if not ok:
        failed += 1
        diag(*why)
    return ok


def skip(desc, reason):
    global n
    n += 1
    print("ok %d - %s # SKIP %s" % (n, desc, reason), flush=True)


tmp = tempfile.mkdtemp(prefix="modules-list.")


def write(name, text):
    path = os.path.join(tmp, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


def modules_py(*args, cwd=None):
    r = subprocess.run([PYTHON, MODULES_PY] + list(args), capture_output=True, text=True,
                       cwd=cwd or tmp)
    return r.returncode, r.stdout, r.stderr


def rejects(desc, text, where_line, pattern, extra_args=(), name="bad.list"):
    """A bad list: exit 1, one error naming file:line and matching pattern."""
    path = write(name, text)
    out = os.path.join(tmp, "out.S")
    if os.path.exists(out):
        os.unlink(out)
    rc, so, se = modules_py("--gen", "e", "--out", out, "--path", os.path.join(tmp, "mods"),
                            *extra_args, path)
    want = "modules.py: error: %s:%d: " % (path, where_line)
    ok = rc == 1 and se.startswith(want) and re.search(pattern, se) and "Traceback" not in se
    check(desc, ok, "exit %d" % rc, "stderr: " + se.strip(), "wanted: %s...%s" % (want, pattern))
    check(desc + ": no output written", not os.path.exists(out))
    # --list reads the same grammar: the same error (module search aside).
    return rc, se


# ---- modules to put into images ----------------------------------------------

mods = os.path.join(tmp, "mods")
mods2 = os.path.join(tmp, "mods2")
os.makedirs(mods)
os.makedirs(mods2)
payload = {
    "walnut": b"KERNEL" * 1000 + b"\x00\x01",  # not a multiple of 4
    "sigma0": b"S0" * 4097,
    "hello": b"hello world\n",
    "data.bin": bytes(range(256)) * 17,
    "other": b"O" * 4096,
    "q\"uote": b"q",
}
for name, data in payload.items():
    with open(os.path.join(mods, name), "wb") as f:
        f.write(data)
# mods2 has its own "hello", found first when mods2 leads the path.
with open(os.path.join(mods2, "hello"), "wb") as f:
    f.write(b"second hello")
os.makedirs(os.path.join(mods, "sub"))
with open(os.path.join(mods, "sub", "nested"), "wb") as f:
    f.write(b"nested module")

# ---- a good list ----------------------------------------------------------------

GOOD = """\
# comment line
default-kernel walnut -v   # the default kernel, with an argument

entry e
roottask hello arg1  arg2
module data.bin
module[shell] other x=1
module sub/nested
kernel walnut -debug

entry second
roottask hello
sigma0 sigma0 s0arg
"""
good = write("good.list", GOOD)
more = write("more.list", "entry third  # from a second file\nroottask hello\n")

rc, so, se = modules_py("--list", good, more)
check("--list prints every entry in order, over several files", rc == 0 and so.split() ==
      ["e", "second", "third"], "exit %d" % rc, so, se)

out = os.path.join(tmp, "e.S")
dep = os.path.join(tmp, "e.d")
rc, so, se = modules_py("--gen", "e", "--out", out, "--dep", dep, "--path", mods + ":" + mods2,
                        good, more)
check("--gen of a good entry: exit 0, nothing on stderr", rc == 0 and se == "", "exit %d" % rc, se)
text = open(out).read() if os.path.exists(out) else ""

# Image order: kernel (its own line wins over default-kernel), sigma0 (the
# built-in default), roottask, then the modules in list order.
want_mods = [
    ("kernel", "walnut", "walnut -debug"),
    ("sigma0", "sigma0", "sigma0"),
    ("roottask", "hello", "hello arg1 arg2"),
    ("module", "data.bin", "data.bin"),
    ("module", "other", "other x=1"),
    ("module", "nested", "nested"),
]
want_files = [os.path.join(mods, f) for f in
              ("walnut", "sigma0", "hello", "data.bin", "other", os.path.join("sub", "nested"))]

incbins = re.findall(r'\.incbin "([^"]*)"', text)
check("the .S includes the module files, found in the search path, in image order",
      incbins == want_files, "got: %r" % incbins, "want: %r" % want_files)
check("every payload is 4 KiB aligned",
      len(re.findall(r"\.balign 4096\s*\nmod\d+_data:", text)) == len(want_mods), text)

if os.path.exists(dep):
    lines = open(dep).read().splitlines()
    check("--dep: modules.o depends on every module file",
          lines[:1] == ["%s: %s" % (os.path.join(tmp, "e.o"), " ".join(want_files))], lines)
    check("--dep: each module file also has an empty rule (deleted files do not break make)",
          sorted(lines[1:]) == sorted(f + ":" for f in want_files), lines)
else:
    check("--dep file written", False)

# Assemble it as the image build does and look at the table.
gcc = shutil.which("gcc")
obj = os.path.join(tmp, "e.o")
r = subprocess.run([gcc or "gcc", "-m32", "-c", "-o", obj, out], capture_output=True, text=True) \
    if gcc else None
if not r or r.returncode != 0:
    skip("the table assembles with gcc -m32", "gcc -m32 cannot assemble here: %s" %
         (r.stderr.strip() if r else "no gcc"))
else:
    check("the table assembles with gcc -m32", True)
    nm = subprocess.run(["nm", obj], capture_output=True, text=True).stdout
    syms = {}
    for line in nm.splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = (int(parts[0], 16), parts[1])
    check("bs_module_count and bs_modules are global read-only data",
          syms.get("bs_module_count", (0, ""))[1] == "R" and
          syms.get("bs_modules", (0, ""))[1] == "R", nm)

    # Link it at address 0 so the .long address fields resolve, then read
    # the table and the strings it points to.
    elf = os.path.join(tmp, "e.elf")
    lds = write("t.lds", "SECTIONS { . = 0x100000; .rodata.modules : { *(.rodata.modules) } "
                         ".rodata : { *(.rodata) } /DISCARD/ : { *(.note*) } }\n")
    r = subprocess.run(["ld", "-m", "elf_i386", "-T", lds, "-o", elf, obj],
                       capture_output=True, text=True)
    if r.returncode != 0:
        check("the table links (ld -m elf_i386)", False, r.stderr)
    else:
        img = os.path.join(tmp, "e.bin")
        subprocess.run(["objcopy", "-O", "binary", elf, img], check=True)
        blob = open(img, "rb").read()
        lnm = subprocess.run(["nm", elf], capture_output=True, text=True).stdout
        addr = {p[2]: int(p[0], 16) for p in (l.split() for l in lnm.splitlines()) if len(p) == 3}
        base = 0x100000

        def u32(a):
            return struct.unpack_from("<I", blob, a - base)[0]

        def cstr(a):
            o = a - base
            return blob[o:blob.index(b"\0", o)].decode()

        count = u32(addr["bs_module_count"])
        check("bs_module_count is the number of modules", count == len(want_mods),
              "got %d, want %d" % (count, len(want_mods)))
        table = addr["bs_modules"]
        check("bs_modules is 4-byte aligned", table % 4 == 0 and addr["bs_module_count"] % 4 == 0)
        got = []
        for i in range(count):
            start, size, name, cmd, role = struct.unpack_from("<5I", blob, table + 20 * i - base)
            data = blob[start - base:start - base + size]
            got.append((role, cstr(name), cstr(cmd), data, start % 4096))
        for i, (role, name, cmd) in enumerate(want_mods):
            g = got[i] if i < len(got) else None
            check("module %d: role %s (%d), name %r, command line %r" % (i, role, ROLE[role], name, cmd),
                  g is not None and g[:3] == (ROLE[role], name, cmd), "got %r" % (g[:3] if g else None,))
            check("module %d: payload is the file's bytes, 4 KiB aligned" % i,
                  g is not None and g[3] == open(want_files[i], "rb").read() and g[4] == 0,
                  "size %d, want %d" % (len(g[3]) if g else -1, os.path.getsize(want_files[i])))

# The search path: the first directory holding the file wins.
out2 = os.path.join(tmp, "second.S")
rc, so, se = modules_py("--gen", "second", "--out", out2, "--path", mods2 + ":" + mods, good)
text2 = open(out2).read() if os.path.exists(out2) else ""
check("search path order: the first directory holding a file wins",
      rc == 0 and '"%s"' % os.path.join(mods2, "hello") in text2, "exit %d" % rc, se, text2)
check("sigma0 line with an argument replaces the default, and default-kernel applies",
      'mod1_cmdline:\t.asciz "sigma0 s0arg"' in text2 and
      'mod0_cmdline:\t.asciz "walnut -v"' in text2, text2)

# Regeneration with the same result leaves the file alone (make rebuilds
# modules.o only after a real change).
os.utime(out2, (1_000_000_000, 1_000_000_000))
rc, so, se = modules_py("--gen", "second", "--out", out2, "--path", mods2 + ":" + mods, good)
check("unchanged output is not rewritten (mtime kept)",
      rc == 0 and int(os.stat(out2).st_mtime) == 1_000_000_000)
rc, so, se = modules_py("--gen", "second", "--out", out2, "--path", mods + ":" + mods2, good)
check("changed output is rewritten", rc == 0 and int(os.stat(out2).st_mtime) != 1_000_000_000)

# Quotes and backslashes in a command line are escaped for the assembler.
qlist = write("quote.list", 'entry q\nkernel walnut\nroottask hello a"b c\\d\nmodule q"uote\n')
outq = os.path.join(tmp, "q.S")
rc, so, se = modules_py("--gen", "q", "--out", outq, "--path", mods, qlist)
textq = open(outq).read() if os.path.exists(outq) else ""
check('quotes and backslashes are escaped in .asciz strings',
      rc == 0 and r'.asciz "hello a\"b c\\d"' in textq and r'.asciz "q\"uote"' in textq,
      "exit %d" % rc, se, textq)
if gcc:
    r = subprocess.run([gcc, "-m32", "-c", "-o", os.path.join(tmp, "q.o"), outq],
                       capture_output=True, text=True)
    check("...and the result assembles", r.returncode == 0, r.stderr)

# The real lists of the tree parse.
rc, so, se = modules_py("--list", os.path.join(SRC, "conf", "modules.list"),
                        os.path.join(SRC, "tests", "modules.list"))
check("conf/modules.list and tests/modules.list parse", rc == 0 and "hello" in so.split(), se)

# ---- bad lists: each error names file:line --------------------------------------

rejects("unknown statement", "entry e\nroottask hello\nmodlue data.bin\n", 3,
        r"unknown statement 'modlue'")
rejects("statement before any entry", "# header\n\nroottask hello\nentry e\n", 3,
        r"'roottask' before any 'entry'")
rejects("module before any entry", "module data.bin\n", 1, r"'module' before any 'entry'")
rejects("duplicate entry", "entry e\nroottask hello\n\nentry e\nroottask hello\n", 4,
        r"entry 'e' defined twice")
rejects("entry without a name", "entry\nroottask hello\n", 1, r"'entry' takes exactly one name")
rejects("entry with two names", "entry e f\nroottask hello\n", 1, r"'entry' takes exactly one name")
rejects("roottask without a file name", "entry e\nroottask   # nothing\n", 2,
        r"'roottask' needs a file name")
rejects("module without a file name", "entry e\nroottask hello\nmodule\n", 3,
        r"'module' needs a file name")
rejects("attributed module without a file name", "entry e\nroottask hello\nmodule[shell]\n", 3,
        r"'module' needs a file name")
rejects("default-kernel without a file name", "default-kernel\nentry e\nroottask hello\n", 1,
        r"'default-kernel' needs a file name")
rejects("unknown default-", "default-module x\nentry e\nroottask hello\n", 1,
        r"unknown statement 'default-module'")
rejects("module file not found, naming the search path",
        "default-kernel walnut\nentry e\nroottask hello\nmodule missing.bin arg\n", 4,
        r"module 'missing\.bin' not found in %s$" % re.escape(os.path.join(tmp, "mods")))
rejects("second kernel in an entry", "entry e\nkernel walnut\nroottask hello\nkernel walnut\n", 4,
        r"second 'kernel' in entry 'e'")
rejects("second roottask in an entry", "entry e\nkernel walnut\nroottask hello\nroottask hello\n", 4,
        r"second 'roottask' in entry 'e'")

# The search path with several directories is named in full.
path = write("nf.list", "entry e\nkernel walnut\nroottask nothere\n")
rc, so, se = modules_py("--gen", "e", "--out", os.path.join(tmp, "nf.S"), "--path",
                        mods + ":" + mods2, path)
check("module not found: the message names every directory searched",
      rc == 1 and se.strip() == "modules.py: error: %s:3: module 'nothere' not found in %s:%s"
      % (path, mods, mods2), se)

# A duplicate across two files names the second file's line.
a = write("a.list", "entry e\nroottask hello\n")
b = write("b.list", "# b\nentry e\nroottask hello\n")
rc, so, se = modules_py("--list", a, b)
check("duplicate entry across files: the second file's line",
      rc == 1 and se.startswith("modules.py: error: %s:2: entry 'e' defined twice" % b), se)
# A statement at the top of a second file does not continue the first
# file's last entry.
c = write("c.list", "module data.bin\n")
rc, so, se = modules_py("--list", a, c)
check("a second file starts outside any entry",
      rc == 1 and se.startswith("modules.py: error: %s:1: 'module' before any 'entry'" % c), se)

# Without a kernel or roottask line and no default: named, though no line.
path = write("nokernel.list", "entry e\nroottask hello\n")
rc, so, se = modules_py("--gen", "e", "--out", os.path.join(tmp, "nk.S"), "--path", mods, path)
check("no kernel and no default-kernel: an error naming the entry",
      rc == 1 and "entry 'e' has no 'kernel' line and no default-kernel" in se, se)
rc, so, se = modules_py("--gen", "nosuch", "--out", os.path.join(tmp, "ns.S"), "--path", mods, good)
check("--gen of an unknown entry: an error naming it",
      rc == 1 and "no entry 'nosuch'" in se and "Traceback" not in se, se)
rc, so, se = modules_py("--list", os.path.join(tmp, "does-not-exist.list"))
check("a missing list file: an error, not a traceback",
      rc == 1 and se.startswith("modules.py: error:") and "does-not-exist.list" in se, se)
rc, so, se = modules_py("--gen", "e", "--path", mods + ":" + mods2, good)
check("--gen without --out: an error naming --out, not a traceback",
      rc == 1 and se.startswith("modules.py: error:") and "--out" in se and
      "Traceback" not in se and so == "", "exit %d" % rc, "stdout: " + so, "stderr: " + se)

shutil.rmtree(tmp, ignore_errors=True)
print("1..%d" % n)
sys.exit(1 if failed else 0)

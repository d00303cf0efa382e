#!/usr/bin/python3
"""visual.py — the visual regression of the samples' pages (tests/visual/, 28-visual.t).

  visual.py save PREFIX DEST       PREFIX-N.pgm (pdftoppm -gray) → DEST-NN.png, 8-bit grey
  visual.py compare PREFIX DEST    each PREFIX-N.pgm against DEST-NN.png

A page differs when more than MAX_CHANGED of its pixels differ by more than THRESHOLD grey levels
(anti-aliasing noise stays below both; a moved line, word or rule does not). compare prints one
line per differing page, and for each a picture of the differences (DEST-NN.diff.png next to
PREFIX) to look at; it exits 1 if any page, or the page count, differs."""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import graypng  # noqa: E402

THRESHOLD = 64
MAX_CHANGED = 40


def pages(prefix):
    """PREFIX-1.pgm … (pdftoppm pads the number to the page count's width), in page order."""
    found = {}
    for p in glob.glob(glob.escape(prefix) + "-*.pgm"):
        m = re.fullmatch(r"-(\d+)\.pgm", p[len(prefix):])
        if m:
            found[int(m.group(1))] = p
    return [found[k] for k in sorted(found)]


def save(prefix, dest):
    for i, p in enumerate(pages(prefix), 1):
        graypng.write("%s-%02d.png" % (dest, i), *graypng.read_pgm(p))


def compare(prefix, dest):
    got = pages(prefix)
    want = sorted(glob.glob(glob.escape(dest) + "-[0-9][0-9].png"))
    bad = 0
    if len(got) != len(want):
        print("%s: %d pages, the reference has %d" % (os.path.basename(dest), len(got), len(want)))
        bad += 1
    for i, (g, r) in enumerate(zip(got, want), 1):
        gw, gh, grows = graypng.read_pgm(g)
        rw, rh, rrows = graypng.read(r)
        if (gw, gh) != (rw, rh):
            print("%s page %d: %dx%d, the reference is %dx%d" % (os.path.basename(dest), i, gw, gh, rw, rh))
            bad += 1
            continue
        changed, diff = 0, []
        for a, b in zip(grows, rrows):
            row = bytes(255 - abs(x - y) if abs(x - y) > THRESHOLD else 255 for x, y in zip(a, b))
            changed += sum(1 for v in row if v < 255)
            diff.append(row)
        if changed > MAX_CHANGED:
            out = "%s-%02d.diff.png" % (prefix, i)
            graypng.write(out, gw, gh, diff)
            print("%s page %d: %d pixels differ (see %s)" % (os.path.basename(dest), i, changed, out))
            bad += 1
    if not bad:
        print("%s: %d pages as the reference" % (os.path.basename(dest), len(got)))
    return 1 if bad else 0


if __name__ == "__main__":
    cmd, prefix, dest = sys.argv[1:4]
    if cmd == "save":
        save(prefix, dest)
    elif cmd == "compare":
        sys.exit(compare(prefix, dest))
    else:
        sys.exit("visual.py: unknown command %r" % cmd)

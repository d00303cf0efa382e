#!/usr/bin/python3
"""fontprog.py PDF — checks every embedded CIDFontType2 of PDF against its own font program.

Read with qpdf (JSON, streams decoded), independently of baocao. For each font it checks:
  - the FontFile2 program holds only the tables a CIDFontType2 needs (glyf, loca, head, hhea,
    hmtx, maxp) and fewer glyphs than the whole font (--subset);
  - it carries no hinting: no cvt, fpgm or prep (above) and no glyph with instructions;
  - every width in /W is the program's advance width of the glyph the code maps to, in 1/1000 em
    (within 1, PDF/A's rule); every code in /W maps to a glyph the program has with an outline
    or, for a space, none;
  - CIDToGIDMap is exactly as long as the highest code in /W (no map of the whole BMP).
Prints one line per font ("NAME: N codes, G glyphs, tables …") and exits 1 with the problems.
"""
import base64
import json
import struct
import subprocess
import sys

KEEP = {b"glyf", b"loca", b"head", b"hhea", b"hmtx", b"maxp"}


def load(path):
    out = subprocess.run(["qpdf", "--json", "--json-stream-data=inline",
                          "--decode-level=generalized", path], capture_output=True, check=True)
    return json.loads(out.stdout)["qpdf"][1]


def ref(objs, r):
    return objs["obj:" + r] if isinstance(r, str) and r.endswith(" R") else None


def value(objs, v):
    o = ref(objs, v)
    return o["value"] if o is not None and "value" in o else v


def data(objs, r):
    return base64.b64decode(ref(objs, r)["stream"]["data"])


def tables(font):
    n = struct.unpack(">H", font[4:6])[0]
    t = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i])
        t[tag] = font[off:off + ln]
    return t


def advances(t):
    upem = struct.unpack(">H", t[b"head"][18:20])[0]
    nglyphs = struct.unpack(">H", t[b"maxp"][4:6])[0]
    nh = struct.unpack(">H", t[b"hhea"][34:36])[0]
    hm = t[b"hmtx"]
    adv = [struct.unpack(">H", hm[4 * min(g, nh - 1):4 * min(g, nh - 1) + 2])[0]
           for g in range(nglyphs)]
    long_loca = struct.unpack(">h", t[b"head"][50:52])[0] == 1
    lo = t[b"loca"]
    if long_loca:
        offs = struct.unpack(">%dI" % (nglyphs + 1), lo[:4 * (nglyphs + 1)])
    else:
        offs = [2 * x for x in struct.unpack(">%dH" % (nglyphs + 1), lo[:2 * (nglyphs + 1)])]
    return upem, nglyphs, adv, offs


def instructions(glyph):
    """Bytes of TrueType instructions a glyph carries (0 for an empty one)."""
    if not glyph:
        return 0
    contours = struct.unpack(">h", glyph[:2])[0]
    if contours >= 0:  # simple: the instruction length follows the contours' end points
        return struct.unpack(">H", glyph[10 + 2 * contours:12 + 2 * contours])[0]
    pos, flags = 10, 0x20
    while flags & 0x20:  # MORE_COMPONENTS
        flags = struct.unpack(">H", glyph[pos:pos + 2])[0]
        pos += 4 + (4 if flags & 1 else 2)
        pos += 2 if flags & 8 else 4 if flags & 0x40 else 8 if flags & 0x80 else 0
    return struct.unpack(">H", glyph[pos:pos + 2])[0] if flags & 0x100 else 0


def widths(objs, w):
    w = value(objs, w)
    out, i = {}, 0
    while i < len(w):
        first, nxt = value(objs, w[i]), value(objs, w[i + 1])
        if isinstance(nxt, list):
            for k, x in enumerate(nxt):
                out[first + k] = value(objs, x)
            i += 2
        else:
            for c in range(first, nxt + 1):
                out[c] = value(objs, w[i + 2])
            i += 3
    return out


def check_font(objs, cid, subset, problems):
    name = cid["/BaseFont"]
    desc = value(objs, cid["/FontDescriptor"])
    prog = data(objs, desc["/FontFile2"])
    t = tables(prog)
    extra = sorted(x.decode() for x in t if x not in KEEP)
    if extra:
        problems.append(f"{name}: tables beyond a CIDFontType2's: {extra}")
    upem, nglyphs, adv, offs = advances(t)
    hinted = [g for g in range(nglyphs) if instructions(t[b"glyf"][offs[g]:offs[g + 1]])]
    if hinted:
        problems.append(f"{name}: {len(hinted)} glyphs carry hinting instructions (glyph {hinted[0]})")
    cmap = data(objs, cid["/CIDToGIDMap"])
    gid = struct.unpack(">%dH" % (len(cmap) // 2), cmap)
    w = widths(objs, cid.get("/W", []))
    if not w:  # a font set on a page but never drawn with: a map of code 0 alone
        if len(gid) > 1:
            problems.append(f"{name}: no code in /W, CIDToGIDMap of {len(gid)} codes")
        print(f"{name}: no codes drawn, {nglyphs} glyphs")
        return
    if len(gid) != max(w) + 1:
        problems.append(f"{name}: CIDToGIDMap has {len(gid)} codes, /W ends at {max(w)}")
    for code, width in sorted(w.items()):
        g = gid[code] if code < len(gid) else 0
        if g == 0 or g >= nglyphs:
            problems.append(f"{name}: code U+{code:04X} in /W maps to glyph {g}")
            continue
        if abs(width - adv[g] * 1000 / upem) >= 1:
            problems.append(f"{name}: U+{code:04X} /W {width}, program {adv[g] * 1000 / upem:.2f}")
        if offs[g + 1] == offs[g] and chr(code) not in " \u00a0":
            problems.append(f"{name}: U+{code:04X} maps to glyph {g}, which has no outline")
    if subset and nglyphs > 2 * len(w) + 50:
        problems.append(f"{name}: {nglyphs} glyphs for {len(w)} codes: not a subset")
    print(f"{name}: {len(w)} codes, {nglyphs} glyphs, tables {sorted(x.decode() for x in t)}")


def main():
    subset = "--subset" in sys.argv
    objs = load([a for a in sys.argv[1:] if not a.startswith("--")][0])
    problems, n = [], 0
    for o in objs.values():
        v = o.get("value")
        if isinstance(v, dict) and v.get("/Subtype") == "/CIDFontType2":
            check_font(objs, v, subset, problems)
            n += 1
    if n == 0:
        problems.append("no CIDFontType2 font")
    for p in problems[:40]:
        print("PROBLEM " + p)
    sys.exit(1 if problems else 0)


main()

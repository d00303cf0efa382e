#!/usr/bin/env python3
"""pdfsigs.py — independent helpers for tests/e2e/40-sign.t (no baocao code involved).

  pdfsigs.py extract FILE.pdf OUTDIR   writes sigN.der and signedN.bin (the bytes of the two
                                       ranges) for every /ByteRange, prints "N hexlen derlen"
  pdfsigs.py tamper-content FILE IN OUT  appends an unsigned incremental update that draws on
                                       page 1 (a new content stream added to the page)
  pdfsigs.py bump-byterange IN OUT     changes the last signature's /ByteRange
  pdfsigs.py colours FILE.ppm          prints "blue=N red=M" pixel counts
"""
import re
import sys


def der_len(b):
    """Length of the DER element at the start of b (the hex placeholder is zero-padded)."""
    if b[1] < 0x80:
        return 2 + b[1]
    n = b[1] & 0x7F
    return 2 + n + int.from_bytes(b[2:2 + n], "big")


def extract(path, outdir):
    data = open(path, "rb").read()
    for i, m in enumerate(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data), 1):
        a, b, c, d = map(int, m.groups())
        hexstr = data[b + 1:c - 1]
        der = bytes.fromhex(hexstr.decode())
        der = der[:der_len(der)]
        open(f"{outdir}/sig{i}.der", "wb").write(der)
        open(f"{outdir}/signed{i}.bin", "wb").write(data[a:a + b] + data[c:c + d])
        print(i, len(hexstr), len(der))


def last_trailer_keys(data):
    start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    root = re.findall(rb"/Root\s+(\d+\s+\d+\s+R)", data)[-1]
    size = max(int(x) for x in re.findall(rb"/Size\s+(\d+)", data))
    return start, root, size


def tamper_content(src, dst):
    data = open(src, "rb").read()
    start, root, size = last_trailer_keys(data)
    m = re.search(rb"(\d+) 0 obj\s*<<((?:(?!endobj).)*?/Type\s*/Page\b(?!s)(?:(?!endobj).)*?)>>\s*endobj", data, re.S)
    num, body = int(m.group(1)), m.group(2)
    new = size
    body = re.sub(rb"/Contents\s+(\d+ 0 R)", lambda c: b"/Contents [" + c.group(1) + b" %d 0 R]" % new, body)
    content = b"q 1 0 0 rg 80 500 200 40 re f Q"
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    off_page = len(out)
    out += b"%d 0 obj\n<<%s>>\nendobj\n" % (num, body)
    off_new = len(out)
    out += b"%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (new, len(content), content)
    xref = len(out)
    out += b"xref\n%d 1\n%010d 00000 n\r\n%d 1\n%010d 00000 n\r\n" % (num, off_page, new, off_new)
    out += b"trailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (new + 1, root, start, xref)
    open(dst, "wb").write(out)


def bump_byterange(src, dst):
    data = bytearray(open(src, "rb").read())
    m = list(re.finditer(rb"/ByteRange\s*\[\s*0\s+(\d+)", data))[-1]
    s, e = m.span(1)
    data[s:e] = str(int(data[s:e]) - 1).encode().rjust(e - s)
    open(dst, "wb").write(data)


def colours(path):
    raw = open(path, "rb").read()
    parts = raw.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    px = parts[4][: w * h * 3]
    blue = red = 0
    for i in range(0, len(px), 3):
        r, g, b = px[i], px[i + 1], px[i + 2]
        if b > 120 and r < 90 and g < 110:
            blue += 1
        elif r > 170 and g < 90 and b < 90:
            red += 1
    print(f"blue={blue} red={red}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "extract":
        extract(sys.argv[2], sys.argv[3])
    elif cmd == "tamper-content":
        tamper_content(sys.argv[2], sys.argv[3])
    elif cmd == "bump-byterange":
        bump_byterange(sys.argv[2], sys.argv[3])
    elif cmd == "colours":
        colours(sys.argv[2])

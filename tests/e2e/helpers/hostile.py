#!/usr/bin/python3
"""hostile.py — makes the hostile PDFs of tests/e2e/43-verify-limits.t from a signed one.

Each mode changes a freshly signed file the way an attacker would (most append one incremental
update, so that the signed bytes stay intact) to hit one resource limit or number check of the
PDF reader (src/pdf/pdfread.h):

  hugebr IN OUT     /ByteRange [0 a 2^62 2^62] in place: r[2]+r[3] wraps past 2^63
  bomb IN OUT       an xref stream that inflates to 1 GiB (about 1 MB of zeros, deflated)
  objbomb IN OUT    the catalog moved into an object stream that inflates to 256 MiB
  free100k IN OUT   an xref table of 100,000 free entries (the page tree, and numbers never used)
  w8gen IN OUT      an xref stream with /W [1 8 8] whose generation field is 2^64-1
  prevloop IN OUT   an update whose /Prev is its own offset
  prevcycle IN OUT  two updates whose /Prev point at each other
  twoatone IN OUT   an update whose /XRefStm and /Prev are the same (older) section
  prevout IN OUT    an update whose /Prev is past the end of the file
  hugesize IN OUT   an update whose trailer claims /Size 99999999999
  deep IN OUT       the catalog rewritten with 100,000 nested arrays
  fielddag IN OUT   /Fields a three-level DAG of 400 kids each (64 million paths, 801 objects)
  manysigs IN OUT   40 new signature fields whose /V is the existing signature dictionary

Python standard library only.
"""
import re
import sys
import zlib

# The file's last version of an object and its trailer, read the way the tamper helper reads them.
from tamper import last_obj, trailer_info  # tamper.py stands beside this file


def start(d):
    out = bytearray(d)
    if not out.endswith(b'\n'):
        out += b'\n'
    return out


def add_objs(out, objs):
    offs = {}
    for num in sorted(objs):
        offs[num] = len(out)
        out += b'%d 0 obj\n' % num + objs[num] + b'\nendobj\n'
    return offs


def table(out, offs, frees=(), size=None, extra=b'', prev=None, root=None):
    """Appends an xref table listing `offs` (and free entries), and its trailer."""
    at = len(out)
    ents = {n: b'%010d 00000 n \n' % o for n, o in offs.items()}
    for n in frees:
        ents[n] = b'0000000000 00001 f \n'
    out += b'xref\n'
    nums = sorted(ents)
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out += b'%d %d\n' % (nums[i], j - i + 1) + b''.join(ents[n] for n in nums[i:j + 1])
        i = j + 1
    out += b'trailer\n<< /Size %d /Root %d 0 R /Prev %d %s>>\nstartxref\n%d\n%%%%EOF\n' % (
        size, root, prev, extra, at)
    return at


def update(d, objs, frees=(), size=None, extra=b'', prev=None):
    p, s, root = trailer_info(d)
    out = start(d)
    offs = add_objs(out, objs)
    table(out, offs, frees, size if size is not None else max([s] + [n + 1 for n in objs]),
          extra, p if prev is None else prev, root)
    return bytes(out)


def xref_stream(out, num, entries, w, size, root, prev, index=None, raw=None):
    """Appends xref stream object `num` with `entries` (tuples of ints, widths `w`)."""
    at = len(out)
    if raw is None:
        raw = b''.join(b''.join(v.to_bytes(k, 'big') for v, k in zip(e, w)) for e in entries)
        raw = zlib.compress(raw)
    idx = b' /Index [%s]' % b' '.join(b'%d' % v for v in index) if index else b''
    out += (b'%d 0 obj\n<< /Type /XRef /Size %d /Root %d 0 R /Prev %d /W [%d %d %d]%s '
            b'/Filter /FlateDecode /Length %d >>\nstream\n' % (num, size, root, prev, w[0], w[1],
                                                               w[2], idx, len(raw)))
    out += raw + b'\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n' % at
    return at


def zeros_deflated(n):
    c = zlib.compressobj(9)
    chunk = bytes(1 << 24)
    parts = [c.compress(chunk) for _ in range(n >> 24)]
    return b''.join(parts) + c.flush()


def hugebr(d):
    m = re.search(rb'/ByteRange \[0 (\d+) \d+ \d+ *\]', d)
    a = m.group(1)
    new = b'/ByteRange [0 %s 4611686018427387904 4611686018427387904' % a
    old = m.group(0)
    if len(new) + 1 > len(old):
        sys.exit('no room for the new /ByteRange')
    new += b' ' * (len(old) - len(new) - 1) + b']'
    return d[:m.start()] + new + d[m.end():]


def bomb(d):
    prev, size, root = trailer_info(d)
    out = start(d)
    xref_stream(out, size, None, (1, 4, 2), size + 1, root, prev, index=[size, 1],
                raw=zeros_deflated(1 << 30))
    return bytes(out)


def objbomb(d):
    prev, size, root = trailer_info(d)
    out = start(d)
    body = last_obj(d, root)
    head = b'%d 0 ' % root
    payload = zlib.compressobj(9)
    data = payload.compress(head + body + b'\n')
    chunk = bytes(1 << 24)
    data += b''.join(payload.compress(chunk) for _ in range(16)) + payload.flush()
    stm = size
    at = len(out)
    out += (b'%d 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\n'
            b'stream\n' % (stm, len(head), len(data)) + data + b'\nendstream\nendobj\n')
    # entries: the object stream (type 1), the catalog inside it (type 2), the xref stream
    xs = len(out)
    ents = [(2, stm, 0), (1, at, 0), (1, xs, 0)]
    xref_stream(out, stm + 1, ents, (1, 4, 2), stm + 2, root, prev, index=[root, 1, stm, 2])
    return bytes(out)


def free100k(d):
    p, s, root = trailer_info(d)
    pages = int(re.search(rb'/Pages (\d+) 0 R', last_obj(d, root)).group(1))
    return update(d, {}, frees=[pages] + list(range(s, s + 99999)), size=s + 99999)


def w8gen(d):
    prev, size, root = trailer_info(d)
    out = start(d)
    offs = add_objs(out, {root: last_obj(d, root)})
    xs = len(out)
    xref_stream(out, size, [(1, offs[root], (1 << 64) - 1), (1, xs, 0)], (1, 8, 8), size + 1,
                root, prev, index=[root, 1, size, 1])
    return bytes(out)


def prevloop(d):
    p, s, root = trailer_info(d)
    out = start(d)
    at = len(out)
    table(out, {}, (), s, b'', at, root)
    return bytes(out)


def prevcycle(d):
    p, s, root = trailer_info(d)
    out = start(d)
    a = table(out, {}, (), s, b'', 9999999999, root)   # /Prev patched below
    b = table(out, {}, (), s, b'', a, root)
    out = bytes(out)
    i = out.index(b'/Prev 9999999999', a)
    return out[:i] + b'/Prev %010d' % b + out[i + 16:]


def twoatone(d):
    p, s, root = trailer_info(d)
    out = start(d)
    table(out, {}, (), s, b'/XRefStm %d ' % p, p, root)
    return bytes(out)


def prevout(d):
    return update(d, {}, prev=999999999)


def hugesize(d):
    return update(d, {}, size=99999999999)


def deep(d):
    p, s, root = trailer_info(d)
    body = last_obj(d, root)
    n = 100000
    return update(d, {root: body[:-2] + b' /Deep ' + b'[' * n + b']' * n + b' >>'})


def fielddag(d):
    p, s, root = trailer_info(d)
    af = int(re.search(rb'/AcroForm (\d+) 0 R', last_obj(d, root)).group(1))
    body = last_obj(d, af)
    objs, n, kids = {}, s, 400
    level = []
    for depth in range(3):
        num = n
        n += 1
        below = level[0] if level else None
        arr = b' '.join([b'%d 0 R' % below] * kids) if below else b''
        objs[num] = b'<< /T (d%d) /Kids [%s] >>' % (depth, arr)
        level = [num]
    fields = b'/Fields [' + b' '.join([b'%d 0 R' % level[0]] * kids) + b']'
    objs[af] = re.sub(rb'/Fields\s*(\[[^]]*\]|\d+ 0 R)', lambda m: fields, body)
    return update(d, objs)


def manysigs(d):
    p, s, root = trailer_info(d)
    af = int(re.search(rb'/AcroForm (\d+) 0 R', last_obj(d, root)).group(1))
    body = last_obj(d, af)
    sig = int(re.findall(rb'/V (\d+) 0 R', d)[-1])
    objs = {s + k: b'<< /FT /Sig /T (x%d) /V %d 0 R >>' % (k, sig) for k in range(40)}
    new = b' '.join(b'%d 0 R' % n for n in objs)
    objs[af] = re.sub(rb'/Fields\s*\[', lambda m: b'/Fields [' + new + b' ', body)
    return update(d, objs)


MODES = {f.__name__: f for f in (hugebr, bomb, objbomb, free100k, w8gen, prevloop, prevcycle,
                                  twoatone, prevout, hugesize, deep, fielddag, manysigs)}

if __name__ == '__main__':
    if len(sys.argv) != 4 or sys.argv[1] not in MODES:
        sys.exit(__doc__)
    with open(sys.argv[2], 'rb') as f:
        src = f.read()
    with open(sys.argv[3], 'wb') as f:
        f.write(MODES[sys.argv[1]](src))

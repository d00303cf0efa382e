#!/usr/bin/python3
"""tamper.py — makes the tampered PDFs of tests/e2e/42-verify-tamper.t from a signed one.

Each mode appends one incremental update (an xref table after the file's newest one, which is
what baocao and libharu write) the way an attacker would, so that the signed bytes stay intact:

  droppage  IN OUT         rewrites the page tree without its last page, adding /FT /Sig to it
  freecontent IN OUT       marks page 1's content stream free in the new xref
  stamp IN OUT             adds a /Stamp annotation drawing "GIA MAO" on page 1
  unreadable IN OUT        points page 1's content stream at bytes that are not an object
  widgetkey IN OUT ROLE    changes /T of the signature field ROLE (not a key signing may change)
  signedap IN OUT ROLE     replaces the appearance of ROLE's widget, already signed, with "GIA MAO"
  directannots IN OUT ROLE rewrites the pages whose /Annots is indirect with a direct array,
                           ROLE's widget left out (signing for ROLE must then rewrite the page)
  badcolumns IN OUT        sets /Columns -2 in the predictor of the last xref stream
  objstm IN OUT            rewrites an object stream of the signed revision with a page's
                           /MediaBox changed, listing only the object stream in the new xref
  jswidget IN OUT          adds a new signature field whose widget on page 1 has a JavaScript
                           action (/A)

Shadow attacks (the document is prepared before it is signed, the attack comes after):
  hideprep IN OUT          two updates: page 1's content replaced by "GIA MAO" (hidden), then
                           restored as it was (what the signer sees and signs)
  hideskip IN OUT          after signing a hideprep file: a new xref that re-lists the
                           signature revision's objects but whose /Prev skips the restoring
                           revision, so viewers show the forged page
  hidepoint IN OUT         after signing a hideprep file: a new xref that points page 1's
                           content at the hidden forged version inside the signed bytes
  objstmprep IN OUT        an update holding a forged page 1 (its /Contents "GIA MAO") in a new
                           object stream that no xref entry points at (hidden)
  objstmreveal IN OUT      after signing an objstmprep file: an xref stream that points page 1
                           at the hidden copy in the object stream (no new object bytes)
Sneaky signatures and evil annotations:
  sneakynew IN OUT [KIND]  a new unsigned signature field covering page 1: KIND "ap" (a white
                           page with "GIA MAO"), "mk" (no /AP, an /MK background), "rollover"
                           (an empty /N, the forgery as /R) or "annots" (as "ap", but only in
                           the page's /Annots, not in /Fields)
  sneakyfill IN OUT ROLE [mk]  the unsigned field ROLE gets a full-page /Rect and an appearance
                           (with "mk": an /MK background instead)
Reused signatures:
  copysig IN OUT SRC DST   the unsigned field DST gets SRC's /V (the same object) and /AP
  copysigdict IN OUT SRC   a new field whose /V is a byte copy of SRC's signature dictionary
Trailer keys:
  infotrailer IN OUT [dup] an update whose trailer only sets a direct /Info (Title, Author);
                           "dup": after the old /Info, which stays (a key given twice)
  infoobj IN OUT           rewrites the /Info object with another /Title
  newid IN OUT first|second  an update that changes the second /ID element (or both)
An honest signer of another tool:
  signnew IN OUT KEY CERT CHAIN [garbage]   signs in a new visible signature field "kiem-tra"
                           it adds in the same update (as pyHanko or Acrobat do), CMS by
                           `openssl cms`; "garbage": the CMS signs other bytes (a fake)
Certificates and times (as an attacker with a key of their own would):
  resign IN OUT KEY CERT CHAIN [M]   replaces the CMS of the last signature by one that
                           `openssl cms` makes with KEY/CERT, after setting /M to M (same length)

Objects are looked up by their last "N 0 obj" in the file: updates append, so the last one is
the current one (true for the files these tests make). Python standard library only.
"""
import re
import struct
import subprocess
import sys
import tempfile
import time
import zlib


def last_obj(d, num):
    m = None
    for m in re.finditer(rb'(?:^|[\r\n ])%d 0 obj\s*(.*?)\s*endobj' % num, d, re.S):
        pass
    if not m:
        sys.exit('object %d not found' % num)
    return m.group(1)


def trailer_info(d):
    prev = int(re.findall(rb'startxref\s+(\d+)', d)[-1])
    tr = re.findall(rb'trailer\s*(<<.*?>>)\s*startxref', d, re.S)[-1]
    size = int(re.search(rb'/Size (\d+)', tr).group(1))
    root = int(re.search(rb'/Root (\d+) 0 R', tr).group(1))
    return prev, size, root


def ref(body, key):
    m = re.search(rb'/' + key + rb'\s+(\d+) 0 R', body)
    return int(m.group(1)) if m else None


def pages(d, root):
    kids = last_obj(d, ref(last_obj(d, root), b'Pages'))
    return [int(n) for n in re.findall(rb'(\d+) 0 R', re.search(rb'/Kids\s*\[(.*?)\]', kids, re.S).group(1))]


def update(d, objs, frees=(), extra=b'', keep_dup=False):
    """Appends objects {num: body} and free entries, with a trailer keeping /Root (and
    `extra` trailer keys)."""
    prev, size, root = trailer_info(d)
    out = bytearray(d)
    if not out.endswith(b'\n'):
        out += b'\n'
    entries = []
    for num in sorted(objs):
        entries.append((num, len(out), 0, b'n'))
        out += b'%d 0 obj\n' % num + objs[num] + b'\nendobj\n'
    for num in frees:
        entries.append((num, 0, 1, b'f'))
    size = max([size] + [n + 1 for n, _, _, _ in entries])
    extra = kept(d, extra, keep_dup)
    xref = len(out)
    out += b'xref\n'
    for num, off, gen, kind in sorted(entries):
        out += b'%d 1\n%010d %05d %s\r\n' % (num, off, gen, kind)
    out += b'trailer\n<< /Size %d /Root %d 0 R /Prev %d%s >>\nstartxref\n%d\n%%%%EOF\n' % (
        size, root, prev, extra, xref)
    return bytes(out)


def kept(d, extra=b'', keep_dup=False):
    """`extra` trailer keys after /Info and /ID as the newest trailer has them (unless `extra`
    sets them), as a careful attacker (and any PDF writer) keeps them."""
    tr = re.findall(rb'trailer\s*(<<.*?>>)\s*startxref', d, re.S)[-1]
    for name, key in ((b'/Info', rb'/Info\s+\d+\s+\d+\s+R'), (b'/ID', rb'/ID\s*\[[^]]*\]')):
        m = re.search(key, tr)
        if m and (keep_dup or name not in extra):
            extra = b' ' + m.group(0) + extra
    return extra


def section_at(d, off):
    """The xref table at `off`: (its subsection lines, its /Prev or None)."""
    m = re.compile(rb'xref\s*(.*?)trailer\s*(<<.*?>>)\s*startxref', re.S).match(d, off)
    if not m:
        sys.exit('no xref table at %d' % off)
    p = re.search(rb'/Prev (\d+)', m.group(2))
    return m.group(1), int(p.group(1)) if p else None


def field_obj(d, role):
    """(number, body) of the newest object whose /T is (role)."""
    m = None
    for m in re.finditer(rb'(?:^|[\r\n ])(\d+) 0 obj\s*(<<(?:(?!endobj).)*?/T \(' +
                         re.escape(role) + rb'\)(?:(?!endobj).)*?)\s*endobj', d, re.S):
        pass
    if not m:
        sys.exit('no field %s' % role.decode())
    return int(m.group(1)), m.group(2)


def xobject(draw, w=595, h=842):
    return (b'<< /Type /XObject /Subtype /Form /BBox [0 0 %d %d] /Resources << /Font << /Helv '
            b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Length %d >>\n'
            b'stream\n' % (w, h, len(draw)) + draw + b'\nendstream')


FORGED = b'1 1 1 rg 0 0 595 842 re f 1 0 0 rg BT /Helv 48 Tf 100 500 Td (GIA MAO) Tj ET'


def add_to_array(d, objs, holder_num, key, item):
    """Adds `item` to the array `key` of object holder_num, indirect or direct."""
    body = objs.get(holder_num) or last_obj(d, holder_num)
    aref = ref(body, key)
    if aref:
        arr = objs.get(aref) or last_obj(d, aref)
        objs[aref] = arr.rstrip()[:-1] + b' ' + item + b']'
    elif re.search(rb'/' + key + rb'\s*\[', body):
        objs[holder_num] = re.sub(rb'/' + key + rb'\s*\[', b'/' + key + b' [' + item + b' ',
                                  body, count=1)
    else:
        objs[holder_num] = body.rstrip()[:-2] + b' /' + key + b' [' + item + b'] >>'


def cms_sign(data, key, cert, chain):
    with tempfile.TemporaryDirectory() as t:
        open(t + '/in', 'wb').write(data)
        subprocess.run(['openssl', 'cms', '-sign', '-binary', '-cades', '-nosmimecap', '-md',
                        'sha256', '-in', t + '/in', '-signer', cert, '-inkey', key,
                        '-certfile', chain, '-outform', 'DER', '-out', t + '/sig'], check=True)
        return open(t + '/sig', 'rb').read()


def fill_contents(out, a, b, der):
    hexed = der.hex().upper().encode()
    room = b - a - 2
    if len(hexed) > room:
        sys.exit('the CMS does not fit in /Contents')
    out[a + 1:b - 1] = hexed + b'0' * (room - len(hexed))


def main():
    mode, src, dst = sys.argv[1:4]
    d = open(src, 'rb').read()
    if mode not in ('badcolumns', 'objstm', 'jswidget', 'resign'):
        prev, size, root = trailer_info(d)
    if mode == 'droppage':
        pnum = ref(last_obj(d, root), b'Pages')
        kids = pages(d, root)[:-1]
        body = b'<< /Type /Pages /FT /Sig /Kids [%s] /Count %d >>' % (
            b' '.join(b'%d 0 R' % k for k in kids), len(kids))
        out = update(d, {pnum: body})
    elif mode == 'freecontent':
        out = update(d, {}, frees=[ref(last_obj(d, pages(d, root)[0]), b'Contents')])
    elif mode == 'unreadable':
        c = ref(last_obj(d, pages(d, root)[0]), b'Contents')
        prev, size, root = trailer_info(d)
        out = bytearray(d)
        at = len(out)
        out += b'garbage, not an object\n'
        xref = len(out)
        out += b'xref\n%d 1\n%010d 00000 n\r\ntrailer\n<< /Size %d /Root %d 0 R /Prev %d >>\n' \
               b'startxref\n%d\n%%%%EOF\n' % (c, at, size, root, prev, xref)
    elif mode == 'stamp':
        form, annot = size, size + 1
        draw = b'1 1 1 rg 0 0 300 60 re f 1 0 0 rg BT /Helv 24 Tf 10 20 Td (GIA MAO) Tj ET'
        objs = {
            form: b'<< /Type /XObject /Subtype /Form /BBox [0 0 300 60] /Resources << /Font << '
                  b'/Helv << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> '
                  b'/Length %d >>\nstream\n' % len(draw) + draw + b'\nendstream',
            annot: b'<< /Type /Annot /Subtype /Stamp /Rect [150 600 450 660] /F 4 '
                   b'/AP << /N %d 0 R >> >>' % form,
        }
        p1 = pages(d, root)[0]
        page = last_obj(d, p1)
        aref = ref(page, b'Annots')
        if aref:  # an indirect /Annots: the array object gains the stamp
            arr = last_obj(d, aref)
            objs[aref] = arr.rstrip()[:-1] + b' %d 0 R]' % annot
        elif b'/Annots' in page:
            objs[p1] = re.sub(rb'/Annots\s*\[', b'/Annots [%d 0 R ' % annot, page, count=1)
        else:
            objs[p1] = page.rstrip()[:-2] + b' /Annots [%d 0 R] >>' % annot
        out = update(d, objs)
    elif mode in ('widgetkey', 'signedap'):
        role = sys.argv[4].encode()
        m = None
        for m in re.finditer(rb'(?:^|[\r\n ])(\d+) 0 obj\s*(<<(?:(?!endobj).)*?/T \(' +
                             re.escape(role) + rb'\)(?:(?!endobj).)*?)\s*endobj', d, re.S):
            pass
        num, body = int(m.group(1)), m.group(2)
        if mode == 'widgetkey':
            out = update(d, {num: body.replace(b'/T (' + role + b')', b'/T (' + role + b'-x)')})
        else:
            draw = b'1 0 0 rg BT /Helv 24 Tf 10 20 Td (GIA MAO) Tj ET'
            form = size
            objs = {
                form: b'<< /Type /XObject /Subtype /Form /BBox [0 0 300 60] /Resources << /Font '
                      b'<< /Helv << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> '
                      b'/Length %d >>\nstream\n' % len(draw) + draw + b'\nendstream',
                num: re.sub(rb'/AP\s*<<\s*/N\s+\d+ 0 R\s*>>', b'/AP << /N %d 0 R >>' % form,
                            body),
            }
            out = update(d, objs)
    elif mode == 'directannots':
        role = sys.argv[4].encode()
        objs = {}
        for p in pages(d, root):
            page = last_obj(d, p)
            aref = ref(page, b'Annots')
            if aref:
                # Without the widget of ROLE, so that signing for it has to rewrite the page.
                keep = [n for n in re.findall(rb'(\d+) 0 R', last_obj(d, aref))
                        if b'/T (%s)' % role not in last_obj(d, int(n))]
                objs[p] = re.sub(rb'/Annots\s+\d+ 0 R',
                                 b'/Annots [' + b' '.join(n + b' 0 R' for n in keep) + b']', page)
        if not objs:
            sys.exit('no page with an indirect /Annots')
        out = update(d, objs)
    elif mode == 'badcolumns':
        at = d.rfind(b'/Type /XRef')
        dict_start = d.rfind(b'obj', 0, at)
        head, tail = d[:dict_start], d[dict_start:]
        tail, n = re.subn(rb'/Columns\s+\d+', b'/Columns -2', tail, count=1)
        if not n:
            sys.exit('no /Columns in the last xref stream')
        out = head + tail
    elif mode == 'objstm':
        # Files with xref streams have no "trailer": the update below still ends in a table,
        # which readers accept after a stream.
        prev = int(re.findall(rb'startxref\s+(\d+)', d)[-1])
        m = re.search(rb'(\d+) 0 obj\s*<<([^>]*/Type\s*/ObjStm[^>]*)>>\s*stream\r?\n', d)
        num, dct = int(m.group(1)), m.group(2)
        length = int(re.search(rb'/Length\s+(\d+)', dct).group(1))
        data = zlib.decompress(d[m.end():m.end() + length])
        # One digit for another: the offsets of the objects inside the stream stay right.
        changed = re.sub(rb'(/MediaBox\s*\[\s*0\s+0\s+)5', rb'\g<1>4', data, count=1)
        if changed == data:
            sys.exit('no page /MediaBox in the first object stream')
        z = zlib.compress(changed)
        body = re.sub(rb'/Length\s+\d+', b'/Length %d' % len(z), b'<<' + dct + b'>>')
        body += b'\nstream\n' + z + b'\nendstream'
        root = int(re.findall(rb'/Root (\d+) 0 R', d)[-1])
        size = int(re.findall(rb'/Size (\d+)', d)[-1])
        out = bytearray(d)
        at = len(out)
        out += b'%d 0 obj\n' % num + body + b'\nendobj\n'
        xref = len(out)
        out += b'xref\n%d 1\n%010d 00000 n\r\ntrailer\n<< /Size %d /Root %d 0 R /Prev %d >>\n' \
               b'startxref\n%d\n%%%%EOF\n' % (num, at, size, root, prev, xref)
    elif mode == 'jswidget':
        prev, size, root = trailer_info(d)
        p1 = pages(d, root)[0]
        page = last_obj(d, p1)
        cat = last_obj(d, root)
        af = ref(cat, b'AcroForm')
        form = last_obj(d, af)
        fields_ref = ref(form, b'Fields')
        w = size
        objs = {w: b'<< /Type /Annot /Subtype /Widget /FT /Sig /T (moi) /Rect [0 0 595 842] '
                   b'/F 4 /P %d 0 R /A << /S /JavaScript /JS (app.alert\\(1\\)) >> >>' % p1}
        if fields_ref:
            objs[fields_ref] = last_obj(d, fields_ref).rstrip()[:-1] + b' %d 0 R]' % w
        else:
            objs[af] = re.sub(rb'/Fields\s*\[', b'/Fields [%d 0 R ' % w, form, count=1)
        aref = ref(page, b'Annots')
        if aref:
            objs[aref] = last_obj(d, aref).rstrip()[:-1] + b' %d 0 R]' % w
        else:
            objs[p1] = re.sub(rb'/Annots\s*\[', b'/Annots [%d 0 R ' % w, page, count=1)
        out = update(d, objs)
    elif mode == 'hideprep':
        c = ref(last_obj(d, pages(d, root)[0]), b'Contents')
        original = last_obj(d, c)
        forged = update(d, {c: b'<< /Length %d >>\nstream\n' % len(FORGED) + FORGED +
                            b'\nendstream'})
        out = update(forged, {c: original})
    elif mode == 'hideskip':
        last = int(re.findall(rb'startxref\s+(\d+)', d)[-1])
        sig_lines, restoring = section_at(d, last)
        _, hidden = section_at(d, restoring)
        out = bytearray(d)
        xref = len(out)
        out += b'xref\n' + sig_lines + b'trailer\n<< /Size %d /Root %d 0 R /Prev %d%s >>\n' \
               b'startxref\n%d\n%%%%EOF\n' % (size, root, hidden, kept(d), xref)
    elif mode == 'hidepoint':
        c = ref(last_obj(d, pages(d, root)[0]), b'Contents')
        at = [m.start(1) for m in re.finditer(rb'(?:^|[\r\n])(%d 0 obj)' % c, d)
              if d[m.end():m.end() + 400].find(FORGED) >= 0][0]
        out = bytearray(d)
        xref = len(out)
        out += b'xref\n%d 1\n%010d 00000 n\r\ntrailer\n<< /Size %d /Root %d 0 R /Prev %d%s >>\n' \
               b'startxref\n%d\n%%%%EOF\n' % (c, at, size, root, prev, kept(d), xref)
    elif mode == 'objstmprep':
        p1 = pages(d, root)[0]
        page = last_obj(d, p1)
        stm, content = size, size + 1
        forged_page = re.sub(rb'/Contents\s+\d+ 0 R', b'/Contents %d 0 R' % content, page)
        head = b'%d 0 ' % p1
        data = head + forged_page
        out = bytearray(d)
        offs = {}
        offs[stm] = len(out)
        out += b'%d 0 obj\n<< /Type /ObjStm /N 1 /First %d /Length %d >>\nstream\n' % (
            stm, len(head), len(data)) + data + b'\nendstream\nendobj\n'
        offs[content] = len(out)
        out += b'%d 0 obj\n<< /Length %d >>\nstream\n' % (content, len(FORGED)) + FORGED + \
               b'\nendstream\nendobj\n'
        xref = len(out)
        out += b'xref\n%d 2\n%010d 00000 n\r\n%010d 00000 n\r\n' % (stm, offs[stm], offs[content])
        out += b'trailer\n<< /Size %d /Root %d 0 R /Prev %d%s >>\nstartxref\n%d\n%%%%EOF\n' % (
            size + 2, root, prev, kept(d), xref)
    elif mode == 'objstmreveal':
        p1 = pages(d, root)[0]
        stm = int(re.findall(rb'(\d+) 0 obj\s*<< /Type /ObjStm', d)[-1])
        out = bytearray(d)
        me = size
        at = len(out)
        rows = struct.pack('>BIH', 2, stm, 0) + struct.pack('>BIH', 1, at, 0)
        out += b'%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%d 1 %d 1] /Root %d 0 R ' \
               b'/Prev %d%s /Length %d >>\nstream\n' % (me, me + 1, p1, me, root, prev, kept(d),
                                                       len(rows))
        out += rows + b'\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n' % at
    elif mode == 'sneakynew':
        kind = sys.argv[4] if len(sys.argv) > 4 else 'ap'
        p1 = pages(d, root)[0]
        w, form = size, size + 1
        look = {b'mk': b'/MK << /BG [1 1 1] /CA (GIA MAO) >>',
                b'rollover': b'/AP << /N %d 0 R /R %d 0 R >>' % (size + 2, form)}.get(
                    kind.encode(), b'/AP << /N %d 0 R >>' % form)
        objs = {w: b'<< /Type /Annot /Subtype /Widget /FT /Sig /T (xac-nhan) /Rect [0 0 595 842] '
                   b'/F 4 /P %d 0 R %s >>' % (p1, look)}
        if kind != 'mk':
            objs[form] = xobject(FORGED)
        if kind == 'rollover':  # nothing shown until the pointer passes over the page
            objs[size + 2] = xobject(b' ')
        if kind != 'annots':
            af = ref(last_obj(d, root), b'AcroForm')
            add_to_array(d, objs, af, b'Fields', b'%d 0 R' % w)
        add_to_array(d, objs, p1, b'Annots', b'%d 0 R' % w)
        out = update(d, objs)
    elif mode == 'sneakyfill':
        num, body = field_obj(d, sys.argv[4].encode())
        form = size
        body = re.sub(rb'/Rect\s*\[[^]]*\]', b'/Rect [0 0 595 842]', body)
        if len(sys.argv) > 5 and sys.argv[5] == 'mk':
            out = update(d, {num: body.rstrip()[:-2] + b' /MK << /BG [1 1 1] >> >>'})
        else:
            # The box's own (empty) appearance, which PDF/A asks of every widget, is replaced.
            body = re.sub(rb'/AP\s*<<\s*/N\s+\d+\s+\d+\s+R\s*>>', b'', body)
            body = body.rstrip()[:-2] + b' /AP << /N %d 0 R >> >>' % form
            out = update(d, {num: body, form: xobject(FORGED)})
    elif mode == 'newid':  # "second": a new second /ID element (allowed), "first": both new
        tr = re.findall(rb'trailer\s*(<<.*?>>)\s*startxref', d, re.S)[-1]
        s1 = re.search(rb'/ID\s*\[\s*(\((?:[^\\)]|\\.)*\)|<[0-9A-Fa-f]*>)', tr).group(1)
        first = s1 if sys.argv[4] == 'second' else b'<00112233445566778899AABBCCDDEEFF>'
        out = update(d, {}, extra=b' /ID [%s <FFEEDDCCBBAA99887766554433221100>]' % first)
    elif mode == 'copysig':
        src_num, src = field_obj(d, sys.argv[4].encode())
        num, body = field_obj(d, sys.argv[5].encode())
        v, ap = ref(src, b'V'), re.search(rb'/AP\s*<<\s*/N\s+(\d+) 0 R', src).group(1)
        body = body.rstrip()[:-2] + b' /V %d 0 R /AP << /N %s 0 R >> >>' % (v, ap)
        out = update(d, {num: body})
    elif mode == 'copysigdict':
        _, src = field_obj(d, sys.argv[4].encode())
        sig = last_obj(d, ref(src, b'V'))
        p1 = pages(d, root)[0]
        w, copy = size, size + 1
        objs = {copy: sig,
                w: b'<< /Type /Annot /Subtype /Widget /FT /Sig /T (ban-sao) /Rect [0 0 0 0] /F 132 '
                   b'/P %d 0 R /V %d 0 R >>' % (p1, copy)}
        af = ref(last_obj(d, root), b'AcroForm')
        add_to_array(d, objs, af, b'Fields', b'%d 0 R' % w)
        add_to_array(d, objs, p1, b'Annots', b'%d 0 R' % w)
        out = update(d, objs)
    elif mode == 'infotrailer':  # "dup": the old /Info kept too, the new one after it
        out = update(d, {}, extra=b' /Info << /Title (GIA MAO) /Author (Ke gia mao) >>',
                     keep_dup=len(sys.argv) > 4 and sys.argv[4] == 'dup')
    elif mode == 'infoobj':
        tr = re.findall(rb'trailer\s*(<<.*?>>)\s*startxref', d, re.S)[-1]
        info = ref(tr, b'Info')
        body = last_obj(d, info)
        if b'/Title' in body:
            body = re.sub(rb'/Title\s*(\((?:[^\\)]|\\.)*\)|<[^>]*>)', b'/Title (GIA MAO)', body)
        else:
            body = body.rstrip()[:-2] + b' /Title (GIA MAO) >>'
        out = update(d, {info: body})
    elif mode == 'resign':
        key, cert, chain = sys.argv[4:7]
        m = list(re.finditer(rb'/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)\s*\]', d))[-1]
        a, b, c = (int(x) for x in m.groups())
        out = bytearray(d)
        if len(sys.argv) > 7:
            new = sys.argv[7].encode()
            start = d.rfind(b'/Type /Sig', 0, m.start())
            mm = re.compile(rb'/M \((D:[^)]*)\)').search(d, start, m.start())
            if len(mm.group(1)) != len(new):
                sys.exit('/M %s has another length' % mm.group(1).decode())
            out[mm.start(1):mm.end(1)] = new
        fill_contents(out, a, b, cms_sign(bytes(out[:a] + out[b:b + c]), key, cert, chain))
    elif mode == 'signnew':
        key, cert, chain = sys.argv[4:7]
        p1 = pages(d, root)[0]
        sig, w, form = size, size + 1, size + 2
        placeholder = b'[0 0000000000 0000000000 0000000000]'
        now = time.strftime('%Y%m%d%H%M%S', time.gmtime()).encode()
        objs = {
            sig: b'<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached '
                 b"/M (D:%s+00'00') /ByteRange " % now + placeholder +
                 b' /Contents <' + b'0' * 16384 + b'> >>',
            w: b'<< /Type /Annot /Subtype /Widget /FT /Sig /T (kiem-tra) /Rect [40 40 240 90] '
               b'/F 132 /P %d 0 R /V %d 0 R /AP << /N %d 0 R >> >>' % (p1, sig, form),
            form: xobject(b'0 0 1 rg BT /Helv 14 Tf 10 20 Td (DA KIEM TRA) Tj ET', 200, 50),
        }
        af = ref(last_obj(d, root), b'AcroForm')
        add_to_array(d, objs, af, b'Fields', b'%d 0 R' % w)
        add_to_array(d, objs, p1, b'Annots', b'%d 0 R' % w)
        out = bytearray(update(d, objs))
        at = out.rfind(placeholder)
        a = out.index(b'<', at)
        b = out.index(b'>', a) + 1
        c = len(out) - b
        out[at:at + len(placeholder)] = b'[0 %010d %010d %010d]' % (a, b, c)
        signed = bytes(out[:a] + out[b:])
        if len(sys.argv) > 7 and sys.argv[7] == 'garbage':  # a CMS over other bytes
            signed = b'not these bytes'
        fill_contents(out, a, b, cms_sign(signed, key, cert, chain))
    else:
        sys.exit('unknown mode ' + mode)
    open(dst, 'wb').write(out)


if __name__ == '__main__':
    main()

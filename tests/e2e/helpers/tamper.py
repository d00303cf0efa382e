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

Objects are looked up by their last "N 0 obj" in the file: updates append, so the last one is
the current one (true for the files these tests make). Python standard library only.
"""
import re
import sys
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


def update(d, objs, frees=()):
    """Appends objects {num: body} and free entries, with a trailer keeping /Root."""
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
    xref = len(out)
    out += b'xref\n'
    for num, off, gen, kind in sorted(entries):
        out += b'%d 1\n%010d %05d %s\r\n' % (num, off, gen, kind)
    out += b'trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n' % (
        size, root, prev, xref)
    return bytes(out)


def main():
    mode, src, dst = sys.argv[1:4]
    d = open(src, 'rb').read()
    if mode not in ('badcolumns', 'objstm', 'jswidget'):
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
    else:
        sys.exit('unknown mode ' + mode)
    open(dst, 'wb').write(out)


if __name__ == '__main__':
    main()

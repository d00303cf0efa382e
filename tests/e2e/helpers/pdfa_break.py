#!/usr/bin/python3
"""pdfa_break.py — deliberately broken copies of a PDF/A-2b file, one per check of pdfa_check.py,
so that 27-pdfa.t can see every check fail on the fault it is about.

    pdfa_break.py --list               "KIND BASE CLAUSE" per line: BASE is "rendered" (a rendered
                                       form) or "signed" (a signed one, with images and signatures)
    pdfa_break.py KIND IN.pdf OUT.pdf  writes the broken copy

"raw" faults are made on the bytes, keeping every offset; "qdf" faults on qpdf's QDF form (every
object uncompressed, one per line), which fix-qdf then makes consistent again (lengths, xref).
"""
import re
import subprocess
import sys
import tempfile

FAULTS = []


def fault(kind, base, clause, mode):
    def wrap(fn):
        FAULTS.append((kind, base, clause, mode, fn))
        return fn
    return wrap


def once(pattern, repl, data, flags=0):
    out, n = re.subn(pattern, repl, data, count=1, flags=flags)
    if n != 1:
        sys.exit('pdfa_break: pattern %r not found' % pattern)
    return out


def catalog_add(data, entry):
    return once(rb'/Type /Catalog\n', b'/Type /Catalog\n  ' + entry + b'\n', data)


@fault('header', 'rendered', '6.1.2', 'raw')
def _(d):
    return once(rb'\A(%PDF-1\.\d\r?\n)%[^\r\n]{4}', rb'\1%abcd', d)


@fault('cmyk', 'rendered', '6.2.4.3', 'qdf')
def _(d):
    return once(rb'(%% Contents for page 1\n.*?stream\n)', rb'\g<1>0 0 0 1 k\n', d, re.S)


@fault('widths', 'rendered', '6.2.11.5', 'qdf')
def _(d):
    # Every width of the first font's /W array one unit in ten wider.
    m = re.search(rb'/W \[(.*?)\n  \]', d, re.S)
    if not m:
        sys.exit('pdfa_break: no /W array')
    inner = re.sub(rb'\[([^\[\]]*)\]',
                   lambda a: b'[' + re.sub(rb'\d+', lambda n: b'%d' % (int(n.group()) * 11 // 10 + 1),
                                           a.group(1)) + b']', m.group(1))
    return d[:m.start(1)] + inner + d[m.end(1):]


@fault('no-appearance', 'signed', '6.3.3', 'qdf')
def _(d):
    return re.sub(rb'/AP <<', b'/AQ <<', d)


@fault('byterange', 'signed', '6.4.3', 'raw')
def _(d):
    def shift(m):
        b = int(m.group(2))
        nb = b + 1 if str(b)[-1] != '9' else b - 1
        return m.group(1) + str(nb).encode()
    return re.sub(rb'(/ByteRange \[0 )(\d+)', shift, d)


@fault('info-mismatch', 'rendered', '6.6-info', 'qdf')
def _(d):
    return once(rb'(<dc:title><rdf:Alt><rdf:li xml:lang="x-default">)', rb'\1X', d)


# Faults that replace one pattern: (kind, base, clause, mode, pattern, replacement).
REPLACE = [
    ('reference-xobject', 'rendered', '6.2.9', 'qdf', rb'/Subtype /Form\n',
     b'/Subtype /Form\n  /Ref << /F (other.pdf) /Page 0 >>\n'),
    ('no-id', 'rendered', '6.1.3', 'qdf', rb'/ID \[\s*<[0-9a-f]*>\s*<[0-9a-f]*>\s*\]', b''),
    ('xref', 'rendered', '6.1.4', 'raw', rb'\nxref\n0 ', b'\nxref 0  '),
    ('stream-f', 'rendered', '6.1.7.1', 'qdf', rb'/Subtype /XML\n', b'/Subtype /XML\n  /F (metadata.xml)\n'),
    ('lzw', 'rendered', '6.1.7.2', 'raw', rb'/FlateDecode', b'/LZWDecode  '),
    ('obj-header', 'rendered', '6.1.9', 'raw', rb'\n1 0 obj', b'\n1\t0 obj'),
    ('no-intent', 'rendered', '6.2.3', 'qdf', rb'/OutputIntents', b'/OutputIntentZ'),
    ('interpolate', 'signed', '6.2.8', 'qdf', rb'/Subtype /Image\n', b'/Subtype /Image\n  /Interpolate true\n'),
    ('cidtogid', 'rendered', '6.2.11.3.2', 'qdf', rb'/CIDToGIDMap', b'/CIDToGIDMaq'),
    ('not-embedded', 'rendered', '6.2.11.4.1', 'qdf', rb'/FontFile2', b'/FontFileX'),
    ('annot-type', 'rendered', '6.3.1', 'qdf', rb'/Subtype /Widget', b'/Subtype /Sound'),
    ('hidden', 'rendered', '6.3.2', 'qdf', rb'/F 132', b'/F 134'),
    ('widget-action', 'rendered', '6.4.1', 'qdf', rb'/Subtype /Widget\n', b'/Subtype /Widget\n  /A << /S /GoTo /D [ 0 /Fit ] >>\n'),
    ('xmp-broken', 'rendered', '6.6.2.1', 'qdf', rb'</x:xmpmeta>', b'</x:xmpmetaX>'),
    ('xmp-bytes', 'rendered', '6.6.2.1', 'qdf', rb'id="W5M0MpCehiHzreSzNTczkc9d"', b'id="W5M0MpCehiHzreSzNTczkc9d" bytes="1"'),
    ('undeclared', 'rendered', '6.6.2.3', 'qdf', rb'<pdfaSchema:namespaceURI>[^<]*<', b'<pdfaSchema:namespaceURI>urn:other/<'),
    ('bad-integer', 'rendered', '6.6.2.3', 'qdf', rb'<vbdi:pageCount>\d+<', b'<vbdi:pageCount>many<'),
    ('part', 'rendered', '6.6.4', 'qdf', rb'<pdfaid:part>2<', b'<pdfaid:part>3<'),
]
# Faults that add an entry to the catalog: (kind, base, clause, entry).
CATALOG = [
    ('perms', 'rendered', '6.1.12', b'/Perms << /Other << /Type /Sig >> >>'),
    ('limits', 'rendered', '6.1.13', b'/BigNumber 99999999999'),
    ('transfer', 'rendered', '6.2.5', b'/Extra << /Type /ExtGState /TR /Identity >>'),
    ('blend', 'rendered', '6.2.10', b'/Extra << /Type /ExtGState /BM /Dissolve >>'),
    ('javascript', 'rendered', '6.5.1', b'/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>'),
    ('embedded-file', 'rendered', '6.8', b'/Names << /EmbeddedFiles << /Names [ ] >> >>'),
    ('optional-content', 'rendered', '6.9', b'/OCProperties << /OCGs [ ] /D << /AS [ ] >> >>'),
    ('presentation', 'rendered', '6.10', b'/Names << /AlternatePresentations << /Names [ ] >> >>'),
]
for _kind, _base, _clause, _mode, _pat, _rep in REPLACE:
    fault(_kind, _base, _clause, _mode)(lambda d, p=_pat, r=_rep: once(p, r, d))
for _kind, _base, _clause, _entry in CATALOG:
    fault(_kind, _base, _clause, 'qdf')(lambda d, e=_entry: catalog_add(d, e))


def main(argv):
    if argv[1:] == ['--list']:
        for kind, base, clause, _, _ in FAULTS:
            print(kind, base, clause)
        return 0
    kind, src, dst = argv[1:4]
    mode, fn = next((m, f) for k, _, _, m, f in FAULTS if k == kind)
    if mode == 'raw':
        data = fn(open(src, 'rb').read())
        open(dst, 'wb').write(data)
        return 0
    with tempfile.NamedTemporaryFile(suffix='.pdf') as q, tempfile.NamedTemporaryFile() as e:
        subprocess.run(['qpdf', '--qdf', '--object-streams=disable', src, q.name], check=False)
        e.write(fn(open(q.name, 'rb').read()))
        e.flush()
        with open(dst, 'wb') as out:
            subprocess.run(['fix-qdf', e.name], stdout=out, check=True)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

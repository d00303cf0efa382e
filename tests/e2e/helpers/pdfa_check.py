#!/usr/bin/python3
"""pdfa_check.py — the project's own PDF/A-2b conformance check (ISO 19005-2:2011).

No PDF/A validator is packaged in Debian 12, so this checks the clauses that apply to what baocao
writes, each check citing its clause. It reads the file with independent tools only: qpdf
(`--json=2`, streams decoded) for the object graph, the raw bytes for the file syntax, xmllint for
XMP well-formedness, openssl for the signatures' CMS. It never uses baocao's own PDF reader.

    pdfa_check.py FILE            one line per check: "ok CLAUSE what" or "not ok CLAUSE what: why";
                                  exit 0 when every check passes, 1 otherwise
    pdfa_check.py --clauses       the clauses checked, one per line

What it cannot check is listed in tests/README.md (PDF/A section).
"""
import base64
import json
import re
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

CHECKS = []


def check(clause, what):
    def wrap(fn):
        CHECKS.append((clause, what, fn))
        return fn
    return wrap


class Fail(Exception):
    pass


def need(cond, why):
    if not cond:
        raise Fail(why)


class Doc:
    """The file as qpdf sees it (objects, decoded streams) and as bytes."""

    def __init__(self, path):
        self.path = path
        self.raw = open(path, 'rb').read()
        # Twice: the dictionaries as written (decoding drops /Filter), then the decoded data.
        self.objs = self.qpdf_json(path, ['--json-stream-data=none'])
        self.decoded = self.qpdf_json(path, ['--json-stream-data=inline',
                                             '--decode-level=generalized'])
        self.trailer = self.objs['trailer']['value']

    @staticmethod
    def qpdf_json(path, opts):
        out = subprocess.run(['qpdf', '--json=2'] + opts + [path, '-'], capture_output=True)
        need(out.returncode in (0, 3), 'qpdf --json: ' + out.stderr.decode(errors='replace')[:200])
        return json.loads(out.stdout)['qpdf'][1]

    def get(self, v):
        """Follows a reference; returns a dict/list/scalar, or a stream's dict for a stream."""
        if isinstance(v, str) and v.endswith(' R'):
            o = self.objs.get('obj:' + v)
            if o is None:
                return None
            return o['stream']['dict'] if 'stream' in o else o.get('value')
        return v

    def stream(self, ref):
        """The stream's dictionary as written and its decoded bytes (None: not decodable)."""
        o = self.objs.get('obj:' + ref) if isinstance(ref, str) else None
        if not o or 'stream' not in o:
            return None, None
        data = self.decoded.get('obj:' + ref, {}).get('stream', {}).get('data')
        return o['stream']['dict'], base64.b64decode(data) if data is not None else None

    def all_values(self):
        """(object key, value) for every indirect object, streams as their dictionaries."""
        for k, o in self.objs.items():
            if k == 'trailer':
                continue
            yield k, o['stream']['dict'] if 'stream' in o else o.get('value')

    def catalog(self):
        return self.get(self.trailer['/Root'])


def walk(v):
    """Every dictionary inside a value (direct objects only)."""
    if isinstance(v, dict):
        yield v
        for x in v.values():
            yield from walk(x)
    elif isinstance(v, list):
        for x in v:
            yield from walk(x)


def all_dicts(doc):
    for k, v in doc.all_values():
        for d in walk(v):
            yield k, d


def text(v):
    """A PDF string from qpdf's JSON ("u:…" text, "b:…" hex bytes) as Python text."""
    if not isinstance(v, str):
        return None
    if v.startswith('u:'):
        return v[2:]
    if v.startswith('b:'):
        return bytes.fromhex(v[2:]).decode('latin-1')
    return v


# ---- 6.1 file structure ------------------------------------------------------------------------

@check('6.1.2', 'file header: %PDF-1.n, then a comment of at least four bytes above 127')
def header(doc):
    m = re.match(rb'%PDF-1\.[0-7]\r?\n%([^\r\n]*)\r?\n', doc.raw)
    need(m, 'no %PDF-1.n header line followed by a comment line')
    need(sum(1 for b in m.group(1)[:4] if b > 127) == 4 and len(m.group(1)) >= 4,
         'the second line is not a comment of four bytes above 127')


def trailers(raw):
    return [m.group(1) for m in re.finditer(rb'trailer\s*<<(.*?)>>\s*startxref', raw, re.S)]


@check('6.1.3', 'file trailer: /ID in every trailer, no /Encrypt, nothing after the last %%EOF but one EOL')
def trailer(doc):
    ts = trailers(doc.raw)
    need(ts, 'no trailer dictionary')
    for i, t in enumerate(ts):
        need(b'/ID' in t, 'trailer %d has no /ID' % (i + 1))
        need(b'/Encrypt' not in t, 'trailer %d has /Encrypt' % (i + 1))
    need('/ID' in doc.trailer and len(doc.trailer['/ID']) == 2, 'the last trailer has no /ID pair')
    need('/Encrypt' not in doc.trailer, 'the file is encrypted')
    end = doc.raw.rfind(b'%%EOF')
    need(end >= 0, 'no %%EOF')
    need(doc.raw[end + 5:] in (b'', b'\n', b'\r\n', b'\r'), 'bytes after the last %%EOF')


@check('6.1.4', 'cross-reference: "xref" then EOL, subsection headers "first count" with one space')
def xref(doc):
    for m in re.finditer(rb'(?<![A-Za-z])xref(\r\n|\r|\n|[ \t]+)', doc.raw):
        need(m.group(1) in (b'\n', b'\r\n', b'\r'), 'xref keyword not followed by an EOL')
        head = doc.raw[m.end():m.end() + 40].split(b'\n')[0].rstrip(b'\r')
        need(re.fullmatch(rb'\d+ \d+', head), 'bad subsection header %r' % head)


@check('6.1.7.1', 'streams: "stream" then CRLF or LF, EOL before "endstream", no /F /FFilter /FDecodeParms')
def streams(doc):
    for m in re.finditer(rb'>>\s*stream(\r\n|\n|\r)?', doc.raw):
        need(m.group(1) in (b'\n', b'\r\n'), 'stream keyword at byte %d not followed by CRLF or LF'
             % m.start())
    for m in re.finditer(rb'(.)endstream', doc.raw, re.S):
        need(m.group(1) in (b'\n', b'\r'), 'no EOL before endstream at byte %d' % m.start())
    for k, o in doc.objs.items():
        if 'stream' in o:
            bad = {'/F', '/FFilter', '/FDecodeParms'} & set(o['stream']['dict'])
            need(not bad, '%s has %s' % (k, ', '.join(sorted(bad))))
    out = subprocess.run(['qpdf', '--check', doc.path], capture_output=True, text=True)
    need('No syntax or stream encoding errors' in out.stdout, 'qpdf --check: ' + out.stdout[-200:])


STD_FILTERS = {'/ASCIIHexDecode', '/ASCII85Decode', '/FlateDecode', '/RunLengthDecode',
               '/CCITTFaxDecode', '/JBIG2Decode', '/DCTDecode', '/JPXDecode'}


@check('6.1.7.2', 'filters: only standard ones, no LZWDecode, no Crypt')
def filters(doc):
    for k, o in doc.objs.items():
        if 'stream' in o:
            f = o['stream']['dict'].get('/Filter')
            for name in f if isinstance(f, list) else [f] if f else []:
                need(name in STD_FILTERS, '%s: filter %s' % (k, name))


@check('6.1.9', 'indirect objects: "N G obj" with single spaces, "endobj" on its own')
def indirect(doc):
    # Outside stream data only, where the bytes are PDF syntax.
    skel = re.sub(rb'stream(\r\n|\n).*?endstream', b'stream endstream', doc.raw, flags=re.S)
    for m in re.finditer(rb'(?<![0-9])([0-9]{1,10})(\s{1,8})([0-9]{1,5})(\s{1,8})obj\b', skel):
        need(m.group(2) == b' ' and m.group(4) == b' ', 'object header %r' % m.group(0))
    need(len(re.findall(rb'[0-9] [0-9]{1,5} obj\b', skel)) == len(re.findall(rb'\bendobj\b', skel)),
         'obj and endobj do not pair')


@check('6.1.12', 'permissions: /Perms holds only /DocMDP or /UR3')
def perms(doc):
    p = doc.get(doc.catalog().get('/Perms'))
    need(p is None or set(p) <= {'/DocMDP', '/UR3'}, 'catalog /Perms has %s' % p)


def content_streams(doc):
    """(object key, decoded bytes) of every page content stream and form XObject."""
    for k, o in doc.objs.items():
        if 'stream' not in o:
            continue
        d = o['stream']['dict']
        is_form = d.get('/Subtype') == '/Form'
        if is_form or k in page_contents(doc):
            data = doc.stream(k[4:])[1]
            if data is not None:
                yield k, data


def page_contents(doc):
    if not hasattr(doc, '_pc'):
        doc._pc = set()
        for _, v in doc.all_values():
            if isinstance(v, dict) and v.get('/Type') == '/Page':
                c = v.get('/Contents')
                for r in (c if isinstance(c, list) else [c]):
                    if isinstance(r, str):
                        doc._pc.add('obj:' + r)
    return doc._pc


TOKEN = re.compile(rb'\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|/[^\s/\[\]()<>{}%]*|\[|\]|<<|>>|'
                   rb'[^\s/\[\]()<>{}%]+')


@check('6.1.13', 'implementation limits: integers, names ≤ 127 bytes, strings ≤ 32767 bytes, '
       '≤ 8388607 objects, q nesting ≤ 28')
def limits(doc):
    need(len(doc.objs) - 1 <= 8388607, 'too many indirect objects')
    for k, v in doc.all_values():
        for x in iter_scalars(v):
            if isinstance(x, int) and not isinstance(x, bool):
                need(-2**31 <= x <= 2**31 - 1, '%s: integer %d out of range' % (k, x))
            elif isinstance(x, str) and x.startswith('/'):
                need(len(x[1:].encode()) <= 127, '%s: name longer than 127 bytes' % k)
            elif isinstance(x, str) and x.startswith('b:'):
                need(len(x) - 2 <= 2 * 32767, '%s: string longer than 32767 bytes' % k)
            elif isinstance(x, str) and x.startswith('u:'):
                need(len(x[2:].encode('utf-16-be')) + 2 <= 32767, '%s: string too long' % k)
    for k, data in content_streams(doc):
        depth = 0
        for t in TOKEN.findall(data):
            if t == b'q':
                depth += 1
                need(depth <= 28, '%s: q nested deeper than 28' % k)
            elif t == b'Q':
                depth -= 1


def iter_scalars(v):
    if isinstance(v, dict):
        for key, x in v.items():
            yield key
            yield from iter_scalars(x)
    elif isinstance(v, list):
        for x in v:
            yield from iter_scalars(x)
    else:
        yield v


# ---- 6.2 graphics ------------------------------------------------------------------------------

def icc_colour_space(data):
    need(data and len(data) >= 132 and data[36:40] == b'acsp', 'not an ICC profile')
    need(struct.unpack('>I', data[:4])[0] == len(data), 'ICC size field differs from its length')
    need(2 <= data[8] <= 4, 'ICC version %d not allowed' % data[8])
    return data[16:20]


@check('6.2.3', 'output intent: /GTS_PDFA1 with a valid ICC /DestOutputProfile whose /N matches')
def output_intent(doc):
    ois = doc.get(doc.catalog().get('/OutputIntents'))
    need(isinstance(ois, list) and ois, 'catalog has no /OutputIntents')
    profiles = set()
    for oi in ois:
        oi = doc.get(oi)
        if oi.get('/S') != '/GTS_PDFA1':
            continue
        need('/OutputConditionIdentifier' in oi, 'output intent without /OutputConditionIdentifier')
        ref = oi.get('/DestOutputProfile')
        d, data = doc.stream(ref)
        need(d is not None, 'no /DestOutputProfile stream')
        cs = icc_colour_space(data)
        n = {b'RGB ': 3, b'GRAY': 1, b'CMYK': 4}.get(cs)
        need(n and d.get('/N') == n, 'profile is %r but /N is %s' % (cs, d.get('/N')))
        profiles.add(data)
    need(profiles, 'no /GTS_PDFA1 output intent')
    need(len(profiles) == 1, 'output intents with different profiles')


def intent_space(doc):
    for oi in doc.get(doc.catalog().get('/OutputIntents')) or []:
        oi = doc.get(oi)
        if oi.get('/S') == '/GTS_PDFA1':
            return icc_colour_space(doc.stream(oi['/DestOutputProfile'])[1])
    return None


@check('6.2.4.3', 'device colour: DeviceRGB only under an RGB output intent, DeviceCMYK under CMYK')
def device_colour(doc):
    space = intent_space(doc)
    used = set()
    for _, d in all_dicts(doc):
        cs = d.get('/ColorSpace')
        if cs in ('/DeviceRGB', '/DeviceCMYK'):
            used.add(cs)
    for k, data in content_streams(doc):
        toks = TOKEN.findall(data)
        for i, t in enumerate(toks):
            if t in (b'rg', b'RG'):
                used.add('/DeviceRGB')
            elif t in (b'k', b'K'):
                used.add('/DeviceCMYK')
            elif t in (b'cs', b'CS') and i and toks[i - 1] in (b'/DeviceRGB', b'/DeviceCMYK'):
                used.add(toks[i - 1].decode())
    if '/DeviceRGB' in used:
        need(space == b'RGB ', 'DeviceRGB used without an RGB output intent')
    if '/DeviceCMYK' in used:
        need(space == b'CMYK', 'DeviceCMYK used without a CMYK output intent')


@check('6.2.5', 'graphics states: no /TR, /TR2 only /Default, no /HTP, no /HTO')
def extgstate(doc):
    for k, d in all_dicts(doc):
        if d.get('/Type') == '/ExtGState' or {'/TR', '/TR2', '/HTP', '/HTO'} & set(d):
            need('/TR' not in d and '/HTP' not in d and '/HTO' not in d, '%s: %s' % (k, d))
            need(d.get('/TR2', '/Default') == '/Default', '%s: /TR2' % k)


@check('6.2.8', 'images: no /Alternates or /OPI, /Interpolate not true, bits 1/2/4/8/16, '
       'soft masks in DeviceGray')
def images(doc):
    for k, d in doc.all_values():
        if not (isinstance(d, dict) and d.get('/Subtype') == '/Image'):
            continue
        need('/Alternates' not in d and '/OPI' not in d, '%s: /Alternates or /OPI' % k)
        need(d.get('/Interpolate') is not True, '%s: /Interpolate true' % k)
        need(d.get('/BitsPerComponent', 1) in (1, 2, 4, 8, 16), '%s: bits per component' % k)
        if '/SMask' in d:
            m = doc.get(d['/SMask'])
            need(m and m.get('/ColorSpace') == '/DeviceGray', '%s: soft mask not DeviceGray' % k)


@check('6.2.9', 'XObjects: no reference XObjects (/Ref: content in another file), no PostScript')
def xobjects(doc):
    for k, d in doc.all_values():
        if isinstance(d, dict) and (d.get('/Type') == '/XObject' or
                                    d.get('/Subtype') in ('/Form', '/PS')):
            need('/Ref' not in d, '%s: reference XObject' % k)
            need(d.get('/Subtype') != '/PS' and d.get('/Subtype2') != '/PS',
                 '%s: PostScript XObject' % k)


BLEND = {'/Normal', '/Compatible', '/Multiply', '/Screen', '/Overlay', '/Darken', '/Lighten',
         '/ColorDodge', '/ColorBurn', '/HardLight', '/SoftLight', '/Difference', '/Exclusion',
         '/Hue', '/Saturation', '/Color', '/Luminosity'}


@check('6.2.10', 'transparency: standard blend modes; with no output intent a page group colour space')
def transparency(doc):
    for k, d in all_dicts(doc):
        bm = d.get('/BM')
        if bm is not None:
            for b in bm if isinstance(bm, list) else [bm]:
                need(b in BLEND, '%s: blend mode %s' % (k, b))
    if intent_space(doc) is None:
        for k, d in doc.all_values():
            if isinstance(d, dict) and d.get('/Type') == '/Page':
                g = doc.get(d.get('/Group'))
                need(g and '/CS' in g, '%s: transparency without output intent or group /CS' % k)


def fonts(doc):
    for k, d in doc.all_values():
        if isinstance(d, dict) and d.get('/Type') == '/Font':
            yield k, d


@check('6.2.11.3.2', 'CIDFontType2 fonts have a /CIDToGIDMap')
def cidtogid(doc):
    for k, f in fonts(doc):
        if f.get('/Subtype') == '/CIDFontType2':
            need('/CIDToGIDMap' in f, '%s: no /CIDToGIDMap' % k)


@check('6.2.11.4.1', 'every font program embedded')
def embedded(doc):
    n = 0
    for k, f in fonts(doc):
        if f.get('/Subtype') in ('/Type0', '/Type3'):
            continue
        fd = doc.get(f.get('/FontDescriptor'))
        need(fd and ({'/FontFile', '/FontFile2', '/FontFile3'} & set(fd)),
             '%s (%s) is not embedded' % (k, text(f.get('/BaseFont'))))
        n += 1
    need(n, 'no font at all')


def hmtx_widths(font):
    """Advance widths of a TrueType font program, in 1/1000 em."""
    num = struct.unpack('>H', font[4:6])[0]
    tables = {}
    for i in range(num):
        tag, _, off, ln = struct.unpack('>4sIII', font[12 + 16 * i:28 + 16 * i])
        tables[tag] = (off, ln)
    head, hhea, hmtx = tables[b'head'][0], tables[b'hhea'][0], tables[b'hmtx'][0]
    upem = struct.unpack('>H', font[head + 18:head + 20])[0]
    nlong = struct.unpack('>H', font[hhea + 34:hhea + 36])[0]
    adv = [struct.unpack('>H', font[hmtx + 4 * i:hmtx + 4 * i + 2])[0] for i in range(nlong)]
    return adv, upem


def w_array(w):
    out = {}
    i = 0
    while w and i < len(w):
        if isinstance(w[i + 1], list):
            for j, x in enumerate(w[i + 1]):
                out[w[i] + j] = x
            i += 2
        else:
            for c in range(w[i], w[i + 1] + 1):
                out[c] = w[i + 2]
            i += 3
    return out


def used_cids(doc):
    """CIDs shown with each Type0 font (by its object key), from the content streams."""
    used = {}
    for k, d in doc.all_values():
        if not isinstance(d, dict) or d.get('/Type') not in ('/Page', '/XObject') and \
                d.get('/Subtype') != '/Form':
            continue
        res = doc.get(d.get('/Resources')) or {}
        fmap = doc.get(res.get('/Font')) or {}
        if d.get('/Type') == '/Page':
            c = d.get('/Contents')
            refs = c if isinstance(c, list) else [c]
        else:
            refs = [k[4:]]
        for r in refs:
            data = doc.stream(r)[1] if isinstance(r, str) else None
            if data is None:
                continue
            cur = None
            for t in TOKEN.findall(data):
                if t.startswith(b'/') and t[1:].decode(errors='replace') in \
                        [n[1:] for n in fmap]:
                    cur = fmap.get(t.decode(errors='replace'))
                elif t.startswith(b'<') and not t.startswith(b'<<') and cur:
                    hexs = re.sub(rb'\s', b'', t[1:-1])
                    b = bytes.fromhex(hexs.decode()) if len(hexs) % 2 == 0 else b''
                    used.setdefault(cur, set()).update(
                        b[i] << 8 | b[i + 1] for i in range(0, len(b) - 1, 2))
    return used


@check('6.2.11.5', 'glyph widths in /W equal the embedded font program\'s, for every glyph shown')
def widths(doc):
    used = used_cids(doc)
    checked = 0
    for ref, cids in used.items():
        t0 = doc.get(ref)
        if not t0 or t0.get('/Subtype') != '/Type0':
            continue
        cf = doc.get(t0['/DescendantFonts'][0])
        if cf.get('/Subtype') != '/CIDFontType2':
            continue
        fd = doc.get(cf['/FontDescriptor'])
        prog = doc.stream(fd.get('/FontFile2'))[1]
        need(prog, '%s: no font program' % ref)
        adv, upem = hmtx_widths(prog)
        mp = cf.get('/CIDToGIDMap')
        gmap = None if mp in (None, '/Identity') else doc.stream(mp)[1]
        w = w_array(cf.get('/W'))
        dw = cf.get('/DW', 1000)
        for cid in cids:
            gid = cid if gmap is None else (gmap[2 * cid] << 8 | gmap[2 * cid + 1]
                                            if 2 * cid + 1 < len(gmap) else 0)
            font_w = adv[min(gid, len(adv) - 1)] * 1000.0 / upem
            pdf_w = w.get(cid, dw)
            need(abs(font_w - pdf_w) <= 1, '%s: CID %d width %s, font program %.1f'
                 % (ref, cid, pdf_w, font_w))
            checked += 1
    need(checked or not list(fonts(doc)), 'no glyph width could be checked')


# ---- 6.3 annotations, 6.4 forms, 6.5 actions ---------------------------------------------------

FORBIDDEN_ANNOTS = {'/3D', '/Sound', '/Screen', '/Movie'}


def annotations(doc):
    for k, d in doc.all_values():
        if isinstance(d, dict) and (d.get('/Type') == '/Annot' or
                                    d.get('/Subtype') in ('/Widget', '/Link')):
            yield k, d


@check('6.3.1', 'annotation types: no 3D, Sound, Screen or Movie')
def annot_types(doc):
    for k, a in annotations(doc):
        need(a.get('/Subtype') not in FORBIDDEN_ANNOTS, '%s: %s' % (k, a.get('/Subtype')))


@check('6.3.2', 'annotation flags: Print set; Hidden, Invisible, NoView, ToggleNoView clear')
def annot_flags(doc):
    for k, a in annotations(doc):
        if a.get('/Subtype') == '/Popup':
            continue
        f = a.get('/F')
        need(isinstance(f, int), '%s: no /F' % k)
        need(f & 4, '%s: print flag not set (/F %d)' % (k, f))
        need(not f & (1 | 2 | 32 | 256), '%s: hidden/invisible/no-view flag (/F %d)' % (k, f))


@check('6.3.3', 'annotation appearances: /AP with only /N, a stream (non-zero /Rect)')
def annot_ap(doc):
    for k, a in annotations(doc):
        if a.get('/Subtype') in ('/Popup', '/Link'):
            continue
        r = a.get('/Rect') or [0, 0, 0, 0]
        if abs(r[2] - r[0]) == 0 or abs(r[3] - r[1]) == 0:
            continue
        ap = doc.get(a.get('/AP'))
        need(isinstance(ap, dict), '%s: no appearance dictionary' % k)
        need(set(ap) == {'/N'}, '%s: /AP has %s' % (k, sorted(ap)))
        n = ap['/N']
        if a.get('/FT') != '/Btn':
            need(isinstance(n, str) and doc.stream(n)[0] is not None, '%s: /AP /N not a stream' % k)


@check('6.4.1', 'forms: widgets and fields without /A or /AA, /NeedAppearances not true')
def forms(doc):
    af = doc.get(doc.catalog().get('/AcroForm'))
    if af:
        need(af.get('/NeedAppearances') is not True, 'AcroForm /NeedAppearances true')
        need('/XFA' not in af, 'AcroForm /XFA (6.4.2)')
    for k, a in annotations(doc):
        if a.get('/Subtype') == '/Widget':
            need('/A' not in a and '/AA' not in a, '%s: widget with an action' % k)
    for k, d in all_dicts(doc):
        if '/FT' in d:
            need('/AA' not in d, '%s: field with /AA' % k)


def der_signer_infos(der):
    with tempfile.NamedTemporaryFile(suffix='.der') as f:
        f.write(der)
        f.flush()
        out = subprocess.run(['openssl', 'cms', '-cmsout', '-print', '-inform', 'DER', '-in',
                              f.name], capture_output=True, text=True)
        certs = subprocess.run(['openssl', 'pkcs7', '-inform', 'DER', '-in', f.name,
                                '-print_certs', '-noout'], capture_output=True, text=True)
    need(out.returncode == 0, 'openssl cannot read the CMS: ' + out.stderr[:200])
    # The top-level signerInfos only (4 spaces); a timestamp token's are indented deeper.
    top = out.stdout.split('\n    signerInfos:\n', 1)
    signers = len(re.findall(r'^ {8}d\.(?:issuerAndSerialNumber|subjectKeyIdentifier):',
                             top[1], re.M)) if len(top) == 2 else 0
    return signers, certs.stdout.count('subject=')


@check('6.4.3', 'signatures (Annex B): /ByteRange covers the file but /Contents; one SignerInfo '
       'with its certificate')
def signatures(doc):
    for k, d in doc.all_values():
        if not (isinstance(d, dict) and d.get('/Type') in ('/Sig', '/DocTimeStamp')):
            continue
        br = d.get('/ByteRange')
        need(isinstance(br, list) and len(br) == 4 and br[0] == 0, '%s: /ByteRange %s' % (k, br))
        a, b, c, n = br
        hole = doc.raw[a + b:c]
        need(re.fullmatch(rb'<[0-9A-Fa-f]*>', hole), '%s: the excluded bytes are not the '
             '/Contents hex string' % k)
        need(c + n == len(doc.raw) or doc.raw.find(b'%%EOF', c + n - 6) >= 0,
             '%s: /ByteRange does not reach a revision end' % k)
        der = bytes.fromhex(text(d['/Contents']).encode('latin-1').hex()) \
            if isinstance(d.get('/Contents'), str) else b''
        der = der.rstrip(b'\0')
        signers, certs = der_signer_infos(der)
        need(signers == 1, '%s: %d SignerInfo' % (k, signers))
        if d.get('/Type') == '/Sig':
            need(certs >= 1, '%s: no signer certificate in the CMS' % k)


FORBIDDEN_ACTIONS = {'/Launch', '/Sound', '/Movie', '/ResetForm', '/ImportData', '/JavaScript',
                     '/Hide', '/SetOCGState', '/Rendition', '/Trans', '/GoTo3DView'}


@check('6.5.1', 'actions: none of the forbidden kinds (JavaScript, Launch, …), no /JS, no '
       'catalog or page /AA')
def actions(doc):
    for k, d in all_dicts(doc):
        if '/S' in d and ('/Type' not in d or d.get('/Type') == '/Action'):
            need(d['/S'] not in FORBIDDEN_ACTIONS, '%s: action %s' % (k, d['/S']))
        need('/JS' not in d, '%s: /JS' % k)
    need('/AA' not in doc.catalog(), 'catalog /AA')
    names = doc.get(doc.catalog().get('/Names')) or {}
    need('/JavaScript' not in names, 'name tree /JavaScript')
    for k, d in doc.all_values():
        if isinstance(d, dict) and d.get('/Type') == '/Page':
            need('/AA' not in d, '%s: page /AA' % k)


# ---- 6.6 metadata ------------------------------------------------------------------------------

NS = {
    'x': 'adobe:ns:meta/',
    'rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
    'dc': 'http://purl.org/dc/elements/1.1/',
    'xmp': 'http://ns.adobe.com/xap/1.0/',
    'pdf': 'http://ns.adobe.com/pdf/1.3/',
    'pdfaid': 'http://www.aiim.org/pdfa/ns/id/',
    'pdfaExtension': 'http://www.aiim.org/pdfa/ns/extension/',
    'pdfaSchema': 'http://www.aiim.org/pdfa/ns/schema#',
    'pdfaProperty': 'http://www.aiim.org/pdfa/ns/property#',
}
# Schemas PDF/A-2 knows without a declaration (ISO 19005-2, 6.6.2.3.1: the XMP specification's).
PREDEFINED = {NS['dc'], NS['xmp'], NS['pdf'], NS['pdfaid'], NS['pdfaExtension'],
              NS['pdfaSchema'], NS['pdfaProperty'], NS['rdf'],
              'http://ns.adobe.com/xap/1.0/rights/', 'http://ns.adobe.com/xap/1.0/mm/',
              'http://ns.adobe.com/xap/1.0/bj/', 'http://ns.adobe.com/xap/1.0/t/pg/',
              'http://ns.adobe.com/xap/1.0/g/img/', 'http://ns.adobe.com/photoshop/1.0/',
              'http://ns.adobe.com/tiff/1.0/', 'http://ns.adobe.com/exif/1.0/',
              'http://ns.adobe.com/exif/1.0/aux/', 'http://ns.adobe.com/camera-raw-settings/1.0/',
              'http://ns.adobe.com/xmp/1.0/DynamicMedia/'}
VALUE_TYPES = {'Text', 'Integer', 'Date', 'Boolean', 'Real', 'URI', 'URL', 'AgentName',
               'ProperName', 'MIMEType', 'Locale', 'GPSCoordinate', 'RenditionClass',
               'Lang Alt', 'Bag Text', 'Seq Text', 'Bag ProperName', 'Seq ProperName'}


def xmp_bytes(doc):
    md = doc.catalog().get('/Metadata')
    d, data = doc.stream(md)
    need(d is not None, 'catalog has no /Metadata stream')
    return d, data


def xmp_tree(doc):
    if not hasattr(doc, '_xmp'):
        _, data = xmp_bytes(doc)
        doc._xmp = ET.fromstring(data)
    return doc._xmp


@check('6.6.2.1', 'metadata: catalog /Metadata XMP stream, no /Filter, UTF-8, well-formed '
       '(xmllint), xpacket header without bytes/encoding')
def metadata(doc):
    d, data = xmp_bytes(doc)
    need(d.get('/Type') == '/Metadata' and d.get('/Subtype') == '/XML', 'not /Type /Metadata /XML')
    raw = re.search(rb'/Type\s*/Metadata[^>]*', doc.raw)
    need('/Filter' not in d, 'metadata stream has /Filter')
    data.decode('utf-8')
    with tempfile.NamedTemporaryFile(suffix='.xml') as f:
        f.write(data)
        f.flush()
        out = subprocess.run(['xmllint', '--noout', f.name], capture_output=True, text=True)
    need(out.returncode == 0, 'xmllint: ' + out.stderr[:300])
    m = re.match(rb'<\?xpacket ([^?]*)\?>', data)
    need(m, 'no xpacket header')
    need(b'bytes=' not in m.group(1) and b'encoding=' not in m.group(1),
         'xpacket header has bytes or encoding')
    need(raw is not None, 'no metadata stream dictionary in the bytes')


def xmp_props(doc):
    """(namespace, name, element) of every top-level property of every rdf:Description."""
    for desc in xmp_tree(doc).iter('{%s}Description' % NS['rdf']):
        for el in desc:
            ns, name = el.tag[1:].split('}')
            yield ns, name, el
        for key, val in desc.attrib.items():
            if key.startswith('{') and not key.startswith('{%s}' % NS['rdf']):
                ns, name = key[1:].split('}')
                yield ns, name, val


def declared(doc):
    out = {}
    for schema in xmp_tree(doc).iter('{%s}schemas' % NS['pdfaExtension']):
        for li in schema.iter('{%s}li' % NS['rdf']):
            uri = li.find('{%s}namespaceURI' % NS['pdfaSchema'])
            if uri is None:
                continue
            need(li.find('{%s}prefix' % NS['pdfaSchema']) is not None and
                 li.find('{%s}schema' % NS['pdfaSchema']) is not None,
                 'schema %s without prefix or schema' % uri.text)
            props = {}
            for p in li.iter('{%s}li' % NS['rdf']):
                name = p.find('{%s}name' % NS['pdfaProperty'])
                if name is None:
                    continue
                vt = p.find('{%s}valueType' % NS['pdfaProperty'])
                cat = p.find('{%s}category' % NS['pdfaProperty'])
                dsc = p.find('{%s}description' % NS['pdfaProperty'])
                need(vt is not None and vt.text in VALUE_TYPES, 'property %s: value type' % name.text)
                need(cat is not None and cat.text in ('internal', 'external'),
                     'property %s: category' % name.text)
                need(dsc is not None and dsc.text, 'property %s: no description' % name.text)
                props[name.text] = vt.text
            out[uri.text] = props
    return out


@check('6.6.2.3', 'schemas: every property predefined or declared in pdfaExtension:schemas '
       '(6.6.2.3.2, 6.6.2.3.3) with a valid value type, and its value of that type')
def schemas(doc):
    decl = declared(doc)
    for ns, name, el in xmp_props(doc):
        if ns in PREDEFINED:
            continue
        need(ns in decl, 'property %s of undeclared schema %s' % (name, ns))
        need(name in decl[ns], 'property %s not declared in %s' % (name, ns))
        v = el if isinstance(el, str) else el.text or ''
        vt = decl[ns][name]
        if vt == 'Integer':
            need(re.fullmatch(r'[+-]?\d+', v), '%s: not an Integer: %r' % (name, v))
        if vt == 'Date':
            need(re.fullmatch(r'\d{4}(-\d\d(-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?'
                              r'(Z|[+-]\d\d:\d\d))?)?)?', v), '%s: not a Date: %r' % (name, v))


@check('6.6.4', 'PDF/A identification: pdfaid:part 2, pdfaid:conformance A, B or U')
def identification(doc):
    part = conf = None
    for ns, name, el in xmp_props(doc):
        if ns == NS['pdfaid']:
            v = el if isinstance(el, str) else el.text
            part = v if name == 'part' else part
            conf = v if name == 'conformance' else conf
    need(part == '2', 'pdfaid:part is %r' % part)
    need(conf in ('A', 'B', 'U'), 'pdfaid:conformance is %r' % conf)


def xmp_value(doc, ns, name):
    for n, p, el in xmp_props(doc):
        if n == NS[ns] and p == name:
            if isinstance(el, str):
                return el
            li = el.find('.//{%s}li' % NS['rdf'])
            return (li.text if li is not None else el.text) or ''
    return None


def pdf_date_iso(d):
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)([+-])(\d\d)'(\d\d)'?", d or '')
    need(m, 'info date %r' % d)
    g = m.groups()
    return '%s-%s-%sT%s:%s:%s%s%s:%s' % g


@check('6.6-info', 'document information equals the XMP (ISO 19005-1 6.7.3, checked for PDF/A-2 too): Title–dc:title, Author–dc:creator, '
       'Subject–dc:description, Keywords, Creator, Producer, CreationDate, ModDate')
def info_equals_xmp(doc):
    info = doc.get(doc.trailer.get('/Info')) or {}
    pairs = [('/Title', 'dc', 'title'), ('/Author', 'dc', 'creator'),
             ('/Subject', 'dc', 'description'), ('/Keywords', 'pdf', 'Keywords'),
             ('/Creator', 'xmp', 'CreatorTool'), ('/Producer', 'pdf', 'Producer')]
    for key, ns, name in pairs:
        if key in info:
            need(xmp_value(doc, ns, name) == text(info[key]),
                 '%s %r but %s:%s %r' % (key, text(info[key]), ns, name, xmp_value(doc, ns, name)))
    for key, name in (('/CreationDate', 'CreateDate'), ('/ModDate', 'ModifyDate')):
        if key in info:
            need(xmp_value(doc, 'xmp', name) == pdf_date_iso(text(info[key])),
                 '%s %s but xmp:%s %s' % (key, text(info[key]), name, xmp_value(doc, 'xmp', name)))


# ---- 6.8 embedded files, 6.10 alternate presentations ------------------------------------------

@check('6.8', 'embedded files: none (so none that is not PDF/A)')
def embedded_files(doc):
    names = doc.get(doc.catalog().get('/Names')) or {}
    need('/EmbeddedFiles' not in names, 'name tree /EmbeddedFiles')
    for k, d in all_dicts(doc):
        need('/EF' not in d, '%s: file specification with /EF' % k)


@check('6.9', 'optional content: every configuration has a /Name and no /AS')
def optional_content(doc):
    oc = doc.get(doc.catalog().get('/OCProperties'))
    if oc is None:
        return
    configs = [oc.get('/D')] + list(doc.get(oc.get('/Configs')) or [])
    for c in configs:
        c = doc.get(c) or {}
        need('/Name' in c, 'optional content configuration without /Name')
        need('/AS' not in c, 'optional content configuration with /AS')


@check('6.10', 'no alternate presentations, no /PresSteps')
def presentations(doc):
    names = doc.get(doc.catalog().get('/Names')) or {}
    need('/AlternatePresentations' not in names, 'name tree /AlternatePresentations')
    for k, d in doc.all_values():
        if isinstance(d, dict) and d.get('/Type') == '/Page':
            need('/PresSteps' not in d, '%s: /PresSteps' % k)


def main(argv):
    if argv[1:] == ['--clauses']:
        for clause, what, _ in CHECKS:
            print('%s %s' % (clause, what))
        return 0
    if len(argv) != 2:
        print(__doc__.strip().split('\n\n')[1], file=sys.stderr)
        return 2
    try:
        doc = Doc(argv[1])
    except (Fail, ValueError) as e:
        print('not ok 0 the file cannot be read: %s' % e)
        return 1
    failed = 0
    for clause, what, fn in CHECKS:
        try:
            fn(doc)
            print('ok %s %s' % (clause, what))
        except (Fail, ET.ParseError, UnicodeDecodeError, KeyError, TypeError, IndexError,
                ValueError, struct.error) as e:
            failed += 1
            print('not ok %s %s: %s' % (clause, what, e))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

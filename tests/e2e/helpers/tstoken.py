#!/usr/bin/python3
"""tstoken.py — independent of baocao: a small DER walker over CMS SignedData (RFC 5652).

  tstoken.py CMS.der OUTDIR          writes, for the first SignerInfo, OUTDIR/sigvalue.bin (the
                                     contents octets of the signature, what a signature timestamp
                                     is over) and, when it has the unsigned attribute
                                     id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14),
                                     OUTDIR/token.der; prints "timestamp LEN" or "no timestamp"
  tstoken.py swap IN.pdf TOKEN.der OUT.pdf
                                     what an attacker can do without breaking the signature (the
                                     token is an unsigned attribute, /Contents is not signed):
                                     replaces the first signature's token by another one, in place
                                     (the /Contents hex string keeps its length)
"""
import re
import sys

TST_OID = bytes.fromhex("060b2a864886f70d010910020e")


def tlv(b, i):
    """(tag, start of contents, end) of the element at i."""
    tag, n = b[i], b[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(b[i:i + k], "big")
        i += k
    return tag, i, i + n


def children(b, start, end):
    out, i = [], start
    while i < end:
        t, s, e = tlv(b, i)
        out.append((t, i, s, e))
        i = e
    return out


def der_len(n):
    if n < 0x80:
        return bytes([n])
    k = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(k)]) + k


def token_path(b):
    """The enclosing elements (tag, start, contents start, end) from the ContentInfo down to the
    token, the token last."""
    t, s, e = tlv(b, 0)
    path = [(t, 0, s, e)]
    wrap = children(b, s, e)[1]                # [0] EXPLICIT
    path.append(wrap)
    t, s, e = tlv(b, wrap[2])                  # SignedData
    path.append((t, wrap[2], s, e))
    infos = children(b, s, e)[-1]              # signerInfos
    path.append(infos)
    si = children(b, infos[2], infos[3])[0]
    path.append(si)
    unsigned = [c for c in children(b, si[2], si[3]) if c[0] == 0xA1][0]
    path.append(unsigned)
    for attr in children(b, unsigned[2], unsigned[3]):
        kids = children(b, attr[2], attr[3])
        if b[kids[0][1]:kids[0][3]] == TST_OID:
            return path + [attr, kids[1], children(b, kids[1][2], kids[1][3])[0]]
    sys.exit("no timestamp to swap")


def swap(src, token_file, dst):
    d = bytearray(open(src, "rb").read())
    m = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", d)
    b_, c = int(m.group(2)), int(m.group(3))
    hexlen = c - b_ - 2
    cms = bytes.fromhex(d[b_ + 1:c - 1].decode())
    path = token_path(cms)
    new = open(token_file, "rb").read()
    # From the token outwards, each enclosing element re-encoded with its new length.
    for outer, inner in zip(reversed(path[:-1]), reversed(path[1:])):
        tag, _, cs, end = outer
        contents = cms[cs:inner[1]] + new + cms[inner[3]:end]
        new = bytes([tag]) + der_len(len(contents)) + contents
    hexed = new.hex().upper().encode()
    assert len(hexed) <= hexlen, "the placeholder is too small for the swapped token"
    d[b_ + 1:c - 1] = hexed + b"0" * (hexlen - len(hexed))
    open(dst, "wb").write(bytes(d))


def main(path, outdir):
    b = open(path, "rb").read()
    _, s, e = tlv(b, 0)                       # ContentInfo
    ci = children(b, s, e)
    _, _, s, e = ci[1]                         # [0] EXPLICIT
    _, s, e = tlv(b, s)                        # SignedData
    sd = children(b, s, e)
    _, _, s, e = sd[-1]                        # signerInfos SET
    _, _, s, e = children(b, s, e)[0]          # first SignerInfo
    si = children(b, s, e)
    sig = next(c for c in si if c[0] == 0x04)  # signature OCTET STRING
    open(f"{outdir}/sigvalue.bin", "wb").write(b[sig[2]:sig[3]])
    unsigned = [c for c in si if c[0] == 0xA1]
    for t, i, s, e in (children(b, unsigned[0][2], unsigned[0][3]) if unsigned else []):
        attr = children(b, s, e)
        if b[attr[0][1]:attr[0][3]] == TST_OID:
            _, _, vs, ve = attr[1]
            _, ti, ts, te = children(b, vs, ve)[0]
            open(f"{outdir}/token.der", "wb").write(b[ti:te])
            print("timestamp", te - ti)
            return
    print("no timestamp")


if sys.argv[1] == "swap":
    swap(sys.argv[2], sys.argv[3], sys.argv[4])
else:
    main(sys.argv[1], sys.argv[2])

#!/usr/bin/python3
"""tstoken.py CMS.der OUTDIR — independent of baocao: reads a CMS SignedData (RFC 5652) with a
small DER walker and writes, for its first SignerInfo, OUTDIR/sigvalue.bin (the contents octets
of the signature, what a signature timestamp is over) and, when it has the unsigned attribute
id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14), OUTDIR/token.der. Prints
"timestamp LEN" or "no timestamp"."""
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


main(sys.argv[1], sys.argv[2])

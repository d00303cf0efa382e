#!/usr/bin/python3
"""dss.py IN OUT KIND:FILE... — appends a /DSS the way another tool (or an attacker) would,
independently of baocao: one incremental update with a stream per file (KIND cert, ocsp or crl,
DER) and the catalog rewritten with a direct /DSS listing them (no /VRI). For
tests/e2e/48-timestamp.t, to hand `baocao verify` revocation data that baocao's signer would
refuse to store (a revoked certificate, an OCSP answer for another certificate)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tamper import last_obj, trailer_info, update  # noqa: E402


def main(src, dst, items):
    d = open(src, "rb").read()
    _, size, root = trailer_info(d)
    objs, lists = {}, {"cert": [], "ocsp": [], "crl": []}
    for n, item in enumerate(items):
        kind, path = item.split(":", 1)
        data = open(path, "rb").read()
        objs[size + n] = b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
        lists[kind].append(b"%d 0 R" % (size + n))
    cat = last_obj(d, root).strip()
    assert cat.startswith(b"<<") and b"/DSS" not in cat
    dss = b" /DSS << /Certs [%s] /OCSPs [%s] /CRLs [%s] >> " % tuple(
        b" ".join(lists[k]) for k in ("cert", "ocsp", "crl"))
    objs[root] = b"<<" + dss + cat[2:]
    open(dst, "wb").write(update(d, objs))


main(sys.argv[1], sys.argv[2], sys.argv[3:])

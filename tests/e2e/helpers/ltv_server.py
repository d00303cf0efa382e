#!/usr/bin/python3
"""ltv_server.py PKI_DIR [PORT] — the test's TSA, OCSP responder and CRL server, on 127.0.0.1 only.

Started and stopped by the tests (tests/e2e/48-timestamp.t); never reaches outside the machine.
Every answer is made by the openssl command line from the test PKI (certs/make-test-pki.sh):

  POST /tsa            RFC 3161, `openssl ts -reply` with the TSA of tsa.cnf (critical EKU)
  POST /tsa-imprint    a granted answer over another digest (an attacker's or a buggy TSA)
  POST /tsa-nonce      a granted answer for the same digest with another nonce (a replay)
  POST /tsa-noncrit    a token signed by tsa-noncrit.pem, whose timeStamping EKU is not critical
  POST /tsa-reject     status rejection
  POST /ocsp           RFC 6960, `openssl ocsp -index` for the certificates of ltv-ca
  POST /ocsp-late      the same, as it will answer once ltv-revoked is revoked next year
  GET  /crl/NAME       a file of PKI_DIR/crl (CRLs in DER, the CA certificate)

Prints "ready" on stdout once it listens; counts every request in PKI_DIR/../ltv-requests.log
when LTV_LOG is set (to prove the tests did or did not reach it).
"""
import http.server
import os
import subprocess
import sys
import tempfile

PKI = os.path.abspath(sys.argv[1])
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 38461
SHA256_OID = bytes.fromhex("0609608648016503040201")


def run(*args, stdin=None):
    return subprocess.run(args, input=stdin, capture_output=True, check=True).stdout


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def imprint_of(query):
    """The SHA-256 digest in a TimeStampReq (after the algorithm's OID and NULL)."""
    i = query.find(SHA256_OID)
    j = query.find(b"\x04\x20", i)
    return query[j + 2:j + 34]


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        log = os.environ.get("LTV_LOG")
        if log:
            with open(log, "a") as f:
                f.write("%s %s\n" % (self.command, self.path))

    def answer(self, body, ctype):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        name = os.path.basename(self.path)
        path = os.path.join(PKI, "crl", name)
        if not self.path.startswith("/crl/") or not os.path.isfile(path):
            self.send_error(404)
            return
        with open(path, "rb") as f:
            self.answer(f.read(), "application/pkix-crl")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with tempfile.TemporaryDirectory() as d:
            try:
                if self.path in ("/ocsp", "/ocsp-late"):
                    index = "ltv-ca-late.txt" if self.path == "/ocsp-late" else "ltv-ca.txt"
                    self.answer(self.ocsp(d, body, index), "application/ocsp-response")
                elif self.path.startswith("/tsa"):
                    self.answer(self.tsa(d, self.path[4:], body), "application/timestamp-reply")
                else:
                    self.send_error(404)
            except subprocess.CalledProcessError as e:
                sys.stderr.write(e.stderr.decode(errors="replace"))
                self.send_error(500)

    def ocsp(self, d, req, index):
        q, r = os.path.join(d, "q"), os.path.join(d, "r")
        open(q, "wb").write(req)
        run("openssl", "ocsp", "-index", f"{PKI}/ltv-db/{index}", "-CA", f"{PKI}/ltv-ca.pem",
            "-rsigner", f"{PKI}/ltv-ocsp.pem", "-rkey", f"{PKI}/ltv-ocsp.key", "-nmin", "60",
            "-reqin", q, "-respout", r)
        return open(r, "rb").read()

    def reply(self, d, query):
        q, r = os.path.join(d, "q"), os.path.join(d, "r")
        open(q, "wb").write(query)
        run("openssl", "ts", "-reply", "-config", f"{PKI}/tsa.cnf", "-queryfile", q, "-out", r)
        return open(r, "rb").read()

    def requery(self, d, digest):
        q = os.path.join(d, "q2")
        run("openssl", "ts", "-query", "-digest", digest.hex(), "-sha256", "-cert", "-out", q)
        return open(q, "rb").read()

    def tsa(self, d, mode, query):
        if mode == "":
            return self.reply(d, query)
        if mode == "-reject":
            return b"\x30\x05\x30\x03\x02\x01\x02"  # PKIStatusInfo { rejection }
        digest = imprint_of(query)
        if mode == "-nonce":
            return self.reply(d, self.requery(d, digest))
        if mode == "-imprint":
            return self.reply(d, self.requery(d, bytes([digest[0] ^ 0xFF]) + digest[1:]))
        if mode == "-noncrit":
            # A good token's TSTInfo, signed again by a certificate with a non-critical EKU.
            good, tok, tst, tok2 = (os.path.join(d, n) for n in ("g", "t", "i", "t2"))
            open(good, "wb").write(self.reply(d, query))
            run("openssl", "ts", "-reply", "-in", good, "-token_out", "-out", tok)
            run("openssl", "cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", tok,
                "-out", tst)
            run("openssl", "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-cades",
                "-econtent_type", "1.2.840.113549.1.9.16.1.4", "-signer",
                f"{PKI}/tsa-noncrit.pem", "-inkey", f"{PKI}/tsa-noncrit.key", "-in", tst,
                "-outform", "DER", "-out", tok2)
            token = open(tok2, "rb").read()
            inner = b"\x30\x03\x02\x01\x00" + token
            return b"\x30" + der_len(len(inner)) + inner
        raise subprocess.CalledProcessError(1, "mode", b"", b"unknown TSA mode\n")


if __name__ == "__main__":
    # One request at a time: `openssl ts -reply` keeps its serial number in a file, and two
    # replies at once (batch workers) would race on it.
    srv = http.server.HTTPServer(("127.0.0.1", PORT), Handler)
    print("ready", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass

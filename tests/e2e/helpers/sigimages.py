#!/usr/bin/python3
"""sigimages.py — the signature and seal images of a signed PDF against the PNG files they came
from, with zlib alone (Debian's Python has no imaging library) and qpdf.

  sigimages.py check SIGNED.pdf PNG...   each PNG (8-bit RGBA, not interlaced) must be drawn as
      an image XObject of its size with an /SMask: the image's samples (through its /Indexed
      palette, if any) are the PNG's RGB, the mask's are its alpha, pixel for pixel. Each stream
      is decoded twice, by qpdf (--filtered-stream-data) and here (zlib, then the PNG filters when
      /DecodeParms has /Predictor 15), and the two must agree. Prints one line per image:
      "WxH: colour Indexed 84|DeviceRGB predictor 15|none, alpha predictor 15|none, identical".
  sigimages.py gradient OUT.png          writes a 300×120 RGBA image of smooth gradients (more
      than 256 colours, soft edges), the kind of image the PNG filters make smaller.
Exits 1 with the reasons."""
import json
import os
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import graypng  # noqa: E402


def read_rgba(path):
    """(width, height, rgb bytes, alpha bytes) of an 8-bit RGBA PNG."""
    w, h, px = graypng.read_png(path, 6, 4)
    rgb = b"".join(px[i:i + 3] for i in range(0, len(px), 4))
    return w, h, rgb, px[3::4]


def gradient(path):
    w, h, px = 300, 120, bytearray()
    for y in range(h):
        for x in range(w):
            d = ((x - 150) / 150) ** 2 + ((y - 60) / 60) ** 2  # an ellipse, fading out at its edge
            alpha = 255 if d < 0.6 else max(0, int(255 * (1 - d) / 0.4))
            px += bytes((x * 255 // (w - 1), y * 2, (x + y) % 256, alpha))
    graypng.write_png(path, w, h, 6, [bytes(px[y * 4 * w:(y + 1) * 4 * w]) for y in range(h)])


class Pdf:
    def __init__(self, path):
        self.path = path
        out = subprocess.run(["qpdf", "--json", "--json-stream-data=none", path],
                             capture_output=True, check=True)
        self.objs = json.loads(out.stdout)["qpdf"][1]

    def stream(self, ref, mode):
        num = ref.split()[0].split(":")[-1]
        return subprocess.run(["qpdf", "--show-object=" + num, mode, self.path],
                              capture_output=True, check=True).stdout

    def images(self):
        for key, o in self.objs.items():
            s = o.get("stream")
            if s and s["dict"].get("/Subtype") == "/Image":
                yield key, s["dict"]


def samples(pdf, ref, d, colors, problems, what):
    """The stream's samples decoded by qpdf and here, which must agree; its predictor's name."""
    by_qpdf = pdf.stream(ref, "--filtered-stream-data")
    raw = zlib.decompress(pdf.stream(ref, "--raw-stream-data"))
    parms = d.get("/DecodeParms") or {}
    pred = parms.get("/Predictor", 1)
    if pred == 15:
        if (parms.get("/Colors"), parms.get("/Columns"), parms.get("/BitsPerComponent")) != \
                (colors, d["/Width"], 8):
            problems.append("%s: /DecodeParms %s do not describe the samples" % (what, parms))
        raw = graypng.unfilter(raw, colors * d["/Width"], d["/Height"], colors)
    elif pred != 1:
        problems.append("%s: /Predictor %s" % (what, pred))
    if raw != by_qpdf:
        problems.append("%s: qpdf decodes the stream differently" % what)
    return raw, "15" if pred == 15 else "none"


def colour_of(pdf, ref, d, problems, what):
    """(RGB bytes of the image, description of its colour space)."""
    cs = d["/ColorSpace"]
    if cs == "/DeviceRGB":
        data, pred = samples(pdf, ref, d, 3, problems, what)
        return data, "DeviceRGB predictor " + pred
    if isinstance(cs, list) and cs[:2] == ["/Indexed", "/DeviceRGB"]:
        lookup = bytes.fromhex(cs[3][2:]) if cs[3].startswith("b:") else cs[3][2:].encode("latin-1")
        n = cs[2] + 1
        if len(lookup) != 3 * n:
            problems.append("%s: palette of %d bytes for %d colours" % (what, len(lookup), n))
        idx, pred = samples(pdf, ref, d, 1, problems, what)
        if idx and max(idx) >= n:
            problems.append("%s: an index past the palette" % what)
        return b"".join(lookup[3 * i:3 * i + 3] for i in idx), "Indexed %d predictor %s" % (n, pred)
    problems.append("%s: colour space %s" % (what, cs))
    return b"", str(cs)


def check(pdf_path, pngs):
    pdf, problems = Pdf(pdf_path), []
    images = list(pdf.images())
    for png in pngs:
        w, h, rgb, alpha = read_rgba(png)
        found = [(k, d) for k, d in images if (d["/Width"], d["/Height"]) == (w, h) and "/SMask" in d]
        if not found:
            problems.append("%s: no %dx%d image with a soft mask" % (png, w, h))
            continue
        ref, d = found[0]
        mref = d["/SMask"]
        mask = pdf.objs["obj:" + mref]["stream"]["dict"]
        what = "%s (%s)" % (png, ref)
        got_rgb, cs = colour_of(pdf, ref, d, problems, what)
        if mask.get("/ColorSpace") != "/DeviceGray" or (mask["/Width"], mask["/Height"]) != (w, h):
            problems.append("%s: the soft mask is not a %dx%d DeviceGray image" % (what, w, h))
        got_alpha, mpred = samples(pdf, "obj:" + mref, mask, 1, problems, what + " mask")
        if got_rgb != rgb:
            problems.append("%s: colours differ from the PNG's" % what)
        if got_alpha != alpha:
            problems.append("%s: alpha differs from the PNG's" % what)
        print("%dx%d: colour %s, alpha predictor %s, %s" % (
            w, h, cs, mpred, "identical" if got_rgb == rgb and got_alpha == alpha else "DIFFERENT"))
    for p in problems:
        print("PROBLEM " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["gradient"]:
        gradient(sys.argv[2])
        sys.exit(0)
    sys.exit(check(sys.argv[2], sys.argv[3:]))

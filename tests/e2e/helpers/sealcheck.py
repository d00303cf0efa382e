#!/usr/bin/python3
"""sealcheck.py SIGNED.pdf [PAGE] [--seal-mm N] — the visible signatures of the head of agency as
a reader sees them (Nghị định 30/2020, Phụ lục I), on the signature page (PAGE, else the last)
rasterised by pdftoppm at 72 dpi: blue signature ink (more than 1,300 pixels) and red seal ink
(more than 1,000 pixels); the seal's pixels at least 2 mm clear of every text line poppler finds
beside them (it touches neither the title lines nor the name); its ink about N mm across (real
size, N = 36 unless given); the seal drawn after the signature, over it, on its left, covering
about a third of it (in qpdf's uncompressed copy of the file, the appearance stream places
"/Sig Do" and then "/Seal Do" with their `cm` matrices: the seal's right edge lies between a
quarter and two fifths of the way into the signature). Exits 1 with the reason."""
import re
import subprocess
import sys
import tempfile

DPI = 72
PT_PER_MM = 72 / 25.4
CLEAR_MM = 2.0       # the form leaves 3 mm above and below the seal; 2 mm is what the eye needs
args = sys.argv[1:]
seal_mm = 36.0
if "--seal-mm" in args:
    k = args.index("--seal-mm")
    seal_mm = float(args[k + 1])
    del args[k:k + 2]
pdf = args[0]
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
page = int(args[1]) if len(args) > 1 else int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
problems = []

with tempfile.TemporaryDirectory() as d:
    subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), pdf, d + "/p"],
                   check=True)
    import glob
    data = open(glob.glob(d + "/p*.ppm")[0], "rb").read()
    # P6 header: magic, width, height, maxval, then RGB bytes
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    px = data[m.end():]
    blue = red = 0
    red_rows, red_cols = [], []
    for y in range(h):
        row = px[3 * w * y:3 * w * (y + 1)]
        for x in range(w):
            r, g, b = row[3 * x], row[3 * x + 1], row[3 * x + 2]
            if b > r + 60 and b > g + 30:
                blue += 1
            elif r > g + 80 and r > b + 80:
                red += 1
                red_rows.append(y)
                red_cols.append(x)
    qdf = d + "/q.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf], check=True)
    raw = open(qdf, "rb").read()

if blue <= 1300:
    problems.append("only %d blue pixels on page %d (the signature)" % (blue, page))
if red <= 1000:
    problems.append("only %d red pixels on page %d (the seal)" % (red, page))
if red_rows:
    pt = 72.0 / DPI
    top, bottom = min(red_rows) * pt, (max(red_rows) + 1) * pt
    left, right = min(red_cols) * pt, (max(red_cols) + 1) * pt
    across = (right - left) / PT_PER_MM
    if not seal_mm - 2.5 <= across <= seal_mm + 0.5:
        problems.append("the seal's ink is %.1f mm across, not its real %.0f mm" % (across, seal_mm))
    gap = CLEAR_MM * PT_PER_MM
    top, bottom = top - gap, bottom + gap
    html = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
    for line in re.findall(r"<line [^>]*>.*?</line>", html, re.S):
        xs = [float(v) for v in re.findall(r'xM(?:in|ax)="([\d.]+)"', line)]
        ys = [float(v) for v in re.findall(r'yM(?:in|ax)="([\d.]+)"', line)]
        text = " ".join(re.findall(r">([^<]+)</word>", line))
        if min(xs) < right and max(xs) > left and min(ys) < bottom and max(ys) > top:
            problems.append("the seal (y %.0f–%.0f pt with its %.0f mm clearance) touches %r"
                            " (y %.0f–%.0f pt)" % (top, bottom, CLEAR_MM, text, min(ys), max(ys)))
streams = [s for s in re.findall(rb"stream\r?\n(.*?)endstream", raw, re.S) if b"/Seal Do" in s]
if not streams:
    problems.append("no appearance stream draws the seal")
elif not all(b"/Sig Do" in s and s.index(b"/Sig Do") < s.index(b"/Seal Do") for s in streams):
    problems.append("the seal is not drawn over the signature")
NUM = rb"(-?[\d.]+)"
for s in streams:
    place = {}
    for m in re.finditer(NUM + rb" 0 0 " + NUM + rb" " + NUM + rb" " + NUM + rb" cm /(Sig|Seal) Do", s):
        place[m.group(5)] = [float(v) for v in m.groups()[:4]]
    if b"Sig" not in place or b"Seal" not in place:
        problems.append("the appearance does not place both images with a plain cm")
        continue
    sw, _, sx, _ = place[b"Sig"]
    kw, _, kx, _ = place[b"Seal"]
    cover = (kx + kw - sx) / sw
    if kx >= sx or not 0.25 <= cover <= 0.4:
        problems.append("the seal (x %.0f–%.0f) covers %.2f of the signature (x %.0f–%.0f) from"
                        " %s, not about a third from its left" % (
                            kx, kx + kw, cover, sx, sx + sw, "the left" if kx < sx else "inside"))
    if abs(kw / PT_PER_MM - seal_mm) > 0.1:
        problems.append("the seal is placed %.1f mm wide, not %.0f mm" % (kw / PT_PER_MM, seal_mm))
for p in problems:
    print(p)
if not problems:
    print("page %d: %d blue and %d red pixels, the seal %.1f mm across, %.0f mm clear of the text,"
          " over the left third of the signature" % (page, blue, red, across, CLEAR_MM))
sys.exit(1 if problems else 0)

#!/usr/bin/python3
"""sealcheck.py SIGNED.pdf [PAGE] — the visible signatures of the head of agency as a reader
sees them (Nghị định 30/2020, Phụ lục I), on the signature page (PAGE, else the last) rasterised
by pdftoppm at 72 dpi: blue signature ink (more than 1,300 pixels) and red seal ink (more than
1,000 pixels); the seal's pixels clear of every text line poppler finds beside them (it touches
neither the title lines nor the name); the seal drawn after the signature, over it (in qpdf's
uncompressed copy of the file "/Seal Do" follows "/Sig Do" in the appearance stream). Exits 1
with the reason."""
import re
import subprocess
import sys
import tempfile

DPI = 72
pdf = sys.argv[1]
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
page = int(sys.argv[2]) if len(sys.argv) > 2 else int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
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
    html = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
    for line in re.findall(r"<line [^>]*>.*?</line>", html, re.S):
        xs = [float(v) for v in re.findall(r'xM(?:in|ax)="([\d.]+)"', line)]
        ys = [float(v) for v in re.findall(r'yM(?:in|ax)="([\d.]+)"', line)]
        text = " ".join(re.findall(r">([^<]+)</word>", line))
        if min(xs) < right and max(xs) > left and min(ys) < bottom and max(ys) > top:
            problems.append("the seal (y %.0f–%.0f pt) touches %r (y %.0f–%.0f pt)" % (
                top, bottom, text, min(ys), max(ys)))
streams = [s for s in re.findall(rb"stream\r?\n(.*?)endstream", raw, re.S) if b"/Seal Do" in s]
if not streams:
    problems.append("no appearance stream draws the seal")
elif not all(b"/Sig Do" in s and s.index(b"/Sig Do") < s.index(b"/Seal Do") for s in streams):
    problems.append("the seal is not drawn over the signature")
for p in problems:
    print(p)
if not problems:
    print("page %d: %d blue and %d red pixels, the seal clear of the text and over the signature"
          % (page, blue, red))
sys.exit(1 if problems else 0)

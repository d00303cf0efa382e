#!/usr/bin/python3
"""box_ink.py PDF CHAR — prints the share of dark pixels inside the first CHAR (☐ or ☒) of a PDF.

The box is located with `pdftotext -bbox` (poppler), rasterised alone with `pdftoppm -gray`, and
counted here, so the check depends on what a reader sees, not on how baocao drew it."""
import re
import subprocess
import sys
import tempfile

pdf, char = sys.argv[1], sys.argv[2]
html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
page = 0
for line in html.splitlines():
    if "<page " in line:
        page += 1
    m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', line)
    if m and m.group(5) == char:
        x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
        break
else:
    sys.exit("no %s in %s" % (char, pdf))
dpi = 300
scale = dpi / 72.0
with tempfile.TemporaryDirectory() as d:
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-x", str(int(x0 * scale)), "-y", str(int(y0 * scale)),
                    "-W", str(int((x1 - x0) * scale)), "-H", str(int((y1 - y0) * scale)),
                    pdf, d + "/box"], check=True)
    import glob
    data = open(glob.glob(d + "/box*.pgm")[0], "rb").read()
# P5 header: magic, width, height, maxval, then bytes.
parts = data.split(maxsplit=4)
w, h, pixels = int(parts[1]), int(parts[2]), parts[4]
dark = sum(1 for b in pixels[: w * h] if b < 128)
print("%.4f" % (dark / float(w * h)))

#!/usr/bin/python3
"""layoutcheck.py — where words stand on a rendered page, and what ink is around them.

Words and their boxes come from `pdftotext -bbox` (poppler), ink from `pdftoppm -gray` at 150 dpi;
neither knows how baocao drew the page, so the checks hold for the PDF baocao writes and for the
PDF LibreOffice makes of the DOCX alike. Coordinates are points from the top-left of the page.

  layoutcheck.py x PDF WORD [N]
      prints the left edge (xMin) of the Nth (1-based, default 1) word WORD.
  layoutcheck.py lines PDF WORD
      prints the distinct baselines (rounded yMax) of the words WORD, one per line.
  layoutcheck.py right-of-centre PDF WORD
      exit 0 when the word's left edge is right of the page's middle.
  layoutcheck.py dotted-lines PDF MIN_PT
      prints how many lines hold nothing but dots ("…") and are at least MIN_PT wide.
  layoutcheck.py boxed PDF WORD
      exit 0 when a ruled box surrounds the word: ink in thin bands just above, below, left and
      right of its glyphs, and none in the middle of those bands' neighbours inside the box.
  layoutcheck.py box-after PDF WORD MIN_PT
      exit 0 when an empty ruled box at least MIN_PT wide stands right after WORD on its line.
  layoutcheck.py above-right PDF UPPER LOWER
      exit 0 when the word UPPER stands above and right of the word LOWER on one page.
  layoutcheck.py diagonal PDF UPPER LOWER
      exit 0 when UPPER stands above and right of LOWER and a rule runs between them from the
      cell's top-left to its bottom-right (ink on the line's middle part, checked at five points).
"""
import re
import subprocess
import sys
import tempfile

DPI = 150
SCALE = DPI / 72.0


def words(pdf):
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True,
                          text=True, check=True).stdout
    out, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                      line)
        if m:
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            out.append((page, x0, y0, x1, y1, m.group(5)))
    return out


def find(pdf, word, nth=1):
    hits = [w for w in words(pdf) if w[5] == word]
    if len(hits) < nth:
        sys.exit("no %s #%d in %s" % (word, nth, pdf))
    return hits[nth - 1]


class Raster:
    """One page in grey, 0 = black."""

    def __init__(self, pdf, page):
        with tempfile.TemporaryDirectory() as d:
            subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page),
                            pdf, d + "/p"], check=True)
            import glob
            data = open(glob.glob(d + "/p*.pgm")[0], "rb").read()
        parts = data.split(maxsplit=4)
        self.w, self.h, self.px = int(parts[1]), int(parts[2]), parts[4]

    def dark(self, x, y):
        """Whether there is ink within a pixel of point (x, y)."""
        cx, cy = int(x * SCALE), int(y * SCALE)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                X, Y = cx + dx, cy + dy
                if 0 <= X < self.w and 0 <= Y < self.h and self.px[Y * self.w + X] < 140:
                    return True
        return False

    def row_ink(self, x0, x1, y):
        """Share of the points from x0 to x1 at height y that have ink."""
        n = max(int((x1 - x0) * SCALE), 1)
        return sum(self.dark(x0 + (x1 - x0) * i / n, y) for i in range(n + 1)) / float(n + 1)

    def col_ink(self, x, y0, y1):
        n = max(int((y1 - y0) * SCALE), 1)
        return sum(self.dark(x, y0 + (y1 - y0) * i / n) for i in range(n + 1)) / float(n + 1)


def band(r, x0, x1, y, reach=6.0):
    """Best row ink found from 4 points inside y to `reach` points outside it (above when reach
    < 0): a box's rule may cut the glyphs' box, whose height is the font's, not the ink's."""
    inside = -4.0 if reach > 0 else 4.0
    steps = int((abs(reach) + 4) * 2)
    return max(r.row_ink(x0, x1, y + inside + (reach - inside) * i / steps)
               for i in range(steps + 1))


def vband(r, x, y0, y1, reach):
    steps = int(abs(reach) * 2)
    return max(r.col_ink(x + reach * i / steps, y0, y1) for i in range(1, steps + 1))


def boxed(pdf, word):
    p, x0, y0, x1, y1, _ = find(pdf, word)
    r = Raster(pdf, p)
    top, bottom = band(r, x0, x1, y0, -6), band(r, x0, x1, y1, 6)
    left, right = vband(r, x0, y0, y1, -6), vband(r, x1, y0, y1, 6)
    print("box around %s: top %.2f bottom %.2f left %.2f right %.2f" % (word, top, bottom, left,
                                                                      right))
    return min(top, bottom, left, right) > 0.6


def box_after(pdf, word, min_pt):
    p, x0, y0, x1, y1, _ = find(pdf, word)
    r = Raster(pdf, p)
    # The box's left side: the first column right of the word with ink over most of the line.
    x = x1 + 0.5
    while x < x1 + 30 and r.col_ink(x, y0 + 1, y1 - 1) < 0.6:
        x += 0.5
    if x >= x1 + 30:
        print("no box after %s" % word)
        return False
    right = x + min_pt
    inside = r.row_ink(x + 2, right - 2, (y0 + y1) / 2)
    top, bottom = band(r, x + 1, right - 1, y0 + 2, -6), band(r, x + 1, right - 1, y1 - 2, 6)
    print("box after %s at %.1f: top %.2f bottom %.2f inside %.2f" % (word, x, top, bottom,
                                                                    inside))
    return top > 0.6 and bottom > 0.6 and inside < 0.05


def above_right(pdf, upper, lower):
    pu, ux0, uy0, ux1, uy1, _ = find(pdf, upper)
    pl, lx0, ly0, lx1, ly1, _ = find(pdf, lower)
    if pu != pl or not (uy1 <= ly0 + 0.5 and ux0 > lx0):
        print("%s is not above and right of %s" % (upper, lower))
        return None
    return pu, ux0, uy0, ux1, uy1, lx0, ly0, lx1, ly1


def diagonal(pdf, upper, lower):
    found = above_right(pdf, upper, lower)
    if not found:
        return False
    pu, ux0, uy0, ux1, uy1, lx0, ly0, lx1, ly1 = found
    r = Raster(pdf, pu)
    # The rule runs from the cell's top-left corner to its bottom-right: find the cell's edges
    # as the ruled lines around the two labels.
    x = lx0 - 0.5
    while x > lx0 - 15 and r.col_ink(x, uy0, ly1) < 0.8:
        x -= 0.5
    left = x
    y = uy0 - 0.5
    while y > uy0 - 15 and r.row_ink(lx0, ux1, y) < 0.8:
        y -= 0.5
    top = y
    y = ly1 + 0.5
    while y < ly1 + 15 and r.row_ink(lx0, ux1, y) < 0.8:
        y += 0.5
    bottom = y
    x = ux1 + 0.5
    while x < ux1 + 200 and r.col_ink(x, uy0, ly1) < 0.8:
        x += 0.5
    right = x
    hits = 0
    for k in range(1, 6):
        t = 0.2 + 0.6 * k / 6
        hits += r.dark(left + (right - left) * t, top + (bottom - top) * t)
    print("cell %.1f,%.1f–%.1f,%.1f: %d of 5 points of the diagonal inked" % (left, top, right,
                                                                            bottom, hits))
    return hits >= 4


def dotted_lines(pdf, min_pt):
    lines = {}
    for p, x0, y0, x1, y1, w in words(pdf):
        lines.setdefault((p, round(y1)), []).append((x0, x1, w))
    n = 0
    for ws in lines.values():
        if all(set(w) <= {"…", "."} for _, _, w in ws):
            if max(x1 for _, x1, _ in ws) - min(x0 for x0, _, _ in ws) >= min_pt:
                n += 1
    return n


def main(argv):
    cmd, pdf = argv[1], argv[2]
    if cmd == "x":
        print("%.1f" % find(pdf, argv[3], int(argv[4]) if len(argv) > 4 else 1)[1])
    elif cmd == "lines":
        for y in sorted({round(w[4]) for w in words(pdf) if w[5] == argv[3]}):
            print(y)
    elif cmd == "right-of-centre":
        p, x0 = find(pdf, argv[3])[:2]
        width = float(re.search(r'<page width="([\d.]+)"', subprocess.run(
            ["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout).group(1))
        sys.exit(0 if x0 > width / 2 else 1)
    elif cmd == "dotted-lines":
        print(dotted_lines(pdf, float(argv[3])))
    elif cmd == "boxed":
        sys.exit(0 if boxed(pdf, argv[3]) else 1)
    elif cmd == "box-after":
        sys.exit(0 if box_after(pdf, argv[3], float(argv[4])) else 1)
    elif cmd == "above-right":
        sys.exit(0 if above_right(pdf, argv[3], argv[4]) else 1)
    elif cmd == "diagonal":
        sys.exit(0 if diagonal(pdf, argv[3], argv[4]) else 1)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)

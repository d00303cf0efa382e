#!/usr/bin/python3
"""columntext.py PDF LAYOUT — the PDF's text in drawing order (`pdftotext -raw -bbox`: a table's
cells one after the other, as pdf_text in pdfcheck.sh gives it), whitespace collapsed, except that
a signature block of two or more columns is read column by column: the official form reads
signer by signer (place and date, title, note, name of the first, then of the next), while a
word processor draws a block built as one table row per part row by row.

The block is found on a page that holds all of the layout's titles of one `signatures:` entry:
each title's words give its column's centre line; the block is the run of words in drawing
order around the titles whose lines are centred on their column (the place-and-date lines above,
the notes and names below — all centred in the form), and stops at the first line that is not
(the body's last line before it, a footnote after it). Within the run, words go to the column
whose centre is nearest, each column in drawing order. Everything outside the run is unchanged,
so a word missing or out of order within a column stays missing or out of order."""
import html
import re
import subprocess
import sys

import yaml

CENTRED = 3.0  # pt: a centred line's middle lies this close to its column's centre line


def pages_of(pdf):
    """[[(x0, y0, x1, y1, text), …] per page], words in drawing order."""
    out = subprocess.run(["pdftotext", "-raw", "-bbox", "-enc", "UTF-8", pdf, "-"],
                         capture_output=True, text=True, check=True).stdout
    pages = []
    for tag in re.finditer(r'<page\b|<word ([^>]*)>([^<]*)</word>', out):
        if tag.group(0) == "<page":
            pages.append([])
            continue
        a = dict(re.findall(r'(\w+)="([^"]*)"', tag.group(1)))
        pages[-1].append((float(a["xMin"]), float(a["yMin"]), float(a["xMax"]), float(a["yMax"]),
                          html.unescape(tag.group(2))))
    return pages


def titles_of(layout):
    with open(layout, encoding="utf-8") as f:
        lay = yaml.safe_load(f)
    found = []

    def visit(n):
        if isinstance(n, dict):
            if isinstance(n.get("signatures"), list):
                t = [c["title"] for c in n["signatures"] if isinstance(c, dict) and c.get("title")]
                if len(t) >= 2:
                    found.append(t)
            for v in n.values():
                visit(v)
        elif isinstance(n, list):
            for v in n:
                visit(v)
    visit(lay)
    return found


def find_words(words, text, start=0):
    """Index of the first of `text`'s words found consecutively in `words`, else None."""
    want = text.split()
    for i in range(start, len(words) - len(want) + 1):
        if [w[4] for w in words[i:i + len(want)]] == want:
            return i, i + len(want)
    return None


def segments(words, centres):
    """Consecutive words on one baseline in one column: [(first, end, column, centred)]."""
    def column(w):
        mid = (w[0] + w[2]) / 2
        return min(range(len(centres)), key=lambda k: abs(centres[k] - mid))
    segs, i = [], 0
    while i < len(words):
        j, col = i + 1, column(words[i])
        while j < len(words) and abs(words[j][3] - words[i][3]) < 0.5 and column(words[j]) == col:
            j += 1
        mid = (words[i][0] + words[j - 1][2]) / 2
        segs.append((i, j, col, abs(mid - centres[col]) < CENTRED))
        i = j
    return segs


def reorder(words, titles):
    """`words` with the signature block of `titles` read column by column (unchanged when the
    page does not hold every title)."""
    spans = [find_words(words, t) for t in titles]
    if not all(spans):
        return words
    centres = [(words[a][0] + words[b - 1][2]) / 2 for a, b in spans]
    segs = segments(words, centres)
    first, last = min(a for a, _ in spans), max(b for _, b in spans)
    inside = [k for k, s in enumerate(segs) if s[0] < last and s[1] > first]
    lo, hi = inside[0], inside[-1]
    while lo > 0 and segs[lo - 1][3]:
        lo -= 1
    while hi + 1 < len(segs) and segs[hi + 1][3]:
        hi += 1
    run = segs[lo:hi + 1]
    by_col = [w for c in range(len(centres)) for s in run if s[2] == c for w in words[s[0]:s[1]]]
    return words[:segs[lo][0]] + by_col + words[segs[hi][1]:]


def main():
    pdf, layout = sys.argv[1:3]
    blocks = titles_of(layout)
    out = []
    for words in pages_of(pdf):
        for titles in blocks:
            words = reorder(words, titles)
        out.extend(w[4] for w in words)
    print(" ".join(out))


if __name__ == "__main__":
    main()

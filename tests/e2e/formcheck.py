#!/usr/bin/python3
"""formcheck.py — checks the text of a rendered form against independent references.

  formcheck.py wording REFERENCE.txt TEXT.txt
      every line of REFERENCE (the form's wording taken from the official document) occurs in
      TEXT (what pdftotext or LibreOffice extracted), in the same order. The lines after a line
      "# footnotes" are the footnotes, in order among themselves.
  formcheck.py values DATA.yaml TEXT.txt
      every scalar value of the data file occurs in TEXT as the form prints it (numbers the
      Vietnamese way, dates dd/mm/yyyy); option keys of choices are not printed and are skipped.

Whitespace is collapsed on both sides; a reference line may be broken across lines or cells in
TEXT. Exit 1 with the missing lines listed."""
import bisect
import datetime
import re
import sys
import unicodedata

import yaml


def norm(s):
    s = unicodedata.normalize("NFC", s)
    return re.sub(r"\s+", " ", s).strip()


# How far ahead of the previous match the next reference line may start: data rows (lists of
# applications, documents) stand between the form's fixed lines, but a line found much further on
# is a different occurrence of common words, and taking it would skip the text in between.
MAX_GAP = 6000


def words_in_order(words, text, start):
    """(start, end) of the words of `words` found in order in `text` from `start`: the first word
    within MAX_GAP, each next word shortly after the previous one (a wrapped cell may interleave a
    neighbour's line). None when not found."""
    pos, first = start, None
    for i, w in enumerate(words):
        j = text.find(w, pos)
        # Between two words of one line may stand the foot of a page (its footnotes) and the next
        # page's number, when the line continues on the next page.
        limit = MAX_GAP if i == 0 else 1500
        if j < 0 or j - pos > limit:
            return None
        first = j if first is None else first
        pos = j + len(w)
    return first, pos


def find_token(text, line, pos):
    """(start, end) of `line` in `text` from `pos`, starting at a word boundary; a short line
    ("1", "e", "TT", "Có") must also end at one, so that it is a cell of its own, not part of a
    word. None when not found."""
    j = text.find(line, pos)
    while j >= 0:
        starts = j == 0 or text[j - 1] == " "
        end = j + len(line)
        ends = end == len(text) or text[end] == " "
        punctuation = not any(c.isalnum() for c in line)  # ":" left where a footnote mark was
        if punctuation or (starts and (ends or len(line) > 3)):
            return j, end
        j = text.find(line, j + 1)
    return None


class Squeezed:
    """The text without spaces, with a map back to positions in the text: a word wider than its
    table column is cut across lines ("02/03/202" "2"), which only a space-blind search finds."""

    def __init__(self, text):
        self.at = [i for i, c in enumerate(text) if c != " "]
        self.s = "".join(text[i] for i in self.at)
        self.first_at = {}

    def find(self, needle, pos):
        """(start, end) in the spaced text of `needle` (spaces ignored), from `pos`, or None."""
        squeezed = needle.replace(" ", "")
        k = bisect.bisect_left(self.at, pos)
        j = self.s.find(squeezed, k)
        if j < 0:
            return None
        return self.at[j], self.at[j + len(squeezed) - 1] + 1


def check_wording(ref_path, text):
    """Each line is looked for in three ways — as it stands, word by word across interruptions,
    and blind to spaces — and the nearest hit wins: taking a farther one would skip the text in
    between and make every following line look missing."""
    missing, pos = [], 0
    squeezed = Squeezed(text)
    for raw in open(ref_path, encoding="utf-8"):
        line = norm(raw)
        if not line:
            continue
        if line == "# footnotes":
            # Footnotes print at the foot of the page that refers to them: in order among
            # themselves, interleaved with the body. They are checked as a sequence of their own.
            pos = 0
            continue
        hits = [find_token(text, line, pos)]
        if len(line) > 3:
            hits.append(words_in_order(line.split(" "), text, pos))
        if len(line) > 1:
            hits.append(squeezed.find(line, pos))
        hits = [h for h in hits if h and h[0] - pos <= MAX_GAP and h[1] - h[0] <= 3 * len(line) + 1500]
        if hits:
            pos = min(hits)[1]
        else:
            missing.append(line)
    return missing


def vn_number(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return "{:,}".format(v).replace(",", ".")
    if isinstance(v, float):
        whole, _, frac = ("%.2f" % v).partition(".")
        return "{:,}".format(int(whole)).replace(",", ".") + "," + frac
    return None


def scalars(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from scalars(v)
    elif isinstance(node, list):
        for v in node:
            yield from scalars(v)
    else:
        yield node


def check_values(data_path, text):
    data = yaml.safe_load(open(data_path, encoding="utf-8")) or {}
    bare = text.replace(" ", "")  # values cut across lines of a narrow cell
    missing = []
    for v in scalars(data):
        if isinstance(v, str):
            if re.fullmatch(r"[a-z0-9_]+", v):
                continue  # an option key of a choice: shown as a ticked box, not as text
            want = [norm(v)]
        elif isinstance(v, (datetime.date,)):
            # dd/mm/yyyy, or split over "ngày … tháng … năm …" of a place-and-date line
            want = [v.strftime("%d/%m/%Y"), v.strftime("%d tháng %m năm %Y")]
        elif isinstance(v, float):
            # printed with the field's own number of decimals
            want = ["{:,}".format(int(v)).replace(",", ".") + ","]
        elif isinstance(v, int) and not isinstance(v, bool):
            want = [vn_number(v), str(v)]  # a year prints without the thousands dot
        else:
            continue
        found = any(w in text or w.replace(" ", "") in bare for w in want)
        if not found and " " in want[0]:
            found = words_in_order(want[0].split(" "), text, 0) is not None
        if not found:
            missing.append(str(v))
    return missing


def main():
    mode, ref, text_path = sys.argv[1:4]
    text = norm(open(text_path, encoding="utf-8").read())
    missing = check_wording(ref, text) if mode == "wording" else check_values(ref, text)
    for m in missing[:40]:
        print("missing:", m)
    if missing:
        print("%d missing" % len(missing))
        sys.exit(1)


if __name__ == "__main__":
    main()

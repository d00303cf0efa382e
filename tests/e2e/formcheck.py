#!/usr/bin/python3
"""formcheck.py — checks the text of a rendered form against independent references.

  formcheck.py wording REFERENCE.txt TEXT.txt
      every line of REFERENCE (the form's wording taken from the official document) occurs in
      TEXT (what pdftotext or LibreOffice extracted), in the same order. The lines after a line
      "# footnotes" are the footnotes, in order among themselves.
  formcheck.py values DATA.yaml TEXT.txt LAYOUT.yaml
      every scalar value of the data file whose field the layout prints occurs in TEXT as the form
      prints it (numbers the Vietnamese way, dates dd/mm/yyyy or as a place-and-date line); option
      keys of choices show as ticked boxes and are skipped.
  formcheck.py absent DATA.yaml TEXT.txt LAYOUT.yaml
      no text value of the data file occurs in TEXT (a blank form shows no data), unless it is
      the form's own wording too.

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
# applications, services — a table of 44 services is ~15,000 characters) stand between the form's
# fixed lines, but a short line found much further on is a different occurrence of common words,
# and taking it would skip the text in between.
MAX_GAP = 40000
SHORT_GAP = 3000


def gap_for(line, footnotes):
    if footnotes:
        return len_text_unbounded
    return MAX_GAP if len(line) > 12 else SHORT_GAP


len_text_unbounded = 10 ** 9


def words_in_order(words, text, start, gap=MAX_GAP):
    """(start, end) of the words of `words` found in order in `text` from `start`: the first word
    within `gap`, each next word shortly after the previous one (a wrapped cell may interleave a
    neighbour's line). None when not found."""
    pos, first = start, None
    for i, w in enumerate(words):
        j = text.find(w, pos)
        # Between two words of one line may stand the foot of a page (its footnotes) and the next
        # page's number, when the line continues on the next page.
        limit = gap if i == 0 else 1500
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
    missing, pos, footnotes = [], 0, False
    squeezed = Squeezed(text)
    for raw in open(ref_path, encoding="utf-8"):
        line = norm(raw)
        if not line:
            continue
        if line == "# footnotes":
            # Footnotes print at the foot of the page that refers to them: in order among
            # themselves, interleaved with the body. They are checked as a sequence of their own.
            pos, footnotes = 0, True
            continue
        gap = gap_for(line, footnotes)
        hits = [find_token(text, line, pos)]
        if len(line) > 3:
            hits.append(words_in_order(line.split(" "), text, pos, gap))
        if len(line) > 1:
            hits.append(squeezed.find(line, pos))
        hits = [h for h in hits if h and h[0] - pos <= gap and h[1] - h[0] <= 3 * len(line) + 1500]
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


def layout_strings(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from layout_strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from layout_strings(v)
    elif isinstance(node, str):
        yield node


def printed_keys(layout_path):
    """Keys that stand as a placeholder in the form's body ({key}, {key.day}, {key:opt}); other
    fields are data only (inputs of a computed figure, the file's metadata), never printed."""
    body = yaml.safe_load(open(layout_path, encoding="utf-8")).get("body", [])
    return {k for s in layout_strings(body) for k in re.findall(r"\{([a-z0-9_]+)[}.:]", s)}


def nd30_date(d):
    """A date as a place-and-date line prints it: Nghị định 30 writes a 0 before days below 10 and
    before months 1 and 2 only ("ngày 05 tháng 02 năm 2019", "ngày 15 tháng 8 năm 2019")."""
    month = "%02d" % d.month if d.month <= 2 else str(d.month)
    return "%02d tháng %s năm %d" % (d.day, month, d.year)


def printed_forms(v):
    """The ways a data value may appear in the rendered text, or None for values not printed."""
    if isinstance(v, str):
        if re.fullmatch(r"[a-z0-9_]+", v):
            return None  # an option key of a choice: shown as a ticked box, not as text
        return [norm(v)]
    if isinstance(v, datetime.date):
        return [v.strftime("%d/%m/%Y"), nd30_date(v)]
    if isinstance(v, float):
        return ["{:,}".format(int(v)).replace(",", ".") + ","]  # decimals as the field prints them
    if isinstance(v, int) and not isinstance(v, bool):
        return [vn_number(v), str(v)]  # a year prints without the thousands dot
    return None


def keyed_scalars(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from keyed_scalars(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from keyed_scalars(v, key)
    else:
        yield key, node


def check_values(data_path, text, layout_path):
    data = yaml.safe_load(open(data_path, encoding="utf-8")) or {}
    shown = printed_keys(layout_path)
    bare = text.replace(" ", "")  # values cut across lines of a narrow cell
    missing = []
    for key, v in keyed_scalars(data):
        want = printed_forms(v)
        if want is None or key not in shown:
            continue
        found = any(w in text or w.replace(" ", "") in bare for w in want)
        if not found and " " in want[0]:
            found = words_in_order(want[0].split(" "), text, 0) is not None
        if not found:
            missing.append("%s: %s" % (key, v))
    return missing


def check_absent(data_path, text, layout_path):
    """For a blank form: no text value of a sample appears — numbers may occur in the wording, and
    so may a value that is itself the form's wording ("Chuyển khoản" in a column header)."""
    data = yaml.safe_load(open(data_path, encoding="utf-8")) or {}
    wording = norm(" ".join(layout_strings(yaml.safe_load(open(layout_path, encoding="utf-8")))))
    return ["%s: %s" % (k, v) for k, v in keyed_scalars(data)
            if isinstance(v, str) and len(v) >= 8 and not re.fullmatch(r"[a-z0-9_]+", v)
            and norm(v) in text and norm(v) not in wording]


def main():
    mode, ref, text_path = sys.argv[1:4]
    text = norm(open(text_path, encoding="utf-8").read())
    if mode == "wording":
        missing = check_wording(ref, text)
    elif mode == "values":
        missing = check_values(ref, text, sys.argv[4])
    else:
        missing = check_absent(ref, text, sys.argv[4])
    for m in missing[:40]:
        print(("present: " if mode == "absent" else "missing: ") + m)
    if missing:
        print("%d %s" % (len(missing), "present" if mode == "absent" else "missing"))
        sys.exit(1)


if __name__ == "__main__":
    main()

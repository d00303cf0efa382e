#!/usr/bin/python3
"""formcheck.py — checks the text of a rendered form against independent references.

  formcheck.py wording REFERENCE.txt TEXT.txt
      every line of REFERENCE (the form's wording taken from the official document) occurs in
      TEXT (what pdftotext or LibreOffice extracted), in the same order.
  formcheck.py values DATA.yaml TEXT.txt
      every scalar value of the data file occurs in TEXT as the form prints it (numbers the
      Vietnamese way, dates dd/mm/yyyy); option keys of choices are not printed and are skipped.

Whitespace is collapsed on both sides; a reference line may be broken across lines or cells in
TEXT. Exit 1 with the missing lines listed."""
import datetime
import re
import sys
import unicodedata

import yaml


def norm(s):
    s = unicodedata.normalize("NFC", s)
    return re.sub(r"\s+", " ", s).strip()


def words_in_order(words, text, start):
    """Position after the words of `words` found in order in `text` from `start`, each at most
    a short distance after the previous one (a wrapped cell may interleave a neighbour's line)."""
    pos = start
    for i, w in enumerate(words):
        j = text.find(w, pos)
        if j < 0 or (i > 0 and j - pos > 400):
            return -1
        pos = j + len(w)
    return pos


def check_wording(ref_path, text):
    missing, pos = [], 0
    for raw in open(ref_path, encoding="utf-8"):
        line = norm(raw)
        if not line:
            continue
        j = text.find(line, pos)
        if j >= 0:
            pos = j + len(line)
            continue
        k = words_in_order(line.split(" "), text, pos)
        if k >= 0:
            pos = k
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
    missing = []
    for v in scalars(data):
        if isinstance(v, str):
            if re.fullmatch(r"[a-z0-9_]+", v):
                continue  # an option key of a choice: shown as a ticked box, not as text
            want = [norm(v)]
        elif isinstance(v, (datetime.date,)):
            want = [v.strftime("%d/%m/%Y")]
        elif isinstance(v, float):
            # printed with the field's own number of decimals
            whole = "{:,}".format(int(v)).replace(",", ".")
            want = [whole + ","]
        else:
            n = vn_number(v)
            if n is None:
                continue
            want = [n]
        if not any(w in text for w in want):
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

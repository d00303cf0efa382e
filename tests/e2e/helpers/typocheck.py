#!/usr/bin/python3
"""typocheck.py CHECK PDF LAYOUT [DATA] — the typesetting rules of issue 16, checked on a rendered
PDF as poppler reads it (`pdftotext -bbox-layout`, `pdftotext -raw`), against the form's own
layout (its headings, group rows, signature titles) and, for `urls`, its data file. Prints one
line per violation and exits 1 if there is any; prints what it checked on success.

Checks:
  signature  the signature block's page also holds body text above the place-and-date lines;
             the columns' titles share one baseline, and so do their notes
  breaks     no page ends with a heading or a label ending in ':'; with --filled (a report, whose
             rows all hold text), nor with a group row
  urls       every address, e-mail or code of the data file is printed whole or broken only
             after / . - _ @ (never inside a word, no hyphen added)
  rows       a table broken across pages leaves at least two of its labelled rows (7, 3.1, c)
             on each side
  widows     a paragraph broken across pages leaves at least two lines on each side (one whose
             last line on the page is justified to the margin runs over)
  glue       no short value stands alone on the line after its label's ':'
  gap        two fields on one line ("…: 024 3795 6712   Điện thoại di động: …") are set apart by
             at least half an em
  blanks     a paragraph line that ends in a dotted blank is not stretched (word gaps stay
             natural) and its blank runs to the right margin
"""
import html
import re
import subprocess
import sys

import yaml

BODY_LEFT = 30 * 72 / 25.4          # the text column's left edge (Nghị định 30: 30 mm)
LEVEL = 10 * 72 / 25.4              # one indentation level
RIGHT_MARGIN = 15 * 72 / 25.4
# A footnote's 10 pt line is about 0.77 of a 13 pt body line as poppler boxes it, whichever
# program laid the page out (11.1 against 14.4 pt in ours, 13.0 against 16.9 in LibreOffice's):
# lines below 12 pt, or below this share of the document's commonest line height (12 pt table
# text in ours, 15.6 in LibreOffice's), are footnotes.
FOOTNOTE_SHARE = 0.85
FOOTNOTE_MAX_H = 12.0               # raised from the document by pages_of
NATURAL_GAP = 5.0                   # a 13 pt space is 3.25 pt; a stretched one is wider
BREAK_AFTER = "/.-_@"


def pages_of(pdf):
    """[(width, height, [line]), …]; a line is dict(x0, y0, x1, y1, words=[(x0, y0, x1, y1, text)])."""
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    pages, line = [], None
    for tag in re.finditer(r'<(page|line|word|/line)\b([^>]*)>(?:([^<]*)</word>)?', out):
        kind, attrs = tag.group(1), dict(re.findall(r'(\w+)="([^"]*)"', tag.group(2)))
        if kind == "page":
            pages.append((float(attrs["width"]), float(attrs["height"]), []))
        elif kind == "line":
            line = {"words": []}
        elif kind == "word" and line is not None:
            line["words"].append((float(attrs["xMin"]), float(attrs["yMin"]), float(attrs["xMax"]),
                                  float(attrs["yMax"]), html.unescape(tag.group(3))))
        elif kind == "/line" and line is not None and line["words"]:
            w = line["words"]
            line.update(x0=min(v[0] for v in w), y0=min(v[1] for v in w),
                        x1=max(v[2] for v in w), y1=max(v[3] for v in w),
                        text=" ".join(v[4] for v in w))
            pages[-1][2].append(line)
            line = None
    heights = [round(ln["y1"] - ln["y0"], 1) for p in pages for ln in p[2]]
    if heights:
        global FOOTNOTE_MAX_H
        FOOTNOTE_MAX_H = max(12.0, FOOTNOTE_SHARE * max(set(heights), key=heights.count))
    return pages


def rows_of(lines):
    """Lines as a reader sees them: poppler cuts a line at a wide gap (two fields set apart, a
    blank), so words on one baseline are joined again, left to right."""
    rows = []
    for ln in sorted(lines, key=lambda l: (round(l["y1"]), l["x0"])):
        if rows and abs(rows[-1]["y1"] - ln["y1"]) < 0.5 and ln["x0"] >= rows[-1]["x1"]:
            r = rows[-1]
            r["words"] = r["words"] + ln["words"]
            r.update(x1=ln["x1"], y0=min(r["y0"], ln["y0"]), text=r["text"] + " " + ln["text"])
        else:
            rows.append(dict(ln))
    return rows


def is_page_number(line, page_h):
    return line["text"].isdigit() and line["y1"] < 60


def body_lines(page):
    """The page's lines without its number and its footnotes."""
    w, h, lines = page
    return [ln for ln in lines if not is_page_number(ln, h) and ln["y1"] - ln["y0"] >= FOOTNOTE_MAX_H]


def walk(node, fn):
    fn(node)
    if isinstance(node, dict):
        for v in node.values():
            walk(v, fn)
    elif isinstance(node, list):
        for v in node:
            walk(v, fn)


def cell_text(c):
    return c.get("text", "") if isinstance(c, dict) else str(c)


def layout_facts(path):
    with open(path, encoding="utf-8") as f:
        lay = yaml.safe_load(f)
    facts = {"headings": [], "groups": [], "sigs": [], "field_labels": []}

    def visit(n):
        if isinstance(n, dict):
            for k in ("section", "title"):
                if isinstance(n.get(k), str) and "signatures" not in n:
                    facts["headings"].append(n[k])
            if n.get("group") and isinstance(n.get("cells"), list):
                facts["groups"].append(" ".join(cell_text(c) for c in n["cells"]))
            if isinstance(n.get("signatures"), list):
                facts["sigs"].append(n["signatures"])
        if isinstance(n, str):
            for m in re.finditer(r'\{[^{}:]+\}\s+([^{}:]+):', n):  # a value, then a label
                words = m.group(1).split()  # a unit may come first: "chiếc Tỷ lệ …"
                caps = [i for i, w in enumerate(words) if w[0].isupper()]
                if caps:
                    facts["field_labels"].append(words[caps[0]:])
    walk(lay, visit)
    return facts


def norm(s):
    return " ".join(s.split())


def find_line(lines, text):
    return [ln for ln in lines if norm(ln["text"]) == norm(text)]


def check_signature(pages, facts, problems):
    checked = 0
    for cols in facts["sigs"]:
        titles = [c.get("title") for c in cols if c.get("title")]
        notes = [c.get("note") for c in cols if c.get("note")]
        for no, page in enumerate(pages, 1):
            lines = body_lines(page)
            found = [find_line(lines, t) for t in titles]
            if not titles or not all(found):
                continue
            checked += 1
            tl = [f[-1] for f in found]
            if max(ln["y1"] for ln in tl) - min(ln["y1"] for ln in tl) > 0.5:
                problems.append("page %d: the titles %s do not share a baseline (%s)" % (
                    no, titles, [round(ln["y1"], 1) for ln in tl]))
            nl = [find_line(lines, t) for t in notes]
            if notes and all(nl):
                ys = [f[-1]["y1"] for f in nl]
                if max(ys) - min(ys) > 0.5:
                    problems.append("page %d: the notes %s do not share a baseline" % (no, notes))
            top = min(ln["y0"] for ln in tl)
            # The place-and-date lines are centred in their columns; a body line just above
            # (its blank "………" included) starts at the text's edge or an indentation level.
            place = [ln for ln in lines if top - 45 < ln["y1"] <= top + 0.5 and not at_indent(ln)
                     and ("ngày" in ln["text"] or "năm" in ln["text"] or "…" in ln["text"])]
            block_top = min([ln["y0"] for ln in place] + [top])
            body = [ln for ln in lines if ln["y1"] <= block_top + 0.5]
            if not body:
                problems.append("page %d: the signature block stands alone on its page" % no)
    if facts["sigs"] and not checked:
        problems.append("no page holds the signature titles %s side by side" %
                        [c.get("title") for c in facts["sigs"][0]])
    return "%d signature block(s)" % checked


def at_indent(line):
    """The line starts at the text column's edge or an indentation level: a paragraph's line,
    not a table cell's."""
    offset = (line["x0"] - BODY_LEFT) / LEVEL
    return line["x0"] > BODY_LEFT - 1 and abs(offset - round(offset)) < 0.05


def check_breaks(pages, facts, problems, groups_too):
    headings = [norm(t) for t in facts["headings"]]
    groups = [norm(t) for t in facts["groups"]]
    breaks = 0
    for no, page in enumerate(pages[:-1], 1):
        lines = body_lines(page)
        if not lines or page[0] != pages[no][0]:
            continue  # the form turns the page to landscape or back here: its own break
        breaks += 1
        bottom = max(ln["y1"] for ln in lines)
        last = sorted([ln for ln in lines if ln["y1"] > bottom - 2], key=lambda l: l["x0"])
        text = norm(" ".join(ln["text"] for ln in last))
        if len(last) == 1 and at_indent(last[0]) and len(text) >= 6 and any(text in h for h in headings):
            problems.append("page %d ends with a heading: %r" % (no, text))
        elif groups_too and any(g == text or g.startswith(text) or (len(text) >= 20 and g.endswith(text))
                                for g in groups):
            problems.append("page %d ends with a group row: %r" % (no, text))
        elif len(last) == 1 and at_indent(last[0]) and text.endswith(":"):
            problems.append("page %d ends with a label: %r" % (no, text))
    return "%d page breaks" % breaks


ROW_LABEL = r"\d+(\.\d+)*|[a-zđ]"   # a table row's number ("7", "3.1", "c"); an item's "7." has a dot


def table_edges(page):
    """(rows at the page's end, rows at its start, kinds): the labelled rows of the table the
    page ends with (below its last paragraph line) and of the one it starts with (above its
    first), and each line's kind top down."""
    lines = sorted(body_lines(page), key=lambda l: l["y0"])
    kinds = []
    for ln in lines:
        first = ln["words"][0]
        if re.fullmatch(ROW_LABEL, first[4]) and BODY_LEFT - 1 < first[0] < BODY_LEFT + 25 \
                and not at_indent(ln):
            kinds.append("row")
        elif at_indent(ln) and ln["x1"] - ln["x0"] > 60:
            kinds.append("para")
    end = 0
    for k in reversed(kinds):
        if k == "para":
            break
        end += 1
    start = 0
    for k in kinds:
        if k == "para":
            break
        start += 1
    return end, start, kinds


def check_rows(pages, problems):
    breaks = 0
    for no in range(1, len(pages)):
        left, _, kb = table_edges(pages[no - 1])
        _, right, ka = table_edges(pages[no])
        if not kb or kb[-1] != "row" or not ka or ka[0] != "row":
            continue  # the page break is not inside a table
        breaks += 1
        if left < 2 or right < 2:
            problems.append("pages %d–%d: a table breaks leaving %d row(s) before and %d after"
                            % (no, no + 1, left, right))
    return "%d page breaks inside tables" % breaks


def paragraphs(page):
    """The page's paragraph lines (not table cells) grouped into paragraphs: lines one leading
    apart belong together; a wider gap (paragraph spacing) or anything else between starts a
    new one."""
    lines = sorted(body_lines(page), key=lambda l: l["y1"])
    paras, prev = [], None
    for ln in lines:
        if not at_indent(ln):
            prev = None
            continue
        if prev is not None and ln["y1"] - prev["y1"] < (prev["y1"] - prev["y0"]) * 1.12:
            paras[-1].append(ln)
        else:
            paras.append([ln])
        prev = ln
    return paras


def check_widows(pages, problems):
    breaks = 0
    for no in range(1, len(pages)):
        before, after = paragraphs(pages[no - 1]), paragraphs(pages[no])
        if not before or not after or pages[no - 1][0] != pages[no][0]:
            continue
        last = before[-1]
        right = pages[no - 1][0] - RIGHT_MARGIN
        if last[-1]["x1"] < right - 1.5 or "…" in last[-1]["words"][-1][4]:
            continue  # a paragraph's last line (a blank runs to the margin too): nothing runs over
        breaks += 1
        if len(last) < 2 or len(after[0]) < 2:
            problems.append("pages %d–%d: a paragraph leaves %d line(s) before the break and %d"
                            " after: %r" % (no, no + 1, len(last), len(after[0]), last[-1]["text"]))
    return "%d paragraphs broken across pages" % breaks


def codes_of(data_path):
    with open(data_path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    codes = set()

    def visit(n):
        if isinstance(n, str):
            for tok in n.split():
                tok = tok.strip(",;()")
                if len(tok) >= 8 and re.search(r"[A-Za-z]", tok) and re.search(r"[./@_-]", tok[1:-1]) \
                        and not re.fullmatch(r"[a-z0-9_]+", tok):  # a choice's key, not printed
                    codes.add(tok)
    walk(data, visit)
    return sorted(codes)


def check_urls(pdf, data_path, problems):
    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    codes = codes_of(data_path)
    for code in codes:
        pat = "".join(re.escape(ch) + ("\n?" if ch in BREAK_AFTER else "") for ch in code)
        if not re.search(pat, raw):
            near = "".join(re.escape(ch) + "\n?" for ch in code)
            m = re.search(near, raw)
            problems.append("%r %s" % (code, "is split inside a word: %r" % m.group(0)
                                       if m else "is not printed whole"))
    return "%d addresses and codes" % len(codes)


def check_glue(pages, problems):
    n = 0
    for no, page in enumerate(pages, 1):
        lines = rows_of(body_lines(page))
        for prev, ln in zip(lines, lines[1:]):
            words = ln["words"]
            if prev["text"].endswith(":") and abs(ln["x0"] - BODY_LEFT) < 40 and len(words) == 1 \
                    and len(words[0][4]) <= 12 and re.search(r"\d", words[0][4]):
                problems.append("page %d: %r stands alone after %r" % (no, ln["text"], prev["text"]))
            n += 1
    return "%d lines" % n


def check_gap(pages, facts, problems):
    found = 0
    for label in facts["field_labels"]:
        k = len(label)
        for no, page in enumerate(pages, 1):
            for ln in rows_of(body_lines(page)):
                w = ln["words"]
                for i in range(1, len(w) - k + 1):
                    after_field = any(v[4].endswith(":") for v in w[:i])
                    if after_field and [v[4] for v in w[i:i + k - 1]] == label[:-1] and \
                            w[i + k - 1][4].startswith(label[-1]):
                        found += 1
                        gap = w[i][0] - w[i - 1][2]
                        if gap < 6.0:
                            problems.append("page %d: only %.1f pt between %r and the field %r" % (
                                no, gap, w[i - 1][4], " ".join(label)))
    return "%d fields after another on one line" % found


def check_blanks(pages, facts, problems):
    labels = {" ".join(l[:2]) for l in facts["field_labels"]}
    n = 0
    for no, page in enumerate(pages, 1):
        right = page[0] - RIGHT_MARGIN
        for ln in rows_of(body_lines(page)):
            w = ln["words"]
            # A blank is dots alone: "………" (a word processor's tab leader adds "....."); a
            # blank with its closing ")" or "%" attached ends the line in text, not in a blank.
            if not re.fullmatch(r"…[….]*", w[-1][4]) or len(w) < 2 or not at_indent(ln):
                continue
            n += 1
            # Word spaces only: the gap before a blank (centred in its length) or before the
            # next field's label (an em, on purpose) is not a stretched space.
            gaps = [b[0] - a[2] for a, b, c in zip(w, w[1:], w[2:] + [None])
                    if "…" not in a[4] + b[4] and not (c and b[4] + " " + c[4] in labels)]
            gaps = [g for g in gaps if g > 0] or [0]
            if max(gaps) > NATURAL_GAP:
                problems.append("page %d: line ending in a blank is stretched (gap %.1f pt): %r" % (
                    no, max(gaps), ln["text"]))
            if w[-1][2] < right - 14:
                problems.append("page %d: blank stops %.0f pt short of the margin: %r" % (
                    no, right - w[-1][2], ln["text"]))
    return "%d lines ending in a blank" % n


def main():
    check, pdf, layout = sys.argv[1:4]
    facts = layout_facts(layout)
    pages = pages_of(pdf)
    problems = []
    if check == "signature":
        what = check_signature(pages, facts, problems)
    elif check == "breaks":
        # A blank form's empty rows hold no text, so its last text may be a group row with
        # empty rows below it: group rows are checked on filled-in reports only (--filled).
        what = check_breaks(pages, facts, problems, "--filled" in sys.argv)
    elif check == "urls":
        what = check_urls(pdf, sys.argv[4], problems)
    elif check == "widows":
        what = check_widows(pages, problems)
    elif check == "rows":
        what = check_rows(pages, problems)
    elif check == "glue":
        what = check_glue(pages, problems)
    elif check == "gap":
        what = check_gap(pages, facts, problems)
    elif check == "blanks":
        what = check_blanks(pages, facts, problems)
    else:
        sys.exit("typocheck.py: unknown check %r" % check)
    for p in problems:
        print(p)
    if not problems:
        print("checked %s" % what)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

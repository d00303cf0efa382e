#!/usr/bin/python3
"""xlsxfill.py — fills a template workbook from `baocao template --format xlsx` the way a unit's
staff would in a spreadsheet program (openpyxl here): numbers as numbers, dates as dates, a choice
as the wording its drop-down offers, list rows under each list sheet's header.

    xlsxfill.py LAYOUT.yaml DATA.yaml TEMPLATE.xlsx OUT.xlsx [--shuffle] [--bad WHAT]

Cells are found the way a person finds them: by the row of the field (its key sits in the hidden
column of "Số liệu") and the "Giá trị" column, and by the list sheets' header rows. Nothing of
baocao's reader is used.
--shuffle   moves rows and sheets about and adds a sheet of its own (a workbook not quite ours);
--bad text|sheet|date|formula   one mistake a unit makes: text in a number cell, a list sheet
            deleted, a date typed as text, a formula (=1/0; LibreOffice later caches #DIV/0!).
Prints where the mistake is ("Số liệu!D12") for --bad.
"""
import datetime
import sys

import openpyxl
import yaml



def main():
    args = sys.argv[1:]
    shuffle = "--shuffle" in args
    bad = args[args.index("--bad") + 1] if "--bad" in args else None
    layout_path, data_path, tmpl, out = [a for a in args if not a.startswith("--") and a != bad][:4]
    layout = yaml.safe_load(open(layout_path, encoding="utf-8"))
    data = yaml.safe_load(open(data_path, encoding="utf-8"))
    fields = layout["fields"]
    wb = openpyxl.load_workbook(tmpl)
    meta = wb["_baocao"]
    # The drop-downs' wording: the hidden sheet's columns, headed by the field key.
    wording = {}
    for col in meta.iter_cols(min_col=5):
        if col[0].value:
            wording[col[0].value] = [c.value for c in col[1:] if c.value is not None]
    where = None

    def typed(key, spec, value):
        t = spec.get("type")
        if value is None:
            return None
        if t in ("integer", "year"):
            return int(str(value).replace(".", ""))
        if t in ("decimal", "percent"):
            return float(str(value).replace(".", "").replace(",", ".")) if isinstance(value, str) else float(value)
        if t == "date":
            s = str(value)
            if "/" in s:
                d, m, y = s.split("/")
                return datetime.datetime(int(y), int(m), int(d))
            return datetime.datetime.fromisoformat(s)
        if t == "choice":
            opts = spec["options"]
            words = wording.get(key)
            return words[opts.index(value)] if words else value
        if t == "choices":
            return "; ".join(value if isinstance(value, list) else [value])
        return str(value)

    ws = wb["Số liệu"]
    header = next(r for r in ws.iter_rows() if any(c.value == "Giá trị" for c in r))
    vcol = next(c.column for c in header if c.value == "Giá trị")
    kcol = next(c.column for c in header if c.value == "khóa")
    for row in ws.iter_rows(min_row=header[0].row + 1):
        key = row[kcol - 1].value
        if key in data and fields[key].get("type") != "list" and "compute" not in fields[key]:
            ws.cell(row=row[0].row, column=vcol, value=typed(key, fields[key], data[key]))
            if bad == "text" and key == "so_may_de_ban":
                ws.cell(row=row[0].row, column=vcol, value="bảy mươi tám")
                where = "Số liệu!%s%d" % (openpyxl.utils.get_column_letter(vcol), row[0].row)
            if bad == "date" and key == "tu_ngay":
                ws.cell(row=row[0].row, column=vcol, value="ngày 1 tháng 12 năm 2018")
                where = "Số liệu!%s%d" % (openpyxl.utils.get_column_letter(vcol), row[0].row)
            if bad == "formula" and key == "so_may_chu":
                ws.cell(row=row[0].row, column=vcol, value="=1/0")
                where = "Số liệu!%s%d" % (openpyxl.utils.get_column_letter(vcol), row[0].row)

    for sheet in wb.worksheets:
        if sheet.title in ("Số liệu", "_baocao", "Hướng dẫn"):
            continue
        keyrow = next(r for r in sheet.iter_rows(max_row=5) if any(
            isinstance(c.value, str) and "[]." in c.value for c in r))
        cols = {}
        for c in keyrow:
            if isinstance(c.value, str) and "[]." in c.value:
                lst, col = c.value.split("[].")
                cols[col] = c.column
        rows = data.get(lst) or []
        for i, item in enumerate(rows):
            for col, x in cols.items():
                spec = fields[lst]["columns"][col]
                if col in item and "compute" not in spec:
                    sheet.cell(row=keyrow[0].row + 1 + i, column=x,
                               value=typed(lst + "[]." + col, spec, item[col]))

    if shuffle:
        # Rows of "Số liệu" in reverse order below the header, a sheet of the unit's own first.
        first = header[0].row + 1
        # (a row moves whole, with its cells' number formats, as cut and paste moves it)
        rows = [[(c.value, c.number_format) for c in r] for r in ws.iter_rows(min_row=first)]
        for i, values in enumerate(reversed(rows)):
            for j, (v, fmt) in enumerate(values):
                c = ws.cell(row=first + i, column=j + 1)
                c.value = v
                c.number_format = fmt
        own = wb.create_sheet("Ghi chú của đơn vị", 0)
        own["A1"] = "Người lập: Nguyễn Văn A"
        own["B2"] = 12345
        wb.move_sheet(wb["Bảng 3A.3, nhóm C"], offset=-5)
    if bad == "sheet":
        del wb["Bảng 3A.2, nhóm A"]
        where = "Bảng 3A.2, nhóm A"
    wb.save(out)
    if where:
        print(where)


if __name__ == "__main__":
    main()

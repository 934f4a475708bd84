"""Data files of resolved blocks: one block as CSV or XLSX, a page as one workbook (a filters sheet, one sheet per block).

Every file starts with the filters in words (``Meta.lines()``, which carries the sample notice when the
database is the sample), then the block's title and caption, then its exact table. Numbers stay numbers:
CSV writes them machine-readable (13712, 0.0661 for a ratio), XLSX as numeric cells with Excel number
formats, so the user's Excel shows them in the local style (13.712; 6,61%).

This module must never recompute, round or re-scale a number, never write an unknown value as 0 (it is
an empty cell), never write a formula or hyperlink, and never let a text cell start like a formula
(OWASP CSV injection: ``safe_text``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import numbers
import re

import numpy as np
import pandas as pd
import xlsxwriter

from data import cells
from reports.model import NUMERIC_FORMATS, Item, Meta, cell_format

EXCEL_FORMATS = {"int": "#,##0", "dec1": "#,##0.0", "dec2": "#,##0.00", "pct": "0.00%", "date": "dd/mm/yyyy"}

_SHEET_MAX = 31
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _text(lang: str) -> dict[str, str]:
    vi = lang != "en"
    return {
        "empty": "Không có số liệu cho lựa chọn này" if vi else "No data for this selection",
        "filters": "Bộ lọc" if vi else "Filters",
        "sheet": "Bảng" if vi else "Table",
        "contents": "Các trang tính" if vi else "Sheets",
    }


def safe_text(value) -> str:
    """A text cell that cannot run as a formula (``data.cells.csv_text``, the one rule of every writer). Only text
    is guarded; callers write numbers as numbers (a negative number stays a number)."""
    return cells.csv_text(value)


def classify(value) -> tuple[str, object]:
    """('blank', None) | ('number', int|float) | ('date', date|datetime) | ('text', str) for one table cell.

    Unknown values (None, NA, NaN, NaT, infinities) are 'blank', never 0. Booleans are text.
    """
    if value is None or value is pd.NaT or value is pd.NA:
        return "blank", None
    if isinstance(value, (bool, np.bool_)):
        return "text", str(bool(value))
    if isinstance(value, numbers.Integral):
        return "number", int(value)
    if isinstance(value, numbers.Number):
        try:
            f = float(value)
        except (TypeError, ValueError):
            return "text", str(value)
        if math.isnan(f) or math.isinf(f):
            return "blank", None
        return "number", f
    if isinstance(value, pd.Timestamp):
        value = value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return "blank", None
        value = pd.Timestamp(value).to_pydatetime()
    if isinstance(value, dt.datetime):
        return "date", value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return "date", value
    try:
        if pd.isna(value):
            return "blank", None
    except (TypeError, ValueError):
        pass
    return "text", str(value)


def _column_format(item: Item, column, values: list) -> str:
    """The declared format of a column, or one inferred from its values (whole numbers 'int', else 'dec2')."""
    fmt = item.formats.get(column) if isinstance(item.formats, dict) else None
    if fmt:
        return fmt
    kinds = [classify(v) for v in values]
    nums = [v for k, v in kinds if k == "number"]
    if nums and all(k in ("number", "blank") for k, _ in kinds):
        return "int" if all(float(v).is_integer() for v in nums) else "dec2"
    if any(k == "date" for k, _ in kinds):
        return "date"
    return "text"


def _rows(table: pd.DataFrame) -> list[list]:
    return [list(row) for row in table.itertuples(index=False, name=None)]


# --- CSV --------------------------------------------------------------------------------------------------


def _csv_number(value) -> str:
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return np.format_float_positional(value, trim="-")


def _csv_cell(value) -> str:
    kind, v = classify(value)
    if kind == "blank":
        return ""
    if kind == "number":
        return _csv_number(v)
    if kind == "date":
        if isinstance(v, dt.datetime) and v.time() != dt.time(0):
            return v.strftime("%Y-%m-%d %H:%M:%S")
        return v.strftime("%Y-%m-%d")
    return safe_text(v)


def csv_bytes(item: Item, meta: Meta) -> bytes:
    """One block as CSV: UTF-8 with BOM, comma-separated; the filters block, title, caption, a blank row, the table.

    Numbers are machine-readable (integers plainly, decimals with '.', ratios as ratios; a percentage column — its
    header says "(%)" — in percent: 92.31 for +92,31 %, not 0.9231), dates ISO (2024-09-30), unknown values empty.
    Every text cell and header goes through ``safe_text``.
    """
    t = _text(meta.lang)
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for label, value in meta.lines():
        w.writerow([safe_text(label), safe_text(value)])
    w.writerow([safe_text(item.title)])
    if item.caption:
        w.writerow([safe_text(item.caption)])
    w.writerow([])
    table = item.table if isinstance(item.table, pd.DataFrame) else pd.DataFrame()
    columns = list(table.columns)
    rows = _rows(table)
    if columns:
        w.writerow([safe_text(str(c)) for c in columns])
    if not rows:
        w.writerow([t["empty"]])
    percent = [item.formats.get(c) == "pct" and "(%)" in str(c) for c in columns]
    for row in rows:
        w.writerow([_csv_cell(_percent(v) if p else v) for v, p in zip(row, percent)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _percent(value):
    """A share as percent for a CSV cell (0.9231 -> 92.31); anything not a number as it is."""
    kind, v = classify(value)
    return round(float(v) * 100, 6) if kind == "number" else value


# --- XLSX -------------------------------------------------------------------------------------------------


def _xlsx_text(value) -> str:
    """Text for an XLSX cell: written as a string cell with Excel's quote prefix (never a formula), so
    '=1+1' shows exactly as typed — no apostrophe added as in CSV."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _new_workbook(buf: io.BytesIO, meta: Meta) -> xlsxwriter.Workbook:
    wb = cells.workbook(buf, in_memory=True, nan_inf_to_errors=False)    # text never a formula or a link
    wb.set_properties({"title": meta.title, "company": meta.department,
                       "comments": meta.sample_notice if meta.is_sample else ""})
    return wb


class _Styles:
    """The few cell formats of one workbook (xlsxwriter formats belong to their workbook)."""

    def __init__(self, wb: xlsxwriter.Workbook):
        self.wb = wb
        self.label = wb.add_format({"quote_prefix": True, "bold": True, "valign": "top"})
        self.value = wb.add_format({"quote_prefix": True, "valign": "top"})
        self.title = wb.add_format({"quote_prefix": True, "bold": True, "font_size": 13})
        self.caption = wb.add_format({"quote_prefix": True, "italic": True, "font_color": "#616161"})
        self.notice = wb.add_format({"quote_prefix": True, "bold": True, "font_color": "#B71C1C"})
        self.header = wb.add_format({"quote_prefix": True, "bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
        self.text = wb.add_format({"quote_prefix": True, "valign": "top"})
        self.number: dict[str, object] = {}

    def num(self, fmt: str):
        key = fmt if fmt in EXCEL_FORMATS else "general"
        if key not in self.number:
            self.number[key] = self.wb.add_format({"num_format": EXCEL_FORMATS[key]} if key != "general" else {})
        return self.number[key]


def sheet_name(title: str, used: set[str], fallback: str = "Bảng") -> str:
    """An Excel sheet name from a title: no []:*?/\\, at most 31 characters, unique (case-insensitively) in ``used``.

    The chosen name is added to ``used`` (which holds casefolded names).
    """
    base = _SHEET_BAD.sub(lambda m: "-" if m.group(0) in "/\\" else " ", str(title or ""))
    base = re.sub(r"\s+", " ", base).strip().strip("'").strip() or fallback
    if base.casefold() == "history":
        base = f"{base} (1)"
    name = _cut(base, _SHEET_MAX) or fallback
    n = 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name = _cut(base, _SHEET_MAX - len(suffix)) + suffix
        n += 1
    used.add(name.casefold())
    return name


def _cut(text: str, most: int) -> str:
    """``text`` in at most ``most`` characters, cut at a word boundary ("Người theo dõi bình quân mỗi", not "… mỗi
    kê"); a first word longer than that is cut inside. No trailing space, quote or dash left behind."""
    if len(text) <= most:
        return text.rstrip().strip("'")
    head = text[:most + 1]
    cut = head.rfind(" ")
    out = head[:cut] if cut > 0 else text[:most]
    return out.rstrip(" -–—,;.").strip("'").rstrip() or text[:most].strip("'")


def _display_len(kind: str, value, fmt: str) -> int:
    """Roughly how many characters Excel shows for a cell (for column widths)."""
    if kind == "blank":
        return 0
    if kind == "number":
        if fmt == "pct":
            return len(f"{value * 100:,.2f}%")
        decimals = {"dec1": 1, "dec2": 2}.get(fmt, 0 if float(value).is_integer() or fmt == "int" else 2)
        return len(f"{value:,.{decimals}f}")
    if kind == "date":
        return 10 if fmt == "date" or not isinstance(value, dt.datetime) else 16
    return max((len(line) for line in str(value).splitlines()), default=0)


def _write_meta(ws, styles: _Styles, meta: Meta, row: int = 0) -> int:
    """The filters block (label | value) from ``row``; returns the next free row."""
    notice = meta.sample_notice if meta.is_sample else None
    for label, value in meta.lines():
        ws.write_string(row, 0, _xlsx_text(label), styles.label)
        ws.write_string(row, 1, _xlsx_text(value), styles.notice if notice and value == notice else styles.value)
        row += 1
    return row


def _write_item(ws, styles: _Styles, item: Item, meta: Meta) -> None:
    """One block into one worksheet: filters, title, caption, then the table (used by every XLSX writer)."""
    t = _text(meta.lang)
    row = _write_meta(ws, styles, meta)
    row += 1
    ws.write_string(row, 0, _xlsx_text(item.title), styles.title)
    row += 1
    if item.caption:
        ws.write_string(row, 0, _xlsx_text(item.caption), styles.caption)
        row += 1
    row += 1

    table = item.table if isinstance(item.table, pd.DataFrame) else pd.DataFrame()
    columns = list(table.columns)
    rows = _rows(table)
    fmts = [_column_format(item, c, [r[i] for r in rows]) for i, c in enumerate(columns)]
    widths = [0] * max(len(columns), 1)
    widths[0] = max(len(label) for label, _ in meta.lines())

    header_row = row
    for c, name in enumerate(columns):
        text = _xlsx_text(str(name))
        ws.write_string(row, c, text, styles.header)
        widths[c] = max(widths[c], min(len(text), 30))
    if columns:
        row += 1
    if not rows:
        ws.write_string(row, 0, t["empty"], styles.caption)
    for values in rows:
        for c, value in enumerate(values):
            kind, v = classify(value)
            fmt = fmts[c]
            if kind == "number":
                # a number in a 'text' or 'date' column (a year, a code) keeps Excel's General format: 2024
                ws.write_number(row, c, v, styles.num(cell_format(fmt, v) if fmt in NUMERIC_FORMATS else "general"))
            elif kind == "date":
                ws.write_datetime(row, c, v, styles.num("date"))
            elif kind == "text":
                ws.write_string(row, c, _xlsx_text(v), styles.text)
            widths[c] = max(widths[c], _display_len(kind, v, fmt))
        row += 1

    for c, width in enumerate(widths):
        ws.set_column(c, c, min(max(width + 2, 8), 60))
    if columns:
        ws.freeze_panes(header_row + 1, 0)
        if rows:
            ws.autofilter(header_row, 0, row - 1, len(columns) - 1)


def xlsx_bytes(item: Item, meta: Meta) -> bytes:
    """One block as an XLSX workbook with one sheet named after the block's title."""
    buf = io.BytesIO()
    wb = _new_workbook(buf, meta)
    styles = _Styles(wb)
    ws = wb.add_worksheet(sheet_name(item.title, set(), _text(meta.lang)["sheet"]))
    _write_item(ws, styles, item, meta)
    wb.close()
    return buf.getvalue()


def workbook_bytes(items: list[Item], meta: Meta) -> bytes:
    """A page as one workbook: the filters sheet ("Bộ lọc" / "Filters") first, then one sheet per block, in order."""
    t = _text(meta.lang)
    buf = io.BytesIO()
    wb = _new_workbook(buf, meta)
    styles = _Styles(wb)
    used = {t["filters"].casefold()}
    first = wb.add_worksheet(t["filters"])
    names = [sheet_name(item.title, used, t["sheet"]) for item in items]

    row = _write_meta(first, styles, meta)
    if items:
        row += 1
        first.write_string(row, 0, t["contents"], styles.label)
        row += 1
        for name, item in zip(names, items):
            first.write_string(row, 0, _xlsx_text(name), styles.value)
            first.write_string(row, 1, _xlsx_text(item.title), styles.value)
            row += 1
    first.set_column(0, 0, max(14, *(len(label) + 2 for label, _ in meta.lines()), *(len(n) + 2 for n in names)))
    first.set_column(1, 1, 80)

    for name, item in zip(names, items):
        _write_item(wb.add_worksheet(name), styles, item, meta)
    wb.close()
    return buf.getvalue()

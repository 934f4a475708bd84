"""Import templates and exports in exactly the template format, one per import kind.

``template(con, kind, out)`` writes an XLSX (or a CSV with the same headers) that a data officer fills
in: the data sheet with the Vietnamese headers of ``data.kinds.KINDS[kind]``, an instructions sheet
"Hướng dẫn" (what each column means, the formats 13.712 / 09/2024 / dd/mm/yyyy, that personal data is
refused, the kind's two example rows), and a hidden sheet "Danh mục" with the lists the drop-downs of the data
sheet use (``data.kinds.types.LISTS``: platforms, activity types, source levels, current unit codes, period
kinds, metrics, contest formats, programme indicators, programmes). The importer skips the two helper sheets by name.

``export(con, kind, out, ...)`` writes rows from the database in the same format, so importing the file
into a database that lacks those rows recreates them and into one that has them changes nothing.

Nothing here knows a kind by name: headers, help and example rows come from the kind's declaration, each
cell's format and value from its column type; the export queries are in ``data.sql.EXPORTS``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import duckdb

from data import cells
from data import sql as q
from data.importer import INSTRUCTIONS_SHEET, LISTS_SHEET
from data.kinds import KINDS, Kind, kind_of  # noqa: F401  (kind_of: the name callers use)
from data.kinds.base import ExampleContext, month_end
from data.kinds.contests import CONTEST_FORMATS  # noqa: F401  (formats offered before the database has any)
from data.kinds.types import LISTS, ColumnType
from data.lookups import Lookups

MAX_ROWS = 20000    # rows of the data sheet that carry the drop-down validations


def sheet_name(kind: Kind) -> str:
    return kind.label[:31]


def headers(kind: Kind) -> list[str]:
    return [c.header for c in kind.columns]


def lists(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """The drop-down lists (``data.kinds.types.LISTS``): list name -> [(value written in the cell, explanation)]."""
    cur = con.cursor()
    try:
        return {name: [tuple(item) for item in drop.load(cur)] for name, drop in LISTS.items()}
    finally:
        cur.close()


# the title of each list in the hidden sheet
LIST_TITLES = {name: drop.title for name, drop in LISTS.items()}


# ---- rows from the database -----------------------------------------------------------------------

def _month_bounds(month_from: dt.date | None, month_to: dt.date | None) -> tuple[dt.date, dt.date]:
    lo = month_from or dt.date(1900, 1, 1)
    hi = month_to or dt.date(2999, 12, 1)
    return lo, month_end(hi)


def _unit_code(code) -> str:
    """A unit code as the units table writes it ('1' -> '01')."""
    return str(code).zfill(2) if str(code).isdigit() else str(code)


def unknown_units(con, codes) -> list[str]:
    """The codes, among ``codes``, of no unit at all (current, old or commune-level): an export filtered by one of
    them would write an empty file as if the unit had sent nothing."""
    known = set(Lookups(con).codes.values())
    return [str(code) for code in codes if _unit_code(code) not in known]


def export_rows(con, kind: Kind, units=None, month_from: dt.date | None = None,
                month_to: dt.date | None = None) -> list[list]:
    """The kind's rows, filtered by unit codes (any unit with that code) and report months, in template order and
    as the file holds them (each column's type turns the stored value into its cell: a key into its label)."""
    select, unit_col, period, order = q.EXPORTS[kind.key]
    lo, hi = _month_bounds(month_from, month_to)
    params: dict = {"lo": lo, "hi": hi}
    where = [period]
    if units:
        names = []
        for i, code in enumerate(units):
            params[f"u{i}"] = _unit_code(code)
            names.append(f"$u{i}")
        codes = ", ".join(names)
        where.append(unit_col.format(codes=codes) if "{codes}" in unit_col else f"{unit_col} in ({codes})")
    cur = con.cursor()
    try:
        rows = cur.execute(q.EXPORT.format(select=select, where=" and ".join(where), order=order), params).fetchall()
    finally:
        cur.close()
    lookups = Lookups(con)
    convert = [(i, c.type) for i, c in enumerate(kind.columns) if type(c.type).to_file is not ColumnType.to_file]
    out = []
    for r in rows:
        r = list(r)
        for i, t in convert:
            r[i] = t.to_file(r[i], lookups)
        out.append(r)
    return out


# ---- example rows ------------------------------------------------------------------------------------

def examples(con, kind: Kind) -> list[list]:
    """Two plausible rows that import cleanly into the database they are drawn from (new rows where possible):
    the kind's own ``examples``."""
    cur = con.cursor()
    try:
        return kind.examples(cur, ExampleContext.of(cur))
    finally:
        cur.close()


# ---- writing -------------------------------------------------------------------------------------------

def csv_cell(col, value) -> str:
    return col.type.csv(value)


def csv_bytes(kind: Kind, rows: list[list]) -> bytes:
    """Rows of file values (in the kind's column order, as ``export_rows`` and ``examples`` give them) as a CSV file
    in the template format: UTF-8 with BOM (Excel opens it with the diacritics intact), comma-separated, each cell
    written by its column type. What a form that edits existing rows hands to ``importer.read``."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headers(kind))
    for r in rows:
        writer.writerow([csv_cell(c, v) for c, v in zip(kind.columns, r)])
    return out.getvalue().encode("utf-8-sig")


def write_csv(kind: Kind, out: Path, rows: list[list]) -> None:
    Path(out).write_bytes(csv_bytes(kind, rows))


def write_xlsx(con, kind: Kind, out: Path, rows: list[list], example_rows: list[list] | None = None) -> None:
    book = cells.workbook(str(out))       # text cells stay text: never a formula, a link or a number
    try:
        fmt = {
            "head": book.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": True,
                                     "valign": "top"}),
            "text": book.add_format({"num_format": "@"}),
            "date": book.add_format({"num_format": "dd/mm/yyyy"}),
            "count": book.add_format({"num_format": "#,##0"}),
            "number": book.add_format({"num_format": "#,##0.##"}),
            "title": book.add_format({"bold": True, "font_size": 14}),
            "bold": book.add_format({"bold": True}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        }
        data = book.add_worksheet(sheet_name(kind))
        guide = book.add_worksheet(INSTRUCTIONS_SHEET)
        listing = book.add_worksheet(LISTS_SHEET)
        drop = lists(con)
        _write_lists(listing, drop, fmt)
        listing.hide()
        _write_data(data, kind, rows, fmt, drop)
        _write_guide(guide, kind, example_rows if example_rows is not None else examples(con, kind), fmt)
        data.activate()
    finally:
        book.close()


def _col_format(col, fmt):
    return fmt[col.type.cell_format] if col.type.cell_format else None


def _write_row(sheet, r: int, kind: Kind, row: list, fmt) -> None:
    for c, (col, value) in enumerate(zip(kind.columns, row)):
        v = col.type.xlsx(value)
        cell_fmt = _col_format(col, fmt)
        if v is None:
            continue
        if isinstance(v, dt.date):
            sheet.write_datetime(r, c, dt.datetime.combine(v, dt.time()), cell_fmt)
        elif isinstance(v, str):
            sheet.write_string(r, c, v, cell_fmt)
        else:
            sheet.write_number(r, c, v, cell_fmt)


def _write_lists(sheet, drop: dict, fmt) -> None:
    for c, (name, items) in enumerate(drop.items()):
        sheet.write_string(0, 2 * c, LIST_TITLES[name], fmt["bold"])
        for r, (value, note) in enumerate(items, start=1):
            sheet.write_string(r, 2 * c, str(value))
            sheet.write_string(r, 2 * c + 1, str(note))


def _write_data(sheet, kind: Kind, rows: list[list], fmt, drop: dict) -> None:
    order = list(drop)
    for c, col in enumerate(kind.columns):
        sheet.write_string(0, c, col.header, fmt["head"])
        sheet.set_column(c, c, max(14, min(40, len(col.header) + 6)), _col_format(col, fmt))
        listing = col.listing
        if listing in drop and drop[listing]:
            letter = _letter(2 * order.index(listing))
            sheet.data_validation(1, c, MAX_ROWS, c, {
                "validate": "list", "source": f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(drop[listing]) + 1}",
                "error_type": "warning", "ignore_blank": True,
                "error_title": "Giá trị ngoài danh mục",
                "error_message": f"“{col.header}”: hãy chọn trong danh sách (xem trang “{INSTRUCTIONS_SHEET}”)."})
    sheet.freeze_panes(1, 0)
    for r, row in enumerate(rows, start=1):
        _write_row(sheet, r, kind, row, fmt)


def _letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


GENERAL_RULES = [
    "Mỗi tệp chỉ chứa một loại báo cáo; giữ nguyên dòng tiêu đề (dòng 1) của trang số liệu, mỗi dòng sau là "
    "một dòng số liệu.",
    "Số viết kiểu Việt Nam: 13.712 (dấu chấm ngăn cách hàng nghìn), 1.234,5 (dấu phẩy thập phân); "
    "số lượng phải là số nguyên không âm.",
    "Tháng báo cáo viết 09/2024 (cũng nhận 9/2024, Tháng 9/2024, T9/2024, 2024-09).",
    "Ngày viết dd/mm/yyyy, ví dụ 02/09/2024.",
    "Mã đơn vị là mã tỉnh/thành (ví dụ 14 = Sơn La); từ 01/07/2025 phải dùng mã của 34 đơn vị mới — "
    "danh sách mã hiện hành có trong ô chọn của cột.",
    "Hệ thống chỉ nhận số liệu tổng hợp của tổ chức. Tệp có cột chứa dữ liệu cá nhân (họ tên, số điện "
    "thoại, số CCCD/CMND, ngày sinh, email, địa chỉ nhà…) bị từ chối toàn bộ.",
    "Tệp được kiểm tra toàn bộ trước khi nhập: có lỗi ở bất kỳ dòng nào thì không nhập gì; nhập lại cùng tệp "
    "không thay đổi gì; tệp sửa lại cho cùng khóa sẽ thay thế số liệu cũ, và mỗi lần nhập có thể hoàn tác.",
    "Trang “Hướng dẫn” và trang danh mục ẩn được bỏ qua khi nhập. Cũng có thể lưu trang số liệu thành CSV "
    "(UTF-8) với cùng dòng tiêu đề.",
]


def _write_guide(sheet, kind: Kind, example_rows: list[list], fmt) -> None:
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 100)
    sheet.write_string(0, 0, f"Mẫu nhập số liệu: {kind.label}", fmt["title"])
    sheet.write_string(1, 0, f"Điền số liệu vào trang “{sheet_name(kind)}”, mỗi dòng một "
                             f"khóa ({', '.join(kind.column(k).header for k in _key_headers(kind))}).")
    r = 3
    for c, text in enumerate(("Cột", "Bắt buộc", "Ý nghĩa, cách ghi")):
        sheet.write_string(r, c, text, fmt["head"])
    for col in kind.columns:
        r += 1
        sheet.write_string(r, 0, col.header, fmt["bold"])
        sheet.write_string(r, 1, "có" if col.required else "không")
        sheet.write_string(r, 2, col.help, fmt["wrap"])
    r += 2
    sheet.write_string(r, 0, "Quy tắc chung", fmt["bold"])
    for text in GENERAL_RULES:
        r += 1
        sheet.write_string(r, 0, "•")
        sheet.write_string(r, 2, text, fmt["wrap"])
    r += 2
    sheet.write_string(r, 0, "Ví dụ (2 dòng)", fmt["bold"])
    r += 1
    for c, col in enumerate(kind.columns):
        sheet.write_string(r, c, col.header, fmt["head"])
    for row in example_rows:
        r += 1
        _write_row(sheet, r, kind, row, fmt)


def _key_headers(kind: Kind) -> list[str]:
    """The natural key as the file's columns (``unit_id`` is written as its code, ``Column.stored``)."""
    if kind.file_key:
        return list(kind.file_key)
    return [c.key for c in (kind.column_of(k) for k in kind.natural_key) if c is not None]


def template(con, kind_key: str, out, examples_in_data: bool = False) -> int:
    """Write the template (XLSX, or CSV when ``out`` ends in .csv). Returns the number of data rows written."""
    kind = kind_of(kind_key)
    rows = examples(con, kind) if examples_in_data else []
    _write(con, kind, Path(out), rows)
    return len(rows)


def export(con, kind_key: str, out, units=None, month_from=None, month_to=None, fmt: str | None = None) -> int:
    """Rows of the database in exactly the template format. Returns the number of rows written."""
    kind = kind_of(kind_key)
    rows = export_rows(con, kind, units, month_from, month_to)
    _write(con, kind, Path(out), rows, fmt)
    return len(rows)


def _write(con, kind: Kind, out: Path, rows: list[list], fmt: str | None = None) -> None:
    fmt = (fmt or out.suffix.lstrip(".") or "xlsx").lower()
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"định dạng “{fmt}” không hỗ trợ; dùng xlsx hoặc csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        write_csv(kind, out, rows)
    else:
        write_xlsx(con, kind, out, rows)

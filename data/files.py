"""Reading a report file (XLSX or CSV) into dictionary-encoded columns, one list per sheet: each distinct cell of
a column is stored once, so the importer parses and checks it once however many rows repeat it.

Plain CSV goes through pyarrow (split exactly as ``csv.reader`` would); CSV with quotes and XLSX through
``csv.reader`` / calamine. Text encodings: ``data.parse.decode`` (a file mixing encodings is refused).

Before any cell is parsed the file is held to ``data.limits``: an XLSX file's members are inflated with a budget
(unpacked size, compression ratio, rows counted in each sheet's XML), a CSV's lines and fields are counted; a file
over a limit is refused at once with a Vietnamese message.

A workbook means what a person sees in Excel (issue 12 §4):

- hidden and very hidden sheets are not read (``Book.hidden`` names them; the importer says so, except the
  template's own hidden list sheet);
- a formula cell is read as the value Excel last calculated; one without a calculated value (a file written by a
  program and never opened in Excel) is refused with its cell (``Sheet.uncomputed``) — it would read as empty;
- a merged range reads as Excel shows it: its top-left value over the whole range, in every row of the range that
  holds other data (``Sheet.merged`` names each range; blank rows stay blank);
- duplicate headers are the importer's to refuse (``data.importer``).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

import numpy as np
import pandas as pd

from data import limits, parse


class Coded:
    """A column dictionary-encoded: row i holds ``values[codes[i]]`` (``values`` an object array), so that
    each distinct cell is parsed and checked once however many rows repeat it."""

    __slots__ = ("codes", "values")

    def __init__(self, codes: np.ndarray, values: np.ndarray):
        self.codes, self.values = codes, values

    def take(self, rows: np.ndarray) -> Coded:
        return Coded(self.codes[rows], self.values)

    def array(self) -> np.ndarray:
        return self.values[self.codes]


def objects(items) -> np.ndarray:
    items = list(items)
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _encode(cells: np.ndarray) -> Coded:
    """Dictionary-encode one column of cells. Cells are told apart by type as well as value (1, 1.0 and True
    are different cells: they read differently)."""
    types = set(map(type, cells))
    if len(types) == 1 and type(None) not in types:
        codes, values = pd.factorize(cells, use_na_sentinel=False)
        return Coded(codes.astype(np.int64, copy=False), objects(values))
    seen: dict = {}
    codes = np.fromiter((seen.setdefault((type(c), c), len(seen)) for c in cells), dtype=np.int64, count=len(cells))
    return Coded(codes, objects(c for _t, c in seen))


def _encode_rows(rows: list[list]) -> tuple[list[Coded], int]:
    """Rows of cells -> dictionary-encoded columns; short rows are padded with None (a missing cell)."""
    n = len(rows)
    width = max(map(len, rows), default=0)
    if not n or not width:
        return [], n
    grid = np.empty((n, width), dtype=object)
    if all(len(r) == width for r in rows):
        grid[:] = rows
    else:
        for i, r in enumerate(rows):
            grid[i, :len(r)] = r
    return [_encode(grid[:, j]) for j in range(width)], n


def _csv_columns(text: str, dialect) -> tuple[list[Coded], int] | None:
    """The fast path for plain CSV (no quote, escape or lone carriage-return characters, no NUL, rows of equal
    length): pyarrow splits it exactly as ``csv.reader`` would and dictionary-encodes each column. None when the
    file needs ``csv.reader``."""
    if (dialect.skipinitialspace or "\x00" in text or (dialect.quotechar and dialect.quotechar in text)
            or (dialect.escapechar and dialect.escapechar in text) or "\r" in text.replace("\r\n", "")):
        return None
    import pyarrow as pa
    import pyarrow.csv as pacsv

    first = next((line for line in text.split("\n", 50) if line.strip("\r")), "")
    width = len(first.rstrip("\r").split(dialect.delimiter))
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(delimiter=dialect.delimiter, quote_char=False, double_quote=False,
                                             escape_char=False, newlines_in_values=False, ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(width)},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, ValueError):
        return None
    if table.num_columns != width or any(t != pa.string() for t in table.schema.types):
        return None
    columns = []
    for column in table.columns:
        encoded = column.combine_chunks().dictionary_encode()
        columns.append(Coded(encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64),
                              objects(encoded.dictionary.to_pylist())))
    return columns, table.num_rows


@dataclass
class Sheet:
    """One sheet as read: its columns dictionary-encoded, its number of rows, and what the importer must say."""

    name: str
    columns: list[Coded]
    rows: int
    uncomputed: list[str] = field(default_factory=list)     # cells (B5) holding a formula without a calculated value
    merged: list[tuple[str, str]] = field(default_factory=list)   # (range A2:A4, its value as text) read over the range


@dataclass
class Book:
    sheets: list[Sheet]
    hidden: list[str] = field(default_factory=list)          # hidden sheets, not read


def sheets(name: str, data: bytes) -> list[tuple[str, list[Coded], int]]:
    """(sheet name, its columns dictionary-encoded, number of rows) of an XLSX or CSV file (visible sheets)."""
    return [(s.name, s.columns, s.rows) for s in read(name, data).sheets]


def read(name: str, data: bytes) -> Book:
    """An XLSX or CSV file as a ``Book``, after the limits of ``data.limits``; a file that cannot be read or is over a
    limit raises ``parse.ParseError`` with the Vietnamese reason."""
    if not data:
        raise parse.ParseError("tệp rỗng")
    if name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        return _workbook(data)
    return Book([_csv(data)])


# ---- workbooks -----------------------------------------------------------------------------------------------

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?\d*(?::([A-Z]+)\d*)?\"")
_CHUNK = 1 << 20


@dataclass
class _Part:
    """What the inflating pass learnt of one worksheet's XML."""
    rows: int = 0
    columns: int = 0
    formulas: bool = False


def _letters(col: str) -> int:
    n = 0
    for ch in col:
        n = n * 26 + ord(ch) - 64
    return n


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _inspect_zip(data: bytes) -> tuple[zipfile.ZipFile, dict[str, _Part]] | None:
    """Hold a zip-based workbook to the unpacked-size, ratio and row limits before it is read: sizes declared in the
    zip's directory first, then each member inflated with a budget (zipfile stops at the declared size and checks
    the CRC, so a member that unpacks to more than it declares is damaged). Returns the zip and, per worksheet
    path, its rows, columns (from its dimension) and whether it holds formulas; None when it is not a zip."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        infos = book.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        raise parse.ParseError(f"tệp Excel có {limits.vn(len(infos))} thành phần, không phải một bảng tính bình thường")
    cap = limits.MAX_UNCOMPRESSED_MB * 1_000_000
    declared = sum(i.file_size for i in infos)
    if declared > cap:
        raise parse.ParseError(limits.unpacked_message(declared))
    _ratio(declared, len(data))
    parts: dict[str, _Part] = {}
    total = 0
    for info in infos:
        sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        part = _Part()
        tail = b""
        try:
            with book.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > cap:
                        raise parse.ParseError(limits.unpacked_message(total))
                    if sheet:
                        window = tail + chunk
                        part.rows += sum(1 for m in _ROW_TAG.finditer(window) if m.start() >= len(tail))
                        part.formulas = part.formulas or bool(_FORMULA_TAG.search(window))
                        if not part.columns and b"dimension" in window:
                            dim = _DIMENSION.search(window)
                            if dim:
                                first, last = dim.group(1), dim.group(2) or dim.group(1)
                                part.columns = _letters(last.decode()) - _letters(first.decode()) + 1 if first else 0
                        if part.rows > limits.MAX_ROWS:
                            raise parse.ParseError(limits.rows_message(part.rows, "trang tính"))
                        tail = window[-16:]
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
            raise parse.ParseError("không đọc được tệp Excel (tệp hỏng hoặc nén sai)") from None
        _ratio(total, len(data))
        if sheet:
            if part.columns > limits.MAX_COLUMNS:
                raise parse.ParseError(limits.columns_message(part.columns, "trang tính"))
            parts[info.filename] = part
    return book, parts


def _ratio(unpacked: int, packed: int) -> None:
    if unpacked > limits.RATIO_FLOOR_MB * 1_000_000 and unpacked > limits.MAX_COMPRESSION_RATIO * max(packed, 1):
        raise parse.ParseError(limits.ratio_message(unpacked / max(packed, 1)))


def _sheet_paths(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its worksheet XML path, from the workbook's own index (empty when it cannot be read)."""
    try:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    out = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        out[sheet.get("name")] = path
    return out


def _uncomputed(book: zipfile.ZipFile, path: str) -> list[str]:
    """The cells of a worksheet that hold a formula but no value Excel calculated (in sheet order)."""
    out = []
    with book.open(path) as fh:
        for _event, elem in ElementTree.iterparse(fh, events=("end",)):
            tag = elem.tag.rsplit("}", 1)[-1]
            if tag == "c":
                f = next((x for x in elem if x.tag.rsplit("}", 1)[-1] == "f"), None)
                v = next((x for x in elem if x.tag.rsplit("}", 1)[-1] == "v"), None)
                if f is not None and (v is None or not (v.text or "")):
                    out.append(elem.get("r") or "?")
                elem.clear()
            elif tag == "row":
                elem.clear()
    return out


def _workbook(data: bytes) -> Book:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    inspected = _inspect_zip(data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        meta = {m.name: m.visible for m in book.sheets_metadata}
        charts = {m.name for m in book.sheets_metadata if m.typ not in (SheetTypeEnum.WorkSheet,)}
    except Exception:  # calamine raises its own error types, in English, for damaged files: not shown
        raise parse.ParseError(_unreadable_workbook(data)) from None
    paths = _sheet_paths(inspected[0]) if inspected else {}
    parts = inspected[1] if inspected else {}
    out = Book([])
    for name in book.sheet_names:
        if name in charts:              # a chart sheet (or a macro sheet) holds no cells to import
            continue
        if meta.get(name, SheetVisibleEnum.Visible) != SheetVisibleEnum.Visible:
            out.hidden.append(name)
            continue
        part = parts.get(paths.get(name, ""))
        try:
            sheet = book.get_sheet_by_name(name)
            if sheet.width > limits.MAX_COLUMNS:
                raise parse.ParseError(limits.columns_message(sheet.width, f"trang “{name}”"))
            if sheet.height > limits.MAX_ROWS:
                raise parse.ParseError(limits.rows_message(sheet.height, f"trang “{name}”"))
            grid = sheet.to_python()
            start = sheet.start or (0, 0)
            merged = _fill_merged(grid, start, sheet.merged_cell_ranges or [])
        except parse.ParseError:
            raise
        except Exception:
            raise parse.ParseError(f"không đọc được trang “{name}” của tệp Excel (trang bị hỏng); hãy mở tệp bằng "
                                   "Excel, lưu lại rồi tải lên") from None
        uncomputed = _uncomputed(inspected[0], paths[name]) if part is not None and part.formulas else []
        out.sheets.append(Sheet(name, *_encode_rows(grid), uncomputed=uncomputed, merged=merged))
    return out


def _unreadable_workbook(data: bytes) -> str:
    """Why a workbook could not be read, in Vietnamese (the reader's own words are English)."""
    head = data[:4096]
    text = b"\x00" not in head and not head.startswith((b"PK", b"\xd0\xcf\x11\xe0"))
    if text:
        return ("không đọc được tệp Excel: nội dung tệp là văn bản, không phải bảng tính (có thể là tệp CSV bị đổi đuôi); "
                "hãy đặt lại đúng đuôi .csv, hoặc mở bằng Excel rồi lưu dạng .xlsx")
    return "không đọc được tệp Excel: tệp hỏng hoặc không phải bảng tính; hãy mở bằng Excel, lưu lại dạng .xlsx rồi tải lên"


def _fill_merged(grid: list[list], start: tuple[int, int], ranges) -> list[tuple[str, str]]:
    """A merged range as Excel shows it: its top-left value over the range, in every row of it that holds other data
    (a blank row stays blank). Returns (A2:A4, value) of each range filled."""
    if not ranges:
        return []
    r0, c0 = start
    filled = []
    holds = [any(not _empty(v) for v in row) for row in grid]
    for (top, left), (bottom, right) in ranges:
        i, j = top - r0, left - c0
        if not (0 <= i < len(grid) and 0 <= j < len(grid[i])) or _empty(grid[i][j]):
            continue
        value = grid[i][j]
        for r in range(i, min(bottom - r0, len(grid) - 1) + 1):
            if not holds[r]:
                continue
            row = grid[r]
            for c in range(j, right - c0 + 1):
                if c >= len(row):
                    row.extend([""] * (c + 1 - len(row)))
                row[c] = value
        ref = f"{column_letter(left)}{top + 1}:{column_letter(right)}{bottom + 1}"
        filled.append((ref, str(value)))
    return filled


def _empty(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


# ---- CSV ------------------------------------------------------------------------------------------------------

# a field may be longer than a cell holds: the importer then names its row and column (data.limits)
csv.field_size_limit(max(csv.field_size_limit(), 8 * limits.EXCEL_CELL_CHARS))


def _first_line(text: str) -> str:
    """The first line with something on it (without copying the rest of the text)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].rstrip("\r")
        if line.strip():
            return line
        start = end + 1
    return ""


def _csv(data: bytes) -> Sheet:
    text, _encoding = parse.decode(data)
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > limits.MAX_ROWS + 1:                      # the header line and the rows
        raise parse.ParseError(limits.rows_message(lines - 1))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # a quote inside a quoted cell is written doubled (Excel, csv.writer); the sniffer only sees the first 4 KB,
    # so it may miss the doubling and would then split "…""…""…" wrongly
    dialect.doublequote = True
    first = _first_line(text)
    width = first.count(dialect.delimiter) + 1       # exact unless a quoted field holds the delimiter: then split it
    if width > limits.MAX_COLUMNS and dialect.quotechar and dialect.quotechar in first:
        try:
            width = len(next(csv.reader([first], dialect), []))
        except csv.Error:
            pass
    if width > limits.MAX_COLUMNS:
        raise parse.ParseError(limits.columns_message(width))
    fast = _csv_columns(text, dialect)
    if fast is not None:
        return Sheet("", *fast)
    rows = []
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        for row in reader:
            if len(row) > limits.MAX_COLUMNS:
                raise parse.ParseError(f"dòng {reader.line_num}: " + limits.columns_message(len(row), "dòng này"))
            rows.append(row)
    except csv.Error:
        raise parse.ParseError(f"dòng {reader.line_num}: có ô dài hơn giới hạn {limits.vn(limits.MAX_FIELD_CHARS)} ký "
                               f"tự hoặc dấu ngoặc kép không đóng") from None
    return Sheet("", *_encode_rows(rows))

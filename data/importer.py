"""Import of the periodic reports units send (XLSX or CSV): read, validate, preview, commit, undo.

Everything is validated before anything is written; every problem is reported at once with sheet,
row and column, in Vietnamese. A file is committed as one batch in one transaction or not at all;
the same file twice (same checksum) changes nothing; a corrected file replaces the rows with the same
natural key; ``undo`` restores exactly the values a batch replaced. Every commit and undo is audited.

Kinds (``KINDS``): activities, team_snapshots, channel_snapshots, channels, teams, contests,
contest_participation, metric_targets, units (below province), indicator_values and programme_indicators
(one row per indicator, filling four tables: ``Kind.tables`` and ``Kind.split``). Each declares its Vietnamese columns, its natural key and value
columns (what a correction replaces and an undo restores) and a row check that turns the file's working
columns (unit codes) into table columns. Templates and exports in exactly this format: ``data.templates``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from data import audit, db, parse, rollups

# Headers that would carry personal data (DESIGN §1): a file with any of them is refused outright.
PERSONAL_HEADERS = ("ho ten", "ho va ten", "ten nguoi", "so dien thoai", "dien thoai", "sdt", "cmnd", "cccd",
                    "can cuoc", "so dinh danh", "ngay sinh", "email", "dia chi nha", "noi o", "tai khoan ca nhan")


@dataclass(frozen=True)
class Column:
    key: str            # column of the fact table (or a working column such as unit_code)
    header: str         # Vietnamese header in templates
    parser: str         # unit | month | date | platform | activity | level | grain | metric | count | number
    #                     | id | year | text
    required: bool = True
    aliases: tuple[str, ...] = ()
    help: str = ""      # what the column means, for the template's instructions sheet
    listing: str = ""   # the template's drop-down list for this column (default: the list named by ``parser``)


@dataclass(frozen=True)
class Table:
    """One table a multi-table kind writes (``Kind.tables``): the same attributes the commit, undo and preview
    read from a one-table kind, which is its own single table. Ids are assigned by the kind's ``split``."""
    table: str
    label: str                           # what one row is, for the undo refusal ("chỉ số chương trình")
    natural_key: tuple[str, ...]
    values: tuple[str, ...]
    undo_refs: tuple[tuple[str, str], ...] = ()
    shown: tuple[tuple[str, str], ...] = ()   # (table column, kind column) for the preview's old → new table
    batch_column: bool = False
    id_column: str | None = None


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    table: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]
    values: tuple[str, ...]
    duplicate: str = ""                  # what "the same row" means, for the duplicate message
    check: Callable | None = None        # (rec, lookups) -> warnings [(column, message)]; raises RowError
    dup_key: Callable | None = None      # rec -> key for the within-file duplicate check (default natural key)
    post_check: Callable | None = None   # (con, rows, origins) -> [Problem], after all rows are read
    id_column: str | None = None         # entity kinds: ids left blank are assigned at commit (max + 1)
    # every rec key ``check`` reads: the check then runs once per distinct combination of those cells, not
    # once per row (None: once per row, for checks that look at the whole row)
    check_on: tuple[str, ...] | None = None
    id_start: int = 1                    # entity kinds: the lowest id a new row gets
    batch_column: bool = True            # the table has a batch_id column (units: no)
    file_key: tuple[str, ...] = ()       # the file's columns that identify a row, where the natural key is an id
    #                                      the file does not carry (units: code and validity start)
    undo_refs: tuple[tuple[str, str], ...] = ()   # (table, column) referring to the id: undoing the creation
    #                                               of a row still referred to is refused
    # a kind whose file rows fill several tables (programme_indicators): its tables, and
    # split(cursor, rows) -> [(Table, frame of that table's natural key + values)], ids assigned
    tables: tuple[Table, ...] = ()
    split: Callable | None = None

    def parts(self) -> tuple:
        """The tables the kind writes: its ``tables``, or the kind itself for a one-table kind."""
        return self.tables or (self,)

    def header_map(self) -> dict[str, Column]:
        out = {}
        for col in self.columns:
            for name in (col.header, col.key, *col.aliases):
                out[parse.header_key(name)] = col
        return out

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


class RowError(parse.ParseError):
    """A row-level check that failed; ``column`` is the Vietnamese header it is reported under."""

    def __init__(self, column: str | None, message: str):
        super().__init__(message)
        self.column = column


@dataclass
class Problem:
    sheet: str
    row: int | None      # row number as Excel shows it (the header is row 1); None = the whole file
    column: str | None
    message: str
    severity: str = "error"

    def text(self) -> str:
        where = [f"trang “{self.sheet}”" if self.sheet else None,
                 f"dòng {self.row}" if self.row else None,
                 f"cột “{self.column}”" if self.column else None]
        label = "Lỗi" if self.severity == "error" else "Cảnh báo"
        return f"{label} — {', '.join(w for w in where if w) or 'tệp'}: {self.message}"


@dataclass
class Parsed:
    file_name: str
    checksum: str
    kind: Kind | None
    rows: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


# ---- reading ------------------------------------------------------------------------------------

class _Coded:
    """A column dictionary-encoded: row i holds ``values[codes[i]]`` (``values`` an object array), so that
    each distinct cell is parsed and checked once however many rows repeat it."""

    __slots__ = ("codes", "values")

    def __init__(self, codes: np.ndarray, values: np.ndarray):
        self.codes, self.values = codes, values

    def take(self, rows: np.ndarray) -> _Coded:
        return _Coded(self.codes[rows], self.values)

    def array(self) -> np.ndarray:
        return self.values[self.codes]


def _objects(items) -> np.ndarray:
    items = list(items)
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _encode(cells: np.ndarray) -> _Coded:
    """Dictionary-encode one column of cells. Cells are told apart by type as well as value (1, 1.0 and True
    are different cells: they read differently)."""
    types = set(map(type, cells))
    if len(types) == 1 and type(None) not in types:
        codes, values = pd.factorize(cells, use_na_sentinel=False)
        return _Coded(codes.astype(np.int64, copy=False), _objects(values))
    seen: dict = {}
    codes = np.fromiter((seen.setdefault((type(c), c), len(seen)) for c in cells), dtype=np.int64, count=len(cells))
    return _Coded(codes, _objects(c for _t, c in seen))


def _encode_rows(rows: list[list]) -> tuple[list[_Coded], int]:
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


def _csv_columns(text: str, dialect) -> tuple[list[_Coded], int] | None:
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
        columns.append(_Coded(encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64),
                              _objects(encoded.dictionary.to_pylist())))
    return columns, table.num_rows


def _sheets(name: str, data: bytes) -> list[tuple[str, list[_Coded], int]]:
    """(sheet name, its columns dictionary-encoded, number of rows) of an XLSX or CSV file."""
    if not data:
        raise parse.ParseError("tệp rỗng")
    if name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        from python_calamine import CalamineWorkbook
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as exc:  # calamine raises its own error types for damaged files
            raise parse.ParseError(f"không đọc được tệp Excel ({exc})") from None
        return [(sheet, *_encode_rows(book.get_sheet_by_name(sheet).to_python())) for sheet in book.sheet_names]
    text, _encoding = parse.decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # a quote inside a quoted cell is written doubled (Excel, csv.writer); the sniffer only sees the first 4 KB,
    # so it may miss the doubling and would then split "…""…""…" wrongly
    dialect.doublequote = True
    fast = _csv_columns(text, dialect)
    if fast is not None:
        return [("", *fast)]
    return [("", *_encode_rows([row for row in csv.reader(io.StringIO(text), dialect)]))]


def _detect(headers: list) -> tuple[Kind | None, dict[int, Column]]:
    """The kind whose columns the headers match best: most columns found, then most found by their own
    header rather than an alias (``Mã chỉ số`` is indicator_values' header and only an alias of metric_targets')."""
    folded = [parse.header_key(h) for h in headers]
    best, best_map, best_score = None, {}, (0, 0)
    for kind in KINDS.values():
        hmap = kind.header_map()
        found = {i: hmap[h] for i, h in enumerate(folded) if h in hmap}
        score = (len(found), sum(parse.header_key(c.header) == folded[i] for i, c in found.items()))
        if all(c in found.values() for c in kind.columns if c.required) and score > best_score:
            best, best_map, best_score = kind, found, score
    return best, best_map


# ---- validation ---------------------------------------------------------------------------------

def _fetch(cur, query) -> list[tuple]:
    return cur.execute(query).fetchall()


class _Lookups:
    """Reference values a file is checked against, read once per import (entities only when needed)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        cur = con.cursor()
        self.units = cur.execute(
            "select unit_id, code, name, valid_from, valid_to, successor_id from units").df()
        self.platforms = self._labels(cur, "select platform_key, label_vi, label_en from platforms")
        self.activities = self._labels(cur, "select activity_key, label_vi, label_en from activity_types")
        self.levels = self._labels(cur, "select level_key, label_vi, label_en from source_levels")
        cur.close()
        self.grains = {parse.header_key(t): k for k, texts in GRAINS.items() for t in texts}
        self.by_code: dict[str, list[tuple]] = {}
        names = dict(zip(self.units["unit_id"], self.units["name"]))
        codes = dict(zip(self.units["unit_id"], self.units["code"]))
        for uid, code, name, vf, vt, succ in self.units.itertuples(index=False, name=None):
            succ_text = None if pd.isna(succ) else f"{codes[int(succ)]} {names[int(succ)]}"
            self.by_code.setdefault(str(code), []).append(
                (int(uid), name, pd.Timestamp(vf).date(), None if pd.isna(vt) else pd.Timestamp(vt).date(), succ_text))
        self._cache: dict[str, object] = {}

    @staticmethod
    def _labels(cur, query) -> dict[str, str]:
        out = {}
        for key, vi, en in cur.execute(query).fetchall():
            for text in (key, vi, en):
                out[parse.header_key(text)] = key
        return out

    def _cached(self, name: str, load):
        if name not in self._cache:
            cur = self.con.cursor()
            try:
                self._cache[name] = load(cur)
            finally:
                cur.close()
        return self._cache[name]

    @property
    def metrics(self) -> dict[str, str]:
        def load(_cur):
            from queries.catalogue import METRICS
            out = {}
            for m in METRICS.values():
                out[parse.header_key(m.key)] = m.key
                out[parse.header_key(m.label_vi)] = m.key
            return out
        return self._cached("metrics", load)

    @property
    def teams(self) -> dict[int, tuple]:
        return self._cached("teams", lambda cur: {r[0]: r[1:] for r in _fetch(
            cur, "select team_id, unit_id, name, founded_on, disbanded_on from teams")})

    @property
    def channels(self) -> dict[int, tuple]:
        return self._cached("channels", lambda cur: {r[0]: r[1:] for r in _fetch(
            cur, "select channel_id, unit_id, name, opened_on, closed_on, platform_key from channels")})

    @property
    def contests(self) -> dict[int, tuple]:
        return self._cached("contests", lambda cur: {r[0]: r[1:] for r in _fetch(
            cur, "select contest_id, title, start_on, end_on from contests")})

    @property
    def unit_levels(self) -> dict[int, str]:
        return self._cached("unit_levels", lambda cur: dict(_fetch(cur, "select unit_id, level from units")))

    @property
    def contest_keys(self) -> dict[tuple, int]:
        """(organiser unit, folded title, start day) -> id of the existing contests."""
        return self._cached("contest_keys", lambda cur: {
            (o, parse.header_key(t), s): i for i, t, o, s in _fetch(
                cur, "select contest_id, title, organiser_unit_id, start_on from contests")})

    @property
    def contest_spans(self) -> dict[int, tuple]:
        """contest -> (first period start, last period start, earliest period end) of its participation rows."""
        return self._cached("contest_spans", lambda cur: {r[0]: r[1:] for r in _fetch(
            cur, "select contest_id, min(period_start), max(period_start), "
                 "min(case when period_grain = 'week' then period_start + 6 else last_day(period_start) end) "
                 "from contest_participation group by contest_id")})

    @property
    def indicators(self) -> dict[int, tuple]:
        """indicator -> (name, programme id, programme name, first year, last year)."""
        return self._cached("indicators", lambda cur: {r[0]: r[1:] for r in _fetch(
            cur, "select i.indicator_id, i.name, p.programme_id, p.name, p.year_from, p.year_to "
                 "from programme_indicators as i join programme_tasks as t using (task_id) "
                 "join programmes as p on p.programme_id = t.programme_id")})

    @property
    def parties(self) -> dict[int, set]:
        """programme -> its party units and the units they became part of (a party's code after 07/2025)."""
        def load(cur):
            out: dict[int, set] = {}
            for prog, uid, succ in _fetch(cur, "select p.programme_id, p.unit_id, u.successor_id from "
                                               "programme_parties as p join units as u using (unit_id)"):
                out.setdefault(prog, set()).update(x for x in (uid, succ) if x is not None)
            return out
        return self._cached("parties", load)

    def entity_names(self, which: str) -> dict[tuple, int]:
        """(unit_id, [platform_key,] folded name) -> id of the existing channels or teams."""
        def load(_cur):
            if which == "channels":
                return {(u, p, parse.header_key(n)): i for i, (u, n, _o, _c, p) in self.channels.items()}
            return {(u, parse.header_key(n)): i for i, (u, n, _f, _d) in self.teams.items()}
        return self._cached(f"names_{which}", load)

    def unit(self, code: str, month: dt.date, when: str | None = None) -> int:
        """The unit with this code valid on ``month`` (a report month, or a day when ``when`` says so)."""
        options = self.by_code.get(code)
        if not options:
            raise parse.ParseError(f"mã đơn vị “{code}” không tồn tại")
        for uid, _name, vf, vt, _succ in options:
            if vf <= month and (vt is None or month < vt):
                return uid
        uid, name, vf, vt, succ = options[0]
        if vt is not None and month >= vt:
            hint = f" (đã hợp nhất vào {succ})" if succ else ""
            when = when or f"tháng {month:%m/%Y}"
            raise parse.ParseError(f"mã {code} ({name}) không còn hiệu lực từ {vt:%d/%m/%Y}{hint}; "
                                   f"{when} phải dùng mã đơn vị mới")
        raise parse.ParseError(f"mã {code} ({name}) chỉ có hiệu lực từ {vf:%d/%m/%Y}")

    @property
    def programmes(self) -> dict[int, tuple]:
        return self._cached("programmes", lambda cur: {r[0]: r[1:] for r in _fetch(
            cur, "select programme_id, name, year_from, year_to from programmes")})

    @property
    def programme_names(self) -> dict[str, int]:
        return {parse.header_key(name): pid for pid, (name, _f, _t) in sorted(self.programmes.items())}

    @property
    def programme_value_years(self) -> dict[int, tuple]:
        """programme -> (first, last) year of its indicator values."""
        return self._cached("programme_value_years", lambda cur: {r[0]: r[1:] for r in _fetch(
            cur, "select t.programme_id, min(v.year), max(v.year) from indicator_values as v "
                 "join programme_indicators as i using (indicator_id) join programme_tasks as t using (task_id) "
                 "group by 1")})

    @property
    def programme_tasks(self) -> dict[tuple, tuple]:
        """(programme, seq) -> (task id, title)."""
        return self._cached("programme_tasks", lambda cur: {(r[1], r[2]): (r[0], r[3]) for r in _fetch(
            cur, "select task_id, programme_id, seq, title from programme_tasks")})

    @property
    def indicator_names(self) -> dict[tuple, int]:
        """(task, folded indicator name) -> indicator id."""
        return self._cached("indicator_names", lambda cur: {(t, parse.header_key(n)): i for i, t, n in _fetch(
            cur, "select indicator_id, task_id, name from programme_indicators")})


GRAINS = {"week": ("Tuần", "tuan", "week"), "month": ("Tháng", "thang", "month")}
GRAIN_LABELS = {"week": "Tuần", "month": "Tháng"}
# The template sheets that are not data: skipped by the importer (compared folded, see parse.header_key).
INSTRUCTIONS_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
SKIPPED_SHEETS = {parse.header_key(INSTRUCTIONS_SHEET), parse.header_key(LISTS_SHEET)}


def _choice(labels: dict[str, str], cell, what: str) -> str:
    key = labels.get(parse.header_key(cell))
    if key is None:
        raise parse.ParseError(f"{what} “{cell}” không có trong danh mục")
    return key


def _is_blank(cell) -> bool:
    return cell is None or str(cell).strip() == ""


class _Progress:
    """``progress(fraction, message)`` called with strictly increasing fractions (at most a few dozen calls per
    file, at the stages a read or a commit really passes); nothing at all without a callback."""

    __slots__ = ("fn", "last")

    def __init__(self, fn: Callable[[float, str], None] | None):
        self.fn, self.last = fn, -1.0

    def __call__(self, fraction: float, message: str) -> None:
        fraction = min(float(fraction), 1.0)
        if self.fn is not None and fraction > self.last:
            self.last = fraction
            self.fn(fraction, message)

    def part(self, lo: float, hi: float) -> Callable[[float, str], None]:
        """A callback for a sub-stage: its 0..1 mapped onto lo..hi."""
        return lambda f, message: self(lo + (hi - lo) * f, message)


# where the stages of a read end (fractions of the whole read)
READ_STAGES = {"file": 0.3, "rows": 0.9, "duplicates": 0.95}


def read(con: duckdb.DuckDBPyConnection, file_name: str, data: bytes,
         progress: Callable[[float, str], None] | None = None) -> Parsed:
    """Read and validate one file against the database; nothing is written.

    Columns are dictionary-encoded: each distinct cell of a column is parsed once, and a kind's row check
    runs once per distinct combination of the cells it reads (``Kind.check_on``); problems are built only
    for the rows that have them, in the order a row-by-row reading gives (sheet, row, then column).
    ``progress(fraction, message)``, if given, is called at each stage (file read, each column parsed, row
    checks, duplicates) with increasing fractions, the last one 1.0."""
    step = _Progress(progress)
    step(0.0, "Đang đọc tệp")
    parsed = _read(con, file_name, data, step)
    step(1.0, "Đã đọc và kiểm tra xong")
    return parsed


def _read(con, file_name: str, data: bytes, step: _Progress) -> Parsed:
    checksum = hashlib.sha256(data).hexdigest()
    empty = Parsed(file_name, checksum, None, pd.DataFrame())
    try:
        sheets = _sheets(file_name, data)
    except parse.ParseError as exc:
        empty.problems.append(Problem("", None, None, str(exc)))
        return empty
    sheets = [s for s in sheets if parse.header_key(s[0]) not in SKIPPED_SHEETS]
    step(READ_STAGES["file"], f"Đã đọc tệp: {sum(s[2] for s in sheets):,} dòng".replace(",", "."))
    lookups = _Lookups(con)
    kind = None
    per_sheet: list[list] = []      # per sheet: [(row position, order, Problem)], the header's at position -1
    parts: list[tuple] = []         # per sheet with rows: (sheet index, sheet, row positions, {key: _Coded})
    span = (READ_STAGES["rows"] - READ_STAGES["file"]) / max(len(sheets), 1)
    for number, (sheet, columns, n) in enumerate(sheets):
        tick = step.part(READ_STAGES["file"] + number * span, READ_STAGES["file"] + (number + 1) * span)
        blank = np.ones(n, dtype=bool)
        for c in columns:
            blank &= np.fromiter(map(_is_blank, c.values), dtype=bool, count=len(c.values))[c.codes]
        kept = np.flatnonzero(~blank)
        if not len(kept):
            continue
        found: list = []
        per_sheet.append(found)
        headers = [str(h).strip() if h is not None else "" for h in (c.values[c.codes[kept[0]]] for c in columns)]
        personal = [h for h in headers if any(p in parse.header_key(h) for p in PERSONAL_HEADERS)]
        if personal:
            found.append((-1, 0, Problem(sheet, 1, personal[0],
                                         "cột chứa dữ liệu cá nhân; hệ thống chỉ nhận số liệu tổng hợp của tổ chức "
                                         "và không nhập tệp này")))
            continue
        sheet_kind, cols = _detect(headers)
        if sheet_kind is None:
            if len(sheets) == 1:
                found.append((-1, 0, Problem(sheet, 1, None, "không nhận ra loại báo cáo từ dòng tiêu đề; hãy dùng "
                                             "đúng mẫu (python -m data template ...)")))
            continue
        if kind is not None and sheet_kind is not kind:
            found.append((-1, 0, Problem(sheet, 1, None, "một tệp chỉ chứa một loại báo cáo")))
            continue
        kind = sheet_kind
        for i, header in enumerate(headers):
            if header and i not in cols:
                found.append((-1, i, Problem(sheet, 1, header, "cột không thuộc mẫu, sẽ bỏ qua", "warning")))
        positions, values = _validate_rows(kind, cols, columns, kept[1:], sheet, lookups, found, tick)
        parts.append((len(per_sheet) - 1, sheet, positions, values))
    step(READ_STAGES["rows"], "Đang tìm dòng trùng")
    frame, origins = _dedupe(kind, parts, per_sheet) if kind is not None else (pd.DataFrame(), [])
    step(READ_STAGES["duplicates"], "Đã tìm dòng trùng")
    problems = [p for found in per_sheet for _pos, _order, p in sorted(found, key=lambda f: (f[0], f[1]))]
    if kind is None and not problems:
        problems.append(Problem("", None, None, "tệp không có dòng số liệu nào"))
    if kind is not None and not len(frame) and not [p for p in problems if p.severity == "error"]:
        problems.append(Problem("", None, None, "tệp chỉ có dòng tiêu đề, không có số liệu"))
    if kind is not None and kind.id_column:
        frame[kind.id_column] = frame[kind.id_column].astype("Int64")
    if kind is not None and kind.post_check and len(frame):
        problems.extend(kind.post_check(con, frame, origins))
    return Parsed(file_name, checksum, kind, frame, problems)


def _parse_column(col: Column, coded: _Coded, lookups: _Lookups) -> tuple[np.ndarray, np.ndarray]:
    """Parse each distinct cell of a column that some row uses: (values, error messages), both per distinct cell."""
    used = np.zeros(len(coded.values), dtype=bool)
    used[coded.codes] = True
    values = np.full(len(coded.values), None, dtype=object)
    errors = np.full(len(coded.values), None, dtype=object)
    for u in np.flatnonzero(used):
        try:
            values[u] = _cell(col, coded.values[u], None, lookups)
        except parse.ParseError as exc:
            errors[u] = str(exc)
    return values, errors


def _validate_rows(kind: Kind, cols: dict[int, Column], columns: list[_Coded], rows: np.ndarray, sheet: str,
                   lookups: _Lookups, found: list, tick=lambda f, m: None) -> tuple[np.ndarray, dict[str, _Coded]]:
    """Parse the cells and run the row check of one sheet's data rows (``rows``: their indices among the
    sheet's rows; position p among them is Excel row p + 2). Appends the problems to ``found``; returns the
    positions of the rows that passed and their values (working columns turned into table columns)."""
    m = len(rows)
    source = {}
    for i, col in cols.items():
        source[col.key] = columns[i]           # as a dict of the row's cells: a later column of the same key wins
    failed = np.zeros(m, dtype=bool)
    values: dict[str, _Coded] = {}
    for order, col in enumerate(kind.columns):
        coded = source[col.key].take(rows) if col.key in source else _Coded(np.zeros(m, dtype=np.int64),
                                                                           _objects([None]))
        parsed, errors = _parse_column(col, coded, lookups)
        values[col.key] = _Coded(coded.codes, parsed)
        bad = np.fromiter((e is not None for e in errors), dtype=bool, count=len(errors))[coded.codes]
        for pos in np.flatnonzero(bad):
            found.append((int(pos), order, Problem(sheet, int(pos) + 2, col.header, errors[coded.codes[pos]])))
        failed |= bad
        tick(0.7 * (order + 1) / len(kind.columns), f"Đã kiểm tra cột “{col.header}”")
    ok = np.flatnonzero(~failed)
    if len(ok) < m:
        values = {k: c.take(ok) for k, c in values.items()}
    if kind.check is None:
        return ok, values
    order = len(kind.columns)
    tick(0.75, "Đang kiểm tra từng dòng")
    if kind.check_on is not None:
        fail, events, values = _check_grouped(kind, values, lookups)
    else:
        fail, events, values = _check_each(kind, values, lookups)
    tick(1.0, "Đã kiểm tra từng dòng")
    for i, column, message, severity in events:
        found.append((int(ok[i]), order, Problem(sheet, int(ok[i]) + 2, column, message, severity)))
    if not fail.any():
        return ok, values
    keep = np.flatnonzero(~fail)
    return ok[keep], {k: c.take(keep) for k, c in values.items()}


def _groups(codes: list[np.ndarray], sizes: list[int], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows grouped by their combination of codes: (group of each row, first row of each group)."""
    key, span = np.zeros(n, dtype=np.int64), 1
    for c, size in zip(codes, sizes):
        size = max(int(size), 1)
        if span * size >= 2 ** 62:
            key = pd.factorize(key)[0].astype(np.int64)
            span = int(key.max()) + 1 if n else 1
        key, span = key * size + c, span * size
    group = pd.factorize(key)[0]             # numbered in order of first appearance
    first = np.zeros(int(group.max()) + 1 if n else 0, dtype=np.int64)
    first[group[::-1]] = np.arange(n - 1, -1, -1)
    return group, first


def _check_grouped(kind: Kind, values: dict[str, _Coded], lookups: _Lookups):
    """The row check once per distinct combination of the cells it reads (``kind.check_on``)."""
    n = len(next(iter(values.values())).codes) if values else 0
    inputs = [values[k] for k in kind.check_on]
    group, first = _groups([c.codes for c in inputs], [len(c.values) for c in inputs], n)
    outs, errors, warnings = [], [], []
    for row in first:
        rec = {k: c.values[c.codes[row]] for k, c in zip(kind.check_on, inputs)}
        try:
            found = kind.check(rec, lookups)
        except RowError as exc:
            outs.append(None)
            errors.append((exc.column, str(exc)))
            warnings.append(())
            continue
        outs.append(rec)
        errors.append(None)
        warnings.append(tuple(found or ()))
    out_keys = list(dict.fromkeys(k for rec in outs if rec is not None for k in rec))
    values = {k: c for k, c in values.items() if k not in kind.check_on}
    for k in out_keys:
        values[k] = _Coded(group, _objects(rec.get(k) if rec is not None else None for rec in outs))
    bad_group = np.array([e is not None for e in errors], dtype=bool)
    fail = bad_group[group]
    events = []
    warned = np.array([bool(w) for w in warnings], dtype=bool)
    for i in np.flatnonzero(fail | warned[group]):
        g = group[i]
        if errors[g] is not None:
            events.append((i, errors[g][0], errors[g][1], "error"))
        for column, message in warnings[g]:
            events.append((i, column, message, "warning"))
    return fail, events, values


def _check_each(kind: Kind, values: dict[str, _Coded], lookups: _Lookups):
    """The row check row by row (checks that look at the whole row)."""
    arrays = {k: c.array() for k, c in values.items()}
    n = len(next(iter(arrays.values()))) if arrays else 0
    recs, events = [], []
    fail = np.zeros(n, dtype=bool)
    for i in range(n):
        rec = {k: a[i] for k, a in arrays.items()}
        try:
            found = kind.check(rec, lookups)
        except RowError as exc:
            events.append((i, exc.column, str(exc), "error"))
            fail[i] = True
            recs.append(None)
            continue
        for column, message in found or ():
            events.append((i, column, message, "warning"))
        recs.append(rec)
    keys = list(dict.fromkeys(k for rec in recs if rec is not None for k in rec))
    codes = np.arange(n, dtype=np.int64)
    return fail, events, {k: _Coded(codes, _objects(rec.get(k) if rec is not None else None for rec in recs))
                          for k in keys}


def _column(coded: _Coded, keep: np.ndarray):
    """The kept rows of a column, typed as ``pd.DataFrame(records)`` types them: the type is inferred from the
    distinct values the kept rows use (the same set of types as the rows), then spread to the rows."""
    from pandas.core.internals.construction import convert_object_array

    codes, used = pd.factorize(coded.codes[keep])
    typed = convert_object_array([_objects(coded.values[used])], dtype=None)[0]
    return typed.take(codes) if hasattr(typed, "take") and not isinstance(typed, np.ndarray) else typed[codes]


def _dedupe(kind: Kind, parts: list[tuple], per_sheet: list[list]) -> tuple[pd.DataFrame, list[tuple]]:
    """Refuse rows that repeat an earlier row of the file (same natural key, or ``kind.dup_key``); the rows
    that remain as the frame the preview and the commit work on, and their (sheet, Excel row)."""
    columns = list(kind.natural_key + kind.values)
    sizes = [len(pos) for _i, _s, pos, _v in parts]
    total = sum(sizes)
    if not total:
        return pd.DataFrame([], columns=columns), []
    excel = np.concatenate([pos for _i, _s, pos, _v in parts]) + 2
    sheet_of = np.repeat(np.arange(len(parts)), sizes)

    def joined(key: str) -> _Coded:
        codes, vals, offset = [], [], 0
        for _i, _s, _pos, v in parts:
            c = v.get(key) or _Coded(np.zeros(len(_pos), dtype=np.int64), _objects([None]))
            codes.append(c.codes + offset)
            vals.append(c.values)
            offset += len(c.values)
        return _Coded(np.concatenate(codes), np.concatenate(vals))

    if kind.dup_key is not None:
        data = {k: joined(k).array() for k in dict.fromkeys(k for *_x, v in parts for k in v)}
        seen: dict = {}
        dup = np.zeros(total, dtype=bool)
        first = np.zeros(total, dtype=np.int64)
        for i in range(total):
            key = kind.dup_key({k: a[i] for k, a in data.items()})
            if key in seen:
                dup[i], first[i] = True, seen[key]
            else:
                seen[key] = i
    else:
        canon, sizes_k = [], []
        for k in kind.natural_key:
            c = joined(k)
            same: dict = {}
            ids = np.fromiter((same.setdefault(v, len(same)) for v in c.values), dtype=np.int64, count=len(c.values))
            canon.append(ids[c.codes])
            sizes_k.append(len(same))
        group, firsts = _groups(canon, sizes_k, total)
        first = firsts[group]
        dup = first != np.arange(total)
    for i in np.flatnonzero(dup):
        index, sheet = parts[sheet_of[i]][:2]
        per_sheet[index].append((int(excel[i]) - 2, len(kind.columns) + 1,
                                 Problem(sheet, int(excel[i]), None,
                                         f"trùng với dòng {int(excel[first[i]])} ({kind.duplicate})")))
    keep = ~dup
    frame = pd.DataFrame({k: _column(joined(k), keep) for k in columns}, columns=columns)
    origins = []
    if kind.post_check is not None:
        names = [parts[j][1] for j in sheet_of[keep]]
        origins = list(zip(names, (int(r) for r in excel[keep])))
    return frame, origins


def _cell(col: Column, cell, rec: dict, lookups: _Lookups):
    blank = cell is None or str(cell).strip() == ""
    if blank:
        if col.required:
            raise parse.ParseError("ô bắt buộc đang trống")
        return None
    if col.parser == "unit":
        text = _text(cell)
        return text.zfill(2) if text.isdigit() else text
    if col.parser == "month":
        return parse.month(cell)
    if col.parser == "date":
        return parse.date(cell)
    if col.parser == "platform":
        return _choice(lookups.platforms, cell, "loại kênh")
    if col.parser == "activity":
        return _choice(lookups.activities, cell, "loại hoạt động")
    if col.parser == "level":
        return _choice(lookups.levels, cell, "cấp nguồn link")
    if col.parser == "grain":
        return _choice(lookups.grains, cell, "loại kỳ")
    if col.parser == "metric":
        return _choice(lookups.metrics, cell, "chỉ số")
    if col.parser == "count":
        return parse.count(cell)
    if col.parser == "number":
        value = parse.number(cell)
        if value is not None and value < 0:
            raise parse.ParseError(f"giá trị không được âm (đang là {cell})")
        return value
    if col.parser == "id":
        value = parse.count(cell)
        if value == 0:
            raise parse.ParseError("mã phải là số nguyên dương")
        return value
    if col.parser == "year":
        value = parse.count(cell)
        if not 2000 <= value <= 2100:
            raise parse.ParseError(f"năm {cell} không hợp lệ (viết như 2025)")
        return value
    if col.parser == "text":
        return _text(cell)
    if col.parser == "order":
        value = parse.count(cell)
        if value == 0:
            raise parse.ParseError("thứ tự phải là số nguyên từ 1")
        return value
    if col.parser == "units":       # unit codes separated by ; or , -> the codes joined by ;
        codes = [_text(c) for c in str(_text(cell)).replace(",", ";").split(";") if c.strip()]
        return ";".join(dict.fromkeys(c.zfill(2) if c.isdigit() else c for c in codes))
    raise ValueError(col.parser)


def _text(cell) -> str:
    """A cell as text; whole numbers Excel stored as 14.0 come back as '14'."""
    if isinstance(cell, float) and cell == int(cell):
        return str(int(cell))
    text = str(cell).strip()
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text


def _level(rec: dict) -> str:
    level = rec.get("source_level")
    if rec["activity_key"] == "chia_se_link":
        if level in (None, "khong"):
            raise parse.ParseError("chia sẻ đường link phải ghi cấp nguồn: Trung ương, Tỉnh hoặc Cơ sở")
        return level
    if level not in (None, "khong"):
        raise parse.ParseError("chỉ chia sẻ đường link mới có cấp nguồn; để trống ô này")
    return "khong"


# ---- per-kind row checks: turn working columns into table columns, raise RowError(column, message) ----

UNIT = "Mã đơn vị"


def _unit(rec: dict, lookups: _Lookups, day: dt.date, when: str | None = None) -> None:
    try:
        rec["unit_id"] = lookups.unit(rec.pop("unit_code"), day, when)
    except parse.ParseError as exc:
        raise RowError(UNIT, str(exc)) from None


def _check_activities(rec: dict, lookups: _Lookups):
    _unit(rec, lookups, rec["month"])
    try:
        rec["source_level"] = _level(rec)
    except parse.ParseError as exc:
        raise RowError("Cấp nguồn link", str(exc)) from None


def _month_end(month: dt.date) -> dt.date:
    return (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()


def _active_in(what: str, entity_id: int, name: str, opened, closed, month: dt.date, column: str,
               opened_word: str, closed_word: str) -> None:
    if opened is not None and opened > _month_end(month):
        raise RowError(column, f"{what} {entity_id} ({name}) {opened_word} ngày {opened:%d/%m/%Y}, "
                               f"chưa hoạt động trong tháng {month:%m/%Y}")
    if closed is not None and closed <= month:
        raise RowError(column, f"{what} {entity_id} ({name}) {closed_word} từ {closed:%d/%m/%Y}, "
                               f"không còn hoạt động trong tháng {month:%m/%Y}")


def _check_team_snapshots(rec: dict, lookups: _Lookups):
    team = lookups.teams.get(rec["team_id"])
    if team is None:
        raise RowError("Mã biệt đội", f"mã biệt đội {rec['team_id']} không tồn tại")
    _unit_id, name, founded, disbanded = team
    _active_in("biệt đội", rec["team_id"], name, founded, disbanded, rec["month"], "Mã biệt đội",
               "thành lập", "đã giải thể")


def _check_channel_snapshots(rec: dict, lookups: _Lookups):
    channel = lookups.channels.get(rec["channel_id"])
    if channel is None:
        raise RowError("Mã kênh", f"mã kênh {rec['channel_id']} không tồn tại")
    _unit_id, name, opened, closed, _platform = channel
    _active_in("kênh", rec["channel_id"], name, opened, closed, rec["month"], "Mã kênh", "mở", "đã đóng")
    if all(rec[k] is None for k in ("followers", "posts", "interactions")):
        raise RowError(None, "dòng không có số liệu nào (người theo dõi, bài đăng, lượt xem/tương tác)")


FOLLOWER_JUMP = 0.5   # a followers figure more than ±50 % from the previous month's is flagged


def _followers_jumps(con, rows: pd.DataFrame, origins: list[tuple]) -> list[Problem]:
    """Warn (not refuse) where followers jump implausibly against the previous month in the database."""
    prev = {m: (pd.Timestamp(m) - pd.DateOffset(months=1)).date() for m in set(rows["month"])}
    probe = pd.DataFrame({"i": range(len(rows)), "channel_id": rows["channel_id"].astype("int64"),
                          "prev": [prev[m] for m in rows["month"]],
                          "followers": rows["followers"]})
    probe = probe[probe["followers"].notna()]
    if probe.empty:
        return []
    cur = con.cursor()
    try:
        cur.register("jump_probe", probe)
        found = cur.execute(
            "select p.i, p.prev, s.followers as before, p.followers as now from jump_probe as p "
            "join channel_snapshots as s on s.channel_id = p.channel_id and s.month = p.prev "
            f"where s.followers > 0 and abs(p.followers - s.followers) > {FOLLOWER_JUMP} * s.followers "
            "order by p.i").fetchall()
        cur.unregister("jump_probe")
    finally:
        cur.close()
    out = []
    for i, prev, before, now in found:
        sheet, row = origins[int(i)]
        change = (now - before) / before * 100
        out.append(Problem(sheet, row, "Người theo dõi",
                           f"người theo dõi thay đổi {change:+.0f} % so với tháng {prev:%m/%Y} "
                           f"({_vn(before)} → {_vn(now)}); hãy kiểm tra lại", "warning"))
    return out


def _vn(n) -> str:
    return f"{int(n):,}".replace(",", ".")


def _check_entity(rec: dict, lookups: _Lookups, which: str):
    """channels / teams: unit valid on the opening date, closing after opening, no duplicate new entity."""
    what, id_col, id_header, name_header, opened_col, closed_col, opened_h, closed_h = ENTITY[which]
    opened, closed = rec[opened_col], rec[closed_col]
    _unit(rec, lookups, opened, f"ngày {opened:%d/%m/%Y}")
    if closed is not None and closed <= opened:
        raise RowError(closed_h, f"{closed_h.lower()} ({closed:%d/%m/%Y}) phải sau {opened_h.lower()} "
                                 f"({opened:%d/%m/%Y})")
    existing = getattr(lookups, which)
    if rec[id_col] is None:
        name_key = ((rec["unit_id"], rec["platform_key"]) if which == "channels" else (rec["unit_id"],)) + (
            parse.header_key(rec["name"]),)
        same = lookups.entity_names(which).get(name_key)
        if same is not None:
            raise RowError(name_header, f"đơn vị này đã có {what} “{rec['name']}” ({id_header.lower()} {same}); "
                                        f"ghi {id_header.lower()} đó vào cột “{id_header}” để sửa, "
                                        f"không tạo {what} trùng")
        return None
    if rec[id_col] not in existing:
        return [(id_header, f"{id_header.lower()} {rec[id_col]} chưa có; sẽ tạo {what} mới với mã này")]
    return None


ENTITY = {
    # what, id column, id header, name header, opened column, closed column, opened header, closed header
    "channels": ("kênh", "channel_id", "Mã kênh", "Tên kênh", "opened_on", "closed_on", "Ngày mở", "Ngày đóng"),
    "teams": ("biệt đội", "team_id", "Mã biệt đội", "Tên biệt đội", "founded_on", "disbanded_on",
              "Ngày thành lập", "Ngày giải thể"),
}


def _entity_dup_key(which: str):
    id_col = ENTITY[which][1]

    def key(rec):
        if rec[id_col] is not None:
            return ("id", rec[id_col])
        return ("new", rec["unit_id"], rec.get("platform_key"), parse.header_key(rec["name"]))
    return key


def _period_end(start: dt.date, grain: str) -> dt.date:
    return start + dt.timedelta(days=6) if grain == "week" else _month_end(start)


def _check_participation(rec: dict, lookups: _Lookups):
    contest = lookups.contests.get(rec["contest_id"])
    if contest is None:
        raise RowError("Mã cuộc thi", f"mã cuộc thi {rec['contest_id']} không tồn tại")
    title, start_on, end_on = contest
    start = rec["period_start"]
    rec["period_grain"] = rec["period_grain"] or "week"
    if rec["period_grain"] == "month" and start.day != 1:
        raise RowError("Từ ngày", f"kỳ theo tháng phải bắt đầu từ ngày 01 (đang là {start:%d/%m/%Y})")
    if start > end_on or _period_end(start, rec["period_grain"]) < start_on:
        raise RowError("Từ ngày", f"{start:%d/%m/%Y} ngoài thời gian cuộc thi “{title}” "
                                  f"({start_on:%d/%m/%Y} – {end_on:%d/%m/%Y})")
    _unit(rec, lookups, start, f"ngày {start:%d/%m/%Y}")
    if rec["nguoi"] > rec["luot"]:
        raise RowError("Người dự thi", f"người dự thi ({_vn(rec['nguoi'])}) không thể nhiều hơn lượt dự thi "
                                       f"({_vn(rec['luot'])})")
    rec["month"] = start.replace(day=1)


def _check_targets(rec: dict, lookups: _Lookups):
    _unit(rec, lookups, dt.date(rec["year"], 12, 31), f"năm {rec['year']}")


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _check_contest(rec: dict, lookups: _Lookups):
    """contests: organiser valid on the start day, end after start, người target ≤ lượt target, no duplicate new
    contest, and an existing contest's new dates still hold its participation rows."""
    start, end, cid = rec["start_on"], rec["end_on"], rec["contest_id"]
    try:
        rec["organiser_unit_id"] = lookups.unit(rec.pop("organiser_code"), start, f"ngày {_d(start)}")
    except parse.ParseError as exc:
        raise RowError("Mã đơn vị tổ chức", str(exc)) from None
    if end <= start:
        raise RowError("Ngày kết thúc", f"ngày kết thúc ({_d(end)}) phải sau ngày bắt đầu ({_d(start)})")
    luot, nguoi = rec["target_luot"], rec["target_nguoi"]
    if luot is not None and nguoi is not None and nguoi > luot:
        raise RowError("Chỉ tiêu người", f"chỉ tiêu người ({_vn(nguoi)}) không thể lớn hơn chỉ tiêu lượt ({_vn(luot)})")
    if cid is None:
        same = lookups.contest_keys.get((rec["organiser_unit_id"], parse.header_key(rec["title"]), start))
        if same is not None:
            raise RowError("Tên cuộc thi", f"đơn vị này đã có cuộc thi “{rec['title']}” bắt đầu ngày {_d(start)} "
                                           f"(mã cuộc thi {same}); ghi mã đó vào cột “Mã cuộc thi” để sửa, "
                                           f"không tạo cuộc thi trùng")
        return None
    if cid not in lookups.contests:
        return [("Mã cuộc thi", f"mã cuộc thi {cid} chưa có; sẽ tạo cuộc thi mới với mã này")]
    span = lookups.contest_spans.get(cid)
    if span is not None:
        first, last, first_end = span
        if first_end < start:
            raise RowError("Ngày bắt đầu", f"cuộc thi {cid} đã có số liệu tham gia kỳ từ {_d(first)}; ngày bắt đầu "
                                           f"({_d(start)}) phải để các kỳ đó nằm trong thời gian cuộc thi")
        if last > end:
            raise RowError("Ngày kết thúc", f"cuộc thi {cid} đã có số liệu tham gia kỳ từ {_d(last)}; ngày kết "
                                            f"thúc ({_d(end)}) phải để các kỳ đó nằm trong thời gian cuộc thi")
    return None


def _contest_dup_key(rec):
    if rec["contest_id"] is not None:
        return ("id", rec["contest_id"])
    return ("new", rec["organiser_unit_id"], parse.header_key(rec["title"]), rec["start_on"])


def _check_unit_row(rec: dict, lookups: _Lookups):
    """units below province: not a provincial code, code <provincial code>.<n>, provincial parent valid on the
    start day, end after start, the code not used by another unit at the same time; an existing unit (same
    code and start) keeps its id."""
    code, start, end = rec["code"], rec["valid_from"], rec["valid_to"]
    same_code = lookups.by_code.get(code, [])
    levels = lookups.unit_levels
    provincial = [name for uid, name, *_ in same_code if levels.get(uid) == "tinh"]
    if provincial or "." not in code:
        what = f"mã {code} là đơn vị cấp tỉnh ({provincial[0]})" if provincial else f"mã “{code}” không có dạng mã cấp xã"
        raise RowError("Mã đơn vị", f"{what}; 97 đơn vị cấp tỉnh là danh mục chuẩn, không nhập qua tệp — chỉ nhập "
                                    f"đơn vị cấp xã hoặc cơ quan, mã dạng <mã tỉnh>.<số> như 14.001")
    parent_code = rec.pop("parent_code")
    try:
        parent = lookups.unit(parent_code, start, f"ngày {_d(start)}")
    except parse.ParseError as exc:
        raise RowError("Mã đơn vị cấp tỉnh", str(exc)) from None
    if levels.get(parent) != "tinh":
        raise RowError("Mã đơn vị cấp tỉnh", f"“{parent_code}” không phải đơn vị cấp tỉnh")
    if code.split(".", 1)[0] != parent_code:
        raise RowError("Mã đơn vị", f"mã {code} phải bắt đầu bằng mã đơn vị cấp tỉnh {parent_code} "
                                    f"(ví dụ {parent_code}.001)")
    if end is not None and end <= start:
        raise RowError("Hiệu lực đến", f"hiệu lực đến ({_d(end)}) phải sau hiệu lực từ ({_d(start)})")
    rec["unit_id"] = next((uid for uid, _n, vf, *_ in same_code if vf == start), None)
    for uid, name, vf, vt, _succ in same_code:
        if uid != rec["unit_id"] and (vt is None or vt > start) and (end is None or vf < end):
            until = _d(vt) if vt is not None else "nay"
            raise RowError("Hiệu lực từ", f"mã {code} đang là đơn vị “{name}” từ {_d(vf)} đến {until}; một mã chỉ "
                                          f"dùng cho một đơn vị trong cùng thời gian")
    rec["parent_id"] = parent
    rec["level"] = "xa"
    return None


def _unit_overlaps(con, rows: pd.DataFrame, origins: list[tuple]) -> list[Problem]:
    """Two rows of the file giving the same code overlapping validity."""
    out = []
    frame = pd.DataFrame({"code": rows["code"], "vf": rows["valid_from"], "vt": rows["valid_to"],
                          "i": range(len(rows))})
    for _code, group in frame[frame["code"].duplicated(keep=False)].groupby("code", sort=False):
        group = group.sort_values("vf")
        prev = None
        for r in group.itertuples(index=False):
            if prev is not None and (prev.vt is None or pd.isna(prev.vt) or prev.vt > r.vf):
                sheet, row = origins[r.i]
                out.append(Problem(sheet, row, "Hiệu lực từ", f"mã {r.code} đã có ở dòng {origins[prev.i][1]} với "
                                                              f"thời gian hiệu lực trùng nhau"))
            prev = r
    return sorted(out, key=lambda p: (p.sheet, p.row))


def _check_indicator_value(rec: dict, lookups: _Lookups):
    """indicator_values: the indicator exists, the year is in its programme, the unit (valid on 31/12 of the year)
    is a party of the programme, and the row has a figure."""
    indicator = lookups.indicators.get(rec["indicator_id"])
    if indicator is None:
        raise RowError("Mã chỉ số", f"mã chỉ số {rec['indicator_id']} không tồn tại")
    _name, programme, title, first, last = indicator
    year = rec["year"]
    if not first <= year <= last:
        raise RowError("Năm", f"năm {year} ngoài thời gian chương trình “{title}” ({first}–{last})")
    code = rec["unit_code"]
    _unit(rec, lookups, dt.date(year, 12, 31), f"năm {year}")
    if rec["unit_id"] not in lookups.parties.get(programme, ()):
        raise RowError(UNIT, f"đơn vị {code} không tham gia chương trình “{title}”")
    if rec["target"] is None and rec["actual"] is None:
        raise RowError(None, "dòng không có số liệu nào (chỉ tiêu, thực hiện)")

# ---- programme_indicators: one file row per indicator fills programmes, programme_parties, programme_tasks and
# programme_indicators ----

PROGRAMME_MISMATCH = ("programme_name", "year_from", "year_to", "parties")


def _programme_ident(rec) -> tuple:
    """Which programme a file row belongs to: its id, or (for a new programme) its folded name."""
    pid = rec["programme_id"]
    if pid is not None and not pd.isna(pid):
        return ("id", int(pid))
    return ("new", parse.header_key(rec["programme_name"]))


def _check_programme_row(rec: dict, lookups: _Lookups):
    """programme_indicators: Năm đến ≥ Năm từ; at least one party, each code valid on 01/01 of Năm từ; no second
    programme of an existing name; an existing programme's years still hold its indicator values; a given
    indicator belongs to this programme; no second indicator of an existing name in the same task."""
    pid, name, first, last = rec["programme_id"], rec["programme_name"], rec["year_from"], rec["year_to"]
    if last < first:
        raise RowError("Năm đến", f"năm đến ({last}) phải lớn hơn hoặc bằng năm từ ({first})")
    codes = [c for c in (rec.pop("party_codes") or "").split(";") if c]
    if not codes:
        raise RowError("Đơn vị tham gia", f"chương trình “{name}” chưa có đơn vị tham gia nào; ghi mã các đơn vị, "
                                          f"cách nhau bởi dấu ; (ví dụ 14; 48)")
    ids = set()
    for code in codes:
        try:
            ids.add(lookups.unit(code, dt.date(first, 1, 1), f"ngày 01/01/{first} (năm từ)"))
        except parse.ParseError as exc:
            raise RowError("Đơn vị tham gia", str(exc)) from None
    rec["parties"] = ";".join(str(i) for i in sorted(ids))
    warnings = []
    if pid is None:
        same = lookups.programme_names.get(parse.header_key(name))
        if same is not None:
            raise RowError("Tên chương trình", f"đã có chương trình “{name}” (mã chương trình {same}); ghi mã đó vào "
                                               f"cột “Mã chương trình” để sửa, không tạo chương trình trùng")
    elif pid not in lookups.programmes:
        warnings.append(("Mã chương trình", f"mã chương trình {pid} chưa có; sẽ tạo chương trình mới với mã này"))
    else:
        span = lookups.programme_value_years.get(pid)
        if span is not None and (span[0] < first or span[1] > last):
            raise RowError("Năm từ" if span[0] < first else "Năm đến",
                           f"chương trình {pid} đã có số liệu chỉ số "
                           f"{f'năm {span[0]}' if span[0] == span[1] else f'các năm {span[0]}–{span[1]}'}; thời gian "
                           f"chương trình ({first}–{last}) phải chứa các năm này")
    iid = rec["indicator_id"]
    if iid is not None:
        indicator = lookups.indicators.get(iid)
        if indicator is None:
            warnings.append(("Mã chỉ số", f"mã chỉ số {iid} chưa có; sẽ tạo chỉ số mới với mã này"))
        elif indicator[1] != pid:
            raise RowError("Mã chỉ số", f"mã chỉ số {iid} thuộc chương trình “{indicator[2]}” (mã chương trình "
                                        f"{indicator[1]}); không chuyển chỉ số sang chương trình khác")
    elif pid is not None:
        task = lookups.programme_tasks.get((pid, rec["seq"]))
        same = lookups.indicator_names.get((task[0], parse.header_key(rec["name"]))) if task else None
        if same is not None:
            raise RowError("Tên chỉ số", f"nhiệm vụ {rec['seq']} đã có chỉ số “{rec['name']}” (mã chỉ số {same}); "
                                         f"ghi mã đó vào cột “Mã chỉ số” để sửa, không tạo chỉ số trùng")
    return warnings or None


def _programme_dup_key(rec):
    if rec["indicator_id"] is not None:
        return ("id", rec["indicator_id"])
    return ("new", _programme_ident(rec), rec["seq"], parse.header_key(rec["name"]))


def _programme_agreement(con, rows: pd.DataFrame, origins: list[tuple]) -> list[Problem]:
    """Rows of the same programme give the same programme columns, rows of the same task the same title, and a
    programme's tasks are numbered 1..n (with the tasks it already has)."""
    kind = KINDS["programme_indicators"]
    out = []
    first_of: dict = {}
    task_of: dict = {}
    seqs: dict = {}
    for i, rec in enumerate(rows.to_dict("records")):
        ident = _programme_ident(rec)
        sheet, row = origins[i]
        seqs.setdefault(ident, {})[int(rec["seq"])] = (sheet, row)
        if ident not in first_of:
            first_of[ident] = (rec, row)
        else:
            earlier, erow = first_of[ident]
            for key in PROGRAMME_MISMATCH:
                if rec[key] != earlier[key]:
                    header = kind.column("party_codes" if key == "parties" else key).header
                    out.append(Problem(sheet, row, header, f"chương trình “{rec['programme_name']}” ghi khác dòng "
                                                           f"{erow} ở cột “{header}”; các dòng của cùng một "
                                                           f"chương trình phải ghi giống nhau"))
                    break
        tkey = (ident, int(rec["seq"]))
        if tkey not in task_of:
            task_of[tkey] = (rec["task_title"], row)
        elif rec["task_title"] != task_of[tkey][0]:
            out.append(Problem(sheet, row, "Nhiệm vụ", f"nhiệm vụ thứ tự {rec['seq']} ghi “{rec['task_title']}”, khác "
                                                       f"dòng {task_of[tkey][1]} (“{task_of[tkey][0]}”); các dòng "
                                                       f"của cùng một nhiệm vụ phải ghi giống nhau"))
    cur = con.cursor()
    try:
        have = {}
        for pid, seq in _fetch(cur, "select programme_id, seq from programme_tasks"):
            have.setdefault(("id", pid), set()).add(seq)
    finally:
        cur.close()
    for ident, found in seqs.items():
        every = set(found) | have.get(ident, set())
        missing = [n for n in range(1, max(every) + 1) if n not in every]
        if missing:
            seq = min(s for s in found if s > missing[0])
            sheet, row = found[seq]
            out.append(Problem(sheet, row, "Thứ tự nhiệm vụ",
                               f"chương trình chưa có nhiệm vụ thứ tự {missing[0]}; thứ tự nhiệm vụ phải liên tục "
                               f"1, 2, 3…"))
    return sorted(out, key=lambda p: (p.sheet, p.row))


def _next_id(cur, table: str, column: str, given) -> int:
    top = db.one(cur, f"select coalesce(max({column}), 0) from {table}")[0]
    return max([int(top)] + [int(g) for g in given]) + 1


def _split_programmes(cur, rows: pd.DataFrame) -> list[tuple]:
    """The file's rows as rows of the four programme tables; new programmes, tasks and indicators get max + 1."""
    recs = rows.to_dict("records")
    given = [r["programme_id"] for r in recs if not pd.isna(r["programme_id"])]
    next_pid = _next_id(cur, "programmes", "programme_id", given)
    pid_of: dict = {}
    programmes, parties = [], []
    for r in recs:
        ident = _programme_ident(r)
        if ident in pid_of:
            continue
        pid = ident[1] if ident[0] == "id" else next_pid
        next_pid += ident[0] == "new"
        pid_of[ident] = pid
        programmes.append((pid, r["programme_name"], int(r["year_from"]), int(r["year_to"])))
        parties += [(pid, int(u)) for u in r["parties"].split(";")]
    tasks_have = {(p, s): t for t, p, s in _fetch(cur, "select task_id, programme_id, seq from programme_tasks")}
    next_tid = _next_id(cur, "programme_tasks", "task_id", [])
    tid_of: dict = {}
    tasks = []
    for r in recs:
        key = (pid_of[_programme_ident(r)], int(r["seq"]))
        if key in tid_of:
            continue
        tid = tasks_have.get(key)
        if tid is None:
            tid, next_tid = next_tid, next_tid + 1
        tid_of[key] = tid
        tasks.append((tid, key[0], key[1], r["task_title"]))
    given = [r["indicator_id"] for r in recs if not pd.isna(r["indicator_id"])]
    next_iid = _next_id(cur, "programme_indicators", "indicator_id", given)
    indicators = []
    for r in recs:
        iid = r["indicator_id"]
        if pd.isna(iid):
            iid, next_iid = next_iid, next_iid + 1
        indicators.append((int(iid), tid_of[(pid_of[_programme_ident(r)], int(r["seq"]))], r["name"],
                           r["unit_of_count"]))
    out = []
    for table, data in zip(PROGRAMME_TABLES, (programmes, parties, tasks, indicators)):
        frame = pd.DataFrame(data, columns=list(table.natural_key + table.values))
        for c in frame.columns:
            if c.endswith("_id") or c in ("seq", "year_from", "year_to"):
                frame[c] = frame[c].astype("int64")
        out.append((table, frame))
    return out


PROGRAMME_TABLES = (
    Table("programmes", "Chương trình", ("programme_id",), ("name", "year_from", "year_to"),
          undo_refs=(("programme_tasks", "programme_id"),),
          shown=(("programme_id", "programme_id"), ("name", "programme_name"), ("year_from", "year_from"),
                 ("year_to", "year_to"))),
    Table("programme_parties", "Đơn vị tham gia chương trình", ("programme_id", "unit_id"), (),
          shown=(("programme_id", "programme_id"),)),
    Table("programme_tasks", "Nhiệm vụ chương trình", ("task_id",), ("programme_id", "seq", "title"),
          undo_refs=(("programme_indicators", "task_id"),),
          shown=(("programme_id", "programme_id"), ("seq", "seq"), ("title", "task_title"))),
    Table("programme_indicators", "Chỉ số chương trình", ("indicator_id",), ("task_id", "name", "unit_of_count"),
          undo_refs=(("indicator_values", "indicator_id"),),
          shown=(("indicator_id", "indicator_id"), ("name", "name"), ("unit_of_count", "unit_of_count"))),
)


_UNIT_HELP = "mã đơn vị hành chính cấp tỉnh (ví dụ 14 = Sơn La); mã phải còn hiệu lực vào thời điểm của dòng"
_MONTH_HELP = "tháng báo cáo, viết 09/2024 (cũng nhận 9/2024, Tháng 9/2024, T9/2024, 2024-09)"
_COUNT_HELP = "số nguyên không âm, viết 13.712 hoặc 13712"

KINDS = {
    "activities": Kind(
        key="activities", label="Hoạt động hằng tháng", table="activities",
        columns=(
            Column("unit_code", "Mã đơn vị", "unit", aliases=("Mã ĐV", "Đơn vị"), help=_UNIT_HELP),
            Column("month", "Tháng báo cáo", "month", aliases=("Tháng", "Kỳ báo cáo"), help=_MONTH_HELP),
            Column("platform_key", "Loại kênh", "platform", aliases=("Nền tảng",),
                   help="nền tảng: chọn trong danh sách"),
            Column("activity_key", "Loại hoạt động", "activity", aliases=("Hoạt động",),
                   help="loại hoạt động: chọn trong danh sách"),
            Column("source_level", "Cấp nguồn link", "level", required=False, aliases=("Nguồn link", "Cấp nguồn"),
                   help="chỉ ghi với “Chia sẻ đường link được gửi”: Trung ương, Tỉnh hoặc Cơ sở; "
                        "các loại khác để trống"),
            Column("quantity", "Số lượng", "count", aliases=("Số lượt", "Số lượng (lượt)"), help=_COUNT_HELP),
            Column("reach", "Lượt tiếp cận", "count", required=False, aliases=("Tiếp cận",),
                   help="không bắt buộc; để trống nếu không rõ (không ghi 0)"),
        ),
        natural_key=("unit_id", "month", "platform_key", "activity_key", "source_level"),
        values=("quantity", "reach"),
        duplicate="cùng đơn vị, tháng, loại kênh, loại hoạt động và cấp nguồn",
        check=_check_activities, check_on=("unit_code", "month", "activity_key", "source_level"),
    ),
    "team_snapshots": Kind(
        key="team_snapshots", label="Thành viên biệt đội", table="team_snapshots",
        columns=(
            Column("team_id", "Mã biệt đội", "id", aliases=("Mã đội", "Mã tổ"),
                   help="mã biệt đội/tổ trong hệ thống (xem danh sách biệt đội, python -m data export --kind teams)"),
            Column("month", "Tháng báo cáo", "month", aliases=("Tháng", "Kỳ báo cáo"), help=_MONTH_HELP),
            Column("members", "Số thành viên", "count", aliases=("Thành viên", "Số lượng thành viên"),
                   help="số thành viên của đội cuối tháng — " + _COUNT_HELP),
        ),
        natural_key=("team_id", "month"), values=("members",),
        duplicate="cùng biệt đội và tháng", check=_check_team_snapshots, check_on=("team_id", "month"),
    ),
    "channel_snapshots": Kind(
        key="channel_snapshots", label="Số liệu kênh hằng tháng", table="channel_snapshots",
        columns=(
            Column("channel_id", "Mã kênh", "id", help="mã kênh trong hệ thống (python -m data export --kind channels)"),
            Column("month", "Tháng báo cáo", "month", aliases=("Tháng", "Kỳ báo cáo"), help=_MONTH_HELP),
            Column("followers", "Người theo dõi", "count", required=False,
                   aliases=("Số người theo dõi", "Lượt theo dõi", "Thành viên nhóm"),
                   help="người theo dõi (thành viên với nhóm) cuối tháng; trang web để trống"),
            Column("posts", "Bài đăng", "count", required=False, aliases=("Số bài đăng", "Tin bài", "Số tin bài"),
                   help="số tin bài đăng trong tháng"),
            Column("interactions", "Lượt xem/tương tác", "count", required=False,
                   aliases=("Lượt xem", "Lượt tương tác", "Lượt xem, tương tác", "Tương tác"),
                   help="lượt xem/tương tác trong tháng (trang web: lượt truy cập)"),
        ),
        natural_key=("channel_id", "month"), values=("followers", "posts", "interactions"),
        duplicate="cùng kênh và tháng", check=_check_channel_snapshots, post_check=_followers_jumps,
        check_on=("channel_id", "month", "followers", "posts", "interactions"),
    ),
    "channels": Kind(
        key="channels", label="Danh sách kênh", table="channels",
        columns=(
            Column("channel_id", "Mã kênh", "id", required=False,
                   help="để trống khi thêm kênh mới (hệ thống tự cấp mã); ghi mã có sẵn để sửa thông tin kênh"),
            Column("unit_code", "Mã đơn vị", "unit", aliases=("Mã ĐV", "Đơn vị"),
                   help="mã đơn vị quản lý kênh, còn hiệu lực vào ngày mở kênh"),
            Column("platform_key", "Loại kênh", "platform", aliases=("Nền tảng",), help="chọn trong danh sách"),
            Column("name", "Tên kênh", "text", aliases=("Tên trang", "Tên kênh, trang, nhóm"),
                   help="tên chính thức của kênh, trang, nhóm"),
            Column("address", "Địa chỉ", "text", required=False, aliases=("Đường dẫn", "URL", "Địa chỉ kênh"),
                   help="địa chỉ trang (ví dụ facebook.com/tuyengiaosonla); không bắt buộc"),
            Column("opened_on", "Ngày mở", "date", aliases=("Ngày thành lập kênh", "Ngày bắt đầu"),
                   help="ngày bắt đầu hoạt động, dd/mm/yyyy"),
            Column("closed_on", "Ngày đóng", "date", required=False, aliases=("Ngày ngừng hoạt động",),
                   help="ngày ngừng hoạt động (kênh không còn hoạt động từ ngày này), dd/mm/yyyy; "
                        "để trống nếu còn hoạt động"),
        ),
        natural_key=("channel_id",), values=("unit_id", "platform_key", "name", "address", "opened_on", "closed_on"),
        duplicate="cùng mã kênh, hoặc cùng đơn vị, loại kênh và tên kênh",
        check=lambda rec, lk: _check_entity(rec, lk, "channels"), dup_key=_entity_dup_key("channels"),
        id_column="channel_id",
    ),
    "teams": Kind(
        key="teams", label="Danh sách biệt đội", table="teams",
        columns=(
            Column("team_id", "Mã biệt đội", "id", required=False, aliases=("Mã đội", "Mã tổ"),
                   help="để trống khi thêm biệt đội mới (hệ thống tự cấp mã); ghi mã có sẵn để sửa"),
            Column("unit_code", "Mã đơn vị", "unit", aliases=("Mã ĐV", "Đơn vị"),
                   help="mã đơn vị của biệt đội, còn hiệu lực vào ngày thành lập"),
            Column("name", "Tên biệt đội", "text", aliases=("Tên đội", "Tên tổ", "Tên biệt đội, tổ"),
                   help="tên biệt đội/tổ thông tin (không ghi tên thành viên)"),
            Column("founded_on", "Ngày thành lập", "date", help="dd/mm/yyyy"),
            Column("disbanded_on", "Ngày giải thể", "date", required=False,
                   help="đội không còn hoạt động từ ngày này, dd/mm/yyyy; để trống nếu còn hoạt động"),
        ),
        natural_key=("team_id",), values=("unit_id", "name", "founded_on", "disbanded_on"),
        duplicate="cùng mã biệt đội, hoặc cùng đơn vị và tên biệt đội",
        check=lambda rec, lk: _check_entity(rec, lk, "teams"), dup_key=_entity_dup_key("teams"),
        id_column="team_id",
    ),
    "contests": Kind(
        key="contests", label="Danh sách cuộc thi", table="contests",
        columns=(
            Column("contest_id", "Mã cuộc thi", "id", required=False,
                   help="để trống khi thêm cuộc thi mới (hệ thống tự cấp mã); ghi mã có sẵn để sửa thông tin cuộc thi"),
            Column("title", "Tên cuộc thi", "text", aliases=("Cuộc thi",),
                   help="tên chính thức của cuộc thi (không ghi tên người dự thi, người đạt giải)"),
            Column("document", "Văn bản", "text", required=False, aliases=("Văn bản tìm hiểu", "Chủ đề văn bản"),
                   help="văn bản cuộc thi tìm hiểu, ví dụ “Chỉ thị 34-CT/TU”; không bắt buộc"),
            Column("organiser_code", "Mã đơn vị tổ chức", "unit", aliases=("Đơn vị tổ chức", "Mã ĐV tổ chức"),
                   help="mã đơn vị tổ chức cuộc thi, còn hiệu lực vào ngày bắt đầu"),
            Column("start_on", "Ngày bắt đầu", "date", aliases=("Bắt đầu",), help="dd/mm/yyyy"),
            Column("end_on", "Ngày kết thúc", "date", aliases=("Kết thúc",),
                   help="ngày cuối cùng của cuộc thi, dd/mm/yyyy; phải sau ngày bắt đầu"),
            Column("format", "Hình thức", "text", required=False, aliases=("Hình thức thi",), listing="contest_format",
                   help="hình thức thi: chọn trong danh sách hoặc ghi hình thức khác; không bắt buộc"),
            Column("target_luot", "Chỉ tiêu lượt", "count", required=False, aliases=("Chỉ tiêu lượt dự thi",),
                   help="chỉ tiêu lượt dự thi cả cuộc thi — " + "số nguyên không âm; không bắt buộc"),
            Column("target_nguoi", "Chỉ tiêu người", "count", required=False, aliases=("Chỉ tiêu người dự thi",),
                   help="chỉ tiêu số người dự thi; không lớn hơn chỉ tiêu lượt; không bắt buộc"),
        ),
        natural_key=("contest_id",),
        values=("title", "document", "organiser_unit_id", "start_on", "end_on", "format", "target_luot",
                "target_nguoi"),
        duplicate="cùng mã cuộc thi, hoặc cùng đơn vị tổ chức, tên cuộc thi và ngày bắt đầu",
        check=_check_contest, dup_key=_contest_dup_key, id_column="contest_id",
        undo_refs=(("contest_participation", "contest_id"),),
    ),
    "contest_participation": Kind(
        key="contest_participation", label="Tham gia cuộc thi", table="contest_participation",
        columns=(
            Column("contest_id", "Mã cuộc thi", "id", help="mã cuộc thi trong hệ thống"),
            Column("unit_code", "Mã đơn vị", "unit", aliases=("Mã ĐV", "Đơn vị", "Đơn vị dự thi"),
                   help="đơn vị có người dự thi, còn hiệu lực vào ngày đầu kỳ"),
            Column("period_start", "Từ ngày", "date", aliases=("Ngày bắt đầu kỳ", "Tuần từ ngày"),
                   help="ngày đầu tuần (hoặc ngày 01 của tháng), dd/mm/yyyy; kỳ phải nằm trong thời gian "
                        "cuộc thi"),
            Column("period_grain", "Loại kỳ", "grain", required=False, aliases=("Kỳ",),
                   help="Tuần (mặc định) hoặc Tháng"),
            Column("nguoi", "Người dự thi", "count", aliases=("Số người dự thi", "Số người"),
                   help="số người lần đầu dự thi trong kỳ; không lớn hơn lượt dự thi; không cộng với lượt"),
            Column("luot", "Lượt dự thi", "count", aliases=("Số lượt dự thi", "Số lượt"),
                   help="số lượt dự thi trong kỳ"),
            Column("submissions", "Bài dự thi", "count", required=False, aliases=("Số bài dự thi",),
                   help="không bắt buộc"),
            Column("awards", "Giải thưởng", "count", required=False, aliases=("Số giải thưởng", "Số giải"),
                   help="số giải đã trao; không bắt buộc (không ghi tên người đạt giải)"),
        ),
        natural_key=("contest_id", "unit_id", "period_start"),
        values=("period_grain", "month", "nguoi", "luot", "submissions", "awards"),
        duplicate="cùng cuộc thi, đơn vị và từ ngày", check=_check_participation,
        check_on=("contest_id", "unit_code", "period_start", "period_grain", "nguoi", "luot"),
    ),
    "metric_targets": Kind(
        key="metric_targets", label="Chỉ tiêu năm", table="metric_targets",
        columns=(
            Column("metric_key", "Chỉ số", "metric", aliases=("Tên chỉ số", "Mã chỉ số"),
                   help="chỉ số trong danh mục (tên tiếng Việt hoặc mã, ví dụ “Thành viên biệt đội” hay members)"),
            Column("unit_code", "Mã đơn vị", "unit", aliases=("Mã ĐV", "Đơn vị"),
                   help="mã đơn vị còn hiệu lực vào ngày 31/12 của năm"),
            Column("year", "Năm", "year", aliases=("Năm kế hoạch",), help="năm, ví dụ 2025"),
            Column("target", "Chỉ tiêu", "number", aliases=("Giá trị chỉ tiêu", "Mục tiêu"),
                   help="giá trị chỉ tiêu, viết 13.712 hoặc 1.234,5"),
        ),
        natural_key=("metric_key", "unit_id", "year"), values=("target",),
        duplicate="cùng chỉ số, đơn vị và năm", check=_check_targets, check_on=("unit_code", "year"),
    ),
    "units": Kind(
        key="units", label="Đơn vị cấp xã", table="units",
        columns=(
            Column("code", "Mã đơn vị", "text", aliases=("Mã đơn vị cấp xã", "Mã xã", "Mã ĐV"),
                   help="mã đơn vị cấp xã (xã, phường, đặc khu) hoặc cơ quan: <mã tỉnh>.<số>, ví dụ 14.001; "
                        "không nhập đơn vị cấp tỉnh (danh mục chuẩn)"),
            Column("name", "Tên đơn vị", "text", aliases=("Tên", "Tên xã", "Tên đơn vị cấp xã"),
                   help="tên chính thức, ví dụ Phường Tô Hiệu"),
            Column("parent_code", "Mã đơn vị cấp tỉnh", "unit", aliases=("Mã tỉnh", "Đơn vị cấp tỉnh", "Mã đơn vị cha"),
                   help="mã tỉnh/thành mà đơn vị thuộc về, còn hiệu lực vào ngày “Hiệu lực từ”"),
            Column("valid_from", "Hiệu lực từ", "date", aliases=("Hiệu lực từ ngày", "Ngày hiệu lực"),
                   help="ngày đơn vị bắt đầu tồn tại với mã này, dd/mm/yyyy; mã và ngày này xác định đơn vị"),
            Column("valid_to", "Hiệu lực đến", "date", required=False, aliases=("Hiệu lực đến ngày", "Hết hiệu lực"),
                   help="đơn vị không còn từ ngày này (ví dụ sau sắp xếp), dd/mm/yyyy; để trống nếu còn hiệu lực"),
        ),
        natural_key=("unit_id",), values=("code", "name", "level", "parent_id", "valid_from", "valid_to"),
        duplicate="cùng mã đơn vị và hiệu lực từ", check=_check_unit_row,
        dup_key=lambda rec: (rec["code"], rec["valid_from"]), post_check=_unit_overlaps,
        id_column="unit_id", id_start=100000, batch_column=False, file_key=("code", "valid_from"),
        undo_refs=(("units", "parent_id"), ("activities", "unit_id"), ("channels", "unit_id"), ("teams", "unit_id"),
                   ("contests", "organiser_unit_id"), ("contest_participation", "unit_id"),
                   ("metric_targets", "unit_id"), ("indicator_values", "unit_id"), ("programme_parties", "unit_id")),
    ),
    "indicator_values": Kind(
        key="indicator_values", label="Chỉ tiêu, kết quả chương trình", table="indicator_values",
        columns=(
            Column("indicator_id", "Mã chỉ số", "id", aliases=("Mã chỉ tiêu chương trình",), listing="indicator",
                   help="mã chỉ số của chương trình phối hợp (xem danh sách chọn)"),
            Column("unit_code", "Mã đơn vị", "unit", aliases=("Mã ĐV", "Đơn vị", "Bên tham gia"),
                   help="mã đơn vị tham gia chương trình, còn hiệu lực vào ngày 31/12 của năm"),
            Column("year", "Năm", "year", help="năm, trong thời gian của chương trình"),
            Column("target", "Chỉ tiêu", "number", required=False, aliases=("Giá trị chỉ tiêu", "Kế hoạch"),
                   help="chỉ tiêu của năm, viết 13.712 hoặc 1.234,5"),
            Column("actual", "Thực hiện", "number", required=False, aliases=("Kết quả", "Kết quả thực hiện"),
                   help="kết quả thực hiện trong năm; ghi ít nhất một trong hai cột chỉ tiêu, thực hiện"),
        ),
        natural_key=("indicator_id", "unit_id", "year"), values=("target", "actual"),
        duplicate="cùng chỉ số, đơn vị và năm", check=_check_indicator_value,
        check_on=("indicator_id", "unit_code", "year", "target", "actual"),
    ),
    "programme_indicators": Kind(
        key="programme_indicators", label="Chương trình, nhiệm vụ, chỉ số", table="programme_indicators",
        columns=(
            Column("programme_id", "Mã chương trình", "id", required=False,
                   help="để trống khi thêm chương trình mới (hệ thống tự cấp mã); ghi mã có sẵn để sửa chương trình"),
            Column("programme_name", "Tên chương trình", "text", aliases=("Chương trình",),
                   help="tên chương trình phối hợp; ghi giống nhau ở mọi dòng của chương trình"),
            Column("year_from", "Năm từ", "year", aliases=("Từ năm",), help="năm bắt đầu, ví dụ 2024"),
            Column("year_to", "Năm đến", "year", aliases=("Đến năm",),
                   help="năm kết thúc, lớn hơn hoặc bằng năm từ"),
            Column("party_codes", "Đơn vị tham gia", "units", required=False,
                   aliases=("Các đơn vị tham gia", "Mã đơn vị tham gia"),
                   help="mã các đơn vị tham gia, cách nhau bởi dấu ; hoặc dấu phẩy (ví dụ 14; 48), còn hiệu lực "
                        "vào ngày 01/01 của năm từ; ít nhất một đơn vị; đơn vị đã có không bị bỏ đi"),
            Column("seq", "Thứ tự nhiệm vụ", "order", aliases=("STT nhiệm vụ", "Số thứ tự nhiệm vụ"),
                   help="thứ tự của nhiệm vụ trong chương trình: 1, 2, 3… liên tục"),
            Column("task_title", "Nhiệm vụ", "text", aliases=("Tên nhiệm vụ", "Nội dung nhiệm vụ"),
                   help="tên nhiệm vụ; ghi giống nhau ở mọi dòng của cùng nhiệm vụ"),
            Column("indicator_id", "Mã chỉ số", "id", required=False, listing="indicator",
                   help="để trống khi thêm chỉ số mới (hệ thống tự cấp mã); ghi mã có sẵn để sửa chỉ số"),
            Column("name", "Tên chỉ số", "text", aliases=("Chỉ số chương trình",),
                   help="tên chỉ số, ví dụ “Số tin, bài tuyên truyền được đăng tải”; mỗi dòng một chỉ số"),
            Column("unit_of_count", "Đơn vị tính", "text", aliases=("ĐVT",), help="ví dụ bài, lượt, người"),
        ),
        natural_key=("indicator_id",),
        values=("programme_id", "programme_name", "year_from", "year_to", "parties", "seq", "task_title", "name",
                "unit_of_count"),
        duplicate="cùng mã chỉ số, hoặc cùng chương trình, thứ tự nhiệm vụ và tên chỉ số",
        check=_check_programme_row, dup_key=_programme_dup_key, post_check=_programme_agreement,
        id_column="indicator_id", file_key=("programme_name", "seq", "name"),
        tables=PROGRAMME_TABLES, split=_split_programmes,
    ),
}


# ---- preview, commit, undo ----------------------------------------------------------------------

def _plain(v):
    """A value as JSON can hold it (dates as ISO text, numpy scalars as Python numbers, nulls as None)."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, (dt.date, pd.Timestamp)):
        return (v.date() if isinstance(v, pd.Timestamp) else v).isoformat()
    if hasattr(v, "item"):          # numpy / pandas scalar
        v = v.item()
    return v


def _key_json(values) -> str:
    return json.dumps([_plain(v) for v in values], ensure_ascii=False)


def _row_keys(rows: pd.DataFrame, natural_key: tuple[str, ...]) -> np.ndarray:
    """``_key_json`` of every row's natural key, byte for byte (undo matches batches on this text), with
    each distinct value of a column encoded once."""
    out = None
    for k in natural_key:
        codes, uniques = pd.factorize(rows[k], use_na_sentinel=False)
        part = _objects(json.dumps(_plain(u), ensure_ascii=False) for u in uniques)[codes]
        out = "[" + part if out is None else out + ", " + part
    return out + "]" if out is not None else _objects(["[]"] * len(rows))


def _arrow(frame: pd.DataFrame):
    """A frame as an Arrow table for DuckDB to scan (Python dates and texts converted in bulk)."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def _types(cur, table: str) -> dict[str, str]:
    return dict(cur.execute("select column_name, data_type from information_schema.columns where table_name = ?",
                            [table]).fetchall())


def _typed(cur, table: str, cols, alias: str = "") -> str:
    """A select list casting each (registered frame) column to the table's type."""
    types = _types(cur, table)
    return ", ".join(f"cast({alias}{c} as {types[c]}) as {c}" for c in cols)


def _batch(kind: Kind) -> tuple[str, ...]:
    return ("batch_id",) if kind.batch_column else ()


def _existing(cur, kind: Kind, rows: pd.DataFrame) -> pd.DataFrame:
    keys = rows[list(kind.natural_key)]
    if kind.id_column:
        keys = keys[keys[kind.id_column].notna()]
    cur.register("incoming_keys", _arrow(keys))
    types = _types(cur, kind.table)
    cond = " and ".join(f"t.{k} = cast(i.{k} as {types[k]})" for k in kind.natural_key)
    cols = ", ".join(f"t.{c}" for c in kind.natural_key + kind.values + _batch(kind))
    found = cur.execute(f"select {cols} from {kind.table} as t join incoming_keys as i on {cond}").df()
    cur.unregister("incoming_keys")
    for col in found.columns:
        if pd.api.types.is_datetime64_any_dtype(found[col]):
            found[col] = found[col].dt.date
    return found


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    if a.dtype == object or b.dtype == object:       # dates and text: compare value by value
        eq = pd.Series([x == y for x, y in zip(a, b)], index=a.index, dtype="boolean")
    else:
        eq = a.eq(b).astype("boolean")
    return eq.fillna(False).astype(bool) | (a.isna() & b.isna())


def _diff(con, parsed: Parsed, cur=None) -> tuple[dict, list[tuple]]:
    """Compare a file's rows with the database: (counts and replaced rows, [(table, the rows to write with their
    old values)] — one table, or each table of a multi-table kind). Shared by preview and commit, so what is
    previewed is what is written. ``cur``: the commit's transaction (a multi-table kind assigns its ids there)."""
    own = cur is None
    cur = con.cursor() if own else cur
    try:
        seen = db.one(cur, "select batch_id from import_batches where checksum = ? and status = 'committed'",
                      [parsed.checksum])
        kind, rows = parsed.kind, parsed.rows
        if kind is None or rows.empty:
            return {"already_batch": seen[0] if seen else None, "new": 0, "replaced": 0, "unchanged": 0,
                    "changes": pd.DataFrame()}, []
        parts = kind.split(cur, rows) if kind.split is not None else [(kind, rows)]
        olds = [_existing(cur, table, frame) for table, frame in parts]
    finally:
        if own:
            cur.close()
    summary = {"already_batch": seen[0] if seen else None, "new": 0, "replaced": 0, "unchanged": 0}
    todo, changes = [], []
    for (table, frame), old in zip(parts, olds):
        for k in table.natural_key:          # join keys of the same type on both sides
            if k in old and pd.api.types.is_integer_dtype(old[k]) and pd.api.types.is_integer_dtype(frame[k]):
                old[k] = old[k].astype(frame[k].dtype)
        merged = frame.merge(old, on=list(table.natural_key), how="left", suffixes=("", "_old"), indicator=True)
        is_new = merged["_merge"] == "left_only"
        same = pd.Series(True, index=merged.index)
        for v in table.values:
            same &= _same(merged[v], merged[f"{v}_old"])
        replaced = ~is_new & ~same
        summary["new"] += int(is_new.sum())
        summary["replaced"] += int(replaced.sum())
        summary["unchanged"] += int((~is_new & same).sum())
        todo.append((table, merged[is_new | replaced]))
        changes.append((table, merged[replaced].drop(columns="_merge")))
    summary["changes"] = changes[0][1] if kind.split is None else _kind_changes(kind, changes)
    return summary, todo


def _kind_changes(kind: Kind, changes: list[tuple]) -> pd.DataFrame:
    """A multi-table kind's replaced rows in the kind's own columns (``Table.shown``), for the old → new table."""
    cols = list(kind.natural_key + kind.values)
    frames = []
    for table, frame in changes:
        if frame.empty:
            continue
        out = pd.DataFrame(index=range(len(frame)), columns=cols + [f"{c}_old" for c in kind.values], dtype=object)
        for src, dst in table.shown:
            out[dst] = frame[src].to_numpy()
            if f"{src}_old" in frame:
                out[f"{dst}_old"] = frame[f"{src}_old"].to_numpy()
        frames.append(out)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)


def preview(con: duckdb.DuckDBPyConnection, parsed: Parsed) -> dict:
    """Rows new / replacing other values (with old and new) / unchanged, and whether the file was seen."""
    return _diff(con, parsed)[0]


def _assign_ids(cur, kind: Kind, todo: pd.DataFrame) -> pd.DataFrame:
    """Entity rows without an id get max + 1, max + 2, … (read inside the commit's transaction)."""
    col = kind.id_column
    todo = todo.copy()
    missing = todo[col].isna()
    if missing.any():
        top = db.one(cur, f"select coalesce(max({col}), 0) from {kind.table}")[0]
        given = todo.loc[~missing, col]
        start = max(int(top), int(given.max()) if len(given) else 0, kind.id_start - 1) + 1
        todo.loc[missing, col] = range(start, start + int(missing.sum()))
    todo[col] = todo[col].astype("int64")
    return todo


def commit(con: duckdb.DuckDBPyConnection, parsed: Parsed, actor: str,
           progress: Callable[[float, str], None] | None = None) -> dict:
    """Write one validated file as one batch, in one transaction. Returns the preview counts + batch_id.
    ``progress(fraction, message)``, if given, is called at each stage (comparison with the database, the
    change log, the rows, the batch record, the commit) with increasing fractions, the last one 1.0."""
    if parsed.errors:
        raise ValueError("tệp còn lỗi, không thể nhập")
    step = _Progress(progress)
    step(0.0, "Đang so sánh với số liệu đang có")
    summary, todo = _diff(con, parsed)
    if summary["already_batch"] is not None:
        step(1.0, "Tệp đã được nhập trước đó, không thay đổi gì")
        return {**summary, "batch_id": None}
    step(0.3, "Đã so sánh với số liệu đang có")
    kind = parsed.kind
    cur = con.cursor()
    cur.execute("begin transaction")
    try:
        batch_id = db.one(cur, "select nextval('batch_seq')")[0]
        if kind.split is not None:      # the ids of new programmes, tasks, indicators: read inside the transaction
            summary, todo = _diff(con, parsed, cur)
        written = 0
        for table, rows in todo:
            written += _write_table(cur, table, rows, batch_id,
                                    lambda: step(0.5, "Đã ghi nhật ký thay đổi của lô"))
        step(0.8, f"Đã ghi {written:,} dòng".replace(",", "."))
        cur.execute(
            "insert into import_batches (batch_id, kind, file_name, checksum, rows_added, rows_replaced, "
            "rows_unchanged, created_by, created_at, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'committed')",
            [batch_id, kind.key, parsed.file_name, parsed.checksum, summary["new"], summary["replaced"],
             summary["unchanged"], actor, dt.datetime.now()])
        _audit(cur, actor, "import", f"batch {batch_id}",
               f"{parsed.file_name}: {summary['new']} mới, {summary['replaced']} thay thế, "
               f"{summary['unchanged']} không đổi")
        db.bump_data_version(cur, rollups.batch_provinces(cur, batch_id))
        step(0.9, "Đang hoàn tất giao dịch")
        cur.execute("commit")
    except Exception:
        db.rollback(cur)
        raise
    finally:
        cur.close()
    step(1.0, f"Đã nhập lô {batch_id}")
    return {**summary, "batch_id": batch_id}


def _write_table(cur, table, todo: pd.DataFrame, batch_id: int, logged=lambda: None) -> int:
    """One table's new and replaced rows of a batch, with their old values in the batch's change log."""
    if table.id_column:
        todo = _assign_ids(cur, table, todo)
    old_cols = [f"{v}_old" for v in table.values] + list(_batch(table))
    replaced = np.flatnonzero((todo["_merge"] != "left_only").to_numpy())
    old_values = np.full(len(todo), None, dtype=object)
    for i, olds in zip(replaced, todo[old_cols].iloc[replaced].itertuples(index=False, name=None)):
        old_values[i] = json.dumps({c: _plain(o) for c, o in zip(table.values + _batch(table), olds)},
                                   ensure_ascii=False)
    changes = pa.table({"row_key": pa.array(_row_keys(todo, table.natural_key), type=pa.string()),
                        "old_values": pa.array(old_values, type=pa.string())})
    cur.register("changes_df", changes)
    cur.execute("insert into batch_changes select ?, ?, row_key, old_values from changes_df",
                [batch_id, table.table])
    cur.unregister("changes_df")
    logged()
    new_rows = todo[list(table.natural_key + table.values)].copy()
    if table.batch_column:
        new_rows["batch_id"] = batch_id
    cur.register("new_rows", _arrow(new_rows))
    cols = table.natural_key + table.values + _batch(table)
    cur.execute(f"insert or replace into {table.table} ({', '.join(cols)}) "
                f"select {_typed(cur, table.table, cols)} from new_rows")
    cur.unregister("new_rows")
    return len(new_rows)


def _audit(cur, actor: str, action: str, target: str, detail: str) -> None:
    audit.append(cur, actor, action, target, detail)


class UndoError(ValueError):
    """An undo that would lose later work or names no committed batch; the message is Vietnamese."""


def undo(con: duckdb.DuckDBPyConnection, batch_id: int, actor: str) -> int:
    """Restore exactly the values batch ``batch_id`` replaced (and remove the rows it added)."""
    cur = con.cursor()
    try:
        row = db.one(cur, "select kind, status from import_batches where batch_id = ?", [batch_id])
        if row is None:
            raise UndoError(f"không có lô nhập số {batch_id}")
        if row[1] != "committed":
            raise UndoError(f"lô {batch_id} đã được hoàn tác trước đó")
        kind = KINDS[row[0]]
        later = db.one(
            cur,
            "select min(c2.batch_id) from batch_changes as c1 join batch_changes as c2 "
            "on c2.table_name = c1.table_name and c2.row_key = c1.row_key and c2.batch_id > c1.batch_id "
            "join import_batches as b on b.batch_id = c2.batch_id and b.status = 'committed' "
            "where c1.batch_id = ?", [batch_id])[0]
        if later is not None:
            raise UndoError(f"lô {batch_id} có số liệu đã được lô {later} sửa sau đó; hãy hoàn tác lô {later} trước")
        changes = cur.execute("select table_name, row_key, old_values from batch_changes where batch_id = ?",
                              [batch_id]).fetchall()
        plans = []          # per table the batch touched: (table, keys it added, rows to restore)
        for table in kind.parts():
            mine = [(k, o) for name, k, o in changes if name == table.table]
            if not mine:
                continue
            key_df = pd.DataFrame([json.loads(k) for k, _ in mine], columns=list(table.natural_key))
            restore = key_df.copy()
            olds = [json.loads(o) if o else None for _, o in mine]
            restore["_keep"] = pd.Series([o is not None for o in olds], dtype=bool)
            for c in table.values + _batch(table):
                restore[c] = pd.Series([o.get(c) if o else None for o in olds], dtype=object)
            plans.append((table, key_df[~restore["_keep"].to_numpy()], restore))
        added_by = {table.table: added for table, added, _r in plans}
        for table, added, _restore in plans:
            _refuse_if_referred(cur, table, added, batch_id, added_by)
        cur.execute("begin transaction")
        try:
            provinces = rollups.batch_provinces(cur, batch_id)
            # rows the batch added are deleted; rows it replaced get their old values back (columns the kind does
            # not import, such as a unit's map position, are left as they are)
            for table, added, restore in plans:
                types = _types(cur, table.table)
                cur.register("undo_keys", added)
                cond = " and ".join(f"t.{k} = cast(k.{k} as {types[k]})" for k in table.natural_key)
                cur.execute(f"delete from {table.table} as t using undo_keys as k where {cond}")
                cur.unregister("undo_keys")
                back = restore[restore["_keep"]].drop(columns="_keep")
                if len(back):
                    cur.register("restore_rows", back)
                    cols = table.natural_key + table.values + _batch(table)
                    cur.execute(f"insert or replace into {table.table} ({', '.join(cols)}) "
                                f"select {_typed(cur, table.table, cols)} from restore_rows")
                    cur.unregister("restore_rows")
            cur.execute("update import_batches set status = 'undone', undone_at = ? where batch_id = ?",
                        [dt.datetime.now(), batch_id])
            _audit(cur, actor, "undo", f"batch {batch_id}", f"khôi phục {len(changes)} dòng")
            db.bump_data_version(cur, provinces)
            cur.execute("commit")
        except Exception:
            db.rollback(cur)
            raise
        return len(changes)
    finally:
        cur.close()


def _refuse_if_referred(cur, kind, added: pd.DataFrame, batch_id: int, added_by: dict | None = None) -> None:
    """Undoing a batch that created contests, units, programmes or indicators is refused while other rows refer
    to them (rows the same batch added, which its undo removes too, do not count)."""
    if not kind.undo_refs or added.empty:
        return
    ident = kind.natural_key[0]
    cur.register("undo_added", added[[ident]])
    try:
        for table, column in kind.undo_refs:
            own = (added_by or {}).get(table)
            extra = ""
            if own is not None and len(own):
                pk = own.columns[0]
                cur.register("undo_own", own[[pk]])
                extra = f" where t.{pk} not in (select cast({pk} as integer) from undo_own)"
            found = db.one(cur, f"select min(t.{column}) from {table} as t join undo_added as a "
                                f"on t.{column} = cast(a.{ident} as integer){extra}")
            if extra:
                cur.unregister("undo_own")
            if found and found[0] is not None:
                raise UndoError(f"lô {batch_id} đã tạo {kind.label.lower()} mã {found[0]} mà bảng {table} đang dùng; "
                                f"hãy hoàn tác hoặc xóa các số liệu đó trước")
    finally:
        cur.unregister("undo_added")


def batches(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute("select * from import_batches order by batch_id desc").df()
    finally:
        cur.close()


def read_path(con, path: Path) -> Parsed:
    path = Path(path)
    return read(con, path.name, path.read_bytes())

"""Import of the periodic reports units send (XLSX or CSV): read, validate, preview, commit, undo — the generic
machinery every import kind goes through.

Everything is validated before anything is written; every problem is reported at once with sheet, row and
column, in Vietnamese. A file is committed as one batch in one transaction or not at all; the same file twice
(same checksum) changes nothing; a corrected file replaces the rows with the same natural key; ``undo`` restores
exactly the values a batch replaced. Every commit and undo is audited.

The kinds themselves — their columns and column types, natural keys, row and file checks, the tables they
write — are declared once each in ``data/kinds`` (the registry, ``KINDS``); this module knows none of them by
name. Files are read by ``data.files``, reference values come from ``data.lookups``, the SQL text from
``data.sql``. Templates and exports in exactly the kinds' format: ``data.templates``.

Access control: ``commit`` and ``undo`` take ``scope``, a predicate on unit ids ("may this actor write this
unit"); ``_check_scope`` is the one place both ask it, for every row a batch writes or removes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data import audit, db, files, limits, parse, rollups
from data import sql as q
from data.files import Coded, objects
from data.kinds import KINDS, Column, Kind, Table
from data.kinds.base import Problem, RowError
from data.kinds.types import GRAIN_LABELS, GRAINS
from data.lookups import Lookups

__all__ = ["KINDS", "GRAINS", "GRAIN_LABELS", "Column", "Kind", "Table", "Problem", "RowError", "Parsed", "Lookups",
           "UndoError", "ScopeError", "read", "read_path", "preview", "commit", "undo", "batches"]


# Headers that would carry personal data (DESIGN §1): a file with any of them is refused outright. Each is a run of
# whole words of the folded header (``parse.header_key``: no accents, lower case), so "Số ĐT" and "E-mail" are caught
# and no column of a template is ("Số thành viên", "Người dự thi", "Địa chỉ kênh": tests/test_importer.py).
PERSONAL_HEADERS = (
    # names of people, their roles in a team or on a channel
    "ho ten", "ho va ten", "hoten", "ten nguoi", "ten thanh vien", "truong nhom", "nhom truong", "doi truong",
    "to truong", "truong ban", "nguoi phu trach", "nguoi lien he", "nguoi quan tri", "quan tri vien",
    # contact, identity papers, birth, the person's own details
    "so dien thoai", "dien thoai", "sdt", "so dt", "di dong", "email", "e mail", "thu dien tu", "cmnd", "cmt", "cccd",
    "can cuoc", "dinh danh", "ho chieu", "ngay sinh", "nam sinh", "sinh ngay", "noi sinh", "que quan", "gioi tinh",
    "dan toc", "ton giao", "dia chi nha", "dia chi thuong tru", "dia chi tam tru", "dia chi lien he", "thuong tru",
    "tam tru", "ho khau", "noi o", "cho o", "ca nhan",
    # the same in English
    "name", "full name", "first name", "last name", "surname", "phone", "mobile", "telephone", "citizen id",
    "id card", "national id", "passport", "date of birth", "dob", "birthday", "birth date", "gender", "sex",
    "home address", "leader",
)


def personal_header(header: str) -> bool:
    """Whether a column header names personal data (``PERSONAL_HEADERS``, matched as whole words)."""
    folded = " " + " ".join(parse.header_key(header).split()) + " "
    return any(f" {words} " in folded for words in PERSONAL_HEADERS)

# The template sheets that are not data: skipped by the importer (compared folded, see parse.header_key).
INSTRUCTIONS_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
SKIPPED_SHEETS = {parse.header_key(INSTRUCTIONS_SHEET), parse.header_key(LISTS_SHEET)}


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


def _closest(headers: list) -> tuple[Kind, list[str]] | None:
    """When no kind has all its required columns: the kind the headers are clearly closest to and the headers of its
    required columns missing — one kind with more of its columns found than any other (then more by their own
    header), at least two, and more than it misses; None when no kind stands out."""
    folded = [parse.header_key(h) for h in headers]
    scored = []
    for kind in KINDS.values():
        hmap = kind.header_map()
        found = {hmap[h].key: hmap[h] for h in folded if h in hmap}
        own = sum(h == parse.header_key(c.header) for h in folded for c in found.values())
        missing = [c.header for c in kind.columns if c.required and c.key not in found]
        scored.append(((len(found), own), kind, missing))
    scored.sort(key=lambda x: x[0], reverse=True)
    (score, kind, missing), runner_up = scored[0], scored[1][0] if len(scored) > 1 else (0, 0)
    if score == runner_up or score[0] < 2 or score[0] <= len(missing) or not missing:
        return None
    return kind, missing


# ---- validation ---------------------------------------------------------------------------------

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
        book = files.read(file_name, data)
    except parse.ParseError as exc:
        empty.problems.append(Problem("", None, None, str(exc)))
        return empty
    # a hidden sheet is not what a person sees: not read, and said (the template hides its own list sheet)
    notes = [Problem(name, None, None, "trang tính đang ẩn, không được nhập (hiện trang đó trong Excel nếu cần nhập)",
                     "warning") for name in book.hidden if parse.header_key(name) not in SKIPPED_SHEETS]
    book_sheets = [s for s in book.sheets if parse.header_key(s.name) not in SKIPPED_SHEETS]
    sheets = [(s.name, s.columns, s.rows) for s in book_sheets]
    step(READ_STAGES["file"], f"Đã đọc tệp: {sum(s[2] for s in sheets):,} dòng".replace(",", "."))
    lookups = Lookups(con)
    kind = None
    per_sheet: list[list] = []      # per sheet: [(row position, order, Problem)], the header's at position -1
    parts: list[tuple] = []         # per sheet with rows: (sheet index, sheet, row positions, {key: Coded})
    span = (READ_STAGES["rows"] - READ_STAGES["file"]) / max(len(sheets), 1)
    for number, (sheet, columns, n) in enumerate(sheets):
        tick = step.part(READ_STAGES["file"] + number * span, READ_STAGES["file"] + (number + 1) * span)
        seen = book_sheets[number]
        blank = np.ones(n, dtype=bool)
        for c in columns:
            blank &= np.fromiter(map(_is_blank, c.values), dtype=bool, count=len(c.values))[c.codes]
        kept = np.flatnonzero(~blank)
        if not len(kept):
            continue
        found: list = []
        per_sheet.append(found)
        headers = [str(h).strip() if h is not None else "" for h in (c.values[c.codes[kept[0]]] for c in columns)]
        personal = [h for h in headers if personal_header(h)]
        if personal:
            found.append((-1, 0, Problem(sheet, 1, personal[0],
                                         "cột chứa dữ liệu cá nhân; hệ thống chỉ nhận số liệu tổng hợp của tổ chức "
                                         "và không nhập tệp này")))
            continue
        sheet_kind, cols = _detect(headers)
        if sheet_kind is None:
            if len(sheets) == 1:
                close = _closest(headers)
                # letters replaced by "?" (a file saved in a code page without Vietnamese): say so, it is the cause
                lost = any("?" in h or "\ufffd" in h for h in headers)
                why = (" (có chữ bị thay bằng “?”: tệp có lẽ không được lưu bằng bảng mã UTF-8 — hãy lưu lại dạng "
                       "“CSV UTF-8” hoặc Excel)") if lost else ""
                template = "nút “Tải biểu mẫu” trên trang Dữ liệu, hoặc lệnh python -m data template"
                found.append((-1, 0, Problem(sheet, 1, None, f"không nhận ra loại báo cáo từ dòng tiêu đề{why}; hãy "
                                             f"dùng đúng mẫu ({template})") if close is None else
                              Problem(sheet, 1, None, f"thiếu cột bắt buộc {', '.join(f'“{h}”' for h in close[1])} "
                                                      f"(mẫu “{close[0].label}”); hãy dùng đúng mẫu ({template} "
                                                      f"{close[0].key})")))
            continue
        if kind is not None and sheet_kind is not kind:
            found.append((-1, 0, Problem(sheet, 1, None, "một tệp chỉ chứa một loại báo cáo")))
            continue
        kind = sheet_kind
        for i, header in enumerate(headers):
            if header and i not in cols:
                found.append((-1, i, Problem(sheet, 1, header, "cột không thuộc mẫu, sẽ bỏ qua", "warning")))
        twice = _duplicate_headers(cols, headers)
        for i, message in twice:
            found.append((-1, i, Problem(sheet, 1, headers[i], message)))
        for ref, value in seen.merged:
            found.append((-1, len(headers), Problem(sheet, None, None, f"vùng ô gộp {ref} được đọc như Excel hiển "
                                                                       f"thị: giá trị “{value}” dùng cho cả vùng",
                                                    "warning")))
        formulas: dict[tuple, Problem] = {}
        for ref in seen.uncomputed:
            row, column = _cell_ref(ref)
            header = headers[column] if column is not None and column < len(headers) and headers[column] else None
            formulas[(row, header)] = Problem(sheet, row, header, f"ô {ref} là công thức chưa có giá trị đã tính (tệp "
                                                                  f"chưa được Excel tính lại); hãy mở tệp bằng Excel, "
                                                                  f"lưu lại rồi tải lên")
            found.append((row - 2 if row else -1, column or 0, formulas[(row, header)]))
        if twice:
            continue
        positions, values = _validate_rows(kind, cols, columns, kept[1:], sheet, lookups, found, tick)
        if formulas:       # a formula without a value reads as a blank cell: say it once, as the formula
            found[:] = [f for f in found if (f[2].row, f[2].column) not in formulas or f[2] in formulas.values()]
        parts.append((len(per_sheet) - 1, sheet, positions, values))
    step(READ_STAGES["rows"], "Đang tìm dòng trùng")
    frame, origins = _dedupe(kind, parts, per_sheet) if kind is not None else (pd.DataFrame(), [])
    step(READ_STAGES["duplicates"], "Đã tìm dòng trùng")
    problems = notes + [p for found in per_sheet for _pos, _order, p in sorted(found, key=lambda f: (f[0], f[1]))]
    if kind is None and not problems:
        problems.append(Problem("", None, None, "tệp không có dòng số liệu nào"))
    if kind is not None and not len(frame) and not [p for p in problems if p.severity == "error"]:
        problems.append(Problem("", None, None, "tệp chỉ có dòng tiêu đề, không có số liệu"))
    if kind is not None and kind.id_column:
        frame[kind.id_column] = frame[kind.id_column].astype("Int64")
    if kind is not None and kind.post_check and len(frame):
        problems.extend(kind.post_check(con, frame, origins))
    return Parsed(file_name, checksum, kind, frame, problems)


def _duplicate_headers(cols: dict[int, Column], headers: list[str]) -> list[tuple[int, str]]:
    """Two columns of the file that are the same template column (the same header, or a header and its alias):
    which one would count is a guess, so each later one is refused, naming the first."""
    first: dict[str, int] = {}
    out = []
    for i in sorted(cols):
        key = cols[i].key
        if key in first:
            j = first[key]
            out.append((i, f"cột “{headers[i]}” (cột {files.column_letter(i)}) trùng với cột “{headers[j]}” (cột "
                           f"{files.column_letter(j)}): cùng là “{cols[i].header}”; hãy giữ một cột"))
        else:
            first[key] = i
    return out


def _cell_ref(ref: str) -> tuple[int | None, int | None]:
    """'C5' -> (5, 2): the Excel row and the 0-based column."""
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    column = None
    if letters:
        column = 0
        for ch in letters.upper():
            column = column * 26 + ord(ch) - 64
        column -= 1
    return (int(digits) if digits else None), column


def _parse_column(col: Column, coded: Coded, lookups: Lookups) -> tuple[np.ndarray, np.ndarray]:
    """Parse each distinct cell of a column that some row uses: (values, error messages), both per distinct cell."""
    used = np.zeros(len(coded.values), dtype=bool)
    used[coded.codes] = True
    values = np.full(len(coded.values), None, dtype=object)
    errors = np.full(len(coded.values), None, dtype=object)
    for u in np.flatnonzero(used):
        try:
            values[u] = _cell(col, coded.values[u], lookups)
        except parse.ParseError as exc:
            errors[u] = str(exc)
    return values, errors


def _validate_rows(kind: Kind, cols: dict[int, Column], columns: list[Coded], rows: np.ndarray, sheet: str,
                   lookups: Lookups, found: list, tick=lambda f, m: None) -> tuple[np.ndarray, dict[str, Coded]]:
    """Parse the cells and run the row check of one sheet's data rows (``rows``: their indices among the
    sheet's rows; position p among them is Excel row p + 2). Appends the problems to ``found``; returns the
    positions of the rows that passed and their values (working columns turned into table columns)."""
    m = len(rows)
    source = {}
    for i, col in cols.items():
        source[col.key] = columns[i]           # as a dict of the row's cells: a later column of the same key wins
    failed = np.zeros(m, dtype=bool)
    values: dict[str, Coded] = {}
    for order, col in enumerate(kind.columns):
        coded = source[col.key].take(rows) if col.key in source else Coded(np.zeros(m, dtype=np.int64),
                                                                           objects([None]))
        parsed, errors = _parse_column(col, coded, lookups)
        if col.extra:          # a compound value: its two parts fill two table columns
            parts = [col.type.parts(v) for v in parsed]
            values[col.key] = Coded(coded.codes, objects(p[0] for p in parts))
            values[col.extra] = Coded(coded.codes, objects(p[1] for p in parts))
        else:
            values[col.key] = Coded(coded.codes, parsed)
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


def _check_grouped(kind: Kind, values: dict[str, Coded], lookups: Lookups):
    """The row check once per distinct combination of the cells it reads (``kind.check_on``)."""
    n = len(next(iter(values.values())).codes) if values else 0
    inputs = [values[k] for k in kind.check_on]
    group, first = _groups([c.codes for c in inputs], [len(c.values) for c in inputs], n)
    outs, errors, warnings = [], [], []
    check = kind.check
    for row in first:
        rec = {k: c.values[c.codes[row]] for k, c in zip(kind.check_on, inputs)}
        try:
            found = check(rec, lookups)
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
        values[k] = Coded(group, objects(rec.get(k) if rec is not None else None for rec in outs))
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


def _check_each(kind: Kind, values: dict[str, Coded], lookups: Lookups):
    """The row check row by row (checks that look at the whole row)."""
    arrays = {k: c.array() for k, c in values.items()}
    n = len(next(iter(arrays.values()))) if arrays else 0
    recs, events = [], []
    fail = np.zeros(n, dtype=bool)
    check = kind.check
    for i in range(n):
        rec = {k: a[i] for k, a in arrays.items()}
        try:
            found = check(rec, lookups)
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
    return fail, events, {k: Coded(codes, objects(rec.get(k) if rec is not None else None for rec in recs))
                          for k in keys}


def _column(coded: Coded, keep: np.ndarray):
    """The kept rows of a column, typed as ``pd.DataFrame(records)`` types them: the type is inferred from the
    distinct values the kept rows use (the same set of types as the rows), then spread to the rows."""
    codes, used = pd.factorize(coded.codes[keep])
    typed = pd.Series(objects(coded.values[used])).infer_objects().array
    return typed.take(codes)


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

    def joined(key: str) -> Coded:
        codes, vals, offset = [], [], 0
        for _i, _s, _pos, v in parts:
            c = v.get(key) or Coded(np.zeros(len(_pos), dtype=np.int64), objects([None]))
            codes.append(c.codes + offset)
            vals.append(c.values)
            offset += len(c.values)
        return Coded(np.concatenate(codes), np.concatenate(vals))

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


def _cell(col: Column, cell, lookups: Lookups):
    """One cell of a column: blank -> None (an error for a required column), else what the column type reads."""
    if cell is None or str(cell).strip() == "":
        if col.required:
            raise parse.ParseError("ô bắt buộc đang trống")
        return None
    if isinstance(cell, str) and len(cell) > limits.MAX_FIELD_CHARS:
        raise parse.ParseError(limits.field_message(len(cell)))
    return col.type.parse(cell, lookups)


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


def _row_keys(rows: pd.DataFrame, natural_key: tuple[str, ...]) -> pa.Array:
    """``_key_json`` of every row's natural key, byte for byte (undo matches batches on this text), as an Arrow
    string array: each distinct value of a column encoded once, the parts joined in Arrow (a million keys in
    ~0,1 s instead of ~1,3 s of Python string concatenation)."""
    if not natural_key:
        return pa.array(["[]"] * len(rows), type=pa.string())
    parts = []
    for k in natural_key:
        codes, uniques = pd.factorize(rows[k], use_na_sentinel=False)
        encoded = pa.array([json.dumps(_plain(u), ensure_ascii=False) for u in uniques], type=pa.string())
        parts.append(encoded.take(pa.array(codes)))
    return pc.binary_join_element_wise("[", pc.binary_join_element_wise(*parts, ", "), "]", "")


def _arrow(frame: pd.DataFrame):
    """A frame as an Arrow table for DuckDB to scan (Python dates and texts converted in bulk)."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def _types(cur, table: str) -> dict[str, str]:
    return dict(cur.execute(q.COLUMN_TYPES, [table]).fetchall())


def _typed(cur, table: str, cols, alias: str = "") -> str:
    """A select list casting each (registered frame) column to the table's type."""
    types = _types(cur, table)
    return ", ".join(q.CAST.format(alias=alias, column=c, type=types[c]) for c in cols)


def _key_condition(types: dict[str, str], keys, other: str) -> str:
    """The join condition of a table (alias t) and a registered frame (alias ``other``) on ``keys``."""
    return " and ".join(q.KEY_EQUALS.format(key=k, other=other, type=types[k]) for k in keys)


def _upsert(cur, table, source: str, replace: bool = True) -> None:
    """The rows of registered frame ``source`` written over the table's rows with the same key (``replace``), or
    appended (rows the table does not hold). A table without a key index (``keyed=False``) has its rows of those
    keys deleted first; every one of its columns is written, so nothing a row held is lost."""
    cols = table.natural_key + table.values + _batch(table)
    if replace and not table.keyed:
        types = _types(cur, table.table)
        if set(cols) != set(types):
            raise RuntimeError(f"{table.table}: a table without a key index is written whole ({cols})")
        cur.execute(q.DELETE_KEYS.format(table=table.table, source=source,
                                         condition=_key_condition(types, table.natural_key, "k")))
        replace = False
    statement = (q.UPSERT if replace else q.APPEND).format(table=table.table, columns=", ".join(cols),
                                                           select=_typed(cur, table.table, cols), source=source)
    if "month" in table.natural_key:
        statement += q.ORDERED.format(order=", ".join(["month"] + [k for k in table.natural_key if k != "month"]))
    cur.execute(statement)


def _batch(kind: Kind) -> tuple[str, ...]:
    return ("batch_id",) if kind.batch_column else ()


def _existing(cur, kind: Kind, rows: pd.DataFrame) -> pd.DataFrame:
    keys = rows[list(kind.natural_key)]
    if kind.id_column:
        keys = keys[keys[kind.id_column].notna()]
    cur.register("incoming_keys", _arrow(keys))
    cols = ", ".join(f"t.{c}" for c in kind.natural_key + kind.values + _batch(kind))
    found = cur.execute(q.EXISTING.format(columns=cols, table=kind.table,
                                          condition=_key_condition(_types(cur, kind.table), kind.natural_key,
                                                                   "i"))).df()
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
        seen = db.one(cur, q.BATCH_OF_CHECKSUM, [parsed.checksum])
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
        # unchanged rows are written too (the same values, this batch's id, logged): the batch holds every row it
        # sent, so undoing an earlier batch keeps a value a later file re-sent (journey 3: a month re-sent whole
        # with three corrections, then the first file undone, keeps all forty rows)
        todo.append((table, merged))
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


def preview(con: duckdb.DuckDBPyConnection, parsed: Parsed, scope: Callable[[int], bool] | None = None) -> dict:
    """Rows new / replacing other values (with old and new) / unchanged, and whether the file was seen.
    ``scope`` (as for ``commit``): ``refused`` is then the message ``commit`` would refuse the file with (a row of a
    unit outside it), else None — so a preview or a dry run never promises what the commit would refuse."""
    summary, todo = _diff(con, parsed)
    summary["refused"] = None
    if scope is not None and summary["already_batch"] is None:
        cur = con.cursor()
        try:
            _check_batch_scope(cur, scope, todo)
        except ScopeError as exc:
            summary["refused"] = str(exc)
        finally:
            cur.close()
    return summary


def _assign_ids(cur, kind: Kind, todo: pd.DataFrame) -> pd.DataFrame:
    """Entity rows without an id get max + 1, max + 2, … (read inside the commit's transaction)."""
    col = kind.id_column
    todo = todo.copy()
    missing = todo[col].isna()
    if missing.any():
        top = db.one(cur, q.MAX_ID.format(column=col, table=kind.table))[0]
        given = todo.loc[~missing, col]
        start = max(int(top), int(given.max()) if len(given) else 0, kind.id_start - 1) + 1
        todo.loc[missing, col] = range(start, start + int(missing.sum()))
    todo[col] = todo[col].astype("int64")
    return todo


# ---- access control: the one place a batch's rows meet the actor's scope ----------------------------------

class ScopeError(ValueError):
    """A commit or an undo that would write a unit outside the actor's scope; the message is Vietnamese."""


def row_units(cur, table, rows: pd.DataFrame) -> np.ndarray | None:
    """The unit each row of ``table`` (a kind or one of its tables) belongs to, found through the table's declared
    references: its own unit column (``unit_id``, ``organiser_unit_id``, ``parent_id``), else the unit of the
    entity it refers to (a team snapshot -> its team's unit). None for a table without a unit (a programme, its
    tasks and indicators: their parties are rows of ``programme_parties``)."""
    from data.kinds import tables

    declared = tables()
    direct = next((c for c, target in table.refs if target == "units"), None)
    if direct is not None:
        return rows[direct].to_numpy()
    for column, target in table.refs:
        entity = declared.get(target)
        unit = next((c for c, t in getattr(entity, "refs", ()) if t == "units"), None)
        if entity is None or unit is None or not entity.id_column:
            continue
        ids = pd.DataFrame({"id": pd.unique(rows[column].dropna().astype("int64"))})
        cur.register("scope_ids", ids)
        try:
            found = dict(cur.execute(q.ENTITY_UNITS.format(ident=entity.id_column, unit=unit,
                                                           table=entity.table)).fetchall())
        finally:
            cur.unregister("scope_ids")
        # an entity created by the same file is not in its table yet: the file's own rows hold its unit
        return np.array([found.get(int(i)) if not pd.isna(i) else None for i in rows[column]], dtype=object)
    return None


def _check_scope(cur, scope: Callable[[int], bool] | None, table, rows: pd.DataFrame, refusal: str) -> None:
    """Refuse the whole batch when ``scope`` (may the actor write this unit id?) says no for a row's unit.
    ``refusal``: the start of the message ("lô có số liệu"). No scope: everything may be written."""
    if scope is None or rows.empty:
        return
    units = row_units(cur, table, rows)
    if units is None:
        return
    for unit in pd.unique(pd.Series(units).dropna()):
        if not scope(int(unit)):
            code, name = db.one(cur, q.UNIT_LABEL, [int(unit)]) or (str(unit), "")
            raise ScopeError(f"{refusal} của đơn vị {code} ({name}), ngoài phạm vi được giao")


def _check_batch_scope(cur, scope: Callable[[int], bool] | None, todo: list[tuple]) -> None:
    """Every row a file's batch would write, against ``scope``: the one check ``preview`` and ``commit`` share."""
    for table, rows in todo:
        _check_scope(cur, scope, table, rows, "lô có số liệu")


def commit(con: duckdb.DuckDBPyConnection, parsed: Parsed, actor: str,
           progress: Callable[[float, str], None] | None = None, scope: Callable[[int], bool] | None = None) -> dict:
    """Write one validated file as one batch, in one transaction. Returns the preview counts + batch_id.
    ``progress(fraction, message)``, if given, is called at each stage (comparison with the database, the
    change log, the rows, the batch record, the commit) with increasing fractions, the last one 1.0.
    ``scope(unit_id) -> bool``, if given, must allow the unit of every row written (else ``ScopeError``, nothing
    written)."""
    return commit_all(con, [parsed], actor, progress, scope)[0]


def commit_all(con: duckdb.DuckDBPyConnection, files: list[Parsed], actor: str,
               progress: Callable[[float, str], None] | None = None,
               scope: Callable[[int], bool] | None = None) -> list[dict]:
    """Write validated files, one batch each, in ONE transaction: every file is written or none is (a file refused
    by ``scope``, a lock, a full disk: nothing of the others stays). Each file is compared with the database as the
    files before it left it. Returns each file's counts + batch_id (None for a file imported before)."""
    if any(p.errors for p in files):
        raise ValueError("tệp còn lỗi, không thể nhập")
    step = _Progress(progress)
    step(0.0, "Đang so sánh với số liệu đang có")
    results = []
    cur = con.cursor()
    cur.execute("begin transaction")
    try:
        for parsed in files:
            summary, todo = _diff(con, parsed, cur)
            if summary["already_batch"] is not None:
                results.append({**summary, "batch_id": None})
                continue
            step(0.3, "Đã so sánh với số liệu đang có")
            results.append({**summary, "batch_id": _write_batch(cur, parsed, summary, todo, actor, scope, step)})
        if all(r["batch_id"] is None for r in results):
            db.rollback(cur)
            step(1.0, "Tệp đã được nhập trước đó, không thay đổi gì")
            return results
        step(0.9, "Đang hoàn tất giao dịch")
        cur.execute("commit")
    except Exception:
        db.rollback(cur)
        raise
    finally:
        cur.close()
    step(1.0, "Đã nhập lô " + ", ".join(str(r["batch_id"]) for r in results if r["batch_id"] is not None))
    return results


def _write_batch(cur, parsed: Parsed, summary: dict, todo: list[tuple], actor: str,
                 scope: Callable[[int], bool] | None, step) -> int:
    """One file's batch inside the caller's transaction: scope, rows with their change log, the batch record, the
    audit line, the rollups. Returns the batch id."""
    kind = parsed.kind
    _check_batch_scope(cur, scope, todo)
    batch_id = db.one(cur, q.NEXT_BATCH)[0]
    written = 0
    for table, rows in todo:
        written += _write_table(cur, table, rows, batch_id, lambda: step(0.5, "Đã ghi nhật ký thay đổi của lô"))
    step(0.8, f"Đã ghi {written:,} dòng".replace(",", "."))
    cur.execute(q.INSERT_BATCH, [batch_id, kind.key, parsed.file_name, parsed.checksum, summary["new"],
                                 summary["replaced"], summary["unchanged"], actor, dt.datetime.now()])
    _audit(cur, actor, "import", f"batch {batch_id}",
           f"{parsed.file_name}: {summary['new']} mới, {summary['replaced']} thay thế, "
           f"{summary['unchanged']} không đổi")
    codes = [r[0] for r in cur.execute(q.BATCH_UNIT_CODES, {"batch": int(batch_id)}).fetchall()]
    cur.execute(q.SET_BATCH_UNITS, [",".join(codes), batch_id])
    db.bump_data_version(cur, rollups.batch_provinces(cur, batch_id), rollups.batch_sources(cur, batch_id),
                         rollups.batch_months(cur, batch_id))
    return batch_id


def _write_table(cur, table, todo: pd.DataFrame, batch_id: int, logged=lambda: None) -> int:
    """One table's rows of a batch (new, replaced, and unchanged ones it now holds), with their old values in the
    batch's change log."""
    if table.id_column:
        todo = _assign_ids(cur, table, todo)
    old_cols = [f"{v}_old" for v in table.values] + list(_batch(table))
    replaced = np.flatnonzero((todo["_merge"] != "left_only").to_numpy())
    old_values = np.full(len(todo), None, dtype=object)
    for i, olds in zip(replaced, todo[old_cols].iloc[replaced].itertuples(index=False, name=None)):
        old_values[i] = json.dumps({c: _plain(o) for c, o in zip(table.values + _batch(table), olds)},
                                   ensure_ascii=False)
    changes = pa.table({"row_key": _row_keys(todo, table.natural_key),
                        "old_values": pa.array(old_values, type=pa.string())})
    cur.register("changes_df", changes)
    cur.execute(q.INSERT_CHANGES, [batch_id, table.table])
    cur.unregister("changes_df")
    logged()
    new_rows = todo[list(table.natural_key + table.values)].copy()
    if table.batch_column:
        new_rows["batch_id"] = batch_id
    added = (todo["_merge"] == "left_only").to_numpy()
    # rows new to the table are appended (a key already there fails loudly where the table has a key index); only
    # replaced rows need the primary key's replace, which costs a 1M-row import ~3 s more (bench/README.md)
    for rows, replace in ((new_rows[added], False), (new_rows[~added], True)):
        if len(rows):
            cur.register("new_rows", _arrow(rows))
            _upsert(cur, table, "new_rows", replace)
            cur.unregister("new_rows")
    return len(new_rows)


def _audit(cur, actor: str, action: str, target: str, detail: str) -> None:
    audit.append(cur, actor, action, target, detail)


class UndoError(ValueError):
    """An undo that would lose later work or names no committed batch; the message is Vietnamese."""


def undo(con: duckdb.DuckDBPyConnection, batch_id: int, actor: str,
         scope: Callable[[int], bool] | None = None) -> dict:
    """Take batch ``batch_id`` out of the history, as if it had never been imported: the rows it added are removed and
    the values it replaced come back — except rows a later committed batch changed since, which keep that batch's
    values (the later batch's change log then says what it replaced: the value before this batch, or nothing, so
    undoing it too restores what was there before either). ``scope(unit_id) -> bool``, if given, must allow the unit
    of every row the undo removes or restores (else ``ScopeError``). Returns the counts
    {"removed", "restored", "kept"}."""
    cur = con.cursor()
    try:
        row = db.one(cur, q.BATCH_STATUS, [batch_id])
        if row is None:
            raise UndoError(f"không có lô nhập số {batch_id}")
        if row[1] != "committed":
            raise UndoError(f"lô {batch_id} đã được hoàn tác trước đó")
        kind = KINDS[row[0]]
        later = {(name, key): int(b) for name, key, b in cur.execute(q.LATER_CHANGES, [batch_id]).fetchall()}
        changes = cur.execute(q.BATCH_CHANGES, [batch_id]).fetchall()
        rebase = [(o, later[(name, k)], name, k) for name, k, o in changes if (name, k) in later]
        plans = []          # per table the batch touched: (table, keys it added, rows to restore)
        for table in kind.parts():
            mine = [(k, o) for name, k, o in changes if name == table.table and (name, k) not in later]
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
        for table, added, restore in plans:
            _refuse_if_referred(cur, table, added, batch_id, added_by)
            if scope is not None:   # the rows as they are now (removed or overwritten) and as they will be again
                _check_scope(cur, scope, table, _existing(cur, table, restore), f"lô {batch_id} có số liệu")
                _check_scope(cur, scope, table, restore[restore["_keep"]], f"lô {batch_id} có số liệu")
        counts = {"removed": sum(len(a) for _t, a, _r in plans),
                  "restored": sum(_changed_back(cur, t, r) for t, _a, r in plans), "kept": len(rebase)}
        cur.execute("begin transaction")
        try:
            provinces = rollups.batch_provinces(cur, batch_id, logged=True)
            sources = rollups.batch_sources(cur, batch_id)
            months = rollups.batch_months(cur, batch_id, logged=True)
            # rows the batch added are deleted; rows it replaced get their old values back (columns the kind does
            # not import, such as a unit's map position, are left as they are)
            for table, added, restore in plans:
                cur.register("undo_keys", added)
                cur.execute(q.DELETE_KEYS.format(table=table.table, source="undo_keys", condition=_key_condition(
                    _types(cur, table.table), table.natural_key, "k")))
                cur.unregister("undo_keys")
                back = restore[restore["_keep"]].drop(columns="_keep")
                if len(back):
                    cur.register("restore_rows", back)
                    _upsert(cur, table, "restore_rows")
                    cur.unregister("restore_rows")
            for values in rebase:
                cur.execute(q.REBASE_CHANGE, list(values))
            cur.execute(q.MARK_UNDONE, [dt.datetime.now(), batch_id])
            _audit(cur, actor, "undo", f"batch {batch_id}", undo_words(counts))
            db.bump_data_version(cur, provinces, sources, months)
            cur.execute("commit")
        except Exception:
            db.rollback(cur)
            raise
        return counts
    finally:
        cur.close()


def _changed_back(cur, table, restore: pd.DataFrame) -> int:
    """How many of the rows an undo gives their old values back differ from what they hold now. A batch logs every
    row it sent, unchanged ones too (they take its batch id): undoing a month re-sent unchanged restores their
    lineage, not a value ("+0 ~0 =40" restored 40 values by the count)."""
    back = restore[restore["_keep"].to_numpy()]
    if not len(back):
        return 0
    key, values = list(table.natural_key), list(table.values)
    now = _existing(cur, table, back)

    def plain(row) -> tuple:
        return tuple(_plain(v) for v in row)

    held = {plain(r[:len(key)]): plain(r[len(key):]) for r in now[key + values].itertuples(index=False, name=None)}
    return sum(held.get(plain(r[:len(key)])) != plain(r[len(key):])
               for r in back[key + values].itertuples(index=False, name=None))


def undo_words(counts: dict) -> str:
    """What an undo did, in Vietnamese ("xóa 0 dòng lô đã thêm, khôi phục 0 giá trị cũ, giữ 40 dòng lô sau đã gửi
    lại")."""
    words = [f"xóa {parse.vn(counts['removed'])} dòng lô đã thêm",
             f"khôi phục {parse.vn(counts['restored'])} giá trị cũ"]
    if counts["kept"]:
        words.append(f"giữ {parse.vn(counts['kept'])} dòng lô sau đã gửi lại")
    return ", ".join(words)


def _refuse_if_referred(cur, kind, added: pd.DataFrame, batch_id: int, added_by: dict | None = None) -> None:
    """Undoing a batch that created rows other tables refer to (``undo_refs``, derived from every kind's declared
    references) is refused while those rows exist (rows the same batch added, which its undo removes too, do not
    count)."""
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
                extra = q.REFERRED_EXCEPT_OWN.format(key=pk)
            found = db.one(cur, q.REFERRED.format(column=column, table=table, ident=ident, extra=extra))
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
        return cur.execute(q.BATCHES).df()
    finally:
        cur.close()


def read_path(con, path: Path) -> Parsed:
    path = Path(path)
    return read(con, path.name, path.read_bytes())

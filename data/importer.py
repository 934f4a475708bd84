"""Import of the periodic reports units send (XLSX or CSV): read, validate, preview, commit, undo.

Everything is validated before anything is written; every problem is reported at once with sheet,
row and column, in Vietnamese. A file is committed as one batch in one transaction or not at all;
the same file twice (same checksum) changes nothing; a corrected file replaces the rows with the same
natural key; ``undo`` restores exactly the values a batch replaced. Every commit and undo is audited.

Kinds implemented so far: ``activities`` (monthly activity counts). The kind table below is the
place to add the others (channels, snapshots, teams, contests, participation, programmes).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from data import db, parse

# Headers that would carry personal data (DESIGN §1): a file with any of them is refused outright.
PERSONAL_HEADERS = ("ho ten", "ho va ten", "ten nguoi", "so dien thoai", "dien thoai", "sdt", "cmnd", "cccd",
                    "can cuoc", "so dinh danh", "ngay sinh", "email", "dia chi nha", "noi o", "tai khoan ca nhan")


@dataclass(frozen=True)
class Column:
    key: str            # column of the fact table (or a working column)
    header: str         # Vietnamese header in templates
    parser: str         # unit | month | platform | activity | level | count
    required: bool = True
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    table: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]
    values: tuple[str, ...]

    def header_map(self) -> dict[str, Column]:
        out = {}
        for col in self.columns:
            for name in (col.header, col.key, *col.aliases):
                out[parse.header_key(name)] = col
        return out


KINDS = {
    "activities": Kind(
        key="activities", label="Hoạt động hằng tháng", table="activities",
        columns=(
            Column("unit_code", "Mã đơn vị", "unit", aliases=("Mã ĐV", "Đơn vị")),
            Column("month", "Tháng báo cáo", "month", aliases=("Tháng", "Kỳ báo cáo")),
            Column("platform_key", "Loại kênh", "platform", aliases=("Nền tảng",)),
            Column("activity_key", "Loại hoạt động", "activity", aliases=("Hoạt động",)),
            Column("source_level", "Cấp nguồn link", "level", required=False, aliases=("Nguồn link", "Cấp nguồn")),
            Column("quantity", "Số lượng", "count", aliases=("Số lượt", "Số lượng (lượt)")),
            Column("reach", "Lượt tiếp cận", "count", required=False, aliases=("Tiếp cận",)),
        ),
        natural_key=("unit_id", "month", "platform_key", "activity_key", "source_level"),
        values=("quantity", "reach"),
    ),
}


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

def _sheets(name: str, data: bytes) -> list[tuple[str, list[list]]]:
    """(sheet name, rows of cells) of an XLSX or CSV file."""
    if not data:
        raise parse.ParseError("tệp rỗng")
    if name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        from python_calamine import CalamineWorkbook
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as exc:  # calamine raises its own error types for damaged files
            raise parse.ParseError(f"không đọc được tệp Excel ({exc})") from None
        return [(sheet, book.get_sheet_by_name(sheet).to_python()) for sheet in book.sheet_names]
    text, _encoding = parse.decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [("", [row for row in csv.reader(io.StringIO(text), dialect)])]


def _detect(headers: list) -> tuple[Kind | None, dict[int, Column]]:
    folded = [parse.header_key(h) for h in headers]
    best, best_map = None, {}
    for kind in KINDS.values():
        hmap = kind.header_map()
        found = {i: hmap[h] for i, h in enumerate(folded) if h in hmap}
        if all(c in found.values() for c in kind.columns if c.required) and len(found) > len(best_map):
            best, best_map = kind, found
    return best, best_map


# ---- validation ---------------------------------------------------------------------------------

class _Lookups:
    """Reference values a file is checked against, read once per import."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        cur = con.cursor()
        self.units = cur.execute(
            "select unit_id, code, name, valid_from, valid_to, successor_id from units").df()
        self.platforms = self._labels(cur, "select platform_key, label_vi, label_en from platforms")
        self.activities = self._labels(cur, "select activity_key, label_vi, label_en from activity_types")
        self.levels = self._labels(cur, "select level_key, label_vi, label_en from source_levels")
        cur.close()
        self.by_code: dict[str, list[tuple]] = {}
        names = dict(zip(self.units["unit_id"], self.units["name"]))
        codes = dict(zip(self.units["unit_id"], self.units["code"]))
        for uid, code, name, vf, vt, succ in self.units.itertuples(index=False, name=None):
            succ_text = None if pd.isna(succ) else f"{codes[int(succ)]} {names[int(succ)]}"
            self.by_code.setdefault(str(code), []).append(
                (int(uid), name, pd.Timestamp(vf).date(), None if pd.isna(vt) else pd.Timestamp(vt).date(), succ_text))

    @staticmethod
    def _labels(cur, query) -> dict[str, str]:
        out = {}
        for key, vi, en in cur.execute(query).fetchall():
            for text in (key, vi, en):
                out[parse.header_key(text)] = key
        return out

    def unit(self, code: str, month: dt.date) -> int:
        options = self.by_code.get(code)
        if not options:
            raise parse.ParseError(f"mã đơn vị “{code}” không tồn tại")
        for uid, _name, vf, vt, _succ in options:
            if vf <= month and (vt is None or month < vt):
                return uid
        uid, name, vf, vt, succ = options[0]
        if vt is not None and month >= vt:
            hint = f" (đã hợp nhất vào {succ})" if succ else ""
            raise parse.ParseError(f"mã {code} ({name}) không còn hiệu lực từ {vt:%d/%m/%Y}{hint}; "
                                   f"tháng {month:%m/%Y} phải dùng mã đơn vị mới")
        raise parse.ParseError(f"mã {code} ({name}) chỉ có hiệu lực từ {vf:%d/%m/%Y}")


def _choice(labels: dict[str, str], cell, what: str) -> str:
    key = labels.get(parse.header_key(cell))
    if key is None:
        raise parse.ParseError(f"{what} “{cell}” không có trong danh mục")
    return key


def read(con: duckdb.DuckDBPyConnection, file_name: str, data: bytes) -> Parsed:
    """Read and validate one file against the database; nothing is written."""
    checksum = hashlib.sha256(data).hexdigest()
    empty = Parsed(file_name, checksum, None, pd.DataFrame())
    try:
        sheets = _sheets(file_name, data)
    except parse.ParseError as exc:
        empty.problems.append(Problem("", None, None, str(exc)))
        return empty
    lookups = _Lookups(con)
    records, problems, kind = [], [], None
    seen: dict[tuple, int] = {}
    for sheet, rows in sheets:
        rows = [r for r in rows if any(str(c).strip() for c in r if c is not None)]
        if not rows:
            continue
        headers = [str(h).strip() if h is not None else "" for h in rows[0]]
        personal = [h for h in headers if any(p in parse.header_key(h) for p in PERSONAL_HEADERS)]
        if personal:
            problems.append(Problem(sheet, 1, personal[0],
                                    "cột chứa dữ liệu cá nhân; hệ thống chỉ nhận số liệu tổng hợp của tổ chức "
                                    "và không nhập tệp này"))
            continue
        sheet_kind, cols = _detect(headers)
        if sheet_kind is None:
            if len(sheets) == 1:
                problems.append(Problem(sheet, 1, None, "không nhận ra loại báo cáo từ dòng tiêu đề; hãy dùng "
                                        "đúng mẫu (python -m data template ...)"))
            continue
        if kind is not None and sheet_kind is not kind:
            problems.append(Problem(sheet, 1, None, "một tệp chỉ chứa một loại báo cáo"))
            continue
        kind = sheet_kind
        for i, header in enumerate(headers):
            if header and i not in cols:
                problems.append(Problem(sheet, 1, header, "cột không thuộc mẫu, sẽ bỏ qua", "warning"))
        for excel_row, cells in enumerate(rows[1:], start=2):
            rec, ok = {}, True
            values = {col.key: (cells[i] if i < len(cells) else None) for i, col in cols.items()}
            for col in kind.columns:
                cell = values.get(col.key)
                try:
                    rec[col.key] = _cell(col, cell, rec, lookups)
                except parse.ParseError as exc:
                    problems.append(Problem(sheet, excel_row, col.header, str(exc)))
                    ok = False
            if not ok:
                continue
            try:
                rec["unit_id"] = lookups.unit(rec.pop("unit_code"), rec["month"])
                rec["source_level"] = _level(rec)
            except parse.ParseError as exc:
                problems.append(Problem(sheet, excel_row, "Mã đơn vị" if "mã" in str(exc) else "Cấp nguồn link",
                                        str(exc)))
                continue
            key = tuple(rec[k] for k in kind.natural_key)
            if key in seen:
                problems.append(Problem(sheet, excel_row, None, f"trùng với dòng {seen[key]} (cùng đơn vị, tháng, "
                                        "loại kênh, loại hoạt động và cấp nguồn)"))
                continue
            seen[key] = excel_row
            records.append(rec)
    if kind is None and not problems:
        problems.append(Problem("", None, None, "tệp không có dòng số liệu nào"))
    if kind is not None and not records and not [p for p in problems if p.severity == "error"]:
        problems.append(Problem("", None, None, "tệp chỉ có dòng tiêu đề, không có số liệu"))
    columns = list(kind.natural_key + kind.values) if kind else []
    frame = pd.DataFrame(records, columns=columns) if kind else pd.DataFrame()
    return Parsed(file_name, checksum, kind, frame, problems)


def _cell(col: Column, cell, rec: dict, lookups: _Lookups):
    blank = cell is None or str(cell).strip() == ""
    if blank:
        if col.required:
            raise parse.ParseError("ô bắt buộc đang trống")
        return None
    if col.parser == "unit":
        text = str(cell).strip()
        return text[:-2] if text.endswith(".0") else text.zfill(2) if text.isdigit() else text
    if col.parser == "month":
        return parse.month(cell)
    if col.parser == "platform":
        return _choice(lookups.platforms, cell, "loại kênh")
    if col.parser == "activity":
        return _choice(lookups.activities, cell, "loại hoạt động")
    if col.parser == "level":
        return _choice(lookups.levels, cell, "cấp nguồn link")
    if col.parser == "count":
        return parse.count(cell)
    raise ValueError(col.parser)


def _level(rec: dict) -> str:
    level = rec.get("source_level")
    if rec["activity_key"] == "chia_se_link":
        if level in (None, "khong"):
            raise parse.ParseError("chia sẻ đường link phải ghi cấp nguồn: Trung ương, Tỉnh hoặc Cơ sở")
        return level
    if level not in (None, "khong"):
        raise parse.ParseError("chỉ chia sẻ đường link mới có cấp nguồn; để trống ô này")
    return "khong"


# ---- preview, commit, undo ----------------------------------------------------------------------

def _key_json(values) -> str:
    return json.dumps([v.isoformat() if isinstance(v, dt.date) else v for v in values], ensure_ascii=False)


def _existing(cur, kind: Kind, rows: pd.DataFrame) -> pd.DataFrame:
    cur.register("incoming_keys", rows[list(kind.natural_key)])
    cond = " and ".join(f"t.{k} = i.{k}" for k in kind.natural_key)
    cols = ", ".join(f"t.{c}" for c in kind.natural_key + kind.values + ("batch_id",))
    found = cur.execute(f"select {cols} from {kind.table} as t join incoming_keys as i on {cond}").df()
    cur.unregister("incoming_keys")
    for col in found.columns:
        if pd.api.types.is_datetime64_any_dtype(found[col]):
            found[col] = found[col].dt.date
    return found


def _diff(con, parsed: Parsed) -> tuple[dict, pd.DataFrame]:
    """Compare a file's rows with the database: (counts and replaced rows, the rows to write with their
    old values). Shared by preview and commit, so what is previewed is what is written."""
    cur = con.cursor()
    try:
        seen = db.one(cur, "select batch_id from import_batches where checksum = ? and status = 'committed'",
                      [parsed.checksum])
        kind, rows = parsed.kind, parsed.rows
        if kind is None or rows.empty:
            return {"already_batch": seen[0] if seen else None, "new": 0, "replaced": 0, "unchanged": 0,
                    "changes": pd.DataFrame()}, pd.DataFrame()
        old = _existing(cur, kind, rows)
    finally:
        cur.close()
    merged = rows.merge(old, on=list(kind.natural_key), how="left", suffixes=("", "_old"), indicator=True)
    is_new = merged["_merge"] == "left_only"
    same = pd.Series(True, index=merged.index)
    for v in kind.values:
        a, b = merged[v], merged[f"{v}_old"]
        same &= (a == b) | (a.isna() & b.isna())
    replaced = ~is_new & ~same
    summary = {"already_batch": seen[0] if seen else None, "new": int(is_new.sum()),
               "replaced": int(replaced.sum()), "unchanged": int((~is_new & same).sum()),
               "changes": merged[replaced].drop(columns="_merge")}
    return summary, merged[is_new | replaced]


def preview(con: duckdb.DuckDBPyConnection, parsed: Parsed) -> dict:
    """Rows new / replacing other values (with old and new) / unchanged, and whether the file was seen."""
    return _diff(con, parsed)[0]


def commit(con: duckdb.DuckDBPyConnection, parsed: Parsed, actor: str) -> dict:
    """Write one validated file as one batch, in one transaction. Returns the preview counts + batch_id."""
    if parsed.errors:
        raise ValueError("tệp còn lỗi, không thể nhập")
    summary, todo = _diff(con, parsed)
    if summary["already_batch"] is not None:
        return {**summary, "batch_id": None}
    kind = parsed.kind
    cur = con.cursor()
    cur.execute("begin transaction")
    try:
        batch_id = db.one(cur, "select nextval('batch_seq')")[0]
        changes = pd.DataFrame({
            "batch_id": batch_id,
            "table_name": kind.table,
            "row_key": [_key_json(r) for r in todo[list(kind.natural_key)].itertuples(index=False, name=None)],
            "old_values": [
                None if m == "left_only" else json.dumps(
                    {c: (None if pd.isna(o) else int(o)) for c, o in zip(kind.values + ("batch_id",), olds)})
                for m, olds in zip(todo["_merge"], todo[[f"{v}_old" for v in kind.values] + ["batch_id"]]
                                   .itertuples(index=False, name=None))],
        })
        cur.register("changes_df", changes)
        cur.execute("insert into batch_changes select batch_id, table_name, row_key, old_values from changes_df")
        new_rows = todo[list(kind.natural_key + kind.values)].copy()
        new_rows["batch_id"] = batch_id
        cur.register("new_rows", new_rows)
        cols = ", ".join(kind.natural_key + kind.values + ("batch_id",))
        cur.execute(f"insert or replace into {kind.table} ({cols}) select {cols} from new_rows")
        cur.execute(
            "insert into import_batches (batch_id, kind, file_name, checksum, rows_added, rows_replaced, "
            "rows_unchanged, created_by, created_at, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'committed')",
            [batch_id, kind.key, parsed.file_name, parsed.checksum, summary["new"], summary["replaced"],
             summary["unchanged"], actor, dt.datetime.now()])
        _audit(cur, actor, "import", f"batch {batch_id}",
               f"{parsed.file_name}: {summary['new']} mới, {summary['replaced']} thay thế, "
               f"{summary['unchanged']} không đổi")
        db.bump_data_version(cur)
        cur.execute("commit")
    except Exception:
        cur.execute("rollback")
        raise
    finally:
        cur.close()
    return {**summary, "batch_id": batch_id}


def _audit(cur, actor: str, action: str, target: str, detail: str) -> None:
    cur.execute("insert into audit_log values (nextval('audit_seq'), ?, ?, ?, ?, ?)",
                [dt.datetime.now(), actor, action, target, detail])


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
        changes = cur.execute("select row_key, old_values from batch_changes where batch_id = ?", [batch_id]).fetchall()
        keys = [json.loads(k) for k, _ in changes]
        key_df = pd.DataFrame(keys, columns=list(kind.natural_key))
        if "month" in key_df:
            key_df["month"] = pd.to_datetime(key_df["month"]).dt.date
        restore = key_df.copy()
        olds = [json.loads(o) if o else None for _, o in changes]
        restore["_keep"] = [o is not None for o in olds]
        for c in kind.values + ("batch_id",):
            restore[c] = [o.get(c) if o else None for o in olds]
        cur.execute("begin transaction")
        try:
            cur.register("undo_keys", key_df)
            cond = " and ".join(f"t.{k} = k.{k}" for k in kind.natural_key)
            cur.execute(f"delete from {kind.table} as t using undo_keys as k where {cond}")
            back = restore[restore["_keep"]].drop(columns="_keep")
            if len(back):
                cur.register("restore_rows", back)
                cols = ", ".join(kind.natural_key + kind.values + ("batch_id",))
                cur.execute(f"insert into {kind.table} ({cols}) select {cols} from restore_rows")
            cur.execute("update import_batches set status = 'undone', undone_at = ? where batch_id = ?",
                        [dt.datetime.now(), batch_id])
            _audit(cur, actor, "undo", f"batch {batch_id}", f"khôi phục {len(changes)} dòng")
            db.bump_data_version(cur)
            cur.execute("commit")
        except Exception:
            cur.execute("rollback")
            raise
        return len(changes)
    finally:
        cur.close()


def batches(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute("select * from import_batches order by batch_id desc").df()
    finally:
        cur.close()


def read_path(con, path: Path) -> Parsed:
    path = Path(path)
    return read(con, path.name, path.read_bytes())

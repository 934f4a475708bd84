"""Import of the periodic reports units send (XLSX or CSV): read, validate, preview, commit, undo.

Everything is validated before anything is written; every problem is reported at once with sheet,
row and column, in Vietnamese. A file is committed as one batch in one transaction or not at all;
the same file twice (same checksum) changes nothing; a corrected file replaces the rows with the same
natural key; ``undo`` restores exactly the values a batch replaced. Every commit and undo is audited.

Kinds (``KINDS``): activities, team_snapshots, channel_snapshots, channels, teams,
contest_participation and metric_targets. Each declares its Vietnamese columns, its natural key and value
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
import pandas as pd

from data import db, parse

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


def read(con: duckdb.DuckDBPyConnection, file_name: str, data: bytes) -> Parsed:
    """Read and validate one file against the database; nothing is written."""
    checksum = hashlib.sha256(data).hexdigest()
    empty = Parsed(file_name, checksum, None, pd.DataFrame())
    try:
        sheets = _sheets(file_name, data)
    except parse.ParseError as exc:
        empty.problems.append(Problem("", None, None, str(exc)))
        return empty
    sheets = [(name, rows) for name, rows in sheets if parse.header_key(name) not in SKIPPED_SHEETS]
    lookups = _Lookups(con)
    records, origins, problems, kind = [], [], [], None
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
                warnings = kind.check(rec, lookups) if kind.check else None
            except RowError as exc:
                problems.append(Problem(sheet, excel_row, exc.column, str(exc)))
                continue
            for column, message in warnings or ():
                problems.append(Problem(sheet, excel_row, column, message, "warning"))
            key = kind.dup_key(rec) if kind.dup_key else tuple(rec[k] for k in kind.natural_key)
            if key in seen:
                problems.append(Problem(sheet, excel_row, None, f"trùng với dòng {seen[key]} ({kind.duplicate})"))
                continue
            seen[key] = excel_row
            records.append(rec)
            origins.append((sheet, excel_row))
    if kind is None and not problems:
        problems.append(Problem("", None, None, "tệp không có dòng số liệu nào"))
    if kind is not None and not records and not [p for p in problems if p.severity == "error"]:
        problems.append(Problem("", None, None, "tệp chỉ có dòng tiêu đề, không có số liệu"))
    columns = list(kind.natural_key + kind.values) if kind else []
    frame = pd.DataFrame(records, columns=columns) if kind else pd.DataFrame()
    if kind is not None and kind.id_column:
        frame[kind.id_column] = frame[kind.id_column].astype("Int64")
    if kind is not None and kind.post_check and len(frame):
        problems.extend(kind.post_check(con, frame, origins))
    return Parsed(file_name, checksum, kind, frame, problems)


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
    probe = pd.DataFrame({"i": range(len(rows)), "channel_id": rows["channel_id"].astype("int64"),
                          "prev": [(pd.Timestamp(m) - pd.DateOffset(months=1)).date() for m in rows["month"]],
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
        check=_check_activities,
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
        duplicate="cùng biệt đội và tháng", check=_check_team_snapshots,
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
        duplicate="cùng chỉ số, đơn vị và năm", check=_check_targets,
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


def _types(cur, table: str) -> dict[str, str]:
    return dict(cur.execute("select column_name, data_type from information_schema.columns where table_name = ?",
                            [table]).fetchall())


def _typed(cur, table: str, cols, alias: str = "") -> str:
    """A select list casting each (registered frame) column to the table's type."""
    types = _types(cur, table)
    return ", ".join(f"cast({alias}{c} as {types[c]}) as {c}" for c in cols)


def _existing(cur, kind: Kind, rows: pd.DataFrame) -> pd.DataFrame:
    keys = rows[list(kind.natural_key)]
    if kind.id_column:
        keys = keys[keys[kind.id_column].notna()]
    cur.register("incoming_keys", keys)
    types = _types(cur, kind.table)
    cond = " and ".join(f"t.{k} = cast(i.{k} as {types[k]})" for k in kind.natural_key)
    cols = ", ".join(f"t.{c}" for c in kind.natural_key + kind.values + ("batch_id",))
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
    for k in kind.natural_key:          # join keys of the same type on both sides
        if k in old and pd.api.types.is_integer_dtype(old[k]) and pd.api.types.is_integer_dtype(rows[k]):
            old[k] = old[k].astype(rows[k].dtype)
    merged = rows.merge(old, on=list(kind.natural_key), how="left", suffixes=("", "_old"), indicator=True)
    is_new = merged["_merge"] == "left_only"
    same = pd.Series(True, index=merged.index)
    for v in kind.values:
        same &= _same(merged[v], merged[f"{v}_old"])
    replaced = ~is_new & ~same
    summary = {"already_batch": seen[0] if seen else None, "new": int(is_new.sum()),
               "replaced": int(replaced.sum()), "unchanged": int((~is_new & same).sum()),
               "changes": merged[replaced].drop(columns="_merge")}
    return summary, merged[is_new | replaced]


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
        start = max(int(top), int(given.max()) if len(given) else 0) + 1
        todo.loc[missing, col] = range(start, start + int(missing.sum()))
    todo[col] = todo[col].astype("int64")
    return todo


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
        if kind.id_column:
            todo = _assign_ids(cur, kind, todo)
        old_cols = [f"{v}_old" for v in kind.values] + ["batch_id"]
        changes = pd.DataFrame({
            "batch_id": batch_id,
            "table_name": kind.table,
            "row_key": [_key_json(r) for r in todo[list(kind.natural_key)].itertuples(index=False, name=None)],
            "old_values": [
                None if m == "left_only" else json.dumps(
                    {c: _plain(o) for c, o in zip(kind.values + ("batch_id",), olds)}, ensure_ascii=False)
                for m, olds in zip(todo["_merge"], todo[old_cols].itertuples(index=False, name=None))],
        })
        cur.register("changes_df", changes)
        cur.execute("insert into batch_changes select batch_id, table_name, row_key, old_values from changes_df")
        new_rows = todo[list(kind.natural_key + kind.values)].copy()
        new_rows["batch_id"] = batch_id
        cur.register("new_rows", new_rows)
        cols = kind.natural_key + kind.values + ("batch_id",)
        cur.execute(f"insert or replace into {kind.table} ({', '.join(cols)}) "
                    f"select {_typed(cur, kind.table, cols)} from new_rows")
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
        restore = key_df.copy()
        olds = [json.loads(o) if o else None for _, o in changes]
        restore["_keep"] = pd.Series([o is not None for o in olds], dtype=bool)
        for c in kind.values + ("batch_id",):
            restore[c] = pd.Series([o.get(c) if o else None for o in olds], dtype=object)
        types = _types(cur, kind.table)
        cur.execute("begin transaction")
        try:
            cur.register("undo_keys", key_df)
            cond = " and ".join(f"t.{k} = cast(k.{k} as {types[k]})" for k in kind.natural_key)
            cur.execute(f"delete from {kind.table} as t using undo_keys as k where {cond}")
            back = restore[restore["_keep"]].drop(columns="_keep")
            if len(back):
                cur.register("restore_rows", back)
                cols = kind.natural_key + kind.values + ("batch_id",)
                cur.execute(f"insert into {kind.table} ({', '.join(cols)}) "
                            f"select {_typed(cur, kind.table, cols)} from restore_rows")
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

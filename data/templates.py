"""Import templates and exports in exactly the template format, one per import kind.

``template(con, kind, out)`` writes an XLSX (or a CSV with the same headers) that a data officer fills
in: the data sheet with the Vietnamese headers of ``importer.KINDS[kind]``, an instructions sheet
"Hướng dẫn" (what each column means, the formats 13.712 / 09/2024 / dd/mm/yyyy, that personal data is
refused, two example rows), and a hidden sheet "Danh mục" with the lists the drop-downs of the data
sheet use (platforms, activity types, source levels, current unit codes, period kinds, metrics). The
importer skips the two helper sheets by name.

``export(con, kind, out, ...)`` writes rows from the database in the same format, so importing the file
into a database that lacks those rows recreates them and into one that has them changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb

from data import importer
from data.importer import GRAIN_LABELS, INSTRUCTIONS_SHEET, KINDS, LISTS_SHEET, Kind

MAX_ROWS = 20000    # rows of the data sheet that carry the drop-down validations

# Per kind: the select giving the template's columns in order, the unit-code column it filters on (or a
# condition with {codes} where the codes go),
# the period condition ($lo, $hi = first day of the first month, last day of the last month), the order.
EXPORTS = {
    "activities": (
        "select u.code, a.month, p.label_vi, t.label_vi, "
        "case when a.source_level = 'khong' then null else l.label_vi end, a.quantity, a.reach "
        "from activities as a join units as u using (unit_id) join platforms as p using (platform_key) "
        "join activity_types as t using (activity_key) left join source_levels as l on l.level_key = a.source_level",
        "u.code", "a.month between $lo and $hi",
        "a.month, u.code, p.sort_order, t.sort_order, l.sort_order"),
    "team_snapshots": (
        "select s.team_id, s.month, s.members from team_snapshots as s join teams as e using (team_id) "
        "join units as u on u.unit_id = e.unit_id",
        "u.code", "s.month between $lo and $hi", "s.month, s.team_id"),
    "channel_snapshots": (
        "select s.channel_id, s.month, s.followers, s.posts, s.interactions from channel_snapshots as s "
        "join channels as e using (channel_id) join units as u on u.unit_id = e.unit_id",
        "u.code", "s.month between $lo and $hi", "s.month, s.channel_id"),
    "channels": (
        "select e.channel_id, u.code, p.label_vi, e.name, e.address, e.opened_on, e.closed_on from channels as e "
        "join units as u using (unit_id) join platforms as p using (platform_key)",
        "u.code", "e.opened_on <= $hi and (e.closed_on is null or e.closed_on > $lo)", "e.channel_id"),
    "teams": (
        "select e.team_id, u.code, e.name, e.founded_on, e.disbanded_on from teams as e join units as u using (unit_id)",
        "u.code", "e.founded_on <= $hi and (e.disbanded_on is null or e.disbanded_on > $lo)", "e.team_id"),
    "contest_participation": (
        "select c.contest_id, u.code, c.period_start, "
        "case c.period_grain when 'week' then 'Tuần' else 'Tháng' end, c.nguoi, c.luot, c.submissions, c.awards "
        "from contest_participation as c join units as u using (unit_id)",
        "u.code", "c.month between $lo and $hi", "c.contest_id, c.period_start, u.code"),
    "contests": (
        "select c.contest_id, c.title, c.document, u.code, c.start_on, c.end_on, c.format, c.target_luot, "
        "c.target_nguoi from contests as c join units as u on u.unit_id = c.organiser_unit_id",
        "u.code", "c.start_on <= $hi and c.end_on >= $lo", "c.contest_id"),
    "units": (
        "select u.code, u.name, p.code, u.valid_from, u.valid_to from units as u join units as p "
        "on p.unit_id = u.parent_id and u.level = 'xa'",
        "p.code", "u.valid_from <= $hi and (u.valid_to is null or u.valid_to > $lo)", "u.code, u.valid_from"),
    "indicator_values": (
        "select v.indicator_id, u.code, v.year, v.target, v.actual, v.note, v.source from indicator_values as v "
        "join units as u using (unit_id)",
        "u.code", "v.year between year($lo) and year($hi)", "v.indicator_id, v.year, u.code"),
    "programme_indicators": (
        "select p.programme_id, p.name, p.year_from, p.year_to, (select string_agg(u.code, '; ' order by u.code) "
        "from programme_parties as pp join units as u using (unit_id) where pp.programme_id = p.programme_id), "
        "t.seq, t.title, i.indicator_id, i.name, i.unit_of_count, i.metric_key, p.signed_on, p.place "
        "from programme_indicators as i "
        "join programme_tasks as t using (task_id) join programmes as p on p.programme_id = t.programme_id",
        "p.programme_id in (select pp.programme_id from programme_parties as pp join units as u using (unit_id) "
        "where u.code in ({codes}))",
        "p.year_from <= year($hi) and p.year_to >= year($lo)", "p.programme_id, t.seq, i.indicator_id"),
    "programme_conferences": (
        "select c.programme_id, c.year, c.held_on, c.place, c.title, c.note from programme_conferences as c",
        "c.programme_id in (select pp.programme_id from programme_parties as pp join units as u using (unit_id) "
        "where u.code in ({codes}) or pp.unit_id in (select o.unit_id from units as o join units as n "
        "on n.unit_id = o.successor_id where n.code in ({codes})))",
        "c.year between year($lo) and year($hi)", "c.programme_id, c.year"),
    "metric_targets": (
        "select m.metric_key, u.code, m.year, m.target, nullif(m.month, 0) from metric_targets as m "
        "join units as u using (unit_id)",
        "u.code", "m.year between year($lo) and year($hi)", "m.year, u.code, m.metric_key, m.month"),
}


def kind_of(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"không có loại báo cáo “{key}”; các loại: {', '.join(KINDS)}") from None


def sheet_name(kind: Kind) -> str:
    return kind.label[:31]


def headers(kind: Kind) -> list[str]:
    return [c.header for c in kind.columns]


def _metric_labels() -> dict[str, str]:
    from queries.catalogue import METRICS

    return {k: m.label_vi for k, m in METRICS.items()}


def lists(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """The drop-down lists: parser name -> [(value written in the cell, explanation)]."""
    cur = con.cursor()
    try:
        out = {
            "platform": cur.execute("select label_vi, platform_key from platforms order by sort_order").fetchall(),
            "activity": cur.execute("select label_vi, activity_key from activity_types order by sort_order").fetchall(),
            "level": cur.execute("select label_vi, level_key from source_levels where level_key <> 'khong' "
                                 "order by sort_order").fetchall(),
            "unit": cur.execute("select code, name from units where valid_to is null and level = 'tinh' "
                                "order by code").fetchall(),
        }
    finally:
        cur.close()
    out["grain"] = [(label, key) for key, label in GRAIN_LABELS.items()]
    out["metric"] = [(label, key) for key, label in _metric_labels().items()]
    cur = con.cursor()
    try:
        formats = [r[0] for r in cur.execute("select distinct format from contests where format is not null "
                                             "order by 1").fetchall()]
        out["contest_format"] = [(f, "") for f in dict.fromkeys(formats + CONTEST_FORMATS)]
        out["programme"] = [(str(i), f"{name} ({y0}–{y1})") for i, name, y0, y1 in cur.execute(
            "select programme_id, name, year_from, year_to from programmes order by 1").fetchall()]
        out["indicator"] = [(str(i), f"{name} ({unit}) — {prog}") for i, name, unit, prog in cur.execute(
            "select i.indicator_id, i.name, i.unit_of_count, p.name from programme_indicators as i "
            "join programme_tasks as t using (task_id) join programmes as p on p.programme_id = t.programme_id "
            "order by 1").fetchall()]
    finally:
        cur.close()
    return out


# formats offered for a contest even before the database has any
CONTEST_FORMATS = ["Trắc nghiệm trực tuyến", "Trắc nghiệm trực tuyến kết hợp viết bài dự thi"]


LIST_TITLES = {"platform": "Loại kênh", "activity": "Loại hoạt động", "level": "Cấp nguồn link",
               "unit": "Mã đơn vị (hiện hành)", "grain": "Loại kỳ", "metric": "Chỉ số",
               "contest_format": "Hình thức cuộc thi", "indicator": "Mã chỉ số chương trình",
               "programme": "Mã chương trình"}


# ---- rows from the database -----------------------------------------------------------------------

def _month_bounds(month_from: dt.date | None, month_to: dt.date | None) -> tuple[dt.date, dt.date]:
    lo = month_from or dt.date(1900, 1, 1)
    hi = month_to or dt.date(2999, 12, 1)
    return lo, importer._month_end(hi)


def export_rows(con, kind: Kind, units=None, month_from: dt.date | None = None,
                month_to: dt.date | None = None) -> list[list]:
    """The kind's rows, filtered by unit codes (any unit with that code) and report months, in template order."""
    select, unit_col, period, order = EXPORTS[kind.key]
    lo, hi = _month_bounds(month_from, month_to)
    params: dict = {"lo": lo, "hi": hi}
    where = [period]
    if units:
        names = []
        for i, code in enumerate(units):
            params[f"u{i}"] = str(code).zfill(2) if str(code).isdigit() else str(code)
            names.append(f"$u{i}")
        codes = ", ".join(names)
        where.append(unit_col.format(codes=codes) if "{codes}" in unit_col else f"{unit_col} in ({codes})")
    cur = con.cursor()
    try:
        rows = [list(r) for r in cur.execute(f"{select} where {' and '.join(where)} order by {order}",
                                             params).fetchall()]
    finally:
        cur.close()
    if kind.key in ("metric_targets", "programme_indicators"):
        labels = _metric_labels()
        at = 0 if kind.key == "metric_targets" else [c.key for c in kind.columns].index("metric_key")
        for r in rows:
            r[at] = labels.get(r[at], r[at])
    return rows


# ---- example rows ------------------------------------------------------------------------------------

def _next_month(con, query: str) -> dt.date:
    last = con.execute(query).fetchall()[0][0]
    if last is None:
        today = dt.date.today()
        return dt.date(today.year, today.month, 1)
    return dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1)


def examples(con, kind: Kind) -> list[list]:
    """Two plausible rows that import cleanly into the database they are drawn from (new rows where possible)."""
    cur = con.cursor()
    try:
        return _examples(cur, kind)
    finally:
        cur.close()


def _examples(cur, kind: Kind) -> list[list]:
    current = cur.execute("select code from units where valid_to is null and level = 'tinh' order by code").fetchall()
    codes = [c[0] for c in current]
    u1 = "14" if "14" in codes else (codes[0] if codes else "14")
    u2 = "48" if "48" in codes else (codes[1] if len(codes) > 1 else u1)
    label = dict(cur.execute("select platform_key, label_vi from platforms").fetchall())
    act = dict(cur.execute("select activity_key, label_vi from activity_types").fetchall())
    lev = dict(cur.execute("select level_key, label_vi from source_levels").fetchall())
    if kind.key == "activities":
        m = _next_month(cur, "select max(month) from activities")
        return [[u1, m, label["fanpage"], act["bai_viet"], None, 1250, 250000],
                [u1, m, label["fanpage"], act["chia_se_link"], lev["trung_uong"], 13712, None]]
    if kind.key in ("team_snapshots", "channel_snapshots"):
        team = kind.key == "team_snapshots"
        table, ident, opened, closed = (("team_snapshots", "team_id", "founded_on", "disbanded_on") if team else
                                        ("channel_snapshots", "channel_id", "opened_on", "closed_on"))
        m = _next_month(cur, f"select max(month) from {table}")
        value = "members" if team else "followers"
        found = cur.execute(
            f"select e.{ident}, (select s.{value} from {table} as s where s.{ident} = e.{ident} "
            f"order by s.month desc limit 1) from {'teams' if team else 'channels'} as e "
            f"where e.{opened} <= ? and (e.{closed} is null or e.{closed} > ?) order by e.{ident} limit 2",
            [importer._month_end(m), m]).fetchall()
        found = found or [(1, None), (2, None)]
        if team:
            return [[i, m, (v or 20) + 1] for i, v in found]
        return [[i, m, None if v is None else round(v * 1.02), 30, 12000] for i, v in found]
    if kind.key in ("channels", "teams"):
        day = _next_month(cur, "select max(month) from activities")
        if kind.key == "channels":
            return [[None, u1, label["fanpage"], "Fanpage Biệt đội thông tin (ví dụ)", "facebook.com/vidu.bietdoi",
                     day, None],
                    [None, u2, label["tiktok"], "TikTok Tuyên giáo (ví dụ)", "tiktok.com/@vidu.tuyengiao", day, None]]
        return [[None, u1, "Biệt đội thông tin số 1 (ví dụ)", day, None],
                [None, u2, "Tổ thông tin phường (ví dụ)", day, None]]
    if kind.key == "contest_participation":
        contest = cur.execute("select contest_id, start_on, end_on, organiser_unit_id from contests "
                              "order by start_on desc, contest_id desc limit 1").fetchall()
        if not contest:
            return [[1, u1, dt.date.today(), "Tuần", 120, 300, None, None]]
        cid, start, end, organiser = contest[0]
        unit = cur.execute("select code from units where unit_id = ? and valid_from <= ? "
                           "and (valid_to is null or valid_to > ?)", [organiser, start, start]).fetchall()
        code = unit[0][0] if unit else u1
        second = start + dt.timedelta(days=7)
        second_row = ([cid, code, second, "Tuần", 80, 260, None, None] if second <= end
                      else [cid, u2 if code != u2 else u1, start, "Tuần", 80, 260, None, None])
        return [[cid, code, start, "Tuần", 120, 300, None, None], second_row]
    if kind.key == "contests":
        day = _next_month(cur, "select max(start_on) from contests")
        return [[None, "Cuộc thi trực tuyến tìm hiểu (ví dụ)", "Chỉ thị 34-CT/TU", u1, day,
                 day + dt.timedelta(days=30), "Trắc nghiệm trực tuyến", 200000, 80000],
                [None, "Cuộc thi sáng tác video clip (ví dụ)", None, u2, day, day + dt.timedelta(days=45),
                 None, None, None]]
    if kind.key == "units":
        taken = {r[0] for r in cur.execute("select code from units").fetchall()}
        free = [f"{u1}.{n:03d}" for n in range(901, 1000) if f"{u1}.{n:03d}" not in taken][:2]
        day = cur.execute("select valid_from from units where code = ? and valid_to is null and level = 'tinh'",
                          [u1]).fetchall()
        start = max(day[0][0], dt.date(2025, 7, 1)) if day else dt.date(2025, 7, 1)
        return [[free[0], "Phường ví dụ", u1, start, None], [free[1], "Xã ví dụ", u1, start, None]]
    if kind.key == "indicator_values":
        # the first party-year cells of a programme without a value; else the first existing ones, updated
        found = cur.execute(
            "select i.indicator_id, u.code, y.year, v.target from programme_indicators as i "
            "join programme_tasks as t using (task_id) join programmes as p on p.programme_id = t.programme_id "
            "cross join lateral (select unnest(range(p.year_from, p.year_to + 1)) as year) as y "
            "join programme_parties as pp on pp.programme_id = p.programme_id "
            "join units as pu on pu.unit_id = pp.unit_id "
            "join units as u on u.unit_id = case when pu.successor_id is not null and "
            "make_date(y.year::int, 12, 31) >= pu.valid_to then pu.successor_id else pu.unit_id end "
            "left join indicator_values as v on v.indicator_id = i.indicator_id and v.unit_id = u.unit_id "
            "and v.year = y.year order by v.target is not null, y.year desc, i.indicator_id, u.code limit 2"
        ).fetchall()
        if not found:
            return [[1, u1, dt.date.today().year, 100, 80, None, "Báo cáo năm (ví dụ)"],
                    [1, u2, dt.date.today().year, 100, None, None, None]]
        linked = {i for i, m in cur.execute("select indicator_id, metric_key from programme_indicators").fetchall()
                  if m is not None}
        return [[i, code, int(year), 100 if target is None else target,
                 None if target is None or i in linked else round(target * 1.1), None,
                 None if target is None or i in linked else "Báo cáo sơ kết năm (ví dụ)"]
                for i, code, year, target in found]
    if kind.key == "programme_indicators":
        # a new programme of two current units starting next year (their codes valid on 01/01), one task, two
        # new indicators
        year = max(dt.date.today().year + 1, 2026)
        name = "Chương trình phối hợp (ví dụ)"
        task = "Phối hợp tuyên truyền trên không gian mạng (ví dụ)"
        signed = dt.date(year, 1, 15)
        return [[None, name, year, year + 1, f"{u1}; {u2}", 1, task, None, "Số tin, bài được đăng tải (ví dụ)", "bài",
                 None, signed, "Sơn La"],
                [None, name, year, year + 1, f"{u1}; {u2}", 1, task, None, "Số lượt chia sẻ (ví dụ)", "lượt",
                 _metric_labels()["link_shares"], signed, "Sơn La"]]
    if kind.key == "programme_conferences":
        # the next year of the first programme without a conference (else its first year, replaced)
        found = cur.execute(
            "select p.programme_id, y.year from programmes as p "
            "cross join lateral (select unnest(range(p.year_from, p.year_to + 1)) as year) as y "
            "left join programme_conferences as c on c.programme_id = p.programme_id and c.year = y.year "
            "order by c.year is not null, p.programme_id, y.year limit 2").fetchall()
        if not found:
            year = dt.date.today().year
            return [[1, year, dt.date(year, 10, 2), "Sơn La", "Hội nghị đánh giá (ví dụ)", None],
                    [1, year + 1, dt.date(year + 1, 10, 2), "Đà Nẵng", "Hội nghị đánh giá (ví dụ)", None]]
        places = ["Sơn La", "Đà Nẵng"]
        return [[pid, int(year), dt.date(int(year), 10, 15), places[i % 2], "Hội nghị đánh giá (ví dụ)", None]
                for i, (pid, year) in enumerate(found)]
    if kind.key == "metric_targets":
        last = cur.execute("select max(year) from metric_targets").fetchall()[0][0]
        year = (last or dt.date.today().year - 1) + 1
        labels = _metric_labels()
        return [[labels["members"], u1, year, 14000, None], [labels["posts"], u1, year, 25000, None]]
    raise ValueError(kind.key)


# ---- writing -------------------------------------------------------------------------------------------

def _vn_number(v) -> str:
    if float(v) == int(v):
        return str(int(v))
    return repr(float(v)).replace(".", ",")


def csv_cell(col, value) -> str:
    if value is None or value != value:
        return ""
    if col.parser == "month":
        return f"{value:%m/%Y}"
    if col.parser == "date":
        return f"{value:%d/%m/%Y}"
    if col.parser in ("count", "id", "year", "order"):
        return str(int(value))
    if col.parser == "number":
        return _vn_number(value)
    return str(value)


def write_csv(kind: Kind, out: Path, rows: list[list]) -> None:
    """UTF-8 with BOM (Excel opens it with the diacritics intact), comma-separated."""
    with open(out, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers(kind))
        for r in rows:
            writer.writerow([csv_cell(c, v) for c, v in zip(kind.columns, r)])


def write_xlsx(con, kind: Kind, out: Path, rows: list[list], example_rows: list[list] | None = None) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(out))
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
    if col.parser == "date":
        return fmt["date"]
    if col.parser in ("count", "id", "year", "order"):
        return fmt["count"] if col.parser == "count" else None
    if col.parser == "number":
        return fmt["number"]
    return fmt["text"]


def _xlsx_value(col, value):
    if value is None or value != value:
        return None
    if col.parser == "month":
        return f"{value:%m/%Y}"
    if col.parser in ("count", "id", "year", "order"):
        return int(value)
    if col.parser == "number":
        return float(value)
    if col.parser == "date":
        return value
    return str(value)


def _write_row(sheet, r: int, kind: Kind, row: list, fmt) -> None:
    for c, (col, value) in enumerate(zip(kind.columns, row)):
        v = _xlsx_value(col, value)
        cell_fmt = _col_format(col, fmt)
        if v is None:
            continue
        if col.parser == "date":
            sheet.write_datetime(r, c, dt.datetime.combine(v, dt.time()), cell_fmt)
        elif isinstance(v, str):
            sheet.write_string(r, c, v, cell_fmt)
        else:
            sheet.write_number(r, c, v, cell_fmt)


def _write_lists(sheet, drop: dict, fmt) -> None:
    for c, (parser, items) in enumerate(drop.items()):
        sheet.write_string(0, 2 * c, LIST_TITLES[parser], fmt["bold"])
        for r, (value, note) in enumerate(items, start=1):
            sheet.write_string(r, 2 * c, str(value))
            sheet.write_string(r, 2 * c + 1, str(note))


def _write_data(sheet, kind: Kind, rows: list[list], fmt, drop: dict) -> None:
    order = list(drop)
    for c, col in enumerate(kind.columns):
        sheet.write_string(0, c, col.header, fmt["head"])
        sheet.set_column(c, c, max(14, min(40, len(col.header) + 6)), _col_format(col, fmt))
        listing = col.listing or col.parser
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
    """The natural key as the file's columns (unit_id is written as its code)."""
    if kind.file_key:
        return list(kind.file_key)
    out = []
    for k in kind.natural_key:
        k = "unit_code" if k == "unit_id" else k
        if any(c.key == k for c in kind.columns):
            out.append(k)
    return out


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

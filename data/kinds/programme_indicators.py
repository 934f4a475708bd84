"""Coordination programmes, one file row per indicator: each row fills the programme (programmes: with its signing
date and place), its parties (programme_parties), the task (programme_tasks) and the indicator (programme_indicators:
reported by hand, or linked to a catalogue metric)."""

from __future__ import annotations

import datetime as dt

from data import parse
from data import sql as q
from data.kinds import types as T
from data.kinds.base import Check, Column, FileCheck, Kind, Problem, RowError, Table, cached_rows
from data.kinds.indicator_values import INDICATOR, indicators

PROGRAMME_MISMATCH = ("programme_name", "year_from", "year_to", "parties", "signed_on", "place")


def _missing(v) -> bool:
    """None, NaN, or pandas' NA (a frame's cell without a value)."""
    if v is None:
        return True
    try:
        return bool(v != v)
    except TypeError:       # pandas.NA: its comparisons are NA too
        return True


def programme_ident(rec) -> tuple:
    """Which programme a file row belongs to: its id, or (for a new programme) its folded name."""
    pid = rec["programme_id"]
    if not _missing(pid):
        return ("id", int(pid))
    return ("new", parse.header_key(rec["programme_name"]))


def programmes(lookups) -> dict[int, tuple]:
    """programme -> (name, first year, last year) of the programmes in the database."""
    return cached_rows(lookups, "programmes", q.PROGRAMMES)


def _value_years(lookups) -> dict[int, tuple]:
    """programme -> (first, last) year of its indicator values."""
    return cached_rows(lookups, "programme_value_years", q.PROGRAMME_VALUE_YEARS)


def _tasks(lookups) -> dict[tuple, tuple]:
    """(programme, seq) -> (task id, title)."""
    return cached_rows(lookups, "programme_tasks", q.PROGRAMME_TASKS, key=lambda r: (r[1], r[2]),
                       value=lambda r: (r[0], r[3]))


def _indicator_names(lookups) -> dict[tuple, int]:
    """(task, folded indicator name) -> indicator id."""
    return cached_rows(lookups, "indicator_names", q.INDICATOR_NAMES, key=lambda r: (r[1], parse.header_key(r[2])),
                       value=lambda r: r[0])


def _years_and_parties(rec: dict, lookups):
    first, last, name = rec["year_from"], rec["year_to"], rec["programme_name"]
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


def _programme(rec: dict, lookups):
    pid, name, first, last = rec["programme_id"], rec["programme_name"], rec["year_from"], rec["year_to"]
    if pid is None:
        same = {parse.header_key(n): p for p, (n, _f, _t) in sorted(programmes(lookups).items())}.get(
            parse.header_key(name))
        if same is not None:
            raise RowError("Tên chương trình", f"đã có chương trình “{name}” (mã chương trình {same}); ghi mã đó vào "
                                               f"cột “Mã chương trình” để sửa, không tạo chương trình trùng")
    elif pid not in programmes(lookups):
        return [("Mã chương trình", f"mã chương trình {pid} chưa có; sẽ tạo chương trình mới với mã này")]
    else:
        span = _value_years(lookups).get(pid)
        if span is not None and (span[0] < first or span[1] > last):
            raise RowError("Năm từ" if span[0] < first else "Năm đến",
                           f"chương trình {pid} đã có số liệu chỉ số "
                           f"{f'năm {span[0]}' if span[0] == span[1] else f'các năm {span[0]}–{span[1]}'}; thời gian "
                           f"chương trình ({first}–{last}) phải chứa các năm này")
    return None


def _indicator(rec: dict, lookups):
    pid, iid = rec["programme_id"], rec["indicator_id"]
    if iid is not None:
        indicator = indicators(lookups).get(iid)
        if indicator is None:
            return [("Mã chỉ số", f"mã chỉ số {iid} chưa có; sẽ tạo chỉ số mới với mã này")]
        if indicator[1] != pid:
            raise RowError("Mã chỉ số", f"mã chỉ số {iid} thuộc chương trình “{indicator[2]}” (mã chương trình "
                                        f"{indicator[1]}); không chuyển chỉ số sang chương trình khác")
    elif pid is not None:
        task = _tasks(lookups).get((pid, rec["seq"]))
        same = _indicator_names(lookups).get((task[0], parse.header_key(rec["name"]))) if task else None
        if same is not None:
            raise RowError("Tên chỉ số", f"nhiệm vụ {rec['seq']} đã có chỉ số “{rec['name']}” (mã chỉ số {same}); "
                                         f"ghi mã đó vào cột “Mã chỉ số” để sửa, không tạo chỉ số trùng")
    return None


def _dup_key(rec):
    if rec["indicator_id"] is not None:
        return ("id", rec["indicator_id"])
    return ("new", programme_ident(rec), rec["seq"], parse.header_key(rec["name"]))


def _agreement(con, rows, origins: list[tuple]) -> list[Problem]:
    """Rows of the same programme give the same programme columns, rows of the same task the same title, and a
    programme's tasks are numbered 1..n (with the tasks it already has)."""
    out = []
    first_of: dict = {}
    task_of: dict = {}
    seqs: dict = {}
    for i, rec in enumerate(rows.to_dict("records")):
        ident = programme_ident(rec)
        sheet, row = origins[i]
        seqs.setdefault(ident, {})[int(rec["seq"])] = (sheet, row)
        if ident not in first_of:
            first_of[ident] = (rec, row)
        else:
            earlier, erow = first_of[ident]
            for key in PROGRAMME_MISMATCH:
                if _differ(rec[key], earlier[key]):
                    header = KIND.column("party_codes" if key == "parties" else key).header
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
        for _tid, pid, seq, _title in cur.execute(q.PROGRAMME_TASKS).fetchall():
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


def _differ(a, b) -> bool:
    """Two cells of the file differ (two blanks do not)."""
    if _missing(a) or _missing(b):
        return _missing(a) != _missing(b)
    return a != b


def _next_id(cur, table: str, column: str, given) -> int:
    top = cur.execute(q.MAX_ID.format(column=column, table=table)).fetchall()[0][0]
    return max([int(top)] + [int(g) for g in given]) + 1


def _split(cur, rows) -> list[tuple]:
    """The file's rows as rows of the four programme tables; new programmes, tasks and indicators get max + 1."""
    import pandas as pd

    recs = rows.to_dict("records")
    given = [r["programme_id"] for r in recs if not _missing(r["programme_id"])]
    next_pid = _next_id(cur, "programmes", "programme_id", given)
    pid_of: dict = {}
    programmes, parties = [], []
    # a blank signing date or place keeps the programme's own (a file from before these columns changes neither);
    # read here, inside the commit's transaction
    signed = {p: (on, place) for p, on, place in cur.execute(q.PROGRAMME_SIGNING).fetchall()}
    for r in recs:
        ident = programme_ident(r)
        if ident in pid_of:
            continue
        pid = ident[1] if ident[0] == "id" else next_pid
        next_pid += ident[0] == "new"
        pid_of[ident] = pid
        had_on, had_place = signed.get(pid, (None, None))
        programmes.append((pid, r["programme_name"], int(r["year_from"]), int(r["year_to"]),
                           had_on if _missing(r["signed_on"]) else r["signed_on"],
                           had_place if _missing(r["place"]) else r["place"]))
        parties += [(pid, int(u)) for u in r["parties"].split(";")]
    tasks_have = {(p, s): t for t, p, s, _title in cur.execute(q.PROGRAMME_TASKS).fetchall()}
    next_tid = _next_id(cur, "programme_tasks", "task_id", [])
    tid_of: dict = {}
    tasks = []
    for r in recs:
        key = (pid_of[programme_ident(r)], int(r["seq"]))
        if key in tid_of:
            continue
        tid = tasks_have.get(key)
        if tid is None:
            tid, next_tid = next_tid, next_tid + 1
        tid_of[key] = tid
        tasks.append((tid, key[0], key[1], r["task_title"]))
    given = [r["indicator_id"] for r in recs if not _missing(r["indicator_id"])]
    next_iid = _next_id(cur, "programme_indicators", "indicator_id", given)
    found = []
    for r in recs:
        iid = r["indicator_id"]
        if _missing(iid):
            iid, next_iid = next_iid, next_iid + 1
        found.append((int(iid), tid_of[(pid_of[programme_ident(r)], int(r["seq"]))], r["name"], r["unit_of_count"],
                      None if _missing(r["metric_key"]) else r["metric_key"]))
    out = []
    for table, data in zip(TABLES, (programmes, parties, tasks, found)):
        frame = pd.DataFrame(data, columns=list(table.natural_key + table.values))
        for c in frame.columns:
            if c.endswith("_id") or c in ("seq", "year_from", "year_to"):
                frame[c] = frame[c].astype("int64")
        out.append((table, frame))
    return out


TABLES = (
    Table("programmes", "Chương trình", ("programme_id",), ("name", "year_from", "year_to", "signed_on", "place"),
          shown=(("programme_id", "programme_id"), ("name", "programme_name"), ("year_from", "year_from"),
                 ("year_to", "year_to"), ("signed_on", "signed_on"), ("place", "place"))),
    Table("programme_parties", "Đơn vị tham gia chương trình", ("programme_id", "unit_id"), (),
          refs=(("programme_id", "programmes"), ("unit_id", "units")),
          shown=(("programme_id", "programme_id"),)),
    Table("programme_tasks", "Nhiệm vụ chương trình", ("task_id",), ("programme_id", "seq", "title"),
          refs=(("programme_id", "programmes"),),
          shown=(("programme_id", "programme_id"), ("seq", "seq"), ("title", "task_title"))),
    Table("programme_indicators", "Chỉ số chương trình", ("indicator_id",),
          ("task_id", "name", "unit_of_count", "metric_key"),
          refs=(("task_id", "programme_tasks"),),
          shown=(("indicator_id", "indicator_id"), ("name", "name"), ("unit_of_count", "unit_of_count"),
                 ("metric_key", "metric_key"))),
)


def examples(cur, ex):
    # a new programme of two current units starting next year (their codes valid on 01/01), one task, two
    # new indicators
    year = max(dt.date.today().year + 1, 2026)
    name = "Chương trình phối hợp (ví dụ)"
    task = "Phối hợp tuyên truyền trên không gian mạng (ví dụ)"
    parties = f"{ex.u1}; {ex.u2}"
    signed = dt.date(year, 1, 15)
    # one indicator reported by hand, one linked to the catalogue's link shares
    return [[None, name, year, year + 1, parties, 1, task, None, "Số tin, bài được đăng tải (ví dụ)", "bài",
             None, signed, "Sơn La"],
            [None, name, year, year + 1, parties, 1, task, None, "Số lượt chia sẻ (ví dụ)", "lượt",
             T.metric_labels()["link_shares"], signed, "Sơn La"]]


KIND = Kind(
    key="programme_indicators", label="Chương trình, nhiệm vụ, chỉ số", table="programme_indicators",
    columns=(
        Column("programme_id", "Mã chương trình", T.ID, required=False,
               help="để trống khi thêm chương trình mới (hệ thống tự cấp mã); ghi mã có sẵn để sửa chương trình"),
        Column("programme_name", "Tên chương trình", T.TEXT, aliases=("Chương trình",),
               help="tên chương trình phối hợp; ghi giống nhau ở mọi dòng của chương trình"),
        Column("year_from", "Năm từ", T.YEAR, aliases=("Từ năm",), help="năm bắt đầu, ví dụ 2024"),
        Column("year_to", "Năm đến", T.YEAR, aliases=("Đến năm",),
               help="năm kết thúc, lớn hơn hoặc bằng năm từ"),
        Column("party_codes", "Đơn vị tham gia", T.UNITS, required=False,
               aliases=("Các đơn vị tham gia", "Mã đơn vị tham gia"),
               help="mã các đơn vị tham gia, cách nhau bởi dấu ; hoặc dấu phẩy (ví dụ 14; 48), còn hiệu lực "
                    "vào ngày 01/01 của năm từ; ít nhất một đơn vị; đơn vị đã có không bị bỏ đi", stored="parties"),
        Column("seq", "Thứ tự nhiệm vụ", T.ORDER, aliases=("STT nhiệm vụ", "Số thứ tự nhiệm vụ"),
               help="thứ tự của nhiệm vụ trong chương trình: 1, 2, 3… liên tục"),
        Column("task_title", "Nhiệm vụ", T.TEXT, aliases=("Tên nhiệm vụ", "Nội dung nhiệm vụ"),
               help="tên nhiệm vụ; ghi giống nhau ở mọi dòng của cùng nhiệm vụ"),
        Column("indicator_id", "Mã chỉ số", T.Id(listing=INDICATOR), required=False,
               help="để trống khi thêm chỉ số mới (hệ thống tự cấp mã); ghi mã có sẵn để sửa chỉ số"),
        Column("name", "Tên chỉ số", T.TEXT, aliases=("Chỉ số chương trình",),
               help="tên chỉ số, ví dụ “Số tin, bài tuyên truyền được đăng tải”; mỗi dòng một chỉ số"),
        Column("unit_of_count", "Đơn vị tính", T.TEXT, aliases=("ĐVT",), help="ví dụ bài, lượt, người"),
        Column("metric_key", "Chỉ số liên kết", T.METRIC, required=False, aliases=("Liên kết chỉ số",),
               help="để trống: kết quả do đơn vị báo cáo (kèm ghi chú và nguồn, mẫu “Chỉ tiêu, kết quả chương "
                    "trình”); chọn một chỉ số trong danh mục (ví dụ “Lượt dự thi”): kết quả tính tự động từ số "
                    "liệu của bên tham gia trong năm — chỉ số thời điểm lấy giá trị cuối năm, thời kỳ cộng cả năm"),
        Column("signed_on", "Ngày ký", T.DATE, required=False, aliases=("Ngày ký kết",),
               help="ngày ký chương trình, dd/mm/yyyy; để trống: giữ như đã có"),
        Column("place", "Nơi ký", T.TEXT, required=False, aliases=("Địa điểm ký",),
               help="nơi ký chương trình, ví dụ Sơn La; để trống: giữ như đã có"),
    ),
    natural_key=("indicator_id",),
    values=("programme_id", "programme_name", "year_from", "year_to", "parties", "seq", "task_title", "name",
            "unit_of_count", "metric_key", "signed_on", "place"),
    duplicate="cùng mã chỉ số, hoặc cùng chương trình, thứ tự nhiệm vụ và tên chỉ số",
    checks=(Check("Năm đến ≥ Năm từ; at least one party, each code valid on 01/01 of Năm từ", _years_and_parties),
            Check("a blank Mã chương trình is a new programme and must not repeat an existing programme's name; an "
                  "unknown id creates that id (warning); an existing programme's years must still hold its indicator "
                  "values", _programme),
            Check("a blank Mã chỉ số is a new indicator and must not repeat an indicator name of the same task; an "
                  "unknown id creates that id (warning); an indicator stays in its programme", _indicator)),
    dup_key=_dup_key,
    file_checks=(FileCheck("rows of the same programme (its id, or for a new programme its name) give the same name, "
                           "years, parties, signing date and place, rows of the same task the same title (else an error on the later row "
                           "naming the earlier); task numbers with the programme's existing tasks run 1..n without "
                           "gaps", _agreement),),
    id_column="indicator_id", file_key=("programme_name", "seq", "name"),
    tables=TABLES, split=_split,
    examples=examples,
    notes="Parties: a listed party is added, a party not listed is kept. A blank Ngày ký / Nơi ký keeps the "
          "programme's own (a file from before these columns changes neither); a blank Chỉ số liên kết makes the "
          "indicator reported by hand. Counts new/replaced/unchanged are rows of the four tables.",
)

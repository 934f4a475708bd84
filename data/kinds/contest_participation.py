"""Participation in a contest per participating unit and period — a week (7 days unless the row says otherwise), a
calendar month, a round of the contest (đợt) or the whole contest — as units publish it: people registered (đăng ký),
people who took part (người dự thi) and attempts (lượt dự thi), entries (bài dự thi) and valid entries (bài hợp lệ),
awards. Every figure is optional (one that was not published is unknown, never 0) and may carry the qualifier it was
published with ("gần 1,8 triệu", "hơn 13.000"). Người and lượt are different measures, never added together.

Participants may be a unit of the provincial tree or one of the units outside it: Trung ương (TW), Cả nước (CN, a
national total not broken down), Tỉnh, thành phố khác (NT, other provinces as one total), Ngoài nước (NN). Rows of one
contest that cover the same days for the same participants would be counted twice and are refused (``_overlaps``).
"""

from __future__ import annotations

import datetime as dt

from data import sql as q
from data.kinds import contests
from data.kinds import types as T
from data.kinds.base import Check, Column, FileCheck, Kind, Problem, RowError, d, month_end, set_unit, vn
from data.reference import CENTRAL, NATIONWIDE, OTHER_PROVINCES, SPECIAL_LEVELS, SPECIAL_UNITS

LONGEST_WEEK = 14        # days: a longer period is a round (đợt)
MEASURES = (("registered", "người đăng ký"), ("nguoi", "người dự thi"), ("luot", "lượt dự thi"),
            ("submissions", "bài dự thi"), ("valid_entries", "bài hợp lệ"), ("awards", "giải thưởng"))


def default_end(start: dt.date, grain: str) -> dt.date | None:
    """The last day of a period when the row does not say: a week's seventh day, a month's last day; a round and the
    whole contest have none of their own."""
    if grain == "week":
        return start + dt.timedelta(days=6)
    if grain == "month":
        return month_end(start)
    return None


def period_words(grain: str, start: dt.date, last: dt.date, round_no=None) -> str:
    """A period as the messages name it: 'tuần 04/03/2024 – 10/03/2024', 'tháng 04/2024', 'đợt 2 (…)'."""
    span = f"{d(start)} – {d(last)}"
    if grain == "month":
        return f"tháng {start:%m/%Y}" + ("" if last == month_end(start) else f" (đến {d(last)})")
    if grain == "round":
        return f"đợt ({span})" if round_no is None or round_no != round_no else f"đợt {int(round_no)} ({span})"  # NaN
    if grain == "whole":
        return f"cả cuộc thi ({span})"
    return f"tuần {span}"


def _period_in_contest(rec: dict, lookups):
    contest = contests.known(lookups).get(rec["contest_id"])
    if contest is None:
        raise RowError("Mã cuộc thi", f"mã cuộc thi {rec['contest_id']} không tồn tại")
    title, start_on, end_on, _organiser = contest
    start, grain, given, round_no = rec["period_start"], rec["period_grain"] or "week", rec["period_end"], \
        rec["round_no"]
    rec["period_grain"] = grain
    if grain == "month" and start.day != 1:
        raise RowError("Từ ngày", f"kỳ theo tháng phải bắt đầu từ ngày 01 (đang là {start:%d/%m/%Y})")
    if grain == "whole" and start != start_on:
        raise RowError("Từ ngày", f"kỳ “Cả cuộc thi” bắt đầu từ ngày bắt đầu cuộc thi “{title}” ({d(start_on)}), "
                                  f"không phải {d(start)}")
    if grain == "round" and round_no is None:
        raise RowError("Đợt", "kỳ “Đợt” cần số thứ tự của đợt (1, 2, 3…)")
    if grain != "round" and round_no is not None:
        raise RowError("Đợt", "số đợt chỉ ghi cho kỳ “Đợt”; để trống với Tuần, Tháng và Cả cuộc thi")
    if grain == "round" and given is None:
        raise RowError("Đến ngày", "kỳ “Đợt” cần ngày kết thúc của đợt (cột “Đến ngày”)")
    last = given or default_end(start, grain) or end_on
    if last < start:
        raise RowError("Đến ngày", f"đến ngày ({d(last)}) phải từ ngày bắt đầu kỳ ({d(start)}) trở đi")
    if grain == "week" and (last - start).days >= LONGEST_WEEK:
        raise RowError("Đến ngày", f"một tuần từ {d(start)} đến {d(last)} dài hơn {LONGEST_WEEK} ngày; kỳ dài hơn hãy "
                                   f"ghi Loại kỳ “Đợt”")
    if grain == "month" and last > month_end(start):
        raise RowError("Đến ngày", f"kỳ tháng {start:%m/%Y} kết thúc trong tháng (đang là {d(last)})")
    if start > end_on or last < start_on:
        raise RowError("Từ ngày", f"{start:%d/%m/%Y} ngoài thời gian cuộc thi “{title}” "
                                  f"({start_on:%d/%m/%Y} – {end_on:%d/%m/%Y})")
    if grain in ("round", "whole") and last > end_on:
        raise RowError("Đến ngày", f"đến ngày ({d(last)}) sau ngày kết thúc cuộc thi “{title}” ({d(end_on)})")
    # a period is stored with its own last day only where it is not the grain's (a short week, a round, the whole)
    rec["period_end"] = None if last == default_end(start, grain) else last


def _unit_and_measures(rec: dict, lookups):
    start = rec["period_start"]
    set_unit(rec, lookups, start, f"ngày {start:%d/%m/%Y}")
    if rec["unit_id"] == SPECIAL_UNITS[OTHER_PROVINCES][0]:
        organiser = contests.known(lookups)[rec["contest_id"]][3]
        if lookups.levels.get(organiser) in SPECIAL_LEVELS:
            raise RowError("Mã đơn vị", f"“{OTHER_PROVINCES}” (tỉnh, thành phố khác) chỉ dùng cho cuộc thi do một tỉnh, "
                                        f"thành phố tổ chức; cuộc thi do {CENTRAL} tổ chức hãy ghi từng đơn vị hoặc "
                                        f"“{NATIONWIDE}” (cả nước)")
    if all(rec[k] is None for k, _w in MEASURES):
        raise RowError(None, "dòng không có số liệu nào (" + ", ".join(w for _k, w in MEASURES) + ")")
    if rec["nguoi"] is not None and rec["luot"] is not None and rec["nguoi"] > rec["luot"]:
        raise RowError("Người dự thi", f"người dự thi ({vn(rec['nguoi'])}) không thể nhiều hơn lượt dự thi "
                                       f"({vn(rec['luot'])})")
    if rec["valid_entries"] is not None and rec["submissions"] is not None \
            and rec["valid_entries"] > rec["submissions"]:
        raise RowError("Bài hợp lệ", f"bài hợp lệ ({vn(rec['valid_entries'])}) không thể nhiều hơn bài dự thi "
                                     f"({vn(rec['submissions'])})")
    rec["month"] = start.replace(day=1)


# ---- rows covering the same days for the same participants ------------------------------------------------------

def _covers(a, b, current: dict, organiser_now: int) -> str | None:
    """Why rows a and b (same contest, overlapping days) count the same participants, or None: the same unit, a
    national total (CN) beside anything, or other provinces as one total (NT) beside a province other than the
    organiser's."""
    if a.unit_id == b.unit_id:
        return "same"
    nationwide = SPECIAL_UNITS[NATIONWIDE][0]
    if nationwide in (a.unit_id, b.unit_id):
        return "nationwide"
    others = SPECIAL_UNITS[OTHER_PROVINCES][0]
    if others in (a.unit_id, b.unit_id):
        other = b if a.unit_id == others else a
        now = current.get(other.unit_id)
        special = {uid for uid, _n, _l in SPECIAL_UNITS.values()}
        if now is not None and now not in special and now != organiser_now:
            return "others"
    return None


def _overlaps(con, rows, origins: list[tuple]) -> list[Problem]:
    """A row whose days overlap another row's for the same contest and participants (in the file, or already in the
    database and not replaced by the file) would be counted twice: refused, naming both."""
    import pandas as pd

    from data.lookups import Lookups

    if rows.empty:
        return []
    lookups = Lookups(con)
    current = dict(con.execute(q.UNIT_CURRENT).fetchall())
    known = contests.known(lookups)

    def whole(value):
        return None if value is None or pd.isna(value) else value

    file = pd.DataFrame({
        "contest_id": [int(c) for c in rows["contest_id"]], "unit_id": [int(u) for u in rows["unit_id"]],
        "start": list(rows["period_start"]), "grain": list(rows["period_grain"]),
        "last": [whole(e) or default_end(s, g) or known[int(c)][2]
                 for s, g, e, c in zip(rows["period_start"], rows["period_grain"], rows["period_end"],
                                       rows["contest_id"])],
        "round_no": [None if whole(r) is None else int(r) for r in rows["round_no"]],
        "batch": None, "i": range(len(rows))})
    cur = con.cursor()
    try:
        cur.register("overlap_contests", pd.DataFrame({"contest_id": sorted(set(file["contest_id"]))}))
        stored = cur.execute(q.CONTEST_PERIODS).fetchall()
        cur.unregister("overlap_contests")
    finally:
        cur.close()
    replaced = set(zip(file["contest_id"], file["unit_id"], file["start"]))
    kept = [r for r in stored if (r[0], r[1], r[2]) not in replaced]
    db_rows = pd.DataFrame({
        "contest_id": [r[0] for r in kept], "unit_id": [r[1] for r in kept], "start": [r[2] for r in kept],
        "grain": [r[3] for r in kept], "last": [r[4] for r in kept], "round_no": [r[5] for r in kept],
        "batch": [r[6] for r in kept], "i": [-1] * len(kept)}, columns=list(file.columns))
    both = pd.concat([file, db_rows], ignore_index=True) if kept else file
    found: dict[int, tuple] = {}
    for cid, group in both.groupby("contest_id", sort=False):
        organiser_now = current.get(known[int(cid)][3])
        recs = sorted(group.itertuples(index=False), key=lambda r: (r.start, r.i, r.unit_id))  # one message
        for j, a in enumerate(recs):
            for b in recs[j + 1:]:
                if b.start > a.last:
                    break
                if a.i < 0 and b.i < 0:
                    continue               # two rows already in the database: not this file's doing
                why = _covers(a, b, current, organiser_now)
                if why is None:
                    continue
                later, other = (a, b) if (a.i > b.i if min(a.i, b.i) >= 0 else a.i >= 0) else (b, a)
                if later.i not in found:
                    found[later.i] = (other, why)
    mine_rows = list(file.itertuples(index=False))
    out = []
    for i, (other, why) in sorted(found.items()):
        me = mine_rows[i]
        sheet, row = origins[i]
        where = (f"ở dòng {origins[other.i][1]}" if other.i >= 0 else
                 "đã có trong hệ thống" + (f" (lô {int(other.batch)})" if whole(other.batch) is not None else ""))
        code_me, code_other = lookups.codes.get(int(me.unit_id)), lookups.codes.get(int(other.unit_id))
        mine = period_words(me.grain, me.start, me.last, me.round_no)
        theirs = period_words(other.grain, other.start, other.last, other.round_no)
        if why == "same":
            text = (f"kỳ {mine} trùng thời gian với kỳ {theirs} {where} (cùng cuộc thi {int(me.contest_id)}, đơn vị "
                    f"{code_me}): số liệu sẽ bị cộng hai lần — chỉ giữ một cách chia kỳ")
        else:
            covering = NATIONWIDE if why == "nationwide" else OTHER_PROVINCES
            covered = ("mọi đơn vị" if why == "nationwide" else
                       "các tỉnh, thành phố ngoài đơn vị tổ chức")
            text = (f"kỳ {mine} của đơn vị {code_me} trùng thời gian với kỳ {theirs} của đơn vị {code_other} {where} "
                    f"(cùng cuộc thi {int(me.contest_id)}): số liệu “{covering}” đã gồm {covered}, cộng thêm sẽ bị "
                    f"tính hai lần")
        out.append(Problem(sheet, row, "Từ ngày", text))
    return out


def examples(cur, ex):
    contest = cur.execute(q.EXAMPLE_CONTEST).fetchall()
    if not contest:
        return [[1, ex.u1, dt.date.today(), "Tuần", 120, 300, None, None, None, None, None, None]]
    cid, start, end, organiser = contest[0]
    unit = cur.execute(q.UNIT_CODE_ON, [organiser, start, start]).fetchall()
    code = unit[0][0] if unit else ex.u1
    second = start + dt.timedelta(days=7)
    second_row = ([cid, code, second, "Tuần", None, T.Qualified(2600, "~"), None, None, None, None, None, None]
                  if second <= end else
                  [cid, ex.u2 if code != ex.u2 else ex.u1, start, "Tuần", None, T.Qualified(2600, "~"), None, None,
                   None, None, None, None])
    return [[cid, code, start, "Tuần", 120, 300, None, None, None, None, 150, None], second_row]


def _approx(key: str, header: str, aliases: tuple, help_text: str) -> Column:
    return Column(key, header, T.APPROX, required=False, aliases=aliases, extra=f"{key}_q",
                  help=help_text + "; để trống nếu không công bố (không ghi 0); số liệu ước tính ghi như “gần 1,8 "
                                   "triệu”, “ước tính 300.000”, “hơn 13.000”")


KIND = Kind(
    key="contest_participation", label="Tham gia cuộc thi", table="contest_participation",
    columns=(
        Column("contest_id", "Mã cuộc thi", T.ID, help="mã cuộc thi trong hệ thống"),
        Column("unit_code", "Mã đơn vị", T.UNIT, aliases=("Mã ĐV", "Đơn vị", "Đơn vị dự thi"),
               help="đơn vị có người dự thi, còn hiệu lực vào ngày đầu kỳ; ngoài các tỉnh, thành: TW (Trung ương), "
                    "CN (cả nước — tổng số không chia theo đơn vị), NT (tỉnh, thành phố khác — người ngoài tỉnh tổ "
                    "chức, một tổng số), NN (ngoài nước)", stored="unit_id"),
        Column("period_start", "Từ ngày", T.DATE, aliases=("Ngày bắt đầu kỳ", "Tuần từ ngày"),
               help="ngày đầu kỳ, dd/mm/yyyy: ngày đầu tuần, ngày 01 của tháng, ngày đầu đợt, hoặc ngày bắt đầu cuộc "
                    "thi với kỳ “Cả cuộc thi”; kỳ phải nằm trong thời gian cuộc thi"),
        Column("period_grain", "Loại kỳ", T.GRAIN, required=False, aliases=("Kỳ",),
               help="Tuần (mặc định), Tháng, Đợt hoặc Cả cuộc thi"),
        _approx("nguoi", "Người dự thi", ("Số người dự thi", "Số người"),
                "số người lần đầu dự thi trong kỳ; không lớn hơn lượt dự thi; không cộng với lượt"),
        _approx("luot", "Lượt dự thi", ("Số lượt dự thi", "Số lượt"), "số lượt dự thi trong kỳ"),
        _approx("submissions", "Bài dự thi", ("Số bài dự thi",), "số bài dự thi nộp trong kỳ"),
        Column("awards", "Giải thưởng", T.COUNT, required=False, aliases=("Số giải thưởng", "Số giải"),
               help="số giải đã trao; không bắt buộc (không ghi tên người đạt giải)"),
        Column("period_end", "Đến ngày", T.DATE, required=False, aliases=("Ngày kết thúc kỳ", "Đến hết ngày"),
               help="ngày cuối kỳ, dd/mm/yyyy: để trống với tuần đủ 7 ngày và tháng; ghi với tuần ngắn hoặc dài hơn "
                    "(đến 14 ngày), với đợt (bắt buộc), và với kỳ “Cả cuộc thi” khi số liệu chỉ đến một ngày trước "
                    "ngày kết thúc cuộc thi"),
        Column("round_no", "Đợt", T.ORDER, required=False, aliases=("Đợt thi", "Số đợt", "Đợt số"),
               help="số thứ tự của đợt (1, 2, 3…), chỉ với Loại kỳ “Đợt”"),
        _approx("registered", "Người đăng ký", ("Số người đăng ký", "Đăng ký dự thi"),
                "số người đăng ký dự thi trong kỳ (khác người dự thi)"),
        _approx("valid_entries", "Bài hợp lệ", ("Số bài hợp lệ", "Bài dự thi hợp lệ"),
                "số bài dự thi hợp lệ; không lớn hơn bài dự thi"),
    ),
    natural_key=("contest_id", "unit_id", "period_start"),
    values=("period_grain", "month", "nguoi", "luot", "submissions", "awards", "period_end", "round_no", "registered",
            "valid_entries", "nguoi_q", "luot_q", "submissions_q", "registered_q", "valid_entries_q"),
    duplicate="cùng cuộc thi, đơn vị và từ ngày",
    checks=(Check("contest exists; Loại kỳ blank = Tuần; a month starts on the 1st and ends in it; “Cả cuộc thi” starts "
                  "on the contest's first day; a round needs its number (Đợt) and its last day (Đến ngày), only a "
                  "round has a number; Đến ngày not before Từ ngày, a week at most 14 days; the period (Từ ngày to its "
                  "last day: Đến ngày, else a week's seventh day, a month's last day, the contest's last day) overlaps "
                  "the contest's dates, else “ngoài thời gian cuộc thi” — a week starting on the Monday before the "
                  "opening day counts —, and a round or the whole contest ends by the contest's end; the last day is "
                  "stored only where it is not the grain's own", _period_in_contest),
            Check("unit valid on Từ ngày (or TW, CN, NT, NN; NT only in a contest a province organises); at least one "
                  "figure; người ≤ lượt and bài hợp lệ ≤ bài dự thi where both are given; month = the month of Từ "
                  "ngày", _unit_and_measures)),
    check_on=("contest_id", "unit_code", "period_start", "period_grain", "period_end", "round_no", "nguoi", "luot",
              "registered", "submissions", "valid_entries", "awards"),
    file_checks=(FileCheck("no two rows of one contest cover the same days for the same participants — the same unit, "
                           "CN (cả nước) beside any unit, NT beside a province other than the organiser's — in the file "
                           "or against the rows in the database the file does not replace: a month row and a week "
                           "row, two rounds, are refused naming both", _overlaps),),
    refs=(("contest_id", "contests"), ("unit_id", "units")),
    examples=examples,
    notes="Người, lượt, bài dự thi, người đăng ký, bài hợp lệ: a blank cell is unknown (NULL), never 0; a qualifier "
          "(~ > <) is stored in <column>_q.",
)

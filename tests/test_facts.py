"""Facts the model must hold (issue 10 §3, §4): contest figures as units publish them, hand-computed.

The fixture database (tests/fixture_db.py) plus contest 2, "Thi toàn quốc", organised by the central department (TW)
from 01/04/2024 to 30/06/2024, whose rows are imported through the importer as a user would:

    Đà Nẵng (48)   Tháng 04/2024                  người 100, lượt 300, đăng ký "gần 1,8 triệu"
    Sơn La (14)    Tháng 04/2024                  lượt "hơn 13.000" only (người not published: unknown, not 0)
    Ngoài nước     Cả cuộc thi, figures to 15/06  lượt "khoảng 1.200" only
    Đà Nẵng (48)   Đợt 2, 01/05 – 31/05/2024      người 50, lượt 150, bài 60, bài hợp lệ 40

By hand, per period (ordered by last day): Tháng 04 người 100 (Sơn La's unknown: "> 100"), lượt 300 + 13.000 =
13.300 ("> 13.300"); Đợt 2 người 50, lượt 150; Cả cuộc thi người unknown, lượt ~1.200. Cumulative người 100, 150,
unknown; lượt 13.300, 13.450, 14.650 (">", ">", then "~" once the estimate is in). The figures stop on 15/06/2024,
before the contest's end: "số liệu đến ngày 15/06/2024".
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import duckdb
import pandas as pd
import pytest

from data import importer, templates
from data.kinds import types as T
from queries import builder, catalogue, lists
from queries.builder import Filters
from tests import fixture_db
from tests.apptest import charts, open_page, texts
from tests.test_importer import fingerprint
from ui import contests_data
from ui import format as fmt

D = dt.date
PARTICIPATION = ("Mã cuộc thi,Mã đơn vị,Từ ngày,Loại kỳ,Người dự thi,Lượt dự thi,Bài dự thi,Giải thưởng,Đến ngày,Đợt,"
                 "Người đăng ký,Bài hợp lệ\n")
CONTEST_2 = PARTICIPATION + (
    '2,48,01/04/2024,Tháng,100,300,,,,,"gần 1,8 triệu",\n'
    "2,14,01/04/2024,Tháng,,hơn 13.000,,,,,,\n"
    "2,NN,01/04/2024,Cả cuộc thi,,khoảng 1.200,,,15/06/2024,,,\n"
    "2,48,01/05/2024,Đợt,50,150,60,,31/05/2024,2,,40\n")
# contest 3: the central department publishes one national total for the whole contest, nothing by unit
CONTEST_3 = PARTICIPATION + '3,cả nước,01/03/2025,Cả cuộc thi,,"gần 1,8 triệu",,,,,hơn 2 triệu,\n'
UNITS = "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp tỉnh,Hiệu lực từ,Hiệu lực đến,Cấp\n"
ALL = Filters(start=D(2024, 1, 1), end=D(2025, 9, 1))


def read(con, name: str, text: str, commit: bool = False):
    parsed = importer.read(con, name, text.encode("utf-8"))
    if commit:
        assert not parsed.errors, [p.text() for p in parsed.problems]
        importer.commit(con, parsed, "test")
    return parsed


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("facts") / "facts.duckdb"
    fixture_db.build(path)
    con = duckdb.connect(str(path))
    con.execute("insert into contests (contest_id, title, organiser_unit_id, start_on, end_on) "
                "values (2, 'Thi toàn quốc', 3001, DATE '2024-04-01', DATE '2024-06-30')")
    read(con, "p.csv", CONTEST_2, commit=True)
    con.execute("insert into contests (contest_id, title, organiser_unit_id, start_on, end_on) "
                "values (3, 'Thi cả nước', 3001, DATE '2025-03-01', DATE '2025-05-31')")
    read(con, "n.csv", CONTEST_3, commit=True)
    con.close()
    return path


@pytest.fixture()
def db_path(base, tmp_path):
    path = tmp_path / "t.duckdb"
    shutil.copy(base, path)
    return path


@pytest.fixture()
def con(base):
    c = duckdb.connect(str(base), read_only=True)
    yield c
    c.close()


# ---- write side --------------------------------------------------------------------------------------------------

def test_rows_are_stored_as_published(con):
    rows = con.execute(
        "select u.code, period_start, period_grain, period_end, round_no, nguoi, nguoi_q, luot, luot_q, submissions, "
        "registered, registered_q, valid_entries from contest_participation join units as u using (unit_id) "
        "where contest_id = 2 order by period_start, u.code").fetchall()
    assert rows == [
        ("14", D(2024, 4, 1), "month", None, None, None, None, 13000, ">", None, None, None, None),
        ("48", D(2024, 4, 1), "month", None, None, 100, None, 300, None, None, 1_800_000, "~", None),
        ("NN", D(2024, 4, 1), "whole", D(2024, 6, 15), None, None, None, 1200, "~", None, None, None, None),
        ("48", D(2024, 5, 1), "round", D(2024, 5, 31), 2, 50, None, 150, None, 60, None, None, 40),
    ]


@pytest.mark.parametrize("cell, value, qualifier, csv", [
    ("gần 1,8 triệu", 1_800_000, "~", "~1.800.000"),
    ("ước tính 300.000", 300_000, "~", "~300.000"),
    ("hơn 13.000", 13_000, ">", "> 13.000"),
    ("dưới 50", 50, "<", "< 50"),
    ("300 nghìn", 300_000, None, "300000"),
    ("13.712", 13_712, None, "13712"),
    ("~1.800.000", 1_800_000, "~", "~1.800.000"),      # what an export writes reads back the same
    ("> 13.000", 13_000, ">", "> 13.000"),
])
def test_a_figure_as_published_parses_to_number_and_qualifier(cell, value, qualifier, csv):
    parsed = T.APPROX.parse(cell, None)
    assert (parsed.value, parsed.qualifier) == (value, qualifier)
    assert T.APPROX.csv(parsed) == csv


def test_qualified_figures_are_shown_with_their_mark():
    assert fmt.qualified_compact(1_800_000, "~") == "~1,8 triệu"
    assert fmt.qualified(13_000, ">") == "> 13.000"
    assert fmt.qualified(13_712, None) == "13.712"
    assert fmt.qualified(None, ">") == fmt.DASH
    # a sum of exact and approximate parts is approximate; of "more than" parts, more than
    assert catalogue.combine_qualifiers(None, "~") == "~"
    assert catalogue.combine_qualifiers(">", ">", None) == ">"
    assert catalogue.combine_qualifiers(">", "<") == "~"
    assert catalogue.combine_qualifiers(None, None) is None


@pytest.mark.parametrize("body, message", [
    # a month row and a week row of the same unit in one file
    ("2,01,01/04/2024,Tháng,5,9,,,,,,\n2,01,08/04/2024,Tuần,1,2,,,,,,\n",
     "dòng 3, cột “Từ ngày”: kỳ tuần 08/04/2024 – 14/04/2024 trùng thời gian với kỳ tháng 04/2024 ở dòng 2 (cùng "
     "cuộc thi 2, đơn vị 01): số liệu sẽ bị cộng hai lần — chỉ giữ một cách chia kỳ"),
    # a month row over weeks already in the database (contest 1 of the fixture)
    ("1,48,01/03/2024,Tháng,5,9,,,,,,\n",
     "dòng 2, cột “Từ ngày”: kỳ tháng 03/2024 trùng thời gian với kỳ tuần 04/03/2024 – 10/03/2024 đã có trong hệ "
     "thống (cùng cuộc thi 1, đơn vị 48): số liệu sẽ bị cộng hai lần — chỉ giữ một cách chia kỳ"),
    # a national total beside a unit's figures of the same days
    ("2,CN,01/04/2024,Tháng,,900000,,,,,,\n",
     "dòng 2, cột “Từ ngày”: kỳ tháng 04/2024 của đơn vị CN trùng thời gian với kỳ tháng 04/2024 của đơn vị 14 đã "
     "có trong hệ thống (lô 1) (cùng cuộc thi 2): số liệu “CN” đã gồm mọi đơn vị, cộng thêm sẽ bị tính hai lần"),
    # two rounds of one unit over the same days
    ("2,01,01/05/2024,Đợt,1,2,,,20/05/2024,1,,\n2,01,15/05/2024,Đợt,1,2,,,31/05/2024,2,,\n",
     "dòng 3, cột “Từ ngày”: kỳ đợt 2 (15/05/2024 – 31/05/2024) trùng thời gian với kỳ đợt 1 (01/05/2024 – "
     "20/05/2024) ở dòng 2 (cùng cuộc thi 2, đơn vị 01): số liệu sẽ bị cộng hai lần — chỉ giữ một cách chia kỳ"),
    ("2,NT,01/04/2024,Tháng,,9,,,,,,\n",
     "dòng 2, cột “Mã đơn vị”: “NT” (tỉnh, thành phố khác) chỉ dùng cho cuộc thi do một tỉnh, thành phố tổ chức; "
     "cuộc thi do TW tổ chức hãy ghi từng đơn vị hoặc “CN” (cả nước)"),
    ("2,01,01/04/2024,Đợt,1,2,,,20/04/2024,,,\n", "dòng 2, cột “Đợt”: kỳ “Đợt” cần số thứ tự của đợt (1, 2, 3…)"),
    ("2,01,01/04/2024,Đợt,1,2,,,,3,,\n", "dòng 2, cột “Đến ngày”: kỳ “Đợt” cần ngày kết thúc của đợt (cột “Đến ngày”)"),
    ("2,01,01/04/2024,,1,2,,,20/04/2024,,,\n",
     "dòng 2, cột “Đến ngày”: một tuần từ 01/04/2024 đến 20/04/2024 dài hơn 14 ngày; kỳ dài hơn hãy ghi Loại kỳ “Đợt”"),
    ("2,01,02/04/2024,Cả cuộc thi,1,2,,,,,,\n",
     "dòng 2, cột “Từ ngày”: kỳ “Cả cuộc thi” bắt đầu từ ngày bắt đầu cuộc thi “Thi toàn quốc” (01/04/2024), không "
     "phải 02/04/2024"),
    ("2,01,01/04/2024,,,,,,,,,\n",
     "dòng 2: dòng không có số liệu nào (người đăng ký, người dự thi, lượt dự thi, bài dự thi, bài hợp lệ, giải thưởng)"),
    ("2,01,01/04/2024,,5,2,,,,,,\n", "dòng 2, cột “Người dự thi”: người dự thi (5) không thể nhiều hơn lượt dự thi (2)"),
    ("2,01,01/04/2024,,,,5,,,,,9\n", "dòng 2, cột “Bài hợp lệ”: bài hợp lệ (9) không thể nhiều hơn bài dự thi (5)"),
])
def test_bad_participation_rows_are_refused_and_change_nothing(db_path, body, message):
    before = fingerprint(db_path)
    con = duckdb.connect(str(db_path))
    try:
        parsed = read(con, "bad.csv", PARTICIPATION + body)
    finally:
        con.close()
    assert parsed.errors
    assert f"Lỗi — {message}" in [p.text() for p in parsed.problems]
    assert fingerprint(db_path) == before


def test_a_week_that_is_not_seven_days_keeps_its_last_day(db_path):
    con = duckdb.connect(str(db_path))
    try:
        read(con, "w.csv", PARTICIPATION + "2,01,01/06/2024,,7,9,,,03/06/2024,,,\n2,01,04/06/2024,,1,1,,,,,,\n",
             commit=True)
        rows = con.execute("select period_start, period_grain, period_end from contest_participation "
                           "where contest_id = 2 and unit_id = 1001 order by 1").fetchall()
    finally:
        con.close()
    # a 3-day week stores its last day; a 7-day week stores none (its own: start + 6)
    assert rows == [(D(2024, 6, 1), "week", D(2024, 6, 3)), (D(2024, 6, 4), "week", None)]


def test_participation_export_round_trip_keeps_qualifiers_and_unknowns(db_path, tmp_path):
    out = tmp_path / "cp.csv"
    con = duckdb.connect(str(db_path))
    try:
        templates.export(con, "contest_participation", out)
        text = out.read_text(encoding="utf-8-sig")
        # unknown người is an empty cell (never 0), a qualifier is written with its figure
        assert "2,14,01/04/2024,Tháng,,> 13.000,,,,,,\n" in text
        assert "2,48,01/04/2024,Tháng,100,300,,,,,~1.800.000,\n" in text
        assert "2,NN,01/04/2024,Cả cuộc thi,,~1.200,,,15/06/2024,,,\n" in text
        assert "2,48,01/05/2024,Đợt,50,150,60,,31/05/2024,2,,40\n" in text
        assert "3,CN,01/03/2025,Cả cuộc thi,,~1.800.000,,,31/05/2025,,> 2.000.000,\n" in text
        # the values unchanged (the batch that sent them again now holds them: its id is the rows')
        before = con.execute("select * exclude (batch_id) from contest_participation order by all").fetchall()
        parsed = importer.read(con, "cp.csv", out.read_bytes())
        assert not parsed.errors, [p.text() for p in parsed.problems]
        summary = importer.commit(con, parsed, "test")
        assert (summary["new"], summary["replaced"], summary["unchanged"]) == (0, 0, 8)
        assert con.execute("select * exclude (batch_id) from contest_participation order by all").fetchall() == before
    finally:
        con.close()


def test_district_units_and_a_channel_opened_in_a_month(db_path, tmp_path):
    con = duckdb.connect(str(db_path))
    try:
        read(con, "h.csv", UNITS + "14.901,Huyện Mộc Châu,14,01/01/2020,01/07/2025,Huyện\n", commit=True)
        read(con, "x.csv", UNITS + "14.902,Xã Tân Lập,14.901,01/01/2021,01/07/2025,Xã\n", commit=True)
        refused = read(con, "y.csv", UNITS + "14.903,Huyện X,14,01/01/2020,,Huyện\n")
        read(con, "c.csv", "Mã đơn vị,Loại kênh,Tên kênh,Ngày mở\n14.901,fanpage,Trang Mộc Châu,03/2021\n",
             commit=True)
        units = con.execute("select units.code, units.level, p.code from units left join units as p on p.unit_id = "
                            "units.parent_id where units.code in ('14.901', '14.902') order by 1").fetchall()
        lineage = con.execute("select u.code, l.province_id from unit_lineage as l join units as u using (unit_id) "
                              "where u.code in ('14.901', '14.902') order by 1").fetchall()
        channel = con.execute("select u.code, opened_on, opened_precision from channels join units as u "
                              "using (unit_id) where channels.name = 'Trang Mộc Châu'").fetchall()
        out = tmp_path / "ch.csv"
        templates.export(con, "channels", out)
    finally:
        con.close()
    assert units == [("14.901", "huyen", "14"), ("14.902", "xa", "14.901")]
    # a commune under a district belongs to the district's province (Sơn La, 1014)
    assert lineage == [("14.901", 1014), ("14.902", 1014)]
    assert "Lỗi — dòng 2, cột “Hiệu lực đến”: đơn vị cấp huyện không còn từ 01/07/2025 (chính quyền địa phương hai " \
           "cấp): ghi “Hiệu lực đến” là 01/07/2025 hoặc sớm hơn" in [p.text() for p in refused.problems]
    assert channel == [("14.901", D(2021, 3, 1), "month")]
    assert ",14.901,Trang Facebook (fanpage),Trang Mộc Châu,,03/2021,\n" in out.read_text(encoding="utf-8-sig")
    assert fmt.day_or_month(D(2021, 3, 1), "month") == "03/2021"
    assert fmt.day_or_month(D(2021, 3, 5), None) == "05/03/2021"


# ---- read side ---------------------------------------------------------------------------------------------------

def _row(df, grain):
    return df[df["period_grain"] == grain].iloc[0]


def test_periods_keep_unknowns_and_qualifiers(con):
    df = lists.contest_weeks(con, [2], ALL)
    assert list(df["period_grain"]) == ["month", "round", "whole"]         # by last day: 30/04, 31/05, 15/06
    assert list(df["period_end"]) == [D(2024, 4, 30), D(2024, 5, 31), D(2024, 6, 15)]
    month, rnd, whole = _row(df, "month"), _row(df, "round"), _row(df, "whole")
    # Sơn La published lượt only: the month's người is a lower bound, never Sơn La counted as 0
    assert (month["nguoi"], month["nguoi_q"], month["luot"], month["luot_q"]) == (100, ">", 13_300, ">")
    assert (month["registered"], month["registered_q"]) == (1_800_000, "~")
    assert (rnd["nguoi"], rnd["luot"], rnd["submissions"], rnd["valid_entries"], rnd["round_no"]) == (50, 150, 60, 40, 2)
    assert pd.isna(whole["nguoi"]) and (whole["luot"], whole["luot_q"]) == (1200, "~")
    assert [None if pd.isna(v) else v for v in df["nguoi_cum"]] == [100, 150, None]
    assert [q if isinstance(q, str) else None for q in df["nguoi_cum_q"]] == [">", ">", None]
    assert list(df["luot_cum"]) == [13_300, 13_450, 14_650]
    assert list(df["luot_cum_q"]) == [">", ">", "~"]


def test_a_national_total_counts_in_the_contest_and_is_listed_apart(con):
    weeks = lists.contest_weeks(con, [3], ALL)
    assert len(weeks) == 1 and weeks["period_grain"].iloc[0] == "whole"
    assert weeks["period_end"].iloc[0] == D(2025, 5, 31)                    # no "Đến ngày": the contest's last day
    assert (weeks["luot"].iloc[0], weeks["luot_q"].iloc[0]) == (1_800_000, "~")
    assert (weeks["registered"].iloc[0], weeks["registered_q"].iloc[0]) == (2_000_000, ">")
    assert pd.isna(weeks["nguoi"].iloc[0])
    outside = lists.contest_outside(con, 3, ALL)
    assert list(outside["unit_code"]) == ["CN"] and outside["luot"].iloc[0] == 1_800_000
    assert fmt.qualified_compact(weeks["luot"].iloc[0], weeks["luot_q"].iloc[0]) == "~1,8 triệu"
    # a national total belongs to no province: a unit filter leaves nothing
    assert lists.contest_weeks(con, [3], Filters(start=D(2024, 1, 1), end=D(2025, 9, 1), units=("48",))).empty
    row = lists.contests(con, D(2025, 9, 30)).set_index("contest_id").loc[3]
    assert contests_data.status_text(row) == "Đã kết thúc"                # figures to its last day: final


def test_a_unit_filter_leaves_the_units_outside_the_tree_out(con):
    df = lists.contest_weeks(con, [2], Filters(start=D(2024, 1, 1), end=D(2025, 9, 1), units=("14",)))
    assert list(df["period_grain"]) == ["month"]
    assert pd.isna(df["nguoi"].iloc[0]) and (df["luot"].iloc[0], df["luot_q"].iloc[0]) == (13_000, ">")
    outside = lists.contest_outside(con, 2, ALL)
    assert list(outside["unit_code"]) == ["NN"]
    assert (outside["luot"].iloc[0], outside["luot_q"].iloc[0]) == (1200, "~") and pd.isna(outside["nguoi"].iloc[0])
    assert lists.contest_outside(con, 2, Filters(start=D(2024, 1, 1), end=D(2025, 9, 1), units=("14",))).empty


@pytest.mark.parametrize("units, luot, luot_q, nguoi, nguoi_q, ratio", [
    # every unit, 04–06/2024: lượt 300 + 13.000 (">") + ~1.200 + 150 = 14.650, approximate; người 100 + 50 with
    # Sơn La's and abroad's unknown: "> 150"; lượt per người with a lower-bound part is unknown, not 14.650 / 150
    ((), 14_650, "~", 150, ">", None),
    # Sơn La published lượt only: người unknown (never 0), the ratio unknown (never lượt / 0)
    (("14",), 13_000, ">", None, None, None),
    # Đà Nẵng published both: (300 + 150) / (100 + 50)
    (("48",), 450, None, 150, None, 3.0),
])
def test_a_ratio_needs_both_parts(con, units, luot, luot_q, nguoi, nguoi_q, ratio):
    row = builder.totals(con, ["luot_per_nguoi", "contest_luot", "contest_nguoi"],
                         filters=Filters(start=D(2024, 4, 1), end=D(2024, 6, 1), units=units)).iloc[0]

    def known(v):
        return None if pd.isna(v) else v

    assert (row["contest_luot"], row["contest_luot_q"]) == (luot, luot_q)
    assert (known(row["contest_nguoi"]), row["contest_nguoi_q"]) == (nguoi, nguoi_q)
    assert known(row["luot_per_nguoi"]) == ratio


def test_periods_are_named_as_the_rows_give_them():
    label = contests_data.period_label
    assert label("month", D(2024, 4, 1), D(2024, 4, 30), None) == "Tháng 04/2024"       # §4: not "Tuần từ 01/04"
    assert label("month", D(2024, 4, 1), D(2024, 4, 20), None) == "Tháng 04/2024 (đến 20/04/2024)"
    assert label("week", D(2024, 3, 4), D(2024, 3, 10), None) == "Tuần từ 04/03/2024"
    assert label("week", D(2024, 6, 1), D(2024, 6, 3), None) == "Tuần 01/06/2024 – 03/06/2024"
    assert label("round", D(2024, 5, 1), D(2024, 5, 31), 2) == "Đợt 2 (01/05/2024 – 31/05/2024)"
    assert label("whole", D(2024, 4, 1), D(2024, 6, 15), pd.NA) == "Cả cuộc thi (01/04/2024 – 15/06/2024)"
    assert label("month", D(2024, 4, 1), D(2024, 4, 30), None, "en") == "Month 04/2024"


def test_curve_points_sit_at_the_last_day_of_each_period(con):
    points = contests_data.curve_points(lists.contest_weeks(con, [2], ALL), "vi")
    assert list(points["x"]) == [D(2024, 4, 30), D(2024, 5, 31), D(2024, 6, 15)]
    assert list(points["period_label"]) == ["Tháng 04/2024", "Đợt 2 (01/05/2024 – 31/05/2024)",
                                            "Cả cuộc thi (01/04/2024 – 15/06/2024)"]
    assert list(points["luot_cum"]) == [13_300, 13_450, 14_650]
    # weeks only: one point per week at its first day, as before
    weeks = contests_data.curve_points(lists.contest_weeks(con, [1], ALL), "vi")
    assert list(weeks["x"]) == [D(2024, 3, 4), D(2024, 3, 11)]
    assert list(weeks["luot_cum"]) == [260, 410]


def test_periods_ending_the_same_day_are_one_point():
    df = pd.DataFrame({
        "period_start": [D(2024, 4, 1), D(2024, 4, 22)], "period_end": [D(2024, 4, 30), D(2024, 4, 30)],
        "period_grain": ["month", "week"], "round_no": [pd.NA, pd.NA],
        "nguoi": [10.0, float("nan")], "luot": [20.0, 5.0], "nguoi_q": [None, None], "luot_q": [None, "~"],
        "nguoi_cum": [10.0, float("nan")], "luot_cum": [20.0, 25.0], "nguoi_cum_q": [None, None],
        "luot_cum_q": [None, "~"]})
    points = contests_data.curve_points(df, "vi")
    assert len(points) == 1
    p = points.iloc[0]
    assert p["period_label"] == "Tháng 04/2024; Tuần 22/04/2024 – 30/04/2024"
    assert (p["nguoi"], p["luot"], p["luot_q"], p["luot_cum"], p["luot_cum_q"]) == (10, 25, "~", 25, "~")


def test_status_organiser_and_data_until(con):
    row = lists.contests(con, D(2025, 9, 30)).set_index("contest_id").loc[2]
    assert row["data_until"] == D(2024, 6, 15)
    assert contests_data.status_text(row) == "Đã kết thúc (số liệu đến 15/06/2024)"
    assert contests_data.organiser_name(row) == "Ban Tuyên giáo Trung ương"
    after = row.copy()
    after["start_on"] = D(2025, 8, 1)
    assert contests_data.organiser_name(after) == "Ban Tuyên giáo và Dân vận Trung ương"
    one = lists.contests(con, D(2025, 9, 30)).set_index("contest_id").loc[1]
    # the fixture's contest 1 runs to 31/03/2024 but its last week is 11/03 – 17/03
    assert contests_data.status_text(one) == "Đã kết thúc (số liệu đến 17/03/2024)"
    assert contests_data.data_until(lists.contest_weeks(con, [2], ALL)) == D(2024, 6, 15)


# ---- the page ----------------------------------------------------------------------------------------------------

def test_contest_page_shows_the_facts_as_published(base, monkeypatch):
    at = open_page(base, monkeypatch, "app_pages/contests.py", contest="2", **{"from": "2024-01", "to": "2025-09"})
    shown = texts(at)
    assert "Ban Tuyên giáo Trung ương" in shown
    assert "Số liệu đến ngày 15/06/2024, trước ngày kết thúc cuộc thi (30/06/2024): chưa phải số liệu cuối cùng." \
        in shown
    assert "Ngoài nước" in shown and "~1.200" in shown
    by_unit = at.dataframe[-1].value
    # lượt only: người is "—" (never 0), the ratio "—"; the figure as published with its mark; abroad listed apart
    assert by_unit.astype(str).values.tolist() == [["Sơn La", "—", "> 13.000", "—"], ["Đà Nẵng", "150", "450", "3,00"],
                                                   ["Ngoài nước", "—", "~1.200", "—"]]
    listing = at.dataframe[0].value.set_index("title")
    assert listing.loc["Thi toàn quốc", "status"] == "Đã kết thúc (số liệu đến 15/06/2024)"
    assert listing.loc["Thi toàn quốc", "organiser"] == "Ban Tuyên giáo Trung ương"
    picker = next(s for s in at.selectbox if s.label == "Chọn cuộc thi")
    assert picker.format_func(picker.value) == "Thi toàn quốc — Ban Tuyên giáo Trung ương, 01/04/2024"
    # the curves name each period as its rows give it (§4: a month row is not "Tuần từ 01/04/2024")
    curves = json.dumps(json.loads(charts(at)[0].spec), ensure_ascii=False)
    assert '["Tháng 04/2024", "> 13.300", "> +13.300"]' in curves
    assert '["Đợt 2 (01/05/2024 – 31/05/2024)", "> 13.450", "+150"]' in curves
    assert '["Cả cuộc thi (01/04/2024 – 15/06/2024)", "~14.650", "~+1.200"]' in curves
    assert "Tuần từ" not in curves


def test_contest_page_in_english_names_the_central_organiser(base, monkeypatch):
    at = open_page(base, monkeypatch, "app_pages/contests.py", contest="2", lang="en",
                   **{"from": "2024-01", "to": "2025-09"})
    curves = json.dumps(json.loads(charts(at)[0].spec), ensure_ascii=False)
    assert '"Month 04/2024"' in curves and "Round 2 (01/05/2024 – 31/05/2024)" in curves


def test_a_replacing_file_with_qualifiers_undoes_exactly(db_path):
    before = fingerprint(db_path, facts_only=True)
    con = duckdb.connect(str(db_path))
    try:
        # Sơn La's month now with người (approximate) and lượt exact; Đà Nẵng's round with an unknown người
        parsed = read(con, "r.csv", PARTICIPATION + "2,14,01/04/2024,Tháng,khoảng 9.000,13.500,,,,,,\n"
                                                    "2,48,01/05/2024,Đợt,,150,60,,31/05/2024,2,,40\n")
        summary = importer.commit(con, parsed, "test")
        assert (summary["new"], summary["replaced"]) == (0, 2)
        assert con.execute("select nguoi, nguoi_q, luot, luot_q from contest_participation where contest_id = 2 "
                           "and unit_id = 1014").fetchall() == [(9000, "~", 13500, None)]
        assert con.execute("select nguoi, luot from contest_participation where contest_id = 2 and unit_id = 1048 "
                           "and period_grain = 'round'").fetchall() == [(None, 150)]
        importer.undo(con, summary["batch_id"], "test")
    finally:
        con.close()
    assert fingerprint(db_path, facts_only=True) == before


def test_channel_page_shows_a_month_only_opening_date(db_path, monkeypatch):
    con = duckdb.connect(str(db_path))
    try:
        read(con, "h.csv", UNITS + "14.901,Huyện Mộc Châu,14,01/01/2020,01/07/2025,Huyện\n", commit=True)
        read(con, "c.csv", "Mã đơn vị,Loại kênh,Tên kênh,Ngày mở\n14.901,fanpage,Trang Mộc Châu,03/2021\n",
             commit=True)
    finally:
        con.close()
    at = open_page(db_path, monkeypatch, "app_pages/channels.py", unit="14", **{"from": "2024-09", "to": "2024-09"})
    table = at.dataframe[-1].value
    row = table[table["Tên kênh"] == "Trang Mộc Châu"]
    assert len(row) == 1
    assert row["Ngày mở"].iloc[0] == "03/2021"                 # the month as known, never a made-up day
    assert table[table["Tên kênh"] == "Kênh 1"]["Ngày mở"].iloc[0] == "10/05/2023"     # a known day stays a day

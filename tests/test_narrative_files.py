"""The drafted period report end to end: read side (who reported, unit names), the issuing body, the document
drafted on the hand-written fixture database (values checked with a pencil, see tests/fixture_db.py) and on
the sample (every quoted number equal to the metric layer's), the DOCX and PDF files, the command line.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import stat
import subprocess

import docx
import duckdb
import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from data import __main__ as cli
from queries import builder, catalogue, reporting
from queries.builder import Filters
from reports import docx_report, narrative, narrative_pdf
from reports.narrative import issuer as iss
from reports.narrative import rules
from reports.narrative.facts import GROUPS, Facts
from ui import blocks
from ui import format as fmt
from ui.filters import Choices

D = dt.date
TODAY = D(2026, 11, 20)


def body_text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


# ---- read side -----------------------------------------------------------------------------------------


def test_unit_months_reports_the_provinces_as_recorded(fixture_con):
    # today's Lào Cai (15) from 05 to 08/2025: old Lào Cai (1010) and Yên Bái (1015) before 07/2025, the new
    # unit (2015) after; 1015 sent June only, 1010 nothing, 2015 July and August
    df = reporting.unit_months(fixture_con, Filters(D(2025, 5, 1), D(2025, 8, 1), units=("15",)),
                               D(2025, 5, 1), D(2025, 8, 1))
    got = {(int(u), m.month): bool(r) for u, m, r in zip(df["unit_id"], df["month"], df["reported"])}
    assert got == {(1010, 5): False, (1010, 6): False, (1015, 5): False, (1015, 6): True,
                   (2015, 7): True, (2015, 8): True}
    # Sơn La sent a figure every month of Q3 2024; the scope is applied (a Đà Nẵng user sees no Sơn La row)
    q3 = reporting.unit_months(fixture_con, Filters(D(2024, 7, 1), D(2024, 9, 1), units=("14",)),
                               D(2024, 7, 1), D(2024, 9, 1))
    assert list(q3["reported"]) == [True, True, True] and set(q3["unit_id"]) == {1014}
    scoped = reporting.unit_months(fixture_con, Filters(D(2024, 7, 1), D(2024, 9, 1), scope=("48",)),
                                   D(2024, 7, 1), D(2024, 9, 1))
    assert set(scoped["unit_id"]) == {1048, 1049}


@pytest.mark.parametrize("codes, boundary, end, expected", [
    (("14",), "current", D(2024, 6, 1), ("TỈNH ỦY SƠN LA", "BAN TUYÊN GIÁO", "BTGTU", "Sơn La")),
    (("48",), "current", D(2025, 12, 1), ("THÀNH ỦY ĐÀ NẴNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "BTGDVTU", "Đà Nẵng")),
    (("46",), "current", D(2024, 12, 1), ("TỈNH ỦY THỪA THIÊN HUẾ", "BAN TUYÊN GIÁO", "BTGTU", "Thừa Thiên Huế")),
    # the department merged in February 2025 (before the provinces did, in July): a first quarter of 2025 is the
    # merged department's, January alone still the Ban Tuyên giáo's
    (("46",), "historical", D(2025, 3, 1), ("THÀNH ỦY HUẾ", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "BTGDVTU", "Huế")),
    (("46",), "historical", D(2025, 1, 1), ("THÀNH ỦY HUẾ", "BAN TUYÊN GIÁO", "BTGTU", "Huế")),
    ((), "current", D(2025, 2, 1), ("BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "BTGDVTW", "Hà Nội")),
    ((), "current", D(2025, 1, 1), ("BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO", "BTGTW", "Hà Nội")),
    (("15",), "current", D(2024, 12, 1), ("TỈNH ỦY LÀO CAI", "BAN TUYÊN GIÁO", "BTGTU", "Lào Cai")),
    (("15",), "historical", D(2024, 12, 1), ("TỈNH ỦY YÊN BÁI", "BAN TUYÊN GIÁO", "BTGTU", "Yên Bái")),
    ((), "current", D(2025, 12, 1), ("BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "BTGDVTW", "Hà Nội")),
    (("14", "48"), "current", D(2024, 6, 1), ("BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO", "BTGTW", "Hà Nội")),
    # the city, never the President's name alone
    (("79",), "current", D(2025, 12, 1), ("THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "BTGDVTU",
                                          "Thành phố Hồ Chí Minh")),
])
def test_issuing_body_as_named_in_the_report_period(fixture_con, codes, boundary, end, expected):
    who = iss.issuer(codes, boundary, end, reporting.unit_versions(fixture_con))
    assert (who.parent_line, who.body_line, who.symbol, who.place) == expected


def test_issue_year_follows_the_period_but_never_passes_today():
    assert iss.issue_year(D(2024, 6, 1), TODAY) == 2024
    assert iss.issue_year(D(2025, 12, 1), TODAY) == 2026
    assert iss.issue_year(D(2026, 12, 1), TODAY) == 2026


# ---- the document on the fixture database ------------------------------------------------------------------


@pytest.fixture(scope="module")
def q3(fixture_con):
    reader = blocks.DirectReader(fixture_con)
    return narrative.draft(reader, Choices(units=("14",), start=D(2024, 7, 1), end=D(2024, 9, 1), grain="quarter"),
                           today=TODAY)


def test_fixture_q3_sentences_by_pencil(q3):
    by_key = {s.key: [p.text for p in s.paragraphs] for s in q3.sections}
    # teams active on 30/09/2024: 1, 2, 4 (3 disbanded 01/09); members: last snapshot of each in Q3: 15 + 6 + 20
    # = 41; on 30/06/2024 teams 1, 3, 4 were active (3, unchanged) and none had a snapshot in Q2 (members
    # unknown, so no change is stated — never "tăng 41" from a 0 that was not reported);
    # the same quarter of 2023 lies before the data (no comparison); target 2024: 50 -> 41/50 = 82,0%
    assert by_key["teams"][0] == (
        "Đến hết quý III/2024, tỉnh Sơn La có 3 biệt đội, tổ thông tin đang hoạt động, giữ nguyên so với quý II/2024. "
        "Các biệt đội, tổ thông tin có 41 thành viên; đạt 82,0% chỉ tiêu năm 2024 "
        "(50 người). Bình quân 13,7 thành viên mỗi đội.")
    # posts: 5 (TikTok, 07) + 5 (fanpage, 08); shares 4 from the centre + 6 from the province (09); Sơn La sent
    # no activity report in Q2, so there is no change to state
    assert by_key["activities"][0] == "Trong quý III/2024, tỉnh Sơn La đã đăng 10 bài viết mới."
    assert by_key["activities"][1] == (
        "Trong quý III/2024, tỉnh Sơn La đã thực hiện 10 lượt chia sẻ đường link được gửi. "
        "Trong đó: từ tỉnh 6, từ Trung ương 4.")
    # channels on 30/09: 1 (fanpage) and 2 (TikTok); channel 3 closed on 15/09
    assert by_key["channels"][0].startswith("Đến hết quý III/2024, tỉnh Sơn La có 2 kênh, trang, nhóm đang hoạt động")
    assert by_key["programmes"][0].startswith("[Cán bộ soạn thảo")
    assert q3.header.summary == "Kết quả công tác thông tin, tuyên truyền trên không gian mạng quý III/2024"
    assert q3.recipients[0] == "- Ban Tuyên giáo Trung ương,"


def test_missing_reports_are_named_in_the_intro(fixture_con):
    reader = blocks.DirectReader(fixture_con)
    doc = narrative.draft(reader, Choices(units=("15",), start=D(2025, 5, 1), end=D(2025, 8, 1)), today=TODAY)
    # per report family: old Lào Cai sent nothing in 05-06; Yên Bái posts in 06 only (no channel or team figures);
    # the new Lào Cai posts in 07-08, no channel or team figures — whose figures the text then leaves out as unknown
    assert doc.intro[1].text.startswith(
        "Lào Cai (trước 07/2025) chưa gửi số liệu tháng 5/2025, 6/2025; Yên Bái chưa gửi số liệu tháng 5/2025 và số "
        "liệu kênh, biệt đội tháng 6/2025; Lào Cai chưa gửi số liệu kênh, biệt đội tháng 7/2025, 8/2025; các số liệu "
        "dưới đây chưa tính các tháng này.")
    by_key = {s.key: [p.text for p in s.paragraphs] for s in doc.sections}
    assert by_key["teams"][0].startswith("[Không có số liệu")        # members unknown: no sentence, no 0
    assert by_key["activities"][0].startswith("Từ tháng 5/2025 đến tháng 8/2025, tỉnh Lào Cai đã đăng 307 bài viết mới")
    assert doc.header.summary.endswith("từ tháng 5/2025 đến tháng 8/2025")


def test_who_has_not_reported_agrees_with_the_figures_coverage(fixture_con):
    # the intro's units per report family are exactly those the metric layer counts as not fully reported
    reader = blocks.DirectReader(fixture_con)
    for units, start, end in ((("14", "15", "48"), D(2025, 5, 1), D(2025, 8, 1)),
                              (("14", "48"), D(2024, 1, 1), D(2024, 12, 1)), ((), D(2024, 7, 1), D(2024, 9, 1))):
        for boundary in ("current", "historical"):
            choices = Choices(units=units, start=start, end=end, boundary=boundary)
            f = Facts(reader, choices)
            missing, n_units = f.missing_reports()
            row = f.row("none")
            for key, family in (("posts", "activities"), ("followers", "channels"), ("members", "teams")):
                lacking = {m.within or m.unit for m in missing if any(family in fams for fams, _ms in m.gaps)}
                assert int(row[f"{key}_expected"]) == n_units, (units, boundary, key)
                assert int(row[f"{key}_expected"]) - int(row[f"{key}_reported"]) == len(lacking), (units, boundary, key)
    # and the sentence counts those units: Sơn La, Lào Cai and Đà Nẵng today, none sent every report of 05-08/2025;
    # Lào Cai's provinces each sent part of theirs (named); Sơn La and Đà Nẵng (with Quảng Nam) sent nothing at all
    doc = narrative.draft(reader, Choices(units=("14", "15", "48"), start=D(2025, 5, 1), end=D(2025, 8, 1)),
                          today=TODAY)
    assert doc.intro[1].text.startswith(
        "3/3 đơn vị chưa gửi đủ số liệu các tháng trong kỳ: Lào Cai (Lào Cai (trước 07/2025): tháng 5/2025, 6/2025; "
        "Yên Bái: số liệu tháng 5/2025 và số liệu kênh, biệt đội tháng 6/2025; Lào Cai: số liệu kênh, biệt đội tháng "
        "7/2025, 8/2025); Sơn La (tháng 5/2025, 6/2025, 7/2025, 8/2025); Đà Nẵng (tháng 5/2025, 6/2025, 7/2025, "
        "8/2025); các số liệu dưới đây chưa tính phần còn thiếu.")
    assert [q.text for q in doc.intro[1].quotes] == ["3", "3"]


def test_no_change_is_stated_against_an_unreported_period(fixture_con):
    # the builder gives NaN where the comparison period was not reported; the text then states no change for it
    reader = blocks.DirectReader(fixture_con)
    cases = [(("14",), D(2024, 7, 1), D(2024, 9, 1), "prev"), (("14",), D(2024, 7, 1), D(2024, 9, 1), "yoy"),
             (("15",), D(2025, 7, 1), D(2025, 9, 1), "yoy"), (("14", "15"), D(2025, 1, 1), D(2025, 6, 1), "prev")]
    stated = 0
    for units, start, end, compare in cases:
        choices = Choices(units=units, start=start, end=end, compare=compare)
        doc = narrative.draft(reader, choices, today=TODAY)
        f = Facts(reader, choices)
        for c in f.compares:
            row = f.row(c)
            for q in doc.quotes:
                if q.metric in catalogue.METRICS and ("thay đổi" in q.what) and q.period == doc.period:
                    vs = "cùng kỳ năm trước" if c == "yoy" else str(row["cmp_label"])
                    if vs.lower() in q.what.lower() or rules.prose_label(vs) in q.what:
                        assert pd.notna(row[f"{q.metric}_cmp"]), (units, c, q)
                        stated += 1
        for text in (p.text for p in doc.paragraphs):
            assert "nan" not in text and "—" not in text and "tăng 0" not in text
    assert stated >= 1     # the cases do state some changes (against reported periods)
    # a comparison period reported in part is not like for like: 05-08/2024 of today's Lào Cai has posts of 07 and
    # 08 only (1 + 2 + 10 + 20 = 33), so 307 is not said to be "tăng 274 (830%)" over it
    choices = Choices(units=("15",), start=D(2025, 5, 1), end=D(2025, 8, 1), compare="yoy")
    f = Facts(reader, choices)
    assert f.row("yoy")["posts_cmp"] == 33 and not f.comparable("posts", "yoy")
    doc = narrative.draft(reader, choices, today=TODAY)
    activities = next(s for s in doc.sections if s.key == "activities").paragraphs[0].text
    assert activities.startswith("Từ tháng 5/2025 đến tháng 8/2025, tỉnh Lào Cai đã đăng 307 bài viết mới;")
    assert "so với cùng kỳ" not in activities


def test_docx_header_in_its_places_and_every_quote_in_the_text(q3, tmp_path):
    path = tmp_path / "q3.docx"
    path.write_bytes(docx_report.docx_bytes(q3))
    d = docx.Document(str(path))
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [20, 20, 30, 15]
    left, right = d.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["TỈNH ỦY SƠN LA", "BAN TUYÊN GIÁO", "*", "Số      -BC/BTGTU"]
    assert left.paragraphs[1].runs[0].bold
    party = right.paragraphs[0].runs[0]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and party.bold and party.underline
    date = right.paragraphs[1]
    assert date.text == "Sơn La, ngày      tháng      năm 2024" and date.runs[0].italic
    kind = d.paragraphs[0]
    assert kind.text == "BÁO CÁO" and kind.alignment == 1 and kind.runs[0].bold       # centred
    assert d.paragraphs[1].text == q3.header.summary and d.paragraphs[1].alignment == 1
    assert d.styles["Normal"].font.name == "Times New Roman"
    text = body_text(d)
    for p in q3.paragraphs:
        assert p.text in text
        for q in p.quotes:
            assert q.text in p.text
    closing = d.tables[1].rows[0].cells
    assert closing[0].paragraphs[0].text == "Nơi nhận:" and closing[0].paragraphs[0].runs[0].underline
    assert [p.text for p in closing[1].paragraphs][:2] == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    # appendices: numbered; the last lists every quote with its exact value
    assert "Phụ lục 1" in text and f"Phụ lục {len(q3.appendices)}" in text
    trace = d.tables[-1]
    assert len(trace.rows) == 1 + len(q3.quotes)
    assert [c.text for c in trace.rows[1].cells][:2] == ["1", q3.quotes[0].text]
    # a metric is a "chỉ số" (a target is the "chỉ tiêu"); its code as the dashboard's links write it
    assert [c.text for c in trace.rows[0].cells][3] == "Mã chỉ số"
    assert "programme" not in {row.cells[3].text for row in trace.rows}


def test_pdf_text_and_first_page_not_blank(q3, tmp_path):
    data = narrative_pdf.pdf_bytes(q3)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "BÁO CÁO", "TỈNH ỦY SƠN LA", "quý III/2024", "Phụ lục 1", "Nơi nhận"):
        assert expected in text, expected
    path = tmp_path / "q3.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
                   check=True, timeout=60)
    [png] = list(tmp_path.glob("p*.png"))
    with Image.open(png) as im:
        gray = im.convert("L")
        lo, hi = gray.getextrema()
        dark = sum(gray.histogram()[:128])
    assert lo < 64 and hi == 255 and dark > 500


# ---- the sample: every quoted number is the metric layer's --------------------------------------------------


@pytest.fixture(scope="module")
def sample_con(sample_db_path):
    con = duckdb.connect(str(sample_db_path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def h1(sample_con):
    reader = blocks.DirectReader(sample_con)
    return narrative.draft(reader, Choices(units=("14",), start=D(2024, 1, 1), end=D(2024, 6, 1), grain="quarter"),
                           today=TODAY)


def test_sample_quotes_equal_the_metric_layer(h1, sample_con):
    f = Filters(D(2024, 1, 1), D(2024, 6, 1), units=("14",))
    def row(compare: str) -> dict:
        out = {}
        for group in GROUPS:       # a few metrics a query, as the report asks
            out.update(builder.totals(sample_con, list(group), filters=Filters(f.start, f.end, units=f.units,
                                                                                compare=compare)).iloc[0].to_dict())
        return out

    yoy, prev = row("yoy"), row("prev")
    targets = builder.targets(sample_con, list(catalogue.METRICS), f, 2024)
    checked = 0
    for q in h1.quotes:
        assert q.text in (rules.number_text(q.value, q.fmt, qual=q.qual),     # targets are written out in full
                          rules.number_text(q.value, q.fmt, compact=False, qual=q.qual)) or q.fmt == "pct"
        if q.metric not in catalogue.METRICS or q.period != h1.period:
            continue
        label = catalogue.get(q.metric).label("vi")
        if q.what in (f"{label} — cuối kỳ", f"{label} — trong kỳ"):
            assert q.value == pytest.approx(float(yoy[q.metric])), q
        elif q.what == f"{label} — thay đổi so với cùng kỳ năm trước":
            assert q.value == pytest.approx(abs(float(yoy[f"{q.metric}_delta"]))), q
        elif q.what == f"{label} — tỷ lệ thay đổi so với cùng kỳ năm trước":
            assert q.value == pytest.approx(abs(float(yoy[f"{q.metric}_pct"]))), q
        elif q.what == f"{label} — thay đổi so với 6 tháng cuối năm 2023":
            assert q.value == pytest.approx(abs(float(prev[f"{q.metric}_delta"]))), q
        else:
            continue
        checked += 1
    for q in h1.quotes:
        if q.what.endswith("chỉ tiêu năm 2024") and "tỷ lệ" not in q.what and q.metric in targets:
            assert q.value == pytest.approx(targets[q.metric]), q
            checked += 1
    assert checked >= 40
    members = next(q for q in h1.quotes if q.what == "Thành viên biệt đội — cuối kỳ")
    assert members.text == rules.number_text(yoy["members"])
    assert h1.sample_notice == "Dữ liệu mẫu mô phỏng — không phải số liệu thực tế"


def test_sample_year_report_for_all_units(sample_con):
    doc = narrative.draft(blocks.DirectReader(sample_con), Choices(units=(), start=D(2025, 1, 1), end=D(2025, 12, 1)),
                          today=TODAY)
    assert doc.header.summary == "Tổng kết công tác thông tin, tuyên truyền trên không gian mạng năm 2025"
    assert doc.header.parent == "BAN CHẤP HÀNH TRUNG ƯƠNG" and doc.header.place_date.startswith("Hà Nội")
    teams = next(s for s in doc.sections if s.key == "teams")
    assert any(p.text.startswith("Dẫn đầu về thành viên biệt đội là") for p in teams.paragraphs)
    titles = [t.title for t in doc.appendices]
    assert titles[1] == "Số liệu chủ yếu theo đơn vị, năm 2025" and titles[-1].startswith("Đối chiếu")
    for text in (p.text for p in doc.paragraphs):
        for bad in ("nan", "tăng 0%", "tăng 0,0%", "None"):
            assert bad not in text
    # DESIGN §3: a figure published approximately keeps its qualifier to the file — the sample's 2025 contests have
    # rows without người (a lower bound: '>') and one lượt published as "~1.200" (approximate: '~')
    row = builder.totals(sample_con, ["contest_nguoi", "contest_luot"],
                         filters=Filters(D(2025, 1, 1), D(2025, 12, 1), compare="yoy")).iloc[0]
    assert (row["contest_nguoi_q"], row["contest_luot_q"]) == (">", "~")
    contests = next(s for s in doc.sections if s.key == "contests")
    said = {q.metric: q for p in contests.paragraphs for q in p.quotes
            if q.what in ("Người dự thi — trong kỳ", "Lượt dự thi — trong kỳ")}
    assert said["contest_nguoi"].text.startswith("hơn ") and said["contest_nguoi"].value == row["contest_nguoi"]
    assert said["contest_luot"].text.startswith("khoảng ") and said["contest_luot"].value == row["contest_luot"]
    kpis = {r[0]: r for r in doc.appendices[0].rows}
    assert kpis["Người dự thi"][2] == fmt.qualified(row["contest_nguoi"], ">")       # "> 3.423.457"
    assert kpis["Lượt dự thi"][2].startswith("~")


def test_historical_boundaries_across_the_merger_say_the_change_includes_it(sample_con):
    # Đà Nẵng 01–09/2025 as it was: 1048 until June, the merged 2048 (with Quảng Nam) from July; compared with 2024
    reader = blocks.DirectReader(sample_con)
    historical = narrative.draft(reader, Choices(units=("48",), start=D(2025, 1, 1), end=D(2025, 9, 1),
                                                 boundary="historical"), today=TODAY)
    assert "đơn vị có địa giới thay đổi không được nêu vì hai kỳ không cùng địa bàn" in historical.intro[1].text
    # … and indeed no change is stated for it (old Đà Nẵng in 2024, with Quảng Nam from July 2025)
    assert not any("so với cùng kỳ" in p.text for s in historical.sections for p in s.paragraphs
                   if s.key != "programmes")
    # today's boundaries count Quảng Nam in both years: nothing to warn about; nor a year wholly after the merger
    current = narrative.draft(reader, Choices(units=("48",), start=D(2025, 1, 1), end=D(2025, 9, 1)), today=TODAY)
    after = narrative.draft(reader, Choices(units=("48",), start=D(2026, 7, 1), end=D(2026, 9, 1),
                                            boundary="historical", compare="prev"), today=TODAY)
    for doc in (current, after):
        assert not any("không cùng địa bàn" in p.text for p in doc.intro)


# ---- the command line ---------------------------------------------------------------------------------------


@pytest.fixture()
def db_file(fixture_db_path, tmp_path):
    path = tmp_path / "cli.duckdb"
    shutil.copy(fixture_db_path, path)
    return path


def test_cli_narrative_docx_and_pdf(db_file, tmp_path, capsys):
    out = tmp_path / "bao-cao.docx"
    rc = cli.main(["report", "--db", str(db_file), "--narrative", "--unit", "14", "--from", "2024-07", "--to",
                   "2024-09", "--grain", "quarter", "--format", "docx", "--out", str(out)])
    assert rc == 0, capsys.readouterr().err
    assert "báo cáo soạn sẵn" in capsys.readouterr().out
    d = docx.Document(str(out))
    assert d.paragraphs[0].text == "BÁO CÁO"
    assert "41 thành viên" in body_text(d)
    pdf = tmp_path / "bao-cao.pdf"
    assert cli.main(["report", "--db", str(db_file), "--narrative", "--unit", "14", "--from", "2024-07", "--to",
                     "2024-09", "--out", str(pdf)]) == 0
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in PdfReader(str(pdf)).pages[0].extract_text()
    # an ordinary file for whoever serves it next (the temporary file's 0600 used to stay)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o666 & ~umask


def test_cli_a_month_past_the_data_is_read_as_the_last_month_with_a_note(db_file, tmp_path, capsys):
    # the note says "đã điều chỉnh" (adjusted): the command does so, as the page does, instead of refusing with it
    out = tmp_path / "nam.docx"
    rc = cli.main(["report", "--db", str(db_file), "--narrative", "--unit", "14", "--from", "2024-07", "--to",
                   "2030-12", "--out", str(out)])
    captured = capsys.readouterr()
    assert rc == 0, captured.err
    assert "lưu ý: Tham số “to”: tháng 12/2030 nằm ngoài phạm vi số liệu" in captured.err
    assert "đã điều chỉnh" in captured.err
    assert out.exists()
    # a period that overlaps the data from before it too is read as its months inside it
    rc = cli.main(["report", "--db", str(db_file), "--narrative", "--unit", "14", "--from", "2019-01", "--to",
                   "2030-01", "--out", str(out)])
    assert rc == 0, capsys.readouterr().err


@pytest.mark.parametrize("args, message", [
    (["--narrative", "--unit", "99", "--out", "x.docx"], "Mã đơn vị “99” không tồn tại"),
    (["--narrative", "--out", "x.xlsx"], "chỉ xuất docx hoặc pdf"),
    (["--narrative", "--lang", "en", "--out", "x.docx"], "chỉ có tiếng Việt"),
    (["--narrative", "--page", "overview", "--out", "x.docx"], "cần đúng một trong ba"),
    (["--page", "overview", "--out", "x.docx"], "chỉ dùng cho báo cáo soạn sẵn"),
    (["--narrative", "--from", "2030-01", "--to", "2030-06", "--out", "x.docx"],
     "kỳ báo cáo 01/2030 – 06/2030 không có tháng nào trong phạm vi số liệu"),
])
def test_cli_bad_arguments_exit_2_in_vietnamese(db_file, tmp_path, capsys, args, message):
    args = [a if a not in ("x.docx", "x.xlsx") else str(tmp_path / a) for a in args]
    assert cli.main(["report", "--db", str(db_file)] + args) == 2
    assert message in capsys.readouterr().err
    assert not list(tmp_path.glob("x.*"))


def test_pdf_appendix_columns_hold_every_number_and_word_whole(q3):
    """A number split over two lines ("154.110.1" over "67") or a unit ("người/kê" over "nh") is misread: each
    column is at least as wide as its longest number and its longest word."""
    from reports.narrative.model import Table
    from reports.narrative_pdf import FAMILY, _Doc

    doc = _Doc(q3)
    table = Table(1, "Thử", ["Chỉ số", "Đơn vị tính", "6 tháng đầu năm 2024", "Cùng kỳ năm trước", "Tăng (+), giảm (-)"],
                  [["Người theo dõi bình quân mỗi kênh", "người/kênh", "154.110.167", "139.864.560", "+14.245.607"],
                   ["Lượt xem, tương tác", "lượt", "192.841.308", "169.859.797", "+22.981.511"]],
                  [False, False, True, True, True], widths=[3.2, 1.2, 1.3, 1.3, 1.3])
    size, widths = doc._fit(table)
    assert abs(sum(widths) - doc.epw) < 0.01
    doc.set_font(FAMILY, "B", size)
    for j, numeric in enumerate(table.numeric):
        cells = [r[j] for r in table.rows]
        longest = max(doc.get_string_width(w) for text in [table.columns[j]] + cells for w in text.split())
        whole = max(doc.get_string_width(c) for c in cells) if numeric else 0
        assert widths[j] >= max(longest, whole), (table.columns[j], widths[j])

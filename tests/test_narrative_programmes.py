"""Coordination programmes in the drafted reports: the sentence rules of section I.5 on hand-built results, I.5 and
the programme report on the programme fixture (tests/programme_fixture.py, checked with a pencil) and on the sample
(every number equal to the programme read model's), the DOCX and PDF files, the command line."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import docx
import duckdb
import pytest
from pypdf import PdfReader

from data import __main__ as cli
from queries import progress
from queries.builder import Filters
from reports import docx_report, narrative, narrative_pdf
from reports.narrative import programme as prog_mod
from reports.narrative import programme_rules as pr
from reports.narrative.programme_rules import Conference, Indicator, PartyResult, Programme, Task
from tests import programme_fixture
from ui import blocks
from ui import programmes_data as data
from ui.filters import Choices

D = dt.date
TODAY = D(2026, 11, 20)
DEC_2025 = D(2025, 12, 1)
SEED_TASKS = (
    "tuyên truyền kết quả hợp tác toàn diện giữa tỉnh Sơn La và thành phố Đà Nẵng",
    "tuyên truyền những thành tựu nổi bật trên các lĩnh vực kinh tế, chính trị, xã hội, an ninh, quốc phòng",
    "quảng bá, giới thiệu bản sắc văn hóa, dân tộc của địa phương, đơn vị",
    "phối hợp bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái của các thế lực thù địch "
    "trên không gian mạng",
    "định kỳ hằng năm tổ chức hội nghị đánh giá kết quả thực hiện chương trình, học tập trao đổi kinh nghiệm, luân "
    "phiên tại Sơn La và Đà Nẵng",
)


def words(text: str) -> str:
    return " ".join(text.split())


# ---- the sentence rules, by pencil ----------------------------------------------------------------------------


def programme(results, year=2025, as_of=DEC_2025, conferences=()) -> Programme:
    return Programme(name="Chương trình phối hợp A – B", year_from=2024, year_to=2025, signed_on=D(2024, 10, 2),
                     place="Sơn La", parties=("Sơn La", "Đà Nẵng"), year=year, as_of=as_of,
                     tasks=(Task(1, "tuyên truyền", (Indicator("Số tin, bài", "bài", tuple(results)),)),),
                     conferences=tuple(conferences))


def said(results, **kw):
    prog = programme(results, **kw)
    return pr.indicator_sentence(prog.tasks[0].indicators[0], prog, "Sơn La và Đà Nẵng")


@pytest.mark.parametrize("result, text, quoted", [
    # 12 of 10: 12 / 10 - 1 = 20 % over
    (PartyResult("Sơn La", 10, 12, 1.2, "exceeded"), "Sơn La đạt 12 (vượt 20,0% so với chỉ tiêu 10)",
     ["12", "20,0%", "10"]),
    # 10 004 of 10 000 is over, but by less than 0,05 %: no "vượt 0,0%"
    (PartyResult("Sơn La", 10000, 10004, 1.0004, "exceeded"), "Sơn La đạt 10.004 (vượt chỉ tiêu 10.000)",
     ["10.004", "10.000"]),
    (PartyResult("Sơn La", 3, 3, 1.0, "met"), "Sơn La đạt 3 (đạt chỉ tiêu 3)", ["3", "3"]),
    # 141 of 170 = 82,94 %
    (PartyResult("Đà Nẵng", 170, 141, 141 / 170, "missed"), "Đà Nẵng đạt 141 (chưa đạt chỉ tiêu 170, bằng 82,9%)",
     ["141", "170", "82,9%"]),
    # a known zero is said in words, never "đạt 0"
    (PartyResult("Đà Nẵng", 10, 0, 0.0, "missed"), "Đà Nẵng chưa có kết quả (chưa đạt chỉ tiêu 10)", ["10"]),
    # unknown is not zero: "chưa báo cáo", no number for the actual
    (PartyResult("Đà Nẵng", 2, None, None, "unknown"), "Đà Nẵng chưa báo cáo kết quả (chỉ tiêu 2)", ["2"]),
    # a zero target: the actual alone (no % of zero)
    (PartyResult("Sơn La", 0, 5, None, "zero_target"), "Sơn La đạt 5", ["5"]),
    (PartyResult("Sơn La", 4, 1.5, 0.375, "missed"), "Sơn La đạt 1,5 (chưa đạt chỉ tiêu 4, bằng 37,5%)",
     ["1,5", "4", "37,5%"]),
])
def test_a_complete_year_says_vuot_dat_chua_dat(result, text, quoted):
    s = said([result])
    assert s.text == f"Chỉ số “Số tin, bài” (bài): {text}."
    assert [q.text for q in s.quotes] == quoted
    assert {q.units for q in s.quotes} == {result.party}


def test_the_running_year_states_the_share_and_the_pace():
    as_of = D(2025, 9, 1)
    on = PartyResult("Sơn La", 100, 80, 0.8, "on_pace", 0.75)
    behind = PartyResult("Đà Nẵng", 4, 1, 0.25, "behind", 0.75)
    s = said([on, behind], as_of=as_of)
    assert s.text == ("Chỉ số “Số tin, bài” (bài): Sơn La đạt 80 (bằng 80,0% chỉ tiêu năm 100, đúng tiến độ); "
                      "Đà Nẵng đạt 1 (bằng 25,0% chỉ tiêu năm 4, chậm tiến độ, cần đạt 75,0% đến hết tháng 9/2025).")
    assert [q.text for q in s.quotes] == ["80", "80,0%", "100", "1", "25,0%", "4", "75,0%"]
    assert s.quotes[0].period == "năm 2025 (đến hết tháng 9/2025)" and s.quotes[2].period == "năm 2025"
    # nothing done yet, behind; a pace that cannot be told (a stock's start unknown) says only "đang thực hiện"
    none = said([PartyResult("Sơn La", 100, 0, 0.0, "behind", 0.75),
                 PartyResult("Đà Nẵng", 5000, 4100, 0.82, "running")], as_of=as_of)
    assert none.text == ("Chỉ số “Số tin, bài” (bài): Sơn La chưa có kết quả (chỉ tiêu năm 100, chậm tiến độ, cần "
                         "đạt 75,0% đến hết tháng 9/2025); Đà Nẵng đạt 4.100 (bằng 82,0% chỉ tiêu năm 5.000, đang "
                         "thực hiện).")


def test_nothing_to_state_leaves_the_party_or_the_indicator_out():
    skip = [PartyResult("Sơn La", None, 12, None, "no_target"), PartyResult("Đà Nẵng", 0, None, None, "zero_target"),
            PartyResult("Đà Nẵng", 10, None, None, "not_started")]
    assert said(skip) is None
    s = said([skip[0], PartyResult("Đà Nẵng", 10, 12, 1.2, "exceeded")])
    assert s.text == "Chỉ số “Số tin, bài” (bài): Đà Nẵng đạt 12 (vượt 20,0% so với chỉ tiêu 10)."
    prog = programme(skip)
    lines = pr.task_sentences(prog.tasks[0], prog, "x")
    assert [x.text for x in lines] == ["Nhiệm vụ 1: tuyên truyền.",
                                       "Chưa có chỉ tiêu và kết quả năm 2025 của nhiệm vụ này trên hệ thống."]
    assert [x.text for x in pr.task_sentences(prog.tasks[0], prog, "x", lead=False)] == [lines[1].text]


def test_lead_counts_each_status_per_party_and_quotes_them():
    results = [PartyResult("Sơn La", 10, 12, 1.2, "exceeded"), PartyResult("Sơn La", 10, 12, 1.2, "exceeded"),
               PartyResult("Sơn La", 10, 8, 0.8, "missed"), PartyResult("Đà Nẵng", 10, None, None, "unknown"),
               PartyResult("Đà Nẵng", 0, 3, None, "zero_target")]
    prog = programme(results)
    lead = pr.lead_sentences(prog, "Sơn La và Đà Nẵng")
    assert [x.text for x in lead] == [
        "Chương trình phối hợp A – B (ký kết ngày 02/10/2024 tại Sơn La) gồm 1 nhiệm vụ trọng tâm.",
        "Kết quả năm 2025: Sơn La có 2 chỉ tiêu vượt, 1 chưa đạt; Đà Nẵng có 1 chỉ tiêu chưa báo cáo kết quả."]
    assert [(q.text, q.units) for q in lead[1].quotes] == [("2", "Sơn La"), ("1", "Sơn La"), ("1", "Đà Nẵng")]
    short = pr.lead_sentences(prog, "x", named=False)
    assert short[0].text == "Chương trình gồm 1 nhiệm vụ trọng tâm."


def test_conferences_held_and_planned():
    confs = (Conference(2024, D(2024, 10, 2), "Sơn La", "Hội nghị ký kết", True),
             Conference(2025, D(2025, 10, 17), "Đà Nẵng", None, False))
    prog = programme([], conferences=confs)
    assert [x.text for x in pr.conference_sentences(prog)] == [
        "Ngày 02/10/2024, tại Sơn La, hai bên đã tổ chức hội nghị ký kết.",
        "Hội nghị đánh giá kết quả thực hiện chương trình năm 2025 dự kiến tổ chức ngày 17/10/2025 tại Đà Nẵng."]


# ---- I.5 on the programme fixture ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prog_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("prog_narrative") / "prog.duckdb"
    programme_fixture.build(path)
    return path


@pytest.fixture(scope="module")
def prog_con(prog_db):
    con = duckdb.connect(str(prog_db), read_only=True)
    yield con
    con.close()


def i5(con, start, end, units=("14",), scope=None):
    doc = narrative.draft(blocks.DirectReader(con, scope), Choices(units=units, start=start, end=end), scope,
                          today=TODAY)
    return doc, [p.text for p in next(s for s in doc.sections if s.key == "programmes").paragraphs]


def test_fixture_year_2024_by_pencil(prog_con):
    # 2024 is complete (data to 09/2025). Sơn La: members 15 + 6 + 20 = 41 of 40 (vượt 2,5%); posts 2 + 5 + 5 = 12 of
    # 12 (đạt); training classes 3 of 2 reported (vượt 50%); a zero target: the actual 5 alone. Đà Nẵng sent no
    # team report in 2024: its members are unknown ("chưa báo cáo", never 0); contest lượt of old Đà Nẵng alone
    # 250 + 150 = 400 of 500 = 80% (chưa đạt); classes not reported.
    _doc, paras = i5(prog_con, D(2024, 1, 1), D(2024, 12, 1))
    assert paras == [
        "Chương trình thử nghiệm Sơn La – Đà Nẵng (ký kết ngày 02/10/2024 tại Sơn La) gồm 2 nhiệm vụ trọng tâm. Kết "
        "quả năm 2024: Sơn La có 2 chỉ tiêu vượt, 1 đạt; Đà Nẵng có 1 chỉ tiêu chưa đạt, 2 chưa báo cáo kết quả.",
        "Nhiệm vụ 1: Nhiệm vụ một. Chỉ số “Thành viên biệt đội” (người): Sơn La đạt 41 (vượt 2,5% so với chỉ tiêu "
        "40); Đà Nẵng chưa báo cáo kết quả (chỉ tiêu 10). Chỉ số “Bài viết” (bài): Sơn La đạt 12 (đạt chỉ tiêu 12). "
        "Chỉ số “Lượt dự thi” (lượt): Đà Nẵng đạt 400 (chưa đạt chỉ tiêu 500, bằng 80,0%).",
        "Nhiệm vụ 2: Nhiệm vụ hai. Chỉ số “Số lớp tập huấn” (lớp): Sơn La đạt 3 (vượt 50,0% so với chỉ tiêu 2); Đà "
        "Nẵng chưa báo cáo kết quả (chỉ tiêu 2). Chỉ số “Chỉ số chưa đặt chỉ tiêu” (lần): Sơn La đạt 5.",
        # held by the end of the period; the next one planned
        "Ngày 02/10/2024, tại Sơn La, hai bên đã tổ chức hội nghị ký kết. Hội nghị đánh giá kết quả thực hiện chương "
        "trình năm 2025 dự kiến tổ chức ngày 17/10/2099 tại Đà Nẵng.",
    ]


def test_fixture_running_year_as_of_the_period_end(prog_con):
    # 2025, 9 months: classes 1 of 4 reported; expected 4 × 9/12 = 3 -> chậm tiến độ (25% vs 75%). Posts: neither
    # party sent an activity report in 2025 -> unknown
    _doc, paras = i5(prog_con, D(2025, 1, 1), D(2025, 9, 1))
    assert paras[0].endswith(
        "Kết quả năm 2025 (đến hết tháng 9/2025): Sơn La có 1 chỉ tiêu chậm tiến độ, 1 chưa báo cáo kết quả; Đà Nẵng "
        "có 1 chỉ tiêu chưa báo cáo kết quả. Riêng các chỉ số do các bên tự báo cáo, kết quả là số liệu báo cáo gần "
        "nhất của năm 2025 (có thể tính đến sau tháng 9/2025).")
    assert paras[2] == ("Nhiệm vụ 2: Nhiệm vụ hai. Chỉ số “Số lớp tập huấn” (lớp): Sơn La đạt 1 (bằng 25,0% chỉ "
                        "tiêu năm 4, chậm tiến độ, cần đạt 75,0% đến hết tháng 9/2025).")
    # the first quarter: 1 of 4 when 4 × 3/12 = 1 was needed -> đúng tiến độ; a conference of 2024 already held is
    # not this period's, the planned one is said
    _doc, q1 = i5(prog_con, D(2025, 1, 1), D(2025, 3, 1))
    assert q1[2] == ("Nhiệm vụ 2: Nhiệm vụ hai. Chỉ số “Số lớp tập huấn” (lớp): Sơn La đạt 1 (bằng 25,0% chỉ tiêu "
                     "năm 4, đúng tiến độ).")
    assert q1[-1] == ("Hội nghị đánh giá kết quả thực hiện chương trình năm 2025 dự kiến tổ chức ngày 17/10/2099 tại "
                      "Đà Nẵng.")


def test_fixture_i5_quotes_equal_the_read_model(prog_con):
    doc, _ = i5(prog_con, D(2024, 1, 1), D(2024, 12, 1))
    reader = blocks.DirectReader(prog_con)
    cov = data.coverage(reader)
    rows = data.year_rows(reader, 1, Filters(cov.first, cov.last), 2024)
    names = {1014: "Sơn La", 1048: "Đà Nẵng"}
    figures = {}
    for _, r in rows.iterrows():
        figures[(r["name"], names[int(r["party"])], "chỉ tiêu")] = r["target"]
        figures[(r["name"], names[int(r["party"])], "kết quả")] = r["actual"]
        figures[(r["name"], names[int(r["party"])], "tỷ lệ đạt")] = r["share"]
    section = next(s for s in doc.sections if s.key == "programmes")
    checked = 0
    for q in (q for p in section.paragraphs for q in p.quotes):
        m = re.match(r"^(.*) — (chỉ tiêu|kết quả|tỷ lệ đạt|tỷ lệ vượt)", q.what)
        if not m:
            continue
        name, what = m.groups()
        if what == "tỷ lệ vượt":
            assert q.value == pytest.approx(figures[(name, q.units, "tỷ lệ đạt")] - 1)
        else:
            assert q.value == pytest.approx(figures[(name, q.units, what)]), q
        checked += 1
    # members 41, 2,5%, 40 and 10; posts 12, 12; lượt 400, 500, 80%; classes 3, 50%, 2 and 2; zero target 5
    assert checked == 14
    # linked actuals carry their catalogue metric, reported ones the programme's key
    kinds = {q.what: q.metric for p in section.paragraphs for q in p.quotes}
    assert kinds["Thành viên biệt đội — kết quả năm 2024"] == "members"
    assert kinds["Số lớp tập huấn — kết quả năm 2024"] == "programme"
    trace = doc.appendices[-1]
    assert len(trace.rows) == len(doc.quotes)


def test_units_party_to_no_programme_keep_the_prompt(prog_con):
    _doc, paras = i5(prog_con, D(2024, 1, 1), D(2024, 12, 1), units=("01",))
    assert paras[0].startswith("[Cán bộ soạn thảo ghi kết quả thực hiện các nhiệm vụ trọng tâm")


def test_a_scoped_report_states_only_its_own_party(prog_con):
    _doc, paras = i5(prog_con, D(2024, 1, 1), D(2024, 12, 1), units=(), scope=("14",))
    assert "Sơn La đạt 41" in paras[1] and "Đà Nẵng" not in paras[1]


# ---- the sample: Sơn La 2025 --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_con(sample_db_path):
    con = duckdb.connect(str(sample_db_path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def son_la_2025(sample_con):
    return narrative.draft(blocks.DirectReader(sample_con), Choices(units=("14",), start=D(2025, 1, 1),
                                                                    end=D(2025, 12, 1)), today=TODAY)


def test_sample_docx_i5_numbers_equal_the_read_model(son_la_2025, sample_con, tmp_path):
    reader = blocks.DirectReader(sample_con)
    cov = data.coverage(reader)
    rows = data.year_rows(reader, 1, Filters(cov.first, cov.last), 2025)
    path = tmp_path / "son-la-2025.docx"
    path.write_bytes(docx_report.docx_bytes(son_la_2025))
    d = docx.Document(str(path))
    texts = [p.text for p in d.paragraphs]
    heading = texts.index("5. Về thực hiện chương trình phối hợp")
    i5_paras = texts[heading + 1:heading + 8]
    assert i5_paras[0].startswith("Chương trình phối hợp công tác tuyên giáo giữa Ban Tuyên giáo Tỉnh ủy Sơn La và Ban "
                                  "Tuyên giáo Thành ủy Đà Nẵng giai đoạn 2024–2025 (ký kết ngày 02/10/2024 tại Sơn La) "
                                  "gồm 5 nhiệm vụ trọng tâm.")
    for seq, title in enumerate(SEED_TASKS, start=1):
        assert i5_paras[seq].startswith(f"Nhiệm vụ {seq}: {title}.")
    assert i5_paras[6].startswith("Ngày 17/10/2025, tại Đà Nẵng, hai bên đã tổ chức")
    names = {1014: "Sơn La", 1048: "Đà Nẵng"}
    # every indicator of the year, each party's actual and target printed as the read model has them
    for _, r in rows.iterrows():
        para = i5_paras[int(r["seq"])]
        clause = f"“{r['name']}”"
        assert clause in para
        part = para.split(clause, 1)[1].split("Chỉ số “", 1)[0]
        party = names[int(r["party"])]
        mine = part.split(f"{party} ", 1)[1].split(";", 1)[0]
        actual = f"{int(r['actual']):,}".replace(",", ".")
        target = f"{int(r['target']):,}".replace(",", ".")
        assert mine.startswith(f"đạt {actual} ("), (party, r["name"], mine)
        assert f"chỉ tiêu {target})" in mine or f"chỉ tiêu {target}," in mine, mine
    # and the traceability appendix lists them
    trace = d.tables[-1]
    listed = {(row.cells[2].text, row.cells[4].text) for row in trace.rows[1:]}
    assert ("Thành viên biệt đội thông tin (cuối năm) — kết quả năm 2025", "Sơn La") in listed


def test_sample_pdf_has_the_five_task_titles(son_la_2025):
    data_ = narrative_pdf.pdf_bytes(son_la_2025)
    text = words(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data_)).pages))
    for title in SEED_TASKS:
        assert title in text, title
    for bad in ("nan", "None", "tăng 0%"):
        assert bad not in " ".join(p.text for p in son_la_2025.paragraphs)


# ---- the programme report -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def programme_report(sample_con):
    return prog_mod.draft_programme(blocks.DirectReader(sample_con), 1, 2025, ("14",), today=TODAY)


def test_programme_report_is_about_the_programme(programme_report, sample_con):
    doc = programme_report
    assert (doc.header.parent, doc.header.body, doc.header.number) == (
        "TỈNH ỦY SƠN LA", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "Số      -BC/BTGDVTU")
    assert doc.header.place_date == "Sơn La, ngày      tháng      năm 2026"
    assert doc.header.summary == (
        "Kết quả thực hiện chương trình phối hợp công tác tuyên giáo giữa Ban Tuyên giáo Tỉnh ủy Sơn La và Ban Tuyên "
        "giáo Thành ủy Đà Nẵng giai đoạn 2024–2025 trong năm 2025")
    headings = [s.heading for s in doc.sections]
    assert headings[0] == "I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TRỌNG TÂM"
    for seq, title in enumerate(SEED_TASKS, start=1):
        assert headings[seq] == f"{seq}. {title[0].upper() + title[1:]}"
    assert headings[6:] == ["6. Về tổ chức hội nghị đánh giá", "II. HẠN CHẾ, NGUYÊN NHÂN",
                            "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"]
    assert doc.recipients[0] == "- Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng,"
    # the same sentences as I.5 of the Sơn La 2025 period report, and numbers the read model's
    reader = blocks.DirectReader(sample_con)
    rows = data.year_rows(reader, 1, Filters(data.coverage(reader).first, data.coverage(reader).last), 2025)
    assert doc.appendices[0].rows[0][:6] == ["1", rows.iloc[0]["name"], "bài", "Sơn La", "140", "174"]
    assert len(doc.appendices[0].rows) == len(rows) == 28
    assert doc.appendices[-1].title.startswith("Đối chiếu")


def test_programme_report_issuer_and_year(sample_con):
    reader = blocks.DirectReader(sample_con)
    central = prog_mod.draft_programme(reader, 1, 2024, (), today=TODAY)
    assert (central.header.parent, central.header.body) == ("BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO")
    assert central.sections[-1].heading == "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025"
    # the first chosen unit that is a party: Hà Nội (01) is not, Đà Nẵng is
    da_nang = prog_mod.draft_programme(reader, 1, None, ("01", "48"), today=TODAY)
    assert da_nang.header.parent == "THÀNH ỦY ĐÀ NẴNG" and da_nang.period == "năm 2025"
    with pytest.raises(prog_mod.ProgrammeNotFound):
        prog_mod.draft_programme(reader, 99, None, (), today=TODAY)
    with pytest.raises(prog_mod.ProgrammeNotFound):           # outside the reader's scope
        prog_mod.draft_programme(blocks.DirectReader(sample_con, ("01",)), 1, None, (), ("01",), today=TODAY)
    with pytest.raises(ValueError):
        prog_mod.draft_programme(reader, 1, 2027, (), today=TODAY)


def test_programme_report_files(programme_report, tmp_path):
    d = docx.Document(io.BytesIO(docx_report.docx_bytes(programme_report)))
    assert d.paragraphs[0].text == "BÁO CÁO"
    assert d.paragraphs[1].text == programme_report.header.summary
    pdf = narrative_pdf.pdf_bytes(programme_report)
    text = words(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "TỈNH ỦY SƠN LA" in text
    assert "Sơn La đạt 174 (vượt 24,3% so với chỉ tiêu 140)" in text


# ---- the command line ---------------------------------------------------------------------------------------


@pytest.fixture()
def cli_db(prog_db, tmp_path):
    path = tmp_path / "cli.duckdb"
    shutil.copy(prog_db, path)
    return path


def test_cli_programme_report(cli_db, tmp_path, capsys):
    out = tmp_path / "chuong-trinh.docx"
    rc = cli.main(["report", "--db", str(cli_db), "--narrative", "--programme", "1", "--year", "2024", "--unit", "14",
                   "--out", str(out)])
    assert rc == 0, capsys.readouterr().err
    assert "báo cáo chương trình phối hợp" in capsys.readouterr().out
    d = docx.Document(str(out))
    body = "\n".join(p.text for p in d.paragraphs)
    assert d.paragraphs[1].text == "Kết quả thực hiện chương trình thử nghiệm Sơn La – Đà Nẵng trong năm 2024"
    assert "Sơn La đạt 41 (vượt 2,5% so với chỉ tiêu 40)" in body
    assert d.tables[0].rows[0].cells[0].paragraphs[0].text == "TỈNH ỦY SƠN LA"
    pdf = tmp_path / "chuong-trinh.pdf"
    assert cli.main(["report", "--db", str(cli_db), "--programme", "1", "--out", str(pdf)]) == 0
    text = words(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages))
    assert "BAN CHẤP HÀNH TRUNG ƯƠNG" in text and "năm 2025 (đến hết tháng 9/2025)" in text


@pytest.mark.parametrize("args, message", [
    (["--programme", "abc"], "--programme phải là số của một chương trình phối hợp"),
    (["--programme", "9"], "không có chương trình phối hợp số 9"),
    (["--programme", "1", "--year", "2030"], "năm 2030 nằm ngoài thời gian của chương trình (2024–2025)"),
    (["--programme", "1", "--year", "20x5"], "--year phải là năm YYYY"),
    (["--year", "2025"], "--year chỉ dùng với --programme"),
    (["--programme", "1", "--from", "2025-01"], "không dùng --from"),
    (["--programme", "1", "--unit", "01"], "không phải là bên tham gia chương trình"),
    (["--programme", "1", "--unit", "99"], "Mã đơn vị “99” không tồn tại"),
    (["--programme", "1", "--page", "overview"], "cần đúng một trong ba"),
])
def test_cli_programme_bad_arguments_exit_2(cli_db, tmp_path, capsys, args, message):
    out = tmp_path / "x.docx"
    assert cli.main(["report", "--db", str(cli_db), "--narrative"] + args + ["--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def _changed_fixture(tmp_path, change: str, year: int, end: dt.date):
    """The programme fixture with one SQL change: the I.5 paragraphs from January to ``end`` and the page's rows."""
    path = tmp_path / "prog.duckdb"
    programme_fixture.build(path)
    con = duckdb.connect(str(path))
    con.execute(change)
    con.close()
    con = duckdb.connect(str(path), read_only=True)
    try:
        _doc, paras = i5(con, D(year, 1, 1), end)
        return paras, data.year_rows(blocks.DirectReader(con), 1, Filters(D(year, 1, 1), end), year)
    finally:
        con.close()


def test_a_party_short_of_reports_is_not_said_to_have_missed(tmp_path):
    # Sơn La's posts of 2024 come from the months it reported (not all twelve): 12 against a target raised to 20 is
    # a lower bound at 60 %, so neither the page's read model nor the report says "chưa đạt" — it says the reports
    # are incomplete (progress.PARTIAL); with the target of 12 the same 12 is still "đạt"
    paras, rows = _changed_fixture(
        tmp_path, "update indicator_values set target = 20 where indicator_id = 2 and unit_id = 1014 and year = 2024",
        2024, D(2024, 12, 1))
    assert "Chỉ số “Bài viết” (bài): Sơn La đạt ít nhất 12 (bằng 60,0% chỉ tiêu 20; chưa đủ báo cáo các tháng để " \
           "đánh giá)." in paras[1]
    assert "Sơn La có 2 chỉ tiêu vượt, 1 chưa đủ báo cáo các tháng để đánh giá" in paras[0]
    posts = rows[(rows["indicator_id"] == 2) & (rows["party"] == 1014)].iloc[0]
    assert posts["status"] == progress.PARTIAL and posts["share"] == pytest.approx(0.6)


def test_a_report_ending_before_the_signing_does_not_speak_of_the_programme(prog_con):
    # signed on 02/10/2024: a report on the first half of 2024 keeps the officer's prompt, 01–10/2024 states it
    _doc, h1 = i5(prog_con, D(2024, 1, 1), D(2024, 6, 1))
    assert not any("Chương trình thử nghiệm" in p for p in h1)
    _doc, ten = i5(prog_con, D(2024, 1, 1), D(2024, 10, 1))
    assert ten[0].startswith("Chương trình thử nghiệm Sơn La – Đà Nẵng (ký kết ngày 02/10/2024 tại Sơn La)")


def test_a_partys_own_figures_are_not_judged_in_a_report_on_part_of_a_year_that_has_ended(prog_con):
    # 01–10/2024 drafted in 11/2026: Sơn La's 3 training classes were reported for 2024 without a date — perhaps in
    # December — so the report states them with their year and judges nothing (it said "vượt" at the pace of October,
    # and a conference held later "đạt"); the figures from the dashboard keep their status
    _doc, ten = i5(prog_con, D(2024, 1, 1), D(2024, 10, 1))
    text = " ".join(ten)
    assert ("Sơn La báo cáo đạt 3 trong năm 2024 (chỉ tiêu năm 2; số liệu tự báo cáo, chưa đánh giá theo kỳ này)"
            in text)
    assert "Sơn La có 1 chỉ tiêu vượt, 1 đạt;" in text         # members and posts only: the classes not counted
    assert "nên không được đánh giá theo kỳ này và không tính vào các số trên" in text
    assert "Đà Nẵng đạt 400 (bằng 80,0% chỉ tiêu năm 500, chậm tiến độ" in text


def test_a_programme_year_without_any_value_reads_as_not_reported(tmp_path):
    # 2025 of the fixture's programme with every value deleted: the page's rows, the drafted report and the programme
    # report say there is nothing yet (they crashed: an all-empty status column took no word)
    paras, rows = _changed_fixture(tmp_path, "delete from indicator_values where year = 2025", 2025, D(2025, 9, 1))
    assert len(rows) and set(rows["status"]) == {progress.NO_TARGET}
    assert paras and paras[0].startswith("Chương trình thử nghiệm Sơn La – Đà Nẵng")

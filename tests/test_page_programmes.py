"""Page tests of Chương trình phối hợp (/chuong-trinh) with AppTest: the sample's programme in Vietnamese and English
and in both boundary modes, an empty programme list, the conference deck built in one click, and a form edit
written as an import (a batch in the history, audited, undoable).

Figures on the page are recomputed here from the read side (queries.programmes through blocks.DirectReader) or with
plain SQL, so the page cannot agree with a wrong answer."""

from __future__ import annotations

import math
import re
import shutil

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from queries import decks as deck_queries
from tests import programme_fixture
from tests.test_programmes import SEED_TASKS

APP = "../dashboard.py"
PAGE = "app_pages/programmes.py"


def run(db_path, monkeypatch, writable: bool = False, **params) -> AppTest:
    monkeypatch.setenv("TUYENGIAO_DB", str(db_path))
    monkeypatch.setenv("TUYENGIAO_READ_ONLY", "0" if writable else "1")
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def plain(text) -> str:
    """Markdown-escaped text as a reader sees it."""
    return re.sub(r"\\(.)", r"\1", str(text))


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [x.value for x in at.title]
    parts += [s.value for s in at.subheader] + [i.value for i in at.info] + [w.value for w in at.warning]
    parts += [s.value for s in at.success]
    return plain("\n".join(str(p) for p in parts))


def frames_text(at: AppTest) -> str:
    return "\n".join(d.value.to_csv(index=False) for d in at.dataframe)


def subheaders(at: AppTest) -> list[str]:
    return [plain(s.value) for s in at.subheader]


def test_the_sample_programme_in_vietnamese(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch)
    heads = subheaders(at)
    for seq, title in enumerate(SEED_TASKS, start=1):
        assert f"Nhiệm vụ {seq}: {title}" in heads
    assert "Kết quả năm 2025 theo bên tham gia" in heads and "Hội nghị đánh giá" in heads
    text = texts(at)
    assert "ký ngày 02/10/2024 tại Sơn La" in text and "Giai đoạn 2024–2025" in text
    assert "Ban Tuyên giáo Tỉnh ủy Sơn La (nay là Ban Tuyên giáo và Dân vận Tỉnh ủy Sơn La)" in text
    assert "từ 01/07/2025 Đà Nẵng gồm cả Quảng Nam cũ" in text
    assert "Đã tổ chức: 02/10/2024 tại Sơn La" in text and "Đã tổ chức: 17/10/2025 tại Đà Nẵng" in text
    assert "Chưa có hội nghị tiếp theo trong kế hoạch." in text
    # the programme list, five task tables, the targets table
    assert len(at.dataframe) == 7
    tasks = [d.value for d in at.dataframe[1:6]]
    assert all(set(df["Bên"]) == {"Sơn La", "Đà Nẵng"} for df in tasks)
    statuses = {s for df in tasks for s in df["Đánh giá"]}
    assert {"Vượt", "Chưa đạt"} <= statuses and statuses <= {"Vượt", "Đạt", "Chưa đạt"}
    # a linked indicator says where its actual comes from
    assert "Tự động: Lượt dự thi" in frames_text(at)
    # the deck button is there, disabled on a read-only database
    assert at.button(key="programmes_deck").disabled


def test_the_task_tables_match_the_read_side(sample_db_path, monkeypatch):
    from ui import blocks
    from ui import format as fmt
    from ui.views import programmes as decl

    at = run(sample_db_path, monkeypatch)
    con = duckdb.connect(str(sample_db_path), read_only=True)
    try:
        view = blocks.build_view(decl, {}, blocks.DirectReader(con), "vi")
        rows = decl.rows(view)
    finally:
        con.close()
    first = rows[rows["seq"] == 1]
    shown = at.dataframe[1].value
    assert shown["Thực hiện"].tolist() == [fmt.number(x) for x in first["actual"]]
    assert shown["Chỉ tiêu"].tolist() == [fmt.number(x) for x in first["target"]]
    # whole per cent, rounded, but a share short of 100 % never drawn "100%" beside "Chưa đạt"
    assert shown["Tiến độ"].tolist() == [min(math.floor(s * 100 + 0.5), 99) if s < 1 else max(math.floor(s * 100 + 0.5),
                                                                                             100)
                                         for s in first["share"]]


@pytest.mark.parametrize("boundary", ["current", "historical"])
def test_parties_are_son_la_and_da_nang_in_both_boundary_modes(sample_db_path, monkeypatch, boundary):
    at = run(sample_db_path, monkeypatch, boundary=boundary)
    assert "Ban Tuyên giáo Tỉnh ủy Sơn La" in texts(at) and "Ban Tuyên giáo Thành ủy Đà Nẵng" in texts(at)
    assert {p for d in at.dataframe[1:6] for p in d.value["Bên"]} == {"Sơn La", "Đà Nẵng"}


def test_the_page_in_english(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, lang="en")
    assert [x.value for x in at.title] == ["Coordination programmes"]
    heads = subheaders(at)
    assert f"Task 1: {SEED_TASKS[0]}" in heads and "Results of 2025 by party" in heads
    assert "signed on 02/10/2024 in Sơn La" in texts(at)
    statuses = {s for d in at.dataframe[1:6] for s in d.value["Status"]}
    assert {"Exceeded", "Missed"} <= statuses


def test_an_empty_programme_list_says_so_and_keeps_the_targets(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, unit="01")       # Hà Nội is no party of any programme
    text = texts(at)
    assert "Chưa có chương trình phối hợp nào của các đơn vị đã chọn." in text
    assert not any(h.startswith("Nhiệm vụ") for h in subheaders(at))
    assert "Chỉ tiêu năm 2026" in subheaders(at)


def test_a_database_without_programmes(fixture_db_path, monkeypatch):
    at = run(fixture_db_path, monkeypatch)
    assert "Chưa có chương trình phối hợp nào" in texts(at)
    assert not [b for b in at.button if b.key == "programmes_deck"]


@pytest.fixture()
def writable_sample(sample_db_path, tmp_path):
    path = tmp_path / "programmes.duckdb"
    shutil.copy(sample_db_path, path)
    return path


def _app_cursor(path):
    from ui import store

    return store._connection(str(path.resolve())).cursor()


def test_one_click_builds_the_review_conference_deck(writable_sample, monkeypatch):
    at = run(writable_sample, monkeypatch, writable=True)
    at.button(key="programmes_deck").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Đã lưu bài trình chiếu “Hội nghị đánh giá năm 2025 — Sơn La – Đà Nẵng” (14 trang)." in texts(at)
    cur = _app_cursor(writable_sample)
    try:
        deck = deck_queries.deck_by_name(cur, "Hội nghị đánh giá năm 2025 — Sơn La – Đà Nẵng")
        items = deck_queries.items(cur, deck["deck_id"])
        audit = cur.execute("select detail from audit_log where action = 'deck'").fetchall()
    finally:
        cur.close()
    assert (deck["place"], str(deck["event_on"])[:10]) == ("Đà Nẵng", "2025-10-17")
    assert deck["title"] == "Chương trình phối hợp Sơn La – Đà Nẵng giai đoạn 2024–2025"
    assert list(zip(items["page"], items["block"])) == [
        ("programmes", "summary"), *[("programmes", f"task_{i}") for i in range(1, 6)], ("programmes", "parties"),
        ("compare", "table"), ("compare", "sm_members"), ("compare", "sm_contest_luot"),
        ("compare", "sm_link_shares"), ("programmes", "conferences")]
    assert deck_queries.params_of(items.iloc[0]["params"])["programme"] == "1"
    assert deck_queries.params_of(items.iloc[7]["params"])["unit"] == "14,48"
    assert audit == [("tạo “Hội nghị đánh giá năm 2025 — Sơn La – Đà Nẵng” (12 trang chiếu)",)]
    # again: the same deck, rebuilt (not a second one)
    at.button(key="programmes_deck").click().run()
    cur = _app_cursor(writable_sample)
    try:
        assert len(deck_queries.list_decks(cur)) == 1
    finally:
        cur.close()


def test_a_form_edit_is_an_undoable_audited_import(writable_sample, monkeypatch):
    at = run(writable_sample, monkeypatch, writable=True)
    cur = _app_cursor(writable_sample)
    try:
        iid, party = cur.execute("select i.indicator_id, 1014 from programme_indicators i "
                                 "where i.metric_key is null order by 1 limit 1").fetchone()
        before = cur.execute("select target, actual, source from indicator_values "
                             "where indicator_id = ? and unit_id = 2014 and year = 2025", [iid]).fetchone()
    finally:
        cur.close()
    k = f"vf_{iid}_{party}_2025"
    at.text_input(key=f"{k}_actual").set_value("1.234,5")
    at.text_input(key=f"{k}_source").set_value("Báo cáo sơ kết (sửa trên trang)")
    at.button(key=f"{k}_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Đã lưu (lô" in str(s.value) for s in at.success)
    cur = _app_cursor(writable_sample)
    try:
        after = cur.execute("select target, actual, source from indicator_values "
                            "where indicator_id = ? and unit_id = 2014 and year = 2025", [iid]).fetchone()
        batch, kind, status = cur.execute("select batch_id, kind, status from import_batches "
                                          "order by batch_id desc limit 1").fetchone()
        audit = cur.execute("select action, target from audit_log where action = 'import'").fetchall()
    finally:
        cur.close()
    assert after == (before[0], 1234.5, "Báo cáo sơ kết (sửa trên trang)")
    assert (kind, status) == ("indicator_values", "committed") and audit == [("import", f"batch {batch}")]
    # undo at once, from the page
    at.button(key=f"programmes_undo_{batch}").click().run()
    assert not at.exception
    cur = _app_cursor(writable_sample)
    try:
        assert cur.execute("select target, actual, source from indicator_values where indicator_id = ? "
                           "and unit_id = 2014 and year = 2025", [iid]).fetchone() == before
        assert cur.execute("select status from import_batches where batch_id = ?", [batch]).fetchone() == ("undone",)
    finally:
        cur.close()


def test_a_bad_form_value_is_refused_with_the_imports_message_and_changes_nothing(writable_sample, monkeypatch):
    at = run(writable_sample, monkeypatch, writable=True)
    cur = _app_cursor(writable_sample)
    try:
        iid = cur.execute("select min(indicator_id) from programme_indicators where metric_key is null").fetchone()[0]
        n = cur.execute("select count(*) from import_batches").fetchone()[0]
    finally:
        cur.close()
    k = f"vf_{iid}_1014_2025"
    at.text_input(key=f"{k}_actual").set_value("nhiều")
    at.button(key=f"{k}_save").click().run()
    assert not at.exception
    assert "Chưa lưu: số liệu chưa hợp lệ." in [e.value for e in at.error]
    assert any("cột “Thực hiện”" in str(x.value) for x in at.text)
    cur = _app_cursor(writable_sample)
    try:
        assert cur.execute("select count(*) from import_batches").fetchone()[0] == n
    finally:
        cur.close()


def test_the_fixture_programme_shows_unknown_and_zero_target_honestly(tmp_path, monkeypatch):
    path = tmp_path / "p.duckdb"
    programme_fixture.build(path)
    at = run(path, monkeypatch, year="2024")
    task2 = at.dataframe[2].value
    by = {(r["Chỉ số"], r["Bên"]): r for _, r in task2.iterrows()}
    unknown = by[("Số lớp tập huấn", "Đà Nẵng")]
    assert (unknown["Thực hiện"], unknown["Đánh giá"]) == ("—", "Chưa báo cáo") and pd.isna(unknown["Tiến độ"])
    zero = by[("Chỉ số chưa đặt chỉ tiêu", "Sơn La")]
    assert (zero["Chỉ tiêu"], zero["Thực hiện"], zero["Đánh giá"]) == ("0", "5", "—")
    # the next conference is planned: where and when
    assert "Tiếp theo: Đà Nẵng, 17/10/2099" in texts(at)


def test_every_form_writes_through_its_import_kind(writable_sample, monkeypatch):
    """The programme, an indicator, a conference and a metric target, each saved from its form: one batch of the
    matching kind each, the change in the table."""
    at = run(writable_sample, monkeypatch, writable=True)
    # the programme: its signing place
    at.text_input(key="pf_1_place").set_value("Thành phố Sơn La")
    at.button(key="pf_1_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    # an indicator: the reported indicator 1 linked to "Bài viết đăng mới"
    at.selectbox(key="if_which").set_value("1").run()
    at.selectbox(key="if_1_metric").set_value("posts")
    at.button(key="if_1_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    # the 2025 conference moves to 20/11/2025
    at.selectbox(key="cf_year").set_value(2025).run()
    at.text_input(key="cf_1_2025_place").set_value("Hội An, Đà Nẵng")
    at.button(key="cf_1_2025_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    # a monthly target: posts of Sơn La in 03/2026
    at.selectbox(key="tf_metric").set_value("posts")
    at.selectbox(key="tf_unit").set_value("14")
    at.number_input(key="tf_year").set_value(2026)
    at.selectbox(key="tf_month").set_value(3).run()
    at.text_input(key="tf_posts_14_2026_3_target").set_value("2.500")
    at.button(key="tf_posts_14_2026_3_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    cur = _app_cursor(writable_sample)
    try:
        kinds = [r[0] for r in cur.execute("select kind from import_batches order by batch_id").fetchall()]
        assert kinds == ["programme_indicators", "programme_indicators", "programme_conferences", "metric_targets"]
        assert cur.execute("select place from programmes").fetchone() == ("Thành phố Sơn La",)
        assert cur.execute("select metric_key from programme_indicators where indicator_id = 1").fetchone() == ("posts",)
        assert cur.execute("select place from programme_conferences where year = 2025").fetchone() == ("Hội An, Đà Nẵng",)
        assert cur.execute("select target from metric_targets where metric_key = 'posts' and unit_id = 2014 "
                           "and year = 2026 and month = 3").fetchone() == (2500.0,)
    finally:
        cur.close()

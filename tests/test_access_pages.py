"""Page tests of access control (AppTest) on the sample database: demo mode and when it ends, sign-in before
any figure, each role's pages and actions (and the refusal of a page opened by its link), throttling and lock,
expiry, sign-out, single sign-on — and a Sơn La analyst who asks for Đà Nẵng (48) through the URL, the filter
bar, a drill step, an export, a deck, a result cached for an all-scope user and the report command, and never
gets a Đà Nẵng figure (the numbers are compared, not only the labels)."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import openpyxl
import pytest

from queries import catalogue
from queries.builder import Filters
from tests.access_app import (
    FAILED,
    PASSWORDS,
    app,
    app_connection,
    audit,
    go,
    sign_in,
    texts,
    with_accounts,
)
from tests.apptest import charts
from ui import blocks
from ui import format as fmt

ROOT = Path(__file__).resolve().parents[1]
DEMO = "Chế độ trình diễn"
Q3 = {"from": "2024-07", "to": "2024-09", "grain": "quarter"}
Q3_FILTERS = Filters(start=dt.date(2024, 7, 1), end=dt.date(2024, 9, 1), grain="quarter", compare="yoy")
PAGES = {
    "overview": "app_pages/overview.py", "channels": "app_pages/channels.py", "teams": "app_pages/teams.py",
    "activities": "app_pages/activities.py", "contests": "app_pages/contests.py", "compare": "app_pages/compare.py",
    "present": "app_pages/present.py", "glossary": "app_pages/glossary.py", "data": "app_pages/data.py",
    "audit": "app_pages/audit.py", "accounts": "app_pages/accounts.py",
}
REFUSED = "không được mở trang"


@pytest.fixture(scope="module")
def accounts_db(sample_db_path, tmp_path_factory):
    """The sample with one account per role (shared by tests that only read and sign in)."""
    return with_accounts(sample_db_path, tmp_path_factory.mktemp("access") / "accounts.duckdb")


@pytest.fixture()
def own_db(sample_db_path, tmp_path):
    """A copy of the sample with the accounts, for a test that changes them (locks, disables…)."""
    return with_accounts(sample_db_path, tmp_path / "own.duckdb")


@pytest.fixture(scope="module")
def sample_con(sample_db_path):
    con = duckdb.connect(str(sample_db_path), read_only=True)
    yield con
    con.close()


def kpis(con, units: tuple[str, ...]) -> dict[str, str]:
    """The Overview's KPI cards for units in Q3/2024, as the page formats them, computed without the app."""
    row = blocks.DirectReader(con).totals(list(catalogue.KPI_METRICS),
                                          filters=Filters(**{**Q3_FILTERS.__dict__, "units": units})).iloc[0]
    return {catalogue.get(k).label("vi"): fmt.value(row[k], catalogue.get(k).fmt) for k in catalogue.KPI_METRICS}


def metric_values(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# ---- demo mode and the sign-in gate ------------------------------------------------------------------------


def test_demo_mode_is_said_on_every_page_and_keeps_the_administrator_pages_closed(sample_db_path, tmp_path,
                                                                                   monkeypatch):
    path = tmp_path / "demo.duckdb"       # the app opens it read-write; the shared sample stays read-only
    shutil.copy(sample_db_path, path)
    at = app(path, monkeypatch)
    assert DEMO in "\n".join(w.value for w in at.warning) and len(at.metric) == 8
    for key in ("glossary", "present", "data"):
        go(at, PAGES[key])
        assert not at.exception
        assert DEMO in "\n".join(w.value for w in at.warning), key
    for key in ("audit", "accounts"):
        go(at, PAGES[key])
        assert "chỉ dành cho quản trị viên đã đăng nhập" in texts(at), key
        assert not at.dataframe


def test_demo_mode_ends_as_soon_as_the_first_account_exists(sample_db_path, tmp_path, monkeypatch):
    path = tmp_path / "demo.duckdb"
    shutil.copy(sample_db_path, path)
    at = app(path, monkeypatch)
    assert len(at.metric) == 8 and DEMO in texts(at)
    from data import accounts

    accounts.create(app_connection(path), "quantri", "quan_tri", None, PASSWORDS["quantri"], actor="cli:test")
    go(at)
    assert [t.value for t in at.title] == ["Đăng nhập"]
    assert not at.metric and DEMO not in texts(at)
    sign_in(at, "quantri")
    assert len(at.metric) == 8 and DEMO not in texts(at)


def test_a_database_that_is_not_the_sample_asks_for_sign_in_before_any_figure(sample_db_path, tmp_path,
                                                                                 monkeypatch):
    from queries import builder

    runs = []
    real = builder._run
    monkeypatch.setattr(builder, "_run", lambda *a, **k: runs.append(a[3]) or real(*a, **k))
    # real data (not the sample) and no account yet: nobody can sign in, and the page says how to start
    path = tmp_path / "real.duckdb"
    shutil.copy(sample_db_path, path)
    con = duckdb.connect(str(path))
    con.execute("update meta set value = '0' where key = 'is_sample'")
    con.close()
    at = app(path, monkeypatch, unit="14", **Q3)
    assert [t.value for t in at.title] == ["Đăng nhập"] and "python -m data users add" in texts(at)
    assert not at.metric and not at.text_input and runs == []
    # a brand-new database from `init` too
    fresh = tmp_path / "fresh.duckdb"
    done = subprocess.run([sys.executable, "-m", "data", "init", "--db", str(fresh)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    at = app(fresh, monkeypatch)
    assert [t.value for t in at.title] == ["Đăng nhập"] and not at.metric
    # with an account: the form, still no figure until the account signs in
    with_accounts(sample_db_path, tmp_path / "real2.duckdb", names=("sonla",))
    con = duckdb.connect(str(tmp_path / "real2.duckdb"))
    con.execute("update meta set value = '0' where key = 'is_sample'")
    con.close()
    at = app(tmp_path / "real2.duckdb", monkeypatch, unit="14", **Q3)
    assert [t.value for t in at.title] == ["Đăng nhập"] and not at.metric and runs == []
    sign_in(at, "sonla")
    assert metric_values(at)["Thành viên biệt đội"] == "13.712" and runs
    assert "Dữ liệu mẫu" not in texts(at)


# ---- roles: pages and actions ----------------------------------------------------------------------------

OPENS = {
    "lanhdao": {"overview", "channels", "teams", "activities", "contests", "compare", "present", "glossary"},
    "chuyenvien": {"overview", "channels", "teams", "activities", "contests", "compare", "present", "glossary"},
    "canbo": {"overview", "channels", "teams", "activities", "contests", "compare", "present", "glossary",
              "data"},
    "quantri": set(PAGES),
}


@pytest.mark.parametrize("name", list(OPENS))
def test_each_role_opens_its_pages_and_a_link_to_another_is_refused(name, accounts_db, monkeypatch):
    at = sign_in(app(accounts_db, monkeypatch), name)
    assert len(at.metric) == 8
    # every page the role may not open refuses in Vietnamese, before anything is read; a few it may open render
    for key in sorted(set(PAGES) - OPENS[name]) + sorted({"glossary", "present", "data", "audit"} & OPENS[name]):
        go(at, PAGES[key])
        assert not at.exception, (key, [e.message for e in at.exception])
        refused = [e.value for e in at.error if REFUSED in e.value]
        assert bool(refused) == (key not in OPENS[name]), key
        if refused:
            assert not at.dataframe and not at.metric and not at.get("download_button")


EXPORTS = {"lanhdao": False, "chuyenvien": True, "canbo": True, "quantri": True}
EDITS = {"lanhdao": False, "chuyenvien": False, "canbo": True, "quantri": True}


@pytest.mark.parametrize("name", list(EXPORTS))
def test_downloads_only_for_roles_that_export_and_deck_editing_only_for_roles_that_edit(name, accounts_db,
                                                                                          monkeypatch):
    at = sign_in(app(accounts_db, monkeypatch, unit="14", **Q3), name)
    menus = [p for p in at.get("popover") if p.proto.popover.label == "Tải xuống"]
    assert bool(menus) == EXPORTS[name]
    if menus:                        # a chart's menu makes its buttons when opened
        at.session_state["dl_overview_ranking_menu"] = True
        at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert ("Tải cả trang: Excel" in labels and "Số liệu Excel (XLSX)" in labels) == EXPORTS[name]
    assert bool(labels) == EXPORTS[name]
    adds = [b for b in at.button if b.label == "Thêm vào bài trình chiếu"]
    assert bool(adds) == EDITS[name]
    go(at, PAGES["present"])
    creates = [b for b in at.button if b.label == "Tạo bài trình chiếu"]
    assert bool(creates) == EDITS[name]


def test_the_administrator_reads_and_filters_the_audit_log_that_the_app_only_appends(own_db, monkeypatch):
    at = sign_in(app(own_db, monkeypatch), "quantri")
    go(at, PAGES["audit"])
    table = at.dataframe[0].value
    assert list(table.columns) == ["Thời điểm", "Người thực hiện", "Hoạt động", "Đối tượng", "Chi tiết", "Từ địa chỉ"]
    assert table.iloc[0][["Người thực hiện", "Hoạt động"]].tolist() == ["quantri", "Đăng nhập"]
    assert len(table) == 6       # five accounts created, one sign-in
    at.multiselect(key="audit_actions").set_value(["account"])
    go(at, PAGES["audit"])
    assert set(at.dataframe[0].value["Hoạt động"]) == {"Thay đổi tài khoản"}
    assert [b.proto.label for b in at.get("download_button")] == ["Tải nhật ký (CSV)", "Tải nhật ký (Excel)"]
    source = (ROOT / "ui" / "admin.py").read_text() + (ROOT / "queries" / "access.py").read_text()
    assert "update audit_log" not in source.lower() and "delete from audit_log" not in source.lower()


def test_the_administrator_adds_an_account_and_changes_its_scope(own_db, monkeypatch):
    at = sign_in(app(own_db, monkeypatch), "quantri")
    go(at, PAGES["accounts"])
    assert list(at.dataframe[0].value["Tên đăng nhập"]) == ["canbo", "chuyenvien", "lanhdao", "quantri", "sonla"]
    at.text_input(key="acc_new_name").input("danang")
    at.selectbox(key="acc_new_role").set_value("chuyen_vien")
    at.text_input(key="acc_new_scope").input("49")            # old Quảng Nam: today's Đà Nẵng
    at.text_input(key="acc_new_password").input("mat-khau-da-nang-1")
    at.text_input(key="acc_new_password2").input("mat-khau-da-nang-1")
    next(b for b in at.button if b.label == "Tạo tài khoản").click()
    go(at, PAGES["accounts"])
    assert "Đã tạo tài khoản “danang”" in texts(at)
    rows = app_connection(own_db).cursor().execute(
        "select role, scope from accounts where username = 'danang'").fetchall()
    assert rows == [("chuyen_vien", "48")]
    assert audit(own_db)[-1] == ("quantri", "account", "danang")


# ---- sign-in: throttling, lock, expiry, sign-out, single sign-on ------------------------------------------


def test_wrong_passwords_give_one_message_whether_or_not_the_account_exists_and_five_lock_it(own_db, monkeypatch):
    at = app(own_db, monkeypatch)
    seen = []
    for name in ("sonla", "sonla", "sonla", "khong-co", "khong-co", "khong-co"):
        sign_in(at, name, "sai-mat-khau-123")
        seen.append([e.value for e in at.error])
        assert not at.metric
    assert seen == [[FAILED]] * 6
    for _ in range(2):
        sign_in(at, "sonla", "sai-mat-khau-123")
    sign_in(at, "sonla")                                      # the right password, but locked for 15 minutes
    assert [e.value for e in at.error] == [FAILED] and not at.metric
    actions = [a for who, a, _t in audit(own_db) if who == "sonla"]
    assert actions == ["sign_in_failed"] * 5 + ["lock", "sign_in_failed"]
    assert [a for who, a, _t in audit(own_db) if who == "khong-co"] == ["sign_in_failed"] * 3


def test_a_session_expires_after_inactivity_and_sign_out_ends_it(own_db, monkeypatch):
    monkeypatch.setenv("TUYENGIAO_SESSION_MINUTES", "30")
    at = sign_in(app(own_db, monkeypatch), "sonla")
    assert len(at.metric) == 8
    at.session_state["_access_last_seen"] = time.time() - 31 * 60
    go(at)
    assert [t.value for t in at.title] == ["Đăng nhập"] and not at.metric
    assert "Phiên làm việc đã hết hạn sau 30 phút không thao tác" in texts(at)
    sign_in(at, "sonla")
    assert len(at.metric) == 8
    next(b for b in at.button if b.label == "Đăng xuất").click()
    go(at)
    assert [t.value for t in at.title] == ["Đăng nhập"] and "Đã đăng xuất." in texts(at) and not at.metric
    assert [a for who, a, _t in audit(own_db) if who == "sonla"] == [
        "sign_in", "session_expired", "sign_in", "sign_out"]


def test_an_account_disabled_while_signed_in_is_out_at_its_next_step(own_db, monkeypatch):
    from data import accounts

    at = sign_in(app(own_db, monkeypatch), "sonla")
    accounts.set_disabled(app_connection(own_db), "sonla", True, actor="quantri")
    go(at)
    assert [t.value for t in at.title] == ["Đăng nhập"] and not at.metric
    assert "không còn hoạt động" in texts(at)


SSO = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                "client_id": "dashboard", "client_secret": "s",
                "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}}


def test_single_sign_on_gives_the_account_of_the_email_and_nothing_to_an_unknown_one(own_db, monkeypatch):
    monkeypatch.setenv("TUYENGIAO_DB", str(own_db))
    monkeypatch.setenv("TUYENGIAO_READ_ONLY", "0")
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../dashboard.py", default_timeout=120)
    at.secrets.update(json.loads(json.dumps(SSO)))
    at.user = {"is_logged_in": False}
    at.run()
    assert "Đăng nhập bằng tài khoản tổ chức" in [b.label for b in at.button]
    at.user = {"is_logged_in": True, "email": "SonLa@TuyenGiao.example"}
    at.query_params.update({"unit": "48", **Q3})
    go(at)
    assert metric_values(at)["Thành viên biệt đội"] == "13.712"          # Sơn La's scope: 48 dropped
    other = AppTest.from_file("../dashboard.py", default_timeout=120)
    other.secrets.update(json.loads(json.dumps(SSO)))
    other.user = {"is_logged_in": True, "email": "la@example.com"}
    other.run()
    go(other)
    assert not other.metric and "chưa được cấp quyền" in texts(other)
    assert [(who, a) for who, a, _t in audit(own_db)][-2:] == [("sonla", "sign_in"), ("la@example.com",
                                                                                      "sign_in_failed")]
    # an address the provider has not verified is nobody's: no account from it
    unverified = AppTest.from_file("../dashboard.py", default_timeout=120)
    unverified.secrets.update(json.loads(json.dumps(SSO)))
    unverified.user = {"is_logged_in": True, "email": "sonla@tuyengiao.example", "email_verified": False}
    unverified.run()
    go(unverified)
    assert not unverified.metric


# ---- a Sơn La analyst never gets a Đà Nẵng figure ---------------------------------------------------------


def test_the_url_a_drill_step_and_the_filter_bar_cannot_widen_the_scope(accounts_db, sample_con, monkeypatch):
    son_la, da_nang = kpis(sample_con, ("14",)), kpis(sample_con, ("48",))
    assert son_la["Thành viên biệt đội"] == "13.712" and son_la != da_nang
    at = sign_in(app(accounts_db, monkeypatch, unit="48", **Q3), "sonla")
    assert "Đơn vị “48” nằm ngoài phạm vi được xem." in texts(at)
    assert metric_values(at) == son_la and at.query_params["unit"] == "14"
    # the filter bar offers Sơn La only; a forged choice of Đà Nẵng falls back to the scope
    assert at.multiselect(key="f_units").options == ["Sơn La (14)"]
    forged = dict(at.session_state["_filter_choices"])
    forged["units"] = ["48"]
    at.session_state["_filter_choices"] = forged
    go(at)
    assert metric_values(at) == son_la and at.query_params["unit"] == "14"
    # a drill step to Đà Nẵng in a link is dropped with the same notice
    drilled = sign_in(app(accounts_db, monkeypatch, drill="unit:48", **Q3), "sonla")
    assert "Đơn vị “48” nằm ngoài phạm vi được xem." in texts(drilled)
    assert metric_values(drilled) == son_la and "drill" not in drilled.query_params


def test_a_result_cached_for_an_all_scope_user_is_not_served_to_the_analyst(accounts_db, sample_con, monkeypatch):
    wide = sign_in(app(accounts_db, monkeypatch, unit="48", **Q3), "quantri")
    assert metric_values(wide) == kpis(sample_con, ("48",))          # warms the cache with Đà Nẵng's figures
    narrow = sign_in(app(accounts_db, monkeypatch, unit="48", **Q3), "sonla")
    assert metric_values(narrow) == kpis(sample_con, ("14",))


def test_the_compare_page_falls_back_to_a_clear_message_for_a_one_province_scope(accounts_db, monkeypatch):
    at = sign_in(app(accounts_db, monkeypatch), "sonla")
    go(at, PAGES["compare"])
    assert "Phạm vi tài khoản của bạn chỉ gồm Sơn La" in texts(at)
    assert not at.dataframe and not charts(at)


def test_contests_list_only_those_organised_or_joined_inside_the_scope(accounts_db, sample_con, monkeypatch):
    from queries import lists

    visible = lists.contests(sample_con, dt.date(2026, 10, 31), scope=("14",))
    every = lists.contests(sample_con, dt.date(2026, 10, 31))
    assert 0 < len(visible) < len(every)
    at = sign_in(app(accounts_db, monkeypatch), "sonla")
    go(at, PAGES["contests"])
    options = at.selectbox(key="p_contest").options if any(s.key == "p_contest" for s in at.selectbox) else []
    titles = set(every["title"]) - set(visible["title"])
    assert not any(title in option for option in options for title in titles)


def test_exports_and_decks_of_the_analyst_hold_sonla_figures_only(sample_con, sample_db_path, tmp_path):
    """What the analyst's downloads are made from: the page workbook and a deck whose items were saved for
    Đà Nẵng and for Sơn La by someone else."""
    from data import db as dbmod
    from data import decks
    from queries import decks as deck_queries
    from reports import tables
    from ui import slides, views

    decl = views.get("overview")
    reader = blocks.DirectReader(sample_con, ("14",))
    view = blocks.build_view(decl, {"unit": "48", **Q3}, reader, "vi", ("14",))
    assert [n.key for n in view.notices] == ["notice.unit_scope"]
    items = [blocks.to_item(r, view) for b in blocks.flatten(decl.layout(view)) if (r := blocks.resolve(b, view)).ok]
    kpi = next(i for i in items if i.key == "kpis")
    members = kpi.table.set_index("Chỉ số").loc["Thành viên biệt đội", "Giá trị"]
    assert members == 13712
    book = openpyxl.load_workbook(io.BytesIO(tables.workbook_bytes(items, blocks.meta_of(view, "Tổng quan"))))
    numbers = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, int)}
    assert 13712 in numbers
    da_nang_members = int(kpis(sample_con, ("48",))["Thành viên biệt đội"].replace(".", ""))
    assert da_nang_members not in numbers
    # a deck: one item saved for Đà Nẵng, one for Sơn La
    path = tmp_path / "deck.duckdb"
    shutil.copy(sample_db_path, path)
    con = duckdb.connect(str(path))
    try:
        dbmod.migrate(con)
        deck_id = decks.create(con, "Hội nghị", actor="quantri")
        decks.add_item(con, deck_id, "overview", "kpis", {"unit": "48", **Q3}, "Chỉ số chính", actor="quantri")
        decks.add_item(con, deck_id, "overview", "kpis", {"unit": "14", **Q3}, "Chỉ số chính", actor="quantri")
        deck = deck_queries.deck(con, deck_id)
        got, _meta = slides.deck_slides(deck, deck_queries.items(con, deck_id), blocks.DirectReader(con, ("14",)),
                                        "vi", scope=("14",))
    finally:
        con.close()
    assert got[1].item is None and "ngoài phạm vi" in got[1].subtitle
    shown = {k.label: k.value for k in got[2].item.kpis}
    assert shown["Thành viên biệt đội"] == 13712 and da_nang_members not in shown.values()


def test_the_deck_slide_show_of_the_analyst_says_a_slide_is_outside_the_scope(accounts_db, monkeypatch):
    from data import decks

    con = app_connection(accounts_db)
    deck_id = decks.create(con, "Bài của quản trị", actor="quantri")
    decks.add_item(con, deck_id, "overview", "kpis", {"unit": "48", **Q3}, "Chỉ số chính", actor="quantri")
    at = sign_in(app(accounts_db, monkeypatch), "sonla")
    at.query_params.update({"deck": str(deck_id), "slide": "2"})
    go(at, PAGES["present"])
    assert not at.exception
    assert "ngoài phạm vi tài khoản của bạn" in texts(at) and not at.metric
    assert "Không có số liệu cho bộ lọc đã chọn" not in texts(at)        # one reason, not a second contradicting it


def test_a_scoped_officer_cannot_change_or_delete_a_deck_about_other_units(own_db, monkeypatch):
    """The central department's deck (a Đà Nẵng slide): a Sơn La data officer may edit decks, but not this one —
    deleting it says why and leaves it; a deck of Sơn La's slides is the officer's to change."""
    from data import decks
    from queries import decks as deck_queries

    at = sign_in(app(own_db, monkeypatch), "canbo")
    con = app_connection(own_db)
    national = decks.create(con, "Hội nghị toàn quốc", actor="quantri")
    decks.add_item(con, national, "overview", "kpis", {"unit": "48", **Q3}, "Chỉ số chính", actor="quantri")
    own = decks.create(con, "Sơn La", actor="quantri")
    decks.add_item(con, own, "overview", "kpis", {"unit": "14", **Q3}, "Chỉ số chính", actor="quantri")
    go(at, PAGES["present"])
    for deck_id, kept in ((national, True), (own, False)):
        at.selectbox(key="present_pick").set_value(deck_id).run()
        at.checkbox(key=f"present_{deck_id}_confirm").check().run()
        at.button(key=f"present_delete_{deck_id}").click().run()
        assert not at.exception
        assert (deck_queries.deck(con, deck_id) is not None) == kept
        if kept:
            assert "ngoài phạm vi của tài khoản" in texts(at)


def test_the_report_command_for_the_analyst_writes_sonla_figures_only(accounts_db, sample_con, tmp_path):
    """`python -m data report --user sonla`: the scope and role of the account (a copy: the app holds its file)."""
    path = tmp_path / "report.duckdb"
    app_connection(accounts_db).execute("checkpoint")
    shutil.copy(accounts_db, path)
    out = tmp_path / "tong-quan.xlsx"
    base = [sys.executable, "-m", "data", "report", "--db", str(path), "--page", "overview", "--from", "2024-07",
            "--to", "2024-09", "--grain", "quarter", "--out", str(out), "--user", "sonla"]
    refused = subprocess.run(base + ["--unit", "48"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "ngoài phạm vi" in refused.stderr and not out.exists()
    done = subprocess.run(base, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out)
    numbers = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, int)}
    assert 13712 in numbers
    assert int(kpis(sample_con, ("48",))["Thành viên biệt đội"].replace(".", "")) not in numbers
    texts_ = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert not any("Đà Nẵng" in x for x in texts_)


def test_a_deck_made_from_the_manager_is_audited_with_its_clients_address(own_db, monkeypatch):
    """The manager's buttons run as callbacks, before the page run that records the client's address: the deck's
    audit row had none (the sign-in's had one)."""
    at = sign_in(app(own_db, monkeypatch), "quantri")
    go(at, PAGES["present"])
    at.text_input(key="present_new_name").input("Hội nghị sơ kết")
    next(b for b in at.button if b.label == "Tạo bài trình chiếu").click().run()
    assert not at.exception
    rows = app_connection(own_db).cursor().execute(
        "select action, client from audit_log where action in ('sign_in', 'deck') order by log_id").fetchall()
    assert [a for a, _c in rows] == ["sign_in", "deck"] and rows[0][1] and rows[1][1]


def test_a_province_users_charts_of_every_unit_name_its_scope_not_the_whole_country(sample_con):
    """The ranking and the map show every unit the user may see: for a Sơn La account that is Sơn La, and its files
    must not say "Cả nước" above it."""
    from ui import views

    reader = blocks.DirectReader(sample_con, ("14",))
    for page, key in (("overview", "ranking"), ("channels", "ranking"), ("teams", "ranking")):
        decl = views.get(page)
        view = blocks.build_view(decl, Q3, reader, "vi", ("14",))
        r = blocks.resolve(next(b for b in blocks.flatten(decl.layout(view)) if b.key == key), view)
        assert r.ok and "Cả nước" not in r.caption and "Sơn La" in r.caption, (page, r.caption)
    everyone = blocks.build_view(views.get("overview"), Q3, blocks.DirectReader(sample_con))
    r = blocks.resolve(next(b for b in blocks.flatten(views.get("overview").layout(everyone)) if b.key == "ranking"),
                       everyone)
    assert "Cả nước" in r.caption


def test_a_chart_cut_to_a_platform_names_it_in_its_caption(sample_con):
    """A drilled bar or the platform filter: the file of the chart is read without the page, so its caption says
    "TikTok" (108 channels read as Đà Nẵng's total otherwise); a metric with no platform says the filter does not
    apply instead."""
    from ui import views

    decl = views.get("channels")
    params = {"unit": "48", "from": "2025-07", "to": "2026-10", "grain": "month", "drill": "platform:tiktok"}
    view = blocks.build_view(decl, params, blocks.DirectReader(sample_con))
    r = blocks.resolve(next(b for b in blocks.flatten(decl.layout(view)) if b.key == "trend"), view)
    assert r.caption.startswith("Kênh đang hoạt động — Đà Nẵng, TikTok, ")
    assert not any("Bấm vào" in n for n in r.notes)          # a click hint is the page's, never a file's

"""Access rules, accounts and the province scope below the pages: roles and pages, scope parsing and mapping,
Argon2 sign-in with throttling and lock (audited), the ``users`` and ``init`` commands, the write check, and the
scope applied by every reader and list (numbers from tests/fixture_db.py, worked out by hand)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from data import accounts, db
from data import audit as audit_mod
from queries import access, lists
from queries.access import AccessError, Account
from queries.builder import Filters
from ui import blocks

ROOT = Path(__file__).resolve().parents[1]
D = dt.date
PASSWORD = "mat-khau-dung-1"


def F(**kw):
    return Filters(start=D(2024, 1, 1), end=D(2024, 12, 1), **kw)


@pytest.fixture()
def con(fixture_db_path, tmp_path):
    """A writable copy of the fixture database with migration 005 (accounts)."""
    path = tmp_path / "accounts.duckdb"
    shutil.copy(fixture_db_path, path)
    c = duckdb.connect(str(path))
    db.migrate(c)
    yield c
    c.close()


def audit_rows(c) -> list[tuple]:
    return c.execute("select actor, action, target from audit_log order by log_id").fetchall()


# ---- roles and pages ------------------------------------------------------------------------------------


def test_each_role_opens_exactly_its_pages():
    pages = list(access.PAGE_PERMISSION)
    opened = {role: access.permitted_pages(Account("x", role), pages) for role in access.ROLES}
    readable = ["overview", "channels", "teams", "activities", "contests", "compare", "present", "glossary",
                "programmes", "coverage"]
    assert opened == {
        "lanh_dao": readable,
        "chuyen_vien": readable,
        "can_bo_du_lieu": readable + ["data"],
        "quan_tri": readable + ["data", "audit", "accounts"],
    }
    assert {role: sorted(access.PERMISSIONS[role]) for role in access.ROLES} == {
        "lanh_dao": ["read"],
        "chuyen_vien": ["export", "read"],
        "can_bo_du_lieu": ["edit", "export", "import", "read"],
        "quan_tri": ["admin", "edit", "export", "import", "read"],
    }
    # an unknown page is closed to everyone but an administrator; the demo may not manage accounts
    assert not Account("x", "can_bo_du_lieu").may_open("unknown")
    assert [p for p in pages if not access.DEMO.may_open(p)] == ["audit", "accounts"]


def test_scope_parsing_maps_old_codes_and_refuses_unknown_ones():
    current = ["01", "14", "48"]
    merged = {"49": "48"}
    assert access.parse_scope("all", current, merged) is None
    assert access.parse_scope(" 48, 14 ", current, merged) == ("14", "48")
    assert access.parse_scope("49", current, merged) == ("48",)          # Quảng Nam is part of Đà Nẵng today
    assert access.parse_scope("1", current, merged) == ("01",)
    with pytest.raises(AccessError, match="99"):
        access.parse_scope("14,99", current, merged)
    with pytest.raises(AccessError, match="phạm vi trống"):
        access.parse_scope(",", current, merged)


def test_the_filter_bar_offers_a_scope_s_units_and_their_old_codes():
    from ui import filters as flt

    ctx = flt.Context(current_units={"14": "Sơn La", "48": "Đà Nẵng"},
                      historical_units={"14": "Sơn La", "48": "Đà Nẵng", "49": "Quảng Nam → Đà Nẵng"},
                      merged_into={"49": ("48", "Quảng Nam")}, platforms=("fanpage",),
                      first_month=D(2023, 1, 1), last_month=D(2026, 10, 1), scope=("48",))
    assert flt.visible_units(ctx, "current") == {"48": "Đà Nẵng"}
    assert flt.visible_units(ctx, "historical") == {"48": "Đà Nẵng", "49": "Quảng Nam → Đà Nẵng"}
    assert flt.scope_units(ctx, "historical") == ("48", "49")
    choices, notices = flt.parse({"unit": "14"}, ctx)
    assert choices.units == ("48",) and [n.key for n in notices] == ["notice.unit_scope"]
    choices, notices = flt.parse({"unit": "49", "boundary": "historical", "from": "2024-01", "to": "2024-12"}, ctx)
    assert choices.units == ("49",) and notices == []
    assert flt.defaults(ctx).units == ("48",)
    assert flt.scope_units(replace_scope(ctx, None), "current") == ()


def replace_scope(ctx, scope):
    from dataclasses import replace

    return replace(ctx, scope=scope)


def test_scopes_narrow_to_their_intersection():
    assert access.narrow(None, None) is None
    assert access.narrow(None, ("48", "14")) == ("14", "48")
    assert access.narrow(("14", "48"), ("14",)) == ("14",)
    assert access.narrow(("14",), ("48",)) == ()
    assert access.apply_scope(F(units=("48",)), ("14",)).scope == ("14",)
    assert access.scope_of(None) is None and access.scope_of("14,48") == ("14", "48")
    assert access.scope_text(None) == "all" and access.scope_text(("14", "48")) == "14,48"


# ---- accounts and sign-in -------------------------------------------------------------------------------


def test_a_password_is_stored_only_as_an_argon2id_hash(con):
    accounts.create(con, "SonLa", "chuyen_vien", ("14",), PASSWORD, actor="test")
    stored, scope = con.execute("select password_hash, scope from accounts where username = 'sonla'").fetchall()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert scope == "14"
    # the dummy hash checked for unknown names costs what a real one costs
    h = accounts._hasher
    assert f"m={h.memory_cost},t={h.time_cost},p={h.parallelism}" in accounts._DUMMY_HASH


def test_sign_in_answers_the_same_for_unknown_name_and_wrong_password_and_does_the_same_work(con, monkeypatch):
    accounts.create(con, "sonla", "chuyen_vien", ("14",), PASSWORD, actor="test")
    calls = []

    class Spy:                        # counts the Argon2 verifications (PasswordHasher has slots)
        def __init__(self, real):
            self.real = real

        def verify(self, stored, password):
            calls.append(stored)
            return self.real.verify(stored, password)

    monkeypatch.setattr(accounts, "_hasher", Spy(accounts._hasher))
    unknown = accounts.authenticate(con, "khong-co", PASSWORD, client="10.0.0.9")
    wrong = accounts.authenticate(con, "sonla", "sai-mat-khau-1", client="10.0.0.9")
    assert unknown == wrong == accounts.Attempt(None, False)
    assert len(calls) == 2 and calls[0] == accounts._DUMMY_HASH and calls[1] != accounts._DUMMY_HASH
    ok = accounts.authenticate(con, " SONLA ", PASSWORD, client="10.0.0.9")
    assert ok.account == Account("sonla", "chuyen_vien", ("14",), "", None)
    assert con.execute("select actor, action, detail, client from audit_log where action like 'sign_in%' "
                       "order by log_id").fetchall() == [
        ("khong-co", "sign_in_failed", "không có tài khoản này", "10.0.0.9"),
        ("sonla", "sign_in_failed", "sai mật khẩu (lần 1)", "10.0.0.9"),
        ("sonla", "sign_in", "đăng nhập bằng mật khẩu", "10.0.0.9"),
    ]


def test_five_failures_lock_the_account_for_fifteen_minutes_and_the_lock_is_audited(con, monkeypatch):
    accounts.create(con, "sonla", "chuyen_vien", ("14",), PASSWORD, actor="test")
    now = dt.datetime(2026, 11, 2, 9, 0)
    monkeypatch.setattr(accounts, "_now", lambda: now)
    results = [accounts.authenticate(con, "sonla", f"sai-{i}-mat-khau") for i in range(5)]
    assert [r.locked for r in results] == [False, False, False, False, True]
    assert con.execute("select locked_until from accounts").fetchall() == [(dt.datetime(2026, 11, 2, 9, 15),)]
    # the right password does not open a locked account, and says nothing more than a wrong one
    assert accounts.authenticate(con, "sonla", PASSWORD) == accounts.Attempt(None, False)
    now = dt.datetime(2026, 11, 2, 9, 15, 1)
    assert accounts.authenticate(con, "sonla", PASSWORD).account is not None
    assert [a for _actor, a, _t in audit_rows(con)] == [
        "account", *["sign_in_failed"] * 5, "lock", "sign_in_failed", "sign_in"]


def test_wrong_passwords_sent_at_once_lock_the_account_like_in_a_row(con):
    """Twelve wrong passwords at the same moment (twelve browser sessions of one process): the account is locked
    after five of them were checked, as in a row — they used to all read 0 failures, write 1 and never lock, or
    fail on DuckDB's write conflict."""
    from concurrent.futures import ThreadPoolExecutor

    accounts.create(con, "sonla", "chuyen_vien", ("14",), PASSWORD, actor="test")
    with ThreadPoolExecutor(12) as pool:
        attempts = list(pool.map(lambda i: accounts.authenticate(con, "sonla", f"sai-{i}-mat-khau"), range(12)))
    assert sum(a.locked for a in attempts) == 1 and all(a.account is None for a in attempts)
    assert accounts.authenticate(con, "sonla", PASSWORD).account is None           # locked: the right one too
    actions = [a for _actor, a, _t in audit_rows(con)]
    assert actions.count("lock") == 1 and actions.count("sign_in_failed") == 13


def test_an_administrator_is_national_so_a_scoped_one_cannot_widen_anything(con):
    """A province-scoped administrator could create a national administrator or widen its own scope: an
    administrator's scope is every unit — refused when created, given the role or narrowed; one stored before has
    no administration right (its other rights stay)."""
    accounts.create(con, "admin", "quan_tri", None, PASSWORD, actor="test")
    with pytest.raises(AccessError, match="phạm vi toàn quốc"):
        accounts.create(con, "adminsl", "quan_tri", ("14",), PASSWORD, actor="admin")
    accounts.create(con, "sonla", "can_bo_du_lieu", ("14",), PASSWORD, actor="admin")
    with pytest.raises(AccessError, match="phạm vi toàn quốc"):
        accounts.set_role(con, "sonla", "quan_tri", actor="admin")
    with pytest.raises(AccessError, match="phạm vi toàn quốc"):
        accounts.set_scope(con, "admin", ("14",), actor="admin")
    legacy = Account("cu", "quan_tri", ("14",))
    assert not legacy.can(access.ADMIN) and legacy.can(access.IMPORT)
    assert "accounts" not in access.permitted_pages(legacy, list(access.PAGE_PERMISSION))


def test_disabled_accounts_cannot_sign_in_and_the_last_administrator_stays(con):
    accounts.create(con, "admin", "quan_tri", None, PASSWORD, actor="test")
    accounts.create(con, "sonla", "chuyen_vien", ("14",), PASSWORD, actor="admin")
    accounts.set_disabled(con, "sonla", True, actor="admin")
    assert accounts.authenticate(con, "sonla", PASSWORD).account is None
    assert access.active_account(con, "sonla") is None
    with pytest.raises(AccessError, match="quản trị viên cuối cùng"):
        accounts.set_role(con, "admin", "chuyen_vien", actor="admin")
    with pytest.raises(AccessError, match="quản trị viên cuối cùng"):
        accounts.set_disabled(con, "admin", True, actor="admin")
    accounts.set_disabled(con, "sonla", False, actor="admin")
    accounts.set_scope(con, "sonla", ("14", "48"), actor="admin")
    accounts.set_role(con, "sonla", "can_bo_du_lieu", actor="admin")
    assert access.active_account(con, "sonla") == Account("sonla", "can_bo_du_lieu", ("14", "48"), "", None)
    assert [(a, t) for _w, a, t in audit_rows(con)][-4:] == [
        ("sign_in_failed", "sonla"), ("account", "sonla"), ("account", "sonla"), ("account", "sonla")]


def test_the_reference_says_whether_the_accounts_table_exists_and_reads_rely_on_it(con):
    ref = blocks.reference_of(con)
    assert ref["accounts_table"] is True
    accounts.create(con, "admin", "quan_tri", None, PASSWORD, actor="test")
    assert access.account_count(con, ref["accounts_table"]) == access.account_count(con) == 1
    assert access.active_account(con, "admin", True) == access.active_account(con, "admin")
    # told there is no table, nothing is read (a replica of a file from before migration 005)
    assert access.account_count(con, False) == 0 and access.active_account(con, "admin", False) is None
    # a database without the table (a replica of a file from before migration 005): asked, it says so; told it is
    # there, the count is read (and fails) — the caller's knowledge is used as it is
    with duckdb.connect(":memory:") as bare:
        assert not access.has_accounts_table(bare) and access.account_count(bare) == 0
        with pytest.raises(duckdb.Error):
            access.account_count(bare, True)


def test_bad_account_values_are_refused_in_vietnamese(con):
    with pytest.raises(AccessError, match="mật khẩu cần từ 10"):
        accounts.create(con, "sonla", "chuyen_vien", ("14",), "ngan", actor="test")
    with pytest.raises(AccessError, match="vai trò “sep”"):
        accounts.create(con, "sonla", "sep", ("14",), PASSWORD, actor="test")
    with pytest.raises(AccessError, match="tên đăng nhập"):
        accounts.create(con, "Sơn La", "chuyen_vien", ("14",), PASSWORD, actor="test")
    accounts.create(con, "sonla", "chuyen_vien", ("14",), PASSWORD, actor="test", email="SonLa@Example.vn")
    with pytest.raises(AccessError, match="đã có"):
        accounts.create(con, "SONLA", "chuyen_vien", ("14",), PASSWORD, actor="test")
    with pytest.raises(AccessError, match="đã thuộc tài khoản khác"):
        accounts.create(con, "khac", "chuyen_vien", None, PASSWORD, actor="test", email="sonla@example.vn")
    assert con.execute("select count(*) from accounts").fetchall() == [(1,)]


def test_single_sign_on_maps_an_email_to_its_account_and_refuses_unknown_ones(con):
    accounts.create(con, "sonla", "chuyen_vien", ("14",), None, actor="test", email="sonla@tuyengiao.vn")
    assert accounts.sign_in_by_email(con, "SonLa@TuyenGiao.vn", client="10.0.0.1").username == "sonla"
    assert accounts.sign_in_by_email(con, "la@example.com", client="10.0.0.1") is None
    assert audit_rows(con)[-2:] == [("sonla", "sign_in", "sonla"), ("la@example.com", "sign_in_failed",
                                                                     "la@example.com")]


def test_read_only_sign_in_counts_failures_in_the_process(con, monkeypatch):
    accounts.create(con, "sonla", "chuyen_vien", ("14",), PASSWORD, actor="test")
    monkeypatch.setattr(accounts, "_memory", {})
    before = len(audit_rows(con))
    for i in range(5):
        accounts.authenticate(con, "sonla", f"sai-{i}-mat-khau", writable=False)
    assert accounts.authenticate(con, "sonla", PASSWORD, writable=False).account is None      # locked in memory
    assert len(audit_rows(con)) == before                                                      # nothing written


# ---- the write check -------------------------------------------------------------------------------------


def test_check_write_refuses_units_outside_the_scope_and_roles_that_may_not_import(con):
    officer = Account("canbo", "can_bo_du_lieu", ("48",))
    access.check_write(con, officer, [1048, 1049])            # Đà Nẵng, and old Quảng Nam: part of Đà Nẵng today
    with pytest.raises(AccessError, match=r"Sơn La \(14\)"):
        access.check_write(con, officer, [1048, 1014])
    with pytest.raises(AccessError, match="không có quyền nhập"):
        access.check_write(con, Account("x", "chuyen_vien", None), [1048])
    access.check_write(con, Account("x", "quan_tri", None), [1014, 1048])


# ---- the command line -----------------------------------------------------------------------------------


def _cli(*args, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=120)


def test_init_asks_a_new_database_for_its_first_administrator(tmp_path):
    path = tmp_path / "new.duckdb"
    done = _cli("init", "--db", str(path), "--admin", "QuanTri", "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "Đã tạo quản trị viên “quantri”" in done.stdout
    c = duckdb.connect(str(path), read_only=True)
    try:
        assert c.execute("select username, role, scope, disabled from accounts").fetchall() == [
            ("quantri", "quan_tri", None, False)]
        assert c.execute("select actor, action, target, client from audit_log").fetchall()[0][1:3] == (
            "account", "quantri")
    finally:
        c.close()
    again = _cli("init", "--db", str(path), "--admin", "khac", "--password-stdin", stdin=PASSWORD + "\n")
    assert again.returncode == 1 and "đã có tài khoản" in again.stderr
    # without a terminal and without --admin: created, and told that nobody can sign in yet
    other = _cli("init", "--db", str(tmp_path / "other.duckdb"))
    assert other.returncode == 0 and "Chưa có tài khoản nào" in other.stdout


def test_users_commands_take_passwords_from_stdin_never_from_arguments(fixture_db_path, tmp_path):
    path = tmp_path / "users.duckdb"
    shutil.copy(fixture_db_path, path)
    add = _cli("users", "add", "sonla", "--role", "chuyen_vien", "--scope", "14", "--password-stdin",
               "--db", str(path), stdin=PASSWORD + "\n")
    assert add.returncode == 0, add.stderr
    assert add.stdout.strip() == "users add: đã tạo tài khoản “sonla” (chuyen_vien, phạm vi 14)."
    refused = _cli("users", "add", "x", "--role", "chuyen_vien", "--password", PASSWORD, "--db", str(path))
    assert refused.returncode == 2 and "không ghi mật khẩu trên dòng lệnh" in refused.stderr
    assert PASSWORD not in refused.stderr
    assert _cli("users", "set-scope", "sonla", "14,49", "--db", str(path)).stdout.strip() == \
        "users set-scope: phạm vi của “sonla” là 14,48."
    assert _cli("users", "set-role", "sonla", "can_bo_du_lieu", "--db", str(path)).returncode == 0
    assert _cli("users", "disable", "sonla", "--db", str(path)).returncode == 0
    listed = _cli("users", "list", "--db", str(path))
    assert listed.stdout.split("\n")[0].split()[:4] == ["sonla", "can_bo_du_lieu", "14,48", "đã"]
    assert _cli("users", "enable", "sonla", "--db", str(path)).returncode == 0
    reset = _cli("users", "reset-password", "sonla", "--password-stdin", "--db", str(path), stdin="mat-khau-moi-22\n")
    assert reset.returncode == 0, reset.stderr
    bad = _cli("users", "set-scope", "sonla", "99", "--db", str(path))
    assert bad.returncode == 1 and "99" in bad.stderr
    c = duckdb.connect(str(path))
    try:
        assert accounts.authenticate(c, "sonla", "mat-khau-moi-22").account.scope == ("14", "48")
        details = [d for (d,) in c.execute("select detail from audit_log where action = 'account' order by log_id")
                   .fetchall()]
        clients = {cl for (cl,) in c.execute("select client from audit_log where action = 'account'").fetchall()}
    finally:
        c.close()
    assert details == ["tạo tài khoản: vai trò chuyen_vien, phạm vi 14", "phạm vi 14 → 14,48",
                       "vai trò chuyen_vien → can_bo_du_lieu", "khóa tài khoản", "mở lại tài khoản",
                       "đặt lại mật khẩu"]
    assert len(clients) == 1 and next(iter(clients)).startswith("cli:")
    assert PASSWORD not in (add.stdout + add.stderr)


def test_the_audit_writer_names_its_columns_and_takes_the_run_s_client(con):
    audit_mod.set_client("192.0.2.7")
    try:
        audit_mod.append(con, "sonla", "export", "thanh-vien.xlsx", None)
    finally:
        audit_mod.set_client(None)
    assert con.execute("select actor, action, target, detail, client from audit_log").fetchall() == [
        ("sonla", "export", "thanh-vien.xlsx", None, "192.0.2.7")]


# ---- the scope on every read ---------------------------------------------------------------------------


def test_lists_show_only_the_scope_s_channels_teams_and_contests(fixture_con):
    # every channel and team of the fixture is Sơn La's (1014); contest 1 is Đà Nẵng's with Quảng Nam taking part
    assert list(lists.entities(fixture_con, "channel", scope=("14",))["entity_id"]) == [1, 2, 3]
    assert lists.entities(fixture_con, "channel", scope=("48",)).empty
    assert list(lists.entities(fixture_con, "team", scope=("14",))["entity_id"]) == [1, 2, 3, 4]
    assert lists.entities(fixture_con, "team", scope=()).empty
    assert lists.contests(fixture_con, D(2025, 9, 30), scope=("14",)).empty
    assert list(lists.contests(fixture_con, D(2025, 9, 30), scope=("48",))["contest_id"]) == [1]


def test_a_contest_one_only_took_part_in_is_listed_without_the_organiser_s_targets(con):
    con.execute("update contests set target_luot = 5000 where contest_id = 1")
    con.execute("insert into contest_participation (contest_id, unit_id, period_start, period_grain, month, nguoi, "
                "luot) values (1, 1014, DATE '2024-03-04', 'week', DATE '2024-03-01', 7, 9)")
    seen = lists.contests(con, D(2025, 9, 30), scope=("14",))
    assert seen[["contest_id", "organiser_code"]].to_dict("records") == [{"contest_id": 1, "organiser_code": "48"}]
    assert seen["target_luot"].isna().all()
    assert lists.contests(con, D(2025, 9, 30), scope=("48",))["target_luot"].tolist() == [5000]
    weeks = lists.contest_weeks(con, [1], F(), scope=("14",))
    assert weeks[["nguoi", "luot"]].sum().tolist() == [7.0, 9.0]          # Sơn La's own persons and attempts only


def test_the_direct_reader_narrows_every_query_to_its_scope(fixture_con):
    open_reader = blocks.DirectReader(fixture_con)
    son_la = blocks.DirectReader(fixture_con, ("14",))
    f = Filters(start=D(2024, 3, 1), end=D(2024, 3, 1), units=("48",))
    # Đà Nẵng's contest: 150 persons of its own plus 10 of old Quảng Nam in March 2024
    assert open_reader.totals(["contest_nguoi"], filters=f)["contest_nguoi"].tolist() == [160.0]
    asked = son_la.totals(["contest_nguoi"], filters=f)
    assert 160.0 not in asked["contest_nguoi"].tolist() and asked["contest_nguoi"].fillna(0).sum() == 0
    assert son_la.read(lists.contest_weeks, (1,), f)["nguoi"].sum() == 0
    assert son_la.read(lists.contests, D(2025, 9, 30)).empty
    assert open_reader.read(lists.contests, D(2025, 9, 30))["contest_id"].tolist() == [1]
    # a Đà Nẵng scope sees old Quảng Nam (1049, code 49) under Đà Nẵng: 150 + 10 persons
    da_nang = blocks.DirectReader(fixture_con, ("48",))
    assert da_nang.totals(["contest_nguoi"], filters=Filters(start=D(2024, 3, 1), end=D(2024, 3, 1)))[
        "contest_nguoi"].tolist() == [160.0]
    assert da_nang.totals(["contest_nguoi"], by=["unit"], filters=Filters(
        start=D(2024, 3, 1), end=D(2024, 3, 1), boundary="historical")).set_index("unit_id")[
        "contest_nguoi"].to_dict() == {1048: 150.0, 1049: 10.0}
    # a Sơn La scope sees Sơn La's facts recorded before the merger (old unit 1014, code 14): posts of 2024
    year = Filters(start=D(2024, 1, 1), end=D(2024, 12, 1))
    assert son_la.totals(["posts"], filters=year)["posts"].tolist() == [12.0]       # 2 + 5 + 5
    # targets: members 2024 of Sơn La (50) are seen by its scope only
    assert {k: g.target for k, g in son_la.targets(["members"], year, 2024).items()} == {"members": 50.0}
    assert blocks.DirectReader(fixture_con, ("48",)).targets(["members"], year, 2024) == {}


def test_the_app_s_cache_keeps_a_wide_scope_s_results_from_a_narrow_one(fixture_db_path, monkeypatch):
    """A result warmed by an all-scope reader is never served to a Sơn La reader asking the same question."""
    monkeypatch.setenv("TUYENGIAO_DB", str(fixture_db_path))
    from ui import store

    f = Filters(start=D(2024, 3, 1), end=D(2024, 3, 1), units=("48",))
    assert store.ScopedReader(None).totals(["contest_nguoi"], filters=f)["contest_nguoi"].tolist() == [160.0]
    narrow = store.ScopedReader(("14",)).totals(["contest_nguoi"], filters=f)
    assert narrow["contest_nguoi"].fillna(0).sum() == 0
    assert store.ScopedReader(None).read(lists.contests, D(2025, 9, 30))["contest_id"].tolist() == [1]
    assert store.ScopedReader(("14",)).read(lists.contests, D(2025, 9, 30)).empty
    assert store.ScopedReader(("14",)).read(lists.contest_weeks, (1,), f)["nguoi"].sum() == 0


def test_a_session_no_gate_admitted_reads_nothing(fixture_db_path, monkeypatch):
    monkeypatch.setenv("TUYENGIAO_DB", str(fixture_db_path))
    from ui import store

    monkeypatch.setattr(store.st, "session_state", {})
    assert store.session_scope() == ()
    f = Filters(start=D(2024, 7, 1), end=D(2024, 9, 1))
    assert store.totals(["posts"], filters=f)["posts"].fillna(0).sum() == 0
    store.set_session_scope(None)
    assert store.totals(["posts"], filters=f)["posts"].sum() > 0


def test_the_report_command_refuses_unknown_disabled_and_non_exporting_accounts(fixture_db_path, tmp_path):
    path = tmp_path / "report.duckdb"
    shutil.copy(fixture_db_path, path)
    c = duckdb.connect(str(path))
    db.migrate(c)
    accounts.create(c, "sonla", "chuyen_vien", ("14",), PASSWORD, actor="test")
    accounts.create(c, "lanhdao", "lanh_dao", None, PASSWORD, actor="test")
    accounts.create(c, "cu", "chuyen_vien", None, PASSWORD, actor="test")
    accounts.set_disabled(c, "cu", True, actor="test")
    c.close()
    out = tmp_path / "r.xlsx"
    base = ["report", "--db", str(path), "--page", "overview", "--from", "2024-07", "--to", "2024-09", "--out", str(out)]
    for user, message in (("khong-co", "không có tài khoản “khong-co”"), ("cu", "không có tài khoản “cu”"),
                          ("lanhdao", "không có quyền tải báo cáo")):
        done = _cli(*base, "--user", user)
        assert done.returncode == 2 and message in done.stderr, done.stderr
        assert not out.exists()
    refused = _cli(*base, "--unit", "48", "--user", "sonla")
    assert refused.returncode == 2 and "ngoài phạm vi" in refused.stderr and not out.exists()
    # the drafted report too: a unit outside the scope refused; none given, the scope's own units, as on the page
    doc = tmp_path / "n.docx"
    narrative = ["report", "--db", str(path), "--narrative", "--from", "2024-07", "--to", "2024-09", "--out", str(doc)]
    refused = _cli(*narrative, "--unit", "48", "--user", "sonla")
    assert refused.returncode == 2 and "ngoài phạm vi" in refused.stderr and not doc.exists()
    assert _cli(*narrative, "--user", "sonla").returncode == 0
    import docx

    text = "\n".join(p.text for p in docx.Document(str(doc)).paragraphs)
    assert "Sơn La" in text and "cả nước" not in text
    done = _cli(*base, "--user", "sonla")
    assert done.returncode == 0, done.stderr
    c = duckdb.connect(str(path), read_only=True)
    try:
        assert c.execute("select actor, action, target from audit_log where action = 'report' order by log_id"
                         ).fetchall() == [("sonla", "report", "n.docx"), ("sonla", "report", "r.xlsx")]
    finally:
        c.close()


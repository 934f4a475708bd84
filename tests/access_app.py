"""Shared helpers of the access tests: a database with one account per role, and an AppTest signed in as one.

``with_accounts`` copies a database and adds ``ACCOUNTS`` (passwords in ``PASSWORDS``); ``app`` opens the
dashboard on a database read-write (sign-in writes its audit rows); ``sign_in`` fills the sign-in form.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from ui.markdown import unescape

APP = "../dashboard.py"
# name -> (role, scope)
ACCOUNTS = {
    "quantri": ("quan_tri", None),
    "lanhdao": ("lanh_dao", None),
    "chuyenvien": ("chuyen_vien", None),
    "sonla": ("chuyen_vien", ("14",)),
    "canbo": ("can_bo_du_lieu", ("14",)),
}
PASSWORDS = {name: f"mat-khau-{name}-2026" for name in ACCOUNTS}
FAILED = ("Không đăng nhập được: tên đăng nhập hoặc mật khẩu không đúng. Sau 5 lần sai liên tiếp, tài khoản bị "
          "tạm khóa 15 phút.")


def with_accounts(src: Path, dst: Path, names=tuple(ACCOUNTS)) -> Path:
    """A copy of ``src`` at ``dst`` with the named accounts."""
    from data import accounts, db

    shutil.copy(src, dst)
    con = duckdb.connect(str(dst))
    try:
        db.migrate(con)
        for name in names:
            role, scope = ACCOUNTS[name]
            accounts.create(con, name, role, scope, PASSWORDS[name], actor="test",
                            email=f"{name}@tuyengiao.example")
        con.execute("checkpoint")
    finally:
        con.close()
    return dst


def app(db_path: Path, monkeypatch, page: str | None = None, **params) -> AppTest:
    """The dashboard on ``db_path`` (read-write), run once (the sign-in page, or demo mode)."""
    monkeypatch.setenv("TUYENGIAO_DB", str(db_path))
    monkeypatch.setenv("TUYENGIAO_READ_ONLY", "0")
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return go(at, page)


def go(at: AppTest, page: str | None = None) -> AppTest:
    """Run again through the entry script (the sign-in gate), then ``page`` (else the default page), the way
    the server runs every request. AppTest (Streamlit 1.67) otherwise re-runs only the page file once a run has
    ended on an ``st.navigation`` page, which would skip ``dashboard.py``; starting from no page avoids that."""
    at._finished_page_script_hash = ""
    at._page_hash = ""
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def sign_in(at: AppTest, name: str, password: str | None = None, page: str | None = None) -> AppTest:
    at.text_input(key="access_username").input(name)
    at.text_input(key="access_password").input(PASSWORDS.get(name, "") if password is None else password)
    next(b for b in at.button if b.label == "Đăng nhập").click()
    return go(at, page)


def texts(at: AppTest) -> str:
    parts = [w.value for w in at.warning] + [i.value for i in at.info] + [e.value for e in at.error]
    parts += [c.value for c in at.caption] + [m.value for m in at.markdown] + [t.value for t in at.title]
    parts += [s.value for s in at.success]
    return unescape("\n".join(str(p) for p in parts))      # as a reader sees it (ui.markdown)


def app_connection(db_path: Path):
    """The app's own connection in this process (a second connection to a file open read-write is refused)."""
    from ui import store

    return store._connection(str(Path(db_path).resolve()))


def audit(db_path: Path) -> list[tuple]:
    return app_connection(db_path).cursor().execute(
        "select actor, action, target from audit_log order by log_id").fetchall()

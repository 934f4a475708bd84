"""Access rules in one place: roles and what each may do, which page needs what, the province scope of an
account, and the reads of accounts and the audit log.

A role is one of ``ROLES``; ``PERMISSIONS`` says what it may do (read, export, edit decks, import/undo, admin:
accounts and the audit log). A scope is a tuple of today's unit codes (sorted) or ``None`` for all units; it is
applied to every read by ``queries.builder`` (``unit_clauses`` for fact rows, ``scope_clause`` for entities and
contests) and checked before every write by ``check_write``. Historical units count under the unit they are
part of today (a Sơn La analyst sees old code 14; a Đà Nẵng analyst sees old Quảng Nam, code 49).

Pure rules plus read-only SQL: never writes (``data.accounts`` does), never imports Streamlit, never raises
with an English message a user could see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

ROLES = ("lanh_dao", "chuyen_vien", "can_bo_du_lieu", "quan_tri")
READ, EXPORT, EDIT, IMPORT, ADMIN = "read", "export", "edit", "import", "admin"
PERMISSIONS: dict[str, frozenset[str]] = {
    "lanh_dao": frozenset({READ}),
    "chuyen_vien": frozenset({READ, EXPORT}),
    "can_bo_du_lieu": frozenset({READ, EXPORT, EDIT, IMPORT}),
    "quan_tri": frozenset({READ, EXPORT, EDIT, IMPORT, ADMIN}),
}
ROLE_LABELS = {"lanh_dao": "Lãnh đạo ban (xem)", "chuyen_vien": "Chuyên viên (xem, tải xuống)",
               "can_bo_du_lieu": "Cán bộ dữ liệu (nhập, sửa, hoàn tác)", "quan_tri": "Quản trị"}

# page key (ui.views keys, plus the shell's own pages) -> the permission needed to open it
PAGE_PERMISSION = {
    "overview": READ, "channels": READ, "teams": READ, "activities": READ, "contests": READ, "compare": READ,
    "present": READ, "glossary": READ, "programmes": READ, "coverage": READ, "data": IMPORT, "audit": ADMIN, "accounts": ADMIN,
}

ALL = "all"                      # the scope text of an account that sees every unit
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")
MIN_PASSWORD, MAX_PASSWORD = 10, 256

# audit actions (data.audit writes them; the audit page labels them)
ACTIONS = ("sign_in", "sign_in_failed", "lock", "sign_out", "session_expired", "import", "undo", "deck",
           "export", "report", "account")


class AccessError(ValueError):
    """An action the account may not take (the message is Vietnamese and names what was refused)."""


@dataclass(frozen=True)
class Account:
    """Who is signed in: the role decides what they may do, the scope which units' figures they see."""

    username: str
    role: str
    scope: tuple[str, ...] | None = None      # today's unit codes; None = every unit
    display_name: str = ""
    email: str | None = None
    demo: bool = False                         # the sample database with no accounts: nobody signed in

    def can(self, permission: str) -> bool:
        # administration is national (data/accounts.py refuses a scoped administrator; one stored before is not one)
        if permission == ADMIN and self.scope is not None:
            return False
        return permission in PERMISSIONS.get(self.role, frozenset())

    def may_open(self, page: str) -> bool:
        return self.can(PAGE_PERMISSION.get(page, ADMIN))

    @property
    def label(self) -> str:
        return self.display_name or self.username


# the sample database before any account exists: read, export, edit and import, but no accounts or audit log
DEMO = Account(username="demo", role="can_bo_du_lieu", scope=None, display_name="demo", demo=True)


def permitted_pages(account: Account, pages: Iterable[str]) -> list[str]:
    return [p for p in pages if account.may_open(p)]


# ---- scope ---------------------------------------------------------------------------------------------


def narrow(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The intersection of two scopes (None = everything)."""
    if a is None:
        return None if b is None else tuple(sorted(b))
    if b is None:
        return tuple(sorted(a))
    return tuple(sorted(set(a) & set(b)))


def apply_scope(filters, scope: tuple[str, ...] | None):
    """``filters`` (a ``queries.builder.Filters``) narrowed to a reader's scope: what a reader bound to an account
    passes to the builder, whatever scope the caller's filters carried."""
    if filters is None:
        raise ValueError("a scoped read needs filters")      # a programming error, not a user's
    from dataclasses import replace

    return replace(filters, scope=narrow(filters.scope, scope))


def scope_text(scope: tuple[str, ...] | None) -> str:
    """How a scope is stored and typed: 'all' or '14,48'."""
    return ALL if scope is None else ",".join(scope)


def scope_of(text: str | None) -> tuple[str, ...] | None:
    """The stored form back to a scope (NULL or 'all' -> None)."""
    if text is None or text != text or str(text).strip().lower() in ("", ALL):     # NULL read as NaN too
        return None
    return tuple(sorted({c.strip() for c in str(text).split(",") if c.strip()}))


def parse_scope(text: str, current_codes: Iterable[str], merged_into: dict[str, str] | None = None
                ) -> tuple[str, ...] | None:
    """A scope typed by an administrator: 'all' or unit codes separated by commas. An old code (49 Quảng Nam)
    is accepted as the unit it is part of today (48); an unknown code or an empty list is refused."""
    raw = str(text or "").strip()
    if raw.lower() in (ALL, "tat-ca", "tất cả"):
        return None
    current = set(current_codes)
    out, bad = set(), []
    for part in [p.strip() for p in raw.replace(";", ",").replace(" ", ",").split(",") if p.strip()]:
        code = part.zfill(2) if part.isdigit() else part
        if code in current:
            out.add(code)
        elif merged_into and code in merged_into:
            out.add(merged_into[code])
        else:
            bad.append(part)
    if bad:
        raise AccessError(f"mã đơn vị không có trong 34 đơn vị hiện hành: {', '.join(bad)}")
    if not out:
        raise AccessError("phạm vi trống: ghi “all” (tất cả đơn vị) hoặc các mã đơn vị, cách nhau bằng dấu phẩy")
    return tuple(sorted(out))


def normal_username(name: str) -> str:
    """Sign-in names are compared in lower case without surrounding spaces."""
    return str(name or "").strip().lower()


def check_username(name: str) -> str:
    name = normal_username(name)
    if not 2 <= len(name) <= 64 or not set(name) <= USERNAME_CHARS:
        raise AccessError("tên đăng nhập cần 2–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch, @")
    return name


def check_password(password: str) -> str:
    if password is None or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AccessError(f"mật khẩu cần từ {MIN_PASSWORD} đến {MAX_PASSWORD} ký tự")
    if password.strip() != password or not password.strip():
        raise AccessError("mật khẩu không được bắt đầu hay kết thúc bằng khoảng trắng")
    return password


def check_role(role: str) -> str:
    role = str(role or "").strip()
    if role not in ROLES:
        raise AccessError(f"vai trò “{role}” không có; chọn một trong: {', '.join(ROLES)}")
    return role


def check_email(email: str | None) -> str | None:
    if email is None or not str(email).strip():
        return None
    email = str(email).strip().lower()
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain or " " in email:
        raise AccessError(f"địa chỉ thư “{email}” không hợp lệ")
    return email


# ---- reads ---------------------------------------------------------------------------------------------

_ACCOUNT_COLUMNS = "username, display_name, email, role, scope, disabled, failed_count, locked_until, " \
                   "created_at, updated_at, last_sign_in_at"


def _rows(con, query: str, params=None):
    """A small result as a DataFrame (pandas is loaded by DuckDB only when a read asks for one)."""
    cur = con.cursor()
    try:
        return cur.execute(query, params or []).df()
    finally:
        cur.close()


def has_accounts_table(con) -> bool:
    return bool(len(_rows(con, "select 1 from information_schema.tables where table_name = 'accounts'")))


def _has_table(con, has_table: bool | None) -> bool:
    """``has_table`` when the caller knows whether the accounts table exists (``ui.store`` reads it with the reference,
    once per data version: a page run asked the catalogue on every step), else the database's answer."""
    return has_accounts_table(con) if has_table is None else has_table


def account_count(con, has_table: bool | None = None) -> int:
    """How many accounts exist (disabled ones included): one is enough to end demo mode."""
    if not _has_table(con, has_table):
        return 0
    return int(_rows(con, "select count(*) as n from accounts").iloc[0]["n"])


def accounts(con):
    """Every account without its password hash, by name (a DataFrame)."""
    if not has_accounts_table(con):
        import pandas as pd

        return pd.DataFrame(columns=_ACCOUNT_COLUMNS.split(", "))
    return _rows(con, f"select {_ACCOUNT_COLUMNS} from accounts order by username")


def _account(row) -> Account:
    return Account(username=row["username"], role=row["role"], scope=scope_of(row["scope"]),
                   display_name=row["display_name"] or "", email=row["email"])


def active_account(con, username: str, has_table: bool | None = None) -> Account | None:
    """The account with this name if it exists and is not disabled (role and scope as stored now)."""
    if not _has_table(con, has_table):
        return None
    df = _rows(con, f"select {_ACCOUNT_COLUMNS} from accounts where username = ? and not disabled",
               [normal_username(username)])
    return _account(df.iloc[0]) if len(df) else None


def account_exists(con, username: str, has_table: bool | None = None) -> bool:
    """Whether an account has this name, disabled or not (a disabled account's name is not a free label)."""
    if not _has_table(con, has_table):
        return False
    return bool(len(_rows(con, "select 1 from accounts where username = ?", [normal_username(username)])))


def account_by_email(con, email: str, has_table: bool | None = None) -> Account | None:
    """The enabled account a single sign-on identity maps to (by e-mail, case-insensitive)."""
    if not email or not _has_table(con, has_table):
        return None
    df = _rows(con, f"select {_ACCOUNT_COLUMNS} from accounts where email = ? and not disabled",
               [str(email).strip().lower()])
    return _account(df.iloc[0]) if len(df) else None


def current_codes(con, unit_ids: Iterable[int]) -> dict[int, str]:
    """unit id (any level, any period) -> the code of the provincial unit it is part of today."""
    ids = sorted({int(u) for u in unit_ids})
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    df = _rows(con, f"""
        select l.unit_id, cu.code
        from unit_lineage as l
        join units as cu on cu.unit_id = l.current_id
        where l.unit_id in ({marks})
    """, ids)
    return dict(zip(df["unit_id"].astype(int), df["code"]))


def check_write(con, account: Account, unit_ids: Iterable[int]) -> None:
    """Refuse a write (an import, an undo, an edit) touching any unit outside the account's scope, or by an
    account that may not import. Raises ``AccessError`` naming the units; returns None when allowed."""
    if not account.can(IMPORT):
        raise AccessError(f"tài khoản “{account.username}” không có quyền nhập hay hoàn tác số liệu")
    if account.scope is None:
        return
    ids = list(unit_ids)
    codes = current_codes(con, ids)
    unknown = sorted({int(u) for u in ids} - set(codes))
    outside = sorted({c for c in codes.values() if c not in account.scope})
    if unknown or outside:
        names = dict(_rows(con, "select code, name from units where level = 'tinh' and valid_to is null")
                     .itertuples(index=False, name=None))
        listed = ", ".join(f"{names.get(c, c)} ({c})" for c in outside)
        if unknown:
            listed = ", ".join(x for x in [listed, "mã đơn vị " + ", ".join(map(str, unknown))] if x)
        raise AccessError(f"có số liệu của đơn vị ngoài phạm vi của tài khoản “{account.username}” "
                          f"({scope_text(account.scope)}): {listed}; không ghi gì")


def write_predicate(con, account: Account):
    """What ``account`` may write, as ``importer.commit``/``undo``'s ``scope``: None for every unit, else a predicate
    on unit ids of any level and period (each counts as the current unit it is part of: a Sơn La officer may write
    old code 14's rows, a Đà Nẵng officer old Quảng Nam's). Raises ``AccessError`` for a role that may not
    import."""
    if not account.can(IMPORT):
        raise AccessError(f"tài khoản “{account.username}” không có quyền nhập hay hoàn tác số liệu")
    return scope_predicate(con, account.scope)


def scope_predicate(con, scope: tuple[str, ...] | None):
    """A predicate on unit ids of any level and period: inside ``scope`` (today's codes) as the unit it is part of
    today; None for every unit. What a write may touch, and what a preview of stored values may show."""
    if scope is None:
        return None
    allowed, seen = set(scope), {}

    def inside(unit_id: int) -> bool:
        unit_id = int(unit_id)
        if unit_id not in seen:
            seen[unit_id] = current_codes(con, [unit_id]).get(unit_id) in allowed
        return seen[unit_id]

    return inside


def batches_in_scope(history, scope: tuple[str, ...] | None):
    """The import batches (``importer.batches`` rows) a scope may see: all of them for every unit; for a scope,
    those whose recorded units (``unit_codes``) all lie inside it — a batch from before units were recorded is
    not shown (its units are not known)."""
    if scope is None or "unit_codes" not in history:
        return history
    allowed = set(scope)

    def inside(codes) -> bool:
        if codes is None or (isinstance(codes, float) and codes != codes):
            return False
        return set(c for c in str(codes).split(",") if c) <= allowed

    return history[[inside(c) for c in history["unit_codes"]]]


def audit_entries(con, start: dt.date | None = None, end: dt.date | None = None, actor: str | None = None,
                  actions: Iterable[str] = (), text: str | None = None, limit: int = 5000):
    """Audit-log rows, newest first, filtered by day range, actor (exact), actions and a search text
    (case-insensitive, in target and detail)."""
    where, params = ["true"], []
    if start is not None:
        where.append("logged_at >= ?")
        params.append(dt.datetime.combine(start, dt.time()))
    if end is not None:
        where.append("logged_at < ?")
        params.append(dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
    if actor:
        where.append("actor = ?")
        params.append(actor)
    actions = list(actions)
    if actions:
        where.append(f"action in ({', '.join('?' for _ in actions)})")
        params += actions
    if text:
        where.append("strpos(lower(coalesce(target, '') || ' ' || coalesce(detail, '')), lower(?)) > 0")
        params.append(text)
    params.append(int(limit))
    return _rows(con, f"""
        select log_id, logged_at, actor, action, target, detail, client
        from audit_log
        where {' and '.join(where)}
        order by logged_at desc, log_id desc
        limit ?
    """, params)


def audit_actors(con) -> list[str]:
    return list(_rows(con, "select distinct actor from audit_log order by actor")["actor"])

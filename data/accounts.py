"""Accounts, the write side: create, change, enable/disable, and sign-in with throttling — each audited.

Passwords are hashed with Argon2id (argon2-cffi, its default parameters) and never stored, logged or shown.
Sign-in does the same work whether or not the account exists (an unknown name is checked against a dummy
hash) and answers the same way for an unknown name, a wrong password, a disabled or a locked account, so a
caller cannot learn which names exist. After ``MAX_FAILURES`` failed attempts in a row an account is locked for
``LOCK_MINUTES``; the lock is recorded in the audit log. Every change runs in one transaction with its audit
row. With a read-only database (``writable=False``) the failure counts live in this process and the audit
rows go to the server log instead.

Never composes SQL from user input (every value is a parameter); messages are Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import zlib
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from data import audit, db
from queries import access
from queries.access import AccessError, Account

MAX_FAILURES = 5
LOCK_MINUTES = 15

log = logging.getLogger(__name__)
_hasher = PasswordHasher()
# checked when there is no real hash to check (unknown name, disabled, locked): the same parameters as every
# stored hash (argon2-cffi's defaults), so every sign-in costs the same; it matches no password anyone knows
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$m238hY+F32thRgjFDWCUlw$C2P5SyEulRwZkQwgzYKgX9qjlbqrE8WGr2ZZy77e5sQ"
_memory_lock = threading.Lock()
_memory: dict[str, tuple[int, dt.datetime | None]] = {}     # read-only mode: name -> (failures, locked until)


def hash_password(password: str) -> str:
    return _hasher.hash(access.check_password(password))


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _now() -> dt.datetime:
    return dt.datetime.now()


def _run(con, work):
    """``work(cur)`` in one transaction on a cursor of ``con``."""
    cur = con.cursor()
    try:
        cur.execute("begin transaction")
        try:
            result = work(cur)
            cur.execute("commit")
            return result
        except Exception:
            db.rollback(cur)
            raise
    finally:
        cur.close()


def _row(cur, username: str) -> dict | None:
    rows = cur.execute("select username, role, scope, email, display_name, password_hash, disabled, failed_count, "
                       "locked_until from accounts where username = ?", [username]).fetchall()
    if not rows:
        return None
    keys = ("username", "role", "scope", "email", "display_name", "password_hash", "disabled", "failed_count",
            "locked_until")
    return dict(zip(keys, rows[0]))


def _require(cur, username: str) -> dict:
    row = _row(cur, access.normal_username(username))
    if row is None:
        raise AccessError(f"không có tài khoản “{access.normal_username(username)}”")
    return row


def _describe(role: str, scope, email) -> str:
    parts = [f"vai trò {role}", f"phạm vi {access.scope_text(scope)}"]
    if email:
        parts.append(f"thư {email}")
    return ", ".join(parts)


# ---- changes (the command line and the accounts page) -----------------------------------------------------


def create(con, username: str, role: str, scope: tuple[str, ...] | None, password: str | None, *, actor: str,
           email: str | None = None, display_name: str | None = None, client: str | None = None) -> Account:
    """A new account. ``password`` None makes a single-sign-on-only account (it needs an e-mail)."""
    name = access.check_username(username)
    role = access.check_role(role)
    email = access.check_email(email)
    if scope is not None and not scope:
        raise AccessError("phạm vi trống: cần “all” hoặc ít nhất một mã đơn vị")
    _national_admin(role, scope)
    if password is None and email is None:
        raise AccessError("tài khoản không có mật khẩu cần địa chỉ thư để đăng nhập một lần (OIDC)")
    hashed = hash_password(password) if password is not None else None
    display = (display_name or "").strip()[:100] or None

    def work(cur):
        if _row(cur, name) is not None:
            raise AccessError(f"tài khoản “{name}” đã có")
        if email and cur.execute("select 1 from accounts where email = ?", [email]).fetchall():
            raise AccessError(f"địa chỉ thư {email} đã thuộc tài khoản khác")
        now = _now()
        cur.execute("insert into accounts (username, display_name, email, role, scope, password_hash, created_at, "
                    "updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                    [name, display, email, role, None if scope is None else access.scope_text(scope), hashed, now,
                     now])
        audit.append(cur, actor, "account", name, "tạo tài khoản: " + _describe(role, scope, email), client)

    _run(con, work)
    return Account(name, role, None if scope is None else tuple(sorted(scope)), display or "", email)


def set_password(con, username: str, password: str, *, actor: str, client: str | None = None) -> None:
    """A new password (an administrator's reset); clears the failure count and any lock."""
    hashed = hash_password(password)

    def work(cur):
        row = _require(cur, username)
        cur.execute("update accounts set password_hash = ?, failed_count = 0, locked_until = null, updated_at = ? "
                    "where username = ?", [hashed, _now(), row["username"]])
        audit.append(cur, actor, "account", row["username"], "đặt lại mật khẩu", client)

    _run(con, work)


def set_role(con, username: str, role: str, *, actor: str, client: str | None = None) -> None:
    role = access.check_role(role)

    def work(cur):
        row = _require(cur, username)
        _national_admin(role, access.scope_of(row["scope"]))
        _keep_an_admin(cur, row, role=role)
        cur.execute("update accounts set role = ?, updated_at = ? where username = ?", [role, _now(), row["username"]])
        audit.append(cur, actor, "account", row["username"], f"vai trò {row['role']} → {role}", client)

    _run(con, work)


def set_scope(con, username: str, scope: tuple[str, ...] | None, *, actor: str, client: str | None = None) -> None:
    if scope is not None and not scope:
        raise AccessError("phạm vi trống: cần “all” hoặc ít nhất một mã đơn vị")

    def work(cur):
        row = _require(cur, username)
        _national_admin(row["role"], scope)
        text = None if scope is None else access.scope_text(tuple(sorted(scope)))
        cur.execute("update accounts set scope = ?, updated_at = ? where username = ?", [text, _now(), row["username"]])
        audit.append(cur, actor, "account", row["username"],
                     f"phạm vi {access.scope_text(access.scope_of(row['scope']))} → {access.scope_text(scope)}", client)

    _run(con, work)


def set_email(con, username: str, email: str | None, *, actor: str, client: str | None = None) -> None:
    email = access.check_email(email)

    def work(cur):
        row = _require(cur, username)
        if email and cur.execute("select 1 from accounts where email = ? and username <> ?",
                                 [email, row["username"]]).fetchall():
            raise AccessError(f"địa chỉ thư {email} đã thuộc tài khoản khác")
        cur.execute("update accounts set email = ?, updated_at = ? where username = ?", [email, _now(), row["username"]])
        audit.append(cur, actor, "account", row["username"], f"thư {row['email'] or '—'} → {email or '—'}", client)

    _run(con, work)


def set_disabled(con, username: str, disabled: bool, *, actor: str, client: str | None = None) -> None:
    """Disable (no sign-in, open sessions end at their next step) or enable an account."""
    def work(cur):
        row = _require(cur, username)
        if disabled:
            _keep_an_admin(cur, row, disabled=True)
        cur.execute("update accounts set disabled = ?, failed_count = 0, locked_until = null, updated_at = ? "
                    "where username = ?", [bool(disabled), _now(), row["username"]])
        audit.append(cur, actor, "account", row["username"], "khóa tài khoản" if disabled else "mở lại tài khoản",
                     client)

    _run(con, work)


def _national_admin(role: str, scope) -> None:
    """An administrator manages every account and reads the whole audit log: its scope is every unit. A scoped one
    could give itself or a new account the whole country (``access.Account.can`` gives a scoped one no admin right)."""
    if role == "quan_tri" and scope is not None:
        raise AccessError("quản trị viên quản lý mọi tài khoản và nhật ký nên có phạm vi toàn quốc (all); tài khoản theo "
                          "một tỉnh dùng vai trò cán bộ dữ liệu")


def _keep_an_admin(cur, row: dict, role: str | None = None, disabled: bool = False) -> None:
    """The last enabled administrator can be neither demoted nor disabled (nobody could manage accounts)."""
    if row["role"] != "quan_tri" or row["disabled"] or (role in (None, "quan_tri") and not disabled):
        return
    others = cur.execute("select count(*) from accounts where role = 'quan_tri' and scope is null and not disabled "
                         "and username <> ?", [row["username"]]).fetchall()[0][0]
    if not others:
        raise AccessError(f"“{row['username']}” là quản trị viên cuối cùng đang hoạt động; tạo hoặc mở lại một "
                          f"quản trị viên khác trước")


# ---- sign-in ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """The outcome of a sign-in: the account, or None (one message for every refusal)."""

    account: Account | None
    locked: bool = False          # this attempt locked the account (for the audit; never told to the user)


# Attempts on one name run one at a time in this process: read the failures, verify, write the failures + 1 is one
# step, so twelve wrong passwords sent at once lock the account like twelve in a row (they all read 0 and wrote 1,
# or conflicted in DuckDB). A fixed set of locks, chosen by the name: typed names cannot grow it.
_ATTEMPT_LOCKS = tuple(threading.Lock() for _ in range(64))


def authenticate(con, username: str, password: str, *, client: str | None = None,
                 writable: bool = True) -> Attempt:
    """Check a name and a password, count failures, lock after ``MAX_FAILURES``; audit every outcome."""
    name = access.normal_username(username)[:64] or "?"
    with _ATTEMPT_LOCKS[zlib.crc32(name.encode()) % len(_ATTEMPT_LOCKS)]:
        return _authenticate(con, name, password, client, writable)


def _authenticate(con, name: str, password: str, client: str | None, writable: bool) -> Attempt:
    now = _now()
    cur = con.cursor()
    try:
        row = _row(cur, name) if access.has_accounts_table(cur) else None
    finally:
        cur.close()
    failures, locked_until = (row["failed_count"], row["locked_until"]) if row else (0, None)
    if not writable:
        with _memory_lock:
            failures, locked_until = _memory.get(name, (0, None))
    is_locked = locked_until is not None and locked_until > now
    # the same work on every path: one Argon2 verification (of a dummy hash when there is nothing to check)
    usable = row is not None and not row["disabled"] and not is_locked and row["password_hash"]
    ok = _verify(row["password_hash"] if usable else None, password) and bool(usable)
    if ok:
        account = Account(row["username"], row["role"], access.scope_of(row["scope"]), row["display_name"] or "",
                          row["email"])
        _record(con, writable, name, "sign_in", "đăng nhập bằng mật khẩu", client,
                "update accounts set failed_count = 0, locked_until = null, last_sign_in_at = ? where username = ?",
                [now, name], memory=(0, None))
        return Attempt(account)
    if row is None:
        reason = "không có tài khoản này"
    elif row["disabled"]:
        reason = "tài khoản đã bị khóa bởi quản trị"
    elif is_locked:
        reason = f"tài khoản đang tạm khóa đến {locked_until:%H:%M %d/%m/%Y}"
    else:
        reason = "sai mật khẩu"
    if row is None or row["disabled"] or is_locked:
        _record(con, writable, name, "sign_in_failed", reason, client)
        return Attempt(None)
    failures = int(failures or 0) + 1
    if failures >= MAX_FAILURES:
        until = now + dt.timedelta(minutes=LOCK_MINUTES)
        _record(con, writable, name, "sign_in_failed", f"{reason} (lần {failures})", client,
                "update accounts set failed_count = 0, locked_until = ? where username = ?", [until, name],
                memory=(0, until), then=("lock", f"tạm khóa {LOCK_MINUTES} phút đến {until:%H:%M %d/%m/%Y} sau "
                                                  f"{failures} lần đăng nhập sai"))
        return Attempt(None, locked=True)
    _record(con, writable, name, "sign_in_failed", f"{reason} (lần {failures})", client,
            "update accounts set failed_count = ? where username = ?", [failures, name], memory=(failures, None))
    return Attempt(None)


def _record(con, writable: bool, name: str, action: str, detail: str, client: str | None, update: str | None = None,
            params=None, memory=None, then: tuple[str, str] | None = None) -> None:
    """The bookkeeping of one sign-in attempt: the account row's counters and the audit rows, in one transaction
    (or, read-only, in this process and the server log)."""
    if not writable:
        if memory is not None:
            with _memory_lock:
                _memory[name] = memory
        for act, text in [(action, detail)] + ([then] if then else []):
            log.warning("audit (read-only database): %s %s %s — %s", name, act, client or "", text)
        return

    def work(cur):
        if update:
            cur.execute(update, params)
        audit.append(cur, name, action, name, detail, client)
        if then:
            audit.append(cur, name, then[0], name, then[1], client)

    _run(con, work)


def sign_in_by_email(con, email: str | None, *, client: str | None = None, writable: bool = True) -> Account | None:
    """A single sign-on identity mapped to its enabled account by e-mail; an unknown one gets nothing."""
    account = access.account_by_email(con, email) if email else None
    who = account.username if account else (str(email or "?").strip().lower()[:100] or "?")
    if account is None:
        _record(con, writable, who, "sign_in_failed", f"đăng nhập một lần: không có tài khoản với thư {email or '—'}",
                client)
        return None
    _record(con, writable, who, "sign_in", f"đăng nhập một lần (OIDC) với thư {account.email}", client,
            "update accounts set last_sign_in_at = ? where username = ?", [_now(), account.username])
    return account


def record(con, account: Account, action: str, target: str | None, detail: str | None, *,
           client: str | None = None, writable: bool = True) -> None:
    """Append one audit row for something the account did (sign-out, expiry, an export)."""
    if not writable:
        log.warning("audit (read-only database): %s %s %s %s — %s", account.username, action, client or "",
                    target or "", detail or "")
        return
    _run(con, lambda cur: audit.append(cur, account.username, action, target, detail, client))


def first_admin_needed(con) -> bool:
    """True while the database has no account at all (``python -m data init`` then asks for one)."""
    return access.account_count(con) == 0


def ensure_schema(con) -> None:
    """Accounts need migration 005; a database from an older release gains it here."""
    db.migrate(con)

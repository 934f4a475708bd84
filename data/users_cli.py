"""``python -m data users ...`` and the first administrator of ``python -m data init``.

Passwords come from a prompt (``getpass``, asked twice) or, with ``--password-stdin``, from the first line of
standard input — never from an argument, which other users of the machine could read in the process list.
Each command changes one account in one audited transaction (actor: the operating-system user, from
``data.audit.cli_client``) and prints one line.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from data import audit, db, parse
from queries import access

USERS_HELP = "tài khoản: add, list, disable, enable, reset-password, set-role, set-scope, set-email"


def read_password(args, prompt: str = "Mật khẩu: ") -> str:
    """The password from stdin (``--password-stdin``: its first line) or from a prompt asked twice."""
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise ValueError("không đọc được mật khẩu từ stdin (dòng đầu tiên)")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ValueError("không có màn hình để hỏi mật khẩu; dùng --password-stdin và đưa mật khẩu qua stdin")
    first = getpass.getpass(prompt)
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise ValueError("hai lần nhập mật khẩu không giống nhau")
    return first


def _accounts():
    """``data.accounts``, imported when a command runs (Argon2 is not loaded for the CLI's help)."""
    from data import accounts

    return accounts


def _open(args):
    path = db.resolve_path(args.db)
    if not path.exists():
        raise FileNotFoundError(f"không có cơ sở dữ liệu tại {path}; chạy “python -m data init” trước")
    con = db.connect(path)
    db.migrate(con)
    return con


def _actor() -> tuple[str, str]:
    client = audit.cli_client()
    return client.split("@", 1)[0], client


def _scope(con, text: str):
    """A typed scope checked against today's units (old codes accepted as their successor)."""
    cur = con.cursor()
    try:
        current = [r[0] for r in cur.execute(
            "select code from units where level = 'tinh' and valid_to is null").fetchall()]
        merged = dict(cur.execute(
            "select o.code, n.code from units as o join units as n on n.unit_id = o.successor_id "
            "where o.level = 'tinh' and o.valid_to is not null and o.code not in "
            "(select code from units where level = 'tinh' and valid_to is null)").fetchall())
    finally:
        cur.close()
    return access.parse_scope(text, current, merged)


def cmd_users(args) -> str:
    con = _open(args)
    try:
        return _USERS[args.users_command](con, args)
    finally:
        con.close()


def _add(con, args) -> str:
    actor, client = _actor()
    scope = _scope(con, args.scope)
    password = None if args.no_password else read_password(args)
    made = _accounts().create(con, args.name, args.role, scope, password, actor=actor, email=args.email,
                           display_name=args.display_name, client=client)
    return f"users add: đã tạo tài khoản “{made.username}” ({made.role}, phạm vi {access.scope_text(made.scope)})."


def _list(con, args) -> str:
    df = access.accounts(con)
    for r in df.itertuples(index=False):
        state = "đã khóa" if r.disabled else ("tạm khóa" if r.locked_until is not None and str(r.locked_until) != "NaT"
                                              else "hoạt động")
        last = "—" if r.last_sign_in_at is None or str(r.last_sign_in_at) == "NaT" else \
            f"{r.last_sign_in_at:%d/%m/%Y %H:%M}"
        print(f"{r.username:<24} {r.role:<15} {access.scope_text(access.scope_of(r.scope)):<16} {state:<10} "
              f"{r.email or '—':<30} {last}")
    return f"users list: {parse.vn(len(df))} tài khoản."


def _disable(con, args) -> str:
    actor, client = _actor()
    _accounts().set_disabled(con, args.name, True, actor=actor, client=client)
    return f"users disable: đã khóa tài khoản “{access.normal_username(args.name)}”."


def _enable(con, args) -> str:
    actor, client = _actor()
    _accounts().set_disabled(con, args.name, False, actor=actor, client=client)
    return f"users enable: đã mở lại tài khoản “{access.normal_username(args.name)}”."


def _reset(con, args) -> str:
    actor, client = _actor()
    if access.normal_username(args.name) not in set(access.accounts(con)["username"]):
        raise access.AccessError(f"không có tài khoản “{access.normal_username(args.name)}”")
    _accounts().set_password(con, args.name, read_password(args, "Mật khẩu mới: "), actor=actor, client=client)
    return f"users reset-password: đã đặt mật khẩu mới cho “{access.normal_username(args.name)}”."


def _set_role(con, args) -> str:
    actor, client = _actor()
    _accounts().set_role(con, args.name, args.role, actor=actor, client=client)
    return f"users set-role: “{access.normal_username(args.name)}” giờ là {args.role}."


def _set_scope(con, args) -> str:
    actor, client = _actor()
    scope = _scope(con, args.scope)
    _accounts().set_scope(con, args.name, scope, actor=actor, client=client)
    return f"users set-scope: phạm vi của “{access.normal_username(args.name)}” là {access.scope_text(scope)}."


def _set_email(con, args) -> str:
    actor, client = _actor()
    _accounts().set_email(con, args.name, args.email or None, actor=actor, client=client)
    return f"users set-email: thư của “{access.normal_username(args.name)}” là {args.email or '—'}."


_USERS = {"add": _add, "list": _list, "disable": _disable, "enable": _enable, "reset-password": _reset,
          "set-role": _set_role, "set-scope": _set_scope, "set-email": _set_email}


class _RefusePassword(argparse.Action):
    """``--password X``: refused without repeating X (an argument is visible to every user of the machine)."""

    def __call__(self, parser, namespace, values, option_string=None):
        parser.error("không ghi mật khẩu trên dòng lệnh (ai trên máy cũng đọc được); dùng --password-stdin "
                     "hoặc để chương trình hỏi")


def password_options(parser, what: str = "mật khẩu") -> None:
    parser.add_argument("--password-stdin", action="store_true", help=f"đọc {what} từ dòng đầu của stdin")
    parser.add_argument("--password", nargs="?", action=_RefusePassword, help=argparse.SUPPRESS)


def register(sub) -> None:
    """The ``users`` command and its sub-commands on the CLI's sub-parser set."""
    p = sub.add_parser("users", help=USERS_HELP)
    users = p.add_subparsers(dest="users_command", required=True)
    roles = ", ".join(access.ROLES)
    a = users.add_parser("add", help="tạo tài khoản (mật khẩu hỏi trên màn hình hoặc đọc từ stdin)")
    a.add_argument("name", help="tên đăng nhập")
    a.add_argument("--role", required=True, choices=access.ROLES, help=roles)
    a.add_argument("--scope", default=access.ALL, help="“all” hoặc mã đơn vị hiện hành, cách nhau bằng dấu phẩy")
    a.add_argument("--email", help="thư dùng cho đăng nhập một lần (OIDC)")
    a.add_argument("--display-name", help="tên hiển thị")
    password_options(a)
    a.add_argument("--no-password", action="store_true", help="chỉ đăng nhập một lần (OIDC), cần --email")
    users.add_parser("list", help="danh sách tài khoản")
    for name, text in (("disable", "khóa tài khoản"), ("enable", "mở lại tài khoản")):
        users.add_parser(name, help=text).add_argument("name")
    r = users.add_parser("reset-password", help="đặt mật khẩu mới (hỏi trên màn hình hoặc đọc từ stdin)")
    r.add_argument("name")
    password_options(r)
    r = users.add_parser("set-role", help="đổi vai trò")
    r.add_argument("name")
    r.add_argument("role", choices=access.ROLES, metavar="ROLE", help=roles)
    r = users.add_parser("set-scope", help="đổi phạm vi đơn vị")
    r.add_argument("name")
    r.add_argument("scope", help="“all” hoặc mã đơn vị hiện hành, cách nhau bằng dấu phẩy")
    r = users.add_parser("set-email", help="đổi thư dùng cho đăng nhập một lần (trống để bỏ)")
    r.add_argument("name")
    r.add_argument("email", nargs="?", default="")
    for parser in users.choices.values():       # --db after the sub-command too
        parser.add_argument("--db", dest="db_sub", help=argparse.SUPPRESS)
    p.set_defaults(fn=cmd_users)


def init_admin(path, args, was_new: bool) -> str:
    """After ``init``: on a new database, the first administrator (``--admin NAME`` with the password on stdin,
    or asked for on a terminal). Returns a sentence for the summary line."""
    accounts = _accounts()
    name = getattr(args, "admin", None)
    con = db.connect(path)
    try:
        if not accounts.first_admin_needed(con):
            if name:
                raise access.AccessError("cơ sở dữ liệu đã có tài khoản; thêm quản trị viên bằng "
                                         "“python -m data users add TÊN --role quan_tri”")
            return ""
        if not name and not (was_new and sys.stdin.isatty() and not getattr(args, "password_stdin", False)):
            return (" Chưa có tài khoản nào: mọi trang cần đăng nhập; tạo quản trị viên đầu tiên bằng "
                    "“python -m data users add TÊN --role quan_tri”.")
        if not name:
            name = input("Tên đăng nhập của quản trị viên đầu tiên: ")
        password = read_password(args)
        actor, client = _actor()
        made = _accounts().create(con, name, "quan_tri", None, password, actor=actor, client=client)
        return f" Đã tạo quản trị viên “{made.username}”."
    finally:
        con.close()

"""Command line: ``python -m data <command>`` (DESIGN §6).

The database path comes from ``--db``, else ``TUYENGIAO_DB``, else ``data/tuyengiao.duckdb``.
Every command prints a one-line summary (errors in Vietnamese on stderr) and exits 0 only on success.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from data import audit, commands, db, snapshots, users_cli
from data.kinds import KEYS as KIND_KEYS  # the import kinds' registry (imports no pandas: the help stays fast)
from data.parse import vn  # counts written the Vietnamese way: 100227 -> 100.227

# C0/C1 control characters (an ESC starts a terminal escape sequence) and bidirectional overrides: text from a
# file or the database is printed as inert text
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """``text`` safe to print: control characters and direction overrides become '�'."""
    return _CONTROL.sub("\ufffd", str(text))


# argparse's own words (usage, help, its errors) in Vietnamese: it looks each up through its module's ``_`` when it
# prints, so one table serves every command and option
_ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "options": "tùy chọn",
    "positional arguments": "tham số",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ (cần %(type)s): %(value)r",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "expected one argument": "cần một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn mơ hồ: %(option)s có thể là %(matches)s",
    "not allowed with argument %s": "không dùng cùng tham số %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ignored explicit argument %r": "bỏ qua giá trị %r",
}
_TYPE_VI = {"int": "số nguyên", "float": "số"}


class _Parser(argparse.ArgumentParser):
    """argparse with its words in Vietnamese (``_ARGPARSE_VI``) and the type names of its errors ('int' → 'số nguyên')."""

    def _get_value(self, action, arg_string):
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError as exc:
            name = getattr(action.type, "__name__", "")
            if name in _TYPE_VI:
                raise argparse.ArgumentError(action, _ARGPARSE_VI["invalid %(type)s value: %(value)r"]
                                             % {"type": _TYPE_VI[name], "value": arg_string}) from exc
            raise


argparse._ = lambda text: _ARGPARSE_VI.get(text, text)


class UsageError(ValueError):
    """A bad argument of a command: the message says which and why (exit status 2, as ``reports.run``'s)."""


def say(text: str = "", err: bool = False) -> None:
    print(terminal_text(text), file=sys.stderr if err else sys.stdout)


def _progress(fraction: float, message: str) -> None:
    print(f"  {fraction * 100:5.1f}%  {message}", file=sys.stderr, flush=True)


def cmd_init(args) -> str:
    path = db.resolve_path(args.db)
    was_new = not path.exists()
    applied = commands.init(path)
    admin = users_cli.init_admin(path, args, was_new)     # a new database asks for its first administrator
    return f"init: {path} sẵn sàng; áp dụng {len(applied)} migration ({', '.join(applied) or 'không có mới'}).{admin}"


def cmd_sample(args) -> str:
    path = db.resolve_path(args.db)
    if args.scale < 1:
        raise ValueError("--scale phải là số nguyên ≥ 1")
    if not args.force:
        commands.check_replaceable(path)
    started = time.perf_counter()
    counts = commands.sample(path, seed=args.seed, scale=args.scale, progress=None if args.quiet else _progress)
    took = time.perf_counter() - started
    # the build counts the synthetic commune-level units it adds (scale > 1) as "units": named so, and left out at 0
    named = {("communes" if k == "units" else k): v for k, v in counts.items() if not (k == "units" and not v)}
    summary = ", ".join(f"{k} {vn(v)}" for k, v in named.items())
    return f"sample: đã tạo {path} (seed {args.seed}, scale {args.scale}) trong {took:.1f} s — {summary}."


def _month_arg(text: str | None, option: str):
    from data import parse

    try:
        return None if text is None else parse.month(text)
    except parse.ParseError as exc:
        raise UsageError(f"{option}: {exc}") from None


def cmd_export(args) -> str:
    path = db.resolve_path(args.db)
    if not path.exists():
        raise FileNotFoundError(f"không có cơ sở dữ liệu tại {path}")
    if args.kind:
        return _export_kind(path, args)
    if args.unit or args.month_from or args.month_to or args.format:
        raise ValueError("--unit, --from, --to và --format chỉ dùng cùng --kind")
    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"thư mục {out} đã có dữ liệu; chọn thư mục trống")
    n = commands.export_parquet(path, out)
    for line in audit.append_from_cli(path, None, "export", str(out), f"toàn bộ cơ sở dữ liệu, {n} bảng (Parquet)"):
        say(line, err=True)
    return f"export: đã xuất {n} bảng sang Parquet tại {out}."


def _export_kind(path: Path, args) -> str:
    from data import templates

    out = Path(args.out)
    suffix = out.suffix.lstrip(".").lower()
    fmt = args.format or suffix or "xlsx"
    if out.is_dir():
        raise UsageError(f"--out “{out}” là một thư mục; cần đường dẫn một tệp .xlsx hoặc .csv")
    if args.format and suffix and suffix != args.format:      # as `report`: the name says what the file is
        raise UsageError(f"tệp --out “{out}” có đuôi .{suffix} nhưng --format là {args.format}")
    if fmt not in ("xlsx", "csv"):
        raise UsageError(f"tệp --out “{out}” có đuôi .{suffix}: chỉ xuất được xlsx hoặc csv (đặt tên tệp có đuôi .xlsx hoặc .csv)")
    month_from, month_to = _month_arg(args.month_from, "--from"), _month_arg(args.month_to, "--to")
    if month_from and month_to and month_from > month_to:
        raise UsageError(f"--from {args.month_from} sau --to {args.month_to}: tháng bắt đầu phải trước hoặc bằng "
                         "tháng kết thúc")
    units = [u.strip() for group in (args.unit or []) for part in group for u in part.split(",") if u.strip()]
    con = db.connect(path, read_only=True)
    try:
        unknown = templates.unknown_units(con, units)
        if unknown:
            raise UsageError(", ".join(f"mã đơn vị “{code}” không tồn tại" for code in unknown) + " (--unit)")
        n = templates.export(con, args.kind, args.out, units=units or None, month_from=month_from,
                             month_to=month_to, fmt=fmt)
    finally:
        con.close()
    for line in audit.append_from_cli(path, None, "export", Path(args.out).name,
                                      f"{args.kind}, {n} dòng ({fmt}); đơn vị {','.join(units) or 'tất cả'}"):
        say(line, err=True)
    return f"export: đã xuất {vn(n)} dòng {args.kind} ra {args.out} ({fmt}, đúng mẫu nhập)."


def cmd_template(args) -> str:
    from data import templates

    path = db.resolve_path(args.db)
    if not path.exists():
        raise FileNotFoundError(f"không có cơ sở dữ liệu tại {path} (cần danh mục đơn vị cho mẫu)")
    con = db.connect(path, read_only=True)
    try:
        n = templates.template(con, args.kind, args.out, examples_in_data=args.examples)
    finally:
        con.close()
    extra = f", {n} dòng ví dụ trong trang số liệu" if n else ""
    return f"template: đã tạo mẫu {args.kind} tại {args.out}{extra}."


OPERATOR = "cli"        # who writes when no --user is given: the operator on the server, every unit


def _cli_scope(con, user: str | None):
    """``--user NAME``: the account whose role and scope bound what the command may write (the same predicate the
    Data page uses); without it the operator (``OPERATOR``) is unbounded. A name that is no account is refused, as
    `report --user` refuses it (a database without accounts too): it was recorded as the author of the batch."""
    from queries import access

    if user is None:
        return None
    account = access.active_account(con, user)
    if account is None and access.account_exists(con, user):
        raise PermissionError(f"tài khoản “{user}” đã bị khóa: không được ghi số liệu")
    if account is None:
        raise UsageError(f"không có tài khoản “{access.normal_username(user)}” (--user); bỏ --user để ghi với tên "
                         f"người vận hành “{OPERATOR}”")
    return access.write_predicate(con, account)


def cmd_import(args) -> str:
    from data import importer

    path = db.require(db.resolve_path(args.db))
    con = db.connect(path)
    try:
        db.migrate(con)
        scope = _cli_scope(con, args.user)      # before reading: a name that is no account is refused at once
        parsed = [importer.read_path(con, Path(f)) for f in args.files]
        failed = False
        for p in parsed:
            for problem in p.problems:
                say(f"{p.file_name}: {problem.text()}")
            failed |= bool(p.errors)
        if failed:
            n = sum(len(p.errors) for p in parsed)
            raise ValueError(f"{n} lỗi; không nhập gì, cơ sở dữ liệu giữ nguyên")
        if args.dry_run:
            summaries = [importer.preview(con, p, scope=scope) for p in parsed]
            refused = [f"{p.file_name}: {s['refused']}" for p, s in zip(parsed, summaries) if s["refused"]]
            if refused:
                raise importer.ScopeError("; ".join(refused))
        else:       # every file or none: one transaction
            summaries = importer.commit_all(con, parsed, args.user or OPERATOR, scope=scope)
            if any(s["batch_id"] is not None for s in summaries):
                snapshots.publish_if_enabled(con, path)
        lines = []
        for p, summary in zip(parsed, summaries):
            if summary["already_batch"] is not None:
                lines.append(f"{p.file_name}: đã nhập ở lô {summary['already_batch']}, không thay đổi gì")
            else:
                verb = "sẽ nhập" if args.dry_run else f"đã nhập lô {summary['batch_id']}"
                lines.append(f"{p.file_name}: {verb} — {vn(summary['new'])} dòng mới, {vn(summary['replaced'])} thay "
                             f"thế, {vn(summary['unchanged'])} không đổi")
        return "import: " + "; ".join(lines)
    finally:
        con.close()


# a batch's status as the Data page names it (ui.messages "data.status.*")
BATCH_STATUS = {"committed": "đã nhập", "undone": "đã hoàn tác"}


def cmd_batches(args) -> str:
    from data import importer

    con = db.connect(db.require(db.resolve_path(args.db)))
    try:
        db.migrate(con)
        df = importer.batches(con)
    finally:
        con.close()
    for r in df.itertuples(index=False):
        say(f"{r.batch_id:>5}  {BATCH_STATUS.get(r.status, r.status):<11}  {r.kind:<12}  +{vn(r.rows_added)} "
            f"~{vn(r.rows_replaced)} ={vn(r.rows_unchanged)}  {r.created_by}  {r.created_at:%d/%m/%Y %H:%M}  "
            f"{r.file_name}  {r.checksum[:12]}")
    return f"batches: {vn(len(df))} lô nhập."


def cmd_undo(args) -> str:
    from data import importer

    con = db.connect(db.require(db.resolve_path(args.db)))
    try:
        db.migrate(con)
        counts = importer.undo(con, args.batch, args.user or OPERATOR, scope=_cli_scope(con, args.user))
        snapshots.publish_if_enabled(con, db.resolve_path(args.db))
    finally:
        con.close()
    return f"undo: đã hoàn tác lô {args.batch}: {importer.undo_words(counts)}."


def cmd_publish(args) -> str:
    path = db.require(db.resolve_path(args.db))
    con = db.connect(path)
    try:
        db.migrate(con)
        snap = snapshots.publish(con, path)
    finally:
        con.close()
    return (f"publish: đã xuất bản ảnh chụp {snap.name}; các tiến trình đọc (TUYENGIAO_SNAPSHOTS=1) dùng nó từ lần "
            "chạy trang tiếp theo, và từ nay mỗi lần nhập/hoàn tác đều xuất bản ảnh chụp mới.")


def cmd_backup(args) -> str:
    path = db.resolve_path(args.db)
    size = commands.backup(path, Path(args.out))
    for line in audit.append_from_cli(path, None, "backup", str(args.out), f"{size / 1048576:.1f} MiB"):
        say(line, err=True)
    return f"backup: đã sao lưu {path} vào {args.out} ({size / 1048576:.1f} MiB)."


def cmd_info(args) -> str:
    path = db.resolve_path(args.db)
    if not path.exists():
        raise FileNotFoundError(f"không có cơ sở dữ liệu tại {path}")
    info = commands.info(path)
    say("\n".join(f"{k}: {vn(v) if isinstance(v, int) else v}" for k, v in info.items()))
    return f"info: {path}, {info.get('months', '—')}."


def cmd_report(args) -> str:
    from reports import run

    units = ",".join(code for group in (args.unit or []) for code in group) or None
    params = {"unit": units, "from": args.month_from, "to": args.month_to, "grain": args.grain,
              "compare": args.compare, "boundary": args.boundary}
    req = run.Request(page=args.page, deck=args.deck, params=params, fmt=args.format, out=args.out,
                      lang=args.lang or "vi", narrative=args.narrative or args.programme is not None, user=args.user,
                      programme=args.programme, year=args.year)
    out, size, info = run.report(req, db.resolve_path(args.db))
    for line in info:
        say(f"lưu ý: {line}", err=True)
    what = f"trang {args.page}" if args.page else (f"bài trình chiếu “{args.deck}”" if args.deck
                                                    else f"báo cáo chương trình phối hợp số {args.programme}"
                                                    if args.programme is not None
                                                    else "báo cáo soạn sẵn (sơ kết/tổng kết)")
    return f"report: đã ghi {out} ({size / 1024:,.0f} KiB) — {what}.".replace(",", ".")


def main(argv=None) -> int:
    parser = _Parser(prog="python -m data", description="Quản lý cơ sở dữ liệu tuyên giáo.")
    parser.add_argument("--db", help="đường dẫn tệp DuckDB (mặc định: $TUYENGIAO_DB hoặc data/tuyengiao.duckdb)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH", title="lệnh",
                                parser_class=_Parser)
    p = sub.add_parser("init", help="tạo mới hoặc nâng cấp cơ sở dữ liệu (mới: hỏi quản trị viên đầu tiên)")
    p.add_argument("--admin", metavar="NAME", help="quản trị viên đầu tiên của cơ sở dữ liệu mới")
    users_cli.password_options(p, "mật khẩu của --admin")
    p.set_defaults(fn=cmd_init)
    p = sub.add_parser("sample", help="tạo cơ sở dữ liệu mẫu")
    p.add_argument("--seed", type=int, default=2024, help="hạt giống ngẫu nhiên (mặc định 2024: luôn cùng một mẫu)")
    p.add_argument("--scale", type=int, default=1, help="nhân khối lượng dữ liệu (cho đo hiệu năng)")
    p.add_argument("--quiet", action="store_true", help="không in tiến trình")
    p.add_argument("--force", action="store_true", help="ghi đè cả cơ sở dữ liệu thật hoặc đang được dùng")
    p.set_defaults(fn=cmd_sample)
    p = sub.add_parser("export", help="xuất toàn bộ cơ sở dữ liệu sang Parquet, hoặc một loại số liệu (--kind) "
                                      "đúng mẫu nhập")
    p.add_argument("--out", required=True, help="thư mục đích (trống) cho Parquet; tệp .xlsx/.csv với --kind")
    p.add_argument("--kind", choices=sorted(KIND_KEYS), help="loại số liệu, xuất đúng mẫu nhập")
    p.add_argument("--unit", action="append", nargs="+", metavar="CODE", help="mã đơn vị (có thể nhiều)")
    p.add_argument("--from", dest="month_from", metavar="YYYY-MM", help="từ tháng báo cáo")
    p.add_argument("--to", dest="month_to", metavar="YYYY-MM", help="đến tháng báo cáo")
    p.add_argument("--format", choices=("xlsx", "csv"), help="mặc định theo đuôi tệp --out")
    p.set_defaults(fn=cmd_export)
    p = sub.add_parser("template", help="tạo mẫu nhập (XLSX có hướng dẫn và danh mục, hoặc CSV)")
    p.add_argument("kind", choices=sorted(KIND_KEYS), metavar="KIND", help=", ".join(KIND_KEYS))
    p.add_argument("--out", required=True, help="tệp .xlsx hoặc .csv")
    p.add_argument("--examples", action="store_true", help="điền 2 dòng ví dụ vào trang số liệu")
    p.set_defaults(fn=cmd_template)
    p = sub.add_parser("import", help="kiểm tra và nhập tệp báo cáo (XLSX/CSV), tất cả hoặc không gì")
    p.add_argument("files", nargs="+", metavar="FILE", help="tệp báo cáo .xlsx hoặc .csv (nhiều tệp: tất cả hoặc không gì)")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và xem trước, không ghi")
    p.add_argument("--user", metavar="NAME", help="tài khoản người nhập (ghi vào lịch sử và nhật ký; chỉ ghi trong "
                                                  "phạm vi đơn vị của tài khoản đó); mặc định: người vận hành “cli”")
    p.set_defaults(fn=cmd_import)
    sub.add_parser("batches", help="lịch sử các lô nhập").set_defaults(fn=cmd_batches)
    p = sub.add_parser("undo", help="hoàn tác một lô nhập")
    p.add_argument("batch", type=int, metavar="BATCH", help="số lô (xem `python -m data batches`)")
    p.add_argument("--user", metavar="NAME", help="tài khoản người hoàn tác (như của import)")
    p.set_defaults(fn=cmd_undo)
    sub.add_parser("info", help="thông tin cơ sở dữ liệu").set_defaults(fn=cmd_info)
    sub.add_parser("publish", help="xuất bản ảnh chụp cho các tiến trình chỉ đọc (nhiều máy chủ ứng dụng)"
                   ).set_defaults(fn=cmd_publish)
    p = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu thành một tệp DuckDB (nhất quán)")
    p.add_argument("--out", required=True, help="tệp sao lưu mới (.duckdb)")
    p.set_defaults(fn=cmd_backup)
    p = sub.add_parser("report", help="xuất báo cáo của một trang hoặc một bài trình chiếu (PPTX/PDF/XLSX), "
                                      "không cần trình duyệt")
    p.add_argument("--page", help="trang: overview, channels, teams, activities, contests, compare "
                                  "(hoặc đường dẫn: kenh-thong-tin…)")
    p.add_argument("--deck", help="tên (hoặc số) bài trình chiếu đã lưu")
    p.add_argument("--narrative", action="store_true",
                   help="báo cáo sơ kết/tổng kết soạn sẵn theo thể thức văn bản của Đảng (DOCX/PDF)")
    p.add_argument("--programme", metavar="ID",
                   help="với --narrative: báo cáo kết quả thực hiện chương trình phối hợp số ID (DOCX/PDF)")
    p.add_argument("--year", metavar="YYYY", help="với --programme: năm báo cáo (mặc định: năm gần nhất đã có số liệu)")
    p.add_argument("--unit", action="append", nargs="+", metavar="CODE", help="mã đơn vị (có thể nhiều)")
    p.add_argument("--from", dest="month_from", metavar="YYYY-MM", help="từ tháng báo cáo")
    p.add_argument("--to", dest="month_to", metavar="YYYY-MM", help="đến tháng báo cáo")
    p.add_argument("--grain", metavar="month|quarter|half|year", help="kỳ báo cáo")
    p.add_argument("--compare", metavar="prev|yoy|none", help="so sánh")
    p.add_argument("--boundary", metavar="current|historical", help="địa giới")
    p.add_argument("--format", metavar="pptx|pdf|xlsx|docx", help="mặc định theo đuôi tệp --out")
    p.add_argument("--lang", metavar="vi|en", help="ngôn ngữ (mặc định vi)")
    p.add_argument("--out", help="tệp kết quả")
    p.add_argument("--user", metavar="NAME", help="tài khoản: báo cáo theo vai trò và phạm vi đơn vị của tài khoản này")
    p.set_defaults(fn=cmd_report)
    users_cli.register(sub)
    # --db is accepted after the command too: python -m data sample --db x.duckdb
    for action in sub.choices.values():
        action.add_argument("--db", dest="db_sub", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if getattr(args, "db_sub", None):
        args.db = args.db_sub
    audit.set_client(audit.cli_client())      # "from where" of every audit row this command writes
    try:
        say(args.fn(args))
        return 0
    except Exception as exc:  # every failure is one readable line, never a traceback
        if type(exc).__name__ == "UsageError":       # a bad argument (reports.run), like argparse's own
            say(f"lỗi ({args.command}): {exc}", err=True)
            return 2
        say(f"lỗi ({args.command}): {os_words(exc) or exc}", err=True)
        return 1


def os_words(exc: BaseException) -> str | None:
    """A file-system error in Vietnamese, with the path ("[Errno 2] No such file or directory" told no one)."""
    words = {FileNotFoundError: "không có tệp hoặc thư mục", IsADirectoryError: "đây là một thư mục, không phải tệp",
             NotADirectoryError: "một phần của đường dẫn không phải thư mục",
             PermissionError: "không có quyền đọc/ghi", FileExistsError: "đã có tệp hoặc thư mục này"}
    if isinstance(exc, OSError) and exc.filename is not None:
        for kind, text in words.items():
            if isinstance(exc, kind):
                return f"{text}: {exc.filename}"
    return None


if __name__ == "__main__":
    sys.exit(main())

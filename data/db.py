"""Database location, connection and migrations.

Resolves the database path (``--db``, else ``TUYENGIAO_DB``, else ``data/tuyengiao.duckdb``), opens
DuckDB connections and applies the numbered SQL migrations in ``data/migrations`` idempotently,
recording each in ``schema_migrations``. It must never hold a connection open between calls of its own.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
DEFAULT_DB = Path(__file__).parent / "tuyengiao.duckdb"
ENV_VAR = "TUYENGIAO_DB"


def resolve_path(cli_path: str | os.PathLike | None = None) -> Path:
    """The database path: explicit argument, else the environment variable, else the default."""
    if cli_path:
        return Path(cli_path)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return DEFAULT_DB


def is_default_path(path: Path) -> bool:
    return Path(path).resolve() == DEFAULT_DB.resolve()


class DatabaseError(RuntimeError):
    """A database that cannot be opened, said in Vietnamese (the CLI prints it, the app shows it)."""


class DatabaseBusy(DatabaseError):
    """Another process holds the file (DuckDB allows one writer process, or several readers)."""


class DatabaseDamaged(DatabaseError):
    """Not a DuckDB file, truncated, or failing its checksums."""


class DatabaseMissing(DatabaseError, FileNotFoundError):
    """No file where a command needs an existing database."""


_BUSY_SIGNS = ("could not set lock", "conflicting lock")
_DAMAGED_SIGNS = ("not a valid duckdb database", "could not read enough bytes", "corrupt database",
                  "checksum", "invalid_input", "serialization")


def explain_open_error(path: Path, exc: BaseException) -> DatabaseError | None:
    """DuckDB's English error on opening a file as one of ours with a Vietnamese message (None when it is
    something else)."""
    text = str(exc).lower()
    if any(sign in text for sign in _BUSY_SIGNS):
        return DatabaseBusy(
            f"cơ sở dữ liệu {path} đang được một tiến trình khác mở (có thể là bảng điều khiển đang chạy). "
            "Để nhập hoặc hoàn tác, dùng trang Dữ liệu của bảng điều khiển; hoặc dừng ứng dụng rồi chạy lại "
            "lệnh; để sao lưu khi ứng dụng đang chạy, dùng `python -m data backup`.")
    if any(sign in text for sign in _DAMAGED_SIGNS):
        return _damaged(path)
    return None


def _damaged(path: Path) -> DatabaseDamaged:
    return DatabaseDamaged(
        f"tệp {path} không phải cơ sở dữ liệu DuckDB hợp lệ hoặc đã bị hỏng/cắt cụt; không mở được. "
        "Hãy khôi phục từ bản sao lưu gần nhất (xem README, mục Sao lưu).")


# a DuckDB file starts with an 8-byte checksum and the magic bytes "DUCK"
_MAGIC, _MAGIC_AT = b"DUCK", 8


def _check_header(path: Path) -> None:
    """An existing file must be a DuckDB database whatever its name: DuckDB opens a file it does not recognise
    as one by its extension (a CSV, a Parquet file) as a throwaway in-memory database, and a command would
    report success having saved nothing."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_MAGIC_AT + len(_MAGIC))
    except OSError:
        return      # unreadable: DuckDB's own error says why
    if head[_MAGIC_AT:] != _MAGIC:
        raise _damaged(path)


def rollback(con) -> None:
    """Roll back after a failed write. A commit that failed (a full disk) has already been rolled back by DuckDB,
    and a second rollback would raise and hide the real error: that one is ignored."""
    try:
        con.execute("rollback")
    except duckdb.Error:
        pass


def explain_write_error(exc: BaseException) -> str:
    """A failed write in Vietnamese, for the person who asked for it (the transaction was rolled back)."""
    text = str(exc)
    if "no space left" in text.lower():
        return ("ổ đĩa chứa cơ sở dữ liệu đã đầy — hãy giải phóng dung lượng rồi thử lại; các trang vẫn hoạt "
                "động bình thường")
    busy = explain_open_error(Path("?"), exc)
    if isinstance(busy, DatabaseBusy):
        return "cơ sở dữ liệu đang được một tiến trình khác ghi — hãy thử lại sau ít phút"
    if isinstance(exc, duckdb.Error):
        # the database's own words (English, about tables and columns) are for the server's log, not the person
        import logging

        logging.getLogger(__name__).error("write failed: %s", text)
        return ("lỗi của cơ sở dữ liệu khi ghi (chi tiết đã ghi vào nhật ký của máy chủ) — báo cho quản trị viên nếu "
                "lỗi lặp lại")
    return text


def require(path: str | os.PathLike) -> Path:
    """The path of a database a command reads or changes: it must exist (never create an empty one)."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseMissing(f"không có cơ sở dữ liệu tại {path} (tạo bằng `python -m data init` hoặc "
                              "`python -m data sample`)")
    return path


def connect(path: str | os.PathLike, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to ``path``; a busy, damaged or foreign file raises a ``DatabaseError`` in Vietnamese."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    # only a read-only open is checked: a writer's header may count blocks it has not written yet, and with
    # a write-ahead log the count includes blocks the log is about to add
    checkable = read_only and path.is_file() and not Path(str(path) + ".wal").exists()
    if path.is_file():
        _check_header(path)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        explained = explain_open_error(path, exc)
        if explained is None:
            raise
        raise explained from exc
    if db_file_of(con) is None:         # never a throwaway in-memory database for a path given (":memory:")
        con.close()
        raise DatabaseDamaged(f"“{path}” không phải đường dẫn một tệp cơ sở dữ liệu (DuckDB sẽ mở một cơ sở dữ liệu "
                              "tạm trong bộ nhớ, không lưu gì); hãy chọn một tệp .duckdb")
    if checkable:
        _check_complete(con, path)
    return con


def db_file_of(con: duckdb.DuckDBPyConnection) -> str | None:
    """The file behind the connection's database (None: in memory)."""
    row = one(con, "select path from duckdb_databases() where database_name = current_database()")
    return row[0] if row else None


def _check_complete(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """A file cut short (a copy interrupted, a full disk) opens, since DuckDB reads its header first, and
    fails only when a missing block is read: a file smaller than its blocks in use is refused at open."""
    try:
        block_size, used_blocks = con.execute(
            "select block_size, used_blocks from pragma_database_size() limit 1").fetchall()[0]
        size = path.stat().st_size
    except (duckdb.Error, OSError, IndexError):
        return
    needed = int(block_size) * int(used_blocks)     # each block in use has its own place in the file
    if size < needed:
        con.close()
        raise DatabaseDamaged(
            f"tệp {path} không phải cơ sở dữ liệu DuckDB hợp lệ hoặc đã bị hỏng/cắt cụt ({size} byte, cần ít nhất "
            f"{needed}); không mở được. Hãy khôi phục từ bản sao lưu gần nhất "
            "(xem README, mục Sao lưu).")


def migrations() -> list[tuple[int, str, Path]]:
    found = []
    for file in sorted(MIGRATIONS_DIR.glob("*.sql")):
        number = int(file.name.split("_", 1)[0])
        found.append((number, file.stem, file))
    return found


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    con.execute(
        """
        create table if not exists schema_migrations (
            version    integer primary key,
            name       varchar not null,
            applied_at timestamp not null
        )
        """
    )
    return {row[0] for row in con.execute("select version from schema_migrations").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every migration not yet recorded, each in its own transaction. Returns the names applied."""
    done = applied_versions(con)
    applied = []
    for number, name, file in migrations():
        if number in done:
            continue
        con.execute("begin transaction")
        try:
            con.execute(file.read_text(encoding="utf-8"))
            con.execute(
                "insert into schema_migrations values (?, ?, ?)",
                [number, name, dt.datetime.now()],
            )
            con.execute("commit")
        except Exception:
            rollback(con)
            raise
        applied.append(name)
    return applied


def one(con: duckdb.DuckDBPyConnection, query: str, params=None) -> tuple | None:
    """The first row of a small result, read to the end: DuckDB 2.x refuses further work on a connection
    whose result was only partly fetched (``fetchone`` leaves it open)."""
    rows = con.execute(query, params or []).fetchall()
    return rows[0] if rows else None


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute(
        "insert or replace into meta (key, value) values (?, ?)",
        [key, str(value)],
    )


def get_meta(con: duckdb.DuckDBPyConnection, key: str, default: str | None = None) -> str | None:
    row = one(con, "select value from meta where key = ?", [key])
    return row[0] if row else default


def bump_data_version(con: duckdb.DuckDBPyConnection, provinces=None, sources=None, months=None) -> int:
    """Every write of facts ends by bumping this, in its transaction, so cached query results keyed on it go
    stale at once; the rollups of the ``provinces`` it touched (province ids as recorded; None: all) are
    recomputed in the same transaction — those reading the fact tables ``sources`` it wrote (None: all) — and
    marked as matching the new version (monthly sums only for the report ``months`` written) (``data.rollups``)."""
    from data import rollups

    current = int(get_meta(con, "data_version", "0") or 0)
    set_meta(con, "data_version", str(current + 1))
    rollups.refresh(con, provinces, sources, months)
    return current + 1

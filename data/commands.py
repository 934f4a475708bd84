"""Whole-database operations shared by the command line and the app: init and sample.

A sample is built into a temporary file beside the target and moved into place only when complete,
so an interrupted build never leaves a half-built database behind.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from data import db, reference
from data import sql as q


def init(path: Path) -> list[str]:
    """Create or migrate the database and (re)load the reference rows. Returns the migrations applied."""
    con = db.connect(path)
    try:
        applied = db.migrate(con)
        reference.load(con)
        if db.get_meta(con, "is_sample") is None:
            db.set_meta(con, "is_sample", "0")
        return applied
    finally:
        con.close()


def check_replaceable(path: Path) -> None:
    """Refuse to replace a database that is not a sample, or that another process has open: only ``--force``
    may do that (``python -m data sample``). A missing file is fine."""
    path = Path(path)
    if not path.exists():
        return
    con = db.connect(path, read_only=True)      # DatabaseBusy / DatabaseDamaged when in use or not ours
    try:
        has_meta = db.one(con, "select count(*) from information_schema.tables where table_name = 'meta'")[0]
        is_sample = db.get_meta(con, "is_sample") if has_meta else None
    finally:
        con.close()
    if is_sample != "1":
        raise db.DatabaseError(f"{path} là cơ sở dữ liệu thật (không phải dữ liệu mẫu); không ghi đè. "
                               "Chọn đường dẫn khác bằng --db, hoặc thêm --force nếu thật sự muốn thay thế.")


def sample(path: Path, seed: int = 2024, scale: int = 1, progress=None, force: bool = True) -> dict:
    """Build the deterministic sample database at ``path``. An existing file is replaced only when it is a
    sample not in use, or with ``force``."""
    from data import sample as sample_mod

    path = Path(path)
    if not force:
        check_replaceable(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".building-{os.getpid()}")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    con = db.connect(tmp)
    try:
        db.migrate(con)
        reference.load(con)
        counts = sample_mod.build(con, seed=seed, scale=scale, progress=progress, staged=True)
        con.execute("checkpoint")
    finally:
        con.close()
    Path(str(path) + ".wal").unlink(missing_ok=True)
    os.replace(tmp, path)
    return counts


def export_parquet(path: Path, out: Path) -> int:
    """The whole database as Parquet, for a backup or a data lake any Parquet engine can query: the monthly fact
    tables (activities, channel and team snapshots, contest participation) partitioned by year and today's unit
    code (``<table>/year=2024/unit=14/*.parquet``), every other table one file (``<table>.parquet``; the accounts
    without their password hashes)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    con = db.connect(path, read_only=True)
    try:
        tables = [r[0] for r in con.execute(q.BASE_TABLES).fetchall()]
        for table in tables:
            # table names come from the catalogue itself; the file path (a user's) is a parameter, never SQL
            if table in q.PARTITION_UNIT:
                con.execute(q.COPY_PARTITIONED.format(table=table, unit_expr=q.PARTITION_UNIT[table]),
                            [str(out / table)])
            elif table == "accounts":
                con.execute(q.COPY_ACCOUNTS_TO_PARQUET, [str(out / (table + ".parquet"))])
            else:
                con.execute(q.COPY_TO_PARQUET.format(table=table), [str(out / (table + ".parquet"))])
        return len(tables)
    finally:
        con.close()


def fact_tables() -> tuple[list[str], list[str]]:
    """Every table the import kinds write, and those of them keyed by report month (from the registry): a table
    whose ``month`` is a report month — read from a ``month`` column, or derived by the kind's check (contest
    participation: the month of Từ ngày) —, not a month of the year (a target's Tháng, 0–12)."""
    from data.kinds import KINDS, tables
    from data.kinds.types import Month

    def report_month(kind) -> bool:
        column = kind.column_of("month")
        return column is None or isinstance(column.type, Month)

    declared = tables()
    monthly = [part.table for kind in KINDS.values() for part in kind.parts()
               if "month" in part.natural_key + part.values and report_month(kind)]
    return list(declared), monthly


def info(path: Path) -> dict:
    """Whether the database is the sample, its data version, the report months its monthly facts cover (over
    every monthly fact table: activities, snapshots, contest participation) and the rows of each table."""
    every, monthly = fact_tables()
    con = db.connect(path, read_only=True)
    try:
        meta = dict(con.execute(q.META).fetchall())
        counts = {table: db.one(con, q.COUNT.format(table=table))[0]
                  for table in dict.fromkeys(["units", *every, "import_batches"])}
        parts = " union all ".join(q.MONTH_SPAN.format(table=t) for t in monthly)
        first, last = db.one(con, q.MONTHS_COVERED.format(parts=parts))
    finally:
        con.close()
    months = "—" if first is None else f"{first:%m/%Y} – {last:%m/%Y}"
    return {"is_sample": meta.get("is_sample"), "data_version": meta.get("data_version"), "months": months, **counts}


def backup(path: Path, out: Path) -> int:
    """A consistent copy of the database at ``out`` (a new file). While this holds a read-only connection no
    process can write the file, so the copy of the file (and of its write-ahead log) is one state. The copy
    is opened once to check it before it is given its name. Returns its size in bytes."""
    path, out = db.require(path), Path(out)
    if out.exists():
        raise FileExistsError(f"{out} đã tồn tại; chọn tên tệp khác")
    if out.resolve() == path.resolve():
        raise ValueError("tệp sao lưu phải khác tệp cơ sở dữ liệu")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + f".partial-{os.getpid()}")
    try:
        con = db.connect(path, read_only=True)
    except db.DatabaseBusy:
        # the app (or a writer) holds the file: its last published snapshot is a consistent copy of it
        from data import snapshots

        snap = snapshots.current(path)
        if snap is None:
            raise db.DatabaseBusy(
                f"cơ sở dữ liệu {path} đang được tiến trình khác mở để ghi và chưa có ảnh chụp nào được xuất bản; "
                "chạy `python -m data publish` khi ứng dụng dừng (từ đó mỗi lần nhập đều có ảnh chụp), hoặc dừng "
                "ứng dụng rồi sao lưu") from None
        shutil.copyfile(snap, tmp)
    else:
        try:
            shutil.copyfile(path, tmp)
            wal = Path(str(path) + ".wal")
            if wal.exists():
                shutil.copyfile(wal, Path(str(tmp) + ".wal"))
        finally:
            con.close()
    try:
        check = db.connect(tmp)           # replays a copied WAL into the copy and proves it opens
        try:
            check.execute("checkpoint")
        finally:
            check.close()
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        raise
    return out.stat().st_size

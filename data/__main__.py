"""Command line: ``python -m data <command>`` (DESIGN §6).

The database path comes from ``--db``, else ``TUYENGIAO_DB``, else ``data/tuyengiao.duckdb``.
Every command prints a one-line summary (errors in Vietnamese on stderr) and exits 0 only on success.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from data import commands, db


def _progress(fraction: float, message: str) -> None:
    print(f"  {fraction * 100:5.1f}%  {message}", file=sys.stderr, flush=True)


def cmd_init(args) -> str:
    path = db.resolve_path(args.db)
    applied = commands.init(path)
    return f"init: {path} sẵn sàng; áp dụng {len(applied)} migration ({', '.join(applied) or 'không có mới'})."


def cmd_sample(args) -> str:
    path = db.resolve_path(args.db)
    if args.scale < 1:
        raise ValueError("--scale phải là số nguyên ≥ 1")
    started = time.perf_counter()
    counts = commands.sample(path, seed=args.seed, scale=args.scale, progress=None if args.quiet else _progress)
    took = time.perf_counter() - started
    summary = ", ".join(f"{k} {v:,}".replace(",", ".") for k, v in counts.items())
    return f"sample: đã tạo {path} (seed {args.seed}, scale {args.scale}) trong {took:.1f} s — {summary}."


def cmd_export(args) -> str:
    path = db.resolve_path(args.db)
    if not path.exists():
        raise FileNotFoundError(f"không có cơ sở dữ liệu tại {path}")
    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"thư mục {out} đã có dữ liệu; chọn thư mục trống")
    n = commands.export_parquet(path, out)
    return f"export: đã xuất {n} bảng sang Parquet tại {out}."


def cmd_info(args) -> str:
    path = db.resolve_path(args.db)
    if not path.exists():
        raise FileNotFoundError(f"không có cơ sở dữ liệu tại {path}")
    info = commands.info(path)
    print("\n".join(f"{k}: {v}" for k, v in info.items()))
    return f"info: {path}, {info.get('months', '—')}."


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data", description="Quản lý cơ sở dữ liệu tuyên giáo.")
    parser.add_argument("--db", help="đường dẫn tệp DuckDB (mặc định: $TUYENGIAO_DB hoặc data/tuyengiao.duckdb)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="tạo mới hoặc nâng cấp cơ sở dữ liệu").set_defaults(fn=cmd_init)
    p = sub.add_parser("sample", help="tạo cơ sở dữ liệu mẫu")
    p.add_argument("--seed", type=int, default=2024)
    p.add_argument("--scale", type=int, default=1, help="nhân khối lượng dữ liệu (cho đo hiệu năng)")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(fn=cmd_sample)
    p = sub.add_parser("export", help="xuất toàn bộ cơ sở dữ liệu sang Parquet")
    p.add_argument("--out", required=True, help="thư mục đích (trống)")
    p.set_defaults(fn=cmd_export)
    sub.add_parser("info", help="thông tin cơ sở dữ liệu").set_defaults(fn=cmd_info)
    # --db is accepted after the command too: python -m data sample --db x.duckdb
    for action in sub.choices.values():
        action.add_argument("--db", dest="db_sub", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if getattr(args, "db_sub", None):
        args.db = args.db_sub
    try:
        print(args.fn(args))
        return 0
    except Exception as exc:  # every failure is one readable line, never a traceback
        print(f"lỗi ({args.command}): {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""Limits on the work a report file may ask for, checked before its cells are parsed (issue 12 §5).

An upload limit in bytes (``server.maxUploadSize``) does not bound the work: an XLSX file is a zip, so 4 MB can
unpack to gigabytes, and a CSV of a few megabytes can hold a million columns. Before a file's cells are parsed,
``data.files`` checks it against these settings and refuses it with a Vietnamese message at once:

- ``MAX_UNCOMPRESSED_MB`` — the sum of the unpacked sizes of an XLSX/ODS file's members, declared and actual (each
  member is inflated with a budget, so a zip whose header lies is stopped there too);
- ``MAX_COMPRESSION_RATIO`` — unpacked size over packed size of the whole file, for files above
  ``RATIO_FLOOR_MB`` unpacked (a zip bomb's ratio runs to thousands; real workbooks stay under 100);
- ``MAX_ROWS`` — lines of a CSV file, rows of a sheet (counted in the sheet's XML before it is read);
- ``MAX_COLUMNS`` — fields of a CSV line, columns of a sheet;
- ``MAX_FIELD_CHARS`` — characters of one cell, never more than an Excel cell holds (32.767): a longer cell is
  refused with its row and column instead of being cut when the data is exported.

Each is a module constant read once from an environment variable (``TUYENGIAO_MAX_ROWS`` and so on; defaults in the
README); tests change the module attribute. Never imports pandas or the database.
"""

from __future__ import annotations

import os

from data.cells import EXCEL_CELL_CHARS


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        value = default
    return value if value > 0 else default


MAX_UNCOMPRESSED_MB = _env_int("TUYENGIAO_MAX_UNCOMPRESSED_MB", 200)
MAX_COMPRESSION_RATIO = _env_int("TUYENGIAO_MAX_COMPRESSION_RATIO", 100)
RATIO_FLOOR_MB = 10
MAX_ROWS = _env_int("TUYENGIAO_MAX_ROWS", 1_048_576)             # as many as an Excel sheet holds
MAX_COLUMNS = _env_int("TUYENGIAO_MAX_COLUMNS", 200)
MAX_FIELD_CHARS = min(_env_int("TUYENGIAO_MAX_FIELD_CHARS", EXCEL_CELL_CHARS), EXCEL_CELL_CHARS)
MAX_ZIP_MEMBERS = 10_000


def vn(n: int) -> str:
    return f"{int(n):,}".replace(",", ".")


def rows_message(n: int, where: str = "tệp") -> str:
    return (f"{where} có hơn {vn(MAX_ROWS)} dòng ({vn(n)}), vượt giới hạn {vn(MAX_ROWS)} dòng mỗi lần nhập; "
            f"hãy chia thành nhiều tệp")


def columns_message(n: int, where: str = "tệp") -> str:
    return (f"{where} có {vn(n)} cột, vượt giới hạn {vn(MAX_COLUMNS)} cột; mẫu báo cáo chỉ có vài cột — hãy dùng "
            f"đúng mẫu")


def field_message(n: int) -> str:
    return (f"ô dài {vn(n)} ký tự, vượt giới hạn {vn(MAX_FIELD_CHARS)} ký tự của một ô (Excel không giữ được ô dài "
            f"hơn); hãy rút gọn")


def unpacked_message(size: int) -> str:
    return (f"tệp Excel giải nén ra {vn(size // 1_000_000)} MB, vượt giới hạn {vn(MAX_UNCOMPRESSED_MB)} MB; hãy chia "
            f"thành nhiều tệp nhỏ hơn")


def ratio_message(ratio: float) -> str:
    return (f"tệp Excel nén bất thường (giải nén lớn gấp {vn(round(ratio))} lần, giới hạn {vn(MAX_COMPRESSION_RATIO)} "
            f"lần); tệp này không được đọc")

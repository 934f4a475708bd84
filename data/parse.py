"""Parsing what data officers type into Excel/CSV reports: Vietnamese numbers, report months, dates,
header variants and text encodings.

Pure functions, no database. Every parser returns a value or raises ``ParseError`` whose message is
Vietnamese and says what was expected, so the importer can report it with sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata


class ParseError(ValueError):
    """A cell that cannot be read; the message is shown to the user as is."""


_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")     # 13.712 / 1.234,5
_THOUSANDS_SPACE = re.compile(r"^[+-]?\d{1,3}( \d{3})+(,\d+)?$")    # 13 712
_PLAIN_COMMA = re.compile(r"^[+-]?\d+(,\d+)?$")                       # 12,5 / 13712
_PLAIN_DOT = re.compile(r"^[+-]?\d+\.\d+$")                           # 12.5 from a machine export


def number(cell) -> float | None:
    """'13.712' -> 13712; '1.234,5' -> 1234.5; '12,5' -> 12.5; '' -> None. Excel numbers pass through.

    A lone dot followed by exactly three digits ('1.234') is a thousands separator, as Vietnamese
    reports write it; other single dots ('12.5') are decimals from machine exports.
    """
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ParseError("cần một số, không phải giá trị đúng/sai")
    if isinstance(cell, (int, float)):
        if cell != cell:  # NaN from an empty Excel cell
            return None
        return float(cell)
    text = str(cell).strip().replace("\u00a0", " ")
    if text in ("", "-", "—"):
        return None
    if _THOUSANDS_DOT.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _THOUSANDS_SPACE.match(text):
        return float(text.replace(" ", "").replace(",", "."))
    if _PLAIN_COMMA.match(text):
        return float(text.replace(",", "."))
    if _PLAIN_DOT.match(text):
        return float(text)
    raise ParseError(f"“{text}” không phải là số (viết như 13.712 hoặc 1.234,5)")


def count(cell) -> int | None:
    """A count: a whole, non-negative number. '12,5' and '-3' are errors."""
    value = number(cell)
    if value is None:
        return None
    if value < 0:
        raise ParseError(f"số lượng không được âm (đang là {cell})")
    if value != int(value):
        raise ParseError(f"số lượng phải là số nguyên (đang là {cell})")
    return int(value)


_MONTH_PATTERNS = [
    re.compile(r"^(?:tháng|thang|t)\s*(\d{1,2})\s*[/\-.]\s*(\d{4})$"),   # Tháng 9/2024, T9/2024
    re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{4})$"),                        # 09/2024, 9/2024, 9-2024
]
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-01)?$")                   # 2024-09, 2024-09-01


def month(cell) -> dt.date:
    """A report month: '09/2024', '9/2024', 'Tháng 9/2024', 'T9/2024', '2024-09' or an Excel date -> date(2024, 9, 1)."""
    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if isinstance(cell, dt.date):
        return dt.date(cell.year, cell.month, 1)
    text = unicodedata.normalize("NFC", str(cell or "")).strip().lower()
    if not text:
        raise ParseError("thiếu tháng báo cáo")
    for pattern in _MONTH_PATTERNS:
        m = pattern.match(text)
        if m:
            mo, year = int(m.group(1)), int(m.group(2))
            break
    else:
        m = _ISO_MONTH.match(text)
        if not m:
            raise ParseError(f"“{cell}” không phải tháng báo cáo (viết như 09/2024 hoặc Tháng 9/2024)")
        year, mo = int(m.group(1)), int(m.group(2))
    if not 1 <= mo <= 12:
        raise ParseError(f"tháng {mo} không tồn tại trong “{cell}”")
    if not 2000 <= year <= 2100:
        raise ParseError(f"năm {year} không hợp lệ trong “{cell}”")
    return dt.date(year, mo, 1)


_DATE_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def date(cell) -> dt.date | None:
    """'02/09/2017' (dd/mm/yyyy), '2017-09-02' or an Excel date -> date; '' -> None."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return None
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = str(cell).strip()
    if not text:
        return None
    m = _DATE_DMY.match(text)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _DATE_ISO.match(text)
        if not m:
            raise ParseError(f"“{text}” không phải ngày (viết như 02/09/2024)")
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise ParseError(f"ngày “{text}” không tồn tại") from None


# the combining diacritical marks (the blocks of marks written over Latin letters; every Vietnamese tone and vowel
# mark is in the first), which NFD splits off their letters
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@functools.lru_cache(maxsize=2 ** 17)      # the names and addresses of the sample's channels and teams
def _fold(text: str) -> str:
    text = _MARKS.sub("", unicodedata.normalize("NFD", text)).replace("đ", "d").replace("Đ", "D")
    return text.casefold().strip()


def fold(text) -> str:
    """Text without Vietnamese diacritics, case-folded: 'Đà Nẵng Tươi Đẹp' -> 'da nang tuoi dep'. The one
    folding every search and header match uses (the team and channel searches, ``header_key``); remembered per
    text, so a search box typed into folds its table's names once."""
    return _fold(str(text or ""))


@functools.lru_cache(maxsize=2 ** 17)
def _phrase(text: str) -> str:
    return " ".join(_fold(text).split())


def phrase(text) -> str:
    """``fold`` with runs of white space made one space: what a search box's query (and the text it searches)
    is matched as; remembered per text like ``fold``."""
    return _phrase(str(text or ""))


def header_key(text) -> str:
    """A header folded for matching: no diacritics, lower case, single spaces, no punctuation.
    'Tháng báo cáo', 'THANG BAO CAO ' and 'tháng  báo-cáo' all give 'thang bao cao'."""
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


_ENCODINGS = ("utf-8-sig", "utf-16", "cp1258")


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte-order mark: most characters of a report are ASCII, so one byte of each pair is
    NUL (the second in little-endian, the first in big-endian) and the other is not. Read it when the text decodes
    without control characters; anything else with NULs stays binary."""
    head = raw[:4000]
    if len(raw) < 4 or len(raw) % 2:
        return None
    half = len(head) // 2
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 0.6 * half and even < 0.05 * half:
        encoding = "utf-16-le"
    elif even > 0.6 * half and odd < 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    if any(ch < " " and ch not in "\r\n\t" for ch in text[:2000]):
        return None
    return text, encoding


def decode(raw: bytes) -> tuple[str, str]:
    """Bytes of a CSV file -> (text, encoding), trying UTF-16 (with a BOM, or without one when the NUL bytes
    show it), UTF-8 (with or without BOM) and Windows-1258 — whatever the file's name says. Text from Windows-1258 is NFC-normalised (that code page composes diacritics
    from combining marks)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    bomless = _utf16_without_bom(raw)
    if bomless is not None:
        return bomless
    if b"\x00" in raw[:4000]:
        raise ParseError("tệp không phải văn bản CSV (có ký tự nhị phân); hãy lưu lại dạng CSV hoặc XLSX")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1258")
    except UnicodeDecodeError:
        raise ParseError("không đọc được bảng mã của tệp; hãy lưu lại dạng CSV UTF-8") from None
    return unicodedata.normalize("NFC", text), "cp1258"

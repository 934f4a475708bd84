"""Parsing what data officers type into Excel/CSV reports: Vietnamese numbers, report months, dates,
header variants and text encodings.

Pure functions, no database. Every parser returns a value or raises ``ParseError`` whose message is
Vietnamese and says what was expected, so the importer can report it with sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata


class ParseError(ValueError):
    """A cell that cannot be read; the message is shown to the user as is."""


_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")     # 13.712 / 1.234,5
_THOUSANDS_SPACE = re.compile(r"^[+-]?\d{1,3}( \d{3})+(,\d+)?$")    # 13 712
_PLAIN_COMMA = re.compile(r"^[+-]?\d+(,\d+)?$")                       # 12,5 / 13712
_PLAIN_DOT = re.compile(r"^[+-]?\d+\.\d+$")                           # 12.5 from a machine export
# a comma between groups of three digits (1,000; 12,500,000) or a comma before a decimal point (1,234.5): thousands
# written the English way, which the Vietnamese convention (comma = decimal, dot = thousands) reads otherwise
_ENGLISH_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")
# numbers the text of a cell may name but no column holds
_NOT_FINITE = {"nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity", "#num!", "#div/0!", "#value!"}

# what a cell of each numeric column may hold: the range its table column stores (and a double holds exactly)
MAX_COUNT = 2 ** 53 - 1          # 9.007.199.254.740.991: BIGINT columns, through a double exactly
MAX_ID = 2 ** 31 - 1             # 2.147.483.647: INTEGER columns (ids, positions)
MAX_NUMBER = 10 ** 15            # DOUBLE columns (targets, actuals): far above any figure of a report


def vn(n) -> str:
    """An integer written the Vietnamese way, for messages: 2147483647 -> '2.147.483.647'."""
    return f"{int(n):,}".replace(",", ".")


def _english(text: str) -> ParseError:
    written = text.translate(str.maketrans(",.", ".,"))
    return ParseError(f"“{text}” có dấu phẩy ngăn cách hàng nghìn kiểu tiếng Anh; theo cách viết Việt Nam (dấu chấm "
                      f"ngăn cách hàng nghìn, dấu phẩy là dấu thập phân) hãy viết {written}")


def _text_of(cell) -> str:
    return str(cell).strip().replace("\u00a0", " ")


def number(cell) -> float | None:
    """'13.712' -> 13712; '1.234,5' -> 1234.5; '12,5' -> 12.5; '' -> None. Excel numbers pass through.

    A lone dot followed by exactly three digits ('1.234') is a thousands separator, as Vietnamese
    reports write it; other single dots ('12.5') are decimals from machine exports. A comma between groups of
    three digits ('1,000', '1,234.5') is refused: read the Vietnamese way it would be 1 — or 1000 the English way.
    Not-a-number and infinite values are refused.
    """
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ParseError("cần một số, không phải giá trị đúng/sai")
    if isinstance(cell, (int, float)):
        if cell != cell:  # NaN from an empty Excel cell
            return None
        if not math.isfinite(cell):
            raise ParseError("số vô hạn không phải là một giá trị")
        return float(cell)
    text = _text_of(cell)
    if text in ("", "-", "—"):
        return None
    if text.lower() in _NOT_FINITE:
        raise ParseError(f"“{text}” không phải là số (viết như 13.712 hoặc 1.234,5)")
    if _ENGLISH_THOUSANDS.match(text):
        raise _english(text)
    if _THOUSANDS_DOT.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _THOUSANDS_SPACE.match(text):
        return float(text.replace(" ", "").replace(",", "."))
    if _PLAIN_COMMA.match(text):
        return float(text.replace(",", "."))
    if _PLAIN_DOT.match(text):
        return float(text)
    raise ParseError(f"“{text}” không phải là số (viết như 13.712 hoặc 1.234,5)")


def _whole_text(text: str) -> int | None:
    """The exact integer a whole number's text writes (13.712, 13 712, 13712), without a float between: a count's
    last digits survive however long it is. None for anything else."""
    for pattern in (_THOUSANDS_DOT, _THOUSANDS_SPACE, _PLAIN_COMMA):
        if pattern.match(text) and "," not in text:
            return int(text.replace(".", "").replace(" ", ""))
    return None


def count(cell, limit: int = MAX_COUNT, what: str = "số lượng") -> int | None:
    """A count: a whole, non-negative number up to ``limit``. '12,5', '-3', '1,000' and 1e30 are errors."""
    exact = _whole_text(_text_of(cell)) if isinstance(cell, str) else None
    value = exact if exact is not None else number(cell)
    if value is None:
        return None
    if value < 0:
        raise ParseError(f"số lượng không được âm (đang là {_shown(cell)})")
    if value != int(value):
        raise ParseError(f"số lượng phải là số nguyên (đang là {_shown(cell)})")
    if value > limit:
        raise ParseError(f"{what} {_shown(value)} vượt quá giới hạn {vn(limit)}")
    return int(value)


def bounded(value: float | None, limit: float = MAX_NUMBER, cell=None) -> float | None:
    """A number within ±``limit`` (what a DOUBLE column of a report holds), else a ParseError."""
    if value is not None and abs(value) > limit:
        raise ParseError(f"giá trị {_shown(cell if cell is not None else value)} vượt quá giới hạn {vn(limit)}")
    return value


def _shown(cell) -> str:
    """A cell in a message: a huge Excel number as digits with dots, not 1e+30."""
    if isinstance(cell, float) and math.isfinite(cell) and abs(cell) >= 1e16:
        return f"{cell:.6G}"                              # as Excel shows it: 1E+30
    if isinstance(cell, float) and math.isfinite(cell) and cell == int(cell):
        return vn(int(cell))
    if isinstance(cell, int):
        return vn(cell)
    if isinstance(cell, float) and math.isfinite(cell):       # an Excel number with decimals: 12.5 -> '12,5'
        whole, _, decimals = f"{abs(cell):.6f}".rstrip("0").partition(".")
        return ("-" if cell < 0 else "") + vn(int(whole)) + ("," + decimals if decimals else "")
    return str(cell).strip()


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


def _mixed_lines(raw: bytes) -> tuple[int, int] | None:
    """(a line written in UTF-8, a line that is not) of a file that is not UTF-8 as a whole: pasting rows from two
    sources gives such files, and reading them in one code page would store the other half garbled. A line counts as
    UTF-8 when it decodes and holds a letter beyond ASCII (a Windows-1258 line almost never decodes to one)."""
    utf8 = other = None
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            other = other or number
        else:
            if utf8 is None and any("\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff" for ch in text):
                utf8 = number
        if utf8 and other:
            return utf8, other
    return None


# Vietnamese written as UTF-8 and read back as Windows-1252/Latin-1 somewhere before the file was saved: "Ä‘" for
# "đ", "Æ°" for "ư", "áº¡" for "ạ", "Ã¡" for "á" — a capital with a tilde or a ring followed by a Latin-1 symbol or
# a Windows-1252 punctuation mark, which Vietnamese never writes; and U+FFFD, a character a converter lost.
_MOJIBAKE = re.compile("[\u00c2-\u00c6][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d"
                       "\u017e\u02c6\u02dc]|\u00e1[\u00ba-\u00bb]|\u00e2\u20ac|\ufffd")


def mis_encoded(text: str) -> tuple[int, str] | None:
    """(line number, the words around it) of the first sign of Vietnamese mis-encoded before the file reached us."""
    hit = _MOJIBAKE.search(text)
    if hit is None:
        return None
    line = text.count("\n", 0, hit.start()) + 1
    start = max(text.rfind("\n", 0, hit.start()) + 1, hit.start() - 20)
    return line, text[start:hit.end() + 20].split("\n")[0].strip()


def decode(raw: bytes) -> tuple[str, str]:
    """Bytes of a CSV file -> (text, encoding), trying UTF-16 (with a BOM, or without one when the NUL bytes
    show it), UTF-8 (with or without BOM) and Windows-1258 — whatever the file's name says. Text from Windows-1258 is
    NFC-normalised (that code page composes diacritics from combining marks). Text whose Vietnamese was mis-encoded
    before it was saved ("Äà Náºµng") is refused with the line: stored, it would be wrong for good."""
    text, encoding = _decode(raw)
    bad = mis_encoded(text)
    if bad is not None:
        line, words = bad
        raise ParseError(f"dòng {line}: chữ tiếng Việt bị sai bảng mã (“{words}”) — tệp đã bị đọc sai bảng mã trước khi "
                         f"lưu; hãy mở tệp gốc và lưu lại dạng CSV UTF-8 hoặc XLSX")
    return text, encoding


def _decode(raw: bytes) -> tuple[str, str]:
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
    mixed = _mixed_lines(raw)
    if mixed:
        utf8, other = mixed
        raise ParseError(f"tệp trộn hai bảng mã: dòng {utf8} viết bằng UTF-8, dòng {other} không phải UTF-8 (có thể là "
                         f"Windows-1258); đọc tiếp sẽ làm sai chữ — hãy lưu lại toàn bộ tệp dạng CSV UTF-8")
    try:
        text = raw.decode("cp1258")
    except UnicodeDecodeError:
        raise ParseError("không đọc được bảng mã của tệp; hãy lưu lại dạng CSV UTF-8") from None
    return unicodedata.normalize("NFC", text), "cp1258"

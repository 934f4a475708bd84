"""What a spreadsheet cell written by this product may hold: text that never runs as a formula.

One rule for every writer — chart and page exports (``reports.tables``), the import templates and data exports
(``data.templates`` through the column types), the downloadable list of import problems — after the OWASP guidance
on CSV injection:

- CSV: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe
  (``csv_text``), so a spreadsheet shows it as text instead of evaluating it. Numbers are written as numbers by
  their writers and are never passed here (a negative number stays a number).
- XLSX: text is written as a string cell (xlsxwriter's ``write_string``), which Excel never evaluates, shown
  exactly as typed; every workbook is opened with ``WORKBOOK_OPTIONS`` so that no ``write`` call could turn text
  into a formula, a hyperlink or a number.
- The importer reads such a cell back as it was (``from_file``: the apostrophe before a formula character is
  dropped, as Excel drops it when one is typed), so an exported file imports to the same values.

``EXCEL_CELL_CHARS`` is the most an Excel cell holds: the importer refuses a longer cell with its row and column
(``data.limits``) rather than let an export cut it.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_CHARS = 32_767

# xlsxwriter's options for every workbook we write: text stays text
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def csv_text(value) -> str:
    """A text cell for CSV that cannot run as a formula: a leading '=', '+', '-', '@', tab or CR gets an apostrophe.
    None and NaN are the empty string; any other non-text value is its plain ``str``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def from_file(text: str) -> str:
    """A text cell as read from a file: the apostrophe ``csv_text`` (or a person in Excel) put before a formula
    character is dropped, so an exported file reads back to the same value."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def csv_bytes(header: list[str], rows: Iterable[Iterable], bom: bool = True) -> bytes:
    """A whole CSV file (UTF-8, with a BOM for Excel unless ``bom`` is False) whose every text cell goes through
    ``csv_text``; numbers are written as they are."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_text(h) for h in header])
    for row in rows:
        writer.writerow([v if isinstance(v, (int, float)) and not isinstance(v, bool) and not
                         (isinstance(v, float) and math.isnan(v)) else csv_text(v) for v in row])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def workbook(target, **options):
    """An xlsxwriter workbook with ``WORKBOOK_OPTIONS`` (and any other ``options``)."""
    import xlsxwriter

    return xlsxwriter.Workbook(target, {**options, **WORKBOOK_OPTIONS})

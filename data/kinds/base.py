"""What an import kind is declared with: its columns (each with a column type, ``data.kinds.types``), the table(s)
it writes with their natural key, value columns and references, its row checks and file checks (each with the
sentence the data dictionary prints, as dbt declares a model's tests beside it), and how its template's example
rows are drawn. Plus the pieces several kinds' checks share: finding a unit by code and date, the row error.

Nothing here imports pandas (the command line's help imports the registry); the checks that work on a whole
file import it when they run.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from data import parse
from data import sql as q
from data.kinds.types import ColumnType


@dataclass(frozen=True)
class Column:
    key: str            # the kind's column: a table column, or a working column a row check resolves (unit_code)
    header: str         # Vietnamese header in templates
    type: ColumnType
    required: bool = True
    aliases: tuple[str, ...] = ()
    help: str = ""      # what the column means, for the template's instructions sheet
    stored: str = ""    # the table column a working column becomes (unit_code -> unit_id); "" = ``key`` itself
    # a compound type's second part goes to this table column (a figure's qualifier luot_q, a day's precision);
    # the export selects both as one struct for the type's ``to_file``
    extra: str = ""

    @property
    def parser(self) -> str:
        """The type's name (unit, month, date, platform, count, …)."""
        return self.type.name

    @property
    def listing(self) -> str | None:
        """The template's drop-down list for this column, if any."""
        return self.type.listing

    @property
    def table_column(self) -> str:
        return self.stored or self.key


@dataclass(frozen=True)
class Check:
    """A row check: ``fn(rec, lookups)`` raises ``RowError`` or returns warnings [(header, message)] (or None);
    it may turn the row's working columns into table columns (a unit code into the unit id). A kind's checks run
    in order on each row that parsed, until one raises."""
    doc: str
    fn: Callable


@dataclass(frozen=True)
class FileCheck:
    """A check over all the rows of a file that passed the row checks: ``fn(con, rows, origins)`` -> [Problem]
    (``rows`` a pandas frame of the kind's columns, ``origins`` each row's (sheet, Excel row))."""
    doc: str
    fn: Callable


@dataclass(frozen=True)
class Table:
    """One table a multi-table kind writes (``Kind.tables``): the same attributes the commit, undo and preview
    read from a one-table kind, which is its own single table. Ids are assigned by the kind's ``split``."""
    table: str
    label: str                           # what one row is, for the undo refusal ("chỉ số chương trình")
    natural_key: tuple[str, ...]
    values: tuple[str, ...]
    refs: tuple[tuple[str, str], ...] = ()      # (column, table it refers to by that table's id)
    shown: tuple[tuple[str, str], ...] = ()     # (table column, kind column) for the preview's old → new table
    batch_column: bool = False
    keyed: bool = True                          # as ``Kind.keyed``
    id_column: str | None = None
    id_start: int = 1
    undo_refs: tuple[tuple[str, str], ...] = ()  # derived by the registry from every table's ``refs``


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    table: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]
    values: tuple[str, ...]
    duplicate: str = ""                  # what "the same row" means, for the duplicate message
    checks: tuple[Check, ...] = ()       # the row checks, in order
    # every rec key the checks read: they then run once per distinct combination of those cells, not once per
    # row (None: once per row, for checks that look at the whole row)
    check_on: tuple[str, ...] | None = None
    dup_key: Callable | None = None      # rec -> key for the within-file duplicate check (default natural key)
    file_checks: tuple[FileCheck, ...] = ()
    id_column: str | None = None         # entity kinds: ids left blank are assigned at commit (max + 1)
    id_start: int = 1                    # entity kinds: the lowest id a new row gets
    batch_column: bool = True            # the table has a batch_id column (units: no)
    # False: the table has no primary-key index (a fact table too large for one: activities, migration 013); a row
    # replaced is deleted and written again whole, and one row per key is the importer's to keep (a file's keys are
    # unique, the rows new to the table are found inside the commit's transaction)
    keyed: bool = True
    file_key: tuple[str, ...] = ()       # the file's columns that identify a row, where the natural key is an id
    #                                      the file does not carry (units: code and validity start)
    refs: tuple[tuple[str, str], ...] = ()   # (column, table it refers to by that table's id): undoing the
    #                                          creation of a row still referred to is refused, and a row's unit
    #                                          (for a scope check) is found through them
    # a kind whose file rows fill several tables (programme_indicators): its tables, and
    # split(cursor, rows) -> [(Table, frame of that table's natural key + values)], ids assigned
    tables: tuple[Table, ...] = ()
    split: Callable | None = None
    examples: Callable | None = None     # (cursor, ExampleContext) -> two rows of file values that import cleanly
    notes: str = ""                      # what the data dictionary adds that the declaration does not say
    undo_refs: tuple[tuple[str, str], ...] = ()  # derived by the registry from every table's ``refs``

    def parts(self) -> tuple:
        """The tables the kind writes: its ``tables``, or the kind itself for a one-table kind."""
        return self.tables or (self,)

    def header_map(self) -> dict[str, Column]:
        out = {}
        for col in self.columns:
            for name in (col.header, col.key, *col.aliases):
                out[parse.header_key(name)] = col
        return out

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def column_of(self, table_column: str) -> Column | None:
        """The file column a table column comes from (``unit_id`` from ``unit_code``), if any."""
        return next((c for c in self.columns if c.table_column == table_column), None)

    def extra_of(self, table_column: str) -> Column | None:
        """The file column whose compound value fills this table column as its second part (``luot_q``), if any."""
        return next((c for c in self.columns if c.extra and c.extra == table_column), None)

    @property
    def check(self) -> Callable | None:
        """The row checks as one function (rec, lookups) -> warnings, or None for a kind without checks."""
        if not self.checks:
            return None
        checks = tuple(c.fn for c in self.checks)

        def run(rec: dict, lookups):
            warnings = []
            for fn in checks:
                found = fn(rec, lookups)
                if found:
                    warnings.extend(found)
            return warnings or None
        return run

    @property
    def post_check(self) -> Callable | None:
        """The file checks as one function (con, rows, origins) -> [Problem], or None."""
        if not self.file_checks:
            return None
        checks = tuple(c.fn for c in self.file_checks)
        return lambda con, rows, origins: [p for fn in checks for p in fn(con, rows, origins)]


class RowError(parse.ParseError):
    """A row-level check that failed; ``column`` is the Vietnamese header it is reported under."""

    def __init__(self, column: str | None, message: str):
        super().__init__(message)
        self.column = column


@dataclass
class Problem:
    sheet: str
    row: int | None      # row number as Excel shows it (the header is row 1); None = the whole file
    column: str | None
    message: str
    severity: str = "error"

    def text(self) -> str:
        where = [f"trang “{self.sheet}”" if self.sheet else None,
                 f"dòng {self.row}" if self.row else None,
                 f"cột “{self.column}”" if self.column else None]
        label = "Lỗi" if self.severity == "error" else "Cảnh báo"
        return f"{label} — {', '.join(w for w in where if w) or 'tệp'}: {self.message}"


# ---- what several kinds' checks share ---------------------------------------------------------------------

UNIT = "Mã đơn vị"


def set_unit(rec: dict, lookups, day: dt.date, when: str | None = None, code: str = "unit_code",
             into: str = "unit_id", header: str = UNIT) -> None:
    """The row's unit code -> the id of the unit with that code valid on ``day`` (a report month, or a day when
    ``when`` says so), reported under ``header``."""
    try:
        rec[into] = lookups.unit(rec.pop(code), day, when)
    except parse.ParseError as exc:
        raise RowError(header, str(exc)) from None


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def vn(n) -> str:
    """A whole number the Vietnamese way: 13.712."""
    return f"{int(n):,}".replace(",", ".")


def d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def active_in(what: str, entity_id: int, name: str, opened, closed, month: dt.date, column: str,
              opened_word: str, closed_word: str) -> None:
    """An entity (channel, team) must be active in the report month: opened by its last day, not closed by its
    first."""
    if opened is not None and opened > month_end(month):
        raise RowError(column, f"{what} {entity_id} ({name}) {opened_word} ngày {opened:%d/%m/%Y}, "
                               f"chưa hoạt động trong tháng {month:%m/%Y}")
    if closed is not None and closed <= month:
        raise RowError(column, f"{what} {entity_id} ({name}) {closed_word} từ {closed:%d/%m/%Y}, "
                               f"không còn hoạt động trong tháng {month:%m/%Y}")


def cached_rows(lookups, name: str, query: str, key=lambda r: r[0], value=lambda r: r[1:]) -> dict:
    """A dictionary of rows of ``query``, read once per import (``lookups.cached``)."""
    return lookups.cached(name, lambda cur: {key(r): value(r) for r in cur.execute(query).fetchall()})


@dataclass
class ExampleContext:
    """What the example rows of the templates are drawn from: two current unit codes (Sơn La and Đà Nẵng when
    present) and the Vietnamese labels of the choice columns."""
    cur: object
    codes: list[str] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, cur) -> ExampleContext:
        codes = [c[0] for c in cur.execute(q.CURRENT_PROVINCE_CODES).fetchall()]
        labels = {name: {key: vi for key, vi, _en in cur.execute(query).fetchall()}
                  for name, query in q.CHOICE_LABELS.items()}
        return cls(cur, codes, labels)

    @property
    def u1(self) -> str:
        return "14" if "14" in self.codes else (self.codes[0] if self.codes else "14")

    @property
    def u2(self) -> str:
        return "48" if "48" in self.codes else (self.codes[1] if len(self.codes) > 1 else self.u1)

    def next_month(self, table: str, column: str = "month") -> dt.date:
        """The month after the latest ``column`` of ``table`` (this month when the table is empty)."""
        last = self.cur.execute(q.LATEST.format(table=table, column=column)).fetchall()[0][0]
        if last is None:
            today = dt.date.today()
            return dt.date(today.year, today.month, 1)
        return dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1)

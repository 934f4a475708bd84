"""Column types of the import kinds: what a cell of a template column may hold, and every way the write side
handles it — in one class per type instead of if-chains in the importer, the templates and the preview.

A type (after Datasette's ``ColumnType``) has a ``name``, a ``description`` for the data dictionary, the storage
types its table column may have (``storage``, checked against the schema by a test), the drop-down list of the
template (``listing``) and the template's cell format (``cell_format``), and these methods:

- ``parse(cell, lookups)``: a non-blank cell -> the value stored (or the working value a row check resolves),
  else ``parse.ParseError`` with a Vietnamese message. Blank cells never reach it (the importer says
  "ô bắt buộc đang trống" for a required column, stores NULL otherwise).
- ``to_file(value, lookups)``: a stored value (as an export query gives it) -> what the file holds, so an exported
  file imports back to the same rows (a choice's key -> its Vietnamese label).
- ``csv(value)`` / ``xlsx(value)``: what the file holds -> the CSV text / the value an XLSX cell gets (text through
  ``data.cells``: never a formula).
- ``show(values, lookups)``: stored values (a pandas Series) -> what the preview's old -> new table shows.

Per-column configuration is bound at instantiation (``Id(listing="indicator")``). A new type is one subclass
here; the drop-down lists the templates offer are declared with ``drop_down`` (here, or in the kind that owns
the vocabulary). No pandas at import: the command line's help imports the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from data import cells, parse
from data import sql as q


@dataclass(frozen=True)
class DropDown:
    """A list the template offers in a hidden sheet, for a column's drop-down: ``load(cursor)`` ->
    [(value written in the cell, explanation)]."""
    title: str
    load: Callable


# name -> DropDown, in the order of the template's hidden sheet (the kinds add their own when imported)
LISTS: dict[str, DropDown] = {}


def drop_down(name: str, title: str, load: Callable) -> str:
    """Declare a drop-down list of the templates; returns its name (for a type's ``listing``)."""
    LISTS[name] = DropDown(title, load)
    return name


def _vn_number(v) -> str:
    if float(v) == int(v):
        return str(int(v))
    return repr(float(v)).replace(".", ",")


def cell_text(cell) -> str:
    """A cell as text; whole numbers Excel stored as 14.0 come back as '14'; an apostrophe an export put before a
    formula character ('=…, '-…) is dropped (``data.cells.from_file``)."""
    if isinstance(cell, float) and cell == int(cell):
        return str(int(cell))
    text = cells.from_file(str(cell).strip())
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text


def unit_code(text: str) -> str:
    """A unit code as the reference writes it: provincial codes two digits ('1' -> '01')."""
    return text.zfill(2) if text.isdigit() else text


def _missing(v) -> bool:
    """None, NaN, or pandas' NA (a frame's cell without a value)."""
    if v is None:
        return True
    try:
        return bool(v != v)
    except TypeError:       # pandas.NA: its comparisons are NA too
        return True


class ColumnType:
    name: str = ""
    description: str = ""
    storage: tuple[str, ...] = ("VARCHAR",)
    cell_format: str | None = "text"     # text | date | count | number | None (general)

    def __init__(self, listing: str | None = None):
        self.listing = listing

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name})"

    def parse(self, cell, lookups):
        return cell_text(cell)

    def to_file(self, value, lookups):
        return value

    def csv(self, value) -> str:
        return "" if _missing(value) else cells.csv_text(str(value))     # text never runs as a formula

    def xlsx(self, value):
        return None if _missing(value) else str(value)     # written as a string cell (data.templates)

    def show(self, values, lookups):
        import pandas as pd

        return values.map(lambda v: None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))


class Text(ColumnType):
    name = "text"
    description = "text as written (a whole number Excel stored as 14.0 reads 14)"


class UnitCode(ColumnType):
    """A unit's code; the kind's row check finds the unit valid at the row's date."""
    name = "unit"
    description = "unit code (provincial codes two digits: 1 = 01); the unit valid at the row's date is used"
    storage = ("INTEGER",)

    def __init__(self, listing: str | None = "unit"):
        super().__init__(listing)

    def parse(self, cell, lookups):
        return unit_code(cell_text(cell))

    def show(self, values, lookups):
        import pandas as pd

        names = lookups.unit_names
        return values.map(lambda v: None if pd.isna(v) else names.get(int(v), str(v)))


class UnitCodes(ColumnType):
    name = "units"
    description = "unit codes separated by ; or , (read as the codes joined by ;)"

    def parse(self, cell, lookups):
        codes = [cell_text(c) for c in str(cell_text(cell)).replace(",", ";").split(";") if c.strip()]
        return ";".join(dict.fromkeys(unit_code(c) for c in codes))


class Month(ColumnType):
    name = "month"
    description = "report month: 09/2024, 9/2024, Tháng 9/2024, T9/2024, 2024-09 or an Excel date; written 09/2024"
    storage = ("DATE",)

    def parse(self, cell, lookups):
        return parse.month(cell)

    def csv(self, value) -> str:
        return "" if _missing(value) else f"{value:%m/%Y}"

    def xlsx(self, value):
        return None if _missing(value) else f"{value:%m/%Y}"

    def show(self, values, lookups):
        import pandas as pd

        return values.map(lambda v: None if v is None or pd.isna(v) else f"{v.month:02d}/{v.year}")


class Date(ColumnType):
    name = "date"
    description = "day: dd/mm/yyyy, yyyy-mm-dd or an Excel date; written dd/mm/yyyy"
    storage = ("DATE",)
    cell_format = "date"

    def parse(self, cell, lookups):
        return parse.date(cell)

    def csv(self, value) -> str:
        return "" if _missing(value) else f"{value:%d/%m/%Y}"

    def xlsx(self, value):
        return None if _missing(value) else value

    def show(self, values, lookups):
        import pandas as pd

        return values.map(lambda v: None if v is None or pd.isna(v) else f"{v.day:02d}/{v.month:02d}/{v.year}")


class Whole(ColumnType):
    """Whole numbers: written as integers, shown as integers."""
    storage = ("INTEGER", "BIGINT")
    cell_format = None

    def csv(self, value) -> str:
        return "" if _missing(value) else str(int(value))

    def xlsx(self, value):
        return None if _missing(value) else int(value)

    def show(self, values, lookups):
        import pandas as pd

        return pd.to_numeric(values, errors="coerce").round().astype("Int64")


class Count(Whole):
    name = "count"
    description = ("whole number from 0 to 9.007.199.254.740.991: 13.712 or 13712 (12,5, -3 and 1,000 — a comma "
                   "between thousands — are refused)")
    storage = ("BIGINT",)
    cell_format = "count"

    def parse(self, cell, lookups):
        return parse.count(cell)


class MonthOfYear(Count):
    """A month's number within a year, read like a count. 0 stands for no month (a target for the whole year: the
    kind stores a blank cell as 0 and refuses a month past 12 in its own words); it is written and shown blank."""
    name = "month_of_year"
    description = "month of the year: a whole number 1–12; blank or 0 = no month (e.g. the whole year), written blank"
    storage = ("INTEGER",)
    cell_format = None

    def to_file(self, value, lookups):
        return None if _missing(value) or value == 0 else value

    def show(self, values, lookups):
        shown = super().show(values, lookups)
        return shown.mask(shown == 0)


class Id(Whole):
    name = "id"
    description = "id in the system: a whole number from 1 to 2.147.483.647"
    storage = ("INTEGER",)

    def parse(self, cell, lookups):
        value = parse.count(cell, parse.MAX_ID, "mã")
        if value == 0:
            raise parse.ParseError("mã phải là số nguyên dương")
        return value


class Year(Whole):
    name = "year"
    description = "year 2000–2100, e.g. 2025"
    storage = ("INTEGER",)

    def parse(self, cell, lookups):
        value = parse.count(cell)
        if value is None or not 2000 <= value <= 2100:
            raise parse.ParseError(f"năm {cell} không hợp lệ (viết như 2025)")
        return value


class Order(Whole):
    name = "order"
    description = "position 1, 2, 3… (at most 2.147.483.647)"
    storage = ("INTEGER",)

    def parse(self, cell, lookups):
        value = parse.count(cell, parse.MAX_ID, "thứ tự")
        if value == 0:
            raise parse.ParseError("thứ tự phải là số nguyên từ 1")
        return value


class Number(ColumnType):
    name = "number"
    description = ("number from 0 to 10¹⁵: 13.712, 1.234,5 or 12,5; written with a decimal comma (1,000 — a comma "
                   "between thousands — is refused)")
    storage = ("DOUBLE",)
    cell_format = "number"

    def parse(self, cell, lookups):
        value = parse.bounded(parse.number(cell), parse.MAX_NUMBER, cell)
        if value is not None and value < 0:
            raise parse.ParseError(f"giá trị không được âm (đang là {cell})")
        return value

    def csv(self, value) -> str:
        return "" if _missing(value) else _vn_number(value)

    def xlsx(self, value):
        return None if _missing(value) else float(value)

    def show(self, values, lookups):
        import pandas as pd

        return pd.to_numeric(values, errors="coerce").astype("Float64")


class Choice(ColumnType):
    """One of a reference table's keys, written as its Vietnamese label (the key and the English label are
    read too, case and diacritics ignored)."""

    def __init__(self, name: str, what: str, listing: str | None = None):
        super().__init__(listing or name)
        self.name, self.what = name, what
        self.description = f"{what}: its Vietnamese label (key or English label also read), from the list"

    def parse(self, cell, lookups):
        key = lookups.labels(self.name).get(parse.header_key(cell))
        if key is None:
            raise parse.ParseError(f"{self.what} “{cell}” không có trong danh mục")
        return key

    def to_file(self, value, lookups):
        return None if _missing(value) else lookups.label_of(self.name).get(value, value)

    def show(self, values, lookups):
        import pandas as pd

        labels = lookups.label_of(self.name)
        return values.map(lambda k: None if k is None or pd.isna(k) else labels.get(k, k))


class Level(Choice):
    """The source level of a shared link; 'khong' (not applicable) is stored for a blank cell by the row check
    and written blank."""

    def to_file(self, value, lookups):
        return None if _missing(value) or value == NOT_APPLICABLE else super().to_file(value, lookups)

    def show(self, values, lookups):
        import pandas as pd

        labels = lookups.label_of(self.name)
        return values.map(lambda k: "" if k in (None, NOT_APPLICABLE) or pd.isna(k) else labels.get(k, k))


NOT_APPLICABLE = "khong"


def _labels_from(cur, name: str) -> list[tuple]:
    return [(vi, key) for key, vi, _en in cur.execute(q.CHOICE_LABELS[name]).fetchall()]


PLATFORM = Choice("platform", "loại kênh")
ACTIVITY = Choice("activity", "loại hoạt động")
LEVEL = Level("level", "cấp nguồn link")
drop_down("platform", "Loại kênh", lambda cur: _labels_from(cur, "platform"))
drop_down("activity", "Loại hoạt động", lambda cur: _labels_from(cur, "activity"))
drop_down("level", "Cấp nguồn link", lambda cur: cur.execute(q.LIST_LEVELS).fetchall())
drop_down("unit", "Mã đơn vị (hiện hành)", lambda cur: cur.execute(q.LIST_UNITS).fetchall())

# a contest participation period: a 7-day week (the default) or a calendar month
GRAINS = {"week": ("Tuần", "tuan", "week"), "month": ("Tháng", "thang", "month")}
GRAIN_LABELS = {"week": "Tuần", "month": "Tháng"}


class Grain(ColumnType):
    name = "grain"
    description = "period kind: Tuần (week) or Tháng (month)"

    def __init__(self, listing: str | None = "grain"):
        super().__init__(listing)
        self._keys = {parse.header_key(t): k for k, texts in GRAINS.items() for t in texts}

    def parse(self, cell, lookups):
        key = self._keys.get(parse.header_key(cell))
        if key is None:
            raise parse.ParseError(f"loại kỳ “{cell}” không có trong danh mục")
        return key

    def to_file(self, value, lookups):
        return None if _missing(value) else GRAIN_LABELS.get(value, value)

    def show(self, values, lookups):
        import pandas as pd

        return values.map(lambda k: None if k is None or pd.isna(k) else GRAIN_LABELS.get(k, k))


drop_down("grain", "Loại kỳ", lambda cur: [(label, key) for key, label in GRAIN_LABELS.items()])


def metric_labels() -> dict[str, str]:
    """Catalogue metric key -> Vietnamese label (the read side's catalogue, imported when first needed)."""
    from queries.catalogue import METRICS

    return {k: m.label_vi for k, m in METRICS.items()}


class Metric(ColumnType):
    name = "metric"
    description = "a catalogue metric: its Vietnamese label or its key"

    def __init__(self, listing: str | None = "metric"):
        super().__init__(listing)

    def parse(self, cell, lookups):
        key = lookups.metrics.get(parse.header_key(cell))
        if key is None:
            raise parse.ParseError(f"chỉ số “{cell}” không có trong danh mục")
        return key

    def to_file(self, value, lookups):
        return None if _missing(value) else metric_labels().get(value, value)

    def show(self, values, lookups):
        import pandas as pd

        labels = metric_labels()
        return values.map(lambda k: None if k is None or pd.isna(k) else labels.get(k, k))


drop_down("metric", "Chỉ số", lambda cur: [(label, key) for key, label in metric_labels().items()])

# shared instances of the types without per-column configuration
TEXT, UNIT, UNITS, MONTH, DATE = Text(), UnitCode(), UnitCodes(), Month(), Date()
COUNT, ID, YEAR, ORDER, NUMBER, GRAIN, METRIC = Count(), Id(), Year(), Order(), Number(), Grain(), Metric()
MONTH_OF_YEAR = MonthOfYear()

# every type, for the data dictionary (a type configured per column is listed once, by its class)
TYPES: tuple[ColumnType, ...] = (TEXT, UNIT, UNITS, MONTH, DATE, COUNT, NUMBER, ID, YEAR, MONTH_OF_YEAR, ORDER,
                                 PLATFORM, ACTIVITY, LEVEL, GRAIN, METRIC)

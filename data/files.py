"""Reading a report file (XLSX or CSV) into dictionary-encoded columns, one list per sheet: each distinct cell of
a column is stored once, so the importer parses and checks it once however many rows repeat it.

Plain CSV goes through pyarrow (split exactly as ``csv.reader`` would); CSV with quotes and XLSX through
``csv.reader`` / calamine. Text encodings: ``data.parse.decode``.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from data import parse


class Coded:
    """A column dictionary-encoded: row i holds ``values[codes[i]]`` (``values`` an object array), so that
    each distinct cell is parsed and checked once however many rows repeat it."""

    __slots__ = ("codes", "values")

    def __init__(self, codes: np.ndarray, values: np.ndarray):
        self.codes, self.values = codes, values

    def take(self, rows: np.ndarray) -> Coded:
        return Coded(self.codes[rows], self.values)

    def array(self) -> np.ndarray:
        return self.values[self.codes]


def objects(items) -> np.ndarray:
    items = list(items)
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _encode(cells: np.ndarray) -> Coded:
    """Dictionary-encode one column of cells. Cells are told apart by type as well as value (1, 1.0 and True
    are different cells: they read differently)."""
    types = set(map(type, cells))
    if len(types) == 1 and type(None) not in types:
        codes, values = pd.factorize(cells, use_na_sentinel=False)
        return Coded(codes.astype(np.int64, copy=False), objects(values))
    seen: dict = {}
    codes = np.fromiter((seen.setdefault((type(c), c), len(seen)) for c in cells), dtype=np.int64, count=len(cells))
    return Coded(codes, objects(c for _t, c in seen))


def _encode_rows(rows: list[list]) -> tuple[list[Coded], int]:
    """Rows of cells -> dictionary-encoded columns; short rows are padded with None (a missing cell)."""
    n = len(rows)
    width = max(map(len, rows), default=0)
    if not n or not width:
        return [], n
    grid = np.empty((n, width), dtype=object)
    if all(len(r) == width for r in rows):
        grid[:] = rows
    else:
        for i, r in enumerate(rows):
            grid[i, :len(r)] = r
    return [_encode(grid[:, j]) for j in range(width)], n


def _csv_columns(text: str, dialect) -> tuple[list[Coded], int] | None:
    """The fast path for plain CSV (no quote, escape or lone carriage-return characters, no NUL, rows of equal
    length): pyarrow splits it exactly as ``csv.reader`` would and dictionary-encodes each column. None when the
    file needs ``csv.reader``."""
    if (dialect.skipinitialspace or "\x00" in text or (dialect.quotechar and dialect.quotechar in text)
            or (dialect.escapechar and dialect.escapechar in text) or "\r" in text.replace("\r\n", "")):
        return None
    import pyarrow as pa
    import pyarrow.csv as pacsv

    first = next((line for line in text.split("\n", 50) if line.strip("\r")), "")
    width = len(first.rstrip("\r").split(dialect.delimiter))
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(delimiter=dialect.delimiter, quote_char=False, double_quote=False,
                                             escape_char=False, newlines_in_values=False, ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(width)},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, ValueError):
        return None
    if table.num_columns != width or any(t != pa.string() for t in table.schema.types):
        return None
    columns = []
    for column in table.columns:
        encoded = column.combine_chunks().dictionary_encode()
        columns.append(Coded(encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64),
                              objects(encoded.dictionary.to_pylist())))
    return columns, table.num_rows


def sheets(name: str, data: bytes) -> list[tuple[str, list[Coded], int]]:
    """(sheet name, its columns dictionary-encoded, number of rows) of an XLSX or CSV file."""
    if not data:
        raise parse.ParseError("tệp rỗng")
    if name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        from python_calamine import CalamineWorkbook
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as exc:  # calamine raises its own error types for damaged files
            raise parse.ParseError(f"không đọc được tệp Excel ({exc})") from None
        return [(sheet, *_encode_rows(book.get_sheet_by_name(sheet).to_python())) for sheet in book.sheet_names]
    text, _encoding = parse.decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # a quote inside a quoted cell is written doubled (Excel, csv.writer); the sniffer only sees the first 4 KB,
    # so it may miss the doubling and would then split "…""…""…" wrongly
    dialect.doublequote = True
    fast = _csv_columns(text, dialect)
    if fast is not None:
        return [("", *fast)]
    return [("", *_encode_rows([row for row in csv.reader(io.StringIO(text), dialect)]))]

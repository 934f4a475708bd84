"""Frames drawn by ``st.dataframe`` with some columns written out (Vietnamese numbers, dates, a dash for unknown)
while they sort by their values: what ``frame.style.format(formatters, na_rep=…)`` gives Streamlit, without pandas
laying out an HTML table nobody sees.

Streamlit takes a Styler's display values from ``Styler._translate`` (each body cell's ``id`` and
``display_value``; a cell it is not given shows ``str(value)``), and pandas builds every cell's classes and
attributes there too: ~45 ms for the channel list's 500 rows, on every run of the page, cached or not.
``formatted`` returns a Styler whose ``_translate`` gives the cells whose text is not ``str(value)`` — the
formatted columns, every unknown value (``na_rep``), the values pandas writes its own way (decimals, dates) — and
nothing else. tests/test_frames.py checks Streamlit receives the same bytes as from pandas' Styler.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
from pandas.io.formats.style import Styler

from ui import format as fmt


def _missing(v) -> bool:
    """pandas' test for ``na_rep`` (``isna(x) is True``)."""
    return not isinstance(v, str) and pd.isna(v) is True


def _display_values(data: pd.DataFrame, formatters: dict[str, Callable], na_rep: str, default: Callable) -> dict:
    """What ``Styler._translate`` gives Streamlit, as pandas' ``format(formatters, na_rep=…)`` would: a missing value
    is ``na_rep`` in every column, the others are written by their column's formatter, or pandas' own way
    (``default``); a cell is given only where its text is not ``str(value)``."""
    body: list[list[dict]] = [[] for _ in range(len(data))]
    for c, name in enumerate(data.columns):
        fn = formatters.get(name)
        for r, v in enumerate(data.iloc[:, c].tolist()):
            if _missing(v):
                text = na_rep
            elif fn is not None:
                text = fn(v)
            elif isinstance(v, str):
                continue
            else:
                text = default(v)
            body[r].append({"id": f"row{r}_col{c}", "display_value": text})
    return {"body": body, "cellstyle": [], "table_styles": []}


def formatted(frame: pd.DataFrame, formatters: Mapping[str, Callable], na_rep: str) -> Styler:
    """``frame`` with the columns of ``formatters`` written by them and its unknown values as ``na_rep``.

    A Styler of pandas' own class (Streamlit recognises one by its exact type name), its ``_compute`` and
    ``_translate`` replaced on the instance: there are no styling functions to apply, and the display values are
    all Streamlit reads. (The replacements do not refer to the Styler, so it is freed with the run.)"""
    styler = Styler(frame)
    used = {k: fn for k, fn in formatters.items() if k in frame.columns}
    default = styler._display_funcs.default_factory()       # pandas' own writing of an unformatted value
    styler._compute = lambda: None
    styler._translate = lambda *args, **kwargs: _display_values(frame, used, na_rep, default)
    return styler


def grid_columns(formats: Mapping[str, str]) -> dict:
    """``st.dataframe`` column settings that write the given columns in the browser (``ui.format.GRID_*``: a date
    format for dates, a number format otherwise) — for a list sent as values, without a Styler's text copy."""
    from streamlit import column_config as cc

    return {name: cc.DateColumn(name, format=f) if f == fmt.GRID_DATE else cc.NumberColumn(name, format=f)
            for name, f in formats.items()}

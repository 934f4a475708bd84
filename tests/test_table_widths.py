"""Table columns as wide as their longest text: Streamlit sizes a column from the rows it samples, so the
status of an older batch ("Đã hoàn tác", far down the history) was cut to "Đã hoàn tá…"."""

from __future__ import annotations

import pandas as pd

from ui.components import fit_columns
from ui.text import column_px


def test_width_is_the_longest_value_or_header_at_14px_type_and_at_most_500px():
    # 11 characters (header "Trạng thái" is 10) x 7,2 px + 26 px of padding = 105 px
    assert column_px(["Đã nhập"] * 30 + ["Đã hoàn tác"], "Trạng thái") == 105
    assert column_px([None, float("nan"), "abc"], "") == int(3 * 7.2 + 26)
    assert column_px(["x" * 400]) == 500


def test_history_table_columns_fit_their_longest_text():
    shown = pd.DataFrame({"Lô": [2, 1], "Trạng thái": ["Đã nhập", "Đã hoàn tác"], "Tệp": ["a.xlsx", "bao-cao.xlsx"]})
    config = fit_columns(shown)
    assert {k: v["width"] for k, v in config.items()} == {"Trạng thái": 105, "Tệp": int(12 * 7.2 + 26)}

"""ui.frames.formatted gives Streamlit exactly what pandas' Styler gives it (display values and styles), for the
kinds of frames the pages draw: the channel list, a file's preview, the report coverage summary."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from streamlit.dataframe_util import is_pandas_styler
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from ui import format as fmt
from ui.frames import formatted


def _proto(styler) -> ArrowData:
    proto = ArrowData()
    marshall_styler(proto, styler, "uuid")
    return proto


def _channels(n: int) -> tuple[pd.DataFrame, dict]:
    rng = np.random.default_rng(7)
    followers = rng.integers(0, 2_000_000, n).astype("float64")
    followers[::7] = np.nan
    df = pd.DataFrame({
        "Tên kênh": [f"Kênh số {i} — xã Định Thủy" for i in range(n)],
        "Đơn vị": [None if i % 11 == 0 else "Hà Nội" for i in range(n)],
        "Người theo dõi": followers,
        "Tin bài": rng.integers(0, 500, n).astype("float64"),
        "Tăng": rng.integers(-5000, 5000, n).astype("float64"),
        "%": np.where(np.arange(n) % 5 == 0, np.nan, rng.normal(0, 0.2, n)),
        "Ngày đóng": [dt.date(2025, 3, 1 + i % 28) if i % 9 == 0 else None for i in range(n)],
        "Mở": ["11/2019"] * n,
    })
    formats = {"Người theo dõi": fmt.number, "Tin bài": fmt.number, "Tăng": lambda x: fmt.number(x, signed=True),
               "%": lambda x: fmt.percent(x, signed=True), "Ngày đóng": fmt.date, "not a column": fmt.number}
    return df, formats


def _preview() -> tuple[pd.DataFrame, dict]:
    df = pd.DataFrame({
        "ma_don_vi": ["01", "14", None],
        "so_luong": [1.0, 2.5, np.nan],
        "ti_le": [0.5, np.nan, 1 / 3],            # a number left to pandas' own writing (six decimals)
        "thang": pd.to_datetime(["2024-07-01", "2024-08-01", None]),
        "dem": [3, 4, 5],
        "co": [True, False, True],
        "hon_hop": [1.5, "văn bản", None],        # numbers among text: pandas writes the number its way
        "chuoi": pd.array(["a", None, "c"], dtype="string"),
    })
    return df, {"so_luong": fmt.number, "dem": fmt.number}


@pytest.mark.parametrize("case", ["channels", "channels_one_row", "preview", "empty"])
def test_streamlit_receives_what_pandas_styler_gives(case):
    if case.startswith("channels"):
        df, formats = _channels(500 if case == "channels" else 1)
    elif case == "preview":
        df, formats = _preview()
    else:
        df, formats = _channels(3)
        df = df.iloc[:0]
    present = {k: f for k, f in formats.items() if k in df.columns}
    expected = _proto(df.style.format(present, na_rep=fmt.DASH))
    got = _proto(formatted(df, formats, fmt.DASH))
    assert got.styler.display_values == expected.styler.display_values
    assert got.styler.styles == expected.styler.styles
    assert got.styler.caption == expected.styler.caption


def test_the_values_stay_numbers_for_sorting():
    df, formats = _channels(20)
    styled = formatted(df, formats, fmt.DASH)
    assert is_pandas_styler(styled)                # st.dataframe takes it as a Styler, not as data
    assert styled.data is df                       # st.dataframe sorts by these, and shows the display values
    assert pd.api.types.is_float_dtype(styled.data["Người theo dõi"])

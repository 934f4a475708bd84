"""What every page gets from the shell: the user's choices, the filters, the language, unit names.

The entry script (``dashboard.py``) calls ``set_current`` before running the page; a page calls
``current()``. Page-specific URL parameters (e.g. the metric a chart shows) go through ``param``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from queries.builder import Filters
from ui.filters import Choices, Context, Notice

_KEY = "_page_context"


@dataclass
class PageContext:
    choices: Choices
    filters: Filters
    ctx: Context
    lang: str
    units: pd.DataFrame                       # provincial units (queries.builder.units)
    platform_labels: dict[str, str]
    notices: list[Notice] = field(default_factory=list)

    @property
    def code_names(self) -> dict[str, str]:
        """Code -> name under the chosen boundary mode (for captions and selections)."""
        return self.ctx.current_units if self.choices.boundary == "current" else self.ctx.historical_units

    def with_unit_labels(self, df: pd.DataFrame) -> pd.DataFrame:
        """Add unit_code and unit_name beside unit_id; an old unit sharing its name with a current one
        is marked '(trước 07/2025)'."""
        u = self.units.set_index("unit_id")
        current_names = set(self.units.loc[self.units["valid_to"].isna(), "name"])
        out = df.copy()
        out["unit_code"] = out["unit_id"].map(u["code"])
        names = out["unit_id"].map(u["name"])
        old = out["unit_id"].map(u["valid_to"]).notna()
        suffix = " (trước 07/2025)" if self.lang == "vi" else " (before 07/2025)"
        out["unit_name"] = [n + suffix if o and n in current_names else n for n, o in zip(names, old)]
        return out


def set_current(pc: PageContext) -> None:
    st.session_state[_KEY] = pc


def current() -> PageContext:
    return st.session_state[_KEY]


def param(name: str, options: list[str], default: str) -> str:
    """A page-level choice kept in the URL: read once per session, written back on every run."""
    key = f"p_{name}"
    if key not in st.session_state:
        raw = st.query_params.get(name)
        st.session_state[key] = raw if raw in options else default
    if st.session_state[key] not in options:
        st.session_state[key] = default
    return key


def write_param(name: str, value: str, default: str) -> None:
    if value == default:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value

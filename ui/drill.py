"""Drill-down and cross-filtering, one mechanism for every analysis page.

A page's drill path is an ordered list of (dimension, value) steps, e.g. platform=tiktok then
unit=48. Clicking a bar or point of a chart drawn with ``Drill.chart`` adds a step; every chart of the
page is then asked with ``Drill.filters(f)``, so the selection filters them all; ``Drill.breadcrumb``
shows the path, steps back one level at a click, and clears it. The path lives in the URL parameter
``drill`` (``drill=platform:tiktok,unit:48``) and in a canonical session copy, so a pasted link
reproduces the view. Tests may inject a path through ``st.session_state[Drill.state_key(page)]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from queries.builder import Filters
from ui import chart
from ui.filters import Context, Notice, in_scope, several
from ui.markdown import escape
from ui.messages import t
from ui.page import set_query_param

PARAM = "drill"
DIMS = ("platform", "unit", "activity_type", "source_level", "contest")


def within_scope(allowed: dict[str, dict[str, str]], ctx: Context, boundary: str
                 ) -> tuple[dict[str, dict[str, str]], set[str]]:
    """A page's drillable values without the units outside the user's scope, and those units (a drill step to
    one of them is dropped with the scope notice, like a unit in the filter bar's URL)."""
    if ctx.scope is None or "unit" not in allowed:
        return allowed, set()
    units = {c: n for c, n in allowed["unit"].items() if in_scope(c, boundary, ctx)}
    return {**allowed, "unit": units}, set(allowed["unit"]) - set(units)


def parse(raw: str | None, allowed: dict[str, dict[str, str]], refused: set[str] = frozenset()
          ) -> tuple[list[tuple[str, str]], list[Notice]]:
    """'platform:tiktok,unit:48' -> steps, dropping unknown dimensions/values with a notice (units in
    ``refused`` — outside the user's scope — with the scope notice)."""
    steps: list[tuple[str, str]] = []
    notices: list[Notice] = []
    for part in [p.strip() for p in (raw or "").split(",") if p.strip()]:
        dim, sep, value = part.partition(":")
        if dim == "unit" and value in refused:
            notices.append(Notice("notice.unit_scope", {"value": value}))
            continue
        if not sep or dim not in allowed or value not in allowed[dim]:
            notices.append(Notice("notice.drill_bad", {"value": part}))
            continue
        steps = [s for s in steps if s[0] != dim] + [(dim, value)]
    return steps, notices


def serialise(steps) -> str | None:
    return ",".join(f"{d}:{v}" for d, v in steps) or None


def narrow(f: Filters, steps) -> Filters:
    """The page filters narrowed by every step of the path."""
    where = dict(f.where)
    for dim, value in steps:
        if dim == "unit":
            f = replace(f, units=(value,))
        elif dim == "platform":
            f = replace(f, platforms=(value,))
        else:
            where[dim] = (int(value),) if dim == "contest" else (value,)
    return replace(f, where=tuple(sorted(where.items())))


class Drill:
    """The drill path of one page. ``allowed`` maps each drillable dimension to {value: label}."""

    def __init__(self, page: str, allowed: dict[str, dict[str, str]], lang: str = "vi",
                 refused: set[str] = frozenset()):
        self.page, self.allowed, self.lang = page, allowed, lang
        self.key = self.state_key(page)
        ss = st.session_state
        self.notices: list[Notice] = []
        if self.key not in ss:
            raw = several({PARAM: st.query_params.get_all(PARAM)}, PARAM)    # drill=a&drill=b: both steps
            ss[self.key], self.notices = parse(raw, allowed, refused)
        # keep only steps still allowed (the filter bar may have changed units or boundaries)
        ss[self.key] = [(d, v) for d, v in ss[self.key] if d in allowed and v in allowed[d]]
        set_query_param(PARAM, serialise(ss[self.key]))

    @staticmethod
    def state_key(page: str) -> str:
        return f"_drill_{page}"

    @property
    def steps(self) -> list[tuple[str, str]]:
        return list(st.session_state[self.key])

    def value(self, dim: str) -> str | None:
        return dict(self.steps).get(dim)

    def filters(self, f: Filters) -> Filters:
        return narrow(f, self.steps)

    def _set(self, steps) -> None:
        st.session_state[self.key] = list(steps)

    def _on_select(self, chart_key: str, dim: str) -> None:
        for point in chart.selection(chart_key):
            data = point.get("customdata")
            value = data[0] if isinstance(data, (list, tuple)) else data
            if value is not None and str(value) in self.allowed.get(dim, {}):
                self._set([s for s in self.steps if s[0] != dim] + [(dim, str(value))])
                return

    def chart(self, fig, key: str, dim: str, draw: Callable):
        """Draw ``fig`` with ``draw`` (ui.components.plot) so that clicking a bar/point drills into
        ``dim`` — the trace's customdata[0] must hold the dimension value (unit code, platform key…)."""
        return draw(fig, key=f"{self.page}_{key}", on_select=lambda: self._on_select(f"{self.page}_{key}", dim))

    def breadcrumb(self) -> None:
        """'Tất cả › TikTok › Đà Nẵng': each crumb steps back to it; the last button clears."""
        steps = self.steps
        if not steps:
            return
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            st.markdown(t("drill.path", self.lang))
            st.button(t("drill.all", self.lang), key=f"{self.key}_0", type="tertiary",
                      on_click=self._set, args=([],))
            for i, (dim, value) in enumerate(steps, start=1):
                st.button(f"› {t(f'dim.{dim}', self.lang)}: {escape(self.allowed[dim][value])}",   # a stored name
                          key=f"{self.key}_{i}", type="tertiary", on_click=self._set, args=(steps[:i],),
                          disabled=i == len(steps))
            st.button(t("drill.clear", self.lang), key=f"{self.key}_clear", icon=":material/close:",
                      on_click=self._set, args=([],))

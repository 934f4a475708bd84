"""Lực lượng — teams and members: KPI cards, trend, new and disbanded teams, units ranked by members per
team (click a unit to narrow the page to it), and the searchable list of teams."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ui import format as fmt
from ui import programmes_data as targets_data
from ui import teams_data
from ui import text as tx
from ui.blocks import LIST_PAGE, Block, Choice, View, read_list_page, read_whole_list
from ui.charts import teams as team_charts
from ui.frames import grid_columns
from ui.messages import t
from ui.page import trend_filters

KEY, SLUG, TITLE = "teams", "luc-luong", "teams.title"
KPI_KEYS = ("teams", "members", "members_per_team", "teams_new", "teams_closed")
TREND_KEYS = ["members", "teams", "members_per_team"]
FLOW_KEYS = ("teams_new", "teams_closed")
MAX_UNIT_LINES = 8          # up to this many selected units: one line each
TEXT_PARAMS = ("q",)
PAGED_LIST = True          # its list shows one page (``trang``) at a time


def drill_dims(v: View) -> dict:
    return {"unit": v.code_names}


CHOICES = {c.name: c for c in [
    Choice("teams_metric", "teams.trend_metric", lambda v: TREND_KEYS, lambda v: "members"),
]}


def _by_unit(v: View) -> bool:
    return 2 <= len(v.filters.units) <= MAX_UNIT_LINES


def _trend(v: View):
    tf = trend_filters(v.filters, v.ctx.first_month)
    return replace(tf, compare="none") if _by_unit(v) else tf


def _trend_figure(df: pd.DataFrame, v: View):
    metric = v.params["teams_metric"]
    if _by_unit(v):
        return team_charts.unit_trend(v.with_unit_labels(df), metric, v.lang)
    return team_charts.trend(df, metric, v.choices.compare, v.lang)


def _flows_caption(df: pd.DataFrame, v: View) -> str:
    ch = replace(v.choices, start=_trend(v).start)
    return t("teams.flows_caption", v.lang, units=tx.units_text(ch, v.code_names, v.lang),
             period=tx.period_text(ch, v.lang), kind=t("kind.flow", v.lang)) + \
        tx.incomplete_suffix(bool(df["incomplete"].any()), v.lang)


def layout(v: View) -> list:
    return [
        Block("kpis", "teams.kpis", kind="kpis", metrics=KPI_KEYS, per_row=3, targets=True),
        (
            Block("trend", "teams.trend", shape="series", choices=("teams_metric",), widget="teams_trend",
                  metrics=lambda v: [v.params["teams_metric"]], by=lambda v: ("unit",) if _by_unit(v) else (),
                  narrow=_trend, figure=_trend_figure, ytd=True,
                  prepare=lambda df, v: df if _by_unit(v) else targets_data.with_target_line(
                      df, v.params["teams_metric"], v.reader, _trend(v)),
                  notes=lambda df, v: [t("teams.trend_by_unit", v.lang)] if _by_unit(v) else
                  targets_data.target_notes(df, v.lang)),
            Block("flows", "teams.flows", shape="series", metrics=FLOW_KEYS, widget="teams_flows",
                  narrow=lambda v: replace(trend_filters(v.filters, v.ctx.first_month), compare="none"),
                  defined=lambda df, v: df is not None and not df.empty and bool(df[list(FLOW_KEYS)].notna().any().any()),
                  figure=lambda df, v: team_charts.flows(df, v.lang), caption=_flows_caption),
        ),
        Block("ranking", "teams.ranking", by=("unit",), metrics=("members_per_team", "members", "teams"), ranked=True,
              drill="unit", hint="teams.drill_hint", narrow=lambda v: replace(v.filters, units=()),
              defined=lambda df, v: df is not None and not df.empty
              and bool((df["members_per_team"].fillna(0) != 0).any()),
              prepare=lambda df, v: v.with_unit_labels(df),
              figure=lambda df, v: team_charts.ranking(df, set(v.choices.units), v.lang),
              caption=lambda df, v: tx.chart_caption("members_per_team",
                                                     replace(v.choices, units=tuple(v.filters.scope or ())),
                                                     v.code_names, v.lang, df.attrs.get("ignored_filters"))),
        Block("table", "teams.table", kind="table", metrics=tuple(teams_data.TABLE_METRICS), by=("team", "unit"),
              fetch=_table_rows, defined=lambda df, v: True, display=_display, heading="none", slide=False,
              table=_export_table, whole=_whole_rows),
    ]


def _table_rows(v: View) -> pd.DataFrame:
    """One page of the team list: ids found, searched and ordered in SQL (``lists.entity_page``), then their
    numbers from the metric layer for those ids only."""
    return _rows_of(v, read_list_page(v, "team", v.params.get("q", ""), teams_data.TABLE_LIMIT).ids)


def _whole_rows(v: View) -> pd.DataFrame:
    """The whole team list the page shows a page of, for its download."""
    return read_whole_list(v, "team", v.params.get("q", ""), _rows_of)


def _rows_of(v: View, ids: tuple[int, ...]) -> pd.DataFrame:
    """The list's rows of these teams: their numbers from the metric layer for those ids only."""
    if not ids:
        return teams_data.team_rows(None, None)
    f = replace(v.filters, where=v.filters.where + (("team", ids),))
    per_team = v.reader.totals(teams_data.TABLE_METRICS, by=["team", "unit"], filters=f, ytd=False)
    return teams_data.team_rows(v.with_unit_labels(per_team), v.reader.read(teams_data.lists.entities_by_id, "team",
                                                                            ids))


def _display(shown: pd.DataFrame, v: View):
    lang, query = v.lang, v.params.get("q", "")
    if shown.empty:
        return None, {}, t("teams.table_none", lang, query=query) if query else None
    # the list's page holds the teams that existed in the period (at most TABLE_LIMIT), the table those still active
    # at its end: uncut, the rows are the count; cut, only the teams of the period are counted
    lp = v.extra[LIST_PAGE]                         # left by _table_rows (replayed with a cached block)
    found = lp.found
    limited = found > lp.size
    n = fmt.number(found if limited else len(shown))
    count = (t("teams.table_matches", lang, n=n, query=query) if query
             else t("teams.table_count_period" if limited else "teams.table_count", lang, n=n))
    if limited:
        count += " " + t("teams.table_limited", lang, first=fmt.number(lp.first), last=fmt.number(lp.last),
                         total=fmt.number(found))
    caption = t("teams.table_caption", lang, units=tx.units_text(v.choices, v.code_names, lang),
                period=tx.period_text(v.choices, lang), kind=t("kind.stock", lang))
    table, formats = teams_data.display(shown, v.choices.compare, lang)
    return table, dict(placeholder=fmt.DASH, column_config=grid_columns(formats)), [count, caption]


def _export_table(shown: pd.DataFrame, v: View) -> tuple[pd.DataFrame, dict[str, str]]:
    lang = v.lang
    out = pd.DataFrame({
        t("teams.col.unit", lang): shown["unit_name"],
        t("teams.col.name", lang): shown["name"],
        t("teams.col.founded", lang): shown["opened_on"],
        t("teams.col.members", lang): shown["members"].astype("float64"),
    })
    formats = {t("teams.col.unit", lang): "text", t("teams.col.name", lang): "text",
               t("teams.col.founded", lang): "date", t("teams.col.members", lang): "int"}
    if v.choices.compare != "none":
        header = t("teams.col.change", lang, vs=t(f"compare.vs.{v.choices.compare}", lang))
        out[header] = shown["members_delta"].astype("float64")
        out[header + " (%)"] = shown["members_pct"].astype("float64")
        formats |= {header: "int", header + " (%)": "pct"}
    return out, formats

"""Tổng quan — the Overview: KPI cards, trend, ranking, platform mix, tile-grid map."""

from __future__ import annotations

from dataclasses import replace

from queries import catalogue
from ui import charts
from ui import programmes_data as targets_data
from ui.blocks import Block, Choice, View
from ui.page import trend_filters

KEY, SLUG, TITLE = "overview", "", "overview.title"


def drill_dims(v: View) -> dict:
    return {"unit": v.code_names, "platform": v.platform_labels}


def trend_options(v: View | None = None) -> list[str]:
    """Every metric, stocks and flows first, then ratios."""
    keys = list(catalogue.METRICS)
    return [k for k in keys if catalogue.METRICS[k].kind != catalogue.RATIO] + \
        [k for k in keys if catalogue.METRICS[k].kind == catalogue.RATIO]


def mix_options(v: View) -> list[str]:
    return [k for k in trend_options(v) if "platform" in catalogue.get(k).dims]


CHOICES = {c.name: c for c in [
    Choice("metric", "overview.trend_metric", trend_options, lambda v: "members"),
    Choice("rank", "overview.ranking_metric", trend_options, lambda v: "members"),
    Choice("mix", "overview.mix_metric", mix_options, lambda v: "channels"),
    Choice("map", "overview.map_metric", trend_options, lambda v: "members_per_team"),
]}


def layout(v: View) -> list:
    p = v.params
    return [
        Block("kpis", "overview.kpis", kind="kpis", metrics=tuple(catalogue.KPI_METRICS), per_row=4, targets=True),
        Block("trend", "overview.trend", shape="series", choices=("metric",),
              metrics=lambda v: [v.params["metric"]], ytd=True,
              narrow=lambda v: trend_filters(v.filters, v.ctx.first_month),
              prepare=lambda df, v: targets_data.with_target_line(df, p["metric"], v.reader,
                                                                  trend_filters(v.filters, v.ctx.first_month)),
              notes=lambda df, v: targets_data.target_notes(df, v.lang),
              figure=lambda df, v: charts.trend(df, p["metric"], v.choices.compare, v.lang)),
        (
            Block("ranking", "overview.ranking", by=("unit",), choices=("rank",), drill="unit", hint="drill.hint", ranked=True,
                  metrics=lambda v: [v.params["rank"]], narrow=lambda v: replace(v.filters, units=()),
                  prepare=lambda df, v: v.with_unit_labels(df),
                  figure=lambda df, v: charts.ranking(df, p["rank"], set(v.choices.units), v.lang)),
            Block("mix", "overview.platform_mix", by=("platform",), choices=("mix",), drill="platform",
                  metrics=lambda v: [v.params["mix"]],
                  figure=lambda df, v: charts.platform_mix(df, p["mix"], v.platform_labels, v.lang)),
        ),
        Block("map", "overview.map", by=("unit",), choices=("map",), metrics=lambda v: [v.params["map"]],
              narrow=lambda v: replace(v.filters, units=(), boundary="current"),
              notes=lambda df, v: [] if v.choices.boundary == "current" else [_t("empty.map_units", v.lang)],
              prepare=lambda df, v: v.with_unit_labels(df),
              figure=lambda df, v: charts.tile_map(df, v.units, p["map"], v.lang)),
    ]


def _t(key: str, lang: str) -> str:
    from ui.messages import t

    return t(key, lang)

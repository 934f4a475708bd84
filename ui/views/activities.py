"""Hoạt động — posts, link shares, guided comments, violation reports, livestreams/videos and their reach:
KPI cards, activity types, the share of links by source level, platforms, a trend with comparison lines,
and a month × platform heat map. Clicking an activity type, a source level or a platform narrows the page.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from queries import catalogue
from ui import activities_data as data
from ui import charts
from ui import text as tx
from ui.blocks import Block, Choice, View
from ui.charts import activities as act_charts
from ui.messages import t
from ui.page import trend_filters

KEY, SLUG, TITLE = "activities", "hoat-dong", "activities.title"
OVERLAYS = ("both", "prev", "yoy", "none")


def drill_dims(v: View) -> dict:
    return {"platform": v.platform_labels, "activity_type": data.labels("activity_type", v.lang, v.reader),
            "source_level": data.labels("source_level", v.lang, v.reader)}


def step(v: View, dim: str) -> str | None:
    return dict(v.steps).get(dim)


def types(v: View) -> list[str]:
    """The activity types the selection can contain: a source level exists only for link shares."""
    labels = data.labels("activity_type", v.lang, v.reader)
    type_step, level_step = step(v, "activity_type"), step(v, "source_level")
    keys = [k for k in data.TYPE_METRICS if k in labels and (type_step is None or k == type_step)]
    if level_step is not None:
        keys = [k for k in keys if k == data.LINK_TYPE]
    return keys


def metrics(v: View) -> list[str]:
    return [data.TYPE_METRICS[k] for k in types(v)] + ["activity_reach"]


def _overlay_names(v: View) -> dict[str, str]:
    return {"both": t("activities.overlay.both", v.lang), "prev": t("compare.prev", v.lang),
            "yoy": t("compare.yoy", v.lang), "none": t("compare.none", v.lang)}


CHOICES = {c.name: c for c in [
    Choice("metric", "activities.metric", metrics,
           lambda v: "link_shares" if "link_shares" in metrics(v) else metrics(v)[0]),
    Choice("overlay", "activities.overlay", lambda v: list(OVERLAYS), lambda v: "both",
           lambda v: _overlay_names(v).get),
]}


def overlays(v: View) -> tuple[str, ...]:
    o = v.params.get("overlay", "both")
    return ("prev", "yoy") if o == "both" else () if o == "none" else (o,)


def where_note(v: View) -> str:
    notes = []
    for dim in ("activity_type", "source_level"):
        value = step(v, dim)
        if value is not None:
            labels = data.labels(dim, v.lang, v.reader)
            notes.append(t("activities.where", v.lang, what=f"{t(f'dim.{dim}', v.lang)} “{labels[value]}”"))
    return " ".join(notes)


def caption(key: str, metric_key: str, v: View, shown=None, incomplete: bool = False) -> str:
    """One line under a chart: what, which units, which period, stock or flow, and the drill narrowing."""
    m = catalogue.get(metric_key)
    shown = shown or v.choices
    lines = ", ".join(t(f"chart.comparison_{o}", v.lang).lower() for o in overlays(v)) or \
        t("activities.no_lines", v.lang)
    text = t(key, v.lang, metric=m.label(v.lang), units=tx.units_text(shown, v.code_names, v.lang),
             period=tx.period_text(shown, v.lang), kind=t(f"kind.{m.kind}", v.lang),
             grain=t(f"activities.grain.{shown.grain}", v.lang), lines=lines)
    text += tx.incomplete_suffix(incomplete, v.lang)
    return " ".join(x for x in (text, where_note(v)) if x)


# ---- data of the blocks ------------------------------------------------------------------------------

def _by_type(v: View) -> pd.DataFrame:
    keys = types(v)
    row = v.reader.totals(metrics(v), filters=v.filters).iloc[0]
    labels = data.labels("activity_type", v.lang, v.reader)
    out = pd.DataFrame({
        "activity_type": keys, "label": [labels[k] for k in keys],
        "value": [row[data.TYPE_METRICS[k]] for k in keys],
        "cmp": [row.get(f"{data.TYPE_METRICS[k]}_cmp") for k in keys],
        "unit": [catalogue.get(data.TYPE_METRICS[k]).unit(v.lang) for k in keys],
    })
    out.attrs["incomplete"] = bool(row["incomplete"])
    return out


def _shares(v: View) -> pd.DataFrame:
    if data.LINK_TYPE not in types(v):
        return pd.DataFrame()
    f = v.filters
    by_level = v.reader.totals(["link_shares"], by=["source_level"], filters=f, ytd=False)
    by_both = v.reader.totals(["link_shares"], by=["platform", "source_level"], filters=f, ytd=False)
    parts = [by_both.rename(columns={"platform": "row"})]
    if len(f.platforms) != 1:
        parts.insert(0, by_level.assign(row=act_charts.ALL_ROW))
    out = pd.concat(parts, ignore_index=True).rename(columns={"link_shares": "value"})
    out.attrs["incomplete"] = bool(by_level["incomplete"].any()) if len(by_level) else False
    return out


def _share_figure(df: pd.DataFrame, v: View):
    rows = {} if len(v.filters.platforms) == 1 else {act_charts.ALL_ROW: t("activities.all_platforms", v.lang)}
    rows.update(v.platform_labels)
    return act_charts.source_share(df, data.labels("source_level", v.lang, v.reader), rows, v.lang)


def _trend_range(v: View):
    return trend_filters(v.filters, v.ctx.first_month)


def _trend(v: View) -> pd.DataFrame:
    metric, tf = v.params["metric"], _trend_range(v)
    trend = v.reader.series([metric], filters=replace(tf, compare="prev" if "prev" in overlays(v) else "none"))
    if trend.empty:
        return trend
    trend = trend.assign(**{f"{metric}_prev": trend[f"{metric}_cmp"], "cmp_label_prev": trend["cmp_label"]})
    if "yoy" in overlays(v):
        yoy = v.reader.series([metric], filters=replace(tf, compare="yoy"))
        yoy = yoy[["period_start", f"{metric}_cmp", "cmp_label"]].rename(
            columns={f"{metric}_cmp": f"{metric}_yoy", "cmp_label": "cmp_label_yoy"})
        trend = trend.merge(yoy, on="period_start", how="left")
    return trend


def _trend_table(df: pd.DataFrame, v: View):
    metric = v.params["metric"]
    m = catalogue.get(metric)
    out = pd.DataFrame({t("export.col.period", v.lang): [tx.period_mark(p, bool(i)) for p, i in
                                                          zip(df["period_label"], df["incomplete"])],
                        f"{m.label(v.lang)} ({m.unit(v.lang)})": df[metric].astype("float64")})
    formats = {c: m.fmt for c in out.columns}
    formats[t("export.col.period", v.lang)] = "text"
    for o in overlays(v):
        name = t(f"chart.comparison_{o}", v.lang)
        out[name] = df[f"{metric}_{o}"].astype("float64")
        formats[name] = m.fmt
    return out, formats


def _cmp_name(v: View) -> str | None:
    return t(f"chart.comparison_{v.choices.compare}", v.lang) if v.choices.compare != "none" else None


def _types_table(df: pd.DataFrame, v: View):
    out = pd.DataFrame({t("dim.activity_type", v.lang).capitalize(): df["label"], t("export.kpi.value", v.lang):
                        df["value"].astype("float64"), t("export.kpi.unit", v.lang): df["unit"]})
    formats = {out.columns[0]: "text", out.columns[1]: "int", out.columns[2]: "text"}
    if _cmp_name(v) and "cmp" in df:
        out.insert(2, _cmp_name(v), pd.to_numeric(df["cmp"], errors="coerce").astype("float64"))
        formats[_cmp_name(v)] = "int"
    return out, formats


def _shares_table(df: pd.DataFrame, v: View):
    levels = data.labels("source_level", v.lang, v.reader)
    rows = {act_charts.ALL_ROW: t("activities.all_platforms", v.lang), **v.platform_labels}
    d = df[df["source_level"].isin(list(levels))]
    out = pd.DataFrame({
        t("dim.platform", v.lang).capitalize(): d["row"].map(rows).fillna(d["row"]),
        t("dim.source_level", v.lang).capitalize(): d["source_level"].map(levels),
        catalogue.get("link_shares").label(v.lang): d["value"].astype("float64"),
    })
    return out.reset_index(drop=True), {out.columns[0]: "text", out.columns[1]: "text", out.columns[2]: "int"}


def layout(v: View) -> list:
    has_types = bool(types(v))
    return [
        Block("kpis", "activities.kpis", kind="kpis", metrics=lambda v: metrics(v) if has_types else [], per_row=3),
        (
            Block("types", "activities.by_type", fetch=_by_type, drill="activity_type",
                  metrics=lambda v: [data.TYPE_METRICS[types(v)[0]]],
                  defined=lambda df, v: df is not None and not df.empty,
                  figure=lambda df, v: act_charts.activity_types(df, v.lang, _cmp_name(v)), table=_types_table,
                  caption=lambda df, v: caption("activities.type_caption", data.TYPE_METRICS[types(v)[0]], v,
                                                incomplete=df.attrs.get("incomplete", False))),
            Block("share", "activities.source_share", fetch=_shares, drill="source_level", empty="activities.no_links",
                  metrics=("link_shares",), defined=lambda df, v: _has(df, "value"),
                  figure=_share_figure, table=_shares_table,
                  caption=lambda df, v: caption("activities.share_caption", "link_shares", v,
                                                incomplete=df.attrs.get("incomplete", False))),
        ),
        (
            Block("platform", "activities.by_platform", by=("platform",), choices=("metric",), drill="platform",
                  metrics=lambda v: [v.params["metric"]],
                  figure=lambda df, v: charts.platform_mix(df, v.params["metric"], v.platform_labels, v.lang),
                  caption=lambda df, v: caption("chart.caption", v.params["metric"], v,
                                                incomplete=bool(df["incomplete"].any()))),
            Block("trend", "activities.trend", shape="series", choices=("overlay",), widget="activities_trend",
                  metrics=lambda v: [v.params["metric"]], fetch=_trend, table=_trend_table,
                  figure=lambda df, v: act_charts.trend_overlays(df, v.params["metric"], overlays(v), v.lang),
                  caption=lambda df, v: caption("activities.trend_caption", v.params["metric"], v,
                                                shown=replace(v.choices, start=_trend_range(v).start),
                                                incomplete=bool(df["incomplete"].any()))),
        ),
        Block("heatmap", "activities.heatmap", shape="series", by=("platform",), widget="activities_heatmap",
              metrics=lambda v: [v.params["metric"]],
              narrow=lambda v: replace(v.filters, grain="month", compare="none"),
              figure=lambda df, v: act_charts.heatmap(df, v.params["metric"], v.platform_labels, v.lang),
              caption=lambda df, v: caption("activities.heat_caption", v.params["metric"], v,
                                            incomplete=bool(df["incomplete"].any()))),
    ]


def _has(df: pd.DataFrame | None, col: str) -> bool:
    return df is not None and not df.empty and bool((df[col].fillna(0) != 0).any())

"""Hoạt động — posts, link shares, guided comments, violation reports, livestreams/videos and their reach:
KPI cards, activity types, the share of links by source level, platforms, a trend with comparison lines,
and a month × platform heat map. Clicking an activity type, a source level or a platform narrows the page.
"""

from dataclasses import replace

import pandas as pd
import streamlit as st

from queries import catalogue
from ui import activities_data as data
from ui import charts, store
from ui import components as c
from ui.charts import activities as act_charts
from ui.drill import Drill
from ui.filterbar import show_notices
from ui.messages import t
from ui.page import current, select, trend_filters

P = current()
lang, choices = P.lang, P.choices
type_labels = data.labels("activity_type", lang)
level_labels = data.labels("source_level", lang)
drill = Drill("activities", {"platform": P.platform_labels, "activity_type": type_labels,
                             "source_level": level_labels}, lang)
f = drill.filters(P.filters)
choices = replace(choices, units=f.units, platforms=f.platforms)
type_step, level_step = drill.value("activity_type"), drill.value("source_level")

# Which activity types the selection can contain: a source level exists only for link shares.
types = [k for k in data.TYPE_METRICS if k in type_labels and (type_step is None or k == type_step)]
if level_step is not None:
    types = [k for k in types if k == data.LINK_TYPE]
metrics = [data.TYPE_METRICS[k] for k in types] + ["activity_reach"]

st.title(t("activities.title", lang))
st.caption(c.department(choices.end, lang))
c.context_line(choices, P.code_names, lang)
show_notices(P.notices + drill.notices, lang)
c.boundary_notice(choices, lang)
drill.breadcrumb()
if level_step is not None:
    st.caption(":material/info: " + t("activities.source_only_links", lang))

where_note = " ".join(
    t("activities.where", lang, what=f"{t(f'dim.{dim}', lang)} “{labels[value]}”")
    for dim, labels in (("activity_type", type_labels), ("source_level", level_labels))
    for value in [drill.value(dim)] if value is not None)


def caption(key: str, metric_key: str, shown=choices, incomplete: bool = False) -> None:
    """One line under a chart: what, which units, which period, stock or flow, and the drill narrowing."""
    m = catalogue.get(metric_key)
    text = t(key, lang, metric=m.label(lang), units=c.units_text(shown, P.code_names, lang),
             period=c.period_text(shown, lang), kind=t(f"kind.{m.kind}", lang),
             grain=t(f"activities.grain.{shown.grain}", lang), lines=overlay_text)
    if incomplete:
        text += " * " + t("chart.incomplete_mark", lang)
    st.caption(" ".join(x for x in (text, where_note) if x))


overlay_text = ""
row = c.kpi_section(metrics, f, choices.compare, t("activities.kpis", lang), lang, per_row=3, empty=not types)
if row is None:
    st.stop()

# --- activity types and source levels ----------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(t("activities.by_type", lang))
    by_type = pd.DataFrame({
        "activity_type": types,
        "label": [type_labels[k] for k in types],
        "value": [row[data.TYPE_METRICS[k]] for k in types],
        "unit": [catalogue.get(data.TYPE_METRICS[k]).unit(lang) for k in types],
    })
    drill.chart(act_charts.activity_types(by_type, lang), "types", "activity_type", c.plot)
    caption("activities.type_caption", data.TYPE_METRICS[types[0]], incomplete=bool(row["incomplete"]))

with right:
    st.subheader(t("activities.source_share", lang))
    shares = pd.DataFrame()
    if data.LINK_TYPE in types:
        one_platform = len(f.platforms) == 1
        by_level = store.totals(["link_shares"], by=["source_level"], filters=f, ytd=False)
        by_both = store.totals(["link_shares"], by=["platform", "source_level"], filters=f, ytd=False)
        parts = [by_both.rename(columns={"platform": "row"})]
        if not one_platform:
            parts.insert(0, by_level.assign(row=act_charts.ALL_ROW))
        shares = pd.concat(parts, ignore_index=True).rename(columns={"link_shares": "value"})
    if c.has_data(shares, ["value"]):
        rows = {} if len(f.platforms) == 1 else {act_charts.ALL_ROW: t("activities.all_platforms", lang)}
        rows.update(P.platform_labels)
        drill.chart(act_charts.source_share(shares, level_labels, rows, lang), "share", "source_level", c.plot)
        caption("activities.share_caption", "link_shares", incomplete=bool(row["incomplete"]))
    else:
        st.info(t("activities.no_links", lang), icon=":material/link_off:")
st.caption(t("activities.hint", lang))

# --- one metric: platforms, trend with comparison lines, heat map -------------------------------------
def label_of(key: str) -> str:
    return catalogue.get(key).label(lang)


pick_metric, pick_overlay = st.columns(2)
with pick_metric:
    default_metric = "link_shares" if "link_shares" in metrics else metrics[0]
    metric = select("metric", t("activities.metric", lang), metrics, default_metric, label_of)
with pick_overlay:
    overlay_names = {"both": t("activities.overlay.both", lang), "prev": t("compare.prev", lang),
                     "yoy": t("compare.yoy", lang), "none": t("compare.none", lang)}
    overlay = select("overlay", t("activities.overlay", lang), list(overlay_names), "both", overlay_names.get)
overlays = ("prev", "yoy") if overlay == "both" else () if overlay == "none" else (overlay,)
overlay_text = ", ".join(t(f"chart.comparison_{o}", lang).lower() for o in overlays) or \
    t("activities.no_lines", lang)

left, right = st.columns(2)
with left:
    st.subheader(t("activities.by_platform", lang))
    mix = store.totals([metric], by=["platform"], filters=f, ytd=False)
    if c.has_data(mix, [metric]):
        drill.chart(charts.platform_mix(mix, metric, P.platform_labels, lang), "platform", "platform", c.plot)
        caption("chart.caption", metric, incomplete=bool(row["incomplete"]))
    else:
        c.empty_state(lang)

with right:
    st.subheader(t("activities.trend", lang))
    tf = trend_filters(f, P.ctx.first_month)
    trend = store.series([metric], filters=replace(tf, compare="prev" if "prev" in overlays else "none"))
    if c.has_data(trend, [metric]):
        trend = trend.assign(**{f"{metric}_prev": trend[f"{metric}_cmp"], "cmp_label_prev": trend["cmp_label"]})
        if "yoy" in overlays:
            yoy = store.series([metric], filters=replace(tf, compare="yoy"))
            yoy = yoy[["period_start", f"{metric}_cmp", "cmp_label"]].rename(
                columns={f"{metric}_cmp": f"{metric}_yoy", "cmp_label": "cmp_label_yoy"})
            trend = trend.merge(yoy, on="period_start", how="left")
        c.plot(act_charts.trend_overlays(trend, metric, overlays, lang), key="activities_trend")
        caption("activities.trend_caption", metric, shown=replace(choices, start=tf.start),
                incomplete=bool(trend["incomplete"].any()))
    else:
        c.empty_state(lang)

st.subheader(t("activities.heatmap", lang))
heat = store.series([metric], by=["platform"], filters=replace(f, grain="month", compare="none"))
if c.has_data(heat, [metric]):
    c.plot(act_charts.heatmap(heat, metric, P.platform_labels, lang), key="activities_heatmap")
    caption("activities.heat_caption", metric, incomplete=bool(heat["incomplete"].any()))
else:
    c.empty_state(lang)

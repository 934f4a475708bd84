"""Tổng quan — the Overview: KPI cards, trend, ranking, platform mix, tile-grid map."""

from dataclasses import replace

import streamlit as st

from queries import catalogue
from ui import charts, store
from ui import components as c
from ui.drill import Drill
from ui.filterbar import show_notices
from ui.messages import t
from ui.page import current, select, trend_filters

P = current()
lang, choices = P.lang, P.choices
drill = Drill("overview", {"unit": P.code_names, "platform": P.platform_labels}, lang)
f = drill.filters(P.filters)
choices = replace(choices, units=f.units, platforms=f.platforms)

st.title(t("overview.title", lang))
st.caption(c.department(choices.end, lang))
c.context_line(choices, P.code_names, lang)
show_notices(P.notices + drill.notices, lang)
c.boundary_notice(choices, lang)
drill.breadcrumb()

row = c.kpi_section(catalogue.KPI_METRICS, f, choices.compare, t("overview.kpis", lang), lang, per_row=4,
                    targets=True)
if row is None:
    st.stop()

# --- trend ---------------------------------------------------------------------------------------
st.subheader(t("overview.trend", lang))
def label_of(key: str) -> str:
    return catalogue.get(key).label(lang)


trend_options = [k for k in catalogue.METRICS if catalogue.METRICS[k].kind != catalogue.RATIO] + \
    [k for k in catalogue.METRICS if catalogue.METRICS[k].kind == catalogue.RATIO]
metric = select("metric", t("overview.trend_metric", lang), trend_options, "members", label_of)
trend = store.series([metric], filters=trend_filters(f, P.ctx.first_month))
if c.has_data(trend, [metric]):
    c.plot(charts.trend(trend, metric, choices.compare, lang), key="trend")
    c.chart_caption(metric, choices, P.code_names, lang, trend.attrs.get("ignored_filters"),
                    incomplete=bool(trend["incomplete"].any()))
else:
    c.empty_state(lang)

# --- ranking and platform mix --------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(t("overview.ranking", lang))
    rank_metric = select("rank", t("overview.ranking_metric", lang), trend_options, "members", label_of)
    ranked = store.totals([rank_metric], by=["unit"], filters=replace(f, units=()), ytd=False)
    if c.has_data(ranked, [rank_metric]):
        ranked = P.with_unit_labels(ranked)
        drill.chart(charts.ranking(ranked, rank_metric, set(choices.units), lang), "ranking", "unit", c.plot)
        st.caption(t("drill.hint", lang))
        c.chart_caption(rank_metric, replace(choices, units=()), P.code_names, lang,
                        ranked.attrs.get("ignored_filters"))
    else:
        c.empty_state(lang)

with right:
    st.subheader(t("overview.platform_mix", lang))
    mix_options = [k for k in trend_options if "platform" in catalogue.get(k).dims]
    mix_metric = select("mix", t("overview.mix_metric", lang), mix_options, "channels", label_of)
    mix = store.totals([mix_metric], by=["platform"], filters=f, ytd=False)
    if c.has_data(mix, [mix_metric]):
        drill.chart(charts.platform_mix(mix, mix_metric, P.platform_labels, lang), "mix", "platform", c.plot)
        c.chart_caption(mix_metric, choices, P.code_names, lang)
    else:
        c.empty_state(lang)

# --- tile-grid map -------------------------------------------------------------------------------
st.subheader(t("overview.map", lang))
map_metric = select("map", t("overview.map_metric", lang), trend_options, "members_per_team", label_of)
if choices.boundary != "current":
    st.caption(t("empty.map_units", lang))
by_unit = store.totals([map_metric], by=["unit"], filters=replace(f, units=(), boundary="current"),
                       ytd=False)
if c.has_data(by_unit, [map_metric]):
    by_unit = P.with_unit_labels(by_unit)
    c.plot(charts.tile_map(by_unit, P.units, map_metric, lang), key="map")
    c.chart_caption(map_metric, replace(choices, units=()), P.code_names, lang,
                    by_unit.attrs.get("ignored_filters"))
else:
    c.empty_state(lang)

"""Tổng quan — the Overview: KPI cards, trend, ranking, platform mix, tile-grid map."""

from dataclasses import replace

import streamlit as st

from queries import catalogue
from ui import charts, store
from ui import components as c
from ui.filterbar import show_notices
from ui.messages import t
from ui.page import current, param, write_param

P = current()
lang, choices, f = P.lang, P.choices, P.filters

st.title(t("overview.title", lang))
st.caption(c.department(choices.end, lang))
c.context_line(choices, P.code_names, lang)
show_notices(P.notices, lang)
c.boundary_notice(choices, lang)

kpi_keys = list(catalogue.KPI_METRICS)
kpis = store.totals(kpi_keys, filters=f)
if not c.has_data(kpis, kpi_keys):
    c.empty_state(lang)
    st.stop()

row = kpis.iloc[0]
if row["incomplete"]:
    st.info(t("kpi.incomplete", lang, month=f"{row['period_end'].month:02d}/{row['period_end'].year}"), icon="⏳")
monthly = store.series(kpi_keys, filters=replace(f, grain="month", compare="none"))
goals = store.targets(kpi_keys, f, f.end.year) if f.start.year == f.end.year else {}

st.subheader(t("overview.kpis", lang))
for start in range(0, len(kpi_keys), 4):
    cols = st.columns(4)
    for col, key in zip(cols, kpi_keys[start:start + 4]):
        with col:
            spark = monthly[key].fillna(0).tolist() if len(monthly) > 1 else None
            c.kpi_card(row, key, choices.compare, lang, target=goals.get(key), spark=spark)

# --- trend ---------------------------------------------------------------------------------------
st.subheader(t("overview.trend", lang))
trend_options = [k for k in catalogue.METRICS if catalogue.METRICS[k].kind != catalogue.RATIO] + \
    [k for k in catalogue.METRICS if catalogue.METRICS[k].kind == catalogue.RATIO]
key = param("metric", trend_options, "members")
st.selectbox(t("overview.trend_metric", lang), trend_options, key=key,
             format_func=lambda k: catalogue.get(k).label(lang))
metric = st.session_state[key]
write_param("metric", metric, "members")
trend = store.series([metric], filters=f)
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
    rank_key = param("rank", trend_options, "members")
    st.selectbox(t("overview.ranking_metric", lang), trend_options, key=rank_key,
                 format_func=lambda k: catalogue.get(k).label(lang))
    rank_metric = st.session_state[rank_key]
    write_param("rank", rank_metric, "members")
    ranked = store.totals([rank_metric], by=["unit"], filters=replace(f, units=()), ytd=False)
    if c.has_data(ranked, [rank_metric]):
        ranked = P.with_unit_labels(ranked)
        c.plot(charts.ranking(ranked, rank_metric, set(choices.units), lang), key="ranking")
        c.chart_caption(rank_metric, replace(choices, units=()), P.code_names, lang,
                        ranked.attrs.get("ignored_filters"))
    else:
        c.empty_state(lang)

with right:
    st.subheader(t("overview.platform_mix", lang))
    mix_options = [k for k in trend_options if "platform" in catalogue.get(k).dims]
    mix_key = param("mix", mix_options, "channels")
    st.selectbox(t("overview.mix_metric", lang), mix_options, key=mix_key,
                 format_func=lambda k: catalogue.get(k).label(lang))
    mix_metric = st.session_state[mix_key]
    write_param("mix", mix_metric, "channels")
    mix = store.totals([mix_metric], by=["platform"], filters=f, ytd=False)
    if c.has_data(mix, [mix_metric]):
        c.plot(charts.platform_mix(mix, mix_metric, P.platform_labels, lang), key="mix")
        c.chart_caption(mix_metric, choices, P.code_names, lang)
    else:
        c.empty_state(lang)

# --- tile-grid map -------------------------------------------------------------------------------
st.subheader(t("overview.map", lang))
map_key = param("map", trend_options, "members_per_team")
st.selectbox(t("overview.map_metric", lang), trend_options, key=map_key,
             format_func=lambda k: catalogue.get(k).label(lang))
map_metric = st.session_state[map_key]
write_param("map", map_metric, "members_per_team")
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

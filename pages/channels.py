"""Kênh thông tin — channels: active channels and followers by platform and unit over time, openings and
closings, followers per channel, and a searchable list of channels. Clicking a platform or a unit
narrows the whole page (``ui.drill``); every number comes from the metric layer by key."""

from dataclasses import replace

import streamlit as st

from queries import catalogue
from ui import channels_data, store
from ui import components as c
from ui import format as fmt
from ui.charts import channels as ch_charts
from ui.charts import platform_mix, ranking
from ui.drill import Drill
from ui.filterbar import show_notices
from ui.messages import t
from ui.page import current, select, set_query_param, trend_filters

P = current()
lang = P.lang
drill = Drill("channels", {"unit": P.code_names, "platform": P.platform_labels}, lang)
f = drill.filters(P.filters)
choices = replace(P.choices, units=f.units, platforms=f.platforms)
names = P.code_names


def label_of(key: str) -> str:
    return catalogue.get(key).label(lang)


def caption_pair(a: str, b: str, ch, incomplete: bool = False) -> None:
    """A chart caption for two metrics of the same kind, built like ``components.chart_caption``."""
    ma, mb = catalogue.get(a), catalogue.get(b)
    text = t("channels.caption_pair", lang, a=ma.label(lang), b=mb.label(lang).lower(),
             units=c.units_text(ch, names, lang), period=c.period_text(ch, lang), kind=t(f"kind.{ma.kind}", lang))
    if incomplete:
        text += " * " + t("chart.incomplete_mark", lang)
    st.caption(text)


st.title(t("channels.title", lang))
st.caption(c.department(choices.end, lang))
c.context_line(choices, names, lang)
show_notices(P.notices + drill.notices, lang)
c.boundary_notice(choices, lang)
drill.breadcrumb()

# --- KPI cards -----------------------------------------------------------------------------------
kpi_keys = ["channels", "followers", "followers_per_channel", "channels_new", "channels_closed", "channel_posts"]
row = c.kpi_section(kpi_keys, f, choices.compare, t("channels.kpis", lang), lang, per_row=3)
if row is None:
    st.stop()

# --- over time, by platform or by unit ----------------------------------------------------------
st.subheader(t("channels.trend", lang))
left, right = st.columns(2)
with left:
    metric = select("ch_metric", t("channels.metric", lang), ["channels", "followers"], "channels", label_of)
with right:
    by = select("ch_by", t("channels.by", lang), ["platform", "unit"], "platform",
                lambda d: t(f"dim.{d}", lang).capitalize())
tf = trend_filters(f, P.ctx.first_month)
trend_choices = replace(choices, start=tf.start)
trend = store.series([metric], by=[by], filters=replace(tf, compare="none"))
if c.has_data(trend, [metric]):
    if by == "platform":
        drill.chart(ch_charts.platform_trend(trend, metric, P.platform_labels, lang), "trend", "platform", c.plot)
        st.caption(t("channels.click_platform", lang))
    else:
        trend = P.with_unit_labels(trend)
        drill.chart(ch_charts.unit_trend(trend, metric, lang), "trend_units", "unit", c.plot)
        if trend["unit_code"].nunique() > 7:
            st.caption(t("channels.top_units", lang, n=7))
        st.caption(t("channels.click_unit", lang))
    c.chart_caption(metric, trend_choices, names, lang, trend.attrs.get("ignored_filters"),
                    incomplete=bool(trend["incomplete"].any()))
else:
    c.empty_state(lang)

# --- by platform and by unit for the chosen range -------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(t("channels.platforms", lang))
    mix = store.totals([metric], by=["platform"], filters=f, ytd=False)
    if c.has_data(mix, [metric]):
        # horizontal labels with room beside the longest bar, so "10.366 (45,9%)" is never cut off
        fig = platform_mix(mix, metric, P.platform_labels, lang).update_traces(textangle=0)
        fig.update_xaxes(range=[0, float(mix[metric].max()) * 1.35])
        drill.chart(fig, "mix", "platform", c.plot)
        st.caption(t("channels.click_platform", lang))
        c.chart_caption(metric, choices, names, lang)
    else:
        c.empty_state(lang)
with right:
    st.subheader(t("channels.units", lang))
    ranked = store.totals([metric], by=["unit"], filters=replace(f, units=()), ytd=False)
    if c.has_data(ranked, [metric]):
        ranked = P.with_unit_labels(ranked)
        # horizontal value labels: a short bar pushes its label outside instead of turning it on its side
        fig = ranking(ranked, metric, set(f.units), lang).update_traces(textangle=0)
        drill.chart(fig, "ranking", "unit", c.plot)
        st.caption(t("channels.click_unit", lang))
        c.chart_caption(metric, replace(choices, units=()), names, lang, ranked.attrs.get("ignored_filters"))
    else:
        c.empty_state(lang)

# --- openings and closings; followers per channel -----------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(t("channels.flows", lang))
    flows = store.series(["channels_new", "channels_closed"], filters=replace(tf, compare="none"))
    if c.has_data(flows, ["channels_new", "channels_closed"]):
        c.plot(ch_charts.opened_closed(flows, lang), key="channels_flows")
        caption_pair("channels_new", "channels_closed", trend_choices, incomplete=bool(flows["incomplete"].any()))
    else:
        c.empty_state(lang)
with right:
    st.subheader(t("channels.per_channel", lang))
    ratio = store.totals(["followers_per_channel", "channels"], by=["platform"], filters=f, ytd=False)
    if c.has_data(ratio, ["followers_per_channel"]):
        drill.chart(ch_charts.platform_values(ratio, "followers_per_channel", P.platform_labels, lang),
                    "ratio", "platform", c.plot)
        c.chart_caption("followers_per_channel", choices, names, lang)
        silent = ratio.loc[ratio["followers_per_channel"].isna() & (ratio["channels"] > 0), "platform"]
        if len(silent):
            st.caption(t("channels.ratio_note", lang, platforms=", ".join(P.platform_labels.get(k, k) for k in silent)))
    else:
        c.empty_state(lang)

# --- the channel list ----------------------------------------------------------------------------
st.subheader(t("channels.table", lang))
per_channel = store.totals(list(channels_data.TABLE_METRICS), by=["channel", "unit", "platform"], filters=f,
                           ytd=False)
rows = channels_data.channel_rows(P.with_unit_labels(per_channel), channels_data.channel_entities())

QUERY_KEY = "channels_query"
if QUERY_KEY not in st.session_state:
    st.session_state[QUERY_KEY] = st.query_params.get("tim_kenh", "")
query = st.text_input(t("channels.search", lang), key=QUERY_KEY,
                      placeholder=t("channels.search_placeholder", lang)).strip()
set_query_param("tim_kenh", query or None)
found = channels_data.search(rows, query, P.platform_labels)
shown = found.head(channels_data.TABLE_LIMIT)

st.caption(t("channels.table_caption", lang, units=c.units_text(choices, names, lang),
             period=c.period_text(choices, lang)))
if shown.empty:
    if query:
        st.info(t("channels.table_none", lang, query=query), icon=":material/search_off:")
    else:
        c.empty_state(lang)
else:
    col = {k: t(f"channels.col.{k}", lang) for k in
           ("unit", "platform", "name", "address", "opened", "closed", "followers", "posts", "delta", "pct")}
    table = shown.rename(columns={
        "unit_name": col["unit"], "name": col["name"], "address": col["address"], "opened_on": col["opened"],
        "closed_on": col["closed"], "followers": col["followers"], "channel_posts": col["posts"],
        "followers_delta": col["delta"], "followers_pct": col["pct"]})
    table[col["platform"]] = shown["platform"].map(P.platform_labels).fillna(shown["platform"])
    # the numbers right after the name, so they are on screen without scrolling the table sideways;
    # one unit in view: its name in every row says nothing
    keys = ["name"] + (["unit"] if len(f.units) != 1 else []) + ["platform", "followers", "posts"]
    keys += ["delta", "pct"] if choices.compare != "none" else []
    keys += ["address", "opened"] + (["closed"] if shown["closed_on"].notna().any() else [])
    columns = [col[k] for k in keys]
    table = table[columns]
    formats = {col["opened"]: fmt.date, col["closed"]: fmt.date, col["followers"]: fmt.number,
               col["posts"]: fmt.number, col["delta"]: lambda v: fmt.number(v, signed=True),
               col["pct"]: lambda v: fmt.percent(v, signed=True)}
    styled = table.style.format({k: fn for k, fn in formats.items() if k in columns}, na_rep=fmt.DASH)
    help_delta = t("channels.col.delta_help", lang, vs=t(f"compare.vs.{choices.compare}", lang),
                   period=row.get("cmp_label") or "") if choices.compare != "none" else None
    st.dataframe(
        styled, hide_index=True, width="stretch", height=420, key="channels_table", placeholder=fmt.DASH,
        column_config={
            col["name"]: st.column_config.TextColumn(col["name"], pinned=True, width="medium"),
            col["address"]: st.column_config.TextColumn(col["address"], width="medium"),
            col["delta"]: st.column_config.Column(col["delta"], help=help_delta),
            col["pct"]: st.column_config.Column(col["pct"], help=help_delta),
        },
    )
    total = fmt.number(len(found))
    if len(found) > len(shown):
        st.caption(t("channels.table_note", lang, shown=fmt.number(len(shown)), total=total))
    else:
        st.caption(t("channels.table_all", lang, total=total))

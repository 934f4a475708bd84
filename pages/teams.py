"""Lực lượng — teams and members: KPI cards, trend, new and disbanded teams, units ranked by members per
team (click a unit to narrow the page to it), and the searchable list of teams."""

from dataclasses import replace

import streamlit as st

from queries import catalogue
from ui import components as c
from ui import format as fmt
from ui import store, teams_data
from ui.charts import teams as team_charts
from ui.drill import Drill
from ui.filterbar import show_notices
from ui.messages import t
from ui.page import current, select, set_query_param, trend_filters

KPI_KEYS = ["teams", "members", "members_per_team", "teams_new", "teams_closed"]
TREND_KEYS = ["members", "teams", "members_per_team"]
FLOW_KEYS = ["teams_new", "teams_closed"]
MAX_UNIT_LINES = 8          # up to this many selected units: one line each
SEARCH_PARAM, SEARCH_KEY, SEARCH_SHADOW = "q", "teams_search", "_teams_search"

P = current()
lang, choices = P.lang, P.choices
drill = Drill("teams", {"unit": P.code_names}, lang)
f = drill.filters(P.filters)
choices = replace(choices, units=f.units)

st.title(t("teams.title", lang))
st.caption(c.department(choices.end, lang))
c.context_line(choices, P.code_names, lang)
show_notices(P.notices + drill.notices, lang)
c.boundary_notice(choices, lang)
drill.breadcrumb()

row = c.kpi_section(KPI_KEYS, f, choices.compare, t("teams.kpis", lang), lang, per_row=3,   # stocks and
                    targets=True)                                                          # ratio, then flows
if row is None:
    st.stop()

def label_of(key: str) -> str:
    return catalogue.get(key).label(lang)


# --- trend, new and disbanded teams --------------------------------------------------------------
tf = trend_filters(f, P.ctx.first_month)
trend_choices = replace(choices, start=tf.start)
left, right = st.columns(2)
with left:
    st.subheader(t("teams.trend", lang))
    metric = select("teams_metric", t("teams.trend_metric", lang), TREND_KEYS, "members", label_of)
    if 2 <= len(f.units) <= MAX_UNIT_LINES:
        trend = store.series([metric], by=["unit"], filters=replace(tf, compare="none"))
        if c.has_data(trend, [metric]):
            c.plot(team_charts.unit_trend(P.with_unit_labels(trend), metric, lang), key="teams_trend")
            st.caption(t("teams.trend_by_unit", lang))
    else:
        trend = store.series([metric], filters=tf)
        if c.has_data(trend, [metric]):
            c.plot(team_charts.trend(trend, metric, choices.compare, lang), key="teams_trend")
    if c.has_data(trend, [metric]):
        c.chart_caption(metric, trend_choices, P.code_names, lang, trend.attrs.get("ignored_filters"),
                        incomplete=bool(trend["incomplete"].any()))
    else:
        c.empty_state(lang)

with right:
    st.subheader(t("teams.flows", lang))
    flows = store.series(FLOW_KEYS, filters=replace(tf, compare="none"))
    if not flows.empty and flows[FLOW_KEYS].notna().any().any():
        c.plot(team_charts.flows(flows, lang), key="teams_flows")
        text = t("teams.flows_caption", lang, units=c.units_text(trend_choices, P.code_names, lang),
                 period=c.period_text(trend_choices, lang), kind=t("kind.flow", lang))
        if bool(flows["incomplete"].any()):
            text += " * " + t("chart.incomplete_mark", lang)
        st.caption(text)
    else:
        c.empty_state(lang)

# --- ranking of units by members per team (click: narrow the page to the unit) -------------------
st.subheader(t("teams.ranking", lang))
ranked = store.totals(["members_per_team", "members", "teams"], by=["unit"], filters=replace(f, units=()),
                      ytd=False)
if c.has_data(ranked, ["members_per_team"]):
    ranked = P.with_unit_labels(ranked)
    fig = team_charts.ranking(ranked, set(choices.units), lang)
    drill.chart(fig, "ranking", "unit", c.plot)
    st.caption(t("teams.drill_hint", lang))
    c.chart_caption("members_per_team", replace(choices, units=()), P.code_names, lang,
                    ranked.attrs.get("ignored_filters"))
else:
    c.empty_state(lang)

# --- the list of teams ---------------------------------------------------------------------------
st.subheader(t("teams.table", lang))
ss = st.session_state
if SEARCH_SHADOW not in ss:
    ss[SEARCH_SHADOW] = (st.query_params.get(SEARCH_PARAM) or "")[:100]
ss[SEARCH_KEY] = ss[SEARCH_SHADOW]


def _sync_search() -> None:
    ss[SEARCH_SHADOW] = ss[SEARCH_KEY]


query = st.text_input(t("teams.search", lang), key=SEARCH_KEY, on_change=_sync_search, max_chars=100,
                      placeholder=t("teams.search_placeholder", lang), icon=":material/search:").strip()
set_query_param(SEARCH_PARAM, query or None)

per_team = store.totals(teams_data.TABLE_METRICS, by=["team", "unit"], filters=f, ytd=False)
rows = teams_data.team_rows(P.with_unit_labels(per_team), teams_data.team_entities())
found = teams_data.search(rows, query)
if found.empty:
    if query:
        st.info(t("teams.table_none", lang, query=query), icon=":material/search_off:")
    else:
        c.empty_state(lang)
else:
    shown = found.head(teams_data.TABLE_LIMIT)
    st.dataframe(teams_data.display(shown, choices.compare, lang), hide_index=True, width="stretch",
                 key="teams_table")
    count = (t("teams.table_matches", lang, n=fmt.number(len(found)), query=query) if query
             else t("teams.table_count", lang, n=fmt.number(len(found))))
    if len(found) > len(shown):
        count += " " + t("teams.table_limited", lang, shown=fmt.number(len(shown)),
                         total=fmt.number(len(found)))
    st.caption(count)
    st.caption(t("teams.table_caption", lang, units=c.units_text(choices, P.code_names, lang),
                 period=c.period_text(choices, lang), kind=t("kind.stock", lang)))

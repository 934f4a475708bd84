"""So sánh đơn vị — two or more units side by side on every KPI and ratio, same period and comparison.

Made for the Sơn La – Đà Nẵng review conference: opened with no units and the filter bar's default period,
it compares Sơn La (14) and Đà Nẵng (48) over the latest complete year and says so. The filter bar still
owns every choice; this page only reads it.
"""

from dataclasses import replace

import streamlit as st

from queries import catalogue
from queries.periods import Window, window_label
from ui import compare_data as cd
from ui import components as c
from ui import filters as flt
from ui import store
from ui.charts import compare as charts
from ui.drill import Drill
from ui.filterbar import show_notices
from ui.messages import t
from ui.page import current, select, trend_filters

P = current()
lang = P.lang
drill = Drill("compare", {"platform": P.platform_labels}, lang)
resolved = cd.resolve(P.choices, P.ctx)
f = drill.filters(resolved.choices.filters(P.ctx.scope))
choices = replace(resolved.choices, platforms=f.platforms)
names = P.code_names


def label_of(key: str) -> str:
    return catalogue.get(key).label(lang)


st.title(t("compare.title", lang))
st.caption(c.department(choices.end, lang) + " · " + t("compare.intro", lang))
c.context_line(choices, names, lang)
show_notices(P.notices + drill.notices, lang)

defaults_applied = []
if resolved.default_units and len(choices.units) >= 2:
    listed = [f"{names.get(u, u)} ({u})" for u in choices.units]
    defaults_applied.append(t("compare.default_units", lang,
                              units=", ".join(listed[:-1]) + t("compare.and", lang) + listed[-1]))
if resolved.default_year is not None:
    base = flt.defaults(P.ctx)
    defaults_applied.append(t("compare.default_year", lang, range=window_label(Window(base.start, base.end), lang),
                              year=window_label(Window(choices.start, choices.end), lang)))
if defaults_applied:
    st.caption(":material/event: " + " ".join(defaults_applied + [t("compare.default_hint", lang)]))

if len(choices.units) < 2:
    if choices.units or not resolved.default_units:
        st.info(t("compare.need_two", lang, units=", ".join(names.get(u, u) for u in choices.units) or "—"),
                icon=":material/compare_arrows:")
    else:
        st.info(t("compare.need_two_none", lang), icon=":material/compare_arrows:")
    st.stop()

c.boundary_notice(choices, lang)
drill.breadcrumb()

keys = list(cd.METRIC_KEYS)
result = store.totals(keys, by=["unit"], filters=f, ytd=False)
if not c.has_data(result, keys):
    c.empty_state(lang)
    st.stop()

incomplete = bool(result["incomplete"].any())
cmp_label = result["cmp_label"].dropna().iloc[0] if result["cmp_label"].notna().any() else ""
df = P.with_unit_labels(cd.with_missing_units(result, choices.units, P.units, choices.boundary, f.start, f.end))
cols = cd.columns(df, choices.units, P.units, f.end)
df = cd.blank_ended(df, cols, keys)
if incomplete:
    end = result["period_end"].max()
    st.info(t("kpi.incomplete", lang, month=f"{end.month:02d}/{end.year}"), icon=":material/hourglass_top:")

# --- the table: metrics as rows, units as columns -------------------------------------------------
st.subheader(t("compare.table", lang))
table = cd.table(df, cols, keys, choices.compare, lang, choices.platforms)
st.dataframe(table, hide_index=True, width="stretch", height=35 * (len(table) + 1) + 3,
             column_config={t("compare.col_metric", lang): st.column_config.TextColumn(pinned=True)})
notes = [t("compare.table_caption", lang, units=c.units_text(choices, names, lang),
           period=c.period_text(choices, lang))]
if choices.compare != "none":
    notes.append(t("compare.table_change", lang, vs=t(f"compare.vs.{choices.compare}", lang), period=cmp_label))
if any(cd.platform_ignored(k, choices.platforms) for k in keys):
    notes.append(t("compare.platform_mark", lang))
if incomplete:
    notes.append(t("chart.incomplete_mark", lang))
st.caption(" ".join(notes))
if choices.boundary == "historical" and (len(cols) > len(choices.units) or any(col.ended for col in cols)):
    st.caption(":material/info: " + t("compare.historical_columns", lang))

# --- small multiples: one chart per metric, units in their colours --------------------------------
st.subheader(t("compare.charts", lang))
if choices.compare != "none":
    st.caption(t("compare.charts_note", lang, vs=t(f"compare.vs.{choices.compare}", lang), period=cmp_label,
                 current=c.period_text(choices, lang)))
else:
    st.caption(t("compare.charts_note_plain", lang))
cmp_name = t(f"chart.comparison_{choices.compare}", lang) if choices.compare != "none" else None
per_row = 3 if len(cols) <= 3 else 2    # many units need wider charts
for start in range(0, len(keys), per_row):
    for slot, key in zip(st.columns(per_row), keys[start:start + per_row]):
        with slot:
            fig = charts.metric_bars(df, key, cols, choices.compare, lang, cmp_name, incomplete)
            c.plot(fig, key=f"compare_sm_{key}")
            c.chart_caption(key, choices, names, lang,
                            ["platform"] if cd.platform_ignored(key, choices.platforms) else None, incomplete)

# --- by platform: clicking a bar narrows the whole page to that platform --------------------------
st.subheader(t("compare.by_platform", lang))
platform_keys = [k for k in keys if "platform" in catalogue.get(k).dims]
mix_metric = select("cmp_platform", t("compare.platform_metric", lang), platform_keys, "channels", label_of)
mix = store.totals([mix_metric], by=["unit", "platform"], filters=f, ytd=False)
if c.has_data(mix, [mix_metric]):
    mix = cd.blank_ended(mix, cols, [mix_metric])
    drill.chart(charts.by_platform(mix, mix_metric, cols, P.platform_labels, lang), "platform", "platform", c.plot)
    st.caption(t("drill.hint", lang))
    c.chart_caption(mix_metric, choices, names, lang, incomplete=incomplete)
else:
    c.empty_state(lang)

# --- trend: one line per unit at the chosen grain -------------------------------------------------
st.subheader(t("compare.trend", lang))
trend_metric = select("cmp_trend", t("compare.trend_metric", lang), keys, "members", label_of)
trend = store.series([trend_metric], by=["unit"], filters=trend_filters(f, P.ctx.first_month))
if c.has_data(trend, [trend_metric]):
    c.plot(charts.trend_lines(trend, trend_metric, cols, lang), key="compare_trend")
    c.chart_caption(trend_metric, choices, names, lang,
                    ["platform"] if cd.platform_ignored(trend_metric, choices.platforms) else None,
                    incomplete=bool(trend["incomplete"].any()))
else:
    c.empty_state(lang)

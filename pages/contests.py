"""Cuộc thi — online contests: the list (period, units, status), then one contest seen whole: KPI cards,
progress to its targets, cumulative lượt and người by week, participation by unit (ranking, tile map).

Người and lượt are different measures: separate cards, separate panels, separate targets; never summed.
"""

from dataclasses import replace

import pandas as pd
import streamlit as st

from queries import catalogue, lists
from ui import charts, store
from ui import components as c
from ui import contests_data as data
from ui import format as fmt
from ui.charts import contests as contest_charts
from ui.drill import Drill
from ui.filterbar import show_notices
from ui.messages import t
from ui.page import current, select

KPI_KEYS = ["contest_nguoi", "contest_luot", "luot_per_nguoi"]
STATUSES = ["all", lists.STATUS_RUNNING, lists.STATUS_ENDED, lists.STATUS_UPCOMING]

P = current()
lang, choices = P.lang, P.choices
cov = store.reference()["coverage"]
as_of = data.as_of()
contests = data.contests()
by_id = contests.set_index("contest_id", drop=False)
titles = {str(i): title for i, title in zip(contests["contest_id"], contests["title"])}
drill = Drill("contests", {"unit": P.code_names, "contest": titles}, lang)
f = drill.filters(P.filters)
view_choices = replace(choices, units=f.units, compare="none")

st.title(t("contests.title", lang))
st.caption(c.department(choices.end, lang))
c.context_line(replace(choices, compare="none"), P.code_names, lang)
show_notices(P.notices + drill.notices, lang)
c.boundary_notice(choices, lang)
if choices.platforms:
    st.caption(t("chart.platform_note", lang))
drill.breadcrumb()


def organiser_text(row: pd.Series) -> str:
    new = row["organiser_now"]
    if choices.boundary == "current" and isinstance(new, str) and new != row["organiser_name"]:
        return t("contests.now_part_of", lang, name=row["organiser_name"], new=new)
    return row["organiser_name"]


def status_text(status: str) -> str:
    return t(f"contests.status.{status}", lang)


# --- the list: contests of the chosen months, organised by or with participation from the chosen units -
st.subheader(t("contests.list", lang))
list_f = P.filters       # the filter bar's units and period; a drill step narrows the contest view only
participants: set[int] = set()
if list_f.units or list_f.scope is not None:
    took_part = store.totals(["contest_nguoi", "contest_luot"], by=["contest"], filters=data.whole_data(list_f),
                             ytd=False)
    took_part = took_part[(took_part["contest_nguoi"].fillna(0) > 0) | (took_part["contest_luot"].fillna(0) > 0)]
    participants = {int(x) for x in took_part["contest"]}
contests["organiser_now"] = data.successor_names(contests, P.units)
listed = data.visible(contests, list_f, participants, data.organiser_codes(contests, P.units, choices.boundary),
                      data.organiser_codes(contests, P.units, "current"), cov.last)
status = select("status", t("contests.status_filter", lang), STATUSES, "all",
                lambda s: t(f"contests.status.{s}", lang))
if status != "all":
    listed = listed[listed["status"] == status]

if listed.empty:
    st.info(t("contests.none", lang), icon=":material/search_off:")
else:
    table = pd.DataFrame({
        "status": [status_text(s) for s in listed["status"]],
        "title": listed["title"],
        "start": [fmt.date(d) for d in listed["start_on"]],
        "end": [fmt.date(d) for d in listed["end_on"]],
        "organiser": [organiser_text(r) for _, r in listed.iterrows()],
        "document": listed["document"].fillna(fmt.DASH),
    })
    widths = {"status": 96, "title": 300, "start": 90, "end": 90, "organiser": 190, "document": 220}
    st.dataframe(table, hide_index=True, width="stretch", key="contests_list",
                 height=min(35 * len(table) + 42, 360),
                 column_config={k: st.column_config.TextColumn(t(f"contests.col.{k}", lang), width=w)
                                for k, w in widths.items()})
    units_part = (t("contests.list_units", lang, units=c.units_text(choices, P.code_names, lang))
                  if choices.units else c.units_text(choices, P.code_names, lang))
    note = t("contests.list_caption", lang, n=fmt.number(len(listed)), period=c.period_text(choices, lang),
             units=units_part, as_of=fmt.date(as_of))
    if (listed["status"] == lists.STATUS_UPCOMING).any():
        note += " " + t("contests.list_upcoming", lang, as_of=fmt.date(as_of))
    st.caption(note)

# --- one contest: from the drill path, else the page-level choice (default: latest that has started) --
drilled = drill.value("contest")
if drilled is not None:
    contest_id = int(drilled)
elif listed.empty:
    st.stop()
else:
    options = [str(i) for i in listed["contest_id"]]
    contest_id = int(select(
        "contest", t("contests.choose", lang), options, str(data.default_contest(listed)),
        lambda i: f"{titles[i]} — {by_id.loc[int(i), 'organiser_name']}, {fmt.date(by_id.loc[int(i), 'start_on'])}"))
contest = by_id.loc[contest_id]

st.subheader(contest["title"])
st.markdown(t("contests.meta", lang, document=contest["document"] if pd.notna(contest["document"]) else fmt.DASH,
              organiser=organiser_text(contests.loc[contests["contest_id"] == contest_id].iloc[0]),
              start=fmt.date(contest["start_on"]), end=fmt.date(contest["end_on"]),
              status=status_text(contest["status"])))
if isinstance(contest["format"], str) and contest["format"]:
    st.markdown(t("contests.format", lang, format=contest["format"]))
st.caption(":material/info: " + t("contests.whole", lang, start=fmt.date(contest["start_on"]),
                                    end=fmt.date(contest["end_on"]),
                                    units=c.units_text(view_choices, P.code_names, lang)))
if contest["status"] == lists.STATUS_UPCOMING:
    st.info(t("contests.upcoming", lang, date=fmt.date(contest["start_on"])), icon=":material/schedule:")
    st.stop()
running = contest["status"] == lists.STATUS_RUNNING
if running:
    st.info(t("contests.running", lang, date=fmt.date(as_of)), icon=":material/hourglass_top:")

where = dict(f.where)
where["contest"] = (contest_id,)
cf = replace(data.whole_data(f), where=tuple(sorted(where.items())))
kpis = store.totals(KPI_KEYS, filters=cf, ytd=False)
if not c.has_data(kpis, KPI_KEYS):
    c.empty_state(lang)
    st.stop()
by_unit = P.with_unit_labels(store.totals(KPI_KEYS, by=["unit"], filters=replace(cf, units=()), ytd=False))
by_unit = by_unit[(by_unit["contest_nguoi"].fillna(0) > 0) | (by_unit["contest_luot"].fillna(0) > 0)]
shown_units = by_unit[by_unit["unit_code"].isin(f.units)] if f.units else by_unit

# --- KPI cards and progress to the contest's targets ---------------------------------------------
st.subheader(t("contests.kpis", lang))
row = kpis.iloc[0]
cols = st.columns(4)
for col, key in zip(cols, KPI_KEYS):
    with col:
        c.kpi_card(row, key, "none", lang)
with cols[3], st.container(border=True):
    st.metric(t("contests.units_count", lang), fmt.number(len(shown_units)),
              help=t("contests.units_count_help", lang))

st.markdown(f"**{t('contests.progress', lang)}**")
whole = kpis if not f.units else store.totals(KPI_KEYS, filters=replace(cf, units=()), ytd=False)
whole_row = whole.iloc[0]
for key, target_col in (("contest_luot", "target_luot"), ("contest_nguoi", "target_nguoi")):
    m = catalogue.get(key)
    target, achieved = contest[target_col], whole_row[key]
    if pd.isna(target) or not target:
        st.caption(t("contests.no_target", lang, metric=m.label(lang)))
        continue
    share = float(achieved) / float(target)
    st.progress(min(max(share, 0.0), 1.0), text=t(
        "contests.progress_line", lang, metric=m.label(lang), value=fmt.number(achieved),
        target=fmt.number(target), unit=m.unit(lang), pct=fmt.percent(share)))
st.caption(t("contests.progress_caption", lang))

# --- cumulative curves by week ---------------------------------------------------------------------
st.subheader(t("contests.curves", lang))
weeks = data.weeks(contest_id, cf)
if weeks.empty or not (weeks[["nguoi", "luot"]].fillna(0) != 0).any().any():
    c.empty_state(lang)
else:
    targets = {} if f.units else {"contest_luot": contest["target_luot"], "contest_nguoi": contest["target_nguoi"]}
    targets = {k: (None if pd.isna(v) else float(v)) for k, v in targets.items()}
    c.plot(contest_charts.cumulative(weeks, lang, targets, running=running), key="contests_curves")
    caption = t("contests.curve_caption", lang, start=fmt.date(weeks["period_start"].min()),
                end=fmt.date(weeks["period_start"].max()), units=c.units_text(view_choices, P.code_names, lang))
    if running:
        caption += " " + t("contests.curve_incomplete", lang)
    st.caption(caption)

# --- participation by unit: ranking (click a bar to drill) and tile-grid map -----------------------
st.subheader(t("contests.by_unit", lang))


def label_of(key: str) -> str:
    return catalogue.get(key).label(lang)


rank_metric = select("rank", t("contests.rank_by", lang), KPI_KEYS, "contest_luot", label_of)
rm = catalogue.get(rank_metric)
unit_caption = t("contests.unit_caption", lang, metric=rm.label(lang), title=contest["title"],
                 kind=t(f"kind.{rm.kind}", lang))
left, right = st.columns(2)
with left:
    st.markdown(f"**{t('contests.ranking', lang)}**")
    if c.has_data(by_unit, [rank_metric]):
        drill.chart(charts.ranking(by_unit, rank_metric, set(f.units), lang), "ranking", "unit", c.plot)
        st.caption(t("drill.hint", lang))
        st.caption(unit_caption)
    else:
        c.empty_state(lang)
with right:
    st.markdown(f"**{t('contests.map', lang)}**")
    if choices.boundary != "current":
        st.caption(t("empty.map_units", lang))
    on_map = store.totals(KPI_KEYS, by=["unit"], filters=replace(cf, units=(), boundary="current"), ytd=False)
    if c.has_data(on_map, [rank_metric]):
        c.plot(charts.tile_map(P.with_unit_labels(on_map), P.units, rank_metric, lang), key="contests_map")
        st.caption(unit_caption)
    else:
        c.empty_state(lang)

with st.expander(t("contests.table", lang)):
    ordered = by_unit.sort_values("contest_luot", ascending=False)
    st.dataframe(pd.DataFrame({
        t("contests.col.unit", lang): ordered["unit_name"],
        **{label_of(k): [fmt.value(v, catalogue.get(k).fmt) for v in ordered[k]] for k in KPI_KEYS},
    }), hide_index=True, width="stretch")

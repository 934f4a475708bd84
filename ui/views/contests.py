"""Cuộc thi — online contests: the list (period, units, status), then one contest seen whole: KPI cards,
progress to its targets, cumulative lượt and người by week, participation by unit (ranking, tile map) and
the per-unit table.

The list follows the filter bar (its period and units, before the drill path); the chosen contest — a
drill step ``contest:<id>``, else the page-level choice ``contest`` (default: the latest that has started)
— is counted over the whole contest, not the chosen period, for the units of the drilled view.
Người and lượt are different measures: separate cards, separate panels, separate targets; never summed.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from queries import catalogue, lists
from queries.builder import Filters
from ui import charts
from ui import contests_data as data
from ui import format as fmt
from ui import text as tx
from ui.blocks import Block, Choice, View, has_data
from ui.charts import contests as contest_charts
from ui.messages import md, t

KEY, SLUG, TITLE = "contests", "cuoc-thi", "contests.title"
KPI_KEYS = ["contest_nguoi", "contest_luot", "luot_per_nguoi"]
# measures a contest shows only where its units published them (people registered, valid entries)
OPTIONAL_KEYS = ["contest_registered", "contest_valid_entries"]
STATUSES = ["all", lists.STATUS_RUNNING, lists.STATUS_ENDED, lists.STATUS_UPCOMING]
TARGETS = (("contest_luot", "target_luot"), ("contest_nguoi", "target_nguoi"))
LIST_COLUMNS = {"status": 100, "title": 300, "start": 90, "end": 90, "organiser": 170, "document": 160}
# rows of three lines: Streamlit wraps a cell's text only in rows taller than 4rem, and a long contest title
# or organiser cut at its column's edge ("Cuộc thi trực tuyến tìm hiểu Nghị quyết Hội nghị lầ…") said nothing
LIST_ROW_HEIGHT = 66


def adjust(choices, ctx):
    """A contest is counted whole, never against another period: no comparison on this page (its header,
    files and slides say so), whatever the filter bar holds for the other pages."""
    return replace(choices, compare="none")


def _once(v: View, name: str, key, fn):
    """A value the declaration computes once per view (and per ``key``), kept in ``view.extra``."""
    slot = ("contests", name, key)
    if slot not in v.extra:
        v.extra[slot] = fn()
    return v.extra[slot]


# ---- the contests and the list ---------------------------------------------------------------------

def as_of(v: View):
    return data.as_of(v.reader)


def contests(v: View) -> pd.DataFrame:
    """Every contest, with ``organiser_now``: the unit a merged organiser is now part of."""
    def load():
        df = data.contests(v.reader).copy()
        df["organiser_now"] = data.successor_names(df, v.units)
        return df
    return _once(v, "contests", None, load)


def titles(v: View) -> dict[str, str]:
    df = contests(v)
    return {str(i): title for i, title in zip(df["contest_id"], df["title"])}


def drill_dims(v: View) -> dict:
    return {"unit": v.code_names, "contest": titles(v)}


def list_choices(v: View):
    """The filter bar's choices: the list follows them, a drill step narrows the contest view only."""
    return v.base_choices or v.choices


def list_filters(v: View) -> Filters:
    return list_choices(v).filters(v.ctx.scope, v.lang)


def _visible(v: View) -> pd.DataFrame:
    """Contests of the chosen months organised by or with participation from the chosen units (any status)."""
    def load():
        f = list_filters(v)
        participants: set[int] = set()
        if f.units or f.scope is not None:
            took_part = v.reader.totals(["contest_nguoi", "contest_luot"], by=["contest"],
                                        filters=data.whole_data(v.reader, f), ytd=False)
            took_part = took_part[(took_part["contest_nguoi"].fillna(0) > 0)
                                  | (took_part["contest_luot"].fillna(0) > 0)]
            participants = {int(x) for x in took_part["contest"]}
        df = contests(v)
        boundary = list_choices(v).boundary
        return data.visible(df, f, participants, data.organiser_codes(df, v.units, boundary),
                            data.organiser_codes(df, v.units, "current"), v.ctx.last_month)
    return _once(v, "visible", None, load)


def listed(v: View) -> pd.DataFrame:
    """The contests the list shows: visible ones of the chosen status."""
    df = _visible(v)
    status = v.params.get("status", "all")
    return df if status == "all" else df[df["status"] == status]


def _contest_options(v: View) -> list[str]:
    return [str(i) for i in listed(v)["contest_id"]]


def _default_contest(v: View) -> str:
    chosen = data.default_contest(listed(v))
    return "" if chosen is None else str(chosen)


def _contest_label(v: View):
    by_id = contests(v).set_index("contest_id", drop=False)
    return lambda i: f"{by_id.loc[int(i), 'title']} — {data.organiser_name(by_id.loc[int(i)], v.lang)}, " \
                     f"{fmt.date(by_id.loc[int(i), 'start_on'])}"


CHOICES = {c.name: c for c in [
    Choice("status", "contests.status_filter", lambda v: STATUSES, lambda v: "all",
           lambda v: (lambda s: t(f"contests.status.{s}", v.lang))),
    Choice("contest", "contests.choose", _contest_options, _default_contest, _contest_label),
    Choice("rank", "contests.rank_by", lambda v: KPI_KEYS, lambda v: "contest_luot"),
]}


def status_text(status: str, lang: str) -> str:
    return t(f"contests.status.{status}", lang)


def organiser_text(row: pd.Series, v: View) -> str:
    new, name = row["organiser_now"], data.organiser_name(row, v.lang)
    if v.choices.boundary == "current" and isinstance(new, str) and new != row["organiser_name"]:
        return t("contests.now_part_of", v.lang, name=name, new=new)
    return name


def _list_rows(v: View) -> pd.DataFrame:
    return listed(v)


def _list_note(df: pd.DataFrame, v: View) -> str:
    lang, ch = v.lang, list_choices(v)
    units = tx.units_text(ch, v.code_names, lang)
    units_part = t("contests.list_units", lang, units=units) if ch.units else units
    note = t("contests.list_caption", lang, n=fmt.number(len(df)), period=tx.period_text(ch, lang),
             units=units_part, as_of=fmt.date(as_of(v)))
    if (df["status"] == lists.STATUS_UPCOMING).any():
        note += " " + t("contests.list_upcoming", lang, as_of=fmt.date(as_of(v)))
    return note


def _list_display(df: pd.DataFrame, v: View):
    lang = v.lang
    table = pd.DataFrame({
        "status": [data.status_text(r, lang) for _, r in df.iterrows()],
        "title": df["title"],
        "start": [fmt.date(d) for d in df["start_on"]],
        "end": [fmt.date(d) for d in df["end_on"]],
        "organiser": [organiser_text(r, v) for _, r in df.iterrows()],
        "document": df["document"].fillna(fmt.DASH),
    })
    from streamlit import column_config as cc

    options = dict(height=min(LIST_ROW_HEIGHT * len(table) + 42, 420), row_height=LIST_ROW_HEIGHT,
                   column_config={k: cc.TextColumn(t(f"contests.col.{k}", lang), width=w)
                                  for k, w in LIST_COLUMNS.items()})
    return table, options, _list_note(df, v)


def _list_table(df: pd.DataFrame, v: View) -> tuple[pd.DataFrame, dict[str, str]]:
    lang = v.lang
    col = {k: t(f"contests.col.{k}", lang) for k in LIST_COLUMNS}
    out = pd.DataFrame({
        col["status"]: [data.status_text(r, lang) for _, r in df.iterrows()],
        col["title"]: df["title"],
        col["start"]: df["start_on"],
        col["end"]: df["end_on"],
        col["organiser"]: [organiser_text(r, v) for _, r in df.iterrows()],
        col["document"]: df["document"],
    }).reset_index(drop=True)
    formats = {c: "text" for c in out.columns}
    formats |= {col["start"]: "date", col["end"]: "date"}
    return out, formats


# ---- the chosen contest ----------------------------------------------------------------------------

def drilled(v: View) -> int | None:
    value = dict(v.steps).get("contest")
    return None if value is None else int(value)


def contest_id(v: View) -> int | None:
    """The contest of the view: a drill step, else the page-level choice."""
    cid = drilled(v)
    if cid is not None:
        return cid
    raw = v.params.get("contest")
    return int(raw) if raw else None


def contest(v: View) -> pd.Series | None:
    cid = contest_id(v)
    if cid is None:
        return None
    df = contests(v)
    rows = df[df["contest_id"] == cid]
    return rows.iloc[0] if len(rows) else None


def status(v: View) -> str | None:
    row = contest(v)
    return None if row is None else row["status"]


def running(v: View) -> bool:
    return status(v) == lists.STATUS_RUNNING


def has_figures(v: View) -> bool:
    """A contest is chosen and has started: there may be participation to show."""
    return status(v) not in (None, lists.STATUS_UPCOMING)


def contest_filters(v: View) -> Filters:
    """The view's filters (units after the drill path) over the whole data, narrowed to the contest."""
    f = v.filters
    where = dict(f.where)
    where["contest"] = (int(contest_id(v)),)
    return replace(data.whole_data(v.reader, f), where=tuple(sorted(where.items())))


def shown_choices(v: View):
    """The choices the contest figures are counted for: the drilled units, no comparison."""
    return replace(v.choices, compare="none")


def meta_line(v: View) -> str:
    """The contest's document, organiser, dates and status: Markdown (bold labels), every value escaped."""
    row = contest(v)
    return md("contests.meta", v.lang, document=row["document"] if pd.notna(row["document"]) else fmt.DASH,
             organiser=organiser_text(row, v), start=fmt.date(row["start_on"]), end=fmt.date(row["end_on"]),
             status=status_text(row["status"], v.lang))


def format_line(v: View) -> str | None:
    row = contest(v)
    return md("contests.format", v.lang, format=row["format"]) \
        if isinstance(row["format"], str) and row["format"] else None


def whole_line(v: View) -> str:
    row = contest(v)
    text = t("contests.whole", v.lang, start=fmt.date(row["start_on"]), end=fmt.date(row["end_on"]),
             units=tx.units_text(shown_choices(v), v.code_names, v.lang))
    cut = cut_short_line(v)
    return f"{text} {cut}" if cut else text


def upcoming_line(v: View) -> str:
    return t("contests.upcoming", v.lang, date=fmt.date(contest(v)["start_on"]))


def data_until(v: View):
    """The last day the contest's figures cover (every participating unit the reader may see), else None."""
    return _once(v, "until", contest_id(v), lambda: data.data_until(
        data.weeks(v.reader, contest_id(v), replace(contest_filters(v), units=()))))


def running_line(v: View) -> str:
    until = data_until(v)
    return t("contests.running", v.lang, date=fmt.date(min(until, as_of(v)) if until else as_of(v)))


def cut_short_line(v: View) -> str | None:
    """An ended contest whose figures stop before its last day: "số liệu đến ngày …", not final."""
    row, until = contest(v), data_until(v)
    if row["status"] != lists.STATUS_ENDED or until is None or until >= row["end_on"]:
        return None
    return t("contests.data_until", v.lang, date=fmt.date(until), end=fmt.date(row["end_on"]))


def notice_line(v: View) -> str | None:
    """What the page says above the figures: the contest is running, or its figures stop before its end."""
    return running_line(v) if running(v) else cut_short_line(v)


# ---- data of the contest's blocks -------------------------------------------------------------------

def _took_part(df: pd.DataFrame) -> pd.Series:
    """The units of a by-unit frame that took part in the contest: some người or lượt."""
    return (df["contest_nguoi"].fillna(0) > 0) | (df["contest_luot"].fillna(0) > 0)


def by_unit(v: View) -> pd.DataFrame:
    """Participation of every provincial unit that took part (all units: a ranking shows them all); the units outside
    the provincial tree are apart (``outside``)."""
    def load():
        df = v.reader.totals(KPI_KEYS, by=["unit"], filters=replace(contest_filters(v), units=()), ytd=False)
        df = v.with_unit_labels(df)
        return df[_took_part(df)]
    return _once(v, "by_unit", (contest_id(v), v.filters), load)


def units_count(v: View) -> int:
    """Participating units of the view: the drilled or chosen units that took part, else all that did."""
    df = by_unit(v)
    units = v.filters.units
    return len(df[df["unit_code"].isin(units)] if units else df)


def _figures(v: View) -> pd.DataFrame:
    """The contest's totals over the view's units: the card measures and the optional ones."""
    return v.reader.totals(KPI_KEYS + OPTIONAL_KEYS, filters=contest_filters(v), ytd=False)


def kpi_keys(v: View) -> list[str]:
    """The cards: người, lượt and their ratio, then people registered and valid entries where published."""
    if not has_figures(v):
        return list(KPI_KEYS)
    df = _figures(v)
    known = [k for k in OPTIONAL_KEYS if len(df) and fmt.defined(df.iloc[0][k])]
    return KPI_KEYS + known


def _kpis(v: View) -> pd.DataFrame | None:
    if not has_figures(v):
        return None
    df = _figures(v)
    if not has_data(df, KPI_KEYS):
        return df
    return df.assign(units_count=units_count(v))


def _unit_cards(df: pd.DataFrame, v: View) -> list[tuple[str, float | None, str, str]]:
    return [(t("contests.units_count", v.lang), float(df.iloc[0]["units_count"]),
             t("contests.units_count_help", v.lang), t("contests.units_unit", v.lang))]


def _kpi_notes(df: pd.DataFrame, v: View) -> list[str]:
    """Under the cards: a measure not published (only the other one was), and what the qualifier marks mean."""
    row, lang, out = df.iloc[0], v.lang, []
    for key in ("contest_nguoi", "contest_luot"):
        if not fmt.defined(row[key]):
            out.append(t("contests.unpublished", lang, metric=catalogue.get(key).label(lang)))
    if any(isinstance(row.get(f"{k}_q"), str) for k in kpi_keys(v)):
        out.append(t("facts.qualified_note", lang))
    return out


def _kpi_table(df: pd.DataFrame, v: View) -> tuple[pd.DataFrame, dict[str, str]]:
    lang = v.lang
    cols = {k: t(f"export.kpi.{k}", lang) for k in ("metric", "value", "unit")}
    row, keys = df.iloc[0], kpi_keys(v)
    rows = [{cols["metric"]: catalogue.get(k).label(lang), cols["value"]: row.get(k),
             cols["unit"]: catalogue.get(k).unit(lang)} for k in keys]
    rows.append({cols["metric"]: t("contests.units_count", lang), cols["value"]: row["units_count"],
                 cols["unit"]: t("contests.units_unit", lang)})
    out = pd.DataFrame(rows, columns=list(cols.values()))
    out[cols["value"]] = out[cols["value"]].astype("float64")
    formats = {cols["metric"]: "text", cols["value"]: "num", cols["unit"]: "text"}
    marks = [row.get(f"{k}_q") for k in keys] + [None]
    if any(isinstance(q, str) for q in marks):      # the figures as published, beside the numbers
        shown = t("facts.as_published", lang)
        out[shown] = [fmt.qualified(row.get(k), q, catalogue.get(k).fmt) for k, q in zip(keys, marks)] + [
            fmt.number(row["units_count"])]
        formats[shown] = "text"
    return out, formats


def _progress(v: View) -> pd.DataFrame | None:
    """Progress of the whole contest (every participating unit) to its own targets, người and lượt apart."""
    if not has_figures(v):
        return None
    whole = v.reader.totals(KPI_KEYS, filters=replace(contest_filters(v), units=()), ytd=False)
    if whole.empty:
        return None
    row, target_of = whole.iloc[0], contest(v)
    out = []
    for key, column in TARGETS:
        target, achieved = target_of[column], row[key]
        target = None if pd.isna(target) or not target else float(target)
        share = None if target is None or not fmt.defined(achieved) else float(achieved) / target
        out.append({"metric": key, "achieved": achieved, "target": target, "share": share,
                    "qualifier": row.get(f"{key}_q")})
    return pd.DataFrame(out)


def progress_lines(df: pd.DataFrame, v: View) -> list[tuple[float | None, str]]:
    """(share or None, text) per measure: a progress bar, or the line saying the contest sets no target (page only:
    Markdown with escaped values)."""
    lang, lines = v.lang, []
    for rec in df.itertuples(index=False):
        m = catalogue.get(rec.metric)
        if rec.target is None or pd.isna(rec.target):
            lines.append((None, md("contests.no_target", lang, metric=m.label(lang))))
            continue
        if not fmt.defined(rec.achieved):
            lines.append((None, md("contests.unpublished", lang, metric=m.label(lang))))
            continue
        lines.append((rec.share, md("contests.progress_line", lang, metric=m.label(lang),
                                   value=fmt.qualified(rec.achieved, rec.qualifier), target=fmt.number(rec.target),
                                   unit=m.unit(lang), pct=fmt.mark(fmt.percent(rec.share), rec.qualifier))))
    return lines


def _progress_table(df: pd.DataFrame, v: View) -> tuple[pd.DataFrame, dict[str, str]]:
    lang = v.lang
    cols = {"metric": t("export.kpi.metric", lang), "achieved": t("export.kpi.value", lang),
            "target": t("contests.col.target", lang), "share": t("contests.col.share", lang),
            "unit": t("export.kpi.unit", lang)}
    out = pd.DataFrame({
        cols["metric"]: [catalogue.get(k).label(lang) for k in df["metric"]],
        cols["achieved"]: df["achieved"].astype("float64"),
        cols["target"]: pd.to_numeric(df["target"], errors="coerce").astype("float64"),
        cols["share"]: pd.to_numeric(df["share"], errors="coerce").astype("float64"),
        cols["unit"]: [catalogue.get(k).unit(lang) for k in df["metric"]],
    })
    return out, {cols["metric"]: "text", cols["achieved"]: "int", cols["target"]: "int", cols["share"]: "pct",
                 cols["unit"]: "text"}


def _weeks(v: View) -> pd.DataFrame | None:
    if not has_figures(v):
        return None
    return data.with_labels(data.weeks(v.reader, contest_id(v), contest_filters(v)), v.lang)


def _has_weeks(df: pd.DataFrame | None, v: View) -> bool:
    return df is not None and not df.empty and bool((df[["nguoi", "luot"]].fillna(0) != 0).any().any())


def curves_title(v: View) -> str:
    """By week, month, round, the whole contest — or by reporting period when its units report differently."""
    df = _once(v, "weeks", (contest_id(v), v.filters), lambda: _weeks(v))
    grain = data.grain_of(df) if df is not None else "week"
    return t("contests.curves" if grain == "week" else f"contests.curves.{grain}", v.lang)


def _curve_targets(v: View) -> dict[str, float | None]:
    """The contest's targets on the curves, only when the curves show the whole contest."""
    if v.filters.units:
        return {}
    row = contest(v)
    return {k: (None if pd.isna(row[c]) else float(row[c])) for k, c in TARGETS}


def _curves_caption(df: pd.DataFrame, v: View) -> str:
    units = tx.units_text(shown_choices(v), v.code_names, v.lang)
    if data.grain_of(df) == "week":
        text = t("contests.curve_caption", v.lang, start=fmt.date(df["period_start"].min()),
                 end=fmt.date(df["period_start"].max()), units=units)
    else:
        text = t("contests.curve_caption_periods", v.lang, start=fmt.date(df["period_start"].min()),
                 end=fmt.date(df["period_end"].max()), units=units)
    if running(v):
        text += " " + t("contests.curve_incomplete", v.lang)
    cut = cut_short_line(v)
    return f"{text} {cut}" if cut else text


def _curves_table(df: pd.DataFrame, v: View) -> tuple[pd.DataFrame, dict[str, str]]:
    lang = v.lang
    period, start, end = (t(f"contests.col.{k}", lang) for k in ("period", "from", "to"))
    out = pd.DataFrame({period: df["period_label"], start: df["period_start"], end: df["period_end"]})
    formats = {period: "text", start: "date", end: "date"}
    shown = t("facts.as_published", lang)
    for key, column in (("contest_luot", "luot"), ("contest_nguoi", "nguoi")):
        m = catalogue.get(key)
        name = f"{m.label(lang)} — {t('contests.in_period', lang)} ({m.unit(lang)})"
        out[name], formats[name] = df[column].astype("float64"), "int"
        if df[f"{column}_q"].map(lambda q: isinstance(q, str)).any():
            out[f"{name} — {shown}"] = [fmt.qualified(x, q) for x, q in zip(df[column], df[f"{column}_q"])]
            formats[f"{name} — {shown}"] = "text"
        cum = t("contests.axis_cum", lang, label=m.label(lang).lower(), unit=m.unit(lang))
        out[cum], formats[cum] = df[f"{column}_cum"].astype("float64"), "int"
    return out.reset_index(drop=True), formats


def _by_unit_data(v: View) -> pd.DataFrame | None:
    return by_unit(v) if has_figures(v) else None


def _on_map(v: View) -> pd.DataFrame | None:
    """Every unit under today's boundaries (the tile map has the 34 current units)."""
    if not has_figures(v):
        return None
    df = v.reader.totals(KPI_KEYS, by=["unit"], filters=replace(contest_filters(v), units=(), boundary="current"),
                         ytd=False)
    # a unit with no participation in this contest is "—" (did not take part), never a 0 read as a result; the
    # ranking leaves it out (``by_unit``)
    df.loc[~_took_part(df), KPI_KEYS] = np.nan
    return v.with_unit_labels(df)


def _unit_caption(df: pd.DataFrame, v: View) -> str:
    m = catalogue.get(v.params["rank"])
    return t("contests.unit_caption", v.lang, metric=m.label(v.lang), title=contest(v)["title"],
             kind=t(f"kind.{m.kind}", v.lang))


def map_note(v: View) -> str | None:
    """Under historical boundaries the map still shows today's 34 units; under current ones, what "—" means."""
    return t("contests.map_absent", v.lang) if v.choices.boundary == "current" else t("empty.map_units", v.lang)


def outside(v: View) -> pd.DataFrame:
    """The participation of the units outside the provincial tree (TW, CN, NT, NN) as rows like ``by_unit``'s: named
    in the view's language, lượt per người where both are known (approximate, '~', where one is)."""
    def load():
        df = data.outside(v.reader, contest_id(v), contest_filters(v)).copy()
        df["unit_name"] = [t(f"facts.unit.{c}", v.lang) for c in df["unit_code"]]
        for k, col in (("contest_nguoi", "nguoi"), ("contest_luot", "luot")):
            df[k], df[f"{k}_q"] = df[col], df[f"{col}_q"]
        bounded = df["nguoi_q"].isin([">", "<"]) | df["luot_q"].isin([">", "<"])
        df["luot_per_nguoi"] = (df["luot"] / df["nguoi"].where(df["nguoi"] != 0)).where(~bounded)
        df["luot_per_nguoi_q"] = ["~" if pd.notna(r) and (isinstance(a, str) or isinstance(b, str)) else None
                                  for r, a, b in zip(df["luot_per_nguoi"], df["nguoi_q"], df["luot_q"])]
        return df
    return _once(v, "outside", (contest_id(v), v.filters), load)


def outside_note(v: View) -> str | None:
    """Under the ranking and the map: the figures of the units outside the provincial tree."""
    df = outside(v)
    if df.empty:
        return None
    m = catalogue.get(v.params["rank"])
    items = [f"{r.unit_name} {fmt.qualified(getattr(r, m.key), getattr(r, f'{m.key}_q'), m.fmt)} {m.unit(v.lang)}"
             for r in df.itertuples(index=False)]
    return t("contests.outside", v.lang, items="; ".join(items))


def _unit_rows(df: pd.DataFrame, v: View) -> pd.DataFrame:
    """The provincial units by lượt (most first), then the units outside the tree."""
    rows = df.sort_values("contest_luot", ascending=False)
    extra = outside(v)
    return pd.concat([rows, extra[[c for c in extra.columns if c in rows.columns]]], ignore_index=True) \
        if len(extra) else rows


def _units_display(df: pd.DataFrame, v: View):
    ordered = _unit_rows(df, v)
    return pd.DataFrame({
        t("contests.col.unit", v.lang): ordered["unit_name"],
        **{v.label(k): [fmt.qualified(x, q, catalogue.get(k).fmt) for x, q in
                        zip(ordered[k], ordered.get(f"{k}_q", pd.Series(None, index=ordered.index)))]
           for k in KPI_KEYS},
    }), {}, None


def _units_table(df: pd.DataFrame, v: View) -> tuple[pd.DataFrame, dict[str, str]]:
    ordered = _unit_rows(df, v)
    unit, code = t("contests.col.unit", v.lang), t("export.col.code", v.lang)
    out = pd.DataFrame({unit: ordered["unit_name"], code: ordered["unit_code"]})
    formats = {unit: "text", code: "text"}
    shown = t("facts.as_published", v.lang)
    for k in KPI_KEYS:
        m = catalogue.get(k)
        name = f"{m.label(v.lang)} ({m.unit(v.lang)})"
        out[name], formats[name] = ordered[k].astype("float64"), m.fmt
        marks = ordered.get(f"{k}_q", pd.Series(None, index=ordered.index))
        if marks.map(lambda q: isinstance(q, str)).any():
            out[f"{name} — {shown}"] = [fmt.qualified(x, q, m.fmt) for x, q in zip(ordered[k], marks)]
            formats[f"{name} — {shown}"] = "text"
    return out.reset_index(drop=True), formats


def _units_caption(df: pd.DataFrame, v: View) -> str:
    return t("contests.table_caption", v.lang, title=contest(v)["title"])


# ---- the page --------------------------------------------------------------------------------------

def layout(v: View) -> list:
    rank = lambda v: [v.params["rank"]]   # noqa: E731 — the measure the ranking and the map show
    return [
        Block("list", "contests.list", kind="table", choices=("status",), fetch=_list_rows,
              defined=lambda df, v: df is not None and not df.empty, empty="contests.none",
              display=_list_display, table=_list_table, notes=lambda df, v: [_list_note(df, v)], slide=False),
        Block("kpis", "contests.kpis", kind="table", metrics=kpi_keys, fetch=_kpis,
              defined=lambda df, v: has_data(df, KPI_KEYS), table=_kpi_table, cards=_unit_cards,
              caption=lambda df, v: " ".join([whole_line(v), *_kpi_notes(df, v)])),
        Block("progress", "contests.progress", kind="table", fetch=_progress,
              defined=lambda df, v: df is not None and not df.empty, table=_progress_table, bars=progress_lines,
              caption=lambda df, v: t("contests.progress_caption", v.lang), heading="bold"),
        Block("curves", curves_title, fetch=lambda v: _once(v, "weeks", (contest_id(v), v.filters), lambda: _weeks(v)),
              defined=_has_weeks, widget="contests_curves",
              figure=lambda df, v: contest_charts.cumulative(data.curve_points(df, v.lang), v.lang,
                                                             _curve_targets(v), running=running(v)),
              caption=_curves_caption, table=_curves_table),
        (
            Block("ranking", "contests.ranking", fetch=_by_unit_data, metrics=rank, drill="unit", hint="drill.hint",
                  ranked=True,
                  defined=lambda df, v: has_data(df, [v.params["rank"]]), heading="bold",
                  figure=lambda df, v: charts.ranking(df, v.params["rank"], set(v.filters.units), v.lang),
                  caption=_unit_caption, notes=lambda df, v: [n for n in [outside_note(v)] if n]),
            Block("map", "contests.map", fetch=_on_map, metrics=rank, widget="contests_map", heading="bold",
                  notes=lambda df, v: [n for n in [map_note(v), outside_note(v)] if n],
                  defined=lambda df, v: has_data(df, [v.params["rank"]]),
                  figure=lambda df, v: charts.tile_map(df, v.units, v.params["rank"], v.lang),
                  caption=_unit_caption),
        ),
        Block("table", "contests.table", kind="table", fetch=_by_unit_data, heading="none", slide=False,
              defined=lambda df, v: df is not None, display=_units_display, table=_units_table,
              caption=_units_caption),
    ]

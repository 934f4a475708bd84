"""Kênh thông tin — channels: active channels and followers by platform and unit over time, openings and
closings, followers per channel, and a searchable list of channels. Clicking a platform or a unit
narrows the whole page (``ui.drill``); every number comes from the metric layer by key."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from queries import catalogue
from queries.periods import add_months
from ui import channels_data
from ui import format as fmt
from ui import text as tx
from ui.blocks import LIST_PAGE, Block, Choice, View, read_list_page, read_whole_list
from ui.charts import channels as ch_charts
from ui.charts import platform_mix, ranking
from ui.frames import formatted
from ui.messages import t
from ui.page import trend_filters

KEY, SLUG, TITLE = "channels", "kenh-thong-tin", "channels.title"
KPI_KEYS = ("channels", "followers", "followers_per_channel", "channels_new", "channels_closed", "channel_posts")
TEXT_PARAMS = ("tim_kenh",)
PAGED_LIST = True          # its list shows one page (``trang``) at a time


def drill_dims(v: View) -> dict:
    return {"unit": v.code_names, "platform": v.platform_labels}


CHOICES = {c.name: c for c in [
    Choice("ch_metric", "channels.metric", lambda v: ["channels", "followers"], lambda v: "channels"),
    Choice("ch_by", "channels.by", lambda v: ["platform", "unit"], lambda v: "platform",
           lambda v: (lambda d: t(f"dim.{d}", v.lang).capitalize())),
]}


def _trend(v: View):
    return replace(trend_filters(v.filters, v.ctx.first_month), compare="none")


def _trend_figure(df: pd.DataFrame, v: View):
    metric = v.params["ch_metric"]
    if v.params["ch_by"] == "platform":
        return ch_charts.platform_trend(df, metric, v.platform_labels, v.lang)
    return ch_charts.unit_trend(df, metric, v.lang)


def _trend_notes(df: pd.DataFrame, v: View) -> list[str]:
    if v.params["ch_by"] == "platform":
        return []
    return [t("channels.top_units", v.lang, n=7)] if df["unit_code"].nunique() > 7 else []


def _trend_hint(v: View) -> str:
    """The click hint under the trend (on the page only: a file cannot be clicked)."""
    return "channels.click_platform" if v.params["ch_by"] == "platform" else "channels.click_unit"


def _flows_caption(df: pd.DataFrame, v: View) -> str:
    tf = _trend(v)
    ch = replace(v.choices, start=tf.start)
    ma, mb = catalogue.get("channels_new"), catalogue.get("channels_closed")
    return t("channels.caption_pair", v.lang, a=ma.label(v.lang), b=mb.label(v.lang).lower(),
             units=tx.units_text(ch, v.code_names, v.lang), period=tx.period_text(ch, v.lang),
             kind=t(f"kind.{ma.kind}", v.lang)) + tx.incomplete_suffix(bool(df["incomplete"].any()), v.lang)


def _ratio_notes(df: pd.DataFrame, v: View) -> list[str]:
    silent = df.loc[df["followers_per_channel"].isna() & (df["channels"] > 0), "platform"]
    if not len(silent):
        return []
    return [t("channels.ratio_note", v.lang, platforms=", ".join(v.platform_labels.get(k, k) for k in silent))]


def layout(v: View) -> list:
    metric = lambda v: [v.params["ch_metric"]]   # noqa: E731 — the metric picked for the page's charts
    return [
        Block("kpis", "channels.kpis", kind="kpis", metrics=KPI_KEYS, per_row=3),
        Block("trend", "channels.trend", shape="series", choices=("ch_metric", "ch_by"), metrics=metric,
              by=lambda v: (v.params["ch_by"],), narrow=_trend,
              drill=lambda v: v.params["ch_by"],
              prepare=lambda df, v: v.with_unit_labels(df) if v.params["ch_by"] == "unit" else df,
              figure=_trend_figure, notes=_trend_notes, hint=_trend_hint),
        Block("growth", "channels.growth", metrics=metric, fetch=_growth, drill="platform",
              hint="channels.click_platform", empty="channels.growth_one_month",
              defined=lambda df, v: df is not None and not df.empty,
              figure=lambda df, v: ch_charts.platform_growth(df, v.params["ch_metric"], v.platform_labels, v.lang),
              caption=_growth_caption, table=_growth_table),
        (
            Block("mix", "channels.platforms", by=("platform",), metrics=metric, drill="platform",
                  hint="channels.click_platform",
                  figure=lambda df, v: platform_mix(df, v.params["ch_metric"], v.platform_labels, v.lang)),
            Block("ranking", "channels.units", by=("unit",), metrics=metric, drill="unit", ranked=True,
                  hint="channels.click_unit", narrow=lambda v: replace(v.filters, units=()),
                  prepare=lambda df, v: v.with_unit_labels(df),
                  figure=lambda df, v: ranking(df, v.params["ch_metric"], set(v.filters.units), v.lang)),
        ),
        (
            Block("flows", "channels.flows", shape="series", metrics=("channels_new", "channels_closed"),
                  narrow=_trend, figure=lambda df, v: ch_charts.opened_closed(df, v.lang), caption=_flows_caption,
                  widget="channels_flows"),
            Block("ratio", "channels.per_channel", by=("platform",), metrics=("followers_per_channel", "channels"),
                  drill="platform", notes=_ratio_notes,
                  defined=lambda df, v: df is not None and not df.empty
                  and bool((df["followers_per_channel"].fillna(0) != 0).any()),
                  figure=lambda df, v: ch_charts.platform_values(df, "followers_per_channel", v.platform_labels,
                                                                 v.lang)),
        ),
        Block("table", "channels.table", kind="table", metrics=channels_data.TABLE_METRICS,
              by=("channel", "unit", "platform"), fetch=_table_rows, defined=lambda df, v: True,
              display=_display, caption=_table_caption, slide=False, heading="none", table=_export_table,
              whole=_whole_rows),
    ]


# ---- growth by platform ----------------------------------------------------------------------------

def _growth_months(v: View) -> tuple[dt.date, dt.date] | None:
    """(baseline month, last month): the end of the month before the chosen range (the range's first month
    when that is before the data), and the range's last month with data. None for a single month."""
    f, first, last = v.filters, v.ctx.first_month, v.ctx.last_month
    end = min(f.end, last)
    base = add_months(f.start, -1) if add_months(f.start, -1) >= first else f.start
    return (base, end) if base < end else None


def _growth(v: View) -> pd.DataFrame | None:
    """Per platform, the metric (a stock: channels, followers) at the end of the baseline month and of the
    last month, its change and % change (None when the range is a single month). One monthly series, so a
    platform without a row in a covered month counts 0 and an unreported value stays unknown, as everywhere."""
    months = _growth_months(v)
    metric = v.params["ch_metric"]
    if months is None or catalogue.get(metric).kind != catalogue.STOCK:
        return None
    series = v.reader.series([metric], by=["platform"], filters=replace(
        v.filters, start=months[0], end=months[1], grain="month", compare="none"))
    if series.empty:
        return None
    at = {m: series[series["period_start"] == m].set_index("platform")[metric] for m in months}
    df = pd.DataFrame({"start": at[months[0]], "end": at[months[1]]}).rename_axis("platform").reset_index()
    df = df[(df["start"].fillna(0) != 0) | (df["end"].fillna(0) != 0)]
    df["delta"] = df["end"] - df["start"]
    df["pct"] = df["delta"] / df["start"].where(df["start"] != 0)
    df.attrs["months"] = months
    return df.reset_index(drop=True)


def _growth_caption(df: pd.DataFrame, v: View) -> str:
    m = catalogue.get(v.params["ch_metric"])
    start, end = df.attrs["months"]
    return t("channels.growth_caption", v.lang, metric=m.label(v.lang),
             units=tx.units_text(v.choices, v.code_names, v.lang), start=fmt.month(start), end=fmt.month(end),
             kind=t(f"kind.{m.kind}", v.lang))


def _growth_table(df: pd.DataFrame, v: View) -> tuple[pd.DataFrame, dict[str, str]]:
    """The growth as numbers: platform, both values, change and % change, fastest first."""
    lang, m = v.lang, catalogue.get(v.params["ch_metric"])
    start, end = df.attrs["months"]
    d = df.assign(rank=df["pct"].where(df["pct"].notna(), df["delta"].map(
        lambda x: float("inf") if x and x > 0 else -float("inf")))).sort_values(["rank", "delta"], ascending=False)
    col = {"platform": t("dim.platform", lang).capitalize(),
           "start": t("channels.growth_start", lang, month=fmt.month(start)),
           "end": t("channels.growth_start", lang, month=fmt.month(end)),
           "delta": t("export.col.delta", lang).capitalize(), "pct": t("export.col.pct", lang).capitalize()}
    out = pd.DataFrame({col["platform"]: d["platform"].map(v.platform_labels).fillna(d["platform"]),
                        col["start"]: d["start"].astype("float64"), col["end"]: d["end"].astype("float64"),
                        col["delta"]: d["delta"].astype("float64"), col["pct"]: d["pct"].astype("float64")})
    formats = {col["platform"]: "text", col["start"]: m.fmt, col["end"]: m.fmt, col["delta"]: m.fmt,
               col["pct"]: "pct"}
    return out.reset_index(drop=True), formats


# ---- the channel list ------------------------------------------------------------------------------

def _table_rows(v: View) -> pd.DataFrame:
    """One page of the channel list: the page's ids found, searched and ordered in SQL (``lists.entity_page``),
    then their numbers from the metric layer for those ids only — never every channel into Python."""
    return _rows_of(v, read_list_page(v, "channel", v.params.get("tim_kenh", ""), channels_data.TABLE_LIMIT).ids)


def _whole_rows(v: View) -> pd.DataFrame:
    """The whole channel list the page shows a page of, for its download."""
    return read_whole_list(v, "channel", v.params.get("tim_kenh", ""), _rows_of)


def _rows_of(v: View, ids: tuple[int, ...]) -> pd.DataFrame:
    """The list's rows of these channels: their numbers from the metric layer for those ids only."""
    if not ids:
        return channels_data.channel_rows(pd.DataFrame(), pd.DataFrame())
    f = replace(v.filters, where=v.filters.where + (("channel", ids),))
    per_channel = v.reader.totals(list(channels_data.TABLE_METRICS), by=["channel", "unit", "platform"],
                                  filters=f, ytd=False)
    entities = v.reader.read(channels_data.lists.entities_by_id, "channel", ids)
    return channels_data.channel_rows(v.with_unit_labels(per_channel), entities)


def _table_caption(df: pd.DataFrame, v: View) -> str:
    return t("channels.table_caption", v.lang, units=tx.units_text(v.choices, v.code_names, v.lang),
             period=tx.period_text(v.choices, v.lang))


def _display(shown: pd.DataFrame, v: View):
    """The channel table as drawn: (styled frame, st.dataframe options, the line under it); None when empty."""
    lang, query = v.lang, v.params.get("tim_kenh", "")
    if shown.empty:
        return None, {}, t("channels.table_none", lang, query=query) if query else None
    col = {k: t(f"channels.col.{k}", lang) for k in
           ("unit", "platform", "name", "address", "opened", "closed", "followers", "posts", "delta", "pct")}
    table = shown.rename(columns={
        "unit_name": col["unit"], "name": col["name"], "address": col["address"], "opened_on": col["opened"],
        "closed_on": col["closed"], "followers": col["followers"], "channel_posts": col["posts"],
        "followers_delta": col["delta"], "followers_pct": col["pct"]})
    table[col["platform"]] = shown["platform"].map(v.platform_labels).fillna(shown["platform"])
    table[col["opened"]] = opened_texts(shown)      # "11/2019" where only the month is known
    # the numbers right after the name, so they are on screen without scrolling the table sideways;
    # one unit in view: its name in every row says nothing
    compare = v.choices.compare
    keys = ["name"] + (["unit"] if len(v.filters.units) != 1 else []) + ["platform", "followers", "posts"]
    keys += ["delta", "pct"] if compare != "none" else []
    keys += ["address", "opened"] + (["closed"] if shown["closed_on"].notna().any() else [])
    columns = [col[k] for k in keys]
    table = table[columns]
    formats = {col["closed"]: fmt.date, col["followers"]: fmt.number,
               col["posts"]: fmt.number, col["delta"]: lambda x: fmt.number(x, signed=True),
               col["pct"]: lambda x: fmt.percent(x, signed=True)}
    styled = formatted(table, formats, fmt.DASH)
    cmp_label = v.extra.get("cmp_label") or ""
    help_delta = t("channels.col.delta_help", lang, vs=t(f"compare.vs.{compare}", lang),
                   period=cmp_label) if compare != "none" else None
    from streamlit import column_config as cc

    # names and addresses as wide as their longest text (up to 500 px): a fixed width cut them; not pinned,
    # since a pinned name as wide as a phone would leave no room to scroll the numbers beside it
    options = dict(height=420, placeholder=fmt.DASH, column_config={
        col["name"]: cc.TextColumn(col["name"], width=tx.column_px(table[col["name"]], col["name"])),
        col["address"]: cc.TextColumn(col["address"], width=tx.column_px(table[col["address"]], col["address"])),
        col["delta"]: cc.Column(col["delta"], help=help_delta),
        col["pct"]: cc.Column(col["pct"], help=help_delta),
    })
    lp = v.extra[LIST_PAGE]                         # left by _table_rows (replayed with a cached block)
    total = lp.found
    if total > len(shown):
        line = t("channels.table_note", lang, first=fmt.number(lp.first), last=fmt.number(lp.last),
                 total=fmt.number(total))
    else:
        line = t("channels.table_all", lang, total=fmt.number(total))
    return styled, options, line


def _precision(shown: pd.DataFrame) -> pd.Series:
    return shown["opened_precision"] if "opened_precision" in shown else pd.Series(None, index=shown.index)


def opened_texts(shown: pd.DataFrame) -> list[str]:
    """Each channel's opening as published: 05/11/2019, or 11/2019 when only the month is known."""
    return [fmt.day_or_month(d, p) for d, p in zip(shown["opened_on"], _precision(shown))]


def opened_cells(shown: pd.DataFrame) -> list:
    """The opening for files: a date cell, or the text 11/2019 when only the month is known (never 01/11/2019)."""
    return [fmt.day_or_month(d, p) if p == "month" else d for d, p in zip(shown["opened_on"], _precision(shown))]


def _export_table(shown: pd.DataFrame, v: View) -> tuple[pd.DataFrame, dict[str, str]]:
    """The channel list for files: every column, numbers as numbers."""
    lang = v.lang
    col = {k: t(f"channels.col.{k}", lang) for k in
           ("unit", "platform", "name", "address", "opened", "closed", "followers", "posts", "delta", "pct")}
    out = pd.DataFrame({
        col["name"]: shown["name"], col["unit"]: shown["unit_name"],
        col["platform"]: shown["platform"].map(v.platform_labels).fillna(shown["platform"]),
        col["followers"]: shown["followers"].astype("float64"), col["posts"]: shown["channel_posts"].astype("float64"),
        col["delta"]: shown["followers_delta"].astype("float64"), col["pct"]: shown["followers_pct"].astype("float64"),
        col["address"]: shown["address"], col["opened"]: opened_cells(shown), col["closed"]: shown["closed_on"],
    })
    if v.choices.compare == "none":
        out = out.drop(columns=[col["delta"], col["pct"]])
    formats = {c: "text" for c in out.columns}
    formats.update({col["followers"]: "int", col["posts"]: "int", col["delta"]: "int", col["pct"]: "pct",
                    col["opened"]: "date", col["closed"]: "date"})
    return out, {k: f for k, f in formats.items() if k in out.columns}

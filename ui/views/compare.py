"""So sánh đơn vị — two or more units side by side on every KPI and ratio, same period and comparison:
the table (metrics as rows, units as columns), one small chart per metric, the platform breakdown (a click
narrows the page to a platform) and a trend with one line per unit.

Made for the Sơn La – Đà Nẵng review conference: opened with no units and the filter bar's default period,
it compares Sơn La (14) and Đà Nẵng (48) over the latest complete year and says so (``adjust``). The filter
bar still owns every choice and its URL; this page only reads it.
"""

from __future__ import annotations

import pandas as pd

from queries import catalogue
from queries.periods import Window, window_label
from ui import compare_data as cd
from ui import filters as flt
from ui import text as tx
from ui.blocks import Block, Choice, View, has_data
from ui.charts import compare as charts
from ui.messages import md, t
from ui.page import trend_filters

KEY, SLUG, TITLE = "compare", "so-sanh", "compare.title"
KEYS = list(cd.METRIC_KEYS)
PLATFORM_KEYS = [k for k in KEYS if "platform" in catalogue.get(k).dims]

CHOICES = {c.name: c for c in [
    Choice("cmp_platform", "compare.platform_metric", lambda v: PLATFORM_KEYS, lambda v: "channels"),
    Choice("cmp_trend", "compare.trend_metric", lambda v: KEYS, lambda v: "members"),
]}


def adjust(choices: flt.Choices, ctx: flt.Context) -> flt.Choices:
    """The conference defaults (Sơn La and Đà Nẵng, the latest complete year) where nothing was chosen."""
    return cd.resolve(choices, ctx).choices


def drill_dims(v: View) -> dict:
    return {"platform": v.platform_labels}


def _once(v: View, name: str, fn):
    slot = ("compare", name)
    if slot not in v.extra:
        v.extra[slot] = fn()
    return v.extra[slot]


# ---- the page's words ------------------------------------------------------------------------------

def defaults_line(v: View) -> str | None:
    """Which conference defaults were applied, and how to choose otherwise."""
    given = v.given or v.base_choices or v.choices
    resolved = cd.resolve(given, v.ctx)
    names, lang, parts = v.code_names, v.lang, []
    units = v.choices.units
    if resolved.default_units and len(units) >= 2:
        listed = [f"{names.get(u, u)} ({u})" for u in units]
        parts.append(md("compare.default_units", lang,
                       units=", ".join(listed[:-1]) + t("compare.and", lang) + listed[-1]))
    if resolved.default_year is not None:
        base = flt.defaults(v.ctx)
        parts.append(md("compare.default_year", lang, range=window_label(Window(base.start, base.end), lang),
                       year=window_label(Window(v.choices.start, v.choices.end), lang)))
    return tx.Markdown(" ".join(parts + [t("compare.default_hint", lang)])) if parts else None    # values escaped


def need_two(v: View) -> str | None:
    """The message when fewer than two units are compared (None when there are enough)."""
    units = v.choices.units
    if len(units) >= 2:
        return None
    in_scope = flt.scope_units(v.ctx, v.choices.boundary)
    if v.ctx.scope is not None and len(in_scope) < 2:      # an account of one province: nothing to compare with
        return md("compare.one_unit", v.lang, unit=", ".join(v.code_names.get(u, u) for u in in_scope) or "—")
    given = v.given or v.base_choices or v.choices
    if units or given.units:
        return md("compare.need_two", v.lang, units=", ".join(v.code_names.get(u, u) for u in units) or "—")
    return t("compare.need_two_none", v.lang)


# ---- the compared frame: one row per compared unit ------------------------------------------------

def result(v: View) -> pd.DataFrame:
    return _once(v, "result", lambda: v.reader.totals(KEYS, by=["unit"], filters=v.filters, ytd=False))


def incomplete(v: View) -> bool:
    df = result(v)
    return bool(df["incomplete"].any()) if "incomplete" in df and len(df) else False


def incomplete_line(v: View) -> str | None:
    if not incomplete(v):
        return None
    end = result(v)["period_end"].max()
    return md("kpi.incomplete", v.lang, month=f"{end.month:02d}/{end.year}")


def cmp_label(v: View) -> str:
    df = result(v)
    return df["cmp_label"].dropna().iloc[0] if "cmp_label" in df and df["cmp_label"].notna().any() else ""


def frame(v: View) -> pd.DataFrame:
    """The result with an empty row for each chosen unit without reports, stocks of ended units blanked."""
    def load():
        f = v.filters
        df = v.with_unit_labels(cd.with_missing_units(result(v), v.choices.units, v.units, v.choices.boundary,
                                                      f.start, f.end))
        return cd.blank_ended(df, columns(v, df), KEYS)
    return _once(v, "frame", load)


def columns(v: View, df: pd.DataFrame | None = None) -> list[cd.Column]:
    if df is None:
        return _once(v, "columns", lambda: columns(v, frame(v)))
    return cd.columns(df, v.choices.units, v.units, v.filters.end)


def _frame_if_data(v: View) -> pd.DataFrame | None:
    if len(v.choices.units) < 2 or not has_data(result(v), KEYS):
        return None
    return frame(v)


def _ignored(key: str, v: View) -> list[str] | None:
    return ["platform"] if cd.platform_ignored(key, v.choices.platforms) else None


def _chart_caption(key: str, v: View, incomplete_: bool) -> str:
    return tx.chart_caption(key, v.choices, v.code_names, v.lang, _ignored(key, v), incomplete=incomplete_,
                            platform_labels=v.platform_labels)


# ---- the table -------------------------------------------------------------------------------------

def _table_display(df: pd.DataFrame, v: View):
    """The units' values side by side right after the metric, then their changes, then the kind: on a phone
    the first screen shows every unit (the table scrolled the second one out of sight). Drawn as text."""
    table = cd.table(df, columns(v), KEYS, v.choices.compare, v.lang, v.choices.platforms)
    names = [c.name for c in columns(v)]
    first, kind = t("compare.col_metric", v.lang), t("compare.col_kind", v.lang)
    rest = [c for c in table.columns if c not in (first, kind, *names)]
    return table[[first, *names, *rest, kind]], dict(static=True), _table_notes(v)


def _table_caption(df: pd.DataFrame, v: View) -> str:
    ch, lang = v.choices, v.lang
    notes = [t("compare.table_caption", lang, units=tx.units_text(ch, v.code_names, lang),
               period=tx.period_text(ch, lang))]
    if ch.compare != "none":
        notes.append(t("compare.table_change", lang, vs=t(f"compare.vs.{ch.compare}", lang), period=cmp_label(v)))
    if any(cd.platform_ignored(k, ch.platforms) for k in KEYS):
        notes.append(t("compare.platform_mark", lang))
    if incomplete(v):
        notes.append(t("chart.incomplete_mark", lang))
    if any(cd.partial(row, k) for row in cd.by_column(df, columns(v)).values() for k in KEYS):
        notes.append(t("compare.partial_mark", lang))
    return " ".join(notes)


def _table_notes(v: View) -> list[str]:
    cols = columns(v)
    if v.choices.boundary == "historical" and (len(cols) > len(v.choices.units) or any(c.ended for c in cols)):
        return [tx.Markdown(":material/info: " + t("compare.historical_columns", v.lang))]     # page only: Markdown
    return []


def _table_file(df: pd.DataFrame, v: View) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table with numbers kept as numbers: metrics as rows, a value (and change) column per unit."""
    lang, cols = v.lang, columns(v)
    rows = cd.by_column(df, cols)
    metric, kind, unit = t("compare.col_metric", lang), t("compare.col_kind", lang), t("export.kpi.unit", lang)
    records, formats = [], {metric: "text", kind: "text", unit: "text"}
    for key in KEYS:
        m = catalogue.get(key)
        label = m.label(lang) + (" †" if cd.platform_ignored(key, v.choices.platforms) else "")
        rec = {metric: label, kind: t(f"kind.short.{m.kind}", lang), unit: m.unit(lang)}
        for c in cols:
            row = rows[c.unit_id]
            rec[c.name] = row.get(key)
            formats[c.name] = "num"
            if v.choices.compare != "none":
                change = t("compare.col_change", lang, unit=c.name)
                rec[change], formats[change] = row.get(f"{key}_delta"), "num"
                pct = f"{c.name} — {t('export.col.pct', lang)}"
                rec[pct], formats[pct] = row.get(f"{key}_pct"), "pct"
        records.append(rec)
    out = pd.DataFrame.from_records(records)
    for name, f in formats.items():
        if f != "text":
            out[name] = pd.to_numeric(out[name], errors="coerce").astype("float64")
    return out, formats


# ---- the charts ------------------------------------------------------------------------------------

def charts_note(v: View) -> str:
    ch = v.choices
    if ch.compare != "none":
        return md("compare.charts_note", v.lang, vs=t(f"compare.vs.{ch.compare}", v.lang), period=cmp_label(v),
                 current=tx.period_text(ch, v.lang))
    return t("compare.charts_note_plain", v.lang)


def per_row(v: View) -> int:
    return 3 if len(columns(v)) <= 3 else 2    # many units need wider charts


def _small_multiple(key: str) -> Block:
    def figure(df: pd.DataFrame, v: View):
        cmp_name = t(f"chart.comparison_{v.choices.compare}", v.lang) if v.choices.compare != "none" else None
        return charts.metric_bars(df, key, columns(v), v.choices.compare, v.lang, cmp_name, incomplete(v),
                                  cur_name=tx.period_text(v.choices, v.lang))

    return Block(f"sm_{key}", lambda v: v.label(key), metrics=(key,), fetch=_frame_if_data, heading="none",
                 widget=f"compare_sm_{key}", defined=lambda df, v: df is not None, figure=figure,
                 caption=lambda df, v: _chart_caption(key, v, incomplete(v)))


def _platform_mix(v: View) -> pd.DataFrame | None:
    if _frame_if_data(v) is None:
        return None
    key = v.params["cmp_platform"]
    mix = v.reader.totals([key], by=["unit", "platform"], filters=v.filters, ytd=False)
    return cd.blank_ended(mix, columns(v), [key]) if has_data(mix, [key]) else mix


def _trend(v: View) -> pd.DataFrame | None:
    if _frame_if_data(v) is None:
        return None
    return v.reader.series([v.params["cmp_trend"]], by=["unit"], filters=trend_filters(v.filters, v.ctx.first_month))


def layout(v: View) -> list:
    multiples = [_small_multiple(k) for k in KEYS]
    n = per_row(v) if _frame_if_data(v) is not None else 3
    rows = [tuple(multiples[i:i + n]) for i in range(0, len(multiples), n)]
    return [
        Block("table", "compare.table", kind="table", metrics=tuple(KEYS), fetch=_frame_if_data,
              defined=lambda df, v: df is not None, display=_table_display, table=_table_file,
              caption=_table_caption, slide=True),
        *rows,
        Block("platform", "compare.by_platform", choices=("cmp_platform",), fetch=_platform_mix,
              metrics=lambda v: [v.params["cmp_platform"]], drill="platform", hint="drill.hint",
              defined=lambda df, v: has_data(df, [v.params["cmp_platform"]]),
              figure=lambda df, v: charts.by_platform(df, v.params["cmp_platform"], columns(v), v.platform_labels,
                                                      v.lang),
              caption=lambda df, v: _chart_caption(v.params["cmp_platform"], v, incomplete(v))),
        Block("trend", "compare.trend", choices=("cmp_trend",), fetch=_trend, shape="series",
              metrics=lambda v: [v.params["cmp_trend"]], widget="compare_trend",
              defined=lambda df, v: has_data(df, [v.params["cmp_trend"]]),
              figure=lambda df, v: charts.trend_lines(df, v.params["cmp_trend"], columns(v), v.lang),
              caption=lambda df, v: _chart_caption(v.params["cmp_trend"], v, bool(df["incomplete"].any()))),
    ]

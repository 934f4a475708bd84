"""Tình hình báo cáo — reporting status: which unit sent which monthly report for which month (đã báo cáo /
báo cáo muộn / thiếu một phần / chưa báo cáo), so a data officer can chase missing reports and a leader knows
how complete a total is. Every status comes from ``queries.reporting.report_status`` through the view's reader
(scoped like every other read); the shaping is ``ui.coverage_data``, the figure ``ui.charts.coverage``."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from queries import catalogue, reporting
from ui import coverage_data as cd
from ui import format as fmt
from ui import text as tx
from ui.blocks import Block, Choice, View
from ui.charts import coverage as cov_charts
from ui.frames import formatted
from ui.messages import t

KEY, SLUG, TITLE = "coverage", "tinh-hinh-bao-cao", "coverage.title"


def drill_dims(v: View) -> dict:
    return {"unit": v.code_names}


def _family_label(v: View):
    return lambda key: catalogue.REPORTS[key][0 if v.lang == "vi" else 1]


CHOICES = {c.name: c for c in [
    Choice("loai", "coverage.family", lambda v: list(catalogue.MONTHLY_REPORTS), lambda v: "activities",
           _family_label),
]}


def adjust(choices, ctx):
    """Reporting is about months, each one on its own: no comparison here."""
    return replace(choices, compare="none")


def _cells(v: View) -> pd.DataFrame:
    """Every family's unit × month cells for the view's units and months (computed once per view)."""
    slot = ("coverage", "cells")
    if slot not in v.extra:
        f = v.filters
        start, end = max(f.start, v.ctx.first_month), min(f.end, v.ctx.last_month)
        status = v.reader.read(reporting.report_status, catalogue.MONTHLY_REPORTS, f, start, end) \
            if start <= end else None
        c = cd.cells(status, v.choices.boundary)
        if not c.empty:
            c = v.with_unit_labels(c)
        v.extra[slot] = c
    return v.extra[slot]


def _family_name(key: str, lang: str) -> str:
    return catalogue.REPORTS[key][0 if lang == "vi" else 1]


# ---- summary --------------------------------------------------------------------------------------

def _summary_rows(v: View) -> pd.DataFrame:
    return cd.summary(_cells(v))


def _summary_table(df: pd.DataFrame, v: View) -> tuple[pd.DataFrame, dict[str, str]]:
    lang = v.lang
    col = {k: t(f"coverage.col.{k}", lang) for k in
           ("family", "expected", "reported", "late", "missing", "share", "units_full")}
    out = pd.DataFrame({
        col["family"]: [_family_name(f, lang) for f in df["family"]],
        col["expected"]: df["due"].astype("float64"), col["reported"]: df["reported"].astype("float64"),
        col["late"]: df["late"].astype("float64"), col["missing"]: df["missing"].astype("float64"),
        col["share"]: df["share"].astype("float64"),
        col["units_full"]: [f"{a}/{b}" for a, b in zip(df["units_full"], df["units"])],
    })
    formats = {col["family"]: "text", col["expected"]: "int", col["reported"]: "int", col["late"]: "int",
               col["missing"]: "int", col["share"]: "pct", col["units_full"]: "text"}
    return out, formats


def _summary_display(df: pd.DataFrame, v: View):
    if df is None or df.empty:
        return None, {}, None
    table, formats = _summary_table(df, v)
    fns = {"int": fmt.number, "pct": lambda x: fmt.percent(x, 1)}
    styled = formatted(table, {c: fns[f] for c, f in formats.items() if f in fns}, fmt.DASH)
    return styled, {}, None


# ---- grid -----------------------------------------------------------------------------------------

def _grid_rows(v: View) -> pd.DataFrame:
    c = _cells(v)
    return c[c["family"] == v.params["loai"]] if not c.empty else c


def _grid_caption(df: pd.DataFrame, v: View) -> str:
    return t("coverage.grid_caption", v.lang, family=_family_name(v.params["loai"], v.lang),
             units=tx.units_text(v.choices, v.code_names, v.lang), period=tx.period_text(v.choices, v.lang),
             boundary=t(f"coverage.boundary.{v.choices.boundary}", v.lang))


def _grid_table(df: pd.DataFrame, v: View) -> tuple[pd.DataFrame, dict[str, str]]:
    """The grid's data for files: one row per unit and month with its status in words."""
    lang = v.lang
    col = {"unit": t("coverage.col.unit", lang), "code": t("export.col.code", lang),
           "month": t("export.col.period", lang), "status": t("coverage.col.status", lang)}
    out = pd.DataFrame({
        col["unit"]: df["unit_name"], col["code"]: df["unit_code"],
        col["month"]: [fmt.month(m) for m in df["month"]],
        col["status"]: [t(f"coverage.status.{s}", lang) for s in df["status"]],
    })
    return out, {c: "text" for c in out.columns}


# ---- missing reports ------------------------------------------------------------------------------

def _missing_rows(v: View) -> pd.DataFrame:
    m = cd.missing(_cells(v))
    if m.empty:
        return m.assign(unit_name=pd.Series(dtype=object), unit_code=pd.Series(dtype=object))
    return v.with_unit_labels(m)


def _missing_table(df: pd.DataFrame, v: View) -> tuple[pd.DataFrame, dict[str, str]]:
    lang = v.lang
    col = {k: t(f"coverage.col.{k}", lang) for k in ("unit", "family", "months", "count")}
    out = pd.DataFrame({
        col["unit"]: df["unit_name"], t("export.col.code", lang): df["unit_code"],
        col["family"]: [_family_name(f, lang) for f in df["family"]],
        col["count"]: df["count"].astype("float64"), col["months"]: df["months"],
    })
    formats = {c: "text" for c in out.columns}
    formats[col["count"]] = "int"
    return out, formats


def _missing_display(df: pd.DataFrame, v: View):
    if df is None or df.empty:
        return None, {}, t("coverage.none_missing", v.lang)
    table, _ = _missing_table(df, v)
    from streamlit import column_config as cc

    months = t("coverage.col.months", v.lang)
    options = dict(height=min(420, 38 + 35 * len(table)), column_config={
        months: cc.TextColumn(months, width="large")})
    return table, options, t("coverage.missing_caption", v.lang, n=df["unit_id"].nunique())


def layout(v: View) -> list:
    return [
        Block("summary", "coverage.summary", kind="table", fetch=_summary_rows,
              defined=lambda df, v: df is not None and not df.empty, display=_summary_display,
              table=_summary_table, caption=lambda df, v: t("coverage.intro", v.lang,
                                                             day=catalogue.REPORT_DUE_DAY)),
        Block("grid", "coverage.grid", choices=("loai",), fetch=_grid_rows,
              defined=lambda df, v: df is not None and not df.empty,
              figure=lambda df, v: cov_charts.grid(df, dict(zip(df["unit_id"], df["unit_name"])), v.lang),
              caption=_grid_caption, table=_grid_table),
        Block("missing", "coverage.missing", kind="table", fetch=_missing_rows, empty="coverage.none_missing",
              defined=lambda df, v: df is not None and not df.empty, display=_missing_display,
              table=_missing_table),
    ]

"""A page is a list of declared blocks; one resolver turns a block into numbers, a figure and words.

A ``Block`` says what it asks of the metric layer (metrics, by, a change of filters), which figure
builder draws it, its title, caption and drill dimension. ``resolve`` runs it against a ``Reader`` —
``ui.store`` on a page (cached, scoped), ``DirectReader`` in the command line — and returns a
``Resolved`` block. The same resolved block is drawn on a page (``ui.render``), on a slide, and written
to every file (``to_item`` -> ``reports``), so no chart's logic exists twice.

Never imports Streamlit and never writes SQL: every number comes from ``queries.builder`` through the
reader, which applies the user's scope.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import numpy as np
import pandas as pd

from queries import access, builder, catalogue, lists, progress
from queries import targets as metric_targets
from queries.builder import Filters
from reports import model
from reports import names as file_names
from ui import filters as flt
from ui import format as fmt
from ui import text as tx
from ui.filters import Choices, Context, Notice  # noqa: F401  (Choices in annotations)
from ui.messages import t

# ---- where blocks read from ----------------------------------------------------------------------


class Reader(Protocol):
    """What a block may ask for. ``ui.store`` (the app, cached per data version and scope) and
    ``DirectReader`` (command line, tests) both provide it; both go through ``queries.builder``."""

    def totals(self, metrics, by=(), filters: Filters | None = None, ytd: bool = True) -> pd.DataFrame: ...
    def series(self, metrics, by=(), filters: Filters | None = None, ytd: bool = False) -> pd.DataFrame: ...
    def targets(self, metrics, filters: Filters, year: int) -> dict: ...   # key -> queries.targets.Goal
    def read(self, fn, *args): ...
    def reference(self) -> dict: ...


class DirectReader:
    """A reader on an open connection, for ``python -m data report``, deck downloads and tests: the same builder
    calls as ``ui.store`` with a per-reader memo instead of Streamlit's cache, bound like it to one scope (None =
    every unit; ``python -m data report --user`` passes the account's)."""

    def __init__(self, con, scope: tuple[str, ...] | None = None):
        self.con = con
        self.scope = None if scope is None else tuple(sorted(scope))
        self._memo: dict = {}

    def _memoised(self, key, fn):
        if key not in self._memo:
            self._memo[key] = fn()
        return self._memo[key]

    def reference(self) -> dict:
        return self._memoised("ref", lambda: reference_of(self.con))

    def totals(self, metrics, by=(), filters=None, ytd=True):
        return self._query("totals", metrics, by, filters, ytd)

    def series(self, metrics, by=(), filters=None, ytd=False):
        return self._query("series", metrics, by, filters, ytd)

    def _query(self, shape: str, metrics, by, filters, ytd):
        ref = self.reference()
        filters = access.apply_scope(filters, self.scope)
        fn = builder.totals if shape == "totals" else builder.series
        return self._memoised((shape, tuple(metrics), tuple(by), filters, ytd), lambda: fn(
            self.con, list(metrics), list(by), filters, cov=ref["coverage"], ytd=ytd, rollups=ref.get("rollups"),
            memo=self._memoised))

    def targets(self, metrics, filters, year):
        filters = access.apply_scope(filters, self.scope)
        return self._memoised(("targets", tuple(metrics), filters, year),
                              lambda: metric_targets.goals(self.con, list(metrics), filters, year))

    def read(self, fn, *args):
        args = tuple(access.apply_scope(a, self.scope) if isinstance(a, Filters) else a for a in args)
        return self._memoised(("read", f"{fn.__module__}.{fn.__qualname__}", args),
                              lambda: fn(self.con, *args, scope=self.scope))


def reference_of(con) -> dict:
    """The reference every page needs (meta, coverage, units, platforms, whether the database has an accounts table —
    only a migration adds it); ``ui.store`` caches the same."""
    meta = builder.meta(con)
    return {
        "meta": meta,
        "accounts_table": access.has_accounts_table(con),
        "rollups": builder.rollups_match(meta),
        "coverage": builder.coverage(con),
        "units": builder.units(con),
        "platforms": builder.lookup(con, "platform"),
    }


def context_of(ref: dict, scope: tuple[str, ...] | None = None) -> Context | None:
    """Everything the filter bar needs to validate choices; None when the database has no facts."""
    cov = ref["coverage"]
    if cov is None:
        return None
    units = ref["units"]
    current = units[units["valid_to"].isna()]
    old = units[units["valid_to"].notna()]
    current_units = dict(zip(current["code"], current["name"]))
    historical: dict[str, str] = {}
    for code, name in zip(old["code"], old["name"]):
        new_name = current_units.get(code)
        historical[code] = name if new_name in (None, name) else f"{name} → {new_name}"
    for code, name in current_units.items():
        historical.setdefault(code, name)
    by_id = dict(zip(units["unit_id"], units["code"]))
    merged = {}
    for code, name, succ in zip(old["code"], old["name"], old["successor_id"]):
        if code not in current_units:
            merged[code] = (by_id[int(succ)], name)
    return Context(
        current_units=current_units,
        historical_units=dict(sorted(historical.items())),
        old_units=dict(zip(old["code"], old["name"])),
        merged_into=merged,
        platforms=tuple(ref["platforms"]["key"]),
        first_month=cov.first,
        last_month=cov.last,
        scope=scope,
    )


def platform_labels_of(ref: dict, lang: str) -> dict[str, str]:
    p = ref["platforms"]
    return dict(zip(p["key"], p["label_vi" if lang == "vi" else "label_en"]))


# ---- the view a block is drawn in ----------------------------------------------------------------


@dataclass
class View:
    """Where a block is drawn: the choices (after the drill path), the filters, the language, labels, the
    page-level choices (``params``: metric pickers and the like) and the reader."""

    page: str
    lang: str
    choices: Choices
    filters: Filters
    ctx: Context
    units: pd.DataFrame
    platform_labels: dict[str, str]
    reader: Any
    params: dict[str, str] = field(default_factory=dict)
    steps: list[tuple[str, str]] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    base_choices: Choices | None = None     # the filter bar's choices before the drill path
    extra: dict = field(default_factory=dict)   # values a page's declaration computes once per view
    given: Choices | None = None            # the filter bar's choices before the page's own ``adjust``

    @property
    def code_names(self) -> dict[str, str]:
        ch = self.choices
        return self.ctx.names(ch.boundary, ch.start, ch.end)

    def label(self, metric_key: str) -> str:
        return catalogue.get(metric_key).label(self.lang)

    def with_unit_labels(self, df: pd.DataFrame) -> pd.DataFrame:
        return with_unit_labels(df, self.units, self.lang, as_of=self.choices.end)

    def first_month(self) -> dt.date:
        return self.ctx.first_month


def with_unit_labels(df: pd.DataFrame, units: pd.DataFrame, lang: str = "vi", as_of: dt.date | None = None
                     ) -> pd.DataFrame:
    """Add unit_code and unit_name beside unit_id: the name the unit had at ``as_of`` (the end of the period shown:
    Thừa Thiên Huế in 2023, Huế from 01/01/2025), else its last; an old unit sharing its name with a current one is
    marked '(trước 07/2025)'."""
    u = units.set_index("unit_id")
    current_names = set(units.loc[units["valid_to"].isna(), "name"])
    out = df.copy()
    out["unit_code"] = out["unit_id"].map(u["code"])
    names = out["unit_id"].map(u["name"])
    if as_of is not None and "former_names" in u:
        def named(unit_id, name):
            former = u["former_names"].get(unit_id) if unit_id in u.index else None
            for version in (former if isinstance(former, list | tuple | np.ndarray) else ()):
                if version["until"] is not None and pd.Timestamp(version["until"]).date() > as_of:
                    return version["name"]
            return name

        names = pd.Series([named(i, n) for i, n in zip(out["unit_id"], names)], index=out.index, dtype=object)
    old = out["unit_id"].map(u["valid_to"]).notna()
    suffix = " (trước 07/2025)" if lang == "vi" else " (before 07/2025)"
    out["unit_name"] = [n + suffix if o and n in current_names else n for n, o in zip(names, old)]
    return out


# ---- page-level choices ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """A page-level choice kept in the URL (``?name=value``), e.g. the metric a chart shows."""

    name: str
    label: str                                           # message key
    options: Callable[[View], list[str]]
    default: Callable[[View], str]
    format: Callable[[View], Callable[[str], str]] = lambda v: v.label

    def value(self, view: View, raw: str | None) -> str:
        opts = self.options(view)
        return raw if raw in opts else self.default(view)


# ---- blocks ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One declared piece of a page.

    kind: 'chart' (a figure), 'kpis' (KPI cards; a KPI table in files and slides) or 'table' (drawn on the
    page as a frame by ``display``, as metric cards of its first row by ``cards``, or as progress bars by
    ``bars``; in files and slides always as its ``table``).
    metrics/by/shape/narrow: what to ask of the metric layer (``narrow`` changes the view's filters,
    e.g. all units for a ranking); ``fetch`` replaces that when a block needs several queries.
    figure: the figure builder, (data, view) -> Figure. caption: (data, view) -> the line under it.
    drill: the dimension a click on the chart drills into. choices: page-level choices drawn with it.
    """

    key: str
    title: str | Callable[[View], str]
    kind: str = "chart"
    metrics: tuple[str, ...] | Callable[[View], list[str]] = ()
    by: tuple[str, ...] | Callable[[View], tuple[str, ...]] = ()
    shape: str = "totals"
    ytd: bool = False
    narrow: Callable[[View], Filters] | None = None
    fetch: Callable[[View], pd.DataFrame | None] | None = None
    prepare: Callable[[pd.DataFrame, View], pd.DataFrame] | None = None
    figure: Callable[[pd.DataFrame, View], Any] | None = None
    defined: Callable[[pd.DataFrame, View], bool] | None = None
    caption: Callable[[pd.DataFrame, View], str] | None = None
    notes: Callable[[pd.DataFrame, View], list[str]] | None = None   # extra lines (page and files)
    hint: str | Callable[[View], str | None] | None = None     # message key of a click hint (page only, never a file)
    drill: str | Callable[[View], str] | None = None
    choices: tuple[str, ...] = ()
    empty: str = "empty.no_data"            # message key of the empty state
    width: str = "full"                     # 'full' | 'half' (consecutive halves share a row)
    per_row: int = 4                        # KPI cards per row
    targets: bool = True                    # KPI cards: progress to the year's targets, where one exists
    table: Callable[[pd.DataFrame, View], tuple[pd.DataFrame, dict[str, str]]] | None = None
    display: Callable[[pd.DataFrame, View], tuple] | None = None   # table blocks: (frame, options, line)
    # a table block the page draws as cards or bars instead of a frame (files and slides keep ``table``):
    # extra cards after the metrics' own: (label, count or None, help, unit)
    cards: Callable[[pd.DataFrame, View], list[tuple[str, float | None, str, str]]] | None = None
    bars: Callable[[pd.DataFrame, View], list[tuple[float | None, str]]] | None = None  # (share or None, line)
    widget: str | None = None               # the chart's widget key when it is not the default
    heading: str = "subheader"              # 'subheader' | 'bold' | 'none' (the page draws it with its widgets)
    slide: bool = True                      # may be added to a deck
    ranked: bool = False                    # a ranking: its file lists the rows as the chart does, largest first
    # a paged list (channels, teams): the data of its every row for its own download, up to LIST_FILE_MAX, its
    # frame's attrs["found"] the matches in all (``read_whole_list``); the page shows one page of it (``fetch``)
    whole: Callable[[View], pd.DataFrame] | None = None


@dataclass
class Resolved:
    block: Block
    title: str
    data: pd.DataFrame | None
    ok: bool
    figure: Any = None
    caption: str = ""
    notes: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    # KPI blocks: the totals row, the monthly series for sparklines, the year's targets (queries.targets.Goal) and
    # the level of stocks at the end of the previous year (a stock's pace to its target starts there)
    row: pd.Series | None = None
    monthly: pd.DataFrame | None = None
    goals: dict = field(default_factory=dict)
    starts: dict = field(default_factory=dict)


def metrics_of(block: Block, view: View) -> list[str]:
    return list(block.metrics(view) if callable(block.metrics) else block.metrics)


def title_of(block: Block, view: View) -> str:
    return block.title(view) if callable(block.title) else t(block.title, view.lang)


def has_data(df: pd.DataFrame | None, metric_keys) -> bool:
    """Something to draw: at least one metric column with a value other than 0 or unknown."""
    if df is None or df.empty:
        return False
    cols = [k for k in metric_keys if k in df.columns]
    return bool(cols) and bool((df[cols].fillna(0) != 0).any().any())


def by_of(block: Block, view: View) -> tuple[str, ...]:
    return tuple(block.by(view) if callable(block.by) else block.by)


def drill_of(block: Block, view: View) -> str | None:
    return block.drill(view) if callable(block.drill) else block.drill


def query(view: View, block: Block, metrics: list[str]) -> pd.DataFrame:
    f = block.narrow(view) if block.narrow else view.filters
    fn = view.reader.totals if block.shape == "totals" else view.reader.series
    return fn(metrics, by=by_of(block, view), filters=f, ytd=block.ytd)


def resolve(block: Block, view: View) -> Resolved:
    """Ask the metric layer for a block and build its figure and words. Never draws anything."""
    title = title_of(block, view)
    keys = metrics_of(block, view)
    if block.kind == "kpis":
        return _resolve_kpis(block, view, title, keys)
    df = block.fetch(view) if block.fetch else (query(view, block, keys) if keys else None)
    ok = block.defined(df, view) if block.defined else has_data(df, keys)
    if not ok:
        return Resolved(block, title, df, False, metrics=keys)
    if block.prepare:
        df = block.prepare(df, view)
    figure = block.figure(df, view) if block.figure else None
    if block.caption:
        caption = block.caption(df, view)
    elif keys and block.kind == "chart":
        incomplete = bool(df["incomplete"].any()) if "incomplete" in df else False
        shown = view.choices
        if block.narrow:      # the caption names what the chart shows: all units, a longer trend…
            nf = block.narrow(view)
            # every unit the user may see: the whole country, or a province user's scope (never "Cả nước" for it)
            shown = replace(shown, units=nf.units or tuple(nf.scope or ()), start=nf.start, end=nf.end)
        caption = tx.chart_caption(keys[0], shown, view.code_names, view.lang, df.attrs.get("ignored_filters"),
                                   incomplete=incomplete, platform_labels=view.platform_labels)
    else:
        caption = ""
    notes = block.notes(df, view) if block.notes else []
    unreported = unreported_note(df, keys, view.lang)
    if unreported:
        notes.append(unreported)
    return Resolved(block, title, df, True, figure, caption, notes, keys)


def unreported_note(df: pd.DataFrame | None, keys: list[str], lang: str, limit: int = 8) -> str:
    """Under a chart by unit: the units with no value because they did not report (never drawn as 0)."""
    if df is None or df.empty or "unit_id" not in df or not keys or keys[0] not in df:
        return ""
    cols = [k for k in keys if k in df]
    blank = df[cols].isna().all(axis=1)
    for k in cols:          # a unit that did report is not "unreported" (a ratio of 0 people is undefined, not missing)
        if f"{k}_reported" in df and f"{k}_expected" in df:
            blank &= ~(df[f"{k}_reported"].astype("float64") >= df[f"{k}_expected"].astype("float64"))
    missing = df[blank]
    if "period_label" in missing and df["period_label"].nunique() > 1:
        return ""             # a series: gaps in lines say it
    names = missing["unit_name"] if "unit_name" in missing else missing["unit_id"].astype(str)
    names = list(dict.fromkeys(str(n) for n in names))
    if not names:
        return ""
    shown = ", ".join(names[:limit]) + (f" (+{len(names) - limit})" if len(names) > limit else "")
    return t("coverage.unreported_units", lang, n=len(names), names=shown)


def platform_ignored(key: str, platforms: tuple[str, ...]) -> bool:
    """True when a platform filter is active and the metric cannot be cut by platform (teams, contests)."""
    return bool(platforms) and "platform" not in catalogue.get(key).dims


def kpi_platform_note(keys: list[str], platforms: tuple[str, ...], lang: str) -> str:
    """Under KPI cards: the ones a platform filter leaves whole ("… không áp dụng cho: Số đội, Thành viên")."""
    names = [catalogue.get(k).label(lang) for k in keys if platform_ignored(k, platforms)]
    return t("kpi.platform_note", lang, metrics=", ".join(names)) if names else ""


def _resolve_kpis(block: Block, view: View, title: str, keys: list[str]) -> Resolved:
    f = view.filters
    if not keys:
        return Resolved(block, title, None, False, metrics=keys)
    df = view.reader.totals(keys, filters=f)
    if not has_data(df, keys):
        return Resolved(block, title, df, False, metrics=keys)
    row = df.iloc[0]
    monthly = view.reader.series(keys, filters=replace(f, grain="month", compare="none"))
    goals = view.reader.targets(keys, f, f.end.year) if block.targets and f.start.year == f.end.year else {}
    starts = stock_starts(view.reader, goals, f, row["period_end"])
    return Resolved(block, title, df, True, caption=kpi_platform_note(keys, view.choices.platforms, view.lang),
                    metrics=keys, row=row, monthly=monthly, goals=goals, starts=starts)


# ---- KPI words (cards on the page, tables in files) -----------------------------------------------


def stock_starts(reader, goals: dict, f: Filters, period_end: dt.date) -> dict[str, float]:
    """For stocks with an applicable target in a year still running at ``period_end``: their level at the end of
    the previous year, where their pace to the target starts (``queries.progress.stock_expected``)."""
    keys = [k for k, g in goals.items() if g.applies and catalogue.get(k).kind == catalogue.STOCK
            and g.expected(period_end.month) is None]
    if not keys or period_end.month == 12:
        return {}
    last = dt.date(period_end.year - 1, 12, 1)
    cov = reader.reference()["coverage"]
    if cov is None or not cov.first <= last <= cov.last:
        return {}
    df = reader.totals(keys, filters=replace(f, start=last, end=last, compare="none"), ytd=False)
    return {k: float(df.iloc[0][k]) for k in keys if len(df) and fmt.defined(df.iloc[0][k])}


def target_progress(row: pd.Series, key: str, goal, start=None):
    """Progress to an applicable yearly target (``queries.targets.Goal``): flows compare their value from January to
    the period's end, stocks their period-end value, against the pace of the elapsed share of the year."""
    m = catalogue.get(key)
    value = row.get(key)
    if goal is None or not fmt.defined(value):
        return None
    flow = m.kind == catalogue.FLOW
    achieved = row.get(f"{key}_ytd") if flow else value
    # a value short of reports is a lower bound: it never reads "chậm tiến độ" / "chưa đạt" (progress.PARTIAL);
    # for a flow that is the year to date, whose months before the period may lack a report
    return metric_targets.progress_of(goal, achieved, row["period_end"].month, start,
                                      complete=not short_of_reports(row, key, ytd=flow))


def not_like_for_like(row: pd.Series, key: str) -> bool:
    """A value and its comparison both known but no change stated: the metric layer states one only like for like
    (the same units reporting in full on both sides, ``queries.builder._not_like_for_like``)."""
    return fmt.defined(row.get(key)) and fmt.defined(row.get(f"{key}_cmp")) and not fmt.defined(row.get(f"{key}_delta"))


def short_of_reports(row: pd.Series, key: str, ytd: bool = False) -> bool:
    """Whether a result row's value comes from fewer units (or, for one unit, months) than were expected to report
    it (the metric layer's ``{key}_reported`` < ``{key}_expected``); ``ytd``: its flow's value from January to the
    period's end (``{key}_ytd_reported``), the period's own counts where the row has none."""
    if ytd and progress.short_of_reports(row.get(f"{key}_ytd_reported"), row.get(f"{key}_ytd_expected")):
        return True
    return progress.short_of_reports(row.get(f"{key}_reported"), row.get(f"{key}_expected"))


def coverage_note(row: pd.Series, key: str, lang: str) -> str:
    """Who the value comes from, when not everyone: "31/34 đơn vị đã báo cáo đủ"; "Chưa báo cáo" when no unit
    sent anything; for one unit that sent only some months, "Chưa báo cáo đủ các tháng trong kỳ"."""
    if not short_of_reports(row, key):
        return ""
    reported, expected = row.get(f"{key}_reported"), row.get(f"{key}_expected")
    if not fmt.defined(row.get(key)):
        return t("coverage.not_reported", lang)
    if float(expected) == 1:
        return t("coverage.partial_one", lang)
    return t("coverage.units", lang, n=fmt.number(reported), m=fmt.number(expected))


def target_words(row: pd.Series, key: str, goal, lang: str, start=None) -> tuple[float | None, str]:
    """(share for a progress bar or None, the line under a KPI) for a metric's target; (None, '') without one.
    A target that does not apply to the filters says why instead of a %."""
    if goal is None:
        return None, ""
    m = catalogue.get(key)
    year = goal.year
    if not goal.applies:
        if goal.reason == metric_targets.NOT_FOR_DIMS:
            dims = ", ".join(t(f"target.dim.{d}", lang) for d in goal.narrowed)
            return None, t("target.not_for_dims", lang, year=year, dims=dims)
        if goal.reason == metric_targets.NOT_FOR_UNITS:
            return None, t("target.not_for_units", lang, year=year, n=goal.units_with, total=goal.units_total)
        if goal.reason == metric_targets.NOT_FOR_BOUNDARY:
            return None, t("target.not_for_boundary", lang, year=year)
        return None, t("target.incomplete", lang, year=year)
    p = target_progress(row, key, goal, start)
    target = fmt.value(goal.target, m.fmt)
    if p is None or p.share is None:
        status = t(f"target.status.{p.status}", lang) if p is not None else fmt.DASH
        return None, t("target.line_no_share", lang, year=year, target=target, status=status)
    text = t("kpi.target", lang, year=year, target=target, pct=fmt.percent(p.share, 1))
    if p.expected_share is not None:
        text += " · " + t(f"target.pace.{p.status}", lang, pct=fmt.percent(p.expected_share, 1))
    else:
        text += " · " + t(f"target.status.{p.status}", lang)
    return p.share, text


def ytd_of(row: pd.Series, key: str) -> tuple[float, object] | None:
    """A flow's year to date beside its value — the cards' "Lũy kế từ đầu năm" — as (number, its qualifier) when the
    period does not start in January (from January it is the value itself); None otherwise. The one rule for the
    card (``ui.components.kpi_card``) and every file (``kpi_words``, ``kpi_table``)."""
    m = catalogue.get(key)
    value, start = row.get(f"{key}_ytd"), row.get("period_start")
    if m.kind != catalogue.FLOW or not fmt.defined(value) or not isinstance(start, dt.date) or start is pd.NaT \
            or start.month == 1:
        return None
    return float(value), row.get(f"{key}_ytd_q")


def kpi_words(row: pd.Series, key: str, compare: str, lang: str, target=None, start=None) -> model.Kpi:
    m = catalogue.get(key)
    value = row.get(key)
    kpi = model.Kpi(key=key, label=m.label(lang), value=None if not fmt.defined(value) else float(value),
                    value_text=fmt.qualified(value, row.get(f"{key}_q"), m.fmt), unit=m.unit(lang), fmt=m.fmt)
    if compare != "none":
        kpi.delta_text = fmt.delta(row.get(f"{key}_delta"), row.get(f"{key}_pct"), m.fmt, row.get(f"{key}_delta_q"))
        kpi.direction = fmt.direction(row.get(f"{key}_delta"), m.fmt)
        cmp = row.get(f"{key}_cmp")
        if fmt.defined(cmp):
            kpi.cmp_text = t("kpi.vs", lang, vs=t(f"compare.vs.{compare}", lang).capitalize(),
                             period=row.get("cmp_label") or "", value=fmt.qualified(cmp, row.get(f"{key}_cmp_q"),
                                                                                    m.fmt))
            if not_like_for_like(row, key):
                kpi.cmp_text += " · " + t("kpi.not_like_for_like", lang)
        else:
            kpi.cmp_text = t("kpi.no_compare", lang) + " (" + fmt.DASH + ")"
    kpi.coverage_text = coverage_note(row, key, lang)
    ytd = ytd_of(row, key)
    if ytd is not None:
        kpi.ytd, kpi.ytd_text = ytd[0], fmt.qualified(ytd[0], ytd[1], m.fmt)
    kpi.target_text = target_words(row, key, target, lang, start)[1]
    return kpi


# ---- the exact data behind a block, for files ----------------------------------------------------

_DIM_LABEL_KEYS = {"unit_name": "dim.unit", "platform": "dim.platform", "activity_type": "dim.activity_type",
                   "source_level": "dim.source_level"}


def data_table(r: Resolved, view: View) -> tuple[pd.DataFrame, dict[str, str]]:
    """The data a chart was drawn from, with Vietnamese headers and numbers kept as numbers, plus the
    format of each column. Blocks with their own shape declare ``table``."""
    lang = view.lang
    if r.block.table:
        return r.block.table(r.data, view)
    if r.block.kind == "kpis":
        return kpi_table(r, view)
    df = r.data
    if df is None or df.empty:
        return pd.DataFrame(), {}
    if "unit_id" in df and "unit_name" not in df:
        # rows by unit are named in the file as on the chart's legend (Sơn La, Đà Nẵng), never left anonymous
        df = view.with_unit_labels(df)
    if r.block.ranked and r.metrics and r.metrics[0] in df:
        df = df.sort_values(r.metrics[0], ascending=False, na_position="last", kind="stable")
    out, formats = pd.DataFrame(index=df.index), {}
    if "period_label" in df and df["period_label"].nunique() > 1 or r.block.shape == "series":
        col = t("export.col.period", lang)
        out[col] = [tx.period_mark(p, bool(i)) for p, i in zip(df["period_label"], df["incomplete"])]
        formats[col] = "text"
    for column, key in _DIM_LABEL_KEYS.items():
        if column in df:
            header = t(key, lang).capitalize()
            values = df[column]
            if column == "platform":
                values = values.map(view.platform_labels).fillna(values)
            out[header] = values
            formats[header] = "text"
    if "unit_code" in df:
        out[t("export.col.code", lang)] = df["unit_code"]
        formats[t("export.col.code", lang)] = "text"
    for key in r.metrics:
        if key not in df:
            continue
        m = catalogue.get(key)
        name = f"{m.label(lang)} ({m.unit(lang)})"
        out[name] = df[key].astype("float64")
        formats[name] = m.fmt
        _as_published(out, formats, df, key, name, lang)
        if f"{key}_target" in df and df[f"{key}_target"].notna().any():      # a trend with its target line
            if m.kind == catalogue.FLOW and f"{key}_ytd" in df:
                ytd = f"{m.label(lang)} — {t('chart.ytd', lang)}"
                out[ytd], formats[ytd] = df[f"{key}_ytd"].astype("float64"), m.fmt
                target = f"{m.label(lang)} — {t('chart.target_cumulative', lang)}"
            else:
                target = f"{m.label(lang)} — {t('chart.target', lang)}"
            out[target], formats[target] = df[f"{key}_target"].astype("float64"), m.fmt
        if view.choices.compare != "none" and f"{key}_cmp" in df and df[f"{key}_cmp"].notna().any():
            vs = t(f"chart.comparison_{view.choices.compare}", lang)
            out[f"{m.label(lang)} — {vs}"] = df[f"{key}_cmp"].astype("float64")
            formats[f"{m.label(lang)} — {vs}"] = m.fmt
            _as_published(out, formats, df, key, f"{m.label(lang)} — {vs}", lang, "_cmp")
            out[f"{m.label(lang)} — {t('export.col.delta', lang)}"] = df[f"{key}_delta"].astype("float64")
            formats[f"{m.label(lang)} — {t('export.col.delta', lang)}"] = m.fmt
            _as_published(out, formats, df, key, f"{m.label(lang)} — {t('export.col.delta', lang)}", lang, "_delta")
            out[f"{m.label(lang)} — {t('export.col.pct', lang)}"] = df[f"{key}_pct"].astype("float64")
            formats[f"{m.label(lang)} — {t('export.col.pct', lang)}"] = "pct"
    return out.reset_index(drop=True), formats


def _as_published(out: pd.DataFrame, formats: dict, df: pd.DataFrame, key: str, name: str, lang: str,
                  suffix: str = "") -> None:
    """Beside a metric's numbers (``suffix``: its value, "_cmp" its comparison, "_delta" its change), its figures as
    published ("~1.800.000", "> 13.000", "~-677.746 (-28,36%)") when some carry a qualifier: files keep numbers as
    numbers, and the mark in a text column of its own."""
    column = f"{key}{suffix}_q"
    marks = df[column] if column in df else None
    if marks is None or not marks.map(lambda q: isinstance(q, str)).any():
        return
    shown, metric_fmt = f"{name} — {t('facts.as_published', lang)}", catalogue.get(key).fmt
    if suffix == "_delta":
        out[shown] = [fmt.delta(d, p, metric_fmt, q) for d, p, q in zip(df[f"{key}_delta"], df[f"{key}_pct"], marks)]
    else:
        out[shown] = [fmt.qualified(v, q, metric_fmt) for v, q in zip(df[f"{key}{suffix}"], marks)]
    formats[shown] = "text"


def kpi_table(r: Resolved, view: View) -> tuple[pd.DataFrame, dict[str, str]]:
    lang = view.lang
    kpis = kpis_of(r, view)
    cols = {k: t(f"export.kpi.{k}", lang) for k in ("metric", "value", "unit", "cmp", "delta", "pct", "ytd", "target")}
    rows = []
    for kpi in kpis:
        row = r.row
        rows.append({
            cols["metric"]: kpi.label, cols["value"]: kpi.value, cols["unit"]: kpi.unit,
            cols["cmp"]: row.get(f"{kpi.key}_cmp"), cols["delta"]: row.get(f"{kpi.key}_delta"),
            cols["pct"]: row.get(f"{kpi.key}_pct"), cols["ytd"]: kpi.ytd, cols["target"]: _applied(r.goals.get(kpi.key)),
        })
    df = pd.DataFrame(rows, columns=list(cols.values()))
    if view.choices.compare == "none":
        df = df.drop(columns=[cols["cmp"], cols["delta"], cols["pct"]])
    for c in ("ytd", "target"):
        if df[cols[c]].isna().all():
            df = df.drop(columns=[cols[c]])
    # who the values come from, when some unit has not reported (DESIGN §3: a total says how many reported)
    reported = [r.row.get(f"{k.key}_reported") for k in kpis]
    expected = [r.row.get(f"{k.key}_expected") for k in kpis]
    if any(fmt.defined(a) and fmt.defined(b) and a < b for a, b in zip(reported, expected)):
        cols["reported"], cols["expected"] = t("coverage.kpi.reported", lang), t("coverage.kpi.expected", lang)
        df[cols["reported"]] = [float(x) if fmt.defined(x) else float("nan") for x in reported]
        df[cols["expected"]] = [float(x) if fmt.defined(x) else float("nan") for x in expected]
    if any(isinstance(r.row.get(f"{k.key}_q"), str) for k in kpis):     # the figures as published, marks kept
        cols["shown"] = t("facts.as_published", lang)
        df[cols["shown"]] = [k.value_text for k in kpis]
    if view.choices.compare != "none" and \
            any(isinstance(r.row.get(f"{k.key}_{s}_q"), str) for k in kpis for s in ("cmp", "delta")):
        # the comparison and the change as the cards write them ("> 2.389.424", "~-677.746"): a number cell
        # cannot hold the mark
        cols["cmp_shown"] = f"{cols['cmp']} ({t('facts.as_published', lang)})"
        cols["delta_shown"] = f"{cols['delta']} ({t('facts.as_published', lang)})"
        fmts = {k.key: catalogue.get(k.key).fmt if k.key in catalogue.METRICS else "int" for k in kpis}
        df[cols["cmp_shown"]] = [fmt.qualified(r.row.get(f"{k.key}_cmp"), r.row.get(f"{k.key}_cmp_q"), fmts[k.key])
                                 for k in kpis]
        df[cols["delta_shown"]] = [fmt.delta(r.row.get(f"{k.key}_delta"), r.row.get(f"{k.key}_pct"), fmts[k.key],
                                             r.row.get(f"{k.key}_delta_q")) for k in kpis]
    if any(isinstance(r.row.get(f"{k.key}_ytd_q"), str) for k in kpis if k.ytd is not None):
        cols["ytd_shown"] = f"{cols['ytd']} ({t('facts.as_published', lang)})"     # "~1.800.000", as the card
        df[cols["ytd_shown"]] = [k.ytd_text for k in kpis]
    formats = {c: "text" for c in (cols["metric"], cols["unit"], cols.get("shown"), cols.get("cmp_shown"),
                                   cols.get("delta_shown"), cols.get("ytd_shown"))}
    formats[cols["pct"]] = "pct"
    for c in (cols["value"], cols["cmp"], cols["delta"], cols["ytd"], cols["target"]):
        formats[c] = "num"       # KPI rows mix counts and ratios: counts whole, ratios with two decimals
    for c in ("reported", "expected"):
        if c in cols:
            formats[cols[c]] = "int"
    return df, {k: v for k, v in formats.items() if k in df.columns}


def kpis_of(r: Resolved, view: View) -> list[model.Kpi]:
    """The KPI cards of a 'kpis' block, or of a table block drawn as cards (its first row, no comparison,
    then its extra cards)."""
    if r.block.cards is not None and r.data is not None and len(r.data):
        row = r.data.iloc[0]
        out = [kpi_words(row, k, "none", view.lang) for k in r.metrics]
        return out + [model.Kpi(key=f"{r.block.key}_{i}", label=label, value=number, value_text=fmt.number(number),
                                unit=unit) for i, (label, number, _help, unit) in enumerate(r.block.cards(r.data, view))]
    if r.row is None:
        return []
    return [kpi_words(r.row, k, view.choices.compare, view.lang, r.goals.get(k), r.starts.get(k)) for k in r.metrics]


def _applied(goal) -> float | None:
    """A goal's target where it applies to the filters (files show no target that does not)."""
    return goal.target if goal is not None and goal.applies else None


def meta_of(view: View, title: str, url: str = "") -> model.Meta:
    ref = view.reader.reference()
    cov = ref["coverage"]
    lang = view.lang
    ch = view.choices
    platforms = ", ".join(view.platform_labels.get(p, p) for p in ch.platforms) if ch.platforms else \
        t("filter.platforms_placeholder", lang)
    return model.Meta(
        title=title, units=tx.units_text(ch, view.code_names, lang), period=tx.period_text(ch, lang),
        compare=tx.compare_text(ch, lang), boundary=tx.boundary_text(ch, lang),
        freshness=t("app.freshness", lang, month=fmt.month(cov.last if cov else None)),
        department=tx.department(ch.end, lang), lang=lang, is_sample=ref["meta"].get("is_sample") == "1",
        sample_notice=t("app.sample_banner", lang), platforms=platforms, url=url)


def to_item(r: Resolved, view: View) -> model.Item:
    """A resolved block as the neutral object every file is written from."""
    table, formats = data_table(r, view)
    item = model.Item(key=r.block.key, title=r.title, caption=caption_of(r), figure=r.figure, table=table,
                      formats=formats, kind="kpis" if r.block.cards is not None else r.block.kind,
                      file_stem=file_stem(r, view))
    if r.block.kind == "kpis" or r.block.cards is not None:
        item.kpis = kpis_of(r, view)
    return item


def file_item(r: Resolved, view: View) -> model.Item:
    """A block as its own download writes it: ``to_item``, except that a paged list holds its whole filtered,
    ordered list (``Block.whole``), at most LIST_FILE_MAX rows, and its caption says when it was cut."""
    if r.block.whole is None:
        return to_item(r, view)
    data = r.block.whole(view)
    item = to_item(replace(r, data=data), view)
    found = int(data.attrs.get("found", 0))
    if found > LIST_FILE_MAX:
        cut = t("export.list_cut", view.lang, n=fmt.number(LIST_FILE_MAX), total=fmt.number(found))
        item.caption = " ".join(x for x in (item.caption, cut) if x)
    return item


def caption_of(r: Resolved) -> str:
    """The line a file writes under a block: its caption and notes."""
    return " ".join(x for x in [r.caption, *r.notes] if x)


def frozen(view: View) -> View:
    """The view as it is now, for work done after the page's run (a download's file): later blocks of the run
    add their own choices and values to the view itself."""
    return replace(view, params=dict(view.params), extra=dict(view.extra), steps=list(view.steps),
                   notices=list(view.notices))


def file_stem(r: Resolved, view: View) -> str:
    """'xep-hang-don-vi-thanh-vien_son-la_quy-iii-2024': which chart (its title, then its one metric when the title
    does not name it: three charts of one metric on a page must not download to one file name), which units, which
    period."""
    what = r.title
    if len(r.metrics) == 1 and file_names.slug(view.label(r.metrics[0])) not in file_names.slug(r.title):
        what = f"{r.title} {view.label(r.metrics[0])}"
    return file_names.stem(what, tx.units_text(view.choices, view.code_names, view.lang),
                           tx.period_text(view.choices, view.lang))


# ---- paged entity lists (channels, teams) -----------------------------------------------------------

@dataclass(frozen=True)
class ListPage:
    """A page of an entity list as read (``read_list_page``): its ids, the matches in all, its first and last row
    (counted from 1 over the whole list) and the page size."""

    ids: tuple[int, ...]
    found: int
    first: int
    last: int
    size: int

    @property
    def number(self) -> int:
        return (self.first - 1) // self.size + 1

    @property
    def pages(self) -> int:
        """Pages of the whole list (one when it is empty)."""
        return max(-(-self.found // self.size), 1)


LIST_PAGE = "list_page"     # where ``read_list_page`` leaves the page in ``View.extra`` (for its line and the pager)


def read_list_page(v: View, kind: str, search: str, size: int) -> ListPage:
    """The page of the channel or team list the view asks for (``trang``; past the last: the last), found, searched
    and ordered in SQL (``lists.entity_page``), keyed on what the list reads: another grain or comparison reuses it."""
    page = v.reader.read(lists.entity_page, kind, lists.list_key(v.filters), search, size,
                         (int(v.params.get(flt.PAGE_PARAM, 1)) - 1) * size)
    n = len(page)
    offset = int(page["offset"].iloc[0]) if n else 0
    out = ListPage(tuple(int(i) for i in page["entity_id"]), int(page["total"].iloc[0]) if n else 0,
                   offset + 1, offset + n, size)
    v.extra[LIST_PAGE] = out
    return out


# rows of a list's own download (CSV, XLSX: ``file_item``): the whole national channel list of the sample (~28.000)
# fits; a larger one is cut there, and its file says so
LIST_FILE_MAX = 50_000


def read_whole_list(v: View, kind: str, search: str, rows_of: Callable[[View, tuple[int, ...]], pd.DataFrame]
                    ) -> pd.DataFrame:
    """The channel or team list the view shows, every page of it in the list's order (the same SQL as
    ``read_list_page``), at most LIST_FILE_MAX rows made by ``rows_of(view, ids)`` (the page's own), with the
    matches in all in ``attrs["found"]`` (``Block.whole``, ``file_item``)."""
    page = v.reader.read(lists.entity_page, kind, lists.list_key(v.filters), search, LIST_FILE_MAX, 0)
    rows = rows_of(v, tuple(int(i) for i in page["entity_id"]))
    rows.attrs["found"] = int(page["total"].iloc[0]) if len(page) else 0
    return rows


# ---- building a view outside a page (decks, command line) -----------------------------------------


def build_view(decl, params: Mapping[str, str], reader, lang: str = "vi",
               scope: tuple[str, ...] | None = None) -> View:
    """The view a page declaration would be drawn in for a URL's parameters, without a browser: the
    filter bar's parsing, the page's own adjustments, its drill path and its page-level choices."""
    from ui import drill as drill_path  # pure helpers of the drill module

    ref = reader.reference()
    ctx = context_of(ref, scope)
    if ctx is None:
        raise ValueError("the database holds no facts")
    given, notices = flt.parse(params, ctx)
    choices = decl.adjust(given, ctx) if hasattr(decl, "adjust") else given
    view = View(page=decl.KEY, lang=lang, choices=choices, filters=choices.filters(scope, lang), ctx=ctx,
                units=ref["units"], platform_labels=platform_labels_of(ref, lang), reader=reader,
                notices=notices, base_choices=choices, given=given)
    allowed, refused = drill_path.within_scope(decl.drill_dims(view), ctx, choices.boundary)
    steps, more = drill_path.parse(params.get(drill_path.PARAM), allowed, refused)
    apply_drill(view, steps)
    view.notices += more
    for choice in getattr(decl, "CHOICES", {}).values():
        view.params[choice.name] = choice.value(view, params.get(choice.name))
    for name in getattr(decl, "TEXT_PARAMS", ()):
        view.params[name] = str(params.get(name) or "")[:100]
    if getattr(decl, "PAGED_LIST", False):          # the page of its list (the page script's pager, ui.page)
        view.params[flt.PAGE_PARAM] = flt.page_number(flt.single(params, flt.PAGE_PARAM)) or 1
    return view


def apply_drill(view: View, steps) -> None:
    from ui import drill as drill_path

    f = drill_path.narrow(view.filters, steps)
    view.filters = f
    view.choices = replace(view.choices, units=f.units, platforms=f.platforms)
    view.steps = list(steps)


def flatten(layout) -> list[Block]:
    """The blocks of a page layout (rows of half-width blocks flattened), in page order."""
    out = []
    for entry in layout:
        out.extend(entry if isinstance(entry, tuple) else (entry,))
    return out

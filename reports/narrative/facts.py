"""What the drafted report knows: metric results for its units and period, asked through a reader.

``Facts`` wraps a ``blocks.Reader`` — ``ui.store`` on a page (cached, scoped), ``blocks.DirectReader`` in the
command line and tests — and asks it for the few result frames the report needs (totals compared with the
same period last year and with the previous period, the year's targets, cuts by platform, source level,
unit and contest, the reporting status). Every number the report prints comes from these frames; this
module turns them into ``rules.Figure`` / ``rules.Part`` values and never computes a metric itself
(progress to target is ``blocks.target_share``, the rule the KPI cards use).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import cached_property

import pandas as pd

from queries import builder, reporting
from queries.periods import MERGER, Period, Window, comparison_window, month_end, window_label
from reports.narrative import issuer as iss
from reports.narrative import templates as tpl
from reports.narrative.rules import Change, ContestRow, Figure, Missing, Part
from ui import blocks
from ui import contests_data as cd
from ui import format as fmt
from ui import text as tx
from ui.filters import Choices

# every stock and flow the report may quote (ratios are computed by the builder from their parts)
METRICS = ("channels", "followers", "channel_posts", "interactions", "channels_new", "channels_closed",
           "teams", "members", "teams_new", "teams_closed",
           "posts", "link_shares", "guided_comments", "violation_reports", "livestreams", "activity_reach",
           "contest_nguoi", "contest_luot")
RATIOS = ("followers_per_channel", "members_per_team", "luot_per_nguoi")
GROUPS = (METRICS[:6] + RATIOS[:1], METRICS[6:10] + RATIOS[1:2], METRICS[10:16], METRICS[16:] + RATIOS[2:])


class Facts:
    """The report's units, period and metric results. Frames are asked for once and kept."""

    def __init__(self, reader, choices: Choices, scope: tuple[str, ...] | None = None, today: dt.date | None = None):
        self.reader = reader
        self.choices = choices
        self.scope = scope
        self.today = today or dt.date.today()      # review conferences are held or planned against the calendar
        self.ref = reader.reference()
        self.ctx = blocks.context_of(self.ref, scope)
        if self.ctx is None:
            raise ValueError("the database holds no facts")
        self.filters = choices.filters(scope, "vi")

    # ---- who and when ----------------------------------------------------------------------------------

    @property
    def codes(self) -> tuple[str, ...]:
        """The units the report covers: those chosen, else the user's scope, else () for all units."""
        if self.choices.units:
            return tuple(self.choices.units)
        return tuple(self.scope) if self.scope is not None else ()

    @property
    def code_names(self) -> dict[str, str]:
        return self.ctx.current_units if self.choices.boundary == "current" else self.ctx.historical_units

    @property
    def units_text(self) -> str:
        return tx.units_text(replace(self.choices, units=self.codes), self.code_names, "vi")

    @cached_property
    def versions(self) -> pd.DataFrame:
        return self.reader.read(reporting.unit_versions)

    @cached_property
    def issuer(self) -> iss.Issuer:
        return iss.issuer(self.codes, self.choices.boundary, self.choices.end, self.versions)

    @property
    def subject(self) -> str:
        """Who the sentences are about: 'tỉnh Sơn La', 'Sơn La và Đà Nẵng', 'cả nước'."""
        if self.issuer.level == "province":
            return self.issuer.subject
        if not self.codes:
            return "cả nước"
        from reports.narrative.rules import join_words

        return join_words([tpl.prose_unit(self.code_names.get(c, c)) for c in self.codes])

    @property
    def nominal_label(self) -> str:
        """The period asked for ('Năm 2026'), even when the data stop before its end."""
        return window_label(Window(self.choices.start, self.choices.end))

    @property
    def period(self) -> str:
        """The period counted, as the metric layer labels it ('Năm 2026 (đến 10/2026)')."""
        return str(self.row("none")["period_label"])

    @property
    def incomplete(self) -> bool:
        return bool(self.row("none")["incomplete"])

    @property
    def counted(self) -> Window:
        r = self.row("none")
        return Window(r["period_start"], r["period_end"])

    @property
    def compares(self) -> list[str]:
        """The comparisons stated: none, or the chosen one first and the other after it — except the previous
        period of a whole year, which is the same months as the year before."""
        if self.choices.compare == "none":
            return []
        w = self.counted
        if w.months == 12 and w.start.month == 1:
            return ["yoy"]
        return [self.choices.compare] + [c for c in ("yoy", "prev") if c != self.choices.compare]

    @property
    def target_year(self) -> int | None:
        return self.choices.end.year if self.choices.start.year == self.choices.end.year else None

    @property
    def is_sample(self) -> bool:
        return self.ref["meta"].get("is_sample") == "1"

    # ---- frames ----------------------------------------------------------------------------------------

    def totals(self, metrics, by=(), compare: str = "none") -> pd.DataFrame:
        return self.reader.totals(list(metrics), by=tuple(by), filters=replace(self.filters, compare=compare),
                                  ytd=not by)

    def row(self, compare: str) -> pd.Series:
        """Every metric's totals row for a comparison (asked section by section: a few metrics a query)."""
        parts = []
        for group in GROUPS:
            df = self.totals(group, compare=compare)
            if df.empty:
                return pd.Series({"period_label": self.nominal_label, "incomplete": False, "cmp_label": None,
                                  "period_start": self.choices.start, "period_end": self.choices.end}, dtype=object)
            row = df.iloc[0]
            parts.append(row if not parts else row.drop([c for c in row.index if c in parts[0].index]))
        return pd.concat(parts)

    @cached_property
    def targets(self) -> dict:
        """The year's applicable targets (``queries.targets.Goal``) of the report's units, as the KPI cards read
        them: a target narrowed by a platform filter, or set for only some of the units, is left out."""
        if self.target_year is None:
            return {}
        goals = self.reader.targets(list(METRICS), self.filters, self.target_year)
        return {k: g for k, g in goals.items() if g.applies}

    @cached_property
    def stock_starts(self) -> dict[str, float]:
        """Stocks' levels at the end of the previous year, where their pace to a target starts."""
        if not self.targets:
            return {}
        return blocks.stock_starts(self.reader, self.targets, replace(self.filters, compare="none"), self.counted.end)

    @property
    def compares_across_merger(self) -> bool:
        """Whether the counted period and the periods it is compared with lie on both sides of 01/07/2025 (under
        historical boundaries a unit's figures then change with the merger itself)."""
        w = self.counted
        windows = [w] + [comparison_window(Period("range", Window(self.choices.start, self.choices.end), w), c)
                         for c in self.compares]
        return min(x.start for x in windows) < MERGER <= max(x.end for x in windows)

    def comparable(self, key: str, compare: str) -> bool:
        """Whether a change of ``key`` may be stated against the ``compare`` period: the metric layer's rule, the KPI
        cards' too — only like for like (the same units reported in full on both sides; NaN otherwise, and against a
        period nobody reported)."""
        return pd.notna(self.row(compare).get(f"{key}_delta"))

    def figure(self, key: str) -> Figure:
        """One metric with its comparisons (only those ``comparable``) and its progress to the year's target
        (``blocks.target_progress``: the status and pace the KPI cards show)."""
        base = self.row(self.compares[0] if self.compares else "none")
        changes = []
        for c in self.compares:
            r = self.row(c)
            if not self.comparable(key, c):
                changes.append(Change(c, None, None, None, str(r.get("cmp_label") or "")))
                continue
            changes.append(Change(c, _num(r.get(f"{key}_cmp")), _num(r.get(f"{key}_delta")), _num(r.get(f"{key}_pct")),
                                  str(r.get("cmp_label") or ""), _qual(r.get(f"{key}_delta_q"))))
        goal = self.targets.get(key)
        p = blocks.target_progress(base, key, goal, self.stock_starts.get(key)) if goal is not None else None
        w = self.counted
        return Figure(
            metric=key, value=_num(base.get(key)), units=self.units_text, period=self.period,
            changes=tuple(changes), ytd=_num(base.get(f"{key}_ytd")), target=_num(goal.target) if goal else None,
            target_share=None if p is None else _num(p.share), year=self.target_year,
            year_complete=w.end.month == 12 and not self.incomplete, ytd_is_period=w.start.month == 1,
            status=None if p is None else p.status, expected_share=None if p is None else _num(p.expected_share),
            month=w.end.month, qual=_qual(base.get(f"{key}_q")), ytd_qual=_qual(base.get(f"{key}_ytd_q")))

    def parts(self, key: str, dim: str, labels: dict[str, str]) -> list[Part]:
        """The metric cut by a dimension (platform, source level), compared as the report's first comparison."""
        compare = self.compares[0] if self.compares else "none"
        df = self.totals([key], by=(dim,), compare=compare)
        col = builder.DIM_COLUMNS[dim]
        changed = compare != "none" and self.comparable(key, compare)
        marks = df[f"{key}_q"] if f"{key}_q" in df else [None] * len(df)
        return [Part(labels.get(k, str(k)), _num(v), _num(p) if changed else None, _qual(qv))
                for k, v, p, qv in zip(df[col], df[key], df[f"{key}_pct"], marks)]

    def first_change(self) -> Change | None:
        if not self.compares:
            return None
        r = self.row(self.compares[0])
        return Change(self.compares[0], None, None, None, str(r.get("cmp_label") or ""))

    @property
    def platform_labels(self) -> dict[str, str]:
        return blocks.platform_labels_of(self.ref, "vi")

    @cached_property
    def source_level_labels(self) -> dict[str, str]:
        df = self.reader.read(builder.lookup, "source_level")
        return dict(zip(df["key"], df["label_vi"]))

    @property
    def several_units(self) -> bool:
        return len(self.codes) != 1

    def by_unit(self, metrics) -> pd.DataFrame:
        """Totals per unit with unit_code and unit_name (an old unit marked '(trước 07/2025)')."""
        df = self.totals(list(metrics), by=("unit",))
        if df.empty:
            return df
        return blocks.with_unit_labels(df, self.ref["units"], "vi")

    def unit_parts(self, key: str) -> list[Part]:
        df = self.by_unit(METRICS)
        if df.empty:
            return []
        marks = df[f"{key}_q"] if f"{key}_q" in df else [None] * len(df)
        return [Part(tpl.prose_unit(str(n)), _num(v), None, _qual(qv)) for n, v, qv in zip(df["unit_name"], df[key],
                                                                                            marks)]

    def contest_rows(self) -> list[ContestRow]:
        df = self.totals(["contest_nguoi", "contest_luot"], by=("contest",))
        if df.empty:
            return []
        listed = cd.contests(self.reader).set_index("contest_id")
        out = []
        none = [None] * len(df)
        for cid, nguoi, luot, nq, lq in zip(df["contest"], df["contest_nguoi"], df["contest_luot"],
                                            df.get("contest_nguoi_q", none), df.get("contest_luot_q", none)):
            if pd.isna(cid) or int(cid) not in listed.index:
                continue
            c = listed.loc[int(cid)]
            dates = f"{fmt.date(c['start_on'])} – {fmt.date(c['end_on'])}"
            out.append(ContestRow(str(c["title"]), tpl.prose_unit(str(c["organiser_name"])), _num(nguoi), _num(luot),
                                  _qual(nq),
                                  _qual(lq), dates))
        return out

    def missing_reports(self) -> tuple[list[Missing], int]:
        """Units that did not send every monthly report of the counted period — per report family (activities,
        channel figures, team figures: ``queries.reporting.report_status``, the families the metric layer's "unknown
        is not zero" rule reads), so a figure the text leaves out as unknown is always one the intro says was not
        sent — and how many units the report expects reports from.

        Each ``Missing`` is a province as recorded (a report is sent by the province that existed then), with
        ``within`` the unit it counts under in the boundary view; the count of units is the view's, as the metric
        layer counts them (``{metric}_expected``: today's units under current boundaries)."""
        w = self.counted
        df = self.reader.read(reporting.report_status, tpl.REPORT_FAMILIES, self.filters, w.start, w.end)
        if df.empty:
            return [], 0
        df = df[~df["not_due"]] if "not_due" in df else df      # a report not yet due is not missing
        if df.empty:
            return [], 0
        view_col = "cur_unit_id" if self.choices.boundary == "current" else "hist_unit_id"
        names = blocks.with_unit_labels(pd.DataFrame({"unit_id": pd.unique(df[["hist_unit_id", "cur_unit_id"]]
                                                                           .to_numpy().ravel())}),
                                        self.ref["units"], "vi").set_index("unit_id")["unit_name"].map(tpl.prose_unit)
        out = []
        # a unit of the view none of whose provinces sent anything is named once, with every month
        silent = {v for v, g in df.groupby(view_col, sort=False) if not g["reported"].any()}
        said: set = set()
        for (uid, view), group in df.groupby(["hist_unit_id", view_col], sort=False):
            if view in silent:
                if view not in said:
                    said.add(view)
                    months = tuple(f"{m.month}/{m.year}" for m in sorted(set(df.loc[df[view_col] == view, "month"])))
                    out.append(Missing(str(names.get(view, view)), months, ((tpl.REPORT_FAMILIES, months),)))
                continue
            gone = group[~group["reported"]]
            if gone.empty:
                continue
            # per month the families not sent, then months grouped by the same families, in order of first month
            by_month = gone.groupby("month", sort=True)["family"].agg(
                lambda f: tuple(x for x in tpl.REPORT_FAMILIES if x in set(f)))
            gaps: dict[tuple[str, ...], list[str]] = {}
            for month, families in by_month.items():
                gaps.setdefault(families, []).append(f"{month.month}/{month.year}")
            months = tuple(f"{m.month}/{m.year}" for m in by_month.index)
            within = str(names.get(view, view)) if view != uid else ""
            out.append(Missing(str(names.get(uid, uid)), months, tuple((f, tuple(ms)) for f, ms in gaps.items()),
                               within))
        return out, int(df[view_col].nunique())

    @cached_property
    def programmes(self) -> list:
        """The coordination programmes the report's units are party to (all, for a report on every unit) that run in
        the year of the period's end and were signed by its last day, each as ``programme_rules.Programme`` for that year — figures as of the
        period's end (``programme.programme_of``: the programme page's read model)."""
        from reports.narrative import programme

        year, end = self.choices.end.year, self.counted.end
        # a review conference is "held" if it was by the period's end (or today, for a period not over yet)
        day = min(self.today, month_end(end))
        listed = programme.listing(self.reader, self.scope, self.codes, self.choices.boundary)
        out = []
        for _, row in listed.iterrows():
            signed = row.get("signed_on")
            if signed is not None and not pd.isna(signed) and pd.Timestamp(signed).date() > month_end(end):
                continue            # signed after the period: not yet a programme the report can speak of
            if int(row["year_from"]) <= year <= int(row["year_to"]):
                out.append(programme.programme_of(self.reader, row, self.filters, year, end, day))
        return out

    def series(self, metrics) -> pd.DataFrame:
        return self.reader.series(list(metrics), filters=replace(self.filters, compare="none"))


def _num(x) -> float | None:
    return fmt.number_or_none(x)


def _qual(x) -> str | None:
    """A result's qualifier column value ('~', '>', '<'), or None for an exact figure (NaN, None)."""
    return x if isinstance(x, str) and x in fmt.QUALIFIER_MARKS else None


def kind_word(w: Window) -> str:
    """tổng kết for a whole year, sơ kết for the first half or nine months, kết quả otherwise."""
    if w.start.month == 1 and w.end.year == w.start.year:
        if w.end.month == 12:
            return "year"
        if w.end.month in (6, 9):
            return "half"
    return "other"


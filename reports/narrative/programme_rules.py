"""Sentence rules of a coordination programme's results (chương trình phối hợp): section I.5 of the drafted period
report and the body of the programme report. Pure functions on plain values — a ``Programme`` is the programme read
model's year (``ui.programmes_data.year_rows``: per indicator and party its target, actual, share and status from
``queries.progress``) turned into small records by ``reports.narrative.programme`` — so each rule can be tested on
hand-built cases.

Wording follows the status: a year that is over says vượt / đạt / chưa đạt ("Sơn La đạt 12 (vượt 20,0% so với chỉ
tiêu 10)"); a year still running says the share of the year's target reached and the pace (đúng tiến độ / chậm tiến
độ, with what was needed by then). An unknown actual says "chưa báo cáo kết quả", never 0; an indicator without a
target for a party, or a zero target without an actual, leaves that party out, and an indicator with nobody to
state is left out: the text never prints "nan" or "—". Every number printed is a ``Quote`` for the traceability
appendix (metric: the linked catalogue key, or ``programme`` for an actual reported by hand).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from queries import progress
from reports.narrative import templates as tpl
from reports.narrative.model import Sentence
from reports.narrative.rules import Quotes, defined, sentence
from ui import format as fmt

PROGRAMME = "programme"        # the quote's metric key of a figure the programme read model holds itself


@dataclass(frozen=True)
class PartyResult:
    """One party's figures for an indicator and year (a row of ``programmes_data.year_rows``)."""

    party: str                          # "Sơn La" (the party as it is named today)
    target: float | None
    actual: float | None
    share: float | None                 # actual / target
    status: str                         # queries.progress status
    expected_share: float | None = None  # running year: the share of the target expected by now
    metric: str = PROGRAMME             # the linked catalogue metric, or PROGRAMME (reported by hand)


@dataclass(frozen=True)
class Indicator:
    name: str                           # "Số tin, bài tuyên truyền về kết quả hợp tác giữa hai địa phương"
    unit: str                           # unit of count: "bài"
    results: tuple[PartyResult, ...]


@dataclass(frozen=True)
class Task:
    seq: int
    title: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Conference:
    year: int
    held_on: dt.date
    place: str
    title: str | None
    held: bool                          # on or before the day the report is drafted


@dataclass(frozen=True)
class Programme:
    name: str
    year_from: int
    year_to: int
    signed_on: dt.date | None
    place: str | None
    parties: tuple[str, ...]            # party names, in the programme's order
    year: int                           # the year reported
    as_of: dt.date | None               # the last month counted (None: no data for the year)
    tasks: tuple[Task, ...]
    conferences: tuple[Conference, ...]  # the ones to state (the year's, the next planned)
    # the year had ended when the report was drafted though the report stops before December: the parties' own
    # undated figures may be the year's end (``unjudged``)
    reported_later: bool = False

    @property
    def complete(self) -> bool:
        return self.as_of is not None and progress.elapsed_share(self.year, self.as_of) >= 1

    @property
    def period(self) -> str:
        """'năm 2025', or 'năm 2025 (đến hết tháng 9/2025)' while the year runs."""
        if self.as_of is None or self.complete or self.as_of.year != self.year:
            return f"năm {self.year}"
        return f"năm {self.year} (đến hết tháng {self.as_of.month}/{self.as_of.year})"

    @property
    def indicator_count(self) -> int:
        return sum(len(t.indicators) for t in self.tasks)


def _num_text(q: Quotes, value, metric: str, what: str, party: str, period: str) -> str:
    """A programme figure as printed: whole numbers as 13.712 (1,8 triệu from a million), others with one decimal."""
    v = float(value)
    return q.add(v, "int" if v.is_integer() else "dec1", metric, what, period=period, units=party)


def _pct(q: Quotes, value, metric: str, what: str, party: str, period: str) -> str:
    return q.add(float(value), "pct", metric, what, period=period, units=party)


def unjudged(r: PartyResult) -> bool:
    """A result the parties reported themselves (not computed from the dashboard's metrics): undated, so a report on
    part of the year states it without a status."""
    return r.metric == PROGRAMME


def party_clause(r: PartyResult, ind: Indicator, year: int, q: Quotes, period: str,
                 month: dt.date | None = None, later: bool = False) -> str | None:
    """One party's result for an indicator, in words chosen by its status; None when there is nothing to state.
    Numbers are quoted in the order they are printed."""
    p = r.party
    has_target = defined(r.target) and float(r.target) != 0
    if r.status in (progress.NO_TARGET, progress.NOT_STARTED) or (not has_target and r.status != progress.ZERO_TARGET):
        return None

    def actual() -> str:
        return _num_text(q, r.actual, r.metric, f"{ind.name} — kết quả {period}", p, period)

    def target() -> str:
        return _num_text(q, r.target, PROGRAMME, f"{ind.name} — chỉ tiêu năm {year}", p, f"năm {year}")

    def share() -> str:
        return _pct(q, r.share, PROGRAMME, f"{ind.name} — tỷ lệ đạt chỉ tiêu năm {year}", p, period)

    if r.status == progress.ZERO_TARGET:
        return tpl.PROG_ACTUAL_ONLY.format(party=p, actual=actual()) if defined(r.actual) else None
    if r.status == progress.UNKNOWN or not defined(r.actual):
        return tpl.PROG_UNKNOWN.format(party=p, target=target())
    if later and unjudged(r):
        # a party's own figure for the year carries no date: in a report on part of the year it may be the year's
        # end (a conference held in October counted in a half-year report), so it is stated, never judged
        return tpl.PROG_REPORTED_YEAR.format(party=p, actual=actual(), year=year, target=target())
    zero = float(r.actual) == 0
    if r.status == progress.EXCEEDED:
        a = actual()
        over = float(r.share) - 1
        if fmt.percent(over, 1) == fmt.percent(0, 1):
            return tpl.PROG_OVER_SLIGHTLY.format(party=p, actual=a, target=target())
        over_text = _pct(q, over, PROGRAMME, f"{ind.name} — tỷ lệ vượt chỉ tiêu năm {year}", p, period)
        return tpl.PROG_OVER.format(party=p, actual=a, over=over_text, target=target())
    if r.status == progress.MET:
        a = actual()
        return tpl.PROG_MET.format(party=p, actual=a, target=target())
    if r.status == progress.PARTIAL:
        a = actual()
        return tpl.PROG_PARTIAL.format(party=p, actual=a, share=share(), target=target())
    if r.status == progress.MISSED:
        if zero:
            return tpl.PROG_NONE_MISSED.format(party=p, target=target())
        a = actual()
        t = target()
        return tpl.PROG_MISSED.format(party=p, actual=a, target=t, share=share())

    # a year still running: the share of the year's target and the pace
    def pace() -> str:
        if r.status == progress.ON_PACE:
            return tpl.PROG_ON_PACE
        if r.status != progress.BEHIND:
            return tpl.PROG_RUNNING
        text = tpl.PROG_BEHIND
        if defined(r.expected_share) and month is not None:
            need = _pct(q, r.expected_share, PROGRAMME,
                        f"{ind.name} — tiến độ cần đạt đến hết tháng {month.month}/{month.year}", p, period)
            text += tpl.PROG_BEHIND_NEED.format(need=need, month=f"{month.month}/{month.year}")
        return text

    if zero:
        t = target()
        return tpl.PROG_NONE_RUNNING.format(party=p, target=t, pace=pace())
    a = actual()
    sh = share()
    t = target()
    return tpl.PROG_PACE.format(party=p, actual=a, share=sh, target=t, pace=pace())


def indicator_sentence(ind: Indicator, prog: Programme, units: str) -> Sentence | None:
    """'Chỉ số “…” (bài): Sơn La đạt 174 (vượt 24,3% so với chỉ tiêu 140); Đà Nẵng …' — None when no party has
    anything to state."""
    q = Quotes(units, prog.period)
    clauses = [c for c in (party_clause(r, ind, prog.year, q, prog.period, _month(prog), prog.reported_later)
                           for r in ind.results) if c]
    if not clauses:
        return None
    unit = f" ({ind.unit})" if ind.unit else ""
    return sentence(tpl.PROG_INDICATOR.format(name=ind.name, unit=unit, parties="; ".join(clauses)), q)


def _month(prog: Programme) -> dt.date | None:
    return None if prog.complete else prog.as_of


def task_sentences(task: Task, prog: Programme, units: str, lead: bool = True) -> list[Sentence]:
    """A key task: its number and title (``lead``; the programme report has them as the heading), then one
    sentence per indicator with something to state, or a line saying the task has no figure for the year."""
    out = [sentence(tpl.PROG_TASK.format(seq=task.seq, title=task.title))] if lead else []
    said = [s for s in (indicator_sentence(i, prog, units) for i in task.indicators) if s is not None]
    if not said:
        said = [sentence(tpl.PROG_TASK_EMPTY.format(period=prog.period))]
    return out + said


STATUS_ORDER = (progress.EXCEEDED, progress.MET, progress.MISSED, progress.ON_PACE, progress.BEHIND,
                progress.PARTIAL, progress.RUNNING, progress.UNKNOWN)


def lead_sentences(prog: Programme, units: str, named: bool = True) -> list[Sentence]:
    """What the programme is (signed when and where, how many key tasks; ``named=False``: only how many, its name
    and signing having been said), then per party how many indicators have each status in the year."""
    q = Quotes(units, prog.period)
    signed = ""
    if named and prog.signed_on is not None:
        where = tpl.PROG_SIGNED_PLACE.format(place=prog.place) if prog.place else ""
        signed = tpl.PROG_SIGNED.format(date=fmt.date(prog.signed_on), where=where)
    n_tasks = q.add(len(prog.tasks), "int", PROGRAMME, "Số nhiệm vụ trọng tâm của chương trình",
                    period=f"{prog.year_from}–{prog.year_to}")
    first = sentence(tpl.PROG_LEAD.format(name=prog.name if named else tpl.PROG_THIS, signed=signed, n=n_tasks), q)
    q = Quotes(units, prog.period)
    parts = []
    for party in prog.parties:
        statuses = [r.status for t in prog.tasks for i in t.indicators for r in i.results if r.party == party
                    and not (prog.reported_later and unjudged(r) and defined(r.actual))]
        words = []
        for status in STATUS_ORDER:
            n = statuses.count(status)
            if n:
                count = q.add(n, "int", PROGRAMME, f"Số chỉ tiêu {tpl.PROG_STATUS_WORD[status]} — {prog.period}",
                              units=party)
                words.append(f"{count}{' chỉ tiêu' if not words else ''} {tpl.PROG_STATUS_WORD[status]}")
        if words:
            parts.append(f"{party} có {', '.join(words)}")
    out = [first]
    if parts:
        out.append(sentence(tpl.PROG_COUNTS.format(period=prog.period, parties="; ".join(parts)), q))
    reported = any(r.metric == PROGRAMME and defined(r.actual) for t in prog.tasks for i in t.indicators
                   for r in i.results)
    if not prog.complete and prog.as_of is not None and reported:
        note = tpl.PROG_REPORTED_LATER_NOTE if prog.reported_later else tpl.PROG_REPORTED_NOTE
        out.append(sentence(note.format(year=prog.year, month=f"{prog.as_of.month}/{prog.as_of.year}")))
    return out


def conference_sentences(prog: Programme) -> list[Sentence]:
    """The review conferences: held ("Ngày 02/10/2024, tại Sơn La, hai bên đã tổ chức …") or planned ("… dự kiến
    tổ chức ngày … tại Đà Nẵng")."""
    who = "hai bên" if len(prog.parties) == 2 else "các bên"
    out = []
    for c in prog.conferences:
        title = c.title or tpl.PROG_CONF_DEFAULT.format(year=c.year)
        if c.held:
            out.append(sentence(tpl.PROG_CONF_HELD.format(date=fmt.date(c.held_on), place=c.place, who=who,
                                                          title=title[0].lower() + title[1:] if title.startswith(
                                                              "Hội nghị") else title)))
        else:
            out.append(sentence(tpl.PROG_CONF_PLANNED.format(title=title, date=fmt.date(c.held_on), place=c.place)))
    return out

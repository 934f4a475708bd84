"""Sentence rules of the drafted report: numbers from the metric layer in, Vietnamese sentences out.

Pure functions on plain values (a ``Figure`` is one metric's row of ``builder.totals``), so each rule can be
tested on hand-built cases. The wording follows the numbers: tăng / giảm / giữ nguyên; vượt / đạt / chưa
đạt; a stock "có X" at the end of the period, a flow "đã đăng X" in it. A rule whose number is undefined
(None, NaN — the dashboard's "—") returns None and the sentence is left out: the text never says "tăng 0%"
or "nan". Every number a sentence prints is recorded as a ``Quote``; nothing here computes a figure the
metric layer did not give, it only chooses words and formats with ``ui.format``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from queries import catalogue, progress
from reports.narrative import templates as tpl
from reports.narrative.model import Quote, Sentence
from ui import format as fmt

COMPACT_FROM = 1_000_000      # from a million on, prose says "1,8 triệu" (the appendix keeps the full number)
ROUNDING = 0.05               # how far the short form may be from the value (the words "hơn" / "gần" say which way)


@dataclass(frozen=True)
class Change:
    """A comparison of a figure: ``compare`` 'yoy' or 'prev', the builder's _cmp/_delta/_pct and cmp_label."""

    compare: str
    cmp: float | None
    delta: float | None
    pct: float | None
    label: str = ""          # the comparison period: "6 tháng cuối năm 2023"
    qual: str | None = None  # the change's qualifier (``{key}_delta_q``: '~' when a side was published approximately)


@dataclass(frozen=True)
class Figure:
    """One metric's result for the report's units and period."""

    metric: str
    value: float | None
    units: str                          # the units in words, for the traceability table
    period: str                         # "6 tháng đầu năm 2024"
    changes: tuple[Change, ...] = ()
    ytd: float | None = None            # flows: lũy kế từ đầu năm
    target: float | None = None         # chỉ tiêu năm
    target_share: float | None = None   # progress to target (blocks.target_share)
    year: int | None = None             # the target's year
    year_complete: bool = False         # the period reaches December: a target not met is "chưa đạt"
    ytd_is_period: bool = True          # the period starts in January: lũy kế is the value itself
    status: str | None = None           # queries.progress status of the target (None: from the share alone)
    expected_share: float | None = None  # running year: the share of the target expected by the period's end
    month: int | None = None            # the period's last month (the pace is stated "đến hết tháng 6/2024")
    qual: str | None = None             # the qualifier the value was published with ('~', '>', '<'; ``{key}_q``)
    ytd_qual: str | None = None         # the year to date's (``{key}_ytd_q``)


@dataclass
class Quotes:
    """Collects the numbers a sentence prints."""

    units: str
    period: str
    items: list[Quote] = field(default_factory=list)

    def add(self, value, fmt_key: str, metric: str, what: str, period: str | None = None,
            compact: bool = True, decimals: int | None = None, units: str | None = None, qual=None) -> str:
        qual = qual if isinstance(qual, str) and qual in tpl.QUALIFIER_WORD else None
        text = number_text(value, fmt_key, compact, decimals, qual)
        self.items.append(Quote(text, float(value), fmt_key, metric, what, units or self.units, period or self.period,
                                qual))
        return text


# ---- small words -----------------------------------------------------------------------------------------


def defined(x) -> bool:
    return fmt.number_or_none(x) is not None


def number_text(value, fmt_key: str = "int", compact: bool = True, decimals: int | None = None,
                qual: str | None = None) -> str:
    """A number as printed in prose: 13.712; from a million on "1,8 triệu", with the side it was rounded to ("hơn
    3,4 triệu" for 3.423.457, "gần 5 triệu" for 4.972.131); ratios in their format. A figure published with a
    qualifier says it first ("khoảng 6,8 triệu", "hơn 13.000", "dưới 500"): DESIGN §3, qualifiers kept to the file."""
    v = float(value)
    word = tpl.QUALIFIER_WORD.get(qual) if isinstance(qual, str) else None

    def said(text: str) -> str:
        return f"{word} {text}" if word else text

    if fmt_key == "pct":
        return said(fmt.percent(v, 1 if decimals is None else decimals))
    if fmt_key == "int" and compact and abs(v) >= COMPACT_FROM and qual != "<":
        short = fmt.compact(abs(v))
        # within 5 % of the value, said with the side it fell on ("hơn 3,1 triệu" for 3.134.258, "hơn 1 triệu" for
        # 1.049.000): one style through a sentence instead of "4,5 triệu, 3.134.258, 2,6 triệu"
        scale = 1e9 if "tỷ" in short else 1e6
        shown = round(float(short.split()[0].replace(".", "").replace(",", ".")) * scale)
        exact = round(abs(v))
        if abs(shown - exact) <= ROUNDING * exact and (qual != ">" or shown <= exact):
            short = fmt.compact(v)
            if word:          # "khoảng 6,8 triệu"; "hơn 3,4 triệu" (a lower bound, rounded down: still true)
                return said(short)
            return short if shown == exact else f"{tpl.ROUNDED_DOWN if shown < exact else tpl.ROUNDED_UP} {short}"
    if decimals is not None:
        return said(fmt.number(v, decimals))
    return said(fmt.value(v, fmt_key))


_RANGE = re.compile(r"^(\d{2})/(\d{4}) – (\d{2})/(\d{4})$")
_LAST_MONTH = re.compile(r"(\d{2})/(\d{4})\)?$")


def prose_label(label: str) -> str:
    """A period label inside a sentence: 'Quý II/2024' -> 'quý II/2024', 'Năm 2023' -> 'năm 2023',
    '05/2025 – 08/2025' -> 'từ tháng 5/2025 đến tháng 8/2025'."""
    label = label or ""
    m = _RANGE.match(label)
    if m:
        return f"từ tháng {int(m.group(1))}/{m.group(2)} đến tháng {int(m.group(3))}/{m.group(4)}"
    return re.sub(r"^(Quý|Năm|Tháng)\b", lambda m: m.group(1).lower(), label)


def stock_label(label: str) -> str:
    """Where a stock is read, after 'Đến hết': the period ('quý III/2024'), or its last month when the label is a
    run of months or a period cut short ('Năm 2026 (đến 10/2026)' -> 'tháng 10/2026')."""
    if _RANGE.match(label or "") or "(" in (label or ""):
        m = _LAST_MONTH.search(label)
        if m:
            return f"tháng {int(m.group(1))}/{m.group(2)}"
    return prose_label(label)


def join_words(parts: Sequence[str]) -> str:
    """'a', 'a và b', 'a, b và c'."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]


def sentence(text: str, quotes: Quotes | None = None) -> Sentence:
    text = text.strip()
    if text and text[-1] not in ".:;!?":
        text += "."
    return Sentence(text[0].upper() + text[1:] if text else text, list(quotes.items) if quotes else [])


def _label(key: str) -> str:
    return catalogue.get(key).label("vi")


def _unit(key: str) -> str:
    w = tpl.WORDING.get(key)
    return (w.change_unit if w and w.change_unit else catalogue.get(key).unit("vi"))


# ---- clauses ---------------------------------------------------------------------------------------------


def vs_text(change: Change) -> str:
    """'so với cùng kỳ năm trước', 'so với quý II/2024'; a previous period that is a run of months has no name of its
    own: 'so với 9 tháng liền trước (từ tháng 4/2024 đến tháng 12/2024)', never 'so với từ tháng …'."""
    m = _RANGE.match(change.label or "")
    if change.compare == "prev" and m:
        n = (int(m.group(4)) - int(m.group(2))) * 12 + int(m.group(3)) - int(m.group(1)) + 1
        return tpl.VS_RUN.format(n=n, label=prose_label(change.label))
    return tpl.VS[change.compare].format(label=prose_label(change.label))


def change_clause(fig: Figure, change: Change, q: Quotes) -> str | None:
    """'tăng 812 người (6,3%) so với cùng kỳ năm trước' / 'giảm …' / 'giữ nguyên so với …'; None when the
    change is undefined (no comparison value)."""
    if not defined(change.delta) or not defined(change.cmp):
        return None
    m = catalogue.get(fig.metric)
    vs = vs_text(change)
    decimals = {"dec1": 1, "dec2": 2}.get(m.fmt, 0)
    if fmt.number(abs(change.delta), decimals) == fmt.number(0, decimals):
        return f"{tpl.SAME} {vs}"
    word = tpl.UP if change.delta > 0 else tpl.DOWN
    what = f"{_label(fig.metric)} — thay đổi {vs}"
    # a bound on the change is one on its size when it rises, the other way round when it falls ("> -100": fell by
    # less than 100)
    qual = {">": "<", "<": ">"}.get(change.qual, change.qual) if change.delta < 0 else change.qual
    amount = q.add(abs(change.delta), m.fmt, fig.metric, what, period=fig.period,
                   decimals=decimals if m.fmt != "int" else None, qual=qual)
    unit = _unit(fig.metric) if m.kind != catalogue.RATIO else ""
    pct = ""
    if defined(change.pct) and fmt.percent(abs(change.pct), 1) != fmt.percent(0, 1):
        pct = " (" + q.add(abs(change.pct), "pct", fig.metric, f"{_label(fig.metric)} — tỷ lệ thay đổi {vs}",
                           period=fig.period) + ")"
    return f"{word} {amount}{' ' + unit if unit else ''}{pct} {vs}"


def target_clause(fig: Figure, q: Quotes) -> str | None:
    """Progress to the year's target: vượt / đạt / chưa đạt once the year is over; before that the share reached
    and the pace (đúng tiến độ / chậm tiến độ, ``queries.progress``). A flow compares its year to date, a stock
    its period-end value (``blocks.target_progress``, the rule of the KPI cards)."""
    if not defined(fig.target) or not defined(fig.target_share) or fig.year is None:
        return None
    m = catalogue.get(fig.metric)
    unit = _unit(fig.metric)
    share = float(fig.target_share)
    lead = ""
    if m.kind == catalogue.FLOW and not fig.ytd_is_period and defined(fig.ytd):
        ytd = q.add(fig.ytd, m.fmt, fig.metric, f"{_label(fig.metric)} — lũy kế từ đầu năm {fig.year}",
                    period=f"lũy kế từ đầu năm {fig.year}", qual=fig.ytd_qual)
        lead = tpl.YTD_LEAD.format(value=ytd, unit=unit) + ", "
    # a target is a figure someone set: written out, never rounded into "hơn 7,2 triệu"
    target = q.add(fig.target, m.fmt, fig.metric, f"{_label(fig.metric)} — chỉ tiêu năm {fig.year}",
                   period=f"năm {fig.year}", compact=False)
    # the share of a figure published approximately is approximate too ("đạt khoảng 95,3%")
    achieved_qual = fig.ytd_qual if m.kind == catalogue.FLOW and not fig.ytd_is_period else fig.qual
    share_text = q.add(share, "pct", fig.metric, f"{_label(fig.metric)} — tỷ lệ đạt chỉ tiêu năm {fig.year}",
                       qual=achieved_qual)
    status = fig.status or (progress.EXCEEDED if share > 1 else progress.MET if share == 1
                            else progress.MISSED if fig.year_complete else progress.RUNNING)
    words = dict(year=fig.year, target=target, unit=unit, share=share_text)
    if status == progress.EXCEEDED:
        template = tpl.TARGET_OVER
    elif status == progress.MET:
        template = tpl.TARGET_MET
    elif status == progress.MISSED:
        template = tpl.TARGET_UNDER
    elif status == progress.ON_PACE:
        template = tpl.TARGET_ON_PACE
    elif status == progress.PARTIAL:
        template = tpl.TARGET_PARTIAL
    elif status == progress.BEHIND and defined(fig.expected_share) and fig.month:
        words["expected"] = q.add(fig.expected_share, "pct", fig.metric,
                                  f"{_label(fig.metric)} — tiến độ cần đạt đến hết tháng {fig.month}/{fig.year}")
        words["month"] = f"{fig.month}/{fig.year}"
        template = tpl.TARGET_BEHIND
    else:
        template = tpl.TARGET_RUNNING
    return lead + template.format(**words)


# ---- sentences -------------------------------------------------------------------------------------------


def figure_sentence(fig: Figure, subject: str, with_changes: bool = True, with_target: bool = True,
                    first: bool = True) -> Sentence | None:
    """The one sentence of a stock or flow: value, changes, target. None when the value is undefined.

    Stock: "Đến hết 6 tháng đầu năm 2024, tỉnh Sơn La có 672 kênh, trang, nhóm đang hoạt động, tăng 12 kênh
    (1,8%) so với cùng kỳ năm trước, đạt 96,3% chỉ tiêu năm 2024 (698 kênh)."
    Flow: "Trong 6 tháng đầu năm 2024, tỉnh Sơn La đã đăng 5.432 bài viết mới, giảm …"
    A later sentence of the same paragraph (``first=False``) leaves the period out of its lead: "các kênh có
    …", "tỉnh Sơn La đã gửi … trong kỳ".
    """
    if not defined(fig.value):
        return None
    m = catalogue.get(fig.metric)
    w = tpl.WORDING[fig.metric]
    who = w.subject or subject
    period = stock_label(fig.period) if m.kind == catalogue.STOCK else prose_label(fig.period)
    q = Quotes(fig.units, fig.period)

    def within(template: str) -> str:
        """'Trong quý III/2024, …' but 'Từ tháng 5/2025 đến tháng 8/2025, …' (never 'Trong từ tháng …')."""
        return template.replace("Trong {period}", "{period}") if period.startswith("từ ") else template

    if float(fig.value) == 0:
        template = within(tpl.FLOW_NONE) if m.kind == catalogue.FLOW else tpl.STOCK_NONE
        return sentence(template.format(period=period, subject=who, noun=w.noun))
    value = q.add(fig.value, m.fmt, fig.metric, _label(fig.metric) + (" — cuối kỳ" if m.kind == catalogue.STOCK
                                                                       else " — trong kỳ"), qual=fig.qual)
    if m.kind == catalogue.RATIO:
        text = tpl.RATIO.format(value=value, noun=w.noun)
    elif m.kind == catalogue.STOCK:
        template = tpl.STOCK_LEAD if first else tpl.STOCK_NEXT
        text = template.format(period=period, subject=who, value=value, noun=w.noun)
    else:
        template = within(tpl.FLOW_LEAD) if first else tpl.FLOW_NEXT
        text = template.format(period=period, subject=who, verb=w.verb, value=value, noun=w.noun)
    if with_changes:
        # 'tăng … so với cùng kỳ năm trước và giảm … so với quý II/2024'
        changes = [c for c in (change_clause(fig, ch, q) for ch in fig.changes) if c]
        if changes:
            text += ", " + " và ".join(changes)
    target = target_clause(fig, q) if with_target else None
    if target:
        text += "; " + target
    return sentence(text, q)


@dataclass(frozen=True)
class Part:
    """One member of a breakdown or a ranking: a label and its value (and change, for growth)."""

    label: str
    value: float | None
    pct: float | None = None
    qual: str | None = None         # the value's qualifier as published ('~', '>', '<')


def breakdown_clause(metric: str, parts: Sequence[Part], q: Quotes, dim_word: str) -> str | None:
    """'trong đó fanpage 310, nhóm 205, …' over the parts with a defined, non-zero value (largest first).
    None with fewer than two such parts (a breakdown of one says nothing)."""
    m = catalogue.get(metric)
    kept = sorted((p for p in parts if defined(p.value) and float(p.value) != 0), key=lambda p: -float(p.value))
    if len(kept) < 2:
        return None
    texts = [f"{p.label} {q.add(p.value, m.fmt, metric, f'{_label(metric)} — {dim_word} {p.label}', qual=p.qual)}"
             for p in kept]
    return tpl.BREAKDOWN.format(parts=", ".join(texts))


def ranking_sentence(metric: str, parts: Sequence[Part], units: str, period: str, n: int = 3) -> Sentence | None:
    """Leading and lagging units by a metric. Needs two units with a defined, non-zero value (one unit has no
    rank; a unit with nothing to count is not "the lowest"): two to five units: the highest and the lowest;
    six or more: the first and last ``n``."""
    kept = sorted((p for p in parts if defined(p.value) and float(p.value) != 0),
                  key=lambda p: (-float(p.value), p.label))
    if len(kept) < 2:
        return None
    m = catalogue.get(metric)
    q = Quotes(units, period)
    unit = _unit(metric)
    what = _label(metric).lower()

    def named(p: Part) -> str:
        return f"{p.label} ({q.add(p.value, m.fmt, metric, f'{_label(metric)} — {p.label}', qual=p.qual)} {unit})"

    if len(kept) < 6:
        top, bottom = named(kept[0]), named(kept[-1])
        return sentence(tpl.HIGHEST_LOWEST.format(what=what, top=top, bottom=bottom), q)
    leading = join_words([named(p) for p in kept[:n]])
    lagging = join_words([named(p) for p in reversed(kept[-n:])])
    return sentence(tpl.LEADING.format(what=what, units=leading) + "; " + tpl.LAGGING.format(units=lagging), q)


def fastest_sentence(metric: str, parts: Sequence[Part], units: str, period: str, change: Change) -> Sentence | None:
    """The platform whose metric grew fastest (largest defined percentage change, above zero). None with
    fewer than two platforms to compare or when none grew."""
    comparable = [p for p in parts if defined(p.value) and defined(p.pct)]
    if len(comparable) < 2:
        return None
    best = max(comparable, key=lambda p: float(p.pct))
    if float(best.pct) <= 0 or fmt.percent(best.pct, 1) == fmt.percent(0, 1):
        return None
    m = catalogue.get(metric)
    q = Quotes(units, period)
    vs = vs_text(change)
    value = q.add(best.value, m.fmt, metric, f"{_label(metric)} — {best.label}", qual=best.qual)
    pct = q.add(best.pct, "pct", metric, f"{_label(metric)} — {best.label}, tỷ lệ thay đổi {vs}")
    return sentence(tpl.FASTEST.format(what=_label(metric).lower(), platform=best.label, value=value,
                                       unit=_unit(metric), pct=pct, vs=vs), q)


def movement_sentence(new: Figure, closed: Figure, noun_new: str, noun_closed: str) -> Sentence | None:
    """Openings and closings in the period (two flows): 'Trong kỳ có 15 kênh mở mới và 3 kênh ngừng hoạt
    động'; a zero is said in words, never as '0'."""
    if not defined(new.value) or not defined(closed.value):
        return None
    q = Quotes(new.units, new.period)
    n_new, n_closed = float(new.value), float(closed.value)
    if n_new == 0 and n_closed == 0:
        return sentence(tpl.MOVEMENT_NONE.format(noun_new=noun_new, noun_closed=noun_closed))
    a = q.add(n_new, "int", new.metric, _label(new.metric) + " — trong kỳ") if n_new else ""
    b = q.add(n_closed, "int", closed.metric, _label(closed.metric) + " — trong kỳ") if n_closed else ""
    if n_new and n_closed:
        text = tpl.MOVEMENT.format(new=a, closed=b, noun_new=noun_new, noun_closed=noun_closed)
    elif n_new:
        text = tpl.MOVEMENT_NEW_ONLY.format(new=a, noun_new=noun_new, noun_closed=noun_closed)
    else:
        text = tpl.MOVEMENT_CLOSED_ONLY.format(closed=b, noun_new=noun_new, noun_closed=noun_closed)
    return sentence(text, q)


def contest_sentences(nguoi: Figure, luot: Figure, subject: str) -> list[Sentence]:
    """Người and lượt as two figures, each with its own change and target, never added together, and the
    note that says so. Nothing when neither is defined."""
    first = figure_sentence(nguoi, subject)
    out = [first, figure_sentence(luot, subject, first=first is None)]
    out = [s for s in out if s is not None]
    if out and defined(nguoi.value) and defined(luot.value) and float(nguoi.value) and float(luot.value):
        out.append(Sentence(tpl.NGUOI_LUOT_NOTE))
    return out


@dataclass(frozen=True)
class ContestRow:
    title: str
    organiser: str
    nguoi: float | None
    luot: float | None
    nguoi_q: str | None = None      # qualifiers as published ('~', '>', '<')
    luot_q: str | None = None
    dates: str = ""                 # "01/03/2024 – 31/05/2024": tells two contests of one title apart


def contest_list(rows: Sequence[ContestRow], units: str, period: str, subject: str, limit: int = 8) -> list[Sentence]:
    """How many contests had participants in the period, then one line per contest (most lượt first, at most
    ``limit``: then said to be the ones with the most lượt): người and lượt side by side, each its own number."""
    kept = [r for r in rows if defined(r.luot) and float(r.luot) > 0]
    if not kept:
        return []
    kept.sort(key=lambda r: (-float(r.luot), r.title))
    q = Quotes(units, period)
    n = q.add(len(kept), "int", "contest_luot", "Số cuộc thi có lượt dự thi trong kỳ")
    where = tpl.CONTESTS_FROM.format(subject=subject) if subject else ""
    lead = tpl.CONTESTS_RAN.format(n=n, where=where)
    if len(kept) > limit:
        lead += tpl.CONTESTS_TOP.format(n=q.add(limit, "int", "contest_luot", "Số cuộc thi kể tên"))
    out = [sentence(lead + ":", q)]
    for r in kept[:limit]:
        q = Quotes(units, period)
        about = [f"{r.organiser} tổ chức" if r.organiser else "", r.dates]
        organiser = f" ({', '.join(a for a in about if a)})" if any(about) else ""
        if defined(r.nguoi):        # người unknown (not reported): the line says lượt only, never "—"
            nguoi = q.add(r.nguoi, "int", "contest_nguoi", f"Người dự thi — {r.title}", qual=r.nguoi_q)
            luot = q.add(r.luot, "int", "contest_luot", f"Lượt dự thi — {r.title}", qual=r.luot_q)
            line = tpl.CONTEST_LINE.format(title=r.title, organiser=organiser, nguoi=nguoi, luot=luot)
        else:
            luot = q.add(r.luot, "int", "contest_luot", f"Lượt dự thi — {r.title}", qual=r.luot_q)
            line = tpl.CONTEST_LINE_LUOT.format(title=r.title, organiser=organiser, luot=luot)
        out.append(sentence("- " + line + ";", q))
    if out and len(out) > 1:
        last = out[-1]
        out[-1] = Sentence(last.text[:-1] + ".", last.quotes)
    return out


@dataclass(frozen=True)
class Missing:
    """A unit that did not send every monthly report of the period: the months with a gap, and which reports were
    missing in which months (report families and months; none given: every report in every month listed)."""

    unit: str
    months: tuple[str, ...]          # "3/2024"
    gaps: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    within: str = ""                 # the unit it counts under in the report's boundary view, when another one


def reporting_sentence(missing: Sequence[Missing], n_units: int, units: str, period: str, single: bool = False,
                       max_units: int = 10, max_months: int = 6) -> Sentence | None:
    """Units that have not reported. ``single`` (the report is about one unit, whose reports may come from
    the provinces it was formed from): says which months are missing, or nothing when all came in. Several
    units: how many of them reported every month, or which did not and which months."""
    if n_units <= 0:
        return None
    q = Quotes(units, period)

    def months_text(ms: tuple[str, ...]) -> str:
        shown = list(ms[:max_months]) + (["…"] if len(ms) > max_months else [])
        return "tháng " + ", ".join(shown)

    def gaps_text(m: Missing) -> str:
        """'số liệu tháng 5/2025 và số liệu kênh, biệt đội tháng 6/2025'."""
        parts = []
        for families, ms in (m.gaps or ((tpl.REPORT_FAMILIES, m.months),)):
            every = set(tpl.REPORT_FAMILIES) <= set(families)
            words = "" if every else ", ".join(tpl.FAMILY_WORD.get(f, f) for f in families) + " "
            parts.append(tpl.REPORTED_GAP.format(families=words, months=months_text(ms)))
        return " và ".join(parts)

    def short(m: Missing) -> str:
        every = not m.gaps or (len(m.gaps) == 1 and set(tpl.REPORT_FAMILIES) <= set(m.gaps[0][0]))
        return months_text(m.months) if every else gaps_text(m)

    # several units: counted and listed as the report's boundary view counts them (a unit of today with the old
    # provinces it took in), each old province named with what it did not send
    groups: dict[str, list[Missing]] = {}
    for m in missing:
        groups.setdefault(m.within or m.unit, []).append(m)

    def listed(unit: str, ms: list[Missing]) -> str:
        if len(ms) == 1 and not ms[0].within:
            return f"{unit} ({short(ms[0])})"
        return f"{unit} (" + "; ".join(f"{m.unit}: {short(m)}" for m in ms) + ")"

    if single or n_units == 1:
        if not missing:
            return None
        parts = [tpl.REPORTED_ONE.format(unit=m.unit, what=gaps_text(m)) for m in missing[:max_units]]
        these = "các tháng này" if len(missing) > 1 or len(missing[0].months) > 1 else "tháng này"
        return sentence("; ".join(parts) + tpl.REPORTED_ONE_TAIL.format(these=these))
    if not missing:
        n = q.add(n_units, "int", "reporting", "Số đơn vị đã gửi đủ số liệu các tháng")
        return sentence(tpl.REPORTED_ALL.format(n=n), q)
    # REPORTED_SOME prints "{missing}/{n}": the two numbers are quoted in that order
    n_missing = q.add(len(groups), "int", "reporting", "Số đơn vị chưa gửi đủ số liệu các tháng")
    n_all = q.add(n_units, "int", "reporting", "Số đơn vị trong phạm vi báo cáo")
    items = [listed(unit, ms) for unit, ms in list(groups.items())[:max_units]]
    if len(groups) > max_units:
        rest = q.add(len(groups) - max_units, "int", "reporting", "Số đơn vị chưa gửi đủ, không kể tên")
        items.append(f"và {rest} đơn vị khác")
    return sentence(tpl.REPORTED_SOME.format(missing=n_missing, n=n_all, list="; ".join(items)), q)

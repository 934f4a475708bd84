"""Assemble the drafted report: header, intro, the definition's parts and sections, signature, appendices.

``draft(reader, choices, scope)`` is the one entry point (the page's "Báo cáo" button and
``python -m data report --narrative`` both call it). Appendix tables are metric-layer frames formatted with
``ui.format``; the last appendix lists every number the prose quotes, so a reviewer can check each one.
"""

from __future__ import annotations

import datetime as dt

from queries import catalogue
from reports.narrative import definition
from reports.narrative import templates as tpl
from reports.narrative.facts import METRICS, Facts, kind_word
from reports.narrative.issuer import issue_year
from reports.narrative.model import Document, Header, Paragraph, Section, Table
from reports.narrative.programme_rules import PROGRAMME
from reports.narrative.rules import prose_label
from ui import format as fmt
from ui import theme
from ui.filters import Choices
from ui.messages import t

ROMAN = ("I", "II", "III", "IV", "V")
KPI_ROWS = ("channels", "followers", "followers_per_channel", "channel_posts", "interactions", "teams", "members",
            "members_per_team", "posts", "link_shares", "guided_comments", "violation_reports", "livestreams",
            "contest_nguoi", "contest_luot", "luot_per_nguoi")
UNIT_COLUMNS = ("channels", "teams", "members", "posts", "link_shares", "contest_nguoi", "contest_luot")
PLATFORM_COLUMNS = ("channels", "followers", "posts", "link_shares")
SERIES_COLUMNS = ("channels", "teams", "members", "posts", "link_shares", "contest_luot")
MAX_UNIT_ROWS = 120


def draft(reader, choices: Choices, scope: tuple[str, ...] | None = None, today: dt.date | None = None) -> Document:
    """The drafted period report for ``choices`` (units, period, comparison, boundaries, platforms) as the
    user with ``scope`` may see it. Raises ValueError when the database holds no facts."""
    today = today or dt.date.today()
    f = Facts(reader, choices, scope, today)
    kind = kind_word(f.counted if not f.incomplete else _nominal(choices))
    who = f.issuer
    year = issue_year(choices.end, today)
    summary = f"{tpl.KIND_WORD[kind]} {tpl.TOPIC} {prose_label(f.nominal_label)}"
    header = Header(parent=who.parent_line, body=who.body_line, number=who.number_line(),
                    place_date=who.place_date(year), summary=summary[0].upper() + summary[1:])

    sections: list[Section] = []
    for i, (key, heading, content) in enumerate(definition.PARTS):
        sections.append(Section(key, f"{ROMAN[i]}. {heading}", 1))
        if isinstance(content, str):
            sections[-1].paragraphs.append(Paragraph(content, style="prompt"))
            continue
        for j, spec in enumerate(content, start=1):
            paras = spec.write(f) if spec.write else []
            if not paras:
                paras = [Paragraph(spec.prompt or tpl.PROMPTS["empty"], style="prompt")]
            sections.append(Section(spec.key, f"{j}. {spec.heading}", 2, paras))

    committee = who.committee
    recipients_key = "central" if who.level == "central" else ("province" if who.merged else "province_before")
    recipients = [line.format(committee=committee) for line in tpl.RECIPIENTS[recipients_key]]
    doc = Document(
        header=header, intro=definition.intro(f, kind), sections=sections, recipients=recipients,
        signature=list(tpl.SIGNATURE), signer=tpl.SIGNER, appendices=[], issuer=who.name, units=f.units_text,
        period=f.period,
        sample_notice=t("app.sample_banner", "vi") if f.is_sample else "",
        appendix_ref=tpl.APPENDIX_REF.format(symbol=who.symbol, year=year, issuer=who.name))
    doc.appendices = appendices(f, doc)
    return doc


def _nominal(choices: Choices):
    from queries.periods import Window

    return Window(choices.start, choices.end)


# ---- appendices ----------------------------------------------------------------------------------------


def _cell(value, fmt_key: str, qual=None) -> str:
    """A table cell: the value in its format, with the qualifier it was published with ('~6.759.827', '> 13.000')."""
    return fmt.qualified(value, qual, fmt_key) if fmt.defined(value) else fmt.DASH


def _label(key: str) -> str:
    return catalogue.get(key).label("vi")


def kpi_table(f: Facts, number: int) -> Table:
    cmp = f.compares[0] if f.compares else "none"
    row = f.row(cmp)
    cols = ["Chỉ số", "Đơn vị tính", f.period]
    numeric = [False, False, True]
    if cmp != "none":
        vs = "Cùng kỳ năm trước" if cmp == "yoy" else "Kỳ trước"
        cols += [f"{vs} ({row.get('cmp_label') or ''})", "Tăng (+), giảm (-)", "Tỷ lệ thay đổi"]
        numeric += [True, True, True]
    if f.targets:
        cols += [f"Chỉ tiêu năm {f.target_year}", "Tỷ lệ đạt chỉ tiêu"]
        numeric += [True, True]
    rows = []
    for key in KPI_ROWS:
        m = catalogue.get(key)
        line = [m.label("vi"), m.unit("vi"), _cell(row.get(key), m.fmt, row.get(f"{key}_q"))]
        if cmp != "none":
            line += [_cell(row.get(f"{key}_cmp"), m.fmt, row.get(f"{key}_cmp_q")),
                     fmt.mark(fmt.change(row.get(f"{key}_delta"), m.fmt), row.get(f"{key}_delta_q")),
                     fmt.percent(row.get(f"{key}_pct"), 1, signed=True)]
        if f.targets:
            fig = f.figure(key) if key in METRICS else None
            goal = f.targets.get(key)
            line += [_cell(goal.target if goal is not None else None, m.fmt),
                     fmt.percent(fig.target_share, 1) if fig is not None and fig.target_share is not None else fmt.DASH]
        rows.append(line)
    return Table(number, tpl.APPENDIX_KPI.format(period=prose_label(f.period)), cols, rows, numeric,
                 # the unit column holds "người/kênh" whole (a narrower one broke it as "người/kê|nh")
                 widths=[2.8, 1.6] + [1.3] * (len(cols) - 2))


def unit_table(f: Facts, number: int) -> Table | None:
    if not f.several_units:
        return None
    df = f.by_unit(METRICS)
    if df.empty:
        return None
    df = df.sort_values(["unit_code", "unit_name"], kind="stable").head(MAX_UNIT_ROWS)
    cols = ["Đơn vị"] + [f"{_label(k)} ({catalogue.get(k).unit('vi')})" for k in UNIT_COLUMNS]
    rows = [[str(r["unit_name"])] + [_cell(r[k], catalogue.get(k).fmt, r.get(f"{k}_q")) for k in UNIT_COLUMNS]
            for _, r in df.iterrows()]
    return Table(number, tpl.APPENDIX_UNITS.format(period=prose_label(f.period)), cols, rows,
                 [False] + [True] * len(UNIT_COLUMNS), widths=[2.2] + [1.2] * len(UNIT_COLUMNS))


def platform_table(f: Facts, number: int) -> Table | None:
    df = f.totals(list(PLATFORM_COLUMNS), by=("platform",))
    if df.empty:
        return None
    labels = f.platform_labels
    order = {k: i for i, k in enumerate(theme.PLATFORM_ORDER)}      # "Khác" last, as on every chart
    df = df.sort_values("platform", key=lambda c: c.map(lambda k: order.get(k, len(order))), kind="stable")
    cols = ["Loại kênh"] + [f"{_label(k)} ({catalogue.get(k).unit('vi')})" for k in PLATFORM_COLUMNS]
    rows = [[labels.get(p, str(p))] + [_cell(r[k], catalogue.get(k).fmt, r.get(f"{k}_q")) for k in PLATFORM_COLUMNS]
            for p, (_, r) in zip(df["platform"], df.iterrows())]
    return Table(number, tpl.APPENDIX_PLATFORMS.format(period=prose_label(f.period)), cols, rows,
                 [False] + [True] * len(PLATFORM_COLUMNS), widths=[2.0] + [1.4] * len(PLATFORM_COLUMNS))


def series_table(f: Facts, number: int) -> Table | None:
    df = f.series(SERIES_COLUMNS)
    if len(df) < 2:
        return None
    cols = ["Kỳ"] + [f"{_label(k)} ({catalogue.get(k).unit('vi')})" for k in SERIES_COLUMNS]
    rows = [[str(r["period_label"]) + (" *" if r["incomplete"] else "")]
            + [_cell(r[k], catalogue.get(k).fmt, r.get(f"{k}_q")) for k in SERIES_COLUMNS] for _, r in df.iterrows()]
    note = "* Kỳ chưa đủ số tháng." if bool(df["incomplete"].any()) else ""
    return Table(number, tpl.APPENDIX_SERIES.format(grain=tpl.GRAIN_WORD.get(f.choices.grain, "kỳ"),
                                                    period=prose_label(f.period)),
                 cols, rows, [False] + [True] * len(SERIES_COLUMNS), note=note,
                 widths=[2.2] + [1.2] * len(SERIES_COLUMNS))


def quotes_table(doc: Document, number: int) -> Table:
    rows = []
    for i, q in enumerate(doc.quotes, start=1):
        exact = fmt.percent(q.value, 2) if q.fmt == "pct" else fmt.value(q.value, q.fmt if q.fmt != "int" else "int")
        # the dashboard's code of the metric (as in its links: metric=link_shares); a programme's own figure says so
        code = "chương trình phối hợp" if q.metric == PROGRAMME else q.metric
        rows.append([str(i), q.text, q.what, code, q.units, q.period, exact])
    cols = ["STT", "Số liệu trong văn bản", "Nội dung", "Mã chỉ số", "Đơn vị", "Kỳ", "Giá trị"]
    note = tpl.QUOTES_NOTE + (" " + doc.sample_notice if doc.sample_notice else "")
    return Table(number, tpl.APPENDIX_QUOTES, cols, rows, [True, True, False, False, False, False, True],
                 note=note, widths=[0.6, 1.2, 3.4, 1.4, 1.3, 1.6, 1.3])


def appendices(f: Facts, doc: Document) -> list[Table]:
    out: list[Table] = []
    for make in (kpi_table, unit_table, platform_table, series_table):
        table = make(f, len(out) + 1)
        if table is not None:
            out.append(table)
    out.append(quotes_table(doc, len(out) + 1))
    return out


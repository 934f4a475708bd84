"""Coordination programmes in the drafted reports: the programme read model's year as ``programme_rules`` values,
and the programme report ("Báo cáo kết quả thực hiện chương trình phối hợp năm 2025").

``programme_of`` asks ``ui.programmes_data`` — the functions the "Chương trình phối hợp" page reads through, so a
figure in the text is the page's: per indicator and party the target, the actual (a linked indicator's from the
metric layer for that party and year, a reported one's as typed) and the status of ``queries.progress`` — as of the
last month counted (a period report's end, or the data's last month). Section I.5 of the period report
(``definition.programmes_section``) and ``draft_programme`` word the same values with the same rules.

``draft_programme(reader, programme_id, year, units, scope)`` is the programme report's one entry point (the
programme page's buttons and ``python -m data report --narrative --programme ID``): the party document of the period
report, issued by the department of the first chosen unit that is a party (else the central department); Part I is
the programme's key tasks with their indicators for every party, and the review conferences; appendices: the table
of indicators and the figures quoted.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from queries import catalogue, reporting
from queries import programmes as P
from queries.builder import Filters
from reports.narrative import issuer as iss
from reports.narrative import programme_rules as pr
from reports.narrative import templates as tpl
from reports.narrative.model import Document, Header, Paragraph, Section, Table
from reports.narrative.rules import join_words
from ui import format as fmt
from ui import programmes_data as data
from ui.messages import t


class ProgrammeNotFound(LookupError):
    """No programme with that id among those the reader may see."""


def listing(reader, scope: tuple[str, ...] | None, units: tuple[str, ...] = (), boundary: str = "current") -> pd.DataFrame:
    """The programmes with a party among ``units`` (every programme when none), within the scope."""
    cov = data.coverage(reader)
    if cov is None:
        return pd.DataFrame(columns=["programme_id", "name", "year_from", "year_to", "signed_on", "place", "tasks"])
    return data.programmes(reader, Filters(start=cov.first, end=cov.last, units=tuple(units), boundary=boundary,
                                           scope=scope))


def _conferences(confs: pd.DataFrame, year: int, today: dt.date) -> tuple[pr.Conference, ...]:
    """The conferences to state: those reviewing ``year``, and the next one planned after them."""
    line = P.timeline(confs, today)
    chosen = [r for _, r in confs.iterrows() if int(r["year"]) == year] if len(confs) else []
    if line.next is not None and all(r["held_on"] != line.next["held_on"] for r in chosen) \
            and (not chosen or all(r["held_on"] <= today for r in chosen)):
        chosen.append(line.next)
    return tuple(pr.Conference(int(r["year"]), r["held_on"], str(r["place"]),
                               r["title"] if isinstance(r["title"], str) and r["title"].strip() else None,
                               r["held_on"] <= today) for r in chosen)


def programme_of(reader, row: pd.Series, f: Filters, year: int, until: dt.date | None, today: dt.date) -> pr.Programme:
    """One programme's ``year`` as the rules read it: its tasks, per indicator every party's result
    (``programmes_data.year_rows``, as of ``until`` or the data's last month), its conferences."""
    pid = int(row["programme_id"])
    party = data.parties(reader, pid, f)
    names = {int(u): str(n) for u, n in zip(party["unit_id"], party["cur_name"])}
    rows = data.year_rows(reader, pid, f, year, until) if len(party) else pd.DataFrame()
    tasks = []
    for task in data.tasks(reader, pid).itertuples(index=False):
        mine = rows[rows["seq"] == task.seq] if len(rows) else rows
        indicators = []
        for _iid, group in (mine.groupby("indicator_id", sort=False) if len(mine) else []):
            first = group.iloc[0]
            results = tuple(pr.PartyResult(
                party=names.get(int(r["party"]), str(r["party"])), target=fmt.number_or_none(r["target"]),
                actual=fmt.number_or_none(r["actual"]), share=fmt.number_or_none(r["share"]), status=str(r["status"]),
                expected_share=fmt.number_or_none(r["expected_share"]),
                metric=r["metric_key"] if r["kind"] == P.LINKED else pr.PROGRAMME) for _, r in group.iterrows())
            indicators.append(pr.Indicator(str(first["name"]), str(first["unit_of_count"] or ""), results))
        tasks.append(pr.Task(int(task.seq), str(task.title), tuple(indicators)))
    cov = data.coverage_until(reader, until)
    as_of = None if cov is None or cov.last < dt.date(year, 1, 1) else min(cov.last, dt.date(year, 12, 1))
    # the year over by the data's last month (or by today) though the report stops earlier: the parties' own figures
    # may be the year's end
    whole = data.coverage_until(reader, None)
    year_over = today >= dt.date(year + 1, 1, 1) or (whole is not None and whole.last >= dt.date(year, 12, 1))
    later = as_of is not None and as_of < dt.date(year, 12, 1) and year_over
    signed = row["signed_on"] if row["signed_on"] is not None and not pd.isna(row["signed_on"]) else None
    return pr.Programme(
        name=str(row["name"]), year_from=int(row["year_from"]), year_to=int(row["year_to"]), signed_on=signed,
        place=row["place"] if isinstance(row["place"], str) and row["place"].strip() else None,
        parties=tuple(names.values()), year=year, as_of=as_of, tasks=tuple(tasks),
        conferences=_conferences(data.conferences(reader, pid), year, today), reported_later=later)


def paragraphs(prog: pr.Programme, lead: bool = True) -> list[Paragraph]:
    """Section I.5 for one programme: what it is and the year's counts, one paragraph per key task (its number and
    title, then its indicators), the review conferences."""
    units = join_words(list(prog.parties))
    out = [Paragraph.of(pr.lead_sentences(prog, units))]
    out += [Paragraph.of(pr.task_sentences(task, prog, units, lead=lead)) for task in prog.tasks]
    out.append(Paragraph.of(pr.conference_sentences(prog)))
    return [p for p in out if p is not None]


# ---- the programme report ------------------------------------------------------------------------------------


def _summary(name: str, year: int) -> str:
    """'Kết quả thực hiện chương trình phối hợp … trong năm 2025'."""
    what = name[0].lower() + name[1:] if name.lower().startswith("chương trình") else f"chương trình phối hợp “{name}”"
    return f"Kết quả thực hiện {what} trong năm {year}"


def parties(reader, programme_id: int, scope: tuple[str, ...] | None) -> pd.DataFrame:
    """A programme's parties within the scope (``programmes_data.parties``)."""
    cov = data.coverage(reader)
    return data.parties(reader, int(programme_id), Filters(start=cov.first, end=cov.last, scope=scope))


def issuing_code(codes: tuple[str, ...], party: pd.DataFrame) -> str | None:
    """The first of ``codes`` that is a party to the programme (by its code as signed or today's)."""
    party_codes = {str(c) for c in party["code"]} | {str(c) for c in party["cur_code"]}
    return next((c for c in codes if str(c) in party_codes), None)


def _recipients(who: iss.Issuer, party: pd.DataFrame, own: str | None, end: dt.date) -> list[str]:
    from ui.views.programmes import department_of

    others = [department_of(p, end, "vi") for _, p in party.iterrows() if own is None
              or str(own) not in (str(p["code"]), str(p["cur_code"]))]
    lines = [f"- {o}," for o in others]
    if who.level == "central":
        return lines + ["- Lưu Văn phòng Ban."]
    key = "province" if who.merged else "province_before"
    return lines + [line.format(committee=who.committee) for line in tpl.RECIPIENTS[key]]


def indicator_table(prog: pr.Programme, rows: pd.DataFrame, names: dict[int, str], number: int) -> Table:
    """Every indicator and party of the year: target, actual, % achieved, status, where the actual comes from."""
    from ui.charts.programmes import status_text

    cols = ["NV", "Chỉ số", "Đơn vị tính", "Bên", f"Chỉ tiêu năm {prog.year}", "Kết quả", "Tỷ lệ đạt",
            "Đánh giá", "Nguồn số liệu"]
    out = []
    for _, r in rows.iterrows():
        origin = (f"Tính từ chỉ tiêu “{catalogue.get(r['metric_key']).label('vi')}”" if r["kind"] == P.LINKED
                  else (r["source"] if isinstance(r["source"], str) and r["source"].strip() else "Đơn vị báo cáo"))
        out.append([str(int(r["seq"])), str(r["name"]), str(r["unit_of_count"] or ""),
                    names.get(int(r["party"]), str(r["party"])), _num(r["target"]), _num(r["actual"]),
                    fmt.percent(r["share"], 1) if fmt.defined(r["share"]) else fmt.DASH,
                    status_text(r["status"], "vi"), origin])
    return Table(number, tpl.PROG_APPENDIX.format(period=prog.period), cols, out,
                 [False, False, False, False, True, True, True, False, False],
                 note=tpl.PROG_APPENDIX_NOTE.format(tasks="; ".join(f"{t.seq}. {t.title}" for t in prog.tasks)),
                 widths=[0.75, 3.0, 1.2, 1.1, 1.4, 1.4, 1.35, 1.3, 2.5])


def _num(x) -> str:
    return fmt.number(x, 0 if float(x).is_integer() else 1) if fmt.defined(x) else fmt.DASH


def default_year(reader, row: pd.Series) -> int:
    return data.default_year(row["year_from"], row["year_to"], data.coverage(reader))


def draft_programme(reader, programme_id: int, year: int | None = None, units: tuple[str, ...] = (),
                    scope: tuple[str, ...] | None = None, today: dt.date | None = None) -> Document:
    """The programme report of ``programme_id`` for ``year`` (default: the programme page's) as the user with
    ``scope`` may see it. Raises ProgrammeNotFound for a programme the reader cannot see, ValueError for a year
    outside the programme or a database without facts."""
    from reports.narrative.build import quotes_table
    from ui import blocks

    today = today or dt.date.today()
    ref = reader.reference()
    if blocks.context_of(ref, scope) is None:
        raise ValueError("the database holds no facts")
    listed = listing(reader, scope)
    hit = listed[listed["programme_id"].astype(int) == int(programme_id)]
    if hit.empty:
        raise ProgrammeNotFound(programme_id)
    row = hit.iloc[0]
    year = default_year(reader, row) if year is None else int(year)
    if not int(row["year_from"]) <= year <= int(row["year_to"]):
        raise ValueError(f"year {year} outside {row['year_from']}-{row['year_to']}")
    cov = data.coverage(reader)
    f = Filters(start=cov.first, end=cov.last, scope=scope)
    prog = programme_of(reader, row, f, year, None, today)
    party = parties(reader, programme_id, scope)
    codes = tuple(units) if units else (tuple(scope) if scope is not None else ())
    own = issuing_code(codes, party)
    end = dt.date(year, 12, 1) if prog.as_of is None else prog.as_of
    # the department of that party as named at the end of the year reported; the central department otherwise
    who = iss.issuer((own,) if own else (), "current", end, reader.read(reporting.unit_versions))
    issued = iss.issue_year(end, today)
    header = Header(parent=who.parent_line, body=who.body_line, number=who.number_line(),
                    place_date=who.place_date(issued), summary=_summary(prog.name, year))

    units_text = join_words(list(prog.parties))
    signed = ""
    if prog.signed_on is not None:
        signed = tpl.PROG_SIGNED.format(date=fmt.date(prog.signed_on),
                                        where=tpl.PROG_SIGNED_PLACE.format(place=prog.place) if prog.place else "")
    intro = [Paragraph(tpl.PROG_INTRO.format(name=prog.name, signed=signed, issuer=who.name, period=prog.period))]
    notes = [tpl.PROG_FIGURES_NOTE]
    if not prog.complete and prog.as_of is not None:
        notes.append(tpl.PROG_RUNNING_NOTE.format(month=f"{prog.as_of.month}/{prog.as_of.year}"))
    intro.append(Paragraph(" ".join(notes)))

    sections = [Section("results", f"I. {tpl.PROG_PART_RESULTS}", 1,
                        [p for p in [Paragraph.of(pr.lead_sentences(prog, units_text, named=False))] if p is not None])]
    for j, task in enumerate(prog.tasks, start=1):
        paras = [p for p in (Paragraph.of([s]) for s in pr.task_sentences(task, prog, units_text, lead=False))
                 if p is not None]
        sections.append(Section(f"task_{task.seq}", f"{j}. {task.title[0].upper() + task.title[1:]}", 2, paras))
    confs = Paragraph.of(pr.conference_sentences(prog))
    if confs is not None:
        sections.append(Section("conferences", f"{len(prog.tasks) + 1}. {tpl.PROG_CONF_HEADING}", 2, [confs]))
    sections.append(Section("limits", f"II. {tpl.PART_LIMITS}", 1, [Paragraph(tpl.PROG_PROMPT_LIMITS, style="prompt")]))
    next_heading = tpl.PROG_PART_NEXT.format(year=year + 1) if year < int(row["year_to"]) else tpl.PART_NEXT
    sections.append(Section("next", f"III. {next_heading}", 1, [Paragraph(tpl.PROMPTS["next"], style="prompt")]))

    doc = Document(
        header=header, intro=intro, sections=sections, recipients=_recipients(who, party, own, end),
        signature=list(tpl.SIGNATURE), signer=tpl.SIGNER, appendices=[], issuer=who.name, units=units_text,
        period=prog.period, sample_notice=t("app.sample_banner", "vi") if ref["meta"].get("is_sample") == "1" else "",
        appendix_ref=tpl.APPENDIX_REF.format(symbol=who.symbol, year=issued, issuer=who.name))
    rows = data.year_rows(reader, int(programme_id), f, year) if len(party) else pd.DataFrame()
    names = {int(u): str(n) for u, n in zip(party["unit_id"], party["cur_name"])}
    tables = [indicator_table(prog, rows, names, 1)] if len(rows) else []
    doc.appendices = tables + [quotes_table(doc, len(tables) + 1)]
    return doc


"""Chương trình phối hợp — coordination programmes and targets: the list of programmes; for one programme its
parties, span, signing date and place; the year's result per party; per key task its indicators with target,
actual, % achieved, status and progress bars; the parties side by side; the review conferences (held, next); and
the targets (chỉ tiêu) of catalogue metrics for the chosen units, behind pace first.

The programme list follows the filter bar's units (programmes one of whose parties is chosen); the programme and
its year are page-level choices kept in the URL (``programme``, ``year``). A programme's figures do not follow the
period or the boundary choice: each party-year is counted for the unit the target was set for
(``queries.programmes``), and platforms never narrow them (targets are set for all platforms). The targets section
follows the filter bar (units, the year of the period's end, platforms — where a filter narrows below what a target
was set for, it says so instead of a %).

``TOOLS`` names the page's interactive module (the deck button, the data officers' forms, the programme report's
downloads: ``EXPORT_TOOL``), drawn by ``ui.render.tools``; this declaration never draws, writes or queries outside
its blocks.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from queries import catalogue, progress
from queries import programmes as P
from queries import targets as metric_targets
from queries.periods import MERGER
from ui import format as fmt
from ui import programmes_data as data
from ui import text as tx
from ui.blocks import Block, Choice, View
from ui.charts import programmes as charts
from ui.messages import md, t

KEY, SLUG, TITLE = "programmes", "chuong-trinh", "programmes.title"
TOOLS = "ui.programme_tools"
EXPORT_TOOL = "report"       # beside the page's files: the programme report of the chosen programme and year


def drill_dims(v: View) -> dict:
    return {}


def _once(v: View, name: str, key, fn):
    slot = ("programmes", name, key)
    if slot not in v.extra:
        v.extra[slot] = fn()
    return v.extra[slot]


def today() -> dt.date:
    """Conferences are held or planned against the calendar (the data's freshness says nothing about a meeting)."""
    return dt.date.today()


# the page's blocks read the calendar (``today``), which no cache key holds: resolved on every run, never taken
# from the shared cache of resolved blocks (``ui.store.resolve``)
CACHE_RESOLVED = False


# ---- the programmes and the chosen one ---------------------------------------------------------------------------

def listed(v: View) -> pd.DataFrame:
    return _once(v, "listed", v.filters, lambda: data.programmes(v.reader, v.filters))


def _programme_label(v: View):
    df = listed(v).set_index("programme_id")
    return lambda i: f"{df.loc[int(i), 'name']} ({df.loc[int(i), 'year_from']}–{df.loc[int(i), 'year_to']})"


def _years(v: View) -> list[str]:
    row = programme(v, chosen_only=False)
    return [] if row is None else [str(y) for y in range(int(row["year_from"]), int(row["year_to"]) + 1)]


def _default_year(v: View) -> str:
    """The latest year of the programme the data have reached (its first year before that)."""
    row = programme(v, chosen_only=False)
    if row is None:
        return ""
    return str(data.default_year(row["year_from"], row["year_to"], data.coverage(v.reader)))


CHOICES = {c.name: c for c in [
    Choice("programme", "programmes.choose", lambda v: [str(i) for i in listed(v)["programme_id"]],
           lambda v: str(listed(v).iloc[0]["programme_id"]) if len(listed(v)) else "", _programme_label),
    Choice("year", "programmes.year", _years, _default_year,
           lambda v: (lambda y: t("programmes.year_label", v.lang, year=y))),
]}


def programme(v: View, chosen_only: bool = True) -> pd.Series | None:
    df = listed(v)
    if df.empty:
        return None
    raw = v.params.get("programme") or str(df.iloc[0]["programme_id"])
    rows = df[df["programme_id"].astype(str) == str(raw)]
    return rows.iloc[0] if len(rows) else (None if chosen_only else df.iloc[0])


def programme_id(v: View) -> int | None:
    row = programme(v)
    return None if row is None else int(row["programme_id"])


def year(v: View) -> int | None:
    raw = v.params.get("year") or _default_year(v)
    return int(raw) if raw else None


def parties(v: View) -> pd.DataFrame:
    pid = programme_id(v)
    return _once(v, "parties", pid, lambda: data.parties(v.reader, pid, v.filters))


def party_names(v: View) -> dict[int, str]:
    """Party unit (as signed) -> its name today ('Sơn La', 'Đà Nẵng'): a party keeps its identity across the merger."""
    df = parties(v)
    return {int(u): str(n) for u, n in zip(df["unit_id"], df["cur_name"])}


def tasks(v: View) -> pd.DataFrame:
    pid = programme_id(v)
    return pd.DataFrame(columns=["task_id", "seq", "title"]) if pid is None else data.tasks(v.reader, pid)


def rows(v: View) -> pd.DataFrame:
    """One row per indicator and party for the chosen year (``programmes_data.year_rows``)."""
    pid, y = programme_id(v), year(v)
    return _once(v, "rows", (pid, y), lambda: data.year_rows(v.reader, pid, v.filters, y))


def conferences(v: View) -> pd.DataFrame:
    pid = programme_id(v)
    return data.conferences(v.reader, pid)


# ---- words -------------------------------------------------------------------------------------------------------

def department_of(party: pd.Series, day: dt.date, lang: str) -> str:
    """'Ban Tuyên giáo Tỉnh ủy Sơn La' (before the 2025 merger), 'Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng' (after)."""
    committee = t("programmes.committee_city" if party["cur_unit_type"] == "thanh_pho" else
                  "programmes.committee_province", lang)
    return t("programmes.department", lang, dept=tx.department(day, lang), committee=committee, name=party["cur_name"])


def merged_into(v: View) -> dict[int, list[str]]:
    """Party unit -> the names of the other old units its unit of today took in (Đà Nẵng: Quảng Nam)."""
    units = v.units
    out = {}
    for party in parties(v).itertuples(index=False):
        others = units[(units["successor_id"] == party.cur_unit_id) & (units["unit_id"] != party.unit_id)
                       & (units["name"] != party.cur_name)]
        if len(others):
            out[int(party.unit_id)] = sorted(others["name"])
    return out


def meta_lines(v: View) -> list[str]:
    """Parties (with their departments then and now), span, signing date and place — Markdown-safe lines."""
    row, lang = programme(v), v.lang
    signed = row["signed_on"]
    party_texts = []
    merged = merged_into(v)
    for party in parties(v).itertuples(index=False):
        p = pd.Series(party._asdict())
        then = department_of(p, signed or dt.date(int(row["year_from"]), 1, 1), lang)
        now = department_of(p, MERGER, lang)
        text = then if then == now else t("programmes.party_now", lang, then=then, now=now)
        if int(party.unit_id) in merged:
            text += " " + t("programmes.party_merged", lang, names=", ".join(merged[int(party.unit_id)]),
                            name=party.cur_name)
        party_texts.append(tx.escape(text))
    lines = [md("programmes.parties_line", lang, parties=tx.Markdown("; ".join(party_texts)) if party_texts else fmt.DASH)]
    span = t("programmes.span", lang, start=int(row["year_from"]), end=int(row["year_to"]))
    if signed is not None:
        where = row["place"] if isinstance(row["place"], str) and row["place"] else fmt.DASH
        span += " · " + t("programmes.signed", lang, date=fmt.date(signed), place=where)
    lines.append(tx.escape(span))
    return lines


def figures_line(v: View) -> str:
    """How the figures are counted: as of when, linked vs reported, the boundary and platform rule."""
    as_of = data.as_of(v.reader)
    return t("programmes.figures_line", v.lang, month=fmt.month(data.coverage(v.reader).last) if as_of else fmt.DASH)


def _status_words(counts: pd.Series, lang: str) -> str:
    parts = [f"{int(counts[s])} {charts.status_text(s, lang).lower()}" for s in progress.STATUSES
             if s in counts and counts[s]]
    return ", ".join(parts) or fmt.DASH


def _share_pct(share) -> float | None:
    """The progress bar's whole per cent (the bar's format has no decimal comma), rounded as the cards round —
    96,99996 % reads 97 %, 94,85 % 95 % — except that a share short of the target never reads 100 % (99,5 % reads
    99 %, not "100%" beside "Chưa đạt")."""
    if share is None or pd.isna(share):
        return None
    pct = float(share) * 100
    shown = math.floor(pct + 0.5)
    return min(shown, 99) if pct < 100 else max(shown, 100)


def _origin(r, lang: str) -> str:
    """Where an actual comes from: computed from a metric, or reported with its source."""
    if r["kind"] == P.LINKED:
        return t("programmes.linked", lang, metric=catalogue.get(r["metric_key"]).label(lang))
    text = _txt(r["source"]) or t("programmes.reported", lang)
    if _txt(r["note"]):
        text += f" ({r['note']})"
    return text


def _txt(x) -> str | None:
    """A text cell from the database: None for NULL or NaN."""
    return x if isinstance(x, str) and x.strip() else None


def _number(x, lang: str = "vi") -> str:
    return fmt.number(x, 0 if fmt.defined(x) and float(x).is_integer() else 1) if fmt.defined(x) else fmt.DASH


# ---- blocks ------------------------------------------------------------------------------------------------------

def _list_rows(v: View) -> pd.DataFrame:
    return listed(v)


def _list_frame(df: pd.DataFrame, v: View) -> pd.DataFrame:
    lang = v.lang
    return pd.DataFrame({
        t("programmes.col.name", lang): df["name"],
        t("programmes.col.span", lang): [f"{a}–{b}" for a, b in zip(df["year_from"], df["year_to"])],
        t("programmes.col.signed", lang): [
            ", ".join(x for x in (fmt.date(d) if d else "", p if isinstance(p, str) else "") if x) or fmt.DASH
            for d, p in zip(df["signed_on"], df["place"])],
        t("programmes.col.tasks", lang): [str(int(n)) for n in df["tasks"]],
    })


def _list_display(df: pd.DataFrame, v: View):
    return _list_frame(df, v), {"height": min(35 * len(df) + 42, 240)}, \
        t("programmes.list_caption", v.lang, n=len(df), units=tx.units_text(v.choices, v.code_names, v.lang))


def _list_table(df: pd.DataFrame, v: View):
    out = _list_frame(df, v)
    return out, {c: "text" for c in out.columns}


def _counts(v: View) -> pd.DataFrame | None:
    if programme_id(v) is None or parties(v).empty:
        return None
    return data.status_counts(rows(v), parties(v))


def _summary_caption(df: pd.DataFrame, v: View) -> str:
    names = party_names(v)
    per_party = "; ".join(f"{names[p]}: {_status_words(df.loc[p], v.lang)}" for p in df.index)
    n = int(rows(v)["indicator_id"].nunique())
    return t("programmes.summary_caption", v.lang, n=n, year=year(v), parties=per_party) + " " + figures_line(v)


def _summary_table(df: pd.DataFrame, v: View):
    lang, names = v.lang, party_names(v)
    party = t("programmes.col.party", lang)
    out = pd.DataFrame({party: [names[p] for p in df.index]})
    formats = {party: "text"}
    for status in progress.STATUSES:
        if df[status].any():
            col = charts.status_text(status, lang)
            out[col], formats[col] = df[status].astype("float64").to_numpy(), "int"
    return out, formats


def _task_rows(seq: int):
    def fetch(v: View) -> pd.DataFrame | None:
        if programme_id(v) is None:
            return None
        return rows(v)[rows(v)["seq"] == seq]
    return fetch


def _task_title(seq: int):
    """'Nhiệm vụ 4': a task block's title (slides, files); the page heading and the figure carry the task's text."""
    return lambda v: t("programmes.task_label", v.lang, seq=seq)


def task_text(v: View, seq: int) -> str:
    """'Nhiệm vụ 4: phối hợp bảo vệ nền tảng tư tưởng của Đảng, …' (plain text)."""
    titles = dict(zip(tasks(v)["seq"].astype(int), tasks(v)["title"]))
    return t("programmes.task", v.lang, seq=seq, title=titles.get(seq, ""))


def _task_caption(df: pd.DataFrame, v: View) -> str:
    names = party_names(v)
    parts = []
    for party, mine in df.groupby("party", sort=False):
        parts.append(f"{names.get(int(party), party)}: {_status_words(mine['status'].value_counts(), v.lang)}")
    return t("programmes.task_caption", v.lang, year=year(v), parties="; ".join(parts))


def _indicator_frame(df: pd.DataFrame, v: View, numbers_as_text: bool) -> pd.DataFrame:
    lang, names = v.lang, party_names(v)
    show = (lambda x: _number(x, lang)) if numbers_as_text else (lambda x: x)
    out = pd.DataFrame({
        t("programmes.col.indicator", lang): df["name"],
        t("programmes.col.unit", lang): df["unit_of_count"],
        t("programmes.col.party", lang): [names.get(int(p), str(p)) for p in df["party"]],
        t("programmes.col.target", lang): [show(x) for x in df["target"]],
        t("programmes.col.actual", lang): [show(x) for x in df["actual"]],
    })
    if numbers_as_text:
        out[t("programmes.col.progress", lang)] = [_share_pct(s) for s in df["share"]]
    else:
        out[t("programmes.col.share", lang)] = df["share"].astype("float64").to_numpy()
    out[t("programmes.col.status", lang)] = [_status_of(r, lang) for _, r in df.iterrows()]
    out[t("programmes.col.origin", lang)] = [_origin(r, lang) for _, r in df.iterrows()]
    return out.reset_index(drop=True)


def _status_of(r, lang: str) -> str:
    text = charts.status_text(r["status"], lang)
    if r["status"] in (progress.ON_PACE, progress.BEHIND) and fmt.defined(r["expected_share"]):
        text += " " + t("programmes.expected", lang, pct=fmt.percent(r["expected_share"], 1))
    return text


def _indicator_display(df: pd.DataFrame, v: View):
    from streamlit import column_config as cc

    lang = v.lang
    out = _indicator_frame(df, v, numbers_as_text=True)
    # what a phone must see without scrolling the table first: the indicator, the party, its progress and status
    order = ["indicator", "party", "progress", "status", "target", "actual", "unit", "origin"]
    out = out[[t(f"programmes.col.{k}", lang) for k in order]]
    config = {
        t("programmes.col.progress", lang): cc.ProgressColumn(
            t("programmes.col.progress", lang), min_value=0, max_value=100, format="%d%%", width="small",
            help=t("programmes.progress_help", lang)),
        t("programmes.col.indicator", lang): cc.TextColumn(width="medium", pinned=True),
        t("programmes.col.party", lang): cc.TextColumn(width="small"),
        t("programmes.col.origin", lang): cc.TextColumn(width="medium"),
    }
    return out, {"column_config": config}, None


def _indicator_table(df: pd.DataFrame, v: View):
    lang = v.lang
    out = _indicator_frame(df, v, numbers_as_text=False)
    titles = dict(zip(tasks(v)["seq"].astype(int), tasks(v)["title"]))
    out.insert(0, t("programmes.col.task", lang), [f"{int(s)}. {titles.get(int(s), '')}" for s in df["seq"]])
    formats = {c: "text" for c in out.columns}
    formats[t("programmes.col.target", lang)] = "num"
    formats[t("programmes.col.actual", lang)] = "num"
    formats[t("programmes.col.share", lang)] = "pct"
    return out, formats


def _all_rows(v: View) -> pd.DataFrame | None:
    if programme_id(v) is None or parties(v).empty:
        return None
    df = rows(v).copy()
    df["label"] = [t("programmes.task_short", v.lang, seq=s) + " · " + n for s, n in zip(df["seq"], df["name"])]
    return df


def _parties_caption(df: pd.DataFrame, v: View) -> str:
    return t("programmes.parties_caption", v.lang, year=year(v))


def _conference_rows(v: View) -> pd.DataFrame | None:
    if programme_id(v) is None:
        return None
    return conferences(v)


def conference_lines(v: View) -> list[str]:
    """'Đã tổ chức: …', then 'Tiếp theo: place, date' or that none is planned — Markdown-safe lines."""
    lang = v.lang
    line = P.timeline(conferences(v), today())
    out = []
    for r in line.held.itertuples(index=False):
        out.append(md("programmes.conf_held_line", lang, date=fmt.date(r.held_on), place=r.place,
                      title=_txt(r.title) or t("programmes.conf_default", lang, year=r.year)))
    if line.next is not None:
        nxt = line.next
        out.append(md("programmes.conf_next_line", lang, date=fmt.date(nxt["held_on"]), place=nxt["place"],
                      title=_txt(nxt["title"]) or t("programmes.conf_default", lang, year=nxt["year"])))
    else:
        out.append(md("programmes.conf_none_next", lang))
    return out


def _conference_table(df: pd.DataFrame, v: View):
    lang = v.lang
    cols = {k: t(f"programmes.col.conf_{k}", lang) for k in ("year", "date", "place", "title", "state")}
    now = today()
    out = pd.DataFrame({
        cols["year"]: [str(y) for y in df["year"]],
        cols["date"]: df["held_on"],
        cols["place"]: df["place"],
        cols["title"]: [_txt(x) for x in df["title"]],
        cols["state"]: [t("programmes.conf_held" if d <= now else "programmes.conf_planned", lang)
                        for d in df["held_on"]],
    })
    return out, {c: ("date" if c == cols["date"] else "text") for c in out.columns}


# ---- targets (chỉ tiêu) of catalogue metrics ---------------------------------------------------------------------

def _targets(v: View) -> pd.DataFrame:
    return _once(v, "targets", v.filters, lambda: data.target_rows(v.reader, v.filters))


def _target_status(r, lang: str) -> str:
    goal = r["goal"]
    if not goal.applies:
        if goal.reason == metric_targets.NOT_FOR_DIMS:
            return t("target.na_dims", lang, dims=", ".join(t(f"target.dim.{d}", lang) for d in goal.narrowed))
        if goal.reason == metric_targets.NOT_FOR_UNITS:
            return t("target.na_units", lang, n=goal.units_with, total=goal.units_total)
        if goal.reason == metric_targets.NOT_FOR_BOUNDARY:
            return t("target.na_boundary", lang)
        return t("target.incomplete", lang, year=goal.year)
    text = charts.status_text(r["status"], lang)
    if fmt.defined(r["expected_share"]) and r["status"] in (progress.ON_PACE, progress.BEHIND):
        text += " " + t("programmes.expected", lang, pct=fmt.percent(r["expected_share"], 1))
    return text


def _targets_frame(df: pd.DataFrame, v: View, numbers_as_text: bool) -> pd.DataFrame:
    lang = v.lang
    metric = [catalogue.get(k) for k in df["metric"]]
    value = (lambda x, m: fmt.value(x, m.fmt)) if numbers_as_text else (lambda x, m: x)
    month = fmt.month(df.attrs.get("period_end"))
    out = pd.DataFrame({
        t("programmes.col.metric", lang): [m.label(lang) for m in metric],
        t("programmes.col.target", lang): [value(x, m) for x, m in zip(df["target"], metric)],
        t("programmes.col.achieved", lang, month=month): [value(x, m) for x, m in zip(df["achieved"], metric)],
    })
    if numbers_as_text:
        out[t("programmes.col.progress", lang)] = [_share_pct(s) for s in df["share"]]
    else:
        out[t("programmes.col.share", lang)] = df["share"].astype("float64").to_numpy()
        out[t("programmes.col.expected_share", lang)] = df["expected_share"].astype("float64").to_numpy()
    out[t("programmes.col.status", lang)] = [_target_status(r, lang) for _, r in df.iterrows()]
    out[t("programmes.col.unit", lang)] = [m.unit(lang) for m in metric]
    return out


def _targets_display(df: pd.DataFrame, v: View):
    from streamlit import column_config as cc

    lang = v.lang
    config = {t("programmes.col.progress", lang): cc.ProgressColumn(
        t("programmes.col.progress", lang), min_value=0, max_value=100, format="%d%%", width="small",
        help=t("programmes.progress_help", lang))}
    return _targets_frame(df, v, numbers_as_text=True), {"column_config": config}, None


def _targets_table(df: pd.DataFrame, v: View):
    lang = v.lang
    out = _targets_frame(df, v, numbers_as_text=False)
    formats = {c: "text" for c in out.columns}
    for c in (t("programmes.col.target", lang), t("programmes.col.achieved", lang,
                                                   month=fmt.month(df.attrs.get("period_end")))):
        formats[c] = "num"
    formats[t("programmes.col.share", lang)] = "pct"
    formats[t("programmes.col.expected_share", lang)] = "pct"
    return out, formats


def targets_caption(df: pd.DataFrame, v: View) -> str:
    lang = v.lang
    behind = [catalogue.get(k).label(lang) for k, s in zip(df["metric"], df["status"]) if s in progress.BAD]
    head = t("target.view_caption", lang, year=df.attrs.get("year", v.filters.end.year),
             units=tx.units_text(v.choices, v.code_names, lang), month=fmt.month(df.attrs.get("period_end")))
    if behind:
        return head + " " + t("target.behind_list", lang, n=len(behind), metrics=", ".join(behind))
    return head + " " + t("target.none_behind", lang)


def _targets_title(v: View) -> str:
    return t("target.view_title", v.lang, year=v.filters.end.year)


# ---- the page ----------------------------------------------------------------------------------------------------

def heading(v: View) -> str:
    """The chosen programme's name, as Markdown-safe text."""
    return tx.escape(programme(v)["name"])


def task_heading(v: View, block: Block) -> str:
    """A task block's heading on the page: the task's number and text, Markdown-safe (task titles are typed in)."""
    return tx.escape(task_text(v, int(block.key.split("_", 1)[1])))


def task_blocks(v: View) -> list[Block]:
    """One block per key task of the chosen programme: its indicators per party (a table with progress bars on the
    page; a chart of % achieved with the status on slides and in files)."""
    out = []
    for seq in tasks(v)["seq"]:
        seq = int(seq)
        out.append(Block(
            f"task_{seq}", _task_title(seq), kind="table", fetch=_task_rows(seq),
            defined=lambda df, v: df is not None and not df.empty, empty="programmes.task_empty",
            display=_indicator_display, table=_indicator_table, caption=_task_caption, heading="none",
            figure=lambda df, v, seq=seq: charts.indicator_progress(df, party_names(v), v.lang,
                                                                    title=task_text(v, seq)),
            widget=f"programmes_task_{seq}"))
    return out


def layout(v: View) -> list:
    return [
        Block("list", "programmes.list", kind="table", fetch=_list_rows, slide=False,
              defined=lambda df, v: df is not None and not df.empty, empty="programmes.none",
              display=_list_display, table=_list_table),
        Block("summary", lambda v: t("programmes.summary", v.lang, year=year(v)), fetch=_counts,
              defined=lambda df, v: df is not None and not df.empty, empty="programmes.no_parties",
              figure=lambda df, v: charts.status_bars(df, party_names(v), v.lang), caption=_summary_caption,
              table=_summary_table, widget="programmes_summary"),
        *task_blocks(v),
        Block("parties", lambda v: t("programmes.parties", v.lang, year=year(v)), fetch=_all_rows,
              defined=lambda df, v: df is not None and not df.empty, empty="programmes.no_parties",
              figure=lambda df, v: charts.task_comparison(df, party_names(v), v.lang),
              caption=_parties_caption, table=_indicator_table, widget="programmes_parties"),
        # the page writes the held / next lines itself (escaped: places and titles are typed in); files get the table
        Block("conferences", "programmes.conferences", fetch=_conference_rows, heading="none",
              defined=lambda df, v: df is not None and not df.empty, empty="programmes.conf_empty",
              figure=lambda df, v: charts.conference_timeline(df, today(), v.lang),
              table=_conference_table, widget="programmes_conferences"),
        Block("targets", _targets_title, kind="table", fetch=_targets,
              defined=lambda df, v: df is not None and not df.empty, empty="target.view_empty",
              display=_targets_display, table=_targets_table, caption=targets_caption,
              figure=lambda df, v: charts.target_progress(df, v.lang) if df["share"].notna().any() else None),
    ]


def sections(v: View) -> dict[str, list]:
    """The page's blocks by section, in page order (the page script draws them with the programme's header)."""
    blocks = layout(v)
    by_key = {b.key: b for b in blocks}
    return {"list": [by_key["list"]], "summary": [by_key["summary"]],
            "tasks": [b for b in blocks if b.key.startswith("task_")],
            "parties": [by_key["parties"], by_key["conferences"]], "targets": [by_key["targets"]]}


# ---- the review conference deck ----------------------------------------------------------------------------------

DECK_COMPARE_BLOCKS = ("table", "sm_members", "sm_contest_luot", "sm_link_shares")
DECK_TITLE_MAX = 80          # a longer programme name does not fit a title slide: the parties and years stand for it


def conference_of(v: View) -> pd.Series | None:
    """The conference the deck is for: the chosen year's, else the next planned, else the latest held."""
    confs = conferences(v)
    if confs.empty:
        return None
    mine = confs[confs["year"] == year(v)]
    if len(mine):
        return mine.iloc[0]
    line = P.timeline(confs, today())
    return line.next if line.next is not None else confs.iloc[-1]


def deck_plan(v: View) -> dict:
    """The review conference deck of the chosen programme and year: its name, title-slide fields (programme, place,
    date) and items — the year's result by party, one slide per task with its status, the parties side by side,
    the key comparisons of the parties on the Compare page for that year, and the conferences."""
    row, y, lang = programme(v), year(v), v.lang
    names = list(party_names(v).values())
    codes = ",".join(dict.fromkeys(str(c) for c in parties(v)["cur_code"]))
    cov = data.coverage(v.reader)
    last = min(dt.date(y, 12, 1), cov.last)
    span = {"unit": codes, "from": f"{y}-01", "to": f"{last:%Y-%m}", "lang": lang}
    own = {**span, "programme": str(int(row["programme_id"])), "year": str(y), "grain": "year", "compare": "none"}
    compare = {**span, "grain": "year", "compare": "yoy", "boundary": "current"}
    blocks = layout(v)
    items = [(KEY, b.key, own, b.title(v) if callable(b.title) else t(b.title, lang))
             for b in blocks if b.key in ("summary", "parties") or b.key.startswith("task_")]
    items.sort(key=lambda it: {"summary": 0, "parties": 2}.get(it[1], 1))
    from ui.views import compare as compare_page  # which metrics its small multiples show

    for key in DECK_COMPARE_BLOCKS:
        if key == "table":
            items.append(("compare", key, compare, t("compare.table", lang)))
        elif key[3:] in compare_page.KEYS:
            items.append(("compare", key, compare, catalogue.get(key[3:]).label(lang)))
    items.append((KEY, "conferences", own, t("programmes.conferences", lang)))
    conf = conference_of(v)
    name = t("programmes.deck_name", lang, year=y, parties=" – ".join(names))
    title = str(row["name"]) if len(str(row["name"])) <= DECK_TITLE_MAX else t(
        "programmes.deck_title", lang, parties=" – ".join(names), start=int(row["year_from"]), end=int(row["year_to"]))
    return {
        "name": name[:100],
        "title": title[:200],
        "subtitle": t("programmes.deck_subtitle", lang, year=y),
        "place": None if conf is None else conf["place"],
        "event_on": None if conf is None else conf["held_on"],
        "items": items,
    }

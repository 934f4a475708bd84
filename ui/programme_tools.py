"""The interactive parts of the "Chương trình phối hợp" page (``ui.views.programmes.TOOLS``): the button that builds
the review conference deck, and the data officers' forms for programmes, tasks, indicators, targets, actuals,
review conferences and metric targets.

Every form edit is written as an import (``data.forms``: a few rows of an import kind through ``importer.read`` and
``importer.commit``), so it is validated by the kind's own checks, is one batch in the history — undoable here at
once or later on the Data page — and one row in the audit log. The deck goes through ``data.decks.build`` (one
transaction, audited). Edit controls need a writable database (``store.writable``; roles will come from access
control). Nothing typed in or read from the database is rendered as Markdown unescaped.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from data import db, decks, importer
from data import forms as form_files
from queries import access, catalogue
from ui import auth, blocks, decks_ui, narrative_ui, store
from ui import components as c
from ui import format as fmt
from ui.messages import md, t

FLASH = "_programme_flash"          # (kind, message, batch id or None) shown after the rerun a save causes
NEW = "__new__"


def actor(lang: str) -> str:
    """The signed-in account's name, for the batch and the audit log."""
    return auth.actor()


# ---- the review conference deck -----------------------------------------------------------------------------------


def deck(view: blocks.View, decl) -> None:
    """"Tạo bài trình chiếu hội nghị": the deck of ``decl.deck_plan`` stored (created or rebuilt), then a link to it."""
    lang = view.lang
    plan = decl.deck_plan(view)
    where = ", ".join(x for x in (plan["place"] or "", fmt.date(plan["event_on"]) if plan["event_on"] else "") if x)
    help_text = md("programmes.deck_help", lang, n=len(plan["items"]) + 2, where=where or fmt.DASH)
    writable = store.writable() and auth.can(access.EDIT)      # decks are edited by roles that may edit
    clicked = st.button(t("programmes.deck_button", lang), icon=":material/co_present:", type="primary",
                        key="programmes_deck", disabled=not writable,
                        help=c.escape(help_text) if writable else t("deck.read_only_help", lang))
    if clicked:
        try:
            deck_id = decks.build(store.connection(), plan["name"], plan["items"], actor=actor(lang),
                                  title=plan["title"], subtitle=plan["subtitle"], place=plan["place"],
                                  event_on=plan["event_on"])
        except ValueError as exc:
            st.error(md("programmes.deck_failed", lang, error=exc), icon=":material/error:")
            return
        decks_ui.set_current(deck_id)
        st.session_state["_programme_deck"] = deck_id
    deck_id = st.session_state.get("_programme_deck")
    if deck_id is not None:
        st.success(md("programmes.deck_built", lang, name=plan["name"], n=len(plan["items"]) + 2),
                   icon=":material/check_circle:")
        with st.container(horizontal=True, gap="small"):
            st.link_button(t("programmes.deck_show", lang), f"/trinh-chieu?deck={deck_id}&slide=1",
                           icon=":material/slideshow:")
            st.link_button(t("programmes.deck_manage", lang), "/trinh-chieu", icon=":material/tune:")


# ---- the programme report -------------------------------------------------------------------------------------------


def report(view: blocks.View, decl) -> None:
    """"Báo cáo chương trình (Word / PDF)" in the page's export row: the drafted report of the chosen programme and
    year (``reports.narrative.programme``); nothing when no programme is chosen."""
    pid, year = decl.programme_id(view), decl.year(view)
    if pid is None or year is None:
        return
    narrative_ui.programme_buttons(view, pid, year, " ".join(decl.party_names(view).values()))


# ---- the forms ----------------------------------------------------------------------------------------------------


def _flash(lang: str) -> None:
    kind, message, batch = st.session_state.pop(FLASH, (None, None, None))
    if kind == "ok":
        st.success(c.escape(message), icon=":material/check_circle:")     # plain text (an error: from the write side)
        if batch is not None and store.writable():
            st.button(md("programmes.form_undo", lang, batch=batch), key=f"programmes_undo_{batch}", icon=":material/undo:",
                      on_click=_undo, args=(batch, lang))
    elif kind == "info":
        st.info(c.escape(message), icon=":material/info:")
    elif kind == "error":
        st.error(c.escape(message), icon=":material/error:")


def _undo(batch: int, lang: str) -> None:
    try:
        importer.undo(store.connection(), int(batch), actor(lang), scope=auth.write_scope())
    except ValueError as exc:
        st.session_state[FLASH] = ("error", str(exc), None)
        return
    st.session_state[FLASH] = ("info", t("programmes.form_undone", lang, batch=batch), None)


def _save(kind: str, rows: list[dict], what: str, lang: str) -> bool:
    """Write the form's rows as an import; the outcome is shown on the next run (or now, for refused rows)."""
    try:
        parsed, result = form_files.save(store.connection(), kind, rows, what, actor(lang), auth.write_scope())
    except Exception as exc:       # outside the scope, a lock, a full disk: the transaction was rolled back
        st.error(md("data.commit_failed", lang, error=db.explain_write_error(exc)), icon=":material/error:")
        return False
    if parsed.errors:
        st.error(t("programmes.form_refused", lang), icon=":material/block:")
        for problem in parsed.problems:
            st.text(problem.text())
        return False
    if result["batch_id"] is None:
        st.session_state[FLASH] = ("info", t("programmes.form_unchanged", lang), None)
    else:
        st.session_state[FLASH] = ("ok", t("programmes.form_saved", lang, batch=result["batch_id"],
                                           new=result["new"], replaced=result["replaced"]), result["batch_id"])
    st.rerun()
    return True


def _party_code(party: pd.Series, year: int) -> str:
    """The code of a party's unit valid on 31/12 of ``year``: its own before it became part of another, then that
    unit's (the importer checks it against that day)."""
    ends = party["valid_to"]
    if ends is None or pd.isna(ends) or dt.date(year, 12, 31) < ends:
        return str(party["code"])
    return str(party["cur_code"])


def _programme_row(decl, view, indicator: pd.Series | None = None, **changes) -> dict:
    """A programme_indicators row for the chosen programme: its programme columns, ``indicator``'s own columns
    (an existing indicator, unchanged unless ``changes`` say otherwise)."""
    prog, parties = decl.programme(view), decl.parties(view)
    tasks = decl.tasks(view)
    row = {"programme_id": int(prog["programme_id"]), "programme_name": prog["name"],
           "year_from": int(prog["year_from"]), "year_to": int(prog["year_to"]),
           "party_codes": "; ".join(_party_code(p, int(prog["year_from"])) for _, p in parties.iterrows()),
           "signed_on": prog["signed_on"], "place": prog["place"] if isinstance(prog["place"], str) else None}
    if indicator is not None:
        title = tasks.loc[tasks["seq"] == indicator["seq"], "title"].iloc[0]
        row |= {"seq": int(indicator["seq"]), "task_title": title, "indicator_id": int(indicator["indicator_id"]),
                "name": indicator["name"], "unit_of_count": indicator["unit_of_count"],
                "metric_key": catalogue.get(_key(indicator)).label_vi if _key(indicator) else None}
    row |= changes
    return row


def forms(view: blocks.View, decl) -> None:
    """"Cập nhật chương trình": one tab per thing a data officer keeps up to date (roles that may import only)."""
    lang = view.lang
    if not auth.can(access.IMPORT):
        return
    st.divider()
    with st.expander(t("programmes.forms", lang), icon=":material/edit_note:",
                     expanded=FLASH in st.session_state):
        _flash(lang)
        if not store.writable():
            st.info(t("programmes.forms_read_only", lang), icon=":material/lock:")
            return
        st.caption(t("programmes.forms_intro", lang))
        has = decl.programme(view) is not None
        names = ["form_programme", "form_indicator", "form_value", "form_conference", "form_target"]
        tabs = st.tabs([t(f"programmes.{n}", lang) for n in names])
        with tabs[0]:
            _programme_form(view, decl)
        for tab, fn in zip(tabs[1:4], (_indicator_form, _value_form, _conference_form)):
            with tab:
                if has:
                    fn(view, decl)
                else:
                    st.info(t("programmes.form_need_programme", lang), icon=":material/info:")
        with tabs[4]:
            _target_form(view, decl)


def _codes(text: str) -> str:
    return "; ".join(x.strip() for x in str(text or "").replace(",", ";").split(";") if x.strip())


def _programme_form(view, decl) -> None:
    lang = view.lang
    prog = decl.programme(view)
    options = ([str(int(prog["programme_id"]))] if prog is not None else []) + [NEW]
    which = st.radio(t("programmes.form_which", lang), options, horizontal=True, key="pf_which",
                     format_func=lambda x: t("programmes.form_new_programme", lang) if x == NEW
                     else t("programmes.form_this_programme", lang))
    new = which == NEW
    this_year = dt.date.today().year
    with st.form(f"pf_{which}", border=False):
        name = st.text_input(t("programmes.f.name", lang), value="" if new else prog["name"], max_chars=300)
        c1, c2 = st.columns(2)
        y0 = c1.number_input(t("programmes.f.year_from", lang), 2000, 2100,
                             this_year if new else int(prog["year_from"]), step=1)
        y1 = c2.number_input(t("programmes.f.year_to", lang), 2000, 2100,
                             this_year + 1 if new else int(prog["year_to"]), step=1)
        parties = "" if new else "; ".join(_party_code(p, int(prog["year_from"])) for _, p in decl.parties(view).iterrows())
        codes = st.text_input(t("programmes.f.parties", lang), value=parties, help=t("programmes.f.parties_help", lang))
        c3, c4 = st.columns(2)
        signed = c3.date_input(t("programmes.f.signed_on", lang), value=None if new else prog["signed_on"],
                               format="DD/MM/YYYY", min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
        place = c4.text_input(t("programmes.f.place", lang),
                              value="" if new or not isinstance(prog["place"], str) else prog["place"], max_chars=200,
                              key=f"pf_{which}_place")
        if new:
            st.caption(t("programmes.f.first_task", lang))
            task = st.text_input(t("programmes.f.task_title", lang), max_chars=500)
            c5, c6 = st.columns([3, 1])
            ind = c5.text_input(t("programmes.f.indicator", lang), max_chars=300)
            unit = c6.text_input(t("programmes.f.unit_of_count", lang), max_chars=50)
        if not st.form_submit_button(t("programmes.form_save", lang), icon=":material/save:", type="primary",
                                     key=f"pf_{which}_save"):
            return
    common = {"programme_name": name.strip(), "year_from": int(y0), "year_to": int(y1), "party_codes": _codes(codes),
              "signed_on": signed, "place": place.strip() or None}
    if new:
        row = {**common, "seq": 1, "task_title": task.strip(), "name": ind.strip(), "unit_of_count": unit.strip()}
        _save("programme_indicators", [row], "chuong-trinh-moi", lang)
        return
    first = decl_indicators(view, decl).iloc[0]
    _save("programme_indicators", [_programme_row(decl, view, first, **common)],
          f"chuong-trinh-{int(prog['programme_id'])}", lang)


def decl_indicators(view, decl) -> pd.DataFrame:
    from ui import programmes_data as data

    return data.indicators(view.reader, decl.programme_id(view))


def _key(indicator: pd.Series) -> str | None:
    """An indicator's linked metric key, None when it is reported by hand (NULL reads back as NaN)."""
    value = indicator["metric_key"]
    return value if isinstance(value, str) and value else None


def _vn(x) -> str:
    """A number as the form shows it for editing: 13.712; 1.234,5."""
    return fmt.number(x, 0 if float(x).is_integer() else 2)


def _target_now(view, metric: str, code: str, year: int, month: int) -> str:
    """The target already set for one unit, year and month (blank when none), for editing."""
    from queries.builder import Filters
    from ui import programmes_data as data

    cov = data.coverage(view.reader)
    unit_filter = Filters(start=cov.first, end=cov.last, units=(code,), boundary="historical", scope=view.ctx.scope)
    goal = view.reader.targets([metric], unit_filter, year).get(metric)
    if goal is None:
        return ""
    if month == 0:
        return "" if goal.target is None else _vn(goal.target)
    return ""


def _metric_options() -> list[str]:
    return [""] + list(catalogue.METRICS)


def _indicator_form(view, decl) -> None:
    lang = view.lang
    inds = decl_indicators(view, decl)
    tasks = decl.tasks(view)
    label = {str(int(i)): f"{t('programmes.task_short', lang, seq=int(s))} · {n}"
             for i, s, n in zip(inds["indicator_id"], inds["seq"], inds["name"])}
    which = st.selectbox(t("programmes.f.pick_indicator", lang), list(label) + [NEW], key="if_which",
                         format_func=lambda x: t("programmes.form_new_indicator", lang) if x == NEW else label[x])
    current = None if which == NEW else inds[inds["indicator_id"] == int(which)].iloc[0]
    seqs = [int(s) for s in tasks["seq"]]
    titles = dict(zip(seqs, tasks["title"]))
    with st.form(f"if_{which}", border=False):
        seq_options = seqs + [max(seqs, default=0) + 1]
        seq = st.selectbox(t("programmes.f.task", lang), seq_options,
                           index=seq_options.index(int(current["seq"])) if current is not None else 0,
                           format_func=lambda s: t("programmes.task", lang, seq=s, title=titles.get(
                               s, t("programmes.form_new_task", lang))))
        task_title = st.text_input(t("programmes.f.task_title", lang), value="" if current is None else
                                   titles[int(current["seq"])], help=t("programmes.f.task_title_help", lang),
                                   max_chars=500)
        c1, c2 = st.columns([3, 1])
        name = c1.text_input(t("programmes.f.indicator", lang), value="" if current is None else current["name"],
                             max_chars=300)
        unit = c2.text_input(t("programmes.f.unit_of_count", lang),
                             value="" if current is None else current["unit_of_count"], max_chars=50)
        options = _metric_options()
        linked = st.selectbox(t("programmes.f.metric", lang), options, key=f"if_{which}_metric",
                              index=options.index(_key(current) or "") if current is not None else 0,
                              format_func=lambda k: t("programmes.f.reported", lang) if not k
                              else catalogue.get(k).label(lang), help=t("programmes.f.metric_help", lang))
        if not st.form_submit_button(t("programmes.form_save", lang), icon=":material/save:", type="primary",
                                     key=f"if_{which}_save"):
            return
    title = task_title.strip() or titles.get(seq, "")
    row = _programme_row(decl, view, None, seq=int(seq), task_title=title, name=name.strip(),
                         unit_of_count=unit.strip(), indicator_id=None if current is None else int(current["indicator_id"]),
                         metric_key=catalogue.get(linked).label_vi if linked else None)
    rows = [row]
    if int(seq) in titles and title != titles[int(seq)]:
        # a renamed task: every indicator of the task carries the same title (the kind checks they agree)
        for _, other in inds[(inds["seq"] == seq) & (inds["indicator_id"] != row["indicator_id"])].iterrows():
            rows.append(_programme_row(decl, view, other, task_title=title))
    _save("programme_indicators", rows, f"chi-so-{which if which != NEW else 'moi'}", lang)


def _value_form(view, decl) -> None:
    lang = view.lang
    inds = decl_indicators(view, decl)
    parties = decl.parties(view)
    prog = decl.programme(view)
    if inds.empty or parties.empty:
        st.info(t("programmes.form_need_indicator", lang), icon=":material/info:")
        return
    c1, c2, c3 = st.columns([3, 1, 1])
    label = {int(i): f"{t('programmes.task_short', lang, seq=int(s))} · {n}"
             for i, s, n in zip(inds["indicator_id"], inds["seq"], inds["name"])}
    iid = c1.selectbox(t("programmes.f.pick_indicator", lang), list(label), format_func=label.get, key="vf_ind")
    names = decl.party_names(view)
    party = c2.selectbox(t("programmes.col.party", lang), list(names), format_func=names.get, key="vf_party")
    years = list(range(int(prog["year_from"]), int(prog["year_to"]) + 1))
    year = c3.selectbox(t("programmes.year", lang), years, index=years.index(decl.year(view))
                        if decl.year(view) in years else 0, key="vf_year")
    ind = inds[inds["indicator_id"] == iid].iloc[0]
    from ui import programmes_data as data

    have = data.assessed(view.reader, decl.programme_id(view), view.filters, int(year))
    have = have[(have["indicator_id"] == iid) & (have["party"] == party) & (have["year"] == year)]
    cur = have.iloc[0] if len(have) else None
    linked = _key(ind) is not None

    def val(col):
        return "" if cur is None or not fmt.defined(cur[col]) else _vn(cur[col])

    def txt(col):
        return "" if cur is None or not isinstance(cur[col], str) else cur[col]

    k = f"vf_{iid}_{party}_{year}"
    with st.form(k, border=False):
        a, b = st.columns(2)
        target = a.text_input(t("programmes.col.target", lang), value=val("target"), key=f"{k}_target",
                              help=t("programmes.f.number_help", lang))
        if linked:
            b.text_input(t("programmes.col.actual", lang), value=t("programmes.linked", lang, metric=catalogue.get(
                ind["metric_key"]).label(lang)), disabled=True)
            actual = None
        else:
            actual = b.text_input(t("programmes.col.actual", lang), value=val("actual"), key=f"{k}_actual",
                                  help=t("programmes.f.number_help", lang))
        note = st.text_input(t("programmes.f.note", lang), value=txt("note"), disabled=linked, max_chars=300,
                             key=f"{k}_note")
        source = st.text_input(t("programmes.f.source", lang), value=txt("source"), disabled=linked, max_chars=300,
                               help=t("programmes.f.source_help", lang), key=f"{k}_source")
        if not st.form_submit_button(t("programmes.form_save", lang), icon=":material/save:", type="primary",
                                     key=f"{k}_save"):
            return
    p = parties[parties["unit_id"] == party].iloc[0]
    row = {"indicator_id": int(iid), "unit_code": _party_code(p, int(year)), "year": int(year), "target": target,
           "actual": actual, "note": None if linked else (note.strip() or None),
           "source": None if linked else (source.strip() or None)}
    _save("indicator_values", [row], f"chi-tieu-ket-qua-{iid}-{p['code']}-{year}", lang)


def _conference_form(view, decl) -> None:
    lang = view.lang
    prog = decl.programme(view)
    confs = decl.conferences(view)
    years = list(range(int(prog["year_from"]), int(prog["year_to"]) + 1))
    year = st.selectbox(t("programmes.col.conf_year", lang), years, key="cf_year",
                        index=years.index(decl.year(view)) if decl.year(view) in years else 0)
    mine = confs[confs["year"] == year]
    cur = mine.iloc[0] if len(mine) else None
    k = f"cf_{int(prog['programme_id'])}_{year}"
    with st.form(k, border=False):
        a, b = st.columns(2)
        day = a.date_input(t("programmes.col.conf_date", lang), value=None if cur is None else cur["held_on"],
                           format="DD/MM/YYYY", min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31),
                           key=f"{k}_date")
        place = b.text_input(t("programmes.col.conf_place", lang), value="" if cur is None else cur["place"],
                             max_chars=200, key=f"{k}_place")
        title = st.text_input(t("programmes.col.conf_title", lang),
                              value="" if cur is None or not isinstance(cur["title"], str) else cur["title"],
                              max_chars=300)
        note = st.text_input(t("programmes.f.note", lang),
                             value="" if cur is None or not isinstance(cur["note"], str) else cur["note"], max_chars=300,
                             key=f"{k}_note")
        if not st.form_submit_button(t("programmes.form_save", lang), icon=":material/save:", type="primary",
                                     key=f"{k}_save"):
            return
    row = {"programme_id": int(prog["programme_id"]), "year": int(year), "held_on": day,
           "place": place.strip(), "title": title.strip() or None, "note": note.strip() or None}
    _save("programme_conferences", [row], f"hoi-nghi-{int(prog['programme_id'])}-{year}", lang)


def _target_form(view, decl) -> None:
    lang = view.lang
    st.caption(t("programmes.f.target_intro", lang))
    keys = [k for k, m in catalogue.METRICS.items() if m.kind != catalogue.RATIO]
    c1, c2, c3, c4 = st.columns([3, 2, 1, 1])
    metric = c1.selectbox(t("programmes.col.metric", lang), keys, format_func=lambda k: catalogue.get(k).label(lang),
                          key="tf_metric")
    year = c3.number_input(t("programmes.year", lang), 2000, 2100, view.filters.end.year, step=1, key="tf_year")
    units = view.units
    end = dt.date(int(year), 12, 31)
    alive = units[(units["valid_from"].map(pd.Timestamp) <= pd.Timestamp(end))
                  & (units["valid_to"].isna() | (units["valid_to"].map(pd.Timestamp) > pd.Timestamp(end)))]
    scope = view.ctx.scope
    options = [str(code) for code in alive["code"]]
    if scope is not None:
        now = dict(zip(units["unit_id"], units["code"]))
        allowed = set(scope)
        options = [str(code) for code, succ, uid in zip(alive["code"], alive["successor_id"], alive["unit_id"])
                   if (now.get(int(succ)) if pd.notna(succ) else now.get(int(uid))) in allowed]
    names = dict(zip(alive["code"].astype(str), alive["name"]))
    chosen = [u for u in view.choices.units if u in options]
    unit = c2.selectbox(t("programmes.f.unit", lang), options, index=options.index(chosen[0]) if chosen else 0,
                        format_func=lambda code: f"{code} — {names.get(code, code)}", key="tf_unit")
    month = c4.selectbox(t("programmes.f.month", lang), list(range(0, 13)), key="tf_month",
                         format_func=lambda m: t("programmes.f.whole_year", lang) if m == 0 else f"{m:02d}")
    k = f"tf_{metric}_{unit}_{year}_{month}"
    with st.form(k, border=False):
        target = st.text_input(t("programmes.col.target", lang), value=_target_now(view, metric, unit, int(year), month),
                               help=t("programmes.f.target_help", lang), key=f"{k}_target")
        if not st.form_submit_button(t("programmes.form_save", lang), icon=":material/save:", type="primary",
                                     key=f"{k}_save"):
            return
    row = {"metric_key": catalogue.get(metric).label_vi, "unit_code": unit, "year": int(year), "target": target,
           "month": int(month) or None}
    _save("metric_targets", [row], f"chi-tieu-{metric}-{unit}-{year}" + (f"-{int(month):02d}" if month else ""), lang)

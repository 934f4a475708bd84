"""The administrator's pages: the audit log (``/nhat-ky``) and the accounts (``/tai-khoan``), role ``quan_tri``.

The audit log is read here (``queries.access.audit_entries``) and only read: the page filters it by day, person,
action and text, shows it newest first and downloads it as CSV or Excel (itself an audited export). The
accounts page lists the accounts and changes them through ``data.accounts`` (each change one audited
transaction, actor the signed-in administrator). Every page first calls ``auth.require``: an account of another
role opening the link gets a refusal and nothing is read. Values from the database are shown as text
(``st.dataframe``, ``st.text``), never as Markdown.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from queries import access
from reports import model, tables
from ui import auth, store
from ui import filters as flt
from ui import format as fmt
from ui.markdown import escape
from ui.messages import md, t
from ui.page import current, show_notices

AUDIT_LIMIT = 5000
FLASH = "_admin_flash"


def _flash(kind: str, message: str) -> None:
    st.session_state[FLASH] = (kind, message)


def _show_flash() -> None:
    kind, message = st.session_state.pop(FLASH, (None, None))
    if kind == "error":
        st.error(escape(message), icon=":material/error:")       # plain text: names typed in, refusals
    elif kind == "ok":
        st.success(escape(message), icon=":material/check_circle:")


# ---- the audit log ----------------------------------------------------------------------------------------


def audit_frame(entries: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Audit rows with Vietnamese headers, the time as dd/mm/yyyy HH:MM:SS and the action in words."""
    def label(action: str) -> str:
        return t(f"audit.action.{action}", lang) if action in access.ACTIONS else str(action)

    return pd.DataFrame({
        t("audit.col.at", lang): [f"{pd.Timestamp(x):%d/%m/%Y %H:%M:%S}" for x in entries["logged_at"]],
        t("audit.col.actor", lang): entries["actor"].astype(str),
        t("audit.col.action", lang): [label(a) for a in entries["action"]],
        t("audit.col.target", lang): entries["target"].fillna(""),
        t("audit.col.detail", lang): entries["detail"].fillna(""),
        t("audit.col.client", lang): entries["client"].fillna(""),
    })


def audit_page() -> None:
    lang = current().lang
    auth.require("audit", lang)
    st.title(t("audit.title", lang))
    st.caption(t("audit.intro", lang))
    show_notices(current().notices, lang)            # the link's notices, as on every page
    cur = store.connection().cursor()
    try:
        actors = access.audit_actors(cur)
    finally:
        cur.close()
    today = dt.date.today()
    c1, c2, c3 = st.columns(3)
    start = c1.date_input(t("audit.from", lang), value=today - dt.timedelta(days=30), format="DD/MM/YYYY",
                          key="audit_from")
    end = c2.date_input(t("audit.to", lang), value=today, format="DD/MM/YYYY", key="audit_to")
    everyone = t("audit.actor_all", lang)
    actor = c3.selectbox(t("audit.actor", lang), [everyone] + actors, key="audit_actor")
    c4, c5 = st.columns(2)
    actions = c4.multiselect(t("audit.actions", lang), list(access.ACTIONS), key="audit_actions",
                             format_func=lambda a: t(f"audit.action.{a}", lang),
                             placeholder=t("audit.actions_all", lang))
    text = c5.text_input(t("audit.search", lang), key="audit_text", max_chars=100).strip()
    if start and end and start > end:
        start, end = end, start
    cur = store.connection().cursor()
    try:
        entries = access.audit_entries(cur, start or None, end or None, None if actor == everyone else actor,
                                       actions, text or None, limit=AUDIT_LIMIT)
    finally:
        cur.close()
    if entries.empty:
        st.info(t("audit.empty", lang), icon=":material/search_off:")
        return
    shown = audit_frame(entries, lang)
    st.caption(md("audit.count", lang, n=fmt.number(len(shown)), limit=fmt.number(AUDIT_LIMIT)))
    st.dataframe(shown, hide_index=True, width="stretch", key="audit_table")
    item = model.Item(key="audit", title=t("audit.title", lang), table=shown,
                      formats={c: "text" for c in shown.columns}, kind="table")
    period = f"{start:%d/%m/%Y} – {end:%d/%m/%Y}" if start and end else "—"
    meta = model.Meta(title=t("audit.title", lang), units="—", period=period, compare="—", boundary="—",
                      freshness="—", lang=lang)
    stem = f"nhat-ky_{start:%Y%m%d}-{end:%Y%m%d}" if start and end else "nhat-ky"
    with st.container(horizontal=True, gap="small"):
        st.download_button(t("audit.export_csv", lang), data=auth.audited(lambda: tables.csv_bytes(item, meta),
                                                                          f"{stem}.csv"),
                           file_name=f"{stem}.csv", mime="text/csv", key="audit_csv", on_click="ignore",
                           icon=":material/csv:")
        st.download_button(t("audit.export_xlsx", lang), data=auth.audited(lambda: tables.xlsx_bytes(item, meta),
                                                                           f"{stem}.xlsx"),
                           file_name=f"{stem}.xlsx", key="audit_xlsx", on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/table_view:")


# ---- accounts -----------------------------------------------------------------------------------------------


def accounts_frame(df: pd.DataFrame, lang: str, unit_names: dict[str, str]) -> pd.DataFrame:
    def state(disabled, locked_until) -> str:
        if bool(disabled):
            return t("accounts.state.disabled", lang)
        if locked_until is not None and not pd.isna(locked_until) and pd.Timestamp(locked_until) > pd.Timestamp.now():
            return t("accounts.state.locked", lang, until=f"{pd.Timestamp(locked_until):%H:%M %d/%m/%Y}")
        return t("accounts.state.active", lang)

    def scope(text) -> str:
        codes = access.scope_of(text)
        return t("access.scope_all", lang) if codes is None else ", ".join(f"{unit_names.get(c, c)} ({c})"
                                                                           for c in codes)

    def when(x) -> str:
        return "—" if x is None or pd.isna(x) else f"{pd.Timestamp(x):%d/%m/%Y %H:%M}"

    return pd.DataFrame({
        t("accounts.col.username", lang): df["username"],
        t("accounts.col.display", lang): df["display_name"].fillna(""),
        t("accounts.col.role", lang): [t(f"access.role.{r}", lang) for r in df["role"]],
        t("accounts.col.scope", lang): [scope(x) for x in df["scope"]],
        t("accounts.col.email", lang): df["email"].fillna(""),
        t("accounts.col.state", lang): [state(d, u) for d, u in zip(df["disabled"], df["locked_until"])],
        t("accounts.col.last", lang): [when(x) for x in df["last_sign_in_at"]],
    })


def _scope_input(text: str, ctx: flt.Context):
    current_codes = list(ctx.current_units)
    merged = {old: new for old, (new, _name) in ctx.merged_into.items()}
    return access.parse_scope(text, current_codes, merged)


def _change(fn, message: str, *args, **kwargs) -> bool:
    """Run one account change of ``data.accounts`` as the signed-in administrator; its refusal is shown."""
    if not auth.can(access.ADMIN):
        return False
    try:
        fn(store.connection(), *args, actor=auth.actor(), client=auth.client(), **kwargs)
    except access.AccessError as exc:
        _flash("error", str(exc))
        return False
    _flash("ok", message)
    return True


def _on_create(lang: str) -> None:
    from data import accounts

    ss = st.session_state
    if ss.get("acc_new_password") != ss.get("acc_new_password2"):
        _flash("error", t("accounts.password_mismatch", lang))
        return
    try:
        scope = _scope_input(ss.get("acc_new_scope") or access.ALL, current().ctx)
    except access.AccessError as exc:
        _flash("error", str(exc))
        return
    name = access.normal_username(ss.get("acc_new_name", ""))
    if _change(accounts.create, t("accounts.created", lang, name=name), name, ss.get("acc_new_role"), scope,
               ss.get("acc_new_password") or None, email=ss.get("acc_new_email") or None,
               display_name=ss.get("acc_new_display") or None):
        for key in ("acc_new_name", "acc_new_password", "acc_new_password2", "acc_new_email", "acc_new_display",
                    "acc_new_scope"):
            ss[key] = ""


def _on_save(name: str, lang: str) -> None:
    from data import accounts

    ss = st.session_state
    try:
        scope = _scope_input(ss.get("acc_edit_scope") or access.ALL, current().ctx)
    except access.AccessError as exc:
        _flash("error", str(exc))
        return
    done = t("accounts.saved", lang, name=name)
    row = access.accounts(store.connection()).set_index("username").loc[name]
    if ss.get("acc_edit_role") != row["role"]:
        if not _change(accounts.set_role, done, name, ss.get("acc_edit_role")):
            return
    if scope != access.scope_of(row["scope"]):
        if not _change(accounts.set_scope, done, name, scope):
            return
    email = (ss.get("acc_edit_email") or "").strip().lower() or None
    old_email = None if row["email"] is None or pd.isna(row["email"]) else row["email"]
    if email != old_email:
        _change(accounts.set_email, done, name, email)
    if FLASH not in ss:
        _flash("ok", done)


def _on_disable(name: str, disabled: bool, lang: str) -> None:
    from data import accounts

    _change(accounts.set_disabled, t("accounts.saved", lang, name=name), name, disabled)


def _on_reset(name: str, lang: str) -> None:
    from data import accounts

    ss = st.session_state
    password = ss.get("acc_reset_password") or ""
    if _change(accounts.set_password, t("accounts.reset_done", lang, name=name), name, password):
        ss["acc_reset_password"] = ""


def accounts_page() -> None:
    P = current()
    lang = P.lang
    auth.require("accounts", lang)
    st.title(t("accounts.title", lang))
    st.caption(t("accounts.intro", lang))
    show_notices(P.notices, lang)
    _show_flash()
    can_write = store.writable()
    if not can_write:
        st.warning(t("accounts.read_only", lang), icon=":material/lock:")
    listed = access.accounts(store.connection())
    st.dataframe(accounts_frame(listed, lang, P.ctx.current_units), hide_index=True, width="stretch",
                 key="accounts_table")
    roles = list(access.ROLES)

    with st.expander(t("accounts.add", lang), icon=":material/person_add:"):
        with st.form("acc_new", border=False):
            c1, c2 = st.columns(2)
            c1.text_input(t("accounts.col.username", lang), key="acc_new_name", max_chars=64)
            c2.text_input(t("accounts.col.display", lang), key="acc_new_display", max_chars=100)
            c1.selectbox(t("accounts.col.role", lang), roles, key="acc_new_role",
                         format_func=lambda r: t(f"access.role.{r}", lang))
            c2.text_input(t("accounts.col.scope", lang), key="acc_new_scope", placeholder=access.ALL, max_chars=300)
            c1.text_input(t("access.signin.password", lang), key="acc_new_password", type="password",
                          max_chars=access.MAX_PASSWORD, autocomplete="new-password")
            c2.text_input(t("accounts.password2", lang), key="acc_new_password2", type="password",
                          max_chars=access.MAX_PASSWORD, autocomplete="new-password")
            st.text_input(t("accounts.col.email", lang), key="acc_new_email", max_chars=200)
            st.form_submit_button(t("accounts.create", lang), icon=":material/person_add:", disabled=not can_write,
                                  on_click=_on_create, args=(lang,))

    if listed.empty:
        return
    st.subheader(t("accounts.edit", lang))
    names = list(listed["username"])
    name = st.selectbox(t("accounts.pick", lang), names, key="acc_pick")
    row = listed.set_index("username").loc[name]
    # the widgets show the chosen account's values whenever the choice changes
    if st.session_state.get("_acc_loaded") != name:
        st.session_state["_acc_loaded"] = name
        st.session_state["acc_edit_role"] = row["role"]
        st.session_state["acc_edit_scope"] = access.scope_text(access.scope_of(row["scope"]))
        st.session_state["acc_edit_email"] = "" if row["email"] is None or pd.isna(row["email"]) else row["email"]
    with st.form("acc_edit", border=True):
        c1, c2, c3 = st.columns(3)
        c1.selectbox(t("accounts.col.role", lang), roles, key="acc_edit_role",
                     format_func=lambda r: t(f"access.role.{r}", lang))
        c2.text_input(t("accounts.col.scope", lang), key="acc_edit_scope", max_chars=300)
        c3.text_input(t("accounts.col.email", lang), key="acc_edit_email", max_chars=200)
        st.form_submit_button(t("accounts.save", lang), icon=":material/save:", disabled=not can_write,
                              on_click=_on_save, args=(name, lang))
    with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
        st.text_input(t("accounts.new_password", lang), key="acc_reset_password", type="password",
                      max_chars=access.MAX_PASSWORD, autocomplete="new-password")
        st.button(t("accounts.reset", lang), key="acc_reset", icon=":material/password:", disabled=not can_write,
                  on_click=_on_reset, args=(name, lang))
        disabled = bool(row["disabled"])
        st.button(t("accounts.enable" if disabled else "accounts.disable", lang), key="acc_toggle",
                  icon=":material/lock_open:" if disabled else ":material/lock:", disabled=not can_write,
                  on_click=_on_disable, args=(name, not disabled, lang))

"""Sign-in in the app: who the session is, the sign-in page, sign-out, expiry, page refusal, audited downloads.

The entry script asks ``session_account(ref)`` before anything else: the demo account on the sample database
while no account exists (``queries.access.DEMO``, said on every page), else the signed-in account — still
enabled, with its role and scope as stored now, and active within ``session_minutes()`` — or None. With None
the script registers its pages without a menu (so the link's page and parameters survive) and calls
``sign_in_page``, which draws the form (and single sign-on when ``.streamlit/secrets.toml`` configures an
identity provider) and stops the run: no figure is computed before sign-in. Admitting a session sets the
scope every read of ``ui.store`` applies.

Pages never decide who may see them: navigation shows the pages of the role (``visibility``), and a page opened
by its link calls ``require(page)``, which refuses with a Vietnamese message. Downloads go through
``audited`` (the file is made, then an 'export' row is appended — the download never reruns the page).
Every outcome of a sign-in is written by ``data.accounts`` to the audit log with the client's address.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable

import streamlit as st

from data import audit
from queries import access
from queries.access import Account
from ui import store
from ui.markdown import escape
from ui.messages import md, t

log = logging.getLogger(__name__)

ACCOUNT_KEY = "_access_account"      # the admitted Account
SEEN_KEY = "_access_last_seen"       # time.time() of the session's last run
VIA_KEY = "_access_via"              # 'password' | 'oidc'
FLASH_KEY = "_access_flash"          # a message for the sign-in page (expired, signed out)
MINUTES_ENV = "TUYENGIAO_SESSION_MINUTES"
DEFAULT_MINUTES = 30


def session_minutes() -> int:
    """Minutes without activity after which a session ends (``TUYENGIAO_SESSION_MINUTES``, default 30)."""
    try:
        return max(1, int(os.environ.get(MINUTES_ENV, DEFAULT_MINUTES)))
    except ValueError:
        return DEFAULT_MINUTES


def client() -> str | None:
    """Where the request comes from: the connection's address; for a connection from this machine (Streamlit
    gives no address then) the address a reverse proxy on this machine forwards (X-Forwarded-For, X-Real-IP),
    else 'localhost'. None without a request (a test harness)."""
    try:
        ip = st.context.ip_address
        if ip:
            return ip
        headers = st.context.headers
        forwarded = (headers.get("X-Forwarded-For") or headers.get("X-Real-Ip") or "").split(",")[0].strip()
        return forwarded[:64] or "localhost"
    except Exception:  # no request context
        return None


def demo_mode(ref: dict) -> bool:
    """The sample database with no account at all: no sign-in (said on every page)."""
    return ref["meta"].get("is_sample") == "1" and access.account_count(
        store.connection(), ref.get("accounts_table")) == 0


def current() -> Account | None:
    """The account admitted for this run (None before the gate admitted one)."""
    return st.session_state.get(ACCOUNT_KEY)


def can(permission: str) -> bool:
    account = current()
    return account is not None and account.can(permission)


def actor() -> str:
    """The audit log's actor for a write from this session: the signed-in name ('demo' in demo mode). Every web
    write asks it first, so it also sets the audit's client address for that write: a widget callback (the deck
    manager's buttons) runs before the page run that sets it (``session_account``)."""
    audit.set_client(client())
    account = current()
    return account.username if account is not None else "?"


def check_write(unit_ids) -> None:
    """Refuse (``queries.access.AccessError``, a Vietnamese message naming the units) a write of this session
    touching units outside the account's scope, or by a role that may not import — for the Data page's
    import, form and undo: ``auth.check_write(unit_ids_of_the_rows)`` before ``importer.commit``/``undo``."""
    account = current()
    if account is None:
        raise access.AccessError("chưa đăng nhập")
    access.check_write(store.connection(), account, unit_ids)


def write_scope():
    """What this session may write, for ``importer.commit``/``undo``'s ``scope`` (``access.write_predicate``)."""
    account = current()
    if account is None:
        raise access.AccessError("chưa đăng nhập")
    return access.write_predicate(store.connection(), account)


def preview_scope():
    """The scope a preview is checked against before it shows the stored values a file would replace: the account's
    own (a Sơn La officer never sees Đà Nẵng's figures there, writable or not); None for every unit."""
    account = current()
    return None if account is None else access.scope_predicate(store.connection(), account.scope)


def visible_batches(history):
    """The import history this session may see (``access.batches_in_scope``)."""
    account = current()
    if account is None:
        return history.iloc[0:0]
    return access.batches_in_scope(history, account.scope)


# ---- the gate --------------------------------------------------------------------------------------------


def session_account(ref: dict) -> Account | None:
    """The account this run is for (admitting it: its scope for every read), or None when sign-in is needed."""
    audit.set_client(client())
    if demo_mode(ref):
        _admit(access.DEMO, "demo")
        return access.DEMO
    ss = st.session_state
    account = ss.get(ACCOUNT_KEY)
    if account is not None and not account.demo:
        minutes = session_minutes()
        if time.time() - ss.get(SEEN_KEY, 0.0) > minutes * 60:
            _end(account, "session_expired", f"hết phiên sau {minutes} phút không thao tác",
                 t("access.signin.expired", _lang(), minutes=minutes))
            return None
        fresh = access.active_account(store.connection(), account.username, ref.get("accounts_table"))
        if fresh is None:              # disabled (or removed) since sign-in: the session ends at its next step
            _end(account, "sign_out", "tài khoản không còn hoạt động", t("access.signin.ended", _lang()))
            return None
        _admit(fresh, ss.get(VIA_KEY, "password"))
        return fresh
    if account is not None:            # a demo session of a database that has accounts now
        _forget()
    sso = _sso_account()
    if sso is not None:
        _admit(sso, "oidc")
        return sso
    store.set_session_scope(())        # nothing admitted: nothing readable
    return None


def _lang() -> str:
    return st.session_state.get("lang", "vi")


def _admit(account: Account, via: str) -> None:
    ss = st.session_state
    if ss.get(ACCOUNT_KEY) != account:
        ss[ACCOUNT_KEY] = account
    ss[VIA_KEY] = via
    ss[SEEN_KEY] = time.time()
    store.set_session_scope(account.scope)


def _forget() -> None:
    """Clear the whole session (choices, drill paths, uploads of the previous person), keeping the language."""
    ss = st.session_state
    lang = ss.get("lang")
    for key in list(ss.keys()):
        del ss[key]
    if lang:
        ss["lang"] = lang
    store.set_session_scope(())


def _end(account: Account, action: str, detail: str, message: str | None) -> None:
    via = st.session_state.get(VIA_KEY)
    _record(account, action, None, detail)
    _forget()
    if message:
        st.session_state[FLASH_KEY] = message
    if via == "oidc" and _sso_configured():
        st.logout()          # drop the identity cookie too, or the next run would sign the session in again


def _record(account: Account, action: str, target: str | None, detail: str | None, con=None,
            client_: str | None = None, writable: bool | None = None) -> None:
    from data import accounts

    try:
        accounts.record(con or store.connection(), account, action, target, detail,
                        client=client_ if client_ is not None else client(),
                        writable=store.writable() if writable is None else writable)
    except Exception:  # the audit must never break the page; the server log keeps the trace
        log.exception("audit row %s for %s could not be written", action, account.username)


# ---- single sign-on (OIDC through st.login) ---------------------------------------------------------------


def _auth_section():
    try:
        section = st.secrets.get("auth")
    except Exception:      # no secrets.toml, or one that does not parse
        return None
    return section if section else None


def _sso_configured() -> bool:
    """An identity provider in ``.streamlit/secrets.toml``: [auth] with redirect_uri, cookie_secret and a client
    (directly, or in one [auth.NAME] section)."""
    section = _auth_section()
    if not section or "redirect_uri" not in section or "cookie_secret" not in section:
        return False
    return "client_id" in section or bool(_providers(section))


def _providers(section) -> list[str]:
    return [k for k, v in section.items() if hasattr(v, "get") and "client_id" in v]


def _sso_email() -> str | None:
    """The identity's e-mail, unless the provider says it is not verified (``email_verified: false``): an account is
    matched by e-mail, and an unverified address could be anyone's."""
    try:
        if not st.user.is_logged_in:
            return None
        if st.user.get("email_verified") in (False, "false", "False"):
            return None
        return st.user.get("email")
    except Exception:
        return None


def _sso_account() -> Account | None:
    """An identity from the provider matched to its account by e-mail (signed in once per session)."""
    if not _sso_configured():
        return None
    email = _sso_email()
    if not email:
        return None
    tried = st.session_state.get("_access_sso_tried")
    if tried == email:             # refused already in this session: do not log it again at every rerun
        return None
    from data import accounts

    st.session_state["_access_sso_tried"] = email
    return accounts.sign_in_by_email(store.connection(), email, client=client(), writable=store.writable())


# ---- the sign-in page -------------------------------------------------------------------------------------


def sign_in_page(lang: str) -> None:
    """The sign-in form (and single sign-on), then stop: nothing else of the app runs before sign-in."""
    st.title(t("access.signin.title", lang))
    st.caption(t("access.signin.intro", lang))
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.info(escape(flash), icon=":material/info:")
    if access.account_count(store.connection(), store.reference().get("accounts_table")) == 0:
        st.warning(t("access.signin.no_accounts", lang), icon=":material/person_off:")
        st.stop()
    if _sso_configured():
        if _sso_email():
            st.error(t("access.signin.sso_unknown", lang), icon=":material/block:")
            st.button(t("access.signin.sso_out", lang), on_click=st.logout, key="access_sso_out")
        else:
            section = _auth_section()
            provider = None if "client_id" in section else _providers(section)[0]
            st.button(t("access.signin.sso", lang), type="primary", icon=":material/login:", key="access_sso",
                      on_click=st.login, args=(provider,) if provider else ())
        st.caption(t("access.signin.or", lang))
    with st.form("access_signin", border=True, enter_to_submit=True):
        name = st.text_input(t("access.signin.username", lang), key="access_username", max_chars=64,
                             autocomplete="username")
        password = st.text_input(t("access.signin.password", lang), key="access_password", type="password",
                                 max_chars=access.MAX_PASSWORD, autocomplete="current-password")
        submitted = st.form_submit_button(t("access.signin.submit", lang), type="primary", icon=":material/login:")
    if submitted:
        if not name.strip() or not password:
            st.error(t("access.signin.empty", lang), icon=":material/error:")
            st.stop()
        from data import accounts

        attempt = accounts.authenticate(store.connection(), name, password, client=client(),
                                        writable=store.writable())
        if attempt.account is not None:
            _forget()
            _admit(attempt.account, "password")
            st.rerun()
        st.error(t("access.signin.failed", lang), icon=":material/error:")
    st.stop()


def sign_out() -> None:
    """The sign-out button's callback: audited, the whole session cleared (single sign-on: its cookie too)."""
    account = current()
    if account is None or account.demo:
        return
    _end(account, "sign_out", "đăng xuất", t("access.signin.signed_out", _lang()))


def account_box(account: Account, lang: str, unit_names: dict[str, str]) -> None:
    """Who is signed in, their role and scope, and the sign-out button (in the sidebar)."""
    if account.demo:
        st.caption(t("access.demo_notice", lang))
        return
    scope = t("access.scope_all", lang) if account.scope is None else \
        ", ".join(unit_names.get(c, c) for c in account.scope)
    st.caption(md("access.user_line", lang, name=account.label, role=t(f"access.role.{account.role}", lang),
                  scope=scope))
    st.button(t("access.sign_out", lang), on_click=sign_out, key="access_sign_out", icon=":material/logout:",
              width="stretch")


# ---- pages and actions ------------------------------------------------------------------------------------


def visibility(account: Account | None, page: str) -> str:
    """'visible' in the menu for the pages the role may open, else 'hidden' (a link still reaches the page,
    which refuses). Before sign-in every page is registered (the menu itself is hidden)."""
    return "visible" if account is None or account.may_open(page) else "hidden"


def require(page: str, lang: str | None = None) -> Account:
    """A page checks itself: the account may open it, or a Vietnamese refusal and the run stops."""
    account = current()
    lang = lang or _lang()
    if account is not None and account.may_open(page):
        return account
    role = t(f"access.role.{account.role}", lang) if account is not None else "—"
    key = "access.refused_demo" if account is not None and account.demo else "access.refused"
    st.error(md(key, lang, role=role, page=t(_PAGE_TITLES.get(page, "access.signin.title"), lang)),
             icon=":material/block:")
    st.stop()


_PAGE_TITLES = {"overview": "overview.title", "channels": "nav.channels", "teams": "nav.teams",
                "activities": "nav.activities", "contests": "nav.contests", "compare": "nav.compare",
                "present": "present.nav", "data": "nav.data", "glossary": "nav.glossary", "audit": "nav.audit",
                "accounts": "nav.accounts"}


def audited(make: Callable[[], bytes], what: str) -> Callable[[], bytes]:
    """A download's ``data`` callable that appends an 'export' audit row (who, what file, from where) once the
    file is made. Everything it needs is taken now: Streamlit calls it outside the page's run."""
    account, where, con, writable = current(), client(), store.connection(), store.writable()

    def data() -> bytes:
        payload = make()
        if account is not None:
            _record(account, "export", what, None, con=con, client_=where, writable=writable)
        return payload

    return data

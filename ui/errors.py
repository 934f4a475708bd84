"""What a user sees when a page fails: a Vietnamese message; the trace goes to the server log.

``.streamlit/config.toml`` sets ``client.showErrorDetails = "none"`` so Streamlit never shows a trace (paths,
SQL, values) in the browser; ``run`` adds the message in the user's language. With ``TUYENGIAO_DEBUG=1``
(development and the test suite) the error is raised again after logging, so tests see it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

import streamlit as st

from ui.messages import t

DEBUG_ENV = "TUYENGIAO_DEBUG"
log = logging.getLogger("tuyengiao.page")


def run(page: Callable[[], None], lang: str = "vi") -> None:
    """Run a page; an exception is logged with its trace and shown as one Vietnamese line."""
    try:
        page()
    except Exception:           # st.stop / st.rerun are not Exceptions and pass through
        log.exception("page failed")
        if os.environ.get(DEBUG_ENV, "0") == "1":
            raise
        st.error(t("access.error", lang), icon=":material/error:")

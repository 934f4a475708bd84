"""Cached look-ups the Activities page needs beyond ``ui.store``: labels of activity types and source levels.

Same caching pattern as ``ui.store`` (keyed on the database path and its data version, so an import
shows at once). Reads go through ``queries.builder``; no SQL here.
"""

from __future__ import annotations

from queries import builder
from ui import store

# The source level of rows that have none (every activity but link shares): never shown as a level.
NOT_APPLICABLE = "khong"

# Each activity type and the catalogue metric that counts it.
TYPE_METRICS = {
    "bai_viet": "posts",
    "chia_se_link": "link_shares",
    "binh_luan": "guided_comments",
    "bao_cao_vi_pham": "violation_reports",
    "livestream_video": "livestreams",
}
LINK_TYPE = "chia_se_link"


def labels(dim: str, lang: str = "vi", reader=store) -> dict[str, str]:
    """{key: label} of a dimension's members in their sort order (source levels without 'khong');
    ``reader`` is ``ui.store`` on a page, a ``blocks.DirectReader`` elsewhere."""
    df = reader.read(builder.lookup, dim)
    col = "label_vi" if lang == "vi" else "label_en"
    out = {str(k): str(v) for k, v in zip(df["key"], df[col])}
    if dim == "source_level":
        out.pop(NOT_APPLICABLE, None)
    return out

"""Data the channels page needs beside the metric layer: channel attributes and the channel table.

Channel attributes (name, address, dates) come from ``queries.lists.entities``, cached here on the
database path and data version like ``ui.store``; every number per channel still comes from the metric
layer (``store.totals`` cut by channel). No SQL and no stock/flow logic here: only joining the two and
filtering the joined rows for the search box.
"""

from __future__ import annotations

import pandas as pd

from queries import lists
from ui import store

TABLE_METRICS = ("channels", "followers", "channel_posts")
# rows of a page of the list (the pager under it reaches the rest): each row is sent twice, as values and as the
# Styler's text (the growth's decimal comma), and 500 of them cost a rerun ~0,1 s in the browser (bench/README.md,
# tenth pass)
TABLE_LIMIT = 100


def channel_entities() -> pd.DataFrame:
    """entity_id, name, address, platform, opened_on, closed_on, opened_precision ('month' when only the opening
    month is known) of every channel."""
    return store.read(lists.entities, "channel")


def channel_rows(per_channel: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Join the per-channel metric result (``by=["channel", "unit", "platform"]``, unit labels added) with
    the channels' attributes. Keeps the channels that count in the period itself — active at its end or
    with posts in it — not those that appear only because of the comparison period. Sorted by followers."""
    if per_channel.empty:
        return pd.DataFrame(columns=["unit_code", "unit_name", "platform", "name", "address", "opened_on",
                                     "closed_on", "opened_precision", "followers", "channel_posts", "followers_delta",
                                     "followers_pct"])
    d = per_channel
    counts = (d["channels"].fillna(0) > 0) | (d["channel_posts"].fillna(0) > 0) | (d["followers"].fillna(0) > 0)
    d = d[counts]
    attrs = entities.drop(columns="platform").rename(columns={"entity_id": "channel"})
    out = d.merge(attrs, on="channel", how="left")
    out = out.sort_values(["followers", "channel_posts", "name"], ascending=[False, False, True],
                          na_position="last", kind="stable")
    cols = ["channel", "unit_code", "unit_name", "platform", "name", "address", "opened_on", "closed_on",
            "opened_precision", "followers", "channel_posts", "followers_delta", "followers_pct"]
    return out[cols].reset_index(drop=True)

"""Data helpers of the Lực lượng page: cached team attributes and the team table.

The numbers per team come from the metric layer (``store.totals`` cut by team and unit); this module
only adds what a team *is* (name, founded date, from ``queries.lists``), searches and shapes the rows
for display. It never computes a stock or a flow itself and holds no SQL.
"""

from __future__ import annotations

import pandas as pd

from data import parse
from queries import lists
from ui import format as fmt
from ui import store
from ui.messages import t

# rows of a page of the list (the pager under it reaches the rest): a whole province in most cases, sent as values
TABLE_LIMIT = 500
TABLE_METRICS = ["members", "teams"]


def team_entities() -> pd.DataFrame:
    """Attributes of every team (entity_id, name, opened_on, closed_on)."""
    return store.read(lists.entities, "team")


# lower case without Vietnamese diacritics, so 'son la' finds 'Sơn La' and 'cuu chien binh' finds 'Cựu chiến binh'
fold = parse.fold


def team_rows(per_team: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Teams active at the end of the period (``teams`` = 1 per team), with name and founded date,
    largest first. ``per_team`` is a totals result by team and unit with unit labels added."""
    cols = ["team", "unit_id", "unit_code", "unit_name", "name", "opened_on", "members", "members_delta",
            "members_pct", "is_new"]
    if per_team is None or per_team.empty:
        return pd.DataFrame(columns=cols)
    active = per_team[per_team["teams"].fillna(0) >= 1]
    attrs = entities.rename(columns={"entity_id": "team"})[["team", "name", "opened_on"]]
    out = active.merge(attrs, on="team", how="left")
    # a team with no comparison value because it did not exist yet is new, not a change from zero
    out["is_new"] = out["teams_cmp"].eq(0) if "teams_cmp" in out else False
    out = out.sort_values(["members", "unit_name", "name"], ascending=[False, True, True], kind="stable")
    return out[cols].reset_index(drop=True)


def display(rows: pd.DataFrame, compare: str, lang: str = "vi") -> tuple[pd.DataFrame, dict[str, str]]:
    """The table as shown, and the browser's format of its number and date columns (``fmt.GRID_*``): members and
    founding dates are sent as numbers and dates, so a click on their heading sorts them as such (as text, "6"
    came after "20" and 01/01/2023 before 05/07/2021), and the browser writes them the Vietnamese way (13.712;
    05/07/2021; unknown as the table's placeholder, a dash). The change is text (+3 (+9,68%); mới thành lập)."""
    founded, members = t("teams.col.founded", lang), t("teams.col.members", lang)
    data = {
        t("teams.col.unit", lang): list(rows["unit_name"]),
        t("teams.col.name", lang): list(rows["name"].fillna(fmt.DASH)),
        founded: pd.to_datetime(rows["opened_on"], errors="coerce").to_numpy(),
        members: rows["members"].astype("float64").to_numpy(),
    }
    if compare != "none":
        header = t("teams.col.change", lang, vs=t(f"compare.vs.{compare}", lang))
        data[header] = [t("teams.new_team", lang) if new else fmt.delta(d, p)
                        for d, p, new in zip(rows["members_delta"], rows["members_pct"], rows["is_new"])]
    return pd.DataFrame(data), {founded: fmt.GRID_DATE, members: fmt.GRID_INTEGER}

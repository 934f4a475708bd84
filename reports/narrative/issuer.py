"""Who issues the report and how a party document names it (Hướng dẫn 36-HD/VPTW, 03/4/2018).

One chosen unit: the department of that province's party committee, named as they were at the end of the
report period — "TỈNH ỦY SƠN LA" / "BAN TUYÊN GIÁO" for 2024, "THÀNH ỦY HUẾ" from 01/01/2025 (the unit type has
its own validity), "BAN TUYÊN GIÁO VÀ DÂN VẬN" from the 2025 merger. Several units or all of them: the central
department, "BAN CHẤP HÀNH TRUNG ƯƠNG" / "BAN TUYÊN GIÁO (VÀ DÂN VẬN)", in Hà Nội. The document number is left
blank for the department's clerk; its symbol follows the usual form (BC/BTGTU, BC/BTGDVTU, BC/BTGTW, BC/BTGDVTW).

Pure functions on ``queries.reporting.unit_versions`` rows; never reads the database itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from queries.periods import DEPARTMENT_MERGER, add_months, month_end
from reports.narrative import templates as tpl
from ui import text as tx

BLANK = "      "        # where the clerk writes the number and the day


@dataclass(frozen=True)
class Issuer:
    level: str              # 'province' | 'central'
    parent_line: str        # "TỈNH ỦY SƠN LA" / "BAN CHẤP HÀNH TRUNG ƯƠNG"
    body_line: str          # "BAN TUYÊN GIÁO" / "BAN TUYÊN GIÁO VÀ DÂN VẬN"
    name: str               # "Ban Tuyên giáo Tỉnh ủy Sơn La" / "Ban Tuyên giáo và Dân vận Trung ương"
    committee: str          # "Tỉnh ủy Sơn La" / "" (central)
    symbol: str             # "BTGTU" / "BTGDVTU" / "BTGTW" / "BTGDVTW"
    place: str              # "Sơn La" / "Hà Nội"
    subject: str            # "tỉnh Sơn La" / "thành phố Đà Nẵng" / "" (central: the caller words it)
    merged: bool            # the department is "Ban Tuyên giáo và Dân vận"

    def number_line(self) -> str:
        return f"Số{BLANK}-BC/{self.symbol}"

    def place_date(self, year: int) -> str:
        return f"{self.place}, ngày{BLANK}tháng{BLANK}năm {year}"


COMMITTEE = {"tinh": "Tỉnh ủy", "thanh_pho": "Thành ủy"}
KIND = {"tinh": "tỉnh", "thanh_pho": "thành phố"}


def issue_year(end: dt.date, today: dt.date) -> int:
    """A period's report is issued in the month after it ends (a 2025 report in 2026), never after today."""
    return min(add_months(end, 1), today).year


def version_at(versions: pd.DataFrame, code: str, boundary: str, end: dt.date) -> pd.Series | None:
    """The name and type of the unit a code stands for, as they were on the last day of the period.

    Historical boundaries: the unit with that code then. Current boundaries: today's unit; for a period before
    it existed, the old unit it continues (the predecessor that ended with today's name: Sơn La 1014 for Sơn La,
    Thừa Thiên Huế/Huế 1046 for Huế, Lào Cai 1010 for the new Lào Cai), as named then."""
    day = month_end(end)
    rows = versions[versions["code"] == code]

    def valid(df: pd.DataFrame) -> pd.DataFrame:
        return df[(df["valid_from"] <= day) & df["valid_to"].map(lambda t: t is None or t > day)]

    if boundary != "current":
        hit = valid(rows[(rows["unit_from"] <= day) & rows["unit_to"].map(lambda t: t is None or t > day)])
        return hit.iloc[0] if len(hit) else None
    today = rows[rows["unit_to"].isna()]
    if today.empty:
        return None
    unit_id = int(today.iloc[0]["unit_id"])
    hit = valid(today)
    if len(hit):
        return hit.iloc[0]
    first = today.sort_values("valid_from").iloc[0]
    preds = versions[versions["successor_id"].map(lambda s: pd.notna(s) and int(s) == unit_id)]
    for _pid, group in preds.groupby("unit_id", sort=True):
        last = group.sort_values("valid_from").iloc[-1]
        if last["name"] == first["name"]:
            hit = valid(group)
            if len(hit):
                return hit.iloc[0]
    return first


def issuer(codes: tuple[str, ...], boundary: str, end: dt.date, versions: pd.DataFrame) -> Issuer:
    """The issuing body for the units a report covers (one unit: its province; otherwise the centre)."""
    merged = end >= DEPARTMENT_MERGER
    dept = tx.department(end, "vi")
    v = version_at(versions, codes[0], boundary, end) if len(codes) == 1 else None
    if v is None:
        return Issuer("central", "BAN CHẤP HÀNH TRUNG ƯƠNG", dept.upper(), f"{dept} Trung ương", "",
                      "BTGDVTW" if merged else "BTGTW", "Hà Nội", "", merged)
    name = tpl.prose_unit(v["name"])        # "Thành ủy Thành phố Hồ Chí Minh", never the President's name alone
    committee = f"{COMMITTEE.get(v['unit_type'], 'Tỉnh ủy')} {name}"
    kind = "" if name != v["name"] else KIND.get(v["unit_type"], "tỉnh") + " "
    return Issuer("province", committee.upper(), dept.upper(), f"{dept} {committee}", committee,
                  "BTGDVTU" if merged else "BTGTU", name, f"{kind}{name}", merged)

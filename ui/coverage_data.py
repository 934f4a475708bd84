"""Report coverage shaped for the "Tình hình báo cáo" page: unit × month statuses, the summary by report
kind and the list of missing reports, from ``queries.reporting.report_status`` rows. Pure pandas: no SQL,
no Streamlit. A cell of a unit under current boundaries before 07/2025 is made of the old provinces that
became that unit: reported when all of them reported, partly when some did."""

from __future__ import annotations

import pandas as pd

from ui import format as fmt

REPORTED, LATE, PARTIAL, MISSING, NOT_DUE = "reported", "late", "partial", "missing", "not_due"
STATUSES = (REPORTED, LATE, PARTIAL, MISSING, NOT_DUE)
DONE = (REPORTED, LATE)


def cells(status: pd.DataFrame, boundary: str) -> pd.DataFrame:
    """One row per (family, unit_id, month) with ``status`` and ``n``/``n_reported`` old provinces behind it;
    units are today's (current boundaries) or as recorded (historical)."""
    cols = ["family", "unit_id", "month", "status", "n", "n_reported", "n_late"]
    if status is None or status.empty:
        return pd.DataFrame(columns=cols)
    unit_col = "cur_unit_id" if boundary == "current" else "hist_unit_id"
    not_due = status["not_due"] if "not_due" in status else pd.Series(False, index=status.index)
    g = status.assign(unit_id=status[unit_col], not_due=not_due).groupby(
        ["family", "unit_id", "month"], as_index=False).agg(
        n=("reported", "size"), n_reported=("reported", "sum"), n_late=("late", "sum"), n_not_due=("not_due", "sum"))
    state = []
    for n, done, late, waiting in zip(g["n"], g["n_reported"], g["n_late"], g["n_not_due"]):
        if done == 0:
            state.append(NOT_DUE if waiting == n else MISSING)   # not yet due: not missing either
        elif done < n:
            state.append(PARTIAL)
        elif late:
            state.append(LATE)
        else:
            state.append(REPORTED)
    g["status"] = state
    return g[cols]


def summary(c: pd.DataFrame) -> pd.DataFrame:
    """Per family: unit-months due, reported (on time or late), late, missing (partial counts as missing),
    the share reported, and the units that reported every month. A month not yet due is none of these."""
    cols = ["family", "due", "reported", "late", "missing", "share", "units_full", "units"]
    if c.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for family, part in c[c["status"] != NOT_DUE].groupby("family", sort=False):
        done = part["status"].isin(DONE)
        per_unit = done.groupby(part["unit_id"]).all()
        rows.append({"family": family, "due": len(part), "reported": int(done.sum()),
                     "late": int((part["status"] == LATE).sum()), "missing": int((~done).sum()),
                     "share": float(done.mean()) if len(part) else float("nan"),
                     "units_full": int(per_unit.sum()), "units": len(per_unit)})
    return pd.DataFrame(rows, columns=cols)


def missing(c: pd.DataFrame, family: str | None = None) -> pd.DataFrame:
    """Per unit (and family): the months not (fully) reported, most months first."""
    cols = ["family", "unit_id", "months", "count"]
    part = c[~c["status"].isin(DONE + (NOT_DUE,))]
    if family is not None:
        part = part[part["family"] == family]
    if part.empty:
        return pd.DataFrame(columns=cols)
    rows = [{"family": f, "unit_id": u, "months": ", ".join(fmt.month(m) for m in sorted(g["month"])),
             "count": len(g)} for (f, u), g in part.groupby(["family", "unit_id"], sort=False)]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["count", "family", "unit_id"], ascending=[False, True, True], kind="stable") \
        .reset_index(drop=True)

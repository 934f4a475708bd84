"""Figure of the "Tình hình báo cáo" page: a units × months grid coloured by report status."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ui import format as fmt
from ui import theme
from ui.coverage_data import STATUSES
from ui.messages import t

STATUS_COLORS = {"reported": "#2E7D32", "late": "#F9A825", "partial": "#EF6C00", "missing": "#C62828",
                 "not_due": "#B0BEC5"}


def grid(cells: pd.DataFrame, unit_names: dict, lang: str = "vi") -> go.Figure:
    """``cells``: one family's rows of ``coverage_data.cells`` with ``unit_name``; one row per unit (by code
    order), one column per month; the colour says the status, the hover the old provinces behind a cell."""
    months = sorted(cells["month"].unique())
    units = list(dict.fromkeys(cells.sort_values(["unit_code", "unit_id"])["unit_id"]))
    code = {s: i for i, s in enumerate(STATUSES)}
    by_key = {(u, m): r for u, m, r in zip(cells["unit_id"], cells["month"], cells.itertuples(index=False))}
    x = [fmt.month(m) for m in months]
    y = [unit_names.get(u, str(u)) for u in units]
    z, hover = [], []
    for u, name in zip(units, y):
        zr, hr = [], []
        for m, xm in zip(months, x):
            r = by_key.get((u, m))
            if r is None:
                zr.append(None)
                hr.append(f"{name} · {xm}: —")
                continue
            zr.append(code[r.status])
            words = t(f"coverage.status.{r.status}", lang)
            if r.n > 1:
                words += f" ({int(r.n_reported)}/{int(r.n)})"
            hr.append(f"{name} · {xm}: {words}")
        z.append(zr)
        hover.append(hr)
    n = len(STATUSES)
    # a stepwise scale: each status one flat colour band
    scale = []
    for i, s in enumerate(STATUSES):
        scale += [[i / n, STATUS_COLORS[s]], [(i + 1) / n, STATUS_COLORS[s]]]
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=y, customdata=hover, hovertemplate="%{customdata}<extra></extra>", zmin=-0.5,
        zmax=n - 0.5, colorscale=scale, xgap=2, ygap=2, hoverongaps=False,
        colorbar=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", len=1.0, thickness=10,
                      tickvals=list(range(n)), ticktext=[t(f"coverage.status.{s}", lang) for s in STATUSES],
                      outlinewidth=0, ypad=4),
    ))
    every = max(1, -(-len(x) // 8))          # at most 8 month labels: they never run into each other
    fig.update_xaxes(type="category", showgrid=False, tickangle=0, tickvals=x[::every])
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False)
    theme.apply(fig, height=max(260, 22 * len(units) + 120))
    fig.update_layout(margin=dict(t=56))
    return fig

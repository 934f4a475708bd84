"""Figure builders: (metric query result, options) -> Plotly figure, one module per area.

``common`` holds the builders every page uses (trend, ranking, platform mix, tile map); page-specific
builders live in a module named after the page. All go through ``ui.theme``. No SQL, no Streamlit.
"""

from ui.charts.common import platform_mix, ranking, tile_map, trend

__all__ = ["platform_mix", "ranking", "tile_map", "trend"]

"""The stack's own floor for ``bench/coldstart.py``: a Streamlit page with a title and one Plotly bar chart, and
nothing of the dashboard (no database, no query, no filter). Its cold start in the same Chromium, on the same
machine, is what Streamlit and Plotly alone take to draw a chart after the server process starts."""

import plotly.graph_objects as go
import streamlit as st

st.title("Tổng quan")
fig = go.Figure(go.Bar(x=["Facebook", "Zalo", "YouTube", "TikTok"], y=[13712, 9120, 4410, 2875]))
st.plotly_chart(fig, theme=None, config={"displayModeBar": False})

"""Presentation: filter bar, KPI cards, chart theme and figure builders, formatting, messages.

Nothing here writes SQL; numbers come from ``queries``. Every user-visible string comes from
``ui.messages``; every number and date is formatted by ``ui.format``.
"""

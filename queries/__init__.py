"""The read side: the metric catalogue, the query builder and the few reference look-ups.

This package and ``data/`` are the only places SQL is written. Pages ask for metrics by key through
``queries.builder``; they never compose SQL, and never re-implement stock/flow semantics.
"""

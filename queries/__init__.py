"""The read side: the metric catalogue, the query builder and the few reference look-ups.

This package and ``data/`` are the only places SQL is written. Pages ask for metrics by key through
``queries.builder``; they never compose SQL, and never re-implement stock/flow semantics.
"""

import pandas as _pd

# Strings in pandas frames are stored as Python objects, not in Arrow. The frames here are small (a page of a list,
# a bucket per period) and are indexed, filtered and joined column by column: with Arrow storage each of those
# steps went through a pyarrow compute call that releases and retakes the interpreter lock, which under twenty
# sessions at once cost more than the work (py-spy of bench/load.py, bench/README.md). Same ``str`` dtype, same NaN.
_pd.set_option("mode.string_storage", "python")

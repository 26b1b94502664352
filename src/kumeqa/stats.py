"""Latency percentiles, computed the same way by ``kumeqa eval``, ``make bench`` and ``make load``."""

from __future__ import annotations

import statistics


def percentile(values: list[float], pct: float) -> float:
    """The ``pct``-th percentile (inclusive method); the value itself for one sample, 0 for none."""
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]

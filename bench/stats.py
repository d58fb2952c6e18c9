"""Small statistics shared by the benchmarks that report percentiles."""

from __future__ import annotations

import math


def percentile(values: list[float], percent: float) -> float:
    """Nearest-rank percentile: a value that was measured, not interpolated."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]

"""Percentiles as eval, bench and load report them."""

from kumeqa.stats import percentile


def test_percentile_edges_and_interpolation():
    assert percentile([], 95) == 0.0
    assert percentile([7.0], 95) == 7.0
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.5
    assert abs(percentile(values, 95) - 95.05) < 1e-9
    assert percentile(list(reversed(values)), 95) == percentile(values, 95)  # order does not matter

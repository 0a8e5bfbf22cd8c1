"""Tests of bpcode.autodiff.paths: the sum over paths equals backward()."""

import pytest

from bpcode.autodiff.paths import count_paths, derivative_by_paths, paths
from bpcode.autodiff.value import Value


def test_classic_example_has_three_paths_summing_to_33():
    a = Value(1.0)
    b1 = 2 * a
    b2 = 3 * a + b1
    c = 4 * b1 + 5 * b2
    found = paths(c, a)
    assert len(found) == 3 == count_paths(c, a)
    assert sorted(round(_product(p), 12) for p in found) == [8.0, 10.0, 15.0]
    assert derivative_by_paths(c, a) == 33.0


def test_sum_over_paths_equals_backward_on_a_nonlinear_graph():
    x, y = Value(0.4), Value(-1.3)
    h = (x * y).tanh()
    out = h * x.exp() + (h + y) ** 2
    out.backward()
    assert derivative_by_paths(out, x) == pytest.approx(x.grad, rel=1e-12)
    assert derivative_by_paths(out, y) == pytest.approx(y.grad, rel=1e-12)


def test_the_number_of_paths_doubles_with_each_diamond():
    x = Value(1.0)
    y = x
    for _ in range(20):
        y = y * 0.5 + y * 0.5
    assert count_paths(y, x) == 2 ** 20


def test_unconnected_leaf_has_no_path_and_bad_input_raises():
    x, z = Value(1.0), Value(2.0)
    assert paths(x * 3, z) == [] and derivative_by_paths(x * 3, z) == 0.0
    with pytest.raises(TypeError, match="leaf must be a Value"):
        paths(x, 1.0)


def _product(path):
    p = 1.0
    for _, _, local in path:
        p *= local
    return p

"""Tests of bpcode.autodiff.timing (the timing helper, not the timings)."""

import numpy as np
import pytest

from bpcode.autodiff.timing import METHODS, num_parameters, time_gradient
from bpcode.network import Network


def small_problem(sizes=(3, 4, 1)):
    rng = np.random.default_rng(0)
    net = Network(list(sizes), rng)
    return net, rng.standard_normal((sizes[0], 5)), rng.uniform(size=(sizes[-1], 5))


def test_num_parameters_counts_weights_and_biases():
    net, _, _ = small_problem()
    assert num_parameters(net) == 3 * 4 + 4 + 4 * 1 + 1


@pytest.mark.parametrize("method", METHODS)
def test_time_gradient_reports_a_positive_time_and_leaves_the_network_unchanged(method):
    net, X, Y = small_problem()
    before = [w.copy() for w in net.weights] + [b.copy() for b in net.biases]
    t = time_gradient(method, net, X, Y, repeat=1)
    assert (
        t.seconds > 0
        and t.n_parameters == 21
        and not t.extrapolated
        and t.passes_timed == 21
    )
    after = net.weights + net.biases
    assert all(np.array_equal(a, b) for a, b in zip(before, after))


@pytest.mark.parametrize("method", ["forward mode", "finite differences"])
def test_large_networks_are_extrapolated_from_max_passes(method):
    net, X, Y = small_problem((6, 5, 1))
    t = time_gradient(method, net, X, Y, max_passes=7, repeat=1)
    assert t.extrapolated and t.passes_timed == 7 and t.n_parameters == 41


def test_unknown_method_and_bad_max_passes_raise():
    net, X, Y = small_problem()
    with pytest.raises(ValueError, match="unknown method"):
        time_gradient("guessing", net, X, Y)
    with pytest.raises(ValueError, match="max_passes must be a positive integer"):
        time_gradient("backprop", net, X, Y, max_passes=0)

"""The deliberately buggy backprops of bpcode.bugs break exactly the layers they claim.

The chapter *Checking gradients* reads the per-layer report of check_network to find the
layer a bug is in; these tests make sure that reading is right for every bug.
"""

from functools import partial

import numpy as np
import pytest
from conftest import random_network

from bpcode import bugs
from bpcode.gradcheck import check_network

FLAG = 1e-4      # a relative error above this is a bug
CLEAN = 1e-7     # a correct gradient is far below this in float64


def _net_and_batch(sizes, seed, m=5, activation="sigmoid", cost="quadratic"):
    return random_network(sizes, seed, m=m, activation=activation, cost=cost)


def _flagged(report):
    for c in report:
        for err in (c.weights_error, c.biases_error):
            assert err > FLAG or err < CLEAN, (
                f"layer {c.layer}: ambiguous relative error {err:.2e}"
            )
    return ({c.layer for c in report if c.weights_error > FLAG},
            {c.layer for c in report if c.biases_error > FLAG})


# Equal widths from layer 2 on, so that every w^(l+1) of BP2 is square and the
# transposed-weight bug runs.
SIZES = [[3, 4, 4], [3, 4, 4, 4], [2, 5, 5, 5, 5]]


@pytest.mark.parametrize("sizes", SIZES, ids=str)
def test_the_correct_backprop_flags_no_layer(sizes):
    net, X, Y = _net_and_batch(sizes, seed=1)
    assert _flagged(check_network(net, X, Y)) == (set(), set())


@pytest.mark.parametrize("bug", bugs.BUGS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("sizes", SIZES, ids=str)
def test_check_network_flags_exactly_the_layers_each_bug_breaks(bug, sizes):
    net, X, Y = _net_and_batch(sizes, seed=len(sizes))
    expected = bugs.broken_layers(bug, len(sizes))
    weights, biases = _flagged(check_network(net, X, Y, backprop=partial(bug, net)))
    assert weights == expected["weights"]
    assert biases == expected["biases"]
    assert weights | biases, (
        f"{bug.__name__} should break at least one layer of {sizes}"
    )


@pytest.mark.parametrize("bug", bugs.BUGS, ids=lambda f: f.__name__)
def test_bugs_return_gradients_shaped_like_the_parameters(bug):
    net, X, Y = _net_and_batch([3, 4, 4, 4], seed=2)
    nabla_b, nabla_w = bug(net, X, Y)
    assert [g.shape for g in nabla_b] == [b.shape for b in net.biases]
    assert [g.shape for g in nabla_w] == [w.shape for w in net.weights]


def test_bugs_leave_the_network_unchanged():
    net, X, Y = _net_and_batch([3, 4, 4, 4], seed=3)
    before = net.copy()
    for bug in bugs.BUGS:
        bug(net, X, Y)
    for w, w0 in zip(net.weights + net.biases, before.weights + before.biases):
        np.testing.assert_array_equal(w, w0)


def test_missing_sigma_prime_in_bp1_is_no_bug_when_sigma_prime_cancels():
    net, X, Y = _net_and_batch([3, 4, 2], seed=4, cost="cross_entropy")
    assert _flagged(
        check_network(net, X, Y, backprop=partial(bugs.missing_sigma_prime_in_bp1, net))
    ) == (set(), set())


def test_summed_bias_gradient_is_invisible_for_a_batch_of_one():
    net, X, Y = _net_and_batch([3, 4, 2], seed=5, m=1)
    assert _flagged(
        check_network(net, X, Y, backprop=partial(bugs.summed_bias_gradient, net))
    ) == (set(), set())


def test_transposed_weight_bug_fails_loudly_when_the_widths_differ():
    net, X, Y = _net_and_batch([3, 4, 2], seed=6)
    with pytest.raises(ValueError, match="matmul"):
        bugs.transposed_weight_in_bp2(net, X, Y)


def test_bugs_reject_a_batch_of_the_wrong_shape():
    net, X, Y = _net_and_batch([3, 4, 4], seed=7)
    with pytest.raises(ValueError, match="X must have 3 rows"):
        bugs.missing_sigma_prime_in_bp2(net, X[:2], Y)


def test_broken_layers_rejects_unknown_functions_and_too_few_layers():
    with pytest.raises(
        ValueError, match="bug must be one of the functions of bpcode.bugs"
    ):
        bugs.broken_layers(print, 3)
    with pytest.raises(ValueError, match="num_layers must be at least 2"):
        bugs.broken_layers(bugs.summed_bias_gradient, 1)
    with pytest.raises(TypeError, match="num_layers must be a positive integer"):
        bugs.broken_layers(bugs.summed_bias_gradient, 2.5)

"""Tests of bpcode.neuron: the one-neuron cost and gradient against the library and
central differences."""

import numpy as np
import pytest

from bpcode.costs import cross_entropy_cost, quadratic_cost
from bpcode.gradcheck import central_difference
from bpcode.network import Network
from bpcode.neuron import gradient_descent, neuron_cost, neuron_gradient, neuron_output

X = np.array([-1.0, 0.5, 2.0])
Y = np.array([0.1, 0.6, 0.9])


@pytest.mark.parametrize(
    "cost,reference",
    [("quadratic", quadratic_cost), ("cross_entropy", cross_entropy_cost)],
)
def test_neuron_cost_equals_the_library_cost_of_its_output(cost, reference):
    a = neuron_output(0.7, -0.3, X)
    assert neuron_cost(0.7, -0.3, X, Y, cost) == pytest.approx(
        reference(a.reshape(1, -1), Y.reshape(1, -1)), rel=1e-13
    )


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
@pytest.mark.parametrize("w,b", [(0.7, -0.3), (-2.0, 3.0), (4.0, 1.0)])
def test_neuron_gradient_matches_finite_differences(cost, w, b):
    eps = 1e-6
    grad_w, grad_b = neuron_gradient(w, b, X, Y, cost)
    num_w = central_difference(lambda t: neuron_cost(t, b, X, Y, cost), w, eps)
    num_b = central_difference(lambda t: neuron_cost(w, t, X, Y, cost), b, eps)
    assert grad_w == pytest.approx(num_w, rel=1e-7, abs=1e-11)
    assert grad_b == pytest.approx(num_b, rel=1e-7, abs=1e-11)


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_neuron_gradient_equals_backprop_of_a_one_by_one_network(cost):
    net = Network.from_parameters([np.array([[0.7]])], [np.array([[-0.3]])], cost=cost)
    nabla_b, nabla_w = net.backprop(X.reshape(1, -1), Y.reshape(1, -1))
    grad_w, grad_b = neuron_gradient(0.7, -0.3, X, Y, cost)
    assert grad_w == pytest.approx(nabla_w[0][0, 0], rel=1e-13)
    assert grad_b == pytest.approx(nabla_b[0][0, 0], rel=1e-13)


def test_cost_and_gradient_of_a_grid_have_the_grid_shape():
    W, B = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 1, 4))
    C = neuron_cost(W, B, X, Y)
    gw, gb = neuron_gradient(W, B, X, Y)
    assert C.shape == gw.shape == gb.shape == (4, 5)
    assert C[2, 3] == pytest.approx(neuron_cost(W[2, 3], B[2, 3], X, Y), rel=1e-15)


def test_cross_entropy_stays_finite_far_out():
    assert np.isfinite(neuron_cost(1e4, -1e4, X, Y, "cross_entropy"))


def test_gradient_descent_takes_the_steps_it_reports():
    path, costs = gradient_descent(-1.0, 2.0, X, Y, eta=3.0, steps=4)
    assert path.shape == (5, 2) and costs.shape == (5,)
    gw, gb = neuron_gradient(-1.0, 2.0, X, Y)
    np.testing.assert_allclose(path[1], [-1.0 - 3.0 * gw, 2.0 - 3.0 * gb], rtol=1e-15)
    assert costs[2] == pytest.approx(neuron_cost(*path[2], X, Y), rel=1e-15)


def test_a_well_chosen_learning_rate_lowers_the_cost_at_every_step():
    _, costs = gradient_descent(-1.0, 2.0, X, Y, eta=10.0, steps=50)
    assert np.all(np.diff(costs) < 0)


def test_zero_learning_rate_stays_put():
    path, costs = gradient_descent(-1.0, 2.0, X, Y, eta=0.0, steps=3)
    assert np.all(path == [-1.0, 2.0]) and np.all(costs == costs[0])


@pytest.mark.parametrize(
    "call,error,message",
    [
        (
            lambda: neuron_cost(0.0, 0.0, X, Y[:2]),
            ValueError,
            r"y must have the shape of x",
        ),
        (
            lambda: neuron_cost(0.0, 0.0, X, Y + 1),
            ValueError,
            r"y must lie in \[0, 1\]",
        ),
        (
            lambda: neuron_cost(0.0, 0.0, X.reshape(1, -1), Y),
            ValueError,
            r"x must be a 1-D array",
        ),
        (
            lambda: neuron_cost(np.zeros(2), np.zeros(3), X, Y),
            ValueError,
            "w and b must have the same shape",
        ),
        (
            lambda: neuron_cost(0.0, 0.0, X, Y, "log_likelihood"),
            ValueError,
            "unknown cost 'log_likelihood'",
        ),
        (lambda: neuron_cost(np.nan, 0.0, X, Y), ValueError, "w contains 1 NaN"),
        (
            lambda: gradient_descent(0.0, 0.0, X, Y, eta=-1.0, steps=3),
            ValueError,
            "eta must be",
        ),
        (
            lambda: gradient_descent(0.0, 0.0, X, Y, eta=1.0, steps=0),
            ValueError,
            "steps must be",
        ),
        (
            lambda: gradient_descent(np.zeros(2), 0.0, X, Y, eta=1.0, steps=1),
            ValueError,
            "w must be a single number",
        ),
    ],
)
def test_bad_input_is_rejected_by_name(call, error, message):
    with pytest.raises(error, match=message):
        call()

"""Tests of bpcode.neuron: the one-neuron cost and gradient against the library and
central differences."""

import numpy as np
import pytest

from bpcode.costs import cross_entropy_cost, quadratic_cost
from bpcode.gradcheck import central_difference
from bpcode.network import Network
from bpcode.neuron import (gradient_descent, mini_batch_gradient, neuron_cost,
                           neuron_gradient, neuron_output, stochastic_gradient_descent)
from bpcode.training import mini_batches

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


# ---- stochastic gradient descent ----------------------------------------------------

def _bernoulli_data(n=60, seed=3):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-4, 4, n)
    return x, (rng.random(n) < 1 / (1 + np.exp(-(1.5 * x - 0.5)))).astype(float)


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_mini_batch_gradient_is_the_gradient_of_the_batch_alone(cost):
    x, y = _bernoulli_data()
    batch = np.array([3, 17, 4, 40])
    assert mini_batch_gradient(0.4, -0.2, x, y, batch, cost) == pytest.approx(
        neuron_gradient(0.4, -0.2, x[batch], y[batch], cost), rel=1e-14)


@pytest.mark.parametrize("m", [1, 4, 15, 60])
def test_an_epochs_mini_batch_gradients_average_to_the_full_gradient(m):
    # the batches of one epoch partition the training set: for equal batch sizes their
    # mean is the full gradient exactly, for any shuffle
    x, y = _bernoulli_data()
    batches = mini_batches(x.size, m, np.random.default_rng(m))
    estimates = [mini_batch_gradient(0.4, -0.2, x, y, batch, "cross_entropy")
                 for batch in batches]
    assert np.mean(estimates, axis=0) == pytest.approx(
        neuron_gradient(0.4, -0.2, x, y, "cross_entropy"), rel=1e-13)


def test_the_l2_term_of_a_mini_batch_gradient_divides_by_n_not_m():
    x, y = _bernoulli_data()
    batch = np.arange(5)
    plain = mini_batch_gradient(0.4, -0.2, x, y, batch, "cross_entropy")
    decayed = mini_batch_gradient(0.4, -0.2, x, y, batch, "cross_entropy", lmbda=3.0)
    assert decayed[0] - plain[0] == pytest.approx(3.0 / x.size * 0.4, rel=1e-12)
    assert decayed[1] == plain[1]      # the bias is not regularized


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_the_regularized_full_batch_gradient_matches_finite_differences(cost):
    x, y = _bernoulli_data()
    lmbda, n, eps = 2.0, x.size, 1e-6

    def regularized(w, b):
        return neuron_cost(w, b, x, y, cost) + lmbda / (2 * n) * w ** 2

    grad_w, grad_b = mini_batch_gradient(0.4, -0.2, x, y, np.arange(n), cost, lmbda)
    assert grad_w == pytest.approx(
        central_difference(lambda t: regularized(t, -0.2), 0.4, eps), rel=1e-7)
    assert grad_b == pytest.approx(
        central_difference(lambda t: regularized(0.4, t), -0.2, eps), rel=1e-7)


def test_sgd_with_the_whole_set_as_one_batch_is_gradient_descent():
    x, y = _bernoulli_data()
    path, costs = stochastic_gradient_descent(-2.0, 1.0, x, y, 0.5, 7, x.size,
                                              np.random.default_rng(0), "cross_entropy")
    gd_path, gd_costs = gradient_descent(-2.0, 1.0, x, y, 0.5, 7, "cross_entropy")
    np.testing.assert_allclose(path, gd_path, rtol=1e-13)
    np.testing.assert_allclose(costs, gd_costs, rtol=1e-13)


def test_sgd_takes_one_step_per_mini_batch_on_the_shuffled_batches():
    x, y = _bernoulli_data()
    eta, m = 0.3, 25        # 60 examples: batches of 25, 25 and 10 in every epoch
    path, costs = stochastic_gradient_descent(0.1, 0.2, x, y, eta, 2, m,
                                              np.random.default_rng(9), "quadratic",
                                              lmbda=1.5)
    assert path.shape == (2 * 3 + 1, 2) and costs.shape == (3,)
    replay = np.random.default_rng(9)
    w, b = 0.1, 0.2
    for k, batch in enumerate(mini_batches(x.size, m, replay) +
                              mini_batches(x.size, m, replay)):
        grad_w, grad_b = mini_batch_gradient(w, b, x, y, batch, "quadratic", 1.5)
        w, b = w - eta * grad_w, b - eta * grad_b
        assert tuple(path[k + 1]) == pytest.approx((w, b), rel=1e-14)
    assert costs[-1] == pytest.approx(neuron_cost(w, b, x, y, "quadratic"), rel=1e-14)


def test_an_epochs_mini_batches_hold_every_example_once():
    batches = mini_batches(10, 4, np.random.default_rng(1))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches).tolist()) == list(range(10))


@pytest.mark.parametrize("call, error, message", [
    (lambda x, y: mini_batch_gradient(0.0, 0.0, x, y, [0, 0]), ValueError,
     "batch must hold distinct indices"),
    (lambda x, y: mini_batch_gradient(0.0, 0.0, x, y, [60]), ValueError,
     r"distinct indices in 0, \.\.\., 59"),
    (lambda x, y: mini_batch_gradient(0.0, 0.0, x, y, []), ValueError,
     "batch must hold m >= 1 integer indices"),
    (lambda x, y: mini_batch_gradient(0.0, 0.0, x, y, [0.5]), ValueError,
     "integer indices"),
    (lambda x, y: mini_batch_gradient(0.0, 0.0, x, y, 3), TypeError,
     "batch must be a 1-D array"),
    (lambda x, y: mini_batch_gradient(0.0, 0.0, x, y, [1], lmbda=-1.0), ValueError,
     "lmbda must be"),
    (lambda x, y: stochastic_gradient_descent(0.0, 0.0, x, y, 1.0, 1, 10, 0),
     TypeError, "rng must be a numpy.random.Generator"),
    (lambda x, y: stochastic_gradient_descent(0.0, 0.0, x, y, 1.0, 1, 0,
                                              np.random.default_rng(0)),
     ValueError, "batch_size must be a positive integer"),
    (lambda x, y: stochastic_gradient_descent(0.0, 0.0, x, y, 1.0, 0, 10,
                                              np.random.default_rng(0)),
     ValueError, "epochs must be a positive integer"),
    (lambda x, y: mini_batches(0, 10, np.random.default_rng(0)), ValueError,
     "n must be a positive integer"),
])
def test_sgd_bad_input_is_rejected_by_name(call, error, message):
    x, y = _bernoulli_data()
    with pytest.raises(error, match=message):
        call(x, y)

"""Tests of bpcode.gradcheck: differences of known functions, and the network check."""

import numpy as np
import pytest

from bpcode.gradcheck import (
    LayerCheck,
    check_network,
    numerical_gradient,
    relative_error,
)
from bpcode.network import Network


@pytest.mark.parametrize("shape", [(1,), (4,), (3, 2), (2, 2, 2)])
def test_numerical_gradient_of_a_cubic_matches_its_derivative(shape):
    x = np.random.default_rng(0).normal(size=shape)
    grad = numerical_gradient(lambda: float(np.sum(x**3 + np.sin(x))), x)
    np.testing.assert_allclose(grad, 3 * x**2 + np.cos(x), rtol=1e-8, atol=1e-9)
    assert grad.shape == shape


def test_numerical_gradient_restores_x():
    x = np.random.default_rng(1).normal(size=(3, 3))
    saved = x.copy()
    numerical_gradient(lambda: float(np.sum(x**2)), x)
    np.testing.assert_array_equal(x, saved)


def test_central_difference_error_shrinks_like_eps_squared():
    x = np.array([0.7])
    f = lambda: float(np.exp(x[0]))
    errors = [
        abs(numerical_gradient(f, x, eps)[0] - np.exp(0.7)) for eps in (1e-2, 1e-3)
    ]
    assert errors[0] / errors[1] == pytest.approx(100, rel=0.01)


def test_numerical_gradient_rejects_arrays_it_cannot_perturb():
    with pytest.raises(TypeError, match="float64 numpy array"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])
    with pytest.raises(TypeError, match="float64 numpy array"):
        numerical_gradient(lambda: 0.0, np.arange(3))
    with pytest.raises(ValueError, match="contiguous"):
        numerical_gradient(lambda: 0.0, np.zeros((3, 4)).T)
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        numerical_gradient(lambda: 0.0, np.zeros(2), eps=0.0)


def test_relative_error_is_scale_free_and_bounded():
    g = np.array([1.0, -2.0, 3.0])
    assert relative_error(g, g) == 0.0
    assert relative_error(g, -g) == 1.0
    assert relative_error(1e-8 * g, 1e-8 * g * (1 + 1e-6)) == pytest.approx(
        relative_error(g, g * (1 + 1e-6))
    )
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    with pytest.raises(ValueError, match="same shape"):
        relative_error(np.zeros(3), np.zeros(2))


def test_check_network_reports_every_layer_with_the_books_numbering():
    rng = np.random.default_rng(2)
    net = Network(
        [3, 4, 4, 2],
        rng,
        init="scaled",
        output_activation="softmax",
        cost="log_likelihood",
    )
    X = rng.uniform(-1, 1, size=(3, 5))
    Y = np.eye(2)[:, rng.integers(0, 2, size=5)]
    report = check_network(net, X, Y)
    assert [r.layer for r in report] == [2, 3, 4]
    assert all(isinstance(r, LayerCheck) and r.worst < 1e-7 for r in report)


def test_check_network_pinpoints_the_layer_of_a_buggy_backprop():
    rng = np.random.default_rng(3)
    net = Network([3, 4, 4, 2], rng, init="scaled")
    X, Y = rng.uniform(-1, 1, size=(3, 5)), rng.uniform(size=(2, 5))

    def buggy_backprop(X, Y):
        nabla_b, nabla_w = net.backprop(X, Y)
        nabla_w[1] = 2 * nabla_w[1]  # a wrong factor in layer 3's weight gradient
        return nabla_b, nabla_w

    report = check_network(net, X, Y, backprop=buggy_backprop)
    assert report[1].weights_error > 0.1
    assert (
        report[0].worst < 1e-7
        and report[2].worst < 1e-7
        and report[1].biases_error < 1e-7
    )

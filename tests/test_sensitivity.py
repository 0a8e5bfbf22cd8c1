"""Tests of bpcode.sensitivity: backprop input gradients equal central differences."""

import numpy as np
import pytest
from conftest import random_network

from bpcode.gradcheck import numerical_gradient, relative_error
from bpcode.network import Network
from bpcode.sensitivity import input_error, input_gradient, output_gradient

# (hidden activation, output activation, cost): every kind of output layer the book uses
CONFIGS = [
    ("sigmoid", "sigmoid", "quadratic"),
    ("sigmoid", "sigmoid", "cross_entropy"),
    ("tanh", "softmax", "log_likelihood"),
    ("relu", "softmax", "log_likelihood"),
    ("tanh", "identity", "quadratic"),
    ("relu", "softmax", "quadratic"),
]
SHAPES = [[3, 2], [4, 5, 3], [5, 4, 3, 2]]


def make(sizes, hidden, output, cost, m, seed):
    return random_network(sizes, seed, m=m, activation=hidden, output_activation=output,
                          cost=cost, init="scaled")


@pytest.mark.parametrize("sizes", SHAPES, ids=str)
@pytest.mark.parametrize("hidden, output, cost", CONFIGS)
def test_input_gradient_equals_finite_differences(sizes, hidden, output, cost):
    net, X, Y = make(sizes, hidden, output, cost, m=4, seed=sum(sizes))
    analytic = input_gradient(net, X, Y)
    # C is the batch mean of the per-example costs, so ∂C/∂X = (column x: ∂Cₓ/∂x) / m
    numeric = numerical_gradient(lambda: net.cost(X, Y), X) * X.shape[1]
    assert analytic.shape == X.shape
    assert relative_error(analytic, numeric) < 1e-7


@pytest.mark.parametrize("sizes", SHAPES, ids=str)
@pytest.mark.parametrize("hidden, output, cost", CONFIGS)
def test_output_gradient_equals_finite_differences_for_every_output(
    sizes, hidden, output, cost
):
    net, X, _ = make(sizes, hidden, output, cost, m=3, seed=10 + sum(sizes))
    for j in range(sizes[-1]):
        analytic = output_gradient(net, X, j)
        # examples are independent, so the gradient of Σₓ aⱼ(x) holds each ∂aⱼ/∂x in its
        # column
        numeric = numerical_gradient(lambda: np.sum(net.feedforward(X)[j]), X)
        assert analytic.shape == X.shape
        assert relative_error(analytic, numeric) < 1e-7


@pytest.mark.parametrize(
    "output, cost", [("softmax", "log_likelihood"), ("sigmoid", "cross_entropy")]
)
def test_output_gradient_with_one_index_per_example(output, cost):
    net, X, _ = make([6, 5, 4], "tanh", output, cost, m=5, seed=3)
    j = np.array([0, 3, 1, 1, 2])
    analytic = output_gradient(net, X, j)
    numeric = numerical_gradient(lambda: np.sum(net.feedforward(X)[j, np.arange(5)]), X)
    assert relative_error(analytic, numeric) < 1e-7
    for k in range(5):
        assert np.allclose(
            analytic[:, k], output_gradient(net, X[:, [k]], int(j[k]))[:, 0]
        )


def test_input_gradient_is_w2_transpose_times_delta2():
    net, X, Y = make([4, 3, 2], "sigmoid", "sigmoid", "quadratic", m=6, seed=0)
    zs, activations = net.forward(X)
    delta2 = net.errors(zs, activations, Y)[0]
    assert np.allclose(input_gradient(net, X, Y), net.weights[0].T @ delta2)
    assert np.allclose(
        input_error(net.weights[0], delta2, X), net.weights[0].T @ delta2
    )


def test_softmax_outputs_are_insensitive_in_total():
    # the softmax outputs always sum to 1, so their input gradients sum to zero
    net, X, _ = make([5, 4, 3], "tanh", "softmax", "log_likelihood", m=4, seed=1)
    total = sum(output_gradient(net, X, j) for j in range(3))
    assert np.allclose(total, 0.0, atol=1e-12)


def test_single_layer_sigmoid_output_gradient_by_hand():
    # a = σ(w x + b): ∂a/∂x = σ′(z) w
    w, b = np.array([[2.0, -1.0]]), np.array([[0.5]])
    net = Network.from_parameters([w], [b], activation="sigmoid")
    x = np.array([[0.3], [0.8]])
    z = (w @ x + b).item()
    s = 1 / (1 + np.exp(-z))
    assert np.allclose(output_gradient(net, x, 0), s * (1 - s) * w.T)


@pytest.mark.parametrize("j, error, match", [
    (3, ValueError, "j must lie in 0..2"),
    (-1, ValueError, "j must lie in 0..2"),
    (np.array([0, 1]), ValueError, "one per example, shape \\(4,\\)"),
    (1.0, TypeError, "j must be an output index"),
    (True, TypeError, "j must be an output index"),
])
def test_output_gradient_rejects_bad_output_index(j, error, match):
    net, X, _ = make([3, 4, 3], "sigmoid", "sigmoid", "quadratic", m=4, seed=0)
    with pytest.raises(error, match=match):
        output_gradient(net, X, j)


def test_input_gradient_rejects_inputs_of_the_wrong_shape():
    net, X, Y = make([3, 4, 2], "sigmoid", "sigmoid", "quadratic", m=4, seed=0)
    with pytest.raises(ValueError, match="X must have 3 rows"):
        input_gradient(net, X[:2], Y)
    with pytest.raises(ValueError, match="Y must have 2 rows"):
        input_gradient(net, X, Y[:1])
    with pytest.raises(ValueError, match="examples are columns"):
        output_gradient(net, X[:, 0], 0)

"""Tests of bpcode.diagnostics: saturation counts and per-layer gradient norms."""

import numpy as np
import pytest
from conftest import two_class_problem

from bpcode.diagnostics import (
    gradient_norms_during_training,
    layer_gradient_norms,
    saturated_fraction,
)
from bpcode.network import Network
from bpcode.training import sgd


def test_saturated_fraction_counts_entries_far_from_zero():
    # σ′(z) < 0.01 · 1/4 exactly when |z| > about 5.9.
    z = np.array([[0.0, 1.0, -2.5, 5.0], [6.5, -7.0, 20.0, -100.0]])
    assert saturated_fraction(z, "sigmoid") == pytest.approx(0.5)
    assert saturated_fraction(z, "tanh") == pytest.approx(
        5 / 8
    )  # tanh′ < 0.01 for |z| > about 3
    assert saturated_fraction(z, "relu") == pytest.approx(4 / 8)  # z ≤ 0 has ReLU′ = 0
    assert saturated_fraction(z, "identity") == 0.0


def test_saturated_fraction_rejects_softmax_and_bad_input():
    with pytest.raises(ValueError, match="elementwise"):
        saturated_fraction(np.zeros(3), "softmax")
    with pytest.raises(ValueError, match="unknown activation"):
        saturated_fraction(np.zeros(3), "sigmoidal")
    with pytest.raises(ValueError, match="empty"):
        saturated_fraction(np.zeros(0))
    with pytest.raises(ValueError, match="threshold"):
        saturated_fraction(np.zeros(3), threshold=-1.0)


@pytest.mark.parametrize("sizes", [[3, 2], [3, 4, 2], [3, 5, 4, 4, 2]])
def test_layer_gradient_norms_are_the_norms_of_the_backprop_gradient(sizes):
    X, Y = two_class_problem(n_in=3)
    net = Network(sizes, np.random.default_rng(1), cost="cross_entropy")
    bias_norms, weight_norms = layer_gradient_norms(net, X, Y)
    nabla_b, nabla_w = net.backprop(X, Y)
    assert bias_norms.shape == weight_norms.shape == (len(sizes) - 1,)
    for i in range(len(sizes) - 1):
        assert bias_norms[i] == pytest.approx(
            np.sqrt(np.sum(nabla_b[i] ** 2)), rel=1e-12
        )
        assert weight_norms[i] == pytest.approx(
            np.sqrt(np.sum(nabla_w[i] ** 2)), rel=1e-12
        )


def test_layer_gradient_norms_agree_with_finite_differences_of_the_cost():
    X, Y = two_class_problem(n=8, n_in=3)
    net = Network(
        [3, 4, 2],
        np.random.default_rng(2),
        activation="tanh",
        output_activation="sigmoid",
        cost="cross_entropy",
    )
    eps = 1e-6
    for i, b in enumerate(net.biases):
        grad = np.zeros_like(b)
        for j in range(b.shape[0]):
            saved = b[j, 0]
            b[j, 0] = saved + eps
            up = net.cost(X, Y)
            b[j, 0] = saved - eps
            down = net.cost(X, Y)
            b[j, 0] = saved
            grad[j, 0] = (up - down) / (2 * eps)
        assert layer_gradient_norms(net, X, Y)[0][i] == pytest.approx(
            np.linalg.norm(grad), rel=1e-6
        )


def test_layer_gradient_norms_rejects_a_non_network():
    X, Y = two_class_problem(n_in=3)
    with pytest.raises(TypeError, match="Network"):
        layer_gradient_norms("net", X, Y)
    with pytest.raises(ValueError, match="rows"):
        layer_gradient_norms(Network([2, 2], np.random.default_rng(0)), X, Y)


def test_training_epoch_by_epoch_equals_one_sgd_call():
    X, Y = two_class_problem(n_in=3)
    a = Network([3, 4, 2], np.random.default_rng(3), cost="cross_entropy")
    b = a.copy()
    norms = gradient_norms_during_training(a, (X, Y), epochs=4, batch_size=5, eta=0.5,
                                           rng=np.random.default_rng(4))
    sgd(b, (X, Y), epochs=4, batch_size=5, eta=0.5, rng=np.random.default_rng(4))
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(p, q)
    assert norms.shape == (5, 2)
    np.testing.assert_allclose(norms[-1], layer_gradient_norms(b, X, Y)[0], rtol=1e-14)


def test_gradient_norms_during_training_measures_on_the_given_data():
    X, Y = two_class_problem(n_in=3)
    net = Network([3, 4, 2], np.random.default_rng(3))
    first = net.copy()
    norms = gradient_norms_during_training(
        net,
        (X, Y),
        epochs=1,
        batch_size=5,
        eta=0.5,
        rng=np.random.default_rng(4),
        measure_data=(X[:, :7], Y[:, :7]),
    )
    np.testing.assert_allclose(
        norms[0], layer_gradient_norms(first, X[:, :7], Y[:, :7])[0], rtol=1e-14
    )
    with pytest.raises(TypeError, match="measure_data"):
        gradient_norms_during_training(
            net, (X, Y), 1, 5, 0.5, np.random.default_rng(4), measure_data=X
        )
    with pytest.raises(ValueError, match="epochs"):
        gradient_norms_during_training(net, (X, Y), 0, 5, 0.5, np.random.default_rng(4))
